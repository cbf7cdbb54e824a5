//! What the conversation needs of the settings, and nothing more: the owner's zone, the
//! closeness tiers, what a quiet digest does, how a date is read. The settings fill it;
//! the engine reads it.

use chrono::{DateTime, NaiveDate};

/// What the digest does on a day with nothing new.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DigestWhenEmpty {
    Line,
    Silent,
}

/// How a numeric date whose day and month could be swapped (`3/5`) is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateOrder {
    /// Asked about, with the time zone's convention offered first.
    Auto,
    DayFirst,
    MonthFirst,
}

impl DateOrder {
    /// Whether month-first is the convention where the owner lives (the United States
    /// and a few others), which an `Auto` question offers first.
    pub fn month_first_in(zone: chrono_tz::Tz) -> bool {
        let name = zone.name();
        const MONTH_FIRST: &[&str] = &[
            "America/New_York",
            "America/Chicago",
            "America/Denver",
            "America/Los_Angeles",
            "America/Phoenix",
            "America/Anchorage",
            "America/Detroit",
            "America/Boise",
            "America/Juneau",
            "America/Sitka",
            "America/Nome",
            "America/Adak",
            "America/Menominee",
            "America/Metlakatla",
            "America/Yakutat",
            "Pacific/Honolulu",
            "America/Puerto_Rico",
            "Pacific/Guam",
            "Asia/Manila",
            "America/Belize",
        ];
        MONTH_FIRST.contains(&name)
            || name.starts_with("US/")
            || name.starts_with("America/Indiana/")
            || name.starts_with("America/Kentucky/")
            || name.starts_with("America/North_Dakota/")
    }
}

/// What the conversation needs of the settings, and nothing more (no tokens, no
/// addresses of other services): the owner's zone, the closeness tiers, what a quiet
/// digest does, and how long before a meeting its brief goes out.
#[derive(Clone, Debug)]
pub struct Preferences {
    pub timezone: chrono_tz::Tz,
    pub closeness: crate::closeness::Closeness,
    pub digest_when_empty: DigestWhenEmpty,
    /// Days ahead the digest lists birthdays and important dates (`KITH_DATES_AHEAD_DAYS`).
    pub dates_ahead_days: u32,
    pub brief_minutes: u32,
    pub date_order: DateOrder,
    pub phone_region: Option<String>,
    /// What counts as having seen someone (`KITH_STALE_KINDS`).
    pub stale_kinds: crate::rank::StaleKinds,
}

impl Preferences {
    /// The reading of a date that could be either way round, when the owner's setting
    /// decides it; `None` when it is to be asked.
    pub fn date_as_set(&self, day_first: NaiveDate, month_first: NaiveDate) -> Option<NaiveDate> {
        match self.date_order {
            DateOrder::DayFirst => Some(day_first),
            DateOrder::MonthFirst => Some(month_first),
            DateOrder::Auto => None,
        }
    }

    /// A recorded moment (RFC 3339) as the owner reads it: "2026-11-26 10:00" in their zone.
    pub fn local_time(&self, at: &str) -> String {
        match DateTime::parse_from_rfc3339(at) {
            Ok(at) => at
                .with_timezone(&self.timezone)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            Err(_) => at.to_owned(),
        }
    }

    /// Whether a question about such a date offers the month-first reading first.
    pub fn month_first_first(&self) -> bool {
        DateOrder::month_first_in(self.timezone)
    }
}
