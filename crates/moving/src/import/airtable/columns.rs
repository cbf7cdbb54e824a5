//! The columns of an input file that kith does not read, each listed (never dropped
//! without a word) with the mapping line that would read it when one would: a People
//! `Email` column is read by `emails = "Email"` under `[people]`. Pure.

use std::collections::BTreeMap;

use super::super::table::{NO_FIELD, Problem, Table};
use super::Mapping;

/// Other names a field's column goes by, beside its key and its default name.
const SYNONYMS: &[(&str, &str, &[&str])] = &[
    ("people", "name", &["full name"]),
    ("people", "first_name", &["given name", "first"]),
    ("people", "last_name", &["family name", "surname", "last"]),
    (
        "people",
        "emails",
        &["email", "e-mail", "email address", "mail"],
    ),
    (
        "people",
        "company",
        &[
            "organization",
            "organisation",
            "org",
            "employer",
            "companies",
        ],
    ),
    ("people", "title", &["job title", "position", "role"]),
    (
        "people",
        "phones",
        &["phone", "phone number", "mobile", "telephone", "tel"],
    ),
    (
        "people",
        "birthday",
        &["birth date", "date of birth", "dob"],
    ),
    ("people", "notes", &["note", "comments"]),
    ("people", "tags", &["tag", "labels"]),
    ("people", "closeness", &["tier", "circle"]),
    ("people", "introduced_by", &["introducer", "referred by"]),
    ("people", "linkedin", &["linkedin url", "linkedin profile"]),
    ("people", "location", &["city"]),
    ("interactions", "title", &["title", "subject", "summary"]),
    ("interactions", "date", &["when", "day"]),
    ("interactions", "kind", &["kind", "interaction type"]),
    ("interactions", "people", &["person", "who", "contacts"]),
    ("interactions", "notes", &["note"]),
    ("organizations", "name", &["organization", "company"]),
    ("organizations", "domains", &["domain", "website"]),
    ("organizations", "notes", &["note"]),
    ("emails", "email", &["address", "email address"]),
    ("emails", "person", &["people", "owner", "contact"]),
];

/// Letters and digits only, lower case, without a plural `s`: `E-mails` → `email`.
fn folded(text: &str) -> String {
    let mut key: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if key.len() > 3 && key.ends_with('s') {
        key.pop();
    }
    key
}

/// Each field of a mapping section and the column it reads (`emails` → `Emails`).
pub(super) fn fields(mapping: &Mapping, section: &str) -> BTreeMap<String, String> {
    let value = match section {
        "people" => serde_json::to_value(&mapping.people),
        "interactions" => serde_json::to_value(&mapping.interactions),
        "organizations" => serde_json::to_value(&mapping.organizations),
        "emails" => serde_json::to_value(&mapping.emails),
        _ => serde_json::to_value(&mapping.ignore_rules),
    };
    value
        .ok()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}

/// The mapping line (and its section) that would read `header`: a field whose own column the file lacks,
/// named like it.
fn suggestion(table: &Table, section: &str, header: &str, mapping: &Mapping) -> Option<String> {
    let wanted = folded(header);
    let defaults = fields(&Mapping::default(), section);
    fields(mapping, section)
        .into_iter()
        .filter(|(_, column)| table.column(column).is_none())
        .find(|(key, column)| {
            let synonyms = SYNONYMS
                .iter()
                .filter(|(s, k, _)| *s == section && k == key)
                .flat_map(|(_, _, names)| names.iter().copied());
            [key.as_str(), column.as_str()]
                .into_iter()
                .chain(defaults.get(key).map(String::as_str))
                .chain(synonyms)
                .any(|name| folded(name) == wanted)
        })
        .map(|(key, _)| format!("`{key} = {header:?}` under `[{section}]`"))
}

/// Every column of `table` that no field of `section` reads (nor `also_read`), as a
/// problem on the header row naming the column and, where one would, the mapping line.
pub(super) fn unread(
    table: &Table,
    section: &str,
    mapping: &Mapping,
    also_read: &[usize],
) -> Vec<Problem> {
    let read: Vec<usize> = fields(mapping, section)
        .values()
        .filter_map(|column| table.column(column))
        .chain(also_read.iter().copied())
        .collect();
    table.unread_columns(&read, |header| {
        match suggestion(table, section, header, mapping) {
            Some(line) => format!("{line} in the mapping file would read it"),
            None => NO_FIELD.to_owned(),
        }
    })
}

/// Every field the mapping file names a column for (one it changed from the default)
/// that `table` does not have: a problem on the header row, so a misspelt column never
/// reads as an empty one.
pub(super) fn missing(table: &Table, section: &str, mapping: &Mapping) -> Vec<Problem> {
    let defaults = fields(&Mapping::default(), section);
    fields(mapping, section)
        .into_iter()
        .filter(|(key, column)| defaults.get(key) != Some(column) && table.column(column).is_none())
        .map(|(key, column)| Problem {
            file: table.file.clone(),
            row: Some(1),
            column: Some(column.clone()),
            message: format!(
                "the mapping's `{key} = {column:?}` under `[{section}]` names a column this file does not have, so nothing was read for it"
            ),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_named_like_a_field_is_offered_that_field() {
        let table = Table::parse(
            "People.csv",
            b"Name,Email,Organization,Phone,Emails2,Last Meeting\nAna,a@b.io,Acme,1,,x\n",
        )
        .unwrap();
        let unread: Vec<String> = unread(&table, "people", &Mapping::default(), &[])
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            unread,
            [
                "People.csv row 1, column \"Email\": not read (its values were left out): `emails = \"Email\"` under `[people]` in the mapping file would read it",
                "People.csv row 1, column \"Organization\": not read (its values were left out): `company = \"Organization\"` under `[people]` in the mapping file would read it",
                "People.csv row 1, column \"Phone\": not read (its values were left out): `phones = \"Phone\"` under `[people]` in the mapping file would read it",
                "People.csv row 1, column \"Emails2\": not read (it is empty): no field of kith's reads it",
                "People.csv row 1, column \"Last Meeting\": not read (its values were left out): no field of kith's reads it",
            ]
        );
    }

    #[test]
    fn a_file_stopped_before_its_rows_called_its_columns_empty() {
        let table = Table::parse(
            "People.csv",
            b"Name,Email\nAna,\"never closed\nBo,bo@b.io\n",
        )
        .unwrap();
        assert!(table.rows.is_empty(), "{:?}", table.rows);
        let unread: Vec<String> = unread(&table, "people", &Mapping::default(), &[])
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            unread,
            [
                "People.csv row 1, column \"Email\": not read: `emails = \"Email\"` under `[people]` in the mapping file would read it"
            ]
        );
    }
}
