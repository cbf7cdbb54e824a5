//! An id names one thing forever: every table whose rows kith names by an id counts ids
//! up (AUTOINCREMENT), so an id deleted, undone or merged away is never handed out again,
//! and migration 0022 brought older databases there keeping every id they had.

use std::collections::BTreeMap;

use kith::domain::actor::Actor;
use kith::domain::model::{ChangeId, EmailKind, InteractionType, OrganizationId};
use kith::store::{EmploymentStatus, MIGRATIONS, MatchTarget, NewInteraction};
use rusqlite::Connection;

use super::*;

/// The tables whose ids kith hands out, with a row each would take (`{n}` keeps unique
/// columns apart). Person 1, organization 1 and change 1 exist when these run.
const ID_TABLES: &[(&str, &str)] = &[
    (
        "people",
        "INSERT INTO people (given_name, created_at, updated_at) VALUES ('P{n}', 'x', 'x')",
    ),
    (
        "organizations",
        "INSERT INTO organizations (name, name_key, created_at, updated_at) VALUES ('O{n}', 'o{n}', 'x', 'x')",
    ),
    (
        "emails",
        "INSERT INTO emails (address, created_at, updated_at) VALUES ('a{n}@b.io', 'x', 'x')",
    ),
    (
        "employment",
        "INSERT INTO employment (person_id, organization_id, created_at, updated_at) VALUES (1, 1, 'x', 'x')",
    ),
    (
        "tags",
        "INSERT INTO tags (name, name_key, created_at) VALUES ('T{n}', 't{n}', 'x')",
    ),
    (
        "phones",
        "INSERT INTO phones (person_id, number, created_at) VALUES (1, '+49{n}', 'x')",
    ),
    (
        "follow_ups",
        "INSERT INTO follow_ups (person_id, due_on, text, created_at, updated_at) VALUES (1, '2026-12-14', '{n}', 'x', 'x')",
    ),
    (
        "topics",
        "INSERT INTO topics (person_id, text, created_at, updated_at) VALUES (1, 'T{n}', 'x', 'x')",
    ),
    (
        "important_dates",
        "INSERT INTO important_dates (person_id, label, on_date, yearly, created_at, updated_at) VALUES (1, 'L{n}', '--03-03', 1, 'x', 'x')",
    ),
    (
        "interactions",
        "INSERT INTO interactions (occurred_on, type, source, created_at, updated_at) VALUES ('2026-11-26', 'coffee', 'manual', 'x', 'x')",
    ),
    (
        "pending_actions",
        "INSERT INTO pending_actions (chat_id, action, created_at) VALUES (1, '{}', 'x')",
    ),
    (
        "changes",
        "INSERT INTO changes (at, actor) VALUES ('x', 'terminal')",
    ),
    (
        "telegram_chat_days",
        "INSERT INTO telegram_chat_days (user_id, on_day) VALUES (1, '2026-01-01')",
    ),
    (
        "card_links",
        "INSERT INTO card_links (book, href, uid, state, updated_at) VALUES ('b', '/{n}.vcf', 'u{n}', 'card_only', 'x')",
    ),
    (
        "card_questions",
        "INSERT INTO card_questions (link_id, kind, asked_at) VALUES ((SELECT max(id) FROM card_links), 'removed_in_kith', 'x')",
    ),
    (
        "change_rows",
        "INSERT INTO change_rows (change_id, tbl, row_key) VALUES (1, 'people', '{\"id\":1}')",
    ),
];

/// The schema version `migrations/0022_ids_never_reused.sql` brings a database to.
const ID_MIGRATION: usize = 22;

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |row| row.get(0)).unwrap()
}

fn fresh_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    (dir, path)
}

#[test]
fn every_table_named_by_an_id_never_hands_a_deleted_id_out_again() {
    let (_dir, path) = fresh_file();
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO people (id, given_name, created_at, updated_at) VALUES (1, 'Jane', 'x', 'x');
         INSERT INTO organizations (id, name, name_key, created_at, updated_at) VALUES (1, 'Acme', 'acme', 'x', 'x');
         INSERT INTO changes (id, at, actor) VALUES (1, 'x', 'terminal');
         INSERT INTO telegram_partners (user_id, first_seen_on) VALUES (1, '2026-01-01');",
    )
    .unwrap();
    for (n, (table, insert)) in ID_TABLES.iter().enumerate() {
        conn.execute(&insert.replace("{n}", &format!("{n}a")), [])
            .unwrap();
        let newest = conn.last_insert_rowid();
        conn.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [newest])
            .unwrap();
        conn.execute(&insert.replace("{n}", &format!("{n}b")), [])
            .unwrap();
        assert!(
            conn.last_insert_rowid() > newest,
            "{table} gave id {newest} out again"
        );
    }
}

#[test]
fn every_integer_id_table_counts_ids_up() {
    // A table added later with `id INTEGER PRIMARY KEY` must say AUTOINCREMENT too, or be
    // one whose ids kith does not hand out (a Telegram id, a copy of another row's id).
    const NOT_HANDED_OUT: &[&str] = &["chat_state", "telegram_partners", "unreachable_owners"];
    let (_dir, path) = fresh_file();
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let tables: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'
             AND name NOT LIKE '%_search_%' AND name NOT LIKE 'sqlite_%'",
        )
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut counted = Vec::new();
    for (table, sql) in tables {
        let rowid_key: Option<(String, String)> = conn
            .query_row(
                "SELECT name, type FROM pragma_table_info(?1) WHERE pk = 1
                 AND (SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0) = 1",
                [&table],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .ok();
        let Some((column, kind)) = rowid_key else {
            continue;
        };
        if kind != "INTEGER" || NOT_HANDED_OUT.contains(&table.as_str()) {
            continue;
        }
        let copied = conn
            .query_row(
                "SELECT 1 FROM pragma_foreign_key_list(?1) WHERE \"from\" = ?2",
                [&table, &column],
                |_| Ok(()),
            )
            .is_ok();
        if copied {
            continue; // person_last_met, address_seen: the id is another table's
        }
        assert!(sql.contains("AUTOINCREMENT"), "{table}: {sql}");
        counted.push(table);
    }
    counted.sort();
    let mut expected: Vec<&str> = ID_TABLES.iter().map(|(t, _)| *t).collect();
    expected.sort();
    assert_eq!(counted, expected);
}

#[test]
fn a_change_id_is_never_reused_after_its_record_is_deleted() {
    let (_dir, path) = fresh_file();
    let mut store = Store::open(&path).unwrap();
    store.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
    ));
    store.begin_change(Actor::Chat(1)).unwrap();
    person(&mut store, "Ann Example");
    let first = store.finish_change("Added Ann Example").unwrap().unwrap();
    // The record pruned by hand (sqlite3, Datasette): its Undo button names it still.
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let rows_then = count(&conn, "SELECT max(id) FROM change_rows");
    conn.execute("DELETE FROM changes WHERE id = ?1", [first.0])
        .unwrap();
    store.begin_change(Actor::Chat(1)).unwrap();
    let ben = person(&mut store, "Ben Example");
    let second = store.finish_change("Added Ben Example").unwrap().unwrap();
    assert!(second.0 > first.0, "change {} was given out again", first.0);
    assert!(
        count(&conn, "SELECT min(id) FROM change_rows") > rows_then,
        "a change row's id was given out again"
    );
    // The old button finds nothing, and Ben stays.
    assert!(store.undo_change(first).is_err());
    assert_eq!(store.person(ben).unwrap().name(), "Ben Example");
    assert!(store.change(second).unwrap().undone_at.is_none());
}

#[test]
fn finding_a_row_that_exists_uses_up_no_id() {
    // AUTOINCREMENT counts every id an insert draws, even one whose upsert found its row:
    // seeing an address, a tag, an organization, a job or a number again draws none.
    let (_dir, path) = fresh_file();
    let mut store = Store::open(&path).unwrap();
    let jane = person(&mut store, "Jane Doe");
    for n in 0..3 {
        store
            .upsert_calendar_event(&event(
                &format!("evt-{n}"),
                "2026-11-02",
                &[("jane@acme.io", ResponseStatus::Accepted)],
            ))
            .unwrap();
        store.tag_person(jane, "Friend").unwrap();
        let acme = store.organization_named("Acme Labs").unwrap();
        store
            .set_employment(jane, acme, Some("CTO"), EmploymentStatus::Current)
            .unwrap();
        store.add_phone(jane, "+4930123456", "mobile").unwrap();
    }
    let conn = Connection::open(&path).unwrap();
    for table in ["emails", "tags", "organizations", "employment", "phones"] {
        assert_eq!(
            count(
                &conn,
                &format!("SELECT seq FROM sqlite_sequence WHERE name = '{table}'")
            ),
            1,
            "{table}"
        );
    }
}

/// Every row of every table but `sqlite_sequence`, to compare before and after.
fn all_rows(conn: &Connection) -> BTreeMap<String, Vec<String>> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'sqlite_sequence'",
        )
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let mut statement = conn
                .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
                .or_else(|_| conn.prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1")))
                .unwrap();
            let columns = statement.column_count();
            let rows = statement
                .query_map([], |row| {
                    Ok((0..columns)
                        .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            (table, rows)
        })
        .collect()
}

/// A database at the schema before the id migration with a network, and a history naming rows deleted since:
/// person 3 (created, then undone), 6 (merged away by a sync) and 9 (a card sent once),
/// organization 4, address 5, job 3, tag 7, phone 2, interactions 4 (deleted), 8
/// (a tombstoned synced meeting) and 11 (a card sent once).
const OLD_NETWORK: &str = r#"
    INSERT INTO people (id, given_name, family_name, name_key, closeness, created_at, updated_at)
        VALUES (1, 'Jane', 'Doe', 'jane doe', 2, 'x', 'x'), (2, 'Sam', 'Roe', 'sam roe', NULL, 'x', 'x');
    UPDATE people SET introduced_by = 1 WHERE id = 2;
    INSERT INTO organizations (id, name, name_key, created_at, updated_at) VALUES (1, 'Acme Labs', 'acme labs', 'x', 'x');
    INSERT INTO emails (id, address, person_id, is_primary, created_at, updated_at)
        VALUES (1, 'jane@acme.io', 1, 1, 'x', 'x'), (2, 'stranger@else.org', NULL, 0, 'x', 'x');
    INSERT INTO employment (id, person_id, organization_id, title, created_at, updated_at) VALUES (1, 1, 1, 'CTO', 'x', 'x');
    INSERT INTO tags (id, name, name_key, created_at) VALUES (1, 'Friend', 'friend', 'x');
    INSERT INTO person_tags (person_id, tag_id) VALUES (1, 1);
    INSERT INTO phones (id, person_id, number, created_at) VALUES (1, 1, '+4930123456', 'x');
    INSERT INTO interactions (id, occurred_on, type, source, calendar_event_id, created_at, updated_at)
        VALUES (1, '2026-03-05', 'group-vc', 'google', 'evt-1', 'x', 'x'),
               (2, '2026-04-01', 'coffee', 'manual', NULL, 'x', 'x');
    INSERT INTO interaction_attendees (interaction_id, email_id, response_status)
        VALUES (1, 1, 'accepted'), (1, 2, 'accepted');
    INSERT INTO interaction_people (interaction_id, person_id) VALUES (2, 2);
    INSERT INTO pending_actions (id, chat_id, action, created_at) VALUES (1, 1, '{}', 'x'), (3, 1, '{}', 'x');
    INSERT INTO changes (id, at, actor, summary, undone_at) VALUES
        (1, '2026-11-01T09:00:00Z', 'chat:1', 'Added Nina', '2026-11-01T09:05:00Z'),
        (2, '2026-11-02T09:00:00Z', 'chat:1', 'Deleted a coffee', NULL),
        (3, '2026-11-03T09:00:00Z', 'sync', 'Synced', NULL);
    INSERT INTO change_rows (id, change_id, tbl, row_key, before, after) VALUES
        (1, 1, 'people', '{"id":3}', NULL, '{"id":3,"given_name":"Nina"}'),
        (2, 1, 'person_tags', '{"person_id":3,"tag_id":7}', NULL, '{"person_id":3,"tag_id":7}'),
        (3, 1, 'organizations', '{"id":4}', NULL, '{"id":4,"name":"Gone"}'),
        (4, 1, 'employment', '{"id":3}', NULL, '{"id":3,"person_id":3,"organization_id":4}'),
        (5, 1, 'phones', '{"id":2}', NULL, '{"id":2,"person_id":3}'),
        (6, 2, 'interactions', '{"id":4}', '{"id":4,"occurred_on":"2026-10-01"}', NULL),
        (7, 2, 'interaction_attendees', '{"interaction_id":4,"email_id":5}', '{"interaction_id":4,"email_id":5}', NULL),
        (8, 2, 'not json', 'not json', 'not json', NULL);
    INSERT INTO change_people (person_id, change_id) VALUES (3, 1), (6, 3);
    INSERT INTO interaction_tombstones (calendar_event_id, interaction_id, title, occurred_on, deleted_at)
        VALUES ('evt-8', 8, 'Gone', '2026-09-01', 'x');
    INSERT INTO message_subjects (chat_id, message_id, subject, subject_id, created_at)
        VALUES (1, 100, 'person', 9, 'x'), (1, 101, 'interaction', 11, 'x');
"#;

#[test]
fn a_database_from_before_the_id_migration_keeps_every_id_and_never_reissues_a_deleted_one() {
    let (_dir, path) = fresh_file();
    let mut conn = Connection::open(&path).unwrap();
    MIGRATIONS.to_version(&mut conn, ID_MIGRATION - 1).unwrap();
    conn.execute_batch(OLD_NETWORK).unwrap();
    let before = all_rows(&conn);
    // With foreign keys on, dropping the old tables would cascade: it refuses instead.
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    let refused = MIGRATIONS
        .to_version(&mut conn, ID_MIGRATION)
        .unwrap_err()
        .to_string();
    assert!(
        refused.contains("foreign_keys_off_or_nothing_to_cascade"),
        "{refused}"
    );
    assert_eq!(all_rows(&conn), before);
    assert_eq!(count(&conn, "PRAGMA user_version"), ID_MIGRATION as i64 - 1);
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    MIGRATIONS.to_version(&mut conn, ID_MIGRATION).unwrap();
    assert_eq!(all_rows(&conn), before, "the migration changed a row");
    let sequence: BTreeMap<String, i64> = conn
        .prepare("SELECT name, seq FROM sqlite_sequence")
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let expected: BTreeMap<String, i64> = [
        ("people", 9),
        ("organizations", 4),
        ("emails", 5),
        ("employment", 3),
        ("tags", 7),
        ("phones", 2),
        ("interactions", 11),
        ("pending_actions", 3),
        ("changes", 3),
        ("change_rows", 8),
    ]
    .into_iter()
    .map(|(t, n)| (t.to_owned(), n))
    .collect();
    assert_eq!(sequence, expected);
    drop(conn);

    let mut store = Store::open(&path).unwrap();
    store.set_clock(Clock::Fixed(
        Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap(),
    ));
    assert_eq!(store.health_problems().unwrap(), Vec::<String>::new());
    // Every id is where it was.
    assert_eq!(store.person(PersonId(1)).unwrap().name(), "Jane Doe");
    assert_eq!(store.person(PersonId(2)).unwrap().name(), "Sam Roe");
    let rollups = store.rollups(PersonId(1), today()).unwrap();
    assert_eq!(rollups.last_met, Some(day("2026-03-05")));
    // New rows take ids above every one handed out before, deleted or not.
    store.begin_change(Actor::Chat(1)).unwrap();
    let nina = person_in_tier(&mut store, "Nina Newcomer", 3);
    assert_eq!(nina, PersonId(10));
    let org = store.create_organization("Zeta Works").unwrap();
    assert_eq!(org, OrganizationId(5));
    store
        .add_email(nina, &address("nina@zeta.works"), EmailKind::Work)
        .unwrap();
    store
        .set_employment(nina, org, Some("CEO"), EmploymentStatus::Current)
        .unwrap();
    store.tag_person(nina, "Climber").unwrap();
    store.add_phone(nina, "+4930999999", "mobile").unwrap();
    let coffee = store
        .log_interaction(&NewInteraction::manual(
            day("2026-11-20"),
            InteractionType::Coffee,
            vec![nina, PersonId(1)],
        ))
        .unwrap();
    assert_eq!(coffee.0, 12);
    let change = store.finish_change("Added Nina Newcomer").unwrap().unwrap();
    assert_eq!(change, ChangeId(4));
    let at = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
    let pending = store.save_pending(1, "{}", at).unwrap();
    assert_eq!(pending, 4);
    let conn = Connection::open(&path).unwrap();
    for (table, id) in [("emails", 6), ("employment", 4), ("tags", 8), ("phones", 3)] {
        assert_eq!(
            count(&conn, &format!("SELECT max(id) FROM {table}")),
            id,
            "{table}"
        );
    }
    // The triggers still keep the rollups and the search.
    store
        .upsert_calendar_event(&event(
            "evt-2",
            "2026-11-21",
            &[
                ("jane@acme.io", ResponseStatus::Accepted),
                ("new@else.org", ResponseStatus::Accepted),
            ],
        ))
        .unwrap();
    store.add_ignore_rule("*@else.org").unwrap();
    assert_eq!(
        store.rollups(PersonId(1), today()).unwrap().last_met,
        Some(day("2026-11-21"))
    );
    let found: Vec<_> = store
        .find("newcomer", 5)
        .unwrap()
        .into_iter()
        .map(|m| m.target)
        .collect();
    assert_eq!(found, vec![MatchTarget::Person(nina)]);
    let found: Vec<_> = store
        .find("zeta", 5)
        .unwrap()
        .into_iter()
        .map(|m| m.target)
        .collect();
    assert_eq!(found, vec![MatchTarget::Organization(org)]);
    assert_eq!(store.health_problems().unwrap(), Vec::<String>::new());
    drop(store);
    for fts in ["people_search", "organizations_search"] {
        conn.execute(
            &format!("INSERT INTO {fts} ({fts}) VALUES ('integrity-check')"),
            [],
        )
        .unwrap();
    }
}

#[test]
fn the_id_migration_changes_nothing_but_how_ids_are_counted() {
    // The schemas before and after side by side: the same tables, columns, keys, indexes, views and
    // triggers (word for word, in the same order); only AUTOINCREMENT and sqlite_sequence
    // are new.
    let schema = |version| {
        let mut conn = Connection::open_in_memory().unwrap();
        MIGRATIONS.to_version(&mut conn, version).unwrap();
        conn
    };
    let (old, new) = (schema(ID_MIGRATION - 1), schema(ID_MIGRATION));
    let objects = |conn: &Connection| -> Vec<(String, String, String, Option<String>)> {
        conn.prepare(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY type, name",
        )
        .unwrap()
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
    };
    let trigger_order = |conn: &Connection| -> Vec<String> {
        conn.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(trigger_order(&old), trigger_order(&new));
    let (before, after) = (objects(&old), objects(&new));
    assert_eq!(before.len(), after.len());
    for (was, now) in before.iter().zip(&after) {
        assert_eq!((&was.0, &was.1, &was.2), (&now.0, &now.1, &now.2));
        let (kind, name) = (&was.0, &was.1);
        if kind != "table" {
            assert_eq!(was.3, now.3, "{kind} {name}");
            continue;
        }
        for pragma in ["table_xinfo", "foreign_key_list", "index_list"] {
            let read = |conn: &Connection| -> Vec<String> {
                let mut rows: Vec<String> = conn
                    .prepare(&format!("SELECT * FROM pragma_{pragma}(?1)"))
                    .unwrap()
                    .query_map([name], |row| {
                        let columns = row.as_ref().column_count();
                        Ok((0..columns)
                            .filter(|i| pragma != "index_list" || *i > 0)
                            .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                            .collect::<Vec<_>>()
                            .join("|"))
                    })
                    .unwrap()
                    .collect::<rusqlite::Result<_>>()
                    .unwrap();
                rows.sort();
                rows
            };
            assert_eq!(read(&old), read(&new), "{pragma} of {name}");
        }
        // The CHECKs and defaults, word for word once spacing and comments are gone.
        let words = |sql: &Option<String>| -> String {
            sql.as_deref()
                .unwrap_or("")
                .lines()
                .map(|line| line.split("--").next().unwrap_or(""))
                .collect::<String>()
                .replace(['"', ' ', '\n'], "")
                .replace("AUTOINCREMENT", "")
                .replace("_new(", "(")
        };
        assert_eq!(words(&was.3), words(&now.3), "table {name}");
    }
}
