//! The one list of the tables whose rows are the network. Change capture records writes
//! to exactly these (`changes`), an export holds exactly these and a restore writes them
//! back in this order (`export`), and the row counts of summaries and `kith check` come
//! from the ones marked counted (`Store::table_counts`). A new table of the network is
//! added here once; everything else in the database is bookkeeping (history, rollups,
//! search indexes, the scheduler's runs).

/// One table of the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetworkTable {
    pub name: &'static str,
    /// Columns that are derived (kept by triggers, or bookkeeping): a write that moves
    /// only those is not a change, and undo neither compares nor restores them.
    /// `updated_at` is bookkeeping in every table.
    pub derived: &'static [&'static str],
    /// Whether summaries and checks count its rows (`Store::table_counts`).
    pub counted: bool,
}

const fn table(name: &'static str, counted: bool) -> NetworkTable {
    NetworkTable {
        name,
        derived: &[],
        counted,
    }
}

/// The network's tables, parents before children (a restore writes them in this order).
pub const NETWORK_TABLES: &[NetworkTable] = &[
    table("people", true),
    table("phones", false),
    NetworkTable {
        name: "emails",
        derived: &["ignored_by_rule"],
        counted: true,
    },
    table("organizations", true),
    table("organization_domains", false),
    table("employment", true),
    table("tags", true),
    table("person_tags", true),
    table("organization_tags", true),
    table("interactions", true),
    table("interaction_people", true),
    table("interaction_attendees", true),
    table("ignore_rules", false),
    NetworkTable {
        name: "duplicate_pairs",
        derived: &["shown_at"],
        counted: false,
    },
    table("interaction_tombstones", false),
    table("follow_ups", true),
    table("topics", true),
    table("important_dates", true),
    table("telegram_partners", false),
    table("telegram_chat_days", false),
];

/// The network table called `name`, if it is one.
pub fn network_table(name: &str) -> Option<&'static NetworkTable> {
    NETWORK_TABLES.iter().find(|t| t.name == name)
}

/// The record of changes behind Undo and /history, which the export file carries beside
/// the network (`export_file_json`) and `import_json` restores.
pub const HISTORY_TABLES: &[&str] = &["changes", "change_rows", "change_people"];

#[cfg(test)]
mod tests {
    use super::NETWORK_TABLES;
    use crate::Store;

    #[test]
    fn change_capture_watches_every_network_table_and_no_other() {
        let store = Store::open_in_memory().unwrap();
        let mut statement = store
            .conn
            .prepare("SELECT name FROM sqlite_temp_master WHERE type = 'trigger' ORDER BY name")
            .unwrap();
        let triggers: Vec<String> = statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let mut expected: Vec<String> = NETWORK_TABLES
            .iter()
            .flat_map(|t| ["delete", "insert", "update"].map(|w| format!("capture_{}_{w}", t.name)))
            .collect();
        expected.sort_unstable();
        assert_eq!(triggers, expected);
    }
}
