//! The one integration-test binary. Each module covers one area.

mod cli;
mod engine;
mod stats;
mod theory;
