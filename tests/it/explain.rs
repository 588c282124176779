//! `detente explain`: a snapshot of the explanation of every shipped scenario, and the
//! command's behaviour on overrides and bad input.

use crate::scenarios::{load_ok, shipped};
use assert_cmd::Command;
use detente::report::explain::explain_with_engine as explain;

#[test]
fn explanations_of_shipped_scenarios() {
    for f in shipped() {
        let s = load_ok(&f).scenario;
        let stem = f
            .file_stem()
            .expect("file name")
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(format!("explain_{stem}"), explain(&s));
    }
}

#[test]
fn every_explanation_fits_a_hundred_columns() {
    // Paragraphs wrap at 92 columns and tables fit 100: a table too wide with one
    // column per actor (EC's ten states) turns to one line per actor.
    for f in shipped() {
        let e = explain(&load_ok(&f).scenario);
        for l in e.lines() {
            assert!(
                l.chars().count() <= 100,
                "{}: a line of {} columns: {l}",
                f.display(),
                l.chars().count()
            );
        }
    }
}

#[test]
fn security_guarantees_fits_a_projector() {
    let s = load_ok(std::path::Path::new("scenarios/security-guarantees.toml")).scenario;
    let e = explain(&s);
    let lines = e.lines().count();
    // 81 lines since the US's public commitment to the open door got its line.
    assert!((40..=84).contains(&lines), "{lines} lines:\n{e}");
    let widest = e.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    // Paragraphs wrap at 92 columns and tables fit 100.
    assert!(widest <= 100, "a line of {widest} columns:\n{e}");
    assert!(e.contains(
        "Europe (NATO allies) can discuss, not decide: United States must accept what they agree."
    ));
    assert!(e.contains("Type: prisoner's dilemma."), "{e}");
}

/// What `detente explain FILE --set SET` prints (it must succeed).
fn explain_cli(file: &str, set: &str) -> String {
    let out = Command::cargo_bin("detente")
        .expect("binary")
        .args(["explain", file, "--set", set])
        .assert()
        .success();
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

#[test]
fn cli_explains_with_overrides() {
    let text = explain_cli("scenarios/prisoners-dilemma.toml", "scenario.horizon=7");
    assert!(text.contains("7 rounds simulated per run"), "{text}");
    assert!(text.contains("Type: prisoner's dilemma."), "{text}");
}

#[test]
fn cli_reports_bad_input_with_its_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let f = dir.path().join("bad.toml");
    std::fs::write(&f, "[scenario]\nname = 1\n").expect("write");
    let out = Command::cargo_bin("detente")
        .expect("binary")
        .arg("explain")
        .arg(&f)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(err.contains("bad.toml:2:8"), "{err}");
}

#[test]
fn expected_utility_talks_are_explained_at_the_terms_their_runs_agree_on() {
    // The EC example has no uncertain input, so every run agrees on one standard; the
    // stage game `explain` prints must be the one in force at it, not at the midpoint
    // of the ideals (6.7).
    let out = Command::cargo_bin("detente")
        .expect("binary")
        .args(["run", "scenarios/ec-emissions.toml", "--runs", "3", "-q"])
        .args(["--json", "-"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    let agreed = json["summary"]["terms"][0]["quantiles"]["p05"]
        .as_f64()
        .expect("agreed standard");
    let s = load_ok(std::path::Path::new("scenarios/ec-emissions.toml")).scenario;
    let e = explain(&s).replace("\n  ", " ");
    let said = format!(
        "Terms used below: the expected-utility model's prediction from the typical inputs \
         (standard = {agreed:.3})."
    );
    assert!(e.contains(&said), "want {said:?} in:\n{e}");
    // The table of wants shows the saliences the model reads (Belgium's published 40).
    assert!(e.contains("(and its salience as written, in %)"), "{e}");
    assert!(e.contains("7 (40%)"), "{e}");
    // On an indivisible issue the talks agree on the allowed value nearest the
    // prediction (7 of 4, 7, 10), and so does the explanation.
    let text = explain_cli(
        "scenarios/ec-emissions.toml",
        "issue.standard.values=[4, 7, 10]",
    )
    .replace("\n  ", " ");
    assert!(text.contains("typical inputs (standard = 7)."), "{text}");
}

#[test]
fn many_deciding_parties_get_one_row_of_payoffs_each() {
    // Ten deciding parties: one row of R, S, T, P each instead of 45 matrices, and the
    // pairs' game types counted.
    let s = load_ok(std::path::Path::new("scenarios/ec-emissions.toml")).scenario;
    let e = explain(&s);
    assert!(!e.contains("(rows) and"), "{e}");
    assert!(e.contains("45 pairs"), "{e}");
    let row = e
        .lines()
        .skip_while(|l| !l.contains("both comply (R)"))
        .find(|l| l.trim_start().starts_with("Belgium "))
        .expect("Belgium's row of payoffs");
    let cells: Vec<&str> = row.split_whitespace().skip(1).collect();
    // Treaty worth v = 0.935 at the terms, temptation 0.2, betrayal −3 × 1/9.
    assert_eq!(cells, ["0.935", "0.601", "1.135", "0.801"], "{row}");
    assert!(e.contains("Every pair: prisoner's dilemma."), "{e}");
    assert!(e.contains("Temptation of every party: varies each round around 0.2"));
    // One party that is not tempted changes the type of its nine pairs only.
    let text = explain_cli(
        "scenarios/ec-emissions.toml",
        "actor.belgium.payoffs.temptation.mean=-0.5",
    )
    .replace("\n    ", " ");
    assert!(
        text.contains("9 pairs (such as Netherlands and Belgium): other"),
        "{text}"
    );
    assert!(
        text.contains("36 pairs (such as Netherlands and Luxembourg): prisoner's dilemma."),
        "{text}"
    );
    assert!(text.contains("Temptation of Belgium: varies each round around -0.5"));
}

/// Issue: in crisis talks `explain` named only the reservation utility as what a
/// party accepts, though a responder also refuses terms worse than war. Fearon's
/// scenario: A wins with p = 0.4 at a cost of 0.1 a month, B with 1 − p at a cost
/// uniform on [0, 0.5] (typical 0.25), so their war lines are p − c_A = 0.3 and
/// (1 − p) − c_B = 0.35 in utility; with A's war cost raised to 0.7, A's line is
/// below 0 and its reservation utility is what binds again.
#[test]
fn crisis_talks_explain_the_war_line_where_it_binds() {
    let text = explain_cli("scenarios/fearon-risk-return.toml", "scenario.runs=10");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for line in [
        "at least 0.3 of 1, its war line",
        "at least 0.35 of 1, its war line",
    ] {
        assert!(flat.contains(line), "{line} in {text}");
    }
    let text = explain_cli(
        "scenarios/fearon-risk-return.toml",
        "actor.a.payoffs.war_cost=0.7",
    );
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(flat.matches("its war line").count(), 1, "{text}");
    assert!(flat.contains("at least 0.35 of 1, its war line"), "{text}");
}
