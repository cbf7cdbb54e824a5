//! Stage one alone: what text becomes which command, and the one-line answers for text
//! that is not one — no store, no engine.

use chrono::NaiveDate;
use kith::domain::model::InteractionType;
use kith::engine::command::{Command, parse};
use kith::engine::logline::LogRequest;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn log(text: &str) -> LogRequest {
    match parse(text, today()) {
        Ok(Command::Log(request)) => request,
        other => panic!("{text:?} → {other:?}"),
    }
}

#[test]
fn log_lines() {
    let cases: &[(&str, InteractionType, &[&str], &str, &str)] = &[
        (
            "/log coffee with Alice Smith and Bob yesterday: talked about the seed round",
            InteractionType::Coffee,
            &["Alice Smith", "Bob"],
            "2026-11-25",
            "talked about the seed round",
        ),
        (
            "/log 1:1 vc with Zoë Müller: roadmap",
            InteractionType::OneOnOneVideo,
            &["Zoë Müller"],
            "2026-11-26",
            "roadmap",
        ),
        (
            "/log call Bob 3d ago",
            InteractionType::Phone,
            &["Bob"],
            "2026-11-23",
            "",
        ),
        (
            "/log Group Meeting with A, B & C on monday",
            InteractionType::GroupVideo,
            &["A", "B", "C"],
            "2026-11-23",
            "",
        ),
        (
            "/log Jane Doe 2026-11-01",
            InteractionType::Other,
            &["Jane Doe"],
            "2026-11-01",
            "",
        ),
        (
            "/log lunch with Ann 2 weeks ago: a: b",
            InteractionType::Lunch,
            &["Ann"],
            "2026-11-12",
            "a: b",
        ),
        // What a new user types: an unknown type word, a misspelt one, dates in words.
        (
            "/log walk with Tom Ford Nov 24",
            InteractionType::Other,
            &["Tom Ford"],
            "2026-11-24",
            "",
        ),
        (
            "/log coffe with Tom Ford 28 Oct: pastries",
            InteractionType::Coffee,
            &["Tom Ford"],
            "2026-10-28",
            "pastries",
        ),
        (
            "/log lunch with Ann a week ago",
            InteractionType::Lunch,
            &["Ann"],
            "2026-11-19",
            "",
        ),
        (
            "/log call Bob last week",
            InteractionType::Phone,
            &["Bob"],
            "2026-11-19",
            "",
        ),
        (
            "/log Emil 28.11.",
            InteractionType::Other,
            &["Emil"],
            "2026-11-28",
            "",
        ),
        (
            "/log coffee with Zoë 31/12",
            InteractionType::Coffee,
            &["Zoë"],
            "2025-12-31",
            "",
        ),
    ];
    for (text, kind, names, date, notes) in cases {
        let request = log(text);
        assert_eq!(request.kind, *kind, "{text}");
        assert_eq!(
            request.names,
            names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            "{text}"
        );
        assert_eq!(request.date.to_string(), *date, "{text}");
        assert_eq!(request.notes, *notes, "{text}");
    }
}

#[test]
fn an_ambiguous_date_keeps_both_readings_for_the_engine_to_ask() {
    let request = log("/log coffee with Bob 3/5");
    assert_eq!(request.names, vec!["Bob".to_owned()]);
    assert_eq!(request.date.to_string(), "2026-05-03");
    assert_eq!(
        request.month_first.map(|d| d.to_string()).as_deref(),
        Some("2026-03-05")
    );
    // A date only one order allows is not ambiguous.
    assert_eq!(log("/log coffee with Bob 31/12").month_first, None);
}

#[test]
fn helpful_errors() {
    let cases = [
        ("/frobnicate", "I don't know the command /frobnicate"),
        ("/log", "/log needs who you met. For example: /log coffee"),
        ("/log coffee yesterday", "/log needs who you met"),
        (
            "/log coffee with Bob 2026-13-45",
            "I can't read the date \"2026-13-45\"",
        ),
        ("/note Bob", "/note needs a name, a colon and the note"),
        ("/person", "/person needs a name"),
        ("/recent 500", "/recent takes a number from 1 to 50"),
        ("/merge Bob", "/merge needs two names"),
        ("/link jane@acme.io", "/link needs an address and a name"),
        ("/tag +vip", "/tag needs a name before the tags"),
    ];
    for (text, expected) in cases {
        let error = parse(text, today()).expect_err(text).to_string();
        assert!(error.starts_with(expected), "{text}: {error}");
    }
}

#[test]
fn other_commands() {
    let cases: Vec<(&str, Command)> = vec![
        ("jane", Command::Find("jane".into())),
        ("/find@kith_bot Jane", Command::Find("Jane".into())),
        ("/HELP", Command::Help(None)),
        ("/help Log", Command::Help(Some("log".into()))),
        (
            "/new Jane Doe <jane@acme.io>",
            Command::New {
                name: "Jane Doe".into(),
                email: Some("jane@acme.io".into()),
            },
        ),
        (
            "/new Jane Doe jane@acme.io",
            Command::New {
                name: "Jane Doe".into(),
                email: Some("jane@acme.io".into()),
            },
        ),
        (
            "/new Jane Doe",
            Command::New {
                name: "Jane Doe".into(),
                email: None,
            },
        ),
        (
            "/tag Mary-Jane Watson +Possible Investor -VC",
            Command::Tag {
                name: "Mary-Jane Watson".into(),
                add: vec!["Possible Investor".into()],
                remove: vec!["VC".into()],
            },
        ),
        (
            "/merge Robert Smith, Bob Smith",
            Command::Merge {
                keep: "Robert Smith".into(),
                other: "Bob Smith".into(),
            },
        ),
        (
            "/merge #5 #9",
            Command::Merge {
                keep: "#5".into(),
                other: "#9".into(),
            },
        ),
        ("/stale", Command::Stale(None)),
        ("/stale Any time", Command::Stale(Some("Any time".into()))),
        ("/recent", Command::Recent(10)),
    ];
    for (text, expected) in cases {
        assert_eq!(parse(text, today()), Ok(expected), "{text}");
    }
}
