//! `analyze`: a normal-form game or a scenario's stage game turned into a short worked
//! explanation for a class — the matrix, pure and mixed equilibria with the
//! indifference conditions that pin the mixes down, dominated strategies and the order
//! of their elimination, Pareto-optimal outcomes, the repeated-game thresholds for a
//! prisoner's-dilemma-like game (docs/theory.md §3a), and for a two-actor scenario the
//! bargaining solutions (Rubinstein, finite deadline, Nash, Kalai–Smorodinsky, Fearon).
//!
//! Everything is computed into the serialisable [`Analysis`]; [`render_text`] only
//! formats it, and the JSON form is `serde_json` of the same value. Also home of the
//! `--matrix` syntax ([`parse_matrix`]).

use super::nash::{self, Side, pretty};
use crate::scenario::{Game, Scenario, Temptation};
use serde::Serialize;

mod bargaining;
mod equilibria;
mod matrix;
pub(crate) mod render;
mod scenario;
mod thresholds;

use equilibria::explain_equilibrium;
pub use matrix::{MatrixError, parse_matrix};
pub use render::{all_exact, num, ratio, render_text, same_format};
pub use scenario::analyze_scenario;
pub use thresholds::thresholds;
use thresholds::thresholds_2x2;

/// The result of analysing one game (and, for a scenario, its talks).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// What was analysed ("matrix", or the scenario's name).
    pub title: String,
    pub players: [String; 2],
    pub actions: [Vec<String>; 2],
    /// `payoffs[r][c] = [row, column]`.
    pub payoffs: Vec<Vec<[f64; 2]>>,
    /// The game's name from the classifier ("prisoner's dilemma", ...), if it has one.
    pub game_type: Option<String>,
    /// Whether the game is symmetric (column's payoffs are row's transposed).
    pub symmetric: bool,
    pub equilibria: Vec<EquilibriumReport>,
    /// Degenerate game: equilibria may form continua (see `nash`).
    pub degenerate: bool,
    /// Index pairs into `equilibria` joined by a segment of equilibria.
    pub segments: Vec<(usize, usize)>,
    /// Pure strategies dominated by another pure strategy.
    pub dominated: Vec<DominatedReport>,
    /// Iterated elimination of strictly dominated strategies, in order.
    pub elimination: Vec<DominatedReport>,
    /// Pareto-optimal pure outcomes as (row action, column action).
    pub pareto: Vec<(String, String)>,
    /// Repeated-game thresholds, one entry per player whose payoffs are PD-like
    /// (one entry for both in a symmetric game).
    pub repeated: Vec<Thresholds>,
    /// For a scenario: how the stage game was derived.
    pub stage: Option<StageGame>,
    /// For a scenario with two deciding actors: the bargaining solutions.
    pub bargaining: Option<Bargaining>,
    /// Plain-language remarks (why a part was skipped, assumptions).
    pub notes: Vec<String>,
}

/// One equilibrium, with the reasoning that supports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquilibriumReport {
    pub pure: bool,
    pub row: Vec<f64>,
    pub col: Vec<f64>,
    pub row_payoff: f64,
    pub col_payoff: f64,
    /// Human-readable strategy profile, e.g. "(Defect, Defect)".
    pub label: String,
    /// The worked reasoning, one sentence per line.
    pub explanation: Vec<String>,
}

/// A dominated strategy in words and numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DominatedReport {
    pub player: String,
    pub strategy: String,
    pub by: String,
    pub strict: bool,
    /// Round of iterated elimination (0 for the one-shot list).
    pub round: usize,
}

/// docs/theory.md §3a thresholds for one player with stage payoffs T > R > P > S.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thresholds {
    /// Whose payoffs ("both" in a symmetric game).
    pub player: String,
    pub t: f64,
    pub r: f64,
    pub p: f64,
    pub s: f64,
    /// Grim trigger is an SPE iff w ≥ (T − R)/(T − P).
    pub grim: f64,
    /// TFT is collectively stable iff w ≥ max{(T − R)/(T − P), (T − R)/(R − S)}.
    pub tft: f64,
    /// GTFT's maximal generosity min{1 − (T − R)/(R − S), (R − P)/(T − P)}; ≤ 0 means none.
    pub gtft_q: f64,
    /// WSLS resists ALLD (w → 1) iff R > (T + P)/2.
    pub wsls: bool,
    /// 2R > T + S (mutual cooperation beats taking turns).
    pub two_r_beats_alternation: bool,
    /// The actor's effective discount δ (scenarios only) to compare with.
    pub discount: Option<f64>,
}

/// How a scenario's stage game was built (docs/how-it-works.md, "In force").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageGame {
    /// Terms used, per issue: what the talks agree on at the typical values (halfway
    /// between the two deciding actors' ideals when they agree on none).
    pub terms: Vec<(String, f64)>,
    /// Where the terms come from, in words.
    pub source: String,
    /// Why they are not the talks' own, when they are not.
    pub note: Option<String>,
    /// Per actor: utility of those terms, treaty value v, typical temptation θ, betrayal s.
    pub actors: Vec<StageActor>,
}

/// One actor's numbers in the stage game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageActor {
    pub name: String,
    pub utility: f64,
    pub v: f64,
    pub theta: f64,
    pub betrayal: f64,
    pub delta: f64,
}

/// Bargaining solutions for a two-actor scenario (shares and utilities of terms).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bargaining {
    /// First proposer's and responder's names.
    pub first: String,
    pub second: String,
    pub delta: [f64; 2],
    /// Rubinstein share of the first proposer (docs/theory.md §1a).
    pub rubinstein: f64,
    /// Deadline T and the Ståhl share of the first proposer (docs/theory.md §1b), d = 0.
    pub deadline: Option<(u32, f64)>,
    /// Frontier endpoints in utilities (u_first, u_second): at the first's ideal and at the second's.
    pub frontier: [[f64; 2]; 2],
    /// Disagreement point in utilities and where it comes from.
    pub disagreement: [f64; 2],
    pub disagreement_source: String,
    /// Nash bargaining point (utilities), if the bargaining set is non-empty.
    pub nash: Option<[f64; 2]>,
    /// Kalai–Smorodinsky point (utilities).
    pub kalai_smorodinsky: Option<[f64; 2]>,
    /// Fearon's range for the first actor's share: (p, c_first, c_second, low, high).
    pub fearon: Option<Fearon>,
    /// Ratifiers of a binding treaty (two-level game), when either actor has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratification: Option<Ratification>,
}

/// The subgame-perfect split with ratifiers: the responder's share is at least its
/// ratifier's minimum, if the proposer's ratifier still approves (Putnam 1988).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ratification {
    /// The least share (utility) each one's ratifier approves: first, second.
    pub minimum: [f64; 2],
    /// The responder's (second's) share of the settlement, or None: impasse.
    pub settlement: Option<f64>,
}

/// Fearon's bargaining range with the mapping used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fearon {
    pub p: f64,
    pub cost_first: f64,
    pub cost_second: f64,
    pub low: f64,
    pub high: f64,
}

fn row_col(g: &Game) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let a = g
        .payoffs
        .iter()
        .map(|r| r.iter().map(|c| c[0]).collect())
        .collect();
    let b = g
        .payoffs
        .iter()
        .map(|r| r.iter().map(|c| c[1]).collect())
        .collect();
    (a, b)
}

fn is_symmetric(a: &[Vec<f64>], b: &[Vec<f64>]) -> bool {
    a.len() == a[0].len()
        && (0..a.len()).all(|i| (0..a.len()).all(|j| (a[i][j] - b[j][i]).abs() < 1e-12))
}

/// Describe a mixed strategy: "Heads 1/2, Tails 1/2" or just "Heads".
fn describe_mix(names: &[String], p: &[f64]) -> String {
    let sup = nash::support(p);
    if sup.len() == 1 {
        return names[sup[0]].clone();
    }
    sup.iter()
        .map(|&i| format!("{} {}", names[i], pretty(p[i])))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `1·q + (−1)·(1 − q)` for payoffs `x` (against the first) and `y` (against the second).
fn lin(x: f64, y: f64, var: &str, exact: bool) -> String {
    let paren = |v: f64| {
        if v < 0.0 {
            format!("({})", num(exact, v))
        } else {
            num(exact, v)
        }
    };
    format!("{}·{var} + {}·(1 − {var})", paren(x), paren(y))
}

/// Analyse a normal-form game. Never fails: a game too large for the equilibrium
/// search gets a note instead.
pub fn analyze_game(g: &Game) -> Analysis {
    analyze_named(g, "matrix")
}

fn analyze_named(g: &Game, title: &str) -> Analysis {
    let (a, b) = row_col(g);
    let [rn, cn] = &g.actions;
    let [pr, pc] = &g.players;
    let mut notes = Vec::new();
    let symmetric = is_symmetric(&a, &b);
    let (mut equilibria, mut degenerate, mut segments) = (Vec::new(), false, Vec::new());
    match nash::equilibria(&a, &b) {
        Ok(eq) => {
            degenerate = eq.degenerate;
            segments = eq.segments.clone();
            for e in &eq.list {
                equilibria.push(explain_equilibrium(g, &a, &b, e));
            }
        }
        Err(e) => notes.push(format!("equilibria not computed: {e}")),
    }
    let name = |side: Side, k: usize| match side {
        Side::Row => (pr.clone(), rn[k].clone()),
        Side::Col => (pc.clone(), cn[k].clone()),
    };
    let dominated = nash::dominated(&a, &b)
        .into_iter()
        .map(|d| {
            let (player, strategy) = name(d.side, d.strategy);
            DominatedReport {
                player,
                strategy,
                by: name(d.side, d.by).1,
                strict: d.strict,
                round: 0,
            }
        })
        .collect();
    let elimination = nash::iterated_elimination(&a, &b)
        .0
        .into_iter()
        .map(|d| {
            let (player, strategy) = name(d.side, d.strategy);
            DominatedReport {
                player,
                strategy,
                by: name(d.side, d.by).1,
                strict: true,
                round: d.round,
            }
        })
        .collect();
    let pareto = nash::pareto_optimal(&a, &b)
        .into_iter()
        .map(|(i, j)| (rn[i].clone(), cn[j].clone()))
        .collect();
    let repeated = thresholds_2x2(&a, &b, pr, pc, symmetric);
    Analysis {
        title: title.to_string(),
        players: g.players.clone(),
        actions: g.actions.clone(),
        payoffs: g.payoffs.clone(),
        game_type: classify(&a, &b),
        symmetric,
        equilibria,
        degenerate,
        segments,
        dominated,
        elimination,
        pareto,
        repeated,
        stage: None,
        bargaining: None,
        notes,
    }
}

/// The game's textbook name from `classroom::classify` (2×2 games only).
fn classify(a: &[Vec<f64>], b: &[Vec<f64>]) -> Option<String> {
    use super::classify::{GameType, classify_2x2};
    let cells: Vec<Vec<[f64; 2]>> = a
        .iter()
        .zip(b)
        .map(|(r, c)| r.iter().zip(c).map(|(x, y)| [*x, *y]).collect())
        .collect();
    match classify_2x2(&cells) {
        GameType::Other => None,
        t => Some(format!("{} — {}", t.name(), t.describe())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_both_forms() {
        let g = parse_matrix("3,3 0,5; 5,0 1,1").unwrap();
        assert_eq!(g.payoffs[0][1], [0.0, 5.0]);
        assert_eq!(g.payoffs[1][0], [5.0, 0.0]);
        let s = parse_matrix("3 0; 5 1").unwrap();
        assert_eq!(s.payoffs, g.payoffs);
        assert_eq!(
            parse_matrix("1, -2 ;").unwrap().payoffs,
            vec![vec![[1.0, -2.0]]]
        );
    }

    #[test]
    fn parse_errors_point_at_the_character() {
        let e = parse_matrix("3,3 0,x; 5,0 1,1").unwrap_err();
        assert_eq!(e.offset, 6);
        let e = parse_matrix("3,3 0,5; 5,0").unwrap_err();
        assert_eq!(e.offset, 8);
        let e = parse_matrix("3,3 0; 5,0 1,1").unwrap_err();
        assert_eq!(e.offset, 4);
        let e = parse_matrix("3 0 1; 5 1 2").unwrap_err();
        assert_eq!(e.offset, 0);
        assert_eq!(parse_matrix("3/4 1; 0 1").unwrap_err().offset, 1);
        assert_eq!(parse_matrix("1;;2").unwrap_err().offset, 2);
    }

    #[test]
    fn thresholds_on_the_textbook_pd() {
        let t = thresholds("both", [3.0, 0.0, 5.0, 1.0], None);
        assert_eq!(t.grim, 0.5);
        assert!((t.tft - 2.0 / 3.0).abs() < 1e-15);
        assert!((t.gtft_q - 1.0 / 3.0).abs() < 1e-15);
        // R = (T + P)/2 exactly: the knife edge of docs/theory.md §3a, so WSLS does not resist.
        assert!(!t.wsls);
    }
}
