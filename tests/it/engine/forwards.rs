//! Messages forwarded to the bot: one proposal per sender, found by Telegram id, offered by
//! the name shown, created, or named by the owner; every button, twice, stale and forged;
//! "Already logged" with **Log anyway**; the text as a note only when asked; Undo of each.

use expect_test::expect;

use super::*;
use kith::domain::telegram::{Forward, ForwardOrigin, TelegramUser};
use kith::store::TelegramIdentity;

/// Ana Souza's Telegram account, which kith knows.
const ANA_ID: i64 = 777;

/// The hand-made network plus Ana Souza (#5) with her Telegram account.
fn with_ana() -> Chat {
    let mut chat = Chat::open();
    let ana = chat.person("Ana Souza", Some(2));
    chat.store
        .set_telegram_identity(
            ana,
            &TelegramIdentity {
                id: Some(ANA_ID),
                username: Some("ana_souza".into()),
            },
        )
        .unwrap();
    chat
}

fn user(id: i64, first: &str, last: Option<&str>, username: Option<&str>) -> ForwardOrigin {
    ForwardOrigin::User(TelegramUser {
        id,
        first_name: first.into(),
        last_name: last.map(str::to_owned),
        username: username.map(str::to_owned),
    })
}

/// A message forwarded now, sent `sent` (UTC, "2026-11-25 18:00").
fn forward(origin: ForwardOrigin, sent: &str, text: Option<&str>) -> Forward {
    let sent = chrono::NaiveDateTime::parse_from_str(sent, "%Y-%m-%d %H:%M")
        .unwrap()
        .and_utc();
    Forward {
        origin,
        sent,
        forwarded: Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
        text: text.map(str::to_owned),
    }
}

fn ana(sent: &str, text: Option<&str>) -> Forward {
    forward(
        user(ANA_ID, "Ana", Some("Souza"), Some("ana_souza")),
        sent,
        text,
    )
}

fn forwarded(chat: &mut Chat, forwards: Vec<Forward>) -> Reply {
    Engine::new(
        &mut chat.store,
        &kith::engine::Preferences::from(&chat.settings),
    )
    .handle(1, Input::Forwards(forwards), chat.now)
}

/// Forwards `forwards` and compares the reply as `check` does.
fn check_forwards(chat: &mut Chat, forwards: Vec<Forward>, expect: expect_test::Expect) -> Reply {
    let reply = forwarded(chat, forwards);
    expect.assert_eq(&reply.render_plain());
    reply
}

/// The network's content, leaving out the proposals kept open and the record of changes
/// (an Undo adds to it).
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

/// Each message interaction of `person`: (day, notes).
fn messages_of(chat: &Chat, person: i64) -> Vec<(String, String)> {
    chat.store
        .interactions_of(kith::domain::model::PersonId(person), 50, 0)
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == InteractionType::Message)
        .map(|i| (i.occurred_on.to_string(), i.notes))
        .collect()
}

#[test]
fn a_forward_from_someone_kith_knows_is_proposed_logged_and_undone() {
    let mut chat = with_ana();
    let before = unchanged(&chat);
    let proposal = check_forwards(
        &mut chat,
        vec![ana("2026-11-25 18:00", Some("See you in Lisbon!"))],
        expect![[r#"
            Log a message with Ana Souza on 25 Nov?
            “See you in Lisbon!”
            [Log] fwl:1:0
            [Log with the text as a note] fwl:1:1
            [Someone else…] fwo:1
            [Cancel] fwx:1"#]],
    );
    assert_eq!(
        unchanged(&chat),
        before,
        "nothing is written before a press"
    );
    let logged = check(
        &mut chat,
        &format!("press {}", Chat::button(&proposal, "Log")),
        expect![[r#"
            Logged a message with Ana Souza on 2026-11-25 (yesterday).
            [Ana Souza] p:5
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
    assert_eq!(
        messages_of(&chat, 5),
        [("2026-11-25".into(), String::new())]
    );
    let history = chat.send("/history Ana Souza").plain_text();
    assert!(
        history.contains("Logged a message with Ana Souza on 2026-11-25"),
        "{history}"
    );
    // Twice, or the other button of the same proposal: expired, logged once.
    check(
        &mut chat,
        "press fwl:1:0",
        expect!["(notice) This button has expired."],
    );
    check(
        &mut chat,
        "press fwl:1:1",
        expect!["(notice) This button has expired."],
    );
    assert_eq!(messages_of(&chat, 5).len(), 1);
    check(
        &mut chat,
        &format!("press {}", Chat::button(&logged, "Undo")),
        expect!["Undone: Logged a message with Ana Souza on 2026-11-25 (yesterday)."],
    );
    assert!(messages_of(&chat, 5).is_empty());
    assert_eq!(unchanged(&chat), before);
}

#[test]
fn the_text_is_kept_only_with_the_second_button_each_on_its_own_line_and_capped() {
    let mut chat = with_ana();
    let long = "x".repeat(4_000);
    let proposal = check_forwards(
        &mut chat,
        vec![
            ana("2026-11-25 18:00", Some("Hi\u{0007} there")),
            ana("2026-11-25 18:01", Some("Lisbon\tin May?")),
            ana("2026-11-25 18:02", None),
            ana("2026-11-25 18:03", Some(&long)),
        ],
        expect![[r#"
            Log 4 messages with Ana Souza on 25 Nov?
            “Hi there” (and 2 more)
            [Log] fwl:1:0
            [Log with the text as a note] fwl:1:1
            [Someone else…] fwo:1
            [Cancel] fwx:1"#]],
    );
    let logged = chat.press(&Chat::button(&proposal, "as a note"));
    assert!(logged.body.starts_with("Logged a message with Ana Souza"));
    let notes = &messages_of(&chat, 5)[0].1;
    assert!(
        notes.starts_with("Hi there\nLisbon\tin May?\nxxx"),
        "{notes:?}"
    );
    assert_eq!(notes.chars().count(), 4_000);
    assert!(notes.ends_with('…'));
}

#[test]
fn messages_of_several_days_are_one_interaction_a_day() {
    let mut chat = with_ana();
    let proposal = check_forwards(
        &mut chat,
        vec![
            ana("2026-11-24 10:00", Some("Monday")),
            ana("2026-11-25 10:00", Some("Tuesday")),
            ana("2026-11-25 11:00", Some("Tuesday again")),
        ],
        expect![[r#"
            Log 3 messages with Ana Souza on 24 Nov and 25 Nov (one interaction per day)?
            “Monday” (and 2 more)
            [Log] fwl:1:0
            [Log with the text as a note] fwl:1:1
            [Someone else…] fwo:1
            [Cancel] fwx:1"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&proposal, "as a note")),
        expect![[r#"
            Logged messages with Ana Souza on 2 days: 2026-11-24 (2 days ago), 2026-11-25 (yesterday).
            [Ana Souza] p:5
            [24 Nov ▸] ic:6
            [25 Nov ▸] ic:7
            [↩ Undo] un:1"#]],
    );
    assert_eq!(
        messages_of(&chat, 5),
        [
            ("2026-11-25".into(), "Tuesday\nTuesday again".into()),
            ("2026-11-24".into(), "Monday".into()),
        ]
    );
}

#[test]
fn the_day_is_the_owners_not_utcs() {
    let mut chat = with_ana();
    chat.settings.timezone = "America/Los_Angeles".parse().unwrap();
    // 03:00 UTC on the 25th is the evening of the 24th in Los Angeles.
    let reply = forwarded(&mut chat, vec![ana("2026-11-25 03:00", None)]);
    assert!(
        reply
            .body
            .starts_with("Log a message with Ana Souza on 24 Nov?")
    );
    // A forward without text has nothing to keep as a note.
    assert!(!reply.render_plain().contains("as a note"));
}

#[test]
fn a_day_already_logged_asks_before_logging_again() {
    let mut chat = with_ana();
    let first = forwarded(&mut chat, vec![ana("2026-11-25 18:00", Some("One"))]);
    chat.press(&Chat::button(&first, "Log"));
    let again = forwarded(&mut chat, vec![ana("2026-11-25 19:00", Some("Two"))]);
    let asked = check(
        &mut chat,
        &format!("press {}", Chat::button(&again, "as a note")),
        expect![[r#"
            Already logged a message with Ana Souza on 25 Nov. Log anyway?
            [Open it] ic:6
            [Log anyway] fwl:3:1
            [Cancel] fwx:3"#]],
    );
    assert_eq!(messages_of(&chat, 5).len(), 1);
    check(
        &mut chat,
        &format!("press {}", Chat::button(&asked, "Log anyway")),
        expect![[r#"
            Logged a message with Ana Souza on 2026-11-25 (yesterday).
            [Ana Souza] p:5
            [Open ▸] ic:7
            [↩ Undo] un:2"#]],
    );
    assert_eq!(
        messages_of(&chat, 5),
        [
            ("2026-11-25".into(), "Two".into()),
            ("2026-11-25".into(), String::new())
        ]
    );
}

#[test]
fn a_stranger_named_like_one_person_is_offered_never_taken() {
    let mut chat = Chat::open();
    let before = unchanged(&chat);
    let asked = check_forwards(
        &mut chat,
        vec![forward(
            user(901, "Alice", Some("Smith"), Some("alice_s")),
            "2026-11-25 18:00",
            Some("Hello"),
        )],
        expect![[r#"
            Forwarded from Alice Smith (@alice_s), whose Telegram account kith doesn't know yet (a message on 25 Nov). Who is it?
            [It's Alice Smith · Acme Labs] fwp:1:2
            [Create Alice Smith] fwc:1
            [Someone else…] fwo:1
            [Cancel] fwx:1"#]],
    );
    let proposal = check(
        &mut chat,
        &format!("press {}", Chat::button(&asked, "It's Alice")),
        expect![[r#"
            Their Telegram account is on Alice Smith's card now.

            Log a message with Alice Smith on 25 Nov?
            “Hello”
            [Log] fwl:2:0
            [Log with the text as a note] fwl:2:1
            [Someone else…] fwo:2
            [Cancel] fwx:2
            [↩ Undo] un:1"#]],
    );
    let alice = kith::domain::model::PersonId(2);
    assert_eq!(
        chat.store.telegram_identity(alice).unwrap(),
        TelegramIdentity {
            id: Some(901),
            username: Some("alice_s".into())
        },
        "saying who the sender is keeps their account, logged or not"
    );
    check(
        &mut chat,
        "press fwp:1:2",
        expect!["(notice) This button has expired."],
    );
    let logged = check(
        &mut chat,
        &format!("press {}", Chat::button(&proposal, "Log")),
        expect![[r#"
            Logged a message with Alice Smith on 2026-11-25 (yesterday).
            [Alice Smith] p:2
            [Open ▸] ic:6
            [↩ Undo] un:2"#]],
    );
    // The next forward from her is hers at once.
    let next = forwarded(
        &mut chat,
        vec![forward(
            user(901, "Alice", Some("Smith"), Some("alice_s")),
            "2026-11-26 08:00",
            None,
        )],
    );
    assert!(
        next.body
            .starts_with("Log a message with Alice Smith on 26 Nov?")
    );
    // Undo takes back the log, then the account.
    chat.press(&Chat::button(&logged, "Undo"));
    assert!(messages_of(&chat, 2).is_empty());
    assert!(!chat.store.telegram_identity(alice).unwrap().is_empty());
    chat.press(&Chat::button(&proposal, "Undo"));
    assert!(chat.store.telegram_identity(alice).unwrap().is_empty());
    assert_eq!(unchanged(&chat), before);
}

#[test]
fn a_stranger_named_like_two_people_is_asked_about() {
    let mut chat = Chat::open();
    check_forwards(
        &mut chat,
        vec![forward(
            user(902, "Bob", None, None),
            "2026-11-25 18:00",
            None,
        )],
        expect![[r#"
            Forwarded from Bob, whose Telegram account kith doesn't know yet (a message on 25 Nov). Who is it?
            [It's Bob Jones · #1] fwp:1:1
            [It's Bob Marley · #3] fwp:1:3
            [Create Bob] fwc:1
            [Someone else…] fwo:1
            [Cancel] fwx:1"#]],
    );
    // A person not offered cannot be forged in.
    check(
        &mut chat,
        "press fwp:1:2",
        expect!["(notice) This button has expired."],
    );
}

#[test]
fn a_stranger_no_one_is_named_like_is_created_with_their_account() {
    let mut chat = Chat::open();
    let before = unchanged(&chat);
    let exported = chat.store.export_json().unwrap();
    let asked = check_forwards(
        &mut chat,
        vec![forward(
            user(903, "Carla", Some("Nunes"), Some("carla_n")),
            "2026-11-25 18:00",
            Some("Hi"),
        )],
        expect![[r#"
            Forwarded from Carla Nunes (@carla_n), whose Telegram account kith doesn't know yet (a message on 25 Nov). Who is it? No one in kith has that name.
            [Create Carla Nunes] fwc:1
            [Someone else…] fwo:1
            [Cancel] fwx:1"#]],
    );
    let proposal = check(
        &mut chat,
        &format!("press {}", Chat::button(&asked, "Create")),
        expect![[r#"
            Add Carla Nunes (Telegram @carla_n) and log a message with them on 25 Nov?
            “Hi”
            [Log] fwl:2:0
            [Log with the text as a note] fwl:2:1
            [Someone else…] fwo:2
            [Cancel] fwx:2"#]],
    );
    assert_eq!(unchanged(&chat), before, "nothing is created before Log");
    let logged = check(
        &mut chat,
        &format!("press {}", Chat::button(&proposal, "Log")),
        expect![[r#"
            Added Carla Nunes and logged a message with them on 2026-11-25 (yesterday).
            [Carla Nunes] p:5
            [Open ▸] ic:6
            [↩ Undo] un:1"#]],
    );
    let carla = chat.store.person_by_telegram_id(903).unwrap().unwrap();
    assert_eq!(chat.store.person(carla).unwrap().name(), "Carla Nunes");
    chat.press(&Chat::button(&logged, "Undo"));
    assert_eq!(chat.store.person_by_telegram_id(903).unwrap(), None);
    // (An undone creation leaves the derived rows as /new's Undo does: the export is
    // the same.)
    assert_eq!(chat.store.export_json().unwrap(), exported);
}

#[test]
fn a_hidden_user_is_found_by_name_asked_about_or_created_without_an_account() {
    let mut chat = Chat::open();
    let hidden = |name: &str| {
        forward(
            ForwardOrigin::HiddenUser(name.into()),
            "2026-11-25 18:00",
            None,
        )
    };
    check_forwards(
        &mut chat,
        vec![hidden("Zoë Müller")],
        expect![[r#"
            Log a message with Zoë Müller on 25 Nov?
            [Log] fwl:1:0
            [Someone else…] fwo:1
            [Cancel] fwx:1"#]],
    );
    check_forwards(
        &mut chat,
        vec![hidden("Bob")],
        expect![[r#"
            Forwarded from "Bob", who hides their Telegram account (a message on 25 Nov). Who is it? Several people in kith could be meant.
            [It's Bob Jones · #1] fwp:2:1
            [It's Bob Marley · #3] fwp:2:3
            [Create Bob] fwc:2
            [Someone else…] fwo:2
            [Cancel] fwx:2"#]],
    );
    let asked = check_forwards(
        &mut chat,
        vec![hidden("Dora Lima")],
        expect![[r#"
            Forwarded from "Dora Lima", who hides their Telegram account (a message on 25 Nov). Who is it? No one in kith is called that.
            [Create Dora Lima] fwc:3
            [Someone else…] fwo:3
            [Cancel] fwx:3"#]],
    );
    let proposal = chat.press(&Chat::button(&asked, "Create"));
    assert_eq!(
        proposal.body,
        "Add Dora Lima and log a message with them on 25 Nov?"
    );
    chat.press(&Chat::button(&proposal, "Log"));
    let dora = chat.store.find("Dora Lima", 1).unwrap();
    assert_eq!(dora.len(), 1);
    let kith::store::MatchTarget::Person(dora) = dora[0].target else {
        panic!("a person")
    };
    assert!(chat.store.telegram_identity(dora).unwrap().is_empty());
}

#[test]
fn a_channels_post_is_not_a_person_and_asks_who_it_was_with() {
    let mut chat = Chat::open();
    let asked = check_forwards(
        &mut chat,
        vec![forward(
            ForwardOrigin::Channel {
                title: "Rust Weekly".into(),
            },
            "2026-11-24 12:00",
            Some("Issue 600"),
        )],
        expect![[r#"
            Forwarded from the channel "Rust Weekly", not from a person (a message on 24 Nov). Who was it with?
            [Who was it with…] fwo:1
            [Cancel] fwx:1"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&asked, "Who was it with")),
        expect![[r#"
            Who was it with? Type their name, an address or #number.
            [Cancel] fwx:1"#]],
    );
    let which = check(
        &mut chat,
        "bob",
        expect![[r#"
            Which "bob" do you mean?
            [Bob Jones · #1] fwp:2:1
            [Bob Marley · #3] fwp:2:3
            [Create bob] fwc:2
            [Cancel] fwx:2"#]],
    );
    // The question is answered: the next text is a search again.
    assert!(!chat.send("zoe").body.starts_with("Which"));
    let proposal = check(
        &mut chat,
        &format!("press {}", Chat::button(&which, "Bob Marley")),
        expect![[r#"
            Log a message with Bob Marley on 24 Nov?
            “Issue 600”
            [Log] fwl:3:0
            [Log with the text as a note] fwl:3:1
            [Someone else…] fwo:3
            [Cancel] fwx:3"#]],
    );
    chat.press(&Chat::button(&proposal, "Log"));
    assert_eq!(
        messages_of(&chat, 3),
        [("2026-11-24".into(), String::new())]
    );
    // A group's message reads the same way.
    let group = forwarded(
        &mut chat,
        vec![forward(
            ForwardOrigin::Chat {
                title: "Climbers".into(),
            },
            "2026-11-24 12:00",
            None,
        )],
    );
    assert!(
        group
            .body
            .starts_with("Forwarded from the group \"Climbers\", not from a person")
    );
}

#[test]
fn someone_else_typed_who_is_no_one_offers_to_create_them_and_waits() {
    let mut chat = with_ana();
    let proposal = forwarded(&mut chat, vec![ana("2026-11-25 18:00", None)]);
    chat.press(&Chat::button(&proposal, "Someone else"));
    let missing = check(
        &mut chat,
        "Eva Gomes",
        expect![[r#"
            I don't know anyone called "Eva Gomes". Type another name, or create them.
            [Create Eva Gomes] fwc:2
            [Cancel] fwx:2"#]],
    );
    // The old proposal's buttons have expired.
    check(
        &mut chat,
        &format!("press {}", Chat::button(&proposal, "Log")),
        expect!["(notice) This button has expired."],
    );
    // Still waiting for a name: one typed next answers.
    check(
        &mut chat,
        "Zoë",
        expect![[r#"
            Log a message with Zoë Müller on 25 Nov?
            [Log] fwl:3:0
            [Someone else…] fwo:3
            [Cancel] fwx:3"#]],
    );
    check(
        &mut chat,
        &format!("press {}", Chat::button(&missing, "Create")),
        expect!["(notice) This button has expired."],
    );
}

#[test]
fn forwards_from_several_senders_are_one_proposal_each_and_cancelled_one_by_one() {
    let mut chat = with_ana();
    let reply = check_forwards(
        &mut chat,
        vec![
            ana("2026-11-25 18:00", Some("From Ana")),
            forward(
                ForwardOrigin::HiddenUser("Zoë Müller".into()),
                "2026-11-25 18:05",
                Some("From Zoë"),
            ),
            ana("2026-11-25 18:10", Some("Ana again")),
        ],
        expect![[r#"
            These forwards come from 2 senders: one proposal each.

            Log 2 messages with Ana Souza on 25 Nov?
            “From Ana” (and 1 more)
            [Log] fwl:1:0
            [Log with the text as a note] fwl:1:1
            [Someone else…] fwo:1
            [Cancel] fwx:1

            Log a message with Zoë Müller on 25 Nov?
            “From Zoë”
            [Log] fwl:2:0
            [Log with the text as a note] fwl:2:1
            [Someone else…] fwo:2
            [Cancel] fwx:2"#]],
    );
    check(&mut chat, "press fwx:1", expect!["Cancelled."]);
    check(
        &mut chat,
        "press fwl:1:0",
        expect!["(notice) This button has expired."],
    );
    let logged = chat.press(&Chat::button(&reply.followups[0], "Log"));
    assert!(logged.body.starts_with("Logged a message with Zoë Müller"));
}

#[test]
fn a_stale_or_forged_proposal_button_changes_nothing() {
    let mut chat = with_ana();
    let proposal = forwarded(&mut chat, vec![ana("2026-11-25 18:00", None)]);
    let before = unchanged(&chat);
    for data in [
        "fwl:99:0", "fwc:1", "fwp:1:5", "fwo:99", "fwx:99", "fwl:1:2",
    ] {
        let reply = chat.press(data);
        assert_eq!(reply.body, "This button has expired.", "{data}");
    }
    // Another chat cannot press this chat's proposal.
    let other = Engine::new(
        &mut chat.store,
        &kith::engine::Preferences::from(&chat.settings),
    )
    .handle(2, Input::Press("fwl:1:0".into()), chat.now);
    assert_eq!(other.body, "This button has expired.");
    // Eight days later the proposal has expired.
    chat.now += chrono::Duration::days(8);
    let reply = chat.press(&Chat::button(&proposal, "Log"));
    assert_eq!(reply.body, "This button has expired.");
    assert_eq!(unchanged(&chat), before);
}

#[test]
fn cancelling_the_question_of_someone_else_ends_that_proposal_only() {
    let mut chat = with_ana();
    let reply = forwarded(
        &mut chat,
        vec![
            ana("2026-11-25 18:00", None),
            forward(
                ForwardOrigin::HiddenUser("Zoë Müller".into()),
                "2026-11-25 18:05",
                None,
            ),
        ],
    );
    let asked = chat.press(&Chat::button(&reply, "Someone else"));
    check(
        &mut chat,
        &format!("press {}", Chat::button(&asked, "Cancel")),
        expect!["Cancelled."],
    );
    // The question is gone: a name typed now is a lookup.
    let looked_up = chat.send("Zoë");
    assert_eq!(
        looked_up.title.as_deref(),
        Some("Zoë Müller"),
        "{looked_up:?}"
    );
    // The other proposal is still open.
    let logged = chat.press(&Chat::button(&reply.followups[0], "Log"));
    assert!(logged.body.starts_with("Logged a message with Zoë Müller"));
}

#[test]
fn the_owners_own_message_asks_who_it_was_with() {
    let mut chat = Chat::open();
    // Chat 1 is the owner's private chat: their user id is 1.
    check_forwards(
        &mut chat,
        vec![forward(
            user(1, "Owner", None, None),
            "2026-11-25 18:00",
            Some("Mine"),
        )],
        expect![[r#"
            That is your own message (a message on 25 Nov). Who was it with?
            [Who was it with…] fwo:1
            [Cancel] fwx:1"#]],
    );
}

#[test]
fn a_flood_of_long_forwards_is_one_short_proposal() {
    let mut chat = with_ana();
    let long = "y".repeat(4_000);
    let flood: Vec<Forward> = (0..200)
        .map(|n| ana(&format!("2026-11-{:02} 12:00", 1 + n % 25), Some(&long)))
        .collect();
    let reply = forwarded(&mut chat, flood);
    assert!(
        reply.body.starts_with(
            "Log 200 messages with Ana Souza on 25 days from 1 Nov to 25 Nov (one interaction per day)?"
        ),
        "{}",
        reply.body
    );
    assert!(reply.render_plain().chars().count() < 4_096);
    let logged = chat.press(&Chat::button(&reply, "as a note"));
    assert!(
        logged
            .body
            .starts_with("Logged messages with Ana Souza on 25 days")
    );
    assert!(
        messages_of(&chat, 5)
            .iter()
            .all(|(_, notes)| notes.chars().count() <= 4_000)
    );
}

/// Chat days with the Telegram user `id` waiting in /telegram (no one in kith has them).
fn waiting_days(chat: &mut Chat, id: i64, first: &str, days: &[&str]) {
    let partner = TelegramUser {
        id,
        first_name: first.into(),
        ..TelegramUser::default()
    };
    let days: Vec<kith::domain::telegram::ChatDay> = days
        .iter()
        .map(|on| kith::domain::telegram::ChatDay {
            partner: partner.clone(),
            day: day(on),
        })
        .collect();
    chat.store.log_chat_days(&days).unwrap();
}

#[test]
fn its_x_was_forgotten_when_the_log_was_cancelled() {
    let mut chat = Chat::open();
    waiting_days(&mut chat, 901, "Alice S", &["2026-11-20", "2026-11-24"]);
    let asked = check_forwards(
        &mut chat,
        vec![forward(
            user(901, "Alice", Some("S"), None),
            "2026-11-25 18:00",
            Some("Hello"),
        )],
        expect![[r#"
            Forwarded from Alice S (waiting in /telegram: 2 days) (a message on 25 Nov). Who is it?
            [It's Alice Smith · Acme Labs] fwp:1:2
            [Create Alice S] fwc:1
            [Someone else…] fwo:1
            [Cancel] fwx:1"#]],
    );
    let proposal = check(
        &mut chat,
        &format!("press {}", Chat::button(&asked, "It's Alice")),
        expect![[r#"
            Their Telegram account is on Alice Smith's card now; 2 chat days that waited are logged with Alice Smith.

            Log a message with Alice Smith on 25 Nov?
            “Hello”
            [Log] fwl:2:0
            [Log with the text as a note] fwl:2:1
            [Someone else…] fwo:2
            [Cancel] fwx:2
            [↩ Undo] un:1"#]],
    );
    let alice = kith::domain::model::PersonId(2);
    chat.press(&Chat::button(&proposal, "Cancel"));
    assert_eq!(
        chat.store.telegram_identity(alice).unwrap().id,
        Some(901),
        "who the sender is stays known though nothing was logged"
    );
    assert_eq!(
        messages_of(&chat, 2),
        [
            ("2026-11-24".into(), String::new()),
            ("2026-11-20".into(), String::new())
        ],
        "the days that waited are hers"
    );
    assert!(chat.store.telegram_partner(901).unwrap().is_none());
    // The next forward from that account is hers at once.
    let next = forwarded(
        &mut chat,
        vec![forward(
            user(901, "Alice", Some("S"), None),
            "2026-11-26 08:00",
            None,
        )],
    );
    assert!(
        next.body
            .starts_with("Log a message with Alice Smith on 26 Nov?")
    );
    // Undo takes the account and the days back.
    chat.press(&Chat::button(&proposal, "Undo"));
    assert!(chat.store.telegram_identity(alice).unwrap().is_empty());
    assert!(messages_of(&chat, 2).is_empty());
}

#[test]
fn a_username_on_another_account_was_logged_to_its_owner_without_asking() {
    let mut chat = with_ana();
    let before = unchanged(&chat);
    let asked = check_forwards(
        &mut chat,
        vec![forward(
            user(7901, "A", None, Some("ana_souza")),
            "2026-11-25 18:00",
            Some("Hi"),
        )],
        expect![[r#"
            Forwarded from A (@ana_souza), whose Telegram account kith doesn't know yet (a message on 25 Nov). Who is it?
            [It's Ana Souza · #5] fwp:1:5
            [It's Alice Smith · Acme Labs] fwp:1:2
            [Create A] fwc:1
            [Someone else…] fwo:1
            [Cancel] fwx:1"#]],
    );
    assert_eq!(unchanged(&chat), before, "no one is picked");
    // Picked by the owner, the proposal is hers; her own account stays hers.
    let proposal = chat.press(&Chat::button(&asked, "It's Ana"));
    assert!(
        proposal
            .body
            .starts_with("Log a message with Ana Souza on 25 Nov?"),
        "{}",
        proposal.render_plain()
    );
    assert_eq!(
        chat.store
            .telegram_identity(kith::domain::model::PersonId(5))
            .unwrap()
            .id,
        Some(ANA_ID)
    );
}

#[test]
fn a_username_of_someone_with_no_account_yet_is_still_theirs() {
    let mut chat = Chat::open();
    let alice = kith::domain::model::PersonId(2);
    chat.store
        .set_telegram_identity(
            alice,
            &TelegramIdentity {
                id: None,
                username: Some("alice_s".into()),
            },
        )
        .unwrap();
    let proposal = forwarded(
        &mut chat,
        vec![forward(
            user(901, "A", None, Some("alice_s")),
            "2026-11-25 18:00",
            None,
        )],
    );
    assert!(
        proposal
            .body
            .starts_with("Log a message with Alice Smith on 25 Nov?"),
        "{}",
        proposal.render_plain()
    );
}

#[test]
fn a_bots_forward_offered_to_create_the_bot() {
    let mut chat = Chat::open();
    let before = unchanged(&chat);
    let bot = ForwardOrigin::Bot(TelegramUser {
        id: 93_372_553,
        first_name: "BotFather".into(),
        username: Some("BotFather".into()),
        ..TelegramUser::default()
    });
    let asked = check_forwards(
        &mut chat,
        vec![forward(
            bot,
            "2026-11-25 18:00",
            Some("Done! Congratulations"),
        )],
        expect![[r#"
            Forwarded from the bot "BotFather": a bot's message, not a person's (a message on 25 Nov). Who was it with?
            [Who was it with…] fwo:1
            [Cancel] fwx:1"#]],
    );
    assert_eq!(unchanged(&chat), before);
    assert!(!asked.render_plain().contains("Create"));
    check(
        &mut chat,
        "press fwc:1",
        expect!["(notice) This button has expired."],
    );
    assert_eq!(unchanged(&chat), before, "no person is made for a bot");
}

#[test]
fn a_forwards_log_was_titled_telegram_not_telegram_chat() {
    let mut chat = with_ana();
    let proposal = forwarded(&mut chat, vec![ana("2026-11-25 18:00", Some("Hi"))]);
    chat.press(&Chat::button(&proposal, "Log"));
    let logged = chat
        .store
        .interactions_of(kith::domain::model::PersonId(5), 5, 0)
        .unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].title, "Telegram chat");
    assert_eq!(logged[0].type_word.as_deref(), Some("Telegram"));
}
