//! The one integration-test binary. Each module covers one area.

mod analyze;
mod charts;
mod cli;
mod determinism;
mod docs;
mod engine;
mod evolve;
mod expected_utility;
mod explain;
mod faults;
mod golden;
mod hostile;
mod negotiation;
mod run;
mod scenario;
mod scenarios;
mod shell;
mod slurm;
mod stats;
mod strategy;
mod sweep;
mod tampered;
mod theory;
mod tournament;
mod unset;
mod warn;
