//! Equilibria of a game through the library: `cargo run --example nash`.

use detente::classroom::analyze::{analyze_game, parse_matrix, render_text};
use detente::classroom::nash::{equilibria, pretty};

fn main() {
    // Battle of the sexes, row's and column's payoffs.
    let a = vec![vec![2.0, 0.0], vec![0.0, 1.0]];
    let b = vec![vec![1.0, 0.0], vec![0.0, 2.0]];
    let eq = equilibria(&a, &b).expect("a 2x2 game of finite numbers");
    for e in &eq.list {
        let mix = |p: &[f64]| p.iter().map(|x| pretty(*x)).collect::<Vec<_>>().join(", ");
        println!(
            "row ({}), column ({}): payoffs {} and {}",
            mix(&e.row),
            mix(&e.col),
            pretty(e.row_payoff),
            pretty(e.col_payoff)
        );
    }
    // The same game with the worked explanation.
    let game = parse_matrix("2,1 0,0; 0,0 1,2").expect("valid matrix syntax");
    print!("\n{}", render_text(&analyze_game(&game)));
}
