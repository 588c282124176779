//! The terminal summary of a run: aligned plain text a newcomer can read without
//! the docs. Bytes out, no IO.

use crate::engine::summary::Key;
use crate::engine::summary::{Share, Summary};
use crate::negotiation::Failure;
use std::fmt::Write;

/// Thousands separators: 12345 -> "12,345".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (k, c) in s.chars().enumerate() {
        if k > 0 && (s.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A share as a percentage with one decimal.
pub fn pct(x: f64) -> String {
    if x.is_nan() {
        return "–".into();
    }
    format!("{:.1}%", 100.0 * x)
}

/// A share with `d` decimals of a percent.
fn pct_to(x: f64, d: usize) -> String {
    if x.is_nan() {
        return "–".into();
    }
    format!("{:.d$}%", 100.0 * x)
}

/// A share and its interval as the table's two columns (the share right-aligned in 6,
/// the interval left-aligned in 17).
fn share_cells(v: f64, lo: f64, hi: f64) -> String {
    let (v, interval) = share_and_interval(v, lo, hi);
    format!("{v:>6}  {interval:<17}")
}

/// A share and its interval, with one decimal of a percent, or two or three where
/// one would print a bound that differs from the share as the share itself (a rate of
/// 0.12% in [0.11%, 0.13%] read "0.1% [0.1%, 0.1%]"; none of 10,000 runs read
/// "[0.0%, 0.0%]" for an upper bound of 0.04%).
fn share_and_interval(v: f64, lo: f64, hi: f64) -> (String, String) {
    let d = interval_decimals(v, lo, hi);
    (
        pct_to(v, d),
        format!("[{}, {}]", pct_to(lo, d), pct_to(hi, d)),
    )
}

/// "v [lo, hi]" in percent, with the decimals of [`interval_decimals`]: the cell
/// `compare` prints for a share.
pub fn share_with_interval(v: f64, lo: f64, hi: f64) -> String {
    let (v, interval) = share_and_interval(v, lo, hi);
    format!("{v} {interval}")
}

/// How many decimals of a percent (1 to 3) a value and its interval need so that
/// neither bound prints as the value when it differs from it. Shares, differences
/// of shares and rates all read the same way.
pub fn interval_decimals(v: f64, lo: f64, hi: f64) -> usize {
    let hidden = |d: usize| {
        (lo < v && pct_to(lo, d) == pct_to(v, d)) || (hi > v && pct_to(hi, d) == pct_to(v, d))
    };
    (1..3).find(|&d| !hidden(d)).unwrap_or(3)
}

/// A number in a compact, readable form.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    if a >= 1000.0 {
        format!("{x:.0}")
    } else if a >= 100.0 {
        format!("{x:.1}")
    } else if a >= 10.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.3}")
    }
}

fn share_row(out: &mut String, label: &str, s: &Share, width: usize) {
    let label = last_line_of(out, label, width);
    let _ = writeln!(
        out,
        "  {:<width$}  {} {:>9}",
        label,
        share_cells(s.share, s.lo, s.hi),
        thousands(s.count),
        width = width
    );
}

/// Capitalise the first letter.
fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Crisis talks: who chose war, and why the first failed talks failed.
fn crisis_rows(o: &mut String, s: &Summary, width: usize) {
    let c = &s.conflict;
    if c.chosen_by.is_empty() {
        return;
    }
    for x in c.chosen_by.iter().filter(|x| x.count > 0) {
        share_row(o, &format!("  {}", cap(&x.label)), x, width);
    }
    let chosen: u64 = c.chosen_by.iter().map(|x| x.count).sum();
    let accidents = Share::of(
        Key::ConflictAccident,
        "accidents".into(),
        c.by_horizon.count - chosen,
        c.by_horizon.total,
    );
    share_row(o, "  Accidents (the phases' hazards)", &accidents, width);
    if c.chosen_in.iter().filter(|x| x.count > 0).count() > 1 {
        let _ = writeln!(o, "  Wars chosen, by when they broke out");
        for x in c.chosen_in.iter().filter(|x| x.count > 0) {
            let when = match &x.key {
                Key::WarChosenIn(p) => p.label(),
                _ => x.label.as_str(),
            };
            share_row(o, &format!("  {}", cap(when)), x, width);
        }
    }
    let failed: u64 = c.talks_failed.iter().map(|x| x.count).sum();
    if failed > 0 {
        let _ = writeln!(
            o,
            "\nWhy talks failed (first failure of each run: {} runs)",
            thousands(failed)
        );
        // The causes only some scenarios can produce are shown when the scenario
        // can produce them (or when they occur).
        let always = [Failure::NoRange, Failure::GambleLost, Failure::Deadline];
        let can = &s.scenario.failure_causes;
        for x in &c.talks_failed {
            let shown = match &x.key {
                Key::Failed(f) => always.contains(f) || can.iter().any(|k| k == f.key()),
                _ => false,
            };
            if x.count > 0 || shown {
                share_row(o, &cap(&x.label), x, width);
            }
        }
    }
}

/// The measures the summary leads with: the first treaty's survival to the horizon
/// (Kaplan–Meier) and the share of time under any treaty.
fn headline_rows(o: &mut String, s: &Summary, width: usize) {
    let h = &s.headline;
    let sc = &s.scenario;
    let _ = writeln!(o, "\nHeadline");
    if let Some([v, lo, hi]) = h.first_treaty_survival {
        // Wrapped like every other long label, so the numbers stay in their column.
        let label = format!(
            "First treaty still in force after {} {}",
            sc.horizon, sc.rounds
        );
        let label = last_line_of(o, &label, width);
        let _ = writeln!(
            o,
            "  {:<width$}  {}",
            label,
            share_cells(v, lo, hi),
            width = width
        );
    }
    if let Some(m) = &h.time_under_treaty {
        let _ = writeln!(
            o,
            "  {:<width$}  {}",
            "Share of time under any treaty",
            share_cells(m.mean, m.lo, m.hi),
            width = width
        );
    }
    if h.false_alarm_spirals.count > 0 {
        share_row(
            o,
            "Treaties undone by a false alarm",
            &h.false_alarm_spirals,
            width,
        );
    }
    if h.escapes > 0 {
        let _ = writeln!(
            o,
            "  {:<width$}  {}",
            "Rounds deviated under the escape clause",
            thousands(h.escapes),
            width = width
        );
    }
}

/// The whole terminal summary: no line wider than [`MAX_WIDTH`] (long labels wrap),
/// none with trailing spaces.
pub fn render(s: &Summary) -> String {
    trim_lines(&render_padded(s))
}

/// Every line without its trailing spaces (the padding of a table's last column).
pub fn trim_lines(text: &str) -> String {
    let mut o = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        o.push_str(body.trim_end());
        o.push_str(nl);
    }
    o
}

pub use crate::util::{MAX_WIDTH, wrap_words};

/// Label column width bounds: labels longer than the upper bound wrap.
const LABEL_MIN: usize = 32;
const LABEL_MAX: usize = 36;

fn render_padded(s: &Summary) -> String {
    let mut o = String::new();
    header(&mut o, s);
    let width = s
        .outcomes
        .iter()
        .map(|x| x.label.chars().count())
        .max()
        .unwrap_or(10)
        .clamp(LABEL_MIN, LABEL_MAX);
    headline_rows(&mut o, s, width);
    outcomes(&mut o, s, width);
    talks(&mut o, s, width);
    if s.survival.treaties > 0 {
        survival(&mut o, s, width);
        violations(&mut o, s, width);
    }
    let _ = writeln!(o, "\nConflict");
    share_row(
        &mut o,
        "Conflict by the horizon",
        &s.conflict.by_horizon,
        width,
    );
    crisis_rows(&mut o, s, width);
    terms(&mut o, s, width);
    payoffs(&mut o, s, width);
    o
}

/// An override as it was given on the command line: `--set K=V` or `--unset K`.
pub fn override_flag(x: &str) -> String {
    match x.strip_prefix(crate::scenario::UNSET) {
        Some(k) => format!("--unset {k}"),
        None => format!("--set {x}"),
    }
}

/// The scenario's name, the experiment, and a partial-run warning.
fn header(o: &mut String, s: &Summary) {
    let sc = &s.scenario;
    let p = &s.provenance;
    let _ = writeln!(o, "{}", sc.name);
    let mut line = format!(
        "{} runs · seed {} · horizon {} {}",
        thousands(s.runs),
        p.seed,
        sc.horizon,
        sc.rounds
    );
    for x in &p.overrides {
        line.push_str(" · ");
        line.push_str(&override_flag(x));
    }
    for l in wrap_words(&line, MAX_WIDTH) {
        let _ = writeln!(o, "{l}");
    }
    if p.partial {
        let _ = writeln!(
            o,
            "PARTIAL: interrupted after {} of {} runs; the numbers below cover those runs only.",
            thousands(s.runs),
            thousands(p.runs)
        );
    }
}

/// How runs end.
fn outcomes(o: &mut String, s: &Summary, width: usize) {
    let sc = &s.scenario;
    let _ = writeln!(
        o,
        "\nHow runs end (state after {} {})",
        sc.horizon, sc.rounds
    );
    let _ = writeln!(
        o,
        "  {:<width$}  {:>6}  {:<17} {:>9}",
        "",
        "share",
        "95% interval",
        "runs",
        width = width
    );
    for x in &s.outcomes {
        if x.count == 0 && x.key.is_conflict_phase() {
            continue;
        }
        share_row(o, &cap(&x.label), x, width);
    }
}

/// Agreement, its timing, renegotiation.
fn talks(o: &mut String, s: &Summary, width: usize) {
    let sc = &s.scenario;
    let _ = writeln!(o, "\nTalks");
    share_row(o, "Reached an agreement", &s.agreement.ever, width);
    if let (Some(m), Some(med)) = (&s.agreement.mean_round, s.agreement.median_round) {
        let _ = writeln!(
            o,
            "  {:<width$}  median {} {}, mean {} [{}, {}]",
            "First agreement came in",
            sc.round,
            med,
            num(m.mean),
            num(m.lo),
            num(m.hi),
            width = width
        );
    }
    if s.renegotiation.runs_with.count > 0 {
        share_row(
            o,
            "Talks reopened at least once",
            &s.renegotiation.runs_with,
            width,
        );
    }
}

/// Kaplan–Meier survival of the first treaty at a few marks, its median and hazard.
fn survival(o: &mut String, s: &Summary, width: usize) {
    let sc = &s.scenario;
    let sv = &s.survival;
    let _ = writeln!(
        o,
        "\nTreaty survival (first treaty of each run: {} treaties; Kaplan–Meier, 95% Greenwood)",
        thousands(sv.treaties)
    );
    let h = sc.horizon;
    let mut marks: Vec<u32> = [12u32, 24, 60, 120, 240]
        .into_iter()
        .filter(|&t| t < h)
        .collect();
    if marks.is_empty() {
        marks.push((h / 2).max(1));
    }
    for t in marks {
        // S(t) = the curve's value at the last step at or before t.
        let pt = sv.curve.iter().rev().find(|c| c.t <= t);
        let (sv_t, lo, hi) = pt
            .map(|c| (c.survival, c.lo, c.hi))
            .unwrap_or((1.0, 1.0, 1.0));
        let _ = writeln!(
            o,
            "  {:<width$}  {}",
            format!("Still in force after {t} {}", sc.rounds),
            if lo.is_nan() {
                format!("{:>6}  {:<17}", pct(sv_t), "")
            } else {
                share_cells(sv_t, lo, hi)
            },
            width = width
        );
    }
    let _ = writeln!(
        o,
        "  {:<width$}  {}",
        "Median duration",
        match sv.median {
            Some(m) => format!("{m} {}", sc.rounds),
            None => format!(
                "more than {} {} (over half still in force)",
                sc.horizon, sc.rounds
            ),
        },
        width = width
    );
    let _ = writeln!(
        o,
        "  {:<width$}  {} per {}",
        "Hazard of ending",
        share_cells(sv.hazard_per_round, sv.hazard_lo, sv.hazard_hi).trim_end(),
        sc.round,
        width = width
    );
    let _ = writeln!(
        o,
        "  {:<width$}  {} by withdrawal, {} by conflict, {} censored (in force)",
        "Treaties ended",
        thousands(sv.withdrawals),
        thousands(sv.conflicts),
        thousands(sv.censored),
        width = width
    );
    for f in &s.first_notice {
        if f.count > 0 {
            share_row(o, &cap(&f.label), f, width);
        }
    }
}

/// Each party's share of rounds in force in which it violated.
fn violations(o: &mut String, s: &Summary, width: usize) {
    let sc = &s.scenario;
    let _ = writeln!(
        o,
        "\nViolations (share of {} in force in which the party violated)",
        sc.rounds
    );
    for (v, a) in s.violations.iter().zip(&sc.actors) {
        let label = last_line_of(o, &a.name, width);
        let _ = writeln!(
            o,
            "  {:<width$}  {}",
            label,
            share_cells(v.rate, v.lo, v.hi),
            width = width
        );
    }
}

/// The agreed terms per issue (first agreement).
fn terms(o: &mut String, s: &Summary, width: usize) {
    if !s.terms.iter().any(|t| t.agreements > 0) {
        return;
    }
    let _ = writeln!(o, "\nAgreed terms (first agreement)");
    let _ = writeln!(
        o,
        "  {:<width$}  {:>8}  {:<19}  {:<19}",
        "",
        "mean",
        "95% interval",
        "middle 90% of runs",
        width = width
    );
    for (t, i) in s.terms.iter().zip(&s.scenario.issues) {
        if let Some(m) = &t.mean {
            let last = last_line_of(o, &i.label, width);
            let _ = writeln!(
                o,
                "  {:<width$}  {:>8}  {:<19}  {:<19}",
                last,
                num(m.mean),
                format!("[{}, {}]", num(m.lo), num(m.hi)),
                format!(
                    "{} – {}",
                    t.quantiles.p05.map(num).unwrap_or_default(),
                    t.quantiles.p95.map(num).unwrap_or_default()
                ),
                width = width
            );
        }
    }
}

/// Each party's discounted payoff per run.
fn payoffs(o: &mut String, s: &Summary, width: usize) {
    let _ = writeln!(o, "\nDiscounted payoff over the horizon (per run)");
    let _ = writeln!(
        o,
        "  {:<width$}  {:>8}  {:<19}  {:>8}  {:<19}",
        "",
        "mean",
        "95% interval",
        "median",
        "middle 90% of runs",
        width = width
    );
    for (pf, a) in s.payoffs.iter().zip(&s.scenario.actors) {
        let label = last_line_of(o, &a.name, width);
        let _ = writeln!(
            o,
            "  {:<width$}  {:>8}  {:<19}  {:>8}  {:<19}",
            label,
            num(pf.mean.mean),
            format!("[{}, {}]", num(pf.mean.lo), num(pf.mean.hi)),
            pf.quantiles.p50.map(num).unwrap_or_default(),
            format!(
                "{} – {}",
                pf.quantiles.p05.map(num).unwrap_or_default(),
                pf.quantiles.p95.map(num).unwrap_or_default()
            ),
            width = width
        );
    }
}

/// A row label wider than `width` wraps: its first lines go out alone (indented like
/// the label column), and the last line is returned for the row with the numbers.
/// A label's leading spaces (a sub-row's indent) are kept on every line.
fn last_line_of(o: &mut String, label: &str, width: usize) -> String {
    let body = label.trim_start();
    let indent = &label[..label.len() - body.len()];
    let mut lines = wrap_words(body, width.saturating_sub(indent.len()).max(8));
    let last = lines.pop().unwrap_or_default();
    for l in lines {
        let _ = writeln!(o, "  {indent}{l}");
    }
    format!("{indent}{last}")
}

#[cfg(test)]
mod tests {
    use super::share_and_interval;

    #[test]
    fn a_share_gets_the_decimals_its_interval_needs() {
        let f = |v, lo, hi| {
            let (a, b) = share_and_interval(v, lo, hi);
            format!("{a} {b}")
        };
        assert_eq!(f(0.378, 0.368, 0.388), "37.8% [36.8%, 38.8%]");
        assert_eq!(f(0.00117, 0.00107, 0.00129), "0.12% [0.11%, 0.13%]");
        assert_eq!(f(0.0, 0.0, 0.00038), "0.00% [0.00%, 0.04%]");
        assert_eq!(f(0.0, 0.0, 0.0000059), "0.000% [0.000%, 0.001%]");
        // Bounds equal to the share are no reason for more decimals.
        assert_eq!(f(1.0, 0.998, 1.0), "100.0% [99.8%, 100.0%]");
        assert_eq!(f(0.0, 0.0, 0.0), "0.0% [0.0%, 0.0%]");
        // Three decimals at most.
        assert_eq!(f(0.0, 0.0, 1e-9), "0.000% [0.000%, 0.000%]");
    }
}
