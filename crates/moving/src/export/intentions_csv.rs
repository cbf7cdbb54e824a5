//! Follow-ups, topics and important dates as kith's own CSV files beside the Airtable
//! layout (`layout::intentions`): each row names its person by the People table's
//! `Name`, as every link does, so `kith import airtable --dir` reads them back.

use std::collections::HashMap;

use super::Tables;
use crate::cells::write_csv;
use crate::layout::intentions::{
    DATE_COLUMNS, DATES_FILE, FOLLOW_UP_COLUMNS, FOLLOW_UPS_FILE, TOPIC_COLUMNS, TOPICS_FILE,
};

fn checked(yes: bool) -> String {
    if yes {
        "checked".to_owned()
    } else {
        String::new()
    }
}

fn csv(columns: &[&str], rows: Vec<Vec<String>>) -> String {
    let headers: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
    write_csv(&headers.iter().collect::<Vec<_>>(), rows)
}

/// The three files (name, content), their rows in id order; `names` is each person's
/// link label. A row of no known person is left out (it could not be read back).
pub(super) fn files(tables: &Tables, names: &HashMap<i64, String>) -> Vec<(String, String)> {
    let name = |person: Option<i64>| person.and_then(|p| names.get(&p)).cloned();
    let mut follow_ups: Vec<_> = tables.follow_ups.iter().collect();
    follow_ups.sort_by_key(|f| f.id);
    let follow_ups = follow_ups
        .into_iter()
        .filter_map(|f| {
            Some(vec![
                name(f.person_id)?,
                f.due_on.clone(),
                f.due_at.clone(),
                f.text.clone(),
                f.repeat.clone(),
                f.snoozed_until.clone(),
                checked(!f.done_at.is_empty()),
                // A repeat's first day, which its later days count from.
                if f.repeat.is_empty() {
                    String::new()
                } else {
                    f.anchor_on.clone()
                },
            ])
        })
        .collect();
    let mut topics: Vec<_> = tables.topics.iter().collect();
    topics.sort_by_key(|t| t.id);
    let topics = topics
        .into_iter()
        .filter_map(|t| {
            Some(vec![
                name(t.person_id)?,
                t.text.clone(),
                checked(!t.done_at.is_empty()),
            ])
        })
        .collect();
    let mut dates: Vec<_> = tables.important_dates.iter().collect();
    dates.sort_by_key(|d| d.id);
    let dates = dates
        .into_iter()
        .filter_map(|d| {
            Some(vec![
                name(d.person_id)?,
                d.label.clone(),
                d.on_date.clone(),
                checked(d.yearly == Some(1)),
            ])
        })
        .collect();
    vec![
        (FOLLOW_UPS_FILE.into(), csv(&FOLLOW_UP_COLUMNS, follow_ups)),
        (TOPICS_FILE.into(), csv(&TOPIC_COLUMNS, topics)),
        (DATES_FILE.into(), csv(&DATE_COLUMNS, dates)),
    ]
}
