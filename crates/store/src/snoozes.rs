//! "Not now" on a person: the day they come back to /stale and the digest's reach-out
//! lines (`people.snoozed_until`), who is snoozed on a day, and the timed follow-ups the
//! scheduler sends (`follow_up_sends`, each once). A snooze is a plain row change, so
//! change capture records it and Undo takes it back.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use rusqlite::params;

use super::Store;
use super::queries::Page;
use crate::Result;
use kith_domain::intention::FollowUpId;
use kith_domain::model::PersonId;

/// Someone snoozed: who, and the day they come back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snoozed {
    pub person: PersonId,
    pub name: String,
    pub until: NaiveDate,
}

/// A timed follow-up whose moment has come: its id, its due day and time (the owner's
/// zone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimedDue {
    pub id: FollowUpId,
    pub due_on: NaiveDate,
    pub due_at: NaiveTime,
}

impl Store {
    /// Leaves a person out of /stale and the digest until `until` (`None`: back now).
    pub fn set_snoozed_until(&mut self, person: PersonId, until: Option<NaiveDate>) -> Result<()> {
        self.person(person)?;
        let now = self.now_text();
        self.conn.execute(
            "UPDATE people SET snoozed_until = ?2, updated_at = ?3 WHERE id = ?1",
            params![person.0, until.map(|d| d.to_string()), now],
        )?;
        Ok(())
    }

    /// The day a person comes back, if they are snoozed on `today`.
    pub fn snoozed_until(&self, person: PersonId, today: NaiveDate) -> Result<Option<NaiveDate>> {
        self.person(person)?;
        let until: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT snoozed_until FROM people WHERE id = ?1 AND snoozed_until > ?2",
            )?
            .query_row(params![person.0, today.to_string()], |row| row.get(0))
            .or_else(|e| match e {
                rusqlite::Error::QueryReturnedNoRows => Ok(None),
                e => Err(e),
            })?;
        Ok(until.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
    }

    /// People not archived who are snoozed on `today`, the soonest back first, `limit`
    /// from `offset`, with how many in all.
    pub fn snoozed_people(
        &self,
        today: NaiveDate,
        offset: usize,
        limit: usize,
    ) -> Result<Page<Snoozed>> {
        const SNOOZED: &str = "FROM people p INDEXED BY people_snoozed
             WHERE p.snoozed_until > ?1 AND p.archived = 0";
        let today = today.to_string();
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {SNOOZED}"))?
            .query_row([&today], |row| row.get(0))?;
        let mut statement = self.conn.prepare_cached(&format!(
            concat!(
                "SELECT p.id, ",
                shown_name!(),
                ", p.snoozed_until {} ORDER BY p.snoozed_until, 2, p.id LIMIT ?2 OFFSET ?3"
            ),
            SNOOZED
        ))?;
        let items = statement
            .query_map(
                params![
                    today,
                    i64::try_from(limit).unwrap_or(i64::MAX),
                    offset as i64
                ],
                |row| {
                    Ok((
                        PersonId(row.get(0)?),
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter_map(|(person, name, until)| {
                let until = NaiveDate::parse_from_str(&until, "%Y-%m-%d").ok()?;
                Some(Snoozed {
                    person,
                    name,
                    until,
                })
            })
            .collect();
        Ok(Page {
            items,
            offset,
            total: usize::try_from(total).unwrap_or(0),
        })
    }

    /// Open follow-ups with a time whose moment (`due_on` at `due_at`, or the snooze's
    /// day at that time) is from `earliest` to `now` (both local to the owner's zone, as
    /// naive date-times), not snoozed past `now`, and not yet sent for that due day.
    pub fn timed_follow_ups_due(
        &self,
        earliest: chrono::NaiveDateTime,
        now: chrono::NaiveDateTime,
    ) -> Result<Vec<TimedDue>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT f.id, f.due_on, f.due_at FROM follow_ups f INDEXED BY follow_ups_open
             WHERE f.done_at IS NULL AND f.due_at IS NOT NULL
               AND coalesce(f.snoozed_until, f.due_on) BETWEEN ?1 AND ?2
               AND coalesce(f.snoozed_until, f.due_on) || ' ' || f.due_at BETWEEN ?3 AND ?4
               AND NOT EXISTS (SELECT 1 FROM follow_up_sends s
                               WHERE s.follow_up_id = f.id AND s.due_on = f.due_on)
             ORDER BY coalesce(f.snoozed_until, f.due_on), f.due_at, f.id",
        )?;
        let stamp = |t: chrono::NaiveDateTime| t.format("%Y-%m-%d %H:%M").to_string();
        let rows = statement.query_map(
            params![
                earliest.date().to_string(),
                now.date().to_string(),
                stamp(earliest),
                stamp(now)
            ],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            },
        )?;
        let mut due = Vec::new();
        for row in rows {
            let (id, on, at) = row?;
            if let (Ok(due_on), Ok(due_at)) = (
                NaiveDate::parse_from_str(&on, "%Y-%m-%d"),
                NaiveTime::parse_from_str(&at, "%H:%M"),
            ) {
                due.push(TimedDue {
                    id: FollowUpId(id),
                    due_on,
                    due_at,
                });
            }
        }
        Ok(due)
    }

    /// Records that a timed follow-up was sent for its due day; false if it already was.
    pub fn mark_follow_up_sent(
        &mut self,
        id: FollowUpId,
        due_on: NaiveDate,
        at: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(self.conn.execute(
            "INSERT OR IGNORE INTO follow_up_sends (follow_up_id, due_on, sent_at) VALUES (?1, ?2, ?3)",
            params![
                id.0,
                due_on.to_string(),
                at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ],
        )? > 0)
    }
}
