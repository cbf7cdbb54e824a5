//! Adversarial files for every reader: no panic, bounded work, nothing half-read.

use chrono::{TimeZone, Utc};
use kith::calendar::ics::read_feed;

fn window() -> (chrono::DateTime<Utc>, chrono::DateTime<Utc>) {
    (
        Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2100, 1, 1, 0, 0, 0).unwrap(),
    )
}

#[test]
fn a_series_that_repeats_forever_is_bounded() {
    let (from, to) = window();
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:forever\r\nDTSTART:19000101T000000Z\r\n\
                RRULE:FREQ=MINUTELY\r\nATTENDEE:mailto:a@b.io\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let feed = read_feed(text, chrono_tz::UTC, from, to);
    assert!(feed.events.len() <= 200_000, "{}", feed.events.len());
}

#[test]
fn a_ten_megabyte_line_and_deep_nesting_are_survived() {
    let (from, to) = window();
    let long = format!(
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:long\r\nDTSTART:20260101T100000Z\r\nSUMMARY:{}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "x".repeat(10_000_000)
    );
    let feed = read_feed(&long, chrono_tz::UTC, from, to);
    assert!(feed.events.len() <= 1);
    let nested = "BEGIN:VCALENDAR\r\n".repeat(50_000) + &"END:VCALENDAR\r\n".repeat(50_000);
    let _ = read_feed(&nested, chrono_tz::UTC, from, to);
    let laughs = "BEGIN:VCALENDAR\r\n".to_owned()
        + &"BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260101T100000Z\r\nRRULE:FREQ=SECONDLY;COUNT=1000000\r\nEND:VEVENT\r\n".repeat(50)
        + "END:VCALENDAR\r\n";
    let feed = read_feed(&laughs, chrono_tz::UTC, from, to);
    assert!(feed.events.len() <= 200_000);
}

#[test]
fn hostile_vcards_and_csv_are_read_without_a_panic() {
    let long = format!(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:{}\r\nEND:VCARD\r\n",
        "y".repeat(5_000_000)
    );
    let read = kith::moving::import::vcard::read("long.vcf", &long);
    assert_eq!(read.cards, 1);
    let nested = "BEGIN:VCARD\r\n".repeat(20_000);
    let _ = kith::moving::import::vcard::read("nested.vcf", &nested);
    let garbage: String = (0..200_000u32)
        .map(|n| char::from_u32(n % 0xD7FF).unwrap_or('?'))
        .collect();
    let _ = kith::moving::import::vcard::read("garbage.vcf", &garbage);
    let _ = read_feed(&garbage, chrono_tz::UTC, window().0, window().1);

    let csv = format!("Name,Notes\n\"{}\",\"unterminated\n", "z".repeat(3_000_000));
    let _ = kith::moving::import::table::Table::parse("people.csv", csv.as_bytes());
    let table = kith::moving::import::table::Table::parse("t.csv", b"\xff\xfe\x00garbage,\"\n\"\n")
        .unwrap_or_else(|p| {
            assert!(p.to_string().starts_with("t.csv"), "{p}");
            kith::moving::import::table::Table {
                file: "t.csv".into(),
                headers: vec![],
                rows: vec![],
                problems: vec![],
            }
        });
    let _ = table;
}

/// Found by the ICS property test: a calendar nested inside a repeating event escaped
/// the instance budget.
#[test]
fn a_calendar_nested_in_an_event_stays_within_the_instance_budget() {
    let (from, to) = window();
    let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e\r\nDTSTART:20260301T100000Z\r\n\
                RRULE:FREQ=SECONDLY\r\nBEGIN:VCALENDAR\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:e\r\n\
                DTSTART:20260301T100000Z\r\n\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let feed = read_feed(text, chrono_tz::UTC, from, to);
    assert!(feed.events.len() <= 200_000, "{}", feed.events.len());
}

/// One calendar of a feed repeating forever does not starve the calendars after it.
#[test]
fn a_series_without_end_does_not_hide_the_next_calendar() {
    let from = Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap();
    let to = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
    let text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:weekly\r\nDTSTART:19900103T100000Z\r\n\
                RRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n\
                BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:later\r\nDTSTART:20260101T100000Z\r\n\
                ATTENDEE:mailto:a@b.io\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let feed = read_feed(text, chrono_tz::UTC, from, to);
    assert!(
        feed.events.iter().any(|e| e.key == "later"),
        "{:?}",
        feed.errors
    );
    let weekly = feed
        .events
        .iter()
        .filter(|e| e.key.starts_with("weekly/"))
        .count();
    assert!((100..=106).contains(&weekly), "{weekly}");
}
