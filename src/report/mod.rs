//! report: turns results into bytes — terminal tables, JSON, CSV, charts, explanations;
//! no file IO.

pub mod charts;
