//! The `kith` binary end to end: seed a fresh file at the owner's scale, check it, and
//! refuse bad settings and damaged files with a clear message.

mod check_intentions;
mod digest;
mod dry_runs;
mod json_gz;
mod reminders;
mod safe_files;
mod telegram_fixture;
mod telegram_import;
mod two_people;

use std::path::Path;
use std::process::{Command, Output};

/// The kith binary with none of this process's `KITH_*` variables (CI's
/// `KITH_REQUIRE_FIXTURES` is the test's, and kith refuses settings it does not know).
fn kith_command() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(name);
    }
    command
}

fn kith(db: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = kith_command();
    command.arg("--db").arg(db).args(args);
    command.envs(env.iter().copied());
    command.output().expect("kith runs")
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn seed_with_defaults_then_check_on_a_fresh_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let seeded = kith(&db, &["seed", "--today", "2026-11-26"], &[]);
    assert!(seeded.status.success(), "{}", text(&seeded));
    assert!(
        text(&seeded).starts_with("seeded"),
        "one-line summary: {}",
        text(&seeded)
    );

    let store = kith::Store::open(&db).unwrap();
    let counts = store.table_counts().unwrap();
    let count = |table: &str| counts.iter().find(|(t, _)| *t == table).unwrap().1;
    assert_eq!(count("people"), 2_000);
    assert_eq!(count("interactions"), 6_750);
    assert_eq!(count("organizations"), 430);
    assert_eq!(count("tags"), 140);
    assert!(count("emails") >= 3_500);
    // The network has the shapes the product cares about.
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let unknown = store.unknown_attendees(0, 10).unwrap();
    assert!(unknown.total > 50, "unknown attendees: {}", unknown.total);
    let stale = store
        .stale(
            &kith::store::StaleQuery::new(
                &kith::store::StaleFilter::All,
                &Default::default(),
                today,
            )
            .page(0, 10),
        )
        .unwrap();
    assert!(stale.total > 100, "overdue people: {}", stale.total);
    drop(store);

    let checked = kith(&db, &["check"], &[]);
    assert!(checked.status.success(), "{}", text(&checked));
    assert!(text(&checked).contains("2000 people"), "{}", text(&checked));

    let again = kith(&db, &["seed"], &[]);
    assert!(!again.status.success());
    assert!(
        text(&again).contains("already holds 2000 people"),
        "{}",
        text(&again)
    );
}

#[test]
fn the_same_seed_gives_the_same_network() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "seed",
        "--people",
        "50",
        "--interactions",
        "200",
        "--organizations",
        "10",
        "--emails",
        "80",
        "--tags",
        "12",
        "--seed",
        "7",
        "--today",
        "2026-11-26",
    ];
    let dump = |name: &str| {
        let db = dir.path().join(name);
        assert!(kith(&db, &args, &[]).status.success());
        let store = kith::Store::open(&db).unwrap();
        let names: Vec<String> = store
            .person_name_keys()
            .unwrap()
            .into_iter()
            .map(|(_, _, n)| n)
            .collect();
        (names, store.table_counts().unwrap())
    };
    assert_eq!(dump("a.db"), dump("b.db"));
}

#[test]
fn bad_settings_fail_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let output = kith(&db, &["check"], &[("KITH_TIMEZONE", "Nowhere/Land")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).contains("KITH_TIMEZONE"), "{}", text(&output));
    assert!(!db.exists());
}

#[test]
fn check_reports_a_damaged_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    std::fs::write(&db, b"this is not a database, just bytes").unwrap();
    let output = kith(&db, &["check"], &[]);
    assert!(!output.status.success());
    assert!(text(&output).contains("kith.db"), "{}", text(&output));
    // The cause is printed once, not once per layer of the error chain.
    assert_eq!(
        text(&output).matches("not a database").count(),
        1,
        "{}",
        text(&output)
    );
}

#[test]
fn check_on_a_missing_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let output = kith(&db, &["check"], &[]);
    assert!(output.status.success());
    assert!(text(&output).contains("no database"), "{}", text(&output));
}

/// A seeded person whose name no one else shares, so it resolves without a question.
fn unique_seeded_name(store: &kith::Store) -> (kith::domain::model::PersonId, String) {
    let people = store.person_name_keys().unwrap();
    people
        .iter()
        .find(|(_, key, _)| people.iter().filter(|(_, other, _)| other == key).count() == 1)
        .map(|(id, _, name)| (*id, name.clone()))
        .expect("a unique name in the seeded network")
}

#[test]
fn ask_drives_the_engine_on_a_seeded_network() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    assert!(kith(&db, &["seed"], &[]).status.success());
    let store = kith::Store::open(&db).unwrap();
    let (id, name) = unique_seeded_name(&store);
    let before = store.count_interactions_of(id).unwrap();
    drop(store);

    let found = kith(&db, &["ask", &format!("/find {name}")], &[]);
    assert!(found.status.success(), "{}", text(&found));
    let shown = String::from_utf8_lossy(&found.stdout).to_string();
    assert!(shown.starts_with(&name), "{shown}");
    assert!(shown.contains(&format!("[Log] l:{id}")), "{shown}");

    let stale = kith(&db, &["ask", "/stale"], &[]);
    let shown = String::from_utf8_lossy(&stale.stdout).to_string();
    assert!(
        shown.starts_with("Overdue, most overdue first\n1. "),
        "{shown}"
    );
    assert!(shown.contains("[▶] s:a:10"), "{shown}");

    let logged = kith(
        &db,
        &["ask", &format!("/log coffee with {name} yesterday")],
        &[],
    );
    let shown = String::from_utf8_lossy(&logged.stdout).to_string();
    assert!(
        shown.starts_with(&format!("Logged coffee with {name} on ")),
        "{shown}"
    );
    let store = kith::Store::open(&db).unwrap();
    assert_eq!(
        store.count_interactions_of(id).unwrap(),
        before + 1,
        "exactly one interaction added"
    );
    drop(store);
    let card = kith(&db, &["ask", "--press", &format!("p:{id}")], &[]);
    let shown = String::from_utf8_lossy(&card.stdout).to_string();
    assert!(
        shown.contains("· coffee"),
        "the card shows the new coffee: {shown}"
    );

    let expired = kith(&db, &["ask", "--press", "p:99999999"], &[]);
    assert!(
        expired.status.success(),
        "an error reply is still an answer"
    );
    assert_eq!(
        String::from_utf8_lossy(&expired.stdout).trim(),
        "This button has expired."
    );
}

#[test]
fn demo_starts_and_answers_help_through_a_pipe() {
    use std::io::Write;
    let mut child = kith_command()
        .arg("demo")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"/help\n/digest\n1\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", text(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(shown.contains("kith demo: a synthetic network"), "{shown}");
    assert!(
        shown.contains("/stale [TAG | TIER | ORGANIZATION]"),
        "{shown}"
    );
    // The digest's messages all show, their buttons numbered on from the first; "1"
    // presses the first of them (a suggestion or "Link to…" for the top address).
    let digest = shown.split("Digest for ").nth(1).expect("the digest");
    assert!(digest.contains("meetings, last "), "{digest}");
    assert!(digest.contains("[1] Link to"), "{digest}");
    assert!(
        shown.contains("demo chat ended after 3 messages"),
        "{shown}"
    );
}

#[test]
fn sync_reports_per_source_and_the_chat_command_runs_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let feed = dir.path().join("work.ics");
    let yesterday = (chrono::Utc::now() - chrono::Duration::days(1)).format("%Y%m%dT100000Z");
    std::fs::write(
        &feed,
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:cli-1\r\nDTSTART:{yesterday}\r\nSUMMARY:Coffee <chat>\r\n\
             LOCATION:Café Central\r\nATTENDEE;CN=\"Doe, Jane\";PARTSTAT=ACCEPTED:MAILTO:Jane.Doe@Acme.io\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ),
    )
    .unwrap();
    let missing = dir.path().join("missing.ics");
    let sources = format!("{},{}", feed.display(), missing.display());
    let env = [
        ("KITH_ICS_URLS", sources.as_str()),
        ("KITH_MY_EMAILS", "me@example.com"),
    ];
    let first = kith(&db, &["sync"], &env);
    assert!(
        !first.status.success(),
        "a failed source makes the run fail"
    );
    let shown = text(&first);
    assert!(
        shown.contains(
            "work.ics (full) — 1 created, 0 updated, 0 unchanged, 1 new unknown attendee"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("missing.ics — failed, nothing changed: cannot read"),
        "{shown}"
    );
    assert!(
        shown.contains("synced 2 sources: 1 created, 0 updated, 1 new unknown attendee, 1 failed"),
        "{shown}"
    );

    let only_feed = [
        ("KITH_ICS_URLS", feed.to_str().unwrap()),
        ("KITH_MY_EMAILS", "me@example.com"),
    ];
    let asked = kith(&db, &["ask", "/sync"], &only_feed);
    assert!(asked.status.success(), "{}", text(&asked));
    let shown = String::from_utf8_lossy(&asked.stdout).to_string();
    assert!(
        shown.starts_with("Syncing your calendars, mailboxes and address book…"),
        "{shown}"
    );
    assert!(
        shown.contains("work.ics (full) — 0 created, 0 updated, 1 unchanged"),
        "{shown}"
    );

    let unknown = kith(&db, &["ask", "/unknown"], &only_feed);
    let shown = String::from_utf8_lossy(&unknown.stdout).to_string();
    assert!(
        shown.contains("jane.doe@acme.io (Doe, Jane) — 1 meeting"),
        "{shown}"
    );
}

#[test]
fn stats_writes_a_private_png_and_prints_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    assert!(kith(&db, &["seed"], &[]).status.success());
    let png = dir.path().join("year.png");
    let output = kith(&db, &["stats", "--out", png.to_str().unwrap()], &[]);
    assert!(output.status.success(), "{}", text(&output));
    let printed = text(&output);
    assert!(printed.starts_with("Since "), "{printed}");
    assert!(printed.contains("chart written to"), "{printed}");
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&png).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn chat_saves_a_file_a_reply_carries_beside_you_and_never_over_another() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    assert!(
        kith(
            &db,
            &["seed", "--people", "50", "--interactions", "100"],
            &[]
        )
        .status
        .success()
    );
    let run = || {
        let mut child = kith_command()
            .arg("--db")
            .arg(&db)
            .arg("chat")
            .current_dir(dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"/stats\n").unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", text(&output));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let first = run();
    let second = run();
    let saved: Vec<String> = [first, second]
        .iter()
        .map(|shown| {
            shown
                .lines()
                .find_map(|l| l.strip_prefix("(saved "))
                .unwrap_or_else(|| panic!("no file saved: {shown}"))
                .split(" — ")
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_ne!(
        saved[0], saved[1],
        "the second does not overwrite the first"
    );
    for name in &saved {
        let path = dir.path().join(name);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn check_reports_an_out_of_date_schema_and_never_migrates_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let older = kith::store::latest_schema_version() - 1;
    {
        let mut conn = rusqlite::Connection::open(&db).unwrap();
        kith::store::MIGRATIONS
            .to_version(&mut conn, older)
            .unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    let output = kith(&db, &["check"], &[]);
    assert!(!output.status.success());
    assert!(
        text(&output).contains(&format!("schema version {older} is out of date")),
        "{}",
        text(&output)
    );
    assert_eq!(std::fs::read(&db).unwrap(), before, "check wrote nothing");
    let version: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_query_value(None, "user_version", |row| row.get(0))
        .unwrap();
    assert_eq!(version, older as i64);
}

#[test]
fn a_missing_setting_exits_2_and_names_the_command_that_needs_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    for (args, command) in [
        (&["run"][..], "`kith run`"),
        (&["digest", "--send"][..], "`kith digest --send`"),
    ] {
        let output = kith(&db, args, &[("KITH_OWNER_IDS", "42")]);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output));
        assert!(
            text(&output).contains(&format!("setting KITH_TELEGRAM_TOKEN: needed by {command}")),
            "{args:?}: {}",
            text(&output)
        );
    }
}

/// `kith import airtable --dry-run` lists every column it does not read, with the mapping
/// line that would read it, and its problems with their rows; its counts are true.
#[test]
fn an_airtable_dry_run_lists_unread_columns_and_problems_with_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let people = dir.path().join("People.csv");
    std::fs::write(
        &people,
        "Name,Emails,Phone,Notes\nJane Doe,jane@acme.io,+4915112345678,first\nJ. Doe,jane@acme.io,,second\n",
    )
    .unwrap();
    let output = kith(
        &db,
        &[
            "import",
            "airtable",
            "--dry-run",
            "--people",
            people.to_str().unwrap(),
        ],
        &[],
    );
    let said = text(&output);
    assert!(output.status.success(), "{said}");
    assert!(
        said.contains("People.csv row 1, column \"Phone\": not read")
            && said.contains(
                "`phones = \"Phone\"` under `[people]` in the mapping file would read it"
            ),
        "{said}"
    );
    assert!(
        said.contains("People.csv row 3, column \"Emails\": jane@acme.io is also in row 2"),
        "{said}"
    );
    assert!(
        said.contains("would import: 1 people new, 0 matched;")
            && said.contains("1 problem; nothing was changed; 1 column not read (listed above)"),
        "{said}"
    );
}

#[test]
fn an_import_whose_file_cannot_be_read_fails_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let people = dir.path().join("People.csv");
    std::fs::write(&people, "Name\nAda Lovelace\n").unwrap();
    let missing = dir.path().join("Interactions.csv");
    let output = kith(
        &db,
        &[
            "import",
            "airtable",
            "--people",
            people.to_str().unwrap(),
            "--interactions",
            missing.to_str().unwrap(),
        ],
        &[],
    );
    assert!(!output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains("cannot read") && text(&output).contains("Interactions.csv"),
        "{}",
        text(&output)
    );
    for args in [&["import", "vcard"][..], &["import", "json"][..]] {
        let mut args = args.to_vec();
        args.push(missing.to_str().unwrap());
        let output = kith(&db, &args, &[]);
        assert!(!output.status.success(), "{args:?}");
        assert!(text(&output).contains("cannot read"), "{}", text(&output));
    }
    if db.exists() {
        let store = kith::Store::open(&db).unwrap();
        let people = store
            .table_counts()
            .unwrap()
            .into_iter()
            .find(|(t, _)| *t == "people")
            .unwrap()
            .1;
        assert_eq!(people, 0, "nothing imported");
    }
}

#[test]
fn chat_reaches_corrections_and_undo_by_their_numbers() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut child = kith_command()
        .arg("--db")
        .arg(&db)
        .arg("chat")
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A person, a field set, the Undo pressed by its number, the Edit ▸ menu opened by
    // its number and a field answered there.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"/new Jane Doe\n/set Jane Doe location Lisbon\n2\n/person Jane Doe\n4\n3\nPorto\n/person Jane Doe\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", text(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(
        shown.contains("Undone: Jane Doe's location: Lisbon."),
        "{shown}"
    );
    assert!(
        shown.contains("Location for Jane Doe: type the city"),
        "{shown}"
    );
    assert!(shown.contains("Jane Doe's location: Porto."), "{shown}");
    assert!(
        shown.trim_end().lines().any(|l| l == "Location: Porto"),
        "{shown}"
    );
}

#[test]
fn a_csv_export_folder_imports_back_with_dir() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let mut store = kith::Store::open(&db).unwrap();
    let scale = kith::synthetic::Scale {
        people: 60,
        interactions: 150,
        organizations: 10,
        emails: 100,
        tags: 6,
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    store
        .insert_network(&kith::synthetic::generate(scale, 9, today))
        .unwrap();
    store.add_ignore_rule("*@newsletters.example").unwrap();
    let counts = store.table_counts().unwrap();
    drop(store);
    let out = dir.path().join("csv");
    let exported = kith(
        &db,
        &["export", "--format", "csv", "--out", out.to_str().unwrap()],
        &[],
    );
    assert!(exported.status.success(), "{}", text(&exported));
    assert!(out.join("Ignore Rules.csv").exists() && out.join("kith-mapping.toml").exists());

    let other = dir.path().join("other.db");
    let imported = kith(
        &other,
        &["import", "airtable", "--dir", out.to_str().unwrap()],
        &[],
    );
    assert!(imported.status.success(), "{}", text(&imported));
    let people = counts.iter().find(|(t, _)| *t == "people").unwrap().1;
    assert!(
        text(&imported).contains(&format!("imported: {people} people new, 0 matched"))
            && text(&imported).contains("1 ignore rule new; 0 problems"),
        "{}",
        text(&imported)
    );
    let again = kith::Store::open(&other).unwrap().table_counts().unwrap();
    for table in [
        "people",
        "organizations",
        "emails",
        "interactions",
        "interaction_attendees",
    ] {
        let count = |counts: &[(&str, i64)]| counts.iter().find(|(t, _)| *t == table).unwrap().1;
        assert_eq!(count(&again), count(&counts), "{table}");
    }

    let not_a_folder = kith(
        &other,
        &["import", "airtable", "--dir", db.to_str().unwrap()],
        &[],
    );
    assert!(!not_a_folder.status.success());
    assert!(
        text(&not_a_folder).contains("is not a folder; nothing was imported"),
        "{}",
        text(&not_a_folder)
    );
}

/// `kith status` is a health check: it exits 0 and reports a healthy kith, and exits 1
/// naming what is wrong — a calendar failing for more than a day, no backup for days —
/// without the secrets a source's error could carry.
#[test]
fn status_reports_the_health_and_fails_when_something_is_wrong() {
    use chrono::{Duration, Utc};
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let today = Utc::now().date_naive();
    std::fs::write(backups.join(format!("kith-{today}.db")), "").unwrap();
    let env = [("KITH_BACKUP_DIR", backups.to_str().unwrap())];
    let synced = Utc::now() - Duration::hours(1);
    {
        let mut store = kith::Store::open(&db).unwrap();
        // A network of last month, whose calendar synced an hour ago.
        store.set_clock(kith::store::Clock::Fixed(Utc::now() - Duration::days(30)));
        store
            .create_person(&kith::store::NewPerson::named("Ada Lovelace"))
            .unwrap();
        store.set_clock(kith::store::Clock::Fixed(synced));
        store
            .apply_sync("ics:work", &Default::default(), Some("etag"))
            .unwrap();
    }
    let healthy = kith(&db, &["status"], &env);
    // Times are told in the owner's zone, never bare UTC.
    let in_india = kith(
        &db,
        &["status"],
        &[env[0], ("KITH_TIMEZONE", "Asia/Kolkata")],
    );
    let local = synced
        .with_timezone(&chrono_tz::Asia::Kolkata)
        .format("%Y-%m-%d %H:%M IST")
        .to_string();
    assert!(
        text(&in_india).contains(&format!("ics:work — last synced {local}")),
        "{local} in {}",
        text(&in_india)
    );
    assert!(!text(&in_india).contains("UTC"), "{}", text(&in_india));
    assert!(healthy.status.success(), "{}", text(&healthy));
    let report = text(&healthy);
    let schema = format!("schema {0} of {0}", kith::store::latest_schema_version());
    for part in [
        "kith ",
        &schema,
        "ics:work — last synced",
        "1 kept (up to 14)",
        "Healthy.",
    ] {
        assert!(report.contains(part), "{part:?} in {report}");
    }
    let quiet = kith(&db, &["status", "--quiet"], &env);
    assert!(
        quiet.status.success() && text(&quiet).is_empty(),
        "{}",
        text(&quiet)
    );

    // Two days later the calendar has failed ever since, and no backup was taken.
    std::fs::remove_file(backups.join(format!("kith-{today}.db"))).unwrap();
    std::fs::write(
        backups.join(format!("kith-{}.db", today - chrono::Days::new(5))),
        "",
    )
    .unwrap();
    {
        let mut store = kith::Store::open(&db).unwrap();
        store.set_clock(kith::store::Clock::Fixed(Utc::now() - Duration::days(2)));
        store
            .apply_sync("ics:work", &Default::default(), Some("etag"))
            .unwrap();
        store.set_clock(kith::store::Clock::Fixed(Utc::now()));
        store
            .record_sync_error(
                "ics:work",
                "HTTP 500 from https://cal.example.org/secret-feed-token-123",
            )
            .unwrap();
    }
    let feed = (
        "KITH_ICS_URLS",
        "https://cal.example.org/secret-feed-token-123",
    );
    let unhealthy = kith(&db, &["status"], &[env[0], feed]);
    assert_eq!(unhealthy.status.code(), Some(1), "{}", text(&unhealthy));
    let report = text(&unhealthy);
    assert!(report.contains("2 problem(s):"), "{report}");
    assert!(
        report.contains("ics:work has failed since its last sync at"),
        "{report}"
    );
    assert!(report.contains("no backup for 5 days"), "{report}");
    assert!(!report.contains("secret-feed-token-123"), "{report}");
    let quiet = kith(&db, &["status", "--quiet"], &[env[0], feed]);
    assert_eq!(quiet.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&quiet.stdout).is_empty());
    assert!(String::from_utf8_lossy(&quiet.stderr).contains("no backup for 5 days"));
}

/// Runs kith with its standard output a pipe nobody reads any more (`kith … | head`
/// after head has exited), and `stdin` as its input.
fn kith_into_a_closed_pipe(db: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = kith_command()
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn output_cut_off_by_a_closed_pipe_ends_quietly_without_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    for (args, stdin) in [
        (&["ask", "/help"][..], ""),
        (&["chat"][..], "/help\n/stale\n"),
        (&["check"][..], ""),
        (&["status"][..], ""),
    ] {
        let output = kith_into_a_closed_pipe(&db, args, stdin);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "kith {args:?} into a closed pipe: {stderr}"
        );
        // `status` reports a database without backups as a problem (exit 1) either way.
        if args[0] != "status" {
            assert!(output.status.success(), "kith {args:?}: {stderr}");
        }
    }
}

#[test]
fn import_json_into_a_database_with_data_says_the_database_is_not_empty_and_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let seeded = kith(
        &db,
        &[
            "seed",
            "--people",
            "20",
            "--interactions",
            "30",
            "--organizations",
            "5",
            "--emails",
            "20",
            "--tags",
            "3",
        ],
        &[],
    );
    assert!(seeded.status.success(), "{}", text(&seeded));
    let out = dir.path().join("out");
    let exported = kith(
        &db,
        &["export", "--format", "json", "--out", out.to_str().unwrap()],
        &[],
    );
    assert!(exported.status.success(), "{}", text(&exported));
    let file = out.join("kith-export.json");
    let counts = || kith::Store::open(&db).unwrap().table_counts().unwrap();
    let before = counts();
    let output = kith(&db, &["import", "json", file.to_str().unwrap()], &[]);
    assert!(!output.status.success(), "{}", text(&output));
    let shown = text(&output);
    assert!(
        shown.contains(&format!(
            "the database {} is not empty (it holds",
            db.display()
        )) && shown.contains("--db NEW_FILE")
            && !shown.contains("not a valid kith export"),
        "{shown}"
    );
    assert_eq!(counts(), before, "nothing changed");
}

#[test]
fn export_out_dash_prints_one_stream_to_stdout_and_never_makes_a_folder_named_dash() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let asked = kith(&db, &["ask", "/new Ada Lovelace"], &[]);
    assert!(asked.status.success(), "{}", text(&asked));
    let in_dir = |args: &[&str]| {
        let mut command = kith_command();
        command
            .current_dir(dir.path())
            .arg("--db")
            .arg(&db)
            .args(args);
        command.output().expect("kith runs")
    };
    let json = in_dir(&["export", "--format", "json", "--out", "-"]);
    assert!(json.status.success(), "{}", text(&json));
    let printed: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(printed["format"], "kith export");
    let vcard = in_dir(&["export", "--format", "vcard", "--out", "-"]);
    assert!(vcard.status.success(), "{}", text(&vcard));
    let shown = String::from_utf8_lossy(&vcard.stdout);
    assert!(
        shown.starts_with("BEGIN:VCARD") && shown.contains("Ada Lovelace"),
        "{shown}"
    );
    let csv = in_dir(&["export", "--format", "csv", "--out", "-"]);
    assert!(!csv.status.success(), "{}", text(&csv));
    assert!(
        text(&csv).contains("a CSV export is several files; give --out a folder"),
        "{}",
        text(&csv)
    );
    assert!(!dir.path().join("-").exists(), "no folder named -");
}
