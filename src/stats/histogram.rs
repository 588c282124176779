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
