//! The validated scenario: what every other module sees.
//!
//! A `Scenario` can only be built by the loader (`scenario::load`), which checks
//! every range and cross-reference first; once one exists it is valid. All
//! references between parts are indices (`actors[i]`, `issues[j]`), never ids.
//!
//! The TOML key that fills each field is named in its doc comment; the full
//! format reference is `docs/scenario-format.md`.

use super::params::{Num, Whole};

/// A complete, validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    /// `[scenario]`
    pub meta: Meta,
    /// `[[issue]]`, in file order.
    pub issues: Vec<Issue>,
    /// `[[actor]]`, in file order. May be empty only when `game` is present.
    pub actors: Vec<Actor>,
    /// `[talks]`
    pub talks: Talks,
    /// `[treaty]`
    pub treaty: Treaty,
    /// `[conflict]`: per-round hazard of conflict in each phase.
    pub conflict: Conflict,
    /// `[reputation]`
    pub reputation: Reputation,
    /// `[game]`: a plain normal-form game for the classroom commands.
    pub game: Option<Game>,
}

/// `[scenario]`: metadata and run defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// `name` (required).
    pub name: String,
    /// `description` (default empty).
    pub description: String,
    /// `sources`: citations for the numbers (default empty).
    pub sources: Vec<String>,
    /// `seed` (default 1).
    pub seed: u64,
    /// `runs` (default 10_000; 1 ..= 10^12).
    pub runs: u64,
    /// `horizon`: rounds simulated per run (default 120; 1 ..= 100_000).
    pub horizon: u32,
    /// `round`: what one round means, singular ("month"; default "round").
    pub round: String,
    /// `rounds`: plural of `round` (default `round` + "s").
    pub rounds: String,
}

/// `[[issue]]`: one demand, a number in `[low, high]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// `id` (required, unique, `[a-z0-9_-]+`).
    pub id: String,
    /// `label` (default: the id).
    pub label: String,
    /// `range = [low, high]` (default [0, 1]; low < high).
    pub low: f64,
    pub high: f64,
    /// `status_quo`: where the issue stands without an agreement (in the range).
    /// Given for every issue or for none. When given, a treaty's value is measured
    /// from it: `v(x) = no_deal + gain·(U(x) − U(status quo))`, so terms worse than
    /// the status quo are worth less than no deal.
    pub status_quo: Option<f64>,
    /// `values = [v1, v2, ...]`: the issue is indivisible and takes only these values
    /// (a door is open or closed); empty = any value in the range.
    pub values: Vec<f64>,
    /// `form = true`: the issue is the treaty's form. Its agreed value, as a share
    /// `f = (x − low) / (high − low)` of the way from its low end (verbal) to its high
    /// end (legally binding), scales every actor's exit cost and notice, and the
    /// treaty needs ratification when `f > 1/2`.
    pub form: bool,
    /// `shifts_power = { actor = "id", capability = c, after = n }`: the value of
    /// this issue in effect (the terms in force, or the status quo without a treaty)
    /// adds `c · f` to the actor's capability from round `n` of a run on (crisis
    /// talks; `f` as for `form`). Only for indivisible issues.
    pub shifts_power: Option<IssuePower>,
}

/// How an issue's value in effect moves power (`shifts_power`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct IssuePower {
    /// The actor whose capability grows.
    pub actor: usize,
    /// Capability added at the issue's high end (> 0).
    pub capability: f64,
    /// First round of a run in which the shift applies (>= 1).
    pub after: u32,
}

/// `[power]`: an exogenous shift of capabilities (crisis talks).
#[derive(Debug, Clone, PartialEq)]
pub struct PowerShift {
    /// `after`: the first round of a run with the new capabilities (>= 2).
    pub after: u32,
    /// `capability = { id = c, ... }`: per actor, its capability from then on
    /// (None: unchanged).
    pub capability: Vec<Option<f64>>,
}

/// `[[actor]]`: a party to the talks.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// `id` (required, unique).
    pub id: String,
    /// `name` (default: the id).
    pub name: String,
    /// `principal = "id"`: this actor can discuss but not decide; the principal must
    /// accept for anything to bind it. `None` (key absent) = the actor decides.
    /// Validated: the principal exists, is not the actor, and there is no cycle;
    /// the chain always ends at a deciding actor.
    pub principal: Option<usize>,
    /// `ideal = { issue_id = value, ... }`: ideal point per issue, in issue units,
    /// indexed like `Scenario::issues`. Missing issues default to the issue's midpoint.
    pub ideal: Vec<f64>,
    /// `salience = { issue_id = weight, ... }`: how much the actor cares about each
    /// issue; weights >= 0, normalised here to sum to 1 (missing issues weigh 0;
    /// key absent = equal weights).
    pub salience: Vec<f64>,
    /// The saliences as written, per issue, before normalising (missing issues 0; key
    /// absent = 1 for every issue): the expected-utility protocol uses these, in [0, 1].
    pub salience_given: Vec<f64>,
    /// `discount`: per-round discount factor δ in (0, 1) (default 0.95).
    pub discount: Param,
    /// `credibility`: initial credibility in [0, 1] (default 1).
    pub credibility: Param,
    /// `tactic`: how it negotiates (default concession with exponent 1).
    pub tactic: Tactic,
    /// `compliance`: its repeated-game strategy while a treaty is in force
    /// (default tit-for-tat).
    pub compliance: StrategySpec,
    /// `exit`: when it gives notice of withdrawal (default never).
    pub exit: ExitRule,
    /// `[actor.payoffs]`
    pub payoffs: Payoffs,
    /// `exit_cost`: one-time cost of leaving (>= 0), paid when the exit takes effect.
    /// Default: the treaty's `exit_cost`.
    pub exit_cost: Param,
    /// `notice`: rounds between giving notice and the exit taking effect.
    /// Default: the treaty's `notice`.
    pub notice: u32,
    /// Power and war: `capability`, `payoffs.war_cost`, `private`.
    pub war: War,
}

/// An actor's power and the value of war to it.
#[derive(Debug, Clone, PartialEq)]
pub struct War {
    /// `capability` (> 0, default 1): its military capability. A side (a deciding
    /// actor with the actors whose principal chain ends at it) wins a war with
    /// probability its capability's share of all sides' capabilities.
    pub capability: Param,
    /// `payoffs.war_cost` (>= 0): the cost of war per round. When set, the payoff of
    /// war is derived from power (`(no_deal + gain·E[U(winner's ideal)] − war_cost)
    /// / (1 − discount)`) instead of being given as `payoffs.conflict`.
    pub cost: Option<Param>,
    /// `private = ["war_cost"]` (or `"gain"`, `"no_deal"`): that parameter is drawn
    /// per run and known to this actor only; the others hold its distribution as
    /// their belief. At most one per actor.
    pub private: Option<Private>,
    /// `commitment = { issue = "id", value = v, audience_cost = a }`: a public
    /// commitment to `v` on an issue; backing down from it (agreeing to other terms,
    /// or letting crisis talks fail without fighting) costs `a` once.
    pub commitment: Option<Commitment>,
    /// `ratification = u` in [0, 1]: the actor's ratifier (a parliament, a senate
    /// voting by two thirds) approves a legally binding treaty only if the terms are
    /// worth at least utility `u` to the actor (crisis and subgame-perfect talks).
    pub ratification: Option<f64>,
}

/// Which of an actor's numbers is its private information (`private`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Private {
    /// `payoffs.war_cost`: its resolve.
    WarCost,
    /// `payoffs.gain`: what a deal is worth to it.
    Gain,
    /// `payoffs.no_deal`: what no deal pays it (its reservation).
    NoDeal,
}

impl Private {
    /// The key as written in `private = [...]`.
    pub fn key(self) -> &'static str {
        match self {
            Private::WarCost => "war_cost",
            Private::Gain => "gain",
            Private::NoDeal => "no_deal",
        }
    }

    /// What the parameter is, in words.
    pub fn label(self) -> &'static str {
        match self {
            Private::WarCost => "war cost",
            Private::Gain => "gain from a deal",
            Private::NoDeal => "no-deal payoff",
        }
    }
}

impl War {
    /// Whether the war cost is private.
    pub fn private_cost(&self) -> bool {
        self.private == Some(Private::WarCost)
    }
}

/// A public commitment to a demand (an audience cost of backing down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Commitment {
    /// Index of the issue.
    pub issue: usize,
    /// The value committed to (issue units).
    pub value: f64,
    /// One-time cost of backing down (>= 0).
    pub audience_cost: f64,
}

impl Default for War {
    fn default() -> War {
        War {
            capability: Param::Fixed(Num::Capability.default_value()),
            cost: None,
            private: None,
            commitment: None,
            ratification: None,
        }
    }
}

/// `tactic = { kind = "concession", exponent = e, initial = k }` or `tactic = "subgame-perfect"`.
#[derive(Debug, Clone, PartialEq)]
pub enum Tactic {
    /// Time-dependent concession (Faratin et al.; GENIUS convention): target utility
    /// `P_min + (P_max - P_min)(1 - F(t))`, `F(t) = k + (1 - k) t^(1/e)`.
    /// e < 1 Boulware, e = 1 linear, e > 1 Conceder, e = 0 hardliner.
    /// `exponent` >= 0 (default 1), `initial` k in [0, 1] (default 0).
    Concession { exponent: Param, initial: Param },
    /// Subgame-perfect split for a bilateral single-issue negotiation (Rubinstein with
    /// no deadline, Ståhl backward induction with one). Validated: exactly two deciding
    /// actors and one issue, and every deciding actor uses it.
    SubgamePerfect,
}

/// An actor's compliance strategy: defined by the strategy library, which owns what
/// a strategy is (so `strategy` depends on nothing in `scenario`).
pub use crate::strategy::StrategySpec;

/// `exit = "never" | "myopic" | "optimal"` or `{ rule = "threshold", level = x }`.
#[derive(Debug, Clone, PartialEq)]
pub enum ExitRule {
    Never,
    /// Give notice when today's temptation exceeds `level`.
    Threshold {
        level: Param,
    },
    /// Give notice when `(b + θ - v)/(1 - δ) > c` (today's values taken as permanent).
    Myopic,
    /// Optimal stopping with option value (docs/theory.md §5).
    Optimal,
}

impl ExitRule {
    /// The rule's id, as the scenario names it.
    pub fn id(&self) -> crate::strategy::ExitId {
        use crate::strategy::ExitId;
        match self {
            ExitRule::Never => ExitId::Never,
            ExitRule::Threshold { .. } => ExitId::Threshold,
            ExitRule::Myopic => ExitId::Myopic,
            ExitRule::Optimal => ExitId::Optimal,
        }
    }
}

/// `[actor.payoffs]`. Flows are per round; one-time amounts are marked.
#[derive(Debug, Clone, PartialEq)]
pub struct Payoffs {
    /// `no_deal`: flow b_i in talks and without a treaty (default 0).
    pub no_deal: Param,
    /// `gain`: treaty value per round is `no_deal + gain * U_i(terms)` (default 1).
    pub gain: Param,
    /// `temptation`: the temptation flow θ_i,t and its shock process (default iid mean 0 sd 0).
    pub temptation: Temptation,
    /// `betrayal`: loss s_i <= 0 per round when the others violate (default 0).
    pub betrayal: Param,
    /// `conflict`: one-time payoff if conflict breaks out (default 0).
    pub conflict: Param,
    /// `stalling`: extra flow while talks last (default 0).
    pub stalling: Param,
}

/// `temptation = { process = "iid", mean = m, sd = s }`
/// `temptation = { process = "random_walk", start = x0, drift = mu, volatility = s }`
/// `temptation = { process = "ar1", mean = m, phi = p, sd = s, start = x0 }`
#[derive(Debug, Clone, PartialEq)]
pub enum Temptation {
    /// θ_t ~ N(mean, sd²) independently each round. sd >= 0.
    Iid { mean: Param, sd: Param },
    /// θ_1 = start + drift + volatility·Z_1, θ_t = θ_{t-1} + drift + volatility·Z_t,
    /// counted from the round the run's first treaty enters into force (a renegotiated
    /// treaty inherits the process as it stands). volatility >= 0.
    RandomWalk {
        start: Param,
        drift: Param,
        volatility: Param,
    },
    /// θ_t = mean + phi(θ_{t-1} - mean) + sd·Z_t, θ_0 = start (default mean). |phi| < 1, sd >= 0.
    Ar1 {
        mean: Param,
        phi: Param,
        sd: Param,
        start: Param,
    },
}

/// `[talks]`
#[derive(Debug, Clone, PartialEq)]
pub struct Talks {
    /// `proposers = ["id", ...]`: rotation order of who tables offers. Default: the
    /// deciding actors in file order. Non-deciding actors may appear: they table offers
    /// through their principal.
    pub proposers: Vec<usize>,
    /// `deadline`: rounds of talks before they fail (None = talks last until the horizon).
    pub deadline: Option<u32>,
    /// `retry_after`: rounds of no deal before failed talks reopen (None = never).
    pub retry_after: Option<u32>,
    /// `protocol = "concession" | "crisis" | "expected-utility"` (default concession).
    pub protocol: TalksProtocol,
    /// `q`, `t`, `rounds`, `tolerance`: the expected-utility model's parameters
    /// (only with `protocol = "expected-utility"`).
    pub position_model: PositionModel,
    /// `[power]`: an exogenous shift of capabilities (crisis talks only).
    pub power: Option<PowerShift>,
}

/// The expected-utility model's parameters (docs/expected-utility.md).
#[derive(Debug, Clone, PartialEq)]
pub struct PositionModel {
    /// `q` in [0, 1] (default 1): the probability that the status quo holds when an
    /// actor does not challenge.
    pub q: f64,
    /// `t` in [0, 1] (default 1): the probability that things get better for it
    /// when the status quo does not hold.
    pub t: f64,
    /// `rounds` (default 10): the most rounds of challenges.
    pub rounds: u32,
    /// `tolerance` >= 0 (default 0): stop once no position moves by more than this
    /// share of the issue's range in a round.
    pub tolerance: f64,
    /// Actors' positions (`ideal`) and saliences given as distributions, drawn per
    /// run for the model; the rest of the scenario uses their typical values.
    pub uncertain: Vec<UncertainPosition>,
}

/// An actor's position or salience on one issue given as a distribution
/// (`ideal = { tax = { dist = "uniform", low = 2, high = 6 } }`): only the
/// expected-utility model draws it, once per run.
#[derive(Debug, Clone, PartialEq)]
pub struct UncertainPosition {
    pub actor: usize,
    pub issue: usize,
    /// The salience (as written, in [0, 1]) rather than the position.
    pub salience: bool,
    pub value: Param,
}

impl Default for PositionModel {
    fn default() -> Self {
        PositionModel {
            q: Num::Q.default_value(),
            t: Num::T.default_value(),
            rounds: Whole::Rounds.default_value() as u32,
            tolerance: Num::Tolerance.default_value(),
            uncertain: Vec::new(),
        }
    }
}

/// How talks are played.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TalksProtocol {
    /// Alternating offers with each actor's `tactic` (concession curves, or the
    /// subgame-perfect split).
    #[default]
    Concession,
    /// Crisis bargaining: the proposer tables the offer that maximises its expected
    /// utility against its beliefs; a responder accepts, rejects, or goes to war.
    Crisis,
    /// Bueno de Mesquita's expected-utility model: rounds of challenges move the
    /// actors' positions on each issue; the capability-and-salience weighted mean of
    /// the final positions becomes the agreement's terms.
    ExpectedUtility,
}

/// `[treaty]`: the form of the agreement and how it is monitored.
#[derive(Debug, Clone, PartialEq)]
pub struct Treaty {
    /// `form = "legally-binding" | "verbal"` (default legally-binding).
    pub form: Form,
    /// `notice`: default notice period in rounds (default: 6 binding, 0 verbal).
    pub notice: u32,
    /// `exit_cost`: default one-time exit cost (default: 5 binding, 0 verbal).
    pub exit_cost: Param,
    /// `false_alarm`: P(compliance is read as a violation) (default 0).
    pub false_alarm: Param,
    /// `missed`: P(a violation goes unnoticed) (default 0).
    pub missed: Param,
    /// `renegotiate_after`: rounds after an exit takes effect before talks reopen
    /// (None = never).
    pub renegotiate_after: Option<u32>,
    /// What a detected violation sets off, the escape clause, and who answers for a
    /// party that cannot decide.
    pub consequences: Consequences,
}

/// `[treaty]` keys for what follows a detected violation (besides the others'
/// compliance strategies, which retaliate as they see fit).
#[derive(Debug, Clone, PartialEq)]
pub struct Consequences {
    /// `suspension`: rounds the treaty is suspended after a detected violation: every
    /// party gets its no-deal flow instead of the treaty's (default 0).
    pub suspension: u32,
    /// `escalation`: added to the in-force conflict hazard by each detected violation,
    /// for the rest of that treaty (default 0).
    pub escalation: Param,
    /// `material_breach`: a deciding party that sees a violation by another side gives
    /// notice of withdrawal, without exit cost or loss of credibility (default false).
    pub material_breach: bool,
    /// `escape_price`: a party may deviate for one round by paying this price, without
    /// it counting as a violation (None = no escape clause). Used by `deterrence`.
    pub escape_price: Option<Param>,
    /// `principal_answers`: a violation by a party that cannot decide counts against its
    /// principal's side: the others' betrayal loss, the consequences and the credibility
    /// loss fall on the principal (default true; false: such violations cost nobody).
    pub principal_answers: bool,
}

impl Default for Consequences {
    fn default() -> Self {
        Consequences {
            suspension: Whole::Suspension.default_value() as u32,
            escalation: Param::Fixed(Num::Escalation.default_value()),
            material_breach: false,
            escape_price: None,
            principal_answers: true,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    LegallyBinding,
    Verbal,
}

/// `[conflict]`: per-round probability that conflict breaks out, by phase (default 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// `talks`
    pub talks: Param,
    /// `no_deal`: after talks failed.
    pub no_deal: Param,
    /// `in_force`
    pub in_force: Param,
    /// `after_exit`: after a withdrawal took effect (default: `no_deal`).
    pub after_exit: Param,
}

/// `[reputation]`
#[derive(Debug, Clone, PartialEq)]
pub struct Reputation {
    /// `exit_loss`: credibility lost when the actor's exit takes effect (default 0.3).
    pub exit_loss: Param,
    /// `recovery`: credibility regained per round, up to 1 (default 0.01).
    pub recovery: Param,
    /// `violation_loss`: credibility lost by a party (or the principal answering for
    /// it) each time it is seen violating (default 0).
    pub violation_loss: Param,
}

/// `[game]`: a two-player normal-form game.
#[derive(Debug, Clone, PartialEq)]
pub struct Game {
    /// `players = ["Row", "Column"]` (default those).
    pub players: [String; 2],
    /// `actions = [["Cooperate", "Defect"], ["Cooperate", "Defect"]]`: each player >= 1 action.
    pub actions: [Vec<String>; 2],
    /// `payoffs[r][c] = [row payoff, column payoff]`; validated rectangular.
    pub payoffs: Vec<Vec<[f64; 2]>>,
}

/// A number that is either fixed or drawn once per run from a distribution.
/// TOML: `0.5`, or `{ dist = "normal", mean = 0.5, sd = 0.1, min = 0, max = 1 }`.
#[derive(Debug, Clone, PartialEq)]
pub enum Param {
    Fixed(f64),
    Dist(Dist),
}

/// `dist = "normal" | "uniform" | "triangular" | "beta" | "lognormal"` with optional
/// `min`/`max`: a draw outside them is clamped to the bound.
#[derive(Debug, Clone, PartialEq)]
pub struct Dist {
    pub kind: DistKind,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DistKind {
    /// `mean`, `sd` > 0.
    Normal { mean: f64, sd: f64 },
    /// `low` < `high`.
    Uniform { low: f64, high: f64 },
    /// `low` <= `mode` <= `high`, low < high.
    Triangular { low: f64, mode: f64, high: f64 },
    /// `alpha`, `beta` > 0, scaled to [`low`, `high`] (default [0, 1]).
    Beta {
        alpha: f64,
        beta: f64,
        low: f64,
        high: f64,
    },
    /// log of the value ~ N(`mu`, `sigma`²), sigma > 0.
    LogNormal { mu: f64, sigma: f64 },
}

impl Param {
    /// The value when fixed; the distribution's mean (clamped into its bounds) otherwise.
    /// Used by `explain` and by thresholds solved once per model.
    pub fn typical(&self) -> f64 {
        match self {
            Param::Fixed(v) => *v,
            Param::Dist(d) => {
                let m = match d.kind {
                    DistKind::Normal { mean, .. } => mean,
                    DistKind::Uniform { low, high } => 0.5 * (low + high),
                    DistKind::Triangular { low, mode, high } => (low + mode + high) / 3.0,
                    DistKind::Beta {
                        alpha,
                        beta,
                        low,
                        high,
                    } => low + (high - low) * alpha / (alpha + beta),
                    DistKind::LogNormal { mu, sigma } => (mu + 0.5 * sigma * sigma).exp(),
                };
                clamp_opt(m, d.min, d.max)
            }
        }
    }

    /// True when the value is drawn per run.
    pub fn is_uncertain(&self) -> bool {
        matches!(self, Param::Dist(_))
    }
}

/// Clamp into optional bounds.
pub fn clamp_opt(v: f64, min: Option<f64>, max: Option<f64>) -> f64 {
    let v = match min {
        Some(lo) if v < lo => lo,
        _ => v,
    };
    match max {
        Some(hi) if v > hi => hi,
        _ => v,
    }
}

impl Actor {
    /// True when the actor decides for itself (no principal).
    pub fn decides(&self) -> bool {
        self.principal.is_none()
    }
}

impl Scenario {
    /// The status quo point, when the issues give one.
    pub fn status_quo(&self) -> Option<Vec<f64>> {
        self.issues.iter().map(|i| i.status_quo).collect()
    }

    /// Deciding actor `i`'s reservation utility at the scenario's typical values,
    /// measured from the status quo as the engine does, and the credibility it is
    /// computed with (the lowest of the other deciding actors `deciders`).
    pub fn typical_reservation(&self, i: usize, deciders: &[usize]) -> (f64, f64) {
        use crate::theory::values::{ReservationInputs, reservation_utility};
        let a = &self.actors[i];
        let credibility = deciders
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| self.actors[j].credibility.typical())
            .fold(1.0_f64, f64::min);
        let r = reservation_utility(&ReservationInputs {
            no_deal: a.payoffs.no_deal.typical(),
            stalling: a.payoffs.stalling.typical(),
            gain: a.payoffs.gain.typical(),
            credibility,
            delta: a.discount.typical(),
            hazard_no_deal: self.conflict.no_deal.typical(),
            hazard_in_force: self.conflict.in_force.typical(),
            conflict: a.payoffs.conflict.typical(),
        });
        (self.sq_utility(i) + r, credibility)
    }

    /// Actor `i`'s utility of the status quo (0 when the scenario gives none): the
    /// point from which its treaty values are measured.
    pub fn sq_utility(&self, i: usize) -> f64 {
        let Some(sq) = self.status_quo() else {
            return 0.0;
        };
        let a = &self.actors[i];
        crate::util::closeness(&sq, &a.ideal, &a.salience, |j| {
            self.issues[j].high - self.issues[j].low
        })
    }

    /// Actor `i`'s treaty flow at terms of utility `u`, at typical values:
    /// `no_deal + gain · (u − U(status quo))`.
    pub fn treaty_value(&self, i: usize, u: f64) -> f64 {
        let p = &self.actors[i].payoffs;
        p.no_deal.typical() + p.gain.typical() * (u - self.sq_utility(i))
    }

    /// Whether power shifts during a run: by the calendar (`[power]`) or by an
    /// issue's agreed value (`shifts_power`).
    pub fn shifts_power(&self) -> bool {
        self.talks.power.is_some() || self.issues.iter().any(|i| i.shifts_power.is_some())
    }

    /// Indices of the deciding actors, in file order.
    pub fn deciders(&self) -> Vec<usize> {
        (0..self.actors.len())
            .filter(|&i| self.actors[i].decides())
            .collect()
    }

    /// The deciding actor at the top of `i`'s chain of principals (itself if it decides).
    pub fn decider_for(&self, mut i: usize) -> usize {
        // Validation guarantees the chain is acyclic; the bound is belt and braces.
        for _ in 0..=self.actors.len() {
            match self.actors[i].principal {
                Some(p) => i = p,
                None => return i,
            }
        }
        i
    }
}
