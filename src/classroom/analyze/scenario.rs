//! A scenario's stage game in force, analysed like any game: the payoffs of complying
//! and violating at the terms the talks agree on when every number takes its typical
//! value (halfway between the two deciding actors' ideals when they agree on none),
//! the same terms `explain` uses.

use super::bargaining::bargaining;
use super::*;

/// Analyse a scenario: its `[game]` if it has one; otherwise, with exactly two deciding
/// actors, the stage game in force (docs/how-it-works.md, "In force") and the bargaining over terms.
pub fn analyze_scenario(sc: &Scenario) -> Analysis {
    if let Some(g) = &sc.game {
        let mut an = analyze_named(g, &sc.meta.name);
        if sc.deciders().len() == 2 {
            an.bargaining = bargaining(sc).0;
        }
        if !sc.actors.is_empty() {
            an.notes.push(
                "the matrix above is the scenario's [game] table, the game `tournament` and `evolve` play; the treaty's own stage game in force comes from the actors' payoffs (R = v, S = v + s, T = v + θ, P = v + θ + s) and is printed by `detente explain`".into(),
            );
        }
        return an;
    }
    let dec = sc.deciders();
    if dec.len() != 2 {
        // No game to show: an empty matrix tells the renderers to skip its sections.
        return Analysis {
            title: sc.meta.name.clone(),
            players: ["Row".into(), "Column".into()],
            actions: [Vec::new(), Vec::new()],
            payoffs: Vec::new(),
            game_type: None,
            symmetric: false,
            equilibria: Vec::new(),
            degenerate: false,
            segments: Vec::new(),
            dominated: Vec::new(),
            elimination: Vec::new(),
            pareto: Vec::new(),
            repeated: Vec::new(),
            stage: None,
            bargaining: None,
            notes: vec![format!(
                "the scenario has {} deciding actors and no [game]: the stage-game analysis needs exactly two (`detente explain` prints each party's payoffs in force)",
                dec.len()
            )],
        };
    }
    let (i, j) = (dec[0], dec[1]);
    let basis = crate::negotiation::typical_terms(sc, &crate::model::Model::compile(sc));
    let terms = &basis.values;
    let stage_actor = |k: usize| {
        let act = &sc.actors[k];
        let u = utility(sc, k, terms);
        let v = sc.treaty_value(k, u);
        StageActor {
            name: act.name.clone(),
            utility: u,
            v,
            theta: typical_temptation(&act.payoffs.temptation),
            betrayal: act.payoffs.betrayal.typical(),
            delta: act.discount.typical(),
        }
    };
    let (x, y) = (stage_actor(i), stage_actor(j));
    // Own perspective [R, S, T, P]: R = v, S = v + s, T = v + θ, P = v + θ + s.
    let rstp = |s: &StageActor| {
        [
            s.v,
            s.v + s.betrayal,
            s.v + s.theta,
            s.v + s.theta + s.betrayal,
        ]
    };
    let (px, py) = (rstp(&x), rstp(&y));
    let g = Game {
        players: [x.name.clone(), y.name.clone()],
        actions: [
            vec!["comply".into(), "violate".into()],
            vec!["comply".into(), "violate".into()],
        ],
        payoffs: vec![
            vec![[px[0], py[0]], [px[1], py[2]]],
            vec![[px[2], py[1]], [px[3], py[3]]],
        ],
    };
    let mut an = analyze_named(&g, &sc.meta.name);
    // Per-actor thresholds with each actor's own discount, whenever its payoffs are PD-like.
    an.repeated.clear();
    for (s, p) in [(&x, px), (&y, py)] {
        let [r, ss, t, pp] = p;
        if t > r && r > pp && pp > ss {
            an.repeated.push(thresholds(&s.name, p, Some(s.delta)));
        }
    }
    if an.repeated.is_empty() {
        an.notes.push(
            "neither actor's stage payoffs are a prisoner's dilemma (T > R > P > S needs temptation θ > 0 and θ + betrayal < 0), so no repeated-game thresholds apply".into(),
        );
    }
    an.stage = Some(StageGame {
        terms: sc
            .issues
            .iter()
            .zip(terms)
            .map(|(is, v)| (is.label.clone(), *v))
            .collect(),
        source: basis.source.clone(),
        note: basis.note.clone(),
        actors: vec![x, y],
    });
    let (barg, notes) = bargaining(sc);
    an.bargaining = barg;
    an.notes.extend(notes);
    an
}

pub(super) fn utility(sc: &Scenario, k: usize, x: &[f64]) -> f64 {
    let lo: Vec<f64> = sc.issues.iter().map(|i| i.low).collect();
    let hi: Vec<f64> = sc.issues.iter().map(|i| i.high).collect();
    let act = &sc.actors[k];
    crate::negotiation::utility(x, &act.ideal, &act.salience, &lo, &hi)
}

/// θ's typical level: the iid mean, the random walk's start, the AR(1) mean.
pub(super) fn typical_temptation(t: &Temptation) -> f64 {
    match t {
        Temptation::Iid { mean, .. } => mean.typical(),
        Temptation::RandomWalk { start, .. } => start.typical(),
        Temptation::Ar1 { mean, .. } => mean.typical(),
    }
}
