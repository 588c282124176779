//! The one integration-test binary. Each module covers one area.

mod charts;
mod cli;
mod engine;
mod explain;
mod run;
mod scenario;
mod scenarios;
