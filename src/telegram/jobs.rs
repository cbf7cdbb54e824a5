//! The scheduled work inside `kith run`: calendar sync and the morning digest on their
//! crontab schedules in the owner's time zone, and meeting briefs as meetings come near
//! (checked on every pass, at least every 30 seconds). Each job's last slot is kept in SQLite,
//! so after downtime a missed job runs once (a digest more than the allowed hours late
//! is skipped). Jobs run one at a time; a scheduled sync waits for a /sync in progress.
//! The loop sleeps in slices of at most 30 seconds toward the next slot, because timers
//! do not see suspends or clock steps.

use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use teloxide::RequestError;
use teloxide::adaptors::throttle::Limits;
use teloxide::prelude::RequesterExt;
use teloxide::types::ChatId;

use super::{App, KithBot, required_token, send_reply};
use crate::calendar::sync::{Mode, sync_all};
use crate::engine::Engine;
use crate::schedule::{Due, Schedule, SystemClock, due};
use crate::settings::Settings;
use crate::store::Store;

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
    loop {
        if *stopped.borrow() {
            break;
        }
        let now = app.clock.now();
        let last_sync = app
            .with_store(|store| store.job_last_slot("sync"))
            .await
            .flatten();
        if let Due::Run { slot } = due(&schedules.sync, schedules.zone, last_sync, now, None) {
            // A /sync in progress finishes first; this one then runs.
            let _running = app.sync_running.lock().await;
            let report = sync_all(&app.settings, &app.store, Mode::Incremental, now).await;
            let outcome = report
                .sources
                .iter()
                .map(|s| s.line())
                .collect::<Vec<_>>()
                .join("; ");
            tracing::info!(%outcome, "scheduled sync");
            let outcome = if report.failed() { "failed" } else { "ok" };
            record(&app, "sync", slot, now, outcome).await;
        }
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
            Due::Run { slot } => {
                let outcome = match deliver_digest(&bot, &app, now).await {
                    Ok(outcome) => outcome,
                    Err(error) => {
                        tracing::warn!(%error, "the digest could not be sent");
                        "failed".to_owned()
                    }
                };
                tracing::info!(%outcome, "scheduled digest");
                record(&app, "digest", slot, now, &outcome).await;
            }
            Due::TooLate { slot } => {
                tracing::info!(%slot, "skipped a digest missed by more than KITH_DIGEST_MAX_LATE_HOURS");
                record(&app, "digest", slot, now, "skipped: too late").await;
            }
            Due::Wait => {}
        }
        deliver_briefs(&bot, &app, now).await;
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
                .with_store(move |store| crate::backup::daily(store, &dir, day, keep))
                .await;
            let outcome = match written {
                Some(Some(path)) => format!("wrote {}", path.display()),
                Some(None) => "today's backup exists".to_owned(),
                None => "failed".to_owned(),
            };
            tracing::info!(%outcome, "daily backup");
            record(&app, "backup", slot, now, &outcome).await;
        }
        let now = app.clock.now();
        let next = [
            schedules.sync.next_after(schedules.zone, now),
            schedules.digest.next_after(schedules.zone, now),
            schedules.backup.next_after(schedules.zone, now),
        ]
        .into_iter()
        .flatten()
        .min();
        let wait = next
            .and_then(|at| (at - now).to_std().ok())
            .unwrap_or(SLICE)
            .min(SLICE);
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = stopped.changed() => {}
        }
    }
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

/// Sends every brief that is due to every owner. Each is marked sent as it is composed,
/// so a restart never repeats one (a send that fails is logged, not retried later).
async fn deliver_briefs(bot: &KithBot, app: &Arc<App>, now: DateTime<Utc>) {
    let settings = app.settings.clone();
    let Some(briefs) = app
        .with_store(move |store| Engine::new(store, &settings).due_briefs(now))
        .await
    else {
        return;
    };
    for brief in briefs {
        for owner in &app.settings.owner_ids {
            if let Err(error) = send_reply(bot, app, ChatId(*owner), brief.clone()).await {
                tracing::warn!(%error, "a meeting brief could not be sent");
            }
        }
        tracing::info!("sent a meeting brief");
    }
}

/// Composes today's digest for every owner and sends it, unless it went out already.
async fn deliver_digest(
    bot: &KithBot,
    app: &Arc<App>,
    now: DateTime<Utc>,
) -> Result<String, RequestError> {
    let settings = app.settings.clone();
    let composed = app
        .with_store(move |store| {
            let day = now.with_timezone(&settings.timezone).date_naive();
            let reply = Engine::new(store, &settings).digest_to_send(now)?;
            // Marked in the same breath as composed: never twice for one day.
            let first = store.mark_digest_sent(day, now)?;
            Ok(first.then_some(reply))
        })
        .await;
    let Some(composed) = composed else {
        return Ok("failed to compose".to_owned());
    };
    let Some(reply) = composed else {
        return Ok("already sent today".to_owned());
    };
    let mut sent = 0;
    if let Some(reply) = reply {
        for owner in &app.settings.owner_ids {
            send_reply(bot, app, ChatId(*owner), reply.clone()).await?;
            sent += 1;
        }
    }
    Ok(if sent == 0 {
        "nothing new (silent)".to_owned()
    } else {
        format!("sent to {sent} owner{}", if sent == 1 { "" } else { "s" })
    })
}

/// `kith digest --send`: sends today's digest to the owners now, unless it went out.
pub async fn send_digest(
    settings: Settings,
    store: Store,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let token = required_token(&settings)?;
    let api_url = url::Url::parse(&settings.telegram_api_url)?;
    let bot = teloxide::Bot::new(&token)
        .set_api_url(api_url)
        .cache_me()
        .throttle(Limits::default());
    let app = Arc::new(App {
        store: Mutex::new(store),
        settings,
        sync_running: tokio::sync::Mutex::new(()),
        clock: Arc::new(SystemClock),
    });
    deliver_digest(&bot, &app, now).await.map_err(|error| {
        anyhow::anyhow!(
            "sending the digest failed: {}",
            super::redact(&error.to_string(), &token)
        )
    })
}
