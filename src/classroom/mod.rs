//! Teaching tools beyond the lifecycle: game classification (`classify`), the analysis
//! of normal-form games and scenarios' stage games (`nash`: equilibria, dominance,
//! Pareto optimality; `analyze`: the worked explanation with repeated-game thresholds
//! and bargaining solutions), Axelrod-style tournaments of repeated-game strategies
//! (`tournament`), and evolutionary dynamics over their payoffs (`evolve`: Moran
//! process and replicator dynamics).

pub mod analyze;
pub mod classify;
pub mod crisis;
pub mod evolve;
pub mod nash;
pub mod tournament;
