//! Fuzzy find over names, addresses, organizations and tags.

use kith::store::{EmploymentStatus, MatchTarget};

use super::*;

fn seeded() -> Store {
    let mut store = store();
    for name in [
        "Zoë Müller",
        "John Smith",
        "Jonathan Smithers",
        "François Dupont",
        "Anna Berg",
        "Hanna Bergmann",
    ] {
        person(&mut store, name);
    }
    let john = store.find("John Smith", 1).unwrap()[0].target;
    let MatchTarget::Person(john) = john else {
        panic!()
    };
    store
        .link_email(&address("jsmith@initech.com"), john)
        .unwrap();
    store.tag_person(john, "Investor").unwrap();
    let acme = store.create_organization("Acme Labs").unwrap();
    store
        .set_employment(john, acme, None, EmploymentStatus::Current)
        .unwrap();
    store
}

#[test]
fn finds_by_accented_reordered_misspelled_names_addresses_orgs_and_tags() {
    let store = seeded();
    let cases: &[(&str, &str)] = &[
        ("Müller, Zoë", "Zoë Müller"),
        ("zoe muller", "Zoë Müller"),
        ("Zoe", "Zoë Müller"),
        ("Smith, John", "John Smith"),
        ("Jhon Smtih", "John Smith"),
        ("francois", "François Dupont"),
        ("Dupont", "François Dupont"),
        ("jsmith@initech.com", "John Smith"),
        ("initech.com", "John Smith"),
        ("jsmith", "John Smith"),
        ("acme", "Acme Labs"),
        ("#investor", "John Smith"),
        ("Anna Berg", "Anna Berg"),
    ];
    for (query, expected) in cases {
        let hits = store.find(query, 5).unwrap();
        assert_eq!(
            hits.first().map(|h| h.label.as_str()),
            Some(*expected),
            "{query:?} → {hits:?}"
        );
    }
}

#[test]
fn unrelated_and_empty_queries_find_nothing() {
    let store = seeded();
    for query in ["", "   ", "Xavier Quux", "!!!"] {
        assert!(store.find(query, 5).unwrap().is_empty(), "{query:?}");
    }
}

#[test]
fn archived_people_are_not_found() {
    let mut store = seeded();
    let MatchTarget::Person(zoe) = store.find("Zoë Müller", 1).unwrap()[0].target else {
        panic!()
    };
    store.set_archived(zoe, true).unwrap();
    assert!(
        store
            .find("Zoë Müller", 5)
            .unwrap()
            .iter()
            .all(|h| h.target != MatchTarget::Person(zoe))
    );
}
