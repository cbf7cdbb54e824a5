//! The migrations, the file they make, and its health checks.

use kith::store::{MIGRATIONS, latest_schema_version};

use super::*;

#[test]
fn migrations_validate() {
    MIGRATIONS.validate().expect("migrations are valid");
}

#[test]
fn a_new_database_is_current_healthy_and_private() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/kith.db");
    let mut store = Store::open(&path).unwrap();
    person(&mut store, "Jane Doe");
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    assert!(store.health_problems().unwrap().is_empty());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for file in ["nested/kith.db", "nested/kith.db-wal"] {
            let mode = std::fs::metadata(dir.path().join(file))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, 0o600, "{file}");
        }
        let backup = dir.path().join("backup.db");
        store.backup_to(&backup).unwrap();
        let mode = std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "backup");
    }
    drop(store);
    let reopened = Store::open(&path).unwrap();
    assert!(reopened.table_counts().unwrap().contains(&("people", 1)));
}

#[test]
fn the_schema_refuses_what_the_model_forbids() {
    // The rules are enforced in Rust first; the schema is the last line for hand edits
    // (`sqlite3`, Datasette): each of these writes goes straight through SQL.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    person(&mut store, "Jane Doe");
    drop(store);
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let refused = [
        "UPDATE people SET closeness = 8",
        "UPDATE people SET introduced_by = id",
        "UPDATE people SET given_name = ' ', family_name = '', display_name = NULL",
        "UPDATE people SET archived = 2",
        "INSERT INTO emails (address, created_at, updated_at) VALUES ('JANE@ACME.IO', 'x', 'x')",
        "INSERT INTO emails (address, created_at, updated_at) VALUES ('not-an-address', 'x', 'x')",
        "INSERT INTO emails (address, is_primary, created_at, updated_at) VALUES ('a@b.io', 1, 'x', 'x')",
        "INSERT INTO emails (address, kind, created_at, updated_at) VALUES ('a@b.io', 'spam', 'x', 'x')",
        "INSERT INTO organizations (name, name_key, created_at, updated_at) VALUES ('  ', 'x', 'x', 'x')",
        "INSERT INTO interactions (occurred_on, type, source, created_at, updated_at) VALUES ('2026-13-40', 'coffee', 'manual', 'x', 'x')",
        "INSERT INTO interactions (occurred_on, type, source, created_at, updated_at) VALUES ('2026-11-26', 'party', 'manual', 'x', 'x')",
        "INSERT INTO interactions (occurred_on, type, source, created_at, updated_at) VALUES ('2026-11-26', 'coffee', 'telepathy', 'x', 'x')",
    ];
    for statement in refused {
        let error = conn
            .execute(statement, [])
            .expect_err(statement)
            .to_string();
        assert!(
            error.contains("CHECK constraint failed"),
            "{statement}: {error}"
        );
    }
    // The same tables take a valid row, so the refusals above are the CHECKs, not typos.
    conn.execute(
        "INSERT INTO interactions (occurred_on, type, source, created_at, updated_at) VALUES ('2026-11-26', 'coffee', 'manual', 'x', 'x')",
        [],
    )
    .unwrap();
    conn.execute(
        "INSERT INTO emails (address, kind, created_at, updated_at) VALUES ('a@b.io', 'work', 'x', 'x')",
        [],
    )
    .unwrap();
}
