//! `analyze`: equilibria of the classic games (checked against nashpy 0.0.43 — see
//! each case), dominance, thresholds, the CLI's matrix syntax and its errors.

use assert_cmd::Command;
use detente::classroom::analyze::{analyze_game, parse_matrix};
use detente::classroom::nash::equilibria;

/// Row's and column's payoff matrices from `--matrix` syntax.
fn game(m: &str) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let g = parse_matrix(m).unwrap();
    let a = g
        .payoffs
        .iter()
        .map(|r| r.iter().map(|c| c[0]).collect())
        .collect();
    let b = g
        .payoffs
        .iter()
        .map(|r| r.iter().map(|c| c[1]).collect())
        .collect();
    (a, b)
}

/// Equilibria as (row mix, column mix), compared within 1e-9.
fn check(m: &str, expect: &[(&[f64], &[f64])]) {
    let (a, b) = game(m);
    let eq = equilibria(&a, &b).unwrap();
    let got: Vec<(Vec<f64>, Vec<f64>)> = eq
        .list
        .iter()
        .map(|e| (e.row.clone(), e.col.clone()))
        .collect();
    assert_eq!(got.len(), expect.len(), "{m}: got {got:?}");
    for ((gr, gc), (er, ec)) in got.iter().zip(expect) {
        for (x, y) in gr.iter().chain(gc).zip(er.iter().chain(ec.iter())) {
            assert!((x - y).abs() < 1e-9, "{m}: got {got:?}");
        }
    }
}

// nashpy support_enumeration and vertex_enumeration give the same sets for every case
// below: PD [(0,1),(0,1)]; chicken [(1,0),(0,1)], [(0,1),(1,0)], [(0.9,0.1),(0.9,0.1)];
// stag hunt [(1,0),(1,0)], [(0,1),(0,1)], [(0.75,0.25),(0.75,0.25)]; battle of the sexes
// [(1,0),(1,0)], [(0,1),(0,1)], [(2/3,1/3),(1/3,2/3)]; RPS [(1/3)x3, (1/3)x3]; von
// Stengel's 3x3 [(0,0,1),(0,0,1)], [(3/4,1/4,0),(3/4,1/4,0)], [(1/2,1/4,1/4),(1/2,1/4,1/4)].

#[test]
fn prisoners_dilemma_one_pure() {
    check("3 0; 5 1", &[(&[0.0, 1.0], &[0.0, 1.0])]);
}

#[test]
fn chicken_two_pure_one_mixed() {
    check(
        "0 -1; 1 -10",
        &[
            (&[1.0, 0.0], &[0.0, 1.0]),
            (&[0.0, 1.0], &[1.0, 0.0]),
            (&[0.9, 0.1], &[0.9, 0.1]),
        ],
    );
}

#[test]
fn stag_hunt_two_pure_one_mixed() {
    check(
        "4 0; 3 3",
        &[
            (&[1.0, 0.0], &[1.0, 0.0]),
            (&[0.0, 1.0], &[0.0, 1.0]),
            (&[0.75, 0.25], &[0.75, 0.25]),
        ],
    );
}

#[test]
fn battle_of_the_sexes_mixed_two_thirds() {
    check(
        "2,1 0,0; 0,0 1,2",
        &[
            (&[1.0, 0.0], &[1.0, 0.0]),
            (&[0.0, 1.0], &[0.0, 1.0]),
            (&[2.0 / 3.0, 1.0 / 3.0], &[1.0 / 3.0, 2.0 / 3.0]),
        ],
    );
}

#[test]
fn matching_pennies_half_half() {
    check("1,-1 -1,1; -1,1 1,-1", &[(&[0.5, 0.5], &[0.5, 0.5])]);
}

#[test]
fn rock_paper_scissors_thirds() {
    let t = 1.0 / 3.0;
    check(
        "0,0 -1,1 1,-1; 1,-1 0,0 -1,1; -1,1 1,-1 0,0",
        &[(&[t, t, t], &[t, t, t])],
    );
}

#[test]
fn von_stengel_3x3_three_equilibria() {
    check(
        "3,3 3,4 0,0; 4,3 0,0 1,4; 0,0 4,1 5,5",
        &[
            (&[0.0, 0.0, 1.0], &[0.0, 0.0, 1.0]),
            (&[0.75, 0.25, 0.0], &[0.75, 0.25, 0.0]),
            (&[0.5, 0.25, 0.25], &[0.5, 0.25, 0.25]),
        ],
    );
}

/// Degenerate: [[1,1],[1,0]] for both. The equilibria are (Top, any q) and (any p,
/// Left): two segments meeting at (Top, Left). Extreme equilibria (nashpy's vertex
/// enumeration agrees): (T,L), (T,R), (B,L), each once; the two segments are reported.
#[test]
fn degenerate_game_reports_extreme_points_and_segments() {
    let (a, b) = game("1,1 1,1; 1,1 0,0");
    let eq = equilibria(&a, &b).unwrap();
    assert!(eq.degenerate);
    let got: Vec<(Vec<f64>, Vec<f64>)> = eq
        .list
        .iter()
        .map(|e| (e.row.clone(), e.col.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (vec![1.0, 0.0], vec![1.0, 0.0]),
            (vec![1.0, 0.0], vec![0.0, 1.0]),
            (vec![0.0, 1.0], vec![1.0, 0.0]),
        ]
    );
    assert_eq!(eq.segments, vec![(0, 1), (0, 2)]);
}

/// A game with a duplicated strategy must not list the same equilibrium twice.
#[test]
fn duplicate_strategies_do_not_duplicate_equilibria() {
    let (a, b) = game("3 0 0; 5 1 1; 5 1 1");
    let eq = equilibria(&a, &b).unwrap();
    // Pure (D,D) with either copy of D for each player: 4 pure profiles, no repeats.
    assert_eq!(eq.list.iter().filter(|e| e.is_pure()).count(), 4);
    for i in 0..eq.list.len() {
        for j in i + 1..eq.list.len() {
            assert_ne!(
                (&eq.list[i].row, &eq.list[i].col),
                (&eq.list[j].row, &eq.list[j].col)
            );
        }
    }
}

#[test]
fn analysis_of_the_pd_has_thresholds_and_dominance() {
    let an = analyze_game(&parse_matrix("3 0; 5 1").unwrap());
    assert_eq!(an.repeated.len(), 1);
    let t = &an.repeated[0];
    assert_eq!(t.grim, 0.5);
    assert!((t.tft - 2.0 / 3.0).abs() < 1e-15);
    assert!((t.gtft_q - 1.0 / 3.0).abs() < 1e-15);
    assert_eq!(an.dominated.len(), 2);
    assert_eq!(an.pareto.len(), 3);
    // Labelled the other way round (D first), the thresholds are the same.
    let an = analyze_game(&parse_matrix("1 5; 0 3").unwrap());
    assert_eq!(an.repeated[0].grim, 0.5);
}

#[test]
fn mixed_explanation_shows_the_indifference() {
    let an = analyze_game(&parse_matrix("1,-1 -1,1; -1,1 1,-1").unwrap());
    let text = detente::classroom::analyze::render_text(&an);
    assert!(
        text.contains("1·q + (-1)·(1 − q) = (-1)·q + 1·(1 − q) ⇒ q = 1/2"),
        "{text}"
    );
}

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

#[test]
fn cli_matrix_text_and_json() {
    let out = detente()
        .args(["analyze", "--matrix", "2,1 0,0; 0,0 1,2"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("Nash equilibria: 3 (2 pure, 1 mixed)"),
        "{text}"
    );
    assert!(text.contains("R1 2/3, R2 1/3"), "{text}");
    let out = detente()
        .args(["analyze", "--matrix", "3 0; 5 1", "--json", "-"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["equilibria"].as_array().unwrap().len(), 1);
    assert_eq!(v["repeated"][0]["grim"], 0.5);
}

#[test]
fn cli_bad_matrix_exits_two_with_caret() {
    let out = detente()
        .args(["analyze", "--matrix", "3,3 0,5; 5,0 1,x"])
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("  | 3,3 0,5; 5,0 1,x\n  |                ^\n"),
        "{err}"
    );
}

#[test]
fn analyze_json_has_the_crisis_section_the_text_prints() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/fearon-risk-return.toml"
    );
    let out = detente()
        .args(["analyze", path, "--json", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &json["crisis"];
    let loaded = detente::scenario::load(
        "fearon-risk-return.toml",
        &std::fs::read(path).unwrap(),
        &[],
    )
    .unwrap();
    let s = &loaded.scenario;
    let want = detente::classroom::crisis::analyze(s).expect("a bilateral crisis");
    assert_eq!(c["proposer"], s.actors[want.a].id.as_str());
    assert_eq!(c["responder"], s.actors[want.b].id.as_str());
    assert_eq!(c["p_win"].as_f64(), Some(want.p));
    assert_eq!(c["war_proposer"].as_f64(), Some(want.war_a));
    assert_eq!(c["war_responder"].as_f64(), Some(want.war_b));
    assert_eq!(c["range"][0].as_f64(), Some(want.range.0));
    assert_eq!(c["range"][1].as_f64(), Some(want.range.1));
    let rr = want
        .risk_return
        .expect("the scenario's private uniform war cost");
    assert_eq!(c["risk_return"]["demand"].as_f64(), Some(rr.demand));
    assert_eq!(c["risk_return"]["p_war"].as_f64(), Some(rr.p_war));
    // The rest of the analysis is still there, and stdout is JSON alone.
    assert!(json["equilibria"].is_array());
    assert!(c["audience"].is_array() && c.get("commitment").is_some());
    // A scenario without crisis talks has no `crisis` member.
    let pd = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/prisoners-dilemma.toml"
    );
    let out = detente()
        .args(["analyze", pd, "--json", "-"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json.get("crisis").is_none());
}
