//! [`Histogram`]: fixed equal bins over [lo, hi) with underflow/overflow counts;
//! merging adds counts.

use serde::{Deserialize, Serialize};

/// Fixed-bin histogram over [lo, hi) with `counts.len()` equal bins plus underflow
/// (x < lo) and overflow (x ≥ hi, including +∞) counts. NaN values are counted in
/// `nan` only: they belong to no bin and are excluded from [`Histogram::total`] and
/// the quantiles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    /// Left edge of the first bin (inclusive).
    pub lo: f64,
    /// Right edge of the last bin (exclusive).
    pub hi: f64,
    /// One count per bin, bin i covering [lo + i·w, lo + (i+1)·w), w = (hi − lo)/bins.
    pub counts: Vec<u64>,
    /// Values below `lo` (including −∞).
    pub under: u64,
    /// Values at or above `hi` (including +∞).
    pub over: u64,
    /// NaN values offered to [`Histogram::add`].
    #[serde(default)]
    pub nan: u64,
}

impl Histogram {
    /// An empty histogram. Degenerate arguments are repaired rather than rejected:
    /// `bins = 0` becomes 1; a non-finite `lo` becomes 0; a non-finite `hi` or
    /// `hi <= lo` becomes `lo + 1`.
    pub fn new(lo: f64, hi: f64, bins: usize) -> Self {
        let lo = if lo.is_finite() { lo } else { 0.0 };
        let hi = if hi.is_finite() && hi > lo {
            hi
        } else {
            lo + 1.0
        };
        Histogram {
            lo,
            hi,
            counts: vec![0; bins.max(1)],
            under: 0,
            over: 0,
            nan: 0,
        }
    }

    fn width(&self) -> f64 {
        (self.hi - self.lo) / self.counts.len().max(1) as f64
    }

    /// Bin index of a finite x in [lo, hi).
    fn index(&self, x: f64) -> usize {
        let bins = self.counts.len();
        let i = ((x - self.lo) / (self.hi - self.lo) * bins as f64) as usize;
        i.min(bins.saturating_sub(1))
    }

    /// Count one value.
    pub fn add(&mut self, x: f64) {
        if x.is_nan() {
            self.nan += 1;
        } else if x < self.lo {
            self.under += 1;
        } else if x >= self.hi || self.counts.is_empty() {
            self.over += 1;
        } else {
            let i = self.index(x);
            self.counts[i] += 1;
        }
    }

    /// Whether `o` has the same `lo`, `hi` and number of bins (the condition for an
    /// exact merge).
    pub fn compatible(&self, o: &Histogram) -> bool {
        self.lo == o.lo && self.hi == o.hi && self.counts.len() == o.counts.len()
    }

    /// Add `o`'s counts. Exact when [`Histogram::compatible`]; otherwise (a caller
    /// error, but no panic) each of `o`'s bins is re-counted at its centre and its
    /// under/overflow counts are added to ours as they are.
    pub fn merge(&mut self, o: &Histogram) {
        if self.compatible(o) {
            for (a, b) in self.counts.iter_mut().zip(&o.counts) {
                *a += b;
            }
        } else {
            let w = o.width();
            for (i, &c) in o.counts.iter().enumerate() {
                let x = o.lo + (i as f64 + 0.5) * w;
                if x < self.lo {
                    self.under += c;
                } else if x >= self.hi || self.counts.is_empty() {
                    self.over += c;
                } else {
                    let j = self.index(x);
                    self.counts[j] += c;
                }
            }
        }
        self.under += o.under;
        self.over += o.over;
        self.nan += o.nan;
    }

    /// [`Histogram::merge`] for histograms read from files: `None` (and `self`
    /// unchanged) unless the bins are compatible and no count overflows.
    pub fn checked_merge(&mut self, o: &Histogram) -> Option<()> {
        if !self.compatible(o) {
            return None;
        }
        let mut m = self.clone();
        for (a, b) in m.counts.iter_mut().zip(&o.counts) {
            *a = a.checked_add(*b)?;
        }
        m.under = m.under.checked_add(o.under)?;
        m.over = m.over.checked_add(o.over)?;
        m.nan = m.nan.checked_add(o.nan)?;
        m.total_checked()?;
        *self = m;
        Some(())
    }

    fn total_checked(&self) -> Option<u64> {
        self.counts
            .iter()
            .try_fold(self.under, |acc, &c| acc.checked_add(c))?
            .checked_add(self.over)
    }

    /// The q-quantile like [`Histogram::quantile`], but honest about the values outside
    /// the bins: knowing the smallest (`min`) and largest (`max`) values counted, the
    /// underflow is read as one more bin `[min, lo)` and the overflow as `[hi, max]`,
    /// with the same linear interpolation, and the result is kept within `[min, max]`.
    /// So a quantile among the underflow values lies below `lo` instead of being
    /// clipped to it.
    pub fn quantile_within(&self, q: f64, min: f64, max: f64) -> Option<f64> {
        let total = self.total_checked()?;
        if total == 0 || q.is_nan() || min.is_nan() || max.is_nan() || min > max {
            return None;
        }
        let r = q.clamp(0.0, 1.0) * total as f64;
        let under = self.under as f64;
        let v = if self.under > 0 && r <= under {
            let a = min.min(self.lo);
            a + (self.lo - a) * (r / under).clamp(0.0, 1.0)
        } else {
            let in_bins = under + self.counts.iter().sum::<u64>() as f64;
            if self.over > 0 && r > in_bins {
                let b = max.max(self.hi);
                let frac = ((r - in_bins) / self.over as f64).clamp(0.0, 1.0);
                self.hi + (b - self.hi) * frac
            } else {
                self.quantile(q)?
            }
        };
        Some(v.clamp(min, max))
    }

    /// Number of non-NaN values counted (bins + under + over).
    pub fn total(&self) -> u64 {
        self.counts.iter().sum::<u64>() + self.under + self.over
    }

    /// The q-quantile (q clamped to [0, 1]): the value below which a share q of the
    /// counted values lies, with linear interpolation inside the bin that holds rank
    /// q·total (values spread uniformly in each bin). A quantile that falls among the
    /// underflow values is `lo`, among the overflow values `hi`. None when the
    /// histogram is empty or q is NaN.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let total = self.total();
        if total == 0 || q.is_nan() {
            return None;
        }
        let r = q.clamp(0.0, 1.0) * total as f64;
        if self.under > 0 && r <= self.under as f64 {
            return Some(self.lo);
        }
        let w = self.width();
        let mut before = self.under as f64;
        for (i, &c) in self.counts.iter().enumerate() {
            if c > 0 && r <= before + c as f64 {
                let frac = ((r - before) / c as f64).clamp(0.0, 1.0);
                return Some(self.lo + (i as f64 + frac) * w);
            }
            before += c as f64;
        }
        Some(self.hi)
    }

    /// The bins + 1 edges lo, lo + w, …, hi.
    pub fn bin_edges(&self) -> Vec<f64> {
        let bins = self.counts.len();
        let w = self.width();
        (0..=bins)
            .map(|i| {
                if i == bins {
                    self.hi
                } else {
                    self.lo + i as f64 * w
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 13 of 200 values lie far below the bins (at −2.5·10¹⁴): the 5% quantile is
    /// among them (rank 10 of 13), so it must be below the first edge — before, it was
    /// clipped to it. Read as a bin [min, lo), rank 10 of 13 lies at 10/13 of the way.
    #[test]
    fn quantiles_outside_the_bins_are_not_clipped() {
        let mut h = Histogram::new(-100.0, 100.0, 40);
        let low = -2.5e14;
        for _ in 0..13 {
            h.add(low);
        }
        for k in 0..187 {
            h.add(-50.0 + k as f64 * 0.5);
        }
        let q = h.quantile_within(0.05, low, 43.0).unwrap();
        let want = low + (-100.0 - low) * (10.0 / 13.0);
        assert!((q - want).abs() <= 1e-6 * low.abs(), "{q} vs {want}");
        assert!(q < h.lo);
        // The old reading clipped it to the edge.
        assert_eq!(h.quantile(0.05), Some(-100.0));
        // Every value the same, far above the bins: every quantile is that value.
        let mut top = Histogram::new(0.0, 1.0, 10);
        for _ in 0..5 {
            top.add(7e14);
        }
        for p in [0.0, 0.05, 0.5, 1.0] {
            assert_eq!(top.quantile_within(p, 7e14, 7e14), Some(7e14));
        }
        assert_eq!(
            Histogram::new(0.0, 1.0, 4).quantile_within(0.5, 0.0, 1.0),
            None
        );
    }

    #[test]
    fn checked_merge_refuses_overflow_and_other_bins() {
        let mut a = Histogram::new(0.0, 1.0, 4);
        a.add(0.5);
        let mut b = a.clone();
        b.counts[2] = u64::MAX;
        assert_eq!(a.clone().checked_merge(&b), None);
        assert_eq!(a.clone().checked_merge(&Histogram::new(0.0, 2.0, 4)), None);
        let mut c = a.clone();
        assert_eq!(c.checked_merge(&a), Some(()));
        assert_eq!(c.total(), 2);
    }
}
