//! The /stats chart: meetings per month over the last 12 months (face-to-face and video
//! stacked) as a PNG drawn in memory with plotters and the bundled DejaVu Sans.

use std::sync::OnceLock;

use image::ImageEncoder;
use plotters::prelude::*;
use plotters::style::FontStyle;

use kith_domain::stats::{MonthCount, YearStats};

/// The chart's size in pixels.
pub const CHART_WIDTH: u32 = 1000;
pub const CHART_HEIGHT: u32 = 560;

/// The bundled font (DejaVu Sans; its licence is in assets/DejaVuSans-LICENSE.txt).
const FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");
const FAMILY: &str = "kith-sans";

/// Why the chart could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    #[error("the bundled font could not be read")]
    Font,
    #[error("the chart could not be drawn: {0}")]
    Draw(String),
    #[error("the chart could not be encoded: {0}")]
    Encode(String),
}

fn font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), ChartError>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            plotters::style::register_font(FAMILY, FontStyle::Normal, FONT)
                .map_err(|_| ChartError::Font)
        })
        .clone()
}

/// One stacked layer of the chart: its legend, its colour, and each month's span in it.
type Layer = (&'static str, RGBColor, fn(&MonthCount) -> (u32, u32));

const FACE_COLOUR: RGBColor = RGBColor(46, 125, 50);
const VIDEO_COLOUR: RGBColor = RGBColor(66, 133, 244);

/// The chart as PNG bytes, `CHART_WIDTH` × `CHART_HEIGHT`. Pure.
pub fn chart_png(stats: &YearStats) -> Result<Vec<u8>, ChartError> {
    font()?;
    let (width, height) = (CHART_WIDTH as usize, CHART_HEIGHT as usize);
    let mut pixels = vec![0u8; width * height * 3];
    draw(stats, &mut pixels).map_err(|e| ChartError::Draw(e.to_string()))?;
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(&pixels, CHART_WIDTH, CHART_HEIGHT, image::ColorType::Rgb8)
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    Ok(png)
}

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
