//! Charts of a comparison ([`CompareResult`] with each entry's [`Summary`]): the
//! entries' Kaplan–Meier treaty survival curves overlaid with their Greenwood bands
//! and the log-rank tests against the first entry, and the headline shares (in force,
//! agreement, conflict) as grouped bars with Wilson whiskers.

use super::generic::{Axes, GroupedBars, StepCurve, draw_grouped_bars, draw_step_curves};
use super::run::{survival_points, survival_x_max};
use super::style::{Look, empty_state, thousands, title_block};
use super::{Chart, ChartError, Format, render};
use crate::engine::summary::Summary;
use crate::report::compare::CompareResult;
use plotters::coord::Shift;
use plotters::prelude::*;

/// File stems of the comparison charts, in the order [`compare_charts`] returns them.
pub const COMPARE_CHARTS: [&str; 2] = ["compare-survival", "compare-outcomes"];

/// Both comparison charts in the given formats and size. `summaries` are the entries'
/// summaries in entry order (their survival curves are drawn).
pub fn compare_charts(
    c: &CompareResult,
    summaries: &[Summary],
    formats: &[Format],
    size: (u32, u32),
) -> Result<Vec<Chart>, ChartError> {
    let mut out = Vec::new();
    for &format in formats {
        out.push(Chart {
            name: COMPARE_CHARTS[0],
            format,
            bytes: compare_survival_chart(c, summaries, format, size)?,
        });
    }
    for &format in formats {
        out.push(Chart {
            name: COMPARE_CHARTS[1],
            format,
            bytes: compare_outcomes_chart(c, format, size)?,
        });
    }
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

/// The headline shares of every entry as grouped bars with Wilson whiskers.
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
                "first treaty still in force at the horizon".into(),
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
        draw_grouped_bars(
            &body,
            look,
            &bars,
            "",
            "share of runs (whiskers: 95% Wilson intervals)",
        )
    })
}
