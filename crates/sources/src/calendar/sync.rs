//! Runs a sync of every configured source: for each, fetch (network or file, with no
//! store access), plan (pure), apply on a blocking thread in parts of `APPLY_PART`
//! changes, each its own transaction, so the chat is answered between them; the source's
//! new position is stored only with the last part. A failing source is reported and the
//! others still sync. Used by `kith sync`, `/sync` and the schedule.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};

use super::auth::{StoredToken, token_path};
use super::feed::fetch_ics;
use super::google::{GoogleCalendar, RetryPolicy};
use super::ics::{Limits, read_feed_within};
use super::{Change, Others, RemoteEvent, Rules, SkipReason, plan};
use crate::error::SyncError;
use kith_config::secret::FeedUrl;
use kith_config::settings::Settings;
use kith_domain::model::{EmailAddress, Source};
use kith_domain::text::plural;
use kith_store::{SharedStore, Store, SyncBatch, lock};

/// Changes applied per transaction: the store's lock is released between parts, so a
/// command sent during a large sync waits for one part at most.
pub const APPLY_PART: usize = 500;

/// How long a sync lets go of the database between two parts: several of the store's
/// `BUSY_POLL`s, so a write waiting in another process (or a chat waiting for the shared
/// store in this one) gets in between them rather than waiting out the whole sync.
pub const PART_PAUSE: std::time::Duration = std::time::Duration::from_millis(5);

/// Warnings listed under a source's line in a sync's report; the rest are counted there
/// and logged.
pub const WARNINGS_SHOWN: usize = 10;

/// How far back and ahead a sync looks.
pub const WINDOW_BACK_DAYS: u64 = 2 * 365;
pub const WINDOW_AHEAD_DAYS: u64 = 14;

/// Whether to use stored sync positions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Incremental,
    Full,
}

/// What one source's run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SourceReport {
    pub source: String,
    pub full: bool,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// How many were skipped, by why (`SkipReason::describe`, `MailSkip::describe`).
    pub skipped: BTreeMap<&'static str, usize>,
    pub new_unknown: usize,
    /// Problems that did not stop the source (a broken event, an unreadable address).
    pub warnings: Vec<String>,
    /// Why the source failed; nothing of it was applied.
    pub error: Option<String>,
}

impl SourceReport {
    pub fn new(source: &str) -> SourceReport {
        SourceReport {
            source: source.to_owned(),
            ..SourceReport::default()
        }
    }

    /// One line: "google:primary — 3 created, 1 updated, 40 unchanged, 2 skipped (…), 1 new unknown attendee".
    pub fn line(&self) -> String {
        if let Some(error) = &self.error {
            return format!("{} — failed, nothing changed: {error}", self.source);
        }
        let mut parts = vec![
            format!("{} created", self.created),
            format!("{} updated", self.updated),
            format!("{} unchanged", self.unchanged),
        ];
        let skipped: usize = self.skipped.values().sum();
        if skipped > 0 {
            let reasons: Vec<String> = self
                .skipped
                .iter()
                .map(|(reason, n)| format!("{n} {reason}"))
                .collect();
            parts.push(format!("{skipped} skipped ({})", reasons.join(", ")));
        }
        // A mailbox's new addresses are people written to, not attendees.
        let mail = ["imap:", "gmail:", "mbox:"]
            .iter()
            .any(|prefix| self.source.starts_with(prefix));
        parts.push(if mail {
            plural(
                self.new_unknown,
                "new unknown address",
                "new unknown addresses",
            )
        } else {
            plural(
                self.new_unknown,
                "new unknown attendee",
                "new unknown attendees",
            )
        });
        if !self.warnings.is_empty() {
            parts.push(plural(self.warnings.len(), "warning", "warnings"));
        }
        format!(
            "{}{} — {}",
            self.source,
            if self.full { " (full)" } else { "" },
            parts.join(", ")
        )
    }
}

/// What a whole sync did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub sources: Vec<SourceReport>,
}

impl SyncReport {
    pub fn failed(&self) -> bool {
        self.sources.iter().any(|s| s.error.is_some())
    }

    /// The one line `kith sync` ends with: "synced 2 sources: 1 created, 0 updated, 1 new
    /// unknown attendee, 1 failed".
    pub fn summary(&self) -> String {
        let total =
            |count: fn(&SourceReport) -> usize| self.sources.iter().map(count).sum::<usize>();
        let failed = self.sources.iter().filter(|s| s.error.is_some()).count();
        format!(
            "synced {}: {} created, {} updated, {}{}",
            plural(self.sources.len(), "source", "sources"),
            total(|s| s.created),
            total(|s| s.updated),
            plural(
                total(|s| s.new_unknown),
                "new unknown attendee",
                "new unknown attendees"
            ),
            if failed > 0 {
                format!(", {failed} failed")
            } else {
                String::new()
            }
        )
    }

    /// Each source's line, and under it the first `WARNINGS_SHOWN` of its warnings (every
    /// one is logged at debug).
    pub fn render(&self) -> String {
        if self.sources.is_empty() {
            return "No calendar or mailbox is configured: set KITH_ICS_URLS, or KITH_GOOGLE_CLIENT_ID and run `kith auth google`, or KITH_IMAP_URL."
                .to_owned();
        }
        let mut lines = Vec::new();
        for source in &self.sources {
            lines.push(source.line());
            for warning in source.warnings.iter().take(WARNINGS_SHOWN) {
                lines.push(format!("  {warning}"));
            }
            if source.warnings.len() > WARNINGS_SHOWN {
                lines.push(format!(
                    "  … and {} more (KITH_LOG=debug logs every one)",
                    source.warnings.len() - WARNINGS_SHOWN
                ));
            }
        }
        lines.join("\n")
    }
}

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
        source,
        timezone: settings.timezone,
        window_start,
        window_end,
        others: others(settings, store)?,
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

/// The sync window around `now` in the owner's zone: two years back, two weeks ahead.
pub fn window(settings: &Settings, now: DateTime<Utc>) -> (NaiveDate, NaiveDate) {
    let today = now.with_timezone(&settings.timezone).date_naive();
    (
        today - Days::new(WINDOW_BACK_DAYS),
        today + Days::new(WINDOW_AHEAD_DAYS),
    )
}

/// The owner's own addresses, normalised, for the plans.
pub fn my_emails(settings: &Settings) -> HashSet<String> {
    settings
        .my_emails
        .iter()
        .map(|a| a.as_str().to_owned())
        .collect()
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

pub fn add_applied(report: &mut SourceReport, applied: kith_store::ApplyReport) {
    report.created += applied.created;
    report.updated += applied.updated;
    report.unchanged += applied.unchanged;
    report.new_unknown += applied.new_addresses;
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

/// Applies a planned batch in parts of `APPLY_PART`, each on a blocking thread in its own
/// transaction; the last part stores the new position. Parts already applied stay when a
/// later one fails (each is whole, and the next run, from the old position, completes
/// the rest). Calendars and mail both arrive here.
pub async fn apply_batch_in_parts(
    store: &SharedStore,
    name: &str,
    batch: SyncBatch,
    position: Option<String>,
    report: &mut SourceReport,
) -> Result<(), SyncError> {
    let parts = batch.into_parts(APPLY_PART);
    let last = parts.len() - 1;
    for (index, part) in parts.into_iter().enumerate() {
        let (part_store, name) = (Arc::clone(store), name.to_owned());
        let position = (index == last).then(|| position.clone());
        let applied = tokio::task::spawn_blocking(move || {
            let started = std::time::Instant::now();
            let mut store = lock(&part_store);
            let result = match position {
                Some(position) => store.apply_sync(&name, &part, position.as_deref()),
                None => store.apply_sync_part(&part),
            };
            tracing::debug!(
                part = index,
                changes = part.upserts.len() + part.cancels.len(),
                ms = started.elapsed().as_secs_f64() * 1000.0,
                "applied a part"
            );
            result
        })
        .await
        .map_err(|error| SyncError::task("applying", error))??;
        add_applied(report, applied);
        if index < last {
            tokio::time::sleep(PART_PAUSE).await;
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_every_source_in_words() {
        let ok = SourceReport {
            source: "ics:a".into(),
            created: 1,
            new_unknown: 1,
            ..SourceReport::default()
        };
        let failed = SourceReport {
            source: "google:primary".into(),
            error: Some("Google refused".into()),
            ..SourceReport::default()
        };
        let report = SyncReport {
            sources: vec![ok.clone(), failed],
        };
        assert_eq!(
            report.summary(),
            "synced 2 sources: 1 created, 0 updated, 1 new unknown attendee, 1 failed"
        );
        let one = SyncReport { sources: vec![ok] };
        assert_eq!(
            one.summary(),
            "synced 1 source: 1 created, 0 updated, 1 new unknown attendee"
        );
    }
}
