//! Scenario files: TOML in, a validated [`Scenario`] out, or every problem at once as
//! [`Diagnostic`]s with byte spans that render as `error: … --> FILE:LINE:COL`.
//!
//! Two stages: `raw` walks the spanned TOML tree (`toml::de::DeTable`) and applies
//! `--set` overrides; `validate` turns it into the types of `types`, checking ranges and
//! cross-references. This is the only module that knows TOML.

mod types;

pub use types::*;
