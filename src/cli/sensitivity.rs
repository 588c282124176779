//! `detente sensitivity`: move each numeric parameter of a scenario (or the ones
//! chosen with `--param`) down and up by a stated share (kept within the values the
//! key takes, and said so where that stops it short), one at a time, with common
//! random numbers, and report the change of a headline metric per parameter, as a
//! table and a tornado chart; parameters with no effect are flagged.

use super::find::{bad_metric, check_metric, metric_lines};
use super::options::ExperimentArgs;
use super::run::{prepare, simulate_summary_until};
use super::{CliError, write_output};
use crate::report::charts::{Format, tornado_chart};
use crate::report::json::to_json;
use crate::report::search::{SENSITIVITY_FORMAT, SensitivityResult, sensitivity_text, short};
use crate::search::{Effect, Estimate, Metric, difference};
use crate::shard::set_value;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = sensitivity_help())]
pub struct SensitivityArgs {
    /// Scenario file (TOML)
    pub file: PathBuf,
    /// The headline metric whose change is reported
    #[arg(long, value_name = "METRIC", default_value = "first_treaty_survives")]
    pub metric: String,
    /// How far each parameter moves, down and up: a share (0.1) or a percentage (10%)
    #[arg(long, value_name = "SHARE", default_value = "10%")]
    pub by: String,
    /// Vary only this key (repeatable; default: every number of the scenario outside
    /// [scenario])
    #[arg(long, value_name = "KEY.PATH")]
    pub param: Vec<String>,
    #[command(flatten)]
    pub exp: ExperimentArgs,
    /// Draw the tornado chart into FILE (.png or .svg)
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Write the analysis as JSON (- for stdout)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Do not print the table
    #[arg(long, short)]
    pub quiet: bool,
}

fn sensitivity_help() -> String {
    let mut s = String::from(
        "Examples:
  detente sensitivity scenarios/inf-treaty.toml --runs 200
  detente sensitivity scenarios/legally-binding.toml --param treaty.exit_cost \\
    --param actor.west.discount --by 20% --runs 1000 --plot tornado.png

Metrics:\n",
    );
    s.push_str(&metric_lines());
    s.push_str(
        "
Each parameter is moved by the share given (whole-number keys by at least 1) while
everything else stays as in the scenario; every variant runs with the same seed, so a
change is the parameter's effect on the very same runs. A parameter whose variants give
exactly the baseline's metric is flagged \"no effect\". A side outside the values a key
takes is played at the nearest value it does take, and the output says so: a bound the
key can take as it is (a probability of 1), half-way to one it cannot (a discount of
0.99 raised by 10% plays 0.995, since a discount must stay below 1). A side with no room
at all (a key at its bound) is left out and said so.",
    );
    s
}

/// Parse `--by`: `0.1` or `10%`, strictly between 0 and 1.
pub fn parse_by(s: &str) -> Result<f64, CliError> {
    let t = s.trim();
    let (num, scale) = match t.strip_suffix('%') {
        Some(n) => (n.trim(), 0.01),
        None => (t, 1.0),
    };
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() && v * scale > 0.0 && v * scale < 1.0 => Ok(v * scale),
        _ => Err(CliError::usage(
            format!("--by `{s}` is not a share between 0 and 1 (or a percentage below 100%)"),
            "e.g. --by 10% or --by 0.25",
        )),
    }
}

/// The values played below and above `v` for a move of `by`.
fn sides(v: f64, by: f64, integer: bool) -> (f64, f64) {
    if integer {
        let d = (v.abs() * by).round().max(1.0);
        (v - d, v + d)
    } else {
        (tidy(v * (1.0 - by)), tidy(v * (1.0 + by)))
    }
}

/// What to play for one side of a parameter.
enum Side {
    /// The value the move gives: the scenario takes it.
    Take,
    /// The scenario refuses the value the move gives; play this one, within its range,
    /// and say why.
    Moved(f64, String),
    /// No value on that side is taken (the parameter sits at its bound): the
    /// scenario's message.
    Refused(String),
}

/// Whether `want`, the value a move of `k` gives, is one the scenario takes; if not,
/// the nearest value on that side that it does take, found by bisection between the
/// parameter's value (taken) and `want` (refused) on the loader's verdict alone. A
/// closed bound (a probability of 1) is played as it is; an open one (a discount
/// approaches 1 but cannot be 1) half-way between the value and the bound. Whole
/// numbers stop at the last whole number taken.
fn within_range(accepts: &Accepts, k: &crate::scenario::NumericKey, want: f64) -> Side {
    let why = match accepts(&k.path, want) {
        Ok(()) => return Side::Take,
        Err(e @ CliError::Input(_)) => first_line(&e),
        Err(e) => return Side::Refused(first_line(&e)),
    };
    let (mut ok, mut bad) = (k.value, want);
    let taken = |x: f64| accepts(&k.path, x).is_ok();
    let close = |a: f64, b: f64| {
        if k.integer {
            (a - b).abs() <= 1.0
        } else {
            (a - b).abs() <= 1e-13 * a.abs().max(b.abs()).max(1e-300)
        }
    };
    for _ in 0..200 {
        if close(ok, bad) {
            break;
        }
        let mid = if k.integer {
            ((ok + bad) / 2.0).round()
        } else {
            ok + (bad - ok) / 2.0
        };
        if mid == ok || mid == bad {
            break;
        }
        if taken(mid) {
            ok = mid;
        } else {
            bad = mid;
        }
    }
    let out_of_range = format!(
        "{} to {} it is out of range",
        if want > k.value { "raised" } else { "lowered" },
        short(want)
    );
    let (to, how) = if k.integer {
        (
            ok,
            format!("played {}, the last whole number it takes", short(ok)),
        )
    } else {
        let bound = tidy(bad);
        if taken(bound) {
            (bound, format!("played its bound {}", short(bound)))
        } else {
            let half = tidy(k.value + (bound - k.value) / 2.0);
            (
                half,
                format!(
                    "played {}, half-way to {}, which it cannot take",
                    short(half),
                    short(bound)
                ),
            )
        }
    };
    if to == k.value || !taken(to) {
        return Side::Refused(why);
    }
    Side::Moved(to, format!("{out_of_range}; {how}"))
}

/// `x` without binary noise beyond 12 significant digits (0.99 × 1.5 is 1.485, not
/// 1.4849999999999999), as `sweep` prints its points.
fn tidy(x: f64) -> f64 {
    let scale = 10f64.powi(11 - x.abs().max(1e-300).log10().floor() as i32);
    if scale.is_finite() && scale > 0.0 {
        (x * scale).round() / scale
    } else {
        x
    }
}

/// The first line of a scenario error, without its `error: ` prefix.
fn first_line(e: &CliError) -> String {
    let s = e.to_string();
    let l = s.lines().next().unwrap_or("").trim();
    l.strip_prefix("error: ").unwrap_or(l).to_string()
}

/// The keys to vary: every number of the scenario, or the ones `--param` names.
fn chosen_keys(
    all: &[crate::scenario::NumericKey],
    params: &[String],
) -> Result<Vec<crate::scenario::NumericKey>, CliError> {
    if params.is_empty() {
        return Ok(all.to_vec());
    }
    let mut chosen = Vec::new();
    for p in params {
        match all.iter().find(|k| k.path == p.trim()) {
            Some(k) => chosen.push(k.clone()),
            None => {
                let near = crate::util::closest(p, all.iter().map(|k| k.path.as_str()));
                return Err(CliError::usage(
                    match near {
                        Some(c) => format!(
                            "--param `{p}` is not a number of the scenario; did you mean `{c}`?"
                        ),
                        None => format!("--param `{p}` is not a number of the scenario"),
                    },
                    "name a key the file gives a number, as --set writes it, e.g. treaty.exit_cost",
                ));
            }
        }
    }
    Ok(chosen)
}

/// How one experiment is played: the metric (None: undefined) of the scenario with
/// the `--set` overrides given.
type Play<'a> = dyn Fn(&[String]) -> Result<Option<Estimate>, CliError> + 'a;

/// Whether the scenario takes `key = value` (loading only, nothing is played).
type Accepts<'a> = dyn Fn(&str, f64) -> Result<(), CliError> + 'a;

/// The effect of moving key `k` down and up by `by`, each side played with `play`
/// (within the values `accepts` takes) and compared with `baseline`.
fn effect_of(
    k: &crate::scenario::NumericKey,
    by: f64,
    (overrides, metric, baseline): (&[String], &Metric, &Estimate),
    play: &Play,
    accepts: &Accepts,
) -> Result<Effect, CliError> {
    let (lo, hi) = sides(k.value, by, k.integer);
    let mut e = Effect {
        key: k.path.clone(),
        base: k.value,
        low: None,
        high: None,
        at_low: None,
        at_high: None,
        d_low: None,
        d_high: None,
        refused: None,
        moved: Vec::new(),
    };
    for (v, is_high) in [(lo, false), (hi, true)] {
        let (v, note) = match within_range(accepts, k, v) {
            Side::Take => (v, None),
            Side::Moved(to, note) => (to, Some(note)),
            Side::Refused(why) => {
                e.refused.get_or_insert(why);
                continue;
            }
        };
        let mut set = overrides.to_vec();
        set.push(set_value(&k.path, v));
        match play(&set) {
            Ok(est) => {
                let d = est.map(|a| difference(&a, baseline, metric.is_share()));
                if is_high {
                    (e.high, e.at_high, e.d_high) = (Some(v), est, d);
                } else {
                    (e.low, e.at_low, e.d_low) = (Some(v), est, d);
                }
                e.moved.extend(note);
            }
            Err(err @ CliError::Input(_)) => {
                e.refused.get_or_insert_with(|| first_line(&err));
            }
            Err(other) => return Err(other),
        }
    }
    Ok(e)
}

pub fn analyse(args: &SensitivityArgs) -> Result<SensitivityResult, CliError> {
    let metric = Metric::parse(&args.metric).map_err(|e| bad_metric("--metric", e))?;
    let by = parse_by(&args.by)?;
    if let Some(p) = &args.plot {
        plot_format(p)?;
    }
    let overrides = args.exp.overrides();
    let base = prepare(&args.file, &overrides)?;
    if base.scenario.actors.is_empty() {
        return Err(CliError::usage(
            format!(
                "{} has no actors, so there is no treaty to analyse",
                args.file.display()
            ),
            "sensitivity works on treaty scenarios (with [[actor]]s)",
        ));
    }
    check_metric(&metric, &base.scenario)?;
    let bytes = super::read_input(&args.file)?;
    let all = crate::scenario::numeric_keys(&bytes, &overrides);
    let keys = chosen_keys(&all, &args.param)?;
    let x = args.exp.resolve(&base.scenario)?;
    let pool = args.exp.pool()?;
    let varied: Vec<_> = keys.iter().filter(|k| k.value != 0.0).collect();
    let bar = super::progress::bar(1 + 2 * varied.len() as u64, "variants");
    let play = |set: &[String]| -> Result<Option<Estimate>, CliError> {
        let prep = prepare(&args.file, set)?;
        if super::stopped() {
            return Err(CliError::bare("interrupted: nothing written"));
        }
        let stop = Some(super::stop_flag());
        let (summary, _) = simulate_summary_until(&pool, &prep, x.seed, x.runs, (0, x.runs), stop);
        if summary.provenance.partial {
            return Err(CliError::bare("interrupted: nothing written"));
        }
        if let Some(b) = &bar {
            b.inc(1);
        }
        Ok(metric.of(&summary))
    };
    let Some(baseline) = play(&overrides)? else {
        return Err(CliError::usage(
            format!(
                "`{}` is undefined for this scenario: no run reached a treaty",
                metric.name()
            ),
            "choose another --metric, e.g. --metric agreement",
        ));
    };
    let accepts = |key: &str, value: f64| -> Result<(), CliError> {
        let mut set = overrides.clone();
        set.push(set_value(key, value));
        prepare(&args.file, &set).map(|_| ())
    };
    let mut effects = Vec::new();
    for k in &varied {
        let given = (overrides.as_slice(), &metric, &baseline);
        effects.push(effect_of(k, by, given, &play, &accepts)?);
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    // Largest swing first; ties keep the file's order.
    effects.sort_by(|a, b| b.swing().total_cmp(&a.swing()));
    Ok(SensitivityResult {
        provenance: super::find::provenance(SENSITIVITY_FORMAT, &base, &x),
        metric,
        by,
        baseline,
        effects,
        not_varied: keys
            .iter()
            .filter(|k| k.value == 0.0)
            .map(|k| k.path.clone())
            .collect(),
    })
}

/// The image format of `--plot FILE`, from its extension.
fn plot_format(p: &std::path::Path) -> Result<Format, CliError> {
    match p.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("png") => Ok(Format::Png),
        Some(e) if e.eq_ignore_ascii_case("svg") => Ok(Format::Svg),
        _ => Err(CliError::usage(
            format!("--plot `{}` does not end in .png or .svg", p.display()),
            "name the chart file tornado.png or tornado.svg",
        )),
    }
}

pub fn run(args: SensitivityArgs) -> Result<ExitCode, CliError> {
    let result = analyse(&args)?;
    if let Some(p) = &args.plot {
        let bytes = tornado_chart(
            &result,
            plot_format(p)?,
            crate::report::charts::DEFAULT_SIZE,
        )
        .map_err(|e| CliError::Failure(anyhow::anyhow!(e)))?;
        write_output(p, &bytes)?;
        crate::say!("wrote {}", p.display());
    }
    if let Some(p) = &args.json {
        write_output(p, &to_json(&result))?;
    }
    let to_stdout = args.json.as_ref().is_some_and(|p| p.as_os_str() == "-");
    if !args.quiet && !to_stdout {
        super::print_text(&sensitivity_text(&result))?;
    }
    Ok(ExitCode::SUCCESS)
}
