//! Lines with interval bands over a parameter (sweeps, shares over time).

use super::*;

pub(super) fn draw_line_bands<DB: DrawingBackend>(
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
pub(super) fn has_data(series: &[BandSeries]) -> bool {
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

/// Polygons of a band over contiguous finite `(x0, x1, lo, hi)` segments; steps if
/// `x0 < x1` per segment, else a smooth band through the points.
pub(super) fn band_polygons(segs: &[(f64, f64, f64, f64)]) -> Vec<Vec<(f64, f64)>> {
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
