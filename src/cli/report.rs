//! `detente report FILE -o report.html`: play a scenario as `run` does (or read the
//! result file of `run --json` with `--from`) and write the one-file HTML report of
//! `report::html`: tables, every chart as inline SVG, the scenario in words,
//! provenance and the commands that reproduce it, and the warnings `run` and
//! `validate` give.

use super::options::{Experiment, ExperimentArgs};
use super::run::{Prepared, prepare, require_actors, simulate_all};
use super::{CliError, write_output};
use crate::engine::aggregate::Aggregate;
use crate::engine::scenario_info;
use crate::engine::summary::{Provenance, Summary};
use crate::report::explain::explain_with_engine;
use crate::report::html::{self, ReportInput};
use crate::report::json::{PositionsReport, positions_report, to_json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  detente report scenarios/security-guarantees.toml -o report.html
  detente report scenarios/inf-treaty.toml --runs 2000 --set treaty.exit_cost=20 -o inf.html
  detente run scenarios/inf-treaty.toml --json inf.json
  detente report scenarios/inf-treaty.toml --from inf.json -o inf.html

The page needs no network and no installed font: open it in any browser, mail it,
print it. Its \"Large text\" switch (or --large) enlarges everything for a projector.")]
pub struct ReportArgs {
    /// Scenario file (TOML)
    pub file: PathBuf,
    #[command(flatten)]
    pub exp: ExperimentArgs,
    /// Report a saved result (`detente run --json` or `detente merge`) instead of
    /// running again; FILE must be its scenario (checked by SHA-256), and its seed, runs
    /// and overrides are used
    #[arg(long, value_name = "RESULT.json", conflicts_with_all = ["runs", "seed", "set", "unset"])]
    pub from: Option<PathBuf>,
    /// Write the report to this file (- for stdout)
    #[arg(long, short, value_name = "REPORT.html")]
    pub out: PathBuf,
    /// Open the page in large-text mode, for a projector (its switch turns it off)
    #[arg(long)]
    pub large: bool,
}

pub fn run(args: ReportArgs) -> Result<ExitCode, CliError> {
    let (prep, summary, interrupted, agg) = match &args.from {
        Some(from) => from_file(&args.file, from)?,
        None => simulate(&args)?,
    };
    // What `validate` says of the scenario, then what the runs showed.
    let mut warnings: Vec<String> = Vec::new();
    if !prep.warnings.is_empty() {
        warnings.push(prep.warnings.trim_end().to_string());
    }
    warnings.extend(super::run::payoff_warnings(&prep.scenario, &agg));
    let positions: Option<PositionsReport> =
        positions_report(&prep.scenario, &prep.model, summary.provenance.seed, 0);
    let words = explain_with_engine(&prep.scenario);
    let reproduce = reproduce(&args, &summary.provenance);
    let file = args.file.display().to_string();
    let page = html::render(&ReportInput {
        summary: &summary,
        positions: positions.as_ref(),
        words: &words,
        scenario_file: &file,
        reproduce: &reproduce,
        warnings: &warnings,
        large: args.large,
    })
    .map_err(|e| CliError::Failure(anyhow::anyhow!(e)))?;
    write_output(&args.out, page.as_bytes())?;
    if args.out.as_os_str() != "-" {
        crate::say!("wrote {}", args.out.display());
    }
    if interrupted {
        crate::say!(
            "interrupted: the report covers {} of {} runs and says so",
            summary.runs,
            summary.provenance.runs
        );
        return Ok(ExitCode::from(super::EXIT_INTERRUPTED));
    }
    Ok(ExitCode::SUCCESS)
}

/// Play the experiment as `run` does (progress bar, Ctrl-C writes a partial report).
fn simulate(args: &ReportArgs) -> Result<(Prepared, Summary, bool, Aggregate), CliError> {
    let prep = prepare(&args.file, &args.exp.overrides())?;
    require_actors(&prep, &args.file)?;
    let Experiment { runs, seed } = args.exp.resolve(&prep.scenario)?;
    let (agg, done) = simulate_all(&args.exp, None, &prep, seed, runs, (0, runs))?;
    let provenance = prep.provenance(seed, runs, 0, done, runs);
    let summary = agg.summarize(&scenario_info(&prep.scenario), provenance);
    Ok((prep, summary, done < runs, agg))
}

/// Read a run result, check that `file` (with the result's overrides) is the scenario
/// it was computed from, and summarise its aggregate again against that scenario; a
/// summary that differs from the recorded one means the file was tampered with.
fn from_file(file: &Path, from: &Path) -> Result<(Prepared, Summary, bool, Aggregate), CliError> {
    let (recorded, _) = super::merge::read_run_file(from)?;
    let p = &recorded.summary.provenance;
    let prep = prepare(file, &p.overrides)?;
    if prep.sha256 != p.scenario_sha256 {
        return Err(CliError::usage(
            format!(
                "{} does not match the scenario {} was computed from (SHA-256 {} vs {})",
                file.display(),
                from.display(),
                prep.sha256,
                p.scenario_sha256
            ),
            "pass the scenario file the result was computed from",
        ));
    }
    let summary = recorded
        .aggregate
        .summarize(&scenario_info(&prep.scenario), p.clone());
    if to_json(&summary) != to_json(&recorded.summary) {
        return Err(CliError::usage(
            format!(
                "{} is damaged: its summary is not the one its aggregate gives",
                from.display()
            ),
            "re-create it with `detente run --json`",
        ));
    }
    Ok((prep, summary, false, recorded.aggregate))
}

/// `arg` as a POSIX shell reads it back: bare when it is made of safe characters,
/// otherwise in single quotes.
pub fn shell_quote(arg: &str) -> String {
    let safe = |b: u8| b.is_ascii_alphanumeric() || b"-_./=:,+@%".contains(&b);
    if !arg.is_empty() && arg.bytes().all(safe) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

/// The experiment's flags: `--runs N --seed S`, then every override as given.
fn experiment_flags(p: &Provenance) -> Vec<String> {
    let mut v = vec![
        "--runs".to_string(),
        p.runs.to_string(),
        "--seed".into(),
        p.seed.to_string(),
    ];
    for x in &p.overrides {
        match x.strip_prefix(crate::scenario::UNSET) {
            Some(k) => v.extend(["--unset".into(), k.to_string()]),
            None => v.extend(["--set".into(), x.clone()]),
        }
    }
    v
}

fn command(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| shell_quote(w)).collect();
    format!("detente {}", quoted.join(" "))
}

/// The commands that write this report again (byte for byte for a whole experiment),
/// directly and through a saved result.
fn reproduce(args: &ReportArgs, p: &Provenance) -> Vec<(String, String)> {
    let file = args.file.display().to_string();
    let out = args.out.display().to_string();
    let flags = experiment_flags(p);
    let mut report = vec!["report".to_string(), file.clone()];
    report.extend(flags.iter().cloned());
    if args.large {
        report.push("--large".into());
    }
    report.extend(["-o".into(), out.clone()]);
    let mut run = vec!["run".to_string(), file.clone()];
    run.extend(flags);
    run.extend(["--json".into(), "result.json".into(), "-q".into()]);
    let mut from = vec![
        "report".to_string(),
        file,
        "--from".into(),
        "result.json".into(),
    ];
    if args.large {
        from.push("--large".into());
    }
    from.extend(["-o".into(), out]);
    let whole = [p.run_range[0], p.run_range[1]] == [0, p.runs] && !p.partial;
    let first = if whole {
        "To write this report again, byte for byte (from the scenario file named above, \
         with this SHA-256):"
    } else {
        "This report covers only part of the experiment; to run the whole experiment and \
         report it:"
    };
    vec![
        (first.to_string(), command(&report)),
        (
            "Or keep the result as JSON and report it (detente run --check result.json \
             re-runs and confirms it):"
                .to_string(),
            format!("{}\n{}", command(&run), command(&from)),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn shell_quote_quotes_only_what_needs_it() {
        assert_eq!(shell_quote("treaty.exit_cost=20"), "treaty.exit_cost=20");
        assert_eq!(
            shell_quote("treaty.form=\"verbal\""),
            "'treaty.form=\"verbal\"'"
        );
        assert_eq!(shell_quote("it's"), "'it'\\''s'");
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote(""), "''");
    }
}
