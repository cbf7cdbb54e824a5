//! Unknown attendees: ranking by meetings, ignore marks, rules and built-in patterns.

use kith::domain::model::ResponseStatus::{Accepted, Declined};

use super::*;

#[test]
fn ranked_by_meetings_then_recency_and_never_ignored_or_known() {
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    store.link_email(&address("jane@acme.io"), jane).unwrap();
    let events: &[(&str, &str, &[&str])] = &[
        (
            "e1",
            "2026-11-01",
            &[
                "often@beta.io",
                "jane@acme.io",
                "room-1@resource.calendar.google.com",
            ],
        ),
        (
            "e2",
            "2026-11-02",
            &["often@beta.io", "noreply@zoom.us", "list@spam.io"],
        ),
        (
            "e3",
            "2026-11-03",
            &["often@beta.io", "recent@gamma.io", "ignored@delta.io"],
        ),
        (
            "e4",
            "2026-10-01",
            &["older@gamma.io", "holiday@group.calendar.google.com"],
        ),
    ];
    for (id, on, attendees) in events {
        let attendees: Vec<_> = attendees.iter().map(|a| (*a, Accepted)).collect();
        store
            .upsert_calendar_event(&event(id, on, &attendees))
            .unwrap();
    }
    store
        .set_email_ignored(&address("ignored@delta.io"), true)
        .unwrap();
    store.add_ignore_rule("@spam.io").unwrap();

    let page = store.unknown_attendees(0, 10).unwrap();
    let ranked: Vec<(&str, i64)> = page
        .items
        .iter()
        .map(|u| (u.address.as_str(), u.meetings))
        .collect();
    assert_eq!(
        ranked,
        vec![
            ("often@beta.io", 3),
            ("recent@gamma.io", 1),
            ("older@gamma.io", 1)
        ]
    );
    assert_eq!(page.total, 3);
    assert_eq!(page.items[0].last_seen, Some(day("2026-11-03")));

    assert!(store.is_ignored(&address("x@spam.io")).unwrap());
    assert!(store.is_ignored(&address("no-reply@anything.com")).unwrap());
    assert!(!store.is_ignored(&address("often@beta.io")).unwrap());

    // Removing the rule brings the address back; linking one takes it off the list.
    assert!(store.remove_ignore_rule("*@spam.io").unwrap());
    assert!(
        !store.remove_ignore_rule("noreply@*").unwrap(),
        "built-in rules stay"
    );
    let paul = person(&mut store, "Paul Often");
    store.link_email(&address("often@beta.io"), paul).unwrap();
    let addresses: Vec<String> = store
        .unknown_attendees(0, 10)
        .unwrap()
        .items
        .into_iter()
        .map(|u| u.address)
        .collect();
    assert_eq!(
        addresses,
        vec!["recent@gamma.io", "list@spam.io", "older@gamma.io"]
    );
}

#[test]
fn a_declined_unknown_still_waits_for_triage() {
    let mut store = store();
    store
        .upsert_calendar_event(&event("e1", "2026-11-01", &[("shy@beta.io", Declined)]))
        .unwrap();
    let page = store.unknown_attendees(0, 10).unwrap();
    assert_eq!(page.items.len(), 1);
}

#[test]
fn pages_of_unknowns() {
    let mut store = store();
    for n in 0..25 {
        let mail = format!("guest{n:02}@beta.io");
        store
            .upsert_calendar_event(&event(&format!("e{n}"), "2026-11-01", &[(&mail, Accepted)]))
            .unwrap();
    }
    let first = store.unknown_attendees(0, 10).unwrap();
    let last = store.unknown_attendees(20, 10).unwrap();
    assert_eq!(
        (first.items.len(), first.total, first.has_next()),
        (10, 25, true)
    );
    assert_eq!((last.items.len(), last.has_next()), (5, false));
}
