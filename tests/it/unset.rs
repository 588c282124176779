//! `--unset KEY.PATH`: removes a key so its default applies again (a party with no
//! `principal` decides), in `load`, `run`, `sweep`, `compare` and `validate`; errors
//! for unknown, absent and required keys point into the `--unset`.

use crate::common::{detente, json_out};
use detente::scenario::{Param, load, unset_override};

const SCENARIO: &str = "scenarios/security-guarantees.toml";

fn load_with(overrides: &[String]) -> Result<detente::scenario::Loaded, String> {
    let bytes = std::fs::read(SCENARIO).unwrap();
    load(SCENARIO, &bytes, overrides).map_err(|e| e.render())
}

fn europe(s: &detente::scenario::Scenario) -> &detente::scenario::Actor {
    s.actors.iter().find(|a| a.id == "europe").unwrap()
}

#[test]
fn unsetting_the_principal_makes_a_party_a_decider() {
    let before = load_with(&[]).unwrap().scenario;
    assert!(europe(&before).principal.is_some());
    let after = load_with(&[unset_override("actor.europe.principal")])
        .unwrap()
        .scenario;
    assert_eq!(europe(&after).principal, None);
    assert!(europe(&after).decides());
    assert_eq!(after.deciders().len(), before.deciders().len() + 1);
}

#[test]
fn an_unset_applies_after_a_set_and_restores_the_default() {
    let set = "treaty.exit_cost=7".to_string();
    let s = load_with(std::slice::from_ref(&set)).unwrap().scenario;
    assert_eq!(s.treaty.exit_cost, Param::Fixed(7.0));
    let both = load_with(&[set, unset_override("treaty.exit_cost")])
        .unwrap()
        .scenario;
    let none = load_with(&[unset_override("treaty.exit_cost")])
        .unwrap()
        .scenario;
    assert_eq!(both.treaty.exit_cost, none.treaty.exit_cost);
    assert_ne!(both.treaty.exit_cost, Param::Fixed(7.0));
}

#[test]
fn bad_unsets_are_located_in_the_unset_with_a_hint() {
    // (key path, expected message part, expected column of the caret in `unset …`)
    let cases = [
        ("actor.europe.prinicpal", "did you mean `principal`?", 20),
        ("actor.europa.principal", "no actor `europa`", 13),
        ("actor.usa.principal", "nothing to unset", 17),
        ("actor.europe.id", "cannot be removed", 7),
        ("scenario.name", "cannot be removed", 7),
        ("scenario", "`scenario` is a table", 7),
        ("actor.europe", "is a whole actor", 7),
        ("actor", "needs an id", 7),
        ("nonsense.key", "unknown key `nonsense`", 7),
        ("treaty.form.x", "not a table", 7),
        ("actor..principal", "not a valid part of a key path", 13),
        ("actor.europe.principal=usa", "takes only a key path", 29),
    ];
    for (path, want, col) in cases {
        let err = load_with(&[unset_override(path)]).unwrap_err();
        assert!(
            err.contains(want),
            "--unset {path}: want `{want}` in\n{err}"
        );
        assert!(
            err.contains(&format!("--> --unset:1:{col}")),
            "--unset {path}: want the place 1:{col} in\n{err}"
        );
        assert!(err.contains("= help:"), "--unset {path}: no hint in\n{err}");
    }
}

#[test]
fn run_records_the_unset_and_changes_the_result() {
    let run =
        |extra: &[&str]| json_out(&[&["run", SCENARIO, "--runs", "300", "-q"], extra].concat());
    let base = run(&[]);
    let unset = run(&["--unset", "actor.europe.principal"]);
    assert_eq!(
        unset["summary"]["provenance"]["overrides"],
        serde_json::json!(["unset actor.europe.principal"])
    );
    // Europe decides now: its acceptance is needed, so the outcomes differ.
    assert_ne!(base["summary"]["outcomes"], unset["summary"]["outcomes"]);
}

#[test]
fn run_check_replays_an_unset() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let args = ["run", SCENARIO, "--runs", "200", "-q", "--unset"];
    detente()
        .args(args)
        .args(["actor.europe.principal", "--json", json.to_str().unwrap()])
        .assert()
        .success();
    detente()
        .args(["run", SCENARIO, "-q", "--check", json.to_str().unwrap()])
        .assert()
        .success();
}

#[test]
fn compare_variants_and_sweep_take_unsets() {
    let v = json_out(&[
        "compare",
        SCENARIO,
        "--runs",
        "200",
        "-q",
        "--variant",
        "europe-decides:unset actor.europe.principal",
    ]);
    assert_eq!(
        v["entries"][1]["overrides"],
        serde_json::json!(["unset actor.europe.principal"])
    );
    let v = json_out(&[
        "sweep",
        SCENARIO,
        "--runs",
        "50",
        "-q",
        "--vary",
        "treaty.exit_cost=0..10:2",
        "--unset",
        "actor.europe.principal",
    ]);
    assert_eq!(
        v["overrides"],
        serde_json::json!(["unset actor.europe.principal"])
    );
}

#[test]
fn a_bad_unset_exits_2_with_its_place() {
    for cmd in ["run", "validate", "explain", "analyze"] {
        let out = detente()
            .args([cmd, SCENARIO, "--unset", "actor.europe.prinicpal"])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {err}");
        assert!(err.contains("--> --unset:1:20"), "{cmd}: {err}");
    }
    let out = detente()
        .args(["compare", SCENARIO, "--variant", "x:actor.europe.principal"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unset KEY.PATH"));
}
