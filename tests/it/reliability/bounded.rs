//! Each hostile calendar input of issue 27 as a real `kith sync` process under a memory
//! limit (`prlimit --as`): a minutely series with 300 attendees, a 482-byte minutely
//! series with 10, one event with 100,000 attendees, and a feed whose body never ends.
//! Each run finishes within its deadline, reports the located problem, and writes only
//! the rest (an ordinary meeting beside the hostile input is always synced). The feeds
//! are made here, relative to the wall clock the binary reads.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use chrono::Utc;
use kith::store::Store;

use super::faulty::{Fault, FaultyProxy, Plan};

/// The address space each `kith sync` may use. The old reader grew to 3 GB on the first
/// input; a normal sync of these feeds stays under 100 MB.
const MEMORY_LIMIT: u64 = 512 * 1024 * 1024;
/// Longer than any of these runs takes on a loaded machine in a debug build.
const DEADLINE: Duration = Duration::from_secs(120);

/// A series repeating every minute from a month ago, with `attendees` guests written as
/// briefly as an invitation does (the 8.5 KB and 482 bytes).
fn minutely(uid: &str, attendees: usize, guest: &str) -> String {
    let start = (Utc::now() - chrono::Duration::days(30)).format("%Y%m%dT%H%M%SZ");
    let mut text = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\n\
         RRULE:FREQ=MINUTELY\r\nSUMMARY:Every minute\r\n"
    );
    for n in 0..attendees {
        text.push_str(&format!("ATTENDEE:mailto:{guest}{n}@ex.org\r\n"));
    }
    text.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    text
}

/// One event last week with `attendees` guests.
fn crowd(attendees: usize) -> String {
    let day = (Utc::now() - chrono::Duration::days(7)).format("%Y%m%d");
    let mut text = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:crowd\r\nDTSTART:{day}T150000Z\r\n\
         SUMMARY:Everyone\r\n"
    );
    for n in 0..attendees {
        text.push_str(&format!("ATTENDEE:mailto:guest{n}@example.org\r\n"));
    }
    text.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    text
}

/// The ordinary meeting synced beside every hostile input.
fn coffee(dir: &Path) -> PathBuf {
    let day = (Utc::now() - chrono::Duration::days(3)).format("%Y%m%d");
    let path = dir.join("coffee.ics");
    std::fs::write(
        &path,
        format!(
            "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:coffee\r\nDTSTART:{day}T150000Z\r\n\
             SUMMARY:Coffee\r\nATTENDEE:mailto:ada@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ),
    )
    .unwrap();
    path
}

/// `kith sync` of `feeds` into `db` under `MEMORY_LIMIT`, waited for up to `DEADLINE`.
fn sync(db: &Path, feeds: &[String]) -> Output {
    let mut command = Command::new("prlimit");
    command
        .arg(format!("--as={MEMORY_LIMIT}"))
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_kith"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(name);
    }
    let child = command
        .arg("--db")
        .arg(db)
        .arg("sync")
        .env("KITH_ICS_URLS", feeds.join(","))
        // glibc reserves 64 MB of address space per thread arena; two keep the limit
        // about memory used rather than the number of threads.
        .env("MALLOC_ARENA_MAX", "2")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("prlimit (util-linux) runs kith");
    let pid = child.id();
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    match finished.recv_timeout(DEADLINE) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").arg(pid.to_string()).status();
            panic!("kith sync did not finish within {DEADLINE:?}");
        }
    }
}

fn interactions(db: &Path) -> i64 {
    let store = Store::open_to_inspect(db).unwrap();
    assert!(store.health_problems().unwrap().is_empty());
    store
        .table_counts()
        .unwrap()
        .into_iter()
        .find(|(t, _)| *t == "interactions")
        .unwrap()
        .1
}

/// Syncs one hostile feed beside the coffee: the output, and the interactions written.
fn run(name: &str, hostile: &str) -> (Output, String, i64) {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join(name);
    std::fs::write(&feed, hostile).unwrap();
    let db = dir.path().join("kith.db");
    let feeds = [
        feed.display().to_string(),
        coffee(dir.path()).display().to_string(),
    ];
    let output = sync(&db, &feeds);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{name}: {text}");
    let written = interactions(&db);
    (output, text, written)
}

#[test]
fn a_minutely_series_with_300_attendees_is_one_skip_under_the_memory_limit() {
    let hostile = minutely("all-hands@ex.org", 300, "g");
    assert!((8_000..9_000).contains(&hostile.len()), "{}", hostile.len());
    let (_, text, written) = run("all-hands.ics", &hostile);
    assert!(
        text.contains(
            "all-hands.ics (full) — 0 created, 0 updated, 0 unchanged, 1 skipped (1 too many attendees (a broadcast))"
        ),
        "{text}"
    );
    assert_eq!(written, 1, "only the coffee");
}

#[test]
fn a_482_byte_minutely_series_writes_a_thousand_meetings_and_names_the_rest() {
    let hostile = minutely("m@ex.org", 10, "guest.");
    assert!((470..500).contains(&hostile.len()), "{}", hostile.len());
    let (_, text, written) = run("minutely.ics", &hostile);
    assert!(
        text.contains("minutely.ics (full) — 1000 created"),
        "{text}"
    );
    assert!(
        text.contains("  event m@ex.org (\"Every minute\"): ")
            && text.contains("more than KITH_MAX_SERIES_INSTANCES (1000); the first 1000 (to ")
            && text.contains(" after them were not"),
        "{text}"
    );
    assert_eq!(
        written, 1_001,
        "the first thousand instances and the coffee"
    );
}

#[test]
fn one_event_with_100000_attendees_is_skipped_under_the_memory_limit() {
    let (_, text, written) = run("crowd.ics", &crowd(100_000));
    assert!(
        text.contains("crowd.ics (full) — 0 created, 0 updated, 0 unchanged, 1 skipped (1 too many attendees (a broadcast))"),
        "{text}"
    );
    assert_eq!(written, 1, "only the coffee");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_that_never_ends_is_refused_under_the_memory_limit() {
    let proxy = FaultyProxy::start("http://127.0.0.1:9", Plan::always(Fault::Endless, 27)).await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    let feeds = [
        format!("{}/endless.ics", proxy.url),
        coffee(dir.path()).display().to_string(),
    ];
    let output = tokio::task::spawn_blocking(move || sync(&db, &feeds))
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(
            "— failed, nothing changed: the feed is larger than KITH_MAX_FEED_BYTES (50000000 bytes): refused after "
        ),
        "{stderr}"
    );
    assert!(stderr.contains("coffee.ics (full) — 1 created"), "{stderr}");
    assert_eq!(
        interactions(&dir.path().join("kith.db")),
        1,
        "only the coffee"
    );
    assert_eq!(
        proxy.injected()[&Fault::Endless],
        1,
        "asked once, never again"
    );
}
