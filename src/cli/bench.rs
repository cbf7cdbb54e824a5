//! `kith bench`: seeds databases at multiples of the owner's network and measures the
//! engine's own work (no network): median and p95 per operation, beside the floor set by
//! the minimal SQL statement for the same answer, plus sync, import, start-up and memory.
//!
//! What is measured is a table: each [`Entry`] names a row, prepares what it needs
//! (`setup`), says what is timed (`operation`) and what it is compared with (`floor`,
//! the minimal work for the same answer) and held to (`target`). Adding a measure is
//! adding an entry to `corebench::entries` (or another bench file's); every entry runs on
//! one [`Fixture`], in order.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};

use kith::config::settings::Settings;
use kith::domain::model::{EmailAddress, PersonId};
use kith::engine::callback::Callback;
use kith::engine::{Engine, Input};
use kith::store::{Clock, SharedStore, Store};
use kith::synthetic::{Scale, generate};

/// One measured operation.
#[derive(Clone, Debug)]
pub struct Measure {
    pub scale: usize,
    pub operation: String,
    pub median: Duration,
    pub p95: Duration,
    /// The same answer from the minimal SQL statement, when there is one.
    pub floor: Option<Duration>,
    pub target: Option<Duration>,
    /// For the memory row: bytes measured and the target.
    pub memory: Option<(u64, u64)>,
}

impl Measure {
    pub fn met(&self) -> Option<bool> {
        if let Some((bytes, target)) = self.memory {
            return Some(bytes <= target);
        }
        self.target.map(|target| self.p95 <= target)
    }
}

/// The p95 a row is held to, in milliseconds: at the owner's scale (and 10×), and at
/// 100× and over. `None`: no target.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    pub owner: Option<u64>,
    pub large: Option<u64>,
}

impl Target {
    pub const NONE: Target = Target {
        owner: None,
        large: None,
    };
    pub(super) const INTERACTIVE: Target = Target::ms(5, 10);
    pub(super) const LISTS: Target = Target::ms(10, 25);
    pub(super) const DIGEST: Target = Target::ms(25, 50);
    pub(super) const DUPES: Target = Target::ms(50, 250);

    pub(super) const fn ms(owner: u64, large: u64) -> Target {
        Target {
            owner: Some(owner),
            large: Some(large),
        }
    }

    pub(super) fn at(self, scale: usize) -> Option<Duration> {
        let ms = if scale >= 100 { self.large } else { self.owner };
        ms.map(Duration::from_millis)
    }
}

/// How many times a row's operation is timed.
#[derive(Clone, Copy, Debug)]
pub enum Runs {
    /// `--runs` times, after two warm-up runs.
    All,
    /// `--runs` times but no more than this, after two warm-up runs.
    AtMost(usize),
    /// Once, with no warm-up: work that cannot be repeated as it was the first time.
    Once,
}

/// A step of a row, on the fixture.
pub type Step = fn(&mut Fixture) -> anyhow::Result<()>;
/// A row's timed operation: the fixture and the run's number (warm-up runs are
/// `usize::MAX` and `usize::MAX - 1`).
pub type Operation = fn(&mut Fixture, usize) -> anyhow::Result<()>;

/// One row of the table.
pub struct Entry {
    pub name: String,
    pub runs: Runs,
    /// Measured at the owner's scale (1×) only.
    pub owner_only: bool,
    pub target: Target,
    /// Prepares what the operation needs (untimed); `Ok(false)`: nothing to measure.
    pub setup: fn(&mut Fixture) -> anyhow::Result<bool>,
    /// The minimal work for the same answer, timed as often as the operation (its p95).
    pub floor: Option<Step>,
    /// What is timed.
    pub operation: Operation,
    /// Run after each timed operation, untimed (an undo, to start the next run afresh).
    pub after: Option<Operation>,
}

impl Entry {
    /// A row timed `--runs` times, with nothing to set up and no floor or target.
    pub fn new(name: impl Into<String>, operation: Operation) -> Entry {
        Entry {
            name: name.into(),
            runs: Runs::All,
            owner_only: false,
            target: Target::NONE,
            setup: |_| Ok(true),
            floor: None,
            operation,
            after: None,
        }
    }

    pub fn runs(self, runs: Runs) -> Entry {
        Entry { runs, ..self }
    }

    pub fn owner_only(self) -> Entry {
        Entry {
            owner_only: true,
            ..self
        }
    }

    pub fn target(self, target: Target) -> Entry {
        Entry { target, ..self }
    }

    pub fn setup(self, setup: fn(&mut Fixture) -> anyhow::Result<bool>) -> Entry {
        Entry { setup, ..self }
    }

    pub fn floor(self, floor: Step) -> Entry {
        Entry {
            floor: Some(floor),
            ..self
        }
    }

    pub fn after(self, after: Operation) -> Entry {
        Entry {
            after: Some(after),
            ..self
        }
    }

    /// Sets up, times the floor and the operation: the row, or `None` when the entry
    /// has nothing to measure at this scale.
    fn measure(&self, fixture: &mut Fixture, runs: usize) -> anyhow::Result<Option<Measure>> {
        if self.owner_only && fixture.scale != 1 || !(self.setup)(fixture)? {
            return Ok(None);
        }
        let runs = match self.runs {
            Runs::All => Some(runs),
            Runs::AtMost(most) => Some(runs.min(most)),
            Runs::Once => None,
        };
        let floor = match self.floor {
            Some(floor) => Some(time(fixture, runs, |f, _| floor(f), None)?.1),
            None => None,
        };
        let (median, p95) = time(fixture, runs, self.operation, self.after)?;
        Ok(Some(Measure {
            scale: fixture.scale,
            operation: self.name.clone(),
            median,
            p95,
            floor,
            target: self.target.at(fixture.scale),
            memory: None,
        }))
    }
}

fn percentile(samples: &mut [Duration], fraction: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * fraction).round() as usize;
    samples[index.min(samples.len() - 1)]
}

/// Times `operation` (each run followed, untimed, by `after`): `Some(runs)` times after
/// two warm-up runs, keeping the median and the p95, or `None`: once, with no warm-up.
/// A run that fails stops the benchmark with its error — a failed operation measures
/// nothing.
fn time(
    fixture: &mut Fixture,
    runs: Option<usize>,
    operation: impl Fn(&mut Fixture, usize) -> anyhow::Result<()>,
    after: Option<Operation>,
) -> anyhow::Result<(Duration, Duration)> {
    let timed = |fixture: &mut Fixture, run: usize| -> anyhow::Result<Duration> {
        let started = Instant::now();
        operation(fixture, run)?;
        let took = started.elapsed();
        if let Some(after) = after {
            after(fixture, run)?;
        }
        Ok(took)
    };
    let Some(runs) = runs else {
        let took = timed(fixture, 0)?;
        return Ok((took, took));
    };
    timed(fixture, usize::MAX)?;
    timed(fixture, usize::MAX - 1)?;
    let mut samples = Vec::with_capacity(runs);
    for run in 0..runs {
        samples.push(timed(fixture, run)?);
    }
    let median = percentile(&mut samples, 0.5);
    let p95 = percentile(&mut samples, 0.95);
    Ok((median, p95))
}

/// A reply the benchmark asked for, refused if the engine could not answer it.
pub(super) fn answered(reply: kith::engine::Reply) -> anyhow::Result<()> {
    let text = reply.plain_text();
    anyhow::ensure!(
        !text.starts_with("Something went wrong"),
        "the engine failed: {text}"
    );
    std::hint::black_box(text);
    Ok(())
}

/// What every row of one scale works on: the seeded database and what the rows found
/// in it or prepared for the ones after them.
pub struct Fixture {
    pub scale: usize,
    pub dir: PathBuf,
    pub now: DateTime<Utc>,
    pub today: NaiveDate,
    pub settings: Settings,
    pub store: SharedStore,
    /// Runs the syncs (two workers, as on the owner's server).
    pub runtime: tokio::runtime::Runtime,
    /// Every person's id, name key and name.
    pub(super) names: Vec<(PersonId, String, String)>,
    /// The most common given name, and a name only one person has (and its person).
    pub(super) common: String,
    pub(super) rare: String,
    pub(super) rare_id: PersonId,
    /// The tag the most people have.
    pub(super) tag: String,
    /// The unknown address with the most meetings.
    pub(super) address: Option<EmailAddress>,
    /// The settings with the bench's ICS feed as their one calendar.
    pub(super) sync_settings: Option<Settings>,
    /// Addresses of the network, for the feed's attendees and the mail's recipients.
    pub addresses: Vec<String>,
    /// The mail rows' mailbox, archive and database copy.
    pub mail: Option<Mail>,
    /// The settings pointing at the address-book rows' fake CardDAV server.
    pub cards: Option<Settings>,
}

/// What the mail rows share: the fake Gmail's settings, the archive, and the copy of
/// the bench database the archive is imported into (the same messages, read another way).
pub struct Mail {
    pub gmail: Settings,
    pub mbox: PathBuf,
    pub copy: Store,
}

impl Fixture {
    /// Seeds `factor` × the owner's network in `dir` and finds the names to look for.
    fn seed(factor: usize, dir: &Path) -> anyhow::Result<Fixture> {
        let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
        let today = now.date_naive();
        let db = dir.join(format!("bench-{factor}x.db"));
        let _ = std::fs::remove_file(&db);
        let mut store = Store::open(&db)?;
        // The network was built up over time: it was all there a month ago.
        store.set_clock(Clock::Fixed(now - chrono::Duration::days(30)));
        store.insert_network(&generate(Scale::times(factor), 42, today))?;
        store.set_clock(Clock::Fixed(now));
        let names = store.person_name_keys()?;
        let (common, rare, rare_id) = names_to_find(&names)?;
        Ok(Fixture {
            scale: factor,
            dir: dir.to_owned(),
            settings: Settings::for_database(&db),
            now,
            today,
            store: std::sync::Arc::new(std::sync::Mutex::new(store)),
            runtime: tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()?,
            names,
            common,
            rare,
            rare_id,
            tag: String::new(),
            address: None,
            sync_settings: None,
            addresses: Vec::new(),
            mail: None,
            cards: None,
        })
    }

    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        kith::store::lock(&self.store)
    }

    /// The engine's answer to `input`, refused if it could not answer.
    pub(super) fn ask(&self, input: Input) -> anyhow::Result<()> {
        let preferences = kith::engine::Preferences::from(&self.settings);
        answered(Engine::new(&mut self.store(), &preferences).handle(1, input, self.now))
    }

    pub(super) fn text(&self, text: String) -> anyhow::Result<()> {
        self.ask(Input::Text(text))
    }

    pub(super) fn press(&self, callback: Callback) -> anyhow::Result<()> {
        self.ask(Input::Press(callback.encode()))
    }

    pub(super) fn sync(&self, settings: &Settings) -> kith::calendar::sync::SyncReport {
        self.runtime.block_on(kith::sources::sync_all(
            settings,
            &self.store,
            kith::calendar::sync::Mode::Full,
            self.now,
        ))
    }
}

/// The most common given name; a name only one person has, and that person.
fn names_to_find(
    names: &[(PersonId, String, String)],
) -> anyhow::Result<(String, String, PersonId)> {
    let mut given: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (_, key, _) in names {
        if let Some(first) = key.split(' ').next() {
            *given.entry(first).or_default() += 1;
        }
    }
    let common = given
        .iter()
        .max_by_key(|(name, n)| (**n, std::cmp::Reverse(**name)))
        .map(|(name, _)| (*name).to_owned())
        .ok_or_else(|| anyhow::anyhow!("the seeded network has no one in it"))?;
    let rare = names
        .iter()
        .find(|(_, key, _)| names.iter().filter(|(_, other, _)| other == key).count() == 1)
        .map(|(_, _, name)| name.clone())
        .ok_or_else(|| anyhow::anyhow!("no name in the seeded network is unique"))?;
    let (rare_id, _, _) = names
        .iter()
        .find(|(_, _, name)| *name == rare)
        .cloned()
        .ok_or_else(|| anyhow::anyhow!("the unique name vanished"))?;
    Ok((common, rare, rare_id))
}

/// Measures every entry at `factor` × the owner's network, in `dir`.
pub fn run_scale(
    factor: usize,
    dir: &Path,
    runs: usize,
    entries: Vec<Entry>,
) -> anyhow::Result<Vec<Measure>> {
    let mut fixture = Fixture::seed(factor, dir)?;
    let mut measures = Vec::new();
    for entry in entries {
        measures.extend(entry.measure(&mut fixture, runs)?);
    }
    Ok(measures)
}

/// The process's peak resident memory so far, in bytes (Linux).
pub fn peak_rss(pid: Option<u32>) -> Option<u64> {
    let path = match pid {
        Some(pid) => format!("/proc/{pid}/status"),
        None => "/proc/self/status".to_owned(),
    };
    let status = std::fs::read_to_string(path).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn fmt(duration: Duration) -> String {
    let micros = duration.as_micros();
    if micros < 10_000 {
        format!("{:.2} ms", micros as f64 / 1000.0)
    } else if micros < 10_000_000 {
        format!("{:.1} ms", micros as f64 / 1000.0)
    } else {
        format!("{:.2} s", micros as f64 / 1_000_000.0)
    }
}

/// The results as a Markdown table.
pub fn table(measures: &[Measure]) -> String {
    let mut out = String::from(
        "| scale | operation | median | p95 | SQL floor (p95) | ratio | target (p95) | met |\n|---|---|---|---|---|---|---|---|\n",
    );
    for m in measures {
        if let Some((bytes, target)) = m.memory {
            out.push_str(&format!(
                "| {}× | {} | {:.1} MB | — | — | — | < {} MB{} | {} |\n",
                m.scale,
                m.operation,
                bytes as f64 / 1_000_000.0,
                target / 1_000_000,
                "",
                if bytes <= target { "yes" } else { "**no**" }
            ));
            continue;
        }
        let (floor, ratio) = match m.floor {
            Some(floor) if !floor.is_zero() => (
                fmt(floor),
                format!("{:.1}×", m.p95.as_secs_f64() / floor.as_secs_f64()),
            ),
            _ => ("—".to_owned(), "—".to_owned()),
        };
        out.push_str(&format!(
            "| {}× | {} | {} | {} | {floor} | {ratio} | {} | {} |\n",
            m.scale,
            m.operation,
            fmt(m.median),
            fmt(m.p95),
            m.target.map_or("—".to_owned(), |t| format!("< {}", fmt(t))),
            match m.met() {
                Some(true) => "yes",
                Some(false) => "**no**",
                None => "—",
            }
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn every_row_of_the_table_has_its_own_name() {
        let names: Vec<String> = super::super::corebench::entries()
            .into_iter()
            .chain(super::super::mailbench::entries())
            .map(|e| e.name)
            .collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{names:?}");
        assert_eq!(names[0], "/find (common name)");
        assert!(names.contains(
            &"first Gmail sync of 50000 sent messages (fake Gmail on 127.0.0.1)".to_owned()
        ));
    }

    #[test]
    fn a_target_is_the_owners_below_100x_and_the_large_one_from_there() {
        assert_eq!(Target::LISTS.at(10), Some(Duration::from_millis(10)));
        assert_eq!(Target::LISTS.at(100), Some(Duration::from_millis(25)));
        let full_sync = Target {
            owner: Some(2_000),
            large: None,
        };
        assert_eq!(full_sync.at(1000), None);
    }
}
