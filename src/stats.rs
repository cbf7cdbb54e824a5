//! A picture of your year: meetings per month over the last 12 months (face-to-face and
//! video stacked) as a PNG drawn in-process with plotters and the bundled DejaVu Sans,
//! and a short summary. Loading is the store's; the summary and the chart are pure.

use std::sync::OnceLock;

use chrono::{Datelike, Months, NaiveDate};
use plotters::prelude::*;
use plotters::style::FontStyle;

/// The chart's size in pixels.
pub const CHART_WIDTH: u32 = 1000;
pub const CHART_HEIGHT: u32 = 560;

/// The bundled font (DejaVu Sans; its licence is in assets/DejaVuSans-LICENSE.txt).
const FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
const FAMILY: &str = "kith-sans";

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
    /// Different people met (any kind of interaction) in the 12 months.
    pub people_met: usize,
    /// People whose first interaction falls in the 12 months.
    pub new_people: usize,
    /// The most-met people, with their number of interactions.
    pub most_met: Vec<(String, usize)>,
    pub tiers: Vec<TierOverdue>,
}

/// The first days of the twelve months ending with `today`'s, oldest first.
pub fn last_twelve_months(today: NaiveDate) -> Vec<NaiveDate> {
    let this = today.with_day(1).expect("every month has a first day");
    (0..12).rev().map(|back| this - Months::new(back)).collect()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
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

fn font() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            plotters::style::register_font(FAMILY, FontStyle::Normal, FONT)
                .map_err(|_| "the bundled font could not be read".to_owned())
        })
        .clone()
}

/// One stacked layer of the chart: its legend, its colour, and each month's span in it.
type Layer = (&'static str, RGBColor, fn(&MonthCount) -> (u32, u32));

const FACE_COLOUR: RGBColor = RGBColor(46, 125, 50);
const VIDEO_COLOUR: RGBColor = RGBColor(66, 133, 244);

/// The chart as PNG bytes, `CHART_WIDTH` × `CHART_HEIGHT`. Pure.
pub fn chart_png(stats: &YearStats) -> Result<Vec<u8>, String> {
    font()?;
    let (width, height) = (CHART_WIDTH as usize, CHART_HEIGHT as usize);
    let mut pixels = vec![0u8; width * height * 3];
    draw(stats, &mut pixels).map_err(|e| format!("the chart could not be drawn: {e}"))?;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&pixels, CHART_WIDTH, CHART_HEIGHT, image::ColorType::Rgb8)
        .map_err(|e| format!("the chart could not be encoded: {e}"))?;
    Ok(png)
}

use image::ImageEncoder;

fn draw(stats: &YearStats, pixels: &mut [u8]) -> Result<(), Box<dyn std::error::Error>> {
    let root = BitMapBackend::with_buffer(pixels, (CHART_WIDTH, CHART_HEIGHT)).into_drawing_area();
    root.fill(&WHITE)?;
    let top = stats
        .months
        .iter()
        .map(|m| m.face_to_face + m.video)
        .max()
        .unwrap_or(0);
    // Head room above the tallest bar, and never an empty axis.
    let y_max = (top + top / 8 + 1).max(4);
    let months = stats.months.clone();
    let count = months.len().max(1) as u32;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            format!(
                "Meetings per month, {} – {}",
                months
                    .first()
                    .map_or(stats.today, |m| m.month)
                    .format("%b %Y"),
                stats.today.format("%b %Y")
            ),
            (FAMILY, 26),
        )
        .margin(18)
        .x_label_area_size(44)
        .y_label_area_size(52)
        // A segmented range a..b has a segment for b too: twelve months are 0..11.
        .build_cartesian_2d((0u32..count - 1).into_segmented(), 0u32..y_max)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .light_line_style(WHITE.mix(0.0))
        .bold_line_style(BLACK.mix(0.12))
        .y_desc("meetings")
        .x_labels(months.len())
        .x_label_formatter(&|value| match value {
            SegmentValue::CenterOf(index) | SegmentValue::Exact(index) => months
                .get(*index as usize)
                .map(|m| m.month.format("%b").to_string())
                .unwrap_or_default(),
            SegmentValue::Last => String::new(),
        })
        .label_style((FAMILY, 15))
        .axis_desc_style((FAMILY, 15))
        .draw()?;
    // Face to face at the bottom, video stacked on top; each layer a series with its legend.
    let layers: [Layer; 2] = [
        ("face to face", FACE_COLOUR, |m| (0, m.face_to_face)),
        ("video", VIDEO_COLOUR, |m| {
            (m.face_to_face, m.face_to_face + m.video)
        }),
    ];
    for (label, colour, span) in layers {
        chart
            .draw_series(stats.months.iter().enumerate().filter_map(|(i, m)| {
                let (from, to) = span(m);
                (to > from).then(|| {
                    let mut bar = Rectangle::new(
                        [
                            (SegmentValue::Exact(i as u32), from),
                            (SegmentValue::Exact(i as u32 + 1), to),
                        ],
                        colour.filled(),
                    );
                    bar.set_margin(0, 0, 12, 12);
                    bar
                })
            }))?
            .label(label)
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 14, y + 6)], colour.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.2))
        .label_font((FAMILY, 15))
        .draw()?;
    root.present()?;
    Ok(())
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
             Busiest month: March 2026 (6 meetings).\n\
             Most met: Alice Smith (4), Bob Roe (1).\n\
             Most overdue tiers: 2 Close 3 of 3, 1 Any time 1 of 4."
        );
    }
}
