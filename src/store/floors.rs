//! The floor SQLite itself sets: for the main questions, the minimal statement that
//! returns the same rows, so benchmarks can show each figure as a ratio to it.

use chrono::NaiveDate;
use rusqlite::params;

use super::Store;
use crate::domain::error::Result;
use crate::domain::model::PersonId;

impl Store {
    /// People whose search key contains the query's first word.
    pub fn floor_find(&self, query: &str) -> Result<usize> {
        let word = crate::domain::text::tokens(query)
            .into_iter()
            .next()
            .unwrap_or_default();
        let mut statement = self
            .conn
            .prepare_cached("SELECT id FROM people WHERE archived = 0 AND name_key LIKE ?1")?;
        let rows = statement.query_map([format!("%{word}%")], |row| row.get::<_, i64>(0))?;
        Ok(rows.count())
    }

    /// A person's row and their rollups, in two statements.
    pub fn floor_card(&self, person: PersonId, today: NaiveDate) -> Result<()> {
        self.conn
            .prepare_cached("SELECT * FROM people WHERE id = ?1")?
            .query_row([person.0], |_| Ok(()))?;
        self.rollups(person, today)?;
        Ok(())
    }

    /// The ten most overdue relative to the default cadences, ranked in SQL over the
    /// last-met rollup.
    pub fn floor_stale(&self, today: NaiveDate) -> Result<usize> {
        let mut statement = self.conn.prepare_cached(
            "SELECT p.id FROM people p JOIN person_last_met l ON l.person_id = p.id
             WHERE p.archived = 0 AND p.closeness BETWEEN 1 AND 6 AND l.last_on <= ?1
             ORDER BY (julianday(?1) - julianday(l.last_on))
                      / CASE p.closeness WHEN 1 THEN 14 WHEN 2 THEN 30 WHEN 3 THEN 60
                                         WHEN 4 THEN 90 WHEN 5 THEN 180 ELSE 365 END DESC
             LIMIT 10",
        )?;
        let rows = statement.query_map(params![today.to_string()], |row| row.get::<_, i64>(0))?;
        Ok(rows.count())
    }

    /// The ten addresses with no person that attended most.
    pub fn floor_unknown(&self) -> Result<usize> {
        let mut statement = self.conn.prepare_cached(
            "SELECT a.email_id, count(*) FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
             WHERE e.person_id IS NULL AND e.ignored = 0 AND e.ignored_by_rule = 0
             GROUP BY a.email_id ORDER BY count(*) DESC LIMIT 10",
        )?;
        let rows = statement.query_map([], |row| row.get::<_, i64>(0))?;
        Ok(rows.count())
    }
}
