//! Merging two people into one.

use kith::domain::error::Refusal;
use kith::domain::model::{EmailKind, ResponseStatus::Accepted, Tier};
use kith::store::{EmploymentStatus, NewInteraction, NewPerson, PersonField};

use super::*;

#[test]
fn merge_moves_everything_and_keeps_introductions() {
    let mut store = store();
    let keep = person_in_tier(&mut store, "Robert Smith", 4);
    let other = store
        .create_person(&NewPerson {
            given_name: "Bob".into(),
            family_name: "Smith".into(),
            closeness: Some(Tier::new(2).unwrap()),
            location: Some("Berlin".into()),
            notes: "Loves climbing.".into(),
            ..NewPerson::default()
        })
        .unwrap();
    store
        .set_person_field(keep, PersonField::Notes("Met at a conference.".into()))
        .unwrap();
    let introduced = person(&mut store, "Carol Introduced");
    store
        .set_person_field(introduced, PersonField::IntroducedBy(Some(other)))
        .unwrap();
    // `keep` was introduced by `other`: after the merge that would be oneself, so it goes.
    store
        .set_person_field(keep, PersonField::IntroducedBy(Some(other)))
        .unwrap();

    store
        .add_email(keep, &address("robert@acme.io"), EmailKind::Work)
        .unwrap();
    store
        .add_email(other, &address("bob@gmail.com"), EmailKind::Personal)
        .unwrap();
    store
        .upsert_calendar_event(&event("e1", "2026-11-01", &[("bob@gmail.com", Accepted)]))
        .unwrap();
    store
        .log_interaction(&NewInteraction::manual(
            day("2026-11-10"),
            kith::domain::model::InteractionType::Coffee,
            vec![other],
        ))
        .unwrap();
    store.tag_person(other, "Climber").unwrap();
    let acme = store.create_organization("Acme").unwrap();
    store
        .set_employment(other, acme, Some("CTO"), EmploymentStatus::Former)
        .unwrap();

    let outcome = store.merge_people(keep, other).unwrap();
    assert_eq!((outcome.emails_moved, outcome.interactions_moved), (1, 1));

    let merged = store.person(keep).unwrap();
    assert_eq!(merged.name(), "Robert Smith");
    assert_eq!(merged.closeness, Tier::new(2).ok(), "the closer tier wins");
    assert_eq!(merged.location.as_deref(), Some("Berlin"));
    assert_eq!(merged.notes, "Met at a conference.\nLoves climbing.");
    assert_eq!(
        merged.aliases, "Bob Smith",
        "the other record's name stays searchable"
    );
    assert_eq!(merged.introduced_by, None);
    assert_eq!(store.person(introduced).unwrap().introduced_by, Some(keep));
    let emails: Vec<(String, bool)> = store
        .emails_of(keep)
        .unwrap()
        .into_iter()
        .map(|e| (e.address, e.is_primary))
        .collect();
    assert_eq!(
        emails,
        vec![
            ("robert@acme.io".into(), true),
            ("bob@gmail.com".into(), false)
        ]
    );
    assert_eq!(store.rollups(keep, today()).unwrap().interaction_count, 2);
    assert_eq!(store.tags_of_person(keep).unwrap(), vec!["Climber"]);
    assert_eq!(
        store.employment_of(keep).unwrap()[0].title.as_deref(),
        Some("CTO")
    );
    assert!(matches!(
        store.person(other),
        Err(kith::Error::Refused(Refusal::NotFound { .. }))
    ));
    assert!(store.health_problems().unwrap().is_empty());
    // The merged record is found by either name.
    assert!(
        store
            .find("Bob Smith", 3)
            .unwrap()
            .iter()
            .any(|m| m.label == "Robert Smith")
    );
}

/// A merge used to delete the other person's phone numbers and birthday with them (the
/// rows cascaded away); now they, and the other's follow-ups, topics and dates, move.
#[test]
fn merge_used_to_lose_the_other_persons_phones_and_birthday() {
    use kith::domain::contact::Birthday;
    use kith::store::NewFollowUp;

    let mut store = store();
    let keep = person(&mut store, "Robert Smith");
    let other = person(&mut store, "Bob Smith");
    store.add_phone(keep, "+4917011111111", "mobile").unwrap();
    store.add_phone(other, "+4917022222222", "work").unwrap();
    store.add_phone(other, "+4917011111111", "home").unwrap();
    store
        .set_birthday(other, Some(Birthday::parse("1985-04-12").unwrap()))
        .unwrap();
    let follow_up = store
        .add_follow_up(&NewFollowUp {
            person: other,
            due_on: day("2026-12-14"),
            due_at: None,
            text: "ask about the surgery".into(),
            repeat: None,
        })
        .unwrap();
    let topic = store.add_topic(other, "the Lisbon intro").unwrap();
    store
        .add_important_date(
            other,
            "anniversary",
            Birthday::parse("2015-06-20").unwrap(),
            true,
        )
        .unwrap();

    store.merge_people(keep, other).unwrap();

    let numbers: Vec<(String, String)> = store
        .phones_of(keep)
        .unwrap()
        .into_iter()
        .map(|p| (p.number, p.kind))
        .collect();
    assert_eq!(
        numbers,
        [
            ("+4917011111111".to_owned(), "mobile".to_owned()),
            ("+4917022222222".to_owned(), "work".to_owned())
        ]
    );
    assert_eq!(
        store.birthday_of(keep).unwrap(),
        Some(Birthday::parse("1985-04-12").unwrap())
    );
    assert_eq!(store.follow_up(follow_up).unwrap().person, keep);
    assert_eq!(store.topic(topic).unwrap().person, keep);
    assert_eq!(store.important_dates_of(keep).unwrap().len(), 1);
}

/// Regression: merging in a record that has only a shown name (a card with `FN` and no
/// `N`) renamed the kept person to it; the kept person keeps their name, the other's is
/// an alias.
#[test]
fn a_merge_keeps_the_kept_persons_name_when_the_other_has_only_a_shown_name() {
    let mut store = store();
    let keep = person(&mut store, "Jürgen Müller");
    let other = store
        .create_person(&NewPerson {
            display_name: Some("李小龍".into()),
            ..NewPerson::default()
        })
        .unwrap();
    store.merge_people(keep, other).unwrap();
    let kept = store.person(keep).unwrap();
    assert_eq!(kept.name(), "Jürgen Müller");
    assert!(kept.aliases.contains("李小龍"), "{:?}", kept.aliases);
}
