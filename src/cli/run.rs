//! `detente run`: play a scenario many times and summarise the outcomes.

use super::merge::read_run_file;
use super::{AtomicWriter, CliError, read_input, write_output};
use crate::engine::run::{Outcome, RunResult, SpellEnd};
use crate::engine::summary::Key;
use crate::engine::summary::Provenance;
use crate::engine::{self, Control, scenario_info};
use crate::model::Model;
use crate::report::json::{RUN_FORMAT, RunFile, to_json, to_sealed_json};
use crate::report::table;
use crate::scenario::{self, Scenario};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use super::options::ExperimentArgs;
pub use super::options::{MAX_RUNS, pool};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  detente run scenarios/security-guarantees.toml
  detente run scenarios/inf-treaty.toml --runs 100000 --seed 7 --json result.json
  detente run scenarios/security-guarantees.toml --set treaty.exit_cost=20 --set actor.russia.discount=0.9
  detente run scenarios/prisoners-dilemma.toml --trace 0")]
pub struct RunArgs {
    /// Scenario file (TOML)
    pub file: PathBuf,
    #[command(flatten)]
    pub exp: ExperimentArgs,
    /// Write the full summary as JSON (with provenance) to FILE, or - for stdout
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write one CSV row per run to FILE (streamed; rows in run order; - for stdout,
    /// with nothing else). The provenance goes beside it in FILE's stem + .provenance.json
    #[arg(long = "runs-csv", value_name = "FILE")]
    pub runs_csv: Option<PathBuf>,
    /// Tell the story of run number RUN (0-based), round by round, instead of a summary
    #[arg(long, value_name = "RUN")]
    pub trace: Option<u64>,
    /// Run only shard K of N (0-based, e.g. 2/8): runs ⌊K·runs/N⌋ to ⌊(K+1)·runs/N⌋.
    /// Combine the shards' --json files with `detente merge`
    #[arg(long, value_name = "K/N")]
    pub shard: Option<String>,
    /// Re-run the experiment recorded in SUMMARY.json (its seed, runs, run range and
    /// --set overrides) and confirm the result is byte-identical
    #[arg(long, value_name = "SUMMARY.json", conflicts_with_all = ["runs", "seed", "set", "unset", "shard", "trace"])]
    pub check: Option<PathBuf>,
    /// Do not print the terminal summary
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub plots: super::plot::PlotsArgs,
}

/// Parse `K/N` into (k, n) with 0 <= k < n.
pub fn parse_shard(s: &str) -> Result<(u64, u64), CliError> {
    let sh = crate::shard::Shard::parse(s)?;
    Ok((sh.k, sh.n))
}

pub use crate::shard::shard_range;

/// Exit code when interrupted.
fn interrupted_code() -> ExitCode {
    ExitCode::from(super::EXIT_INTERRUPTED)
}

pub use super::stop_flag;

/// A scenario read, loaded and compiled, with the provenance fields it fixes.
pub struct Prepared {
    pub scenario: Scenario,
    pub model: Model,
    pub sha256: String,
    pub overrides: Vec<String>,
    /// The loader's warnings (valid but probably not meant), rendered as `validate`
    /// prints them; empty when there are none.
    pub warnings: String,
}

impl Prepared {
    /// The provenance of runs `start..done` of an experiment of `runs` runs, partial
    /// when it stopped before `end`.
    pub fn provenance(&self, seed: u64, runs: u64, start: u64, done: u64, end: u64) -> Provenance {
        Provenance {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            scenario_sha256: self.sha256.clone(),
            seed,
            runs,
            run_range: [start, done],
            overrides: self.overrides.clone(),
            partial: done < end,
        }
    }
}

/// Play runs `range` of an experiment of `runs` runs on `pool` (no progress, no
/// signals) and summarise them; returns the summary and its exact aggregate.
pub fn simulate_summary(
    pool: &rayon::ThreadPool,
    prep: &Prepared,
    seed: u64,
    runs: u64,
    range: (u64, u64),
) -> (
    crate::engine::summary::Summary,
    crate::engine::aggregate::Aggregate,
) {
    simulate_summary_until(pool, prep, seed, runs, range, None)
}

/// [`simulate_summary`] that stops early when `stop` is set; the summary is then
/// marked partial.
pub fn simulate_summary_until(
    pool: &rayon::ThreadPool,
    prep: &Prepared,
    seed: u64,
    runs: u64,
    range: (u64, u64),
    stop: Option<&AtomicBool>,
) -> (
    crate::engine::summary::Summary,
    crate::engine::aggregate::Aggregate,
) {
    let ctl = Control {
        stop,
        progress: None,
    };
    let (agg, done) =
        pool.install(|| engine::simulate_range(&prep.model, seed, range.0, range.1, &ctl));
    let provenance = prep.provenance(seed, runs, range.0, done, range.1);
    (
        agg.summarize(&scenario_info(&prep.scenario), provenance),
        agg,
    )
}

/// Refuse a scenario with a `[game]` but no actors: it has no lifecycle to simulate.
pub fn require_actors(prep: &Prepared, file: &std::path::Path) -> Result<(), CliError> {
    if prep.scenario.actors.is_empty() {
        return Err(CliError::usage(
            format!(
                "{} has a [game] but no actors, so there is no lifecycle to simulate",
                file.display()
            ),
            format!(
                "try `detente analyze {0}` or `detente tournament --game {0}`",
                file.display()
            ),
        ));
    }
    Ok(())
}

/// Read, load (with overrides) and compile a scenario file; bad input is exit 2.
pub fn prepare(file: &std::path::Path, set: &[String]) -> Result<Prepared, CliError> {
    let bytes = read_input(file)?;
    let name = file.display().to_string();
    let loaded = scenario::load(&name, &bytes, set).map_err(|e| CliError::Input(e.render()))?;
    let model = Model::compile(&loaded.scenario);
    let warnings = if loaded.warnings.is_empty() {
        String::new()
    } else {
        scenario::render_warnings(&loaded, &name, &bytes)
    };
    Ok(Prepared {
        warnings,
        scenario: loaded.scenario,
        model,
        sha256: loaded.sha256,
        overrides: loaded.overrides,
    })
}

pub fn run(args: RunArgs) -> Result<ExitCode, CliError> {
    if args.plots.plots.is_some() && (args.trace.is_some() || args.check.is_some()) {
        return Err(CliError::usage(
            "--plots draws the summary of many runs; it cannot be combined with --trace or --check",
            "run once with --plots, or draw a saved result with `detente plot RESULT.json --out DIR`",
        ));
    }
    if let Some(check) = &args.check {
        return run_check(&args, check);
    }
    let prep = prepare(&args.file, &args.exp.overrides())?;
    let s = &prep.scenario;
    require_actors(&prep, &args.file)?;
    let super::options::Experiment { runs, seed } = args.exp.resolve(s)?;
    if let Some(k) = args.trace {
        return trace(&prep, seed, runs, k);
    }
    let (start_run, end_run) = match &args.shard {
        Some(sh) => {
            let (k, n) = parse_shard(sh)?;
            shard_range(runs, k, n)
        }
        None => (0, runs),
    };
    let started = Instant::now();
    let (agg, done) = simulate_all(
        &args.exp,
        args.runs_csv.as_deref(),
        &prep,
        seed,
        runs,
        (start_run, end_run),
    )?;
    let provenance = prep.provenance(seed, runs, start_run, done, end_run);
    let summary = agg.summarize(&scenario_info(s), provenance);
    for w in payoff_warnings(s, &agg) {
        crate::say!("{w}");
    }
    let positions = crate::report::json::positions_report(s, &prep.model, seed, 0);
    write_results(&args, summary, agg, positions, started)?;
    if done < end_run {
        crate::say!(
            "interrupted: the summary covers runs {start_run} to {done} of {start_run} to {end_run}{}",
            if args.json.is_some() {
                " and is marked partial in the JSON"
            } else {
                ""
            }
        );
        return Ok(interrupted_code());
    }
    Ok(ExitCode::SUCCESS)
}

/// Warnings about the runs themselves: actors some runs gave an infinite or undefined
/// payoff, which the payoff statistics leave out.
pub fn payoff_warnings(s: &Scenario, agg: &crate::engine::aggregate::Aggregate) -> Vec<String> {
    s.actors
        .iter()
        .zip(&agg.payoff)
        .filter(|(_, sum)| sum.non_finite > 0)
        .map(|(a, sum)| {
            format!(
                "warning: {} runs gave {} an infinite or undefined payoff; they are left out of its mean and quantiles",
                sum.non_finite, a.name
            )
        })
        .collect()
}

/// `--trace K`: the story of run `k`, printed.
fn trace(prep: &Prepared, seed: u64, runs: u64, k: u64) -> Result<ExitCode, CliError> {
    let s = &prep.scenario;
    if k >= runs {
        return Err(CliError::bare(format!(
            "--trace {k} is not a run of this experiment (runs are numbered 0 to {})",
            runs - 1
        )));
    }
    let names: Vec<String> = s.actors.iter().map(|a| a.name.clone()).collect();
    let issues: Vec<String> = s.issues.iter().map(|i| i.id.clone()).collect();
    let (events, result) = engine::trace_events(&prep.model, seed, k);
    let lines: Vec<(u32, String)> = events
        .iter()
        .map(|(t, e)| (*t, e.render_in(&names, &issues, &s.meta.round)))
        .collect();
    let mut out = String::new();
    out.push_str(&format!(
        "{} — the story of run {k} (seed {seed})\n\n",
        s.meta.name
    ));
    out.push_str(&story_lines(&lines, &s.meta.round, &s.meta.rounds));
    out.push_str(&format!("\n{}\n", describe_end(&result, s)));
    let mut payoffs = String::from("Discounted payoffs:");
    for (i, a) in s.actors.iter().enumerate() {
        payoffs.push_str(&format!(" {} {:.2};", a.name, result.payoff[i]));
    }
    for l in crate::report::table::wrap_words(&payoffs, crate::report::table::MAX_WIDTH) {
        out.push_str(&l);
        out.push('\n');
    }
    super::print_text(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The story's lines, each headed by its round ("Month   12"); a line repeated in
/// consecutive rounds is told once for the whole stretch ("Months 4–9").
fn story_lines(lines: &[(u32, String)], round: &str, rounds: &str) -> String {
    let mut out = String::new();
    let mut k = 0;
    while k < lines.len() {
        let (t, text) = &lines[k];
        let mut end = k;
        while end + 1 < lines.len()
            && lines[end + 1].1 == *text
            && lines[end + 1].0 == lines[end].0 + 1
        {
            end += 1;
        }
        if end > k {
            let head = format!("{} {t}–{}", cap(rounds), lines[end].0);
            let text = format!("{text} (each {round}, {} {rounds})", end - k + 1);
            out.push_str(&hanging(&head, &text));
        } else {
            out.push_str(&hanging(&format!("{} {t:>4}", cap(round)), text));
        }
        k = end + 1;
    }
    out
}

/// `head  text`, the text wrapped at 100 columns with its further lines indented to
/// where it starts.
fn hanging(head: &str, text: &str) -> String {
    use crate::report::table::{MAX_WIDTH, wrap_words};
    let indent = head.chars().count() + 2;
    let mut out = String::new();
    for (n, l) in wrap_words(text, MAX_WIDTH.saturating_sub(indent).max(20))
        .iter()
        .enumerate()
    {
        if n == 0 {
            out.push_str(&format!("{head}  {l}\n"));
        } else {
            out.push_str(&format!("{:indent$}{l}\n", ""));
        }
    }
    out
}

/// Play runs `range` with a progress bar, stopping on Ctrl-C, streaming `--runs-csv`
/// rows (and writing its provenance sidecar); returns the aggregate and the end of
/// the runs played. `detente report` plays its runs through it too.
pub fn simulate_all(
    exp: &ExperimentArgs,
    runs_csv: Option<&std::path::Path>,
    prep: &Prepared,
    seed: u64,
    runs: u64,
    (start_run, end_run): (u64, u64),
) -> Result<(crate::engine::aggregate::Aggregate, u64), CliError> {
    let s = &prep.scenario;
    let pool = exp.pool()?;
    if let Some(note) = super::estimate::estimate_note(
        end_run - start_run,
        s.meta.horizon,
        s.actors.len(),
        pool.current_num_threads(),
    ) {
        crate::say!("{note}");
    }
    let stop = stop_flag();
    let started = Instant::now();
    let bar = progress_bar(end_run - start_run);
    let progress = |done: u64| {
        if let Some(b) = &bar
            && started.elapsed() > Duration::from_millis(300)
        {
            b.set_position(done);
        }
    };
    let ctl = Control {
        stop: Some(stop),
        progress: Some(&progress),
    };
    let out = match runs_csv {
        Some(path) => {
            let mut file = AtomicWriter::create(path)?;
            file.write(&csv_header(s));
            let (agg, done) = pool.install(|| {
                let mut line = Vec::with_capacity(256);
                let mut rec = |k: u64, r: &RunResult| {
                    line.clear();
                    csv_row(&mut line, k, r, s);
                    file.write(&line);
                };
                engine::simulate_range_with(
                    &prep.model,
                    seed,
                    start_run,
                    end_run,
                    &ctl,
                    Some(&mut rec),
                )
            });
            file.commit()?;
            if path.as_os_str() != "-" {
                let provenance = prep.provenance(seed, runs, start_run, done, end_run);
                write_output(&provenance_path(path), &to_json(&provenance))?;
            }
            (agg, done)
        }
        None => {
            pool.install(|| engine::simulate_range(&prep.model, seed, start_run, end_run, &ctl))
        }
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    Ok(out)
}

/// The charts, the JSON result file and the terminal table of a finished run.
fn write_results(
    args: &RunArgs,
    summary: crate::engine::summary::Summary,
    agg: crate::engine::aggregate::Aggregate,
    positions: Option<crate::report::json::PositionsReport>,
    started: Instant,
) -> Result<(), CliError> {
    super::plot::emit_run_charts(&args.plots, &summary)?;
    super::plot::emit_positions_charts(&args.plots, &summary, positions.as_ref())?;
    let done = summary.runs;
    let text = (!args.quiet).then(|| table::render(&summary));
    if let Some(path) = &args.json {
        let file = RunFile {
            format: RUN_FORMAT.into(),
            summary,
            aggregate: agg,
            positions,
        };
        write_output(path, &to_sealed_json(&file))?;
    }
    let stdout_taken = [&args.json, &args.runs_csv]
        .iter()
        .any(|p| p.as_ref().is_some_and(|p| p.as_os_str() == "-"));
    if let Some(mut text) = text
        && !stdout_taken
    {
        text.push_str(&format!(
            "\n({} runs in {:.2} s. Same seed, same numbers: add --seed to vary, --json FILE to keep them.)\n",
            table::thousands(done),
            started.elapsed().as_secs_f64()
        ));
        super::print_text(&text)?;
    }
    Ok(())
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// A progress bar on stderr, only when stderr is a terminal.
fn progress_bar(runs: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() || runs < 2 * engine::CHUNK {
        return None;
    }
    let b = indicatif::ProgressBar::new(runs);
    b.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} runs · {eta} left")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(b)
}

/// How a run ended, in words.
pub fn describe_end(r: &RunResult, s: &Scenario) -> String {
    let name = |i: usize| s.actors[i].name.as_str();
    match r.outcome {
        Outcome::InForce => format!(
            "At the horizon ({} {}) the treaty is still in force.",
            s.meta.horizon, s.meta.rounds
        ),
        Outcome::Withdrawn(i) => format!(
            "At the horizon there is no treaty: the last one ended when {} withdrew.",
            name(i)
        ),
        Outcome::NoAgreement => "The parties never reached an agreement.".into(),
        Outcome::Conflict(p) => format!(
            "Conflict broke out in {} {} ({}).",
            s.meta.round,
            r.conflict_round.unwrap_or(0),
            p.label()
        ),
    }
}

/// Where the provenance of the runs CSV `path` goes: `runs.csv` → `runs.provenance.json`.
pub fn provenance_path(path: &std::path::Path) -> PathBuf {
    path.with_extension("provenance.json")
}

/// The CSV header row. No comment lines: the file loads with a plain
/// `pandas.read_csv` or R `read.csv`; the provenance is in a JSON file beside it.
fn csv_header(s: &Scenario) -> Vec<u8> {
    let mut out = Vec::new();
    let mut cols = vec![
        "run".to_string(),
        "outcome".into(),
        "first_agreement_round".into(),
    ];
    for i in &s.issues {
        cols.push(format!("terms_{}", i.id));
    }
    cols.extend([
        "treaty_duration".into(),
        "treaty_end".into(),
        "first_notice_by".into(),
        "first_notice_round".into(),
        "conflict_round".into(),
        "talks_reopened".into(),
    ]);
    for a in &s.actors {
        cols.push(format!("violations_{}", a.id));
    }
    for a in &s.actors {
        cols.push(format!("payoff_{}", a.id));
    }
    let _ = writeln!(out, "{}", cols.join(","));
    out
}

fn csv_row(out: &mut Vec<u8>, k: u64, r: &RunResult, s: &Scenario) {
    let outcome = match r.outcome {
        Outcome::InForce => Key::InForce,
        Outcome::Withdrawn(i) => Key::Withdrawn(s.actors[i].id.clone()),
        Outcome::NoAgreement => Key::NoAgreement,
        Outcome::Conflict(p) => Key::Conflict(p),
    };
    let opt = |v: Option<u32>| v.map(|x| x.to_string()).unwrap_or_default();
    let _ = write!(out, "{k},{outcome},{}", opt(r.first_agreement));
    for x in &r.terms {
        if r.first_agreement.is_some() {
            let _ = write!(out, ",{x}");
        } else {
            out.push(b',');
        }
    }
    let (dur, end) = match r.spell {
        Some((d, e)) => (
            d.to_string(),
            match e {
                SpellEnd::Withdrawal => "withdrawal",
                SpellEnd::Conflict => "conflict",
                SpellEnd::Censored => "censored",
            },
        ),
        None => (String::new(), ""),
    };
    let _ = write!(out, ",{dur},{end}");
    match r.first_notice {
        Some((i, t)) => {
            let _ = write!(out, ",{},{t}", s.actors[i].id);
        }
        None => out.extend_from_slice(b",,"),
    }
    let _ = write!(out, ",{},{}", opt(r.conflict_round), r.reopened);
    for v in &r.violations {
        let _ = write!(out, ",{v}");
    }
    for p in &r.payoff {
        let _ = write!(out, ",{p}");
    }
    out.push(b'\n');
}

/// Compute the result file of runs `range` of an experiment (no progress, no signals).
pub fn compute_file(
    prep: &Prepared,
    seed: u64,
    runs: u64,
    range: (u64, u64),
    threads: Option<usize>,
) -> Result<RunFile, CliError> {
    let (summary, aggregate) = simulate_summary(&pool(threads)?, prep, seed, runs, range);
    Ok(RunFile {
        format: RUN_FORMAT.into(),
        summary,
        aggregate,
        positions: crate::report::json::positions_report(&prep.scenario, &prep.model, seed, 0),
    })
}

fn run_check(args: &RunArgs, check: &std::path::Path) -> Result<ExitCode, CliError> {
    let (recorded, bytes) = read_run_file(check)?;
    let p = &recorded.summary.provenance;
    let prep = prepare(&args.file, &p.overrides)?;
    if prep.sha256 != p.scenario_sha256 {
        return Err(CliError::usage(
            format!(
                "{} does not match the scenario {} was computed from (SHA-256 {} vs {})",
                args.file.display(),
                check.display(),
                prep.sha256,
                p.scenario_sha256
            ),
            "check against the same scenario file",
        ));
    }
    if p.tool_version != env!("CARGO_PKG_VERSION") {
        crate::say!(
            "note: {} was written by detente {}; this is {}",
            check.display(),
            p.tool_version,
            env!("CARGO_PKG_VERSION")
        );
    }
    let [start, end] = p.run_range;
    let mut again = compute_file(&prep, p.seed, p.runs, (start, end), args.exp.threads)?;
    // A partial result covers the prefix `start..end` of its shard and says so; the
    // same runs give the same aggregate, so it is checked as what it is.
    again.summary.provenance.partial = p.partial;
    let what = if p.partial {
        " (a partial result of an interrupted run)"
    } else {
        ""
    };
    let fresh = to_sealed_json(&again);
    if fresh == bytes {
        super::print_text(&format!(
            "ok: {}{what} reproduced byte for byte (runs {start} to {end}, seed {})\n",
            check.display(),
            p.seed
        ))?;
        Ok(ExitCode::SUCCESS)
    } else {
        crate::say!(
            "MISMATCH: re-running does not reproduce {}{what} byte for byte",
            check.display()
        );
        Ok(ExitCode::from(1))
    }
}
