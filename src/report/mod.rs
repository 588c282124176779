//! report: turns results into bytes — terminal tables, JSON, CSV, charts, and the
//! plain-words explanation of a scenario; no file IO.

pub mod explain;
