//! Scheduled-job bookkeeping: each job's last slot, and the days a digest was sent.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::Result;

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn parse(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

impl Store {
    /// The last slot `job` ran or skipped for.
    pub fn job_last_slot(&self, job: &str) -> Result<Option<DateTime<Utc>>> {
        let text: Option<String> = self
            .conn
            .prepare_cached("SELECT last_slot FROM job_runs WHERE job = ?1")?
            .query_row([job], |row| row.get(0))
            .optional()?;
        Ok(text.as_deref().and_then(parse))
    }

    pub fn record_job(
        &mut self,
        job: &str,
        slot: DateTime<Utc>,
        ran_at: DateTime<Utc>,
        outcome: &str,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO job_runs (job, last_slot, last_run_at, outcome) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (job) DO UPDATE SET last_slot = excluded.last_slot,
                 last_run_at = excluded.last_run_at, outcome = excluded.outcome",
            params![job, stamp(slot), stamp(ran_at), outcome],
        )?;
        Ok(())
    }

    /// Whether the digest for `day` went out already.
    pub fn digest_sent(&self, day: NaiveDate) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM digest_days WHERE day = ?1)")?
            .query_row([day.to_string()], |row| row.get(0))?)
    }

    /// Marks `day`'s digest as sent; false when it already was (so it is never sent twice).
    pub fn mark_digest_sent(&mut self, day: NaiveDate, at: DateTime<Utc>) -> Result<bool> {
        let inserted = self.conn.execute(
            "INSERT INTO digest_days (day, sent_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
            params![day.to_string(), stamp(at)],
        )?;
        Ok(inserted > 0)
    }

    /// When the last digest went out.
    pub fn last_digest_at(&self) -> Result<Option<DateTime<Utc>>> {
        let text: Option<String> = self
            .conn
            .prepare_cached("SELECT max(sent_at) FROM digest_days")?
            .query_row([], |row| row.get(0))?;
        Ok(text.as_deref().and_then(parse))
    }
}
