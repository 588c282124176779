//! Survival data on an integer time axis: exactly mergeable counts, the
//! Kaplan–Meier estimator with Greenwood's standard error, and the log-rank test.

use super::Z95;
use crate::theory::normal::erfc;
use serde::{Deserialize, Serialize};

/// Survival data on integer times 0..=max_t: `events[t]` units whose event happened at
/// time t, `censored[t]` units censored at t (still in the study at t, then lost).
/// Merge = elementwise sum. Both vectors always have the same length.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SurvivalCounts {
    /// Events per time.
    pub events: Vec<u64>,
    /// Censorings per time.
    pub censored: Vec<u64>,
}

impl SurvivalCounts {
    /// Empty counts on times 0..=max_t.
    pub fn new(max_t: u32) -> Self {
        let len = max_t as usize + 1;
        SurvivalCounts {
            events: vec![0; len],
            censored: vec![0; len],
        }
    }

    fn grow(&mut self, len: usize) {
        if self.events.len() < len || self.censored.len() < len {
            let len = len.max(self.events.len()).max(self.censored.len());
            self.events.resize(len, 0);
            self.censored.resize(len, 0);
        }
    }

    /// Record an event at time t. A time beyond `max_t` extends the axis.
    pub fn event(&mut self, t: u32) {
        self.grow(t as usize + 1);
        self.events[t as usize] += 1;
    }

    /// Record a censoring at time t. A time beyond `max_t` extends the axis.
    pub fn censor(&mut self, t: u32) {
        self.grow(t as usize + 1);
        self.censored[t as usize] += 1;
    }

    /// Add `o`'s counts (the longer axis wins).
    pub fn merge(&mut self, o: &Self) {
        self.grow(o.events.len().max(o.censored.len()));
        for (a, b) in self.events.iter_mut().zip(&o.events) {
            *a += b;
        }
        for (a, b) in self.censored.iter_mut().zip(&o.censored) {
            *a += b;
        }
    }

    /// [`SurvivalCounts::merge`] for counts read from files: `None` (and `self`
    /// unchanged) unless both axes have the same length and no count overflows.
    pub fn checked_merge(&mut self, o: &Self) -> Option<()> {
        if self.events.len() != o.events.len()
            || self.censored.len() != o.censored.len()
            || self.events.len() != self.censored.len()
        {
            return None;
        }
        let mut m = self.clone();
        for (a, b) in m.events.iter_mut().zip(&o.events) {
            *a = a.checked_add(*b)?;
        }
        for (a, b) in m.censored.iter_mut().zip(&o.censored) {
            *a = a.checked_add(*b)?;
        }
        *self = m;
        Some(())
    }

    /// Number of units (events + censorings).
    pub fn total(&self) -> u64 {
        self.events.iter().sum::<u64>() + self.censored.iter().sum::<u64>()
    }

    fn len(&self) -> usize {
        self.events.len().max(self.censored.len())
    }

    fn at(&self, t: usize) -> (u64, u64) {
        (
            self.events.get(t).copied().unwrap_or(0),
            self.censored.get(t).copied().unwrap_or(0),
        )
    }
}

/// The average hazard of `c`: events per unit of time at risk, d/T, with a 95%
/// interval. Each unit (a run's first treaty) is one independent observation of
/// (d_r ∈ {0, 1}, t_r), so the interval comes from the ratio estimator's variance
/// V = n/(n − 1) · Σ (d_r − λ t_r)² / T² (Cochran 1977, §6.4), which needs no
/// constant hazard; it is taken on the log scale, λ·exp(±z√V/λ), so it stays
/// positive. With no event the upper bound is the exact Poisson one, −ln(0.025)/T.
/// Every sum is read off the counts: Σ t_r² = Σ_t t²·(events + censored),
/// Σ d_r t_r = Σ_t t·events. Returns (λ, lo, hi); (0, 0, 0) with no time at risk.
pub fn hazard_rate(c: &SurvivalCounts) -> (f64, f64, f64) {
    let (mut n, mut d, mut tt, mut dt, mut t2) = (0u64, 0u64, 0.0, 0.0, 0.0);
    for t in 0..c.len() {
        let (e, k) = c.at(t);
        let tf = t as f64;
        n += e + k;
        d += e;
        tt += tf * (e + k) as f64;
        dt += tf * e as f64;
        t2 += tf * tf * (e + k) as f64;
    }
    if tt <= 0.0 {
        return (0.0, 0.0, 0.0);
    }
    let lambda = d as f64 / tt;
    if d == 0 {
        return (0.0, 0.0, -(0.025f64.ln()) / tt);
    }
    let nf = n as f64;
    let spread = (d as f64 - 2.0 * lambda * dt + lambda * lambda * t2).max(0.0);
    let v = if n > 1 {
        spread * nf / (nf - 1.0) / (tt * tt)
    } else {
        0.0
    };
    let w = (super::Z95 * v.sqrt() / lambda).exp();
    (lambda, lambda / w, lambda * w)
}

/// One step of a Kaplan–Meier curve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KmPoint {
    /// Time.
    pub t: u32,
    /// Units at risk at t (including those censored at t).
    pub at_risk: u64,
    /// Events at t.
    pub events: u64,
    /// Censorings at t.
    pub censored: u64,
    /// S(t) = P(event time > t).
    pub survival: f64,
    /// Greenwood standard error of S(t); NaN from the first time S reaches 0.
    pub se: f64,
    /// max(0, S − Z95·se); NaN when se is NaN.
    pub lo: f64,
    /// min(1, S + Z95·se); NaN when se is NaN.
    pub hi: f64,
}

/// The Kaplan–Meier estimate at the end of the curve (after the last time with an
/// event or a censoring; 1 with no unit, as before the first event) of `spells`, one per
/// unit: `None` = not in the study (a run without a treaty), `Some((t, event))` =
/// followed to time t, where the event happened (`true`) or it was censored. With it,
/// each unit's influence on the estimate: the derivative of S with respect to the
/// unit's weight, U_i = −S · (e_i / (R(t_i) − d(t_i)) − Σ_{t_j ≤ t_i} d_j / (R_j (R_j − d_j))),
/// with R_j at risk and d_j events at time t_j (0 for a unit not in the study). Σ U_i²
/// is the infinitesimal-jackknife variance of S, which equals Greenwood's where every
/// unit is followed to the same time; for two estimates on the same units (paired
/// runs), Σ (U_i − V_i)² is the variance of their difference. Once S reaches 0 every
/// influence is 0 (Greenwood's interval is then S itself).
pub fn km_influence(spells: &[Option<(u32, bool)>]) -> (f64, Vec<f64>) {
    let max_t = spells.iter().flatten().map(|s| s.0).max().unwrap_or(0);
    let mut counts = SurvivalCounts::new(max_t);
    for &(t, event) in spells.iter().flatten() {
        if event {
            counts.event(t);
        } else {
            counts.censor(t);
        }
    }
    let km = kaplan_meier(&counts);
    let s = km.last().map_or(1.0, |k| k.survival);
    if s == 0.0 {
        return (s, vec![0.0; spells.len()]);
    }
    // Greenwood's running sum after each time, and R − d at each time.
    let len = max_t as usize + 1;
    let mut green = vec![0.0f64; len];
    let mut left = vec![0u64; len];
    let mut acc = 0.0f64;
    let mut next = 0usize;
    for k in &km {
        let t = k.t as usize;
        for g in &mut green[next..t] {
            *g = acc;
        }
        if k.events > 0 {
            acc += k.events as f64 / (k.at_risk as f64 * (k.at_risk - k.events) as f64);
        }
        green[t] = acc;
        left[t] = k.at_risk - k.events;
        next = t + 1;
    }
    let u = spells
        .iter()
        .map(|sp| match *sp {
            None => 0.0,
            Some((t, event)) => {
                let t = t as usize;
                let own = if event { 1.0 / left[t] as f64 } else { 0.0 };
                -s * (own - green[t])
            }
        })
        .collect();
    (s, u)
}

/// Kaplan–Meier estimate with Greenwood's standard error (docs/theory.md §8a):
/// S(t) = Π_{t_i ≤ t}(1 − d_i/n_i), Var S(t) = S(t)² Σ_{t_i ≤ t} d_i/(n_i(n_i − d_i)).
///
/// One point per time with an event or a censoring, in time order. Units censored at
/// an event time are still at risk at that time. Greenwood is NaN from the first time
/// with d_i = n_i (S = 0), and so are `lo`/`hi` there. No units: an empty curve.
pub fn kaplan_meier(s: &SurvivalCounts) -> Vec<KmPoint> {
    let mut at_risk = s.total();
    let mut surv = 1.0f64;
    let mut green = 0.0f64; // Σ d/(n(n − d)); NaN once S = 0
    let mut out = Vec::new();
    for t in 0..s.len() {
        let (d, c) = s.at(t);
        if d + c == 0 {
            continue;
        }
        let n = at_risk;
        if d > 0 {
            if d >= n {
                surv = 0.0;
                green = f64::NAN;
            } else {
                surv *= 1.0 - d as f64 / n as f64;
                green += d as f64 / (n as f64 * (n - d) as f64);
            }
        }
        let se = surv * green.sqrt();
        let (lo, hi) = if se.is_nan() {
            (f64::NAN, f64::NAN)
        } else {
            ((surv - Z95 * se).max(0.0), (surv + Z95 * se).min(1.0))
        };
        out.push(KmPoint {
            t: u32::try_from(t).unwrap_or(u32::MAX),
            at_risk: n,
            events: d,
            censored: c,
            survival: surv,
            se,
            lo,
            hi,
        });
        at_risk = at_risk.saturating_sub(d + c);
    }
    out
}

/// Smallest t with S(t) ≤ 0.5 (with a 10⁻¹² allowance for rounding in the product,
/// so a curve that reaches exactly ½ counts); None if the curve never gets there.
pub fn km_median(points: &[KmPoint]) -> Option<u32> {
    points
        .iter()
        .find(|p| p.survival <= 0.5 + 1e-12)
        .map(|p| p.t)
}

/// Result of a two-group log-rank test.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogRank {
    /// Σ O_A,i: events observed in group A.
    pub observed_a: f64,
    /// Σ E_A,i: events expected in A if both groups shared one hazard.
    pub expected_a: f64,
    /// Σ V_i, the hypergeometric variance of O_A − E_A.
    pub variance: f64,
    /// (O_A − E_A)²/V, 1 degree of freedom.
    pub chi2: f64,
    /// erfc(√(χ²/2)).
    pub p_value: f64,
}

/// Log-rank test between groups A and B on the same integer time axis (docs/theory.md §8b);
/// the axes may have different lengths. At each time with d > 0 pooled events:
/// E_A,i = d·n_A/n, V_i = d(n_A/n)(1 − n_A/n)(n − d)/(n − 1) (0 when n = 1).
/// χ² = (O_A − E_A)²/ΣV, p = erfc(√(χ²/2)); χ² = 0 and p = 1 when ΣV = 0 (e.g. no
/// events, or an empty group). Symmetric: swapping A and B gives the same χ² and p.
pub fn log_rank(a: &SurvivalCounts, b: &SurvivalCounts) -> LogRank {
    let mut na = a.total();
    let mut nb = b.total();
    let (mut o, mut e, mut v) = (0.0f64, 0.0f64, 0.0f64);
    for t in 0..a.len().max(b.len()) {
        let (da, ca) = a.at(t);
        let (db, cb) = b.at(t);
        let d = da + db;
        let n = na + nb;
        if d > 0 && n > 0 {
            let (df, nf) = (d as f64, n as f64);
            let share = na as f64 / nf;
            o += da as f64;
            e += df * share;
            if n > 1 {
                v += df * share * (1.0 - share) * (nf - df) / (nf - 1.0);
            }
        }
        na = na.saturating_sub(da + ca);
        nb = nb.saturating_sub(db + cb);
    }
    let (chi2, p_value) = if v > 0.0 {
        let chi2 = (o - e).powi(2) / v;
        (chi2, erfc((chi2 / 2.0).sqrt()))
    } else {
        (0.0, 1.0)
    };
    LogRank {
        observed_a: o,
        expected_a: e,
        variance: v,
        chi2,
        p_value,
    }
}
