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

#[cfg(test)]
mod tests {
    use crate::{NewFollowUp, NewPerson, Store};

    /// The floors read the same follow-ups as the lists they stand beside.
    #[test]
    fn the_floors_count_what_the_lists_read() {
        let mut store = Store::open_in_memory().unwrap();
        let ana = store.create_person(&NewPerson::named("Ana Silva")).unwrap();
        let day = |d: &str| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap();
        for (n, due) in ["2026-11-01", "2026-11-26", "2026-12-24"]
            .into_iter()
            .enumerate()
        {
            let id = store
                .add_follow_up(&NewFollowUp {
                    person: ana,
                    due_on: day(due),
                    due_at: None,
                    text: format!("item {n}"),
                    repeat: None,
                })
                .unwrap();
            if n == 0 {
                store.snooze_follow_up(id, day("2026-12-01")).unwrap();
            }
        }
        let today = day("2026-11-26");
        let page = store.open_follow_ups(0, 10).unwrap();
        assert_eq!(
            store.floor_reminders(10).unwrap(),
            page.items.len() + page.total
        );
        let (due, total) = store.follow_ups_due(today, 10).unwrap();
        assert_eq!((due.len(), total), (1, 1), "the snoozed one is not due yet");
        assert_eq!(
            store.floor_follow_ups_due(today, 10).unwrap(),
            due.len() + total
        );
    }
}
