//! Telegram's own error answers, each handled the way Telegram documents it: a press
//! answered too late still acts and shows its result, an answer to a message that can no
//! longer be edited comes as a new message, an owner who blocked the bot gets no
//! scheduled message until they write again, a 409 from getUpdates is one clear log line,
//! and a digest for several owners is delivered and marked owner by owner.

use chrono::{DateTime, TimeZone, Utc};
use fake::Refusal;
use kith::transport::telegram::CONFLICT;

use super::*;

const SECOND_OWNER: i64 = 4343;

fn both_owners() -> Vec<(&'static str, String)> {
    vec![("KITH_OWNER_IDS", format!("{OWNER},{SECOND_OWNER}"))]
}

/// Sends /stale and returns the message with its ▶ button.
async fn stale_list(fake: &FakeTelegram) -> Sent {
    fake.message(OWNER, OWNER, "/stale");
    let sent = fake
        .wait_for("the stale list", |sent| {
            texts(sent).iter().any(|t| t.contains("overdue"))
        })
        .await;
    sent.into_iter()
        .find(|s| s.body["text"].as_str().unwrap_or("").contains("overdue"))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_press_answered_too_late_still_turns_the_page() {
    let mut bot = Running::start().await;
    let fake = bot.fake.clone();
    let list = stale_list(&fake).await;
    let next = button(&list, "▶");
    fake.refuse("answerCallbackQuery", None, None, Refusal::QueryTooOld);
    fake.press(OWNER, OWNER, list.message_id.unwrap(), &next);
    let sent = fake
        .wait_for("the second page", |sent| {
            sent.iter().any(|s| s.method == "editmessagetext")
        })
        .await;
    let edit = sent.iter().find(|s| s.method == "editmessagetext").unwrap();
    assert_eq!(edit.body["message_id"].as_i64(), list.message_id);
    assert_ne!(edit.body["text"], list.body["text"], "the page turned");
    // A notice that cannot be shown as the press's answer comes as a message.
    fake.press(OWNER, OWNER, list.message_id.unwrap(), "p:99999");
    fake.wait_for("the notice as a message", |sent| {
        texts(sent).iter().any(|t| t == "This button has expired.")
    })
    .await;
    bot.stop().await;
    let refused = fake
        .outbox()
        .iter()
        .filter(|s| s.method == "answercallbackquery" && s.status == 400)
        .count();
    assert_eq!(refused, 2, "both presses were answered once, and refused");
    super::validate::requests(&fake.outbox());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_to_a_deleted_or_too_old_message_comes_as_a_new_message() {
    for refusal in [Refusal::MessageToEditNotFound, Refusal::MessageCantBeEdited] {
        let mut bot = Running::start().await;
        let fake = bot.fake.clone();
        let list = stale_list(&fake).await;
        let next = button(&list, "▶");
        fake.refuse("editMessageText", None, Some(1), refusal);
        fake.press(OWNER, OWNER, list.message_id.unwrap(), &next);
        let sent = fake
            .wait_for("the second page as a new message", |sent| {
                sent.iter().filter(|s| s.method == "sendmessage").any(|s| {
                    s.message_id != list.message_id
                        && s.body["text"].as_str().unwrap_or("").contains("overdue")
                }) && sent.iter().filter(|s| s.method == "sendmessage").count() >= 2
            })
            .await;
        bot.stop().await;
        let pages: Vec<&Sent> = sent.iter().filter(|s| s.method == "sendmessage").collect();
        assert_eq!(pages.len(), 2, "{refusal:?}: {pages:#?}");
        assert_ne!(
            pages[1].body["text"], list.body["text"],
            "{refusal:?}: the next page"
        );
        assert_eq!(
            button(pages[1], "◀"),
            "s:a:0",
            "{refusal:?}: with its own buttons"
        );
        let refused = fake
            .outbox()
            .iter()
            .filter(|s| s.method == "editmessagetext" && s.status == 400)
            .count();
        assert_eq!(refused, 1, "{refusal:?}");
    }
}

fn at(day: u32, hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, minute, 30)
        .unwrap()
}

/// Runs the bot at `now` on the kept database with the digest due, until the scheduler
/// has recorded the digest or `until` holds of what was sent; returns what was sent.
async fn digest_run(
    now: DateTime<Utc>,
    database: &std::path::Path,
    refuse: &[(i64, Refusal)],
    then: impl AsyncFnOnce(&FakeTelegram, &Running),
) -> Vec<Sent> {
    let mut env = both_owners();
    env.push(("KITH_DIGEST_SCHEDULE", "0 8 * * *".into()));
    let mut bot = Running::start_with(Options {
        env,
        clock: std::sync::Arc::new(Fixed(now)),
        quiet_digest: false,
        database: Some(database.to_path_buf()),
        refusals: refuse
            .iter()
            .map(|(chat, refusal)| ("sendMessage", Some(*chat), *refusal))
            .collect(),
        ..Options::default()
    })
    .await;
    let fake = bot.fake.clone();
    then(&fake, &bot).await;
    bot.stop().await;
    fake.outbox()
}

fn digests_to(sent: &[Sent], chat: i64) -> usize {
    sent.iter()
        .filter(|s| s.method == "sendmessage" && s.status == 200)
        .filter(|s| s.body["chat_id"].as_i64() == Some(chat))
        .filter(|s| {
            s.body["text"]
                .as_str()
                .unwrap_or("")
                .starts_with("<b>Digest for ")
        })
        .count()
}

fn requests_to(sent: &[Sent], chat: i64) -> usize {
    sent.iter()
        .filter(|s| s.body["chat_id"].as_i64() == Some(chat))
        .count()
}

/// Waits until the scheduler has recorded the digest slot of `now`.
async fn digest_recorded(bot: &Running, now: DateTime<Utc>) {
    wait_until("the digest recorded", || {
        bot.store()
            .job_last_slot("digest")
            .unwrap()
            .is_some_and(|slot| slot.date_naive() == now.date_naive())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_who_blocked_the_bot_gets_no_scheduled_message_until_they_write_again() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("kith.db");
    // Day one: the second owner has blocked the bot. The first gets the digest.
    let day_one = at(24, 8, 0);
    let sent = digest_run(
        day_one,
        &database,
        &[(SECOND_OWNER, Refusal::BotBlocked)],
        async |_, bot| digest_recorded(bot, day_one).await,
    )
    .await;
    assert_eq!(digests_to(&sent, OWNER), 1);
    assert_eq!(
        requests_to(&sent, SECOND_OWNER),
        1,
        "one attempt, then no more"
    );
    let store = Store::open(&database).unwrap();
    assert_eq!(
        store.unreachable_owners().unwrap(),
        [SECOND_OWNER].into(),
        "kept in SQLite"
    );
    assert!(store.digest_sent(day_one.date_naive()).unwrap());

    // Day two: nothing is even tried for them; the first owner is unaffected. Then they
    // unblock the bot and write.
    let day_two = at(25, 8, 0);
    let sent = digest_run(day_two, &database, &[], async |fake, bot| {
        digest_recorded(bot, day_two).await;
        fake.message(SECOND_OWNER, SECOND_OWNER, "/start");
        fake.wait_for("the help", |sent| {
            sent.iter()
                .any(|s| s.body["chat_id"].as_i64() == Some(SECOND_OWNER))
        })
        .await;
        wait_until("the owner is reachable again", || {
            bot.store().unreachable_owners().unwrap().is_empty()
        })
        .await;
    })
    .await;
    assert_eq!(digests_to(&sent, OWNER), 1);
    assert_eq!(digests_to(&sent, SECOND_OWNER), 0);

    // Day three: both get it.
    let day_three = at(26, 8, 0);
    let sent = digest_run(day_three, &database, &[], async |_, bot| {
        digest_recorded(bot, day_three).await
    })
    .await;
    assert_eq!(digests_to(&sent, OWNER), 1);
    assert_eq!(digests_to(&sent, SECOND_OWNER), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deactivated_owner_is_skipped_like_a_blocked_one() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("kith.db");
    let day = at(24, 8, 0);
    let sent = digest_run(
        day,
        &database,
        &[(OWNER, Refusal::UserDeactivated)],
        async |_, bot| digest_recorded(bot, day).await,
    )
    .await;
    assert_eq!(requests_to(&sent, OWNER), 1);
    assert_eq!(
        digests_to(&sent, SECOND_OWNER),
        1,
        "the other owner is unaffected"
    );
    assert_eq!(
        Store::open(&database)
            .unwrap()
            .unreachable_owners()
            .unwrap(),
        [OWNER].into()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_that_fails_for_one_owner_reaches_the_others_and_is_retried_for_that_one() {
    let dir = tempfile::tempdir().unwrap();
    let database = dir.path().join("kith.db");
    let day = at(24, 8, 0);
    // The first run: Telegram fails the first owner's send (not a refusal to deliver).
    let sent = digest_run(
        day,
        &database,
        &[(OWNER, Refusal::Internal)],
        async |fake, _| {
            fake.wait_for("the second owner's digest", |sent| {
                digests_to(sent, SECOND_OWNER) == 1
            })
            .await;
        },
    )
    .await;
    assert_eq!(digests_to(&sent, SECOND_OWNER), 1);
    assert_eq!(digests_to(&sent, OWNER), 0);
    {
        let store = Store::open(&database).unwrap();
        assert_eq!(
            store.digest_delivered_to(day.date_naive()).unwrap(),
            [SECOND_OWNER].into(),
            "marked for the owner who got it"
        );
        assert!(
            !store.digest_sent(day.date_naive()).unwrap(),
            "the day is not done"
        );
        assert!(store.unreachable_owners().unwrap().is_empty());
    }
    // After a restart (the catch-up rule: still within KITH_DIGEST_MAX_LATE_HOURS) the
    // owner who missed it gets it, and the other does not get it twice.
    let later = at(24, 9, 0);
    let sent = digest_run(later, &database, &[], async |_, bot| {
        digest_recorded(bot, later).await
    })
    .await;
    assert_eq!(digests_to(&sent, OWNER), 1);
    assert_eq!(digests_to(&sent, SECOND_OWNER), 0);
    assert!(
        Store::open(&database)
            .unwrap()
            .digest_sent(day.date_naive())
            .unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflict_from_get_updates_is_one_clear_log_line_with_bounded_backoff() {
    let fake = FakeTelegram::start().await;
    fake.refuse("getUpdates", None, Some(3), Refusal::Conflict);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kith.db");
    {
        let mut store = Store::open(&db).unwrap();
        populate(&mut store);
    }
    let (owner, url) = (OWNER.to_string(), fake.url());
    let child = super::process::kith_run(
        &db,
        &[
            ("KITH_TELEGRAM_TOKEN", fake::TOKEN),
            ("KITH_OWNER_IDS", &owner),
            ("KITH_TELEGRAM_API_URL", &url),
            ("KITH_SYNC_SCHEDULE", "0 0 1 1 *"),
        ],
    )
    .spawn()
    .unwrap();
    fake.message(OWNER, OWNER, "/start");
    fake.wait_for("the answer once polling gets through", |sent| {
        texts(sent)
            .iter()
            .any(|t| t.starts_with("<b>kith — your personal CRM</b>"))
    })
    .await;
    let output = super::process::terminate(child).await;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let conflicts = fake
        .outbox()
        .iter()
        .filter(|s| s.method == "getupdates" && s.status == 409)
        .count();
    assert_eq!(conflicts, 3, "polling backs off instead of hammering");
    let lines = stderr.lines().filter(|l| l.contains(CONFLICT)).count();
    assert!(
        !stderr.contains("retrying getting updates"),
        "no line per attempt:\n{stderr}"
    );
    assert_eq!(
        lines, 1,
        "three conflicts within a minute, one line:\n{stderr}"
    );
    assert!(!stderr.contains(fake::TOKEN));
}
