//! Scenario files: TOML in, a validated [`Scenario`] out, or every problem at once as
//! [`Diagnostic`]s with byte spans that render as `error: … --> FILE:LINE:COL`.
//!
//! Three stages: `raw` parses the bytes into a spanned tree (`toml::de::DeTable`
//! converted to our own nodes) and applies `--set` overrides to it; `validate` walks the
//! tree by hand into the types of `types`, checking ranges and cross-references and
//! collecting *all* errors; `warn` flags valid scenarios that are probably not meant
//! (no prisoner's dilemma in force, no terms acceptable to everyone). This is the only
//! module that knows TOML.

mod diag;
mod keys;
pub mod params;
mod raw;
pub mod schema;
mod types;
mod validate;
mod warn;

pub use diag::{Diagnostic, LoadError, Origin, Severity, line_col};
pub use raw::{NumericKey, UNSET, numeric_keys, parse_override};

/// The override string of `--unset KEY.PATH`, as [`load`] takes it and provenance
/// records it: `unset KEY.PATH`.
pub fn unset_override(path: &str) -> String {
    format!("{UNSET}{}", path.trim())
}
pub use types::*;
pub use warn::typical_temptation;

/// Largest scenario file [`load`] accepts: 10 MiB, checked before parsing. Real
/// scenarios are a few kilobytes.
pub const MAX_FILE_BYTES: usize = 10 << 20;
/// Most `[[actor]]`s a scenario may have.
pub const MAX_ACTORS: usize = 1000;
/// Most `[[issue]]`s a scenario may have.
pub const MAX_ISSUES: usize = 100;

/// Largest magnitude of any number in a scenario (payoffs, costs, ranges,
/// distribution parameters): 10^15. Beyond it, discounted sums over many rounds and
/// runs could overflow to infinity.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// A loaded scenario with what the run's provenance needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub scenario: Scenario,
    /// Valid but suspicious points; render them with [`render_warnings`].
    pub warnings: Vec<Diagnostic>,
    /// Lower-case hex SHA-256 of the file's bytes (before overrides).
    pub sha256: String,
    /// The `--set` strings as given, then the `--unset` ones as `unset KEY.PATH`.
    pub overrides: Vec<String>,
}

/// Load a scenario from bytes (no IO). `name` is the path shown in messages;
/// `overrides` are `key.path=value` strings from `--set` and `unset key.path` strings
/// from `--unset` ([`unset_override`]), applied in order before validation. Returns every error found, not just the first.
///
/// ```
/// let toml = br#"
/// [scenario]
/// name = "Toy"
/// [game]
/// payoffs = [[[3, 3], [0, 5]], [[5, 0], [1, 1]]]
/// "#;
/// let loaded = detente::scenario::load("toy.toml", toml, &["scenario.horizon=10".into()]).unwrap();
/// assert_eq!(loaded.scenario.meta.horizon, 10);
/// let err = detente::scenario::load("toy.toml", b"[scenario]\nname = 1\n", &[]).unwrap_err();
/// assert!(err.render().contains("toy.toml:2:8"));
/// ```
pub fn load(name: &str, bytes: &[u8], overrides: &[String]) -> Result<Loaded, LoadError> {
    let mut diags = Vec::new();
    if bytes.len() > MAX_FILE_BYTES {
        diags.push(Diagnostic {
            severity: Severity::Error,
            message: format!(
                "the file is too large for a scenario ({} bytes; scenario files are limited to {MAX_FILE_BYTES} bytes, 10 MiB)",
                bytes.len()
            ),
            span: None,
            origin: Origin::File,
            hint: Some(
                "a scenario is a few kilobytes of TOML; check that this is the file you meant"
                    .into(),
            ),
        });
        return Err(LoadError {
            diagnostics: diags,
            name: name.to_string(),
            source: String::new(),
            overrides: overrides.to_vec(),
        });
    }
    let (source, tree) = raw::parse_file(bytes, &mut diags);
    let scenario = tree.and_then(|mut root| {
        raw::apply_overrides(&mut root, overrides, &mut diags);
        let mut cx = validate::Cx {
            diags: std::mem::take(&mut diags),
        };
        let out = validate::validate(&root, &mut cx);
        diags = cx.diags;
        out
    });
    match scenario {
        Some((scenario, places)) if diags.is_empty() => {
            let warnings = warn::warnings(&scenario, &places);
            Ok(Loaded {
                scenario,
                warnings,
                sha256: sha256_hex(bytes),
                overrides: overrides.to_vec(),
            })
        }
        _ => {
            // Reading order: the file first, then each override; within one, by place.
            diags.sort_by_key(|d| (d.origin, d.span.as_ref().map(|s| s.start)));
            Err(LoadError {
                diagnostics: diags,
                name: name.to_string(),
                source,
                overrides: overrides.to_vec(),
            })
        }
    }
}

/// Render `loaded.warnings` (annotate-snippets style, no colour) against the file they
/// came from: pass the same `name` and `bytes` given to [`load`]. Empty when there are
/// no warnings.
pub fn render_warnings(loaded: &Loaded, name: &str, bytes: &[u8]) -> String {
    let source = String::from_utf8_lossy(bytes);
    diag::render_all(&loaded.warnings, name, &source, &loaded.overrides)
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
