//! Follow-ups, topics and important dates: add, finish, snooze, and read them — a
//! person's, the open ones in the order they come up, those due by a day, and the dates
//! in the next days. Each write is a plain row change, so change capture records it and
//! Undo takes it back like any other.

use chrono::{NaiveDate, NaiveTime};
use rusqlite::{OptionalExtension, Row, params};

use super::queries::Page;
use super::{Store, found};
use crate::Result;
use kith_domain::contact::Birthday;
use kith_domain::error::{Entity, Refusal};
use kith_domain::intention::{DateId, FollowUp, FollowUpId, ImportantDate, Repeat, Topic, TopicId};
use kith_domain::model::PersonId;

/// A follow-up to add.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFollowUp {
    pub person: PersonId,
    pub due_on: NaiveDate,
    pub due_at: Option<NaiveTime>,
    pub text: String,
    pub repeat: Option<Repeat>,
}

/// What finishing a follow-up did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finished {
    /// It is done and closed.
    Done,
    /// It repeats: it moved on to this day.
    MovedTo(NaiveDate),
}

/// The longest text a follow-up, topic or date label holds (the schema says the same).
pub const MAX_INTENTION_TEXT: usize = 1000;

/// The columns `follow_up_from_row` reads, over `follow_ups f` joined to `people p`.
const FOLLOW_UP_COLUMNS: &str = concat!(
    "f.id, f.person_id, ",
    shown_name!(),
    ", f.due_on, f.due_at, f.text, f.repeat, f.snoozed_until, f.done_at IS NOT NULL, ",
    "coalesce(f.anchor_on, f.due_on)"
);

/// The day an open follow-up comes up, as the index `follow_ups_open` keeps it.
const COMES_UP: &str = "coalesce(f.snoozed_until, f.due_on)";

fn day(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn follow_up_from_row(row: &Row) -> rusqlite::Result<FollowUp> {
    let due_at: Option<String> = row.get(4)?;
    let repeat: Option<String> = row.get(6)?;
    let snoozed: Option<String> = row.get(7)?;
    Ok(FollowUp {
        id: FollowUpId(row.get(0)?),
        person: PersonId(row.get(1)?),
        name: row.get(2)?,
        due_on: day(&row.get::<_, String>(3)?)?,
        anchor: day(&row.get::<_, String>(9)?)?,
        due_at: due_at.and_then(|t| NaiveTime::parse_from_str(&t, "%H:%M").ok()),
        text: row.get(5)?,
        repeat: repeat.as_deref().and_then(Repeat::from_stored),
        snoozed_until: snoozed.as_deref().map(day).transpose()?,
        done: row.get(8)?,
    })
}

fn topic_from_row(row: &Row) -> rusqlite::Result<Topic> {
    Ok(Topic {
        id: TopicId(row.get(0)?),
        person: PersonId(row.get(1)?),
        text: row.get(2)?,
        done: row.get(3)?,
    })
}

fn date_from_row(row: &Row) -> rusqlite::Result<Option<ImportantDate>> {
    // The schema holds only days `Birthday` reads, so `None` is a row edited by hand.
    let Ok(on) = Birthday::parse(&row.get::<_, String>(3)?) else {
        return Ok(None);
    };
    Ok(Some(ImportantDate {
        id: DateId(row.get(0)?),
        person: PersonId(row.get(1)?),
        label: row.get(2)?,
        on,
        yearly: row.get(4)?,
    }))
}

/// Refuses a text longer than the schema holds, naming the field.
fn bounded(field: &'static str, text: &str) -> Result<()> {
    if text.chars().count() > MAX_INTENTION_TEXT {
        return Err(Refusal::InvalidValue {
            field,
            value: text.chars().take(40).collect::<String>() + "…",
            expected: "at most 1,000 characters",
        }
        .into());
    }
    Ok(())
}

impl Store {
    /// Adds a follow-up to a person.
    pub fn add_follow_up(&mut self, new: &NewFollowUp) -> Result<FollowUpId> {
        self.person(new.person)?;
        bounded("follow-up", &new.text)?;
        let now = self.now_text();
        self.conn.execute(
            "INSERT INTO follow_ups (person_id, due_on, due_at, text, repeat, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![
                new.person.0,
                new.due_on.to_string(),
                new.due_at.map(|t| t.format("%H:%M").to_string()),
                new.text.trim(),
                new.repeat.map(Repeat::stored),
                now
            ],
        )?;
        Ok(FollowUpId(self.conn.last_insert_rowid()))
    }

    /// One follow-up, open or done.
    pub fn follow_up(&self, id: FollowUpId) -> Result<FollowUp> {
        let sql = format!(
            "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN people p ON p.id = f.person_id
             WHERE f.id = ?1"
        );
        found(
            self.conn
                .prepare_cached(&sql)?
                .query_row([id.0], follow_up_from_row),
            Entity::FollowUp,
            id.0,
        )
    }

    /// Whether a follow-up with this id was ever made (ids are never reused, so one not
    /// found now was undone or deleted; one beyond them never existed).
    pub fn follow_up_was_made(&self, id: FollowUpId) -> Result<bool> {
        let last: Option<i64> = self
            .conn
            .query_row(
                "SELECT seq FROM sqlite_sequence WHERE name = 'follow_ups'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        Ok(id.0 <= last.unwrap_or(0))
    }

    /// A person's open follow-ups, the soonest first.
    pub fn follow_ups_of(&self, person: PersonId) -> Result<Vec<FollowUp>> {
        let sql = format!(
            "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN people p ON p.id = f.person_id
             WHERE f.person_id = ?1 AND f.done_at IS NULL
             ORDER BY {COMES_UP}, f.due_at IS NOT NULL, f.due_at, f.id"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([person.0], follow_up_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A person's open follow-ups made on or before `day` (a log of that day asks about
    /// these, not about ones made after it), the soonest first.
    pub fn follow_ups_made_by(&self, person: PersonId, day: NaiveDate) -> Result<Vec<FollowUp>> {
        let sql = format!(
            "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN people p ON p.id = f.person_id
             WHERE f.person_id = ?1 AND f.done_at IS NULL AND substr(f.created_at, 1, 10) <= ?2
             ORDER BY {COMES_UP}, f.due_at IS NOT NULL, f.due_at, f.id"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map(params![person.0, day.to_string()], follow_up_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The open follow-up of `person` due on `due_on` with this text (trimmed), if any:
    /// the one a second, identical /remind would duplicate.
    pub fn same_follow_up(
        &self,
        person: PersonId,
        due_on: NaiveDate,
        text: &str,
    ) -> Result<Option<FollowUp>> {
        let sql = format!(
            "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups f JOIN people p ON p.id = f.person_id
             WHERE f.person_id = ?1 AND f.done_at IS NULL AND f.due_on = ?2 AND f.text = ?3
             ORDER BY f.id LIMIT 1"
        );
        let mut statement = self.conn.prepare_cached(&sql)?;
        let mut rows = statement.query_map(
            params![person.0, due_on.to_string(), text.trim()],
            follow_up_from_row,
        )?;
        Ok(rows.next().transpose()?)
    }

    /// Open follow-ups in the order they come up (overdue, then due today, then ahead),
    /// `limit` of them from `offset`, with how many are open in all.
    pub fn open_follow_ups(&self, offset: usize, limit: usize) -> Result<Page<FollowUp>> {
        let sql = format!(
            "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups f INDEXED BY follow_ups_open
             JOIN people p ON p.id = f.person_id
             WHERE f.done_at IS NULL
             ORDER BY {COMES_UP}, f.due_at, f.id LIMIT ?1 OFFSET ?2"
        );
        let items = self
            .conn
            .prepare_cached(&sql)?
            .query_map(
                params![i64::try_from(limit).unwrap_or(i64::MAX), offset as i64],
                follow_up_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let total: i64 = self.conn.query_row(
            "SELECT count(*) FROM follow_ups WHERE done_at IS NULL",
            [],
            |row| row.get(0),
        )?;
        Ok(Page {
            items,
            offset,
            total: usize::try_from(total).unwrap_or(0),
        })
    }

    /// Open follow-ups that come up on or before `day` (due and overdue), the oldest
    /// first, at most `limit`, with how many there are in all.
    pub fn follow_ups_due(&self, day: NaiveDate, limit: usize) -> Result<(Vec<FollowUp>, usize)> {
        let sql = format!(
            "SELECT {FOLLOW_UP_COLUMNS} FROM follow_ups f INDEXED BY follow_ups_open
             JOIN people p ON p.id = f.person_id
             WHERE f.done_at IS NULL AND {COMES_UP} <= ?1
             ORDER BY {COMES_UP}, f.due_at, f.id LIMIT ?2"
        );
        let items = self
            .conn
            .prepare_cached(&sql)?
            .query_map(
                params![day.to_string(), i64::try_from(limit).unwrap_or(i64::MAX)],
                follow_up_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let total: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM follow_ups f INDEXED BY follow_ups_open
                 WHERE f.done_at IS NULL AND {COMES_UP} <= ?1"
            ),
            [day.to_string()],
            |row| row.get(0),
        )?;
        Ok((items, usize::try_from(total).unwrap_or(0)))
    }

    /// Marks a follow-up done on `today`; a repeating one moves on to its next date
    /// after `today` instead (and its snooze ends). Refused when it is already done.
    pub fn finish_follow_up(&mut self, id: FollowUpId, today: NaiveDate) -> Result<Finished> {
        let follow_up = self.follow_up(id)?;
        if follow_up.done {
            return Err(Refusal::InvalidValue {
                field: "follow-up",
                value: follow_up.what(),
                expected: "one still open (it is already done)",
            }
            .into());
        }
        let now = self.now_text();
        let next = follow_up
            .repeat
            .and_then(|repeat| repeat.next_from(follow_up.anchor, follow_up.due_on, today));
        match next {
            Some(next) => {
                self.conn.execute(
                    "UPDATE follow_ups SET due_on = ?2, snoozed_until = NULL, updated_at = ?3,
                         anchor_on = coalesce(anchor_on, due_on)
                     WHERE id = ?1",
                    params![id.0, next.to_string(), now],
                )?;
                Ok(Finished::MovedTo(next))
            }
            None => {
                self.conn.execute(
                    "UPDATE follow_ups SET done_at = ?2, updated_at = ?2 WHERE id = ?1",
                    params![id.0, now],
                )?;
                Ok(Finished::Done)
            }
        }
    }

    /// Pushes an open follow-up back to `until` (its due day stays).
    pub fn snooze_follow_up(&mut self, id: FollowUpId, until: NaiveDate) -> Result<()> {
        let follow_up = self.follow_up(id)?;
        if follow_up.done {
            return Err(Refusal::InvalidValue {
                field: "follow-up",
                value: follow_up.what(),
                expected: "one still open (it is already done)",
            }
            .into());
        }
        let now = self.now_text();
        self.conn.execute(
            "UPDATE follow_ups SET snoozed_until = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.0, until.to_string(), now],
        )?;
        Ok(())
    }

    /// Adds something to bring up next time with a person.
    pub fn add_topic(&mut self, person: PersonId, text: &str) -> Result<TopicId> {
        self.person(person)?;
        bounded("topic", text)?;
        let now = self.now_text();
        self.conn.execute(
            "INSERT INTO topics (person_id, text, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
            params![person.0, text.trim(), now],
        )?;
        Ok(TopicId(self.conn.last_insert_rowid()))
    }

    pub fn topic(&self, id: TopicId) -> Result<Topic> {
        found(
            self.conn
                .prepare_cached(
                    "SELECT id, person_id, text, done_at IS NOT NULL FROM topics WHERE id = ?1",
                )?
                .query_row([id.0], topic_from_row),
            Entity::Topic,
            id.0,
        )
    }

    /// A person's open topics, oldest first.
    pub fn topics_of(&self, person: PersonId) -> Result<Vec<Topic>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, person_id, text, 0 FROM topics
             WHERE person_id = ?1 AND done_at IS NULL ORDER BY id",
        )?;
        let rows = statement.query_map([person.0], topic_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A person's open topics made before `before`, oldest first: a meeting logged for
    /// a past day is asked only about what was to bring up by then.
    pub fn topics_made_before(
        &self,
        person: PersonId,
        before: chrono::DateTime<chrono::Utc>,
    ) -> Result<Vec<Topic>> {
        let before = before.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut statement = self.conn.prepare_cached(
            "SELECT id, person_id, text, 0 FROM topics
             WHERE person_id = ?1 AND done_at IS NULL AND created_at < ?2 ORDER BY id",
        )?;
        let rows = statement.query_map(params![person.0, before], topic_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Marks a topic covered; false if it was already.
    pub fn finish_topic(&mut self, id: TopicId) -> Result<bool> {
        self.topic(id)?;
        let now = self.now_text();
        Ok(self.conn.execute(
            "UPDATE topics SET done_at = ?2, updated_at = ?2 WHERE id = ?1 AND done_at IS NULL",
            params![id.0, now],
        )? > 0)
    }

    /// Adds an important date to a person. Without a year it is always yearly.
    pub fn add_important_date(
        &mut self,
        person: PersonId,
        label: &str,
        on: Birthday,
        yearly: bool,
    ) -> Result<DateId> {
        self.person(person)?;
        bounded("label", label)?;
        let now = self.now_text();
        self.conn.execute(
            "INSERT INTO important_dates (person_id, label, on_date, yearly, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![
                person.0,
                label.trim(),
                on.stored(),
                yearly || on.year.is_none(),
                now
            ],
        )?;
        Ok(DateId(self.conn.last_insert_rowid()))
    }

    /// A person's important dates, in the order of the year.
    pub fn important_dates_of(&self, person: PersonId) -> Result<Vec<ImportantDate>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, person_id, label, on_date, yearly FROM important_dates
             WHERE person_id = ?1 ORDER BY substr(on_date, -5), id",
        )?;
        let rows = statement.query_map([person.0], date_from_row)?;
        Ok(rows
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .flatten()
            .collect())
    }

    /// One important date (`NotFound` when it is gone or no longer reads).
    pub fn important_date(&self, id: DateId) -> Result<ImportantDate> {
        let row = found(
            self.conn
                .prepare_cached(
                    "SELECT id, person_id, label, on_date, yearly FROM important_dates WHERE id = ?1",
                )?
                .query_row([id.0], date_from_row),
            Entity::ImportantDate,
            id.0,
        )?;
        row.ok_or_else(|| {
            Refusal::NotFound {
                entity: Entity::ImportantDate,
                id: id.0,
            }
            .into()
        })
    }

    /// Takes an important date off its person.
    pub fn remove_important_date(&mut self, id: DateId) -> Result<()> {
        let removed = self
            .conn
            .execute("DELETE FROM important_dates WHERE id = ?1", [id.0])?;
        if removed == 0 {
            return Err(Refusal::NotFound {
                entity: Entity::ImportantDate,
                id: id.0,
            }
            .into());
        }
        Ok(())
    }

    /// Important dates of people not archived that fall from `today` to `days` days
    /// later: (the date, the person's name, the day it falls on), soonest first.
    pub fn important_dates_between(
        &self,
        today: NaiveDate,
        days: u32,
    ) -> Result<Vec<(ImportantDate, String, NaiveDate)>> {
        let mut statement = self.conn.prepare_cached(concat!(
            "SELECT d.id, d.person_id, d.label, d.on_date, d.yearly, ",
            shown_name!(),
            " FROM important_dates d INDEXED BY important_dates_day
             JOIN people p ON p.id = d.person_id
             WHERE p.archived = 0 AND substr(d.on_date, -5) BETWEEN ?1 AND ?2"
        ))?;
        let last = today + chrono::Days::new(u64::from(days));
        let mut found = Vec::new();
        for (first, end) in day_ranges(today, days) {
            let rows = statement.query_map([&first, &end], |row| {
                Ok((date_from_row(row)?, row.get::<_, String>(5)?))
            })?;
            for row in rows {
                if let (Some(date), name) = row?
                    && let Some(on) = date.next_on_or_after(today)
                    && on <= last
                {
                    found.push((date, name, on));
                }
            }
        }
        found.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.1.cmp(&b.1)));
        Ok(found)
    }
}

/// The "MM-DD" ranges a window of `days` from `today` covers (a day wider on each side,
/// for 29 February; two ranges when it wraps the year's end).
pub(super) fn day_ranges(today: NaiveDate, days: u32) -> Vec<(String, String)> {
    let day = |d: NaiveDate| d.format("%m-%d").to_string();
    let (from, to) = (
        today - chrono::Days::new(1),
        today + chrono::Days::new(u64::from(days) + 1),
    );
    if days >= 360 {
        vec![("01-01".to_owned(), "12-31".to_owned())]
    } else if day(from) <= day(to) {
        vec![(day(from), day(to))]
    } else {
        vec![
            (day(from), "12-31".to_owned()),
            ("01-01".to_owned(), day(to)),
        ]
    }
}
