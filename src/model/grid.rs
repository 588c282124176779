//! The offers at the grid points of the concession paths of crisis talks, with what
//! every actor makes of them, computed once per model (the talks fill it in: the
//! model does not import them).

use super::{Model, Protocol};

/// How an actor's offer at a point of its concession path is made: the crisis
/// talks' own path (`negotiation::path::offer`).
pub type OfferFn = fn(&Model, usize, f64, &mut [f64]);

/// What is known of terms before they are weighed: per actor, its utility of them
/// and whether the ratifiers of the side it heads approve them.
#[derive(Debug, Clone, Copy)]
pub struct Known<'a> {
    pub utility: &'a [f64],
    pub ratified: &'a [bool],
}

/// Each proposer's and decider's offers at τ = k / [`OfferGrid::STEPS`], each actor's
/// utility of them and whether the ratifiers of the side it heads approve them.
/// They depend on the model alone, while the offer search and the bargaining range
/// weigh them in every round of every run: read from here, they are the numbers
/// the offer function and [`Model::utility`] would give, bit for bit, without the
/// work ([`Model::offer_grid`] holds them, shared by every thread).
#[derive(Debug, Clone, Default)]
pub struct OfferGrid {
    /// Per actor: its row of the tables (proposers and deciders of crisis talks only).
    row: Vec<Option<usize>>,
    /// Row r, point k: the terms from `(r · (STEPS + 1) + k) · m`, the actors'
    /// utilities and their sides' ratification from `(r · (STEPS + 1) + k) · n`.
    terms: Vec<f64>,
    utility: Vec<f64>,
    ratified: Vec<bool>,
    m: usize,
    n: usize,
}

impl OfferGrid {
    /// Grid points per path: τ = k / STEPS for k = 0..=STEPS. The bargaining range
    /// is read on all of them and the offer search's grid (τ = k / 200) is every
    /// other one: k / 200 and 2k / 400 are the same correctly rounded number.
    pub const STEPS: usize = 400;

    /// The grid of `model`'s proposers and deciders, their offers made by `offer`
    /// (empty unless its talks are crisis talks).
    pub fn new(model: &Model, offer: OfferFn) -> OfferGrid {
        let (m, n) = (model.m, model.n);
        let mut grid = OfferGrid {
            row: vec![None; n],
            m,
            n,
            ..OfferGrid::default()
        };
        if model.protocol != Protocol::Crisis {
            return grid;
        }
        let mut x = vec![0.0; m];
        let mut rows = 0;
        // The proposers' paths, and the deciders' (revisions after a power shift
        // scan them).
        for &i in model.proposers.iter().chain(&model.deciders) {
            if grid.row[i].is_some() {
                continue;
            }
            grid.row[i] = Some(rows);
            rows += 1;
            for k in 0..=Self::STEPS {
                offer(model, i, k as f64 / Self::STEPS as f64, &mut x);
                grid.terms.extend_from_slice(&x);
                let at = grid.utility.len();
                grid.utility.extend((0..n).map(|a| model.utility(a, &x)));
                let u = &grid.utility[at..];
                grid.ratified
                    .extend((0..n).map(|d| model.side_ratifies(d, &x, |k| u[k])));
            }
        }
        grid
    }

    /// Proposer `i`'s offer at τ = k / [`OfferGrid::STEPS`] and what is known of it
    /// (`None`: `i` neither proposes nor decides in crisis talks).
    pub fn point(&self, i: usize, k: usize) -> Option<(&[f64], Known<'_>)> {
        let at = self.row.get(i).copied().flatten()? * (Self::STEPS + 1) + k;
        let each = at * self.n..(at + 1) * self.n;
        Some((
            &self.terms[at * self.m..(at + 1) * self.m],
            Known {
                utility: &self.utility[each.clone()],
                ratified: &self.ratified[each],
            },
        ))
    }
}
