//! Validation of the keys for compliance and its consequences: `[treaty]`
//! `suspension`, `escalation`, `material_breach`, `escape_price`,
//! `principal_answers`, `[reputation] violation_loss`, and the payoff-aware
//! compliance rule `compliance = "deterrence"`. Keys that could not change an outcome
//! in the scenario at hand are errors.

use super::{Cx, Num, Whole, num, num_opt, rounds_opt, wrong_type};
use crate::scenario::raw::{Node, Table, Value};
use crate::scenario::types::*;
use crate::strategy::StrategyId;

/// The `[treaty]` consequence keys.
pub(super) fn consequences(cx: &mut Cx, t: &Table) -> Consequences {
    let d = Consequences::default();
    Consequences {
        suspension: rounds_opt(cx, t, Whole::Suspension).unwrap_or(d.suspension),
        escalation: num(cx, t, Num::Escalation),
        material_breach: t
            .get("material_breach")
            .and_then(|n| boolean(cx, n, "material_breach"))
            .unwrap_or(d.material_breach),
        escape_price: num_opt(cx, t, Num::EscapePrice),
        principal_answers: t
            .get("principal_answers")
            .and_then(|n| boolean(cx, n, "principal_answers"))
            .unwrap_or(d.principal_answers),
    }
}

fn boolean(cx: &mut Cx, n: &Node, key: &str) -> Option<bool> {
    match n.value {
        Value::Bool(b) => Some(b),
        Value::Bad => None,
        _ => {
            wrong_type(cx, n, key, "true or false", Some(&format!("{key} = true")));
            None
        }
    }
}

/// Keys that would be inert in this scenario.
pub(super) fn check(cx: &mut Cx, root: &Table, actors: &[Actor]) {
    let Some(Value::Table(t)) = root.get("treaty").map(|n| &n.value) else {
        return;
    };
    if let Some(n) = t.get("escape_price")
        && !actors
            .iter()
            .any(|a| a.compliance.id == StrategyId::Deterrence)
    {
        cx.error(
            &n.span,
            "`escape_price` is used only by parties with compliance = \"deterrence\", and none has it",
            "an escape clause is taken by a party that weighs its temptation against the price; give one actor compliance = \"deterrence\", or remove `escape_price`".to_string(),
        );
    }
    if let Some(n) = t.get("principal_answers")
        && actors.iter().all(|a| a.principal.is_none())
    {
        cx.error(
            &n.span,
            "`principal_answers` applies to parties that cannot decide, and every actor decides",
            "give an actor a `principal`, or remove `principal_answers`".to_string(),
        );
    }
}
