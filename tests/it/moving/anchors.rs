//! A repeating follow-up's first day (`anchor_on`, what every next day counts from) on
//! its way out and back in: the CSV files carry it and a re-import knows the follow-up
//! after Done moved it, the ICS file repeats from it, and a snooze or first day out of
//! order with the due day is a located problem, in an import and in `kith check`.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use kith::calendar::EventStart;
use kith::calendar::ics::read_feed;
use kith::domain::intention::{FollowUpId, Repeat, RepeatUnit};
use kith::domain::model::PersonId;
use kith::moving::export::ics_calendar;
use kith::moving::import::airtable::{self, AirtableFiles, Mapping};
use kith::store::{Commit, Finished, NewFollowUp, NewPerson, Store};

use super::day;
use super::intentions::{csv_round_trip, intentions};

/// A store with Bob and a follow-up due `due` repeating by `repeat`, Done `dones` times
/// (each on its day), and the follow-up's id.
fn moved_on(
    path: &std::path::Path,
    due: &str,
    repeat: Repeat,
    dones: usize,
) -> (Store, PersonId, FollowUpId) {
    let mut store = Store::open(path).unwrap();
    let bob = store.create_person(&NewPerson::named("Bob Marsh")).unwrap();
    let id = store
        .add_follow_up(&NewFollowUp {
            person: bob,
            due_on: day(due),
            due_at: None,
            text: "check in".into(),
            repeat: Some(repeat),
        })
        .unwrap();
    for _ in 0..dones {
        let on = store.follow_up(id).unwrap().due_on;
        store.finish_follow_up(id, on).unwrap();
    }
    (store, bob, id)
}

fn monthly() -> Repeat {
    Repeat::new(1, RepeatUnit::Month).unwrap()
}

#[test]
fn a_csv_round_trip_lost_a_monthly_follow_ups_first_day_so_the_31st_drifted_to_the_30th() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, _, id) = moved_on(&dir.path().join("a.db"), "2027-01-31", monthly(), 3);
    assert_eq!(store.follow_up(id).unwrap().due_on, day("2027-04-30"));
    let (files, read) = csv_round_trip(&store);
    let csv = std::fs::read_to_string(files.path().join("Follow-ups.csv")).unwrap();
    assert!(
        csv.contains("Bob Marsh,2027-04-30,,check in,1m,,,2027-01-31"),
        "{csv}"
    );
    assert_eq!(read.problems, Vec::new());
    let mut again = Store::open_in_memory().unwrap();
    again.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        intentions(&again.export_json().unwrap()),
        intentions(&store.export_json().unwrap())
    );
    // Done in both: each goes on to 31 May, not 30 May.
    let copy = again.follow_ups_of(PersonId(1)).unwrap()[0].id;
    let next = Finished::MovedTo(day("2027-05-31"));
    assert_eq!(
        again.finish_follow_up(copy, day("2027-04-30")).unwrap(),
        next
    );
    assert_eq!(store.finish_follow_up(id, day("2027-04-30")).unwrap(), next);
}

#[test]
fn reimporting_a_csv_folder_after_done_moved_a_repeating_follow_up_added_a_second_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, _) = moved_on(&dir.path().join("a.db"), "2027-01-31", monthly(), 3);
    let (_files, read) = csv_round_trip(&store);
    let mut again = Store::open_in_memory().unwrap();
    let first = again.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(first.intentions_created, 1);
    let copy = again.follow_ups_of(PersonId(1)).unwrap()[0].id;
    again.finish_follow_up(copy, day("2027-04-30")).unwrap();
    let second = again.import_batch(&read.batch, Commit::Yes).unwrap();
    assert_eq!(
        second.intentions_created, 0,
        "the moved one is already there"
    );
    let open = again.follow_ups_of(PersonId(1)).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].due_on, day("2027-05-31"));
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

/// The days the ICS export of `store` puts the follow-up `uid` on, up to `until`, and
/// the file (for failure messages).
fn calendar_days(store: &Store, uid: &str, until: DateTime<Utc>) -> (Vec<NaiveDate>, String) {
    let export = store.export_file_json().unwrap();
    let text = ics_calendar(&export, chrono_tz::Europe::Berlin, at(2026, 11, 26));
    let feed = read_feed(&text, chrono_tz::Europe::Berlin, at(2026, 11, 26), until);
    assert_eq!(feed.errors, Vec::<String>::new(), "{text}");
    let mut days: Vec<NaiveDate> = feed
        .events
        .iter()
        .filter(|event| event.key.split('/').next() == Some(uid))
        .map(|event| match event.start.as_ref().unwrap() {
            EventStart::Day(day) => *day,
            EventStart::At { instant, .. } => instant.date_naive(),
        })
        .collect();
    days.sort();
    (days, text)
}

#[test]
fn the_ics_export_repeated_a_follow_up_from_its_due_day_not_its_first_day() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, bob, _) = moved_on(&dir.path().join("a.db"), "2027-01-31", monthly(), 3);
    let (days, text) = calendar_days(&store, "followup-1@kith", at(2027, 9, 1));
    let expected = [
        "2027-04-30",
        "2027-05-31",
        "2027-06-30",
        "2027-07-31",
        "2027-08-31",
    ];
    assert_eq!(days, expected.map(day), "{text}");

    // Snoozed past its day: the series goes on from 31 May, where Done would move it.
    store
        .snooze_follow_up(FollowUpId(1), day("2027-05-10"))
        .unwrap();
    let (days, text) = calendar_days(&store, "followup-1@kith", at(2027, 7, 1));
    assert_eq!(
        days,
        ["2027-05-10", "2027-05-31", "2027-06-30"].map(day),
        "{text}"
    );

    // Yearly on 29 February, Done once: 28 February in common years, 29th in leap ones.
    let yearly = Repeat::new(1, RepeatUnit::Year).unwrap();
    let id = store
        .add_follow_up(&NewFollowUp {
            person: bob,
            due_on: day("2028-02-29"),
            due_at: None,
            text: "z".into(),
            repeat: Some(yearly),
        })
        .unwrap();
    store.finish_follow_up(id, day("2028-02-29")).unwrap();
    let (days, text) = calendar_days(&store, "followup-2@kith", at(2033, 1, 1));
    let expected = ["2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"];
    assert_eq!(days, expected.map(day), "{text}");
}

#[test]
fn a_snooze_on_or_before_the_due_day_was_imported_and_check_called_it_clean() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        Some(path)
    };
    let files = AirtableFiles {
        people: write(
            "People.csv",
            "Name,First Name,Last Name\nAna Souza,Ana,Souza\n",
        ),
        follow_ups: write(
            "Follow-ups.csv",
            "Person,Due,Time,Text,Repeat,Snoozed Until,Done,Repeats From
Ana Souza,2026-12-21,,snoozed earlier,,2026-12-01,,
Ana Souza,2026-12-21,,snoozed that day,,2026-12-21,,
Ana Souza,2026-12-21,,first day later,1m,,,2027-01-31
Ana Souza,2026-12-21,,fine,1m,2026-12-22,,2026-11-21
",
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
            "Follow-ups.csv row 2, column \"Snoozed Until\": 2026-12-01 is not after the Due day 2026-12-21",
            "Follow-ups.csv row 3, column \"Snoozed Until\": 2026-12-21 is not after the Due day 2026-12-21",
            "Follow-ups.csv row 4, column \"Repeats From\": 2027-01-31 is after the Due day 2026-12-21",
        ]
    );
    let kept = &read.batch.intentions.follow_ups;
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].text.as_str(), kept[0].anchor),
        ("fine", Some(day("2026-11-21")))
    );

    // The same states written into the database by hand: `kith check` names each.
    let path = dir.path().join("b.db");
    let (store, _, _) = moved_on(&path, "2027-01-31", monthly(), 0);
    assert_eq!(store.intention_problems().unwrap(), Vec::<String>::new());
    let by_hand = rusqlite::Connection::open(&path).unwrap();
    by_hand
        .execute_batch(
            "PRAGMA ignore_check_constraints = ON;
             UPDATE follow_ups SET snoozed_until = '2027-01-31', anchor_on = '2027-02-31';",
        )
        .unwrap();
    let later = "UPDATE follow_ups SET snoozed_until = NULL, anchor_on = '2027-02-01'";
    let first = store.intention_problems().unwrap();
    by_hand.execute_batch(later).unwrap();
    assert_eq!(
        (first, store.intention_problems().unwrap()),
        (
            vec![
                "follow_ups row 1: snooze \"2027-01-31\" is not after its due day \"2027-01-31\""
                    .to_owned(),
                "follow_ups row 1: first day \"2027-02-31\" is not a date like 2026-12-14"
                    .to_owned(),
            ],
            vec![
                "follow_ups row 1: first day \"2027-02-01\" is after its due day \"2027-01-31\""
                    .to_owned()
            ]
        )
    );
}
