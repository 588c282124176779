//! Validation of the crisis-bargaining keys: an actor's `capability`,
//! `payoffs.war_cost` and `private`, and `[talks] protocol`.

use super::{ANY, Bounds, Cx, NONNEG, param, param_or, string, wrong_type};
use crate::scenario::raw::{Node, Table, Value};
use crate::scenario::types::*;

const POSITIVE: Bounds = Bounds {
    lo: 0.0,
    lo_open: true,
    ..ANY
};

/// Parameters an actor may declare private.
const PRIVATE: &[&str] = &["war_cost"];

/// The payoffs table of an actor, if it is one.
fn payoffs_table(t: &Table) -> Option<&Table> {
    match &t.get("payoffs")?.value {
        Value::Table(pt) => Some(pt),
        _ => None,
    }
}

/// An actor's power and war keys.
pub(super) fn war(cx: &mut Cx, t: &Table, me: &str) -> War {
    let capability = param_or(cx, t, "capability", POSITIVE, 1.0);
    let pt = payoffs_table(t);
    let cost_node = pt.and_then(|p| p.get("war_cost"));
    let cost = cost_node.and_then(|n| param(cx, n, "war_cost", NONNEG));
    if let (Some(n), Some(_)) = (cost_node, pt.and_then(|p| p.get("conflict"))) {
        cx.error(
            &n.span,
            format!("`{me}` gives both `conflict` and `war_cost`"),
            "give the payoff of war directly (`conflict`), or derive it from power (`war_cost` with the actors' `capability`), not both".to_string(),
        );
    }
    let mut private_cost = false;
    if let Some(n) = t.get("private") {
        match &n.value {
            Value::Array(items) => {
                for item in items {
                    let Some(key) = string(cx, item, "private") else {
                        continue;
                    };
                    if !PRIVATE.contains(&key.as_str()) {
                        cx.error(
                            &item.span,
                            format!("`{key}` cannot be private"),
                            format!("parameters that can be private: {}", PRIVATE.join(", ")),
                        );
                        continue;
                    }
                    private_cost = true;
                    match &cost {
                        Some(Param::Dist(d)) => check_belief(cx, item, d, me),
                        _ => cx.error(
                            &item.span,
                            format!("`{me}`'s war_cost is private but not a distribution"),
                            "a private parameter is drawn per run and known to its actor only; the others hold its distribution as their belief: give e.g. war_cost = { dist = \"uniform\", low = 0, high = 1 }".to_string(),
                        ),
                    }
                }
            }
            _ => wrong_type(
                cx,
                n,
                "private",
                "an array of parameter names",
                Some("private = [\"war_cost\"]"),
            ),
        }
    }
    War {
        capability,
        cost,
        private_cost,
    }
}

/// A belief must have a closed-form distribution function and no clamping bounds
/// (a clamp puts mass on a point, which Bayes' rule on intervals would miss).
fn check_belief(cx: &mut Cx, at: &Node, d: &Dist, me: &str) {
    if matches!(d.kind, DistKind::Beta { .. }) {
        cx.error(
            &at.span,
            format!("`{me}`'s private war_cost has a beta distribution"),
            "beliefs need a distribution function in closed form: use uniform, triangular, normal or lognormal".to_string(),
        );
    }
    if d.min.is_some() || d.max.is_some() {
        cx.error(
            &at.span,
            format!("`{me}`'s private war_cost has `min`/`max` bounds"),
            "a private parameter's distribution is the others' belief and cannot be clamped: remove min/max (a uniform or triangular distribution is bounded by itself)".to_string(),
        );
    }
}

/// `[talks] protocol`.
pub(super) fn protocol(cx: &mut Cx, n: &Node) -> Option<TalksProtocol> {
    let s = string(cx, n, "protocol")?;
    match s.as_str() {
        "concession" => Some(TalksProtocol::Concession),
        "crisis" => Some(TalksProtocol::Crisis),
        _ => {
            cx.error(
                &n.span,
                format!("unknown talks protocol `{s}`"),
                "protocols: \"concession\" (alternating offers with each actor's tactic) or \"crisis\" (offers against beliefs, war as a choice)".to_string(),
            );
            None
        }
    }
}

/// Checks across actors and talks.
pub(super) fn check(
    cx: &mut Cx,
    root: &Table,
    actors: &[Actor],
    actor_nodes: &[&Node],
    deciders: &[usize],
    talks: &Talks,
) {
    let talks_node = root.get("talks");
    let protocol_span = talks_node
        .and_then(|n| match &n.value {
            Value::Table(t) => t.get("protocol").map(|p| p.span.clone()),
            _ => None,
        })
        .or_else(|| talks_node.map(|n| n.span.clone()));
    if talks.protocol == TalksProtocol::Crisis {
        let at = protocol_span.clone().unwrap_or_else(super::root_span);
        if deciders.len() < 2 {
            cx.error(
                &at,
                format!(
                    "crisis talks need at least 2 deciding actors; this scenario has {}",
                    deciders.len()
                ),
                "crisis bargaining is between sides that can each go to war: let at least two actors decide (no `principal`)".to_string(),
            );
        }
        if actors.iter().any(|a| a.tactic == Tactic::SubgamePerfect) {
            cx.error(
                &at,
                "tactic `subgame-perfect` cannot be used in crisis talks",
                "crisis talks choose offers against beliefs; remove the subgame-perfect tactic or use protocol = \"concession\"".to_string(),
            );
        }
    }
    for (k, a) in actors.iter().enumerate() {
        if a.war.private_cost && talks.protocol != TalksProtocol::Crisis {
            let span = match &actor_nodes[k].value {
                Value::Table(t) => t.get("private").map(|p| p.span.clone()),
                _ => None,
            }
            .unwrap_or_else(|| actor_nodes[k].span.clone());
            cx.error(
                &span,
                format!("`{}`'s private war cost would change nothing", a.id),
                "private information matters only in crisis talks, where offers are chosen against beliefs: add protocol = \"crisis\" to [talks], or remove `private`".to_string(),
            );
        }
    }
}
