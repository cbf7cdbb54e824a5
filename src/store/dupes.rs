//! What the duplicate detector reads (names and addresses) and what it remembers: which
//! pairs a digest has shown, and which the owner said are different people.

use std::collections::HashSet;

use rusqlite::params;

use super::Store;
use crate::dupes::PersonSketch;
use crate::error::Result;
use crate::model::PersonId;

/// A pair in the order it is stored: the lower id first.
fn ordered(a: PersonId, b: PersonId) -> (PersonId, PersonId) {
    if a < b { (a, b) } else { (b, a) }
}

impl Store {
    /// Every person who is not archived, with their name and addresses.
    pub fn person_sketches(&self) -> Result<Vec<PersonSketch>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT p.id,
                    coalesce(nullif(trim(p.display_name), ''), trim(p.given_name || ' ' || p.family_name)),
                    (SELECT group_concat(e.address, char(10)) FROM emails e WHERE e.person_id = p.id)
             FROM people p WHERE p.archived = 0 ORDER BY p.id",
        )?;
        let rows = statement.query_map([], |row| {
            let addresses: Option<String> = row.get(2)?;
            Ok(PersonSketch {
                id: PersonId(row.get(0)?),
                name: row.get(1)?,
                addresses: addresses
                    .map(|a| a.lines().map(str::to_owned).collect())
                    .unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Pairs the owner said are different people.
    pub fn not_same_pairs(&self) -> Result<HashSet<(PersonId, PersonId)>> {
        self.pairs_where("not_same = 1")
    }

    /// Pairs a digest has shown already.
    pub fn shown_duplicate_pairs(&self) -> Result<HashSet<(PersonId, PersonId)>> {
        self.pairs_where("shown_at IS NOT NULL")
    }

    fn pairs_where(&self, condition: &str) -> Result<HashSet<(PersonId, PersonId)>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT person_a, person_b FROM duplicate_pairs WHERE {condition}"
        ))?;
        let rows =
            statement.query_map([], |row| Ok((PersonId(row.get(0)?), PersonId(row.get(1)?))))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remembers that `a` and `b` are different people.
    pub fn mark_not_same(&mut self, a: PersonId, b: PersonId) -> Result<()> {
        let (a, b) = ordered(a, b);
        let now = self.now_text();
        self.conn.execute(
            "INSERT INTO duplicate_pairs (person_a, person_b, not_same, decided_at) VALUES (?1, ?2, 1, ?3)
             ON CONFLICT (person_a, person_b) DO UPDATE SET not_same = 1, decided_at = ?3",
            params![a.0, b.0, now],
        )?;
        Ok(())
    }

    /// Remembers that a digest showed these pairs.
    pub fn mark_duplicates_shown(&mut self, pairs: &[(PersonId, PersonId)]) -> Result<()> {
        let now = self.now_text();
        let tx = self.write()?;
        for (a, b) in pairs {
            let (a, b) = ordered(*a, *b);
            tx.execute(
                "INSERT INTO duplicate_pairs (person_a, person_b, shown_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (person_a, person_b) DO UPDATE SET shown_at = coalesce(shown_at, ?3)",
                params![a.0, b.0, now],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}
