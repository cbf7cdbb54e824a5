//! The address book's bookkeeping: the links, the questions, the people not in the
//! book, a person gone from kith, and what `kith check` finds in rows broken by hand.

use kith::domain::card::{CardFields, Field, PhoneKind};
use kith::domain::error::Refusal;
use kith::domain::model::PersonId;
use kith::store::{CardAsk, LinkState, LinkWrite};
use rusqlite::Connection;

use super::*;

pub const BOOK: &str = "https://dav.example.com/ana/contacts/";

pub fn linked(person: PersonId, uid: &str) -> LinkWrite {
    LinkWrite {
        person: Some(person),
        href: Some(format!("/ana/contacts/{uid}.vcf")),
        uid: uid.to_owned(),
        etag: Some("\"1\"".into()),
        synced: CardFields::new(),
        card: Some(format!(
            "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:{uid}\r\nFN:Card {uid}\r\nEND:VCARD\r\n"
        )),
        state: LinkState::Linked,
    }
}

fn refusal(error: kith::store::Error) -> Refusal {
    match error {
        kith::store::Error::Refused(refusal) => refusal,
        other => panic!("not a refusal: {other}"),
    }
}

#[test]
fn links_are_written_and_read_one_per_uid_place_and_person() {
    let mut store = store();
    let ana = person(&mut store, "Ana Lima");
    let bob = person(&mut store, "Bob Brown");
    let mut write = linked(ana, "ana-uid");
    write.synced.set(Field::GivenName, "Ana");
    write
        .synced
        .set_list(Field::Phone(PhoneKind::Mobile), ["+351912345678"]);
    let id = store.insert_card_link(BOOK, &write).unwrap();
    let link = store.card_link(id).unwrap().unwrap();
    assert_eq!(
        (
            link.book.as_str(),
            link.person,
            link.uid.as_str(),
            link.state
        ),
        (BOOK, Some(ana), "ana-uid", LinkState::Linked)
    );
    assert_eq!(link.synced, write.synced);
    assert_eq!(store.card_links(BOOK).unwrap(), std::slice::from_ref(&link));
    assert!(store.card_links("https://other/").unwrap().is_empty());
    assert_eq!(store.card_text(id).unwrap(), write.card);
    // One card per UID, per place and per person in a book; another book is another.
    for clash in [
        LinkWrite {
            href: Some("/x.vcf".into()),
            ..linked(bob, "ana-uid")
        },
        LinkWrite {
            uid: "other".into(),
            ..linked(bob, "ana-uid")
        },
        LinkWrite {
            href: Some("/y.vcf".into()),
            ..linked(ana, "third")
        },
    ] {
        assert!(store.insert_card_link(BOOK, &clash).is_err(), "{clash:?}");
    }
    assert!(store.insert_card_link("https://other/", &write).is_ok());
    // Every column rewritten.
    write.etag = Some("\"2\"".into());
    write.card = Some("BEGIN:VCARD\r\nEND:VCARD\r\n".into());
    store.update_card_link(id, &write).unwrap();
    assert_eq!(
        store.card_link(id).unwrap().unwrap().etag.as_deref(),
        Some("\"2\"")
    );
    assert_eq!(store.card_text(id).unwrap(), write.card);
}

#[test]
fn links_are_moved_by_the_owners_answers_and_forgotten() {
    let mut store = store();
    let ana = person(&mut store, "Ana Lima");
    let write = linked(ana, "ana-uid");
    let id = store.insert_card_link(BOOK, &write).unwrap();
    // A conflict settled: the field counts as synced at the value the owner chose.
    store
        .settle_card_field(id, Field::Phone(PhoneKind::Mobile), "+49151\n+351912345678")
        .unwrap();
    store.settle_card_field(id, Field::GivenName, "").unwrap();
    let synced = store.card_link(id).unwrap().unwrap().synced;
    assert_eq!(
        synced.get(Field::Phone(PhoneKind::Mobile)),
        "+351912345678\n+49151"
    );
    assert_eq!(synced.get(Field::GivenName), "");
    // "Put back" forgets the card's place; other states keep it.
    store
        .set_card_link_state(id, LinkState::RemovedOnCard)
        .unwrap();
    let link = store.card_link(id).unwrap().unwrap();
    assert_eq!(
        (link.state, link.href.is_some()),
        (LinkState::RemovedOnCard, true)
    );
    store.set_card_link_state(id, LinkState::ToAdd).unwrap();
    let link = store.card_link(id).unwrap().unwrap();
    assert_eq!(
        (link.state, link.href, link.etag, link.uid.as_str()),
        (LinkState::ToAdd, None, None, "ana-uid")
    );
    assert_eq!(
        store.card_text(id).unwrap(),
        write.card,
        "the card's text is kept"
    );
    // A state the link cannot be in is refused by the schema; nothing changes.
    assert!(store.set_card_link_state(id, LinkState::Linked).is_err());
    assert_eq!(
        store.card_link(id).unwrap().unwrap().state,
        LinkState::ToAdd
    );
    store.delete_card_link(id).unwrap();
    assert_eq!(store.card_link(id).unwrap(), None);
    assert_eq!(store.card_text(id).unwrap(), None);
    for missing in [
        store.update_card_link(id, &write),
        store.set_card_link_state(id, LinkState::KithOnly),
        store.settle_card_field(id, Field::Title, "CTO"),
        store.delete_card_link(id),
    ] {
        assert!(matches!(
            refusal(missing.unwrap_err()),
            Refusal::NotFound { id: found, .. } if found == id
        ));
    }
}

#[test]
fn the_address_book_is_the_one_synced_last() {
    let mut store = store();
    assert_eq!(store.address_book().unwrap(), None);
    store.record_sync_error("google:primary", "x").unwrap();
    assert_eq!(store.address_book().unwrap(), None);
    store.record_sync_error("carddav:https://a/", "x").unwrap();
    store.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap(),
    ));
    store.record_sync_error("carddav:https://b/", "x").unwrap();
    assert_eq!(store.address_book().unwrap().as_deref(), Some("https://b/"));
    store.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 26, 11, 0, 0).unwrap(),
    ));
    store.record_sync_error("carddav:https://a/", "y").unwrap();
    assert_eq!(store.address_book().unwrap().as_deref(), Some("https://a/"));
}

#[test]
fn a_question_is_asked_once_and_listed_oldest_first() {
    let mut store = store();
    let ana = person(&mut store, "Ana Lima");
    let bob = person(&mut store, "Bob Brown");
    let ana_link = store.insert_card_link(BOOK, &linked(ana, "ana")).unwrap();
    let bob_link = store.insert_card_link(BOOK, &linked(bob, "bob")).unwrap();
    let mobile = |card: &str, kith: &str| CardAsk::Conflict {
        field: Field::Phone(PhoneKind::Mobile),
        card: card.into(),
        kith: kith.into(),
    };
    let first = store
        .ask_card_question(ana_link, &mobile("+351", "+49"))
        .unwrap()
        .unwrap();
    // The same question again is not asked twice; its values follow the sides.
    assert_eq!(
        store
            .ask_card_question(ana_link, &mobile("+352", "+49"))
            .unwrap(),
        None
    );
    let title = CardAsk::Conflict {
        field: Field::Title,
        card: "CTO".into(),
        kith: "CEO".into(),
    };
    store.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap(),
    ));
    let second = store.ask_card_question(ana_link, &title).unwrap().unwrap();
    store
        .set_card_link_state(bob_link, LinkState::RemovedOnCard)
        .unwrap();
    let third = store
        .ask_card_question(bob_link, &CardAsk::RemovedOnCard)
        .unwrap()
        .unwrap();
    assert!(
        store
            .ask_card_question(bob_link, &CardAsk::RemovedOnCard)
            .unwrap()
            .is_none()
    );
    let (total, open) = store.open_card_questions(2).unwrap();
    assert_eq!(total, 3);
    assert_eq!(
        open.iter().map(|q| q.id).collect::<Vec<_>>(),
        [first, second]
    );
    assert_eq!(open[0].name, "Ana Lima");
    assert_eq!(open[0].ask, mobile("+352", "+49"));
    assert_eq!(open[0].asked_at, "2026-11-26T09:00:00Z");
    assert_eq!((open[0].link, open[0].person), (ana_link, Some(ana)));
    let asked = store.card_question(third).unwrap().unwrap();
    assert_eq!(
        (asked.name.as_str(), asked.ask, asked.answer),
        ("Bob Brown", CardAsk::RemovedOnCard, None)
    );
}

#[test]
fn a_question_is_answered_once() {
    let mut store = store();
    let ana = person(&mut store, "Ana Lima");
    let ana_link = store.insert_card_link(BOOK, &linked(ana, "ana")).unwrap();
    let mobile = |card: &str| CardAsk::Conflict {
        field: Field::Phone(PhoneKind::Mobile),
        card: card.into(),
        kith: "+49".into(),
    };
    let first = store
        .ask_card_question(ana_link, &mobile("+351"))
        .unwrap()
        .unwrap();
    store
        .ask_card_question(ana_link, &CardAsk::RemovedInKith)
        .unwrap();
    // Answered once; a second press, or a question never asked, is refused.
    store.answer_card_question(first, "kith").unwrap();
    assert_eq!(
        store
            .card_question(first)
            .unwrap()
            .unwrap()
            .answer
            .as_deref(),
        Some("kith")
    );
    assert!(matches!(
        refusal(store.answer_card_question(first, "card").unwrap_err()),
        Refusal::AlreadyAnswered
    ));
    assert_eq!(
        store
            .card_question(first)
            .unwrap()
            .unwrap()
            .answer
            .as_deref(),
        Some("kith")
    );
    assert!(matches!(
        refusal(store.answer_card_question(999, "kith").unwrap_err()),
        Refusal::NotFound { id: 999, .. }
    ));
    assert_eq!(store.card_question(999).unwrap(), None);
    assert_eq!(store.open_card_questions(10).unwrap().0, 1);
    // Once answered, the same question can be asked anew.
    assert!(
        store
            .ask_card_question(ana_link, &mobile("+353"))
            .unwrap()
            .is_some()
    );
    assert!(
        store
            .ask_card_question(12_345, &CardAsk::RemovedInKith)
            .is_err()
    );
}

#[test]
fn a_person_gone_from_kith_leaves_their_card_to_be_asked_about_named_by_it() {
    let mut store = store();
    let ana = person(&mut store, "Ana Lima");
    let twin = person(&mut store, "Ana Lima");
    let waiting = person(&mut store, "Carla Dias");
    let link = store.insert_card_link(BOOK, &linked(twin, "twin")).unwrap();
    let conflict = CardAsk::Conflict {
        field: Field::Title,
        card: "CTO".into(),
        kith: "CEO".into(),
    };
    store.ask_card_question(link, &conflict).unwrap();
    store.add_people_to_book(BOOK, &[waiting]).unwrap();
    store.merge_people(ana, twin).unwrap();
    let kept = store.card_link(link).unwrap().unwrap();
    assert_eq!((kept.state, kept.person), (LinkState::RemovedInKith, None));
    assert_eq!(
        store.open_card_questions(10).unwrap().0,
        0,
        "its conflict is dropped"
    );
    let asked = store
        .ask_card_question(link, &CardAsk::RemovedInKith)
        .unwrap()
        .unwrap();
    // With no person, the question names the card by its FN.
    assert_eq!(
        store.card_question(asked).unwrap().unwrap().name,
        "Card twin"
    );
    // A card asked for and never written goes with its person.
    store
        .begin_change(kith::domain::actor::Actor::Chat(1))
        .unwrap();
    let nina = person(&mut store, "Nina Alves");
    let change = store.finish_change("Added Nina").unwrap().unwrap();
    store.add_people_to_book(BOOK, &[nina]).unwrap();
    store.undo_change(change).unwrap();
    assert!(
        store
            .card_links(BOOK)
            .unwrap()
            .iter()
            .all(|l| l.person != Some(nina))
    );
    assert!(store.address_book_problems().unwrap().is_empty());
}

#[test]
fn people_outside_the_book_are_listed_added_or_kept_out() {
    let mut store = store();
    let zoe = person(&mut store, "Zoë Müller");
    let ana = person(&mut store, "ana lima");
    let bob = person(&mut store, "Bob Brown");
    let carla = person(&mut store, "Carla Dias");
    let gone = person(&mut store, "Archie Ved");
    store.set_archived(gone, true).unwrap();
    store
        .insert_card_link(BOOK, &linked(carla, "carla"))
        .unwrap();
    let (total, page) = store.people_without_card(BOOK, 2, 0).unwrap();
    assert_eq!(total, 3);
    assert_eq!(
        page,
        [(ana, "ana lima".to_owned()), (bob, "Bob Brown".to_owned())]
    );
    let (_, page) = store.people_without_card(BOOK, 2, 2).unwrap();
    assert_eq!(page, [(zoe, "Zoë Müller".to_owned())]);
    assert_eq!(
        store
            .people_without_card("https://other/", 10, 0)
            .unwrap()
            .0,
        4
    );
    // Added: a `to_add` link with a UID of its own, once.
    assert_eq!(
        store.add_people_to_book(BOOK, &[ana, bob, carla]).unwrap(),
        2
    );
    assert_eq!(store.add_people_to_book(BOOK, &[ana]).unwrap(), 0);
    let links = store.card_links(BOOK).unwrap();
    let uids: Vec<(Option<PersonId>, &str, LinkState)> = links
        .iter()
        .map(|l| (l.person, l.uid.as_str(), l.state))
        .collect();
    assert_eq!(
        uids,
        [
            (Some(carla), "carla", LinkState::Linked),
            (Some(ana), "kith-2-2", LinkState::ToAdd),
            (Some(bob), "kith-3-3", LinkState::ToAdd),
        ]
    );
    assert_eq!(store.people_without_card(BOOK, 10, 0).unwrap().0, 1);
    // Kept out: never offered again; a card asked for is not written after all.
    store.keep_out_of_book(BOOK, zoe).unwrap();
    store.keep_out_of_book(BOOK, bob).unwrap();
    assert_eq!(store.people_without_card(BOOK, 10, 0).unwrap(), (0, vec![]));
    let states: Vec<(Option<PersonId>, LinkState)> = store
        .card_links(BOOK)
        .unwrap()
        .iter()
        .map(|l| (l.person, l.state))
        .collect();
    assert_eq!(
        states,
        [
            (Some(carla), LinkState::Linked),
            (Some(ana), LinkState::ToAdd),
            (Some(bob), LinkState::KithOnly),
            (Some(zoe), LinkState::KithOnly),
        ]
    );
    // Someone whose card is in the book is not kept out; nothing changes. Once the card
    // is removed from the book, they can be.
    assert!(store.keep_out_of_book(BOOK, carla).is_err());
    let carla_link = store.card_links(BOOK).unwrap()[0].id;
    store
        .set_card_link_state(carla_link, LinkState::RemovedOnCard)
        .unwrap();
    store.keep_out_of_book(BOOK, carla).unwrap();
    let link = store.card_link(carla_link).unwrap().unwrap();
    assert_eq!((link.state, link.href), (LinkState::KithOnly, None));
    assert!(store.add_people_to_book(BOOK, &[PersonId(999)]).is_err());
    assert_eq!(store.card_links(BOOK).unwrap().len(), 4);
}

/// Rows broken by hand (sqlite3 on the file): each is named by table and row.
#[test]
fn kith_check_names_each_broken_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    let ana = person(&mut store, "Ana Lima");
    let bob = person(&mut store, "Bob Brown");
    let ana_link = store.insert_card_link(BOOK, &linked(ana, "ana")).unwrap();
    let bob_link = store.insert_card_link(BOOK, &linked(bob, "bob")).unwrap();
    store
        .ask_card_question(
            ana_link,
            &CardAsk::Conflict {
                field: Field::Title,
                card: "CTO".into(),
                kith: "CEO".into(),
            },
        )
        .unwrap();
    assert_eq!(store.address_book_problems().unwrap(), Vec::<String>::new());
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(&format!(
        "UPDATE card_links SET synced = 'bogus' WHERE id = {ana_link};
         UPDATE card_links SET state = 'card_only' WHERE id = {bob_link};
         INSERT INTO card_questions (link_id, kind, asked_at) VALUES ({bob_link}, 'removed_on_card', 'x');
         INSERT INTO card_questions (link_id, kind, field, asked_at) VALUES ({ana_link}, 'conflict', 'shoe size', 'x');
         DROP INDEX card_links_person;
         INSERT INTO card_links (book, person_id, href, uid, updated_at) VALUES ('{BOOK}', {ana}, '/again.vcf', 'again', 'x');
         PRAGMA ignore_check_constraints = ON;
         INSERT INTO card_links (book, uid, updated_at) VALUES ('{BOOK}', 'orphan', 'x');",
        ana = ana.0
    ))
    .unwrap();
    assert_eq!(
        store.address_book_problems().unwrap(),
        [
            "card_links row 1: its synced fields do not read (no tab in \"bogus\")".to_owned(),
            "card_links row 3 links a person already linked in the same address book by row 1"
                .into(),
            "card_links row 4 is linked but has no person or no card on the server".into(),
            "card_questions row 2 is an open question on a card whose link is card_only".into(),
            "card_questions row 3 asks about \"shoe size\", a field kith does not know".into(),
        ]
    );
}
