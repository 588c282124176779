//! The results of `detente find` (a threshold search) and `detente sensitivity`
//! (one parameter at a time): the files they write and their terminal text, at most
//! 100 columns wide. Bytes out, no IO.

use super::table::{MAX_WIDTH, thousands, wrap_words};
use crate::search::{Direction, Effect, Estimate, Metric, Outcome, Search, Target};
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// Format tag of `find --json` files.
pub const FIND_FORMAT: &str = "detente-find/1";
/// Format tag of `sensitivity --json` files.
pub const SENSITIVITY_FORMAT: &str = "detente-sensitivity/1";

/// Where a result of `find` or `sensitivity` comes from: its file format, the tool,
/// the scenario and the experiment every probe or variant ran. Flattened into each
/// result file, so these are the file's first members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    pub format: String,
    pub tool_version: String,
    pub scenario: String,
    pub scenario_sha256: String,
    pub seed: u64,
    /// Runs per probe or variant.
    pub runs: u64,
    pub overrides: Vec<String>,
}

/// A threshold search with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FindResult {
    #[serde(flatten)]
    pub provenance: Provenance,
    /// The key varied, as `--set` takes it, and the range searched.
    pub key: String,
    pub range: [f64; 2],
    pub target: Target,
    pub direction: Direction,
    /// Bisection stops when the bracket is at most this wide.
    pub tolerance: f64,
    /// Probes only at whole numbers (the key is written as one).
    pub integer: bool,
    pub search: Search,
}

pub use crate::util::short;

fn estimate(m: &Metric, e: Option<&Estimate>) -> String {
    match e {
        Some(e) => format!("{} [{}, {}]", m.show(e.value), m.show(e.lo), m.show(e.hi)),
        None => "undefined (no treaty)".into(),
    }
}

/// `text` wrapped to 100 columns, its first line after `lead`, the others indented
/// by `lead`'s width.
fn push_wrapped(o: &mut String, lead: &str, text: &str) {
    let indent = lead.chars().count();
    let pad = " ".repeat(indent);
    for (k, l) in wrap_words(text, MAX_WIDTH - indent).iter().enumerate() {
        let _ = writeln!(o, "{}{l}", if k == 0 { lead } else { &pad });
    }
}

/// The lines of a search that found its answer: the value, the bracket the bisection
/// ended with and the range of values within Monte Carlo error of the target.
fn found_text(
    o: &mut String,
    r: &FindResult,
    value: f64,
    bracket: [f64; 2],
    interval: [Option<f64>; 2],
) {
    let t = &r.target;
    let _ = writeln!(o, "  Answer             {} = {}", r.key, short(value));
    let other = if bracket[0] == value {
        bracket[1]
    } else {
        bracket[0]
    };
    let _ = writeln!(
        o,
        "  Bisection bracket  [{}, {}]: met at {}, not at {} (tolerance {})",
        short(bracket[0]),
        short(bracket[1]),
        short(value),
        short(other),
        short(r.tolerance)
    );
    let lo = interval[0]
        .map(short)
        .unwrap_or_else(|| format!("≤ {}", short(r.range[0])));
    let hi = interval[1]
        .map(short)
        .unwrap_or_else(|| format!("≥ {}", short(r.range[1])));
    push_wrapped(
        o,
        "  95% range          ",
        &format!(
            "[{lo}, {hi}]: from where the 95% interval of {} \
             first reaches {} to where all of it does",
            t.metric.name(),
            t.metric.show(t.value)
        ),
    );
}

/// Why a search has no answer: where the target is met and what to ask instead.
fn not_bracketed_text(r: &FindResult, met_lo: bool, met_hi: bool) -> String {
    let (a, b) = (short(r.range[0]), short(r.range[1]));
    let said = match (met_lo, met_hi) {
        (false, false) => format!(
            "The target is met at neither end ({a} nor {b}): no value in the range \
             meets it. Widen the range, or ask for less."
        ),
        (true, true) => format!(
            "The target is met at both ends ({a} and {b}), so the bisection has no \
             crossing to find. Widen the range to where it is not met."
        ),
        (true, false) => format!(
            "The target is met at {a} but not at {b}: the metric falls as {} grows, \
             so the smallest value meeting it is {a} itself. Ask for the largest \
             value with --largest.",
            r.key
        ),
        (false, true) => format!(
            "The target is met at {b} but not at {a}: the metric rises with {}, so \
             the largest value meeting it is {b} itself. Ask for the smallest value \
             (leave out --largest).",
            r.key
        ),
    };
    format!("Not bracketed. {said}")
}

/// Every probe of a search, by value: the value, the metric there and whether it
/// meets the target.
fn probes_text(o: &mut String, r: &FindResult) {
    let t = &r.target;
    let name = t.metric.name();
    let _ = writeln!(o, "\nProbes, by value ({} in all)", r.search.probes.len());
    let mut probes = r.search.probes.clone();
    probes.sort_by(|a, b| a.value.total_cmp(&b.value));
    let vw = probes
        .iter()
        .map(|p| short(p.value).chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let ew = probes
        .iter()
        .map(|p| estimate(&t.metric, p.estimate.as_ref()).chars().count())
        .max()
        .unwrap_or(8)
        .max(name.chars().count());
    let _ = writeln!(o, "  {:>vw$}  {:<ew$}  met", "value", name);
    for p in &probes {
        let _ = writeln!(
            o,
            "  {:>vw$}  {:<ew$}  {}",
            short(p.value),
            estimate(&t.metric, p.estimate.as_ref()),
            if p.met { "yes" } else { "no" }
        );
    }
}

/// The search as text: the answer, the bracket, the range within Monte Carlo error,
/// then every probe by value.
pub fn find_text(r: &FindResult) -> String {
    let mut o = String::new();
    let t = &r.target;
    let p = &r.provenance;
    let which = match r.direction {
        Direction::Smallest => "smallest",
        Direction::Largest => "largest",
    };
    push_wrapped(
        &mut o,
        "",
        &format!(
            "{} — the {which} {} in [{}, {}] with {} ({} runs per probe, seed {}, the same \
             random numbers at every probe)",
            p.scenario,
            r.key,
            short(r.range[0]),
            short(r.range[1]),
            t.text(),
            thousands(p.runs),
            p.seed
        ),
    );
    o.push('\n');
    match &r.search.outcome {
        Outcome::Found {
            value,
            bracket,
            interval,
        } => found_text(&mut o, r, *value, *bracket, *interval),
        Outcome::NotBracketed { met_lo, met_hi } => {
            push_wrapped(&mut o, "  ", &not_bracketed_text(r, *met_lo, *met_hi));
        }
    }
    if r.search.non_monotone {
        o.push('\n');
        push_wrapped(
            &mut o,
            "",
            &format!(
                "Note: the probes cross the target more than once, so {} is not monotone \
                 in {} here; the answer is a crossing, not necessarily the {which} one.",
                t.metric.name(),
                r.key
            ),
        );
    }
    probes_text(&mut o, r);
    o.push('\n');
    push_wrapped(
        &mut o,
        "",
        "Every probe uses the same seed, so the metric is a deterministic function of the \
         value and the bisection is exact for it; the 95% range is where the metric's 95% \
         interval (Wilson for shares, Greenwood for survival, normal for means) contains \
         the target.",
    );
    super::table::trim_lines(&o)
}

/// A sensitivity analysis with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityResult {
    #[serde(flatten)]
    pub provenance: Provenance,
    pub metric: Metric,
    /// The relative change applied to every parameter (0.1: ±10%).
    pub by: f64,
    /// The metric of the scenario as it is.
    pub baseline: Estimate,
    /// One per parameter, largest swing first.
    pub effects: Vec<Effect>,
    /// Keys at 0, which a relative change leaves where they are.
    pub not_varied: Vec<String>,
}

fn delta(m: &Metric, d: Option<&Estimate>) -> String {
    let f = |x: f64| {
        if m.is_share() {
            format!("{:+.1}", 100.0 * x)
        } else {
            format!("{x:+.4}")
        }
    };
    match d {
        Some(d) => format!("{} [{}, {}]", f(d.value), f(d.lo), f(d.hi)),
        None => "refused".into(),
    }
}

/// The table of effects: per parameter, the change of the metric when it moves down
/// and up, largest first, marked where it has no effect. Returns the keys with none.
fn effects_table(o: &mut String, r: &SensitivityResult) -> Vec<String> {
    let name = r.metric.name();
    let unit = if r.metric.is_share() { " (points)" } else { "" };
    let cw = r
        .effects
        .iter()
        .flat_map(|e| {
            [
                delta(&r.metric, e.d_low.as_ref()),
                delta(&r.metric, e.d_high.as_ref()),
            ]
        })
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(10)
        .max(12);
    // The key column takes what the numbers leave of 100 columns; a longer key gets
    // a line of its own.
    let fixed = 2 + 2 + 10 + 2 + cw + 2 + cw + "  no effect".len();
    let kw = r
        .effects
        .iter()
        .map(|e| e.key.chars().count())
        .max()
        .unwrap_or(9)
        .clamp(9, MAX_WIDTH.saturating_sub(fixed).max(9));
    let _ = writeln!(
        o,
        "\nChange of {name}{unit} with the parameter down / up, with 95% intervals"
    );
    let _ = writeln!(
        o,
        "  {:<kw$}  {:>10}  {:>cw$}  {:>cw$}",
        "parameter", "value", "down", "up"
    );
    let mut none = Vec::new();
    for e in &r.effects {
        let flag = if e.none(&r.baseline) {
            none.push(e.key.clone());
            "  no effect"
        } else {
            ""
        };
        // A long key gets a line of its own.
        let key = if e.key.chars().count() <= kw {
            e.key.as_str()
        } else {
            let _ = writeln!(o, "  {}", e.key);
            ""
        };
        let _ = writeln!(
            o,
            "  {:<kw$}  {:>10}  {:>cw$}  {:>cw$}{flag}",
            key,
            short(e.base),
            delta(&r.metric, e.d_low.as_ref()),
            delta(&r.metric, e.d_high.as_ref()),
        );
    }
    none
}

/// The sensitivity table: per parameter, the change of the metric when it moves down
/// and up, largest first; parameters with no effect are marked.
pub fn sensitivity_text(r: &SensitivityResult) -> String {
    let mut o = String::new();
    let name = r.metric.name();
    let p = &r.provenance;
    push_wrapped(
        &mut o,
        "",
        &format!(
            "{} — sensitivity of {name} to each parameter moved by ±{}% ({} runs per \
             variant, seed {}, the same random numbers for every variant)",
            p.scenario,
            short(100.0 * r.by),
            thousands(p.runs),
            p.seed
        ),
    );
    let _ = writeln!(
        o,
        "\n  Baseline {name}: {}",
        estimate(&r.metric, Some(&r.baseline))
    );
    let none = effects_table(&mut o, r);
    for e in &r.effects {
        for m in &e.moved {
            push_wrapped(&mut o, "  ", &format!("{}: {m}", e.key));
        }
    }
    for e in r.effects.iter().filter(|e| e.refused.is_some()) {
        push_wrapped(
            &mut o,
            "  ",
            &format!(
                "{}: a side was not played, the scenario refuses the value ({})",
                e.key,
                e.refused.as_deref().unwrap_or("")
            ),
        );
    }
    o.push('\n');
    if none.is_empty() {
        let _ = writeln!(o, "Every parameter varied moves {name}.");
    } else {
        push_wrapped(
            &mut o,
            "",
            &format!(
                "No effect ({}): {} — {name} is exactly the baseline's on both sides, with \
                 the same random numbers.",
                none.len(),
                none.join(", ")
            ),
        );
    }
    if !r.not_varied.is_empty() {
        push_wrapped(
            &mut o,
            "",
            &format!(
                "Not varied (at 0, which a relative change leaves at 0): {}; try them with \
                 `detente sweep --vary KEY=LO..HI:POINTS`.",
                r.not_varied.join(", ")
            ),
        );
    }
    push_wrapped(
        &mut o,
        "",
        "Intervals add the two estimates' half-widths in quadrature, as for independent \
         samples; the variants share their random numbers, so the true intervals are \
         narrower.",
    );
    super::table::trim_lines(&o)
}
