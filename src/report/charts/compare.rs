//! Charts of a comparison ([`CompareResult`] with each entry's [`Summary`]): the
//! entries' Kaplan–Meier treaty survival curves overlaid with their Greenwood bands
//! and the log-rank tests against the first entry, the headline measures (the first
//! treaty's Kaplan–Meier survival with Greenwood whiskers, as `run` reports it; the
//! shares in force, agreement and conflict with Wilson whiskers) as grouped bars, and
//! each entry's paired differences from the first with their 95% intervals.

use super::generic::{
    Axes, Chart2d, GroupedBars, StepCurve, draw_grouped_bars, draw_step_curves, value_axis_mesh,
};
use super::run::{survival_points, survival_x_max};
use super::style::{
    INK, Look, empty_state, line_height, series_color, text_width, thousands, title_block,
    wrap_full,
};
use super::{Chart, ChartError, Format, push_formats, render};
use crate::engine::summary::Summary;
use crate::report::compare::{CompareResult, Paired};
use crate::stats::PairedDiff;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// File stems of the comparison charts, in the order [`compare_charts`] returns them.
pub const COMPARE_CHARTS: [&str; 3] = [
    "compare-survival",
    "compare-outcomes",
    "compare-differences",
];

/// Both comparison charts in the given formats and size. `summaries` are the entries'
/// summaries in entry order (their survival curves are drawn).
pub fn compare_charts(
    c: &CompareResult,
    summaries: &[Summary],
    formats: &[Format],
    size: (u32, u32),
) -> Result<Vec<Chart>, ChartError> {
    let mut out = Vec::new();
    push_formats(&mut out, COMPARE_CHARTS[0], formats, |format| {
        compare_survival_chart(c, summaries, format, size)
    })?;
    push_formats(&mut out, COMPARE_CHARTS[1], formats, |format| {
        compare_outcomes_chart(c, format, size)
    })?;
    push_formats(&mut out, COMPARE_CHARTS[2], formats, |format| {
        compare_differences_chart(c, format, size)
    })?;
    Ok(out)
}

fn rounds(c: &CompareResult) -> &str {
    if c.rounds.is_empty() {
        "rounds"
    } else {
        &c.rounds
    }
}

fn subtitle(c: &CompareResult) -> String {
    format!(
        "({} runs each, seed {}, the same random numbers for every entry)",
        thousands(c.runs),
        c.seed
    )
}

/// "{what}: a vs b vs c".
fn title(c: &CompareResult, what: &str) -> String {
    let names: Vec<&str> = c.entries.iter().map(|e| e.name.as_str()).collect();
    if names.is_empty() {
        what.to_string()
    } else {
        format!("{what}: {}", names.join(" vs "))
    }
}

fn p_text(p: f64) -> String {
    if p < 1e-4 {
        "p < 0.0001".into()
    } else {
        format!("p = {p:.4}")
    }
}

/// Overlaid treaty survival curves, one per entry, with Greenwood bands, medians and
/// the log-rank test of each entry against the first.
pub fn compare_survival_chart(
    c: &CompareResult,
    summaries: &[Summary],
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_survival(
        &root, look, c, summaries
    ))
}

fn draw_survival<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    c: &CompareResult,
    summaries: &[Summary],
) -> Result<(), ChartError> {
    let body = title_block(root, look, &title(c, "Treaty survival"), &subtitle(c))?;
    let treaties: u64 = summaries.iter().map(|s| s.survival.treaties).sum();
    if summaries.is_empty() || treaties == 0 {
        return empty_state(
            &body,
            look,
            "No entry reached a treaty, so there are no survival curves to draw.",
        );
    }
    let curves: Vec<StepCurve> = summaries
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let name = c
                .entries
                .get(k)
                .map(|e| e.name.clone())
                .unwrap_or_else(|| s.scenario.name.clone());
            let name = if s.survival.treaties == 0 {
                format!("{name} (no treaty agreed)")
            } else {
                name
            };
            StepCurve {
                name,
                points: if s.survival.treaties == 0 {
                    Vec::new()
                } else {
                    survival_points(s)
                },
                median: s.survival.median.map(f64::from),
            }
        })
        .collect();
    let x_max = summaries.iter().map(survival_x_max).fold(1.0, f64::max);
    let base = c.entries.first().map(|e| e.name.as_str()).unwrap_or("");
    let tests: Vec<String> = c
        .entries
        .iter()
        .skip(1)
        .filter_map(|e| {
            e.log_rank
                .as_ref()
                .map(|l| format!("{} χ² = {:.1}, {}", e.name, l.chi2, p_text(l.p_value)))
        })
        .collect();
    let note = if tests.is_empty() {
        "bands: 95% Greenwood intervals".to_string()
    } else {
        format!(
            "Log-rank test against {base}: {}. Bands: 95% Greenwood intervals.",
            tests.join("; ")
        )
    };
    let axes = Axes {
        x_label: format!("{} in force", rounds(c)),
        y_label: "share of treaties still in force".into(),
        x_unit: rounds(c).to_string(),
        y_percent: true,
        ..Axes::default()
    };
    draw_step_curves(&body, look, &axes, &curves, x_max, &note)
}

/// The headline measures of every entry as grouped bars with their 95% whiskers
/// (Greenwood for the first treaty's survival, Wilson for the shares of runs).
pub fn compare_outcomes_chart(
    c: &CompareResult,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| {
        let body = title_block(&root, look, &title(c, "Outcomes"), &subtitle(c))?;
        let bars = GroupedBars {
            groups: vec![
                "first treaty still in force at the horizon (Kaplan–Meier)".into(),
                "a treaty in force at the horizon (first or renegotiated)".into(),
                "reached an agreement".into(),
                "conflict by the horizon".into(),
            ],
            series: c.entries.iter().map(|e| e.name.clone()).collect(),
            values: c
                .entries
                .iter()
                .map(|e| {
                    let h = &e.headline;
                    [
                        &h.first_treaty_survives,
                        &h.in_force,
                        &h.agreement,
                        &h.conflict,
                    ]
                    .iter()
                    .map(|s| (s.share, s.lo, s.hi))
                    .collect()
                })
                .collect(),
        };
        // The y label stays short enough to fit the axis; which interval each
        // whisker is goes under the groups.
        draw_grouped_bars(
            &body,
            look,
            &bars,
            "whiskers: 95% intervals (Greenwood for the first treaty, Wilson for shares of runs)",
            "share",
        )
    })
}

/// Reads one measure's difference out of [`Paired`].
type Measure = fn(&Paired) -> PairedDiff;

/// The headline measures of [`Paired`], in the order of the table, with their labels.
const DIFFERENCES: [(&str, Measure); 5] = [
    ("first treaty still in force", |p| p.first_treaty_survives),
    ("share of time under any treaty", |p| p.time_under_treaty),
    ("any treaty at the horizon", |p| p.in_force),
    ("reached an agreement", |p| p.agreement),
    ("conflict by the horizon", |p| p.conflict),
];

/// Each entry's paired differences from the first, one row per measure and entry: a
/// dot at the difference (percentage points) with its 95% interval as a whisker, and
/// a line at zero. Entries keep their colours from the other comparison charts.
pub fn compare_differences_chart(
    c: &CompareResult,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_differences(&root, look, c))
}

/// One row of the differences chart: its label, the difference and the entry's colour.
type DiffRow = (String, PairedDiff, RGBColor);

fn draw_differences<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    c: &CompareResult,
) -> Result<(), ChartError> {
    let base = c.entries.first().map(|e| e.name.as_str()).unwrap_or("");
    let body = title_block(
        root,
        look,
        &title(c, "Differences from the first entry"),
        &subtitle(c),
    )?;
    let rows = difference_rows(c);
    if rows.is_empty() {
        return empty_state(
            &body,
            look,
            "No paired differences to draw: compare needs at least two entries run together.",
        );
    }
    let (x0, x1) = difference_range(&rows);
    let n = rows.len();
    let (w, _) = body.dim_in_pixel();
    let style = look.tick();
    // A label wider than a third of the chart wraps onto more lines (never cut).
    let max_label = w / 3;
    let labels: Vec<Vec<String>> = rows
        .iter()
        .map(|r| wrap_full(&body, &r.0, &style, max_label))
        .collect();
    let label_w = labels
        .iter()
        .flatten()
        .map(|l| text_width(&body, l, &style))
        .max()
        .unwrap_or(0);
    let note = format!(
        "Entry minus {base}, run by run (same random numbers): dots are the differences, \
         whiskers their 95% intervals."
    );
    let nw = body.dim_in_pixel().0;
    let note_lines = wrap_full(
        &body,
        &note,
        &look.small(),
        nw.saturating_sub(look.pxu(28.0)),
    );
    let note_h = look.px(40.0) + line_height(&look.small()) * (note_lines.len() as i32 - 1).max(0);
    let (plot, foot) = body.split_vertically(body.dim_in_pixel().1 as i32 - note_h);
    let mut chart = ChartBuilder::on(&plot)
        .margin(look.px(14.0))
        .margin_right(look.px(30.0))
        .x_label_area_size(look.px(70.0))
        .y_label_area_size(label_w as i32 + look.px(24.0))
        .build_cartesian_2d(x0..x1, -0.5..(n as f64 - 0.5))?;
    difference_mesh(&mut chart, look, (x0, x1))?;
    difference_marks(&mut chart, look, &rows)?;
    // Row labels, right-aligned left of the plotting area.
    let base_px = plot.get_base_pixel();
    let lh = look.px(24.0).max(line_height(&style));
    for (k, lines) in labels.iter().enumerate() {
        let (px, py) = chart.backend_coord(&(x0, row_y(n, k)));
        // The lines of a label centred on its row.
        let y0 = py - base_px.1 - lh * (lines.len() as i32 - 1) / 2;
        for (j, l) in lines.iter().enumerate() {
            plot.draw_text(
                l,
                &style.pos(Pos::new(HPos::Right, VPos::Center)),
                (px - base_px.0 - look.px(10.0), y0 + lh * j as i32),
            )?;
        }
    }
    for (j, l) in note_lines.iter().enumerate() {
        foot.draw_text(
            l,
            &look.small().pos(Pos::new(HPos::Left, VPos::Top)),
            (
                look.px(14.0),
                look.px(8.0) + line_height(&look.small()) * j as i32,
            ),
        )?;
    }
    Ok(())
}

/// The rows top to bottom: every measure of [`DIFFERENCES`], for every entry after the
/// first that has paired differences (the entry's name added when there are several).
fn difference_rows(c: &CompareResult) -> Vec<DiffRow> {
    let several = c.entries.len() > 2;
    let mut rows: Vec<DiffRow> = Vec::new();
    for (label, get) in DIFFERENCES {
        for (k, e) in c.entries.iter().enumerate().skip(1) {
            if let Some(p) = &e.paired {
                let name = if several {
                    format!("{label}: {}", e.name)
                } else {
                    label.to_string()
                };
                rows.push((name, get(p), series_color(k)));
            }
        }
    }
    rows
}

/// The x range: every finite difference and bound, and zero, with 8% padding.
fn difference_range(rows: &[DiffRow]) -> (f64, f64) {
    let lo = rows
        .iter()
        .flat_map(|r| [r.1.lo, r.1.diff])
        .filter(|v| v.is_finite())
        .fold(0.0, f64::min);
    let hi = rows
        .iter()
        .flat_map(|r| [r.1.hi, r.1.diff])
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let pad = ((hi - lo) * 0.08).max(0.005);
    (lo - pad, hi + pad)
}

/// Row `k` (top first) of `n` sits at y = n − 1 − k.
fn row_y(n: usize, k: usize) -> f64 {
    (n - 1 - k) as f64
}

/// The x axis in signed percentage points, with the decimals the span needs.
fn difference_mesh<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    look: Look,
    (x0, x1): (f64, f64),
) -> Result<(), ChartError> {
    let span = (x1 - x0) * 100.0;
    let xfmt = move |v: &f64| {
        let p = v * 100.0;
        if span >= 8.0 {
            format!("{p:+.0}")
        } else if span >= 0.8 {
            format!("{p:+.1}")
        } else {
            format!("{p:+.2}")
        }
    };
    // 11: plotters' default number of x labels, which this chart always had.
    value_axis_mesh(chart, look, "difference (percentage points)", 11, &xfmt)
}

/// The line at zero, then each row's whisker (its 95% interval) and dot.
fn difference_marks<DB: DrawingBackend>(
    chart: &mut Chart2d<'_, DB>,
    look: Look,
    rows: &[DiffRow],
) -> Result<(), ChartError> {
    let n = rows.len();
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, -0.5), (0.0, n as f64 - 0.5)],
        look.stroke(INK, 1.5),
    )))?;
    let cap = 0.15;
    let finite = |v: f64| v.is_finite();
    for (k, (_, d, color)) in rows.iter().enumerate() {
        let y = row_y(n, k);
        if finite(d.lo) && finite(d.hi) && d.hi > d.lo {
            let st = look.stroke(*color, 2.5);
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(d.lo, y), (d.hi, y)],
                st,
            )))?;
            for x in [d.lo, d.hi] {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![(x, y - cap), (x, y + cap)],
                    st,
                )))?;
            }
        }
        if finite(d.diff) {
            chart.draw_series(std::iter::once(Circle::new(
                (d.diff, y),
                look.pxu(6.0),
                color.filled(),
            )))?;
        }
    }
    Ok(())
}
