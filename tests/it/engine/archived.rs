//! Archived people stay reachable: by number and by name, for `/set`, Edit ▸ and
//! `/unarchive`; logging with one asks first; kith never suggests `/new` for them.

use expect_test::expect;

use super::*;

/// The network's content, leaving out the questions kept open (asking saves one).
fn unchanged(chat: &Chat) -> u64 {
    chat.store
        .fingerprint_except(&["pending_actions", "sqlite_sequence"])
        .unwrap()
}

/// The hand-made network with Bob Marley (#3) archived.
fn with_archived() -> Chat {
    let mut chat = Chat::open();
    chat.send("/archive Bob Marley");
    chat
}

#[test]
fn an_archived_person_is_found_by_number_and_by_name() {
    let mut chat = with_archived();
    for input in [
        "/person #3",
        "/person Bob Marley",
        "/person marley",
        "marley",
    ] {
        let card = chat.send(input);
        assert!(
            card.render_plain().starts_with("Bob Marley (archived)\n"),
            "{input}: {}",
            card.render_plain()
        );
    }
    check(
        &mut chat,
        "/person #3",
        expect![[r#"
            Bob Marley (archived)
            Tier: 5 Acquaintance (every 180 days)
            Last seen: never · last F2F: never · 0 interactions
            [Log] l:3
            [Note] n:3
            [Interactions ▸] i:3:0
            [Edit ▸] ep:3
            [Unarchive] ar:3:0
            [History] hi:3:0
            [Remind ▸] rm:3"#]],
    );
    check(
        &mut chat,
        "press ep:3",
        expect![[r#"
        What should change for Bob Marley? (Or type it: /set Bob Marley location Lisbon.)
        [Name] ef:3:0
        [Job] ef:3:1
        [Location] ef:3:2
        [LinkedIn] ef:3:3
        [Introduced by] ef:3:4
        [Cadence] ef:3:5
        [+ Address] ef:3:6
        [Primary address] ef:3:7
        [Tags] ef:3:8
        [− Address] ef:3:9
        [+ Phone] ef:3:10
        [Birthday] ef:3:11
        [Telegram] ef:3:12
        [Tier] et:3
        [Unarchive] ar:3:0
        [◀ Card] p:3"#]],
    );
}

#[test]
fn set_and_edit_reach_an_archived_person() {
    let mut chat = with_archived();
    check(
        &mut chat,
        "/set Bob Marley location Kingston",
        expect![[r#"
        Bob Marley's location: Kingston.
        [Bob Marley ▸] p:3
        [↩ Undo] un:2"#]],
    );
    chat.press("ef:3:2");
    check(
        &mut chat,
        "Trenchtown",
        expect![[r#"
        Bob Marley's location: Trenchtown.
        [Bob Marley ▸] p:3
        [↩ Undo] un:3"#]],
    );
    assert!(
        chat.store
            .person(kith::domain::model::PersonId(3))
            .unwrap()
            .archived
    );
}

#[test]
fn unarchive_finds_them_by_name_or_number() {
    let mut chat = with_archived();
    check(
        &mut chat,
        "/unarchive #3",
        expect![[r#"
        Bob Marley is back: no longer archived.
        [Bob Marley ▸] p:3
        [↩ Undo] un:2"#]],
    );
    chat.send("/archive #3");
    check(
        &mut chat,
        "/unarchive marley",
        expect![[r#"
        Bob Marley is back: no longer archived.
        [Bob Marley ▸] p:3
        [↩ Undo] un:4"#]],
    );
    check(
        &mut chat,
        "/unarchive #3",
        expect!["(notice) Bob Marley is not archived."],
    );
}

#[test]
fn logging_with_an_archived_person_asks_first() {
    let mut chat = with_archived();
    let before = unchanged(&chat);
    let question = check(
        &mut chat,
        "/log coffee with Bob Marley yesterday",
        expect![[r#"
            Bob Marley is archived. Log the coffee on 2026-11-25 (yesterday) anyway? Archived people stay archived (their card has Unarchive).
            [Log anyway] la:1
            [Cancel] cancel"#]],
    );
    assert_eq!(unchanged(&chat), before, "asking changes nothing");
    let anyway = Chat::button(&question, "Log anyway");
    check(
        &mut chat,
        &format!("press {anyway}"),
        expect![[r#"
        Logged coffee with Bob Marley on 2026-11-25 (yesterday).
        [Bob Marley] p:3
        [Open ▸] ic:6
        [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        &format!("press {anyway}"),
        expect!["(notice) This button has expired."],
    );
}

#[test]
fn kith_never_suggests_new_for_someone_it_has() {
    let mut chat = with_archived();
    for input in [
        "/person Bob Marley",
        "/log coffee with Bob Marley today",
        "/note Bob Marley: toured Europe",
        "/history Bob Marley",
        "Bob Marley",
        "/find Marley",
    ] {
        let shown = chat.send(input).render_plain();
        assert!(!shown.contains("/new"), "{input}: {shown}");
    }
    check(
        &mut chat,
        "/new Bob Marley",
        expect![[r#"
            Added Bob Marley.
            Bob Marley
            Tier: no tier
            Last seen: never · last F2F: never · 0 interactions
            1 other person has this name already — use /merge if it is the same person.
            [Log] l:5
            [Note] n:5
            [Interactions ▸] i:5:0
            [Edit ▸] ep:5
            [Edit tier] et:5
            [History] hi:5:0
            [Remind ▸] rm:5
            [Other: Bob Marley #3] p:3
            [↩ Undo] un:3"#]],
    );
}

/// N10: `/log coffee with Ann Friday: notes` logged the coffee on last Friday — the end
/// of the name was read as the date. Now nothing is logged and both readings are offered;
/// the same for an archived person, before the "Log anyway?" question, which names its day.
#[test]
fn log_with_a_name_ending_in_a_weekday_was_logged_on_that_weekday() {
    let mut chat = Chat::open();
    chat.send("/new Ann Friday");
    chat.send("/new Tom Monday");
    chat.send("/new Grace Friday");
    chat.send("/archive Grace Friday");
    let before = unchanged(&chat);
    check(
        &mut chat,
        "/log coffee with Ann Friday: notes",
        expect![[r#"
            "Friday" is part of Ann Friday's name, so nothing is logged yet. Send one of these:
            for today: /log coffee with Ann Friday today: notes
            for Friday 20 Nov: /log coffee with Ann Friday on Friday: notes"#]],
    );
    check(
        &mut chat,
        "/log coffee with Tom Monday",
        expect![[r#"
            "Monday" is part of Tom Monday's name, so nothing is logged yet. Send one of these:
            for today: /log coffee with Tom Monday today
            for Monday 23 Nov: /log coffee with Tom Monday on Monday"#]],
    );
    check(
        &mut chat,
        "/log call with Grace Friday",
        expect![[r#"
            "Friday" is part of Grace Friday's name, so nothing is logged yet. Send one of these:
            for today: /log phone with Grace Friday today
            for Friday 20 Nov: /log phone with Grace Friday on Friday"#]],
    );
    assert_eq!(unchanged(&chat), before, "nothing is logged");
    check(
        &mut chat,
        "/log coffee with Ann Friday today: notes",
        expect![[r#"
            Logged coffee with Ann Friday on 2026-11-26 (today).
            [Ann Friday] p:5
            [Open ▸] ic:6
            [↩ Undo] un:5"#]],
    );
    check(
        &mut chat,
        "/log coffee with Tom Monday on Monday",
        expect![[r#"
            Logged coffee with Tom Monday on 2026-11-23 (3 days ago).
            [Tom Monday] p:6
            [Open ▸] ic:7
            [↩ Undo] un:6"#]],
    );
    let question = check(
        &mut chat,
        "/log call with Grace Friday today",
        expect![[r#"
            Grace Friday is archived. Log the phone on 2026-11-26 (today) anyway? Archived people stay archived (their card has Unarchive).
            [Log anyway] la:1
            [Cancel] cancel"#]],
    );
    let anyway = Chat::button(&question, "Log anyway");
    check(
        &mut chat,
        &format!("press {anyway}"),
        expect![[r#"
        Logged phone with Grace Friday on 2026-11-26 (today).
        [Grace Friday] p:7
        [Open ▸] ic:8
        [↩ Undo] un:7"#]],
    );
    check(
        &mut chat,
        "/undo",
        expect!["Undone: Logged phone with Grace Friday on 2026-11-26 (today)."],
    );
}
