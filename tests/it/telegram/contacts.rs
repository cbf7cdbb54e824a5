//! Contacts shared to the bot through the real dispatcher: with and without a Telegram
//! user id, with and without the vCard Telegram attaches (a realistic 3.0 card with TEL,
//! EMAIL, BDAY and ORG), each answered with who was added or completed, and the
//! database holding exactly that; a card and a /stale page with **Open chat** sent as
//! inline URL buttons.

use serde_json::{Value, json};

use kith::domain::model::{EmailAddress, PersonId};

use super::fake::DATE;
use super::*;

/// Queues a contact the owner shares in their private chat.
fn share(fake: &FakeTelegram, id: i64, contact: Value) {
    fake.push(json!({
        "message": {
            "message_id": id,
            "date": DATE,
            "chat": { "id": OWNER, "type": "private", "first_name": "Owner" },
            "from": { "id": OWNER, "is_bot": false, "first_name": "Owner" },
            "contact": contact,
        }
    }));
}

/// A vCard 3.0 as phones attach it to a shared contact.
const BRUNO_CARD: &str = "BEGIN:VCARD\nVERSION:3.0\nN:Costa;Bruno;;;\nFN:Bruno Costa\nTEL;TYPE=CELL:+351 912 000 111\nTEL;TYPE=WORK:+351 213 000 222\nEMAIL;TYPE=INTERNET:bruno@costa.pt\nBDAY:1988-02-29\nORG:Costa Vinhos;Export\nEND:VCARD";

/// Every URL button of a sent message, as (label, url).
fn url_buttons(sent: &Sent) -> Vec<(String, String)> {
    sent.body["reply_markup"]["inline_keyboard"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| row.as_array().cloned().unwrap_or_default())
        .filter_map(|b| {
            Some((
                b["text"].as_str()?.to_owned(),
                b["url"].as_str()?.to_owned(),
            ))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shared_contacts_create_and_complete_people() {
    let mut bot = Running::start().await;
    let fake = bot.fake.clone();

    // Only a number and a name: a new person.
    share(
        &fake,
        801,
        json!({ "phone_number": "+351911222333", "first_name": "Ana", "last_name": "Souza" }),
    );
    let sent = fake.wait_for("the first answer", |s| !s.is_empty()).await;
    assert_eq!(
        texts(&sent)[0],
        "Added Ana Souza: phone +351911222333.",
        "{sent:#?}"
    );

    // A Telegram user with the card their phone attached: every field of it, and the id.
    share(
        &fake,
        802,
        json!({
            "phone_number": "351912000111", "first_name": "Bruno", "last_name": "Costa",
            "user_id": 5_550_001, "vcard": BRUNO_CARD
        }),
    );
    let sent = fake.wait_for("the second answer", |s| s.len() >= 2).await;
    assert_eq!(
        texts(&sent)[1],
        "Added Bruno Costa: phone +351912000111, phone +351213000222, address bruno@costa.pt, birthday 29 February 1988, Telegram, work at Costa Vinhos.",
        "{sent:#?}"
    );

    // Alice's address on a card with her Telegram id: she is completed, not doubled.
    share(
        &fake,
        803,
        json!({
            "phone_number": "+49 170 1234567", "first_name": "Alice", "last_name": "Smith",
            "user_id": 5_550_002,
            "vcard": "BEGIN:VCARD\nVERSION:3.0\nN:Smith;Alice;;;\nFN:Alice Smith\nEMAIL:alice@acme.io\nEND:VCARD"
        }),
    );
    let sent = fake.wait_for("the third answer", |s| s.len() >= 3).await;
    assert_eq!(
        texts(&sent)[2],
        "Completed Alice Smith (#1): filled phone +491701234567, Telegram.",
        "{sent:#?}"
    );
    assert!(
        button(&sent[2], "Undo").starts_with("un:"),
        "a shared contact's answer carries Undo"
    );

    // Her card opens a chat with her, by id: an inline URL button.
    fake.message(OWNER, OWNER, "/person Alice Smith");
    let sent = fake.wait_for("her card", |s| s.len() >= 4).await;
    assert_eq!(
        url_buttons(&sent[3]),
        [("Open chat".to_owned(), "tg://user?id=5550002".to_owned())],
        "{:#?}",
        sent[3]
    );

    // Someone overdue with a username: /stale's row under theirs opens t.me.
    fake.message(
        OWNER,
        OWNER,
        "/set Crowd Member00 telegram @crowd_member_00",
    );
    fake.wait_for("the username set", |s| s.len() >= 5).await;
    fake.message(OWNER, OWNER, "/stale crowd");
    let sent = fake.wait_for("the stale page", |s| s.len() >= 6).await;
    assert!(
        url_buttons(&sent[5]).contains(&(
            "1. Open chat".to_owned(),
            "https://t.me/crowd_member_00".to_owned()
        )),
        "{:#?}",
        sent[5]
    );
    fake.wait_until_consumed().await;
    bot.stop().await;

    let store = bot.store();
    let ana = store.find("Ana Souza", 10).unwrap();
    assert_eq!(ana.len(), 1, "{ana:?}");
    let bruno = store.person_by_telegram_id(5_550_001).unwrap().unwrap();
    let phones: Vec<String> = store
        .phones_of(bruno)
        .unwrap()
        .into_iter()
        .map(|p| format!("{} {}", p.number, p.kind))
        .collect();
    assert_eq!(phones, ["+351912000111 mobile", "+351213000222 work"]);
    assert_eq!(
        store
            .person_by_email(&EmailAddress::parse("bruno@costa.pt").unwrap())
            .unwrap()
            .map(|p| p.id),
        Some(bruno)
    );
    assert_eq!(
        store
            .birthday_of(bruno)
            .unwrap()
            .map(|b| b.shown())
            .as_deref(),
        Some("29 February 1988")
    );
    assert_eq!(
        store.person_by_telegram_id(5_550_002).unwrap(),
        Some(PersonId(1)),
        "Alice got the id"
    );
    assert_eq!(store.person(PersonId(1)).unwrap().name(), "Alice Smith");
    super::validate::requests(&fake.outbox());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owners_own_contact_a_bare_number_and_a_card_with_a_bad_line() {
    let mut bot = Running::start().await;
    let fake = bot.fake.clone();
    share(
        &fake,
        811,
        json!({ "phone_number": "4900000999", "first_name": "Me", "last_name": "Myself", "user_id": OWNER }),
    );
    let sent = fake.wait_for("the first answer", |s| !s.is_empty()).await;
    assert_eq!(
        texts(&sent)[0],
        "That's you: kith keeps the people you know, so nothing was changed.",
        "{sent:#?}"
    );
    share(
        &fake,
        812,
        json!({ "phone_number": "+351912345678", "first_name": "Helena", "last_name": "Marques" }),
    );
    share(
        &fake,
        813,
        json!({ "phone_number": "351 91 234 5678", "first_name": "Helena", "last_name": "Marques" }),
    );
    let sent = fake.wait_for("the bare number", |s| s.len() >= 3).await;
    assert_eq!(
        texts(&sent)[2],
        "Nothing new about Helena Marques.",
        "{sent:#?}"
    );
    share(
        &fake,
        814,
        json!({
            "phone_number": "+48600111222", "first_name": "Alice", "last_name": "Smith",
            "vcard": "BEGIN:VCARD\nVERSION:3.0\nFN:Alice Smith\nEMAIL;TYPE=INTERNET:alice@acme.io\nBDAY:1985-02-30\nNOTE:met at conf\nURL:https://linkedin.com/in/alice-s\nADR;TYPE=HOME:;;Rua A 1;Lisboa;;1000-001;Portugal\nEND:VCARD"
        }),
    );
    let sent = fake.wait_for("the card's answer", |s| s.len() >= 4).await;
    assert_eq!(
        texts(&sent)[3],
        "Completed Alice Smith (#1): filled phone +48600111222, LinkedIn https://linkedin.com/in/alice-s, notes.\nThe card's line BDAY:1985-02-30 could not be read (\"1985-02-30\" is not a valid birthday: expected a date such as 12 April, 1985-04-12 or 12.04.1985); the rest of the card was used. Its postal address is not kept: kith has no place for one.",
        "{sent:#?}"
    );
    fake.wait_until_consumed().await;
    bot.stop().await;
    let store = bot.store();
    assert_eq!(store.person_by_telegram_id(OWNER).unwrap(), None);
    assert_eq!(store.find("Helena Marques", 10).unwrap().len(), 1);
    let alice = store.person(PersonId(1)).unwrap();
    assert!(alice.notes.contains("met at conf"), "{}", alice.notes);
    super::validate::requests(&fake.outbox());
}
