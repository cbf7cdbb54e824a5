//! LinkedIn's `Connections.csv` ("Get a copy of your data") → an `ImportBatch`. The file
//! may start with "Notes:" lines before its header, has a BOM, quoted commas, mostly
//! empty addresses and dates like `12 Mar 2024`. People are keyed by their profile URL
//! and matched by address, then by that URL — never by name (a namesake is a new person,
//! offered by /dupes). A connection's company and position are where they work now; the
//! day they connected is a line added to their notes once. Two connections with one
//! address are one person (`fold`). Every column nothing reads is listed.

use super::table::{NO_FIELD, Problem, Row, Table};
use kith_domain::import::{ImportBatch, ImportPerson, Origin, Place};
use kith_domain::model::{EmailAddress, EmailKind};
use kith_domain::text::split_full_name;

/// The result of reading a connections file.
#[derive(Debug, Default)]
pub struct LinkedinImport {
    pub batch: ImportBatch,
    pub problems: Vec<Problem>,
    /// The columns nothing reads, each on the header row.
    pub unread: Vec<Problem>,
}

const HEADER_START: &str = "First Name,";

/// `https://www.linkedin.com/in/Jane-Doe/` → `https://www.linkedin.com/in/jane-doe`.
pub fn profile_url(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/');
    let rest = text
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    let lower = rest.to_lowercase();
    let path = lower.strip_prefix("linkedin.com/")?;
    (!path.is_empty() && !path.contains(char::is_whitespace))
        .then(|| format!("https://www.linkedin.com/{path}"))
}

/// The connections table of a file, and how many lines of LinkedIn's notes come before
/// its header; none (a problem) when there is no header or the table cannot be read.
fn connections_table(
    file: &str,
    bytes: &[u8],
    problems: &mut Vec<Problem>,
) -> Option<(Table, usize)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    // Everything before the header line is LinkedIn's notes about the export.
    let Some(start) = text
        .match_indices(HEADER_START)
        .map(|(at, _)| at)
        .find(|at| *at == 0 || text[..*at].ends_with('\n'))
    else {
        problems.push(Problem {
            file: file.to_owned(),
            row: None,
            column: None,
            message: "no header line starting \"First Name,\": is this LinkedIn's Connections.csv?"
                .into(),
        });
        return None;
    };
    let skipped_lines = text[..start].lines().count();
    match Table::parse(file, text[start..].as_bytes()) {
        Ok(mut table) => {
            // Rows count from the file's first line, notes before the header included.
            for mut problem in table.problems.drain(..) {
                problem.row = problem.row.map(|row| row + skipped_lines);
                problems.push(problem);
            }
            Some((table, skipped_lines))
        }
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

/// Where the file keeps each column read, when it has it.
struct Columns {
    first: Option<usize>,
    last: Option<usize>,
    url: Option<usize>,
    email: Option<usize>,
    company: Option<usize>,
    position: Option<usize>,
    connected: Option<usize>,
}

impl Columns {
    fn of(table: &Table) -> Columns {
        let column = |name: &str| table.column(name);
        Columns {
            first: column("First Name"),
            last: column("Last Name"),
            url: column("URL"),
            email: column("Email Address"),
            company: column("Company"),
            position: column("Position"),
            connected: column("Connected On"),
        }
    }

    fn read(&self) -> Vec<usize> {
        [
            self.first,
            self.last,
            self.url,
            self.email,
            self.company,
            self.position,
            self.connected,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// The table's rows with where their columns are, read one connection at a time.
struct Connections<'a> {
    file: &'a str,
    table: &'a Table,
    columns: Columns,
    /// Lines of notes before the header: row numbers as the file shows them count them.
    skipped_lines: usize,
}

/// A connection: the person, and the line their notes get for the day they connected.
struct Connection {
    person: ImportPerson,
    note_line: Option<String>,
}

impl Connections<'_> {
    fn located(&self, row: &Row, column: &str, message: String) -> Problem {
        Problem {
            file: self.file.to_owned(),
            row: Some(row.number + self.skipped_lines),
            column: Some(column.to_owned()),
            message,
        }
    }

    /// The row's address, when it has one that is an address; one that is not is a problem.
    fn emails(
        &self,
        row: &Row,
        problems: &mut Vec<Problem>,
    ) -> Vec<(EmailAddress, EmailKind, bool)> {
        let mut emails = Vec::new();
        let address = self.table.cell(row, self.columns.email);
        if !address.is_empty() {
            match EmailAddress::parse(address) {
                Ok(address) => emails.push((address, EmailKind::Other, false)),
                Err(error) => problems.push(self.located(row, "Email Address", error.to_string())),
            }
        }
        emails
    }

    /// The line "DAY: connected on LinkedIn", when the row says a day; a day that is not
    /// one is a problem.
    fn note_line(&self, row: &Row, problems: &mut Vec<Problem>) -> Option<String> {
        let connected_on = self.table.cell(row, self.columns.connected);
        match super::table::parse_date(connected_on, Some("%d %b %Y"), None) {
            Ok(on) => Some(format!("{on}: connected on LinkedIn")),
            Err(_) if connected_on.is_empty() => None,
            Err(message) => {
                problems.push(self.located(row, "Connected On", message));
                None
            }
        }
    }

    /// The row as a connection; none (a problem) without a name, or without both a
    /// profile URL and an address to match it by again.
    fn connection(&self, row: &Row, problems: &mut Vec<Problem>) -> Option<Connection> {
        let table = self.table;
        let given = table.cell(row, self.columns.first).to_owned();
        let family = table.cell(row, self.columns.last).to_owned();
        let profile = profile_url(table.cell(row, self.columns.url));
        if given.is_empty() && family.is_empty() {
            // LinkedIn leaves out the names of members who hide them.
            problems.push(self.located(
                row,
                "First Name",
                "a connection with no name was skipped".into(),
            ));
            return None;
        }
        let emails = self.emails(row, problems);
        let note_line = self.note_line(row, problems);
        let organization = table.cell(row, self.columns.company);
        let title =
            Some(table.cell(row, self.columns.position).to_owned()).filter(|t| !t.is_empty());
        let key = match (&profile, emails.first()) {
            (Some(url), _) => format!("linkedin:{url}"),
            (None, Some((address, _, _))) => format!("linkedin:mailto:{address}"),
            (None, None) => {
                problems.push(self.located(
                    row,
                    "URL",
                    "a connection with neither a profile URL nor an address cannot be matched again; skipped".into(),
                ));
                return None;
            }
        };
        let (named_given, _) = split_full_name(&format!("{given} {family}"));
        let person = ImportPerson {
            key,
            given_name: if given.is_empty() { named_given } else { given },
            family_name: family,
            linkedin_url: profile,
            emails,
            employment: if organization.is_empty() {
                Vec::new()
            } else {
                vec![(organization.to_owned(), title, true)]
            },
            origin: Some(Origin {
                file: self.file.to_owned(),
                place: Place::Row(row.number + self.skipped_lines),
            }),
            ..ImportPerson::default()
        };
        Some(Connection { person, note_line })
    }
}

/// Reads a `Connections.csv`.
pub fn read(file: &str, bytes: &[u8]) -> LinkedinImport {
    let mut result = LinkedinImport::default();
    let Some((table, skipped_lines)) = connections_table(file, bytes, &mut result.problems) else {
        return result;
    };
    let connections = Connections {
        file,
        table: &table,
        columns: Columns::of(&table),
        skipped_lines,
    };
    // Every other column is listed, on the header's row as the file shows it.
    for mut problem in table.unread_columns(&connections.columns.read(), |_| NO_FIELD.to_owned()) {
        problem.row = problem.row.map(|row| row + skipped_lines);
        result.unread.push(problem);
    }
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for row in &table.rows {
        let Some(Connection { person, note_line }) =
            connections.connection(row, &mut result.problems)
        else {
            continue;
        };
        let key = person.key.clone();
        // A connection listed twice: the later row (LinkedIn lists oldest first) is used.
        if let Some(earlier) = seen.get(&key) {
            result.problems.push(connections.located(
                row,
                "URL",
                format!(
                    "this connection is also row {}; the later row was used",
                    earlier + skipped_lines
                ),
            ));
            if let Some(index) = result.batch.people.iter().position(|p| p.key == key) {
                result.batch.people.remove(index);
            }
            result.batch.note_lines.retain(|(k, _)| *k != key);
        }
        seen.insert(key.clone(), row.number);
        if let Some(line) = note_line {
            result.batch.note_lines.push((key, line));
        }
        result.batch.people.push(person);
    }
    // Two connections with one address (two profiles) are one person.
    let folded = super::fold::fold_batch(&mut result.batch);
    result.problems.extend(folded);
    // The company LinkedIn shows is where they work now: it supersedes kith's.
    result.batch.current_jobs_supersede = true;
    result
}
