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

    /// The file name the template's header uses in its example commands.
    fn placeholder(self) -> &'static str {
        match self {
            Template::Treaty => "my-scenario.toml",
            Template::Game => "my-game.toml",
        }
    }

    /// The template written to `file`: its example commands name `file` (shell-quoted
    /// where needed), with the comments after them kept in line where it fits. A name
    /// with a control character (a newline would end the comment) keeps the
    /// placeholder.
    pub fn text_for(self, file: &str) -> String {
        let text = self.text();
        if file.chars().any(char::is_control) {
            return text.to_string();
        }
        let name = super::report::shell_quote(file);
        let place = self.placeholder();
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            match line.split_once(place) {
                Some((head, tail)) if head.starts_with('#') => {
                    let rest = tail.trim_start_matches(' ');
                    let width = place.len() + tail.len() - rest.len();
                    let pad = width.saturating_sub(name.chars().count());
                    let gap = if rest.trim_end().is_empty() {
                        0
                    } else {
                        pad.max(1)
                    };
                    out.push_str(head);
                    out.push_str(&name);
                    out.push_str(&" ".repeat(gap));
                    out.push_str(rest);
                }
                _ => out.push_str(line),
            }
        }
        out
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
    let text = if path.as_os_str() == "-" {
        args.template.text().to_string()
    } else {
        args.template.text_for(&path.to_string_lossy())
    };
    write_output(&path, text.as_bytes())?;
    if path.as_os_str() != "-" {
        crate::say!(
            "wrote {}; next: detente explain {}",
            path.display(),
            super::report::shell_quote(&path.to_string_lossy())
        );
    }
    Ok(ExitCode::SUCCESS)
}
