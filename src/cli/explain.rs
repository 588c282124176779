//! `detente explain`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {}

pub fn run(_args: ExplainArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente explain` is not implemented yet".into(),
    ))
}
