//! The one list of the network's tables: the export holds exactly them, the counts come
//! from them (change capture's triggers: the store's own unit test), and every other table of the schema
//! is known bookkeeping, so a new table cannot be left out of one of them unnoticed.

use kith::store::{HISTORY_TABLES, NETWORK_TABLES};
use rusqlite::Connection;

use super::*;

/// Tables that are not the network: rollups and search indexes kept by triggers, and the
/// bot's (what each message was about, chat state) and the scheduler's own bookkeeping.
const NOT_THE_NETWORK: &[&str] = &[
    "address_seen",
    "briefs_sent",
    "chat_state",
    "derived_versions",
    "digest_days",
    "digest_deliveries",
    "follow_up_sends",
    "job_runs",
    "message_subjects",
    "pending_actions",
    "person_last_met",
    "sync_sources",
    "telegram_connections",
    "card_links",
    "card_questions",
    "unreachable_owners",
];

fn network_names() -> Vec<&'static str> {
    NETWORK_TABLES.iter().map(|t| t.name).collect()
}

#[test]
fn every_table_of_the_schema_is_the_network_its_history_or_known_bookkeeping() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let mut statement = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT LIKE '%_search%' ORDER BY name",
        )
        .unwrap();
    let found: Vec<String> = statement
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut known: Vec<&str> = network_names();
    known.extend(HISTORY_TABLES);
    known.extend(NOT_THE_NETWORK);
    known.sort_unstable();
    assert_eq!(found, known);
}

#[test]
fn the_export_holds_exactly_the_network_tables() {
    let store = store();
    let export = store.export_json().unwrap();
    let mut held: Vec<&str> = export["tables"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    held.sort_unstable();
    let mut expected = network_names();
    expected.sort_unstable();
    assert_eq!(held, expected);
}

#[test]
fn the_counts_are_the_counted_network_tables_people_first() {
    let counted: Vec<&str> = store()
        .table_counts()
        .unwrap()
        .into_iter()
        .map(|(table, _)| table)
        .collect();
    assert_eq!(
        counted,
        [
            "people",
            "emails",
            "organizations",
            "employment",
            "tags",
            "person_tags",
            "organization_tags",
            "interactions",
            "interaction_people",
            "interaction_attendees",
            "follow_ups",
            "topics",
            "important_dates",
        ]
    );
}
