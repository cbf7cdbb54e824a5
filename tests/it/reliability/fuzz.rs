//! Property tests for every reader of outside input: the command parser, the callback
//! decoder, the ICS, vCard and CSV readers, the Google event model and the Telegram
//! renderer. Inputs are random text and, more usefully, random arrangements of the
//! pieces each format is made of. No panic, bounded output, and a strict decoder.
//!
//! CI runs each property 256 times (proptest's default); `PROPTEST_CASES=20000 cargo
//! test --release --test reliability fuzz` searches longer.

use chrono::{NaiveDate, TimeZone, Utc};
use kith::calendar::google::GoogleEvent;
use kith::calendar::ics::read_feed;
use kith::engine::Reply;
use kith::engine::callback::{Callback, DECLARED, MAX_CALLBACK_BYTES};
use kith::engine::command::COMMANDS;
use kith::engine::command::parse;
use kith::moving::import::table::Table;
use kith::transport::telegram::render::{MAX_MESSAGE_CHARS, html_messages};
use proptest::prelude::*;
use serde_json::Value;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// Text that mixes the characters parsers trip on with any other character.
fn nasty_text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("<b>".to_owned()),
        Just("</a>".to_owned()),
        Just("&amp;".to_owned()),
        Just("*_`[](".to_owned()),
        Just("\u{0}\u{7}\u{1b}[31m".to_owned()),
        Just("\u{202e}\u{200d}".to_owned()),
        Just(":".to_owned()),
        Just(",".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n ".to_owned()),
        Just("\"".to_owned()),
        Just(";".to_owned()),
        Just("@".to_owned()),
        Just("yesterday".to_owned()),
        Just("2026-02-30".to_owned()),
        Just("+tag".to_owned()),
        "[0-9]{1,25}",
        any::<char>().prop_map(String::from),
        "\\PC{0,12}",
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|p| p.concat())
}

/// Any declared callback code with any parts: arity and spelling both wrong or right.
fn any_callback_codes() -> impl Strategy<Value = String> {
    let codes: Vec<&str> = DECLARED.iter().map(|kind| kind.code).collect();
    let pattern = format!("({})(:[-+0-9a-z]{{0,21}}){{0,4}}", codes.join("|"));
    proptest::string::string_regex(&pattern).expect("the codes make a regular expression")
}

/// Data shaped like each declared callback, part by part as the declaration says, so
/// many decode: what does must encode back to itself.
fn shaped_callbacks() -> impl Strategy<Value = String> {
    let kinds: Vec<_> = DECLARED
        .iter()
        .map(|kind| {
            let parts: String = kind.parts.iter().map(|part| format!(":{part}")).collect();
            proptest::string::string_regex(&format!("{}{parts}", kind.code))
                .expect("a declared callback makes a regular expression")
        })
        .collect();
    proptest::strategy::Union::new(kinds)
}

fn command_line() -> impl Strategy<Value = String> {
    let names: Vec<String> = COMMANDS.iter().map(|c| format!("/{}", c.name)).collect();
    (
        proptest::sample::select(names),
        prop_oneof![Just(""), Just("@kith_bot"), Just("@other_bot")],
        nasty_text(),
    )
        .prop_map(|(name, at, rest)| format!("{name}{at} {rest}"))
}

/// Lines a calendar is made of, in any order and any nesting.
fn ics_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("BEGIN:VCALENDAR".to_owned()),
        Just("END:VCALENDAR".to_owned()),
        Just("BEGIN:VEVENT".to_owned()),
        Just("END:VEVENT".to_owned()),
        Just("BEGIN:VTIMEZONE".to_owned()),
        Just("END:VTIMEZONE".to_owned()),
        Just("BEGIN:STANDARD".to_owned()),
        Just("END:STANDARD".to_owned()),
        Just("TZID:Europe/Berlin".to_owned()),
        Just("TZOFFSETFROM:+0100".to_owned()),
        Just("BEGIN:VALARM".to_owned()),
        Just("END:VALARM".to_owned()),
        "UID:[a-z0-9@.-]{0,12}",
        "DTSTART(;TZID=[A-Za-z/_]{1,20}|;VALUE=DATE)?:[0-9]{8}(T[0-9]{6}Z?)?",
        "DTEND:[0-9]{8}T[0-9]{6}Z",
        "RECURRENCE-ID:[0-9]{8}T[0-9]{6}Z",
        "RRULE:FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;INTERVAL=[0-9]{1,3})?(;COUNT=[0-9]{1,9})?(;UNTIL=[0-9]{8})?(;BYDAY=(MO|TU|-1FR|2WE))?(;BYMONTH=[0-9]{1,2})?",
        "EXDATE:[0-9]{8}T[0-9]{6}Z",
        "RDATE:[0-9]{8}T[0-9]{6}Z",
        "SUMMARY:\\PC{0,30}",
        "STATUS:(CONFIRMED|CANCELLED|TENTATIVE|[A-Z]{0,5})",
        "ATTENDEE(;CN=\"?[^\r\n]{0,15}\"?)?(;PARTSTAT=[A-Z-]{0,12})?(;CUTYPE=(ROOM|RESOURCE|INDIVIDUAL))?:(mailto:)?[a-z.]{0,8}@?[a-z.]{0,8}",
        "ORGANIZER(;CN=[^\r\n:;]{0,10})?:mailto:[a-z]{1,6}@[a-z]{1,6}\\.io",
        "LOCATION:\\PC{0,20}",
        " \\PC{0,20}",
        "[A-Z-]{1,10}(;[A-Z]{1,5}=[^\r\n]{0,10})*:\\PC{0,20}",
        "\\PC{0,40}",
    ]
}

/// A calendar of events made of random lines: mostly well-formed on the outside, so
/// the reader gets past the envelope to the recurrence and attendee code.
fn ics_text() -> impl Strategy<Value = String> {
    let event = proptest::collection::vec(ics_line(), 0..12).prop_map(|lines| {
        format!(
            "BEGIN:VEVENT\r\nUID:e\r\nDTSTART:20260301T100000Z\r\n{}\r\nEND:VEVENT",
            lines.join("\r\n")
        )
    });
    prop_oneof![
        proptest::collection::vec(ics_line(), 0..60).prop_map(|lines| lines.join("\r\n")),
        proptest::collection::vec(event, 0..8).prop_map(|events| format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{}\r\nEND:VCALENDAR\r\n",
            events.join("\r\n")
        )),
    ]
}

fn vcard_text() -> impl Strategy<Value = String> {
    let card = proptest::collection::vec(vcard_line(), 0..10).prop_map(|lines| {
        format!(
            "BEGIN:VCARD\r\nVERSION:4.0\r\n{}\r\nEND:VCARD",
            lines.join("\r\n")
        )
    });
    prop_oneof![
        proptest::collection::vec(vcard_line(), 0..60).prop_map(|lines| lines.join("\r\n")),
        proptest::collection::vec(card, 0..8).prop_map(|cards| cards.join("\r\n")),
    ]
}

fn vcard_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("BEGIN:VCARD".to_owned()),
        Just("END:VCARD".to_owned()),
        "VERSION:(2\\.1|3\\.0|4\\.0|[0-9.]{0,4})",
        "FN(;CHARSET=[A-Z0-9-]{0,8})?(;ENCODING=QUOTED-PRINTABLE)?:\\PC{0,20}",
        "N:[^\r\n]{0,10};[^\r\n]{0,10};[^\r\n]{0,5};;",
        "EMAIL(;TYPE=(work|home|pref|INTERNET))*:[a-z.]{0,8}@?[a-z.]{0,8}",
        "ORG:[^\r\n]{0,15}(;[^\r\n]{0,8})?",
        "TITLE:\\PC{0,15}",
        "NICKNAME:[^\r\n]{0,15}",
        "NOTE:\\PC{0,30}",
        "BDAY:[0-9-]{0,10}",
        "PHOTO;ENCODING=b;TYPE=JPEG:[A-Za-z0-9+/=]{0,40}",
        "CATEGORIES:[^\r\n]{0,20}",
        "item[0-9]\\.EMAIL:[a-z]{1,5}@[a-z]{1,5}\\.io",
        " \\PC{0,20}",
        "=[0-9A-F]{2}=?",
        "\\PC{0,40}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        "\\PC{0,20}".prop_map(Value::String),
        "(20[0-9]{2}-[0-9]{2}-[0-9]{2})(T[0-9]{2}:[0-9]{2}:[0-9]{2}(Z|[+-][0-9]{2}:[0-9]{2})?)?"
            .prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, |inner| {
        let keys = prop_oneof![
            Just("id"),
            Just("kind"),
            Just("status"),
            Just("summary"),
            Just("start"),
            Just("date"),
            Just("dateTime"),
            Just("timeZone"),
            Just("attendees"),
            Just("email"),
            Just("displayName"),
            Just("responseStatus"),
            Just("self"),
            Just("resource"),
            Just("organizer"),
            Just("eventType"),
            Just("hangoutLink"),
            Just("conferenceData"),
            Just("location"),
            Just("description"),
        ];
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(keys.prop_map(str::to_owned), inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Checks that `html` uses only the markup kith writes: `<b>` and escaped text.
fn assert_safe_html(html: &str) {
    let mut rest = html;
    while let Some(at) = rest.find(['<', '&']) {
        let tail = &rest[at..];
        let allowed = ["<b>", "</b>", "&lt;", "&gt;", "&amp;", "&quot;"];
        let Some(token) = allowed.iter().find(|t| tail.starts_with(**t)) else {
            panic!(
                "unescaped markup at {:?} in {html:?}",
                &tail[..tail.len().min(20)]
            );
        };
        rest = &tail[token.len()..];
    }
}

/// What Telegram shows for an HTML message: tags dropped, entities decoded.
fn shown(html: &str) -> String {
    html.replace("<b>", "")
        .replace("</b>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

proptest! {
    #[test]
    fn the_command_parser_answers_any_text(text in nasty_text()) {
        let _ = parse(&text, today());
    }

    #[test]
    fn the_command_parser_answers_any_arguments(line in command_line()) {
        // Either a command or a specific complaint; never a panic.
        if let Err(error) = parse(&line, today()) {
            prop_assert!(!error.to_string().trim().is_empty());
        }
    }

    #[test]
    fn the_callback_decoder_is_strict(data in prop_oneof![
        nasty_text(),
        any_callback_codes(),
        shaped_callbacks(),
    ]) {
        // Whatever decodes, encodes back to exactly the same data, within 64 bytes.
        if let Some(callback) = Callback::decode(&data) {
            let encoded = callback.encode();
            prop_assert!(encoded.len() <= MAX_CALLBACK_BYTES);
            prop_assert_eq!(encoded, data);
        }
    }

    #[test]
    fn the_ics_reader_survives_any_arrangement(text in ics_text()) {
        let from = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        let feed = read_feed(&text, chrono_tz::Europe::Berlin, from, to);
        prop_assert!(feed.events.len() <= 200_000);
        for event in &feed.events {
            prop_assert!(!event.key.is_empty());
        }
    }

    #[test]
    fn the_vcard_reader_survives_any_arrangement(text in vcard_text()) {
        let read = kith::moving::import::vcard::read("fuzz.vcf", &text);
        prop_assert!(read.cards <= text.matches("BEGIN:VCARD").count());
    }

    #[test]
    fn the_csv_reader_survives_any_bytes(bytes in prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..400),
        proptest::collection::vec(
            prop_oneof![Just(b",".to_vec()), Just(b"\"".to_vec()), Just(b"\n".to_vec()),
                Just(b"\r\n".to_vec()), Just(b"\xef\xbb\xbf".to_vec()), Just(b"Name".to_vec()),
                Just(b"Email".to_vec()), "\\PC{0,8}".prop_map(String::into_bytes)],
            0..80,
        ).prop_map(|p| p.concat()),
    ]) {
        if let Err(problem) = Table::parse("fuzz.csv", &bytes) {
            prop_assert!(problem.to_string().starts_with("fuzz.csv"));
        }
    }

    #[test]
    fn the_google_event_model_reads_any_json(value in json_value()) {
        if let Ok(event) = serde_json::from_value::<GoogleEvent>(value.clone())
            && let Some(remote) = event.to_remote()
        {
            prop_assert!(!remote.key.is_empty());
        }
        let text = value.to_string();
        let cut = &text[..text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i)];
        let _ = serde_json::from_str::<GoogleEvent>(cut);
    }

    #[test]
    fn any_text_is_shown_literally_and_within_telegram_limits(
        title in nasty_text(),
        body in prop_oneof![nasty_text(), "\\PC{4000,9000}"],
    ) {
        let reply = Reply::titled(title.clone(), body.clone());
        let messages = html_messages(&reply);
        for message in &messages {
            assert_safe_html(message);
            prop_assert!(shown(message).chars().count() <= MAX_MESSAGE_CHARS);
        }
        // Nothing is lost: the body's text is all there, in order, once the messages
        // are put back together.
        let together = messages.iter().map(|m| shown(m)).collect::<Vec<_>>().join("\n");
        let body_chars: String = body.chars().filter(|c| *c != '\n').collect();
        let shown_chars: String = together.chars().filter(|c| *c != '\n').collect();
        prop_assert!(shown_chars.contains(&body_chars) || body.trim().is_empty());
    }
}
