//! Searching what the owner wrote: people's notes, interactions' titles and notes, and
//! topics, through the one FTS5 index `writing_search` (migration 0026, kept by
//! triggers). A query is read as words — question and stop words dropped, every word a
//! prefix, FTS5's own syntax never reaching it — so no typed text is an error. The long
//! way (`find_writing_scanned`, every row read and compared word by word) is the
//! reference the index is tested against, and `writing_search_problems` tells `kith
//! check` when the index holds another number of rows than the tables it follows.

use std::collections::BTreeMap;

use rusqlite::params;

use super::Store;
use crate::Result;
use crate::find::Reach;
use kith_domain::intention::TopicId;
use kith_domain::model::{InteractionId, PersonId};
use kith_domain::text;

/// The most words of a query the index is asked about: the rest are left out.
pub const MAX_WRITING_WORDS: usize = 8;

/// Words a question is made of that say nothing about what is looked for.
const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "an", "and", "any", "anyone", "are", "as", "at", "be", "been", "but",
    "by", "can", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "him",
    "his", "how", "i", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "said",
    "she", "so", "some", "someone", "that", "the", "their", "them", "they", "this", "to", "told",
    "was", "we", "were", "what", "when", "where", "which", "who", "whom", "whose", "why", "with",
    "you",
];

/// One row of what the owner wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Written {
    /// A person's notes.
    PersonNotes(PersonId),
    /// An interaction's title and notes.
    Interaction(InteractionId),
    /// A topic to bring up.
    Topic(TopicId),
}

impl Written {
    /// Its rowid in `writing_search` (migration 0026: `id * 4 + kind`).
    fn rowid(self) -> i64 {
        match self {
            Written::PersonNotes(id) => id.0 * 4 + 1,
            Written::Interaction(id) => id.0 * 4 + 2,
            Written::Topic(id) => id.0 * 4 + 3,
        }
    }

    fn from_rowid(rowid: i64) -> Option<Written> {
        let id = rowid.div_euclid(4);
        match rowid.rem_euclid(4) {
            1 => Some(Written::PersonNotes(PersonId(id))),
            2 => Some(Written::Interaction(InteractionId(id))),
            3 => Some(Written::Topic(TopicId(id))),
            _ => None,
        }
    }
}

/// A row that matched, with the words around the match, each match «marked».
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WritingHit {
    pub written: Written,
    pub snippet: String,
}

/// A page of what matched, best first, and how many matched in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WritingPage {
    pub hits: Vec<WritingHit>,
    pub total: usize,
}

/// The words of a query that are looked for: split on anything but letters and digits
/// (so quotes, `*`, `-`, `^`, `:` and parentheses are separators, never syntax), lower
/// case, question and stop words and single letters left out, at most
/// `MAX_WRITING_WORDS`, each once. "who was into sailing?" → ["sailing"].
pub fn writing_words(query: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in query.split(|c: char| !c.is_alphanumeric()) {
        let word = word.to_lowercase();
        let folded = text::fold(&word);
        if word.chars().count() < 2 || STOP_WORDS.contains(&folded.as_str()) {
            continue;
        }
        // FTS5 reads these as operators only outside quotes; kept as words, they are
        // quoted below like every other.
        if !words.contains(&word) {
            words.push(word);
        }
        if words.len() == MAX_WRITING_WORDS {
            break;
        }
    }
    words
}

/// The FTS5 query for `words`: each a quoted prefix, all of them required.
fn match_expression(words: &[String]) -> String {
    words
        .iter()
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The condition on a `writing_search w` row for `reach`: a person's notes and topics
/// only of the people it reads; interactions always (they are the owner's own). Everyone
/// (what /find reads) needs no look-up at all.
fn in_reach(reach: Reach) -> &'static str {
    match reach {
        // Always true (0 <= 1), binding the same parameters as the others.
        Reach::Everyone => "?2 <= ?3",
        Reach::Active | Reach::Archived => {
            "(w.rowid % 4 = 2 OR (SELECT p.archived FROM people p WHERE p.id =
                CASE w.rowid % 4 WHEN 1 THEN w.rowid / 4
                     ELSE (SELECT t.person_id FROM topics t WHERE t.id = w.rowid / 4) END) IN (?2, ?3))"
        }
    }
}

/// The values of `people.archived` `reach` reads, for `IN (?, ?)`.
fn archived_values(reach: Reach) -> (i64, i64) {
    match reach {
        Reach::Active => (0, 0),
        Reach::Everyone => (0, 1),
        Reach::Archived => (1, 1),
    }
}

impl Store {
    /// What the owner wrote that holds every word of `query` (each as a word's start),
    /// best match first, `limit` from `offset`, with how many match in all.
    pub fn find_writing(
        &self,
        query: &str,
        reach: Reach,
        offset: usize,
        limit: usize,
    ) -> Result<WritingPage> {
        let words = writing_words(query);
        if words.is_empty() {
            return Ok(WritingPage::default());
        }
        let expression = match_expression(&words);
        let (a, b) = archived_values(reach);
        let in_reach = in_reach(reach);
        let total: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM writing_search w WHERE writing_search MATCH ?1 AND ({in_reach})"
            ),
            params![expression, a, b],
            |row| row.get(0),
        )?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT w.rowid, snippet(writing_search, -1, '«', '»', '…', 12)
             FROM writing_search w WHERE writing_search MATCH ?1 AND ({in_reach})
             ORDER BY rank, w.rowid LIMIT ?4 OFFSET ?5"
        ))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let offset = i64::try_from(offset).unwrap_or(i64::MAX);
        let rows = statement.query_map(params![expression, a, b, limit, offset], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (rowid, snippet) = row?;
            if let Some(written) = Written::from_rowid(rowid) {
                hits.push(WritingHit { written, snippet });
            }
        }
        Ok(WritingPage {
            hits,
            total: usize::try_from(total).unwrap_or(0),
        })
    }

    /// The long way to `find_writing`'s rows, for tests: every row with text read and
    /// compared word by word (folded as the index folds, each query word the start of
    /// one of the row's words). Sorted.
    pub fn find_writing_scanned(&self, query: &str, reach: Reach) -> Result<Vec<Written>> {
        let words: Vec<String> = writing_words(query)
            .iter()
            .map(|word| text::fold(word))
            .collect();
        if words.is_empty() {
            return Ok(Vec::new());
        }
        let (a, b) = archived_values(reach);
        let mut statement = self.conn.prepare(
            "SELECT id * 4 + 1, notes FROM people WHERE notes <> '' AND archived IN (?1, ?2)
             UNION ALL
             SELECT id * 4 + 2, title || ' ' || notes FROM interactions WHERE title <> '' OR notes <> ''
             UNION ALL
             SELECT t.id * 4 + 3, t.text FROM topics t JOIN people p ON p.id = t.person_id
             WHERE p.archived IN (?1, ?2)",
        )?;
        let rows = statement.query_map(params![a, b], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?;
        let mut found = Vec::new();
        for row in rows {
            let (rowid, written) = row?;
            let tokens = text::tokens(&written);
            let all = words
                .iter()
                .all(|word| tokens.iter().any(|token| token.starts_with(word.as_str())));
            if let Some(written) = Written::from_rowid(rowid).filter(|_| all) {
                found.push(written);
            }
        }
        found.sort_unstable();
        Ok(found)
    }

    /// Whether the index holds `written` (for tests of the triggers).
    pub fn writing_indexed(&self, written: Written) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM writing_search WHERE rowid = ?1)",
            [written.rowid()],
            |row| row.get(0),
        )?)
    }

    /// What `kith check` says when the index of what the owner wrote holds another number
    /// of rows than the tables it follows, per kind of row.
    pub fn writing_search_problems(&self) -> Result<Vec<String>> {
        let mut held: BTreeMap<i64, i64> = BTreeMap::new();
        let mut statement = self
            .conn
            .prepare("SELECT rowid % 4, count(*) FROM writing_search GROUP BY 1")?;
        for row in statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))? {
            let (kind, count) = row?;
            held.insert(kind, count);
        }
        let written =
            |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |row| row.get(0))?) };
        let expected = [
            (
                1,
                "people's notes",
                written("SELECT count(*) FROM people WHERE notes <> ''")?,
            ),
            (
                2,
                "interactions with a title or notes",
                written("SELECT count(*) FROM interactions WHERE title <> '' OR notes <> ''")?,
            ),
            (3, "topics", written("SELECT count(*) FROM topics")?),
        ];
        let mut problems = Vec::new();
        for (kind, what, count) in expected {
            let indexed = held.remove(&kind).unwrap_or(0);
            if indexed != count {
                problems.push(format!(
                    "search: /find's index of what you wrote holds {indexed} {what}, the database {count}"
                ));
            }
        }
        let strays: i64 = held.values().sum();
        if strays > 0 {
            problems.push(format!(
                "search: /find's index of what you wrote holds {strays} rows of nothing"
            ));
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::{match_expression, writing_words};

    #[test]
    fn a_question_is_read_as_the_words_it_asks_about() {
        let cases: &[(&str, &[&str])] = &[
            ("who was into sailing?", &["sailing"]),
            ("Sailing", &["sailing"]),
            (
                "\"sail* NEAR(boat) -x ^y col:z",
                &["sail", "near", "boat", "col"],
            ),
            ("AND OR NOT", &["not"]),
            ("who was it?", &[]),
            ("Zoë's café", &["zoë", "café"]),
            ("a b c d e f g h i j", &[]),
            (
                "one two three four five six seven eight nine",
                &[
                    "one", "two", "three", "four", "five", "six", "seven", "eight",
                ],
            ),
            ("lisbon lisbon", &["lisbon"]),
        ];
        for (query, words) in cases {
            assert_eq!(writing_words(query), *words, "{query}");
        }
    }

    #[test]
    fn every_word_is_a_quoted_prefix() {
        assert_eq!(
            match_expression(&["sail".to_owned(), "not".to_owned()]),
            "\"sail\"* \"not\"*"
        );
    }
}
