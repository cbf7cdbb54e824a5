//! kith's side of a card: one person's synced fields, and every linked card of a book
//! read at once — the same, person by person, on the whole demo network.

use kith::domain::card::{Field, PhoneKind};
use kith::domain::contact::Birthday;
use kith::domain::model::{EmailKind, PersonId};
use kith::store::{EmploymentStatus, LinkState, PersonField};

use super::address_book::{BOOK, linked};
use super::*;

#[test]
fn a_persons_card_fields_are_what_kith_knows_of_them() {
    let mut store = store();
    let ana = person(&mut store, "Ana Lima");
    store
        .add_email(ana, &address("ana@acme.io"), EmailKind::Work)
        .unwrap();
    store
        .add_email(ana, &address("ana@home.pt"), EmailKind::Personal)
        .unwrap();
    store
        .add_email(ana, &address("ana.lima@acme.io"), EmailKind::Work)
        .unwrap();
    store.add_phone(ana, "+351912345678", "mobile").unwrap();
    store.add_phone(ana, "+4930123456", "work").unwrap();
    store
        .set_birthday(ana, Some(Birthday::parse("1990-04-01").unwrap()))
        .unwrap();
    let old = store.organization_named("Old Co").unwrap();
    store
        .set_employment(ana, old, Some("Intern"), EmploymentStatus::Former)
        .unwrap();
    let acme = store.organization_named("Acme").unwrap();
    store
        .set_employment(ana, acme, Some("CTO"), EmploymentStatus::Current)
        .unwrap();
    store
        .set_person_field(
            ana,
            PersonField::Notes("Met at RustConf.\nLikes tea.\n\n2026-01-02: called".into()),
        )
        .unwrap();
    let fields = store.person_card_fields(ana).unwrap();
    let expected = [
        (Field::GivenName, "Ana"),
        (Field::FamilyName, "Lima"),
        (
            Field::Email(EmailKind::Work),
            "ana.lima@acme.io\nana@acme.io",
        ),
        (Field::Email(EmailKind::Personal), "ana@home.pt"),
        (Field::Phone(PhoneKind::Mobile), "+351912345678"),
        (Field::Phone(PhoneKind::Work), "+4930123456"),
        (Field::Birthday, "1990-04-01"),
        (Field::Organization, "Acme"),
        (Field::Title, "CTO"),
        (Field::Note, "Met at RustConf.\nLikes tea."),
    ];
    let got: Vec<(Field, &str)> = fields.iter().collect();
    assert_eq!(got, expected);
    // The name shown only when it is not "given family"; a long note cut with "…".
    store
        .set_person_field(ana, PersonField::DisplayName(Some("Ana Lima".into())))
        .unwrap();
    assert_eq!(
        store
            .person_card_fields(ana)
            .unwrap()
            .get(Field::DisplayName),
        ""
    );
    store
        .set_person_field(ana, PersonField::DisplayName(Some("Aninha".into())))
        .unwrap();
    store
        .set_person_field(ana, PersonField::Notes("x".repeat(700)))
        .unwrap();
    let fields = store.person_card_fields(ana).unwrap();
    assert_eq!(fields.get(Field::DisplayName), "Aninha");
    assert_eq!(fields.get(Field::Note).chars().count(), 500);
    assert!(fields.get(Field::Note).ends_with("x…"));
    // Two current jobs: the one updated last; none: no organization and no title.
    let bolt = store.organization_named("Bolt").unwrap();
    store
        .set_employment(ana, bolt, Some("Advisor"), EmploymentStatus::Current)
        .unwrap();
    let fields = store.person_card_fields(ana).unwrap();
    assert_eq!(
        (fields.get(Field::Organization), fields.get(Field::Title)),
        ("Bolt", "Advisor")
    );
    let bob = person(&mut store, "Bob");
    let fields = store.person_card_fields(bob).unwrap();
    assert_eq!(
        fields.iter().collect::<Vec<_>>(),
        [(Field::GivenName, "Bob")]
    );
    assert!(store.person_card_fields(PersonId(9_999)).is_err());
}

/// Every person of the demo network (with numbers, birthdays and names shown added to
/// some), linked: the book read at once says for each what reading them one by one says.
#[test]
fn a_books_linked_fields_are_each_persons_own() {
    let mut store = store();
    store
        .insert_network(&kith::synthetic::generate(
            kith::synthetic::Scale::default(),
            1,
            today(),
        ))
        .unwrap();
    let (total, people) = store.people_without_card(BOOK, 10_000, 0).unwrap();
    assert!(total > 1_000, "{total} people");
    for (n, (id, name)) in people.iter().enumerate() {
        if n % 3 == 0 {
            let kind = PhoneKind::ALL[n % 4].as_str();
            store
                .add_phone(*id, &format!("+49170{n:07}"), kind)
                .unwrap();
        }
        if n % 5 == 0 {
            let birthday = format!("--{:02}-{:02}", n % 12 + 1, n % 28 + 1);
            store
                .set_birthday(*id, Some(Birthday::parse(&birthday).unwrap()))
                .unwrap();
        }
        if n % 11 == 0 {
            let other = address(&format!("someone{n}@example.org"));
            store.add_email(*id, &other, EmailKind::Other).unwrap();
        }
        if n % 7 == 0 {
            let shown = format!("{name} ({n})");
            store
                .set_person_field(*id, PersonField::DisplayName(Some(shown)))
                .unwrap();
        }
    }
    let mut links = Vec::new();
    for (n, (id, _)) in people.iter().enumerate() {
        let mut link = linked(*id, &format!("card-{n}"));
        if n % 50 == 0 {
            link.state = LinkState::CardOnly;
        }
        links.push((
            store.insert_card_link(BOOK, &link).unwrap(),
            *id,
            link.state,
        ));
    }
    let read = store.linked_card_fields(BOOK).unwrap();
    let expected: Vec<(i64, PersonId)> = links
        .iter()
        .filter(|(_, _, state)| *state == LinkState::Linked)
        .map(|(link, person, _)| (*link, *person))
        .collect();
    assert_eq!(
        read.iter().map(|(l, p, _)| (*l, *p)).collect::<Vec<_>>(),
        expected
    );
    let mut kinds = std::collections::BTreeSet::new();
    for (_, person, fields) in &read {
        assert_eq!(
            fields,
            &store.person_card_fields(*person).unwrap(),
            "person {}",
            person.0
        );
        kinds.extend(fields.iter().map(|(field, _)| field));
    }
    // The network holds every kind of field, so each was compared.
    for field in Field::all() {
        assert!(kinds.contains(&field), "no one has a {field}");
    }
    assert!(
        store
            .linked_card_fields("https://elsewhere/")
            .unwrap()
            .is_empty()
    );
}
