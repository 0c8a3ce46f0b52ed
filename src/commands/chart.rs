//! `chancery chart`: topic shares over time, drawn with plotters.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;
use plotters::prelude::*;

use crate::cli::ChartArgs;
use crate::error::{Error, ExitCode, Result};

/// One line of the chart: a topic's share per period.
pub type Series = (String, Vec<(NaiveDate, f64)>);

/// Reads the shares of `topics` from topic_frequency.parquet, with a zero
/// for every period that has documents but no mention.
pub fn shares(output: &Path, topics: &[String], granularity: &str) -> Result<Vec<Series>> {
    use polars::prelude::*;
    let path = output.join("topic_frequency.parquet");
    let fail = super::polars_error(&path);
    let file = super::open(&path)?;
    let df = ParquetReader::new(file)
        .finish()
        .map_err(fail)?
        .lazy()
        .filter(col("granularity").eq(lit(granularity)))
        .select([
            col("period").cast(DataType::String),
            col("topic_id"),
            col("document_share"),
        ])
        .collect()
        .map_err(fail)?;
    let periods = df
        .column("period")
        .map_err(fail)?
        .str()
        .map_err(fail)?
        .clone();
    let ids = df
        .column("topic_id")
        .map_err(fail)?
        .str()
        .map_err(fail)?
        .clone();
    let share = df
        .column("document_share")
        .map_err(fail)?
        .f64()
        .map_err(fail)?
        .clone();
    let mut all: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut by_topic: BTreeMap<String, BTreeMap<NaiveDate, f64>> = BTreeMap::new();
    for i in 0..df.height() {
        let Some(p) = periods.get(i).and_then(|p| p.parse::<NaiveDate>().ok()) else {
            continue;
        };
        all.insert(p);
        let id = ids.get(i).unwrap_or("");
        if topics.iter().any(|t| t == id) {
            by_topic
                .entry(id.to_string())
                .or_default()
                .insert(p, share.get(i).unwrap_or(0.0));
        }
    }
    Ok(topics
        .iter()
        .map(|t| {
            let points = by_topic.get(t);
            (
                t.clone(),
                all.iter()
                    .map(|p| (*p, points.and_then(|m| m.get(p)).copied().unwrap_or(0.0)))
                    .collect(),
            )
        })
        .collect())
}

/// The Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
const OKABE_ITO: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(230, 159, 0),
    RGBColor(0, 0, 0),
];

/// An axis label for a bucket: "1957", "1957 Q3" or "1957-08".
fn period_label(d: &NaiveDate, granularity: &str) -> String {
    use chrono::Datelike;
    match granularity {
        "year" => d.format("%Y").to_string(),
        "quarter" => format!("{} Q{}", d.year(), (d.month() - 1) / 3 + 1),
        _ => d.format("%Y-%m").to_string(),
    }
}

/// Finds a TrueType font for bitmap output among the usual system places.
fn register_font() -> bool {
    const CANDIDATES: &[&str] = &[
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/Library/Fonts/Arial.ttf",
        "C:\\Windows\\Fonts\\arial.ttf",
    ];
    for path in CANDIDATES {
        if let Ok(bytes) = std::fs::read(path) {
            // The font lives for the whole process: plotters keeps a reference.
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            if plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_ok() {
                return true;
            }
        }
    }
    false
}

/// Draws the series to `out` (SVG or PNG by extension).
pub fn draw(series: &[Series], granularity: &str, out: &Path) -> Result<()> {
    let fail = |e: String| Error::Write {
        path: out.to_owned(),
        message: e,
    };
    if !register_font() {
        return Err(fail(
            "no TrueType font found (looked for DejaVu Sans and Liberation Sans)".into(),
        ));
    }
    let points: Vec<&(NaiveDate, f64)> = series.iter().flat_map(|s| &s.1).collect();
    let (Some(first), Some(last)) = (
        points.iter().map(|p| p.0).min(),
        points.iter().map(|p| p.0).max(),
    ) else {
        return Err(fail(
            "no periods to draw: is the build empty, or the topic ids wrong?".into(),
        ));
    };
    let last = if last == first {
        first + chrono::Duration::days(31)
    } else {
        last
    };
    let top = points.iter().map(|p| p.1).fold(0.0_f64, f64::max).max(0.1) * 1.1;
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let size = (1000, 560);
    let title = format!("Share of documents mentioning each topic, by {granularity}");
    macro_rules! render {
        ($backend:expr) => {{
            let root = $backend.into_drawing_area();
            root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
            let mut chart = ChartBuilder::on(&root)
                .caption(&title, ("sans-serif", 24))
                .margin(16)
                .x_label_area_size(48)
                .y_label_area_size(64)
                .build_cartesian_2d(first..last, 0.0..top)
                .map_err(|e| fail(e.to_string()))?;
            chart
                .configure_mesh()
                .x_desc(format!("{granularity} (first day)"))
                .y_desc("share of the period's documents")
                .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
                .x_label_formatter(&|d| period_label(d, granularity))
                .draw()
                .map_err(|e| fail(e.to_string()))?;
            for (i, (topic, pts)) in series.iter().enumerate() {
                let color = OKABE_ITO[i % OKABE_ITO.len()].to_rgba();
                chart
                    .draw_series(LineSeries::new(pts.iter().copied(), color.stroke_width(2)))
                    .map_err(|e| fail(e.to_string()))?
                    .label(topic.as_str())
                    .legend(move |(x, y)| {
                        PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
                    });
                chart
                    .draw_series(pts.iter().map(|p| Circle::new(*p, 3, color.filled())))
                    .map_err(|e| fail(e.to_string()))?;
            }
            chart
                .configure_series_labels()
                .background_style(WHITE.mix(0.85))
                .border_style(BLACK)
                .position(SeriesLabelPosition::UpperRight)
                .draw()
                .map_err(|e| fail(e.to_string()))?;
            root.present().map_err(|e| fail(e.to_string()))?;
        }};
    }
    match ext.as_str() {
        "svg" => render!(SVGBackend::new(out, size)),
        "png" => render!(BitMapBackend::new(out, size)),
        other => {
            return Err(Error::Usage {
                message: format!(
                    "{}: unknown chart format {other:?}; use .svg or .png",
                    out.display()
                ),
            });
        }
    }
    Ok(())
}

pub fn run(args: &ChartArgs) -> Result<ExitCode> {
    let config = super::load_build_config(&args.pipeline, args.output.clone())?;
    let series = shares(&config.output, &args.topic, args.by.as_str())?;
    draw(&series, args.by.as_str(), &args.out)?;
    eprintln!("chancery: wrote {}", args.out.display());
    Ok(ExitCode::Success)
}
