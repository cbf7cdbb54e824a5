//! The CSV files of the Airtable layout — People, Organizations, Emails, Interactions —
//! plus kith's own columns and its ignore rules, re-importable with `kith import airtable
//! --dir` to the same network: links name a person by the People table's `Name`, which
//! is unique (a namesake's reads "Chris Park (2)"; the real name is in `Display Name`).

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::{PersonRow, Tables, join_multi, person_name};
use crate::cells::write_csv;
use crate::layout::Mapping;
use kith_domain::closeness::Closeness;
use kith_domain::model::Tier;

/// The file of the owner's ignore rules, beside the four tables.
pub const IGNORE_RULES_FILE: &str = "Ignore Rules.csv";
/// The mapping written beside the files (the defaults, spelled out).
pub const MAPPING_FILE: &str = "kith-mapping.toml";

/// Each person's link label: their name, or for the second and later of several people
/// of one name (in id order) the name with a number, so every link names one row.
fn labels(people: &[PersonRow]) -> HashMap<i64, String> {
    let mut ordered: Vec<&PersonRow> = people.iter().filter(|p| p.id.is_some()).collect();
    ordered.sort_by_key(|p| p.id);
    let fold = kith_domain::text::name_key;
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

/// What the files share, computed once from the export: each person's link label, and
/// the lists of names and addresses by id.
struct Links {
    tables: Tables,
    columns: Mapping,
    names: HashMap<i64, String>,
    /// Each address's owner, by address id.
    email_owner: HashMap<i64, i64>,
}

impl Links {
    fn name(&self, person: Option<i64>) -> String {
        person
            .and_then(|p| self.names.get(&p).cloned())
            .unwrap_or_default()
    }
}

/// An interaction's Type cell: the owner's word when it has one, else the type's name;
/// `mapping` learns the words that would not read back as their type.
fn type_cell(row: &super::InteractionRow, mapping: &mut Mapping) -> String {
    use kith_domain::model::InteractionType;
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

/// The files (name, content) of an export.
pub fn airtable_csv(export: &Value, closeness: &Closeness) -> Vec<(String, String)> {
    let tables = Tables::read(export);
    let names = labels(&tables.people);
    let email_owner = tables
        .emails
        .iter()
        .filter_map(|e| Some((e.id?, e.person_id?)))
        .collect();
    let links = Links {
        tables,
        columns: Mapping::default(),
        names,
        email_owner,
    };
    let ignore_rules_csv = write_csv(
        &[&links.columns.ignore_rules.pattern],
        links
            .tables
            .ignore_rules
            .iter()
            .filter(|rule| rule.builtin != Some(1))
            .map(|rule| vec![rule.pattern.clone()])
            .collect(),
    );
    let (interactions, mapping) = interactions_csv(&links);
    let intentions = super::intentions_csv::files(&links.tables, &links.names);
    let mut files = vec![
        ("People.csv".into(), people_csv(&links, closeness)),
        ("Organizations.csv".into(), organizations_csv(&links)),
        ("Emails.csv".into(), emails_csv(&links)),
        ("Interactions.csv".into(), interactions),
        (IGNORE_RULES_FILE.into(), ignore_rules_csv),
        (MAPPING_FILE.into(), mapping.file()),
    ];
    files.extend(intentions);
    files
}

/// Each person's jobs in one order for the Company and Title cells (and the Former ones),
/// so they line up: (organizations, titles) by (person, current).
fn jobs(links: &Links) -> HashMap<(i64, bool), (Vec<String>, Vec<String>)> {
    let organization_names = links.tables.organization_names();
    let mut jobs: HashMap<(i64, bool), (Vec<String>, Vec<String>)> = HashMap::new();
    for job in &links.tables.employment {
        let (Some(person), Some(organization)) = (job.person_id, job.organization_id) else {
            continue;
        };
        if let Some(name) = organization_names.get(&organization) {
            let entry = jobs.entry((person, job.is_current == Some(1))).or_default();
            entry.0.push(name.clone());
            entry.1.push(job.title.clone());
        }
    }
    jobs
}

/// The People file's header, in the order its rows are written.
fn people_columns(p: &crate::layout::PeopleFields) -> [&String; 21] {
    [
        &p.name,
        &p.first_name,
        &p.last_name,
        &p.display_name,
        &p.emails,
        &p.company,
        &p.title,
        &p.former_companies,
        &p.former_titles,
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
        &p.telegram,
    ]
}

fn people_csv(links: &Links, closeness: &Closeness) -> String {
    let tables = &links.tables;
    let person_tags = tables.person_tags();
    let mut person_emails: HashMap<i64, Vec<String>> = HashMap::new();
    for email in &tables.emails {
        if let Some(person) = email.person_id {
            person_emails
                .entry(person)
                .or_default()
                .push(email.address.clone());
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
    let jobs = jobs(links);
    // Organizations, and titles only when one is known, so a plain export stays plain.
    let job_cells = |id: i64, current: bool| {
        let (organizations, titles) = jobs.get(&(id, current)).cloned().unwrap_or_default();
        let titles = if titles.iter().any(|t| !t.is_empty()) {
            join_multi(&titles)
        } else {
            String::new()
        };
        (join_multi(&organizations), titles)
    };
    write_csv(
        &people_columns(&links.columns.people),
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
                let (companies, titles) = job_cells(id, true);
                let (former, former_titles) = job_cells(id, false);
                vec![
                    links.name(Some(id)),
                    person.given_name.clone(),
                    person.family_name.clone(),
                    person.display_name.clone(),
                    joined(&person_emails, id),
                    companies,
                    titles,
                    former,
                    former_titles,
                    joined(&person_tags, id),
                    tier,
                    links.name(person.introduced_by),
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
                    kith_domain::telegram::account_cell(
                        person.telegram_id,
                        Some(person.telegram_username.as_str()).filter(|u| !u.is_empty()),
                    ),
                ]
            })
            .collect(),
    )
}

fn organizations_csv(links: &Links) -> String {
    let tables = &links.tables;
    let tag_names = tables.tag_names();
    let mut organization_tags: HashMap<i64, Vec<String>> = HashMap::new();
    for row in &tables.organization_tags {
        if let (Some(organization), Some(tag)) = (row.organization_id, row.tag_id) {
            organization_tags
                .entry(organization)
                .or_default()
                .extend(tag_names.get(&tag).cloned());
        }
    }
    let mut employees: HashMap<(i64, bool), Vec<String>> = HashMap::new();
    for job in &tables.employment {
        if let (Some(person), Some(organization)) = (job.person_id, job.organization_id) {
            employees
                .entry((organization, job.is_current == Some(1)))
                .or_default()
                .extend(links.names.get(&person).cloned());
        }
    }
    let mut domains: HashMap<i64, Vec<String>> = HashMap::new();
    for row in &tables.organization_domains {
        if let Some(organization) = row.organization_id {
            domains
                .entry(organization)
                .or_default()
                .push(row.domain.clone());
        }
    }
    let o = &links.columns.organizations;
    write_csv(
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
    )
}

fn emails_csv(links: &Links) -> String {
    let e = &links.columns.emails;
    write_csv(
        &[
            &e.email,
            &e.person,
            &e.primary,
            &e.kind,
            &e.ignored,
            &e.display_name,
        ],
        links
            .tables
            .emails
            .iter()
            .map(|email| {
                vec![
                    email.address.clone(),
                    links.name(email.person_id),
                    checked(email.is_primary),
                    email.kind.clone(),
                    checked(email.ignored),
                    email.display_name.clone(),
                ]
            })
            .collect(),
    )
}

/// Each interaction's people, addresses of no one and attendees with their answers.
type Attendance = (
    HashMap<i64, Vec<String>>,
    HashMap<i64, Vec<String>>,
    HashMap<i64, Vec<String>>,
);

fn attendance(links: &Links) -> Attendance {
    let tables = &links.tables;
    let mut people: HashMap<i64, Vec<String>> = HashMap::new();
    for row in &tables.interaction_people {
        if let (Some(interaction), Some(person)) = (row.interaction_id, row.person_id) {
            people
                .entry(interaction)
                .or_default()
                .extend(links.names.get(&person).cloned());
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
        match links.email_owner.get(&email) {
            // Attendees who are people count as People, for a reader of the file.
            Some(person) => people
                .entry(interaction)
                .or_default()
                .extend(links.names.get(person).cloned()),
            None => missing
                .entry(interaction)
                .or_default()
                .push(address.clone()),
        }
    }
    (people, missing, attendees)
}

/// The Interactions file, and the mapping that reads its Type cells back: the owner's word
/// for a type is the Type cell; a word that would not read back as its type goes into the
/// mapping's [types] (a word read two ways keeps its type's name).
fn interactions_csv(links: &Links) -> (String, Mapping) {
    let (interaction_people, missing, attendees) = attendance(links);
    let mut mapping = Mapping::default();
    let type_cells: Vec<String> = links
        .tables
        .interactions
        .iter()
        .map(|row| type_cell(row, &mut mapping))
        .collect();
    let i = &links.columns.interactions;
    let csv = write_csv(
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
        links
            .tables
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
    (csv, mapping)
}
