//! First passage of a random-walk temptation to a barrier (docs/theory.md §6): the
//! inverse Gaussian law of the continuous-time hitting time, the
//! Broadie–Glasserman–Kou barrier shift for discrete monitoring, and the exactly
//! solvable ±1 walk (ballot formula).

use super::normal::{ln_normal_cdf, normal_cdf};
use std::f64::consts::PI;

/// P(τ ≤ t) for X_s = x0 + μs + σW_s hitting the barrier at distance `a` = h − x0
/// (docs/theory.md §6):
/// F(t) = Φ((μt − a)/(σ√t)) + exp(2μa/σ²)·Φ((−μt − a)/(σ√t)).
///
/// Holds for every μ: μ > 0 is the inverse Gaussian IG(a/μ, a²/σ²); μ = 0 gives
/// 2(1 − Φ(a/(σ√t))); μ < 0 is defective with F(∞) = exp(2μa/σ²) < 1. The second
/// term is evaluated as exp(2μa/σ² + ln Φ(·)) so that a huge exponential times a tiny
/// Φ never becomes ∞·0.
///
/// Edge cases: t ≤ 0 (or NaN) → 0; a ≤ 0 (already at or past the barrier) → 1 for
/// t ≥ 0; σ = 0 → the deterministic path: 1 if μ > 0 and t ≥ a/μ, else 0;
/// t = +∞ → P(τ < ∞) = min(1, exp(2μa/σ²)). Negative σ is used as |σ|.
pub fn inverse_gaussian_cdf(t: f64, a: f64, mu: f64, sigma: f64) -> f64 {
    let sigma = sigma.abs();
    if a <= 0.0 {
        return if t >= 0.0 { 1.0 } else { 0.0 };
    }
    if t.is_nan() || t <= 0.0 {
        return 0.0;
    }
    if sigma == 0.0 {
        return if mu > 0.0 && t >= a / mu { 1.0 } else { 0.0 };
    }
    let k = 2.0 * mu * a / (sigma * sigma);
    if t == f64::INFINITY {
        return if mu >= 0.0 { 1.0 } else { k.exp() };
    }
    let s = sigma * t.sqrt();
    let first = normal_cdf((mu * t - a) / s);
    let second = (k + ln_normal_cdf((-mu * t - a) / s)).exp();
    (first + second).clamp(0.0, 1.0)
}

/// Density of the first-passage time (docs/theory.md §6):
/// f(t) = a/(σ√(2πt³))·exp(−(a − μt)²/(2σ²t)), for any sign of μ (for μ < 0 it
/// integrates to exp(2μa/σ²)). t ≤ 0, a ≤ 0 or σ = 0 → 0 (no density). Negative σ is
/// used as |σ|.
pub fn inverse_gaussian_pdf(t: f64, a: f64, mu: f64, sigma: f64) -> f64 {
    let sigma = sigma.abs();
    if t.is_nan() || t <= 0.0 || a <= 0.0 || sigma == 0.0 || t == f64::INFINITY {
        return 0.0;
    }
    let z = a - mu * t;
    a / (sigma * (2.0 * PI * t * t * t).sqrt()) * (-z * z / (2.0 * sigma * sigma * t)).exp()
}

/// β = −ζ(½)/√(2π) of the Broadie–Glasserman–Kou correction.
pub const BGK_BETA: f64 = 0.582_597_157_939_010_8;

/// Broadie–Glasserman–Kou barrier shift βσ√Δ (docs/theory.md §6): a walk monitored only
/// every Δ behaves like a continuously monitored one whose barrier distance is
/// a + βσ√Δ. Negative σ or Δ are used as absolute values.
pub fn bgk_shift(sigma: f64, dt: f64) -> f64 {
    BGK_BETA * sigma.abs() * dt.abs().sqrt()
}

/// ln Γ(x) for x > 0 (libm's lgamma, fdlibm accuracy).
fn ln_gamma(x: f64) -> f64 {
    libm::lgamma_r(x).0
}

/// k·ln(p), with 0·ln 0 = 0.
fn xlogy(k: f64, p: f64) -> f64 {
    if k == 0.0 { 0.0 } else { k * p.ln() }
}

/// P(τ = n) for a ±1 walk stepping up with probability p, started `a` steps below the
/// barrier (docs/theory.md §6, ballot / hitting-time theorem):
/// (a/n)·C(n, (n+a)/2)·p^{(n+a)/2}(1 − p)^{(n−a)/2} for n ≥ a with n − a even, else 0.
///
/// Computed in logs (log-gamma) so it neither overflows nor underflows early for large
/// n. a = 0 means already at the barrier: P(τ = 0) = 1. p is clamped to [0, 1]; NaN
/// p gives NaN.
pub fn ballot_pmf(n: u64, a: u64, p: f64) -> f64 {
    if a == 0 {
        return if n == 0 { 1.0 } else { 0.0 };
    }
    if n < a || (n - a) % 2 != 0 {
        return 0.0;
    }
    if p.is_nan() {
        return f64::NAN;
    }
    let p = p.clamp(0.0, 1.0);
    let up = ((n + a) / 2) as f64;
    let down = ((n - a) / 2) as f64;
    let nf = n as f64;
    let ln_binom = ln_gamma(nf + 1.0) - ln_gamma(up + 1.0) - ln_gamma(down + 1.0);
    let ln = (a as f64 / nf).ln() + ln_binom + xlogy(up, p) + xlogy(down, 1.0 - p);
    ln.exp()
}

/// P(τ < ∞) for the ±1 walk from distance `a` (docs/theory.md §6): 1 for p ≥ ½, else
/// (p/(1 − p))^a. a = 0 → 1. p is clamped to [0, 1]; NaN p gives NaN.
pub fn pm1_hit_probability(a: u64, p: f64) -> f64 {
    if a == 0 || p >= 0.5 {
        return 1.0;
    }
    if p.is_nan() {
        return f64::NAN;
    }
    let p = p.max(0.0);
    (p / (1.0 - p)).powf(a as f64)
}

/// E τ for the ±1 walk from distance `a` (docs/theory.md §6): a/(2p − 1) for p > ½;
/// +∞ for p ≤ ½ (at p = ½ τ is finite but has infinite mean; below, τ = ∞ with
/// positive probability). a = 0 → 0. NaN p gives NaN.
pub fn pm1_mean_time(a: u64, p: f64) -> f64 {
    if p.is_nan() {
        return f64::NAN;
    }
    if a == 0 {
        return 0.0;
    }
    if p <= 0.5 {
        return f64::INFINITY;
    }
    a as f64 / (2.0 * p.min(1.0) - 1.0)
}
