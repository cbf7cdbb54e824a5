//! The numbers of your year for /stats: meetings per month over the last 12 months
//! (face-to-face and video), people met and new, the most met, overdue per tier, and
//! the summary sentence beside the chart. Loading is the store's; this is pure.

use chrono::{Datelike, Months, NaiveDate};

use crate::text::plural;

/// Meetings in one calendar month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MonthCount {
    /// The first day of the month.
    pub month: NaiveDate,
    pub face_to_face: u32,
    pub video: u32,
}

/// Overdue people in one tier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TierOverdue {
    pub label: String,
    pub overdue: usize,
    pub of: usize,
}

/// Everything /stats shows, loaded.
#[derive(Clone, Debug, PartialEq)]
pub struct YearStats {
    pub today: NaiveDate,
    /// Twelve months, oldest first, the current one last.
    pub months: Vec<MonthCount>,
    /// Different people met (in a meeting: not a call, an email or a text) in the 12 months.
    pub people_met: usize,
    /// People whose first interaction falls in the 12 months.
    pub new_people: usize,
    /// The most-met people, with their number of meetings.
    pub most_met: Vec<(String, usize)>,
    /// The calls, emails, texts and messages of the 12 months, which are not meetings.
    pub besides: crate::text::Tally,
    pub tiers: Vec<TierOverdue>,
}

/// The first days of the twelve months ending with `today`'s, oldest first.
pub fn last_twelve_months(today: NaiveDate) -> Vec<NaiveDate> {
    let this = today.with_day(1).expect("every month has a first day");
    (0..12).rev().map(|back| this - Months::new(back)).collect()
}

/// The text beside the chart. Pure.
pub fn summary(stats: &YearStats) -> String {
    let face: u32 = stats.months.iter().map(|m| m.face_to_face).sum();
    let video: u32 = stats.months.iter().map(|m| m.video).sum();
    let first = stats.months.first().map_or(stats.today, |m| m.month);
    let mut lines = vec![
        format!(
            "Since {}: {} ({face} face to face, {video} by video).",
            first.format("%B %Y"),
            plural((face + video) as usize, "meeting", "meetings"),
        ),
        format!(
            "{} met, {} new.",
            plural(stats.people_met, "person", "people"),
            plural(stats.new_people, "person", "people")
        ),
    ];
    if !stats.besides.is_empty() {
        lines.push(format!("Besides meetings: {}.", stats.besides));
    }
    if let Some(busiest) = stats
        .months
        .iter()
        .filter(|m| m.face_to_face + m.video > 0)
        .max_by_key(|m| (m.face_to_face + m.video, m.month))
    {
        lines.push(format!(
            "Busiest month: {} ({}).",
            busiest.month.format("%B %Y"),
            plural(
                (busiest.face_to_face + busiest.video) as usize,
                "meeting",
                "meetings"
            )
        ));
    }
    if !stats.most_met.is_empty() {
        let names: Vec<String> = stats
            .most_met
            .iter()
            .map(|(name, n)| format!("{name} ({n})"))
            .collect();
        lines.push(format!("Most met: {}.", names.join(", ")));
    }
    let mut tiers: Vec<&TierOverdue> = stats.tiers.iter().filter(|t| t.overdue > 0).collect();
    tiers.sort_by(|a, b| {
        (b.overdue * a.of.max(1))
            .cmp(&(a.overdue * b.of.max(1)))
            .then(b.overdue.cmp(&a.overdue))
    });
    if tiers.is_empty() {
        lines.push("No one is overdue.".to_owned());
    } else {
        let parts: Vec<String> = tiers
            .iter()
            .take(3)
            .map(|t| format!("{} {} of {}", t.label, t.overdue, t.of))
            .collect();
        lines.push(format!("Most overdue tiers: {}.", parts.join(", ")));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn twelve_months_end_with_this_one() {
        let months = last_twelve_months(day("2026-11-26"));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], day("2025-12-01"));
        assert_eq!(months[11], day("2026-11-01"));
    }

    #[test]
    fn the_summary_names_the_year() {
        let mut months: Vec<MonthCount> = last_twelve_months(day("2026-11-26"))
            .into_iter()
            .map(|month| MonthCount {
                month,
                ..MonthCount::default()
            })
            .collect();
        months[3].face_to_face = 4;
        months[3].video = 2;
        months[10].video = 1;
        let stats = YearStats {
            today: day("2026-11-26"),
            months,
            people_met: 5,
            new_people: 1,
            most_met: vec![("Alice Smith".into(), 4), ("Bob Roe".into(), 1)],
            besides: crate::text::Tally {
                calls: 1,
                emails: 3,
                ..Default::default()
            },
            tiers: vec![
                TierOverdue {
                    label: "1 Any time".into(),
                    overdue: 1,
                    of: 4,
                },
                TierOverdue {
                    label: "2 Close".into(),
                    overdue: 3,
                    of: 3,
                },
                TierOverdue {
                    label: "3 Regular".into(),
                    overdue: 0,
                    of: 9,
                },
            ],
        };
        assert_eq!(
            summary(&stats),
            "Since December 2025: 7 meetings (4 face to face, 3 by video).\n\
             5 people met, 1 person new.\n\
             Besides meetings: 1 call, 3 emails.\n\
             Busiest month: March 2026 (6 meetings).\n\
             Most met: Alice Smith (4), Bob Roe (1).\n\
             Most overdue tiers: 2 Close 3 of 3, 1 Any time 1 of 4."
        );
    }
}
