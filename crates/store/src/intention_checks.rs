//! What `kith check` finds wrong with follow-ups, topics, important dates and snoozes in
//! a file that may have been written by another program: a row pointing at no person, a
//! day, time or repeat that does not read back, a one-off date without a year, an empty
//! or overlong text, a person with two dates of one label, an open follow-up snoozed to
//! a day not after its due day, a repeat's first day after its due day. Each problem
//! names its table and row id. A done follow-up that is still snoozed is fine (the snooze no longer
//! matters). Read-only.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::Row;

use super::Store;
use super::intentions::MAX_INTENTION_TEXT;
use crate::Result;
use kith_domain::contact::Birthday;
use kith_domain::intention::Repeat;

/// The longest label an important date holds (the schema says the same).
const MAX_LABEL: usize = 200;

fn is_day(text: &str) -> bool {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .is_ok_and(|d| d.format("%Y-%m-%d").to_string() == text)
}

fn is_time(text: &str) -> bool {
    text.len() == 5 && NaiveTime::parse_from_str(text, "%H:%M").is_ok()
}

/// A text column's value as text, whatever SQLite holds there (NULL reads as `None`).
fn text(row: &Row, index: usize) -> rusqlite::Result<Option<String>> {
    use rusqlite::types::ValueRef;
    Ok(match row.get_ref(index)? {
        ValueRef::Null => None,
        ValueRef::Text(bytes) | ValueRef::Blob(bytes) => {
            Some(String::from_utf8_lossy(bytes).into_owned())
        }
        ValueRef::Integer(n) => Some(n.to_string()),
        ValueRef::Real(x) => Some(x.to_string()),
    })
}

/// What is wrong with one follow-up's columns (due_on, due_at, repeat, snoozed_until,
/// text, anchor_on, done), each as a phrase.
fn follow_up_faults(row: &Row) -> rusqlite::Result<Vec<String>> {
    let mut faults = Vec::new();
    let due_on = text(row, 2)?.unwrap_or_default();
    if !is_day(&due_on) {
        faults.push(format!("due day {due_on:?} is not a date like 2026-12-14"));
    }
    if let Some(at) = text(row, 3)?.filter(|at| !is_time(at)) {
        faults.push(format!("time {at:?} is not a time like 15:00"));
    }
    if let Some(repeat) = text(row, 4)?.filter(|r| Repeat::from_stored(r).is_none()) {
        faults.push(format!(
            "repeat {repeat:?} does not read back (like 3m, 2w, 1y)"
        ));
    }
    if let Some(until) = text(row, 5)?.filter(|u| !is_day(u)) {
        faults.push(format!("snooze {until:?} is not a date like 2026-12-14"));
    }
    let what = text(row, 6)?.unwrap_or_default();
    if what.chars().count() > MAX_INTENTION_TEXT {
        faults.push(format!(
            "its text is longer than {MAX_INTENTION_TEXT} characters"
        ));
    }
    faults.extend(days_out_of_order(row, &due_on)?);
    Ok(faults)
}

/// An open follow-up's snooze on or before its due day (it would come up early), and
/// a first day that does not read back or is after the due day (Done could not move it).
fn days_out_of_order(row: &Row, due_on: &str) -> rusqlite::Result<Vec<String>> {
    let mut faults = Vec::new();
    let done = text(row, 8)?.as_deref() == Some("1");
    let until = text(row, 5)?.filter(|u| is_day(u) && is_day(due_on));
    if let Some(until) = until.filter(|u| !done && u.as_str() <= due_on) {
        faults.push(format!(
            "snooze {until:?} is not after its due day {due_on:?}"
        ));
    }
    match text(row, 7)? {
        Some(anchor) if !is_day(&anchor) => faults.push(format!(
            "first day {anchor:?} is not a date like 2026-12-14"
        )),
        Some(anchor) if is_day(due_on) && anchor.as_str() > due_on => faults.push(format!(
            "first day {anchor:?} is after its due day {due_on:?}"
        )),
        _ => {}
    }
    Ok(faults)
}

fn topic_faults(row: &Row) -> rusqlite::Result<Vec<String>> {
    let what = text(row, 2)?.unwrap_or_default();
    Ok(if what.trim().is_empty() {
        vec!["its text is empty".to_owned()]
    } else if what.chars().count() > MAX_INTENTION_TEXT {
        vec![format!(
            "its text is longer than {MAX_INTENTION_TEXT} characters"
        )]
    } else {
        Vec::new()
    })
}

fn date_faults(row: &Row) -> rusqlite::Result<Vec<String>> {
    let mut faults = Vec::new();
    let label = text(row, 2)?.unwrap_or_default();
    if label.trim().is_empty() || label.chars().count() > MAX_LABEL {
        faults.push(format!(
            "its label is empty or longer than {MAX_LABEL} characters"
        ));
    }
    let on = text(row, 3)?.unwrap_or_default();
    let yearly = text(row, 4)?.unwrap_or_default();
    match Birthday::parse(&on) {
        // Only the two stored forms are right, though the reader is lenient.
        Ok(day) if day.stored() == on => {
            if day.year.is_none() && yearly != "1" {
                faults.push(format!("{on:?} has no year but is not yearly"));
            }
        }
        _ => faults.push(format!(
            "day {on:?} is not a date like 2027-03-03 or --03-03"
        )),
    }
    if yearly != "0" && yearly != "1" {
        faults.push(format!("yearly is {yearly:?}, not 0 or 1"));
    }
    Ok(faults)
}

type Faults = fn(&Row) -> rusqlite::Result<Vec<String>>;

impl Store {
    /// Each follow-up, topic, important date or person's snooze that is wrong, as a line
    /// naming its table and row id; empty when all are right.
    pub fn intention_problems(&self) -> Result<Vec<String>> {
        let checks: [(&str, &str, Faults); 3] = [
            (
                "follow_ups",
                "SELECT id, person_id, due_on, due_at, repeat, snoozed_until, text, anchor_on,
                     done_at IS NOT NULL FROM follow_ups",
                follow_up_faults,
            ),
            (
                "topics",
                "SELECT id, person_id, text FROM topics",
                topic_faults,
            ),
            (
                "important_dates",
                "SELECT id, person_id, label, on_date, yearly FROM important_dates",
                date_faults,
            ),
        ];
        let mut problems = Vec::new();
        for (table, sql, faults) in checks {
            let sql = format!(
                "SELECT t.*, EXISTS (SELECT 1 FROM people p WHERE p.id = t.person_id)
                 FROM ({sql}) t ORDER BY t.id"
            );
            let mut statement = self.conn.prepare(&sql)?;
            let known = statement.column_count() - 1;
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                let id: i64 = row.get(0)?;
                let mut found = faults(row)?;
                if !row.get::<_, bool>(known)? {
                    let person = text(row, 1)?.unwrap_or_else(|| "NULL".to_owned());
                    found.insert(
                        0,
                        format!("it belongs to person {person}, who does not exist"),
                    );
                }
                problems.extend(found.into_iter().map(|f| format!("{table} row {id}: {f}")));
            }
        }
        problems.extend(self.labels_twice()?);
        let mut statement = self.conn.prepare(
            "SELECT id, snoozed_until FROM people WHERE snoozed_until IS NOT NULL ORDER BY id",
        )?;
        let mut rows = statement.query([])?;
        while let Some(row) = rows.next()? {
            if let Some(until) = text(row, 1)?.filter(|u| !is_day(u)) {
                let id: i64 = row.get(0)?;
                problems.push(format!(
                    "people row {id}: snooze {until:?} is not a date like 2026-12-14"
                ));
            }
        }
        Ok(problems)
    }

    /// A person with two dates of one label (case and spaces aside), which `/date`
    /// refuses to make and `/date NAME - LABEL` could not tell apart.
    fn labels_twice(&self) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare(
            "SELECT d.id, d.person_id, trim(d.label), g.ids
             FROM (SELECT min(id) AS id, group_concat(id, ', ') AS ids FROM important_dates
                   GROUP BY person_id, lower(trim(label)) HAVING count(*) > 1) g
             JOIN important_dates d ON d.id = g.id ORDER BY d.id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(format!(
                "important_dates row {}: person {} has more than one date labelled {:?} (rows {})",
                row.get::<_, i64>(0)?,
                row.get::<_, i64>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
