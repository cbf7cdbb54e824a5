//! The CSV files of the Airtable layout — People, Organizations, Emails, Interactions —
//! plus kith's own columns and its ignore rules, re-importable with `kith import airtable
//! --dir` to the same network: links name a person by the People table's `Name`, which
//! is unique (a namesake's reads "Chris Park (2)"; the real name is in `Display Name`).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{PersonRow, Tables, join_multi, person_name};
use crate::domain::closeness::Closeness;
use crate::domain::model::Tier;
use crate::moving::layout::Mapping;

/// The file of the owner's ignore rules, beside the four tables.
pub const IGNORE_RULES_FILE: &str = "Ignore Rules.csv";
/// The mapping written beside the files (the defaults, spelled out).
pub const MAPPING_FILE: &str = "kith-mapping.toml";

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

/// Each person's link label: their name, or for the second and later of several people
/// of one name (in id order) the name with a number, so every link names one row.
fn labels(people: &[PersonRow]) -> HashMap<i64, String> {
    let mut ordered: Vec<&PersonRow> = people.iter().filter(|p| p.id.is_some()).collect();
    ordered.sort_by_key(|p| p.id);
    let fold = crate::domain::text::name_key;
    let mut taken: HashSet<String> = HashSet::new();
    let mut labels = HashMap::new();
    for person in ordered {
        let name = person_name(person);
        let mut label = name.clone();
        let mut number = 1;
        while !taken.insert(fold(&label)) {
            number += 1;
            label = format!("{name} ({number})");
        }
        labels.insert(person.id.unwrap_or_default(), label);
    }
    labels
}

fn checked(value: Option<i64>) -> String {
    if value == Some(1) {
        "checked".to_owned()
    } else {
        String::new()
    }
}

/// Items of a map's list, joined the Airtable way.
fn joined(map: &HashMap<i64, Vec<String>>, id: i64) -> String {
    join_multi(map.get(&id).map(Vec::as_slice).unwrap_or_default())
}

/// The files (name, content) of an export.
/// An interaction's Type cell: the owner's word when it has one, else the type's name;
/// `mapping` learns the words that would not read back as their type.
fn type_cell(row: &super::InteractionRow, mapping: &mut Mapping) -> String {
    use crate::domain::model::InteractionType;
    let word = row.type_word.trim();
    let Ok(kind) = InteractionType::parse(&row.r#type) else {
        return row.r#type.clone();
    };
    if word.is_empty() {
        return row.r#type.clone();
    }
    let read = |word: &str| InteractionType::parse(word).unwrap_or(InteractionType::Other);
    let mapped = mapping
        .types
        .iter()
        .find(|(label, _)| label.eq_ignore_ascii_case(word))
        .map(|(_, kith)| read(kith));
    match mapped {
        Some(mapped) if mapped != kind => row.r#type.clone(),
        Some(_) => word.to_owned(),
        None if read(word) == kind => word.to_owned(),
        None => {
            mapping
                .types
                .insert(word.to_owned(), kind.as_str().to_owned());
            word.to_owned()
        }
    }
}

pub fn airtable_csv(export: &Value, closeness: &Closeness) -> Vec<(String, String)> {
    let tables = Tables::read(export);
    let columns = Mapping::default();
    let names = labels(&tables.people);
    let organization_names = tables.organization_names();
    let tag_names = tables.tag_names();
    let person_tags = tables.person_tags();
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
    for email in &tables.emails {
        if let (Some(person), Some(id)) = (email.person_id, email.id) {
            person_emails
                .entry(person)
                .or_default()
                .push(email.address.clone());
            email_owner.insert(id, person);
        }
    }
    let mut phones: HashMap<i64, Vec<String>> = HashMap::new();
    for phone in &tables.phones {
        if let Some(person) = phone.person_id {
            phones
                .entry(person)
                .or_default()
                .push(format!("{} ({})", phone.number, phone.kind));
        }
    }
    // Current jobs in one order for the Company and Title cells, so they line up.
    let mut current_at: HashMap<i64, Vec<String>> = HashMap::new();
    let mut titles: HashMap<i64, Vec<String>> = HashMap::new();
    let mut employees: HashMap<(i64, bool), Vec<String>> = HashMap::new();
    for job in &tables.employment {
        let (Some(person), Some(organization)) = (job.person_id, job.organization_id) else {
            continue;
        };
        let current = job.is_current == Some(1);
        if current && let Some(name) = organization_names.get(&organization) {
            current_at.entry(person).or_default().push(name.clone());
            titles.entry(person).or_default().push(job.title.clone());
        }
        employees
            .entry((organization, current))
            .or_default()
            .extend(names.get(&person).cloned());
    }

    let p = &columns.people;
    let people_csv = write_csv(
        &[
            &p.name,
            &p.first_name,
            &p.last_name,
            &p.display_name,
            &p.emails,
            &p.company,
            &p.title,
            &p.tags,
            &p.closeness,
            &p.introduced_by,
            &p.notes,
            &p.linkedin,
            &p.location,
            &p.phones,
            &p.birthday,
            &p.aliases,
            &p.cadence_days,
            &p.archived,
        ],
        tables
            .people
            .iter()
            .map(|person| {
                let id = person.id.unwrap_or_default();
                let tier = person
                    .closeness
                    .and_then(|n| Tier::new(n).ok())
                    .map(|t| closeness.label(t).to_owned())
                    .unwrap_or_default();
                let aliases: Vec<String> = person.aliases.lines().map(str::to_owned).collect();
                // Titles only when one is known, so a plain export stays plain.
                let titles = titles.get(&id).filter(|t| t.iter().any(|t| !t.is_empty()));
                vec![
                    names.get(&id).cloned().unwrap_or_default(),
                    person.given_name.clone(),
                    person.family_name.clone(),
                    person.display_name.clone(),
                    joined(&person_emails, id),
                    joined(&current_at, id),
                    titles.map(|t| join_multi(t)).unwrap_or_default(),
                    joined(&person_tags, id),
                    tier,
                    person
                        .introduced_by
                        .and_then(|i| names.get(&i).cloned())
                        .unwrap_or_default(),
                    person.notes.clone(),
                    person.linkedin_url.clone(),
                    person.location.clone(),
                    joined(&phones, id),
                    person.birthday.clone(),
                    join_multi(&aliases),
                    person
                        .cadence_days
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    checked(person.archived),
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
    let o = &columns.organizations;
    let organizations_csv = write_csv(
        &[
            &o.name,
            &o.tags,
            &o.current_employees,
            &o.former_employees,
            &o.investor_interest,
            &o.notes,
            &o.domains,
        ],
        tables
            .organizations
            .iter()
            .map(|organization| {
                let id = organization.id.unwrap_or_default();
                let list = |key: (i64, bool)| {
                    join_multi(employees.get(&key).map(Vec::as_slice).unwrap_or_default())
                };
                vec![
                    organization.name.clone(),
                    joined(&organization_tags, id),
                    list((id, true)),
                    list((id, false)),
                    organization.investor_interest.clone(),
                    organization.notes.clone(),
                    joined(&domains, id),
                ]
            })
            .collect(),
    );

    let e = &columns.emails;
    let emails_csv = write_csv(
        &[&e.email, &e.person, &e.primary, &e.kind, &e.ignored],
        tables
            .emails
            .iter()
            .map(|email| {
                vec![
                    email.address.clone(),
                    email
                        .person_id
                        .and_then(|p| names.get(&p).cloned())
                        .unwrap_or_default(),
                    checked(email.is_primary),
                    email.kind.clone(),
                    checked(email.ignored),
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
    let addresses: HashMap<i64, String> = tables
        .emails
        .iter()
        .filter_map(|e| Some((e.id?, e.address.clone())))
        .collect();
    let mut missing: HashMap<i64, Vec<String>> = HashMap::new();
    let mut attendees: HashMap<i64, Vec<String>> = HashMap::new();
    for row in &tables.interaction_attendees {
        let (Some(interaction), Some(email)) = (row.interaction_id, row.email_id) else {
            continue;
        };
        let Some(address) = addresses.get(&email) else {
            continue;
        };
        let answer = if row.removed_by_hand == Some(1) {
            "taken off"
        } else {
            row.response_status.as_str()
        };
        attendees
            .entry(interaction)
            .or_default()
            .push(format!("{address} ({answer})"));
        if row.response_status == "declined" {
            continue;
        }
        match email_owner.get(&email) {
            // Attendees who are people count as People, for a reader of the file.
            Some(person) => interaction_people
                .entry(interaction)
                .or_default()
                .extend(names.get(person).cloned()),
            None => missing
                .entry(interaction)
                .or_default()
                .push(address.clone()),
        }
    }
    // The owner's word for a type is the Type cell; a word that would not read back as its
    // type goes into the mapping's [types] (a word read two ways keeps its type's name).
    let mut mapping = Mapping::default();
    let type_cells: Vec<String> = tables
        .interactions
        .iter()
        .map(|row| type_cell(row, &mut mapping))
        .collect();
    let i = &columns.interactions;
    let interactions_csv = write_csv(
        &[
            &i.date,
            &i.kind,
            &i.people,
            &i.calendar_event_id,
            &i.notes,
            &i.did_not_happen,
            &i.initiated_by_other,
            &i.missing_people,
            &i.title,
            &i.attendees,
            &i.starts_at,
            &i.time_zone,
        ],
        tables
            .interactions
            .iter()
            .zip(type_cells)
            .map(|(interaction, type_cell)| {
                let id = interaction.id.unwrap_or_default();
                let mut people = interaction_people.get(&id).cloned().unwrap_or_default();
                people.sort();
                people.dedup();
                vec![
                    interaction.occurred_on.clone(),
                    type_cell,
                    join_multi(&people),
                    interaction.calendar_event_id.clone(),
                    interaction.notes.clone(),
                    checked(interaction.did_not_happen),
                    checked(interaction.initiated_by_other),
                    joined(&missing, id),
                    interaction.title.clone(),
                    joined(&attendees, id),
                    interaction.occurred_at.clone(),
                    interaction.time_zone.clone(),
                ]
            })
            .collect(),
    );
    let ignore_rules_csv = write_csv(
        &[&columns.ignore_rules.pattern],
        tables
            .ignore_rules
            .iter()
            .filter(|rule| rule.builtin != Some(1))
            .map(|rule| vec![rule.pattern.clone()])
            .collect(),
    );
    vec![
        ("People.csv".into(), people_csv),
        ("Organizations.csv".into(), organizations_csv),
        ("Emails.csv".into(), emails_csv),
        ("Interactions.csv".into(), interactions_csv),
        (IGNORE_RULES_FILE.into(), ignore_rules_csv),
        (MAPPING_FILE.into(), mapping.file()),
    ]
}
