//! Every command and every kind of button from someone who is not an owner, in a private
//! chat and in groups, and from an owner in groups: one short line each, nothing
//! written, no file, nothing of the network leaked.

use kith::engine::menu::COMMANDS;
use kith::transport::telegram::REFUSAL;

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strangers_get_one_refusal_for_every_command_and_button() {
    let mut bot = Running::start().await;
    let before = bot.store().data_fingerprint().unwrap();
    let group = -100_123_456;
    let mut expected = 0;
    // Telegram allows 20 messages a minute in a chat: the commands are spread over three
    // strangers and three groups.
    for (n, command) in COMMANDS.iter().enumerate() {
        let (stranger, group) = (STRANGER + (n % 3) as i64, group - (n % 3) as i64);
        for chat in [stranger, group] {
            bot.fake.message(stranger, chat, command.example);
            expected += 1;
        }
    }
    for data in BUTTONS {
        for chat in [STRANGER, group] {
            bot.fake.press(STRANGER, chat, 1001, data);
            expected += 1;
        }
    }
    bot.fake
        .wait_for("every refusal", |sent| sent.len() >= expected)
        .await;
    bot.fake.wait_until_consumed().await;
    bot.stop().await;
    let sent = bot.fake.visible();
    assert_eq!(sent.len(), expected, "one answer per update, no more");
    for request in &sent {
        assert_eq!(request.body["text"], REFUSAL, "{request:?}");
        assert!(request.body.get("reply_markup").is_none());
    }
    assert_eq!(
        bot.store().data_fingerprint().unwrap(),
        before,
        "nothing written"
    );
    let names = ["Alice", "Smith", "acme", "jane.d"];
    for request in bot.fake.outbox() {
        let body = request.body.to_string();
        for name in names {
            assert!(!body.contains(name), "{name} leaked in {body}");
        }
    }
}

/// One of every kind of button the engine makes.
const BUTTONS: &[&str] = &[
    "p:1", "o:1", "i:1:0", "l:1", "n:1", "et:1", "t:1:1", "s:a:0", "u:0", "lk:1", "lt:1:1", "c:1",
    "x:1", "xd:1", "ch:1:1", "la:1", "nt:1:0", "m:1:2", "mq:1:2", "ns:1:2", "r:0", "tg:0", "un:1",
    "hi:1:0", "ic:1", "ia:1:d", "iy:1", "is:1:0", "ih:1:0", "ii:1:1", "ip:1", "ir:1:1", "ix:1",
    "ep:1", "ef:1:0", "ar:1:1", "ig:0", "ue:1", "ur:1", "dc:1:0", "cancel",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_in_a_group_gets_one_line_and_no_data_for_every_command_and_button() {
    use kith::transport::telegram::PRIVATE_ONLY;
    let mut bot = Running::start().await;
    let before = bot.store().data_fingerprint().unwrap();
    let groups: Vec<i64> = (0..5).map(|n| -100_200_000 - n).collect();
    let mut expected = 0;
    // Telegram allows 20 messages a minute in a chat: spread over five groups.
    for (n, command) in COMMANDS.iter().enumerate() {
        bot.fake
            .message(OWNER, groups[n % groups.len()], command.example);
        expected += 1;
    }
    // Chatter that is not a command is not addressed to kith: no answer at all.
    bot.fake.message(OWNER, groups[0], "Alice Smith");
    for (n, data) in BUTTONS.iter().enumerate() {
        bot.fake.press(OWNER, groups[n % groups.len()], 1001, data);
        expected += 1;
    }
    bot.fake
        .wait_for("every answer", |sent| sent.len() >= expected)
        .await;
    bot.fake.wait_until_consumed().await;
    bot.stop().await;
    let sent = bot.fake.visible();
    assert_eq!(
        sent.len(),
        expected,
        "one answer per command and press, no more"
    );
    for request in &sent {
        assert!(
            matches!(
                request.method.as_str(),
                "sendmessage" | "answercallbackquery"
            ),
            "no file, no edit reaches a group: {request:?}"
        );
        assert_eq!(request.body["text"], PRIVATE_ONLY, "{request:?}");
        assert!(request.body.get("reply_markup").is_none());
    }
    for method in ["senddocument", "sendphoto", "editmessagetext"] {
        assert!(
            bot.fake.outbox().iter().all(|s| s.method != method),
            "{method} was called"
        );
    }
    assert_eq!(
        bot.store().data_fingerprint().unwrap(),
        before,
        "nothing written"
    );
    super::validate::requests(&bot.fake.outbox());
    let names = ["Alice", "Smith", "acme", "jane.d", "Crowd"];
    for request in bot.fake.outbox() {
        let body = request.body.to_string();
        for name in names {
            assert!(!body.contains(name), "{name} leaked in {body}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_in_a_private_chat_still_gets_everything() {
    // The group rule keys on the chat, not the person: the same owner, privately, is served.
    let mut bot = Running::start().await;
    bot.fake.message(OWNER, -100_300_000, "/person Alice Smith");
    bot.fake.message(OWNER, OWNER, "/person Alice Smith");
    let sent = bot
        .fake
        .wait_for("the card", |sent| {
            texts(sent)
                .iter()
                .any(|t| t.starts_with("<b>Alice Smith</b>"))
        })
        .await;
    bot.stop().await;
    let card = sent
        .iter()
        .find(|s| {
            s.body["text"]
                .as_str()
                .unwrap_or("")
                .starts_with("<b>Alice Smith</b>")
        })
        .unwrap();
    assert_eq!(card.body["chat_id"].as_i64(), Some(OWNER));
}
