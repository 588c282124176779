//! The numbers of one run: each actor's (`ActorParams`, its temptation process a
//! typed `Shock`) and the run's (`RunParams`), the `Slot` each scenario parameter
//! fills, and the uncertain ones as `Draw`s, sampled at the start of each run.

use super::Phase;
use crate::scenario::params::{Lands, Num, Unset};
use crate::scenario::{Dist, DistKind, Param, Scenario, Temptation};
use crate::theory::stopping::LinearShock;
use rand::Rng;
use rand_distr::{Beta, Distribution, LogNormal, Normal, Triangular, Uniform};

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
    pub(super) fn zero(t: &Temptation) -> Shock {
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
    pub(super) fn slot(&mut self, s: Slot) -> Option<&mut f64> {
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
    pub(super) fn new(d: &Dist) -> Sampler {
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

    pub(super) fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
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

/// Put parameter `p` of the scenario (actor `i`'s, for a per-actor one) into `slot`
/// when it lands in the per-run numbers: its value, or its "off" value when the
/// scenario leaves it out.
pub(super) fn put_param(
    put: &mut impl FnMut(Slot, &Param),
    slot: Slot,
    p: Num,
    s: &Scenario,
    i: usize,
) {
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
