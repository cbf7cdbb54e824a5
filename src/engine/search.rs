//! Search results: one match opens its card; several (or a person and an organization
//! that both match) are offered as buttons; none suggests /new.

use super::callback::Callback;
use super::reply::Reply;
use super::widgets::{button, truncate};
use super::{Context, Engine};
use crate::domain::error::Error;
use crate::domain::model::PersonId;
use crate::domain::rank::{Match, MatchTarget};

impl Engine<'_> {
    pub(super) fn search_results(
        &self,
        context: Context,
        query: &str,
        hits: Vec<Match>,
    ) -> Result<Reply, Error> {
        match hits.as_slice() {
            [] => Ok(Reply::text(format!(
                "No one matches {query:?}. Add them with /new {}.",
                truncate(query, 60)
            ))),
            [only] => match only.target {
                MatchTarget::Person(id) => self.person_card(context, id),
                MatchTarget::Organization(id) => self.organization_card(context, id),
            },
            // One exact match among fuzzy ones: the card, with the others a tap away —
            // unless a person and an organization both match: then both are offered.
            [best, rest @ ..]
                if best.score >= 0.999
                    && rest
                        .iter()
                        .all(|hit| hit.score < 0.999 && same_kind(&hit.target, &best.target)) =>
            {
                let mut reply = match best.target {
                    MatchTarget::Person(id) => self.person_card(context, id)?,
                    MatchTarget::Organization(id) => self.organization_card(context, id)?,
                };
                for hit in rest.iter().take(3) {
                    let callback = match hit.target {
                        MatchTarget::Person(id) => Callback::Person(id),
                        MatchTarget::Organization(id) => Callback::Organization(id),
                    };
                    reply = reply.with_row(vec![button(format!("Also: {}", hit.label), callback)]);
                }
                Ok(reply)
            }
            several => {
                let mut reply = Reply::text(format!("{} matches for {query:?}:", several.len()));
                let people: Vec<(PersonId, String)> = several
                    .iter()
                    .filter_map(|hit| match hit.target {
                        MatchTarget::Person(id) => Some((id, hit.label.clone())),
                        MatchTarget::Organization(_) => None,
                    })
                    .collect();
                let mut labels = self.person_labels(&people, false)?.into_iter();
                for hit in several {
                    let (label, callback) = match hit.target {
                        MatchTarget::Person(id) => {
                            (labels.next().unwrap_or_default(), Callback::Person(id))
                        }
                        MatchTarget::Organization(id) => {
                            (format!("🏢 {}", hit.label), Callback::Organization(id))
                        }
                    };
                    reply = reply.with_row(vec![button(label, callback)]);
                }
                Ok(reply)
            }
        }
    }
}

/// Whether two search hits are both people or both organizations.
fn same_kind(first: &MatchTarget, second: &MatchTarget) -> bool {
    matches!(
        (first, second),
        (MatchTarget::Person(_), MatchTarget::Person(_))
            | (MatchTarget::Organization(_), MatchTarget::Organization(_))
    )
}
