//! Mergeable aggregates and the estimators the reports print.
//!
//! Everything the engine folds runs into lives here, and every aggregate merges
//! exactly: [`ExactSum`] accumulates in fixed point (integer addition), [`Histogram`]
//! and [`SurvivalCounts`] hold counts, so any grouping of runs over any number of
//! threads yields identical bits. The estimators — Wilson intervals, Newcombe's
//! difference of proportions, McNemar's paired test, Kaplan–Meier with Greenwood, the
//! log-rank test — are pure functions of those aggregates (docs/theory.md §8). No
//! randomness, no IO, no panics on any finite input; edge cases are documented on each
//! item.

mod histogram;
mod paired;
mod proportion;
mod sum;
mod survival;
mod wide;

pub use histogram::Histogram;
pub use paired::{PairedDiff, mcnemar, paired_km_diff, paired_mean};
pub use proportion::{clustered_wilson, diff_of_proportions, wilson};
pub use sum::ExactSum;
pub use survival::{
    KmPoint, LogRank, SurvivalCounts, hazard_rate, kaplan_meier, km_influence, km_median, log_rank,
};
pub use wide::I256;

/// Φ⁻¹(0.975) to the precision docs/theory.md §0 fixes for every 95% interval
/// (z = 1.96 would change the 6th significant digit of a Wilson bound).
pub const Z95: f64 = 1.959964;
