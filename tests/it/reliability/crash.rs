//! `kith sync` killed with SIGKILL at several points: after each kill the database is
//! whole, holds every part the sync applied in full and nothing of a part it was in the
//! middle of, holds no duplicate, and the next run completes the work; notes typed
//! before a kill are still there.

use std::process::{Command, Stdio};
use std::time::Duration;

use chrono::Utc;
use kith::calendar::sync::APPLY_PART;
use kith::store::Store;

const EVENTS: usize = 12_000;

fn feed(path: &std::path::Path) {
    use std::fmt::Write;
    let now = Utc::now();
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for n in 0..EVENTS {
        let start = now - chrono::Duration::hours(2 + (n as i64 * 37) % (300 * 24));
        let _ = write!(
            text,
            "BEGIN:VEVENT\r\nUID:crash-{n}\r\nDTSTART:{}\r\nSUMMARY:Meeting {n}\r\n\
             ATTENDEE;CN=Guest {n};PARTSTAT=ACCEPTED:mailto:guest{}@example.org\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:other{}@example.org\r\nEND:VEVENT\r\n",
            start.format("%Y%m%dT%H%M%SZ"),
            n % 900,
            n % 311
        );
    }
    text.push_str("END:VCALENDAR\r\n");
    std::fs::write(path, text).unwrap();
}

fn sync(db: &std::path::Path, feed: &std::path::Path, full: bool) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
    command.arg("--db").arg(db).arg("sync");
    if full {
        command.arg("--full");
    }
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(name);
    }
    command
        .env("KITH_ICS_URLS", feed)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn interactions(db: &std::path::Path) -> i64 {
    let store = Store::open(db).unwrap();
    let problems = store.health_problems().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    store
        .table_counts()
        .unwrap()
        .into_iter()
        .find(|(t, _)| *t == "interactions")
        .unwrap()
        .1
}

#[test]
fn a_sync_killed_at_any_point_leaves_a_whole_database_and_the_next_run_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let path = dir.path().join("calendar.ics");
    feed(&path);
    // Kill points spread over the run (a fixed list, so a failure is reproducible).
    let mut kills = 0;
    for delay in [30, 150, 400, 800, 1_300, 2_000] {
        let mut child = sync(&db, &path, false).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap();
            kills += 1;
        }
        child.wait().unwrap();
        // A sync applies its changes in parts of APPLY_PART events, each one
        // transaction (so the chat is answered in between): a kill keeps whole parts only.
        let count = interactions(&db);
        assert!(
            count % APPLY_PART as i64 == 0 || count == EVENTS as i64,
            "after a kill at {delay} ms: {count} interactions, not a whole number of parts"
        );
    }
    assert!(
        kills >= 2,
        "the sync was killed mid-way at least twice ({kills})"
    );
    assert!(sync(&db, &path, false).status().unwrap().success());
    assert_eq!(interactions(&db), EVENTS as i64, "every event synced once");

    // Notes typed after the sync survive a killed full re-sync and the one after it.
    {
        let mut store = Store::open(&db).unwrap();
        let id = store.interaction_by_event_id("crash-7").unwrap().unwrap();
        store.append_interaction_note(id, "Typed by hand").unwrap();
    }
    let mut child = sync(&db, &path, true).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let _ = child.kill();
    child.wait().unwrap();
    assert!(sync(&db, &path, true).status().unwrap().success());
    assert_eq!(
        interactions(&db),
        EVENTS as i64,
        "no duplicates after the re-sync"
    );
    let store = Store::open(&db).unwrap();
    let id = store.interaction_by_event_id("crash-7").unwrap().unwrap();
    assert_eq!(store.interaction(id).unwrap().notes, "Typed by hand");
}
