//! Delivery bookkeeping per owner: who Telegram will not deliver to (blocked the bot,
//! account deactivated) until they write again, and which owners got a day's digest.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::params;

use super::Store;
use crate::Result;

fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl Store {
    /// Marks `owner` unreachable; true when they were not marked already (so the caller
    /// logs it once, not once per attempt).
    pub fn mark_owner_unreachable(
        &mut self,
        owner: i64,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        let inserted = self.conn.execute(
            "INSERT INTO unreachable_owners (owner, since, reason) VALUES (?1, ?2, ?3)
             ON CONFLICT (owner) DO NOTHING",
            params![owner, stamp(at), reason],
        )?;
        Ok(inserted > 0)
    }

    /// `owner` wrote again: scheduled messages reach them again. True when they were marked.
    pub fn clear_owner_unreachable(&mut self, owner: i64) -> Result<bool> {
        // Read first: every message an owner sends passes here, and a write would take
        // the database's write lock for nothing.
        let marked: bool = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM unreachable_owners WHERE owner = ?1)")?
            .query_row([owner], |row| row.get(0))?;
        if !marked {
            return Ok(false);
        }
        let deleted = self
            .conn
            .prepare_cached("DELETE FROM unreachable_owners WHERE owner = ?1")?
            .execute([owner])?;
        Ok(deleted > 0)
    }

    /// The owners scheduled messages skip.
    pub fn unreachable_owners(&self) -> Result<HashSet<i64>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT owner FROM unreachable_owners")?;
        let rows = statement.query_map([], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The owners who got `day`'s digest.
    pub fn digest_delivered_to(&self, day: NaiveDate) -> Result<HashSet<i64>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT owner FROM digest_deliveries WHERE day = ?1")?;
        let rows = statement.query_map([day.to_string()], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records that `owner` got `day`'s digest.
    pub fn mark_digest_delivered(
        &mut self,
        day: NaiveDate,
        owner: i64,
        at: DateTime<Utc>,
    ) -> Result<()> {
        self.conn.execute(
            "INSERT INTO digest_deliveries (day, owner, sent_at) VALUES (?1, ?2, ?3)
             ON CONFLICT DO NOTHING",
            params![day.to_string(), owner, stamp(at)],
        )?;
        Ok(())
    }
}
