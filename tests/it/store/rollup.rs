//! The last-met rollup and the rule-ignored flag are kept by triggers; after any mix of
//! changes they must equal a full recomputation (which `kith check` also verifies).

use kith::domain::model::{EmailKind, InteractionType, ResponseStatus::*};
use kith::store::{NewInteraction, PersonField};

use super::*;

#[test]
fn rollups_stay_exact_through_every_kind_of_change() {
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    let john = person(&mut store, "John Roe");
    let check = |store: &Store, step: &str| {
        assert!(
            store.health_problems().unwrap().is_empty(),
            "{step}: {:?}",
            store.health_problems().unwrap()
        );
    };
    store
        .upsert_calendar_event(&event(
            "e1",
            "2026-10-01",
            &[("jane@acme.io", Accepted), ("x@y.io", Accepted)],
        ))
        .unwrap();
    check(&store, "an unknown attendee");
    store.link_email(&address("jane@acme.io"), jane).unwrap();
    check(&store, "link");
    store
        .upsert_calendar_event(&event("e2", "2026-11-20", &[("jane@acme.io", Accepted)]))
        .unwrap();
    check(&store, "a later meeting");
    store
        .upsert_calendar_event(&event("e2", "2026-09-01", &[("jane@acme.io", Accepted)]))
        .unwrap();
    check(&store, "the later meeting moved earlier");
    store
        .upsert_calendar_event(&event("e2", "2026-09-01", &[("jane@acme.io", Declined)]))
        .unwrap();
    check(&store, "declined");
    let e1 = store.interaction_by_event_id("e1").unwrap().unwrap();
    store.set_interaction_flags(e1, true, false).unwrap();
    check(&store, "did not happen");
    store.set_interaction_flags(e1, false, false).unwrap();
    store
        .upsert_calendar_event(&event("e1", "2026-10-01", &[("x@y.io", Accepted)]))
        .unwrap();
    check(&store, "attendee removed");
    store
        .log_interaction(&NewInteraction::manual(
            day("2026-11-01"),
            InteractionType::Coffee,
            vec![jane, john],
        ))
        .unwrap();
    check(&store, "a manual log");
    store.unlink_email(&address("jane@acme.io")).unwrap();
    store
        .add_email(john, &address("jane@acme.io"), EmailKind::Work)
        .unwrap();
    check(&store, "an address moved to someone else");
    store.merge_people(john, jane).unwrap();
    check(&store, "merge");
    store
        .set_person_field(john, PersonField::Notes("x".into()))
        .unwrap();
    store.add_ignore_rule("*@y.io").unwrap();
    assert!(
        store.unknown_attendees(0, 10).unwrap().items.is_empty(),
        "the rule hides x@y.io"
    );
    store.remove_ignore_rule("*@y.io").unwrap();
    assert_eq!(
        store.unknown_attendees(0, 10).unwrap().items.len(),
        1,
        "and removing it brings it back"
    );
    store
        .upsert_calendar_event(&event(
            "e9",
            "2026-11-02",
            &[("noreply@zoom.us", Accepted), ("z@z.io", Accepted)],
        ))
        .unwrap();
    let addresses: Vec<String> = store
        .unknown_attendees(0, 10)
        .unwrap()
        .items
        .into_iter()
        .map(|u| u.address)
        .collect();
    assert!(
        !addresses.contains(&"noreply@zoom.us".to_owned()),
        "a new address under a built-in rule"
    );
    check(&store, "the end");
}

#[test]
fn a_seeded_network_starts_consistent() {
    let mut store = store();
    let scale = kith::synthetic::Scale {
        people: 300,
        interactions: 1_000,
        organizations: 30,
        emails: 500,
        tags: 20,
    };
    store
        .insert_network(&kith::synthetic::generate(scale, 9, today()))
        .unwrap();
    assert!(store.health_problems().unwrap().is_empty());
}
