//! Whether what was typed names one person (or organization): the one rule behind every
//! command that takes a name, the answers to kith's questions, and search. Pure: it
//! reads only the hits and never guesses between two that match alike.

use crate::rank::Match;
use crate::text::Strength;

/// How far the best of several close hits must lead the next to name one alone.
pub const LEAD: f64 = 0.08;

/// What the hits (best first, one per target, as `merge_matches` gives them) name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pick {
    /// Nothing matches.
    Nothing,
    /// The hit at this index, alone.
    One(usize),
    /// Two or more could be meant: ask.
    Several,
}

/// The rule, in order:
/// 1. A whole name (or a whole address) names one when nothing else matches word for word.
/// 2. Two hits that match word for word — a typed word of two names, a local part and a
///    first name, an alias and a name, two whole names — are both meant: ask.
/// 3. Otherwise the only hit names one, and so does a best hit that leads the next by
///    `LEAD` (and is the one exact hit, if there is one); anything else asks.
pub fn pick(hits: &[Match]) -> Pick {
    let Some(best) = hits.first() else {
        return Pick::Nothing;
    };
    let exact: Vec<usize> = (0..hits.len())
        .filter(|index| hits[*index].strength >= Strength::Exact)
        .collect();
    let whole: Vec<usize> = exact
        .iter()
        .copied()
        .filter(|index| hits[*index].strength == Strength::Whole)
        .collect();
    if let ([only], 1) = (whole.as_slice(), exact.len()) {
        return Pick::One(*only);
    }
    if exact.len() >= 2 {
        return Pick::Several;
    }
    match hits {
        [_] => Pick::One(0),
        [_, second, ..] if best.score - second.score >= LEAD && exact.iter().all(|i| *i == 0) => {
            Pick::One(0)
        }
        _ => Pick::Several,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{OrganizationId, PersonId};
    use crate::rank::{MatchReason, MatchTarget};

    fn hit(id: i64, score: f64, strength: Strength) -> Match {
        Match {
            target: MatchTarget::Person(PersonId(id)),
            label: format!("P{id}"),
            score,
            reason: MatchReason::Name,
            strength,
        }
    }

    use Strength::{Close, Exact, Whole};

    #[test]
    fn one_person_is_named_only_when_no_one_else_matches_alike() {
        let cases: Vec<(&str, Vec<Match>, Pick)> = vec![
            ("nothing", vec![], Pick::Nothing),
            ("a lone close hit", vec![hit(1, 0.86, Close)], Pick::One(0)),
            (
                "a local part and a first name (the Max defect)",
                vec![hit(1, 1.0, Exact), hit(2, 0.99, Exact)],
                Pick::Several,
            ),
            (
                "two whole names",
                vec![hit(1, 1.0, Whole), hit(2, 1.0, Whole)],
                Pick::Several,
            ),
            (
                "a whole name beside a close one",
                vec![hit(1, 1.0, Whole), hit(2, 0.975, Close)],
                Pick::One(0),
            ),
            (
                "a whole name beside a name that has every typed word",
                vec![hit(1, 1.0, Whole), hit(2, 0.98, Exact)],
                Pick::Several,
            ),
            (
                "one exact hit far ahead of a close one",
                vec![hit(1, 0.99, Exact), hit(2, 0.88, Close)],
                Pick::One(0),
            ),
            (
                "one exact hit just ahead of a close one",
                vec![hit(1, 0.99, Exact), hit(2, 0.95, Close)],
                Pick::Several,
            ),
            (
                "close hits, one far ahead",
                vec![hit(1, 0.97, Close), hit(2, 0.86, Close)],
                Pick::One(0),
            ),
            (
                "close hits side by side",
                vec![hit(1, 0.93, Close), hit(2, 0.91, Close)],
                Pick::Several,
            ),
            (
                "a close best above the one exact hit",
                vec![hit(1, 0.98, Close), hit(2, 0.89, Exact)],
                Pick::Several,
            ),
        ];
        for (label, hits, expected) in cases {
            assert_eq!(pick(&hits), expected, "{label}");
        }
    }

    #[test]
    fn a_person_and_an_organization_that_both_match_word_for_word_are_both_meant() {
        let organization = Match {
            target: MatchTarget::Organization(OrganizationId(1)),
            label: "Quintana Labs".into(),
            score: 0.97,
            reason: MatchReason::Organization,
            strength: Exact,
        };
        assert_eq!(
            pick(&[hit(1, 0.99, Exact), organization.clone()]),
            Pick::Several
        );
        assert_eq!(pick(&[hit(1, 1.0, Whole), organization]), Pick::Several);
    }
}
