//! The links between cards and people (`card_links`): read, written, moved by the
//! owner's answers, forgotten; and which address book the last sync was of.

use rusqlite::{OptionalExtension, Row, params};

use super::{CardLink, LinkState, LinkWrite};
use crate::{Result, Store};
use kith_domain::card::{CardFields, Field};
use kith_domain::error::{Entity, Refusal};
use kith_domain::model::PersonId;

/// The columns `link_from_row` reads.
pub(super) const LINK_COLUMNS: &str = "id, book, person_id, href, uid, etag, synced, state";

/// A link from a row of `LINK_COLUMNS`. A `synced` that does not read counts as empty
/// (the next merge asks about every field that differs) and `kith check` names it.
pub(super) fn link_from_row(row: &Row<'_>) -> rusqlite::Result<CardLink> {
    let state: String = row.get(7)?;
    let state = LinkState::from_stored(&state).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            7,
            rusqlite::types::Type::Text,
            format!("no link state {state:?}").into(),
        )
    })?;
    Ok(CardLink {
        id: row.get(0)?,
        book: row.get(1)?,
        person: row.get::<_, Option<i64>>(2)?.map(PersonId),
        href: row.get(3)?,
        uid: row.get(4)?,
        etag: row.get(5)?,
        synced: CardFields::parse(&row.get::<_, String>(6)?).unwrap_or_default(),
        state,
    })
}

/// Nothing was changed: no link `id`.
pub(super) fn no_link(id: i64) -> crate::Error {
    Refusal::NotFound {
        entity: Entity::CardLink,
        id,
    }
    .into()
}

/// The source name the sync keeps a book's position under.
pub(super) const SOURCE_PREFIX: &str = "carddav:";

impl Store {
    /// Every link of `book`, by id.
    pub fn card_links(&self, book: &str) -> Result<Vec<CardLink>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {LINK_COLUMNS} FROM card_links WHERE book = ?1 ORDER BY id"
        ))?;
        let rows = statement.query_map([book], link_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One link, whatever its book.
    pub fn card_link(&self, id: i64) -> Result<Option<CardLink>> {
        Ok(self
            .conn
            .prepare_cached(&format!(
                "SELECT {LINK_COLUMNS} FROM card_links WHERE id = ?1"
            ))?
            .query_row([id], link_from_row)
            .optional()?)
    }

    /// A link's card text as last read or written.
    pub fn card_text(&self, link: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached("SELECT card FROM card_links WHERE id = ?1")?
            .query_row([link], |row| row.get::<_, Option<String>>(0))
            .optional()?
            .flatten())
    }

    /// The book of the last address-book sync (its `sync_positions` name is
    /// `carddav:<book>`), if there was one: what the chat's offers and questions are about.
    pub fn address_book(&self) -> Result<Option<String>> {
        let source: Option<String> = self
            .conn
            .prepare_cached(
                "SELECT source FROM sync_sources WHERE source LIKE 'carddav:%'
                 ORDER BY updated_at DESC, rowid DESC LIMIT 1",
            )?
            .query_row([], |row| row.get(0))
            .optional()?;
        Ok(source
            .and_then(|s| s.strip_prefix(SOURCE_PREFIX).map(str::to_owned))
            .filter(|book| !book.is_empty()))
    }

    /// A new link; its id.
    pub fn insert_card_link(&mut self, book: &str, link: &LinkWrite) -> Result<i64> {
        let now = self.now_text();
        self.conn
            .prepare_cached(
                "INSERT INTO card_links (book, person_id, href, uid, etag, synced, card, state, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?
            .execute(params![
                book,
                link.person.map(|p| p.0),
                link.href,
                link.uid,
                link.etag,
                link.synced.stored(),
                link.card,
                link.state.as_str(),
                now
            ])?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every column of a link rewritten.
    pub fn update_card_link(&mut self, id: i64, link: &LinkWrite) -> Result<()> {
        let now = self.now_text();
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE card_links SET person_id = ?2, href = ?3, uid = ?4, etag = ?5, synced = ?6,
                     card = ?7, state = ?8, updated_at = ?9
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                link.person.map(|p| p.0),
                link.href,
                link.uid,
                link.etag,
                link.synced.stored(),
                link.card,
                link.state.as_str(),
                now
            ])?;
        match changed {
            0 => Err(no_link(id)),
            _ => Ok(()),
        }
    }

    /// The owner's answer to a conflict: `field` counts as synced at `value`, so the
    /// next sync writes kith's value to the card (`value` the card's) or nothing (kith
    /// took the card's).
    pub fn settle_card_field(&mut self, link: i64, field: Field, value: &str) -> Result<()> {
        let mut synced = self.card_link(link)?.ok_or_else(|| no_link(link))?.synced;
        if field.is_list() {
            synced.set_list(field, value.lines());
        } else {
            synced.set(field, value.trim());
        }
        let now = self.now_text();
        self.conn
            .prepare_cached("UPDATE card_links SET synced = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![link, synced.stored(), now])?;
        Ok(())
    }

    /// A link moved to `state` by the owner's answer; `to_add` and `kith_only` forget the
    /// card's place (a card put back is written anew under the same UID).
    pub fn set_card_link_state(&mut self, link: i64, state: LinkState) -> Result<()> {
        let forget = matches!(state, LinkState::ToAdd | LinkState::KithOnly);
        let now = self.now_text();
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE card_links SET state = ?2,
                     href = CASE WHEN ?3 THEN NULL ELSE href END,
                     etag = CASE WHEN ?3 THEN NULL ELSE etag END,
                     updated_at = ?4
                 WHERE id = ?1",
            )?
            .execute(params![link, state.as_str(), forget, now])?;
        match changed {
            0 => Err(no_link(link)),
            _ => Ok(()),
        }
    }

    /// A link forgotten (its card deleted on the server by the owner's press).
    pub fn delete_card_link(&mut self, id: i64) -> Result<()> {
        let changed = self
            .conn
            .prepare_cached("DELETE FROM card_links WHERE id = ?1")?
            .execute([id])?;
        match changed {
            0 => Err(no_link(id)),
            _ => Ok(()),
        }
    }
}
