//! The digest: what it asks, what it lists, and its buttons.

use expect_test::expect;
use kith::config::settings::DigestWhenEmpty;
use kith::engine::digest::{DigestData, compose};

use super::*;

/// A sync's worth of new attendees on top of the hand-made network.
fn with_new_attendees(chat: &mut Chat) {
    let store = &mut chat.store;
    let jane = store
        .create_person(&NewPerson::named("Jane Doe-Smith"))
        .unwrap();
    let _ = jane;
    let acme = store.organization_by_name("Acme Labs").unwrap().unwrap().id;
    let mut at_acme = NewPerson::named("Jane Doe");
    at_acme.current_organization = Some(acme);
    store.create_person(&at_acme).unwrap();
    store.create_person(&NewPerson::named("Jane Doe")).unwrap();
    let attendee = |a: &str, name: Option<&str>| Attendee {
        address: EmailAddress::parse(a).unwrap(),
        display_name: name.map(str::to_owned),
        response: ResponseStatus::Accepted,
    };
    let events = [
        (
            "n1",
            "2026-11-25",
            vec![
                attendee("jd@gmail.com", Some("Jane Doe")),
                attendee("alice@acme.io", None),
            ],
        ),
        (
            "n2",
            "2026-11-25",
            vec![
                attendee("j.doe@acme.io", None),
                attendee("jd@gmail.com", Some("Jane Doe")),
            ],
        ),
        (
            "n3",
            "2026-11-20",
            vec![attendee("pat@nowhere.org", Some("Pat Example"))],
        ),
    ];
    for (id, on, attendees) in events {
        store
            .upsert_calendar_event(&CalendarEvent {
                event_id: id.into(),
                source: Source::Google,
                occurred_on: day(on),
                occurred_at: None,
                time_zone: None,
                title: format!("Sync {id}"),
                kind: InteractionType::GroupVideo,
                did_not_happen: false,
                attendees,
            })
            .unwrap();
    }
}

#[test]
fn the_morning_digest_asks_lists_and_offers_buttons() {
    let mut chat = Chat::open();
    with_new_attendees(&mut chat);
    check(
        &mut chat,
        "/digest",
        expect![[r#"
            Digest for 2026-11-26 (Thursday)
            5 new addresses at your meetings since the last digest. Who are they?

            jd@gmail.com (Jane Doe) — 2 meetings, last 2026-11-25
            [Link to Jane Doe · Acme Labs] lt:5:6
            [Link to Jane Doe · #7] lt:5:7
            [Link to Jane Doe-Smith · #5] lt:5:5
            [Link to…] lk:5
            [Create Jane Doe] c:5
            [Ignore] x:5

            jane.d@acme.io (Jane D.) — 2 meetings, last 2026-11-02
            [Link to Jane Doe · Acme Labs] lt:3:6
            [Link to Jane Doe · #7] lt:3:7
            [Link to Jane Doe-Smith · #5] lt:3:5
            [Link to…] lk:3
            [Create Jane D. at Acme Labs] c:3
            [Ignore] x:3
            [Ignore @acme.io] xd:3

            j.doe@acme.io — 1 meeting, last 2026-11-25
            [Link to Jane Doe · Acme Labs] lt:6:6
            [Link to Jane Doe · #7] lt:6:7
            [Link to Jane Doe-Smith · #5] lt:6:5
            [Link to…] lk:6
            [Create J Doe at Acme Labs] c:6
            [Ignore] x:6
            [Ignore @acme.io] xd:6

            pat@nowhere.org (Pat Example) — 1 meeting, last 2026-11-20
            [Link to…] lk:7
            [Create Pat Example] c:7
            [Ignore] x:7
            [Ignore @nowhere.org] xd:7

            bob.marley@reggae.org — 1 meeting, last 2026-10-20
            [Link to Bob Marley · #3] lt:4:3
            [Link to…] lk:4
            [Create Bob Marley] c:4
            [Ignore] x:4
            [Ignore @reggae.org] xd:4

            Same person? Jane Doe · Acme Labs (#6) and Jane Doe · #7 — the same name.
            [Merge into Jane Doe · Acme Labs] mq:6:7
            [Not the same] ns:6:7

            Yesterday (2026-11-25): 2 meetings
              Y1. group-vc with unknown attendees — Sync n2
              Y2. group-vc with Alice Smith — Sync n1

            Reach out to:
              1. Bob Jones — tier 3, never seen
              2. Bob Marley — tier 5, never seen
            [Y1] ic:7
            [Y2] ic:6
            [Log Bob Jones] l:1
            [Not now] nn:1
            [Less often] ls:1:60
            [Log Bob Marley] l:3
            [Not now] nn:3
            [Less often] ls:3:180"#]],
    );
}

#[test]
fn suggestions_prefer_the_calendar_name_and_the_domain_owner() {
    let mut chat = Chat::open();
    with_new_attendees(&mut chat);
    let digest = chat.send("/digest");
    let messages: Vec<&Reply> = std::iter::once(&digest)
        .chain(digest.followups.iter())
        .collect();
    let message = |address: &str| {
        messages
            .iter()
            .find(|m| m.body.starts_with(address))
            .unwrap_or_else(|| panic!("no message for {address}"))
    };
    let labels = |reply: &Reply| {
        reply
            .buttons
            .iter()
            .flatten()
            .map(|b| b.label.clone())
            .collect::<Vec<_>>()
    };
    // The calendar's "Jane Doe" finds "Jane Doe-Smith" too; free mail: no organization, no "Ignore @gmail.com".
    let free = labels(message("jd@gmail.com"));
    assert!(
        free.iter().any(|l| l.starts_with("Link to Jane Doe-Smith")),
        "{free:?}"
    );
    assert!(free.iter().any(|l| l == "Create Jane Doe"), "{free:?}");
    assert!(!free.iter().any(|l| l.starts_with("Ignore @")), "{free:?}");
    // j.doe@acme.io: the Jane Doe at Acme comes first; Create joins her to Acme Labs.
    let work = message("j.doe@acme.io");
    let first_link = &work.buttons[0][0];
    assert_eq!(first_link.label, "Link to Jane Doe · Acme Labs");
    let MatchTarget::Person(at_acme) = chat.store.find("Jane Doe", 5).unwrap().into_iter().find(|m| {
        matches!(m.target, MatchTarget::Person(id) if chat.store.employment_of(id).unwrap().iter().any(|e| e.organization == "Acme Labs"))
    }).unwrap().target else { panic!() };
    assert!(
        first_link.data().ends_with(&format!(":{at_acme}")),
        "{}",
        first_link.data()
    );
    let work_labels = labels(work);
    assert!(
        work_labels.contains(&"Create J Doe at Acme Labs".to_owned()),
        "{work_labels:?}"
    );
    assert!(
        work_labels.contains(&"Ignore @acme.io".to_owned()),
        "{work_labels:?}"
    );
}

#[test]
fn triage_from_the_digest_counts_past_meetings_and_happens_once() {
    let mut chat = Chat::open();
    with_new_attendees(&mut chat);
    let digest = chat.send("/digest");
    let pat = digest
        .followups
        .iter()
        .find(|m| m.body.starts_with("pat@nowhere.org"))
        .unwrap();
    let create = Chat::button(pat, "Create");
    check(
        &mut chat,
        &format!("press {create}"),
        expect![[r#"
            ✓ Pat Example created from pat@nowhere.org — 1 past meeting linked.
            [Pat Example ▸] p:8
            [Unknown attendees ▸] u:0
            [↩ Undo] un:1"#]],
    );
    let before = chat.store.content_fingerprint().unwrap();
    check(
        &mut chat,
        &format!("press {create}"),
        expect!["(notice) pat@nowhere.org already belongs to Pat Example."],
    );
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
    let unknown = chat.send("/unknown");
    assert!(
        !unknown.body.contains("pat@nowhere.org"),
        "{}",
        unknown.body
    );
}

#[test]
fn nothing_new_is_one_line_or_silence() {
    let data = DigestData {
        day: day("2026-11-26"),
        due: vec![],
        more_due: 0,
        unknown: vec![],
        more_unknown: 0,
        partners: vec![],
        more_partners: 0,
        duplicates: vec![],
        yesterday: vec![],
        overdue: vec![],
        chats: vec![],
        dates: vec![],
        when_empty: DigestWhenEmpty::Line,
        address_book: Default::default(),
    };
    expect![[r#"
        Digest for 2026-11-26 (Thursday)
        Nothing new: nothing due, no unknown attendees, no meetings yesterday, no one overdue."#]]
    .assert_eq(&compose(&data).unwrap().render_plain());
    let silent = DigestData {
        when_empty: DigestWhenEmpty::Silent,
        ..data
    };
    assert!(compose(&silent).is_none());
}

#[test]
fn addresses_you_emailed_are_asked_about_as_emails_and_creating_one_links_them() {
    let mut chat = Chat::open();
    let attendee = |a: &str, name: Option<&str>| Attendee {
        address: EmailAddress::parse(a).unwrap(),
        display_name: name.map(str::to_owned),
        response: ResponseStatus::Accepted,
    };
    for (key, on) in [
        ("mail:t1@x:2026-11-24", "2026-11-24"),
        ("mail:t1@x:2026-11-25", "2026-11-25"),
    ] {
        chat.store
            .upsert_calendar_event(&CalendarEvent {
                event_id: key.into(),
                source: Source::Gmail,
                occurred_on: day(on),
                occurred_at: None,
                time_zone: None,
                title: "Plans".into(),
                kind: InteractionType::Email,
                did_not_happen: false,
                attendees: vec![attendee("kenny@hoerst.example", Some("Hörst, Kenny"))],
            })
            .unwrap();
    }
    let digest = chat.send("/digest").render_plain();
    assert!(
        digest.contains(
            "3 new addresses at your meetings and in mail you sent since the last digest."
        ),
        "{digest}"
    );
    assert!(
        digest.contains("kenny@hoerst.example (Hörst, Kenny) — 2 emails, last 2026-11-25"),
        "{digest}"
    );
    assert!(digest.contains("[Create Kenny Hörst] c:"), "{digest}");
    let unknown = chat.send("/unknown");
    let create = Chat::button(&unknown, "Create");
    assert!(
        unknown
            .render_plain()
            .contains("kenny@hoerst.example (Hörst, Kenny) — 2 emails"),
        "{}",
        unknown.render_plain()
    );
    let created = chat.press(&create).render_plain();
    assert!(
        created.contains("Kenny Hörst created from kenny@hoerst.example — past 2 emails linked."),
        "{created}"
    );
}

/// Issue 27: an address stored before addresses were checked as strictly (no dot in its
/// domain) is still listed and can be ignored: the stricter rule locks nothing out.
#[test]
fn an_address_stored_before_the_stricter_rule_is_still_triaged() {
    let mut chat = Chat::open();
    chat.store
        .upsert_calendar_event(&CalendarEvent {
            event_id: "legacy-1".into(),
            source: Source::Google,
            occurred_on: day("2026-11-25"),
            occurred_at: None,
            time_zone: None,
            title: "Old sync".into(),
            kind: InteractionType::Other,
            did_not_happen: false,
            attendees: vec![Attendee {
                address: EmailAddress::stored("printer@office"),
                display_name: None,
                response: ResponseStatus::Accepted,
            }],
        })
        .unwrap();
    let unknown = chat.send("/unknown");
    assert!(
        unknown.render_plain().contains("printer@office"),
        "{}",
        unknown.render_plain()
    );
    // Listed second: its Ignore is the one after "2. Link ▸".
    let buttons: Vec<_> = unknown.buttons.iter().flatten().collect();
    let second = buttons
        .iter()
        .position(|b| b.label.starts_with("2. "))
        .unwrap();
    let ignore = buttons[second..]
        .iter()
        .find(|b| b.label == "Ignore")
        .unwrap()
        .data();
    let ignored = chat.press(&ignore).render_plain();
    assert!(ignored.contains("Ignored printer@office"), "{ignored}");
}
