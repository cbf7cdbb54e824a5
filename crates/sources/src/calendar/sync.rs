//! Every configured calendar, run: the sources (`feed`, `google`) run through
//! `crate::run`; `sync_calendars` runs them all. Planning against the store is
//! `planning`'s, re-exported here under its old path.

use chrono::{DateTime, Utc};

use super::feed::IcsFeed;
use super::google::GoogleCalendarSource;
use crate::config::SyncConfig;
use crate::http::RetryPolicy;
use crate::run::{Context, run};
use kith_config::settings::Settings;
use kith_store::SharedStore;

pub use super::planning::{Delivery, apply_events, plan_events};

pub use crate::rules::{WINDOW_AHEAD_DAYS, WINDOW_BACK_DAYS, others, window};
pub use crate::run::{
    APPLY_PART, Mode, PART_PAUSE, SourceReport, SyncReport, WARNINGS_SHOWN, add_applied,
};

/// Syncs every calendar in the settings (`crate::sync_all` adds the mailboxes).
pub async fn sync_calendars(
    settings: &Settings,
    store: &SharedStore,
    mode: Mode,
    now: DateTime<Utc>,
    retry: RetryPolicy,
) -> SyncReport {
    let context = Context::new(SyncConfig::from(settings), now, retry);
    SyncReport {
        sources: calendars(&context, store, mode).await,
    }
}

/// Runs every configured calendar: the ICS feeds, then Google's calendars.
pub async fn calendars(context: &Context, store: &SharedStore, mode: Mode) -> Vec<SourceReport> {
    let mut reports = Vec::new();
    for feed in &context.config.ics_urls {
        let source = IcsFeed::new(context, feed.clone());
        reports.push(run(source, store, mode).await);
    }
    if context.config.google.is_some() {
        for calendar in &context.config.google_calendars {
            let source = GoogleCalendarSource::new(context, calendar);
            reports.push(run(source, store, mode).await);
        }
    }
    reports
}
