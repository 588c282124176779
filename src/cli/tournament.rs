//! `detente tournament`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct TournamentArgs {}

pub fn run(_args: TournamentArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente tournament` is not implemented yet".into(),
    ))
}
