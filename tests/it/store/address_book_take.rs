//! Taking a card's values into a person: each field made exactly the card's, told in
//! words, an address that is someone else's left theirs, and the whole of it one change
//! the address book made, which Undo takes back.

use kith::domain::actor::Actor;
use kith::domain::card::{Field, PhoneKind};
use kith::domain::contact::Birthday;
use kith::domain::model::{EmailKind, PersonId};
use kith::store::{EmploymentStatus, PersonField, Taken};

use super::*;

/// Ana as kith has her before the card's values come in.
fn ana(store: &mut Store) -> PersonId {
    let ana = person(store, "Ana Lima");
    store
        .add_email(ana, &address("ana@acme.io"), EmailKind::Work)
        .unwrap();
    store
        .add_email(ana, &address("ana@home.pt"), EmailKind::Personal)
        .unwrap();
    store.add_phone(ana, "+4915112345", "mobile").unwrap();
    store.add_phone(ana, "+4930999", "home").unwrap();
    let acme = store.organization_named("Acme").unwrap();
    store
        .set_employment(ana, acme, Some("CEO"), EmploymentStatus::Current)
        .unwrap();
    store
        .set_person_field(
            ana,
            PersonField::Notes("Met at RustConf.\n\n2026-01-02: called".into()),
        )
        .unwrap();
    ana
}

fn take(store: &mut Store, person: PersonId, changes: &[(Field, &str)]) -> Taken {
    let changes: Vec<(Field, String)> = changes
        .iter()
        .map(|(field, value)| (*field, (*value).to_owned()))
        .collect();
    store.take_card_fields(person, &changes).unwrap()
}

#[test]
fn each_field_is_made_the_cards_and_told_in_words() {
    let mut store = store();
    let ana = ana(&mut store);
    let mobile = Field::Phone(PhoneKind::Mobile);
    let taken = take(
        &mut store,
        ana,
        &[
            (Field::GivenName, "Ana Maria"),
            (Field::DisplayName, "Aninha"),
            (mobile, "+351912345678"),
            (Field::Phone(PhoneKind::Home), "+4930999\n+4930888"),
            (Field::Birthday, "1990-04-01"),
            (Field::Title, "CTO"),
            (Field::Note, "Met at RustConf 2025."),
        ],
    );
    assert_eq!(
        taken.changed,
        [
            "given name set to Ana Maria",
            "name shown set to Aninha",
            "mobile +351912345678 added",
            "home phone +4930888 added",
            "mobile +4915112345 removed",
            "birthday set to 1 April 1990",
            "title set to CTO",
            "note changed",
        ]
    );
    assert!(taken.problems.is_empty(), "{:?}", taken.problems);
    let person = store.person(ana).unwrap();
    assert_eq!(person.name(), "Aninha");
    assert_eq!(person.notes, "Met at RustConf 2025.\n\n2026-01-02: called");
    assert_eq!(
        name_key(&store, ana),
        "aninha ana maria lima",
        "the search key follows"
    );
    let fields = store.person_card_fields(ana).unwrap();
    assert_eq!(fields.get(mobile), "+351912345678");
    assert_eq!(
        fields.get(Field::Phone(PhoneKind::Home)),
        "+4930888\n+4930999"
    );
    assert_eq!(fields.get(Field::Title), "CTO");
    assert_eq!(fields.get(Field::Birthday), "1990-04-01");
    // Taking the same values again changes nothing.
    let again = take(
        &mut store,
        ana,
        &[(Field::Title, "CTO"), (mobile, "+351912345678")],
    );
    assert_eq!(again, Taken::default());
}

#[test]
fn cleared_fields_are_cleared_and_a_nameless_card_is_not_taken() {
    let mut store = store();
    let ana = ana(&mut store);
    store
        .set_birthday(ana, Some(Birthday::parse("--04-01").unwrap()))
        .unwrap();
    let taken = take(
        &mut store,
        ana,
        &[
            (Field::FamilyName, ""),
            (Field::Email(EmailKind::Personal), ""),
            (Field::Phone(PhoneKind::Home), ""),
            (Field::Birthday, ""),
            (Field::Organization, ""),
            (Field::Note, ""),
        ],
    );
    assert_eq!(
        taken.changed,
        [
            "family name cleared",
            "personal email ana@home.pt removed",
            "home phone +4930999 removed",
            "birthday cleared",
            "organization cleared",
            "note cleared",
        ]
    );
    let person = store.person(ana).unwrap();
    assert_eq!(
        (person.name().as_str(), person.notes.as_str()),
        ("Ana", "2026-01-02: called")
    );
    let fields = store.person_card_fields(ana).unwrap();
    assert_eq!(
        fields.iter().map(|(f, _)| f).collect::<Vec<_>>(),
        [
            Field::GivenName,
            Field::Email(EmailKind::Work),
            Field::Phone(PhoneKind::Mobile),
            Field::Note,
        ]
    );
    // No name left: the names stay; a title without a job, a date that can't be read:
    // each a problem, nothing changed.
    let taken = take(
        &mut store,
        ana,
        &[
            (Field::GivenName, ""),
            (Field::Title, "CTO"),
            (Field::Birthday, "the 32nd"),
        ],
    );
    assert_eq!(taken.changed, Vec::<String>::new());
    assert_eq!(
        taken.problems,
        [
            "the card has no name: kept “Ana”",
            "the card's birthday “the 32nd” can't be read: kept kith's",
            "title “CTO” not taken: kith keeps a title on a current job, and there is none",
        ]
    );
    assert_eq!(
        taken.left,
        [Field::GivenName, Field::Birthday, Field::Title]
    );
    assert_eq!(store.person(ana).unwrap().name(), "Ana");
}

#[test]
fn addresses_are_made_the_cards_and_someone_elses_stays_theirs() {
    let mut store = store();
    let ana = ana(&mut store);
    let bob = person(&mut store, "Bob Brown");
    store
        .add_email(bob, &address("bob@acme.io"), EmailKind::Work)
        .unwrap();
    // Known to kith, nobody's (an attendee): linked to Ana.
    store
        .set_email_ignored(&address("a.lima@gmail.com"), false)
        .unwrap();
    let taken = take(
        &mut store,
        ana,
        &[
            (Field::Email(EmailKind::Work), "bob@acme.io\nlima@acme.io"),
            (
                Field::Email(EmailKind::Personal),
                "ana@home.pt\nana@acme.io",
            ),
            (
                Field::Email(EmailKind::Other),
                "a.lima@gmail.com\nnot an address",
            ),
        ],
    );
    assert_eq!(
        taken.changed,
        [
            "work email lima@acme.io added",
            "personal email ana@acme.io added",
            "email a.lima@gmail.com added",
        ]
    );
    assert_eq!(
        taken.problems,
        [
            "the card's email “not an address” is not an address: left out",
            "bob@acme.io is Bob Brown's in kith: left theirs",
        ]
    );
    assert_eq!(
        taken.left,
        [
            Field::Email(EmailKind::Other),
            Field::Email(EmailKind::Work)
        ]
    );
    let fields = store.person_card_fields(ana).unwrap();
    assert_eq!(fields.get(Field::Email(EmailKind::Work)), "lima@acme.io");
    assert_eq!(
        fields.get(Field::Email(EmailKind::Personal)),
        "ana@acme.io\nana@home.pt",
        "moved from work to personal, not removed"
    );
    assert_eq!(
        fields.get(Field::Email(EmailKind::Other)),
        "a.lima@gmail.com"
    );
    assert_eq!(
        store
            .email(&address("bob@acme.io"))
            .unwrap()
            .unwrap()
            .person_id,
        Some(bob)
    );
}

#[test]
fn a_new_organization_is_the_current_job_and_keeps_the_title() {
    let mut store = store();
    let ana = ana(&mut store);
    let taken = take(&mut store, ana, &[(Field::Organization, "Bolt")]);
    assert_eq!(taken.changed, ["organization set to Bolt"]);
    let fields = store.person_card_fields(ana).unwrap();
    assert_eq!(
        (fields.get(Field::Organization), fields.get(Field::Title)),
        ("Bolt", "CEO")
    );
    let jobs: Vec<(String, EmploymentStatus)> = store
        .employment_of(ana)
        .unwrap()
        .into_iter()
        .map(|job| (job.organization, job.status))
        .collect();
    assert_eq!(
        jobs,
        [
            ("Bolt".to_owned(), EmploymentStatus::Current),
            ("Acme".to_owned(), EmploymentStatus::Former),
        ]
    );
    // An organization kith knows (any letter case) is found, not made again; with a title.
    let taken = take(
        &mut store,
        ana,
        &[(Field::Organization, "ACME"), (Field::Title, "CTO")],
    );
    assert_eq!(
        taken.changed,
        ["organization set to Acme", "title set to CTO"]
    );
    let fields = store.person_card_fields(ana).unwrap();
    assert_eq!(
        (fields.get(Field::Organization), fields.get(Field::Title)),
        ("Acme", "CTO")
    );
    assert!(store.organization_by_name("ACME").unwrap().is_some());
}

/// The sync's way: one change by the address book around the taking; Undo of that
/// change puts Ana back as she was.
#[test]
fn undo_of_a_taken_card_restores_the_person() {
    let mut store = store();
    let ana = ana(&mut store);
    let before = store.person_card_fields(ana).unwrap();
    store.begin_change(Actor::AddressBook).unwrap();
    let taken = take(
        &mut store,
        ana,
        &[
            (Field::Phone(PhoneKind::Mobile), "+351912345678"),
            (Field::Title, "CTO"),
            (Field::Organization, "Bolt"),
            (Field::Email(EmailKind::Work), "lima@acme.io"),
            (Field::Birthday, "1990-04-01"),
            (Field::Note, "New note"),
            (Field::GivenName, "Anna"),
        ],
    );
    assert_eq!(taken.changed.len(), 9, "{:?}", taken.changed);
    let change = store
        .finish_change("address book · Ana's card")
        .unwrap()
        .unwrap();
    assert_eq!(store.change(change).unwrap().actor, Actor::AddressBook);
    assert_ne!(store.person_card_fields(ana).unwrap(), before);
    store.undo_change(change).unwrap();
    assert_eq!(store.person_card_fields(ana).unwrap(), before);
    assert_eq!(store.person(ana).unwrap().name(), "Ana Lima");
    assert_eq!(name_key(&store, ana), "ana lima");
}

/// The person's search key.
fn name_key(store: &Store, person: PersonId) -> String {
    let keys = store.person_name_keys().unwrap();
    keys.into_iter().find(|(id, _, _)| *id == person).unwrap().1
}
