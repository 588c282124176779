//! `detente merge`: combine the `--json` results of sharded runs or sweeps into one
//! result, byte-identical to a single-process run with the same seed and runs. Also
//! home of [`read_run_file`] and [`read_sweep_file`], which every command that reads a
//! result file uses: they verify the file's content digest and its internal
//! consistency before anything is computed from it. The merge itself is the
//! library's ([`crate::shard`]).

use super::{CliError, read_input, write_output};
use crate::report::compare::SweepResult;
use crate::report::json::{
    FileKind, MaybePartial, RunFile, SWEEP_FORMAT, file_kind, to_sealed_json, verify_seal,
};
use crate::shard::{self, ShardError};
use std::path::{Path, PathBuf};
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

impl From<ShardError> for CliError {
    fn from(e: ShardError) -> Self {
        CliError::usage(e.to_string(), e.help())
    }
}

/// Whether `bytes` start like a sweep result file.
/// Whether `bytes` is a sweep result, by its format header.
fn is_sweep(bytes: &[u8]) -> bool {
    file_kind(bytes) == FileKind::Sweep
}

pub fn run(args: MergeArgs) -> Result<ExitCode, CliError> {
    let first = read_input(&args.parts[0])?;
    if is_sweep(&first) {
        return merge_sweep_files(&args);
    }
    let mut parts = Vec::new();
    for p in &args.parts {
        parts.push((p.clone(), read_run_file(p)?.0));
    }
    let merged = shard::merge_runs(&parts)?;
    write_output(&args.out, &to_sealed_json(&merged))?;
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

/// `merge` on the `--json` files of a sharded sweep.
fn merge_sweep_files(args: &MergeArgs) -> Result<ExitCode, CliError> {
    let mut parts = Vec::new();
    for p in &args.parts {
        parts.push((p.clone(), read_sweep_file(p)?));
    }
    let merged = shard::merge_sweeps(&parts)?;
    write_output(&args.out, &to_sealed_json(&merged))?;
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

/// The error for a result file whose content digest does not hold.
fn edited(path: &Path, e: crate::report::json::SealError) -> CliError {
    CliError::usage(
        format!("{} cannot be trusted: {e}", path.display()),
        "re-create it with the command that wrote it (`detente run --json`, `detente sweep --json` or `detente merge`)",
    )
}

/// Read a run result file written by `run --json` or `merge`: parsed, checked for
/// consistency ([`shard::check_run_file`]: damaged files are refused before any
/// number is used) and for its content digest (edited files are refused). Returns the
/// file and its bytes.
pub fn read_run_file(path: &Path) -> Result<(RunFile, Vec<u8>), CliError> {
    let bytes = read_input(path)?;
    let shown = path.display();
    if is_sweep(&bytes) {
        return Err(CliError::usage(
            format!(
                "{shown} is a sweep result; only run results (`detente run --json`) can be merged with it, plotted or checked"
            ),
            "to merge the shards of a sweep, pass only sweep files to `detente merge`",
        ));
    }
    let file: RunFile = serde_json::from_slice(&bytes).map_err(|e| {
        CliError::Input(format!(
            "error: {shown} is not a detente run result: {}\n  --> {shown}:{}:{}\n  = help: pass a file written by `detente run --json FILE` or `detente merge`",
            e,
            e.line(),
            e.column()
        ))
    })?;
    shard::check_run_file(&path.display().to_string(), &file)?;
    verify_seal(&bytes).map_err(|e| edited(path, e))?;
    Ok((file, bytes))
}

/// Read a sweep result file written by `sweep --json` or `merge`, checked like
/// [`read_run_file`].
pub fn read_sweep_file(path: &Path) -> Result<SweepResult, CliError> {
    let bytes = read_input(path)?;
    let shown = path.display();
    let file: MaybePartial<SweepResult> = serde_json::from_slice(&bytes).map_err(|e| {
        CliError::Input(format!(
            "error: {shown} is not a detente sweep result: {}\n  --> {shown}:{}:{}\n  = help: pass only files written by `detente sweep --json` (mixing sweeps and runs is not possible)",
            e,
            e.line(),
            e.column()
        ))
    })?;
    if file.partial {
        return Err(ShardError::Partial {
            part: path.display().to_string(),
        }
        .into());
    }
    let r = file.result;
    if r.format != SWEEP_FORMAT {
        return Err(CliError::bare(format!(
            "{shown} has format `{}`, expected `{SWEEP_FORMAT}`",
            r.format
        )));
    }
    shard::check_sweep_file(&path.display().to_string(), &r)?;
    verify_seal(&bytes).map_err(|e| edited(path, e))?;
    Ok(r)
}
