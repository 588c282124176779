//! The JSON result file of `run`: the summary a reader quotes, plus the exact
//! aggregate it was computed from (so shards can be merged and charts redrawn
//! without re-running). Bytes out, no IO.

use crate::engine::aggregate::Aggregate;
use crate::engine::summary::Summary;
use serde::{Deserialize, Serialize};

/// Format tag of run result files.
pub const RUN_FORMAT: &str = "detente-run/1";

/// A run result file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunFile {
    /// Always [`RUN_FORMAT`].
    pub format: String,
    pub summary: Summary,
    pub aggregate: Aggregate,
}

/// Pretty JSON with a final newline. Serialising plain data cannot fail.
pub fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(value).unwrap_or_default();
    v.push(b'\n');
    v
}
