//! `detente plot`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct PlotArgs {}

pub fn run(_args: PlotArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente plot` is not implemented yet".into(),
    ))
}
