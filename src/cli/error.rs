//! What can go wrong on the command line, as data: [`CliError`] decides the exit code,
//! and [`Usage`] holds a usage problem's message and advice, rendered in one place
//! (`error: …` then `  = help: …`, the layout of the scenario diagnostics).

use std::fmt;

/// What went wrong, and so which exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Scenario diagnostics, already rendered with file:line:col and a caret (there
    /// may be several). Exit code 2.
    #[error("{0}")]
    Input(String),
    /// Bad usage or a bad input file outside the scenario format: what is wrong and
    /// what to do. Exit code 2.
    #[error("{0}")]
    Usage(Usage),
    /// A failure that is not the user's input (IO, a bug). Exit code 1.
    #[error(transparent)]
    Failure(#[from] anyhow::Error),
}

impl CliError {
    /// A usage error with advice.
    pub fn usage(message: impl Into<String>, help: impl Into<String>) -> CliError {
        CliError::Usage(Usage {
            message: message.into(),
            help: Some(help.into()),
        })
    }

    /// A usage error whose message says all there is to say.
    pub fn bare(message: impl Into<String>) -> CliError {
        CliError::Usage(Usage {
            message: message.into(),
            help: None,
        })
    }

    /// True for the errors that exit with code 2 (bad input or usage).
    pub fn is_input(&self) -> bool {
        matches!(self, CliError::Input(_) | CliError::Usage(_))
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Failure(e.into())
    }
}

/// A usage problem: what is wrong (one sentence, lower case, no `error:` prefix) and,
/// when there is something to do, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for Usage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if let Some(h) = &self.help {
            write!(f, "\n  = help: {h}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_renders_message_then_help() {
        let e = CliError::usage("--threads must be at least 1", "leave it out");
        assert_eq!(
            e.to_string(),
            "error: --threads must be at least 1\n  = help: leave it out"
        );
        assert_eq!(
            CliError::bare("nothing to merge").to_string(),
            "error: nothing to merge"
        );
        assert!(e.is_input());
    }
}
