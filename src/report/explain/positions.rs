//! `explain`'s paragraph for `[talks] protocol = "expected-utility"`: the model in
//! words, its parameters, each actor's capability and saliences as the model reads
//! them, and the positions and saliences drawn per run.

use super::text::{para, pct, pnum};
use crate::scenario::{Param, Scenario};

/// The expected-utility protocol in words (docs/expected-utility.md).
pub(super) fn part(o: &mut String, s: &Scenario) {
    let pm = &s.talks.position_model;
    let stop = if pm.tolerance > 0.0 {
        format!(
            "or until no position moves by more than {} of the issue's range",
            pct(pm.tolerance)
        )
    } else {
        "or until no position moves".to_string()
    };
    para(
        o,
        0,
        &format!(
            "Talks: the expected-utility model (Bueno de Mesquita). On each issue, every actor \
             weighs challenging every other: it expects to win with the share of capability \
             × salience that prefers its position, and weighs what it would gain or lose \
             against the status quo (Q = {}, T = {}). Where it expects to gain it makes an \
             offer; the target confronts, compromises or capitulates. Up to {} rounds, {stop}. \
             The capability-and-salience weighted mean of the final positions becomes the \
             agreement's terms, which every party accepts.",
            pnum(&Param::Fixed(pm.q)),
            pnum(&Param::Fixed(pm.t)),
            pm.rounds
        ),
    );
    for a in &s.actors {
        let sal: Vec<String> = a
            .salience_given
            .iter()
            .zip(&s.issues)
            .map(|(v, i)| format!("{} {}", i.id, pnum(&Param::Fixed(*v))))
            .collect();
        para(
            o,
            2,
            &format!(
                "{}: capability {}; salience {}.",
                a.name,
                pnum(&a.war.capability),
                sal.join(", ")
            ),
        );
    }
    if !pm.uncertain.is_empty() {
        para(
            o,
            0,
            "Uncertain positions and saliences are drawn once per run, and the model plays \
             from each run's draws, so the agreed terms across runs are the distribution of \
             its prediction (the rest of the scenario uses their typical values):",
        );
        for u in &pm.uncertain {
            para(
                o,
                2,
                &format!(
                    "{}: {} on {}: {}.",
                    s.actors[u.actor].name,
                    if u.salience { "salience" } else { "position" },
                    s.issues[u.issue].id,
                    match &u.value {
                        Param::Dist(d) => super::uncertain::describe_dist(d),
                        Param::Fixed(v) => pnum(&Param::Fixed(*v)),
                    }
                ),
            );
        }
    }
}
