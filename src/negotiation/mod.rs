//! Talks: the protocols that turn a run's numbers into an agreement, a war or a
//! deadline passed, and the values they are built from.
//!
//! A protocol is one variant of [`Protocol`] (compiled into the model), with its own
//! file: [`alternating`] (alternating offers with time-dependent concession tactics)
//! and [`subgame_perfect`] (the Rubinstein / Ståhl split). The engine calls
//! [`play_round`] once per round of talks; it returns a [`TalksStep`] and leaves the
//! offer on the table in [`TalksState`], which is allocated once per thread, never per
//! round. A new protocol adds a variant, a file, and an arm in [`play_round`].
//!
//! Conventions shared with `explain`, the loader's warnings and the engine:
//! - Utility of terms x for an actor: `U(x) = Σ_j w_j (1 - |x_j - ideal_j| / (high_j - low_j))`,
//!   salience weights w summing to 1, so U ∈ [0, 1] ([`utility`]; the model's copy,
//!   `Model::utility`, uses the same `util::closeness`).
//! - Treaty value per round: `v(x) = no_deal + gain · U(x)`.
//! - Reservation utility: the least U(x) for which an agreement in force is worth at
//!   least staying without one (see [`reservation_utility`]).

pub mod alternating;
pub mod subgame_perfect;

use crate::model::{Model, Phase, Protocol, RunParams};
use crate::story::Tracer;

/// What one round of talks produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TalksStep {
    /// No agreement yet; talks go on next round.
    Continue,
    /// Every deciding party accepted the offer left in [`TalksState::offer`].
    Agreed,
    /// The deadline passed without agreement.
    DeadlinePassed,
}

/// Per-run working memory of the talks, allocated once per thread.
#[derive(Debug, Clone)]
pub struct TalksState {
    /// The offer on the table (the agreed terms after [`TalksStep::Agreed`]).
    pub offer: Vec<f64>,
}

impl TalksState {
    pub fn new(model: &Model) -> TalksState {
        TalksState {
            offer: vec![0.0; model.m],
        }
    }
}

/// What a round of talks sees: the model, this run's numbers, the actors'
/// credibility now, and which round of these talks it is (1-based), and the run's
/// round `t` (for the story).
pub struct Round<'a> {
    pub model: &'a Model,
    pub params: &'a RunParams,
    pub cred: &'a [f64],
    pub k: u32,
    pub t: u32,
}

/// Play round `r.k` of the talks under the model's protocol.
pub fn play_round<T: Tracer>(r: &Round, st: &mut TalksState, tr: &mut T) -> TalksStep {
    let m = r.model;
    let agreed = if m.proposers.is_empty() || m.deciders.is_empty() {
        false
    } else {
        match m.protocol {
            Protocol::Alternating => alternating::round(r, st, tr),
            Protocol::SubgamePerfect => subgame_perfect::round(r, st, tr),
        }
    };
    if agreed {
        TalksStep::Agreed
    } else if m.deadline.is_some_and(|d| r.k >= d) {
        TalksStep::DeadlinePassed
    } else {
        TalksStep::Continue
    }
}

/// Actor `i`'s reservation utility now: the credibility of the other deciders (the
/// lowest), the conflict risk of no deal, and the stalling gain while talks last.
pub fn reservation_now(model: &Model, p: &RunParams, cred: &[f64], i: usize) -> f64 {
    let a = &p.actors[i];
    let mut c = 1.0f64;
    for &d in &model.deciders {
        if d != i && d != model.root[i] {
            c = c.min(cred[d]);
        }
    }
    reservation_utility(&ReservationInputs {
        no_deal: a.no_deal + a.stalling,
        gain: a.gain,
        credibility: c,
        delta: a.discount,
        hazard_no_deal: p.hazard[Phase::NoDeal as usize],
        hazard_in_force: p.hazard[Phase::InForce as usize],
        conflict: a.conflict,
    })
}

/// Utility of terms `x` to an actor with `ideal` points and normalised `salience`, on
/// issues spanning `[low_j, high_j]`. Result in [0, 1].
pub fn utility(x: &[f64], ideal: &[f64], salience: &[f64], low: &[f64], high: &[f64]) -> f64 {
    crate::util::closeness(x, ideal, salience, |j| high[j] - low[j])
}

/// Value of a state paying `flow` per round, with per-round hazard `hazard` of an
/// absorbing conflict paying `conflict` once, discounted by `delta`:
/// `V = flow + δ[(1 - h)V + hK]`, so `V = (flow + δhK) / (1 - δ(1 - h))`.
pub fn state_value(flow: f64, hazard: f64, conflict: f64, delta: f64) -> f64 {
    (flow + delta * hazard * conflict) / (1.0 - delta * (1.0 - hazard))
}

/// Inputs of [`reservation_utility`] for one actor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReservationInputs {
    /// No-deal flow b per round.
    pub no_deal: f64,
    /// Treaty gain g: v(x) = b + g·U(x).
    pub gain: f64,
    /// Lowest credibility among the other deciding parties, in [0, 1]: the share of
    /// the treaty's gain the actor expects to be honoured.
    pub credibility: f64,
    /// Discount factor δ.
    pub delta: f64,
    /// Per-round conflict hazard without agreement (no deal).
    pub hazard_no_deal: f64,
    /// Per-round conflict hazard with the treaty in force.
    pub hazard_in_force: f64,
    /// One-time conflict payoff K.
    pub conflict: f64,
}

/// The least utility of terms that makes an agreement worth accepting: the U solving
/// `state_value(b + cred·g·U, h_in_force) = state_value(b, h_no_deal)`.
///
/// Returns a value that may fall outside [0, 1]: below 0 means any terms beat no
/// deal, above 1 means no terms can. With `cred·g = 0` it is `-inf` when the treaty
/// is worth at least no deal anyway, `+inf` otherwise.
pub fn reservation_utility(r: &ReservationInputs) -> f64 {
    let outside = state_value(r.no_deal, r.hazard_no_deal, r.conflict, r.delta);
    // Flow in force that matches `outside`.
    let needed_flow = outside * (1.0 - r.delta * (1.0 - r.hazard_in_force))
        - r.delta * r.hazard_in_force * r.conflict;
    let slope = r.credibility * r.gain;
    let excess = needed_flow - r.no_deal;
    if slope > 0.0 {
        excess / slope
    } else if excess <= 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utility_is_one_at_ideal_and_falls_linearly() {
        let (lo, hi) = ([0.0, 0.0], [1.0, 100.0]);
        let ideal = [0.0, 100.0];
        let w = [0.25, 0.75];
        assert_eq!(utility(&ideal, &ideal, &w, &lo, &hi), 1.0);
        let u = utility(&[0.5, 100.0], &ideal, &w, &lo, &hi);
        assert!((u - (0.25 * 0.5 + 0.75)).abs() < 1e-12);
        assert_eq!(utility(&[1.0, 0.0], &ideal, &w, &lo, &hi), 0.0);
    }

    #[test]
    fn state_value_without_hazard_is_a_perpetuity() {
        assert!((state_value(1.0, 0.0, -100.0, 0.9) - 10.0).abs() < 1e-12);
        // Certain conflict next round: V = flow + δK.
        assert!((state_value(1.0, 1.0, -100.0, 0.9) - (1.0 - 90.0)).abs() < 1e-12);
    }

    #[test]
    fn reservation_balances_deal_and_no_deal() {
        let r = ReservationInputs {
            no_deal: -1.0,
            gain: 4.0,
            credibility: 0.5,
            delta: 0.95,
            hazard_no_deal: 0.01,
            hazard_in_force: 0.001,
            conflict: -100.0,
        };
        let u = reservation_utility(&r);
        let deal = state_value(
            r.no_deal + r.credibility * r.gain * u,
            r.hazard_in_force,
            r.conflict,
            r.delta,
        );
        let none = state_value(r.no_deal, r.hazard_no_deal, r.conflict, r.delta);
        assert!((deal - none).abs() < 1e-9);
        // Conflict risk without a deal makes even poor terms acceptable here.
        assert!(u < 0.0);
    }
}
