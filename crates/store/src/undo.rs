//! Undo: a chat's change replayed backwards from the rows `changes` captured. It refuses,
//! changing nothing, when a row is no longer as the change left it, or when taking it
//! back would move a row a later change wrote (a cascade, a link set to nothing) — and
//! names that later change.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

mod blockers;

use super::Store;
use super::changes::{ChangeEntry, NetRow, Shape, parse_image, shapes};
use super::emails::promote_if_no_primary;
use crate::{Error, Result};
use blockers::{blocker, later_change_moving};
use kith_domain::error::Refusal;
use kith_domain::model::{ChangeId, PersonId};

/// Puts back each row of the change, latest first, refusing (with what stands in the way)
/// when a later change moved a row or the old values would break a rule.
fn take_back(
    tx: &Connection,
    entry: &ChangeEntry,
    shapes: &HashMap<&str, Shape>,
    rows: &[NetRow],
) -> Result<()> {
    for row in backwards(shapes, rows) {
        let shape = shapes
            .get(row.table.as_str())
            .ok_or_else(|| Error::from(Refusal::UndoChangedSince(entry.summary.clone())))?;
        if let Some(later) = later_change_moving(tx, entry, shape, row)? {
            return Err(later);
        }
        let current = read_image(tx, shape, &row.key)?;
        let created = row.before.is_none();
        // A row the change added that this undo already removed (a cascade from its
        // interaction, which the change touched again after adding the row) is done.
        if created && current.is_none() && removed_by_this_undo(tx, row)? {
            continue;
        }
        if !created && !still_as_left(shape, row, current.as_ref()) {
            return Err(blocker(tx, entry, &row.table, &row.key)?);
        }
        // A later change can leave a row so that the old values break a rule (an
        // address it made primary cannot lose its person): that change is in the way.
        match restore(tx, shape, row, current.as_ref()) {
            Err(Error::Database(rusqlite::Error::SqliteFailure(failure, _)))
                if failure.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                return Err(blocker(tx, entry, &row.table, &row.key)?);
            }
            other => other?,
        }
    }
    Ok(())
}

/// The first row the open undo moved beyond the change's own rows (`touched`): a
/// cascade or a link set to nothing, which a later change depending on it made. A pair
/// of people the digest only showed is bookkeeping, not a later change's work.
fn moved_beyond(
    tx: &Connection,
    touched: &HashSet<(&str, &str)>,
) -> Result<Option<(String, String)>> {
    let moved: Vec<(String, String)> = tx
        .prepare(
            "SELECT tbl, row_key FROM change_rows
             WHERE change_id = (SELECT id FROM temp.change_now)
               AND NOT (tbl = 'duplicate_pairs' AND json_extract(before, '$.not_same') = 0)
             ORDER BY id",
        )?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(moved
        .into_iter()
        .find(|(t, k)| !touched.contains(&(t.as_str(), k.as_str()))))
}

/// Whether the undo under way (the open `temp.change_now`) has deleted `row` already.
fn removed_by_this_undo(tx: &Connection, row: &NetRow) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM change_rows
                 WHERE change_id = (SELECT id FROM temp.change_now)
                   AND tbl = ?1 AND row_key = ?2 AND after IS NULL)",
        )?
        .query_row(params![row.table, row.key], |r| r.get(0))?)
}

impl Store {
    /// Takes a change back: every row it touched is as it was before, or — when a later
    /// change depends on it, or what it wrote was changed since — nothing happens and the
    /// error says which change is in the way.
    pub fn undo_change(&mut self, id: ChangeId) -> Result<ChangeEntry> {
        let entry = self.change(id)?;
        if entry.undone_at.is_some() {
            return Err(Refusal::AlreadyUndone.into());
        }
        if !entry.actor.undoable() {
            return Err(
                Refusal::NotUndoable(format!("a change made by {}", entry.made_by())).into(),
            );
        }
        let shapes: HashMap<&str, Shape> = shapes(&self.conn)?
            .into_iter()
            .map(|s| (s.table, s))
            .collect();
        let rows = self.net_rows(id)?;
        let now = self.now_text();
        self.conn.execute_batch("DELETE FROM temp.change_now")?;
        let tx = self.write()?;
        tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        // The undo records its own rows while it runs, so whatever it moves beyond the
        // change's rows — a cascade, a link set to nothing — shows up below.
        tx.execute(
            "INSERT INTO temp.change_now (id, at, actor, images) VALUES (NULL, ?1, 'undo', 1)",
            [&now],
        )?;
        let touched: HashSet<(&str, &str)> = rows
            .iter()
            .map(|r| (r.table.as_str(), r.key.as_str()))
            .collect();
        if let Some((table, key)) = first_dependent(&tx, &shapes, &rows, &touched)? {
            return Err(blocker(&tx, &entry, &table, &key)?);
        }
        // Every row is checked as the change left it before anything moves: taking one
        // row back may move another the change also wrote (a link to a person it
        // created, set to nothing when that person goes).
        for row in &rows {
            let shape = shapes
                .get(row.table.as_str())
                .ok_or_else(|| Error::from(Refusal::UndoChangedSince(entry.summary.clone())))?;
            let current = read_image(&tx, shape, &row.key)?;
            if !still_as_left(shape, row, current.as_ref()) {
                return Err(blocker(&tx, &entry, &row.table, &row.key)?);
            }
        }
        take_back(&tx, &entry, &shapes, &rows)?;
        // A person an address was given back to keeps one primary, as every change that
        // moves addresses leaves them: a later change may have taken theirs meanwhile.
        for person in address_owners(&rows) {
            promote_if_no_primary(&tx, PersonId(person))?;
        }
        // A value put back may name a row a later change deleted (an address linked
        // again to a person merged away since): that change is in the way.
        if let Some((table, key)) = first_dangling(&tx, &shapes, &rows)? {
            return Err(blocker(&tx, &entry, &table, &key)?);
        }
        // Anything else the undo moved (a cascade, a link set to nothing) belongs to a
        // later change that depends on this one.
        if let Some((table, key)) = moved_beyond(&tx, &touched)? {
            return Err(blocker(&tx, &entry, &table, &key)?);
        }
        tx.execute_batch(
            "DELETE FROM changes WHERE id = (SELECT id FROM temp.change_now);
             DELETE FROM temp.change_now;",
        )?;
        tx.execute(
            "UPDATE changes SET undone_at = ?2 WHERE id = ?1",
            params![id.0, now],
        )?;
        match tx.commit() {
            Err(rusqlite::Error::SqliteFailure(failure, _))
                if failure.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                // A deferred reference broken: the latest later change of its people.
                return Err(blocker(&self.conn, &entry, "", "")?);
            }
            other => other?,
        }
        self.change(id)
    }

    fn net_rows(&self, id: ChangeId) -> Result<Vec<NetRow>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT tbl, row_key, before, after FROM change_rows WHERE change_id = ?1 ORDER BY id",
        )?;
        let raw = statement.query_map([id.0], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, Option<String>>(2)?,
                row.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut net: Vec<NetRow> = Vec::new();
        let mut index: HashMap<(String, String), usize> = HashMap::new();
        for row in raw {
            let (table, key, before, after) = row?;
            match index.get(&(table.clone(), key.clone())) {
                Some(&at) => {
                    // Keep the first "before"; the row moves to where it was last touched.
                    let mut earlier = net.remove(at);
                    earlier.after = parse_image(after);
                    for position in index.values_mut() {
                        if *position > at {
                            *position -= 1;
                        }
                    }
                    index.insert((table, key), net.len());
                    net.push(earlier);
                }
                None => {
                    index.insert((table.clone(), key.clone()), net.len());
                    net.push(NetRow {
                        table,
                        key,
                        before: parse_image(before),
                        after: parse_image(after),
                    });
                }
            }
        }
        Ok(net)
    }
}

/// The change's rows in the order they are taken back: the last first, except that a
/// row the change created is deleted only after every row it created that names it (a
/// person's addresses before the person, though the person was written last when an
/// introducer was linked after everyone was created).
fn backwards<'a>(shapes: &HashMap<&str, Shape>, rows: &'a [NetRow]) -> Vec<&'a NetRow> {
    let mut order: Vec<&NetRow> = rows.iter().rev().collect();
    let created_id = |row: &NetRow| -> Option<i64> {
        row.before.is_none().then_some(())?;
        row.after.as_ref()?.get("id")?.as_i64()
    };
    // The created rows (by their place in `order`), found by table and id.
    let slots: Vec<usize> = (0..order.len())
        .filter(|&i| order[i].before.is_none() && order[i].after.is_some())
        .collect();
    let mut by_id: HashMap<(&str, i64), usize> = HashMap::new();
    for (n, &slot) in slots.iter().enumerate() {
        if let Some(id) = created_id(order[slot]) {
            by_id.insert((order[slot].table.as_str(), id), n);
        }
    }
    // Each created row's created rows that name it.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); slots.len()];
    for (n, &slot) in slots.iter().enumerate() {
        let row = order[slot];
        let (Some(after), Some(shape)) = (row.after.as_ref(), shapes.get(row.table.as_str()))
        else {
            continue;
        };
        for (column, table) in &shape.references {
            if let Some(parent) = after
                .get(column)
                .and_then(Value::as_i64)
                .and_then(|id| by_id.get(&(table.as_str(), id)))
                && *parent != n
            {
                children[*parent].push(n);
            }
        }
    }
    // Depth first, without recursion: a row goes after every row that names it; a cycle
    // is broken where it is met.
    let mut placed: Vec<usize> = Vec::with_capacity(slots.len());
    let mut seen = vec![false; slots.len()];
    for start in 0..slots.len() {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((at, next)) = stack.pop() {
            if let Some(&child) = children[at].get(next) {
                stack.push((at, next + 1));
                if !seen[child] {
                    seen[child] = true;
                    stack.push((child, 0));
                }
            } else {
                placed.push(at);
            }
        }
    }
    let rows_placed: Vec<&NetRow> = placed.iter().map(|&n| order[slots[n]]).collect();
    for (slot, row) in slots.iter().zip(rows_placed) {
        order[*slot] = row;
    }
    order
}

/// The first row, outside the change, that names by its id a row the change created
/// (and its undo would delete): a meeting logged with a person it added, a tag it made
/// given to someone else, an address linked to them. A pair of people the digest only
/// showed is bookkeeping, not a dependency.
/// The people the change's address rows name, before or after it.
fn address_owners(rows: &[NetRow]) -> HashSet<i64> {
    rows.iter()
        .filter(|row| row.table == "emails")
        .flat_map(|row| [&row.before, &row.after])
        .filter_map(|image| image.as_ref()?.get("person_id")?.as_i64())
        .collect()
}

fn first_dependent(
    conn: &Connection,
    shapes: &HashMap<&str, Shape>,
    rows: &[NetRow],
    touched: &HashSet<(&str, &str)>,
) -> Result<Option<(String, String)>> {
    for row in rows
        .iter()
        .filter(|r| r.before.is_none() && r.after.is_some())
    {
        let Some(id) = row
            .after
            .as_ref()
            .and_then(|a| a.get("id"))
            .and_then(Value::as_i64)
        else {
            continue;
        };
        for child in shapes.values() {
            for (column, parent) in &child.references {
                if *parent != row.table {
                    continue;
                }
                let mut sql = format!(
                    "SELECT {} FROM main.{} WHERE \"{column}\" = ?1",
                    child.key(child.table),
                    child.table
                );
                if child.table == "duplicate_pairs" {
                    sql.push_str(" AND not_same = 1");
                }
                let keys: Vec<String> = conn
                    .prepare(&sql)?
                    .query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                if let Some(key) = keys
                    .into_iter()
                    .find(|k| !touched.contains(&(child.table, k.as_str())))
                {
                    return Ok(Some((child.table.to_owned(), key)));
                }
            }
        }
    }
    Ok(None)
}

/// The first row, gone now, that a value the undo put back names by its id — as the
/// key of that row, for `blocker` to find the later change that deleted it. Foreign keys
/// are deferred during an undo (and inside a chat's input, its savepoint commits
/// without checking them), so a reference like that must be looked for.
fn first_dangling(
    conn: &Connection,
    shapes: &HashMap<&str, Shape>,
    rows: &[NetRow],
) -> Result<Option<(String, String)>> {
    for row in rows {
        let (Some(before), Some(shape)) = (&row.before, shapes.get(row.table.as_str())) else {
            continue;
        };
        let put_back = moved_columns(shape, row);
        for (column, parent) in &shape.references {
            if !put_back.contains(&column) {
                continue;
            }
            let Some(id) = before.get(column).and_then(Value::as_i64) else {
                continue;
            };
            let exists: bool = conn
                .prepare_cached(&format!(
                    "SELECT EXISTS (SELECT 1 FROM main.\"{parent}\" WHERE id = ?1)"
                ))?
                .query_row([id], |r| r.get(0))?;
            if !exists {
                return Ok(Some((parent.clone(), format!("{{\"id\":{id}}}"))));
            }
        }
    }
    Ok(None)
}

/// The row's columns now, as the capture triggers would record them.
fn read_image(conn: &Connection, shape: &Shape, key: &str) -> Result<Option<Map<String, Value>>> {
    let sql = format!(
        "SELECT {} FROM main.{} WHERE {}",
        shape.image(shape.table),
        shape.table,
        shape.key_filter(1)
    );
    let text: Option<String> = conn.query_row(&sql, [key], |row| row.get(0)).optional()?;
    Ok(parse_image(text))
}

/// The columns a change moved: every meaningful one for a row it created or deleted.
fn moved_columns<'a>(shape: &'a Shape, row: &NetRow) -> Vec<&'a String> {
    match (&row.before, &row.after) {
        (Some(before), Some(after)) => shape
            .meaningful
            .iter()
            .filter(|c| before.get(*c) != after.get(*c))
            .collect(),
        _ => shape.meaningful.iter().collect(),
    }
}

/// Columns that go together: a value set by hand and the mark that says so. A later
/// change that moved one of them also asserted the other.
const COMPANIONS: &[(&str, &str, &str)] = &[
    ("interactions", "occurred_on", "date_set_by_hand"),
    ("interactions", "occurred_at", "date_set_by_hand"),
    ("interactions", "title", "title_set_by_hand"),
    ("interactions", "type", "type_set_by_hand"),
    ("interactions", "did_not_happen", "happened_set_by_hand"),
    (
        "interaction_attendees",
        "response_status",
        "removed_by_hand",
    ),
];

/// The columns a row's change moved, with their companions.
fn asserted<'a>(shape: &'a Shape, row: &NetRow) -> HashSet<&'a str> {
    let mut columns: HashSet<&str> = moved_columns(shape, row)
        .into_iter()
        .map(String::as_str)
        .collect();
    for (table, value, mark) in COMPANIONS {
        if *table == shape.table {
            if columns.contains(value) {
                columns.insert(mark);
            }
            if columns.contains(mark) {
                columns.insert(value);
            }
        }
    }
    columns
}

/// Whether the row still is as the change left it, in the columns it moved.
fn still_as_left(shape: &Shape, row: &NetRow, current: Option<&Map<String, Value>>) -> bool {
    match (&row.after, current) {
        (None, None) => true,
        (Some(after), Some(current)) => moved_columns(shape, row)
            .iter()
            .all(|c| after.get(*c) == current.get(*c)),
        _ => false,
    }
}

fn restore(
    conn: &Connection,
    shape: &Shape,
    row: &NetRow,
    current: Option<&Map<String, Value>>,
) -> Result<()> {
    let table = shape.table;
    match (&row.before, &row.after) {
        (None, None) => {}
        (None, Some(_)) => {
            conn.execute(
                &format!("DELETE FROM main.{table} WHERE {}", shape.key_filter(1)),
                [&row.key],
            )?;
        }
        (Some(before), None) => {
            let columns: Vec<String> = shape.columns.iter().map(|c| format!("\"{c}\"")).collect();
            let values: Vec<String> = shape
                .columns
                .iter()
                .map(|c| format!("json_extract(?1, '$.\"{c}\"')"))
                .collect();
            conn.execute(
                &format!(
                    "INSERT INTO main.{table} ({}) VALUES ({})",
                    columns.join(", "),
                    values.join(", ")
                ),
                [Value::Object(before.clone()).to_string()],
            )?;
        }
        (Some(before), Some(after)) => {
            let mut columns: Vec<&String> = moved_columns(shape, row);
            // The audit time goes back too, unless something else moved it since.
            if let Some(stamp) = shape.columns.iter().find(|c| *c == "updated_at")
                && current.and_then(|c| c.get("updated_at")) == after.get("updated_at")
            {
                columns.push(stamp);
            }
            if columns.is_empty() {
                return Ok(());
            }
            let sets: Vec<String> = columns
                .iter()
                .map(|c| format!("\"{c}\" = json_extract(?1, '$.\"{c}\"')"))
                .collect();
            conn.execute(
                &format!(
                    "UPDATE main.{table} SET {} WHERE {}",
                    sets.join(", "),
                    shape.key_filter(2)
                ),
                params![Value::Object(before.clone()).to_string(), row.key],
            )?;
        }
    }
    Ok(())
}
