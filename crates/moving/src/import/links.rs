//! How an Airtable link — a display name in a cell — resolves to one person: by name,
//! and among namesakes by the addresses in the same row or by a backlink the export
//! carries (the People table's Interactions and Company columns); never guessed. A true
//! ambiguity is reported with every candidate's row; a settled one says which column
//! settled it.

use std::collections::HashMap;

use super::table::{Problem, Table};
use kith_domain::import::ImportPerson;
use kith_domain::model::EmailAddress;

/// What the People table says of each person read from it (by person index): the row it
/// came from, and the interactions its `Interactions` backlink names (their first column).
#[derive(Default)]
pub(super) struct Backlinks {
    pub(super) rows: Vec<usize>,
    pub(super) interactions: Vec<Vec<String>>,
}

/// A name resolved to one person, or why not: the candidates (none, or several).
pub(super) enum Resolved {
    One(usize),
    /// Several share the name; a backlink named this one.
    Settled(usize),
    Unresolved(Vec<usize>),
}

pub(super) fn fold_name(name: &str) -> String {
    kith_domain::text::name_key(name)
}

/// Finds the one person a display name means; with several of that name, the one whose
/// addresses include one of `addresses` (from the same row) wins. `None` otherwise.
pub(super) fn resolve(
    name: &str,
    by_name: &HashMap<String, Vec<usize>>,
    people: &[ImportPerson],
    addresses: &[EmailAddress],
) -> Option<usize> {
    let candidates = by_name.get(&fold_name(name))?;
    match candidates.as_slice() {
        [only] => Some(*only),
        several => {
            let matching: Vec<usize> = several
                .iter()
                .copied()
                .filter(|index| {
                    people[*index]
                        .emails
                        .iter()
                        .any(|(address, _, _)| addresses.contains(address))
                })
                .collect();
            (matching.len() == 1).then(|| matching[0])
        }
    }
}

/// Resolves a name like `resolve`; among namesakes, `backlink` (a column of the People
/// table and what it says of each candidate) may name the one.
pub(super) fn resolve_among(
    name: &str,
    by_name: &HashMap<String, Vec<usize>>,
    people: &[ImportPerson],
    addresses: &[EmailAddress],
    backlink: &dyn Fn(usize) -> bool,
) -> Resolved {
    if let Some(found) = resolve(name, by_name, people, addresses) {
        return Resolved::One(found);
    }
    let candidates = by_name.get(&fold_name(name)).cloned().unwrap_or_default();
    let named: Vec<usize> = candidates
        .iter()
        .copied()
        .filter(|c| backlink(*c))
        .collect();
    match named.as_slice() {
        [only] if candidates.len() > 1 => Resolved::Settled(*only),
        _ => Resolved::Unresolved(candidates),
    }
}

/// "2 people are named … (People rows 4 and 5) …": a true ambiguity, with both rows.
pub(super) fn ambiguity(
    table: &Table,
    row: &super::table::Row,
    column: &str,
    name: &str,
    candidates: &[usize],
    backlinks: &Backlinks,
) -> Problem {
    if candidates.len() < 2 {
        return table.problem(
            row,
            column,
            format!("no person named {name:?} in the People table; the link was left out"),
        );
    }
    let rows: Vec<String> = candidates
        .iter()
        .filter_map(|c| backlinks.rows.get(*c))
        .map(ToString::to_string)
        .collect();
    table.problem(
        row,
        column,
        format!(
            "{} people are named {name:?} (People rows {}) and nothing in the export tells them apart; the link was left out",
            candidates.len(),
            rows.join(" and ")
        ),
    )
}

/// A link between namesakes that a backlink settled: the name, the People column that
/// settled it, and the person it chose.
pub(super) struct Settled<'a> {
    pub name: &'a str,
    pub by: &'a str,
    pub person: usize,
}

/// The note for a link between namesakes that a backlink settled.
pub(super) fn settled(
    table: &Table,
    row: &super::table::Row,
    column: &str,
    Settled { name, by, person }: Settled,
    backlinks: &Backlinks,
) -> Problem {
    table.problem(
        row,
        column,
        format!(
            "several people are named {name:?}; the People table's {by:?} column settled it: the one in People row {}",
            backlinks.rows.get(person).copied().unwrap_or(0)
        ),
    )
}
