//! The figures chart: days across, figures up, a colour per speaker, drawn
//! with plotters to SVG or PNG.

use super::Figure;
use crate::date::Date;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[derive(Debug, Clone, thiserror::Error)]
pub enum ChartError {
    #[error("{0}: write .svg or .png")]
    Format(PathBuf),
    #[error(
        "a PNG chart needs a TrueType font and none was found (looked for {0}); install fonts-dejavu-core, give one with --font FILE, or write .svg"
    )]
    NoFont(String),
    #[error("{path}: cannot read the font ({reason})")]
    Font { path: PathBuf, reason: String },
    #[error("{path}: cannot draw the chart ({reason})")]
    Draw { path: PathBuf, reason: String },
}

/// How the chart is drawn.
#[derive(Debug, Clone)]
pub struct ChartOptions {
    pub width: u32,
    pub height: u32,
    pub title: String,
    /// The TrueType font for PNG text (SVG leaves fonts to the viewer).
    pub font: Option<PathBuf>,
}

/// Speakers beyond this many share one grey series, "others".
const NAMED_SPEAKERS: usize = 10;

/// The series colours, in order of how many figures a speaker gave.
const PALETTE: [RGBColor; NAMED_SPEAKERS] = [
    RGBColor(0x1f, 0x77, 0xb4),
    RGBColor(0xd6, 0x27, 0x28),
    RGBColor(0x2c, 0xa0, 0x2c),
    RGBColor(0xff, 0x7f, 0x0e),
    RGBColor(0x94, 0x67, 0xbd),
    RGBColor(0x8c, 0x56, 0x4b),
    RGBColor(0xe3, 0x77, 0xc2),
    RGBColor(0x17, 0xbe, 0xcf),
    RGBColor(0xbc, 0xbd, 0x22),
    RGBColor(0x39, 0x3b, 0x79),
];
/// The legend's column, right of the chart.
const LEGEND_WIDTH: u32 = 260;
const OTHERS: RGBColor = RGBColor(0x9e, 0x9e, 0x9e);

/// Draws `figures` to `path` (`.svg` or `.png`): days across, figures up
/// (a log scale when they span more than twenty-fold), one colour and line
/// per speaker, the most prolific first in the legend.
pub fn draw(figures: &[Figure], path: &Path, options: &ChartOptions) -> Result<(), ChartError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let size = (options.width, options.height);
    let failed = |reason: String| ChartError::Draw {
        path: path.to_owned(),
        reason,
    };
    match extension.as_deref() {
        Some("svg") => {
            register_font(options.font.as_deref())?;
            let root = SVGBackend::new(path, size).into_drawing_area();
            plot(&root, figures, &options.title).map_err(failed)
        }
        Some("png") => {
            register_font(options.font.as_deref())?;
            let root = BitMapBackend::new(path, size).into_drawing_area();
            plot(&root, figures, &options.title).map_err(failed)
        }
        _ => Err(ChartError::Format(path.to_owned())),
    }
}

/// Where TrueType fonts usually lie (Debian, Fedora, Arch, macOS).
const FONT_PLACES: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/liberation-sans/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "/Library/Fonts/Arial.ttf",
];

/// Text is measured (and, in PNG, drawn) with one TrueType font, read
/// once per process: the one given, or the first of [`FONT_PLACES`].
fn register_font(given: Option<&Path>) -> Result<(), ChartError> {
    static REGISTERED: OnceLock<Result<(), ChartError>> = OnceLock::new();
    let result = REGISTERED.get_or_init(|| {
        let path = match given {
            Some(path) => path.to_owned(),
            None => FONT_PLACES
                .iter()
                .map(PathBuf::from)
                .find(|p| p.is_file())
                .ok_or_else(|| ChartError::NoFont(FONT_PLACES.join(", ")))?,
        };
        let font = |reason: String| ChartError::Font {
            path: path.clone(),
            reason,
        };
        let size = std::fs::metadata(&path).map_err(|e| font(e.to_string()))?;
        if !size.is_file() || size.len() > 64 << 20 {
            return Err(font("not a font file of at most 64 MiB".into()));
        }
        let bytes = std::fs::read(&path).map_err(|e| font(e.to_string()))?;
        // plotters keeps fonts for the life of the process.
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        plotters::style::register_font("sans-serif", FontStyle::Normal, bytes)
            .map_err(|_| font("not a TrueType or OpenType font".into()))
    });
    result.clone()
}

fn plot<B: DrawingBackend>(
    root: &DrawingArea<B, Shift>,
    figures: &[Figure],
    title: &str,
) -> Result<(), String> {
    let error = |e: DrawingAreaErrorKind<B::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(error)?;
    let days: Vec<i64> = figures.iter().map(|f| f.date.to_days()).collect();
    let (first, last) = match (days.iter().min(), days.iter().max()) {
        (Some(&a), Some(&b)) => (a, b),
        _ => return Err("no figures to draw".into()),
    };
    let pad = ((last - first) / 20).max(1);
    let x = (first - pad)..(last + pad + 1);
    let positive: Vec<f64> = figures
        .iter()
        .map(|f| f.quantity)
        .filter(|&q| q > 0.0)
        .collect();
    let low = positive.iter().copied().fold(f64::INFINITY, f64::min);
    let high = figures
        .iter()
        .map(|f| f.quantity)
        .fold(0.0, f64::max)
        .max(1.0);
    let series = by_speaker(figures);
    let (width, _) = root.dim_in_pixel();
    let (plot_area, key) = root.split_horizontally(width.saturating_sub(LEGEND_WIDTH));
    let mut chart = ChartBuilder::on(&plot_area);
    chart
        .caption(title, ("sans-serif", 20))
        .margin(16)
        .margin_right(24)
        .x_label_area_size(40)
        .y_label_area_size(70);
    if low.is_finite() && high / low > 20.0 {
        let mut chart = chart
            .build_cartesian_2d(x, (low / 1.5..high * 1.5).log_scale())
            .map_err(error)?;
        draw_series(&mut chart, &series, "figure (log scale)").map_err(error)
    } else {
        let mut chart = chart
            .build_cartesian_2d(x, 0.0..high * 1.1)
            .map_err(error)?;
        draw_series(&mut chart, &series, "figure").map_err(error)
    }?;
    legend(&key, &series).map_err(error)?;
    root.present().map_err(error)
}

/// One speaker's figures (or the others'), as (day, figure) points.
struct Series {
    name: String,
    colour: RGBColor,
    points: Vec<(i64, f64)>,
    /// One speaker's points are joined by a line; the others' are not.
    joined: bool,
}

/// The figures per speaker, the most prolific first (ties by name), those
/// past [`NAMED_SPEAKERS`] merged as "others"; each with its colour.
fn by_speaker(figures: &[Figure]) -> Vec<Series> {
    let mut speakers: BTreeMap<&str, Vec<(i64, f64)>> = BTreeMap::new();
    for f in figures {
        speakers
            .entry(&f.speaker)
            .or_default()
            .push((f.date.to_days(), f.quantity));
    }
    let mut ranked: Vec<(&str, Vec<(i64, f64)>)> = speakers.into_iter().collect();
    ranked.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    let mut out = Vec::new();
    let mut others = Vec::new();
    for (i, (name, points)) in ranked.into_iter().enumerate() {
        match PALETTE.get(i) {
            Some(&colour) => out.push(Series {
                name: format!("{} ({})", shortened(name, 32), points.len()),
                colour,
                points,
                joined: true,
            }),
            None => others.extend(points),
        }
    }
    if !others.is_empty() {
        others.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        out.push(Series {
            name: format!("others ({})", others.len()),
            colour: OTHERS,
            points: others,
            joined: false,
        });
    }
    out
}

type Chart<'a, B, Y> = ChartContext<'a, B, Cartesian2d<plotters::coord::types::RangedCoordi64, Y>>;

fn draw_series<'a, B, Y>(
    chart: &mut Chart<'a, B, Y>,
    series: &[Series],
    y_desc: &str,
) -> Result<(), DrawingAreaErrorKind<B::ErrorType>>
where
    B: DrawingBackend + 'a,
    Y: Ranged<ValueType = f64> + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    chart
        .configure_mesh()
        .x_label_formatter(&|d| Date::from_days(*d).to_string())
        .y_label_formatter(&|y| format_figure(*y))
        .y_desc(y_desc)
        .light_line_style(RGBColor(0xf0, 0xf0, 0xf0))
        .x_labels(8)
        .draw()?;
    // Thousands of figures would hide each other: then the dots are small
    // and faint, and each speaker's line follows its median of the day.
    let total: usize = series.iter().map(|one| one.points.len()).sum();
    let (radius, alpha) = if total > CROWDED { (2, 0.35) } else { (4, 1.0) };
    for one in series.iter().rev() {
        chart.draw_series(
            one.points
                .iter()
                .map(|&p| Circle::new(p, radius, one.colour.mix(alpha).filled())),
        )?;
    }
    for one in series.iter().filter(|one| one.joined) {
        let width = if total > CROWDED { 2 } else { 1 };
        let style = one
            .colour
            .mix(if total > CROWDED { 0.9 } else { 0.5 })
            .stroke_width(width);
        chart.draw_series(LineSeries::new(daily_medians(&one.points), style))?;
    }
    Ok(())
}

/// Past this many figures the chart is crowded.
const CROWDED: usize = 400;

/// Per day, the median of the figures given that day, in day order.
fn daily_medians(points: &[(i64, f64)]) -> Vec<(i64, f64)> {
    let mut days: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    for &(day, figure) in points {
        days.entry(day).or_default().push(figure);
    }
    days.into_iter()
        .map(|(day, mut figures)| {
            figures.sort_by(f64::total_cmp);
            let middle = figures.len() / 2;
            let median = if figures.len() % 2 == 0 {
                (figures[middle - 1] + figures[middle]) / 2.0
            } else {
                figures[middle]
            };
            (day, median)
        })
        .collect()
}

/// The legend in a column of its own, so that it hides no figure.
fn legend<B: DrawingBackend>(
    area: &DrawingArea<B, Shift>,
    series: &[Series],
) -> Result<(), DrawingAreaErrorKind<B::ErrorType>> {
    let font = ("sans-serif", 13).into_font();
    area.draw(&Text::new(
        "speaker (figures)",
        (8, 48),
        font.clone().color(&BLACK.mix(0.6)),
    ))?;
    for (i, one) in series.iter().enumerate() {
        let y = 72 + 20 * i as i32;
        area.draw(&Circle::new((14, y + 6), 4, one.colour.filled()))?;
        area.draw(&Text::new(one.name.as_str(), (26, y), font.clone()))?;
    }
    Ok(())
}

/// `text` cut to `max` characters, with an ellipsis if cut.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// 12000 → "12,000"; 1.5 → "1.5".
fn format_figure(value: f64) -> String {
    if value.fract().abs() > 1e-9 && value < 100.0 {
        return format!("{value:.1}");
    }
    let digits = format!("{:.0}", value.round());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_read_as_people_write_them() {
        assert_eq!(format_figure(12000.0), "12,000");
        assert_eq!(format_figure(1_200_000.0), "1,200,000");
        assert_eq!(format_figure(1.5), "1.5");
        assert_eq!(format_figure(100.0), "100");
        assert_eq!(shortened("National Intelligence Service", 10), "National …");
        assert_eq!(
            daily_medians(&[(1, 3.0), (1, 1.0), (2, 4.0), (1, 2.0), (2, 6.0)]),
            vec![(1, 2.0), (2, 5.0)]
        );
    }
}
