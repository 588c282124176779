//! `detente new`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct NewArgs {}

pub fn run(_args: NewArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente new` is not implemented yet".into(),
    ))
}
