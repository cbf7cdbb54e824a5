//! One person met twice in a file: two entries that share an address or an id are one
//! person. The later is folded into the earlier — its name (when another) and aliases
//! become aliases, its notes are added after theirs, its addresses, tags, numbers and
//! jobs joined, a field the earlier lacks filled (one both fill differently keeps the
//! earlier's) — and a problem names both entries, so the store sees one person and its
//! counts are true. Every contact reader folds its batch with `fold_batch`; the Airtable
//! reader folds row by row (its links need each person's place) with the same `Owners`
//! and `fold_into`. Pure.

use std::collections::HashMap;

use super::table::Problem;
use kith_domain::import::{ImportBatch, ImportPerson, Origin, Place};
use kith_domain::model::EmailAddress;
use kith_domain::text::spelling_key;

/// What a later entry shares with an earlier one.
pub(super) enum Shared {
    Address(EmailAddress),
    Key(String),
}

/// Which person of a batch each key and address belongs to: the first entry that has it.
#[derive(Default)]
pub(super) struct Owners {
    keys: HashMap<String, usize>,
    addresses: HashMap<EmailAddress, usize>,
}

impl Owners {
    /// The earlier person `person` is, and what they share (an address, else the key).
    pub(super) fn earlier(&self, person: &ImportPerson) -> Option<(usize, Shared)> {
        let by_address = person.emails.iter().find_map(|(address, _, _)| {
            let index = *self.addresses.get(address)?;
            Some((index, Shared::Address(address.clone())))
        });
        by_address.or_else(|| {
            let index = *self.keys.get(&person.key)?;
            Some((index, Shared::Key(person.key.clone())))
        })
    }

    /// `person`'s key and addresses are the person at `index`'s (unless an earlier one
    /// has them already).
    pub(super) fn claim(&mut self, person: &ImportPerson, index: usize) {
        self.keys.entry(person.key.clone()).or_insert(index);
        for (address, _, _) in &person.emails {
            self.addresses.entry(address.clone()).or_insert(index);
        }
    }
}

/// Folds every entry of `batch` that shares an id or an address with an earlier one
/// into it, each fold a problem naming both entries. What named a folded entry by its
/// key (interactions, introducers, note lines) names the person it became.
pub fn fold_batch(batch: &mut ImportBatch) -> Vec<Problem> {
    let mut owners = Owners::default();
    let mut kept: Vec<ImportPerson> = Vec::with_capacity(batch.people.len());
    let mut renamed: HashMap<String, String> = HashMap::new();
    let mut problems = Vec::new();
    for person in std::mem::take(&mut batch.people) {
        match owners.earlier(&person) {
            Some((index, shared)) => {
                owners.claim(&person, index);
                if person.key != kept[index].key {
                    renamed.insert(person.key.clone(), kept[index].key.clone());
                }
                let origin = person.origin.clone();
                let message = fold_into(&mut kept[index], person, &shared);
                problems.push(located(origin.as_ref(), message));
            }
            None => {
                owners.claim(&person, kept.len());
                kept.push(person);
            }
        }
    }
    batch.people = kept;
    if !renamed.is_empty() {
        let rename = |key: &mut String| {
            if let Some(to) = renamed.get(key.as_str()) {
                key.clone_from(to);
            }
        };
        for interaction in &mut batch.interactions {
            interaction.people.iter_mut().for_each(rename);
            let mut seen = std::collections::HashSet::new();
            interaction.people.retain(|key| seen.insert(key.clone()));
        }
        for person in &mut batch.people {
            person.introduced_by.iter_mut().for_each(rename);
        }
        for (key, _) in &mut batch.note_lines {
            rename(key);
        }
    }
    problems
}

/// A problem at an entry: its row, or its card in the message.
fn located(origin: Option<&Origin>, message: String) -> Problem {
    let (file, row, message) = match origin {
        Some(Origin {
            file,
            place: Place::Row(row),
        }) => (file.clone(), Some(*row), message),
        Some(Origin {
            file,
            place: Place::Card(card),
        }) => (file.clone(), None, format!("card {card}: {message}")),
        None => ("the import".to_owned(), None, message),
    };
    Problem {
        file,
        row,
        column: None,
        message,
    }
}

/// `later` folded into `earlier` (what they share: `shared`); the problem's words, naming
/// the earlier entry (the problem is located at the later one).
pub(super) fn fold_into(
    earlier: &mut ImportPerson,
    later: ImportPerson,
    shared: &Shared,
) -> String {
    let earlier_name = earlier.shown_name();
    let (unit, units) = match later.origin.as_ref().map(|o| o.place) {
        Some(Place::Card(_)) => ("card", "cards"),
        Some(Place::Row(_)) => ("row", "rows"),
        None => ("entry", "entries"),
    };
    let earlier_at = earlier
        .origin
        .as_ref()
        .map_or_else(|| format!("an earlier {unit}"), |o| o.place.to_string());
    let has_notes = !later.notes.trim().is_empty();
    let (aliases, differing) = merge_into(earlier, later);
    let mut message = match shared {
        Shared::Address(address) => format!(
            "{address} is also in {earlier_at} ({earlier_name:?}): the two {units} are one person"
        ),
        Shared::Key(key) => format!(
            "{earlier_at} ({earlier_name:?}) has the same id ({key}): the two {units} are one person"
        ),
    };
    match aliases.as_slice() {
        [] => {}
        [one] => message.push_str(&format!("; {one:?} is kept as another name of theirs")),
        many => message.push_str(&format!(
            "; {} are kept as other names of theirs",
            many.iter()
                .map(|a| format!("{a:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
    if has_notes {
        message.push_str(&format!("; this {unit}'s notes are added to theirs"));
    }
    match differing.as_slice() {
        [] => {}
        [one] => message.push_str(&format!("; its {one} differs, {earlier_at}'s is kept")),
        many => message.push_str(&format!(
            "; its {} differ, {earlier_at}'s are kept",
            many.join(", ")
        )),
    }
    message
}

/// A later entry of the same person folded into the earlier one: its names the earlier
/// is not known by become aliases, its notes are added after theirs (unless they have
/// them), its addresses, tags, phones and jobs joined; a field the earlier lacks is
/// filled. Returns the aliases added and the fields both fill differently.
fn merge_into(earlier: &mut ImportPerson, later: ImportPerson) -> (Vec<String>, Vec<&'static str>) {
    let mut known: Vec<String> = earlier.names().iter().map(|n| spelling_key(n)).collect();
    let mut added = Vec::new();
    for name in later.names() {
        let key = spelling_key(&name);
        if !key.is_empty() && !known.contains(&key) {
            known.push(key);
            earlier.aliases.push(name.clone());
            added.push(name);
        }
    }
    let notes = later.notes.trim();
    if !notes.is_empty() && !earlier.notes.contains(notes) {
        earlier.notes = if earlier.notes.trim().is_empty() {
            notes.to_owned()
        } else {
            format!("{}\n\n{notes}", earlier.notes.trim_end())
        };
    }
    for email in later.emails {
        if !earlier.emails.iter().any(|(a, _, _)| *a == email.0) {
            earlier.emails.push(email);
        }
    }
    for tag in later.tags {
        if !earlier.tags.iter().any(|t| t.eq_ignore_ascii_case(&tag)) {
            earlier.tags.push(tag);
        }
    }
    for phone in later.phones {
        if !earlier.phones.iter().any(|(n, _)| *n == phone.0) {
            earlier.phones.push(phone);
        }
    }
    for job in later.employment {
        if !earlier
            .employment
            .iter()
            .any(|(o, _, _)| o.eq_ignore_ascii_case(&job.0))
        {
            earlier.employment.push(job);
        }
    }
    let mut differing = Vec::new();
    fill(
        &mut earlier.closeness,
        later.closeness,
        "tier",
        &mut differing,
    );
    fill(
        &mut earlier.linkedin_url,
        later.linkedin_url,
        "LinkedIn",
        &mut differing,
    );
    fill(
        &mut earlier.location,
        later.location,
        "location",
        &mut differing,
    );
    fill(
        &mut earlier.birthday,
        later.birthday,
        "birthday",
        &mut differing,
    );
    fill(
        &mut earlier.cadence_days,
        later.cadence_days,
        "cadence",
        &mut differing,
    );
    fill(
        &mut earlier.introduced_by,
        later.introduced_by,
        "introducer",
        &mut differing,
    );
    (added, differing)
}

/// Fills an empty field from a later entry, or notes that the two differ on it.
fn fill<T: PartialEq>(
    earlier: &mut Option<T>,
    later: Option<T>,
    field: &'static str,
    differing: &mut Vec<&'static str>,
) {
    match (earlier.as_ref(), later) {
        (None, later) => *earlier = later,
        (Some(mine), Some(theirs)) if *mine != theirs => differing.push(field),
        _ => {}
    }
}
