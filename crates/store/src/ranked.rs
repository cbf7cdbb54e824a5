//! The ranked lists, read through their trigger-kept rollups (migration 0020): who is
//! overdue from `person_last_met_due`, one page in order, and the unknown addresses
//! from `address_seen_unknown`. `stale_scanned` ranks everyone the long way; it answers
//! for kinds the rollup does not keep and is what the indexed path is checked against.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::queries::{Page, StaleFilter, UnknownAttendee, date, seen_sql, unknown_from_row};
use super::{Store, organizations::unique_key};
use crate::Result;
use kith_domain::closeness::Closeness;
use kith_domain::model::{Cadence, PersonId, Tier};
use kith_domain::rank::{StaleCandidate, StaleEntry, StaleKinds, rank_stale};

/// People who share one cadence, as a condition on `person_last_met` (parameters ?3
/// and ?4 are `key`): among them, the most overdue relative to the cadence are those
/// met longest ago.
struct CadenceGroup {
    condition: &'static str,
    key: (i64, Option<i64>),
    days: u32,
}

/// People without a cadence of their own, in tier ?3.
const TIER_GROUP: &str = "archived = 0 AND own_cadence IS NULL AND tier = ?3 AND ?4 IS NULL";
/// People whose own cadence is ?3 days (in tier ?4 when it is not null).
const OWN_GROUP: &str = "archived = 0 AND own_cadence = ?3 AND (?4 IS NULL OR tier = ?4)";

/// The condition (on `column`, parameter ?1) a filter adds, and ?1's value.
fn filter_condition(filter: &StaleFilter, column: &str) -> (String, String) {
    match filter {
        StaleFilter::All | StaleFilter::Tier(_) => ("?1 IS NOT NULL".to_owned(), String::new()),
        StaleFilter::Tag(tag) => (
            format!(
                "EXISTS (SELECT 1 FROM person_tags pt WHERE pt.person_id = {column}
                         AND pt.tag_id = (SELECT id FROM tags WHERE name_key = ?1))"
            ),
            unique_key(tag.trim_start_matches('#')),
        ),
        StaleFilter::Organization(org) => (
            format!(
                "EXISTS (SELECT 1 FROM employment e WHERE e.person_id = {column}
                         AND e.organization_id = ?1 AND e.is_current = 1)"
            ),
            org.0.to_string(),
        ),
    }
}

/// Not snoozed on `today` (the column is a person's id): someone told "Not now" is left
/// out until the day their snooze ends, and back on it. The snoozed are few and indexed
/// (`people_snoozed`), so the list is read once.
fn awake(column: &str, today: NaiveDate) -> String {
    format!("{column} NOT IN (SELECT id FROM people WHERE snoozed_until > '{today}')")
}

/// The people a tag or organization filter lists, as rows of `person_id` (parameter ?1).
fn members(filter: &StaleFilter) -> Option<&'static str> {
    match filter {
        StaleFilter::Tag(_) => Some(
            "SELECT person_id FROM person_tags WHERE tag_id = (SELECT id FROM tags WHERE name_key = ?1)",
        ),
        StaleFilter::Organization(_) => {
            Some("SELECT person_id FROM employment WHERE organization_id = ?1 AND is_current = 1")
        }
        StaleFilter::All | StaleFilter::Tier(_) => None,
    }
}

/// Below this many members a filtered list ranks its members directly; above it, it
/// reads each cadence's index in order and keeps the members.
const FEW_MEMBERS: i64 = 500;

/// What a ranked list of the overdue asks for: whom (`filter`), by which cadences
/// (`closeness`), which interactions count as having seen someone (`kinds`; `None` is
/// the default kinds), on which day, and which page.
#[derive(Clone, Copy, Debug)]
pub struct StaleQuery<'a> {
    pub filter: &'a StaleFilter,
    pub closeness: &'a Closeness,
    pub kinds: Option<&'a StaleKinds>,
    pub today: NaiveDate,
    pub offset: usize,
    pub limit: usize,
}

impl<'a> StaleQuery<'a> {
    /// The first ten of `filter`'s overdue on `today`, counting the default kinds.
    pub fn new(filter: &'a StaleFilter, closeness: &'a Closeness, today: NaiveDate) -> Self {
        StaleQuery {
            filter,
            closeness,
            kinds: None,
            today,
            offset: 0,
            limit: 10,
        }
    }

    /// The same, `limit` of them from `offset` on.
    pub fn page(self, offset: usize, limit: usize) -> Self {
        StaleQuery {
            offset,
            limit,
            ..self
        }
    }

    /// The same, where only interactions of `kinds` count as having seen someone.
    pub fn counting(self, kinds: &'a StaleKinds) -> Self {
        StaleQuery {
            kinds: Some(kinds),
            ..self
        }
    }

    fn counts_default_kinds(&self) -> bool {
        self.kinds.is_none_or(StaleKinds::is_default)
    }
}

/// Whom a ranked page is chosen among: the last meetings (`last_met`, a table or a
/// subquery with `person_id` and `last_on`) and the people `condition` (on `p`,
/// parameter ?2 = `argument`) allows.
struct Candidates<'a> {
    last_met: &'a str,
    condition: &'a str,
    argument: &'a str,
}

impl Store {
    /// Who haven't I seen lately: overdue people, most overdue relative to their cadence
    /// first. The default kinds read the trigger-kept rollup in cadence order; others
    /// rank everyone (`stale_scanned`).
    pub fn stale(&self, query: &StaleQuery<'_>) -> Result<Page<StaleEntry>> {
        if query.counts_default_kinds() {
            self.stale_indexed(query)
        } else {
            self.stale_scanned(query)
        }
    }

    /// How many people not archived whom `filter` lists are snoozed on `today`.
    pub fn snoozed_count(&self, filter: &StaleFilter, today: NaiveDate) -> Result<usize> {
        let (condition, argument) = match filter {
            StaleFilter::Tier(tier) => ("p.closeness = ?1".to_owned(), tier.number().to_string()),
            _ => filter_condition(filter, "p.id"),
        };
        let count: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM people p INDEXED BY people_snoozed
                 WHERE p.snoozed_until > ?2 AND p.archived = 0 AND {condition}"
            ))?
            .query_row(params![argument, today.to_string()], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// The cadences people not archived set for themselves (other than "off").
    pub(super) fn own_cadences(&self) -> Result<Vec<u32>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT DISTINCT own_cadence FROM person_last_met WHERE archived = 0 AND own_cadence > 0",
        )?;
        let days = statement.query_map([], |row| row.get::<_, u32>(0))?;
        Ok(days.collect::<rusqlite::Result<_>>()?)
    }

    /// The groups of one cadence the filter can list: each tier with a cadence (for
    /// people without their own), and each cadence someone set for themselves.
    fn cadence_groups(
        &self,
        filter: &StaleFilter,
        closeness: &Closeness,
    ) -> Result<Vec<CadenceGroup>> {
        let only_tier = match filter {
            StaleFilter::Tier(tier) => Some(*tier),
            _ => None,
        };
        let mut groups: Vec<CadenceGroup> = Tier::all()
            .filter(|tier| only_tier.is_none_or(|only| only == *tier))
            .filter_map(|tier| {
                Some(CadenceGroup {
                    condition: TIER_GROUP,
                    key: (i64::from(tier.number()), None),
                    days: closeness.cadence_days(tier)?,
                })
            })
            .collect();
        for days in self.own_cadences()? {
            groups.push(CadenceGroup {
                condition: OWN_GROUP,
                key: (i64::from(days), only_tier.map(|t| i64::from(t.number()))),
                days,
            });
        }
        Ok(groups)
    }

    /// Each cadence group's most overdue (the first `offset + limit` of it by last seen,
    /// with everyone tied with the last of them) are the only people who can be on the
    /// page; the page is then ranked among them alone. The total counts index ranges
    /// (or, for a tag or an organization, its members).
    fn stale_indexed(&self, query: &StaleQuery<'_>) -> Result<Page<StaleEntry>> {
        let StaleQuery {
            filter,
            closeness,
            today,
            offset,
            limit,
            ..
        } = *query;
        let (extra, argument) = filter_condition(filter, "person_last_met.person_id");
        let extra = format!("{extra} AND {}", awake("person_last_met.person_id", today));
        let groups = self.cadence_groups(filter, closeness)?;
        let counted = match members(filter) {
            Some(members) => {
                let (count, overdue, never) =
                    self.members_overdue(members, &argument, closeness, today)?;
                if count < FEW_MEMBERS {
                    // Few enough to rank them all.
                    let condition = format!("p.id IN ({})", members.replace("?1", "?2"));
                    return self.ranked_page(query, &condition, &argument, overdue + never);
                }
                Some((overdue, never))
            }
            None => None,
        };
        let wanted = offset + limit;
        let mut overdue_total = 0usize;
        let mut never_total = 0usize;
        let mut candidates: Vec<i64> = Vec::new();
        for group in &groups {
            let which = format!("{} AND {extra}", group.condition);
            let (key, tier) = group.key;
            // Overdue: more than the cadence's days since they were last seen.
            let cutoff = (today - chrono::Days::new(u64::from(group.days) + 1)).to_string();
            if counted.is_none() {
                let (count, never): (i64, i64) = self
                    .conn
                    .prepare_cached(&format!(
                        "SELECT (SELECT count(*) FROM person_last_met WHERE {which} AND last_on <= ?2),
                                (SELECT count(*) FROM person_last_met WHERE {which} AND last_on IS NULL)"
                    ))?
                    .query_row(params![argument, cutoff, key, tier], |row| {
                        Ok((row.get(0)?, row.get(1)?))
                    })?;
                overdue_total += usize::try_from(count).unwrap_or(0);
                never_total += usize::try_from(never).unwrap_or(0);
                if count == 0 {
                    continue;
                }
            }
            if wanted == 0 {
                continue;
            }
            let bound: Option<String> = self
                .conn
                .prepare_cached(&format!(
                    "SELECT last_on FROM person_last_met WHERE {which} AND last_on <= ?2
                     ORDER BY last_on LIMIT 1 OFFSET ?5"
                ))?
                .query_row(
                    params![argument, cutoff, key, tier, wanted as i64 - 1],
                    |row| row.get(0),
                )
                .optional()?;
            let bound = bound.unwrap_or(cutoff);
            let mut statement = self.conn.prepare_cached(&format!(
                "SELECT person_id FROM person_last_met WHERE {which} AND last_on <= ?2"
            ))?;
            for id in statement.query_map(params![argument, bound, key, tier], |row| row.get(0))? {
                candidates.push(id?);
            }
        }
        if let Some((overdue, never)) = counted {
            overdue_total = overdue;
            never_total = never;
        }
        // The never met come after everyone met, by tier and name: read only when the
        // page reaches them.
        if wanted > overdue_total {
            candidates.extend(self.never_met(&groups, &extra, &argument)?);
        }
        let ids = serde_json::to_string(&candidates).unwrap_or_else(|_| "[]".to_owned());
        self.ranked_page(
            query,
            "p.id IN (SELECT value FROM json_each(?2))",
            &ids,
            overdue_total + never_total,
        )
    }

    /// The query's page ranked among the rollup's people `condition` (on `p`, parameter
    /// ?2 = `argument`) allows, of `total` overdue in all.
    fn ranked_page(
        &self,
        query: &StaleQuery<'_>,
        condition: &str,
        argument: &str,
        total: usize,
    ) -> Result<Page<StaleEntry>> {
        let items = self.stale_ranked(
            query,
            &Candidates {
                last_met: "person_last_met",
                condition,
                argument,
            },
        )?;
        Ok(Page {
            items,
            offset: query.offset,
            total,
        })
    }

    /// Everyone never met in the cadence groups (`extra` on the rollup, parameter ?1 =
    /// `argument`): they come after everyone met, by tier and name.
    fn never_met(&self, groups: &[CadenceGroup], extra: &str, argument: &str) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        for group in groups {
            let (key, tier) = group.key;
            let mut statement = self.conn.prepare_cached(&format!(
                "SELECT person_id FROM person_last_met
                 WHERE {} AND {extra} AND last_on IS NULL AND ?2 IS NULL",
                group.condition
            ))?;
            let none: Option<String> = None;
            for id in statement.query_map(params![argument, none, key, tier], |row| row.get(0))? {
                ids.push(id?);
            }
        }
        Ok(ids)
    }

    /// How many people `members` (parameter ?1) gives, how many of them are overdue and
    /// how many never met, reading each member's rollup row once.
    fn members_overdue(
        &self,
        members: &str,
        argument: &str,
        closeness: &Closeness,
        today: NaiveDate,
    ) -> Result<(i64, usize, usize)> {
        let cadence = cadence_sql(closeness)
            .replace("p.cadence_days", "l.own_cadence")
            .replace("p.closeness", "l.tier");
        let awake = awake("l.person_id", today);
        let (count, overdue, never): (i64, i64, i64) = self
            .conn
            .prepare_cached(&format!(
                "SELECT (SELECT count(*) FROM ({members})),
                        coalesce(sum(l.last_on IS NOT NULL), 0), coalesce(sum(l.last_on IS NULL), 0)
                 FROM ({members}) m CROSS JOIN person_last_met l ON l.person_id = m.person_id
                 WHERE l.archived = 0 AND ({cadence}) IS NOT NULL AND {awake}
                   AND (l.last_on IS NULL OR l.last_on < date(?2, '-' || ({cadence}) || ' days'))"
            ))?
            .query_row(params![argument, today.to_string()], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?;
        Ok((
            count,
            usize::try_from(overdue).unwrap_or(0),
            usize::try_from(never).unwrap_or(0),
        ))
    }

    /// `stale` by ranking every person the filter lists, over the query's kinds' last
    /// meetings computed in the query.
    pub fn stale_scanned(&self, query: &StaleQuery<'_>) -> Result<Page<StaleEntry>> {
        let default_kinds = StaleKinds::default();
        let kinds = query.kinds.unwrap_or(&default_kinds);
        let (filter, closeness, today) = (query.filter, query.closeness, query.today);
        let last_met = format!(
            "(SELECT ip.person_id AS person_id, max(i.occurred_on) AS last_on
              FROM interaction_participants ip JOIN interactions i ON i.id = ip.interaction_id
              WHERE i.did_not_happen = 0 AND {}
              GROUP BY ip.person_id)",
            seen_sql(kinds),
        );
        let (condition, argument) = match filter {
            StaleFilter::Tier(tier) => ("p.closeness = ?2".to_owned(), tier.number().to_string()),
            _ => {
                let (condition, argument) = filter_condition(filter, "p.id");
                (condition.replace("?1", "?2"), argument)
            }
        };
        let cadence = cadence_sql(closeness);
        let total: i64 = self
            .conn
            .prepare_cached(&format!(
                "SELECT count(*) {}",
                stale_from(&cadence, &last_met, &condition)
            ))?
            .query_row(params![today.to_string(), &argument], |row| row.get(0))?;
        let items = self.stale_ranked(
            query,
            &Candidates {
                last_met: &last_met,
                condition: &condition,
                argument: &argument,
            },
        )?;
        Ok(Page {
            items,
            offset: query.offset,
            total: usize::try_from(total).unwrap_or(0),
        })
    }

    /// The query's page of the overdue among `candidates`, ranked in SQL so only the
    /// page leaves SQLite; `rank_stale` then orders that page (identically) and builds
    /// the entries.
    fn stale_ranked(
        &self,
        query: &StaleQuery<'_>,
        candidates: &Candidates<'_>,
    ) -> Result<Vec<StaleEntry>> {
        let StaleQuery {
            closeness,
            today,
            offset,
            limit,
            ..
        } = *query;
        let Candidates {
            last_met,
            condition,
            argument,
        } = *candidates;
        let from = stale_from(&cadence_sql(closeness), last_met, condition);
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT id, name, tier, last_on, own {from}
             ORDER BY last_on IS NULL, CAST(overdue AS REAL) / cadence DESC, coalesce(tier, 255), name, id
             LIMIT ?3 OFFSET ?4"
        ))?;
        let candidates = statement
            .query_map(
                params![today.to_string(), argument, limit as i64, offset as i64],
                |row| {
                    Ok(StaleCandidate {
                        person_id: PersonId(row.get(0)?),
                        name: row.get(1)?,
                        tier: row
                            .get::<_, Option<i64>>(2)?
                            .and_then(|n| Tier::new(n).ok()),
                        cadence: Cadence::from_days(row.get(4)?),
                        last_met: date(row.get(3)?),
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rank_stale(candidates, closeness, today))
    }

    /// Addresses with no person that are not ignored (by mark or rule), most meetings
    /// first, then most recently seen.
    pub fn unknown_attendees(&self, offset: usize, limit: usize) -> Result<Page<UnknownAttendee>> {
        let total: i64 = self
            .conn
            .prepare_cached("SELECT count(*) FROM address_seen WHERE unknown = 1 AND seen > 0")?
            .query_row([], |row| row.get(0))?;
        let mut statement = self.conn.prepare_cached(
            "SELECT s.email_id, s.address, e.display_name, s.seen - s.emails, s.last_on, s.emails
             FROM address_seen s JOIN emails e ON e.id = s.email_id
             WHERE s.unknown = 1 AND s.seen > 0
             ORDER BY s.seen DESC, s.last_on DESC, s.address
             LIMIT ?1 OFFSET ?2",
        )?;
        let items = statement
            .query_map(params![limit as i64, offset as i64], unknown_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Page {
            items,
            offset,
            total: usize::try_from(total).unwrap_or(0),
        })
    }

    /// Unknown attendees first seen after `since` (all of them when `None`), ranked the same way.
    pub fn new_unknown_attendees(
        &self,
        since: Option<chrono::DateTime<chrono::Utc>>,
        limit: usize,
    ) -> Result<Page<UnknownAttendee>> {
        let Some(since) = since else {
            return self.unknown_attendees(0, limit);
        };
        let since = since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        // The new addresses first (by their index), then their counts: a CROSS JOIN keeps
        // SQLite from walking every unknown address in rank order looking for new ones.
        const NEW: &str = "FROM emails e CROSS JOIN address_seen s ON s.email_id = e.id
             WHERE e.created_at > ?1 AND s.unknown = 1 AND s.seen > 0";
        let total: i64 = self
            .conn
            .prepare_cached(&format!("SELECT count(*) {NEW}"))?
            .query_row([&since], |row| row.get(0))?;
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT s.email_id, s.address, e.display_name, s.seen - s.emails, s.last_on, s.emails {NEW}
             ORDER BY s.seen DESC, s.last_on DESC, s.address LIMIT ?2"
        ))?;
        let items = statement
            .query_map(params![since, limit as i64], unknown_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Page {
            items,
            offset: 0,
            total: usize::try_from(total).unwrap_or(0),
        })
    }
}

/// The cadence that applies (rank::effective_cadence): the person's own (0 = off), else
/// their tier's, as a CASE of values (not text) the ranking can use.
fn cadence_sql(closeness: &Closeness) -> String {
    let tiers = Tier::all()
        .filter_map(|tier| {
            Some(format!(
                "WHEN {} THEN {}",
                tier.number(),
                closeness.cadence_days(tier)?
            ))
        })
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "CASE WHEN p.cadence_days IS NOT NULL THEN nullif(p.cadence_days, 0)
              ELSE (CASE p.closeness WHEN -1 THEN NULL {tiers} END) END"
    )
}

/// The overdue among the people `condition` allows who are not snoozed, over the days
/// last seen `last_met` gives (?1 = today). Someone whose latest meeting is still ahead (already on the
/// calendar) is about to be seen: not overdue.
fn stale_from(cadence: &str, last_met: &str, condition: &str) -> String {
    format!(
        concat!(
            "FROM (SELECT p.id AS id,
                          ",
            shown_name!(),
            " AS name,
                          p.closeness AS tier, l.last_on AS last_on,
                          p.cadence_days AS own,
                          CAST(julianday(?1) - julianday(l.last_on) AS INTEGER) - ({cadence}) AS overdue,
                          ({cadence}) AS cadence
                   FROM people p LEFT JOIN {last_met} l ON l.person_id = p.id
                   WHERE p.archived = 0 AND ({condition})
                     AND (p.snoozed_until IS NULL OR p.snoozed_until <= ?1)
                     AND (l.last_on IS NULL OR l.last_on <= ?1))
             WHERE cadence IS NOT NULL AND (last_on IS NULL OR overdue > 0)"
        ),
        cadence = cadence,
        condition = condition,
        last_met = last_met
    )
}
