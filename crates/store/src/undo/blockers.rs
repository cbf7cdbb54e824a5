//! Who stands in the way of an undo: the later change that moved a column this change
//! moved too (even back to the value it left), or, when a row is no longer as the change
//! left it, the latest later change that wrote it or touched its people — named in the
//! refusal.

use rusqlite::{Connection, OptionalExtension, params};

use super::asserted;
use crate::changes::{ChangeEntry, NetRow, Shape, actor_at, parse_image};
use crate::{Error, Result};
use kith_domain::actor::Actor;
use kith_domain::error::Refusal;

/// The refusal when a later change (not undone) moved a column of this row that the
/// change moved too — even back to the value the change left, so the row looks
/// untouched: taking the change back would overrule what the later one said.
pub(super) fn later_change_moving(
    conn: &Connection,
    entry: &ChangeEntry,
    shape: &Shape,
    row: &NetRow,
) -> Result<Option<Error>> {
    let ours = asserted(shape, row);
    // A change that also deleted a row of the table (a merge) read every field of the
    // row it kept to decide what to keep: it asserted all of them.
    let mut statement = conn.prepare_cached(
        "SELECT r.before, r.after, c.summary, c.at, c.actor,
                EXISTS (SELECT 1 FROM change_rows d WHERE d.change_id = r.change_id
                        AND d.tbl = r.tbl AND d.after IS NULL AND d.row_key <> r.row_key)
         FROM change_rows r JOIN changes c ON c.id = r.change_id
         WHERE r.tbl = ?1 AND r.row_key = ?2 AND r.change_id > ?3 AND c.undone_at IS NULL
           AND c.actor <> 'undo'
         ORDER BY r.change_id DESC, r.id DESC",
    )?;
    let rows = statement.query_map(params![row.table, row.key, entry.id.0], |r| {
        Ok((
            r.get::<_, Option<String>>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            actor_at(r, 4)?,
            r.get::<_, bool>(5)?,
        ))
    })?;
    for later in rows {
        let (before, after, by, at, actor, merged) = later?;
        let theirs = NetRow {
            table: row.table.clone(),
            key: row.key.clone(),
            before: parse_image(before),
            after: parse_image(after),
        };
        // A row whose image before equals its image after is one the later change relied
        // on as it was (`record_relied_on`): it asserted every field of it.
        let relied = theirs.before.is_some() && theirs.before == theirs.after;
        if merged || relied || asserted(shape, &theirs).iter().any(|c| ours.contains(c)) {
            return Ok(Some(Error::from(Refusal::UndoBlocked {
                change: entry.summary.clone(),
                by,
                actor,
                at,
            })));
        }
    }
    Ok(None)
}

/// The error for an undo that a later change stands in the way of: the latest change
/// after it that wrote this row, else (a sync or an import records who it touched, not
/// its rows) the latest later change that touched one of its people, or a sync or an import.
pub(super) fn blocker(
    conn: &Connection,
    entry: &ChangeEntry,
    table: &str,
    key: &str,
) -> Result<Error> {
    let wrote_the_row: Option<(String, String, Actor)> = conn
        .query_row(
            "SELECT c.summary, c.at, c.actor FROM change_rows r JOIN changes c ON c.id = r.change_id
             WHERE r.tbl = ?1 AND r.row_key = ?2 AND r.change_id > ?3 AND c.undone_at IS NULL
               AND c.actor <> 'undo'
             ORDER BY r.change_id DESC LIMIT 1",
            params![table, key, entry.id.0],
            |row| Ok((row.get(0)?, row.get(1)?, actor_at(row, 2)?)),
        )
        .optional()?;
    let later = match wrote_the_row {
        Some(found) => Some(found),
        None => conn
            .query_row(
                "SELECT c.summary, c.at, c.actor FROM changes c
                 WHERE c.id > ?1 AND c.actor <> 'undo' AND c.undone_at IS NULL
                   AND (c.actor IN ('sync', 'import') OR EXISTS (
                        SELECT 1 FROM change_people mine JOIN change_people theirs
                        ON theirs.person_id = mine.person_id
                        WHERE mine.change_id = ?1 AND theirs.change_id = c.id))
                 ORDER BY EXISTS (SELECT 1 FROM change_people mine JOIN change_people theirs
                                  ON theirs.person_id = mine.person_id
                                  WHERE mine.change_id = ?1 AND theirs.change_id = c.id) DESC,
                          c.id DESC
                 LIMIT 1",
                [entry.id.0],
                |row| Ok((row.get(0)?, row.get(1)?, actor_at(row, 2)?)),
            )
            .optional()?,
    };
    Ok(match later {
        Some((by, at, actor)) => Error::from(Refusal::UndoBlocked {
            change: entry.summary.clone(),
            by,
            actor,
            at,
        }),
        None => Error::from(Refusal::UndoChangedSince(entry.summary.clone())),
    })
}
