//! The command line: clap types, one handler per subcommand, and the only place that
//! touches files. Every handler returns a [`CliError`] that `main` maps to an exit code:
//! 2 for bad input or usage, 1 for failures, 0 on a broken pipe.

use clap::{Parser, Subcommand};

/// Like `eprintln!`, but never panics when stderr is closed (a broken pipe on
/// stderr must not turn a clean exit into a crash).
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Like `eprint!`, without the panic on a closed stderr.
#[macro_export]
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}
use std::path::Path;
use std::process::ExitCode;

pub mod analyze;
pub mod compare;
mod error;
pub mod estimate;
pub mod evolve;
pub mod explain;
pub mod merge;
pub mod new;
pub mod options;
pub mod plot;
pub mod progress;
pub mod run;
pub mod shell;
pub mod strategies;
pub mod sweep;
pub mod tournament;
pub mod validate;

pub use error::{CliError, Usage};

/// Exit code for bad input or usage.
pub const EXIT_INPUT: u8 = 2;
/// Exit code for a run stopped by Ctrl-C or SIGTERM after writing its partial summary.
pub const EXIT_INTERRUPTED: u8 = 130;

#[derive(Debug, Parser)]
#[command(
    name = "detente",
    version,
    about = "Simulate negotiation-position games: talks, treaties, violations, withdrawal and conflict",
    long_about = "detente plays a negotiation scenario (a TOML file: who wants what, who decides, \
what an agreement is worth, what breaking it pays, what leaving costs) thousands of times with \
a seeded Monte Carlo engine and reports how the outcomes are distributed.\n\n\
Start with:  detente run scenarios/security-guarantees.toml\n\
Explain one: detente explain scenarios/prisoners-dilemma.toml",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenario files and report every problem with its place
    Validate(validate::ValidateArgs),
    /// Describe a scenario in plain words: who decides, what each wants, the stage game
    Explain(explain::ExplainArgs),
    /// Write a commented starting scenario from a template
    New(new::NewArgs),
    /// Play a scenario many times and summarise the outcomes
    Run(run::RunArgs),
    /// Draw the charts of a saved JSON summary again, without re-running
    Plot(plot::PlotArgs),
    /// Run a scenario over a range of one or two parameters
    Sweep(sweep::SweepArgs),
    /// Compare scenarios (or variants of one) side by side, with a log-rank test
    Compare(compare::CompareArgs),
    /// Merge partial results of sharded runs into one summary
    Merge(merge::MergeArgs),
    /// Axelrod-style round-robin tournament of repeated-game strategies
    Tournament(tournament::TournamentArgs),
    /// Moran process and replicator dynamics over a tournament or a scenario's game
    Evolve(evolve::EvolveArgs),
    /// Equilibria, dominance, thresholds and bargaining solutions, explained
    Analyze(analyze::AnalyzeArgs),
    /// List the repeated-game strategies with their metadata and citations
    Strategies(strategies::StrategiesArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(shell::CompletionsArgs),
    /// Print the manual page (roff), or write one page per command with --out DIR
    Man(shell::ManArgs),
}

/// Run the parsed command line.
pub fn dispatch(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Validate(a) => validate::run(a),
        Command::Explain(a) => explain::run(a),
        Command::New(a) => new::run(a),
        Command::Run(a) => run::run(a),
        Command::Plot(a) => plot::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Merge(a) => merge::run(a),
        Command::Tournament(a) => tournament::run(a),
        Command::Evolve(a) => evolve::run(a),
        Command::Analyze(a) => analyze::run(a),
        Command::Strategies(a) => strategies::run(a),
        Command::Completions(a) => shell::completions(a),
        Command::Man(a) => shell::man(a),
    }
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, then a
/// rename, so no reader ever sees a half-written file. `-` writes to stdout.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    if path.as_os_str() == "-" {
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(CliError::Input(format!(
            "error: cannot write {}: the folder {} does not exist\n  = help: create it first, or choose another path",
            path.display(),
            dir.display()
        )));
    }
    let mut tmp = tempfile_in(&dir, path)?;
    tmp.1.write_all(bytes)?;
    tmp.1.sync_all()?;
    drop(tmp.1);
    std::fs::rename(&tmp.0, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp.0);
        CliError::Failure(anyhow::anyhow!("cannot write {}: {e}", path.display()))
    })
}

/// Create a fresh temporary file next to `target`.
pub fn tempfile_in(
    dir: &Path,
    target: &Path,
) -> Result<(std::path::PathBuf, std::fs::File), CliError> {
    let stem = target
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    for k in 0..1000u32 {
        let p = dir.join(format!(".{stem}.{}.{k}.tmp", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(f) => return Ok((p, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(CliError::Failure(anyhow::anyhow!(
                    "cannot create a temporary file in {}: {e}",
                    dir.display()
                )));
            }
        }
    }
    Err(CliError::Failure(anyhow::anyhow!(
        "cannot create a temporary file in {}",
        dir.display()
    )))
}

/// Largest input file any command reads (scenarios, run results): 64 MiB. A run
/// result at the longest horizon is under 10 MB; scenarios have their own, smaller
/// limit ([`crate::scenario::MAX_FILE_BYTES`]).
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// Read a file for a command, turning every IO problem into a clear input error.
/// Only regular files are read (a folder, a FIFO or a device such as /dev/zero is
/// refused before opening it, so nothing blocks or reads forever), and at most
/// [`MAX_INPUT_BYTES`].
pub fn read_input(path: &Path) -> Result<Vec<u8>, CliError> {
    use std::io::Read;
    let cannot = |e: std::io::Error| {
        CliError::Input(format!(
            "error: cannot read {}: {}\n  = help: check the path and its permissions",
            path.display(),
            e
        ))
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(CliError::Input(format!(
            "error: {} is a folder, not a file\n  = help: pass a .toml scenario file, e.g. scenarios/security-guarantees.toml",
            path.display()
        )));
    }
    if !meta.is_file() {
        return Err(CliError::Input(format!(
            "error: {} is not a regular file (a pipe, a socket or a device)\n  = help: save the input to a file first and pass that file's path",
            path.display()
        )));
    }
    let too_large = |size: u64| {
        CliError::Input(format!(
            "error: {} is too large ({} bytes; input files are limited to {} bytes)\n  = help: check that this is the file you meant",
            path.display(),
            size,
            MAX_INPUT_BYTES
        ))
    };
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(cannot)?;
    // The file may have grown since `metadata`: never read more than the limit.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A file written in a stream and published atomically: rows go to a temporary file
/// in the target's folder, and [`AtomicWriter::commit`] renames it into place. If
/// dropped without a commit (an error, a panic), the temporary file is removed, so
/// no half-written output is ever left. `-` streams to stdout instead.
pub struct AtomicWriter {
    tmp: Option<std::path::PathBuf>,
    target: std::path::PathBuf,
    w: Box<dyn std::io::Write + Send>,
    error: Option<std::io::Error>,
}

impl AtomicWriter {
    pub fn create(path: &Path) -> Result<AtomicWriter, CliError> {
        if path.as_os_str() == "-" {
            return Ok(AtomicWriter {
                tmp: None,
                target: path.to_path_buf(),
                w: Box::new(std::io::BufWriter::new(std::io::stdout())),
                error: None,
            });
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        if !dir.is_dir() {
            return Err(CliError::Input(format!(
                "error: cannot write {}: the folder {} does not exist\n  = help: create it first, or choose another path",
                path.display(),
                dir.display()
            )));
        }
        let (tmp, f) = tempfile_in(&dir, path)?;
        Ok(AtomicWriter {
            tmp: Some(tmp),
            target: path.to_path_buf(),
            w: Box::new(std::io::BufWriter::with_capacity(1 << 16, f)),
            error: None,
        })
    }

    /// Write bytes; the first IO error is kept and reported by `commit`.
    pub fn write(&mut self, bytes: &[u8]) {
        if self.error.is_none()
            && let Err(e) = self.w.write_all(bytes)
        {
            self.error = Some(e);
        }
    }

    /// Flush and move the file into place.
    pub fn commit(mut self) -> Result<(), CliError> {
        if let Some(e) = self.error.take() {
            return Err(CliError::Failure(anyhow::anyhow!(
                "cannot write {}: {e}",
                self.target.display()
            )));
        }
        self.w.flush()?;
        if let Some(tmp) = self.tmp.take() {
            // Close the file before renaming it.
            self.w = Box::new(std::io::sink());
            std::fs::rename(&tmp, &self.target).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                CliError::Failure(anyhow::anyhow!(
                    "cannot write {}: {e}",
                    self.target.display()
                ))
            })?;
        }
        Ok(())
    }
}

impl Drop for AtomicWriter {
    fn drop(&mut self) {
        if let Some(tmp) = self.tmp.take() {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
