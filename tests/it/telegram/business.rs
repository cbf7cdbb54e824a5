//! Telegram Business through the real dispatcher and a fake Bot API, with
//! `KITH_TELEGRAM_BUSINESS` on: the owner's connection told once per state, the owner's
//! own messages logged one day per chat (never the text), the partner's and edits
//! logging nothing, a stranger's connection kept nowhere and told nothing, updates
//! delivered again changing nothing, a disconnection told once; and with the setting off,
//! nothing kept at all.

use chrono::{DateTime, TimeZone, Utc};
use kith::domain::telegram::chat_day_key;
use kith::store::TelegramIdentity;
use serde_json::{Value, json};

use super::*;

/// The moment the bot lives in: 09:00 on Thursday 2026-11-26.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap()
}

/// The usual network, with Alice's Telegram account (id 33) known.
fn network(store: &mut Store) {
    populate(store);
    let alice = store
        .person_by_email(&EmailAddress::parse("alice@acme.io").unwrap())
        .unwrap()
        .unwrap();
    store
        .set_telegram_identity(
            alice.id,
            &TelegramIdentity {
                id: Some(33),
                username: None,
            },
        )
        .unwrap();
}

fn options(database: &std::path::Path, business: bool) -> Options {
    let mut env = Vec::new();
    if business {
        env.push(("KITH_TELEGRAM_BUSINESS", "true".to_owned()));
    }
    Options {
        env,
        clock: std::sync::Arc::new(Fixed(now())),
        populate: network,
        database: Some(database.to_path_buf()),
        ..Options::default()
    }
}

fn connection(id: &str, account: i64, enabled: bool, can_read: bool) -> Value {
    json!({ "business_connection": {
        "id": id,
        "user": { "id": account, "is_bot": false, "first_name": "Account" },
        "user_chat_id": account,
        "date": fake::DATE,
        "rights": if can_read { json!({ "can_read_messages": true, "can_reply": true }) } else { json!({}) },
        "is_enabled": enabled,
    }})
}

/// A message in the chat with `partner` (Bob 22, Alice 33), written by `from` at noon of
/// `day`, through connection `via`.
fn message(via: &str, partner: i64, from: i64, day: &str, id: i64) -> Value {
    let names = match partner {
        22 => json!({ "first_name": "Bob", "last_name": "Brown", "username": "bob_brown" }),
        _ => json!({ "first_name": "Alice", "last_name": "Smith" }),
    };
    let mut chat = names.clone();
    chat["id"] = json!(partner);
    chat["type"] = json!("private");
    let mut sender = if from == partner {
        names
    } else {
        json!({ "first_name": "Account" })
    };
    sender["id"] = json!(from);
    sender["is_bot"] = json!(false);
    let at = Utc
        .from_utc_datetime(
            &chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .unwrap()
                .and_hms_opt(12, 0, 0)
                .unwrap(),
        )
        .timestamp();
    json!({
        "message_id": id,
        "date": at,
        "chat": chat,
        "from": sender,
        "business_connection_id": via,
        "text": "the secret plan",
    })
}

fn new(message: Value) -> Value {
    json!({ "business_message": message })
}

fn edited(mut message: Value) -> Value {
    message["edit_date"] = json!(fake::DATE);
    json!({ "edited_business_message": message })
}

/// The texts sent to `chat`.
fn sent_to(fake: &FakeTelegram, chat: i64) -> Vec<String> {
    fake.visible()
        .iter()
        .filter(|s| s.method == "sendmessage" && s.body["chat_id"] == json!(chat))
        .map(|s| s.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn count_containing(texts: &[String], part: &str) -> usize {
    texts.iter().filter(|t| t.contains(part)).count()
}

/// Whether the database's files hold `text` anywhere.
fn database_holds(db: &std::path::Path, text: &str) -> bool {
    ["", "-wal"].iter().any(|suffix| {
        let path = format!("{}{suffix}", db.display());
        std::fs::read(path)
            .is_ok_and(|bytes| bytes.windows(text.len()).any(|w| w == text.as_bytes()))
    })
}

/// The updates of the first run: the owner's messages to Bob on two days and to Alice,
/// Bob's own message, an edit, and a stranger's connection and its message.
fn chats() -> Vec<Value> {
    vec![
        new(message("c1", 22, OWNER, "2026-11-24", 1)),
        new(message("c1", 22, OWNER, "2026-11-25", 2)),
        new(message("c1", 22, 22, "2026-11-26", 3)),
        edited(message("c1", 22, OWNER, "2026-11-23", 4)),
        new(message("c1", 33, OWNER, "2026-11-25", 5)),
        connection("s1", STRANGER, true, true),
        new(message("s1", 22, STRANGER, "2026-11-22", 6)),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owners_chats_are_logged_by_day_and_each_state_told_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut bot = Running::start_with(options(&db, true)).await;
    let fake = bot.fake.clone();
    fake.push(connection("c1", OWNER, true, false));
    fake.wait_for("the owner told kith has no right to read", |_| {
        count_containing(&sent_to(&fake, OWNER), "without the right to read messages") == 1
    })
    .await;
    fake.push(connection("c1", OWNER, true, true));
    fake.wait_for("the owner told kith is connected", |_| {
        count_containing(&sent_to(&fake, OWNER), "kith now sees your Telegram chats") == 1
    })
    .await;
    fake.push(connection("c1", OWNER, true, true));
    for update in chats() {
        fake.push(update);
    }
    let store = bot.store();
    wait_until("the owner's chat days", || {
        let bob = store.telegram_partner(22).unwrap();
        let alice = store
            .interaction_by_event_id(&chat_day_key(33, day("2026-11-25")))
            .unwrap();
        bob.is_some_and(|bob| bob.days == 2) && alice.is_some()
    })
    .await;
    fake.wait_until_consumed().await;
    let before = store.data_fingerprint().unwrap();
    // Everything delivered again.
    fake.push(connection("c1", OWNER, true, true));
    for update in chats() {
        fake.push(update);
    }
    fake.wait_until_consumed().await;
    bot.stop().await;

    let store = bot.store();
    assert_eq!(store.data_fingerprint().unwrap(), before, "nothing changed");
    let bob = store.telegram_partner(22).unwrap().unwrap();
    assert_eq!((bob.days, bob.last_day), (2, Some(day("2026-11-25"))));
    assert!(store.telegram_connection("s1").unwrap().is_none());
    assert!(
        sent_to(&fake, STRANGER).is_empty(),
        "nothing is said to a stranger"
    );
    let owner = sent_to(&fake, OWNER);
    assert_eq!(owner.len(), 2, "{owner:#?}");
    assert!(!database_holds(&db, "the secret plan"), "never the text");

    // The next run: the owner disconnects (delivered twice); a message after it logs nothing.
    let mut bot = Running::start_with(options(&db, true)).await;
    let fake = bot.fake.clone();
    fake.push(connection("c1", OWNER, false, true));
    fake.wait_for("the owner told kith is disconnected", |_| {
        count_containing(&sent_to(&fake, OWNER), "no longer sees your Telegram chats") == 1
    })
    .await;
    fake.push(connection("c1", OWNER, false, true));
    fake.push(new(message("c1", 22, OWNER, "2026-11-26", 7)));
    fake.wait_until_consumed().await;
    bot.stop().await;
    assert_eq!(
        sent_to(&fake, OWNER).len(),
        1,
        "{:#?}",
        sent_to(&fake, OWNER)
    );
    let bob = bot.store().telegram_partner(22).unwrap().unwrap();
    assert_eq!(bob.days, 2, "a disabled connection logs nothing");
}

/// A connection made while the setting was off was never kept: its first message has
/// the connection asked of Telegram, told to the owner, and the day logged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_of_a_connection_kith_never_heard_of_asks_telegram_for_it() {
    use wiremock::matchers::path_regex;
    use wiremock::{Mock, ResponseTemplate};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut bot = Running::start_with(options(&db, true)).await;
    let fake = bot.fake.clone();
    let described = connection("c9", OWNER, true, true)["business_connection"].clone();
    Mock::given(path_regex("(?i)/getbusinessconnection$"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "ok": true, "result": described })),
        )
        .with_priority(1)
        .mount(&fake.server)
        .await;
    fake.push(new(message("c9", 22, OWNER, "2026-11-25", 1)));
    fake.wait_for("the owner told kith is connected", |_| {
        count_containing(&sent_to(&fake, OWNER), "kith now sees your Telegram chats") == 1
    })
    .await;
    let store = bot.store();
    wait_until("the day waiting", || {
        store
            .telegram_partner(22)
            .unwrap()
            .is_some_and(|bob| bob.days == 1)
    })
    .await;
    bot.stop().await;
    assert!(bot.store().telegram_connection("c9").unwrap().is_some());
}

/// A stranger's connection Telegram describes is asked about once: the messages that
/// follow are dropped without another request, and nothing of them is kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strangers_connection_is_asked_about_once_however_many_messages_follow() {
    use wiremock::matchers::path_regex;
    use wiremock::{Mock, ResponseTemplate};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut bot = Running::start_with(options(&db, true)).await;
    let fake = bot.fake.clone();
    let described = connection("s9", STRANGER, true, true)["business_connection"].clone();
    Mock::given(path_regex("(?i)/getbusinessconnection$"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({ "ok": true, "result": described })),
        )
        .with_priority(1)
        .mount(&fake.server)
        .await;
    for n in 0..4 {
        fake.push(new(message("s9", 22, STRANGER, "2026-11-25", 10 + n)));
    }
    fake.wait_until_consumed().await;
    bot.stop().await;
    let asked = fake
        .server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .filter(|r| {
            r.url
                .path()
                .to_lowercase()
                .ends_with("/getbusinessconnection")
        })
        .count();
    assert_eq!(asked, 1);
    assert!(bot.store().telegram_connection("s9").unwrap().is_none());
    assert!(bot.store().telegram_partner(22).unwrap().is_none());
    assert!(fake.visible().iter().all(|s| s.method != "sendmessage"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_setting_off_nothing_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut bot = Running::start_with(options(&db, false)).await;
    let fake = bot.fake.clone();
    fake.push(connection("c1", OWNER, true, true));
    fake.push(new(message("c1", 22, OWNER, "2026-11-25", 1)));
    fake.push(new(message("c1", 33, OWNER, "2026-11-25", 2)));
    fake.wait_until_consumed().await;
    bot.stop().await;
    let store = bot.store();
    assert!(store.telegram_connection("c1").unwrap().is_none());
    assert!(store.telegram_partner(22).unwrap().is_none());
    assert!(
        store
            .interaction_by_event_id(&chat_day_key(33, day("2026-11-25")))
            .unwrap()
            .is_none()
    );
    assert!(fake.visible().iter().all(|s| s.method != "sendmessage"));
}

/// `kith status` and `/status`: the connection's state, and a disconnection a problem
/// only while the setting is on; nothing when it is off and none was ever made.
#[test]
fn status_shows_the_connection_and_a_disconnection_is_a_problem_only_while_on() {
    use kith::store::TelegramConnection;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut store = Store::open(&db).unwrap();
    let report = |store: &Store, on: bool| {
        let extra = if on {
            vec![("KITH_TELEGRAM_BUSINESS", "true".to_owned())]
        } else {
            Vec::new()
        };
        let settings = settings(&db, "http://127.0.0.1:9", &extra);
        let status = kith::status::gather(&settings, store, now()).unwrap();
        let telegram: Vec<String> = status
            .problems
            .iter()
            .filter(|p| p.contains("Telegram"))
            .cloned()
            .collect();
        let lines: Vec<String> = status
            .render()
            .lines()
            .filter(|l| l.starts_with("Telegram Business"))
            .map(str::to_owned)
            .collect();
        (lines, telegram)
    };
    assert_eq!(report(&store, false), (vec![], vec![]));
    assert_eq!(
        report(&store, true).0,
        vec![
            "Telegram Business: on, no account connected yet (Settings → Telegram Business → Chatbots)"
        ]
    );
    let mut connection = TelegramConnection {
        id: "c1".into(),
        user_id: OWNER,
        is_owner: true,
        enabled: true,
        can_read: true,
        changed_at: "2026-11-20T10:00:00Z".into(),
        reported: None,
    };
    store.keep_telegram_connection(&connection).unwrap();
    assert_eq!(
        report(&store, true),
        (
            vec!["Telegram Business: connected (since 2026-11-20 10:00 UTC)".to_owned()],
            vec![]
        )
    );
    connection.can_read = false;
    connection.changed_at = "2026-11-21T10:00:00Z".into();
    store.keep_telegram_connection(&connection).unwrap();
    let (lines, problems) = report(&store, true);
    assert_eq!(
        lines[0],
        "Telegram Business: connected without the right to read messages (since 2026-11-21 10:00 UTC)"
    );
    assert_eq!(problems.len(), 1, "{problems:?}");
    connection.enabled = false;
    connection.changed_at = "2026-11-22T10:00:00Z".into();
    store.keep_telegram_connection(&connection).unwrap();
    let (lines, problems) = report(&store, true);
    assert_eq!(
        lines,
        vec!["Telegram Business: disconnected on 2026-11-22 10:00 UTC".to_owned()]
    );
    assert_eq!(
        problems,
        vec![format!(
            "Telegram Business (account {OWNER}) was disconnected on 2026-11-22 10:00 UTC: connect kith again in Settings → Telegram Business → Chatbots, or turn KITH_TELEGRAM_BUSINESS off"
        )]
    );
    assert_eq!(
        report(&store, false),
        (
            vec![
                "Telegram Business: disconnected on 2026-11-22 10:00 UTC (KITH_TELEGRAM_BUSINESS is off: nothing is logged)"
                    .to_owned()
            ],
            vec![]
        )
    );
}
