//! The parameters written inside a value rather than as a scenario key of their own:
//! those of each kind of distribution (`{ dist = "normal", mean = …, sd = … }`) and
//! those of a compliance strategy (`{ strategy = "generous-tit-for-tat", generosity =
//! … }`, `{ memory_one = […], first = … }`). Each has its key, its bounds and, where it
//! may be left out, its default; the loader reads each through this table. The
//! temptation processes' parameters are scenario keys, described in
//! [`super::PARAMS`]; [`PROCESSES`] says which of them each process takes.

use super::{ANY, Bounds, Num, POSITIVE, PROB};

/// A temptation process (`temptation = { process = "…", … }`) and its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProcessSpec {
    /// Its name, as `process = "…"` writes it.
    pub name: &'static str,
    /// Its numbers, in the order its hints list them.
    pub nums: &'static [Num],
}

/// Every temptation process; the order in which messages list them.
pub const PROCESSES: &[ProcessSpec] = &[
    ProcessSpec {
        name: "iid",
        nums: &[Num::TemptationMean, Num::TemptationSd],
    },
    ProcessSpec {
        name: "random_walk",
        nums: &[
            Num::TemptationStart,
            Num::TemptationDrift,
            Num::TemptationVolatility,
        ],
    },
    ProcessSpec {
        name: "ar1",
        nums: &[
            Num::TemptationMean,
            Num::TemptationPhi,
            Num::TemptationSd,
            Num::TemptationStart,
        ],
    },
];

impl ProcessSpec {
    /// The process named `name`.
    pub fn named(name: &str) -> Option<&'static ProcessSpec> {
        PROCESSES.iter().find(|p| p.name == name)
    }

    /// Its keys: `process` and those of its numbers.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut k = vec!["process"];
        k.extend(self.nums.iter().map(|n| n.key()));
        k
    }
}

/// One parameter of a distribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistParam {
    pub key: &'static str,
    /// Its own bounds (the distribution's support must also fit the bounds of the key
    /// it is written for: checked with the support).
    pub bounds: Bounds,
    /// Its value when left out (none: it must be given).
    pub default: Option<f64>,
}

/// One kind of distribution and its parameters, in the order the kind takes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DistSpec {
    /// Its name, as `dist = "…"` writes it.
    pub kind: &'static str,
    pub params: &'static [DistParam],
}

const fn given(key: &'static str, bounds: Bounds) -> DistParam {
    DistParam {
        key,
        bounds,
        default: None,
    }
}

/// Every kind of distribution; the order in which messages list them.
pub const DISTS: &[DistSpec] = &[
    DistSpec {
        kind: "normal",
        params: &[given("mean", ANY), given("sd", POSITIVE)],
    },
    DistSpec {
        kind: "uniform",
        params: &[given("low", ANY), given("high", ANY)],
    },
    DistSpec {
        kind: "triangular",
        params: &[given("low", ANY), given("mode", ANY), given("high", ANY)],
    },
    // low and high scale the beta's [0, 1] support.
    DistSpec {
        kind: "beta",
        params: &[
            given("alpha", POSITIVE),
            given("beta", POSITIVE),
            DistParam {
                default: Some(0.0),
                ..given("low", ANY)
            },
            DistParam {
                default: Some(1.0),
                ..given("high", ANY)
            },
        ],
    },
    DistSpec {
        kind: "lognormal",
        params: &[given("mu", ANY), given("sigma", POSITIVE)],
    },
];

/// The clamps any distribution may carry: draws below `min` or above `max` are set to
/// it.
pub const DIST_CLAMPS: [&str; 2] = ["min", "max"];

/// The kind of distribution named `kind`.
pub fn dist_spec(kind: &str) -> Option<&'static DistSpec> {
    DISTS.iter().find(|d| d.kind == kind)
}

impl DistSpec {
    /// Its parameters' keys, in order.
    pub fn keys(&self) -> Vec<&'static str> {
        self.params.iter().map(|p| p.key).collect()
    }

    /// Parameter `key` of this kind.
    pub fn param(&self, key: &str) -> Option<&'static DistParam> {
        self.params.iter().find(|p| p.key == key)
    }
}

/// A parameter of an actor's compliance strategy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StrategyParam {
    /// Its key path with the actor id left out; `<parameter>` stands for each
    /// parameter a named strategy takes (the strategy catalogue names them and gives
    /// their defaults).
    pub path: &'static str,
    pub bounds: Bounds,
    /// What it means, for error hints.
    pub help: &'static str,
}

/// The parameters of compliance strategies: every one is a probability.
pub const STRATEGY_PARAMS: &[StrategyParam] = &[
    StrategyParam {
        path: "actor.compliance.<parameter>",
        bounds: PROB,
        help: "strategy parameters are probabilities",
    },
    StrategyParam {
        path: "actor.compliance.memory_one",
        bounds: PROB,
        help: "the probabilities of complying after CC, CD, DC and DD, e.g. [1, 0, 1, 0]",
    },
    StrategyParam {
        path: "actor.compliance.first",
        bounds: PROB,
        help: "the probability of complying in the first round in force",
    },
];

/// The compliance parameter with key `key` (`memory_one`, `first`, else a named
/// strategy's parameter).
pub fn strategy_param(key: &str) -> &'static StrategyParam {
    STRATEGY_PARAMS
        .iter()
        .find(|p| p.path.rsplit('.').next() == Some(key))
        .unwrap_or(&STRATEGY_PARAMS[0])
}
