//! detente: a seeded Monte Carlo simulator of negotiation-position games.
//!
//! The pipeline in one paragraph: `scenario` loads a TOML file into a validated
//! [`scenario::Scenario`] (or reports every problem with its place); `model` compiles
//! it into a flat, index-based [`model::Model`]; `engine` plays the model's lifecycle —
//! talks (`negotiation`), a treaty in force with compliance strategies (`strategy`),
//! withdrawal, renegotiation, conflict — once per run, each run on its own ChaCha8
//! stream, in parallel, folding every run into exactly mergeable aggregates (`stats`);
//! `report` turns the summary into a table, JSON, CSV or charts (bytes, no files);
//! `classroom` holds the teaching tools (game analysis, tournaments, evolution),
//! `search` the analyst's direct questions (threshold search, sensitivity) as pure
//! functions over experiments the caller plays, and `theory` the closed forms the tests
//! check the engine against. Only `cli` touches files.

pub mod classroom;
pub mod cli;
pub mod engine;
pub mod model;
pub mod negotiation;
pub mod report;
pub mod scenario;
pub mod search;
pub mod shard;
pub mod stats;
pub mod story;
pub mod strategy;
pub mod theory;
pub mod util;
