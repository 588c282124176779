//! The summary of many runs: plain data derived from the exact aggregates, ready for
//! the table, JSON, CSV and chart exporters in `report`. Every field is a value a
//! reader can quote; intervals are 95% (Wilson for shares, normal for means,
//! Greenwood for survival).

use crate::model::Phase;
use crate::negotiation::Failure;
use serde::{Deserialize, Serialize};

/// Where a result comes from: everything that determines its bytes, nothing else.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// `detente` version that produced it.
    pub tool_version: String,
    /// SHA-256 (hex) of the scenario file's bytes.
    pub scenario_sha256: String,
    /// Master seed.
    pub seed: u64,
    /// Total runs of the experiment (all shards).
    pub runs: u64,
    /// Run indices covered: `[start, end)`.
    pub run_range: [u64; 2],
    /// `--set` overrides, as given, in order.
    pub overrides: Vec<String>,
    /// True when the run was interrupted and covers fewer runs than asked.
    pub partial: bool,
}

/// A share of runs with its Wilson interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Share {
    /// Stable machine key, e.g. `in_force`, `withdrawn:usa`, `conflict:talks`.
    pub key: Key,
    /// Plain-words label.
    pub label: String,
    pub count: u64,
    pub total: u64,
    pub share: f64,
    pub lo: f64,
    pub hi: f64,
}

impl Share {
    /// `k` of `total` with its 95% Wilson interval (share 0 and [0, 1] when total = 0).
    pub fn of(key: Key, label: String, k: u64, total: u64) -> Share {
        let (lo, hi) = crate::stats::wilson(k, total, crate::stats::Z95);
        Share {
            key,
            label,
            count: k,
            total,
            share: if total > 0 {
                k as f64 / total as f64
            } else {
                0.0
            },
            lo,
            hi,
        }
    }
}

/// The machine key of a [`Share`]: what it counts. Serialised as the stable strings
/// result files have always carried (`in_force`, `withdrawn:usa`, `conflict:talks`,
/// `failed:deadline`, ...), so files read and written before and after are the same;
/// code matches on the variants instead of splitting strings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// A treaty in force at the horizon.
    InForce,
    /// Withdrawn by this actor (its id).
    Withdrawn(String),
    NoAgreement,
    /// Conflict broke out in this phase.
    Conflict(Phase),
    /// Conflict by accident (the phases' hazards) rather than war chosen.
    ConflictAccident,
    /// Conflict in any phase by the horizon.
    ConflictAny,
    /// Reached an agreement.
    Agreed,
    /// War chosen by this actor (its id).
    WarChosen(String),
    /// A war someone chose that broke out in this phase.
    WarChosenIn(Phase),
    /// Talks failed for this reason.
    Failed(Failure),
    /// This actor (its id) gave notice first.
    FirstNotice(String),
    /// Talks reopened at least once.
    Reopened,
    /// A first treaty's withdrawal set off by a false alarm.
    FalseAlarmSpirals,
    /// The first treaty still in force at the horizon.
    FirstTreatySurvives,
    /// A key this version does not know (a newer file), kept as written.
    Other(String),
}

impl Default for Key {
    /// The empty key (what a `Share` without one serialises to).
    fn default() -> Key {
        Key::Other(String::new())
    }
}

impl Key {
    /// Whether it counts conflict in one phase.
    pub fn is_conflict_phase(&self) -> bool {
        matches!(self, Key::Conflict(_))
    }
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::InForce => f.write_str("in_force"),
            Key::Withdrawn(id) => write!(f, "withdrawn:{id}"),
            Key::NoAgreement => f.write_str("no_agreement"),
            Key::Conflict(p) => write!(f, "conflict:{}", p.key()),
            Key::ConflictAccident => f.write_str("conflict:accident"),
            Key::ConflictAny => f.write_str("conflict"),
            Key::Agreed => f.write_str("agreed"),
            Key::WarChosen(id) => write!(f, "war_chosen:{id}"),
            Key::WarChosenIn(p) => write!(f, "war_chosen_in:{}", p.key()),
            Key::Failed(x) => write!(f, "failed:{}", x.key()),
            Key::FirstNotice(id) => write!(f, "first_notice:{id}"),
            Key::Reopened => f.write_str("reopened"),
            Key::FalseAlarmSpirals => f.write_str("false_alarm_spirals"),
            Key::FirstTreatySurvives => f.write_str("first_treaty_survives"),
            Key::Other(s) => f.write_str(s),
        }
    }
}

impl From<&str> for Key {
    /// The key a string names ([`Key::Other`] when none).
    fn from(s: &str) -> Key {
        let other = || Key::Other(s.to_string());
        match s.split_once(':') {
            None => match s {
                "in_force" => Key::InForce,
                "no_agreement" => Key::NoAgreement,
                "conflict" => Key::ConflictAny,
                "agreed" => Key::Agreed,
                "reopened" => Key::Reopened,
                "false_alarm_spirals" => Key::FalseAlarmSpirals,
                "first_treaty_survives" => Key::FirstTreatySurvives,
                _ => other(),
            },
            Some(("withdrawn", id)) => Key::Withdrawn(id.to_string()),
            Some(("war_chosen", id)) => Key::WarChosen(id.to_string()),
            Some(("war_chosen_in", phase)) => Phase::ALL
                .into_iter()
                .find(|p| p.key() == phase)
                .map_or_else(other, Key::WarChosenIn),
            Some(("first_notice", id)) => Key::FirstNotice(id.to_string()),
            Some(("conflict", "accident")) => Key::ConflictAccident,
            Some(("conflict", phase)) => Phase::ALL
                .into_iter()
                .find(|p| p.key() == phase)
                .map_or_else(other, Key::Conflict),
            Some(("failed", why)) => Failure::ALL
                .into_iter()
                .find(|x| x.key() == why)
                .map_or_else(other, Key::Failed),
            Some(_) => other(),
        }
    }
}

impl Serialize for Key {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Key::from(s.as_str()))
    }
}

/// Fixed bins: `counts[k]` covers `[lo + k·w, lo + (k+1)·w)`, w = (hi − lo)/counts.len().
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bins {
    pub lo: f64,
    pub hi: f64,
    pub counts: Vec<u64>,
    /// Values below `lo` / at or above `hi`.
    pub under: u64,
    pub over: u64,
}

/// The scenario as the summary's reader needs it (labels, ideals for charts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioInfo {
    pub name: String,
    /// One round, singular ("month").
    pub round: String,
    /// Plural ("months").
    pub rounds: String,
    pub horizon: u32,
    pub actors: Vec<ActorInfo>,
    pub issues: Vec<IssueInfo>,
    /// The causes of failed talks that only some scenarios can produce and this one
    /// can (`commitment_problem` with a power shift, `ratification` with a
    /// ratifier), by their keys: the table lists them even when no run failed so,
    /// to show that the mechanism was in play and drove nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure_causes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorInfo {
    pub id: String,
    pub name: String,
    pub decides: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueInfo {
    pub id: String,
    pub label: String,
    pub low: f64,
    pub high: f64,
    /// Each actor's ideal point on this issue, indexed like `ScenarioInfo::actors`.
    pub ideals: Vec<f64>,
    /// The values an indivisible issue takes (empty: any value in the range).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<f64>,
}

/// A mean with its 95% interval and spread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Mean {
    pub n: u64,
    #[serde(with = "nan_as_null")]
    pub mean: f64,
    #[serde(with = "nan_as_null")]
    pub lo: f64,
    #[serde(with = "nan_as_null")]
    pub hi: f64,
    #[serde(with = "nan_as_null")]
    pub sd: f64,
}

impl Mean {
    /// The mean of a quantity that lies in [`lo`, `hi`] (a share of rounds in [0, 1],
    /// say), its interval clipped there: the normal approximation can reach past the
    /// bounds when almost every value sits at one of them, and no mean can.
    pub fn within(self, lo: f64, hi: f64) -> Mean {
        Mean {
            lo: self.lo.max(lo),
            hi: self.hi.min(hi),
            ..self
        }
    }
}

/// Quantiles read from fixed bins (linear within a bin).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantiles {
    pub p05: Option<f64>,
    pub p25: Option<f64>,
    pub p50: Option<f64>,
    pub p75: Option<f64>,
    pub p95: Option<f64>,
}

impl Quantiles {
    /// Each quantile moved to the nearest of `values` (none: unchanged). Terms of an
    /// indivisible issue take only its values, but quantiles read from the fixed-bin
    /// histogram are interpolated inside a bin (a door open in 97% of runs would show
    /// 0.976); the nearest value is the exact quantile whenever the values lie at
    /// least a bin apart.
    pub fn snapped_to(self, values: &[f64]) -> Quantiles {
        let snap = |q: Option<f64>| {
            q.map(|x| {
                values
                    .iter()
                    .copied()
                    .min_by(|a, b| (a - x).abs().total_cmp(&(b - x).abs()))
                    .unwrap_or(x)
            })
        };
        Quantiles {
            p05: snap(self.p05),
            p25: snap(self.p25),
            p50: snap(self.p50),
            p75: snap(self.p75),
            p95: snap(self.p95),
        }
    }
}

/// The whole summary of an experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub provenance: Provenance,
    pub scenario: ScenarioInfo,
    /// Runs summarised (= run_range length).
    pub runs: u64,
    /// Final state at the horizon: in force, withdrawn (by whom), no agreement,
    /// conflict (in which phase). The shares add up to 1.
    pub outcomes: Vec<Share>,
    pub agreement: AgreementSummary,
    pub survival: SurvivalSummary,
    pub conflict: ConflictSummary,
    /// Per actor: share of runs in which it was the first to give notice.
    pub first_notice: Vec<Share>,
    /// Per actor: violations while a treaty was in force.
    pub violations: Vec<ViolationSummary>,
    pub renegotiation: RenegotiationSummary,
    /// Per issue: the terms of the first agreement.
    pub terms: Vec<TermsSummary>,
    /// Per actor: discounted total payoff over the horizon.
    pub payoffs: Vec<PayoffSummary>,
    /// The measures a summary leads with.
    #[serde(default)]
    pub headline: Headline,
}

/// The measures a summary leads with: the first treaty's survival (Kaplan–Meier, so
/// censoring at the horizon is honoured) and the share of time under any treaty.
/// "A treaty in force at the horizon" (in `outcomes`) also counts renegotiated
/// treaties, so it can fall while first treaties last longer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Headline {
    /// Kaplan–Meier S at the horizon for the first treaty of each run that agreed,
    /// with its 95% Greenwood interval: [S, lo, hi] (None without treaties).
    pub first_treaty_survival: Option<[f64; 3]>,
    /// Mean over runs of the share of rounds under a treaty, with its 95% interval
    /// (clipped to [0, 1]).
    pub time_under_treaty: Option<Mean>,
    /// Of the first treaties ended by a withdrawal, those whose first seen violation
    /// was a false alarm (a compliance read as a violation).
    pub false_alarm_spirals: Share,
    /// Compliances read as violations, over all runs.
    pub false_alarms: u64,
    /// Rounds deviated under the escape clause, over all runs and parties.
    pub escapes: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgreementSummary {
    /// Runs that reached an agreement at least once.
    pub ever: Share,
    /// Round of the first agreement: `by_round[t]` runs agreed first in round t
    /// (index 0 unused).
    pub by_round: Vec<u64>,
    /// Mean round of the first agreement among runs that agreed.
    pub mean_round: Option<Mean>,
    pub median_round: Option<u32>,
}

/// One step of the Kaplan–Meier curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Rounds in force.
    pub t: u32,
    pub at_risk: u64,
    pub events: u64,
    pub censored: u64,
    pub survival: f64,
    /// Greenwood 95% band, clipped to [0, 1]; NaN (null in JSON) once S = 0.
    #[serde(with = "nan_as_null")]
    pub lo: f64,
    #[serde(with = "nan_as_null")]
    pub hi: f64,
}

/// Survival of the first treaty of each run that agreed: time in force until it
/// ends (a withdrawal takes effect, or conflict breaks out while in force); treaties
/// still in force at the horizon are censored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurvivalSummary {
    pub treaties: u64,
    /// Ended by a withdrawal.
    pub withdrawals: u64,
    /// Ended by conflict while in force.
    pub conflicts: u64,
    pub censored: u64,
    pub curve: Vec<CurvePoint>,
    /// Kaplan–Meier median duration in rounds (None if S stays above ½).
    pub median: Option<u32>,
    /// Events per round in force (events / total rounds at risk), with a 95% interval
    /// that takes each run's treaty as the independent unit ([`crate::stats::hazard_rate`]).
    pub hazard_per_round: f64,
    pub hazard_lo: f64,
    pub hazard_hi: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConflictSummary {
    /// Runs ending in conflict by the horizon.
    pub by_horizon: Share,
    /// By the phase in which it broke out.
    pub by_phase: Vec<Share>,
    /// `cumulative[t]` = share of runs in conflict by the end of round t (t = 0..=horizon).
    pub cumulative: Vec<f64>,
    /// Crisis talks only: per actor, the share of runs whose war it chose (the
    /// rest of the conflicts are accidents: the phases' hazards).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chosen_by: Vec<Share>,
    /// Crisis talks only: per phase, the share of runs whose war someone chose
    /// there (the phase's conflict less its accidents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chosen_in: Vec<Share>,
    /// Crisis talks only: why the first talks that failed did, as shares of all runs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub talks_failed: Vec<Share>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ViolationSummary {
    pub actor: String,
    /// Rounds in which it violated / rounds it spent in a treaty in force.
    pub violation_rounds: u64,
    pub rounds_in_force: u64,
    /// Violations per round in force, with a Wilson interval.
    pub rate: f64,
    pub lo: f64,
    pub hi: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenegotiationSummary {
    /// Runs whose talks reopened at least once after a failure or an exit.
    pub runs_with: Share,
    /// Mean number of reopened talks per run.
    pub mean: Mean,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermsSummary {
    pub issue: String,
    /// Number of first agreements.
    pub agreements: u64,
    pub mean: Option<Mean>,
    pub quantiles: Quantiles,
    pub bins: Bins,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PayoffSummary {
    pub actor: String,
    pub mean: Mean,
    pub quantiles: Quantiles,
    pub bins: Bins,
}

/// Serialise NaN as JSON `null` and read `null` back as NaN, so summaries round-trip.
pub mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_nan() {
            s.serialize_none()
        } else {
            s.serialize_f64(*v)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }
}

impl Summary {
    /// Check a summary read from a file without its aggregate (`detente plot` accepts a
    /// bare summary): sizes within the loader's limits and consistent with the scenario,
    /// shares and survival in [0, 1] with counts at most their totals, and every
    /// number a chart draws finite. Returns the first problem in words.
    pub fn check(&self) -> Result<(), String> {
        let s = &self.scenario;
        let h = s.horizon as usize + 1;
        if s.horizon == 0 || s.horizon > super::aggregate::MAX_HORIZON {
            return Err(format!("its horizon {} is outside 1 ..= 100000", s.horizon));
        }
        if s.actors.len() > crate::scenario::MAX_ACTORS
            || s.issues.len() > crate::scenario::MAX_ISSUES
            || s.issues.iter().any(|i| i.ideals.len() != s.actors.len())
            || self.terms.len() != s.issues.len()
            || self.payoffs.len() != s.actors.len()
            || self.violations.len() != s.actors.len()
        {
            return Err("its actors, issues, terms and payoffs do not match".into());
        }
        if self.agreement.by_round.len() > h
            || self.conflict.cumulative.len() > h
            || self.survival.curve.len() > h
        {
            return Err("its per-round vectors are longer than its horizon".into());
        }
        let unit = |x: f64| (0.0..=1.0).contains(&x);
        let shares = self
            .outcomes
            .iter()
            .chain(&self.first_notice)
            .chain(&self.conflict.by_phase)
            .chain([
                &self.agreement.ever,
                &self.conflict.by_horizon,
                &self.renegotiation.runs_with,
            ]);
        for sh in shares {
            if sh.count > sh.total
                || sh.total != self.runs
                || ![sh.share, sh.lo, sh.hi].into_iter().all(unit)
            {
                return Err(format!(
                    "its share `{}` is not a share of its {} runs",
                    sh.key, self.runs
                ));
            }
        }
        let band = |x: f64| x.is_nan() || unit(x);
        if self
            .survival
            .curve
            .iter()
            .any(|p| !unit(p.survival) || !band(p.lo) || !band(p.hi))
            || !self.conflict.cumulative.iter().all(|&x| unit(x))
        {
            return Err("its survival or cumulative conflict leaves [0, 1]".into());
        }
        let finite = |q: &Quantiles| {
            [q.p05, q.p25, q.p50, q.p75, q.p95]
                .iter()
                .all(|v| v.is_none_or(f64::is_finite))
        };
        let bins_ok = |b: &Bins| {
            b.lo.is_finite()
                && b.hi.is_finite()
                && b.lo < b.hi
                && !b.counts.is_empty()
                && b.counts.len() <= 1000
        };
        let mean_ok = |m: &Mean| {
            [m.mean, m.lo, m.hi, m.sd]
                .iter()
                .all(|v| v.is_nan() || v.is_finite())
        };
        for t in &self.terms {
            if !finite(&t.quantiles) || !bins_ok(&t.bins) || !t.mean.as_ref().is_none_or(mean_ok) {
                return Err(format!("its terms of `{}` are not finite numbers", t.issue));
            }
        }
        for p in &self.payoffs {
            if !finite(&p.quantiles) || !bins_ok(&p.bins) || !mean_ok(&p.mean) {
                return Err(format!(
                    "its payoffs of `{}` are not finite numbers",
                    p.actor
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_reads_back_from_the_string_it_writes() {
        let mut keys = vec![
            Key::InForce,
            Key::Withdrawn("usa".into()),
            Key::NoAgreement,
            Key::ConflictAccident,
            Key::ConflictAny,
            Key::Agreed,
            Key::WarChosen("russia".into()),
            Key::WarChosenIn(Phase::InForce),
            Key::FirstNotice("ukraine".into()),
            Key::Reopened,
            Key::FalseAlarmSpirals,
            Key::FirstTreatySurvives,
        ];
        keys.extend(Phase::ALL.map(Key::Conflict));
        keys.extend(Failure::ALL.map(Key::Failed));
        for k in keys {
            let s = k.to_string();
            assert!(!matches!(Key::from(s.as_str()), Key::Other(_)), "{s}");
            assert_eq!(Key::from(s.as_str()), k, "{s}");
            let json = serde_json::to_string(&k).expect("a key serialises");
            assert_eq!(json, format!("\"{s}\""));
            let back: Key = serde_json::from_str(&json).expect("and reads back");
            assert_eq!(back, k);
        }
        assert_eq!(
            Key::from("conflict:nowhere"),
            Key::Other("conflict:nowhere".into())
        );
        assert_eq!(Key::default().to_string(), "");
    }
}
