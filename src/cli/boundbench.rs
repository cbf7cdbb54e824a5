//! `kith bench`'s hostile-input rows: the real `kith sync` on each calendar input of
//! issue 27 — a minutely series with 300 attendees (the worst case), a 482-byte minutely
//! series with 10, one event with 100,000 attendees, and a feed whose body never ends
//! (from a server on 127.0.0.1) — and the real `kith import vcard` of one contact with
//! 40,000 addresses and of one with 40,000 phone numbers, each timed, with the process's
//! peak resident memory read from /proc while it runs.

use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;

use super::bench::{Measure, peak_rss};

/// A series repeating every minute from a month ago, its guests written as briefly as
/// an invitation does.
fn minutely(attendees: usize, guest: &str) -> String {
    let start = (Utc::now() - chrono::Duration::days(30)).format("%Y%m%dT%H%M%SZ");
    let mut text = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:m@ex.org\r\nDTSTART:{start}\r\n\
         RRULE:FREQ=MINUTELY\r\nSUMMARY:Every minute\r\n"
    );
    for n in 0..attendees {
        text.push_str(&format!("ATTENDEE:mailto:{guest}{n}@ex.org\r\n"));
    }
    text.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    text
}

/// One event last week with 100,000 guests.
fn crowd() -> String {
    let day = (Utc::now() - chrono::Duration::days(7)).format("%Y%m%d");
    let mut text = format!(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:crowd\r\nDTSTART:{day}T150000Z\r\n"
    );
    for n in 0..100_000 {
        text.push_str(&format!("ATTENDEE:mailto:guest{n}@example.org\r\n"));
    }
    text.push_str("END:VEVENT\r\nEND:VCALENDAR\r\n");
    text
}

/// One card with `addresses` addresses and `phones` numbers.
fn crowded_card(addresses: usize, phones: usize) -> String {
    let mut card = String::from("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\n");
    for n in 0..addresses {
        card.push_str(&format!("EMAIL;TYPE=WORK:ann{n}@lee.example\r\n"));
    }
    for n in 0..phones {
        card.push_str(&format!("TEL;TYPE=CELL:+49 30 {n:07}\r\n"));
    }
    card.push_str("END:VCARD\r\n");
    card
}

/// A server on 127.0.0.1 answering every request with a calendar that never ends.
fn endless_feed() -> std::io::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}/endless.ics", listener.local_addr()?);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut request = [0u8; 4096];
                let _ = stream.read(&mut request);
                let head = "HTTP/1.1 200 OK\r\ncontent-type: text/calendar\r\nconnection: close\r\n\r\nBEGIN:VCALENDAR\r\n";
                let events = "BEGIN:VEVENT\r\nUID:e\r\nDTSTART:20260101T100000Z\r\nEND:VEVENT\r\n"
                    .repeat(1_000);
                if stream.write_all(head.as_bytes()).is_ok() {
                    while stream.write_all(events.as_bytes()).is_ok() {}
                }
            });
        }
    });
    Ok(url)
}

/// `kith ARGS` on a new database: how long it took, its peak resident memory (sampled
/// from /proc every 2 ms while it runs), and what it printed.
fn kith(
    exe: &Path,
    dir: &Path,
    name: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> anyhow::Result<(Duration, u64, String)> {
    let db = dir.join(format!("bench-{name}.db"));
    let _ = std::fs::remove_file(&db);
    let started = Instant::now();
    let mut command = std::process::Command::new(exe);
    for (variable, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(variable);
    }
    let mut child = command
        .arg("--db")
        .arg(&db)
        .args(args)
        .envs(env.iter().copied())
        .env("KITH_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let mut peak = 0;
    while child.try_wait()?.is_none() {
        peak = peak.max(peak_rss(Some(child.id())).unwrap_or(0));
        std::thread::sleep(Duration::from_millis(2));
    }
    let took = started.elapsed();
    let output = child.wait_with_output()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    Ok((took, peak, text))
}

/// `kith sync` of `feed` into a new database.
fn sync(exe: &Path, dir: &Path, name: &str, feed: &str) -> anyhow::Result<(Duration, u64, String)> {
    kith(exe, dir, name, &["sync"], &[("KITH_ICS_URLS", feed)])
}

/// `kith import vcard` of `card` into a new database.
fn import_vcard(
    exe: &Path,
    dir: &Path,
    name: &str,
    card: &str,
) -> anyhow::Result<(Duration, u64, String)> {
    let path = dir.join(format!("bench-{name}.vcf"));
    kith::safe_file::write_private(&path, card.as_bytes(), kith::safe_file::Existing::Replace)?;
    let file = path.display().to_string();
    kith(
        exe,
        dir,
        name,
        &["import", "vcard", &file],
        &[("KITH_PHONE_REGION", "DE")],
    )
}

/// The rows: for each hostile input, its time and its peak memory.
pub fn measures(exe: &Path, dir: &Path) -> anyhow::Result<Vec<Measure>> {
    let inputs = [
        (
            "a minutely series with 300 attendees (8.5 KB)",
            "broadcast",
            minutely(300, "g"),
            "1 skipped (1 too many attendees (a broadcast))",
        ),
        (
            "a 482-byte minutely series with 10 attendees",
            "minutely",
            minutely(10, "guest."),
            "more than KITH_MAX_SERIES_INSTANCES (1000)",
        ),
        (
            "one event with 100,000 attendees (4 MB)",
            "crowd",
            crowd(),
            "1 skipped (1 too many attendees (a broadcast))",
        ),
    ];
    let mut runs = Vec::new();
    for (what, name, text, expected) in inputs {
        let path = dir.join(format!("bench-{name}.ics"));
        kith::safe_file::write_private(&path, text.as_bytes(), kith::safe_file::Existing::Replace)?;
        runs.push((
            what,
            sync(exe, dir, name, &path.display().to_string())?,
            expected,
        ));
    }
    let endless = endless_feed()?;
    runs.push((
        "a feed whose body never ends (refused at 50 MB)",
        sync(exe, dir, "endless", &endless)?,
        "larger than KITH_MAX_FEED_BYTES",
    ));
    let mut measures = rows("kith sync", runs)?;
    let imports = vec![
        (
            "one contact with 40,000 addresses (1.5 MB)",
            import_vcard(exe, dir, "addresses", &crowded_card(40_000, 0))?,
            "40000 addresses new; 0 problems",
        ),
        (
            "one contact with 40,000 phone numbers (1.2 MB)",
            import_vcard(exe, dir, "phones", &crowded_card(0, 40_000))?,
            "1 people new, 0 matched",
        ),
    ];
    measures.extend(rows("kith import vcard", imports)?);
    Ok(measures)
}

/// A run that reported what it should: its time and peak memory as two rows.
type Run<'a> = (&'a str, (Duration, u64, String), &'a str);

/// Each run's rows, once it is checked to have reported what it should.
fn rows(command: &str, runs: Vec<Run<'_>>) -> anyhow::Result<Vec<Measure>> {
    let mut measures = Vec::new();
    for (what, (took, peak, text), expected) in runs {
        anyhow::ensure!(
            text.contains(expected),
            "`{command}` of {what} did not report {expected:?}: {text}"
        );
        let row = |operation: String| Measure {
            scale: 1,
            operation,
            median: took,
            p95: took,
            floor: None,
            target: None,
            memory: None,
        };
        measures.push(Measure {
            target: Some(Duration::from_secs(2)),
            ..row(format!("`{command}` of {what}"))
        });
        measures.push(Measure {
            memory: Some((peak, 150_000_000)),
            ..row(format!("`{command}` of {what}: peak RSS"))
        });
    }
    Ok(measures)
}
