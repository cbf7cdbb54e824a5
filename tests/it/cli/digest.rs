//! `kith digest` prints what /digest shows, every time it is run; only `--send` is once
//! a day. A database that is not there is refused, not made empty on the spot.

use super::{kith, text};
use chrono::NaiveDate;

#[test]
fn digest_run_twice_says_nothing_due_while_follow_ups_are_due() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut store = kith::Store::open(&db).unwrap();
    let person = store
        .create_person(&kith::store::NewPerson::named("Zoë Müller"))
        .unwrap();
    // Long overdue whatever the day the test runs.
    store
        .add_follow_up(&kith::store::NewFollowUp {
            person,
            due_on: NaiveDate::from_ymd_opt(2020, 1, 15).unwrap(),
            due_at: None,
            text: "ask about the surgery".to_owned(),
            repeat: None,
        })
        .unwrap();
    drop(store);

    let asked = kith(&db, &["ask", "/digest"], &[]);
    assert!(asked.status.success(), "{}", text(&asked));
    let asked = String::from_utf8_lossy(&asked.stdout).to_string();
    assert!(
        asked.contains("Zoë Müller — ask about the surgery"),
        "{asked}"
    );
    for run in 1..=2 {
        let printed = kith(&db, &["digest"], &[]);
        assert!(printed.status.success(), "{}", text(&printed));
        let printed = String::from_utf8_lossy(&printed.stdout).to_string();
        assert_eq!(printed, asked, "run {run} of `kith digest`");
    }
}

#[test]
fn digest_of_a_missing_database_made_an_empty_one_that_said_nothing_due() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let printed = kith(&db, &["digest"], &[]);
    assert!(!printed.status.success(), "{}", text(&printed));
    let said = text(&printed);
    assert!(said.contains("no database at "), "{said}");
    assert!(!said.contains("Nothing new"), "{said}");
    assert!(!db.exists(), "no database is made");
}
