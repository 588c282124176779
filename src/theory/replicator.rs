//! Replicator dynamics (docs/theory.md §7c): the 2×2 interior rest point and its stability,
//! the continuous-time field with an RK4 integrator, and the discrete-time map used by
//! `detente evolve`. Pure functions of numbers.

/// Interior rest point `x* = (d − b)/(a − b − c + d)` of `ẋ = x(1 − x)[(a − c)x + (b − d)(1 − x)]`
/// when it lies strictly inside (0, 1); `None` otherwise (including a zero denominator).
pub fn rest_point_2x2(a: f64, b: f64, c: f64, d: f64) -> Option<f64> {
    let den = a - b - c + d;
    if den == 0.0 {
        return None;
    }
    let x = (d - b) / den;
    (x > 0.0 && x < 1.0).then_some(x)
}

/// Stability of the interior rest point of a 2×2 game.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Stability {
    /// `a < c` and `d < b` (anti-coordination, e.g. hawk–dove): nearby shares return.
    Stable,
    /// `a > c` and `d > b` (coordination, e.g. stag hunt): nearby shares move away.
    Unstable,
}

/// The interior rest point with its stability, `None` if there is none (docs/theory.md §7c).
pub fn rest_point_stability(a: f64, b: f64, c: f64, d: f64) -> Option<(f64, Stability)> {
    let x = rest_point_2x2(a, b, c, d)?;
    if a < c && d < b {
        Some((x, Stability::Stable))
    } else {
        Some((x, Stability::Unstable))
    }
}

/// Continuous-time replicator field `ẋ_i = x_i((Ax)_i − xᵀAx)` for an n×n matrix.
pub fn field(a: &[Vec<f64>], x: &[f64]) -> Vec<f64> {
    let f: Vec<f64> = a
        .iter()
        .map(|row| row.iter().zip(x).map(|(p, q)| p * q).sum())
        .collect();
    let mean: f64 = f.iter().zip(x).map(|(p, q)| p * q).sum();
    x.iter().zip(&f).map(|(xi, fi)| xi * (fi - mean)).collect()
}

/// Integrate the continuous-time replicator equation with classical RK4, `steps` steps
/// of size `dt` from `x0`. Returns the shares at every step (`steps + 1` points).
pub fn integrate_rk4(a: &[Vec<f64>], x0: &[f64], dt: f64, steps: usize) -> Vec<Vec<f64>> {
    let add = |x: &[f64], k: &[f64], h: f64| -> Vec<f64> {
        x.iter().zip(k).map(|(p, q)| p + h * q).collect()
    };
    let mut out = vec![x0.to_vec()];
    let mut x = x0.to_vec();
    for _ in 0..steps {
        let k1 = field(a, &x);
        let k2 = field(a, &add(&x, &k1, dt / 2.0));
        let k3 = field(a, &add(&x, &k2, dt / 2.0));
        let k4 = field(a, &add(&x, &k3, dt));
        for i in 0..x.len() {
            x[i] += dt / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
        }
        out.push(x.clone());
    }
    out
}

/// One generation of the discrete-time replicator map `x_i' = x_i f_i / f̄` with
/// `f = A'x` and `f̄ = xᵀA'x`, where `A' = A − min(A) + 1`: payoffs are shifted so the
/// smallest is 1, which keeps every fitness positive. (A constant shift leaves the
/// rest points and their stability in place but slows the discrete map; the shift to
/// 1, not 0, keeps a strategy with the worst payoff alive for one more step.)
pub fn replicator_step(a: &[Vec<f64>], x: &[f64]) -> Vec<f64> {
    let min = a.iter().flatten().copied().fold(f64::INFINITY, f64::min);
    let shift = 1.0 - min;
    let f: Vec<f64> = a
        .iter()
        .map(|row| row.iter().zip(x).map(|(p, q)| (p + shift) * q).sum())
        .collect();
    let mean: f64 = f.iter().zip(x).map(|(p, q)| p * q).sum();
    x.iter().zip(&f).map(|(xi, fi)| xi * fi / mean).collect()
}

/// Shares over `generations` steps of [`replicator_step`] from `x0` (`generations + 1`
/// points, the start included).
pub fn replicator_path(a: &[Vec<f64>], x0: &[f64], generations: usize) -> Vec<Vec<f64>> {
    let mut out = vec![x0.to_vec()];
    let mut x = x0.to_vec();
    for _ in 0..generations {
        x = replicator_step(a, &x);
        out.push(x.clone());
    }
    out
}

/// Closed form of the donation game's replicator trajectory (cooperators' share):
/// `x(t) = x0/(x0 + (1 − x0)e^{ct})` (docs/theory.md §7c).
pub fn donation_share(x0: f64, c: f64, t: f64) -> f64 {
    x0 / (x0 + (1.0 - x0) * (c * t).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hawk_dove_rest_point_is_v_over_c_and_stable() {
        // Hawk–dove, V = 2, C = 5: [[ (V−C)/2, V ], [0, V/2 ]]. x* = V/C = 0.4.
        let (v, c) = (2.0, 5.0);
        let (x, st) = rest_point_stability((v - c) / 2.0, v, 0.0, v / 2.0).unwrap();
        assert!((x - 0.4).abs() < 1e-15);
        assert_eq!(st, Stability::Stable);
    }

    #[test]
    fn stag_hunt_rest_point_is_unstable() {
        let (x, st) = rest_point_stability(4.0, 0.0, 3.0, 3.0).unwrap();
        assert!((x - 0.75).abs() < 1e-15);
        assert_eq!(st, Stability::Unstable);
        // PD: defection dominates, no interior rest point.
        assert_eq!(rest_point_2x2(3.0, 0.0, 5.0, 1.0), None);
    }

    #[test]
    fn rk4_matches_donation_closed_form() {
        // Donation game b = 3, c = 1: C earns b−c vs C, −c vs D; D earns b vs C, 0 vs D.
        let a = vec![vec![2.0, -1.0], vec![3.0, 0.0]];
        let path = integrate_rk4(&a, &[0.9, 0.1], 0.01, 500);
        for (k, x) in path.iter().enumerate().step_by(50) {
            let t = k as f64 * 0.01;
            // RK4 global error O(dt^4) ~ 1e-8 here; 1e-9 observed, 1e-7 leaves margin.
            assert!((x[0] - donation_share(0.9, 1.0, t)).abs() < 1e-7, "t={t}");
            assert!((x[0] + x[1] - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn discrete_map_approaches_hawk_dove_point() {
        let a = vec![vec![-1.5, 2.0], vec![0.0, 1.0]];
        let path = replicator_path(&a, &[0.9, 0.1], 2000);
        let last = path.last().unwrap();
        assert!((last[0] - 0.4).abs() < 1e-9);
        // Shares stay on the simplex.
        assert!((last[0] + last[1] - 1.0).abs() < 1e-12);
    }
}
