//! The proposer's concession path, in concession and in crisis talks: the offer at
//! each level of the proposer's own utility.
//!
//! The concession tactics' path (`alternating::offer`) concedes issue by issue,
//! least salient first, and moves an indivisible issue to its nearest allowed value.
//! On an indivisible issue that path can skip every package the other side would
//! take: a door that is open or closed is conceded only after everything else, so
//! the path jumps from "everything but the door" to "everything". When the other side
//! needs the door and nothing more, no offer on that path gives it just that: crisis
//! talks fail (or end in war) with a deal both sides prefer to war left untabled, and
//! concession talks hold out, then give everything away at once, far below the
//! proposer's own target.
//!
//! Here, at each level of utility the proposer aims for, the offer is the package the
//! other deciding parties value most (the sum of their utilities) among: the
//! tactics' offer, and for each set of indivisible issues, those issues conceded
//! outright (to the allowed value nearest the others' ideals) with the rest conceded
//! as before from the proposer's ideal, whenever that leaves the proposer at least
//! its aim. With no indivisible issue both paths are the same offer, bit for bit.

use super::alternating;
use crate::model::Model;

/// At most this many indivisible issues are conceded in every combination (2^k
/// packages per offer); beyond it, one at a time (at most 64 of them).
const ALL_SUBSETS: usize = 6;

/// Write into `x` proposer `i`'s offer at its aim `target` (a utility to it): see
/// the module's description.
pub fn offer(model: &Model, i: usize, target: f64, x: &mut [f64]) {
    let m = model.m;
    let path = &model.paths[i];
    // An indivisible issue the proposer would concede something on.
    let concedable = |j: usize| !model.values[j].is_empty() && path.loss[j] > 0.0;
    if !path.order.iter().any(|&j| concedable(j)) {
        // No package to set up: the tactics' offer.
        alternating::offer(model, i, target, x);
        return;
    }
    // Each such issue in the path's order (at most 64 of them): its value conceded
    // outright, and what that costs the proposer.
    let mut outright = [(0usize, 0.0f64, 0.0f64); 64];
    let mut count = 0;
    for &j in &path.order {
        if !concedable(j) || count == 64 {
            continue;
        }
        let from = model.ideal[i * m + j];
        let v = conceded(model, i, j);
        let lost = model.salience[i * m + j] * (v - from).abs() / model.width[j];
        outright[count] = (j, v, lost);
        count += 1;
    }
    let outright = &outright[..count];
    // The packages: a set of the indivisible issues (bit b: the b-th of them in the
    // path's order) conceded first.
    let sets: u64 = if count <= ALL_SUBSETS {
        (1 << count) - 1
    } else {
        count as u64
    };
    let set_of = |c: u64| {
        if count <= ALL_SUBSETS {
            c
        } else {
            1 << (c - 1)
        }
    };
    let others = |y: &[f64]| -> f64 {
        model
            .deciders
            .iter()
            .filter(|&&d| d != i && d != model.root[i])
            .map(|&d| model.utility(d, y))
            .sum()
    };
    let floor = target - 1e-12;
    let (mut best, mut best_score) = (0, f64::NEG_INFINITY);
    for c in 1..=sets {
        let set = set_of(c);
        let cost: f64 = (0..count)
            .filter(|b| set >> b & 1 == 1)
            .map(|b| outright[b].2)
            .sum();
        // Conceding these alone already leaves the proposer below its aim.
        if 1.0 - cost < floor - 1e-9 {
            continue;
        }
        conceded_first(model, i, target, (outright, set), x);
        if model.utility(i, x) < floor {
            continue;
        }
        let score = others(x);
        if score > best_score {
            (best, best_score) = (c, score);
        }
    }
    alternating::offer(model, i, target, x);
    if best != 0 {
        let own = if model.utility(i, x) >= floor {
            others(x)
        } else {
            f64::NEG_INFINITY
        };
        if best_score > own {
            conceded_first(model, i, target, (outright, set_of(best)), x);
        }
    }
}

/// The allowed value of indivisible issue `j` nearest the point proposer `i`'s
/// path moves toward.
fn conceded(model: &Model, i: usize, j: usize) -> f64 {
    let toward = model.paths[i].toward[j];
    model.values[j]
        .iter()
        .copied()
        .min_by(|a, b| (a - toward).abs().total_cmp(&(b - toward).abs()))
        .unwrap_or(toward)
}

/// The proposer's ideal with the indivisible issues of `outright` in `set` (bit b:
/// the b-th of them) conceded outright, then the divisible issues conceded in the
/// path's order toward the aim `target`.
fn conceded_first(
    model: &Model,
    i: usize,
    target: f64,
    (outright, set): (&[(usize, f64, f64)], u64),
    y: &mut [f64],
) {
    let m = model.m;
    y.copy_from_slice(&model.ideal[i * m..(i + 1) * m]);
    for (b, &(j, v, _)) in outright.iter().enumerate() {
        if set >> b & 1 == 1 {
            y[j] = v;
        }
    }
    let need = model.utility(i, y) - target.min(1.0);
    alternating::concede(model, i, need, y, |j| !model.values[j].is_empty());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(file: &str) -> Model {
        let path = format!("{}/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
        let bytes = std::fs::read(&path).unwrap();
        let s = crate::scenario::load(&path, &bytes, &[])
            .unwrap_or_else(|e| panic!("{}", e.render()))
            .scenario;
        Model::compile(&s)
    }

    /// The sum of the other deciders' utilities of `x`, as the path weighs them.
    fn others(m: &Model, i: usize, x: &[f64]) -> f64 {
        let all: f64 = m.deciders.iter().map(|&d| m.utility(d, x)).sum();
        all - m.utility(i, x)
    }

    #[test]
    fn without_an_indivisible_issue_it_is_the_tactics_path() {
        let m = model("fearon-risk-return.toml");
        assert!(!m.proposers.is_empty() && m.values.iter().all(Vec::is_empty));
        let (mut a, mut b) = (vec![0.0; m.m], vec![0.0; m.m]);
        for &i in &m.proposers {
            for k in 0..=400 {
                let tau = k as f64 / 400.0;
                offer(&m, i, tau, &mut a);
                alternating::offer(&m, i, tau, &mut b);
                assert_eq!(a, b, "τ = {tau}");
            }
        }
    }

    #[test]
    fn each_offer_meets_the_aim_and_gives_the_others_at_least_the_tactics_offer() {
        // The flagship: the door is indivisible; the US and Russia propose.
        let m = model("security-guarantees.toml");
        let (mut a, mut b) = (vec![0.0; m.m], vec![0.0; m.m]);
        let mut better = 0;
        for &i in &m.proposers {
            for k in 0..=400 {
                let tau = k as f64 / 400.0;
                offer(&m, i, tau, &mut a);
                alternating::offer(&m, i, tau, &mut b);
                if a == b {
                    continue;
                }
                better += 1;
                // A package other than the tactics' offer keeps the proposer at its aim
                // and gives the others more than the tactics' offer does (when that
                // one met the aim too).
                assert!(m.utility(i, &a) >= tau - 1e-12, "τ = {tau}: {a:?}");
                if m.utility(i, &b) >= tau - 1e-12 {
                    assert!(others(&m, i, &a) > others(&m, i, &b), "τ = {tau}");
                }
                // Its door is one of the door's values.
                assert!(a[0] == 0.0 || a[0] == 1.0);
            }
        }
        // The US's "door closed, nothing else given" at τ = 0.5 is one of them.
        let us = 1;
        offer(&m, us, 0.5, &mut a);
        assert_eq!(a, [0.0, 0.4, 0.5, 0.3]);
        assert!(better > 50, "{better} offers differ from the tactics' path");
    }
}
