//! The repeated-game thresholds of a prisoner's-dilemma-like game: grim trigger,
//! tit-for-tat, generous tit-for-tat and win-stay lose-shift (Friedman 1971; Axelrod 1984;
//! Nowak & Sigmund 1992, 1993).

use super::*;

/// Thresholds for each player whose payoffs are PD-like under one labelling of
/// cooperate/defect shared by both players.
pub(super) fn thresholds_2x2(
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

/// docs/theory.md §3a for one player's `[R, S, T, P]`.
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
