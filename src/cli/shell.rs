//! `detente completions SHELL` and `detente man`: shell completions and manual pages
//! generated from the clap definitions, so they never drift from the options.

use super::{CliError, write_output};
use clap::CommandFactory;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  detente completions bash > ~/.local/share/bash-completion/completions/detente
  detente completions zsh > ~/.zfunc/_detente      (with fpath+=~/.zfunc in .zshrc)
  detente completions fish > ~/.config/fish/completions/detente.fish")]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  detente man | man -l -
  detente man --out man/        (detente.1 and one page per command, e.g. detente-run.1)")]
pub struct ManArgs {
    /// Write detente.1 and one page per command into DIR instead of printing detente.1
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn completions(args: CompletionsArgs) -> Result<ExitCode, CliError> {
    let mut cmd = super::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "detente", &mut out);
    write_output(std::path::Path::new("-"), &out)?;
    Ok(ExitCode::SUCCESS)
}

/// The roff source of one manual page.
fn page(cmd: clap::Command) -> Result<Vec<u8>, CliError> {
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut out)?;
    Ok(out)
}

/// Every page: `detente.1`, then `detente-COMMAND.1` per command, as (file name, roff).
pub fn pages() -> Result<Vec<(String, Vec<u8>)>, CliError> {
    let cmd = super::Cli::command();
    let mut out = vec![("detente.1".to_string(), page(cmd.clone())?)];
    for sub in cmd.get_subcommands() {
        let name = format!("detente-{}", sub.get_name());
        let sub = sub
            .clone()
            .display_name(name.clone())
            .version(env!("CARGO_PKG_VERSION"));
        out.push((format!("{name}.1"), page(sub)?));
    }
    Ok(out)
}

pub fn man(args: ManArgs) -> Result<ExitCode, CliError> {
    let pages = pages()?;
    match &args.out {
        None => write_output(std::path::Path::new("-"), &pages[0].1)?,
        Some(dir) => {
            if !dir.is_dir() {
                std::fs::create_dir_all(dir).map_err(|e| {
                    CliError::usage(
                        format!("cannot create the folder {}: {e}", dir.display()),
                        "choose a folder you can write to",
                    )
                })?;
            }
            for (name, bytes) in &pages {
                write_output(&dir.join(name), bytes)?;
            }
            crate::say!("wrote {} manual pages to {}", pages.len(), dir.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
