//! Calendar upserts are idempotent by event id and keep what the owner typed.

use kith::domain::error::Refusal;
use kith::domain::model::{InteractionType, ResponseStatus::*};

use super::*;

#[test]
fn the_same_event_twice_is_one_interaction() {
    let mut store = store();
    let meeting = event(
        "abc123",
        "2026-11-01",
        &[("a@beta.io", Accepted), ("b@beta.io", Accepted)],
    );
    let first = store.upsert_calendar_event(&meeting).unwrap();
    let second = store.upsert_calendar_event(&meeting).unwrap();
    assert!(first.created && !second.created);
    assert_eq!(first.id, second.id);
    let counts = fingerprint(&store);
    assert!(
        counts.contains(&("interactions", 1)) && counts.contains(&("interaction_attendees", 2)),
        "{counts:?}"
    );
}

#[test]
fn resync_updates_the_event_but_keeps_notes_and_a_hand_set_type() {
    let mut store = store();
    let id = store
        .upsert_calendar_event(&event(
            "abc123",
            "2026-11-01",
            &[("a@beta.io", Accepted), ("b@beta.io", Accepted)],
        ))
        .unwrap()
        .id;
    store
        .append_interaction_note(id, "Talked about the seed round")
        .unwrap();
    store
        .set_interaction_type(id, InteractionType::Lunch)
        .unwrap();

    let mut moved = event(
        "abc123",
        "2026-11-02",
        &[("a@beta.io", Declined), ("c@beta.io", Accepted)],
    );
    moved.title = "Lunch, moved".into();
    moved.did_not_happen = true;
    store.upsert_calendar_event(&moved).unwrap();

    let after = store.interaction(id).unwrap();
    assert_eq!(after.notes, "Talked about the seed round");
    assert_eq!(after.kind, InteractionType::Lunch);
    assert_eq!(after.title, "Lunch, moved");
    assert_eq!(after.occurred_on, day("2026-11-02"));
    assert!(after.did_not_happen);
    let attendees: Vec<(String, kith::domain::model::ResponseStatus)> = after
        .attendees
        .into_iter()
        .map(|(a, r, _)| (a, r))
        .collect();
    assert_eq!(
        attendees,
        vec![
            ("a@beta.io".into(), Declined),
            ("c@beta.io".into(), Accepted)
        ]
    );
}

#[test]
fn an_inferred_type_follows_the_calendar_until_set_by_hand() {
    let mut store = store();
    let mut meeting = event("x", "2026-11-01", &[("a@beta.io", Accepted)]);
    let id = store.upsert_calendar_event(&meeting).unwrap().id;
    meeting.kind = InteractionType::OneOnOneInPerson;
    store.upsert_calendar_event(&meeting).unwrap();
    assert_eq!(
        store.interaction(id).unwrap().kind,
        InteractionType::OneOnOneInPerson
    );
}

#[test]
fn a_manual_log_cannot_steal_a_calendar_event_id() {
    let mut store = store();
    store
        .upsert_calendar_event(&event("x", "2026-11-01", &[("a@beta.io", Accepted)]))
        .unwrap();
    let mut manual =
        kith::store::NewInteraction::manual(day("2026-11-01"), InteractionType::Coffee, vec![]);
    manual.calendar_event_id = Some("x".into());
    let before = fingerprint(&store);
    assert!(matches!(
        store.log_interaction(&manual),
        Err(kith::Error::Refused(Refusal::EventIdConflict(_)))
    ));
    assert_eq!(fingerprint(&store), before);
}
