//! The numbers written per issue (an actor's ideal point and salience on each issue,
//! an issue's status quo and values, a commitment to a value of an issue, an issue's
//! power shift) or per actor inside a table (`[power] capability`), described as the
//! numbers of [`super::PARAMS`] are: the key path with the ids left out, where the
//! number must lie (the issue's range, or fixed [`Bounds`]), its default, its help and
//! whether it may be a distribution. The loader checks each against its [`Keyed`].

use super::{ANY, Bounds, NONNEG, POSITIVE};

/// Every number written per issue or per actor id; the order of [`KEYED`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyed {
    Ideal,
    Salience,
    StatusQuo,
    Values,
    CommitmentValue,
    AudienceCost,
    ShiftCapability,
    PowerCapability,
}

/// Where a keyed number must lie.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Within {
    /// The issue's `range = [low, high]`, ends included (and, on an indivisible issue,
    /// among its `values`: a check across keys, made after every issue is read).
    Range,
    /// These bounds, whatever the issue.
    Bounds(Bounds),
}

/// What a keyed number is when it is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyedUnset {
    /// The middle of the issue's range.
    Midpoint,
    /// Equal weights: each issue counts `1 / issues`.
    Equal,
    /// Nothing: the feature is off (no status quo, a divisible issue, no power shift).
    Off,
    /// Nothing: its table is incomplete without it (the loader says so).
    Required,
}

/// The description of one keyed number.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KeyedSpec {
    pub keyed: Keyed,
    /// Its key path with the ids left out: `actor.ideal` is `actor.<id>.ideal.<issue>`,
    /// `issue.status_quo` is `issue.<issue>.status_quo`, `actor.commitment.value` is
    /// the value on the issue that `actor.<id>.commitment.issue` names.
    pub path: &'static str,
    pub within: Within,
    pub default: KeyedUnset,
    /// What it means, for error hints and the JSON Schema (none: its hints are the
    /// ones of another key with the same name, or written where it is checked).
    pub help: Option<&'static str>,
    /// May be given as a distribution: drawn per run by the expected-utility model
    /// (the rest of the scenario uses its typical value).
    pub uncertain: bool,
}

const fn keyed(
    keyed: Keyed,
    path: &'static str,
    within: Within,
    default: KeyedUnset,
    help: Option<&'static str>,
) -> KeyedSpec {
    KeyedSpec {
        keyed,
        path,
        within,
        default,
        help,
        uncertain: false,
    }
}

/// The keyed table, in the order of [`Keyed`].
pub const KEYED: &[KeyedSpec] = &[
    KeyedSpec {
        uncertain: true,
        ..keyed(
            Keyed::Ideal,
            "actor.ideal",
            Within::Range,
            KeyedUnset::Midpoint,
            Some("its ideal point per issue: { issue_id = value, … }"),
        )
    },
    // Expected-utility talks read saliences as given and also need them <= 1 (checked
    // with that protocol's keys).
    KeyedSpec {
        uncertain: true,
        ..keyed(
            Keyed::Salience,
            "actor.salience",
            Within::Bounds(NONNEG),
            KeyedUnset::Equal,
            Some("how much it cares about each issue: { issue_id = weight, … }"),
        )
    },
    keyed(
        Keyed::StatusQuo,
        "issue.status_quo",
        Within::Range,
        KeyedUnset::Off,
        Some("where the issue stands without an agreement, a value in its range"),
    ),
    keyed(
        Keyed::Values,
        "issue.values",
        Within::Range,
        KeyedUnset::Off,
        Some("the only values an indivisible issue can take, e.g. values = [0, 1]"),
    ),
    keyed(
        Keyed::CommitmentValue,
        "actor.commitment.value",
        Within::Range,
        KeyedUnset::Required,
        None,
    ),
    keyed(
        Keyed::AudienceCost,
        "actor.commitment.audience_cost",
        Within::Bounds(NONNEG),
        KeyedUnset::Required,
        None,
    ),
    // Its hints are those of an actor's `capability` (hints go by key).
    keyed(
        Keyed::ShiftCapability,
        "issue.shifts_power.capability",
        Within::Bounds(POSITIVE),
        KeyedUnset::Required,
        None,
    ),
    keyed(
        Keyed::PowerCapability,
        "power.capability",
        Within::Bounds(POSITIVE),
        KeyedUnset::Off,
        None,
    ),
];

impl Keyed {
    /// Its description.
    pub fn spec(self) -> &'static KeyedSpec {
        &KEYED[self as usize]
    }

    /// Its key: the last segment of its path.
    pub fn key(self) -> &'static str {
        let p = self.spec().path;
        p.rsplit('.').next().unwrap_or(p)
    }

    /// Where it must lie on an issue with range `(low, high)`: the range for those
    /// [`Within::Range`] (any number when no issue is known), else its bounds.
    pub fn bounds(self, range: Option<(f64, f64)>) -> Bounds {
        match (self.spec().within, range) {
            (Within::Range, Some((lo, hi))) => Bounds { lo, hi, ..ANY },
            (Within::Range, None) => ANY,
            (Within::Bounds(b), _) => b,
        }
    }

    /// Its value when left out, on an issue with range `(low, high)` among `issues`
    /// issues; `None` when it has none (off or required, or a midpoint without a range).
    pub fn default_value(self, range: Option<(f64, f64)>, issues: usize) -> Option<f64> {
        match self.spec().default {
            KeyedUnset::Midpoint => range.map(|(lo, hi)| 0.5 * (lo + hi)),
            KeyedUnset::Equal => Some(if issues > 0 { 1.0 / issues as f64 } else { 0.0 }),
            KeyedUnset::Off | KeyedUnset::Required => None,
        }
    }

    /// Every keyed number, in the order of [`KEYED`].
    pub fn all() -> impl Iterator<Item = Keyed> {
        KEYED.iter().map(|s| s.keyed)
    }
}
