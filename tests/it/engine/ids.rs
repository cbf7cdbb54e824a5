//! An id names one thing forever: a button made for a meeting, a person or a question
//! that is gone since (deleted, undone, answered) expires, and never acts on whatever
//! was made next.

use expect_test::expect;

use super::*;

#[test]
fn deleting_the_newest_interaction_never_gives_its_id_to_the_next_log() {
    let mut chat = Chat::open();
    let logged = check(
        &mut chat,
        "/log coffee with Alice Smith today",
        expect![[r#"
            Logged coffee with Alice Smith on 2026-11-26 (today).
            [Alice Smith] p:2
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
    let card = chat.press(&Chat::button(&logged, "Open"));
    let delete = Chat::button(&card, "Delete");
    check(
        &mut chat,
        &format!("press {delete}"),
        expect![[r#"
            Deleted the coffee with Alice Smith of 2026-11-26.
            [↩ Undo] un:2"#]],
    );
    let lunch = chat.send("/log lunch with Bob Marley today");
    // The old card's Delete is for the coffee, which is gone: the lunch stays.
    check(
        &mut chat,
        &format!("press {delete}"),
        expect!["(notice) This button has expired."],
    );
    expect![[r#"
        Logged lunch with Bob Marley on 2026-11-26 (today).
        [Bob Marley] p:3
        [Open ▸] ic:7
        [↩ Undo] un:3"#]]
    .assert_eq(&lunch.render_plain());
    check(
        &mut chat,
        &format!("press {}", Chat::button(&logged, "Open")),
        expect![[r#"
            This interaction of 2026-11-26 was deleted (2026-11-26 09:00). Restore brings it back as it was.
            [Restore] un:2"#]],
    );
    check(
        &mut chat,
        "press ic:7",
        expect![[r#"
            2026-11-26 · lunch
            When: 2026-11-26
            Type: lunch
            People: Bob Marley (by hand)
            Source: logged by hand
            [Date] ia:7:d
            [Type] iy:7
            [People +/−] ip:7
            [Title] ia:7:t
            [Add note] ia:7:n
            [Replace notes] ia:7:r
            [Didn't happen] ih:7:0
            [They initiated] ii:7:1
            [Delete] ix:7"#]],
    );

    // The same after an undo instead of a delete.
    let logged = chat.send("/log call with Zoë today");
    let open = Chat::button(&logged, "Open");
    assert_eq!(open, "ic:8", "{}", logged.render_plain());
    chat.send("/undo");
    let next = chat.send("/log call with Bob Jones today");
    check(
        &mut chat,
        &format!("press {open}"),
        expect!["(notice) This button has expired."],
    );
    assert_eq!(
        Chat::button(&next, "Open"),
        "ic:9",
        "{}",
        next.render_plain()
    );
}

#[test]
fn a_person_created_then_undone_never_gives_its_id_to_the_next_person() {
    let mut chat = Chat::open();
    let added = check(
        &mut chat,
        "/new Ann Example",
        expect![[r#"
            Added Ann Example.
            Ann Example
            Tier: no tier
            Last seen: never · last F2F: never · 0 interactions
            [Log] l:5
            [Note] n:5
            [Interactions ▸] i:5:0
            [Edit ▸] ep:5
            [Edit tier] et:5
            [History] hi:5:0
            [Remind ▸] rm:5
            [↩ Undo] un:1"#]],
    );
    let tiers = chat.press(&Chat::button(&added, "Edit tier"));
    let tier_one = Chat::button(&tiers, "1");
    assert_eq!(tier_one, "t:5:1", "{}", tiers.render_plain());
    check(&mut chat, "/undo", expect!["Undone: Added Ann Example."]);
    let other = chat.send("/new Ben Example");
    // Ann's card and tier buttons were for Ann: they never act on Ben.
    check(
        &mut chat,
        &format!("press {}", Chat::button(&added, "Edit tier")),
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        &format!("press {tier_one}"),
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&added, "Log")),
        expect!["(notice) This button has expired."],
    );
    let card = chat.send("/person Ben Example");
    assert!(
        card.render_plain().contains("Tier: no tier"),
        "{}",
        card.render_plain()
    );
    assert_eq!(
        Chat::button(&other, "Edit tier"),
        "et:6",
        "{}",
        other.render_plain()
    );
}

#[test]
fn a_pending_question_id_is_never_reused() {
    let mut chat = Chat::open();
    let question = check(
        &mut chat,
        "/log coffee with Bob today",
        expect![[r#"
            Which "Bob" do you mean?
            [Bob Jones · #1] ch:1:1
            [Bob Marley · #3] ch:1:3
            [Cancel] cancel"#]],
    );
    chat.press(&Chat::button(&question, "Bob Jones"));
    let link = chat.send("/link bob@example.org Bob");
    // The /log's other choice answers nothing now: the address stays unlinked.
    check(
        &mut chat,
        &format!("press {}", Chat::button(&question, "Bob Marley")),
        expect!["(notice) This button has expired."],
    );
    let network = chat.store.export_json().unwrap();
    assert!(
        !network["tables"]["emails"]["rows"]
            .to_string()
            .contains("bob@example.org"),
        "the /log's button linked the address"
    );
    expect![[r#"
        Which "Bob" do you mean?
        [Bob Jones · #1] ch:2:1
        [Bob Marley · #3] ch:2:3
        [Cancel] cancel"#]]
    .assert_eq(&link.render_plain());
    // The /link's own buttons still answer it.
    let linked = chat.press(&Chat::button(&link, "Bob Marley"));
    assert!(
        linked
            .render_plain()
            .starts_with("✓ bob@example.org linked to Bob Marley"),
        "{}",
        linked.render_plain()
    );
}
