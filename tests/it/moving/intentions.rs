//! Follow-ups, topics, important dates and a person's snooze on their way out and back
//! in: the JSON export and `kith import json` carry each of them exactly.

use chrono::NaiveTime;
use kith::domain::contact::Birthday;
use kith::domain::intention::{Repeat, RepeatUnit};
use kith::domain::model::PersonId;
use kith::store::{NewFollowUp, NewPerson, Store};
use serde_json::Value;

use super::day;

/// The people and intentions the round trips carry: Zoë with a done follow-up, a snoozed
/// one, a repeating one with a time, a topic open and one covered, a yearly and a one-off
/// date and a birthday; Bob snoozed himself, with a plain follow-up.
pub struct Seeded {
    pub store: Store,
    pub zoe: PersonId,
    pub bob: PersonId,
    /// Kept alive while the store's file is open.
    pub _dir: tempfile::TempDir,
}

pub fn seeded() -> Seeded {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut store = Store::open(&db).unwrap();
    let zoe = store
        .create_person(&NewPerson::named("Zoë Keller"))
        .unwrap();
    let bob = store.create_person(&NewPerson::named("Bob Marsh")).unwrap();
    store
        .set_birthday(zoe, Some(Birthday::parse("1990-05-17").unwrap()))
        .unwrap();
    let follow_up = |person, due: &str, text: &str| NewFollowUp {
        person,
        due_on: day(due),
        due_at: None,
        text: text.into(),
        repeat: None,
    };
    let done = store
        .add_follow_up(&follow_up(zoe, "2026-11-20", "send the deck"))
        .unwrap();
    store.finish_follow_up(done, day("2026-11-21")).unwrap();
    let snoozed = store
        .add_follow_up(&follow_up(zoe, "2026-12-14", "ask how the surgery went"))
        .unwrap();
    store.snooze_follow_up(snoozed, day("2027-01-04")).unwrap();
    store
        .add_follow_up(&NewFollowUp {
            due_at: NaiveTime::from_hms_opt(15, 0, 0),
            repeat: Repeat::new(3, RepeatUnit::Month),
            ..follow_up(zoe, "2026-12-01", "quarterly call; agenda, notes\\links")
        })
        .unwrap();
    store
        .add_follow_up(&follow_up(bob, "2026-12-10", ""))
        .unwrap();
    store.add_topic(zoe, "the Lisbon intro").unwrap();
    let covered = store.add_topic(zoe, "her new job").unwrap();
    store.finish_topic(covered).unwrap();
    store
        .add_important_date(
            zoe,
            "wedding anniversary",
            Birthday::parse("2019-06-08").unwrap(),
            true,
        )
        .unwrap();
    store
        .add_important_date(
            zoe,
            "moving to Lisbon",
            Birthday::parse("2027-03-03").unwrap(),
            false,
        )
        .unwrap();
    store
        .add_important_date(
            bob,
            "daughter's birthday",
            Birthday::parse("--09-30").unwrap(),
            true,
        )
        .unwrap();
    // No store call snoozes a person in this part; the column is written as the engine does.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "UPDATE people SET snoozed_until = '2027-01-15' WHERE id = ?1",
            [bob.0],
        )
        .unwrap();
    Seeded {
        store,
        zoe,
        bob,
        _dir: dir,
    }
}

/// One table of an export, as its rows.
fn rows(export: &Value, table: &str) -> Value {
    export["tables"][table].clone()
}

#[test]
fn the_json_export_carries_every_intention_and_a_snooze_back_exactly() {
    let seeded = seeded();
    let file = seeded.store.export_file_json().unwrap();
    // Through the bytes a file holds, as `kith export` writes and `kith import json` reads.
    let bytes = serde_json::to_vec(&file).unwrap();
    let read: Value = serde_json::from_slice(&bytes).unwrap();
    let mut again = Store::open_in_memory().unwrap();
    let restored = again.import_json(&read).unwrap();
    let count = |table: &str| {
        restored
            .iter()
            .find(|(name, _)| name == table)
            .map(|(_, n)| *n)
    };
    assert_eq!(
        (
            count("follow_ups"),
            count("topics"),
            count("important_dates")
        ),
        (Some(4), Some(2), Some(3))
    );
    let after = again.export_json().unwrap();
    let before = seeded.store.export_json().unwrap();
    for table in ["people", "follow_ups", "topics", "important_dates"] {
        assert_eq!(rows(&after, table), rows(&before, table), "{table}");
    }
    let snoozed: Vec<Value> = rows(&after, "people")["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let columns = rows(&after, "people")["columns"].clone();
            let at = columns
                .as_array()
                .unwrap()
                .iter()
                .position(|c| c == "snoozed_until")
                .unwrap();
            row[at].clone()
        })
        .collect();
    assert_eq!(snoozed, [Value::Null, Value::from("2027-01-15")]);
    // And what the store reads back is what was written.
    let open = again.follow_ups_of(seeded.zoe).unwrap();
    let described: Vec<String> = open
        .iter()
        .map(|f| {
            format!(
                "{} {} {:?} {:?} {:?}",
                f.due_on,
                f.what(),
                f.due_at,
                f.repeat.map(Repeat::stored),
                f.snoozed_until
            )
        })
        .collect();
    assert_eq!(
        described,
        [
            "2026-12-01 quarterly call; agenda, notes\\links Some(15:00:00) Some(\"3m\") None",
            "2026-12-14 ask how the surgery went None None Some(2027-01-04)",
        ]
    );
    assert_eq!(again.follow_ups_of(seeded.bob).unwrap().len(), 1);
    assert_eq!(again.topics_of(seeded.zoe).unwrap().len(), 1);
    let dates: Vec<(String, String, bool)> = again
        .important_dates_of(seeded.zoe)
        .unwrap()
        .into_iter()
        .map(|d| (d.label, d.on.stored(), d.yearly))
        .collect();
    assert_eq!(
        dates,
        [
            (
                "moving to Lisbon".to_owned(),
                "2027-03-03".to_owned(),
                false
            ),
            (
                "wedding anniversary".to_owned(),
                "2019-06-08".to_owned(),
                true
            ),
        ]
    );
}
