//! Everything out and back in: the JSON export is every row of every data table with
//! its column names (self-describing, ids and timestamps kept), and restoring it into an
//! empty database gives the same export again. Also backups: a consistent online snapshot,
//! checked after it is written.

use std::path::Path;

use rusqlite::types::{Value as SqlValue, ValueRef};
use serde_json::{Map, Value, json};

use super::Store;
use super::tables::{HISTORY_TABLES, NETWORK_TABLES, network_table};
use crate::{Error, Result};
use kith_domain::error::Refusal;
use kith_files::{Existing, NewFile};

fn network_table_names() -> Vec<&'static str> {
    NETWORK_TABLES.iter().map(|t| t.name).collect()
}

fn to_json(value: ValueRef<'_>) -> Value {
    match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => json!(i),
        ValueRef::Real(f) => json!(f),
        ValueRef::Text(t) => Value::String(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => Value::String(b.iter().map(|byte| format!("{byte:02x}")).collect()),
    }
}

fn to_sql(value: &Value) -> SqlValue {
    match value {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map(SqlValue::Integer)
            .or_else(|| n.as_f64().map(SqlValue::Real))
            .unwrap_or(SqlValue::Null),
        Value::String(s) => SqlValue::Text(s.clone()),
        other => SqlValue::Text(other.to_string()),
    }
}

fn invalid(message: impl Into<String>) -> Error {
    Error::from(Refusal::NotAnExport(message.into()))
}

/// Why `export` is not a kith export at all (its `format` is another's), before any
/// database is opened for it.
pub fn not_an_export(export: &Value) -> Option<Error> {
    (export["format"] != "kith export").then(|| {
        invalid(match &export["format"] {
            Value::Null => "it has no \"format\": \"kith export\"".to_owned(),
            other => format!("its \"format\" is {other}, not \"kith export\""),
        })
    })
}

impl Store {
    /// Every row of every data table, with column names: the network, without its history
    /// (two networks are the same when their exports are equal).
    pub fn export_json(&self) -> Result<Value> {
        Ok(json!({
            "format": "kith export",
            "schema_version": self.schema_version()?,
            "tables": self.dump_tables(&network_table_names())?,
        }))
    }

    /// What `kith export --format json` and /export write: the network and its history,
    /// so a restore shows the same `/history` and can undo the same changes.
    pub fn export_file_json(&self) -> Result<Value> {
        let mut export = self.export_json()?;
        export["history"] = self.dump_tables(HISTORY_TABLES)?;
        export["ids"] = self.ids_handed_out()?;
        Ok(export)
    }

    /// The highest id each table has handed out (`sqlite_sequence`): a restore keeps
    /// them, so an id deleted before the export is not given to something new after it.
    fn ids_handed_out(&self) -> Result<Value> {
        let mut statement = self
            .conn
            .prepare("SELECT name, seq FROM sqlite_sequence ORDER BY name")?;
        let ids = statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })?
            .map(|row| row.map(|(name, seq)| (name, json!(seq))))
            .collect::<rusqlite::Result<Map<String, Value>>>()?;
        Ok(Value::Object(ids))
    }

    fn dump_tables(&self, names: &[&str]) -> Result<Value> {
        let mut tables = Map::new();
        for table in names {
            let mut statement = self
                .conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))?;
            let columns: Vec<String> = statement
                .column_names()
                .iter()
                .map(|c| (*c).to_owned())
                .collect();
            let count = columns.len();
            let mut rows = Vec::new();
            let mut cursor = statement.query([])?;
            while let Some(row) = cursor.next()? {
                let values: Vec<Value> = (0..count)
                    .map(|i| row.get_ref(i).map(to_json))
                    .collect::<rusqlite::Result<_>>()?;
                rows.push(Value::Array(values));
            }
            tables.insert(
                (*table).to_owned(),
                json!({ "columns": columns, "rows": rows }),
            );
        }
        Ok(Value::Object(tables))
    }

    /// Restores a JSON export into this database, which must hold no people, addresses or
    /// interactions yet. One transaction: all or nothing. Returns rows restored per table.
    pub fn import_json(&mut self, export: &Value) -> Result<Vec<(String, usize)>> {
        if let Some(error) = not_an_export(export) {
            return Err(error);
        }
        self.refuse_if_not_empty()?;
        let tables = export["tables"]
            .as_object()
            .ok_or_else(|| invalid("no tables"))?;
        let empty = Map::new();
        let history = match &export["history"] {
            Value::Null => &empty,
            other => other
                .as_object()
                .ok_or_else(|| invalid("no history tables"))?,
        };
        let tx = self.write()?;
        // Introductions may point forward: foreign keys are checked at commit.
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        let mut restored = Vec::new();
        let wanted = NETWORK_TABLES
            .iter()
            .map(|t| (&t.name, tables))
            .chain(HISTORY_TABLES.iter().map(|t| (t, history)));
        for (table, tables) in wanted {
            let Some(data) = tables.get(*table) else {
                continue;
            };
            let rows = restore_table(&tx, table, data)?;
            restored.push(((*table).to_owned(), rows));
        }
        restore_ids(&tx, export)?;
        tx.commit()?;
        Ok(restored)
    }

    /// Refuses a restore into a database that holds people, addresses, interactions or
    /// organizations already, naming how many.
    fn refuse_if_not_empty(&self) -> Result<()> {
        let held: Vec<String> = self
            .table_counts()?
            .into_iter()
            .filter_map(|(table, n)| {
                let (one, many) = match table {
                    "people" => ("person", "people"),
                    "emails" => ("address", "addresses"),
                    "interactions" => ("interaction", "interactions"),
                    "organizations" => ("organization", "organizations"),
                    _ => return None,
                };
                let n = usize::try_from(n).unwrap_or(0);
                (n > 0).then(|| kith_domain::text::plural(n, one, many))
            })
            .collect();
        if !held.is_empty() {
            return Err(Refusal::RestoreIntoNonEmpty {
                database: match self.conn.path() {
                    Some(path) if !path.is_empty() => path.to_owned(),
                    _ => "in memory".to_owned(),
                },
                holds: held.join(", "),
            }
            .into());
        }
        Ok(())
    }

    /// Writes a consistent snapshot to `path` (mode 0600) while others may write, then
    /// checks the copy's integrity. Anything already at `path` (a file, a folder, a
    /// symlink, even a dangling one) is refused before and left alone: the copy is made
    /// in a private temporary file beside it, checked, and only then given the name.
    pub fn backup_checked(&self, path: &Path) -> Result<()> {
        let taken = || Error::File {
            path: path.display().to_string(),
            problem: std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                "something is already there (a file, a folder or a link); kith never writes a backup over it",
            ),
        };
        if kith_files::occupied(path) {
            return Err(taken());
        }
        let file_error = |problem| Error::File {
            path: path.display().to_string(),
            problem,
        };
        let mut copy = NewFile::beside(path).map_err(file_error)?;
        self.copy_to(&mut copy, path)?;
        let checked = rusqlite::Connection::open(copy.path())?;
        let verdict: String = checked.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
        drop(checked);
        if verdict != "ok" {
            return Err(Error::File {
                path: path.display().to_string(),
                problem: std::io::Error::other(format!(
                    "the backup failed its integrity check: {verdict}"
                )),
            });
        }
        match copy.place(path, Existing::Refuse) {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(taken()),
            other => other.map_err(file_error),
        }
    }
}

/// Sets the ids handed out before the export: never below what the rows now hold.
fn restore_ids(tx: &rusqlite::Connection, export: &Value) -> Result<()> {
    if let Some(ids) = export["ids"].as_object() {
        for (table, seq) in ids {
            let seq = seq
                .as_i64()
                .ok_or_else(|| invalid(format!("the last id of {table} is not a number")))?;
            let known = network_table(table).is_some()
                || HISTORY_TABLES.contains(&table.as_str())
                || table == "pending_actions";
            if !known {
                return Err(invalid(format!(
                    "{table:?} is not a table ids are kept for"
                )));
            }
            let updated = tx.execute(
                "UPDATE sqlite_sequence SET seq = max(seq, ?2) WHERE name = ?1",
                rusqlite::params![table, seq],
            )?;
            if updated == 0 {
                tx.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)",
                    rusqlite::params![table, seq],
                )?;
            }
        }
    }
    Ok(())
}

/// Writes the rows of one table of the export (`data`: its columns and rows) with `tx`,
/// returning how many.
fn restore_table(tx: &rusqlite::Connection, table: &str, data: &Value) -> Result<usize> {
    let columns: Vec<String> = data["columns"]
        .as_array()
        .ok_or_else(|| invalid(format!("{table} has no columns")))?
        .iter()
        .map(|c| {
            c.as_str()
                .map(str::to_owned)
                .ok_or_else(|| invalid("a column name is not text"))
        })
        .collect::<Result<_>>()?;
    if columns.is_empty()
        || columns
            .iter()
            .any(|c| !c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_'))
    {
        return Err(invalid(format!("{table} has unusable column names")));
    }
    let placeholders = (1..=columns.len())
        .map(|i| format!("?{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let conflict = if table == "ignore_rules" {
        " ON CONFLICT DO NOTHING"
    } else {
        ""
    };
    let sql = format!(
        "INSERT INTO {table} ({}) VALUES ({placeholders}){conflict}",
        columns.join(", ")
    );
    let mut statement = tx.prepare(&sql)?;
    let rows = data["rows"]
        .as_array()
        .ok_or_else(|| invalid(format!("{table} has no rows")))?;
    for row in rows {
        let values: Vec<SqlValue> = row
            .as_array()
            .filter(|values| values.len() == columns.len())
            .ok_or_else(|| invalid(format!("a row of {table} does not match its columns")))?
            .iter()
            .map(to_sql)
            .collect();
        statement.execute(rusqlite::params_from_iter(values))?;
    }
    Ok(rows.len())
}
