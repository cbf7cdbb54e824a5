//! Never locked in: kith's JSON export turned into the four CSV files of the Airtable
//! layout (re-importable with `kith import airtable` and the mapping written beside them)
//! and into vCard 4.0. Pure: everything is computed from the JSON export.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::domain::closeness::Closeness;
use crate::domain::model::{Tier, shown_name};
use crate::moving::layout::Mapping;

/// A text cell of the export: a string, a number written as text, or nothing (NULL).
fn lenient_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::String(text) => text,
        Value::Number(number) => number.to_string(),
        _ => String::new(),
    })
}

/// The rows of the export's tables that the CSV and vCard files are made of, typed: a
/// column the export lacks reads as empty, never as a silent misread by name.
macro_rules! export_rows {
    ($($(#[$doc:meta])* $name:ident { $($text:ident),* ; $($number:ident),* })*) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Debug, Default, Deserialize)]
            #[serde(default)]
            struct $name {
                $(#[serde(deserialize_with = "lenient_text")] $text: String,)*
                $($number: Option<i64>,)*
            }
        )*
    };
}

export_rows! {
    PersonRow { given_name, family_name, display_name, notes, linkedin_url, location, birthday ;
                id, closeness, introduced_by, archived }
    PhoneRow { number, kind ; person_id }
    OrganizationRow { name, investor_interest, notes ; id }
    EmailRow { address, kind ; id, person_id, is_primary, ignored }
    TagRow { name ; id }
    PersonTagRow { ; person_id, tag_id }
    OrganizationTagRow { ; organization_id, tag_id }
    EmploymentRow { title ; person_id, organization_id, is_current }
    DomainRow { domain ; organization_id }
    InteractionPersonRow { ; interaction_id, person_id }
    AttendeeRow { response_status ; interaction_id, email_id }
    InteractionRow { occurred_on, r#type, calendar_event_id, notes, title ;
                     id, did_not_happen, initiated_by_other }
}

/// Every table the files are made from, read once from the export.
struct Tables {
    people: Vec<PersonRow>,
    phones: Vec<PhoneRow>,
    organizations: Vec<OrganizationRow>,
    emails: Vec<EmailRow>,
    tags: Vec<TagRow>,
    person_tags: Vec<PersonTagRow>,
    organization_tags: Vec<OrganizationTagRow>,
    employment: Vec<EmploymentRow>,
    organization_domains: Vec<DomainRow>,
    interaction_people: Vec<InteractionPersonRow>,
    interaction_attendees: Vec<AttendeeRow>,
    interactions: Vec<InteractionRow>,
}

impl Tables {
    fn read(export: &Value) -> Tables {
        Tables {
            people: rows(export, "people"),
            phones: rows(export, "phones"),
            organizations: rows(export, "organizations"),
            emails: rows(export, "emails"),
            tags: rows(export, "tags"),
            person_tags: rows(export, "person_tags"),
            organization_tags: rows(export, "organization_tags"),
            employment: rows(export, "employment"),
            organization_domains: rows(export, "organization_domains"),
            interaction_people: rows(export, "interaction_people"),
            interaction_attendees: rows(export, "interaction_attendees"),
            interactions: rows(export, "interactions"),
        }
    }
}

/// One table of an export as typed rows (a row that is not a row is left out).
fn rows<T: serde::de::DeserializeOwned>(export: &Value, table: &str) -> Vec<T> {
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
                .filter_map(|values| {
                    let row: Map<String, Value> = columns
                        .iter()
                        .zip(values)
                        .map(|(c, v)| ((*c).to_owned(), v.clone()))
                        .collect();
                    serde_json::from_value(Value::Object(row)).ok()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn person_name(person: &PersonRow) -> String {
    shown_name(
        &person.given_name,
        &person.family_name,
        Some(person.display_name.as_str()),
    )
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
    let tables = Tables::read(export);
    let columns = Mapping::default();
    let people = &tables.people;
    let organizations = &tables.organizations;
    let emails = &tables.emails;
    let tags = &tables.tags;
    let names: HashMap<i64, String> = people
        .iter()
        .filter_map(|p| Some((p.id?, person_name(p))))
        .collect();
    let organization_names: HashMap<i64, String> = organizations
        .iter()
        .filter_map(|o| Some((o.id?, o.name.clone())))
        .collect();
    let tag_names: HashMap<i64, String> = tags
        .iter()
        .filter_map(|t| Some((t.id?, t.name.clone())))
        .collect();
    let mut person_tags: HashMap<i64, Vec<String>> = HashMap::new();
    for row in &tables.person_tags {
        if let (Some(person), Some(tag)) = (row.person_id, row.tag_id) {
            person_tags
                .entry(person)
                .or_default()
                .extend(tag_names.get(&tag).cloned());
        }
    }
    let mut organization_tags: HashMap<i64, Vec<String>> = HashMap::new();
    for row in &tables.organization_tags {
        if let (Some(organization), Some(tag)) = (row.organization_id, row.tag_id) {
            organization_tags
                .entry(organization)
                .or_default()
                .extend(tag_names.get(&tag).cloned());
        }
    }
    let mut person_emails: HashMap<i64, Vec<String>> = HashMap::new();
    let mut email_owner: HashMap<i64, i64> = HashMap::new();
    for email in emails {
        if let (Some(person), Some(id)) = (email.person_id, email.id) {
            person_emails
                .entry(person)
                .or_default()
                .push(email.address.clone());
            email_owner.insert(id, person);
        }
    }
    let mut current_at: HashMap<i64, Vec<String>> = HashMap::new();
    let mut employees: HashMap<(i64, bool), Vec<String>> = HashMap::new();
    for job in &tables.employment {
        let (Some(person), Some(organization)) = (job.person_id, job.organization_id) else {
            continue;
        };
        let current = job.is_current == Some(1);
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
            .filter(|p| p.archived != Some(1))
            .map(|p| {
                let id = p.id.unwrap_or_default();
                let tier = p
                    .closeness
                    .and_then(|n| Tier::new(n).ok())
                    .map(|t| closeness.label(t).to_owned())
                    .unwrap_or_default();
                vec![
                    person_name(p),
                    p.given_name.clone(),
                    p.family_name.clone(),
                    join_multi(
                        person_emails
                            .get(&id)
                            .map(Vec::as_slice)
                            .unwrap_or_default(),
                    ),
                    join_multi(current_at.get(&id).map(Vec::as_slice).unwrap_or_default()),
                    join_multi(person_tags.get(&id).map(Vec::as_slice).unwrap_or_default()),
                    tier,
                    p.introduced_by
                        .and_then(|i| names.get(&i).cloned())
                        .unwrap_or_default(),
                    p.notes.clone(),
                    p.linkedin_url.clone(),
                    p.location.clone(),
                ]
            })
            .collect(),
    );

    let mut domains: HashMap<i64, Vec<String>> = HashMap::new();
    for row in &tables.organization_domains {
        if let Some(organization) = row.organization_id {
            domains
                .entry(organization)
                .or_default()
                .push(row.domain.clone());
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
                let id = o.id.unwrap_or_default();
                let list = |key: (i64, bool)| {
                    join_multi(employees.get(&key).map(Vec::as_slice).unwrap_or_default())
                };
                vec![
                    o.name.clone(),
                    join_multi(
                        organization_tags
                            .get(&id)
                            .map(Vec::as_slice)
                            .unwrap_or_default(),
                    ),
                    list((id, true)),
                    list((id, false)),
                    o.investor_interest.clone(),
                    o.notes.clone(),
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
            .filter(|e| e.ignored != Some(1))
            .map(|e| {
                vec![
                    e.address.clone(),
                    e.person_id
                        .and_then(|p| names.get(&p).cloned())
                        .unwrap_or_default(),
                    if e.is_primary == Some(1) {
                        "checked".into()
                    } else {
                        String::new()
                    },
                    e.kind.clone(),
                ]
            })
            .collect(),
    );

    let mut interaction_people: HashMap<i64, Vec<String>> = HashMap::new();
    for row in &tables.interaction_people {
        if let (Some(interaction), Some(person)) = (row.interaction_id, row.person_id) {
            interaction_people
                .entry(interaction)
                .or_default()
                .extend(names.get(&person).cloned());
        }
    }
    let addresses: HashMap<i64, String> = emails
        .iter()
        .filter_map(|e| Some((e.id?, e.address.clone())))
        .collect();
    let mut missing: HashMap<i64, Vec<String>> = HashMap::new();
    for row in &tables.interaction_attendees {
        let (Some(interaction), Some(email)) = (row.interaction_id, row.email_id) else {
            continue;
        };
        if row.response_status.clone() == "declined" {
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
        tables
            .interactions
            .iter()
            .map(|i| {
                let id = i.id.unwrap_or_default();
                let mut people = interaction_people.get(&id).cloned().unwrap_or_default();
                people.sort();
                people.dedup();
                vec![
                    i.occurred_on.clone(),
                    i.r#type.clone(),
                    join_multi(&people),
                    i.calendar_event_id.clone(),
                    i.notes.clone(),
                    checked(i.did_not_happen),
                    checked(i.initiated_by_other),
                    join_multi(missing.get(&id).map(Vec::as_slice).unwrap_or_default()),
                    i.title.clone(),
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
    let tables = Tables::read(export);
    let people = &tables.people;
    let emails = &tables.emails;
    let organizations: HashMap<i64, String> = tables
        .organizations
        .iter()
        .filter_map(|o| Some((o.id?, o.name.clone())))
        .collect();
    let tag_names: HashMap<i64, String> = tables
        .tags
        .iter()
        .filter_map(|t| Some((t.id?, t.name.clone())))
        .collect();
    let mut tags: HashMap<i64, Vec<String>> = HashMap::new();
    for row in &tables.person_tags {
        if let (Some(person), Some(tag)) = (row.person_id, row.tag_id) {
            tags.entry(person)
                .or_default()
                .extend(tag_names.get(&tag).cloned());
        }
    }
    let mut jobs: HashMap<i64, (String, String)> = HashMap::new();
    for job in &tables.employment {
        if job.is_current == Some(1)
            && let (Some(person), Some(organization)) = (job.person_id, job.organization_id)
        {
            jobs.entry(person).or_insert_with(|| {
                (
                    organizations
                        .get(&organization)
                        .cloned()
                        .unwrap_or_default(),
                    job.title.clone(),
                )
            });
        }
    }
    let mut out = String::new();
    for person in people.iter().filter(|p| p.archived != Some(1)) {
        let id = person.id.unwrap_or_default();
        out.push_str("BEGIN:VCARD\r\nVERSION:4.0\r\n");
        out.push_str(&fold(&format!("FN:{}", escape(&person_name(person)))));
        out.push_str(&fold(&format!(
            "N:{};{};;;",
            escape(&person.family_name.clone()),
            escape(&person.given_name.clone())
        )));
        for email in emails.iter().filter(|e| e.person_id == Some(id)) {
            let kind = match email.kind.clone().as_str() {
                "work" => ";TYPE=work",
                "personal" => ";TYPE=home",
                _ => "",
            };
            let pref = if email.is_primary == Some(1) {
                ";PREF=1"
            } else {
                ""
            };
            out.push_str(&fold(&format!(
                "EMAIL{kind}{pref}:{}",
                email.address.clone()
            )));
        }
        for phone in tables.phones.iter().filter(|p| p.person_id == Some(id)) {
            let kind = match phone.kind.as_str() {
                "mobile" => ";TYPE=cell",
                "work" => ";TYPE=work",
                "home" => ";TYPE=home",
                _ => "",
            };
            out.push_str(&fold(&format!("TEL;VALUE=uri{kind}:tel:{}", phone.number)));
        }
        if !person.birthday.is_empty() {
            // vCard 4.0 writes a birthday without a year as --MMDD.
            let day = match person.birthday.strip_prefix("--") {
                Some(month_day) => format!("--{}", month_day.replace('-', "")),
                None => person.birthday.replace('-', ""),
            };
            out.push_str(&fold(&format!("BDAY:{day}")));
        }
        if let Some((organization, title)) = jobs.get(&id) {
            out.push_str(&fold(&format!("ORG:{}", escape(organization))));
            if !title.is_empty() {
                out.push_str(&fold(&format!("TITLE:{}", escape(title))));
            }
        }
        let url = person.linkedin_url.clone();
        if !url.is_empty() {
            out.push_str(&fold(&format!("URL:{url}")));
        }
        if let Some(list) = tags.get(&id).filter(|l| !l.is_empty()) {
            let list: Vec<String> = list.iter().map(|t| escape(t)).collect();
            out.push_str(&fold(&format!("CATEGORIES:{}", list.join(","))));
        }
        let notes = person.notes.clone();
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
