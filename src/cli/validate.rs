//! `detente validate FILE...`: load each scenario, print `ok: FILE — name` and its
//! warnings, or all its errors; exit 2 at the end if any file had errors.

use super::CliError;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Scenario files to check
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Override a value before checking, e.g. `--set actor.russia.discount=0.9` (repeatable)
    #[arg(long = "set", value_name = "KEY.PATH=VALUE")]
    pub set: Vec<String>,
    /// Remove a key before checking, e.g. `--unset actor.europe.principal` (repeatable;
    /// after --set)
    #[arg(long = "unset", value_name = "KEY.PATH")]
    pub unset: Vec<String>,
    /// Do not print warnings
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: ValidateArgs) -> Result<ExitCode, CliError> {
    let overrides = super::options::overrides(&args.set, &args.unset);
    let mut failed = false;
    let mut err = std::io::stderr().lock();
    for path in &args.files {
        let name = path.display().to_string();
        let bytes = match super::read_input(path) {
            Ok(b) => b,
            Err(e) if e.is_input() => {
                failed = true;
                writeln!(err, "{}", super::terminal_text(&e.to_string()))?;
                continue;
            }
            Err(e) => return Err(e),
        };
        match crate::scenario::load(&name, &bytes, &overrides) {
            Ok(loaded) => {
                let line = format!("ok: {name} — {}", loaded.scenario.meta.name);
                writeln!(err, "{}", super::terminal_text(&line))?;
                if !args.quiet && !loaded.warnings.is_empty() {
                    let warnings = crate::scenario::render_warnings(&loaded, &name, &bytes);
                    write!(err, "{}", super::terminal_text(&warnings))?;
                }
            }
            Err(e) => {
                failed = true;
                write!(err, "{}", super::terminal_text(&e.render()))?;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(super::EXIT_INPUT)
    } else {
        ExitCode::SUCCESS
    })
}
