//! Headline stability metrics of one experiment, and the tables and files that put
//! several side by side: sweeps over a parameter and comparisons of scenarios or
//! variants. Bytes out, no IO.

use crate::engine::run::{Outcome, RunResult, SpellEnd};
use crate::engine::summary::Key;
use crate::engine::summary::{Share, Summary};
use crate::report::table::{interval_decimals, share_with_interval, thousands};
use crate::stats::{
    ExactSum, LogRank, PairedDiff, diff_of_proportions, mcnemar, paired_km_diff, paired_mean,
};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// The headline numbers of one experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Headline {
    pub runs: u64,
    /// Share of runs with a treaty in force at the horizon.
    pub in_force: Share,
    /// The runs' first treaties still in force at the horizon (never ended by a
    /// withdrawal or conflict): `share` is the Kaplan–Meier estimate at the end of the
    /// curve with its 95% Greenwood interval, as the run summary's headline
    /// (`Summary::headline.first_treaty_survival`); `count` of `total` first treaties
    /// were in force at the horizon. Unlike `in_force` it ignores renegotiated treaties.
    pub first_treaty_survives: Share,
    /// Share of runs that reached an agreement.
    pub agreement: Share,
    /// Share of runs that ended in conflict.
    pub conflict: Share,
    /// Kaplan–Meier median duration of the first treaty, in rounds, with the
    /// interval read off the Greenwood band (Brookmeyer–Crowley style): the first
    /// rounds where the band's upper and lower edges fall to ½.
    pub median_duration: Option<u32>,
    pub median_lo: Option<u32>,
    pub median_hi: Option<u32>,
    /// Mean share of each run's rounds under any treaty (first or renegotiated).
    #[serde(default)]
    pub time_under_treaty: Option<crate::engine::summary::Mean>,
}

impl Headline {
    pub fn of(s: &Summary) -> Headline {
        let in_force = s
            .outcomes
            .iter()
            .find(|o| o.key == Key::InForce)
            .cloned()
            .unwrap_or_else(|| s.agreement.ever.clone());
        let first_below = |f: &dyn Fn(&crate::engine::summary::CurvePoint) -> f64| {
            s.survival
                .curve
                .iter()
                .find(|c| {
                    let v = f(c);
                    !v.is_nan() && v <= 0.5
                })
                .map(|c| c.t)
        };
        // The run summary's estimate: Kaplan–Meier with Greenwood's interval, which
        // counts a treaty signed late by the time it was followed. `count`/`total` are
        // the first treaties in force at the horizon and all first treaties; their
        // ratio is the estimate only when every treaty was followed equally long.
        let mut first_treaty_survives = Share::of(
            Key::FirstTreatySurvives,
            "first treaty still in force at the horizon (Kaplan–Meier)".into(),
            s.survival.censored,
            s.survival.treaties,
        );
        if let Some([share, lo, hi]) = s.headline.first_treaty_survival {
            first_treaty_survives.share = share;
            first_treaty_survives.lo = lo;
            first_treaty_survives.hi = hi;
        }
        Headline {
            runs: s.runs,
            in_force,
            first_treaty_survives,
            agreement: s.agreement.ever.clone(),
            conflict: s.conflict.by_horizon.clone(),
            median_duration: s.survival.median,
            median_lo: first_below(&|c| c.lo),
            median_hi: first_below(&|c| c.hi),
            time_under_treaty: s.headline.time_under_treaty.clone(),
        }
    }
}

/// One point of a sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepPoint {
    /// Values of the varied parameters, in `--vary` order.
    pub values: Vec<f64>,
    pub headline: Headline,
    /// The scenario at this point (labels, horizon) and the exact aggregate the
    /// headline was computed from, so that shards of a sweep merge exactly.
    #[serde(default)]
    pub info: Option<crate::engine::summary::ScenarioInfo>,
    #[serde(default)]
    pub aggregate: Option<crate::engine::aggregate::Aggregate>,
}

/// A whole sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepResult {
    pub format: String,
    pub scenario: String,
    pub scenario_sha256: String,
    pub tool_version: String,
    pub seed: u64,
    /// Runs per point covered by this file (= run_range length).
    pub runs: u64,
    /// Runs per point of the whole experiment (all shards).
    #[serde(default)]
    pub total_runs: u64,
    /// Run indices covered at every point: `[start, end)`.
    #[serde(default)]
    pub run_range: [u64; 2],
    pub overrides: Vec<String>,
    /// The varied parameters' paths.
    pub parameters: Vec<String>,
    pub round: String,
    pub rounds: String,
    pub horizon: u32,
    pub points: Vec<SweepPoint>,
}

fn opt(v: Option<u32>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// The headline's CSV columns, each share with its 95% interval.
const HEADLINE_COLUMNS: [&str; 18] = [
    "in_force",
    "in_force_lo",
    "in_force_hi",
    "first_treaty_survives",
    "first_treaty_survives_lo",
    "first_treaty_survives_hi",
    "agreement",
    "agreement_lo",
    "agreement_hi",
    "conflict",
    "conflict_lo",
    "conflict_hi",
    "median_duration",
    "median_duration_lo",
    "median_duration_hi",
    "time_under_treaty",
    "time_under_treaty_lo",
    "time_under_treaty_hi",
];

/// The values of [`HEADLINE_COLUMNS`] for one headline.
fn headline_cells(h: &Headline) -> String {
    let time = match &h.time_under_treaty {
        Some(m) => format!("{},{},{}", m.mean, m.lo, m.hi),
        None => ",,".into(),
    };
    format!(
        "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{time}",
        h.in_force.share,
        h.in_force.lo,
        h.in_force.hi,
        h.first_treaty_survives.share,
        h.first_treaty_survives.lo,
        h.first_treaty_survives.hi,
        h.agreement.share,
        h.agreement.lo,
        h.agreement.hi,
        h.conflict.share,
        h.conflict.lo,
        h.conflict.hi,
        opt(h.median_duration),
        opt(h.median_lo),
        opt(h.median_hi)
    )
}

/// Quote a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The sweep as CSV: a header row, then one row per point, each metric with its
/// interval. No comment lines, so `pandas.read_csv` and R's `read.csv` load it as it
/// is; the provenance is in the sweep's JSON (`--json`).
pub fn sweep_csv(r: &SweepResult) -> Vec<u8> {
    let mut o = String::new();
    let mut head: Vec<String> = r.parameters.iter().map(|p| csv_field(p)).collect();
    head.extend(HEADLINE_COLUMNS.map(String::from));
    let _ = writeln!(o, "{}", head.join(","));
    for p in &r.points {
        let vals: Vec<String> = p.values.iter().map(|v| v.to_string()).collect();
        let _ = writeln!(o, "{},{}", vals.join(","), headline_cells(&p.headline));
    }
    o.into_bytes()
}

/// The comparison as CSV: one row per entry (its name, the scenario's SHA-256 and
/// its overrides, then the headline with intervals), loadable as it is.
pub fn compare_csv(c: &CompareResult) -> Vec<u8> {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "entry,scenario_sha256,overrides,seed,runs,{}",
        HEADLINE_COLUMNS.join(",")
    );
    for e in &c.entries {
        let _ = writeln!(
            o,
            "{},{},{},{},{},{}",
            csv_field(&e.name),
            e.scenario_sha256,
            csv_field(&e.overrides.join(" ")),
            c.seed,
            c.runs,
            headline_cells(&e.headline)
        );
    }
    o.into_bytes()
}

/// The sweep as an aligned terminal table, at most 100 columns wide: shares in percent
/// with their 95% intervals; a parameter's column is headed by the last part of its
/// path when the whole path would not fit (the title names the whole paths).
pub fn sweep_table(r: &SweepResult) -> String {
    use super::table::{MAX_WIDTH, wrap_words};
    let mut o = String::new();
    let title = format!(
        "{} — sweep of {} ({} runs per point, seed {}, same random numbers at every point)",
        r.scenario,
        r.parameters.join(" × "),
        thousands(r.runs),
        r.seed
    );
    for l in wrap_words(&title, MAX_WIDTH) {
        let _ = writeln!(o, "{l}");
    }
    o.push('\n');
    let cell = |v: f64, lo: f64, hi: f64| {
        let d = interval_decimals(v, lo, hi);
        format!("{:.d$} [{:.d$}, {:.d$}]", 100.0 * v, 100.0 * lo, 100.0 * hi)
    };
    let cells: Vec<[String; 3]> = r
        .points
        .iter()
        .map(|p| {
            let h = &p.headline;
            let sh = |s: &Share| cell(s.share, s.lo, s.hi);
            let time = h
                .time_under_treaty
                .as_ref()
                .map_or_else(|| "–".to_string(), |m| cell(m.mean, m.lo, m.hi));
            [sh(&h.first_treaty_survives), time, sh(&h.conflict)]
        })
        .collect();
    // Each column as wide as "100.0 [99.1, 100.0]", or wider where a share needs more
    // decimals.
    let cw: [usize; 3] = std::array::from_fn(|k| {
        cells
            .iter()
            .map(|c| c[k].chars().count())
            .fold(19, usize::max)
    });
    let median = format!("median ({})", r.rounds);
    let fixed = cw.iter().map(|w| w + 2).sum::<usize>() + median.len().max(6);
    let heads = |short: bool| -> Vec<String> {
        r.parameters
            .iter()
            .map(|p| match p.rsplit_once('.') {
                Some((_, last)) if short => last.to_string(),
                _ => p.clone(),
            })
            .collect()
    };
    let width_of = |h: &[String]| {
        h.iter()
            .map(|p| p.chars().count().max(8) + 2)
            .sum::<usize>()
    };
    let mut names = heads(false);
    if width_of(&names) + fixed > MAX_WIDTH {
        names = heads(true);
    }
    let pw: Vec<usize> = names.iter().map(|p| p.chars().count().max(8)).collect();
    let mw = median.len().max(6);
    let mut line = String::new();
    for (p, w) in names.iter().zip(&pw) {
        let _ = write!(line, "{p:>w$}  ");
    }
    let _ = writeln!(
        o,
        "{line}{:>w0$}  {:>w1$}  {:>w2$}  {median:>mw$}",
        "% first treaty*",
        "% time any treaty",
        "% conflict",
        w0 = cw[0],
        w1 = cw[1],
        w2 = cw[2],
    );
    for (p, [first, time, conflict]) in r.points.iter().zip(&cells) {
        let mut line = String::new();
        for (v, w) in p.values.iter().zip(&pw) {
            let _ = write!(line, "{:>w$}  ", format!("{v}"));
        }
        let _ = writeln!(
            o,
            "{line}{first:>w0$}  {time:>w1$}  {conflict:>w2$}  {:>mw$}",
            p.headline
                .median_duration
                .map(|m| m.to_string())
                .unwrap_or_else(|| format!(">{}", r.horizon)),
            w0 = cw[0],
            w1 = cw[1],
            w2 = cw[2],
        );
    }
    let _ = writeln!(
        o,
        "\nPercent at each point, with 95% intervals (Wilson for shares of runs, normal for the\n\
         mean share of time). * the first treaty still in force at the horizon: Kaplan–Meier\n\
         with Greenwood's interval, as `run` reports it; the median is its duration. \"time\n\
         any treaty\": the share of each run's {} under any treaty, first or renegotiated. The\n\
         share of runs with a treaty in force at the horizon (first or renegotiated) and the\n\
         share that reached an agreement are in --csv and --json.",
        r.rounds
    );
    o
}

/// A mean share with its 95% interval, as percentages.
fn mean_cell(m: Option<&crate::engine::summary::Mean>) -> String {
    match m {
        Some(m) => share_with_interval(m.mean, m.lo, m.hi),
        None => "–".into(),
    }
}

/// What a paired comparison needs of one run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RunBits {
    pub agreed: bool,
    /// The first treaty: rounds in force and whether it ended (`false`: still in
    /// force at the horizon, censored); `None` without a treaty.
    pub spell: Option<(u32, bool)>,
    /// A treaty (first or renegotiated) in force at the horizon.
    pub in_force: bool,
    pub conflict: bool,
    /// Share of the run's rounds under a treaty, on the 2⁻¹⁶ grid the aggregate uses.
    pub time: f64,
}

impl RunBits {
    pub fn of(r: &RunResult, horizon: u32) -> RunBits {
        let time = match r.rounds_in_force.first() {
            Some(&f) if horizon > 0 => {
                (f64::from(f) / f64::from(horizon) * 65536.0).round() / 65536.0
            }
            _ => 0.0,
        };
        RunBits {
            agreed: r.first_agreement.is_some(),
            spell: r.spell.map(|(t, end)| (t, end != SpellEnd::Censored)),
            in_force: r.outcome == Outcome::InForce,
            conflict: matches!(r.outcome, Outcome::Conflict(_)),
            time,
        }
    }
}

/// An entry's differences from the baseline, run by run: every entry plays run k
/// with the same random numbers, so the runs pair up. Shares are tested with
/// McNemar's test; the first treaty's Kaplan–Meier survival by the paired difference
/// of the two estimates (each run's influence on both, [`paired_km_diff`]); time under
/// a treaty by the mean of the paired differences.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Paired {
    pub first_treaty_survives: PairedDiff,
    pub time_under_treaty: PairedDiff,
    pub in_force: PairedDiff,
    pub agreement: PairedDiff,
    pub conflict: PairedDiff,
}

impl Paired {
    /// `other` minus `base`, over the runs both played (the shorter prefix).
    pub fn between(base: &[RunBits], other: &[RunBits]) -> Paired {
        let pairs = || base.iter().zip(other);
        let test = |f: &dyn Fn(&RunBits) -> bool, within: &dyn Fn(&RunBits, &RunBits) -> bool| {
            let (mut b, mut c, mut n) = (0, 0, 0);
            for (x, y) in pairs().filter(|(x, y)| within(x, y)) {
                n += 1;
                match (f(x), f(y)) {
                    (true, false) => b += 1,
                    (false, true) => c += 1,
                    _ => {}
                }
            }
            mcnemar(b, c, n)
        };
        let all = |_: &RunBits, _: &RunBits| true;
        let mut time = ExactSum::default();
        for (x, y) in pairs() {
            time.add(y.time - x.time);
        }
        Paired {
            first_treaty_survives: paired_km_diff(
                &base.iter().map(|r| r.spell).collect::<Vec<_>>(),
                &other.iter().map(|r| r.spell).collect::<Vec<_>>(),
            ),
            time_under_treaty: paired_mean(&time).within(-1.0, 1.0),
            in_force: test(&|r| r.in_force, &all),
            agreement: test(&|r| r.agreed, &all),
            conflict: test(&|r| r.conflict, &all),
        }
    }
}

/// One entry of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareEntry {
    pub name: String,
    /// SHA-256 of the entry's scenario file.
    #[serde(default)]
    pub scenario_sha256: String,
    /// The entry's overrides (`--set` and the variant's), in the order applied.
    #[serde(default)]
    pub overrides: Vec<String>,
    pub headline: Headline,
    /// Log-rank test of this entry's treaty survival against the first entry's
    /// (None for the first entry).
    pub log_rank: Option<LogRank>,
    /// Paired differences from the first entry (None for the first entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paired: Option<Paired>,
}

/// A comparison of several experiments run with the same seed and runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareResult {
    pub format: String,
    pub tool_version: String,
    pub seed: u64,
    pub runs: u64,
    pub round: String,
    pub rounds: String,
    pub entries: Vec<CompareEntry>,
}

/// A difference cell of the table, and the paired test behind it (if any).
type DiffCell = (String, Option<PairedDiff>);

/// One row of the comparison table: its label and a cell per entry.
type Row = (String, Vec<String>);

/// Width of the comparison table's label column: its longest label, "Median duration
/// (months)" say.
const COMPARE_LABEL: usize = 28;
/// Narrowest entry column: "+12.3 pts [+10.1, +14.5]".
const COMPARE_CELL: usize = 24;

/// A difference in percentage points with its 95% interval.
fn pts(d: f64, lo: f64, hi: f64) -> String {
    let n = interval_decimals(d, lo, hi);
    format!(
        "{:+.n$} pts [{:+.n$}, {:+.n$}]",
        100.0 * d,
        100.0 * lo,
        100.0 * hi
    )
}

/// The rows of each entry's difference from the first: paired (run k against run k)
/// when the comparison carries the paired counts, else as if the samples were
/// independent; a row of paired tests when any cell has one.
fn push_diff_rows(
    rows: &mut Vec<Row>,
    c: &CompareResult,
    cell: &dyn Fn(&CompareEntry) -> Option<DiffCell>,
) {
    let mut diff = Vec::new();
    let mut test = Vec::new();
    let mut tested = false;
    for (k, e) in c.entries.iter().enumerate() {
        let (d, t) = if k == 0 {
            (String::new(), String::new())
        } else {
            match cell(e) {
                Some((d, Some(p))) => {
                    tested = true;
                    (d, format!("χ² = {:.2}, p {}", p.chi2, p_value(p.p_value)))
                }
                Some((d, None)) => (d, String::new()),
                None => (String::new(), String::new()),
            }
        };
        diff.push(d);
        test.push(t);
    }
    rows.push(("  difference vs first".into(), diff));
    if tested {
        rows.push(("  paired test".into(), test));
    }
}

/// A share's row (each entry's share with its interval) and its difference rows.
fn push_share_rows(
    rows: &mut Vec<Row>,
    (c, base): (&CompareResult, &CompareEntry),
    label: &str,
    get: &dyn Fn(&Headline) -> &Share,
    paired: &dyn Fn(&Paired) -> PairedDiff,
) {
    let cells = c
        .entries
        .iter()
        .map(|e| {
            let s = get(&e.headline);
            share_with_interval(s.share, s.lo, s.hi)
        })
        .collect();
    rows.push((label.into(), cells));
    let b = get(&base.headline);
    push_diff_rows(rows, c, &|e| {
        Some(match &e.paired {
            Some(p) => {
                let d = paired(p);
                (pts(d.diff, d.lo, d.hi), Some(d))
            }
            None => {
                let s = get(&e.headline);
                let (d, lo, hi) = diff_of_proportions(s.count, s.total, b.count, b.total);
                (pts(d, lo, hi), None)
            }
        })
    });
}

/// The median duration's row: each entry's median with its interval.
fn median_row(c: &CompareResult) -> Row {
    (
        format!("Median duration ({})", c.rounds),
        c.entries
            .iter()
            .map(|e| {
                let h = &e.headline;
                match (h.median_duration, h.median_lo, h.median_hi) {
                    (Some(m), lo, hi) => format!(
                        "{m} [{}, {}]",
                        lo.map(|x| x.to_string()).unwrap_or_else(|| "?".into()),
                        hi.map(|x| x.to_string()).unwrap_or_else(|| "–".into())
                    ),
                    (None, ..) => "over half survive".into(),
                }
            })
            .collect(),
    )
}

/// The rows of the comparison table, every entry's cell in each.
fn compare_rows(c: &CompareResult, base: &CompareEntry) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let both = (c, base);
    push_share_rows(
        &mut rows,
        both,
        "First treaty still in force",
        &|h| &h.first_treaty_survives,
        &|p| p.first_treaty_survives,
    );
    rows.push((
        "Share of time under any treaty".into(),
        c.entries
            .iter()
            .map(|e| mean_cell(e.headline.time_under_treaty.as_ref()))
            .collect(),
    ));
    push_diff_rows(&mut rows, c, &|e| {
        e.paired.map(|p| {
            let d = p.time_under_treaty;
            (pts(d.diff, d.lo, d.hi), None)
        })
    });
    push_share_rows(
        &mut rows,
        both,
        "Any treaty at the horizon*",
        &|h| &h.in_force,
        &|p| p.in_force,
    );
    push_share_rows(
        &mut rows,
        both,
        "Reached an agreement",
        &|h| &h.agreement,
        &|p| p.agreement,
    );
    push_share_rows(
        &mut rows,
        both,
        "Conflict by the horizon",
        &|h| &h.conflict,
        &|p| p.conflict,
    );
    rows.push(median_row(c));
    rows.push((
        "Log-rank test vs first".into(),
        c.entries
            .iter()
            .map(|e| match &e.log_rank {
                Some(l) => format!("χ² = {:.2}, p {}", l.chi2, p_value(l.p_value)),
                None => String::new(),
            })
            .collect(),
    ));
    rows
}

/// `name` in lines of at most `width` characters: broken between words, and a word
/// longer than a line broken where the line ends (never cut short).
fn wrap_name(name: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    for line in super::table::wrap_words(name, width) {
        let chars: Vec<char> = line.chars().collect();
        for piece in chars.chunks(width.max(1)) {
            out.push(piece.iter().collect());
        }
    }
    out
}

/// The comparison as an aligned table at most 100 columns wide: each entry, and its
/// difference from the first with a 95% interval: paired run by run, with McNemar's
/// test, or for the first treaty's Kaplan–Meier survival a z test (docs/theory.md
/// §8d); for a comparison read from a file without paired counts, Newcombe's interval
/// for independent samples. Entries that do not fit side by side
/// go into further panels, each starting again with the first entry, which every
/// difference is measured against.
pub fn compare_table(c: &CompareResult) -> String {
    use super::table::MAX_WIDTH;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Comparison ({} runs each, seed {}, the same random numbers for every entry)\n",
        thousands(c.runs),
        c.seed
    );
    let Some(base) = c.entries.first() else {
        return o;
    };
    let rows = compare_rows(c, base);
    let lw = rows
        .iter()
        .map(|(l, _)| l.chars().count())
        .max()
        .unwrap_or(0)
        .max(COMPARE_LABEL);
    // Room for entry columns, each two spaces and its cell.
    let room = MAX_WIDTH - 2 - lw;
    let widest = |k: usize| {
        rows.iter()
            .map(|(_, cells)| cells[k].chars().count())
            .chain([c.entries[k].name.chars().count(), COMPARE_CELL])
            .max()
            .unwrap_or(COMPARE_CELL)
            .min(room - 2)
    };
    let widths: Vec<usize> = (0..c.entries.len()).map(widest).collect();
    // Panels: the first entry, then as many others as fit beside it; an entry too wide
    // to stand beside the first stands alone.
    let fits = |used: usize, k: usize| used + 2 + widths[k] <= room;
    let mut panels: Vec<Vec<usize>> = Vec::new();
    let (mut panel, mut used) = (vec![0], 2 + widths[0]);
    for k in 1..c.entries.len() {
        if !fits(used, k) && panel != [0] {
            panels.push(std::mem::replace(&mut panel, vec![0]));
            used = 2 + widths[0];
        }
        if !fits(used, k) {
            if panels.is_empty() {
                panels.push(vec![0]);
            }
            (panel, used) = (Vec::new(), 0);
        }
        panel.push(k);
        used += 2 + widths[k];
    }
    panels.push(panel);
    for (n, panel) in panels.iter().enumerate() {
        if n > 0 {
            o.push('\n');
        }
        let names: Vec<Vec<String>> = panel
            .iter()
            .map(|&k| wrap_name(&c.entries[k].name, widths[k]))
            .collect();
        let tall = names.iter().map(Vec::len).max().unwrap_or(1);
        for i in 0..tall {
            let mut head = format!("  {:<lw$}", "");
            for (&k, lines) in panel.iter().zip(&names) {
                let w = widths[k];
                // Names sit on the header's last lines, aligned at the bottom.
                let j = (i + lines.len()).checked_sub(tall);
                let _ = write!(head, "  {:>w$}", j.map_or("", |j| lines[j].as_str()));
            }
            let _ = writeln!(o, "{}", head.trim_end());
        }
        for (label, cells) in &rows {
            let mut line = format!("  {label:<lw$}");
            for &k in panel {
                let w = widths[k];
                let _ = write!(line, "  {:>w$}", cells[k]);
            }
            let _ = writeln!(o, "{}", line.trim_end());
        }
    }
    let note = format!(
        "Every entry plays run k with the same random numbers, so the runs pair up. Each \
         difference row is the entry minus the first, {}, run by run, with a 95% interval. \
         The first treaty's survival is the Kaplan–Meier estimate at the horizon with \
         Greenwood's interval, as `run` reports it (a treaty signed late counts for the time \
         it was followed); its paired test is a z test on each run's influence on the two \
         estimates. The other paired tests are McNemar's, counting the runs whose outcome \
         differs. The log-rank test compares whole survival curves as if the samples were \
         independent: the pairing makes outcomes move together, so its p is conservative.",
        base.name
    );
    o.push('\n');
    for l in super::table::wrap_words(&note, MAX_WIDTH) {
        let _ = writeln!(o, "{l}");
    }
    let _ = writeln!(
        o,
        "* a treaty in force at the horizon, first or renegotiated."
    );
    o
}

fn p_value(p: f64) -> String {
    if p < 1e-4 {
        "< 0.0001".into()
    } else {
        format!("= {p:.4}")
    }
}
