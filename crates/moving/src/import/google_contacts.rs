//! Google Contacts' CSV export → an `ImportBatch`, in both of Google's layouts: the current
//! one ("First Name, Middle Name, Last Name, …, E-mail 1 - Value, …, Labels") and the
//! legacy one ("Name, Given Name, …, Group Membership, E-mail 1 - Value, …"). A cell may
//! hold several values separated by ` ::: `. Labels become tags, except Google's own
//! (`* myContacts`, `* starred`). People are matched by address; a contact without one is
//! keyed by what it says, so importing it again finds it — and a namesake does not. A
//! contact with only an organization's name is that organization; two contacts sharing an
//! address are one person (`fold`). Every column nothing reads is listed.

use super::table::{NO_FIELD, Problem, Row, Table};
use kith_domain::import::{ImportBatch, ImportOrganization, ImportPerson, Origin, Place};
use kith_domain::model::{EmailAddress, EmailKind};
use kith_domain::text::name_key;
use kith_domain::text::split_full_name;

/// The result of reading a contacts file.
#[derive(Debug, Default)]
pub struct GoogleContactsImport {
    pub batch: ImportBatch,
    pub problems: Vec<Problem>,
    /// The columns nothing reads, each on the header row.
    pub unread: Vec<Problem>,
}

/// Splits a cell Google joined with ` ::: `.
fn values(cell: &str) -> Vec<String> {
    cell.split(":::")
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The first of these columns the file has.
fn first_column(table: &Table, names: &[&str]) -> Option<usize> {
    names.iter().find_map(|name| table.column(name))
}

/// Where a file keeps what is read: each column, when it has it; every "E-mail N - Value"
/// with its header and its "- Label" (or legacy "- Type"); every "Phone N - Value" with
/// its label.
struct Columns {
    given: Option<usize>,
    middle: Option<usize>,
    family: Option<usize>,
    full: Option<usize>,
    nickname: Option<usize>,
    organization: Option<usize>,
    title: Option<usize>,
    notes: Option<usize>,
    labels: Option<usize>,
    birthday: Option<usize>,
    emails: Vec<(usize, String, Option<usize>)>,
    phones: Vec<(usize, Option<usize>)>,
}

impl Columns {
    fn of(table: &Table) -> Columns {
        Columns {
            given: first_column(table, &["First Name", "Given Name"]),
            middle: first_column(table, &["Middle Name", "Additional Name"]),
            family: first_column(table, &["Last Name", "Family Name"]),
            full: first_column(table, &["Name", "File As"]),
            nickname: first_column(table, &["Nickname"]),
            organization: first_column(table, &["Organization Name", "Organization 1 - Name"]),
            title: first_column(table, &["Organization Title", "Organization 1 - Title"]),
            notes: first_column(table, &["Notes"]),
            labels: first_column(table, &["Labels", "Group Membership"]),
            birthday: first_column(table, &["Birthday"]),
            emails: numbered_columns(table, "E-mail ")
                .map(|(index, header, kind)| (index, header.to_owned(), kind))
                .collect(),
            phones: numbered_columns(table, "Phone ")
                .map(|(index, _, kind)| (index, kind))
                .collect(),
        }
    }

    /// Every column read; every other one (a `Website 1 - Value`, an address, a custom
    /// field) is listed.
    fn read(&self) -> Vec<usize> {
        [
            self.given,
            self.middle,
            self.family,
            self.full,
            self.nickname,
            self.organization,
            self.title,
            self.notes,
            self.labels,
            self.birthday,
        ]
        .into_iter()
        .chain(
            self.emails
                .iter()
                .flat_map(|(value, _, kind)| [Some(*value), *kind]),
        )
        .chain(
            self.phones
                .iter()
                .flat_map(|(value, kind)| [Some(*value), *kind]),
        )
        .flatten()
        .collect()
    }
}

/// "`prefix`N - Value" columns, each with its header and its "- Label" (or legacy
/// "- Type") column.
fn numbered_columns<'a>(
    table: &'a Table,
    prefix: &'a str,
) -> impl Iterator<Item = (usize, &'a str, Option<usize>)> + 'a {
    table
        .headers
        .iter()
        .enumerate()
        .filter_map(move |(index, header)| {
            let number = header.strip_prefix(prefix)?.strip_suffix(" - Value")?;
            let kind = first_column(
                table,
                &[
                    &format!("{prefix}{number} - Label"),
                    &format!("{prefix}{number} - Type"),
                ],
            );
            Some((index, header.as_str(), kind))
        })
}

/// Reads a Google Contacts CSV.
pub fn read(file: &str, bytes: &[u8]) -> GoogleContactsImport {
    let mut result = GoogleContactsImport::default();
    let table = match Table::parse(file, bytes) {
        Ok(mut table) => {
            result.problems.append(&mut table.problems);
            table
        }
        Err(problem) => {
            result.problems.push(problem);
            return result;
        }
    };
    let columns = Columns::of(&table);
    if columns.given.is_none() && columns.family.is_none() && columns.full.is_none() {
        result.problems.push(Problem {
            file: file.to_owned(),
            row: Some(1),
            column: None,
            message: "no name columns: expected Google Contacts' \"First Name\" and \"Last Name\" (or the legacy \"Given Name\" and \"Family Name\")".into(),
        });
        return result;
    }
    result.unread = table.unread_columns(&columns.read(), |_| NO_FIELD.to_owned());
    let contacts = Contacts {
        file,
        table: &table,
        columns: &columns,
    };
    for row in &table.rows {
        let emails = contacts.emails(row, &mut result.problems);
        if let Some(organization) = contacts.organization_only(row, &emails, &mut result.problems) {
            result.batch.organizations.push(organization);
            continue;
        }
        if let Some(person) = contacts.person(row, emails, &mut result.problems) {
            result.batch.people.push(person);
        }
    }
    // Two contacts of one person (one address) are that person once.
    let folded = super::fold::fold_batch(&mut result.batch);
    result.problems.extend(folded);
    result
}

/// An address of a contact: the address, its kind, whether it is the primary one.
type Email = (EmailAddress, EmailKind, bool);

/// A file's rows with where their columns are, read one contact at a time.
struct Contacts<'a> {
    file: &'a str,
    table: &'a Table,
    columns: &'a Columns,
}

impl Contacts<'_> {
    fn cell<'r>(&self, row: &'r Row, column: Option<usize>) -> &'r str {
        self.table.cell(row, column)
    }

    /// The row's labels as tags, except Google's own (`* myContacts`, `* starred`).
    fn tags(&self, row: &Row) -> Vec<String> {
        values(self.cell(row, self.columns.labels))
            .into_iter()
            .filter(|label| !label.starts_with("* "))
            .collect()
    }

    /// The row's addresses, each once, with its kind; the first of a label with `*` is
    /// the primary one. An address that is none is a problem.
    fn emails(&self, row: &Row, problems: &mut Vec<Problem>) -> Vec<Email> {
        let mut emails: Vec<Email> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (column, header, kind_column) in &self.columns.emails {
            let kind_text = self.cell(row, *kind_column).to_lowercase();
            let kind = if kind_text.contains("work") {
                EmailKind::Work
            } else if kind_text.contains("home") || kind_text.contains("personal") {
                EmailKind::Personal
            } else {
                EmailKind::Other
            };
            for value in values(self.cell(row, Some(*column))) {
                match EmailAddress::parse(&value) {
                    Ok(address) if seen.insert(address.clone()) => {
                        let primary = emails.is_empty() && kind_text.contains('*');
                        emails.push((address, kind, primary));
                    }
                    Ok(_) => {}
                    Err(error) => problems.push(self.table.problem(row, header, error.to_string())),
                }
            }
        }
        emails
    }

    /// Only an organization (no First or Last Name, and no Name but its own): that
    /// organization, never a person named after its address.
    fn organization_only(
        &self,
        row: &Row,
        emails: &[Email],
        problems: &mut Vec<Problem>,
    ) -> Option<ImportOrganization> {
        let columns = self.columns;
        let name = values(self.cell(row, columns.organization))
            .into_iter()
            .next()?;
        let column = columns.organization?;
        let full = self.cell(row, columns.full);
        if !(self.cell(row, columns.given).is_empty()
            && self.cell(row, columns.family).is_empty()
            && (full.is_empty() || name_key(full) == name_key(&name)))
        {
            return None;
        }
        let phones: Vec<String> = columns
            .phones
            .iter()
            .flat_map(|(column, _)| values(self.cell(row, Some(*column))))
            .collect();
        let addresses: Vec<EmailAddress> = emails.iter().map(|(a, _, _)| a.clone()).collect();
        let contact = super::OrganizationContact {
            name,
            notes: self.cell(row, columns.notes).to_owned(),
            tags: self.tags(row),
            emails: &addresses,
            phones: &phones,
        };
        let (organization, left_out) = contact.organization();
        if let Some(message) = left_out {
            problems.push(
                self.table
                    .problem(row, &self.table.headers[column], message),
            );
        }
        Some(organization)
    }

    /// The row's given and family names: First (and Middle) and Last Name, else its Name
    /// split, else its first address's local part; none of them is a problem, and no person.
    fn names(
        &self,
        row: &Row,
        emails: &[Email],
        problems: &mut Vec<Problem>,
    ) -> Option<(String, String)> {
        let columns = self.columns;
        let mut given_name = self.cell(row, columns.given).to_owned();
        let other = self.cell(row, columns.middle);
        if !other.is_empty() && !given_name.is_empty() {
            given_name = format!("{given_name} {other}");
        }
        let mut family_name = self.cell(row, columns.family).to_owned();
        if given_name.is_empty() && family_name.is_empty() {
            (given_name, family_name) = split_full_name(self.cell(row, columns.full));
        }
        if given_name.is_empty() && family_name.is_empty() {
            match emails.first() {
                Some((address, _, _)) => {
                    (given_name, family_name) = split_full_name(&kith_domain::text::title_case(
                        &address.local_part().replace(['.', '_', '-'], " "),
                    ));
                }
                None => {
                    problems.push(self.table.problem(
                        row,
                        "First Name",
                        "a contact with no name and no address was skipped",
                    ));
                    return None;
                }
            }
        }
        Some((given_name, family_name))
    }

    /// The row's notes, its nickname a line of them.
    fn notes(&self, row: &Row) -> String {
        let nick = self.cell(row, self.columns.nickname);
        let mut note = self.cell(row, self.columns.notes).to_owned();
        if !nick.is_empty() {
            note = if note.is_empty() {
                format!("Nickname: {nick}")
            } else {
                format!("{note}\nNickname: {nick}")
            };
        }
        note
    }

    /// The row's phone numbers, each with its kind.
    fn phones(&self, row: &Row) -> Vec<(String, String)> {
        let mut phones = Vec::new();
        for (column, kind_column) in &self.columns.phones {
            let label = self.cell(row, *kind_column).to_lowercase();
            let kind = if label.contains("mobile") || label.contains("cell") {
                "mobile"
            } else if label.contains("work") {
                "work"
            } else if label.contains("home") {
                "home"
            } else {
                "other"
            };
            for number in values(self.cell(row, Some(*column))) {
                phones.push((number, kind.to_owned()));
            }
        }
        phones
    }

    /// The row's birthday as kith stores it; one that is none is a problem.
    fn birthday(&self, row: &Row, problems: &mut Vec<Problem>) -> Option<String> {
        let birthday_text = self.cell(row, self.columns.birthday);
        if birthday_text.is_empty() {
            return None;
        }
        match kith_domain::contact::Birthday::parse(birthday_text) {
            Ok(birthday) => Some(birthday.stored()),
            Err(error) => {
                problems.push(self.table.problem(row, "Birthday", error.to_string()));
                None
            }
        }
    }

    /// The row as a person, or none (a problem) when it has neither a name nor an address.
    fn person(
        &self,
        row: &Row,
        emails: Vec<Email>,
        problems: &mut Vec<Problem>,
    ) -> Option<ImportPerson> {
        let (given_name, family_name) = self.names(row, &emails, problems)?;
        let tags = self.tags(row);
        let note = self.notes(row);
        let organization = values(self.cell(row, self.columns.organization))
            .into_iter()
            .next();
        let title = values(self.cell(row, self.columns.title))
            .into_iter()
            .next();
        let key = match emails.first() {
            Some((address, _, _)) => format!("google:mailto:{address}"),
            None => {
                let content =
                    format!("{given_name}\u{1f}{family_name}\u{1f}{organization:?}\u{1f}{note}");
                let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
                for byte in content.bytes() {
                    hash ^= u64::from(byte);
                    hash = hash.wrapping_mul(0x0100_0000_01b3);
                }
                format!("google:contact:{hash:016x}")
            }
        };
        let phones = self.phones(row);
        let birthday = self.birthday(row, problems);
        Some(ImportPerson {
            key,
            phones,
            birthday,
            given_name,
            family_name,
            notes: note,
            tags,
            emails,
            employment: organization
                .map(|o| vec![(o, title, true)])
                .unwrap_or_default(),
            origin: Some(Origin {
                file: self.file.to_owned(),
                place: Place::Row(row.number),
            }),
            ..ImportPerson::default()
        })
    }
}
