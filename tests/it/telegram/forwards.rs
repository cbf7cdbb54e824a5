//! Forwarded messages through the real dispatcher: raw updates with `forward_origin` of
//! each type; messages forwarded together answered as one proposal per sender; a press
//! logging it; a command right after a forward answered after it.

use chrono::{TimeZone, Utc};
use serde_json::{Value, json};

use super::*;

/// Alice Smith's Telegram account (kith knows it).
const ALICE_TELEGRAM: i64 = 5001;

/// When the forwarded originals were sent: 2026-11-25 18:00 UTC.
const SENT: i64 = 1_795_629_600;

fn populate_with_account(store: &mut Store) {
    populate(store);
    let alice = store.find("Alice Smith", 1).unwrap()[0].target;
    let kith::store::MatchTarget::Person(alice) = alice else {
        panic!("Alice is a person")
    };
    store
        .set_telegram_identity(
            alice,
            &kith::store::TelegramIdentity {
                id: Some(ALICE_TELEGRAM),
                username: None,
            },
        )
        .unwrap();
}

async fn start() -> Running {
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    Running::start_with(Options {
        clock: std::sync::Arc::new(Fixed(now)),
        populate: populate_with_account,
        ..Options::default()
    })
    .await
}

/// A message the owner forwarded to the bot, from `origin` (a message with no content at
/// all is not one Telegram sends: give it a text).
fn forwarded(id: i64, origin: Value, text: Option<&str>) -> Value {
    let mut message = json!({
        "message_id": id,
        "date": fake::DATE,
        "chat": { "id": OWNER, "type": "private", "first_name": "Owner" },
        "from": { "id": OWNER, "is_bot": false, "first_name": "Owner" },
        "forward_origin": origin,
    });
    if let Some(text) = text {
        message["text"] = json!(text);
    }
    json!({ "message": message })
}

fn from_alice(offset: i64) -> Value {
    json!({
        "type": "user",
        "date": SENT + offset,
        "sender_user": {
            "id": ALICE_TELEGRAM, "is_bot": false, "first_name": "Alice", "last_name": "Smith"
        },
    })
}

fn sent_messages(sent: &[fake::Sent]) -> Vec<&fake::Sent> {
    sent.iter().filter(|s| s.method == "sendmessage").collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_forwards_at_once_are_one_proposal_and_a_press_logs_them() {
    let mut bot = start().await;
    let fake = bot.fake.clone();
    for (n, text) in ["See you", "in Lisbon", "on Friday"].iter().enumerate() {
        fake.push(forwarded(
            700 + n as i64,
            from_alice(n as i64 * 60),
            Some(text),
        ));
    }
    let sent = fake
        .wait_for("the proposal", |s| !sent_messages(s).is_empty())
        .await;
    let proposal = sent_messages(&sent)[0].clone();
    assert_eq!(
        proposal.body["text"].as_str().unwrap(),
        "Log 3 messages with Alice Smith on 25 Nov?\n“See you” (and 2 more)"
    );
    let log = button(&proposal, "as a note");
    fake.press(OWNER, OWNER, proposal.message_id.unwrap(), &log);
    let sent = fake
        .wait_for("the log", |s| {
            texts(s).iter().any(|t| t.starts_with("Logged a message"))
        })
        .await;
    assert_eq!(
        sent_messages(&sent).len(),
        1,
        "one proposal for three forwards"
    );
    bot.fake.wait_until_consumed().await;
    bot.stop().await;
    let store = bot.store();
    let alice = store
        .person_by_telegram_id(ALICE_TELEGRAM)
        .unwrap()
        .unwrap();
    let messages: Vec<_> = store
        .interactions_of(alice, 10, 0)
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == InteractionType::Message)
        .collect();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].occurred_on, day("2026-11-25"));
    assert_eq!(messages[0].notes, "See you\nin Lisbon\non Friday");
    super::validate::requests(&bot.fake.outbox());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_origin_gets_its_own_proposal_and_a_command_after_them_waits() {
    let mut bot = start().await;
    let fake = bot.fake.clone();
    fake.push(forwarded(
        801,
        json!({ "type": "hidden_user", "date": SENT, "sender_user_name": "Dora Lima" }),
        Some("Hidden"),
    ));
    fake.push(forwarded(
        802,
        json!({
            "type": "chat", "date": SENT,
            "sender_chat": { "id": -100_123, "type": "supergroup", "title": "Climbers" },
        }),
        Some("Route set"),
    ));
    fake.push(forwarded(
        803,
        json!({
            "type": "channel", "date": SENT, "message_id": 77,
            "chat": { "id": -100_456, "type": "channel", "title": "Rust Weekly" },
        }),
        Some("Issue 600"),
    ));
    // A command right after the forwards is answered after them.
    fake.message(OWNER, OWNER, "/find alice");
    let sent = fake
        .wait_for("three proposals and the search", |s| {
            sent_messages(s).len() >= 4
        })
        .await;
    let shown = texts(&sent);
    assert!(
        shown[0].starts_with("These forwards come from 3 senders: one proposal each.\n\nForwarded from \"Dora Lima\", who hides their Telegram account"),
        "{shown:#?}"
    );
    assert!(
        shown[1].starts_with("Forwarded from the group \"Climbers\", not from a person"),
        "{shown:#?}"
    );
    assert!(
        shown[2].starts_with("Forwarded from the channel \"Rust Weekly\", not from a person"),
        "{shown:#?}"
    );
    assert!(shown[3].contains("Alice Smith"), "{shown:#?}");
    let create = button(sent_messages(&sent)[0], "Create Dora");
    bot.fake.wait_until_consumed().await;
    bot.stop().await;
    assert!(create.starts_with("fwc:"));
    super::validate::requests(&bot.fake.outbox());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwards_still_waiting_are_answered_when_kith_stops() {
    let mut bot = start().await;
    let fake = bot.fake.clone();
    fake.push(forwarded(901, from_alice(0), Some("Last words")));
    fake.wait_until_consumed().await;
    bot.stop().await;
    let sent = fake.visible();
    assert!(
        texts(&sent)
            .iter()
            .any(|t| t.starts_with("Log a message with Alice Smith on 25 Nov?")),
        "{sent:#?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_forwards_in_one_poll_were_three_proposals() {
    let mut bot = start().await;
    let fake = bot.fake.clone();
    // The next getUpdates is refused, so the three wait for the one after it and come
    // in a single answer (as Telegram sends forwards made at once).
    fake.refuse("getUpdates", None, Some(1), fake::Refusal::Internal);
    for (n, text) in ["multi 1", "multi 2", "multi 3"].iter().enumerate() {
        fake.push(forwarded(
            950 + n as i64,
            from_alice(n as i64 * -86_400),
            Some(text),
        ));
    }
    let sent = fake
        .wait_for("the proposal", |s| !sent_messages(s).is_empty())
        .await;
    let proposal = sent_messages(&sent)[0].clone();
    assert_eq!(
        proposal.body["text"].as_str().unwrap(),
        "Log 3 messages with Alice Smith on 23 Nov, 24 Nov and 25 Nov (one interaction per day)?\n“multi 1” (and 2 more)"
    );
    let log = button(&proposal, "as a note");
    fake.press(OWNER, OWNER, proposal.message_id.unwrap(), &log);
    let sent = fake
        .wait_for("the log", |s| {
            texts(s).iter().any(|t| t.starts_with("Logged messages"))
        })
        .await;
    assert_eq!(
        sent_messages(&sent).len(),
        1,
        "one proposal for three forwards"
    );
    assert!(
        !texts(&sent).iter().any(|t| t.starts_with("Already logged")),
        "{sent:#?}"
    );
    bot.fake.wait_until_consumed().await;
    bot.stop().await;
    let store = bot.store();
    let alice = store
        .person_by_telegram_id(ALICE_TELEGRAM)
        .unwrap()
        .unwrap();
    let mut notes: Vec<String> = store
        .interactions_of(alice, 10, 0)
        .unwrap()
        .into_iter()
        .filter(|i| i.kind == InteractionType::Message)
        .map(|i| i.notes)
        .collect();
    notes.sort();
    assert_eq!(notes, ["multi 1", "multi 2", "multi 3"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bots_forward_offered_to_create_the_bot() {
    let mut bot = start().await;
    let fake = bot.fake.clone();
    fake.push(forwarded(
        960,
        json!({
            "type": "user", "date": SENT,
            "sender_user": {
                "id": 93_372_553, "is_bot": true, "first_name": "BotFather", "username": "BotFather"
            },
        }),
        Some("Done! Congratulations on your new bot."),
    ));
    let sent = fake
        .wait_for("the question", |s| !sent_messages(s).is_empty())
        .await;
    let asked = sent_messages(&sent)[0].clone();
    assert!(
        asked.body["text"]
            .as_str()
            .unwrap()
            .starts_with("Forwarded from the bot \"BotFather\": a bot's message, not a person's"),
        "{asked:#?}"
    );
    let labels = asked.body["reply_markup"].to_string();
    assert!(!labels.contains("Create"), "{labels}");
    assert!(labels.contains("Who was it with…"), "{labels}");
    bot.fake.wait_until_consumed().await;
    bot.stop().await;
}
