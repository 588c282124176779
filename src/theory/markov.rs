//! Noisy memory-one play as a 4-state Markov chain (docs/theory.md §3c): the stationary
//! distribution, expected totals under a continuation probability, and expected totals
//! over a fixed number of rounds. States are (P1's move, P2's move) in the order
//! (CC, CD, DC, DD) from P1's view; P2's vector is read in its own perspective, so in
//! state s it uses q_σ(s) with σ swapping CD and DC. Small linear systems are solved by
//! Gaussian elimination with partial pivoting.

// Matrix code reads best with explicit indices.
#![allow(clippy::needless_range_loop)]

/// Apply implementation noise to a cooperation probability: ε + (1 − 2ε)p.
pub fn noisy(p: f64, eps: f64) -> f64 {
    eps + (1.0 - 2.0 * eps) * p
}

/// The row-stochastic transition matrix M of §3c (after noise).
pub fn transition(p: [f64; 4], q: [f64; 4], eps: f64) -> [[f64; 4]; 4] {
    const SIGMA: [usize; 4] = [0, 2, 1, 3];
    let mut m = [[0.0; 4]; 4];
    for s in 0..4 {
        let a = noisy(p[s], eps);
        let b = noisy(q[SIGMA[s]], eps);
        m[s] = [a * b, a * (1.0 - b), (1.0 - a) * b, (1.0 - a) * (1.0 - b)];
    }
    m
}

/// Round-1 distribution π0 after noise, from the intended first-move probabilities.
pub fn initial(p0: f64, q0: f64, eps: f64) -> [f64; 4] {
    let a = noisy(p0, eps);
    let b = noisy(q0, eps);
    [a * b, a * (1.0 - b), (1.0 - a) * b, (1.0 - a) * (1.0 - b)]
}

/// Solve A x = b (4×4) by Gaussian elimination with partial pivoting. `None` if A is
/// singular (a pivot below 1e-300 in absolute value).
pub fn solve4(mut a: [[f64; 4]; 4], mut b: [f64; 4]) -> Option<[f64; 4]> {
    for col in 0..4 {
        let piv = (col..4).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[piv][col].abs() < 1e-300 {
            return None;
        }
        a.swap(col, piv);
        b.swap(col, piv);
        for row in col + 1..4 {
            let f = a[row][col] / a[col][col];
            for k in col..4 {
                a[row][k] -= f * a[col][k];
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; 4];
    for row in (0..4).rev() {
        let mut acc = b[row];
        for k in row + 1..4 {
            acc -= a[row][k] * x[k];
        }
        x[row] = acc / a[row][row];
    }
    Some(x)
}

/// Stationary distribution π of the chain (πM = π, Σπ = 1), over (CC, CD, DC, DD).
/// Unique for 0 < ε < 1. For ε = 0 the chain may have several closed classes; the
/// result is then the solution the elimination finds, or NaNs if the system is singular.
pub fn stationary(p: [f64; 4], q: [f64; 4], eps: f64) -> [f64; 4] {
    let m = transition(p, q, eps);
    // (Mᵀ − I) π = 0 with the last equation replaced by Σπ = 1.
    let mut a = [[0.0; 4]; 4];
    for i in 0..3 {
        for j in 0..4 {
            a[i][j] = m[j][i] - if i == j { 1.0 } else { 0.0 };
        }
    }
    a[3] = [1.0; 4];
    solve4(a, [0.0, 0.0, 0.0, 1.0]).unwrap_or([f64::NAN; 4])
}

/// Expected totals (P1, P2) over a game that continues after each round with
/// probability `w` (< 1): π0ᵀ (I − wM)⁻¹ r, with r = (R, S, T, P) for P1 and
/// (R, T, S, P) for P2. `payoff` is (R, S, T, P); `p0`, `q0` the intended first moves.
pub fn expected_totals(
    p0: f64,
    p: [f64; 4],
    q0: f64,
    q: [f64; 4],
    eps: f64,
    w: f64,
    payoff: [f64; 4],
) -> (f64, f64) {
    let m = transition(p, q, eps);
    let pi0 = initial(p0, q0, eps);
    let mut a = [[0.0; 4]; 4];
    for i in 0..4 {
        for j in 0..4 {
            a[i][j] = if i == j { 1.0 } else { 0.0 } - w * m[i][j];
        }
    }
    let [r, s, t, pp] = payoff;
    let total = |rv: [f64; 4]| match solve4(a, rv) {
        Some(v) => (0..4).map(|i| pi0[i] * v[i]).sum(),
        None => f64::NAN,
    };
    (total([r, s, t, pp]), total([r, t, s, pp]))
}

/// Expected totals (P1, P2) over exactly `n` rounds, by iterating the distribution:
/// Σ_{t=1}^{n} π_t · r with π_1 = π0 and π_{t+1} = π_t M.
pub fn expected_match_payoff_fixed_turns(
    p0: f64,
    p: [f64; 4],
    q0: f64,
    q: [f64; 4],
    eps: f64,
    n: u32,
    payoff: [f64; 4],
) -> (f64, f64) {
    let m = transition(p, q, eps);
    let mut pi = initial(p0, q0, eps);
    let [r, s, t, pp] = payoff;
    let (mut a, mut b) = (0.0, 0.0);
    for _ in 0..n {
        a += pi[0] * r + pi[1] * s + pi[2] * t + pi[3] * pp;
        b += pi[0] * r + pi[1] * t + pi[2] * s + pi[3] * pp;
        let mut next = [0.0; 4];
        for (i, pi_i) in pi.iter().enumerate() {
            for j in 0..4 {
                next[j] += pi_i * m[i][j];
            }
        }
        pi = next;
    }
    (a, b)
}

/// Expected number of P1's cooperations over exactly `n` rounds (Σ π_t,CC + π_t,CD).
pub fn expected_cooperations_fixed_turns(
    p0: f64,
    p: [f64; 4],
    q0: f64,
    q: [f64; 4],
    eps: f64,
    n: u32,
) -> f64 {
    let m = transition(p, q, eps);
    let mut pi = initial(p0, q0, eps);
    let mut c = 0.0;
    for _ in 0..n {
        c += pi[0] + pi[1];
        let mut next = [0.0; 4];
        for (i, pi_i) in pi.iter().enumerate() {
            for j in 0..4 {
                next[j] += pi_i * m[i][j];
            }
        }
        pi = next;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    const TFT: [f64; 4] = [1.0, 0.0, 1.0, 0.0];
    const WSLS: [f64; 4] = [1.0, 0.0, 0.0, 1.0];
    const ALLD: [f64; 4] = [0.0; 4];
    const G: [f64; 4] = [3.0, 0.0, 5.0, 1.0];

    fn power(p: [f64; 4], q: [f64; 4], eps: f64) -> [f64; 4] {
        let m = transition(p, q, eps);
        let mut pi = [0.25; 4];
        for _ in 0..100_000 {
            let mut next = [0.0; 4];
            for i in 0..4 {
                for j in 0..4 {
                    next[j] += pi[i] * m[i][j];
                }
            }
            pi = next;
        }
        pi
    }

    #[test]
    fn tft_vs_tft_is_uniform_for_every_noise() {
        for eps in [0.001, 0.01, 0.05, 0.2, 0.5, 0.9] {
            let pi = stationary(TFT, TFT, eps);
            for x in pi {
                assert!((x - 0.25).abs() < 1e-12, "eps {eps}: {pi:?}");
            }
            assert!((pi[0] + pi[1] - 0.5).abs() < 1e-12);
        }
    }

    #[test]
    fn stationary_matches_power_iteration() {
        let gtft = [1.0, 1.0 / 3.0, 1.0, 1.0 / 3.0];
        for (p, q) in [(WSLS, WSLS), (gtft, gtft), (WSLS, ALLD), (TFT, gtft)] {
            for eps in [0.01, 0.05, 0.1] {
                let a = stationary(p, q, eps);
                let b = power(p, q, eps);
                for i in 0..4 {
                    assert!(
                        (a[i] - b[i]).abs() < 1e-10,
                        "{p:?} {q:?} {eps}: {a:?} {b:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn totals_match_closed_forms_without_noise() {
        // docs/theory.md §3a: against TFT, TFT earns R/(1-w), ALLD earns T + wP/(1-w).
        let w = 0.9;
        let (a, b) = expected_totals(1.0, TFT, 1.0, TFT, 0.0, w, G);
        assert!((a - 3.0 / (1.0 - w)).abs() < 1e-9 && (b - a).abs() < 1e-12);
        let (d, t) = expected_totals(0.0, ALLD, 1.0, TFT, 0.0, w, G);
        assert!((d - (5.0 + w * 1.0 / (1.0 - w))).abs() < 1e-9, "{d}");
        assert!((t - (0.0 + w * 1.0 / (1.0 - w))).abs() < 1e-9, "{t}");
    }

    #[test]
    fn fixed_turns_exact_for_deterministic_pairs() {
        // TFT vs ALLD, 200 rounds: TFT gets 0 + 199·1, ALLD 5 + 199·1.
        let (a, b) = expected_match_payoff_fixed_turns(1.0, TFT, 0.0, ALLD, 0.0, 200, G);
        assert_eq!((a, b), (199.0, 204.0));
        // WSLS vs ALLD alternates S, P: 100·0 + 100·1; ALLD gets 100·5 + 100·1.
        let (a, b) = expected_match_payoff_fixed_turns(1.0, WSLS, 0.0, ALLD, 0.0, 200, G);
        assert_eq!((a, b), (100.0, 600.0));
    }

    #[test]
    fn fixed_turns_converge_to_the_discounted_total_as_w_grows() {
        // n rounds with w → 1: the per-round average tends to the stationary payoff.
        let eps = 0.05;
        let pi = stationary(WSLS, WSLS, eps);
        let long = (0..4).map(|i| pi[i] * G[i]).sum::<f64>();
        let (a, _) = expected_match_payoff_fixed_turns(1.0, WSLS, 1.0, WSLS, eps, 100_000, G);
        assert!((a / 100_000.0 - long).abs() < 1e-4);
    }

    #[test]
    fn singular_system_is_reported() {
        assert!(solve4([[0.0; 4]; 4], [1.0; 4]).is_none());
    }
}
