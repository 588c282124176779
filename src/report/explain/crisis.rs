//! Crisis talks in words: the sides and their chances in a war, what war is worth to
//! each actor (at typical values), who holds private information, public
//! commitments, the status quo and indivisible issues.

use super::text::*;
use super::*;
use crate::model::Model;
use crate::negotiation::{TalksState, crisis};
use crate::scenario::TalksProtocol;

/// What war pays each actor per round at typical values, and each deciding actor's
/// side's probability of winning (by actor index; 0 for actors that do not decide).
pub fn war_at_typical(s: &Scenario) -> (Vec<f64>, Vec<f64>) {
    let model = Model::compile(s);
    let mut params = model.base.clone();
    let mut st = TalksState::new(&model);
    crisis::begin_run(&model, &mut params, &mut st);
    (st.war_flow, st.win)
}

pub(super) fn crisis_part(o: &mut String, s: &Scenario) {
    let (war, win) = war_at_typical(s);
    let crisis_talks = s.talks.protocol == TalksProtocol::Crisis;
    let derived = s.actors.iter().any(|a| a.war.cost.is_some());
    if !crisis_talks && !derived && s.status_quo().is_none() {
        return;
    }
    // Crisis talks continue the talks paragraph above; other parts get a blank line.
    if !crisis_talks {
        let _ = writeln!(o);
    }
    if crisis_talks {
        para(
            o,
            0,
            "Crisis talks: offers chosen against beliefs; a rejected last offer can mean war.",
        );
    }
    let deciders = s.deciders();
    let sides: Vec<String> = deciders
        .iter()
        .map(|&d| {
            let members: Vec<&str> = (0..s.actors.len())
                .filter(|&i| s.decider_for(i) == d)
                .map(|i| s.actors[i].name.as_str())
                .collect();
            format!("{} {}", join_and(&members), pct(win[d]))
        })
        .collect();
    if derived || crisis_talks {
        let rows: Vec<String> = s
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let how = if a.war.private_cost() {
                    " (private cost)"
                } else if a.war.private == Some(crate::scenario::Private::Gain) {
                    " (private gain)"
                } else if a.war.private == Some(crate::scenario::Private::NoDeal) {
                    " (private no-deal payoff)"
                } else if a.war.cost.is_none() {
                    " (given)"
                } else {
                    ""
                };
                format!("{} {}{how}", a.name, num(war[i]))
            })
            .collect();
        para(
            o,
            2,
            &format!(
                "War is won by {}; it pays a {}: {}.",
                sides.join("; "),
                s.meta.round,
                rows.join(", ")
            ),
        );
    }
    for a in &s.actors {
        if let Some(c) = a.war.commitment {
            para(
                o,
                2,
                &format!(
                    "{} has committed publicly to {} = {}: backing down costs it {} once.",
                    a.name,
                    s.issues[c.issue].id,
                    num(c.value),
                    num(c.audience_cost)
                ),
            );
        }
    }
    if let Some(sq) = s.status_quo() {
        let at: Vec<String> = s
            .issues
            .iter()
            .zip(&sq)
            .map(|(i, v)| {
                let only = if i.values.is_empty() {
                    String::new()
                } else {
                    let vals: Vec<String> = i.values.iter().map(|v| num(*v)).collect();
                    format!(" ({} only)", vals.join(" or "))
                };
                format!("{} {}{only}", i.id, num(*v))
            })
            .collect();
        para(
            o,
            2,
            &format!(
                "Status quo (treaty values count from it): {}.",
                at.join(", ")
            ),
        );
    } else {
        for i in s.issues.iter().filter(|i| !i.values.is_empty()) {
            let vals: Vec<String> = i.values.iter().map(|v| num(*v)).collect();
            para(
                o,
                2,
                &format!("{} is indivisible: only {}.", i.id, vals.join(" or ")),
            );
        }
    }
}

/// Shifts of power, ratifiers and a form issue, in words.
pub(super) fn power_and_ratification(o: &mut String, s: &Scenario) {
    let name = |i: usize| s.actors[i].name.as_str();
    if let Some(p) = &s.talks.power {
        let now: Vec<String> = s
            .actors
            .iter()
            .enumerate()
            .filter_map(|(i, _)| p.capability[i].map(|c| format!("{} {}", name(i), num(c))))
            .collect();
        para(
            o,
            2,
            &format!(
                "Power shifts in {} {}: capabilities become {}. A side that will lose from the shift may fight first (the commitment problem).",
                s.meta.round,
                p.after,
                now.join(", ")
            ),
        );
    }
    for i in &s.issues {
        if let Some(p) = i.shifts_power {
            para(
                o,
                2,
                &format!(
                    "Power shift: {}'s high end adds {} to {}'s capability from {} {}.",
                    i.id,
                    num(p.capability),
                    name(p.actor),
                    s.meta.round,
                    p.after
                ),
            );
        }
        if i.form {
            para(
                o,
                2,
                &format!(
                    "{} is the form: exit cost and notice scale with it; binding needs ratifying.",
                    i.id
                ),
            );
        }
    }
    let ratifiers: Vec<String> = s
        .actors
        .iter()
        .filter_map(|a| {
            a.war
                .ratification
                .map(|r| format!("{} (terms worth U ≥ {} to it)", a.name, num(r)))
        })
        .collect();
    if !ratifiers.is_empty() {
        para(
            o,
            2,
            &format!("Ratifiers of a binding treaty: {}.", ratifiers.join(", ")),
        );
    }
}
