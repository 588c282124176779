//! Exact, mergeable aggregates of many runs. Every field is an integer count, a
//! fixed-bin histogram or an [`ExactSum`], so merging is exact and order-independent:
//! any thread count or sharding gives the same bits. Memory does not grow with runs.

use super::run::{Outcome, RunResult, SpellEnd};
use super::summary::Key;
use super::summary::*;
use crate::model::{Model, Phase, Protocol};
use crate::negotiation::Failure;
use crate::stats::{
    ExactSum, Histogram, SurvivalCounts, Z95, clustered_wilson, hazard_rate, kaplan_meier,
    km_median,
};
use serde::{Deserialize, Serialize};

/// Bins of the agreed-terms histograms as the summary and the charts show them.
pub const TERM_BINS: usize = 40;
/// Bins of the payoff histograms as the summary and the charts show them.
pub const PAYOFF_BINS: usize = 60;
/// Bins the aggregate keeps per histogram, which the quantiles are read from: 2,400
/// (60 per shown term bin, 40 per shown payoff bin). With the shown bins alone a
/// quantile interpolated inside a bin was off by up to half a bin: the flagship's 95th
/// percentile of Russia's payoff read 11.0 where the runs give 9.9 (a bin is 12 payoff
/// units there), and terms agreed at exactly 0 read 0.006. The counts stay exact and
/// mergeable, so shards and threads still give the same bits.
pub const FINE_BINS: usize = 2_400;
/// Longest horizon a scenario may declare (the loader's limit), so the longest
/// per-round vector an aggregate read from a file may have.
pub const MAX_HORIZON: u32 = 100_000;

/// Everything the summary is computed from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aggregate {
    pub runs: u64,
    pub in_force: u64,
    pub no_agreement: u64,
    /// Indexed by actor.
    pub withdrawn: Vec<u64>,
    /// Indexed by [`Phase`].
    pub conflict: [u64; 4],
    /// `first_agreement[t]`: runs whose first agreement came in round t.
    pub first_agreement: Vec<u64>,
    pub agreement_round: ExactSum,
    /// Survival of the first treaty (duration in rounds).
    pub survival: SurvivalCounts,
    pub spell_withdrawals: u64,
    pub spell_conflicts: u64,
    /// First treaties ended by a war someone chose (part of `spell_conflicts`).
    #[serde(default)]
    pub spell_wars_chosen: u64,
    /// `conflict_round[t]`: runs whose conflict broke out in round t.
    pub conflict_round: Vec<u64>,
    /// Indexed by actor.
    pub first_notice: Vec<u64>,
    pub violation_rounds: Vec<u64>,
    pub rounds_in_force: Vec<u64>,
    /// Per actor, for the violation rate's interval (runs are its independent units):
    /// sums over runs of its violations k_r, its rounds in force m_r and k_r + m_r,
    /// whose sums of squares give Σk², Σm² and Σk·m.
    pub violation_spread: Vec<[ExactSum; 3]>,
    pub reopened: ExactSum,
    pub runs_reopened: u64,
    /// Per issue.
    pub terms: Vec<ExactSum>,
    pub terms_hist: Vec<Histogram>,
    /// Per actor.
    pub payoff: Vec<ExactSum>,
    pub payoff_hist: Vec<Histogram>,
    /// Crisis talks only (empty otherwise, and then absent from result files):
    /// per actor, runs whose war it chose.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub war_chosen: Vec<u64>,
    /// Crisis talks only: per phase (in the order of `Phase::ALL`), runs whose
    /// conflict broke out there as a war someone chose (the rest were accidents).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub war_chosen_in: Vec<u64>,
    /// Crisis talks only: runs whose first failed talks failed for each cause, in
    /// the order of `Failure::ALL`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<u64>,
    /// Rounds any party deviated under the escape clause.
    #[serde(default)]
    pub escapes: u64,
    /// Compliances read as violations.
    #[serde(default)]
    pub false_alarms: u64,
    /// First treaties ended by a withdrawal whose first seen violation was a false alarm.
    #[serde(default)]
    pub false_alarm_spirals: u64,
    /// Per run: the share of its rounds under a treaty (first or renegotiated).
    #[serde(default)]
    pub time_in_force: ExactSum,
}

impl Aggregate {
    /// An empty aggregate shaped for `model`.
    pub fn new(model: &Model) -> Aggregate {
        let h = model.horizon as usize;
        let n = model.n;
        let crisis = model.protocol == Protocol::Crisis;
        Aggregate {
            runs: 0,
            in_force: 0,
            no_agreement: 0,
            withdrawn: vec![0; n],
            conflict: [0; 4],
            first_agreement: vec![0; h + 1],
            agreement_round: ExactSum::default(),
            survival: SurvivalCounts::new(model.horizon),
            spell_withdrawals: 0,
            spell_conflicts: 0,
            spell_wars_chosen: 0,
            conflict_round: vec![0; h + 1],
            first_notice: vec![0; n],
            violation_rounds: vec![0; n],
            rounds_in_force: vec![0; n],
            violation_spread: vec![Default::default(); n],
            reopened: ExactSum::default(),
            runs_reopened: 0,
            terms: vec![ExactSum::default(); model.m],
            terms_hist: (0..model.m)
                .map(|j| Histogram::new(model.low[j], model.low[j] + model.width[j], FINE_BINS))
                .collect(),
            payoff: vec![ExactSum::default(); n],
            payoff_hist: model
                .payoff_range
                .iter()
                .map(|&(lo, hi)| Histogram::new(lo, hi, FINE_BINS))
                .collect(),
            war_chosen: if crisis { vec![0; n] } else { vec![] },
            war_chosen_in: if crisis {
                vec![0; Phase::ALL.len()]
            } else {
                vec![]
            },
            failures: if crisis {
                vec![0; Failure::ALL.len()]
            } else {
                vec![]
            },
            escapes: 0,
            false_alarms: 0,
            false_alarm_spirals: 0,
            time_in_force: ExactSum::default(),
        }
    }

    /// Fold one run in.
    pub fn add(&mut self, r: &RunResult) {
        self.runs += 1;
        match r.outcome {
            Outcome::InForce => self.in_force += 1,
            Outcome::NoAgreement => self.no_agreement += 1,
            Outcome::Withdrawn(i) => self.withdrawn[i] += 1,
            Outcome::Conflict(p) => self.conflict[p as usize] += 1,
        }
        if let Some(by) = r.war_by
            && let Some(c) = self.war_chosen.get_mut(by)
        {
            *c += 1;
            if let Outcome::Conflict(p) = r.outcome
                && let Some(c) = self.war_chosen_in.get_mut(p as usize)
            {
                *c += 1;
            }
        }
        if let Some(f) = r.first_failure
            && let Some(c) = self.failures.get_mut(f as usize)
        {
            *c += 1;
        }
        if let Some(t) = r.first_agreement {
            self.first_agreement[t as usize] += 1;
            self.agreement_round.add(t as f64);
            for (j, &x) in r.terms.iter().enumerate() {
                self.terms[j].add(x);
                // The right edge belongs to the last bin.
                let h = &mut self.terms_hist[j];
                h.add(if x >= h.hi {
                    h.hi - (h.hi - h.lo) * 1e-12
                } else {
                    x
                });
            }
        }
        if let Some((d, end)) = r.spell {
            match end {
                SpellEnd::Withdrawal => {
                    self.survival.event(d);
                    self.spell_withdrawals += 1;
                }
                SpellEnd::Conflict => {
                    self.survival.event(d);
                    self.spell_conflicts += 1;
                    self.spell_wars_chosen += u64::from(r.war_by.is_some());
                }
                SpellEnd::Censored => self.survival.censor(d),
            }
        }
        if let Some(t) = r.conflict_round {
            self.conflict_round[t as usize] += 1;
        }
        if let Some((i, _)) = r.first_notice {
            self.first_notice[i] += 1;
        }
        for i in 0..r.violations.len() {
            self.violation_rounds[i] += r.violations[i] as u64;
            self.rounds_in_force[i] += r.rounds_in_force[i] as u64;
            let (k, m) = (f64::from(r.violations[i]), f64::from(r.rounds_in_force[i]));
            let [ks, ms, sums] = &mut self.violation_spread[i];
            ks.add(k);
            ms.add(m);
            sums.add(k + m);
            self.payoff[i].add(r.payoff[i]);
            self.payoff_hist[i].add(r.payoff[i]);
        }
        self.escapes += r.escapes.iter().map(|&x| u64::from(x)).sum::<u64>();
        self.false_alarms += u64::from(r.false_alarms);
        if r.false_alarm_spiral {
            self.false_alarm_spirals += 1;
        }
        // Every party is under the same treaty: the first one's count is the run's.
        // Keep the share on a 2^-16 grid so that sums stay exact in any order.
        if let Some(&f) = r.rounds_in_force.first()
            && self.survival.events.len() > 1
        {
            let h = (self.survival.events.len() - 1) as f64;
            self.time_in_force
                .add((f64::from(f) / h * 65536.0).round() / 65536.0);
        }
        self.reopened.add(r.reopened as f64);
        if r.reopened > 0 {
            self.runs_reopened += 1;
        }
    }

    /// Whether every per-actor, per-issue and per-round vector has the length the
    /// scenario implies (a result file read from disk may have been edited).
    pub fn fits(&self, info: &ScenarioInfo) -> bool {
        let (n, m, h) = (
            info.actors.len(),
            info.issues.len(),
            info.horizon as usize + 1,
        );
        self.withdrawn.len() == n
            && self.first_notice.len() == n
            && self.violation_rounds.len() == n
            && self.rounds_in_force.len() == n
            && self.violation_spread.len() == n
            && self.payoff.len() == n
            && self.payoff_hist.len() == n
            && self.terms.len() == m
            && self.terms_hist.len() == m
            && self.first_agreement.len() == h
            && self.conflict_round.len() == h
            && self.survival.events.len() == h
            && self.survival.censored.len() == h
            && self
                .payoff_hist
                .iter()
                .chain(&self.terms_hist)
                .all(|x| !x.counts.is_empty())
    }

    /// Whether `o` has the same shape (lengths and histogram ranges) as `self`.
    pub fn same_shape(&self, o: &Aggregate) -> bool {
        let hist_eq = |a: &[Histogram], b: &[Histogram]| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| x.lo == y.lo && x.hi == y.hi && x.counts.len() == y.counts.len())
        };
        self.withdrawn.len() == o.withdrawn.len()
            && self.war_chosen.len() == o.war_chosen.len()
            && self.war_chosen_in.len() == o.war_chosen_in.len()
            && self.failures.len() == o.failures.len()
            && self.first_agreement.len() == o.first_agreement.len()
            && self.terms.len() == o.terms.len()
            && hist_eq(&self.terms_hist, &o.terms_hist)
            && hist_eq(&self.payoff_hist, &o.payoff_hist)
    }

    /// Check what a result file read from disk claims: every vector has the length
    /// its scenario implies, every count is at most the runs it belongs to, counts
    /// that partition the runs add up to them, and every sum stays inside the range
    /// of the values it sums. Returns the first problem in words. An aggregate built by
    /// the engine always passes; one edited by hand, truncated or forged does not, so
    /// nothing downstream (merge, summary, charts) sees shares above 1, survival below 0,
    /// indices out of range or sizes that would exhaust memory.
    pub fn check(&self, info: &ScenarioInfo) -> Result<(), String> {
        if info.horizon == 0 || info.horizon > MAX_HORIZON {
            return Err(format!(
                "its horizon {} is outside 1 ..= {}",
                info.horizon, MAX_HORIZON
            ));
        }
        if info.actors.len() > crate::scenario::MAX_ACTORS
            || info.issues.len() > crate::scenario::MAX_ISSUES
            || info
                .issues
                .iter()
                .any(|i| i.ideals.len() != info.actors.len())
        {
            return Err(
                "its scenario has too many actors or issues, or ideals of the wrong length".into(),
            );
        }
        if !self.fits(info) {
            return Err("its aggregate does not fit its scenario (vector lengths differ)".into());
        }
        let crisis_shape = |v: &[u64], len: usize| v.is_empty() || v.len() == len;
        if !crisis_shape(&self.war_chosen, info.actors.len())
            || !crisis_shape(&self.war_chosen_in, Phase::ALL.len())
            || !crisis_shape(&self.failures, Failure::ALL.len())
        {
            return Err("its crisis-talks counts do not fit its scenario".into());
        }
        if self
            .war_chosen_in
            .iter()
            .zip(&self.conflict)
            .any(|(chosen, all)| chosen > all)
        {
            return Err("it counts more wars chosen in a phase than conflicts there".into());
        }
        let runs = self.runs;
        let sum = |v: &[u64]| v.iter().map(|&x| u128::from(x)).sum::<u128>();
        let outcomes = u128::from(self.in_force)
            + u128::from(self.no_agreement)
            + sum(&self.withdrawn)
            + sum(&self.conflict);
        if outcomes != u128::from(runs) {
            return Err(format!(
                "its outcome counts add up to {outcomes}, not to its {runs} runs"
            ));
        }
        let agreed = sum(&self.first_agreement);
        let at_most_runs = [
            ("agreements", agreed),
            ("conflict rounds", sum(&self.conflict_round)),
            ("first notices", sum(&self.first_notice)),
            ("runs with reopened talks", u128::from(self.runs_reopened)),
            ("treaties", self.survival_total()),
            ("wars chosen", sum(&self.war_chosen)),
            ("failed talks", sum(&self.failures)),
            ("false-alarm spirals", u128::from(self.false_alarm_spirals)),
        ];
        for (what, k) in at_most_runs {
            if k > u128::from(runs) {
                return Err(format!("it counts {k} {what} in {runs} runs"));
            }
        }
        let rounds = u128::from(runs) * u128::from(info.horizon);
        for i in 0..self.violation_rounds.len() {
            let (v, f) = (self.violation_rounds[i], self.rounds_in_force[i]);
            if u128::from(v) > rounds || u128::from(f) > rounds {
                return Err(format!(
                    "it counts more rounds in force or of violation than {runs} runs of {} rounds hold",
                    info.horizon
                ));
            }
        }
        let events = sum(&self.survival.events);
        if events != u128::from(self.spell_withdrawals) + u128::from(self.spell_conflicts) {
            return Err("its treaty ends do not add up to its survival events".into());
        }
        if self.spell_wars_chosen > self.spell_conflicts
            || self.false_alarm_spirals > self.spell_withdrawals + self.spell_wars_chosen
        {
            return Err("it counts more treaty ends of a kind than treaties ended".into());
        }
        self.check_sums(agreed)
    }

    /// The sums and histograms of `check`: each counts the values it should (agreed
    /// terms and rounds per agreement, payoffs and reopened talks per run), and its
    /// bookkeeping is consistent.
    fn check_sums(&self, agreed: u128) -> Result<(), String> {
        let runs = self.runs;
        let sum = |v: &[u64]| v.iter().map(|&x| u128::from(x)).sum::<u128>();
        let each = |s: &ExactSum, n: u128, what: &str| -> Result<(), String> {
            s.check()
                .map_err(|why| format!("its sum of {what} is inconsistent: {why}"))?;
            if u128::from(s.n) + u128::from(s.non_finite) != n {
                return Err(format!("its sum of {what} counts {} values, not {n}", s.n));
            }
            Ok(())
        };
        let hist = |h: &Histogram, bins: usize, n: u128, what: &str| -> Result<(), String> {
            let total =
                sum(&h.counts) + u128::from(h.under) + u128::from(h.over) + u128::from(h.nan);
            if !(h.lo.is_finite() && h.hi.is_finite() && h.lo < h.hi) || h.counts.len() != bins {
                return Err(format!(
                    "its histogram of {what} has a broken range or bin count"
                ));
            }
            if total != n {
                return Err(format!(
                    "its histogram of {what} counts {total} values, not {n}"
                ));
            }
            Ok(())
        };
        each(&self.agreement_round, agreed, "agreement rounds")?;
        each(&self.reopened, u128::from(runs), "reopened talks")?;
        for j in 0..self.terms.len() {
            each(&self.terms[j], agreed, "agreed terms")?;
            hist(&self.terms_hist[j], FINE_BINS, agreed, "agreed terms")?;
        }
        for spread in &self.violation_spread {
            for s in spread {
                each(s, u128::from(runs), "violation spreads")?;
            }
        }
        for i in 0..self.payoff.len() {
            each(&self.payoff[i], u128::from(runs), "payoffs")?;
            hist(&self.payoff_hist[i], FINE_BINS, u128::from(runs), "payoffs")?;
        }
        Ok(())
    }

    fn survival_total(&self) -> u128 {
        self.survival
            .events
            .iter()
            .chain(&self.survival.censored)
            .map(|&x| u128::from(x))
            .sum()
    }

    /// [`Aggregate::merge`] for aggregates read from files: `None` (and `self`
    /// unchanged) when the shapes differ or any count or sum would overflow, instead
    /// of wrapping or saturating silently.
    pub fn checked_merge(&mut self, o: &Aggregate) -> Option<()> {
        fn add(a: &mut [u64], b: &[u64]) -> Option<()> {
            if a.len() != b.len() {
                return None;
            }
            for (x, y) in a.iter_mut().zip(b) {
                *x = x.checked_add(*y)?;
            }
            Some(())
        }
        fn add1(a: &mut u64, b: u64) -> Option<()> {
            *a = a.checked_add(b)?;
            Some(())
        }
        if !self.same_shape(o) || self.payoff.len() != o.payoff.len() {
            return None;
        }
        let mut m = self.clone();
        add1(&mut m.runs, o.runs)?;
        add1(&mut m.in_force, o.in_force)?;
        add1(&mut m.no_agreement, o.no_agreement)?;
        add(&mut m.withdrawn, &o.withdrawn)?;
        add(&mut m.conflict, &o.conflict)?;
        add(&mut m.first_agreement, &o.first_agreement)?;
        m.agreement_round.checked_merge(&o.agreement_round)?;
        m.survival.checked_merge(&o.survival)?;
        add1(&mut m.spell_withdrawals, o.spell_withdrawals)?;
        add1(&mut m.spell_conflicts, o.spell_conflicts)?;
        add1(&mut m.spell_wars_chosen, o.spell_wars_chosen)?;
        add(&mut m.conflict_round, &o.conflict_round)?;
        add(&mut m.first_notice, &o.first_notice)?;
        add(&mut m.violation_rounds, &o.violation_rounds)?;
        add(&mut m.rounds_in_force, &o.rounds_in_force)?;
        for (a, b) in m.violation_spread.iter_mut().zip(&o.violation_spread) {
            for (x, y) in a.iter_mut().zip(b) {
                x.checked_merge(y)?;
            }
        }
        m.reopened.checked_merge(&o.reopened)?;
        add1(&mut m.escapes, o.escapes)?;
        add1(&mut m.false_alarms, o.false_alarms)?;
        add1(&mut m.false_alarm_spirals, o.false_alarm_spirals)?;
        m.time_in_force.checked_merge(&o.time_in_force)?;
        add1(&mut m.runs_reopened, o.runs_reopened)?;
        add(&mut m.war_chosen, &o.war_chosen)?;
        add(&mut m.war_chosen_in, &o.war_chosen_in)?;
        add(&mut m.failures, &o.failures)?;
        for (a, b) in m.terms.iter_mut().zip(&o.terms) {
            a.checked_merge(b)?;
        }
        for (a, b) in m.terms_hist.iter_mut().zip(&o.terms_hist) {
            a.checked_merge(b)?;
        }
        for (a, b) in m.payoff.iter_mut().zip(&o.payoff) {
            a.checked_merge(b)?;
        }
        for (a, b) in m.payoff_hist.iter_mut().zip(&o.payoff_hist) {
            a.checked_merge(b)?;
        }
        *self = m;
        Some(())
    }

    /// Merge another aggregate of the same model (exact).
    pub fn merge(&mut self, o: &Aggregate) {
        fn add(a: &mut [u64], b: &[u64]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += *y;
            }
        }
        self.runs += o.runs;
        self.in_force += o.in_force;
        self.no_agreement += o.no_agreement;
        add(&mut self.withdrawn, &o.withdrawn);
        add(&mut self.conflict, &o.conflict);
        add(&mut self.first_agreement, &o.first_agreement);
        self.agreement_round.merge(&o.agreement_round);
        self.survival.merge(&o.survival);
        self.spell_withdrawals += o.spell_withdrawals;
        self.spell_conflicts += o.spell_conflicts;
        self.spell_wars_chosen += o.spell_wars_chosen;
        add(&mut self.conflict_round, &o.conflict_round);
        add(&mut self.first_notice, &o.first_notice);
        add(&mut self.violation_rounds, &o.violation_rounds);
        add(&mut self.rounds_in_force, &o.rounds_in_force);
        for (a, b) in self.violation_spread.iter_mut().zip(&o.violation_spread) {
            for (x, y) in a.iter_mut().zip(b) {
                x.merge(y);
            }
        }
        add(&mut self.war_chosen, &o.war_chosen);
        add(&mut self.war_chosen_in, &o.war_chosen_in);
        add(&mut self.failures, &o.failures);
        self.reopened.merge(&o.reopened);
        self.runs_reopened += o.runs_reopened;
        self.escapes += o.escapes;
        self.false_alarms += o.false_alarms;
        self.false_alarm_spirals += o.false_alarm_spirals;
        self.time_in_force.merge(&o.time_in_force);
        for (a, b) in self.terms.iter_mut().zip(&o.terms) {
            a.merge(b);
        }
        for (a, b) in self.terms_hist.iter_mut().zip(&o.terms_hist) {
            a.merge(b);
        }
        for (a, b) in self.payoff.iter_mut().zip(&o.payoff) {
            a.merge(b);
        }
        for (a, b) in self.payoff_hist.iter_mut().zip(&o.payoff_hist) {
            a.merge(b);
        }
    }

    /// The summary of these runs.
    pub fn summarize(&self, info: &ScenarioInfo, provenance: Provenance) -> Summary {
        Summary {
            headline: self.headline(),
            provenance,
            scenario: info.clone(),
            runs: self.runs,
            outcomes: self.outcomes(info),
            agreement: self.agreement_summary(),
            survival: self.survival_summary(),
            conflict: self.conflict_summary(info),
            first_notice: self.first_notice(info),
            violations: self.violations(info),
            renegotiation: self.renegotiation_summary(),
            terms: self.terms_summary(info),
            payoffs: self.payoff_summary(info),
        }
    }

    /// The outcomes at the horizon, each a share of the runs.
    fn outcomes(&self, info: &ScenarioInfo) -> Vec<Share> {
        let n = self.runs;
        let share = Share::of;
        let mut outcomes = vec![share(
            Key::InForce,
            "a treaty in force at the horizon (first or renegotiated)".into(),
            self.in_force,
            n,
        )];
        for (i, a) in info.actors.iter().enumerate() {
            if a.decides {
                outcomes.push(share(
                    Key::Withdrawn(a.id.clone()),
                    format!("withdrawn by {}", a.name),
                    self.withdrawn[i],
                    n,
                ));
            }
        }
        outcomes.push(share(
            Key::NoAgreement,
            "no agreement".into(),
            self.no_agreement,
            n,
        ));
        for p in Phase::ALL {
            outcomes.push(share(
                Key::Conflict(p),
                format!("conflict {}", p.label()),
                self.conflict[p as usize],
                n,
            ));
        }
        outcomes
    }

    /// When the first agreement came.
    fn agreement_summary(&self) -> AgreementSummary {
        let n = self.runs;
        let share = Share::of;
        let agreed: u64 = self.first_agreement.iter().sum();
        let median_round = median_of_counts(&self.first_agreement);
        AgreementSummary {
            ever: share(Key::Agreed, "reached an agreement".into(), agreed, n),
            by_round: self.first_agreement.clone(),
            mean_round: mean(&self.agreement_round),
            median_round,
        }
    }

    /// How long first treaties lasted (Kaplan–Meier) and how they ended.
    fn survival_summary(&self) -> SurvivalSummary {
        let curve: Vec<CurvePoint> = kaplan_meier(&self.survival)
            .into_iter()
            .map(|k| CurvePoint {
                t: k.t,
                at_risk: k.at_risk,
                events: k.events,
                censored: k.censored,
                survival: k.survival,
                lo: k.lo,
                hi: k.hi,
            })
            .collect();
        let km = kaplan_meier(&self.survival);
        let (hazard, hazard_lo, hazard_hi) = hazard_rate(&self.survival);
        SurvivalSummary {
            treaties: self.survival.total(),
            withdrawals: self.spell_withdrawals,
            conflicts: self.spell_conflicts,
            censored: self.survival.censored.iter().sum(),
            curve,
            median: km_median(&km),
            hazard_per_round: hazard,
            hazard_lo,
            hazard_hi,
        }
    }

    /// Conflict: by the horizon, by phase, over time, who chose war and why talks failed.
    fn conflict_summary(&self, info: &ScenarioInfo) -> ConflictSummary {
        let n = self.runs;
        let share = Share::of;
        let total_conflict: u64 = self.conflict.iter().sum();
        let mut cumulative = Vec::with_capacity(self.conflict_round.len());
        let mut acc = 0u64;
        for &c in &self.conflict_round {
            acc += c;
            cumulative.push(if n > 0 { acc as f64 / n as f64 } else { 0.0 });
        }
        ConflictSummary {
            by_horizon: share(
                Key::ConflictAny,
                "conflict by the horizon".into(),
                total_conflict,
                n,
            ),
            by_phase: Phase::ALL
                .iter()
                .map(|&p| {
                    share(
                        Key::Conflict(p),
                        format!("conflict {}", p.label()),
                        self.conflict[p as usize],
                        n,
                    )
                })
                .collect(),
            cumulative,
            chosen_in: self
                .war_chosen_in
                .iter()
                .zip(Phase::ALL)
                .map(|(&k, p)| {
                    share(
                        Key::WarChosenIn(p),
                        format!("war chosen {}", p.label()),
                        k,
                        n,
                    )
                })
                .collect(),
            chosen_by: self
                .war_chosen
                .iter()
                .zip(&info.actors)
                .map(|(&k, a)| {
                    share(
                        Key::WarChosen(a.id.clone()),
                        format!("war chosen by {}", a.name),
                        k,
                        n,
                    )
                })
                .collect(),
            talks_failed: self
                .failures
                .iter()
                .zip(Failure::ALL)
                .map(|(&k, f)| share(Key::Failed(f), f.label().into(), k, n))
                .collect(),
        }
    }

    /// Who gave notice first, per deciding actor.
    fn first_notice(&self, info: &ScenarioInfo) -> Vec<Share> {
        let n = self.runs;
        let share = Share::of;
        info.actors
            .iter()
            .enumerate()
            .filter(|(_, a)| a.decides)
            .map(|(i, a)| {
                share(
                    Key::FirstNotice(a.id.clone()),
                    format!("{} gave notice first", a.name),
                    self.first_notice[i],
                    n,
                )
            })
            .collect()
    }

    /// Each actor's violations per round in force.
    fn violations(&self, info: &ScenarioInfo) -> Vec<ViolationSummary> {
        info.actors
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let (k, m) = (self.violation_rounds[i], self.rounds_in_force[i]);
                // Runs, not rounds, are independent: violations come in streaks.
                let [ks, ms, sums] = &self.violation_spread[i];
                let (kk, mm) = (ks.total_sq(), ms.total_sq());
                let km = 0.5 * (sums.total_sq() - kk - mm);
                let (lo, hi) = clustered_wilson(k, m, self.runs, kk, km, mm, Z95);
                ViolationSummary {
                    actor: a.id.clone(),
                    violation_rounds: k,
                    rounds_in_force: m,
                    rate: if m > 0 { k as f64 / m as f64 } else { 0.0 },
                    lo,
                    hi,
                }
            })
            .collect()
    }

    /// How often talks reopened.
    fn renegotiation_summary(&self) -> RenegotiationSummary {
        let n = self.runs;
        let share = Share::of;
        RenegotiationSummary {
            runs_with: share(
                Key::Reopened,
                "talks reopened at least once".into(),
                self.runs_reopened,
                n,
            ),
            mean: mean(&self.reopened).unwrap_or(Mean {
                n: 0,
                mean: 0.0,
                lo: 0.0,
                hi: 0.0,
                sd: 0.0,
            }),
        }
    }

    /// The agreed terms, per issue.
    fn terms_summary(&self, info: &ScenarioInfo) -> Vec<TermsSummary> {
        info.issues
            .iter()
            .enumerate()
            .map(|(j, is)| TermsSummary {
                issue: is.id.clone(),
                agreements: self.terms[j].count(),
                mean: mean(&self.terms[j]),
                quantiles: quantiles(&self.terms_hist[j], &self.terms[j]).snapped_to(&is.values),
                bins: bins(&self.terms_hist[j], TERM_BINS),
            })
            .collect()
    }

    /// Each actor's discounted payoff.
    fn payoff_summary(&self, info: &ScenarioInfo) -> Vec<PayoffSummary> {
        info.actors
            .iter()
            .enumerate()
            .map(|(i, a)| PayoffSummary {
                actor: a.id.clone(),
                mean: mean(&self.payoff[i]).unwrap_or(Mean {
                    n: 0,
                    mean: 0.0,
                    lo: 0.0,
                    hi: 0.0,
                    sd: 0.0,
                }),
                quantiles: quantiles(&self.payoff_hist[i], &self.payoff[i]),
                bins: bins(&self.payoff_hist[i], PAYOFF_BINS),
            })
            .collect()
    }

    /// The headline numbers.
    fn headline(&self) -> Headline {
        let share = Share::of;
        let km = kaplan_meier(&self.survival);
        Headline {
            // Greenwood is undefined once S reaches 0: the interval is then S itself.
            first_treaty_survival: km.last().map(|k| {
                let fin = |x: f64| if x.is_finite() { x } else { k.survival };
                [k.survival, fin(k.lo), fin(k.hi)]
            }),
            time_under_treaty: mean(&self.time_in_force).map(|m| m.within(0.0, 1.0)),
            false_alarm_spirals: share(
                Key::FalseAlarmSpirals,
                "first treaties ended by a withdrawal or a chosen war that a false alarm set off"
                    .into(),
                self.false_alarm_spirals,
                self.spell_withdrawals + self.spell_wars_chosen,
            ),
            false_alarms: self.false_alarms,
            escapes: self.escapes,
        }
    }
}

fn mean(s: &ExactSum) -> Option<Mean> {
    let n = s.count();
    if n == 0 {
        return None;
    }
    let m = s.mean();
    // One observation has no spread estimate: the interval collapses to the value
    // rather than being undefined, so every field stays a finite number.
    let (lo, hi, sd) = if n > 1 {
        let (lo, hi) = s.ci95();
        (lo, hi, s.sd())
    } else {
        (m, m, 0.0)
    };
    Some(Mean {
        n,
        mean: m,
        lo,
        hi,
        sd,
    })
}

/// Quantiles read from fixed bins (linear inside a bin), kept within the smallest and
/// largest values seen: when every run gives the same value, every quantile is it.
/// Values outside the bins count as one more bin from the smallest value to the first
/// edge (and from the last edge to the largest), so a quantile among them is reported
/// where they are, not clipped to the bins.
fn quantiles(h: &Histogram, s: &ExactSum) -> Quantiles {
    let q = |p: f64| match (s.min, s.max) {
        (Some(lo), Some(hi)) => h.quantile_within(p, lo, hi),
        _ => h.quantile(p),
    };
    Quantiles {
        p05: q(0.05),
        p25: q(0.25),
        p50: q(0.5),
        p75: q(0.75),
        p95: q(0.95),
    }
}

/// The histogram in `shown` bins (each the sum of consecutive kept bins).
fn bins(h: &Histogram, shown: usize) -> Bins {
    let per = (h.counts.len() / shown).max(1);
    Bins {
        lo: h.lo,
        hi: h.hi,
        counts: h.counts.chunks(per).map(|c| c.iter().sum()).collect(),
        under: h.under,
        over: h.over,
    }
}

/// Median index of a count vector (smallest t with cumulative share >= ½).
fn median_of_counts(c: &[u64]) -> Option<u32> {
    let total: u64 = c.iter().sum();
    if total == 0 {
        return None;
    }
    let mut acc = 0u64;
    for (t, &k) in c.iter().enumerate() {
        acc += k;
        if 2 * acc >= total {
            return Some(t as u32);
        }
    }
    None
}
