//! Plain text that reads as an interaction becomes a proposal card (**Log**, **Edit**,
//! **Cancel**), its names and date settled the /log way first; a name, a search or a
//! plan stays what it was. Nothing is written before **Log**; Undo takes it back.

use expect_test::expect;

use super::*;

/// The network's content, leaving out the proposals kept open and the record of changes.
fn unchanged(chat: &Chat) -> u64 {
    chat.store
        .fingerprint_except(&[
            "pending_actions",
            "sqlite_sequence",
            "chat_state",
            "changes",
            "change_rows",
            "change_people",
        ])
        .unwrap()
}

#[test]
fn a_message_that_reads_as_a_coffee_is_proposed_logged_and_undone() {
    let mut chat = Chat::open();
    let before = unchanged(&chat);
    let card = check(
        &mut chat,
        "coffee with Alice yesterday, she's moving to Lisbon",
        expect![[r#"
            Log coffee with Alice Smith on 25 Nov, note: she's moving to Lisbon?
            [Log] ftl:1
            [Edit] fte:1
            [Cancel] fwx:1"#]],
    );
    assert_eq!(unchanged(&chat), before, "nothing is written before Log");
    let logged = check(
        &mut chat,
        &format!("press {}", Chat::button(&card, "Log")),
        expect![[r#"
            Logged coffee with Alice Smith on 2026-11-25 (yesterday).
            [Alice Smith] p:2
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
    let notes = chat
        .store
        .interaction(kith::domain::model::InteractionId(6))
        .unwrap()
        .notes;
    assert_eq!(notes, "she's moving to Lisbon");
    check(
        &mut chat,
        &format!("press {}", Chat::button(&card, "Log")),
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&logged, "Undo")),
        expect!["Undone: Logged coffee with Alice Smith on 2026-11-25 (yesterday)."],
    );
    assert_eq!(unchanged(&chat), before);
}

#[test]
fn verbs_and_type_words_read_the_way_log_reads_them() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "called Zoë about the intro",
        expect![[r#"
            Log phone with Zoë Müller on 26 Nov, note: the intro?
            [Log] ftl:1
            [Edit] fte:1
            [Cancel] fwx:1"#]],
    );
    check(
        &mut chat,
        "met Alice at the conference on Monday",
        expect![[r#"
            Log 1:1-f2f with Alice Smith on 23 Nov, note: at the conference?
            [Log] ftl:2
            [Edit] fte:2
            [Cancel] fwx:2"#]],
    );
    check(
        &mut chat,
        "video call with Zoë",
        expect![[r#"
            Log video call with Zoë Müller on 26 Nov?
            [Log] ftl:3
            [Edit] fte:3
            [Cancel] fwx:3"#]],
    );
    check(
        &mut chat,
        "drinks w/ Alice and Zoe last friday",
        expect![[r#"
            Log drinks with Alice Smith, Zoë Müller on 20 Nov?
            [Log] ftl:4
            [Edit] fte:4
            [Cancel] fwx:4"#]],
    );
}

#[test]
fn an_ambiguous_name_and_date_are_asked_about_first() {
    let mut chat = Chat::open();
    let before = unchanged(&chat);
    let which = check(
        &mut chat,
        "lunch with Bob and Alice on 3/5, the seed round",
        expect![[r#"
            Which "Bob" do you mean?
            [Bob Jones · #1] ftp:1:1
            [Bob Marley · #3] ftp:1:3
            [Cancel] fwx:1"#]],
    );
    check(
        &mut chat,
        "press ftp:1:2",
        expect!["(notice) This button has expired."],
    );
    let date = check(
        &mut chat,
        &format!("press {}", Chat::button(&which, "Bob Marley")),
        expect![[r#"
            Which date did you mean: 3 May 2026 or 5 March 2026?
            [3 May 2026] ftd:2:0
            [5 March 2026] ftd:2:1
            [Cancel] fwx:2"#]],
    );
    let card = check(
        &mut chat,
        &format!("press {}", Chat::button(&date, "5 March")),
        expect![[r#"
            Log lunch with Bob Marley, Alice Smith on 5 Mar, note: the seed round?
            [Log] ftl:3
            [Edit] fte:3
            [Cancel] fwx:3"#]],
    );
    assert_eq!(unchanged(&chat), before);
    check(
        &mut chat,
        &format!("press {}", Chat::button(&card, "Edit")),
        expect![[r#"
            Change what you need and send it:
            /log lunch with Bob Marley, Alice Smith on 2026-03-05: the seed round"#]],
    );
    // Edit ends the proposal; its Log has expired.
    check(
        &mut chat,
        &format!("press {}", Chat::button(&card, "Log")),
        expect!["(notice) This button has expired."],
    );
}

#[test]
fn the_edit_line_names_a_namesake_by_number_and_logs_as_sent() {
    let mut chat = Chat::open();
    chat.person("Zoë Müller", None);
    let which = chat.send("coffee with zoe, a namesake");
    let card = chat.press(&Chat::button(&which, "#5"));
    check(
        &mut chat,
        &format!("press {}", Chat::button(&card, "Edit")),
        expect![[r#"
            Change what you need and send it:
            /log coffee with #5 on 2026-11-26: a namesake"#]],
    );
    let logged = chat.send("/log coffee with #5 on 2026-11-26: a namesake");
    assert!(
        logged.body.starts_with("Logged coffee with Zoë Müller"),
        "{logged:?}"
    );
}

#[test]
fn a_name_no_one_has_is_said_and_nothing_is_proposed() {
    let mut chat = Chat::open();
    let before = unchanged(&chat);
    check(
        &mut chat,
        "coffee with Ana yesterday",
        expect![[r#"No one is called "Ana" — /new Ana first, then send it again."#]],
    );
    check(
        &mut chat,
        "coffee with Alice 31/02",
        expect![[r#""31/02" is not a date: February has no 31st day."#]],
    );
    assert_eq!(unchanged(&chat), before);
}

#[test]
fn a_logged_day_is_asked_about_the_log_way() {
    let mut chat = Chat::open();
    let card = chat.send("coffee with Zoë on 2026-05-01");
    check(
        &mut chat,
        &format!("press {}", Chat::button(&card, "Log")),
        expect![[r#"
            Already logged: coffee with Zoë Müller, 2026-05-01. Log another?
            [Open it] ic:5
            [Log anyway] la:2
            [Cancel] cancel"#]],
    );
}

#[test]
fn names_searches_and_plans_stay_what_they_were() {
    let mut chat = Chat::open();
    // A person whose name starts with a type word is a lookup.
    let coffee = chat.person("Coffee Lover", None);
    let reply = chat.send("coffee lover");
    assert_eq!(reply.about, Some(kith::engine::Subject::Person(coffee)));
    for text in [
        "Alice Smith",
        "alice",
        "#2",
        "alice@acme.io",
        "coffee",
        "lunch with the team",
        "call Bob",
        "coffee with Zoë tomorrow",
    ] {
        let before = unchanged(&chat);
        let reply = chat.send(text);
        assert!(
            !reply.body.starts_with("Log ") && !reply.body.starts_with("No one is called"),
            "{text:?} stays a lookup: {}",
            reply.render_plain()
        );
        assert!(
            reply
                .buttons
                .iter()
                .flatten()
                .all(|b| !b.data().starts_with("ft")),
            "{text:?}"
        );
        assert_eq!(unchanged(&chat), before);
    }
}

#[test]
fn an_open_question_is_answered_before_free_text_is_read() {
    let mut chat = Chat::open();
    let card = chat.send("/person Zoë");
    chat.press(&Chat::button(&card, "Note"));
    let noted = chat.send("coffee with Alice yesterday");
    assert_eq!(noted.body, "Noted on Zoë Müller.");
}

#[test]
fn a_long_note_is_shortened_on_the_card_and_kept_whole() {
    let mut chat = Chat::open();
    let note = "word ".repeat(800);
    let card = chat.send(&format!("coffee with Alice, {}", note.trim()));
    assert!(
        card.body
            .starts_with("Log coffee with Alice Smith on 26 Nov, note: word word")
    );
    assert!(card.body.chars().count() < 400, "{}", card.body);
    let logged = chat.press(&Chat::button(&card, "Log"));
    let Some(kith::engine::Subject::Interaction(id)) = logged.about else {
        panic!("{logged:?}")
    };
    assert_eq!(chat.store.interaction(id).unwrap().notes, note.trim());
}

#[test]
fn cancel_ends_the_card_and_changes_nothing() {
    let mut chat = Chat::open();
    let before = unchanged(&chat);
    let card = chat.send("lunch with Zoë yesterday");
    check(
        &mut chat,
        &format!("press {}", Chat::button(&card, "Cancel")),
        expect!["Cancelled."],
    );
    for label in ["Log", "Edit", "Cancel"] {
        check(
            &mut chat,
            &format!("press {}", Chat::button(&card, label)),
            expect!["(notice) This button has expired."],
        );
    }
    assert_eq!(unchanged(&chat), before);
}

#[test]
fn a_plan_ahead_answered_add_them_with_new() {
    let mut chat = Chat::open();
    let before = unchanged(&chat);
    check(
        &mut chat,
        "drinks w/ Bob tomorrow",
        expect!["That's ahead: kith logs what happened — /remind Bob tomorrow: drinks"],
    );
    check(
        &mut chat,
        "lunch with Alice and Bob tomorrow, the seed round",
        expect![
            "That's ahead: kith logs what happened — /remind Alice tomorrow: lunch with Bob, the seed round"
        ],
    );
    assert_eq!(unchanged(&chat), before, "nothing is written");
}
