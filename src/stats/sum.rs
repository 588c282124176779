//! [`ExactSum`]: a fixed-point sum whose merge is integer addition, so any grouping
//! of the same values (any thread order) yields identical bits.

use super::Z95;
use super::wide::I256;
use serde::{Deserialize, Serialize};

/// 2³²: the fixed-point scale (resolution 2⁻³² ≈ 2.3·10⁻¹⁰).
const SCALE: f64 = 4_294_967_296.0;

/// Exact, order-independent sum of f64 values, with their sum of squares.
///
/// Each finite value x contributes round(x·2³²) to `sum` and round(fl(x·x)·2³²) to
/// `sum_sq`, both 256-bit integers ([`I256`]); merging adds the integers, so the result
/// does not depend on order or grouping. The price is an absolute resolution of
/// 2⁻³² ≈ 2.3·10⁻¹⁰ per value for x and for x² (so [`ExactSum::variance`] is
/// meaningless for data whose spread is below ~10⁻⁴).
///
/// Bounds: the totals stay exact while |Σx|·2³² and Σx²·2³² are below 2²⁵⁵ ≈ 5.8·10⁷⁶:
/// for example 10¹² values of magnitude 10²⁰ (far beyond the ±10¹⁵ a scenario's numbers
/// may take, summed over the longest horizon). Beyond that they saturate (no panic).
///
/// Non-finite values (NaN, ±∞) are not summed: they are counted in `non_finite` and
/// excluded from `n`, the moments and min/max.
///
/// Serialised with the wide fields as decimal strings (JSON numbers cannot carry
/// them), so a JSON round trip is exact.
#[derive(Clone, Default, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExactSum {
    /// Number of finite values added.
    pub n: u64,
    /// Σ round(x·2³²).
    #[serde(with = "wide_string")]
    pub sum: I256,
    /// Σ round(x²·2³²).
    #[serde(with = "wide_string")]
    pub sum_sq: I256,
    /// Smallest finite value (None when n = 0). −0.0 is stored as +0.0.
    pub min: Option<f64>,
    /// Largest finite value (None when n = 0).
    pub max: Option<f64>,
    /// Number of NaN or infinite values offered to [`ExactSum::add`] (not summed).
    #[serde(default)]
    pub non_finite: u64,
}

fn fixed(x: f64) -> I256 {
    I256::round_f64(x * SCALE)
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
        self.merge_extremes(other);
        self.non_finite += other.non_finite;
    }

    fn merge_extremes(&mut self, other: &ExactSum) {
        self.min = match (self.min, other.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max = match (self.max, other.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
    }

    /// [`ExactSum::merge`] for sums read from files: `None` (and `self` unchanged) when
    /// a count or a total would overflow, instead of saturating silently.
    pub fn checked_merge(&mut self, other: &ExactSum) -> Option<()> {
        let n = self.n.checked_add(other.n)?;
        let sum = self.sum.checked_add(other.sum)?;
        let sum_sq = self.sum_sq.checked_add(other.sum_sq)?;
        let non_finite = self.non_finite.checked_add(other.non_finite)?;
        (sum < I256::MAX && sum > I256::MIN && sum_sq < I256::MAX).then_some(())?;
        self.merge_extremes(other);
        (self.n, self.sum, self.sum_sq, self.non_finite) = (n, sum, sum_sq, non_finite);
        Some(())
    }

    /// Whether these fields could come from adding values (for sums read from files):
    /// min and max present exactly when n > 0, finite and ordered; Σx between n·min
    /// and n·max and Σx² between 0 and n·max(min², max²), each up to the rounding of
    /// one 2⁻³² step per value. Returns the first problem in words.
    pub fn check(&self) -> Result<(), &'static str> {
        let (lo, hi) = match (self.n, self.min, self.max) {
            (0, None, None) => {
                return if self.sum == I256::ZERO && self.sum_sq == I256::ZERO {
                    Ok(())
                } else {
                    Err("it has totals but no values")
                };
            }
            (n, Some(lo), Some(hi)) if n > 0 && lo.is_finite() && hi.is_finite() && lo <= hi => {
                (lo, hi)
            }
            _ => return Err("its count, minimum and maximum disagree"),
        };
        if self.sum == I256::MAX || self.sum == I256::MIN || self.sum_sq == I256::MAX {
            return Err("its totals are saturated");
        }
        let n = self.n as f64;
        // Slack: half a step per value, plus f64 rounding of the bounds themselves.
        let within = |v: f64, a: f64, b: f64| {
            let slack = n + 1e-9 * (a.abs() + b.abs());
            v >= a - slack && v <= b + slack
        };
        let top = lo.abs().max(hi.abs());
        if !within(self.sum.to_f64(), n * lo * SCALE, n * hi * SCALE) {
            return Err("its sum lies outside n times its minimum and maximum");
        }
        if !within(self.sum_sq.to_f64(), 0.0, n * top * top * SCALE) {
            return Err("its sum of squares lies outside what its extremes allow");
        }
        Ok(())
    }

    /// Number of finite values added.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// The sum Σx (to the 2⁻³² resolution per value).
    pub fn total(&self) -> f64 {
        self.sum.to_f64() / SCALE
    }

    /// The sum of squares Σx² (to the 2⁻³² resolution per value).
    pub fn total_sq(&self) -> f64 {
        self.sum_sq.to_f64() / SCALE
    }

    /// Arithmetic mean; NaN when n = 0.
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        self.sum.to_f64() / SCALE / self.n as f64
    }

    /// Sample variance Σ(x − x̄)²/(n − 1), computed as (Σx² − (Σx)²/n)/(n − 1) in f64
    /// and clipped at 0 (this loses relative precision when |mean| ≫ sd).
    /// NaN when n < 2.
    pub fn variance(&self) -> f64 {
        if self.n < 2 {
            return f64::NAN;
        }
        let n = self.n as f64;
        let s = self.sum.to_f64() / SCALE;
        let q = self.sum_sq.to_f64() / SCALE;
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

/// Serde helper: an [`I256`] as a decimal string (exact in JSON and TOML).
mod wide_string {
    use super::I256;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(v: &I256, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<I256, D::Error> {
        let s = String::deserialize(d)?;
        s.parse::<I256>().map_err(|e| {
            D::Error::custom(format!("expected an integer in a string, got {s:?}: {e}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Payoffs at the documented limit keep their spread: ±10¹⁵ alternating has mean 0
    /// and sample variance exactly n·10³⁰/(n − 1). With 128-bit totals the sum of
    /// squares saturated and the sd came out as 0.
    #[test]
    fn moments_stay_exact_at_the_documented_limit() {
        let mut s = ExactSum::default();
        let n = 1000u64;
        for k in 0..n {
            s.add(if k % 2 == 0 { 1e15 } else { -1e15 });
        }
        assert_eq!(s.mean(), 0.0);
        let want = n as f64 * 1e30 / (n - 1) as f64;
        assert!(
            (s.variance() / want - 1.0).abs() < 1e-12,
            "{}",
            s.variance()
        );
        assert_eq!(s.check(), Ok(()));
        // Ten values of 10²⁰ (a limit-sized flow over the longest horizon).
        let mut t = ExactSum::default();
        for _ in 0..10 {
            t.add(1e20);
        }
        assert!((t.mean() / 1e20 - 1.0).abs() < 1e-15);
        assert!(t.sd() < 1e20 * 1e-6);
        let back: ExactSum = serde_json::from_str(&serde_json::to_string(&t).unwrap()).unwrap();
        assert_eq!(back, t);
    }

    #[test]
    fn checked_merge_refuses_overflow_and_forged_sums_fail_the_check() {
        let mut a = ExactSum::default();
        a.add(1.0);
        let mut b = a.clone();
        b.n = u64::MAX;
        assert_eq!(a.clone().checked_merge(&b), None);
        let mut forged = a.clone();
        forged.sum = I256::round_f64(1e300);
        assert!(forged.check().is_err());
        forged = a.clone();
        forged.min = None;
        assert!(forged.check().is_err());
        let mut c = a.clone();
        assert_eq!(c.checked_merge(&a), Some(()));
        assert_eq!((c.n, c.mean()), (2, 1.0));
    }

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
        assert_eq!(s.sum, I256::MAX);
        assert!(s.check().is_err());
    }
}
