//! A validated [`Scenario`] compiled into a flat, index-based [`Model`]: arrays indexed
//! by actor and issue, no strings and no allocation in the engine's hot loop.
//!
//! Every number of the scenario lands in [`RunParams`]. Fixed numbers are written once
//! into [`Model::base`]; uncertain ones are listed in [`Model::draws`] and drawn once
//! per run, in list order, by [`Model::draw_params`]. Thresholds that do not depend on
//! the run (the concession curves, the optimal-exit table for persistent shocks) are
//! solved here, once.
//!
//! `compile.rs` builds the model; `run_params.rs` holds the numbers of one run, the
//! `Slot` each scenario parameter fills and the draws; `exit.rs` the exit rules'
//! thresholds; `crisis.rs` priors, power shifts, ratification and commitments;
//! `grid.rs` the offers of crisis talks at their concession paths' grid points;
//! `positions.rs` the parameters of the expected-utility model.

mod compile;
mod crisis;
mod exit;
mod grid;
pub mod positions;
mod run_params;

pub use crisis::{Prior, Shift};
pub use exit::myopic_threshold;
pub use grid::{Known, OfferFn, OfferGrid};
pub use run_params::{ActorParams, Draw, RunParams, Sampler, Shock, Slot};

use crate::scenario::{Commitment, Scenario, clamp_opt};
use crate::strategy::{Player, deterrence};
use crate::theory::stopping::ThresholdCurve;
use rand::Rng;

/// Phases of a run, used to index hazards and conflict outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Talks = 0,
    NoDeal = 1,
    InForce = 2,
    AfterExit = 3,
}

impl Phase {
    pub const ALL: [Phase; 4] = [
        Phase::Talks,
        Phase::NoDeal,
        Phase::InForce,
        Phase::AfterExit,
    ];
    /// Machine key.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Talks => "talks",
            Phase::NoDeal => "no_deal",
            Phase::InForce => "in_force",
            Phase::AfterExit => "after_exit",
        }
    }
    /// Plain words.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Talks => "during talks",
            Phase::NoDeal => "after talks failed",
            Phase::InForce => "with the treaty in force",
            Phase::AfterExit => "after a withdrawal",
        }
    }
}

/// Kind of exit rule: its typed id, which the engine matches on.
pub use crate::strategy::ExitId as ExitKind;

/// How talks are played (one file each in `negotiation/`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    /// Alternating offers with time-dependent concession tactics.
    Alternating,
    /// The subgame-perfect split of a bilateral single-issue negotiation (every
    /// deciding actor's tactic is `subgame-perfect`).
    SubgamePerfect,
    /// Crisis bargaining: offers against beliefs, war as a choice.
    Crisis,
    /// The expected-utility model of position change, run per issue; its prediction
    /// becomes the terms.
    ExpectedUtility,
}

/// How an actor concedes in talks: where its offers move, issue by issue.
#[derive(Debug, Clone, PartialEq)]
pub struct ConcessionPath {
    /// Issues in the order conceded: least salient first.
    pub order: Vec<usize>,
    /// The point offers move toward: the other deciders' salience-weighted ideals.
    pub toward: Vec<f64>,
    /// Utility lost by conceding issue j all the way (indexed by issue).
    pub loss: Vec<f64>,
}

/// The compiled scenario.
#[derive(Debug, Clone)]
pub struct Model {
    /// Number of actors and issues.
    pub n: usize,
    pub m: usize,
    pub horizon: u32,
    pub low: Vec<f64>,
    pub width: Vec<f64>,
    /// `ideal[i * m + j]`, `salience[i * m + j]`.
    pub ideal: Vec<f64>,
    pub salience: Vec<f64>,
    pub decides: Vec<bool>,
    /// The deciding actor at the top of each actor's chain of principals.
    pub root: Vec<usize>,
    pub deciders: Vec<usize>,
    /// Actors tabling offers, in rotation order.
    pub proposers: Vec<usize>,
    pub deadline: Option<u32>,
    pub retry_after: Option<u32>,
    pub renegotiate_after: Option<u32>,
    pub notice: Vec<u32>,
    pub protocol: Protocol,
    /// The expected-utility model's parameters (used by that protocol only).
    pub positions: positions::Params,
    /// `salience_given[i * m + j]`: saliences as written, in [0, 1], for that model.
    pub salience_given: Vec<f64>,
    pub strategies: Vec<Player>,
    pub exit: Vec<ExitKind>,
    pub paths: Vec<ConcessionPath>,
    /// Fixed values (and typical values of uncertain ones).
    pub base: RunParams,
    /// Uncertain parameters, drawn in this order at the start of each run.
    pub draws: Vec<Draw>,
    /// Per actor with the `optimal` exit rule and a persistent temptation: its
    /// thresholds read from one curve (see [`ThresholdCurve`]), built the first time a
    /// run asks for one, so commands that never simulate (`explain`, `analyze`) do not
    /// pay for it.
    pub optimal_curve: Vec<std::sync::OnceLock<Option<std::sync::Arc<ThresholdCurve>>>>,
    /// Crisis talks: the offers at the grid points of the concession paths (see
    /// [`OfferGrid`]), built by the talks the first time they ask for them.
    pub offer_grid: std::sync::OnceLock<OfferGrid>,
    /// Payoff histogram range per actor (fixed from the scenario so that shards merge).
    pub payoff_range: Vec<(f64, f64)>,
    /// Per actor: the payoff of war is derived from power and its war cost.
    pub war_derived: Vec<bool>,
    /// Per actor: the others' prior about its private parameter, and which one.
    pub prior: Vec<Option<Prior>>,
    pub private: Vec<Option<crate::scenario::Private>>,
    /// Per actor: its utility of the status quo (0 when the scenario gives none), the
    /// point from which a treaty's value is measured.
    pub sq: Vec<f64>,
    /// Per issue: the values an indivisible issue can take (empty: any).
    pub values: Vec<Vec<f64>>,
    /// Per actor: its public commitment, if any.
    pub commitment: Vec<Option<Commitment>>,
    /// Per actor: the least utility of terms its ratifier approves for a binding
    /// treaty (None: no ratifier).
    pub ratify: Vec<Option<f64>>,
    /// The issue that is the treaty's form, if any: its agreed value scales exit
    /// costs and notice and decides whether ratification is needed.
    pub form_issue: Option<usize>,
    /// Without a form issue: whether the treaty is legally binding (`[treaty] form`).
    pub binding: bool,
    /// How power shifts during a run (crisis talks), if it does.
    pub shift: Option<Shift>,
    /// The status quo's terms, when the scenario gives them.
    pub sq_point: Option<Vec<f64>>,
    /// Per actor: complies by `deterrence` (weighs temptation against punishment).
    pub deterrence: Vec<bool>,
    /// Per actor: how its strategy answers one seen violation (see
    /// [`crate::strategy::deterrence::retaliation_profile`]).
    pub retaliation: Vec<[f64; deterrence::LAGS]>,
    /// What a detected violation sets off.
    pub suspension: u32,
    pub material_breach: bool,
    pub principal_answers: bool,
    /// Per actor: the side its violations count against (itself, or its root
    /// principal when principals answer for their dependants).
    pub side: Vec<usize>,
}

impl Model {
    /// Draw this run's parameters into `out` (which must have been cloned from
    /// `base` once; only the uncertain slots are overwritten).
    pub fn draw_params<R: Rng + ?Sized>(&self, out: &mut RunParams, rng: &mut R) {
        for d in &self.draws {
            let v = clamp_opt(d.sampler.sample(rng), d.min, d.max);
            if let Some(x) = out.slot(d.slot) {
                *x = v;
            }
        }
    }

    /// The treaty's flow per round to actor `i` at terms of utility `u`:
    /// `no_deal + gain·(u − U(status quo))`.
    #[inline]
    pub fn value(&self, i: usize, p: &ActorParams, u: f64) -> f64 {
        p.no_deal + p.gain * (u - self.sq[i])
    }

    /// Utility of terms `x` for actor `i`.
    #[inline]
    pub fn utility(&self, i: usize, x: &[f64]) -> f64 {
        let m = self.m;
        crate::util::closeness(
            x,
            &self.ideal[i * m..(i + 1) * m],
            &self.salience[i * m..(i + 1) * m],
            |j| self.width[j],
        )
    }
}
