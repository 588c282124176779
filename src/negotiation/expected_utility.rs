//! The expected-utility model of position change (Bueno de Mesquita 1994, in the
//! conventions of the open replication by Scholz, Calbert & Smith 2011): actors with a
//! capability, a position and a salience on one issue challenge each other in rounds;
//! each round every actor weighs challenging every other, sends offers where it expects
//! to gain, and the targets confront, compromise or capitulate. The prediction is the
//! capability-and-salience weighted mean of the positions (and the median voter).
//!
//! One round, for positions x at the start of the round (docs/expected-utility.md has
//! the formulas with a worked example):
//! 1. weights w_k = c_k s_k; the weighted mean and the median voter of x;
//! 2. P_ij, the probability that i beats j, from everyone's weighted "votes";
//! 3. first pass: risk exponent r = 1 and μ = the median voter; each actor's danger is
//!    the sum of what the others expect from challenging it; dangers set r_i ∈ [½, 2];
//! 4. second pass: μ = the weighted mean, the new r; every i with EU_i(j) > 0 offers j
//!    its position; j takes its best offer and confronts, compromises or capitulates.
//!
//! Conventions where the published descriptions leave a choice (documented for users
//! in docs/expected-utility.md): the median voter is the actor position with the least
//! weighted distance to everyone, ties to the first actor; P_ij = 0 when no weight
//! separates i and j; equal dangers give everyone r = 1; offers are not sent to an actor
//! already at the sender's position; ties between offers go to the closest position,
//! then to the first actor; a reply of exactly 0 and a reply at least as large as the
//! offer leave the target where it is ("resisted"); every decision uses the positions
//! at the start of the round, and the moves are applied (and recorded) in actor order.
//!
//! Performance: [`Workspace`] holds every buffer, so [`round`] and [`run`] do not
//! allocate once the workspace has seen an issue of the same size. A round costs
//! O(n²); it lives in the submodule `grouped` (this file keeps the model's formulas,
//! its API and the protocol): actors are grouped by position (sorted), the numerators
//! of the win probabilities are differences of the groups' total weighted distances L
//! and the denominators come from prefix sums over the sorted positions with a pointer
//! at the midpoint of each pair (O(1) amortised per pair of positions, instead of a sum
//! over all actors); what depends only on positions is computed once per pair of
//! positions, what depends on a challenger once per class of challengers (one
//! position, one risk exponent) and position, and each target's best offer is sought
//! among the classes. These shortcuts compute the same operations in the same order as
//! the formulas pair by pair, so they change no bit of the result (tested). Up to 16
//! actors (the submodule `small`), the same round runs in fixed-size tables, where
//! the compiler knows every size and index range (with ten actors at a few positions,
//! sizing and indexing growable tables cost about as much as the arithmetic). The powers
//! b^r are exp(r·ln b) with the submodule `exp`'s own exponential: the same bits on
//! every platform, and inlined into the round's loops (a call into the C library's
//! `exp` cost more in its error-handling wrapper and in spilled registers than in the
//! function itself).

use super::{Round as TalksRound, TalksState, TalksStep};
use crate::emit;
use crate::model::{Model, RunParams};
use crate::story::{Event as StoryEvent, Tracer};
use serde::{Deserialize, Serialize};

mod exp;
mod grouped;
mod small;
pub use exp::exp;
use grouped::Groups;
pub use grouped::round;

pub use crate::model::positions::Params;
pub use crate::story::talks::{Event, Outcome, Prediction};

/// One issue's actors: capability, position and salience per actor (same order).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Issue<'a> {
    /// The issue's range [low, high], low < high.
    pub low: f64,
    pub high: f64,
    /// Capability c_i > 0 (only the ratios matter).
    pub capability: &'a [f64],
    /// Position x_i in [low, high].
    pub position: &'a [f64],
    /// Salience s_i in [0, 1].
    pub salience: &'a [f64],
}

/// The model's preallocated state: the current positions and every buffer a round
/// needs. Fields are public for reading; change positions only through [`load`]. The
/// last round's win probabilities and expected utilities are read with
/// [`prob`](Workspace::prob) and [`eu`](Workspace::eu).
///
/// [`load`]: Workspace::load
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workspace {
    pub low: f64,
    pub high: f64,
    pub salience: Vec<f64>,
    /// w_k = c_k s_k.
    pub weight: Vec<f64>,
    /// Current positions (after the last round played).
    pub position: Vec<f64>,
    /// Positions at the start of the last round played.
    pub start: Vec<f64>,
    /// Danger of each actor in the last round (first pass).
    pub danger: Vec<f64>,
    /// Risk exponents r_i of the last round (used in its second pass).
    pub risk: Vec<f64>,
    /// The offers taken up in the last round, in target order.
    pub events: Vec<Event>,
    /// The round's distinct positions and what is computed once per position.
    groups: Groups,
    /// The same for rounds of at most `small::CAP` actors, in fixed-size tables.
    small: Box<small::Small>,
}

/// The weighted mean and the median voter at the start of a round, and how far the
/// round moved positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Round {
    pub mean: f64,
    pub median: f64,
    /// The largest |change| of a position in the round.
    pub moved: f64,
}

/// One round as recorded by [`trace`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundRecord {
    /// 1, 2, …
    pub round: u32,
    /// Positions at the start of the round.
    pub positions: Vec<f64>,
    /// Weighted mean and median voter of those positions.
    pub mean: f64,
    pub median: f64,
    /// Risk exponents used in the round's second pass.
    pub risk: Vec<f64>,
    /// The offers taken up, in target order.
    pub events: Vec<Event>,
}

/// Every round of one play of the model, and where it ended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    pub rounds: Vec<RoundRecord>,
    /// Positions after the last round.
    pub positions: Vec<f64>,
    pub prediction: Prediction,
}

impl Workspace {
    /// A workspace for `n` actors (it grows if a larger issue is loaded).
    pub fn with_actors(n: usize) -> Workspace {
        let mut ws = Workspace::default();
        ws.reserve(n);
        ws
    }

    fn reserve(&mut self, n: usize) {
        for v in [
            &mut self.salience,
            &mut self.weight,
            &mut self.position,
            &mut self.start,
            &mut self.danger,
            &mut self.risk,
        ] {
            v.reserve(n.saturating_sub(v.len()));
        }
        self.groups.reserve(n);
        self.events.reserve(n.saturating_sub(self.events.len()));
    }

    /// Number of actors loaded.
    pub fn n(&self) -> usize {
        self.position.len()
    }

    /// Start from `issue`'s positions. Allocates only if the issue has more actors than
    /// any loaded before. Actors beyond the shortest of the three slices are ignored.
    pub fn load(&mut self, issue: &Issue<'_>) {
        let n = issue
            .capability
            .len()
            .min(issue.position.len())
            .min(issue.salience.len());
        self.load_with(issue.low, issue.high, n, |i| {
            (issue.capability[i], issue.position[i], issue.salience[i])
        });
    }

    /// [`load`](Workspace::load) from a function giving actor i's (capability,
    /// position, salience), for callers whose numbers are not in three slices.
    pub fn load_with(
        &mut self,
        low: f64,
        high: f64,
        n: usize,
        actor: impl Fn(usize) -> (f64, f64, f64),
    ) {
        self.reserve(n);
        self.low = low;
        self.high = high;
        self.salience.clear();
        self.weight.clear();
        self.position.clear();
        for i in 0..n {
            let (c, x, s) = actor(i);
            self.salience.push(s);
            self.weight.push(c * s);
            self.position.push(x);
        }
        for v in [&mut self.start, &mut self.danger, &mut self.risk] {
            v.clear();
            v.resize(n, 0.0);
        }
        self.risk.fill(1.0);
        self.events.clear();
        // No round played: every P and EU reads 0.
        self.groups.clear(n);
        self.small.clear();
    }

    /// P_ij, the probability that i beats j, at the start of the last round (0 before
    /// any round).
    pub fn prob(&self, i: usize, j: usize) -> f64 {
        if self.n() <= small::CAP {
            self.small.prob(i, j)
        } else {
            self.groups.prob(i, j)
        }
    }

    /// EU_i(challenge j) in the last round's second pass; 0 for i = j, between actors
    /// at the same position (no offer is made there) and before any round.
    pub fn eu(&self, i: usize, j: usize) -> f64 {
        let parts = if self.n() <= small::CAP {
            self.small.eu_parts(i, j)
        } else {
            self.groups.eu_parts(i, j)
        };
        parts.map_or(0.0, |(gamble, u_s, u_q)| {
            eu_at(self.salience[j], gamble, u_s, u_q)
        })
    }
}

/// The capability-and-salience weighted mean Σ w_k x_k / Σ w_k. When every weight is
/// 0 (nobody cares) it is the plain mean; NaN for no actors.
pub fn weighted_mean(position: &[f64], weight: &[f64]) -> f64 {
    let (mut num, mut den) = (0.0, 0.0);
    for (x, w) in position.iter().zip(weight) {
        num += w * x;
        den += w;
    }
    if den > 0.0 {
        num / den
    } else {
        position.iter().sum::<f64>() / position.len() as f64
    }
}

/// The median voter: the actor position x_j that wins every pairwise vote
/// Σ_k w_k (|x_k − x_m| − |x_k − x_j|) ≥ 0, that is the least total weighted distance
/// Σ_k w_k |x_k − x_j| (the weighted median). Ties go to the first actor; NaN for none.
pub fn median_voter(position: &[f64], weight: &[f64]) -> f64 {
    let mut best = f64::NAN;
    let mut least = f64::INFINITY;
    for &xj in position {
        let mut l = 0.0;
        for (xk, w) in position.iter().zip(weight) {
            l += w * (xk - xj).abs();
        }
        if l < least {
            least = l;
            best = xj;
        }
    }
    best
}

/// P_ij = max(0, Σ_k w_k (|x_k − x_j| − |x_k − x_i|)) / Σ_k w_k ||x_k − x_j| − |x_k − x_i||
/// into `out[i * n + j]` (`out` holds n² entries): the probability that i beats j.
/// 0 when x_i = x_j or when no weight separates them; never both P_ij and P_ji > 0.
///
/// The formula as written, O(n³): the reference that [`round`]'s O(n²) computation
/// is tested against.
pub fn win_probabilities(position: &[f64], weight: &[f64], out: &mut [f64]) {
    let n = position.len();
    for i in 0..n {
        out[i * n + i] = 0.0;
        let xi = position[i];
        for j in i + 1..n {
            let xj = position[j];
            let (num, den) = if xi == xj {
                (0.0, 0.0)
            } else {
                votes(position, weight, xi, xj)
            };
            // num for (j, i) is exactly -num: each term changes sign exactly.
            let (pij, pji) = if den > 0.0 {
                (num.max(0.0) / den, (-num).max(0.0) / den)
            } else {
                (0.0, 0.0)
            };
            out[i * n + j] = pij;
            out[j * n + i] = pji;
        }
    }
}

/// Σ_k w_k (|x_k − x_j| − |x_k − x_i|) and Σ_k |…|, summed in four interleaved
/// partial sums (a fixed order, so the result is the same on every machine) to keep
/// the O(n³) loop from waiting on one chain of additions.
#[inline]
fn votes(position: &[f64], weight: &[f64], xi: f64, xj: f64) -> (f64, f64) {
    let mut num = [0.0; 4];
    let mut den = [0.0; 4];
    let mut xs = position.chunks_exact(4);
    let mut ws = weight.chunks_exact(4);
    for (xc, wc) in (&mut xs).zip(&mut ws) {
        for l in 0..4 {
            let v = wc[l] * ((xc[l] - xj).abs() - (xc[l] - xi).abs());
            num[l] += v;
            den[l] += v.abs();
        }
    }
    for (l, (xk, w)) in xs.remainder().iter().zip(ws.remainder()).enumerate() {
        let v = w * ((xk - xj).abs() - (xk - xi).abs());
        num[l] += v;
        den[l] += v.abs();
    }
    (
        (num[0] + num[1]) + (num[2] + num[3]),
        (den[0] + den[1]) + (den[2] + den[3]),
    )
}

/// b^r = exp(r·ln b) with the crate's own [`exp`] (the same bits on every platform),
/// exactly b for r = 1 (the first pass).
#[inline]
fn power(b: f64, r: f64) -> f64 {
    if r == 1.0 { b } else { exp(r * b.ln()) }
}

/// EU_i(challenge j) = s_j (P_ij U_s + (1 − P_ij) U_f) + (1 − s_j) U_s
///                   − [Q U_sq + (1 − Q)(T U_b + (1 − T) U_w)],
/// with δ = |x_i − x_j| / d, e = (|x_i − μ| + |x_i − x_j|) / d, the challenger's risk
/// exponent r and U_s = 2 − 4(½ − ½δ)^r, U_f = 2 − 4(½ + ½δ)^r, U_b = 2 − 4(½ − ¼e)^r,
/// U_w = 2 − 4(½ + ¼e)^r, U_sq = 2 − 4(½)^r.
pub fn expected_utility(p: &Params, s_j: f64, p_ij: f64, delta: f64, e: f64, r: f64) -> f64 {
    let u_sq = 2.0 - 4.0 * power(0.5, r);
    challenge(p, s_j, p_ij, delta, e, r, u_sq)
}

/// [`expected_utility`] with U_sq given; the U_b, U_w terms are skipped when their
/// coefficient is 0 (which gives the same bits: 0·finite = 0).
#[inline]
fn challenge(p: &Params, s_j: f64, p_ij: f64, delta: f64, e: f64, r: f64, u_sq: f64) -> f64 {
    let u_s = 2.0 - 4.0 * power(0.5 - 0.5 * delta, r);
    let u_f = 2.0 - 4.0 * power(0.5 + 0.5 * delta, r);
    eu_of(p, s_j, p_ij, u_s, u_f, e, r, u_sq)
}

/// EU from U_s and U_f (computed by the caller) and the status-quo terms.
#[allow(clippy::too_many_arguments)] // the formula's own inputs; a struct would only rename them
#[inline]
fn eu_of(p: &Params, s_j: f64, p_ij: f64, u_s: f64, u_f: f64, e: f64, r: f64, u_sq: f64) -> f64 {
    eu_from(s_j, p_ij, u_s, u_f, status_quo(p, e, r, u_sq))
}

/// Q U_sq + (1 − Q)(T U_b + (1 − T) U_w), just U_sq when Q = 1.
#[inline]
fn status_quo(p: &Params, e: f64, r: f64, u_sq: f64) -> f64 {
    if p.q == 1.0 {
        u_sq
    } else {
        let u_b = 2.0 - 4.0 * power(0.5 - 0.25 * e, r);
        let u_w = 2.0 - 4.0 * power(0.5 + 0.25 * e, r);
        p.q * u_sq + (1.0 - p.q) * (p.t * u_b + (1.0 - p.t) * u_w)
    }
}

/// s_j (P_ij U_s + (1 − P_ij) U_f) + (1 − s_j) U_s − the status-quo term.
#[inline]
fn eu_from(s_j: f64, p_ij: f64, u_s: f64, u_f: f64, status_quo: f64) -> f64 {
    eu_at(s_j, gamble(p_ij, u_s, u_f), u_s, status_quo)
}

/// P_ij U_s + (1 − P_ij) U_f: the part of EU that does not depend on the target's
/// salience, so a round computes it once per challenger and position.
#[inline]
fn gamble(p_ij: f64, u_s: f64, u_f: f64) -> f64 {
    p_ij * u_s + (1.0 - p_ij) * u_f
}

/// EU from the gamble: the same operations in the same order as [`eu_from`] (Rust does
/// not fuse or reorder floating-point operations), so the same bits.
#[inline]
fn eu_at(s_j: f64, gamble: f64, u_s: f64, status_quo: f64) -> f64 {
    s_j * gamble + (1.0 - s_j) * u_s - status_quo
}

/// Risk exponents from dangers: R_i = (2 danger_i − max − min) / (max − min),
/// r_i = (1 − R_i/3) / (1 + R_i/3). Equal dangers give r = 1. R is clamped to [−1, 1]
/// and r to [½, 2], so rounding cannot step outside the model's range.
pub fn risk_exponents(danger: &[f64], out: &mut [f64]) {
    let hi = danger.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let lo = danger.iter().copied().fold(f64::INFINITY, f64::min);
    for (r, &d) in out.iter_mut().zip(danger) {
        *r = if hi > lo {
            let big_r = ((2.0 * d - hi - lo) / (hi - lo)).clamp(-1.0, 1.0);
            ((1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)).clamp(0.5, 2.0)
        } else {
            1.0
        };
    }
}

/// The target's answer to an offer worth `offer` > 0 to its sender, when challenging
/// the sender is worth `reply` to the target; returns the outcome and the target's
/// new position.
fn respond(offer: f64, reply: f64, sender_x: f64, target_x: f64) -> (Outcome, f64) {
    if reply > 0.0 {
        if reply < offer {
            (Outcome::Confrontation, sender_x)
        } else {
            (Outcome::Resisted, target_x)
        }
    } else if reply < 0.0 {
        if -reply < offer {
            let to = target_x + (sender_x - target_x) * (reply / offer).abs();
            (Outcome::Compromise, to)
        } else {
            (Outcome::Capitulation, sender_x)
        }
    } else {
        (Outcome::Resisted, target_x)
    }
}

/// Play up to `p.rounds` rounds from the loaded positions, calling `observe` after each
/// round (with the workspace holding that round's start positions, risk exponents and
/// events, and the new positions), and return the prediction from the final positions.
/// Does not allocate.
pub fn run(
    ws: &mut Workspace,
    p: &Params,
    mut observe: impl FnMut(&Workspace, &Round),
) -> Prediction {
    let tol = p.tolerance * (ws.high - ws.low);
    let mut played = 0;
    let mut settled = false;
    while played < p.rounds {
        let r = round(ws, p);
        played += 1;
        observe(ws, &r);
        if r.moved <= tol {
            settled = true;
            break;
        }
    }
    Prediction {
        mean: weighted_mean(&ws.position, &ws.weight),
        median: median_voter(&ws.position, &ws.weight),
        rounds: played,
        settled,
    }
}

/// Play the model on `issue` and record every round (allocates; for `--trace`, the
/// JSON and charts).
pub fn trace(issue: &Issue<'_>, p: &Params) -> Trace {
    let mut ws = Workspace::default();
    ws.load(issue);
    record(&mut ws, p)
}

/// The expected-utility talks protocol, in one round of talks: the model runs on every
/// issue from the actors' ideal points, with this run's capabilities, positions and
/// saliences (as written, some maybe drawn per run); the weighted means of the final positions (the nearest allowed value on
/// an indivisible issue) become the terms, which every party accepts (the model's
/// prediction is the agreement). With a tracer, each round
/// of each issue is recorded.
pub(crate) fn talks_round<T: Tracer>(r: &TalksRound, st: &mut TalksState, tr: &mut T) -> TalksStep {
    let model = r.model;
    for j in 0..model.m {
        load_issue(&mut st.positions, model, r.params, j);
        let mut round = 0;
        let prediction = run(&mut st.positions, &model.positions, |ws, rd| {
            round += 1;
            emit!(
                tr,
                r.t,
                StoryEvent::Positions {
                    issue: j,
                    round,
                    positions: ws.start.clone(),
                    risk: ws.risk.clone(),
                    mean: rd.mean,
                    median: rd.median,
                    challenges: ws.events.clone(),
                }
            );
        });
        emit!(
            tr,
            r.t,
            StoryEvent::Prediction {
                issue: j,
                prediction,
            }
        );
        st.offer[j] = prediction.mean;
    }
    agreed_terms(model, &mut st.offer);
    TalksStep::Agreed
}

/// Turn the predictions (one weighted mean per issue) into the terms the talks agree:
/// each inside its issue (rounding can put a mean of equal positions an ulp outside),
/// and on an indivisible issue the allowed value nearest to it.
pub fn agreed_terms(model: &Model, x: &mut [f64]) {
    for (j, xj) in x.iter_mut().enumerate() {
        *xj = xj.clamp(model.low[j], model.low[j] + model.width[j]);
    }
    super::alternating::snap(model, x);
}

/// Load issue `j` of `model` with one run's capabilities, positions and saliences.
fn load_issue(ws: &mut Workspace, model: &Model, params: &RunParams, j: usize) {
    let (low, m) = (model.low[j], model.m);
    ws.load_with(low, low + model.width[j], model.n, |i| {
        (
            params.actors[i].capability,
            params.position[i * m + j],
            params.salience[i * m + j],
        )
    });
}

/// The model's play on every issue with one run's parameters (for example
/// [`crate::engine::run_params`]), recorded round by round: what the protocol plays
/// when that run's talks open. Allocates (for the JSON and charts).
pub fn play(model: &Model, params: &RunParams) -> Vec<Trace> {
    let mut ws = Workspace::with_actors(model.n);
    (0..model.m)
        .map(|j| {
            load_issue(&mut ws, model, params, j);
            record(&mut ws, &model.positions)
        })
        .collect()
}

/// Run the loaded workspace and record every round.
fn record(ws: &mut Workspace, p: &Params) -> Trace {
    let mut rounds = Vec::new();
    let prediction = run(ws, p, |ws, r| {
        rounds.push(RoundRecord {
            round: rounds.len() as u32 + 1,
            positions: ws.start.clone(),
            mean: r.mean,
            median: r.median,
            risk: ws.risk.clone(),
            events: ws.events.clone(),
        })
    });
    Trace {
        rounds,
        positions: ws.position.clone(),
        prediction,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_actor_and_no_actors_play_quietly() {
        let p = Params::default();
        let t = trace(
            &Issue {
                low: 0.0,
                high: 1.0,
                capability: &[1.0],
                position: &[0.3],
                salience: &[0.5],
            },
            &p,
        );
        assert_eq!(t.positions, vec![0.3]);
        assert_eq!(t.prediction.mean, 0.3);
        assert!(t.prediction.settled);
        let none = trace(
            &Issue {
                low: 0.0,
                high: 1.0,
                capability: &[],
                position: &[],
                salience: &[],
            },
            &p,
        );
        assert!(none.rounds[0].events.is_empty());
    }

    #[test]
    fn responses_follow_the_signs_and_sizes() {
        assert_eq!(respond(1.0, 0.5, 9.0, 3.0), (Outcome::Confrontation, 9.0));
        assert_eq!(respond(1.0, 1.5, 9.0, 3.0), (Outcome::Resisted, 3.0));
        assert_eq!(respond(1.0, -0.25, 9.0, 3.0), (Outcome::Compromise, 4.5));
        assert_eq!(respond(1.0, -2.0, 9.0, 3.0), (Outcome::Capitulation, 9.0));
        assert_eq!(respond(1.0, 0.0, 9.0, 3.0), (Outcome::Resisted, 3.0));
    }

    #[test]
    fn equal_dangers_leave_everyone_risk_neutral() {
        let mut r = [0.0; 3];
        risk_exponents(&[2.0, 2.0, 2.0], &mut r);
        assert_eq!(r, [1.0; 3]);
        risk_exponents(&[-1.0, 0.0, 1.0], &mut r);
        for (got, want) in r.iter().zip([2.0, 1.0, 0.5]) {
            assert!((got - want).abs() < 1e-15, "{r:?}");
        }
    }
}
