//! The bargaining solutions for two deciding actors: Rubinstein, the finite
//! deadline, Nash, Kalai–Smorodinsky and Fearon's range, with the disagreement point used.

use super::scenario::utility;
use super::*;

/// Bargaining solutions for the two deciding actors (see [`Bargaining`]): returns the
/// report and plain-language notes on the assumptions.
pub(super) fn bargaining(sc: &Scenario) -> (Option<Bargaining>, Vec<String>) {
    use crate::negotiation::{ReservationInputs, reservation_utility};
    use crate::theory::bargaining as tb;
    let dec = sc.deciders();
    if dec.len() != 2 {
        return (None, Vec::new());
    }
    let mut notes = Vec::new();
    // First proposer: the deciding actor behind the first name in [talks] proposers.
    let first = sc
        .talks
        .proposers
        .first()
        .map(|&p| sc.decider_for(p))
        .filter(|p| dec.contains(p))
        .unwrap_or(dec[0]);
    let second = if first == dec[0] { dec[1] } else { dec[0] };
    let (af, as_) = (&sc.actors[first], &sc.actors[second]);
    let delta = [af.discount.typical(), as_.discount.typical()];
    let rubinstein = tb::rubinstein_split(delta[0], delta[1]);
    let deadline = sc
        .talks
        .deadline
        .map(|t| (t, tb::stahl_split(delta[0], delta[1], t, (0.0, 0.0))));
    // Frontier: terms along the segment from the first's ideal to the second's.
    let at = |lambda: f64| -> Vec<f64> {
        af.ideal
            .iter()
            .zip(&as_.ideal)
            .map(|(x, y)| x + lambda * (y - x))
            .collect()
    };
    let (u1_hi, u1_lo) = (utility(sc, first, &at(0.0)), utility(sc, first, &at(1.0)));
    let frontier = [
        [u1_hi, utility(sc, second, &at(0.0))],
        [u1_lo, utility(sc, second, &at(1.0))],
    ];
    let g = |u1: f64| {
        let lambda = if u1_hi > u1_lo {
            ((u1_hi - u1) / (u1_hi - u1_lo)).clamp(0.0, 1.0)
        } else {
            0.0
        };
        utility(sc, second, &at(lambda))
    };
    // Disagreement point: each actor's reservation utility (crate::negotiation).
    let reservation = |me: usize, other: usize| {
        let a = &sc.actors[me];
        sc.sq_utility(me)
            + reservation_utility(&ReservationInputs {
                no_deal: a.payoffs.no_deal.typical(),
                stalling: a.payoffs.stalling.typical(),
                gain: a.payoffs.gain.typical(),
                credibility: sc.actors[other].credibility.typical(),
                delta: a.discount.typical(),
                hazard_no_deal: sc.conflict.no_deal.typical(),
                hazard_in_force: sc.conflict.in_force.typical(),
                conflict: a.payoffs.conflict.typical(),
            })
    };
    let raw = [reservation(first, second), reservation(second, first)];
    let disagreement = [raw[0].max(0.0), raw[1].max(0.0)];
    let mut source = format!(
        "each actor's reservation utility (the least utility of terms worth accepting): {} {}, {} {}",
        af.name,
        pretty(raw[0]),
        as_.name,
        pretty(raw[1])
    );
    if raw.iter().any(|r| *r < 0.0) {
        source.push_str("; a negative one (any terms beat no deal) is replaced by 0");
    }
    let feasible = u1_hi > u1_lo && disagreement[0] < u1_hi && g(disagreement[0]) > disagreement[1];
    let (nash, ks) = if feasible {
        let d = (disagreement[0], disagreement[1]);
        let n = tb::nash_bargaining(g, u1_hi, d, 0.5);
        let k = tb::kalai_smorodinsky(g, u1_hi, d);
        (Some([n.0, n.1]), Some([k.0, k.1]))
    } else {
        notes.push(
            "no terms between the two ideals give both actors more than their reservation utility, so there is no Nash or Kalai–Smorodinsky point".into(),
        );
        (None, None)
    };
    let fearon = fearon(sc, [af, as_], delta, &mut notes);
    let ratification = ratification(sc, [af, as_], rubinstein);
    let b = Bargaining {
        first: af.name.clone(),
        second: as_.name.clone(),
        delta,
        rubinstein,
        deadline,
        frontier,
        disagreement,
        disagreement_source: source,
        nash,
        kalai_smorodinsky: ks,
        fearon,
        ratification,
    };
    (Some(b), notes)
}

/// Fearon's stylised range for the two actors (`None` for crisis scenarios, which get
/// the engine's own range, or when a treaty is worth nothing to one of them).
fn fearon(
    sc: &Scenario,
    [af, as_]: [&crate::scenario::Actor; 2],
    delta: [f64; 2],
    notes: &mut Vec<String>,
) -> Option<Fearon> {
    use crate::theory::bargaining as tb;
    // Fearon: the conflict payoff as a share of the whole treaty's worth gain/(1 − δ).
    let cost = |a: &crate::scenario::Actor, d: f64| {
        let worth = a.payoffs.gain.typical() / (1.0 - d);
        (worth > 0.0).then(|| (-a.payoffs.conflict.typical()).max(0.0) / worth)
    };
    // Crisis scenarios get the engine's own range (power, derived war values) in
    // the crisis section instead of this stylised one.
    let crisis = sc.talks.protocol == crate::scenario::TalksProtocol::Crisis;
    match (cost(af, delta[0]), cost(as_, delta[1])) {
        (Some(ca), Some(cb)) if !crisis => {
            let (low, high) = tb::fearon_range(0.5, ca, cb);
            notes.push(format!(
                "Fearon's range treats the pie as the whole stream of treaty gains, gain/(1 − δ), and each side's war cost as −conflict payoff divided by that; with no information on who would win, p = 0.5 (so war pays {} 0.5 − c)",
                af.name
            ));
            Some(Fearon {
                p: 0.5,
                cost_first: ca,
                cost_second: cb,
                low,
                high,
            })
        }
        _ => None,
    }
}

/// The settlement with ratifiers of a binding treaty, when either actor has one.
fn ratification(
    sc: &Scenario,
    [af, as_]: [&crate::scenario::Actor; 2],
    rubinstein: f64,
) -> Option<Ratification> {
    use crate::theory::bargaining as tb;
    // Two-level game: ratifiers of a binding treaty (utilities = shares of the stake
    // when the ideals are the ends of one issue).
    let binding = sc.treaty.form == crate::scenario::Form::LegallyBinding
        && sc.issues.iter().all(|i| !i.form);
    (binding && (af.war.ratification.is_some() || as_.war.ratification.is_some())).then(|| {
        let minimum = [
            af.war.ratification.unwrap_or(0.0),
            as_.war.ratification.unwrap_or(0.0),
        ];
        Ratification {
            minimum,
            settlement: tb::ratified_split(1.0 - rubinstein, minimum[1], minimum[0]),
        }
    })
}
