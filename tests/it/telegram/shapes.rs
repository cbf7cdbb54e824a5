//! Real update shapes from other projects, fed through the dispatcher: a story with no
//! text, a pinned message, an unknown update kind, a supergroup command, a bot being
//! blocked. No panic; strangers get at most the refusal; the bot keeps working.

use kith::transport::telegram::REFUSAL;

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_update_shapes_from_strangers_are_survived() {
    let Some(folder) = fixtures("telegram") else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.file_name()
                .unwrap()
                .to_string_lossy()
                .contains("update")
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 5,
        "expected the update fixtures, found {files:?}"
    );

    let mut bot = Running::start().await;
    let before = bot.store().data_fingerprint().unwrap();
    for file in &files {
        let update: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        bot.fake.push(update);
    }
    // The owner, after all of them: the bot still answers.
    bot.fake.message(OWNER, OWNER, "/find alice");
    bot.fake
        .wait_for("the owner's answer", |sent| {
            texts(sent)
                .iter()
                .any(|t| t.starts_with("<b>Alice Smith</b>"))
        })
        .await;
    bot.fake.wait_until_consumed().await;
    bot.stop().await;

    let owner_chat = OWNER.to_string();
    for sent in bot.fake.visible() {
        let chat = sent.body["chat_id"].to_string();
        if chat == owner_chat {
            continue;
        }
        let text = sent.body["text"].as_str().unwrap_or_default();
        assert_eq!(
            text, REFUSAL,
            "a stranger saw more than the refusal: {sent:?}"
        );
    }
    // Set aside what the owner's own message wrote (which message is about Alice), then
    // nothing else may have changed.
    let mut store = bot.store();
    for sent in bot
        .fake
        .visible()
        .iter()
        .filter(|s| s.body["chat_id"] == OWNER)
    {
        store
            .forget_message_subject(OWNER, sent.message_id.unwrap())
            .unwrap();
    }
    assert_eq!(
        store.data_fingerprint().unwrap(),
        before,
        "strangers changed nothing"
    );
    super::validate::requests(&bot.fake.outbox());
}
