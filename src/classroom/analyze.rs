//! `analyze`: a normal-form game or a scenario's stage game turned into a short worked
//! explanation for a class — the matrix, pure and mixed equilibria with the
//! indifference conditions that pin the mixes down, dominated strategies and the order
//! of their elimination, Pareto-optimal outcomes, the repeated-game thresholds for a
//! prisoner's-dilemma-like game (THEORY §3a), and for a two-actor scenario the
//! bargaining solutions (Rubinstein, finite deadline, Nash, Kalai–Smorodinsky, Fearon).
//!
//! Everything is computed into the serialisable [`Analysis`]; [`render_text`] only
//! formats it, and the JSON form is `serde_json` of the same value. Also home of the
//! `--matrix` syntax ([`parse_matrix`]).

use super::nash::{self, Side, pretty};
use crate::scenario::{Game, Scenario, Temptation};
use serde::Serialize;

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

/// THEORY §3a thresholds for one player with stage payoffs T > R > P > S.
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

/// How a scenario's stage game was built (DESIGN.md "Payoffs of one round in force").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageGame {
    /// Terms used: halfway between the two deciding actors' ideals, per issue.
    pub terms: Vec<(String, f64)>,
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
    /// Rubinstein share of the first proposer (THEORY §1a).
    pub rubinstein: f64,
    /// Deadline T and the Ståhl share of the first proposer (THEORY §1b), d = 0.
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
fn lin(x: f64, y: f64, var: &str) -> String {
    let paren = |v: f64| {
        if v < 0.0 {
            format!("({})", pretty(v))
        } else {
            pretty(v)
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

fn explain_equilibrium(
    g: &Game,
    a: &[Vec<f64>],
    b: &[Vec<f64>],
    e: &nash::Equilibrium,
) -> EquilibriumReport {
    let [rn, cn] = &g.actions;
    let [pr, pc] = &g.players;
    let rs = nash::support(&e.row);
    let cs = nash::support(&e.col);
    let pure = rs.len() == 1 && cs.len() == 1;
    let label = if pure {
        format!("({}, {})", rn[rs[0]], cn[cs[0]])
    } else {
        format!(
            "({} ; {})",
            describe_mix(rn, &e.row),
            describe_mix(cn, &e.col)
        )
    };
    let mut ex = Vec::new();
    let row_vals: Vec<f64> = (0..a.len())
        .map(|i| (0..cn.len()).map(|j| a[i][j] * e.col[j]).sum())
        .collect();
    let col_vals: Vec<f64> = (0..cn.len())
        .map(|j| (0..a.len()).map(|i| b[i][j] * e.row[i]).sum())
        .collect();
    if pure {
        let (i, j) = (rs[0], cs[0]);
        ex.push(format!(
            "Against {}, {pr}'s best reply is {} ({} vs {}); against {}, {pc}'s best reply is {} ({} vs {}).",
            cn[j],
            rn[i],
            pretty(a[i][j]),
            others(rn, &row_vals, i),
            rn[i],
            cn[j],
            pretty(b[i][j]),
            others(cn, &col_vals, j),
        ));
    } else if a.len() == 2 && cn.len() == 2 && rs.len() == 2 && cs.len() == 2 {
        let q = e.col[0];
        ex.push(format!(
            "{pc} mixes {} so that {pr} is indifferent between {} and {} (q = probability of {}): {} = {} ⇒ q = {}.",
            describe_mix(cn, &e.col),
            rn[0],
            rn[1],
            cn[0],
            lin(a[0][0], a[0][1], "q"),
            lin(a[1][0], a[1][1], "q"),
            pretty(q)
        ));
        ex.push(format!(
            "{pr} mixes {} so that {pc} is indifferent between {} and {} (p = probability of {}): {} = {} ⇒ p = {}.",
            describe_mix(rn, &e.row),
            cn[0],
            cn[1],
            rn[0],
            lin(b[0][0], b[1][0], "p"),
            lin(b[0][1], b[1][1], "p"),
            pretty(e.row[0])
        ));
    } else {
        for (who, names, vals, sup, other) in
            [(pr, rn, &row_vals, &rs, pc), (pc, cn, &col_vals, &cs, pr)]
        {
            let inside: Vec<String> = sup
                .iter()
                .map(|&k| format!("{} {}", names[k], pretty(vals[k])))
                .collect();
            let outside: Vec<String> = (0..names.len())
                .filter(|k| !sup.contains(k))
                .map(|k| format!("{} {}", names[k], pretty(vals[k])))
                .collect();
            let mut s = format!(
                "Against {other}'s mix, {who}'s strategies in use all earn the same: {}",
                inside.join(", ")
            );
            if !outside.is_empty() {
                s.push_str(&format!(
                    "; the others earn no more: {}",
                    outside.join(", ")
                ));
            }
            s.push('.');
            ex.push(s);
        }
    }
    ex.push(format!(
        "Expected payoffs: {pr} {}, {pc} {}.",
        pretty(e.row_payoff),
        pretty(e.col_payoff)
    ));
    EquilibriumReport {
        pure,
        row: e.row.clone(),
        col: e.col.clone(),
        row_payoff: e.row_payoff,
        col_payoff: e.col_payoff,
        label,
        explanation: ex,
    }
}

/// "Defect 1" style list of the other strategies' payoffs.
fn others(names: &[String], vals: &[f64], except: usize) -> String {
    let v: Vec<String> = (0..names.len())
        .filter(|&k| k != except)
        .map(|k| format!("{} from {}", pretty(vals[k]), names[k]))
        .collect();
    v.join(", ")
}

/// Thresholds for each player whose payoffs are PD-like under one labelling of
/// cooperate/defect shared by both players.
fn thresholds_2x2(
    a: &[Vec<f64>],
    b: &[Vec<f64>],
    pr: &str,
    pc: &str,
    symmetric: bool,
) -> Vec<Thresholds> {
    if a.len() != 2 || a[0].len() != 2 {
        return Vec::new();
    }
    for (c, c2) in [(0usize, 0usize), (1, 1), (0, 1), (1, 0)] {
        let (d, d2) = (1 - c, 1 - c2);
        // Own perspective: row (R,S,T,P) and column.
        let row = [a[c][c2], a[c][d2], a[d][c2], a[d][d2]];
        let col = [b[c][c2], b[d][c2], b[c][d2], b[d][d2]];
        let pd = |[r, s, t, p]: [f64; 4]| t > r && r > p && p > s;
        if pd(row) && pd(col) {
            if symmetric {
                return vec![thresholds("both", row, None)];
            }
            return vec![thresholds(pr, row, None), thresholds(pc, col, None)];
        }
    }
    Vec::new()
}

/// THEORY §3a for one player's `[R, S, T, P]`.
pub fn thresholds(player: &str, [r, s, t, p]: [f64; 4], discount: Option<f64>) -> Thresholds {
    let grim = (t - r) / (t - p);
    let alt = (t - r) / (r - s);
    Thresholds {
        player: player.to_string(),
        t,
        r,
        p,
        s,
        grim,
        tft: grim.max(alt),
        gtft_q: (1.0 - alt).min((r - p) / (t - p)),
        wsls: r > (t + p) / 2.0,
        two_r_beats_alternation: 2.0 * r > t + s,
        discount,
    }
}

/// Analyse a scenario: its `[game]` if it has one; otherwise, with exactly two deciding
/// actors, the stage game in force (DESIGN.md) and the bargaining over terms.
pub fn analyze_scenario(sc: &Scenario) -> Analysis {
    if let Some(g) = &sc.game {
        let mut an = analyze_named(g, &sc.meta.name);
        if sc.deciders().len() == 2 {
            an.bargaining = bargaining(sc).0;
        }
        if !sc.actors.is_empty() {
            an.notes.push(
                "the matrix above is the scenario's [game] table, the game `tournament` and `evolve` play; the treaty's own stage game in force comes from the actors' payoffs (R = v, S = v + s, T = v + θ, P = v + θ + s) and is printed by `detente explain`".into(),
            );
        }
        return an;
    }
    let dec = sc.deciders();
    if dec.len() != 2 {
        let g = Game {
            players: ["Row".into(), "Column".into()],
            actions: [vec!["-".into()], vec!["-".into()]],
            payoffs: vec![vec![[0.0, 0.0]]],
        };
        let mut an = analyze_named(&g, &sc.meta.name);
        an.equilibria.clear();
        an.pareto.clear();
        an.notes.push(format!(
            "the scenario has {} deciding actors and no [game]: the stage-game analysis needs exactly two",
            dec.len()
        ));
        return an;
    }
    let (i, j) = (dec[0], dec[1]);
    let terms: Vec<f64> = (0..sc.issues.len())
        .map(|k| 0.5 * (sc.actors[i].ideal[k] + sc.actors[j].ideal[k]))
        .collect();
    let stage_actor = |k: usize| {
        let act = &sc.actors[k];
        let u = utility(sc, k, &terms);
        let v = act.payoffs.no_deal.typical() + act.payoffs.gain.typical() * u;
        StageActor {
            name: act.name.clone(),
            utility: u,
            v,
            theta: typical_temptation(&act.payoffs.temptation),
            betrayal: act.payoffs.betrayal.typical(),
            delta: act.discount.typical(),
        }
    };
    let (x, y) = (stage_actor(i), stage_actor(j));
    // Own perspective [R, S, T, P]: R = v, S = v + s, T = v + θ, P = v + θ + s.
    let rstp = |s: &StageActor| {
        [
            s.v,
            s.v + s.betrayal,
            s.v + s.theta,
            s.v + s.theta + s.betrayal,
        ]
    };
    let (px, py) = (rstp(&x), rstp(&y));
    let g = Game {
        players: [x.name.clone(), y.name.clone()],
        actions: [
            vec!["comply".into(), "violate".into()],
            vec!["comply".into(), "violate".into()],
        ],
        payoffs: vec![
            vec![[px[0], py[0]], [px[1], py[2]]],
            vec![[px[2], py[1]], [px[3], py[3]]],
        ],
    };
    let mut an = analyze_named(&g, &sc.meta.name);
    // Per-actor thresholds with each actor's own discount, whenever its payoffs are PD-like.
    an.repeated.clear();
    for (s, p) in [(&x, px), (&y, py)] {
        let [r, ss, t, pp] = p;
        if t > r && r > pp && pp > ss {
            an.repeated.push(thresholds(&s.name, p, Some(s.delta)));
        }
    }
    if an.repeated.is_empty() {
        an.notes.push(
            "neither actor's stage payoffs are a prisoner's dilemma (T > R > P > S needs temptation θ > 0 and θ + betrayal < 0), so no repeated-game thresholds apply".into(),
        );
    }
    an.stage = Some(StageGame {
        terms: sc
            .issues
            .iter()
            .zip(&terms)
            .map(|(is, v)| (is.label.clone(), *v))
            .collect(),
        actors: vec![x, y],
    });
    let (barg, notes) = bargaining(sc);
    an.bargaining = barg;
    an.notes.extend(notes);
    an
}

fn utility(sc: &Scenario, k: usize, x: &[f64]) -> f64 {
    let lo: Vec<f64> = sc.issues.iter().map(|i| i.low).collect();
    let hi: Vec<f64> = sc.issues.iter().map(|i| i.high).collect();
    let act = &sc.actors[k];
    crate::negotiation::utility(x, &act.ideal, &act.salience, &lo, &hi)
}

/// θ's typical level: the iid mean, the random walk's start, the AR(1) mean.
fn typical_temptation(t: &Temptation) -> f64 {
    match t {
        Temptation::Iid { mean, .. } => mean.typical(),
        Temptation::RandomWalk { start, .. } => start.typical(),
        Temptation::Ar1 { mean, .. } => mean.typical(),
    }
}

/// Bargaining solutions for the two deciding actors (see [`Bargaining`]): returns the
/// report and plain-language notes on the assumptions.
fn bargaining(sc: &Scenario) -> (Option<Bargaining>, Vec<String>) {
    use crate::negotiation::{ReservationInputs, reservation_utility};
    use crate::theory::bargaining as tb;
    let dec = sc.deciders();
    if dec.len() != 2 {
        return (None, Vec::new());
    }
    let mut notes = Vec::new();
    // First proposer: the deciding actor behind the first name in [talks] proposers.
    let first = sc
        .talks
        .proposers
        .first()
        .map(|&p| sc.decider_for(p))
        .filter(|p| dec.contains(p))
        .unwrap_or(dec[0]);
    let second = if first == dec[0] { dec[1] } else { dec[0] };
    let (af, as_) = (&sc.actors[first], &sc.actors[second]);
    let delta = [af.discount.typical(), as_.discount.typical()];
    let rubinstein = tb::rubinstein_split(delta[0], delta[1]);
    let deadline = sc
        .talks
        .deadline
        .map(|t| (t, tb::stahl_split(delta[0], delta[1], t, (0.0, 0.0))));
    // Frontier: terms along the segment from the first's ideal to the second's.
    let at = |lambda: f64| -> Vec<f64> {
        af.ideal
            .iter()
            .zip(&as_.ideal)
            .map(|(x, y)| x + lambda * (y - x))
            .collect()
    };
    let (u1_hi, u1_lo) = (utility(sc, first, &at(0.0)), utility(sc, first, &at(1.0)));
    let frontier = [
        [u1_hi, utility(sc, second, &at(0.0))],
        [u1_lo, utility(sc, second, &at(1.0))],
    ];
    let g = |u1: f64| {
        let lambda = if u1_hi > u1_lo {
            ((u1_hi - u1) / (u1_hi - u1_lo)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        utility(sc, second, &at(lambda))
    };
    // Disagreement point: each actor's reservation utility (crate::negotiation).
    let reservation = |me: usize, other: usize| {
        let a = &sc.actors[me];
        reservation_utility(&ReservationInputs {
            no_deal: a.payoffs.no_deal.typical(),
            stalling: a.payoffs.stalling.typical(),
            gain: a.payoffs.gain.typical(),
            credibility: sc.actors[other].credibility.typical(),
            delta: a.discount.typical(),
            hazard_no_deal: sc.conflict.no_deal.typical(),
            hazard_in_force: sc.conflict.in_force.typical(),
            conflict: a.payoffs.conflict.typical(),
        })
    };
    let raw = [reservation(first, second), reservation(second, first)];
    let disagreement = [raw[0].max(0.0), raw[1].max(0.0)];
    let mut source = format!(
        "each actor's reservation utility (the least utility of terms worth accepting): {} {}, {} {}",
        af.name,
        pretty(raw[0]),
        as_.name,
        pretty(raw[1])
    );
    if raw.iter().any(|r| *r < 0.0) {
        source.push_str("; a negative one (any terms beat no deal) is replaced by 0");
    }
    let feasible = u1_hi > u1_lo && disagreement[0] < u1_hi && g(disagreement[0]) > disagreement[1];
    let (nash, ks) = if feasible {
        let d = (disagreement[0], disagreement[1]);
        let n = tb::nash_bargaining(g, u1_hi, d, 0.5);
        let k = tb::kalai_smorodinsky(g, u1_hi, d);
        (Some([n.0, n.1]), Some([k.0, k.1]))
    } else {
        notes.push(
            "no terms between the two ideals give both actors more than their reservation utility, so there is no Nash or Kalai–Smorodinsky point".into(),
        );
        (None, None)
    };
    // Fearon: the conflict payoff as a share of the whole treaty's worth gain/(1 − δ).
    let cost = |a: &crate::scenario::Actor, d: f64| {
        let worth = a.payoffs.gain.typical() / (1.0 - d);
        (worth > 0.0).then(|| (-a.payoffs.conflict.typical()).max(0.0) / worth)
    };
    let fearon = match (cost(af, delta[0]), cost(as_, delta[1])) {
        (Some(ca), Some(cb)) => {
            let (low, high) = tb::fearon_range(0.5, ca, cb);
            notes.push(format!(
                "Fearon's range treats the pie as the whole stream of treaty gains, gain/(1 − δ), and each side's war cost as −conflict payoff divided by that; with no information on who would win, p = 0.5 (so war pays {} 0.5 − c)",
                af.name
            ));
            Some(Fearon {
                p: 0.5,
                cost_first: ca,
                cost_second: cb,
                low,
                high,
            })
        }
        _ => None,
    };
    let b = Bargaining {
        first: af.name.clone(),
        second: as_.name.clone(),
        delta,
        rubinstein,
        deadline,
        frontier,
        disagreement,
        disagreement_source: source,
        nash,
        kalai_smorodinsky: ks,
        fearon,
    };
    (Some(b), notes)
}

/// Render an [`Analysis`] as a short worked explanation for a class.
pub fn render_text(an: &Analysis) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    let [pr, pc] = &an.players;
    let _ = writeln!(o, "Analysis: {}", an.title);
    match (&an.game_type, &an.stage) {
        (Some(t), Some(_)) => {
            let _ = writeln!(
                o,
                "Stage game in force (each side complies or violates): {t}"
            );
        }
        (Some(t), None) => {
            let _ = writeln!(o, "Game type: {t}");
        }
        _ => {}
    }
    if let Some(st) = &an.stage {
        let _ = writeln!(
            o,
            "\nStage game in force at the terms halfway between the two ideals ({}):",
            st.terms
                .iter()
                .map(|(k, v)| format!("{k} = {}", pretty(*v)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for s in &st.actors {
            let _ = writeln!(
                o,
                "  {}: U = {}, v = no_deal + gain·U = {}, typical temptation θ = {}, betrayal s = {}  ⇒  R = {}, S = {}, T = {}, P = {}",
                s.name,
                pretty(s.utility),
                pretty(s.v),
                pretty(s.theta),
                pretty(s.betrayal),
                pretty(s.v),
                pretty(s.v + s.betrayal),
                pretty(s.v + s.theta),
                pretty(s.v + s.theta + s.betrayal)
            );
        }
    }
    // The matrix.
    let _ = writeln!(o, "\nPayoffs ({pr}, {pc}):");
    let cells: Vec<Vec<String>> = an
        .payoffs
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| format!("{}, {}", pretty(c[0]), pretty(c[1])))
                .collect()
        })
        .collect();
    let w0 = an.actions[0]
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = (0..an.actions[1].len())
        .map(|j| {
            cells
                .iter()
                .map(|r| r[j].chars().count())
                .chain([an.actions[1][j].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let _ = write!(o, "  {:w0$}", "");
    for (j, c) in an.actions[1].iter().enumerate() {
        let _ = write!(o, "  {:>w$}", c, w = widths[j]);
    }
    o.push('\n');
    for (i, r) in cells.iter().enumerate() {
        let _ = write!(o, "  {:w0$}", an.actions[0][i]);
        for (j, c) in r.iter().enumerate() {
            let _ = write!(o, "  {:>w$}", c, w = widths[j]);
        }
        o.push('\n');
    }
    // Equilibria.
    let np = an.equilibria.iter().filter(|e| e.pure).count();
    let _ = writeln!(
        o,
        "\nNash equilibria: {} ({} pure, {} mixed)",
        an.equilibria.len(),
        np,
        an.equilibria.len() - np
    );
    for (k, e) in an.equilibria.iter().enumerate() {
        let _ = writeln!(
            o,
            "  {}. {} {}",
            k + 1,
            if e.pure { "pure " } else { "mixed" },
            e.label
        );
        for line in &e.explanation {
            let _ = writeln!(o, "     {line}");
        }
    }
    if an.degenerate {
        let _ = writeln!(
            o,
            "  The game is degenerate: the equilibria listed are the extreme ones; others may lie between them."
        );
        for (i, j) in &an.segments {
            let _ = writeln!(
                o,
                "  Every mix between equilibria {} and {} is also an equilibrium (a continuum).",
                i + 1,
                j + 1
            );
        }
    }
    // Dominance.
    if an.dominated.is_empty() {
        let _ = writeln!(o, "\nNo pure strategy is dominated by another.");
    } else {
        let _ = writeln!(o, "\nDominated strategies:");
        for d in &an.dominated {
            let _ = writeln!(
                o,
                "  {}'s {} is {} dominated by {}",
                d.player,
                d.strategy,
                if d.strict { "strictly" } else { "weakly" },
                d.by
            );
        }
    }
    if !an.elimination.is_empty() {
        let _ = writeln!(o, "Iterated elimination of strictly dominated strategies:");
        for d in &an.elimination {
            let _ = writeln!(
                o,
                "  round {}: remove {}'s {} (dominated by {})",
                d.round, d.player, d.strategy, d.by
            );
        }
    }
    let _ = writeln!(
        o,
        "\nPareto-optimal outcomes: {}",
        an.pareto
            .iter()
            .map(|(r, c)| format!("({r}, {c})"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for t in &an.repeated {
        let who = if t.player == "both" {
            "Both players".to_string()
        } else {
            t.player.clone()
        };
        let _ = writeln!(
            o,
            "\nRepeated game ({who}: T = {}, R = {}, P = {}, S = {}; w = chance of another round, times δ if discounting):",
            pretty(t.t),
            pretty(t.r),
            pretty(t.p),
            pretty(t.s)
        );
        let _ = writeln!(
            o,
            "  Grim trigger is an equilibrium iff w ≥ (T − R)/(T − P) = {}",
            ratio(t.t - t.r, t.t - t.p)
        );
        let _ = writeln!(
            o,
            "  Tit-for-tat is stable iff w ≥ max{{(T − R)/(T − P), (T − R)/(R − S)}} = max{{{}, {}}} = {}",
            pretty(t.grim),
            pretty((t.t - t.r) / (t.r - t.s)),
            pretty(t.tft)
        );
        if t.gtft_q > 0.0 {
            let _ = writeln!(
                o,
                "  Generous TFT can forgive up to q* = min{{1 − (T − R)/(R − S), (R − P)/(T − P)}} = {}",
                pretty(t.gtft_q)
            );
        } else {
            let _ = writeln!(
                o,
                "  Generous TFT cannot forgive at all here: q* = {} ≤ 0",
                pretty(t.gtft_q)
            );
        }
        let _ = writeln!(
            o,
            "  Win-stay lose-shift resists always-defect iff R > (T + P)/2: {} {} {}{}",
            pretty(t.r),
            if t.wsls { ">" } else { "≤" },
            pretty((t.t + t.p) / 2.0),
            if t.r == (t.t + t.p) / 2.0 {
                " (knife edge: exactly neutral, so no)"
            } else {
                ""
            }
        );
        if !t.two_r_beats_alternation {
            let _ = writeln!(
                o,
                "  Note: 2R ≤ T + S, so taking turns exploiting each other pays as much as cooperating."
            );
        }
        if let Some(d) = t.discount {
            let verdict = |th: f64| if d >= th { "holds" } else { "fails" };
            let _ = writeln!(
                o,
                "  With δ = {}: grim {}, tit-for-tat {}.",
                pretty(d),
                verdict(t.grim),
                verdict(t.tft)
            );
        }
    }
    if let Some(b) = &an.bargaining {
        render_bargaining(&mut o, b);
    }
    for n in &an.notes {
        let _ = writeln!(o, "\nNote: {n}");
    }
    o
}

fn render_bargaining(o: &mut String, b: &Bargaining) {
    use std::fmt::Write;
    let (f, s) = (&b.first, &b.second);
    let [d1, d2] = b.delta;
    let _ = writeln!(
        o,
        "\nBargaining ({f} proposes first; δ = {}, {}):",
        pretty(d1),
        pretty(d2)
    );
    let _ = writeln!(
        o,
        "  Rubinstein (no deadline): {f} gets x1 = (1 − δ2)/(1 − δ1δ2) = {}, {s} gets {}",
        ratio(1.0 - d2, 1.0 - d1 * d2),
        same_format(&[b.rubinstein, 1.0 - b.rubinstein])[1]
    );
    if let Some((t, x)) = b.deadline {
        let who = if t % 2 == 1 { f } else { s };
        let _ = writeln!(
            o,
            "  With a deadline of {t} rounds (backward induction, disagreement 0): {f} gets {}; {who} makes the last offer, which {} {f}'s share",
            pretty(x),
            if x > b.rubinstein { "raises" } else { "lowers" }
        );
    }
    let [[a1, a2], [c1, c2]] = b.frontier;
    let _ = writeln!(
        o,
        "  Terms between the two ideals give utilities from ({}, {}) at {f}'s ideal to ({}, {}) at {s}'s.",
        pretty(a1),
        pretty(a2),
        pretty(c1),
        pretty(c2)
    );
    let _ = writeln!(
        o,
        "  Disagreement point ({}, {}): {}.",
        pretty(b.disagreement[0]),
        pretty(b.disagreement[1]),
        b.disagreement_source
    );
    if let (Some(n), Some(k)) = (b.nash, b.kalai_smorodinsky) {
        let _ = writeln!(
            o,
            "  Nash bargaining point (max (u1 − d1)(u2 − d2)): ({}, {}); Kalai–Smorodinsky (equal share of each one's best gain): ({}, {})",
            pretty(n[0]),
            pretty(n[1]),
            pretty(k[0]),
            pretty(k[1])
        );
    }
    if let Some(fe) = &b.fearon {
        let _ = writeln!(
            o,
            "  Fearon: with p = {}, war costs c = {} ({f}) and {} ({s}), every split giving {f} a share in [{}, {}] beats war for both.",
            pretty(fe.p),
            pretty(fe.cost_first),
            pretty(fe.cost_second),
            pretty(fe.low),
            pretty(fe.high)
        );
    }
}

/// Numbers that share a line in one format: all fractions (denominators up to 1,000)
/// when every one has such a form, otherwise all decimals.
pub fn same_format(xs: &[f64]) -> Vec<String> {
    let fractions: Option<Vec<String>> = xs
        .iter()
        .map(|&x| {
            if x.abs() < 1e-12 {
                return Some("0".to_string());
            }
            nash::as_fraction(x, 1000).map(|(p, q)| {
                if q == 1 {
                    p.to_string()
                } else {
                    format!("{p}/{q}")
                }
            })
        })
        .collect();
    fractions.unwrap_or_else(|| {
        xs.iter()
            .map(|x| {
                let s = format!("{x:.4}");
                s.trim_end_matches('0').trim_end_matches('.').to_string()
            })
            .collect()
    })
}

/// `a/b = q` with every number in one format and a fraction or negative operand in
/// parentheses, so "(1/10)/(1/5) = 1/2" cannot be misread.
pub fn ratio(a: f64, b: f64) -> String {
    let v = same_format(&[a, b, a / b]);
    let par = |s: &str| {
        if s.contains('/') || s.starts_with('-') {
            format!("({s})")
        } else {
            s.to_string()
        }
    };
    format!("{}/{} = {}", par(&v[0]), par(&v[1]), v[2])
}

/// A `--matrix` syntax error at a byte offset of the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct MatrixError {
    /// Byte offset of the offending character.
    pub offset: usize,
    pub message: String,
}

/// Parse `--matrix`: rows separated by `;`, cells by spaces; a cell is `row,col`
/// (both players' payoffs), or every cell is one number and the game is symmetric
/// (the numbers are the row player's payoffs; column's are the transpose), e.g.
/// `"3,3 0,5; 5,0 1,1"` or `"3 0; 5 1"`. Actions are named R1, R2, ... and C1, C2, ...
/// (both A1, A2, ... in a symmetric game).
pub fn parse_matrix(text: &str) -> Result<Game, MatrixError> {
    let err = |offset: usize, m: &str| MatrixError {
        offset,
        message: m.to_string(),
    };
    let bytes = text.as_bytes();
    let mut pos = 0;
    let skip_ws = |pos: &mut usize| {
        while *pos < bytes.len() && (bytes[*pos] == b' ' || bytes[*pos] == b'\t') {
            *pos += 1;
        }
    };
    let number = |pos: &mut usize| -> Result<f64, MatrixError> {
        let start = *pos;
        while *pos < bytes.len()
            && (bytes[*pos].is_ascii_digit() || b"+-.eE".contains(&bytes[*pos]))
        {
            *pos += 1;
        }
        if start == *pos {
            return Err(err(start, "expected a number"));
        }
        let tok = &text[start..*pos];
        match tok.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(err(start, &format!("`{tok}` is not a number"))),
        }
    };
    // rows of cells; each cell (row payoff, Some(col payoff)) or (x, None).
    let mut rows: Vec<Vec<(f64, Option<f64>)>> = vec![Vec::new()];
    let mut row_starts = vec![0usize];
    let mut pair_form: Option<bool> = None;
    loop {
        skip_ws(&mut pos);
        if pos >= bytes.len() {
            break;
        }
        if bytes[pos] == b';' {
            if rows.last().is_some_and(|r| r.is_empty()) {
                return Err(err(pos, "empty row before `;`"));
            }
            pos += 1;
            rows.push(Vec::new());
            row_starts.push(pos);
            continue;
        }
        let cell_start = pos;
        let x = number(&mut pos)?;
        let after = pos;
        skip_ws(&mut pos);
        let y = if pos < bytes.len() && bytes[pos] == b',' {
            pos += 1;
            skip_ws(&mut pos);
            Some(number(&mut pos)?)
        } else {
            pos = after;
            None
        };
        if pos < bytes.len() && !matches!(bytes[pos], b' ' | b'\t' | b';') {
            // Point at the character itself (may be multi-byte: use its char start).
            return Err(err(
                pos,
                "unexpected character: cells are `row,col` or one number, separated by spaces; rows by `;`",
            ));
        }
        match pair_form {
            None => pair_form = Some(y.is_some()),
            Some(p) if p != y.is_some() => {
                return Err(err(
                    cell_start,
                    if p {
                        "this cell has one number but earlier cells have two (`row,col`)"
                    } else {
                        "this cell has two numbers but earlier cells have one (a symmetric game)"
                    },
                ));
            }
            _ => {}
        }
        if let Some(r) = rows.last_mut() {
            r.push((x, y));
        }
    }
    if rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
        row_starts.pop();
    }
    if rows.is_empty() {
        return Err(err(0, "the matrix is empty"));
    }
    let n = rows[0].len();
    for (k, r) in rows.iter().enumerate() {
        if r.len() != n {
            return Err(err(
                row_starts[k],
                &format!(
                    "row {} has {} cells but row 1 has {n}: every row needs one cell per column action",
                    k + 1,
                    r.len()
                ),
            ));
        }
    }
    let m = rows.len();
    let letters = |p: &str, k: usize| (1..=k).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
    if pair_form == Some(true) {
        Ok(Game {
            players: ["Row".into(), "Column".into()],
            actions: [letters("R", m), letters("C", n)],
            payoffs: rows
                .iter()
                .map(|r| r.iter().map(|&(x, y)| [x, y.unwrap_or(x)]).collect())
                .collect(),
        })
    } else {
        if m != n {
            return Err(err(
                0,
                &format!(
                    "a symmetric game (one number per cell) needs a square matrix, got {m} rows of {n}"
                ),
            ));
        }
        Ok(Game {
            players: ["Row".into(), "Column".into()],
            actions: [letters("A", m), letters("A", n)],
            payoffs: (0..m)
                .map(|i| (0..n).map(|j| [rows[i][j].0, rows[j][i].0]).collect())
                .collect(),
        })
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
        // R = (T + P)/2 exactly: the knife edge of THEORY §3a, so WSLS does not resist.
        assert!(!t.wsls);
    }
}
