//! What the duplicate detector reads (names and addresses) and what it remembers: which
//! pairs a digest has shown, and which the owner said are different people.

use std::collections::HashSet;

use chrono::{DateTime, SecondsFormat, Utc};
use rusqlite::params;

use super::Store;
use crate::Result;
use kith_domain::dupes::{PersonSketch, last_name_token, personal_local_part};
use kith_domain::model::PersonId;

/// A pair in the order it is stored: the lower id first.
fn ordered(a: PersonId, b: PersonId) -> (PersonId, PersonId) {
    if a < b { (a, b) } else { (b, a) }
}

const SKETCH: &str = concat!(
    "SELECT p.id,
        ",
    shown_name!(),
    ",
        (SELECT group_concat(e.address, char(10)) FROM emails e WHERE e.person_id = p.id)
     FROM people p WHERE p.archived = 0"
);

impl Store {
    /// Every person who is not archived, with their name and addresses.
    pub fn person_sketches(&self) -> Result<Vec<PersonSketch>> {
        // Two passes in id order (people, then addresses by owner) rather than a lookup
        // of each person's addresses.
        let mut statement = self.conn.prepare_cached(concat!(
            "SELECT p.id, ",
            shown_name!(),
            " FROM people p WHERE p.archived = 0 ORDER BY p.id"
        ))?;
        let mut sketches: Vec<PersonSketch> = statement
            .query_map([], |row| {
                Ok(PersonSketch {
                    id: PersonId(row.get(0)?),
                    name: row.get(1)?,
                    addresses: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut statement = self
            .conn
            .prepare_cached("SELECT person_id, address FROM emails WHERE person_id IS NOT NULL")?;
        let mut owned: Vec<(PersonId, String)> = statement
            .query_map([], |row| Ok((PersonId(row.get(0)?), row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        owned.sort_unstable();
        let mut at = 0;
        for (owner, address) in owned {
            while at < sketches.len() && sketches[at].id < owner {
                at += 1;
            }
            if at < sketches.len() && sketches[at].id == owner {
                sketches[at].addresses.push(address);
            }
        }
        Ok(sketches)
    }

    /// The people whose name or addresses changed after `since` (new people included:
    /// a row's `updated_at` starts as its `created_at`).
    pub fn people_changed_since(&self, since: DateTime<Utc>) -> Result<HashSet<PersonId>> {
        let since = since.to_rfc3339_opts(SecondsFormat::Secs, true);
        let mut statement = self.conn.prepare_cached(
            // By the indexes on the time (SQLite's planner, without statistics, would
            // rather walk a partial index of everyone).
            "SELECT id FROM people INDEXED BY people_updated WHERE updated_at > ?1 AND archived = 0
             UNION
             SELECT person_id FROM emails INDEXED BY emails_linked_updated
             WHERE person_id IS NOT NULL AND updated_at > ?1",
        )?;
        let rows = statement.query_map([since], |row| Ok(PersonId(row.get(0)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The people worth comparing with `focus`: the focus people themselves, everyone
    /// whose name has the last word of a focus person's name (found through the name
    /// index), and everyone with an address name a focus person has.
    pub fn person_sketches_near(&self, focus: &HashSet<PersonId>) -> Result<Vec<PersonSketch>> {
        // Past a few hundred (an import, say), reading everyone at once is cheaper.
        if focus.len() > 200 {
            return self.person_sketches();
        }
        let mut ids: HashSet<PersonId> = HashSet::new();
        let mut tokens = HashSet::new();
        let mut locals = HashSet::new();
        for id in focus {
            for sketch in self.sketches_where("p.id = ?1", [id.0])? {
                tokens.extend(last_name_token(&sketch.name));
                locals.extend(
                    sketch
                        .addresses
                        .iter()
                        .filter_map(|a| personal_local_part(a))
                        .map(|(local, _)| local),
                );
                ids.insert(sketch.id);
            }
        }
        let quoted: Vec<String> = tokens
            .iter()
            .map(|t| format!("\"{}\"", t.replace('"', "")))
            .collect();
        if !quoted.is_empty() {
            let mut statement = self
                .conn
                .prepare_cached("SELECT rowid FROM people_search WHERE people_search MATCH ?1")?;
            let rows =
                statement.query_map([quoted.join(" OR ")], |row| Ok(PersonId(row.get(0)?)))?;
            for row in rows {
                ids.insert(row?);
            }
        }
        if !locals.is_empty() {
            // One pass over the linked addresses, read the way the detector reads them.
            let mut statement = self.conn.prepare_cached(
                "SELECT person_id, address FROM emails NOT INDEXED WHERE person_id IS NOT NULL",
            )?;
            let rows = statement.query_map([], |row| {
                Ok((PersonId(row.get(0)?), row.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (person, address) = row?;
                if personal_local_part(&address).is_some_and(|(local, _)| locals.contains(&local)) {
                    ids.insert(person);
                }
            }
        }
        let mut sketches = Vec::with_capacity(ids.len());
        for id in ids {
            sketches.extend(self.sketches_where("p.id = ?1", [id.0])?);
        }
        sketches.sort_by_key(|s| s.id);
        Ok(sketches)
    }

    fn sketches_where<P: rusqlite::Params>(
        &self,
        condition: &str,
        params: P,
    ) -> Result<Vec<PersonSketch>> {
        let mut statement = self
            .conn
            .prepare_cached(&format!("{SKETCH} AND {condition} ORDER BY p.id"))?;
        let rows = statement.query_map(params, |row| {
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
