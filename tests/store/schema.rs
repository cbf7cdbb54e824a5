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
    // The rules are enforced in Rust first; the schema is the last line for hand edits.
    let mut store = store();
    let jane = person(&mut store, "Jane Doe");
    let upper = kith::domain::model::EmailAddress::parse("JANE@ACME.IO").unwrap();
    assert_eq!(upper.as_str(), "jane@acme.io");
    store.link_email(&upper, jane).unwrap();
    assert!(store.email(&address("jane@acme.io")).unwrap().is_some());
}
