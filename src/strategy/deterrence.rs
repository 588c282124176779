//! The payoff-aware compliance rule `deterrence`: violate when today's temptation
//! exceeds the expected, discounted cost of being caught — the probability the
//! violation is seen times the punishment the others' strategies and the treaty's
//! consequences will then impose. Unlike the repeated-game strategies it looks at
//! payoffs, not at the history of moves.
//!
//! The punishment of one seen violation, for party i with treaty flow v, no-deal flow
//! b, betrayal loss s ≤ 0, discount δ, conflict payoff K and in-force hazard h:
//!
//! * retaliation: Σ_j (|s| / others) Σ_k δ^k r_j(k), where r_j(k) is how much more
//!   likely other decider j is to violate k rounds after seeing one violation than
//!   after seeing compliance ([`retaliation_profile`], measured by playing j's strategy);
//! * suspension for n rounds: Σ_{k=1..n} δ^k (v − b);
//! * escalation of the in-force hazard by x: δ(F(h) − F(h + x)), with
//!   F(h) = (hK + (1 − h)v)/(1 − δ(1 − h)) the value of staying in force for good;
//! * material breach (another decider gives notice after m rounds):
//!   δ^(m+1)(v − b)/(1 − δ), the treaty's value lost from then on.
//!
//! * a war provoked (crisis talks): when the credibility the violator's side loses
//!   would make a decider of another side prefer war to the treaty, δ(F(h) − K),
//!   the value of the treaty lost for war's one-time payoff ([`provoked_war_cost`]).
//!
//! Otherwise a loss of credibility costs nothing in force; it weighs on later talks.

use super::{Move, Player};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// Lags measured by [`retaliation_profile`]; beyond it the last lag's excess is
/// taken to persist (grim trigger punishes for ever).
pub const LAGS: usize = 64;

/// How much more likely `player`'s strategy is to violate k = 1..=LAGS rounds after
/// seeing one violation (then compliance) than after seeing only compliance, after a
/// warm-up of 8 rounds of mutual compliance. Stochastic strategies are averaged over
/// 400 plays with a fixed seed, so the profile is the same every time.
pub fn retaliation_profile(player: &Player) -> [f64; LAGS] {
    let plays = if player.is_stochastic() { 400 } else { 1 };
    let mut rng = ChaCha8Rng::seed_from_u64(0x5eed);
    let mut out = [0.0; LAGS];
    for _ in 0..plays {
        for (seen, sign) in [(Move::D, 1.0), (Move::C, -1.0)] {
            let mut p = player.clone();
            p.reset();
            for _ in 0..8 {
                let m = p.play(&mut rng);
                p.observe(m, Move::C);
            }
            let m = p.play(&mut rng);
            p.observe(m, seen);
            for slot in out.iter_mut() {
                let m = p.play(&mut rng);
                if m == Move::D {
                    *slot += sign / plays as f64;
                }
                p.observe(m, Move::C);
            }
        }
    }
    out
}

/// Σ_k δ^k r(k) for a profile, with the last lag's excess carried on for ever.
pub fn discounted(profile: &[f64; LAGS], delta: f64) -> f64 {
    let mut acc = 0.0;
    let mut dk = 1.0;
    for &r in profile {
        dk *= delta;
        acc += dk * r;
    }
    let last = profile[LAGS - 1];
    if last != 0.0 && delta < 1.0 {
        acc += last * dk * delta / (1.0 - delta);
    }
    acc
}

/// What one seen violation costs party i, before weighing by the chance it is seen.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Punishment {
    /// Discounted retaliation rounds summed over the other deciders, times |s|/others.
    pub retaliation: f64,
    /// Rounds of suspension.
    pub suspension: u32,
    /// Added in-force hazard.
    pub escalation: f64,
    /// Notice of the first other decider to leave on a material breach, if any.
    pub breach_notice: Option<u32>,
}

/// The payoffs the punishment is weighed in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stakes {
    pub stay: f64,
    pub no_deal: f64,
    pub conflict: f64,
    pub delta: f64,
    pub hazard: f64,
}

/// The value of staying in force for good with hazard h: F(h) = (hK + (1 − h)v) /
/// (1 − δ(1 − h)).
fn stay_value(k: &Stakes, h: f64) -> f64 {
    (h * k.conflict + (1.0 - h) * k.stay) / (1.0 - k.delta * (1.0 - h))
}

/// The cost of a war that breaks out next round instead of the treaty staying in
/// force: δ(F(h) − K), never negative.
pub fn provoked_war_cost(k: &Stakes) -> f64 {
    (k.delta * (stay_value(k, k.hazard) - k.conflict)).max(0.0)
}

/// The discounted cost of one seen violation (see the module's formulas).
pub fn cost(p: &Punishment, k: &Stakes) -> f64 {
    let d = k.delta;
    let gap = (k.stay - k.no_deal).max(0.0);
    let mut c = p.retaliation;
    let mut dk = 1.0;
    for _ in 0..p.suspension {
        dk *= d;
        c += dk * gap;
    }
    if p.escalation > 0.0 {
        let f = |h: f64| stay_value(k, h);
        c += d * (f(k.hazard) - f((k.hazard + p.escalation).min(1.0)));
    }
    if let Some(m) = p.breach_notice
        && d < 1.0
    {
        c += d.powi(m as i32 + 1) * gap / (1.0 - d);
    }
    c
}
