//! Fingerprints of the database's content: equal before and after means nothing changed,
//! which tests and `--dry-run` rely on. A full-text index counts by what it holds, not by
//! its segments.

use crate::{Result, Store};

impl Store {
    /// A digest of every row of every table: equal before and after means nothing changed.
    pub fn content_fingerprint(&self) -> Result<u64> {
        self.fingerprint_except(&[])
    }

    /// The same, leaving out the scheduler's bookkeeping (`job_runs`, `sync_sources`,
    /// `digest_days`, `digest_deliveries`, `briefs_sent`, `follow_up_sends`,
    /// `unreachable_owners`), which
    /// moves on its own while `kith run` is up.
    pub fn data_fingerprint(&self) -> Result<u64> {
        self.fingerprint_except(&[
            "job_runs",
            "sync_sources",
            "digest_days",
            "digest_deliveries",
            "briefs_sent",
            "follow_up_sends",
            "unreachable_owners",
        ])
    }

    /// A digest of every table but `skipped`.
    pub fn fingerprint_except(&self, skipped: &[&str]) -> Result<u64> {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let tables: Vec<String> = self
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        // A full-text index's shadow tables hold its segments, which an insert taken back
        // leaves different (a delete marker) though it indexes the same rows: the index is
        // read through its virtual table instead, which gives exactly what it holds.
        let indexes: Vec<String> = self
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")?
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let is_shadow = |table: &str| {
            indexes.iter().any(|index| {
                ["_data", "_idx", "_docsize", "_config", "_content"]
                    .iter()
                    .any(|suffix| table == format!("{index}{suffix}"))
            })
        };
        for table in tables
            .into_iter()
            .filter(|t| !skipped.contains(&t.as_str()) && !is_shadow(t))
        {
            table.hash(&mut hasher);
            let mut statement = self.conn.prepare(&format!("SELECT * FROM \"{table}\""))?;
            let columns = statement.column_count();
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                for index in 0..columns {
                    format!("{:?}", row.get_ref(index)?).hash(&mut hasher);
                }
            }
        }
        Ok(hasher.finish())
    }
}
