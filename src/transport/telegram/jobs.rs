//! The scheduled work inside `kith run`: calendar sync and the morning digest on their
//! crontab schedules in the owner's time zone, and meeting briefs as meetings come near
//! (checked on every pass, at least every 30 seconds), as timed follow-ups are at their
//! time (each once, caught up within the digest's allowed lateness). Each job's last slot is kept in SQLite,
//! so after downtime a missed job runs once (a digest more than the allowed hours late
//! is skipped). Jobs run one at a time; a scheduled sync waits for a /sync in progress.
//! The loop sleeps in slices of at most 30 seconds toward the next slot, because timers
//! do not see suspends or clock steps.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::RequesterExt;
use teloxide::types::ChatId;
use teloxide::{ApiError, RequestError};

use super::app::{App, KithBot, required_token};
use super::replies::send_reply;
use crate::calendar::sync::Mode;
use crate::config::settings::Settings;
use crate::domain::schedule::{Due, Schedule, due};
use crate::domain::text::plural;
use crate::engine::Engine;
use crate::sources::sync_all;
use crate::store::Store;
use crate::transport::clock::SystemClock;

/// The longest the scheduler sleeps before looking at the clock again.
const SLICE: StdDuration = StdDuration::from_secs(30);

pub(super) struct Schedules {
    sync: Schedule,
    digest: Schedule,
    /// The daily backup, at 03:30 in the owner's zone.
    backup: Schedule,
    zone: chrono_tz::Tz,
    max_late: Duration,
}

impl Schedules {
    pub(super) fn from_settings(settings: &Settings) -> anyhow::Result<Schedules> {
        let sync = Schedule::parse(&settings.sync_schedule)
            .map_err(|problem| anyhow::anyhow!("setting KITH_SYNC_SCHEDULE: {problem}"))?;
        let digest = Schedule::parse(&settings.digest_schedule)
            .map_err(|problem| anyhow::anyhow!("setting KITH_DIGEST_SCHEDULE: {problem}"))?;
        Ok(Schedules {
            sync,
            digest,
            backup: Schedule::parse("30 3 * * *").expect("a valid crontab line"),
            zone: settings.timezone,
            max_late: crate::engine::digest::max_lateness(settings.digest_max_late_hours),
        })
    }
}

/// Runs the schedules until `stopped` turns true.
pub(super) async fn run(
    bot: KithBot,
    app: Arc<App>,
    schedules: Schedules,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) {
    let mut retry = DigestRetry::default();
    loop {
        if *stopped.borrow() {
            break;
        }
        let now = app.clock.now();
        scheduled_sync(&app, &schedules, now).await;
        scheduled_digest(&bot, &app, &schedules, now, &mut retry).await;
        deliver_briefs(&bot, &app, now).await;
        deliver_follow_ups(&bot, &app, now, schedules.max_late).await;
        scheduled_backup(&app, &schedules, now).await;
        let wait = until_next(&schedules, app.clock.now());
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stopped.changed() => {}
        }
    }
}

/// A digest slot that some owner did not get is tried again after a growing pause (a
/// newer slot does not wait for it).
#[derive(Default)]
struct DigestRetry {
    /// The slot to try again, and when.
    at: Option<(DateTime<Utc>, tokio::time::Instant)>,
    retries: u32,
}

/// The sync, when its slot has come.
async fn scheduled_sync(app: &Arc<App>, schedules: &Schedules, now: DateTime<Utc>) {
    let last_sync = app
        .with_store(|store| store.job_last_slot("sync"))
        .await
        .flatten();
    if let Due::Run { slot } = due(&schedules.sync, schedules.zone, last_sync, now, None) {
        // A /sync in progress finishes first; this one then runs.
        let _running = app.sync_running.lock().await;
        let report = sync_all(&app.settings, app.store_for_sync(), Mode::Incremental, now).await;
        let outcome = report
            .sources
            .iter()
            .map(|s| s.line())
            .collect::<Vec<_>>()
            .join("; ");
        tracing::info!(%outcome, "scheduled sync");
        let outcome = if report.failed() { "failed" } else { "ok" };
        record(app, "sync", slot, now, outcome).await;
    }
}

/// The digest, when its slot has come (or its retry is due); skipped when too late.
async fn scheduled_digest(
    bot: &KithBot,
    app: &Arc<App>,
    schedules: &Schedules,
    now: DateTime<Utc>,
    retry: &mut DigestRetry,
) {
    let last_digest = app
        .with_store(|store| store.job_last_slot("digest"))
        .await
        .flatten();
    match due(
        &schedules.digest,
        schedules.zone,
        last_digest,
        now,
        Some(schedules.max_late),
    ) {
        Due::Run { slot }
            if retry.at.is_none_or(|(retry_slot, at)| {
                retry_slot != slot || tokio::time::Instant::now() >= at
            }) =>
        {
            if retry.at.is_some_and(|(retry_slot, _)| retry_slot != slot) {
                retry.retries = 0;
            }
            let run = deliver_digest(bot, app, now).await;
            tracing::info!(outcome = %run.outcome, "scheduled digest");
            if run.complete {
                record(app, "digest", slot, now, &run.outcome).await;
                *retry = DigestRetry::default();
            } else {
                // The owners still missing it are tried again, later each time.
                retry.retries += 1;
                retry.at = Some((
                    slot,
                    tokio::time::Instant::now() + digest_retry_delay(retry.retries),
                ));
            }
        }
        Due::Run { .. } => {}
        Due::TooLate { slot } => {
            tracing::info!(%slot, "skipped a digest missed by more than KITH_DIGEST_MAX_LATE_HOURS");
            record(app, "digest", slot, now, "skipped: too late").await;
        }
        Due::Wait => {}
    }
}

/// The daily backup, when its slot has come.
async fn scheduled_backup(app: &Arc<App>, schedules: &Schedules, now: DateTime<Utc>) {
    let last_backup = app
        .with_store(|store| store.job_last_slot("backup"))
        .await
        .flatten();
    if let Due::Run { slot } = due(&schedules.backup, schedules.zone, last_backup, now, None) {
        let (dir, keep) = (
            app.settings.backup_dir.clone(),
            app.settings.backup_keep as usize,
        );
        let day = now.with_timezone(&schedules.zone).date_naive();
        let written = app
            .with_store(move |store| crate::moving::backup::daily(store, &dir, day, keep))
            .await;
        let outcome = match written {
            Some(Some(path)) => format!("wrote {}", path.display()),
            Some(None) => "today's backup exists".to_owned(),
            None => "failed".to_owned(),
        };
        tracing::info!(%outcome, "daily backup");
        record(app, "backup", slot, now, &outcome).await;
    }
}

/// How long to wait before looking again: until the next slot, at most `SLICE`.
fn until_next(schedules: &Schedules, now: DateTime<Utc>) -> std::time::Duration {
    let next = [
        schedules.sync.next_after(schedules.zone, now),
        schedules.digest.next_after(schedules.zone, now),
        schedules.backup.next_after(schedules.zone, now),
    ]
    .into_iter()
    .flatten()
    .min();
    next.and_then(|at| (at - now).to_std().ok())
        .unwrap_or(SLICE)
        .min(SLICE)
}

/// The pause before the digest is tried again for the owners who did not get it:
/// 1, 2, 4, … minutes, at most 30.
fn digest_retry_delay(retries: u32) -> StdDuration {
    StdDuration::from_secs(60 << retries.saturating_sub(1).min(5))
        .min(StdDuration::from_secs(30 * 60))
}

async fn record(
    app: &Arc<App>,
    job: &'static str,
    slot: DateTime<Utc>,
    now: DateTime<Utc>,
    outcome: &str,
) {
    let outcome = outcome.to_owned();
    app.with_store(move |store| store.record_job(job, slot, now, &outcome))
        .await;
}

/// Sends every brief that is due to every owner who can be reached. Each is marked sent
/// as it is composed, so a restart never repeats one (a send that fails is logged, not
/// retried later).
async fn deliver_briefs(bot: &KithBot, app: &Arc<App>, now: DateTime<Utc>) {
    let preferences = app.preferences.clone();
    let Some(briefs) = app
        .with_store(move |store| Engine::new(store, &preferences).due_briefs(now))
        .await
    else {
        return;
    };
    for brief in briefs {
        let unreachable = app
            .with_store(|store| store.unreachable_owners())
            .await
            .unwrap_or_default();
        for owner in &app.settings.owner_ids {
            if unreachable.contains(owner) {
                continue;
            }
            if let Scheduled::Failed(error) =
                send_scheduled(bot, app, *owner, brief.clone(), now).await
            {
                tracing::warn!(%error, "a meeting brief could not be sent");
            }
        }
        tracing::info!("sent a meeting brief");
    }
}

/// Sends every timed follow-up whose time has come (at most `max_late` ago) to every
/// owner who can be reached. Each is marked sent as it is composed, as briefs are.
async fn deliver_follow_ups(bot: &KithBot, app: &Arc<App>, now: DateTime<Utc>, max_late: Duration) {
    let preferences = app.preferences.clone();
    let Some(messages) = app
        .with_store(move |store| Engine::new(store, &preferences).due_follow_ups(now, max_late))
        .await
    else {
        return;
    };
    for message in messages {
        let unreachable = app
            .with_store(|store| store.unreachable_owners())
            .await
            .unwrap_or_default();
        for owner in &app.settings.owner_ids {
            if unreachable.contains(owner) {
                continue;
            }
            if let Scheduled::Failed(error) =
                send_scheduled(bot, app, *owner, message.clone(), now).await
            {
                tracing::warn!(%error, "a timed follow-up could not be sent");
            }
        }
        tracing::info!("sent a timed follow-up");
    }
}

/// How a scheduled message to one owner went.
pub(super) enum Scheduled {
    Sent,
    /// Telegram will not deliver to this owner (they blocked the bot, or their account
    /// is gone); they are skipped until they write again.
    Unreachable,
    Failed(RequestError),
}

/// Sends a scheduled message to one owner's private chat. A refusal that says the owner
/// cannot be reached marks them (logged once, when first marked), so later scheduled
/// sends skip them until they write again.
pub(super) async fn send_scheduled(
    bot: &KithBot,
    app: &Arc<App>,
    owner: i64,
    reply: crate::engine::Reply,
    now: DateTime<Utc>,
) -> Scheduled {
    match send_reply(bot, app, ChatId(owner), reply).await {
        Ok(()) => Scheduled::Sent,
        Err(RequestError::Api(
            reason @ (ApiError::BotBlocked | ApiError::UserDeactivated | ApiError::ChatNotFound),
        )) => {
            let why = reason.to_string();
            let marked = app
                .with_store(move |store| store.mark_owner_unreachable(owner, &why, now))
                .await;
            if marked == Some(true) {
                tracing::warn!(
                    owner,
                    reason = %reason,
                    "Telegram will not deliver to this owner; no scheduled messages go to them until they write to the bot again"
                );
            }
            Scheduled::Unreachable
        }
        Err(error) => Scheduled::Failed(error),
    }
}

/// What one attempt at the day's digest did.
pub(super) struct DigestRun {
    pub outcome: String,
    /// Every owner has it (or cannot be reached): the slot is done. Otherwise the owners
    /// still missing it are tried again on a later pass, within the allowed lateness.
    pub complete: bool,
}

/// Composes today's digest and sends it to each owner who has not had it yet. Each
/// owner's copy is marked as it is delivered; the day is marked done (and its duplicate
/// pairs shown) once every reachable owner has it.
async fn deliver_digest(bot: &KithBot, app: &Arc<App>, now: DateTime<Utc>) -> DigestRun {
    let preferences = app.preferences.clone();
    let day = now.with_timezone(&preferences.timezone).date_naive();
    let composed = app
        .with_store(move |store| {
            if store.digest_sent(day)? {
                return Ok(None);
            }
            let digest = Engine::new(store, &preferences).digest_for_owners(now)?;
            let delivered = store.digest_delivered_to(day)?;
            let unreachable = store.unreachable_owners()?;
            Ok(Some((digest, delivered, unreachable)))
        })
        .await;
    let Some(composed) = composed else {
        return DigestRun {
            outcome: "failed to compose".to_owned(),
            complete: true,
        };
    };
    let Some((digest, delivered, unreachable)) = composed else {
        return DigestRun {
            outcome: "already sent today".to_owned(),
            complete: true,
        };
    };
    let (mut sent, mut skipped, mut failed) = (0, 0, 0);
    if let Some(reply) = &digest.reply {
        for owner in &app.settings.owner_ids {
            if delivered.contains(owner) {
                continue;
            }
            if unreachable.contains(owner) {
                skipped += 1;
                continue;
            }
            match send_scheduled(bot, app, *owner, reply.clone(), now).await {
                Scheduled::Sent => {
                    let owner = *owner;
                    app.with_store(move |store| store.mark_digest_delivered(day, owner, now))
                        .await;
                    sent += 1;
                }
                Scheduled::Unreachable => skipped += 1,
                Scheduled::Failed(error) => {
                    tracing::warn!(owner, %error, "the digest could not be sent to an owner; trying again later");
                    failed += 1;
                }
            }
        }
    }
    if failed == 0 {
        // The pairs count as shown only when someone was shown them.
        let pairs = if sent > 0 || !delivered.is_empty() {
            digest.shown_pairs.clone()
        } else {
            Vec::new()
        };
        app.with_store(move |store| {
            store.mark_digest_sent(day, now)?;
            store.mark_duplicates_shown(&pairs)
        })
        .await;
    }
    let outcome = if digest.reply.is_none() {
        "nothing new (silent)".to_owned()
    } else {
        let mut parts = vec![format!("sent to {}", plural(sent, "owner", "owners"))];
        if skipped > 0 {
            parts.push(format!(
                "{} skipped",
                plural(skipped, "unreachable owner", "unreachable owners")
            ));
        }
        if failed > 0 {
            parts.push(format!("{failed} failed, to be tried again",));
        }
        parts.join(", ")
    };
    DigestRun {
        outcome,
        complete: failed == 0,
    }
}

/// `kith digest --send`: sends today's digest to the owners now, unless it went out.
pub async fn send_digest(
    settings: Settings,
    store: Store,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let token = required_token(&settings, "kith digest --send")?;
    let api_url = url::Url::parse(&settings.telegram_api_url)?;
    let bot = teloxide::Bot::new(&token)
        .set_api_url(api_url)
        .cache_me()
        .throttle(Limits::default());
    let app = Arc::new(App::new(store, settings, Arc::new(SystemClock)));
    let run = deliver_digest(&bot, &app, now).await;
    if run.complete {
        Ok(run.outcome)
    } else {
        Err(anyhow::anyhow!(
            "sending the digest failed: {}",
            run.outcome
        ))
    }
}
