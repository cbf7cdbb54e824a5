//! A calendar's planning against the store: the rules for one source (the shared rules
//! and the event keys the store already knows), the plan turned into a batch, and — for
//! the benchmark and tests — planning and applying in one transaction. Below the sources
//! (`feed`, `google`), which plan this way, and `sync`, which runs them.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{Change, RemoteEvent, Rules, SkipReason, plan};
use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::rules::SharedRules;
use crate::run::{Planned, SourceReport, add_applied};
use kith_config::settings::Settings;
use kith_domain::model::{EmailAddress, Source};
use kith_store::{Store, SyncBatch};

/// The plan rules for one source, read from the configuration and the store.
fn rules(
    config: &SyncConfig,
    store: &Store,
    source: Source,
    events: &[RemoteEvent],
    now: DateTime<Utc>,
) -> kith_store::Result<Rules> {
    let keys: Vec<String> = events.iter().map(|e| e.key.clone()).collect();
    Ok(Rules {
        shared: SharedRules::read(config, store, source, now)?,
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
    let skipped: BTreeMap<&'static str, usize> = planned
        .skipped()
        .into_iter()
        .map(|(reason, n)| (SkipReason::describe(reason), n))
        .collect();
    Planned {
        batch,
        warnings,
        skipped,
    }
}

/// Plans a calendar's events with the store's known keys (a source's `plan`).
pub fn plan_events(
    config: &SyncConfig,
    store: &Store,
    source: Source,
    events: &[RemoteEvent],
    now: DateTime<Utc>,
) -> Result<Planned, SyncError> {
    let rules = rules(config, store, source, events, now)?;
    Ok(planned(events, &rules))
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
    let config = SyncConfig::from(settings);
    let rules = rules(&config, store, delivery.source, delivery.events, now)?;
    let planned = planned(delivery.events, &rules);
    report.warnings.extend(planned.warnings);
    report.skipped = planned.skipped;
    let applied = store.apply_sync(delivery.name, &planned.batch, delivery.position)?;
    add_applied(report, applied);
    Ok(())
}
