//! `Model::compile`: a validated scenario flattened into the model's arrays, its
//! per-run numbers and draws, its talks protocol, compliance players and exit rules,
//! each actor's concession path and the range of its payoff histogram.

use super::crisis::{prior, shift};
use super::run_params::{Draw, Sampler, Shock, put_param};
use super::*;
use crate::scenario::params::Num;
use crate::scenario::{Param, Tactic, TalksProtocol};
use crate::strategy::{Player, StrategyId, StrategySpec, deterrence};

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
        let salience_given: Vec<f64> = s
            .actors
            .iter()
            .flat_map(|a| a.salience_given.iter().copied())
            .collect();
        let (base, draws) = run_params(s, &ideal, &salience_given);
        let protocol = protocol(s);
        let Compliance {
            is_deterrent,
            strategies,
            retaliation,
        } = compliance(s);
        let c = &s.treaty.consequences;
        let side = (0..n)
            .map(|i| if c.principal_answers { root[i] } else { i })
            .collect();
        let exit = s.actors.iter().map(|a| a.exit.id()).collect();
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
            positions: super::positions::Params {
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
            optimal_curve: (0..n).map(|_| std::sync::OnceLock::new()).collect(),
            offer_grid: std::sync::OnceLock::new(),
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
        model.payoff_range = (0..n).map(|i| model.payoff_bounds(i)).collect();
        model
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
}

/// The scenario's numbers for one run: fixed ones (and the typical values of
/// uncertain ones) in the base, and the uncertain ones as draws, in the order of
/// `scenario::params::PARAMS` then the expected-utility model's positions.
fn run_params(s: &Scenario, ideal: &[f64], salience_given: &[f64]) -> (RunParams, Vec<Draw>) {
    let n = s.actors.len();
    let m = s.issues.len();
    let mut draws = Vec::new();
    let mut base = RunParams {
        actors: s
            .actors
            .iter()
            .map(|a| ActorParams {
                shock: Shock::zero(&a.payoffs.temptation),
                ..ActorParams::default()
            })
            .collect(),
        position: ideal.to_vec(),
        salience: salience_given.to_vec(),
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
    (base, draws)
}

/// How the scenario's talks are played.
fn protocol(s: &Scenario) -> Protocol {
    if s.talks.protocol == TalksProtocol::Crisis {
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
    }
}

/// Each actor's compliance: whether it complies by `deterrence`, its repeated-game
/// player (a `deterrence` party's only keeps the history), and how that player
/// answers one seen violation.
fn compliance(s: &Scenario) -> Compliance {
    let is_deterrent: Vec<bool> = s
        .actors
        .iter()
        .map(|a| a.compliance.id == StrategyId::Deterrence)
        .collect();
    let strategies: Vec<Player> = s
        .actors
        .iter()
        .zip(&is_deterrent)
        .map(|(a, &d)| {
            if d {
                // Its moves come from payoffs; the player only keeps the history.
                Player::from_spec(&StrategySpec::of(StrategyId::Cooperator))
                    .unwrap_or_else(|_| tit_for_tat())
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
    Compliance {
        is_deterrent,
        strategies,
        retaliation,
    }
}

/// Each actor's compliance, as [`compliance`] compiles it.
struct Compliance {
    is_deterrent: Vec<bool>,
    strategies: Vec<Player>,
    retaliation: Vec<[f64; deterrence::LAGS]>,
}

fn tit_for_tat() -> Player {
    Player::from_spec(&StrategySpec::of(StrategyId::TitForTat))
        .expect("tit-for-tat is in the catalogue")
}
