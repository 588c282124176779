//! Charts of the classroom commands: a tournament's score distribution per strategy
//! (box plots over the repetitions) and its pairwise payoff heatmap; evolve's strategy
//! shares over generations (replicator dynamics, and the Moran process with mutation
//! when it was run).

use super::generic::{
    Axes, BandPoint, BandSeries, BoxStats, Grid, GroupedBars, box_plots_chart, draw_grouped_bars,
    heatmap_chart, shares_over_time_chart,
};
use super::style::{Look, num, thousands, title_block};
use super::{Chart, ChartError, Format, push_formats, render};
use crate::classroom::evolve::EvolveReport;
use crate::classroom::tournament::{Length, TournamentResult};

/// File stems of the tournament charts, in the order [`tournament_charts`] returns them.
pub const TOURNAMENT_CHARTS: [&str; 2] = ["tournament-scores", "tournament-matrix"];

/// Quantile `q` of sorted finite values, linear between order statistics (R type 7).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * q;
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// Box statistics of a sample (NaN values ignored).
pub fn box_stats(label: &str, values: &[f64]) -> BoxStats {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let mean = (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64);
    BoxStats {
        label: label.to_string(),
        p05: quantile(&v, 0.05),
        p25: quantile(&v, 0.25),
        p50: quantile(&v, 0.5),
        p75: quantile(&v, 0.75),
        p95: quantile(&v, 0.95),
        mean,
    }
}

fn tournament_subtitle(r: &TournamentResult) -> String {
    let c = &r.config;
    let len = match c.length {
        Length::Fixed(n) => format!("{n} turns per match"),
        Length::Continuation(w) => format!("continuation w = {w}"),
    };
    format!(
        "({} strategies, {len}, noise {}, {} repetitions, seed {})",
        r.names.len(),
        num(c.noise),
        thousands(u64::from(c.repetitions)),
        c.seed
    )
}

/// Both tournament charts in the given formats and size.
pub fn tournament_charts(
    r: &TournamentResult,
    formats: &[Format],
    size: (u32, u32),
) -> Result<Vec<Chart>, ChartError> {
    let mut out = Vec::new();
    push_formats(&mut out, TOURNAMENT_CHARTS[0], formats, |format| {
        tournament_scores_chart(r, format, size)
    })?;
    push_formats(&mut out, TOURNAMENT_CHARTS[1], formats, |format| {
        tournament_matrix_chart(r, format, size)
    })?;
    Ok(out)
}

/// Entrant indices in ranking order (best first); entrant order if the ranking does
/// not name them.
fn ranked(r: &TournamentResult) -> Vec<usize> {
    let mut order: Vec<usize> = r
        .ranking
        .iter()
        .filter_map(|s| r.ids.iter().position(|id| *id == s.id))
        .collect();
    order.dedup();
    if order.len() != r.ids.len() {
        order = (0..r.ids.len()).collect();
    }
    order
}

/// One box per strategy (ranking order) over its per-repetition mean scores.
pub fn tournament_scores_chart(
    r: &TournamentResult,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let boxes: Vec<BoxStats> = ranked(r)
        .into_iter()
        .map(|i| {
            box_stats(
                r.names.get(i).map(String::as_str).unwrap_or("?"),
                r.rep_scores.get(i).map(Vec::as_slice).unwrap_or(&[]),
            )
        })
        .collect();
    let axes = Axes {
        title: "Tournament — score per turn by strategy".into(),
        subtitle: tournament_subtitle(r),
        x_label: "strategy, best first — box: middle 50% of repetitions, whiskers: 5th–95th percentile, dot: mean".into(),
        y_label: "mean score per turn in a repetition".into(),
        x_unit: String::new(),
        y_percent: false,
    };
    box_plots_chart(&axes, &boxes, format, size)
}

/// The pairwise payoff matrix: row strategy's mean score per turn against the column
/// strategy, both in ranking order (best at the top and at the left).
pub fn tournament_matrix_chart(
    r: &TournamentResult,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let order = ranked(r);
    let name = |i: usize| r.names.get(i).cloned().unwrap_or_default();
    // Grid rows run bottom-up: put the best strategy in the top row.
    let rows: Vec<usize> = order.iter().rev().copied().collect();
    let mut values = Vec::with_capacity(order.len() * order.len());
    for &i in &rows {
        for &j in &order {
            values.push(
                r.matrix
                    .get(i)
                    .and_then(|row| row.get(j))
                    .copied()
                    .unwrap_or(f64::NAN),
            );
        }
    }
    let axes = Axes {
        title: "Tournament — score of each strategy against each other".into(),
        subtitle: tournament_subtitle(r),
        x_label: "opponent".into(),
        y_label: "strategy".into(),
        x_unit: String::new(),
        y_percent: false,
    };
    let grid = Grid {
        columns: order.iter().map(|&j| name(j)).collect(),
        rows: rows.iter().map(|&i| name(i)).collect(),
        values,
        value_label: "mean score per turn of the row strategy".into(),
        range: None,
        percent: false,
    };
    heatmap_chart(&axes, &grid, format, size)
}

/// File stems of the evolve charts: `evolve-replicator`, `evolve-fixation` (with or
/// without mutation), and `evolve-moran` when the report has a Moran time series
/// (mutation > 0).
pub const EVOLVE_CHARTS: [&str; 3] = ["evolve-replicator", "evolve-moran", "evolve-fixation"];

/// The fixation probability of one mutant for every ordered pair: simulated (with its
/// Wilson whisker), the exact value, and the neutral 1/N.
pub fn evolve_fixation_chart(
    rep: &EvolveReport,
    format: Format,
    size: (u32, u32),
) -> Result<Vec<u8>, ChartError> {
    let look = Look::new(size);
    let c = &rep.config;
    let f = &rep.fixation;
    let bars = GroupedBars {
        groups: f
            .iter()
            .map(|p| format!("{} into {}", p.mutant, p.resident))
            .collect(),
        series: vec!["simulated".into(), "exact".into(), "neutral 1/N".into()],
        values: vec![
            f.iter().map(|p| (p.estimate, p.low, p.high)).collect(),
            f.iter().map(|p| (p.exact, f64::NAN, f64::NAN)).collect(),
            f.iter().map(|p| (p.neutral, f64::NAN, f64::NAN)).collect(),
        ],
    };
    let subtitle = format!(
        "(population {}, selection {}, {} runs per pair, seed {}; above 1/N, selection favours the mutant)",
        c.population,
        num(c.selection),
        thousands(c.runs),
        c.seed
    );
    render!(format, size, |root| {
        let body = title_block(
            &root,
            look,
            "Moran process — fixation probability of one mutant",
            &subtitle,
        )?;
        draw_grouped_bars(
            &body,
            look,
            &bars,
            "mutant into resident population (whiskers: 95% Wilson intervals)",
            "fixation probability",
        )
    })
}

fn share_series(names: &[String], shares: &[Vec<f64>]) -> Vec<BandSeries> {
    names
        .iter()
        .enumerate()
        .map(|(i, n)| BandSeries {
            name: n.clone(),
            points: shares
                .iter()
                .enumerate()
                .map(|(g, row)| BandPoint {
                    x: g as f64,
                    y: row.get(i).copied().unwrap_or(f64::NAN),
                    lo: f64::NAN,
                    hi: f64::NAN,
                })
                .collect(),
        })
        .collect()
}

/// The evolve charts in the given formats and size: replicator dynamics, and the Moran
/// process with mutation when the report has its series.
pub fn evolve_charts(
    rep: &EvolveReport,
    formats: &[Format],
    size: (u32, u32),
) -> Result<Vec<Chart>, ChartError> {
    let c = &rep.config;
    let mut out = Vec::new();
    let axes = Axes {
        title: "Replicator dynamics — strategy shares by generation".into(),
        subtitle: format!(
            "(from equal shares, {} generations; deterministic, infinite population)",
            c.generations
        ),
        x_label: "generation".into(),
        y_label: "share of the population".into(),
        x_unit: "generations".into(),
        y_percent: true,
    };
    let series = share_series(&rep.names, &rep.replicator_shares);
    push_formats(&mut out, EVOLVE_CHARTS[0], formats, |format| {
        shares_over_time_chart(&axes, &series, format, size)
    })?;
    if !rep.fixation.is_empty() {
        push_formats(&mut out, EVOLVE_CHARTS[2], formats, |format| {
            evolve_fixation_chart(rep, format, size)
        })?;
    }
    if !rep.moran_shares.is_empty() {
        let axes = Axes {
            title: "Moran process with mutation — strategy shares by generation".into(),
            subtitle: format!(
                "(population {}, selection {}, mutation {}, seed {}; one simulated path)",
                c.population,
                num(c.selection),
                num(c.mutation),
                c.seed
            ),
            ..axes
        };
        let series = share_series(&rep.names, &rep.moran_shares);
        push_formats(&mut out, EVOLVE_CHARTS[1], formats, |format| {
            shares_over_time_chart(&axes, &series, format, size)
        })?;
    }
    Ok(out)
}
