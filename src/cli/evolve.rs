//! `detente evolve`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct EvolveArgs {}

pub fn run(_args: EvolveArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente evolve` is not implemented yet".into(),
    ))
}
