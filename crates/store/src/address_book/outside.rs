//! The people kith has and the address book does not: listed for the offer ("143
//! people in kith are not in your address book"), added (a `to_add` link each, written
//! by the next sync) or kept out (`kith_only`, never offered or written again).

use rusqlite::params;

use super::LinkState;
use crate::{Result, Store};
use kith_domain::error::Refusal;
use kith_domain::model::PersonId;

/// A link for a person without one in the book, its UID `kith-<person>-<link id>` (the
/// id the row gets: unique per book, no randomness, no clock).
const INSERT_OWN_LINK: &str = "INSERT INTO card_links (id, book, person_id, uid, state, updated_at)
     SELECT n, ?1, ?2, 'kith-' || ?2 || '-' || n, ?3, ?4
     FROM (SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'card_links'), 0),
                      coalesce((SELECT max(id) FROM card_links), 0)) + 1 AS n)
     WHERE NOT EXISTS (SELECT 1 FROM card_links WHERE book = ?1 AND person_id = ?2)";

impl Store {
    /// Active people with no link to `book`, by name: how many, and the page.
    pub fn people_without_card(
        &self,
        book: &str,
        limit: usize,
        offset: usize,
    ) -> Result<(usize, Vec<(PersonId, String)>)> {
        const OUTSIDE: &str = "FROM people p WHERE p.archived = 0 AND NOT EXISTS
             (SELECT 1 FROM card_links l WHERE l.book = ?1 AND l.person_id = p.id)";
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {OUTSIDE}"))?
            .query_row([book], |row| row.get(0))?;
        let mut statement = self.conn.prepare_cached(&format!(
            concat!(
                "SELECT p.id, ",
                shown_name!(),
                " AS shown {outside} ORDER BY lower(shown), shown, p.id LIMIT ?2 OFFSET ?3"
            ),
            outside = OUTSIDE
        ))?;
        let page = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let rows = statement.query_map(params![book, page(limit), page(offset)], |row| {
            Ok((PersonId(row.get(0)?), row.get(1)?))
        })?;
        Ok((
            usize::try_from(total).unwrap_or(0),
            rows.collect::<rusqlite::Result<_>>()?,
        ))
    }

    /// A `to_add` link (a new UID) for each of `people` who has none; how many.
    pub fn add_people_to_book(&mut self, book: &str, people: &[PersonId]) -> Result<usize> {
        for person in people {
            self.person(*person)?;
        }
        let now = self.now_text();
        let tx = self.write()?;
        let mut added = 0;
        {
            let mut insert = tx.prepare_cached(INSERT_OWN_LINK)?;
            for person in people {
                added += insert.execute(params![book, person.0, LinkState::ToAdd.as_str(), now])?;
            }
        }
        tx.commit()?;
        Ok(added)
    }

    /// A `kith_only` link for `person` (never offered or written again). A card asked
    /// for and not written yet is not written, a card removed from the book is not put
    /// back; a person whose card is in the book is refused (their card is there).
    pub fn keep_out_of_book(&mut self, book: &str, person: PersonId) -> Result<()> {
        let name = self.person(person)?.name();
        let state: Option<String> = rusqlite::OptionalExtension::optional(
            self.conn
                .prepare_cached("SELECT state FROM card_links WHERE book = ?1 AND person_id = ?2")?
                .query_row(params![book, person.0], |row| row.get(0)),
        )?;
        let now = self.now_text();
        match state.as_deref() {
            None => {
                self.conn.prepare_cached(INSERT_OWN_LINK)?.execute(params![
                    book,
                    person.0,
                    LinkState::KithOnly.as_str(),
                    now
                ])?;
            }
            Some("to_add" | "kith_only" | "removed_on_card") => {
                self.conn
                    .prepare_cached(
                        "UPDATE card_links SET state = 'kith_only', href = NULL, etag = NULL,
                             updated_at = ?3
                         WHERE book = ?1 AND person_id = ?2",
                    )?
                    .execute(params![book, person.0, now])?;
            }
            Some(_) => {
                return Err(Refusal::InvalidValue {
                    field: "address book choice",
                    value: name,
                    expected: "someone whose card is not in the address book",
                }
                .into());
            }
        }
        Ok(())
    }
}
