//! Crisis bargaining (Fearon 1995; Powell 2006): talks that can fail for the reasons
//! the theory gives.
//!
//! **Power and the value of war.** Each deciding actor heads a side: itself and the
//! actors whose chain of principals ends at it. A side wins a war with probability
//! its capability's share of all sides' capabilities (the ratio contest function,
//! p_s = C_s / Σ C). The winner imposes its head's ideal terms, so war pays actor i
//! per round `war_flow_i = no_deal_i + gain_i · (Σ_s p_s U_i(ideal_s) − U_i(sq)) − war_cost_i`
//! (U_i(sq): its utility of the status quo, 0 when the scenario gives none),
//! and once, when it breaks out, `war_flow_i / (1 − δ_i)` (its `conflict` payoff).
//! An actor without `war_cost` has its `conflict` payoff as given, and war pays it
//! `(1 − δ_i) · conflict_i` per round. Terms worse than war are possible.
//!
//! **Lines.** Responder j accepts terms x iff U_j(x) is at least its no-deal line
//! (its reservation utility) and its war line ω_j, the U at which the treaty's flow
//! `no_deal + cred · gain · U` equals war's flow (cred: the lowest credibility of
//! the other deciders).
//!
//! **Offers against beliefs.** A private war cost is drawn per run and known to its
//! actor only; the others hold the scenario's distribution, truncated to the types
//! their rejections have not ruled out (Bayes' rule: a rejection at U reveals
//! `war_cost < gain·(Σ_s p_s U(ideal_s) − cred·U)`). The proposer chooses, along its
//! concession path, the offer that maximises P(accepted)·(its treaty flow) +
//! P(rejected)·(its war flow): the risk–return trade-off. A rejection is valued at
//! the proposer's war flow in every round (the take-it-or-leave-it valuation),
//! which makes a take-it-or-leave-it game with a uniform private cost exactly
//! Fearon's.
//!
//! **Public commitments.** An actor committed to a value on an issue pays its
//! audience cost once if it backs down: if it agrees to terms with another value, or
//! lets the talks end at the deadline without fighting (Fearon 1994). Its lines rise
//! by the cost (as a flow), and a war becomes credible where it was not.
//!
//! **War as a choice.** In the deadline's round, a proposer starts a war when it pays
//! more per round than its best offer's expected value and than no deal, and a
//! responder that rejects the last offer goes to war when war pays more than no
//! deal. Before the deadline, talking on keeps the chance of a better offer, so a
//! side starts a war only when war pays more than even its own ideal terms would
//! (and than talking on): nothing the talks could bring beats it.

use super::{
    Failure, ReservationInputs, Round, TalksState, TalksStep, counterpart_credibility,
    reservation_excess, reservation_now,
};
use crate::model::{ActorParams, Model, Phase, Prior, RunParams};
use crate::scenario::Private;
use crate::story::{Event, Tracer};
use crate::theory::normal::normal_cdf;

mod outlook;
mod worth;

use super::path::offer;
pub use crate::model::{Known, OfferGrid};
pub use outlook::{Outlook, ShiftOutlook, outlook, war_lines_at_typical};
pub use worth::{Memo, prefers_war_in_force, same_power, treaty_flow, value_flow};
use worth::{Search, Terms, flow_at, shifting, worth};

/// Before a run: each actor's war flow (and derived `conflict` payoff) in every power
/// state, from this run's capabilities and war costs; the values of the state of
/// round 1 in force; the others' beliefs reset to the priors.
pub fn begin_run(model: &Model, p: &mut RunParams, st: &mut TalksState) {
    let n = model.n;
    for k in 0..model.power_states() {
        power_values(model, p, st, k);
    }
    for i in 0..n {
        let (lo, hi) = match model.prior[i] {
            Some(pr) => support(pr),
            None => (f64::NEG_INFINITY, f64::INFINITY),
        };
        st.belief[i] = (lo, hi);
    }
    st.revision_fresh = false;
    set_power(
        model,
        p,
        st,
        model.power_state(1, model.sq_point.as_deref()),
    );
    st.failure = None;
}

/// Fill power state `k`'s chances to win, expected war outcomes and war flows.
fn power_values(model: &Model, p: &RunParams, st: &mut TalksState, k: usize) {
    let n = model.n;
    let m = model.m;
    // Side capabilities, kept in `need` (scratch) by the side's head.
    st.need.fill(0.0);
    for i in 0..n {
        st.need[model.root[i]] += model.capability_in(k, i, p.actors[i].capability);
    }
    let total: f64 = model.deciders.iter().map(|&d| st.need[d]).sum();
    let at = k * n;
    for i in 0..n {
        let mut expect = 0.0;
        for &s in &model.deciders {
            let ps = if total > 0.0 { st.need[s] / total } else { 0.0 };
            expect += ps * model.utility(i, &model.ideal[s * m..(s + 1) * m]);
        }
        // Measured from the status quo, like every treaty value.
        let expect = expect - model.sq[i];
        st.power_expect[at + i] = expect;
        let a = &p.actors[i];
        st.power_war[at + i] = if model.war_derived[i] {
            a.no_deal + a.gain * expect - a.war_cost
        } else {
            (1.0 - a.discount) * a.conflict
        };
        st.power_win[at + i] = 0.0;
    }
    for &s in &model.deciders {
        st.power_win[at + s] = if total > 0.0 { st.need[s] / total } else { 0.0 };
    }
}

/// Make power state `k` the current one: war flows, chances to win and the derived
/// `conflict` payoffs (what a war, chosen or not, pays from now on).
pub fn set_power(model: &Model, p: &mut RunParams, st: &mut TalksState, k: usize) {
    let n = model.n;
    let at = k * n;
    for i in 0..n {
        st.expect_win[i] = st.power_expect[at + i];
        st.war_flow[i] = st.power_war[at + i];
        st.win[i] = st.power_win[at + i];
        if model.war_derived[i] {
            let a = &mut p.actors[i];
            a.conflict = st.war_flow[i] / (1.0 - a.discount);
        }
    }
    st.power_now = k;
}

/// The terms reviser `r` (0 or 1: which decider) would table in power state `k`
/// to keep the other decider at its war line: the point of its concession path
/// closest to its ideal that the other prefers to war (scan, then bisection).
/// Written into `st.revision`; `st.revision_ok` says whether the reviser prefers
/// them to war. They depend on this run's numbers (fixed from [`begin_run`] on) and
/// the credibility, so a call at the credibility of the last one changes nothing
/// and returns at once.
pub fn revisions(r: &Round, st: &mut TalksState) {
    let model = r.model;
    if model.shift.is_none() || model.deciders.len() != 2 {
        return;
    }
    if st.revision_fresh && st.revision_cred.as_slice() == r.cred {
        return;
    }
    st.revision_cred.copy_from_slice(r.cred);
    st.revision_fresh = true;
    let (n, m) = (model.n, model.m);
    let mut x = std::mem::take(&mut st.offer);
    let grid = grid(model);
    for k in 1..model.power_states() {
        for ri in 0..2 {
            let (rev, other) = (model.deciders[ri], model.deciders[1 - ri]);
            let war_o = st.power_war[k * n + other];
            let keeps = |x: &mut [f64], tau: f64| {
                offer(model, rev, tau, x);
                treaty_flow(r, other, x) >= war_o
            };
            const STEPS: usize = 200;
            // A scan point whose τ has the very bits of a grid point's is read
            // from the grid (1 − s/200 often, not always, is (200 − s)/200).
            let on_grid = |s: usize, tau: f64| {
                let g = 2 * (STEPS - s);
                let same = (g as f64 / OfferGrid::STEPS as f64).to_bits() == tau.to_bits();
                grid.point(rev, g).filter(|_| same)
            };
            let mut found = None;
            for s in 0..=STEPS {
                let tau = 1.0 - s as f64 / STEPS as f64;
                let kept = match on_grid(s, tau) {
                    Some((terms, known)) => flow_at(r, other, terms, known.utility[other]) >= war_o,
                    None => keeps(&mut x, tau),
                };
                if kept {
                    found = Some(tau);
                    break;
                }
            }
            let at = (2 * k + ri) * m;
            let Some(mut lo) = found else {
                st.revision_ok[2 * k + ri] = false;
                continue;
            };
            // Bisection between the last rejected and the first accepted point.
            let mut hi = (lo + 1.0 / STEPS as f64).min(1.0);
            if lo < 1.0 {
                for _ in 0..60 {
                    let mid = 0.5 * (lo + hi);
                    if keeps(&mut x, mid) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
            }
            offer(model, rev, lo, &mut x);
            st.revision[at..at + m].copy_from_slice(&x);
            st.revision_ok[2 * k + ri] = treaty_flow(r, rev, &x) >= st.power_war[k * n + rev];
        }
    }
    st.offer = x;
}

/// The support of a prior.
fn support(pr: Prior) -> (f64, f64) {
    match pr {
        Prior::Uniform { low, high } | Prior::Triangular { low, high, .. } => (low, high),
        Prior::Normal { .. } => (f64::NEG_INFINITY, f64::INFINITY),
        Prior::LogNormal { .. } => (0.0, f64::INFINITY),
    }
}

/// The prior's distribution function.
pub fn cdf(pr: Prior, x: f64) -> f64 {
    match pr {
        Prior::Uniform { low, high } => ((x - low) / (high - low)).clamp(0.0, 1.0),
        Prior::Triangular { low, mode, high } => {
            if x <= low {
                0.0
            } else if x >= high {
                1.0
            } else if x <= mode {
                (x - low).powi(2) / ((high - low) * (mode - low))
            } else {
                1.0 - (high - x).powi(2) / ((high - low) * (high - mode))
            }
        }
        Prior::Normal { mean, sd } => normal_cdf((x - mean) / sd),
        Prior::LogNormal { mu, sigma } => {
            if x <= 0.0 {
                0.0
            } else {
                normal_cdf((x.ln() - mu) / sigma)
            }
        }
    }
}

/// What backing down from its public commitment costs actor `i` per round (the
/// one-time audience cost as a flow), or 0.
fn audience(model: &Model, p: &RunParams, i: usize) -> f64 {
    model.commitment[i].map_or(0.0, |c| c.audience_cost * (1.0 - p.actors[i].discount))
}

/// The audience cost (per round) actor `i` pays for terms `x`.
fn backdown(model: &Model, p: &RunParams, i: usize, x: &[f64]) -> f64 {
    if model.backs_down(i, x) {
        audience(model, p, i)
    } else {
        0.0
    }
}

/// The war cost at which actor j is indifferent between terms `t` and war: it
/// accepts (on the war line) iff its war cost is at least this.
fn cost_threshold(st: &TalksState, j: usize, t: &Terms) -> f64 {
    let r = t.r;
    let a = &r.params.actors[j];
    if shifting(r, st) {
        return a.no_deal + a.gain * st.expect_win[j] - worth(st, j, t);
    }
    // The audience cost `bd` a round for backing down to these terms.
    let (u, bd) = (t.utility(j), backdown(r.model, r.params, j, t.x));
    let c = counterpart_credibility(r.model, r.cred, j);
    a.gain * st.expect_win[j] - c * a.gain * (u - r.model.sq[j]) + bd
}

/// Whether every ratifier on decider `d`'s side approves terms `t` (always while
/// classifying as if none had to).
fn ratifies(st: &TalksState, d: usize, t: &Terms) -> bool {
    st.ignore_ratification || t.side_ratifies(d)
}

/// Actor j's war line: the least U whose treaty flow matches war's flow.
fn war_line(model: &Model, p: &RunParams, st: &TalksState, cred: &[f64], j: usize) -> f64 {
    let a = &p.actors[j];
    let slope = counterpart_credibility(model, cred, j) * a.gain;
    let excess = st.war_flow[j] - a.no_deal;
    if slope > 0.0 {
        model.sq[j] + excess / slope
    } else if excess <= 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    }
}

/// The audience cost of `x` to `j` in utility units (0 without a commitment).
fn backdown_utility(r: &Round, j: usize, x: &[f64]) -> f64 {
    let bd = backdown(r.model, r.params, j, x);
    if bd == 0.0 {
        return 0.0;
    }
    let slope = counterpart_credibility(r.model, r.cred, j) * r.params.actors[j].gain;
    if slope > 0.0 {
        bd / slope
    } else {
        f64::INFINITY
    }
}

/// Whether terms `t` are worth at least no deal to responder j. Before the deadline
/// a committed responder counts the audience cost of accepting other terms; in the
/// deadline's round ending the talks without fighting backs down as well, so the
/// cost falls on both sides of the comparison and drops out.
fn beats_no_deal(j: usize, t: &Terms) -> bool {
    let r = t.r;
    let last = r.model.deadline.is_some_and(|d| r.k >= d);
    let bd = if last {
        0.0
    } else {
        backdown_utility(r, j, t.x)
    };
    t.utility(j) - bd >= t.reservation(j)
}

/// Whether responder j, with its true numbers, accepts terms `t`.
fn accepts(st: &TalksState, j: usize, t: &Terms) -> bool {
    let r = t.r;
    if !beats_no_deal(j, t) || !ratifies(st, j, t) {
        return false;
    }
    if shifting(r, st) {
        worth(st, j, t) >= st.war_flow[j]
    } else {
        let u = t.utility(j) - backdown_utility(r, j, t.x);
        u >= war_line(r.model, r.params, st, r.cred, j)
    }
}

/// The proposer's probability that responder j accepts terms `t`.
fn p_accept(st: &TalksState, j: usize, t: &Terms) -> f64 {
    let model = t.r.model;
    // A private gain or no-deal payoff decides the no-deal comparison too: the
    // belief covers it below, not j's true numbers.
    let hidden = model.prior[j].is_some() && model.private[j] != Some(Private::WarCost);
    if !ratifies(st, j, t) || (!hidden && !beats_no_deal(j, t)) {
        return 0.0;
    }
    let Some(pr) = model.prior[j] else {
        return if accepts(st, j, t) { 1.0 } else { 0.0 };
    };
    let (lo, hi) = st.belief[j];
    if model.private[j] != Some(Private::WarCost) {
        // The types in [a, b] accept: their share of the belief's mass.
        let (a, b) = accepted_types(st, j, t);
        let (a, b) = (a.max(lo), b.min(hi));
        if a > b {
            return 0.0;
        }
        let (flo, fhi) = (cdf(pr, lo), cdf(pr, hi));
        if fhi - flo <= 0.0 {
            return if a <= lo && b >= hi { 1.0 } else { 0.0 };
        }
        return ((cdf(pr, b) - cdf(pr, a)) / (fhi - flo)).clamp(0.0, 1.0);
    }
    let c = cost_threshold(st, j, t);
    if c <= lo {
        return 1.0;
    }
    if c >= hi {
        return 0.0;
    }
    let (flo, fhi) = (cdf(pr, lo), cdf(pr, hi));
    if fhi - flo <= 0.0 {
        // No belief mass left between lo and hi (c lies strictly inside): treat the
        // demand as rejected.
        return 0.0;
    }
    ((fhi - cdf(pr, c)) / (fhi - flo)).clamp(0.0, 1.0)
}

/// Responder j's two conditions for accepting terms `t` (outside a power shift),
/// as slacks with the numbers `a` in place of its own: the treaty's flow over
/// war's, and c·g times its utility margin over no deal. j accepts iff both are
/// at least 0 (and its ratifiers approve): the conditions of [`accepts`],
/// multiplied out so that each is linear in war_cost, gain and no_deal.
fn slacks(st: &TalksState, j: usize, t: &Terms, a: &ActorParams) -> (f64, f64) {
    let (r, model) = (t.r, t.r.model);
    let c = counterpart_credibility(model, r.cred, j);
    let lift = c * a.gain * (t.utility(j) - model.sq[j]);
    let bd = backdown(model, r.params, j, t.x);
    let (war, conflict) = if model.war_derived[j] {
        let w = a.no_deal + a.gain * st.expect_win[j] - a.war_cost;
        (w, w / (1.0 - a.discount))
    } else {
        (st.war_flow[j], a.conflict)
    };
    // In the deadline's round the audience cost drops out of the no-deal comparison
    // (see `beats_no_deal`).
    let last = model.deadline.is_some_and(|d| r.k >= d);
    let excess = reservation_excess(&ReservationInputs {
        no_deal: a.no_deal,
        stalling: a.stalling,
        gain: a.gain,
        credibility: c,
        delta: a.discount,
        hazard_no_deal: r.params.hazard[Phase::NoDeal as usize],
        hazard_in_force: r.params.hazard[Phase::InForce as usize],
        conflict,
    });
    (
        lift - bd - (war - a.no_deal),
        lift - if last { 0.0 } else { bd } - excess,
    )
}

/// The values of responder j's private gain or no-deal payoff for which it would
/// accept terms `t`: an interval `[a, b]` (empty when a > b). Both slacks are
/// linear in the parameter, so two evaluations give each one's root.
fn accepted_types(st: &TalksState, j: usize, t: &Terms) -> (f64, f64) {
    let base = t.r.params.actors[j];
    let which = t.r.model.private[j];
    let at = |v: f64| {
        let mut a = base;
        match which {
            Some(Private::Gain) => a.gain = v,
            Some(Private::NoDeal) => a.no_deal = v,
            _ => a.war_cost = v,
        }
        slacks(st, j, t, &a)
    };
    let ((w0, n0), (w1, n1)) = (at(0.0), at(1.0));
    let (mut lo, mut hi) = (f64::NEG_INFINITY, f64::INFINITY);
    for (s0, s1) in [(w0, w1), (n0, n1)] {
        let d = s1 - s0;
        if d > 0.0 {
            lo = lo.max(-s0 / d);
        } else if d < 0.0 {
            hi = hi.min(-s0 / d);
        } else if s0 < 0.0 {
            return (f64::INFINITY, f64::NEG_INFINITY);
        }
    }
    (lo, hi)
}

/// The responders to `proposer`'s offers: every decider but the proposer's own
/// side's head, and that head too when the proposer cannot decide (its principal
/// must accept).
fn responds(model: &Model, proposer: usize, j: usize) -> bool {
    j != proposer && (j != model.root[proposer] || model.root[proposer] != proposer)
}

/// The model's [`OfferGrid`], built the first time it is asked for.
fn grid(model: &Model) -> &OfferGrid {
    model
        .offer_grid
        .get_or_init(|| OfferGrid::new(model, offer))
}

/// Proposer `i`'s offer at point `k` of its concession path's grid (τ = k /
/// [`OfferGrid::STEPS`]), to weigh in `search`: read from the grid, or else written
/// into `x`.
fn grid_terms<'a>(i: usize, k: usize, x: &'a mut [f64], search: &'a mut Search) -> Terms<'a> {
    match grid(search.round().model).point(i, k) {
        Some((terms, known)) => search.terms(terms, Some(known)),
        None => {
            offer(
                search.round().model,
                i,
                k as f64 / OfferGrid::STEPS as f64,
                x,
            );
            search.terms(x, None)
        }
    }
}

/// The proposer's expected flow from the offer at `tau` on its concession path
/// (written into `x`, weighed in `search`), and its probability of acceptance.
fn expected_at(
    st: &TalksState,
    i: usize,
    tau: f64,
    x: &mut [f64],
    search: &mut Search,
) -> (f64, f64) {
    offer(search.round().model, i, tau, x);
    expected(st, i, &search.terms(x, None))
}

/// Proposer `i`'s expected flow from terms `t`, and their probability of acceptance.
fn expected(st: &TalksState, i: usize, t: &Terms) -> (f64, f64) {
    let model = t.r.model;
    let mut pa = if ratifies(st, model.root[i], t) {
        1.0
    } else {
        0.0
    };
    for &j in &model.deciders {
        if responds(model, i, j) {
            pa *= p_accept(st, j, t);
            if pa == 0.0 {
                break;
            }
        }
    }
    let treaty = worth(st, i, t);
    (pa * treaty + (1.0 - pa) * st.war_flow[i], pa)
}

/// The offer (own-utility target τ on the concession path) that maximises the
/// proposer's expected flow: a grid, then a golden-section search in the best cell.
fn best_offer(r: &Round, st: &mut TalksState, i: usize) -> (f64, f64, f64) {
    // Every other point of the path's grid.
    const GRID: usize = OfferGrid::STEPS / 2;
    let mut x = std::mem::take(&mut st.offer);
    let mut memo = std::mem::take(&mut st.memo);
    let mut search = Search::new(r, &mut memo);
    let mut best = (f64::NEG_INFINITY, 0.0, 0.0);
    let mut best_k = 0;
    for k in 0..=GRID {
        let tau = k as f64 / GRID as f64;
        let (eu, pa) = expected(st, i, &grid_terms(i, 2 * k, &mut x, &mut search));
        // Ties go to the proposer's better terms: when every offer is sure to be
        // refused (each worth its war flow), it demands its ideal rather than
        // conceding everything in a demand it expects to fail.
        if eu >= best.0 {
            best = (eu, tau, pa);
            best_k = k;
        }
    }
    let (mut a, mut b) = (
        best_k.saturating_sub(1) as f64 / GRID as f64,
        (best_k + 1).min(GRID) as f64 / GRID as f64,
    );
    let g = 0.5 * (5f64.sqrt() - 1.0);
    // A golden-section point is often, bit for bit, one of the last two steps'
    // (always so once the cell is a few ulps wide): its numbers are read back, not
    // weighed again (`expected` depends on nothing else in the search).
    let mut recent = [(f64::NAN, 0.0, 0.0); 4];
    let mut next = 0;
    let mut weigh = |tau: f64, x: &mut Vec<f64>| {
        if let Some(&(_, e, pa)) = recent.iter().find(|v| v.0.to_bits() == tau.to_bits()) {
            return (e, pa);
        }
        let (e, pa) = expected_at(st, i, tau, x, &mut search);
        recent[next] = (tau, e, pa);
        next = (next + 1) % recent.len();
        (e, pa)
    };
    for _ in 0..60 {
        let (c, d) = (b - g * (b - a), a + g * (b - a));
        let (ec, pc) = weigh(c, &mut x);
        let (ed, pd) = weigh(d, &mut x);
        for (e, tau, pa) in [(ec, c, pc), (ed, d, pd)] {
            if e > best.0 {
                best = (e, tau, pa);
            }
        }
        if ec >= ed { b = d } else { a = c }
    }
    st.offer = x;
    st.memo = memo;
    best
}

/// Whether a bargaining range exists given everyone's true numbers: some offer on
/// the proposer's path that every responder accepts and that the proposer prefers
/// to war.
fn range_exists(r: &Round, st: &mut TalksState, i: usize) -> bool {
    path_range(r, st, i).is_some()
}

/// Why talks with proposer `i` failed: `in_range` when a bargaining range exists
/// given everyone's true numbers; otherwise the commitment problem when a range
/// would exist if power did not shift; ratification when, if no ratifier had to
/// approve, the proposer's best offer would have been accepted (`in_range` when a
/// range would exist but the proposer would not have offered it); no range else.
///
/// `before`: a responder's belief as it stood when the offer was chosen (the
/// question is what the proposer would have offered then).
fn classify(
    r: &Round,
    st: &mut TalksState,
    i: usize,
    in_range: Failure,
    before: Option<(usize, (f64, f64))>,
) -> Failure {
    if range_exists(r, st, i) {
        return in_range;
    }
    let model = r.model;
    let mut cause = Failure::NoRange;
    if model.shift.is_some() {
        st.ignore_shift = true;
        if range_exists(r, st, i) {
            cause = Failure::CommitmentProblem;
        }
    }
    if cause == Failure::NoRange && model.ratify.iter().any(Option::is_some) {
        st.ignore_ratification = true;
        if range_exists(r, st, i) {
            // The ratifiers decided it only if, free of them, the proposer's best
            // offer would have been accepted; else it gambled (or ran out of time)
            // anyway.
            let now = before.map(|(j, b)| (j, std::mem::replace(&mut st.belief[j], b)));
            let (_, tau, _) = best_offer(r, st, i);
            if let Some((j, b)) = now {
                st.belief[j] = b;
            }
            let mut x = std::mem::take(&mut st.offer);
            offer(model, i, tau, &mut x);
            let taken = model
                .deciders
                .iter()
                .all(|&j| !responds(model, i, j) || accepts(st, j, &Terms::once(r, &x)));
            st.offer = x;
            cause = if taken {
                Failure::Ratification
            } else {
                in_range
            };
        }
    }
    st.ignore_shift = false;
    st.ignore_ratification = false;
    cause
}

/// The least and greatest τ on proposer `i`'s concession path (a grid of 401
/// points) whose offers every responder accepts with its true numbers, its own
/// side ratifies and it prefers to war.
fn path_range(r: &Round, st: &mut TalksState, i: usize) -> Option<(f64, f64)> {
    let model = r.model;
    let mut x = std::mem::take(&mut st.offer);
    let mut memo = std::mem::take(&mut st.memo);
    let mut search = Search::new(r, &mut memo);
    let mut range: Option<(f64, f64)> = None;
    for k in 0..=OfferGrid::STEPS {
        let tau = k as f64 / OfferGrid::STEPS as f64;
        let t = grid_terms(i, k, &mut x, &mut search);
        let all = model
            .deciders
            .iter()
            .all(|&j| !responds(model, i, j) || accepts(st, j, &t));
        if all && ratifies(st, model.root[i], &t) && worth(st, i, &t) >= st.war_flow[i] {
            range = Some(range.map_or((tau, tau), |(lo, _)| (lo, tau)));
        }
    }
    st.offer = x;
    st.memo = memo;
    range
}

/// Play one round of crisis talks.
pub fn round<T: Tracer>(r: &Round, st: &mut TalksState, tr: &mut T) -> TalksStep {
    let model = r.model;
    let i = model.proposers[(r.k as usize - 1) % model.proposers.len()];
    let last = model.deadline.is_some_and(|d| r.k >= d);
    revisions(r, st);
    let (eu, tau, pa) = best_offer(r, st, i);
    let a = &r.params.actors[i];
    // The proposer fights when no offer can beat war: in the deadline's round, its
    // best offer's expected value (and no deal); before it, even its ideal terms.
    let ideal_flow = value_flow(r, st, i, &model.ideal[i * model.m..(i + 1) * model.m]);
    let bar = if last {
        eu.max(a.no_deal - audience(model, r.params, i))
    } else {
        ideal_flow.max(a.no_deal + a.stalling)
    };
    // In the deadline's round a demand sure to be refused is no alternative: a
    // proposer that prefers war to no deal starts it itself.
    let hopeless = last && pa == 0.0 && st.war_flow[i] > a.no_deal - audience(model, r.params, i);
    if st.war_flow[i] > bar || hopeless {
        return war_chosen(r, st, i, i, bar, None, tr);
    }
    let mut x = std::mem::take(&mut st.offer);
    offer(model, i, tau, &mut x);
    st.offer = x;
    crate::emit!(
        tr,
        r.t,
        Event::Offer {
            proposer: i,
            terms: st.offer.clone(),
            p_accept: pa,
        }
    );
    let rejecter = model
        .deciders
        .iter()
        .copied()
        .find(|&j| responds(model, i, j) && !accepts(st, j, &Terms::once(r, &st.offer)));
    let Some(j) = rejecter else {
        // The engine's agreement event names the terms; the demand above named them.
        return TalksStep::Agreed;
    };
    let u = model.utility(j, &st.offer);
    let needs =
        reservation_now(model, r.params, r.cred, j).max(war_line(model, r.params, st, r.cred, j));
    crate::emit!(
        tr,
        r.t,
        Event::Rejected {
            proposer: i,
            terms: st.offer.clone(),
            rejecter: j,
            worth: u,
            needs,
        }
    );
    // Bayes: the rejection rules out the types that would have accepted.
    let before = Some((j, st.belief[j]));
    learn_from_rejection(r, st, j, tr);
    // The responder fights in the deadline's round when war pays more than no deal;
    // before it, only when war pays more than even its own ideal terms would.
    let b = &r.params.actors[j];
    // In the deadline's round, not fighting means backing down from a public
    // commitment: the audience cost makes the threat credible.
    let alternative = if last {
        b.no_deal - audience(model, r.params, j)
    } else {
        value_flow(r, st, j, &model.ideal[j * model.m..(j + 1) * model.m])
            .max(b.no_deal + b.stalling)
    };
    if st.war_flow[j] > alternative {
        return war_chosen(r, st, i, j, alternative, before, tr);
    }
    if last {
        st.failure = Some(classify(r, st, i, Failure::Deadline, before));
    }
    TalksStep::Continue
}

/// Talks with proposer `i` end in a war `by` chooses instead of what it would get
/// otherwise (`instead`, per round): told, and its cause classified (`before`: the
/// rejecter's belief when the offer was chosen).
fn war_chosen<T: Tracer>(
    r: &Round,
    st: &mut TalksState,
    i: usize,
    by: usize,
    instead: f64,
    before: Option<(usize, (f64, f64))>,
    tr: &mut T,
) -> TalksStep {
    crate::emit!(
        tr,
        r.t,
        Event::WarChosen {
            by,
            war: st.war_flow[by],
            instead,
        }
    );
    st.failure = Some(classify(r, st, i, Failure::GambleLost, before));
    TalksStep::War { by }
}

/// Bayes' rule on responder j's rejection of `st.offer`: the others' belief about
/// its private number drops the types that would have accepted.
fn learn_from_rejection<T: Tracer>(r: &Round, st: &mut TalksState, j: usize, tr: &mut T) {
    let model = r.model;
    let private = model.private[j].filter(|_| model.prior[j].is_some());
    let mut updated = false;
    let terms = Terms::once(r, &st.offer);
    if private.is_some_and(|p| p != Private::WarCost) && ratifies(st, j, &terms) {
        // The types that would have accepted are ruled out; when they lie strictly
        // inside the belief, the rejecter may be on either side and the belief keeps
        // its hull.
        let (a, b) = accepted_types(st, j, &terms);
        let (lo, hi) = st.belief[j];
        if a <= lo {
            st.belief[j] = (b.max(lo).min(hi), hi);
        } else if b >= hi {
            st.belief[j] = (lo, a.min(hi).max(lo));
        }
        updated = true;
    }
    if private == Some(Private::WarCost) && beats_no_deal(j, &terms) && ratifies(st, j, &terms) {
        let t = cost_threshold(st, j, &terms);
        let (lo, hi) = st.belief[j];
        st.belief[j] = (lo, hi.min(t).max(lo));
        updated = true;
    }
    if let Some(what) = private.filter(|_| updated) {
        crate::emit!(
            tr,
            r.t,
            Event::Belief {
                about: j,
                what,
                low: st.belief[j].0,
                high: st.belief[j].1,
            }
        );
    }
}

/// Bayes' rule on an acceptance, after the talks of round `r.k` agreed on
/// `st.offer`: a responder with a private number accepted, so the others' belief
/// about it keeps only the types that accept these terms (a private war cost: those
/// at least its threshold; a private gain or no-deal payoff: the interval
/// [`accepted_types`] gives). Later talks in the run (renegotiation after an exit)
/// start from that belief; an exit or a violation says nothing about these numbers
/// (they follow the temptation), so nothing else moves it.
pub fn learn_from_acceptance<T: Tracer>(r: &Round, st: &mut TalksState, tr: &mut T) {
    let model = r.model;
    let i = model.proposers[(r.k as usize - 1) % model.proposers.len()];
    for &j in &model.deciders {
        let Some(what) = model.private[j].filter(|_| model.prior[j].is_some()) else {
            continue;
        };
        if !responds(model, i, j) {
            continue;
        }
        let terms = Terms::once(r, &st.offer);
        let (a, b) = if what == Private::WarCost {
            (cost_threshold(st, j, &terms), f64::INFINITY)
        } else {
            accepted_types(st, j, &terms)
        };
        let (lo, hi) = st.belief[j];
        let (nlo, nhi) = (a.max(lo).min(hi), b.min(hi).max(lo));
        if (nlo, nhi) != (lo, hi) && nlo <= nhi {
            st.belief[j] = (nlo, nhi);
            crate::emit!(
                tr,
                r.t,
                Event::Belief {
                    about: j,
                    what,
                    low: nlo,
                    high: nhi,
                }
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distribution_functions() {
        let u = Prior::Uniform {
            low: 0.0,
            high: 2.0,
        };
        assert_eq!(cdf(u, 0.5), 0.25);
        let t = Prior::Triangular {
            low: 0.0,
            mode: 1.0,
            high: 2.0,
        };
        assert!((cdf(t, 1.0) - 0.5).abs() < 1e-15);
        assert!((cdf(t, 0.5) - 0.125).abs() < 1e-15);
        assert!((cdf(t, 1.5) - 0.875).abs() < 1e-15);
        let n = Prior::Normal { mean: 1.0, sd: 2.0 };
        assert!((cdf(n, 1.0) - 0.5).abs() < 1e-15);
        let l = Prior::LogNormal {
            mu: 0.0,
            sigma: 1.0,
        };
        assert!((cdf(l, 1.0) - 0.5).abs() < 1e-15);
        assert_eq!(cdf(l, -1.0), 0.0);
    }
}
