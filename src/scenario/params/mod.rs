//! One description per scenario parameter: [`PARAMS`], one [`Spec`] per numeric
//! parameter [`Num`], says where the number is written (its key path), which values it
//! takes (its [`Bounds`]), its default, a line of help, whether it may be a
//! distribution drawn per run or an actor's private information, and where it lands in
//! the model. [`WHOLES`] (in `whole`), one [`WholeSpec`] per [`Whole`], does the same
//! for the whole numbers (seed, runs, counts of rounds), which are never drawn, and
//! [`KEYED`] (in `keyed`), one [`KeyedSpec`] per [`Keyed`], for the numbers written per
//! issue or per actor id (ideal, salience, status quo, values, a commitment, power
//! shifts), whose bounds may be the range. `inner` describes the parameters
//! written inside a value: each kind of distribution's ([`DISTS`]), a compliance
//! strategy's ([`STRATEGY_PARAMS`]; the strategy catalogue names each strategy's) and
//! which numbers of [`PARAMS`] each temptation process takes ([`PROCESSES`]).
//!
//! The tables are walked by the loader (`validate` reads each number through its
//! `Num`, `Whole` or `Keyed`: key, bounds and default come from here), by the error hints and
//! the JSON Schema (`keys::help`), by `Model::compile` (the order of [`PARAMS`] is the
//! order of the per-run draws, so reordering it changes every result) and by
//! `explain`'s list of uncertain numbers (`listed`).
//!
//! Adding a number: a variant of `Num`, its `Spec` here (at the end of its group in
//! [`PARAMS`] when it is drawn per run, so the existing draws keep their order), its
//! field in `types` with an arm in [`Num::param`], its reader call in `validate`, and,
//! when it lands in the per-run numbers, its field in `model::RunParams` with an arm
//! in `RunParams::slot` (the compiler points at both matches). Adding a whole number: a
//! variant of `Whole`, its `WholeSpec` in `whole`, its field in `types` and its
//! reader call (`whole_opt`, `rounds_opt` or `whole_node`) in `validate`. Adding a
//! keyed number: a variant of `Keyed`, its `KeyedSpec` in `keyed`, its field in
//! `types`, its check in `validate` (`keyed_node`, or `Keyed::bounds` with the
//! issue's range) and its `--set` override in this module's tests. Adding a kind of
//! distribution: its `DistSpec` in `inner` (keys, bounds, defaults), its `DistKind` and
//! its consistency check in `validate::dist`.

use super::types::*;

mod inner;
mod keyed;
mod whole;
pub use inner::{
    DIST_CLAMPS, DISTS, DistParam, DistSpec, PROCESSES, ProcessSpec, STRATEGY_PARAMS,
    StrategyParam, dist_spec, strategy_param,
};
pub use keyed::{KEYED, Keyed, KeyedSpec, KeyedUnset, Within};
pub use whole::{WHOLES, Whole, WholeSpec, WholeUnset, is_whole_path};

/// An allowed interval for a number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub lo: f64,
    pub lo_open: bool,
    pub hi: f64,
    pub hi_open: bool,
}

/// Any finite number.
pub const ANY: Bounds = Bounds {
    lo: f64::NEG_INFINITY,
    lo_open: false,
    hi: f64::INFINITY,
    hi_open: false,
};
/// Zero or more.
pub const NONNEG: Bounds = Bounds { lo: 0.0, ..ANY };
/// Zero or less.
pub const NONPOS: Bounds = Bounds { hi: 0.0, ..ANY };
/// More than zero.
pub const POSITIVE: Bounds = Bounds {
    lo: 0.0,
    lo_open: true,
    ..ANY
};
/// A probability, [0, 1].
pub const PROB: Bounds = Bounds {
    lo: 0.0,
    lo_open: false,
    hi: 1.0,
    hi_open: false,
};
/// (0, 1).
pub const OPEN_UNIT: Bounds = Bounds {
    lo: 0.0,
    lo_open: true,
    hi: 1.0,
    hi_open: true,
};
/// (−1, 1).
pub const OPEN_PM1: Bounds = Bounds {
    lo: -1.0,
    lo_open: true,
    hi: 1.0,
    hi_open: true,
};

impl Bounds {
    /// Whether `v` is above the lower bound (`closed_at_v`: `v` itself is allowed,
    /// so an open bound excludes it).
    pub fn above_lo(&self, v: f64, closed_at_v: bool) -> bool {
        if self.lo == f64::NEG_INFINITY {
            return true;
        }
        if self.lo_open && closed_at_v {
            v > self.lo
        } else {
            v >= self.lo
        }
    }
    /// Whether `v` is below the upper bound (as [`Bounds::above_lo`]).
    pub fn below_hi(&self, v: f64, closed_at_v: bool) -> bool {
        if self.hi == f64::INFINITY {
            return true;
        }
        if self.hi_open && closed_at_v {
            v < self.hi
        } else {
            v <= self.hi
        }
    }
    pub fn contains(&self, v: f64) -> bool {
        self.above_lo(v, true) && self.below_hi(v, true)
    }
    /// "in [0, 1]", ">= 0", "a finite number".
    pub fn describe(&self) -> String {
        match (self.lo.is_finite(), self.hi.is_finite()) {
            (true, true) => format!(
                "in {}{}, {}{}",
                if self.lo_open { "(" } else { "[" },
                self.lo,
                self.hi,
                if self.hi_open { ")" } else { "]" }
            ),
            (true, false) => format!("{} {}", if self.lo_open { ">" } else { ">=" }, self.lo),
            (false, true) => format!("{} {}", if self.hi_open { "<" } else { "<=" }, self.hi),
            (false, false) => "a finite number".into(),
        }
    }
}

/// What a parameter is when its key is left out.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unset {
    /// This number.
    Value(f64),
    /// Whatever the other key is (listed once by `explain`, under that key).
    Inherit(Num),
    /// By `[treaty] form`: legally binding, verbal.
    Form { binding: f64, verbal: f64 },
    /// Nothing: the feature is off; the model's per-run number is then this.
    Off(f64),
}

/// Where a parameter's number lands once the scenario is compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lands {
    /// A number of `model::RunParams` (per actor or per run), drawn at the start of
    /// each run when uncertain.
    RunParams,
    /// Nowhere of its own: it is the default of other keys (`treaty.exit_cost` of each
    /// actor's `exit_cost`), which land in its place.
    Default,
    /// A fixed number of the compiled model, read by one protocol or rule.
    Model,
}

/// The description of one parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spec {
    pub num: Num,
    /// Its key path with the ids left out, as `--set` reaches it:
    /// `actor.payoffs.gain` is `actor.<id>.payoffs.gain`.
    pub path: &'static str,
    pub bounds: Bounds,
    pub default: Unset,
    /// What it means, for error hints and the JSON Schema (none: the key's error
    /// messages give no hint line).
    pub help: Option<&'static str>,
    /// May be given as a distribution, drawn once per run.
    pub uncertain: bool,
    /// May be declared private (`private = [...]`): drawn per run and known to its
    /// actor only.
    pub private: bool,
    pub lands: Lands,
    /// Its place in `explain`'s list of uncertain numbers (within the actor's, or
    /// within the scenario-wide ones). Historical, kept so `explain` reads as before.
    pub listed: u8,
}

/// Every numeric scenario parameter; the order of [`PARAMS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Num {
    Discount,
    Credibility,
    Exponent,
    Initial,
    NoDeal,
    Gain,
    TemptationMean,
    TemptationPhi,
    TemptationSd,
    TemptationStart,
    TemptationDrift,
    TemptationVolatility,
    Betrayal,
    Conflict,
    Stalling,
    ExitCost,
    Level,
    Capability,
    WarCost,
    Ratification,
    HazardTalks,
    HazardNoDeal,
    HazardInForce,
    HazardAfterExit,
    FalseAlarm,
    Missed,
    ExitLoss,
    Recovery,
    ViolationLoss,
    Escalation,
    EscapePrice,
    TreatyExitCost,
    Q,
    T,
    Tolerance,
}

const EXIT_COST_HELP: &str =
    "a one-time cost of leaving the treaty, paid when the exit takes effect (>= 0)";
const HAZARD_HELP: &str = "a per-round probability that conflict breaks out, e.g. 0.001";
const SD_HELP: &str = "a standard deviation: zero or more";

/// A spec with the common defaults: a per-run number that may be uncertain.
const fn spec(num: Num, path: &'static str, bounds: Bounds, default: Unset) -> Spec {
    Spec {
        num,
        path,
        bounds,
        default,
        help: None,
        uncertain: true,
        private: false,
        lands: Lands::RunParams,
        listed: 0,
    }
}

const fn v(x: f64) -> Unset {
    Unset::Value(x)
}

/// The table, in the order of the per-run draws (per actor, then scenario-wide).
pub const PARAMS: &[Spec] = &[
    Spec {
        help: Some("a per-round discount factor, e.g. 0.95 (a 5% loss of value per round)"),
        listed: 0,
        ..spec(Num::Discount, "actor.discount", OPEN_UNIT, v(0.95))
    },
    Spec {
        help: Some("the initial share of its promises others believe, from 0 (none) to 1 (all)"),
        listed: 1,
        ..spec(Num::Credibility, "actor.credibility", PROB, v(1.0))
    },
    Spec {
        help: Some(
            "the concession exponent: 0 hardliner, below 1 Boulware, 1 linear, above 1 Conceder",
        ),
        listed: 2,
        ..spec(Num::Exponent, "actor.tactic.exponent", NONNEG, v(1.0))
    },
    Spec {
        help: Some("the share of the way conceded at once, from 0 to 1"),
        listed: 3,
        ..spec(Num::Initial, "actor.tactic.initial", PROB, v(0.0))
    },
    Spec {
        private: true,
        listed: 5,
        ..spec(Num::NoDeal, "actor.payoffs.no_deal", ANY, v(0.0))
    },
    Spec {
        private: true,
        listed: 6,
        ..spec(Num::Gain, "actor.payoffs.gain", ANY, v(1.0))
    },
    Spec {
        listed: 7,
        ..spec(
            Num::TemptationMean,
            "actor.payoffs.temptation.mean",
            ANY,
            v(0.0),
        )
    },
    Spec {
        help: Some("the AR(1) persistence, strictly between -1 and 1, e.g. 0.8"),
        listed: 8,
        ..spec(
            Num::TemptationPhi,
            "actor.payoffs.temptation.phi",
            OPEN_PM1,
            v(0.0),
        )
    },
    Spec {
        help: Some(SD_HELP),
        listed: 9,
        ..spec(
            Num::TemptationSd,
            "actor.payoffs.temptation.sd",
            NONNEG,
            v(0.0),
        )
    },
    // An ar1 process starts at its mean unless `start` is given (the reader's one
    // exception: `mean` is a key of that process only).
    Spec {
        listed: 10,
        ..spec(
            Num::TemptationStart,
            "actor.payoffs.temptation.start",
            ANY,
            v(0.0),
        )
    },
    Spec {
        listed: 11,
        ..spec(
            Num::TemptationDrift,
            "actor.payoffs.temptation.drift",
            ANY,
            v(0.0),
        )
    },
    Spec {
        help: Some(SD_HELP),
        listed: 12,
        ..spec(
            Num::TemptationVolatility,
            "actor.payoffs.temptation.volatility",
            NONNEG,
            v(0.0),
        )
    },
    Spec {
        help: Some("the per-round loss when the others violate: zero or negative, e.g. -2"),
        listed: 13,
        ..spec(Num::Betrayal, "actor.payoffs.betrayal", NONPOS, v(0.0))
    },
    Spec {
        listed: 14,
        ..spec(Num::Conflict, "actor.payoffs.conflict", ANY, v(0.0))
    },
    Spec {
        listed: 15,
        ..spec(Num::Stalling, "actor.payoffs.stalling", ANY, v(0.0))
    },
    Spec {
        help: Some(EXIT_COST_HELP),
        listed: 18,
        ..spec(
            Num::ExitCost,
            "actor.exit_cost",
            NONNEG,
            Unset::Inherit(Num::TreatyExitCost),
        )
    },
    Spec {
        listed: 4,
        ..spec(Num::Level, "actor.exit.level", ANY, Unset::Off(0.0))
    },
    Spec {
        help: Some(
            "capability, > 0: in crisis talks a side's share of all capability is its chance to win a war; in expected-utility talks it is the actor's clout; e.g. 2",
        ),
        listed: 17,
        ..spec(Num::Capability, "actor.capability", POSITIVE, v(1.0))
    },
    Spec {
        help: Some("the cost of war per round (>= 0), in the units of the other flows, e.g. 0.5"),
        private: true,
        listed: 16,
        ..spec(
            Num::WarCost,
            "actor.payoffs.war_cost",
            NONNEG,
            Unset::Off(0.0),
        )
    },
    Spec {
        help: Some(
            "the least utility of terms (0 to 1) the actor's ratifier approves for a binding treaty, e.g. 0.6",
        ),
        uncertain: false,
        lands: Lands::Model,
        ..spec(
            Num::Ratification,
            "actor.ratification",
            PROB,
            Unset::Off(0.0),
        )
    },
    Spec {
        help: Some(HAZARD_HELP),
        listed: 3,
        ..spec(Num::HazardTalks, "conflict.talks", PROB, v(0.0))
    },
    Spec {
        help: Some(HAZARD_HELP),
        listed: 4,
        ..spec(Num::HazardNoDeal, "conflict.no_deal", PROB, v(0.0))
    },
    Spec {
        help: Some(HAZARD_HELP),
        listed: 5,
        ..spec(Num::HazardInForce, "conflict.in_force", PROB, v(0.0))
    },
    Spec {
        help: Some(HAZARD_HELP),
        listed: 6,
        ..spec(
            Num::HazardAfterExit,
            "conflict.after_exit",
            PROB,
            Unset::Inherit(Num::HazardNoDeal),
        )
    },
    Spec {
        help: Some("the probability that compliance is read as a violation, e.g. 0.02"),
        listed: 1,
        ..spec(Num::FalseAlarm, "treaty.false_alarm", PROB, v(0.0))
    },
    Spec {
        help: Some("the probability that a violation goes unnoticed, e.g. 0.1"),
        listed: 2,
        ..spec(Num::Missed, "treaty.missed", PROB, v(0.0))
    },
    Spec {
        help: Some("the credibility an actor loses when its exit takes effect, e.g. 0.3"),
        listed: 7,
        ..spec(Num::ExitLoss, "reputation.exit_loss", PROB, v(0.3))
    },
    Spec {
        help: Some("the credibility regained per round, e.g. 0.01"),
        listed: 8,
        ..spec(Num::Recovery, "reputation.recovery", PROB, v(0.01))
    },
    Spec {
        help: Some("the credibility a party loses each time it is seen violating, e.g. 0.1"),
        listed: 9,
        ..spec(
            Num::ViolationLoss,
            "reputation.violation_loss",
            PROB,
            v(0.0),
        )
    },
    Spec {
        help: Some("added to the in-force conflict hazard by each detected violation, e.g. 0.001"),
        listed: 10,
        ..spec(Num::Escalation, "treaty.escalation", PROB, v(0.0))
    },
    Spec {
        help: Some("the price of deviating for one round under the escape clause (>= 0), e.g. 2"),
        listed: 11,
        ..spec(
            Num::EscapePrice,
            "treaty.escape_price",
            NONNEG,
            Unset::Off(f64::INFINITY),
        )
    },
    Spec {
        help: Some(EXIT_COST_HELP),
        lands: Lands::Default,
        listed: 0,
        ..spec(
            Num::TreatyExitCost,
            "treaty.exit_cost",
            NONNEG,
            Unset::Form {
                binding: 5.0,
                verbal: 0.0,
            },
        )
    },
    Spec {
        help: Some(
            "expected-utility model: the probability that the status quo holds when an actor does not challenge, from 0 to 1 (default 1)",
        ),
        uncertain: false,
        lands: Lands::Model,
        ..spec(Num::Q, "talks.q", PROB, v(1.0))
    },
    Spec {
        help: Some(
            "expected-utility model: the probability that things get better for an actor when the status quo does not hold, from 0 to 1 (default 1)",
        ),
        uncertain: false,
        lands: Lands::Model,
        ..spec(Num::T, "talks.t", PROB, v(1.0))
    },
    Spec {
        help: Some(
            "expected-utility model: stop once no position moves by more than this share of the issue's range, e.g. 0.001 (default 0: once nothing moves)",
        ),
        uncertain: false,
        lands: Lands::Model,
        ..spec(Num::Tolerance, "talks.tolerance", NONNEG, v(0.0))
    },
];

impl Num {
    /// Its description.
    pub fn spec(self) -> &'static Spec {
        &PARAMS[self as usize]
    }

    /// Its key: the last segment of its path.
    pub fn key(self) -> &'static str {
        let p = self.spec().path;
        p.rsplit('.').next().unwrap_or(p)
    }

    /// Whether each actor has its own (`actor.…`).
    pub fn per_actor(self) -> bool {
        self.spec().path.starts_with("actor.")
    }

    /// The default when it is a plain number (0 otherwise; the readers of the other
    /// kinds of default pass theirs).
    pub fn default_value(self) -> f64 {
        match self.spec().default {
            Unset::Value(x) | Unset::Off(x) => x,
            Unset::Inherit(_) | Unset::Form { .. } => 0.0,
        }
    }

    /// The default under treaty form `binding` (legally binding or verbal) when it
    /// depends on the form, else [`Num::default_value`].
    pub fn form_default(self, binding: bool) -> f64 {
        match self.spec().default {
            Unset::Form { binding: b, .. } if binding => b,
            Unset::Form { verbal, .. } => verbal,
            _ => self.default_value(),
        }
    }

    /// The value a validated scenario gives it (actor `i`'s, for a per-actor one);
    /// `None` when the scenario leaves it out (the feature is off: no war cost, no
    /// escape clause), when the actor's rule or process has no such number, or when it
    /// is a plain fixed number rather than a [`Param`] (`Lands::Model`).
    pub fn param(self, s: &Scenario, i: usize) -> Option<&Param> {
        let actor = || s.actors.get(i);
        let temptation = || actor().map(|a| &a.payoffs.temptation);
        match self {
            Num::Discount => actor().map(|a| &a.discount),
            Num::Credibility => actor().map(|a| &a.credibility),
            Num::Exponent | Num::Initial => match &actor()?.tactic {
                Tactic::Concession { exponent, initial } => Some(if self == Num::Exponent {
                    exponent
                } else {
                    initial
                }),
                Tactic::SubgamePerfect => None,
            },
            Num::NoDeal => actor().map(|a| &a.payoffs.no_deal),
            Num::Gain => actor().map(|a| &a.payoffs.gain),
            Num::TemptationMean => match temptation()? {
                Temptation::Iid { mean, .. } | Temptation::Ar1 { mean, .. } => Some(mean),
                Temptation::RandomWalk { .. } => None,
            },
            Num::TemptationPhi => match temptation()? {
                Temptation::Ar1 { phi, .. } => Some(phi),
                _ => None,
            },
            Num::TemptationSd => match temptation()? {
                Temptation::Iid { sd, .. } | Temptation::Ar1 { sd, .. } => Some(sd),
                Temptation::RandomWalk { .. } => None,
            },
            Num::TemptationStart => match temptation()? {
                Temptation::RandomWalk { start, .. } | Temptation::Ar1 { start, .. } => Some(start),
                Temptation::Iid { .. } => None,
            },
            Num::TemptationDrift => match temptation()? {
                Temptation::RandomWalk { drift, .. } => Some(drift),
                _ => None,
            },
            Num::TemptationVolatility => match temptation()? {
                Temptation::RandomWalk { volatility, .. } => Some(volatility),
                _ => None,
            },
            Num::Betrayal => actor().map(|a| &a.payoffs.betrayal),
            Num::Conflict => actor().map(|a| &a.payoffs.conflict),
            Num::Stalling => actor().map(|a| &a.payoffs.stalling),
            Num::ExitCost => actor().map(|a| &a.exit_cost),
            Num::Level => match &actor()?.exit {
                ExitRule::Threshold { level } => Some(level),
                _ => None,
            },
            Num::Capability => actor().map(|a| &a.war.capability),
            Num::WarCost => actor()?.war.cost.as_ref(),
            Num::HazardTalks => Some(&s.conflict.talks),
            Num::HazardNoDeal => Some(&s.conflict.no_deal),
            Num::HazardInForce => Some(&s.conflict.in_force),
            Num::HazardAfterExit => Some(&s.conflict.after_exit),
            Num::FalseAlarm => Some(&s.treaty.false_alarm),
            Num::Missed => Some(&s.treaty.missed),
            Num::ExitLoss => Some(&s.reputation.exit_loss),
            Num::Recovery => Some(&s.reputation.recovery),
            Num::ViolationLoss => Some(&s.reputation.violation_loss),
            Num::Escalation => Some(&s.treaty.consequences.escalation),
            Num::EscapePrice => s.treaty.consequences.escape_price.as_ref(),
            Num::TreatyExitCost => Some(&s.treaty.exit_cost),
            Num::Ratification | Num::Q | Num::T | Num::Tolerance => None,
        }
    }

    /// Every parameter, in the order of [`PARAMS`].
    pub fn all() -> impl Iterator<Item = Num> {
        PARAMS.iter().map(|s| s.num)
    }
}

/// The help line of a parameter's key, for hints: the first parameter (numbers, whole
/// numbers, keyed numbers, then compliance parameters) with that key that has one
/// (keys shared by several parameters share their help).
pub fn help(key: &str) -> Option<&'static str> {
    let last = |p: &'static str| p.rsplit('.').next().unwrap_or(p);
    let numbers = PARAMS.iter().map(|s| (s.num.key(), s.help));
    let wholes = WHOLES.iter().map(|s| (s.whole.key(), s.help));
    let keyed = KEYED.iter().map(|s| (s.keyed.key(), s.help));
    let strategy = STRATEGY_PARAMS.iter().map(|s| (last(s.path), Some(s.help)));
    numbers
        .chain(wholes)
        .chain(keyed)
        .chain(strategy)
        .find_map(|(k, h)| if k == key { h } else { None })
}

#[cfg(test)]
mod tests;
