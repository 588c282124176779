//! The analyst's questions asked directly: the headline metrics by name ([`Metric`]),
//! targets on them (`first_treaty_survives >= 0.8`, [`Target`]), the bisection of
//! `detente find` ([`find`]) and the one-at-a-time changes of `detente sensitivity`
//! ([`Effect`]). Pure functions: an experiment is a closure the caller passes (it
//! runs the scenario with one value of a key, always with the same seed, so with
//! common random numbers the metric is a deterministic function of that value).
//! No IO, no randomness.

use crate::engine::summary::Summary;
use serde::{Deserialize, Serialize};

/// A headline metric a target or a sensitivity can be stated on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Metric {
    /// Kaplan–Meier survival of the runs' first treaties to the horizon.
    FirstTreatySurvives,
    /// Kaplan–Meier survival of the first treaties to N rounds in force.
    FirstTreatySurvivesAt(u32),
    /// Share of runs with a treaty (first or renegotiated) in force at the horizon.
    InForce,
    /// Share of runs that reached an agreement.
    Agreement,
    /// Share of runs that ended in conflict (war) by the horizon.
    Conflict,
    /// Mean share of each run's rounds under any treaty.
    TimeUnderTreaty,
    /// An actor's mean discounted payoff over the horizon.
    Payoff(String),
}

/// The metric names `--help` lists, each with what it measures.
pub const METRICS: [(&str, &str); 8] = [
    (
        "first_treaty_survives",
        "share of first treaties still in force at the horizon (Kaplan–Meier)",
    ),
    (
        "first_treaty_survives_N",
        "the same after N rounds in force, e.g. first_treaty_survives_120",
    ),
    (
        "in_force",
        "share of runs with any treaty in force at the horizon",
    ),
    ("agreement", "share of runs that reached an agreement"),
    (
        "conflict",
        "share of runs that ended in conflict by the horizon",
    ),
    ("war", "the same as conflict"),
    (
        "time_under_treaty",
        "mean share of a run's rounds under any treaty",
    ),
    (
        "payoff.ACTOR",
        "an actor's mean discounted payoff, e.g. payoff.usa",
    ),
];

/// A metric's value with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
}

impl Metric {
    /// Read a metric name; the error names the closest known name.
    pub fn parse(name: &str) -> Result<Metric, String> {
        let n = name.trim();
        let m = match n {
            "first_treaty_survives" => Some(Metric::FirstTreatySurvives),
            "in_force" => Some(Metric::InForce),
            "agreement" => Some(Metric::Agreement),
            "conflict" | "war" => Some(Metric::Conflict),
            "time_under_treaty" => Some(Metric::TimeUnderTreaty),
            _ => None,
        };
        if let Some(m) = m {
            return Ok(m);
        }
        if let Some(k) = n.strip_prefix("first_treaty_survives_") {
            if let Ok(k) = k.parse::<u32>() {
                return Ok(Metric::FirstTreatySurvivesAt(k));
            }
        }
        if let Some(a) = n.strip_prefix("payoff.") {
            if !a.is_empty() {
                return Ok(Metric::Payoff(a.to_string()));
            }
        }
        let names = METRICS.iter().map(|(k, _)| *k);
        Err(match crate::util::closest(n, names) {
            Some(c) => format!("unknown metric `{n}`; did you mean `{c}`?"),
            None => format!("unknown metric `{n}`"),
        })
    }

    /// The metric's name as [`Metric::parse`] reads it.
    pub fn name(&self) -> String {
        match self {
            Metric::FirstTreatySurvives => "first_treaty_survives".into(),
            Metric::FirstTreatySurvivesAt(n) => format!("first_treaty_survives_{n}"),
            Metric::InForce => "in_force".into(),
            Metric::Agreement => "agreement".into(),
            Metric::Conflict => "conflict".into(),
            Metric::TimeUnderTreaty => "time_under_treaty".into(),
            Metric::Payoff(a) => format!("payoff.{a}"),
        }
    }

    /// Whether the metric is a share (printed in percent).
    pub fn is_share(&self) -> bool {
        !matches!(self, Metric::Payoff(_))
    }

    /// Check the metric against a scenario's actors: the error says what to write.
    pub fn check(&self, actors: &[String]) -> Result<(), String> {
        if let Metric::Payoff(a) = self {
            if !actors.iter().any(|x| x == a) {
                let hint = match crate::util::closest(a, actors.iter().map(|s| s.as_str())) {
                    Some(c) => format!("; did you mean `payoff.{c}`?"),
                    None => String::new(),
                };
                return Err(format!(
                    "the scenario has no actor `{a}`{hint} (its actors: {})",
                    actors.join(", ")
                ));
            }
        }
        Ok(())
    }

    /// The metric's value in a summary, with its 95% interval; `None` when it is
    /// undefined there (survival of first treaties when no run agreed).
    pub fn of(&self, s: &Summary) -> Option<Estimate> {
        let share = |x: &crate::engine::summary::Share| Estimate {
            value: x.share,
            lo: x.lo,
            hi: x.hi,
        };
        match self {
            Metric::FirstTreatySurvives => s
                .headline
                .first_treaty_survival
                .map(|[value, lo, hi]| Estimate { value, lo, hi }),
            Metric::FirstTreatySurvivesAt(n) => {
                if s.survival.treaties == 0 {
                    return None;
                }
                // S(n): the Kaplan–Meier step at the last time of an event or a
                // censoring up to n rounds in force (1 before the first).
                let at = s.survival.curve.iter().rev().find(|c| c.t <= *n);
                Some(match at {
                    Some(c) => {
                        let fin = |x: f64| if x.is_finite() { x } else { c.survival };
                        Estimate {
                            value: c.survival,
                            lo: fin(c.lo),
                            hi: fin(c.hi),
                        }
                    }
                    None => Estimate {
                        value: 1.0,
                        lo: 1.0,
                        hi: 1.0,
                    },
                })
            }
            Metric::InForce => s
                .outcomes
                .iter()
                .find(|o| o.key == crate::engine::summary::Key::InForce)
                .map(share)
                .or(Some(Estimate {
                    value: 0.0,
                    lo: 0.0,
                    hi: 0.0,
                })),
            Metric::Agreement => Some(share(&s.agreement.ever)),
            Metric::Conflict => Some(share(&s.conflict.by_horizon)),
            Metric::TimeUnderTreaty => s.headline.time_under_treaty.as_ref().map(|m| Estimate {
                value: m.mean,
                lo: m.lo,
                hi: m.hi,
            }),
            Metric::Payoff(a) => s.payoffs.iter().find(|p| p.actor == *a).map(|p| Estimate {
                value: p.mean.mean,
                lo: p.mean.lo,
                hi: p.mean.hi,
            }),
        }
    }

    /// A value of the metric for people: percent for shares.
    pub fn show(&self, v: f64) -> String {
        if self.is_share() {
            format!("{:.1}%", 100.0 * v)
        } else {
            format!("{v:.4}")
        }
    }
}

/// `>=` or `<=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    #[serde(rename = ">=")]
    AtLeast,
    #[serde(rename = "<=")]
    AtMost,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::AtLeast => ">=",
            Op::AtMost => "<=",
        }
    }
}

/// `METRIC >= X` or `METRIC <= X`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub metric: Metric,
    pub op: Op,
    /// The threshold, a fraction for shares (`80%` is read as 0.8).
    pub value: f64,
}

impl Target {
    /// Read `METRIC >= X` (or `<=`); X may end in `%`.
    pub fn parse(s: &str) -> Result<Target, String> {
        let (name, op, x) = if let Some((a, b)) = s.split_once(">=") {
            (a, Op::AtLeast, b)
        } else if let Some((a, b)) = s.split_once("<=") {
            (a, Op::AtMost, b)
        } else {
            return Err(format!(
                "the target `{s}` has no `>=` or `<=`: write e.g. 'first_treaty_survives >= 0.8'"
            ));
        };
        let metric = Metric::parse(name)?;
        let x = x.trim();
        let (num, scale) = match x.strip_suffix('%') {
            Some(n) => (n.trim(), 0.01),
            None => (x, 1.0),
        };
        let value = match num.parse::<f64>() {
            Ok(v) if v.is_finite() => v * scale,
            _ => return Err(format!("the target's value `{x}` is not a finite number")),
        };
        if metric.is_share() && !(0.0..=1.0).contains(&value) {
            return Err(format!(
                "`{}` is a share, so the target must lie between 0 and 1 (or 0% and 100%), got {x}",
                metric.name()
            ));
        }
        Ok(Target { metric, op, value })
    }

    /// Whether a value meets the target (an undefined metric never does).
    pub fn met(&self, v: Option<f64>) -> bool {
        match (v, self.op) {
            (Some(v), Op::AtLeast) => v >= self.value,
            (Some(v), Op::AtMost) => v <= self.value,
            (None, _) => false,
        }
    }

    /// `first_treaty_survives >= 0.8` as typed (shares in the user's fraction form).
    pub fn text(&self) -> String {
        format!("{} {} {}", self.metric.name(), self.op.symbol(), self.value)
    }
}

/// One experiment of a search: a value of the key and what the metric was there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Probe {
    pub value: f64,
    /// None when the metric is undefined at this value.
    pub estimate: Option<Estimate>,
    /// Whether the point estimate meets the target.
    pub met: bool,
}

/// What a search looks for: the smallest or the largest value meeting the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Smallest,
    Largest,
}

/// The answer of [`find`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Outcome {
    /// The value found, the bracket the bisection ended with (the answer is one end;
    /// the other does not meet the target) and the range of values consistent with
    /// the metric's 95% interval at the target: `None` for an end that lies beyond
    /// the searched range.
    Found {
        value: f64,
        bracket: [f64; 2],
        interval: [Option<f64>; 2],
    },
    /// The target is met at both ends or at neither (or only at the wrong one).
    NotBracketed { met_lo: bool, met_hi: bool },
}

/// A finished search: the answer and every probe, in the order played.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Search {
    pub outcome: Outcome,
    pub probes: Vec<Probe>,
    /// The probes, sorted by value, cross the target more than once: the metric is
    /// not monotone in the key here, so the answer is a crossing but maybe not the
    /// smallest (largest) one.
    pub non_monotone: bool,
}

/// The experiments of a search, each played once (bisections share probes).
struct Probes<'a> {
    run: &'a mut dyn FnMut(f64) -> Result<Option<Estimate>, String>,
    played: Vec<(f64, Option<Estimate>)>,
}

impl Probes<'_> {
    fn at(&mut self, x: f64) -> Result<Option<Estimate>, String> {
        if let Some((_, e)) = self.played.iter().find(|(v, _)| v.to_bits() == x.to_bits()) {
            return Ok(*e);
        }
        let e = (self.run)(x)?;
        self.played.push((x, e));
        Ok(e)
    }
}

/// Bisection for the boundary of `pred` on [lo, hi]: `no` is an end where `pred`
/// fails, `yes` one where it holds; returns the final `(no, yes)`, at most `tol`
/// apart (1 apart on whole numbers when `integer`).
fn bisect(
    probes: &mut Probes,
    mut no: f64,
    mut yes: f64,
    tol: f64,
    integer: bool,
    pred: &dyn Fn(Option<Estimate>) -> bool,
) -> Result<(f64, f64), String> {
    loop {
        let gap = (yes - no).abs();
        if gap <= tol || (integer && gap <= 1.0) {
            return Ok((no, yes));
        }
        let mut mid = no + (yes - no) / 2.0;
        if integer {
            mid = mid.floor();
        }
        if mid == no || mid == yes {
            // No representable value lies between them.
            return Ok((no, yes));
        }
        if pred(probes.at(mid)?) {
            yes = mid;
        } else {
            no = mid;
        }
    }
}

/// Search [lo, hi] for the smallest (or largest) value whose metric meets `target`,
/// by bisection; `run(x)` plays the experiment at x (`Err` stops the search: a
/// value the scenario refuses, or an interruption). `integer` keeps every probe a
/// whole number. Besides the answer, two more bisections find where the upper and
/// the lower end of the metric's 95% interval cross the target: between them lie
/// the values at which the target is within Monte Carlo error.
pub fn find(
    target: &Target,
    lo: f64,
    hi: f64,
    tol: f64,
    dir: Direction,
    integer: bool,
    run: &mut dyn FnMut(f64) -> Result<Option<Estimate>, String>,
) -> Result<Search, String> {
    let mut probes = Probes {
        run,
        played: Vec::new(),
    };
    let point = |e: Option<Estimate>| target.met(e.map(|e| e.value));
    let met_lo = point(probes.at(lo)?);
    let met_hi = point(probes.at(hi)?);
    // The end that fails and the end that meets the target.
    let ends = match dir {
        Direction::Smallest => (!met_lo && met_hi).then_some((lo, hi)),
        Direction::Largest => (met_lo && !met_hi).then_some((hi, lo)),
    };
    let outcome = match ends {
        None => Outcome::NotBracketed { met_lo, met_hi },
        Some((no, yes)) => {
            let (a, b) = bisect(&mut probes, no, yes, tol, integer, &point)?;
            // The target may be met: the interval's optimistic end reaches it.
            let plausible = |e: Option<Estimate>| {
                target.met(e.map(|e| match target.op {
                    Op::AtLeast => e.hi,
                    Op::AtMost => e.lo,
                }))
            };
            // The target is surely met: the pessimistic end reaches it.
            let sure = |e: Option<Estimate>| {
                target.met(e.map(|e| match target.op {
                    Op::AtLeast => e.lo,
                    Op::AtMost => e.hi,
                }))
            };
            // Each end is taken on the outer side of its final bracket, so that the
            // range also holds the bisection's own error. The near end: where the
            // target first becomes plausible (None: already at `no`); the far end:
            // where it becomes sure (None: not even at `yes`).
            let near = if plausible(probes.at(no)?) {
                None
            } else {
                Some(bisect(&mut probes, no, yes, tol, integer, &plausible)?.0)
            };
            let far = if sure(probes.at(yes)?) {
                Some(bisect(&mut probes, no, yes, tol, integer, &sure)?.1)
            } else {
                None
            };
            let interval = match dir {
                Direction::Smallest => [near, far],
                Direction::Largest => [far, near],
            };
            Outcome::Found {
                value: b,
                bracket: [a.min(b), a.max(b)],
                interval,
            }
        }
    };
    let mut sorted: Vec<(f64, bool)> = probes.played.iter().map(|(v, e)| (*v, point(*e))).collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let changes = sorted.windows(2).filter(|w| w[0].1 != w[1].1).count();
    let probes_out = probes
        .played
        .iter()
        .map(|(v, e)| Probe {
            value: *v,
            estimate: *e,
            met: point(*e),
        })
        .collect();
    Ok(Search {
        outcome,
        probes: probes_out,
        non_monotone: changes > 1,
    })
}

/// One parameter's effect on the metric in a sensitivity analysis: the metric with
/// the parameter moved down and up by the stated amount (None: that side was not
/// played, the scenario refuses the value), each minus the baseline's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    /// The key path, as `--set` takes it.
    pub key: String,
    /// The value in the scenario.
    pub base: f64,
    /// The values played below and above it.
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// The metric at `low` and `high`.
    pub at_low: Option<Estimate>,
    pub at_high: Option<Estimate>,
    /// Change from the baseline at `low` and `high`, with a 95% interval.
    pub d_low: Option<Estimate>,
    pub d_high: Option<Estimate>,
    /// Why a side was not played (the scenario's message, first line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
    /// Sides the move would have taken outside the values the key takes, played at
    /// the nearest value it does take instead: what was played, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub moved: Vec<String>,
}

impl Effect {
    /// No effect: every side played gives the baseline's metric exactly (with common
    /// random numbers, the same runs to the last one as far as the metric can tell).
    pub fn none(&self, base: &Estimate) -> bool {
        let same = |e: &Option<Estimate>| e.is_none_or(|e| e.value == base.value);
        (self.at_low.is_some() || self.at_high.is_some())
            && same(&self.at_low)
            && same(&self.at_high)
    }

    /// The largest absolute change of either side (for sorting the tornado).
    pub fn swing(&self) -> f64 {
        [self.d_low, self.d_high]
            .iter()
            .flatten()
            .map(|d| d.value.abs())
            .fold(0.0, f64::max)
    }
}

/// The change `at − base` with a 95% interval from the two intervals' half-widths
/// added in quadrature: the interval of a difference of independent estimates.
/// With common random numbers the two are positively correlated, so this is wider
/// than the paired interval (conservative). A difference of two shares lies in
/// [−1, 1], so for shares (`share`) the interval is clipped there.
pub fn difference(at: &Estimate, base: &Estimate, share: bool) -> Estimate {
    let h = |e: &Estimate| ((e.hi - e.lo) / 2.0).max(0.0);
    let d = at.value - base.value;
    let w = (h(at).powi(2) + h(base).powi(2)).sqrt();
    let (lo, hi) = if share {
        ((d - w).max(-1.0), (d + w).min(1.0))
    } else {
        (d - w, d + w)
    };
    Estimate { value: d, lo, hi }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Target {
        Target::parse(s).unwrap()
    }

    #[test]
    fn targets_parse_and_unknown_metrics_suggest_the_closest_name() {
        let x = t("first_treaty_survives_120 >= 80%");
        assert_eq!(x.metric, Metric::FirstTreatySurvivesAt(120));
        assert_eq!(x.op, Op::AtLeast);
        assert!((x.value - 0.8).abs() < 1e-12);
        assert_eq!(t("war<=0.1").metric, Metric::Conflict);
        let e = Target::parse("agrement >= 0.5").unwrap_err();
        assert!(e.contains("did you mean `agreement`"), "{e}");
        assert!(Target::parse("agreement = 0.5").is_err());
        assert!(Target::parse("agreement >= 1.5").is_err());
        assert!(Target::parse("agreement >= nan").is_err());
    }

    /// A step at 0.3 with an interval ±0.05 around a linear metric: the answer, the
    /// bracket and the interval land where the arithmetic says.
    #[test]
    fn bisection_finds_a_linear_crossing_and_the_interval_around_it() {
        let target = t("agreement >= 0.5");
        let mut run = |x: f64| {
            Ok(Some(Estimate {
                value: x,
                lo: x - 0.05,
                hi: x + 0.05,
            }))
        };
        let s = find(
            &target,
            0.0,
            1.0,
            1e-3,
            Direction::Smallest,
            false,
            &mut run,
        )
        .unwrap();
        let Outcome::Found {
            value,
            bracket,
            interval,
        } = s.outcome
        else {
            panic!("{s:?}")
        };
        assert!((value - 0.5).abs() <= 1e-3 && value >= 0.5, "{value}");
        assert!(bracket[1] - bracket[0] <= 1e-3);
        assert!((interval[0].unwrap() - 0.45).abs() <= 1e-3, "{interval:?}");
        assert!((interval[1].unwrap() - 0.55).abs() <= 1e-3, "{interval:?}");
        assert!(!s.non_monotone);
        // Largest value of a falling metric under a ceiling.
        let target = t("conflict <= 0.25");
        let mut run = |x: f64| {
            Ok(Some(Estimate {
                value: 1.0 - x,
                lo: 1.0 - x,
                hi: 1.0 - x,
            }))
        };
        let s = find(&target, 0.0, 1.0, 1e-3, Direction::Largest, false, &mut run).unwrap();
        assert!(matches!(
            s.outcome,
            Outcome::NotBracketed {
                met_lo: false,
                met_hi: true
            }
        ));
        let s = find(
            &target,
            0.0,
            1.0,
            1e-3,
            Direction::Smallest,
            false,
            &mut run,
        )
        .unwrap();
        let Outcome::Found { value, .. } = s.outcome else {
            panic!()
        };
        assert!((value - 0.75).abs() <= 1e-3 && value >= 0.75, "{value}");
    }

    /// Independent estimates with half-widths 0.03 and 0.04 give a difference with
    /// half-width 0.05 (3-4-5); a share's difference never leaves [−1, 1].
    #[test]
    fn differences_add_half_widths_in_quadrature_and_shares_stay_in_bounds() {
        let e = |v: f64, h: f64| Estimate {
            value: v,
            lo: v - h,
            hi: v + h,
        };
        let d = difference(&e(0.6, 0.03), &e(0.5, 0.04), true);
        assert!((d.value - 0.1).abs() < 1e-12);
        assert!(
            (d.lo - 0.05).abs() < 1e-12 && (d.hi - 0.15).abs() < 1e-12,
            "{d:?}"
        );
        let d = difference(&e(0.0, 0.2), &e(1.0, 0.2), true);
        assert_eq!((d.value, d.lo), (-1.0, -1.0));
        let d = difference(&e(0.0, 0.2), &e(1.0, 0.2), false);
        assert!(d.lo < -1.2, "payoffs are not clipped: {d:?}");
    }

    #[test]
    fn integer_keys_are_probed_at_whole_numbers_only() {
        let target = t("agreement >= 0.5");
        let mut seen = Vec::new();
        let mut run = |x: f64| {
            seen.push(x);
            Ok(Some(Estimate {
                value: if x >= 7.0 { 1.0 } else { 0.0 },
                lo: 0.0,
                hi: 1.0,
            }))
        };
        let s = find(
            &target,
            0.0,
            20.0,
            1e-9,
            Direction::Smallest,
            true,
            &mut run,
        )
        .unwrap();
        assert!(matches!(s.outcome, Outcome::Found { value, .. } if value == 7.0));
        assert!(seen.iter().all(|x| x.fract() == 0.0), "{seen:?}");
    }
}
