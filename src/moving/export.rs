//! Never locked in: kith's JSON export turned into the four CSV files of the Airtable
//! layout (re-importable with `kith import airtable` and the mapping written beside them)
//! and into vCard 4.0. Pure: everything is computed from the JSON export.

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::domain::closeness::Closeness;
use crate::domain::model::Tier;
use crate::moving::layout::Mapping;

/// One table of an export as rows of column → value.
fn rows(export: &Value, table: &str) -> Vec<Map<String, Value>> {
    let data = &export["tables"][table];
    let columns: Vec<&str> = data["columns"]
        .as_array()
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    data["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .filter_map(Value::as_array)
                .map(|values| {
                    columns
                        .iter()
                        .zip(values)
                        .map(|(c, v)| ((*c).to_owned(), v.clone()))
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn text(row: &Map<String, Value>, column: &str) -> String {
    match row.get(column) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn number(row: &Map<String, Value>, column: &str) -> Option<i64> {
    row.get(column).and_then(Value::as_i64)
}

/// Joins items the way Airtable does: commas, with an item holding a comma or a quote
/// quoted again inside the cell.
pub fn join_multi(items: &[String]) -> String {
    items
        .iter()
        .map(|item| {
            if item.contains(',') || item.contains('"') {
                format!("\"{}\"", item.replace('"', "\"\""))
            } else {
                item.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn shown_name(person: &Map<String, Value>) -> String {
    let display = text(person, "display_name");
    if !display.trim().is_empty() {
        return display;
    }
    format!(
        "{} {}",
        text(person, "given_name"),
        text(person, "family_name")
    )
    .trim()
    .to_owned()
}

fn write_csv(headers: &[&String], rows: Vec<Vec<String>>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(headers).expect("writing to memory");
    for row in rows {
        writer.write_record(row).expect("writing to memory");
    }
    // A BOM, as Airtable writes it, so spreadsheets read UTF-8.
    let body = String::from_utf8(writer.into_inner().expect("writing to memory"))
        .expect("CSV of text is text");
    format!("\u{feff}{body}")
}

/// The four CSV files (name, content) of an export.
pub fn airtable_csv(export: &Value, closeness: &Closeness) -> Vec<(String, String)> {
    let columns = Mapping::default();
    let people = rows(export, "people");
    let organizations = rows(export, "organizations");
    let emails = rows(export, "emails");
    let tags = rows(export, "tags");
    let names: HashMap<i64, String> = people
        .iter()
        .filter_map(|p| Some((number(p, "id")?, shown_name(p))))
        .collect();
    let organization_names: HashMap<i64, String> = organizations
        .iter()
        .filter_map(|o| Some((number(o, "id")?, text(o, "name"))))
        .collect();
    let tag_names: HashMap<i64, String> = tags
        .iter()
        .filter_map(|t| Some((number(t, "id")?, text(t, "name"))))
        .collect();
    let mut person_tags: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows(export, "person_tags") {
        if let (Some(person), Some(tag)) = (number(&row, "person_id"), number(&row, "tag_id")) {
            person_tags
                .entry(person)
                .or_default()
                .extend(tag_names.get(&tag).cloned());
        }
    }
    let mut organization_tags: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows(export, "organization_tags") {
        if let (Some(organization), Some(tag)) =
            (number(&row, "organization_id"), number(&row, "tag_id"))
        {
            organization_tags
                .entry(organization)
                .or_default()
                .extend(tag_names.get(&tag).cloned());
        }
    }
    let mut person_emails: HashMap<i64, Vec<String>> = HashMap::new();
    let mut email_owner: HashMap<i64, i64> = HashMap::new();
    for email in &emails {
        if let (Some(person), Some(id)) = (number(email, "person_id"), number(email, "id")) {
            person_emails
                .entry(person)
                .or_default()
                .push(text(email, "address"));
            email_owner.insert(id, person);
        }
    }
    let mut current_at: HashMap<i64, Vec<String>> = HashMap::new();
    let mut employees: HashMap<(i64, bool), Vec<String>> = HashMap::new();
    for job in rows(export, "employment") {
        let (Some(person), Some(organization)) =
            (number(&job, "person_id"), number(&job, "organization_id"))
        else {
            continue;
        };
        let current = number(&job, "is_current") == Some(1);
        if current {
            current_at
                .entry(person)
                .or_default()
                .extend(organization_names.get(&organization).cloned());
        }
        employees
            .entry((organization, current))
            .or_default()
            .extend(names.get(&person).cloned());
    }

    let people_csv = write_csv(
        &[
            &columns.people.name,
            &columns.people.first_name,
            &columns.people.last_name,
            &columns.people.emails,
            &columns.people.company,
            &columns.people.tags,
            &columns.people.closeness,
            &columns.people.introduced_by,
            &columns.people.notes,
            &columns.people.linkedin,
            &columns.people.location,
        ],
        people
            .iter()
            .filter(|p| number(p, "archived") != Some(1))
            .map(|p| {
                let id = number(p, "id").unwrap_or_default();
                let tier = number(p, "closeness")
                    .and_then(|n| Tier::new(n).ok())
                    .map(|t| closeness.label(t).to_owned())
                    .unwrap_or_default();
                vec![
                    shown_name(p),
                    text(p, "given_name"),
                    text(p, "family_name"),
                    join_multi(
                        person_emails
                            .get(&id)
                            .map(Vec::as_slice)
                            .unwrap_or_default(),
                    ),
                    join_multi(current_at.get(&id).map(Vec::as_slice).unwrap_or_default()),
                    join_multi(person_tags.get(&id).map(Vec::as_slice).unwrap_or_default()),
                    tier,
                    number(p, "introduced_by")
                        .and_then(|i| names.get(&i).cloned())
                        .unwrap_or_default(),
                    text(p, "notes"),
                    text(p, "linkedin_url"),
                    text(p, "location"),
                ]
            })
            .collect(),
    );

    let mut domains: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows(export, "organization_domains") {
        if let Some(organization) = number(&row, "organization_id") {
            domains
                .entry(organization)
                .or_default()
                .push(text(&row, "domain"));
        }
    }
    let organizations_csv = write_csv(
        &[
            &columns.organizations.name,
            &columns.organizations.tags,
            &columns.organizations.current_employees,
            &columns.organizations.former_employees,
            &columns.organizations.investor_interest,
            &columns.organizations.notes,
            &columns.organizations.domains,
        ],
        organizations
            .iter()
            .map(|o| {
                let id = number(o, "id").unwrap_or_default();
                let list = |key: (i64, bool)| {
                    join_multi(employees.get(&key).map(Vec::as_slice).unwrap_or_default())
                };
                vec![
                    text(o, "name"),
                    join_multi(
                        organization_tags
                            .get(&id)
                            .map(Vec::as_slice)
                            .unwrap_or_default(),
                    ),
                    list((id, true)),
                    list((id, false)),
                    text(o, "investor_interest"),
                    text(o, "notes"),
                    join_multi(domains.get(&id).map(Vec::as_slice).unwrap_or_default()),
                ]
            })
            .collect(),
    );

    let emails_csv = write_csv(
        &[
            &columns.emails.email,
            &columns.emails.person,
            &columns.emails.primary,
            &columns.emails.kind,
        ],
        emails
            .iter()
            .filter(|e| number(e, "ignored") != Some(1))
            .map(|e| {
                vec![
                    text(e, "address"),
                    number(e, "person_id")
                        .and_then(|p| names.get(&p).cloned())
                        .unwrap_or_default(),
                    if number(e, "is_primary") == Some(1) {
                        "checked".into()
                    } else {
                        String::new()
                    },
                    text(e, "kind"),
                ]
            })
            .collect(),
    );

    let mut interaction_people: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows(export, "interaction_people") {
        if let (Some(interaction), Some(person)) =
            (number(&row, "interaction_id"), number(&row, "person_id"))
        {
            interaction_people
                .entry(interaction)
                .or_default()
                .extend(names.get(&person).cloned());
        }
    }
    let addresses: HashMap<i64, String> = emails
        .iter()
        .filter_map(|e| Some((number(e, "id")?, text(e, "address"))))
        .collect();
    let mut missing: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows(export, "interaction_attendees") {
        let (Some(interaction), Some(email)) =
            (number(&row, "interaction_id"), number(&row, "email_id"))
        else {
            continue;
        };
        if text(&row, "response_status") == "declined" {
            continue;
        }
        match email_owner.get(&email) {
            // Attendees who are people count as People, so the link survives re-import.
            Some(person) => interaction_people
                .entry(interaction)
                .or_default()
                .extend(names.get(person).cloned()),
            None => missing
                .entry(interaction)
                .or_default()
                .extend(addresses.get(&email).cloned()),
        }
    }
    let checked = |value: Option<i64>| {
        if value == Some(1) {
            "checked".to_owned()
        } else {
            String::new()
        }
    };
    let interactions_csv = write_csv(
        &[
            &columns.interactions.date,
            &columns.interactions.kind,
            &columns.interactions.people,
            &columns.interactions.calendar_event_id,
            &columns.interactions.notes,
            &columns.interactions.did_not_happen,
            &columns.interactions.initiated_by_other,
            &columns.interactions.missing_people,
            &columns.interactions.title,
        ],
        rows(export, "interactions")
            .iter()
            .map(|i| {
                let id = number(i, "id").unwrap_or_default();
                let mut people = interaction_people.get(&id).cloned().unwrap_or_default();
                people.sort();
                people.dedup();
                vec![
                    text(i, "occurred_on"),
                    text(i, "type"),
                    join_multi(&people),
                    text(i, "calendar_event_id"),
                    text(i, "notes"),
                    checked(number(i, "did_not_happen")),
                    checked(number(i, "initiated_by_other")),
                    join_multi(missing.get(&id).map(Vec::as_slice).unwrap_or_default()),
                    text(i, "title"),
                ]
            })
            .collect(),
    );
    vec![
        ("People.csv".into(), people_csv),
        ("Organizations.csv".into(), organizations_csv),
        ("Emails.csv".into(), emails_csv),
        ("Interactions.csv".into(), interactions_csv),
        ("kith-mapping.toml".into(), Mapping::default_file()),
    ]
}

/// Escapes a vCard text value.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(',', "\\,")
        .replace(';', "\\;")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut length = 0;
    for c in line.chars() {
        if length + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            length = 1;
        }
        out.push(c);
        length += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// Every person who is not archived, as vCard 4.0.
pub fn vcards(export: &Value) -> String {
    let people = rows(export, "people");
    let emails = rows(export, "emails");
    let organizations: HashMap<i64, String> = rows(export, "organizations")
        .iter()
        .filter_map(|o| Some((number(o, "id")?, text(o, "name"))))
        .collect();
    let tag_names: HashMap<i64, String> = rows(export, "tags")
        .iter()
        .filter_map(|t| Some((number(t, "id")?, text(t, "name"))))
        .collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for row in rows(export, "person_tags") {
        if let (Some(person), Some(tag)) = (number(&row, "person_id"), number(&row, "tag_id")) {
            tags.entry(person)
                .or_default()
                .extend(tag_names.get(&tag).cloned());
        }
    }
    let mut jobs: HashMap<i64, (String, String)> = HashMap::new();
    for job in rows(export, "employment") {
        if number(&job, "is_current") == Some(1)
            && let (Some(person), Some(organization)) =
                (number(&job, "person_id"), number(&job, "organization_id"))
        {
            jobs.entry(person).or_insert_with(|| {
                (
                    organizations
                        .get(&organization)
                        .cloned()
                        .unwrap_or_default(),
                    text(&job, "title"),
                )
            });
        }
    }
    let mut out = String::new();
    for person in people.iter().filter(|p| number(p, "archived") != Some(1)) {
        let id = number(person, "id").unwrap_or_default();
        out.push_str("BEGIN:VCARD\r\nVERSION:4.0\r\n");
        out.push_str(&fold(&format!("FN:{}", escape(&shown_name(person)))));
        out.push_str(&fold(&format!(
            "N:{};{};;;",
            escape(&text(person, "family_name")),
            escape(&text(person, "given_name"))
        )));
        for email in emails.iter().filter(|e| number(e, "person_id") == Some(id)) {
            let kind = match text(email, "kind").as_str() {
                "work" => ";TYPE=work",
                "personal" => ";TYPE=home",
                _ => "",
            };
            let pref = if number(email, "is_primary") == Some(1) {
                ";PREF=1"
            } else {
                ""
            };
            out.push_str(&fold(&format!(
                "EMAIL{kind}{pref}:{}",
                text(email, "address")
            )));
        }
        if let Some((organization, title)) = jobs.get(&id) {
            out.push_str(&fold(&format!("ORG:{}", escape(organization))));
            if !title.is_empty() {
                out.push_str(&fold(&format!("TITLE:{}", escape(title))));
            }
        }
        let url = text(person, "linkedin_url");
        if !url.is_empty() {
            out.push_str(&fold(&format!("URL:{url}")));
        }
        if let Some(list) = tags.get(&id).filter(|l| !l.is_empty()) {
            let list: Vec<String> = list.iter().map(|t| escape(t)).collect();
            out.push_str(&fold(&format!("CATEGORIES:{}", list.join(","))));
        }
        let notes = text(person, "notes");
        if !notes.is_empty() {
            out.push_str(&fold(&format!("NOTE:{}", escape(&notes))));
        }
        out.push_str("END:VCARD\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multi_values_and_vcard_text_are_escaped() {
        assert_eq!(
            join_multi(&["CONQUER, INC.".into(), "Camden".into()]),
            "\"CONQUER, INC.\",Camden"
        );
        assert_eq!(
            crate::moving::import::table::split_multi(&join_multi(&[
                "a, b".into(),
                "say \"hi\"".into()
            ])),
            vec!["a, b", "say \"hi\""]
        );
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let folded = fold(&format!("NOTE:{}", "ü".repeat(60)));
        assert!(folded.split("\r\n").all(|line| line.len() <= 75));
    }
}
