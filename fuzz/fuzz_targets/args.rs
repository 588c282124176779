//! Fuzz the parsers of command-line values that reach the scenario: `--vary
//! KEY=START..END:POINTS` (and the `--set` text of each of its points), arbitrary
//! `--set KEY.PATH=VALUE` strings and `--shard K/N`, applied to a real scenario. Every
//! input must give a value or an error that renders, never a panic or a hang.
//! Run with `cargo fuzz run args` (docs/scaling.md).
#![no_main]

use libfuzzer_sys::fuzz_target;

const SCENARIO: &[u8] = include_bytes!("../../scenarios/security-guarantees.toml");

// The input is text, one value per line: the `--vary`, the `--shard`, then up to six
// `--set`s (so the corpus is readable and seeds are plain command-line values).
fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let vary = lines.next().unwrap_or_default();
    let shard = lines.next().unwrap_or_default();
    if let Ok(sh) = detente::shard::Shard::parse(shard) {
        let (a, b) = sh.range(1_000_000_000_000);
        assert!(a <= b);
    }
    let mut sets: Vec<String> = lines.take(6).map(str::to_string).collect();
    if let Ok(v) = detente::cli::sweep::parse_vary(vary) {
        assert!(v.values.len() >= 2 && v.values.iter().all(|x| x.is_finite()));
        let last = v.values[v.values.len() - 1];
        sets.push(detente::cli::sweep::set_value(&v.path, last));
    }
    match detente::scenario::load("fuzz.toml", SCENARIO, &sets) {
        Ok(loaded) => {
            let _ = detente::scenario::render_warnings(&loaded, "fuzz.toml", SCENARIO);
        }
        Err(e) => {
            let _ = e.render();
        }
    }
});
