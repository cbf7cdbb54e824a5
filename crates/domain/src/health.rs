//! Whether a running kith is healthy, decided from the facts its status report gathered:
//! what would make `kith status` (a container's health check, a monitor) fail.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

/// A calendar's or mailbox's last sync.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceHealth {
    pub name: String,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// What the replica's state is, when Litestream is configured.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplicaHealth {
    /// Litestream answered: the newest replicated moment, if any generation exists.
    Replicated { until: Option<DateTime<Utc>> },
    /// Litestream could not be asked or could not read the replica.
    Unreadable(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthFacts {
    pub sources: Vec<SourceHealth>,
    /// The newest daily backup's day, if any.
    pub newest_backup: Option<NaiveDate>,
    /// The last backup run's outcome was a failure.
    pub backup_failed: bool,
    /// Since when the network exists (its oldest record).
    pub first_record: Option<DateTime<Utc>>,
    pub replica: Option<ReplicaHealth>,
}

/// A source may fail now and then (a feed down for an hour); for a day it is a problem.
pub const SOURCE_GRACE: Duration = Duration::hours(24);
/// The daily backup may miss one day (a machine off overnight); two is a problem.
pub const BACKUP_GRACE_DAYS: u64 = 2;

/// What is wrong, in words; empty when kith is healthy. Times are told in the owner's
/// `zone`, as everywhere else.
pub fn problems(facts: &HealthFacts, now: DateTime<Utc>, zone: Tz) -> Vec<String> {
    let today = now.with_timezone(&zone).date_naive();
    let mut problems = Vec::new();
    for source in &facts.sources {
        let Some(error) = &source.last_error else {
            continue;
        };
        match source.last_success {
            Some(last) if now - last <= SOURCE_GRACE => {}
            Some(last) => problems.push(format!(
                "{} has failed since its last sync at {} (more than a day): {error}",
                source.name,
                last.with_timezone(&zone).format("%Y-%m-%d %H:%M %Z")
            )),
            None => problems.push(format!("{} has never synced: {error}", source.name)),
        }
    }
    // A network younger than the grace has not had its chance at a backup yet.
    let old_enough = facts
        .first_record
        .is_some_and(|first| now - first > Duration::days(BACKUP_GRACE_DAYS as i64));
    let due = today - chrono::Days::new(BACKUP_GRACE_DAYS);
    match facts.newest_backup {
        _ if facts.backup_failed => problems.push("the last daily backup failed".to_owned()),
        Some(day) if day < due && old_enough => problems.push(format!(
            "no backup for {} days (the newest is of {day})",
            (today - day).num_days()
        )),
        None if old_enough => problems.push("no daily backup has been taken".to_owned()),
        _ => {}
    }
    if let Some(ReplicaHealth::Unreadable(why)) = &facts.replica {
        problems.push(format!("the replica cannot be read: {why}"));
    }
    if let Some(ReplicaHealth::Replicated { until: None }) = &facts.replica {
        problems.push("Litestream is configured but the replica holds nothing yet".to_owned());
    }
    problems
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn at(day: u32, hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap()
    }

    fn healthy() -> HealthFacts {
        HealthFacts {
            sources: vec![SourceHealth {
                name: "ics:work".into(),
                last_success: Some(at(10, 6)),
                last_error: None,
            }],
            newest_backup: NaiveDate::from_ymd_opt(2026, 12, 10),
            backup_failed: false,
            first_record: Some(at(1, 0)),
            replica: None,
        }
    }

    type Change = Box<dyn Fn(&mut HealthFacts)>;

    /// Each rule as a row: a change to healthy facts, and the problem it makes (or none).
    #[test]
    fn each_rule_as_a_row() {
        let now = at(10, 12);
        let zone = chrono_tz::Europe::Berlin;
        let failing = |last: Option<DateTime<Utc>>| {
            move |f: &mut HealthFacts| {
                f.sources[0].last_success = last;
                f.sources[0].last_error = Some("HTTP 500".into());
            }
        };
        let backup = |day: Option<u32>| {
            move |f: &mut HealthFacts| {
                f.newest_backup = day.and_then(|d| NaiveDate::from_ymd_opt(2026, 12, d));
            }
        };
        let cases: Vec<(&str, Change, Option<&str>)> = vec![
            ("healthy", Box::new(|_| {}), None),
            (
                "failing for an hour",
                Box::new(failing(Some(at(10, 11)))),
                None,
            ),
            (
                "failing for a day and more",
                Box::new(failing(Some(at(9, 11)))),
                Some(
                    "ics:work has failed since its last sync at 2026-12-09 12:00 CET (more than a day): HTTP 500",
                ),
            ),
            (
                "never synced",
                Box::new(failing(None)),
                Some("ics:work has never synced: HTTP 500"),
            ),
            ("backup of yesterday", Box::new(backup(Some(9))), None),
            ("backup two days old", Box::new(backup(Some(8))), None),
            (
                "backup three days old",
                Box::new(backup(Some(7))),
                Some("no backup for 3 days (the newest is of 2026-12-07)"),
            ),
            (
                "no backup ever",
                Box::new(backup(None)),
                Some("no daily backup has been taken"),
            ),
            (
                "no backup, but the network is a day old",
                Box::new(|f: &mut HealthFacts| {
                    f.newest_backup = None;
                    f.first_record = Some(at(9, 12));
                }),
                None,
            ),
            (
                "the last backup failed",
                Box::new(|f: &mut HealthFacts| f.backup_failed = true),
                Some("the last daily backup failed"),
            ),
            (
                "a replica up to date",
                Box::new(|f: &mut HealthFacts| {
                    f.replica = Some(ReplicaHealth::Replicated {
                        until: Some(at(10, 11)),
                    });
                }),
                None,
            ),
            (
                "an empty replica",
                Box::new(|f: &mut HealthFacts| {
                    f.replica = Some(ReplicaHealth::Replicated { until: None });
                }),
                Some("Litestream is configured but the replica holds nothing yet"),
            ),
            (
                "an unreadable replica",
                Box::new(|f: &mut HealthFacts| {
                    f.replica = Some(ReplicaHealth::Unreadable("access denied".into()));
                }),
                Some("the replica cannot be read: access denied"),
            ),
        ];
        for (name, change, expected) in cases {
            let mut facts = healthy();
            change(&mut facts);
            let found = problems(&facts, now, zone);
            assert_eq!(found.first().map(String::as_str), expected, "{name}");
            assert!(found.len() <= 1, "{name}: {found:?}");
        }
    }
}
