//! Stage 3: warnings for scenarios that are valid but probably not what was meant,
//! computed from typical values ([`Param::typical`]): a stage game in force that is no
//! prisoner's dilemma, and talks that no terms can conclude.

use super::diag::{Diagnostic, Severity};
use super::raw::Span;
use super::types::*;
use super::validate::Places;
use crate::theory::values::utility;
use rand::{RngExt, SeedableRng};

fn warning(span: &Span, message: String, hint: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        message,
        span: Some(span.range.clone()),
        origin: span.origin,
        hint: Some(hint),
    }
}

/// The typical temptation level θ: iid mean, random-walk start, AR(1) mean.
pub fn typical_temptation(t: &Temptation) -> f64 {
    match t {
        Temptation::Iid { mean, .. } => mean.typical(),
        Temptation::RandomWalk { start, .. } => start.typical(),
        Temptation::Ar1 { mean, .. } => mean.typical(),
    }
}

/// How to give a temptation process a positive typical level: the key that sets it
/// differs by process (an iid or AR(1) `mean`, a random walk's `start`).
fn raise_temptation(t: &Temptation, id: &str) -> String {
    let key = match t {
        Temptation::Iid { .. } | Temptation::Ar1 { .. } => "mean",
        Temptation::RandomWalk { .. } => "start",
    };
    format!(
        "give `temptation` a positive `{key}` (e.g. --set actor.{id}.payoffs.temptation.{key}=0.5)"
    )
}

pub(crate) fn warnings(s: &Scenario, places: &Places) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for i in s.deciders() {
        let a = &s.actors[i];
        let theta = typical_temptation(&a.payoffs.temptation);
        let betrayal = a.payoffs.betrayal.typical();
        let span = places.temptation[i].as_ref().unwrap_or(&places.actor[i]);
        let drifting_up = matches!(&a.payoffs.temptation, Temptation::RandomWalk { drift, .. } if drift.typical() > 0.0);
        if theta <= 0.0 {
            let later = if drifting_up {
                "; it drifts upward, so it may become one later in a run"
            } else {
                ""
            };
            out.push(warning(
                span,
                format!(
                    "the stage game in force for `{}` is not a prisoner's dilemma: its typical temptation is {theta}, so there is no temptation to violate (complying pays at least as much whatever the others do){later}",
                    a.id
                ),
                format!(
                    "if the treaty is meant to be tempting, {} and set `betrayal` below minus that level (e.g. --set actor.{}.payoffs.betrayal=-1)",
                    raise_temptation(&a.payoffs.temptation, &a.id),
                    a.id
                ),
            ));
        } else if theta + betrayal >= 0.0 {
            out.push(warning(
                span,
                format!(
                    "the stage game in force for `{}` is not a prisoner's dilemma: with temptation {theta} and betrayal {betrayal}, violating is dominant even against violators and mutual violation pays no less than mutual compliance, so breaking the treaty costs nothing",
                    a.id
                ),
                format!(
                    "make the others' violations hurt: a `betrayal` below {} makes it a prisoner's dilemma (e.g. --set actor.{}.payoffs.betrayal={})",
                    -theta,
                    a.id,
                    -2.0 * theta
                ),
            ));
        }
    }
    if let Some(w) = no_agreement(s, places) {
        out.push(w);
    }
    out
}

/// Warn when no terms give every deciding party at least its reservation utility.
fn no_agreement(s: &Scenario, places: &Places) -> Option<Diagnostic> {
    let deciders = s.deciders();
    if deciders.is_empty() || s.issues.is_empty() {
        return None;
    }
    let low: Vec<f64> = s.issues.iter().map(|i| i.low).collect();
    let high: Vec<f64> = s.issues.iter().map(|i| i.high).collect();
    let reservation: Vec<f64> = deciders
        .iter()
        .map(|&i| s.typical_reservation(i, &deciders).0)
        .collect();
    // Slack of the worst-off decider at terms x, and who that is.
    let slack = |x: &[f64]| -> (f64, usize) {
        let mut worst = (f64::INFINITY, 0);
        for (k, &i) in deciders.iter().enumerate() {
            let a = &s.actors[i];
            let d = utility(x, &a.ideal, &a.salience, &low, &high) - reservation[k];
            if d < worst.0 {
                worst = (d, k);
            }
        }
        worst
    };
    let n = s.issues.len();
    let mut best: (f64, usize, Vec<f64>) = (f64::NEG_INFINITY, 0, vec![]);
    let consider = |x: Vec<f64>, best: &mut (f64, usize, Vec<f64>)| {
        let (v, k) = slack(&x);
        if v > best.0 || best.2.is_empty() {
            *best = (v, k, x);
        }
    };
    if n <= 3 {
        const STEPS: usize = 21;
        let total = STEPS.pow(n as u32);
        for mut code in 0..total {
            let x: Vec<f64> = (0..n)
                .map(|j| {
                    let k = code % STEPS;
                    code /= STEPS;
                    low[j] + (high[j] - low[j]) * k as f64 / (STEPS - 1) as f64
                })
                .collect();
            consider(x, &mut best);
        }
    } else {
        // Random search from a fixed seed (deterministic), then coordinate ascent.
        for &i in &deciders {
            consider(s.actors[i].ideal.clone(), &mut best);
        }
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(0x5ca1ab1e);
        for _ in 0..4000 {
            let x: Vec<f64> = (0..n).map(|j| rng.random_range(low[j]..=high[j])).collect();
            consider(x, &mut best);
        }
        for frac in [0.25, 0.1, 0.05, 0.01, 0.002] {
            let mut improved = true;
            while improved && best.0 < 0.0 {
                improved = false;
                for j in 0..n {
                    for sign in [-1.0, 1.0] {
                        let mut x = best.2.clone();
                        x[j] = (x[j] + sign * frac * (high[j] - low[j])).clamp(low[j], high[j]);
                        let (v, k) = slack(&x);
                        if v > best.0 + 1e-12 {
                            best = (v, k, x);
                            improved = true;
                        }
                    }
                }
            }
        }
    }
    if best.0 >= 0.0 {
        return None;
    }
    let k = best.1;
    let a = &s.actors[deciders[k]];
    let r = reservation[k];
    let detail = if r.is_infinite() {
        format!(
            "`{}` values no terms above no deal (its gain is 0 or nobody is credible)",
            a.id
        )
    } else {
        format!(
            "even at the best terms found, `{}` gets utility {:.3}, below its reservation utility {:.3}",
            a.id,
            best.0 + r,
            r
        )
    };
    Some(warning(
        &places.actor[deciders[k]],
        format!("no terms can satisfy every deciding party, so the talks can only fail: {detail}"),
        "raise a `gain`, lower a `no_deal`, raise `conflict.no_deal` (the risk of no deal), or bring the ideals closer".into(),
    ))
}
