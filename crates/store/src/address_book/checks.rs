//! What `kith check` finds wrong with the address book's bookkeeping, each problem
//! named by table and row id: synced fields that do not read, a linked card without its
//! person or place, a person linked twice in one book, an open question its link's
//! state cannot have, a conflict about a field kith does not know.

use crate::{Result, Store};
use kith_domain::card::{CardFields, Field};

/// Each check: the rows it finds (table row id, a detail) and the sentence naming them.
const CHECKS: &[(&str, &str, &str)] = &[
    (
        "card_links",
        "SELECT id, '' FROM card_links WHERE state = 'linked' AND (person_id IS NULL OR href IS NULL)",
        "is linked but has no person or no card on the server",
    ),
    (
        "card_links",
        "SELECT l.id, (SELECT min(o.id) FROM card_links o
                       WHERE o.book = l.book AND o.person_id = l.person_id AND o.id < l.id)
         FROM card_links l WHERE l.person_id IS NOT NULL AND EXISTS (SELECT 1 FROM card_links o
             WHERE o.book = l.book AND o.person_id = l.person_id AND o.id < l.id)",
        "links a person already linked in the same address book by row",
    ),
    (
        "card_questions",
        "SELECT q.id, l.state FROM card_questions q JOIN card_links l ON l.id = q.link_id
         WHERE q.answered_at IS NULL AND l.state IS NOT CASE q.kind
             WHEN 'conflict' THEN 'linked' ELSE q.kind END",
        "is an open question on a card whose link is",
    ),
];

impl Store {
    /// What `kith check` finds wrong with the address book's links and questions, by
    /// table and row.
    pub fn address_book_problems(&self) -> Result<Vec<String>> {
        let mut problems: Vec<(&str, i64, String)> = Vec::new();
        let mut statement = self
            .conn
            .prepare("SELECT id, synced FROM card_links ORDER BY id")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let (id, synced): (i64, String) = (row.get(0)?, row.get(1)?);
            if let Err(reason) = CardFields::parse(&synced) {
                problems.push((
                    "card_links",
                    id,
                    format!("card_links row {id}: its synced fields do not read ({reason})"),
                ));
            }
        }
        for (table, sql, sentence) in CHECKS {
            let mut statement = self.conn.prepare(&format!("{sql} ORDER BY 1"))?;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let detail = row
                    .get::<_, Option<rusqlite::types::Value>>(1)?
                    .map(|value| match value {
                        rusqlite::types::Value::Integer(n) => n.to_string(),
                        rusqlite::types::Value::Text(text) => text,
                        _ => String::new(),
                    })
                    .unwrap_or_default();
                let detail = match detail.is_empty() {
                    true => String::new(),
                    false => format!(" {detail}"),
                };
                problems.push((table, id, format!("{table} row {id} {sentence}{detail}")));
            }
        }
        let mut statement = self
            .conn
            .prepare("SELECT id, field FROM card_questions WHERE kind = 'conflict' ORDER BY id")?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            let (id, field): (i64, String) = (row.get(0)?, row.get(1)?);
            if Field::from_key(&field).is_none() {
                problems.push((
                    "card_questions",
                    id,
                    format!(
                        "card_questions row {id} asks about {field:?}, a field kith does not know"
                    ),
                ));
            }
        }
        problems.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        Ok(problems.into_iter().map(|(_, _, text)| text).collect())
    }
}
