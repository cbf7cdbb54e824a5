//! `kith bench`: seeds databases at multiples of the owner's network and measures the
//! engine's own work (no network): median and p95 per operation, beside the floor set by
//! the minimal SQL statement for the same answer, plus sync, import, start-up and memory.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};

use kith::config::settings::Settings;
use kith::domain::model::EmailAddress;
use kith::engine::{Engine, Input};
use kith::store::{StaleFilter, StaleQuery, Store};
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

fn percentile(samples: &mut [Duration], fraction: f64) -> Duration {
    samples.sort();
    let index = ((samples.len() as f64 - 1.0) * fraction).round() as usize;
    samples[index.min(samples.len() - 1)]
}

/// Runs `work` `runs` times (after two warm-up runs) and keeps the median and p95.
/// Times `work` (after two warm-up runs): the median and the p95. A run that fails
/// stops the benchmark with its error — a failed operation measures nothing.
fn time(
    runs: usize,
    mut work: impl FnMut(usize) -> anyhow::Result<()>,
) -> anyhow::Result<(Duration, Duration)> {
    work(usize::MAX)?;
    work(usize::MAX - 1)?;
    let mut samples = Vec::with_capacity(runs);
    for run in 0..runs {
        let started = Instant::now();
        work(run)?;
        samples.push(started.elapsed());
    }
    let median = percentile(&mut samples, 0.5);
    let p95 = percentile(&mut samples, 0.95);
    Ok((median, p95))
}

/// A reply the benchmark asked for, refused if the engine could not answer it.
fn answered(reply: kith::engine::Reply) -> anyhow::Result<()> {
    let text = reply.plain_text();
    anyhow::ensure!(
        !text.starts_with("Something went wrong"),
        "the engine failed: {text}"
    );
    std::hint::black_box(text);
    Ok(())
}

fn ms(n: u64) -> Option<Duration> {
    Some(Duration::from_millis(n))
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

/// Writes an ICS feed of `events` meetings with three attendees each, spread over the
/// year before `now`, drawing attendees from the network's addresses.
fn feed(path: &Path, events: usize, addresses: &[String], now: DateTime<Utc>) {
    use std::fmt::Write;
    let mut text = String::from("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//kith//bench//EN\r\n");
    for n in 0..events {
        let start = now - chrono::Duration::hours(1 + (n as i64 * 7919) % (365 * 24));
        let _ = write!(
            text,
            "BEGIN:VEVENT\r\nUID:bench-{n}@kith\r\nDTSTART:{}\r\nSUMMARY:Meeting {n}\r\n",
            start.format("%Y%m%dT%H%M%SZ")
        );
        for k in 0..3 {
            // One name per address, as a calendar gives it: a name that changed from one
            // event to the next would be (rightly) rewritten on every sync.
            let index = (n * 31 + k * 977) % addresses.len();
            let address = &addresses[index];
            let _ = write!(
                text,
                "ATTENDEE;CN=Person {index};PARTSTAT=ACCEPTED:mailto:{address}\r\n"
            );
        }
        text.push_str("END:VEVENT\r\n");
    }
    text.push_str("END:VCALENDAR\r\n");
    kith::safe_file::write_private(path, text.as_bytes(), kith::safe_file::Existing::Replace)
        .expect("writing the feed");
}

/// Measures everything at `factor` × the owner's network, in `dir`.
pub fn run_scale(factor: usize, dir: &Path, runs: usize) -> anyhow::Result<Vec<Measure>> {
    let now = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let today = now.date_naive();
    let db = dir.join(format!("bench-{factor}x.db"));
    let _ = std::fs::remove_file(&db);
    let settings = Settings::for_database(&db);
    let mut store = Store::open(&db)?;
    // The network was built up over time: it was all there a month ago.
    store.set_clock(kith::store::Clock::Fixed(now - chrono::Duration::days(30)));
    store.insert_network(&generate(Scale::times(factor), 42, today))?;
    store.set_clock(kith::store::Clock::Fixed(now));
    let mut measures = Vec::new();
    let mut record =
        |operation: &str, (median, p95): (Duration, Duration), floor: Option<Duration>, target| {
            measures.push(Measure {
                scale: factor,
                operation: operation.to_owned(),
                median,
                p95,
                floor,
                target,
                memory: None,
            });
        };
    // The targets of the owner's scale are those of 10×.
    let interactive = if factor >= 100 { ms(10) } else { ms(5) };
    let lists = if factor >= 100 { ms(25) } else { ms(10) };
    let digest = if factor >= 100 { ms(50) } else { ms(25) };
    let dupes = if factor >= 100 { ms(250) } else { ms(50) };

    // Names to look for: the most common given name, and a name only one person has.
    let names = store.person_name_keys()?;
    let mut given: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (_, key, _) in &names {
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

    let ask = |store: &mut Store, input: Input| {
        Engine::new(store, &kith::engine::Preferences::from(&settings)).handle(1, input, now)
    };
    let find_floor = time(runs, |_| {
        store.floor_find(&common)?;
        Ok(())
    })?;
    record(
        "/find (common name)",
        time(runs, |_| {
            answered(ask(&mut store, Input::Text(format!("/find {common}"))))
        })?,
        Some(find_floor.1),
        interactive,
    );
    let rare_floor = time(runs, |_| {
        store.floor_find(&rare)?;
        Ok(())
    })?;
    record(
        "/find (rare name)",
        time(runs, |_| {
            answered(ask(&mut store, Input::Text(format!("/find {rare}"))))
        })?,
        Some(rare_floor.1),
        interactive,
    );
    let card_floor = time(runs, |_| {
        store.floor_card(rare_id, today)?;
        Ok(())
    })?;
    record(
        "/person card",
        time(runs, |_| {
            answered(ask(&mut store, Input::Press(format!("p:{rare_id}"))))
        })?,
        Some(card_floor.1),
        interactive,
    );
    let stale_floor = time(runs.min(50), |_| {
        store.floor_stale(&settings.closeness, today)?;
        Ok(())
    })?;
    record(
        "/stale first page",
        time(runs.min(50), |_| {
            answered(ask(&mut store, Input::Text("/stale".into())))
        })?,
        Some(stale_floor.1),
        lists,
    );
    record(
        "/stale second page",
        time(runs.min(50), |_| {
            answered(ask(&mut store, Input::Press("s:a:10".into())))
        })?,
        None,
        lists,
    );
    record(
        "/stale filtered by tier",
        time(runs.min(50), |_| {
            store.stale(
                &StaleQuery::new(
                    &StaleFilter::Tier(kith::domain::model::Tier::new(3)?),
                    &settings.closeness,
                    today,
                )
                .page(0, 10),
            )?;
            Ok(())
        })?,
        None,
        lists,
    );
    let tag = store
        .tags_with_counts()?
        .into_iter()
        .max_by_key(|(_, n, _)| *n)
        .map(|(t, _, _)| t)
        .unwrap_or_default();
    record(
        "/stale filtered by tag",
        time(runs.min(50), |_| {
            store.stale(
                &StaleQuery::new(&StaleFilter::Tag(tag.clone()), &settings.closeness, today)
                    .page(0, 10),
            )?;
            Ok(())
        })?,
        None,
        lists,
    );
    let unknown_floor = time(runs.min(50), |_| {
        store.floor_unknown()?;
        Ok(())
    })?;
    record(
        "/unknown first page",
        time(runs.min(50), |_| {
            answered(ask(&mut store, Input::Text("/unknown".into())))
        })?,
        Some(unknown_floor.1),
        lists,
    );
    let dupes_floor = time(runs.min(20), |_| {
        store.floor_dupes()?;
        Ok(())
    })?;
    record(
        "/dupes (everyone compared)",
        time(runs.min(20), |_| {
            answered(ask(&mut store, Input::Text("/dupes".into())))
        })?,
        Some(dupes_floor.1),
        dupes,
    );
    // The morning digest as it runs every day: yesterday's went out, so only what is new
    // since then is asked about (the first digest ever compares everyone, like /dupes).
    store.mark_digest_sent(
        today - chrono::Days::new(1),
        now - chrono::Duration::days(1),
    )?;
    record(
        "digest composition",
        time(runs.min(30), |_| {
            Engine::new(&mut store, &kith::engine::Preferences::from(&settings)).digest(1, now)?;
            Ok(())
        })?,
        None,
        digest,
    );
    record(
        "/log coffee with NAME yesterday",
        time(runs, |_| {
            answered(ask(
                &mut store,
                Input::Text(format!("/log coffee with {rare} yesterday: bench")),
            ))
        })?,
        None,
        interactive,
    );
    // An edit and its undo, as the owner makes them: each run edits, then undoes.
    let mut edit_samples = Vec::new();
    let undo = time(runs, |run| {
        let started = Instant::now();
        answered(ask(
            &mut store,
            Input::Text(format!("/set {rare} location Bench {run}")),
        ))?;
        edit_samples.push(started.elapsed());
        answered(ask(&mut store, Input::Text("/undo".into())))
    })?;
    let edit_samples = &mut edit_samples[2..];
    record(
        "an edit (/set NAME location …)",
        (
            percentile(edit_samples, 0.5),
            percentile(edit_samples, 0.95),
        ),
        None,
        interactive,
    );
    record("an edit and its /undo", undo, None, interactive);
    // Reconcile: link the unknown address with the most meetings, then unlink it.
    let busiest = store
        .unknown_attendees(0, 1)?
        .items
        .first()
        .map(|u| u.address.clone());
    if let Some(address) = busiest {
        let address = EmailAddress::parse(&address)?;
        record(
            "link an address (reconcile its meetings)",
            time(runs, |_| {
                store.link_email(&address, rare_id)?;
                store.unlink_email(&address)?;
                Ok(())
            })?,
            None,
            interactive,
        );
    }

    // Calendar sync: 10,000 events (30,000 attendee rows) from a local feed.
    let addresses: Vec<String> = {
        let page = store.unknown_attendees(0, 200)?;
        let mut list: Vec<String> = page.items.into_iter().map(|u| u.address).collect();
        for (id, _, _) in names.iter().take(2_000) {
            list.extend(store.emails_of(*id)?.into_iter().map(|e| e.address));
        }
        list
    };
    let feed_path = dir.join(format!("bench-{factor}x.ics"));
    feed(&feed_path, 10_000, &addresses, now);
    // The floor of a re-sync: reading and parsing the feed alone.
    let parse_floor = time(runs.min(5), |_| {
        let text = std::fs::read_to_string(&feed_path)?;
        let read = kith::calendar::ics::read_feed(
            &text,
            settings.timezone,
            now - chrono::Duration::days(400),
            now + chrono::Duration::days(400),
        );
        anyhow::ensure!(
            read.events.len() == 10_000,
            "the feed has {} events",
            read.events.len()
        );
        Ok(())
    })?;
    let mut sync_settings = settings.clone();
    sync_settings.ics_urls = vec![kith::config::secret::FeedUrl::new(
        feed_path.display().to_string(),
    )];
    drop(store);
    let shared: kith::store::SharedStore =
        std::sync::Arc::new(std::sync::Mutex::new(Store::open(&db)?));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let started = Instant::now();
    let report = runtime.block_on(kith::sources::sync_all(
        &sync_settings,
        &shared,
        kith::calendar::sync::Mode::Full,
        now,
    ));
    let full = started.elapsed();
    anyhow::ensure!(!report.failed(), "the sync failed: {}", report.render());
    record(
        "full sync of 10,000 events (ICS)",
        (full, full),
        None,
        if factor >= 100 { None } else { ms(2_000) },
    );
    let noop = time(runs.min(5), |_| {
        let report = runtime.block_on(kith::sources::sync_all(
            &sync_settings,
            &shared,
            kith::calendar::sync::Mode::Full,
            now,
        ));
        anyhow::ensure!(
            !report.failed() && report.sources[0].created == 0,
            "the re-sync was not a no-op: {}",
            report.render()
        );
        Ok(())
    })?;
    record(
        "re-sync of the same 10,000 events (nothing new)",
        noop,
        Some(parse_floor.1),
        ms(250),
    );
    // A no-op incremental sync: the plan and apply of an empty change set.
    let empty = time(runs, |_| {
        let mut store = kith::store::lock(&shared);
        let mut report = kith::calendar::sync::SourceReport::default();
        let delivery = kith::calendar::sync::Delivery {
            name: "google:primary",
            source: kith::domain::model::Source::Google,
            events: &[],
            position: Some("token"),
        };
        kith::calendar::sync::apply_events(
            &sync_settings,
            &mut store,
            &delivery,
            now,
            &mut report,
        )?;
        Ok(())
    })?;
    record(
        "no-op incremental sync (local work)",
        empty,
        None,
        if factor >= 100 { None } else { ms(20) },
    );

    // The Airtable import of the owner's network (exported from this one at 1×).
    if factor == 1 {
        let store = kith::store::lock(&shared);
        let export = store.export_json()?;
        drop(store);
        let csv_dir = dir.join("csv");
        for (name, content) in kith::moving::export::airtable_csv(&export, &settings.closeness) {
            kith::safe_file::write_private(
                &csv_dir.join(name),
                content.as_bytes(),
                kith::safe_file::Existing::Replace,
            )?;
        }
        let files = kith::moving::import::airtable::AirtableFiles {
            people: Some(csv_dir.join("People.csv")),
            interactions: Some(csv_dir.join("Interactions.csv")),
            organizations: Some(csv_dir.join("Organizations.csv")),
            emails: Some(csv_dir.join("Emails.csv")),
            ignore_rules: Some(csv_dir.join(kith::moving::export::IGNORE_RULES_FILE)),
        };
        let import_db = dir.join("bench-import.db");
        let _ = std::fs::remove_file(&import_db);
        let started = Instant::now();
        let read = kith::moving::import::airtable::read(
            &files,
            &Default::default(),
            &settings.closeness,
            today,
        );
        let mut target = Store::open(&import_db)?;
        target.import_batch(&read.batch, kith::store::Commit::Yes)?;
        let took = started.elapsed();
        record(
            "Airtable import (4 CSV files)",
            (took, took),
            None,
            ms(3_000),
        );
    }

    // Mail: 50,000 sent messages from a fake Gmail and from an mbox archive (once).
    if factor == 1 {
        drop(shared);
        super::mailbench::measure(&db, dir, &settings, addresses, now, &mut record)?;
    }
    Ok(measures)
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
