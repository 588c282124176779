//! Talks: an actor's `tactic`, the `[talks]` table, and the check that the
//! subgame-perfect tactic is used where it is defined (two deciders, one issue).

use super::read::*;
use super::{Cx, crisis, expected_utility, keys};
use crate::scenario::raw::{Node, Span, Table, Value};
use crate::scenario::types::*;
use crate::util::closest;

/// An actor's `tactic`: a kind's name or a table.
pub(super) fn tactic(cx: &mut Cx, n: &Node) -> Option<Tactic> {
    let kinds = ["concession", "subgame-perfect"];
    let default_concession = || Tactic::Concession {
        exponent: Param::Fixed(Num::Exponent.default_value()),
        initial: Param::Fixed(Num::Initial.default_value()),
    };
    let unknown = |cx: &mut Cx, span: &Span, s: &str| {
        let msg = match closest(s, kinds) {
            Some(c) => format!("unknown tactic `{s}`; did you mean `{c}`?"),
            None => format!("unknown tactic `{s}`"),
        };
        cx.error(
            span,
            msg,
            "tactics: { kind = \"concession\", exponent = 1, initial = 0 } or \"subgame-perfect\""
                .to_string(),
        );
    };
    match &n.value {
        Value::Str(s) => match s.as_str() {
            "subgame-perfect" => Some(Tactic::SubgamePerfect),
            "concession" => Some(default_concession()),
            _ => {
                unknown(cx, &n.span, s);
                None
            }
        },
        Value::Table(t) => {
            let kind = match t.get("kind") {
                Some(k) => string(cx, k, "kind")?,
                None => "concession".into(),
            };
            match kind.as_str() {
                "concession" => {
                    check_keys(
                        cx,
                        t,
                        &["kind", "exponent", "initial"],
                        "the concession `tactic`",
                    );
                    Some(Tactic::Concession {
                        exponent: num(cx, t, Num::Exponent),
                        initial: num(cx, t, Num::Initial),
                    })
                }
                "subgame-perfect" => {
                    check_keys(cx, t, &["kind"], "the subgame-perfect `tactic`");
                    Some(Tactic::SubgamePerfect)
                }
                other => {
                    let span = t.get("kind").map_or(&n.span, |k| &k.span).clone();
                    unknown(cx, &span, other);
                    None
                }
            }
        }
        _ => {
            wrong_type(
                cx,
                n,
                "tactic",
                "a string or a table",
                Some("tactic = { kind = \"concession\", exponent = 0.5 }"),
            );
            None
        }
    }
}

/// The `[talks]` table; proposers default to the deciding actors in file order.
pub(super) fn talks(cx: &mut Cx, root: &Table, actors: &[Actor], ids: &[String]) -> Talks {
    let t = sub_table(cx, root, "talks", keys::TALKS);
    let proposers = match t.get("proposers") {
        Some(n) => match &n.value {
            Value::Array(items) => {
                if items.is_empty() {
                    cx.error(&n.span, "`proposers` is empty", "list who tables offers, in turn, e.g. proposers = [\"russia\", \"usa\"]; or leave it out for the deciding actors in file order".to_string());
                }
                items
                    .iter()
                    .filter_map(|i| reference(cx, i, "proposers", "actor", ids))
                    .collect()
            }
            _ => {
                wrong_type(
                    cx,
                    n,
                    "proposers",
                    "an array of actor ids",
                    Some("proposers = [\"russia\", \"usa\"]"),
                );
                vec![]
            }
        },
        None => (0..actors.len())
            .filter(|&i| actors[i].principal.is_none())
            .collect(),
    };
    Talks {
        proposers,
        deadline: rounds_opt(cx, &t, Whole::Deadline),
        retry_after: rounds_opt(cx, &t, Whole::RetryAfter),
        protocol: t
            .get("protocol")
            .and_then(|n| crisis::protocol(cx, n))
            .unwrap_or_default(),
        position_model: expected_utility::params(cx, &t),
        power: None,
    }
}

/// The subgame-perfect tactic: bilateral, single issue, used by both deciders. The
/// split it plays ignores reservation values, so credibility (and `[reputation]`,
/// which only moves credibility) would change nothing beside it.
pub(super) fn subgame_perfect(
    cx: &mut Cx,
    root: &Table,
    actor_nodes: &[&Node],
    actors: &[Actor],
    deciders: &[usize],
    issues: usize,
) {
    let spe: Vec<usize> = (0..actors.len())
        .filter(|&i| actors[i].tactic == Tactic::SubgamePerfect)
        .collect();
    if spe.is_empty() {
        return;
    }
    let span = actor_nodes[spe[0]].span.clone();
    let at = actor_key(actor_nodes[spe[0]], "tactic").map_or(span, |x| x.span.clone());
    if deciders.len() != 2 || issues != 1 {
        cx.error(&at, format!("tactic `subgame-perfect` needs exactly 2 deciding actors and 1 issue; this scenario has {} deciding actor(s) and {} issue(s)", deciders.len(), issues),
            "use { kind = \"concession\", exponent = 1 } here, or reduce the scenario to a bilateral split of one issue".to_string());
    } else if spe.iter().any(|i| !deciders.contains(i)) || deciders.iter().any(|i| !spe.contains(i))
    {
        cx.error(
            &at,
            "tactic `subgame-perfect` must be used by both deciding actors (and only by them)",
            "give both deciding actors tactic = \"subgame-perfect\"".to_string(),
        );
    } else {
        let why = "the subgame-perfect split depends on the discount factors (and a deadline or ratifier), not on reservation values, which are all credibility enters";
        for (a, node) in actors.iter().zip(actor_nodes) {
            if let Some(n) = actor_key(node, "credibility") {
                cx.error(
                    &n.span,
                    format!("`{}`'s credibility would change nothing beside the subgame-perfect split", a.id),
                    format!("{why}: remove `credibility`, or give the deciding actors a concession tactic"),
                );
            }
        }
        if let Some(n) = root.get("reputation") {
            cx.error(
                &n.span,
                "`[reputation]` would change nothing beside the subgame-perfect split",
                format!("{why}, and `[reputation]` moves only credibility: remove it, or give the deciding actors a concession tactic"),
            );
        }
    }
}
