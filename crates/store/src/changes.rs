//! The record of changes: every write to the network's tables made while a change is
//! open is captured, row by row, by triggers this module creates on each connection
//! (TEMP triggers, generated from the tables' own columns, so a new column is captured
//! without anyone remembering to). Undo replays a change's rows backwards, and refuses
//! — changing nothing — when a later change depends on what it would take back.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value};

use super::Store;
use super::tables::{NETWORK_TABLES, network_table};
use crate::Result;
use kith_domain::actor::Actor;
use kith_domain::error::Entity;
use kith_domain::model::{ChangeId, InteractionId, PersonId};

/// One recorded change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeEntry {
    pub id: ChangeId,
    pub at: String,
    pub actor: Actor,
    pub summary: String,
    pub undone_at: Option<String>,
}

impl ChangeEntry {
    /// Who made it, in words: "you", "sync", "import".
    pub fn made_by(&self) -> &'static str {
        self.actor.made_by()
    }
}

/// The shape of one captured table.
pub(super) struct Shape {
    pub(super) table: &'static str,
    pub(super) columns: Vec<String>,
    keys: Vec<String>,
    /// Columns that say what the row is (all but the derived ones and `updated_at`).
    pub(super) meaningful: Vec<String>,
    /// Each column that names a row of another table by its id, with that table.
    pub(super) references: Vec<(String, String)>,
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
        let references = conn
            .prepare(&format!(
                "SELECT \"from\", \"table\" FROM pragma_foreign_key_list('{table}') WHERE \"to\" = 'id'"
            ))?
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Shape {
            table,
            columns,
            keys: keys.into_iter().map(|(_, name)| name).collect(),
            meaningful,
            references,
        })
    }

    fn object(&self, names: &[String], row: &str) -> String {
        let pairs: Vec<String> = names
            .iter()
            .map(|c| format!("'{c}', {row}.\"{c}\""))
            .collect();
        format!("json_object({})", pairs.join(", "))
    }

    pub(super) fn image(&self, row: &str) -> String {
        self.object(&self.columns, row)
    }

    pub(super) fn key(&self, row: &str) -> String {
        self.object(&self.keys, row)
    }

    /// `"a" = json_extract(?N, '$."a"') AND …` over the key columns.
    pub(super) fn key_filter(&self, parameter: usize) -> String {
        self.keys
            .iter()
            .map(|c| format!("\"{c}\" = json_extract(?{parameter}, '$.\"{c}\"')"))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    fn triggers(&self) -> String {
        let table = self.table;
        // Rows are captured for a change that can be undone; a sync names who it touched
        // instead (`finish_change_touching`), so its thousands of rows are not written
        // twice.
        let open = "EXISTS (SELECT 1 FROM temp.change_now WHERE images = 1)";
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

pub(super) fn shapes(conn: &Connection) -> Result<Vec<Shape>> {
    NETWORK_TABLES
        .iter()
        .map(|table| Shape::read(conn, table.name, table.derived))
        .collect()
}

/// Creates this connection's capture triggers (a writable connection, after migrating).
pub(super) fn install_capture(conn: &Connection) -> Result<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS change_now (id INTEGER, at TEXT NOT NULL, actor TEXT NOT NULL, images INTEGER NOT NULL);",
    );
    for shape in shapes(conn)? {
        sql.push_str(&shape.triggers());
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Records, for the open change, that it relied on these rows of `table` as they are
/// (`filter` over the row `t`): each gets a row whose image before equals its image
/// after. A merge that folds the other person's row into one the kept person has
/// changes nothing in it, yet an undo of the change that made that row must name it.
pub(super) fn record_relied_on(
    conn: &Connection,
    table: &'static str,
    filter: &str,
    values: impl rusqlite::Params,
) -> Result<()> {
    let derived = network_table(table).map_or(&[][..], |t| t.derived);
    let shape = Shape::read(conn, table, derived)?;
    conn.execute_batch(
        "INSERT INTO main.changes (at, actor)
             SELECT at, actor FROM temp.change_now WHERE id IS NULL AND images = 1;
         UPDATE temp.change_now SET id = last_insert_rowid() WHERE id IS NULL AND images = 1;",
    )?;
    conn.execute(
        &format!(
            "INSERT INTO main.change_rows (change_id, tbl, row_key, before, after)
             SELECT c.id, '{table}', {key}, {image}, {image}
             FROM temp.change_now c, main.{table} t WHERE c.images = 1 AND ({filter})",
            key = shape.key("t"),
            image = shape.image("t"),
        ),
        values,
    )?;
    Ok(())
}

/// A row's net change within one change: its first image before and its last after.
pub(super) struct NetRow {
    pub(super) table: String,
    pub(super) key: String,
    pub(super) before: Option<Map<String, Value>>,
    pub(super) after: Option<Map<String, Value>>,
}

pub(super) fn parse_image(text: Option<String>) -> Option<Map<String, Value>> {
    text.and_then(|t| match serde_json::from_str(&t) {
        Ok(Value::Object(map)) => Some(map),
        _ => None,
    })
}

const ENTRY_COLUMNS: &str = "id, at, actor, summary, undone_at";

/// The actor stored in column `index` of `row`.
pub(super) fn actor_at(row: &rusqlite::Row<'_>, index: usize) -> rusqlite::Result<Actor> {
    let text: String = row.get(index)?;
    Actor::from_stored(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("{text:?} is not who made a change").into(),
        )
    })
}

fn entry_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ChangeEntry> {
    Ok(ChangeEntry {
        id: ChangeId(row.get(0)?),
        at: row.get(1)?,
        actor: actor_at(row, 2)?,
        summary: row.get(3)?,
        undone_at: row.get(4)?,
    })
}

impl Store {
    /// Opens a change: every write to the network from now until `finish_change` is
    /// recorded as one change made by `actor`.
    pub fn begin_change(&mut self, actor: Actor) -> Result<()> {
        let now = self.now_text();
        // Every input opens and closes a change: its statements are prepared once.
        self.conn
            .prepare_cached("DELETE FROM temp.change_now")?
            .execute([])?;
        self.conn
            .prepare_cached(
                "INSERT INTO temp.change_now (id, at, actor, images) VALUES (NULL, ?1, ?2, ?3)",
            )?
            .execute(params![now, actor.stored(), actor.undoable()])?;
        Ok(())
    }

    /// Closes the open change, naming it `summary`. `None` when nothing was written.
    pub fn finish_change(&mut self, summary: &str) -> Result<Option<ChangeId>> {
        self.finish_change_touching(summary, &[], &[])
    }

    /// Closes the open change, which also touched these people and interactions (what a
    /// sync or an import reports instead of its rows). `None` when nothing changed.
    pub fn finish_change_touching(
        &mut self,
        summary: &str,
        people: &[PersonId],
        interactions: &[InteractionId],
    ) -> Result<Option<ChangeId>> {
        let open: Option<(Option<i64>, String, String)> = self
            .conn
            .prepare_cached("SELECT id, at, actor FROM temp.change_now")?
            .query_row([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?;
        self.conn
            .prepare_cached("DELETE FROM temp.change_now")?
            .execute([])?;
        let Some((id, at, actor)) = open else {
            return Ok(None);
        };
        if id.is_none() && people.is_empty() && interactions.is_empty() {
            return Ok(None);
        }
        let summary: String = summary.chars().take(200).collect();
        let tx = self.write()?;
        let id = match id {
            Some(id) => {
                tx.execute(
                    "UPDATE changes SET summary = ?2 WHERE id = ?1",
                    params![id, summary],
                )?;
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO changes (at, actor, summary) VALUES (?1, ?2, ?3)",
                    params![at, actor, summary],
                )?;
                tx.last_insert_rowid()
            }
        };
        let ids = |list: Vec<i64>| serde_json::to_string(&list).expect("ids serialise");
        tx.execute(
            "INSERT INTO change_people (person_id, change_id)
             SELECT DISTINCT p, ?1 FROM (
                 SELECT value AS p FROM json_each(?2)
                 UNION SELECT person_id FROM interaction_people
                     WHERE interaction_id IN (SELECT value FROM json_each(?3))
                 UNION SELECT e.person_id FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
                     WHERE a.interaction_id IN (SELECT value FROM json_each(?3))
                       AND a.response_status <> 'declined'
             ) WHERE p IS NOT NULL
             ON CONFLICT DO NOTHING",
            params![
                id,
                ids(people.iter().map(|p| p.0).collect()),
                ids(interactions.iter().map(|i| i.0).collect())
            ],
        )?;
        // Who it touched: people's own rows, rows naming a person, and everyone in an
        // interaction it changed.
        tx.execute(
            "WITH touched AS (
                 SELECT json_extract(row_key, '$.id') FROM change_rows
                     WHERE change_id = ?1 AND tbl = 'interactions'
                 UNION SELECT json_extract(row_key, '$.interaction_id') FROM change_rows
                     WHERE change_id = ?1 AND tbl IN ('interaction_people', 'interaction_attendees'))
             INSERT INTO change_people (person_id, change_id)
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
                 UNION SELECT person_id FROM interaction_people WHERE interaction_id IN touched
                 UNION SELECT e.person_id FROM interaction_attendees a JOIN emails e ON e.id = a.email_id
                     WHERE a.interaction_id IN touched AND a.response_status <> 'declined'
             ) WHERE p IS NOT NULL
             ON CONFLICT DO NOTHING",
            [id],
        )?;
        tx.commit()?;
        Ok(Some(ChangeId(id)))
    }

    /// Runs `work` as one change by `actor`, named `summary` when it wrote anything, in
    /// one transaction that takes the write lock first (nothing of it stays on an error).
    pub fn recording<T>(
        &mut self,
        actor: Actor,
        summary: &str,
        work: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        self.in_one_transaction(|store| {
            store.begin_change(actor)?;
            let result = work(store)?;
            store.finish_change(summary)?;
            Ok(result)
        })
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
    pub fn latest_change_by(&self, actor: Actor) -> Result<Option<ChangeEntry>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM changes WHERE actor = ?1 AND undone_at IS NULL
                 ORDER BY id DESC LIMIT 1"
            ))?
            .query_row([actor.stored()], entry_from_row)
            .optional()?)
    }

    /// The newest change not undone yet that `actor` made, or that an import made, if
    /// that is newer: what `/undo` takes back.
    pub fn latest_undoable_change(&self, actor: Actor) -> Result<Option<ChangeEntry>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {ENTRY_COLUMNS} FROM changes WHERE actor IN (?1, 'import') AND undone_at IS NULL
                 ORDER BY id DESC LIMIT 1"
            ))?
            .query_row([actor.stored()], entry_from_row)
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

    /// How many recorded changes touched a person (the length of `/history`).
    pub fn count_history_of(&self, person: PersonId) -> Result<usize> {
        let count: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM change_people WHERE person_id = ?1")?
            .query_row([person.0], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
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
}
