//! The `detente` binary: parse the command line, run the library, map errors to exit
//! codes (2 bad input or usage, 1 failure, 0 on a broken pipe).

use clap::Parser;
use detente::cli::{self, CliError};
use std::process::ExitCode;

fn main() -> ExitCode {
    let parsed = match cli::Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { cli::EXIT_INPUT } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli::dispatch(parsed) {
        Ok(code) => code,
        Err(e @ (CliError::Input(_) | CliError::Usage(_))) => {
            detente::say!("{}", e.to_string().trim_end());
            ExitCode::from(cli::EXIT_INPUT)
        }
        Err(CliError::Failure(e)) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            detente::say!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
