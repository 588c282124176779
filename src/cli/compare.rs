//! `detente compare`: several scenarios, or variants of one, run with the same seed
//! and runs, side by side: headline metrics with their differences from the first
//! entry, paired run by run (intervals; McNemar's test for shares of runs, a z test on
//! the runs' influence for the first treaty's Kaplan–Meier survival), and a log-rank
//! test between treaty survival curves.

use super::options::ExperimentArgs;
use super::run::{Prepared, prepare};
use super::{CliError, write_output};
use crate::engine::aggregate::Aggregate;
use crate::engine::summary::Summary;
use crate::report::compare::{
    CompareEntry, CompareResult, Headline, Paired, RunBits, compare_csv, compare_table,
};
use crate::report::json::to_json;
use crate::stats::log_rank;
use std::path::PathBuf;
use std::process::ExitCode;

/// Format tag of comparison files.
pub const COMPARE_FORMAT: &str = "detente-compare/1";

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  detente compare scenarios/legally-binding.toml scenarios/verbal-assurance.toml
  detente compare scenarios/security-guarantees.toml --variant 'verbal:treaty.form=\"verbal\",treaty.exit_cost=0,treaty.notice=0'
  detente compare scenarios/inf-treaty.toml --variant cheap-exit:treaty.exit_cost=0 --variant costly-exit:treaty.exit_cost=20
  detente compare scenarios/legally-binding.toml scenarios/verbal-assurance.toml --plots charts/

The first entry is the baseline; every other entry is compared with it. A variant's
overrides are separated by commas; `unset KEY.PATH` removes a key, e.g.
--variant 'europe-decides:unset actor.europe.principal'. (treaty.form only sets the default notice and exit
cost: a scenario that states them needs them overridden too.)")]
pub struct CompareArgs {
    /// Scenario files; with --variant, exactly one (the baseline)
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// A variant of the single scenario: NAME:KEY.PATH=VALUE[,KEY.PATH=VALUE...]; an item
    /// `unset KEY.PATH` removes a key (repeatable)
    #[arg(long, value_name = "NAME:KEY.PATH=VALUE")]
    pub variant: Vec<String>,
    #[command(flatten)]
    pub exp: ExperimentArgs,
    /// Write the comparison as JSON, with each entry's provenance (- for stdout)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the comparison as CSV, one row per entry (- for stdout)
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Do not print the table
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub plots: super::plot::PlotsArgs,
}

/// One thing to run: a name, a file, overrides.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub file: PathBuf,
    pub set: Vec<String>,
}

/// Parse `NAME:KEY.PATH=VALUE[,KEY.PATH=VALUE...]`.
pub fn parse_variant(s: &str, file: &std::path::Path) -> Result<Entry, CliError> {
    let bad = |why: &str| {
        CliError::usage(
            format!("invalid --variant `{s}`: {why}"),
            "write NAME:KEY.PATH=VALUE, e.g. --variant verbal:treaty.form='\"verbal\"'",
        )
    };
    let (name, sets) = s.split_once(':').ok_or_else(|| bad("missing `NAME:`"))?;
    if name.trim().is_empty() {
        return Err(bad("the name is empty"));
    }
    let set: Vec<String> = split_sets(sets);
    let unset = |x: &String| x.starts_with(crate::scenario::UNSET);
    if set.is_empty() || set.iter().any(|x| !x.contains('=') && !unset(x)) {
        return Err(bad(
            "expected KEY.PATH=VALUE (or `unset KEY.PATH`) after the name",
        ));
    }
    Ok(Entry {
        name: name.trim().to_string(),
        file: file.to_path_buf(),
        set,
    })
}

/// Split `a=1,b={ dist = "uniform", low = 1, high = 2 }` at top-level commas only.
fn split_sets(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let (mut depth, mut quote, mut cur) = (0i32, false, String::new());
    for c in s.chars() {
        match c {
            '"' => quote = !quote,
            '{' | '[' if !quote => depth += 1,
            '}' | ']' if !quote => depth -= 1,
            ',' if !quote && depth == 0 => {
                if !cur.trim().is_empty() {
                    out.push(cur.trim().to_string());
                }
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// The entries of a `compare` command line.
pub fn entries(args: &CompareArgs) -> Result<Vec<Entry>, CliError> {
    if !args.variant.is_empty() {
        if args.files.len() != 1 {
            return Err(CliError::usage(
                "--variant compares variants of ONE scenario, but several files were given",
                "pass one file with --variant, or several files without it",
            ));
        }
        let mut v = vec![Entry {
            name: "baseline".into(),
            file: args.files[0].clone(),
            set: vec![],
        }];
        for s in &args.variant {
            v.push(parse_variant(s, &args.files[0])?);
        }
        return Ok(v);
    }
    if args.files.len() < 2 {
        return Err(CliError::usage(
            "compare needs two or more scenario files, or one file with --variant",
            "e.g. detente compare scenarios/security-guarantees.toml --variant 'verbal:treaty.form=\"verbal\",treaty.exit_cost=0,treaty.notice=0'",
        ));
    }
    Ok(args
        .files
        .iter()
        .map(|f| Entry {
            name: f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| f.display().to_string()),
            file: f.clone(),
            set: vec![],
        })
        .collect())
}

/// Warnings for an entry whose treaty `form` differs from the baseline's while a
/// notice period or exit cost it sets by default stayed the same: the scenario states
/// that value, so the form's default does not apply, which is rarely what was meant.
pub fn form_warnings(
    base: &crate::scenario::Scenario,
    entry: &crate::scenario::Scenario,
    name: &str,
) -> Vec<String> {
    if base.treaty.form == entry.treaty.form {
        return vec![];
    }
    let mut kept = Vec::new();
    if base.treaty.notice == entry.treaty.notice {
        kept.push(format!("treaty.notice={}", entry.treaty.notice));
    }
    if base.treaty.exit_cost == entry.treaty.exit_cost {
        kept.push("treaty.exit_cost".to_string());
    }
    for (a, b) in entry.actors.iter().zip(&base.actors) {
        if a.notice == b.notice && a.notice != entry.treaty.notice {
            kept.push(format!("actor.{}.notice={}", a.id, a.notice));
        }
        if a.exit_cost == b.exit_cost && a.exit_cost != entry.treaty.exit_cost {
            kept.push(format!("actor.{}.exit_cost", a.id));
        }
    }
    if kept.is_empty() {
        return vec![];
    }
    vec![format!(
        "warning: `{name}` changes the treaty's form but not {}: `form` only sets the defaults, and the scenario states these values\n  = help: override them in the variant too if the form was meant to change them, e.g. {}",
        kept.join(", "),
        kept.iter()
            .map(|k| k.split('=').next().unwrap_or(k).to_string() + "=0")
            .collect::<Vec<_>>()
            .join(",")
    )]
}

/// What [`run_entries`] returns: the common runs and seed, and each entry's summary,
/// aggregate, prepared scenario (for its provenance) and per-run outcomes (for the
/// paired differences).
pub type Ran = (u64, u64, Vec<(Summary, Aggregate, Prepared, Vec<RunBits>)>);

/// Play runs `0..runs` of `prep` on `pool` and summarise them, keeping what the
/// paired comparison needs of each run, in run order.
fn simulate_recording(
    pool: &rayon::ThreadPool,
    prep: &Prepared,
    seed: u64,
    runs: u64,
    stop: Option<&std::sync::atomic::AtomicBool>,
) -> (Summary, Aggregate, Vec<RunBits>) {
    let ctl = crate::engine::Control {
        stop,
        progress: None,
    };
    let horizon = prep.model.horizon;
    let mut bits = Vec::new();
    let mut rec = |_: u64, r: &crate::engine::run::RunResult| bits.push(RunBits::of(r, horizon));
    let (agg, done) = pool.install(|| {
        crate::engine::simulate_range_with(&prep.model, seed, 0, runs, &ctl, Some(&mut rec))
    });
    let provenance = prep.provenance(seed, runs, 0, done, runs);
    let summary = agg.summarize(&crate::engine::scenario_info(&prep.scenario), provenance);
    (summary, agg, bits)
}

/// Run every entry with the same seed and runs (`exp`'s, or the first scenario's);
/// `exp.set` applies to every entry, before the entry's own overrides.
pub fn run_entries(list: &[Entry], exp: &ExperimentArgs) -> Result<Ran, CliError> {
    let pool = exp.pool()?;
    let mut out: Vec<(Summary, Aggregate, Prepared, Vec<RunBits>)> = Vec::new();
    let mut common = None;
    let bar = super::progress::bar(list.len() as u64, "entries");
    for e in list {
        let set: Vec<String> = exp.overrides().into_iter().chain(e.set.clone()).collect();
        let prep = prepare(&e.file, &set)?;
        if prep.scenario.actors.is_empty() {
            return Err(CliError::bare(format!(
                "{} has no actors, so there is no treaty to compare",
                e.file.display()
            )));
        }
        let x = match common {
            Some(x) => x,
            None => *common.insert(exp.resolve(&prep.scenario)?),
        };
        if let Some((_, _, base, _)) = out.first() {
            for w in form_warnings(&base.scenario, &prep.scenario, &e.name) {
                crate::say!("{w}");
            }
        }
        if super::stopped() {
            break;
        }
        let stop = Some(super::stop_flag());
        let (summary, agg, bits) = simulate_recording(&pool, &prep, x.seed, x.runs, stop);
        if summary.provenance.partial {
            // Interrupted: compare only the entries played in full.
            break;
        }
        out.push((summary, agg, prep, bits));
        if let Some(b) = &bar {
            b.inc(1);
        }
    }
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let x = common.unwrap_or(super::options::Experiment { runs: 0, seed: 0 });
    Ok((x.runs, x.seed, out))
}

pub fn run(args: CompareArgs) -> Result<ExitCode, CliError> {
    let list = entries(&args)?;
    let (runs, seed, results) = run_entries(&list, &args.exp)?;
    let partial = results.len() < list.len();
    if results.is_empty() {
        crate::say!("interrupted before the first entry was complete: nothing written");
        return Ok(ExitCode::from(super::EXIT_INTERRUPTED));
    }
    let base_surv = results[0].1.survival.clone();
    let entries = list
        .iter()
        .zip(&results)
        .enumerate()
        .map(|(k, (e, (s, a, prep, bits)))| CompareEntry {
            name: e.name.clone(),
            scenario_sha256: prep.sha256.clone(),
            overrides: prep.overrides.clone(),
            headline: Headline::of(s),
            log_rank: (k > 0).then(|| log_rank(&a.survival, &base_surv)),
            paired: (k > 0).then(|| Paired::between(&results[0].3, bits)),
        })
        .collect();
    let first = &results[0].0.scenario;
    let result = CompareResult {
        format: COMPARE_FORMAT.into(),
        tool_version: env!("CARGO_PKG_VERSION").into(),
        seed,
        runs,
        round: first.round.clone(),
        rounds: first.rounds.clone(),
        entries,
    };
    let summaries: Vec<Summary> = results.into_iter().map(|(s, ..)| s).collect();
    super::plot::emit_charts(&args.plots, |formats, size| {
        crate::report::charts::compare_charts(&result, &summaries, formats, size)
    })?;
    if let Some(p) = &args.json {
        let file = crate::report::json::MaybePartial {
            result: &result,
            partial,
        };
        write_output(p, &to_json(&file))?;
    }
    if let Some(p) = &args.csv {
        write_output(p, &compare_csv(&result))?;
    }
    let to_stdout = [&args.json, &args.csv]
        .iter()
        .any(|p| p.as_ref().is_some_and(|p| p.as_os_str() == "-"));
    if !args.quiet && !to_stdout {
        super::print_text(&compare_table(&result))?;
    }
    if partial {
        crate::say!(
            "interrupted: {} of {} entries are complete; the JSON is marked partial",
            result.entries.len(),
            list.len()
        );
        return Ok(ExitCode::from(super::EXIT_INTERRUPTED));
    }
    Ok(ExitCode::SUCCESS)
}
