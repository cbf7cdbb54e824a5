//! The schema: one embedded SQL file per version, applied in order when a database is
//! opened, and the migration that several processes opening one file at once can share.

use std::sync::LazyLock;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::Result;

/// The schema, one embedded file per version, applied in order at start-up.
const MIGRATION_FILES: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_conversation.sql"),
    include_str!("../migrations/0003_telegram.sql"),
    include_str!("../migrations/0004_sync.sql"),
    include_str!("../migrations/0005_jobs.sql"),
    include_str!("../migrations/0006_import.sql"),
    include_str!("../migrations/0007_search.sql"),
    include_str!("../migrations/0008_last_met.sql"),
    include_str!("../migrations/0009_ignored_by_rule.sql"),
    include_str!("../migrations/0010_cadence.sql"),
    include_str!("../migrations/0011_duplicates.sql"),
    include_str!("../migrations/0012_briefs.sql"),
    include_str!("../migrations/0013_changed.sql"),
    include_str!("../migrations/0014_delivery.sql"),
    include_str!("../migrations/0015_organization_words.sql"),
    include_str!("../migrations/0016_changes.sql"),
    include_str!("../migrations/0017_phones_birthdays.sql"),
    include_str!("../migrations/0018_mail.sql"),
    include_str!("../migrations/0019_fingerprints.sql"),
    include_str!("../migrations/0020_rollups.sql"),
    include_str!("../migrations/0021_digest_indexes.sql"),
    include_str!("../migrations/0022_ids_never_reused.sql"),
    include_str!("../migrations/0023_type_word.sql"),
    include_str!("../migrations/0024_intentions.sql"),
    include_str!("../migrations/0025_telegram.sql"),
    include_str!("../migrations/0026_writing_search.sql"),
    include_str!("../migrations/0027_address_book.sql"),
];

/// The migrations whose SQL needs a step SQL alone cannot take, by file index.
const HOOKED: usize = 24;

/// 0025: `message` among the interaction types and `telegram` among the sources. A CHECK
/// cannot be altered, and rebuilding the largest table for two words costs minutes at
/// scale; a wider CHECK keeps every stored row valid, so the table's own text is changed
/// (SQLite's documented procedure: `writable_schema`, then a new `schema_version`).
fn widen_interaction_checks(tx: &rusqlite::Transaction) -> rusqlite_migration::HookResult {
    let sql: String = tx.query_row(
        "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'interactions'",
        [],
        |row| row.get(0),
    )?;
    let widened = sql
        .replacen("'event', 'other'))", "'event', 'other', 'message'))", 1)
        .replacen(
            "'gmail', 'imap', 'mbox'))",
            "'gmail', 'imap', 'mbox', 'telegram'))",
            1,
        );
    if !widened.contains("'other', 'message'))") || !widened.contains("'mbox', 'telegram'))") {
        return Err(rusqlite_migration::HookError::Hook(
            "the interactions table is not as migration 0022 made it".to_owned(),
        ));
    }
    let version: i64 = tx.query_row("PRAGMA schema_version", [], |row| row.get(0))?;
    tx.execute_batch("PRAGMA writable_schema = ON")?;
    tx.execute(
        "UPDATE sqlite_schema SET sql = ?1 WHERE type = 'table' AND name = 'interactions'",
        [&widened],
    )?;
    tx.execute_batch(&format!(
        "PRAGMA schema_version = {}; PRAGMA writable_schema = OFF;",
        version + 1
    ))?;
    Ok(())
}

pub static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    Migrations::new(
        MIGRATION_FILES
            .iter()
            .enumerate()
            .map(|(index, sql)| match index {
                HOOKED => M::up_with_hook(sql, widen_interaction_checks),
                _ => M::up(sql),
            })
            .collect(),
    )
});

/// The number of the newest migration this binary knows.
pub fn latest_schema_version() -> usize {
    MIGRATION_FILES.len()
}

/// Brings the schema to the latest version. Two processes opening one new (or old) file
/// at once both set out to migrate it: the one that loses finds its step already done by
/// the other (a table that exists, a version moved on) and starts again from the version
/// the file has now, so both open it and each migration is applied once.
pub(super) fn migrate(conn: &mut Connection) -> Result<()> {
    let version = |conn: &Connection| -> Result<i64> {
        Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
    };
    let mut tries = 0;
    loop {
        let before = version(conn)?;
        match MIGRATIONS.to_latest(conn) {
            Ok(()) => return Ok(()),
            Err(error) => {
                tries += 1;
                let moved_on = version(conn)? > before;
                if !moved_on || tries > MIGRATION_FILES.len() {
                    return Err(error.into());
                }
                tracing::debug!(before, "another process migrated the database first; again");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[test]
    fn a_message_from_telegram_is_an_interaction_and_other_words_are_still_refused() {
        let store = Store::open_in_memory().unwrap();
        let insert = |kind: &str, source: &str| {
            store.conn.execute(
                "INSERT INTO interactions (occurred_on, type, source, created_at, updated_at)
                 VALUES ('2026-11-28', ?1, ?2, 'now', 'now')",
                [kind, source],
            )
        };
        insert("message", "telegram").unwrap();
        insert("email", "gmail").unwrap();
        assert!(insert("messages", "telegram").is_err());
        assert!(insert("message", "whatsapp").is_err());
        let check: String = store
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
}
