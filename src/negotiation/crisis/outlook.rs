//! Crisis talks at the scenario's typical values, before any run: the outlook
//! `analyze` reports (war chances and flows, the bargaining range, the proposer's
//! best first offer, what a power shift would do to it) and the war lines `explain`
//! prints. The numbers are the engine's own: the same war flows, lines and offer
//! search as round 1 of a run.

use super::*;

/// Crisis talks before they start, at the scenario's typical values (every uncertain
/// parameter at its typical value, private ones too): what `analyze` reports for a
/// scenario the closed forms do not cover. The numbers are the engine's own: the
/// same war flows, lines and offer search as round 1 of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Outlook {
    /// The first proposer.
    pub proposer: usize,
    /// Per actor: its side's probability of winning a war (0 for non-deciders).
    pub win: Vec<f64>,
    /// Per actor: what war pays it per round, and what no deal pays.
    pub war_flow: Vec<f64>,
    pub no_deal: Vec<f64>,
    /// The bargaining range on the proposer's concession path: the least and the
    /// greatest utility τ of the proposer's own offers that every responder accepts,
    /// every ratifier approves and the proposer prefers to war (`None`: empty).
    pub range: Option<(f64, f64)>,
    /// The same range if no ratifier had to approve (set only when ratification is
    /// what empties it).
    pub without_ratification: Option<(f64, f64)>,
    /// The same range if power did not shift (set only when the shift empties it).
    pub without_shift: Option<(f64, f64)>,
    /// The proposer's best first offer against its beliefs: its utility τ, the
    /// terms, the probability it is accepted and the proposer's expected flow.
    pub best_tau: f64,
    pub best_terms: Vec<f64>,
    pub p_accept: f64,
    pub expected_flow: f64,
    /// Where power shifts at the best offer's terms, what that does (`None`: no
    /// shift, or one these terms leave without effect).
    pub shift: Option<ShiftOutlook>,
}

/// A power shift seen from the proposer's best terms: the round it comes, each
/// actor's chance to win and war flow once it has come, and each decider's flow
/// from the terms. `revisers`: the deciders who would then prefer war to the terms
/// (and so press for revision, which the side that loses from the shift may fight
/// now to prevent: the commitment problem); empty, the shift poses none.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftOutlook {
    pub after: u32,
    pub win: Vec<f64>,
    pub war_flow: Vec<f64>,
    pub terms_flow: Vec<f64>,
    pub revisers: Vec<usize>,
}

/// [`ShiftOutlook`] for terms `x` (see there).
fn shift_outlook(r: &Round, st: &TalksState, x: &[f64]) -> Option<ShiftOutlook> {
    let model = r.model;
    let after = model.shift_after()?;
    let k = model.power_state(after, Some(x));
    if same_power(model, st, k, st.power_now) {
        return None;
    }
    let n = model.n;
    let war_flow = st.power_war[k * n..(k + 1) * n].to_vec();
    let terms_flow: Vec<f64> = (0..n).map(|i| treaty_flow(r, i, x)).collect();
    let revisers = model
        .deciders
        .iter()
        .copied()
        .filter(|&d| terms_flow[d] < war_flow[d])
        .collect();
    Some(ShiftOutlook {
        after,
        win: st.power_win[k * n..(k + 1) * n].to_vec(),
        war_flow,
        terms_flow,
        revisers,
    })
}

/// [`Outlook`] for a crisis model with deciders and proposers, `None` otherwise.
pub fn outlook(model: &Model) -> Option<Outlook> {
    if model.protocol != crate::model::Protocol::Crisis
        || model.proposers.is_empty()
        || model.deciders.len() < 2
    {
        return None;
    }
    let mut params = model.base.clone();
    let mut st = TalksState::new(model);
    begin_run(model, &mut params, &mut st);
    let cred: Vec<f64> = params.actors.iter().map(|a| a.credibility).collect();
    let r = Round {
        model,
        params: &params,
        cred: &cred,
        k: 1,
        t: 1,
    };
    revisions(&r, &mut st);
    let i = model.proposers[0];
    let range = path_range(&r, &mut st, i);
    let mut without_ratification = None;
    let mut without_shift = None;
    if range.is_none() {
        if model.ratify.iter().any(Option::is_some) {
            st.ignore_ratification = true;
            without_ratification = path_range(&r, &mut st, i);
            st.ignore_ratification = false;
        }
        if model.shift.is_some() {
            st.ignore_shift = true;
            without_shift = path_range(&r, &mut st, i);
            st.ignore_shift = false;
        }
    }
    let (eu, tau, pa) = best_offer(&r, &mut st, i);
    let mut terms = vec![0.0; model.m];
    offer(model, i, tau, &mut terms);
    let shift = shift_outlook(&r, &st, &terms);
    Some(Outlook {
        proposer: i,
        win: st.win.clone(),
        war_flow: st.war_flow.clone(),
        no_deal: params.actors.iter().map(|a| a.no_deal).collect(),
        range,
        without_ratification,
        without_shift,
        best_tau: tau,
        best_terms: terms,
        p_accept: pa,
        expected_flow: eu,
        shift,
    })
}

/// Each actor's war line at the typical values ([`Model::base`], credibility as
/// given): the least utility of terms a responder prefers to war before any power
/// shift or audience cost (−∞ when every treaty beats war, +∞ when none does).
pub fn war_lines_at_typical(model: &Model) -> Vec<f64> {
    let mut params = model.base.clone();
    let mut st = TalksState::new(model);
    begin_run(model, &mut params, &mut st);
    let cred: Vec<f64> = params.actors.iter().map(|a| a.credibility).collect();
    (0..model.n)
        .map(|j| war_line(model, &params, &st, &cred, j))
        .collect()
}
