//! What talks produce that a story tells: why talks failed ([`Failure`]), and the
//! expected-utility model's challenges ([`Event`], with their [`Outcome`]) and forecast
//! ([`Prediction`]). They live here, below `negotiation` (which re-exports them), so
//! that the protocols that produce them and the story that tells them can both name
//! them without importing each other.

use serde::{Deserialize, Serialize};

/// Why talks failed (war chosen, or the deadline passed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// No terms that every responder accepts are worth more than war (or, without
    /// war, than no deal) to the proposer: no bargaining range, given everyone's
    /// true numbers.
    NoRange,
    /// A bargaining range existed, but the proposer, not knowing the other side's
    /// resolve, demanded more and the responder chose war: the risk–return gamble lost.
    GambleLost,
    /// A bargaining range existed and the deadline passed without agreement.
    Deadline,
    /// A bargaining range would exist at today's power, but power is about to shift
    /// (by the calendar, or by the terms themselves): the side that loses from the
    /// shift cannot be promised enough, so no terms beat war for everyone.
    CommitmentProblem,
    /// A bargaining range exists for the negotiators, but no terms in it are
    /// approved by every ratifier of a binding treaty.
    Ratification,
}

impl Failure {
    pub const ALL: [Failure; 5] = [
        Failure::NoRange,
        Failure::GambleLost,
        Failure::Deadline,
        Failure::CommitmentProblem,
        Failure::Ratification,
    ];
    /// Machine key.
    pub fn key(self) -> &'static str {
        match self {
            Failure::NoRange => "no_range",
            Failure::GambleLost => "gamble_lost",
            Failure::Deadline => "deadline",
            Failure::CommitmentProblem => "commitment_problem",
            Failure::Ratification => "ratification",
        }
    }
    /// Plain words.
    pub fn label(self) -> &'static str {
        match self {
            Failure::NoRange => "no bargaining range",
            Failure::GambleLost => "risk–return gamble lost",
            Failure::Deadline => "deadline passed",
            Failure::CommitmentProblem => "commitment problem",
            Failure::Ratification => "ratification refused",
        }
    }
}

/// What a target did with the best offer it received (expected-utility talks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Both expected to gain from a challenge, the target less: it lost the
    /// confrontation and moved to the sender's position.
    Confrontation,
    /// The target expected to lose less from challenging the sender than the sender
    /// expected to gain: it moved part of the way, by the ratio of the two.
    Compromise,
    /// The target expected to lose more than the sender expected to gain: it moved to
    /// the sender's position.
    Capitulation,
    /// The target expected at least as much from challenging the sender (or exactly
    /// nothing): it stayed.
    Resisted,
}

impl Outcome {
    /// The outcome's name as written in traces and JSON.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Confrontation => "confrontation",
            Outcome::Compromise => "compromise",
            Outcome::Capitulation => "capitulation",
            Outcome::Resisted => "resisted",
        }
    }
}

/// One offer taken up in a round of expected-utility talks: `sender` challenged
/// `target`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Index of the actor that sent the offer.
    pub sender: usize,
    /// Index of the actor that received it.
    pub target: usize,
    /// What the sender expected from challenging: EU_sender(target) > 0.
    pub offer: f64,
    /// What the target expected from challenging the sender: EU_target(sender).
    pub reply: f64,
    pub outcome: Outcome,
    /// The target's position before and after.
    pub from: f64,
    pub to: f64,
}

/// The expected-utility model's forecast after a play (`expected_utility::run`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Prediction {
    /// Weighted mean of the final positions: the model's predicted outcome.
    pub mean: f64,
    /// Median voter of the final positions.
    pub median: f64,
    /// Rounds played.
    pub rounds: u32,
    /// Whether the positions settled (within the tolerance) before the round limit.
    pub settled: bool,
}
