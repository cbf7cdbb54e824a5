//! Google Contacts' CSV export → an `ImportBatch`, in both of Google's layouts: the current
//! one ("First Name, Middle Name, Last Name, …, E-mail 1 - Value, …, Labels") and the
//! legacy one ("Name, Given Name, …, Group Membership, E-mail 1 - Value, …"). A cell may
//! hold several values separated by ` ::: `. Labels become tags, except Google's own
//! (`* myContacts`, `* starred`). People are matched by address; a contact without one is
//! keyed by what it says, so importing it again finds it — and a namesake does not. A
//! contact with only an organization's name is that organization; two contacts sharing an
//! address are one person (`fold`). Every column nothing reads is listed.

use super::table::{NO_FIELD, Problem, Table};
use kith_domain::import::{ImportBatch, ImportPerson, Origin, Place};
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
    let given = first_column(&table, &["First Name", "Given Name"]);
    let middle = first_column(&table, &["Middle Name", "Additional Name"]);
    let family = first_column(&table, &["Last Name", "Family Name"]);
    let full = first_column(&table, &["Name", "File As"]);
    let nickname = first_column(&table, &["Nickname"]);
    let organization = first_column(&table, &["Organization Name", "Organization 1 - Name"]);
    let title = first_column(&table, &["Organization Title", "Organization 1 - Title"]);
    let notes = first_column(&table, &["Notes"]);
    let labels = first_column(&table, &["Labels", "Group Membership"]);
    if given.is_none() && family.is_none() && full.is_none() {
        result.problems.push(Problem {
            file: file.to_owned(),
            row: Some(1),
            column: None,
            message: "no name columns: expected Google Contacts' \"First Name\" and \"Last Name\" (or the legacy \"Given Name\" and \"Family Name\")".into(),
        });
        return result;
    }
    // "E-mail 1 - Value", "E-mail 2 - Value", … with their "- Label" (or legacy "- Type").
    let email_columns: Vec<(usize, String, Option<usize>)> = table
        .headers
        .iter()
        .enumerate()
        .filter_map(|(index, header)| {
            let number = header.strip_prefix("E-mail ")?.strip_suffix(" - Value")?;
            let kind = first_column(
                &table,
                &[
                    &format!("E-mail {number} - Label"),
                    &format!("E-mail {number} - Type"),
                ],
            );
            Some((index, header.clone(), kind))
        })
        .collect();
    let phone_columns: Vec<(usize, Option<usize>)> = table
        .headers
        .iter()
        .enumerate()
        .filter_map(|(index, header)| {
            let number = header.strip_prefix("Phone ")?.strip_suffix(" - Value")?;
            let kind = first_column(
                &table,
                &[
                    &format!("Phone {number} - Label"),
                    &format!("Phone {number} - Type"),
                ],
            );
            Some((index, kind))
        })
        .collect();
    let birthday_column = first_column(&table, &["Birthday"]);
    // Every other column (a `Website 1 - Value`, an address, a custom field) is listed.
    let read: Vec<usize> = [
        given,
        middle,
        family,
        full,
        nickname,
        organization,
        title,
        notes,
        labels,
        birthday_column,
    ]
    .into_iter()
    .chain(
        email_columns
            .iter()
            .flat_map(|(value, _, kind)| [Some(*value), *kind]),
    )
    .chain(
        phone_columns
            .iter()
            .flat_map(|(value, kind)| [Some(*value), *kind]),
    )
    .flatten()
    .collect();
    result.unread = table.unread_columns(&read, |_| NO_FIELD.to_owned());
    for row in &table.rows {
        let mut given_name = table.cell(row, given).to_owned();
        let other = table.cell(row, middle);
        if !other.is_empty() && !given_name.is_empty() {
            given_name = format!("{given_name} {other}");
        }
        let mut family_name = table.cell(row, family).to_owned();
        if given_name.is_empty() && family_name.is_empty() {
            (given_name, family_name) = split_full_name(table.cell(row, full));
        }
        let mut emails: Vec<(EmailAddress, EmailKind, bool)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (column, header, kind_column) in &email_columns {
            let kind_text = table.cell(row, *kind_column).to_lowercase();
            let kind = if kind_text.contains("work") {
                EmailKind::Work
            } else if kind_text.contains("home") || kind_text.contains("personal") {
                EmailKind::Personal
            } else {
                EmailKind::Other
            };
            for value in values(table.cell(row, Some(*column))) {
                match EmailAddress::parse(&value) {
                    Ok(address) if seen.insert(address.clone()) => {
                        let primary = emails.is_empty() && kind_text.contains('*');
                        emails.push((address, kind, primary));
                    }
                    Ok(_) => {}
                    Err(error) => {
                        result
                            .problems
                            .push(table.problem(row, header, error.to_string()))
                    }
                }
            }
        }
        // Only an organization (no First or Last Name, and no Name but its own): that
        // organization, never a person named after its address.
        let organization_name = values(table.cell(row, organization)).into_iter().next();
        if let (Some(name), Some(column)) = (organization_name, organization)
            && (table.cell(row, given).is_empty()
                && table.cell(row, family).is_empty()
                && (table.cell(row, full).is_empty()
                    || name_key(table.cell(row, full)) == name_key(&name)))
        {
            let phones: Vec<String> = phone_columns
                .iter()
                .flat_map(|(column, _)| values(table.cell(row, Some(*column))))
                .collect();
            let addresses: Vec<EmailAddress> = emails.iter().map(|(a, _, _)| a.clone()).collect();
            let contact = super::OrganizationContact {
                name,
                notes: table.cell(row, notes).to_owned(),
                tags: values(table.cell(row, labels))
                    .into_iter()
                    .filter(|label| !label.starts_with("* "))
                    .collect(),
                emails: &addresses,
                phones: &phones,
            };
            let (organization, left_out) = contact.organization();
            if let Some(message) = left_out {
                result
                    .problems
                    .push(table.problem(row, &table.headers[column], message));
            }
            result.batch.organizations.push(organization);
            continue;
        }
        if given_name.is_empty() && family_name.is_empty() {
            match emails.first() {
                Some((address, _, _)) => {
                    (given_name, family_name) = split_full_name(&kith_domain::text::title_case(
                        &address.local_part().replace(['.', '_', '-'], " "),
                    ));
                }
                None => {
                    result.problems.push(table.problem(
                        row,
                        "First Name",
                        "a contact with no name and no address was skipped",
                    ));
                    continue;
                }
            }
        }
        let tags: Vec<String> = values(table.cell(row, labels))
            .into_iter()
            .filter(|label| !label.starts_with("* "))
            .collect();
        let nick = table.cell(row, nickname);
        let mut note = table.cell(row, notes).to_owned();
        if !nick.is_empty() {
            note = if note.is_empty() {
                format!("Nickname: {nick}")
            } else {
                format!("{note}\nNickname: {nick}")
            };
        }
        let organization = values(table.cell(row, organization)).into_iter().next();
        let title = values(table.cell(row, title)).into_iter().next();
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
        let mut phones = Vec::new();
        for (column, kind_column) in &phone_columns {
            let label = table.cell(row, *kind_column).to_lowercase();
            let kind = if label.contains("mobile") || label.contains("cell") {
                "mobile"
            } else if label.contains("work") {
                "work"
            } else if label.contains("home") {
                "home"
            } else {
                "other"
            };
            for number in values(table.cell(row, Some(*column))) {
                phones.push((number, kind.to_owned()));
            }
        }
        let birthday_text = table.cell(row, birthday_column);
        let birthday = if birthday_text.is_empty() {
            None
        } else {
            match kith_domain::contact::Birthday::parse(birthday_text) {
                Ok(birthday) => Some(birthday.stored()),
                Err(error) => {
                    result
                        .problems
                        .push(table.problem(row, "Birthday", error.to_string()));
                    None
                }
            }
        };
        result.batch.people.push(ImportPerson {
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
                file: file.to_owned(),
                place: Place::Row(row.number),
            }),
            ..ImportPerson::default()
        });
    }
    // Two contacts of one person (one address) are that person once.
    let folded = super::fold::fold_batch(&mut result.batch);
    result.problems.extend(folded);
    result
}
