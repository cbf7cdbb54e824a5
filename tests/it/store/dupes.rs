//! The duplicate detector over the store: the digest's focused search (only people who
//! changed, compared with those who share a last name or an address name) finds exactly
//! the pairs a full search finds for them.

use std::collections::HashSet;

use kith::domain::model::EmailKind;
use kith::domain::pairs::{find_duplicates, find_duplicates_involving};

use super::*;

#[test]
fn the_focused_search_finds_what_the_full_one_finds_for_the_people_who_changed() {
    let mut store = store();
    let scale = kith::synthetic::Scale {
        people: 600,
        interactions: 1_000,
        organizations: 40,
        emails: 900,
        tags: 20,
    };
    store
        .insert_network(&kith::synthetic::generate(scale, 3, today()))
        .unwrap();
    // Later, a few people arrive or change: a namesake, a nickname, an address name on
    // another domain, someone new with no match.
    store.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 0, 0).unwrap(),
    ));
    let sketches = store.person_sketches().unwrap();
    let first = &sketches[0];
    let namesake = store.create_person(&NewPerson::named(&first.name)).unwrap();
    let robert = store
        .create_person(&NewPerson::named("Robert Quill"))
        .unwrap();
    let bob = store.create_person(&NewPerson::named("Bob Quill")).unwrap();
    let other = store
        .create_person(&NewPerson::named("Dana Elsewhere"))
        .unwrap();
    let with_address = sketches.iter().find(|s| {
        s.addresses
            .iter()
            .any(|a| kith::domain::dupes::personal_local_part(a).is_some())
    });
    let with_address = with_address.expect("someone with a personal address");
    let local = kith::domain::dupes::personal_local_part(&with_address.addresses[0])
        .unwrap()
        .0;
    store
        .add_email(
            other,
            &address(&format!("{local}@elsewhere.example")),
            EmailKind::Personal,
        )
        .unwrap();
    let since = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    let focus = store.people_changed_since(since).unwrap();
    assert_eq!(
        focus,
        HashSet::from([namesake, robert, bob, other]),
        "the people created or given an address after the last digest"
    );

    let full: Vec<_> = find_duplicates(&store.person_sketches().unwrap())
        .into_iter()
        .filter(|d| focus.contains(&d.first) || focus.contains(&d.second))
        .collect();
    let near = store.person_sketches_near(&focus).unwrap();
    assert!(
        near.len() < 600,
        "the focused search reads {} people",
        near.len()
    );
    let focused = find_duplicates_involving(&near, Some(&focus));
    assert_eq!(focused, full);
    let pairs: Vec<(PersonId, PersonId)> = focused.iter().map(|d| (d.first, d.second)).collect();
    assert!(pairs.contains(&(first.id, namesake)), "{focused:#?}");
    assert!(pairs.contains(&(robert, bob)), "{focused:#?}");
    assert!(pairs.contains(&(with_address.id, other)), "{focused:#?}");
}
