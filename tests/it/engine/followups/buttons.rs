//! A follow-up's buttons on the fixed Thursday: **Done** (twice, on one gone, on a
//! repeating one), **Snooze** and its typed day, a card's follow-ups and **Remind ▸**,
//! and **Done** / **Keep** asked after a log — each change with its Undo.

use expect_test::expect;

use super::super::*;
use super::{ZOE, follow_up};

#[test]
fn done_closes_twice_says_so_and_undo_reopens() {
    let mut chat = Chat::open();
    let id = follow_up(&mut chat, ZOE, "2026-11-20", "ask about the surgery", None);
    let done = check(
        &mut chat,
        &format!("press rd:{id}:20261120"),
        expect![[r#"
        Done: "ask about the surgery" with Zoë Müller.
        [Zoë Müller] p:4
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        &format!("press rd:{id}:20261120"),
        expect![[
            r#"(notice) Already done: "ask about the surgery" with Zoë Müller. Nothing changed."#
        ]],
    );
    check(
        &mut chat,
        &format!("press rz:{id}"),
        expect![[
            r#"(notice) Already done: "ask about the surgery" with Zoë Müller. Nothing changed."#
        ]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&done, "Undo")),
        expect![[r#"Undone: Done: "ask about the surgery" with Zoë Müller."#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
            Follow-ups: 1 open, 1 due or overdue
            1. Overdue · Zoë Müller — ask about the surgery · 2026-11-20 (6 days ago)
            [1. Done] rd:1:20261120
            [Snooze] rz:1
            [Zoë Müller] p:4"#]],
    );
    // One that is gone (its adding undone) and a forged id change nothing.
    let added = chat.send("/remind Zoë tomorrow: bring the book");
    chat.press(&Chat::button(&added, "Undo"));
    check(
        &mut chat,
        &format!("press rd:{}:20261127", id + 1),
        expect!["(notice) That follow-up is gone (it was undone or deleted). Nothing changed."],
    );
    check(
        &mut chat,
        "press rk:999:20261127",
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        "press rd:0:20261127",
        expect!["(notice) This button has expired."],
    );
}

#[test]
fn a_repeating_follow_up_moves_on_when_done_and_undo_moves_it_back() {
    let mut chat = Chat::open();
    let id = follow_up(&mut chat, 2, "2026-10-31", "quarterly catch-up", Some("1m"));
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
            Follow-ups: 1 open, 1 due or overdue
            1. Overdue · Alice Smith — quarterly catch-up · 2026-10-31 (3 weeks ago) · every month
            [1. Done] rd:1:20261031
            [Snooze] rz:1
            [Alice Smith] p:2"#]],
    );
    let done = check(
        &mut chat,
        &format!("press rd:{id}:20261031"),
        expect![[r#"
        Done: "quarterly catch-up" with Alice Smith. It comes back every month: next on Mon 30 Nov 2026.
        [Alice Smith] p:2
        [↩ Undo] un:1"#]],
    );
    // The same Done again (a double tap) is for the occurrence already done.
    check(
        &mut chat,
        &format!("press rd:{id}:20261031"),
        expect![[
            r#"(notice) Already done for Sat 31 Oct 2026: "quarterly catch-up" with Alice Smith — next on Mon 30 Nov 2026. Nothing changed."#
        ]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
            Follow-ups: 1 open
            1. Alice Smith — quarterly catch-up · 2026-11-30 (in 4 days) · every month
            [1. Done] rd:1:20261130
            [Snooze] rz:1
            [Alice Smith] p:2"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&done, "Undo")),
        expect![[
            r#"Undone: Done: "quarterly catch-up" with Alice Smith. It comes back every month: next on Mon 30 Nov 2026."#
        ]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
            Follow-ups: 1 open, 1 due or overdue
            1. Overdue · Alice Smith — quarterly catch-up · 2026-10-31 (3 weeks ago) · every month
            [1. Done] rd:1:20261031
            [Snooze] rz:1
            [Alice Smith] p:2"#]],
    );
}

#[test]
fn snooze_by_a_quick_choice_or_a_typed_day_with_undo() {
    let mut chat = Chat::open();
    let id = follow_up(&mut chat, ZOE, "2026-11-20", "ask about the surgery", None);
    check(
        &mut chat,
        &format!("press rz:{id}"),
        expect![[r#"
            Snooze "ask about the surgery" with Zoë Müller until when?
            [1 day] rs:1:20261120:1d
            [1 week] rs:1:20261120:1w
            [1 month] rs:1:20261120:1m
            [A date…] rs:1:20261120:p
            [Cancel] cancel"#]],
    );
    let snoozed = check(
        &mut chat,
        &format!("press rs:{id}:20261120:1w"),
        expect![[r#"
        Snoozed "ask about the surgery" with Zoë Müller until Thu 3 Dec 2026.
        [Zoë Müller] p:4
        [Reminders ▸] rl:0
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
            Follow-ups: 1 open
            1. Zoë Müller — ask about the surgery · 2026-12-03 (in 7 days) · snoozed (due 2026-11-20)
            [1. Done] rd:1:20261120
            [Snooze] rz:1
            [Zoë Müller] p:4"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&snoozed, "Undo")),
        expect![[
            r#"Undone: Snoozed "ask about the surgery" with Zoë Müller until Thu 3 Dec 2026."#
        ]],
    );
    check(
        &mut chat,
        &format!("press rs:{id}:20261120:p"),
        expect![[r#"
        Until when should "ask about the surgery" with Zoë Müller wait? Type a day — "monday", "in 10 days", "on 14 Dec".
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "someday",
        expect![[r#"
        I can't read "someday" as a day. Type a day after today — "monday", "in 10 days", "on 14 Dec" — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "yesterday",
        expect![[r#"
        "yesterday" is Wed 25 Nov 2026, not after today. Type a day after today — "monday", "in 10 days", "on 14 Dec" — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "3/5",
        expect![[r#"
        "3/5" could be 3 May 2027 or 5 March 2027: write the month as a word. Type a day after today — "monday", "in 10 days", "on 14 Dec" — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "on 14 Dec",
        expect![[r#"
        Snoozed "ask about the surgery" with Zoë Müller until Mon 14 Dec 2026.
        [Zoë Müller] p:4
        [Reminders ▸] rl:0
        [↩ Undo] un:3"#]],
    );
    check(
        &mut chat,
        "/reminders",
        expect![[r#"
            Follow-ups: 1 open
            1. Zoë Müller — ask about the surgery · 2026-12-14 (in 2 weeks) · snoozed (due 2026-11-20)
            [1. Done] rd:1:20261120
            [Snooze] rz:1
            [Zoë Müller] p:4"#]],
    );
}

#[test]
fn a_card_lists_follow_ups_and_remind_sets_one() {
    let mut chat = Chat::open();
    for n in 0..6 {
        follow_up(
            &mut chat,
            ZOE,
            &format!("2026-12-{:02}", n + 1),
            &format!("thing {n}"),
            None,
        );
    }
    check(
        &mut chat,
        "/person Zoë",
        expect![[r#"
        Zoë Müller
        Tier: 1 Any time (every 14 days)
        Tags: Friend
        Email: zoe@gmail.com (primary, personal)
        Last seen: 2026-05-01 (6 months ago) · last F2F: 2026-05-01 (6 months ago) · 1 interaction
        Latest:
          1. 2026-12-01 · 1:1-vc — Meeting g4 (upcoming)
          2. 2026-05-01 · coffee: Talked about moving to Lisbon
        Follow-ups:
          2026-12-01 (in 5 days) — thing 0
          2026-12-02 (in 6 days) — thing 1
          2026-12-03 (in 7 days) — thing 2
          2026-12-04 (in 8 days) — thing 3
          2026-12-05 (in 9 days) — thing 4
          and 1 more — /reminders
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
    check(
        &mut chat,
        "press rm:2",
        expect![[r#"
        When should kith remind you of Alice Smith?
        [1 week] ri:2:1w
        [2 weeks] ri:2:2w
        [1 month] ri:2:1m
        [3 months] ri:2:3m
        [A date…] ri:2:p
        [Cancel] cancel"#]],
    );
    let set = check(
        &mut chat,
        "press ri:2:2w",
        expect![[r#"
        Follow-up with Alice Smith on Thu 10 Dec 2026
        [Alice Smith] p:2
        [Reminders ▸] rl:0
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&set, "Undo")),
        expect!["Undone: Follow-up with Alice Smith on Thu 10 Dec 2026"],
    );
    check(
        &mut chat,
        "press ri:2:p",
        expect![[r#"
        When should kith remind you of Alice Smith? Type a day — "friday", "in 2 weeks", "on 14 Dec 15:00", "every 3 months" — and, if you like, ": what to do".
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "whenever: lunch",
        expect![[r#"
        I can't read "whenever" as a day. Type when — "in 2 weeks", "on 14 Dec: ask about the move" — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "yesterday: lunch",
        expect![[r#"
        Wed 25 Nov 2026 is already past (today is Thu 26 Nov 2026). Type when — "in 2 weeks", "on 14 Dec: ask about the move" — or press Cancel.
        [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "friday 12:30: lunch",
        expect![[r#"
        Follow-up with Alice Smith on Fri 27 Nov 2026 at 12:30: lunch
        [Alice Smith] p:2
        [Reminders ▸] rl:0
        [↩ Undo] un:3"#]],
    );
    check(
        &mut chat,
        "/person Alice",
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
            Follow-ups:
              2026-11-27 (tomorrow) at 12:30 — lunch
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
    check(
        &mut chat,
        "press rm:999",
        expect!["(notice) This button has expired."],
    );
}

#[test]
fn a_log_asks_whether_open_follow_ups_are_done() {
    let mut chat = Chat::open();
    let surgery = follow_up(&mut chat, ZOE, "2026-11-20", "ask about the surgery", None);
    follow_up(&mut chat, ZOE, "2026-12-14", "bring the book", None);
    let logged = check(
        &mut chat,
        "/log coffee with Zoë",
        expect![[r#"
            Logged coffee with Zoë Müller on 2026-11-26 (today).

            1. Done: "ask about the surgery" (Zoë Müller)?
            2. Done: "bring the book" (Zoë Müller)?
            [Zoë Müller] p:4
            [Open ▸] ic:6
            [1. Done] rd:1:20261120
            [1. Keep] rk:1:20261120
            [2. Done] rd:2:20261214
            [2. Keep] rk:2:20261214
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&logged, "1. Done")),
        expect![[r#"
            Done: "ask about the surgery" with Zoë Müller.
            [Zoë Müller] p:4
            [↩ Undo] un:2"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&logged, "2. Keep")),
        expect![[r#"
            Kept: "bring the book" with Zoë Müller stays open, for Mon 14 Dec 2026.
            [Snooze] rz:2
            [Zoë Müller] p:4"#]],
    );
    check(
        &mut chat,
        &format!("press rd:{surgery}:20261120"),
        expect![[
            r#"(notice) Already done: "ask about the surgery" with Zoë Müller. Nothing changed."#
        ]],
    );
    // A log by a card's Log button asks the same.
    chat.press(&format!("l:{ZOE}"));
    check(
        &mut chat,
        "call today",
        expect![[r#"
            Logged phone with Zoë Müller on 2026-11-26 (today).

            Done: "bring the book" (Zoë Müller)?
            [Zoë Müller] p:4
            [Open ▸] ic:7
            [Done] rd:2:20261214
            [Keep] rk:2:20261214
            [↩ Undo] un:3"#]],
    );
    // No one with an open follow-up: nothing asked.
    check(
        &mut chat,
        "/log call with Alice",
        expect![[r#"
        Logged phone with Alice Smith on 2026-11-26 (today).
        [Alice Smith] p:2
        [Open ▸] ic:8
        [↩ Undo] un:4"#]],
    );
}
