//! A person's own rows from an import, in time linear in how many they are: addresses
//! (one look-up each; a new address is inserted already theirs, so no rollup is
//! recomputed for it), phone numbers and tags. Addresses and numbers listed twice are
//! written once.

use std::collections::HashSet;

use rusqlite::{Connection, OptionalExtension, params};

use super::organizations::ensure_tag;
use crate::Result;
use kith_domain::model::{EmailAddress, EmailKind};

/// Links `emails` to `person`: a new address is created theirs (and counted in
/// `created`), one of no one's becomes theirs, one that belongs to someone stays theirs.
/// The first marked primary (else their first address) is primary unless they have one.
pub(super) fn link_addresses(
    tx: &Connection,
    person: i64,
    emails: &[(EmailAddress, EmailKind, bool)],
    now: &str,
    created: &mut usize,
) -> Result<()> {
    let mut seen: HashSet<&str> = HashSet::with_capacity(emails.len());
    for (address, kind, primary) in emails {
        if !seen.insert(address.as_str()) {
            continue;
        }
        let known: Option<(i64, Option<i64>)> = tx
            .prepare_cached("SELECT id, person_id FROM emails WHERE address = ?1")?
            .query_row([address.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?;
        let email = match known {
            None => {
                *created += 1;
                tx.prepare_cached(
                    "INSERT INTO emails (address, person_id, kind, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?4)",
                )?
                .execute(params![address.as_str(), person, kind.as_str(), now])?;
                tx.last_insert_rowid()
            }
            Some((id, None)) => {
                tx.prepare_cached(
                    "UPDATE emails SET person_id = ?2, kind = ?3, ignored = 0, updated_at = ?4
                     WHERE id = ?1",
                )?
                .execute(params![id, person, kind.as_str(), now])?;
                id
            }
            // An address that already belongs to someone stays theirs.
            Some((id, Some(_))) => id,
        };
        if *primary {
            tx.prepare_cached(
                "UPDATE emails SET is_primary = 1 WHERE id = ?1 AND person_id = ?2
                   AND NOT EXISTS (SELECT 1 FROM emails WHERE person_id = ?2 AND is_primary = 1)",
            )?
            .execute(params![email, person])?;
        }
    }
    tx.prepare_cached(
        "UPDATE emails SET is_primary = 1
         WHERE id = (SELECT id FROM emails WHERE person_id = ?1 ORDER BY id LIMIT 1)
           AND NOT EXISTS (SELECT 1 FROM emails WHERE person_id = ?1 AND is_primary = 1)",
    )?
    .execute([person])?;
    Ok(())
}

/// Adds the numbers `person` does not have yet; one they have stays as it is.
pub(super) fn add_phones(
    tx: &Connection,
    person: i64,
    phones: &[(String, String)],
    now: &str,
) -> Result<()> {
    for (number, kind) in phones {
        // Not an upsert: AUTOINCREMENT would count the id a conflicting insert draws.
        tx.prepare_cached(
            "INSERT INTO phones (person_id, number, kind, created_at) SELECT ?1, ?2, ?3, ?4
             WHERE NOT EXISTS (SELECT 1 FROM phones WHERE person_id = ?1 AND number = ?2)",
        )?
        .execute(params![person, number, kind, now])?;
    }
    Ok(())
}

/// Gives `person` each of `tags` (created when new).
pub(super) fn add_tags(tx: &Connection, person: i64, tags: &[String], now: &str) -> Result<()> {
    for tag in tags {
        let tag = ensure_tag(tx, tag, now)?;
        tx.prepare_cached(
            "INSERT INTO person_tags (person_id, tag_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
        )?
        .execute(params![person, tag.0])?;
    }
    Ok(())
}
