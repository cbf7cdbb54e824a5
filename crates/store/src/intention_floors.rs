//! The floors of the benchmark's follow-up rows: the plainest statements that give the
//! same answer as `/reminders`' first page and the digest's due follow-ups.

use chrono::NaiveDate;

use super::Store;
use crate::Result;

impl Store {
    /// The first `limit` open follow-ups in the order they come up, with their people's
    /// names, and how many are open.
    pub fn floor_reminders(&self, limit: usize) -> Result<usize> {
        let mut statement = self.conn.prepare_cached(
            "SELECT f.id, f.due_on, f.due_at, f.text, f.repeat, f.snoozed_until,
                    p.given_name, p.family_name, p.display_name
             FROM follow_ups f JOIN people p ON p.id = f.person_id
             WHERE f.done_at IS NULL
             ORDER BY coalesce(f.snoozed_until, f.due_on), f.due_at, f.id LIMIT ?1",
        )?;
        let rows = statement
            .query_map([limit as i64], |row| row.get::<_, i64>(0))?
            .count();
        let open: i64 = self.conn.query_row(
            "SELECT count(*) FROM follow_ups WHERE done_at IS NULL",
            [],
            |row| row.get(0),
        )?;
        Ok(rows + usize::try_from(open).unwrap_or(0))
    }

    /// The open follow-ups that come up on or before `today`, at most `limit` of them
    /// with their people's names, and how many there are.
    pub fn floor_follow_ups_due(&self, today: NaiveDate, limit: usize) -> Result<usize> {
        let mut statement = self.conn.prepare_cached(
            "SELECT f.id, f.due_on, f.due_at, f.text, p.given_name, p.family_name, p.display_name
             FROM follow_ups f JOIN people p ON p.id = f.person_id
             WHERE f.done_at IS NULL AND coalesce(f.snoozed_until, f.due_on) <= ?1
             ORDER BY coalesce(f.snoozed_until, f.due_on), f.due_at, f.id LIMIT ?2",
        )?;
        let rows = statement
            .query_map(rusqlite::params![today.to_string(), limit as i64], |row| {
                row.get::<_, i64>(0)
            })?
            .count();
        let due: i64 = self.conn.query_row(
            "SELECT count(*) FROM follow_ups
             WHERE done_at IS NULL AND coalesce(snoozed_until, due_on) <= ?1",
            [today.to_string()],
            |row| row.get(0),
        )?;
        Ok(rows + usize::try_from(due).unwrap_or(0))
    }
}
