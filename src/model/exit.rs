//! The exit rules' thresholds: the `optimal` rule's θ*, solved by
//! `theory::stopping` (read from one curve per actor, computed the first time a run
//! needs it), and the `myopic` rule's.

use super::run_params::{ActorParams, RunParams};
use super::*;
use crate::theory::stopping::{
    LeaverTerms, LinearShock, Renegotiation, engine_problem, exit_threshold,
};

impl Model {
    /// Actor `i`'s curve of optimal-exit thresholds, when it has the `optimal` rule
    /// and decides (see [`ThresholdCurve`]).
    pub(super) fn threshold_curve(&self, i: usize) -> Option<std::sync::Arc<ThresholdCurve>> {
        self.curve_with(i, ThresholdCurve::shared)
    }

    fn curve_with(
        &self,
        i: usize,
        get: fn(f64, LinearShock) -> Option<std::sync::Arc<ThresholdCurve>>,
    ) -> Option<std::sync::Arc<ThresholdCurve>> {
        if self.exit[i] != ExitKind::Optimal || !self.decides[i] {
            return None;
        }
        let t = self.leaver_terms(i, &self.base, 0.5, self.notice[i]);
        let p = engine_problem(&t);
        get(p.delta, p.shock)
    }

    /// Solve the threshold curves of the actors with the `optimal` rule that no run
    /// has asked for yet, their grid points in parallel: for the engine to call before
    /// its parallel runs (inside them, the first run to need a curve solves it on one
    /// thread while the others wait for it). The curves are the same either way.
    pub fn prepare_curves(&self) {
        for (i, slot) in self.optimal_curve.iter().enumerate() {
            if slot.get().is_none() {
                // Solved before the slot is set: nothing waits on this thread meanwhile.
                let curve = self.curve_with(i, ThresholdCurve::prepare);
                // Another thread may have set it since; its curve is the same.
                let _ = slot.set(curve);
            }
        }
    }

    /// Actor `i`'s optimal-exit threshold θ* for a treaty of utility `utility` to it
    /// with `notice` rounds of notice.
    pub fn optimal_threshold(&self, i: usize, p: &RunParams, utility: f64, notice: u32) -> f64 {
        let problem = engine_problem(&self.leaver_terms(i, p, utility, notice));
        match self.optimal_curve[i].get_or_init(|| self.threshold_curve(i)) {
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

/// The `myopic` rule's threshold: exit when (b + θ − v)/(1 − δ) > c.
pub fn myopic_threshold(p: &ActorParams, stay: f64) -> f64 {
    stay - p.no_deal + p.exit_cost * (1.0 - p.discount)
}
