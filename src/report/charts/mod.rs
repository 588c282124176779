//! Charts: turns a run [`Summary`], a sweep, a comparison, a tournament and an evolve
//! report into PNG or SVG bytes with plotters, through shared generic shapes. No file IO:
//! PNGs are drawn into an in-memory RGB buffer and encoded here, SVGs into a string.
//! Text uses the committed DejaVu Sans (assets/), so charts look the same on a machine
//! without system fonts. Output is deterministic: the same summary gives the same bytes.

use crate::engine::summary::Summary;

mod classroom;
mod compare;
mod generic;
pub mod positions;
mod run;
pub mod sensitivity;
mod style;
mod sweep;

pub use classroom::{
    EVOLVE_CHARTS, TOURNAMENT_CHARTS, box_stats, evolve_charts, tournament_charts,
    tournament_matrix_chart, tournament_scores_chart,
};
pub use compare::{COMPARE_CHARTS, compare_charts, compare_outcomes_chart, compare_survival_chart};
pub use generic::{
    Axes, BandPoint, BandSeries, BoxStats, Grid, StepCurve, StepPoint, box_plots_chart,
    heatmap_chart, line_bands_chart, shares_over_time_chart, step_curves_chart,
};
pub use run::{
    agreement_chart, conflict_chart, failures_chart, outcomes_chart, payoffs_chart, survival_chart,
    terms_chart,
};
pub use sensitivity::{TORNADO_ROWS, tornado_chart};
pub use style::{OKABE_ITO, series_color};
pub use sweep::{
    SWEEP_GRID_CHARTS, SWEEP_LINE_CHARTS, sweep_charts, sweep_heatmap, sweep_lines_chart,
};

/// Default chart size in pixels (SVG: the same logical size).
pub const DEFAULT_SIZE: (u32, u32) = (1200, 750);
/// Smallest and largest sizes a chart can be drawn at.
pub const MIN_SIZE: (u32, u32) = (300, 200);
pub const MAX_SIZE: (u32, u32) = (8000, 8000);

/// Image format of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Png,
    Svg,
}

impl Format {
    /// File extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Svg => "svg",
        }
    }
}

/// One rendered chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// File stem, e.g. `"outcomes"`; the file name is `{name}.{format.extension()}`.
    pub name: &'static str,
    pub format: Format,
    pub bytes: Vec<u8>,
}

impl Chart {
    /// The file name this chart is meant to be written as.
    pub fn file_name(&self) -> String {
        format!("{}.{}", self.name, self.format.extension())
    }
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error(
        "chart size {0}×{1} is out of range: width and height must be between {min_w}×{min_h} and {max_w}×{max_h} pixels",
        min_w = MIN_SIZE.0, min_h = MIN_SIZE.1, max_w = MAX_SIZE.0, max_h = MAX_SIZE.1
    )]
    Size(u32, u32),
    #[error("the chart font could not be loaded")]
    Font,
    #[error("cannot draw the chart: {0}")]
    Draw(String),
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for ChartError
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(e.to_string())
    }
}

/// Signature shared by the per-chart functions of a run summary.
pub type ChartFn = fn(&Summary, Format, (u32, u32)) -> Result<Vec<u8>, ChartError>;

/// The run charts, in the order [`run_charts`] returns them.
pub const RUN_CHARTS: [&str; 7] = [
    "outcomes",
    "survival",
    "agreement",
    "payoffs",
    "terms",
    "conflict",
    "failures",
];

/// All charts of a run summary at [`DEFAULT_SIZE`], each in both formats (PNG first):
/// outcomes, survival, agreement (time to agreement), payoffs, terms, conflict (share
/// of runs in conflict over time), failures (why failed talks failed, by cause).
pub fn run_charts(s: &Summary) -> Result<Vec<Chart>, ChartError> {
    run_charts_in(s, &[Format::Png, Format::Svg], DEFAULT_SIZE)
}

/// The run charts in the given formats and size, chart by chart (for each chart, the
/// formats in the order given).
pub fn run_charts_in(
    s: &Summary,
    formats: &[Format],
    size: (u32, u32),
) -> Result<Vec<Chart>, ChartError> {
    let all: [(&'static str, ChartFn); 7] = [
        ("outcomes", outcomes_chart),
        ("survival", survival_chart),
        ("agreement", agreement_chart),
        ("payoffs", payoffs_chart),
        ("terms", terms_chart),
        ("conflict", conflict_chart),
        ("failures", failures_chart),
    ];
    let mut out = Vec::with_capacity(all.len() * formats.len());
    for (name, f) in all {
        push_formats(&mut out, name, formats, |format| f(s, format, size))?;
    }
    Ok(out)
}

/// Chart `name`, drawn by `draw` in each of `formats` (in the order given), appended
/// to `out`.
pub(super) fn push_formats(
    out: &mut Vec<Chart>,
    name: &'static str,
    formats: &[Format],
    draw: impl Fn(Format) -> Result<Vec<u8>, ChartError>,
) -> Result<(), ChartError> {
    for &format in formats {
        out.push(Chart {
            name,
            format,
            bytes: draw(format)?,
        });
    }
    Ok(())
}

fn check_size((w, h): (u32, u32)) -> Result<(u32, u32), ChartError> {
    if w < MIN_SIZE.0 || h < MIN_SIZE.1 || w > MAX_SIZE.0 || h > MAX_SIZE.1 {
        return Err(ChartError::Size(w, h));
    }
    Ok((w, h))
}

/// Encode a packed RGB8 buffer as PNG bytes.
fn encode_png(rgb: &[u8], w: u32, h: u32) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc
            .write_header()
            .map_err(|e| ChartError::Encode(e.to_string()))?;
        writer
            .write_image_data(rgb)
            .map_err(|e| ChartError::Encode(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| ChartError::Encode(e.to_string()))?;
    }
    Ok(out)
}

/// Draw with `$draw(&root)` (a call generic over the backend) on a fresh canvas of
/// `$format` and `$size`, and return the encoded bytes. A macro because the drawing
/// functions are generic over the backend and closures cannot be.
macro_rules! render {
    ($format:expr, $size:expr, |$root:ident| $draw:expr) => {{
        use plotters::prelude::*;
        let (w, h) = $crate::report::charts::check_size($size)?;
        $crate::report::charts::style::ensure_fonts()?;
        match $format {
            $crate::report::charts::Format::Svg => {
                let mut svg = String::new();
                {
                    let $root = SVGBackend::with_string(&mut svg, (w, h)).into_drawing_area();
                    $root.fill(&WHITE)?;
                    $draw?;
                    $root.present()?;
                }
                Ok(svg.into_bytes())
            }
            $crate::report::charts::Format::Png => {
                let mut buf = vec![0u8; w as usize * h as usize * 3];
                {
                    let backend = plotters::backend::BitMapBackend::<
                                plotters::backend::RGBPixel,
                            >::with_buffer_and_format(&mut buf, (w, h))
                            .map_err(|e| $crate::report::charts::ChartError::Draw(e.to_string()))?;
                    let $root = backend.into_drawing_area();
                    $root.fill(&WHITE)?;
                    $draw?;
                    $root.present()?;
                }
                $crate::report::charts::encode_png(&buf, w, h)
            }
        }
    }};
}
pub(crate) use render;
