//! Conversation state kept in SQLite: each chat's awaited input, and actions waiting
//! for a choice among candidates. Values are opaque JSON owned by the engine.

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::{OptionalExtension, params};

use super::Store;
use crate::Result;

impl Store {
    /// What the next plain message in `chat` answers, if anything.
    pub fn chat_state(&self, chat: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT state FROM chat_state WHERE chat_id = ?1")?
            .query_row([chat], |row| row.get(0))
            .optional()?)
    }

    pub fn set_chat_state(&mut self, chat: i64, state: &str) -> Result<()> {
        let now = self.now_text();
        self.conn.execute(
            "INSERT INTO chat_state (chat_id, state, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT (chat_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
            params![chat, state, now],
        )?;
        Ok(())
    }

    pub fn clear_chat_state(&mut self, chat: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM chat_state WHERE chat_id = ?1", [chat])?;
        Ok(())
    }

    /// Saves an action waiting for a choice; returns its id for the buttons.
    pub fn save_pending(&mut self, chat: i64, action: &str, at: DateTime<Utc>) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO pending_actions (chat_id, action, created_at) VALUES (?1, ?2, ?3)",
            params![chat, action, at.to_rfc3339_opts(SecondsFormat::Secs, true)],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// A pending action of `chat` created at or after `not_before`. Another chat's, an
    /// old one, or one already completed is `None`.
    pub fn pending_action(
        &self,
        chat: i64,
        id: i64,
        not_before: DateTime<Utc>,
    ) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT action FROM pending_actions WHERE id = ?1 AND chat_id = ?2 AND created_at >= ?3")?
            .query_row(
                params![id, chat, not_before.to_rfc3339_opts(SecondsFormat::Secs, true)],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Completes a pending action (so its buttons expire), and drops questions older than
    /// `not_before` that nobody answered.
    pub fn finish_pending(&mut self, id: i64, not_before: DateTime<Utc>) -> Result<()> {
        let tx = self.write()?;
        tx.execute("DELETE FROM pending_actions WHERE id = ?1", [id])?;
        tx.execute(
            "DELETE FROM pending_actions WHERE created_at < ?1",
            [not_before.to_rfc3339_opts(SecondsFormat::Secs, true)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Every pending action of `chat` (id and value), oldest first.
    pub fn pending_actions_of(&self, chat: i64) -> Result<Vec<(i64, String)>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, action FROM pending_actions WHERE chat_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([chat], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Completes one pending action of `chat`, so its buttons expire.
    pub fn drop_pending(&mut self, chat: i64, id: i64) -> Result<()> {
        self.conn.execute(
            "DELETE FROM pending_actions WHERE chat_id = ?1 AND id = ?2",
            params![chat, id],
        )?;
        Ok(())
    }

    /// Completes every pending action of `chat` (**Cancel**), so all their buttons expire.
    pub fn finish_chat_pending(&mut self, chat: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM pending_actions WHERE chat_id = ?1", [chat])?;
        Ok(())
    }

    /// Remembers what a sent message is about (`person` or `interaction` and its id).
    pub fn remember_message_subject(
        &mut self,
        chat: i64,
        message: i64,
        subject: &str,
        id: i64,
    ) -> Result<()> {
        let now = self.now_text();
        self.conn.execute(
            "INSERT INTO message_subjects (chat_id, message_id, subject, subject_id, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (chat_id, message_id) DO UPDATE SET subject = excluded.subject,
                 subject_id = excluded.subject_id, created_at = excluded.created_at",
            params![chat, message, subject, id, now],
        )?;
        Ok(())
    }

    /// Forgets a message's subject (its new content is about nothing in particular).
    pub fn forget_message_subject(&mut self, chat: i64, message: i64) -> Result<()> {
        self.conn.execute(
            "DELETE FROM message_subjects WHERE chat_id = ?1 AND message_id = ?2",
            params![chat, message],
        )?;
        Ok(())
    }

    /// What a sent message is about, if kith remembers.
    pub fn message_subject(&self, chat: i64, message: i64) -> Result<Option<(String, i64)>> {
        Ok(self
            .conn
            .prepare_cached("SELECT subject, subject_id FROM message_subjects WHERE chat_id = ?1 AND message_id = ?2")?
            .query_row(params![chat, message], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }
}
