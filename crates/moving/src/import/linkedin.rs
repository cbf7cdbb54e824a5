//! LinkedIn's `Connections.csv` ("Get a copy of your data") → an `ImportBatch`. The file
//! may start with "Notes:" lines before its header, has a BOM, quoted commas, mostly
//! empty addresses and dates like `12 Mar 2024`. People are keyed by their profile URL
//! and matched by address, then by that URL — never by name (a namesake is a new person,
//! offered by /dupes). A connection's company and position are where they work now; the
//! day they connected is a line added to their notes once. Two connections with one
//! address are one person (`fold`). Every column nothing reads is listed.

use super::table::{NO_FIELD, Problem, Table};
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

/// Reads a `Connections.csv`.
pub fn read(file: &str, bytes: &[u8]) -> LinkedinImport {
    let mut result = LinkedinImport::default();
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8_lossy(bytes);
    // Everything before the header line is LinkedIn's notes about the export.
    let Some(start) = text
        .match_indices(HEADER_START)
        .map(|(at, _)| at)
        .find(|at| *at == 0 || text[..*at].ends_with('\n'))
    else {
        result.problems.push(Problem {
            file: file.to_owned(),
            row: None,
            column: None,
            message: "no header line starting \"First Name,\": is this LinkedIn's Connections.csv?"
                .into(),
        });
        return result;
    };
    let skipped_lines = text[..start].lines().count();
    let table = match Table::parse(file, text[start..].as_bytes()) {
        Ok(mut table) => {
            // Rows count from the file's first line, notes before the header included.
            for mut problem in table.problems.drain(..) {
                problem.row = problem.row.map(|row| row + skipped_lines);
                result.problems.push(problem);
            }
            table
        }
        Err(problem) => {
            result.problems.push(problem);
            return result;
        }
    };
    let column = |name: &str| table.column(name);
    let (first, last, url, email, company, position, connected) = (
        column("First Name"),
        column("Last Name"),
        column("URL"),
        column("Email Address"),
        column("Company"),
        column("Position"),
        column("Connected On"),
    );
    // Every other column is listed, on the header's row as the file shows it.
    let read: Vec<usize> = [first, last, url, email, company, position, connected]
        .into_iter()
        .flatten()
        .collect();
    for mut problem in table.unread_columns(&read, |_| NO_FIELD.to_owned()) {
        problem.row = problem.row.map(|row| row + skipped_lines);
        result.unread.push(problem);
    }
    // Row numbers as the file shows them: the notes before the header count.
    let located = |row: &super::table::Row, column: &str, message: String| Problem {
        file: file.to_owned(),
        row: Some(row.number + skipped_lines),
        column: Some(column.to_owned()),
        message,
    };
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for row in &table.rows {
        let given = table.cell(row, first).to_owned();
        let family = table.cell(row, last).to_owned();
        let profile = profile_url(table.cell(row, url));
        if given.is_empty() && family.is_empty() {
            // LinkedIn leaves out the names of members who hide them.
            result.problems.push(located(
                row,
                "First Name",
                "a connection with no name was skipped".into(),
            ));
            continue;
        }
        let mut emails = Vec::new();
        let address = table.cell(row, email);
        if !address.is_empty() {
            match EmailAddress::parse(address) {
                Ok(address) => emails.push((address, EmailKind::Other, false)),
                Err(error) => {
                    result
                        .problems
                        .push(located(row, "Email Address", error.to_string()))
                }
            }
        }
        let connected_on = table.cell(row, connected);
        let note_line = match super::table::parse_date(connected_on, Some("%d %b %Y"), None) {
            Ok(on) => Some(format!("{on}: connected on LinkedIn")),
            Err(_) if connected_on.is_empty() => None,
            Err(message) => {
                result.problems.push(located(row, "Connected On", message));
                None
            }
        };
        let organization = table.cell(row, company);
        let title = Some(table.cell(row, position).to_owned()).filter(|t| !t.is_empty());
        let key = match (&profile, emails.first()) {
            (Some(url), _) => format!("linkedin:{url}"),
            (None, Some((address, _, _))) => format!("linkedin:mailto:{address}"),
            (None, None) => {
                result.problems.push(located(
                    row,
                    "URL",
                    "a connection with neither a profile URL nor an address cannot be matched again; skipped".into(),
                ));
                continue;
            }
        };
        // A connection listed twice: the later row (LinkedIn lists oldest first) is used.
        if let Some(earlier) = seen.get(&key) {
            result.problems.push(located(
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
            result.batch.note_lines.push((key.clone(), line));
        }
        let (named_given, _) = split_full_name(&format!("{given} {family}"));
        result.batch.people.push(ImportPerson {
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
                file: file.to_owned(),
                place: Place::Row(row.number + skipped_lines),
            }),
            ..ImportPerson::default()
        });
    }
    // Two connections with one address (two profiles) are one person.
    let folded = super::fold::fold_batch(&mut result.batch);
    result.problems.extend(folded);
    // The company LinkedIn shows is where they work now: it supersedes kith's.
    result.batch.current_jobs_supersede = true;
    result
}
