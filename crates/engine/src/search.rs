//! Search results: what names one thing (`pick`, the rule every command's names follow)
//! opens its card; several (or a person and an organization that both match) are
//! offered as buttons; none suggests /new.

use super::callback::Callback;
use super::reply::Reply;
use super::widgets::{button, truncate};
use super::{Context, Engine};
use kith_domain::model::PersonId;
use kith_domain::pick::{Pick, pick};
use kith_domain::rank::{Match, MatchTarget};
use kith_store::Error;

impl Engine<'_> {
    /// The card when `pick` says the hits name one (and every other hit is of its kind:
    /// a person and an organization that both match are both offered), with the others a
    /// tap away; otherwise every hit as a button.
    pub(super) fn search_results(
        &self,
        context: Context,
        query: &str,
        hits: Vec<Match>,
    ) -> Result<Reply, Error> {
        let labels = self.hit_labels(&hits)?;
        match pick(&hits) {
            Pick::Nothing => Ok(Reply::text(format!(
                "No one matches {query:?}. Add them with /new {}.",
                truncate(query, 60)
            ))),
            Pick::One(index)
                if hits
                    .iter()
                    .all(|hit| same_kind(&hit.target, &hits[index].target)) =>
            {
                let mut reply = match hits[index].target {
                    MatchTarget::Person(id) => self.person_card(context, id)?,
                    MatchTarget::Organization(id) => self.organization_card(context, id)?,
                };
                let others = (0..hits.len()).filter(|other| *other != index).take(3);
                for other in others {
                    reply = reply.with_row(vec![button(
                        format!("Also: {}", labels[other]),
                        open(&hits[other].target),
                    )]);
                }
                Ok(reply)
            }
            _ => {
                let mut reply = Reply::text(format!("{} matches for {query:?}:", hits.len()));
                for (hit, label) in hits.iter().zip(labels) {
                    reply = reply.with_row(vec![button(label, open(&hit.target))]);
                }
                Ok(reply)
            }
        }
    }

    /// Each hit's button label: people as `person_labels` shows them together
    /// (never two alike, archived ones marked), organizations marked 🏢.
    fn hit_labels(&self, hits: &[Match]) -> Result<Vec<String>, Error> {
        let people: Vec<(PersonId, String)> = hits
            .iter()
            .filter_map(|hit| match hit.target {
                MatchTarget::Person(id) => Some((id, hit.label.clone())),
                MatchTarget::Organization(_) => None,
            })
            .collect();
        let mut labels = self.person_labels(&people, false)?.into_iter();
        Ok(hits
            .iter()
            .map(|hit| match hit.target {
                MatchTarget::Person(_) => labels.next().unwrap_or_default(),
                MatchTarget::Organization(_) => format!("🏢 {}", hit.label),
            })
            .collect())
    }
}

/// The button that opens a hit.
fn open(target: &MatchTarget) -> Callback {
    match *target {
        MatchTarget::Person(id) => Callback::Person(id),
        MatchTarget::Organization(id) => Callback::Organization(id),
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
