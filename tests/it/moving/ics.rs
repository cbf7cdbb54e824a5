//! `kith export --format ics`: birthdays, important dates and open follow-ups as one
//! iCalendar file, read back with kith's own ICS reader and checked item by item, and
//! held to RFC 5545's shape (CRLF, 75-octet lines, stamps, stable UIDs).

use chrono::{DateTime, TimeZone, Utc};
use kith::calendar::EventStart;
use kith::calendar::ics::read_feed;
use kith::moving::export::ics_calendar;

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
        lines.contains(&"DTSTART;TZID=Europe/Berlin:20261201T150000"),
        "15:00 in Berlin"
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
