//! Intervals for proportions: Wilson's score interval and Newcombe's hybrid score
//! interval for a difference of two proportions.

use super::Z95;

/// Wilson score interval for `k` successes out of `n` (docs/theory.md §8c), clipped to
/// [0, 1]: centre (p̂ + z²/2n)/(1 + z²/n), half-width z·√(p̂(1 − p̂)/n + z²/4n²)/(1 + z²/n).
///
/// Edge cases: `n = 0` gives the uninformative (0.0, 1.0); `k > n` is treated as
/// `k = n`; `k = 0` gives lower bound exactly 0 and `k = n` upper bound exactly 1.
/// A negative or NaN `z` is used as its absolute value / gives NaN bounds clipped by
/// `max`/`min` (which ignore NaN), i.e. (0.0, 1.0).
///
/// ```
/// let (lo, hi) = detente::stats::wilson(5, 20, detente::stats::Z95);
/// assert!((lo - 0.1118617).abs() < 1e-6 && (hi - 0.4687009).abs() < 1e-6);
/// ```
pub fn wilson(k: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let k = k.min(n);
    let nf = n as f64;
    let p = k as f64 / nf;
    let z = z.abs();
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denom;
    let half = z * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / denom;
    let lo = if k == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if k == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    (lo, hi)
}

/// Difference of two proportions p̂₁ − p̂₂ = k1/n1 − k2/n2 with a 95% interval by
/// Newcombe's hybrid score method (Newcombe 1998, Statistics in Medicine, method 10),
/// built from the two Wilson intervals (docs/theory.md §8c, z = [`Z95`]):
/// lo = d − √((p̂₁ − l₁)² + (u₂ − p̂₂)²), hi = d + √((u₁ − p̂₁)² + (p̂₂ − l₂)²).
///
/// Returns `(difference, lo, hi)`. If `n1` or `n2` is 0 the difference is undefined:
/// returns `(NaN, -1.0, 1.0)`. `k > n` is treated as `k = n`.
pub fn diff_of_proportions(k1: u64, n1: u64, k2: u64, n2: u64) -> (f64, f64, f64) {
    if n1 == 0 || n2 == 0 {
        return (f64::NAN, -1.0, 1.0);
    }
    let (k1, k2) = (k1.min(n1), k2.min(n2));
    let p1 = k1 as f64 / n1 as f64;
    let p2 = k2 as f64 / n2 as f64;
    let (l1, u1) = wilson(k1, n1, Z95);
    let (l2, u2) = wilson(k2, n2, Z95);
    let d = p1 - p2;
    let lo = d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let hi = d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    (d, lo.max(-1.0), hi.min(1.0))
}
