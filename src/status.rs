//! `kith status` and `/status`: how a running kith is doing — the version, the database,
//! each source's last sync, the last digest and brief, the owners' Telegram Business
//! connections, the daily backups and, when Litestream replicates the database, the
//! replica — and what is wrong
//! (`domain::health` decides). Gathering reads the database (only), the backup folder,
//! and asks the `litestream` program about the replica.

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::settings::Settings;
use crate::domain::health::{self, HealthFacts, ReplicaHealth, SourceHealth};
use crate::domain::text::plural;
use crate::store::{
    ConnectionState, Store, StoreStatus, TelegramConnection, latest_schema_version,
};

/// The replica as Litestream lists it (`litestream generations`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replica {
    pub name: String,
    pub generation: String,
    pub lag: String,
    pub until: Option<DateTime<Utc>>,
}

/// Everything the report shows.
#[derive(Clone, Debug)]
pub struct Status {
    pub db: String,
    pub db_bytes: u64,
    pub schema: usize,
    pub store: StoreStatus,
    /// (newest backup's day, how many there are) in the backup folder.
    pub backups: (Option<NaiveDate>, usize),
    pub backup_keep: u32,
    pub backup_dir: String,
    /// `None` when Litestream is not configured.
    pub replica: Option<Result<Vec<Replica>, String>>,
    pub problems: Vec<String>,
    /// The owner's zone (`KITH_TIMEZONE`), which every time is told in.
    pub zone: chrono_tz::Tz,
    /// Whether `KITH_TELEGRAM_BUSINESS` is on.
    pub telegram_business: bool,
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// The daily backups in `dir` (`kith-YYYY-MM-DD.db`): the newest day and the count.
fn backups_in(dir: &Path) -> (Option<NaiveDate>, usize) {
    let days: Vec<NaiveDate> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter_map(|name| {
            let day = name.strip_prefix("kith-")?.strip_suffix(".db")?.to_owned();
            NaiveDate::parse_from_str(&day, "%Y-%m-%d").ok()
        })
        .collect();
    (days.iter().max().copied(), days.len())
}

/// Reads `litestream generations` output: a header line, then one row per replica and
/// generation (`name generation lag start end`).
pub fn parse_generations(text: &str) -> Vec<Replica> {
    text.lines()
        .skip_while(|line| !line.trim_start().starts_with("name"))
        .skip(1)
        .filter_map(|line| {
            let cells: Vec<&str> = line.split_whitespace().collect();
            let [name, generation, lag, _start, end] = cells.as_slice() else {
                return None;
            };
            Some(Replica {
                name: (*name).to_owned(),
                generation: (*generation).to_owned(),
                lag: (*lag).to_owned(),
                until: parse_time(end),
            })
        })
        .collect()
}

/// Asks Litestream where the replica of `db` is.
fn ask_litestream(bin: &Path, config: &Path, db: &Path) -> Result<Vec<Replica>, String> {
    let output = std::process::Command::new(bin)
        .arg("generations")
        .arg("-config")
        .arg(config)
        .arg(db)
        .output()
        .map_err(|error| format!("cannot run {}: {error}", bin.display()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let why = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        return Err(format!("litestream generations failed: {}", why.trim()));
    }
    Ok(parse_generations(&String::from_utf8_lossy(&output.stdout)))
}

/// The secrets settings hold, so an error a source stored cannot show them.
fn redact(settings: &Settings, text: &str) -> String {
    let mut text = text.to_owned();
    let secrets = crate::config::logging::secrets(settings);
    for secret in crate::config::logging::every_spelling(&secrets) {
        text = text.replace(&secret, "<redacted>");
    }
    text
}

/// Gathers the report at `now` (the database is only read).
pub fn gather(settings: &Settings, store: &Store, now: DateTime<Utc>) -> crate::Result<Status> {
    Ok(assemble(settings, read(store)?, now))
}

/// What the report needs from the database: its facts and schema version (read under
/// the store's lock; the rest is gathered without it).
pub fn read(store: &Store) -> crate::Result<(StoreStatus, usize)> {
    Ok((store.status()?, store.schema_version()?))
}

/// The report from the database's facts, the backup folder and Litestream.
pub fn assemble(
    settings: &Settings,
    (mut facts_store, schema): (StoreStatus, usize),
    now: DateTime<Utc>,
) -> Status {
    for source in &mut facts_store.sources {
        source.last_error = source.last_error.as_deref().map(|e| redact(settings, e));
    }
    let backups = backups_in(&settings.backup_dir);
    let replica = settings.litestream_config.as_ref().map(|config| {
        ask_litestream(&settings.litestream_bin, config, &settings.db)
            .map_err(|e| redact(settings, &e))
    });
    let facts = HealthFacts {
        sources: facts_store
            .sources
            .iter()
            .map(|s| SourceHealth {
                name: s.source.clone(),
                last_success: s.last_success_at.as_deref().and_then(parse_time),
                last_error: s.last_error.clone(),
            })
            .collect(),
        newest_backup: backups.0,
        backup_failed: facts_store
            .jobs
            .iter()
            .any(|(job, _, outcome)| job == "backup" && outcome == "failed"),
        first_record: facts_store.first_record_at.as_deref().and_then(parse_time),
        replica: replica.as_ref().map(|answer| match answer {
            Ok(replicas) => ReplicaHealth::Replicated {
                until: replicas.iter().filter_map(|r| r.until).max(),
            },
            Err(why) => ReplicaHealth::Unreadable(why.clone()),
        }),
    };
    let mut problems = health::problems(&facts, now, settings.timezone);
    if settings.telegram_business {
        problems.extend(telegram_problems(&facts_store.telegram, settings.timezone));
    }
    Status {
        telegram_business: settings.telegram_business,
        db: settings.db.display().to_string(),
        db_bytes: std::fs::metadata(&settings.db).map_or(0, |m| m.len()),
        schema,
        problems,
        zone: settings.timezone,
        store: facts_store,
        backups,
        backup_keep: settings.backup_keep,
        backup_dir: settings.backup_dir.display().to_string(),
        replica,
    }
}

/// What is wrong with the owners' Telegram Business connections while the setting is on:
/// one disabled or removed, or one without the right to read messages (Telegram may hold
/// chats back).
fn telegram_problems(connections: &[TelegramConnection], zone: chrono_tz::Tz) -> Vec<String> {
    connections
        .iter()
        .filter_map(|connection| match connection.state() {
            ConnectionState::Reading => None,
            ConnectionState::CannotRead => Some(format!(
                "Telegram Business (account {}) is connected without the right to read messages: Telegram may hold chats back from kith; allow \"Read messages\" in Settings → Telegram Business → Chatbots",
                connection.user_id
            )),
            ConnectionState::Disconnected => Some(format!(
                "Telegram Business (account {}) was disconnected on {}: connect kith again in Settings → Telegram Business → Chatbots, or turn KITH_TELEGRAM_BUSINESS off",
                connection.user_id,
                shown(Some(&connection.changed_at), zone)
            )),
        })
        .collect()
}

/// The status lines of the Telegram Business connections: none when the setting is off
/// and no connection was ever made.
fn telegram_lines(status: &Status) -> Vec<String> {
    let connections = &status.store.telegram;
    if connections.is_empty() {
        return if status.telegram_business {
            vec!["Telegram Business: on, no account connected yet (Settings → Telegram Business → Chatbots)".to_owned()]
        } else {
            Vec::new()
        };
    }
    let off = if status.telegram_business {
        ""
    } else {
        " (KITH_TELEGRAM_BUSINESS is off: nothing is logged)"
    };
    let many = connections.len() > 1;
    connections
        .iter()
        .map(|connection| {
            let since = shown(Some(&connection.changed_at), status.zone);
            let account = if many {
                format!(" (account {})", connection.user_id)
            } else {
                String::new()
            };
            let state = match connection.state() {
                ConnectionState::Reading => format!("connected (since {since})"),
                ConnectionState::CannotRead => {
                    format!("connected without the right to read messages (since {since})")
                }
                ConnectionState::Disconnected => format!("disconnected on {since}"),
            };
            format!("Telegram Business{account}: {state}{off}")
        })
        .collect()
}

/// A recorded moment in the owner's zone, with the zone's abbreviation ("never" when
/// there is none).
fn shown(at: Option<&str>, zone: chrono_tz::Tz) -> String {
    at.and_then(parse_time).map_or_else(
        || "never".to_owned(),
        |at| local(at, zone, "%Y-%m-%d %H:%M %Z"),
    )
}

fn local(at: DateTime<Utc>, zone: chrono_tz::Tz, format: &str) -> String {
    at.with_timezone(&zone).format(format).to_string()
}

impl Status {
    pub fn healthy(&self) -> bool {
        self.problems.is_empty()
    }

    /// The report as lines of text (the same in the terminal and the chat).
    pub fn render(&self) -> String {
        let mut lines = vec![format!("kith {}", env!("CARGO_PKG_VERSION"))];
        let backup = self
            .store
            .jobs
            .iter()
            .find(|(job, _, _)| job == "backup")
            .map(|(_, at, outcome)| (at.as_str(), outcome.as_str()));
        let integrity = match backup {
            Some((at, "failed")) => {
                format!(
                    "the check of the backup at {} failed",
                    shown(Some(at), self.zone)
                )
            }
            Some((at, _)) => format!(
                "integrity checked with the backup at {}",
                shown(Some(at), self.zone)
            ),
            None => "integrity not checked yet (each daily backup checks it)".to_owned(),
        };
        lines.push(format!(
            "Database: {} ({:.1} MB, schema {} of {}); {integrity}",
            self.db,
            self.db_bytes as f64 / 1_000_000.0,
            self.schema,
            latest_schema_version()
        ));
        if self.store.sources.is_empty() {
            lines.push("Sources: none synced yet".to_owned());
        } else {
            lines.push("Sources:".to_owned());
            for source in &self.store.sources {
                let last = shown(source.last_success_at.as_deref(), self.zone);
                lines.push(match &source.last_error {
                    Some(error) => format!(
                        "  {} — failing: {error} (last synced {last})",
                        source.source
                    ),
                    None => format!("  {} — last synced {last}", source.source),
                });
            }
        }
        lines.push(format!(
            "Digest: last sent {}; meeting briefs: last sent {}",
            shown(self.store.last_digest_at.as_deref(), self.zone),
            shown(self.store.last_brief_at.as_deref(), self.zone)
        ));
        lines.extend(telegram_lines(self));
        if self.store.cards_linked + self.store.card_questions_open > 0 {
            lines.push(format!(
                "Address book: {} linked; {}",
                plural(self.store.cards_linked, "card", "cards"),
                match self.store.card_questions_open {
                    0 => "nothing to ask".to_owned(),
                    n => format!(
                        "{} (/addressbook)",
                        plural(n, "question waits", "questions wait")
                    ),
                }
            ));
        }
        lines.push(match self.backups {
            (Some(day), count) => format!(
                "Backups: newest of {day}, {count} kept (up to {}) in {}",
                self.backup_keep, self.backup_dir
            ),
            (None, _) => format!("Backups: none yet in {}", self.backup_dir),
        });
        lines.push(match &self.replica {
            None => "Replica: not configured (KITH_LITESTREAM_CONFIG)".to_owned(),
            Some(Err(why)) => format!("Replica: unreadable — {why}"),
            Some(Ok(replicas)) if replicas.is_empty() => "Replica: no generation yet".to_owned(),
            Some(Ok(replicas)) => replicas
                .iter()
                .map(|r| {
                    format!(
                        "Replica: {} generation {}, replicated up to {} (lag {})",
                        r.name,
                        r.generation,
                        r.until.map_or_else(
                            || "?".to_owned(),
                            |t| local(t, self.zone, "%Y-%m-%d %H:%M:%S %Z")
                        ),
                        r.lag
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        });
        if self.problems.is_empty() {
            lines.push("Healthy.".to_owned());
        } else {
            lines.push(format!("{} problem(s):", self.problems.len()));
            lines.extend(self.problems.iter().map(|p| format!("  - {p}")));
        }
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn litestream_generations_are_read_row_by_row() {
        let text = "name  generation        lag    start                 end\n\
                    s3    e682bfc8814f9804  518ms  2026-12-01T22:45:02Z  2026-12-01T22:45:05Z\n";
        let replicas = parse_generations(text);
        assert_eq!(
            replicas,
            vec![Replica {
                name: "s3".into(),
                generation: "e682bfc8814f9804".into(),
                lag: "518ms".into(),
                until: parse_time("2026-12-01T22:45:05Z"),
            }]
        );
        assert!(parse_generations("").is_empty());
        assert!(parse_generations("name generation lag start end\n").is_empty());
    }
}
