//! The uncertain numbers of a scenario (drawn once per run) and their distributions in words.

use super::text::*;
use super::*;
use crate::scenario::params::{Num, Unset};

pub(super) fn uncertain_part(o: &mut String, s: &Scenario) {
    let list = uncertain_params(s);
    let _ = writeln!(o);
    if list.is_empty() {
        let _ = writeln!(o, "Uncertain numbers: none (every number is fixed).");
        return;
    }
    let _ = writeln!(o, "Uncertain numbers (drawn once per run)");
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|(path, d)| vec![path.clone(), describe_dist(d)])
        .collect();
    table(o, &rows, 2);
}

/// Every parameter drawn from a distribution, with its `--set` path: each actor's
/// (in the order `scenario::params` lists them), the expected-utility model's
/// positions and saliences, then the scenario-wide ones. Defaults inherited from
/// another key (an actor's exit cost from `[treaty]`, `after_exit` from `no_deal`) are
/// listed once, under the key that set them.
pub fn uncertain_params(s: &Scenario) -> Vec<(String, &Dist)> {
    let listed = |actor: bool| {
        let mut nums: Vec<Num> = Num::all()
            .filter(|p| p.spec().uncertain && p.per_actor() == actor)
            .collect();
        nums.sort_by_key(|p| p.spec().listed);
        nums
    };
    // Shown unless inherited unchanged from the key it defaults to.
    let own = |p: Num, i: usize| -> Option<&Param> {
        let v = p.param(s, i)?;
        match p.spec().default {
            Unset::Inherit(from) if from.param(s, i) == Some(v) => None,
            _ => Some(v),
        }
    };
    let mut v: Vec<(String, &Param)> = Vec::new();
    for (i, a) in s.actors.iter().enumerate() {
        for p in listed(true) {
            if let Some(x) = own(p, i) {
                let rest = p.spec().path.trim_start_matches("actor.");
                v.push((format!("actor.{}.{rest}", a.id), x));
            }
        }
    }
    // Expected-utility talks: positions and saliences drawn per run.
    for u in &s.talks.position_model.uncertain {
        let key = if u.salience { "salience" } else { "ideal" };
        v.push((
            format!(
                "actor.{}.{key}.{}",
                s.actors[u.actor].id, s.issues[u.issue].id
            ),
            &u.value,
        ));
    }
    for p in listed(false) {
        if let Some(x) = own(p, 0) {
            v.push((p.spec().path.to_string(), x));
        }
    }
    v.into_iter()
        .filter_map(|(path, p)| match p {
            Param::Dist(d) => Some((path, d)),
            Param::Fixed(_) => None,
        })
        .collect()
}

/// "normal(mean 2, sd 0.5), clamped to [0, ∞)".
pub fn describe_dist(d: &Dist) -> String {
    let mut t = match d.kind {
        DistKind::Normal { mean, sd } => format!("normal, mean {}, sd {}", num(mean), num(sd)),
        DistKind::Uniform { low, high } => format!("uniform from {} to {}", num(low), num(high)),
        DistKind::Triangular { low, mode, high } => format!(
            "triangular from {} to {}, mode {}",
            num(low),
            num(high),
            num(mode)
        ),
        DistKind::Beta {
            alpha,
            beta,
            low,
            high,
        } => format!(
            "beta(α {}, β {}) on [{}, {}]",
            num(alpha),
            num(beta),
            num(low),
            num(high)
        ),
        DistKind::LogNormal { mu, sigma } => {
            format!("lognormal, log-mean {}, log-sd {}", num(mu), num(sigma))
        }
    };
    match (d.min, d.max) {
        (Some(a), Some(b)) => {
            let _ = write!(t, ", kept within [{}, {}]", num(a), num(b));
        }
        (Some(a), None) => {
            let _ = write!(t, ", at least {}", num(a));
        }
        (None, Some(b)) => {
            let _ = write!(t, ", at most {}", num(b));
        }
        (None, None) => {}
    }
    let _ = write!(t, "; typical {}", num(Param::Dist(d.clone()).typical()));
    t
}
