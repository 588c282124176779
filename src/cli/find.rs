//! `detente find`: the smallest (or largest) value of one key that meets a target on
//! a headline metric, by bisection with common random numbers, with the range of
//! values within Monte Carlo error of the target.

use super::options::Experiment;
use super::options::ExperimentArgs;
use super::run::{Prepared, prepare, simulate_summary_until};
use super::{CliError, write_output};
use crate::report::json::to_json;
use crate::report::search::{FIND_FORMAT, FindResult, Provenance, find_text};
use crate::search::{Direction, Estimate, METRICS, Metric, Target, find};
use crate::shard::set_value;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = find_help())]
pub struct FindArgs {
    /// Scenario file (TOML)
    pub file: PathBuf,
    /// The key to search over and its range: KEY.PATH=LO..HI
    #[arg(long, value_name = "KEY.PATH=LO..HI")]
    pub vary: String,
    /// What the value must achieve: 'METRIC >= X' or 'METRIC <= X' (X may end in %)
    #[arg(long, value_name = "'METRIC >= X'")]
    pub target: String,
    /// Look for the largest value meeting the target (default: the smallest)
    #[arg(long)]
    pub largest: bool,
    /// Stop when the bracket is at most this wide (default: (HI − LO)/1000)
    #[arg(long, value_name = "X")]
    pub tolerance: Option<f64>,
    #[command(flatten)]
    pub exp: ExperimentArgs,
    /// Write the search (answer, bracket, every probe) as JSON (- for stdout)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Do not print the result
    #[arg(long, short)]
    pub quiet: bool,
}

fn find_help() -> String {
    let mut s = String::from(
        "Examples:
  detente find scenarios/power-shift.toml --vary power.capability.rising=2..4.5 \\
    --target 'war >= 0.5' --runs 20
  detente find scenarios/verbal-assurance.toml --vary treaty.exit_cost=0..40 \\
    --target 'first_treaty_survives >= 80%' --runs 500

Metrics:\n",
    );
    s.push_str(&metric_lines());
    s.push_str(
        "
Every probe runs with the same seed (common random numbers), so the metric is a
deterministic function of the value and bisection finds where it crosses the target.
Prints the answer, the bracket the bisection ended with, and the range of values whose
95% interval of the metric contains the target. Exit code 1 when the target is not
bracketed (met at both ends of the range, or at neither).",
    );
    s
}

/// Parse `KEY.PATH=LO..HI`.
pub fn parse_range(s: &str) -> Result<(String, f64, f64), CliError> {
    let bad = |why: &str| {
        CliError::usage(
            format!("invalid --vary `{s}`: {why}"),
            "write KEY.PATH=LO..HI, e.g. --vary treaty.exit_cost=0..20",
        )
    };
    let (path, range) = s.split_once('=').ok_or_else(|| bad("missing `=`"))?;
    let (a, b) = range
        .split_once("..")
        .ok_or_else(|| bad("missing `..` between LO and HI"))?;
    let num = |x: &str, what: &str| -> Result<f64, CliError> {
        match x.trim().parse::<f64>() {
            Ok(v) if v.is_finite() && v.abs() <= crate::scenario::MAX_MAGNITUDE => Ok(v),
            _ => Err(bad(&format!(
                "{what} `{x}` is not a finite number within ±1e15"
            ))),
        }
    };
    let (a, b) = (num(a, "LO")?, num(b, "HI")?);
    if a >= b {
        return Err(bad("LO must be smaller than HI"));
    }
    if path.trim().is_empty() {
        return Err(bad("KEY.PATH is empty"));
    }
    Ok((path.trim().to_string(), a, b))
}

/// The metrics of `--help` (`find`'s and `sensitivity`'s), one line each with what it
/// measures.
pub fn metric_lines() -> String {
    METRICS
        .iter()
        .map(|(k, v)| format!("  {k:<25} {v}\n"))
        .collect()
}

/// A metric that does not parse, as a usage error listing the metrics; `flag` is the
/// option it came from (`--target`, `--metric`).
pub fn bad_metric(flag: &str, e: String) -> CliError {
    let names: Vec<&str> = METRICS.iter().map(|(k, _)| *k).collect();
    CliError::usage(
        format!("invalid {flag}: {e}"),
        format!("metrics: {}", names.join(", ")),
    )
}

/// Parse a target, as a usage error listing the metrics.
pub fn parse_target(s: &str) -> Result<Target, CliError> {
    Target::parse(s).map_err(|e| bad_metric("--target", e))
}

/// Check a metric against the scenario's actors (`payoff.ACTOR`).
pub fn check_metric(m: &Metric, s: &crate::scenario::Scenario) -> Result<(), CliError> {
    let ids: Vec<String> = s.actors.iter().map(|a| a.id.clone()).collect();
    m.check(&ids)
        .map_err(|e| CliError::usage(e, "name one of the scenario's actors by its id"))
}

/// Whether `key` is written as a whole number in the file (after the overrides).
pub fn integer_key(file: &Path, overrides: &[String], key: &str) -> Result<bool, CliError> {
    let bytes = super::read_input(file)?;
    Ok(crate::scenario::numeric_keys(&bytes, overrides)
        .iter()
        .any(|k| k.path == key && k.integer))
}

/// An error of a probe's scenario, said to come from `--vary`.
fn at_value(e: CliError, key: &str, x: f64) -> CliError {
    match e {
        CliError::Input(msg) => CliError::Input(format!(
            "error: the scenario refuses {} (a value the search probed):\n{msg}\n  = help: narrow the --vary range to values the key accepts",
            set_value(key, x)
        )),
        other => other,
    }
}

/// Run the search of `args`.
pub fn search(args: &FindArgs) -> Result<FindResult, CliError> {
    let target = parse_target(&args.target)?;
    let (key, lo, hi) = parse_range(&args.vary)?;
    let overrides = args.exp.overrides();
    let base = prepare(&args.file, &overrides)?;
    if base.scenario.actors.is_empty() {
        return Err(CliError::usage(
            format!(
                "{} has no actors, so there is no treaty to search over",
                args.file.display()
            ),
            "find works on treaty scenarios (with [[actor]]s)",
        ));
    }
    check_metric(&target.metric, &base.scenario)?;
    let tolerance = match args.tolerance {
        None => (hi - lo) / 1000.0,
        Some(t) if t.is_finite() && t > 0.0 => t,
        Some(t) => {
            return Err(CliError::usage(
                format!("--tolerance must be a positive number, got {t}"),
                "leave it out for (HI − LO)/1000",
            ));
        }
    };
    let integer = integer_key(&args.file, &overrides, &key)?;
    if integer && (lo.fract() != 0.0 || hi.fract() != 0.0) {
        return Err(CliError::usage(
            format!("`{key}` is a whole number, but the range {lo}..{hi} is not"),
            "give LO and HI as whole numbers",
        ));
    }
    let x = args.exp.resolve(&base.scenario)?;
    let pool = args.exp.pool()?;
    let steps = ((hi - lo) / tolerance).log2().ceil().max(1.0) as u64;
    let bar = super::progress::bar(2 + 3 * steps, "probes");
    let mut failure: Option<CliError> = None;
    let mut probe = |v: f64| -> Result<Option<Estimate>, String> {
        if super::stopped() {
            failure = Some(CliError::bare("interrupted: no answer"));
            return Err(String::new());
        }
        let mut set = overrides.clone();
        set.push(set_value(&key, v));
        let prep = match prepare(&args.file, &set) {
            Ok(p) => p,
            Err(e) => {
                failure = Some(at_value(e, &key, v));
                return Err(String::new());
            }
        };
        let stop = Some(super::stop_flag());
        let (summary, _) = simulate_summary_until(&pool, &prep, x.seed, x.runs, (0, x.runs), stop);
        if summary.provenance.partial {
            failure = Some(CliError::bare("interrupted: no answer"));
            return Err(String::new());
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
        Ok(target.metric.of(&summary))
    };
    let dir = if args.largest {
        Direction::Largest
    } else {
        Direction::Smallest
    };
    let result = find(&target, lo, hi, tolerance, dir, integer, &mut probe);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let search = match result {
        Ok(s) => s,
        Err(e) => {
            return Err(failure.unwrap_or_else(|| CliError::Failure(anyhow::anyhow!(e))));
        }
    };
    Ok(FindResult {
        provenance: provenance(FIND_FORMAT, &base, &x),
        key,
        range: [lo, hi],
        target,
        direction: dir,
        tolerance,
        integer,
        search,
    })
}

/// What a search result file says about where it comes from: the scenario as
/// prepared (its hash and overrides) and the experiment every probe ran.
pub fn provenance(format: &str, base: &Prepared, x: &Experiment) -> Provenance {
    Provenance {
        format: format.into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        scenario: base.scenario.meta.name.clone(),
        scenario_sha256: base.sha256.clone(),
        seed: x.seed,
        runs: x.runs,
        overrides: base.overrides.clone(),
    }
}

pub fn run(args: FindArgs) -> Result<ExitCode, CliError> {
    let result = search(&args)?;
    if let Some(p) = &args.json {
        write_output(p, &to_json(&result))?;
    }
    let to_stdout = args.json.as_ref().is_some_and(|p| p.as_os_str() == "-");
    if !args.quiet && !to_stdout {
        super::print_text(&find_text(&result))?;
    }
    Ok(match result.search.outcome {
        crate::search::Outcome::Found { .. } => ExitCode::SUCCESS,
        crate::search::Outcome::NotBracketed { .. } => ExitCode::from(1),
    })
}
