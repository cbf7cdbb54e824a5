//! What `kith status` reads from the database: each source's last sync, each job's last
//! run, when the last digest and brief went out, since when the network exists, and
//! the owners' Telegram Business connections, the address book's links and open questions.

use rusqlite::OptionalExtension;

use super::Store;
use crate::Result;

/// One calendar's or mailbox's sync state, as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    pub source: String,
    pub last_success_at: Option<String>,
    pub last_error: Option<String>,
    /// The last attempt, successful or not.
    pub updated_at: String,
}

/// The database's side of the status report (times as stored, RFC 3339 UTC).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoreStatus {
    pub sources: Vec<SourceRow>,
    /// (job, last run, outcome) for the scheduled jobs: sync, digest, backup.
    pub jobs: Vec<(String, String, String)>,
    pub last_digest_at: Option<String>,
    pub last_brief_at: Option<String>,
    /// The oldest record of anyone or anything: how long the network has been here.
    pub first_record_at: Option<String>,
    /// Each owner account's latest Telegram Business connection.
    pub telegram: Vec<crate::TelegramConnection>,
    /// The address book: cards linked to people, and questions waiting for the owner.
    pub cards_linked: usize,
    pub card_questions_open: usize,
}

impl Store {
    pub fn status(&self) -> Result<StoreStatus> {
        let mut statement = self.conn.prepare_cached(
            "SELECT source, last_success_at, last_error, updated_at FROM sync_sources ORDER BY source",
        )?;
        let sources = statement
            .query_map([], |row| {
                Ok(SourceRow {
                    source: row.get(0)?,
                    last_success_at: row.get(1)?,
                    last_error: row.get(2)?,
                    updated_at: row.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut statement = self
            .conn
            .prepare_cached("SELECT job, last_run_at, outcome FROM job_runs ORDER BY job")?;
        let jobs = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let one = |sql: &str| -> Result<Option<String>> {
            Ok(self
                .conn
                .prepare_cached(sql)?
                .query_row([], |row| row.get::<_, Option<String>>(0))
                .optional()?
                .flatten())
        };
        let count = |sql: &str| -> Result<usize> {
            Ok(self
                .conn
                .prepare_cached(sql)?
                .query_row([], |row| row.get::<_, i64>(0))? as usize)
        };
        Ok(StoreStatus {
            sources,
            jobs,
            last_digest_at: one("SELECT max(sent_at) FROM digest_days")?,
            last_brief_at: one("SELECT max(sent_at) FROM briefs_sent")?,
            first_record_at: one(
                "SELECT min(at) FROM (SELECT min(created_at) AS at FROM people
                                     UNION ALL SELECT min(created_at) FROM interactions)",
            )?,
            telegram: self.owner_telegram_connections()?,
            cards_linked: count("SELECT count(*) FROM card_links WHERE state = 'linked'")?,
            card_questions_open: count(
                "SELECT count(*) FROM card_questions WHERE answered_at IS NULL",
            )?,
        })
    }
}
