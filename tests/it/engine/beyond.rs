//! Per-person cadence, duplicate detection, briefs and /stats, through the engine.

use expect_test::expect;

use super::*;

#[test]
fn a_persons_own_cadence_changes_stale_and_shows_on_the_card() {
    let mut chat = Chat::open();
    // Zoë (tier 1, every 14 days) was met on 2026-05-01 but has a meeting coming up;
    // Bob Marley (tier 5) was never met. Alice every 3 weeks: 37 days ago is 16 over.
    check(
        &mut chat,
        "/cadence Alice Smith 3w",
        expect![[r#"
            Alice Smith: keep in touch every 3 weeks (instead of tier 2 Close (every 30 days)).
            [Alice Smith] p:2
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/cadence bob marley off",
        expect![[r#"
            Bob Marley is not tracked any more: never listed as overdue. /cadence Bob Marley tier undoes it.
            [Bob Marley] p:3
            [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/stale",
        expect![[r#"
            Overdue, most overdue first
            1. Alice Smith — every 3 weeks, last seen 2026-10-20 (1 month ago)
            2. Bob Jones — tier 3, never seen
            [1. Alice Smith] p:2
            [Not now] nn:2
            [Less often] ls:2:21
            [2. Bob Jones] p:1
            [Not now] nn:1
            [Less often] ls:1:60"#]],
    );
    let card = chat.send("/person Alice Smith");
    assert!(
        card.body
            .contains("\nTier: 2 Close · own cadence: every 3 weeks\n"),
        "{}",
        card.body
    );
    check(
        &mut chat,
        "/cadence Bob Marley tier",
        expect![[r#"
            Bob Marley follows their tier again: tier 5 Acquaintance (every 180 days).
            [Bob Marley] p:3
            [↩ Undo] un:3"#]],
    );
    assert!(
        chat.send("/stale")
            .body
            .contains("Bob Marley — tier 5, never seen")
    );
}

#[test]
fn cadence_input_errors_are_specific_and_change_nothing() {
    let mut chat = Chat::open();
    let before = chat.store.content_fingerprint().unwrap();
    check(
        &mut chat,
        "/cadence",
        expect![[
            r#"/cadence needs a name and a pace (3w, 10d, 2m, off or tier). For example: /cadence Alice Smith 3w"#
        ]],
    );
    check(
        &mut chat,
        "/cadence Alice Smith fortnightly",
        expect![[
            r#"I can't read the pace "fortnightly": use days, weeks, months or years (10d, 3w, 2m, 1y, at most 10 years), off, or tier. For example: /cadence Alice Smith 3w"#
        ]],
    );
    check(
        &mut chat,
        "/cadence Alice Smith 40y",
        expect![[
            r#"I can't read the pace "40y": use days, weeks, months or years (10d, 3w, 2m, 1y, at most 10 years), off, or tier. For example: /cadence Alice Smith 3w"#
        ]],
    );
    check(
        &mut chat,
        "/cadence Nobody Here 3w",
        expect![[
            r#"I don't know anyone called "Nobody Here". Add them with /new Nobody Here, or check the spelling."#
        ]],
    );
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
}

#[test]
fn dupes_lists_likely_pairs_and_remembers_not_the_same() {
    let mut chat = Chat::open();
    chat.send("/new Zoe Muller zoe.m@work.io");
    chat.send("/new Robert Jones");
    chat.send("/new Bobby Marley");
    let listed = check(
        &mut chat,
        "/dupes",
        expect![[r#"
            Possible duplicates, most likely first
            1. Zoë Müller · zoe@gmail.com (#4) and Zoe Muller · zoe.m@work.io (#5) — the same name up to accents (95% sure)
            2. Bob Jones (#1) and Robert Jones (#6) — bob is short for robert (80% sure)
            3. Bob Marley (#3) and Bobby Marley (#7) — bob could be short for bobby (60% sure)
            [Merge into Zoë Müller · zoe@gmail.c… (1)] mq:4:5
            [Not the same (1)] ns:4:5
            [Merge into Bob Jones (2)] mq:1:6
            [Not the same (2)] ns:1:6
            [Merge into Bob Marley (3)] mq:3:7
            [Not the same (3)] ns:3:7"#]],
    );
    assert_eq!(Chat::button(&listed, "Not the same (3)"), "ns:3:7");
    check(
        &mut chat,
        "press ns:3:7",
        expect![[r#"
            Noted: Bob Marley and Bobby Marley are different people. kith won't suggest them again.
            [↩ Undo] un:4"#]],
    );
    // Merge asks first, then merges into the older record.
    check(
        &mut chat,
        "press mq:1:6",
        expect![[r#"
            Merge Robert Jones (#6) into Bob Jones (#1)? 0 addresses and 0 interactions move, tags and notes are combined, and Robert Jones (#6) is removed.
            [Merge] m:1:6
            [Cancel] cancel"#]],
    );
    chat.press("m:1:6");
    check(
        &mut chat,
        "/dupes",
        expect![[r#"
            Possible duplicates, most likely first
            1. Zoë Müller · zoe@gmail.com (#4) and Zoe Muller · zoe.m@work.io (#5) — the same name up to accents (95% sure)
            [Merge into Zoë Müller · zoe@gmail.c… (1)] mq:4:5
            [Not the same (1)] ns:4:5"#]],
    );
    // Forged pairs: the same person twice, or someone who is gone.
    let before = chat.store.content_fingerprint().unwrap();
    check(
        &mut chat,
        "press ns:4:4",
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        "press ns:4:999",
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        "press mq:6:4",
        expect!["(notice) This button has expired."],
    );
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
}

#[test]
fn the_scheduled_digest_shows_new_duplicates_once() {
    let mut chat = Chat::open();
    chat.send("/new Zoe Muller");
    let scheduled = |chat: &mut Chat| {
        Engine::new(
            &mut chat.store,
            &kith::engine::Preferences::from(&chat.settings),
        )
        .digest_to_send(chat.now)
        .unwrap()
        .map(|r| r.render_plain())
        .unwrap_or_default()
    };
    // /digest on demand (and `kith digest`) show it and leave it new.
    assert!(chat.send("/digest").render_plain().contains("Same person?"));
    let printed = Engine::new(
        &mut chat.store,
        &kith::engine::Preferences::from(&chat.settings),
    )
    .digest(1, chat.now)
    .unwrap()
    .unwrap();
    assert!(printed.render_plain().contains("Same person?"));
    let first = scheduled(&mut chat);
    assert!(
        first.contains("Same person? Zoë Müller · zoe@gmail.com (#4) and Zoe Muller · #5 — the same name up to accents.\n[Merge into Zoë Müller · zoe@gmail.com] mq:4:5\n[Not the same] ns:4:5"),
        "{first}"
    );
    let second = scheduled(&mut chat);
    assert!(!second.contains("Same person?"), "{second}");
    // /dupes still lists it until it is answered.
    assert!(chat.send("/dupes").body.contains("Zoe Muller · #5"));
}

#[test]
fn stats_sends_a_chart_of_the_year_on_the_seeded_network() {
    let mut store = Store::open_in_memory().unwrap();
    let today = day("2026-11-26");
    store
        .insert_network(&kith::synthetic::generate(
            kith::synthetic::Scale::default(),
            1,
            today,
        ))
        .unwrap();
    let settings = Settings::for_database(std::path::Path::new(":memory:"));
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let reply = Engine::new(&mut store, &kith::engine::Preferences::from(&settings)).handle(
        1,
        Input::Text("/stats".into()),
        now,
    );
    assert_eq!(reply.title.as_deref(), Some("Your year"));
    assert!(
        reply.body.starts_with("Since December 2025: ") && reply.body.contains("\nMost met: "),
        "{}",
        reply.body
    );
    let file = reply.file.expect("a chart");
    assert_eq!(file.mime, "image/png");
    assert_eq!(file.name, "kith-year-2026-11-26.png");
    let image = image::load_from_memory_with_format(&file.bytes, image::ImageFormat::Png)
        .expect("a valid PNG")
        .to_rgb8();
    assert_eq!(
        image.dimensions(),
        (
            kith::engine::chart::CHART_WIDTH,
            kith::engine::chart::CHART_HEIGHT
        )
    );
    let colours: std::collections::HashSet<[u8; 3]> = image.pixels().map(|p| p.0).collect();
    // White, the two bar colours, and the greys of text and grid at least.
    assert!(colours.len() > 3, "{} colours", colours.len());
    for bar in [[46, 125, 50], [66, 133, 244]] {
        let count = image.pixels().filter(|p| p.0 == bar).count();
        assert!(count > 10_000, "{bar:?}: {count} pixels");
    }
}

#[test]
fn stats_on_an_empty_network_still_draws_and_says_so() {
    let mut store = Store::open_in_memory().unwrap();
    let settings = Settings::for_database(std::path::Path::new(":memory:"));
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let reply = Engine::new(&mut store, &kith::engine::Preferences::from(&settings)).handle(
        1,
        Input::Text("/stats".into()),
        now,
    );
    assert_eq!(
        reply.body,
        "Since December 2025: 0 meetings (0 face to face, 0 by video).\n0 people met, 0 people new.\nNo one is overdue."
    );
    let file = reply.file.expect("a chart");
    let image = image::load_from_memory(&file.bytes).unwrap();
    assert_eq!(image.width(), kith::engine::chart::CHART_WIDTH);
}

/// A meeting today at `hour:minute` UTC with Alice, Zoë and an unknown attendee.
fn board_prep(chat: &mut Chat, hour: u32, minute: u32) -> kith::domain::model::InteractionId {
    let at = Utc.with_ymd_and_hms(2026, 11, 26, hour, minute, 0).unwrap();
    let attendee = |a: &str, name: Option<&str>| Attendee {
        address: address(a),
        display_name: name.map(str::to_owned),
        response: ResponseStatus::Accepted,
    };
    chat.store
        .upsert_calendar_event(&CalendarEvent {
            event_id: "board-prep".into(),
            source: Source::Google,
            occurred_on: at.date_naive(),
            occurred_at: Some(at),
            time_zone: None,
            title: "Board prep <b>& co</b>".into(),
            kind: InteractionType::GroupInPerson,
            did_not_happen: false,
            attendees: vec![
                attendee("alice@acme.io", None),
                attendee("zoe@gmail.com", None),
                attendee("new.face@acme.io", Some("New Face")),
            ],
        })
        .unwrap()
        .id
}

#[test]
fn a_brief_shows_who_is_coming_and_what_you_know() {
    let mut chat = Chat::open();
    board_prep(&mut chat, 9, 15);
    chat.send("/log coffee with Alice Smith 2026-11-20: Talked about the seed round\nand hiring");
    check(
        &mut chat,
        "/next",
        expect![[r#"
            Board prep <b>& co</b> — today 09:15 (in 15 minutes)
            group-f2f · 2 people you know, 1 unknown

            Zoë Müller
              Tier 1 Any time · Tags: Friend
              Last seen 2026-05-01 (6 months ago), coffee: Talked about moving to Lisbon

            Alice Smith — CTO at Acme Labs
              Tier 2 Close · Tags: Investor · Introduced by Bob Jones
              Last seen 2026-11-20 (6 days ago), coffee: Talked about the seed round
              Note: 2026-10-01: Angel investor, likes climbing
            [Zoë Müller] p:4
            [Alice Smith] p:2
            [Open meeting ▸] ic:6

            new.face@acme.io (New Face) — 1 meeting, last 2026-11-26
            [Link to…] lk:5
            [Create New Face at Acme Labs] c:5
            [Ignore] x:5
            [Ignore @acme.io] xd:5"#]],
    );
    // /today shows the same brief, then each later meeting's; the meeting on 1 December
    // is not today.
    let lunch = Utc.with_ymd_and_hms(2026, 11, 26, 12, 30, 0).unwrap();
    chat.store
        .upsert_calendar_event(&CalendarEvent {
            event_id: "lunch".into(),
            source: Source::Google,
            occurred_on: lunch.date_naive(),
            occurred_at: Some(lunch),
            time_zone: None,
            title: "Lunch".into(),
            kind: InteractionType::Lunch,
            did_not_happen: false,
            attendees: vec![Attendee {
                address: address("alice@acme.io"),
                display_name: None,
                response: ResponseStatus::Accepted,
            }],
        })
        .unwrap();
    let today = chat.send("/today");
    let titles: Vec<String> = std::iter::once(&today)
        .chain(&today.followups)
        .map(|r| {
            r.title
                .clone()
                .unwrap_or_else(|| r.body.lines().next().unwrap_or("").to_owned())
        })
        .collect();
    assert_eq!(
        titles,
        vec![
            "Board prep <b>& co</b> — today 09:15 (in 15 minutes)",
            "new.face@acme.io (New Face) — 1 meeting, last 2026-11-26",
            "Lunch — today 12:30 (in 3 hours)",
        ]
    );
    assert_eq!(
        chat.send("/next").followups.len(),
        1,
        "only the next meeting"
    );
}

#[test]
fn briefs_go_out_once_per_instance_across_restarts_and_again_when_moved() {
    let mut chat = Chat::open();
    chat.settings.brief_minutes = 15;
    let meeting = board_prep(&mut chat, 10, 0);
    let at = |h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, 26, h, m, 0).unwrap();
    let due = |chat: &mut Chat, now| {
        Engine::new(
            &mut chat.store,
            &kith::engine::Preferences::from(&chat.settings),
        )
        .due_briefs(now)
        .unwrap()
    };
    assert!(due(&mut chat, at(9, 44)).is_empty(), "too early");
    let sent = due(&mut chat, at(9, 46));
    assert_eq!(sent.len(), 1);
    assert!(
        sent[0]
            .title
            .as_deref()
            .unwrap()
            .ends_with("today 10:00 (in 14 minutes)")
    );
    assert!(due(&mut chat, at(9, 50)).is_empty(), "once");
    // A restart: a new engine (and, in `kith run`, a new process) on the same file.
    assert!(due(&mut chat, at(9, 55)).is_empty(), "once across restarts");
    // The meeting moves to 11:00: a new instance, a new brief at the new time.
    board_prep(&mut chat, 11, 0);
    assert_eq!(
        chat.store.meetings_starting(at(9, 0), at(12, 0)).unwrap(),
        vec![(meeting, at(11, 0))]
    );
    assert!(due(&mut chat, at(10, 0)).is_empty());
    let moved = due(&mut chat, at(10, 50));
    assert_eq!(moved.len(), 1);
    assert!(
        moved[0]
            .title
            .as_deref()
            .unwrap()
            .ends_with("today 11:00 (in 10 minutes)")
    );
    assert!(due(&mut chat, at(10, 59)).is_empty());
    // Off means off.
    chat.settings.brief_minutes = 0;
    board_prep(&mut chat, 12, 0);
    assert!(due(&mut chat, at(11, 55)).is_empty());
}
