//! The floor SQLite itself sets: for the main questions, the minimal statement that
//! returns the same rows, so benchmarks can show each figure as a ratio to it.

use chrono::NaiveDate;

use super::Store;
use crate::Result;
use kith_domain::closeness::Closeness;
use kith_domain::model::{PersonId, Tier};

impl Store {
    /// People whose search key contains the query's first word.
    pub fn floor_find(&self, query: &str) -> Result<usize> {
        let word = kith_domain::text::tokens(query)
            .into_iter()
            .next()
            .unwrap_or_default();
        let mut statement = self
            .conn
            .prepare_cached("SELECT id FROM people WHERE archived = 0 AND name_key LIKE ?1")?;
        let rows = statement.query_map([format!("%{word}%")], |row| row.get::<_, i64>(0))?;
        Ok(rows.count())
    }

    /// What a person's card shows, each in its plainest statement: their row, jobs,
    /// tags, addresses, phones, the rollups and the five latest interactions with the
    /// people and attendees of each.
    pub fn floor_card(&self, person: PersonId, today: NaiveDate) -> Result<usize> {
        let mut rows = 0;
        let mut count = |sql: &str, args: &[&dyn rusqlite::ToSql]| -> Result<()> {
            let mut statement = self.conn.prepare_cached(sql)?;
            let mut result = statement.query(args)?;
            while result.next()?.is_some() {
                rows += 1;
            }
            Ok(())
        };
        let id = person.0;
        count("SELECT * FROM people WHERE id = ?1", &[&id])?;
        count(
            "SELECT o.name, e.title, e.is_current, e.left_on FROM employment e
             JOIN organizations o ON o.id = e.organization_id WHERE e.person_id = ?1",
            &[&id],
        )?;
        count(
            "SELECT t.name FROM person_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.person_id = ?1",
            &[&id],
        )?;
        count("SELECT * FROM emails WHERE person_id = ?1", &[&id])?;
        count(
            "SELECT number, kind FROM phones WHERE person_id = ?1",
            &[&id],
        )?;
        count(
            "SELECT max(i.occurred_on), count(*) FROM interactions i WHERE i.id IN (
                 SELECT interaction_id FROM interaction_people WHERE person_id = ?1
                 UNION SELECT a.interaction_id FROM emails e JOIN interaction_attendees a ON a.email_id = e.id
                 WHERE e.person_id = ?1) AND i.occurred_on <= ?2",
            &[&id, &today.to_string()],
        )?;
        count(
            "SELECT * FROM interactions i WHERE i.id IN (
                 SELECT interaction_id FROM interaction_people WHERE person_id = ?1
                 UNION SELECT a.interaction_id FROM emails e JOIN interaction_attendees a ON a.email_id = e.id
                 WHERE e.person_id = ?1) ORDER BY i.occurred_on DESC LIMIT 5",
            &[&id],
        )?;
        count(
            "SELECT a.interaction_id, e.address, e.person_id FROM interaction_attendees a
             JOIN emails e ON e.id = a.email_id WHERE a.interaction_id IN (
                 SELECT i.id FROM interactions i WHERE i.id IN (
                     SELECT interaction_id FROM interaction_people WHERE person_id = ?1
                     UNION SELECT a.interaction_id FROM emails e JOIN interaction_attendees a ON a.email_id = e.id
                     WHERE e.person_id = ?1) ORDER BY i.occurred_on DESC LIMIT 5)",
            &[&id],
        )?;
        Ok(rows)
    }

    /// The ten most overdue relative to their cadence and how many are overdue: each
    /// cadence's ten met longest ago (from the overdue index), ranked together, and
    /// the index ranges counted.
    pub fn floor_stale(&self, closeness: &Closeness, today: NaiveDate) -> Result<usize> {
        let [page, total] = self.floor_stale_sql(closeness, today)?;
        let rows = self
            .conn
            .prepare_cached(&page)?
            .query_map([], |row| row.get::<_, i64>(0))?
            .count();
        let _total: i64 = self
            .conn
            .prepare_cached(&total)?
            .query_row([], |row| row.get(0))?;
        Ok(rows)
    }

    /// `floor_stale`'s two statements, as text (for the `sqlite3` shell too).
    pub fn floor_stale_sql(&self, closeness: &Closeness, today: NaiveDate) -> Result<[String; 2]> {
        let mut groups: Vec<(String, u32)> = Tier::all()
            .filter_map(|tier| {
                Some((
                    format!("own_cadence IS NULL AND tier = {}", tier.number()),
                    closeness.cadence_days(tier)?,
                ))
            })
            .collect();
        for days in self.own_cadences()? {
            groups.push((format!("own_cadence = {days}"), days));
        }
        let part = |(condition, days): &(String, u32), what: &str| {
            let cutoff = today - chrono::Days::new(u64::from(*days) + 1);
            format!(
                "SELECT {what} FROM person_last_met
                 WHERE archived = 0 AND {condition} AND last_on <= '{cutoff}'"
            )
        };
        let page = groups
            .iter()
            .map(|g| {
                format!(
                    "SELECT * FROM ({} ORDER BY last_on LIMIT 10)",
                    part(g, &format!("person_id, last_on, {} AS days", g.1))
                )
            })
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let counted = groups
            .iter()
            .map(|g| part(g, "count(*) AS n"))
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        Ok([
            format!(
                "SELECT person_id FROM ({page})
                 ORDER BY (julianday('{today}') - julianday(last_on)) / days DESC LIMIT 10"
            ),
            format!("SELECT sum(n) FROM ({counted})"),
        ])
    }

    /// What comparing everyone must read at the least: every name and every address of
    /// someone (the comparing itself is not SQL, so this floor is only its reading).
    pub fn floor_dupes(&self) -> Result<usize> {
        let mut rows = 0;
        for sql in [
            "SELECT id, display_name, given_name, family_name FROM people WHERE archived = 0",
            "SELECT person_id, address FROM emails WHERE person_id IS NOT NULL",
        ] {
            let mut statement = self.conn.prepare_cached(sql)?;
            let mut result = statement.query([])?;
            while let Some(row) = result.next()? {
                std::hint::black_box(row.get_ref(1)?);
                rows += 1;
            }
        }
        Ok(rows)
    }

    /// The ten addresses with no person that attended most, and how many there are.
    pub fn floor_unknown(&self) -> Result<usize> {
        let mut statement = self.conn.prepare_cached(
            "SELECT email_id FROM address_seen WHERE unknown = 1 AND seen > 0
             ORDER BY seen DESC, last_on DESC, address LIMIT 10",
        )?;
        let rows = statement.query_map([], |row| row.get::<_, i64>(0))?.count();
        let _total: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM address_seen WHERE unknown = 1 AND seen > 0")?
            .query_row([], |row| row.get(0))?;
        Ok(rows)
    }
}
