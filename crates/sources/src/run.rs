//! What every source's run shares: the mode, the report of each source and of a whole
//! sync, and applying a planned batch in parts of `APPLY_PART` changes, each its own
//! transaction on a blocking thread, the source's new position stored with the last.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::config::SyncConfig;
use crate::error::SyncError;
use crate::http::RetryPolicy;
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
            return "No calendar, mailbox or address book is configured: set KITH_ICS_URLS, or KITH_GOOGLE_CLIENT_ID and run `kith auth google`, or KITH_IMAP_URL, or KITH_CARDDAV_URL."
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

/// Applies `parts` in order, each its own transaction on a blocking thread, with a pause
/// between them; the last stores the new position.
async fn apply_parts(
    store: &SharedStore,
    name: &str,
    parts: Vec<SyncBatch>,
    position: Option<String>,
    report: &mut SourceReport,
) -> Result<(), SyncError> {
    let last = parts.len().saturating_sub(1);
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
            // Logged under the name `KITH_LOG` filters have always used for it.
            tracing::debug!(
                target: "kith::calendar::sync",
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

/// What every source of one run shares: the configuration, the moment the run started
/// (the window is around it) and the retry policy.
#[derive(Clone)]
pub struct Context {
    pub config: Arc<SyncConfig>,
    pub now: DateTime<Utc>,
    pub retry: RetryPolicy,
}

impl Context {
    pub fn new(config: SyncConfig, now: DateTime<Utc>, retry: RetryPolicy) -> Context {
        Context {
            config: Arc::new(config),
            now,
            retry,
        }
    }
}

/// What a source's fetch brought: its items, the position they bring it to, and what
/// the reading noticed.
pub struct Fetched<T> {
    pub items: T,
    /// The new position, stored with the last part (`None`: a source without one).
    pub position: Option<String>,
    /// Whether this was a full read (no position, or the position had expired).
    pub full: bool,
    /// Problems that did not stop the source (a broken event in a feed).
    pub warnings: Vec<String>,
}

/// A source's planned changes, and what the plan noticed on the way.
#[derive(Default)]
pub struct Planned {
    pub batch: SyncBatch,
    pub warnings: Vec<String>,
    pub skipped: BTreeMap<&'static str, usize>,
}

/// One calendar or mailbox. The runner (`run`) calls, in order: `prepare` and `position`
/// on a blocking thread with the store,
/// `fetch` on the async side with no store, `plan` on a blocking thread with the store,
/// then applies the plan's `parts` one transaction each, the new position with the last.
pub trait Source: Send + 'static {
    /// What `fetch` reads (events, messages).
    type Items: Send + 'static;

    /// The name the source is reported and stored under ("google:primary").
    fn name(&self) -> &str;

    /// Reads what the fetch and the plan need from the store (who counts as someone
    /// else, the never-people rules). Called on a blocking thread holding the store,
    /// just before `position`.
    fn prepare(&mut self, _store: &Store) -> Result<(), SyncError> {
        Ok(())
    }

    /// The stored position to fetch from (`None`: everything in the window). Called on a
    /// blocking thread holding the store.
    fn position(&mut self, store: &Store, mode: Mode) -> Result<Option<String>, SyncError> {
        Ok(match mode {
            Mode::Full => None,
            Mode::Incremental => store.sync_position(self.name())?,
        })
    }

    /// Reads what is new since `position`, from the network or a file; never the store.
    fn fetch(
        &mut self,
        position: Option<String>,
    ) -> impl Future<Output = Result<Fetched<Self::Items>, SyncError>> + Send;

    /// Decides what the items mean, with the store to read rules from (known keys).
    /// Called on a blocking thread.
    fn plan(&self, items: Self::Items, store: &Store) -> Result<Planned, SyncError>;

    /// The transactions a plan is applied in: parts of `APPLY_PART`.
    fn parts(&self, batch: SyncBatch) -> Vec<SyncBatch> {
        batch.into_parts(APPLY_PART)
    }
}

/// Runs `f` with the store on a blocking thread, never on one of tokio's workers.
async fn with_store<T: Send + 'static>(
    store: &SharedStore,
    doing: &'static str,
    f: impl FnOnce(&mut Store) -> Result<T, SyncError> + Send + 'static,
) -> Result<T, SyncError> {
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || f(&mut lock(&store)))
        .await
        .map_err(|error| SyncError::task(doing, error))?
}

/// Runs one source — position, fetch, plan, apply in parts — and reports it; a failure
/// is recorded as the source's last error and nothing after it is applied. Every store
/// access is on a blocking thread.
pub async fn run<S: Source>(source: S, store: &SharedStore, mode: Mode) -> SourceReport {
    let mut report = SourceReport::new(source.name());
    if let Err(error) = run_steps(source, store, mode, &mut report).await {
        let (name, error) = (report.source.clone(), error.to_string());
        report.error = Some(error.clone());
        let recorded = with_store(store, "recording the error", move |store| {
            Ok(store.record_sync_error(&name, &error)?)
        });
        if let Err(problem) = recorded.await {
            tracing::warn!(source = %report.source, %problem, "the sync error was not recorded");
        }
    }
    for warning in &report.warnings {
        tracing::debug!(source = %report.source, "{warning}");
    }
    report
}

async fn run_steps<S: Source>(
    mut source: S,
    store: &SharedStore,
    mode: Mode,
    report: &mut SourceReport,
) -> Result<(), SyncError> {
    let (mut source, position) = with_store(store, "reading the position", move |store| {
        source.prepare(store)?;
        let position = source.position(store, mode);
        Ok((source, position?))
    })
    .await?;
    let fetched = source.fetch(position).await?;
    report.full = fetched.full;
    report.warnings.extend(fetched.warnings);
    let (source, planned) = with_store(store, "planning", move |store| {
        let planned = source.plan(fetched.items, store);
        Ok((source, planned?))
    })
    .await?;
    report.warnings.extend(planned.warnings);
    for (reason, n) in planned.skipped {
        *report.skipped.entry(reason).or_insert(0) += n;
    }
    let parts = source.parts(planned.batch);
    apply_parts(store, source.name(), parts, fetched.position, report).await
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

    /// A source that fetches nothing, checking where each step runs.
    struct Fake {
        fail: bool,
        test_thread: std::thread::ThreadId,
    }

    impl Source for Fake {
        type Items = ();

        fn name(&self) -> &str {
            "fake:one"
        }

        fn position(&mut self, store: &Store, mode: Mode) -> Result<Option<String>, SyncError> {
            assert_ne!(
                std::thread::current().id(),
                self.test_thread,
                "off the runtime"
            );
            Ok(match mode {
                Mode::Full => None,
                Mode::Incremental => store.sync_position(self.name())?,
            })
        }

        async fn fetch(&mut self, position: Option<String>) -> Result<Fetched<()>, SyncError> {
            if self.fail {
                return Err(SyncError::NotConfigured("the fake is broken"));
            }
            let next = format!("{}+", position.unwrap_or_default());
            Ok(Fetched {
                items: (),
                position: Some(next),
                full: false,
                warnings: vec!["a warning".into()],
            })
        }

        fn plan(&self, _: (), _: &Store) -> Result<Planned, SyncError> {
            assert_ne!(
                std::thread::current().id(),
                self.test_thread,
                "off the runtime"
            );
            Ok(Planned::default())
        }
    }

    #[tokio::test]
    async fn the_runner_keeps_the_store_off_the_runtime_and_moves_the_position() {
        let store: SharedStore = Arc::new(std::sync::Mutex::new(Store::open_in_memory().unwrap()));
        let test_thread = std::thread::current().id();
        for _ in 0..2 {
            let fake = Fake {
                fail: false,
                test_thread,
            };
            let report = run(fake, &store, Mode::Incremental).await;
            assert_eq!(report.error, None);
            assert_eq!(report.warnings, ["a warning"]);
        }
        let position = || lock(&store).sync_position("fake:one").unwrap();
        assert_eq!(position().as_deref(), Some("++"));
        let broken = Fake {
            fail: true,
            test_thread,
        };
        let report = run(broken, &store, Mode::Incremental).await;
        assert_eq!(report.error.as_deref(), Some("the fake is broken"));
        assert_eq!(
            report.line(),
            "fake:one — failed, nothing changed: the fake is broken"
        );
        assert_eq!(
            position().as_deref(),
            Some("++"),
            "a failure keeps the position"
        );
    }
}
