//! The second half of an import, after its people: addresses that belong to no one
//! (unknown, or ignored by the owner), the owner's ignore rules, and the interactions with
//! their people and attendees.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};

use super::bool_int;
use super::emails::{ensure_counted, normalize_ignore_pattern};
use crate::Result;
use kith_domain::import::{ImportBatch, ImportReport};
use kith_domain::model::EmailAddress;

/// Loose addresses, ignored addresses, the names addresses go by (but not of `refused`,
/// the addresses of entries not applied), and ignore rules.
pub(super) fn import_addresses(
    tx: &Connection,
    batch: &ImportBatch,
    refused: &HashSet<&EmailAddress>,
    now: &str,
    report: &mut ImportReport,
) -> Result<()> {
    for (address, kind) in &batch.loose_emails {
        let before = report.emails_created;
        let email = ensure_counted(tx, address, now, &mut report.emails_created)?;
        if report.emails_created > before {
            tx.prepare_cached("UPDATE emails SET kind = ?2 WHERE id = ?1")?
                .execute(params![email.0, kind.as_str()])?;
        }
    }
    for address in &batch.ignored_addresses {
        let email = ensure_counted(tx, address, now, &mut report.emails_created)?;
        // An address that belongs to someone is theirs, whatever the file says.
        tx.prepare_cached(
            "UPDATE emails SET ignored = 1, updated_at = ?2
             WHERE id = ?1 AND person_id IS NULL AND ignored = 0",
        )?
        .execute(params![email.0, now])?;
    }
    for (address, name) in &batch.address_names {
        if refused.contains(address) {
            continue;
        }
        // Every address of the file is in kith by now (a person's, or a loose one).
        tx.prepare_cached(
            "UPDATE emails SET display_name = ?2
             WHERE address = ?1 AND coalesce(display_name, '') = '' AND ?2 <> ''",
        )?
        .execute(params![address.as_str(), name.trim()])?;
    }
    for pattern in &batch.ignore_rules {
        let pattern = normalize_ignore_pattern(pattern)?;
        report.ignore_rules_created += tx.prepare_cached("INSERT INTO ignore_rules (pattern, created_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING")?.execute(params![pattern, now])?;
    }
    Ok(())
}

/// Every interaction: matched by calendar event id, then import key; created otherwise.
pub(super) fn import_interactions(
    tx: &Connection,
    batch: &ImportBatch,
    ids: &HashMap<&str, i64>,
    now: &str,
    report: &mut ImportReport,
) -> Result<()> {
    let mut email_ids: HashMap<EmailAddress, kith_domain::model::EmailId> = HashMap::new();
    for interaction in &batch.interactions {
        let by_event = match &interaction.calendar_event_id {
            Some(event) => tx
                .prepare_cached("SELECT id FROM interactions WHERE calendar_event_id = ?1")?
                .query_row([event], |row| row.get::<_, i64>(0))
                .optional()?,
            None => None,
        };
        let existing = match by_event {
            Some(id) => Some(id),
            None => tx
                .prepare_cached("SELECT id FROM interactions WHERE import_key = ?1")?
                .query_row([&interaction.key], |row| row.get::<_, i64>(0))
                .optional()?,
        };
        let id = match existing {
            Some(id) => {
                report.interactions_matched += 1;
                // A synced meeting gains the notes typed in Airtable, if it has none.
                tx.prepare_cached(
                    "UPDATE interactions SET notes = ?2 WHERE id = ?1 AND notes = '' AND ?2 <> ''",
                )?
                .execute(params![id, interaction.notes.trim()])?;
                id
            }
            None => {
                report.interactions_created += 1;
                tx.prepare_cached(
                    "INSERT INTO interactions (occurred_on, type, type_set_by_hand, title, notes, source,
                         calendar_event_id, did_not_happen, initiated_by_other, import_key, created_at, updated_at,
                         occurred_at, time_zone, type_word)
                     VALUES (?1, ?2, 1, ?3, ?4, 'import', ?5, ?6, ?7, ?8, ?9, ?9, ?10, ?11, ?12)",
                )?
                .execute(params![
                    interaction.occurred_on.to_string(),
                    interaction.kind.as_str(),
                    interaction.title.trim(),
                    interaction.notes.trim(),
                    interaction.calendar_event_id,
                    bool_int(interaction.did_not_happen),
                    bool_int(interaction.initiated_by_other),
                    interaction.key,
                    now,
                    interaction.occurred_at,
                    interaction.time_zone,
                    interaction.type_word,
                ])?;
                tx.last_insert_rowid()
            }
        };
        for person in &interaction.people {
            if let Some(person) = ids.get(person.as_str()) {
                tx.prepare_cached(
                    "INSERT INTO interaction_people (interaction_id, person_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                )?
                .execute(params![id, person])?;
            }
        }
        for attendee in &interaction.attendees {
            // An address attends many meetings: its row is looked up once per import.
            let email = match email_ids.get(&attendee.address) {
                Some(email) => *email,
                None => {
                    let email =
                        ensure_counted(tx, &attendee.address, now, &mut report.emails_created)?;
                    email_ids.insert(attendee.address.clone(), email);
                    email
                }
            };
            tx.prepare_cached(
                "INSERT INTO interaction_attendees (interaction_id, email_id, response_status, removed_by_hand)
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            )?
            .execute(params![
                id,
                email.0,
                attendee.response.as_str(),
                bool_int(attendee.removed_by_hand)
            ])?;
        }
    }
    Ok(())
}
