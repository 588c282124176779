//! `detente evolve`: Moran process (simulated fixation probabilities against the
//! closed form, a time series with mutation) and replicator dynamics over a symmetric
//! payoff matrix: a tournament's (`--strategies`), a scenario's `[game]` (`--game`) or
//! one typed in (`--matrix`). The dynamics are `classroom::evolve`.

use super::{CliError, write_output};
use crate::classroom::analyze::parse_matrix;
use crate::classroom::evolve::{EvolveConfig, evolve_with, render_text};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  detente evolve --matrix \"3 0; 5 1\" --population 20 --selection 0.5
  detente evolve --matrix \"2 -1; 3 0\" --runs 20000 --json -
  detente evolve --strategies tit-for-tat,defector,win-stay-lose-shift --mutation 0.01

Payoffs are rescaled to [0, 1] and fitness is 1 - s + s*payoff.")]
pub struct EvolveArgs {
    /// Strategies to play a round-robin tournament between (its pairwise mean payoffs)
    #[arg(long, value_delimiter = ',', value_name = "A,B,...", conflicts_with_all = ["game", "matrix"])]
    pub strategies: Vec<String>,
    /// A scenario whose symmetric [game] is the payoff matrix
    #[arg(long, value_name = "FILE", conflicts_with = "matrix")]
    pub game: Option<PathBuf>,
    /// A symmetric game typed in, row player's payoffs: "3 0; 5 1" (see `analyze --help`)
    #[arg(long, value_name = "MATRIX", allow_hyphen_values = true)]
    pub matrix: Option<String>,
    /// Rounds per match of the tournament behind --strategies
    #[arg(long, default_value_t = 200)]
    pub turns: u32,
    /// Noise ε of the tournament behind --strategies (each move flipped with probability ε)
    #[arg(long, default_value_t = 0.0)]
    pub noise: f64,
    /// Population size N
    #[arg(long, default_value_t = 20)]
    pub population: u32,
    /// Intensity of selection s in [0, 1]
    #[arg(long, default_value_t = 0.5)]
    pub selection: f64,
    /// Mutation probability per birth for the time series (0 = none)
    #[arg(long, default_value_t = 0.0)]
    pub mutation: f64,
    /// Fixation runs per ordered pair of strategies
    #[arg(long, default_value_t = 10_000)]
    pub runs: u64,
    /// Generations of the time series and of the replicator dynamics
    #[arg(long, default_value_t = 200)]
    pub generations: u32,
    /// Master seed
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Write the full report (with every generation's shares) as JSON (`-` = stdout)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    #[command(flatten)]
    pub plots: super::plot::PlotsArgs,
}

pub fn run(args: EvolveArgs) -> Result<ExitCode, CliError> {
    let mut source = "the game typed in (--matrix), row player's payoff".to_string();
    let (names, a) = if let Some(m) = &args.matrix {
        let g = parse_matrix(m)
            .map_err(|e| CliError::Input(super::analyze::render_matrix_error(m, &e)))?;
        symmetric_matrix(&g)?
    } else if let Some(path) = &args.game {
        let scenario = super::analyze::load_scenario(path, &[])?;
        let Some(g) = &scenario.game else {
            return Err(CliError::usage(
                format!("{} has no [game] table", path.display()),
                "add a [game] (see docs/scenario-format.md), or use --matrix",
            ));
        };
        source = format!("the [game] of {}, row player's payoff", path.display());
        symmetric_matrix(g)?
    } else if !args.strategies.is_empty() {
        let written = args
            .strategies
            .iter()
            .map(|s| super::tournament::parse_entrant(s))
            .collect::<Result<Vec<_>, _>>()?;
        let config = crate::classroom::tournament::TournamentConfig {
            length: crate::classroom::tournament::Length::Fixed(args.turns),
            noise: args.noise,
            seed: args.seed,
            ..Default::default()
        };
        super::at_most(
            "--strategies",
            written.len() as u64,
            crate::classroom::evolve::MAX_STRATEGIES as u64,
            "each pair of strategies plays a tournament match and a fixation experiment",
        )?;
        super::at_most(
            "--turns",
            u64::from(args.turns),
            u64::from(crate::classroom::tournament::MAX_TURNS),
            "a match of a million turns already pins each score down",
        )?;
        if !(0.0..=1.0).contains(&args.noise) || args.turns == 0 {
            return Err(CliError::bare(
                "--noise must be in [0, 1] and --turns at least 1",
            ));
        }
        let [r, s, t, p] = config.payoff;
        source = format!(
            "the row strategy's mean score per turn against the column strategy in a tournament of {} turns per match, noise {}, {} repetitions, payoffs R={r} S={s} T={t} P={p}, seed {}",
            args.turns, args.noise, config.repetitions, args.seed
        );
        // Looked up (and their parameters checked) one entrant after the other, as the
        // tournament builds them.
        let specs = written
            .iter()
            .map(|w| w.spec())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| CliError::bare(format!("{e}")))?;
        crate::classroom::tournament::payoff_matrix(&specs, &config)
            .map_err(|e| CliError::bare(format!("{e}")))?
    } else {
        return Err(CliError::usage(
            "give --strategies A,B,..., --game FILE or --matrix \"3 0; 5 1\"",
            "see `detente evolve --help`",
        ));
    };
    let cfg = EvolveConfig {
        population: args.population,
        selection: args.selection,
        mutation: args.mutation,
        runs: args.runs,
        generations: args.generations,
        seed: args.seed,
    };
    let k = names.len() as u64;
    let bar = super::progress::bar(k * k.saturating_sub(1), "pairs");
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let rep = evolve_with(&names, &a, &cfg, super::stop_flag(), &tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let rep = rep.map_err(|e| CliError::bare(format!("{e}")))?;
    super::plot::emit_charts(&args.plots, |formats, size| {
        crate::report::charts::evolve_charts(&rep, formats, size)
    })?;
    if let Some(path) = &args.json {
        let mut bytes = serde_json::to_vec_pretty(&rep).map_err(|e| CliError::Failure(e.into()))?;
        bytes.push(b'\n');
        write_output(path, &bytes)?;
        if path.as_os_str() == "-" {
            return Ok(finish(&rep));
        }
    }
    let text = format!(
        "{}\n{}",
        matrix_text(&source, &names, &a),
        render_text(&rep)
    );
    super::print_text(&text)?;
    Ok(finish(&rep))
}

/// Exit 0, or 130 with a note when interrupted.
fn finish(rep: &crate::classroom::evolve::EvolveReport) -> ExitCode {
    if rep.partial {
        crate::say!(
            "interrupted: {} pairs of strategies were played; the JSON is marked partial",
            rep.fixation.len()
        );
        return ExitCode::from(super::EXIT_INTERRUPTED);
    }
    ExitCode::SUCCESS
}

/// The payoff matrix the dynamics use, with where it came from, for the terminal: at
/// most 100 columns wide, the columns in blocks (as the tournament's matrix) when
/// there are too many strategies for one.
fn matrix_text(source: &str, names: &[String], a: &[Vec<f64>]) -> String {
    use crate::report::table::{MAX_WIDTH, wrap_words};
    use std::fmt::Write as _;
    let mut o = String::new();
    for l in wrap_words(&format!("Payoff matrix: {source}"), MAX_WIDTH) {
        let _ = writeln!(o, "{l}");
    }
    let whole = a.iter().flatten().all(|x| x.fract() == 0.0);
    let cell = |x: f64| {
        if whole {
            format!("{x}")
        } else {
            format!("{x:.3}")
        }
    };
    let name_w = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let per_block = (MAX_WIDTH.saturating_sub(5 + 2 + name_w) / 8).max(1);
    let n = names.len();
    for start in (0..n).step_by(per_block) {
        let end = (start + per_block).min(n);
        if per_block < n {
            let _ = writeln!(o, "columns {}–{end} of {n}:", start + 1);
        }
        let _ = write!(o, "{:>4} ", "");
        for j in start..end {
            let _ = write!(o, " {:>7}", j + 1);
        }
        o.push('\n');
        for (i, row) in a.iter().enumerate() {
            let _ = write!(o, "{:>4} ", i + 1);
            for x in &row[start..end] {
                let _ = write!(o, " {:>7}", cell(*x));
            }
            let _ = writeln!(o, "  {}", names[i]);
        }
    }
    o
}

/// The row player's payoffs of a symmetric game, with its action names.
fn symmetric_matrix(g: &crate::scenario::Game) -> Result<(Vec<String>, Vec<Vec<f64>>), CliError> {
    let m = g.payoffs.len();
    let symmetric = g.payoffs.iter().all(|r| r.len() == m)
        && (0..m).all(|i| (0..m).all(|j| g.payoffs[i][j][0] == g.payoffs[j][i][1]));
    if !symmetric {
        return Err(CliError::usage(
            "evolve needs a symmetric game (the column player's payoffs are the row player's transposed)",
            "give one number per cell, e.g. --matrix \"3 0; 5 1\"",
        ));
    }
    let a = g
        .payoffs
        .iter()
        .map(|r| r.iter().map(|c| c[0]).collect())
        .collect();
    Ok((g.actions[0].clone(), a))
}
