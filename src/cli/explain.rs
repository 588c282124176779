//! `detente explain FILE [--set k=v]...`: load a scenario and print it in plain words
//! (`report::explain`); the loader's warnings go to stderr.

use super::{CliError, read_input};
use crate::report::explain::explain_with_engine;
use crate::scenario;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// Scenario file (TOML)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Change one value before explaining, e.g. `--set actor.usa.payoffs.gain=2`
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
    /// Remove a key before explaining, e.g. `--unset actor.europe.principal` (after --set)
    #[arg(long = "unset", value_name = "KEY.PATH")]
    pub unset: Vec<String>,
}

pub fn run(args: ExplainArgs) -> Result<ExitCode, CliError> {
    let bytes = read_input(&args.file)?;
    let name = args.file.display().to_string();
    let loaded = scenario::load(
        &name,
        &bytes,
        &super::options::overrides(&args.set, &args.unset),
    )
    .map_err(|e| CliError::Input(e.render()))?;
    if !loaded.warnings.is_empty() {
        crate::say_raw!("{}", scenario::render_warnings(&loaded, &name, &bytes));
    }
    let text = explain_with_engine(&loaded.scenario);
    super::print_text(&text)?;
    Ok(ExitCode::SUCCESS)
}
