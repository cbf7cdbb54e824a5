//! Follow-ups, topics, important dates and a person's snooze on their way out and back
//! in: the JSON export and `kith import json` carry each of them exactly.

use chrono::NaiveTime;
use kith::domain::contact::Birthday;
use kith::domain::intention::{Repeat, RepeatUnit};
use kith::domain::model::PersonId;
use kith::moving::import::airtable::{self, AirtableFiles, AirtableImport, Mapping};
use kith::store::{Commit, NewFollowUp, NewPerson, Store};
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

/// Every follow-up, topic and important date of an export, described by what it is:
/// its person's name for their id, done or not for when, no ids or timestamps.
pub(super) fn intentions(export: &Value) -> Vec<String> {
    let table = |name: &str| -> Vec<serde_json::Map<String, Value>> {
        let columns = export["tables"][name]["columns"]
            .as_array()
            .unwrap()
            .clone();
        export["tables"][name]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| {
                columns
                    .iter()
                    .map(|c| c.as_str().unwrap().to_owned())
                    .zip(row.as_array().unwrap().iter().cloned())
                    .collect()
            })
            .collect()
    };
    let names: std::collections::HashMap<String, String> = table("people")
        .into_iter()
        .map(|p| {
            (
                p["id"].to_string(),
                format!("{} {}", p["given_name"], p["family_name"]),
            )
        })
        .collect();
    let mut described = Vec::new();
    for name in ["follow_ups", "topics", "important_dates"] {
        for mut row in table(name) {
            let person = names[&row["person_id"].to_string()].clone();
            let done = row.get("done_at").is_some_and(|d| !d.is_null());
            for column in ["id", "person_id", "created_at", "updated_at", "done_at"] {
                row.remove(column);
            }
            described.push(format!("{name}: {person} done={done} {row:?}"));
        }
    }
    described.sort();
    described
}

/// The CSV export of `store` in a folder, read back as `kith import airtable --dir` does.
pub(super) fn csv_round_trip(store: &Store) -> (tempfile::TempDir, AirtableImport) {
    let dir = tempfile::tempdir().unwrap();
    let export = store.export_json().unwrap();
    for (name, content) in kith::moving::export::airtable_csv(&export, &Default::default()) {
        std::fs::write(dir.path().join(name), content).unwrap();
    }
    let path = |name: &str| Some(dir.path().join(name));
    let files = AirtableFiles {
        people: path("People.csv"),
        follow_ups: path("Follow-ups.csv"),
        topics: path("Topics.csv"),
        important_dates: path("Important Dates.csv"),
        ..AirtableFiles::default()
    };
    let read = airtable::read(
        &files,
        &Mapping::default(),
        &Default::default(),
        day("2026-11-26"),
    );
    (dir, read)
}

#[test]
fn the_csv_export_writes_intentions_as_their_own_files_and_imports_them_back_once() {
    let seeded = seeded();
    let (dir, read) = csv_round_trip(&seeded.store);
    let follow_ups = std::fs::read_to_string(dir.path().join("Follow-ups.csv")).unwrap();
    assert_eq!(
        follow_ups.trim_start_matches('\u{feff}'),
        "Person,Due,Time,Text,Repeat,Snoozed Until,Done,Repeats From
Zoë Keller,2026-11-20,,send the deck,,,checked,
Zoë Keller,2026-12-14,,ask how the surgery went,,2027-01-04,,
Zoë Keller,2026-12-01,15:00,\"quarterly call; agenda, notes\\links\",3m,,,
Bob Marsh,2026-12-10,,,,,,
"
    );
    let dates = std::fs::read_to_string(dir.path().join("Important Dates.csv")).unwrap();
    assert!(
        dates.contains("Bob Marsh,daughter's birthday,'--09-30,checked"),
        "{dates}"
    );
    assert_eq!(
        read.problems,
        Vec::new(),
        "the export reads without a problem"
    );
    let mut again = Store::open_in_memory().unwrap();
    let report = again.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        report.intentions_created, 9,
        "4 follow-ups, 2 topics, 3 dates"
    );
    let before = intentions(&seeded.store.export_json().unwrap());
    let after = intentions(&again.export_json().unwrap());
    assert_eq!(after, before);
    // Importing the same files again adds nothing, and the import is undone as one.
    let twice = again.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(twice.intentions_created, 0);
    assert_eq!(intentions(&again.export_json().unwrap()), before);

    // Into a kith that knows both people already: the import adds only the intentions,
    // says so on /history, and Undo takes them back, leaving the people.
    let mut known = Store::open_in_memory().unwrap();
    let mut people_only = read.batch.clone();
    people_only.intentions = Default::default();
    known.import_batch(&people_only, Commit::Yes).unwrap();
    let report = known.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!((report.people_created, report.intentions_created), (0, 9));
    let change = known
        .latest_change_by(kith::domain::actor::Actor::Import)
        .unwrap()
        .unwrap();
    assert_eq!(
        change.summary,
        "Import: 0 people created, 2 matched; 9 follow-ups, topics and dates added"
    );
    known.undo_change(change.id).unwrap();
    assert_eq!(
        intentions(&known.export_json().unwrap()),
        Vec::<String>::new()
    );
    assert_eq!(
        known.export_json().unwrap()["tables"]["people"]["rows"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

#[test]
fn intention_rows_that_do_not_read_are_located_and_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write(
            "People.csv",
            "Name,First Name,Last Name\nAna Silva,Ana,Silva\nChris Park,Chris,Park\nChris Park (2),Chris,Park\n",
        ),
        follow_ups: write(
            "Follow-ups.csv",
            "Person,Due,Time,Text,Repeat,Snoozed Until,Done
Ana Silva,2026-12-14,15:00,ask about Lisbon,2w,,
Nobody Here,2026-12-14,,ping,,,
Ana Silva,14 Dec,25:00,ping,3x,soon,
",
        ),
        topics: write(
            "Topics.csv",
            "Person,Text,Done\nAna Silva,,\nChris Park (2),the intro,\n",
        ),
        important_dates: write(
            "Important Dates.csv",
            "Person,Label,Date,Yearly\nAna Silva,anniversary,31 February,checked\nAna Silva,moving,2027-03-03,\n",
        ),
        ..AirtableFiles::default()
    };
    let read = airtable::read(
        &files,
        &Mapping::default(),
        &Default::default(),
        day("2026-11-26"),
    );
    let problems: Vec<String> = read.problems.iter().map(ToString::to_string).collect();
    assert_eq!(
        problems,
        [
            "Follow-ups.csv row 3, column \"Person\": no person named \"Nobody Here\" in the People table; the link was left out",
            "Follow-ups.csv row 4, column \"Due\": \"14 Dec\" is not a date like 2026-12-14",
            "Follow-ups.csv row 4, column \"Time\": \"25:00\" is not a time like 15:00",
            "Follow-ups.csv row 4, column \"Repeat\": \"3x\" is not a repeat like 3m, 2w, 10d or 1y",
            "Follow-ups.csv row 4, column \"Snoozed Until\": \"soon\" is not a date like 2026-12-14",
            "Topics.csv row 2, column \"Text\": is empty",
            "Important Dates.csv row 2, column \"Date\": \"31 February\" is not a date like 2027-03-03, or --03-03 without a year",
        ]
    );
    let intentions = &read.batch.intentions;
    assert_eq!(intentions.follow_ups.len(), 1);
    assert_eq!(
        intentions.follow_ups[0]
            .repeat
            .map(|r| r.stored())
            .as_deref(),
        Some("2w")
    );
    assert_eq!(
        intentions.topics.len(),
        1,
        "the namesake's label names one person"
    );
    assert_eq!(intentions.topics[0].person, read.batch.people[2].key);
    assert_eq!(intentions.dates.len(), 1);
    assert!(!intentions.dates[0].yearly);
}
