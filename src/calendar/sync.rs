//! Runs a sync of every configured source: for each, fetch (network or file), plan
//! (pure), apply (one transaction with the new sync position). A failing source is
//! reported and the others still sync. Used by `kith sync`, `/sync` and the schedule.

use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;

use chrono::{DateTime, Days, Duration, Utc};

use super::auth::{StoredToken, token_path};
use super::google::{GoogleCalendar, RetryPolicy};
use super::ics::read_feed;
use super::{Change, RemoteEvent, Rules, SkipReason, plan};
use crate::model::Source;
use crate::settings::Settings;
use crate::store::{Store, SyncBatch};

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
    pub skipped: BTreeMap<SkipReason, usize>,
    pub new_unknown: usize,
    /// Problems that did not stop the source (a broken event, an unreadable address).
    pub warnings: Vec<String>,
    /// Why the source failed; nothing of it was applied.
    pub error: Option<String>,
}

impl SourceReport {
    fn new(source: &str) -> SourceReport {
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
                .map(|(reason, n)| format!("{n} {}", reason.describe()))
                .collect();
            parts.push(format!("{skipped} skipped ({})", reasons.join(", ")));
        }
        parts.push(format!(
            "{} new unknown attendee{}",
            self.new_unknown,
            if self.new_unknown == 1 { "" } else { "s" }
        ));
        if !self.warnings.is_empty() {
            parts.push(format!(
                "{} warning{}",
                self.warnings.len(),
                if self.warnings.len() == 1 { "" } else { "s" }
            ));
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

    pub fn render(&self) -> String {
        if self.sources.is_empty() {
            return "No calendars are configured: set KITH_ICS_URLS, or KITH_GOOGLE_CLIENT_ID and run `kith auth google`."
                .to_owned();
        }
        self.sources
            .iter()
            .map(SourceReport::line)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn lock(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The plan rules for one source, read from the settings and the store.
fn rules(
    settings: &Settings,
    store: &Store,
    source: Source,
    events: &[RemoteEvent],
    now: DateTime<Utc>,
) -> crate::Result<Rules> {
    let today = now.with_timezone(&settings.timezone).date_naive();
    let keys: Vec<String> = events.iter().map(|e| e.key.clone()).collect();
    let (ignore_patterns, ignored_addresses) = store.ignore_state()?;
    Ok(Rules {
        source,
        timezone: settings.timezone,
        window_start: today - Days::new(WINDOW_BACK_DAYS),
        window_end: today + Days::new(WINDOW_AHEAD_DAYS),
        my_emails: settings
            .my_emails
            .iter()
            .map(|a| a.as_str().to_owned())
            .collect::<HashSet<_>>(),
        ignore_patterns,
        ignored_addresses,
        max_attendees: settings.max_attendees as usize,
        known_keys: store.known_event_keys(&keys)?,
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

/// Plans and applies one source's events with its new position, in one transaction.
pub fn apply_events(
    settings: &Settings,
    store: &mut Store,
    delivery: &Delivery<'_>,
    now: DateTime<Utc>,
    report: &mut SourceReport,
) -> crate::Result<()> {
    let events = delivery.events;
    let rules = rules(settings, store, delivery.source, events, now)?;
    let planned = plan(events, &rules);
    let mut batch = SyncBatch::default();
    for change in &planned.changes {
        match change {
            Change::Upsert(event) => batch.upserts.push(event.clone()),
            Change::Cancel { key } => batch.cancels.push(key.clone()),
            Change::Skip { .. } => {}
        }
    }
    for (key, address) in &planned.bad_addresses {
        report.warnings.push(format!(
            "event {key}: unreadable attendee address {address:?}"
        ));
    }
    report.skipped = planned.skipped();
    let applied = store.apply_sync(delivery.name, &batch, delivery.position)?;
    report.created = applied.created;
    report.updated = applied.updated;
    report.unchanged = applied.unchanged;
    report.new_unknown = applied.new_addresses;
    Ok(())
}

/// Syncs every source in the settings. `sync_all_with` takes the retry policy (tests use
/// shorter waits).
pub async fn sync_all(
    settings: &Settings,
    store: &Mutex<Store>,
    mode: Mode,
    now: DateTime<Utc>,
) -> SyncReport {
    sync_all_with(settings, store, mode, now, RetryPolicy::default()).await
}

pub async fn sync_all_with(
    settings: &Settings,
    store: &Mutex<Store>,
    mode: Mode,
    now: DateTime<Utc>,
    retry: RetryPolicy,
) -> SyncReport {
    let mut report = SyncReport::default();
    for location in &settings.ics_urls {
        report
            .sources
            .push(sync_ics(settings, store, location, now, retry).await);
    }
    if settings.google_client_id.is_some() {
        let token = StoredToken::load(&token_path(settings));
        for calendar in &settings.google_calendars {
            let name = format!("google:{calendar}");
            let mut source = SourceReport::new(&name);
            match &token {
                Err(error) => source.error = Some(error.to_string()),
                Ok(token) => {
                    let client = GoogleCalendar::new(
                        &settings.google_api_url,
                        &settings.google_token_url,
                        settings.google_client_id.as_deref().unwrap_or_default(),
                        settings.google_client_secret.clone(),
                        token.clone(),
                    );
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
                    .await;
                }
            }
            if let Some(error) = &source.error {
                let _ = lock(store).record_sync_error(&name, error);
            }
            report.sources.push(source);
        }
    }
    report
}

#[allow(clippy::too_many_arguments)]
async fn sync_google(
    settings: &Settings,
    store: &Mutex<Store>,
    mut client: GoogleCalendar,
    calendar: &str,
    mode: Mode,
    now: DateTime<Utc>,
    retry: RetryPolicy,
    report: &mut SourceReport,
) {
    client.retry = retry;
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
    let result = tokio::task::block_in_place(|| {
        let mut store = lock(store);
        let delivery = Delivery {
            name: &name,
            source: Source::Google,
            events: &fetched.events,
            position: fetched.next_sync_token.as_deref(),
        };
        apply_events(settings, &mut store, &delivery, now, report)
    });
    if let Err(error) = result {
        report.error = Some(error.to_string());
    }
}

/// Reads an ICS feed from an http(s) URL or a file. Network errors, 5xx and 429 are
/// retried within `retry`; an answer that is not a calendar (a login page, say) is an
/// error, so it can never read as an empty feed.
async fn fetch_ics(location: &str, retry: RetryPolicy) -> Result<String, String> {
    let text = if location.starts_with("http://")
        || location.starts_with("https://")
        || location.starts_with("webcal://")
    {
        let url = location.replacen("webcal://", "https://", 1);
        let client = reqwest::Client::builder()
            .timeout(retry.timeout.max(std::time::Duration::from_secs(1)))
            .build()
            .map_err(|e| e.to_string())?;
        let mut attempt = 1;
        loop {
            match fetch_ics_once(&client, &url).await {
                Ok(text) => break text,
                Err((reason, true)) if attempt < retry.tries => {
                    let delay = super::google::backoff(retry.base_delay, attempt);
                    tracing::warn!(%reason, delay_ms = delay.as_millis() as u64, "feed unavailable; retrying");
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                Err((reason, _)) => return Err(reason),
            }
        }
    } else {
        let bytes = std::fs::read(location).map_err(|e| format!("cannot read {location}: {e}"))?;
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let upper = text.to_ascii_uppercase();
    if !upper.contains("BEGIN:VCALENDAR") && !upper.contains("BEGIN:VEVENT") {
        return Err("the feed is not a calendar (no BEGIN:VCALENDAR in it)".into());
    }
    Ok(text)
}

/// One attempt at a feed: its text, or why not and whether trying again may help.
async fn fetch_ics_once(client: &reqwest::Client, url: &str) -> Result<String, (String, bool)> {
    let response = client.get(url).send().await.map_err(|e| {
        (
            format!("could not fetch the feed: {}", e.without_url()),
            true,
        )
    })?;
    let status = response.status();
    if !status.is_success() {
        let transient = status.is_server_error() || status.as_u16() == 429;
        return Err((
            format!("the feed answered HTTP {}", status.as_u16()),
            transient,
        ));
    }
    let bytes = response.bytes().await.map_err(|e| {
        (
            format!("could not read the feed: {}", e.without_url()),
            true,
        )
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The name a feed is reported and stored under, without any secret in its URL.
pub fn ics_source_name(location: &str) -> String {
    match url::Url::parse(location) {
        Ok(url) if url.scheme().starts_with("http") || url.scheme() == "webcal" => {
            // Feed URLs are secret addresses: keep the host and the end of the path only.
            let last = url.path().rsplit('/').next().unwrap_or_default();
            let last = if last.len() > 12 {
                format!("…{}", &last[last.len() - 8..])
            } else {
                last.to_owned()
            };
            format!("ics:{}/{last}", url.host_str().unwrap_or("?"))
        }
        _ => format!("ics:{location}"),
    }
}

async fn sync_ics(
    settings: &Settings,
    store: &Mutex<Store>,
    location: &str,
    now: DateTime<Utc>,
    retry: RetryPolicy,
) -> SourceReport {
    let name = ics_source_name(location);
    let mut report = SourceReport::new(&name);
    report.full = true;
    let text = match fetch_ics(location, retry).await {
        Ok(text) => text,
        Err(error) => {
            report.error = Some(error);
            let _ =
                lock(store).record_sync_error(&name, report.error.as_deref().unwrap_or_default());
            return report;
        }
    };
    let from = now - Duration::days(WINDOW_BACK_DAYS as i64 + 1);
    let to = now + Duration::days(WINDOW_AHEAD_DAYS as i64 + 1);
    let result = tokio::task::block_in_place(|| {
        let feed = read_feed(&text, settings.timezone, from, to);
        report.warnings.extend(feed.errors);
        let mut store = lock(store);
        let delivery = Delivery {
            name: &name,
            source: Source::Ics,
            events: &feed.events,
            position: None,
        };
        apply_events(settings, &mut store, &delivery, now, &mut report)
    });
    if let Err(error) = result {
        report.error = Some(error.to_string());
        let _ = lock(store).record_sync_error(&name, &error.to_string());
    }
    report
}
