//! Several `kith` processes on one file at once, as scripts beside `kith run` use it:
//! notes sent by four processes to one person are all kept, two processes logging the
//! same meeting at once log it once and ask the other, and writes sent while a large
//! calendar is applied each wait for the part in hand and succeed; processes opening
//! one new file at once all migrate it. Real processes, real
//! pipes; every wait is for an answer, a log line or an exit.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use chrono::{Days, NaiveDate, Utc};
use kith::domain::actor::Actor;
use kith::domain::model::{ChangeId, PersonId};
use kith::store::Store;

const NAME: &str = "Ada Lovelace";

/// The kith binary on `db`, with none of this process's `KITH_*` variables.
fn kith(db: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kith"));
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(name);
    }
    command.arg("--db").arg(db);
    command
}

/// A database holding one person, Ada Lovelace (person 1).
fn network_of_one(dir: &Path) -> PathBuf {
    let db = dir.join("kith.db");
    let output = kith(&db)
        .args(["ask", &format!("/new {NAME} ada@example.org")])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && text.starts_with(&format!("Added {NAME}.")),
        "{text}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    db
}

fn notes_of_ada(db: &Path) -> Vec<String> {
    let store = Store::open_to_inspect(db).unwrap();
    let notes = store.person(PersonId(1)).unwrap().notes;
    notes.lines().map(str::to_owned).collect()
}

fn interactions(db: &Path) -> i64 {
    let store = Store::open_to_inspect(db).unwrap();
    store
        .table_counts()
        .unwrap()
        .into_iter()
        .find(|(table, _)| *table == "interactions")
        .unwrap()
        .1
}

/// A `kith chat` process spoken to a line at a time: each reply ends with an empty line.
struct Conversation {
    child: Child,
    input: Option<ChildStdin>,
    output: BufReader<ChildStdout>,
}

impl Conversation {
    fn start(db: &Path) -> Conversation {
        let mut child = kith(db)
            .arg("chat")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        Conversation {
            input: child.stdin.take(),
            output: BufReader::new(child.stdout.take().unwrap()),
            child,
        }
    }

    fn send(&mut self, line: &str) {
        let input = self.input.as_mut().expect("the conversation is open");
        writeln!(input, "{line}").unwrap();
        input.flush().unwrap();
    }

    /// The next reply, waited for.
    fn reply(&mut self) -> String {
        let mut reply = String::new();
        loop {
            let mut line = String::new();
            let read = self.output.read_line(&mut line).unwrap();
            assert!(
                read > 0,
                "kith chat ended in the middle of a reply: {reply}"
            );
            if line.trim().is_empty() && !reply.is_empty() {
                return reply;
            }
            reply.push_str(&line);
        }
    }

    fn ask(&mut self, line: &str) -> String {
        self.send(line);
        self.reply()
    }

    fn finish(mut self) {
        drop(self.input.take());
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut self.output, &mut rest).unwrap();
        assert!(self.child.wait().unwrap().success(), "{rest}");
    }
}

#[test]
fn four_processes_noting_one_person_at_once_keep_all_four_hundred_notes() {
    let dir = tempfile::tempdir().unwrap();
    let db = network_of_one(dir.path());
    let mut writers: Vec<Child> = (0..4)
        .map(|_| {
            kith(&db)
                .arg("chat")
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // Each process gets its hundred notes at once, so the four write side by side.
    for (process, writer) in writers.iter_mut().enumerate() {
        let mut input = writer.stdin.take().unwrap();
        for n in 0..100 {
            writeln!(input, "/note {NAME}: process {process} note {n}").unwrap();
        }
    }
    for writer in writers {
        let output = writer.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{text}");
        let noted = text
            .lines()
            .filter(|l| *l == format!("Noted on {NAME}."))
            .count();
        assert_eq!(noted, 100, "every note is answered \"Noted\": {text}");
    }
    let mut kept: Vec<String> = notes_of_ada(&db)
        .iter()
        .map(|line| line.split_once(": ").expect("a dated note").1.to_owned())
        .collect();
    kept.sort();
    let mut sent: Vec<String> = (0..4)
        .flat_map(|p| (0..100).map(move |n| format!("process {p} note {n}")))
        .collect();
    sent.sort();
    assert_eq!(
        kept.len(),
        400,
        "all 400 acknowledged notes are stored (found {})",
        kept.len()
    );
    assert_eq!(kept, sent);
}

#[test]
fn two_processes_logging_the_same_meeting_at_once_log_it_once_and_ask_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let db = network_of_one(dir.path());
    let (mut first, mut second) = (Conversation::start(&db), Conversation::start(&db));
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
    const ROUNDS: u64 = 40;
    let mut wrong = Vec::new();
    for round in 0..ROUNDS {
        let day = start + Days::new(round);
        let line = format!("/log coffee with {NAME} {day}");
        // Both get the same line before either answers.
        first.send(&line);
        second.send(&line);
        let replies = [first.reply(), second.reply()];
        let logged = replies
            .iter()
            .filter(|r| r.starts_with(&format!("Logged coffee with {NAME} on {day}")))
            .count();
        let asked = replies
            .iter()
            .filter(|r| {
                r.starts_with(&format!(
                    "Already logged: coffee with {NAME}, {day}. Log another?"
                ))
            })
            .count();
        if (logged, asked) != (1, 1) {
            wrong.push((round, replies));
        }
    }
    first.finish();
    second.finish();
    let stored = interactions(&db);
    assert!(
        wrong.is_empty() && stored == ROUNDS as i64,
        "{ROUNDS} rounds gave {stored} interactions; rounds not logged once and asked once: {} {wrong:#?}",
        wrong.len()
    );
}

#[test]
fn processes_opening_one_new_file_at_once_all_migrate_it_and_lose_nothing() {
    const PROCESSES: usize = 4;
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kith.db");
        let children: Vec<Child> = (0..PROCESSES)
            .map(|i| {
                kith(&db)
                    .args(["ask", &format!("/new Person{i} Round{round}")])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "round {round}: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let store = Store::open(&db).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            kith::store::latest_schema_version()
        );
        let people = store.find("Round", 10).unwrap().len();
        assert_eq!(people, PROCESSES, "round {round}");
    }
}

/// A calendar of `events` meetings over the last two years, two attendees each.
fn large_feed(path: &Path, events: usize) {
    use std::fmt::Write;
    let now = Utc::now();
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for n in 0..events {
        let start = now - chrono::Duration::hours(2 + (n as i64 * 37) % (700 * 24));
        let _ = write!(
            text,
            "BEGIN:VEVENT\r\nUID:busy-{n}\r\nDTSTART:{}\r\nSUMMARY:Meeting {n}\r\n\
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

/// How many parts of the sync went in before each write, in the order the changes were
/// committed (each part and each write is one recorded change): the first write's count
/// starts after the part the writes waited for, the others' after the write before.
fn parts_waited_through(db: &Path) -> (Vec<usize>, usize) {
    let store = Store::open_to_inspect(db).unwrap();
    let newest = [Actor::Sync, Actor::Terminal]
        .into_iter()
        .filter_map(|actor| store.latest_change_by(actor).unwrap())
        .map(|change| change.id.0)
        .max()
        .unwrap();
    let actors: Vec<String> = (1..=newest)
        .filter_map(|id| store.change(ChangeId(id)).ok())
        .map(|change| change.actor.stored())
        .collect();
    let first_part = actors.iter().position(|a| a == "sync").unwrap();
    let last_part = actors.iter().rposition(|a| a == "sync").unwrap();
    let mut waits = Vec::new();
    let mut parts = 0;
    for actor in &actors[first_part + 1..] {
        if actor == "sync" {
            parts += 1;
        } else {
            waits.push(parts);
            parts = 0;
        }
    }
    let during = actors[first_part..=last_part]
        .iter()
        .filter(|a| *a == "terminal")
        .count();
    (waits, during)
}

#[test]
fn writes_sent_during_a_large_sync_wait_for_the_part_in_hand_and_all_succeed() {
    const EVENTS: usize = 60_000;
    const WRITES: usize = 400;
    let dir = tempfile::tempdir().unwrap();
    let db = network_of_one(dir.path());
    let feed = dir.path().join("calendar.ics");
    large_feed(&feed, EVENTS);
    let mut sync = kith(&db)
        .arg("sync")
        .env("KITH_ICS_URLS", &feed)
        .env("KITH_LOG", "kith::calendar::sync=debug")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let log = BufReader::new(sync.stderr.take().unwrap());
    let (applying, applied) = std::sync::mpsc::channel();
    let parts = std::thread::spawn(move || {
        let mut parts = 0;
        for line in log.lines().map_while(Result::ok) {
            if line.contains("applied a part") {
                parts += 1;
                if parts == 1 {
                    let _ = applying.send(());
                }
            }
        }
        parts
    });
    applied
        .recv()
        .expect("the sync logs its first part before it ends");

    let mut writer = Conversation::start(&db);
    let failed: Vec<(usize, String)> = (0..WRITES)
        .map(|n| (n, writer.ask(&format!("/note {NAME}: during the sync {n}"))))
        .filter(|(_, reply)| !reply.starts_with(&format!("Noted on {NAME}.")))
        .collect();
    writer.finish();
    let synced = sync.wait_with_output().unwrap();
    let report = String::from_utf8_lossy(&synced.stdout);
    let parts = parts.join().unwrap();

    assert!(
        failed.is_empty(),
        "{} of {WRITES} writes during the sync failed: {failed:#?}",
        failed.len()
    );
    assert!(synced.status.success(), "{report}");
    assert!(report.contains(&format!("{EVENTS} created")), "{report}");
    assert_eq!(parts, EVENTS.div_ceil(500), "{report}");
    assert_eq!(notes_of_ada(&db).len(), WRITES);
    let (waits, during) = parts_waited_through(&db);
    assert_eq!(
        during, WRITES,
        "every write went in between the sync's first part and its last"
    );
    let mut histogram = std::collections::BTreeMap::new();
    for wait in &waits {
        *histogram.entry(*wait).or_insert(0) += 1;
    }
    eprintln!("parts of the sync a write waited through: {histogram:?} (parts: count of writes)");
    // How many parts each write waited through is a figure of the machine's load (printed
    // above, stated in RELIABILITY.md), not a bound a test can hold on a busy machine.
}
