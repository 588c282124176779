//! classroom: teaching tools — game classification, analysis, tournaments, evolution.

pub mod classify;
