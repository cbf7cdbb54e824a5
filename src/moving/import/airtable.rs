//! Airtable's "Download CSV" of the owner's four tables → an `ImportBatch` plus every
//! problem found, located by file, row and column. Links are by display name; a name
//! that matches two people is never guessed — it is resolved by email where the Emails
//! table allows, and reported otherwise. A mapping file renames fields, sets date
//! formats per column, and maps tier and type labels.

use std::collections::HashMap;
use std::path::PathBuf;

use super::links::{Backlinks, Resolved, ambiguity, fold_name, resolve, resolve_among, settled};
use super::table::{Problem, Table, checkbox, parse_date, slash_order, split_multi};
use crate::domain::closeness::Closeness;
use crate::domain::model::{EmailAddress, EmailKind, InteractionType, InvestorInterest, Tier};
pub use crate::moving::layout::{
    EmailFields, InteractionFields, Mapping, OrganizationFields, PeopleFields,
};
use crate::store::{ImportBatch, ImportInteraction, ImportOrganization, ImportPerson};

/// The four files; any may be left out.
#[derive(Clone, Debug, Default)]
pub struct AirtableFiles {
    pub people: Option<PathBuf>,
    pub interactions: Option<PathBuf>,
    pub organizations: Option<PathBuf>,
    pub emails: Option<PathBuf>,
}

/// The result of reading an export: what to import, and what could not be.
#[derive(Debug, Default)]
pub struct AirtableImport {
    pub batch: ImportBatch,
    pub problems: Vec<Problem>,
    /// Links between namesakes that a backlink settled, each saying which column did.
    pub settled: Vec<Problem>,
}

/// A stable 64-bit digest (FNV-1a) for import keys.
fn digest(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0x1f)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// Reads whichever of the four files are given.
pub fn read(files: &AirtableFiles, mapping: &Mapping, closeness: &Closeness) -> AirtableImport {
    let mut result = AirtableImport::default();
    let load = |path: &Option<PathBuf>, problems: &mut Vec<Problem>| -> Option<Table> {
        let path = path.as_ref()?;
        match Table::read(path) {
            Ok(table) => Some(table),
            Err(problem) => {
                problems.push(problem);
                None
            }
        }
    };
    let people = load(&files.people, &mut result.problems);
    let interactions = load(&files.interactions, &mut result.problems);
    let organizations = load(&files.organizations, &mut result.problems);
    let emails = load(&files.emails, &mut result.problems);

    // People first: their keys are what every link resolves to.
    let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
    // Which person each People row became (`None`: skipped): links go by row, never by
    // position, so a skipped row moves no one's link onto someone else.
    let mut row_person: Vec<Option<usize>> = Vec::new();
    let mut backlinks = Backlinks::default();
    if let Some(table) = &people {
        row_person = read_people(
            table,
            mapping,
            closeness,
            &mut result,
            &mut by_name,
            &mut backlinks,
        );
    }
    if let Some(table) = &emails {
        read_emails(table, mapping, &by_name, &backlinks, &mut result);
    }
    // Introductions need everyone's key, so they are resolved after all people are read.
    if let Some(table) = &people {
        let f = &mapping.people;
        let column = table.column(&f.introduced_by);
        for (row, person) in table.rows.iter().zip(&row_person) {
            let introducer = table.cell(row, column);
            let Some(person) = *person else {
                continue;
            };
            if introducer.is_empty() {
                continue;
            }
            if let Some(found) = resolve(introducer, &by_name, &result.batch.people, &[]) {
                let key = result.batch.people[found].key.clone();
                if found == person {
                    result.problems.push(table.problem(
                        row,
                        &f.introduced_by,
                        "a person cannot introduce themselves",
                    ));
                } else {
                    result.batch.people[person].introduced_by = Some(key);
                }
            } else {
                let candidates = by_name
                    .get(&fold_name(introducer))
                    .cloned()
                    .unwrap_or_default();
                result.problems.push(ambiguity(
                    table,
                    row,
                    &f.introduced_by,
                    introducer,
                    &candidates,
                    &backlinks,
                ));
            }
        }
    }
    if let Some(table) = &organizations {
        read_organizations(table, mapping, &by_name, &backlinks, &mut result);
    }
    if let Some(table) = &interactions {
        read_interactions(table, mapping, &by_name, &backlinks, &mut result);
    }
    result
}

fn read_people(
    table: &Table,
    mapping: &Mapping,
    closeness: &Closeness,
    result: &mut AirtableImport,
    by_name: &mut HashMap<String, Vec<usize>>,
    backlinks: &mut Backlinks,
) -> Vec<Option<usize>> {
    let f = &mapping.people;
    let mut row_person = Vec::with_capacity(table.rows.len());
    let column = |name: &str| table.column(name);
    let (first, last, name) = (column(&f.first_name), column(&f.last_name), column(&f.name));
    if first.is_none() && last.is_none() && name.is_none() {
        result.problems.push(Problem {
            file: table.file.clone(),
            row: Some(1),
            column: None,
            message: format!(
                "no name column: expected {:?}, or {:?} and {:?}",
                f.name, f.first_name, f.last_name
            ),
        });
        return vec![None; table.rows.len()];
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let given = table.cell(row, first).to_owned();
        let family = table.cell(row, last).to_owned();
        let full = table.cell(row, name).to_owned();
        let (given, family, display) =
            match (given.is_empty() && family.is_empty(), full.is_empty()) {
                (true, true) => {
                    result.problems.push(table.problem(
                        row,
                        &f.name,
                        "a person with no name was skipped",
                    ));
                    row_person.push(None);
                    continue;
                }
                (true, false) => {
                    let split = crate::store::NewPerson::named(&full);
                    (split.given_name, split.family_name, None)
                }
                (false, _) => {
                    let composed = format!("{given} {family}").trim().to_owned();
                    let display = (!full.is_empty() && fold_name(&full) != fold_name(&composed))
                        .then_some(full.clone());
                    (given, family, display)
                }
            };
        let shown = display
            .clone()
            .unwrap_or_else(|| format!("{given} {family}").trim().to_owned());
        let folded = fold_name(&shown);
        let occurrence = seen.entry(folded.clone()).or_insert(0);
        *occurrence += 1;
        let key = format!("airtable:{folded}#{occurrence}");

        let tier_text = table.cell(row, column(&f.closeness));
        let closeness_tier = if tier_text.is_empty() {
            None
        } else if let Some(number) = mapping
            .tiers
            .iter()
            .find(|(label, _)| label.eq_ignore_ascii_case(tier_text))
            .map(|(_, n)| *n)
        {
            Tier::new(i64::from(number)).ok()
        } else {
            match closeness.parse_tier(tier_text) {
                Ok(tier) => Some(tier),
                Err(error) => {
                    result
                        .problems
                        .push(table.problem(row, &f.closeness, error.to_string()));
                    None
                }
            }
        };
        let mut emails = Vec::new();
        for address in split_multi(table.cell(row, column(&f.emails))) {
            match EmailAddress::parse(&address) {
                Ok(address) => emails.push((address, EmailKind::Other, false)),
                Err(error) => {
                    result
                        .problems
                        .push(table.problem(row, &f.emails, error.to_string()))
                }
            }
        }
        let employment = split_multi(table.cell(row, column(&f.company)))
            .into_iter()
            .map(|organization| (organization, None, true))
            .collect();
        let index = result.batch.people.len();
        by_name.entry(folded).or_default().push(index);
        row_person.push(Some(index));
        backlinks.rows.push(row.number);
        backlinks
            .interactions
            .push(split_multi(table.cell(row, column(&f.interactions))));
        result.batch.people.push(ImportPerson {
            key,
            given_name: given,
            family_name: family,
            display_name: display,
            closeness: closeness_tier,
            introduced_by: None,
            linkedin_url: Some(table.cell(row, column(&f.linkedin)).to_owned())
                .filter(|s| !s.is_empty()),
            location: Some(table.cell(row, column(&f.location)).to_owned())
                .filter(|s| !s.is_empty()),
            notes: table.cell(row, column(&f.notes)).to_owned(),
            tags: split_multi(table.cell(row, column(&f.tags))),
            emails,
            employment,
            ..ImportPerson::default()
        });
    }
    row_person
}

fn read_emails(
    table: &Table,
    mapping: &Mapping,
    by_name: &HashMap<String, Vec<usize>>,
    backlinks: &Backlinks,
    result: &mut AirtableImport,
) {
    let f = &mapping.emails;
    let (email, person, primary, kind) = (
        table.column(&f.email),
        table.column(&f.person),
        table.column(&f.primary),
        table.column(&f.kind),
    );
    for row in &table.rows {
        let address = match EmailAddress::parse(table.cell(row, email)) {
            Ok(address) => address,
            Err(error) => {
                result
                    .problems
                    .push(table.problem(row, &f.email, error.to_string()));
                continue;
            }
        };
        let email_kind = match EmailKind::parse(table.cell(row, kind)) {
            Ok(kind) => kind,
            Err(error) => {
                result
                    .problems
                    .push(table.problem(row, &f.kind, error.to_string()));
                EmailKind::Other
            }
        };
        let is_primary = checkbox(table.cell(row, primary));
        let owner = table.cell(row, person);
        if owner.is_empty() {
            result.batch.loose_emails.push((address, email_kind));
            continue;
        }
        let names = split_multi(owner);
        let name = names.first().map_or(owner, String::as_str);
        let found = resolve(
            name,
            by_name,
            &result.batch.people,
            std::slice::from_ref(&address),
        );
        match found {
            Some(index) => {
                let person = &mut result.batch.people[index];
                match person.emails.iter_mut().find(|(a, _, _)| *a == address) {
                    Some(existing) => {
                        existing.1 = email_kind;
                        existing.2 = is_primary;
                    }
                    None => person.emails.push((address, email_kind, is_primary)),
                }
            }
            None => {
                let candidates = by_name.get(&fold_name(name)).cloned().unwrap_or_default();
                result.problems.push(ambiguity(
                    table,
                    row,
                    &f.person,
                    name,
                    &candidates,
                    backlinks,
                ));
                result.batch.loose_emails.push((address, email_kind));
            }
        }
    }
}

fn read_organizations(
    table: &Table,
    mapping: &Mapping,
    by_name: &HashMap<String, Vec<usize>>,
    backlinks: &Backlinks,
    result: &mut AirtableImport,
) {
    let f = &mapping.organizations;
    let column = |name: &str| table.column(name);
    for row in &table.rows {
        let name = table.cell(row, column(&f.name));
        if name.is_empty() {
            result.problems.push(table.problem(
                row,
                &f.name,
                "an organization with no name was skipped",
            ));
            continue;
        }
        let interest = match InvestorInterest::parse(table.cell(row, column(&f.investor_interest)))
        {
            Ok(interest) => interest,
            Err(error) => {
                result
                    .problems
                    .push(table.problem(row, &f.investor_interest, error.to_string()));
                InvestorInterest::None
            }
        };
        for (field, current) in [(&f.current_employees, true), (&f.former_employees, false)] {
            for person in split_multi(table.cell(row, column(field))) {
                let company = &mapping.people.company;
                let works_here = |candidate: usize| {
                    result.batch.people[candidate]
                        .employment
                        .iter()
                        .any(|(o, _, _)| o.eq_ignore_ascii_case(name))
                };
                let found =
                    match resolve_among(&person, by_name, &result.batch.people, &[], &works_here) {
                        Resolved::One(index) => Some(index),
                        Resolved::Settled(index) => {
                            let note =
                                settled(table, row, field, &person, company, index, backlinks);
                            result.settled.push(note);
                            Some(index)
                        }
                        Resolved::Unresolved(candidates) => {
                            result.problems.push(ambiguity(
                                table,
                                row,
                                field,
                                &person,
                                &candidates,
                                backlinks,
                            ));
                            None
                        }
                    };
                if let Some(index) = found {
                    let employment = &mut result.batch.people[index].employment;
                    match employment
                        .iter_mut()
                        .find(|(o, _, _)| o.eq_ignore_ascii_case(name))
                    {
                        Some(existing) => existing.2 = current,
                        None => employment.push((name.to_owned(), None, current)),
                    }
                }
            }
        }
        result.batch.organizations.push(ImportOrganization {
            name: name.to_owned(),
            tags: split_multi(table.cell(row, column(&f.tags))),
            investor_interest: interest,
            notes: table.cell(row, column(&f.notes)).to_owned(),
            // A URL or `www.` typed as a domain is its bare domain.
            domains: split_multi(table.cell(row, column(&f.domains)))
                .iter()
                .map(|d| crate::domain::text::bare_domain(d))
                .filter(|d| d.contains('.'))
                .collect(),
        });
    }
}

fn read_interactions(
    table: &Table,
    mapping: &Mapping,
    by_name: &HashMap<String, Vec<usize>>,
    backlinks: &Backlinks,
    result: &mut AirtableImport,
) {
    let f = &mapping.interactions;
    let column = |name: &str| table.column(name);
    let date_column = table
        .headers
        .get(column(&f.date).unwrap_or(usize::MAX))
        .cloned()
        .unwrap_or_default();
    let date_format = mapping
        .date_format("Interactions", &date_column)
        .map(str::to_owned);
    // Slash dates are read one way for the whole column, as a date in it proves, or not
    // at all: never day first in one row and month first in the next.
    let order = if date_format.is_some() {
        None
    } else {
        match slash_order(
            table
                .rows
                .iter()
                .map(|row| table.cell(row, column(&f.date))),
        ) {
            Ok(order) => order,
            Err(message) => {
                result.problems.push(Problem {
                    file: table.file.clone(),
                    row: None,
                    column: Some(date_column.clone()),
                    message: format!(
                        "{message}; say which in the mapping's [dates] section, e.g. \"Interactions.{date_column}\" = \"%m/%d/%Y\" (or \"%d/%m/%Y\")"
                    ),
                });
                None
            }
        }
    };
    // Two identical rows are two interactions (two calls on one day): number them.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let occurred_on = match parse_date(
            table.cell(row, column(&f.date)),
            date_format.as_deref(),
            order,
        ) {
            Ok(date) => date,
            Err(message) => {
                result.problems.push(table.problem(
                    row,
                    &f.date,
                    format!("{message}; the interaction was skipped"),
                ));
                continue;
            }
        };
        let type_text = table.cell(row, column(&f.kind));
        let kind = if type_text.is_empty() {
            InteractionType::Other
        } else {
            let mapped = mapping
                .types
                .iter()
                .find(|(label, _)| label.eq_ignore_ascii_case(type_text))
                .map(|(_, kith)| kith.as_str())
                .unwrap_or(type_text);
            match InteractionType::parse(mapped) {
                Ok(kind) => kind,
                Err(error) => {
                    result.problems.push(table.problem(
                        row,
                        &f.kind,
                        format!("{error}; recorded as other"),
                    ));
                    InteractionType::Other
                }
            }
        };
        let mut missing = Vec::new();
        for address in split_multi(table.cell(row, column(&f.missing_people))) {
            match EmailAddress::parse(&address) {
                Ok(address) => missing.push(address),
                Err(error) => {
                    result
                        .problems
                        .push(table.problem(row, &f.missing_people, error.to_string()))
                }
            }
        }
        let mut people = Vec::new();
        // The People table's Interactions backlink names this row by its first column.
        let primary = row.cells.first().map_or("", |c| c.trim());
        let names_this = |candidate: usize| {
            !primary.is_empty()
                && backlinks
                    .interactions
                    .get(candidate)
                    .is_some_and(|list| list.iter().any(|i| i == primary))
        };
        for name in split_multi(table.cell(row, column(&f.people))) {
            match resolve_among(&name, by_name, &result.batch.people, &missing, &names_this) {
                Resolved::One(index) => people.push(result.batch.people[index].key.clone()),
                Resolved::Settled(index) => {
                    result.settled.push(settled(
                        table,
                        row,
                        &f.people,
                        &name,
                        &mapping.people.interactions,
                        index,
                        backlinks,
                    ));
                    people.push(result.batch.people[index].key.clone());
                }
                Resolved::Unresolved(candidates) => result.problems.push(ambiguity(
                    table,
                    row,
                    &f.people,
                    &name,
                    &candidates,
                    backlinks,
                )),
            }
        }
        let event = table.cell(row, column(&f.calendar_event_id));
        let notes = table.cell(row, column(&f.notes)).to_owned();
        let did_not_happen = checkbox(table.cell(row, column(&f.did_not_happen)));
        let initiated_by_other = checkbox(table.cell(row, column(&f.initiated_by_other)));
        let mut sorted_people = people.clone();
        sorted_people.sort();
        let signature = digest(&[
            &occurred_on.to_string(),
            kind.as_str(),
            &sorted_people.join(","),
            &notes,
            event,
            &did_not_happen.to_string(),
        ]);
        let occurrence = seen.entry(signature.clone()).or_insert(0);
        *occurrence += 1;
        let key = format!("airtable:{signature}#{occurrence}");
        result.batch.interactions.push(ImportInteraction {
            key,
            calendar_event_id: Some(event.to_owned()).filter(|e| !e.is_empty()),
            occurred_on,
            kind,
            title: table.cell(row, column(&f.title)).to_owned(),
            notes,
            did_not_happen,
            initiated_by_other,
            people,
            attendees: missing,
        });
    }
}
