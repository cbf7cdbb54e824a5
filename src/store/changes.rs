//! The record of changes: every write to the network's tables made while a change is
//! open is captured, row by row, by triggers this module creates on each connection
//! (TEMP triggers, generated from the tables' own columns, so a new column is captured
//! without anyone remembering to). Undo replays a change's rows backwards, and refuses
//! — changing nothing — when a later change depends on what it would take back.

use std::collections::{HashMap, HashSet};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

use super::Store;
use crate::domain::error::{Entity, Error, Result};
use crate::domain::model::{ChangeId, InteractionId, PersonId};

/// The tables whose rows are the network, and the columns of each that are derived (kept
/// by triggers, or bookkeeping): a write that moves only those is not a change, and undo
/// neither compares nor restores them. `updated_at` is bookkeeping in every table.
const CAPTURED: &[(&str, &[&str])] = &[
    ("people", &[]),
    ("organizations", &[]),
    ("organization_domains", &[]),
    ("emails", &["ignored_by_rule"]),
    ("ignore_rules", &[]),
    ("employment", &[]),
    ("tags", &[]),
    ("person_tags", &[]),
    ("organization_tags", &[]),
    ("interactions", &[]),
    ("interaction_people", &[]),
    ("interaction_attendees", &[]),
    ("duplicate_pairs", &["shown_at"]),
    ("interaction_tombstones", &[]),
];

/// Who may take a change back from the chat: the chats and the terminal (a sync or an
/// import is corrected by editing what it wrote, not undone wholesale).
fn undoable(actor: &str) -> bool {
    actor == "terminal" || actor.starts_with("chat:")
}

/// One recorded change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeEntry {
    pub id: ChangeId,
    pub at: String,
    pub actor: String,
    pub summary: String,
    pub undone_at: Option<String>,
}

impl ChangeEntry {
    /// Who made it, in words: "you", "calendar sync", "import".
    pub fn made_by(&self) -> &'static str {
        match self.actor.as_str() {
            "sync" => "calendar sync",
            "import" => "import",
            _ => "you",
        }
    }
}

/// The shape of one captured table.
struct Shape {
    table: &'static str,
    columns: Vec<String>,
    keys: Vec<String>,
    /// Columns that say what the row is (all but the derived ones and `updated_at`).
    meaningful: Vec<String>,
}

impl Shape {
    fn read(conn: &Connection, table: &'static str, derived: &[&str]) -> Result<Shape> {
        let mut statement = conn.prepare(&format!("PRAGMA main.table_info({table})"))?;
        let mut columns = Vec::new();
        let mut keys: Vec<(i64, String)> = Vec::new();
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(1)?, row.get::<_, i64>(5)?))
        })?;
        for row in rows {
            let (name, pk) = row?;
            if pk > 0 {
                keys.push((pk, name.clone()));
            }
            columns.push(name);
        }
        keys.sort();
        let meaningful = columns
            .iter()
            .filter(|c| c.as_str() != "updated_at" && !derived.contains(&c.as_str()))
            .cloned()
            .collect();
        Ok(Shape {
            table,
            columns,
            keys: keys.into_iter().map(|(_, name)| name).collect(),
            meaningful,
        })
    }

    fn object(&self, names: &[String], row: &str) -> String {
        let pairs: Vec<String> = names
            .iter()
            .map(|c| format!("'{c}', {row}.\"{c}\""))
            .collect();
        format!("json_object({})", pairs.join(", "))
    }

    fn image(&self, row: &str) -> String {
        self.object(&self.columns, row)
    }

    fn key(&self, row: &str) -> String {
        self.object(&self.keys, row)
    }

    /// `"a" = json_extract(?N, '$."a"') AND …` over the key columns.
    fn key_filter(&self, parameter: usize) -> String {
        self.keys
            .iter()
            .map(|c| format!("\"{c}\" = json_extract(?{parameter}, '$.\"{c}\"')"))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    fn triggers(&self) -> String {
        let table = self.table;
        let open = "EXISTS (SELECT 1 FROM temp.change_now)";
        let start = "INSERT INTO main.changes (at, actor) SELECT at, actor FROM temp.change_now WHERE id IS NULL;
             UPDATE temp.change_now SET id = last_insert_rowid() WHERE id IS NULL;";
        let differs: Vec<String> = self
            .meaningful
            .iter()
            .map(|c| format!("old.\"{c}\" IS NOT new.\"{c}\""))
            .collect();
        format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS capture_{table}_insert AFTER INSERT ON main.{table}
             WHEN {open} BEGIN {start}
                 INSERT INTO main.change_rows (change_id, tbl, row_key, before, after)
                     SELECT id, '{table}', {key_new}, NULL, {image_new} FROM temp.change_now;
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS capture_{table}_update AFTER UPDATE ON main.{table}
             WHEN {open} AND ({differs}) BEGIN {start}
                 INSERT INTO main.change_rows (change_id, tbl, row_key, before, after)
                     SELECT id, '{table}', {key_new}, {image_old}, {image_new} FROM temp.change_now;
             END;
             CREATE TEMP TRIGGER IF NOT EXISTS capture_{table}_delete AFTER DELETE ON main.{table}
             WHEN {open} BEGIN {start}
                 INSERT INTO main.change_rows (change_id, tbl, row_key, before, after)
                     SELECT id, '{table}', {key_old}, {image_old}, NULL FROM temp.change_now;
             END;",
            key_new = self.key("new"),
            key_old = self.key("old"),
            image_new = self.image("new"),
            image_old = self.image("old"),
            differs = differs.join(" OR "),
        )
    }
}

fn shapes(conn: &Connection) -> Result<Vec<Shape>> {
    CAPTURED
        .iter()
        .map(|(table, derived)| Shape::read(conn, table, derived))
        .collect()
}

/// Creates this connection's capture triggers (a writable connection, after migrating).
pub(super) fn install_capture(conn: &Connection) -> Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS change_now (id INTEGER, at TEXT NOT NULL, actor TEXT NOT NULL);",
    );
    for shape in shapes(conn)? {
        sql.push_str(&shape.triggers());
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// A row's net change within one change: its first image before and its last after.
struct NetRow {
    table: String,
    key: String,
    before: Option<Map<String, Value>>,
    after: Option<Map<String, Value>>,
}

fn parse_image(text: Option<String>) -> Option<Map<String, Value>> {
    text.and_then(|t| match serde_json::from_str(&t) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    })
}

const ENTRY_COLUMNS: &str = "id, at, actor, summary, undone_at";

fn entry_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ChangeEntry> {
    Ok(ChangeEntry {
        id: ChangeId(row.get(0)?),
        at: row.get(1)?,
        actor: row.get(2)?,
        summary: row.get(3)?,
        undone_at: row.get(4)?,
    })
}

impl Store {
    /// Opens a change: every write to the network from now until `finish_change` is
    /// recorded as one change made by `actor`.
    pub fn begin_change(&mut self, actor: &str) -> Result<()> {
        let now = self.now_text();
        self.conn.execute_batch("DELETE FROM temp.change_now")?;
        self.conn.execute(
            "INSERT INTO temp.change_now (id, at, actor) VALUES (NULL, ?1, ?2)",
            params![now, actor],
        )?;
        Ok(())
    }

    /// Closes the open change, naming it `summary`. `None` when nothing was written.
    pub fn finish_change(&mut self, summary: &str) -> Result<Option<ChangeId>> {
        let id: Option<i64> = self
            .conn
            .query_row("SELECT id FROM temp.change_now", [], |row| row.get(0))
            .optional()?
            .flatten();
        self.conn.execute_batch("DELETE FROM temp.change_now")?;
        let Some(id) = id else {
            return Ok(None);
        };
        let summary: String = summary.chars().take(200).collect();
        let tx = self.write()?;
        tx.execute(
            "UPDATE changes SET summary = ?2 WHERE id = ?1",
            params![id, summary],
        )?;
        // Who it touched: people's own rows, rows naming a person, and everyone in an
        // interaction it changed.
        tx.execute(
            "INSERT INTO change_people (person_id, change_id)
             SELECT DISTINCT p, ?1 FROM (
                 SELECT json_extract(coalesce(after, before), '$.id') AS p
                     FROM change_rows WHERE change_id = ?1 AND tbl = 'people'
                 UNION SELECT json_extract(before, '$.person_id') FROM change_rows WHERE change_id = ?1
                 UNION SELECT json_extract(after, '$.person_id') FROM change_rows WHERE change_id = ?1
                 UNION SELECT json_extract(coalesce(after, before), '$.person_a')
                     FROM change_rows WHERE change_id = ?1 AND tbl = 'duplicate_pairs'
                 UNION SELECT json_extract(coalesce(after, before), '$.person_b')
                     FROM change_rows WHERE change_id = ?1 AND tbl = 'duplicate_pairs'
                 UNION SELECT e.person_id FROM change_rows r
                     JOIN emails e ON e.id = json_extract(coalesce(r.after, r.before), '$.email_id')
                     WHERE r.change_id = ?1 AND r.tbl = 'interaction_attendees'
                 UNION SELECT ip.person_id FROM change_rows r
                     JOIN interaction_participants ip ON ip.interaction_id = coalesce(
                         json_extract(r.row_key, '$.interaction_id'),
                         CASE WHEN r.tbl = 'interactions' THEN json_extract(r.row_key, '$.id') END)
                     WHERE r.change_id = ?1 AND r.tbl IN ('interactions', 'interaction_people', 'interaction_attendees')
             ) WHERE p IS NOT NULL
             ON CONFLICT DO NOTHING",
            [id],
        )?;
        tx.commit()?;
        Ok(Some(ChangeId(id)))
    }

    /// Runs `work` as one change by `actor`, named `summary` when it wrote anything.
    pub fn recording<T>(
        &mut self,
        actor: &str,
        summary: &str,
        work: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        self.begin_change(actor)?;
        let result = work(self);
        self.finish_change(summary)?;
        result
    }

    /// One recorded change.
    pub fn change(&self, id: ChangeId) -> Result<ChangeEntry> {
        let result = self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM changes WHERE id = ?1"
            ))?
            .query_row([id.0], entry_from_row);
        super::found(result, Entity::Change, id.0)
    }

    /// The newest change `actor` made that is not undone yet.
    pub fn latest_change_by(&self, actor: &str) -> Result<Option<ChangeEntry>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM changes WHERE actor = ?1 AND undone_at IS NULL
                 ORDER BY id DESC LIMIT 1"
            ))?
            .query_row([actor], entry_from_row)
            .optional()?)
    }

    /// What happened to a person, newest first.
    pub fn history_of(
        &self,
        person: PersonId,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<ChangeEntry>> {
        let columns = ENTRY_COLUMNS
            .split(", ")
            .map(|c| format!("c.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {columns} FROM change_people cp JOIN changes c ON c.id = cp.change_id
             WHERE cp.person_id = ?1 ORDER BY c.id DESC LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = statement.query_map(
            params![person.0, limit as i64, offset as i64],
            entry_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The change that deleted an interaction, with its date and title then, if one did.
    pub fn deletion_of(
        &self,
        interaction: InteractionId,
    ) -> Result<Option<(ChangeEntry, String, String)>> {
        let key = format!("{{\"id\":{}}}", interaction.0);
        let found: Option<(i64, String, String)> = self
            .conn
            .prepare_cached(
                "SELECT change_id, json_extract(before, '$.occurred_on'), json_extract(before, '$.title')
                 FROM change_rows WHERE tbl = 'interactions' AND row_key = ?1 AND after IS NULL
                 ORDER BY change_id DESC LIMIT 1",
            )?
            .query_row([key], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?;
        match found {
            Some((change, on, title)) => Ok(Some((self.change(ChangeId(change))?, on, title))),
            None => Ok(None),
        }
    }

    /// Takes a change back: every row it touched is as it was before, or — when a later
    /// change depends on it, or what it wrote was changed since — nothing happens and the
    /// error says which change is in the way.
    pub fn undo_change(&mut self, id: ChangeId) -> Result<ChangeEntry> {
        let entry = self.change(id)?;
        if entry.undone_at.is_some() {
            return Err(Error::AlreadyUndone);
        }
        if !undoable(&entry.actor) {
            return Err(Error::NotUndoable(format!(
                "a change made by {}",
                entry.made_by()
            )));
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
        tx.execute(
            "INSERT INTO temp.change_now (id, at, actor) VALUES (NULL, ?1, 'undo')",
            [&now],
        )?;
        for row in rows.iter().rev() {
            let shape = shapes
                .get(row.table.as_str())
                .ok_or_else(|| Error::UndoChangedSince(entry.summary.clone()))?;
            let current = read_image(&tx, shape, &row.key)?;
            if !still_as_left(shape, row, current.as_ref()) {
                return Err(blocker(&tx, &entry, &row.table, &row.key)?);
            }
            restore(&tx, shape, row, current.as_ref())?;
        }
        // Anything else the undo moved (a cascade, a link set to nothing) belongs to a
        // later change that depends on this one.
        let touched: HashSet<(&str, &str)> = rows
            .iter()
            .map(|r| (r.table.as_str(), r.key.as_str()))
            .collect();
        let moved: Vec<(String, String)> = tx
            .prepare(
                "SELECT tbl, row_key FROM change_rows
                 WHERE change_id = (SELECT id FROM temp.change_now) ORDER BY id",
            )?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some((table, key)) = moved
            .iter()
            .find(|(t, k)| !touched.contains(&(t.as_str(), k.as_str())))
        {
            return Err(blocker(&tx, &entry, table, key)?);
        }
        tx.execute_batch(
            "DELETE FROM changes WHERE id = (SELECT id FROM temp.change_now);
             DELETE FROM temp.change_now;",
        )?;
        tx.execute(
            "UPDATE changes SET undone_at = ?2 WHERE id = ?1",
            params![id.0, now],
        )?;
        tx.commit()?;
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

/// The error for an undo that a later change stands in the way of.
fn blocker(conn: &Connection, entry: &ChangeEntry, table: &str, key: &str) -> Result<Error> {
    let later: Option<(String, String, String)> = conn
        .query_row(
            "SELECT c.summary, c.at, c.actor FROM change_rows r JOIN changes c ON c.id = r.change_id
             WHERE r.tbl = ?1 AND r.row_key = ?2 AND r.change_id > ?3 AND c.undone_at IS NULL
               AND c.actor <> 'undo'
             ORDER BY r.change_id DESC LIMIT 1",
            params![table, key, entry.id.0],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    Ok(match later {
        Some((by, at, actor)) if undoable(&actor) => Error::UndoBlocked {
            change: entry.summary.clone(),
            by,
            at: at.replace('T', " ").trim_end_matches('Z').to_owned(),
        },
        _ => Error::UndoChangedSince(entry.summary.clone()),
    })
}
