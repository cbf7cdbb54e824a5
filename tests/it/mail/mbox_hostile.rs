//! Messy and hostile mbox archives (issue 27): a dry run that changes nothing, an
//! archive with none of the owner's mail that says which setting to check, a Date that
//! cannot be read (the `From ` line's date is used), and a line that never ends (cut,
//! located, in bounded memory under `prlimit`).

use std::path::Path;
use std::process::{Command, Stdio};

use kith::mail::mbox::read_mbox;
use kith::store::Store;

/// Two messages: one the owner wrote, one they received.
const ARCHIVE: &str = "From me@work.io Thu Mar 05 10:00:00 2026\n\
From: Me <me@work.io>\nTo: Jane <jane@acme.io>\nSubject: Plans\nDate: Thu, 5 Mar 2026 10:00:00 +0100\nMessage-ID: <a1@work.io>\n\nHello\n\n\
From jane@acme.io Thu Mar 05 11:00:00 2026\n\
From: Jane <jane@acme.io>\nTo: Me <me@work.io>\nSubject: Re: Plans\nDate: Thu, 5 Mar 2026 11:00:00 +0100\nMessage-ID: <a2@acme.io>\nIn-Reply-To: <a1@work.io>\n\nSure\n";

/// `kith import mbox ARGS` on `db` with only `env` set (and a memory limit when given):
/// whether it succeeded, and all it printed.
fn kith_import_mbox(
    db: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    limit: Option<u64>,
) -> (bool, String) {
    let mut command = match limit {
        Some(bytes) => {
            let mut prlimit = Command::new("prlimit");
            prlimit
                .arg(format!("--as={bytes}"))
                .arg("--")
                .arg(env!("CARGO_BIN_EXE_kith"));
            prlimit
        }
        None => Command::new(env!("CARGO_BIN_EXE_kith")),
    };
    for (name, _) in std::env::vars().filter(|(n, _)| n.starts_with("KITH_")) {
        command.env_remove(name);
    }
    let output = command
        .arg("--db")
        .arg(db)
        .args(["import", "mbox"])
        .args(args)
        .envs(env.iter().copied())
        .env("MALLOC_ARENA_MAX", "2")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("kith runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn interactions(db: &Path) -> usize {
    let store = Store::open_to_inspect(db).unwrap();
    store.export_json().unwrap()["tables"]["interactions"]["rows"]
        .as_array()
        .unwrap()
        .len()
}

/// `--dry-run` reports exactly what the import would do and writes nothing; the real
/// run then does it.
#[test]
fn mbox_dry_run_reports_what_it_would_import_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("All mail.mbox");
    std::fs::write(&file, ARCHIVE).unwrap();
    let db = dir.path().join("kith.db");
    let file = file.display().to_string();
    let mine = [("KITH_MY_EMAILS", "me@work.io")];
    let (ok, dry) = kith_import_mbox(&db, &["--dry-run", &file], &mine, None);
    assert!(ok, "{dry}");
    assert!(
        dry.contains("would import: mbox:All mail.mbox (full) — 1 created, 0 updated, 0 unchanged, 1 skipped (1 received, not written by you), 1 new unknown address; nothing was changed"),
        "{dry}"
    );
    assert!(
        !db.exists(),
        "a dry run against a new file leaves no database behind"
    );
    // Against a database that exists, the dry run writes nothing either.
    Store::open(&db).unwrap();
    let (ok, again) = kith_import_mbox(&db, &["--dry-run", &file], &mine, None);
    let without_time = |text: &str| text.rsplit_once(" (").map(|(head, _)| head.to_owned());
    assert!(ok && without_time(&again) == without_time(&dry), "{again}");
    assert_eq!(interactions(&db), 0, "the dry run wrote nothing");
    let (ok, real) = kith_import_mbox(&db, &[&file], &mine, None);
    assert!(
        ok && real.starts_with("mbox:All mail.mbox (full) — 1 created"),
        "{real}"
    );
    assert_eq!(interactions(&db), 1);
}

/// With `KITH_MY_EMAILS` unset, or set to addresses that sent none of it, every message
/// is "received": the import says which setting to check instead of only "0 created".
#[test]
fn an_mbox_with_none_of_your_mail_says_to_check_kith_my_emails() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.mbox");
    std::fs::write(&file, ARCHIVE).unwrap();
    let file = file.display().to_string();
    let (ok, unset) = kith_import_mbox(&dir.path().join("1.db"), &[&file], &[], None);
    assert!(ok, "{unset}");
    assert!(
        unset.contains("none of the 2 messages was recognised as written by you (all \"received, not written by you\"); KITH_MY_EMAILS is not set: set it to the addresses you send from"),
        "{unset}"
    );
    let wrong = [("KITH_MY_EMAILS", "me@old-job.io")];
    let (ok, text) = kith_import_mbox(&dir.path().join("2.db"), &[&file], &wrong, None);
    assert!(ok, "{text}");
    assert!(
        text.contains(
            "; check KITH_MY_EMAILS (me@old-job.io): it should list the addresses you send from"
        ),
        "{text}"
    );
    let right = [("KITH_MY_EMAILS", "me@work.io")];
    let (_, text) = kith_import_mbox(&dir.path().join("3.db"), &[&file], &right, None);
    assert!(!text.contains("KITH_MY_EMAILS"), "{text}");
}

/// A Date header that cannot be read takes the date of the message's `From ` line (asctime,
/// Takeout's with a zone, Thunderbird's `From - ` with a space-padded day and a weekday
/// that does not match); a message with neither is skipped, and the problem names it and
/// its line.
#[test]
fn an_unreadable_date_falls_back_to_the_from_line_and_neither_is_a_located_problem() {
    let text = "From me@work.io Fri Aug 24 11:55:47 2018\n\
From: me@work.io\nTo: jane@acme.io\nSubject: one\nDate: the day after the party\n\nbody\n\n\
From 1844347792267117879@xxx Sat Aug 25 09:00:00 +0200 2018\n\
From: me@work.io\nTo: jane@acme.io\nSubject: two\nDate: soon\n\nbody\n\n\
From me@work.io sometime\n\
From: me@work.io\nTo: jane@acme.io\nSubject: three\nDate: never\n\nbody\n\n\
From - Sat Jan  3 01:05:34 1996\n\
From: me@work.io\nTo: jane@acme.io\nSubject: four\nDate: ?\n\nbody\n";
    let mut dates = Vec::new();
    let counts = read_mbox(text.as_bytes(), |m, _| {
        dates.push((m.subject, m.date.map(|d| d.to_rfc3339())))
    })
    .unwrap();
    assert_eq!(
        dates,
        [
            (
                "one".to_owned(),
                Some("2018-08-24T11:55:47+00:00".to_owned())
            ),
            (
                "two".to_owned(),
                Some("2018-08-25T07:00:00+00:00".to_owned())
            ),
            (
                "four".to_owned(),
                Some("1996-01-03T01:05:34+00:00".to_owned())
            ),
        ]
    );
    assert_eq!((counts.messages, counts.undated), (4, 1));
    assert_eq!(
        counts.problems,
        [
            "message 3 (line 17): neither its Date header nor its From line has a readable date; skipped"
        ]
    );
}

/// One line that never ends (600 MB without a newline, from a pipe, so the test holds
/// none of it) in the body of a message, before an ordinary one: `kith import mbox`
/// under 512 MB of address space finishes, names the line, and imports the rest.
#[test]
fn an_enormous_mbox_line_is_a_located_problem_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("huge.mbox");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            let mut pipe = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
            pipe.write_all(b"From me@work.io Thu Mar 05 09:00:00 2026\nFrom: me@work.io\nTo: ann@acme.io\nSubject: Huge\nDate: Thu, 5 Mar 2026 09:00:00 +0100\nMessage-ID: <huge@work.io>\n\n")
                .unwrap();
            let chunk = vec![b'x'; 1 << 20];
            for _ in 0..600 {
                if pipe.write_all(&chunk).is_err() {
                    return;
                }
            }
            let _ = pipe.write_all(format!("\n\n{ARCHIVE}").as_bytes());
        })
    };
    let db = dir.path().join("kith.db");
    let mine = [("KITH_MY_EMAILS", "me@work.io")];
    let path = fifo.display().to_string();
    let (ok, text) = kith_import_mbox(&db, &[&path], &mine, Some(512 * 1024 * 1024));
    writer.join().unwrap();
    assert!(ok, "{text}");
    assert!(
        text.contains("line 8: longer than 262144 bytes; only its start was read"),
        "{text}"
    );
    assert!(
        text.contains("— 2 created"),
        "both messages of the owner: {text}"
    );
    assert_eq!(interactions(&db), 2);
}

/// Issue 27: a file that is not an mbox (a CSV) says, naming it, that nothing in it
/// looked like mail, instead of only "0 created".
#[test]
fn an_mbox_import_of_a_file_that_is_not_mail_says_nothing_looked_like_mail() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contacts.csv");
    std::fs::write(
        &file,
        "First Name,Last Name,E-mail 1 - Value\nJane,Doe,jane@acme.io\nFrom,Here,from@here.io\n",
    )
    .unwrap();
    let file = file.display().to_string();
    let mine = [("KITH_MY_EMAILS", "me@work.io")];
    let (ok, text) = kith_import_mbox(&dir.path().join("kith.db"), &[&file], &mine, None);
    assert!(ok, "{text}");
    assert!(
        text.contains("contacts.csv: nothing in it looked like mail — no message starts in it (a message starts at a `From ` line, at the top of the file or after an empty line, followed by its headers); is it an mbox archive?"),
        "{text}"
    );
    assert!(text.contains("0 created"), "{text}");
    // A real archive says no such thing.
    let archive = dir.path().join("a.mbox");
    std::fs::write(&archive, ARCHIVE).unwrap();
    let archive = archive.display().to_string();
    let (_, text) = kith_import_mbox(&dir.path().join("2.db"), &[&archive], &mine, None);
    assert!(!text.contains("looked like mail"), "{text}");
}
