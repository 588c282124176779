//! The command line: clap types, one handler per subcommand, and the only place that
//! touches files. Every handler returns a [`CliError`] that `main` maps to an exit code:
//! 2 for bad input or usage, 1 for failures, 0 on a broken pipe.

use clap::{Parser, Subcommand};

/// Like `eprintln!`, but never panics when stderr is closed (a broken pipe on
/// stderr must not turn a clean exit into a crash), and escapes control characters
/// ([`terminal_text`]) so that no scenario string or file name can drive the terminal.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", $crate::cli::terminal_text(&text));
    }};
}

/// Like `eprint!`, without the panic on a closed stderr, escaped like [`say!`].
#[macro_export]
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let _ = write!(std::io::stderr(), "{}", $crate::cli::terminal_text(&text));
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
pub mod find;
pub mod merge;
pub mod new;
pub mod options;
pub mod plot;
pub mod progress;
pub mod report;
pub mod run;
pub mod schema;
pub mod sensitivity;
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
    /// Write a one-file HTML report: tables, every chart, the scenario in words, provenance
    Report(report::ReportArgs),
    /// Run a scenario over a range of one or two parameters
    Sweep(sweep::SweepArgs),
    /// Compare scenarios (or variants of one) side by side, with paired differences and tests
    Compare(compare::CompareArgs),
    /// Find the smallest (or largest) value of a key that meets a target, by bisection
    Find(find::FindArgs),
    /// Move each parameter down and up by a share and chart the metric's change (tornado)
    Sensitivity(sensitivity::SensitivityArgs),
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
    /// Print the scenario format as a JSON Schema (for editors) or a key list
    Schema(schema::SchemaArgs),
}

/// Run the parsed command line.
pub fn dispatch(cli: Cli) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Validate(a) => validate::run(a),
        Command::Explain(a) => explain::run(a),
        Command::New(a) => new::run(a),
        Command::Run(a) => run::run(a),
        Command::Plot(a) => plot::run(a),
        Command::Report(a) => report::run(a),
        Command::Sweep(a) => sweep::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Find(a) => find::run(a),
        Command::Sensitivity(a) => sensitivity::run(a),
        Command::Merge(a) => merge::run(a),
        Command::Tournament(a) => tournament::run(a),
        Command::Evolve(a) => evolve::run(a),
        Command::Analyze(a) => analyze::run(a),
        Command::Strategies(a) => strategies::run(a),
        Command::Completions(a) => shell::completions(a),
        Command::Man(a) => shell::man(a),
        Command::Schema(a) => schema::run(a),
    }
}

/// Text for the terminal: every control character other than newline and tab (ESC,
/// CR, BEL, backspace, DEL, the C1 controls) and the Unicode bidirectional overrides
/// are shown escaped (`\u{1b}`), so a scenario's strings or a file name cannot clear,
/// recolour or rewrite the user's terminal. Every text `cli` prints goes through it:
/// [`say!`], [`print_text`] and the error messages `main` prints.
pub fn terminal_text(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Print human-readable text (a table, an explanation, a story) to stdout, escaped
/// with [`terminal_text`]. Data written to stdout (`--json -`, `--csv -`) goes through
/// [`write_output`] unchanged instead.
pub fn print_text(text: &str) -> Result<(), CliError> {
    write_output(Path::new("-"), terminal_text(text).as_bytes())
}

/// Whether stdout is open. A program started with stdout closed (`>&-`) gets
/// /dev/null on it from Rust's runtime, opened read-write, and its output would be
/// lost with exit code 0; a shell's `> /dev/null` opens it write-only, which is the
/// user's choice and fine. On Linux the two are told apart by the descriptor's flags.
fn stdout_is_open() -> bool {
    #[cfg(target_os = "linux")]
    {
        let on_null =
            std::fs::read_link("/proc/self/fd/1").is_ok_and(|p| p == Path::new("/dev/null"));
        if on_null && let Ok(info) = std::fs::read_to_string("/proc/self/fdinfo/1") {
            let flags = info
                .lines()
                .find_map(|l| l.strip_prefix("flags:"))
                .and_then(|f| u32::from_str_radix(f.trim(), 8).ok());
            // O_ACCMODE = 3, O_RDWR = 2.
            return flags.is_none_or(|f| f & 3 != 2);
        }
        true
    }
    #[cfg(not(target_os = "linux"))]
    {
        true
    }
}

/// A failure to write `path`, naming it (so "No space left on device" says where).
fn cannot_write(path: &Path, e: std::io::Error) -> CliError {
    CliError::Failure(anyhow::anyhow!("cannot write {}: {e}", path.display()))
}

/// Where to write `path`: the folder for the temporary file and the final path. A
/// symbolic link to a regular file is followed (so the link survives); anything that
/// is not a regular file (a character device such as /dev/null, a FIFO, a link to
/// /dev/stdout) is [`Target::Special`]: written directly, never replaced by a rename.
enum Target {
    Regular {
        dir: std::path::PathBuf,
        path: std::path::PathBuf,
    },
    Special,
}

fn target_of(path: &Path) -> Result<Target, CliError> {
    if let Ok(meta) = std::fs::metadata(path) {
        if meta.is_dir() {
            return Err(CliError::usage(
                format!("cannot write {}: it is a folder", path.display()),
                "give a file name inside it",
            ));
        }
        if !meta.is_file() {
            return Ok(Target::Special);
        }
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link && let Ok(real) = std::fs::canonicalize(path) {
            return target_of(&real);
        }
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(CliError::usage(
            format!(
                "cannot write {}: the folder {} does not exist",
                path.display(),
                dir.display()
            ),
            "create it first, or choose another path",
        ));
    }
    Ok(Target::Regular {
        dir,
        path: path.to_path_buf(),
    })
}

/// Write `bytes` to `path` atomically: a temporary file in the same folder, then a
/// rename, so no reader ever sees a half-written file; the temporary file is removed
/// on every error. `-` writes to stdout (an error if stdout is closed); a device or a
/// FIFO is written directly (see [`Target`]).
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    use std::io::Write;
    if path.as_os_str() == "-" {
        if !stdout_is_open() {
            return Err(CliError::Failure(anyhow::anyhow!(
                "cannot write to stdout: it is closed"
            )));
        }
        let mut out = std::io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
        return Ok(());
    }
    let (dir, target) = match target_of(path)? {
        Target::Special => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| cannot_write(path, e))?;
            return f.write_all(bytes).map_err(|e| cannot_write(path, e));
        }
        Target::Regular { dir, path } => (dir, path),
    };
    let mut tmp = TempFile::create(&dir, &target)?;
    let written = tmp
        .file
        .as_mut()
        .map_or(Ok(()), |f| f.write_all(bytes).and_then(|()| f.sync_all()));
    written.map_err(|e| cannot_write(path, e))?;
    tmp.persist(&target).map_err(|e| cannot_write(path, e))
}

/// A temporary file next to its target, named `.{target}.{pid}.{k}.tmp`, removed when
/// dropped unless [`TempFile::persist`] renamed it into place. Creating one first
/// removes stale temporary files of the same target left by detente processes that
/// no longer exist (killed with SIGKILL, or by a power cut).
pub struct TempFile {
    pub path: std::path::PathBuf,
    pub file: Option<std::fs::File>,
}

impl TempFile {
    pub fn create(dir: &Path, target: &Path) -> Result<TempFile, CliError> {
        let stem = target
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        remove_stale_temporaries(dir, &stem);
        for k in 0..1000u32 {
            let p = dir.join(format!(".{stem}.{}.{k}.tmp", std::process::id()));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&p)
            {
                Ok(f) => {
                    return Ok(TempFile {
                        path: p,
                        file: Some(f),
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(CliError::Failure(anyhow::anyhow!(
                        "cannot create a temporary file for {} in {}: {e}",
                        target.display(),
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

    /// Close the file and rename it to `target`.
    pub fn persist(mut self, target: &Path) -> std::io::Result<()> {
        drop(self.file.take());
        std::fs::rename(&self.path, target)?;
        self.path = std::path::PathBuf::new();
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        drop(self.file.take());
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Remove `.{stem}.{pid}.{k}.tmp` files in `dir` whose process is gone. Only names of
/// exactly that pattern are touched; where the process table cannot be read (no
/// /proc), only files older than a day are taken as stale.
fn remove_stale_temporaries(dir: &Path, stem: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{stem}.");
    let proc_readable = Path::new("/proc/self").exists();
    for entry in entries.flatten().take(100_000) {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(mid) = name
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some((pid, k)) = mid.split_once('.') else {
            continue;
        };
        let digits = |x: &str| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit());
        if !digits(pid) || !digits(k) || pid == std::process::id().to_string() {
            continue;
        }
        let stale = if proc_readable {
            !Path::new("/proc").join(pid).exists()
        } else {
            entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 86_400)
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Install the Ctrl-C / SIGTERM handler once and return its flag: the first signal
/// asks the command to stop soon (the engine looks at the flag about every 0.1 s) and
/// write what it has, marked partial, then exit 130; a second one exits at once.
/// Every long-running command (run, sweep, compare, tournament, evolve) uses it.
pub fn stop_flag() -> &'static std::sync::atomic::AtomicBool {
    use std::sync::atomic::{AtomicBool, Ordering};
    static STOP: AtomicBool = AtomicBool::new(false);
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if STOP.swap(true, Ordering::SeqCst) {
                std::process::exit(i32::from(EXIT_INTERRUPTED));
            }
            crate::say!("\ninterrupted: stopping and writing a partial result (press Ctrl-C again to quit at once)");
        });
    });
    &STOP
}

/// Whether the stop flag of [`stop_flag`] is set.
pub fn stopped() -> bool {
    stop_flag().load(std::sync::atomic::Ordering::Relaxed)
}

/// The most worker threads `--threads` may ask for: four per core, and at least 64.
/// More only adds scheduling overhead (5,000 threads took minutes to start and stop).
pub fn max_threads() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (4 * cores).max(64)
}

/// The worker pool for `--threads` (default: one per core); 0 or more than
/// [`max_threads`] is refused with the limit.
pub fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, CliError> {
    match threads {
        Some(0) => {
            return Err(CliError::usage(
                "--threads must be at least 1",
                "leave it out to use every core",
            ));
        }
        Some(t) if t > max_threads() => {
            return Err(CliError::usage(
                format!(
                    "--threads {t} is too many: at most {} on this machine (4 per core, at least 64)",
                    max_threads()
                ),
                "leave it out to use one thread per core; more threads never change the results",
            ));
        }
        _ => {}
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| CliError::Failure(anyhow::anyhow!("cannot start worker threads: {e}")))
}

/// Refuse a count-like flag above `max` before anything is allocated for it.
pub fn at_most(flag: &str, value: u64, max: u64, why: &str) -> Result<(), CliError> {
    if value > max {
        return Err(CliError::usage(
            format!("{flag} {value} is too large: at most {max}"),
            why,
        ));
    }
    Ok(())
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
        CliError::usage(
            format!("cannot read {}: {}", path.display(), e),
            "check the path and its permissions",
        )
    };
    let meta = std::fs::metadata(path).map_err(cannot)?;
    if meta.is_dir() {
        return Err(CliError::usage(
            format!("{} is a folder, not a file", path.display()),
            "pass a .toml scenario file, e.g. scenarios/security-guarantees.toml",
        ));
    }
    if !meta.is_file() {
        return Err(CliError::usage(
            format!(
                "{} is not a regular file (a pipe, a socket or a device)",
                path.display()
            ),
            "save the input to a file first and pass that file's path",
        ));
    }
    let too_large = |size: u64| {
        CliError::usage(
            format!(
                "{} is too large ({} bytes; input files are limited to {} bytes)",
                path.display(),
                size,
                MAX_INPUT_BYTES
            ),
            "check that this is the file you meant",
        )
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
/// no half-written output is ever left. `-` streams to stdout, and a device or FIFO
/// is written directly, as in [`write_output`].
pub struct AtomicWriter {
    tmp: Option<TempFile>,
    target: std::path::PathBuf,
    w: Box<dyn std::io::Write + Send>,
    error: Option<std::io::Error>,
}

impl AtomicWriter {
    pub fn create(path: &Path) -> Result<AtomicWriter, CliError> {
        let direct = |w: Box<dyn std::io::Write + Send>| AtomicWriter {
            tmp: None,
            target: path.to_path_buf(),
            w,
            error: None,
        };
        if path.as_os_str() == "-" {
            if !stdout_is_open() {
                return Err(CliError::Failure(anyhow::anyhow!(
                    "cannot write to stdout: it is closed"
                )));
            }
            return Ok(direct(Box::new(std::io::BufWriter::new(std::io::stdout()))));
        }
        match target_of(path)? {
            Target::Special => {
                let f = std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| cannot_write(path, e))?;
                Ok(direct(Box::new(std::io::BufWriter::new(f))))
            }
            Target::Regular { dir, path: target } => {
                let mut tmp = TempFile::create(&dir, &target)?;
                let f = tmp.file.take().ok_or_else(|| {
                    CliError::Failure(anyhow::anyhow!("cannot open a temporary file"))
                })?;
                Ok(AtomicWriter {
                    tmp: Some(tmp),
                    target,
                    w: Box::new(std::io::BufWriter::with_capacity(1 << 16, f)),
                    error: None,
                })
            }
        }
    }

    /// Write bytes; the first IO error is kept and reported by `commit`.
    pub fn write(&mut self, bytes: &[u8]) {
        if self.error.is_none()
            && let Err(e) = self.w.write_all(bytes)
        {
            self.error = Some(e);
        }
    }

    /// Flush and move the file into place (on any error the temporary file is removed).
    pub fn commit(mut self) -> Result<(), CliError> {
        if let Some(e) = self.error.take() {
            return Err(cannot_write(&self.target, e));
        }
        self.w.flush().map_err(|e| cannot_write(&self.target, e))?;
        // Close the file before renaming it.
        self.w = Box::new(std::io::sink());
        if let Some(tmp) = self.tmp.take() {
            tmp.persist(&self.target)
                .map_err(|e| cannot_write(&self.target, e))?;
        }
        Ok(())
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
