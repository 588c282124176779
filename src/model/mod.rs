//! A validated [`Scenario`] compiled into a flat, index-based [`Model`]: arrays indexed
//! by actor and issue, no strings and no allocation in the engine's hot loop.
//!
//! Every number of the scenario lands in [`RunParams`]. Fixed numbers are written once
//! into [`Model::base`]; uncertain ones are listed in [`Model::draws`] and drawn once
//! per run, in list order, by [`Model::draw_params`]. Thresholds that do not depend on
//! the run (the concession curves, the optimal-exit table for persistent shocks) are
//! solved here, once.

use crate::scenario::params::{Lands, Num, Unset};
use crate::scenario::{
    Actor, Commitment, Dist, DistKind, ExitRule, Param, Scenario, StrategySpec, Tactic,
    TalksProtocol, Temptation, clamp_opt,
};
use crate::strategy::{Player, deterrence};
use crate::theory::stopping::{
    LeaverTerms, LinearShock, Renegotiation, ThresholdCurve, engine_problem, exit_threshold,
};
use rand::Rng;
use rand_distr::{Beta, Distribution, LogNormal, Normal, Triangular, Uniform};

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

/// An actor's temptation process with this run's numbers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Shock {
    /// θ_t = mean + sd·Z, independent each round.
    Iid { mean: f64, sd: f64 },
    /// θ_1 = start + drift + volatility·Z, then θ_t = θ_{t−1} + drift + volatility·Z.
    RandomWalk {
        start: f64,
        drift: f64,
        volatility: f64,
    },
    /// θ_1 from `start`, then θ_t = mean + phi·(θ_{t−1} − mean) + sd·Z.
    Ar1 {
        mean: f64,
        phi: f64,
        sd: f64,
        start: f64,
    },
}

impl Default for Shock {
    fn default() -> Shock {
        Shock::Iid { mean: 0.0, sd: 0.0 }
    }
}

impl Shock {
    /// The process of `t` with every number 0 (filled in by `Model::compile`).
    fn zero(t: &Temptation) -> Shock {
        match t {
            Temptation::Iid { .. } => Shock::default(),
            Temptation::RandomWalk { .. } => Shock::RandomWalk {
                start: 0.0,
                drift: 0.0,
                volatility: 0.0,
            },
            Temptation::Ar1 { .. } => Shock::Ar1 {
                mean: 0.0,
                phi: 0.0,
                sd: 0.0,
                start: 0.0,
            },
        }
    }

    /// The number `p` of this process (a `Num::Temptation…`); `None` when the
    /// process has no such number.
    fn field(&mut self, p: Num) -> Option<&mut f64> {
        match (self, p) {
            (Shock::Iid { mean, .. } | Shock::Ar1 { mean, .. }, Num::TemptationMean) => Some(mean),
            (Shock::Iid { sd, .. } | Shock::Ar1 { sd, .. }, Num::TemptationSd) => Some(sd),
            (Shock::RandomWalk { start, .. } | Shock::Ar1 { start, .. }, Num::TemptationStart) => {
                Some(start)
            }
            (Shock::RandomWalk { drift, .. }, Num::TemptationDrift) => Some(drift),
            (Shock::RandomWalk { volatility, .. }, Num::TemptationVolatility) => Some(volatility),
            (Shock::Ar1 { phi, .. }, Num::TemptationPhi) => Some(phi),
            _ => None,
        }
    }

    /// Whether the process is iid (its optimal-exit threshold has a closed form).
    pub fn is_iid(&self) -> bool {
        matches!(self, Shock::Iid { .. })
    }

    /// The process as θ' = α + βθ + σZ.
    pub fn linear(&self) -> LinearShock {
        match *self {
            Shock::Iid { mean, sd } => LinearShock {
                alpha: mean,
                beta: 0.0,
                sigma: sd,
            },
            Shock::RandomWalk {
                drift, volatility, ..
            } => LinearShock {
                alpha: drift,
                beta: 1.0,
                sigma: volatility,
            },
            Shock::Ar1 { mean, phi, sd, .. } => LinearShock {
                alpha: mean * (1.0 - phi),
                beta: phi,
                sigma: sd,
            },
        }
    }
}

/// Kind of exit rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKind {
    Never,
    Threshold,
    Myopic,
    Optimal,
}

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

/// What the others believe about an actor's private parameter: the scenario's
/// distribution, truncated by what the actor's rejections reveal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prior {
    Uniform { low: f64, high: f64 },
    Triangular { low: f64, mode: f64, high: f64 },
    Normal { mean: f64, sd: f64 },
    LogNormal { mu: f64, sigma: f64 },
}

/// Every number of one actor for one run.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ActorParams {
    pub discount: f64,
    pub credibility: f64,
    pub exponent: f64,
    pub initial: f64,
    pub no_deal: f64,
    pub gain: f64,
    /// The temptation process.
    pub shock: Shock,
    pub betrayal: f64,
    pub conflict: f64,
    pub stalling: f64,
    pub exit_cost: f64,
    /// Threshold rule's level.
    pub level: f64,
    /// Military capability (> 0).
    pub capability: f64,
    /// Cost of war per round (used when the payoff of war is derived).
    pub war_cost: f64,
}

/// Every number of one run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunParams {
    pub actors: Vec<ActorParams>,
    /// The expected-utility model's starting positions and saliences (as written),
    /// `position[i * m + j]`: the ideals and given saliences, some drawn per run.
    pub position: Vec<f64>,
    pub salience: Vec<f64>,
    /// Conflict hazard per round, indexed by [`Phase`].
    pub hazard: [f64; 4],
    pub false_alarm: f64,
    pub missed: f64,
    pub exit_loss: f64,
    pub recovery: f64,
    /// Credibility lost per detected violation.
    pub violation_loss: f64,
    /// In-force hazard added per detected violation.
    pub escalation: f64,
    /// Price of the escape clause (+∞: none).
    pub escape_price: f64,
}

/// Which number of [`RunParams`] a parameter fills: the scenario's parameters by
/// their [`Num`] (described in `scenario::params`), and the expected-utility model's
/// positions and saliences by place.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Slot {
    /// Actor `i`'s number.
    Actor(usize, Num),
    /// A number of the whole run.
    Run(Num),
    /// `RunParams::position[k]`, `RunParams::salience[k]` (k = i * m + j).
    Position(usize),
    Salience(usize),
}

impl RunParams {
    /// The number `s` names; `None` for a parameter that does not land in the
    /// per-run numbers (`Lands` other than `RunParams`), a scenario-wide one named for
    /// an actor or the reverse, or a temptation number the actor's process does not
    /// have.
    fn slot(&mut self, s: Slot) -> Option<&mut f64> {
        match s {
            Slot::Actor(i, p) => actor_slot(&mut self.actors[i], p),
            Slot::Run(p) => self.run_slot(p),
            Slot::Position(k) => Some(&mut self.position[k]),
            Slot::Salience(k) => Some(&mut self.salience[k]),
        }
    }

    fn run_slot(&mut self, p: Num) -> Option<&mut f64> {
        Some(match p {
            Num::HazardTalks => &mut self.hazard[Phase::Talks as usize],
            Num::HazardNoDeal => &mut self.hazard[Phase::NoDeal as usize],
            Num::HazardInForce => &mut self.hazard[Phase::InForce as usize],
            Num::HazardAfterExit => &mut self.hazard[Phase::AfterExit as usize],
            Num::FalseAlarm => &mut self.false_alarm,
            Num::Missed => &mut self.missed,
            Num::ExitLoss => &mut self.exit_loss,
            Num::Recovery => &mut self.recovery,
            Num::ViolationLoss => &mut self.violation_loss,
            Num::Escalation => &mut self.escalation,
            Num::EscapePrice => &mut self.escape_price,
            Num::Discount
            | Num::Credibility
            | Num::Exponent
            | Num::Initial
            | Num::NoDeal
            | Num::Gain
            | Num::TemptationMean
            | Num::TemptationPhi
            | Num::TemptationSd
            | Num::TemptationStart
            | Num::TemptationDrift
            | Num::TemptationVolatility
            | Num::Betrayal
            | Num::Conflict
            | Num::Stalling
            | Num::ExitCost
            | Num::Level
            | Num::Capability
            | Num::WarCost
            | Num::Ratification
            | Num::TreatyExitCost
            | Num::Q
            | Num::T
            | Num::Tolerance => return None,
        })
    }
}

/// Actor `a`'s number `p` (see [`RunParams::slot`]).
fn actor_slot(a: &mut ActorParams, p: Num) -> Option<&mut f64> {
    Some(match p {
        Num::Discount => &mut a.discount,
        Num::Credibility => &mut a.credibility,
        Num::Exponent => &mut a.exponent,
        Num::Initial => &mut a.initial,
        Num::NoDeal => &mut a.no_deal,
        Num::Gain => &mut a.gain,
        Num::TemptationMean
        | Num::TemptationPhi
        | Num::TemptationSd
        | Num::TemptationStart
        | Num::TemptationDrift
        | Num::TemptationVolatility => return a.shock.field(p),
        Num::Betrayal => &mut a.betrayal,
        Num::Conflict => &mut a.conflict,
        Num::Stalling => &mut a.stalling,
        Num::ExitCost => &mut a.exit_cost,
        Num::Level => &mut a.level,
        Num::Capability => &mut a.capability,
        Num::WarCost => &mut a.war_cost,
        Num::Ratification
        | Num::HazardTalks
        | Num::HazardNoDeal
        | Num::HazardInForce
        | Num::HazardAfterExit
        | Num::FalseAlarm
        | Num::Missed
        | Num::ExitLoss
        | Num::Recovery
        | Num::ViolationLoss
        | Num::Escalation
        | Num::EscapePrice
        | Num::TreatyExitCost
        | Num::Q
        | Num::T
        | Num::Tolerance => return None,
    })
}

/// A distribution ready to sample.
#[derive(Debug, Clone, Copy)]
pub enum Sampler {
    Normal(Normal<f64>),
    Uniform(Uniform<f64>),
    Triangular(Triangular<f64>),
    Beta(Beta<f64>, f64, f64),
    LogNormal(LogNormal<f64>),
}

impl Sampler {
    fn new(d: &Dist) -> Sampler {
        // The loader validated every parameter; the fallbacks below cannot be reached
        // by a validated scenario and only keep this function total.
        match d.kind {
            DistKind::Normal { mean, sd } => Sampler::Normal(
                Normal::new(mean, sd).unwrap_or_else(|_| Normal::new(mean, 0.0).expect("sd 0")),
            ),
            DistKind::Uniform { low, high } => Sampler::Uniform(
                Uniform::new(low, high).unwrap_or_else(|_| Uniform::new(0.0, 1.0).expect("unit")),
            ),
            DistKind::Triangular { low, mode, high } => Sampler::Triangular(
                Triangular::new(low, high, mode)
                    .unwrap_or_else(|_| Triangular::new(0.0, 1.0, 0.5).expect("unit")),
            ),
            DistKind::Beta {
                alpha,
                beta,
                low,
                high,
            } => Sampler::Beta(
                Beta::new(alpha, beta).unwrap_or_else(|_| Beta::new(1.0, 1.0).expect("unit")),
                low,
                high,
            ),
            DistKind::LogNormal { mu, sigma } => Sampler::LogNormal(
                LogNormal::new(mu, sigma)
                    .unwrap_or_else(|_| LogNormal::new(mu, 0.0).expect("sigma 0")),
            ),
        }
    }

    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Sampler::Normal(d) => d.sample(rng),
            Sampler::Uniform(d) => d.sample(rng),
            Sampler::Triangular(d) => d.sample(rng),
            Sampler::Beta(d, lo, hi) => lo + (hi - lo) * d.sample(rng),
            Sampler::LogNormal(d) => d.sample(rng),
        }
    }
}

/// One uncertain parameter.
#[derive(Debug, Clone, Copy)]
pub struct Draw {
    pub slot: Slot,
    pub sampler: Sampler,
    pub min: Option<f64>,
    pub max: Option<f64>,
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
    pub positions: crate::negotiation::expected_utility::Params,
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
    /// thresholds read from one curve (see [`ThresholdCurve`]).
    pub optimal_curve: Vec<Option<ThresholdCurve>>,
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

/// How power shifts during a run (crisis talks). Power states are numbered: 0 is
/// the scenario's capabilities; `Path` has state 1 from round `after` on; `Issue`
/// has state 1 + v from round `after` on, v the index of the issue's value in
/// effect (the terms in force, or the status quo).
#[derive(Debug, Clone, PartialEq)]
pub enum Shift {
    /// From round `after` on, actor i's capability is `capability[i]` (None:
    /// unchanged).
    Path {
        after: u32,
        capability: Vec<Option<f64>>,
    },
    /// From round `after` on, the value in effect of `issue` adds
    /// `capability · (value − low) / width` to `actor`'s capability.
    Issue {
        issue: usize,
        actor: usize,
        capability: f64,
        after: u32,
    },
}

impl Model {
    /// Compile a validated scenario. Cannot fail: the scenario is valid.
    pub fn compile(s: &Scenario) -> Model {
        let n = s.actors.len();
        let m = s.issues.len();
        let low: Vec<f64> = s.issues.iter().map(|i| i.low).collect();
        let width: Vec<f64> = s.issues.iter().map(|i| i.high - i.low).collect();
        let mut ideal = Vec::with_capacity(n * m);
        let mut salience = Vec::with_capacity(n * m);
        for a in &s.actors {
            ideal.extend_from_slice(&a.ideal);
            salience.extend_from_slice(&a.salience);
        }
        let decides: Vec<bool> = s.actors.iter().map(|a| a.decides()).collect();
        let root: Vec<usize> = (0..n).map(|i| s.decider_for(i)).collect();
        let deciders = s.deciders();
        let mut draws = Vec::new();
        let salience_given: Vec<f64> = s
            .actors
            .iter()
            .flat_map(|a| a.salience_given.iter().copied())
            .collect();
        let mut base = RunParams {
            actors: s
                .actors
                .iter()
                .map(|a| ActorParams {
                    shock: Shock::zero(&a.payoffs.temptation),
                    ..ActorParams::default()
                })
                .collect(),
            position: ideal.clone(),
            salience: salience_given.clone(),
            ..RunParams::default()
        };
        {
            let mut put = |slot: Slot, p: &Param| match p {
                Param::Fixed(v) => {
                    if let Some(x) = base.slot(slot) {
                        *x = *v;
                    }
                }
                Param::Dist(d) => {
                    if let Some(x) = base.slot(slot) {
                        *x = p.typical();
                    }
                    draws.push(Draw {
                        slot,
                        sampler: Sampler::new(d),
                        min: d.min,
                        max: d.max,
                    });
                }
            };
            // In the order of `scenario::params::PARAMS`: each actor's numbers, then
            // the run's. A parameter the scenario leaves out that turns a feature off
            // (no escape clause) sets the model's number for "off".
            for i in 0..n {
                for p in Num::all().filter(|p| p.per_actor()) {
                    put_param(&mut put, Slot::Actor(i, p), p, s, i);
                }
            }
            for p in Num::all().filter(|p| !p.per_actor()) {
                put_param(&mut put, Slot::Run(p), p, s, 0);
            }
            // Last, so that scenarios without them draw exactly as before.
            for u in &s.talks.position_model.uncertain {
                let k = u.actor * m + u.issue;
                let slot = if u.salience {
                    Slot::Salience(k)
                } else {
                    Slot::Position(k)
                };
                put(slot, &u.value);
            }
        }
        let protocol = if s.talks.protocol == TalksProtocol::Crisis {
            Protocol::Crisis
        } else if s.talks.protocol == TalksProtocol::ExpectedUtility {
            Protocol::ExpectedUtility
        } else if s
            .actors
            .iter()
            .any(|a| a.decides() && a.tactic == Tactic::SubgamePerfect)
        {
            Protocol::SubgamePerfect
        } else {
            Protocol::Alternating
        };
        let is_deterrent: Vec<bool> = s
            .actors
            .iter()
            .map(|a| a.compliance.id == deterrence::ID)
            .collect();
        let strategies: Vec<Player> = s
            .actors
            .iter()
            .zip(&is_deterrent)
            .map(|(a, &d)| {
                if d {
                    // Its moves come from payoffs; the player only keeps the history.
                    Player::by_id("cooperator").unwrap_or_else(|_| tit_for_tat())
                } else {
                    Player::from_spec(&a.compliance).unwrap_or_else(|_| tit_for_tat())
                }
            })
            .collect();
        let retaliation = strategies
            .iter()
            .zip(&is_deterrent)
            .map(|(p, &d)| {
                if d {
                    [0.0; deterrence::LAGS]
                } else {
                    deterrence::retaliation_profile(p)
                }
            })
            .collect();
        let c = &s.treaty.consequences;
        let side = (0..n)
            .map(|i| if c.principal_answers { root[i] } else { i })
            .collect();
        let exit = s
            .actors
            .iter()
            .map(|a| match a.exit {
                ExitRule::Never => ExitKind::Never,
                ExitRule::Threshold { .. } => ExitKind::Threshold,
                ExitRule::Myopic => ExitKind::Myopic,
                ExitRule::Optimal => ExitKind::Optimal,
            })
            .collect();
        let mut model = Model {
            n,
            m,
            horizon: s.meta.horizon,
            low,
            width,
            ideal,
            salience,
            decides,
            root,
            deciders,
            proposers: s.talks.proposers.clone(),
            deadline: s.talks.deadline,
            retry_after: s.talks.retry_after,
            renegotiate_after: s.treaty.renegotiate_after,
            notice: s.actors.iter().map(|a| a.notice).collect(),
            protocol,
            positions: crate::negotiation::expected_utility::Params {
                q: s.talks.position_model.q,
                t: s.talks.position_model.t,
                rounds: s.talks.position_model.rounds,
                tolerance: s.talks.position_model.tolerance,
            },
            salience_given,
            strategies,
            exit,
            paths: Vec::new(),
            base,
            draws,
            optimal_curve: vec![None; n],
            payoff_range: Vec::new(),
            war_derived: s.actors.iter().map(|a| a.war.cost.is_some()).collect(),
            prior: s.actors.iter().map(prior).collect(),
            private: s.actors.iter().map(|a| a.war.private).collect(),
            sq: vec![0.0; n],
            values: s.issues.iter().map(|i| i.values.clone()).collect(),
            commitment: s.actors.iter().map(|a| a.war.commitment).collect(),
            ratify: s.actors.iter().map(|a| a.war.ratification).collect(),
            form_issue: s.issues.iter().position(|i| i.form),
            binding: s.treaty.form == crate::scenario::Form::LegallyBinding,
            shift: shift(s),
            sq_point: s.status_quo(),
            deterrence: is_deterrent,
            retaliation,
            suspension: c.suspension,
            material_breach: c.material_breach,
            principal_answers: c.principal_answers,
            side,
        };
        if let Some(point) = s.status_quo() {
            model.sq = (0..n).map(|i| model.utility(i, &point)).collect();
        }
        if model.proposers.is_empty() {
            model.proposers = model.deciders.clone();
        }
        model.paths = (0..n).map(|i| model.concession_path(i)).collect();
        for i in 0..n {
            if model.exit[i] == ExitKind::Optimal && model.decides[i] {
                let t = model.leaver_terms(i, &model.base, 0.5, model.notice[i]);
                let p = engine_problem(&t);
                model.optimal_curve[i] = ThresholdCurve::new(p.delta, p.shock);
            }
        }
        model.payoff_range = (0..n).map(|i| model.payoff_bounds(i)).collect();
        model
    }

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

    /// How binding terms `x` make the treaty, from 0 (verbal) to 1 (legally
    /// binding): the form issue's agreed value as a share of its range (0 when
    /// `[treaty] form` is verbal), or else the scenario's `[treaty] form`.
    #[inline]
    pub fn form_share(&self, x: &[f64]) -> f64 {
        let binding = f64::from(u8::from(self.binding));
        match self.form_issue {
            // `[treaty] form = "verbal"` rules out anything binding.
            Some(j) => binding * ((x[j] - self.low[j]) / self.width[j]).clamp(0.0, 1.0),
            None => binding,
        }
    }

    /// Whether actor `i`'s ratifier approves terms `x`: always for a treaty that is
    /// not legally binding (form share at most 1/2), otherwise iff the terms are
    /// worth at least its ratification utility to `i`.
    #[inline]
    pub fn ratified(&self, i: usize, x: &[f64]) -> bool {
        match self.ratify[i] {
            None => true,
            Some(r) => self.form_share(x) <= 0.5 || self.utility(i, x) >= r - 1e-12,
        }
    }

    /// Whether every ratifier on the side headed by decider `d` approves `x`.
    pub fn side_ratifies(&self, d: usize, x: &[f64]) -> bool {
        (0..self.n).all(|k| self.root[k] != d || self.ratified(k, x))
    }

    /// The number of power states (1 without a shift).
    pub fn power_states(&self) -> usize {
        match &self.shift {
            None => 1,
            Some(Shift::Path { .. }) => 2,
            Some(Shift::Issue { issue, .. }) => 1 + self.values[*issue].len(),
        }
    }

    /// The power state in round `t` with terms `x` in effect (the terms in force, or
    /// the status quo; None when there is no status quo and no treaty: the issue's
    /// low end).
    pub fn power_state(&self, t: u32, x: Option<&[f64]>) -> usize {
        match &self.shift {
            None => 0,
            Some(Shift::Path { after, .. }) => usize::from(t >= *after),
            Some(Shift::Issue { issue, after, .. }) => {
                if t < *after {
                    return 0;
                }
                let v = x.map_or(self.low[*issue], |x| x[*issue]);
                1 + self.values[*issue]
                    .iter()
                    .position(|&w| (w - v).abs() <= 1e-9)
                    .unwrap_or(0)
            }
        }
    }

    /// The first round of the shifted power, if power shifts.
    pub fn shift_after(&self) -> Option<u32> {
        match &self.shift {
            None => None,
            Some(Shift::Path { after, .. } | Shift::Issue { after, .. }) => Some(*after),
        }
    }

    /// Actor `i`'s capability in power state `k`, given its drawn capability `base`.
    pub fn capability_in(&self, k: usize, i: usize, base: f64) -> f64 {
        match &self.shift {
            Some(Shift::Path { capability, .. }) if k == 1 => capability[i].unwrap_or(base),
            Some(Shift::Issue {
                issue,
                actor,
                capability,
                ..
            }) if k >= 1 && i == *actor => {
                let v = self.values[*issue][k - 1];
                base + capability * (v - self.low[*issue]) / self.width[*issue]
            }
            _ => base,
        }
    }

    /// Whether terms `x` back down from actor `i`'s public commitment.
    #[inline]
    pub fn backs_down(&self, i: usize, x: &[f64]) -> bool {
        self.commitment[i].is_some_and(|c| (x[c.issue] - c.value).abs() > 1e-9)
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

    fn concession_path(&self, i: usize) -> ConcessionPath {
        let m = self.m;
        let others: Vec<usize> = self
            .deciders
            .iter()
            .copied()
            .filter(|&d| d != i && d != self.root[i])
            .collect();
        let toward: Vec<f64> = (0..m)
            .map(|j| {
                if others.is_empty() {
                    return self.ideal[i * m + j];
                }
                let wsum: f64 = others.iter().map(|&d| self.salience[d * m + j]).sum();
                if wsum > 0.0 {
                    others
                        .iter()
                        .map(|&d| self.salience[d * m + j] * self.ideal[d * m + j])
                        .sum::<f64>()
                        / wsum
                } else {
                    others.iter().map(|&d| self.ideal[d * m + j]).sum::<f64>() / others.len() as f64
                }
            })
            .collect();
        let loss: Vec<f64> = (0..m)
            .map(|j| {
                self.salience[i * m + j] * (toward[j] - self.ideal[i * m + j]).abs() / self.width[j]
            })
            .collect();
        let mut order: Vec<usize> = (0..m).collect();
        // Least salient first; ties by issue order (stable sort).
        order.sort_by(|&a, &b| {
            self.salience[i * m + a]
                .partial_cmp(&self.salience[i * m + b])
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        ConcessionPath {
            order,
            toward,
            loss,
        }
    }

    /// A fixed histogram range for actor `i`'s discounted payoff, from the scenario's
    /// typical values: wide enough for ordinary runs; the rest falls in under/over.
    fn payoff_bounds(&self, i: usize) -> (f64, f64) {
        let p = &self.base.actors[i];
        let d = p.discount.clamp(0.0, 0.999_999);
        let h = self.horizon as f64;
        let eff = if d < 1.0 {
            (1.0 - d.powf(h)) / (1.0 - d)
        } else {
            h
        };
        let theta = match p.shock {
            Shock::Iid { mean, sd } => mean.abs() + 3.0 * sd.abs(),
            Shock::RandomWalk {
                start,
                drift,
                volatility,
            } => start.abs() + (drift * h).abs() + 3.0 * volatility.abs() * h.sqrt(),
            Shock::Ar1 {
                mean, sd, start, ..
            } => mean.abs() + start.abs() + 3.0 * sd.abs(),
        };
        let flows = [
            p.no_deal,
            p.no_deal + p.gain,
            p.no_deal - p.gain * self.sq[i],
            p.no_deal + p.stalling,
            p.no_deal + p.gain + theta,
            p.no_deal - theta + p.betrayal,
            p.no_deal + p.betrayal,
        ];
        let mut lo = f64::INFINITY;
        let mut hi = f64::NEG_INFINITY;
        for f in flows {
            lo = lo.min(f * eff);
            hi = hi.max(f * eff);
        }
        // The payoff of war: as given, or derived from power (between losing and
        // winning every war, at the typical war cost).
        let wars = if self.war_derived[i] {
            let per = 1.0 / (1.0 - d);
            let base = p.no_deal - p.gain * self.sq[i] - p.war_cost;
            [base * per, (base + p.gain) * per]
        } else {
            [p.conflict, p.conflict]
        };
        lo = lo.min(wars[0] + p.no_deal.min(0.0) * eff) - p.exit_cost.abs() * 2.0;
        hi = hi.max(wars[1] + p.no_deal.max(0.0) * eff);
        if !(lo.is_finite() && hi.is_finite()) || hi - lo < 1e-9 {
            let c = if lo.is_finite() { lo } else { 0.0 };
            return (c - 1.0, c + 1.0);
        }
        let pad = 0.1 * (hi - lo);
        (lo - pad, hi + pad)
    }

    /// Actor `i`'s optimal-exit threshold θ* for a treaty of utility `utility` to it
    /// with `notice` rounds of notice.
    pub fn optimal_threshold(&self, i: usize, p: &RunParams, utility: f64, notice: u32) -> f64 {
        let problem = engine_problem(&self.leaver_terms(i, p, utility, notice));
        match &self.optimal_curve[i] {
            Some(curve) => curve.threshold(&problem),
            None => exit_threshold(&problem),
        }
    }

    /// What the engine pays actor `i` for leaving a treaty of utility `utility` and for
    /// staying in it (see [`LeaverTerms`]).
    pub fn leaver_terms(&self, i: usize, p: &RunParams, utility: f64, notice: u32) -> LeaverTerms {
        let a = &p.actors[i];
        LeaverTerms {
            stay: self.value(i, a, utility),
            no_deal: a.no_deal,
            conflict: a.conflict,
            delta: a.discount,
            hazard_in_force: p.hazard[Phase::InForce as usize],
            hazard_after_exit: p.hazard[Phase::AfterExit as usize],
            exit_cost: a.exit_cost,
            notice,
            renegotiate: self.renegotiate_after.map(|after| Renegotiation {
                after,
                talks_flow: a.no_deal + a.stalling,
                talks_hazard: p.hazard[Phase::Talks as usize],
            }),
            shock: a.shock.linear(),
        }
    }

    /// θ* of the `optimal` rule with the scenario's notice, solved afresh.
    pub fn solve_optimal(&self, i: usize, p: &RunParams, utility: f64) -> f64 {
        self.solve_optimal_with(i, p, utility, self.notice[i])
    }

    /// θ* of the `optimal` rule with `notice` rounds of notice, solved afresh.
    pub fn solve_optimal_with(&self, i: usize, p: &RunParams, utility: f64, notice: u32) -> f64 {
        exit_threshold(&engine_problem(&self.leaver_terms(i, p, utility, notice)))
    }
}

/// Put parameter `p` of the scenario (actor `i`'s, for a per-actor one) into `slot`
/// when it lands in the per-run numbers: its value, or its "off" value when the
/// scenario leaves it out.
fn put_param(put: &mut impl FnMut(Slot, &Param), slot: Slot, p: Num, s: &Scenario, i: usize) {
    if p.spec().lands != Lands::RunParams {
        return;
    }
    match p.param(s, i) {
        Some(v) => put(slot, v),
        None => {
            if let Unset::Off(x) = p.spec().default {
                put(slot, &Param::Fixed(x));
            }
        }
    }
}

/// The `myopic` rule's threshold: exit when (b + θ − v)/(1 − δ) > c.
pub fn myopic_threshold(p: &ActorParams, stay: f64) -> f64 {
    stay - p.no_deal + p.exit_cost * (1.0 - p.discount)
}

/// The scenario's power shift, compiled.
fn shift(s: &Scenario) -> Option<Shift> {
    if let Some(p) = &s.talks.power {
        return Some(Shift::Path {
            after: p.after,
            capability: p.capability.clone(),
        });
    }
    s.issues.iter().enumerate().find_map(|(j, i)| {
        i.shifts_power.map(|p| Shift::Issue {
            issue: j,
            actor: p.actor,
            capability: p.capability,
            after: p.after,
        })
    })
}

/// The others' prior about actor `a`'s private parameter (validated: a distribution
/// with a closed-form distribution function and no clamping).
fn prior(a: &Actor) -> Option<Prior> {
    let value = match a.war.private? {
        crate::scenario::Private::WarCost => a.war.cost.as_ref()?,
        crate::scenario::Private::Gain => &a.payoffs.gain,
        crate::scenario::Private::NoDeal => &a.payoffs.no_deal,
    };
    let Param::Dist(d) = value else {
        return None;
    };
    Some(match d.kind {
        DistKind::Uniform { low, high } => Prior::Uniform { low, high },
        DistKind::Triangular { low, mode, high } => Prior::Triangular { low, mode, high },
        DistKind::Normal { mean, sd } => Prior::Normal { mean, sd },
        DistKind::LogNormal { mu, sigma } => Prior::LogNormal { mu, sigma },
        DistKind::Beta { .. } => return None,
    })
}

fn tit_for_tat() -> Player {
    Player::from_spec(&StrategySpec {
        id: "tit-for-tat".into(),
        params: vec![],
    })
    .expect("tit-for-tat is in the catalogue")
}
