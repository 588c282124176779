//! Alternating offers with time-dependent concession tactics (Faratin et al. 1998, in
//! the GENIUS convention on utility): the proposer of round k (in the declared
//! rotation) tables the offer whose utility to it is closest to its target
//! `P_min + (1 − P_min)(1 − F(τ))`, `F(τ) = k0 + (1 − k0) τ^(1/e)`, `τ` the share of
//! the talks' time gone, `P_min` its reservation utility. Offers concede issue by
//! issue from the proposer's ideal toward the other deciders' salience-weighted
//! ideals, least salient issue first (`Model::paths`). Every deciding party must
//! accept: the proposer (or its principal) on the merits (at least its reservation
//! utility), the others by AC_next (at least their reservation utility and their own
//! next target).

use super::{Round, TalksState, reservation_now};
use crate::model::Model;
use crate::story::{Event, Tracer};

/// Actor `i`'s target utility in talks round `round` (1-based).
fn target(r: &Round, i: usize, round: u32) -> f64 {
    let a = &r.params.actors[i];
    let t_max = r.model.deadline.unwrap_or(r.model.horizon).max(1);
    let pmin = reservation_now(r.model, r.params, r.cred, i).clamp(0.0, 1.0);
    let tau = if t_max <= 1 {
        1.0
    } else {
        ((round - 1) as f64 / (t_max - 1) as f64).min(1.0)
    };
    let f = if a.exponent <= 0.0 {
        a.initial
    } else {
        a.initial + (1.0 - a.initial) * tau.powf(1.0 / a.exponent)
    };
    pmin + (1.0 - pmin) * (1.0 - f)
}

/// Write into `x` actor `i`'s offer with utility (to `i`) as close as possible to
/// `target`, conceding on its least salient issues first.
pub fn offer(model: &Model, i: usize, target: f64, x: &mut [f64]) {
    let m = model.m;
    let p = &model.paths[i];
    x.copy_from_slice(&model.ideal[i * m..(i + 1) * m]);
    let mut need = (1.0 - target).max(0.0);
    for &j in &p.order {
        if need <= 0.0 {
            break;
        }
        let l = p.loss[j];
        if l <= 0.0 {
            continue;
        }
        let f = (need / l).min(1.0);
        let from = model.ideal[i * m + j];
        x[j] = from + f * (p.toward[j] - from);
        need -= f * l;
    }
}

/// Play one round; true when every deciding party accepts the offer left in
/// `st.offer`.
pub fn round<T: Tracer>(r: &Round, st: &mut TalksState, tr: &mut T) -> bool {
    let model = r.model;
    let k = r.k;
    let proposer = model.proposers[(k as usize - 1) % model.proposers.len()];
    offer(model, proposer, target(r, proposer, k), &mut st.offer);
    for &d in &model.deciders {
        let u = model.utility(d, &st.offer);
        let res = reservation_now(model, r.params, r.cred, d);
        let ok = if d == proposer {
            u >= res
        } else {
            u >= res && u >= target(r, d, k + 1)
        };
        if !ok {
            if tr.on() {
                let needs = res.max(if d == proposer {
                    res
                } else {
                    target(r, d, k + 1)
                });
                tr.event(
                    r.t,
                    Event::Rejected {
                        proposer,
                        terms: st.offer.clone(),
                        rejecter: d,
                        worth: u,
                        needs,
                    },
                );
            }
            return false;
        }
    }
    crate::emit!(
        tr,
        r.t,
        Event::Accepted {
            proposer,
            terms: st.offer.clone(),
        }
    );
    true
}
