//! What one feed may cost: the limits a reader is given (instances of a series inside
//! the window, who counts as someone else for the broadcast rule), the fixed expansion
//! budget, and the located problem a series cut short is reported as. Pure.

use chrono::{DateTime, Utc};

use super::Others;

/// Instances expanded per series at most; a series that would expand forever stops here.
pub const MAX_INSTANCES: usize = 200_000;
/// `KITH_MAX_SERIES_INSTANCES`' default.
pub const DEFAULT_SERIES_INSTANCES: usize = 1_000;

/// What one feed may cost, beside the fixed budgets.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Instances of one series read inside the window (`KITH_MAX_SERIES_INSTANCES`).
    pub series_instances: usize,
    /// Who counts as someone else: an event with more others than `max_attendees` is
    /// given with no attendees, marked a broadcast, and its series is not expanded.
    /// `None` reads every event whole.
    pub others: Option<Others>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            series_instances: DEFAULT_SERIES_INSTANCES,
            others: None,
        }
    }
}

/// One series' instances as they were read.
#[derive(Clone, Debug, Default)]
pub struct SeriesCount {
    /// Instances inside the sync window.
    pub in_window: usize,
    /// Of those, the ones read (at most the limit).
    pub read: usize,
    /// The start of the last one read.
    pub last_read: Option<DateTime<Utc>>,
    /// The last instance the expansion gave, inside the window or not.
    pub last: Option<DateTime<Utc>>,
    /// The expansion stopped at `MAX_INSTANCES` before the window's end, so more
    /// instances exist than were counted.
    pub stopped_early: bool,
}

impl SeriesCount {
    /// The located problem of a series cut short — which event, how many instances
    /// were read and how many were not — or `None` when it was read whole.
    pub fn problem(&self, uid: &str, title: &str, max: usize) -> Option<String> {
        let title: String = title.chars().take(60).collect();
        let event = format!("event {uid} ({title:?})");
        let day =
            |at: Option<DateTime<Utc>>| at.map_or("-".to_owned(), |a| a.date_naive().to_string());
        let at_least = if self.stopped_early { "at least " } else { "" };
        let cut = self.in_window - self.read;
        if cut > 0 {
            Some(format!(
                "{event}: {at_least}{} instances in the sync window, more than KITH_MAX_SERIES_INSTANCES ({max}); the first {} (to {}) were read, {at_least}{cut} after them were not",
                self.in_window,
                self.read,
                day(self.last_read),
            ))
        } else if self.stopped_early {
            Some(format!(
                "{event}: repeats more than {MAX_INSTANCES} times before the sync window ends; instances after {} were not read",
                day(self.last),
            ))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_series_cut_short_names_its_event_and_what_was_cut() {
        let at = |day| Some(Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap());
        let whole = SeriesCount {
            in_window: 12,
            read: 12,
            last_read: at(12),
            last: at(20),
            stopped_early: false,
        };
        assert_eq!(whole.problem("u1", "Standup", 1_000), None);
        let cut = SeriesCount {
            in_window: 1_500,
            read: 1_000,
            ..whole.clone()
        };
        assert_eq!(
            cut.problem("u1", "Standup", 1_000).unwrap(),
            "event u1 (\"Standup\"): 1500 instances in the sync window, more than \
             KITH_MAX_SERIES_INSTANCES (1000); the first 1000 (to 2026-03-12) were read, \
             500 after them were not"
        );
        let endless = SeriesCount {
            stopped_early: true,
            ..cut
        };
        assert!(
            endless
                .problem("u1", &"x".repeat(500), 1_000)
                .unwrap()
                .contains("at least 1500 instances"),
        );
        let before = SeriesCount {
            in_window: 0,
            read: 0,
            last_read: None,
            last: at(1),
            stopped_early: true,
        };
        assert_eq!(
            before.problem("u2", "Every minute", 1_000).unwrap(),
            "event u2 (\"Every minute\"): repeats more than 200000 times before the sync \
             window ends; instances after 2026-03-01 were not read"
        );
    }
}
