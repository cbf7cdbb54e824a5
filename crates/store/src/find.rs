//! Finding people and organizations by what was typed: ranked search over names,
//! aliases, addresses, organization names and tags; what a typed name can mean (names,
//! aliases and address local parts, each hit with its `Strength`); and namesakes. Only
//! the candidates of the full-text index are scored; names without letters are compared
//! as they are.

use rusqlite::params;

use super::{Store, like_escape, organizations::unique_key};
use crate::Result;
use kith_domain::model::{OrganizationId, PersonId};
use kith_domain::rank::{Match, MatchReason, MatchTarget, Strength, merge_matches};
use kith_domain::text;

/// Whose names a lookup reads: everyone not archived (suggestions), everyone (what a
/// typed name can mean, search, namesakes), or only archived people (`/unarchive`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    Active,
    Everyone,
    Archived,
}

impl Reach {
    /// The values of `people.archived` it reads, for `p.archived IN (?, ?)`.
    fn archived_values(self) -> (i64, i64) {
        match self {
            Reach::Active => (0, 0),
            Reach::Everyone => (0, 1),
            Reach::Archived => (1, 1),
        }
    }
}

/// A person's whole name as it is compared: its folded tokens in order.
fn whole_name(name: &str) -> Vec<String> {
    let mut tokens = text::tokens(name);
    tokens.sort();
    tokens
}

/// An FTS5 query for names holding every one of `tokens` (as whole tokens, or as
/// prefixes when `prefix`).
fn all_of(tokens: &[String], prefix: bool) -> String {
    let star = if prefix { "*" } else { "" };
    tokens
        .iter()
        .map(|t| format!("\"{}\"{star}", t.replace('"', "")))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// An FTS5 query for names holding a word that starts with every one of `tokens`, as
/// typed or with its German spelling read back ("juergen" finds "Jurgen" too: every
/// name's key holds its tokens read back).
fn all_spellings_of(tokens: &[String]) -> String {
    tokens
        .iter()
        .map(|t| {
            let read_back = text::unspelled(t);
            if read_back == *t {
                all_of(std::slice::from_ref(t), true)
            } else {
                format!(
                    "({} OR {})",
                    all_of(std::slice::from_ref(t), true),
                    all_of(&[read_back], true)
                )
            }
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

impl Store {
    /// People who may match `tokens`: those with a name token starting with every query
    /// token or its spelling read back (full-text prefix search); when none of them is a good match, those with a
    /// token sharing the first two letters of any query token, so a misspelling such as
    /// "Jhon Smtih" still finds "John Smith".
    fn name_candidates(
        &self,
        tokens: &[String],
        reach: Reach,
    ) -> Result<Vec<(PersonId, String, String)>> {
        let mut candidates = self.search_names(&all_spellings_of(tokens), reach)?;
        let good = candidates
            .iter()
            .any(|(_, key, _)| text::name_score(tokens, key) >= text::MATCH_THRESHOLD);
        if !good {
            let loose = tokens
                .iter()
                .map(|t| {
                    format!(
                        "\"{}\"*",
                        t.chars().take(2).collect::<String>().replace('"', "")
                    )
                })
                .collect::<Vec<_>>()
                .join(" OR ");
            candidates = self.search_names(&loose, reach)?;
        }
        Ok(candidates)
    }

    /// Organizations with a name word starting with the first two letters of a query word.
    fn organization_candidates(
        &self,
        tokens: &[String],
    ) -> Result<Vec<(OrganizationId, String, String)>> {
        let query = tokens
            .iter()
            .map(|t| {
                format!(
                    "\"{}\"*",
                    t.chars().take(2).collect::<String>().replace('"', "")
                )
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        let mut statement = self.conn.prepare_cached(
            "SELECT o.id, o.name FROM organizations_search s JOIN organizations o ON o.id = s.rowid
             WHERE organizations_search MATCH ?1 LIMIT 5000",
        )?;
        let rows = statement.query_map([query], |row| {
            let name: String = row.get(1)?;
            Ok((OrganizationId(row.get(0)?), text::search_key(&name), name))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// (id, search key, shown name) of the people the full-text `query` finds.
    fn search_names(&self, query: &str, reach: Reach) -> Result<Vec<(PersonId, String, String)>> {
        let mut statement = self.conn.prepare_cached(concat!(
            "SELECT p.id, p.name_key,
                    ",
            shown_name!(),
            "
             FROM people_search s JOIN people p ON p.id = s.rowid
             WHERE people_search MATCH ?1 AND p.archived IN (?2, ?3)
             LIMIT 5000"
        ))?;
        let (a, b) = reach.archived_values();
        let rows = statement.query_map(params![query, a, b], |row| {
            Ok((PersonId(row.get(0)?), row.get(1)?, row.get(2)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// People whose shown name is exactly `name` (for names without letters, which the
    /// full-text index cannot hold). Reads every name; only such a query comes here.
    fn named_exactly(&self, name: &str, reach: Reach) -> Result<Vec<(PersonId, String)>> {
        let mut statement = self.conn.prepare_cached(concat!(
            "SELECT p.id, ",
            shown_name!(),
            " FROM people p WHERE ",
            shown_name!(),
            " = ?1 AND p.archived IN (?2, ?3)"
        ))?;
        let (a, b) = reach.archived_values();
        let rows = statement.query_map(params![name.trim(), a, b], |row| {
            Ok((PersonId(row.get(0)?), row.get(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// People whose name (or alias) matches, best first: the name part of `find` alone,
    /// among people not archived.
    pub fn find_people_by_name(&self, query: &str, limit: usize) -> Result<Vec<Match>> {
        let query_tokens = text::tokens(query);
        if query_tokens.is_empty() {
            return Ok(Vec::new());
        }
        Ok(merge_matches(
            self.name_hits(&query_tokens, Reach::Active)?,
            limit,
        ))
    }

    fn name_hits(&self, query_tokens: &[String], reach: Reach) -> Result<Vec<Match>> {
        let mut hits = Vec::new();
        for (id, key, name) in self.name_candidates(query_tokens, reach)? {
            let score = text::name_score(query_tokens, &key);
            if score >= text::MATCH_THRESHOLD {
                hits.push(Match {
                    target: MatchTarget::Person(id),
                    strength: text::name_strength(query_tokens, &key, &name),
                    label: name,
                    score,
                    reason: MatchReason::Name,
                });
            }
        }
        Ok(hits)
    }

    /// Hits for a query without letters or digits: people named exactly that.
    fn letterless_hits(&self, query: &str, reach: Reach) -> Result<Vec<Match>> {
        if query.trim().is_empty() {
            return Ok(Vec::new());
        }
        Ok(self
            .named_exactly(query, reach)?
            .into_iter()
            .map(|(id, name)| Match {
                target: MatchTarget::Person(id),
                label: name,
                score: 1.0,
                reason: MatchReason::Name,
                strength: Strength::Whole,
            })
            .collect())
    }

    /// Everyone a typed name can mean, best first: names and aliases (word for word,
    /// whole, or close), people whose address's local part is the text, and people whose
    /// name has no letters and is exactly the text. `pick` decides whether it is one.
    pub fn people_called(&self, query: &str, limit: usize, reach: Reach) -> Result<Vec<Match>> {
        let query_tokens = text::tokens(query);
        if query_tokens.is_empty() {
            return Ok(merge_matches(self.letterless_hits(query, reach)?, limit));
        }
        let mut hits = self.name_hits(&query_tokens, reach)?;
        let compact = query.trim().to_lowercase();
        if compact.chars().count() >= 2
            && !compact.contains(|c: char| c.is_whitespace() || c == '@')
        {
            let mut statement = self.conn.prepare_cached(concat!(
                "SELECT DISTINCT p.id, ",
                shown_name!(),
                " FROM emails e JOIN people p ON p.id = e.person_id
                 WHERE e.address >= ?1 AND e.address < ?1 || char(1114111)
                   AND p.archived IN (?2, ?3)
                 LIMIT 50"
            ))?;
            let (a, b) = reach.archived_values();
            let rows = statement.query_map(params![format!("{compact}@"), a, b], |row| {
                Ok((PersonId(row.get(0)?), row.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (id, name) = row?;
                hits.push(Match {
                    target: MatchTarget::Person(id),
                    label: name,
                    score: 1.0,
                    reason: MatchReason::Email,
                    strength: Strength::Exact,
                });
            }
        }
        Ok(merge_matches(hits, limit))
    }

    /// Ranked fuzzy search over the names, addresses and tags of people not archived and
    /// organization names. Accents and token order are ignored; small misspellings match.
    pub fn find(&self, query: &str, limit: usize) -> Result<Vec<Match>> {
        self.find_among(query, limit, Reach::Active)
    }

    /// `find` among the people `reach` reads.
    pub fn find_among(&self, query: &str, limit: usize, reach: Reach) -> Result<Vec<Match>> {
        let query_tokens = text::tokens(query);
        if query_tokens.is_empty() {
            return Ok(merge_matches(self.letterless_hits(query, reach)?, limit));
        }
        let mut hits = self.name_hits(&query_tokens, reach)?;
        for (id, key, name) in self.organization_candidates(&query_tokens)? {
            let score = text::name_score(&query_tokens, &key);
            if score >= text::MATCH_THRESHOLD {
                hits.push(Match {
                    target: MatchTarget::Organization(id),
                    strength: text::name_strength(&query_tokens, &key, &name),
                    label: name,
                    // A person named like the query ranks above an organization.
                    score: score - 0.02,
                    reason: MatchReason::Organization,
                });
            }
        }
        hits.extend(self.address_hits(query, reach)?);
        hits.extend(self.tag_hits(query, reach)?);
        Ok(merge_matches(hits, limit))
    }

    /// Text that looks like an address or a domain is looked for anywhere in the
    /// addresses; a plain word only at their start (an index range, not a scan).
    fn address_hits(&self, query: &str, reach: Reach) -> Result<Vec<Match>> {
        let compact = query.trim().to_lowercase();
        if compact.len() < 3 || compact.contains(char::is_whitespace) {
            return Ok(Vec::new());
        }
        let anywhere = compact.contains('@') || compact.contains('.');
        let mut statement = self.conn.prepare_cached(concat!(
            "SELECT p.id, ",
            shown_name!(),
            ",
                    e.address
             FROM emails e JOIN people p ON p.id = e.person_id
             WHERE p.archived IN (?4, ?5)
               AND CASE WHEN ?2 THEN e.address LIKE ?1 ESCAPE '\\'
                        ELSE e.address >= ?3 AND e.address < ?3 || char(1114111) END
             LIMIT 50"
        ))?;
        let pattern = format!("%{}%", like_escape(&compact));
        let (a, b) = reach.archived_values();
        let rows = statement.query_map(params![pattern, anywhere, compact, a, b], |row| {
            Ok((
                PersonId(row.get(0)?),
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (id, name, address) = row?;
            let strength = if address == compact {
                Strength::Whole
            } else if address.split('@').next() == Some(compact.as_str()) {
                Strength::Exact
            } else {
                Strength::Close
            };
            hits.push(Match {
                target: MatchTarget::Person(id),
                label: name,
                score: if strength == Strength::Close {
                    0.9
                } else {
                    1.0
                },
                reason: MatchReason::Email,
                strength,
            });
        }
        Ok(hits)
    }

    /// People carrying the tag the query names (`investor` or `#investor`).
    fn tag_hits(&self, query: &str, reach: Reach) -> Result<Vec<Match>> {
        let mut statement = self.conn.prepare_cached(concat!(
            "SELECT p.id, ",
            shown_name!(),
            "
             FROM tags t JOIN person_tags pt ON pt.tag_id = t.id JOIN people p ON p.id = pt.person_id
             WHERE t.name_key = ?1 AND p.archived IN (?2, ?3)"
        ))?;
        let (a, b) = reach.archived_values();
        let tag = unique_key(query.trim().trim_start_matches('#'));
        let rows = statement.query_map(params![tag, a, b], |row| {
            Ok((PersonId(row.get(0)?), row.get::<_, String>(1)?))
        })?;
        let mut hits = Vec::new();
        for row in rows {
            let (id, name) = row?;
            hits.push(Match {
                target: MatchTarget::Person(id),
                label: name,
                score: 0.85,
                reason: MatchReason::Tag,
                strength: Strength::Close,
            });
        }
        Ok(hits)
    }

    /// For each of `people` (id, shown name), everyone else — archived or not — whose
    /// whole name is theirs up to accents, case, order and punctuation (a name without
    /// letters: exactly the same text), in one full-text statement for the lettered ones.
    pub fn namesakes(&self, people: &[(PersonId, String)]) -> Result<Vec<Vec<(PersonId, String)>>> {
        let wanted: Vec<Vec<String>> = people.iter().map(|(_, name)| whole_name(name)).collect();
        let mut groups: Vec<String> = wanted
            .iter()
            .filter(|tokens| !tokens.is_empty())
            .map(|tokens| format!("({})", all_of(tokens, false)))
            .collect();
        groups.sort();
        groups.dedup();
        let lettered: Vec<(PersonId, String)> = if groups.is_empty() {
            Vec::new()
        } else {
            self.search_names(&groups.join(" OR "), Reach::Everyone)?
                .into_iter()
                .map(|(id, _, name)| (id, name))
                .collect()
        };
        let mut found = Vec::with_capacity(people.len());
        for ((me, name), tokens) in people.iter().zip(&wanted) {
            let same: Vec<(PersonId, String)> = if tokens.is_empty() {
                self.named_exactly(name, Reach::Everyone)?
            } else {
                lettered
                    .iter()
                    .filter(|(_, other)| whole_name(other) == *tokens)
                    .cloned()
                    .collect()
            };
            found.push(same.into_iter().filter(|(id, _)| id != me).collect());
        }
        Ok(found)
    }
}
