//! The address book's conversation: the digest's section, `/addressbook` with and without a
//! synced book, each question's buttons (conflict, removed on the card, removed in kith),
//! the offer of the people without a card (**Add them all**, **Choose**, **Add**, **Not in
//! the address book**), stale and forged presses, and Undo of what changes the network.
//! Links and questions are seeded through the store, as the sync leaves them.

use expect_test::expect;

use super::*;
use kith::domain::actor::Actor;
use kith::domain::card::{CardFields, Field, PhoneKind};
use kith::domain::model::PersonId;
use kith::engine::Effect;
use kith::engine::address_book::AddressBookDigest;
use kith::engine::digest::{DigestData, compose};
use kith::store::{CardAsk, CardQuestion, LinkState, LinkWrite, SyncBatch};

const BOOK: &str = "https://dav.example/ana/contacts/";
const BOB_JONES: PersonId = PersonId(1);
const ALICE: PersonId = PersonId(2);

/// The chat after a first sync of `BOOK`.
fn synced() -> Chat {
    let mut chat = Chat::open();
    chat.store
        .apply_sync(
            &format!("carddav:{BOOK}"),
            &SyncBatch::default(),
            Some("token-1"),
        )
        .unwrap();
    chat
}

/// A link of `BOOK` for `person`, in `state`.
fn link(chat: &mut Chat, person: Option<PersonId>, uid: &str, state: LinkState) -> i64 {
    let placed = !matches!(state, LinkState::ToAdd | LinkState::KithOnly);
    chat.store
        .insert_card_link(
            BOOK,
            &LinkWrite {
                person,
                href: placed.then(|| format!("/ana/contacts/{uid}.vcf")),
                uid: uid.into(),
                etag: placed.then(|| "\"1\"".into()),
                synced: CardFields::new(),
                card: None,
                state,
            },
        )
        .unwrap()
}

fn mobile_conflict() -> CardAsk {
    CardAsk::Conflict {
        field: Field::Phone(PhoneKind::Mobile),
        card: "+351 912 345 678".into(),
        kith: "+49 151 1234 5678".into(),
    }
}

/// Alice's mobile changed on both sides: the question's id.
fn alice_conflict(chat: &mut Chat) -> i64 {
    chat.store
        .add_phone(ALICE, "+49 151 1234 5678", "mobile")
        .unwrap();
    let link = link(chat, Some(ALICE), "alice", LinkState::Linked);
    chat.store
        .ask_card_question(link, &mobile_conflict())
        .unwrap()
        .unwrap()
}

fn question(id: i64, name: &str, ask: CardAsk) -> CardQuestion {
    CardQuestion {
        id,
        link: id,
        person: Some(PersonId(id)),
        name: name.into(),
        ask,
        asked_at: "2026-11-26T08:00:00Z".into(),
        answer: None,
    }
}

/// The digest's section, composed from what the store gives (pure).
#[test]
fn the_digest_asks_each_question_then_offers_the_people_without_a_card() {
    let data = DigestData {
        day: day("2026-11-26"),
        due: vec![],
        more_due: 0,
        unknown: vec![],
        more_unknown: 0,
        partners: vec![],
        more_partners: 0,
        duplicates: vec![],
        yesterday: vec![],
        overdue: vec![],
        chats: vec![],
        dates: vec![],
        when_empty: kith::config::settings::DigestWhenEmpty::Silent,
        address_book: AddressBookDigest {
            questions: vec![
                question(1, "Ana Souza", mobile_conflict()),
                question(
                    2,
                    "Ana Souza",
                    CardAsk::Conflict {
                        field: Field::Birthday,
                        card: "1985-04-12".into(),
                        kith: String::new(),
                    },
                ),
                question(3, "Bob Brown", CardAsk::RemovedOnCard),
                question(4, "Carol Chen", CardAsk::RemovedInKith),
            ],
            more: 3,
            without_card: 143,
        },
    };
    expect![[r#"
        Digest for 2026-11-26 (Thursday)
        Address book: 7 questions from the last sync.

        Ana Souza's mobile: the phone says +351 912 345 678, kith says +49 151 1234 5678
        [Keep kith's] abk:1
        [Take the phone's] abt:1

        Ana Souza's birthday: the phone says 12 April 1985, kith says nothing
        [Keep kith's] abk:2
        [Take the phone's] abt:2

        Removed from your address book: Bob Brown
        [Archive in kith] aba:3
        [Put back] abp:3
        [Keep in kith only] abo:3

        Gone from kith, still in your address book: Carol Chen
        [Delete the card] abd:4
        [Keep the card] abc:4

        And 3 more: /addressbook
        [More ▸] abq:0

        143 people in kith are not in your address book.
        [Add them all] abn
        [Choose] abl:0"#]]
    .assert_eq(&compose(&data).unwrap().render_plain());
    let offer_only = DigestData {
        address_book: AddressBookDigest {
            questions: vec![],
            more: 0,
            without_card: 1,
        },
        ..data
    };
    expect![[r#"
        Digest for 2026-11-26 (Thursday)
        Address book: 1 person in kith is not in your address book.
        [Add them all] abn
        [Choose] abl:0"#]]
    .assert_eq(&compose(&offer_only).unwrap().render_plain());
}

#[test]
fn addressbook_before_any_sync_says_how_to_set_one_up() {
    let mut chat = Chat::open();
    check(
        &mut chat,
        "/addressbook",
        expect![[r#"
            No address book is synced yet: set KITH_CARDDAV_URL (README: Sync your address book)."#]],
    );
    let reply = chat.press("abn");
    assert_eq!(
        reply.body,
        "No address book is synced yet: set KITH_CARDDAV_URL (README: Sync your address book)."
    );
}

/// An address-book change in /history reads "address book · …", and Undo takes it back.
#[test]
fn an_address_book_change_is_in_history_and_undone_from_there() {
    let mut chat = Chat::open();
    chat.store.begin_change(Actor::AddressBook).unwrap();
    chat.store
        .add_phone(ALICE, "+351 912 345 678", "mobile")
        .unwrap();
    let change = chat
        .store
        .finish_change("Alice Smith's mobile +351 912 345 678 added")
        .unwrap()
        .unwrap();
    let history = chat.press("hi:2:0");
    assert!(
        history
            .body
            .contains("address book · Alice Smith's mobile +351 912 345 678 added"),
        "{}",
        history.render_plain()
    );
    let undone = chat.press(&format!("un:{}", change.0));
    assert!(undone.body.starts_with("Undone:"), "{}", undone.body);
    assert!(chat.store.phones_of(ALICE).unwrap().is_empty());
}

// The tests below read and write links and questions through the store's address-book
// calls (crates/store/src/address_book.rs).

#[test]
fn addressbook_lists_the_questions_a_page_at_a_time_then_the_offer() {
    let mut chat = synced();
    for index in 0..12 {
        let person = chat
            .store
            .create_person(&NewPerson::named(&format!("Card Person {index:02}")))
            .unwrap();
        let link = link(
            &mut chat,
            Some(person),
            &format!("p{index}"),
            LinkState::Linked,
        );
        chat.store
            .ask_card_question(link, &mobile_conflict())
            .unwrap();
    }
    let first = chat.send("/addressbook");
    let text = first.render_plain();
    assert!(text.starts_with("Your address book asks\n1. Card Person 00's mobile: the phone says +351 912 345 678, kith says +49 151 1234 5678"), "{text}");
    assert!(text.contains("\n1–10 of 12"), "{text}");
    assert!(
        text.contains("4 people in kith are not in your address book."),
        "{text}"
    );
    assert!(text.contains("[1. Keep kith's] abk:"), "{text}");
    assert!(text.contains("[▶] abq:10"), "{text}");
    let second = chat.press("abq:10").render_plain();
    assert!(second.contains("11. Card Person 10's mobile"), "{second}");
    assert!(second.contains("[◀] abq:0"), "{second}");
    check(
        &mut chat,
        "press abq:40",
        expect![[r#"
            No more — 12 in all.
            [◀ First page] abq:0"#]],
    );
}

#[test]
fn nothing_to_ask_when_every_question_is_answered_and_everyone_has_a_card() {
    let mut chat = synced();
    let people: Vec<PersonId> = (1..=4).map(PersonId).collect();
    assert_eq!(chat.store.add_people_to_book(BOOK, &people).unwrap(), 4);
    check(
        &mut chat,
        "/addressbook",
        expect!["Nothing to ask about your address book."],
    );
}

#[test]
fn keep_kiths_settles_the_field_and_syncs_and_a_second_press_says_it_was_answered() {
    let mut chat = synced();
    let id = alice_conflict(&mut chat);
    let reply = chat.press(&format!("abk:{id}"));
    assert_eq!(
        reply.body,
        "Kept kith's mobile for Alice Smith; the address book gets it at the next sync."
    );
    assert_eq!(reply.effect, Some(Effect::Sync { full: false }));
    let asked = chat.store.card_question(id).unwrap().unwrap();
    assert_eq!(asked.answer.as_deref(), Some("you kept kith's mobile"));
    let link = chat.store.card_link(asked.link).unwrap().unwrap();
    assert_eq!(
        link.synced.get(Field::Phone(PhoneKind::Mobile)),
        "+351 912 345 678"
    );
    for again in [format!("abk:{id}"), format!("abt:{id}")] {
        let reply = chat.press(&again);
        assert_eq!(reply.body, "Already answered: you kept kith's mobile.");
    }
    assert_eq!(chat.store.phones_of(ALICE).unwrap().len(), 1);
}

#[test]
fn take_the_phones_writes_the_cards_value_into_kith_with_undo() {
    let mut chat = synced();
    let id = alice_conflict(&mut chat);
    let reply = chat.press(&format!("abt:{id}"));
    let text = reply.render_plain();
    assert!(
        text.starts_with("Took the phone's mobile for Alice Smith: +351 912 345 678."),
        "{text}"
    );
    let numbers: Vec<String> = chat
        .store
        .phones_of(ALICE)
        .unwrap()
        .into_iter()
        .map(|phone| phone.number)
        .collect();
    assert!(
        numbers
            .iter()
            .any(|n| n.replace(' ', "") == "+351912345678"),
        "{numbers:?}"
    );
    let undo = Chat::button(&reply, "Undo");
    let undone = chat.press(&undo);
    assert!(undone.body.starts_with("Undone:"), "{}", undone.body);
    let numbers: Vec<String> = chat
        .store
        .phones_of(ALICE)
        .unwrap()
        .into_iter()
        .map(|phone| phone.number)
        .collect();
    assert!(
        !numbers
            .iter()
            .any(|n| n.replace(' ', "") == "+351912345678"),
        "{numbers:?}"
    );
}

#[test]
fn a_card_removed_from_the_address_book_is_archived_put_back_or_kept_in_kith() {
    let mut chat = synced();
    let mut asked = Vec::new();
    for (person, uid) in [
        (ALICE, "alice"),
        (BOB_JONES, "bob"),
        (PersonId(3), "marley"),
    ] {
        let link = link(&mut chat, Some(person), uid, LinkState::RemovedOnCard);
        let id = chat
            .store
            .ask_card_question(link, &CardAsk::RemovedOnCard)
            .unwrap()
            .unwrap();
        asked.push((id, link));
    }
    let digest = chat.send("/digest").render_plain();
    assert!(
        digest.contains("Removed from your address book: Alice Smith\n[Archive in kith] aba:"),
        "{digest}"
    );

    let archived = chat.press(&format!("aba:{}", asked[0].0));
    assert!(
        archived.body.starts_with("Archived Alice Smith in kith"),
        "{}",
        archived.body
    );
    assert!(chat.store.person(ALICE).unwrap().archived);
    let state = |chat: &Chat, link: i64| chat.store.card_link(link).unwrap().unwrap().state;
    assert_eq!(state(&chat, asked[0].1), LinkState::KithOnly);
    let undone = chat.press(&Chat::button(&archived, "Undo"));
    assert!(undone.body.starts_with("Undone:"), "{}", undone.body);
    assert!(!chat.store.person(ALICE).unwrap().archived);

    let back = chat.press(&format!("abp:{}", asked[1].0));
    assert_eq!(
        back.body,
        "Bob Jones's card will be written back to your address book at the next sync."
    );
    assert_eq!(back.effect, Some(Effect::Sync { full: false }));
    assert_eq!(state(&chat, asked[1].1), LinkState::ToAdd);

    let kept = chat.press(&format!("abo:{}", asked[2].0));
    assert_eq!(
        kept.body,
        "Bob Marley stays in kith only: never written to your address book again."
    );
    assert_eq!(state(&chat, asked[2].1), LinkState::KithOnly);
    // A button of another kind of question is forged.
    assert_eq!(
        chat.press(&format!("abd:{}", asked[2].0)).body,
        "This button has expired."
    );
}

#[test]
fn a_person_gone_from_kith_has_their_card_deleted_or_kept() {
    let mut chat = synced();
    let mut asked = Vec::new();
    for uid in ["gone-1", "gone-2"] {
        let link = link(&mut chat, None, uid, LinkState::RemovedInKith);
        let id = chat
            .store
            .ask_card_question(link, &CardAsk::RemovedInKith)
            .unwrap()
            .unwrap();
        asked.push((id, link));
    }
    let deleted = chat.press(&format!("abd:{}", asked[0].0));
    assert!(
        deleted
            .body
            .ends_with("card will be deleted from your address book at the next sync."),
        "{}",
        deleted.body
    );
    assert_eq!(deleted.effect, Some(Effect::Sync { full: false }));
    let state = |chat: &Chat, link: i64| chat.store.card_link(link).unwrap().unwrap().state;
    assert_eq!(state(&chat, asked[0].1), LinkState::ToDelete);
    let kept = chat.press(&format!("abc:{}", asked[1].0));
    assert!(
        kept.body
            .ends_with("card stays in your address book, left alone."),
        "{}",
        kept.body
    );
    assert_eq!(state(&chat, asked[1].1), LinkState::CardOnly);
    assert_eq!(
        chat.press(&format!("abc:{}", asked[1].0)).body,
        "Already answered: you kept the card."
    );
}

#[test]
fn a_press_after_the_person_was_merged_away_says_so_and_changes_nothing() {
    let mut chat = synced();
    let id = alice_conflict(&mut chat);
    // Alice merged into Bob Jones: her open conflicts are dropped with her.
    let merged = chat.press("m:1:2");
    assert!(merged.body.starts_with("Merged Alice Smith into Bob Jones"));
    let phones = chat.store.phones_of(BOB_JONES).unwrap();
    check(
        &mut chat,
        &format!("press abt:{id}"),
        expect![[r#"
            (notice) This question is no longer asked: its person left kith since (merged into someone else, or removed). Nothing was changed."#]],
    );
    assert_eq!(chat.store.phones_of(BOB_JONES).unwrap(), phones);
}

#[test]
fn a_removed_card_question_of_a_person_merged_away_says_so() {
    let mut chat = synced();
    let link = link(&mut chat, Some(ALICE), "alice", LinkState::RemovedOnCard);
    let id = chat
        .store
        .ask_card_question(link, &CardAsk::RemovedOnCard)
        .unwrap()
        .unwrap();
    chat.press("m:1:2");
    let reply = chat.press(&format!("aba:{id}"));
    assert!(
        reply.body.starts_with("This question is no longer asked"),
        "{}",
        reply.body
    );
    assert!(!chat.store.person(BOB_JONES).unwrap().archived);
}

#[test]
fn forged_question_ids_expire() {
    let mut chat = synced();
    for data in ["abk:999", "abt:0", "aba:-1", "abq:x", "aby:999"] {
        assert_eq!(chat.press(data).body, "This button has expired.", "{data}");
    }
}

#[test]
fn add_them_all_gives_everyone_a_card_at_the_next_sync() {
    let mut chat = synced();
    let offer = chat.send("/addressbook").render_plain();
    assert!(
        offer.contains("4 people in kith are not in your address book."),
        "{offer}"
    );
    let reply = chat.press("abn");
    assert_eq!(
        reply.body,
        "4 people will be added to your address book at the next sync."
    );
    assert_eq!(reply.effect, Some(Effect::Sync { full: false }));
    assert!(
        chat.store
            .card_links(BOOK)
            .unwrap()
            .iter()
            .all(|link| link.state == LinkState::ToAdd)
    );
    assert_eq!(
        chat.press("abn").body,
        "Everyone in kith is in your address book already."
    );
}

#[test]
fn choose_pages_the_people_without_a_card_each_to_add_or_keep_out() {
    let mut chat = synced();
    for index in 0..8 {
        chat.store
            .create_person(&NewPerson::named(&format!("Extra Person {index}")))
            .unwrap();
    }
    let page = chat.press("abl:0").render_plain();
    assert!(page.starts_with("Not in your address book\n1. "), "{page}");
    assert!(page.contains("\n1–10 of 12"), "{page}");
    assert!(page.contains("[1. Add] aby:"), "{page}");
    assert!(page.contains("[1. Not in the address book] abx:"), "{page}");
    assert!(page.contains("[▶] abl:10"), "{page}");
    assert!(chat.press("abl:10").render_plain().contains("[◀] abl:0"));

    let added = chat.press("aby:2");
    assert_eq!(
        added.body,
        "Alice Smith will be added to your address book at the next sync."
    );
    assert_eq!(added.effect, Some(Effect::Sync { full: false }));
    let out = chat.press("abx:1");
    assert_eq!(
        out.body,
        "Bob Jones stays out of your address book: never offered or written again."
    );
    let links = chat.store.card_links(BOOK).unwrap();
    let state_of = |person| {
        links
            .iter()
            .find(|link| link.person == Some(person))
            .map(|link| link.state)
    };
    assert_eq!(state_of(ALICE), Some(LinkState::ToAdd));
    assert_eq!(state_of(BOB_JONES), Some(LinkState::KithOnly));
    for again in ["aby:1", "abx:2"] {
        assert!(
            chat.press(again).body.contains("nothing was changed"),
            "{again}"
        );
    }
    let (left, _) = chat.store.people_without_card(BOOK, 0, 0).unwrap();
    assert_eq!(left, 10);
}

/// The page and the answers as the owner reads them.
#[test]
fn the_addressbook_page_and_a_taken_value_read_plainly() {
    let mut chat = synced();
    let conflict = alice_conflict(&mut chat);
    let bob = link(&mut chat, Some(BOB_JONES), "bob", LinkState::RemovedOnCard);
    chat.store
        .ask_card_question(bob, &CardAsk::RemovedOnCard)
        .unwrap();
    check(
        &mut chat,
        "/addressbook",
        expect![[r#"
        Your address book asks
        1. Alice Smith's mobile: the phone says +351 912 345 678, kith says +49 151 1234 5678
        2. Removed from your address book: Bob Jones

        2 people in kith are not in your address book.
        [1. Keep kith's] abk:1
        [1. Take the phone's] abt:1
        [2. Archive in kith] aba:2
        [2. Put back] abp:2
        [2. Keep in kith only] abo:2
        [Add them all] abn
        [Choose] abl:0"#]],
    );
    check(
        &mut chat,
        &format!("press abt:{conflict}"),
        expect![[r#"
        Took the phone's mobile for Alice Smith: +351 912 345 678.
        [Alice Smith ▸] p:2
        [Address book ▸] abq:0
        [↩ Undo] un:1"#]],
    );
    check(
        &mut chat,
        &format!("press abk:{conflict}"),
        expect!["(notice) Already answered: you took the phone's mobile."],
    );
}
