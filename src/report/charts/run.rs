//! The seven charts of one run summary: outcome shares, treaty survival, time to the
//! first agreement, each party's payoff distribution, the agreed terms per issue and
//! the cumulative share of runs in conflict over time, and why failed talks failed.
//! Each takes the whole [`Summary`], a format and a size, and returns the bytes.

use super::generic::{
    Axes, BandPoint, BandSeries, Bar, Hist, Marker, StepCurve, StepPoint, draw_bars, draw_hist,
    draw_line_bands_on, draw_step_curves,
};
use super::style::{
    BLUE, GREEN, INK, Look, ORANGE, SKY, VERMILLION, dash, empty_state, grid_for, line_height,
    mean_ci, num, pct, series_color, thousands, title_block, wrap_full,
};
use super::{ChartError, Format, render};
use crate::engine::summary::Key;
use crate::engine::summary::{Bins, Summary};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Title and subtitle of a run chart: "{scenario} — {what}" and "(10,000 runs, seed 2021)".
fn titles(s: &Summary, what: &str) -> (String, String) {
    let title = format!("{} — {what}", s.scenario.name);
    let runs = thousands(s.runs);
    let sub = if s.provenance.partial {
        format!(
            "({runs} of {} runs — interrupted, partial; seed {})",
            thousands(s.provenance.runs),
            s.provenance.seed
        )
    } else {
        format!("({runs} runs, seed {})", s.provenance.seed)
    };
    (title, sub)
}

fn rounds(s: &Summary) -> &str {
    if s.scenario.rounds.is_empty() {
        "rounds"
    } else {
        &s.scenario.rounds
    }
}

fn round(s: &Summary) -> &str {
    if s.scenario.round.is_empty() {
        "round"
    } else {
        &s.scenario.round
    }
}

fn actor_name(s: &Summary, id: &str, i: usize) -> String {
    s.scenario
        .actors
        .iter()
        .find(|a| a.id == id)
        .or_else(|| s.scenario.actors.get(i).filter(|_| id.is_empty()))
        .map(|a| a.name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn outcome_color(key: &Key) -> RGBColor {
    match key {
        Key::InForce => GREEN,
        Key::Withdrawn(_) => ORANGE,
        Key::Conflict(_) => VERMILLION,
        Key::NoAgreement => SKY,
        _ => BLUE,
    }
}

/// Outcome shares at the horizon: one bar per outcome with its Wilson interval.
pub fn outcomes_chart(
    s: &Summary,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_outcomes(&root, look, s))
}

fn draw_outcomes<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    s: &Summary,
) -> Result<(), ChartError> {
    let (t, sub) = titles(s, "outcomes");
    let body = title_block(root, look, &t, &sub)?;
    if s.runs == 0 || s.outcomes.is_empty() {
        return empty_state(
            &body,
            look,
            "No runs were summarised, so there are no outcomes to show.",
        );
    }
    let bars: Vec<Bar> = s
        .outcomes
        .iter()
        .map(|o| Bar {
            label: o.label.clone(),
            value: o.share,
            lo: o.lo,
            hi: o.hi,
            color: outcome_color(&o.key),
        })
        .collect();
    let x_label = format!(
        "state after {} {} (whiskers: 95% Wilson intervals)",
        s.scenario.horizon,
        if s.scenario.horizon == 1 {
            round(s)
        } else {
            rounds(s)
        }
    );
    draw_bars(&body, look, &bars, &x_label, "share of runs")
}

/// Why the first failed talks of each run failed (crisis bargaining): one bar per
/// cause — no bargaining range, risk–return gamble lost, commitment problem,
/// ratification refused, deadline passed — as shares of all runs, with Wilson
/// intervals. Other protocols do not record causes: an empty panel says so.
pub fn failures_chart(
    s: &Summary,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_failures(&root, look, s))
}

fn draw_failures<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    s: &Summary,
) -> Result<(), ChartError> {
    let (t, sub) = titles(s, "why talks failed");
    let body = title_block(root, look, &t, &sub)?;
    let causes = &s.conflict.talks_failed;
    if causes.is_empty() {
        return empty_state(
            &body,
            look,
            "These talks do not record why they fail: only crisis bargaining \
             (`[talks] protocol = \"crisis\"`) tells failures apart by cause.",
        );
    }
    let failed: u64 = causes.iter().map(|x| x.count).sum();
    if failed == 0 {
        return empty_state(&body, look, "No talks failed in any run.");
    }
    let bars: Vec<Bar> = causes
        .iter()
        .enumerate()
        .map(|(i, x)| Bar {
            label: x.label.clone(),
            value: x.share,
            lo: x.lo,
            hi: x.hi,
            color: series_color(i),
        })
        .collect();
    let x_label = format!(
        "cause of the first failed talks ({} of {} runs; whiskers: 95% Wilson intervals)",
        thousands(failed),
        thousands(s.runs)
    );
    draw_bars(&body, look, &bars, &x_label, "share of all runs")
}

/// Kaplan–Meier survival of the first treaty with its Greenwood band, censoring marks
/// and the median.
pub fn survival_chart(
    s: &Summary,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_survival(&root, look, s))
}

fn draw_survival<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    s: &Summary,
) -> Result<(), ChartError> {
    let (t, sub) = titles(s, "treaty survival");
    let body = title_block(root, look, &t, &sub)?;
    let sv = &s.survival;
    if sv.treaties == 0 || sv.curve.is_empty() {
        return empty_state(
            &body,
            look,
            &format!(
                "No treaty was agreed in any run within {} {}, so there is no survival curve to draw.",
                s.scenario.horizon,
                rounds(s)
            ),
        );
    }
    let points = survival_points(s);
    let x_max = survival_x_max(s);
    let median_note = match sv.median {
        Some(_) => String::new(),
        None => "; median not reached (more than half still in force)".into(),
    };
    let note = format!(
        "{} treaties: {} withdrawn, {} ended in conflict, {} still in force at the end{}",
        thousands(sv.treaties),
        thousands(sv.withdrawals),
        thousands(sv.conflicts),
        thousands(sv.censored),
        median_note
    );
    let axes = Axes {
        x_label: format!("{} in force", rounds(s)),
        y_label: "share of treaties still in force".into(),
        x_unit: rounds(s).to_string(),
        y_percent: true,
        ..Axes::default()
    };
    let curve = StepCurve {
        name: "treaties".into(),
        points,
        median: sv.median.map(f64::from),
    };
    draw_step_curves(&body, look, &axes, &[curve], x_max, &note)
}

/// The Kaplan–Meier curve of a summary as step points, starting at (0, 100%).
pub(crate) fn survival_points(s: &Summary) -> Vec<StepPoint> {
    let sv = &s.survival;
    let mut points: Vec<StepPoint> = Vec::with_capacity(sv.curve.len() + 1);
    if sv.curve.first().is_none_or(|p| p.t > 0 || p.survival < 1.0) {
        points.push(StepPoint {
            t: 0.0,
            y: 1.0,
            lo: 1.0,
            hi: 1.0,
            censored: 0,
        });
    }
    points.extend(sv.curve.iter().map(|p| StepPoint {
        t: p.t as f64,
        y: p.survival,
        lo: p.lo,
        hi: p.hi,
        censored: p.censored,
    }));
    points
}

/// Right end of the survival chart's x axis: the horizon or the last step.
pub(crate) fn survival_x_max(s: &Summary) -> f64 {
    s.survival
        .curve
        .iter()
        .map(|p| p.t)
        .max()
        .unwrap_or(0)
        .max(s.scenario.horizon)
        .max(1) as f64
}

/// Share of runs in conflict by the end of each round (cumulative), with a Wilson
/// band: each point is a share of all runs.
pub fn conflict_chart(
    s: &Summary,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_conflict(&root, look, s))
}

fn draw_conflict<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    s: &Summary,
) -> Result<(), ChartError> {
    let (t, sub) = titles(s, "conflict over time");
    let body = title_block(root, look, &t, &sub)?;
    let c = &s.conflict;
    if s.runs == 0 || c.cumulative.is_empty() {
        return empty_state(&body, look, "No runs were summarised.");
    }
    if c.by_horizon.count == 0 && c.cumulative.iter().all(|&v| v == 0.0) {
        return empty_state(
            &body,
            look,
            &format!(
                "No run ended in conflict within {} {} (0 of {} runs).",
                s.scenario.horizon,
                rounds(s),
                thousands(s.runs)
            ),
        );
    }
    let points: Vec<BandPoint> = c
        .cumulative
        .iter()
        .enumerate()
        .map(|(t, &share)| {
            let k = (share * s.runs as f64).round().max(0.0) as u64;
            let (lo, hi) = crate::stats::wilson(k, s.runs, crate::stats::Z95);
            BandPoint {
                x: t as f64,
                y: share,
                lo,
                hi,
            }
        })
        .collect();
    let mut notes = vec![format!(
        "{} of runs in conflict by the end ({} of {}); band: 95% Wilson interval",
        pct(c.by_horizon.share),
        thousands(c.by_horizon.count),
        thousands(c.by_horizon.total)
    )];
    let phases: Vec<String> = c
        .by_phase
        .iter()
        .filter(|p| p.count > 0)
        .map(|p| format!("{} {}", p.label, pct(p.share)))
        .collect();
    if !phases.is_empty() {
        notes.push(format!("by phase: {}", phases.join(", ")));
    }
    let (w, _) = body.dim_in_pixel();
    let ns = look.small();
    let mut y = look.px(2.0);
    for n in &notes {
        for l in wrap_full(&body, n, &ns, w.saturating_sub(look.pxu(40.0))) {
            body.draw_text(
                &l,
                &ns.pos(Pos::new(HPos::Center, VPos::Top)),
                (w as i32 / 2, y),
            )?;
            y += look.px(20.0).max(line_height(&ns));
        }
    }
    let body = body.split_vertically(y + look.px(2.0)).1;
    let axes = Axes {
        x_label: format!("{} since the start", rounds(s)),
        y_label: "share of runs in conflict (cumulative)".into(),
        x_unit: rounds(s).to_string(),
        y_percent: true,
        ..Axes::default()
    };
    let series = [BandSeries {
        name: "conflict".into(),
        points,
    }];
    draw_line_bands_on(&body, look, &axes, &series, None, "No conflict to show.")
}

/// Histogram of the round of the first agreement, with its mean and median, and the
/// share of runs that never agreed.
pub fn agreement_chart(
    s: &Summary,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_agreement(&root, look, s))
}

fn draw_agreement<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    s: &Summary,
) -> Result<(), ChartError> {
    let (t, sub) = titles(s, "time to agreement");
    let body = title_block(root, look, &t, &sub)?;
    let a = &s.agreement;
    let horizon = (a.by_round.len().saturating_sub(1))
        .max(s.scenario.horizon as usize)
        .max(1);
    let mut counts = vec![0u64; horizon];
    for (k, &c) in a.by_round.iter().enumerate().skip(1) {
        counts[k - 1] = c;
    }
    let total = if a.ever.total > 0 {
        a.ever.total
    } else {
        s.runs
    };
    let never = total.saturating_sub(a.ever.count);
    let never_share = if total > 0 {
        never as f64 / total as f64
    } else {
        f64::NAN
    };
    let mut markers = Vec::new();
    if let Some(m) = &a.mean_round {
        markers.push(Marker {
            x: m.mean,
            label: format!("mean {}", mean_ci(m.mean, m.lo, m.hi)),
            color: INK,
            dash: Some((10.0, 6.0)),
            band: Some((m.lo, m.hi)),
        });
    }
    if let Some(m) = a.median_round {
        markers.push(Marker {
            x: m as f64,
            label: format!("median {m}"),
            color: VERMILLION,
            dash: Some((3.0, 4.0)),
            band: None,
        });
    }
    // The axis ends a little after the last round with a first agreement (at least
    // 10 rounds), not at the horizon: talks that end in round 2 are bars, not a line.
    let last = counts
        .iter()
        .rposition(|&c| c > 0)
        .map_or(horizon, |k| k + 1);
    let x_end = ((last as f64 * 1.15).ceil() as usize)
        .max(last + 1)
        .max(10)
        .min(horizon);
    let hist = Hist {
        title: "",
        notes: vec![format!(
            "{} of runs agreed ({} of {}); {} never agreed within {} {}",
            pct(a.ever.share),
            thousands(a.ever.count),
            thousands(total),
            pct(never_share),
            s.scenario.horizon,
            rounds(s)
        )],
        x_label: &format!("{} of first agreement", round(s)),
        y_label: "share of all runs",
        lo: 0.5,
        hi: horizon as f64 + 0.5,
        counts: &counts,
        denominator: total,
        x_range: (0.5, x_end as f64 + 0.5),
        x_integer: true,
        color: BLUE,
        markers,
        empty: (a.ever.count == 0).then(|| {
            format!(
                "No run reached an agreement within {} {}.",
                s.scenario.horizon,
                rounds(s)
            )
        }),
    };
    draw_hist(&body, look, &hist)
}

/// Split `body` into one panel per item and draw each with `draw` (or an empty state).
fn panels<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    look: Look,
    n: usize,
    empty: &str,
    mut draw: impl FnMut(&DrawingArea<DB, Shift>, usize) -> Result<(), ChartError>,
) -> Result<(), ChartError> {
    if n == 0 {
        return empty_state(body, look, empty);
    }
    let (r, c) = grid_for(n);
    let areas = body.split_evenly((r, c));
    for (i, area) in areas.iter().enumerate().take(n) {
        let area = area.margin(look.px(4.0), look.px(4.0), look.px(6.0), look.px(6.0));
        draw(&area, i)?;
    }
    Ok(())
}

fn bins_total(b: &Bins) -> u64 {
    b.counts.iter().sum::<u64>() + b.under + b.over
}

fn out_of_range_note(b: &Bins) -> Option<String> {
    (b.under + b.over > 0).then(|| {
        format!(
            "{} below {}, {} at or above {} (not drawn)",
            thousands(b.under),
            num(b.lo),
            thousands(b.over),
            num(b.hi)
        )
    })
}

/// One panel per actor: the distribution of its discounted total payoff, mean marked
/// with its interval.
pub fn payoffs_chart(s: &Summary, format: Format, size: (u32, u32)) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_payoffs(&root, look, s))
}

fn draw_payoffs<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    s: &Summary,
) -> Result<(), ChartError> {
    let (t, sub) = titles(
        s,
        &format!(
            "discounted payoffs over {} {} (one scale)",
            s.scenario.horizon,
            rounds(s)
        ),
    );
    let body = title_block(root, look, &t, &sub)?;
    // One x scale for every party, fitted to where any party's payoffs fell (and its
    // mean's interval), so panels compare at a glance.
    let mut span: Option<(f64, f64)> = None;
    for p in &s.payoffs {
        let b = &p.bins;
        let n = b.counts.len().max(1);
        let bw = (b.hi - b.lo) / n as f64;
        let first = b.counts.iter().position(|&c| c > 0);
        let last = b.counts.iter().rposition(|&c| c > 0);
        let mut xs = Vec::new();
        if let (Some(f), Some(l)) = (first, last) {
            xs.extend([b.lo + bw * f as f64, b.lo + bw * (l + 1) as f64]);
        }
        if p.mean.n > 0 {
            xs.extend([p.mean.lo, p.mean.hi, p.mean.mean]);
        }
        for x in xs.into_iter().filter(|x| x.is_finite()) {
            span = Some(match span {
                None => (x, x),
                Some((a, c)) => (a.min(x), c.max(x)),
            });
        }
    }
    let shared = span.map(|(a, b)| {
        let pad = ((b - a) * 0.05).max(1e-9);
        (a - pad, b + pad)
    });
    let x_label = "discounted total (payoff units)";
    panels(
        &body,
        look,
        s.payoffs.len(),
        "No payoffs were recorded.",
        |area, i| {
            let p = &s.payoffs[i];
            let name = actor_name(s, &p.actor, i);
            let m = &p.mean;
            let mut notes = vec![format!(
                "mean {}, sd {}",
                mean_ci(m.mean, m.lo, m.hi),
                num(m.sd)
            )];
            notes.extend(out_of_range_note(&p.bins));
            let total = bins_total(&p.bins);
            let hist = Hist {
                title: &name,
                notes,
                x_label,
                y_label: "share of runs",
                lo: p.bins.lo,
                hi: p.bins.hi,
                counts: &p.bins.counts,
                denominator: total,
                x_range: shared.unwrap_or((p.bins.lo, p.bins.hi)),
                x_integer: false,
                color: series_color(i),
                markers: if m.n > 0 && m.mean.is_finite() {
                    vec![Marker {
                        x: m.mean,
                        label: format!("mean {}", num(m.mean)),
                        color: INK,
                        dash: Some((10.0, 6.0)),
                        band: Some((m.lo, m.hi)),
                    }]
                } else {
                    Vec::new()
                },
                empty: (total == 0 || m.n == 0).then(|| "No payoffs recorded.".to_string()),
            };
            draw_hist(area, look, &hist)
        },
    )
}

/// One panel per issue: the terms of the first agreement, with each actor's ideal point.
pub fn terms_chart(s: &Summary, format: Format, size: (u32, u32)) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    render!(format, size, |root| draw_terms(&root, look, s))
}

fn draw_terms<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    look: Look,
    s: &Summary,
) -> Result<(), ChartError> {
    let (t, sub) = titles(s, "agreed terms");
    let body = title_block(root, look, &t, &sub)?;
    panels(
        &body,
        look,
        s.terms.len(),
        "The scenario has no issues to agree on.",
        |area, i| {
            let tm = &s.terms[i];
            let issue = s
                .scenario
                .issues
                .iter()
                .find(|x| x.id == tm.issue)
                .or_else(|| s.scenario.issues.get(i));
            let title = issue
                .map(|x| x.label.clone())
                .unwrap_or_else(|| tm.issue.clone());
            let (lo, hi) = match issue {
                Some(x) if x.low.is_finite() && x.high.is_finite() && x.high > x.low => {
                    (x.low, x.high)
                }
                _ => (tm.bins.lo, tm.bins.hi),
            };
            let markers: Vec<Marker> = issue
                .map(|x| {
                    x.ideals
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| v.is_finite())
                        .map(|(a, &v)| Marker {
                            x: v,
                            label: s
                                .scenario
                                .actors
                                .get(a)
                                .map(|x| x.name.clone())
                                .unwrap_or_else(|| format!("actor {}", a + 1)),
                            color: series_color(a),
                            dash: dash(a).or(Some((12.0, 5.0))),
                            band: None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            let mut notes = vec![match &tm.mean {
                Some(m) => format!(
                    "{} first agreements; mean {}; lines: each party's ideal point",
                    thousands(tm.agreements),
                    mean_ci(m.mean, m.lo, m.hi)
                ),
                None => format!("{} first agreements", thousands(tm.agreements)),
            }];
            notes.extend(out_of_range_note(&tm.bins));
            let hist = Hist {
                title: &title,
                notes,
                x_label: "agreed value",
                y_label: "share of agreements",
                lo: tm.bins.lo,
                hi: tm.bins.hi,
                counts: &tm.bins.counts,
                denominator: bins_total(&tm.bins),
                x_range: (lo.min(tm.bins.lo), hi.max(tm.bins.hi)),
                x_integer: false,
                color: RGBColor(0xA9, 0xBC, 0xCD),
                markers,
                empty: (tm.agreements == 0 || bins_total(&tm.bins) == 0).then(|| {
                    "No agreement was reached, so there are no terms to show.".to_string()
                }),
            };
            draw_hist(area, look, &hist)
        },
    )
}
