//! Organizations, employment and tags: unique case-insensitively, created on first use.

use kith::domain::model::{EmailKind, InvestorInterest};
use kith::store::EmploymentStatus;

use super::*;

#[test]
fn organizations_are_unique_whatever_the_letter_case() {
    let mut store = store();
    let acme = store.create_organization("Ärzte Ohne Grenzen").unwrap();
    assert_eq!(
        store
            .organization_by_name("ärzte ohne grenzen")
            .unwrap()
            .map(|o| o.id),
        Some(acme)
    );
    assert_eq!(
        store.organization_named("ÄRZTE OHNE GRENZEN").unwrap(),
        acme
    );
    store
        .rename_organization(acme, "Médecins Sans Frontières")
        .unwrap();
    assert!(
        store
            .organization_by_name("ärzte ohne grenzen")
            .unwrap()
            .is_none()
    );
    let other = store.create_organization("Globex").unwrap();
    assert!(
        store
            .rename_organization(other, "médecins sans frontières")
            .is_err()
    );
    store
        .set_investor_interest(acme, InvestorInterest::Watching)
        .unwrap();
    store.add_organization_domain(acme, "@MSF.org").unwrap();
    let found = store.organization_by_domain("msf.org").unwrap().unwrap();
    assert_eq!(
        (found.name.as_str(), found.investor_interest),
        ("Médecins Sans Frontières", InvestorInterest::Watching)
    );
}

#[test]
fn employment_is_current_or_former_with_a_title() {
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    let acme = store.create_organization("Acme").unwrap();
    let globex = store.create_organization("Globex").unwrap();
    store
        .set_employment(jane, globex, Some("Engineer"), EmploymentStatus::Former)
        .unwrap();
    store
        .set_employment(jane, acme, Some("CTO"), EmploymentStatus::Current)
        .unwrap();
    let places: Vec<(String, Option<String>, EmploymentStatus)> = store
        .employment_of(jane)
        .unwrap()
        .into_iter()
        .map(|e| (e.organization, e.title, e.status))
        .collect();
    assert_eq!(
        places,
        vec![
            ("Acme".into(), Some("CTO".into()), EmploymentStatus::Current),
            (
                "Globex".into(),
                Some("Engineer".into()),
                EmploymentStatus::Former
            ),
        ]
    );
    // Leaving keeps the title unless a new one is given.
    store
        .set_employment(jane, acme, None, EmploymentStatus::Former)
        .unwrap();
    let acme_row = store.employees_of(acme).unwrap().remove(0);
    assert_eq!(
        (acme_row.title.as_deref(), acme_row.status),
        (Some("CTO"), EmploymentStatus::Former)
    );
}

#[test]
fn tags_are_case_insensitive_and_created_on_first_use() {
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    let acme = store.create_organization("Acme").unwrap();
    store.tag_person(jane, "Investor").unwrap();
    store.tag_person(jane, "#investor").unwrap();
    store.tag_person(jane, "Café Regular").unwrap();
    store.tag_organization(acme, "INVESTOR").unwrap();
    assert_eq!(
        store.tags_of_person(jane).unwrap(),
        vec!["Café Regular", "Investor"]
    );
    assert_eq!(store.tags_of_organization(acme).unwrap(), vec!["Investor"]);
    assert_eq!(
        store.tags_with_counts().unwrap(),
        vec![("Café Regular".into(), 1, 0), ("Investor".into(), 1, 1)]
    );
    assert!(store.untag_person(jane, "café regular").unwrap());
    assert!(!store.untag_person(jane, "café regular").unwrap());
    assert!(store.untag_organization(acme, "investor").unwrap());
}

#[test]
fn people_are_found_by_exact_address_and_archived_not_deleted() {
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    store
        .add_email(jane, &address("Jane@Acme.io"), EmailKind::Work)
        .unwrap();
    assert_eq!(
        store
            .person_by_email(&address("jane@acme.io"))
            .unwrap()
            .map(|p| p.id),
        Some(jane)
    );
    assert!(
        store
            .person_by_email(&address("nobody@acme.io"))
            .unwrap()
            .is_none()
    );
    store.set_archived(jane, true).unwrap();
    assert!(store.person(jane).unwrap().archived);
    store
        .append_person_note(jane, day("2026-11-26"), "Moved to Lisbon")
        .unwrap();
    store
        .append_person_note(jane, day("2026-11-27"), "Has a new role")
        .unwrap();
    assert_eq!(
        store.person(jane).unwrap().notes,
        "2026-11-26: Moved to Lisbon\n2026-11-27: Has a new role"
    );
}
