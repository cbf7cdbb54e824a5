//! What /stats counts: meetings per month by kind, people met and new, the most-met
//! people, and how many of each tier are overdue.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::params;

use super::{StaleFilter, StaleQuery, Store};
use crate::Result;
use kith_domain::closeness::Closeness;
use kith_domain::model::{InteractionType, Tier};
use kith_domain::stats::{MonthCount, TierOverdue, YearStats, last_twelve_months};

/// How many most-met people /stats names.
const MOST_MET: usize = 5;

impl Store {
    /// The twelve months ending today, as /stats shows them.
    pub fn year_stats(&self, closeness: &Closeness, today: NaiveDate) -> Result<YearStats> {
        let starts = last_twelve_months(today);
        let from = starts[0].to_string();
        let to = today.to_string();
        let months = self.month_counts(&starts, &from, &to)?;
        // Met means a meeting: calls, emails, texts and messages are counted beside it.
        const MET: &str = "SELECT ip.person_id AS person_id, i.occurred_on AS day
             FROM interaction_participants ip JOIN interactions i ON i.id = ip.interaction_id
             JOIN people p ON p.id = ip.person_id
             WHERE i.did_not_happen = 0 AND i.occurred_on <= ?2 AND p.archived = 0
               AND i.type NOT IN ('email', 'phone', 'text', 'message')";
        let besides = self.conn.query_row(
            &format!(
                "SELECT {} FROM interactions i
                 WHERE i.did_not_happen = 0 AND i.occurred_on BETWEEN ?1 AND ?2
                   AND i.type IN ('email', 'phone', 'text', 'message')",
                super::queries::TALLY_COLUMNS
            ),
            params![from, to],
            |row| super::queries::tally_from(row, 0),
        )?;
        let people_met: i64 = self.conn.query_row(
            &format!("SELECT count(DISTINCT person_id) FROM ({MET}) WHERE day >= ?1"),
            params![from, to],
            |row| row.get(0),
        )?;
        let new_people: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM (SELECT person_id, min(day) AS first FROM ({MET}) GROUP BY person_id) WHERE first >= ?1"
            ),
            params![from, to],
            |row| row.get(0),
        )?;
        let mut statement = self.conn.prepare_cached(&format!(
            concat!(
                "SELECT ",
                shown_name!(),
                ", count(*) AS n
             FROM ({MET}) m JOIN people p ON p.id = m.person_id
             WHERE m.day >= ?1 GROUP BY m.person_id ORDER BY n DESC, 1 LIMIT ?3"
            ),
            MET = MET
        ))?;
        let most_met = statement
            .query_map(params![from, to, MOST_MET as i64], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)? as usize))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let tiers = self.tiers_overdue(closeness, today)?;
        Ok(YearStats {
            today,
            months,
            people_met: people_met as usize,
            new_people: new_people as usize,
            most_met,
            besides,
            tiers,
        })
    }

    /// Each of the twelve months from `starts`: how many face-to-face meetings and video
    /// calls happened in it (up to `to`).
    fn month_counts(&self, starts: &[NaiveDate], from: &str, to: &str) -> Result<Vec<MonthCount>> {
        let mut months: Vec<MonthCount> = starts
            .iter()
            .map(|month| MonthCount {
                month: *month,
                ..MonthCount::default()
            })
            .collect();
        let index: HashMap<String, usize> = starts
            .iter()
            .enumerate()
            .map(|(i, m)| (m.format("%Y-%m").to_string(), i))
            .collect();
        let mut statement = self.conn.prepare_cached(
            "SELECT substr(occurred_on, 1, 7), type, count(*) FROM interactions
             WHERE did_not_happen = 0 AND occurred_on BETWEEN ?1 AND ?2 GROUP BY 1, 2",
        )?;
        let rows = statement.query_map(params![from, to], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (month, kind, count) = row?;
            let Some(&at) = index.get(&month) else {
                continue;
            };
            let count = u32::try_from(count).unwrap_or(0);
            match InteractionType::parse(&kind).unwrap_or(InteractionType::Other) {
                InteractionType::OneOnOneVideo | InteractionType::GroupVideo => {
                    months[at].video += count;
                }
                kind if kind.is_face_to_face() => months[at].face_to_face += count,
                _ => {}
            }
        }
        Ok(months)
    }

    /// Each tier with anyone in it: how many of them are overdue, of how many.
    fn tiers_overdue(&self, closeness: &Closeness, today: NaiveDate) -> Result<Vec<TierOverdue>> {
        let mut tiers = Vec::new();
        for tier in Tier::all() {
            let of: i64 = self.conn.query_row(
                "SELECT count(*) FROM people WHERE archived = 0 AND closeness = ?1",
                [tier.number()],
                |row| row.get(0),
            )?;
            if of == 0 {
                continue;
            }
            let overdue = self
                .stale(&StaleQuery::new(&StaleFilter::Tier(tier), closeness, today).page(0, 1))?
                .total;
            tiers.push(TierOverdue {
                label: format!("{} {}", tier.number(), closeness.label(tier)),
                overdue,
                of: of as usize,
            });
        }
        Ok(tiers)
    }
}
