//! Treaty stay/exit as optimal stopping (docs/theory.md §5): the
//! outside value W(θ) for iid, random-walk and AR(1) temptation, the optimal exit
//! threshold θ* (closed form for iid shocks, policy iteration on a grid for persistent
//! ones), and McCall's per-period exit probability. The engine's `optimal` exit rule
//! reads its thresholds from a [`ThresholdCurve`] built once per actor, the first time
//! a run needs one.

use super::normal::{normal_cdf, normal_loss, normal_pdf};
use serde::{Deserialize, Serialize};

/// Temptation θ evolves as θ' = alpha + beta·θ + sigma·Z, Z ~ N(0, 1) (iid: beta = 0,
/// alpha = μ; random walk: beta = 1, alpha = drift; AR(1) with mean m and coefficient
/// φ: alpha = m(1 − φ), beta = φ).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LinearShock {
    /// Intercept α.
    pub alpha: f64,
    /// Persistence β (0 = iid, 1 = random walk).
    pub beta: f64,
    /// Volatility σ ≥ 0 of one step.
    pub sigma: f64,
}

/// Optimal exit from a treaty in force: staying pays `stay` per round and continues;
/// exiting now pays W(θ) − exit_cost with W(θ) = w0 + w1·θ (the value of being outside
/// from today's temptation); discount δ.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExitProblem {
    /// Flow payoff per round while staying (v_i).
    pub stay: f64,
    /// Intercept of the outside value W(θ).
    pub w0: f64,
    /// Slope of the outside value W(θ) (> 0).
    pub w1: f64,
    /// One-time cost of exiting (c_i).
    pub exit_cost: f64,
    /// Discount factor δ ∈ [0, 1).
    pub delta: f64,
    /// The temptation process.
    pub shock: LinearShock,
}

/// The outside value W(θ) = E Σ_k δ^k (b + θ_{t+k} | θ_t = θ) as (w0, w1) with
/// W = w0 + w1·θ (docs/theory.md §5). For θ' = α + βθ + σZ:
/// w1 = 1/(1 − δβ), w0 = b/(1 − δ) + αδ/((1 − δ)(1 − δβ)), which specialises to
/// iid (β = 0, α = μ): w0 = b + δ(b + μ)/(1 − δ), w1 = 1 (computed in this form);
/// random walk (β = 1, drift α): W = (b + θ)/(1 − δ) + αδ/(1 − δ)²;
/// AR(1) (α = m(1 − φ), β = φ): W = (b + m)/(1 − δ) + (θ − m)/(1 − δφ).
///
/// Requires δ ∈ [0, 1) and δβ < 1; otherwise the series diverges and the result is
/// infinite or NaN (no panic).
pub fn outside_value(b: f64, delta: f64, shock: &LinearShock) -> (f64, f64) {
    let LinearShock { alpha, beta, .. } = *shock;
    if beta == 0.0 {
        return (b + delta * (b + alpha) / (1.0 - delta), 1.0);
    }
    let w1 = 1.0 / (1.0 - delta * beta);
    let w0 = b / (1.0 - delta) + alpha * delta / ((1.0 - delta) * (1.0 - delta * beta));
    (w0, w1)
}

/// The threshold θ*: exit iff θ > θ* (indifference ⇒ stay, as in docs/theory.md §5).
///
/// * iid (`beta == 0`): docs/theory.md §5 with a = stay, B = w0 (generalised to any slope
///   w1 > 0): C = stay + δ·E max{C, W(θ') − c} solved by bisection on the increasing
///   (1 − δ)C − stay − δ·s·L((C − m)/s), m = w0 − c + w1μ, s = w1σ (σ = 0: the excess
///   is max(0, m − C)); then θ* = (C − w0 + c)/w1. For w1 = 1 this is
///   θ* = (a + δσL(z))/(1 − δ) + c − B, z = (θ* − μ)/σ.
/// * persistent, σ > 0: value function on a grid. First [`solve_on_grid`] by policy
///   iteration on the [`GridSpec::default_for`] range with 81 points locates θ* (the
///   grid is shifted and re-solved, up to 8 times, if the crossing is near an edge or
///   absent). Then θ* is polished as the root of [`threshold_gap`] — the policy
///   "exit iff θ > τ" evaluated on a grid covering only the continuation region
///   [lo, τ], so the kink of V at θ* is a grid edge — with 61 and 121 points (secant
///   method), and the two roots are Richardson-combined (the error is O(h²)). Checked
///   against 321/641-point grids to < 10⁻³ of the horizon spread s = σ/√(1 − δβ²).
///   Typically 1–3 ms.
/// * persistent, σ = 0: the deterministic path; exit iff exiting now beats staying
///   forever and beats every later exit (bisection on θ; the look-ahead stops once
///   δ^k < 10⁻¹⁶, at most 10⁶ rounds).
///
/// Returns +∞ if exit is never optimal, −∞ if always (only possible when w1 = 0).
/// Returns NaN for invalid problems: any non-finite field, δ ∉ [0, 1), β ∉ [0, 1],
/// w1 < 0. A negative σ is used as |σ|.
pub fn exit_threshold(p: &ExitProblem) -> f64 {
    let p = ExitProblem {
        shock: LinearShock {
            sigma: p.shock.sigma.abs(),
            ..p.shock
        },
        ..*p
    };
    let fields = [
        p.stay,
        p.w0,
        p.w1,
        p.exit_cost,
        p.delta,
        p.shock.alpha,
        p.shock.beta,
        p.shock.sigma,
    ];
    if fields.iter().any(|x| !x.is_finite())
        || !(0.0..1.0).contains(&p.delta)
        || !(0.0..=1.0).contains(&p.shock.beta)
        || p.w1 < 0.0
    {
        return f64::NAN;
    }
    if p.w1 == 0.0 {
        // The exit value does not depend on θ: compare it with staying forever.
        let exit = p.w0 - p.exit_cost;
        return if exit > p.stay / (1.0 - p.delta) {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    if p.shock.beta == 0.0 {
        return iid_threshold(&p);
    }
    if p.shock.sigma == 0.0 {
        return deterministic_threshold(&p);
    }
    persistent_threshold(&p)
}

/// Persistent shocks with σ > 0 (see [`exit_threshold`]).
fn persistent_threshold(p: &ExitProblem) -> f64 {
    let mut spec = GridSpec {
        points: 81,
        ..GridSpec::default_for(p)
    };
    for _ in 0..8 {
        let sol = solve_on_grid(p, &spec, Solver::PolicyIteration);
        let span = spec.hi - spec.lo;
        match sol.threshold {
            // Crossing too close to the top: the "exit above the grid" boundary
            // condition may bias it; move the grid up.
            Some(t) if t > spec.hi - 0.2 * span => {
                spec.lo += 0.5 * span;
                spec.hi += 0.5 * span;
            }
            // Exit optimal near the very bottom of the grid: move it down.
            Some(t) if t < spec.lo + 0.1 * span => {
                spec.lo -= 0.5 * span;
                spec.hi -= 0.5 * span;
            }
            Some(t) => {
                // Polish on continuation-only grids of 81 and 161 points; the error
                // is O(h²), so Richardson extrapolation removes its leading term.
                let coarse = refine_threshold(p, t, None, spec.lo, GAP_POINTS);
                let fine = coarse.and_then(|(c, slope)| {
                    refine_threshold(p, c, Some(slope), spec.lo, 2 * GAP_POINTS - 1)
                });
                return match (coarse, fine) {
                    (Some((c, _)), Some((f, _))) => (4.0 * f - c) / 3.0,
                    (Some((c, _)), None) => c,
                    _ => t,
                };
            }
            None => {
                let shift = if sol.exit_everywhere { -span } else { span };
                spec.lo += shift;
                spec.hi += shift;
            }
        }
    }
    // No crossing found after moving the grid 8 times: staying dominates as far as the
    // grids reached.
    f64::INFINITY
}

/// θ* for every problem that shares a discount and a persistent temptation process,
/// read from one curve.
///
/// Subtracting the constant w0 − c from the value and dividing by w1 turns
/// V(θ) = max{w0 − c + w1θ, stay + δE V(θ′)} into V(θ) = max{θ, z + δE V(θ′)} with
/// z = (stay − (1 − δ)(w0 − c))/w1: the threshold depends on the problem only through
/// z, or through θ_m = z/(1 − δ), the level at which exiting matches staying forever
/// (a lower bound of θ*). The engine's exit problems for one actor differ per run and
/// per treaty (terms, exit cost, notice, the cost of war) but share δ and the process,
/// so [`exit_threshold`] is solved once per grid point and read between them by cubic
/// (Catmull–Rom) interpolation. The grid is uniform in t = asinh((θ_m − m)/(2s)), m
/// the stationary mean and s the horizon spread: dense near the mean, where θ* matters
/// most, and reaching θ_m from m − 60s to m + 3000s, where staying is worth so much
/// that exit is never near. Outside it, or for a problem with another δ or process,
/// the curve solves directly.
#[derive(Clone, Debug, PartialEq)]
pub struct ThresholdCurve {
    delta: f64,
    shock: LinearShock,
    /// Stationary mean and horizon spread.
    mean: f64,
    spread: f64,
    /// t of the first grid point and the grid step.
    t0: f64,
    step: f64,
    /// θ* at t0 + k·step.
    theta: Vec<f64>,
}

impl ThresholdCurve {
    /// Grid points of the curve: the interpolation error is below 10⁻⁴ of the horizon
    /// spread (the test `the_curve_matches_direct_solves`), a tenth of the solver's
    /// own 10⁻³.
    pub const POINTS: usize = 161;

    /// The curve for discount `delta` and process `shock`; None unless the process
    /// is persistent and stationary with σ > 0 (0 < β < 1), where the direct solve is
    /// slow (iid and deterministic thresholds are closed forms or cheap).
    pub fn new(delta: f64, shock: LinearShock) -> Option<Self> {
        Self::build(delta, shock, false)
    }

    /// [`ThresholdCurve::new`] with the grid points solved in parallel (the same curve:
    /// each point is solved on its own). Only for callers outside the engine's runs,
    /// see [`ThresholdCurve::prepare`].
    pub fn new_parallel(delta: f64, shock: LinearShock) -> Option<Self> {
        Self::build(delta, shock, true)
    }

    fn build(delta: f64, shock: LinearShock, parallel: bool) -> Option<Self> {
        let LinearShock { alpha, beta, sigma } = shock;
        let sigma = sigma.abs();
        let ok = [delta, alpha, beta, sigma].iter().all(|x| x.is_finite())
            && (0.0..1.0).contains(&delta)
            && beta > 0.0
            && beta < 1.0
            && sigma > 0.0;
        if !ok {
            return None;
        }
        let spread = sigma / (1.0 - delta * beta * beta).sqrt();
        let mean = alpha / (1.0 - beta);
        let (t0, t1) = ((-30.0f64).asinh(), 1500.0f64.asinh());
        let step = (t1 - t0) / (Self::POINTS - 1) as f64;
        let solve = |k: usize| {
            let theta_m = mean + 2.0 * spread * (t0 + k as f64 * step).sinh();
            exit_threshold(&ExitProblem {
                stay: (1.0 - delta) * theta_m,
                w0: 0.0,
                w1: 1.0,
                exit_cost: 0.0,
                delta,
                shock,
            })
        };
        // Sequential unless asked: the engine may build the curve lazily from inside
        // its parallel runs, and a parallel build there could steal a run that waits
        // for this very curve.
        let theta: Vec<f64> = if parallel {
            use rayon::prelude::*;
            (0..Self::POINTS).into_par_iter().map(solve).collect()
        } else {
            (0..Self::POINTS).map(solve).collect()
        };
        Some(ThresholdCurve {
            delta,
            shock,
            mean,
            spread,
            t0,
            step,
            theta,
        })
    }

    /// [`ThresholdCurve::new`], built once per process for each δ and process (the
    /// curve depends on nothing else) and shared: `sweep`, `compare`, `find` and
    /// `sensitivity` compile one model per variant, and most variants leave an
    /// actor's discount and temptation as they are, so they reuse its curve instead
    /// of solving 161 stopping problems again. The same inputs give the same curve,
    /// so results do not depend on which model built it first.
    pub fn shared(delta: f64, shock: LinearShock) -> Option<std::sync::Arc<ThresholdCurve>> {
        Self::shared_with(delta, shock, false)
    }

    /// [`ThresholdCurve::shared`], solving a curve not built yet with its grid points in
    /// parallel: for the engine to call before its runs start (a simulation of an
    /// actor with the `optimal` rule otherwise waits while one thread solves the 161
    /// points, about a third of a second for the flagship's Russia). It holds no lock
    /// while it solves, so a run it steals meanwhile at worst solves the same curve
    /// itself; the curve is the same either way.
    pub fn prepare(delta: f64, shock: LinearShock) -> Option<std::sync::Arc<ThresholdCurve>> {
        Self::shared_with(delta, shock, true)
    }

    fn shared_with(
        delta: f64,
        shock: LinearShock,
        parallel: bool,
    ) -> Option<std::sync::Arc<ThresholdCurve>> {
        use std::sync::{Arc, Mutex};
        type Key = [u64; 4];
        // Bounded, so a long sweep over discounts cannot grow it without end.
        const KEEP: usize = 256;
        static CURVES: Mutex<Vec<(Key, Arc<ThresholdCurve>)>> = Mutex::new(Vec::new());
        let key = [delta, shock.alpha, shock.beta, shock.sigma].map(f64::to_bits);
        let found = |curves: &Vec<(Key, Arc<ThresholdCurve>)>| {
            curves
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, c)| c.clone())
        };
        if let Some(c) = found(&CURVES.lock().unwrap_or_else(|e| e.into_inner())) {
            return Some(c);
        }
        // Built outside the lock: another thread may build the same curve meanwhile,
        // and both are identical.
        let curve = Arc::new(ThresholdCurve::build(delta, shock, parallel)?);
        let mut curves = CURVES.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = found(&curves) {
            return Some(c);
        }
        if curves.len() < KEEP {
            curves.push((key, curve.clone()));
        }
        Some(curve)
    }

    /// θ* of `p`: from the curve when `p` has the curve's δ and process and its θ_m lies
    /// inside the grid (with a neighbour on each side), else [`exit_threshold`].
    pub fn threshold(&self, p: &ExitProblem) -> f64 {
        if p.delta != self.delta || p.shock != self.shock || p.w1.is_nan() || p.w1 <= 0.0 {
            return exit_threshold(p);
        }
        let theta_m = (p.stay / (1.0 - p.delta) - p.w0 + p.exit_cost) / p.w1;
        let t = ((theta_m - self.mean) / (2.0 * self.spread)).asinh();
        let x = (t - self.t0) / self.step;
        let n = self.theta.len();
        if x.is_nan() || x < 1.0 || x >= (n - 2) as f64 {
            return exit_threshold(p);
        }
        let k = x as usize;
        let f = x - k as f64;
        let [a, b, c, d] = [
            self.theta[k - 1],
            self.theta[k],
            self.theta[k + 1],
            self.theta[k + 2],
        ];
        if ![a, b, c, d].iter().all(|v| v.is_finite()) {
            return exit_threshold(p);
        }
        // Catmull–Rom: the cubic through b and c with slopes (c − a)/2 and (d − b)/2.
        b + 0.5 * f * (c - a + f * (2.0 * a - 5.0 * b + 4.0 * c - d + f * (3.0 * (b - c) + d - a)))
    }
}

/// Points of the coarser continuation-only grid used to polish the threshold.
const GAP_POINTS: usize = 61;

/// The value of staying in the iid problem, C = stay + δ E max{C, W(θ') − c}.
fn iid_continuation(p: &ExitProblem) -> f64 {
    let d = p.delta;
    let m = p.w0 - p.exit_cost + p.w1 * p.shock.alpha;
    let s = p.w1 * p.shock.sigma;
    let excess = |c: f64| {
        if s > 0.0 {
            s * normal_loss((c - m) / s)
        } else {
            (m - c).max(0.0)
        }
    };
    let f = |c: f64| (1.0 - d) * c - p.stay - d * excess(c);
    let mut lo = p.stay / (1.0 - d);
    let mut hi = (p.stay + d * excess(lo)) / (1.0 - d);
    if f(hi) <= 0.0 {
        return hi;
    }
    for _ in 0..300 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) < 0.0 { lo = mid } else { hi = mid }
    }
    0.5 * (lo + hi)
}

fn iid_threshold(p: &ExitProblem) -> f64 {
    (iid_continuation(p) - p.w0 + p.exit_cost) / p.w1
}

/// σ = 0, β > 0: θ_{k} follows the deterministic path θ_{k+1} = α + βθ_k.
fn deterministic_threshold(p: &ExitProblem) -> f64 {
    let d = p.delta;
    let horizon = if d == 0.0 {
        1
    } else {
        ((1e-16f64.ln() / d.ln()).ceil() as usize).clamp(1, 1_000_000)
    };
    let exit_now = |th: f64| p.w0 - p.exit_cost + p.w1 * th;
    // g(θ) = exit now − best of (stay forever, stay k rounds then exit); increasing.
    let g = |th: f64| {
        let mut best = p.stay / (1.0 - d);
        let (mut x, mut dk, mut flow) = (th, 1.0, 0.0);
        for _ in 0..horizon {
            flow += dk * p.stay;
            dk *= d;
            x = p.shock.alpha + p.shock.beta * x;
            best = best.max(flow + dk * exit_now(x));
        }
        exit_now(th) - best
    };
    let mut lo = (p.stay / (1.0 - d) - p.w0 + p.exit_cost) / p.w1; // g(lo) ≤ 0
    let mut step = 1.0 + lo.abs() + p.shock.alpha.abs();
    let mut hi = lo + step;
    let mut found = false;
    for _ in 0..1100 {
        if g(hi) > 0.0 {
            found = true;
            break;
        }
        lo = hi;
        step *= 2.0;
        hi = lo + step;
        if !hi.is_finite() {
            break;
        }
    }
    if !found {
        return f64::INFINITY;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi || hi - lo <= 1e-13 * (1.0 + mid.abs()) {
            break;
        }
        if g(mid) > 0.0 { hi = mid } else { lo = mid }
    }
    0.5 * (lo + hi)
}

/// The continuation value at τ of the policy "exit iff θ > τ", computed on a grid
/// [lo, τ] of `n` points that covers only the continuation region (where V is smooth),
/// with the exit value above τ integrated exactly; returns exit(τ) − that value, which
/// vanishes at the optimal threshold.
pub fn threshold_gap(p: &ExitProblem, tau: f64, lo: f64, n: usize) -> f64 {
    let n = n.max(3);
    let h = (tau - lo) / (n - 1) as f64;
    if h.is_nan() || h <= 0.0 {
        return f64::NAN;
    }
    let theta: Vec<f64> = (0..n).map(|i| lo + i as f64 * h).collect();
    let (w, top) = transition(p, &theta, h);
    let d = p.delta;
    let mut a = vec![0.0; n * n];
    let mut rhs = vec![0.0; n];
    for i in 0..n {
        rhs[i] = p.stay + d * top[i];
        for j in 0..n {
            a[i * n + j] = -d * w[i * n + j];
        }
        a[i * n + i] += 1.0;
    }
    let v = solve_diag_dominant(&mut a, &mut rhs, n);
    p.w0 - p.exit_cost + p.w1 * tau - v[n - 1]
}

/// Polish a grid threshold with the secant method on [`threshold_gap`] (the kink of V
/// at θ* is then a grid edge, not interpolated across). None if the iteration does
/// not settle or wanders more than two horizon spreads from `tau0`.
fn refine_threshold(
    p: &ExitProblem,
    tau0: f64,
    slope0: Option<f64>,
    lo: f64,
    points: usize,
) -> Option<(f64, f64)> {
    let spread = p.shock.sigma / (1.0 - p.delta * p.shock.beta * p.shock.beta).sqrt();
    let f_start = threshold_gap(p, tau0, lo, points);
    // Second point: a Newton step with a known slope, else a small offset.
    let x_second = match slope0 {
        Some(s) if s.is_finite() && s != 0.0 && f_start.is_finite() => tau0 - f_start / s,
        _ => tau0 + 0.01 * spread,
    };
    let (mut x0, mut x1) = (tau0, x_second);
    let (mut f0, mut f1) = (f_start, threshold_gap(p, x1, lo, points));
    for _ in 0..30 {
        if !(f0.is_finite() && f1.is_finite()) {
            return None;
        }
        if f1 == f0 {
            return (f1 == 0.0).then_some((x1, slope0.unwrap_or(f64::NAN)));
        }
        let slope = (f1 - f0) / (x1 - x0);
        let x2 = x1 - f1 / slope;
        if !x2.is_finite() || (x2 - tau0).abs() > 2.0 * spread {
            return None;
        }
        if (x2 - x1).abs() <= 1e-10 * (spread + x2.abs()) {
            return Some((x2, slope));
        }
        (x0, f0) = (x1, f1);
        x1 = x2;
        f1 = threshold_gap(p, x1, lo, points);
    }
    None
}

/// McCall per-period exit probability for iid shocks (docs/theory.md §5):
/// q = 1 − Φ((θ* − μ)/σ). σ = 0: 1 if μ > θ*, else 0. θ* = ±∞ give 0 and 1.
pub fn iid_exit_probability(theta_star: f64, mu: f64, sigma: f64) -> f64 {
    let sigma = sigma.abs();
    if sigma == 0.0 {
        return if mu > theta_star { 1.0 } else { 0.0 };
    }
    normal_cdf(-(theta_star - mu) / sigma)
}

/// The myopic threshold of docs/theory.md §5 (exit is a one-time payoff θ − c + B with
/// B = b/(1 − δ)): θ_myopic = (a − b)/(1 − δ) + c. It ignores the option to wait:
/// the optimal threshold exceeds it by δσL(z*)/(1 − δ). (The engine's `myopic` rule
/// uses its own definition; see docs/theory.md §5.)
pub fn myopic_threshold(stay: f64, b: f64, exit_cost: f64, delta: f64) -> f64 {
    (stay - b) / (1.0 - delta) + exit_cost
}

/// A uniform grid of temptation values for the persistent problem.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GridSpec {
    /// Lowest grid θ.
    pub lo: f64,
    /// Highest grid θ.
    pub hi: f64,
    /// Number of grid points (at least 3).
    pub points: usize,
}

impl GridSpec {
    /// The default grid: with s = σ/√(1 − δβ²) (the spread of temptation over the
    /// discount horizon; σ for iid, σ/√(1 − δ) for a random walk) and θ_m the level at
    /// which exiting just matches staying forever (W(θ_m) − c = stay/(1 − δ), a lower
    /// bound of θ*), it spans [θ_m − 6s, max(θ_m, m) + 10s] with m the stationary mean
    /// α/(1 − β) when β < 1 (θ_m otherwise), in 161 points.
    pub fn default_for(p: &ExitProblem) -> Self {
        let LinearShock { alpha, beta, sigma } = p.shock;
        let s = sigma / (1.0 - p.delta * beta * beta).sqrt();
        let theta_m = (p.stay / (1.0 - p.delta) - p.w0 + p.exit_cost) / p.w1;
        let mean = if beta < 1.0 {
            alpha / (1.0 - beta)
        } else {
            theta_m
        };
        GridSpec {
            lo: theta_m - 6.0 * s,
            hi: theta_m.max(mean) + 10.0 * s,
            points: 161,
        }
    }
}

/// How [`solve_on_grid`] solves the discretised Bellman equation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Solver {
    /// Howard policy iteration: exact for the discretised problem in finitely many
    /// steps (each a dense linear solve on the continuation region).
    PolicyIteration,
    /// Value iteration until the sup-norm change is below 10⁻¹⁰·scale, with
    /// scale = 1 + max |V|.
    ValueIteration,
}

/// The solution of the discretised problem.
#[derive(Clone, Debug, PartialEq)]
pub struct GridSolution {
    /// Grid θ values.
    pub theta: Vec<f64>,
    /// V(θ) at the grid points.
    pub value: Vec<f64>,
    /// Exit value minus continuation value at the grid points (> 0 ⇔ exit).
    pub advantage: Vec<f64>,
    /// θ* from linear interpolation of `advantage` at its last sign change from ≤ 0 to
    /// > 0; None if there is none.
    pub threshold: Option<f64>,
    /// True when exit is optimal at every grid point.
    pub exit_everywhere: bool,
}

/// Discretised V(θ) = max{stay + δE[V(θ') | θ], W(θ) − c} on a uniform grid.
///
/// V between grid points is the linear interpolant; below the grid it is flat (V(lo):
/// V is nearly constant far below the threshold, where only the remote chance of
/// exiting matters), above it the exit value (exit is optimal far above θ*). The
/// expectation of that interpolant under θ' ~ N(α + βθ, σ²) is computed exactly with
/// normal partial moments (no quadrature error: this replaces Gauss–Hermite
/// quadrature and keeps every transition weight non-negative), so the discretised
/// problem is a finite Markov decision problem that policy iteration solves exactly.
/// Requires σ > 0 (σ = 0 gives point-mass weights by interpolation).
pub fn solve_on_grid(p: &ExitProblem, spec: &GridSpec, solver: Solver) -> GridSolution {
    let n = spec.points.max(3);
    let h = (spec.hi - spec.lo) / (n - 1) as f64;
    let theta: Vec<f64> = (0..n).map(|i| spec.lo + i as f64 * h).collect();
    let exit: Vec<f64> = theta
        .iter()
        .map(|&t| p.w0 - p.exit_cost + p.w1 * t)
        .collect();
    let (weights, top) = transition(p, &theta, h);
    let d = p.delta;
    let cont = |v: &[f64], i: usize| -> f64 {
        let row = &weights[i * n..(i + 1) * n];
        let ev: f64 = row.iter().zip(v).map(|(w, x)| w * x).sum::<f64>() + top[i];
        p.stay + d * ev
    };
    let mut v = match solver {
        Solver::PolicyIteration => policy_iteration(p, &weights, &top, &exit),
        Solver::ValueIteration => {
            let mut v: Vec<f64> = exit.iter().map(|&e| e.max(p.stay / (1.0 - d))).collect();
            for _ in 0..1_000_000 {
                let next: Vec<f64> = (0..n).map(|i| cont(&v, i).max(exit[i])).collect();
                let scale = 1.0 + next.iter().fold(0.0f64, |m, x| m.max(x.abs()));
                let change = next
                    .iter()
                    .zip(&v)
                    .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
                v = next;
                if change < 1e-10 * scale {
                    break;
                }
            }
            v
        }
    };
    let advantage: Vec<f64> = (0..n).map(|i| exit[i] - cont(&v, i)).collect();
    for i in 0..n {
        v[i] = v[i].max(exit[i]);
    }
    let exit_everywhere = advantage.iter().all(|&a| a > 0.0);
    let threshold = (0..n - 1)
        .rev()
        .find(|&i| advantage[i] <= 0.0 && advantage[i + 1] > 0.0)
        .map(|i| {
            let (a, b) = (advantage[i], advantage[i + 1]);
            theta[i] + h * (-a) / (b - a)
        });
    GridSolution {
        theta,
        value: v,
        advantage,
        threshold,
        exit_everywhere,
    }
}

/// Row-major n×n weights and the above-grid constant of E[V(θ') | θ_i] for the
/// piecewise-linear V (see [`solve_on_grid`]).
fn transition(p: &ExitProblem, theta: &[f64], h: f64) -> (Vec<f64>, Vec<f64>) {
    let n = theta.len();
    let LinearShock { alpha, beta, sigma } = p.shock;
    let mut w = vec![0.0; n * n];
    let mut top = vec![0.0; n];
    let (lo, hi) = (theta[0], theta[n - 1]);
    for i in 0..n {
        let m = alpha + beta * theta[i];
        let row = &mut w[i * n..(i + 1) * n];
        if sigma == 0.0 {
            if m < lo {
                row[0] = 1.0;
            } else if m > hi {
                top[i] = p.w0 - p.exit_cost + p.w1 * m;
            } else {
                let x = (m - lo) / h;
                let j = (x.floor() as usize).min(n - 2);
                let f = x - j as f64;
                row[j] += 1.0 - f;
                row[j + 1] += f;
            }
            continue;
        }
        let z = |x: f64| (x - m) / sigma;
        row[0] += normal_cdf(z(lo));
        let zt = z(hi);
        let q = normal_cdf(-zt);
        top[i] = (p.w0 - p.exit_cost) * q + p.w1 * (m * q + sigma * normal_pdf(zt));
        // Intervals more than 9σ from the mean carry < 10⁻¹⁸ probability: skip them.
        let first = (((m - 9.0 * sigma - lo) / h).floor().max(0.0) as usize).min(n - 1);
        let last = (((m + 9.0 * sigma - lo) / h).ceil().max(0.0) as usize).min(n - 1);
        let mut za = z(theta[first]);
        let (mut ca, mut pa) = (normal_cdf(za), normal_pdf(za));
        for j in first..last {
            let zb = z(theta[j + 1]);
            let (cb, pb) = (normal_cdf(zb), normal_pdf(zb));
            let prob = (cb - ca).max(0.0);
            // E[(X − θ_j) 1{θ_j ≤ X < θ_{j+1}}], within [0, h·prob].
            let m1 = ((m - theta[j]) * prob + sigma * (pa - pb)).clamp(0.0, h * prob);
            row[j] += prob - m1 / h;
            row[j + 1] += m1 / h;
            (za, ca, pa) = (zb, cb, pb);
        }
        let _ = za;
    }
    (w, top)
}

/// Howard policy iteration on the discretised problem; returns V at the grid.
fn policy_iteration(p: &ExitProblem, w: &[f64], top: &[f64], exit: &[f64]) -> Vec<f64> {
    let n = exit.len();
    let d = p.delta;
    // Start from "exit iff exiting beats staying forever" (a feasible policy).
    let mut exit_here: Vec<bool> = exit.iter().map(|&e| e > p.stay / (1.0 - d)).collect();
    let mut v = exit.to_vec();
    for _ in 0..200 {
        // Policy evaluation: V_E = exit, (I − δW_CC)V_C = stay + δ(W_CE V_E + top_C).
        let cont_idx: Vec<usize> = (0..n).filter(|&i| !exit_here[i]).collect();
        let k = cont_idx.len();
        let mut a = vec![0.0; k * k];
        let mut rhs = vec![0.0; k];
        for (r, &i) in cont_idx.iter().enumerate() {
            let row = &w[i * n..(i + 1) * n];
            let mut b = p.stay + d * top[i];
            for j in 0..n {
                if exit_here[j] {
                    b += d * row[j] * exit[j];
                }
            }
            rhs[r] = b;
            for (c, &j) in cont_idx.iter().enumerate() {
                a[r * k + c] = -d * row[j];
            }
            a[r * k + r] += 1.0;
        }
        let vc = solve_diag_dominant(&mut a, &mut rhs, k);
        for (r, &i) in cont_idx.iter().enumerate() {
            v[i] = vc[r];
        }
        for i in 0..n {
            if exit_here[i] {
                v[i] = exit[i];
            }
        }
        // Policy improvement; switch only on a strict gain beyond rounding.
        let scale = 1.0 + v.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        let mut changed = false;
        for i in 0..n {
            let row = &w[i * n..(i + 1) * n];
            let cont = p.stay + d * (row.iter().zip(&v).map(|(a, b)| a * b).sum::<f64>() + top[i]);
            let want_exit = if exit_here[i] {
                cont <= exit[i] + 1e-13 * scale
            } else {
                exit[i] > cont + 1e-13 * scale
            };
            if want_exit != exit_here[i] {
                exit_here[i] = want_exit;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    v
}

/// Gaussian elimination without pivoting for a strictly diagonally dominant k×k
/// system (I − δW with row sums of δW below 1), row-major; returns the solution.
fn solve_diag_dominant(a: &mut [f64], b: &mut [f64], k: usize) -> Vec<f64> {
    for c in 0..k {
        let (upper, lower) = a.split_at_mut((c + 1) * k);
        let pivot_row = &upper[c * k + c..(c + 1) * k];
        let piv = pivot_row[0];
        for r in c + 1..k {
            let row = &mut lower[(r - c - 1) * k + c..(r - c) * k];
            let f = row[0] / piv;
            if f != 0.0 {
                for (x, y) in row.iter_mut().zip(pivot_row) {
                    *x -= f * y;
                }
                b[r] -= f * b[c];
            }
        }
    }
    let mut x = vec![0.0; k];
    for r in (0..k).rev() {
        let s: f64 = (r + 1..k).map(|j| a[r * k + j] * x[j]).sum();
        x[r] = (b[r] - s) / a[r * k + r];
    }
    x
}

/// What the engine pays an actor that gives notice of withdrawal, and what it pays one
/// that stays (the `optimal` rule's problem; docs/how-it-works.md, "Leaving").
///
/// The decision is taken at the end of a round in force, after that round's flows,
/// knowing that round's temptation θ. Staying: the next round is in force (its conflict
/// hazard `hazard_in_force`; if it passes, the flow `stay` and the decision again).
/// Giving notice: `notice` more rounds in force at `stay` (notice cannot be taken
/// back), then the exit takes effect at the end of the last of them: the leaver pays
/// `exit_cost`, and from the next round on it is outside, earning `no_deal` + θ per
/// round from the temptation process continued where it stood, under the hazard
/// `hazard_after_exit`. With renegotiation, talks reopen after `renegotiate.after`
/// rounds outside; the rule values reopened talks as one round of talks
/// (`renegotiate.talks_flow`, hazard `renegotiate.talks_hazard`) followed by the same
/// treaty kept for good. Conflict pays `conflict` once and ends everything.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeaverTerms {
    /// Flow per round in force (v_i).
    pub stay: f64,
    /// No-deal flow per round (b_i).
    pub no_deal: f64,
    /// One-time payoff of conflict.
    pub conflict: f64,
    /// Discount factor δ ∈ [0, 1).
    pub delta: f64,
    /// Conflict hazard per round in force.
    pub hazard_in_force: f64,
    /// Conflict hazard per round after an exit.
    pub hazard_after_exit: f64,
    /// One-time exit cost.
    pub exit_cost: f64,
    /// Rounds of notice.
    pub notice: u32,
    /// Renegotiation after an exit, if the treaty allows it.
    pub renegotiate: Option<Renegotiation>,
    /// The temptation process.
    pub shock: LinearShock,
}

/// How a leaver values talks reopening after its exit.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Renegotiation {
    /// Rounds outside before talks reopen.
    pub after: u32,
    /// Flow of a round of talks (no-deal flow plus any stalling gain).
    pub talks_flow: f64,
    /// Conflict hazard of a round of talks.
    pub talks_hazard: f64,
}

/// The [`ExitProblem`] whose threshold is the engine's optimal one for `t`: the value
/// at the decision J(θ) = max{X(θ), s + δ_f E J(θ′)} with δ_f = δ(1 − h_f) and
/// s = δ(h_f·K + (1 − h_f)·v), where X(θ), the value of giving notice now, is linear
/// in θ: X(θ) = s(1 − δ_fⁿ)/(1 − δ_f) − δ_fⁿ·c + δ·δ_fⁿ·E[O(θ_{t+n+1}) | θ] and O is
/// the value of a round outside, O(θ) = h_x K + (1 − h_x)(b + θ) + δ(1 − h_x)E O(θ′)
/// (cut off by renegotiation). Its slope in θ is δ·δ_fⁿ·o₁·βⁿ⁺¹: with iid temptation
/// (β = 0) today's θ says nothing about the value of leaving, and the threshold is ±∞.
pub fn engine_problem(t: &LeaverTerms) -> ExitProblem {
    let LinearShock { alpha, beta, .. } = t.shock;
    let d = t.delta;
    let (hf, hx, k) = (t.hazard_in_force, t.hazard_after_exit, t.conflict);
    let df = d * (1.0 - hf);
    let dx = d * (1.0 - hx);
    let stay = d * (hf * k + (1.0 - hf) * t.stay);
    // O(θ) = o0 + o1·θ, the value of the first round outside (before its conflict check).
    let (o0, o1) = match t.renegotiate {
        None => {
            let o1 = (1.0 - hx) / (1.0 - dx * beta);
            let o0 = (hx * k + (1.0 - hx) * t.no_deal + dx * o1 * alpha) / (1.0 - dx);
            (o0, o1)
        }
        Some(r) => {
            // The same treaty kept for good, valued at the start of its first round.
            let fresh = (hf * k + (1.0 - hf) * t.stay) / (1.0 - df);
            let talks = r.talks_hazard * k + (1.0 - r.talks_hazard) * (r.talks_flow + d * fresh);
            let (mut a, mut b) = (talks, 0.0);
            for _ in 0..r.after {
                let a2 = hx * k + (1.0 - hx) * t.no_deal + dx * (a + b * alpha);
                let b2 = (1.0 - hx) + dx * b * beta;
                (a, b) = (a2, b2);
            }
            (a, b)
        }
    };
    // E[θ_{t+n+1} | θ_t = θ] = mean_c + beta^(n+1)·θ.
    let n = t.notice;
    let mut mean_c = 0.0;
    let mut pow = 1.0;
    for _ in 0..=n {
        mean_c += alpha * pow;
        pow *= beta;
    }
    let dfn = df.powi(n as i32);
    let during_notice = if n == 0 {
        0.0
    } else if df < 1.0 {
        stay * (1.0 - dfn) / (1.0 - df)
    } else {
        stay * n as f64
    };
    let w0 = during_notice - dfn * t.exit_cost + d * dfn * (o0 + o1 * mean_c);
    let w1 = d * dfn * o1 * pow;
    ExitProblem {
        stay,
        w0,
        w1,
        exit_cost: 0.0,
        delta: df,
        shock: t.shock,
    }
}
