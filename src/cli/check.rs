//! `kith check`: the settings, the schema version, the file's integrity and its
//! follow-ups, topics, important dates, snoozes and address-book links, looked at
//! without writing anything.

use anyhow::{Context, bail};

use kith::config::settings::Settings;
use kith::store::{Store, latest_schema_version};

pub fn check(settings: &Settings) -> anyhow::Result<String> {
    if !settings.db.exists() {
        return Ok(format!(
            "settings ok; no database at {} yet (the first command that writes creates it)",
            settings.db.display()
        ));
    }
    // Inspect only: never migrate or write (the file may belong to a running bot).
    let store = Store::open_to_inspect(&settings.db)
        .with_context(|| format!("cannot open {}", settings.db.display()))?;
    let version = store
        .schema_version()
        .with_context(|| format!("cannot read {}", settings.db.display()))?;
    if version < latest_schema_version() {
        bail!(
            "{}: schema version {version} is out of date (this kith has {}); the next `kith run` or any command that writes upgrades it",
            settings.db.display(),
            latest_schema_version()
        );
    }
    if version > latest_schema_version() {
        bail!(
            "{}: schema version {version} is newer than this kith knows ({}); use a newer kith",
            settings.db.display(),
            latest_schema_version()
        );
    }
    let mut problems = store.health_problems()?;
    problems.extend(store.intention_problems()?);
    problems.extend(store.writing_search_problems()?);
    problems.extend(store.address_book_problems()?);
    if !problems.is_empty() {
        for problem in &problems {
            eprintln!("{problem}");
        }
        bail!(
            "{}: {} problem(s) found",
            settings.db.display(),
            problems.len()
        );
    }
    let counts = store.table_counts()?;
    let summary = counts
        .iter()
        .filter(|(table, _)| {
            matches!(
                *table,
                "people" | "emails" | "organizations" | "interactions"
            )
        })
        .map(|(table, n)| format!("{n} {table}"))
        .collect::<Vec<_>>()
        .join(", ");
    Ok(format!(
        "ok: settings valid, {} at schema {version} (current), integrity, foreign keys and intentions clean; {summary}",
        settings.db.display()
    ))
}
