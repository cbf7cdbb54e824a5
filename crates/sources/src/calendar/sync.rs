//! Runs a sync of every configured source: for each, fetch (network or file, with no
//! store access), plan (pure), apply on a blocking thread in parts of `APPLY_PART`
//! changes, each its own transaction, so the chat is answered between them; the source's
//! new position is stored only with the last part. A failing source is reported and the
//! others still sync. Used by `kith sync`, `/sync` and the schedule.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use super::auth::{StoredToken, token_path};
use super::feed::fetch_ics;
use super::google::{GoogleCalendar, RetryPolicy};
use super::ics::{Limits, read_feed_within};
use super::{Change, RemoteEvent, Rules, SkipReason, plan};
use crate::error::SyncError;
use crate::rules::{Others, SharedRules};
use kith_config::secret::FeedUrl;
use kith_config::settings::Settings;
use kith_domain::model::{EmailAddress, Source};
use kith_store::{SharedStore, Store, SyncBatch, lock};

pub use crate::rules::{my_emails, window};
pub use crate::run::{
    APPLY_PART, Mode, PART_PAUSE, SourceReport, SyncReport, WARNINGS_SHOWN, add_applied,
    apply_batch_in_parts,
};

pub use crate::rules::{WINDOW_AHEAD_DAYS, WINDOW_BACK_DAYS};

/// The plan rules for one source, read from the settings and the store.
fn rules(
    settings: &Settings,
    store: &Store,
    source: Source,
    events: &[RemoteEvent],
    now: DateTime<Utc>,
) -> kith_store::Result<Rules> {
    let keys: Vec<String> = events.iter().map(|e| e.key.clone()).collect();
    let (window_start, window_end) = window(settings, now);
    Ok(Rules {
        shared: SharedRules {
            source,
            timezone: settings.timezone,
            window_start,
            window_end,
            others: others(settings, store)?,
        },
        known_keys: store.known_event_keys(&keys)?,
    })
}

/// Who counts as someone else at a meeting, for the plans and for the readers, which
/// skip a broadcast before they copy its attendees or expand its series.
pub fn others(settings: &Settings, store: &Store) -> kith_store::Result<Others> {
    Ok(Others {
        my_emails: my_emails(settings),
        ignore_patterns: store.never_people_patterns()?,
        max_attendees: settings.max_attendees as usize,
    })
}

/// What one source delivered: its events and the position they bring it to.
pub struct Delivery<'a> {
    /// The name the source is reported and stored under ("google:primary").
    pub name: &'a str,
    pub source: Source,
    pub events: &'a [RemoteEvent],
    pub position: Option<&'a str>,
}

/// A source's planned changes, and what the plan noticed on the way.
struct Planned {
    batch: SyncBatch,
    warnings: Vec<String>,
    skipped: BTreeMap<&'static str, usize>,
}

/// Plans one source's events against the store's known keys and ignore rules.
fn planned(events: &[RemoteEvent], rules: &Rules) -> Planned {
    let planned = plan(events, rules);
    let mut batch = SyncBatch::default();
    for change in &planned.changes {
        match change {
            Change::Upsert(event) => batch.upserts.push(event.clone()),
            Change::Cancel { key } => batch.cancels.push(key.clone()),
            Change::Skip { .. } => {}
        }
    }
    let warnings = planned
        .bad_addresses
        .iter()
        .map(|(key, address)| {
            let reason = EmailAddress::why_refused(address).unwrap_or("unreadable");
            format!("event {key}: unreadable attendee address {address:?} ({reason})")
        })
        .collect();
    Planned {
        batch,
        warnings,
        skipped: planned
            .skipped()
            .into_iter()
            .map(|(reason, n)| (SkipReason::describe(reason), n))
            .collect(),
    }
}

/// Plans and applies one source's events with its new position, in one transaction
/// (the benchmark's and the tests' direct way in; a running sync applies in parts).
pub fn apply_events(
    settings: &Settings,
    store: &mut Store,
    delivery: &Delivery<'_>,
    now: DateTime<Utc>,
    report: &mut SourceReport,
) -> kith_store::Result<()> {
    let rules = rules(settings, store, delivery.source, delivery.events, now)?;
    let planned = planned(delivery.events, &rules);
    report.warnings.extend(planned.warnings);
    report.skipped = planned.skipped;
    let applied = store.apply_sync(delivery.name, &planned.batch, delivery.position)?;
    add_applied(report, applied);
    Ok(())
}

/// What one source fetched, owned, to move onto a blocking thread.
struct Fetched {
    name: String,
    source: Source,
    events: Vec<RemoteEvent>,
    position: Option<String>,
}

/// Plans on a blocking thread (holding the store only to read the known keys), then
/// applies in parts of `APPLY_PART`, each on a blocking thread in its own transaction;
/// the last part stores the new position. Parts already applied stay when a later one
/// fails (each is whole, and the next run, from the old position, completes the rest).
async fn apply_in_parts(
    settings: &Settings,
    store: &SharedStore,
    fetched: Fetched,
    now: DateTime<Utc>,
    report: &mut SourceReport,
) -> Result<(), SyncError> {
    let Fetched {
        name,
        source,
        events,
        position,
    } = fetched;
    let (plan_settings, plan_store) = (settings.clone(), Arc::clone(store));
    // The store is held only to read the known keys and ignore rules; the plan itself
    // is made without it.
    let planned = tokio::task::spawn_blocking(move || {
        let rules = rules(&plan_settings, &lock(&plan_store), source, &events, now)?;
        Ok::<_, kith_store::Error>(planned(&events, &rules))
    })
    .await
    .map_err(|error| SyncError::task("planning", error))??;
    report.warnings.extend(planned.warnings);
    report.skipped = planned.skipped;
    apply_batch_in_parts(store, &name, planned.batch, position, report).await
}

/// Syncs every calendar in the settings (`crate` adds the mailboxes).
pub async fn sync_calendars(
    settings: &Settings,
    store: &SharedStore,
    mode: Mode,
    now: DateTime<Utc>,
    retry: RetryPolicy,
) -> SyncReport {
    let mut report = SyncReport::default();
    for feed in &settings.ics_urls {
        report
            .sources
            .push(sync_ics(settings, store, feed, now, retry).await);
    }
    if settings.google_client_id.is_some() {
        let token = StoredToken::load(&token_path(settings));
        for calendar in &settings.google_calendars {
            let name = format!("google:{calendar}");
            let mut source = SourceReport::new(&name);
            match &token {
                Err(error) => source.error = Some(error.to_string()),
                Ok(token) => match GoogleCalendar::new(
                    &settings.google_api_url,
                    &settings.google_token_url,
                    settings.google_client_id.as_deref().unwrap_or_default(),
                    settings.google_client_secret.clone(),
                    token.clone(),
                ) {
                    Err(error) => source.error = Some(error.to_string()),
                    Ok(client) => {
                        sync_google(
                            settings,
                            store,
                            client,
                            calendar,
                            mode,
                            now,
                            retry,
                            &mut source,
                        )
                        .await
                    }
                },
            }
            if let Some(error) = &source.error {
                let _ = lock(store).record_sync_error(&name, error);
            }
            report.sources.push(source);
        }
    }
    for source in &report.sources {
        for warning in &source.warnings {
            tracing::debug!(source = %source.source, "{warning}");
        }
    }
    report
}

#[allow(clippy::too_many_arguments)]
async fn sync_google(
    settings: &Settings,
    store: &SharedStore,
    mut client: GoogleCalendar,
    calendar: &str,
    mode: Mode,
    now: DateTime<Utc>,
    retry: RetryPolicy,
    report: &mut SourceReport,
) {
    client.api.retry = retry;
    client.others = match others(settings, &lock(store)) {
        Ok(others) => Some(others),
        Err(error) => {
            report.error = Some(error.to_string());
            return;
        }
    };
    let name = report.source.clone();
    let position = match mode {
        Mode::Full => None,
        Mode::Incremental => match lock(store).sync_position(&name) {
            Ok(position) => position,
            Err(error) => {
                report.error = Some(error.to_string());
                return;
            }
        },
    };
    let time_min = now - Duration::days(WINDOW_BACK_DAYS as i64 + 1);
    let fetched = match client.fetch(calendar, position.as_deref(), time_min).await {
        Ok(fetched) => fetched,
        Err(error) => {
            report.error = Some(error.to_string());
            return;
        }
    };
    report.full = fetched.full;
    let fetched = Fetched {
        name,
        source: Source::Google,
        events: fetched.events,
        position: fetched.next_sync_token,
    };
    if let Err(error) = apply_in_parts(settings, store, fetched, now, report).await {
        report.error = Some(error.to_string());
    }
}

async fn sync_ics(
    settings: &Settings,
    store: &SharedStore,
    feed: &FeedUrl,
    now: DateTime<Utc>,
    retry: RetryPolicy,
) -> SourceReport {
    let name = feed.label();
    let mut report = SourceReport::new(&name);
    report.full = true;
    let text = match fetch_ics(feed, retry, settings.max_feed_bytes).await {
        Ok(text) => text,
        Err(error) => {
            report.error = Some(error.to_string());
            let _ =
                lock(store).record_sync_error(&name, report.error.as_deref().unwrap_or_default());
            return report;
        }
    };
    let from = now - Duration::days(WINDOW_BACK_DAYS as i64 + 1);
    let to = now + Duration::days(WINDOW_AHEAD_DAYS as i64 + 1);
    let others = others(settings, &lock(store));
    let limits = match others {
        Ok(others) => Limits {
            series_instances: settings.max_series_instances as usize,
            others: Some(others),
        },
        Err(error) => {
            report.error = Some(error.to_string());
            return report;
        }
    };
    let zone = settings.timezone;
    let read = move || read_feed_within(&text, zone, from, to, &limits);
    let feed = match tokio::task::spawn_blocking(read).await {
        Ok(feed) => feed,
        Err(error) => {
            report.error = Some(SyncError::task("reading the feed", error).to_string());
            return report;
        }
    };
    report.warnings.extend(feed.errors);
    let fetched = Fetched {
        name: name.clone(),
        source: Source::Ics,
        events: feed.events,
        position: None,
    };
    if let Err(error) = apply_in_parts(settings, store, fetched, now, &mut report).await {
        let error = error.to_string();
        let _ = lock(store).record_sync_error(&name, &error);
        report.error = Some(error);
    }
    report
}
