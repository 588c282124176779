//! The single tables of a scenario: `[scenario]` (name, texts, seed, runs, horizon),
//! `[treaty]` (form, notice, exit cost, monitoring noise, renegotiation), `[conflict]`
//! (hazards per phase) and `[reputation]`.

use super::read::*;
use super::{Cx, keys, root_span};
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
    let seed = whole_opt(cx, t, Whole::Seed).unwrap_or(Whole::Seed.default_value());
    let runs = whole_opt(cx, t, Whole::Runs).unwrap_or(Whole::Runs.default_value());
    let horizon =
        rounds_opt(cx, t, Whole::Horizon).unwrap_or(Whole::Horizon.default_value() as u32);
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
                cx.error(&n.span, msg, form_hint());
                Form::LegallyBinding
            }
            None => Form::LegallyBinding,
        },
    };
    let binding = form == Form::LegallyBinding;
    let dn = Whole::TreatyNotice.form_default(binding) as u32;
    let dc = Num::TreatyExitCost.form_default(binding);
    Treaty {
        form,
        notice: rounds_opt(cx, &t, Whole::TreatyNotice).unwrap_or(dn),
        exit_cost: num_or(cx, &t, Num::TreatyExitCost, Param::Fixed(dc)),
        false_alarm: num(cx, &t, Num::FalseAlarm),
        missed: num(cx, &t, Num::Missed),
        renegotiate_after: rounds_opt(cx, &t, Whole::RenegotiateAfter),
        consequences: super::compliance::consequences(cx, &t),
    }
}

/// The hint of an unknown treaty form: the forms and the defaults they set.
fn form_hint() -> String {
    let notice = |binding| Whole::TreatyNotice.form_default(binding);
    let cost = |binding| Num::TreatyExitCost.form_default(binding);
    format!(
        "forms: \"legally-binding\" (default notice {}, exit cost {}) or \"verbal\" ({} and {})",
        notice(true),
        cost(true),
        notice(false),
        cost(false)
    )
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
