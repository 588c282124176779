//! Fixation probabilities of the Moran process (docs/theory.md §7a–b): constant fitness,
//! game payoffs with selection intensity `s`, and the weak-selection criterion. Pure
//! functions of numbers; `classroom::evolve` simulates the process and compares.

/// Probability that `k` mutants of constant relative fitness `r` take over a population
/// of `n` (docs/theory.md §7a): `(1 − r^{−k})/(1 − r^{−n})`, and `k/n` when `r = 1` (neutral;
/// also used within 1e-12 of 1, where the formula loses precision). Requires
/// `0 ≤ k ≤ n`, `n ≥ 1`, `r > 0`.
///
/// ```
/// use detente::theory::moran::fixation_constant;
/// let rho = fixation_constant(2.0, 10, 1);
/// assert!((rho - (1.0 - 0.5) / (1.0 - 0.5f64.powi(10))).abs() < 1e-15);
/// assert_eq!(fixation_constant(1.0, 10, 1), 0.1);
/// ```
pub fn fixation_constant(r: f64, n: u32, k: u32) -> f64 {
    if (r - 1.0).abs() < 1e-12 {
        return f64::from(k) / f64::from(n);
    }
    let inv = 1.0 / r;
    (1.0 - inv.powi(k as i32)) / (1.0 - inv.powi(n as i32))
}

/// Fitness of A and B with `i` A-players among `n` (docs/theory.md §7b), selection `s`:
/// `f_i = 1 − s + s[a(i − 1) + b(n − i)]/(n − 1)`, `g_i = 1 − s + s[c·i + d(n − i − 1)]/(n − 1)`.
pub fn game_fitness(a: f64, b: f64, c: f64, d: f64, n: u32, s: f64, i: u32) -> (f64, f64) {
    let (nf, i) = (f64::from(n), f64::from(i));
    let f = 1.0 - s + s * (a * (i - 1.0) + b * (nf - i)) / (nf - 1.0);
    let g = 1.0 - s + s * (c * i + d * (nf - i - 1.0)) / (nf - 1.0);
    (f, g)
}

/// Fixation probabilities `(ρ_A, ρ_B)` of one A mutant among `n − 1` B's and of one B
/// among `n − 1` A's, for the matrix `[[a, b], [c, d]]` (A earns `a` against A, `b`
/// against B; B earns `c` against A, `d` against B) and selection intensity `s`
/// (docs/theory.md §7b): `ρ_A = 1/(1 + Σ_{k=1}^{n−1} Π_{i=1}^{k} g_i/f_i)`, ρ_B by swapping roles.
/// Fitnesses must be positive (for payoffs in [0, 1] any s ∈ [0, 1] is fine). `n ≥ 2`.
pub fn fixation_game(a: f64, b: f64, c: f64, d: f64, n: u32, s: f64) -> (f64, f64) {
    (rho(a, b, c, d, n, s), rho(d, c, b, a, n, s))
}

fn rho(a: f64, b: f64, c: f64, d: f64, n: u32, s: f64) -> f64 {
    let (mut sum, mut prod) = (1.0, 1.0);
    for k in 1..n {
        let (f, g) = game_fitness(a, b, c, d, n, s, k);
        prod *= g / f;
        sum += prod;
    }
    1.0 / sum
}

/// The weak-selection criterion (s → 0) of docs/theory.md §7b: ρ_A > 1/N iff
/// `a(N − 2) + b(2N − 1) > c(N + 1) + d(2N − 4)`.
pub fn weak_selection_favours_a(a: f64, b: f64, c: f64, d: f64, n: u32) -> bool {
    let n = f64::from(n);
    a * (n - 2.0) + b * (2.0 * n - 1.0) > c * (n + 1.0) + d * (2.0 * n - 4.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_fitness_limits() {
        assert_eq!(fixation_constant(1.0, 20, 3), 0.15);
        // All mutants: fixation certain.
        assert!((fixation_constant(1.5, 20, 20) - 1.0).abs() < 1e-15);
        // Large N: rho → 1 − 1/r.
        assert!((fixation_constant(2.0, 200, 1) - 0.5).abs() < 1e-15);
    }

    #[test]
    fn game_with_constant_payoffs_is_constant_fitness() {
        // A always earns 1, B always 0.5, s = 1: r = 2.
        let (ra, rb) = fixation_game(1.0, 1.0, 0.5, 0.5, 10, 1.0);
        assert!((ra - fixation_constant(2.0, 10, 1)).abs() < 1e-14);
        assert!((rb - fixation_constant(0.5, 10, 1)).abs() < 1e-14);
        // Neutral: s = 0.
        let (ra, rb) = fixation_game(3.0, 0.0, 5.0, 1.0, 10, 0.0);
        assert!((ra - 0.1).abs() < 1e-15 && (rb - 0.1).abs() < 1e-15);
    }

    #[test]
    fn ratio_identity_and_weak_selection() {
        let (a, b, c, d, n, s) = (0.6, 0.1, 0.5, 0.3, 12, 0.05);
        let (ra, rb) = fixation_game(a, b, c, d, n, s);
        let prod: f64 = (1..n)
            .map(|i| {
                let (f, g) = game_fitness(a, b, c, d, n, s, i);
                g / f
            })
            .product();
        assert!((rb / ra - prod).abs() < 1e-12);
        // Weak selection criterion agrees with the exact value at small s.
        let fav = weak_selection_favours_a(a, b, c, d, n);
        let (ra_small, _) = fixation_game(a, b, c, d, n, 1e-4);
        assert_eq!(fav, ra_small > 1.0 / 12.0);
        // Stag hunt a=1, b=0, c=0.8, d=0.8 is a coordination game with x* = 0.8: 1/3 law says no.
        assert!(!weak_selection_favours_a(1.0, 0.0, 0.8, 0.8, 1000));
        // x* = 0.2 < 1/3: favoured.
        assert!(weak_selection_favours_a(1.0, 0.0, 0.2, 0.2, 1000));
    }
}
