//! Reconciliation by model: linking an address makes its past meetings count at once.

use kith::domain::model::ResponseStatus::{self, *};

use super::*;

struct Case {
    name: &'static str,
    response: ResponseStatus,
    on: &'static str,
    did_not_happen: bool,
    counts: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "accepted, past",
        response: Accepted,
        on: "2026-11-01",
        did_not_happen: false,
        counts: true,
    },
    Case {
        name: "no answer, past",
        response: NeedsAction,
        on: "2026-10-01",
        did_not_happen: false,
        counts: true,
    },
    Case {
        name: "tentative, today",
        response: Tentative,
        on: TODAY,
        did_not_happen: false,
        counts: true,
    },
    Case {
        name: "declined",
        response: Declined,
        on: "2026-11-01",
        did_not_happen: false,
        counts: false,
    },
    Case {
        name: "did not happen",
        response: Accepted,
        on: "2026-11-01",
        did_not_happen: true,
        counts: false,
    },
    Case {
        name: "in the future",
        response: Accepted,
        on: "2026-12-03",
        did_not_happen: false,
        counts: false,
    },
];

#[test]
fn linking_counts_past_meetings_and_unlinking_undoes_it() {
    for case in CASES {
        let mut store = store();
        let jane = person(&mut store, "Jane Doe");
        let mut meeting = event("e1", case.on, &[("jane.d@acme.io", case.response)]);
        meeting.did_not_happen = case.did_not_happen;
        store.upsert_calendar_event(&meeting).unwrap();
        assert_eq!(
            store.rollups(jane, today()).unwrap().interaction_count,
            0,
            "{}: before link",
            case.name
        );

        let outcome = store.link_email(&address("Jane.D@acme.io"), jane).unwrap();
        let rollups = store.rollups(jane, today()).unwrap();
        let expected = i64::from(case.counts);
        assert_eq!(
            rollups.interaction_count, expected,
            "{}: count after link",
            case.name
        );
        assert_eq!(
            rollups.last_met,
            case.counts.then(|| day(case.on)),
            "{}: last_met",
            case.name
        );
        assert_eq!(
            outcome.attended.meetings,
            usize::from(case.response != Declined),
            "{}: meetings reported",
            case.name
        );
        // The person's interaction list shows every meeting they attended (future ones too),
        // but never a declined one.
        let listed = store.interactions_of(jane, 10, 0).unwrap().len();
        assert_eq!(
            listed,
            usize::from(case.response != Declined),
            "{}: listed",
            case.name
        );

        store.unlink_email(&address("jane.d@acme.io")).unwrap();
        assert_eq!(
            store.rollups(jane, today()).unwrap(),
            Default::default(),
            "{}: after unlink",
            case.name
        );
        assert!(
            store.interactions_of(jane, 10, 0).unwrap().is_empty(),
            "{}: list after unlink",
            case.name
        );
    }
}

#[test]
fn last_f2f_counts_only_face_to_face_types() {
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    store.link_email(&address("jane@acme.io"), jane).unwrap();
    let mut video = event("video", "2026-11-20", &[("jane@acme.io", Accepted)]);
    video.kind = kith::domain::model::InteractionType::OneOnOneVideo;
    let mut coffee = event("coffee", "2026-10-02", &[("jane@acme.io", Accepted)]);
    coffee.kind = kith::domain::model::InteractionType::Coffee;
    store.upsert_calendar_event(&video).unwrap();
    store.upsert_calendar_event(&coffee).unwrap();
    let rollups = store.rollups(jane, today()).unwrap();
    assert_eq!(rollups.last_met, Some(day("2026-11-20")));
    assert_eq!(rollups.last_f2f, Some(day("2026-10-02")));
    assert_eq!(rollups.interaction_count, 2);
}

#[test]
fn a_person_with_two_addresses_and_a_manual_link_counts_each_meeting_once() {
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    store
        .upsert_calendar_event(&event(
            "e1",
            "2026-11-01",
            &[("jane@acme.io", Accepted), ("jane@gmail.com", Accepted)],
        ))
        .unwrap();
    let e1 = store.interaction_by_event_id("e1").unwrap().unwrap();
    store.add_interaction_people(e1, &[jane]).unwrap();
    store.link_email(&address("jane@acme.io"), jane).unwrap();
    store.link_email(&address("jane@gmail.com"), jane).unwrap();
    assert_eq!(store.rollups(jane, today()).unwrap().interaction_count, 1);
    assert_eq!(store.interaction(e1).unwrap().people.len(), 1);
}

#[test]
fn relinking_moves_the_meetings_to_the_new_person() {
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    let janet = person(&mut store, "Janet Doe");
    store
        .upsert_calendar_event(&event("e1", "2026-11-01", &[("j.doe@acme.io", Accepted)]))
        .unwrap();
    store.link_email(&address("j.doe@acme.io"), jane).unwrap();
    let outcome = store.link_email(&address("j.doe@acme.io"), janet).unwrap();
    assert_eq!(outcome.previous_person, Some(jane));
    assert_eq!(store.rollups(jane, today()).unwrap().interaction_count, 0);
    assert_eq!(store.rollups(janet, today()).unwrap().interaction_count, 1);
}

#[test]
fn primary_address_is_unique_per_person() {
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    store
        .add_email(
            jane,
            &address("jane@acme.io"),
            kith::domain::model::EmailKind::Work,
        )
        .unwrap();
    store
        .add_email(
            jane,
            &address("jane@gmail.com"),
            kith::domain::model::EmailKind::Personal,
        )
        .unwrap();
    let primary = |store: &Store| {
        store
            .emails_of(jane)
            .unwrap()
            .into_iter()
            .filter(|e| e.is_primary)
            .map(|e| e.address)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        primary(&store),
        vec!["jane@acme.io"],
        "the first address becomes primary"
    );
    store
        .set_primary_email(jane, &address("jane@gmail.com"))
        .unwrap();
    assert_eq!(primary(&store), vec!["jane@gmail.com"]);
    store
        .remove_email(jane, &address("jane@gmail.com"))
        .unwrap();
    assert_eq!(
        primary(&store),
        vec!["jane@acme.io"],
        "removing the primary promotes another"
    );
}

#[test]
fn removing_an_address_that_attended_meetings_keeps_its_history() {
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    store
        .upsert_calendar_event(&event("e1", "2026-11-01", &[("jane@acme.io", Accepted)]))
        .unwrap();
    store.link_email(&address("jane@acme.io"), jane).unwrap();
    store.remove_email(jane, &address("jane@acme.io")).unwrap();
    let record = store
        .email(&address("jane@acme.io"))
        .unwrap()
        .expect("kept");
    assert_eq!(record.person_id, None);
    let e1 = store.interaction_by_event_id("e1").unwrap().unwrap();
    assert_eq!(store.interaction(e1).unwrap().attendees.len(), 1);
}
