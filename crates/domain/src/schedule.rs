//! When scheduled jobs run: standard 5-field crontab lines in the owner's time zone
//! (croner: POSIX weekdays, a job in a DST gap runs right after it), the decision at a
//! moment given the last slot run (pure), and the clock the scheduler reads.

use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};
use croner::Cron;

/// A parsed schedule.
#[derive(Clone, Debug)]
pub struct Schedule {
    cron: Cron,
    text: String,
}

impl Schedule {
    /// Parses a standard 5-field crontab line ("*/30 * * * *", "0 8 * * mon-fri").
    pub fn parse(text: &str) -> Result<Schedule, String> {
        let fields = text.split_whitespace().count();
        if fields != 5 {
            return Err(format!(
                "{text:?} has {fields} fields; use a standard 5-field crontab line such as \"0 8 * * *\""
            ));
        }
        let cron = Cron::from_str(text)
            .map_err(|error| format!("{text:?} is not a valid crontab line: {error}"))?;
        Ok(Schedule {
            cron,
            text: text.to_owned(),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The first slot strictly after `after`, in `zone`.
    pub fn next_after(&self, zone: chrono_tz::Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cron
            .find_next_occurrence(&after.with_timezone(&zone), false)
            .ok()
            .map(|at| at.with_timezone(&Utc))
    }

    /// The latest slot at or before `at`, in `zone`.
    pub fn latest_until(&self, zone: chrono_tz::Tz, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.cron
            .find_previous_occurrence(&at.with_timezone(&zone), true)
            .ok()
            .map(|slot| slot.with_timezone(&Utc))
    }
}

/// What a job should do now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Run for this slot (the latest one; any earlier missed slots are not run again).
    Run { slot: DateTime<Utc> },
    /// The slot was missed by more than the allowed lateness: record it, don't run.
    TooLate { slot: DateTime<Utc> },
    /// Nothing to do until the next slot.
    Wait,
}

/// Decides whether a job is due at `now`, given the last slot it ran (or skipped) for.
/// After downtime only the latest missed slot counts, so a job runs once, not once per
/// missed slot. `max_late` (the digest's 12 hours) turns a stale slot into `TooLate`.
pub fn due(
    schedule: &Schedule,
    zone: chrono_tz::Tz,
    last_slot: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    max_late: Option<Duration>,
) -> Due {
    let Some(slot) = schedule.latest_until(zone, now) else {
        return Due::Wait;
    };
    if last_slot.is_some_and(|last| last >= slot) {
        return Due::Wait;
    }
    match max_late {
        Some(limit) if now - slot > limit => Due::TooLate { slot },
        _ => Due::Run { slot },
    }
}

/// The wall clock the scheduler and the bot read. Tests give their own.
pub trait WallClock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn bad_lines_are_refused() {
        for line in ["0 */30 * * * *", "daily", "61 * * * *", "* * * *", ""] {
            assert!(Schedule::parse(line).is_err(), "{line:?}");
        }
        assert!(Schedule::parse("0 8 * * mon-fri").is_ok());
    }

    #[test]
    fn next_runs_in_several_zones_and_on_dst_days() {
        let digest = Schedule::parse("0 8 * * *").unwrap();
        let cases = [
            // Berlin, the day clocks go forward (2026-03-29): 08:00 CEST is 06:00 UTC.
            (
                chrono_tz::Europe::Berlin,
                "2026-03-28T08:00:00Z",
                "2026-03-29T06:00:00Z",
            ),
            // Berlin, the day clocks go back (2026-10-25): 08:00 CET is 07:00 UTC.
            (
                chrono_tz::Europe::Berlin,
                "2026-10-24T07:00:00Z",
                "2026-10-25T07:00:00Z",
            ),
            (
                chrono_tz::America::New_York,
                "2026-11-26T12:00:00Z",
                "2026-11-26T13:00:00Z",
            ),
            (
                chrono_tz::Asia::Kolkata,
                "2026-11-26T03:00:00Z",
                "2026-11-27T02:30:00Z",
            ),
        ];
        for (zone, after, expected) in cases {
            assert_eq!(
                digest.next_after(zone, utc(after)),
                Some(utc(expected)),
                "{zone} after {after}"
            );
        }
        // A job inside the spring-forward gap (02:30 does not exist) runs right after it.
        let in_gap = Schedule::parse("30 2 * * *").unwrap();
        let next = in_gap
            .next_after(chrono_tz::Europe::Berlin, utc("2026-03-28T12:00:00Z"))
            .unwrap();
        assert_eq!(
            next.with_timezone(&chrono_tz::Europe::Berlin)
                .date_naive()
                .to_string(),
            "2026-03-29"
        );
        assert!(next <= utc("2026-03-29T01:30:00Z"), "{next}");
    }

    #[test]
    fn catch_up_runs_once_and_the_twelve_hour_rule() {
        let zone = chrono_tz::Europe::Berlin;
        let sync = Schedule::parse("*/30 * * * *").unwrap();
        let digest = Schedule::parse("0 8 * * *").unwrap();
        let twelve = Some(Duration::hours(12));
        // Down from 06:10 to 09:05 (UTC): six sync slots were missed; one run, for the latest.
        let last = Some(utc("2026-11-26T06:00:00Z"));
        let now = utc("2026-11-26T09:05:00Z");
        assert_eq!(
            due(&sync, zone, last, now, None),
            Due::Run {
                slot: utc("2026-11-26T09:00:00Z")
            }
        );
        // Having run it, nothing more until the next slot.
        assert_eq!(
            due(&sync, zone, Some(utc("2026-11-26T09:00:00Z")), now, None),
            Due::Wait
        );
        // The 08:00 Berlin digest (07:00 UTC), back at 09:05 UTC: two hours late, sent.
        let yesterday = Some(utc("2026-11-25T07:00:00Z"));
        assert_eq!(
            due(&digest, zone, yesterday, now, twelve),
            Due::Run {
                slot: utc("2026-11-26T07:00:00Z")
            }
        );
        // Back at 20:00 UTC: thirteen hours late, skipped.
        let evening = utc("2026-11-26T20:00:00Z");
        assert_eq!(
            due(&digest, zone, yesterday, evening, twelve),
            Due::TooLate {
                slot: utc("2026-11-26T07:00:00Z")
            }
        );
        // After the skip is recorded, nothing until tomorrow.
        assert_eq!(
            due(
                &digest,
                zone,
                Some(utc("2026-11-26T07:00:00Z")),
                evening,
                twelve
            ),
            Due::Wait
        );
        // First start ever, at 07:30 UTC: today's digest is due once.
        let first = Utc.with_ymd_and_hms(2026, 11, 26, 7, 30, 0).unwrap();
        assert_eq!(
            due(&digest, zone, None, first, twelve),
            Due::Run {
                slot: utc("2026-11-26T07:00:00Z")
            }
        );
    }
}
