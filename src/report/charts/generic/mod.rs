//! Reusable chart shapes, as plain data in and bytes out, so the run, sweep, compare,
//! tournament and evolve charts share one look: lines with interval bands over a
//! parameter, overlaid step (Kaplan–Meier) curves with bands, a heatmap with a colour
//! scale, box plots per category, shares over time; plus the crate-internal pieces the
//! run charts are built from (histogram panels with marked values, bars with whiskers).

use super::style::{
    GREY, INK, Look, dash, empty_state, line_height, num, pct_tick, series_color, text_width,
    title_block, wrap_full,
};
use super::{ChartError, Format, render};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

mod bands;
mod bars;
mod boxes;
mod heatmap;
mod hist;
mod steps;

pub(crate) use bands::draw_line_bands_on;
use bands::*;
use bars::*;
pub(crate) use bars::{Bar, GroupedBars, draw_bars, draw_grouped_bars};
use boxes::*;
use heatmap::*;
pub(crate) use hist::{Hist, Marker, draw_hist};
pub(crate) use steps::draw_step_curves;
/// The words around a chart: title block and axis labels.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Axes {
    /// Bold first line, e.g. "Security guarantees — treaty survival".
    pub title: String,
    /// Grey second line, e.g. "10,000 runs, seed 2021"; empty for none.
    pub subtitle: String,
    pub x_label: String,
    pub y_label: String,
    /// Unit of x in plural, used in annotations ("median 14 months"); may be empty.
    pub x_unit: String,
    /// y is a share in [0, 1], shown as a percentage.
    pub y_percent: bool,
}

/// One point of a series with its interval; `lo`/`hi` NaN = no band here.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandPoint {
    pub x: f64,
    pub y: f64,
    pub lo: f64,
    pub hi: f64,
}

/// A named line with an optional interval band (NaN bounds leave gaps in the band).
#[derive(Debug, Clone, PartialEq)]
pub struct BandSeries {
    pub name: String,
    pub points: Vec<BandPoint>,
}

/// One step of a survival curve: from `t` on, the curve is at `y` (band `lo`..`hi`,
/// NaN = none); `censored` > 0 puts a "+" mark at (t, y).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepPoint {
    pub t: f64,
    pub y: f64,
    pub lo: f64,
    pub hi: f64,
    pub censored: u64,
}

/// A named step curve (e.g. Kaplan–Meier) with its median, if reached.
#[derive(Debug, Clone, PartialEq)]
pub struct StepCurve {
    pub name: String,
    pub points: Vec<StepPoint>,
    pub median: Option<f64>,
}

/// A grid of values: `values[r * columns.len() + c]`, NaN = no value.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub columns: Vec<String>,
    pub rows: Vec<String>,
    pub values: Vec<f64>,
    /// What the colour means, e.g. "share of runs in conflict".
    pub value_label: String,
    /// Colour scale range; `None` = the values' range.
    pub range: Option<(f64, f64)>,
    /// Values are shares, shown as percentages.
    pub percent: bool,
}

/// Summary statistics drawn as one box: whiskers p05–p95, box p25–p75, median line,
/// mean as a dot.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxStats {
    pub label: String,
    pub p05: f64,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub p95: f64,
    pub mean: Option<f64>,
}

// ---------------------------------------------------------------------------------
// Public chart functions

/// Several lines over an x parameter, each with its shaded interval band.
pub fn line_bands_chart(
    axes: &Axes,
    series: &[BandSeries],
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_line_bands(
        &root, look, axes, series, None
    ))
}

/// Shares over time (e.g. strategy shares by generation): lines with y fixed to 0–100%.
pub fn shares_over_time_chart(
    axes: &Axes,
    series: &[BandSeries],
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    let axes = Axes {
        y_percent: true,
        ..axes.clone()
    };
    render!(format, size, |root| draw_line_bands(
        &root,
        look,
        &axes,
        series,
        Some((0.0, 1.0))
    ))
}

/// Overlaid step curves with bands, censoring marks and medians, x from 0 to `x_max`.
pub fn step_curves_chart(
    axes: &Axes,
    curves: &[StepCurve],
    x_max: f64,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| {
        let body = title_block(&root, look, &axes.title, &axes.subtitle)?;
        draw_step_curves(&body, look, axes, curves, x_max, "")
    })
}

/// A heatmap of `grid` with a colour scale legend on the right.
pub fn heatmap_chart(
    axes: &Axes,
    grid: &Grid,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_heatmap(&root, look, axes, grid))
}

/// One box per category (p05/p25/p50/p75/p95 and the mean).
pub fn box_plots_chart(
    axes: &Axes,
    boxes: &[BoxStats],
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_box_plots(
        &root, look, axes, boxes
    ))
}

// ---------------------------------------------------------------------------------
// Shared pieces

pub(crate) type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Draw a polyline, dashed if `dash` is set (dash and gap scaled with the canvas).
pub(crate) fn line<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    look: Look,
    points: Vec<(f64, f64)>,
    color: RGBColor,
    width: f64,
    dash: Option<(f64, f64)>,
) -> Result<(), ChartError> {
    let style = look.stroke(color, width);
    match dash {
        None => chart.draw_series(std::iter::once(PathElement::new(points, style)))?,
        Some((d, g)) => chart.draw_series(std::iter::once(DashedPathElement::new(
            points,
            look.pxu(d),
            look.pxu(g),
            style,
        )))?,
    };
    Ok(())
}

/// Configure and draw the axes: light grid, tick labels, axis descriptions.
#[allow(clippy::too_many_arguments)]
pub(crate) fn mesh<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    look: Look,
    x_label: &str,
    y_label: &str,
    y_percent: bool,
    x_integer: bool,
    x_labels: usize,
    show_x_ticks: bool,
) -> Result<(), ChartError> {
    let yr = chart.y_range();
    let span = yr.end - yr.start;
    let yfmt = move |v: &f64| {
        if y_percent && *v > 1.0 + 1e-9 {
            // Headroom above 100% is for labels; a share never goes there.
            String::new()
        } else if y_percent {
            pct_tick(*v, span)
        } else {
            num(*v)
        }
    };
    let xfmt = move |v: &f64| {
        if x_integer {
            if (v - v.round()).abs() < 1e-9 {
                format!("{}", v.round() as i64)
            } else {
                String::new()
            }
        } else {
            num(*v)
        }
    };
    chart
        .configure_mesh()
        .x_desc(x_label)
        .y_desc(y_label)
        .axis_desc_style(look.axis())
        .label_style(look.tick())
        .x_label_formatter(&xfmt)
        .y_label_formatter(&yfmt)
        .x_labels(if show_x_ticks { x_labels } else { 0 })
        .y_labels(6)
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .axis_style(GREY.stroke_width(1))
        .disable_x_mesh()
        .draw()?;
    Ok(())
}

/// The mesh of a chart whose rows are categories and whose x axis carries values
/// (a tornado, paired differences): `x_labels` ticks formatted by `fmt`, faint
/// vertical lines at them, no y labels and no horizontal lines.
pub(crate) fn value_axis_mesh<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    look: Look,
    x_label: &str,
    x_labels: usize,
    fmt: &dyn Fn(&f64) -> String,
) -> Result<(), ChartError> {
    chart
        .configure_mesh()
        .x_desc(x_label)
        .axis_desc_style(look.axis())
        .label_style(look.tick())
        .x_label_formatter(fmt)
        .x_labels(x_labels)
        .y_labels(0)
        .max_light_lines(0)
        .bold_line_style(BLACK.mix(0.08))
        .axis_style(GREY.stroke_width(1))
        .disable_y_mesh()
        .draw()?;
    Ok(())
}

/// Text in plot coordinates, offset by `(dx, dy)` pixels.
pub(crate) fn label<'s, DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    at: (f64, f64),
    offset: (i32, i32),
    text: &str,
    style: TextStyle<'s>,
) -> Result<(), ChartError> {
    chart.draw_series(std::iter::once(
        EmptyElement::at(at) + Text::new(text.to_string(), offset, style),
    ))?;
    Ok(())
}

/// A "+" mark at `at` with half-size `r` pixels.
pub(crate) fn plus<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    at: (f64, f64),
    r: i32,
    style: ShapeStyle,
) -> Result<(), ChartError> {
    chart.draw_series(std::iter::once(
        EmptyElement::at(at)
            + PathElement::new(vec![(0, -r), (0, r)], style)
            + PathElement::new(vec![(-r, 0), (r, 0)], style),
    ))?;
    Ok(())
}

/// Shape of the point marker of series `i` (helps in greyscale).
fn marker<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    i: usize,
    at: (f64, f64),
    r: i32,
    color: RGBColor,
) -> Result<(), ChartError> {
    let fill = color.filled();
    match i % 4 {
        0 => chart.draw_series(std::iter::once(Circle::new(at, r, fill)))?,
        1 => chart.draw_series(std::iter::once(TriangleMarker::new(at, r + 1, fill)))?,
        2 => chart.draw_series(std::iter::once(
            EmptyElement::at(at) + Rectangle::new([(-r, -r), (r, r)], fill),
        ))?,
        _ => chart.draw_series(std::iter::once(Cross::new(at, r, color.stroke_width(2))))?,
    };
    Ok(())
}

/// A legend strip along the bottom of `area`; returns the area above it.
fn legend_strip<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    names: &[String],
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    legend_strip_as(area, look, names, false)
}

/// [`legend_strip`] with filled colour swatches (for bars) instead of line samples
/// when `swatches` is set.
pub(crate) fn legend_strip_as<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    names: &[String],
    swatches: bool,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let (w, h) = area.dim_in_pixel();
    let style = look.note();
    let sample = look.px(40.0);
    let gap = look.px(28.0);
    // A name wider than a row beside its sample wraps onto more lines (never cut).
    let max_name = (w as i32 - look.px(40.0) - sample - look.px(8.0)).max(look.px(40.0)) as u32;
    let names: Vec<Vec<String>> = names
        .iter()
        .map(|n| wrap_full(area, n, &style, max_name))
        .collect();
    let widths: Vec<i32> = names
        .iter()
        .map(|n| {
            let text = n
                .iter()
                .map(|l| text_width(area, l, &style))
                .max()
                .unwrap_or(0);
            sample + look.px(8.0) + text as i32
        })
        .collect();
    // Lay entries out in rows.
    let mut rows: Vec<Vec<usize>> = vec![Vec::new()];
    let mut row_w = 0;
    for (i, &ew) in widths.iter().enumerate() {
        let last = rows.len() - 1;
        if !rows[last].is_empty() && row_w + gap + ew > w as i32 - look.px(40.0) {
            rows.push(Vec::new());
            row_w = 0;
        }
        let last = rows.len() - 1;
        row_w += if rows[last].is_empty() { ew } else { gap + ew };
        rows[last].push(i);
    }
    let lh = look.px(26.0).max(super::style::line_height(&style));
    // A row is as tall as its longest name.
    let tall: Vec<i32> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|&i| names[i].len().max(1))
                .max()
                .unwrap_or(1) as i32
        })
        .collect();
    let strip_h = lh * tall.iter().sum::<i32>() + look.px(10.0);
    let (top, strip) = area.split_vertically(h as i32 - strip_h);
    let mut row_y = look.px(6.0);
    for (row, lines) in rows.iter().zip(&tall) {
        let total: i32 = row.iter().map(|&i| widths[i]).sum::<i32>() + gap * (row.len() as i32 - 1);
        let mut x = (w as i32 - total) / 2;
        let y = row_y + lh / 2;
        row_y += lh * lines;
        for &i in row {
            let color = series_color(i);
            let st = look.stroke(color, 3.0);
            let pts = vec![(x, y), (x + sample, y)];
            if swatches {
                let r = look.px(8.0);
                strip.draw(&Rectangle::new(
                    [(x + sample - 2 * r, y - r), (x + sample, y + r)],
                    color.filled(),
                ))?;
            } else {
                match dash(i) {
                    None => strip.draw(&PathElement::new(pts, st))?,
                    Some((d, g)) => {
                        strip.draw(&DashedPathElement::new(pts, look.pxu(d), look.pxu(g), st))?
                    }
                }
            }
            for (j, line) in names[i].iter().enumerate() {
                strip.draw_text(
                    line,
                    &style.pos(Pos::new(HPos::Left, VPos::Center)),
                    (x + sample + look.px(8.0), y + lh * j as i32),
                )?;
            }
            x += widths[i] + gap;
        }
    }
    Ok(top)
}

fn finite_range(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((a, b)) => Some((a.min(v), b.max(v))),
        })
}

/// Widen a degenerate range so an axis can be drawn.
pub(crate) fn pad_range((a, b): (f64, f64)) -> (f64, f64) {
    if b > a {
        (a, b)
    } else {
        let d = if a.abs() > 0.0 { a.abs() * 0.1 } else { 0.5 };
        (a - d, b + d)
    }
}

// ---------------------------------------------------------------------------------
// Drawing

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_polygons_skip_nan_segments() {
        let nan = f64::NAN;
        let segs = [
            (0.0, 1.0, 0.8, 1.0),
            (1.0, 2.0, 0.6, 0.9),
            (2.0, 3.0, nan, nan),
            (3.0, 4.0, 0.1, 0.3),
        ];
        let polys = band_polygons(&segs);
        assert_eq!(polys.len(), 2);
        assert_eq!(
            polys[0],
            vec![
                (0.0, 1.0),
                (1.0, 1.0),
                (1.0, 0.9),
                (2.0, 0.9),
                (2.0, 0.6),
                (1.0, 0.6),
                (1.0, 0.8),
                (0.0, 0.8)
            ]
        );
        assert_eq!(polys[1].len(), 4);
    }

    #[test]
    fn scale_runs_from_dark_to_light() {
        let lum = |c: RGBColor| 0.3 * c.0 as f64 + 0.59 * c.1 as f64 + 0.11 * c.2 as f64;
        let mut prev = -1.0;
        for k in 0..=20 {
            let l = lum(scale_color(k as f64 / 20.0));
            assert!(l > prev, "lightness must increase along the scale");
            prev = l;
        }
        assert_eq!(scale_color(f64::NAN), scale_color(0.0));
    }
}
