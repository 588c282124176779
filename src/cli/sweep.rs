//! `detente sweep`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct SweepArgs {}

pub fn run(_args: SweepArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente sweep` is not implemented yet".into(),
    ))
}
