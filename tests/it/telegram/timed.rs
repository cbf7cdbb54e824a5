//! Timed follow-ups from `kith run` with a fixed clock, in the owner's zone: each sent
//! once at its time with **Done** and **Snooze**, to the owner's private chat; caught up
//! after a restart within `KITH_DIGEST_MAX_LATE_HOURS`, never when later than that, never
//! once done or snoozed past now, never twice across restarts.

use chrono::{DateTime, NaiveTime, TimeZone, Utc};
use kith::domain::model::PersonId;
use kith::store::NewFollowUp;

use super::*;

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, minute, 0)
        .unwrap()
}

/// Alice (the populated network's first person) has follow-ups due on 2026-11-26 at
/// these times in Berlin (UTC+1); the ids are in this order.
const FOLLOW_UPS: [(&str, &str); 6] = [
    ("15:00", "ask how the surgery went"),
    ("01:00", "missed by more than 12 hours"),
    ("14:30", "done before its time"),
    ("14:45", "snoozed to tomorrow"),
    ("20:00", "call back"),
    ("15:15", "send the deck"),
];

fn prepare(database: &std::path::Path) {
    let mut store = Store::open(database).unwrap();
    populate(&mut store);
    for (time, text) in FOLLOW_UPS {
        store
            .add_follow_up(&NewFollowUp {
                person: PersonId(1),
                due_on: day("2026-11-26"),
                due_at: Some(NaiveTime::parse_from_str(time, "%H:%M").unwrap()),
                text: text.into(),
                repeat: None,
            })
            .unwrap();
    }
    let ids = store.open_follow_ups(0, 10).unwrap().items;
    let id = |text: &str| ids.iter().find(|f| f.text == text).unwrap().id;
    store
        .finish_follow_up(id("done before its time"), day("2026-11-26"))
        .unwrap();
    store
        .snooze_follow_up(id("snoozed to tomorrow"), day("2026-11-27"))
        .unwrap();
}

/// Runs the bot at `now` on the kept database until the follow-up about `awaited` has
/// been sent (the pass that sends it decides every other one in the same step), and
/// returns the follow-up messages it sent, with the first one's buttons.
async fn run_at(now: DateTime<Utc>, database: &std::path::Path, awaited: &str) -> Vec<Sent> {
    let mut bot = Running::start_with(Options {
        env: vec![("KITH_TIMEZONE", "Europe/Berlin".into())],
        clock: std::sync::Arc::new(Fixed(now)),
        database: Some(database.to_path_buf()),
        ..Options::default()
    })
    .await;
    bot.fake
        .wait_for(awaited, |sent| {
            texts(sent).iter().any(|t| t.contains(awaited))
        })
        .await;
    bot.stop().await;
    bot.fake
        .visible()
        .into_iter()
        .filter(|s| {
            s.method == "sendmessage"
                && s.body["text"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("⏰")
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timed_follow_up_is_sent_once_at_its_time_and_caught_up_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("kith.db");
    prepare(&database);

    // 14:05 UTC is 15:05 in Berlin: the 15:00 one goes out, to the owner, with its
    // buttons. The 01:00 one is 14 hours late, one is done, one snoozed: none of them.
    let sent = run_at(at(26, 14, 5), &database, "ask how the surgery went").await;
    assert_eq!(texts(&sent).len(), 1, "{:?}", texts(&sent));
    assert_eq!(
        texts(&sent)[0],
        "⏰ Alice Smith: ask how the surgery went (due today 15:00)"
    );
    assert_eq!(sent[0].body["chat_id"], OWNER);
    assert_eq!(button(&sent[0], "Done"), "rd:1:20261126");
    assert_eq!(button(&sent[0], "Snooze"), "rz:1");

    // A restart at 14:20 UTC: the 15:15 one, and not the 15:00 one again.
    let sent = run_at(at(26, 14, 20), &database, "send the deck").await;
    assert_eq!(
        texts(&sent),
        vec!["⏰ Alice Smith: send the deck (due today 15:15)"]
    );

    // Down from then until 23:30 UTC (00:30 the next day in Berlin): the 20:00 one
    // (19:00 UTC) is caught up.
    let sent = run_at(at(26, 23, 30), &database, "call back").await;
    assert_eq!(
        texts(&sent),
        vec!["⏰ Alice Smith: call back (due yesterday 20:00)"]
    );
    let store = Store::open(&database).unwrap();
    let open: Vec<String> = store
        .open_follow_ups(0, 10)
        .unwrap()
        .items
        .into_iter()
        .map(|f| f.text)
        .collect();
    assert_eq!(open.len(), 5, "{open:?}");
}
