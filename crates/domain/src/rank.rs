//! Pure ranking decisions: who is most overdue for contact, and how search hits from
//! names, addresses, organizations and tags combine into one ordered list.

use std::cmp::Ordering;
use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::closeness::Closeness;
use crate::model::{Cadence, OrganizationId, PersonId, Tier};
pub use crate::text::Strength;

/// A person who could be overdue: their tier, their own cadence if they have one, and
/// when they were last met.
#[derive(Clone, Debug, PartialEq)]
pub struct StaleCandidate {
    pub person_id: PersonId,
    pub name: String,
    pub tier: Option<Tier>,
    pub cadence: Option<Cadence>,
    pub last_met: Option<NaiveDate>,
}

/// A person overdue for contact.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StaleEntry {
    pub person_id: PersonId,
    pub name: String,
    pub tier: Option<Tier>,
    pub cadence_days: u32,
    /// Whether the cadence is the person's own rather than their tier's.
    pub own_cadence: bool,
    pub last_met: Option<NaiveDate>,
    /// Days past the cadence; `None` when never met.
    pub overdue_days: Option<i64>,
}

impl StaleEntry {
    /// What sets the pace, as a list shows it: "tier 4", or the person's own "every 3 weeks".
    pub fn pace(&self) -> String {
        match (self.own_cadence, self.tier) {
            (false, Some(tier)) => format!("tier {}", tier.number()),
            _ => Cadence::Every(self.cadence_days).to_string(),
        }
    }

    /// How overdue relative to the cadence: 1.0 = one whole cadence late. `None` when
    /// never met: there is no last meeting to measure from.
    pub fn overdue_ratio(&self) -> Option<f64> {
        self.overdue_days
            .map(|days| days as f64 / f64::from(self.cadence_days))
    }
}

/// Which interactions count as having *seen* someone (`KITH_STALE_KINDS`): the one meaning
/// of "seen" for a card's "Last seen", a brief's, /stale and the digest's reach-out list.
/// By default every kind except synced email: an email the owner logs by hand counts (they
/// chose to record that contact), mail synced from a mailbox never does, whatever its type
/// was changed to, so a busy inbox does not hide who the owner has not seen. `types` are
/// the kinds that count among interactions not synced from a mailbox; `synced_email` says
/// whether those synced from one count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaleKinds {
    pub types: Vec<crate::model::InteractionType>,
    pub synced_email: bool,
}

impl Default for StaleKinds {
    fn default() -> Self {
        StaleKinds {
            types: crate::model::InteractionType::ALL.to_vec(),
            synced_email: false,
        }
    }
}

impl StaleKinds {
    /// `1:1-f2f, coffee, lunch` (the types), with `synced-email` for mail from a mailbox
    /// and `all` for every type; the words are the interaction types' names.
    pub fn parse(items: &[String]) -> Result<StaleKinds, String> {
        let mut kinds = StaleKinds {
            types: Vec::new(),
            synced_email: false,
        };
        for item in items {
            let item = item.trim().to_lowercase();
            match item.as_str() {
                "synced-email" | "synced email" => kinds.synced_email = true,
                "all" => kinds.types = crate::model::InteractionType::ALL.to_vec(),
                _ => {
                    let kind =
                        crate::model::InteractionType::parse(&item).map_err(|e| e.to_string())?;
                    if !kinds.types.contains(&kind) {
                        kinds.types.push(kind);
                    }
                }
            }
        }
        if kinds.types.is_empty() && !kinds.synced_email {
            return Err("names no interaction type".to_owned());
        }
        Ok(kinds)
    }

    /// Whether an interaction of this type and source counts as having seen its people:
    /// one synced from a mailbox only with `synced-email` (even if its type was changed by
    /// hand), any other when its type is among `types`.
    pub fn counts(
        &self,
        kind: crate::model::InteractionType,
        source: crate::model::Source,
    ) -> bool {
        if source.is_mail() {
            self.synced_email
        } else {
            self.types.contains(&kind)
        }
    }

    /// Whether these are the default kinds (the store keeps a rollup for exactly them).
    pub fn is_default(&self) -> bool {
        let default = StaleKinds::default();
        self.synced_email == default.synced_email
            && crate::model::InteractionType::ALL
                .iter()
                .all(|t| self.types.contains(t) == default.types.contains(t))
    }
}

/// The cadence that applies to a person: their own (`Off` means none), else their tier's.
pub fn effective_cadence(
    tier: Option<Tier>,
    own: Option<Cadence>,
    closeness: &Closeness,
) -> Option<u32> {
    match own {
        Some(Cadence::Every(days)) => Some(days),
        Some(Cadence::Off) => None,
        None => closeness.cadence_days(tier?),
    }
}

/// Keeps the people who have a cadence (their own, else their tier's) and whose last
/// meeting is older than it (or who were never met), most overdue relative to their
/// cadence first; ties go to the closer tier, then the name. People never met follow, closest tier first: with no
/// meeting on record there is nothing to measure, and an imported address book would
/// otherwise bury everyone whose last meeting is known.
pub fn rank_stale(
    candidates: Vec<StaleCandidate>,
    closeness: &Closeness,
    today: NaiveDate,
) -> Vec<StaleEntry> {
    let mut entries: Vec<StaleEntry> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let cadence = effective_cadence(candidate.tier, candidate.cadence, closeness)?;
            let overdue_days = match candidate.last_met {
                None => None,
                Some(last) => {
                    let overdue = (today - last).num_days() - i64::from(cadence);
                    if overdue <= 0 {
                        return None;
                    }
                    Some(overdue)
                }
            };
            Some(StaleEntry {
                person_id: candidate.person_id,
                name: candidate.name,
                tier: candidate.tier,
                cadence_days: cadence,
                own_cadence: matches!(candidate.cadence, Some(Cadence::Every(_))),
                last_met: candidate.last_met,
                overdue_days,
            })
        })
        .collect();
    entries.sort_by(|a, b| {
        let ratio = |e: &StaleEntry| e.overdue_ratio().unwrap_or(f64::NEG_INFINITY);
        ratio(b)
            .partial_cmp(&ratio(a))
            .unwrap_or(Ordering::Equal)
            .then(
                a.tier
                    .map_or(u8::MAX, Tier::number)
                    .cmp(&b.tier.map_or(u8::MAX, Tier::number)),
            )
            .then_with(|| a.name.cmp(&b.name))
            .then(a.person_id.cmp(&b.person_id))
    });
    entries
}

/// What a search hit points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum MatchTarget {
    Person(PersonId),
    Organization(OrganizationId),
}

/// Why something matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MatchReason {
    Name,
    Email,
    Organization,
    Tag,
}

/// One search hit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Match {
    pub target: MatchTarget,
    pub label: String,
    pub score: f64,
    pub reason: MatchReason,
    /// Whether it matches word for word or whole (`pick` decides by it).
    pub strength: Strength,
}

/// Merges hits for the same target (keeping the best score, and the strongest
/// strength of any of its hits), best score first, then by label.
pub fn merge_matches(hits: Vec<Match>, limit: usize) -> Vec<Match> {
    let mut best: HashMap<MatchTarget, Match> = HashMap::new();
    for mut hit in hits {
        match best.get_mut(&hit.target) {
            Some(existing) if existing.score >= hit.score => {
                existing.strength = existing.strength.max(hit.strength);
            }
            Some(existing) => {
                hit.strength = hit.strength.max(existing.strength);
                *existing = hit;
            }
            None => {
                best.insert(hit.target, hit);
            }
        }
    }
    let mut merged: Vec<Match> = best.into_values().collect();
    merged.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(Ordering::Equal)
            .then_with(|| a.label.cmp(&b.label))
            .then_with(|| format!("{:?}", a.target).cmp(&format!("{:?}", b.target)))
    });
    merged.truncate(limit);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn seen_means_every_kind_except_synced_email_unless_the_kinds_say_otherwise() {
        use crate::model::{InteractionType as T, Source as S};
        let words = |items: &[&str]| {
            StaleKinds::parse(&items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()).unwrap()
        };
        // (kinds, type, source, counts)
        let cases = [
            (StaleKinds::default(), T::Email, S::Manual, true),
            (StaleKinds::default(), T::Email, S::Import, true),
            (StaleKinds::default(), T::Coffee, S::Manual, true),
            (StaleKinds::default(), T::GroupVideo, S::Google, true),
            (StaleKinds::default(), T::Email, S::Gmail, false),
            (StaleKinds::default(), T::Email, S::Imap, false),
            (StaleKinds::default(), T::Email, S::Mbox, false),
            // Synced mail whose type the owner changed by hand is still synced mail.
            (StaleKinds::default(), T::Coffee, S::Gmail, false),
            (words(&["all"]), T::Email, S::Manual, true),
            (words(&["all"]), T::Email, S::Gmail, false),
            (words(&["all", "synced-email"]), T::Email, S::Mbox, true),
            (words(&["coffee"]), T::Coffee, S::Manual, true),
            (words(&["coffee"]), T::Email, S::Manual, false),
            (words(&["coffee"]), T::Coffee, S::Imap, false),
            (words(&["synced-email"]), T::Email, S::Gmail, true),
            (words(&["synced-email"]), T::Email, S::Manual, false),
        ];
        for (kinds, kind, source, counts) in cases {
            assert_eq!(
                kinds.counts(kind, source),
                counts,
                "{kinds:?} {kind:?} {source:?}"
            );
        }
        assert!(StaleKinds::default().is_default());
        assert!(words(&["all"]).is_default());
        assert!(!words(&["all", "synced-email"]).is_default());
        assert!(!words(&["coffee"]).is_default());
    }

    fn candidate(id: i64, tier: u8, last_met: Option<&str>) -> StaleCandidate {
        StaleCandidate {
            person_id: PersonId(id),
            name: format!("P{id}"),
            tier: Tier::new(i64::from(tier)).ok(),
            cadence: None,
            last_met: last_met.map(day),
        }
    }

    #[test]
    fn a_persons_own_cadence_overrides_the_tiers() {
        let today = day("2026-11-26");
        let own = |id, tier, cadence, last: &str| StaleCandidate {
            cadence: Some(cadence),
            ..candidate(id, tier, Some(last))
        };
        let cases = vec![
            // tier 2 (30 d) but every 3 weeks: 40 days ago is 19 over ≈ 0.9 late
            own(1, 2, Cadence::Every(21), "2026-10-17"),
            // tier 1 (14 d) but off: never listed, however long ago
            own(2, 1, Cadence::Off, "2020-01-01"),
            // tier 7 (no cadence) with its own: 100 days ago is 70 over ≈ 2.3 late
            own(3, 7, Cadence::Every(30), "2026-08-18"),
            // no tier at all, own cadence, not yet due
            StaleCandidate {
                tier: None,
                ..own(4, 1, Cadence::Every(60), "2026-11-01")
            },
            // tier 2 (30 d), 40 days ago: 10 over ≈ 0.33 late
            candidate(5, 2, Some("2026-10-17")),
            // tier 6 (365 d) asked for every 2 weeks: 28 days ago is 14 over = 1.0 late
            own(6, 6, Cadence::Every(14), "2026-10-29"),
        ];
        let ranked = rank_stale(cases, &Closeness::default(), today);
        let order: Vec<(i64, Option<i64>, u32, bool)> = ranked
            .iter()
            .map(|e| (e.person_id.0, e.overdue_days, e.cadence_days, e.own_cadence))
            .collect();
        assert_eq!(
            order,
            vec![
                (3, Some(70), 30, true),
                (6, Some(14), 14, true),
                (1, Some(19), 21, true),
                (5, Some(10), 30, false),
            ]
        );
    }

    #[test]
    fn stale_ranking_is_relative_to_the_cadence() {
        let today = day("2026-11-26");
        let cases = vec![
            // tier 1 (14 d), met 28 days ago: 14 days over = 1.0 cadence late
            candidate(1, 1, Some("2026-10-29")),
            // tier 6 (365 d), met 400 days ago: 35 days over ≈ 0.1 cadence late
            candidate(2, 6, Some("2025-10-22")),
            // tier 2 (30 d), met 10 days ago: not overdue
            candidate(3, 2, Some("2026-11-16")),
            // tier 7 has no cadence: never listed
            candidate(4, 7, None),
            // tier 3 never met: after everyone whose last meeting is known
            candidate(5, 3, None),
            // tier 2 (30 d), met 120 days ago: 90 over = 3.0 cadences late
            candidate(6, 2, Some("2026-07-29")),
        ];
        let ranked = rank_stale(cases, &Closeness::default(), today);
        let order: Vec<(i64, Option<i64>)> = ranked
            .iter()
            .map(|e| (e.person_id.0, e.overdue_days))
            .collect();
        assert_eq!(
            order,
            vec![(6, Some(90)), (1, Some(14)), (2, Some(35)), (5, None)]
        );
    }

    #[test]
    fn a_person_met_exactly_at_the_cadence_is_not_overdue() {
        let today = day("2026-11-26");
        let ranked = rank_stale(
            vec![candidate(1, 1, Some("2026-11-12"))],
            &Closeness::default(),
            today,
        );
        assert!(ranked.is_empty());
    }

    #[test]
    fn matches_merge_by_target_keeping_the_best() {
        let hit = |id, score, reason| Match {
            target: MatchTarget::Person(PersonId(id)),
            label: format!("P{id}"),
            score,
            reason,
            strength: if reason == MatchReason::Name {
                Strength::Exact
            } else {
                Strength::Close
            },
        };
        let merged = merge_matches(
            vec![
                hit(1, 0.9, MatchReason::Tag),
                hit(2, 0.95, MatchReason::Name),
                hit(1, 1.0, MatchReason::Email),
            ],
            10,
        );
        assert_eq!(merged.len(), 2);
        assert_eq!(
            (merged[0].target, merged[0].reason),
            (MatchTarget::Person(PersonId(1)), MatchReason::Email)
        );
        // A weaker score that matched word for word keeps that strength.
        let merged = merge_matches(
            vec![
                hit(1, 1.0, MatchReason::Tag),
                hit(1, 0.9, MatchReason::Name),
            ],
            10,
        );
        assert_eq!(
            (merged[0].reason, merged[0].strength),
            (MatchReason::Tag, Strength::Exact)
        );
    }
}
