//! The single tables of a scenario: `[scenario]` (name, texts, seed, runs, horizon),
//! `[treaty]` (form, notice, exit cost, monitoring noise, renegotiation), `[conflict]`
//! (hazards per phase) and `[reputation]`.

use super::read::*;
use super::{Cx, keys, root_span};
use crate::scenario::params::Unset;
use crate::scenario::raw::{Span, Table};
use crate::scenario::types::*;
use crate::util::closest;

/// The `[scenario]` table, which every file needs.
pub(super) fn scenario(cx: &mut Cx, root: &Table) -> Option<Meta> {
    match root.get("scenario") {
        None => {
            cx.error(
                &root_span(),
                "the file has no [scenario] table",
                "add one with at least a name:\n[scenario]\nname = \"My scenario\"".to_string(),
            );
            None
        }
        Some(n) => as_table(cx, n, "scenario", "[scenario] with name = \"…\"")
            .map(|t| meta(cx, t, &n.span)),
    }
}

fn meta(cx: &mut Cx, t: &Table, header: &Span) -> Meta {
    check_keys(cx, t, keys::SCENARIO, "[scenario]");
    let name = match t.get("name") {
        Some(n) => {
            let name = string(cx, n, "name");
            let name = name.unwrap_or_else(|| "?".into());
            if name.trim().is_empty() {
                cx.error(
                    &n.span,
                    "`name` in [scenario] is empty",
                    "give the scenario a name, e.g. name = \"Security guarantees\"".to_string(),
                );
            }
            name
        }
        None => {
            cx.error(
                header,
                "missing `name` in [scenario]",
                "every scenario needs a name, e.g. name = \"Security guarantees\"".to_string(),
            );
            String::new()
        }
    };
    let s = |cx: &mut Cx, k: &str, d: &str| {
        t.get(k)
            .and_then(|n| string(cx, n, k))
            .unwrap_or_else(|| d.to_string())
    };
    let description = s(cx, "description", "");
    let round = s(cx, "round", "round");
    let rounds = s(cx, "rounds", &format!("{round}s"));
    let sources = t
        .get("sources")
        .and_then(|n| strings(cx, n, "sources"))
        .unwrap_or_default();
    let seed = t
        .get("seed")
        .and_then(|n| integer(cx, n, "seed", 0, u64::MAX))
        .unwrap_or(1);
    let runs = t
        .get("runs")
        .and_then(|n| integer(cx, n, "runs", 1, 1_000_000_000_000))
        .unwrap_or(10_000);
    let horizon = t
        .get("horizon")
        .and_then(|n| integer(cx, n, "horizon", 1, 100_000))
        .unwrap_or(120) as u32;
    Meta {
        name,
        description,
        sources,
        seed,
        runs,
        horizon,
        round,
        rounds,
    }
}

pub(super) fn treaty(cx: &mut Cx, root: &Table) -> Treaty {
    let t = sub_table(cx, root, "treaty", keys::TREATY);
    let form = match t.get("form") {
        None => Form::LegallyBinding,
        Some(n) => match string(cx, n, "form").as_deref() {
            Some("legally-binding") => Form::LegallyBinding,
            Some("verbal") => Form::Verbal,
            Some(other) => {
                let msg = match closest(other, ["legally-binding", "verbal"]) {
                    Some(c) => format!("unknown treaty form `{other}`; did you mean `{c}`?"),
                    None => format!("unknown treaty form `{other}`"),
                };
                cx.error(&n.span, msg, "forms: \"legally-binding\" (default notice 6, exit cost 5) or \"verbal\" (0 and 0)".to_string());
                Form::LegallyBinding
            }
            None => Form::LegallyBinding,
        },
    };
    let dn = match form {
        Form::LegallyBinding => 6,
        Form::Verbal => 0,
    };
    let dc = match Num::TreatyExitCost.spec().default {
        Unset::Form { binding, verbal } => match form {
            Form::LegallyBinding => binding,
            Form::Verbal => verbal,
        },
        _ => Num::TreatyExitCost.default_value(),
    };
    Treaty {
        form,
        notice: t
            .get("notice")
            .and_then(|n| integer(cx, n, "notice", 0, 100_000))
            .map_or(dn, |v| v as u32),
        exit_cost: num_or(cx, &t, Num::TreatyExitCost, Param::Fixed(dc)),
        false_alarm: num(cx, &t, Num::FalseAlarm),
        missed: num(cx, &t, Num::Missed),
        renegotiate_after: t
            .get("renegotiate_after")
            .and_then(|n| integer(cx, n, "renegotiate_after", 1, 100_000))
            .map(|v| v as u32),
        consequences: super::compliance::consequences(cx, &t),
    }
}

pub(super) fn conflict(cx: &mut Cx, root: &Table) -> Conflict {
    let t = sub_table(cx, root, "conflict", keys::CONFLICT);
    let no_deal = num(cx, &t, Num::HazardNoDeal);
    let after_exit = num_or(cx, &t, Num::HazardAfterExit, no_deal.clone());
    Conflict {
        talks: num(cx, &t, Num::HazardTalks),
        in_force: num(cx, &t, Num::HazardInForce),
        no_deal,
        after_exit,
    }
}

pub(super) fn reputation(cx: &mut Cx, root: &Table) -> Reputation {
    let t = sub_table(cx, root, "reputation", keys::REPUTATION);
    Reputation {
        exit_loss: num(cx, &t, Num::ExitLoss),
        recovery: num(cx, &t, Num::Recovery),
        violation_loss: num(cx, &t, Num::ViolationLoss),
    }
}
