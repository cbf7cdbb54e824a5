//! Bad input gets a specific error and changes nothing.

use kith::Error;
use kith::domain::closeness::Closeness;
use kith::domain::model::{EmailAddress, EmailKind, PersonId, Tier};
use kith::store::{NewPerson, PersonField};

use super::*;

#[test]
fn bad_input_is_refused_specifically_and_changes_nothing() {
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    let john = person(&mut store, "John Roe");
    store
        .add_email(john, &address("john@roe.io"), EmailKind::Work)
        .unwrap();
    let before = fingerprint(&store);
    let jane_before = store.person(jane).unwrap();

    type Attempt = Box<dyn Fn(&mut Store) -> Result<(), Error>>;
    let cases: Vec<(&str, Attempt, &str)> = vec![
        (
            "invalid email",
            Box::new(|_| {
                EmailAddress::parse("jane at acme")
                    .map(drop)
                    .map_err(Error::from)
            }),
            "not a valid email address",
        ),
        (
            "unknown tier",
            Box::new(|_| {
                Closeness::default()
                    .parse_tier("bestie")
                    .map(drop)
                    .map_err(Error::from)
            }),
            "not a closeness tier",
        ),
        (
            "tier out of range",
            Box::new(|_| Tier::new(9).map(drop).map_err(Error::from)),
            "not a closeness tier",
        ),
        (
            "self introduction",
            Box::new(move |s| s.set_person_field(jane, PersonField::IntroducedBy(Some(jane)))),
            "introduced by themselves",
        ),
        (
            "merge with self",
            Box::new(move |s| s.merge_people(jane, jane).map(drop)),
            "merge a person with themselves",
        ),
        (
            "unknown person",
            Box::new(|s| s.person(PersonId(999)).map(drop)),
            "no person with id 999",
        ),
        (
            "merge unknown",
            Box::new(move |s| s.merge_people(jane, PersonId(999)).map(drop)),
            "no person with id 999",
        ),
        (
            "unknown introducer",
            Box::new(move |s| {
                s.set_person_field(jane, PersonField::IntroducedBy(Some(PersonId(42))))
            }),
            "no person with id 42",
        ),
        (
            "address of someone else",
            Box::new(move |s| {
                s.add_email(jane, &address("john@roe.io"), EmailKind::Work)
                    .map(drop)
            }),
            "already belongs to John Roe",
        ),
        (
            "primary not owned",
            Box::new(move |s| s.set_primary_email(jane, &address("john@roe.io"))),
            "not an address of Jane Doe",
        ),
        (
            "empty name",
            Box::new(|s| s.create_person(&NewPerson::default()).map(drop)),
            "needs a name",
        ),
        (
            "blank given name leaves no name",
            Box::new(move |s| {
                s.set_person_field(jane, PersonField::FamilyName(String::new()))?;
                s.set_person_field(jane, PersonField::GivenName("  ".into()))
            }),
            "needs a name",
        ),
        (
            "duplicate organization",
            Box::new(|s| {
                s.create_organization("Acme")?;
                s.create_organization("ACME").map(drop)
            }),
            "already exists",
        ),
        (
            "bad ignore pattern",
            Box::new(|s| s.add_ignore_rule("*@*").map(drop)),
            "not a valid ignore pattern",
        ),
        (
            "empty note",
            Box::new(move |s| s.append_person_note(jane, today(), "  ")),
            "not a valid note",
        ),
    ];
    for (name, attempt, expected) in cases {
        let error = attempt(&mut store).expect_err(name);
        assert!(error.to_string().contains(expected), "{name}: {error}");
    }
    // Two cases above succeeded half-way on purpose (family name cleared, Acme created):
    // undo them and check that nothing else changed.
    store
        .set_person_field(jane, PersonField::FamilyName("Doe".into()))
        .unwrap();
    let mut after = fingerprint(&store);
    after.retain(|(t, _)| *t != "organizations");
    let mut expected = before.clone();
    expected.retain(|(t, _)| *t != "organizations");
    assert_eq!(after, expected);
    assert_eq!(
        store.person(jane).unwrap().introduced_by,
        jane_before.introduced_by
    );
    assert_eq!(store.person(jane).unwrap().name(), "Jane Doe");
}
