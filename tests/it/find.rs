//! `detente find`: the threshold search recovers a closed-form threshold, agrees with
//! `run` at the values it reports, is deterministic, and refuses bad input with exit 2.

use crate::common::{detente, json_out};
use detente::theory::bargaining::commitment_problem;

fn find_json(args: &[&str]) -> serde_json::Value {
    json_out(&[&["find"], args].concat())
}

/// p′ of power-shift.toml when the rising state's capability is `c` (the declining
/// state's is 3).
fn p_after(c: f64) -> f64 {
    c / (c + 3.0)
}

#[test]
fn find_recovers_the_commitment_problem_threshold_of_power_shift() {
    // power-shift.toml has no uncertainty: war in every run iff
    // δp′ − p > w_S + δ w_R (docs/theory.md), with p = 0.4, δ = 0.9, w = 0.02 and the
    // shift one round after the treaty's first: p′* = (0.4 + 0.02 + 0.9·0.02)/0.9, so
    // the rising state's capability at the threshold is c* = 3p′*/(1 − p′*) ≈ 2.8442.
    let v = find_json(&[
        "scenarios/power-shift.toml",
        "--vary",
        "power.capability.rising=2..4.5",
        "--target",
        "war >= 0.5",
        "--runs",
        "20",
    ]);
    let o = &v["search"]["outcome"];
    assert_eq!(o["kind"], "found", "{v:#}");
    let value = o["value"].as_f64().unwrap();
    let [a, b] = [
        o["bracket"][0].as_f64().unwrap(),
        o["bracket"][1].as_f64().unwrap(),
    ];
    let tol = v["tolerance"].as_f64().unwrap();
    assert!((tol - 2.5 / 1000.0).abs() < 1e-12);
    assert_eq!(
        value, b,
        "the smallest value meeting the target is the upper end"
    );
    assert!(b - a <= tol, "bracket [{a}, {b}] wider than {tol}");
    let p_star = (0.4 + 0.02 + 0.9 * 0.02) / 0.9;
    let c_star = 3.0 * p_star / (1.0 - p_star);
    assert!(
        a < c_star && c_star <= b,
        "c* = {c_star} outside the bracket [{a}, {b}]"
    );
    // The theory's own solution agrees on both sides of the bracket.
    let war = |c: f64| commitment_problem(0.4, p_after(c), 0.9, 0.02, 0.02, 1).war_now;
    assert!(
        !war(a) && war(b),
        "theory at {a}: {}, at {b}: {}",
        war(a),
        war(b)
    );
    // No uncertainty: every run is the same, so the metric's interval cannot blur the
    // answer beyond the bracket.
    assert_eq!(o["interval"][0].as_f64().unwrap(), a, "{o}");
    assert_eq!(o["interval"][1].as_f64().unwrap(), b, "{o}");
}

#[test]
fn the_largest_war_cost_that_still_leads_to_war_is_the_closed_form_one() {
    // The same condition solved for the declining state's war cost:
    // w_S* = δp′ − p − δ w_R = 0.9·0.6 − 0.4 − 0.018 = 0.122; war for every w_S below.
    let v = find_json(&[
        "scenarios/power-shift.toml",
        "--vary",
        "actor.declining.payoffs.war_cost=0..0.5",
        "--target",
        "conflict >= 50%",
        "--largest",
        "--runs",
        "10",
    ]);
    let o = &v["search"]["outcome"];
    let value = o["value"].as_f64().unwrap();
    let [a, b] = [
        o["bracket"][0].as_f64().unwrap(),
        o["bracket"][1].as_f64().unwrap(),
    ];
    assert_eq!(
        value, a,
        "the largest value meeting the target is the lower end"
    );
    let w_star = 0.9 * 0.6 - 0.4 - 0.9 * 0.02;
    assert!(
        a <= w_star && w_star < b,
        "w* = {w_star} outside [{a}, {b}]"
    );
    assert!(b - a <= 0.5 / 1000.0);
}

/// The metric `run` prints for the first treaty's survival at the horizon.
fn survival_at(scenario: &str, set: &str, runs: &str) -> f64 {
    let v = json_out(&["run", scenario, "--runs", runs, "--set", set]);
    v["summary"]["headline"]["first_treaty_survival"][0]
        .as_f64()
        .unwrap()
}

#[test]
fn with_monte_carlo_noise_the_answer_is_where_run_crosses_the_target() {
    // A costlier exit keeps first treaties in force longer, run by run (common random
    // numbers). On the flagship about 25% last at an exit cost of 0 and about 70% at
    // 40, so a 60% target is bracketed. The answer must meet the target in `run` with
    // the same seed and runs, and the other end of the bracket must not: the search is
    // exact for the experiment it plays; the 95% range must hold the answer.
    let v = find_json(&[
        "scenarios/security-guarantees.toml",
        "--vary",
        "treaty.exit_cost=0..40",
        "--target",
        "first_treaty_survives >= 0.6",
        "--runs",
        "60",
        "--tolerance",
        "2",
    ]);
    let o = &v["search"]["outcome"];
    assert_eq!(o["kind"], "found", "{v:#}");
    let [a, b] = [
        o["bracket"][0].as_f64().unwrap(),
        o["bracket"][1].as_f64().unwrap(),
    ];
    let set = |x: f64| format!("treaty.exit_cost={x}");
    let s = "scenarios/security-guarantees.toml";
    assert!(survival_at(s, &set(b), "60") >= 0.6);
    assert!(survival_at(s, &set(a), "60") < 0.6);
    let lo = o["interval"][0].as_f64().unwrap_or(0.0);
    let hi = o["interval"][1].as_f64().unwrap_or(40.0);
    assert!(
        lo <= a && b <= hi,
        "range [{lo}, {hi}] vs bracket [{a}, {b}]"
    );
    // With 60 runs the Greenwood interval at 60% is about ±12 points wide: the range
    // is wider than the bracket.
    assert!(hi - lo > b - a, "[{lo}, {hi}]");
}

#[test]
fn find_prints_the_same_bytes_whatever_the_thread_count() {
    let args = |t: &str| {
        detente()
            .args([
                "find",
                "scenarios/security-guarantees.toml",
                "--vary",
                "treaty.exit_cost=0..40",
                "--target",
                "first_treaty_survives >= 0.6",
                "--runs",
                "30",
                "--tolerance",
                "5",
                "--threads",
                t,
            ])
            .output()
            .unwrap()
    };
    let (one, two) = (args("1"), args("2"));
    assert!(one.status.success());
    assert!(!one.stdout.is_empty());
    assert_eq!(one.stdout, two.stdout);
    for l in String::from_utf8(one.stdout).unwrap().lines() {
        assert!(l.chars().count() <= 100, "{l}");
    }
}

#[test]
fn a_target_not_bracketed_is_said_plainly_with_exit_code_1() {
    let out = detente()
        .args([
            "find",
            "scenarios/power-shift.toml",
            "--vary",
            "power.capability.rising=3..4.5",
            "--target",
            "war >= 0.5",
            "--runs",
            "5",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("Not bracketed") && text.contains("met at both ends (3 and 4.5)"),
        "{text}"
    );
    // Met only at the low end while the smallest is asked: use --largest.
    let out = detente()
        .args([
            "find",
            "scenarios/power-shift.toml",
            "--vary",
            "power.capability.rising=2..4.5",
            "--target",
            "war <= 0.5",
            "--runs",
            "5",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("--largest"));
}

#[test]
fn bad_find_input_is_refused_with_exit_code_2_and_advice() {
    let cases: [(&[&str], &str); 7] = [
        (
            &[
                "--vary",
                "treaty.exit_cost=0..1",
                "--target",
                "survives >= 0.8",
            ],
            "unknown metric `survives`",
        ),
        (
            &[
                "--vary",
                "treaty.exit_cost=0..1",
                "--target",
                "agrement >= 0.8",
            ],
            "did you mean `agreement`",
        ),
        (
            &[
                "--vary",
                "treaty.exit_cost=0..1",
                "--target",
                "agreement > 0.8",
            ],
            "has no `>=` or `<=`",
        ),
        (
            &[
                "--vary",
                "treaty.exit_cost=5..1",
                "--target",
                "agreement >= 0.8",
            ],
            "LO must be smaller than HI",
        ),
        (
            &[
                "--vary",
                "treaty.exit_cost=0..1",
                "--target",
                "agreement >= 2",
            ],
            "between 0 and 1",
        ),
        (
            &[
                "--vary",
                "treaty.exit_cost=0..1",
                "--target",
                "payoff.ussrr >= 2",
            ],
            "did you mean `payoff.ussr`",
        ),
        (
            &[
                "--vary",
                "treaty.exit_cots=0..1",
                "--target",
                "agreement >= 0.5",
            ],
            "exit_cost",
        ),
    ];
    for (args, says) in cases {
        let out = detente()
            .args(["find", "scenarios/inf-treaty.toml", "--runs", "5"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
}
