//! The `[[actor]]`s: ids, principals (and their cycles), ideal points and saliences,
//! discount and credibility, tactic, compliance, exit rule, payoffs and temptation, and
//! what an actor inherits from `[treaty]`.

use super::read::*;
use super::{Cx, Places, crisis, expected_utility, keys, strategies, talks};
use crate::scenario::params::{PROCESSES, ProcessSpec};
use crate::scenario::raw::{Entry, Node, Table, Value};
use crate::scenario::types::*;
use crate::util::closest;

/// The validated actors with what later checks need to know about them.
pub(super) struct Cast {
    pub actors: Vec<Actor>,
    /// Ids in file order (`#k` for an actor without a valid id).
    pub ids: Vec<String>,
    pub places: Places,
    /// Whether each actor has a `principal` key (even an invalid one).
    pub has_principal: Vec<bool>,
}

impl Cast {
    /// The actors that decide for themselves.
    pub fn deciders(&self) -> Vec<usize> {
        (0..self.actors.len())
            .filter(|&i| self.actors[i].principal.is_none() && !self.has_principal[i])
            .collect()
    }
}

/// Every `[[actor]]`: ids first, so references can point forwards.
pub(super) fn actors(
    cx: &mut Cx,
    actor_nodes: &[&Node],
    issues: &[Issue],
    issue_ids: &[String],
    treaty: &Treaty,
) -> Cast {
    let mut actor_ids: Vec<String> = Vec::new();
    for (k, n) in actor_nodes.iter().enumerate() {
        let Value::Table(t) = &n.value else { continue };
        let (s, span) =
            id(cx, t, &n.span, "actor").unwrap_or_else(|| (format!("#{}", k + 1), n.span.clone()));
        if actor_ids.contains(&s) {
            cx.error(
                &span,
                format!("duplicate actor id `{s}`"),
                "actor ids must be unique; rename one of them".to_string(),
            );
        }
        actor_ids.push(s);
    }
    if !actor_nodes.is_empty() && issues.is_empty() {
        cx.error(
            &actor_nodes[0].span,
            "the actors have no issue to negotiate over: add at least one [[issue]]",
            "e.g.\n[[issue]]\nid = \"troops\"\nrange = [0, 100]".to_string(),
        );
    }
    let mut actors = Vec::new();
    let mut places = Places::default();
    let mut has_principal = Vec::new();
    let mut principal_spans = Vec::new();
    for (k, n) in actor_nodes.iter().enumerate() {
        let Value::Table(t) = &n.value else { continue };
        let me = actor_ids[k].clone();
        has_principal.push(t.get("principal").is_some());
        principal_spans.push(t.get("principal").map(|p| p.span.clone()));
        let a = actor(cx, t, &me, k, &actor_ids, issues, issue_ids, treaty);
        places.actor.push(n.span.clone());
        places
            .temptation
            .push(t.get("payoffs").and_then(|p| match &p.value {
                Value::Table(pt) => pt.get("temptation").map(|x| x.span.clone()),
                _ => None,
            }));
        actors.push(a);
    }
    principal_cycles(cx, &actors, &actor_ids, actor_nodes, &principal_spans);
    if !actors.is_empty() && has_principal.iter().all(|&h| h) {
        cx.error(
            &actor_nodes[0].span,
            "no actor decides: every actor has a `principal`",
            "remove `principal` from the actor(s) that decide for themselves".to_string(),
        );
    }
    Cast {
        actors,
        ids: actor_ids,
        places,
        has_principal,
    }
}

/// Cycles of principals, each reported once.
fn principal_cycles(
    cx: &mut Cx,
    actors: &[Actor],
    actor_ids: &[String],
    actor_nodes: &[&Node],
    principal_spans: &[Option<crate::scenario::raw::Span>],
) {
    let mut reported = vec![false; actors.len()];
    for start in 0..actors.len() {
        let mut chain = vec![start];
        let mut i = start;
        while let Some(p) = actors[i].principal {
            if let Some(pos) = chain.iter().position(|&c| c == p) {
                let cycle = &chain[pos..];
                if cycle.iter().all(|&c| !reported[c]) {
                    for &c in cycle {
                        reported[c] = true;
                    }
                    let mut names: Vec<&str> =
                        cycle.iter().map(|&c| actor_ids[c].as_str()).collect();
                    names.push(&actor_ids[cycle[0]]);
                    let span = principal_spans[cycle[0]]
                        .clone()
                        .unwrap_or_else(|| actor_nodes[cycle[0]].span.clone());
                    cx.error(
                        &span,
                        format!("the principals form a cycle: {}", names.join(" → ")),
                        "one actor in the chain must decide for itself: remove its `principal`"
                            .to_string(),
                    );
                }
                break;
            }
            chain.push(p);
            i = p;
        }
    }
}

/// One `[[actor]]`.
#[allow(clippy::too_many_arguments)]
fn actor(
    cx: &mut Cx,
    t: &Table,
    me: &str,
    k: usize,
    actor_ids: &[String],
    issues: &[Issue],
    issue_ids: &[String],
    treaty: &Treaty,
) -> Actor {
    let where_ = format!("[[actor]] `{me}`");
    check_keys(cx, t, keys::ACTOR, &where_);
    let name = t
        .get("name")
        .and_then(|n| string(cx, n, "name"))
        .unwrap_or_else(|| me.to_string());
    let principal = t.get("principal").and_then(|n| {
        let p = reference(cx, n, "principal", "actor", actor_ids)?;
        if p == k {
            cx.error(
                &n.span,
                format!("`{me}` cannot be its own principal"),
                "remove `principal` to let it decide for itself".to_string(),
            );
            return None;
        }
        Some(p)
    });
    let ideal = ideal(cx, t, me, issues, issue_ids);
    let (salience, salience_given) = salience(cx, t, me, issues.len(), issue_ids);
    let discount = num(cx, t, Num::Discount);
    let credibility = num(cx, t, Num::Credibility);
    let tactic = t
        .get("tactic")
        .and_then(|n| talks::tactic(cx, n))
        .unwrap_or(Tactic::Concession {
            exponent: Param::Fixed(Num::Exponent.default_value()),
            initial: Param::Fixed(Num::Initial.default_value()),
        });
    let compliance = t
        .get("compliance")
        .and_then(|n| strategies::compliance(cx, n))
        .unwrap_or_else(|| StrategySpec::of(crate::strategy::StrategyId::TitForTat));
    let exit = t
        .get("exit")
        .and_then(|n| strategies::exit(cx, n))
        .unwrap_or(ExitRule::Never);
    let payoffs = match t.get("payoffs") {
        Some(n) => as_table(cx, n, "payoffs", "[actor.payoffs] after the actor's keys")
            .map(|pt| payoffs(cx, pt, me)),
        None => None,
    }
    .unwrap_or_else(|| payoffs(cx, &Table::default(), me));
    let exit_cost = num_or(cx, t, Num::ExitCost, treaty.exit_cost.clone());
    let notice = rounds_opt(cx, t, Whole::Notice).unwrap_or(treaty.notice);
    let mut war = crisis::war(cx, t, me, &payoffs);
    war.commitment = t
        .get("commitment")
        .and_then(|n| crisis::commitment(cx, n, me, issues, issue_ids));
    Actor {
        id: me.to_string(),
        name,
        principal,
        ideal,
        salience,
        salience_given,
        discount,
        credibility,
        tactic,
        compliance,
        exit,
        payoffs,
        exit_cost,
        notice,
        war,
    }
}

/// An actor's `ideal` point, each issue's midpoint unless given.
fn ideal(cx: &mut Cx, t: &Table, me: &str, issues: &[Issue], issue_ids: &[String]) -> Vec<f64> {
    let ni = issues.len();
    let mut ideal: Vec<f64> = issues
        .iter()
        .map(|i| {
            let range = Some((i.low, i.high));
            Keyed::Ideal.default_value(range, ni).unwrap_or(i.low)
        })
        .collect();
    if let Some(n) = t.get("ideal") {
        if let Some(it) = as_table(cx, n, "ideal", "ideal = { issue_id = value }") {
            for e in &it.entries {
                let Some(j) = issue_ref(cx, e, "ideal", me, issue_ids) else {
                    continue;
                };
                let Some(v) = expected_utility::number_or_typical(cx, &e.node, &e.key) else {
                    continue;
                };
                let iss = &issues[j];
                if !Keyed::Ideal.bounds(Some((iss.low, iss.high))).contains(v) {
                    cx.error(&e.node.span, format!("the ideal `{}` = {v} of `{me}` lies outside the issue's range [{}, {}]", e.key, iss.low, iss.high),
                        "an ideal point is a value of the issue; widen the issue's `range` or move the ideal inside it".to_string());
                } else {
                    ideal[j] = v;
                }
            }
        }
    }
    ideal
}

/// An actor's `salience`: normalised weights, and the weights as given (1 each when
/// absent).
fn salience(
    cx: &mut Cx,
    t: &Table,
    me: &str,
    ni: usize,
    issue_ids: &[String],
) -> (Vec<f64>, Vec<f64>) {
    let equal = Keyed::Salience.default_value(None, ni).unwrap_or(0.0);
    let mut salience = vec![equal; ni];
    let within = Keyed::Salience.bounds(None);
    let mut salience_given = vec![1.0; ni];
    if let Some(n) = t.get("salience") {
        if let Some(st) = as_table(cx, n, "salience", "salience = { issue_id = weight }") {
            let mut w = vec![0.0; ni];
            let mut ok = true;
            for e in &st.entries {
                let Some(j) = issue_ref(cx, e, "salience", me, issue_ids) else {
                    ok = false;
                    continue;
                };
                match expected_utility::number_or_typical(cx, &e.node, &e.key) {
                    Some(v) if within.contains(v) => w[j] = v,
                    Some(v) => {
                        ok = false;
                        cx.error(&e.node.span, format!("the salience `{}` of `{me}` must be {}, got {v}", e.key, within.describe()), "a salience is how much the actor cares about the issue; use 0 for not at all".to_string());
                    }
                    None => ok = false,
                }
            }
            let total: f64 = w.iter().sum();
            if ok && !(total > 0.0 && total.is_finite()) {
                cx.error(&n.span, format!("the saliences of `{me}` are all 0 (or too large to add up)"), "give at least one issue a positive weight, or leave `salience` out for equal weights".to_string());
            } else if ok {
                salience = w.iter().map(|x| x / total).collect();
            }
            if ok {
                salience_given = w;
            }
        }
    }
    (salience, salience_given)
}

fn issue_ref(cx: &mut Cx, e: &Entry, key: &str, me: &str, issue_ids: &[String]) -> Option<usize> {
    match issue_ids.iter().position(|x| *x == e.key) {
        Some(j) => Some(j),
        // Already reported: the actors have no issue at all.
        None if issue_ids.is_empty() => None,
        None => {
            let msg = match closest(&e.key, issue_ids.iter().map(String::as_str)) {
                Some(c) => format!(
                    "unknown issue `{}` in `{key}` of `{me}`; did you mean `{c}`?",
                    e.key
                ),
                None => format!("unknown issue `{}` in `{key}` of `{me}`", e.key),
            };
            cx.error(
                &e.key_span,
                msg,
                format!("the issues are: {}", list_or_none(issue_ids)),
            );
            None
        }
    }
}

fn payoffs(cx: &mut Cx, t: &Table, me: &str) -> Payoffs {
    check_keys(cx, t, keys::PAYOFFS, &format!("[actor.payoffs] of `{me}`"));
    let temptation = t
        .get("temptation")
        .and_then(|n| temptation(cx, n))
        .unwrap_or(Temptation::Iid {
            mean: Param::Fixed(Num::TemptationMean.default_value()),
            sd: Param::Fixed(Num::TemptationSd.default_value()),
        });
    Payoffs {
        no_deal: num(cx, t, Num::NoDeal),
        gain: num(cx, t, Num::Gain),
        temptation,
        betrayal: num(cx, t, Num::Betrayal),
        conflict: num(cx, t, Num::Conflict),
        stalling: num(cx, t, Num::Stalling),
    }
}

fn temptation(cx: &mut Cx, n: &Node) -> Option<Temptation> {
    let t = as_table(
        cx,
        n,
        "temptation",
        "temptation = { process = \"iid\", mean = 0.5, sd = 0.2 }",
    )?;
    let names: Vec<&str> = PROCESSES.iter().map(|p| p.name).collect();
    let process = match t.get("process") {
        Some(p) => string(cx, p, "process")?,
        None => {
            cx.error(&n.span, "`temptation` has no `process`", format!("e.g. temptation = {{ process = \"iid\", mean = 0.5, sd = 0.2 }}; processes: {}", names.join(", ")));
            return None;
        }
    };
    let Some(spec) = ProcessSpec::named(&process) else {
        let span = t.get("process").map_or(&n.span, |p| &p.span).clone();
        let msg = match closest(&process, names.iter().copied()) {
            Some(c) => format!("unknown temptation process `{process}`; did you mean `{c}`?"),
            None => format!("unknown temptation process `{process}`"),
        };
        let each: Vec<String> = PROCESSES
            .iter()
            .map(|p| format!("{} ({})", p.name, p.keys()[1..].join(", ")))
            .collect();
        cx.error(&span, msg, format!("processes: {}", each.join(", ")));
        return None;
    };
    check_keys(cx, t, &spec.keys(), &format!("the {process} `temptation`"));
    Some(match process.as_str() {
        "iid" => Temptation::Iid {
            mean: num(cx, t, Num::TemptationMean),
            sd: num(cx, t, Num::TemptationSd),
        },
        "random_walk" => Temptation::RandomWalk {
            start: num(cx, t, Num::TemptationStart),
            drift: num(cx, t, Num::TemptationDrift),
            volatility: num(cx, t, Num::TemptationVolatility),
        },
        _ => {
            let mean = num(cx, t, Num::TemptationMean);
            // An ar1 process starts at its mean unless told otherwise.
            let start = num_or(cx, t, Num::TemptationStart, mean.clone());
            Temptation::Ar1 {
                phi: num(cx, t, Num::TemptationPhi),
                sd: num(cx, t, Num::TemptationSd),
                mean,
                start,
            }
        }
    })
}
