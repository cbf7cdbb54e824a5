//! The free-text reader as a table: what reads as an interaction, with which type, names,
//! date and note, and what stays a search.

use chrono::NaiveDate;

use super::*;

/// Thursday 26 November 2026.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The people kith knows in these cases.
fn known(name: &str) -> bool {
    ["carol", "dan", "ana", "bob"].contains(&name.trim().to_lowercase().as_str())
}

/// (text, type label, names, date, note)
#[test]
fn messages_that_read_as_interactions() {
    let cases: &[(&str, &str, &[&str], &str, &str)] = &[
        (
            "coffee with Ana yesterday, she's moving to Lisbon",
            "coffee",
            &["Ana"],
            "2026-11-25",
            "she's moving to Lisbon",
        ),
        (
            "lunch with Bob and Carol on Friday",
            "lunch",
            &["Bob", "Carol"],
            "2026-11-20",
            "",
        ),
        (
            "called Bob about the intro",
            "phone",
            &["Bob"],
            "2026-11-26",
            "the intro",
        ),
        (
            "met Ana at the conference",
            "1:1-f2f",
            &["Ana"],
            "2026-11-26",
            "at the conference",
        ),
        (
            "met Ana at the conference yesterday",
            "1:1-f2f",
            &["Ana"],
            "2026-11-25",
            "at the conference",
        ),
        (
            "video call with Zoë",
            "video call",
            &["Zoë"],
            "2026-11-26",
            "",
        ),
        ("drinks w/ Sam", "drinks", &["Sam"], "2026-11-26", ""),
        (
            "lunch with Bob, Carol and Dan yesterday, great food",
            "lunch",
            &["Bob", "Carol", "Dan"],
            "2026-11-25",
            "great food",
        ),
        (
            "Coffee with Ana: talked about the seed round",
            "coffee",
            &["Ana"],
            "2026-11-26",
            "talked about the seed round",
        ),
        (
            "had a coffee with Ana - nice",
            "coffee",
            &["Ana"],
            "2026-11-26",
            "nice",
        ),
        (
            "met Bob and Carol last monday",
            "group-f2f",
            &["Bob", "Carol"],
            "2026-11-23",
            "",
        ),
        (
            "texted Ana about the party on Monday",
            "text",
            &["Ana"],
            "2026-11-23",
            "the party",
        ),
        ("emailed Bob", "email", &["Bob"], "2026-11-26", ""),
        (
            "dinner with Ana, Lisbon plans",
            "dinner",
            &["Ana"],
            "2026-11-26",
            "Lisbon plans",
        ),
    ];
    for (text, label, names, date, note) in cases {
        let request = read_free_text(text, today(), &known)
            .unwrap_or_else(|| panic!("{text:?} reads as an interaction"))
            .unwrap_or_else(|error| panic!("{text:?}: {error}"));
        assert_eq!(request.label(), *label, "{text}");
        assert_eq!(request.names, *names, "{text}");
        assert_eq!(request.date, day(date), "{text}");
        assert_eq!(request.notes, *note, "{text}");
    }
}

#[test]
fn messages_that_stay_a_search() {
    for text in [
        "Ana Souza",
        "ana",
        "#12",
        "alice@acme.io",
        "coffee",
        "coffee with",
        "call Bob",
        "coffee Ana",
        "lunch with the team",
        "called my bank about the card",
        "who was into sailing?",
        "/log coffee with Ana",
        "meeting notes from the offsite",
        "coffee with someone whose name has many words",
    ] {
        assert_eq!(
            read_free_text(text, today(), &known),
            None,
            "{text:?} stays a search"
        );
    }
}

#[test]
fn a_date_that_cannot_be_read_is_said() {
    let read = read_free_text("coffee with Ana 31/02", today(), &known);
    assert!(matches!(read, Some(Err(_))), "{read:?}");
}

#[test]
fn a_date_that_reads_both_ways_is_kept_both_ways() {
    let request = read_free_text("coffee with Ana 3/5", today(), &known)
        .unwrap()
        .unwrap();
    assert_eq!(request.date, day("2026-05-03"));
    assert_eq!(request.month_first, Some(day("2026-03-05")));
}

#[test]
fn a_line_that_lies_ahead_is_read_with_its_date() {
    let request = read_free_text("drinks w/ Bob tomorrow", today(), &known)
        .unwrap()
        .unwrap();
    assert_eq!(request.names, ["Bob"]);
    assert_eq!(request.date, today().succ_opt().unwrap());
    assert_eq!(request.date_words, "tomorrow");
}
