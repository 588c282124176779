//! Shards of an experiment and the exact merge of their result files.
//!
//! Runs are independent and every aggregate merges exactly, so an experiment of
//! `runs` runs can be cut by run index into shards `K/N` (runs ⌊K·runs/N⌋ up to
//! ⌊(K+1)·runs/N⌋), played anywhere, and merged into the bytes one process would have
//! written. This module owns the arithmetic of shard ranges, the checks that parts
//! belong to one experiment and cover it exactly once, and the merge itself, for run
//! files ([`RunFile`]) and sweep files ([`SweepResult`]). It reads and writes nothing:
//! the CLI reads the parts, and errors name a part by the label it was given.

use crate::engine::aggregate::Aggregate;
use crate::engine::summary::Provenance;
use crate::report::compare::{Headline, SweepResult};
use crate::report::json::{RUN_FORMAT, RunFile};
use std::path::PathBuf;

/// Largest experiment, in runs (the loader's and `--runs`'s limit).
pub const MAX_RUNS: u64 = 1_000_000_000_000;

/// What is wrong with a shard or with a set of parts to merge.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShardError {
    #[error("invalid --shard `{text}`: {why}")]
    BadSpec { text: String, why: &'static str },
    #[error("nothing to merge")]
    Empty,
    #[error("cannot merge {part} with {first}: different {what} ({a} vs {b})")]
    Differs {
        part: String,
        first: String,
        what: &'static str,
        a: String,
        b: String,
    },
    #[error("{part} is a partial (interrupted) result")]
    Partial { part: String },
    #[error(
        "{part} overlaps another part: it covers runs {start} to {end}, but runs up to {covered} are already covered"
    )]
    Overlap {
        part: String,
        start: u64,
        end: u64,
        covered: u64,
    },
    #[error("runs {from} to {to} are missing (no part covers them)")]
    Gap { from: u64, to: u64 },
    #[error("{part} is damaged: {why}")]
    Damaged { part: String, why: String },
    #[error("{part} has no per-point aggregates, so it cannot be merged")]
    NoAggregates { part: String },
    #[error("merging {part} overflows a count (more than 2^64 - 1)")]
    Overflow { part: String },
}

impl ShardError {
    /// What the user can do about it, in one line.
    pub fn help(&self) -> &'static str {
        match self {
            ShardError::BadSpec { .. } => {
                "write K/N with 0 <= K < N, e.g. --shard 0/4 ... --shard 3/4"
            }
            ShardError::Empty | ShardError::Differs { .. } => {
                "merge only the shards of one experiment"
            }
            ShardError::Partial { .. } => "re-run that shard to completion before merging",
            ShardError::Overlap { .. } => "pass each shard once",
            ShardError::Gap { .. } => "run the missing shard and pass its file too",
            ShardError::Damaged { .. } | ShardError::Overflow { .. } => {
                "re-create it with the command that wrote it (`detente run --json` or `detente sweep --json`)"
            }
            ShardError::NoAggregates { .. } => "re-run the shard with this version of detente",
        }
    }
}

/// Shard `k` of `n` (0 ≤ k < n).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub k: u64,
    pub n: u64,
}

impl Shard {
    /// Parse `K/N` with 0 ≤ K < N.
    pub fn parse(text: &str) -> Result<Shard, ShardError> {
        let bad = |why| ShardError::BadSpec {
            text: text.to_string(),
            why,
        };
        let (k, n) = text.split_once('/').ok_or_else(|| bad("expected K/N"))?;
        let k: u64 = k
            .trim()
            .parse()
            .map_err(|_| bad("K is not a whole number"))?;
        let n: u64 = n
            .trim()
            .parse()
            .map_err(|_| bad("N is not a whole number"))?;
        if n == 0 {
            return Err(bad("N must be at least 1"));
        }
        if k >= n {
            return Err(bad("K must be smaller than N (shards are numbered from 0)"));
        }
        Ok(Shard { k, n })
    }

    /// The run indices `[start, end)` of this shard of an experiment of `runs` runs.
    pub fn range(self, runs: u64) -> (u64, u64) {
        shard_range(runs, self.k, self.n)
    }
}

/// The run indices of shard k of n: ⌊k·runs/n⌋ .. ⌊(k+1)·runs/n⌋ (exact in 128 bits).
pub fn shard_range(runs: u64, k: u64, n: u64) -> (u64, u64) {
    let at = |i: u64| ((u128::from(i) * u128::from(runs)) / u128::from(n.max(1))) as u64;
    (at(k), at(k + 1))
}

/// Order parts by their run ranges and check that together they cover `0..total`
/// exactly once: no gap, no overlap. `ranges` pairs each part's label with its
/// `[start, end)`. Returns the indices in run order.
pub fn coverage_order(ranges: &[(String, [u64; 2])], total: u64) -> Result<Vec<usize>, ShardError> {
    let mut order: Vec<usize> = (0..ranges.len()).collect();
    order.sort_by_key(|&i| ranges[i].1);
    let mut next = 0u64;
    for &i in &order {
        let (part, [a, b]) = (&ranges[i].0, ranges[i].1);
        if a < next {
            return Err(ShardError::Overlap {
                part: part.clone(),
                start: a,
                end: b,
                covered: next,
            });
        }
        if a > next {
            return Err(ShardError::Gap { from: next, to: a });
        }
        next = b;
    }
    if next != total {
        return Err(ShardError::Gap {
            from: next,
            to: total,
        });
    }
    Ok(order)
}

/// A label for a part: its path as the user typed it.
fn label(p: &std::path::Path) -> String {
    p.display().to_string()
}

/// Check one run file on its own: the format, the run range against the declared
/// runs, and the aggregate against its scenario ([`Aggregate::check`]). `merge`,
/// `plot` and `run --check` call it on every file they read.
pub fn check_run_file(part: &str, f: &RunFile) -> Result<(), ShardError> {
    let damaged = |why: String| ShardError::Damaged {
        part: part.to_string(),
        why,
    };
    if f.format != RUN_FORMAT {
        return Err(damaged(format!(
            "it has format `{}`, expected `{RUN_FORMAT}`",
            f.format
        )));
    }
    let p = &f.summary.provenance;
    check_range(p.runs, p.run_range, f.aggregate.runs).map_err(damaged)?;
    f.aggregate.check(&f.summary.scenario).map_err(damaged)?;
    if f.summary.runs != f.aggregate.runs {
        return Err(damaged(format!(
            "its summary counts {} runs but its aggregate {}",
            f.summary.runs, f.aggregate.runs
        )));
    }
    Ok(())
}

/// A run range `[start, end)` of an experiment of `runs` runs, with `counted` runs
/// aggregated: exactly the runs of the range (an interrupted run records the range it
/// completed, so a partial file is no exception).
fn check_range(runs: u64, [start, end]: [u64; 2], counted: u64) -> Result<(), String> {
    if runs == 0 || runs > MAX_RUNS || start > end || end > runs || counted != end - start {
        return Err(format!(
            "its run range {start}..{end} does not fit its {runs} runs (at most {MAX_RUNS}) or the {counted} runs it counts"
        ));
    }
    Ok(())
}

/// Merge partial results of one run experiment; refuses gaps, overlaps, duplicates,
/// partial or damaged parts, and parts from different scenarios, seeds, versions,
/// overrides or run counts. Counts are added with overflow checks.
pub fn merge_runs(parts: &[(PathBuf, RunFile)]) -> Result<RunFile, ShardError> {
    let Some((first_path, first)) = parts.first() else {
        return Err(ShardError::Empty);
    };
    let p0 = &first.summary.provenance;
    for (path, f) in parts {
        check_run_file(&label(path), f)?;
        let p = &f.summary.provenance;
        let differs = |what, a: String, b: String| ShardError::Differs {
            part: label(path),
            first: label(first_path),
            what,
            a,
            b,
        };
        if p.tool_version != p0.tool_version {
            return Err(differs(
                "detente versions",
                p.tool_version.clone(),
                p0.tool_version.clone(),
            ));
        }
        if p.scenario_sha256 != p0.scenario_sha256 {
            return Err(differs(
                "scenarios",
                p.scenario_sha256.clone(),
                p0.scenario_sha256.clone(),
            ));
        }
        if p.seed != p0.seed {
            return Err(differs("seeds", p.seed.to_string(), p0.seed.to_string()));
        }
        if p.runs != p0.runs {
            return Err(differs(
                "run counts",
                p.runs.to_string(),
                p0.runs.to_string(),
            ));
        }
        if p.overrides != p0.overrides {
            return Err(differs(
                "--set overrides",
                p.overrides.join(" "),
                p0.overrides.join(" "),
            ));
        }
        if p.partial {
            return Err(ShardError::Partial { part: label(path) });
        }
        if !f.aggregate.same_shape(&first.aggregate) || f.summary.scenario != first.summary.scenario
        {
            return Err(differs(
                "shapes",
                "its scenario's actors, issues or horizon".into(),
                "the first part's".into(),
            ));
        }
    }
    let ranges: Vec<(String, [u64; 2])> = parts
        .iter()
        .map(|(p, f)| (label(p), f.summary.provenance.run_range))
        .collect();
    let order = coverage_order(&ranges, p0.runs)?;
    let agg = merge_aggregates(parts, &order, |f| Some(&f.aggregate))?;
    let mut prov = p0.clone();
    prov.run_range = [0, p0.runs];
    prov.partial = false;
    let summary = agg.summarize(&first.summary.scenario, prov);
    Ok(RunFile {
        format: RUN_FORMAT.into(),
        summary,
        aggregate: agg,
        // Every shard records the same first run (it depends on the seed only).
        positions: first.positions.clone(),
    })
}

/// Merge the aggregates `get` picks from each part, in `order`, with overflow checks.
fn merge_aggregates<T>(
    parts: &[(PathBuf, T)],
    order: &[usize],
    get: impl Fn(&T) -> Option<&Aggregate>,
) -> Result<Aggregate, ShardError> {
    let no_agg = |i: usize| ShardError::NoAggregates {
        part: label(&parts[i].0),
    };
    let mut agg = get(&parts[order[0]].1)
        .ok_or_else(|| no_agg(order[0]))?
        .clone();
    for &i in &order[1..] {
        let a = get(&parts[i].1).ok_or_else(|| no_agg(i))?;
        if !agg.same_shape(a) {
            return Err(ShardError::Damaged {
                part: label(&parts[i].0),
                why: "its aggregate does not fit the other parts'".into(),
            });
        }
        agg.checked_merge(a).ok_or_else(|| ShardError::Overflow {
            part: label(&parts[i].0),
        })?;
    }
    Ok(agg)
}

/// The `--set` text for one value (integers without a decimal point, so integer
/// keys such as `talks.deadline` accept them).
pub fn set_value(path: &str, v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{path}={}", v as i64)
    } else {
        format!("{path}={v}")
    }
}

/// Check one sweep file on its own: its run range, and at every point an aggregate
/// that fits the point's scenario and counts the file's runs.
pub fn check_sweep_file(part: &str, r: &SweepResult) -> Result<(), ShardError> {
    let damaged = |why: String| ShardError::Damaged {
        part: part.to_string(),
        why,
    };
    if r.format != crate::report::json::SWEEP_FORMAT {
        return Err(damaged(format!(
            "it has format `{}`, expected `{}`",
            r.format,
            crate::report::json::SWEEP_FORMAT
        )));
    }
    let [start, end] = r.run_range;
    check_range(r.total_runs, r.run_range, r.runs).map_err(damaged)?;
    if r.runs != end - start {
        return Err(damaged(
            "its runs per point disagree with its run range".into(),
        ));
    }
    let width = r.parameters.len();
    if r.points.is_empty() || width == 0 || width > 2 {
        return Err(damaged(
            "it has no points or a wrong number of parameters".into(),
        ));
    }
    for (k, point) in r.points.iter().enumerate() {
        if point.values.len() != width || point.values.iter().any(|v| !v.is_finite()) {
            return Err(damaged(format!("point {} has wrong values", k + 1)));
        }
        let (Some(info), Some(agg)) = (&point.info, &point.aggregate) else {
            return Err(ShardError::NoAggregates {
                part: part.to_string(),
            });
        };
        agg.check(info)
            .map_err(|why| damaged(format!("point {}: {why}", k + 1)))?;
        if agg.runs != r.runs || info.horizon != r.horizon {
            return Err(damaged(format!(
                "point {} counts {} runs, but the file declares {} per point",
                k + 1,
                agg.runs,
                r.runs
            )));
        }
    }
    Ok(())
}

/// Merge the shards of one sweep: same scenario, seed, runs, overrides, parameters and
/// points; run ranges contiguous and covering every run. Each point's aggregates merge
/// exactly (with overflow checks), so the result is the bytes of a one-process sweep.
pub fn merge_sweeps(parts: &[(PathBuf, SweepResult)]) -> Result<SweepResult, ShardError> {
    let Some((first_path, first)) = parts.first() else {
        return Err(ShardError::Empty);
    };
    for (path, p) in parts {
        check_sweep_file(&label(path), p)?;
        let same = p.tool_version == first.tool_version
            && p.scenario_sha256 == first.scenario_sha256
            && p.seed == first.seed
            && p.total_runs == first.total_runs
            && p.overrides == first.overrides
            && p.parameters == first.parameters
            && p.points.len() == first.points.len()
            && p.points
                .iter()
                .zip(&first.points)
                .all(|(a, b)| a.values == b.values && a.info == b.info);
        if !same {
            return Err(ShardError::Differs {
                part: label(path),
                first: label(first_path),
                what: "sweeps",
                a: "scenario, seed, runs, --set, --vary or version".into(),
                b: "the first part's".into(),
            });
        }
    }
    let ranges: Vec<(String, [u64; 2])> =
        parts.iter().map(|(p, r)| (label(p), r.run_range)).collect();
    let order = coverage_order(&ranges, first.total_runs)?;
    let mut out = parts[order[0]].1.clone();
    for (k, point) in out.points.iter_mut().enumerate() {
        let agg = merge_aggregates(parts, &order, |r: &SweepResult| {
            r.points.get(k).and_then(|q| q.aggregate.as_ref())
        })?;
        let info = point.info.clone().ok_or_else(|| ShardError::NoAggregates {
            part: label(first_path),
        })?;
        let mut overrides = first.overrides.clone();
        for (path, v) in first.parameters.iter().zip(&point.values) {
            overrides.push(set_value(path, *v));
        }
        let prov = Provenance {
            tool_version: first.tool_version.clone(),
            scenario_sha256: first.scenario_sha256.clone(),
            seed: first.seed,
            runs: first.total_runs,
            run_range: [0, first.total_runs],
            overrides,
            partial: false,
        };
        point.headline = Headline::of(&agg.summarize(&info, prov));
        point.aggregate = Some(agg);
    }
    out.runs = first.total_runs;
    out.run_range = [0, first.total_runs];
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_ranges_tile_the_runs() {
        for runs in [0u64, 1, 3, 10, 1_000_000_000_007] {
            for n in [1u64, 2, 5, 16] {
                let mut next = 0;
                for k in 0..n {
                    let (a, b) = shard_range(runs, k, n);
                    assert_eq!(a, next);
                    next = b;
                }
                assert_eq!(next, runs);
            }
        }
        assert_eq!(shard_range(u64::MAX, 1, 2), (u64::MAX / 2, u64::MAX));
    }

    #[test]
    fn shard_specs_parse_or_say_why() {
        assert_eq!(Shard::parse("3/8"), Ok(Shard { k: 3, n: 8 }));
        for bad in ["8/8", "1/0", "x/2", "2", "-1/3", "1/2/3"] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn coverage_refuses_gaps_and_overlaps() {
        let r = |v: &[[u64; 2]]| -> Vec<(String, [u64; 2])> {
            v.iter()
                .enumerate()
                .map(|(i, x)| (format!("p{i}"), *x))
                .collect()
        };
        assert_eq!(coverage_order(&r(&[[5, 10], [0, 5]]), 10), Ok(vec![1, 0]));
        assert!(matches!(
            coverage_order(&r(&[[0, 5], [4, 10]]), 10),
            Err(ShardError::Overlap { .. })
        ));
        assert_eq!(
            coverage_order(&r(&[[0, 5]]), 10),
            Err(ShardError::Gap { from: 5, to: 10 })
        );
    }
}
