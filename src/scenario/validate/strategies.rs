//! The in-force behaviour of an actor: its `compliance` strategy (checked against the
//! strategy library) and its `exit` rule.

use super::Cx;
use super::read::*;
use crate::scenario::params::strategy_param;
use crate::scenario::raw::{Node, Span, Table, Value};
use crate::scenario::types::*;
use crate::strategy::{ExitId, StrategyId};
use crate::util::closest;

fn unknown_strategy(cx: &mut Cx, span: &Span, s: &str) {
    let msg = match crate::strategy::closest_id(s) {
        Some(c) => format!("unknown strategy `{s}`; did you mean `{c}`?"),
        None => format!("unknown strategy `{s}`"),
    };
    let ids: Vec<&str> = crate::strategy::CATALOG
        .iter()
        .map(|i| i.id.as_str())
        .collect();
    cx.error(
        span,
        msg,
        format!(
            "the strategies are: {} (`detente strategies` describes them)",
            ids.join(", ")
        ),
    );
}

/// An actor's `compliance`: a strategy id, a table naming one with its parameters, or
/// a memory-one strategy's four probabilities.
pub(super) fn compliance(cx: &mut Cx, n: &Node) -> Option<StrategySpec> {
    let spec = match &n.value {
        Value::Str(s) => match s.parse::<StrategyId>() {
            // The payoff-aware rule is no repeated-game strategy: no player to check.
            Ok(StrategyId::Deterrence) => return Some(StrategySpec::of(StrategyId::Deterrence)),
            Ok(id) => StrategySpec::of(id),
            Err(_) => {
                unknown_strategy(cx, &n.span, s);
                return None;
            }
        },
        Value::Table(t) => {
            if let Some(m) = t.get("memory_one") {
                memory_one(cx, t, m)?
            } else {
                named(cx, n, t)?
            }
        }
        _ => {
            wrong_type(
                cx,
                n,
                "compliance",
                "a strategy id or a table",
                Some("compliance = \"tit-for-tat\""),
            );
            return None;
        }
    };
    // Belt and braces: the strategy module has the last word on what it accepts.
    match crate::strategy::Player::from_spec(&spec) {
        Ok(_) => Some(spec),
        Err(e) => {
            cx.error(
                &n.span,
                e.to_string(),
                "`detente strategies` lists the strategies and their parameters".to_string(),
            );
            None
        }
    }
}

/// An actor's `exit` rule: a rule's name or a table with its parameters.
pub(super) fn exit(cx: &mut Cx, n: &Node) -> Option<ExitRule> {
    let pick = |cx: &mut Cx, s: &str, span: &Span, t: Option<&Table>| -> Option<ExitRule> {
        match s.parse::<ExitId>() {
            Ok(ExitId::Never) => Some(ExitRule::Never),
            Ok(ExitId::Myopic) => Some(ExitRule::Myopic),
            Ok(ExitId::Optimal) => Some(ExitRule::Optimal),
            Ok(ExitId::Threshold) => match t.and_then(|t| t.get("level")) {
                Some(l) => num_node(cx, l, Num::Level).map(|level| ExitRule::Threshold { level }),
                None => {
                    cx.error(span, "exit rule `threshold` needs a `level`", "e.g. exit = { rule = \"threshold\", level = 2.5 }: give notice when the temptation exceeds 2.5".to_string());
                    None
                }
            },
            Err(e) => {
                cx.error(span, e.to_string(), "exit rules: \"never\", \"myopic\", \"optimal\", or { rule = \"threshold\", level = x }".to_string());
                None
            }
        }
    };
    match &n.value {
        Value::Str(s) => pick(cx, s, &n.span, None),
        Value::Table(t) => {
            let Some(r) = t.get("rule") else {
                cx.error(
                    &n.span,
                    "the `exit` table has no `rule`",
                    "e.g. exit = { rule = \"threshold\", level = 2.5 }".to_string(),
                );
                return None;
            };
            let s = string(cx, r, "rule")?;
            let valid: &[&str] = if s.parse() == Ok(ExitId::Threshold) {
                &["rule", "level"]
            } else {
                &["rule"]
            };
            check_keys(cx, t, valid, &format!("the `{s}` exit rule"));
            pick(cx, &s, &r.span, Some(t))
        }
        _ => {
            wrong_type(
                cx,
                n,
                "exit",
                "a string or a table",
                Some("exit = \"optimal\""),
            );
            None
        }
    }
}

/// `{ memory_one = [p_cc, p_cd, p_dc, p_dd], first = p }`.
fn memory_one(cx: &mut Cx, t: &Table, m: &Node) -> Option<StrategySpec> {
    check_keys(
        cx,
        t,
        &["memory_one", "first"],
        "the memory-one `compliance`",
    );
    let Value::Array(items) = &m.value else {
        wrong_type(
            cx,
            m,
            "memory_one",
            "an array of 4 probabilities",
            Some("memory_one = [1, 0, 1, 0]"),
        );
        return None;
    };
    if items.len() != 4 {
        cx.error(
            &m.span,
            format!(
                "`memory_one` needs 4 probabilities (after CC, CD, DC, DD), found {}",
                items.len()
            ),
            "e.g. memory_one = [1, 0, 1, 0] is tit for tat".to_string(),
        );
        return None;
    }
    let mut params = Vec::new();
    let within = |key| strategy_param(key).bounds;
    for (name, item) in ["p_cc", "p_cd", "p_dc", "p_dd"].iter().zip(items) {
        let p = number_in(cx, item, "memory_one", within("memory_one"))?;
        params.push((name.to_string(), p));
    }
    if let Some(f) = t.get("first") {
        params.push(("first".into(), number_in(cx, f, "first", within("first"))?));
    }
    params.sort_by(|a, b| a.0.cmp(&b.0));
    Some(StrategySpec {
        id: StrategyId::MemoryOne,
        params,
    })
}

/// `{ strategy = "id", parameter = probability, ... }`.
fn named(cx: &mut Cx, n: &Node, t: &Table) -> Option<StrategySpec> {
    let Some(sn) = t.get("strategy") else {
        cx.error(&n.span, "the `compliance` table has no `strategy`", "e.g. compliance = { strategy = \"generous-tit-for-tat\", generosity = 0.1 }, or { memory_one = [1, 0, 1, 0] }".to_string());
        return None;
    };
    let s = string(cx, sn, "strategy")?;
    let Some(info) = crate::strategy::lookup(&s) else {
        unknown_strategy(cx, &sn.span, &s);
        return None;
    };
    let mut params = Vec::new();
    let mut ok = true;
    for e in t.entries.iter().filter(|e| e.key != "strategy") {
        if !info.params.iter().any(|p| p.0 == e.key) {
            let valid: Vec<&str> = info.params.iter().map(|p| p.0).collect();
            let msg = match closest(&e.key, valid.iter().copied()) {
                Some(c) => format!(
                    "strategy `{}` has no parameter `{}`; did you mean `{c}`?",
                    info.id, e.key
                ),
                None => format!("strategy `{}` has no parameter `{}`", info.id, e.key),
            };
            cx.error(
                &e.key_span,
                msg,
                if valid.is_empty() {
                    format!("`{}` takes no parameters", info.id)
                } else {
                    format!("it takes: {}", valid.join(", "))
                },
            );
            ok = false;
            continue;
        }
        let spec = strategy_param(&e.key);
        match number(cx, &e.node, &e.key) {
            Some(v) if spec.bounds.contains(v) => params.push((e.key.clone(), v)),
            Some(v) => {
                ok = false;
                cx.error(
                    &e.node.span,
                    format!(
                        "parameter `{}` of `{}` must be a probability {}, got {}",
                        e.key,
                        info.id,
                        spec.bounds.describe(),
                        shown(&e.node, v)
                    ),
                    spec.help.to_string(),
                );
            }
            None => ok = false,
        }
    }
    if !ok {
        return None;
    }
    params.sort_by(|a, b| a.0.cmp(&b.0));
    Some(StrategySpec {
        id: info.id,
        params,
    })
}
