//! `kith import telegram result.json [--dry-run]` end to end: the report's words and
//! counts, a dry run and a second import that change nothing, a broken file refused with
//! where it broke and nothing changed, /undo taking the import back whole, and an export
//! of 200,000 messages written to a file read streamed.

use std::io::Write;

use kith::store::{NewPerson, Store, TelegramIdentity};

use super::{kith, text};
use crate::moving::telegram_export::{ANA, OWNER, synthetic_export, unchanged};

const BERLIN: (&str, &str) = ("KITH_TIMEZONE", "Europe/Berlin");

/// A database where Ana has her Telegram id.
fn database_with_ana(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join("kith.db");
    let mut store = Store::open(&db).unwrap();
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
    db
}

fn fingerprint(db: &std::path::Path) -> u64 {
    unchanged(&Store::open(db).unwrap())
}

/// The line the run printed on standard output, without its timing.
fn report(output: &std::process::Output) -> String {
    let shown = String::from_utf8_lossy(&output.stdout);
    let line = shown.lines().last().unwrap_or_default();
    line.rsplit_once(" (")
        .map_or(line, |(report, _)| report)
        .to_owned()
}

#[test]
fn an_export_is_reported_dry_run_imported_once_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let db = database_with_ana(dir.path());
    let file = dir.path().join("result.json");
    std::fs::write(&file, synthetic_export()).unwrap();
    let path = file.to_str().unwrap();
    let before = fingerprint(&db);
    let network =
        |db: &std::path::Path| Store::open(db).unwrap().export_json().unwrap()["tables"].clone();
    let network_before = network(&db);
    let dry = kith(&db, &["import", "telegram", "--dry-run", path], &[BERLIN]);
    assert!(dry.status.success(), "{}", text(&dry));
    assert_eq!(
        report(&dry),
        "would import: Telegram export: 3 personal chats (1 group, 1 channel, 1 bot, 1 saved messages, 2 deleted accounts skipped); 25 messages read (6 service); 8 chat days: 3 logged, 5 waiting for 1 person kith does not know (the digest asks about them). 1 part could not be read (above). Nothing was changed (--dry-run)."
    );
    // The located problem goes to standard error.
    assert!(
        text(&dry).contains(
            "chat \"Bob Stone\", message 99: no readable time (date_unixtime or date); skipped"
        ),
        "{}",
        text(&dry)
    );
    assert_eq!(fingerprint(&db), before);
    let real = kith(&db, &["import", "telegram", path], &[BERLIN]);
    assert!(real.status.success(), "{}", text(&real));
    assert_eq!(
        report(&real),
        "Telegram export: 3 personal chats (1 group, 1 channel, 1 bot, 1 saved messages, 2 deleted accounts skipped); 25 messages read (6 service); 8 chat days: 3 logged, 5 waiting for 1 person kith does not know (the digest asks about them). 1 part could not be read (above)."
    );
    let once = fingerprint(&db);
    assert_ne!(once, before);
    let again = kith(&db, &["import", "telegram", path], &[BERLIN]);
    assert!(
        report(&again).ends_with(
            "8 chat days: 5 still waiting for 1 person kith does not know (see /telegram), 3 already logged — nothing changed. 1 part could not be read (above)."
        ),
        "{}",
        text(&again)
    );
    assert_eq!(fingerprint(&db), once);
    let undo = kith(&db, &["ask", "/undo"], &[]);
    assert!(
        text(&undo).contains(
            "Undone: Import: Telegram chats from result.json: 3 chat days logged, 5 waiting"
        ),
        "{}",
        text(&undo)
    );
    assert_eq!(network(&db), network_before);
}

#[test]
fn a_broken_export_is_refused_where_it_broke_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = database_with_ana(dir.path());
    let whole = synthetic_export();
    let file = dir.path().join("result.json");
    std::fs::write(&file, &whole[..whole.len() * 2 / 3]).unwrap();
    let before = fingerprint(&db);
    let output = kith(
        &db,
        &["import", "telegram", file.to_str().unwrap()],
        &[BERLIN],
    );
    assert!(!output.status.success());
    let shown = text(&output);
    assert!(
        shown.contains("result.json, line ")
            && shown.contains("EOF while parsing")
            && shown.contains("; nothing was imported"),
        "{shown}"
    );
    assert_eq!(fingerprint(&db), before);
    let missing = kith(
        &db,
        &["import", "telegram", "/nonexistent/result.json"],
        &[],
    );
    assert!(
        text(&missing)
            .contains("cannot read /nonexistent/result.json: no such file; nothing was imported"),
        "{}",
        text(&missing)
    );
    // A dry run against a database that does not exist leaves none behind.
    let new = dir.path().join("new.db");
    std::fs::write(&file, &whole).unwrap();
    let dry = kith(
        &new,
        &["import", "telegram", "--dry-run", file.to_str().unwrap()],
        &[BERLIN],
    );
    assert!(dry.status.success(), "{}", text(&dry));
    assert!(!new.exists());
}

#[test]
fn a_folder_given_as_file_was_a_line_0_column_0_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = database_with_ana(dir.path());
    let folder = dir.path().join("DataExport_2026-12-07");
    std::fs::create_dir(&folder).unwrap();
    let before = fingerprint(&db);
    let output = kith(
        &db,
        &["import", "telegram", folder.to_str().unwrap()],
        &[BERLIN],
    );
    assert!(!output.status.success());
    let shown = text(&output);
    assert!(
        shown.contains(&format!(
            "{} is a folder: give the result.json inside the export's folder; nothing was imported",
            folder.display()
        )) && !shown.contains("line 0"),
        "{shown}"
    );
    assert_eq!(fingerprint(&db), before);
}

/// 4 personal chats of 50,000 messages each (one every 30 minutes, every other one the
/// owner's), written to a file a message at a time.
fn write_large_export(path: &std::path::Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(
        out,
        "{{\n \"about\": \"\",\n \"chats\": {{\n  \"about\": \"\",\n  \"list\": ["
    )
    .unwrap();
    let start = 1_600_000_000_i64;
    for chat in 0..4_i64 {
        let partner = 7000 + chat;
        if chat > 0 {
            writeln!(out, "   ,").unwrap();
        }
        writeln!(out, "   {{\n    \"name\": \"Partner {chat}\",\n    \"type\": \"personal_chat\",\n    \"id\": {partner},\n    \"messages\": [").unwrap();
        for n in 0..50_000_i64 {
            let from = if n % 2 == 0 { OWNER } else { partner };
            let comma = if n == 49_999 { "" } else { "," };
            writeln!(
                out,
                "    {{\n     \"id\": {n},\n     \"type\": \"message\",\n     \"date_unixtime\": \"{}\",\n     \"from_id\": \"user{from}\",\n     \"text\": [\"hello \", {{\"type\": \"bold\", \"text\": \"there\"}}]\n    }}{comma}",
                start + n * 1800
            )
            .unwrap();
        }
        writeln!(out, "    ]\n   }}").unwrap();
    }
    writeln!(out, "  ]\n }}\n}}").unwrap();
    out.flush().unwrap();
}

#[test]
fn an_export_of_200000_messages_is_read_streamed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let file = dir.path().join("result.json");
    write_large_export(&file);
    let output = kith(
        &db,
        &["import", "telegram", file.to_str().unwrap()],
        &[("KITH_TIMEZONE", "UTC")],
    );
    assert!(output.status.success(), "{}", text(&output));
    // The owner wrote every hour for 1,041.6 days from 12:26 on the first: 1,043 days a chat.
    assert_eq!(
        report(&output),
        "Telegram export: 4 personal chats; 200000 messages read (0 service); 4172 chat days: 4172 waiting for 4 people kith does not know (the digest asks about them)."
    );
}

/// Importing the same export again says its waiting days still wait — not that they were
/// logged — and that nothing changed.
#[test]
fn importing_again_reported_waiting_days_as_already_logged() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    drop(Store::open(&db).unwrap());
    let file = dir.path().join("result.json");
    std::fs::write(&file, synthetic_export()).unwrap();
    let path = file.to_str().unwrap();
    let first = kith(&db, &["import", "telegram", path], &[BERLIN]);
    assert!(
        report(&first).contains(
            "8 chat days: 8 waiting for 2 people kith does not know (the digest asks about them)."
        ),
        "{}",
        text(&first)
    );
    let once = fingerprint(&db);
    let again = kith(&db, &["import", "telegram", path], &[BERLIN]);
    assert!(
        report(&again).contains(
            "8 chat days: 8 still waiting for 2 people kith does not know (see /telegram) — nothing changed."
        ),
        "{}",
        text(&again)
    );
    assert_eq!(fingerprint(&db), once);
}
