//! What every source's run shares: the mode, the report of each source and of a whole
//! sync, and applying a planned batch in parts of `APPLY_PART` changes, each its own
//! transaction on a blocking thread, the source's new position stored with the last.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::error::SyncError;
use kith_domain::text::plural;
use kith_store::{SharedStore, SyncBatch, lock};

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

pub fn add_applied(report: &mut SourceReport, applied: kith_store::ApplyReport) {
    report.created += applied.created;
    report.updated += applied.updated;
    report.unchanged += applied.unchanged;
    report.new_unknown += applied.new_addresses;
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
