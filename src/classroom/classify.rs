//! Names a two-player, two-action game by its ordinal structure: prisoner's dilemma,
//! chicken, stag hunt, harmony, deadlock, battle of the sexes, coordination, matching
//! pennies, or other.
//!
//! The names describe the *structure* of the game, not its labels, so a matrix whose
//! actions are listed in the other order, or transposed, gets the same name. The test
//! is, in order:
//!
//! 1. No pure equilibrium (best replies chase each other round) → matching pennies.
//! 2. Both players have a strictly dominant action → the single equilibrium is
//!    - Pareto-dominated by another outcome → prisoner's dilemma (T > R > P > S);
//!    - each player's best outcome in the matrix → harmony (R > T, S > P);
//!    - preferred by both players to the opposite corner (both switching), while each
//!      would gain if the other alone switched → deadlock (T > P > R > S: mutual
//!      "defection" is preferred to mutual "cooperation", yet each would gain more if
//!      the other alone gave way);
//!    - otherwise → other (e.g. one side is tempted to break a deal, the other is not).
//! 3. Neither has a dominant action and there are exactly two pure equilibria →
//!    - both players prefer the same equilibrium (strictly) → stag hunt when, for
//!      both players, the action of the worse equilibrium is the safer one (a strictly
//!      higher worst case: R > T ≥ P > S), coordination otherwise;
//!    - both are indifferent between the two equilibria → coordination;
//!    - they disagree → chicken when each player prefers some outcome that is not an
//!      equilibrium (mutual yielding) to the equilibrium it likes less (T > R > S > P),
//!      battle of the sexes when neither does (every miscoordination is worse than
//!      either equilibrium), other if only one does.
//! 4. Anything else (one dominant action, three or four pure equilibria, not 2×2,
//!    non-finite numbers) → other.
//!
//! Ties: dominance and Pareto improvements use strict comparisons; equilibria use weak
//! ones (a best reply may tie). So a game with ties that leave a player indifferent
//! has no strictly dominant action or extra equilibria and usually lands in a wider
//! family or in *other*: `classify_symmetric(3, 0, 3, 1)` (T = R) is not a prisoner's
//! dilemma, because defecting is then only weakly dominant; mutual cooperation becomes
//! a (weak) equilibrium and the game reads as a knife-edge stag hunt.

/// The family of a 2×2 game.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GameType {
    PrisonersDilemma,
    Chicken,
    StagHunt,
    Harmony,
    Deadlock,
    BattleOfTheSexes,
    Coordination,
    MatchingPennies,
    Other,
}

impl GameType {
    /// The usual name, lower case ("prisoner's dilemma").
    pub fn name(self) -> &'static str {
        match self {
            GameType::PrisonersDilemma => "prisoner's dilemma",
            GameType::Chicken => "chicken (hawk-dove)",
            GameType::StagHunt => "stag hunt",
            GameType::Harmony => "harmony",
            GameType::Deadlock => "deadlock",
            GameType::BattleOfTheSexes => "battle of the sexes",
            GameType::Coordination => "coordination game",
            GameType::MatchingPennies => "matching pennies",
            GameType::Other => "other (none of the classic 2x2 games)",
        }
    }

    /// One sentence in plain words: what makes this game what it is.
    pub fn describe(self) -> &'static str {
        match self {
            GameType::PrisonersDilemma => {
                "Each side gains by breaking the deal whatever the other does, yet both are \
                 worse off when both break it than when both keep it."
            }
            GameType::Chicken => {
                "Each side wants to hold firm while the other gives way, and both holding \
                 firm is the worst outcome for both."
            }
            GameType::StagHunt => {
                "Both do best by cooperating together, but cooperating is risky if the other \
                 may not, so trust decides which outcome they reach."
            }
            GameType::Harmony => {
                "Keeping the deal is best for each side whatever the other does: there is no \
                 conflict of interest to manage."
            }
            GameType::Deadlock => {
                "Each side prefers its dominant choice, and both prefer mutual defection to \
                 mutual cooperation: there is no deal worth making."
            }
            GameType::BattleOfTheSexes => {
                "Both want to coordinate, but each prefers a different way of doing it, so \
                 the question is whose choice prevails."
            }
            GameType::Coordination => {
                "Both want to make the same choice; neither has a reason to deviate once \
                 they have matched."
            }
            GameType::MatchingPennies => {
                "One side wants to match the other and the other wants to mismatch: no pair \
                 of choices is stable, so the only equilibrium is to be unpredictable."
            }
            GameType::Other => {
                "The payoffs do not have the ordering of any of the classic 2x2 games (for \
                 example, one side is tempted to break the deal and the other is not)."
            }
        }
    }
}

/// Classify a symmetric 2×2 game from the row player's payoffs: R (both cooperate),
/// S (I cooperate, the other defects), T (I defect, the other cooperates),
/// P (both defect). The column player's payoffs mirror them.
///
/// ```
/// use detente::classroom::classify::{classify_symmetric, GameType};
/// assert_eq!(classify_symmetric(3.0, 0.0, 5.0, 1.0), GameType::PrisonersDilemma);
/// assert_eq!(classify_symmetric(3.0, 1.0, 5.0, 0.0), GameType::Chicken);
/// ```
pub fn classify_symmetric(r: f64, s: f64, t: f64, p: f64) -> GameType {
    classify_2x2(&[vec![[r, r], [s, t]], vec![[t, s], [p, p]]])
}

/// Classify a general two-player game given as `payoffs[row][column] = [row payoff,
/// column payoff]`; anything but 2×2 with finite numbers is [`GameType::Other`].
/// See the module documentation for the rules and for how ties are handled.
pub fn classify_2x2(payoffs: &[Vec<[f64; 2]>]) -> GameType {
    if payoffs.len() != 2 || payoffs.iter().any(|row| row.len() != 2) {
        return GameType::Other;
    }
    if payoffs.iter().flatten().flatten().any(|x| !x.is_finite()) {
        return GameType::Other;
    }
    // u(k, a, b): player k's payoff when row plays a and column plays b.
    let u = |k: usize, a: usize, b: usize| payoffs[a][b][k];
    // Pure equilibria (weak best replies).
    let mut eq = Vec::new();
    for a in 0..2 {
        for b in 0..2 {
            let row_ok = u(0, a, b) >= u(0, 1 - a, b);
            let col_ok = u(1, a, b) >= u(1, a, 1 - b);
            if row_ok && col_ok {
                eq.push((a, b));
            }
        }
    }
    if eq.is_empty() {
        return GameType::MatchingPennies;
    }
    // Strictly dominant actions.
    let row_dom = (0..2).find(|&a| (0..2).all(|b| u(0, a, b) > u(0, 1 - a, b)));
    let col_dom = (0..2).find(|&b| (0..2).all(|a| u(1, a, b) > u(1, a, 1 - b)));
    let cells = [(0, 0), (0, 1), (1, 0), (1, 1)];
    match (row_dom, col_dom) {
        (Some(a), Some(b)) => {
            let e = (a, b);
            let dominated = cells
                .iter()
                .any(|&(x, y)| (x, y) != e && u(0, x, y) > u(0, a, b) && u(1, x, y) > u(1, a, b));
            if dominated {
                return GameType::PrisonersDilemma;
            }
            let best_for = |k: usize| cells.iter().all(|&(x, y)| u(k, a, b) >= u(k, x, y));
            // The opposite corner: both players switch away from their dominant action.
            let o = (1 - a, 1 - b);
            let prefer_e = |k: usize| u(k, a, b) > u(k, o.0, o.1);
            // ... and each would gain if the other alone gave way (T > P): without it,
            // one side tempted and the other not would read as a deadlock.
            let other_yields = u(0, a, 1 - b) > u(0, a, b) && u(1, 1 - a, b) > u(1, a, b);
            if best_for(0) && best_for(1) {
                GameType::Harmony
            } else if prefer_e(0) && prefer_e(1) && other_yields {
                GameType::Deadlock
            } else {
                GameType::Other
            }
        }
        (None, None) if eq.len() == 2 => {
            let (e1, e2) = (eq[0], eq[1]);
            let pay = |k: usize, e: (usize, usize)| u(k, e.0, e.1);
            let pref = |k: usize| pay(k, e1).partial_cmp(&pay(k, e2));
            use std::cmp::Ordering::*;
            match (pref(0), pref(1)) {
                (Some(Greater), Some(Greater)) => stag_or_coordination(payoffs, e1, e2),
                (Some(Less), Some(Less)) => stag_or_coordination(payoffs, e2, e1),
                (Some(Equal), Some(Equal)) => GameType::Coordination,
                (Some(Greater), Some(Less)) | (Some(Less), Some(Greater)) => {
                    // Does player k prefer some non-equilibrium outcome to the
                    // equilibrium it likes less?
                    let wants_other = |k: usize| {
                        let worse = pay(k, e1).min(pay(k, e2));
                        cells
                            .iter()
                            .any(|&c| c != e1 && c != e2 && u(k, c.0, c.1) > worse)
                    };
                    match (wants_other(0), wants_other(1)) {
                        (true, true) => GameType::Chicken,
                        (false, false) => GameType::BattleOfTheSexes,
                        _ => GameType::Other,
                    }
                }
                _ => GameType::Coordination,
            }
        }
        _ => GameType::Other,
    }
}

/// Both players prefer equilibrium `good` to `bad`: a stag hunt when each player's
/// action in `bad` has a strictly higher worst case than its action in `good`.
fn stag_or_coordination(
    payoffs: &[Vec<[f64; 2]>],
    good: (usize, usize),
    bad: (usize, usize),
) -> GameType {
    let row_min = |a: usize| payoffs[a][0][0].min(payoffs[a][1][0]);
    let col_min = |b: usize| payoffs[0][b][1].min(payoffs[1][b][1]);
    if row_min(bad.0) > row_min(good.0) && col_min(bad.1) > col_min(good.1) {
        GameType::StagHunt
    } else {
        GameType::Coordination
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use GameType::*;

    fn check(m: [[[f64; 2]; 2]; 2], want: GameType) {
        let v: Vec<Vec<[f64; 2]>> = m.iter().map(|r| r.to_vec()).collect();
        assert_eq!(classify_2x2(&v), want, "{m:?}");
        // The name does not depend on the order of either player's actions ...
        let swapped_rows = vec![v[1].clone(), v[0].clone()];
        assert_eq!(classify_2x2(&swapped_rows), want, "rows swapped {m:?}");
        let swapped_cols: Vec<Vec<[f64; 2]>> = v.iter().map(|r| vec![r[1], r[0]]).collect();
        assert_eq!(classify_2x2(&swapped_cols), want, "columns swapped {m:?}");
        // ... nor on who is the row player.
        let transposed: Vec<Vec<[f64; 2]>> = (0..2)
            .map(|b| (0..2).map(|a| [v[a][b][1], v[a][b][0]]).collect())
            .collect();
        assert_eq!(classify_2x2(&transposed), want, "transposed {m:?}");
    }

    #[test]
    fn textbook_symmetric_games() {
        // (R, S, T, P)
        assert_eq!(classify_symmetric(3.0, 0.0, 5.0, 1.0), PrisonersDilemma);
        assert_eq!(classify_symmetric(3.0, 1.0, 5.0, 0.0), Chicken);
        // Hawk-dove, V = 2, C = 12, C = dove: R = V/2, S = 0, T = V, P = (V - C)/2.
        assert_eq!(classify_symmetric(1.0, 0.0, 2.0, -5.0), Chicken);
        assert_eq!(classify_symmetric(4.0, 0.0, 3.0, 2.0), StagHunt);
        assert_eq!(classify_symmetric(4.0, 2.0, 3.0, 1.0), Harmony);
        assert_eq!(classify_symmetric(1.0, 0.0, 3.0, 2.0), Deadlock);
        assert_eq!(classify_symmetric(0.0, 1.0, 2.0, 0.0), BattleOfTheSexes);
        // Donation game b = 2, c = 1.
        assert_eq!(classify_symmetric(1.0, -1.0, 2.0, 0.0), PrisonersDilemma);
    }

    #[test]
    fn textbook_matrices_in_any_order() {
        check(
            [[[3.0, 3.0], [0.0, 5.0]], [[5.0, 0.0], [1.0, 1.0]]],
            PrisonersDilemma,
        );
        check(
            [[[0.0, 0.0], [-1.0, 1.0]], [[1.0, -1.0], [-10.0, -10.0]]],
            Chicken,
        );
        check(
            [[[4.0, 4.0], [0.0, 3.0]], [[3.0, 0.0], [2.0, 2.0]]],
            StagHunt,
        );
        check(
            [[[2.0, 1.0], [0.0, 0.0]], [[0.0, 0.0], [1.0, 2.0]]],
            BattleOfTheSexes,
        );
        check(
            [[[1.0, 1.0], [0.0, 0.0]], [[0.0, 0.0], [1.0, 1.0]]],
            Coordination,
        );
        check(
            [[[1.0, -1.0], [-1.0, 1.0]], [[-1.0, 1.0], [1.0, -1.0]]],
            MatchingPennies,
        );
        check(
            [[[4.0, 4.0], [2.0, 3.0]], [[3.0, 2.0], [1.0, 1.0]]],
            Harmony,
        );
        check(
            [[[1.0, 1.0], [0.0, 3.0]], [[3.0, 0.0], [2.0, 2.0]]],
            Deadlock,
        );
    }

    #[test]
    fn one_side_tempted_and_the_other_not_is_no_deadlock() {
        // A treaty's stage game: the row party is tempted (T = 0.635 > R = 0.435), the
        // column party is not (R = 0.935 > T = 0.435). Each plays its dominant action
        // and prefers that corner to the opposite one, but the row party would lose,
        // not gain, if the column party alone gave way (P = 0.301 < T = 0.635), so the
        // game is not a deadlock (where both prefer mutual defection to cooperation).
        check(
            [
                [[0.435, 0.935], [0.101, 0.435]],
                [[0.635, 0.601], [0.301, 0.101]],
            ],
            Other,
        );
    }

    #[test]
    fn pareto_ranked_coordination_without_a_safe_action_is_not_a_stag_hunt() {
        // R > P > T = S: the payoff-dominant action is not riskier.
        assert_eq!(classify_symmetric(2.0, 0.0, 0.0, 1.0), Coordination);
    }

    #[test]
    fn names_follow_structure_not_labels() {
        // "Cooperate" dominant but mutual cooperation worse than mutual defection:
        // a prisoner's dilemma with its actions named the other way round.
        assert_eq!(classify_symmetric(3.0, 5.0, 2.0, 4.0), PrisonersDilemma);
    }

    #[test]
    fn ties_and_malformed_input() {
        // T = R: defecting only weakly dominant; two equilibria (CC weakly, DD), both
        // prefer CC and D is the safe action: a knife-edge stag hunt.
        assert_eq!(classify_symmetric(3.0, 0.0, 3.0, 1.0), StagHunt);
        // All equal: four equilibria.
        assert_eq!(classify_symmetric(1.0, 1.0, 1.0, 1.0), Other);
        // Only the row player has a dominant action.
        let one_dominant = vec![vec![[2.0, 1.0], [0.0, 0.0]], vec![[1.0, 0.0], [-1.0, 1.0]]];
        assert_eq!(classify_2x2(&one_dominant), Other);
        assert_eq!(classify_2x2(&[vec![[1.0, 1.0]]]), Other);
        assert_eq!(classify_symmetric(f64::NAN, 0.0, 5.0, 1.0), Other);
        let three = vec![vec![[0.0, 0.0]; 3]; 2];
        assert_eq!(classify_2x2(&three), Other);
        // Both have dominant actions, but one is tempted to violate and the other is
        // not: neither a dilemma, nor harmony, nor deadlock.
        let lopsided = vec![vec![[1.0, 1.5], [0.0, 1.6]], vec![[0.8, 0.5], [-0.2, 0.6]]];
        assert_eq!(classify_2x2(&lopsided), Other);
    }

    #[test]
    fn every_type_has_a_name_and_a_sentence() {
        for g in [
            PrisonersDilemma,
            Chicken,
            StagHunt,
            Harmony,
            Deadlock,
            BattleOfTheSexes,
            Coordination,
            MatchingPennies,
            Other,
        ] {
            assert!(!g.name().is_empty());
            assert!(g.describe().ends_with('.'));
        }
    }
}
