//! Every button, including the multi-step flows they start.

use expect_test::expect;
use kith::engine::Subject;

use super::*;

#[test]
fn card_buttons_log_note_interactions_and_tier() {
    let mut chat = Chat::open();
    let card = chat.send("/person Alice Smith");
    let log = Chat::button(&card, "Log");
    check(
        &mut chat,
        &format!("press {log}"),
        expect![[r#"
        What happened with Alice Smith? For example: coffee yesterday: talked about the seed round
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "lunch 2 weeks ago: planned the offsite",
        expect![[r#"
            Logged lunch with Alice Smith on 2026-11-12 (2 weeks ago).
            [Alice Smith] p:2
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
    let note = Chat::button(&card, "Note");
    check(
        &mut chat,
        &format!("press {note}"),
        expect![[r#"
        Type the note for Alice Smith.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "Prefers mornings",
        expect![[r#"
            Noted on Alice Smith.
            [↩ Undo] un:2"#]],
    );
    let interactions = Chat::button(&card, "Interactions");
    check(
        &mut chat,
        &format!("press {interactions}"),
        expect![[r#"
            Interactions with Alice Smith
            1. 2026-11-12 · lunch: planned the offsite
            2. 2026-10-20 · group-vc — Meeting g2
            3. 2026-09-10 · 1:1-vc — Meeting g1
            [1] ic:6
            [2] ic:2
            [3] ic:1
            [◀ Card] p:2"#]],
    );
    let tier = Chat::button(&card, "Edit tier");
    let tiers = check(
        &mut chat,
        &format!("press {tier}"),
        expect![[r#"
        Tier for Alice Smith — now 2 Close (every 30 days):
        [1 Any time (every 14 days)] t:2:1
        [2 Close (every 30 days)] t:2:2
        [3 Friendly (every 60 days)] t:2:3
        [4 Casual (every 90 days)] t:2:4
        [5 Acquaintance (every 180 days)] t:2:5
        [6 Distant (every 365 days)] t:2:6
        [7 Not even close to connected] t:2:7
        [No tier] t:2:0
        [◀ Card] p:2"#]],
    );
    let casual = Chat::button(&tiers, "Casual");
    check(
        &mut chat,
        &format!("press {casual}"),
        expect![[r#"
            Alice Smith: tier 4 Casual (every 90 days).
            Alice Smith
            CTO at Acme Labs
            Tier: 4 Casual (every 90 days)
            Tags: Investor
            Email: alice@acme.io (primary, work)
            Introduced by: Bob Jones
            Location: Berlin
            Last seen: 2026-11-12 (2 weeks ago) · last F2F: 2026-11-12 (2 weeks ago) · 3 interactions
            Latest:
              1. 2026-11-12 · lunch: planned the offsite
              2. 2026-10-20 · group-vc — Meeting g2
              3. 2026-09-10 · 1:1-vc — Meeting g1
            Notes:
            2026-10-01: Angel investor, likes climbing
            2026-11-26: Prefers mornings
            [1] ic:6
            [2] ic:2
            [3] ic:1
            [Log] l:2
            [Note] n:2
            [Interactions ▸] i:2:0
            [Edit ▸] ep:2
            [Edit tier] et:2
            [History] hi:2:0
            [Remind ▸] rm:2
            [↩ Undo] un:3"#]],
    );
}

#[test]
fn a_command_cancels_a_waiting_question_and_cancel_does_too() {
    let mut chat = Chat::open();
    let card = chat.send("/person Alice Smith");
    chat.press(&Chat::button(&card, "Note"));
    check(
        &mut chat,
        "/recent 1",
        expect![[r#"
            Latest interactions
            1. 2026-11-02 · 1:1-vc — Meeting g3
            [1] ic:3
            [▶] r:1"#]],
    );
    // The question is gone: plain text is a search again.
    check(
        &mut chat,
        "zoe",
        expect![[r#"
            Zoë Müller
            Tier: 1 Any time (every 14 days)
            Tags: Friend
            Email: zoe@gmail.com (primary, personal)
            Last seen: 2026-05-01 (6 months ago) · last F2F: 2026-05-01 (6 months ago) · 1 interaction
            Latest:
              1. 2026-12-01 · 1:1-vc — Meeting g4 (upcoming)
              2. 2026-05-01 · coffee: Talked about moving to Lisbon
            [1] ic:4
            [2] ic:5
            [Log] l:4
            [Note] n:4
            [Interactions ▸] i:4:0
            [Edit ▸] ep:4
            [Edit tier] et:4
            [History] hi:4:0
            [Remind ▸] rm:4"#]],
    );
    chat.press(&Chat::button(&card, "Log"));
    check(&mut chat, "press cancel", expect!["Cancelled."]);
    check(
        &mut chat,
        "alice",
        expect![[r#"
            Alice Smith
            CTO at Acme Labs
            Tier: 2 Close (every 30 days)
            Tags: Investor
            Email: alice@acme.io (primary, work)
            Introduced by: Bob Jones
            Location: Berlin
            Last seen: 2026-10-20 (1 month ago) · last F2F: never · 2 interactions
            Latest:
              1. 2026-10-20 · group-vc — Meeting g2
              2. 2026-09-10 · 1:1-vc — Meeting g1
            Notes:
            2026-10-01: Angel investor, likes climbing
            [1] ic:2
            [2] ic:1
            [Log] l:2
            [Note] n:2
            [Interactions ▸] i:2:0
            [Edit ▸] ep:2
            [Edit tier] et:2
            [History] hi:2:0
            [Remind ▸] rm:2"#]],
    );
}

#[test]
fn a_log_answer_that_cannot_be_read_keeps_the_question_open() {
    let mut chat = Chat::open();
    let card = chat.send("/person Alice Smith");
    chat.press(&Chat::button(&card, "Log"));
    check(
        &mut chat,
        "coffee 2026-13-01",
        expect![[r#"
            "2026-13-01" is not a date: there is no month 13.
            [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "coffee yesterday",
        expect![[r#"
            Logged coffee with Alice Smith on 2026-11-25 (yesterday).
            [Alice Smith] p:2
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
}

#[test]
fn unknown_triage_link_by_suggestion_by_name_create_and_ignore() {
    let mut chat = Chat::open();
    chat.send("/new Jane Doe");
    let list = chat.send("/unknown");
    let link = Chat::button(&list, "1. Link");
    let suggestions = check(
        &mut chat,
        &format!("press {link}"),
        expect![[r#"
            Who is jane.d@acme.io? Type their name, or pick:
            [Link to Jane Doe · #5] lt:3:5
            [Create contact] c:3
            [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "jane doe",
        expect![[r#"
            ✓ jane.d@acme.io linked to Jane Doe — 2 past meetings linked (2 in all).
            [Jane Doe] p:5
            [↩ Undo] un:2"#]],
    );
    // The address now belongs to Jane: the old buttons for it have nothing left to do.
    check(
        &mut chat,
        &format!("press {link}"),
        expect!["(notice) jane.d@acme.io already belongs to Jane Doe."],
    );
    let create = Chat::button(&suggestions, "Create contact");
    check(
        &mut chat,
        &format!("press {create}"),
        expect!["(notice) jane.d@acme.io already belongs to Jane Doe."],
    );

    let list = check(
        &mut chat,
        "/unknown",
        expect![[r#"
        Unknown attendees, most frequent first
        1. bob.marley@reggae.org — 1 meeting, last 2026-10-20
        [1. Link ▸] lk:4
        [Create] c:4
        [Ignore] x:4"#]],
    );
    let create = Chat::button(&list, "Create");
    check(
        &mut chat,
        &format!("press {create}"),
        expect![[r#"
            ✓ Bob Marley created from bob.marley@reggae.org — 1 past meeting linked.
            1 other person has this name already — use /merge if it is the same person.
            [Bob Marley ▸] p:6
            [Unknown attendees ▸] u:0
            [Other: Bob Marley #3] p:3
            [↩ Undo] un:3"#]],
    );
    let list = chat.send("/unknown");
    assert!(list.buttons.is_empty(), "{}", list.render_plain());
}

#[test]
fn link_to_a_suggested_person_and_ignore_buttons() {
    let mut chat = Chat::open();
    let list = chat.send("/unknown");
    let suggestions = chat.press(&Chat::button(&list, "2. Link"));
    let to_marley = Chat::button(&suggestions, "Bob Marley");
    check(
        &mut chat,
        &format!("press {to_marley}"),
        expect![[r#"
            ✓ bob.marley@reggae.org linked to Bob Marley — 1 past meeting linked (1 in all).
            [Bob Marley] p:3
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        &format!("press {to_marley}"),
        expect!["(notice) bob.marley@reggae.org is already linked to Bob Marley."],
    );

    let list = chat.send("/unknown");
    let ignore = Chat::button(&list, "Ignore");
    check(
        &mut chat,
        &format!("press {ignore}"),
        expect![[r#"
            Ignored jane.d@acme.io: it won't be asked about again.
            [Unknown attendees ▸] u:0
            [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/unknown",
        expect!["No unknown attendees: everyone you met is someone you know."],
    );
}

#[test]
fn ignore_domain_refuses_free_mail() {
    let mut chat = Chat::open();
    let list = chat.send("/unknown");
    let data = Chat::button(&list, "Ignore").replacen("x:", "xd:", 1);
    check(
        &mut chat,
        &format!("press {data}"),
        expect![[r#"
            Ignored every address matching *@acme.io.
            [Unknown attendees ▸] u:0
            [↩ Undo] un:1"#]],
    );
    let zoe_address = chat
        .store
        .email(&EmailAddress::parse("zoe@gmail.com").unwrap())
        .unwrap()
        .unwrap();
    check(
        &mut chat,
        &format!("press xd:{}", zoe_address.id),
        expect![
            "(notice) gmail.com is a free-mail domain shared by many real people; ignore the address instead."
        ],
    );
}

#[test]
fn pages_move_back_and_forth() {
    let mut chat = Chat::open();
    for n in 0..23 {
        chat.send(&format!("/new Person Number{n:02}"));
        chat.send(&format!("/tag Person Number{n:02} +crowd"));
    }
    for n in 0..23 {
        chat.send(&format!(
            "/log call with Person Number{n:02} {}",
            ["2026-01-05", "2025-06-01"][n % 2]
        ));
    }
    // No tier, so nobody is overdue; give them one.
    let ids: Vec<_> = chat.store.find("crowd", 30).unwrap().into_iter().collect();
    for hit in ids {
        if let kith::store::MatchTarget::Person(id) = hit.target {
            chat.store
                .set_person_field(id, PersonField::Closeness(Tier::new(4).ok()))
                .unwrap();
        }
    }
    let first = check(
        &mut chat,
        "/stale crowd",
        expect![[r#"
            Overdue tagged crowd, most overdue first
            1. Person Number01 — tier 4, last seen 2025-06-01 (17 months ago)
            2. Person Number03 — tier 4, last seen 2025-06-01 (17 months ago)
            3. Person Number05 — tier 4, last seen 2025-06-01 (17 months ago)
            4. Person Number07 — tier 4, last seen 2025-06-01 (17 months ago)
            5. Person Number09 — tier 4, last seen 2025-06-01 (17 months ago)
            6. Person Number11 — tier 4, last seen 2025-06-01 (17 months ago)
            7. Person Number13 — tier 4, last seen 2025-06-01 (17 months ago)
            8. Person Number15 — tier 4, last seen 2025-06-01 (17 months ago)
            9. Person Number17 — tier 4, last seen 2025-06-01 (17 months ago)
            10. Person Number19 — tier 4, last seen 2025-06-01 (17 months ago)
            1–10 of 23
            [1. Person Number01] p:6
            [Not now] nn:6
            [Less often] ls:6:90
            [2. Person Number03] p:8
            [Not now] nn:8
            [Less often] ls:8:90
            [3. Person Number05] p:10
            [Not now] nn:10
            [Less often] ls:10:90
            [4. Person Number07] p:12
            [Not now] nn:12
            [Less often] ls:12:90
            [5. Person Number09] p:14
            [Not now] nn:14
            [Less often] ls:14:90
            [6. Person Number11] p:16
            [Not now] nn:16
            [Less often] ls:16:90
            [7. Person Number13] p:18
            [Not now] nn:18
            [Less often] ls:18:90
            [8. Person Number15] p:20
            [Not now] nn:20
            [Less often] ls:20:90
            [9. Person Number17] p:22
            [Not now] nn:22
            [Less often] ls:22:90
            [10. Person Number19] p:24
            [Not now] nn:24
            [Less often] ls:24:90
            [▶] s:g4:10"#]],
    );
    let next = Chat::button(&first, "▶");
    let second = check(
        &mut chat,
        &format!("press {next}"),
        expect![[r#"
            Overdue tagged crowd, most overdue first
            11. Person Number21 — tier 4, last seen 2025-06-01 (17 months ago)
            12. Person Number00 — tier 4, last seen 2026-01-05 (10 months ago)
            13. Person Number02 — tier 4, last seen 2026-01-05 (10 months ago)
            14. Person Number04 — tier 4, last seen 2026-01-05 (10 months ago)
            15. Person Number06 — tier 4, last seen 2026-01-05 (10 months ago)
            16. Person Number08 — tier 4, last seen 2026-01-05 (10 months ago)
            17. Person Number10 — tier 4, last seen 2026-01-05 (10 months ago)
            18. Person Number12 — tier 4, last seen 2026-01-05 (10 months ago)
            19. Person Number14 — tier 4, last seen 2026-01-05 (10 months ago)
            20. Person Number16 — tier 4, last seen 2026-01-05 (10 months ago)
            11–20 of 23
            [11. Person Number21] p:26
            [Not now] nn:26
            [Less often] ls:26:90
            [12. Person Number00] p:5
            [Not now] nn:5
            [Less often] ls:5:90
            [13. Person Number02] p:7
            [Not now] nn:7
            [Less often] ls:7:90
            [14. Person Number04] p:9
            [Not now] nn:9
            [Less often] ls:9:90
            [15. Person Number06] p:11
            [Not now] nn:11
            [Less often] ls:11:90
            [16. Person Number08] p:13
            [Not now] nn:13
            [Less often] ls:13:90
            [17. Person Number10] p:15
            [Not now] nn:15
            [Less often] ls:15:90
            [18. Person Number12] p:17
            [Not now] nn:17
            [Less often] ls:17:90
            [19. Person Number14] p:19
            [Not now] nn:19
            [Less often] ls:19:90
            [20. Person Number16] p:21
            [Not now] nn:21
            [Less often] ls:21:90
            [◀] s:g4:0
            [▶] s:g4:20"#]],
    );
    let next = Chat::button(&second, "▶");
    let third = chat.press(&next);
    assert!(
        third.buttons.iter().flatten().all(|b| b.label != "▶"),
        "last page has no ▶"
    );
    let back = Chat::button(&third, "◀");
    assert_eq!(chat.press(&back), second);
    check(
        &mut chat,
        "press r:0",
        expect![[r#"
            Latest interactions
            1. 2026-11-02 · 1:1-vc — Meeting g3
            2. 2026-10-20 · group-vc · Alice Smith — Meeting g2
            3. 2026-09-10 · 1:1-vc · Alice Smith — Meeting g1
            4. 2026-05-01 · coffee · Zoë Müller: Talked about moving to Lisbon
            5. 2026-01-05 · phone · Person Number22
            6. 2026-01-05 · phone · Person Number20
            7. 2026-01-05 · phone · Person Number18
            8. 2026-01-05 · phone · Person Number16
            9. 2026-01-05 · phone · Person Number14
            10. 2026-01-05 · phone · Person Number12
            [1] ic:3
            [2] ic:2
            [3] ic:1
            [4] ic:5
            [5] ic:28
            [6] ic:26
            [7] ic:24
            [8] ic:22
            [9] ic:20
            [10] ic:18
            [▶] r:10"#]],
    );
    check(
        &mut chat,
        "press r:5",
        expect![[r#"
            Latest interactions
            1. 2026-01-05 · phone · Person Number20
            2. 2026-01-05 · phone · Person Number18
            3. 2026-01-05 · phone · Person Number16
            4. 2026-01-05 · phone · Person Number14
            5. 2026-01-05 · phone · Person Number12
            6. 2026-01-05 · phone · Person Number10
            7. 2026-01-05 · phone · Person Number08
            8. 2026-01-05 · phone · Person Number06
            9. 2026-01-05 · phone · Person Number04
            10. 2026-01-05 · phone · Person Number02
            [1] ic:26
            [2] ic:24
            [3] ic:22
            [4] ic:20
            [5] ic:18
            [6] ic:16
            [7] ic:14
            [8] ic:12
            [9] ic:10
            [10] ic:8
            [◀] r:0
            [▶] r:15"#]],
    );
    check(
        &mut chat,
        "press tg:0",
        expect![[r#"
        Tags (people carrying each)
        BigTech — 0 people, 1 organization
        crowd — 23
        Friend — 1
        Investor — 1"#]],
    );
    check(
        &mut chat,
        "press u:10",
        expect![[r#"
            No more — 2 in all.
            [◀ First page] u:0"#]],
    );
}

#[test]
fn organization_button_and_person_button() {
    let mut chat = Chat::open();
    let acme = chat
        .store
        .organization_by_name("Acme Labs")
        .unwrap()
        .unwrap();
    let card = check(
        &mut chat,
        &format!("press o:{}", acme.id),
        expect![[r#"
            Acme Labs
            Tags: BigTech
            Domains: acme.io
            People (1):
              Alice Smith, CTO
            Formerly (1):
              Bob Jones, Engineer
            Last contact with anyone there now: 2026-10-20 (1 month ago)
            [Alice Smith] p:2"#]],
    );
    let alice = Chat::button(&card, "Alice");
    assert_eq!(chat.press(&alice), chat.send("/person Alice Smith"));
}

#[test]
fn replying_to_a_message_adds_a_note() {
    let mut chat = Chat::open();
    let card = chat.send("/person Alice Smith");
    let Some(Subject::Person(alice)) = card.about else {
        panic!("a card is about its person")
    };
    let reply = Engine::new(
        &mut chat.store,
        &kith::engine::Preferences::from(&chat.settings),
    )
    .handle(
        1,
        Input::ReplyTo {
            subject: Subject::Person(alice),
            text: "Ask about the Lisbon trip".into(),
        },
        chat.now,
    );
    assert_eq!(reply.body, "Noted on Alice Smith.");
    assert!(
        chat.store
            .person(alice)
            .unwrap()
            .notes
            .ends_with("2026-11-26: Ask about the Lisbon trip")
    );

    let logged = chat.send("/log coffee with Alice Smith today");
    let Some(Subject::Interaction(id)) = logged.about else {
        panic!("a log is about its interaction")
    };
    let reply = Engine::new(
        &mut chat.store,
        &kith::engine::Preferences::from(&chat.settings),
    )
    .handle(
        1,
        Input::ReplyTo {
            subject: Subject::Interaction(id),
            text: "She will intro us to Globex".into(),
        },
        chat.now,
    );
    assert_eq!(reply.body, "Noted on the coffee of 2026-11-26.");
    assert_eq!(
        chat.store.interaction(id).unwrap().notes,
        "She will intro us to Globex"
    );
}

#[test]
fn pending_choices_belong_to_their_chat() {
    let mut chat = Chat::open();
    let question = chat.send("/person Bob");
    let choice = Chat::button(&question, "Bob Jones");
    // Another chat pressing the same data gets nothing.
    let stranger = Engine::new(
        &mut chat.store,
        &kith::engine::Preferences::from(&chat.settings),
    )
    .handle(2, Input::Press(choice.clone()), chat.now);
    assert_eq!(stranger.body, "This button has expired.");
    check(
        &mut chat,
        &format!("press {choice}"),
        expect![[r#"
            Bob Jones
            Formerly: Acme Labs
            Tier: 3 Friendly (every 60 days)
            Last seen: never · last F2F: never · 0 interactions
            [Log] l:1
            [Note] n:1
            [Interactions ▸] i:1:0
            [Edit ▸] ep:1
            [Edit tier] et:1
            [History] hi:1:0
            [Remind ▸] rm:1"#]],
    );
}

#[test]
fn long_notes_are_a_tap_away_in_full_from_the_card() {
    let mut chat = Chat::open();
    let alice = match chat.store.find("Alice Smith", 1).unwrap()[0].target {
        MatchTarget::Person(id) => id,
        MatchTarget::Organization(_) => unreachable!(),
    };
    for n in 0..80 {
        chat.store
            .append_person_note(
                alice,
                day("2026-11-01"),
                &format!("note number {n:02} about the round"),
            )
            .unwrap();
    }
    let full = chat.store.person(alice).unwrap().notes;
    assert!(full.chars().count() > 3_000, "long enough for two pages");
    let card = chat.send("/person Alice Smith");
    let notes = Chat::button(&card, "Notes ▸");
    assert_eq!(notes, format!("nt:{alice}:0"));
    // Page by page, every character of the notes, in order.
    let mut seen = String::new();
    let mut next = Some(notes);
    let mut pages = 0;
    while let Some(data) = next.take() {
        let page = chat.press(&data);
        pages += 1;
        assert!(
            page.title
                .as_deref()
                .unwrap()
                .starts_with("Notes on Alice Smith")
        );
        let body = page.body.clone();
        let text = match body.rfind("\n(characters ") {
            Some(cut) => body[..cut].to_owned(),
            None => body,
        };
        seen.push_str(&text);
        next = page
            .buttons
            .iter()
            .flatten()
            .find(|b| b.label == "▶")
            .map(|b| b.data());
        assert!(pages < 10, "the pages end");
    }
    assert_eq!(seen, full);
    assert!(pages >= 2);
    // A short note needs no button; a page past the end has expired.
    let card = chat.send("/person Zoë Müller");
    assert!(card.buttons.iter().flatten().all(|b| b.label != "Notes ▸"));
    check(
        &mut chat,
        &format!("press nt:{alice}:999999"),
        expect![[r#"
            No more — the notes are 3482 characters in all.
            [◀ First page] nt:2:0"#]],
    );
}
