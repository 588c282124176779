//! `detente plot`: draw the charts of a saved JSON summary (written by `detente run
//! --json`) again, without re-running, into a folder. Also home of [`write_charts`],
//! which `run --plots` reuses.

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
    let charts = charts::run_charts_in(&summary, args.format.formats(), charts::DEFAULT_SIZE)
        .map_err(|e| CliError::Failure(anyhow::anyhow!(e)))?;
    let written = write_charts(&args.out, &charts)?;
    let mut out = String::new();
    for p in &written {
        out.push_str(&format!("wrote {}\n", p.display()));
    }
    write_output(Path::new("-"), out.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// Read a [`Summary`] from the JSON of `detente run --json`: either the whole output
/// (an object with a `"summary"` field) or a bare summary. Errors name the file and
/// the line and column.
pub fn parse_summary(path: &Path, bytes: &[u8]) -> Result<Summary, CliError> {
    #[derive(serde::Deserialize)]
    struct Wrapped {
        summary: Summary,
    }
    let bad = |e: serde_json::Error| {
        CliError::Input(format!(
            "error: {} is not a run summary: {e}\n  = help: pass the JSON written by `detente run --json`",
            path.display()
        ))
    };
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(bad)?;
    if value.get("summary").is_some() {
        serde_json::from_slice::<Wrapped>(bytes)
            .map(|w| w.summary)
            .map_err(bad)
    } else {
        serde_json::from_slice::<Summary>(bytes).map_err(bad)
    }
}

/// Write each chart as `dir/{name}.{ext}` (atomically), creating `dir` if missing.
/// Returns the paths written, in order.
pub fn write_charts(dir: &Path, charts: &[Chart]) -> Result<Vec<PathBuf>, CliError> {
    if !dir.is_dir() {
        std::fs::create_dir_all(dir).map_err(|e| {
            CliError::Input(format!(
                "error: cannot create the folder {}: {e}\n  = help: choose another --out folder",
                dir.display()
            ))
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
