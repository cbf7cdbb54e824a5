//! Lists of interactions (a person's, the latest overall), each read with its people and
//! attendees in three statements however long the page.

use chrono::NaiveDate;
use rusqlite::params;

use super::Store;
use super::interactions::{INTERACTION_COLUMNS, Interaction, interaction_from_row};
use crate::Result;
use kith_domain::model::{PersonId, ResponseStatus};

impl Store {
    /// A person's interactions, newest first (future and cancelled ones included, marked).
    pub fn interactions_of(
        &self,
        person: PersonId,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<Interaction>> {
        self.person(person)?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {INTERACTION_COLUMNS} FROM interactions WHERE id IN (
                 SELECT interaction_id FROM interaction_people WHERE person_id = ?1
                 UNION
                 SELECT a.interaction_id FROM emails e JOIN interaction_attendees a ON a.email_id = e.id
                 WHERE e.person_id = ?1 AND a.response_status <> 'declined')
             ORDER BY occurred_on DESC, occurred_at DESC, id DESC LIMIT ?2 OFFSET ?3"
        ))?;
        let mut items: Vec<Interaction> = statement
            .query_map(
                params![person.0, limit as i64, offset as i64],
                interaction_from_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        self.fill_people_and_attendees(&mut items)?;
        Ok(items)
    }

    /// Each interaction's people and attendees, read for all of them in two statements
    /// (in the order `interaction` gives them).
    fn fill_people_and_attendees(&self, items: &mut [Interaction]) -> Result<()> {
        let ids = serde_json::to_string(&items.iter().map(|i| i.id.0).collect::<Vec<_>>())
            .expect("ids serialise");
        let mut statement = self.conn.prepare_cached(concat!(
            "SELECT m.interaction_id, p.id, ",
            shown_name!(),
            "
             FROM (SELECT ip.interaction_id, ip.person_id FROM interaction_people ip
                   WHERE ip.interaction_id IN (SELECT value FROM json_each(?1))
                   UNION
                   SELECT a.interaction_id, e.person_id FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
                   WHERE a.interaction_id IN (SELECT value FROM json_each(?1))
                     AND e.person_id IS NOT NULL AND a.response_status <> 'declined') m
             JOIN people p ON p.id = m.person_id
             ORDER BY m.interaction_id, p.family_name, p.given_name, p.id"
        ))?;
        let mut people = statement.query_map([&ids], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                PersonId(row.get(1)?),
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut by_id: std::collections::HashMap<i64, &mut Interaction> =
            items.iter_mut().map(|i| (i.id.0, i)).collect();
        for row in people.by_ref() {
            let (id, person, name) = row?;
            if let Some(item) = by_id.get_mut(&id) {
                item.people.push((person, name));
            }
        }
        drop(people);
        let mut statement = self.conn.prepare_cached(
            "SELECT a.interaction_id, e.address, a.response_status, e.person_id
             FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
             WHERE a.interaction_id IN (SELECT value FROM json_each(?1))
             ORDER BY a.interaction_id, e.address",
        )?;
        let attendees = statement.query_map([&ids], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                ResponseStatus::parse_lenient(&row.get::<_, String>(2)?),
                row.get::<_, Option<i64>>(3)?.map(PersonId),
            ))
        })?;
        for row in attendees {
            let (id, address, answer, person) = row?;
            if let Some(item) = by_id.get_mut(&id) {
                item.attendees.push((address, answer, person));
            }
        }
        Ok(())
    }

    /// The latest interactions on or before a day, newest first.
    /// How many interactions happened on or before a day (the length of `/recent`).
    pub fn count_recent_interactions(&self, on_or_before: NaiveDate) -> Result<usize> {
        let count: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM interactions WHERE occurred_on <= ?1")?
            .query_row([on_or_before.to_string()], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    pub fn recent_interactions(
        &self,
        on_or_before: NaiveDate,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<Interaction>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {INTERACTION_COLUMNS} FROM interactions WHERE occurred_on <= ?1
             ORDER BY occurred_on DESC, occurred_at DESC, id DESC LIMIT ?2 OFFSET ?3"
        ))?;
        let mut items: Vec<Interaction> = statement
            .query_map(
                params![on_or_before.to_string(), limit as i64, offset as i64],
                interaction_from_row,
            )?
            .collect::<rusqlite::Result<_>>()?;
        self.fill_people_and_attendees(&mut items)?;
        Ok(items)
    }
}
