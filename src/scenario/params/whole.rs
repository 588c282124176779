//! The whole-number parameters: counts of rounds and runs, and the seed, described
//! as the numbers of [`super::PARAMS`] are (key path, bounds, default, help), with
//! whole-number bounds. The loader reads each through its [`Whole`].

/// Every whole-number scenario parameter (counts of rounds and runs, and the seed);
/// the order of [`WHOLES`]. Never drawn per run and never uncertain: each is a fixed
/// number of the validated scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Whole {
    Seed,
    Runs,
    Horizon,
    TreatyNotice,
    RenegotiateAfter,
    Suspension,
    Deadline,
    RetryAfter,
    Rounds,
    Notice,
    PowerAfter,
    ShiftAfter,
}

/// What a whole-number parameter is when its key is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WholeUnset {
    /// This number.
    Value(u64),
    /// Whatever the other key is (an actor's `notice` is `[treaty] notice`).
    Inherit(Whole),
    /// By `[treaty] form`: legally binding, verbal.
    Form { binding: u64, verbal: u64 },
    /// Nothing: the feature is off (no deadline, failed talks never reopen).
    Off,
    /// Nothing: its table is incomplete without it (the loader says so).
    Required,
}

/// The description of one whole-number parameter: as [`Spec`], with bounds that are
/// whole numbers (`lo ..= hi`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WholeSpec {
    pub whole: Whole,
    /// Its key path with the ids left out, as `--set` reaches it.
    pub path: &'static str,
    pub lo: u64,
    pub hi: u64,
    pub default: WholeUnset,
    /// What it means, for error hints and the JSON Schema (none: a bound error's hint
    /// says which whole numbers it takes).
    pub help: Option<&'static str>,
}

/// Whether the key at `path` (a `--set` path, with the actor's or issue's id, as
/// `actor.usa.notice`) takes only whole numbers: one of [`WHOLES`].
pub fn is_whole_path(path: &str) -> bool {
    let generic = match path.split_once('.') {
        Some((top @ ("actor" | "issue"), rest)) => match rest.split_once('.') {
            Some((_id, key)) => format!("{top}.{key}"),
            None => return false,
        },
        _ => path.to_string(),
    };
    WHOLES.iter().any(|w| w.path == generic)
}

/// Longest count of rounds a scenario may give (horizon, notice, deadline, …).
const MAX_ROUNDS: u64 = 100_000;

const fn whole(
    whole: Whole,
    path: &'static str,
    lo: u64,
    hi: u64,
    default: WholeUnset,
    help: Option<&'static str>,
) -> WholeSpec {
    WholeSpec {
        whole,
        path,
        lo,
        hi,
        default,
        help,
    }
}

/// The whole-number table, in the order of [`Whole`].
pub const WHOLES: &[WholeSpec] = &[
    whole(
        Whole::Seed,
        "scenario.seed",
        0,
        u64::MAX,
        WholeUnset::Value(1),
        None,
    ),
    whole(
        Whole::Runs,
        "scenario.runs",
        1,
        1_000_000_000_000,
        WholeUnset::Value(10_000),
        Some("the number of simulated runs, e.g. 10000"),
    ),
    whole(
        Whole::Horizon,
        "scenario.horizon",
        1,
        MAX_ROUNDS,
        WholeUnset::Value(120),
        Some("the number of rounds simulated per run, e.g. 120"),
    ),
    whole(
        Whole::TreatyNotice,
        "treaty.notice",
        0,
        MAX_ROUNDS,
        WholeUnset::Form {
            binding: 6,
            verbal: 0,
        },
        Some("the rounds between giving notice and the exit taking effect, e.g. 6"),
    ),
    whole(
        Whole::RenegotiateAfter,
        "treaty.renegotiate_after",
        1,
        MAX_ROUNDS,
        WholeUnset::Off,
        None,
    ),
    whole(
        Whole::Suspension,
        "treaty.suspension",
        0,
        MAX_ROUNDS,
        WholeUnset::Value(0),
        Some("rounds the treaty is suspended after a detected violation, e.g. 3"),
    ),
    whole(
        Whole::Deadline,
        "talks.deadline",
        1,
        MAX_ROUNDS,
        WholeUnset::Off,
        Some("the rounds of talks before they fail, e.g. 12"),
    ),
    whole(
        Whole::RetryAfter,
        "talks.retry_after",
        1,
        MAX_ROUNDS,
        WholeUnset::Off,
        None,
    ),
    whole(
        Whole::Rounds,
        "talks.rounds",
        1,
        10_000,
        WholeUnset::Value(10),
        Some("expected-utility model: the most rounds of challenges, e.g. 10"),
    ),
    // Its hints are those of `[treaty] notice` (hints go by key).
    whole(
        Whole::Notice,
        "actor.notice",
        0,
        MAX_ROUNDS,
        WholeUnset::Inherit(Whole::TreatyNotice),
        None,
    ),
    // Round 1 is the first round, so a shift "after" it starts in round 2 at the
    // earliest; an issue's shift may start at once.
    whole(
        Whole::PowerAfter,
        "power.after",
        2,
        MAX_ROUNDS,
        WholeUnset::Required,
        Some("the first round of a run with the new capabilities, e.g. 12"),
    ),
    whole(
        Whole::ShiftAfter,
        "issue.shifts_power.after",
        1,
        MAX_ROUNDS,
        WholeUnset::Required,
        None,
    ),
];

impl Whole {
    /// Its description.
    pub fn spec(self) -> &'static WholeSpec {
        &WHOLES[self as usize]
    }

    /// Its key: the last segment of its path.
    pub fn key(self) -> &'static str {
        let p = self.spec().path;
        p.rsplit('.').next().unwrap_or(p)
    }

    /// The default when it is a plain number (0 otherwise; the readers of the other
    /// kinds of default pass theirs).
    pub fn default_value(self) -> u64 {
        match self.spec().default {
            WholeUnset::Value(x) => x,
            _ => 0,
        }
    }

    /// The default under treaty form `binding` (legally binding or verbal) when it
    /// depends on the form, else [`Whole::default_value`].
    pub fn form_default(self, binding: bool) -> u64 {
        match self.spec().default {
            WholeUnset::Form { binding: b, .. } if binding => b,
            WholeUnset::Form { verbal, .. } => verbal,
            _ => self.default_value(),
        }
    }

    /// Every whole-number parameter, in the order of [`WHOLES`].
    pub fn all() -> impl Iterator<Item = Whole> {
        WHOLES.iter().map(|s| s.whole)
    }
}
