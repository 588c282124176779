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
