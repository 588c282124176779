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
pub mod crisis;
pub mod expected_utility;
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
    /// This actor chose war.
    War { by: usize },
    /// The deadline passed without agreement.
    DeadlinePassed,
}

/// Why talks failed (war chosen, or the deadline passed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No terms that every responder accepts are worth more than war (or, without
    /// war, than no deal) to the proposer: no bargaining range, given everyone's
    /// true numbers.
    NoRange,
    /// A bargaining range existed, but the proposer, not knowing the other side's
    /// resolve, demanded more and the responder chose war: the risk–return gamble lost.
    GambleLost,
    /// A bargaining range existed and the deadline passed without agreement.
    Deadline,
    /// A bargaining range would exist at today's power, but power is about to shift
    /// (by the calendar, or by the terms themselves): the side that loses from the
    /// shift cannot be promised enough, so no terms beat war for everyone.
    CommitmentProblem,
    /// A bargaining range exists for the negotiators, but no terms in it are
    /// approved by every ratifier of a binding treaty.
    Ratification,
}

impl Failure {
    pub const ALL: [Failure; 5] = [
        Failure::NoRange,
        Failure::GambleLost,
        Failure::Deadline,
        Failure::CommitmentProblem,
        Failure::Ratification,
    ];
    /// Machine key.
    pub fn key(self) -> &'static str {
        match self {
            Failure::NoRange => "no_range",
            Failure::GambleLost => "gamble_lost",
            Failure::Deadline => "deadline",
            Failure::CommitmentProblem => "commitment_problem",
            Failure::Ratification => "ratification",
        }
    }
    /// Plain words.
    pub fn label(self) -> &'static str {
        match self {
            Failure::NoRange => "no bargaining range",
            Failure::GambleLost => "risk–return gamble lost",
            Failure::Deadline => "deadline passed",
            Failure::CommitmentProblem => "commitment problem",
            Failure::Ratification => "ratification refused",
        }
    }
}

/// Per-run working memory of the talks, allocated once per thread.
#[derive(Debug, Clone)]
pub struct TalksState {
    /// The offer on the table (the agreed terms after [`TalksStep::Agreed`]).
    pub offer: Vec<f64>,
    /// Per actor: the least utility it accepts this round (scratch).
    pub need: Vec<f64>,
    /// Per actor: its flow per round at war this run (crisis talks).
    pub war_flow: Vec<f64>,
    /// Per actor: Σ_s p_s U(ideal of side s), what war gives it in expectation.
    pub expect_win: Vec<f64>,
    /// Per deciding actor: its side's probability of winning a war.
    pub win: Vec<f64>,
    /// Per actor: the interval of war costs the others still believe possible.
    pub belief: Vec<(f64, f64)>,
    /// Why the last talks failed, when they did.
    pub failure: Option<Failure>,
    /// The expected-utility model's workspace (that protocol only).
    pub positions: expected_utility::Workspace,
    /// Per power state k and actor i (index `k * n + i`): its side's chance to win a
    /// war (deciders), what war gives it in expectation, and its war flow.
    pub power_win: Vec<f64>,
    pub power_expect: Vec<f64>,
    pub power_war: Vec<f64>,
    /// Per power state k and reviser r (0 or 1: the first or second decider), from
    /// `(2k + r) · m`: the terms on the other side's war line best for the reviser,
    /// and whether it prefers them to war.
    pub revision: Vec<f64>,
    pub revision_ok: Vec<bool>,
    /// The power state whose values are in `war_flow`, `win` and `expect_win`.
    pub power_now: usize,
    /// While classifying a failure: value terms as if power did not shift, or as
    /// if no ratifier had to approve.
    pub ignore_shift: bool,
    pub ignore_ratification: bool,
}

impl TalksState {
    pub fn new(model: &Model) -> TalksState {
        TalksState {
            offer: vec![0.0; model.m],
            need: vec![0.0; model.n],
            war_flow: vec![0.0; model.n],
            expect_win: vec![0.0; model.n],
            win: vec![0.0; model.n],
            belief: vec![(f64::NEG_INFINITY, f64::INFINITY); model.n],
            failure: None,
            positions: expected_utility::Workspace::with_actors(model.n),
            power_win: vec![0.0; model.power_states() * model.n],
            power_expect: vec![0.0; model.power_states() * model.n],
            power_war: vec![0.0; model.power_states() * model.n],
            revision: vec![0.0; model.power_states() * 2 * model.m],
            revision_ok: vec![false; model.power_states() * 2],
            power_now: 0,
            ignore_shift: false,
            ignore_ratification: false,
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
    let step = if m.proposers.is_empty() || m.deciders.is_empty() {
        TalksStep::Continue
    } else {
        match m.protocol {
            Protocol::Alternating => agreed(alternating::round(r, st, tr)),
            Protocol::SubgamePerfect => agreed(subgame_perfect::round(r, st, tr)),
            Protocol::Crisis => crisis::round(r, st, tr),
            Protocol::ExpectedUtility => expected_utility::talks_round(r, st, tr),
        }
    };
    if step == TalksStep::Continue && m.deadline.is_some_and(|d| r.k >= d) {
        if st.failure.is_none() {
            st.failure = Some(Failure::Deadline);
        }
        TalksStep::DeadlinePassed
    } else {
        step
    }
}

fn agreed(yes: bool) -> TalksStep {
    if yes {
        TalksStep::Agreed
    } else {
        TalksStep::Continue
    }
}

/// The lowest credibility of the deciding parties other than `i` and its own side's
/// head: how far `i` believes the others' signatures.
pub fn counterpart_credibility(model: &Model, cred: &[f64], i: usize) -> f64 {
    let mut c = 1.0f64;
    for &d in &model.deciders {
        if d != i && d != model.root[i] {
            c = c.min(cred[d]);
        }
    }
    c
}

/// Actor `i`'s reservation utility now: the credibility of the other deciders (the
/// lowest), the conflict risk of no deal, and the stalling gain while talks last.
pub fn reservation_now(model: &Model, p: &RunParams, cred: &[f64], i: usize) -> f64 {
    let a = &p.actors[i];
    let c = counterpart_credibility(model, cred, i);
    // Measured from the status quo: the treaty pays b + c·g·(U − U_sq).
    model.sq[i]
        + reservation_utility(&ReservationInputs {
            no_deal: a.no_deal,
            stalling: a.stalling,
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
    /// Extra flow while talks last (a stalling gain): it raises what waiting is
    /// worth, not what a treaty pays.
    pub stalling: f64,
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
/// `state_value(b + cred·g·U, h_in_force) = state_value(b + stalling, h_no_deal)`.
///
/// Returns a value that may fall outside [0, 1]: below 0 means any terms beat no
/// deal, above 1 means no terms can. With `cred·g = 0` it is `-inf` when the treaty
/// is worth at least no deal anyway, `+inf` otherwise.
pub fn reservation_utility(r: &ReservationInputs) -> f64 {
    let slope = r.credibility * r.gain;
    let excess = reservation_excess(r);
    if slope > 0.0 {
        excess / slope
    } else if excess <= 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    }
}

/// The flow over `no_deal` that a treaty must pay to match no deal: the reservation
/// utility times `cred·gain` (linear in no_deal, gain and the conflict payoff).
pub fn reservation_excess(r: &ReservationInputs) -> f64 {
    let outside = state_value(
        r.no_deal + r.stalling,
        r.hazard_no_deal,
        r.conflict,
        r.delta,
    );
    // Flow in force that matches `outside`.
    let needed_flow = outside * (1.0 - r.delta * (1.0 - r.hazard_in_force))
        - r.delta * r.hazard_in_force * r.conflict;
    needed_flow - r.no_deal
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
            stalling: 0.0,
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

    #[test]
    fn a_stalling_gain_raises_the_reservation_utility() {
        // Regression: the stalling gain was added to both sides of the balance and
        // cancelled out. Without hazards the reservation is exactly stalling/(cred·g).
        let r = ReservationInputs {
            no_deal: 0.0,
            stalling: 0.5,
            gain: 2.0,
            credibility: 1.0,
            delta: 0.9,
            hazard_no_deal: 0.0,
            hazard_in_force: 0.0,
            conflict: 0.0,
        };
        assert!((reservation_utility(&r) - 0.25).abs() < 1e-12);
        let none = ReservationInputs { stalling: 0.0, ..r };
        assert!(reservation_utility(&none) < reservation_utility(&r));
    }
}
