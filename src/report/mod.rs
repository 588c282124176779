//! report: turns results into bytes — terminal tables, JSON, CSV, charts,
//! plain-words explanations and the one-file HTML report. No file IO: the CLI writes
//! what this returns.

pub mod charts;
pub mod compare;
pub mod explain;
pub mod html;
pub mod json;
pub mod search;
pub mod table;
