//! The questions the address-book sync asks (`card_questions`): a field changed on both
//! sides, a card removed on the server, a person gone from kith. One open question per
//! link, kind and field; each answered once.

use rusqlite::{OptionalExtension, Row, params};

use super::links::no_link;
use super::{CardAsk, CardQuestion};
use crate::{Result, Store};
use kith_domain::card::Field;
use kith_domain::card::text;
use kith_domain::error::{Entity, Refusal};
use kith_domain::model::PersonId;

impl CardAsk {
    /// The stored kind, field key and both values.
    fn stored(&self) -> (&'static str, String, &str, &str) {
        match self {
            CardAsk::Conflict { field, card, kith } => ("conflict", field.key(), card, kith),
            CardAsk::RemovedOnCard => ("removed_on_card", String::new(), "", ""),
            CardAsk::RemovedInKith => ("removed_in_kith", String::new(), "", ""),
        }
    }
}

/// A question's columns: the question, its link's person and shown name, the link's
/// UID, and its card's text when there is no person to name it by.
const QUESTION_COLUMNS: &str = concat!(
    "q.id, q.link_id, p.id, ",
    shown_name!(),
    ", l.uid, CASE WHEN p.id IS NULL THEN l.card END,
     q.kind, q.field, q.card_value, q.kith_value, q.asked_at, q.answer
     FROM card_questions q JOIN card_links l ON l.id = q.link_id
     LEFT JOIN people p ON p.id = l.person_id"
);

/// The name a card shows: `FN` as the card's text reader finds it, else the `FN` line
/// itself (a card the reader refuses), else "".
fn card_name(card: &str) -> String {
    if let Ok(read) = text::read(card, None)
        && !read.name.trim().is_empty()
    {
        return read.name.trim().to_owned();
    }
    card.lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            let name = name.split(';').next()?;
            let name = name.rsplit('.').next()?;
            name.eq_ignore_ascii_case("FN")
                .then(|| value.trim().to_owned())
        })
        .unwrap_or_default()
}

/// A question from a row of `QUESTION_COLUMNS`; `None` for a conflict about a field kith
/// does not know (`kith check` names it).
fn question_from_row(row: &Row<'_>) -> rusqlite::Result<Option<CardQuestion>> {
    let person: Option<i64> = row.get(2)?;
    let shown: Option<String> = row.get(3)?;
    let uid: String = row.get(4)?;
    let card: Option<String> = row.get(5)?;
    let name = shown
        .filter(|n| person.is_some() && !n.is_empty())
        .or_else(|| card.as_deref().map(card_name).filter(|n| !n.is_empty()))
        .unwrap_or(uid);
    let kind: String = row.get(6)?;
    let ask = match kind.as_str() {
        "conflict" => match Field::from_key(&row.get::<_, String>(7)?) {
            Some(field) => CardAsk::Conflict {
                field,
                card: row.get(8)?,
                kith: row.get(9)?,
            },
            None => return Ok(None),
        },
        "removed_on_card" => CardAsk::RemovedOnCard,
        _ => CardAsk::RemovedInKith,
    };
    Ok(Some(CardQuestion {
        id: row.get(0)?,
        link: row.get(1)?,
        person: person.map(PersonId),
        name,
        ask,
        asked_at: row.get(10)?,
        answer: row.get(11)?,
    }))
}

impl Store {
    /// Asks a question about a link; `None` when the same one is already open (a
    /// conflict's values are brought up to date: what each side says now).
    pub fn ask_card_question(&mut self, link: i64, ask: &CardAsk) -> Result<Option<i64>> {
        if self.card_link(link)?.is_none() {
            return Err(no_link(link));
        }
        let (kind, field, card, kith) = ask.stored();
        let now = self.now_text();
        let asked = self
            .conn
            .prepare_cached(
                "INSERT INTO card_questions (link_id, kind, field, card_value, kith_value, asked_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6
                 WHERE NOT EXISTS (SELECT 1 FROM card_questions
                     WHERE link_id = ?1 AND kind = ?2 AND field = ?3 AND answered_at IS NULL)",
            )?
            .execute(params![link, kind, field, card, kith, now])?;
        if asked > 0 {
            return Ok(Some(self.conn.last_insert_rowid()));
        }
        self.conn
            .prepare_cached(
                "UPDATE card_questions SET card_value = ?4, kith_value = ?5
                 WHERE link_id = ?1 AND kind = ?2 AND field = ?3 AND answered_at IS NULL
                   AND (card_value IS NOT ?4 OR kith_value IS NOT ?5)",
            )?
            .execute(params![link, kind, field, card, kith])?;
        Ok(None)
    }

    /// The open questions, oldest first, at most `limit`, and how many are open.
    pub fn open_card_questions(&self, limit: usize) -> Result<(usize, Vec<CardQuestion>)> {
        let total: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM card_questions WHERE answered_at IS NULL")?
            .query_row([], |row| row.get(0))?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {QUESTION_COLUMNS} WHERE q.answered_at IS NULL
             ORDER BY q.asked_at, q.id LIMIT ?1"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = statement.query_map([limit], question_from_row)?;
        let mut questions = Vec::new();
        for row in rows {
            questions.extend(row?);
        }
        Ok((usize::try_from(total).unwrap_or(0), questions))
    }

    /// One link's open questions (the sync settles those the card no longer gives cause
    /// for), through the `card_questions_open` index.
    pub fn open_card_questions_of(&self, link: i64) -> Result<Vec<CardQuestion>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT {QUESTION_COLUMNS} WHERE q.link_id = ?1 AND q.answered_at IS NULL ORDER BY q.id"
        ))?;
        let rows = statement.query_map([link], question_from_row)?;
        let mut questions = Vec::new();
        for row in rows {
            questions.extend(row?);
        }
        Ok(questions)
    }

    /// One question, open or answered.
    pub fn card_question(&self, id: i64) -> Result<Option<CardQuestion>> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {QUESTION_COLUMNS} WHERE q.id = ?1"))?
            .query_row([id], question_from_row)
            .optional()?
            .flatten())
    }

    /// Records the answer to an open question (the caller carries it out). A question
    /// already answered is refused (`AlreadyAnswered`): a second press changes nothing.
    pub fn answer_card_question(&mut self, id: i64, answer: &str) -> Result<()> {
        let answered: Option<bool> = self
            .conn
            .prepare_cached("SELECT answered_at IS NOT NULL FROM card_questions WHERE id = ?1")?
            .query_row([id], |row| row.get(0))
            .optional()?;
        match answered {
            None => Err(Refusal::NotFound {
                entity: Entity::CardQuestion,
                id,
            }
            .into()),
            Some(true) => Err(Refusal::AlreadyAnswered.into()),
            Some(false) => {
                let now = self.now_text();
                self.conn
                    .prepare_cached(
                        "UPDATE card_questions SET answered_at = ?2, answer = ?3 WHERE id = ?1",
                    )?
                    .execute(params![id, now, answer])?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::card_name;

    #[test]
    fn a_cards_name_is_its_fn() {
        assert_eq!(
            card_name("BEGIN:VCARD\r\nVERSION:3.0\r\nitem1.FN;CHARSET=UTF-8:Ana Lima\r\nEND:VCARD"),
            "Ana Lima"
        );
        assert_eq!(card_name("BEGIN:VCARD\r\nEND:VCARD"), "");
    }
}
