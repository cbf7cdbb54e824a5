//! Undo knows every dependency: taking a change back is refused — naming the later
//! change that uses what it wrote, when and by whom — whenever that later change would
//! lose something; otherwise it is applied and leaves nothing dangling.

use expect_test::expect;

use super::{Chat, check};

/// The export and the health check, to show a refused undo changed nothing.
fn snapshot(chat: &Chat) -> serde_json::Value {
    chat.store.export_json().unwrap()
}

#[test]
fn undo_of_a_creation_is_refused_after_the_person_was_logged_with() {
    let mut chat = Chat::open();
    let created = chat.send("/new Test Person t@p.example");
    let logged = chat.send("/log coffee with Test Person today");
    assert!(logged.plain_text().starts_with("Logged"), "{logged:?}");
    let before = snapshot(&chat);
    check(
        &mut chat,
        &format!("press {}", Chat::button(&created, "Undo")),
        expect![[r#"
            Can't undo “Added Test Person.”: a later change depends on it — “Logged coffee with Test Person on 2026-11-26 (today).”, made by you on 2026-11-26 09:00. Undo that first."#]],
    );
    assert_eq!(snapshot(&chat), before, "a refused undo changed something");
    // The later change is undone first, then the creation goes.
    let undone = chat.press(&Chat::button(&logged, "Undo")).plain_text();
    assert!(undone.starts_with("Undone: Logged"), "{undone}");
    let undone = chat.press(&Chat::button(&created, "Undo")).plain_text();
    assert!(undone.starts_with("Undone: Added Test Person"), "{undone}");
    assert!(chat.store.health_problems().unwrap().is_empty());
}

#[test]
fn undo_of_a_triage_create_is_refused_after_the_new_person_was_logged_with() {
    let mut chat = Chat::open();
    let unknown = chat.send("/unknown");
    let created = chat.press(&Chat::button(&unknown, "Create"));
    assert!(
        created.plain_text().contains("Jane"),
        "{}",
        created.render_plain()
    );
    let logged = chat.send("/log lunch with Jane D. today");
    assert!(
        logged.plain_text().starts_with("Logged"),
        "{}",
        logged.render_plain()
    );
    let before = snapshot(&chat);
    let refused = chat.press(&Chat::button(&created, "Undo")).plain_text();
    assert!(
        refused.starts_with("Can't undo") && refused.contains("“Logged lunch with Jane"),
        "{refused}"
    );
    assert_eq!(snapshot(&chat), before);
}

#[test]
fn undo_of_a_creation_is_refused_after_the_person_was_tagged_linked_employed_or_introduced() {
    let later = [
        "/tag Test Person +climber",
        "/link jane.d@acme.io Test Person",
        "/job Test Person at Acme Labs, CEO",
        "/intro Alice Smith by Test Person",
        "/note Test Person: likes tea",
    ];
    for step in later {
        let mut chat = Chat::open();
        let created = chat.send("/new Test Person");
        let used = chat.send(step);
        assert!(
            used.buttons
                .iter()
                .flatten()
                .any(|b| b.data().starts_with("un:")),
            "{step}: {}",
            used.render_plain()
        );
        let before = snapshot(&chat);
        let refused = chat.press(&Chat::button(&created, "Undo")).plain_text();
        assert!(
            refused.starts_with("Can't undo “Added Test Person")
                && refused.contains("made by you on 2026-11-26 09:00"),
            "{step}: {refused}"
        );
        assert_eq!(snapshot(&chat), before, "{step}");
    }
}

#[test]
fn undo_of_a_log_is_refused_after_the_interaction_was_edited() {
    let mut chat = Chat::open();
    let logged = chat.send("/log coffee with Alice Smith yesterday");
    let card = chat.press(&Chat::button(&logged, "Open"));
    let happened = chat.press(&Chat::button(&card, "Didn't happen"));
    assert!(
        happened
            .buttons
            .iter()
            .flatten()
            .any(|b| b.data().starts_with("un:")),
        "{}",
        happened.render_plain()
    );
    let before = snapshot(&chat);
    let refused = chat.press(&Chat::button(&logged, "Undo")).plain_text();
    assert!(
        refused.starts_with("Can't undo “Logged coffee with Alice Smith"),
        "{refused}"
    );
    assert_eq!(snapshot(&chat), before);
}

#[test]
fn an_undo_refused_because_of_a_sync_names_the_sync_and_its_time_in_the_owners_zone() {
    use kith::domain::model::{EmailAddress, InteractionType, ResponseStatus, Source};
    use kith::store::{Attendee, CalendarEvent, SyncBatch};
    let mut chat = Chat::open();
    chat.settings.timezone = chrono_tz::Europe::Berlin;
    let created = chat.send("/new Test Person t@p.example");
    let meeting = CalendarEvent {
        event_id: "s1".into(),
        source: Source::Google,
        occurred_on: super::day("2026-11-25"),
        occurred_at: None,
        time_zone: None,
        title: "Planning".into(),
        kind: InteractionType::OneOnOneVideo,
        did_not_happen: false,
        attendees: vec![Attendee {
            address: EmailAddress::parse("t@p.example").unwrap(),
            display_name: None,
            response: ResponseStatus::Accepted,
        }],
    };
    chat.now += chrono::Duration::hours(1);
    chat.store.set_clock(kith::store::Clock::Fixed(chat.now));
    chat.store
        .apply_sync_part(&SyncBatch {
            upserts: vec![meeting],
            cancels: Vec::new(),
        })
        .unwrap();
    let before = snapshot(&chat);
    check(
        &mut chat,
        &format!("press {}", Chat::button(&created, "Undo")),
        expect![
            "Can't undo “Added Test Person.”: a later change depends on it — “Calendar: 1 new, 0 updated”, made by the sync on 2026-11-26 11:00. What the sync wrote is corrected, not undone: open what it logged to change it, or archive or merge the person."
        ],
    );
    assert_eq!(snapshot(&chat), before);
}

#[test]
fn undo_of_a_creation_nobody_used_since_is_applied_and_leaves_nothing_dangling() {
    let mut chat = Chat::open();
    let before = snapshot(&chat);
    let created = chat.send("/new Test Person t@p.example");
    // Later changes about other people do not stand in the way.
    chat.send("/log coffee with Alice Smith yesterday");
    let undone = chat.press(&Chat::button(&created, "Undo")).plain_text();
    assert!(undone.starts_with("Undone: Added Test Person"), "{undone}");
    assert!(chat.store.health_problems().unwrap().is_empty());
    chat.send("/undo");
    assert_eq!(snapshot(&chat), before);
}

#[test]
fn undo_of_an_unlink_is_refused_after_the_person_was_merged_away() {
    // Found by `undo_random`: the undo linked the address back to a person the merge had
    // deleted, and the broken reference surfaced as a database error when the input ended.
    let mut chat = Chat::open();
    chat.send("/log coffee with Alice Smith yesterday");
    let unlinked = chat.send("/unlink alice@acme.io");
    chat.press("x:3");
    chat.send("/log coffee with Alice Smith Nov 20");
    let merged = chat.press("m:3:2");
    assert!(
        merged
            .plain_text()
            .starts_with("Merged Alice Smith into Bob Marley"),
        "{}",
        merged.render_plain()
    );
    let before = snapshot(&chat);
    check(
        &mut chat,
        &format!("press {}", Chat::button(&unlinked, "Undo")),
        expect![
            "Can't undo “alice@acme.io no longer belongs to Alice Smith; its meetings stop counting for them, and it is an unknown attendee again.”: a later change depends on it — “Merged Alice Smith into Bob Marley: 0 addresses and 2 interactions moved.”, made by you on 2026-11-26 09:00. Undo that first."
        ],
    );
    assert_eq!(snapshot(&chat), before, "a refused undo changed something");
    assert!(chat.store.health_problems().unwrap().is_empty());
    // Once the merge is taken back, Alice is there again and the unlink can go.
    let undone = chat.press(&Chat::button(&merged, "Undo")).plain_text();
    assert!(undone.starts_with("Undone: Merged"), "{undone}");
    let undone = chat.press(&Chat::button(&unlinked, "Undo")).plain_text();
    assert!(undone.starts_with("Undone: alice@acme.io"), "{undone}");
    assert!(chat.store.health_problems().unwrap().is_empty());
}

#[test]
fn undo_of_a_job_is_refused_after_a_merge_folded_the_other_persons_same_job_into_it() {
    // Found by `undo_random`: the merge kept Alice's Globex job in place of Bob Marley's,
    // changing nothing in it, so no row recorded that the merge relied on it; undoing the
    // job then left Alice with no Globex job at all, where a replay without it has one.
    let mut chat = Chat::open();
    chat.send("/job Bob Marley at Globex, CEO");
    let job = chat.send("/job Alice Smith at Globex, CEO");
    let merged = chat.press("m:2:3");
    assert!(
        merged
            .plain_text()
            .starts_with("Merged Bob Marley into Alice Smith"),
        "{}",
        merged.render_plain()
    );
    let before = snapshot(&chat);
    let refused = chat.press(&Chat::button(&job, "Undo")).plain_text();
    assert!(
        refused.starts_with("Can't undo")
            && refused.contains("“Merged Bob Marley into Alice Smith"),
        "{refused}"
    );
    assert_eq!(snapshot(&chat), before, "a refused undo changed something");
}

#[test]
fn undo_of_a_link_is_refused_after_a_merge_kept_its_address_as_the_primary() {
    // Found by `undo_random`: the merge moved Alice's address to Bob Marley as a second
    // address because the linked one was his primary; undoing the link left him with no
    // primary, where a replay without the link makes Alice's address his primary.
    let mut chat = Chat::open();
    let linked = chat.send("/link jane.d@acme.io Bob Marley");
    let merged = chat.press("m:3:2");
    assert!(
        merged
            .plain_text()
            .starts_with("Merged Alice Smith into Bob Marley"),
        "{}",
        merged.render_plain()
    );
    let before = snapshot(&chat);
    let refused = chat.press(&Chat::button(&linked, "Undo")).plain_text();
    assert!(
        refused.starts_with("Can't undo")
            && refused.contains("“Merged Alice Smith into Bob Marley"),
        "{refused}"
    );
    assert_eq!(snapshot(&chat), before, "a refused undo changed something");
}

#[test]
fn undo_of_a_link_gave_an_address_back_without_a_primary_after_a_later_unlink() {
    // Found by `undo_random`: jane.d@acme.io was linked to Alice Smith, then to Zoë
    // Müller; Alice's own address was unlinked after. Undoing the second link gave jane's
    // address back to Alice as a secondary one, leaving her with addresses but no
    // primary, where a replay without that link makes it her primary.
    let mut chat = Chat::open();
    chat.send("/link jane.d@acme.io Alice Smith");
    let moved = chat.send("/link jane.d@acme.io Zoë Müller");
    chat.send("/unlink alice@acme.io");
    let undone = chat.press(&Chat::button(&moved, "Undo")).plain_text();
    assert!(undone.starts_with("Undone"), "{undone}");
    let jane = kith::domain::model::EmailAddress::parse("jane.d@acme.io").unwrap();
    let record = chat.store.email(&jane).unwrap().expect("jane's address");
    let alice = chat
        .store
        .email(&kith::domain::model::EmailAddress::parse("alice@acme.io").unwrap())
        .unwrap()
        .expect("alice's address");
    assert_eq!(alice.person_id, None, "the unlink stays");
    assert!(
        record.person_id.is_some() && record.is_primary,
        "{record:?}"
    );
    assert!(chat.store.health_problems().unwrap().is_empty());
}
