//! Closed forms of `theory` against independent computations: backward induction,
//! numerical integration, brute-force recursion, fine grids and seeded Monte Carlo.

use detente::theory::bargaining::*;
use detente::theory::normal::{normal_cdf, normal_loss, normal_pdf};
use detente::theory::passage::*;
use detente::theory::stopping::*;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

/// Composite Simpson's rule with n (even) intervals.
fn simpson(f: impl Fn(f64) -> f64, a: f64, b: f64, n: usize) -> f64 {
    let h = (b - a) / n as f64;
    let mut s = f(a) + f(b);
    for i in 1..n {
        s += f(a + i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 };
    }
    s * h / 3.0
}

// ---------------------------------------------------------------- bargaining (§1, §2, §4)

#[test]
fn rubinstein_common_delta_and_continuous_limit() {
    for d in [0.0, 0.3, 0.9, 0.99] {
        assert!((rubinstein_split(d, d) - 1.0 / (1.0 + d)).abs() < 1e-15);
    }
    // δ_i = e^{−r_i Δ}, Δ → 0: x1* → r2/(r1 + r2) = 3/4 for r = (1, 3).
    let dt: f64 = 1e-6;
    let x = rubinstein_split((-dt).exp(), (-3.0 * dt).exp());
    assert!((x - 0.75).abs() < 1e-5, "{x}");
    assert!(rubinstein_split(1.0, 1.0).is_nan());
}

/// docs/theory.md §1b closed forms (d = 0).
fn stahl_closed(d1: f64, d2: f64, t: u32) -> f64 {
    let m = (t / 2) as i32;
    let base = (1.0 - d2) * (1.0 - (d1 * d2).powi(m)) / (1.0 - d1 * d2);
    if t % 2 == 1 {
        base + (d1 * d2).powi(m)
    } else {
        base
    }
}

#[test]
fn stahl_recursion_matches_closed_forms_and_parity_swing() {
    for t in 1..=40u32 {
        // Common δ: x1(T) = (1 − (−δ)^T)/(1 + δ).
        let d: f64 = 0.8;
        let common = (1.0 - (-d).powi(t as i32)) / (1.0 + d);
        assert!(
            (stahl_split(d, d, t, (0.0, 0.0)) - common).abs() < 1e-14,
            "T = {t}"
        );
        // Distinct δ, both parities.
        for (d1, d2) in [(0.9, 0.6), (0.5, 0.95)] {
            let x = stahl_split(d1, d2, t, (0.0, 0.0));
            assert!(
                (x - stahl_closed(d1, d2, t)).abs() < 1e-14,
                "T = {t}, δ = ({d1}, {d2})"
            );
            // Parity swing: odd T (P1 proposes last) above Rubinstein, even T below.
            let r = rubinstein_split(d1, d2);
            if t % 2 == 1 {
                assert!(x > r)
            } else {
                assert!(x < r)
            }
        }
        // Common δ: x1(T) − 1/(1 + δ) = −(−δ)^T/(1 + δ).
        let gap = stahl_split(d, d, t, (0.0, 0.0)) - 1.0 / (1.0 + d);
        assert!((gap + (-d).powi(t as i32) / (1.0 + d)).abs() < 1e-14);
    }
    // Disagreement payoffs: T = 1 is an ultimatum, P1 leaves P2 exactly d2.
    assert!((stahl_split(0.9, 0.9, 1, (0.1, 0.3)) - 0.7).abs() < 1e-15);
    // T = 2: P2 offers P1 d1 at round 2, so P1 offers P2 δ2(1 − d1) in round 1.
    assert!((stahl_split(0.9, 0.8, 2, (0.1, 0.3)) - (1.0 - 0.8 * 0.9)).abs() < 1e-15);
    assert_eq!(stahl_split(0.9, 0.9, 0, (0.25, 0.0)), 0.25);
}

#[test]
fn brw_solves_its_stationary_equations() {
    for (d1, d2, p, b1, b2) in [
        (0.9, 0.8, 0.1, 0.2, 0.3),
        (0.99, 0.95, 0.5, 0.0, 0.4),
        (1.0, 1.0, 0.2, 0.1, 0.1),
    ] {
        let x = brw_split(d1, d2, p, b1, b2);
        // y = δ1[(1 − p)x + p·b1] and 1 − x = δ2[(1 − p)(1 − y) + p·b2] (docs/theory.md §1c).
        let y = d1 * ((1.0 - p) * x + p * b1);
        assert!((1.0 - x - d2 * ((1.0 - p) * (1.0 - y) + p * b2)).abs() < 1e-14);
    }
    // Undiscounted closed form and p = 0 (Rubinstein).
    let (p, b1, b2) = (0.2, 0.1, 0.3);
    let undiscounted = (1.0 + (1.0 - p) * b1 - b2) / (2.0 - p);
    assert!((brw_split(1.0, 1.0, p, b1, b2) - undiscounted).abs() < 1e-15);
    assert!((brw_split(0.9, 0.7, 0.0, 0.2, 0.2) - rubinstein_split(0.9, 0.7)).abs() < 1e-15);
    // b = 0, no discounting: 1/(2 − p).
    assert!((brw_split(1.0, 1.0, 0.4, 0.0, 0.0) - 1.0 / 1.6).abs() < 1e-15);
}

#[test]
fn nash_solution_closed_and_numeric() {
    assert_eq!(
        nash_bargaining_linear(0.1, 0.2, 0.5),
        (0.1 + 0.5 * 0.7, 1.0 - 0.45)
    );
    // Numeric on the linear frontier matches the closed form.
    for alpha in [0.2, 0.5, 0.8] {
        let (u1, u2) = nash_bargaining(|u| 1.0 - u, 1.0, (0.1, 0.2), alpha);
        let (c1, c2) = nash_bargaining_linear(0.1, 0.2, alpha);
        assert!(
            (u1 - c1).abs() < 1e-7 && (u2 - c2).abs() < 1e-7,
            "α = {alpha}: {u1}"
        );
    }
    // g = 1 − u1², d = 0: u1 = √(α/(2 − α)) (docs/theory.md §2a).
    for alpha in [0.1, 0.5, 0.9] {
        let (u1, u2) = nash_bargaining(|u| 1.0 - u * u, 1.0, (0.0, 0.0), alpha);
        let want = (alpha / (2.0 - alpha)).sqrt();
        assert!((u1 - want).abs() < 1e-7, "α = {alpha}: {u1} vs {want}");
        assert!((u2 - (1.0 - want * want)).abs() < 2e-7);
    }
    // Nothing better than d: returns d.
    assert_eq!(
        nash_bargaining(|u| 1.0 - u, 1.0, (0.6, 0.6), 0.5),
        (0.6, 0.6)
    );
}

#[test]
fn a_cap_moves_kalai_smorodinsky_but_not_nash() {
    // S = {u1 + u2 ≤ 1, u2 ≤ 0.8}, d = 0. The cap does not bind at the NBS (0.5, 0.5).
    let capped = |u: f64| (1.0 - u).min(0.8);
    let (n1, _) = nash_bargaining(capped, 1.0, (0.0, 0.0), 0.5);
    assert!((n1 - 0.5).abs() < 1e-7);
    // KS: I = (1, 0.8), u1 = 1/(1 + 0.8) (docs/theory.md §2b with d = 0).
    let (k1, k2) = kalai_smorodinsky(capped, 1.0, (0.0, 0.0));
    assert!((k1 - 1.0 / 1.8).abs() < 1e-12 && (k2 - 0.8 / 1.8).abs() < 1e-12);
    // Uncapped, KS and NBS coincide at ½.
    let (u1, _) = kalai_smorodinsky(|u| 1.0 - u, 1.0, (0.0, 0.0));
    assert!((u1 - 0.5).abs() < 1e-12);
    // With d ≠ 0 and the cap: u1 = d1 + (I1 − d1)(1 − d1 − d2)/((I1 − d1) + (I2 − d2)).
    let d = (0.1, 0.05);
    let (i1, i2) = (0.95, 0.8);
    let want = d.0 + (i1 - d.0) * (1.0 - d.0 - d.1) / ((i1 - d.0) + (i2 - d.1));
    let (u1, _) = kalai_smorodinsky(capped, 1.0, d);
    assert!((u1 - want).abs() < 1e-12, "{u1} vs {want}");
}

#[test]
fn fearon_and_zeuthen() {
    assert_eq!(fearon_range(0.5, 0.1, 0.2), (0.4, 0.7));
    assert_eq!(fearon_range(0.95, 0.1, 0.2), (0.85, 1.0));
    assert_eq!(fearon_range(0.05, 0.1, 0.2), (0.0, 0.25));
    // Symmetric positions: both concede.
    assert_eq!(
        zeuthen_concedes(0.7, 0.3, 0.3, 0.7, 0.0, 0.0),
        Concession::Both
    );
    // Against the Nash-product rule on a grid of linear-frontier proposals x¹, x² (P1's
    // shares), d = 0: the player whose own proposal has the lower product concedes.
    for i in 1..20 {
        for j in 1..20 {
            let (x1, x2) = (0.5 + i as f64 * 0.025, 0.5 - j as f64 * 0.025);
            let got = zeuthen_concedes(x1, x2, 1.0 - x1, 1.0 - x2, 0.0, 0.0);
            let (p1, p2) = (x1 * (1.0 - x1), x2 * (1.0 - x2));
            let want = if p1 < p2 {
                Concession::Player1
            } else if p2 < p1 {
                Concession::Player2
            } else {
                Concession::Both
            };
            if (p1 - p2).abs() > 1e-12 {
                assert_eq!(got, want, "x¹ = {x1}, x² = {x2}");
            }
        }
    }
}

// ---------------------------------------------------------------- passage (§6)

#[test]
fn inverse_gaussian_pdf_integrates_to_cdf() {
    for (a, mu, sigma) in [
        (1.0, 0.5, 1.0),
        (2.0, 0.0, 0.7),
        (1.5, -0.3, 1.2),
        (0.5, 2.0, 0.4),
    ] {
        for t in [0.3, 1.0, 4.0, 15.0] {
            let integral = simpson(|s| inverse_gaussian_pdf(s, a, mu, sigma), 0.0, t, 20_000);
            let cdf = inverse_gaussian_cdf(t, a, mu, sigma);
            assert!(
                (integral - cdf).abs() < 1e-9,
                "a={a} μ={mu} σ={sigma} t={t}: {integral} vs {cdf}"
            );
        }
    }
}

#[test]
fn inverse_gaussian_special_cases() {
    // μ = 0: F = 2(1 − Φ(a/(σ√t))).
    let f = inverse_gaussian_cdf(3.0, 1.0, 0.0, 0.8);
    assert!((f - 2.0 * (1.0 - normal_cdf(1.0 / (0.8 * 3f64.sqrt())))).abs() < 1e-15);
    // μ < 0: defective, F(∞) = exp(2μa/σ²).
    let (a, mu, sigma): (f64, f64, f64) = (1.0, -0.4, 1.0);
    let limit = (2.0 * mu * a / (sigma * sigma)).exp();
    assert_eq!(inverse_gaussian_cdf(f64::INFINITY, a, mu, sigma), limit);
    assert!((inverse_gaussian_cdf(1e6, a, mu, sigma) - limit).abs() < 1e-12);
    // Mean a/μ and variance aσ²/μ³ by integrating the density (μ > 0).
    let (a, mu, sigma): (f64, f64, f64) = (2.0, 0.5, 1.0);
    let m = simpson(
        |t| t * inverse_gaussian_pdf(t, a, mu, sigma),
        0.0,
        400.0,
        400_000,
    );
    let m2 = simpson(
        |t| t * t * inverse_gaussian_pdf(t, a, mu, sigma),
        0.0,
        400.0,
        400_000,
    );
    assert!((m - a / mu).abs() < 1e-8, "{m}");
    assert!((m2 - m * m - a * sigma * sigma / mu.powi(3)).abs() < 1e-6);
    // Huge 2μa/σ² (e^1000 overflows): stable, in [0, 1] and non-decreasing.
    let mut prev = 0.0;
    for k in 1..200 {
        let t = k as f64 * 0.002;
        let f = inverse_gaussian_cdf(t, 10.0, 50.0, 1.0);
        assert!(f.is_finite() && (prev..=1.0).contains(&f), "t = {t}: {f}");
        prev = f;
    }
    assert!((inverse_gaussian_cdf(0.4, 10.0, 50.0, 1.0) - 1.0).abs() < 1e-12);
    // Edge cases.
    assert_eq!(inverse_gaussian_cdf(0.0, 1.0, 1.0, 1.0), 0.0);
    assert_eq!(inverse_gaussian_cdf(1.0, 0.0, 1.0, 1.0), 1.0);
    assert_eq!(inverse_gaussian_cdf(2.0, 1.0, 1.0, 0.0), 1.0);
    assert_eq!(inverse_gaussian_cdf(0.5, 1.0, 1.0, 0.0), 0.0);
}

#[test]
fn bgk_beta_is_minus_zeta_half_over_root_two_pi() {
    // ζ(½) = η(½)/(1 − √2), η(s) = Σ (−1)^{n−1} n^{−s}: partial sums of the alternating
    // series, averaged repeatedly (Euler's transform) until converged.
    let mut partial = Vec::new();
    let mut s = 0.0;
    for n in 1..=60 {
        s += if n % 2 == 1 { 1.0 } else { -1.0 } / (n as f64).sqrt();
        partial.push(s);
    }
    while partial.len() > 1 {
        partial = partial.windows(2).map(|w| 0.5 * (w[0] + w[1])).collect();
    }
    let zeta = partial[0] / (1.0 - 2f64.sqrt());
    assert!((zeta + 1.4603545088095868).abs() < 1e-12, "{zeta}");
    let beta = -zeta / (2.0 * std::f64::consts::PI).sqrt();
    assert!((BGK_BETA - beta).abs() < 1e-12);
    assert!((bgk_shift(2.0, 0.25) - BGK_BETA).abs() < 1e-15);
}

/// P(τ = n) for the ±1 walk by dynamic programming over positions (absorbing barrier).
fn hitting_by_recursion(a: usize, p: f64, steps: usize) -> Vec<f64> {
    // dist[k] = P(distance k from the barrier, not yet hit); k ≤ a + steps.
    let mut dist = vec![0.0; a + steps + 2];
    dist[a] = 1.0;
    let mut hit = vec![0.0; steps + 1];
    for h in hit.iter_mut().skip(1) {
        let mut next = vec![0.0; dist.len()];
        for k in 1..dist.len() - 1 {
            if dist[k] == 0.0 {
                continue;
            }
            next[k - 1] += p * dist[k];
            next[k + 1] += (1.0 - p) * dist[k];
        }
        *h = next[0];
        next[0] = 0.0;
        dist = next;
    }
    hit
}

#[test]
fn ballot_formula_against_recursion_sum_and_mean() {
    for (a, p) in [(1u64, 0.6), (3, 0.55), (4, 0.4), (2, 0.5)] {
        let rec = hitting_by_recursion(a as usize, p, 400);
        for (n, r) in rec.iter().enumerate().skip(1) {
            let b = ballot_pmf(n as u64, a, p);
            assert!(
                (b - r).abs() < 1e-13 * (1.0 + r),
                "a={a} p={p} n={n}: {b} vs {r}"
            );
        }
    }
    // Sum to the hit probability; mean a/(2p − 1). Terms decay geometrically (rate
    // 2√(p(1 − p)) < 1 for p ≠ ½), so 5000 steps leave a remainder far below 1e-12.
    for (a, p) in [(1u64, 0.6), (3, 0.7), (2, 0.3), (5, 0.45)] {
        let (mut sum, mut mean) = (0.0, 0.0);
        for n in 0..5000u64 {
            let b = ballot_pmf(n, a, p);
            sum += b;
            mean += n as f64 * b;
        }
        assert!(
            (sum - pm1_hit_probability(a, p)).abs() < 1e-12,
            "a={a} p={p}: {sum}"
        );
        if p > 0.5 {
            assert!((mean - pm1_mean_time(a, p)).abs() < 1e-9, "{mean}");
            assert!((pm1_mean_time(a, p) - a as f64 / (2.0 * p - 1.0)).abs() < 1e-15);
        } else {
            assert_eq!(pm1_mean_time(a, p), f64::INFINITY);
        }
    }
    // Known values: P(τ = 1) = p, P(τ = 3 | a = 1) = p²(1 − p); no overflow at large n.
    assert!((ballot_pmf(1, 1, 0.3) - 0.3).abs() < 1e-15);
    assert!((ballot_pmf(3, 1, 0.3) - 0.09 * 0.7).abs() < 1e-15);
    assert_eq!(ballot_pmf(4, 1, 0.3), 0.0);
    let big = ballot_pmf(1_000_001, 1, 0.5);
    assert!(big > 0.0 && big.is_finite());
    assert_eq!(ballot_pmf(3, 1, 1.0), 0.0);
    assert_eq!(ballot_pmf(1, 1, 1.0), 1.0);
    assert!((pm1_hit_probability(3, 0.25) - 1.0 / 27.0).abs() < 1e-15);
}

// ---------------------------------------------------------------- stopping (§5)

fn problem(stay: f64, b: f64, c: f64, delta: f64, shock: LinearShock) -> ExitProblem {
    let (w0, w1) = outside_value(b, delta, &shock);
    ExitProblem {
        stay,
        w0,
        w1,
        exit_cost: c,
        delta,
        shock,
    }
}

#[test]
fn outside_value_matches_closed_forms_and_direct_sums() {
    let (b, d) = (0.3, 0.9);
    let iid = LinearShock {
        alpha: 0.5,
        beta: 0.0,
        sigma: 1.0,
    };
    let rw = LinearShock {
        alpha: 0.05,
        beta: 1.0,
        sigma: 1.0,
    };
    let (m, phi) = (0.4, 0.7);
    let ar = LinearShock {
        alpha: m * (1.0 - phi),
        beta: phi,
        sigma: 1.0,
    };
    let theta = 1.3;
    let w = |s: &LinearShock| {
        let (w0, w1) = outside_value(b, d, s);
        w0 + w1 * theta
    };
    assert!((w(&iid) - (b + theta + d * (b + 0.5) / (1.0 - d))).abs() < 1e-12);
    assert!((w(&rw) - ((b + theta) / (1.0 - d) + 0.05 * d / (1.0 - d).powi(2))).abs() < 1e-12);
    assert!((w(&ar) - ((b + m) / (1.0 - d) + (theta - m) / (1.0 - d * phi))).abs() < 1e-12);
    // Direct sum of δ^k (b + E θ_{t+k}) with E θ_{t+k+1} = α + β E θ_{t+k}.
    for s in [iid, rw, ar] {
        let (mut e, mut dk, mut total) = (theta, 1.0, 0.0);
        for _ in 0..2000 {
            total += dk * (b + e);
            e = s.alpha + s.beta * e;
            dk *= d;
        }
        assert!((total - w(&s)).abs() < 1e-9, "{s:?}");
    }
}

#[test]
fn iid_threshold_is_the_bellman_fixed_point() {
    // docs/theory.md §5 normalisation: exit pays θ − c + B, B = b/(1 − δ): w0 = B, w1 = 1.
    for (a, b, c, d, mu, sigma) in [
        (0.1, 0.0, 0.5, 0.9, 0.3, 1.0),
        (0.1, 0.0, 0.5, 0.95, 1.0, 2.0),
        (0.0, 0.0, 0.0, 0.5, 0.0, 1.0),
    ] {
        let p = ExitProblem {
            stay: a,
            w0: b / (1.0 - d),
            w1: 1.0,
            exit_cost: c,
            delta: d,
            shock: LinearShock {
                alpha: mu,
                beta: 0.0,
                sigma,
            },
        };
        let th = exit_threshold(&p);
        // Continuation value a + δV = θ* − c + B; V = E max{a + δV, θ − c + B} by Simpson
        // quadrature over θ ~ N(μ, σ²) (independent of the loss function).
        let cont = th - c + p.w0;
        let ev = simpson(
            |x| cont.max(x - c + p.w0) * normal_pdf((x - mu) / sigma) / sigma,
            mu - 12.0 * sigma,
            mu + 12.0 * sigma,
            200_000,
        );
        assert!(
            (cont - (a + d * ev)).abs() < 1e-9,
            "{cont} vs {}",
            a + d * ev
        );
        // Optimal exceeds myopic by the option value δσL(z*)/(1 − δ) (docs/theory.md §5).
        let gap = th - myopic_threshold(a, b, c, d);
        let z = (th - mu) / sigma;
        let want = d * sigma * normal_loss(z) / (1.0 - d);
        assert!(
            gap > 0.0 && (gap - want).abs() < 1e-9,
            "gap {gap} vs {want}"
        );
        // McCall exit probability.
        assert!((iid_exit_probability(th, mu, sigma) - (1.0 - normal_cdf(z))).abs() < 1e-15);
    }
}

#[test]
fn iid_closed_form_agrees_with_the_grid_solvers() {
    // The persistent machinery run with β = 0 is an independent check of the closed form.
    let p = problem(
        1.0,
        0.2,
        0.5,
        0.9,
        LinearShock {
            alpha: 0.8,
            beta: 0.0,
            sigma: 1.0,
        },
    );
    let closed = exit_threshold(&p);
    let spec = GridSpec {
        points: 641,
        ..GridSpec::default_for(&p)
    };
    let pi = solve_on_grid(&p, &spec, Solver::PolicyIteration)
        .threshold
        .unwrap();
    let vi = solve_on_grid(&p, &spec, Solver::ValueIteration)
        .threshold
        .unwrap();
    // Grid spacing h = 16σ/640 = 0.025σ; the interpolated crossing is O(h²)-accurate.
    assert!((pi - closed).abs() < 2e-3, "PI {pi} vs {closed}");
    assert!((vi - pi).abs() < 1e-7, "VI {vi} vs PI {pi}");
    let root = gap_root(&p, closed, spec.lo, 641);
    assert!((root - closed).abs() < 1e-4, "gap root {root} vs {closed}");
}

/// Root of `threshold_gap` by the secant method from `guess`, checked to be a sign
/// change (the gap is evaluated on both sides of the root).
fn gap_root(p: &ExitProblem, guess: f64, lo: f64, n: usize) -> f64 {
    let (mut x0, mut x1) = (guess, guess + 0.01);
    let (mut f0, mut f1) = (threshold_gap(p, x0, lo, n), threshold_gap(p, x1, lo, n));
    for _ in 0..50 {
        let x2 = x1 - f1 * (x1 - x0) / (f1 - f0);
        if (x2 - x1).abs() < 1e-12 * (1.0 + x2.abs()) {
            let eps = 1e-6 * (1.0 + x2.abs());
            assert!(
                threshold_gap(p, x2 - eps, lo, n) < 0.0 && threshold_gap(p, x2 + eps, lo, n) > 0.0
            );
            return x2;
        }
        (x0, f0) = (x1, f1);
        x1 = x2;
        f1 = threshold_gap(p, x1, lo, n);
    }
    panic!("secant did not converge from {guess}");
}

fn persistent_cases() -> Vec<ExitProblem> {
    vec![
        problem(
            1.0,
            0.0,
            0.5,
            0.9,
            LinearShock {
                alpha: 0.0,
                beta: 1.0,
                sigma: 0.3,
            },
        ),
        problem(
            1.0,
            0.0,
            0.5,
            0.99,
            LinearShock {
                alpha: 0.05,
                beta: 1.0,
                sigma: 0.3,
            },
        ),
        problem(
            1.0,
            0.0,
            0.5,
            0.95,
            LinearShock {
                alpha: 0.2,
                beta: 0.95,
                sigma: 0.3,
            },
        ),
        problem(
            1.0,
            0.2,
            1.0,
            0.9,
            LinearShock {
                alpha: 0.1,
                beta: 0.8,
                sigma: 0.5,
            },
        ),
    ]
}

#[test]
fn persistent_threshold_matches_fine_grids() {
    for p in persistent_cases() {
        let th = exit_threshold(&p);
        let spread = p.shock.sigma / (1.0 - p.delta * p.shock.beta.powi(2)).sqrt();
        let lo = GridSpec::default_for(&p).lo;
        // Continuation-only grids of 321 and 641 points (5 times finer than the ones
        // exit_threshold uses), Richardson-combined.
        let (r1, r2) = (gap_root(&p, th, lo, 321), gap_root(&p, th, lo, 641));
        let fine = (4.0 * r2 - r1) / 3.0;
        assert!((th - fine).abs() < 1e-3 * spread, "{p:?}: {th} vs {fine}");
        // A full grid of 801 points solved by policy iteration, and value iteration on a
        // coarser one, both agree to their (coarser) discretisation error.
        let spec = GridSpec {
            points: 801,
            ..GridSpec::default_for(&p)
        };
        let pi = solve_on_grid(&p, &spec, Solver::PolicyIteration)
            .threshold
            .unwrap();
        assert!((pi - th).abs() < 0.01 * spread, "{p:?}: PI {pi} vs {th}");
        let spec = GridSpec {
            points: 161,
            ..spec
        };
        let pi = solve_on_grid(&p, &spec, Solver::PolicyIteration)
            .threshold
            .unwrap();
        let vi = solve_on_grid(&p, &spec, Solver::ValueIteration)
            .threshold
            .unwrap();
        assert!((pi - vi).abs() < 1e-6 * spread, "PI {pi} vs VI {vi}");
        // Exit is worth at least staying forever there.
        assert!(p.w0 - p.exit_cost + p.w1 * th > p.stay / (1.0 - p.delta));
    }
}

/// The curve of thresholds against z reproduces direct solves of problems that differ
/// in every field but δ and the process, to a tenth of the solver's own accuracy
/// (10⁻³ of the horizon spread, `persistent_threshold_matches_fine_grids`), so reading
/// the curve instead of solving adds no error that matters.
#[test]
fn the_curve_matches_direct_solves() {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let shocks = [
        // The flagship's AR(1): mean 0.5, φ 0.95, sd 0.2.
        (0.99 * (1.0 - 0.001), 0.025, 0.95, 0.2),
        (0.95, 0.2, 0.8, 0.5),
        (0.9, -0.1, 0.5, 0.1),
    ];
    for (delta, alpha, beta, sigma) in shocks {
        let shock = LinearShock { alpha, beta, sigma };
        let curve = ThresholdCurve::new(delta, shock).unwrap();
        let spread = sigma / (1.0 - delta * beta * beta).sqrt();
        let mean = alpha / (1.0 - beta);
        let mut inside = 0;
        for _ in 0..60 {
            let w1 = rng.random_range(0.5..20.0);
            let w0 = rng.random_range(-50.0..50.0);
            let c = rng.random_range(0.0..30.0);
            // A stay flow whose break-even level θ_m lands from 40 spreads below the
            // mean to 2,000 above (far out on a log scale), so some cases fall outside
            // the grid and are solved directly.
            let far = 10f64.powf(rng.random_range(0.0..3.3));
            let theta_m = mean
                + if rng.random::<bool>() {
                    far
                } else {
                    -far.min(40.0)
                } * spread;
            let stay = (1.0 - delta) * (w1 * theta_m + w0 - c);
            let p = ExitProblem {
                stay,
                w0,
                w1,
                exit_cost: c,
                delta,
                shock,
            };
            let (direct, read) = (exit_threshold(&p), curve.threshold(&p));
            // The asinh grid's step grows in proportion to |θ_m − m| beyond a few
            // spreads, where exit is never near: the tolerance grows with it.
            let scale = spread * ((theta_m - mean).abs() / (10.0 * spread)).max(1.0);
            assert!(
                (direct - read).abs() < 1e-4 * scale,
                "{p:?}: direct {direct} vs curve {read}"
            );
            inside += usize::from((-29.0..1400.0).contains(&((theta_m - mean) / spread)));
        }
        assert!(inside > 30, "too few cases read from the grid: {inside}");
        // Another δ or process is solved directly, not read from this curve.
        let other = ExitProblem {
            stay: 0.1,
            w0: 1.0,
            w1: 2.0,
            exit_cost: 0.0,
            delta: delta * 0.99,
            shock,
        };
        assert_eq!(curve.threshold(&other), exit_threshold(&other));
    }
    assert!(
        ThresholdCurve::new(
            0.9,
            LinearShock {
                alpha: 0.0,
                beta: 1.0,
                sigma: 0.3
            }
        )
        .is_none()
    );
    assert!(
        ThresholdCurve::new(
            0.9,
            LinearShock {
                alpha: 0.1,
                beta: 0.0,
                sigma: 0.3
            }
        )
        .is_none()
    );
}

/// The engine solves an `optimal` leaver's curve before its runs, with the grid points
/// in parallel; each point is solved on its own, so the curve is the one solved point
/// by point, to the bit (the results must not depend on which built it).
#[test]
fn a_curve_solved_in_parallel_is_the_same_curve() {
    // The flagship's AR(1), and a less persistent one.
    for (delta, alpha, beta, sigma) in [
        (0.99 * (1.0 - 0.001), 0.025, 0.95, 0.2),
        (0.9, -0.1, 0.5, 0.1),
    ] {
        let shock = LinearShock { alpha, beta, sigma };
        let one = ThresholdCurve::new(delta, shock).unwrap();
        let many = ThresholdCurve::new_parallel(delta, shock).unwrap();
        assert_eq!(format!("{one:?}"), format!("{many:?}"));
        for k in 0..ThresholdCurve::POINTS {
            let p = ExitProblem {
                stay: 0.01 * k as f64,
                w0: 0.0,
                w1: 1.0,
                exit_cost: 0.0,
                delta,
                shock,
            };
            assert_eq!(one.threshold(&p).to_bits(), many.threshold(&p).to_bits());
        }
    }
}

/// Discounted value of "exit when θ > τ" from θ0, per path, with common random numbers.
fn simulate(p: &ExitProblem, theta0: f64, taus: &[f64], paths: usize) -> Vec<Vec<f64>> {
    let horizon = (1e-9f64.ln() / p.delta.ln()).ceil() as usize;
    let mut out = vec![Vec::with_capacity(paths); taus.len()];
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut zs = vec![0.0; horizon];
    for _ in 0..paths {
        for z in zs.iter_mut() {
            *z = rng.sample::<f64, _>(StandardNormal);
        }
        for (k, &tau) in taus.iter().enumerate() {
            let (mut th, mut dk, mut v) = (theta0, 1.0, 0.0);
            for z in &zs {
                if th > tau {
                    v += dk * (p.w0 - p.exit_cost + p.w1 * th);
                    break;
                }
                v += dk * p.stay;
                dk *= p.delta;
                th = p.shock.alpha + p.shock.beta * th + p.shock.sigma * z;
            }
            out[k].push(v);
        }
    }
    out
}

fn mean_se(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|y| (y - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, (v / n).sqrt())
}

#[test]
fn persistent_threshold_is_a_local_maximum_of_the_simulated_value() {
    for p in [persistent_cases()[0], persistent_cases()[3]] {
        let th = exit_threshold(&p);
        let s = p.shock.sigma / (1.0 - p.delta * p.shock.beta.powi(2)).sqrt();
        let taus = [th, th - 0.3 * s, th + 0.3 * s, th - 2.0 * s, th + 2.0 * s];
        let v = simulate(&p, th - s, &taus, 20_000);
        for k in 1..taus.len() {
            let diff: Vec<f64> = v[0].iter().zip(&v[k]).map(|(a, b)| a - b).collect();
            let (m, se) = mean_se(&diff);
            // θ* beats its neighbours, up to 4 standard errors of the paired difference.
            assert!(
                m > -4.0 * se,
                "{p:?}: τ = {} beats θ* by {m} (se {se})",
                taus[k]
            );
            // Power: thresholds 2 spreads away are detectably worse (> 4 se).
            if k >= 3 {
                assert!(
                    m > 4.0 * se,
                    "{p:?}: τ = {} not detectably worse: {m} (se {se})",
                    taus[k]
                );
            }
        }
    }
}

#[test]
fn stopping_edge_cases() {
    let base = problem(
        1.0,
        0.0,
        0.5,
        0.9,
        LinearShock {
            alpha: 0.0,
            beta: 1.0,
            sigma: 0.3,
        },
    );
    assert!(exit_threshold(&ExitProblem { delta: 1.0, ..base }).is_nan());
    assert!(exit_threshold(&ExitProblem { w1: -1.0, ..base }).is_nan());
    assert!(
        exit_threshold(&ExitProblem {
            stay: f64::NAN,
            ..base
        })
        .is_nan()
    );
    // θ-independent exit value: always or never.
    assert_eq!(
        exit_threshold(&ExitProblem {
            w1: 0.0,
            w0: 100.0,
            ..base
        }),
        f64::NEG_INFINITY
    );
    assert_eq!(
        exit_threshold(&ExitProblem {
            w1: 0.0,
            w0: 1.0,
            ..base
        }),
        f64::INFINITY
    );
    // σ = 0, random walk with drift: the deterministic rule, checked by brute force over
    // exit dates on a grid of starting points.
    let p = problem(
        1.0,
        0.0,
        0.5,
        0.9,
        LinearShock {
            alpha: 0.1,
            beta: 1.0,
            sigma: 0.0,
        },
    );
    let th = exit_threshold(&p);
    assert!(th.is_finite());
    let best_wait = |theta: f64| {
        (1..500)
            .map(|k| {
                let flow = (1.0 - p.delta.powi(k)) / (1.0 - p.delta) * p.stay;
                flow + p.delta.powi(k) * (p.w0 - p.exit_cost + p.w1 * (theta + 0.1 * k as f64))
            })
            .fold(p.stay / (1.0 - p.delta), f64::max)
    };
    let now = |theta: f64| p.w0 - p.exit_cost + p.w1 * theta;
    assert!(now(th + 1e-6) > best_wait(th + 1e-6) && now(th - 1e-6) < best_wait(th - 1e-6));
    // σ = 0 iid: the closed form's degenerate branch.
    let p = problem(
        1.0,
        0.0,
        0.5,
        0.9,
        LinearShock {
            alpha: 0.3,
            beta: 0.0,
            sigma: 0.0,
        },
    );
    assert!(exit_threshold(&p).is_finite());
    assert_eq!(iid_exit_probability(1.0, 2.0, 0.0), 1.0);
    assert_eq!(iid_exit_probability(3.0, 2.0, 0.0), 0.0);
}
