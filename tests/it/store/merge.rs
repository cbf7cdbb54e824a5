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
