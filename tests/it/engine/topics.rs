//! Things to bring up (`/topic`) and important dates (`/date`): each command and button,
//! each refusal, a topic in a brief and after a log, the card's lines, and the Undo of
//! each change.

use expect_test::expect;

use super::*;

/// A meeting today at 09:15 UTC with Alice.
fn call_with_alice(chat: &mut Chat) {
    let at = Utc.with_ymd_and_hms(2026, 11, 26, 9, 15, 0).unwrap();
    chat.store
        .upsert_calendar_event(&CalendarEvent {
            event_id: "catch-up".into(),
            source: Source::Google,
            occurred_on: at.date_naive(),
            occurred_at: Some(at),
            time_zone: None,
            title: "Catch-up".into(),
            kind: InteractionType::OneOnOneVideo,
            did_not_happen: false,
            attendees: vec![Attendee {
                address: address("alice@acme.io"),
                display_name: None,
                response: ResponseStatus::Accepted,
            }],
        })
        .unwrap();
}

#[test]
fn a_topic_is_kept_listed_covered_and_undone() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/topic Alice Smith: the Lisbon intro",
        expect![[r#"
            To bring up with Alice Smith next time: “the Lisbon intro”.
            It shows on their card and in the brief of every meeting with them until you mark it done.
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/topic alice: ask about the climbing trip",
        expect![[r#"
            To bring up with Alice Smith next time: “ask about the climbing trip”.
            It shows on their card and in the brief of every meeting with them until you mark it done.
            [↩ Undo] un:2"#]],
    );
    let list = check(
        &mut chat,
        "/topic Alice",
        expect![[r#"
        To bring up with Alice Smith:
          1. the Lisbon intro
          2. ask about the climbing trip
        [✓ the Lisbon intro] td:1
        [✓ ask about the climbing trip] td:2"#]],
    );
    let done = Chat::button(&list, "Lisbon");
    let covered = check(
        &mut chat,
        &format!("press {done}"),
        expect![[r#"
        Covered with Alice Smith: “the Lisbon intro”.
        Still to bring up:
          1. ask about the climbing trip
        [✓ ask about the climbing trip] td:2
        [↩ Undo] un:3"#]],
    );
    // Twice: already covered, nothing changes.
    check(
        &mut chat,
        &format!("press {done}"),
        expect!["(notice) Already covered: “the Lisbon intro”."],
    );
    // Undo of the press opens it again.
    let undo = Chat::button(&covered, "Undo");
    check(
        &mut chat,
        &format!("press {undo}"),
        expect!["Undone: Covered with Alice Smith: “the Lisbon intro”."],
    );
    check(
        &mut chat,
        "/topic Alice",
        expect![[r#"
        To bring up with Alice Smith:
          1. the Lisbon intro
          2. ask about the climbing trip
        [✓ the Lisbon intro] td:1
        [✓ ask about the climbing trip] td:2"#]],
    );
    // Undo of the adding: the topic is gone, and its button says so.
    let added = chat.send("/topic Zoë: her new job");
    let zoe_list = chat.send("/topic Zoë");
    let zoe_done = Chat::button(&zoe_list, "new job");
    let undo = Chat::button(&added, "Undo");
    check(
        &mut chat,
        &format!("press {undo}"),
        expect!["Undone: To bring up with Zoë Müller next time: “her new job”."],
    );
    check(
        &mut chat,
        "/topic Zoë",
        expect!["Nothing to bring up with Zoë Müller. Keep something with /topic Zoë Müller: TEXT"],
    );
    check(
        &mut chat,
        &format!("press {zoe_done}"),
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        "/history Alice Smith",
        expect![[r#"
            History of Alice Smith
            1. 2026-11-26 09:00 · you · Covered with Alice Smith: “the Lisbon intro”. (undone)
            2. 2026-11-26 09:00 · you · To bring up with Alice Smith next time: “ask about the climbing trip”.
            3. 2026-11-26 09:00 · you · To bring up with Alice Smith next time: “the Lisbon intro”.
            [↩ Undo 2] un:2
            [↩ Undo 3] un:1
            [Alice Smith ▸] p:2"#]],
    );
}

#[test]
fn topic_refusals_are_specific_and_change_nothing() {
    let mut chat = Chat::open();
    let before = chat.store.table_counts().unwrap();
    check(
        &mut chat,
        "/topic",
        expect![
            "/topic needs a name, a colon and what to bring up. For example: /topic Ana Souza: the Lisbon intro"
        ],
    );
    check(
        &mut chat,
        "/topic Alice:",
        expect![
            "/topic needs a name, a colon and what to bring up. For example: /topic Ana Souza: the Lisbon intro"
        ],
    );
    check(
        &mut chat,
        "/topic : the intro",
        expect![
            "/topic needs a name, a colon and what to bring up. For example: /topic Ana Souza: the Lisbon intro"
        ],
    );
    check(
        &mut chat,
        "/topic Alice ask about Lisbon",
        expect![
            "/topic needs a colon between the name and what to bring up: /topic Alice: ask about Lisbon"
        ],
    );
    check(
        &mut chat,
        "/topic Zed: hello",
        expect![[
            r#"I don't know anyone called "Zed". Add them with /new Zed, or check the spelling."#
        ]],
    );
    check(
        &mut chat,
        "/topic Bob: the intro",
        expect![[r#"
        Which "Bob" do you mean?
        [Bob Jones · #1] ch:1:1
        [Bob Marley · #3] ch:1:3
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "press td:999",
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        "press td:x",
        expect!["(notice) This button has expired."],
    );
    assert_eq!(chat.store.table_counts().unwrap(), before);
    // The ambiguous name, once chosen, keeps the topic.
    let which = chat.send("/topic Bob: the intro");
    let jones = Chat::button(&which, "Bob Jones");
    check(
        &mut chat,
        &format!("press {jones}"),
        expect![[r#"
            To bring up with Bob Jones next time: “the intro”.
            It shows on their card and in the brief of every meeting with them until you mark it done.
            [↩ Undo] un:1"#]],
    );
}

#[test]
fn topics_show_on_the_card_and_in_briefs_each_with_done() {
    let mut chat = Chat::open();
    call_with_alice(&mut chat);
    for text in [
        "the Lisbon intro",
        "the climbing trip",
        "her board seat",
        "the offsite",
    ] {
        chat.send(&format!("/topic Alice Smith: {text}"));
    }
    check(
        &mut chat,
        "/person Alice Smith",
        expect![[r#"
            Alice Smith
            CTO at Acme Labs
            Tier: 2 Close (every 30 days)
            Tags: Investor
            Email: alice@acme.io (primary, work)
            Introduced by: Bob Jones
            Location: Berlin
            To bring up:
              • the Lisbon intro
              • the climbing trip
              • her board seat
              • the offsite
            Last seen: 2026-11-26 (today) · last F2F: never · 3 interactions
            Latest:
              1. 2026-11-26 · 1:1-vc — Catch-up
              2. 2026-10-20 · group-vc — Meeting g2
              3. 2026-09-10 · 1:1-vc — Meeting g1
            Notes:
            2026-10-01: Angel investor, likes climbing
            [1] ic:6
            [2] ic:2
            [3] ic:1
            [✓ Done: the Lisbon intro] td:1
            [✓ Done: the climbing trip] td:2
            [✓ Done: her board seat] td:3
            [Log] l:2
            [Note] n:2
            [Interactions ▸] i:2:0
            [Edit ▸] ep:2
            [Edit tier] et:2
            [History] hi:2:0
            [Remind ▸] rm:2"#]],
    );
    check(
        &mut chat,
        "/next",
        expect![[r#"
            Catch-up — today 09:15 (in 15 minutes)
            1:1-vc · 1 person you know

            Alice Smith — CTO at Acme Labs
              Tier 2 Close · Tags: Investor · Introduced by Bob Jones
              Last seen 2026-10-20 (1 month ago), group-vc — Meeting g2
              Note: 2026-10-01: Angel investor, likes climbing
              To bring up:
                • the Lisbon intro
                • the climbing trip
                • her board seat
                …and 1 more (/topic #2 lists them)
            [Alice Smith] p:2
            [✓ Alice Smith: the Lisbon intro] td:1
            [✓ Alice Smith: the climbing trip] td:2
            [✓ Alice Smith: her board seat] td:3
            [Open meeting ▸] ic:6"#]],
    );
    let today = check(
        &mut chat,
        "/today",
        expect![[r#"
            Catch-up — today 09:15 (in 15 minutes)
            1:1-vc · 1 person you know

            Alice Smith — CTO at Acme Labs
              Tier 2 Close · Tags: Investor · Introduced by Bob Jones
              Last seen 2026-10-20 (1 month ago), group-vc — Meeting g2
              Note: 2026-10-01: Angel investor, likes climbing
              To bring up:
                • the Lisbon intro
                • the climbing trip
                • her board seat
                …and 1 more (/topic #2 lists them)
            [Alice Smith] p:2
            [✓ Alice Smith: the Lisbon intro] td:1
            [✓ Alice Smith: the climbing trip] td:2
            [✓ Alice Smith: her board seat] td:3
            [Open meeting ▸] ic:6"#]],
    );
    // Done from the brief, with Undo.
    let done = Chat::button(&today, "Lisbon");
    check(
        &mut chat,
        &format!("press {done}"),
        expect![[r#"
        Covered with Alice Smith: “the Lisbon intro”.
        Still to bring up:
          1. the climbing trip
          2. her board seat
          3. the offsite
        [✓ the climbing trip] td:2
        [✓ her board seat] td:3
        [✓ the offsite] td:4
        [↩ Undo] un:5"#]],
    );
    // The brief sent before the meeting shows the topics still open.
    chat.settings.brief_minutes = 30;
    let sent = Engine::new(
        &mut chat.store,
        &kith::engine::Preferences::from(&chat.settings),
    )
    .due_briefs(chat.now)
    .unwrap();
    assert_eq!(sent.len(), 1);
    let text = sent[0].render_plain();
    assert!(
        text.contains("To bring up:\n    • the climbing trip") && !text.contains("Lisbon"),
        "{text}"
    );
}

#[test]
fn after_a_log_kith_asks_which_topics_were_covered() {
    let mut chat = Chat::open();
    chat.send("/topic Alice Smith: the Lisbon intro");
    chat.send("/topic Zoë: her new job");
    // No topics: no question.
    let plain = chat.send("/log call with Bob Jones yesterday");
    assert!(plain.followups.is_empty(), "{}", plain.render_plain());
    let logged = check(
        &mut chat,
        "/log coffee with Alice Smith and Zoë today",
        expect![[r#"
            Logged coffee with Alice Smith, Zoë Müller on 2026-11-26 (today).
            [Alice Smith] p:2
            [Zoë Müller] p:4
            [Open ▸] ic:7
            [↩ Undo] un:4

            Did you bring these up?
            Alice Smith:
              • the Lisbon intro
            Zoë Müller:
              • her new job
            [Covered: Alice Smith: the Lisbon intro] td:1
            [Covered: Zoë Müller: her new job] td:2"#]],
    );
    let question = &logged.followups[0];
    let covered = Chat::button(question, "Lisbon");
    let pressed = check(
        &mut chat,
        &format!("press {covered}"),
        expect![[r#"
        Covered with Alice Smith: “the Lisbon intro”.
        [↩ Undo] un:5"#]],
    );
    let undo = Chat::button(&pressed, "Undo");
    check(
        &mut chat,
        &format!("press {undo}"),
        expect!["Undone: Covered with Alice Smith: “the Lisbon intro”."],
    );
    // The log's own Undo is still the log's.
    let undo_log = Chat::button(&logged, "Undo");
    check(
        &mut chat,
        &format!("press {undo_log}"),
        expect!["Undone: Logged coffee with Alice Smith, Zoë Müller on 2026-11-26 (today)."],
    );
}

#[test]
fn important_dates_are_added_listed_removed_and_undone() {
    let mut chat = Chat::open();
    chat.send("/set Alice Smith birthday 28 November 1990");
    check(
        &mut chat,
        "/date Alice Smith anniversary 20 June 2015 yearly",
        expect![[r#"
            Date for Alice Smith: anniversary — 20 June 2015, every year, next on Sunday 20 June 2027.
            [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/date Alice moving to Lisbon on 3 Mar 2027",
        expect![[r#"
            Date for Alice Smith: moving to Lisbon — 3 March 2027, once, next on Wednesday 3 March 2027.
            [↩ Undo] un:3"#]],
    );
    check(
        &mut chat,
        "/date Alice daughter's birthday 3 May",
        expect![[r#"
            Date for Alice Smith: daughter's birthday — 3 May, every year, next on Monday 3 May 2027.
            [↩ Undo] un:4"#]],
    );
    check(
        &mut chat,
        "/date Alice Smith \"first day at Acme\" 2025-01-15",
        expect![[r#"
            Date for Alice Smith: first day at Acme — 15 January 2025, once. That day has passed: add "yearly" to keep it every year.
            [↩ Undo] un:5"#]],
    );
    check(
        &mut chat,
        "/date Alice",
        expect![[r#"
            Alice Smith's dates:
              Sat 28 Nov 2026 (in 2 days) — birthday, turns 36
              Wed 3 Mar 2027 (in 3 months) — moving to Lisbon (once)
              Mon 3 May 2027 (in 5 months) — daughter's birthday
              Sun 20 Jun 2027 (in 6 months) — anniversary, 12 years
              15 January 2025 — first day at Acme (once, past)
            Remove one with /date Alice Smith - LABEL"#]],
    );
    let card = chat.send("/person Alice Smith").plain_text();
    let dates: Vec<&str> = card
        .lines()
        .skip_while(|l| *l != "Dates:")
        .take(6)
        .collect();
    expect![[r#"
        [
            "Dates:",
            "  Sat 28 Nov 2026 (in 2 days) — birthday, turns 36",
            "  Wed 3 Mar 2027 (in 3 months) — moving to Lisbon (once)",
            "  Mon 3 May 2027 (in 5 months) — daughter's birthday",
            "  Sun 20 Jun 2027 (in 6 months) — anniversary, 12 years",
            "  15 January 2025 — first day at Acme (once, past)",
        ]
    "#]]
    .assert_debug_eq(&dates);
    assert!(!card.contains("Birthday:"), "{card}");
    let removed = check(
        &mut chat,
        "/date Alice Smith - Anniversary",
        expect![[r#"
        Removed Alice Smith's date: anniversary — 20 June 2015.
        [↩ Undo] un:6"#]],
    );
    let undo = Chat::button(&removed, "Undo");
    check(
        &mut chat,
        &format!("press {undo}"),
        expect!["Undone: Removed Alice Smith's date: anniversary — 20 June 2015."],
    );
    let added = chat.send("/date Zoë: name day 3 Jul");
    let undo = Chat::button(&added, "Undo");
    check(
        &mut chat,
        &format!("press {undo}"),
        expect![
            "Undone: Date for Zoë Müller: name day — 3 July, every year, next on Saturday 3 July 2027."
        ],
    );
    check(
        &mut chat,
        "/date Zoë",
        expect!["No dates kept for Zoë Müller. Add one: /date Zoë Müller anniversary 20 June 2015"],
    );
}

#[test]
fn date_refusals_are_specific_and_change_nothing() {
    let mut chat = Chat::open();
    let before = chat.store.table_counts().unwrap();
    check(
        &mut chat,
        "/date",
        expect![
            "/date needs a name, a label and a date. For example: /date Ana Souza anniversary 20 June 2015 yearly"
        ],
    );
    check(
        &mut chat,
        "/date Alice: 3 May",
        expect![
            "/date needs a name, a label and a date. For example: /date Ana Souza anniversary 20 June 2015 yearly"
        ],
    );
    check(
        &mut chat,
        "/date Alice: anniversary 31 February",
        expect![
            "/date needs a date at the end that reads as one (20 June 2015, 3 May, 2027-03-03). For example: /date Ana Souza anniversary 20 June 2015 yearly"
        ],
    );
    check(
        &mut chat,
        "/date Alice anniversary someday",
        expect![[
            r#"I found no date at the end of "anniversary someday". /date needs a label and a date: /date Alice anniversary 20 June 2015 (or 3 May, 2027-03-03; add "yearly" to keep it every year)."#
        ]],
    );
    check(
        &mut chat,
        "/date Zed anniversary 3 May",
        expect![[
            r#"I don't know anyone called "Zed". Add them with /new Zed, or check the spelling."#
        ]],
    );
    check(
        &mut chat,
        "/date Bob anniversary 3 May",
        expect![[r#"
        Which "Bob" do you mean?
        [Bob Jones · #1] ch:1:1
        [Bob Marley · #3] ch:1:3
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "/date Alice - wedding",
        expect!["Alice Smith has no dates to remove."],
    );
    check(
        &mut chat,
        "/date Alice -  ",
        expect![[
            r#"/date needs a name, " - " and the label of the date to remove. For example: /date Ana Souza anniversary 20 June 2015 yearly"#
        ]],
    );
    assert_eq!(chat.store.table_counts().unwrap(), before);
    // A label already kept, and a birthday (kept on its own), are refused too.
    chat.send("/date Alice anniversary 20 June 2015 yearly");
    let after = chat.store.table_counts().unwrap();
    check(
        &mut chat,
        "/date Alice Smith: Anniversary 1 May",
        expect![[
            r#"Alice Smith already has a date called "anniversary" (20 June 2015). Remove it first with /date Alice Smith - anniversary"#
        ]],
    );
    check(
        &mut chat,
        "/date Alice birthday 3 May",
        expect!["A birthday is kept on its own: /set Alice Smith birthday 3 May"],
    );
    assert_eq!(chat.store.table_counts().unwrap(), after);
}

#[test]
fn odd_topic_and_date_lines_are_answered_without_a_panic() {
    let mut chat = Chat::open();
    let lines = [
        "/date \" 3 May",
        "/date Alice \" 3 May",
        "/date Alice \"\" 3 May",
        "/date Alice : \" 3 May",
        "/date - -",
        "/date Alice - - -",
        "/date Alice on 3 May",
        "/date Alice yearly 3 May every year",
        "/date #2 wedding 3 May",
        "/date #99 wedding 3 May",
        "/date alice@acme.io wedding 3 May",
        "/date Zoë Müller Zoë Müller 3 May",
        "/topic #2: x",
        "/topic ::",
        "/topic Alice: :",
        "/date Alice x 29 February",
        "/date Alice x 29 February 2027",
    ];
    for line in lines {
        let reply = chat.send(line);
        assert!(!reply.plain_text().is_empty(), "{line}");
    }
    let card = chat.send("/person Alice Smith").plain_text();
    assert!(card.len() < 4_096, "{card}");
}
