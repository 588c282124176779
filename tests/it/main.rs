//! The one integration-test binary. Each module covers one area.

mod cli;

/// Charts of run summaries (PNG, SVG) and `detente plot`.
mod charts;
