//! `kith export --format ics`: birthdays, important dates and open follow-ups as one
//! iCalendar file, read back with kith's own ICS reader and checked item by item, and
//! held to RFC 5545's shape (CRLF, 75-octet lines, stamps, stable UIDs).

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use kith::calendar::EventStart;
use kith::calendar::ics::read_feed;
use kith::domain::contact::Birthday;
use kith::domain::intention::{Repeat, RepeatUnit};
use kith::domain::model::PersonId;
use kith::moving::export::ics_calendar;
use kith::store::{NewFollowUp, NewPerson, Store};

use super::day;
use super::intentions::seeded;

fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
}

fn calendar() -> String {
    let seeded = seeded();
    let export = seeded.store.export_file_json().unwrap();
    ics_calendar(&export, chrono_tz::Europe::Berlin, at(2026, 11, 26, 9))
}

#[test]
fn the_ics_export_reads_back_as_every_date_and_open_follow_up() {
    let text = calendar();
    let feed = read_feed(
        &text,
        chrono_tz::Europe::Berlin,
        at(2026, 11, 26, 0),
        at(2028, 11, 26, 0),
    );
    assert_eq!(feed.errors, Vec::<String>::new());
    let mut items: Vec<String> = feed
        .events
        .iter()
        .map(|event| {
            let uid = event.key.split('/').next().unwrap();
            let start = match event.start.as_ref().unwrap() {
                EventStart::Day(day) => day.to_string(),
                EventStart::At { instant, .. } => instant.to_rfc3339(),
            };
            format!("{start} {uid} {}", event.title)
        })
        .collect();
    items.sort();
    let expected = [
        "2026-12-01T14:00:00+00:00 followup-3@kith Zoë Keller: quarterly call; agenda, notes\\links",
        "2026-12-10 followup-4@kith Follow up with Bob Marsh",
        "2027-01-04 followup-2@kith Zoë Keller: ask how the surgery went",
        "2027-03-01T14:00:00+00:00 followup-3@kith Zoë Keller: quarterly call; agenda, notes\\links",
        "2027-03-03 date-2@kith Zoë Keller: moving to Lisbon",
        "2027-05-17 birthday-1@kith Zoë Keller's birthday",
        "2027-06-01T13:00:00+00:00 followup-3@kith Zoë Keller: quarterly call; agenda, notes\\links",
        "2027-06-08 date-1@kith Zoë Keller: wedding anniversary",
        "2027-09-01T13:00:00+00:00 followup-3@kith Zoë Keller: quarterly call; agenda, notes\\links",
        "2027-09-30 date-3@kith Bob Marsh: daughter's birthday",
        "2027-12-01T14:00:00+00:00 followup-3@kith Zoë Keller: quarterly call; agenda, notes\\links",
        "2028-03-01T14:00:00+00:00 followup-3@kith Zoë Keller: quarterly call; agenda, notes\\links",
        "2028-05-17 birthday-1@kith Zoë Keller's birthday",
        "2028-06-01T13:00:00+00:00 followup-3@kith Zoë Keller: quarterly call; agenda, notes\\links",
        "2028-06-08 date-1@kith Zoë Keller: wedding anniversary",
        "2028-09-01T13:00:00+00:00 followup-3@kith Zoë Keller: quarterly call; agenda, notes\\links",
        "2028-09-30 date-3@kith Bob Marsh: daughter's birthday",
    ];
    assert_eq!(items, expected, "{text}");
}

#[test]
fn the_ics_file_has_the_shape_rfc_5545_asks_for_and_the_same_uids_every_time() {
    let text = calendar();
    assert!(
        text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"),
        "{text}"
    );
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "CRLF only"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
    }
    let unfolded = text.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").collect();
    let count = |prefix: &str| lines.iter().filter(|l| l.starts_with(prefix)).count();
    // Zoë's birthday, three dates, three open follow-ups (the done one is left out).
    assert_eq!(count("BEGIN:VEVENT"), 7);
    assert_eq!(count("DTSTAMP:20261126T090000Z"), 7);
    assert_eq!(count("BEGIN:VALARM"), 3);
    assert_eq!(count("ACTION:DISPLAY"), 3);
    assert_eq!(
        count("RRULE:FREQ=YEARLY"),
        3,
        "the birthday and two yearly dates"
    );
    assert_eq!(count("RRULE:FREQ=MONTHLY;INTERVAL=3"), 1);
    assert!(
        lines.contains(&"DTSTART;VALUE=DATE:20000930"),
        "a day without a year"
    );
    assert!(
        lines.contains(&"DTSTART:20261201T150000"),
        "15:00 floating: the owner's 15:00 in every season"
    );
    assert!(
        lines.contains(&"SUMMARY:Zoë Keller: quarterly call\\; agenda\\, notes\\\\links"),
        "escaped: {unfolded}"
    );
    let uids = |text: &str| -> Vec<String> {
        text.replace("\r\n ", "")
            .split("\r\n")
            .filter_map(|l| l.strip_prefix("UID:").map(str::to_owned))
            .collect()
    };
    let again = calendar();
    assert_eq!(uids(&text), uids(&again));
    assert_eq!(
        uids(&text),
        [
            "birthday-1@kith",
            "date-1@kith",
            "date-2@kith",
            "date-3@kith",
            "followup-2@kith",
            "followup-3@kith",
            "followup-4@kith",
        ]
    );
}

/// The export of `store` read back in Berlin over two years from 26 Nov 2026: each event
/// as "start uid", sorted, with the file (for failure messages).
fn read_back(store: &Store) -> (Vec<String>, String) {
    let export = store.export_file_json().unwrap();
    let text = ics_calendar(&export, chrono_tz::Europe::Berlin, at(2026, 11, 26, 9));
    let feed = read_feed(
        &text,
        chrono_tz::Europe::Berlin,
        at(2026, 11, 26, 0),
        at(2028, 11, 26, 0),
    );
    assert_eq!(feed.errors, Vec::<String>::new(), "{text}");
    let mut items: Vec<String> = feed
        .events
        .iter()
        .map(|event| {
            let uid = event.key.split('/').next().unwrap();
            match event.start.as_ref().unwrap() {
                EventStart::Day(day) => format!("{day} {uid}"),
                EventStart::At { instant, .. } => format!("{} {uid}", instant.to_rfc3339()),
            }
        })
        .collect();
    items.sort();
    (items, text)
}

fn follow_up(person: PersonId, due: &str, repeat: Option<Repeat>) -> NewFollowUp {
    NewFollowUp {
        person,
        due_on: day(due),
        due_at: None,
        text: "t".into(),
        repeat,
    }
}

#[test]
fn a_yearly_29_february_was_28_february_in_calendars_and_1_march_in_kith() {
    let mut seeded = seeded();
    let date = Birthday::parse("--02-29").unwrap();
    seeded
        .store
        .add_important_date(seeded.bob, "wedding", date, true)
        .unwrap();
    seeded.store.set_birthday(seeded.bob, Some(date)).unwrap();
    let (items, text) = read_back(&seeded.store);
    let on = |uid: &str| -> Vec<&str> {
        items
            .iter()
            .filter(|item| item.ends_with(uid))
            .map(|item| &item[..10])
            .collect()
    };
    // kith's own reading of the day, the one the digest and the card show.
    let kith: Vec<String> = [2026, 2027, 2028]
        .iter()
        .map(|year| {
            date.next_on_or_after(NaiveDate::from_ymd_opt(*year, 1, 1).unwrap())
                .to_string()
        })
        .filter(|day| day.as_str() > "2026-11-26" && day.as_str() < "2028-11-26")
        .collect();
    assert_eq!(kith, ["2027-03-01", "2028-02-29"]);
    assert_eq!(on(" date-4@kith"), kith, "{text}");
    assert_eq!(on(" birthday-2@kith"), kith, "{text}");
}

#[test]
fn times_were_written_with_a_tzid_and_no_vtimezone() {
    let mut seeded = seeded();
    // A one-off at 15:00 in Berlin in winter, and one in summer: exact instants in UTC.
    for due in ["2026-12-08", "2027-07-08"] {
        seeded
            .store
            .add_follow_up(&NewFollowUp {
                due_at: NaiveTime::from_hms_opt(15, 0, 0),
                ..follow_up(seeded.bob, due, None)
            })
            .unwrap();
    }
    let (items, text) = read_back(&seeded.store);
    let unfolded = text.replace("\r\n ", "");
    assert!(!unfolded.contains("TZID"), "{unfolded}");
    assert!(unfolded.contains("\r\nDTSTART:20261208T140000Z\r\n"));
    assert!(unfolded.contains("\r\nDTSTART:20270708T130000Z\r\n"));
    // The repeating one (15:00 every 3 months) is floating: 15:00 in the owner's zone in
    // winter and in summer alike.
    assert!(unfolded.contains("\r\nDTSTART:20261201T150000\r\n"));
    for expected in [
        "2026-12-08T14:00:00+00:00 followup-5@kith",
        "2027-07-08T13:00:00+00:00 followup-6@kith",
        "2026-12-01T14:00:00+00:00 followup-3@kith",
        "2027-06-01T13:00:00+00:00 followup-3@kith",
    ] {
        assert!(
            items.iter().any(|item| item == expected),
            "{expected}: {items:#?}"
        );
    }
}

#[test]
fn follow_ups_of_archived_people_were_left_out_of_the_calendar() {
    let mut seeded = seeded();
    let grace = seeded
        .store
        .create_person(&NewPerson::named("Grace Friday"))
        .unwrap();
    seeded
        .store
        .add_follow_up(&follow_up(grace, "2026-12-07", None))
        .unwrap();
    seeded
        .store
        .add_important_date(grace, "wedding", Birthday::parse("--04-02").unwrap(), true)
        .unwrap();
    seeded
        .store
        .set_birthday(grace, Some(Birthday::parse("--04-03").unwrap()))
        .unwrap();
    seeded.store.set_archived(grace, true).unwrap();
    let (items, text) = read_back(&seeded.store);
    // Her follow-up comes up in /reminders and the digest, so in the calendar too; her
    // birthday and date are left out, as in the digest.
    assert!(
        items.contains(&"2026-12-07 followup-5@kith".to_owned()),
        "{items:#?}"
    );
    assert!(text.contains("SUMMARY:Grace Friday: t\r\n"), "{text}");
    assert!(!text.contains("date-4@kith"), "{text}");
    assert!(
        !text.contains(&format!("birthday-{}@kith", grace.0)),
        "{text}"
    );
}

#[test]
fn a_monthly_follow_up_on_the_29th_to_31st_fell_on_other_days_than_in_kith() {
    let mut seeded = seeded();
    let monthly = Repeat::new(1, RepeatUnit::Month);
    let cases = [
        ("2026-12-31", monthly),
        ("2026-12-30", monthly),
        ("2026-12-29", monthly),
        ("2026-11-30", Repeat::new(2, RepeatUnit::Month)),
        ("2028-02-29", Repeat::new(1, RepeatUnit::Year)),
    ];
    for (due, repeat) in cases {
        seeded
            .store
            .add_follow_up(&follow_up(seeded.bob, due, repeat))
            .unwrap();
    }
    let (items, text) = read_back(&seeded.store);
    for (index, (due, repeat)) in cases.iter().enumerate() {
        let uid = format!(" followup-{}@kith", index + 5);
        let calendar: Vec<&str> = items
            .iter()
            .filter(|item| item.ends_with(&uid))
            .map(|item| &item[..10])
            .collect();
        // kith's days: the repeat counted from the due day, up to the window's end.
        let repeat = repeat.unwrap();
        let mut kith = vec![due.to_string()];
        let mut at = day(due);
        while let Some(next) = repeat.next_after(day(due), at)
            && next < day("2028-11-26")
        {
            kith.push(next.to_string());
            at = next;
        }
        assert_eq!(calendar, kith, "{due} every {repeat}: {text}");
    }
}

#[test]
fn a_snoozed_repeating_follow_up_went_on_from_its_snooze_day_not_its_due_day() {
    let mut seeded = seeded();
    let cases = [
        (
            "2026-12-14",
            "2027-01-04",
            Repeat::new(1, RepeatUnit::Month),
        ),
        (
            "2026-12-31",
            "2027-03-10",
            Repeat::new(1, RepeatUnit::Month),
        ),
        ("2026-12-03", "2026-12-20", Repeat::new(2, RepeatUnit::Week)),
    ];
    for (due, until, repeat) in cases {
        let id = seeded
            .store
            .add_follow_up(&follow_up(seeded.bob, due, repeat))
            .unwrap();
        seeded.store.snooze_follow_up(id, day(until)).unwrap();
    }
    let (items, text) = read_back(&seeded.store);
    for (index, (due, until, repeat)) in cases.iter().enumerate() {
        let uid = format!(" followup-{}@kith", index + 5);
        let calendar: Vec<&str> = items
            .iter()
            .filter(|item| item.ends_with(&uid))
            .map(|item| &item[..10])
            .collect();
        // kith's days: the snooze's, then where Done moves it each time (from the due day).
        let repeat = repeat.unwrap();
        let mut kith = vec![until.to_string()];
        let mut at = day(until);
        while let Some(next) = repeat.next_after(day(due), at)
            && next < day("2028-11-26")
        {
            kith.push(next.to_string());
            at = next;
        }
        assert_eq!(calendar, kith, "{due} snoozed to {until}: {text}");
    }
}
