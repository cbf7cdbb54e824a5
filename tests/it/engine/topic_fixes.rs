//! What a user test found in topics, dates and merges, each pinned: two dates of one
//! label after a merge, a dropped birthday, a label losing its first words, a wrong date
//! blamed on the name, a topic kept twice, a past log asking about later topics, and
//! multi-line topics breaking lists and buttons.

use expect_test::expect;

use super::*;
use kith::domain::model::PersonId;

/// Zoe Muller (#5), a second record of Zoë Müller (#4), each with an "anniversary" on
/// another day, the same "name day", a birthday each, and a topic and a follow-up.
fn two_zoes(chat: &mut Chat) {
    chat.store
        .create_person(&NewPerson::named("Zoe Muller"))
        .unwrap();
    for line in [
        "/date #5 anniversary 10 Dec",
        "/date #4 anniversary 11 Dec",
        "/date #5 name day 3 Mar",
        "/date #4 name day 3 Mar",
        "/date #5 moving 1 Feb 2027",
        "/set #5 birthday 1 Jan 1980",
        "/set #4 birthday 2 Feb 1985",
        "/topic #5: zoe2 topic",
        "/remind #5 friday: zoe2 fu",
    ] {
        chat.send(line);
    }
}

#[test]
fn merge_kept_two_dates_of_one_label_and_dropped_a_birthday() {
    let mut chat = Chat::open();
    two_zoes(&mut chat);
    check(
        &mut chat,
        "/merge #4, #5",
        expect![[r#"
        Merge Zoe Muller · #5 into Zoë Müller · zoe@gmail.com (#4)? 0 addresses, 0 interactions, 1 follow-up, 1 topic and 2 dates move, tags and notes are combined, and Zoe Muller · #5 is removed.
        • Zoe Muller · #5's date "anniversary" becomes "anniversary (Zoe Muller)" (Zoë Müller · zoe@gmail.com has one called that).
        • Zoe Muller · #5's date "name day" is dropped: Zoë Müller · zoe@gmail.com has the same one.
        • Zoë Müller · zoe@gmail.com's birthday 2 February 1985 stays; Zoe Muller · #5's, 1 January 1980, goes into the notes.
        [Merge] m:4:5
        [Cancel] cancel"#]],
    );
    let merged = check(
        &mut chat,
        "press m:4:5",
        expect![[r#"
        Merged Zoe Muller · #5 into Zoë Müller · zoe@gmail.com: 0 addresses, 0 interactions, 1 follow-up, 1 topic and 2 dates moved.
        • Zoe Muller · #5's date "anniversary" became "anniversary (Zoe Muller)" (Zoë Müller · zoe@gmail.com has one called that).
        • Zoe Muller · #5's date "name day" was dropped: Zoë Müller · zoe@gmail.com has the same one.
        • Kept Zoë Müller · zoe@gmail.com's birthday 2 February 1985; Zoe Muller · #5's was 1 January 1980 and went into the notes.
        [Zoë Müller] p:4
        [↩ Undo] un:10"#]],
    );
    check(
        &mut chat,
        "/date #4",
        expect![[r#"
            Zoë Müller's dates:
              Thu 10 Dec 2026 (in 2 weeks) — anniversary (Zoe Muller)
              Fri 11 Dec 2026 (in 2 weeks) — anniversary
              Mon 1 Feb 2027 (in 2 months) — moving (once)
              Tue 2 Feb 2027 (in 2 months) — birthday, turns 42
              Wed 3 Mar 2027 (in 3 months) — name day
            Remove one with /date Zoë Müller - LABEL"#]],
    );
    let notes = chat.store.person(PersonId(4)).unwrap().notes;
    assert!(notes.contains("1 January 1980"), "{notes}");
    assert_eq!(
        chat.store.intention_problems().unwrap(),
        Vec::<String>::new()
    );
    // Undo puts both people, their dates and birthdays back as they were.
    let undo = Chat::button(&merged, "Undo");
    chat.press(&undo);
    check(
        &mut chat,
        "/date #5",
        expect![[r#"
            Zoe Muller · #5's dates:
              Thu 10 Dec 2026 (in 2 weeks) — anniversary
              Fri 1 Jan 2027 (in 1 month) — birthday, turns 47
              Mon 1 Feb 2027 (in 2 months) — moving (once)
              Wed 3 Mar 2027 (in 3 months) — name day
            Remove one with /date #5 - LABEL"#]],
    );
    assert!(
        !chat
            .store
            .person(PersonId(4))
            .unwrap()
            .notes
            .contains("1980")
    );
}

#[test]
fn removing_a_label_two_dates_share_asks_which() {
    let mut chat = Chat::open();
    let alice = PersonId(2);
    for on in ["--12-10", "--12-11"] {
        let on = kith::domain::contact::Birthday::parse(on).unwrap();
        chat.store
            .add_important_date(alice, "anniversary", on, true)
            .unwrap();
    }
    let problems = chat.store.intention_problems().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let before = chat.store.table_counts().unwrap();
    let asked = check(
        &mut chat,
        "/date Alice - anniversary",
        expect![[r#"
            Alice Smith has 2 dates called "anniversary". Which one should go?
            [Remove 10 December] dr:1:1
            [Remove 11 December] dr:1:2"#]],
    );
    assert_eq!(chat.store.table_counts().unwrap(), before);
    let remove = Chat::button(&asked, "10 December");
    let removed = check(
        &mut chat,
        &format!("press {remove}"),
        expect![[r#"
        Removed Alice Smith's date: anniversary — 10 December.
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        &format!("press {remove}"),
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        "/date Alice",
        expect![[r#"
            Alice Smith's dates:
              Fri 11 Dec 2026 (in 2 weeks) — anniversary
            Remove one with /date Alice Smith - LABEL"#]],
    );
    let undo = Chat::button(&removed, "Undo");
    chat.press(&undo);
    assert_eq!(chat.store.table_counts().unwrap(), before);
}

#[test]
fn date_label_lost_its_letterless_first_words() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/date Alice Smith 🎂 cake day 2 Jan",
        expect![[r#"
        Date for Alice Smith: 🎂 cake day — 2 January, every year, next on Saturday 2 January 2027.
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/date Alice Smith & co party 6 Feb",
        expect![[r#"
        Date for Alice Smith: & co party — 6 February, every year, next on Saturday 6 February 2027.
        [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/date Alice",
        expect![[r#"
            Alice Smith's dates:
              Sat 2 Jan 2027 (in 1 month) — 🎂 cake day
              Sat 6 Feb 2027 (in 2 months) — & co party
            Remove one with /date Alice Smith - LABEL"#]],
    );
}

#[test]
fn a_wrong_date_was_blamed_on_the_name() {
    let mut chat = Chat::open();
    let before = chat.store.table_counts().unwrap();
    for (line, expect) in [
        (
            "/date #2 leap 29 Feb 2025",
            expect![
                "29 Feb 2025 is not a day I can keep: February 2025 has no 29th day. Nothing was saved."
            ],
        ),
        (
            "/date Alice Smith leap 29 Feb 2025",
            expect![
                "29 Feb 2025 is not a day I can keep: February 2025 has no 29th day. Nothing was saved."
            ],
        ),
        (
            "/date #2 nonsense blargh",
            expect![[
                r#"I found no date at the end of "nonsense blargh". /date needs a label and a date: /date #2 anniversary 20 June 2015 (or 3 May, 2027-03-03; add "yearly" to keep it every year)."#
            ]],
        ),
        (
            "/date #2 dup 8/12",
            expect![
                "8/12 is not a day I can keep: it could be read day-first or month-first; write the month as a word, like 8 Dec. Nothing was saved."
            ],
        ),
        (
            "/date #2 party tomorrow",
            expect![
                "tomorrow is not a day I can keep: /date keeps a calendar day, written like 3 May, 20 June 2015 or 2027-03-03. Nothing was saved."
            ],
        ),
        (
            "/date Alice anniversary someday",
            expect![[
                r#"I found no date at the end of "anniversary someday". /date needs a label and a date: /date Alice anniversary 20 June 2015 (or 3 May, 2027-03-03; add "yearly" to keep it every year)."#
            ]],
        ),
        (
            "/topic #2 the Lisbon intro",
            expect![
                "/topic needs a colon between the name and what to bring up: /topic #2: the Lisbon intro"
            ],
        ),
    ] {
        check(&mut chat, line, expect);
    }
    assert_eq!(chat.store.table_counts().unwrap(), before);
}

#[test]
fn hints_suggested_commands_that_would_do_the_wrong_thing() {
    let mut chat = Chat::open();
    // "/new #7 yearly" would make a person called "#7 yearly".
    check(
        &mut chat,
        "/date #7 yearly",
        expect!["No one has the number #7."],
    );
    check(
        &mut chat,
        "/topic #7 the intro",
        expect!["No one has the number #7."],
    );
    // Two Zoës: a hint names #4, which finds her, not "Zoë Müller · zoe@gmail.com".
    chat.store
        .create_person(&NewPerson::named("Zoë Müller"))
        .unwrap();
    check(
        &mut chat,
        "/date #4",
        expect![
            "No dates kept for Zoë Müller · zoe@gmail.com. Add one: /date #4 anniversary 20 June 2015"
        ],
    );
    check(
        &mut chat,
        "/topic #4",
        expect![
            "Nothing to bring up with Zoë Müller · zoe@gmail.com. Keep something with /topic #4: TEXT"
        ],
    );
    chat.send("/date #4 anniversary 3 May");
    check(
        &mut chat,
        "/date #4",
        expect![[r#"
            Zoë Müller · zoe@gmail.com's dates:
              Mon 3 May 2027 (in 5 months) — anniversary
            Remove one with /date #4 - LABEL"#]],
    );
    check(
        &mut chat,
        "/date #4 birthday 3 May",
        expect!["A birthday is kept on its own: /set #4 birthday 3 May"],
    );
    check(
        &mut chat,
        "/date #4 anniversary 4 May",
        expect![[
            r#"Zoë Müller · zoe@gmail.com already has a date called "anniversary" (3 May). Remove it first with /date #4 - anniversary"#
        ]],
    );
}

#[test]
fn the_same_topic_typed_twice_was_kept_twice() {
    let mut chat = Chat::open();
    chat.send("/topic Alice: the Lisbon intro");
    let before = chat.store.table_counts().unwrap();
    let again = check(
        &mut chat,
        "/topic Alice:  The  LISBON intro ",
        expect![
            "Already on the list to bring up with Alice Smith: “the Lisbon intro”. Nothing changed."
        ],
    );
    assert!(!again.render_plain().contains("Undo"));
    assert_eq!(chat.store.table_counts().unwrap(), before);
    // Once covered, the same text may be kept again.
    chat.send("/topic Alice");
    chat.press("td:1");
    check(
        &mut chat,
        "/topic Alice: the Lisbon intro",
        expect![[r#"
        To bring up with Alice Smith next time: “the Lisbon intro”.
        It shows on their card and in the brief of every meeting with them until you mark it done.
        [↩ Undo] un:3"#]],
    );
}

#[test]
fn a_past_log_asked_about_topics_made_after_it() {
    let mut chat = Chat::open();
    chat.send("/topic Alice: the Lisbon intro");
    let past = chat.send("/log coffee with Alice Smith 2 weeks ago");
    assert!(past.followups.is_empty(), "{}", past.render_plain());
    let today = chat.send("/log call with Alice Smith today");
    assert_eq!(today.followups.len(), 1, "{}", today.render_plain());
}

#[test]
fn a_multi_line_topic_broke_lists_and_buttons() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/topic Alice: line1\nline2",
        expect![[r#"
        To bring up with Alice Smith next time: “line1 line2”.
        It shows on their card and in the brief of every meeting with them until you mark it done.
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/topic Alice",
        expect![[r#"
        To bring up with Alice Smith:
          1. line1 line2
        [✓ line1 line2] td:1"#]],
    );
    let card = chat.send("/person Alice Smith");
    let shown = card.render_plain();
    assert!(shown.contains("• line1 line2"), "{shown}");
    assert!(shown.contains("[✓ Done: line1 line2]"), "{shown}");
    // Kept as typed.
    let topic = chat
        .store
        .topic(kith::domain::intention::TopicId(1))
        .unwrap();
    assert_eq!(topic.text, "line1\nline2");
}

#[test]
fn answered_which_one_should_go_removed_the_other_date_too() {
    let mut chat = Chat::open();
    let alice = PersonId(2);
    for on in ["--03-03", "2027-05-05"] {
        let on = kith::domain::contact::Birthday::parse(on).unwrap();
        chat.store
            .add_important_date(alice, "anniv", on, false)
            .unwrap();
    }
    let asked = check(
        &mut chat,
        "/date Alice - anniv",
        expect![[r#"
            Alice Smith has 2 dates called "anniv". Which one should go?
            [Remove 3 March] dr:1:1
            [Remove 5 May 2027] dr:1:2"#]],
    );
    let first = Chat::button(&asked, "3 March");
    let second = Chat::button(&asked, "5 May");
    let removed = chat.press(&first);
    check(
        &mut chat,
        &format!("press {second}"),
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        &format!("press {first}"),
        expect!["(notice) This button has expired."],
    );
    assert_eq!(chat.store.important_dates_of(alice).unwrap().len(), 1);
    let undo = Chat::button(&removed, "Undo");
    chat.press(&undo);
    assert_eq!(chat.store.important_dates_of(alice).unwrap().len(), 2);
}

#[test]
fn topic_for_an_archived_person_promised_a_brief_and_old_wordings() {
    let mut chat = Chat::open();
    chat.send("/archive Alice");
    check(
        &mut chat,
        "/topic Alice: the Lisbon intro",
        expect![[r#"
        To bring up with Alice Smith next time: “the Lisbon intro”.
        Alice Smith is archived, so it shows on their card but not in meeting briefs (archived people are left out of them) until you mark it done.
        [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        &format!("/topic Bob Jones: {}", "x".repeat(1_500)),
        expect!["A topic can be at most 1,000 characters (this one has 1,500). Nothing changed."],
    );
    check(
        &mut chat,
        "press td:99999",
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        "/date Bob Jones - birthday",
        expect![
            "Bob Jones's birthday is not one of their dates: change it with /set Bob Jones birthday 14 March, or clear it with /set Bob Jones birthday -. Nothing changed."
        ],
    );
}

#[test]
fn merge_kept_two_identical_follow_ups_and_topics() {
    let mut chat = Chat::open();
    chat.store
        .create_person(&NewPerson::named("Patrick Lee"))
        .unwrap();
    chat.store
        .create_person(&NewPerson::named("Pat Lee"))
        .unwrap();
    for line in [
        "/remind #4 on 14 Dec: call about Lisbon",
        "/remind #5 on 14 Dec: call about  LISBON",
        "/remind #5 on 15 Dec: call about Lisbon",
        "/topic #4: the Lisbon intro",
        "/topic #5: The Lisbon  intro",
        "/topic #5: the Porto intro",
    ] {
        chat.send(line);
    }
    let before = chat.store.table_counts().unwrap();
    check(
        &mut chat,
        "/merge #4, #5",
        expect![[r#"
        Merge Patrick Lee (#5) into Zoë Müller (#4)? 0 addresses, 0 interactions, 1 follow-up and 1 topic move, tags and notes are combined, and Patrick Lee (#5) is removed.
        • Patrick Lee (#5)'s open follow-up is folded into Zoë Müller's: Zoë Müller has the very same one.
        • Patrick Lee (#5)'s open topic is folded into Zoë Müller's: Zoë Müller has the very same one.
        [Merge] m:4:5
        [Cancel] cancel"#]],
    );
    let merged = check(
        &mut chat,
        "press m:4:5",
        expect![[r#"
        Merged Patrick Lee into Zoë Müller: 0 addresses, 0 interactions, 1 follow-up and 1 topic moved.
        • Patrick Lee's open follow-up was folded into Zoë Müller's: Zoë Müller has the very same one.
        • Patrick Lee's open topic was folded into Zoë Müller's: Zoë Müller has the very same one.
        [Zoë Müller] p:4
        [↩ Undo] un:7"#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
        Follow-ups: 2 open
        1. Zoë Müller — call about Lisbon · 2026-12-14 (in 2 weeks)
        2. Zoë Müller — call about Lisbon · 2026-12-15 (in 2 weeks)
        [1. Done] rd:1:20261214
        [Snooze] rz:1
        [Zoë Müller] p:4
        [2. Done] rd:3:20261215
        [Snooze] rz:3
        [Zoë Müller] p:4"#]],
    );
    check(
        &mut chat,
        "/topic #4",
        expect![[r#"
        To bring up with Zoë Müller:
          1. the Lisbon intro
          2. the Porto intro
        [✓ the Lisbon intro] td:1
        [✓ the Porto intro] td:3"#]],
    );
    let undo = Chat::button(&merged, "Undo");
    chat.press(&undo);
    assert_eq!(chat.store.table_counts().unwrap(), before);
    assert_eq!(chat.store.follow_ups_of(PersonId(5)).unwrap().len(), 2);
    assert_eq!(chat.store.topics_of(PersonId(5)).unwrap().len(), 2);
}
