//! Follow-ups in the chat, on Thursday 2026-11-26 09:00 UTC: `/remind` and its
//! refusals, `/reminders` a page at a time, **Done**, **Keep** and **Snooze** (and their
//! "A date…" questions), a card's follow-ups and **Remind ▸**, the question after a log,
//! a repeating follow-up moving on, and the Undo of each change (the buttons in
//! `buttons.rs`).

use expect_test::expect;
use kith::domain::intention::Repeat;
use kith::store::NewFollowUp;

use super::*;

mod buttons;
mod once;

/// Zoë Müller's id in the hand-made network.
const ZOE: i64 = 4;

/// A follow-up written straight to the store (a day already past cannot be typed).
fn follow_up(chat: &mut Chat, person: i64, on: &str, text: &str, repeat: Option<&str>) -> i64 {
    chat.store
        .add_follow_up(&NewFollowUp {
            person: kith::domain::model::PersonId(person),
            due_on: day(on),
            due_at: None,
            text: text.into(),
            repeat: repeat.and_then(Repeat::from_stored),
        })
        .unwrap()
        .0
}

#[test]
fn remind_says_the_day_it_understood_and_undo_takes_it_back() {
    let mut chat = Chat::open();
    let reply = check(
        &mut chat,
        "/remind Zoë Müller on 14 Dec: ask how the surgery went",
        expect![[r#"
            Follow-up with Zoë Müller on Mon 14 Dec 2026: ask how the surgery went
            [Zoë Müller] p:4
            [Reminders ▸] rl:0
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/remind Bob Jones tomorrow 15:00",
        expect![[r#"
            Follow-up with Bob Jones on Fri 27 Nov 2026 at 15:00
            [Bob Jones] p:1
            [Reminders ▸] rl:0
            [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/remind alice every 3 months: quarterly catch-up",
        expect![[r#"
            Follow-up with Alice Smith on Fri 26 Feb 2027, every 3 months: quarterly catch-up
            [Alice Smith] p:2
            [Reminders ▸] rl:0
            [↩ Undo] un:3"#]],
    );
    check(
        &mut chat,
        "/remind zoe friday at 9am: call about Lisbon",
        expect![[r#"
            Follow-up with Zoë Müller on Fri 27 Nov 2026 at 09:00: call about Lisbon
            [Zoë Müller] p:4
            [Reminders ▸] rl:0
            [↩ Undo] un:4"#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
            Follow-ups: 4 open
            1. Zoë Müller — call about Lisbon · 2026-11-27 (tomorrow) at 09:00
            2. Bob Jones — follow up · 2026-11-27 (tomorrow) at 15:00
            3. Zoë Müller — ask how the surgery went · 2026-12-14 (in 2 weeks)
            4. Alice Smith — quarterly catch-up · 2027-02-26 (in 3 months) · every 3 months
            [1. Done] rd:4:20261127
            [Snooze] rz:4
            [Zoë Müller] p:4
            [2. Done] rd:2:20261127
            [Snooze] rz:2
            [Bob Jones] p:1
            [3. Done] rd:1:20261214
            [Snooze] rz:1
            [Zoë Müller] p:4
            [4. Done] rd:3:20270226
            [Snooze] rz:3
            [Alice Smith] p:2"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&reply, "Undo")),
        expect!["Undone: Follow-up with Zoë Müller on Mon 14 Dec 2026: ask how the surgery went"],
    );
    check(
        &mut chat,
        "/history Zoë",
        expect![[r#"
            History of Zoë Müller
            1. 2026-11-26 09:00 · you · Follow-up with Zoë Müller on Fri 27 Nov 2026 at 09:00: call about Lisbon
            2. 2026-11-26 09:00 · you · Follow-up with Zoë Müller on Mon 14 Dec 2026: ask how the surgery went (undone)
            [↩ Undo 1] un:4
            [Zoë Müller ▸] p:4"#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
            Follow-ups: 3 open
            1. Zoë Müller — call about Lisbon · 2026-11-27 (tomorrow) at 09:00
            2. Bob Jones — follow up · 2026-11-27 (tomorrow) at 15:00
            3. Alice Smith — quarterly catch-up · 2027-02-26 (in 3 months) · every 3 months
            [1. Done] rd:4:20261127
            [Snooze] rz:4
            [Zoë Müller] p:4
            [2. Done] rd:2:20261127
            [Snooze] rz:2
            [Bob Jones] p:1
            [3. Done] rd:3:20270226
            [Snooze] rz:3
            [Alice Smith] p:2"#]],
    );
}

#[test]
fn remind_refuses_what_it_cannot_read_and_changes_nothing() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/remind",
        expect![
            "/remind needs a name and when. For example: /remind Zoë Müller on 14 Dec: ask how the surgery went"
        ],
    );
    check(
        &mut chat,
        "/remind Zoë",
        expect![
            "/remind needs a name and when. For example: /remind Zoë Müller on 14 Dec: ask how the surgery went"
        ],
    );
    check(
        &mut chat,
        "/remind Zoë soonish: call",
        expect![[
            r#"I found no day at the end of "Zoë soonish" (a name, then when: a date, "tomorrow", "friday", "in 2 weeks", "every 3 months"). For example: /remind Bob in 2 weeks: ask about the move"#
        ]],
    );
    check(
        &mut chat,
        "/remind Zoë yesterday",
        expect![[
            r#""yesterday" is Wed 25 Nov 2026, already past (today is Thu 26 Nov 2026). A follow-up needs a day from today on. For example: /remind Bob in 2 weeks: ask about the move"#
        ]],
    );
    check(
        &mut chat,
        "/remind Zoë 2026-01-15",
        expect![[
            r#""2026-01-15" is Thu 15 Jan 2026, already past (today is Thu 26 Nov 2026). A follow-up needs a day from today on. For example: /remind Bob in 2 weeks: ask about the move"#
        ]],
    );
    check(
        &mut chat,
        "/remind Zoë Feb 30",
        expect![[
            r#""Feb 30" is not a day: February has no 30th day. For example: /remind Bob in 2 weeks: ask about the move"#
        ]],
    );
    check(
        &mut chat,
        "/remind Zoë today 08:00",
        expect![
            "08:00 today has already passed (it is 09:00). Give a later time or another day. For example: /remind Bob in 2 weeks: ask about the move"
        ],
    );
    check(
        &mut chat,
        "/remind Zoë at 25",
        expect![[
            r#""25" is not a time of day (hours go from 0 to 23, minutes from 00 to 59). For example: /remind Bob in 2 weeks: ask about the move"#
        ]],
    );
    check(
        &mut chat,
        "/remind Nobody Known tomorrow",
        expect![[
            r#"I don't know anyone called "Nobody Known". Add them with /new Nobody Known, or check the spelling."#
        ]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![
            "No open follow-ups. Add one with /remind NAME WHEN[: TEXT], for example /remind Bob in 2 weeks: ask about the move."
        ],
    );
}

#[test]
fn an_ambiguous_name_and_an_ambiguous_date_are_asked_about() {
    let mut chat = Chat::open();
    let which = check(
        &mut chat,
        "/remind Bob in 2 weeks",
        expect![[r#"
        Which "Bob" do you mean?
        [Bob Jones · #1] ch:1:1
        [Bob Marley · #3] ch:1:3
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&which, "Bob Marley")),
        expect![[r#"
            Follow-up with Bob Marley on Thu 10 Dec 2026
            [Bob Marley] p:3
            [Reminders ▸] rl:0
            [↩ Undo] un:1"#]],
    );
    let reading = check(
        &mut chat,
        "/remind Zoë 3/5: visa",
        expect![[r#"
        Which day did you mean: 3 May 2027 or 5 March 2027? (KITH_DATE_ORDER=day-first or month-first makes kith read such dates one way without asking.)
        [3 May 2027] dc:2:0
        [5 March 2027] dc:2:1
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&reading, "5 March")),
        expect![[r#"
            Follow-up with Zoë Müller on Fri 5 Mar 2027: visa
            [Zoë Müller] p:4
            [Reminders ▸] rl:0
            [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&reading, "5 March")),
        expect!["(notice) This button has expired."],
    );
}

#[test]
fn reminders_lists_overdue_and_today_first_a_page_at_a_time() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/reminders",
        expect![
            "No open follow-ups. Add one with /remind NAME WHEN[: TEXT], for example /remind Bob in 2 weeks: ask about the move."
        ],
    );
    follow_up(&mut chat, ZOE, "2026-11-20", "ask about the surgery", None);
    follow_up(&mut chat, 1, "2026-11-26", "", None);
    follow_up(&mut chat, 2, "2026-12-26", "catch up", Some("1m"));
    for n in 0..9 {
        follow_up(&mut chat, 3, &format!("2027-01-{:02}", n + 1), "gig", None);
    }
    let first = check(
        &mut chat,
        "/reminders",
        expect![[r#"
            Follow-ups: 12 open, 2 due or overdue
            1. Overdue · Zoë Müller — ask about the surgery · 2026-11-20 (6 days ago)
            2. Today · Bob Jones — follow up · 2026-11-26 (today)
            3. Alice Smith — catch up · 2026-12-26 (in 1 month) · every month
            4. Bob Marley — gig · 2027-01-01 (in 1 month)
            5. Bob Marley — gig · 2027-01-02 (in 1 month)
            6. Bob Marley — gig · 2027-01-03 (in 1 month)
            7. Bob Marley — gig · 2027-01-04 (in 1 month)
            8. Bob Marley — gig · 2027-01-05 (in 1 month)
            9. Bob Marley — gig · 2027-01-06 (in 1 month)
            10. Bob Marley — gig · 2027-01-07 (in 1 month)
            1–10 of 12
            [1. Done] rd:1:20261120
            [Snooze] rz:1
            [Zoë Müller] p:4
            [2. Done] rd:2:20261126
            [Snooze] rz:2
            [Bob Jones] p:1
            [3. Done] rd:3:20261226
            [Snooze] rz:3
            [Alice Smith] p:2
            [4. Done] rd:4:20270101
            [Snooze] rz:4
            [Bob Marley] p:3
            [5. Done] rd:5:20270102
            [Snooze] rz:5
            [Bob Marley] p:3
            [6. Done] rd:6:20270103
            [Snooze] rz:6
            [Bob Marley] p:3
            [7. Done] rd:7:20270104
            [Snooze] rz:7
            [Bob Marley] p:3
            [8. Done] rd:8:20270105
            [Snooze] rz:8
            [Bob Marley] p:3
            [9. Done] rd:9:20270106
            [Snooze] rz:9
            [Bob Marley] p:3
            [10. Done] rd:10:20270107
            [Snooze] rz:10
            [Bob Marley] p:3
            [▶] rl:10"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&first, "▶")),
        expect![[r#"
            Follow-ups: 12 open, 2 due or overdue
            11. Bob Marley — gig · 2027-01-08 (in 1 month)
            12. Bob Marley — gig · 2027-01-09 (in 1 month)
            11–12 of 12
            [11. Done] rd:11:20270108
            [Snooze] rz:11
            [Bob Marley] p:3
            [12. Done] rd:12:20270109
            [Snooze] rz:12
            [Bob Marley] p:3
            [◀] rl:0"#]],
    );
    check(
        &mut chat,
        "press rl:40",
        expect![[r#"
        No more — 12 in all.
        [◀ First page] rl:0"#]],
    );
}

#[test]
fn a_page_of_long_follow_ups_fits_a_telegram_message() {
    let mut chat = Chat::open();
    for n in 0..12 {
        follow_up(&mut chat, ZOE, "2026-12-01", &"ü".repeat(980 + n), None);
    }
    let page = chat.send("/reminders");
    assert!(
        page.plain_text().chars().count() <= 4096,
        "{}",
        page.plain_text()
    );
    let card = chat.send("/person Zoë");
    assert!(card.plain_text().chars().count() <= 4096);
    let logged = chat.send("/log call with Zoë");
    assert!(logged.plain_text().chars().count() <= 4096);
    assert_eq!(logged.buttons.len(), 6, "{}", logged.render_plain());
}
