//! Charts of a sweep ([`SweepResult`]): over one parameter, a 2×2 panel of the four
//! headline metrics (led, as the run summary and `compare` are, by the first treaty's
//! survival and the share of time under any treaty) against the parameter, each with its 95% interval band; over two
//! parameters, one heatmap per metric. Titles carry the scenario, the runs per point
//! and the seed, and say that every point used the same random numbers.

use super::generic::{Axes, BandPoint, BandSeries, Grid, draw_line_bands_on, heatmap_chart};
use super::style::{Look, empty_state, line_height, thousands, title_block, wrap_full};
use super::{Chart, ChartError, Format, push_formats, render};
use crate::engine::summary::Share;
use crate::report::compare::{Headline, SweepResult};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// File stems of the sweep charts: one parameter gives `sweep`; two give one heatmap
/// per metric.
pub const SWEEP_LINE_CHARTS: [&str; 1] = ["sweep"];
/// File stems of the heatmaps of a two-parameter sweep.
pub const SWEEP_GRID_CHARTS: [&str; 4] = [
    "sweep-first-treaty",
    "sweep-time",
    "sweep-conflict",
    "sweep-median",
];

/// One headline metric: what it is called and how to read it off a point.
struct Metric {
    stem: &'static str,
    title: &'static str,
    percent: bool,
}

const METRICS: [Metric; 4] = [
    Metric {
        stem: "sweep-first-treaty",
        title: "first treaty still in force at the horizon",
        percent: true,
    },
    Metric {
        stem: "sweep-time",
        title: "share of time under any treaty",
        percent: true,
    },
    Metric {
        stem: "sweep-conflict",
        title: "conflict by the horizon",
        percent: true,
    },
    Metric {
        stem: "sweep-median",
        title: "median treaty duration",
        percent: false,
    },
];

/// Value and interval of metric `k` at a point; NaN where there is none (a median
/// not reached, or an interval edge the band never crosses).
fn value(h: &Headline, k: usize) -> (f64, f64, f64) {
    let sh = |s: &Share| (s.share, s.lo, s.hi);
    let f = |v: Option<u32>| v.map(f64::from).unwrap_or(f64::NAN);
    match k {
        0 => sh(&h.first_treaty_survives),
        1 => match &h.time_under_treaty {
            Some(m) => (m.mean, m.lo, m.hi),
            None => (f64::NAN, f64::NAN, f64::NAN),
        },
        2 => sh(&h.conflict),
        _ => match h.median_duration {
            Some(m) => (f64::from(m), f(h.median_lo), f(h.median_hi)),
            None => (f64::NAN, f64::NAN, f64::NAN),
        },
    }
}

fn rounds(r: &SweepResult) -> &str {
    if r.rounds.is_empty() {
        "rounds"
    } else {
        &r.rounds
    }
}

/// "(2,000 runs per point, seed 7, same random numbers at every point)".
fn subtitle(r: &SweepResult) -> String {
    let set = if r.overrides.is_empty() {
        String::new()
    } else {
        format!("; --set {}", r.overrides.join(" "))
    };
    format!(
        "({} runs per point, seed {}, same random numbers at every point{set})",
        thousands(r.runs),
        r.seed
    )
}

/// The charts of a sweep in the given formats and size: `sweep` (one parameter) or
/// the four `sweep-*` heatmaps (two parameters). A sweep with no points or more than
/// two parameters draws `sweep` with an empty state.
pub fn sweep_charts(
    r: &SweepResult,
    formats: &[Format],
    size: (u32, u32),
) -> Result<Vec<Chart>, ChartError> {
    let mut out = Vec::new();
    if r.parameters.len() == 2 {
        for (k, m) in METRICS.iter().enumerate() {
            push_formats(&mut out, m.stem, formats, |format| {
                sweep_heatmap(r, k, format, size)
            })?;
        }
    } else {
        push_formats(&mut out, "sweep", formats, |format| {
            sweep_lines_chart(r, format, size)
        })?;
    }
    Ok(out)
}

/// One-parameter sweep: four panels (first treaty survives, share of time under any
/// treaty, conflict, median duration) against the parameter, each with its 95% band
/// (Greenwood for the first treaty's Kaplan–Meier survival, Wilson for conflict, normal
/// for the mean share of time; for the median, the rounds where the Greenwood band
/// crosses ½). A median not reached is a gap.
pub fn sweep_lines_chart(
    r: &SweepResult,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_sweep_lines(&root, look, r))
}

fn draw_sweep_lines<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    r: &SweepResult,
) -> Result<(), ChartError> {
    let param = r.parameters.first().cloned().unwrap_or_default();
    let title = format!("{} — sweep of {param}", r.scenario);
    let body = title_block(root, look, &title, &subtitle(r))?;
    if r.parameters.len() != 1 || r.points.is_empty() {
        return empty_state(
            &body,
            look,
            "This chart needs a sweep over exactly one parameter with at least one point.",
        );
    }
    let (w, h) = body.dim_in_pixel();
    let foot = look.px(26.0);
    let (grid, footer) = body.split_vertically(h as i32 - foot);
    footer.draw_text(
        "Bands: 95% intervals (Greenwood for survival and the median, Wilson for conflict, normal for time).",
        &look.small().pos(Pos::new(HPos::Center, VPos::Center)),
        (w as i32 / 2, foot / 2),
    )?;
    let areas = grid.split_evenly((2, 2));
    for (k, (area, m)) in areas.iter().zip(METRICS.iter()).enumerate() {
        let series = [BandSeries {
            name: m.title.into(),
            points: r
                .points
                .iter()
                .map(|p| {
                    let (y, lo, hi) = value(&p.headline, k);
                    BandPoint {
                        x: p.values.first().copied().unwrap_or(f64::NAN),
                        y,
                        lo,
                        hi,
                    }
                })
                .collect(),
        }];
        let missing = series[0].points.iter().filter(|p| p.y.is_nan()).count();
        let mut heading = m.title.to_string();
        if k == 3 {
            heading = format!("{heading} ({})", rounds(r));
        }
        let note = if k == 3 && missing > 0 {
            format!(
                "gaps: median not reached (over half the treaties last past {} {})",
                r.horizon,
                rounds(r)
            )
        } else {
            String::new()
        };
        let area = area.margin(look.px(4.0), 0, look.px(6.0), look.px(6.0));
        let (aw, _) = area.dim_in_pixel();
        let ts = look.panel_title();
        // The whole heading, wrapped when wider than the panel, never cut.
        let heading = wrap_full(&area, &heading, &ts, aw.saturating_sub(look.pxu(20.0)));
        for (j, l) in heading.iter().enumerate() {
            area.draw_text(
                l,
                &ts.pos(Pos::new(HPos::Center, VPos::Top)),
                ((aw / 2) as i32, look.px(4.0) + look.px(26.0) * j as i32),
            )?;
        }
        let mut y = look.px(30.0) + look.px(26.0) * (heading.len() as i32 - 1).max(0);
        let ns = look.small();
        for l in wrap_full(&area, &note, &ns, aw.saturating_sub(look.pxu(30.0))) {
            area.draw_text(
                &l,
                &ns.pos(Pos::new(HPos::Center, VPos::Top)),
                ((aw / 2) as i32, y),
            )?;
            y += look.px(19.0).max(line_height(&ns));
        }
        let panel = area.split_vertically(y).1;
        let axes = Axes {
            x_label: param.clone(),
            y_label: if m.stem == "sweep-time" {
                format!("share of {}", rounds(r))
            } else if m.stem == "sweep-first-treaty" {
                "share of first treaties".into()
            } else if m.percent {
                "share of runs".into()
            } else {
                rounds(r).to_string()
            },
            y_percent: m.percent,
            ..Axes::default()
        };
        let empty = if k == 3 {
            format!(
                "The median was not reached at any point: over half the treaties last past {} {}.",
                r.horizon,
                rounds(r)
            )
        } else {
            "No data to draw.".to_string()
        };
        draw_line_bands_on(&panel, look, &axes, &series, None, &empty)?;
    }
    Ok(())
}

/// Two-parameter sweep: metric `k` (0 first treaty survives, 1 agreement, 2 conflict, 3 median
/// duration) as a heatmap, the first parameter across, the second up.
pub fn sweep_heatmap(
    r: &SweepResult,
    k: usize,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let m = &METRICS[k.min(METRICS.len() - 1)];
    let mut xs: Vec<f64> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    for p in &r.points {
        if let (Some(&x), Some(&y)) = (p.values.first(), p.values.get(1)) {
            if !xs.iter().any(|v| v.to_bits() == x.to_bits()) {
                xs.push(x);
            }
            if !ys.iter().any(|v| v.to_bits() == y.to_bits()) {
                ys.push(y);
            }
        }
    }
    xs.sort_by(f64::total_cmp);
    ys.sort_by(f64::total_cmp);
    let mut values = vec![f64::NAN; xs.len() * ys.len()];
    for p in &r.points {
        if let (Some(&x), Some(&y)) = (p.values.first(), p.values.get(1)) {
            let c = xs.iter().position(|v| v.to_bits() == x.to_bits());
            let row = ys.iter().position(|v| v.to_bits() == y.to_bits());
            if let (Some(c), Some(row)) = (c, row) {
                values[row * xs.len() + c] = value(&p.headline, k).0;
            }
        }
    }
    let p = |i: usize| r.parameters.get(i).cloned().unwrap_or_default();
    let value_label = if m.stem == "sweep-time" {
        m.title.to_string()
    } else if m.stem == "sweep-first-treaty" {
        format!("Kaplan–Meier: {}", m.title)
    } else if m.percent {
        format!("share of runs: {}", m.title)
    } else {
        format!("{} ({}); grey: not reached", m.title, rounds(r))
    };
    let axes = Axes {
        title: format!("{} — {}", r.scenario, m.title),
        subtitle: format!("sweep of {} × {} {}", p(0), p(1), subtitle(r)),
        x_label: p(0),
        y_label: p(1),
        x_unit: String::new(),
        y_percent: m.percent,
    };
    let grid = Grid {
        columns: xs.iter().map(|v| v.to_string()).collect(),
        rows: ys.iter().map(|v| v.to_string()).collect(),
        values,
        value_label,
        range: None,
        percent: m.percent,
    };
    heatmap_chart(&axes, &grid, format, size)
}
