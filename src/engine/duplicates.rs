//! Likely duplicates as the owner sees them: named pairs with **Merge into …** and
//! **Not the same**, and the /dupes list.

use super::callback::Callback;
use super::reply::Reply;
use super::widgets::{button, truncate};
use super::{Engine, PAGE_SIZE};
use crate::domain::dupes::Duplicate;
use crate::domain::error::Error;
use crate::domain::model::PersonId;
use crate::domain::pairs::find_top_duplicates;

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
            "{} (#{}) and {} (#{}) — {}",
            self.first_name, self.pair.first, self.second_name, self.pair.second, self.pair.reason
        )
    }

    /// Merge (after a confirmation) into the older record, or keep them apart.
    pub fn buttons(&self, suffix: &str) -> Vec<super::reply::Button> {
        vec![
            button(
                truncate(&format!("Merge into {}{suffix}", self.first_name), 40),
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
        let named = pairs
            .into_iter()
            .map(|pair| NamedDuplicate {
                first_name: names.get(&pair.first).copied().unwrap_or("?").to_owned(),
                second_name: names.get(&pair.second).copied().unwrap_or("?").to_owned(),
                pair,
            })
            .collect();
        Ok((named, total))
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
