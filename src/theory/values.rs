//! The values talks are built from, as closed forms: the utility of terms, the value
//! of a state paying a flow under a hazard of conflict, and the reservation utility
//! (the least utility of terms worth an agreement, given credibility, conflict risk
//! and a stalling gain). Shared by the talks protocols, the engine, `explain` and the
//! loader's warnings, so it sits below all of them.

/// Utility of terms `x` to an actor with `ideal` points and normalised `salience`, on
/// issues spanning `[low_j, high_j]`. Result in [0, 1].
pub fn utility(x: &[f64], ideal: &[f64], salience: &[f64], low: &[f64], high: &[f64]) -> f64 {
    crate::util::closeness(x, ideal, salience, |j| high[j] - low[j])
}

/// Value of a state paying `flow` per round, with per-round hazard `hazard` of an
/// absorbing conflict paying `conflict` once, discounted by `delta`:
/// `V = flow + δ[(1 - h)V + hK]`, so `V = (flow + δhK) / (1 - δ(1 - h))`.
pub fn state_value(flow: f64, hazard: f64, conflict: f64, delta: f64) -> f64 {
    (flow + delta * hazard * conflict) / (1.0 - delta * (1.0 - hazard))
}

/// Inputs of [`reservation_utility`] for one actor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReservationInputs {
    /// No-deal flow b per round.
    pub no_deal: f64,
    /// Extra flow while talks last (a stalling gain): it raises what waiting is
    /// worth, not what a treaty pays.
    pub stalling: f64,
    /// Treaty gain g: v(x) = b + g·U(x).
    pub gain: f64,
    /// Lowest credibility among the other deciding parties, in [0, 1]: the share of
    /// the treaty's gain the actor expects to be honoured.
    pub credibility: f64,
    /// Discount factor δ.
    pub delta: f64,
    /// Per-round conflict hazard without agreement (no deal).
    pub hazard_no_deal: f64,
    /// Per-round conflict hazard with the treaty in force.
    pub hazard_in_force: f64,
    /// One-time conflict payoff K.
    pub conflict: f64,
}

/// The least utility of terms that makes an agreement worth accepting: the U solving
/// `state_value(b + cred·g·U, h_in_force) = state_value(b + stalling, h_no_deal)`.
///
/// Returns a value that may fall outside [0, 1]: below 0 means any terms beat no
/// deal, above 1 means no terms can. With `cred·g = 0` it is `-inf` when the treaty
/// is worth at least no deal anyway, `+inf` otherwise.
pub fn reservation_utility(r: &ReservationInputs) -> f64 {
    let slope = r.credibility * r.gain;
    let excess = reservation_excess(r);
    if slope > 0.0 {
        excess / slope
    } else if excess <= 0.0 {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    }
}

/// The flow over `no_deal` that a treaty must pay to match no deal: the reservation
/// utility times `cred·gain` (linear in no_deal, gain and the conflict payoff).
pub fn reservation_excess(r: &ReservationInputs) -> f64 {
    let outside = state_value(
        r.no_deal + r.stalling,
        r.hazard_no_deal,
        r.conflict,
        r.delta,
    );
    // Flow in force that matches `outside`.
    let needed_flow = outside * (1.0 - r.delta * (1.0 - r.hazard_in_force))
        - r.delta * r.hazard_in_force * r.conflict;
    needed_flow - r.no_deal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utility_is_one_at_ideal_and_falls_linearly() {
        let (lo, hi) = ([0.0, 0.0], [1.0, 100.0]);
        let ideal = [0.0, 100.0];
        let w = [0.25, 0.75];
        assert_eq!(utility(&ideal, &ideal, &w, &lo, &hi), 1.0);
        let u = utility(&[0.5, 100.0], &ideal, &w, &lo, &hi);
        assert!((u - (0.25 * 0.5 + 0.75)).abs() < 1e-12);
        assert_eq!(utility(&[1.0, 0.0], &ideal, &w, &lo, &hi), 0.0);
    }

    #[test]
    fn state_value_without_hazard_is_a_perpetuity() {
        assert!((state_value(1.0, 0.0, -100.0, 0.9) - 10.0).abs() < 1e-12);
        // Certain conflict next round: V = flow + δK.
        assert!((state_value(1.0, 1.0, -100.0, 0.9) - (1.0 - 90.0)).abs() < 1e-12);
    }

    #[test]
    fn reservation_balances_deal_and_no_deal() {
        let r = ReservationInputs {
            no_deal: -1.0,
            stalling: 0.0,
            gain: 4.0,
            credibility: 0.5,
            delta: 0.95,
            hazard_no_deal: 0.01,
            hazard_in_force: 0.001,
            conflict: -100.0,
        };
        let u = reservation_utility(&r);
        let deal = state_value(
            r.no_deal + r.credibility * r.gain * u,
            r.hazard_in_force,
            r.conflict,
            r.delta,
        );
        let none = state_value(r.no_deal, r.hazard_no_deal, r.conflict, r.delta);
        assert!((deal - none).abs() < 1e-9);
        // Conflict risk without a deal makes even poor terms acceptable here.
        assert!(u < 0.0);
    }

    #[test]
    fn a_stalling_gain_raises_the_reservation_utility() {
        // Regression: the stalling gain was added to both sides of the balance and
        // cancelled out. Without hazards the reservation is exactly stalling/(cred·g).
        let r = ReservationInputs {
            no_deal: 0.0,
            stalling: 0.5,
            gain: 2.0,
            credibility: 1.0,
            delta: 0.9,
            hazard_no_deal: 0.0,
            hazard_in_force: 0.0,
            conflict: 0.0,
        };
        assert!((reservation_utility(&r) - 0.25).abs() < 1e-12);
        let none = ReservationInputs { stalling: 0.0, ..r };
        assert!(reservation_utility(&none) < reservation_utility(&r));
    }
}
