//! Meeting briefs from `kith run` with a fixed clock: the sync in one run, the brief in
//! the next (after a restart), never a second brief for the same meeting, and a new one
//! when the meeting moves.

use chrono::{DateTime, TimeZone, Utc};

use super::*;

fn at(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, hour, minute, 0).unwrap()
}

fn write_feed(path: &std::path::Path, start: &str) {
    std::fs::write(
        path,
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:brief-1\r\nDTSTART:{start}\r\n\
             SUMMARY:Board prep <b>&</b>\r\nATTENDEE;PARTSTAT=ACCEPTED:mailto:alice@acme.io\r\n\
             ATTENDEE;CN=New Face;PARTSTAT=ACCEPTED:mailto:new.face@beta.io\r\n\
             ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ),
    )
    .unwrap();
}

/// Runs the bot at `now` on the kept database until it has answered /recent 1 (so the
/// scheduler has made its first pass), and returns the briefs it sent.
async fn run_at(
    now: DateTime<Utc>,
    database: &std::path::Path,
    feed: &std::path::Path,
) -> Vec<String> {
    let mut bot = Running::start_with(Options {
        env: vec![
            ("KITH_ICS_URLS", feed.display().to_string()),
            ("KITH_MY_EMAILS", "me@example.com".into()),
            ("KITH_SYNC_SCHEDULE", "* * * * *".into()),
            ("KITH_BRIEF_MINUTES", "15".into()),
        ],
        clock: std::sync::Arc::new(Fixed(now)),
        database: Some(database.to_path_buf()),
        ..Options::default()
    })
    .await;
    // The first pass syncs and sends what is due before it sleeps; a command after
    // the sync's record shows that pass is over.
    wait_until("the first pass's sync", || {
        bot.store()
            .job_last_slot("sync")
            .unwrap()
            .is_some_and(|slot| slot >= now - chrono::Duration::minutes(1))
    })
    .await;
    bot.fake.message(OWNER, OWNER, "/recent 1");
    bot.fake
        .wait_for("the answer", |sent| {
            texts(sent)
                .iter()
                .any(|t| t.starts_with("<b>Latest interactions</b>"))
        })
        .await;
    bot.stop().await;
    texts(&bot.fake.visible())
        .into_iter()
        .filter(|t| t.starts_with("<b>Board prep"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_brief_is_sent_once_per_meeting_instance_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let (database, feed) = (dir.path().join("kith.db"), dir.path().join("calendar.ics"));
    write_feed(&feed, "20261126T140000Z");

    // 13:30: the sync runs; the brief is not due yet (15 minutes before).
    assert_eq!(
        run_at(at(13, 30), &database, &feed).await,
        Vec::<String>::new()
    );
    // A restart at 13:50: the brief goes out, escaped, with the unknown attendee's triage.
    let sent = run_at(at(13, 50), &database, &feed).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(
        sent[0].starts_with(
            "<b>Board prep &lt;b&gt;&amp;&lt;/b&gt; — today 14:00 (in 10 minutes)</b>\n"
        ),
        "{}",
        sent[0]
    );
    assert!(
        sent[0].contains("Alice Smith — CTO at Acme Labs"),
        "{}",
        sent[0]
    );
    // Another restart, still before the meeting: nothing again.
    assert_eq!(
        run_at(at(13, 55), &database, &feed).await,
        Vec::<String>::new()
    );

    // The meeting moves to 15:00: the next sync sees it, and a new brief goes out.
    write_feed(&feed, "20261126T150000Z");
    assert_eq!(
        run_at(at(14, 40), &database, &feed).await,
        Vec::<String>::new()
    );
    let moved = run_at(at(14, 46), &database, &feed).await;
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert!(
        moved[0].contains("today 15:00 (in 14 minutes)"),
        "{}",
        moved[0]
    );
}
