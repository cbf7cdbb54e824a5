//! A contact shared to the bot: created, or completed the way imports complete (matched
//! by Telegram account, phone number or address, never by name alone); the answer says
//! what was filled and what was kept; a namesake is a new person and a /dupes pair; a
//! contact that is two people's changes nothing; sharing it again changes nothing; a
//! card that could not be read is said and the rest used. Each change has **Undo**.

use expect_test::expect;
use kith::domain::contact::Birthday;
use kith::domain::import::ImportPerson;
use kith::domain::model::{EmailAddress, EmailKind, PersonId};
use kith::domain::telegram::SharedContact;
use kith::engine::{Engine, Input, Reply};
use kith::store::TelegramIdentity;

use super::*;

/// The hand-made network's ids (`Chat::populate`).
const BOB_JONES: PersonId = PersonId(1);
const ALICE: PersonId = PersonId(2);
const ZOE: PersonId = PersonId(4);

/// The network as its export has it (what an undo must give back exactly).
fn network(chat: &Chat) -> serde_json::Value {
    chat.store.export_json().unwrap()
}

/// Shares `contact` in the chat and renders the answer as `check` does.
fn share(chat: &mut Chat, contact: SharedContact) -> Reply {
    Engine::new(
        &mut chat.store,
        &kith::engine::Preferences::from(&chat.settings),
    )
    .handle(1, Input::Contact(Box::new(contact)), chat.now)
}

fn ana(user_id: Option<i64>) -> SharedContact {
    SharedContact {
        phone: "+351 912 345 678".into(),
        first_name: "Ana".into(),
        last_name: Some("Souza".into()),
        user_id,
        ..SharedContact::default()
    }
}

#[test]
fn a_new_contact_is_added_with_its_number_and_telegram_and_undo_takes_it_back() {
    let mut chat = Chat::open();
    let before = network(&chat);
    let added = share(&mut chat, ana(Some(777)));
    expect![[r#"
        Added Ana Souza: phone +351912345678, Telegram.
        [Ana Souza ▸] p:5
        [↩ Undo] un:1"#]]
    .assert_eq(&added.render_plain());
    let ana_id = chat.store.person_by_telegram_id(777).unwrap().unwrap();
    let card = chat.send("/p Ana Souza");
    assert!(
        card.body.contains("Phone: +351912345678 (mobile)"),
        "{}",
        card.body
    );
    assert!(card.body.contains("Telegram: user 777"), "{}", card.body);
    assert_eq!(
        card.buttons.iter().flatten().find_map(|b| b.url()),
        Some("tg://user?id=777")
    );
    let history = chat.send("/history Ana Souza");
    assert!(
        history
            .body
            .contains("Added Ana Souza: phone +351912345678, Telegram."),
        "{}",
        history.body
    );
    chat.press(&Chat::button(&added, "Undo"));
    assert!(chat.store.person(ana_id).is_err());
    assert_eq!(network(&chat), before);
}

#[test]
fn the_same_contact_shared_twice_is_nothing_new_and_changes_nothing() {
    let mut chat = Chat::open();
    share(&mut chat, ana(Some(777)));
    let before = chat.store.content_fingerprint().unwrap();
    // Without its user id it is still found, by its number (written another way).
    let mut again = ana(None);
    again.phone = "00351 912 345 678".into();
    for contact in [ana(Some(777)), again] {
        expect![[r#"
            Nothing new about Ana Souza.
            [Ana Souza ▸] p:5"#]]
        .assert_eq(&share(&mut chat, contact).render_plain());
    }
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
}

#[test]
fn a_contact_completes_who_its_address_is_and_keeps_a_different_birthday() {
    let mut chat = Chat::open();
    chat.store
        .set_birthday(ALICE, Some(Birthday::parse("3 May").unwrap()))
        .unwrap();
    let card = ImportPerson {
        given_name: "Alice".into(),
        family_name: "Smith".into(),
        emails: vec![(
            EmailAddress::parse("alice@acme.io").unwrap(),
            EmailKind::Work,
            true,
        )],
        phones: vec![("+49 170 1234567".into(), "work".into())],
        birthday: Some(Birthday::parse("4 May").unwrap().stored()),
        employment: vec![("Acme Labs".into(), Some("CTO".into()), true)],
        ..ImportPerson::default()
    };
    let contact = SharedContact {
        phone: "+351 911 111 111".into(),
        first_name: "Alice".into(),
        last_name: Some("Smith".into()),
        user_id: Some(4242),
        card: Some(card),
        card_problem: None,
    };
    let before = network(&chat);
    let completed = share(&mut chat, contact);
    expect![[r#"
        Completed Alice Smith (#2): filled phone +351911111111, phone +491701234567, Telegram; kept birthday 3 May (the card says 4 May).
        [Alice Smith ▸] p:2
        [↩ Undo] un:1"#]]
    .assert_eq(&completed.render_plain());
    assert_eq!(chat.store.person(ALICE).unwrap().telegram.id, Some(4242));
    chat.press(&Chat::button(&completed, "Undo"));
    assert_eq!(network(&chat), before);
}

#[test]
fn a_contact_with_only_a_first_name_and_a_number_is_added() {
    let mut chat = Chat::open();
    let contact = SharedContact {
        phone: "+44 7700 900123".into(),
        first_name: "Priya".into(),
        ..SharedContact::default()
    };
    expect![[r#"
        Added Priya: phone +447700900123.
        [Priya ▸] p:5
        [↩ Undo] un:1"#]]
    .assert_eq(&share(&mut chat, contact).render_plain());
}

#[test]
fn a_national_number_is_read_in_the_owners_region_and_matches() {
    let mut chat = Chat::open();
    chat.settings.phone_region = Some("PT".into());
    chat.send("/set Bob Jones phone +351 912 345 678");
    let mut contact = ana(None);
    contact.phone = "912 345 678".into();
    expect![[r#"
        Completed Bob Jones (#1): filled alias Ana Souza.
        [Bob Jones ▸] p:1
        [↩ Undo] un:2"#]]
    .assert_eq(&share(&mut chat, contact).render_plain());
}

#[test]
fn a_namesake_is_a_new_person_and_a_dupes_pair() {
    let mut chat = Chat::open();
    let contact = SharedContact {
        phone: "+1 415 555 0100".into(),
        first_name: "Alice".into(),
        last_name: Some("Smith".into()),
        user_id: Some(99),
        ..SharedContact::default()
    };
    expect![[r#"
        Added Alice Smith: phone +14155550100, Telegram. There is already an Alice Smith (#2) — /dupes compares them.
        [Alice Smith ▸] p:5
        [↩ Undo] un:1"#]]
    .assert_eq(&share(&mut chat, contact).render_plain());
    let dupes = chat.send("/dupes");
    assert!(dupes.body.contains("Alice Smith"), "{}", dupes.body);
    assert!(
        dupes
            .buttons
            .iter()
            .flatten()
            .any(|b| b.label.contains("Merge")),
        "{}",
        dupes.render_plain()
    );
}

#[test]
fn a_contact_that_is_two_peoples_changes_nothing_and_names_both() {
    let mut chat = Chat::open();
    chat.send("/set Bob Jones phone +351 912 345 678");
    chat.store
        .set_telegram_identity(
            ZOE,
            &TelegramIdentity {
                id: Some(777),
                username: None,
            },
        )
        .unwrap();
    let before = chat.store.content_fingerprint().unwrap();
    expect![[r#"
        The contact "Ana Souza" matches 2 people in kith: Zoë Müller (#4, by the same Telegram account), Bob Jones (#1, by +351912345678). kith never guesses between two people, so nothing was changed (if they are one, /dupes merges them).
        [Zoë Müller ▸] p:4
        [Bob Jones ▸] p:1"#]]
    .assert_eq(&share(&mut chat, ana(Some(777))).render_plain());
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
    assert!(chat.store.person(BOB_JONES).unwrap().telegram.is_empty());
}

#[test]
fn a_card_that_could_not_be_read_at_all_is_said_and_the_rest_used() {
    let mut chat = Chat::open();
    let mut contact = ana(Some(777));
    contact.card_problem = Some("the shared contact: card 1 has no END:VCARD".into());
    expect![[r#"
        Added Ana Souza: phone +351912345678, Telegram.
        The card sent with it could not be read (the shared contact: card 1 has no END:VCARD); the number, name and Telegram account were used.
        [Ana Souza ▸] p:5
        [↩ Undo] un:1"#]]
    .assert_eq(&share(&mut chat, contact).render_plain());
}

#[test]
fn a_contact_with_nothing_that_identifies_them_changes_nothing() {
    let mut chat = Chat::open();
    let before = chat.store.content_fingerprint().unwrap();
    let contact = SharedContact {
        phone: "call me".into(),
        first_name: "Ana".into(),
        ..SharedContact::default()
    };
    expect![[r#"
        The contact "Ana" has no number, address or Telegram account kith could read, so nothing was changed. Add them with /new."#]]
    .assert_eq(&share(&mut chat, contact).render_plain());
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
}

#[test]
fn a_telegram_users_number_without_its_plus_is_international() {
    let mut chat = Chat::open();
    share(&mut chat, ana(Some(777)));
    let mut bare = ana(Some(777));
    bare.phone = "351912345678".into();
    bare.user_id = Some(777);
    expect![[r#"
        Nothing new about Ana Souza.
        [Ana Souza ▸] p:5"#]]
    .assert_eq(&share(&mut chat, bare).render_plain());
    // A number from the owner's address book is read as written (no user id): a
    // national one stays national without a region.
    let contact = SharedContact {
        phone: "0912 345 678".into(),
        first_name: "Rui".into(),
        ..SharedContact::default()
    };
    expect![[r#"
        Added Rui: phone 0912 345 678.
        [Rui ▸] p:6
        [↩ Undo] un:2"#]]
    .assert_eq(&share(&mut chat, contact).render_plain());
}

#[test]
fn chat_days_that_waited_for_the_contacts_account_are_logged_with_them() {
    use kith::domain::telegram::{ChatDay, TelegramUser};
    let mut chat = Chat::open();
    let partner = TelegramUser {
        id: 777,
        first_name: "Ana".into(),
        ..TelegramUser::default()
    };
    let days: Vec<ChatDay> = ["2026-11-20", "2026-11-24"]
        .iter()
        .map(|on| ChatDay {
            partner: partner.clone(),
            day: day(on),
        })
        .collect();
    chat.store.log_chat_days(&days).unwrap();
    let before = network(&chat);
    let added = share(&mut chat, ana(Some(777)));
    expect![[r#"
        Added Ana Souza: phone +351912345678, Telegram.
        2 chat days with them that waited for their Telegram account are logged.
        [Ana Souza ▸] p:5
        [↩ Undo] un:1"#]]
    .assert_eq(&added.render_plain());
    let ana_id = chat.store.person_by_telegram_id(777).unwrap().unwrap();
    assert_eq!(chat.store.count_interactions_of(ana_id).unwrap(), 2);
    chat.press(&Chat::button(&added, "Undo"));
    assert_eq!(network(&chat), before, "Undo gives the waiting days back");
}

#[test]
fn a_number_without_its_plus_made_a_second_person_and_was_stored_as_sent() {
    let mut chat = Chat::open();
    share(&mut chat, ana(Some(777)));
    let before = chat.store.content_fingerprint().unwrap();
    // Telegram sends an address-book contact's number without its "+", as digits or
    // spaced: it is international, so it is Ana's number, not a new person's.
    for phone in ["351912345678", "351 91 234 5678"] {
        let contact = SharedContact {
            phone: phone.into(),
            first_name: "Ana".into(),
            last_name: Some("Souza".into()),
            ..SharedContact::default()
        };
        expect![[r#"
            Nothing new about Ana Souza.
            [Ana Souza ▸] p:5"#]]
        .assert_eq(&share(&mut chat, contact).render_plain());
    }
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
    // A new person's bare number is kept in E.164.
    let contact = SharedContact {
        phone: "49 170 1234567".into(),
        first_name: "Rui".into(),
        ..SharedContact::default()
    };
    expect![[r#"
        Added Rui: phone +491701234567.
        [Rui ▸] p:6
        [↩ Undo] un:2"#]]
    .assert_eq(&share(&mut chat, contact).render_plain());
}

#[test]
fn sharing_the_owners_own_contact_created_a_person_holding_the_owners_account() {
    let mut chat = Chat::open();
    let before = chat.store.content_fingerprint().unwrap();
    // `share` speaks in chat 1: the owner's private chat, so the owner is user 1.
    let me = SharedContact {
        phone: "+4900000999".into(),
        first_name: "Me".into(),
        last_name: Some("Myself".into()),
        user_id: Some(1),
        ..SharedContact::default()
    };
    expect![[r#"
        That's you: kith keeps the people you know, so nothing was changed."#]]
    .assert_eq(&share(&mut chat, me).render_plain());
    assert_eq!(chat.store.content_fingerprint().unwrap(), before);
    assert_eq!(chat.store.person_by_telegram_id(1).unwrap(), None);
}

#[test]
fn a_card_with_one_bad_line_was_said_unread_and_its_note_and_url_dropped() {
    let mut chat = Chat::open();
    let vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:Zoe M\nEMAIL;TYPE=INTERNET:zoe@gmail.com\nBDAY:1985-02-30\nNOTE:met at conf\nURL:https://linkedin.com/in/zoem\nADR;TYPE=HOME:;;Rua A 1;Lisboa;;1000-001;Portugal\nEND:VCARD";
    let read = kith::moving::import::vcard::shared::read_shared(vcard);
    let contact = SharedContact {
        phone: "+48600111222".into(),
        first_name: "Zoe".into(),
        last_name: Some("M".into()),
        card: read.card,
        card_problem: read.problem,
        ..SharedContact::default()
    };
    let before = network(&chat);
    let answer = share(&mut chat, contact);
    expect![[r#"
        Completed Zoë Müller (#4): filled phone +48600111222, alias Zoe M, LinkedIn https://linkedin.com/in/zoem, notes.
        The card's line BDAY:1985-02-30 could not be read ("1985-02-30" is not a valid birthday: expected a date such as 12 April, 1985-04-12 or 12.04.1985); the rest of the card was used. Its postal address is not kept: kith has no place for one.
        [Zoë Müller ▸] p:4
        [↩ Undo] un:1"#]]
    .assert_eq(&answer.render_plain());
    let zoe = chat.store.person(ZOE).unwrap();
    assert!(zoe.notes.contains("met at conf"), "{}", zoe.notes);
    chat.press(&Chat::button(&answer, "Undo"));
    assert_eq!(network(&chat), before);
}
