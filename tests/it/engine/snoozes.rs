//! **Not now** and **See less often** on someone overdue: a snooze hides them from
//! /stale and the digest until the day and no longer, /stale counts and lists who is
//! snoozed, a cadence doubles; each is undone by **Undo**. And the digest's look ahead:
//! a follow-up becoming due, the dates of the next days, the reach-out buttons.

use chrono::{Duration, NaiveTime};
use expect_test::expect;
use kith::domain::contact::Birthday;
use kith::domain::model::PersonId;
use kith::store::NewFollowUp;

use super::*;

/// The chat `days` later, its store's clock too.
fn later(chat: &mut Chat, days: i64) {
    chat.now += Duration::days(days);
    chat.store.set_clock(Clock::Fixed(chat.now));
}

/// The hand-made network's ids (`Chat::populate`).
const ALICE: PersonId = PersonId(2);
const ZOE: PersonId = PersonId(4);

#[test]
fn not_now_hides_someone_from_stale_until_the_day_and_back_on_it() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/stale",
        expect![[r#"
            Overdue, most overdue first
            1. Alice Smith — tier 2, last seen 2026-10-20 (1 month ago)
            2. Bob Jones — tier 3, never seen
            3. Bob Marley — tier 5, never seen
            [1. Alice Smith] p:2
            [Not now] nn:2
            [Less often] ls:2:30
            [2. Bob Jones] p:1
            [Not now] nn:1
            [Less often] ls:1:60
            [3. Bob Marley] p:3
            [Not now] nn:3
            [Less often] ls:3:180"#]],
    );
    check(
        &mut chat,
        "press nn:2",
        expect![[r#"
            Not now: leave Alice Smith out of /stale and the digest for how long?
            [1 week] pz:2:1w
            [1 month] pz:2:1m
            [3 months] pz:2:3m
            [A date…] pz:2:p
            [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "press pz:2:1w",
        expect![[r#"
            Not now: Alice Smith is left out of /stale and the digest until Thursday 3 December 2026 (in 7 days).
            [Unsnooze] uz:2
            [Card] p:2
            [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "/stale",
        expect![[r#"
            Overdue, most overdue first
            1. Bob Jones — tier 3, never seen
            2. Bob Marley — tier 5, never seen
            1 snoozed
            [1. Bob Jones] p:1
            [Not now] nn:1
            [Less often] ls:1:60
            [2. Bob Marley] p:3
            [Not now] nn:3
            [Less often] ls:3:180
            [Snoozed ▸] sz:0"#]],
    );
    let card = chat.send("Alice Smith").render_plain();
    assert!(
        card.contains("Not now: left out of /stale and the digest until 2026-12-03 (in 7 days)"),
        "{card}"
    );
    // Every filter leaves her out: tag, tier, organization.
    for filter in ["investor", "Close", "acme labs"] {
        let reply = chat.send(&format!("/stale {filter}")).render_plain();
        assert!(!reply.contains("Alice"), "{filter}: {reply}");
        assert!(reply.contains("1 snoozed"), "{filter}: {reply}");
    }
    check(
        &mut chat,
        "/stale investor",
        expect![[r#"
            No one tagged Investor is overdue. Nice. (1 snoozed.)
            [Snoozed ▸] sz:0"#]],
    );
    // The count is of those the filter lists: Bob Marley is no investor.
    chat.press("pz:3:1w");
    assert!(chat.send("/stale").render_plain().contains("2 snoozed"));
    assert!(
        chat.send("/stale investor")
            .render_plain()
            .contains("(1 snoozed.)")
    );
    chat.press("uz:3");
    // The day before, still left out; on the day, back.
    later(&mut chat, 6);
    assert!(!chat.send("/stale").render_plain().contains("Alice"));
    later(&mut chat, 1);
    check(
        &mut chat,
        "/stale",
        expect![[r#"
            Overdue, most overdue first
            1. Alice Smith — tier 2, last seen 2026-10-20 (1 month ago)
            2. Bob Jones — tier 3, never seen
            3. Bob Marley — tier 5, never seen
            [1. Alice Smith] p:2
            [Not now] nn:2
            [Less often] ls:2:30
            [2. Bob Jones] p:1
            [Not now] nn:1
            [Less often] ls:1:60
            [3. Bob Marley] p:3
            [Not now] nn:3
            [Less often] ls:3:180"#]],
    );
}

#[test]
fn a_snooze_is_undone_listed_and_unsnoozed() {
    let mut chat = Chat::open();
    let snoozed = chat.press("pz:2:1m");
    let undo = Chat::button(&snoozed, "Undo");
    chat.press(&undo);
    assert!(chat.send("/stale").render_plain().contains("Alice"));
    check(
        &mut chat,
        "/history Alice",
        expect![[r#"
            History of Alice Smith
            1. 2026-11-26 09:00 · you · Not now: Alice Smith is left out of /stale and the digest until Saturday 26 December 2026 (in 1 month). (undone)
            [Alice Smith ▸] p:2"#]],
    );
    chat.press("pz:2:3m");
    chat.press("pz:3:1w");
    check(
        &mut chat,
        "press sz:0",
        expect![[r#"
            Snoozed: left out of /stale and the digest
            1. Bob Marley — until 2026-12-03 (in 7 days)
            2. Alice Smith — until 2027-02-26 (in 3 months)
            [1. Bob Marley] p:3
            [Unsnooze] uz:3
            [2. Alice Smith] p:2
            [Unsnooze] uz:2"#]],
    );
    let back = check(
        &mut chat,
        "press uz:2",
        expect![[r#"
            Alice Smith is back in /stale and the digest.
            [↩ Undo] un:5"#]],
    );
    assert!(chat.send("/stale").render_plain().contains("Alice"));
    chat.press(&Chat::button(&back, "Undo"));
    assert!(!chat.send("/stale").render_plain().contains("Alice"));
    // Someone not snoozed, and forged buttons.
    check(
        &mut chat,
        "press uz:1",
        expect!["Bob Jones is not snoozed."],
    );
    check(
        &mut chat,
        "press uz:999",
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        "press nn:999",
        expect!["(notice) This button has expired."],
    );
}

#[test]
fn not_now_until_a_typed_day() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "press pz:2:p",
        expect![[r#"
            Until which day should Alice Smith be left out? ("in 5 weeks", "tomorrow", "2027-01-15")
            [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "whenever",
        expect![[r#"
            "whenever" is not a day I can read: try "in 5 weeks", "tomorrow" or "2027-01-15".
            [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "yesterday",
        expect![[r#"
            2026-11-25 (yesterday) is not ahead: type a day after today ("in 5 weeks", "2027-01-15").
            [Cancel] cancel"#]],
    );
    check(
        &mut chat,
        "in 5 weeks",
        expect![[r#"
            Not now: Alice Smith is left out of /stale and the digest until Thursday 31 December 2026 (in 1 month).
            [Unsnooze] uz:2
            [Card] p:2
            [↩ Undo] un:1"#]],
    );
    assert!(!chat.send("/stale").render_plain().contains("Alice"));
}

#[test]
fn see_less_often_doubles_the_cadence_and_the_card_says_so() {
    let mut chat = Chat::open();
    let doubled = check(
        &mut chat,
        "press ls:2:30",
        expect![[r#"
            See less often: Alice Smith every 60 days — twice Close's 30.
            [Card] p:2
            [↩ Undo] un:1"#]],
    );
    let card = chat.send("Alice Smith").render_plain();
    assert!(
        card.contains("Tier: 2 Close · own cadence: every 60 days — twice Close's 30"),
        "{card}"
    );
    // 60 days since 2026-10-20 is not yet: she is no longer overdue.
    assert!(!chat.send("/stale").render_plain().contains("Alice"));
    check(
        &mut chat,
        "press ls:2:60",
        expect![[r#"
            See less often: Alice Smith every 120 days — twice the 60 before.
            [Card] p:2
            [↩ Undo] un:2"#]],
    );
    chat.send("/undo");
    chat.press(&Chat::button(&doubled, "Undo"));
    let card = chat.send("Alice Smith").render_plain();
    assert!(card.contains("Tier: 2 Close (every 30 days)"), "{card}");
    assert!(chat.send("/stale").render_plain().contains("Alice"));
    // No cadence to slow down: no tier, or off.
    let pat = chat
        .store
        .create_person(&NewPerson::named("Pat Example"))
        .unwrap();
    assert_eq!(
        chat.press(&format!("ls:{}:30", pat.0)).render_plain(),
        format!(
            "Pat Example has no cadence to slow down: /cadence #{} 3m sets one.",
            pat.0
        )
    );
    chat.send("/cadence Alice off");
    check(
        &mut chat,
        "press ls:2:30",
        expect!["Alice Smith has no cadence to slow down: /cadence #2 3m sets one."],
    );
}

#[test]
fn less_often_pressed_twice_from_one_stale_message_doubled_twice() {
    let mut chat = Chat::open();
    let stale = chat.send("/stale");
    let less = stale
        .buttons
        .iter()
        .flatten()
        .map(|b| b.data())
        .find(|data| data.starts_with("ls:2:"))
        .expect("Alice's Less often");
    check(
        &mut chat,
        &format!("press {less}"),
        expect![[r#"
        See less often: Alice Smith every 60 days — twice Close's 30.
        [Card] p:2
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        &format!("press {less}"),
        expect![[r#"
        Alice Smith is every 60 days now, not 30: nothing changed.
        [Card] p:2"#]],
    );
    let card = chat.send("Alice Smith").render_plain();
    assert!(
        card.contains("own cadence: every 60 days — twice Close's 30"),
        "{card}"
    );
    // A tier-3 person's card says it too (it said nothing after a double press: 240).
    chat.press("ls:1:60");
    chat.press("ls:1:60");
    let card = chat.send("/person Bob Jones").render_plain();
    assert!(
        card.contains("own cadence: every 120 days — twice Friendly's 60"),
        "{card}"
    );
    // The suggestion in the answer does what it says.
    chat.send("/cadence Alice off");
    let answer = chat.press("ls:2:30").render_plain();
    let suggested = answer
        .split(": ")
        .nth(1)
        .unwrap()
        .trim_end_matches(" sets one.");
    let set = chat.send(suggested).render_plain();
    let card = chat.send("Alice Smith").render_plain();
    assert!(
        card.contains("own cadence: every 90 days"),
        "{answer}\n{set}\n{card}"
    );
}

#[test]
fn not_now_pressed_twice_snoozes_once() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "press pz:2:1w",
        expect![[r#"
        Not now: Alice Smith is left out of /stale and the digest until Thursday 3 December 2026 (in 7 days).
        [Unsnooze] uz:2
        [Card] p:2
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        "press pz:2:1w",
        expect![[r#"
            Alice Smith is already left out of /stale and the digest until Thursday 3 December 2026 (in 7 days): nothing changed.
            [Unsnooze] uz:2
            [Card] p:2"#]],
    );
    let history = chat.send("/history Alice").render_plain();
    assert_eq!(history.matches("Not now").count(), 1, "{history}");
}

#[test]
fn a_follow_up_becomes_due_in_the_digest_and_a_date_shows_ahead() {
    let mut chat = Chat::open();
    let (zoe, alice) = (ZOE, ALICE);
    chat.store
        .add_follow_up(&NewFollowUp {
            person: zoe,
            due_on: day("2026-11-27"),
            due_at: Some(NaiveTime::from_hms_opt(15, 0, 0).unwrap()),
            text: "ask how the surgery went".into(),
            repeat: None,
        })
        .unwrap();
    chat.store
        .add_follow_up(&NewFollowUp {
            person: alice,
            due_on: day("2026-11-20"),
            due_at: None,
            text: String::new(),
            repeat: None,
        })
        .unwrap();
    chat.store
        .add_important_date(
            zoe,
            "wedding anniversary",
            Birthday::parse("2016-11-29").unwrap(),
            true,
        )
        .unwrap();
    chat.store
        .set_birthday(alice, Some(Birthday::parse("1990-12-03").unwrap()))
        .unwrap();
    chat.store
        .add_important_date(
            alice,
            "moving to Lisbon",
            Birthday::parse("2027-03-03").unwrap(),
            false,
        )
        .unwrap();
    check(
        &mut chat,
        "/digest",
        expect![[r#"
            Digest for 2026-11-26 (Thursday)
            Overdue:
              1. Alice Smith — follow up (due 2026-11-20, 6 days ago)
            [1. Alice Smith] p:2
            [Done] rd:2:20261120
            [Snooze] rz:2

            2 new addresses at your meetings since the last digest. Who are they?

            jane.d@acme.io (Jane D.) — 2 meetings, last 2026-11-02
            [Link to…] lk:3
            [Create Jane D. at Acme Labs] c:3
            [Ignore] x:3
            [Ignore @acme.io] xd:3

            bob.marley@reggae.org — 1 meeting, last 2026-10-20
            [Link to Bob Marley · #3] lt:4:3
            [Link to…] lk:4
            [Create Bob Marley] c:4
            [Ignore] x:4
            [Ignore @reggae.org] xd:4

            Dates ahead:
              📅 Zoë Müller — wedding anniversary (10 years), Sunday 29 November
              🎂 Alice Smith — birthday Thursday 3 December, turns 36

            Reach out to:
              1. Alice Smith — tier 2, last seen 2026-10-20 (1 month ago)
              2. Bob Jones — tier 3, never seen
              3. Bob Marley — tier 5, never seen
            [Remind: Zoë Müller ▸] rm:4
            [Remind: Alice Smith ▸] rm:2
            [Log Alice Smith] l:2
            [Not now] nn:2
            [Less often] ls:2:30
            [Log Bob Jones] l:1
            [Not now] nn:1
            [Less often] ls:1:60
            [Log Bob Marley] l:3
            [Not now] nn:3
            [Less often] ls:3:180"#]],
    );
    // The next day Zoë's is due; Alice, snoozed, is left out of the reach-out lines.
    chat.press("pz:2:1w");
    later(&mut chat, 1);
    check(
        &mut chat,
        "/digest",
        expect![[r#"
            Digest for 2026-11-27 (Friday)
            Overdue:
              1. Alice Smith — follow up (due 2026-11-20, 7 days ago)
            Due today:
              2. Zoë Müller — ask how the surgery went at 15:00
            [1. Alice Smith] p:2
            [Done] rd:2:20261120
            [Snooze] rz:2
            [2. Zoë Müller] p:4
            [Done] rd:1:20261127
            [Snooze] rz:1

            2 new addresses at your meetings since the last digest. Who are they?

            jane.d@acme.io (Jane D.) — 2 meetings, last 2026-11-02
            [Link to…] lk:3
            [Create Jane D. at Acme Labs] c:3
            [Ignore] x:3
            [Ignore @acme.io] xd:3

            bob.marley@reggae.org — 1 meeting, last 2026-10-20
            [Link to Bob Marley · #3] lt:4:3
            [Link to…] lk:4
            [Create Bob Marley] c:4
            [Ignore] x:4
            [Ignore @reggae.org] xd:4

            Dates ahead:
              📅 Zoë Müller — wedding anniversary (10 years), Sunday 29 November
              🎂 Alice Smith — birthday Thursday 3 December, turns 36

            Reach out to:
              1. Bob Jones — tier 3, never seen
              2. Bob Marley — tier 5, never seen
            [Remind: Zoë Müller ▸] rm:4
            [Remind: Alice Smith ▸] rm:2
            [Log Bob Jones] l:1
            [Not now] nn:1
            [Less often] ls:1:60
            [Log Bob Marley] l:3
            [Not now] nn:3
            [Less often] ls:3:180"#]],
    );
}

#[test]
fn dates_ahead_follow_the_setting_and_a_due_follow_up_alone_is_a_digest() {
    let mut chat = Chat::open();
    let zoe = ZOE;
    chat.store
        .add_important_date(
            zoe,
            "moving to Lisbon",
            Birthday::parse("2026-12-10").unwrap(),
            false,
        )
        .unwrap();
    assert!(!chat.send("/digest").render_plain().contains("Lisbon"));
    chat.settings.dates_ahead_days = 14;
    let digest = chat.send("/digest").render_plain();
    assert!(
        digest.contains("📅 Zoë Müller — moving to Lisbon, Thursday 10 December"),
        "{digest}"
    );

    // A network with nothing in it but a due follow-up.
    let mut quiet = Store::open_in_memory().unwrap();
    quiet.set_clock(Clock::Fixed(chat.now));
    let pat = quiet.create_person(&NewPerson::named("Pat")).unwrap();
    quiet
        .add_follow_up(&NewFollowUp {
            person: pat,
            due_on: day("2026-11-26"),
            due_at: None,
            text: "send the intro".into(),
            repeat: None,
        })
        .unwrap();
    let preferences = kith::engine::Preferences::from(&chat.settings);
    let reply = Engine::new(&mut quiet, &preferences)
        .digest(1, chat.now)
        .unwrap()
        .unwrap();
    expect![[r#"
        Digest for 2026-11-26 (Thursday)
        Due today:
          1. Pat — send the intro
        [1. Pat] p:1
        [Done] rd:1:20261126
        [Snooze] rz:1"#]]
    .assert_eq(&reply.render_plain());
}

#[test]
fn the_dates_ahead_are_capped_with_how_many_more() {
    use kith::engine::digest::{DigestData, compose};
    use kith::engine::digest_ahead::{DIGEST_DATES, DateAhead};
    let today = day("2026-11-26");
    let dates = (0..DIGEST_DATES as i64 + 2)
        .map(|n| {
            DateAhead::birthday(
                PersonId(n + 1),
                format!("Person {n}"),
                Birthday::parse("28 November").unwrap(),
                day("2026-11-28"),
            )
        })
        .collect();
    let data = DigestData {
        day: today,
        due: vec![],
        more_due: 0,
        unknown: vec![],
        more_unknown: 0,
        partners: vec![],
        more_partners: 0,
        duplicates: vec![],
        yesterday: vec![],
        overdue: vec![],
        chats: vec![],
        dates,
        when_empty: kith::config::settings::DigestWhenEmpty::Line,
        address_book: Default::default(),
    };
    let reply = compose(&data).unwrap();
    assert!(reply.body.ends_with("  and 2 more"), "{}", reply.body);
    assert_eq!(reply.buttons.len(), DIGEST_DATES);
}

#[test]
fn digest_listed_due_today_before_overdue() {
    let mut chat = Chat::open();
    for (person, due_on, text) in [
        (ZOE, "2026-11-26", "due today"),
        (ALICE, "2026-11-20", "overdue"),
    ] {
        chat.store
            .add_follow_up(&NewFollowUp {
                person,
                due_on: day(due_on),
                due_at: None,
                text: text.into(),
                repeat: None,
            })
            .unwrap();
    }
    let digest = chat.send("/digest").render_plain();
    let overdue = digest
        .find("Overdue:\n  1. Alice Smith — overdue")
        .expect(&digest);
    let today = digest
        .find("Due today:\n  2. Zoë Müller — due today")
        .expect(&digest);
    assert!(overdue < today, "{digest}");
    let reminders = chat.send("/reminders").render_plain();
    assert!(
        reminders.find("overdue").unwrap() < reminders.find("due today").unwrap(),
        "{reminders}"
    );
}
