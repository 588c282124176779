//! Paired comparisons of two experiments run with the same random numbers (run k of
//! each plays stream k of the same seed): McNemar's test and the difference of
//! paired proportions for a per-run yes/no outcome, and the mean of paired
//! differences for a per-run number (docs/theory.md §8d). Pure functions of counts
//! and exact sums, so they merge like every other aggregate.

use super::{ExactSum, Z95};
use serde::{Deserialize, Serialize};

/// A paired difference (second minus first) with its 95% interval and test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PairedDiff {
    /// Pairs compared.
    pub n: u64,
    /// The mean difference (of shares: (c − b)/n).
    pub diff: f64,
    /// 95% interval of the difference (Wald, z = 1.959964).
    pub lo: f64,
    pub hi: f64,
    /// The test statistic: McNemar's χ² (1 degree of freedom) for shares, the squared
    /// z of the mean difference for numbers.
    pub chi2: f64,
    /// Two-sided p-value: erfc(√(χ²/2)).
    pub p_value: f64,
}

impl PairedDiff {
    /// The interval clipped to [`lo`, `hi`], where the difference must lie (a
    /// difference of two shares of rounds lies in [−1, 1]).
    pub fn within(self, lo: f64, hi: f64) -> PairedDiff {
        PairedDiff {
            lo: self.lo.max(lo),
            hi: self.hi.min(hi),
            ..self
        }
    }
}

/// McNemar's test on `n` pairs of which `b` are yes in the first and no in the
/// second, `c` no in the first and yes in the second. The difference of the paired
/// shares is d = (c − b)/n with variance ((b + c) − (c − b)²/n)/n²; χ² = (b − c)²/(b +
/// c) without continuity correction (0, p = 1, when no pair is discordant). Only the
/// discordant pairs carry information: pairs that agree cancel out, which is why a
/// paired test is sharper than one that treats the samples as independent.
pub fn mcnemar(b: u64, c: u64, n: u64) -> PairedDiff {
    if n == 0 {
        return PairedDiff {
            n,
            diff: 0.0,
            lo: 0.0,
            hi: 0.0,
            chi2: 0.0,
            p_value: 1.0,
        };
    }
    let (bf, cf, nf) = (b as f64, c as f64, n as f64);
    let diff = (cf - bf) / nf;
    let var = ((bf + cf) - (cf - bf).powi(2) / nf).max(0.0) / (nf * nf);
    let half = Z95 * var.sqrt();
    let chi2 = if b + c > 0 {
        (bf - cf).powi(2) / (bf + cf)
    } else {
        0.0
    };
    // A difference of two shares lies in [−1, 1]; the Wald interval can reach past
    // that when almost every pair moved one way.
    PairedDiff {
        n,
        diff,
        lo: diff - half,
        hi: diff + half,
        chi2,
        p_value: if chi2 > 0.0 {
            crate::theory::normal::erfc((chi2 / 2.0).sqrt())
        } else {
            1.0
        },
    }
    .within(-1.0, 1.0)
}

/// The mean of paired differences d_k (second minus first), from their exact sum:
/// d̄ ± z·s/√n, z-test of d̄ = 0 (χ² = (d̄/SE)²; 0, p = 1, when SE = 0 and d̄ = 0).
pub fn paired_mean(d: &ExactSum) -> PairedDiff {
    let n = d.count();
    let mean = if n > 0 { d.mean() } else { 0.0 };
    let se = if n > 1 {
        d.sd() / (n as f64).sqrt()
    } else {
        0.0
    };
    let half = Z95 * se;
    let (chi2, p_value) = if se > 0.0 {
        let chi2 = (mean / se).powi(2);
        (chi2, crate::theory::normal::erfc((chi2 / 2.0).sqrt()))
    } else if mean == 0.0 {
        (0.0, 1.0)
    } else {
        (f64::INFINITY, 0.0)
    };
    PairedDiff {
        n,
        diff: mean,
        lo: mean - half,
        hi: mean + half,
        chi2,
        p_value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mcnemar_by_hand() {
        // 100 pairs, 15 yes→no, 5 no→yes: d = −0.10, var = (20 − 100/100)/100² =
        // 0.0019, SE = 0.0435890; χ² = 10²/20 = 5, p = erfc(√2.5) = 0.0253473.
        let r = mcnemar(15, 5, 100);
        assert!((r.diff + 0.10).abs() < 1e-15);
        let se = 0.0019f64.sqrt();
        assert!((r.lo - (-0.10 - 1.959964 * se)).abs() < 1e-12);
        assert!((r.hi - (-0.10 + 1.959964 * se)).abs() < 1e-12);
        assert!((r.chi2 - 5.0).abs() < 1e-12);
        assert!((r.p_value - 0.025347319).abs() < 1e-8, "{}", r.p_value);
        // Symmetric; no discordant pair: nothing to test.
        assert_eq!(mcnemar(5, 15, 100).chi2, r.chi2);
        let none = mcnemar(0, 0, 50);
        assert_eq!((none.diff, none.chi2, none.p_value), (0.0, 0.0, 1.0));
        assert_eq!(mcnemar(0, 0, 0).p_value, 1.0);
    }

    #[test]
    fn mcnemar_interval_stays_within_minus_1_and_1() {
        // 2 pairs, one no→yes: d = 1/2, var = (1 − 1/2)/4 = 1/8, so the Wald interval
        // is 0.5 ± 1.959964·√(1/8) = [−0.193, 1.193]; a difference of shares cannot
        // pass 1, so the upper end is 1 and the lower end untouched.
        let r = mcnemar(0, 1, 2);
        assert_eq!(r.hi, 1.0);
        assert!((r.lo - (0.5 - 1.959964 * 0.125f64.sqrt())).abs() < 1e-12);
        let r = mcnemar(1, 0, 2);
        assert_eq!(r.lo, -1.0);
    }

    #[test]
    fn paired_mean_by_hand() {
        // d = 1, 2, 3, 6: mean 3, s² = (4 + 1 + 0 + 9)/3 = 14/3, SE = √(14/12).
        let mut d = ExactSum::default();
        for x in [1.0, 2.0, 3.0, 6.0] {
            d.add(x);
        }
        let r = paired_mean(&d);
        let se = (14.0f64 / 12.0).sqrt();
        assert!((r.diff - 3.0).abs() < 1e-12);
        assert!((r.hi - r.lo - 2.0 * 1.959964 * se).abs() < 1e-9);
        assert!((r.chi2 - 9.0 / (14.0 / 12.0)).abs() < 1e-9);
        assert_eq!(paired_mean(&ExactSum::default()).p_value, 1.0);
    }
}
