//! Telegram Desktop's JSON export, made here in its real layout (the whole export and
//! one chat's): personal chats with the owner's and the partner's messages over several
//! days, text as a string and as a list of entities, service messages with an actor, a
//! group, a channel, a bot, saved messages and deleted accounts. The counts are exact,
//! the days fall in the owner's zone, a second import and an undo change nothing more,
//! and a broken or outsized file is a located error.

use chrono::{TimeZone, Utc};
use chrono_tz::Tz;
use kith::domain::actor::Actor;
use kith::domain::telegram::ChatDay;
use kith::moving::import::telegram::{self, ExportCounts, Limits};
use kith::store::{NewPerson, Store, TelegramIdentity};

use super::day;

/// The owner's Telegram id in the synthetic export.
pub const OWNER: i64 = 1000;
pub const ANA: i64 = 2001;
pub const BOB: i64 = 2002;
pub const ZONE: Tz = chrono_tz::Europe::Berlin;

/// One message as Telegram Desktop writes it (one field a line).
pub struct Said {
    pub id: i64,
    pub from: i64,
    /// UTC "2026-11-20 10:00".
    pub at: &'static str,
    pub entities: bool,
}

fn unixtime(at: &str) -> i64 {
    let naive = chrono::NaiveDateTime::parse_from_str(at, "%Y-%m-%d %H:%M").unwrap();
    Utc.from_utc_datetime(&naive).timestamp()
}

/// A message: from the owner or the partner, its text a string or a list of entities.
pub fn message(said: &Said) -> String {
    let text = if said.entities {
        r#"[
      "see ",
      {
       "type": "link",
       "text": "https://example.org"
      },
      " and call me"
     ]"#
    } else {
        r#""see you at the \"Café\" tomorrow""#
    };
    let seconds = unixtime(said.at);
    format!(
        r#"    {{
     "id": {},
     "type": "message",
     "date": "{}",
     "date_unixtime": "{seconds}",
     "from": "Someone",
     "from_id": "user{}",
     "text": {text},
     "text_entities": []
    }}"#,
        said.id,
        said.at.replace(' ', "T"),
        said.from
    )
}

/// A service message (a call) with its actor.
pub fn service(id: i64, actor: i64, at: &str) -> String {
    format!(
        r#"    {{
     "id": {id},
     "type": "service",
     "date": "{}",
     "date_unixtime": "{}",
     "actor": "Someone",
     "actor_id": "user{actor}",
     "action": "phone_call",
     "duration_seconds": 61,
     "text": "",
     "text_entities": []
    }}"#,
        at.replace(' ', "T"),
        unixtime(at)
    )
}

/// A chat object: `name` (`None` written as null), its type, id and messages.
pub fn chat(name: Option<&str>, kind: &str, id: i64, messages: &[String]) -> String {
    let name = name.map_or_else(|| "null".to_owned(), |n| format!("{n:?}"));
    format!(
        "   {{\n    \"name\": {name},\n    \"type\": \"{kind}\",\n    \"id\": {id},\n    \"messages\": [\n{}\n    ]\n   }}",
        messages.join(",\n")
    )
}

/// The whole export around `chats`.
pub fn whole_export(chats: &[String]) -> String {
    format!(
        r#"{{
 "about": "Here is the data you requested. Remember: Telegram is ad free, it doesn't sell your data.",
 "personal_information": {{
  "user_id": {OWNER},
  "first_name": "Olga",
  "last_name": "Owner",
  "phone_number": "+49 000",
  "bio": ""
 }},
 "chats": {{
  "about": "This page lists all chats from this export.",
  "list": [
{}
  ]
 }},
 "left_chats": {{
  "about": "This page lists all supergroups and channels from this export that you've left.",
  "list": []
 }}
}}"#,
        chats.join(",\n")
    )
}

fn said(id: i64, from: i64, at: &'static str, entities: bool) -> String {
    message(&Said {
        id,
        from,
        at,
        entities,
    })
}

/// Ana's chat: the owner on 20 Nov (twice), Ana on 21 Nov, the owner on 22 Nov and at
/// 23:30 UTC on 22 Nov (already 23 Nov in Berlin); a call.
pub fn ana_chat() -> String {
    chat(
        Some("Ana Souza"),
        "personal_chat",
        ANA,
        &[
            said(1, OWNER, "2026-11-20 09:00", false),
            said(2, OWNER, "2026-11-20 17:00", true),
            said(3, ANA, "2026-11-21 10:00", false),
            service(4, ANA, "2026-11-21 11:00"),
            said(5, OWNER, "2026-11-22 08:00", true),
            said(6, OWNER, "2026-11-22 23:30", false),
        ],
    )
}

/// The synthetic whole export: three personal chats (Ana; Bob over five days, with a
/// message without a time; Cleo, who alone wrote), a group, a channel, a bot, saved
/// messages and two deleted accounts. 8 chat days: Ana's 3 and Bob's 5.
pub fn synthetic_export() -> String {
    let bob: Vec<String> = (0..5)
        .flat_map(|n| {
            let at: &'static str = [
                "2026-10-01 12:00",
                "2026-10-02 12:00",
                "2026-10-03 12:00",
                "2026-10-04 12:00",
                "2026-10-05 12:00",
            ][n];
            [
                said(10 + n as i64 * 2, OWNER, at, n % 2 == 0),
                service(11 + n as i64 * 2, BOB, at),
            ]
        })
        .chain([r#"    {
     "id": 99,
     "type": "message",
     "date": "the 6th, at noon",
     "from": "Olga Owner",
     "from_id": "user1000",
     "text": "no readable time here"
    }"#
        .to_owned()])
        .collect();
    whole_export(&[
        ana_chat(),
        chat(Some("Bob Stone"), "personal_chat", BOB, &bob),
        chat(
            Some("Cleo"),
            "personal_chat",
            2003,
            &[said(30, 2003, "2026-11-01 10:00", false)],
        ),
        chat(
            None,
            "personal_chat",
            2004,
            &[said(40, OWNER, "2026-11-01 10:00", false)],
        ),
        chat(
            Some("Deleted Account"),
            "personal_chat",
            2005,
            &[said(41, OWNER, "2026-11-02 10:00", false)],
        ),
        chat(
            Some("Climbing crew"),
            "private_supergroup",
            3001,
            &[
                said(50, OWNER, "2026-11-03 10:00", true),
                said(51, 2001, "2026-11-03 10:05", false),
            ],
        ),
        chat(
            Some("News"),
            "public_channel",
            3002,
            &[said(60, 3002, "2026-11-04 10:00", false)],
        ),
        chat(
            Some("Weather bot"),
            "bot_chat",
            4001,
            &[said(70, OWNER, "2026-11-05 10:00", false)],
        ),
        format!(
            "   {{\n    \"type\": \"saved_messages\",\n    \"id\": {OWNER},\n    \"messages\": [\n{}\n    ]\n   }}",
            said(80, OWNER, "2026-11-06 10:00", false)
        ),
    ])
}

/// The counts `synthetic_export` must read as.
pub const SYNTHETIC_COUNTS: ExportCounts = ExportCounts {
    chats: 9,
    personal: 3,
    groups: 1,
    channels: 1,
    bots: 1,
    saved: 1,
    deleted: 2,
    other: 0,
    messages: 25,
    service: 6,
};

fn read(text: &str) -> telegram::ExportRead {
    telegram::read("result.json", text.as_bytes(), ZONE, Limits::default()).unwrap()
}

fn days(read: &telegram::ExportRead) -> Vec<(i64, String, Option<String>, String)> {
    read.days
        .iter()
        .map(|ChatDay { partner, day }| {
            (
                partner.id,
                partner.first_name.clone(),
                partner.last_name.clone(),
                day.to_string(),
            )
        })
        .collect()
}

/// A store where Ana (and only she) has her Telegram id.
pub fn store_with_ana() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let ana = store.create_person(&NewPerson::named("Ana Souza")).unwrap();
    store
        .set_telegram_identity(
            ana,
            &TelegramIdentity {
                id: Some(ANA),
                username: None,
            },
        )
        .unwrap();
    store
}

#[test]
fn the_whole_export_is_read_as_the_days_the_owner_wrote_in_each_personal_chat() {
    let read = read(&synthetic_export());
    assert_eq!(read.counts, SYNTHETIC_COUNTS);
    let ana = |on: &str| {
        (
            ANA,
            "Ana".to_owned(),
            Some("Souza".to_owned()),
            on.to_owned(),
        )
    };
    let bob = |on: &str| {
        (
            BOB,
            "Bob".to_owned(),
            Some("Stone".to_owned()),
            on.to_owned(),
        )
    };
    assert_eq!(
        days(&read),
        vec![
            ana("2026-11-20"),
            ana("2026-11-22"),
            ana("2026-11-23"),
            bob("2026-10-01"),
            bob("2026-10-02"),
            bob("2026-10-03"),
            bob("2026-10-04"),
            bob("2026-10-05"),
        ]
    );
    assert_eq!(
        read.problems,
        vec![
            "result.json, chat \"Bob Stone\", message 99: no readable time (date_unixtime or date); skipped"
        ]
    );
}

#[test]
fn one_chats_export_is_read_alike() {
    let one = ana_chat().replacen("   {", "{", 1);
    let read = read(&one);
    assert_eq!(
        read.counts,
        ExportCounts {
            chats: 1,
            personal: 1,
            messages: 6,
            service: 1,
            ..ExportCounts::default()
        }
    );
    assert_eq!(read.days.len(), 3);
    // The same chat with its messages before its name and id is read the same.
    let reordered = format!(
        r#"{{"messages": [{}], "id": {ANA}, "type": "personal_chat", "name": "Ana Souza"}}"#,
        said(1, OWNER, "2026-11-20 09:00", false)
    );
    assert_eq!(days(&self::read(&reordered)).len(), 1);
}

/// Every table's rows but `sqlite_sequence`: `log_chat_days` inserts a waiting day again
/// with `ON CONFLICT DO NOTHING`, which moves `telegram_chat_days`' AUTOINCREMENT counter
/// though no row changes.
pub fn unchanged(store: &Store) -> u64 {
    store
        .fingerprint_except(&["sqlite_sequence", "job_runs", "sync_sources"])
        .unwrap()
}

#[test]
fn applied_once_logged_or_waiting_then_again_nothing_and_undo_takes_it_back() {
    let read = read(&synthetic_export());
    let mut store = store_with_ana();
    let network = |store: &Store| store.export_json().unwrap()["tables"].clone();
    let network_before = network(&store);
    let applied = telegram::apply(&mut store, &read, "result.json").unwrap();
    assert_eq!(
        read.report_line(&applied),
        "Telegram export: 3 personal chats (1 group, 1 channel, 1 bot, 1 saved messages, 2 deleted accounts skipped); 25 messages read (6 service); 8 chat days: 3 logged, 5 waiting for 1 person kith does not know (the digest asks about them). 1 part could not be read (above)."
    );
    let once = unchanged(&store);
    let again = telegram::apply(&mut store, &read, "result.json").unwrap();
    assert_eq!(
        read.report_line(&again),
        "Telegram export: 3 personal chats (1 group, 1 channel, 1 bot, 1 saved messages, 2 deleted accounts skipped); 25 messages read (6 service); 8 chat days: 5 still waiting for 1 person kith does not know (see /telegram), 3 already logged — nothing changed. 1 part could not be read (above)."
    );
    assert_eq!(unchanged(&store), once);
    // The whole import is one change; undoing it leaves the network as it was.
    let change = store
        .latest_undoable_change(Actor::Terminal)
        .unwrap()
        .unwrap();
    assert!(
        change
            .summary
            .starts_with("Import: Telegram chats from result.json: 3 chat days logged, 5 waiting"),
        "{}",
        change.summary
    );
    store.undo_change(change.id).unwrap();
    assert_eq!(network(&store), network_before);
}

#[test]
fn a_broken_file_is_a_located_error() {
    let whole = synthetic_export();
    let cut = &whole[..whole.len() / 2];
    let error = telegram::read("result.json", cut.as_bytes(), ZONE, Limits::default()).unwrap_err();
    assert!(
        error.to_string().starts_with("result.json, line "),
        "{error}"
    );
    assert!(error.to_string().contains("EOF while parsing"), "{error}");
    assert!(
        error.to_string().contains("(in the chat \"Bob Stone\")"),
        "{error}"
    );
    let garbage = telegram::read("x.json", &b"[1, 2]"[..], ZONE, Limits::default()).unwrap_err();
    assert_eq!(
        garbage.to_string(),
        "x.json, line 1, column 1: invalid type: sequence, expected a Telegram export (a JSON object)"
    );
    let other =
        telegram::read("x.json", &br#"{"hello": 1}"#[..], ZONE, Limits::default()).unwrap_err();
    assert!(
        other.to_string().contains("not a Telegram Desktop export"),
        "{other}"
    );
}

#[test]
fn a_long_value_a_deep_nesting_and_a_long_chat_are_bounded() {
    let limits = Limits {
        value_bytes: 200,
        chat_messages: 4,
        ..Limits::default()
    };
    let long = format!(
        "{{\n\"chats\": {{\"list\": [], \"about\": \"{}\"}}}}",
        "x".repeat(500)
    );
    let error = telegram::read("long.json", long.as_bytes(), ZONE, limits).unwrap_err();
    assert_eq!(
        error.to_string(),
        "long.json, line 2: a value longer than 200 bytes, more than any in a Telegram export"
    );
    let number = format!(
        r#"{{"chats": {{"list": [], "about": {}}}}}"#,
        "9".repeat(500)
    );
    let error = telegram::read("long.json", number.as_bytes(), ZONE, limits).unwrap_err();
    assert!(
        error.to_string().contains("a value longer than 200 bytes"),
        "{error}"
    );
    let deep = format!(r#"{{"chats": {}"#, "[".repeat(100_000));
    let error = telegram::read("deep.json", deep.as_bytes(), ZONE, limits).unwrap_err();
    assert_eq!(
        error.to_string(),
        "deep.json, line 1: values nested more than 64 deep, deeper than any Telegram export"
    );
    let read = telegram::read("result.json", synthetic_export().as_bytes(), ZONE, limits).unwrap();
    assert_eq!(read.counts.messages, SYNTHETIC_COUNTS.messages);
    assert!(
        read.problems.contains(&"result.json, chat \"Ana Souza\": only its first 4 messages were read (the most one chat may have); 2 more were skipped".to_owned()),
        "{:?}",
        read.problems
    );
    // Ana's first four messages hold one of her three days.
    assert_eq!(read.days.iter().filter(|d| d.partner.id == ANA).count(), 1);
    let _ = day("2026-11-20");
}

/// `text` as `jq -c` writes it: every whitespace outside strings dropped, one line.
fn compact(text: &str) -> String {
    let (mut out, mut in_string, mut escaped) = (String::new(), false, false);
    for c in text.chars() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c.is_whitespace() {
            continue;
        } else {
            in_string = c == '"';
        }
        out.push(c);
    }
    out
}

#[test]
fn a_compact_export_was_refused_for_its_one_long_line() {
    let pretty = synthetic_export();
    let one_line = compact(&pretty);
    assert!(!one_line.contains('\n') && one_line.len() < pretty.len());
    assert_eq!(read(&one_line), read(&pretty));
    // Larger than any line bound was: 40,000 messages on one line, read in bounded memory.
    let many: Vec<String> = (0..40_000)
        .map(|n| compact(&said(n, OWNER, "2026-11-20 09:00", n % 2 == 0)))
        .collect();
    let big = compact(&whole_export(&[chat(
        Some("Ana Souza"),
        "personal_chat",
        ANA,
        &many,
    )]));
    assert!(big.len() > 4 << 20, "{}", big.len());
    let read = read(&big);
    assert_eq!((read.counts.messages, read.days.len()), (40_000, 1));
    // A field kept is cut, not held whole.
    let name = "N".repeat(10_000);
    let long_name = compact(&whole_export(&[chat(
        Some(&name),
        "personal_chat",
        ANA,
        &[said(1, OWNER, "2026-11-20 09:00", false)],
    )]));
    let read = self::read(&long_name);
    assert_eq!(read.days[0].partner.first_name.chars().count(), 257);
}

#[test]
fn a_file_cut_between_chats_named_no_chat() {
    let whole = synthetic_export();
    let ana = ana_chat();
    let end = whole.find(&ana).unwrap() + ana.len() + 1;
    let error = telegram::read(
        "result.json",
        &whole.as_bytes()[..end],
        ZONE,
        Limits::default(),
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains(" (after the chat \"Ana Souza\"): EOF while parsing"),
        "{error}"
    );
    // Cut inside the next chat's fields, once its name is read, that chat is named.
    let bob = whole.find("\"Bob Stone\",").unwrap() + 12;
    let error = telegram::read(
        "result.json",
        &whole.as_bytes()[..bob],
        ZONE,
        Limits::default(),
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains(" (in the chat \"Bob Stone\"): EOF while parsing"),
        "{error}"
    );
}

#[test]
fn a_chat_whose_id_is_a_string_was_counted_as_a_deleted_account() {
    let weird = r#"{"chats": {"list": [{"type": "personal_chat", "id": "abc", "messages": [{"id": 1, "type": "message", "date_unixtime": 1795860000, "from_id": "user999", "text": "x"}]}, {"type": "personal_chat", "name": "Ivo P", "id": "abc", "messages": []}]}}"#;
    let read = read(weird);
    assert_eq!(read.counts.deleted, 0);
    assert_eq!(
        read.problems,
        vec![
            "result.json, chat without a name: its id \"abc\" is not a number; skipped",
            "result.json, chat \"Ivo P\": its id \"abc\" is not a number; skipped",
        ]
    );
    assert!(read.days.is_empty());
}

#[test]
fn a_message_with_only_its_local_date_was_skipped() {
    let local = |date: &str| {
        format!(
            r#"{{"chats": {{"list": [{{"type": "personal_chat", "name": "No Unix", "id": 5021, "messages": [{{"id": 1, "type": "message", "date": "{date}", "from_id": "user999", "text": "x"}}]}}]}}}}"#
        )
    };
    // The exporting computer's local time, read in KITH_TIMEZONE: its day is the date
    // as written, late in the evening too.
    for (date, on) in [
        ("2026-11-01T10:00:00", "2026-11-01"),
        ("2026-11-28T23:59:59", "2026-11-28"),
        ("2026-11-29T00:00:01", "2026-11-29"),
    ] {
        let read = read(&local(date));
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(
            days(&read),
            vec![(
                5021,
                "No".to_owned(),
                Some("Unix".to_owned()),
                on.to_owned()
            )]
        );
    }
    let unread = read(&local("yesterday"));
    assert_eq!(
        unread.problems,
        vec![
            "result.json, chat \"No Unix\", message 1: no readable time (date_unixtime or date); skipped"
        ]
    );
}
