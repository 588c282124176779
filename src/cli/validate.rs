//! `detente validate`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {}

pub fn run(_args: ValidateArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente validate` is not implemented yet".into(),
    ))
}
