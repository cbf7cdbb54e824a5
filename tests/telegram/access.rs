//! Every command and a sample of buttons from someone who is not an owner, in a private
//! chat and in groups: one refusal each, nothing written, nothing leaked.

use kith::engine::command::COMMANDS;
use kith::telegram::REFUSAL;

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
    for data in [
        "p:1", "l:1", "n:1", "et:1", "t:1:1", "s:a:0", "u:0", "lk:1", "lt:1:1", "c:1", "x:1",
        "xd:1", "ch:1:1", "m:1:2", "mq:1:2", "ns:1:2", "r:0", "tg:0", "cancel",
    ] {
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
