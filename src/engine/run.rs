//! One run's lifecycle: talks, a treaty in force, withdrawal, renegotiation, conflict.
//!
//! Timing of round t (1-based), the convention every test relies on:
//! 1. If the run is in no-deal and its reopening round has come, talks reopen now.
//! 2. Conflict check: with the hazard of the phase the round starts in, conflict
//!    breaks out *before* the round is played: each actor receives its conflict payoff
//!    (discounted δ^(t−1)) and the run ends. So P(conflict by round t) = 1 − (1 − h)^t.
//! 3. The round is played: talks (an offer and the responses), or in force (temptation
//!    shocks → moves → flows → monitoring → exit decisions), or no deal (flows).
//! 4. Transitions take effect at the end of the round: an agreement puts the treaty in
//!    force from round t + 1; an exit whose notice has run out ends the treaty now (the
//!    leaver pays its exit cost, discounted like round t's flow); a deadline that has
//!    passed ends the talks.
//!
//! A treaty's duration counts the rounds it was in force; notice given in round t with
//! a notice period n takes effect at the end of round t + n (n = 0: at the end of t).
//! While notice runs, the treaty is in force: flows and compliance go on as before.
//! Exit rules decide on today's values as if the exit took effect now; the notice
//! period delays the effect, not the decision.

use crate::model::{ExitKind, Model, Phase, RunParams, ShockKind, TacticKind, myopic_threshold};
use crate::negotiation::{ReservationInputs, reservation_utility};
use crate::strategy::{Move, Player};
use crate::theory::bargaining::{rubinstein_split, stahl_split};
use rand::{Rng, RngExt};
use rand_distr::StandardNormal;

/// How a run ended at the horizon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A treaty is in force at the horizon (censored).
    InForce,
    /// The last treaty ended by this actor's withdrawal and none is in force.
    Withdrawn(usize),
    /// No treaty was ever in force.
    NoAgreement,
    /// Conflict broke out in this phase.
    Conflict(Phase),
}

/// How the first treaty of a run ended, for survival analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpellEnd {
    Withdrawal,
    Conflict,
    Censored,
}

/// Everything the aggregates need from one run. Lives in [`Scratch`] and is
/// overwritten by each run, so runs allocate nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct RunResult {
    pub outcome: Outcome,
    /// Round of the first agreement.
    pub first_agreement: Option<u32>,
    /// Terms of the first agreement (valid when `first_agreement` is set).
    pub terms: Vec<f64>,
    /// First treaty: rounds in force and how it ended.
    pub spell: Option<(u32, SpellEnd)>,
    /// Who gave notice first in the run, and when.
    pub first_notice: Option<(usize, u32)>,
    /// Round conflict broke out.
    pub conflict_round: Option<u32>,
    /// Times talks reopened.
    pub reopened: u32,
    /// Per actor: rounds violated, rounds in force.
    pub violations: Vec<u32>,
    pub rounds_in_force: Vec<u32>,
    /// Per actor: discounted total payoff.
    pub payoff: Vec<f64>,
}

/// Per-thread working memory, reused run after run.
#[derive(Debug, Clone)]
pub struct Scratch {
    pub params: RunParams,
    pub result: RunResult,
    players: Vec<Player>,
    theta: Vec<f64>,
    cred: Vec<f64>,
    disc: Vec<f64>,
    moves: Vec<Move>,
    notice_at: Vec<Option<u32>>,
    threshold: Vec<f64>,
    stay: Vec<f64>,
    offer: Vec<f64>,
    terms: Vec<f64>,
    outside: Vec<bool>,
    /// P(no violation seen | k of the n − 1 others violate), for this run's monitoring.
    none_seen: Vec<f64>,
}

impl Scratch {
    pub fn new(model: &Model) -> Scratch {
        let n = model.n;
        Scratch {
            params: model.base.clone(),
            result: RunResult {
                outcome: Outcome::NoAgreement,
                first_agreement: None,
                terms: vec![0.0; model.m],
                spell: None,
                first_notice: None,
                conflict_round: None,
                reopened: 0,
                violations: vec![0; n],
                rounds_in_force: vec![0; n],
                payoff: vec![0.0; n],
            },
            players: model.strategies.clone(),
            theta: vec![0.0; n],
            cred: vec![0.0; n],
            disc: vec![1.0; n],
            moves: vec![Move::C; n],
            notice_at: vec![None; n],
            threshold: vec![f64::INFINITY; n],
            stay: vec![0.0; n],
            offer: vec![0.0; model.m],
            terms: vec![0.0; model.m],
            outside: vec![false; n],
            none_seen: vec![1.0; n.max(1)],
        }
    }
}

/// Receives the story of a run, round by round (for `--trace`). The no-op
/// implementation compiles away.
pub trait Tracer {
    /// Whether messages are wanted (so callers can skip formatting).
    fn on(&self) -> bool;
    fn say(&mut self, t: u32, msg: String);
}

/// No tracing.
pub struct NoTrace;

impl Tracer for NoTrace {
    #[inline(always)]
    fn on(&self) -> bool {
        false
    }
    #[inline(always)]
    fn say(&mut self, _t: u32, _msg: String) {}
}

/// Collects the story as lines.
#[derive(Debug, Default)]
pub struct StoryTrace {
    pub lines: Vec<(u32, String)>,
}

impl Tracer for StoryTrace {
    fn on(&self) -> bool {
        true
    }
    fn say(&mut self, t: u32, msg: String) {
        self.lines.push((t, msg));
    }
}

macro_rules! trace {
    ($tr:expr, $t:expr, $($arg:tt)*) => {
        if $tr.on() {
            $tr.say($t, format!($($arg)*));
        }
    };
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    /// Talks in their k-th round (1-based).
    Talks(u32),
    /// In force since round `since` (its first round in force).
    InForce { since: u32 },
    /// No deal; `after_exit` tells which hazard applies; talks reopen at `reopen`.
    NoDeal {
        after_exit: bool,
        reopen: Option<u32>,
    },
}

/// Play one run. `names` are used only by the tracer.
pub fn simulate<R: Rng + ?Sized, T: Tracer>(
    model: &Model,
    s: &mut Scratch,
    rng: &mut R,
    tr: &mut T,
    names: &[String],
) {
    let n = model.n;
    model.draw_params(&mut s.params, rng);
    let p = &s.params;
    let r = &mut s.result;
    r.outcome = Outcome::NoAgreement;
    r.first_agreement = None;
    r.spell = None;
    r.first_notice = None;
    r.conflict_round = None;
    r.reopened = 0;
    for i in 0..n {
        r.violations[i] = 0;
        r.rounds_in_force[i] = 0;
        r.payoff[i] = 0.0;
        s.cred[i] = p.actors[i].credibility;
        s.disc[i] = 1.0;
        s.notice_at[i] = None;
        s.outside[i] = false;
    }
    let noisy = p.false_alarm > 0.0 || p.missed > 0.0;
    for (d, v) in s.none_seen.iter_mut().enumerate() {
        // d others violate, n − 1 − d comply; errors are independent per observed party.
        let c = n.saturating_sub(1 + d);
        *v = (1.0 - p.false_alarm).powi(c as i32) * p.missed.powi(d as i32);
    }
    let mut state = State::Talks(1);
    let mut last_leaver: Option<usize> = None;
    let mut first_spell_open = false;
    let mut hazard_phase: Option<Phase> = None;
    let mut conflict_in = u64::MAX;

    for t in 1..=model.horizon {
        // 1. Reopening.
        if let State::NoDeal {
            reopen: Some(at), ..
        } = state
            && at == t
        {
            state = State::Talks(1);
            r.reopened += 1;
            trace!(tr, t, "talks reopen");
        }
        let phase = match state {
            State::Talks(_) => Phase::Talks,
            State::InForce { .. } => Phase::InForce,
            State::NoDeal {
                after_exit: false, ..
            } => Phase::NoDeal,
            State::NoDeal {
                after_exit: true, ..
            } => Phase::AfterExit,
        };
        // 2. Conflict. The hazard is constant within a phase, so rather than a
        // Bernoulli draw per round we draw, on entering a phase, how many rounds pass
        // before conflict (geometric; memoryless, so the distribution is the same).
        if hazard_phase != Some(phase) {
            hazard_phase = Some(phase);
            conflict_in = rounds_until_conflict(p.hazard[phase as usize], rng);
        }
        let conflict_now = conflict_in == 0;
        conflict_in = conflict_in.saturating_sub(1);
        if conflict_now {
            for i in 0..n {
                r.payoff[i] += s.disc[i] * p.actors[i].conflict;
            }
            r.outcome = Outcome::Conflict(phase);
            r.conflict_round = Some(t);
            if let State::InForce { since } = state
                && first_spell_open
            {
                r.spell = Some((t - since, SpellEnd::Conflict));
            }
            trace!(tr, t, "conflict breaks out {}", phase.label());
            return;
        }
        // 3. Play the round.
        match state {
            State::Talks(k) => {
                for i in 0..n {
                    let a = &p.actors[i];
                    r.payoff[i] += s.disc[i] * (a.no_deal + a.stalling);
                }
                let agreed = talks_round(model, p, &s.cred, k, &mut s.offer, tr, t, names);
                if agreed {
                    s.terms.copy_from_slice(&s.offer);
                    if r.first_agreement.is_none() {
                        r.first_agreement = Some(t);
                        r.terms.copy_from_slice(&s.offer);
                    }
                    enter_into_force(
                        model,
                        p,
                        &s.terms,
                        &mut s.players,
                        &mut s.threshold,
                        &mut s.stay,
                        &mut s.notice_at,
                        &mut s.outside,
                    );
                    if r.spell.is_none() && !first_spell_open && r.first_agreement == Some(t) {
                        first_spell_open = true;
                    }
                    state = State::InForce { since: t + 1 };
                    trace!(tr, t, "agreement reached: {}", fmt_terms(&s.terms));
                } else if model.deadline.is_some_and(|d| k >= d) {
                    let reopen = model.retry_after.map(|c| t + 1 + c);
                    state = State::NoDeal {
                        after_exit: last_leaver.is_some(),
                        reopen,
                    };
                    trace!(
                        tr,
                        t,
                        "the deadline passes without agreement{}",
                        reopen
                            .map(|r| format!("; talks may reopen in round {r}"))
                            .unwrap_or_default()
                    );
                } else {
                    state = State::Talks(k + 1);
                }
            }
            State::InForce { since } => {
                let first_round = t == since;
                // Temptation shocks.
                for i in 0..n {
                    let a = &p.actors[i];
                    s.theta[i] = step_shock(model.shock[i], &a.shock, s.theta[i], first_round, rng);
                }
                // Moves.
                for i in 0..n {
                    s.moves[i] = s.players[i].play(rng);
                }
                // Flows.
                let nd = model.deciders.len();
                let mut violating_deciders = 0usize;
                for &d in &model.deciders {
                    if s.moves[d] == Move::D {
                        violating_deciders += 1;
                    }
                }
                for i in 0..n {
                    let a = &p.actors[i];
                    let mut flow = s.stay[i];
                    let own_d = s.moves[i] == Move::D;
                    if own_d {
                        flow += s.theta[i];
                        r.violations[i] += 1;
                    }
                    let others = if model.decides[i] { nd - 1 } else { nd };
                    if others > 0 {
                        let v = violating_deciders - usize::from(model.decides[i] && own_d);
                        flow += a.betrayal * v as f64 / others as f64;
                    }
                    r.rounds_in_force[i] += 1;
                    r.payoff[i] += s.disc[i] * flow;
                }
                // Monitoring and observation.
                observe_all(&mut s.players, &s.moves, &s.none_seen, noisy, rng);
                if tr.on() {
                    let v: Vec<&str> = (0..n)
                        .filter(|&i| s.moves[i] == Move::D)
                        .map(|i| names[i].as_str())
                        .collect();
                    if !v.is_empty() {
                        trace!(
                            tr,
                            t,
                            "{} violate{} the treaty",
                            v.join(", "),
                            if v.len() == 1 { "s" } else { "" }
                        );
                    }
                }
                // Exit decisions.
                for &i in &model.deciders {
                    if s.notice_at[i].is_some() {
                        continue;
                    }
                    if s.theta[i] > s.threshold[i] {
                        let at = t + model.notice[i];
                        s.notice_at[i] = Some(at);
                        if r.first_notice.is_none() {
                            r.first_notice = Some((i, t));
                        }
                        trace!(
                            tr,
                            t,
                            "{} gives notice of withdrawal (temptation {:.2} > threshold {:.2}); effective at the end of round {}",
                            names[i],
                            s.theta[i],
                            s.threshold[i],
                            at
                        );
                    }
                }
                // Exits taking effect now.
                let mut leaver: Option<(u32, usize)> = None;
                for &i in &model.deciders {
                    if let Some(at) = s.notice_at[i]
                        && at == t
                    {
                        // The earliest notice leads; ties by actor order.
                        let given = at - model.notice[i];
                        if leaver.is_none_or(|(g, _)| given < g) {
                            leaver = Some((given, i));
                        }
                    }
                }
                if let Some((_, who)) = leaver {
                    // Everyone whose exit is due now leaves and pays; dependants leave
                    // with their principal at no cost.
                    for &i in &model.deciders {
                        if s.notice_at[i] == Some(t) {
                            r.payoff[i] -= s.disc[i] * p.actors[i].exit_cost;
                            s.cred[i] = (s.cred[i] - p.exit_loss).max(0.0);
                            s.outside[i] = true;
                            trace!(
                                tr,
                                t,
                                "{}'s withdrawal takes effect; it pays an exit cost of {:.2}",
                                names[i],
                                p.actors[i].exit_cost
                            );
                        }
                    }
                    if first_spell_open {
                        r.spell = Some((t - since + 1, SpellEnd::Withdrawal));
                        first_spell_open = false;
                    }
                    last_leaver = Some(who);
                    for i in 0..n {
                        s.notice_at[i] = None;
                    }
                    let reopen = model.renegotiate_after.map(|c| t + 1 + c);
                    state = State::NoDeal {
                        after_exit: true,
                        reopen,
                    };
                }
            }
            State::NoDeal { .. } => {
                for i in 0..n {
                    let a = &p.actors[i];
                    let mut flow = a.no_deal;
                    if s.outside[i] {
                        // A leaver earns its temptation outside the treaty.
                        s.theta[i] = step_shock(model.shock[i], &a.shock, s.theta[i], false, rng);
                        flow += s.theta[i];
                    }
                    r.payoff[i] += s.disc[i] * flow;
                }
            }
        }
        // Discounting and credibility recovery for the next round.
        for i in 0..n {
            let a = &p.actors[i];
            s.disc[i] *= a.discount;
            if s.cred[i] < a.credibility {
                s.cred[i] = (s.cred[i] + p.recovery).min(a.credibility);
            }
        }
    }
    // The horizon censors whatever is going on.
    let horizon = model.horizon;
    r.outcome = match state {
        State::InForce { since } => {
            if first_spell_open {
                r.spell = Some((horizon + 1 - since, SpellEnd::Censored));
            }
            Outcome::InForce
        }
        _ => match last_leaver {
            Some(l) => Outcome::Withdrawn(l),
            None => Outcome::NoAgreement,
        },
    };
}

/// Set up the treaty's first round in force: fresh strategies, each actor's flow
/// in force and its exit threshold for these terms.
#[allow(clippy::too_many_arguments)]
fn enter_into_force(
    model: &Model,
    p: &RunParams,
    terms: &[f64],
    players: &mut [Player],
    threshold: &mut [f64],
    stay: &mut [f64],
    notice_at: &mut [Option<u32>],
    outside: &mut [bool],
) {
    for i in 0..model.n {
        let a = &p.actors[i];
        let u = model.utility(i, terms);
        stay[i] = a.no_deal + a.gain * u;
        players[i].reset();
        notice_at[i] = None;
        outside[i] = false;
        threshold[i] = match model.exit[i] {
            ExitKind::Never => f64::INFINITY,
            ExitKind::Threshold => a.level,
            ExitKind::Myopic => myopic_threshold(a, stay[i]),
            ExitKind::Optimal => model.optimal_threshold(i, a, u),
        };
        if !model.decides[i] {
            threshold[i] = f64::INFINITY;
        }
    }
}

/// Advance a temptation process by one round. `first` starts it afresh (the first
/// round of a treaty in force).
#[inline]
fn step_shock<R: Rng + ?Sized>(
    kind: ShockKind,
    k: &[f64; 4],
    prev: f64,
    first: bool,
    rng: &mut R,
) -> f64 {
    match kind {
        ShockKind::Iid => {
            if k[1] > 0.0 {
                k[0] + k[1] * rng.sample::<f64, _>(StandardNormal)
            } else {
                k[0]
            }
        }
        ShockKind::RandomWalk => {
            let base = if first { k[0] } else { prev };
            let z = if k[2] > 0.0 {
                rng.sample::<f64, _>(StandardNormal)
            } else {
                0.0
            };
            base + k[1] + k[2] * z
        }
        ShockKind::Ar1 => {
            let base = if first { k[3] } else { prev };
            let z = if k[2] > 0.0 {
                rng.sample::<f64, _>(StandardNormal)
            } else {
                0.0
            };
            k[0] + k[1] * (base - k[0]) + k[2] * z
        }
    }
}

/// Each actor sees the others' moves through monitoring error and records the round:
/// "the other" is the aggregate "some other party was seen violating". Errors are
/// independent per observed party, so P(no violation seen) = (1 − false_alarm)^(others
/// complying) · missed^(others violating): one draw per observer suffices.
#[inline]
fn observe_all<R: Rng + ?Sized>(
    players: &mut [Player],
    moves: &[Move],
    none_seen_by_d: &[f64],
    noisy: bool,
    rng: &mut R,
) {
    let n = players.len();
    let total_d = moves.iter().filter(|m| **m == Move::D).count();
    for i in 0..n {
        let own_d = usize::from(moves[i] == Move::D);
        let others_d = total_d - own_d;
        let seen_d = if !noisy {
            others_d > 0
        } else {
            let none_seen = none_seen_by_d[others_d];
            if none_seen >= 1.0 {
                false
            } else if none_seen <= 0.0 {
                true
            } else {
                rng.random::<f64>() >= none_seen
            }
        };
        players[i].observe(moves[i], if seen_d { Move::D } else { Move::C });
    }
}

/// Rounds that pass before conflict under a constant per-round hazard `h`:
/// P(k) = (1 − h)^k h, k = 0, 1, … (`u64::MAX` = never).
#[inline]
fn rounds_until_conflict<R: Rng + ?Sized>(h: f64, rng: &mut R) -> u64 {
    if h <= 0.0 {
        return u64::MAX;
    }
    if h >= 1.0 {
        return 0;
    }
    // U in (0, 1]: ln U / ln(1 − h) >= 0.
    let u = 1.0 - rng.random::<f64>();
    let k = (u.ln() / (-h).ln_1p()).floor();
    if k >= 1e18 { u64::MAX } else { k as u64 }
}

/// Play round `k` of the talks. On agreement, the terms are left in `offer`.
#[allow(clippy::too_many_arguments)]
fn talks_round<T: Tracer>(
    model: &Model,
    p: &RunParams,
    cred: &[f64],
    k: u32,
    offer: &mut [f64],
    tr: &mut T,
    t: u32,
    names: &[String],
) -> bool {
    if model.proposers.is_empty() || model.deciders.is_empty() {
        return false;
    }
    let proposer = model.proposers[(k as usize - 1) % model.proposers.len()];
    if model.tactic[model.root[proposer]] == TacticKind::SubgamePerfect {
        return spe_round(model, p, k, proposer, offer, tr, t, names);
    }
    let t_max = model.deadline.unwrap_or(model.horizon).max(1);
    let target = |i: usize, round: u32| -> f64 {
        let a = &p.actors[i];
        let pmin = reservation(model, p, cred, i).clamp(0.0, 1.0);
        let tau = if t_max <= 1 {
            1.0
        } else {
            ((round - 1) as f64 / (t_max - 1) as f64).min(1.0)
        };
        let f = if a.exponent <= 0.0 {
            a.initial
        } else {
            a.initial + (1.0 - a.initial) * tau.powf(1.0 / a.exponent)
        };
        pmin + (1.0 - pmin) * (1.0 - f)
    };
    model.offer(proposer, target(proposer, k), offer);
    // Every deciding party must accept: the proposer's principal on the merits, the
    // proposer itself if it decides, the others by AC_next.
    for &d in &model.deciders {
        let u = model.utility(d, offer);
        let r = reservation(model, p, cred, d);
        let ok = if d == proposer {
            u >= r
        } else {
            u >= r && u >= target(d, k + 1)
        };
        if !ok {
            if tr.on() {
                tr.say(
                    t,
                    format!(
                        "{} proposes {}; {} rejects (worth {:.2} to it, it needs {:.2})",
                        names[proposer],
                        fmt_terms(offer),
                        names[d],
                        u,
                        r.max(if d == proposer { r } else { target(d, k + 1) })
                    ),
                );
            }
            return false;
        }
    }
    trace!(
        tr,
        t,
        "{} proposes {}; every deciding party accepts",
        names[proposer],
        fmt_terms(offer)
    );
    true
}

/// Reservation utility of actor `i` now (credibility of the other deciders, conflict
/// risk of no deal, stalling gain while talks last).
fn reservation(model: &Model, p: &RunParams, cred: &[f64], i: usize) -> f64 {
    let a = &p.actors[i];
    let mut c = 1.0f64;
    for &d in &model.deciders {
        if d != i && d != model.root[i] {
            c = c.min(cred[d]);
        }
    }
    reservation_utility(&ReservationInputs {
        no_deal: a.no_deal + a.stalling,
        gain: a.gain,
        credibility: c,
        delta: a.discount,
        hazard_no_deal: p.hazard[Phase::NoDeal as usize],
        hazard_in_force: p.hazard[Phase::InForce as usize],
        conflict: a.conflict,
    })
}

/// Subgame-perfect play of a bilateral single-issue split: the proposer offers the
/// responder exactly its discounted continuation share, which it accepts.
#[allow(clippy::too_many_arguments)]
fn spe_round<T: Tracer>(
    model: &Model,
    p: &RunParams,
    k: u32,
    proposer: usize,
    offer: &mut [f64],
    tr: &mut T,
    t: u32,
    names: &[String],
) -> bool {
    let prop = model.root[proposer];
    let resp = match model.deciders.iter().copied().find(|&d| d != prop) {
        Some(d) => d,
        None => return false,
    };
    let (dp, dr) = (p.actors[prop].discount, p.actors[resp].discount);
    let share = match model.deadline {
        Some(d) => stahl_split(dp, dr, d.saturating_sub(k) + 1, (0.0, 0.0)),
        None => rubinstein_split(dp, dr),
    };
    // Terms: the proposer's share of the distance between the two ideals.
    let (ip, ir) = (model.ideal[prop * model.m], model.ideal[resp * model.m]);
    offer[0] = ip + (1.0 - share) * (ir - ip);
    trace!(
        tr,
        t,
        "{} proposes the subgame-perfect split: {:.4} for itself; {} accepts",
        names[prop],
        share,
        names[resp]
    );
    true
}

fn fmt_terms(x: &[f64]) -> String {
    let v: Vec<String> = x.iter().map(|v| format!("{v:.3}")).collect();
    format!("[{}]", v.join(", "))
}
