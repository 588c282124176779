//! Validation warnings whose advice is right: every warning of `scenario::warn` is
//! triggered, its advice (the `--set` overrides its help names) is applied, and the
//! warning must be gone.

use detente::scenario::load;

const TEMPLATE: &str = include_str!("../../src/cli/templates/treaty.toml");

/// The warnings of the treaty template with `set` applied, as (message, help).
fn warnings(set: &[String]) -> Vec<(String, String)> {
    let loaded = load("treaty.toml", TEMPLATE.as_bytes(), set).expect("valid scenario");
    loaded
        .warnings
        .iter()
        .map(|w| (w.message.clone(), w.hint.clone().unwrap_or_default()))
        .collect()
}

/// The `--set KEY=VALUE` overrides a help text suggests.
fn advice(help: &str) -> Vec<String> {
    help.split("--set ")
        .skip(1)
        .map(|rest| {
            rest.split(|c: char| c == ')' || c.is_whitespace())
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

/// Trigger a warning with `bad`, apply the advice of the warning that names
/// `needle`, and check that no such warning is left.
fn check(bad: &[&str], needle: &str) {
    let mut set: Vec<String> = bad.iter().map(|s| s.to_string()).collect();
    let before = warnings(&set);
    let Some((_, help)) = before.iter().find(|(m, _)| m.contains(needle)) else {
        panic!("{bad:?} should warn about {needle}: {before:?}");
    };
    let fix = advice(help);
    assert!(!fix.is_empty(), "the advice names an override: {help}");
    set.extend(fix);
    let after = warnings(&set);
    assert!(
        after.iter().all(|(m, _)| !m.contains(needle)),
        "after the advice {set:?} the warning is still there: {after:?}"
    );
}

#[test]
fn no_temptation_advice_names_the_key_of_each_process() {
    let pd = "is not a prisoner's dilemma";
    check(
        &[r#"actor.a.payoffs.temptation={ process = "iid", mean = 0, sd = 0.1 }"#],
        pd,
    );
    check(
        &[
            r#"actor.a.payoffs.temptation={ process = "random_walk", start = 0, drift = 0, volatility = 0.1 }"#,
        ],
        pd,
    );
    check(
        &[
            r#"actor.a.payoffs.temptation={ process = "ar1", mean = 0, phi = 0.5, sd = 0.1, start = 0 }"#,
        ],
        pd,
    );
    let rw = warnings(&[r#"actor.a.payoffs.temptation={ process = "random_walk", start = 0, drift = 0, volatility = 0.1 }"#.to_string()]);
    assert!(
        rw.iter().all(|(_, h)| !h.contains("temptation.mean")),
        "a random walk has no `mean`: {rw:?}"
    );
}

#[test]
fn costless_betrayal_advice_makes_a_prisoners_dilemma() {
    check(
        &[
            r#"actor.a.payoffs.temptation={ process = "iid", mean = 0.5, sd = 0 }"#,
            "actor.a.payoffs.betrayal=0",
        ],
        "breaking the treaty costs nothing",
    );
}

#[test]
fn tournament_with_a_file_suggests_game() {
    let o = assert_cmd::Command::cargo_bin("detente")
        .unwrap()
        .args(["tournament", "my-game.toml"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("= help: detente tournament --game my-game.toml"),
        "{err}"
    );
}

#[test]
fn a_form_change_that_leaves_stated_exit_terms_warns() {
    let run = |variant: &str| {
        let o = assert_cmd::Command::cargo_bin("detente")
            .unwrap()
            .args([
                "compare",
                "scenarios/security-guarantees.toml",
                "--runs",
                "50",
            ])
            .args(["--variant", variant])
            .output()
            .unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let err = run(r#"verbal:treaty.form="verbal""#);
    assert!(
        err.contains("changes the treaty's form but not treaty.notice"),
        "{err}"
    );
    // The advice applied: the warning is gone.
    let err = run(r#"verbal:treaty.form="verbal",treaty.exit_cost=0,treaty.notice=0"#);
    assert!(!err.contains("warning"), "{err}");

    // A party's own notice, stated, stays when only the form changes: named in the
    // warning, and the advice applied silences it.
    let per_actor = |variant: &str| {
        let o = assert_cmd::Command::cargo_bin("detente")
            .unwrap()
            .args(["compare", "scenarios/security-guarantees.toml"])
            .args(["--runs", "20", "-q", "--set", "actor.usa.notice=3"])
            .args(["--variant", variant])
            .output()
            .unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let verbal = r#"verbal:treaty.form="verbal",treaty.exit_cost=0,treaty.notice=0"#;
    let err = per_actor(verbal);
    assert!(err.contains("but not actor.usa.notice=3"), "{err}");
    assert!(err.contains("e.g. actor.usa.notice=0"), "{err}");
    let err = per_actor(&format!("{verbal},actor.usa.notice=0"));
    assert!(!err.contains("warning"), "{err}");
}
