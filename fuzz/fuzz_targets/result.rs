//! Fuzz the readers of result files, as `merge`, `plot` and `run --check` use them:
//! arbitrary bytes as a run result (checked, digest verified, merged with a second
//! arbitrary part, summarised), as a sweep result (checked, merged), and as the input
//! of `plot` (parsed, checked, drawn as SVG). Every path must return, never panic,
//! hang or allocate without bound. Run with `cargo fuzz run result` (docs/scaling.md).
#![no_main]

use detente::report::compare::SweepResult;
use detente::report::json::{MaybePartial, RunFile, verify_seal};
use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;

/// The input is one file, or two separated by a NUL byte (so real result files seed
/// the corpus as they are); charts are drawn for inputs whose length is odd.
fn split(data: &[u8]) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

fn run_file(bytes: &[u8]) -> Option<RunFile> {
    let f: RunFile = serde_json::from_slice(bytes).ok()?;
    let _ = verify_seal(bytes);
    detente::shard::check_run_file("fuzz.json", &f).ok()?;
    Some(f)
}

fuzz_target!(|data: &[u8]| {
    let (first, second) = split(data);
    let draw = data.len() % 2 == 1;
    if let Some(a) = run_file(first) {
        let parts = match run_file(second) {
            Some(b) => vec![(PathBuf::from("a"), a), (PathBuf::from("b"), b)],
            None => vec![(PathBuf::from("a"), a)],
        };
        if let Ok(m) = detente::shard::merge_runs(&parts) {
            let _ = detente::report::json::to_sealed_json(&m);
        }
    }
    if let Ok(s) = serde_json::from_slice::<MaybePartial<SweepResult>>(first)
        && detente::shard::check_sweep_file("fuzz.json", &s.result).is_ok()
    {
        let _ = detente::shard::merge_sweeps(&[(PathBuf::from("a"), s.result)]);
    }
    if let Ok(summary) = detente::cli::plot::parse_summary(std::path::Path::new("fuzz.json"), first)
    {
        let _ = detente::report::table::render(&summary);
        if draw {
            let _ = detente::report::charts::run_charts_in(
                &summary,
                &[detente::report::charts::Format::Svg],
                (320, 240),
            );
        }
    }
});
