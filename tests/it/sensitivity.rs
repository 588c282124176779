//! `detente sensitivity`: changes of the right sign where theory fixes them, "no
//! effect" where a parameter cannot matter, bad input refused with exit 2.

use crate::common::{detente, json_out};
use detente::theory::bargaining::commitment_problem;

fn sensitivity_json(args: &[&str]) -> serde_json::Value {
    json_out(&[&["sensitivity"], args].concat())
}

fn effect<'a>(v: &'a serde_json::Value, key: &str) -> &'a serde_json::Value {
    v["effects"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["key"] == key)
        .unwrap_or_else(|| panic!("no effect for {key}: {v:#}"))
}

fn change(e: &serde_json::Value, side: &str) -> f64 {
    e[side]["value"].as_f64().unwrap()
}

#[test]
fn the_commitment_problem_fixes_each_change_and_betrayal_has_no_effect() {
    // power-shift.toml with the rising state's capability at 2.9 is just past the
    // threshold: war in every run, since δp′ − p > w_S + δw_R (docs/theory.md). Moved
    // by ±50%, each side is war or peace by that same condition, so every change of
    // the share of war is exactly 0 or −100 points. The parties comply whatever
    // happens (cooperators), so the loss from being cheated (betrayal) never enters
    // a run: no effect.
    let v = sensitivity_json(&[
        "scenarios/power-shift.toml",
        "--set",
        "power.capability.rising=2.9",
        "--metric",
        "war",
        "--by",
        "50%",
        "--param",
        "power.capability.rising",
        "--param",
        "actor.declining.payoffs.war_cost",
        "--param",
        "actor.declining.payoffs.betrayal",
        "--runs",
        "5",
    ]);
    assert_eq!(v["baseline"]["value"], 1.0);
    let war = |c: f64, ws: f64| commitment_problem(0.4, c / (c + 3.0), 0.9, ws, 0.02, 1).war_now;
    let expect = |w: bool| if w { 0.0 } else { -1.0 };
    let cap = effect(&v, "power.capability.rising");
    assert_eq!(cap["low"], 1.45);
    assert_eq!(change(cap, "d_low"), expect(war(1.45, 0.02)));
    assert_eq!(change(cap, "d_high"), expect(war(4.35, 0.02)));
    assert_eq!(change(cap, "d_low"), -1.0, "less power shift: peace");
    let ws = effect(&v, "actor.declining.payoffs.war_cost");
    assert_eq!(change(ws, "d_low"), expect(war(2.9, 0.01)));
    assert_eq!(change(ws, "d_high"), expect(war(2.9, 0.03)));
    assert_eq!(change(ws, "d_high"), -1.0, "a costlier war: peace");
    // The table flags betrayal, and only betrayal.
    let out = detente()
        .args([
            "sensitivity",
            "scenarios/power-shift.toml",
            "--set",
            "power.capability.rising=2.9",
            "--metric",
            "war",
            "--by",
            "50%",
            "--param",
            "power.capability.rising",
            "--param",
            "actor.declining.payoffs.betrayal",
            "--runs",
            "5",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    // A flagged row, with its key on the line or (a long key) on the line above.
    let lines: Vec<&str> = text.lines().collect();
    let flagged: Vec<String> = (1..lines.len())
        .filter(|&k| lines[k].ends_with("no effect"))
        .map(|k| format!("{}{}", lines[k - 1], lines[k]))
        .collect();
    assert_eq!(flagged.len(), 1, "{text}");
    assert!(
        flagged[0].contains("actor.declining.payoffs.betrayal"),
        "{text}"
    );
    assert!(
        text.contains("No effect (1): actor.declining.payoffs.betrayal"),
        "{text}"
    );
    for l in text.lines() {
        assert!(l.chars().count() <= 100, "{l}");
    }
}

#[test]
fn a_costlier_exit_keeps_first_treaties_longer() {
    // Same runs at every value (common random numbers): a costlier exit raises each
    // party's exit threshold, so first treaties last at least as long run by run.
    // The change is large here (±5 around an exit cost of 10), so both signs show.
    let v = sensitivity_json(&[
        "scenarios/verbal-assurance.toml",
        "--set",
        "treaty.exit_cost=10",
        "--by",
        "50%",
        "--param",
        "treaty.exit_cost",
        "--runs",
        "200",
    ]);
    let e = effect(&v, "treaty.exit_cost");
    assert_eq!(
        (e["low"].as_f64(), e["high"].as_f64()),
        (Some(5.0), Some(15.0))
    );
    assert!(change(e, "d_low") < 0.0, "{e}");
    assert!(change(e, "d_high") > 0.0, "{e}");
    // The interval holds the change.
    for side in ["d_low", "d_high"] {
        let d = &e[side];
        assert!(d["lo"].as_f64() <= d["value"].as_f64() && d["value"].as_f64() <= d["hi"].as_f64());
    }
}

#[test]
fn sensitivity_is_deterministic_and_refuses_bad_input() {
    let args = [
        "sensitivity",
        "scenarios/power-shift.toml",
        "--runs",
        "3",
        "--metric",
        "agreement",
    ];
    let a = detente()
        .args(args)
        .args(["--threads", "1"])
        .output()
        .unwrap();
    let b = detente()
        .args(args)
        .args(["--threads", "2"])
        .output()
        .unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let cases: [(&[&str], &str); 5] = [
        (&["--metric", "agreemnt"], "did you mean `agreement`"),
        (&["--by", "0"], "--by `0`"),
        (&["--by", "150%"], "--by `150%`"),
        (
            &["--param", "power.capability.risin"],
            "did you mean `power.capability.rising`",
        ),
        (&["--plot", "tornado.jpg"], "does not end in .png or .svg"),
    ];
    for (extra, says) in cases {
        let out = detente()
            .args(["sensitivity", "scenarios/power-shift.toml", "--runs", "3"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{extra:?}: {err}");
    }
}

#[test]
fn a_side_out_of_range_is_played_at_the_nearest_value_the_key_takes_and_said() {
    // A discount lies strictly between 0 and 1: 0.99 raised by 10% (1.089) is refused
    // by the loader, so the up side plays half-way to 1, 0.995. A probability may be
    // 1: `missed` at 0.95 raised by 10% (1.045) plays its bound, 1. Both say so.
    let args = [
        "scenarios/legally-binding.toml",
        "--set",
        "treaty.missed=0.95",
        "--param",
        "actor.russia.discount",
        "--param",
        "treaty.missed",
        "--runs",
        "20",
    ];
    let v = sensitivity_json(&args);
    let d = effect(&v, "actor.russia.discount");
    assert_eq!(
        (d["low"].as_f64(), d["high"].as_f64()),
        (Some(0.891), Some(0.995)),
        "{d}"
    );
    assert!(d["d_high"].is_object() && d.get("refused").is_none(), "{d}");
    let said = d["moved"][0].as_str().unwrap();
    assert!(said.contains("1.089") && said.contains("0.995"), "{said}");
    let m = effect(&v, "treaty.missed");
    assert_eq!(
        (m["low"].as_f64(), m["high"].as_f64()),
        (Some(0.855), Some(1.0)),
        "{m}"
    );
    assert!(m["d_high"].is_object() && m.get("refused").is_none(), "{m}");
    // A key already at its bound has no room on that side: left out, and said so.
    let v = sensitivity_json(&[
        "scenarios/legally-binding.toml",
        "--set",
        "treaty.missed=1.0",
        "--param",
        "treaty.missed",
        "--runs",
        "20",
    ]);
    let m = effect(&v, "treaty.missed");
    assert!(m["high"].is_null() && m["refused"].is_string(), "{m}");
    assert_eq!(m["low"].as_f64(), Some(0.9), "{m}");
    // The table says which values were played instead.
    let out = detente().arg("sensitivity").args(args).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("actor.russia.discount: raised to 1.089 it is out of range; played 0.995"),
        "{text}"
    );
    assert!(
        flat.contains("treaty.missed: raised to 1.045 it is out of range; played its bound 1"),
        "{text}"
    );
    for l in text.lines() {
        assert!(l.chars().count() <= 100 && !l.ends_with(' '), "{l:?}");
    }
}

#[test]
fn a_number_is_varied_as_its_key_takes_it_not_as_it_is_written() {
    // fearon-risk-return.toml writes `capability = 2` and `= 3` without a point: they
    // are real numbers, varied by ±10% (before, a TOML integer was taken for a whole
    // number and moved by ±1, which tripled A's chance to win at the low side). The
    // deadline takes whole numbers: it moves by one round (and 0 is out of range).
    let v = sensitivity_json(&["scenarios/fearon-risk-return.toml", "--runs", "50"]);
    for (key, base) in [("actor.a.capability", 2.0), ("actor.b.capability", 3.0)] {
        let e = effect(&v, key);
        assert_eq!(e["base"], base);
        assert!(
            (e["low"].as_f64().unwrap() - 0.9 * base).abs() < 1e-12,
            "{e}"
        );
        assert!(
            (e["high"].as_f64().unwrap() - 1.1 * base).abs() < 1e-12,
            "{e}"
        );
    }
    let d = effect(&v, "talks.deadline");
    assert_eq!(d["base"], 1.0);
    assert_eq!(d["high"], 2.0);
    assert!(d["low"].is_null(), "{d}");
}
