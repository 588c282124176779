//! The tornado chart of `detente sensitivity`: one row per parameter, largest swing
//! at the top, a bar for the change of the metric with the parameter moved down and
//! one with it moved up, each with its 95% whisker; parameters with no effect are
//! marked in words. Row labels are the full key paths (split at dots only when one
//! is wider than half the canvas), never cut.

use super::generic::{Chart2d, label, legend_strip_as, value_axis_mesh};
use super::style::{
    GREY, INK, Look, empty_state, num, series_color, text_width, thousands, title_block,
};
use super::{ChartError, Format, render};
use crate::report::search::{SensitivityResult, short};
use crate::search::{Effect, Estimate};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Most rows a tornado shows (the largest swings; the table lists them all).
pub const TORNADO_ROWS: usize = 15;

/// The tornado chart of a sensitivity analysis.
pub fn tornado_chart(
    r: &SensitivityResult,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_tornado(&root, look, r))
}

/// `key` in lines no wider than `max_w`, broken after dots.
fn split_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    key: &str,
    style: &TextStyle,
    max_w: u32,
) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for (k, part) in key.split('.').enumerate() {
        let piece = if k == 0 {
            part.to_string()
        } else {
            format!(".{part}")
        };
        let cur = lines.last_mut().expect("one line");
        if cur.is_empty() || text_width(area, &format!("{cur}{piece}"), style) <= max_w {
            cur.push_str(&piece);
        } else {
            lines.push(piece);
        }
    }
    lines
}

fn draw_tornado<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    r: &SensitivityResult,
) -> Result<(), ChartError> {
    let name = r.metric.name();
    let by = short(100.0 * r.by);
    let played: Vec<&Effect> = r
        .effects
        .iter()
        .filter(|e| e.d_low.is_some() || e.d_high.is_some())
        .collect();
    let (w, _) = root.dim_in_pixel();
    let style = look.tick();
    let line_h = root
        .estimate_text_size("Ag", &style)
        .map(|s| s.1)
        .unwrap_or(20)
        .max(1) as f64;
    let max_label = w / 2;
    let k = rows_that_fit(root, look, &played, line_h, max_label);
    let shown = if k < played.len() {
        format!("the {k} largest of {} parameters; ", played.len())
    } else {
        String::new()
    };
    let title = format!("{} — sensitivity of {name}", r.provenance.scenario);
    let sub = format!(
        "each parameter −{by}% and +{by}%; {shown}{} runs per variant, seed {}",
        thousands(r.provenance.runs),
        r.provenance.seed
    );
    let body = title_block(root, look, &title, &sub)?;
    if k == 0 {
        return empty_state(
            &body,
            look,
            "No parameter was varied: the scenario has no numbers other than 0 to move.",
        );
    }
    let rows = &played[..k];
    let area = legend_strip_as(
        &body,
        look,
        &[format!("parameter −{by}%"), format!("parameter +{by}%")],
        true,
    )?;
    let scale = if r.metric.is_share() { 100.0 } else { 1.0 };
    let m = swing_range(rows, scale);
    let label_w = rows
        .iter()
        .flat_map(|e| split_key(root, &e.key, &style, max_label))
        .map(|l| text_width(root, &l, &style))
        .max()
        .unwrap_or(0)
        + look.pxu(24.0);
    let x_label = if r.metric.is_share() {
        format!("change of {name} (percentage points; whiskers: 95% intervals)")
    } else {
        format!("change of {name} (whiskers: 95% intervals)")
    };
    let n = k as f64;
    let mut chart = ChartBuilder::on(&area)
        .margin(look.px(14.0))
        .margin_right(look.px(30.0))
        .x_label_area_size(look.px(80.0))
        .y_label_area_size(label_w)
        .build_cartesian_2d(-m..m, -0.5..(n - 0.5))?;
    tornado_mesh(&mut chart, look, x_label)?;
    let base = area.get_base_pixel();
    for (i, e) in rows.iter().enumerate() {
        let y = n - 1.0 - i as f64;
        tornado_bars(&mut chart, look, e, e.none(&r.baseline), (y, m, scale))?;
        // The full key at the left of its row.
        let (px, py) = chart.backend_coord(&(-m, y));
        let lines = split_key(root, &e.key, &style, max_label);
        let lh = line_h as i32;
        let top = py - lh * (lines.len() as i32 - 1) / 2;
        for (j, l) in lines.iter().enumerate() {
            area.draw_text(
                l,
                &style.pos(Pos::new(HPos::Right, VPos::Center)),
                (px - base.0 - look.px(12.0), top + lh * j as i32 - base.1),
            )?;
        }
    }
    // The baseline: no change.
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, -0.5), (0.0, n - 0.5)],
        look.stroke(INK, 1.5),
    )))?;
    Ok(())
}

/// How many rows the chart shows: the played parameters, at most [`TORNADO_ROWS`],
/// and no more than fit with each row at least 1.4 label heights (of the tallest
/// label) apart.
fn rows_that_fit<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    played: &[&Effect],
    line_h: f64,
    max_label: u32,
) -> usize {
    let (_, h) = root.dim_in_pixel();
    let style = look.tick();
    let most_lines = played
        .iter()
        .map(|e| split_key(root, &e.key, &style, max_label).len())
        .max()
        .unwrap_or(1) as f64;
    let plot_h = h as f64 - look.px(250.0) as f64;
    let fit = ((plot_h / (1.4 * most_lines * line_h)).floor() as usize).max(1);
    played.len().min(TORNADO_ROWS).min(fit)
}

/// An effect in the metric's display unit (percentage points for a share).
fn scaled(e: &Option<Estimate>, scale: f64) -> Option<Estimate> {
    e.map(|d| Estimate {
        value: d.value * scale,
        lo: d.lo * scale,
        hi: d.hi * scale,
    })
}

/// The half-width of the symmetric x axis: the largest change or bound shown, plus
/// 10% (1 when nothing moved).
fn swing_range(rows: &[&Effect], scale: f64) -> f64 {
    let m = rows
        .iter()
        .flat_map(|e| [scaled(&e.d_low, scale), scaled(&e.d_high, scale)])
        .flatten()
        .flat_map(|d| [d.value, d.lo, d.hi])
        .filter(|v| v.is_finite())
        .fold(0.0, |a: f64, v| a.max(v.abs()));
    if m > 0.0 { m * 1.1 } else { 1.0 }
}

fn tornado_mesh<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    look: Look,
    x_label: String,
) -> Result<(), ChartError> {
    value_axis_mesh(chart, look, &x_label, 7, &|v: &f64| {
        let s = num(*v);
        if *v > 0.0 { format!("+{s}") } else { s }
    })
}

/// One parameter's row at `y`: the bar of the change down (above the row's centre) and
/// up (below), each with its whisker unless the parameter has no effect, which is then
/// said in words.
fn tornado_bars<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    look: Look,
    e: &Effect,
    none: bool,
    (y, m, scale): (f64, f64, f64),
) -> Result<(), ChartError> {
    let cap = look.px(6.0);
    for (side, d, (a, b)) in [
        (0, scaled(&e.d_low, scale), (y + 0.04, y + 0.38)),
        (1, scaled(&e.d_high, scale), (y - 0.38, y - 0.04)),
    ] {
        let Some(d) = d else { continue };
        let color = series_color(side);
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.0, a), (d.value.clamp(-m, m), b)],
            color.filled(),
        )))?;
        let yc = (a + b) / 2.0;
        let (lo, hi) = (d.lo.clamp(-m, m), d.hi.clamp(-m, m));
        if hi > lo && !none {
            let st = look.stroke(INK, 1.5);
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(lo, yc), (hi, yc)],
                st,
            )))?;
            for x in [lo, hi] {
                chart.draw_series(std::iter::once(
                    EmptyElement::at((x, yc)) + PathElement::new(vec![(0, -cap), (0, cap)], st),
                ))?;
            }
        }
    }
    if none {
        label(
            chart,
            (0.0, y),
            (look.px(10.0), 0),
            "no effect",
            look.note()
                .color(&GREY)
                .pos(Pos::new(HPos::Left, VPos::Center)),
        )?;
    }
    Ok(())
}
