//! Fuzz the scenario loader: arbitrary file bytes and arbitrary `--set` strings must
//! give `Ok` or `Err` (and an error that renders), never a panic, a hang or an
//! unbounded allocation. Run with `cargo fuzz run load` (see docs/scaling.md).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input<'a> {
    file: &'a [u8],
    overrides: Vec<String>,
}

fuzz_target!(|input: Input<'_>| {
    // At most a handful of overrides, as on a command line.
    let overrides: Vec<String> = input.overrides.into_iter().take(8).collect();
    match detente::scenario::load("fuzz.toml", input.file, &overrides) {
        Ok(loaded) => {
            let _ = detente::scenario::render_warnings(&loaded, "fuzz.toml", input.file);
        }
        Err(e) => {
            let _ = e.render();
        }
    }
});
