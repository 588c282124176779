//! `detente merge`: not implemented yet.

use super::CliError;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct MergeArgs {}

pub fn run(_args: MergeArgs) -> Result<ExitCode, CliError> {
    Err(CliError::Input(
        "error: `detente merge` is not implemented yet".into(),
    ))
}
