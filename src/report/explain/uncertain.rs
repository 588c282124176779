//! The uncertain numbers of a scenario (drawn once per run) and their distributions in words.

use super::text::*;
use super::*;

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

/// Every parameter drawn from a distribution, with its `--set` path, in file order.
/// Defaults inherited from another key (an actor's exit cost from `[treaty]`,
/// `after_exit` from `no_deal`) are listed once, under the key that set them.
pub fn uncertain_params(s: &Scenario) -> Vec<(String, &Dist)> {
    let mut v: Vec<(String, &Param)> = Vec::new();
    for a in &s.actors {
        let pre = format!("actor.{}", a.id);
        v.push((format!("{pre}.discount"), &a.discount));
        v.push((format!("{pre}.credibility"), &a.credibility));
        if let Tactic::Concession { exponent, initial } = &a.tactic {
            v.push((format!("{pre}.tactic.exponent"), exponent));
            v.push((format!("{pre}.tactic.initial"), initial));
        }
        if let ExitRule::Threshold { level } = &a.exit {
            v.push((format!("{pre}.exit.level"), level));
        }
        let p = &a.payoffs;
        let pp = format!("{pre}.payoffs");
        v.push((format!("{pp}.no_deal"), &p.no_deal));
        v.push((format!("{pp}.gain"), &p.gain));
        let tp = format!("{pp}.temptation");
        match &p.temptation {
            Temptation::Iid { mean, sd } => {
                v.push((format!("{tp}.mean"), mean));
                v.push((format!("{tp}.sd"), sd));
            }
            Temptation::RandomWalk {
                start,
                drift,
                volatility,
            } => {
                v.push((format!("{tp}.start"), start));
                v.push((format!("{tp}.drift"), drift));
                v.push((format!("{tp}.volatility"), volatility));
            }
            Temptation::Ar1 {
                mean,
                phi,
                sd,
                start,
            } => {
                v.push((format!("{tp}.mean"), mean));
                v.push((format!("{tp}.phi"), phi));
                v.push((format!("{tp}.sd"), sd));
                v.push((format!("{tp}.start"), start));
            }
        }
        v.push((format!("{pp}.betrayal"), &p.betrayal));
        v.push((format!("{pp}.conflict"), &p.conflict));
        v.push((format!("{pp}.stalling"), &p.stalling));
        if let Some(c) = &a.war.cost {
            v.push((format!("{pp}.war_cost"), c));
        }
        v.push((format!("{pre}.capability"), &a.war.capability));
        if a.exit_cost != s.treaty.exit_cost {
            v.push((format!("{pre}.exit_cost"), &a.exit_cost));
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
    let t = &s.treaty;
    v.push(("treaty.exit_cost".into(), &t.exit_cost));
    v.push(("treaty.false_alarm".into(), &t.false_alarm));
    v.push(("treaty.missed".into(), &t.missed));
    let c = &s.conflict;
    v.push(("conflict.talks".into(), &c.talks));
    v.push(("conflict.no_deal".into(), &c.no_deal));
    v.push(("conflict.in_force".into(), &c.in_force));
    if c.after_exit != c.no_deal {
        v.push(("conflict.after_exit".into(), &c.after_exit));
    }
    v.push(("reputation.exit_loss".into(), &s.reputation.exit_loss));
    v.push(("reputation.recovery".into(), &s.reputation.recovery));
    v.push((
        "reputation.violation_loss".into(),
        &s.reputation.violation_loss,
    ));
    v.push(("treaty.escalation".into(), &t.consequences.escalation));
    if let Some(e) = &t.consequences.escape_price {
        v.push(("treaty.escape_price".into(), e));
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
