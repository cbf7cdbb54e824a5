//! Corrections the owner makes to an interaction: its date, title and notes, whether it
//! happened, who was there, and deleting it. Each is marked as set by hand where a
//! calendar re-sync could otherwise overwrite it; a deleted synced meeting leaves a
//! tombstone so the next sync does not bring it back.

use chrono::NaiveDate;
use rusqlite::params;

use super::{Store, bool_int};
use crate::Result;
use kith_domain::error::Refusal;
use kith_domain::model::{EmailAddress, EmailId, EmailKind, InteractionId, PersonId};

impl Store {
    /// Moves an interaction to another day (its time of day is no longer known).
    pub fn set_interaction_date(&mut self, id: InteractionId, on: NaiveDate) -> Result<()> {
        let interaction = self.interaction(id)?;
        if interaction.occurred_on == on {
            return Ok(());
        }
        let now = self.now_text();
        self.conn.execute(
            "UPDATE interactions SET occurred_on = ?2, occurred_at = NULL, date_set_by_hand = 1,
                 updated_at = ?3 WHERE id = ?1",
            params![id.0, on.to_string(), now],
        )?;
        Ok(())
    }

    pub fn set_interaction_title(&mut self, id: InteractionId, title: &str) -> Result<()> {
        self.interaction(id)?;
        let now = self.now_text();
        self.conn.execute(
            "UPDATE interactions SET title = ?2, title_set_by_hand = 1, updated_at = ?3 WHERE id = ?1",
            params![id.0, title.trim(), now],
        )?;
        Ok(())
    }

    /// Replaces an interaction's notes.
    pub fn set_interaction_notes(&mut self, id: InteractionId, notes: &str) -> Result<()> {
        self.interaction(id)?;
        let now = self.now_text();
        self.conn.execute(
            "UPDATE interactions SET notes = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, notes.trim(), now],
        )?;
        Ok(())
    }

    /// Whether it happened, as the owner says; a calendar's later word does not change it.
    pub fn set_interaction_happened(&mut self, id: InteractionId, happened: bool) -> Result<()> {
        self.interaction(id)?;
        let now = self.now_text();
        self.conn.execute(
            "UPDATE interactions SET did_not_happen = ?2, happened_set_by_hand = 1, updated_at = ?3
             WHERE id = ?1",
            params![id.0, bool_int(!happened), now],
        )?;
        Ok(())
    }

    pub fn set_interaction_initiated(&mut self, id: InteractionId, by_other: bool) -> Result<()> {
        self.interaction(id)?;
        let now = self.now_text();
        self.conn.execute(
            "UPDATE interactions SET initiated_by_other = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, bool_int(by_other), now],
        )?;
        Ok(())
    }

    /// Takes a person off an interaction: a hand link is removed, and an attendee address
    /// of theirs is marked as not there (kept as declined, and kept so by re-syncs).
    pub fn remove_interaction_person(&mut self, id: InteractionId, person: PersonId) -> Result<()> {
        let interaction = self.interaction(id)?;
        if !interaction.people.iter().any(|(p, _)| *p == person) {
            return Err(Refusal::InvalidValue {
                field: "person",
                value: self.person(person)?.name(),
                expected: "someone this interaction counts for",
            }
            .into());
        }
        let now = self.now_text();
        let tx = self.write()?;
        tx.execute(
            "DELETE FROM interaction_people WHERE interaction_id = ?1 AND person_id = ?2",
            params![id.0, person.0],
        )?;
        tx.execute(
            "UPDATE interaction_attendees SET response_status = 'declined', removed_by_hand = 1
             WHERE interaction_id = ?1 AND response_status <> 'declined'
               AND email_id IN (SELECT id FROM emails WHERE person_id = ?2)",
            params![id.0, person.0],
        )?;
        tx.execute(
            "UPDATE interactions SET updated_at = ?2 WHERE id = ?1",
            params![id.0, now],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes an interaction; a synced one leaves a tombstone so no sync brings it back.
    pub fn delete_interaction(&mut self, id: InteractionId) -> Result<()> {
        let interaction = self.interaction(id)?;
        let now = self.now_text();
        let tx = self.write()?;
        if let Some(event_id) = &interaction.calendar_event_id {
            tx.execute(
                "INSERT INTO interaction_tombstones (calendar_event_id, interaction_id, title, occurred_on, deleted_at)
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                params![
                    event_id,
                    id.0,
                    interaction.title,
                    interaction.occurred_on.to_string(),
                    now
                ],
            )?;
        }
        tx.execute("DELETE FROM interactions WHERE id = ?1", [id.0])?;
        tx.commit()?;
        Ok(())
    }

    /// What the owner set by hand on an interaction: date, type, title, whether it
    /// happened, and the addresses taken off it.
    pub fn interaction_hand_marks(&self, id: InteractionId) -> Result<HandMarks> {
        let marks = self.conn.query_row(
            "SELECT date_set_by_hand, type_set_by_hand, title_set_by_hand, happened_set_by_hand,
                 (SELECT count(*) FROM interaction_attendees WHERE interaction_id = ?1 AND removed_by_hand = 1)
             FROM interactions WHERE id = ?1",
            [id.0],
            |row| {
                Ok(HandMarks {
                    date: row.get::<_, i64>(0)? != 0,
                    kind: row.get::<_, i64>(1)? != 0,
                    title: row.get::<_, i64>(2)? != 0,
                    happened: row.get::<_, i64>(3)? != 0,
                    removed: row.get(4)?,
                })
            },
        );
        super::found(marks, kith_domain::error::Entity::Interaction, id.0)
    }

    /// The addresses taken off an interaction by hand.
    pub fn removed_attendees(&self, id: InteractionId) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT e.address FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
             WHERE a.interaction_id = ?1 AND a.removed_by_hand = 1 ORDER BY e.address",
        )?;
        let rows = statement.query_map([id.0], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Which of an interaction's facts the owner set by hand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HandMarks {
    pub date: bool,
    pub kind: bool,
    pub title: bool,
    pub happened: bool,
    pub removed: i64,
}

/// One thing the owner ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ignored {
    /// An address marked "not a person", with the interactions it attended, by kind.
    Address {
        id: EmailId,
        address: String,
        attended: kith_domain::text::Tally,
    },
    /// A rule the owner added (`*@domain`, `prefix@*`).
    Rule { pattern: String },
}

impl Store {
    /// The people an interaction was linked to by hand.
    pub fn hand_linked_people(&self, id: InteractionId) -> Result<Vec<PersonId>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT person_id FROM interaction_people WHERE interaction_id = ?1")?;
        let rows = statement.query_map([id.0], |row| Ok(PersonId(row.get(0)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether an address is work, personal or other.
    pub fn set_email_kind(&mut self, address: &EmailAddress, kind: EmailKind) -> Result<()> {
        let now = self.now_text();
        self.conn.execute(
            "UPDATE emails SET kind = ?2, updated_at = ?3 WHERE address = ?1 AND kind IS NOT ?2",
            params![address.as_str(), kind.as_str(), now],
        )?;
        Ok(())
    }

    /// What the owner ignored — addresses, then their own rules — a page at a time, and
    /// how many there are in all.
    pub fn ignored_entries(&self, limit: usize, offset: usize) -> Result<(Vec<Ignored>, usize)> {
        let mut entries = Vec::new();
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT e.id, e.address, {}
             FROM emails e
             LEFT JOIN interaction_attendees a ON a.email_id = e.id AND a.response_status <> 'declined'
             LEFT JOIN interactions i ON i.id = a.interaction_id
             WHERE e.ignored = 1 GROUP BY e.id ORDER BY e.address",
            super::queries::TALLY_COLUMNS
        ))?;
        let rows = statement.query_map([], |row| {
            Ok(Ignored::Address {
                id: EmailId(row.get(0)?),
                address: row.get(1)?,
                attended: super::queries::tally_from(row, 2)?,
            })
        })?;
        for row in rows {
            entries.push(row?);
        }
        for (pattern, builtin) in self.ignore_rules()? {
            if !builtin {
                entries.push(Ignored::Rule { pattern });
            }
        }
        let total = entries.len();
        Ok((
            entries.into_iter().skip(offset).take(limit).collect(),
            total,
        ))
    }
}
