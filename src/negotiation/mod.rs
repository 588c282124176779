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
//!
//! These formulas live in `theory::values` (re-exported here), below `scenario`, whose
//! warnings use them too; `negotiation` adds what needs a compiled model
//! ([`reservation_now`], [`counterpart_credibility`]).

pub mod alternating;
pub mod crisis;
pub mod expected_utility;
mod path;
pub mod subgame_perfect;
mod typical;

use crate::model::{Model, Phase, Protocol, RunParams};
use crate::story::Tracer;
pub use crate::story::talks::Failure;
pub use crate::theory::values::{
    ReservationInputs, reservation_excess, reservation_utility, state_value, utility,
};
pub use typical::{TermsBasis, TypicalTalks, middle_terms, typical_talks, typical_terms};

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
    /// The credibility the revisions were computed at, and whether they are this
    /// run's: they depend on nothing else that changes during a run, so talks
    /// rounds at the same credibility reuse them.
    pub revision_cred: Vec<f64>,
    pub revision_fresh: bool,
    /// The power state whose values are in `war_flow`, `win` and `expect_win`.
    pub power_now: usize,
    /// While classifying a failure: value terms as if power did not shift, or as
    /// if no ratifier had to approve.
    pub ignore_shift: bool,
    pub ignore_ratification: bool,
    /// What the offer being weighed is worth to each actor (crisis talks' offer
    /// search, scratch).
    pub memo: crisis::Memo,
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
            revision_cred: vec![0.0; model.n],
            revision_fresh: false,
            power_now: 0,
            ignore_shift: false,
            ignore_ratification: false,
            memo: crisis::Memo::default(),
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
