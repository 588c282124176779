//! The parameters of Bueno de Mesquita's expected-utility model of position change, as
//! the model compiles them from `[talks]`. They live here, not in
//! `negotiation::expected_utility` (which re-exports them), so that the model does not
//! import the talks that read it.

use serde::{Deserialize, Serialize};

/// The expected-utility model's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Params {
    /// Q: the probability that the status quo holds when i does not challenge j, in [0, 1].
    pub q: f64,
    /// T: the probability that, if the status quo does not hold, things get better for i
    /// (the prediction moves towards it), in [0, 1].
    pub t: f64,
    /// The most rounds to play.
    pub rounds: u32,
    /// Stop early after a round in which no position moved by more than
    /// `tolerance × (high − low)`. With 0 the model stops once nothing moves at all
    /// (a round without moves repeats for ever).
    pub tolerance: f64,
}

impl Default for Params {
    /// Q = T = 1 (as in the EC example), 10 rounds, stop once nothing moves.
    fn default() -> Self {
        Params {
            q: 1.0,
            t: 1.0,
            rounds: 10,
            tolerance: 0.0,
        }
    }
}
