//! The terms `explain` and `analyze` build the stage game in force on: what the
//! talks agree when every number takes its typical value (the scenario's fixed values,
//! distributions at their mean). Talks are deterministic given a run's numbers, so
//! this is the run the typical numbers would give; when it agrees on nothing, each
//! issue midway between the deciding parties' ideals stands in, and the reason is said.

use super::{Round, TalksState, TalksStep, crisis, play_round};
use crate::model::{Model, Protocol};
use crate::scenario::Scenario;

/// Terms to explain a scenario at, and where they come from.
#[derive(Debug, Clone, PartialEq)]
pub struct TermsBasis {
    /// One value per issue.
    pub values: Vec<f64>,
    /// Where they come from, as a phrase ("what the talks agree on ...").
    pub source: String,
    /// A sentence to follow the terms (why they are not the talks' own), if any.
    pub note: Option<String>,
}

/// How talks end when every number takes its typical value (the scenario's fixed
/// values, distributions at their mean): what `explain` and `analyze` build their
/// stage game on.
#[derive(Debug, Clone, PartialEq)]
pub enum TypicalTalks {
    /// Every deciding party accepted `terms` in round `round` of the talks.
    Agreed { round: u32, terms: Vec<f64> },
    /// Actor `by` chose war in round `round`.
    War { round: u32, by: usize },
    /// The deadline passed in round `round` without agreement.
    DeadlinePassed { round: u32 },
    /// No agreement, war or deadline within the horizon (or no one proposes).
    Open,
}

/// Play the first talks of a run at the typical values ([`Model::base`]), as the
/// engine opens them: the talks are deterministic given a run's numbers, so this is
/// the run the typical numbers would give, up to the deadline or the horizon.
pub fn typical_talks(model: &Model) -> TypicalTalks {
    if model.proposers.is_empty() || model.deciders.is_empty() {
        return TypicalTalks::Open;
    }
    let mut params = model.base.clone();
    let mut st = TalksState::new(model);
    if model.protocol == Protocol::Crisis || model.war_derived.contains(&true) {
        crisis::begin_run(model, &mut params, &mut st);
    }
    let cred: Vec<f64> = params.actors.iter().map(|a| a.credibility).collect();
    for k in 1..=model.horizon {
        let r = Round {
            model,
            params: &params,
            cred: &cred,
            k,
            t: k,
        };
        match play_round(&r, &mut st, &mut crate::story::NoTrace) {
            TalksStep::Continue => {}
            TalksStep::Agreed => {
                return TypicalTalks::Agreed {
                    round: k,
                    terms: st.offer,
                };
            }
            TalksStep::War { by } => return TypicalTalks::War { round: k, by },
            TalksStep::DeadlinePassed => return TypicalTalks::DeadlinePassed { round: k },
        }
    }
    TypicalTalks::Open
}

/// The terms the talks agree on when every number takes its typical value (for the
/// expected-utility model, its prediction from the typical inputs); when they agree on
/// none, each issue midway between the deciding parties' ideals, saying why.
pub fn typical_terms(s: &Scenario, model: &Model) -> TermsBasis {
    let name = |i: usize| s.actors[i].name.as_str();
    let round = |k: u32| format!("{} {k}", s.meta.round);
    let why = match typical_talks(model) {
        TypicalTalks::Agreed { terms, .. } if model.protocol == Protocol::ExpectedUtility => {
            return TermsBasis {
                values: terms,
                source: "the expected-utility model's prediction from the typical inputs".into(),
                note: None,
            };
        }
        TypicalTalks::Agreed { round: k, terms } => {
            return TermsBasis {
                values: terms,
                source: format!(
                    "what the talks agree on at the typical values, in {}",
                    round(k)
                ),
                note: None,
            };
        }
        TypicalTalks::War { round: k, by } => {
            format!("{} chooses war in {}", name(by), round(k))
        }
        TypicalTalks::DeadlinePassed { round: k } => {
            format!("the deadline passes in {}", round(k))
        }
        TypicalTalks::Open => {
            let unit = if s.meta.horizon == 1 {
                &s.meta.round
            } else {
                &s.meta.rounds
            };
            format!("they are still open after {} {unit}", s.meta.horizon)
        }
    };
    TermsBasis {
        values: middle_terms(s),
        source: "each issue midway between the deciding parties' ideals".into(),
        note: Some(format!(
            "At the typical values the talks agree on nothing ({why})."
        )),
    }
}

/// Each issue at the mean of the deciding actors' ideals (of all the issue's range
/// when no one decides).
pub fn middle_terms(s: &Scenario) -> Vec<f64> {
    let d = s.deciders();
    (0..s.issues.len())
        .map(|j| {
            if d.is_empty() {
                0.5 * (s.issues[j].low + s.issues[j].high)
            } else {
                d.iter().map(|&i| s.actors[i].ideal[j]).sum::<f64>() / d.len() as f64
            }
        })
        .collect()
}
