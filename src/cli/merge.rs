//! `detente merge`: combine the `--json` results of sharded runs into one result,
//! byte-identical to a single-process run with the same seed and runs.

use super::run::read_run_file;
use super::{CliError, write_output};
use crate::report::json::{RUN_FORMAT, RunFile, to_json};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  for k in 0 1 2 3; do detente run s.toml --runs 1000000 --shard $k/4 --json part$k.json; done
  detente merge part*.json -o result.json")]
pub struct MergeArgs {
    /// Partial results written by `detente run --shard K/N --json FILE`
    #[arg(required = true)]
    pub parts: Vec<PathBuf>,
    /// Where to write the merged result (JSON; - for stdout)
    #[arg(short, long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run(args: MergeArgs) -> Result<ExitCode, CliError> {
    let first = super::read_input(&args.parts[0])?;
    if first.starts_with(b"{\n  \"format\": \"detente-sweep/") {
        return merge_sweep_files(&args);
    }
    let mut parts = Vec::new();
    for p in &args.parts {
        parts.push((p.clone(), read_run_file(p)?.0));
    }
    let merged = merge_files(&parts)?;
    write_output(&args.out, &to_json(&merged))?;
    if args.out.as_os_str() != "-" {
        crate::say!(
            "merged {} parts ({} runs) into {}",
            parts.len(),
            merged.summary.runs,
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Merge partial results; refuses gaps, overlaps, duplicates, partial parts, and
/// parts from different scenarios, seeds, versions, overrides or run counts.
pub fn merge_files(parts: &[(PathBuf, RunFile)]) -> Result<RunFile, CliError> {
    let Some((first_path, first)) = parts.first() else {
        return Err(CliError::Input("error: nothing to merge".into()));
    };
    let p0 = &first.summary.provenance;
    for (path, f) in parts {
        let p = &f.summary.provenance;
        let differs = |what: &str, a: String, b: String| {
            CliError::Input(format!(
                "error: cannot merge {} with {}: different {what} ({a} vs {b})\n  = help: merge only the shards of one experiment",
                path.display(),
                first_path.display()
            ))
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
            return Err(CliError::Input(format!(
                "error: {} is a partial (interrupted) result\n  = help: re-run that shard to completion before merging",
                path.display()
            )));
        }
        if !f.aggregate.same_shape(&first.aggregate) || f.summary.scenario != first.summary.scenario
        {
            return Err(differs(
                "shapes",
                "its scenario's actors, issues or horizon".into(),
                "the first part's".into(),
            ));
        }
        if p.run_range[1] < p.run_range[0] || f.aggregate.runs != p.run_range[1] - p.run_range[0] {
            return Err(CliError::Input(format!(
                "error: {} is inconsistent: its run range does not match its run count",
                path.display()
            )));
        }
    }
    let ranges: Vec<(&std::path::Path, [u64; 2])> = parts
        .iter()
        .map(|(p, f)| (p.as_path(), f.summary.provenance.run_range))
        .collect();
    let order = coverage_order(&ranges, p0.runs)?;
    let mut agg = parts[order[0]].1.aggregate.clone();
    for &i in &order[1..] {
        agg.merge(&parts[i].1.aggregate);
    }
    let mut prov = p0.clone();
    prov.run_range = [0, p0.runs];
    prov.partial = false;
    let summary = agg.summarize(&first.summary.scenario, prov);
    Ok(RunFile {
        format: RUN_FORMAT.into(),
        summary,
        aggregate: agg,
    })
}

/// `merge` on the `--json` files of a sharded sweep.
fn merge_sweep_files(args: &MergeArgs) -> Result<ExitCode, CliError> {
    let mut parts = Vec::new();
    for p in &args.parts {
        let bytes = super::read_input(p)?;
        let r: crate::report::compare::SweepResult = serde_json::from_slice(&bytes).map_err(|e| {
            CliError::Input(format!(
                "error: {} is not a detente sweep result: {e}\n  --> {}:{}:{}\n  = help: pass only files written by `detente sweep --json` (mixing sweeps and runs is not possible)",
                p.display(),
                p.display(),
                e.line(),
                e.column()
            ))
        })?;
        if r.format != super::sweep::SWEEP_FORMAT {
            return Err(CliError::Input(format!(
                "error: {} has format `{}`, expected `{}`",
                p.display(),
                r.format,
                super::sweep::SWEEP_FORMAT
            )));
        }
        parts.push((p.clone(), r));
    }
    let merged = super::sweep::merge_sweeps(&parts)?;
    write_output(&args.out, &to_json(&merged))?;
    if args.out.as_os_str() != "-" {
        crate::say!(
            "merged {} sweep parts ({} runs per point) into {}",
            parts.len(),
            merged.runs,
            args.out.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Order parts by their run ranges and check that together they cover `0..total`
/// exactly once: no gap, no overlap. Returns the indices in run order.
pub fn coverage_order(
    ranges: &[(&std::path::Path, [u64; 2])],
    total: u64,
) -> Result<Vec<usize>, CliError> {
    let mut order: Vec<usize> = (0..ranges.len()).collect();
    order.sort_by_key(|&i| ranges[i].1);
    let mut next = 0u64;
    for &i in &order {
        let (path, [a, b]) = ranges[i];
        if a < next {
            return Err(CliError::Input(format!(
                "error: {} overlaps another part: it covers runs {a} to {b}, but runs up to {next} are already covered\n  = help: pass each shard once",
                path.display()
            )));
        }
        if a > next {
            return Err(CliError::Input(format!(
                "error: runs {next} to {a} are missing (no part covers them)\n  = help: run the missing shard and pass its file too"
            )));
        }
        next = b;
    }
    if next != total {
        return Err(CliError::Input(format!(
            "error: runs {next} to {total} are missing (no part covers them)\n  = help: run the missing shard and pass its file too"
        )));
    }
    Ok(order)
}
