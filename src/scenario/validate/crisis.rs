//! Validation of the crisis-bargaining keys: an actor's `capability`,
//! `payoffs.war_cost` and `private`, and `[talks] protocol`.

use super::{Cx, Keyed, Num, actor_key, num, num_node, string, wrong_type};
use crate::scenario::raw::{Node, Table, Value};
use crate::scenario::types::*;

/// Parameters an actor may declare private.
const PRIVATE: &[&str] = &["war_cost", "gain", "no_deal"];

/// The payoffs table of an actor, if it is one.
fn payoffs_table(t: &Table) -> Option<&Table> {
    match &t.get("payoffs")?.value {
        Value::Table(pt) => Some(pt),
        _ => None,
    }
}

/// An actor's power and war keys (`payoffs`: its payoffs, already read).
pub(super) fn war(cx: &mut Cx, t: &Table, me: &str, payoffs: &Payoffs) -> War {
    let capability = num(cx, t, Num::Capability);
    let pt = payoffs_table(t);
    let cost_node = pt.and_then(|p| p.get("war_cost"));
    let cost = cost_node.and_then(|n| num_node(cx, n, Num::WarCost));
    if let (Some(n), Some(_)) = (cost_node, pt.and_then(|p| p.get("conflict"))) {
        cx.error(
            &n.span,
            format!("`{me}` gives both `conflict` and `war_cost`"),
            "give the payoff of war directly (`conflict`), or derive it from power (`war_cost` with the actors' `capability`), not both".to_string(),
        );
    }
    let mut private = None;
    if let Some(n) = t.get("private") {
        match &n.value {
            Value::Array(items) => {
                for item in items {
                    let Some(key) = string(cx, item, "private") else {
                        continue;
                    };
                    let which = match key.as_str() {
                        "war_cost" => Private::WarCost,
                        "gain" => Private::Gain,
                        "no_deal" => Private::NoDeal,
                        _ => {
                            cx.error(
                                &item.span,
                                format!("`{key}` cannot be private"),
                                format!("parameters that can be private: {}", PRIVATE.join(", ")),
                            );
                            continue;
                        }
                    };
                    if let Some(first) = private {
                        cx.error(
                            &item.span,
                            format!("`{me}` has a second private parameter, `{key}`"),
                            format!("the others update one belief about each actor by Bayes' rule: keep one private parameter (`{}` is already private)", Private::key(first)),
                        );
                        continue;
                    }
                    private = Some(which);
                    let value = match which {
                        Private::WarCost => cost.as_ref(),
                        Private::Gain => Some(&payoffs.gain),
                        Private::NoDeal => Some(&payoffs.no_deal),
                    };
                    match value {
                        Some(Param::Dist(d)) => check_belief(cx, item, d, me, which),
                        _ => cx.error(
                            &item.span,
                            format!("`{me}`'s {key} is private but not a distribution"),
                            format!("a private parameter is drawn per run and known to its actor only; the others hold its distribution as their belief: give e.g. {key} = {{ dist = \"uniform\", low = 0.5, high = 1.5 }}"),
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
        private,
        commitment: None,
        ratification: super::power::ratification(cx, t),
    }
}

/// `commitment = { issue = "id", value = v, audience_cost = a }`.
pub(super) fn commitment(
    cx: &mut Cx,
    n: &Node,
    me: &str,
    issues: &[Issue],
    issue_ids: &[String],
) -> Option<Commitment> {
    let Value::Table(t) = &n.value else {
        wrong_type(
            cx,
            n,
            "commitment",
            "a table",
            Some("commitment = { issue = \"door\", value = 0, audience_cost = 20 }"),
        );
        return None;
    };
    super::check_keys(
        cx,
        t,
        &["issue", "value", "audience_cost"],
        &format!("`{me}`'s commitment"),
    );
    let missing = |cx: &mut Cx, key: &str| {
        cx.error(
            &n.span,
            format!("`{me}`'s commitment has no `{key}`"),
            "write commitment = { issue = \"id\", value = v, audience_cost = a }".to_string(),
        );
    };
    let Some(issue_node) = t.get("issue") else {
        missing(cx, "issue");
        return None;
    };
    let issue = super::reference(cx, issue_node, "issue", "issue", issue_ids)?;
    let Some(vn) = t.get("value") else {
        missing(cx, "value");
        return None;
    };
    let value = super::finite_number(cx, vn, Keyed::CommitmentValue.key())?;
    let iss = &issues[issue];
    if !Keyed::CommitmentValue
        .bounds(Some((iss.low, iss.high)))
        .contains(value)
    {
        cx.error(
            &vn.span,
            format!(
                "the committed value {value} lies outside the issue's range [{}, {}]",
                iss.low, iss.high
            ),
            "a commitment is to a value of the issue".to_string(),
        );
        return None;
    }
    let Some(an) = t.get("audience_cost") else {
        missing(cx, "audience_cost");
        return None;
    };
    let audience_cost = super::keyed_node(cx, an, Keyed::AudienceCost)?;
    Some(Commitment {
        issue,
        value,
        audience_cost,
    })
}

/// A belief must have a closed-form distribution function and no clamping bounds
/// (a clamp puts mass on a point, which Bayes' rule on intervals would miss); a
/// private gain must be positive (offers are screened on the sign of its slope).
fn check_belief(cx: &mut Cx, at: &Node, d: &Dist, me: &str, which: Private) {
    let key = which.key();
    if matches!(d.kind, DistKind::Beta { .. }) {
        cx.error(
            &at.span,
            format!("`{me}`'s private {key} has a beta distribution"),
            "beliefs need a distribution function in closed form: use uniform, triangular, normal or lognormal".to_string(),
        );
    }
    if d.min.is_some() || d.max.is_some() {
        cx.error(
            &at.span,
            format!("`{me}`'s private {key} has `min`/`max` bounds"),
            "a private parameter's distribution is the others' belief and cannot be clamped: remove min/max (a uniform or triangular distribution is bounded by itself)".to_string(),
        );
    }
    let positive = match d.kind {
        DistKind::Uniform { low, .. } | DistKind::Triangular { low, .. } => low > 0.0,
        DistKind::LogNormal { .. } => true,
        DistKind::Normal { .. } | DistKind::Beta { .. } => false,
    };
    if which == Private::Gain && !positive {
        cx.error(
            &at.span,
            format!("`{me}`'s private gain can be zero or negative"),
            "a private gain must be positive in every type the others consider: use a uniform or triangular distribution with low > 0, or a lognormal".to_string(),
        );
    }
}

/// An issue's `status_quo`: a number in its range.
pub(super) fn status_quo(cx: &mut Cx, n: &Node, low: f64, high: f64) -> Option<f64> {
    let v = super::finite_number(cx, n, Keyed::StatusQuo.key())?;
    if !Keyed::StatusQuo.bounds(Some((low, high))).contains(v) {
        cx.error(
            &n.span,
            format!("the status quo {v} lies outside the issue's range [{low}, {high}]"),
            "the status quo is where the issue stands without an agreement: a value of the issue"
                .to_string(),
        );
        return None;
    }
    Some(v)
}

/// An indivisible issue's `values`: a non-empty list of numbers in its range.
pub(super) fn values(cx: &mut Cx, n: &Node, low: f64, high: f64) -> Vec<f64> {
    let Value::Array(items) = &n.value else {
        wrong_type(
            cx,
            n,
            "values",
            "an array of numbers",
            Some("values = [0, 1]"),
        );
        return vec![];
    };
    if items.is_empty() {
        cx.error(
            &n.span,
            "`values` is empty",
            "list the values the issue can take, e.g. values = [0, 1]; or leave `values` out for any value in the range".to_string(),
        );
    }
    let mut out = Vec::new();
    for it in items {
        let Some(v) = super::finite_number(cx, it, Keyed::Values.key()) else {
            continue;
        };
        if !Keyed::Values.bounds(Some((low, high))).contains(v) {
            cx.error(
                &it.span,
                format!("the value {v} lies outside the issue's range [{low}, {high}]"),
                "an indivisible issue's values are values of the issue".to_string(),
            );
            continue;
        }
        out.push(v);
    }
    out.sort_by(f64::total_cmp);
    out
}

/// Ideals and the status quo of an indivisible issue must be among its values.
pub(super) fn indivisible(
    cx: &mut Cx,
    root: &Table,
    issues: &[Issue],
    actors: &[Actor],
    actor_nodes: &[&Node],
) {
    let issue_nodes: Vec<&Node> = match root.get("issue").map(|n| &n.value) {
        Some(Value::Array(items)) => items.iter().collect(),
        _ => vec![],
    };
    let among = |vals: &[f64], v: f64| vals.iter().any(|&x| (x - v).abs() <= 1e-12);
    for (j, iss) in issues.iter().enumerate() {
        if iss.values.is_empty() {
            continue;
        }
        let list = iss
            .values
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        if let Some(sq) = iss.status_quo
            && !among(&iss.values, sq)
        {
            let span = issue_nodes
                .get(j)
                .and_then(|n| match &n.value {
                    Value::Table(t) => t.get("status_quo").map(|x| x.span.clone()),
                    _ => None,
                })
                .unwrap_or_else(super::root_span);
            cx.error(
                &span,
                format!(
                    "the status quo {sq} of `{}` is not one of its values ({list})",
                    iss.id
                ),
                "an indivisible issue stands at one of its values".to_string(),
            );
        }
        for (k, a) in actors.iter().enumerate() {
            if among(&iss.values, a.ideal[j]) {
                continue;
            }
            let span = actor_key(actor_nodes[k], "ideal")
                .map_or_else(|| actor_nodes[k].span.clone(), |x| x.span.clone());
            cx.error(
                &span,
                format!(
                    "`{}`'s ideal {} for the indivisible issue `{}` is not one of its values ({list})",
                    a.id, a.ideal[j], iss.id
                ),
                format!("give `{}` one of the values {list} as its ideal for `{}`", a.id, iss.id),
            );
        }
    }
}

/// A status quo is a point: every issue gives one, or none does.
pub(super) fn status_quo_everywhere(cx: &mut Cx, root: &Table, issues: &[Issue]) {
    let given = issues.iter().filter(|i| i.status_quo.is_some()).count();
    if given == 0 || given == issues.len() {
        return;
    }
    let Some(missing) = issues.iter().position(|i| i.status_quo.is_none()) else {
        return;
    };
    let span = match root.get("issue").map(|n| &n.value) {
        Some(Value::Array(items)) => items.get(missing).map(|n| n.span.clone()),
        _ => None,
    }
    .unwrap_or_else(super::root_span);
    cx.error(
        &span,
        format!(
            "issue `{}` has no status_quo, but other issues do",
            issues[missing].id
        ),
        "the status quo is a point: give every issue a status_quo, or none".to_string(),
    );
}

/// `[talks] protocol`.
pub(super) fn protocol(cx: &mut Cx, n: &Node) -> Option<TalksProtocol> {
    let s = string(cx, n, "protocol")?;
    match s.as_str() {
        "concession" => Some(TalksProtocol::Concession),
        "crisis" => Some(TalksProtocol::Crisis),
        "expected-utility" => Some(TalksProtocol::ExpectedUtility),
        _ => {
            cx.error(
                &n.span,
                format!("unknown talks protocol `{s}`"),
                "protocols: \"concession\" (alternating offers with each actor's tactic), \"crisis\" (offers against beliefs, war as a choice) or \"expected-utility\" (rounds of challenges move positions; see docs/expected-utility.md)".to_string(),
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
        } else {
            // A concession tactic sets when a party concedes in alternating offers;
            // crisis talks choose every offer against beliefs, so it would change nothing.
            for (a, node) in actors.iter().zip(actor_nodes) {
                if let Some(n) = actor_key(node, "tactic") {
                    cx.error(
                        &n.span,
                        format!("`{}`'s tactic would change nothing in crisis talks", a.id),
                        "crisis talks choose each offer against what the proposer believes of the others, not by a concession schedule: remove `tactic`, or use protocol = \"concession\"".to_string(),
                    );
                }
            }
        }
    }
    // Capability sets only the war chances behind a `war_cost` (and the
    // expected-utility model's clout): without either it is read nowhere, in crisis
    // talks too (every war there pays its `conflict` as given).
    if talks.protocol != TalksProtocol::ExpectedUtility
        && actors.iter().all(|a| a.war.cost.is_none())
    {
        for (a, node) in actors.iter().zip(actor_nodes) {
            if let Some(n) = actor_key(node, "capability") {
                cx.error(
                    &n.span,
                    format!("`{}`'s capability would change nothing", a.id),
                    "capability only sets the chance of winning a war whose payoff comes from a `war_cost` (and the clout of expected-utility talks); no actor here has a `war_cost`, so every war pays its `conflict` as given: remove `capability`, give war costs, or use protocol = \"expected-utility\" (where capability is clout)".to_string(),
                );
            }
        }
    }
    if talks.protocol == TalksProtocol::Crisis {
        return;
    }
    // Keys that only crisis talks read would change nothing elsewhere.
    for (k, a) in actors.iter().enumerate() {
        let inert = [
            (
                a.war.commitment.is_some(),
                "commitment",
                "commitment",
                "public commitments (audience costs) matter in crisis talks",
            ),
            (
                a.war.private.is_some(),
                "private",
                "private information",
                "private information matters only in crisis talks, where offers are chosen against beliefs",
            ),
        ];
        for (set, key, what, why) in inert {
            if !set {
                continue;
            }
            let span = actor_key(actor_nodes[k], key)
                .map_or_else(|| actor_nodes[k].span.clone(), |p| p.span.clone());
            cx.error(
                &span,
                format!("`{}`'s {what} would change nothing", a.id),
                format!("{why}: add protocol = \"crisis\" to [talks], or remove `{key}`"),
            );
        }
    }
}
