//! Someone on Telegram can be written to from wherever kith brings them up: the message
//! `kith run` sends for a follow-up with a time carries **Open chat** beside its buttons.

use chrono::{Duration, NaiveTime};
use kith::domain::model::PersonId;
use kith::engine::{Engine, Preferences};
use kith::store::{NewFollowUp, TelegramIdentity};

use super::*;

#[test]
fn a_timed_follow_up_opens_the_chat_with_someone_on_telegram() {
    let mut chat = Chat::open();
    let alice = PersonId(1);
    chat.store
        .set_telegram_identity(
            alice,
            &TelegramIdentity {
                id: Some(4242),
                username: Some("alice_smith".into()),
            },
        )
        .unwrap();
    chat.store
        .add_follow_up(&NewFollowUp {
            person: alice,
            due_on: day("2026-11-26"),
            due_at: Some(NaiveTime::from_hms_opt(8, 30, 0).unwrap()),
            text: "ask about Lisbon".into(),
            repeat: None,
        })
        .unwrap();
    let preferences = Preferences::from(&chat.settings);
    let sent = Engine::new(&mut chat.store, &preferences)
        .due_follow_ups(chat.now, Duration::hours(12))
        .unwrap();
    assert_eq!(sent.len(), 1, "{sent:?}");
    let links: Vec<(&str, Option<&str>)> = sent[0]
        .buttons
        .iter()
        .flatten()
        .map(|b| (b.label.as_str(), b.url()))
        .filter(|(_, url)| url.is_some())
        .collect();
    assert_eq!(links, [("Open chat", Some("https://t.me/alice_smith"))]);
}

#[test]
fn the_digest_opens_the_chat_with_someone_to_reach_out_to() {
    let mut chat = Chat::open();
    let digest = chat.send("/digest");
    let messages: Vec<&kith::engine::Reply> = std::iter::once(&digest)
        .chain(digest.followups.iter())
        .collect();
    let first_overdue = messages
        .iter()
        .flat_map(|m| m.buttons.iter().flatten())
        .find_map(|b| b.data().strip_prefix("l:").map(str::to_owned))
        .expect("someone to reach out to");
    let person = PersonId(first_overdue.parse().unwrap());
    chat.store
        .set_telegram_identity(
            person,
            &TelegramIdentity {
                id: Some(5151),
                username: None,
            },
        )
        .unwrap();
    let digest = chat.send("/digest");
    let links: Vec<(String, String)> = std::iter::once(&digest)
        .chain(digest.followups.iter())
        .flat_map(|m| m.buttons.iter().flatten())
        .filter_map(|b| b.url().map(|url| (b.label.clone(), url.to_owned())))
        .collect();
    assert_eq!(
        links,
        [("1. Open chat".to_owned(), "tg://user?id=5151".to_owned())],
        "{}",
        digest.render_plain()
    );
}
