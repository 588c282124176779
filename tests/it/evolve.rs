//! `evolve`: simulated Moran fixation against docs/theory.md §7a–b, neutral drift, and the CLI.
//!
//! Statistical tolerance: with R independent runs the estimate's standard error is
//! sqrt(ρ(1 − ρ)/R); we accept |ρ̂ − ρ| ≤ 4.5 SE. For a correct simulator a 4.5-SE miss
//! has probability about 7e-6 per comparison, so a failure means a bug, while an error
//! of a few per cent of ρ in the simulator would be caught at these R. Runs are seeded,
//! so the test is deterministic.

use assert_cmd::Command;
use detente::classroom::evolve::{EvolveConfig, evolve, rescale, simulate_fixation};
use detente::theory::moran::{fixation_constant, fixation_game};

fn within(est_k: u64, runs: u64, rho: f64) {
    let est = est_k as f64 / runs as f64;
    let se = (rho * (1.0 - rho) / runs as f64).sqrt();
    assert!(
        (est - rho).abs() <= 4.5 * se,
        "estimate {est} vs exact {rho} (SE {se})"
    );
}

#[test]
fn constant_fitness_fixation_matches_closed_form() {
    // A earns 1 against everyone, B earns 0.5: with s = 1, fitnesses 1 and 0.5, r = 2.
    let (n, runs) = (10, 40_000);
    let k = simulate_fixation([1.0, 1.0, 0.5, 0.5], n, 1.0, runs, 11, 0);
    let rho = fixation_constant(2.0, n, 1);
    assert!((rho - (1.0 - 0.5) / (1.0 - 0.5f64.powi(10))).abs() < 1e-15);
    within(k, runs, rho);
}

#[test]
fn neutral_fixation_is_one_over_n() {
    let (n, runs) = (8, 40_000);
    let k = simulate_fixation([0.3, 0.9, 0.1, 0.7], n, 0.0, runs, 5, 0);
    within(k, runs, 1.0 / 8.0);
}

#[test]
fn game_fixation_matches_7b_both_directions() {
    // Prisoner's dilemma (3,0,5,1) rescaled to [0,1]: (0.6, 0, 1, 0.2); N = 12, s = 0.8.
    let a = rescale(&[vec![3.0, 0.0], vec![5.0, 1.0]]);
    let (n, s, runs) = (12, 0.8, 40_000);
    let (ra, rb) = fixation_game(a[0][0], a[0][1], a[1][0], a[1][1], n, s);
    let ka = simulate_fixation([a[0][0], a[0][1], a[1][0], a[1][1]], n, s, runs, 3, 0);
    let kb = simulate_fixation([a[1][1], a[1][0], a[0][1], a[0][0]], n, s, runs, 3, runs);
    within(ka, runs, ra);
    within(kb, runs, rb);
    // Defectors invade cooperators far more easily than the reverse.
    assert!(rb > 1.0 / 12.0 && ra < 1.0 / 12.0);
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let cfg = EvolveConfig {
        population: 10,
        selection: 0.5,
        mutation: 0.02,
        runs: 3000,
        generations: 20,
        seed: 9,
    };
    let names = vec!["C".to_string(), "D".to_string(), "T".to_string()];
    let a = vec![
        vec![3.0, 0.0, 3.0],
        vec![5.0, 1.0, 1.2],
        vec![3.0, 0.9, 3.0],
    ];
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap()
        .install(|| evolve(&names, &a, &cfg).unwrap());
    let four = rayon::ThreadPoolBuilder::new()
        .num_threads(4)
        .build()
        .unwrap()
        .install(|| evolve(&names, &a, &cfg).unwrap());
    assert_eq!(one, four);
    assert_eq!(one.fixation.len(), 6);
    assert_eq!(one.moran_shares.len(), 21);
}

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

#[test]
fn cli_reports_simulated_and_exact() {
    let out = detente()
        .args([
            "evolve", "--matrix", "3 0; 5 1", "--runs", "2000", "--json", "-",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let f = &v["fixation"][1];
    assert_eq!(f["mutant"], "A2");
    let (exact, est) = (
        f["exact"].as_f64().unwrap(),
        f["estimate"].as_f64().unwrap(),
    );
    // 4.5 standard errors, as above.
    assert!((est - exact).abs() <= 4.5 * (exact * (1.0 - exact) / 2000.0).sqrt());
    assert_eq!(f["fixed"].as_u64().unwrap() as f64 / 2000.0, est);
}

#[test]
fn cli_rejects_bad_selection_and_asymmetric_games() {
    detente()
        .args(["evolve", "--matrix", "3 0; 5 1", "--selection", "1.5"])
        .assert()
        .code(2);
    detente()
        .args(["evolve", "--matrix", "2,1 0,0; 0,0 1,2"])
        .assert()
        .code(2);
    detente().args(["evolve"]).assert().code(2);
}

#[test]
fn evolve_ticks_once_per_ordered_pair_and_the_ticks_change_nothing() {
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let cfg = EvolveConfig {
        population: 8,
        selection: 0.5,
        mutation: 0.0,
        runs: 200,
        generations: 10,
        seed: 3,
    };
    let names = vec!["C".to_string(), "D".to_string(), "T".to_string()];
    let a = vec![
        vec![3.0, 0.0, 3.0],
        vec![5.0, 1.0, 1.2],
        vec![3.0, 0.9, 3.0],
    ];
    let ticks = AtomicU64::new(0);
    let tick = || {
        ticks.fetch_add(1, Ordering::Relaxed);
    };
    let with =
        detente::classroom::evolve::evolve_with(&names, &a, &cfg, &AtomicBool::new(false), &tick)
            .unwrap();
    assert_eq!(
        ticks.load(Ordering::Relaxed),
        3 * 2,
        "one tick per ordered pair"
    );
    assert_eq!(with, evolve(&names, &a, &cfg).unwrap());
}
