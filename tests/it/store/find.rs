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

/// Each query's best hit is the expected name.
fn check_first_hits(store: &Store, cases: &[(&str, &str)]) {
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
    check_first_hits(&store, cases);
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

#[test]
fn hyphens_apostrophes_typographic_variants_and_german_spellings_find_the_person() {
    let mut store = store();
    for name in [
        "Zoë Müller-Quintana",
        "Mary-Jane Watson-Parker",
        "Sean O'Brien",
        "Klaus Müller",
        "Anna Mueller",
    ] {
        person(&mut store, name);
    }
    let cases: &[(&str, &str)] = &[
        ("quintana", "Zoë Müller-Quintana"),
        ("zoe muller quintana", "Zoë Müller-Quintana"),
        ("muller quintana zoe", "Zoë Müller-Quintana"),
        ("Müller‐Quintana", "Zoë Müller-Quintana"),
        ("watson parker", "Mary-Jane Watson-Parker"),
        ("mary jane", "Mary-Jane Watson-Parker"),
        ("watson-parker", "Mary-Jane Watson-Parker"),
        ("obrien", "Sean O'Brien"),
        ("o brien", "Sean O'Brien"),
        ("O’Brien", "Sean O'Brien"),
        ("o'brien", "Sean O'Brien"),
        ("sean obrien", "Sean O'Brien"),
        ("klaus mueller", "Klaus Müller"),
        ("anna müller", "Anna Mueller"),
    ];
    check_first_hits(&store, cases);
    // "mueller" finds both spellings, the written one first.
    let hits = store.find("mueller", 5).unwrap();
    let labels: Vec<&str> = hits.iter().map(|h| h.label.as_str()).collect();
    assert!(labels.contains(&"Klaus Müller"), "{labels:?}");
    assert!(labels.contains(&"Anna Mueller"), "{labels:?}");
    assert!(labels.contains(&"Zoë Müller-Quintana"), "{labels:?}");
}

#[test]
fn a_person_and_an_organization_that_both_match_are_both_found() {
    let mut store = store();
    person(&mut store, "Zoë Müller-Quintana");
    store.create_organization("Quintana Labs").unwrap();
    // A hyphenated organization name is found by each of its words too.
    store.create_organization("Berg-Hansen ApS").unwrap();
    let hits = store.find("hansen", 5).unwrap();
    assert_eq!(
        hits.first().map(|h| h.label.as_str()),
        Some("Berg-Hansen ApS"),
        "{hits:?}"
    );
    let hits = store.find("quintana", 5).unwrap();
    let targets: Vec<bool> = hits
        .iter()
        .map(|h| matches!(h.target, MatchTarget::Person(_)))
        .collect();
    assert_eq!(targets.len(), 2, "{hits:?}");
    assert!(
        targets.contains(&true) && targets.contains(&false),
        "{hits:?}"
    );
}

#[test]
fn keys_written_by_an_older_kith_are_recomputed_at_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        let mut store = Store::open(&db).unwrap();
        person(&mut store, "Sean O'Brien");
    }
    {
        // The key as the rules before hyphens and apostrophes broke words wrote it.
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute_batch(
            "UPDATE people SET name_key = 'sean o''brien';
             DELETE FROM derived_versions;",
        )
        .unwrap();
    }
    let store = Store::open(&db).unwrap();
    let hits = store.find("obrien", 5).unwrap();
    assert_eq!(
        hits.first().map(|h| h.label.as_str()),
        Some("Sean O'Brien"),
        "{hits:?}"
    );
}

#[test]
fn the_shown_name_is_the_same_in_sql_and_in_rust() {
    let mut store = store();
    for (given, family, display) in [
        ("  Jane ", " Doe  ", None),
        ("Jane", "", Some("   ")),
        ("", "Doe", None),
        ("Robert", "Smith", Some(" Bob ")),
    ] {
        let id = store
            .create_person(&NewPerson {
                given_name: given.into(),
                family_name: family.into(),
                display_name: display.map(str::to_owned),
                ..NewPerson::default()
            })
            .unwrap();
        let rust = store.person(id).unwrap().name();
        // Search labels come from the SQL rule.
        let hits = store.find(&rust, 10).unwrap();
        let sql = hits
            .iter()
            .find(|h| h.target == MatchTarget::Person(id))
            .map(|h| h.label.clone());
        assert_eq!(
            sql.as_deref(),
            Some(rust.as_str()),
            "{given:?} {family:?} {display:?}"
        );
        assert!(!rust.contains("  ") && rust == rust.trim(), "{rust:?}");
    }
}
