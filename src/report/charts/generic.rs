//! Reusable chart shapes, as plain data in and bytes out, so the run, sweep, compare,
//! tournament and evolve charts share one look: lines with interval bands over a
//! parameter, overlaid step (Kaplan–Meier) curves with bands, a heatmap with a colour
//! scale, box plots per category, shares over time; plus the crate-internal pieces the
//! run charts are built from (histogram panels with marked values, bars with whiskers).

use super::style::{
    GREY, INK, Look, dash, empty_state, fit, num, pct_tick, series_color, text_width, title_block,
    wrap,
};
use super::{ChartError, Format, render};
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

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

type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

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
fn legend_strip_as<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    names: &[String],
    swatches: bool,
) -> Result<DrawingArea<DB, Shift>, ChartError> {
    let (w, h) = area.dim_in_pixel();
    let style = look.note();
    let sample = look.px(40.0);
    let gap = look.px(28.0);
    let max_name = w / 3;
    let names: Vec<String> = names
        .iter()
        .map(|n| fit(area, n, &style, max_name))
        .collect();
    let widths: Vec<i32> = names
        .iter()
        .map(|n| sample + look.px(8.0) + text_width(area, n, &style) as i32)
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
    let lh = look.px(26.0);
    let strip_h = lh * rows.len() as i32 + look.px(10.0);
    let (top, strip) = area.split_vertically(h as i32 - strip_h);
    for (r, row) in rows.iter().enumerate() {
        let total: i32 = row.iter().map(|&i| widths[i]).sum::<i32>() + gap * (row.len() as i32 - 1);
        let mut x = (w as i32 - total) / 2;
        let y = look.px(6.0) + lh * r as i32 + lh / 2;
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
            strip.draw_text(
                &names[i],
                &style.pos(Pos::new(HPos::Left, VPos::Center)),
                (x + sample + look.px(8.0), y),
            )?;
            x += widths[i] + gap;
        }
    }
    Ok(top)
}

/// Polygons of a band over contiguous finite `(x0, x1, lo, hi)` segments; steps if
/// `x0 < x1` per segment, else a smooth band through the points.
fn band_polygons(segs: &[(f64, f64, f64, f64)]) -> Vec<Vec<(f64, f64)>> {
    let mut out = Vec::new();
    let mut run: Vec<(f64, f64, f64, f64)> = Vec::new();
    let flush = |run: &mut Vec<(f64, f64, f64, f64)>, out: &mut Vec<Vec<(f64, f64)>>| {
        if run.is_empty() {
            return;
        }
        let mut poly = Vec::with_capacity(run.len() * 4);
        for &(x0, x1, _, hi) in run.iter() {
            poly.push((x0, hi));
            poly.push((x1, hi));
        }
        for &(x0, x1, lo, _) in run.iter().rev() {
            poly.push((x1, lo));
            poly.push((x0, lo));
        }
        out.push(poly);
        run.clear();
    };
    for &s in segs {
        if s.2.is_finite() && s.3.is_finite() {
            run.push(s);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
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

fn draw_line_bands<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    axes: &Axes,
    series: &[BandSeries],
    y_fixed: Option<(f64, f64)>,
) -> Result<(), ChartError> {
    let body = title_block(root, look, &axes.title, &axes.subtitle)?;
    let names: Vec<String> = series.iter().map(|s| s.name.clone()).collect();
    let body = if series.len() > 1 && has_data(series) {
        legend_strip(&body, look, &names)?
    } else {
        body
    };
    draw_line_bands_on(&body, look, axes, series, y_fixed, "No data to draw.")
}

/// True when some series has a finite point to draw.
fn has_data(series: &[BandSeries]) -> bool {
    series
        .iter()
        .flat_map(|s| &s.points)
        .any(|p| p.x.is_finite() && [p.y, p.lo, p.hi].iter().any(|v| v.is_finite()))
}

/// Lines with bands on `area` (no title, no legend): a NaN `y` leaves a gap in the
/// line, NaN bounds a gap in the band. `empty` is shown when nothing is finite.
pub(crate) fn draw_line_bands_on<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    axes: &Axes,
    series: &[BandSeries],
    y_fixed: Option<(f64, f64)>,
    empty: &str,
) -> Result<(), ChartError> {
    // Every point's x, drawn or not, so that a gap at either end stays visible.
    let xs = finite_range(series.iter().flat_map(|s| s.points.iter().map(|p| p.x)));
    let ys = finite_range(
        series
            .iter()
            .flat_map(|s| s.points.iter().flat_map(|p| [p.y, p.lo, p.hi])),
    );
    let (Some(xr), Some(yr)) = (xs, ys) else {
        return empty_state(area, look, empty);
    };
    let xr = pad_range(xr);
    let yr = match y_fixed {
        Some(r) => r,
        None if axes.y_percent => (0.0, (yr.1 * 1.1).clamp(0.01, 1.0)),
        None => {
            let (a, b) = pad_range(yr);
            let m = (b - a) * 0.06;
            (a - m, b + m)
        }
    };
    let (w, _) = area.dim_in_pixel();
    let mut chart = ChartBuilder::on(area)
        .margin(look.px(14.0))
        .margin_right(look.px(30.0))
        .x_label_area_size(look.px(62.0))
        .y_label_area_size(look.px(92.0))
        .build_cartesian_2d(xr.0..xr.1, yr.0..yr.1)?;
    mesh(
        &mut chart,
        look,
        &axes.x_label,
        &axes.y_label,
        axes.y_percent,
        false,
        if w < look.pxu(700.0) { 6 } else { 10 },
        true,
    )?;
    for (i, s) in series.iter().enumerate() {
        let color = series_color(i);
        // Band: linear between points, split at NaN bounds.
        let mut run: Vec<BandPoint> = Vec::new();
        let mut polys: Vec<Vec<(f64, f64)>> = Vec::new();
        for p in s.points.iter().chain(std::iter::once(&BandPoint {
            x: f64::NAN,
            y: f64::NAN,
            lo: f64::NAN,
            hi: f64::NAN,
        })) {
            if p.lo.is_finite() && p.hi.is_finite() && p.x.is_finite() {
                run.push(*p);
            } else if !run.is_empty() {
                if run.len() == 1 {
                    // A lone interval: a short vertical bar instead of a polygon.
                    let q = run[0];
                    line(
                        &mut chart,
                        look,
                        vec![(q.x, q.lo), (q.x, q.hi)],
                        color,
                        2.0,
                        None,
                    )?;
                } else {
                    let mut poly: Vec<(f64, f64)> = run.iter().map(|p| (p.x, p.hi)).collect();
                    poly.extend(run.iter().rev().map(|p| (p.x, p.lo)));
                    polys.push(poly);
                }
                run.clear();
            }
        }
        chart.draw_series(
            polys
                .into_iter()
                .map(|p| Polygon::new(p, color.mix(0.16).filled())),
        )?;
    }
    for (i, s) in series.iter().enumerate() {
        let color = series_color(i);
        // Lines: split where y is missing, so a gap stays a gap.
        let mut pieces: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for p in &s.points {
            if p.x.is_finite() && p.y.is_finite() {
                if let Some(last) = pieces.last_mut() {
                    last.push((p.x, p.y));
                }
            } else if pieces.last().is_some_and(|l| !l.is_empty()) {
                pieces.push(Vec::new());
            }
        }
        let n_pts: usize = pieces.iter().map(Vec::len).sum();
        for piece in pieces.into_iter().filter(|l| !l.is_empty()) {
            if piece.len() > 1 {
                line(&mut chart, look, piece.clone(), color, 3.0, dash(i))?;
            }
            if n_pts <= 40 || piece.len() == 1 {
                for p in piece {
                    marker(&mut chart, i, p, look.px(5.0), color)?;
                }
            }
        }
    }
    Ok(())
}

/// Step curves on `area` (no title). `note` is drawn under the plot's top-right corner.
pub(crate) fn draw_step_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    axes: &Axes,
    curves: &[StepCurve],
    x_max: f64,
    note: &str,
) -> Result<(), ChartError> {
    let area = if curves.len() > 1 {
        legend_strip(
            area,
            look,
            &curves.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
        )?
    } else {
        area.clone()
    };
    let area = if note.is_empty() {
        area
    } else {
        let (w, _) = area.dim_in_pixel();
        let ns = look.small();
        let mut y = look.px(2.0);
        for l in wrap(&area, note, &ns, w.saturating_sub(look.pxu(40.0)), 2) {
            area.draw_text(
                &l,
                &ns.pos(Pos::new(HPos::Center, VPos::Top)),
                (w as i32 / 2, y),
            )?;
            y += look.px(20.0);
        }
        area.split_vertically(y + look.px(2.0)).1
    };
    let x_max = if x_max.is_finite() && x_max > 0.0 {
        x_max
    } else {
        1.0
    };
    let mut chart = ChartBuilder::on(&area)
        .margin(look.px(14.0))
        .margin_right(look.px(36.0))
        .x_label_area_size(look.px(62.0))
        .y_label_area_size(look.px(92.0))
        .build_cartesian_2d(0.0..x_max, 0.0..1.04)?;
    mesh(
        &mut chart,
        look,
        &axes.x_label,
        &axes.y_label,
        true,
        x_max <= 60.0,
        12,
        true,
    )?;
    for (i, c) in curves.iter().enumerate() {
        let color = series_color(i);
        let segs: Vec<(f64, f64, f64, f64)> = c
            .points
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let next = c.points.get(k + 1).map(|q| q.t).unwrap_or(x_max);
                (p.t, next.min(x_max), p.lo, p.hi)
            })
            .collect();
        chart.draw_series(
            band_polygons(&segs)
                .into_iter()
                .map(|p| Polygon::new(p, color.mix(0.2).filled())),
        )?;
    }
    for (i, c) in curves.iter().enumerate() {
        let color = series_color(i);
        let mut pts: Vec<(f64, f64)> = Vec::with_capacity(c.points.len() * 2 + 1);
        for p in c
            .points
            .iter()
            .filter(|p| p.y.is_finite() && p.t.is_finite())
        {
            if let Some(&(_, y_prev)) = pts.last() {
                pts.push((p.t, y_prev));
            }
            pts.push((p.t, p.y));
        }
        if let Some(&(t, y)) = pts.last()
            && t < x_max
        {
            pts.push((x_max, y));
        }
        line(&mut chart, look, pts, color, 3.0, dash(i))?;
        let st = look.stroke(INK, 2.0);
        for p in c
            .points
            .iter()
            .filter(|p| p.censored > 0 && p.y.is_finite())
        {
            plus(&mut chart, (p.t, p.y), look.px(6.0), st)?;
        }
    }
    // Medians: dashed guide from the 50% line down to the axis, labelled.
    let medians: Vec<(usize, f64)> = curves
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.median.filter(|m| m.is_finite()).map(|m| (i, m)))
        .collect();
    let color_of = |i: usize| {
        if curves.len() > 1 {
            series_color(i)
        } else {
            INK
        }
    };
    for &(i, m) in &medians {
        line(
            &mut chart,
            look,
            vec![(0.0, 0.5), (m, 0.5), (m, 0.0)],
            color_of(i),
            1.5,
            Some((8.0, 6.0)),
        )?;
    }
    // Labels: in rows above the 50% line so that no two overlap, each on a white box so
    // curves and bands never run through the text; drawn after every line.
    let style = look.note();
    let (pw, _) = chart.plotting_area().dim_in_pixel();
    let x0 = chart.backend_coord(&(0.0, 0.5)).0;
    let pad = look.px(4.0);
    let mut order = medians.clone();
    order.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut row_end: Vec<i32> = Vec::new();
    let mut placed: Vec<(usize, f64, usize, bool, String, i32)> = Vec::new();
    for &(i, m) in &order {
        let text = if axes.x_unit.is_empty() {
            format!("median {}", num(m))
        } else {
            format!("median {} {}", num(m), axes.x_unit)
        };
        let tw = text_width(&area, &text, &style) as i32;
        let px = chart.backend_coord(&(m.min(x_max), 0.5)).0 - x0;
        let right = px + look.px(8.0) + tw + pad > pw as i32;
        let (a, b) = if right {
            (px - look.px(8.0) - tw - pad, px)
        } else {
            (px, px + look.px(8.0) + tw + pad)
        };
        let row = row_end
            .iter()
            .position(|&e| e + look.px(4.0) < a)
            .unwrap_or(row_end.len());
        if row == row_end.len() {
            row_end.push(b);
        } else {
            row_end[row] = b;
        }
        placed.push((i, m, row, right, text, tw));
    }
    let row_h = look.px(26.0);
    let th = look.px(17.0);
    for (i, m, row, right, text, tw) in placed {
        let color = color_of(i);
        let dx = if right { -look.px(8.0) } else { look.px(8.0) };
        let base = -look.px(8.0) - row_h * row as i32;
        let (a, b) = if right {
            (dx - tw - pad, dx + pad)
        } else {
            (dx - pad, dx + tw + pad)
        };
        chart.draw_series(std::iter::once(
            EmptyElement::at((m.min(x_max), 0.5))
                + Rectangle::new(
                    [(a, base - th - pad), (b, base + pad)],
                    WHITE.mix(0.92).filled(),
                )
                + Rectangle::new(
                    [(a, base - th - pad), (b, base + pad)],
                    color.mix(0.6).stroke_width(1),
                ),
        ))?;
        let pos = Pos::new(if right { HPos::Right } else { HPos::Left }, VPos::Bottom);
        label(
            &mut chart,
            (m.min(x_max), 0.5),
            (dx, base),
            &text,
            style.clone().color(&color).pos(pos),
        )?;
    }
    // Legend for the marks, bottom left inside the plot.
    let has_censor = curves
        .iter()
        .any(|c| c.points.iter().any(|p| p.censored > 0));
    if has_censor {
        let style = look.small().pos(Pos::new(HPos::Left, VPos::Center));
        // Drawn at a pixel offset from the origin corner, clear of the axis.
        chart.draw_series(std::iter::once(
            EmptyElement::at((0.0, 0.0))
                + PathElement::new(
                    vec![
                        (look.px(14.0), -look.px(20.0)),
                        (look.px(26.0), -look.px(20.0)),
                    ],
                    look.stroke(INK, 2.0),
                )
                + PathElement::new(
                    vec![
                        (look.px(20.0), -look.px(26.0)),
                        (look.px(20.0), -look.px(14.0)),
                    ],
                    look.stroke(INK, 2.0),
                )
                + Text::new(
                    "censored (still in force at the end)".to_string(),
                    (look.px(34.0), -look.px(20.0)),
                    style,
                ),
        ))?;
    }
    Ok(())
}

/// A marked value on a histogram: a vertical line (optionally with a shaded interval)
/// and a label placed in the headroom above the bars.
#[derive(Debug, Clone)]
pub(crate) struct Marker {
    pub x: f64,
    pub label: String,
    pub color: RGBColor,
    pub dash: Option<(f64, f64)>,
    pub band: Option<(f64, f64)>,
}

/// A histogram panel: bars for counts over even bins of `lo..hi`, heights as shares of
/// `denominator`, with marked values and note lines under the panel title.
#[derive(Debug, Clone)]
pub(crate) struct Hist<'a> {
    pub title: &'a str,
    pub notes: Vec<String>,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub lo: f64,
    pub hi: f64,
    pub counts: &'a [u64],
    pub denominator: u64,
    pub x_range: (f64, f64),
    pub x_integer: bool,
    pub color: RGBColor,
    pub markers: Vec<Marker>,
    /// Shown instead of the axes when there is nothing to draw.
    pub empty: Option<String>,
}

pub(crate) fn draw_hist<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    h: &Hist<'_>,
) -> Result<(), ChartError> {
    let (w, _) = area.dim_in_pixel();
    let mut y = look.px(6.0);
    if !h.title.is_empty() {
        let ts = look.panel_title();
        let t = fit(area, h.title, &ts, w.saturating_sub(look.pxu(20.0)));
        area.draw_text(
            &t,
            &ts.pos(Pos::new(HPos::Center, VPos::Top)),
            (w as i32 / 2, y),
        )?;
        y += look.px(28.0);
    }
    let ns = look.small();
    for n in &h.notes {
        for l in wrap(area, n, &ns, w.saturating_sub(look.pxu(30.0)), 2) {
            area.draw_text(
                &l,
                &ns.pos(Pos::new(HPos::Center, VPos::Top)),
                (w as i32 / 2, y),
            )?;
            y += look.px(20.0);
        }
    }
    let body = area.split_vertically(y + look.px(2.0)).1;
    if let Some(msg) = &h.empty {
        return empty_state(&body, look, msg);
    }
    let n = h.counts.len().max(1);
    let bw = (h.hi - h.lo) / n as f64;
    let denom = h.denominator.max(1) as f64;
    let max_share = h
        .counts
        .iter()
        .map(|&c| c as f64 / denom)
        .fold(0.0, f64::max);
    let top = if max_share > 0.0 {
        max_share * 1.12
    } else {
        0.05
    };
    let xr = pad_range(h.x_range);
    let build = |ymax: f64| {
        ChartBuilder::on(&body)
            .margin(look.px(10.0))
            .margin_right(look.px(24.0))
            .x_label_area_size(look.px(58.0))
            .y_label_area_size(look.px(84.0))
            .build_cartesian_2d(xr.0..xr.1, 0.0..ymax)
    };
    // Place marker labels in rows so they do not overlap; rows set the headroom.
    let probe = build(top)?;
    let (pw, ph) = probe.plotting_area().dim_in_pixel();
    let style = look.note();
    let mut order: Vec<usize> = (0..h.markers.len()).collect();
    order.sort_by(|&a, &b| h.markers[a].x.total_cmp(&h.markers[b].x));
    let mut row_end: Vec<i32> = Vec::new();
    let mut placed: Vec<(usize, usize, bool, String)> = Vec::new(); // marker, row, right-anchored, text
    let x0 = probe.backend_coord(&(xr.0, 0.0)).0;
    for &k in &order {
        let m = &h.markers[k];
        let px = probe.backend_coord(&(m.x.clamp(xr.0, xr.1), 0.0)).0 - x0;
        let text = fit(
            area,
            &m.label,
            &style,
            pw.saturating_sub(look.pxu(10.0)).max(20),
        );
        let tw = text_width(area, &text, &style) as i32;
        let right = px + tw + look.px(8.0) > pw as i32;
        let (a, b) = if right {
            (px - tw - look.px(8.0), px)
        } else {
            (px, px + tw + look.px(8.0))
        };
        let row = row_end
            .iter()
            .position(|&e| e + look.px(6.0) < a)
            .unwrap_or(row_end.len());
        if row == row_end.len() {
            row_end.push(b);
        } else {
            row_end[row] = b;
        }
        placed.push((k, row, right, text));
    }
    drop(probe);
    let row_h = look.px(22.0);
    let head_px = row_h * row_end.len() as i32 + look.px(8.0);
    let frac = (head_px as f64 / ph.max(1) as f64).min(0.6);
    let ymax = top / (1.0 - frac);
    let mut chart = build(ymax)?;
    mesh(
        &mut chart,
        look,
        h.x_label,
        h.y_label,
        true,
        h.x_integer,
        if w < look.pxu(500.0) { 5 } else { 10 },
        true,
    )?;
    // Interval bands of markers under the bars' outlines.
    for m in &h.markers {
        if let Some((a, b)) = m.band.filter(|(a, b)| a.is_finite() && b.is_finite()) {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(a.clamp(xr.0, xr.1), 0.0), (b.clamp(xr.0, xr.1), ymax)],
                m.color.mix(0.18).filled(),
            )))?;
        }
    }
    let bar_px = pw as f64 / ((xr.1 - xr.0) / bw.max(f64::MIN_POSITIVE));
    let gap = if bar_px >= 8.0 { bw * 0.06 } else { 0.0 };
    chart.draw_series(
        h.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(k, &c)| {
                let a = h.lo + bw * k as f64;
                Rectangle::new(
                    [(a + gap, 0.0), (a + bw - gap, c as f64 / denom)],
                    h.color.filled(),
                )
            }),
    )?;
    for m in &h.markers {
        let x = m.x.clamp(xr.0, xr.1);
        line(
            &mut chart,
            look,
            vec![(x, 0.0), (x, ymax)],
            m.color,
            2.5,
            m.dash,
        )?;
    }
    // Labels last, on a white ground so lines and bars never run through them.
    for (k, row, right, text) in &placed {
        let m = &h.markers[*k];
        let x = m.x.clamp(xr.0, xr.1);
        let tw = text_width(area, text, &style) as i32;
        let pad = look.px(3.0);
        let dx = if *right { -look.px(5.0) } else { look.px(5.0) };
        let dy = look.px(4.0) + row_h * *row as i32;
        let (a, b) = if *right {
            (dx - tw - pad, dx + pad)
        } else {
            (dx - pad, dx + tw + pad)
        };
        chart.draw_series(std::iter::once(
            EmptyElement::at((x, ymax))
                + Rectangle::new(
                    [(a, dy - pad / 2), (b, dy + row_h - pad)],
                    WHITE.mix(0.9).filled(),
                ),
        ))?;
        let pos = Pos::new(if *right { HPos::Right } else { HPos::Left }, VPos::Top);
        label(
            &mut chart,
            (x, ymax),
            (dx, dy),
            text,
            style.clone().color(&m.color).pos(pos),
        )?;
    }
    Ok(())
}

/// A bar with its interval whisker, for [`draw_bars`].
#[derive(Debug, Clone)]
pub(crate) struct Bar {
    pub label: String,
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
    pub color: RGBColor,
}

/// Category bars (shares) with whiskers and the share printed above each bar.
pub(crate) fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    bars: &[Bar],
    x_label: &str,
    y_label: &str,
) -> Result<(), ChartError> {
    if bars.is_empty() {
        return empty_state(area, look, "No outcomes to show.");
    }
    let n = bars.len();
    let hi = bars
        .iter()
        .flat_map(|b| [b.value, b.hi])
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let ymax = (hi * 1.15 + 0.03).clamp(0.05, 1.08);
    let mut chart = ChartBuilder::on(area)
        .margin(look.px(14.0))
        .margin_right(look.px(30.0))
        .x_label_area_size(look.px(96.0))
        .y_label_area_size(look.px(92.0))
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), 0.0..ymax)?;
    mesh(&mut chart, look, x_label, y_label, true, false, 0, false)?;
    let half = 0.36;
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let v = if b.value.is_finite() {
            b.value.clamp(0.0, 1.0)
        } else {
            0.0
        };
        Rectangle::new(
            [(i as f64 - half, 0.0), (i as f64 + half, v)],
            b.color.filled(),
        )
    }))?;
    let wst = look.stroke(INK, 2.0);
    let cap = 0.08;
    for (i, b) in bars.iter().enumerate() {
        let x = i as f64;
        if b.lo.is_finite() && b.hi.is_finite() && b.hi > b.lo {
            line(&mut chart, look, vec![(x, b.lo), (x, b.hi)], INK, 2.0, None)?;
            for y in [b.lo, b.hi] {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(x - cap, y), (x + cap, y)],
                    wst,
                )))?;
            }
        }
        let top = [b.value, b.hi]
            .into_iter()
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        label(
            &mut chart,
            (x, top),
            (0, -look.px(6.0)),
            &super::style::pct(b.value),
            look.axis_bold().pos(Pos::new(HPos::Center, VPos::Bottom)),
        )?;
    }
    // Category labels under the axis, wrapped to the bar's slot.
    let (pw, _) = chart.plotting_area().dim_in_pixel();
    let anchors: Vec<_> = (0..n)
        .map(|i| chart.backend_coord(&(i as f64, 0.0)))
        .collect();
    draw_category_labels(
        area,
        look,
        &anchors,
        bars.iter().map(|b| b.label.as_str()),
        pw as f64 / n as f64,
    )
}

/// Category names under an axis: each centred below its anchor (a backend pixel on
/// the axis), wrapped to two lines within 95% of the category's `slot` pixels.
fn draw_category_labels<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    anchors: &[(i32, i32)],
    labels: impl Iterator<Item = &'a str>,
    slot: f64,
) -> Result<(), ChartError> {
    let width = ((slot * 0.95) as u32).max(20);
    let base = area.get_base_pixel();
    let style = look.tick();
    for (&(x, y), label) in anchors.iter().zip(labels) {
        for (k, l) in wrap(area, label, &style, width, 2).iter().enumerate() {
            area.draw_text(
                l,
                &style.pos(Pos::new(HPos::Center, VPos::Top)),
                (
                    x - base.0,
                    y - base.1 + look.px(10.0) + look.px(21.0) * k as i32,
                ),
            )?;
        }
    }
    Ok(())
}

/// Bars in groups: one group per category (e.g. a metric), one bar per series (e.g. a
/// scenario) in series colours, each with its interval whisker.
#[derive(Debug, Clone)]
pub(crate) struct GroupedBars {
    pub groups: Vec<String>,
    pub series: Vec<String>,
    /// `values[s][g]` = (value, lo, hi) of series `s` in group `g`; NaN bounds = no whisker.
    pub values: Vec<Vec<(f64, f64, f64)>>,
}

/// Grouped share bars with whiskers, a legend strip for the series along the bottom,
/// and each share printed above its bar when there is room.
pub(crate) fn draw_grouped_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    g: &GroupedBars,
    x_label: &str,
    y_label: &str,
) -> Result<(), ChartError> {
    let (ng, ns) = (g.groups.len(), g.series.len());
    if ng == 0 || ns == 0 {
        return empty_state(area, look, "No shares to show.");
    }
    let area = if ns > 1 {
        legend_strip_as(area, look, &g.series, true)?
    } else {
        area.clone()
    };
    let hi = g
        .values
        .iter()
        .flatten()
        .flat_map(|&(v, _, h)| [v, h])
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let ymax = (hi * 1.15 + 0.03).clamp(0.05, 1.1);
    let mut chart = ChartBuilder::on(&area)
        .margin(look.px(14.0))
        .margin_right(look.px(30.0))
        .x_label_area_size(look.px(if x_label.is_empty() { 60.0 } else { 96.0 }))
        .y_label_area_size(look.px(92.0))
        .build_cartesian_2d(-0.5..(ng as f64 - 0.5), 0.0..ymax)?;
    mesh(&mut chart, look, x_label, y_label, true, false, 0, false)?;
    let slot = 0.8 / ns as f64;
    let half = slot * 0.42;
    let centre = |gi: usize, si: usize| gi as f64 - 0.4 + slot * (si as f64 + 0.5);
    for (si, row) in g.values.iter().enumerate() {
        let color = series_color(si);
        chart.draw_series(row.iter().enumerate().map(|(gi, &(v, _, _))| {
            let v = if v.is_finite() {
                v.clamp(0.0, 1.0)
            } else {
                0.0
            };
            let x = centre(gi, si);
            Rectangle::new([(x - half, 0.0), (x + half, v)], color.filled())
        }))?;
    }
    let (pw, _) = chart.plotting_area().dim_in_pixel();
    let bar_px = (pw as f64 / ng as f64 * slot) as u32;
    let vs = look.note().color(&INK);
    let cap = look.px(7.0);
    for (si, row) in g.values.iter().enumerate() {
        for (gi, &(v, lo, hi)) in row.iter().enumerate() {
            let x = centre(gi, si);
            if lo.is_finite() && hi.is_finite() && hi > lo {
                let st = look.stroke(INK, 1.5);
                line(&mut chart, look, vec![(x, lo), (x, hi)], INK, 1.5, None)?;
                for y in [lo, hi] {
                    chart.draw_series(std::iter::once(
                        EmptyElement::at((x, y)) + PathElement::new(vec![(-cap, 0), (cap, 0)], st),
                    ))?;
                }
            }
            let text = super::style::pct(v);
            if text_width(&area, &text, &vs) + look.pxu(4.0) <= bar_px {
                let top = [v, hi]
                    .into_iter()
                    .filter(|v| v.is_finite())
                    .fold(0.0, f64::max);
                label(
                    &mut chart,
                    (x, top),
                    (0, -look.px(5.0)),
                    &text,
                    vs.pos(Pos::new(HPos::Center, VPos::Bottom)),
                )?;
            }
        }
    }
    let anchors: Vec<_> = (0..ng)
        .map(|gi| chart.backend_coord(&(gi as f64, 0.0)))
        .collect();
    draw_category_labels(
        &area,
        look,
        &anchors,
        g.groups.iter().map(String::as_str),
        pw as f64 / ng as f64,
    )
}

/// A sequential colour scale (viridis anchors), monotone in lightness so it also
/// reads in greyscale. `t` in [0, 1].
pub(crate) fn scale_color(t: f64) -> RGBColor {
    const A: [(u8, u8, u8); 5] = [
        (0x44, 0x01, 0x54),
        (0x3B, 0x52, 0x8B),
        (0x21, 0x90, 0x8C),
        (0x5D, 0xC8, 0x63),
        (0xFD, 0xE7, 0x25),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * (A.len() - 1) as f64;
    let k = (x.floor() as usize).min(A.len() - 2);
    let f = x - k as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    RGBColor(
        mix(A[k].0, A[k + 1].0),
        mix(A[k].1, A[k + 1].1),
        mix(A[k].2, A[k + 1].2),
    )
}

fn draw_heatmap<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    axes: &Axes,
    g: &Grid,
) -> Result<(), ChartError> {
    let body = title_block(root, look, &axes.title, &axes.subtitle)?;
    let (nc, nr) = (g.columns.len(), g.rows.len());
    if nc == 0 || nr == 0 || g.values.len() != nc * nr {
        return empty_state(&body, look, "No grid to draw.");
    }
    let (vmin, vmax) = match g.range {
        Some(r) if r.0.is_finite() && r.1.is_finite() => r,
        _ => match finite_range(g.values.iter().copied()) {
            Some(r) => r,
            None => return empty_state(&body, look, "Every cell of the grid is empty."),
        },
    };
    let (vmin, vmax) = pad_range((vmin, vmax));
    let fmt = |v: f64| {
        if g.percent {
            super::style::pct(v)
        } else {
            num(v)
        }
    };
    let (bw, _) = body.dim_in_pixel();
    let (main, legend) = body.split_horizontally(bw as i32 - look.px(150.0));
    // Row labels get the room the longest needs, up to a quarter of the width.
    let row_w = g
        .rows
        .iter()
        .map(|r| text_width(&main, r, &look.tick()))
        .max()
        .unwrap_or(0)
        .clamp(look.pxu(60.0), bw / 4);
    let mut chart = ChartBuilder::on(&main)
        .margin(look.px(14.0))
        .x_label_area_size(look.px(80.0))
        .y_label_area_size(row_w as i32 + look.px(50.0))
        .build_cartesian_2d(0.0..nc as f64, 0.0..nr as f64)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(0)
        .y_labels(0)
        .x_desc(axes.x_label.as_str())
        .y_desc(axes.y_label.as_str())
        .axis_desc_style(look.axis())
        .axis_style(GREY.stroke_width(1))
        .draw()?;
    let (pw, ph) = chart.plotting_area().dim_in_pixel();
    let cell_w = pw / nc as u32;
    let cell_h = ph / nr as u32;
    let show_values = cell_w >= look.pxu(56.0) && cell_h >= look.pxu(26.0);
    for r in 0..nr {
        for c in 0..nc {
            let v = g.values[r * nc + c];
            let (x, y) = (c as f64, r as f64);
            let color = if v.is_finite() {
                scale_color((v - vmin) / (vmax - vmin))
            } else {
                RGBColor(0xF2, 0xF2, 0xF2)
            };
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x, y), (x + 1.0, y + 1.0)],
                color.filled(),
            )))?;
            if show_values && v.is_finite() {
                let t = (v - vmin) / (vmax - vmin);
                let tc = if t > 0.55 { INK } else { WHITE };
                label(
                    &mut chart,
                    (x + 0.5, y + 0.5),
                    (0, 0),
                    &fmt(v),
                    look.note()
                        .color(&tc)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                )?;
            }
        }
    }
    // Category labels.
    let base = main.get_base_pixel();
    let style = look.tick();
    let step_c = (nc as f64 / (pw as f64 / look.px(60.0) as f64).max(1.0))
        .ceil()
        .max(1.0) as usize;
    for (c, name) in g.columns.iter().enumerate().step_by(step_c) {
        let (x, y) = chart.backend_coord(&(c as f64 + 0.5, 0.0));
        let t = fit(&main, name, &style, cell_w.max(1) * step_c as u32);
        main.draw_text(
            &t,
            &style.pos(Pos::new(HPos::Center, VPos::Top)),
            (x - base.0, y - base.1 + look.px(8.0)),
        )?;
    }
    let step_r = (nr as f64 / (ph as f64 / look.px(24.0) as f64).max(1.0))
        .ceil()
        .max(1.0) as usize;
    for (r, name) in g.rows.iter().enumerate().step_by(step_r) {
        let (x, y) = chart.backend_coord(&(0.0, r as f64 + 0.5));
        let t = fit(&main, name, &style, row_w);
        main.draw_text(
            &t,
            &style.pos(Pos::new(HPos::Right, VPos::Center)),
            (x - base.0 - look.px(8.0), y - base.1),
        )?;
    }
    // Colour bar.
    let (_, lh) = legend.dim_in_pixel();
    let lt = look.small().color(&INK);
    let title_lines = wrap(&legend, &g.value_label, &lt, look.pxu(140.0), 3);
    for (k, l) in title_lines.iter().enumerate() {
        legend.draw_text(
            l,
            &lt.pos(Pos::new(HPos::Left, VPos::Top)),
            (look.px(6.0), look.px(14.0) + look.px(18.0) * k as i32),
        )?;
    }
    let top = look.px(24.0) + look.px(18.0) * title_lines.len() as i32;
    let bottom = lh as i32 - look.px(94.0);
    let x0 = look.px(10.0);
    let x1 = x0 + look.px(28.0);
    let steps = 64;
    if bottom > top {
        let hgt = (bottom - top) as f64;
        for k in 0..steps {
            let ya = bottom - (hgt * k as f64 / steps as f64) as i32;
            let yb = bottom - (hgt * (k + 1) as f64 / steps as f64) as i32;
            legend.draw(&Rectangle::new(
                [(x0, yb), (x1, ya)],
                scale_color((k as f64 + 0.5) / steps as f64).filled(),
            ))?;
        }
        legend.draw(&Rectangle::new(
            [(x0, top), (x1, bottom)],
            GREY.stroke_width(1),
        ))?;
        for k in 0..=4 {
            let f = k as f64 / 4.0;
            let y = bottom - (hgt * f) as i32;
            legend.draw(&PathElement::new(
                vec![(x1, y), (x1 + look.px(5.0), y)],
                GREY.stroke_width(1),
            ))?;
            legend.draw_text(
                &fmt(vmin + (vmax - vmin) * f),
                &lt.pos(Pos::new(HPos::Left, VPos::Center)),
                (x1 + look.px(8.0), y),
            )?;
        }
    }
    Ok(())
}

fn draw_box_plots<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    axes: &Axes,
    boxes: &[BoxStats],
) -> Result<(), ChartError> {
    let body = title_block(root, look, &axes.title, &axes.subtitle)?;
    let yr = finite_range(boxes.iter().flat_map(|b| {
        [
            b.p05,
            b.p25,
            b.p50,
            b.p75,
            b.p95,
            b.mean.unwrap_or(f64::NAN),
        ]
    }));
    let Some(yr) = yr else {
        return empty_state(&body, look, "No values to draw.");
    };
    let (a, b) = pad_range(yr);
    let m = (b - a) * 0.08;
    let n = boxes.len();
    let mut chart = ChartBuilder::on(&body)
        .margin(look.px(14.0))
        .margin_right(look.px(30.0))
        .x_label_area_size(look.px(96.0))
        .y_label_area_size(look.px(92.0))
        .build_cartesian_2d(-0.5..(n as f64 - 0.5), (a - m)..(b + m))?;
    mesh(
        &mut chart,
        look,
        &axes.x_label,
        &axes.y_label,
        axes.y_percent,
        false,
        0,
        false,
    )?;
    let half = 0.3;
    for (i, bx) in boxes.iter().enumerate() {
        let x = i as f64;
        let color = series_color(i);
        let st = look.stroke(INK, 2.0);
        let fin = |v: f64| v.is_finite();
        if fin(bx.p05) && fin(bx.p95) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x, bx.p05), (x, bx.p95)],
                st,
            )))?;
            for y in [bx.p05, bx.p95] {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(x - half / 2.0, y), (x + half / 2.0, y)],
                    st,
                )))?;
            }
        }
        if fin(bx.p25) && fin(bx.p75) {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - half, bx.p25), (x + half, bx.p75)],
                color.mix(0.85).filled(),
            )))?;
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x - half, bx.p25), (x + half, bx.p75)],
                st,
            )))?;
        }
        if fin(bx.p50) {
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x - half, bx.p50), (x + half, bx.p50)],
                look.stroke(INK, 3.5),
            )))?;
        }
        if let Some(mean) = bx.mean.filter(|v| v.is_finite()) {
            chart.draw_series(std::iter::once(Circle::new(
                (x, mean),
                look.px(6.0),
                WHITE.filled(),
            )))?;
            chart.draw_series(std::iter::once(Circle::new((x, mean), look.px(6.0), st)))?;
        }
    }
    let (pw, _) = chart.plotting_area().dim_in_pixel();
    let anchors: Vec<_> = (0..boxes.len())
        .map(|i| chart.backend_coord(&(i as f64, a - m)))
        .collect();
    draw_category_labels(
        &body,
        look,
        &anchors,
        boxes.iter().map(|b| b.label.as_str()),
        pw as f64 / n.max(1) as f64,
    )
}

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
