//! What the chat needs of the address book beyond the sync's calls: whether a question
//! that cannot be found was asked once and dropped since (its person left kith, so its
//! link was forgotten or its conflicts dropped), to tell a stale button from a forged one.

use rusqlite::OptionalExtension;

use crate::{Result, Store};

impl Store {
    /// Whether question `id` was asked once and is gone now (ids are never reused).
    pub fn card_question_dropped(&self, id: i64) -> Result<bool> {
        if id <= 0 {
            return Ok(false);
        }
        let issued: Option<i64> = self
            .conn
            .prepare_cached("SELECT seq FROM sqlite_sequence WHERE name = 'card_questions'")?
            .query_row([], |row| row.get(0))
            .optional()?;
        if issued.is_none_or(|issued| id > issued) {
            return Ok(false);
        }
        let kept: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM card_questions WHERE id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?;
        Ok(kept.is_none())
    }
}
