//! The binary's command-line surface: help, exit codes.

use assert_cmd::Command;

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

#[test]
fn help_exits_zero() {
    detente().arg("--help").assert().success();
}

#[test]
fn unknown_flag_exits_two() {
    detente().arg("--no-such-flag").assert().code(2);
}
