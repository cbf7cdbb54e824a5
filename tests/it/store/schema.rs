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

#[test]
fn the_mail_migration_rebuilds_interactions_and_loses_no_link_or_rollup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    MIGRATIONS.to_version(&mut conn, 17).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         INSERT INTO people (id, given_name, created_at, updated_at) VALUES (1, 'Jane', 'x', 'x'), (2, 'Sam', 'x', 'x');
         INSERT INTO emails (id, address, person_id, created_at, updated_at) VALUES (1, 'jane@acme.io', 1, 'x', 'x');
         INSERT INTO interactions (id, occurred_on, type, source, calendar_event_id, created_at, updated_at, title_set_by_hand)
             VALUES (1, '2026-03-05', 'group-vc', 'google', 'evt-1', 'x', 'x', 1),
                    (2, '2026-04-01', 'coffee', 'manual', NULL, 'x', 'x', 0);
         INSERT INTO interaction_attendees (interaction_id, email_id, response_status) VALUES (1, 1, 'accepted');
         INSERT INTO interaction_people (interaction_id, person_id) VALUES (2, 2);
         INSERT INTO briefs_sent (interaction_id, starts_at, sent_at) VALUES (1, 'x', 'x');",
    )
    .unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), latest_schema_version());
    assert_eq!(store.health_problems().unwrap(), Vec::<String>::new());
    let counts = store.table_counts().unwrap();
    for table in [
        "interactions",
        "interaction_attendees",
        "interaction_people",
    ] {
        let count = counts.iter().find(|(t, _)| *t == table).unwrap().1;
        assert_eq!(
            count,
            if table == "interactions" { 2 } else { 1 },
            "{table}"
        );
    }
    let export = store.export_json().unwrap();
    let rows = export["tables"]["interactions"]["rows"].to_string();
    assert!(rows.contains("evt-1") && rows.contains("coffee"), "{rows}");
    drop(store);
    // Mail is a source now; a synced email does not count as meeting someone.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         INSERT INTO interactions (id, occurred_on, type, source, calendar_event_id, created_at, updated_at)
             VALUES (3, '2026-05-01', 'email', 'gmail', 'mail:<a@b>:2026-05-01', 'x', 'x');
         INSERT INTO interaction_attendees (interaction_id, email_id, response_status) VALUES (3, 1, 'accepted');",
    )
    .unwrap();
    let last: String = conn
        .query_row(
            "SELECT last_on FROM person_last_met WHERE person_id = 1",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(last, "2026-03-05");
    let briefs: i64 = conn
        .query_row("SELECT count(*) FROM briefs_sent", [], |row| row.get(0))
        .unwrap();
    assert_eq!(briefs, 1, "the rebuild cascaded nothing");
    assert!(
        conn.execute(
            "INSERT INTO interactions (occurred_on, type, source, created_at, updated_at) VALUES ('2026-05-01', 'email', 'pigeon', 'x', 'x')",
            [],
        )
        .is_err()
    );
}

#[test]
fn one_transaction_keeps_all_or_nothing_and_a_backup_inside_it_is_whole() {
    use kith::domain::error::{Entity, Refusal};
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("kith.db")).unwrap();
    let people = |store: &Store| {
        store
            .table_counts()
            .unwrap()
            .into_iter()
            .find(|(t, _)| *t == "people")
            .unwrap()
            .1
    };
    // An error rolls back every write of the transaction, the store's own included.
    let failed = store.in_one_transaction(|store| {
        person(store, "Jane Doe");
        Err::<(), _>(kith::Error::from(Refusal::EmptyName(Entity::Person)))
    });
    assert!(
        matches!(failed, Err(kith::Error::Refused(Refusal::EmptyName(_)))),
        "{failed:?}"
    );
    assert_eq!(people(&store), 0);
    // Inside one, a failed inner one takes back only its own writes.
    let backup = dir.path().join("inside.db");
    store
        .in_one_transaction(|store| {
            person(store, "Jane Doe");
            let inner = store.in_one_transaction(|store| {
                person(store, "John Roe");
                Err::<(), _>(kith::Error::from(Refusal::EmptyName(Entity::Person)))
            });
            assert!(inner.is_err());
            // The online backup cannot read a connection holding the write lock; this
            // copy is taken from the transaction's own pages.
            store.backup_checked(&backup)
        })
        .unwrap();
    assert_eq!(people(&store), 1);
    let copy = Store::open(&backup).unwrap();
    assert_eq!(people(&copy), 1);
    assert!(copy.health_problems().unwrap().is_empty());
}
