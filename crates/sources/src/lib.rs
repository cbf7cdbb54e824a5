//! Every source at once — the calendars, the mailboxes, then the address book — for `kith sync`, `/sync`
//! and the schedule. A failing source is reported and the others still sync.

pub mod calendar;
pub mod carddav;
pub mod config;
pub mod error;
pub mod google;
pub mod http;
pub mod mail;
pub mod rules;
pub mod run;

pub use config::SyncConfig;
pub use error::SyncError;
pub use run::{Mode, Source, SourceReport, SyncReport};

use chrono::{DateTime, Utc};

use crate::http::RetryPolicy;
use crate::run::Context;
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

/// `sync_all` with the retry policy (tests use shorter waits): every configured source
/// through the runner, the calendars first, then the mailboxes, then the address book.
pub async fn sync_all_with(
    settings: &Settings,
    store: &SharedStore,
    mode: Mode,
    now: DateTime<Utc>,
    retry: RetryPolicy,
) -> SyncReport {
    let context = Context::new(SyncConfig::from(settings), now, retry);
    let mut sources = calendar::sync::calendars(&context, store, mode).await;
    sources.extend(mail::sync::mailboxes(&context, store, mode).await);
    sources.extend(carddav::sync::address_book(&context, store, mode).await);
    SyncReport { sources }
}
