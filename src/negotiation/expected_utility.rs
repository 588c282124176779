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
//! O(n²): actors are grouped by position (sorted), the numerators of the win
//! probabilities are differences of the groups' total weighted distances L and the
//! denominators come from prefix sums over the sorted positions with a pointer at the
//! midpoint of each pair (O(1) amortised per pair of positions, instead of a sum over
//! all actors); what depends only on positions is computed once per pair of positions,
//! the powers of the utilities once per challenger and distinct position, and per pair
//! of actors only a few multiplications and additions remain. These shortcuts compute
//! the same operations in the same order as the formulas pair by pair, so they change
//! no bit of the result (tested).

use super::{Round as TalksRound, TalksState, TalksStep};
use crate::emit;
use crate::model::{Model, RunParams};
use crate::story::{Event as StoryEvent, Tracer};
use serde::{Deserialize, Serialize};

/// The model's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Q: the probability that the status quo holds when i does not challenge j, in [0, 1].
    pub q: f64,
    /// T: the probability that, if the status quo does not hold, things get better for i
    /// (the prediction moves towards it), in [0, 1].
    pub t: f64,
    /// The most rounds to play.
    pub rounds: u32,
    /// Stop early after a round in which no position moved by more than
    /// `tolerance × (high − low)`. With 0 the model stops once nothing moves at all
    /// (a round without moves repeats for ever).
    pub tolerance: f64,
}

impl Default for Params {
    /// Q = T = 1 (as in the EC example), 10 rounds, stop once nothing moves.
    fn default() -> Self {
        Params {
            q: 1.0,
            t: 1.0,
            rounds: 10,
            tolerance: 0.0,
        }
    }
}

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

/// What a target did with the best offer it received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Both expected to gain from a challenge, the target less: it lost the
    /// confrontation and moved to the sender's position.
    Confrontation,
    /// The target expected to lose less from challenging the sender than the sender
    /// expected to gain: it moved part of the way, by the ratio of the two.
    Compromise,
    /// The target expected to lose more than the sender expected to gain: it moved to
    /// the sender's position.
    Capitulation,
    /// The target expected at least as much from challenging the sender (or exactly
    /// nothing): it stayed.
    Resisted,
}

impl Outcome {
    /// The outcome's name as written in traces and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Confrontation => "confrontation",
            Outcome::Compromise => "compromise",
            Outcome::Capitulation => "capitulation",
            Outcome::Resisted => "resisted",
        }
    }
}

/// One offer taken up in a round: `sender` challenged `target`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Index of the actor that sent the offer.
    pub sender: usize,
    /// Index of the actor that received it.
    pub target: usize,
    /// What the sender expected from challenging: EU_sender(target) > 0.
    pub offer: f64,
    /// What the target expected from challenging the sender: EU_target(sender).
    pub reply: f64,
    pub outcome: Outcome,
    /// The target's position before and after.
    pub from: f64,
    pub to: f64,
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
}

/// The distinct positions at the start of a round (sorted), each actor's group, and
/// what the round computes once per position or pair of positions instead of once per
/// actor or pair of actors: the O(n²) round (see [`win_probabilities`] for the O(n³)
/// formula it replaces).
///
/// Per-actor tables are stored position-major, `t[g * n + i]` (actor i towards
/// position g), so that the loops over actors read them in order.
#[derive(Debug, Clone, Default, PartialEq)]
struct Groups {
    /// Actor indices sorted by position (then index); kept from round to round.
    order: Vec<usize>,
    /// `of[i]`: the group (index into `at`) of actor i.
    of: Vec<usize>,
    /// The distinct positions, ascending.
    at: Vec<f64>,
    /// The first actor (lowest index) at each position: ties of the median voter.
    first: Vec<usize>,
    /// Where each group's actors start in `order` (D + 1 entries).
    begin: Vec<usize>,
    /// Prefix sums over the groups of Σ w and Σ w·(x − low): `cw[g]` covers groups
    /// before g (g + 1 entries).
    cw: Vec<f64>,
    cs: Vec<f64>,
    /// L(x_g) = Σ_k w_k |x_k − x_g|, summed in actor order.
    dist: Vec<f64>,
    /// P(an actor at g beats one at h) at `prob[g * D + h]`.
    prob: Vec<f64>,
    /// For a pair of groups a < b, the group a' < a with x_a − x_a' = x_b − x_a
    /// exactly, or [`NONE`]: a challenger at a has the same utilities towards both.
    mirror: Vec<usize>,
    /// First pass (r = 1), per pair of positions at `[h * D + g]` for a challenger at
    /// g and a target at h (target-major, the order the first pass reads them): the
    /// challenger's P, U_s, U_f and the status-quo term.
    first_p: Vec<f64>,
    first_s: Vec<f64>,
    first_f: Vec<f64>,
    first_q: Vec<f64>,
    /// First pass: `term[i * D + g]`, what one actor at g expects from challenging i.
    term: Vec<f64>,
    /// ln(½ − ½δ) and ln(½ + ½δ) of each pair of positions (symmetric): the second
    /// pass raises them to each challenger's r as exp(r·ln b).
    ln_near: Vec<f64>,
    ln_far: Vec<f64>,
    /// Second pass, actor i challenging an actor at g, at `[g * n + i]`: the gamble
    /// P U_s + (1 − P) U_f, U_s and the status-quo term; all 0 at i's own position.
    /// EU_i(j) = s_j·gamble + (1 − s_j)·U_s − status quo ([`eu_at`]).
    gamble: Vec<f64>,
    u_s: Vec<f64>,
    u_q: Vec<f64>,
    /// One challenger's U_s, U_f and status-quo term towards each position.
    row_s: Vec<f64>,
    row_f: Vec<f64>,
    row_q: Vec<f64>,
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

/// The model's forecast after [`run`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// Weighted mean of the final positions: the model's predicted outcome.
    pub mean: f64,
    /// Median voter of the final positions.
    pub median: f64,
    /// Rounds played.
    pub rounds: u32,
    /// Whether the positions settled (within the tolerance) before the round limit.
    pub settled: bool,
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
        let g = &mut self.groups;
        for v in [&mut g.order, &mut g.of, &mut g.first, &mut g.begin] {
            v.reserve((n + 1).saturating_sub(v.len()));
        }
        for v in [
            &mut g.at,
            &mut g.cw,
            &mut g.cs,
            &mut g.dist,
            &mut g.row_s,
            &mut g.row_f,
            &mut g.row_q,
        ] {
            v.reserve((n + 1).saturating_sub(v.len()));
        }
        for v in [
            &mut g.prob,
            &mut g.first_p,
            &mut g.first_s,
            &mut g.first_f,
            &mut g.first_q,
            &mut g.term,
            &mut g.ln_near,
            &mut g.ln_far,
            &mut g.gamble,
            &mut g.u_s,
            &mut g.u_q,
        ] {
            v.reserve((n * n).saturating_sub(v.len()));
        }
        g.mirror.reserve((n * n).saturating_sub(g.mirror.len()));
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
    }

    /// P_ij, the probability that i beats j, at the start of the last round (0 before
    /// any round).
    pub fn prob(&self, i: usize, j: usize) -> f64 {
        let g = &self.groups;
        g.prob
            .get(g.of[i] * g.at.len() + g.of[j])
            .copied()
            .unwrap_or(0.0)
    }

    /// EU_i(challenge j) in the last round's second pass; 0 for i = j, between actors
    /// at the same position (no offer is made there) and before any round.
    pub fn eu(&self, i: usize, j: usize) -> f64 {
        let g = &self.groups;
        let n = self.n();
        let k = g.of[j] * n + i;
        match (g.gamble.get(k), g.u_s.get(k), g.u_q.get(k)) {
            (Some(&gamble), Some(&u_s), Some(&u_q)) => eu_at(self.salience[j], gamble, u_s, u_q),
            _ => 0.0,
        }
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

/// b^r, exact for r = 1 (the first pass) without calling `powf`.
#[inline]
fn power(b: f64, r: f64) -> f64 {
    if r == 1.0 { b } else { b.powf(r) }
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

/// No group: [`Groups::mirror`] of a pair without a group at the same distance on the
/// other side.
const NONE: usize = usize::MAX;

impl Groups {
    /// Forget the last round (a new issue of `n` actors is loaded): every P and EU
    /// reads 0. The sort order is kept (any permutation of 0..n is a valid start).
    fn clear(&mut self, n: usize) {
        self.of.clear();
        self.of.resize(n, 0);
        self.at.clear();
        for v in [
            &mut self.prob,
            &mut self.gamble,
            &mut self.u_s,
            &mut self.u_q,
        ] {
            v.clear();
        }
    }

    /// Group the positions `x` (weights `w`) of an issue starting at `low` with range
    /// `d`, and compute per group L(x_g) and the prefix sums, and per pair of groups the
    /// win probability. O(n + moves + n·D + D²) for D distinct positions.
    fn build(&mut self, x: &[f64], w: &[f64], low: f64, d: f64) {
        let n = x.len();
        // Sorted by (position, index), a total order, so the result does not depend
        // on where the sort starts. Positions move little from one round to the next,
        // so last round's order is almost sorted and an insertion sort costs O(n) plus
        // one step per pair of actors that swapped places (a new issue size starts
        // from 0..n; an issue of the same size from the previous issue's order).
        if self.order.len() != n {
            self.order.clear();
            self.order.extend(0..n);
        }
        let after = |a: usize, b: usize| x[a].total_cmp(&x[b]).then(a.cmp(&b)).is_gt();
        for k in 1..n {
            let i = self.order[k];
            let mut m = k;
            while m > 0 && after(self.order[m - 1], i) {
                self.order[m] = self.order[m - 1];
                m -= 1;
            }
            self.order[m] = i;
        }
        self.of.clear();
        self.of.resize(n, 0);
        self.at.clear();
        self.first.clear();
        self.begin.clear();
        self.cw.clear();
        self.cs.clear();
        self.cw.push(0.0);
        self.cs.push(0.0);
        for (k, &i) in self.order.iter().enumerate() {
            if self.at.last() != Some(&x[i]) {
                self.at.push(x[i]);
                self.first.push(i);
                self.begin.push(k);
                self.cw.push(self.cw[self.cw.len() - 1]);
                self.cs.push(self.cs[self.cs.len() - 1]);
            }
            self.of[i] = self.at.len() - 1;
            let g = self.at.len();
            self.cw[g] += w[i];
            self.cs[g] += w[i] * (x[i] - low);
        }
        self.begin.push(n);
        let groups = self.at.len();
        // L in actor order, as `median_voter` sums it (the same bits); actors in the
        // outer loop so that the D sums advance side by side.
        self.dist.clear();
        self.dist.resize(groups, 0.0);
        for (xk, wk) in x.iter().zip(w) {
            for (l, xg) in self.dist.iter_mut().zip(&self.at) {
                *l += wk * (xk - xg).abs();
            }
        }
        self.prob.clear();
        self.prob.resize(groups * groups, 0.0);
        // Below this the separating weight is rounding noise: no weight separates them.
        let total = self.cw[groups];
        let noise = 1e-12 * d * total;
        for a in 0..groups {
            let ya = self.at[a] - low;
            let mut c = a + 1;
            for b in a + 1..groups {
                let yb = self.at[b] - low;
                // Σ_k w_k ||x_k − x_b| − |x_k − x_a|| = Σ_k w_k min(x_b − x_a, 2|x_k − m|),
                // m = (x_a + x_b)/2: x_b − x_a outside [x_a, x_b], 2|x_k − m| inside.
                let m2 = ya + yb;
                while c < b && 2.0 * (self.at[c] - low) < m2 {
                    c += 1;
                }
                let (cw, cs) = (&self.cw, &self.cs);
                let outside = cw[a + 1] + (total - cw[b]);
                let left = (m2 * (cw[c] - cw[a + 1]) - 2.0 * (cs[c] - cs[a + 1])).max(0.0);
                let right = (2.0 * (cs[b] - cs[c]) - m2 * (cw[b] - cw[c])).max(0.0);
                let den = (yb - ya) * outside + left + right;
                if den > noise {
                    // Σ_k w_k (|x_k − x_b| − |x_k − x_a|) = L(x_b) − L(x_a), exactly
                    // antisymmetric, so at most one direction is positive.
                    let num = self.dist[b] - self.dist[a];
                    self.prob[a * groups + b] = (num.max(0.0) / den).min(1.0);
                    self.prob[b * groups + a] = ((-num).max(0.0) / den).min(1.0);
                }
            }
        }
        // Mirrors: for a < b, the group a' < a with x_a − x_a' = x_b − x_a exactly (the
        // distances on each side of a grow as the groups move away from it, so one
        // pointer walks left while b walks right).
        self.mirror.clear();
        self.mirror.resize(groups * groups, NONE);
        for a in 0..groups {
            let xa = self.at[a];
            let mut c = a;
            for b in a + 1..groups {
                let db = self.at[b] - xa;
                while c > 0 && xa - self.at[c - 1] < db {
                    c -= 1;
                }
                if c > 0 && xa - self.at[c - 1] == db {
                    self.mirror[a * groups + b] = c - 1;
                }
            }
        }
    }

    /// The median voter: the position with the least L, ties to the first actor (as
    /// [`median_voter`] chooses).
    fn median(&self) -> f64 {
        let mut best: Option<usize> = None;
        for g in 0..self.at.len() {
            best = match best {
                Some(b)
                    if self.dist[g] > self.dist[b]
                        || (self.dist[g] == self.dist[b] && self.first[g] > self.first[b]) =>
                {
                    Some(b)
                }
                _ => Some(g),
            };
        }
        best.map_or(f64::NAN, |b| self.at[b])
    }

    /// First pass (r = 1, μ = the median voter): what an actor at g expects from
    /// challenging one at h depends on nothing else, so U_s, U_f and the status-quo
    /// term are computed once per pair of positions (divisions included).
    fn first_pass_utilities(&mut self, p: &Params, median: f64, d: f64) {
        let groups = self.at.len();
        for v in [
            &mut self.first_p,
            &mut self.first_s,
            &mut self.first_f,
            &mut self.first_q,
        ] {
            v.resize(groups * groups, 0.0); // (every entry is written below)
        }
        for (g, &xg) in self.at.iter().enumerate() {
            for (h, &xh) in self.at.iter().enumerate() {
                // As `challenge` computes them with r = 1 (where b^r = b).
                let dgh = (xg - xh).abs();
                let delta = dgh / d;
                let e = ((xg - median).abs() + dgh) / d;
                let k = h * groups + g;
                self.first_p[k] = self.prob[g * groups + h];
                self.first_s[k] = 2.0 - 4.0 * (0.5 - 0.5 * delta);
                self.first_f[k] = 2.0 - 4.0 * (0.5 + 0.5 * delta);
                self.first_q[k] = status_quo(p, e, 1.0, 0.0);
            }
        }
    }

    /// The logarithms of the second pass's bases, once per pair of positions; a pair
    /// with a mirror takes the mirror's (the same δ).
    fn logarithms(&mut self, d: f64) {
        let groups = self.at.len();
        for v in [&mut self.ln_near, &mut self.ln_far] {
            v.clear();
            v.resize(groups * groups, 0.0);
        }
        for a in 0..groups {
            for b in a + 1..groups {
                let twin = self.mirror[a * groups + b];
                let (near, far) = if twin != NONE {
                    let k = twin * groups + a;
                    (self.ln_near[k], self.ln_far[k])
                } else {
                    let delta = (self.at[a] - self.at[b]).abs() / d;
                    ((0.5 - 0.5 * delta).ln(), (0.5 + 0.5 * delta).ln())
                };
                for k in [a * groups + b, b * groups + a] {
                    self.ln_near[k] = near;
                    self.ln_far[k] = far;
                }
            }
        }
    }
}

/// Play one round from the current positions; the offers taken up are left in
/// `ws.events`. Does not allocate.
///
/// O(n²), and O(n·D) calls of `exp` for D distinct positions. The win probabilities
/// come from per-position sums (see [`Groups::build`]) instead of a sum over all actors
/// per pair; they agree with [`win_probabilities`] to rounding (relative to the issue's
/// total weighted range). Everything else is what the formulas of
/// [`expected_utility`] give pair by pair, computed by the same operations in the same
/// order, so none of the following shortcuts changes a bit of the result:
/// - what depends only on two positions (distances, divisions, logarithms, the first
///   pass's utilities) is computed once per pair of positions;
/// - what depends on a challenger and a position (the powers b^r, the status-quo term,
///   P U_s + (1 − P) U_f) once per challenger and position, and once for all
///   challengers at one position with the same r (whose rows are equal), and once for
///   two positions at the same distance on either side of the challenger;
/// - per pair of actors only a few multiplications and additions remain, in loops over
///   contiguous tables.
pub fn round(ws: &mut Workspace, p: &Params) -> Round {
    let Workspace {
        low,
        high,
        salience,
        weight,
        position,
        start,
        danger,
        risk,
        events,
        groups: gr,
    } = ws;
    let n = position.len();
    let d = *high - *low;
    start.copy_from_slice(position);
    let x = &start[..];
    let mean = weighted_mean(x, weight);
    gr.build(x, weight, *low, d);
    let median = gr.median();
    gr.first_pass_utilities(p, median, d);
    gr.logarithms(d);
    // The tables as local slices: the loops below then keep their addresses and
    // lengths in registers instead of reloading them through `gr` at every step.
    let groups = gr.at.len();
    let Groups {
        order,
        of,
        at,
        begin,
        prob,
        mirror,
        first_p,
        first_s,
        first_f,
        first_q,
        term,
        ln_near,
        ln_far,
        gamble: gamble_t,
        u_s: u_s_t,
        u_q: u_q_t,
        row_s,
        row_f,
        row_q,
        ..
    } = gr;
    let (s, of, at, begin, order) = (&salience[..], &of[..], &at[..], &begin[..], &order[..]);
    let (prob, mirror) = (&prob[..], &mirror[..]);

    // First pass: r = 1 for everyone, μ = the median voter. danger_i sums what the
    // others expect from challenging i, over j ≠ i in actor order (the order of the
    // sum as written, so the same bits); what j expects depends on j only through its
    // position, so it is computed once per position (`term[i * D + g]`, for one
    // challenger at g) and the sum picks from i's row.
    term.resize(n * groups, 0.0);
    let rows = groups.max(1); // (chunks_exact panics on 0; the table is then empty)
    for ((row, &a), &s_i) in term.chunks_exact_mut(rows).zip(of).zip(s) {
        let k = a * groups..(a + 1) * groups;
        let towards_a = first_p[k.clone()]
            .iter()
            .zip(&first_s[k.clone()])
            .zip(&first_f[k.clone()])
            .zip(&first_q[k]);
        for (t, (((&p_ba, &u_s), &u_f), &u_q)) in row.iter_mut().zip(towards_a) {
            *t = eu_from(s_i, p_ba, u_s, u_f, u_q);
        }
    }
    for (i, (row, sum)) in term.chunks_exact(rows).zip(danger.iter_mut()).enumerate() {
        let mut total = 0.0;
        for &b in &of[..i] {
            total += row[b];
        }
        for &b in &of[i + 1..] {
            total += row[b];
        }
        *sum = total;
    }
    risk_exponents(danger, risk);

    // Second pass: the new r, μ = the weighted mean. Each challenger's row (its U_s,
    // gamble and status-quo term towards every position) goes into the tables
    // position-major, so that the offers to one target read them in order.
    for v in [&mut *gamble_t, &mut *u_s_t, &mut *u_q_t] {
        v.resize(groups * n, 0.0);
    }
    for v in [&mut *row_s, &mut *row_f, &mut *row_q] {
        v.resize(groups, 0.0);
    }
    for i in 0..n {
        let (r, a) = (risk[i], of[i]);
        // An earlier actor at the same position with the same r has the same row.
        let twin = order[begin[a]..begin[a + 1]]
            .iter()
            .take_while(|&&m| m < i)
            .find(|&&m| risk[m] == r);
        if let Some(&m) = twin {
            for t in [&mut *gamble_t, &mut *u_s_t, &mut *u_q_t] {
                for b in 0..groups {
                    t[b * n + i] = t[b * n + m];
                }
            }
            continue;
        }
        let u_sq = 2.0 - 4.0 * power(0.5, r);
        let to_mean = (x[i] - mean).abs();
        let k = a * groups..(a + 1) * groups;
        let (p_a, mirror_a) = (&prob[k.clone()], &mirror[k.clone()]);
        let (near_a, far_a) = (&ln_near[k.clone()], &ln_far[k]);
        for b in 0..groups {
            let to = b * n + i;
            if b == a {
                // No offers within a position: EU_i(j) reads 0.
                (gamble_t[to], u_s_t[to], u_q_t[to]) = (0.0, 0.0, 0.0);
                continue;
            }
            // A position at the same distance on i's other side, done just before.
            let twin = mirror_a[b];
            if twin != NONE {
                row_s[b] = row_s[twin];
                row_f[b] = row_f[twin];
                row_q[b] = row_q[twin];
            } else {
                let dij = (at[a] - at[b]).abs();
                (row_s[b], row_f[b]) = if r == 1.0 {
                    let delta = dij / d;
                    (
                        2.0 - 4.0 * (0.5 - 0.5 * delta),
                        2.0 - 4.0 * (0.5 + 0.5 * delta),
                    )
                } else {
                    (
                        2.0 - 4.0 * (r * near_a[b]).exp(),
                        2.0 - 4.0 * (r * far_a[b]).exp(),
                    )
                };
                row_q[b] = status_quo(p, (to_mean + dij) / d, r, u_sq);
            }
            gamble_t[to] = gamble(p_a[b], row_s[b], row_f[b]);
            u_s_t[to] = row_s[b];
            u_q_t[to] = row_q[b];
        }
    }

    events.clear();
    let mut moved: f64 = 0.0;
    for j in 0..n {
        let b = of[j];
        let k = b * n..(b + 1) * n;
        let offers = (s[j], &gamble_t[k.clone()], &u_s_t[k.clone()], &u_q_t[k]);
        let Some((i, offer)) = best_offer(x, j, offers) else {
            continue;
        };
        let k = of[i] * n + j;
        let reply = eu_at(s[i], gamble_t[k], u_s_t[k], u_q_t[k]);
        let (outcome, to) = respond(offer, reply, x[i], x[j]);
        position[j] = to;
        moved = moved.max((to - x[j]).abs());
        events.push(Event {
            sender: i,
            target: j,
            offer,
            reply,
            outcome,
            from: x[j],
            to,
        });
    }
    Round {
        mean,
        median,
        moved,
    }
}

/// The sender of j's best offer and its value: the highest EU_i(j) > 0 among actors at
/// another position; ties to the closest position, then to the first actor. `offers`
/// is (s_j, then the column of j's position in the gamble, U_s and status-quo tables):
/// every actor's offer to j is computed here, in the same loop that picks the best
/// (the offers from j's own position are 0).
fn best_offer(x: &[f64], j: usize, offers: (f64, &[f64], &[f64], &[f64])) -> Option<(usize, f64)> {
    let (s_j, gamble, u_s, u_q) = offers;
    let xj = x[j];
    let (mut best, mut best_eu, mut best_dist) = (NONE, 0.0, 0.0);
    let actors = x.iter().zip(gamble).zip(u_s).zip(u_q);
    for (i, (((&xi, &g), &u_s), &u_q)) in actors.enumerate() {
        let v = eu_at(s_j, g, u_s, u_q);
        // The first positive offer beats best_eu = 0; NaN never does. (Most offers
        // fail the first test, which is all they cost.)
        if v >= best_eu && (v > best_eu || (best != NONE && (xi - xj).abs() < best_dist)) {
            (best, best_eu, best_dist) = (i, v, (xi - xj).abs());
        }
    }
    (best != NONE).then_some((best, best_eu))
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
        let low = model.low[j];
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
        // Rounding can put a mean of equal positions an ulp outside the issue.
        st.offer[j] = prediction.mean.clamp(low, low + model.width[j]);
    }
    // An indivisible issue takes the allowed value nearest the prediction.
    super::alternating::snap(model, &mut st.offer);
    TalksStep::Agreed
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
