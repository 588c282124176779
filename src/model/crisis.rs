//! What crisis talks and binding treaties read from the model: the others' priors
//! about private parameters, power shifts, how binding terms make a treaty and
//! whether ratifiers approve them, and public commitments.

use super::*;
use crate::scenario::{Actor, DistKind, Param};

/// What the others believe about an actor's private parameter: the scenario's
/// distribution, truncated by what the actor's rejections reveal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Prior {
    Uniform { low: f64, high: f64 },
    Triangular { low: f64, mode: f64, high: f64 },
    Normal { mean: f64, sd: f64 },
    LogNormal { mu: f64, sigma: f64 },
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
        self.ratified_at(i, x, || self.utility(i, x))
    }

    /// [`Model::ratified`], with `i`'s utility of `x` from `u` (asked for only when
    /// the form makes it matter).
    #[inline]
    pub fn ratified_at(&self, i: usize, x: &[f64], u: impl FnOnce() -> f64) -> bool {
        match self.ratify[i] {
            None => true,
            Some(r) => self.form_share(x) <= 0.5 || u() >= r - 1e-12,
        }
    }

    /// Whether every ratifier on the side headed by decider `d` approves `x`;
    /// `utility(k)`: actor k's utility of `x`.
    pub fn side_ratifies(&self, d: usize, x: &[f64], utility: impl Fn(usize) -> f64) -> bool {
        (0..self.n).all(|k| self.root[k] != d || self.ratified_at(k, x, || utility(k)))
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
}

/// The scenario's power shift, compiled.
pub(super) fn shift(s: &Scenario) -> Option<Shift> {
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
pub(super) fn prior(a: &Actor) -> Option<Prior> {
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
