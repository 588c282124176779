//! Paired comparisons of two experiments run with the same random numbers (run k of
//! each plays stream k of the same seed): McNemar's test and the difference of
//! paired proportions for a per-run yes/no outcome, the mean of paired differences
//! for a per-run number (docs/theory.md §8d), and the paired difference of two
//! Kaplan–Meier estimates through each run's influence on them. The first two are
//! pure functions of counts and exact sums, so they merge like every other aggregate.

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

/// `other`'s Kaplan–Meier survival at the end of the curve minus `base`'s, over paired
/// units (unit i of both; the shorter prefix), with a 95% Wald interval from the paired
/// influence values ([`super::km_influence`]): var = Σ (V_i − U_i)², clipped to [−1, 1]. The test is the
/// squared z of the difference (1 degree of freedom), not McNemar's: a unit followed
/// for a shorter time (a treaty signed late) counts by the hazard it was exposed to,
/// not as a survivor. Where every unit of both is in the study and followed to the
/// same time, this is the paired difference of two shares, with [`mcnemar`]'s variance
/// ((b + c) − (c − b)²/n)/n².
pub fn paired_km_diff(base: &[Option<(u32, bool)>], other: &[Option<(u32, bool)>]) -> PairedDiff {
    let n = base.len().min(other.len());
    let (sa, ua) = super::km_influence(&base[..n]);
    let (sb, ub) = super::km_influence(&other[..n]);
    let diff = sb - sa;
    let var: f64 = ua.iter().zip(&ub).map(|(a, b)| (b - a) * (b - a)).sum();
    let se = var.sqrt();
    let (chi2, p_value) = if se > 0.0 {
        let chi2 = (diff / se).powi(2);
        (chi2, crate::theory::normal::erfc((chi2 / 2.0).sqrt()))
    } else {
        (0.0, 1.0)
    };
    PairedDiff {
        n: n as u64,
        diff,
        lo: diff - Z95 * se,
        hi: diff + Z95 * se,
        chi2,
        p_value,
    }
    .within(-1.0, 1.0)
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

    #[test]
    fn km_influence_by_hand() {
        // Times 1 (event), 2 (censored), 3 (event), 3 (censored), and a unit not in the
        // study. S = 3/4 · 1/2 = 3/8; Greenwood's sum 1/(4·3) by time 1 and 2, then
        // + 1/(2·1) = 7/12 by time 3; R − d = 3 at time 1 and 1 at time 3. So
        // U = −3/8·(1/3 − 1/12), −3/8·(−1/12), −3/8·(1 − 7/12), −3/8·(−7/12), 0
        //   = −3/32, 1/32, −5/32, 7/32, 0: they sum to 0, and Σ U² = 84/1024 is
        // Greenwood's S²·7/12 = 63/768 here.
        let spells = [
            Some((1, true)),
            Some((2, false)),
            Some((3, true)),
            Some((3, false)),
            None,
        ];
        let (s, u) = crate::stats::km_influence(&spells);
        assert_eq!(s, 0.375);
        let want = [-3.0 / 32.0, 1.0 / 32.0, -5.0 / 32.0, 7.0 / 32.0, 0.0];
        for (a, b) in u.iter().zip(want) {
            assert!((a - b).abs() < 1e-15, "{u:?}");
        }
        let var: f64 = u.iter().map(|x| x * x).sum();
        assert!((var - 63.0 / 768.0).abs() < 1e-15);
        // No unit: S = 1, nothing to vary. Every unit failing: S = 0, influence 0.
        assert_eq!(crate::stats::km_influence(&[None]), (1.0, vec![0.0]));
        let (s, u) = crate::stats::km_influence(&[Some((2, true)), Some((2, true))]);
        assert_eq!((s, u), (0.0, vec![0.0, 0.0]));
    }

    #[test]
    fn paired_km_difference_is_mcnemars_when_every_unit_is_followed_to_the_end() {
        // 40 pairs followed to t = 10: survived in both 12, neither 15, only the first
        // (b) 9, only the second (c) 4. KM is then the share, and the paired
        // difference must be McNemar's d = (c − b)/n with its variance.
        let mut base = Vec::new();
        let mut other = Vec::new();
        let unit = |alive: bool| Some(if alive { (10, false) } else { (5, true) });
        for (x, y, k) in [
            (true, true, 12),
            (false, false, 15),
            (true, false, 9),
            (false, true, 4),
        ] {
            for _ in 0..k {
                base.push(unit(x));
                other.push(unit(y));
            }
        }
        let km = paired_km_diff(&base, &other);
        let mc = mcnemar(9, 4, 40);
        assert!((km.diff - mc.diff).abs() < 1e-15, "{km:?} {mc:?}");
        assert!((km.lo - mc.lo).abs() < 1e-12 && (km.hi - mc.hi).abs() < 1e-12);
        assert_eq!(km.n, 40);
    }

    #[test]
    fn paired_km_difference_counts_a_late_treaty_by_its_exposure() {
        // Base: 4 treaties, two fail at 5, two survive to 10: S = 1/2. Other: the same
        // runs, but one survivor's treaty was signed late and followed only to 3:
        // censored before the failures, it leaves R = 3 at time 5, S = 1/3 — not the
        // share of survivors (2/4). The difference is S_b − S_a exactly.
        let base = [
            Some((5, true)),
            Some((5, true)),
            Some((10, false)),
            Some((10, false)),
        ];
        let other = [
            Some((5, true)),
            Some((5, true)),
            Some((10, false)),
            Some((3, false)),
        ];
        let d = paired_km_diff(&base, &other);
        assert!((d.diff - (1.0 / 3.0 - 0.5)).abs() < 1e-15, "{d:?}");
        assert!(d.lo < d.diff && d.diff < d.hi);
    }
}
