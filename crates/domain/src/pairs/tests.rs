//! The grouped duplicate search against the every-pair reference (a property test), and
//! its groups, counts and wording as tables.

use proptest::prelude::*;

use super::*;
use crate::dupes::find_top_duplicates_pairwise;

/// Two people, each "Name <address>" (the address optional), and the verdict:
/// `None` when they must not be suggested, else the reason given.
const CASES: &[(&str, &str, Option<&str>)] = &[
    // Names up to accents, order and initials.
    (
        "Zoë Müller",
        "Zoe Muller",
        Some("the same name up to accents"),
    ),
    (
        "Müller, Zoë",
        "Zoë Müller",
        Some("the same name in another order"),
    ),
    ("Li Wei", "Wei Li", Some("the same name in another order")),
    ("Anna Berg", "Anna Berg", Some("the same name")),
    ("J. Smith", "John Smith", Some("J. could be john")),
    (
        "John Smith",
        "John A. Smith",
        Some("the same first and last name"),
    ),
    ("Dr. Jane Doe", "Jane Doe", Some("the same name")),
    // Nicknames.
    ("Bob Roe", "Robert Roe", Some("bob is short for robert")),
    (
        "Elizabeth Taylor",
        "Liz Taylor",
        Some("liz is short for elizabeth"),
    ),
    (
        "Bill Gates",
        "William Gates",
        Some("bill is short for william"),
    ),
    (
        "Alexander Petrov",
        "Ale Petrov",
        Some("ale could be short for alexander"),
    ),
    // Address names on two domains.
    (
        "Jane Doe <jane.doe@acme.io>",
        "J Doe <jane.doe@gmail.com>",
        Some("the same address name jane.doe at acme.io and gmail.com"),
    ),
    (
        "Sam Jones <sjones1984@acme.io>",
        "Samuel Jones <sjones1984@beta.io>",
        Some("the same address name sjones1984 at acme.io and beta.io"),
    ),
    // False friends.
    ("Anna Berg", "Hanna Bergmann", None),
    ("John Smith", "Jane Smith", None),
    ("Robert Smith", "Robert Smithson", None),
    ("Bob Smith", "Bob Marley", None),
    ("Mark Li", "Marko Lin", None),
    ("Alice", "Alice Smith", None),
    ("Ann Lee", "Anne Leigh", None),
    (
        "Max Mustermann <info@acme.io>",
        "Erika Muster <info@beta.io>",
        None,
    ),
    ("Al Green <al@acme.io>", "Bo Brown <al@beta.io>", None),
    (
        "Tom Berg <tom.berg@acme.io>",
        "Tom Bergmann <tom.bergmann@acme.io>",
        None,
    ),
];

fn sketch(id: i64, text: &str) -> PersonSketch {
    let (name, addresses) = match text.split_once(" <") {
        Some((name, rest)) => (name, vec![rest.trim_end_matches('>').to_owned()]),
        None => (text, Vec::new()),
    };
    PersonSketch {
        id: PersonId(id),
        name: name.to_owned(),
        addresses,
    }
}

#[test]
fn duplicate_verdicts_table() {
    let mut wrong = Vec::new();
    for (a, b, expected) in CASES {
        let found = find_duplicates(&[sketch(1, a), sketch(2, b)]);
        let verdict = found.first().map(|d| d.reason.as_str());
        if verdict != *expected || found.len() > 1 {
            wrong.push(format!("{a} / {b}: expected {expected:?}, found {found:?}"));
        }
        if let Some(d) = found.first() {
            assert!((0.0..=1.0).contains(&d.confidence));
            assert_eq!((d.first, d.second), (PersonId(1), PersonId(2)));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn the_surest_pairs_come_first_and_each_pair_once() {
    let people = [
        sketch(1, "Robert Roe <rob.roe@acme.io>"),
        sketch(2, "Bob Roe <rob.roe@gmail.com>"),
        sketch(3, "Zoe Muller"),
        sketch(4, "Zoë Müller"),
        sketch(5, "Anna Berg"),
    ];
    let found: Vec<(i64, i64, f64)> = find_duplicates(&people)
        .iter()
        .map(|d| (d.first.0, d.second.0, d.confidence))
        .collect();
    assert_eq!(found, vec![(3, 4, 0.95), (1, 2, 0.9)]);
}

const NAMES: &[&str] = &[
    "Ana Smith",
    "Smith Ana",
    "Ána Smith",
    "A. Smith",
    "Anastasia Smith",
    "Bob Jones",
    "Robert Jones",
    "Rob Jones",
    "R Jones",
    "Zoë Müller",
    "Zoe Muller",
    "Madonna",
    "Dr. Ana Maria Smith",
    "Chris Park",
    "Christopher Park",
    "Christina Park",
];
const LOCALS: &[&str] = &["ana.smith", "bjones", "zoe.m", "info", "chris_park"];
const DOMAINS: &[&str] = &["acme.io", "gmail.com", "park.org"];

fn network() -> impl Strategy<Value = Vec<PersonSketch>> {
    let person = (
        0..NAMES.len(),
        proptest::collection::vec((0..LOCALS.len(), 0..DOMAINS.len()), 0..3),
    );
    proptest::collection::vec(person, 0..40).prop_map(|people| {
        people
            .into_iter()
            .enumerate()
            .map(|(n, (name, addresses))| PersonSketch {
                // Ids out of insertion order, as a store's may be.
                id: PersonId(((n * 7919) % 1009) as i64 + 1),
                name: NAMES[name].to_owned(),
                addresses: addresses
                    .into_iter()
                    .map(|(l, d)| format!("{}@{}", LOCALS[l], DOMAINS[d]))
                    .collect(),
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The grouped search lists and counts exactly what comparing every pair does.
    #[test]
    fn the_grouped_search_equals_comparing_every_pair(
        people in network(),
        focus_every in 0usize..4,
        skip_every in 0usize..5,
        top in prop_oneof![Just(0usize), Just(1), Just(3), Just(10), Just(usize::MAX)],
    ) {
        let focus: Option<HashSet<PersonId>> = (focus_every > 0).then(|| {
            people.iter().step_by(focus_every).map(|p| p.id).collect()
        });
        let all = find_top_duplicates_pairwise(&people, None, &HashSet::new(), usize::MAX).0;
        let skip: HashSet<(PersonId, PersonId)> = if skip_every == 0 {
            HashSet::new()
        } else {
            all.iter().step_by(skip_every).map(|d| (d.first, d.second)).collect()
        };
        let expected = find_top_duplicates_pairwise(&people, focus.as_ref(), &skip, top);
        let grouped = find_top_duplicates(&people, focus.as_ref(), &skip, top);
        prop_assert_eq!(grouped, expected);
    }
}
