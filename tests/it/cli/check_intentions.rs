//! `kith check` on follow-ups, topics, important dates and snoozes written by another
//! program: a copy corrupted with plain SQL (foreign keys and CHECKs off) has each wrong
//! row reported by table and id (two dates of one label too), and a done follow-up still snoozed is not a problem.

use kith::domain::contact::Birthday;
use kith::domain::intention::{Repeat, RepeatUnit};
use kith::store::{NewFollowUp, NewPerson, Store};

use super::{kith, text};

fn day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

#[test]
fn check_reports_each_wrong_intention_by_its_row() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        let mut store = Store::open(&db).unwrap();
        let zoe = store
            .create_person(&NewPerson::named("Zoë Keller"))
            .unwrap();
        for (due, text) in [
            ("2026-12-14", "ask about the surgery"),
            ("2026-12-20", "send the deck"),
        ] {
            store
                .add_follow_up(&NewFollowUp {
                    person: zoe,
                    due_on: day(due),
                    due_at: None,
                    text: text.into(),
                    repeat: Repeat::new(3, RepeatUnit::Month),
                })
                .unwrap();
        }
        // Done, and still snoozed into the future: fine.
        let done = store
            .add_follow_up(&NewFollowUp {
                person: zoe,
                due_on: day("2026-11-20"),
                due_at: None,
                text: "call".into(),
                repeat: None,
            })
            .unwrap();
        store.snooze_follow_up(done, day("2027-06-01")).unwrap();
        store.finish_follow_up(done, day("2026-11-21")).unwrap();
        store.add_topic(zoe, "the Lisbon intro").unwrap();
        store.add_topic(zoe, "her new job").unwrap();
        for (on, label) in [
            ("2019-06-08", "a day 1"),
            ("2027-03-03", "a day 2"),
            ("--09-30", "a day 3"),
        ] {
            store
                .add_important_date(zoe, label, Birthday::parse(on).unwrap(), true)
                .unwrap();
        }
    }
    let clean = kith(&db, &["check"], &[]);
    assert!(clean.status.success(), "{}", text(&clean));
    assert!(
        text(&clean).contains("intentions clean"),
        "{}",
        text(&clean)
    );

    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         PRAGMA ignore_check_constraints = ON;
         UPDATE follow_ups SET person_id = 99, repeat = '3x', due_at = '25:00' WHERE id = 1;
         UPDATE follow_ups SET due_on = '2026-02-30', snoozed_until = 'soon' WHERE id = 2;
         UPDATE topics SET person_id = 98 WHERE id = 1;
         UPDATE topics SET text = '   ' WHERE id = 2;
         UPDATE important_dates SET on_date = '31 February' WHERE id = 1;
         UPDATE important_dates SET yearly = 0, on_date = '--03-03', label = ' A DAY 1' WHERE id = 2;
         UPDATE important_dates SET person_id = 97 WHERE id = 3;
         UPDATE people SET snoozed_until = 'next month' WHERE id = 1;",
    )
    .unwrap();
    drop(conn);
    let output = kith(&db, &["check"], &[]);
    assert!(!output.status.success(), "{}", text(&output));
    let said = text(&output);
    for line in [
        "follow_ups row 1: it belongs to person 99, who does not exist",
        "follow_ups row 1: time \"25:00\" is not a time like 15:00",
        "follow_ups row 1: repeat \"3x\" does not read back (like 3m, 2w, 1y)",
        "follow_ups row 2: due day \"2026-02-30\" is not a date like 2026-12-14",
        "follow_ups row 2: snooze \"soon\" is not a date like 2026-12-14",
        "topics row 1: it belongs to person 98, who does not exist",
        "topics row 2: its text is empty",
        "important_dates row 1: day \"31 February\" is not a date like 2027-03-03 or --03-03",
        "important_dates row 2: \"--03-03\" has no year but is not yearly",
        "important_dates row 3: it belongs to person 97, who does not exist",
        "important_dates row 1: person 1 has more than one date labelled \"a day 1\" (rows 1, 2)",
        "people row 1: snooze \"next month\" is not a date like 2026-12-14",
    ] {
        assert!(said.contains(line), "{line:?} missing from:\n{said}");
    }
    assert!(!said.contains("follow_ups row 3"), "{said}");
}
