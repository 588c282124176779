//! `detente sweep`: run a scenario over a range of one or two parameters, every point
//! with the same seed (common random numbers), and report the stability metrics.

use super::options::ExperimentArgs;
use super::run::{Prepared, parse_shard, prepare, simulate_summary_until};
use super::{CliError, write_output};
use crate::report::compare::{Headline, SweepPoint, SweepResult, sweep_csv, sweep_table};
use crate::report::json::to_sealed_json;
use std::path::PathBuf;

use std::process::ExitCode;

/// Format tag of sweep result files.
pub use crate::report::json::SWEEP_FORMAT;
pub use crate::shard::{merge_sweeps, set_value};

/// Most points a sweep may have (a line of 1,001 points, or a grid such as 100 × 100);
/// every point is a whole run experiment and keeps its aggregate in memory.
pub const MAX_POINTS: usize = 10_000;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  detente sweep scenarios/inf-treaty.toml --vary treaty.exit_cost=0..20:21
  detente sweep scenarios/security-guarantees.toml --vary conflict.no_deal=0..0.02:5 --vary treaty.exit_cost=0..40:5 --csv grid.csv
  detente sweep scenarios/inf-treaty.toml --vary treaty.exit_cost=0..20:11 --plots charts/

START..END:POINTS gives POINTS evenly spaced values from START to END inclusive.")]
pub struct SweepArgs {
    /// Scenario file (TOML)
    pub file: PathBuf,
    /// Parameter to vary: KEY.PATH=START..END:POINTS (once, or twice for a grid)
    #[arg(long, value_name = "KEY.PATH=START..END:POINTS", required = true)]
    pub vary: Vec<String>,
    #[command(flatten)]
    pub exp: ExperimentArgs,
    /// Write the sweep as CSV (one row per point)
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write the sweep as JSON (- for stdout)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Run only shard K/N of the runs at every point (see `detente run --shard`)
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Do not print the table
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub plots: super::plot::PlotsArgs,
}

/// A parsed `--vary`.
#[derive(Debug, Clone, PartialEq)]
pub struct Vary {
    pub path: String,
    pub values: Vec<f64>,
}

/// Parse `KEY.PATH=START..END:POINTS`.
pub fn parse_vary(s: &str) -> Result<Vary, CliError> {
    let bad = |why: &str| {
        CliError::usage(
            format!("invalid --vary `{s}`: {why}"),
            "write KEY.PATH=START..END:POINTS, e.g. --vary treaty.exit_cost=0..20:21",
        )
    };
    let (path, range) = s.split_once('=').ok_or_else(|| bad("missing `=`"))?;
    let (span, points) = range
        .rsplit_once(':')
        .ok_or_else(|| bad("missing `:POINTS`"))?;
    let (a, b) = span
        .split_once("..")
        .ok_or_else(|| bad("missing `..` between START and END"))?;
    let num = |x: &str, what: &str| -> Result<f64, CliError> {
        match x.trim().parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(bad(&format!("{what} `{x}` is not a finite number"))),
        }
    };
    let (a, b) = (num(a, "START")?, num(b, "END")?);
    let limit = crate::scenario::MAX_MAGNITUDE;
    if a.abs() > limit || b.abs() > limit {
        return Err(bad(
            "START and END must lie within ±1e15 (the limit on any number in a scenario)",
        ));
    }
    let n: usize = points
        .trim()
        .parse()
        .map_err(|_| bad("POINTS is not a whole number"))?;
    if !(2..=1001).contains(&n) {
        return Err(bad("POINTS must be between 2 and 1001"));
    }
    if path.trim().is_empty() {
        return Err(bad("KEY.PATH is empty"));
    }
    let values = (0..n)
        .map(|k| {
            let v = a + (b - a) * k as f64 / (n - 1) as f64;
            // Print-friendly: drop binary noise beyond 12 significant digits.
            let scale = 10f64.powi(11 - v.abs().max(1e-300).log10().floor() as i32);
            if scale.is_finite() && scale > 0.0 {
                (v * scale).round() / scale
            } else {
                v
            }
        })
        .collect();
    Ok(Vary {
        path: path.trim().to_string(),
        values,
    })
}

/// Run every point of a sweep. `points` are the value tuples in order.
pub fn run_sweep(
    args: &SweepArgs,
    varies: &[Vary],
    on_point: &dyn Fn(usize, usize),
) -> Result<SweepResult, CliError> {
    let base = prepare(&args.file, &args.exp.overrides())?;
    if base.scenario.actors.is_empty() {
        return Err(CliError::usage(
            format!(
                "{} has no actors, so there is nothing to sweep",
                args.file.display()
            ),
            "sweeps vary a treaty scenario's parameters",
        ));
    }
    let super::options::Experiment { runs, seed } = args.exp.resolve(&base.scenario)?;
    let (start, end) = match &args.shard {
        Some(s) => {
            let (k, n) = parse_shard(s)?;
            super::run::shard_range(runs, k, n)
        }
        None => (0, runs),
    };
    let mut tuples: Vec<Vec<f64>> = vec![vec![]];
    for v in varies {
        let mut next = Vec::new();
        for t in &tuples {
            for &x in &v.values {
                let mut t2 = t.clone();
                t2.push(x);
                next.push(t2);
            }
        }
        tuples = next;
    }
    let pool = args.exp.pool()?;
    let mut points = Vec::with_capacity(tuples.len());
    let total = tuples.len();
    for (k, values) in tuples.into_iter().enumerate() {
        let mut set = args.exp.overrides();
        for (v, x) in varies.iter().zip(&values) {
            set.push(set_value(&v.path, *x));
        }
        if super::stopped() {
            break;
        }
        let prep: Prepared = prepare(&args.file, &set).map_err(|e| at_point(e, varies, &values))?;
        let stop = Some(super::stop_flag());
        let (summary, agg) = simulate_summary_until(&pool, &prep, seed, runs, (start, end), stop);
        if summary.provenance.partial {
            // Interrupted inside this point: keep only the points played in full.
            break;
        }
        let info = summary.scenario.clone();
        points.push(SweepPoint {
            values,
            headline: Headline::of(&summary),
            info: Some(info),
            aggregate: Some(agg),
        });
        on_point(k + 1, total);
    }
    let m = &base.scenario.meta;
    Ok(SweepResult {
        format: SWEEP_FORMAT.into(),
        scenario: m.name.clone(),
        scenario_sha256: base.sha256.clone(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        seed,
        runs: end - start,
        total_runs: runs,
        run_range: [start, end],
        overrides: base.overrides.clone(),
        parameters: varies.iter().map(|v| v.path.clone()).collect(),
        round: m.round.clone(),
        rounds: m.rounds.clone(),
        horizon: m.horizon,
        points,
    })
}

/// An error of one point's scenario, said to come from the `--vary` that made it
/// (the user never typed the `--set` the point is loaded with).
fn at_point(e: CliError, varies: &[Vary], values: &[f64]) -> CliError {
    match e {
        CliError::Input(msg) => {
            let point: Vec<String> = varies
                .iter()
                .zip(values)
                .map(|(v, x)| set_value(&v.path, *x))
                .collect();
            CliError::Input(format!(
                "error: the --vary point {} is refused by the scenario:\n{msg}\n  = help: narrow the --vary range to values the key accepts",
                point.join(", ")
            ))
        }
        other => other,
    }
}

pub fn run(args: SweepArgs) -> Result<ExitCode, CliError> {
    if args.vary.len() > 2 {
        return Err(CliError::usage(
            "--vary can be given once (a line) or twice (a grid), not more",
            "fix the other parameters with --set",
        ));
    }
    let varies = args
        .vary
        .iter()
        .map(|v| parse_vary(v))
        .collect::<Result<Vec<_>, _>>()?;
    if varies.len() == 2 && varies[0].path == varies[1].path {
        return Err(CliError::usage(
            format!("--vary names `{}` twice", varies[0].path),
            "vary two different parameters for a grid",
        ));
    }
    let npoints: usize = varies.iter().map(|v| v.values.len()).product();
    if npoints > MAX_POINTS {
        return Err(CliError::usage(
            format!("--vary asks for {npoints} points: at most {MAX_POINTS}"),
            "use fewer POINTS, e.g. a 100 × 100 grid, or sweep in parts with --set",
        ));
    }
    let bar = super::progress::bar(npoints as u64, "points");
    let result = run_sweep(&args, &varies, &|k, _| {
        if let Some(b) = &bar {
            b.set_position(k as u64);
        }
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let partial = result.points.len() < npoints;
    if result.points.is_empty() {
        crate::say!("interrupted before the first point was complete: nothing written");
        return Ok(ExitCode::from(super::EXIT_INTERRUPTED));
    }
    super::plot::emit_charts(&args.plots, |formats, size| {
        crate::report::charts::sweep_charts(&result, formats, size)
    })?;
    if let Some(p) = &args.csv {
        write_output(p, &sweep_csv(&result))?;
    }
    if let Some(p) = &args.json {
        let file = crate::report::json::MaybePartial {
            result: &result,
            partial,
        };
        write_output(p, &to_sealed_json(&file))?;
    }
    let to_stdout = args.json.as_ref().is_some_and(|p| p.as_os_str() == "-")
        || args.csv.as_ref().is_some_and(|p| p.as_os_str() == "-");
    if !args.quiet && !to_stdout {
        super::print_text(&sweep_table(&result))?;
    }
    if partial {
        crate::say!(
            "interrupted: {} of {npoints} points are complete; the JSON is marked partial",
            result.points.len()
        );
        return Ok(ExitCode::from(super::EXIT_INTERRUPTED));
    }
    Ok(ExitCode::SUCCESS)
}
