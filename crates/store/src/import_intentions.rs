//! The follow-ups, topics and important dates of an import, after its people: each
//! added to the person its key became, unless that person has it already (the same
//! words on the same day; a repeating follow-up, the same words, repeat and first day,
//! wherever Done has moved it since), so importing a file twice adds nothing. One whose
//! person was not applied is a located problem in the report.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use crate::Result;
use kith_domain::import::{ImportBatch, ImportFollowUp, ImportReport, Origin};

/// The person an entry names, or a problem naming where it stands.
fn person_of(
    people: &HashMap<&str, i64>,
    key: &str,
    origin: &Origin,
    report: &mut ImportReport,
) -> Option<i64> {
    let found = people.get(key).copied();
    if found.is_none() {
        report.problems.push(format!(
            "{} {}: its person was not imported, so it was left out",
            origin.file, origin.place
        ));
    }
    found
}

/// Adds what `sql_insert` adds unless `sql_exists` finds it, counting what it added.
fn insert_new(
    tx: &Connection,
    (sql_exists, sql_insert): (&str, &str),
    key: &[&dyn rusqlite::ToSql],
    values: &[&dyn rusqlite::ToSql],
    report: &mut ImportReport,
) -> Result<()> {
    let exists = tx.prepare_cached(sql_exists)?.exists(key)?;
    if !exists {
        tx.prepare_cached(sql_insert)?.execute(values)?;
        report.intentions_created += 1;
    }
    Ok(())
}

/// How a follow-up is found already there, and added. A repeating one is the same
/// whatever day Done has moved it to: same person, text, repeat and first day.
fn follow_up_sql(f: &ImportFollowUp) -> (&'static str, &'static str) {
    const INSERT: &str = "INSERT INTO follow_ups (person_id, due_on, due_at, text, repeat,
             snoozed_until, done_at, created_at, updated_at, anchor_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9)";
    if f.repeat.is_some() {
        (
            "SELECT 1 FROM follow_ups WHERE person_id = ?1 AND text = ?2 AND repeat = ?3
                 AND coalesce(anchor_on, due_on) = ?4",
            INSERT,
        )
    } else {
        (
            "SELECT 1 FROM follow_ups WHERE person_id = ?1 AND text = ?2 AND due_on = ?3",
            INSERT,
        )
    }
}

/// The values `follow_up_sql`'s look-up takes.
fn follow_up_key(person: i64, f: &ImportFollowUp) -> Vec<Box<dyn rusqlite::ToSql>> {
    let text = f.text.trim().to_owned();
    match f.repeat {
        Some(repeat) => vec![
            Box::new(person),
            Box::new(text),
            Box::new(repeat.stored()),
            Box::new(f.anchor.unwrap_or(f.due_on).to_string()),
        ],
        None => vec![
            Box::new(person),
            Box::new(text),
            Box::new(f.due_on.to_string()),
        ],
    }
}

/// What /history says an import added of them ("; 9 follow-ups, topics and dates
/// added"), or nothing.
pub(super) fn summary(report: &ImportReport) -> String {
    match report.intentions_created {
        0 => String::new(),
        n => format!(
            "; {} added",
            kith_domain::text::plural(
                n,
                "follow-up, topic or date",
                "follow-ups, topics and dates"
            )
        ),
    }
}

/// Each follow-up, topic and date of the batch added to its person (by `people`, the
/// person each applied entry's key became), unless they have it already.
pub(super) fn import_intentions(
    tx: &Connection,
    batch: &ImportBatch,
    people: &HashMap<&str, i64>,
    now: &str,
    report: &mut ImportReport,
) -> Result<()> {
    let done = |done: bool| done.then_some(now);
    for f in &batch.intentions.follow_ups {
        let Some(person) = person_of(people, &f.person, &f.origin, report) else {
            continue;
        };
        let key = follow_up_key(person, f);
        let key: Vec<&dyn rusqlite::ToSql> = key.iter().map(|k| k.as_ref()).collect();
        insert_new(
            tx,
            follow_up_sql(f),
            &key,
            params![
                person,
                f.due_on.to_string(),
                f.due_at.map(|t| t.format("%H:%M").to_string()),
                f.text.trim(),
                f.repeat.map(|r| r.stored()),
                f.snoozed_until.map(|d| d.to_string()),
                done(f.done),
                now,
                f.anchor
                    .filter(|_| f.repeat.is_some())
                    .map(|d| d.to_string()),
            ],
            report,
        )?;
    }
    for t in &batch.intentions.topics {
        let Some(person) = person_of(people, &t.person, &t.origin, report) else {
            continue;
        };
        insert_new(
            tx,
            (
                "SELECT 1 FROM topics WHERE person_id = ?1 AND text = ?2",
                "INSERT INTO topics (person_id, text, done_at, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?4)",
            ),
            params![person, t.text.trim()],
            params![person, t.text.trim(), done(t.done), now],
            report,
        )?;
    }
    for d in &batch.intentions.dates {
        let Some(person) = person_of(people, &d.person, &d.origin, report) else {
            continue;
        };
        let on = d.on.stored();
        insert_new(
            tx,
            (
                "SELECT 1 FROM important_dates WHERE person_id = ?1 AND label = ?2 AND on_date = ?3",
                "INSERT INTO important_dates (person_id, label, on_date, yearly, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            ),
            params![person, d.label.trim(), on],
            params![
                person,
                d.label.trim(),
                on,
                d.yearly || d.on.year.is_none(),
                now
            ],
            report,
        )?;
    }
    Ok(())
}
