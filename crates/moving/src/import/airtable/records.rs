//! The Organizations and Interactions tables, whose links name people (resolved by row
//! and backlink, never guessed), and kith's own ignore-rules file.

use std::collections::HashMap;

use super::super::links::{Backlinks, Resolved, Settled, ambiguity, resolve_among, settled};
use super::super::table::{Problem, Row, Table, checkbox, parse_date, split_multi};
use super::{AirtableImport, DateColumn, Mapping, digest};
use crate::layout::{InteractionFields, OrganizationFields};
use kith_domain::email::normalize_ignore_pattern;
use kith_domain::import::{ImportAttendee, ImportInteraction, ImportOrganization, ImportPerson};
use kith_domain::model::{EmailAddress, InteractionType, InvestorInterest, ResponseStatus};

pub(super) fn read_organizations(
    table: &Table,
    mapping: &Mapping,
    by_name: &HashMap<String, Vec<usize>>,
    backlinks: &Backlinks,
    result: &mut AirtableImport,
) {
    let f = &mapping.organizations;
    let column = |name: &str| table.column(name);
    // Each organization of the file by its name up to case and spaces (as kith keys
    // it): its place in the batch and its row.
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
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
                            let by = Settled {
                                name: &person,
                                by: company,
                                person: index,
                            };
                            let note = settled(table, row, field, by, backlinks);
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
        let organization = organization_of(table, row, f, name, interest);
        let key = name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        match seen.get(&key) {
            Some(&(index, earlier_row)) => {
                let earlier = &mut result.batch.organizations[index];
                let message = fold_organization(earlier, earlier_row, organization);
                result.problems.push(table.problem(row, &f.name, message));
            }
            None => {
                seen.insert(key, (result.batch.organizations.len(), row.number));
                result.batch.organizations.push(organization);
            }
        }
    }
}

/// The organization one row of the Organizations file is, its name and investor
/// interest read already.
fn organization_of(
    table: &Table,
    row: &Row,
    f: &OrganizationFields,
    name: &str,
    interest: InvestorInterest,
) -> ImportOrganization {
    let column = |name: &str| table.column(name);
    ImportOrganization {
        name: name.to_owned(),
        tags: split_multi(table.cell(row, column(&f.tags))),
        investor_interest: interest,
        notes: table.cell(row, column(&f.notes)).to_owned(),
        // A URL or `www.` typed as a domain is its bare domain.
        domains: split_multi(table.cell(row, column(&f.domains)))
            .iter()
            .map(|d| kith_domain::text::bare_domain(d))
            .filter(|d| d.contains('.'))
            .collect(),
    }
}

/// A later Organizations row with the name of an earlier one (up to case) folded into
/// it, as two People rows of one person are: notes added after theirs, tags and domains
/// joined, an investor interest the earlier row lacks filled; the problem naming both
/// rows and any field they fill differently (the earlier row's kept).
fn fold_organization(
    earlier: &mut ImportOrganization,
    earlier_row: usize,
    later: ImportOrganization,
) -> String {
    let notes = later.notes.trim();
    let notes_added = !notes.is_empty() && !earlier.notes.contains(notes);
    if notes_added {
        earlier.notes = if earlier.notes.trim().is_empty() {
            notes.to_owned()
        } else {
            format!("{}\n\n{notes}", earlier.notes.trim_end())
        };
    }
    for tag in later.tags {
        if !earlier.tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            earlier.tags.push(tag);
        }
    }
    for domain in later.domains {
        if !earlier.domains.contains(&domain) {
            earlier.domains.push(domain);
        }
    }
    let mut kept = String::new();
    if earlier.investor_interest == InvestorInterest::None {
        earlier.investor_interest = later.investor_interest;
    } else if later.investor_interest != InvestorInterest::None
        && later.investor_interest != earlier.investor_interest
    {
        kept = format!("; its investor interest differs, row {earlier_row}'s is kept");
    }
    format!(
        "{:?} is also row {earlier_row} ({:?}), up to case: the two rows are one organization; {}{kept}",
        later.name,
        earlier.name,
        if notes_added {
            "this row's notes are added to theirs, its tags and domains joined"
        } else {
            "its tags and domains are joined"
        }
    )
}

pub(super) fn read_interactions(
    table: &Table,
    mapping: &Mapping,
    by_name: &HashMap<String, Vec<usize>>,
    backlinks: &Backlinks,
    today: chrono::NaiveDate,
    result: &mut AirtableImport,
) {
    let f = &mapping.interactions;
    let column = |name: &str| table.column(name);
    let dates = super::date_column(
        table,
        mapping,
        "Interactions",
        &f.date,
        &mut result.problems,
    );
    let cx = InteractionsContext {
        table,
        mapping,
        by_name,
        backlinks,
    };
    // Two identical rows are two interactions (two calls on one day): number them.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let Some(occurred_on) = occurred_on(table, row, f, &dates, today, &mut result.problems)
        else {
            continue;
        };
        let type_text = table.cell(row, column(&f.kind));
        let kind = kind_of(mapping, type_text);
        let type_word = kith_domain::text::own_word(type_text, kind);
        let attendees = attendees_and_missing(table, row, f, &mut result.problems);
        let addresses: Vec<EmailAddress> = attendees.iter().map(|a| a.address.clone()).collect();
        let mut people = people_of(&cx, row, &addresses, result);
        if people.is_empty() && attendees.is_empty() {
            result.problems.push(table.problem(
                row,
                &f.people,
                "the interaction has no people: it was imported with no one (link someone to it in kith)",
            ));
        }
        let event = table.cell(row, column(&f.calendar_event_id));
        let notes = table.cell(row, column(&f.notes)).to_owned();
        let did_not_happen = checkbox(table.cell(row, column(&f.did_not_happen)));
        let initiated_by_other = checkbox(table.cell(row, column(&f.initiated_by_other)));
        let mut sorted_people = people.clone();
        sorted_people.sort();
        drop_attended(&mut people, &attendees, &result.batch.people);
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
        let (occurred_at, time_zone) = meeting_time(table, row, f, &mut result.problems);
        result.batch.interactions.push(ImportInteraction {
            key,
            calendar_event_id: Some(event.to_owned()).filter(|e| !e.is_empty()),
            occurred_on,
            occurred_at,
            time_zone,
            kind,
            type_word,
            title: table.cell(row, column(&f.title)).to_owned(),
            notes,
            did_not_happen,
            initiated_by_other,
            people,
            attendees,
        });
    }
}

/// What every Interactions row's people are resolved with.
struct InteractionsContext<'a> {
    table: &'a Table,
    mapping: &'a Mapping,
    by_name: &'a HashMap<String, Vec<usize>>,
    backlinks: &'a Backlinks,
}

/// A row's date, read the way its column is; a row without one is skipped, and one
/// after `today` is imported as planned, each with a problem.
fn occurred_on(
    table: &Table,
    row: &Row,
    f: &InteractionFields,
    dates: &DateColumn,
    today: chrono::NaiveDate,
    problems: &mut Vec<Problem>,
) -> Option<chrono::NaiveDate> {
    let occurred_on = match parse_date(
        table.cell(row, table.column(&f.date)),
        dates.format.as_deref(),
        dates.order,
    ) {
        Ok(date) => date,
        Err(message) => {
            problems.push(table.problem(
                row,
                &f.date,
                format!("{message}; the interaction was skipped"),
            ));
            return None;
        }
    };
    // A planned meeting is an interaction too: imported, but never without a word.
    if occurred_on > today {
        problems.push(table.problem(
            row,
            &f.date,
            format!(
                "{occurred_on} is after today ({today}): imported as planned; if it is a typo, correct it in kith"
            ),
        ));
    }
    Some(occurred_on)
}

/// The type a row's word is, through the mapping's types: a word that is no type is
/// other; the file's word is kept either way (the report lists each word that is not a
/// type's name, with its count).
fn kind_of(mapping: &Mapping, type_text: &str) -> InteractionType {
    if type_text.is_empty() {
        InteractionType::Other
    } else {
        let mapped = mapping
            .types
            .iter()
            .find(|(label, _)| label.eq_ignore_ascii_case(type_text))
            .map(|(_, kith)| kith.as_str())
            .unwrap_or(type_text);
        InteractionType::parse(mapped).unwrap_or(InteractionType::Other)
    }
}

/// A row's attendees: kith's Attendees column, then each address of its missing-people
/// column not among them, accepted.
fn attendees_and_missing(
    table: &Table,
    row: &Row,
    f: &InteractionFields,
    problems: &mut Vec<Problem>,
) -> Vec<ImportAttendee> {
    let mut attendees = attendees_of(table, row, &f.attendees, problems);
    let mut missing = Vec::new();
    for address in split_multi(table.cell(row, table.column(&f.missing_people))) {
        match EmailAddress::parse(&address) {
            Ok(address) => missing.push(address),
            Err(error) => problems.push(table.problem(row, &f.missing_people, error.to_string())),
        }
    }
    for address in &missing {
        if !attendees.iter().any(|a| a.address == *address) {
            attendees.push(ImportAttendee::accepted(address.clone()));
        }
    }
    attendees
}

/// The keys of the people a row's People cell names, each name resolved by the row's
/// attendees' addresses or the People table's backlinks to it; a name that is no one
/// person is a problem.
fn people_of(
    cx: &InteractionsContext,
    row: &Row,
    addresses: &[EmailAddress],
    result: &mut AirtableImport,
) -> Vec<String> {
    let (table, f) = (cx.table, &cx.mapping.interactions);
    let mut people = Vec::new();
    // The People table's Interactions backlink names this row by its first column.
    let primary = row.cells.first().map_or("", |c| c.trim());
    let names_this = |candidate: usize| {
        !primary.is_empty()
            && cx
                .backlinks
                .interactions
                .get(candidate)
                .is_some_and(|list| list.iter().any(|i| i == primary))
    };
    for name in split_multi(table.cell(row, table.column(&f.people))) {
        match resolve_among(
            &name,
            cx.by_name,
            &result.batch.people,
            addresses,
            &names_this,
        ) {
            Resolved::One(index) => people.push(result.batch.people[index].key.clone()),
            Resolved::Settled(index) => {
                let by = Settled {
                    name: &name,
                    by: &cx.mapping.people.interactions,
                    person: index,
                };
                result
                    .settled
                    .push(settled(table, row, &f.people, by, cx.backlinks));
                people.push(result.batch.people[index].key.clone());
            }
            Resolved::Unresolved(candidates) => result.problems.push(ambiguity(
                table,
                row,
                &f.people,
                &name,
                &candidates,
                cx.backlinks,
            )),
        }
    }
    people
}

/// Takes out of `people` everyone who attended by address (and did not decline): they
/// count through it, and the People cell only repeats them.
fn drop_attended(people: &mut Vec<String>, attendees: &[ImportAttendee], all: &[ImportPerson]) {
    let attended: Vec<&EmailAddress> = attendees
        .iter()
        .filter(|a| a.response != ResponseStatus::Declined)
        .map(|a| &a.address)
        .collect();
    people.retain(|key| {
        all.iter()
            .find(|p| p.key == *key)
            .is_none_or(|p| !p.emails.iter().any(|(a, _, _)| attended.contains(&a)))
    });
}

/// kith's own start instant (RFC 3339) and time zone of a meeting; a cell that is
/// neither is left out, with a problem.
fn meeting_time(
    table: &Table,
    row: &Row,
    f: &InteractionFields,
    problems: &mut Vec<Problem>,
) -> (Option<String>, Option<String>) {
    let starts_at = table.cell(row, table.column(&f.starts_at));
    let occurred_at = if starts_at.is_empty() {
        None
    } else {
        match chrono::DateTime::parse_from_rfc3339(starts_at) {
            Ok(_) => Some(starts_at.to_owned()),
            Err(_) => {
                problems.push(table.problem(
                    row,
                    &f.starts_at,
                    format!("{starts_at:?} is not a time like 2024-03-05T14:30:00Z; left out"),
                ));
                None
            }
        }
    };
    let zone = table.cell(row, table.column(&f.time_zone));
    let time_zone = if zone.is_empty() {
        None
    } else if zone.parse::<chrono_tz::Tz>().is_ok() {
        Some(zone.to_owned())
    } else {
        problems.push(table.problem(
            row,
            &f.time_zone,
            format!("{zone:?} is not a time zone like Europe/Berlin; left out"),
        ));
        None
    };
    (occurred_at, time_zone)
}

/// kith's "Attendees" column: `jane@acme.io (declined), sam@acme.io (taken off)`; an
/// address without an answer accepted.
fn attendees_of(
    table: &Table,
    row: &Row,
    column: &str,
    problems: &mut Vec<Problem>,
) -> Vec<ImportAttendee> {
    let mut attendees: Vec<ImportAttendee> = Vec::new();
    for item in split_multi(table.cell(row, table.column(column))) {
        let (address, answer) = match item.rsplit_once(" (") {
            Some((address, answer)) if answer.ends_with(')') => {
                (address.trim(), answer.trim_end_matches(')'))
            }
            _ => (item.as_str(), "accepted"),
        };
        let (response, removed_by_hand) = match answer {
            "accepted" => (ResponseStatus::Accepted, false),
            "tentative" => (ResponseStatus::Tentative, false),
            "declined" => (ResponseStatus::Declined, false),
            "needs-action" => (ResponseStatus::NeedsAction, false),
            "taken off" => (ResponseStatus::Declined, true),
            other => {
                problems.push(table.problem(
                    row,
                    column,
                    format!("{other:?} is not an answer (accepted, tentative, declined, needs-action or taken off)"),
                ));
                continue;
            }
        };
        match EmailAddress::parse(address) {
            Ok(address) if !attendees.iter().any(|a| a.address == address) => {
                attendees.push(ImportAttendee {
                    address,
                    response,
                    removed_by_hand,
                })
            }
            Ok(_) => {}
            Err(error) => problems.push(table.problem(row, column, error.to_string())),
        }
    }
    attendees
}

/// kith's ignore-rules file: one pattern a row.
pub(super) fn read_ignore_rules(table: &Table, mapping: &Mapping, result: &mut AirtableImport) {
    let column = &mapping.ignore_rules.pattern;
    for row in &table.rows {
        let pattern = table.cell(row, table.column(column));
        if pattern.is_empty() {
            continue;
        }
        match normalize_ignore_pattern(pattern) {
            Ok(pattern) => result.batch.ignore_rules.push(pattern),
            Err(error) => result
                .problems
                .push(table.problem(row, column, error.to_string())),
        }
    }
}
