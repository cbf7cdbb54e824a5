//! Interactions: logged by hand, or upserted from a calendar by their event id (the
//! idempotency key) with every attendee address and its answer.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::emails::ensure_email;
use super::{Store, bool_int, found};
use crate::Result;
use kith_domain::error::{Entity, Refusal};
pub use kith_domain::event::{Attendee, CalendarEvent};
use kith_domain::model::{
    EmailId, InteractionId, InteractionType, PersonId, ResponseStatus, Source,
};

/// An interaction logged by hand (or imported).
#[derive(Clone, Debug)]
pub struct NewInteraction {
    pub occurred_on: NaiveDate,
    pub occurred_at: Option<DateTime<Utc>>,
    pub kind: InteractionType,
    pub title: String,
    pub notes: String,
    pub people: Vec<PersonId>,
    pub did_not_happen: bool,
    pub initiated_by_other: bool,
    pub source: Source,
    pub calendar_event_id: Option<String>,
    /// The owner's word for the type when it is not the type's name ("walk" for other).
    pub type_word: Option<String>,
}

impl NewInteraction {
    /// A manual interaction on a day with some people.
    pub fn manual(
        occurred_on: NaiveDate,
        kind: InteractionType,
        people: Vec<PersonId>,
    ) -> NewInteraction {
        NewInteraction {
            occurred_on,
            occurred_at: None,
            kind,
            title: String::new(),
            notes: String::new(),
            type_word: None,
            people,
            did_not_happen: false,
            initiated_by_other: false,
            source: Source::Manual,
            calendar_event_id: None,
        }
    }
}

/// What an upsert did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UpsertOutcome {
    pub id: InteractionId,
    pub created: bool,
    /// Whether anything stored changed (always true when created).
    pub changed: bool,
    /// Attendee addresses kith had never seen.
    pub new_addresses: usize,
}

/// One interaction with its people and attendees.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interaction {
    pub id: InteractionId,
    pub occurred_on: NaiveDate,
    pub occurred_at: Option<String>,
    pub time_zone: Option<String>,
    pub kind: InteractionType,
    pub type_set_by_hand: bool,
    /// The owner's word for the type, when it is not the type's name: "walk", "Dinner".
    pub type_word: Option<String>,
    pub title: String,
    pub notes: String,
    pub source: Source,
    pub calendar_event_id: Option<String>,
    pub did_not_happen: bool,
    pub initiated_by_other: bool,
    /// Everyone it counts for: logged by hand plus matched attendees (not declined).
    pub people: Vec<(PersonId, String)>,
    /// Every attendee address, with its answer and its person if linked.
    pub attendees: Vec<(String, ResponseStatus, Option<PersonId>)>,
}

impl Interaction {
    /// What the owner calls its type: their own word ("walk"), else the type's name.
    pub fn label(&self) -> &str {
        self.type_word.as_deref().unwrap_or(self.kind.as_str())
    }
}

fn timestamp(at: Option<DateTime<Utc>>) -> Option<String> {
    at.map(|at| at.to_rfc3339_opts(SecondsFormat::Secs, true))
}

pub(super) const INTERACTION_COLUMNS: &str = "id, occurred_on, occurred_at, time_zone, type, type_set_by_hand, \
     title, notes, source, calendar_event_id, did_not_happen, initiated_by_other, type_word";

pub(super) fn interaction_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Interaction> {
    let on: String = row.get(1)?;
    let kind: String = row.get(4)?;
    let source: String = row.get(8)?;
    Ok(Interaction {
        id: InteractionId(row.get(0)?),
        occurred_on: NaiveDate::parse_from_str(&on, "%Y-%m-%d").unwrap_or_default(),
        occurred_at: row.get(2)?,
        time_zone: row.get(3)?,
        kind: InteractionType::parse(&kind).unwrap_or(InteractionType::Other),
        type_set_by_hand: row.get::<_, i64>(5)? != 0,
        title: row.get(6)?,
        notes: row.get(7)?,
        source: Source::from_stored(&source),
        calendar_event_id: row.get(9)?,
        did_not_happen: row.get::<_, i64>(10)? != 0,
        initiated_by_other: row.get::<_, i64>(11)? != 0,
        type_word: row.get(12)?,
        people: Vec::new(),
        attendees: Vec::new(),
    })
}

impl Store {
    /// Logs an interaction with its people, all in one transaction.
    pub fn log_interaction(&mut self, new: &NewInteraction) -> Result<InteractionId> {
        for person in &new.people {
            self.person(*person)?;
        }
        if let Some(event_id) = &new.calendar_event_id
            && self.interaction_by_event_id(event_id)?.is_some()
        {
            return Err(Refusal::EventIdConflict(event_id.clone()).into());
        }
        let now = self.now_text();
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO interactions (occurred_on, occurred_at, type, type_set_by_hand, title, notes,
                 source, calendar_event_id, did_not_happen, initiated_by_other, created_at, updated_at,
                 type_word)
             VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11)",
            params![
                new.occurred_on.to_string(),
                timestamp(new.occurred_at),
                new.kind.as_str(),
                new.title.trim(),
                new.notes.trim(),
                new.source.as_str(),
                new.calendar_event_id,
                bool_int(new.did_not_happen),
                bool_int(new.initiated_by_other),
                now,
                new.type_word,
            ],
        )?;
        let id = tx.last_insert_rowid();
        for person in &new.people {
            tx.execute(
                "INSERT INTO interaction_people (interaction_id, person_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![id, person.0],
            )?;
        }
        tx.commit()?;
        Ok(InteractionId(id))
    }

    /// Creates or updates the interaction of a calendar event, keyed by its event id.
    /// Notes, flags the owner set and a type set by hand survive; the attendee list is
    /// replaced by the event's. New addresses become unknown attendees.
    pub fn upsert_calendar_event(&mut self, event: &CalendarEvent) -> Result<UpsertOutcome> {
        let now = self.now_text();
        let tx = self.write()?;
        let outcome = upsert_event_in(&tx, event, &now)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// The interaction of a calendar event id, if synced.
    pub fn interaction_by_event_id(&self, event_id: &str) -> Result<Option<InteractionId>> {
        Ok(self
            .conn
            .prepare_cached("SELECT id FROM interactions WHERE calendar_event_id = ?1")?
            .query_row([event_id], |row| row.get(0))
            .optional()?
            .map(InteractionId))
    }

    /// An interaction of type `kind` on `day` that happened with exactly `people` (in any
    /// order), if one is logged already: what a second /log of the same meeting would
    /// duplicate. An email the same day is not the call logged after it, nor (of type
    /// other) a walk the hike: there the owner's word tells them apart.
    pub fn same_day_interaction(
        &self,
        day: NaiveDate,
        kind: InteractionType,
        type_word: Option<&str>,
        people: &[PersonId],
    ) -> Result<Option<Interaction>> {
        let mut wanted: Vec<PersonId> = people.to_vec();
        wanted.sort();
        wanted.dedup();
        let Some(first) = wanted.first() else {
            return Ok(None);
        };
        // Only that day's interactions one of them is in are compared in full.
        let ids: Vec<i64> = self
            .conn
            .prepare_cached(
                "SELECT i.id FROM interactions i
                 WHERE i.occurred_on = ?1 AND i.did_not_happen = 0 AND i.type = ?3
                   AND (i.type <> 'other' OR i.type_word IS ?4)
                   AND (i.id IN (SELECT interaction_id FROM interaction_people WHERE person_id = ?2)
                        OR i.id IN (SELECT a.interaction_id FROM interaction_attendees a
                                    JOIN emails e ON e.id = a.email_id
                                    WHERE e.person_id = ?2 AND a.response_status <> 'declined'))
                 ORDER BY i.id",
            )?
            .query_map(
                params![day.to_string(), first.0, kind.as_str(), type_word],
                |row| row.get(0),
            )?
            .collect::<rusqlite::Result<_>>()?;
        for id in ids {
            let interaction = self.interaction(InteractionId(id))?;
            let mut present: Vec<PersonId> = interaction.people.iter().map(|(p, _)| *p).collect();
            present.sort();
            if present == wanted {
                return Ok(Some(interaction));
            }
        }
        Ok(None)
    }

    /// One interaction with its people and attendees.
    pub fn interaction(&self, id: InteractionId) -> Result<Interaction> {
        let result = self
            .conn
            .prepare_cached(&format!(
                "SELECT {INTERACTION_COLUMNS} FROM interactions WHERE id = ?1"
            ))?
            .query_row([id.0], interaction_from_row);
        let mut interaction = found(result, Entity::Interaction, id.0)?;
        let mut statement = self.conn.prepare_cached(
            concat!("SELECT p.id, ", shown_name!(), "
             FROM people p
             WHERE p.id IN (
                 SELECT person_id FROM interaction_people WHERE interaction_id = ?1
                 UNION
                 SELECT e.person_id FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
                 WHERE a.interaction_id = ?1 AND e.person_id IS NOT NULL AND a.response_status <> 'declined')
             ORDER BY p.family_name, p.given_name, p.id"),
        )?;
        interaction.people = statement
            .query_map([id.0], |row| Ok((PersonId(row.get(0)?), row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut statement = self.conn.prepare_cached(
            "SELECT e.address, a.response_status, e.person_id
             FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
             WHERE a.interaction_id = ?1 ORDER BY e.address",
        )?;
        interaction.attendees = statement
            .query_map([id.0], |row| {
                Ok((
                    row.get(0)?,
                    ResponseStatus::parse_lenient(&row.get::<_, String>(1)?),
                    row.get::<_, Option<i64>>(2)?.map(PersonId),
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(interaction)
    }

    /// Sets the type by hand (the owner's word for the old type goes with it); calendar
    /// re-syncs keep it from then on.
    pub fn set_interaction_type(&mut self, id: InteractionId, kind: InteractionType) -> Result<()> {
        self.interaction(id)?;
        let now = self.now_text();
        self.conn.execute(
            "UPDATE interactions SET type = ?2, type_set_by_hand = 1, type_word = NULL, updated_at = ?3
             WHERE id = ?1",
            params![id.0, kind.as_str(), now],
        )?;
        Ok(())
    }

    /// Sets the "didn't actually happen" and "initiated by other" flags.
    pub fn set_interaction_flags(
        &mut self,
        id: InteractionId,
        did_not_happen: bool,
        initiated_by_other: bool,
    ) -> Result<()> {
        self.interaction(id)?;
        let now = self.now_text();
        self.conn.execute(
            "UPDATE interactions SET did_not_happen = ?2, initiated_by_other = ?3, updated_at = ?4 WHERE id = ?1",
            params![id.0, bool_int(did_not_happen), bool_int(initiated_by_other), now],
        )?;
        Ok(())
    }

    /// Appends a line to an interaction's notes; calendar re-syncs never touch notes.
    pub fn append_interaction_note(&mut self, id: InteractionId, note: &str) -> Result<()> {
        let note = note.trim();
        if note.is_empty() {
            return Err(Refusal::InvalidValue {
                field: "note",
                value: String::new(),
                expected: "some text",
            }
            .into());
        }
        let now = self.now_text();
        // One statement, so two processes appending at once both keep their line.
        let changed = self.conn.execute(
            "UPDATE interactions SET notes = CASE WHEN notes = '' THEN ?2 ELSE notes || char(10) || ?2 END,
                 updated_at = ?3
             WHERE id = ?1",
            params![id.0, note, now],
        )?;
        if changed == 0 {
            return Err(Refusal::NotFound {
                entity: Entity::Interaction,
                id: id.0,
            }
            .into());
        }
        Ok(())
    }

    /// Adds people by hand to an interaction.
    pub fn add_interaction_people(&mut self, id: InteractionId, people: &[PersonId]) -> Result<()> {
        self.interaction(id)?;
        for person in people {
            self.person(*person)?;
        }
        let tx = self.write()?;
        for person in people {
            tx.execute(
                "INSERT INTO interaction_people (interaction_id, person_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                params![id.0, person.0],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

/// Whether the owner deleted the synced meeting with this event id.
pub(super) fn is_tombstoned(tx: &Connection, event_id: &str) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM interaction_tombstones WHERE calendar_event_id = ?1)",
        )?
        .query_row([event_id], |row| row.get(0))?)
}

/// Creates or updates the interaction of a calendar event inside `tx`: what the owner
/// set by hand (date, type, title, whether it happened, who was not there) is kept.
/// A mail thread's day only grows: each read adds the recipients of the messages it
/// found and keeps the earliest time, since one read may see only some of that day's
/// messages.
pub(super) fn upsert_event_in(
    tx: &Connection,
    event: &CalendarEvent,
    now: &str,
) -> Result<UpsertOutcome> {
    let fingerprint = event_fingerprint(event);
    let existing: Option<(i64, Option<String>, Option<String>)> = tx
        .prepare_cached(
            "SELECT id, occurred_at, source_fingerprint FROM interactions WHERE calendar_event_id = ?1",
        )?
        .query_row([&event.event_id], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?;
    // Exactly as last applied: nothing to do (what the owner changed since stays too).
    if let Some((id, _, Some(stored))) = &existing
        && *stored == fingerprint
    {
        return Ok(UpsertOutcome {
            id: InteractionId(*id),
            created: false,
            changed: false,
            new_addresses: 0,
        });
    }
    let mail = event.source.is_mail();
    let mut occurred_at = timestamp(event.occurred_at);
    if mail
        && let Some((_, Some(stored), _)) = &existing
        && occurred_at.as_ref().is_none_or(|new| stored < new)
    {
        occurred_at = Some(stored.clone());
    }
    let existing = existing.map(|(id, _, _)| id);
    // A meeting the owner deleted stays deleted.
    if existing.is_none() && is_tombstoned(tx, &event.event_id)? {
        return Ok(UpsertOutcome {
            id: InteractionId(0),
            created: false,
            changed: false,
            new_addresses: 0,
        });
    }
    let (id, created, row_changed) = match existing {
        Some(id) => (
            id,
            false,
            update_event_row(tx, id, event, occurred_at.as_deref(), now)?,
        ),
        None => (insert_event_row(tx, event, &fingerprint, now)?, true, false),
    };
    let attendees = write_attendees(tx, id, event, now)?;
    let mut attendees_changed = attendees.changed;
    if !created && !mail {
        attendees_changed |= drop_attendees_not_kept(tx, id, &attendees.kept)?;
    }
    tx.prepare_cached(
        "UPDATE interactions SET source_fingerprint = ?2 WHERE id = ?1 AND source_fingerprint IS NOT ?2",
    )?
    .execute(params![id, fingerprint])?;
    Ok(UpsertOutcome {
        id: InteractionId(id),
        created,
        changed: created || row_changed || attendees_changed,
        new_addresses: attendees.new_addresses,
    })
}

/// The event written over its interaction (`id`), but for what the owner set by hand;
/// returns whether the row changed.
fn update_event_row(
    tx: &Connection,
    id: i64,
    event: &CalendarEvent,
    occurred_at: Option<&str>,
    now: &str,
) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "UPDATE interactions SET
                 occurred_on = CASE WHEN date_set_by_hand = 1 THEN occurred_on ELSE ?2 END,
                 occurred_at = CASE WHEN date_set_by_hand = 1 THEN occurred_at ELSE ?3 END,
                 time_zone = CASE WHEN date_set_by_hand = 1 THEN time_zone ELSE ?4 END,
                 type = CASE WHEN type_set_by_hand = 1 THEN type ELSE ?5 END,
                 title = CASE WHEN title_set_by_hand = 1 THEN title ELSE ?6 END,
                 did_not_happen = CASE WHEN happened_set_by_hand = 1 THEN did_not_happen ELSE ?7 END,
                 updated_at = ?8
             WHERE id = ?1 AND (
                 (date_set_by_hand = 0 AND (occurred_on IS NOT ?2 OR occurred_at IS NOT ?3 OR time_zone IS NOT ?4))
                 OR (type_set_by_hand = 0 AND type IS NOT ?5)
                 OR (title_set_by_hand = 0 AND title IS NOT ?6)
                 OR (happened_set_by_hand = 0 AND did_not_happen IS NOT ?7))",
        )?
        .execute(params![
            id,
            event.occurred_on.to_string(),
            occurred_at,
            event.time_zone,
            event.kind.as_str(),
            event.title.trim(),
            bool_int(event.did_not_happen),
            now,
        ])?
        > 0)
}

/// A new interaction of the event, with its fingerprint (a new row is written once, so
/// an import's record of it is one row, not two); returns its id.
fn insert_event_row(
    tx: &Connection,
    event: &CalendarEvent,
    fingerprint: &str,
    now: &str,
) -> Result<i64> {
    tx.prepare_cached(
        "INSERT INTO interactions (occurred_on, occurred_at, time_zone, type, title, source,
             calendar_event_id, did_not_happen, created_at, updated_at, source_fingerprint)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9, ?10)",
    )?
    .execute(params![
        event.occurred_on.to_string(),
        timestamp(event.occurred_at),
        event.time_zone,
        event.kind.as_str(),
        event.title.trim(),
        event.source.as_str(),
        event.event_id,
        bool_int(event.did_not_happen),
        now,
        fingerprint,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// What writing an event's attendees did: their addresses (in the event's order),
/// whether any row changed, and how many addresses kith did not know before.
struct AttendeesWritten {
    kept: Vec<EmailId>,
    changed: bool,
    new_addresses: usize,
}

/// Each attendee of the event on its interaction (`id`), their address created when new;
/// a response the owner removed by hand stays removed.
fn write_attendees(
    tx: &Connection,
    id: i64,
    event: &CalendarEvent,
    now: &str,
) -> Result<AttendeesWritten> {
    let mut kept: Vec<EmailId> = Vec::with_capacity(event.attendees.len());
    let mut attendees_changed = false;
    let mut new_addresses = 0;
    for attendee in &event.attendees {
        let known: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM emails WHERE address = ?1)")?
            .query_row([attendee.address.as_str()], |row| row.get(0))?;
        if !known {
            new_addresses += 1;
        }
        let email = ensure_email(tx, &attendee.address, attendee.display_name.as_deref(), now)?;
        tx.prepare_cached(
                "INSERT INTO interaction_attendees (interaction_id, email_id, response_status) VALUES (?1, ?2, ?3)
                 ON CONFLICT (interaction_id, email_id) DO UPDATE SET response_status = excluded.response_status
                 WHERE response_status IS NOT excluded.response_status AND removed_by_hand = 0",
            )?
            .execute(params![id, email.0, attendee.response.as_str()])?;
        attendees_changed |= tx.changes() > 0;
        kept.push(email);
    }
    Ok(AttendeesWritten {
        kept,
        changed: attendees_changed,
        new_addresses,
    })
}

/// The interaction's (`id`) attendees the event no longer has removed; returns whether
/// any was.
fn drop_attendees_not_kept(tx: &Connection, id: i64, kept: &[EmailId]) -> Result<bool> {
    let kept_json = serde_json::to_string(&kept.iter().map(|e| e.0).collect::<Vec<_>>())
        .expect("ids serialise");
    tx.prepare_cached(
        "DELETE FROM interaction_attendees WHERE interaction_id = ?1
               AND email_id NOT IN (SELECT value FROM json_each(?2))",
    )?
    .execute(params![id, kept_json])?;
    Ok(tx.changes() > 0)
}

/// A stable digest (FNV-1a, hex) of everything an upsert writes from an event.
fn event_fingerprint(event: &CalendarEvent) -> String {
    let mut attendees: Vec<String> = event
        .attendees
        .iter()
        .map(|a| {
            format!(
                "{}\u{1f}{}\u{1f}{}",
                a.address.as_str(),
                a.response.as_str(),
                a.display_name.as_deref().unwrap_or_default()
            )
        })
        .collect();
    attendees.sort();
    let text = format!(
        "{}\u{1e}{}\u{1e}{}\u{1e}{}\u{1e}{}\u{1e}{}\u{1e}{}\u{1e}{}",
        event.source.as_str(),
        event.occurred_on,
        timestamp(event.occurred_at).unwrap_or_default(),
        event.time_zone.as_deref().unwrap_or_default(),
        event.title.trim(),
        event.kind.as_str(),
        event.did_not_happen,
        attendees.join("\u{1d}")
    );
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
