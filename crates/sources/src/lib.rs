//! Every source at once — the calendars, then the mailboxes — for `kith sync`, `/sync`
//! and the schedule. A failing source is reported and the others still sync.

pub mod calendar;
pub mod error;
pub mod google;
pub mod http;
pub mod mail;
pub mod rules;
pub mod run;

pub use error::SyncError;

use chrono::{DateTime, Utc};

use crate::calendar::sync::{Mode, SyncReport, sync_calendars};
use crate::http::RetryPolicy;
use kith_config::settings::Settings;
use kith_store::SharedStore;

pub async fn sync_all(
    settings: &Settings,
    store: &SharedStore,
    mode: Mode,
    now: DateTime<Utc>,
) -> SyncReport {
    sync_all_with(settings, store, mode, now, RetryPolicy::default()).await
}

/// `sync_all` with the retry policy (tests use shorter waits).
pub async fn sync_all_with(
    settings: &Settings,
    store: &SharedStore,
    mode: Mode,
    now: DateTime<Utc>,
    retry: RetryPolicy,
) -> SyncReport {
    let mut report = sync_calendars(settings, store, mode, now, retry).await;
    report
        .sources
        .extend(crate::mail::sync::sync_mail(settings, store, mode, now, retry).await);
    report
}
