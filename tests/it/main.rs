//! The one integration-test binary. Each module covers one area.

mod analyze;
mod cli;
mod engine;
mod evolve;
mod strategy;
mod tournament;
