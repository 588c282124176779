//! Category bars and grouped bars with interval whiskers, and their category labels.

use super::*;

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
    let (lines, x_area) = category_lines(
        area,
        look,
        bars.iter().map(|b| b.label.as_str()),
        n,
        look.px(92.0),
    );
    let mut chart = ChartBuilder::on(area)
        .margin(look.px(14.0))
        .margin_right(look.px(30.0))
        .x_label_area_size(x_area)
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
            &super::super::style::pct(b.value),
            look.axis_bold().pos(Pos::new(HPos::Center, VPos::Bottom)),
        )?;
    }
    // Category labels under the axis, wrapped to the bar's slot.
    let anchors: Vec<_> = (0..n)
        .map(|i| chart.backend_coord(&(i as f64, 0.0)))
        .collect();
    draw_category_labels(area, look, &anchors, &lines)
}

/// Category names wrapped to their slots on a chart built on `area` with a y label
/// area of `y_area` pixels (and the margins every category chart uses), never cut;
/// with the height the x label area needs for them and the axis description.
pub(super) fn category_lines<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    labels: impl Iterator<Item = &'a str>,
    n: usize,
    y_area: i32,
) -> (Vec<Vec<String>>, i32) {
    let (w, _) = area.dim_in_pixel();
    let plot_w = (w as i32 - look.px(14.0) - look.px(30.0) - y_area).max(1);
    let slot = plot_w as f64 / n.max(1) as f64;
    // 2% of a slot between neighbouring labels: they never overlap.
    let width = ((slot * 0.98) as u32).max(20);
    let style = look.tick();
    let lines: Vec<Vec<String>> = labels.map(|l| wrap_full(area, l, &style, width)).collect();
    let k = lines.iter().map(Vec::len).max().unwrap_or(1).max(2) as i32;
    (
        lines,
        look.px(10.0) + category_line(look) * k + look.px(46.0),
    )
}

/// Distance between the lines of a wrapped category label: at least the text's line
/// height, so that lines never overlap.
fn category_line(look: Look) -> i32 {
    look.px(21.0).max(line_height(&look.tick()))
}

/// Category names under an axis: each centred below its anchor (a backend pixel on
/// the axis), in the lines [`category_lines`] wrapped them to.
pub(super) fn draw_category_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    look: Look,
    anchors: &[(i32, i32)],
    lines: &[Vec<String>],
) -> Result<(), ChartError> {
    let base = area.get_base_pixel();
    let style = look.tick();
    for (&(x, y), label) in anchors.iter().zip(lines) {
        for (k, l) in label.iter().enumerate() {
            area.draw_text(
                l,
                &style.pos(Pos::new(HPos::Center, VPos::Top)),
                (
                    x - base.0,
                    y - base.1 + look.px(10.0) + category_line(look) * k as i32,
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
    let (lines, x_area) = category_lines(
        &area,
        look,
        g.groups.iter().map(String::as_str),
        ng,
        look.px(92.0),
    );
    let mut chart = ChartBuilder::on(&area)
        .margin(look.px(14.0))
        .margin_right(look.px(30.0))
        .x_label_area_size(if x_label.is_empty() {
            x_area - look.px(36.0)
        } else {
            x_area
        })
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
            let text = super::super::style::pct(v);
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
    draw_category_labels(&area, look, &anchors, &lines)
}
