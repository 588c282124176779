//! Axelrod-style round-robin tournaments of repeated-game strategies: one match
//! ([`play_match`]), a whole tournament ([`run`]) with every pair including self-play,
//! repetitions, noise and fixed or geometric match lengths, and its exporters (ranked
//! terminal table, JSON and CSV as bytes). The evolution tools read the pairwise payoff
//! matrix from [`TournamentResult::matrix`] or [`payoff_matrix`].
//!
//! Seeding: match (repetition r, pair k) runs on its own ChaCha8 stream keyed by the
//! master seed, stream `r·(pairs + 1) + k`; stream `r·(pairs + 1) + pairs` draws the
//! length of every match of repetition r under a continuation probability (all pairs
//! of one repetition play the same number of rounds; axelrod instead draws a length per
//! match). Matches run in parallel; their outcomes are collected in index order and
//! folded sequentially, so the output is byte-identical for any number of threads.

use crate::scenario::StrategySpec;
use crate::strategy::{Player, StrategyError};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

/// z for a two-sided 95% normal interval (docs/theory.md §0).
const Z95: f64 = 1.959964;

/// How long a match lasts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Length {
    /// Exactly this many rounds.
    Fixed(u32),
    /// After each round another follows with probability w (0 ≤ w < 1): the number of
    /// rounds is geometric on {1, 2, …} with mean 1/(1 − w) (docs/theory.md §3b).
    Continuation(f64),
}

/// How strategies are scored and ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, clap::ValueEnum)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// The axelrod library's convention: in each repetition, a strategy's score per
    /// turn averaged over its opponents, self-play excluded; ranked by the median of
    /// these over the repetitions.
    #[default]
    Median,
    /// The mean over repetitions of the score per turn averaged over every opponent,
    /// self-play included (detente's convention before 0.2).
    Mean,
}

/// Most repetitions of a round robin (every one keeps its match outcomes).
pub const MAX_REPETITIONS: u32 = 100_000;
/// Most turns of a fixed-length match.
pub const MAX_TURNS: u32 = 1_000_000;
/// Most entrants (the pairs grow with the square).
pub const MAX_ENTRANTS: usize = 200;
/// Most matches of a tournament (pairs × repetitions), each kept until summarised.
pub const MAX_MATCHES: u64 = 10_000_000;

/// Tournament settings. Validated by the caller (the CLI): noise in [0, 1],
/// continuation in [0, 1), repetitions ≥ 1.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TournamentConfig {
    pub length: Length,
    /// Probability ε that each intended move is flipped (per player, per round).
    pub noise: f64,
    pub repetitions: u32,
    pub seed: u64,
    /// Stage payoffs (R, S, T, P) of a symmetric 2×2 game, from the row player's side.
    pub payoff: [f64; 4],
    /// How the ranking scores strategies.
    pub rank_by: RankBy,
}

impl Default for TournamentConfig {
    fn default() -> Self {
        TournamentConfig {
            length: Length::Fixed(200),
            noise: 0.0,
            repetitions: 10,
            seed: 0,
            payoff: crate::strategy::DEFAULT_PAYOFF,
            rank_by: RankBy::Median,
        }
    }
}

/// One strategy in a tournament: a label for output and the player it starts as.
#[derive(Debug, Clone)]
pub struct Entrant {
    /// Catalogue id (with parameters when given, e.g. `joss:p=0.8`).
    pub id: String,
    /// Display name.
    pub name: String,
    pub player: Player,
}

impl Entrant {
    /// An entrant from a strategy spec; labelled with its parameters when it has any.
    pub fn from_spec(spec: &StrategySpec) -> Result<Entrant, StrategyError> {
        let player = Player::from_spec(spec)?;
        let info = spec.id.info().ok_or_else(|| StrategyError::Unknown {
            id: spec.id.as_str().into(),
            closest: crate::strategy::closest_id(spec.id.as_str()),
        })?;
        let params: Vec<String> = spec
            .params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let (id, name) = if params.is_empty() {
            (info.id.as_str().to_string(), info.name.to_string())
        } else {
            (
                format!("{}:{}", info.id, params.join(":")),
                format!("{} ({})", info.name, params.join(", ")),
            )
        };
        Ok(Entrant { id, name, player })
    }
}

/// What happened in one match, from both sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchOutcome {
    /// Rounds played.
    pub turns: u32,
    /// How often each outcome (CC, CD, DC, DD) occurred, seen from the first player.
    pub counts: [u32; 4],
}

impl MatchOutcome {
    /// Total payoffs (first player, second player) for stage payoffs (R, S, T, P).
    pub fn scores(&self, g: [f64; 4]) -> (f64, f64) {
        let n = self.counts.map(f64::from);
        (
            n[0] * g[0] + n[1] * g[1] + n[2] * g[2] + n[3] * g[3],
            n[0] * g[0] + n[1] * g[2] + n[2] * g[1] + n[3] * g[3],
        )
    }
    /// Cooperations (first player, second player), moves as played.
    pub fn cooperations(&self) -> (u32, u32) {
        let c = self.counts;
        (c[0] + c[1], c[0] + c[2])
    }
}

/// Play one match of `turns` rounds between fresh copies of `a` and `b` (their history
/// is reset; both are told the game). Each round: both intended moves, then noise
/// flips each independently with probability `noise`; both observe the moves as played.
pub fn play_match<R: rand::Rng + ?Sized>(
    a: &Player,
    b: &Player,
    turns: u32,
    noise: f64,
    payoff: [f64; 4],
    rng: &mut R,
) -> MatchOutcome {
    let mut pa = a.clone();
    let mut pb = b.clone();
    pa.reset();
    pb.reset();
    pa.set_game(payoff);
    pb.set_game(payoff);
    let mut counts = [0u32; 4];
    // Noise as gaps: the rounds between two flips of one player are i.i.d. geometric,
    // which is the same law as an independent Bernoulli(ε) per round, with one random
    // number per flip instead of one per round.
    let gap = NoiseGaps::new(noise);
    let mut next_a = gap.draw(rng);
    let mut next_b = gap.draw(rng);
    for _ in 0..turns {
        let mut ma = pa.play(rng);
        let mut mb = pb.play(rng);
        if next_a == 0 {
            ma = ma.flip();
            next_a = gap.draw(rng);
        } else {
            next_a -= 1;
        }
        if next_b == 0 {
            mb = mb.flip();
            next_b = gap.draw(rng);
        } else {
            next_b -= 1;
        }
        counts[(ma as usize) * 2 + mb as usize] += 1;
        pa.observe(ma, mb);
        pb.observe(mb, ma);
    }
    MatchOutcome { turns, counts }
}

/// Draws the number of unflipped rounds before a player's next flip: geometric on
/// {0, 1, …} with success probability ε (never for ε = 0, always 0 for ε = 1).
#[derive(Debug, Clone, Copy)]
struct NoiseGaps {
    /// 1 / ln(1 − ε); 0 when ε = 0 (no flips) and −0 when ε = 1.
    inv_log: f64,
    eps: f64,
}

impl NoiseGaps {
    fn new(eps: f64) -> NoiseGaps {
        let inv_log = if eps > 0.0 && eps < 1.0 {
            1.0 / (-eps).ln_1p()
        } else {
            0.0
        };
        NoiseGaps { inv_log, eps }
    }
    #[inline]
    fn draw<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        if self.eps <= 0.0 {
            return u64::MAX;
        }
        if self.eps >= 1.0 {
            return 0;
        }
        let u = 1.0 - rng.random::<f64>(); // (0, 1]
        let k = (u.ln() * self.inv_log).floor();
        if k < 1e18 { k as u64 } else { u64::MAX }
    }
}

/// Draw a geometric number of rounds on {1, 2, …} with continuation probability `w`.
pub fn geometric_length<R: rand::Rng + ?Sized>(w: f64, rng: &mut R) -> u32 {
    if w <= 0.0 {
        return 1;
    }
    let u = 1.0 - rng.random::<f64>(); // (0, 1]
    let extra = (u.ln() / w.ln()).floor();
    if extra.is_finite() && extra < f64::from(u32::MAX - 1) {
        1 + extra as u32
    } else {
        u32::MAX
    }
}

/// One strategy's line in the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub rank: usize,
    pub id: String,
    pub name: String,
    /// Mean score per turn over the R repetitions; each repetition's score is the
    /// average over its opponents of its per-turn score in each match (self-play
    /// excluded under [`RankBy::Median`], included under [`RankBy::Mean`]).
    pub mean: f64,
    /// 95% normal interval of `mean` over the R i.i.d. repetitions (mean ± 1.959964·sd/√R);
    /// NaN (null in JSON) when R = 1.
    pub ci_low: f64,
    pub ci_high: f64,
    /// Median of the R per-repetition scores.
    pub median: f64,
    /// Matches (self-play excluded) in which it scored more than its opponent, over
    /// all repetitions.
    pub wins: u64,
    /// Median over the repetitions of the matches won in one repetition (axelrod's
    /// "Wins" column).
    pub median_wins: f64,
    /// Matches it played, self-play counted once.
    pub matches: u64,
    /// Share of its moves (as played) that were C, over all its matches (both sides of self-play).
    pub cooperation: f64,
}

/// Everything a tournament produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TournamentResult {
    pub config: TournamentConfig,
    /// Entrant ids and names, in entrant order (the order of `matrix` and `rep_scores`).
    pub ids: Vec<String>,
    pub names: Vec<String>,
    /// Every pair played, self-play included: k(k + 1)/2 pairs × R repetitions.
    pub self_play: bool,
    pub matches: u64,
    /// Rounds played in all matches together.
    pub total_turns: u64,
    /// Ranked by mean score per turn (ties: entrant order).
    pub ranking: Vec<Standing>,
    /// `matrix[i][j]`: i's mean score per turn against j, averaged over repetitions
    /// (diagonal: the mean of both sides of the self-play match).
    pub matrix: Vec<Vec<f64>>,
    /// `rep_scores[i][r]`: i's score per turn in repetition r, as the ranking counts it
    /// (box-plot data).
    pub rep_scores: Vec<Vec<f64>>,
}

/// All unordered pairs (i ≤ j) in a fixed order.
fn pairs(k: usize) -> Vec<(usize, usize)> {
    (0..k).flat_map(|i| (i..k).map(move |j| (i, j))).collect()
}

fn rng_for(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// Run a round robin: every pair of entrants, self-play included, `repetitions` times.
/// Parallel over matches on the current rayon pool; the result does not depend on it.
pub fn run(entrants: &[Entrant], config: &TournamentConfig) -> TournamentResult {
    run_until(
        entrants,
        config,
        &|| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
}

/// [`run`], calling `tick` once per match played (from any worker thread; for a
/// progress bar). The result does not depend on it.
pub fn run_with(
    entrants: &[Entrant],
    config: &TournamentConfig,
    tick: &(dyn Fn() + Sync),
) -> TournamentResult {
    run_until(
        entrants,
        config,
        tick,
        &std::sync::atomic::AtomicBool::new(false),
    )
}

/// [`run_with`], stopping after the repetitions in progress once `stop` is set
/// (checked between batches of repetitions that take about 0.1 s). The result then
/// covers the repetitions completed, and its `config.repetitions` says how many; a
/// repetition plays the same matches whatever happened before it, so the completed
/// ones are exactly those of an uninterrupted tournament.
pub fn run_until(
    entrants: &[Entrant],
    config: &TournamentConfig,
    tick: &(dyn Fn() + Sync),
    stop: &std::sync::atomic::AtomicBool,
) -> TournamentResult {
    let k = entrants.len();
    let pairs = pairs(k);
    let np = pairs.len() as u64;
    let reps = u64::from(config.repetitions);
    let mut outcomes: Vec<MatchOutcome> = Vec::new();
    let (mut done, mut batch) = (0u64, 1u64);
    while done < reps && !(done > 0 && stop.load(std::sync::atomic::Ordering::Relaxed)) {
        let upto = (done + batch).min(reps);
        let began = std::time::Instant::now();
        outcomes.par_extend((done * np..upto * np).into_par_iter().map(|idx| {
            let (r, p) = (idx / np, idx % np);
            let turns = match config.length {
                Length::Fixed(n) => n,
                Length::Continuation(w) => {
                    geometric_length(w, &mut rng_for(config.seed, r * (np + 1) + np))
                }
            };
            let (i, j) = pairs[p as usize];
            let mut rng = rng_for(config.seed, r * (np + 1) + p);
            let o = play_match(
                &entrants[i].player,
                &entrants[j].player,
                turns,
                config.noise,
                config.payoff,
                &mut rng,
            );
            tick();
            o
        }));
        done = upto;
        if began.elapsed() < std::time::Duration::from_millis(50) {
            batch = batch.saturating_mul(2);
        }
    }
    let played = TournamentConfig {
        repetitions: done as u32,
        ..*config
    };
    summarise(entrants, &played, &pairs, &outcomes)
}

/// Fold the outcomes (in index order) into the result. Sequential: fixed float order.
fn summarise(
    entrants: &[Entrant],
    config: &TournamentConfig,
    pairs: &[(usize, usize)],
    outcomes: &[MatchOutcome],
) -> TournamentResult {
    let k = entrants.len();
    let reps = config.repetitions as usize;
    let g = config.payoff;
    let mut sum_matrix = vec![vec![0.0; k]; k];
    let mut rep_scores = vec![vec![0.0; reps]; k];
    let mut rep_self = vec![vec![0.0; reps]; k];
    let mut wins = vec![vec![0u64; reps]; k];
    let mut coop = vec![0u64; k];
    let mut moves = vec![0u64; k];
    let mut total_turns = 0u64;
    for r in 0..reps {
        for (p, &(i, j)) in pairs.iter().enumerate() {
            let o = &outcomes[r * pairs.len() + p];
            total_turns += u64::from(o.turns);
            let (si, sj) = o.scores(g);
            let t = f64::from(o.turns.max(1));
            let (ci, cj) = o.cooperations();
            if i == j {
                let both = (si + sj) / (2.0 * t);
                sum_matrix[i][i] += both;
                rep_self[i][r] += both;
                coop[i] += u64::from(ci + cj);
                moves[i] += 2 * u64::from(o.turns);
            } else {
                sum_matrix[i][j] += si / t;
                sum_matrix[j][i] += sj / t;
                rep_scores[i][r] += si / t;
                rep_scores[j][r] += sj / t;
                coop[i] += u64::from(ci);
                coop[j] += u64::from(cj);
                moves[i] += u64::from(o.turns);
                moves[j] += u64::from(o.turns);
                if si > sj {
                    wins[i][r] += 1;
                } else if sj > si {
                    wins[j][r] += 1;
                }
            }
        }
    }
    let matrix: Vec<Vec<f64>> = sum_matrix
        .iter()
        .map(|row| row.iter().map(|s| s / reps as f64).collect())
        .collect();
    // A lone strategy has only itself to play: its self-play is its score.
    let (with_self, opponents) = match config.rank_by {
        RankBy::Mean => (true, k),
        RankBy::Median if k == 1 => (true, 1),
        RankBy::Median => (false, k - 1),
    };
    for (row, own) in rep_scores.iter_mut().zip(&rep_self) {
        for (x, s) in row.iter_mut().zip(own) {
            if with_self {
                *x += s;
            }
            *x /= opponents as f64;
        }
    }
    let mut ranking: Vec<Standing> = (0..k)
        .map(|i| {
            let xs = &rep_scores[i];
            let n = xs.len() as f64;
            let mean = xs.iter().sum::<f64>() / n;
            let half = if xs.len() > 1 {
                let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
                Z95 * (var / n).sqrt()
            } else {
                f64::NAN
            };
            let median = median_of(xs.clone());
            let median_wins = median_of(wins[i].iter().map(|&w| w as f64).collect());
            Standing {
                rank: 0,
                id: entrants[i].id.clone(),
                name: entrants[i].name.clone(),
                mean,
                ci_low: mean - half,
                ci_high: mean + half,
                median,
                wins: wins[i].iter().sum(),
                median_wins,
                matches: (reps * k) as u64,
                cooperation: if moves[i] == 0 {
                    f64::NAN
                } else {
                    coop[i] as f64 / moves[i] as f64
                },
            }
        })
        .collect();
    // Stable sort: ties keep entrant order.
    match config.rank_by {
        RankBy::Median => ranking.sort_by(|a, b| b.median.total_cmp(&a.median)),
        RankBy::Mean => ranking.sort_by(|a, b| b.mean.total_cmp(&a.mean)),
    }
    for (r, s) in ranking.iter_mut().enumerate() {
        s.rank = r + 1;
    }
    TournamentResult {
        config: *config,
        ids: entrants.iter().map(|e| e.id.clone()).collect(),
        names: entrants.iter().map(|e| e.name.clone()).collect(),
        self_play: true,
        matches: outcomes.len() as u64,
        total_turns,
        ranking,
        matrix,
        rep_scores,
    }
}

/// The median of `xs` (the mean of the middle two for an even count).
fn median_of(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let m = xs.len();
    if m == 0 {
        f64::NAN
    } else if m % 2 == 1 {
        xs[m / 2]
    } else {
        (xs[m / 2 - 1] + xs[m / 2]) / 2.0
    }
}

/// The pairwise payoff matrix for the evolution tools: entrant names and
/// `matrix[i][j]` = i's mean score per turn against j (see [`TournamentResult::matrix`]).
pub fn payoff_matrix(
    specs: &[StrategySpec],
    config: &TournamentConfig,
) -> Result<(Vec<String>, Vec<Vec<f64>>), StrategyError> {
    let entrants = specs
        .iter()
        .map(Entrant::from_spec)
        .collect::<Result<Vec<_>, _>>()?;
    let r = run(&entrants, config);
    Ok((r.names, r.matrix))
}

/// The result as pretty JSON (NaN written as null).
pub fn to_json(result: &TournamentResult) -> Vec<u8> {
    let mut out = serde_json::to_vec_pretty(result).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The ranking as CSV, one row per strategy in rank order.
pub fn to_csv(result: &TournamentResult) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for s in &result.ranking {
        w.serialize(s)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The pairwise matrix as CSV: a header row of ids, then one row per strategy.
pub fn matrix_to_csv(result: &TournamentResult) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["row_vs_column".to_string()];
    header.extend(result.ids.iter().cloned());
    w.write_record(&header)?;
    for (id, row) in result.ids.iter().zip(&result.matrix) {
        let mut rec = vec![id.clone()];
        rec.extend(row.iter().map(|x| format!("{x:.6}")));
        w.write_record(&rec)?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The ranked table, a summary line and the pairwise matrix, for a terminal.
pub fn to_table(result: &TournamentResult) -> String {
    use std::fmt::Write;
    let c = &result.config;
    let mut s = String::new();
    let length = match c.length {
        Length::Fixed(n) => format!("{n} turns"),
        Length::Continuation(w) => {
            format!("continuation w = {w} (mean {:.1} turns)", 1.0 / (1.0 - w))
        }
    };
    let k = result.ids.len();
    let head = format!(
        "Tournament: {k} strategies, {} pairs including self-play, {} repetitions = {} matches, {} turns in all",
        k * (k + 1) / 2,
        c.repetitions,
        result.matches,
        result.total_turns
    );
    for l in crate::util::wrap_words(&head, crate::util::MAX_WIDTH) {
        let _ = writeln!(s, "{l}");
    }
    let [r, sk, t, p] = c.payoff;
    let _ = writeln!(
        s,
        "{length}, noise {}, payoffs R={r} S={sk} T={t} P={p}, seed {}\n",
        c.noise, c.seed
    );
    let w = result
        .ranking
        .iter()
        .map(|x| x.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(8);
    let _ = writeln!(
        s,
        "{:>4}  {:<w$}  {:>7}  {:>7}  {:>17}  {:>6}  {:>6}",
        "rank", "strategy", "median", "mean", "95% interval", "wins", "coop"
    );
    for x in &result.ranking {
        let ci = if x.ci_low.is_nan() {
            "-".to_string()
        } else {
            format!("[{:.3}, {:.3}]", x.ci_low, x.ci_high)
        };
        let _ = writeln!(
            s,
            "{:>4}  {:<w$}  {:>7.3}  {:>7.3}  {:>17}  {:>6}  {:>5.1}%",
            x.rank,
            x.name,
            x.median,
            x.mean,
            ci,
            x.median_wins,
            100.0 * x.cooperation
        );
    }
    let basis = match c.rank_by {
        RankBy::Median => format!(
            "Ranked by the median over the {} repetitions of the score per turn, each repetition's\n\
             score averaged over the {} other strategies (self-play excluded, as the axelrod library\n\
             does; --rank-by mean ranks by the mean with self-play included).",
            c.repetitions,
            k.saturating_sub(1).max(1)
        ),
        RankBy::Mean => format!(
            "Ranked by the mean over the {} repetitions of the score per turn, each repetition's\n\
             score averaged over all {k} opponents, self included.",
            c.repetitions
        ),
    };
    let _ = writeln!(
        s,
        "\n{basis}\nInterval: 95% for the mean. wins: median matches won per repetition (self-play\n\
         excluded). coop: share of moves played as C."
    );
    let _ = writeln!(s, "\nPairwise mean score per turn (row against column):");
    matrix_blocks(&mut s, result);
    s
}

/// The pairwise matrix in blocks of columns, each as wide as a 100-column terminal
/// allows with the row's strategy name at its end; the columns are numbered as the
/// rows are.
fn matrix_blocks(s: &mut String, result: &TournamentResult) {
    use std::fmt::Write;
    const CELL: usize = 6;
    let k = result.ids.len();
    let name_w = result
        .names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0);
    let room = crate::util::MAX_WIDTH.saturating_sub(5 + 2 + name_w);
    let per_block = (room / CELL).max(1);
    let blocks = k.div_ceil(per_block).max(1);
    // Blocks of (nearly) equal size: 24 strategies in blocks of 12, not 13 + 11.
    let size = k.div_ceil(blocks).max(1);
    for (b, start) in (0..k).step_by(size).enumerate() {
        let end = (start + size).min(k);
        if blocks > 1 {
            let _ = writeln!(
                s,
                "{}columns {}–{} of {k}:",
                if b > 0 { "\n" } else { "" },
                start + 1,
                end
            );
        }
        let mut line = format!("{:>4} ", "");
        for j in start..end {
            let _ = write!(line, " {:>5}", j + 1);
        }
        let _ = writeln!(s, "{line}");
        for (i, row) in result.matrix.iter().enumerate() {
            let mut line = format!("{:>4} ", i + 1);
            for x in &row[start..end] {
                let _ = write!(line, " {x:>5.2}");
            }
            let _ = writeln!(line, "  {}", result.names[i]);
            s.push_str(&line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometric_length_has_the_right_support() {
        let mut rng = rng_for(1, 0);
        assert_eq!(geometric_length(0.0, &mut rng), 1);
        let n: Vec<u32> = (0..1000).map(|_| geometric_length(0.5, &mut rng)).collect();
        assert!(n.iter().all(|&x| x >= 1));
        assert!(n.contains(&1) && n.iter().any(|&x| x > 3));
    }

    #[test]
    fn pairs_include_self_play() {
        assert_eq!(
            pairs(3),
            vec![(0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)]
        );
    }
}
