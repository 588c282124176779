//! `detente plot`: draw the charts of a saved JSON summary (written by `detente run
//! --json`) again, without re-running, into a folder. Also home of the `--plots DIR
//! [--format ...]` options that run, sweep, compare, tournament and evolve share
//! ([`PlotsArgs`], [`emit_charts`]) and of [`write_charts`].

use super::{CliError, read_input, write_output};
use crate::engine::summary::Summary;
use crate::report::charts::{self, Chart, Format};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Which image formats to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatChoice {
    Png,
    Svg,
    Both,
}

impl FormatChoice {
    /// The formats, PNG first.
    pub fn formats(self) -> &'static [Format] {
        match self {
            FormatChoice::Png => &[Format::Png],
            FormatChoice::Svg => &[Format::Svg],
            FormatChoice::Both => &[Format::Png, Format::Svg],
        }
    }
}

/// `--plots DIR [--format png|svg|both]`, flattened into the commands that draw charts.
#[derive(Debug, Clone, clap::Args)]
pub struct PlotsArgs {
    /// Draw the charts into DIR (created if missing); the paths are printed to stderr
    #[arg(long, value_name = "DIR")]
    pub plots: Option<PathBuf>,
    /// Image format(s) of --plots
    #[arg(long, value_enum, default_value_t = FormatChoice::Both, requires = "plots")]
    pub format: FormatChoice,
}

/// If `--plots DIR` was given, draw the charts with `build(formats, size)`, write them
/// into DIR and list the paths on stderr. Does nothing without `--plots`.
pub fn emit_charts(
    args: &PlotsArgs,
    build: impl FnOnce(&[Format], (u32, u32)) -> Result<Vec<Chart>, charts::ChartError>,
) -> Result<(), CliError> {
    let Some(dir) = &args.plots else {
        return Ok(());
    };
    let charts = build(args.format.formats(), charts::DEFAULT_SIZE)
        .map_err(|e| CliError::Failure(anyhow::anyhow!(e)))?;
    for p in write_charts(dir, &charts)? {
        crate::say!("wrote {}", p.display());
    }
    Ok(())
}

/// `run --plots`: the run charts of `summary` (the same bytes `detente plot` draws
/// from the summary's JSON).
pub fn emit_run_charts(args: &PlotsArgs, summary: &Summary) -> Result<(), CliError> {
    emit_charts(args, |formats, size| {
        charts::run_charts_in(summary, formats, size)
    })
}

/// `run --plots` with `protocol = "expected-utility"`: the positions over the rounds
/// of the first run and the prediction across runs, per issue.
pub fn emit_positions_charts(
    args: &PlotsArgs,
    summary: &Summary,
    positions: Option<&crate::report::json::PositionsReport>,
) -> Result<(), CliError> {
    let Some(report) = positions else {
        return Ok(());
    };
    emit_charts(args, |formats, size| {
        charts::positions::positions_charts(summary, report, formats, size)
    })
}

#[derive(Debug, clap::Args)]
pub struct PlotArgs {
    /// JSON summary written by `detente run --json` (the whole output, or just its "summary")
    pub summary: PathBuf,
    /// Folder to write the charts into (created if missing)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Image format(s) to write
    #[arg(long, value_enum, default_value_t = FormatChoice::Both)]
    pub format: FormatChoice,
}

pub fn run(args: PlotArgs) -> Result<ExitCode, CliError> {
    let bytes = read_input(&args.summary)?;
    let summary = parse_summary(&args.summary, &bytes)?;
    let mut charts = charts::run_charts_in(&summary, args.format.formats(), charts::DEFAULT_SIZE)
        .map_err(|e| CliError::Failure(anyhow::anyhow!(e)))?;
    if let Some(report) = parse_positions(&args.summary, &bytes)? {
        charts.extend(
            charts::positions::positions_charts(
                &summary,
                &report,
                args.format.formats(),
                charts::DEFAULT_SIZE,
            )
            .map_err(|e| CliError::Failure(anyhow::anyhow!(e)))?,
        );
    }
    let written = write_charts(&args.out, &charts)?;
    let mut out = String::new();
    for p in &written {
        out.push_str(&format!("wrote {}\n", p.display()));
    }
    super::print_text(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The expected-utility model's rounds a run file records (`positions`), checked so
/// that a crafted file cannot make the chart index past its arrays. The file already
/// passed [`parse_summary`].
fn parse_positions(
    path: &Path,
    bytes: &[u8],
) -> Result<Option<crate::report::json::PositionsReport>, CliError> {
    #[derive(serde::Deserialize)]
    struct Wrapped {
        #[serde(default)]
        positions: Option<crate::report::json::PositionsReport>,
    }
    let bad = |why: String| {
        CliError::Input(format!(
            "error: {} is damaged: {why}\n  = help: re-create it with `detente run --json`",
            path.display()
        ))
    };
    let w: Wrapped = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
    if let Some(r) = &w.positions {
        r.check().map_err(bad)?;
    }
    Ok(w.positions)
}

/// Read a [`Summary`] from the JSON of `detente run --json`: either the whole output
/// (an object with a `"summary"` field) or a bare summary. Errors name the file and
/// the line and column. A whole run file (with its `"format"`) must pass the checks of
/// [`super::merge::read_run_file`] (content digest, consistent aggregate) and its
/// summary must be the one its aggregate gives; a bare summary, which has neither, is
/// checked on its own ([`Summary::check`]): nothing is drawn from a file that claims
/// shares above 1, survival below 0 or a horizon beyond the loader's limit.
pub fn parse_summary(path: &Path, bytes: &[u8]) -> Result<Summary, CliError> {
    #[derive(serde::Deserialize)]
    struct Wrapped {
        summary: Summary,
    }
    let bad = |e: serde_json::Error| {
        CliError::usage(
            format!("{} is not a run summary: {e}", path.display()),
            "pass the JSON written by `detente run --json`",
        )
    };
    let damaged = |why: String| {
        CliError::usage(
            format!("{} is damaged: {why}", path.display()),
            "re-create it with `detente run --json`",
        )
    };
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(bad)?;
    let summary = if value.get("format").is_some() {
        let file: crate::report::json::RunFile = serde_json::from_value(value).map_err(bad)?;
        crate::shard::check_run_file(&path.display().to_string(), &file)?;
        crate::report::json::verify_seal(bytes).map_err(|e| {
            CliError::usage(
                format!("{} cannot be trusted: {e}", path.display()),
                "re-create it with `detente run --json` or `detente merge`",
            )
        })?;
        let again = file
            .aggregate
            .summarize(&file.summary.scenario, file.summary.provenance.clone());
        if crate::report::json::to_json(&again) != crate::report::json::to_json(&file.summary) {
            return Err(damaged(
                "its summary is not the one its aggregate gives".into(),
            ));
        }
        file.summary
    } else if value.get("summary").is_some() {
        serde_json::from_value::<Wrapped>(value)
            .map_err(bad)?
            .summary
    } else {
        serde_json::from_value::<Summary>(value).map_err(bad)?
    };
    summary.check().map_err(damaged)?;
    Ok(summary)
}

/// Write each chart as `dir/{name}.{ext}` (atomically), creating `dir` if missing.
/// Returns the paths written, in order.
pub fn write_charts(dir: &Path, charts: &[Chart]) -> Result<Vec<PathBuf>, CliError> {
    if !dir.is_dir() {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::usage(
                format!("cannot create the folder {}: {e}", dir.display()),
                "choose another folder for the charts",
            )
        })?;
    }
    let mut written = Vec::with_capacity(charts.len());
    for c in charts {
        let path = dir.join(c.file_name());
        write_output(&path, &c.bytes)?;
        written.push(path);
    }
    Ok(written)
}
