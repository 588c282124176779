//! `detente new`: write a commented starting scenario from an embedded template, to
//! stdout or to a file that must not exist yet (unless `--force`).

use super::{CliError, write_output};
use std::path::PathBuf;
use std::process::ExitCode;

/// The treaty template: two parties, one issue, every section with comments.
pub const TREATY_TEMPLATE: &str = include_str!("templates/treaty.toml");
/// The game template: a plain 2×2 `[game]` (the prisoner's dilemma).
pub const GAME_TEMPLATE: &str = include_str!("templates/game.toml");

/// Which template to start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Template {
    /// Two parties negotiating one issue, with a treaty that may fail
    Treaty,
    /// A plain two-player game for analyze, tournament and evolve
    Game,
}

impl Template {
    /// The template's text.
    pub fn text(self) -> &'static str {
        match self {
            Template::Treaty => TREATY_TEMPLATE,
            Template::Game => GAME_TEMPLATE,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The starting point
    #[arg(long, value_enum, default_value_t = Template::Treaty)]
    pub template: Template,
    /// Write to FILE instead of stdout (`-` is stdout)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: NewArgs) -> Result<ExitCode, CliError> {
    let path = args.output.unwrap_or_else(|| PathBuf::from("-"));
    if path.as_os_str() != "-" && path.exists() && !args.force {
        return Err(CliError::usage(
            format!("{} already exists; not overwriting it", path.display()),
            "pass --force to replace it, or choose another file name",
        ));
    }
    write_output(&path, args.template.text().as_bytes())?;
    if path.as_os_str() != "-" {
        crate::say!(
            "wrote {}; next: detente explain {}",
            path.display(),
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
