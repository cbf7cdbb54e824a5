//! kith's own files of follow-ups, topics and important dates (`layout::intentions`)
//! read into the batch: each row's person is the one the People table's `Name` in its
//! `Person` cell means — a name that is no one or several is a located problem, never a
//! guess — and each day, time, repeat and checkbox is read as kith writes it; a cell
//! that does not read is a problem naming its file, row and column, and the row is left
//! out.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveTime};

use super::AirtableImport;
use crate::import::links::{Backlinks, ambiguity, fold_name, resolve};
use crate::import::table::{Row, Table, checkbox};
use crate::layout::intentions::{PERSON, REPEATS_FROM};
use kith_domain::contact::Birthday;
use kith_domain::import::{ImportDate, ImportFollowUp, ImportTopic, Origin, Place};
use kith_domain::intention::Repeat;

/// What one file's rows link to: the people read from the People table.
pub(super) struct People<'a> {
    pub by_name: &'a HashMap<String, Vec<usize>>,
    pub backlinks: &'a Backlinks,
}

/// A row being read: its table and row, where problems go, and what it found wrong.
struct Reading<'a> {
    table: &'a Table,
    row: &'a Row,
    result: &'a mut AirtableImport,
    wrong: bool,
}

impl Reading<'_> {
    fn cell(&self, column: &str) -> &str {
        self.table.cell(self.row, self.table.column(column))
    }

    fn problem(&mut self, column: &str, message: String) {
        self.wrong = true;
        let problem = self.table.problem(self.row, column, message);
        self.result.problems.push(problem);
    }

    /// The key of the person the Person cell names.
    fn person(&mut self, people: &People) -> Option<String> {
        let name = self.cell(PERSON).to_owned();
        if name.is_empty() {
            self.problem(PERSON, "names no one; the row was left out".to_owned());
            return None;
        }
        let found = resolve(&name, people.by_name, &self.result.batch.people, &[]);
        if found.is_none() {
            let candidates = people
                .by_name
                .get(&fold_name(&name))
                .cloned()
                .unwrap_or_default();
            let problem = ambiguity(
                self.table,
                self.row,
                PERSON,
                &name,
                &candidates,
                people.backlinks,
            );
            self.wrong = true;
            self.result.problems.push(problem);
        }
        found.map(|index| self.result.batch.people[index].key.clone())
    }

    fn day(&mut self, column: &str, required: bool) -> Option<NaiveDate> {
        let text = self.cell(column).to_owned();
        if text.is_empty() && !required {
            return None;
        }
        let day = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
        if day.is_none() {
            self.problem(column, format!("{text:?} is not a date like 2026-12-14"));
        }
        day
    }

    /// A snooze on or before the due day would bring the follow-up forward, and a
    /// repeat cannot count from a day after it is due: each is a problem.
    fn days_in_order(
        &mut self,
        due_on: NaiveDate,
        snoozed_until: Option<NaiveDate>,
        anchor: Option<NaiveDate>,
    ) {
        if let Some(until) = snoozed_until.filter(|until| *until <= due_on) {
            self.problem(
                "Snoozed Until",
                format!("{until} is not after the Due day {due_on}"),
            );
        }
        if let Some(anchor) = anchor.filter(|anchor| *anchor > due_on) {
            self.problem(
                REPEATS_FROM,
                format!("{anchor} is after the Due day {due_on}"),
            );
        }
    }

    fn text(&mut self, column: &str, required: bool) -> String {
        let text = self.cell(column).to_owned();
        if text.chars().count() > kith_store::MAX_INTENTION_TEXT {
            self.problem(column, "is longer than 1,000 characters".to_owned());
        } else if required && text.is_empty() {
            self.problem(column, "is empty".to_owned());
        }
        text
    }

    fn origin(&self) -> Origin {
        Origin {
            file: self.table.file.clone(),
            place: Place::Row(self.row.number),
        }
    }
}

/// Every row of `table` read by `read`, kept when nothing in it was wrong.
fn each_row<T>(
    table: &Table,
    result: &mut AirtableImport,
    read: impl Fn(&mut Reading) -> Option<T>,
) -> Vec<T> {
    let mut found = Vec::new();
    for row in &table.rows {
        if row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut reading = Reading {
            table,
            row,
            result,
            wrong: false,
        };
        let item = read(&mut reading);
        if let Some(item) = item.filter(|_| !reading.wrong) {
            found.push(item);
        }
    }
    found
}

pub(super) fn read_follow_ups(table: &Table, people: &People, result: &mut AirtableImport) {
    let read = each_row(table, result, |r| {
        let person = r.person(people);
        let due_on = r.day("Due", true);
        let at = r.cell("Time").to_owned();
        let due_at = if at.is_empty() {
            None
        } else {
            let time = NaiveTime::parse_from_str(&at, "%H:%M").ok();
            if time.is_none() {
                r.problem("Time", format!("{at:?} is not a time like 15:00"));
            }
            time
        };
        let repeat_text = r.cell("Repeat").to_owned();
        let repeat = Repeat::from_stored(&repeat_text);
        if repeat.is_none() && !repeat_text.is_empty() {
            r.problem(
                "Repeat",
                format!("{repeat_text:?} is not a repeat like 3m, 2w, 10d or 1y"),
            );
        }
        let snoozed_until = r.day("Snoozed Until", false);
        let anchor = r.day(REPEATS_FROM, false).filter(|_| repeat.is_some());
        if let Some(due_on) = due_on {
            r.days_in_order(due_on, snoozed_until, anchor);
        }
        Some(ImportFollowUp {
            person: person?,
            due_on: due_on?,
            due_at,
            text: r.text("Text", false),
            repeat,
            snoozed_until,
            anchor,
            done: checkbox(r.cell("Done")),
            origin: r.origin(),
        })
    });
    result.batch.intentions.follow_ups.extend(read);
}

pub(super) fn read_topics(table: &Table, people: &People, result: &mut AirtableImport) {
    let read = each_row(table, result, |r| {
        let person = r.person(people);
        let text = r.text("Text", true);
        Some(ImportTopic {
            person: person?,
            text,
            done: checkbox(r.cell("Done")),
            origin: r.origin(),
        })
    });
    result.batch.intentions.topics.extend(read);
}

pub(super) fn read_dates(table: &Table, people: &People, result: &mut AirtableImport) {
    let read = each_row(table, result, |r| {
        let person = r.person(people);
        let label = r.text("Label", true);
        let text = r.cell("Date").to_owned();
        let on = Birthday::parse(&text).ok();
        if on.is_none() {
            r.problem(
                "Date",
                format!("{text:?} is not a date like 2027-03-03, or --03-03 without a year"),
            );
        }
        let yearly = checkbox(r.cell("Yearly"));
        Some(ImportDate {
            person: person?,
            label,
            on: on?,
            yearly,
            origin: r.origin(),
        })
    });
    result.batch.intentions.dates.extend(read);
}
