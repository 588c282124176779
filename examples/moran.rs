//! Moran fixation probabilities, simulated and exact: `cargo run --example moran`.

use detente::classroom::evolve::{EvolveConfig, evolve, render_text};
use detente::theory::moran::{fixation_constant, fixation_game};

fn main() {
    // Constant fitness r = 1.1 in a population of 50.
    println!(
        "rho(r = 1.1, N = 50) = {:.5}",
        fixation_constant(1.1, 50, 1)
    );
    // Prisoner's dilemma rescaled to [0, 1], N = 20, s = 0.5.
    let (ra, rb) = fixation_game(0.6, 0.0, 1.0, 0.2, 20, 0.5);
    println!("cooperator among defectors {ra:.5}, defector among cooperators {rb:.5}");
    let names = vec!["Cooperate".to_string(), "Defect".to_string()];
    let a = vec![vec![3.0, 0.0], vec![5.0, 1.0]];
    let cfg = EvolveConfig {
        population: 20,
        selection: 0.5,
        mutation: 0.0,
        runs: 20_000,
        generations: 100,
        seed: 1,
    };
    let rep = evolve(&names, &a, &cfg).expect("valid settings");
    print!("\n{}", render_text(&rep));
}
