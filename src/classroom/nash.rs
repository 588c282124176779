//! Equilibria and dominance of normal-form games, computed exactly enough to teach
//! with: every Nash equilibrium of a two-player (bimatrix) game, pure equilibria of an
//! n-player game, strictly and weakly dominated strategies with the order of iterated
//! elimination, and the Pareto-optimal pure outcomes.
//!
//! # Method for two players
//!
//! [`equilibria`] enumerates *vertex strategies*: for every support `I` of the row player
//! and every equally large set `J` of columns it solves the square linear system
//! "the column player is indifferent over `J`, the probabilities on `I` sum to one"
//! (Gaussian elimination with partial pivoting). A solution that is strictly positive
//! on `I` and makes every column of `J` a best reply is a vertex of the row player's
//! best-response polytope; the same for the column player. An equilibrium is a pair of
//! vertex strategies in which every strategy played is a best reply to the other's
//! mix ("completely labelled"). In a nondegenerate game this is exactly support
//! enumeration with equal-size supports and finds every equilibrium.
//!
//! **Guarantees on degenerate games** (a mixed strategy with more pure best replies than
//! the size of its support, e.g. two equal payoffs in one column): the equilibrium set
//! is then a finite union of polytopes, possibly with continua. This module returns
//! every *extreme* equilibrium (a vertex of those polytopes) exactly once, which
//! includes every pure equilibrium; equilibria in the interior of a continuum are not
//! listed. Whenever two returned equilibria share one player's strategy, every mix of
//! the other player's two strategies is an equilibrium too: [`Equilibria::segments`]
//! lists those certified segments of equilibria (Avis, Rosenberg, Savani & von Stengel
//! 2010, Economic Theory: extreme equilibria and maximal Nash subsets).
//!
//! # Tolerances
//!
//! Payoffs are compared relative to their scale `S = max(1, max |payoff|)`: a pivot
//! below `1e-12·S` is singular, a best reply is within `1e-9·S` of the best payoff, a
//! probability above `1e-9` is in the support (a value in `[-1e-9, 1e-9]` counts as 0,
//! below is infeasible), and two equilibria within `1e-7` in every probability are the
//! same (deduplicated). Games up to 10 strategies per player are supported (support enumeration solves C(m + n, m) small systems: 184,756 at 10 × 10)
//! (`C(m + n, m)` systems are solved).

use serde::Serialize;

/// Probabilities below this count as zero.
const PROB_TOL: f64 = 1e-9;
/// Relative tolerance for best replies.
const PAY_TOL: f64 = 1e-9;
/// Relative tolerance for singular pivots.
const PIVOT_TOL: f64 = 1e-12;
/// Two strategies closer than this in every coordinate are the same.
const SAME_TOL: f64 = 1e-7;
/// Largest number of strategies per player [`equilibria`] accepts.
pub const MAX_STRATEGIES: usize = 10;

/// A Nash equilibrium of a bimatrix game.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Equilibrium {
    /// Row player's mixed strategy (probabilities over rows).
    pub row: Vec<f64>,
    /// Column player's mixed strategy.
    pub col: Vec<f64>,
    /// Row player's expected payoff.
    pub row_payoff: f64,
    /// Column player's expected payoff.
    pub col_payoff: f64,
}

impl Equilibrium {
    /// True when both players play one strategy with certainty.
    pub fn is_pure(&self) -> bool {
        support(&self.row).len() == 1 && support(&self.col).len() == 1
    }
}

/// All extreme equilibria of a bimatrix game, with degeneracy information.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Equilibria {
    /// Pure equilibria first (in row-major order), then mixed ones by support size.
    pub list: Vec<Equilibrium>,
    /// Whether the game is degenerate (some vertex strategy has more pure best replies
    /// than strategies in its support).
    pub degenerate: bool,
    /// Pairs `(i, j)` of indices into `list` sharing one player's strategy: every point
    /// of the segment between them is an equilibrium (a continuum).
    pub segments: Vec<(usize, usize)>,
}

/// Why a game cannot be analysed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NashError {
    #[error("the payoff matrices are empty or not rectangular")]
    Shape,
    #[error("a payoff is not a finite number")]
    NotFinite,
    #[error("{0} strategies for one player; at most {MAX_STRATEGIES} are supported")]
    TooLarge(usize),
}

/// Indices with positive probability.
pub fn support(p: &[f64]) -> Vec<usize> {
    (0..p.len()).filter(|&i| p[i] > PROB_TOL).collect()
}

fn scale(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    a.iter()
        .chain(b)
        .flatten()
        .fold(1.0_f64, |m, v| m.max(v.abs()))
}

fn check(a: &[Vec<f64>], b: &[Vec<f64>]) -> Result<(usize, usize), NashError> {
    let m = a.len();
    if m == 0 || b.len() != m {
        return Err(NashError::Shape);
    }
    let n = a[0].len();
    if n == 0 || a.iter().chain(b).any(|r| r.len() != n) {
        return Err(NashError::Shape);
    }
    if a.iter().chain(b).flatten().any(|v| !v.is_finite()) {
        return Err(NashError::NotFinite);
    }
    if m > MAX_STRATEGIES || n > MAX_STRATEGIES {
        return Err(NashError::TooLarge(m.max(n)));
    }
    Ok((m, n))
}

/// Solve the square system `m·x = rhs` by Gaussian elimination with partial pivoting.
/// `None` when a pivot is below `tol` (singular or nearly so).
pub fn solve(mut m: Vec<Vec<f64>>, mut rhs: Vec<f64>, tol: f64) -> Option<Vec<f64>> {
    let k = rhs.len();
    for c in 0..k {
        let p = (c..k).max_by(|&i, &j| m[i][c].abs().total_cmp(&m[j][c].abs()))?;
        if m[p][c].abs() < tol {
            return None;
        }
        m.swap(c, p);
        rhs.swap(c, p);
        for r in c + 1..k {
            let f = m[r][c] / m[c][c];
            if f != 0.0 {
                let (top, bottom) = m.split_at_mut(r);
                for (x, p) in bottom[0][c..k].iter_mut().zip(&top[c][c..k]) {
                    *x -= f * p;
                }
                rhs[r] -= f * rhs[c];
            }
        }
    }
    let mut x = vec![0.0; k];
    for r in (0..k).rev() {
        let s: f64 = (r + 1..k).map(|c| m[r][c] * x[c]).sum();
        x[r] = (rhs[r] - s) / m[r][r];
    }
    Some(x)
}

/// All subsets of `0..n` of size `k`, in lexicographic order.
fn subsets(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut cur = Vec::with_capacity(k);
    fn rec(start: usize, n: usize, k: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
        if cur.len() == k {
            out.push(cur.clone());
            return;
        }
        for i in start..n {
            if n - i < k - cur.len() {
                break;
            }
            cur.push(i);
            rec(i + 1, n, k, cur, out);
            cur.pop();
        }
    }
    rec(0, n, k, &mut cur, &mut out);
    out
}

/// Payoffs to the *opponent's* pure strategies against mix `x`: `pay[i][j]` is the
/// opponent's payoff when "we" play `i` and it plays `j`.
fn replies(pay: &[Vec<f64>], x: &[f64]) -> Vec<f64> {
    let n = pay[0].len();
    (0..n)
        .map(|j| x.iter().zip(pay).map(|(p, r)| p * r[j]).sum())
        .collect()
}

/// Pure best replies among `values` (within `tol` of the maximum).
fn best(values: &[f64], tol: f64) -> Vec<usize> {
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (0..values.len())
        .filter(|&j| values[j] >= max - tol)
        .collect()
}

/// Vertex strategies of the player choosing rows of `pay`, where `pay[i][j]` is the
/// OPPONENT's payoff (we make the opponent indifferent). Returns the strategies and
/// whether one of them had more best replies than its support size.
fn vertices(pay: &[Vec<f64>], s: f64) -> (Vec<Vec<f64>>, bool) {
    let (m, n) = (pay.len(), pay[0].len());
    let mut out: Vec<Vec<f64>> = Vec::new();
    let mut degenerate = false;
    for k in 1..=m.min(n) {
        for sup in subsets(m, k) {
            for tight in subsets(n, k) {
                // Unknowns: x_i (i in sup), then v. Equations: Σ_i x_i pay[i][j] - v = 0
                // for j in tight (k of them), Σ x_i = 1.
                let mut mat = vec![vec![0.0; k + 1]; k + 1];
                let mut rhs = vec![0.0; k + 1];
                for (r, &j) in tight.iter().enumerate() {
                    for (c, &i) in sup.iter().enumerate() {
                        mat[r][c] = pay[i][j];
                    }
                    mat[r][k] = -1.0;
                }
                mat[k][..k].fill(1.0);
                rhs[k] = 1.0;
                let Some(sol) = solve(mat, rhs, PIVOT_TOL * s) else {
                    continue;
                };
                if sol[..k].iter().any(|&p| p <= PROB_TOL) {
                    continue;
                }
                let mut x = vec![0.0; m];
                for (c, &i) in sup.iter().enumerate() {
                    x[i] = sol[c];
                }
                let vals = replies(pay, &x);
                let br = best(&vals, PAY_TOL * s);
                if !tight.iter().all(|j| br.contains(j)) {
                    continue;
                }
                if br.len() > k {
                    degenerate = true;
                }
                if !out.iter().any(|y| same(y, &x)) {
                    out.push(x);
                }
            }
        }
    }
    (out, degenerate)
}

fn same(x: &[f64], y: &[f64]) -> bool {
    x.iter().zip(y).all(|(a, b)| (a - b).abs() < SAME_TOL)
}

fn transpose(a: &[Vec<f64>]) -> Vec<Vec<f64>> {
    (0..a[0].len())
        .map(|j| a.iter().map(|r| r[j]).collect())
        .collect()
}

/// Every extreme Nash equilibrium of the bimatrix game (`a[i][j]` row's payoff, `b[i][j]`
/// column's payoff when row plays `i` and column `j`). See the module docs for what is
/// guaranteed on degenerate games and for the tolerances.
///
/// ```
/// use detente::classroom::nash::equilibria;
/// // Matching pennies: one mixed equilibrium, ½–½.
/// let a = vec![vec![1.0, -1.0], vec![-1.0, 1.0]];
/// let b = vec![vec![-1.0, 1.0], vec![1.0, -1.0]];
/// let eq = equilibria(&a, &b).unwrap();
/// assert_eq!(eq.list.len(), 1);
/// assert!((eq.list[0].row[0] - 0.5).abs() < 1e-12);
/// ```
pub fn equilibria(a: &[Vec<f64>], b: &[Vec<f64>]) -> Result<Equilibria, NashError> {
    check(a, b)?;
    let s = scale(a, b);
    // Row's vertex strategies make Column indifferent: use B (rows x cols).
    let (xs, d1) = vertices(b, s);
    // Column's vertex strategies make Row indifferent: use Aᵀ.
    let (ys, d2) = vertices(&transpose(a), s);
    let at = transpose(a);
    let mut list: Vec<Equilibrium> = Vec::new();
    for x in &xs {
        let col_vals = replies(b, x);
        let col_br = best(&col_vals, PAY_TOL * s);
        for y in &ys {
            let row_vals = replies(&at, y);
            let row_br = best(&row_vals, PAY_TOL * s);
            if support(x).iter().all(|i| row_br.contains(i))
                && support(y).iter().all(|j| col_br.contains(j))
            {
                let row_payoff = dot(x, &row_vals);
                let col_payoff = dot(y, &col_vals);
                list.push(Equilibrium {
                    row: x.clone(),
                    col: y.clone(),
                    row_payoff,
                    col_payoff,
                });
            }
        }
    }
    // Pure first (row-major), then by support size, then lexicographically.
    list.sort_by(|p, q| {
        let key = |e: &Equilibrium| support(&e.row).len() + support(&e.col).len();
        key(p).cmp(&key(q)).then_with(|| {
            let lex =
                |e: &Equilibrium| e.row.iter().chain(&e.col).map(|v| -v).collect::<Vec<f64>>();
            lex(p)
                .iter()
                .zip(lex(q).iter())
                .map(|(u, v)| u.total_cmp(v))
                .find(|o| o.is_ne())
                .unwrap_or(std::cmp::Ordering::Equal)
        })
    });
    let mut segments = Vec::new();
    for i in 0..list.len() {
        for j in i + 1..list.len() {
            if same(&list[i].row, &list[j].row) || same(&list[i].col, &list[j].col) {
                segments.push((i, j));
            }
        }
    }
    Ok(Equilibria {
        list,
        degenerate: d1 || d2,
        segments,
    })
}

fn dot(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(|(a, b)| a * b).sum()
}

/// Pure Nash equilibria of an n-player game. `shape[p]` is the number of actions of
/// player `p`; `payoffs[k][p]` is player `p`'s payoff at the profile with row-major
/// index `k` (the last player's action varies fastest). A profile is an equilibrium
/// when no player gains more than `1e-9·S` by deviating alone. Returns the profiles in
/// row-major order; an empty list if `payoffs` does not match `shape`.
pub fn pure_equilibria_n(shape: &[usize], payoffs: &[Vec<f64>]) -> Vec<Vec<usize>> {
    let total: usize = shape.iter().product();
    if shape.is_empty()
        || shape.contains(&0)
        || payoffs.len() != total
        || payoffs.iter().any(|p| p.len() != shape.len())
    {
        return Vec::new();
    }
    let s = payoffs
        .iter()
        .flatten()
        .fold(1.0_f64, |m, v| m.max(v.abs()));
    let index = |prof: &[usize]| prof.iter().zip(shape).fold(0, |k, (a, n)| k * n + a);
    let mut out = Vec::new();
    let mut prof = vec![0usize; shape.len()];
    for k in 0..total {
        // Decode k into a profile.
        let mut r = k;
        for p in (0..shape.len()).rev() {
            prof[p] = r % shape[p];
            r /= shape[p];
        }
        let mut stable = true;
        'players: for p in 0..shape.len() {
            let here = payoffs[k][p];
            let mut dev = prof.clone();
            for a in 0..shape[p] {
                dev[p] = a;
                if payoffs[index(&dev)][p] > here + PAY_TOL * s {
                    stable = false;
                    break 'players;
                }
            }
        }
        if stable {
            out.push(prof.clone());
        }
    }
    out
}

/// Which player a dominance statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Side {
    Row,
    Col,
}

/// One pure strategy dominated by another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dominated {
    pub side: Side,
    /// The dominated strategy.
    pub strategy: usize,
    /// A pure strategy that dominates it (the first one found).
    pub by: usize,
    /// Strictly (better against everything) or only weakly (never worse, sometimes
    /// better).
    pub strict: bool,
}

/// Own payoff of `side` playing `own` against the other's `other`.
fn own_pay(a: &[Vec<f64>], b: &[Vec<f64>], side: Side, own: usize, other: usize) -> f64 {
    match side {
        Side::Row => a[own][other],
        Side::Col => b[other][own],
    }
}

/// Compare `s` with `t` for `side` over the other's strategies `others`:
/// `Some(true)` t strictly dominates s, `Some(false)` weakly, `None` neither.
fn dominates(
    a: &[Vec<f64>],
    b: &[Vec<f64>],
    side: Side,
    t: usize,
    s: usize,
    others: &[usize],
    tol: f64,
) -> Option<bool> {
    let (mut all_strict, mut any_strict) = (true, false);
    for &o in others {
        let d = own_pay(a, b, side, t, o) - own_pay(a, b, side, s, o);
        if d < -tol {
            return None;
        }
        if d > tol {
            any_strict = true;
        } else {
            all_strict = false;
        }
    }
    if all_strict {
        Some(true)
    } else if any_strict {
        Some(false)
    } else {
        None
    }
}

/// Pure strategies dominated by another pure strategy in the full game (strict ones
/// reported as strict; weak-but-not-strict as weak). Domination by mixed strategies is
/// not checked. Rows first, then columns.
pub fn dominated(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<Dominated> {
    let Ok((m, n)) = check(a, b) else {
        return Vec::new();
    };
    let tol = PAY_TOL * scale(a, b);
    let mut out = Vec::new();
    for (side, own, other) in [(Side::Row, m, n), (Side::Col, n, m)] {
        let others: Vec<usize> = (0..other).collect();
        for s in 0..own {
            // Prefer a strict dominator; otherwise the first weak one.
            let mut found: Option<Dominated> = None;
            for t in (0..own).filter(|&t| t != s) {
                match dominates(a, b, side, t, s, &others, tol) {
                    Some(true) => {
                        found = Some(Dominated {
                            side,
                            strategy: s,
                            by: t,
                            strict: true,
                        });
                        break;
                    }
                    Some(false) if found.is_none() => {
                        found = Some(Dominated {
                            side,
                            strategy: s,
                            by: t,
                            strict: false,
                        })
                    }
                    _ => {}
                }
            }
            out.extend(found);
        }
    }
    out
}

/// One step of iterated elimination of strictly dominated strategies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Elimination {
    /// Round of elimination, from 1.
    pub round: usize,
    pub side: Side,
    pub strategy: usize,
    /// The surviving pure strategy that strictly dominates it, given the survivors.
    pub by: usize,
}

/// Iterated elimination of strictly dominated pure strategies (by pure strategies).
/// Each round removes every strategy strictly dominated given the current survivors,
/// rows first; returns the steps in order and the surviving rows and columns. The
/// result does not depend on the order (strict dominance), the listed order is the
/// one used in the explanation.
pub fn iterated_elimination(
    a: &[Vec<f64>],
    b: &[Vec<f64>],
) -> (Vec<Elimination>, Vec<usize>, Vec<usize>) {
    let Ok((m, n)) = check(a, b) else {
        return (Vec::new(), Vec::new(), Vec::new());
    };
    let tol = PAY_TOL * scale(a, b);
    let mut rows: Vec<usize> = (0..m).collect();
    let mut cols: Vec<usize> = (0..n).collect();
    let mut steps = Vec::new();
    for round in 1.. {
        let mut removed = false;
        for side in [Side::Row, Side::Col] {
            let (own, others) = match side {
                Side::Row => (rows.clone(), cols.clone()),
                Side::Col => (cols.clone(), rows.clone()),
            };
            let mut gone = Vec::new();
            for &s in &own {
                if let Some(&t) = own
                    .iter()
                    .find(|&&t| t != s && dominates(a, b, side, t, s, &others, tol) == Some(true))
                {
                    gone.push(s);
                    steps.push(Elimination {
                        round,
                        side,
                        strategy: s,
                        by: t,
                    });
                }
            }
            if !gone.is_empty() {
                removed = true;
                match side {
                    Side::Row => rows.retain(|r| !gone.contains(r)),
                    Side::Col => cols.retain(|c| !gone.contains(c)),
                }
            }
        }
        if !removed {
            break;
        }
    }
    (steps, rows, cols)
}

/// Pure outcomes `(row, col)` that no other pure outcome Pareto-dominates (both at
/// least as well off, one strictly better), in row-major order.
pub fn pareto_optimal(a: &[Vec<f64>], b: &[Vec<f64>]) -> Vec<(usize, usize)> {
    let Ok((m, n)) = check(a, b) else {
        return Vec::new();
    };
    let tol = PAY_TOL * scale(a, b);
    let cells: Vec<(usize, usize)> = (0..m).flat_map(|i| (0..n).map(move |j| (i, j))).collect();
    cells
        .iter()
        .copied()
        .filter(|&(i, j)| {
            !cells.iter().any(|&(k, l)| {
                let (du, dv) = (a[k][l] - a[i][j], b[k][l] - b[i][j]);
                du >= -tol && dv >= -tol && (du > tol || dv > tol)
            })
        })
        .collect()
}

/// A fraction p/q with q ≤ `max_den` within 1e-9 of `x`, if any (continued fractions).
pub fn as_fraction(x: f64, max_den: i64) -> Option<(i64, i64)> {
    if !x.is_finite() || x.abs() > 1e9 {
        return None;
    }
    let (mut h0, mut h1, mut k0, mut k1) = (0i64, 1i64, 1i64, 0i64);
    let mut r = x;
    for _ in 0..40 {
        let a = r.floor();
        let ai = a as i64;
        let (h2, k2) = (ai * h1 + h0, ai * k1 + k0);
        if k2 > max_den {
            return None;
        }
        (h0, h1, k0, k1) = (h1, h2, k1, k2);
        if (h1 as f64 / k1 as f64 - x).abs() < 1e-9 {
            return Some((h1, k1));
        }
        let frac = r - a;
        if frac.abs() < 1e-15 {
            return None;
        }
        r = 1.0 / frac;
    }
    None
}

/// A number for a class: an integer, a small fraction ("2/3"), or 4 significant
/// decimals.
pub fn pretty(x: f64) -> String {
    short_fraction(x, 100).unwrap_or_else(|| decimal(x))
}

/// `x` as "0", an integer or "p/q" with q ≤ `max_den`, if it has such a form.
pub fn short_fraction(x: f64, max_den: i64) -> Option<String> {
    if x.abs() < 1e-12 {
        return Some("0".into());
    }
    as_fraction(x, max_den).map(|(p, q)| {
        if q == 1 {
            format!("{p}")
        } else {
            format!("{p}/{q}")
        }
    })
}

/// `x` with 4 decimals, trailing zeros dropped ("0" for zero).
pub fn decimal(x: f64) -> String {
    if x.abs() < 1e-12 {
        return "0".into();
    }
    let s = format!("{x:.4}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(a: &[[f64; 2]; 2]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let a: Vec<Vec<f64>> = a.iter().map(|r| r.to_vec()).collect();
        let b = transpose(&a);
        (a, b)
    }

    #[test]
    fn solve_with_pivoting() {
        // The first pivot is zero: needs a row swap.
        let x = solve(vec![vec![0.0, 1.0], vec![2.0, 1.0]], vec![3.0, 5.0], 1e-12).unwrap();
        assert!((x[0] - 1.0).abs() < 1e-12 && (x[1] - 3.0).abs() < 1e-12);
        assert!(solve(vec![vec![1.0, 2.0], vec![2.0, 4.0]], vec![1.0, 2.0], 1e-12).is_none());
    }

    #[test]
    fn fractions() {
        assert_eq!(pretty(2.0 / 3.0), "2/3");
        assert_eq!(pretty(0.5), "1/2");
        assert_eq!(pretty(-3.0), "-3");
        assert_eq!(pretty(0.123456789), "0.1235");
    }

    #[test]
    fn prisoners_dilemma_has_dd_only() {
        let (a, b) = sym(&[[3.0, 0.0], [5.0, 1.0]]);
        let eq = equilibria(&a, &b).unwrap();
        assert_eq!(eq.list.len(), 1);
        assert_eq!(eq.list[0].row, vec![0.0, 1.0]);
        assert_eq!(eq.list[0].col, vec![0.0, 1.0]);
        assert!(!eq.degenerate);
        let d = dominated(&a, &b);
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|x| x.strategy == 0 && x.by == 1 && x.strict));
        assert_eq!(pareto_optimal(&a, &b), vec![(0, 0), (0, 1), (1, 0)]);
    }

    #[test]
    fn n_player_pure_matches_bimatrix() {
        // 3-player "volunteer" game: each gets 1 if anyone volunteers, volunteering costs 0.5.
        let shape = [2, 2, 2];
        let mut pay = Vec::new();
        for k in 0..8usize {
            let prof = [(k >> 2) & 1, (k >> 1) & 1, k & 1]; // 1 = volunteer
            let any = prof.contains(&1);
            pay.push(
                prof.iter()
                    .map(|&v| f64::from(u8::from(any)) - 0.5 * v as f64)
                    .collect(),
            );
        }
        let eq = pure_equilibria_n(&shape, &pay);
        assert_eq!(eq, vec![vec![0, 0, 1], vec![0, 1, 0], vec![1, 0, 0]]);
        // Two players via the n-player routine: PD.
        let pd = vec![
            vec![3.0, 3.0],
            vec![0.0, 5.0],
            vec![5.0, 0.0],
            vec![1.0, 1.0],
        ];
        assert_eq!(pure_equilibria_n(&[2, 2], &pd), vec![vec![1, 1]]);
    }

    #[test]
    fn iterated_elimination_order() {
        // Row: U strictly dominated by D? Classic 2x3 example (Gibbons 1992, fig. 1.1.1):
        //         L     M     R
        //   Up   1,0   1,2   0,1
        //   Down 0,3   0,1   2,0
        let a = vec![vec![1.0, 1.0, 0.0], vec![0.0, 0.0, 2.0]];
        let b = vec![vec![0.0, 2.0, 1.0], vec![3.0, 1.0, 0.0]];
        let (steps, rows, cols) = iterated_elimination(&a, &b);
        // R (by M) for Column, then Down (by Up), then L (by M).
        let got: Vec<(Side, usize, usize)> =
            steps.iter().map(|s| (s.side, s.strategy, s.by)).collect();
        assert_eq!(
            got,
            vec![(Side::Col, 2, 1), (Side::Row, 1, 0), (Side::Col, 0, 1)]
        );
        assert_eq!((rows, cols), (vec![0], vec![1]));
    }
}
