//! `evolve`: evolutionary dynamics over a symmetric n×n payoff matrix (a tournament's
//! pairwise mean payoffs, or a symmetric game) — the Moran process simulated and
//! compared with its closed form, and discrete-time replicator dynamics.
//!
//! # Conventions
//!
//! - `a[i][j]` is what strategy `i` earns against strategy `j`.
//! - **Rescaling.** For the Moran process the payoffs are first mapped affinely onto
//!   [0, 1]: `a' = (a − min a)/(max a − min a)` (all zero if the matrix is constant),
//!   so fitness `1 − s + s·π` lies in `[1 − s, 1]` and is positive for every
//!   selection intensity `s ∈ [0, 1)`, and `s` means the same on every matrix. The exact
//!   fixation probabilities (docs/theory.md §7b) are computed on the same rescaled payoffs.
//! - **Birth–death updating.** Each step one individual reproduces with probability
//!   proportional to fitness (payoff averaged over the other N − 1 individuals); its
//!   offspring (a different strategy, chosen uniformly, with probability μ) replaces an
//!   individual chosen uniformly among all N. One generation = N steps.
//! - **Fixation runs** start with one mutant among N − 1 residents and follow the
//!   embedded jump chain (the number of mutants goes up with probability
//!   `f_i/(f_i + g_i)`, down otherwise), which has the same fixation probability and
//!   skips the steps where nothing changes. No mutation during fixation runs.
//! - **Seeding.** Run `r` of ordered pair `k` draws from `ChaCha8Rng::seed_from_u64(seed)`
//!   with stream `k·runs + r`; the mutation time series uses stream `u64::MAX`. Runs are
//!   spread over rayon threads and only integer counts are summed, so results are
//!   identical for any thread count.
//! - Intervals are Wilson 95% intervals (z = 1.959964), clipped to [0, 1].

use crate::theory::moran::fixation_game;
use crate::theory::replicator::replicator_path;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

/// Largest population: a Moran run takes time of order N² births.
pub const MAX_POPULATION: u32 = 100_000;
/// Most generations of the time series and the replicator path (each one kept).
pub const MAX_GENERATIONS: u32 = 1_000_000;
/// Most strategies (the fixation table has k·(k − 1) rows).
pub const MAX_STRATEGIES: usize = 100;

/// Settings of an `evolve` run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvolveConfig {
    /// Population size N (≥ 2).
    pub population: u32,
    /// Intensity of selection s ∈ [0, 1].
    pub selection: f64,
    /// Mutation probability μ per birth for the time series (0 = no series).
    pub mutation: f64,
    /// Fixation runs per ordered pair of strategies.
    pub runs: u64,
    /// Generations of the mutation time series and of the replicator dynamics.
    pub generations: u32,
    /// Master seed.
    pub seed: u64,
}

/// Fixation of one mutant strategy in a population of another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairFixation {
    pub mutant: String,
    pub resident: String,
    /// Runs in which the mutant took over.
    pub fixed: u64,
    pub runs: u64,
    /// fixed / runs.
    pub estimate: f64,
    /// Wilson 95% interval of the estimate.
    pub low: f64,
    pub high: f64,
    /// Exact ρ from docs/theory.md §7b on the rescaled payoffs.
    pub exact: f64,
    /// Neutral benchmark 1/N.
    pub neutral: f64,
}

/// Everything `evolve` computes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvolveReport {
    pub names: Vec<String>,
    /// The payoff matrix as given.
    pub payoffs: Vec<Vec<f64>>,
    pub config: EvolveConfig,
    /// Every ordered pair (mutant ≠ resident).
    pub fixation: Vec<PairFixation>,
    /// Moran process with mutation: strategy shares at generations 0..=G (empty when μ = 0).
    pub moran_shares: Vec<Vec<f64>>,
    /// Discrete-time replicator dynamics from equal shares: generations 0..=G.
    pub replicator_shares: Vec<Vec<f64>>,
    /// True when interrupted: `fixation` lacks the pairs not yet played and the
    /// mutation series is empty. Absent from the JSON when false.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

/// Why `evolve` cannot run on these inputs.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvolveError {
    #[error("the payoff matrix must be square with one row per strategy name")]
    Shape,
    #[error("payoffs must be finite numbers")]
    NotFinite,
    #[error("population must be between 2 and {MAX_POPULATION}, got {0}")]
    Population(u32),
    #[error(
        "generations must be at most {MAX_GENERATIONS} (every generation's shares are kept for the report), got {0}"
    )]
    Generations(u32),
    #[error("at most {MAX_STRATEGIES} strategies, got {0}")]
    Strategies(usize),
    #[error("selection must be in [0, 1], got {0}")]
    Selection(f64),
    #[error("mutation must be in [0, 1], got {0}")]
    Mutation(f64),
    #[error("runs must be between 1 and 10^9, got {0}")]
    Runs(u64),
}

/// The affine map of the payoffs onto [0, 1] (all zeros for a constant matrix).
pub fn rescale(a: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let min = a.iter().flatten().copied().fold(f64::INFINITY, f64::min);
    let max = a
        .iter()
        .flatten()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    let w = max - min;
    a.iter()
        .map(|r| {
            r.iter()
                .map(|v| if w > 0.0 { (v - min) / w } else { 0.0 })
                .collect()
        })
        .collect()
}

/// Wilson 95% interval (docs/theory.md §8c) as used in the report.
pub fn wilson(k: u64, n: u64) -> (f64, f64) {
    crate::stats::wilson(k, n, crate::stats::Z95)
}

fn rng_for(seed: u64, stream: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    rng
}

/// One Moran fixation run (embedded chain) for the rescaled 2×2 matrix
/// `[[a, b], [c, d]]` (A = mutant): true when A takes over.
pub fn fixation_run([a, b, c, d]: [f64; 4], n: u32, s: f64, rng: &mut ChaCha8Rng) -> bool {
    let mut i = 1u32;
    while i > 0 && i < n {
        let (f, g) = crate::theory::moran::game_fitness(a, b, c, d, n, s, i);
        if rng.random::<f64>() * (f + g) < f {
            i += 1;
        } else {
            i -= 1;
        }
    }
    i == n
}

/// Number of fixations in `runs` seeded runs, streams `first_stream..first_stream + runs`.
/// The count is the same for any rayon thread count.
pub fn simulate_fixation(
    abcd: [f64; 4],
    n: u32,
    s: f64,
    runs: u64,
    seed: u64,
    first_stream: u64,
) -> u64 {
    (0..runs)
        .into_par_iter()
        .map(|r| {
            u64::from(fixation_run(
                abcd,
                n,
                s,
                &mut rng_for(seed, first_stream + r),
            ))
        })
        .sum()
}

/// Strategy shares over generations of the Moran process with mutation, starting
/// from equal numbers (the remainder of N/K goes to the first strategies). `a` must
/// already be rescaled to [0, 1].
pub fn mutation_series(
    a01: &[Vec<f64>],
    n: u32,
    s: f64,
    mu: f64,
    generations: u32,
    rng: &mut ChaCha8Rng,
) -> Vec<Vec<f64>> {
    let k = a01.len();
    let nf = f64::from(n);
    let mut count: Vec<u32> = (0..k)
        .map(|i| n / k as u32 + u32::from((i as u32) < n % k as u32))
        .collect();
    let shares = |c: &[u32]| c.iter().map(|&x| f64::from(x) / nf).collect::<Vec<f64>>();
    let mut out = vec![shares(&count)];
    let mut weight = vec![0.0; k];
    for _ in 0..generations {
        for _ in 0..n {
            for i in 0..k {
                let pay: f64 = (0..k)
                    .map(|j| a01[i][j] * (f64::from(count[j]) - f64::from(u8::from(i == j))))
                    .sum::<f64>()
                    / (nf - 1.0);
                weight[i] = f64::from(count[i]) * (1.0 - s + s * pay);
            }
            let total: f64 = weight.iter().sum();
            let parent = pick(&weight, total, rng);
            let mut child = parent;
            if k > 1 && mu > 0.0 && rng.random::<f64>() < mu {
                let other = rng.random_range(0..k - 1);
                child = if other >= parent { other + 1 } else { other };
            }
            let dead_at = rng.random_range(0..n);
            let mut acc = 0;
            let mut dead = 0;
            for (i, &c) in count.iter().enumerate() {
                acc += c;
                if dead_at < acc {
                    dead = i;
                    break;
                }
            }
            count[dead] -= 1;
            count[child] += 1;
        }
        out.push(shares(&count));
    }
    out
}

/// Index drawn with probability proportional to `w` (sum `total` > 0).
fn pick(w: &[f64], total: f64, rng: &mut ChaCha8Rng) -> usize {
    let mut u = rng.random::<f64>() * total;
    for (i, &x) in w.iter().enumerate() {
        if u < x {
            return i;
        }
        u -= x;
    }
    // Rounding: the last strategy with positive weight.
    w.iter().rposition(|&x| x > 0.0).unwrap_or(0)
}

/// Run everything `evolve` reports over a symmetric payoff matrix.
pub fn evolve(
    names: &[String],
    a: &[Vec<f64>],
    cfg: &EvolveConfig,
) -> Result<EvolveReport, EvolveError> {
    evolve_until(names, a, cfg, &std::sync::atomic::AtomicBool::new(false))
}

/// [`evolve`], stopping between pairs of strategies once `stop` is set; the report
/// is then marked partial (the pairs played are exactly those of a full run).
pub fn evolve_until(
    names: &[String],
    a: &[Vec<f64>],
    cfg: &EvolveConfig,
    stop: &std::sync::atomic::AtomicBool,
) -> Result<EvolveReport, EvolveError> {
    evolve_with(names, a, cfg, stop, &|| {})
}

/// [`evolve_until`], calling `tick` after each ordered pair of strategies (k·(k − 1)
/// in all; for a progress bar). The result does not depend on it.
pub fn evolve_with(
    names: &[String],
    a: &[Vec<f64>],
    cfg: &EvolveConfig,
    stop: &std::sync::atomic::AtomicBool,
    tick: &dyn Fn(),
) -> Result<EvolveReport, EvolveError> {
    let stopped = || stop.load(std::sync::atomic::Ordering::Relaxed);
    let k = names.len();
    if k == 0 || a.len() != k || a.iter().any(|r| r.len() != k) {
        return Err(EvolveError::Shape);
    }
    if a.iter().flatten().any(|v| !v.is_finite()) {
        return Err(EvolveError::NotFinite);
    }
    if k > MAX_STRATEGIES {
        return Err(EvolveError::Strategies(k));
    }
    if !(2..=MAX_POPULATION).contains(&cfg.population) {
        return Err(EvolveError::Population(cfg.population));
    }
    if cfg.generations > MAX_GENERATIONS {
        return Err(EvolveError::Generations(cfg.generations));
    }
    if !(0.0..=1.0).contains(&cfg.selection) {
        return Err(EvolveError::Selection(cfg.selection));
    }
    if !(0.0..=1.0).contains(&cfg.mutation) {
        return Err(EvolveError::Mutation(cfg.mutation));
    }
    if cfg.runs == 0 || cfg.runs > 1_000_000_000 {
        return Err(EvolveError::Runs(cfg.runs));
    }
    let a01 = rescale(a);
    let n = cfg.population;
    let mut fixation = Vec::new();
    let mut pair = 0u64;
    for m in 0..k {
        for r in 0..k {
            if m == r || stopped() {
                continue;
            }
            let abcd = [a01[m][m], a01[m][r], a01[r][m], a01[r][r]];
            let fixed =
                simulate_fixation(abcd, n, cfg.selection, cfg.runs, cfg.seed, pair * cfg.runs);
            let (low, high) = wilson(fixed, cfg.runs);
            let (exact, _) = fixation_game(abcd[0], abcd[1], abcd[2], abcd[3], n, cfg.selection);
            fixation.push(PairFixation {
                mutant: names[m].clone(),
                resident: names[r].clone(),
                fixed,
                runs: cfg.runs,
                estimate: fixed as f64 / cfg.runs as f64,
                low,
                high,
                exact,
                neutral: 1.0 / f64::from(n),
            });
            pair += 1;
            tick();
        }
    }
    let partial = stopped();
    let moran_shares = if cfg.mutation > 0.0 && !partial {
        mutation_series(
            &a01,
            n,
            cfg.selection,
            cfg.mutation,
            cfg.generations,
            &mut rng_for(cfg.seed, u64::MAX),
        )
    } else {
        Vec::new()
    };
    let x0 = vec![1.0 / k as f64; k];
    let replicator_shares = replicator_path(a, &x0, cfg.generations as usize);
    Ok(EvolveReport {
        names: names.to_vec(),
        payoffs: a.to_vec(),
        config: cfg.clone(),
        fixation,
        moran_shares,
        replicator_shares,
        partial,
    })
}

/// The report as text: the fixation table against theory and the final shares.
pub fn render_text(rep: &EvolveReport) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let c = &rep.config;
    // Prose wraps at 100 columns.
    let para = |o: &mut String, text: &str, indent: &str| {
        for l in crate::util::wrap_words(text, crate::util::MAX_WIDTH - indent.len()) {
            let _ = writeln!(o, "{indent}{l}");
        }
    };
    para(
        &mut o,
        &format!(
            "Moran process: N = {}, selection s = {}, {} runs per pair, seed {} (fitness 1 − s + s·payoff, payoffs rescaled to [0, 1])",
            c.population, c.selection, c.runs, c.seed
        ),
        "",
    );
    let w = rep
        .names
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(6)
        .max(8);
    // 1/N is the same for every pair: it goes in the note, not a column, so a row of
    // two long strategy names still fits 100 columns.
    let _ = writeln!(
        o,
        "\n  {:w$}  {:w$}  {:>9}  {:>19}  {:>9}",
        "mutant", "resident", "simulated", "95% interval", "theory"
    );
    let mut outside = false;
    for f in &rep.fixation {
        let flag = if f.exact < f.low || f.exact > f.high {
            outside = true;
            "  *"
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "  {:w$}  {:w$}  {:>9.5}  [{:>7.5}, {:>7.5}]  {:>9.5}{flag}",
            f.mutant, f.resident, f.estimate, f.low, f.high, f.exact
        );
    }
    o.push('\n');
    let neutral = rep
        .fixation
        .first()
        .map_or(1.0 / c.population as f64, |f| f.neutral);
    para(
        &mut o,
        &format!(
            "A mutant is favoured by selection when its fixation probability exceeds 1/N = {} \
             (the neutral value).{}",
            crate::util::short(neutral),
            if outside {
                " * theory outside the interval."
            } else {
                ""
            }
        ),
        "  ",
    );
    if let Some(last) = rep.moran_shares.last() {
        o.push('\n');
        para(
            &mut o,
            &format!(
                "With mutation μ = {}, shares after {} generations: {}",
                c.mutation,
                rep.moran_shares.len() - 1,
                shares_text(&rep.names, last)
            ),
            "",
        );
    }
    if let Some(last) = rep.replicator_shares.last() {
        o.push('\n');
        para(
            &mut o,
            &format!(
                "Replicator dynamics (discrete time, payoffs shifted so the least is 1), from equal shares, after {} generations: {}",
                rep.replicator_shares.len() - 1,
                shares_text(&rep.names, last)
            ),
            "",
        );
    }
    o
}

fn shares_text(names: &[String], x: &[f64]) -> String {
    names
        .iter()
        .zip(x)
        .map(|(n, v)| format!("{n} {v:.3}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_its_closed_form() {
        let (lo, hi) = wilson(0, 10);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.277_532).abs() < 1e-6);
        let (lo, hi) = wilson(5, 10);
        assert!((lo - 0.236_593).abs() < 1e-6 && (hi - 0.763_407).abs() < 1e-6);
    }

    #[test]
    fn rescale_maps_onto_unit_interval() {
        let r = rescale(&[vec![3.0, 0.0], vec![5.0, 1.0]]);
        assert_eq!(r, vec![vec![0.6, 0.0], vec![1.0, 0.2]]);
        assert_eq!(rescale(&[vec![2.0]]), vec![vec![0.0]]);
    }

    #[test]
    fn mutation_series_keeps_population_and_is_seeded() {
        let a = rescale(&[vec![3.0, 0.0], vec![5.0, 1.0]]);
        let x = mutation_series(&a, 20, 0.5, 0.05, 30, &mut rng_for(7, 0));
        let y = mutation_series(&a, 20, 0.5, 0.05, 30, &mut rng_for(7, 0));
        assert_eq!(x, y);
        assert_eq!(x.len(), 31);
        assert_eq!(x[0], vec![0.5, 0.5]);
        for s in &x {
            assert!((s.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        }
    }
}
