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

/// A shipped scenario, loaded with `--set`-style overrides.
fn crisis_scenario(file: &str, sets: &[&str]) -> detente::scenario::Scenario {
    let path = format!("{}/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    detente::scenario::load(file, &std::fs::read(&path).unwrap(), &sets)
        .unwrap()
        .scenario
}

#[test]
fn engine_outlook_reproduces_fearons_range_and_risk_return() {
    // The engine's own numbers at typical values (what `analyze` prints for scenarios
    // the closed forms do not cover) against the closed forms on the one scenario both
    // describe: one issue, A's share x is worth x to A and 1 − x to B.
    let s = crisis_scenario("fearon-risk-return.toml", &[]);
    let want = detente::classroom::crisis::analyze(&s).expect("a bilateral crisis");
    let o = detente::classroom::crisis::outlook(&s).expect("crisis talks");
    assert_eq!(o.proposer, "a");
    assert_eq!(o.sides[0].p_win, want.p);
    assert!((o.sides[1].p_win - (1.0 - want.p)).abs() < 1e-15);
    assert!((o.sides[0].war - want.war_a).abs() < 1e-12);
    assert!((o.sides[1].war - want.war_b).abs() < 1e-12);
    // The range is scanned on a grid of 401 offers: its ends are within one step.
    let r = o.range.expect("a bargaining range at typical costs");
    assert!((r[0] - want.range.0).abs() <= 1.0 / 400.0 + 1e-12, "{r:?}");
    assert!((r[1] - want.range.1).abs() <= 1.0 / 400.0 + 1e-12, "{r:?}");
    // The offer search is a grid, then golden-section on a smooth (quadratic)
    // objective: the optimum is found to about √ε relative in the demand, and the
    // objective to ε — 1e-6 and 1e-9 leave room for neither more nor less.
    let rr = want.risk_return.expect("B's private uniform cost");
    assert!((o.best_offer - rr.demand).abs() < 1e-6, "{}", o.best_offer);
    assert!(
        ((1.0 - o.p_accept) - rr.p_war).abs() < 1e-5,
        "{}",
        o.p_accept
    );
    assert!(
        (o.expected_flow - rr.eu).abs() < 1e-9,
        "{}",
        o.expected_flow
    );
}

#[test]
fn engine_outlook_names_ratification_and_the_power_shift_when_they_empty_the_range() {
    // B's senate approves only terms worth 0.8 to B: x ≤ 0.2, below A's war line 0.3.
    let s = crisis_scenario("fearon-risk-return.toml", &["actor.b.ratification=0.8"]);
    let o = detente::classroom::crisis::outlook(&s).unwrap();
    assert_eq!(o.range, None);
    let r = o
        .range_without_ratification
        .expect("the range without ratifiers");
    assert!((r[0] - 0.3).abs() <= 1.0 / 400.0 && (r[1] - 0.65).abs() <= 1.0 / 400.0);
    assert_eq!(o.p_accept, 0.0);
    // A laxer senate (terms worth 0.5 to B: x ≤ 0.5) leaves [0.3, 0.5].
    let s = crisis_scenario("fearon-risk-return.toml", &["actor.b.ratification=0.5"]);
    let r = detente::classroom::crisis::outlook(&s)
        .unwrap()
        .range
        .unwrap();
    assert!((r[0] - 0.3).abs() <= 1.0 / 400.0 && (r[1] - 0.5).abs() <= 1.0 / 400.0);
    // power-shift.toml's shift breaks the peace (its closed form says war); with two
    // rounds of talks the closed form no longer applies, and the outlook says why.
    let s = crisis_scenario("power-shift.toml", &["talks.deadline=2"]);
    let o = detente::classroom::crisis::outlook(&s).unwrap();
    assert_eq!(o.range, None);
    assert!(o.range_without_shift.is_some());
}

#[test]
fn analyze_prints_the_engine_outlook_for_the_flagship() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/security-guarantees.toml"
    );
    let out = detente().args(["analyze", path]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Crisis bargaining (United States proposes first; the engine's numbers"),
        "{text}"
    );
    assert!(text.contains("Bargaining range:") && text.contains("Risk–return:"));
    // Not the stylised range with p = 1/2 and war costs from `conflict` (which this
    // scenario does not give): the crisis section has the real one.
    assert!(!text.contains("p = 0.5"), "{text}");
    let out = detente()
        .args(["analyze", path, "--json", "-"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let o = &json["crisis_outlook"];
    // Capabilities: Russia 1; the US 1.1 with Europe's 0.4 on its side.
    assert_eq!(o["sides"][0]["actor"], "russia");
    assert!((o["sides"][0]["p_win"].as_f64().unwrap() - 0.4).abs() < 1e-12);
    assert!((o["sides"][1]["p_win"].as_f64().unwrap() - 0.6).abs() < 1e-12);
    let p = o["p_accept"].as_f64().unwrap();
    assert!(
        p > 0.0 && p < 1.0,
        "the US gambles on Russia's resolve: {p}"
    );
    assert!(json.get("crisis").is_none());
}

#[test]
fn the_outlook_says_whether_a_shift_of_power_would_make_a_side_press_for_revision() {
    // The flagship's open door adds 0.3 to the US side from month 24: the US side
    // (1.1 + Europe's 0.4 + 0.3) then wins with probability 1.8 / 2.8. The US, whom
    // the status quo suits, still prefers the terms to war (war gains it little over
    // the status quo), and Russia's war is worth less than before: nobody would press
    // for revision, so the shift poses no commitment problem (§4c: the side that
    // gains power must want to use it).
    let s = crisis_scenario("security-guarantees.toml", &[]);
    let o = detente::classroom::crisis::outlook(&s).unwrap();
    let sh = o
        .shift
        .expect("the best offer keeps the door open, so power shifts");
    assert_eq!(sh.after, 24);
    assert_eq!(sh.sides[1].actor, "usa");
    assert!((sh.sides[1].p_win - 1.8 / 2.8).abs() < 1e-12);
    assert!((sh.sides[0].p_win - 1.0 / 2.8).abs() < 1e-12);
    assert!(sh.revisers.is_empty(), "{sh:?}");
    for side in &sh.sides {
        assert!(side.terms > side.war, "{side:?}");
    }
    // Without the shift's extra capability, Russia's war is worth more than with it.
    assert!(sh.sides[0].war < o.sides[0].war);
    // power-shift.toml: the rising state's war after the shift beats what the
    // declining state can offer, so it would press for revision.
    let s = crisis_scenario("power-shift.toml", &["talks.deadline=2"]);
    let o = detente::classroom::crisis::outlook(&s).unwrap();
    let sh = o.shift.as_ref().expect("a calendar shift");
    assert_eq!(sh.revisers, ["rising"]);
    let text = detente::classroom::crisis::render_outlook(&s, &o);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        words.contains("Rising state would then prefer war to the terms"),
        "{text}"
    );
}

#[test]
fn the_summary_lists_every_cause_of_failure_the_scenario_can_produce() {
    // The flagship declares a power shift and a ratifier: the table shows the
    // commitment problem and ratification as causes even where no run failed so.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/security-guarantees.toml"
    );
    let out = detente()
        .args(["run", path, "--runs", "300", "--json", "-"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["summary"]["scenario"]["failure_causes"],
        serde_json::json!(["commitment_problem", "ratification"])
    );
    let out = detente()
        .args(["run", path, "--runs", "300"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\n  Commitment problem "), "{text}");
    assert!(text.contains("\n  Ratification refused "), "{text}");
    // Fearon's scenario has neither: no such rows, and nothing in the JSON.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/fearon-risk-return.toml"
    );
    let out = detente()
        .args(["run", path, "--runs", "300", "--json", "-"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["summary"]["scenario"].get("failure_causes").is_none());
    assert!(json["summary"]["scenario"].get("name").is_some());
    let out = detente()
        .args(["run", path, "--runs", "300"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Why talks failed"), "{text}");
    assert!(!text.contains("Commitment problem") && !text.contains("Ratification refused"));
}

/// The numbers of one line: maximal runs of digits, `.` and `/`, told apart as
/// decimals ("0.905") and fractions ("-7/50"); a sentence's full stop is not a digit.
fn number_kinds(line: &str) -> (bool, bool) {
    let (mut decimal, mut fraction) = (false, false);
    for token in line.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '/')) {
        let t = token.trim_matches('.');
        let digits_around = |sep: char| {
            t.split_once(sep).is_some_and(|(a, b)| {
                !a.is_empty()
                    && !b.is_empty()
                    && a.chars().all(|c| c.is_ascii_digit())
                    && b.chars().all(|c| c.is_ascii_digit())
            })
        };
        decimal |= digits_around('.');
        fraction |= digits_around('/');
    }
    (decimal, fraction)
}

#[test]
fn the_number_kinds_of_a_line_are_told_apart() {
    assert_eq!(number_kinds("comply   0.905, -7/50"), (true, true));
    assert_eq!(
        number_kinds("w ≥ (T − R)/(T − P) = (1/10)/(1/5) = 1/2."),
        (false, true)
    );
    assert_eq!(
        number_kinds("x1 = (1 − δ2)/(1 − δ1δ2) = 0.5025"),
        (true, false)
    );
    assert_eq!(
        number_kinds("(0 = none, 1 = open door) in 2021."),
        (false, false)
    );
}

/// Issue: `analyze` of the flagship wrote "0.905, -7/50" in its payoff matrix and
/// "θ = 1/2 … R = 0.905" in one line. Every line of every shipped scenario's analysis
/// now writes its numbers in one format.
#[test]
fn no_line_of_an_analysis_mixes_decimals_and_fractions() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let out = detente().arg("analyze").arg(&path).output().unwrap();
        assert!(out.status.success(), "{}", path.display());
        for line in String::from_utf8(out.stdout).unwrap().lines() {
            assert_ne!(
                number_kinds(line),
                (true, true),
                "{}: mixed formats in {line:?}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} scenarios found");
}

#[test]
fn analyses_name_no_internal_module() {
    // Issue 14, item 5: an analysis is read by students, not by the code's authors.
    let mut paths: Vec<_> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for p in paths {
        let o = Command::cargo_bin("detente")
            .unwrap()
            .args(["analyze", p.to_str().unwrap()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(!text.is_empty(), "{}", p.display());
        for bad in ["::", "src/", ".rs"] {
            assert!(!text.contains(bad), "{}: `{bad}` in\n{text}", p.display());
        }
    }
}

#[test]
fn a_scenario_without_a_two_player_game_shows_no_empty_matrix() {
    // Ten deciding parties and no [game]: nothing to put in a matrix, so no matrix,
    // no "0 equilibria" and no Pareto list, only the note saying why.
    let out = Command::cargo_bin("detente")
        .unwrap()
        .args(["analyze", "scenarios/ec-emissions.toml"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("Nash equilibria"), "{text}");
    assert!(!text.contains("Pareto"), "{text}");
    assert!(!text.contains("Payoffs"), "{text}");
    assert!(text.contains("10 deciding actors and no [game]"), "{text}");
}

/// Issue: `explain` and `analyze` built the stage game in force at the midpoint of the
/// deciding parties' ideals whatever the talks would agree: the flagship's was explained
/// at enlargement = 0.5 on an issue that is 0 or 1 only, at terms the United States
/// refuses. Both now stand on what the talks agree when every number takes its typical
/// value, and fall back to the midpoint, saying why, when they agree on nothing.
#[test]
fn the_stage_game_stands_on_the_terms_typical_talks_agree() {
    use detente::model::Model;
    use detente::negotiation::{TypicalTalks, typical_talks, typical_terms};
    // Rubinstein with δ1 = 0.9, δ2 = 0.8: player 1 gets (1 − δ2)/(1 − δ1δ2) = 5/7 at
    // once. One division away from the closed form: 1e-12 is a few hundred ulps.
    let s = crisis_scenario("rubinstein.toml", &[]);
    match typical_talks(&Model::compile(&s)) {
        TypicalTalks::Agreed { round, terms } => {
            assert_eq!(round, 1);
            assert!((terms[0] - 5.0 / 7.0).abs() < 1e-12, "{terms:?}");
        }
        other => panic!("{other:?}"),
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/rubinstein.toml");
    let out = detente()
        .args(["analyze", path, "--json", "-"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let share = json["stage"]["terms"][0][1].as_f64().unwrap();
    assert!((share - 5.0 / 7.0).abs() < 1e-12, "{share}");
    assert!(
        json["stage"]["source"]
            .as_str()
            .unwrap()
            .contains("in round 1"),
        "{}",
        json["stage"]
    );

    // Crisis talks: the first proposer's best offer against its beliefs (the outlook
    // `analyze` prints) is accepted in month 1, and it is worth at least each
    // decider's reservation utility.
    let s = crisis_scenario("security-guarantees.toml", &[]);
    let model = Model::compile(&s);
    let o = detente::classroom::crisis::outlook(&s).expect("crisis talks");
    let t = typical_terms(&s, &model);
    let best: Vec<f64> = o.best_terms.iter().map(|(_, v)| *v).collect();
    assert_eq!(t.values, best);
    assert_eq!(t.note, None);
    assert!(t.source.contains("in month 1"), "{}", t.source);
    assert_eq!(t.values[0], 1.0, "enlargement is 0 or 1 only");
    for &d in &model.deciders {
        let need = detente::negotiation::reservation_now(
            &model,
            &model.base,
            &model
                .base
                .actors
                .iter()
                .map(|a| a.credibility)
                .collect::<Vec<_>>(),
            d,
        );
        assert!(model.utility(d, &t.values) >= need, "{}", s.actors[d].id);
    }

    // War at once: the midpoint, and why.
    let s = crisis_scenario("power-shift.toml", &[]);
    let model = Model::compile(&s);
    match typical_talks(&model) {
        TypicalTalks::War { round: 1, by } => assert_eq!(s.actors[by].id, "declining"),
        other => panic!("{other:?}"),
    }
    let t = typical_terms(&s, &model);
    assert_eq!(t.values, vec![0.5]);
    let note = t.note.expect("a reason");
    assert!(
        note.contains("Declining state chooses war in month 1"),
        "{note}"
    );

    // No terms worth a treaty with a 50% conflict hazard: the deadline passes.
    let s = crisis_scenario("inf-treaty.toml", &["conflict.in_force=0.5"]);
    let model = Model::compile(&s);
    assert_eq!(
        typical_talks(&model),
        TypicalTalks::DeadlinePassed { round: 12 }
    );
    let note = typical_terms(&s, &model).note.expect("a reason");
    assert!(note.contains("the deadline passes in month 12"), "{note}");
}

/// What `explain` and `analyze` call the terms the talks agree at the typical values
/// is what a run agrees when its numbers are those values: every shipped scenario
/// without uncertain numbers agrees in its runs on exactly the typical talks' terms,
/// in the same round (runs that a conflict hazard ends during the talks aside).
#[test]
fn typical_talks_agree_what_every_run_of_a_certain_scenario_agrees() {
    use detente::model::Model;
    use detente::negotiation::{TypicalTalks, typical_talks};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
    let mut checked = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let s = crisis_scenario(&name, &[]);
        if s.actors.is_empty() || !detente::report::explain::uncertain_params(&s).is_empty() {
            continue;
        }
        let model = Model::compile(&s);
        let TypicalTalks::Agreed { round, terms } = typical_talks(&model) else {
            continue;
        };
        let mut agreed = 0;
        for k in 0..20 {
            let r = super::negotiation::play(&model, k).1.result;
            if r.conflict_round.is_some_and(|c| c <= round) {
                continue;
            }
            assert_eq!(r.first_agreement, Some(round), "{name}, run {k}");
            assert_eq!(r.terms, terms, "{name}, run {k}");
            agreed += 1;
        }
        assert!(agreed > 0, "{name}: every run ended in conflict first");
        checked.push(name);
    }
    // Each protocol is covered: concession, crisis, the subgame-perfect split and
    // the expected-utility model.
    for want in [
        "inf-treaty.toml",
        "audience-costs.toml",
        "rubinstein.toml",
        "ec-emissions.toml",
    ] {
        assert!(checked.iter().any(|c| c == want), "{want} in {checked:?}");
    }
}
