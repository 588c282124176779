//! Alternating offers with time-dependent concession tactics (Faratin et al. 1998, in
//! the GENIUS convention on utility): the proposer of round k (in the declared
//! rotation) tables the offer whose utility to it is closest to its target
//! `P_min + (1 − P_min)(1 − F(τ))`, `F(τ) = k0 + (1 − k0) τ^(1/e)`, `τ` the share of
//! the talks' time gone, `P_min` its reservation utility. Offers concede issue by
//! issue from the proposer's ideal toward the other deciders' salience-weighted
//! ideals, least salient issue first (`Model::paths`); on indivisible issues the offer
//! at a level of the proposer's utility is the package the others value most among
//! that one and those with indivisible issues conceded outright first
//! (`negotiation::path`, shared with crisis talks), so a proposer can give up an
//! all-or-nothing issue and keep the rest. Every deciding party must accept: the
//! proposer on the merits (at least its reservation utility), the others by AC_next
//! (at least their reservation utility and their own next target).
//!
//! Offers are tabled with the information the tactic has (complete information):
//! - a proposer never gives away more than the others need: when its target falls
//!   below the best (for it) offer every other decider accepts, it tables that offer
//!   instead (so a one-round ultimatum demands everything the responder accepts, not
//!   the responder's ideal);
//! - a party that cannot decide tables offers only through its principal: it never
//!   concedes past what its principal accepts this round;
//! - a proposer never tables less than its target: where rounding an indivisible issue
//!   to its nearest value would give away more, it is rounded in the proposer's favour.

use super::{Round, TalksState, path, reservation_now};
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
    x.copy_from_slice(&model.ideal[i * m..(i + 1) * m]);
    concede(model, i, (1.0 - target).max(0.0), x, |_| false);
    snap(model, x);
}

/// Actor `i`'s offer in concession talks at its aim `target`: the package the others
/// value most among those that leave `i` at least `target` ([`path::offer`]). When
/// none does, because rounding an indivisible issue to its nearest value gives away
/// more than the aim allows, the tactics' offer with every indivisible issue rounded
/// in `i`'s favour instead: a proposer never tables less than its target (the same
/// offer as `path::offer` whenever every issue is divisible).
fn concession_offer(model: &Model, i: usize, target: f64, x: &mut [f64]) {
    path::offer(model, i, target, x);
    if model.utility(i, x) < target - 1e-12 {
        let m = model.m;
        let ideal = &model.ideal[i * m..(i + 1) * m];
        x.copy_from_slice(ideal);
        concede(model, i, (1.0 - target).max(0.0), x, |_| false);
        for ((xj, vals), &own) in x.iter_mut().zip(&model.values).zip(ideal) {
            // The proposer's ideal is an allowed value, so one always qualifies.
            if let Some(&v) = vals
                .iter()
                .filter(|&&v| (v - own).abs() <= (*xj - own).abs())
                .min_by(|a, b| (*a - *xj).abs().total_cmp(&(*b - *xj).abs()))
            {
                *xj = v;
            }
        }
    }
}

/// Concede `need` of actor `i`'s utility in `x`, issue by issue in its path's order
/// (least salient first), each moved from `i`'s ideal toward the others' ideals; the
/// issues for which `keep` holds are left as they are.
pub(crate) fn concede(
    model: &Model,
    i: usize,
    mut need: f64,
    x: &mut [f64],
    keep: impl Fn(usize) -> bool,
) {
    let m = model.m;
    let p = &model.paths[i];
    for &j in &p.order {
        if need <= 0.0 {
            break;
        }
        let l = p.loss[j];
        if l <= 0.0 || keep(j) {
            continue;
        }
        let f = (need / l).min(1.0);
        let from = model.ideal[i * m + j];
        x[j] = from + f * (p.toward[j] - from);
        need -= f * l;
    }
}

/// Move every indivisible issue of `x` to its nearest allowed value (ties to the
/// lower value).
pub fn snap(model: &Model, x: &mut [f64]) {
    for (xj, vals) in x.iter_mut().zip(&model.values) {
        if let Some(&v) = vals
            .iter()
            .min_by(|a, b| (*a - *xj).abs().total_cmp(&(*b - *xj).abs()))
        {
            *xj = v;
        }
    }
}

/// The largest `τ` in [0, 1] for which `ok(τ)` holds, for a predicate that holds
/// below some point and fails above it; `None` when it fails at 0.
fn sup_where(mut ok: impl FnMut(f64) -> bool) -> Option<f64> {
    if ok(1.0) {
        return Some(1.0);
    }
    if !ok(0.0) {
        return None;
    }
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..50 {
        let mid = 0.5 * (lo + hi);
        if ok(mid) { lo = mid } else { hi = mid }
    }
    Some(lo)
}

/// Whether every deciding party other than the proposer accepts `x`, given what
/// each needs (`need[d]`).
fn all_accept(model: &Model, proposer: usize, need: &[f64], x: &[f64]) -> bool {
    model
        .deciders
        .iter()
        .all(|&d| d == proposer || model.utility(d, x) >= need[d])
}

/// Play one round; true when every deciding party accepts the offer left in
/// `st.offer`.
pub fn round<T: Tracer>(r: &Round, st: &mut TalksState, tr: &mut T) -> bool {
    let model = r.model;
    let k = r.k;
    let proposer = model.proposers[(k as usize - 1) % model.proposers.len()];
    // What each decider needs to accept: its reservation utility, and (responders)
    // its own next target.
    for &d in &model.deciders {
        let res = reservation_now(model, r.params, r.cred, d);
        st.need[d] = if d == proposer {
            res
        } else {
            res.max(target(r, d, k + 1))
        };
    }
    let mut aim = target(r, proposer, k);
    let root = model.root[proposer];
    if root != proposer {
        // Through its principal: no concession past what the principal accepts.
        let principal_ok = |tau: f64, x: &mut [f64]| {
            concession_offer(model, proposer, tau, x);
            model.utility(root, x) >= st.need[root]
        };
        let mut x = std::mem::take(&mut st.offer);
        // When even its own ideal falls short of what the principal needs, it
        // concedes nothing.
        let floor = sup_where(|s| principal_ok(1.0 - s, &mut x)).map_or(1.0, |s| 1.0 - s);
        st.offer = x;
        aim = aim.max(floor);
    }
    let mut x = std::mem::take(&mut st.offer);
    let best = sup_where(|tau| {
        concession_offer(model, proposer, tau, &mut x);
        all_accept(model, proposer, &st.need, &x)
    });
    st.offer = x;
    if let Some(b) = best {
        aim = aim.max(b);
    }
    concession_offer(model, proposer, aim, &mut st.offer);
    for &d in &model.deciders {
        let u = model.utility(d, &st.offer);
        if u < st.need[d] {
            if tr.on() {
                let needs = st.need[d];
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
