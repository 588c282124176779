//! Validation of the expected-utility protocol's keys: `[talks] q`, `t`, `rounds` and
//! `tolerance`, allowed only with `protocol = "expected-utility"`, and the actors'
//! saliences, which that model reads as given, each in [0, 1].

use super::{Cx, NONNEG, PROB, integer, number_in};
use crate::scenario::raw::{Node, Table, Value};
use crate::scenario::types::*;

/// The model's keys in `[talks]`.
const KEYS: [&str; 4] = ["q", "t", "rounds", "tolerance"];

/// `[talks] q, t, rounds, tolerance` (defaults where absent or wrong; errors recorded).
pub(super) fn params(cx: &mut Cx, t: &Table) -> PositionModel {
    let d = PositionModel::default();
    PositionModel {
        q: t.get("q")
            .and_then(|n| number_in(cx, n, "q", PROB))
            .unwrap_or(d.q),
        t: t.get("t")
            .and_then(|n| number_in(cx, n, "t", PROB))
            .unwrap_or(d.t),
        rounds: t
            .get("rounds")
            .and_then(|n| integer(cx, n, "rounds", 1, 10_000))
            .map_or(d.rounds, |v| v as u32),
        tolerance: t
            .get("tolerance")
            .and_then(|n| number_in(cx, n, "tolerance", NONNEG))
            .unwrap_or(d.tolerance),
    }
}

/// The model's keys only with its protocol; saliences in [0, 1] with it.
pub(super) fn check(cx: &mut Cx, root: &Table, actor_nodes: &[&Node], talks: &Talks) {
    let eu = talks.protocol == TalksProtocol::ExpectedUtility;
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
    for node in actor_nodes {
        let Value::Table(t) = &node.value else {
            continue;
        };
        let Some(Value::Table(st)) = t.get("salience").map(|n| &n.value) else {
            continue;
        };
        let me = match t.get("id").map(|n| &n.value) {
            Some(Value::Str(s)) => s.clone(),
            _ => "?".into(),
        };
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
