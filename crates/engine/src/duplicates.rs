//! Likely duplicates as the owner sees them: named pairs with **Merge into …** and
//! **Not the same**, the /dupes list, and the merge and "not the same" answers (with
//! the follow-ups, topics and dates that move, and what gives way). Both people of a
//! pair are named as namesakes are told apart (`told_apart`).

use super::callback::Callback;
use super::questions::cancel_button;
use super::reply::{Reply, Subject};
use super::widgets::{button, plural, truncate};
use super::{Engine, PAGE_SIZE};
use kith_domain::dupes::Duplicate;
use kith_domain::error::Refusal;
use kith_domain::model::PersonId;
use kith_domain::pairs::find_top_duplicates;
use kith_store::{Error, MergePlan};

/// "Bob Smith (#1)": a name with the number that identifies it, unless its label ends
/// with that number already.
fn with_number(label: &str, id: PersonId) -> String {
    if label.ends_with(&format!("· #{id}")) {
        label.to_owned()
    } else {
        format!("{label} (#{id})")
    }
}

/// A likely duplicate pair with both names, as the digest and /dupes show it.
#[derive(Clone, Debug, PartialEq)]
pub struct NamedDuplicate {
    pub pair: Duplicate,
    pub first_name: String,
    pub second_name: String,
}

impl NamedDuplicate {
    /// "Bob Smith (#1) and Robert Smith (#7) — bob is short for robert"
    pub fn describe(&self) -> String {
        format!(
            "{} and {} — {}",
            with_number(&self.first_name, self.pair.first),
            with_number(&self.second_name, self.pair.second),
            self.pair.reason
        )
    }

    /// Merge (after a confirmation) into the older record, or keep them apart.
    pub fn buttons(&self, suffix: &str) -> Vec<super::reply::Button> {
        vec![
            button(
                // Cut the name, never the number that tells the buttons of a list apart.
                format!(
                    "Merge into {}{suffix}",
                    truncate(&self.first_name, 29 - suffix.chars().count())
                ),
                Callback::MergeAsk {
                    keep: self.pair.first,
                    other: self.pair.second,
                },
            ),
            button(
                format!("Not the same{suffix}"),
                Callback::NotSame {
                    first: self.pair.first,
                    second: self.pair.second,
                },
            ),
        ]
    }
}

impl Engine<'_> {
    /// The `top` likely duplicates the owner has not called different (nor `also_skip`),
    /// most certain first, and how many there are: among everyone, or only those
    /// involving someone in `focus` (who changed lately).
    pub(super) fn duplicate_candidates(
        &self,
        focus: Option<&std::collections::HashSet<PersonId>>,
        also_skip: &std::collections::HashSet<(PersonId, PersonId)>,
        top: usize,
    ) -> Result<(Vec<NamedDuplicate>, usize), Error> {
        let sketches = match focus {
            None => self.store.person_sketches()?,
            Some(focus) => self.store.person_sketches_near(focus)?,
        };
        let names: std::collections::HashMap<PersonId, &str> =
            sketches.iter().map(|s| (s.id, s.name.as_str())).collect();
        let mut skip = self.store.not_same_pairs()?;
        skip.extend(also_skip.iter().copied());
        let (pairs, total) = find_top_duplicates(&sketches, focus, &skip, top);
        let name = |id: &PersonId| names.get(id).copied().unwrap_or("?").to_owned();
        let people: Vec<(PersonId, String)> = pairs
            .iter()
            .flat_map(|pair| {
                [
                    (pair.first, name(&pair.first)),
                    (pair.second, name(&pair.second)),
                ]
            })
            .collect();
        let mut labels = self.told_apart(&people)?.into_iter();
        let named = pairs
            .into_iter()
            .map(|pair| NamedDuplicate {
                first_name: labels.next().unwrap_or_default(),
                second_name: labels.next().unwrap_or_default(),
                pair,
            })
            .collect();
        Ok((named, total))
    }

    /// Two people's names `told_apart`.
    fn pair_names(&self, first: PersonId, second: PersonId) -> Result<(String, String), Error> {
        let people = [
            (first, self.store.person(first)?.name()),
            (second, self.store.person(second)?.name()),
        ];
        let mut labels = self.told_apart(&people)?.into_iter();
        Ok((
            labels.next().unwrap_or_default(),
            labels.next().unwrap_or_default(),
        ))
    }

    pub(super) fn confirm_merge(&self, keep: PersonId, other: PersonId) -> Result<Reply, Error> {
        if keep == other {
            return Err(Refusal::MergeWithSelf.into());
        }
        let (kept, removed) = self.pair_names(keep, other)?;
        let removed = with_number(&removed, other);
        let addresses = self.store.emails_of(other)?.len();
        let interactions = self.store.count_interactions_of(other)?;
        let plan = self.store.merge_plan(keep, other)?;
        let moves = moved_counts(addresses, interactions, &plan);
        let mut text = format!(
            "Merge {removed} into {}? {moves} move, \
             tags and notes are combined, and {removed} is removed.",
            with_number(&kept, keep),
        );
        for line in plan_lines(&plan, (&kept, &removed), false) {
            text.push_str(&format!("\n• {line}"));
        }
        Ok(Reply::text(text).with_row(vec![
            button("Merge", Callback::Merge { keep, other }),
            cancel_button(),
        ]))
    }

    pub(super) fn not_same(&mut self, first: PersonId, second: PersonId) -> Result<Reply, Error> {
        if first == second {
            return Ok(Reply::expired());
        }
        let (a, b) = self.pair_names(first, second)?;
        self.store.mark_not_same(first, second)?;
        Ok(Reply::text(format!(
            "Noted: {a} and {b} are different people. kith won't suggest them again."
        )))
    }

    pub(super) fn merge(&mut self, keep: PersonId, other: PersonId) -> Result<Reply, Error> {
        let (kept, removed) = self.pair_names(keep, other)?;
        let outcome = self.store.merge_people(keep, other)?;
        let moves = moved_counts(
            outcome.emails_moved,
            outcome.interactions_moved,
            &outcome.plan,
        );
        let mut text = format!("Merged {removed} into {kept}: {moves} moved.");
        for line in plan_lines(&outcome.plan, (&kept, &removed), true) {
            text.push_str(&format!("\n• {line}"));
        }
        Ok(Reply::text(text)
            .about(Subject::Person(keep))
            .with_row(vec![button(
                self.told_apart_name(keep)?,
                Callback::Person(keep),
            )]))
    }

    /// /dupes: the likely duplicates, each with Merge and Not the same.
    pub(super) fn duplicates(&self) -> Result<Reply, Error> {
        let (candidates, total) =
            self.duplicate_candidates(None, &Default::default(), PAGE_SIZE)?;
        if candidates.is_empty() {
            return Ok(Reply::text(
                "No likely duplicates. kith compares names (accents, order, initials, nicknames) and address names across domains.",
            ));
        }
        let shown = &candidates[..];
        let mut lines: Vec<String> = shown
            .iter()
            .enumerate()
            .map(|(index, d)| {
                format!(
                    "{}. {} ({:.0}% sure)",
                    index + 1,
                    d.describe(),
                    d.pair.confidence * 100.0
                )
            })
            .collect();
        if total > shown.len() {
            lines.push(format!(
                "{} more: answer these to see them.",
                total - shown.len()
            ));
        }
        let mut reply = Reply::titled("Possible duplicates, most likely first", lines.join("\n"));
        for (index, d) in shown.iter().enumerate() {
            reply = reply.with_row(d.buttons(&format!(" ({})", index + 1)));
        }
        Ok(reply)
    }
}

/// "1 address, 0 interactions, 1 follow-up and 2 dates": addresses and interactions
/// always, follow-ups, topics and dates when some move.
fn moved_counts(addresses: usize, interactions: usize, plan: &MergePlan) -> String {
    let mut parts = vec![
        plural(addresses, "address", "addresses"),
        plural(interactions, "interaction", "interactions"),
    ];
    for (count, one, many) in [
        (plan.follow_ups, "follow-up", "follow-ups"),
        (plan.topics, "topic", "topics"),
        (plan.dates, "date", "dates"),
    ] {
        if count > 0 {
            parts.push(plural(count, one, many));
        }
    }
    let last = parts.pop().unwrap_or_default();
    if parts.is_empty() {
        last
    } else {
        format!("{} and {last}", parts.join(", "))
    }
}

/// What gives way in a merge, a line each: a date renamed because the kept person has
/// its label, one dropped as the very same, the other's differing birthday.
fn plan_lines(plan: &MergePlan, (kept, removed): (&str, &str), done: bool) -> Vec<String> {
    let (becomes, is) = if done {
        ("became", "was")
    } else {
        ("becomes", "is")
    };
    let mut lines: Vec<String> = plan
        .renamed
        .iter()
        .map(|(old, new)| {
            format!(
                "{removed}'s date {:?} {becomes} {:?} ({kept} has one called that).",
                truncate(old, 80),
                truncate(new, 120)
            )
        })
        .collect();
    lines.extend(plan.dropped.iter().map(|label| {
        format!(
            "{removed}'s date {:?} {is} dropped: {kept} has the same one.",
            truncate(label, 80)
        )
    }));
    for (count, one, many) in [
        (plan.folded_follow_ups, "follow-up", "follow-ups"),
        (plan.folded_topics, "topic", "topics"),
    ] {
        if count > 0 {
            let (what, verb, same) = match (count, done) {
                (1, _) => (format!("open {one}"), is, "the very same one"),
                (_, false) => (format!("{count} open {many}"), "are", "the very same ones"),
                (_, true) => (format!("{count} open {many}"), "were", "the very same ones"),
            };
            lines.push(format!(
                "{removed}'s {what} {verb} folded into {kept}'s: {kept} has {same}."
            ));
        }
    }
    if let Some((mine, theirs)) = &plan.birthdays {
        lines.push(if done {
            format!(
                "Kept {kept}'s birthday {mine}; {removed}'s was {theirs} and went into the notes."
            )
        } else {
            format!("{kept}'s birthday {mine} stays; {removed}'s, {theirs}, goes into the notes.")
        });
    }
    for (mine, theirs) in &plan.telegram {
        lines.push(if done {
            format!(
                "Kept {kept}'s Telegram {mine}; {removed}'s was {theirs} and went into the notes."
            )
        } else {
            format!("{kept}'s Telegram {mine} stays; {removed}'s, {theirs}, goes into the notes.")
        });
    }
    lines
}
