//! Teaching tools beyond the lifecycle: game analysis, Axelrod-style tournaments of
//! repeated-game strategies, and evolutionary dynamics over their payoffs.

pub mod tournament;
