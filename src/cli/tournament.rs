//! `detente tournament`: parse and validate the options, build the entrants, run the
//! round robin (`classroom::tournament`) on a rayon pool of the asked size, and write
//! the table, JSON and CSV.

use super::CliError;
use crate::classroom::tournament::{self, Entrant, Length, RankBy, TournamentConfig};
use crate::scenario::StrategySpec;
use crate::strategy::{CATALOG, StrategyError};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct TournamentArgs {
    /// A file given without --game: refused with the right command line
    #[arg(hide = true, value_name = "FILE")]
    pub stray_file: Option<PathBuf>,
    /// Comma-separated strategy ids or aliases; parameters as `id:key=value:key=value`
    /// (e.g. `tft,wsls,memory-one:p_cc=0.9:p_dd=0.5`). Default: all (`--all`).
    #[arg(long, value_delimiter = ',', conflicts_with = "all")]
    pub strategies: Vec<String>,
    /// Play every strategy of the catalogue with default parameters (the default)
    #[arg(long)]
    pub all: bool,
    /// Rounds per match (default 200)
    #[arg(long, conflicts_with = "continuation")]
    pub turns: Option<u32>,
    /// Continuation probability w in [0, 1): geometric match lengths with mean 1/(1 - w)
    #[arg(long)]
    pub continuation: Option<f64>,
    /// Probability that each intended move is flipped, in [0, 1]
    #[arg(long, default_value_t = 0.0)]
    pub noise: f64,
    /// Repetitions of the whole round robin
    #[arg(long, default_value_t = 10)]
    pub repetitions: u32,
    /// Master seed
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Worker threads (default: all cores); the output does not depend on it
    #[arg(long)]
    pub threads: Option<usize>,
    /// How to rank: `median` (the axelrod library's convention: median over the
    /// repetitions of the score per turn against the other strategies, self-play
    /// excluded) or `mean` (mean over repetitions, self-play included)
    #[arg(long, value_enum, default_value_t = RankBy::Median)]
    pub rank_by: RankBy,
    /// A TOML file with a symmetric 2×2 `[game]` table (action 0 = cooperate)
    #[arg(long, value_name = "FILE")]
    pub game: Option<PathBuf>,
    /// Write the full result as JSON (`-` = stdout)
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the ranking as CSV (the pairwise matrix goes to FILE's stem + `.matrix.csv`;
    /// with `-`, only the ranking goes to stdout)
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    #[command(flatten)]
    pub plots: super::plot::PlotsArgs,
}

/// An entrant as the command line writes it: a strategy's id or alias, not yet looked
/// up in the catalogue, and its parameters sorted by name.
#[derive(Debug, Clone, PartialEq)]
pub struct EntrantArg {
    pub id: String,
    pub params: Vec<(String, f64)>,
}

impl EntrantArg {
    /// The entrant's strategy, looked up in the catalogue, with its parameters checked.
    pub fn spec(&self) -> Result<StrategySpec, StrategyError> {
        let spec = StrategySpec::named(&self.id, self.params.clone())?;
        crate::strategy::Player::from_spec(&spec)?;
        Ok(spec)
    }
}

/// Parse `id` or `id:key=value:key=value` (params sorted by name).
pub fn parse_entrant(text: &str) -> Result<EntrantArg, CliError> {
    let mut parts = text.trim().split(':');
    let id = parts.next().unwrap_or_default().trim().to_string();
    let mut params = Vec::new();
    for kv in parts {
        let Some((k, v)) = kv.split_once('=') else {
            return Err(CliError::usage(
                format!("bad parameter `{kv}` in `{text}`"),
                "write parameters as id:key=value, e.g. joss:p=0.8",
            ));
        };
        let v: f64 = v.trim().parse().map_err(|_| {
            CliError::bare(format!(
                "parameter `{k}` in `{text}` is not a number: `{v}`"
            ))
        })?;
        params.push((k.trim().to_string(), v));
    }
    params.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(EntrantArg { id, params })
}

/// Read (R, S, T, P) from a scenario file's `[game]` table (through the scenario
/// loader, so the file gets the same validation and diagnostics as everywhere else);
/// it must be a symmetric 2×2 game.
fn read_game(path: &std::path::Path) -> Result<[f64; 4], CliError> {
    let scenario = super::analyze::load_scenario(path, &[])?;
    let bad = |why: &str| {
        CliError::usage(
            format!("{}: {why}", path.display()),
            "give a `[game]` table with payoffs = [[[R, R], [S, T]], [[T, S], [P, P]]] (row action 0 = cooperate)",
        )
    };
    let game = scenario
        .game
        .as_ref()
        .ok_or_else(|| bad("no [game] table"))?;
    let p = &game.payoffs;
    if p.len() != 2 || p.iter().any(|r| r.len() != 2) {
        return Err(bad("the tournament needs a 2×2 game"));
    }
    let asymmetric = (0..2)
        .flat_map(|r| (0..2).map(move |c| (r, c)))
        .any(|(r, c)| p[r][c][0] != p[c][r][1]);
    if asymmetric {
        return Err(bad(
            "the game is not symmetric (payoffs[r][c][0] must equal payoffs[c][r][1]); a tournament needs every strategy to face the same game",
        ));
    }
    Ok([p[0][0][0], p[0][1][0], p[1][0][0], p[1][1][0]])
}

/// Turn the raw options into entrants and a validated config.
pub fn validate(args: &TournamentArgs) -> Result<(Vec<Entrant>, TournamentConfig), CliError> {
    let specs: Vec<EntrantArg> = if args.strategies.is_empty() {
        CATALOG
            .iter()
            .map(|s| EntrantArg {
                id: s.id.as_str().into(),
                params: vec![],
            })
            .collect()
    } else {
        args.strategies
            .iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| parse_entrant(s))
            .collect::<Result<_, _>>()?
    };
    if specs.is_empty() {
        return Err(CliError::usage(
            "no strategies given",
            "--strategies tft,alld or --all",
        ));
    }
    let entrants = specs
        .iter()
        .map(|s| {
            s.spec()
                .and_then(|s| Entrant::from_spec(&s))
                .map_err(|e| CliError::usage(format!("{e}"), "`detente strategies` lists the ids"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let length = match (args.turns, args.continuation) {
        (_, Some(w)) if !(0.0..1.0).contains(&w) => {
            return Err(CliError::bare(format!(
                "--continuation must be in [0, 1), got {w}"
            )));
        }
        (_, Some(w)) => Length::Continuation(w),
        (Some(0), _) => return Err(CliError::bare("--turns must be at least 1")),
        (Some(n), _) => Length::Fixed(n),
        (None, None) => Length::Fixed(200),
    };
    if !(0.0..=1.0).contains(&args.noise) {
        return Err(CliError::bare(format!(
            "--noise must be in [0, 1], got {}",
            args.noise
        )));
    }
    if args.repetitions == 0 {
        return Err(CliError::bare("--repetitions must be at least 1"));
    }
    super::at_most(
        "--repetitions",
        u64::from(args.repetitions),
        u64::from(tournament::MAX_REPETITIONS),
        "each repetition replays every match; the interval over repetitions is already narrow at 100",
    )?;
    if let Some(n) = args.turns {
        super::at_most(
            "--turns",
            u64::from(n),
            u64::from(tournament::MAX_TURNS),
            "a match of a million turns already pins each score down",
        )?;
    }
    super::at_most(
        "--strategies",
        entrants.len() as u64,
        tournament::MAX_ENTRANTS as u64,
        "the pairwise matrix grows with the square of the number of strategies",
    )?;
    let pairs = (entrants.len() as u64 * (entrants.len() as u64 + 1)) / 2;
    super::at_most(
        "--repetitions",
        u64::from(args.repetitions),
        tournament::MAX_MATCHES / pairs.max(1),
        &format!(
            "{pairs} pairs × repetitions may not exceed {} matches",
            tournament::MAX_MATCHES
        ),
    )?;
    let payoff = match &args.game {
        Some(p) => read_game(p)?,
        None => crate::strategy::DEFAULT_PAYOFF,
    };
    Ok((
        entrants,
        TournamentConfig {
            length,
            noise: args.noise,
            repetitions: args.repetitions,
            seed: args.seed,
            payoff,
            rank_by: args.rank_by,
        },
    ))
}

pub fn run(args: TournamentArgs) -> Result<ExitCode, CliError> {
    if let Some(f) = &args.stray_file {
        return Err(CliError::usage(
            format!(
                "tournament takes its game with --game, not as a file argument: `{}`",
                f.display()
            ),
            format!("detente tournament --game {}", f.display()),
        ));
    }
    if args.threads == Some(0) {
        return Err(CliError::bare("--threads must be at least 1"));
    }
    let (entrants, config) = validate(&args)?;
    let pool = super::thread_pool(args.threads)?;
    let k = entrants.len() as u64;
    let bar = super::progress::bar(k * (k + 1) / 2 * u64::from(config.repetitions), "matches");
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let stop = super::stop_flag();
    let result = pool.install(|| tournament::run_until(&entrants, &config, &tick, stop));
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let partial = result.config.repetitions < config.repetitions;
    super::plot::emit_charts(&args.plots, |formats, size| {
        crate::report::charts::tournament_charts(&result, formats, size)
    })?;
    if let Some(path) = &args.json {
        super::write_output(path, &tournament::to_json(&result))?;
    }
    if let Some(path) = &args.csv {
        let csv = tournament::to_csv(&result).map_err(|e| CliError::Failure(e.into()))?;
        super::write_output(path, &csv)?;
        // One table per file: with `-` only the ranking, so stdout stays one table.
        if path.as_os_str() == "-" {
            crate::say!(
                "note: the pairwise matrix is written with --csv FILE (to FILE's stem + .matrix.csv)"
            );
        } else {
            let matrix =
                tournament::matrix_to_csv(&result).map_err(|e| CliError::Failure(e.into()))?;
            super::write_output(&path.with_extension("matrix.csv"), &matrix)?;
        }
    }
    let stdout_taken = [&args.json, &args.csv]
        .iter()
        .any(|p| p.as_ref().is_some_and(|p| p.as_os_str() == "-"));
    if !stdout_taken {
        super::print_text(&tournament::to_table(&result))?;
    }
    if partial {
        crate::say!(
            "interrupted: the result covers {} of {} repetitions (its config says so)",
            result.config.repetitions,
            config.repetitions
        );
        return Ok(ExitCode::from(super::EXIT_INTERRUPTED));
    }
    Ok(ExitCode::SUCCESS)
}
