//! The owner's Telegram chats through a business connection, as the engine sees them:
//! each state of a connection told once, the owner's own messages logged as one
//! `message` per partner and day (recorded as the sync's change), in the owner's zone;
//! nothing from a stranger's or a disabled connection. The helpers here feed updates to
//! `Engine::business` for the partners' triage tests too.

use expect_test::expect;
use kith::domain::telegram::{TelegramUser, chat_day_key};
use kith::engine::telegram_chats::BusinessUpdate;
use kith::store::TelegramIdentity;

use super::*;

/// The owner's Telegram id: their private chat with kith is chat 1, as `Chat` sends.
pub(super) const OWNER: i64 = 1;
pub(super) const STRANGER: i64 = 666;

pub(super) fn user(
    id: i64,
    first: &str,
    last: Option<&str>,
    username: Option<&str>,
) -> TelegramUser {
    TelegramUser {
        id,
        first_name: first.into(),
        last_name: last.map(str::to_owned),
        username: username.map(str::to_owned),
    }
}

pub(super) fn bob() -> TelegramUser {
    user(22, "Bob", Some("Brown"), Some("bob_brown"))
}

pub(super) fn alice() -> TelegramUser {
    user(33, "Alice", Some("Smith"), None)
}

pub(super) fn carol() -> TelegramUser {
    user(44, "Carol", None, Some("carol_c"))
}

pub(super) fn connection(id: &str, account: i64, enabled: bool, can_read: bool) -> BusinessUpdate {
    BusinessUpdate::Connection {
        id: id.into(),
        user: user(account, "Owner", None, None),
        enabled,
        can_read,
    }
}

/// A message in the chat with `partner`, written by `from`, on `on` at 20:00 UTC.
pub(super) fn message(
    connection: &str,
    partner: &TelegramUser,
    from: i64,
    on: &str,
) -> BusinessUpdate {
    BusinessUpdate::Message {
        connection: connection.into(),
        partner: partner.clone(),
        from,
        sent: Utc
            .from_utc_datetime(&day(on).and_hms_opt(20, 0, 0).unwrap())
            .with_timezone(&Utc),
        edited: false,
    }
}

/// Hands one update to the engine; what it tells, as (chat, text) pairs.
pub(super) fn deliver(chat: &mut Chat, update: BusinessUpdate) -> Vec<(i64, String)> {
    let preferences = kith::engine::Preferences::from(&chat.settings);
    Engine::new(&mut chat.store, &preferences)
        .business(update, &[OWNER], chat.now)
        .unwrap()
        .into_iter()
        .map(|(to, reply)| (to, reply.render_plain()))
        .collect()
}

/// The owner connected, and their messages to Bob on two days and to Alice and Carol.
pub(super) fn with_chats(chat: &mut Chat) {
    deliver(chat, connection("c1", OWNER, true, true));
    for on in ["2026-11-20", "2026-11-23", "2026-11-25"] {
        deliver(chat, message("c1", &bob(), OWNER, on));
    }
    deliver(chat, message("c1", &alice(), OWNER, "2026-11-24"));
    deliver(chat, message("c1", &carol(), OWNER, "2026-11-25"));
}

/// How many chat days are logged (of the days `with_chats` and the tests write).
pub(super) fn chat_days(chat: &Chat) -> usize {
    let days = [
        "2026-11-20",
        "2026-11-23",
        "2026-11-24",
        "2026-11-25",
        "2026-11-26",
    ];
    [22, 33, 44]
        .into_iter()
        .flat_map(|partner| days.map(|on| chat_day_key(partner, day(on))))
        .filter(|key| chat.store.interaction_by_event_id(key).unwrap().is_some())
        .count()
}

#[test]
fn each_state_of_the_owners_connection_is_told_once_and_a_strangers_is_not_kept() {
    let mut chat = Chat::open();
    let told = deliver(&mut chat, connection("c1", OWNER, true, false));
    expect![[r#"
        [
            (
                1,
                "kith is connected to your Telegram account without the right to read messages: Telegram may hold your chats back from kith, and kith logs the ones that reach it. To allow it: Settings → Telegram Business → Chatbots → kith, and switch on \"Read messages\" among its permissions. kith keeps who and when only — never the text.",
            ),
        ]
    "#]]
    .assert_debug_eq(&told);
    assert!(deliver(&mut chat, connection("c1", OWNER, true, false)).is_empty());
    let told = deliver(&mut chat, connection("c1", OWNER, true, true));
    expect![[r#"
        [
            (
                1,
                "kith now sees your Telegram chats: one 'message' per chat and day you write, who and when only — never the text. People you write to who are no one in kith yet wait in the digest and /telegram.",
            ),
        ]
    "#]]
    .assert_debug_eq(&told);
    assert!(deliver(&mut chat, connection("c1", OWNER, true, true)).is_empty());

    let before = chat.store.fingerprint_except(&[]).unwrap();
    assert!(deliver(&mut chat, connection("s1", STRANGER, true, true)).is_empty());
    assert!(deliver(&mut chat, message("s1", &bob(), STRANGER, "2026-11-25")).is_empty());
    assert!(deliver(&mut chat, message("nope", &bob(), OWNER, "2026-11-25")).is_empty());
    assert_eq!(
        chat.store.fingerprint_except(&[]).unwrap(),
        before,
        "a stranger's connection and its messages keep nothing"
    );
    assert!(chat.store.telegram_connection("s1").unwrap().is_none());

    let told = deliver(&mut chat, connection("c1", OWNER, false, true));
    assert_eq!(
        told,
        vec![(
            OWNER,
            "kith no longer sees your Telegram chats; nothing logged is removed.".to_owned()
        )]
    );
    assert!(deliver(&mut chat, connection("c1", OWNER, false, true)).is_empty());
    deliver(&mut chat, message("c1", &bob(), OWNER, "2026-11-25"));
    assert!(
        chat.store.telegram_partner(22).unwrap().is_none(),
        "a disabled connection's messages log nothing"
    );
}

#[test]
fn the_owners_own_messages_log_one_day_per_partner_and_redelivery_changes_nothing() {
    let mut chat = Chat::open();
    let alice_smith = chat.store.find("Alice Smith", 1).unwrap()[0].target;
    let MatchTarget::Person(alice_smith) = alice_smith else {
        panic!("Alice is a person");
    };
    chat.store
        .set_telegram_identity(
            alice_smith,
            &TelegramIdentity {
                id: Some(33),
                username: None,
            },
        )
        .unwrap();
    with_chats(&mut chat);
    // Alice's partner's message, a second message the same day, and an edit.
    deliver(&mut chat, message("c1", &alice(), 33, "2026-11-24"));
    deliver(&mut chat, message("c1", &alice(), OWNER, "2026-11-24"));
    let mut edit = message("c1", &alice(), OWNER, "2026-11-22");
    if let BusinessUpdate::Message { edited, .. } = &mut edit {
        *edited = true;
    }
    deliver(&mut chat, edit);
    assert_eq!(chat_days(&chat), 1, "one day with Alice, the edit none");
    // Bob wrote on a day the owner did not: nothing; his new name is kept for triage.
    let renamed = user(22, "Robert", Some("Brown"), Some("bob_brown"));
    deliver(&mut chat, message("c1", &renamed, 22, "2026-11-26"));
    let bob = chat.store.telegram_partner(22).unwrap().unwrap();
    assert_eq!((bob.user.first_name.as_str(), bob.days), ("Robert", 3));

    check(
        &mut chat,
        "/history Alice Smith",
        expect![[r#"
            History of Alice Smith
            1. 2026-11-26 09:00 · sync · Telegram: a chat on 2026-11-24 (2 days ago) logged
            [Alice Smith ▸] p:2"#]],
    );

    let before = chat.store.data_fingerprint().unwrap();
    with_chats(&mut chat);
    deliver(&mut chat, message("c1", &renamed, 22, "2026-11-26"));
    assert_eq!(
        chat.store.data_fingerprint().unwrap(),
        before,
        "updates delivered again change nothing"
    );
}

/// The day a message is logged on is the owner's (`KITH_TIMEZONE`), not UTC's.
#[test]
fn a_chat_day_is_the_day_in_the_owners_zone() {
    let mut chat = Chat::open();
    chat.settings.timezone = chrono_tz::Asia::Tokyo;
    deliver(&mut chat, connection("c1", OWNER, true, true));
    // 20:00 UTC on the 24th is 05:00 on the 25th in Tokyo.
    deliver(&mut chat, message("c1", &bob(), OWNER, "2026-11-24"));
    let bob = chat.store.telegram_partner(22).unwrap().unwrap();
    assert_eq!(bob.last_day, Some(day("2026-11-25")));
}

/// The person called `name` in the demo network.
fn person_named(chat: &Chat, name: &str) -> kith::domain::model::PersonId {
    match chat.store.find(name, 1).unwrap()[0].target {
        MatchTarget::Person(person) => person,
        other => panic!("{name} is {other:?}"),
    }
}

/// A forwarded message logged by hand: a `message` with `person` on `on`.
fn log_forward(chat: &mut Chat, person: kith::domain::model::PersonId, on: &str) {
    let mut new = kith::store::NewInteraction::manual(
        day(on),
        kith::domain::model::InteractionType::Message,
        vec![person],
    );
    new.title = "Telegram: see you in Lisbon!".into();
    chat.store.log_interaction(&new).unwrap();
}

/// How many `message` interactions `person` has on `on`.
fn messages_on(chat: &Chat, person: kith::domain::model::PersonId, on: &str) -> usize {
    chat.store
        .interactions_of(person, 50, 0)
        .unwrap()
        .iter()
        .filter(|i| {
            i.occurred_on == day(on) && i.kind == kith::domain::model::InteractionType::Message
        })
        .count()
}

/// A day with a forwarded message logged by hand is that day's chat logged already: a
/// business message, the export, or adopting a partner never logs it a second time.
#[test]
fn a_forwarded_day_was_logged_again_by_the_import() {
    let mut chat = Chat::open();
    let alice_smith = person_named(&chat, "Alice Smith");
    chat.store
        .set_telegram_identity(
            alice_smith,
            &TelegramIdentity {
                id: Some(33),
                username: None,
            },
        )
        .unwrap();
    log_forward(&mut chat, alice_smith, "2026-11-24");
    deliver(&mut chat, connection("c1", OWNER, true, true));
    deliver(&mut chat, message("c1", &alice(), OWNER, "2026-11-24"));
    let export = chat
        .store
        .log_chat_days(&[kith::domain::telegram::ChatDay {
            partner: alice(),
            day: day("2026-11-24"),
        }])
        .unwrap();
    assert_eq!((export.logged, export.already), (0, 1), "{export:?}");
    assert_eq!(messages_on(&chat, alice_smith, "2026-11-24"), 1);

    // Bob waits with three days; one of them has a forward with the person he becomes.
    with_chats(&mut chat);
    let bob_jones = person_named(&chat, "Bob Jones");
    log_forward(&mut chat, bob_jones, "2026-11-23");
    check(
        &mut chat,
        &format!("press tpt:22:{}", bob_jones.0),
        expect![[r#"
            ✓ Bob Brown on Telegram is Bob Jones — 2 chat days logged.
            [Bob Jones ▸] p:1
            [Telegram ▸] tpp:0
            [↩ Undo] un:1"#]],
    );
    assert_eq!(messages_on(&chat, bob_jones, "2026-11-23"), 1);
    assert_eq!(messages_on(&chat, bob_jones, "2026-11-25"), 1);
}

/// A partner whose username is on a person's card who has no Telegram id yet is that
/// person (who learns the id); one whose username is on a card with another id waits.
#[test]
fn a_business_partner_was_not_matched_by_the_username_on_a_card() {
    let mut chat = Chat::open();
    let alice_smith = person_named(&chat, "Alice Smith");
    chat.send(&format!("/set #{} telegram @lunch_smith", alice_smith.0));
    assert_eq!(
        chat.store
            .telegram_identity(alice_smith)
            .unwrap()
            .username
            .as_deref(),
        Some("lunch_smith")
    );
    let bob_jones = person_named(&chat, "Bob Jones");
    chat.store
        .set_telegram_identity(
            bob_jones,
            &TelegramIdentity {
                id: Some(5005),
                username: Some("old_bob".into()),
            },
        )
        .unwrap();
    deliver(&mut chat, connection("c1", OWNER, true, true));
    let lunch = user(9101, "Lunch", None, Some("lunch_smith"));
    deliver(&mut chat, message("c1", &lunch, OWNER, "2026-11-25"));
    assert!(chat.store.telegram_partner(9101).unwrap().is_none());
    assert_eq!(
        chat.store.telegram_identity(alice_smith).unwrap().id,
        Some(9101)
    );
    assert_eq!(messages_on(&chat, alice_smith, "2026-11-25"), 1);

    // @old_bob changed hands: the new holder is not Bob Jones.
    let new_holder = user(9202, "Someone", None, Some("old_bob"));
    deliver(&mut chat, message("c1", &new_holder, OWNER, "2026-11-25"));
    assert_eq!(chat.store.telegram_partner(9202).unwrap().unwrap().days, 1);
    assert_eq!(
        chat.store.telegram_identity(bob_jones).unwrap().id,
        Some(5005)
    );
}

/// A connection without the right to read messages (in the Bot API, to mark them read)
/// still delivers them: the owner is told so, and what arrives is logged.
#[test]
fn a_connection_without_the_right_to_read_was_said_to_see_no_chats() {
    let mut chat = Chat::open();
    let told = deliver(&mut chat, connection("c1", OWNER, true, false));
    assert!(
        told[0].1.contains("without the right to read messages")
            && told[0]
                .1
                .contains("Telegram may hold your chats back from kith")
            && !told[0].1.contains("sees none"),
        "{told:?}"
    );
    deliver(&mut chat, message("c1", &bob(), OWNER, "2026-11-25"));
    assert_eq!(chat.store.telegram_partner(22).unwrap().unwrap().days, 1);
}
