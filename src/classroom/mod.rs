<<<<<<< HEAD
//! The teaching tools: analysis of normal-form games and scenarios' stage games
//! (`nash`: equilibria, dominance, Pareto optimality; `analyze`: the worked
//! explanation with repeated-game thresholds and bargaining solutions), tournaments of
//! repeated-game strategies, and evolutionary dynamics over their payoff matrices
//! (`evolve`: Moran process and replicator dynamics).

pub mod analyze;
pub mod evolve;
pub mod nash;
=======
//! classroom: teaching tools — game classification, analysis, tournaments, evolution.

pub mod classify;
>>>>>>> math
