//! What a user test found wrong with follow-ups, each pinned on the fixed Thursday
//! 2026-11-26: a button pressed twice does its thing once, a snooze never brings a
//! follow-up forward, a monthly one on the 31st stays at the month's end, the same
//! /remind twice is one follow-up, a past log asks only about follow-ups made by then,
//! an archived person's follow-up says so, and long or multi-line text.

use expect_test::expect;

use super::super::*;
use super::{ZOE, follow_up};

/// The data of the first button labelled `label` on `/reminders`.
fn listed_button(chat: &mut Chat, label: &str) -> String {
    let listed = chat.send("/reminders");
    Chat::button(&listed, label)
}

#[test]
fn a_monthly_follow_up_on_the_31st_drifted_to_the_28th_after_february() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/remind Bob Jones monthly on 31 Jan: pay the rent",
        expect![[r#"
            Follow-up with Bob Jones on Sun 31 Jan 2027, every month: pay the rent
            [Bob Jones] p:1
            [Reminders ▸] rl:0
            [↩ Undo] un:1"#]],
    );
    let mut done = Vec::new();
    for _ in 0..3 {
        let press = listed_button(&mut chat, "1. Done");
        done.push(chat.press(&press).body);
    }
    expect![[r#"
        [
            "Done: \"pay the rent\" with Bob Jones. It comes back every month: next on Sun 28 Feb 2027.",
            "Done: \"pay the rent\" with Bob Jones. It comes back every month: next on Wed 31 Mar 2027.",
            "Done: \"pay the rent\" with Bob Jones. It comes back every month: next on Fri 30 Apr 2027.",
        ]
    "#]].assert_debug_eq(&done);
    // A fourth Done (to 31 May) undone brings back the 30 April occurrence.
    let press = listed_button(&mut chat, "1. Done");
    let last = chat.press(&press);
    chat.press(&Chat::button(&last, "Undo"));
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
        Follow-ups: 1 open
        1. Bob Jones — pay the rent · 2027-04-30 (in 5 months) · every month
        [1. Done] rd:1:20270430
        [Snooze] rz:1
        [Bob Jones] p:1"#]],
    );
}

#[test]
fn done_pressed_twice_on_a_repeating_follow_up_skipped_an_occurrence() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/remind Bob Jones every week: call",
        expect![[r#"
        Follow-up with Bob Jones on Thu 3 Dec 2026, every week: call
        [Bob Jones] p:1
        [Reminders ▸] rl:0
        [↩ Undo] un:1"#]],
    );
    let press = listed_button(&mut chat, "1. Done");
    check(
        &mut chat,
        &format!("press {press}"),
        expect![[r#"
        Done: "call" with Bob Jones. It comes back every week: next on Thu 10 Dec 2026.
        [Bob Jones] p:1
        [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        &format!("press {press}"),
        expect![[
            r#"(notice) Already done for Thu 3 Dec 2026: "call" with Bob Jones — next on Thu 10 Dec 2026. Nothing changed."#
        ]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
        Follow-ups: 1 open
        1. Bob Jones — call · 2026-12-10 (in 2 weeks) · every week
        [1. Done] rd:1:20261210
        [Snooze] rz:1
        [Bob Jones] p:1"#]],
    );
}

#[test]
fn snooze_one_day_moved_a_follow_up_not_yet_due_earlier() {
    let mut chat = Chat::open();
    let id = follow_up(&mut chat, ZOE, "2026-12-04", "ask about the surgery", None);
    check(
        &mut chat,
        &format!("press rz:{id}"),
        expect![[r#"
        Snooze "ask about the surgery" with Zoë Müller until when?
        [1 day] rs:1:20261204:1d
        [1 week] rs:1:20261204:1w
        [1 month] rs:1:20261204:1m
        [A date…] rs:1:20261204:p
        [Cancel] cancel"#]],
    );
    let snoozed = check(
        &mut chat,
        &format!("press rs:{id}:20261204:1d"),
        expect![[r#"
            Snoozed "ask about the surgery" with Zoë Müller until Sat 5 Dec 2026.
            [Zoë Müller] p:4
            [Reminders ▸] rl:0
            [↩ Undo] un:1"#]],
    );
    // The same button again (or another of that menu) changes nothing.
    check(
        &mut chat,
        &format!("press rs:{id}:20261204:1w"),
        expect![[r#"
            (notice) "ask about the surgery" with Zoë Müller now comes up on Sat 5 Dec 2026 (this button was for Fri 4 Dec 2026). Nothing changed.
            [Snooze] rz:1
            [Zoë Müller] p:4"#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
        Follow-ups: 1 open
        1. Zoë Müller — ask about the surgery · 2026-12-05 (in 9 days) · snoozed (due 2026-12-04)
        [1. Done] rd:1:20261204
        [Snooze] rz:1
        [Zoë Müller] p:4"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&snoozed, "Undo")),
        expect![[
            r#"Undone: Snoozed "ask about the surgery" with Zoë Müller until Sat 5 Dec 2026."#
        ]],
    );
    // A typed day before the one it comes up on is refused: a snooze never brings it
    // forward.
    check(
        &mut chat,
        &format!("press rs:{id}:20261204:p"),
        expect![[r#"
            Until when should "ask about the surgery" with Zoë Müller wait? Type a day — "monday", "in 10 days", "on 14 Dec".
            [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "tomorrow",
        expect![[r#"
        "ask about the surgery" already comes up on Fri 4 Dec 2026; pick a later day. Type a day after today — "monday", "in 10 days", "on 14 Dec" — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "on 4 Dec",
        expect![[r#"
        "ask about the surgery" already comes up on Fri 4 Dec 2026; pick a later day. Type a day after today — "monday", "in 10 days", "on 14 Dec" — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "on 10 Dec",
        expect![[r#"
        Snoozed "ask about the surgery" with Zoë Müller until Thu 10 Dec 2026.
        [Zoë Müller] p:4
        [Reminders ▸] rl:0
        [↩ Undo] un:3"#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
        Follow-ups: 1 open
        1. Zoë Müller — ask about the surgery · 2026-12-10 (in 2 weeks) · snoozed (due 2026-12-04)
        [1. Done] rd:1:20261204
        [Snooze] rz:1
        [Zoë Müller] p:4"#]],
    );
}

#[test]
fn remind_twice_made_two_identical_follow_ups() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "press ri:2:1w",
        expect![[r#"
        Follow-up with Alice Smith on Thu 3 Dec 2026
        [Alice Smith] p:2
        [Reminders ▸] rl:0
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "press ri:2:1w",
        expect![[r#"
        (notice) Already set: "follow up" with Alice Smith on Thu 3 Dec 2026. Nothing changed.
        [Alice Smith] p:2
        [Reminders ▸] rl:0"#]],
    );
    check(
        &mut chat,
        "/remind Zoë on 14 Dec: ask how the surgery went",
        expect![[r#"
            Follow-up with Zoë Müller on Mon 14 Dec 2026: ask how the surgery went
            [Zoë Müller] p:4
            [Reminders ▸] rl:0
            [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/remind Zoë on 14 Dec: ask how the surgery went",
        expect![[r#"
            (notice) Already set: "ask how the surgery went" with Zoë Müller on Mon 14 Dec 2026. Nothing changed.
            [Zoë Müller] p:4
            [Reminders ▸] rl:0"#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
        Follow-ups: 2 open
        1. Alice Smith — follow up · 2026-12-03 (in 7 days)
        2. Zoë Müller — ask how the surgery went · 2026-12-14 (in 2 weeks)
        [1. Done] rd:1:20261203
        [Snooze] rz:1
        [Alice Smith] p:2
        [2. Done] rd:2:20261214
        [Snooze] rz:2
        [Zoë Müller] p:4"#]],
    );
}

#[test]
fn a_log_of_a_past_day_asked_about_follow_ups_made_after_it() {
    let mut chat = Chat::open();
    follow_up(&mut chat, ZOE, "2026-12-14", "bring the book", None);
    check(
        &mut chat,
        "/log coffee with Zoë 2 weeks ago",
        expect![[r#"
        Logged coffee with Zoë Müller on 2026-11-12 (2 weeks ago).
        [Zoë Müller] p:4
        [Open ▸] ic:6
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/log coffee with Zoë today",
        expect![[r#"
        Logged coffee with Zoë Müller on 2026-11-26 (today).

        Done: "bring the book" (Zoë Müller)?
        [Zoë Müller] p:4
        [Open ▸] ic:7
        [Done] rd:1:20261214
        [Keep] rk:1:20261214
        [↩ Undo] un:2"#]],
    );
}

#[test]
fn remind_on_an_archived_person_said_nothing_about_the_archive() {
    let mut chat = Chat::open();
    chat.send("/archive Bob Marley");
    check(
        &mut chat,
        "/remind Bob Marley tomorrow: ask about the tour",
        expect![[r#"
        Follow-up with Bob Marley on Fri 27 Nov 2026: ask about the tour (Bob Marley is archived; the follow-up still comes up.)
        [Bob Marley] p:3
        [Reminders ▸] rl:0
        [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
        Follow-ups: 1 open
        1. Bob Marley — ask about the tour · 2026-11-27 (tomorrow)
        [1. Done] rd:1:20261127
        [Snooze] rz:1
        [Bob Marley] p:3"#]],
    );
}

#[test]
fn long_and_multi_line_follow_up_text() {
    let mut chat = Chat::open();
    let long = "x".repeat(1_500);
    check(
        &mut chat,
        &format!("/remind Zoë tomorrow: {long}"),
        expect![
            "A follow-up's text can be at most 1,000 characters (this one has 1,500). Nothing changed."
        ],
    );
    check(
        &mut chat,
        "/remind Zoë tomorrow: ask about\nthe move\nand the flat",
        expect![[r#"
            Follow-up with Zoë Müller on Fri 27 Nov 2026: ask about the move and the flat
            [Zoë Müller] p:4
            [Reminders ▸] rl:0
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
        Follow-ups: 1 open
        1. Zoë Müller — ask about the move and the flat · 2026-11-27 (tomorrow)
        [1. Done] rd:1:20261127
        [Snooze] rz:1
        [Zoë Müller] p:4"#]],
    );
    // A button for a follow-up that never existed is a forged one.
    check(
        &mut chat,
        "press rd:77:20261127",
        expect!["(notice) This button has expired."],
    );
}

#[test]
fn a_name_ending_in_a_weekday_was_read_as_the_day() {
    let mut chat = Chat::open();
    chat.send("/new Grace Friday");
    check(
        &mut chat,
        "/remind Grace Friday: y",
        expect![[
            r#""Friday" is part of Grace Friday's name — say when after it: /remind Grace Friday on Friday: y"#
        ]],
    );
    check(
        &mut chat,
        "/remind Grace Friday on Friday: y",
        expect![[r#"
        Follow-up with Grace Friday on Fri 27 Nov 2026: y
        [Grace Friday] p:5
        [Reminders ▸] rl:0
        [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/remind Bob Jones at 9 tomorrow",
        expect![[r#"
        Follow-up with Bob Jones on Fri 27 Nov 2026 at 09:00
        [Bob Jones] p:1
        [Reminders ▸] rl:0
        [↩ Undo] un:3"#]],
    );
    check(
        &mut chat,
        "/remind Bob Jones in a fortnight",
        expect![[r#"
        Follow-up with Bob Jones on Thu 10 Dec 2026
        [Bob Jones] p:1
        [Reminders ▸] rl:0
        [↩ Undo] un:4"#]],
    );
    check(
        &mut chat,
        "/remind Bob Jones 25:00 tomorrow",
        expect![[
            r#""25:00" is not a time of day (hours go from 0 to 23, minutes from 00 to 59). For example: /remind Bob in 2 weeks: ask about the move"#
        ]],
    );
    check(
        &mut chat,
        "/remind Bob Jones every 0 days",
        expect![[
            r#""every 0 days" is not a repeat: it can be every 1 to 1000 days, weeks, months or years. For example: /remind Bob in 2 weeks: ask about the move"#
        ]],
    );
}

#[test]
fn reminders_with_a_name_ignored_the_name() {
    let mut chat = Chat::open();
    follow_up(&mut chat, ZOE, "2026-12-14", "bring the book", None);
    follow_up(&mut chat, 2, "2026-12-01", "send the deck", None);
    check(
        &mut chat,
        "/reminders Zoë",
        expect![[r#"
        Follow-ups with Zoë Müller: 1 open
        1. Zoë Müller — bring the book · 2026-12-14 (in 2 weeks)
        [1. Done] rd:1:20261214
        [Snooze] rz:1
        [Zoë Müller] p:4"#]],
    );
    check(
        &mut chat,
        "/reminders Alice",
        expect![[r#"
        Follow-ups with Alice Smith: 1 open
        1. Alice Smith — send the deck · 2026-12-01 (in 5 days)
        [1. Done] rd:2:20261201
        [Snooze] rz:2
        [Alice Smith] p:2"#]],
    );
    check(
        &mut chat,
        "/reminders Bob Jones",
        expect![[r#"
        No open follow-ups with Bob Jones. Add one with /remind Bob Jones WHEN[: TEXT].
        [Remind ▸] rm:1
        [Bob Jones] p:1"#]],
    );
    check(
        &mut chat,
        "/reminders Nobody Here",
        expect![[
            r#"I don't know anyone called "Nobody Here". Add them with /new Nobody Here, or check the spelling."#
        ]],
    );
}

#[test]
fn a_yearly_29_feb_was_shown_on_another_day_without_a_word() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/date Zoë wedding 29 Feb",
        expect![[r#"
            Date for Zoë Müller: wedding — 29 February, every year, next on Monday 1 March 2027 (29 Feb in 2027 falls on 1 Mar).
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/date Zoë Christmas 25 Dec",
        expect![[r#"
        Date for Zoë Müller: Christmas — 25 December, every year, next on Friday 25 December 2026.
        [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        "/date Zoë",
        expect![[r#"
            Zoë Müller's dates:
              Fri 25 Dec 2026 (in 4 weeks) — Christmas
              Mon 1 Mar 2027 (in 3 months) (29 Feb in 2027 falls on 1 Mar) — wedding
            Remove one with /date Zoë Müller - LABEL"#]],
    );
    let id = follow_up(&mut chat, ZOE, "2028-02-29", "leap call", Some("1y"));
    check(
        &mut chat,
        &format!("press rd:{id}:20280229"),
        expect![[r#"
            Done: "leap call" with Zoë Müller. It comes back every year: next on Wed 28 Feb 2029 (29 Feb in 2029 falls on 28 Feb).
            [Zoë Müller] p:4
            [↩ Undo] un:3"#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
            Follow-ups: 1 open
            1. Zoë Müller — leap call · 2029-02-28 (in 2 years) (29 Feb in 2029 falls on 28 Feb) · every year
            [1. Done] rd:1:20290228
            [Snooze] rz:1
            [Zoë Müller] p:4"#]],
    );
}
