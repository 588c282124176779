//! `detente run`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct RunArgs {}

pub fn run(_args: RunArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente run` is not implemented yet".into(),
    ))
}
