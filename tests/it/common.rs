//! Helpers the integration tests share: the binary as a command, and what it prints
//! as JSON.

use assert_cmd::Command;

/// The `detente` binary, as a command to give arguments to.
pub fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

/// Run `detente ARGS… --json -`, assert that it succeeded, and parse what it printed.
pub fn json_out(args: &[&str]) -> serde_json::Value {
    let out = detente().args(args).args(["--json", "-"]).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Uniform numbers in [0, 1) from a fixed 64-bit linear congruential sequence started
/// at `state` (Knuth's MMIX constants, the top 53 bits): the same numbers on every
/// machine, without an RNG crate. benches/expected_utility.rs draws its 100-actor
/// issue from the same sequence.
pub fn lcg(mut state: u64) -> impl FnMut() -> f64 {
    move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    }
}
