//! The experiment options that `run`, `sweep` and `compare` share, in two stages (as
//! ripgrep's low and high arguments): [`ExperimentArgs`] is what clap parses, flattened
//! into each command; [`ExperimentArgs::resolve`] turns it, with the scenario's own
//! defaults, into an [`Experiment`] whose values are valid.

use super::CliError;
use crate::report::table::thousands;
use crate::scenario::Scenario;

/// Largest `--runs` accepted.
pub const MAX_RUNS: u64 = 1_000_000_000_000;

/// `--runs`, `--seed`, `--threads`, `--set`, `--unset`: how an experiment is run.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ExperimentArgs {
    /// Runs (per point for sweep, per entry for compare; default: the scenario's `runs`)
    #[arg(long, value_name = "N")]
    pub runs: Option<u64>,
    /// Master seed, the same for every point or entry (default: the scenario's `seed`)
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores); never changes the results
    #[arg(long, value_name = "T")]
    pub threads: Option<usize>,
    /// Override any scenario value, e.g. --set treaty.exit_cost=10 (repeatable; for
    /// sweep and compare, applied to every point or entry)
    #[arg(long = "set", value_name = "KEY.PATH=VALUE")]
    pub set: Vec<String>,
    /// Remove a scenario key, e.g. --unset actor.europe.principal makes Europe a
    /// deciding party (repeatable; applied after every --set)
    #[arg(long = "unset", value_name = "KEY.PATH")]
    pub unset: Vec<String>,
}

/// Validated experiment options: runs and seed resolved against a scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Experiment {
    pub runs: u64,
    pub seed: u64,
}

impl ExperimentArgs {
    /// The runs and seed of an experiment on `s` (the command line wins over the
    /// scenario's defaults), checked once here for every command.
    pub fn resolve(&self, s: &Scenario) -> Result<Experiment, CliError> {
        let runs = self.runs.unwrap_or(s.meta.runs);
        if runs == 0 || runs > MAX_RUNS {
            return Err(CliError::bare(format!(
                "--runs must be between 1 and {}, got {runs}",
                thousands(MAX_RUNS)
            )));
        }
        Ok(Experiment {
            runs,
            seed: self.seed.unwrap_or(s.meta.seed),
        })
    }

    /// The scenario overrides: every `--set`, then every `--unset`.
    pub fn overrides(&self) -> Vec<String> {
        overrides(&self.set, &self.unset)
    }

    /// The worker pool of `--threads`.
    pub fn pool(&self) -> Result<rayon::ThreadPool, CliError> {
        pool(self.threads)
    }
}

/// The override strings [`crate::scenario::load`] takes: `--set`s in order, then
/// `--unset`s as `unset KEY.PATH`.
pub fn overrides(set: &[String], unset: &[String]) -> Vec<String> {
    set.iter()
        .cloned()
        .chain(unset.iter().map(|k| crate::scenario::unset_override(k)))
        .collect()
}

/// Build the thread pool for `--threads` (at most [`super::max_threads`]; see
/// [`super::thread_pool`]).
pub fn pool(threads: Option<usize>) -> Result<rayon::ThreadPool, CliError> {
    super::thread_pool(threads)
}
