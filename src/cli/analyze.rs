//! `detente analyze`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct AnalyzeArgs {}

pub fn run(_args: AnalyzeArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente analyze` is not implemented yet".into(),
    ))
}
