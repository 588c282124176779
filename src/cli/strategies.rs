//! `detente strategies`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct StrategiesArgs {}

pub fn run(_args: StrategiesArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente strategies` is not implemented yet".into(),
    ))
}
