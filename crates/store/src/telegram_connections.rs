//! Telegram Business connections (bookkeeping, not the network): whose account each is,
//! whether it is an owner's, alive and allowed to read, when that last changed, and the
//! state the owner was last told, so each state is told once. Only owners' connections
//! are kept; `kith status` reads them back.

use rusqlite::{OptionalExtension, params};

use crate::{Result, Store};

/// One business connection as kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TelegramConnection {
    /// Telegram's id of the connection.
    pub id: String,
    /// The account's Telegram user id.
    pub user_id: i64,
    pub is_owner: bool,
    pub enabled: bool,
    /// Whether the bot may read the account's messages.
    pub can_read: bool,
    /// When its state last changed (RFC 3339, UTC).
    pub changed_at: String,
    /// The state the owner was last told (`ConnectionState::code`), if any.
    pub reported: Option<String>,
}

/// What a connection lets kith do, as the owner is told it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionState {
    /// Connected and allowed to read: chat days are logged.
    Reading,
    /// Connected without the right to read messages: nothing arrives.
    CannotRead,
    /// Disabled or removed.
    Disconnected,
}

impl ConnectionState {
    /// How the state is kept in `reported`.
    pub fn code(self) -> &'static str {
        match self {
            ConnectionState::Reading => "reading",
            ConnectionState::CannotRead => "cannot-read",
            ConnectionState::Disconnected => "disconnected",
        }
    }
}

impl TelegramConnection {
    pub fn state(&self) -> ConnectionState {
        match (self.enabled, self.can_read) {
            (false, _) => ConnectionState::Disconnected,
            (true, false) => ConnectionState::CannotRead,
            (true, true) => ConnectionState::Reading,
        }
    }
}

const COLUMNS: &str = "connection_id, user_id, is_owner, enabled, can_read, changed_at, reported";

fn connection_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<TelegramConnection> {
    Ok(TelegramConnection {
        id: row.get(0)?,
        user_id: row.get(1)?,
        is_owner: row.get(2)?,
        enabled: row.get(3)?,
        can_read: row.get(4)?,
        changed_at: row.get(5)?,
        reported: row.get(6)?,
    })
}

impl Store {
    /// The connection kept under `id`, if any.
    pub fn telegram_connection(&self, id: &str) -> Result<Option<TelegramConnection>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM telegram_connections WHERE connection_id = ?1"
            ))?
            .query_row([id], connection_from_row)
            .optional()?)
    }

    /// Keeps a connection's state. `changed_at` moves (and the row is written) only
    /// when whose it is, or whether it is alive or may read, changed; `reported` is kept.
    /// Returns whether anything changed.
    pub fn keep_telegram_connection(&mut self, connection: &TelegramConnection) -> Result<bool> {
        let tx = self.write()?;
        let changed = tx.execute(
            "INSERT INTO telegram_connections
                 (connection_id, user_id, is_owner, enabled, can_read, changed_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (connection_id) DO UPDATE SET user_id = excluded.user_id,
                 is_owner = excluded.is_owner, enabled = excluded.enabled,
                 can_read = excluded.can_read, changed_at = excluded.changed_at
             WHERE user_id IS NOT excluded.user_id OR is_owner IS NOT excluded.is_owner
                 OR enabled IS NOT excluded.enabled OR can_read IS NOT excluded.can_read",
            params![
                connection.id,
                connection.user_id,
                connection.is_owner,
                connection.enabled,
                connection.can_read,
                connection.changed_at
            ],
        )?;
        tx.commit()?;
        Ok(changed > 0)
    }

    /// The owner was told that connection `id` is in `state`.
    pub fn mark_telegram_connection_reported(
        &mut self,
        id: &str,
        state: ConnectionState,
    ) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE telegram_connections SET reported = ?2
             WHERE connection_id = ?1 AND reported IS NOT ?2",
            params![id, state.code()],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Each owner account's latest connection (the last changed), for the status report.
    pub fn owner_telegram_connections(&self) -> Result<Vec<TelegramConnection>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM telegram_connections c
                 WHERE is_owner = 1 AND NOT EXISTS (
                     SELECT 1 FROM telegram_connections later
                     WHERE later.is_owner = 1 AND later.user_id = c.user_id
                       AND (later.changed_at > c.changed_at
                            OR (later.changed_at = c.changed_at
                                AND later.connection_id > c.connection_id)))
                 ORDER BY user_id"
            ))?
            .query_map([], connection_from_row)?
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Whether kith has ever seen an owner's Telegram chat: a Telegram interaction, a
    /// partner kept (waiting or ignored), or a business connection.
    pub fn telegram_chats_seen(&self) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM interactions WHERE source = 'telegram')
                     OR EXISTS (SELECT 1 FROM telegram_partners)
                     OR EXISTS (SELECT 1 FROM telegram_connections WHERE is_owner = 1)",
            )?
            .query_row([], |row| row.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connection(enabled: bool, can_read: bool, at: &str) -> TelegramConnection {
        TelegramConnection {
            id: "c1".into(),
            user_id: 42,
            is_owner: true,
            enabled,
            can_read,
            changed_at: at.into(),
            reported: None,
        }
    }

    #[test]
    fn a_connection_changes_only_when_its_state_does_and_keeps_what_was_told() {
        let mut store = Store::open_in_memory().unwrap();
        let first = connection(true, true, "2026-11-26T09:00:00Z");
        assert!(store.keep_telegram_connection(&first).unwrap());
        store
            .mark_telegram_connection_reported("c1", ConnectionState::Reading)
            .unwrap();
        let again = connection(true, true, "2026-11-27T09:00:00Z");
        assert!(!store.keep_telegram_connection(&again).unwrap());
        let kept = store.telegram_connection("c1").unwrap().unwrap();
        assert_eq!(kept.changed_at, "2026-11-26T09:00:00Z");
        assert_eq!(kept.reported.as_deref(), Some("reading"));
        let off = connection(false, true, "2026-11-28T09:00:00Z");
        assert!(store.keep_telegram_connection(&off).unwrap());
        let kept = store.telegram_connection("c1").unwrap().unwrap();
        assert_eq!(kept.state(), ConnectionState::Disconnected);
        assert_eq!(kept.changed_at, "2026-11-28T09:00:00Z");
        assert_eq!(store.owner_telegram_connections().unwrap(), vec![kept]);
        assert!(store.telegram_connection("c2").unwrap().is_none());
    }
}
