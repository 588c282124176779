//! report: turns results into bytes — terminal tables, JSON, CSV, charts and
//! plain-words explanations. No file IO: the CLI writes what this returns.

pub mod charts;
pub mod compare;
pub mod explain;
pub mod json;
pub mod table;
