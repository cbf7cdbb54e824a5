//! Everything at once: the scheduled sync of a 6,000-meeting feed, the morning digest,
//! a `kith sync` of the same feed in another process, and a burst of owner commands.
//! No "database is locked" (nor any other failure) reaches the owner, every command is
//! answered, and the database is whole afterwards.

use std::process::Command;

use chrono::Utc;

use super::*;

const MEETINGS: usize = 6_000;

fn big_feed(dir: &std::path::Path, now: chrono::DateTime<Utc>) -> PathBuf {
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for n in 0..MEETINGS {
        let day = (now - chrono::Duration::days((n % 700) as i64 + 1)).format("%Y%m%d");
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:busy-{n}\r\nDTSTART:{day}T{:02}0000Z\r\nSUMMARY:Meeting {n}\r\n\
             ATTENDEE;CN=Guest {g};PARTSTAT=ACCEPTED:mailto:guest{g}@busy.io\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:alice@acme.io\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com\r\nEND:VEVENT\r\n",
            8 + n % 10,
            g = n % 40
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    let path = dir.join("busy.ics");
    std::fs::write(&path, text).unwrap();
    path
}

/// The burst, and how each answer begins.
const BURST: [(&str, &str); 8] = [
    ("/find alice", "<b>Alice Smith</b>"),
    // A day before the feed's window: the feed has a meeting with Alice every recent day,
    // and a log of the same people on the same day, or of a day after today, would
    // (rightly) be asked about first.
    (
        "/log coffee with Alice Smith 2019-03-04: in the rush",
        "Logged coffee with Alice Smith on ",
    ),
    ("/note Alice Smith: busy morning", "Noted on Alice Smith"),
    (
        "/new Rush Person rush@person.io",
        "<b>Added Rush Person.</b>",
    ),
    ("/stale crowd", "<b>"),
    ("/tag Alice Smith +rush", "Alice Smith"),
    ("/unknown", "<b>"),
    ("/recent 2", "<b>Latest interactions</b>"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_sync_a_digest_another_process_and_a_burst_of_commands_at_once() {
    let calendars = tempfile::tempdir().unwrap();
    // The bot's clock stands still at the moment the test starts (the other process, a
    // real `kith sync`, reads the same day); the sync and the digest are due at once.
    let now = Utc::now();
    let feed = big_feed(calendars.path(), now);
    let env = vec![
        ("KITH_ICS_URLS", feed.display().to_string()),
        ("KITH_MY_EMAILS", "me@example.com".into()),
        ("KITH_SYNC_SCHEDULE", "* * * * *".into()),
        ("KITH_DIGEST_SCHEDULE", "* * * * *".into()),
    ];
    let mut bot = Running::start_with(Options {
        env: env.clone(),
        clock: std::sync::Arc::new(Fixed(now)),
        quiet_digest: false,
        ..Options::default()
    })
    .await;
    let fake = bot.fake.clone();

    // Once the scheduled sync is part-way through its apply, everything else starts.
    let interactions = |bot: &Running| {
        bot.store()
            .table_counts()
            .unwrap()
            .into_iter()
            .find(|(table, _)| *table == "interactions")
            .unwrap()
            .1
    };
    let before = interactions(&bot);
    wait_until("the scheduled sync part-way", || {
        interactions(&bot) > before && bot.store().job_last_slot("sync").unwrap().is_none()
    })
    .await;
    // Another process syncs the same feed into the same file meanwhile.
    let mut other = Command::new(env!("CARGO_BIN_EXE_kith"));
    other.arg("sync").env_clear();
    for (key, value) in &env {
        other.env(key, value);
    }
    other.env("KITH_DB", &bot.db).env("KITH_LOG", "warn");
    let other = other.spawn().unwrap();
    for (command, _) in BURST {
        fake.message(OWNER, OWNER, command);
    }

    let sent = fake
        .wait_for("every answer and the digest", |sent| {
            let texts = texts(sent);
            let answered = BURST.iter().all(|(command, answer)| {
                command.starts_with("/stale") || texts.iter().any(|t| t.starts_with(answer))
            });
            answered && texts.iter().any(|t| t.starts_with("<b>Digest for "))
        })
        .await;
    let output = other.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "the other sync failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    fake.wait_until_consumed().await;
    bot.stop().await;

    let texts = texts(&sent);
    for text in &texts {
        let lower = text.to_lowercase();
        assert!(
            !lower.contains("locked") && !lower.contains("went wrong") && !lower.contains("error"),
            "a failure reached the owner: {text}"
        );
    }
    // One answer per command (a page for /stale), the digest's messages besides.
    let answers = sent.iter().filter(|s| s.method == "sendmessage").count();
    assert!(answers > BURST.len(), "{texts:#?}");

    let store = bot.store();
    assert_eq!(store.health_problems().unwrap(), Vec::<String>::new());
    let interactions = store
        .table_counts()
        .unwrap()
        .into_iter()
        .find(|(table, _)| *table == "interactions")
        .unwrap()
        .1;
    // Alice's two, the crowd's 23, the feed once (synced twice), and the one logged.
    assert_eq!(interactions, 2 + 23 + MEETINGS as i64 + 1);
    assert!(store.job_last_slot("sync").unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_sent_during_a_large_apply_is_answered_before_the_apply_ends() {
    use chrono::TimeZone;
    const EVENTS: usize = 10_000;
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 12, 0, 0).unwrap();
    let calendars = tempfile::tempdir().unwrap();
    let feed = calendars.path().join("large.ics");
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
    for n in 0..EVENTS {
        let day = (now - chrono::Duration::days((n % 700) as i64 + 1)).format("%Y%m%d");
        text.push_str(&format!(
            "BEGIN:VEVENT\r\nUID:large-{n}\r\nDTSTART:{day}T{:02}0000Z\r\nSUMMARY:Meeting {n}\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:guest{}@large.io\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:other{}@large.io\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:third{}@large.io\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:fourth{}@large.io\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com\r\nEND:VEVENT\r\n",
            8 + n % 10,
            n % 900,
            n % 311,
            n % 97,
            n % 13
        ));
    }
    text.push_str("END:VCALENDAR\r\n");
    std::fs::write(&feed, text).unwrap();
    // The scheduled sync is due at start-up.
    let mut bot = Running::start_with(Options {
        env: vec![
            ("KITH_ICS_URLS", feed.display().to_string()),
            ("KITH_MY_EMAILS", "me@example.com".into()),
        ],
        clock: std::sync::Arc::new(Fixed(now)),
        ..Options::default()
    })
    .await;
    let synced = |bot: &Running| {
        bot.store()
            .table_counts()
            .unwrap()
            .into_iter()
            .find(|(t, _)| *t == "interactions")
            .unwrap()
            .1
    };
    let before = synced(&bot);
    // The apply has begun once its first part is committed.
    wait_until("the first part applied", || synced(&bot) > before).await;
    bot.fake.message(OWNER, OWNER, "/person Alice Smith");
    bot.fake
        .wait_for("the card", |sent| {
            texts(sent)
                .iter()
                .any(|t| t.starts_with("<b>Alice Smith</b>"))
        })
        .await;
    // The answer came while the apply was still going: not every event is in yet, and
    // the sync has not finished (it records its slot when it has).
    let when_answered = synced(&bot) - before;
    let finished_when_answered = bot.store().job_last_slot("sync").unwrap().is_some();
    eprintln!("answered after {when_answered} of {EVENTS} events");
    wait_until("the sync finished", || {
        bot.store().job_last_slot("sync").unwrap().is_some()
    })
    .await;
    bot.stop().await;
    assert!(
        !finished_when_answered && when_answered < EVENTS as i64,
        "the card was answered after {when_answered} of {EVENTS} events; the sync had finished: {finished_when_answered}"
    );
    assert_eq!(synced(&bot) - before, EVENTS as i64, "every event, once");
}
