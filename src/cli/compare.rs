//! `detente compare`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct CompareArgs {}

pub fn run(_args: CompareArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente compare` is not implemented yet".into(),
    ))
}
