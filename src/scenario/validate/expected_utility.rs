//! Validation of the expected-utility protocol's keys: `[talks] q`, `t`, `rounds` and
//! `tolerance`, allowed only with `protocol = "expected-utility"`; the actors'
//! saliences, which that model reads as given, each in [0, 1]; positions and
//! saliences given as distributions, which only that model draws; and the keys of
//! other talks that would change nothing under the model (its talks agree at once on
//! its prediction, which every party accepts).

use super::dist::dist;
use super::{ANY, Cx, Keyed, Num, PROB, Whole, fixed_opt, number, param, rounds_opt};
use crate::scenario::raw::{Node, Table, Value};
use crate::scenario::types::*;

/// The model's keys in `[talks]`.
const KEYS: [&str; 4] = ["q", "t", "rounds", "tolerance"];

/// An actor's id for a message ("?" when it has none, which is reported elsewhere).
fn actor_id(t: &Table) -> String {
    match t.get("id").map(|n| &n.value) {
        Some(Value::Str(s)) => s.clone(),
        _ => "?".into(),
    }
}

/// `[talks] q, t, rounds, tolerance` (defaults where absent or wrong; errors recorded).
pub(super) fn params(cx: &mut Cx, t: &Table) -> PositionModel {
    let d = PositionModel::default();
    PositionModel {
        q: fixed_opt(cx, t, Num::Q).unwrap_or(d.q),
        t: fixed_opt(cx, t, Num::T).unwrap_or(d.t),
        rounds: rounds_opt(cx, t, Whole::Rounds).unwrap_or(d.rounds),
        tolerance: fixed_opt(cx, t, Num::Tolerance).unwrap_or(d.tolerance),
        uncertain: Vec::new(),
    }
}

/// The number an `ideal` or `salience` entry gives the rest of the scenario: the
/// number itself, or the typical value of a distribution (which only the
/// expected-utility model draws; [`check`] validates it and reports its errors).
pub(super) fn number_or_typical(cx: &mut Cx, n: &Node, key: &str) -> Option<f64> {
    match &n.value {
        Value::Table(t) => {
            let mut quiet = Cx { diags: Vec::new() };
            dist(&mut quiet, n, t, key, ANY).map(|d| Param::Dist(d).typical())
        }
        _ => number(cx, n, key),
    }
}

/// The model's keys only with its protocol; saliences in [0, 1] with it; uncertain
/// positions and saliences (recorded in `talks.position_model`) only with it.
pub(super) fn check(
    cx: &mut Cx,
    root: &Table,
    actor_nodes: &[&Node],
    talks: &mut Talks,
    issues: &[Issue],
    issue_ids: &[String],
) {
    let eu = talks.protocol == TalksProtocol::ExpectedUtility;
    talks.position_model.uncertain = uncertain(cx, actor_nodes, eu, issues, issue_ids);
    if !eu {
        if let Some(Value::Table(t)) = root.get("talks").map(|n| &n.value) {
            for key in KEYS {
                if let Some(n) = t.get(key) {
                    cx.error(
                        &n.span,
                        format!("`{key}` belongs to the expected-utility model, which these talks do not use"),
                        "add protocol = \"expected-utility\" to [talks], or remove the key".to_string(),
                    );
                }
            }
        }
        return;
    }
    inert(cx, root, actor_nodes);
    for node in actor_nodes {
        let Value::Table(t) = &node.value else {
            continue;
        };
        let Some(Value::Table(st)) = t.get("salience").map(|n| &n.value) else {
            continue;
        };
        let me = actor_id(t);
        for e in &st.entries {
            let v = match &e.node.value {
                Value::Int(i) => *i as f64,
                Value::Float(x, _) => *x,
                _ => continue,
            };
            if v > 1.0 {
                cx.error(
                    &e.node.span,
                    format!("the salience `{}` of `{me}` is {v}, above 1", e.key),
                    "the expected-utility model reads saliences as given, from 0 (does not care) to 1 (nothing matters more); divide published 0–100 saliences by 100".to_string(),
                );
            }
        }
    }
}

/// Keys that other talks read and the expected-utility model does not: its talks agree
/// in their first round on the model's prediction, which every party accepts, so
/// nothing proposes, concedes, waits for a deadline or retries, and the credibility of
/// promises (which `[reputation]` moves) never enters a reservation value.
fn inert(cx: &mut Cx, root: &Table, actor_nodes: &[&Node]) {
    let why = "under protocol = \"expected-utility\" the talks agree in their first round on \
               the model's prediction, which every party accepts";
    if let Some(Value::Table(t)) = root.get("talks").map(|n| &n.value) {
        for (key, what) in [
            (
                "deadline",
                "expected-utility talks have no deadline to wait for",
            ),
            (
                "retry_after",
                "expected-utility talks never fail, so they are never retried",
            ),
            ("proposers", "nobody proposes in expected-utility talks"),
        ] {
            if let Some(n) = t.get(key) {
                cx.error(
                    &n.span,
                    format!("`{key}` would change nothing: {what}"),
                    format!(
                        "{why}: remove `{key}`, or use protocol = \"concession\" or \"crisis\""
                    ),
                );
            }
        }
    }
    if let Some(n) = root.get("reputation") {
        cx.error(
            &n.span,
            "`[reputation]` would change nothing in expected-utility talks",
            format!("{why}, so the credibility it moves never counts: remove `[reputation]`, or use protocol = \"concession\" or \"crisis\""),
        );
    }
    for node in actor_nodes {
        let Value::Table(t) = &node.value else {
            continue;
        };
        let me = actor_id(t);
        for (key, what) in [
            (
                "tactic",
                "in expected-utility talks an actor makes no offers of its own",
            ),
            (
                "credibility",
                "in expected-utility talks no reservation value weighs it",
            ),
        ] {
            if let Some(n) = t.get(key) {
                cx.error(
                    &n.span,
                    format!("`{me}`'s {key} would change nothing: {what}"),
                    format!(
                        "{why}: remove `{key}`, or use protocol = \"concession\" or \"crisis\""
                    ),
                );
            }
        }
    }
}

/// The positions and saliences given as distributions: errors unless the talks use the
/// model, bounds from the issue's range (positions) or [0, 1] (saliences).
fn uncertain(
    cx: &mut Cx,
    actor_nodes: &[&Node],
    eu: bool,
    issues: &[Issue],
    issue_ids: &[String],
) -> Vec<UncertainPosition> {
    let mut out = Vec::new();
    for (actor, node) in actor_nodes.iter().enumerate() {
        let Value::Table(t) = &node.value else {
            continue;
        };
        let me = actor_id(t);
        for (key, salience) in [("ideal", false), ("salience", true)] {
            let Some(Value::Table(st)) = t.get(key).map(|n| &n.value) else {
                continue;
            };
            for e in &st.entries {
                if !matches!(e.node.value, Value::Table(_)) {
                    continue;
                }
                // An unknown issue is reported where the actor is read.
                let Some(issue) = issue_ids.iter().position(|id| *id == e.key) else {
                    continue;
                };
                if !eu {
                    cx.error(
                        &e.node.span,
                        format!("the {key} `{}` of `{me}` is a distribution, which only the expected-utility model draws", e.key),
                        format!("give a number ({key} = {{ {} = ... }}), or add protocol = \"expected-utility\" to [talks]", e.key),
                    );
                    continue;
                }
                // The model reads saliences as given, so also at most 1.
                let b = if salience {
                    PROB
                } else {
                    Keyed::Ideal.bounds(Some((issues[issue].low, issues[issue].high)))
                };
                if let Some(value) = param(cx, &e.node, &e.key, b) {
                    out.push(UncertainPosition {
                        actor,
                        issue,
                        salience,
                        value,
                    });
                }
            }
        }
    }
    out
}
