//! [`ExactSum`]: a fixed-point sum whose merge is integer addition, so any grouping
//! of the same values (any thread order) yields identical bits.

use super::Z95;
use serde::{Deserialize, Serialize};

/// 2³²: the fixed-point scale (resolution 2⁻³² ≈ 2.3·10⁻¹⁰).
const SCALE: f64 = 4_294_967_296.0;

/// Exact, order-independent sum of f64 values, with their sum of squares.
///
/// Each finite value x contributes round(x·2³²) to `sum` and round(fl(x·x)·2³²) to
/// `sum_sq`, both in `i128`; merging adds the integers, so the result does not depend
/// on order or grouping. The price is an absolute resolution of 2⁻³² ≈ 2.3·10⁻¹⁰ per
/// value for x and for x² (so [`ExactSum::variance`] is meaningless for data whose
/// spread is below ~10⁻⁴).
///
/// Bounds: one value must satisfy |x| < 2⁹⁵ ≈ 4·10²⁸ for `sum` and |x| < 2^47.5 ≈ 2·10¹⁴
/// for `sum_sq`; the totals saturate at ±2¹²⁷ (|Σx| ≈ 4·10²⁸, Σx² ≈ 4·10²⁸, e.g. 10⁹
/// values of magnitude 6·10⁹) — far beyond any payoff or round count. Saturation is
/// silent (no panic) and makes the moments wrong.
///
/// Non-finite values (NaN, ±∞) are not summed: they are counted in `non_finite` and
/// excluded from `n`, the moments and min/max.
///
/// Serialised with the i128 fields as decimal strings (JSON numbers cannot carry
/// them), so a JSON round trip is exact.
#[derive(Clone, Default, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExactSum {
    /// Number of finite values added.
    pub n: u64,
    /// Σ round(x·2³²).
    #[serde(with = "i128_string")]
    pub sum: i128,
    /// Σ round(x²·2³²).
    #[serde(with = "i128_string")]
    pub sum_sq: i128,
    /// Smallest finite value (None when n = 0). −0.0 is stored as +0.0.
    pub min: Option<f64>,
    /// Largest finite value (None when n = 0).
    pub max: Option<f64>,
    /// Number of NaN or infinite values offered to [`ExactSum::add`] (not summed).
    #[serde(default)]
    pub non_finite: u64,
}

fn fixed(x: f64) -> i128 {
    // `as` saturates for values beyond the i128 range (and maps NaN to 0; never
    // reached, NaN is filtered by the caller).
    (x * SCALE).round() as i128
}

impl ExactSum {
    /// Add one value (see the type's documentation for non-finite values and bounds).
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            self.non_finite += 1;
            return;
        }
        let x = x + 0.0; // −0.0 → +0.0, so min/max bits do not depend on order
        self.n += 1;
        self.sum = self.sum.saturating_add(fixed(x));
        self.sum_sq = self.sum_sq.saturating_add(fixed(x * x));
        self.min = Some(self.min.map_or(x, |m| m.min(x)));
        self.max = Some(self.max.map_or(x, |m| m.max(x)));
    }

    /// Merge another sum into this one (integer addition: exact and associative).
    pub fn merge(&mut self, other: &ExactSum) {
        self.n += other.n;
        self.sum = self.sum.saturating_add(other.sum);
        self.sum_sq = self.sum_sq.saturating_add(other.sum_sq);
        self.min = match (self.min, other.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max = match (self.max, other.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.non_finite += other.non_finite;
    }

    /// Number of finite values added.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// The sum Σx (to the 2⁻³² resolution per value).
    pub fn total(&self) -> f64 {
        self.sum as f64 / SCALE
    }

    /// Arithmetic mean; NaN when n = 0.
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        self.sum as f64 / SCALE / self.n as f64
    }

    /// Sample variance Σ(x − x̄)²/(n − 1), computed as (Σx² − (Σx)²/n)/(n − 1) in f64
    /// and clipped at 0 (this loses relative precision when |mean| ≫ sd).
    /// NaN when n < 2.
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            return f64::NAN;
        }
        let n = self.n as f64;
        let s = self.sum as f64 / SCALE;
        let q = self.sum_sq as f64 / SCALE;
        ((q - s * s / n) / (n - 1.0)).max(0.0)
    }

    /// Sample standard deviation √variance; NaN when n < 2.
    pub fn sd(&self) -> f64 {
        self.variance().sqrt()
    }

    /// Normal 95% interval for the mean, mean ± Z95·sd/√n; (NaN, NaN) when n < 2.
    pub fn ci95(&self) -> (f64, f64) {
        let m = self.mean();
        let h = Z95 * self.sd() / (self.n as f64).sqrt();
        (m - h, m + h)
    }
}

/// Serde helper: an `i128` as a decimal string (exact in JSON and TOML).
mod i128_string {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &i128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<i128, D::Error> {
        let s = String::deserialize(d)?;
        s.parse::<i128>().map_err(|e| {
            D::Error::custom(format!("expected an integer in a string, got {s:?}: {e}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_of_a_small_sample() {
        let mut s = ExactSum::default();
        for x in [1.0, 2.0, 3.0, 4.0] {
            s.add(x);
        }
        assert_eq!(s.count(), 4);
        assert_eq!(s.mean(), 2.5);
        // Σ(x − 2.5)² = 5, /3.
        assert!((s.variance() - 5.0 / 3.0).abs() < 1e-12);
        let (lo, hi) = s.ci95();
        let h = Z95 * (5.0f64 / 3.0).sqrt() / 2.0;
        assert!((lo - (2.5 - h)).abs() < 1e-12 && (hi - (2.5 + h)).abs() < 1e-12);
        assert_eq!((s.min, s.max), (Some(1.0), Some(4.0)));
    }

    #[test]
    fn edge_cases_are_nan_not_panics() {
        let mut s = ExactSum::default();
        assert!(s.mean().is_nan() && s.variance().is_nan());
        s.add(f64::NAN);
        s.add(f64::INFINITY);
        s.add(7.0);
        assert_eq!((s.count(), s.non_finite), (1, 2));
        assert_eq!(s.mean(), 7.0);
        assert!(s.sd().is_nan());
        s.add(1e300); // saturates, no panic
        assert_eq!(s.sum, i128::MAX);
    }
}
