//! Validation of the keys of power shifts and ratification: `[power]`, an issue's
//! `shifts_power` and `form`, and an actor's `ratification`.

use super::{Cx, Keyed, Num, Whole, fixed_opt, keyed_node, reference, whole_node, wrong_type};
use crate::scenario::MAX_ACTORS;
use crate::scenario::raw::{Node, Span, Table, Value};
use crate::scenario::types::*;

/// The most listed values of an issue that shifts power (each is a state of power
/// the talks evaluate).
const MAX_SHIFT_VALUES: usize = 8;

/// An actor's `ratification`: the least utility of terms its ratifier approves.
pub(super) fn ratification(cx: &mut Cx, t: &Table) -> Option<f64> {
    fixed_opt(cx, t, Num::Ratification)
}

/// The issue nodes of the file, in order.
fn issue_nodes(root: &Table) -> Vec<&Node> {
    match root.get("issue").map(|n| &n.value) {
        Some(Value::Array(items)) => items.iter().collect(),
        _ => vec![],
    }
}

fn key_span(n: &Node, key: &str) -> Option<Span> {
    match &n.value {
        Value::Table(t) => t.get(key).map(|x| x.span.clone()),
        _ => None,
    }
}

/// Everything about who decides what a war is fought between.
pub(super) struct Sides<'a> {
    pub actors: &'a [Actor],
    pub actor_ids: &'a [String],
    pub actor_nodes: &'a [&'a Node],
    pub deciders: &'a [usize],
}

/// Read the issues' `form` and `shifts_power` and the top-level `[power]`, and check
/// that they (and any `ratification`) can change something.
pub(super) fn check(
    cx: &mut Cx,
    root: &Table,
    issues: &mut [Issue],
    sides: &Sides,
    talks: &mut Talks,
) {
    let (form_at, mut shift_at) = issue_keys(cx, root, issues, sides);
    if let Some(n) = root.get("power") {
        talks.power = power_table(cx, n, sides);
        if talks.power.is_some()
            && let Some(s) = &shift_at
        {
            cx.error(
                s,
                "both [power] and an issue's `shifts_power` shift power",
                "power can shift in one way per scenario: keep the [power] table or the issue's `shifts_power`".to_string(),
            );
        }
        if talks.power.is_some() {
            shift_at = Some(n.span.clone());
        }
    }
    if let Some(at) = &shift_at {
        check_shift(cx, at, sides, talks);
    }
    check_ratification(cx, sides, talks);
    if let Some((j, at)) = form_at
        && issues[j].high <= issues[j].low
    {
        cx.error(
            &at,
            "the form issue has an empty range",
            "give it a range".to_string(),
        );
    }
}

/// Read each issue's `form` and `shifts_power`: where the form issue is (at most one)
/// and where power shifts (at most once).
fn issue_keys(
    cx: &mut Cx,
    root: &Table,
    issues: &mut [Issue],
    sides: &Sides,
) -> (Option<(usize, Span)>, Option<Span>) {
    let nodes = issue_nodes(root);
    let mut form_at: Option<(usize, Span)> = None;
    let mut shift_at: Option<Span> = None;
    for (j, n) in nodes.iter().enumerate() {
        let Value::Table(t) = &n.value else { continue };
        if j >= issues.len() {
            break;
        }
        if let Some(f) = t.get("form") {
            match f.value {
                Value::Bool(b) => {
                    if b {
                        if let Some((other, _)) = &form_at {
                            cx.error(
                                &f.span,
                                format!(
                                    "issues `{}` and `{}` both set the treaty's form",
                                    issues[*other].id, issues[j].id
                                ),
                                "one issue at most can be the treaty's form: remove `form = true` from one".to_string(),
                            );
                        } else {
                            form_at = Some((j, f.span.clone()));
                        }
                    }
                    issues[j].form = b;
                }
                _ => wrong_type(cx, f, "form", "true or false", Some("form = true")),
            }
        }
        if let Some(sp) = t.get("shifts_power") {
            if let Some(p) = issue_power(cx, sp, &issues[j], sides) {
                if shift_at.is_some() {
                    cx.error(
                        &sp.span,
                        "a second power shift",
                        "power can shift in one way per scenario: keep one `shifts_power` (or the [power] table)".to_string(),
                    );
                } else {
                    shift_at = Some(sp.span.clone());
                    issues[j].shifts_power = Some(p);
                }
            }
        }
    }
    (form_at, shift_at)
}

/// A power shift (at `at`) changes something only in crisis talks between two
/// sides where some war's payoff comes from a `war_cost`, and only with a private war
/// cost, if anything is private.
fn check_shift(cx: &mut Cx, at: &Span, sides: &Sides, talks: &Talks) {
    if talks.protocol != TalksProtocol::Crisis {
        cx.error(
            at,
            "a power shift would change nothing",
            "power decides wars only in crisis talks: add protocol = \"crisis\" to [talks], or remove the shift".to_string(),
        );
    } else if sides.actors.iter().all(|a| a.war.cost.is_none()) {
        cx.error(
            at,
            "a power shift would change nothing",
            "power sets what a war pays only through a `war_cost`; no actor here has one, so every war pays its `conflict` as given: give war costs, or remove the shift".to_string(),
        );
    } else if sides.deciders.len() < 2 {
        cx.error(
            at,
            format!(
                "a power shift needs at least 2 sides; this scenario has {} deciding actor",
                sides.deciders.len()
            ),
            "the commitment problem is between a side that gains power and one that loses it: give the shift a second deciding actor".to_string(),
        );
    }
    if let Some(a) = sides
        .actors
        .iter()
        .find(|a| a.war.private.is_some_and(|p| p != Private::WarCost))
    {
        cx.error(
            at,
            format!(
                "a power shift with `{}`'s private {}",
                a.id,
                a.war.private.map_or("", Private::key)
            ),
            "with a power shift only a private war_cost is supported (its belief is updated along the shifted values); make the war cost private instead, or remove the shift".to_string(),
        );
    }
}

/// A `ratification` changes something only in crisis talks or the subgame-perfect
/// split.
fn check_ratification(cx: &mut Cx, sides: &Sides, talks: &Talks) {
    let ratifies = sides.actors.iter().any(|a| a.war.ratification.is_some());
    let spe = sides
        .actors
        .iter()
        .any(|a| a.tactic == Tactic::SubgamePerfect);
    if ratifies && talks.protocol != TalksProtocol::Crisis && !spe {
        let k = sides
            .actors
            .iter()
            .position(|a| a.war.ratification.is_some())
            .unwrap_or(0);
        let node = sides.actor_nodes[k];
        let at = key_span(node, "ratification").unwrap_or_else(|| node.span.clone());
        cx.error(
            &at,
            format!("`{}`'s ratification would change nothing", sides.actors[k].id),
            "ratifiers are modelled in crisis talks and in the subgame-perfect split: add protocol = \"crisis\" to [talks], or remove `ratification`".to_string(),
        );
    }
}

/// `shifts_power = { actor = "id", capability = c, after = n }`.
fn issue_power(cx: &mut Cx, n: &Node, issue: &Issue, sides: &Sides) -> Option<IssuePower> {
    let Value::Table(t) = &n.value else {
        wrong_type(
            cx,
            n,
            "shifts_power",
            "a table",
            Some("shifts_power = { actor = \"usa\", capability = 0.5, after = 24 }"),
        );
        return None;
    };
    super::check_keys(cx, t, &["actor", "capability", "after"], "`shifts_power`");
    let missing = |cx: &mut Cx, key: &str| {
        cx.error(
            &n.span,
            format!("`shifts_power` has no `{key}`"),
            "write shifts_power = { actor = \"id\", capability = c, after = n }".to_string(),
        );
    };
    let actor = match t.get("actor") {
        Some(a) => reference(cx, a, "actor", "actor", sides.actor_ids),
        None => {
            missing(cx, "actor");
            None
        }
    };
    let capability = match t.get("capability") {
        Some(c) => keyed_node(cx, c, Keyed::ShiftCapability),
        None => {
            missing(cx, "capability");
            None
        }
    };
    let after = match t.get("after") {
        Some(a) => whole_node(cx, a, Whole::ShiftAfter).map(|v| v as u32),
        None => {
            missing(cx, "after");
            None
        }
    };
    if issue.values.is_empty() {
        cx.error(
            &n.span,
            format!("`{}` shifts power but is divisible", issue.id),
            "only an indivisible issue (with `values`, e.g. values = [0, 1]: a door open or closed) can shift power".to_string(),
        );
        return None;
    }
    if issue.values.len() > MAX_SHIFT_VALUES {
        cx.error(
            &n.span,
            format!(
                "`{}` shifts power and has {} values",
                issue.id,
                issue.values.len()
            ),
            format!("an issue that shifts power can have at most {MAX_SHIFT_VALUES} values"),
        );
        return None;
    }
    Some(IssuePower {
        actor: actor?,
        capability: capability?,
        after: after?,
    })
}

/// `[power]`: `after = n` and `capability = { id = c, ... }`.
fn power_table(cx: &mut Cx, n: &Node, sides: &Sides) -> Option<PowerShift> {
    let Value::Table(t) = &n.value else {
        wrong_type(
            cx,
            n,
            "power",
            "a table",
            Some("[power] with after = 12 and capability = { usa = 2.0 }"),
        );
        return None;
    };
    super::check_keys(cx, t, crate::scenario::keys::POWER, "[power]");
    let after = match t.get("after") {
        Some(a) => whole_node(cx, a, Whole::PowerAfter).map(|v| v as u32),
        None => {
            cx.error(
                &n.span,
                "[power] has no `after`",
                "give the first round with the new capabilities, e.g. after = 12".to_string(),
            );
            None
        }
    };
    let mut capability = vec![None; sides.actors.len().min(MAX_ACTORS)];
    match t.get("capability").map(|c| (c, &c.value)) {
        Some((_, Value::Table(ct))) => {
            for e in &ct.entries {
                let (key, v) = (&e.key, &e.node);
                let Some(i) = sides.actor_ids.iter().position(|x| x == key) else {
                    cx.error(
                        &e.key_span,
                        format!("unknown actor `{key}` in [power] capability"),
                        format!("actors: {}", sides.actor_ids.join(", ")),
                    );
                    continue;
                };
                if let Some(c) = keyed_node(cx, v, Keyed::PowerCapability) {
                    capability[i] = Some(c);
                }
            }
        }
        Some((c, _)) => wrong_type(
            cx,
            c,
            "capability",
            "a table of actor ids and capabilities",
            Some("capability = { usa = 2.0 }"),
        ),
        None => cx.error(
            &n.span,
            "[power] has no `capability`",
            "give the actors' capabilities after the shift, e.g. capability = { usa = 2.0 }"
                .to_string(),
        ),
    }
    if capability.iter().all(Option::is_none) {
        return None;
    }
    Some(PowerShift {
        after: after?,
        capability,
    })
}
