//! Closed forms from docs/theory.md that the engine, the classroom tools and the tests are
//! checked against. Pure functions of numbers; no randomness, no IO.

pub mod bargaining;
pub mod markov;
pub mod moran;
pub mod normal;
pub mod passage;
pub mod replicator;
pub mod stopping;
pub mod values;
