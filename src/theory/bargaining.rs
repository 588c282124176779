//! Closed forms of bargaining theory (docs/theory.md §1, §2, §4): alternating offers
//! (Rubinstein, Ståhl's finite deadline, Binmore–Rubinstein–Wolinsky breakdown risk),
//! the axiomatic Nash and Kalai–Smorodinsky solutions (closed form on the linear
//! frontier, numeric on any decreasing concave one), Zeuthen's concession rule and
//! Fearon's bargaining range.

use serde::{Deserialize, Serialize};

/// Rubinstein's SPE share of the first proposer (docs/theory.md §1a):
/// x1* = (1 − δ2)/(1 − δ1δ2).
///
/// Meant for δ1, δ2 ∈ [0, 1) (then x1* ∈ (0, 1]). With δ1 = δ2 = 1 there is no
/// impatience and no unique SPE: returns NaN.
pub fn rubinstein_split(d1: f64, d2: f64) -> f64 {
    let den = 1.0 - d1 * d2;
    if den == 0.0 {
        return f64::NAN;
    }
    (1.0 - d2) / den
}

/// P1's SPE share with a deadline of `deadline_t` rounds (docs/theory.md §1b), by backward
/// induction on V_t, the round-t proposer's share in round-t units:
/// V_T = 1 − d_resp(T), V_t = 1 − δ_resp(t)·V_{t+1}; x1 = V_1. P1 proposes in odd
/// rounds; `disagreement` = (d1, d2) is paid at round T if the last offer is rejected.
///
/// `deadline_t = 0` (no round at all) returns d1. The result is the immediate round-1
/// agreement; it assumes d1 + d2 ≤ 1 (otherwise no agreement is individually rational
/// and the recursion's value is not meaningful).
pub fn stahl_split(d1: f64, d2: f64, deadline_t: u32, disagreement: (f64, f64)) -> f64 {
    if deadline_t == 0 {
        return disagreement.0;
    }
    // Responder of round t: P2 in odd rounds, P1 in even rounds.
    let resp = |t: u32| {
        if t % 2 == 1 {
            (d2, disagreement.1)
        } else {
            (d1, disagreement.0)
        }
    };
    let mut v = 1.0 - resp(deadline_t).1;
    for t in (1..deadline_t).rev() {
        v = 1.0 - resp(t).0 * v;
    }
    v
}

/// P1's stationary SPE share when P1 proposes, with breakdown risk `p` after each
/// rejection paying (b1, b2), and discounting (docs/theory.md §1c):
/// x1* = [1 − δ2(1 − p) − δ2·p·b2 + δ1δ2·p(1 − p)·b1] / [1 − δ1δ2(1 − p)²].
///
/// p = 0 gives Rubinstein; δ1 = δ2 = 1 gives (1 + (1 − p)b1 − b2)/(2 − p). NaN when the
/// denominator is 0 (δ1δ2(1 − p)² = 1: no impatience and no risk).
pub fn brw_split(d1: f64, d2: f64, p: f64, b1: f64, b2: f64) -> f64 {
    let q = 1.0 - p;
    let den = 1.0 - d1 * d2 * q * q;
    if den == 0.0 {
        return f64::NAN;
    }
    (1.0 - d2 * q - d2 * p * b2 + d1 * d2 * p * q * b1) / den
}

/// Generalised Nash bargaining solution on the linear frontier u1 + u2 = 1
/// (docs/theory.md §2a): u1 = d1 + α(1 − d1 − d2), u2 = 1 − u1. α is clamped to [0, 1].
pub fn nash_bargaining_linear(d1: f64, d2: f64, alpha: f64) -> (f64, f64) {
    let alpha = alpha.clamp(0.0, 1.0);
    let u1 = d1 + alpha * (1.0 - d1 - d2);
    (u1, 1.0 - u1)
}

/// Bisection for the largest u1 in [lo, hi] with g(u1) ≥ level, for g decreasing and
/// g(lo) ≥ level.
fn last_at_least(g: &impl Fn(f64) -> f64, level: f64, lo: f64, hi: f64) -> f64 {
    if g(hi) >= level {
        return hi;
    }
    let (mut a, mut b) = (lo, hi);
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if m <= a || m >= b {
            break;
        }
        if g(m) >= level { a = m } else { b = m }
    }
    a
}

/// The individually rational part of the frontier: (I1, I2) utopia values, or None
/// when no point strictly improves on d for player 1.
fn utopia(frontier: &impl Fn(f64) -> f64, u1_max: f64, d: (f64, f64)) -> Option<(f64, f64)> {
    let improvable = u1_max > d.0 && frontier(d.0) >= d.1;
    if !improvable {
        return None;
    }
    let i1 = last_at_least(frontier, d.1, d.0, u1_max);
    let i2 = frontier(d.0);
    (i1 > d.0 && i2 > d.1).then_some((i1, i2))
}

/// Generalised Nash bargaining solution on the frontier u2 = g(u1), u1 ∈ [·, u1_max],
/// g decreasing and concave (docs/theory.md §2a): maximises
/// α ln(u1 − d1) + (1 − α) ln(g(u1) − d2) by golden-section search over the
/// individually rational range (the objective is concave there). Accuracy ≈ 10⁻⁸ in
/// u1 (golden section locates a smooth maximum to ~√ε); kinked frontiers are fine.
///
/// Returns (u1, g(u1)). α is clamped to [0, 1] (α = 0: u1 = d1; α = 1: the largest
/// u1 with g(u1) ≥ d2). If no frontier point gives both players more than d, returns d.
pub fn nash_bargaining(
    frontier: impl Fn(f64) -> f64,
    u1_max: f64,
    d: (f64, f64),
    alpha: f64,
) -> (f64, f64) {
    let Some((i1, _)) = utopia(&frontier, u1_max, d) else {
        return d;
    };
    let alpha = if alpha.is_nan() {
        0.5
    } else {
        alpha.clamp(0.0, 1.0)
    };
    if alpha == 0.0 {
        return (d.0, frontier(d.0));
    }
    if alpha == 1.0 {
        return (i1, frontier(i1));
    }
    let obj = |u1: f64| {
        let g = frontier(u1) - d.1;
        if u1 <= d.0 || g <= 0.0 {
            f64::NEG_INFINITY
        } else {
            alpha * (u1 - d.0).ln() + (1.0 - alpha) * g.ln()
        }
    };
    let u1 = golden_max(obj, d.0, i1);
    (u1, frontier(u1))
}

/// Golden-section search for the maximum of a unimodal function on [a, b].
fn golden_max(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64) -> f64 {
    let r = (5f64.sqrt() - 1.0) / 2.0;
    let mut c = b - r * (b - a);
    let mut e = a + r * (b - a);
    let (mut fc, mut fe) = (f(c), f(e));
    for _ in 0..200 {
        if (b - a) <= 1e-15 * (1.0 + a.abs().max(b.abs())) {
            break;
        }
        if fc >= fe {
            b = e;
            e = c;
            fe = fc;
            c = b - r * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = e;
            fc = fe;
            e = a + r * (b - a);
            fe = f(e);
        }
    }
    0.5 * (a + b)
}

/// Kalai–Smorodinsky solution on the frontier u2 = g(u1), g decreasing (docs/theory.md §2b):
/// the frontier point on the segment from d to the utopia point
/// I = (largest u1 ≤ u1_max with g(u1) ≥ d2, g(d1)), found by bisection on
/// (u1 − d1)/(I1 − d1) − (g(u1) − d2)/(I2 − d2) (increasing in u1). Returns (u1, g(u1));
/// d when no frontier point improves on d for both players.
pub fn kalai_smorodinsky(frontier: impl Fn(f64) -> f64, u1_max: f64, d: (f64, f64)) -> (f64, f64) {
    let Some((i1, i2)) = utopia(&frontier, u1_max, d) else {
        return d;
    };
    let h = |u1: f64| (u1 - d.0) / (i1 - d.0) - (frontier(u1) - d.1) / (i2 - d.1);
    let (mut a, mut b) = (d.0, i1);
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if m <= a || m >= b {
            break;
        }
        if h(m) < 0.0 { a = m } else { b = m }
    }
    let u1 = 0.5 * (a + b);
    (u1, frontier(u1))
}

/// Fearon's bargaining range (docs/theory.md §4): the shares x of A that both sides prefer
/// to war, [p − c_a, p + c_b] ∩ [0, 1]. Returned as (lo, hi) clipped to [0, 1].
pub fn fearon_range(p: f64, c_a: f64, c_b: f64) -> (f64, f64) {
    ((p - c_a).clamp(0.0, 1.0), (p + c_b).clamp(0.0, 1.0))
}

/// The optimum of a take-it-or-leave-it demand against a uniform private war cost
/// (Fearon's risk–return trade-off).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RiskReturn {
    /// The demand x* (A's utility of the terms).
    pub demand: f64,
    /// The probability that B rejects it and goes to war.
    pub p_war: f64,
    /// A's expected flow: P(accept)·treaty(x*) + P(war)·war.
    pub eu: f64,
}

/// A demands x (its utility of the terms); B's utility is 1 − x and B accepts iff
/// its war cost c ≥ t(x) = t0 + k·x, with c ~ U[lo, hi] private. A's treaty flow is
/// `b + s·x`, its war flow `w`. Maximises `P(accept)(b + s x) + (1 − P(accept)) w`
/// over x ∈ [0, 1]; the first-order condition gives
/// `x* = ((hi − t0)·s + k(w − b)) / (2 k s)`, clamped to where P(accept) ∈ [0, 1].
///
/// The case of docs/theory.md §4b (gains 1, full credibility, no-deal 0, B's cost on U[0, c̄]):
/// `t0 = −p`, `k = 1`, `s = 1`, `w = p − c_A` give x* = p + (c̄ − c_A)/2 and
/// P(war) = (x* − p)/c̄ when c̄ > c_A, else x* = p and no war.
pub fn risk_return(t0: f64, k: f64, lo: f64, hi: f64, b: f64, s: f64, w: f64) -> RiskReturn {
    // P(accept) = (hi − t(x))/(hi − lo), clipped to [0, 1].
    let p_acc = |x: f64| ((hi - (t0 + k * x)) / (hi - lo)).clamp(0.0, 1.0);
    let eu = |x: f64| {
        let pa = p_acc(x);
        pa * (b + s * x) + (1.0 - pa) * w
    };
    // Where P(accept) runs from 1 down to 0.
    let x_lo = ((lo - t0) / k).clamp(0.0, 1.0);
    let x_hi = ((hi - t0) / k).clamp(0.0, 1.0);
    let interior = (((hi - t0) * s + k * (w - b)) / (2.0 * k * s)).clamp(x_lo, x_hi);
    // The optimum is the interior point or an end of the sloped stretch (above it
    // P = 0, below it P = 1 and more demand is free).
    let mut best = x_lo;
    for x in [interior, x_hi] {
        if eu(x) > eu(best) {
            best = x;
        }
    }
    RiskReturn {
        demand: best,
        p_war: 1.0 - p_acc(best),
        eu: eu(best),
    }
}

/// The commitment problem of a shifting balance of power (Powell 2006), in flows
/// per round: a stake worth 1 a round, the declining side S proposes once; the
/// rising side R wins a war with probability `p` now and `p2` from `l` rounds
/// after the treaty's first round on; war costs `ws`, `wr` a round; both discount
/// by `delta`. After the shift S keeps terms in force only by giving R its war value,
/// `p2 − wr` a round.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CommitmentProblem {
    /// R's share today that R accepts (the least, at least 0).
    pub offer: f64,
    /// What peace is worth to S, as a constant flow: `(1 − δ^l)(1 − offer) + δ^l (1 − p2 + wr)`.
    pub peace: f64,
    /// What war now is worth to S a round: `1 − p − ws`.
    pub war: f64,
    /// With `l = 1`: Powell's condition in one-time costs c = w/(1 − δ):
    /// `(δp′ − p)/(1 − δ)` against `c_S + δ c_R`.
    pub lhs: f64,
    pub rhs: f64,
    /// Whether S prefers war now (peace fails).
    pub war_now: bool,
}

/// Solve [`CommitmentProblem`]. For `l = 1` and an offer of 0, `war_now` is
/// exactly `(δp′ − p)/(1 − δ) > c_S + δ c_R`.
pub fn commitment_problem(
    p: f64,
    p2: f64,
    delta: f64,
    ws: f64,
    wr: f64,
    l: u32,
) -> CommitmentProblem {
    let dl = delta.powi(l as i32);
    let after = p2 - wr; // R's war line after the shift
    // R accepts today's share x iff (1 − δ^l) x + δ^l (p2 − wr) ≥ p − wr.
    let offer = if dl < 1.0 {
        ((p - wr - dl * after) / (1.0 - dl)).max(0.0)
    } else {
        0.0
    };
    let peace = (1.0 - dl) * (1.0 - offer) + dl * (1.0 - p2 + wr);
    let war = 1.0 - p - ws;
    CommitmentProblem {
        offer,
        peace,
        war,
        lhs: (delta * p2 - p) / (1.0 - delta),
        rhs: (ws + delta * wr) / (1.0 - delta),
        war_now: war > peace,
    }
}

/// A subgame-perfect split with ratifiers (Putnam's two-level game): the
/// responder gets `max(share, r_resp)` when that leaves the proposer at least its
/// own ratifier's `r_prop`; None (impasse) otherwise. Shares are of the stake.
pub fn ratified_split(responder_share: f64, r_resp: f64, r_prop: f64) -> Option<f64> {
    let s = responder_share.max(r_resp);
    (s <= 1.0 && 1.0 - s >= r_prop).then_some(s)
}

/// Who concedes under Zeuthen's rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Concession {
    /// Player 1 has the smaller risk limit.
    Player1,
    /// Player 2 has the smaller risk limit.
    Player2,
    /// Equal risk limits.
    Both,
}

/// Zeuthen's concession rule (docs/theory.md §2c) for proposals x¹ (P1's) and x² (P2's):
/// r1 = (u1(x¹) − u1(x²))/(u1(x¹) − d1), r2 = (u2(x²) − u2(x¹))/(u2(x²) − d2); the
/// player with the smaller risk limit concedes, equal limits ⇒ both.
///
/// Arguments: `u1_x1` = u1(x¹), `u1_x2` = u1(x²), `u2_x1` = u2(x¹), `u2_x2` = u2(x²).
/// A player whose own proposal gives it no more than its disagreement payoff has risk
/// limit 0 (nothing to lose by breakdown); NaN utilities count as risk limit 0.
pub fn zeuthen_concedes(
    u1_x1: f64,
    u1_x2: f64,
    u2_x1: f64,
    u2_x2: f64,
    d1: f64,
    d2: f64,
) -> Concession {
    let risk = |own: f64, other: f64, d: f64| {
        let r = if own > d {
            (own - other) / (own - d)
        } else {
            0.0
        };
        if r.is_nan() { 0.0 } else { r }
    };
    let r1 = risk(u1_x1, u1_x2, d1);
    let r2 = risk(u2_x2, u2_x1, d2);
    if r1 < r2 {
        Concession::Player1
    } else if r2 < r1 {
        Concession::Player2
    } else {
        Concession::Both
    }
}
