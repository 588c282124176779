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
//!
//! What carries from one treaty to the next within a run (renegotiation starts from
//! the state of the world): the temptation processes (started with the first treaty,
//! then moved every round in every phase), credibility (lowered by exits and seen
//! violations, recovering per round), the power state, and in crisis talks the
//! beliefs about private war costs (updated on every rejection and acceptance).

mod in_force;

use crate::emit;
use crate::model::{ExitKind, Model, Phase, Protocol, RunParams, Shock, myopic_threshold};
use crate::negotiation::{Failure, Round, TalksState, TalksStep, crisis, play_round};
use crate::story::{Event, Tracer};
use crate::strategy::{Move, Player};
use in_force::*;
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
    /// The actor that chose the war, when conflict was a choice (not an accident).
    pub war_by: Option<usize>,
    /// Why the first talks of the run that failed did.
    pub first_failure: Option<Failure>,
    /// Times talks reopened.
    pub reopened: u32,
    /// Per actor: rounds violated, rounds in force.
    pub violations: Vec<u32>,
    pub rounds_in_force: Vec<u32>,
    /// Per actor: discounted total payoff.
    pub payoff: Vec<f64>,
    /// Per actor: rounds it deviated under the escape clause (paying its price).
    pub escapes: Vec<u32>,
    /// Compliances read as violations (false alarms) in the run.
    pub false_alarms: u32,
    /// The first treaty ended by a withdrawal or by a war someone chose, and the
    /// first violation seen in it was a false alarm: a misreading started the spiral
    /// that ended it.
    pub false_alarm_spiral: bool,
}

/// Per-thread working memory, reused run after run.
#[derive(Debug, Clone)]
pub struct Scratch {
    pub params: RunParams,
    pub result: RunResult,
    players: Vec<Player>,
    theta: Vec<f64>,
    /// Per actor: credibility now (starts at its `credibility`, drops on exits and
    /// detected violations, recovers per round); later talks read it.
    pub credibility: Vec<f64>,
    disc: Vec<f64>,
    moves: Vec<Move>,
    notice_at: Vec<Option<u32>>,
    threshold: Vec<f64>,
    stay: Vec<f64>,
    talks: TalksState,
    terms: Vec<f64>,
    outside: Vec<bool>,
    /// Per actor: this run's exit cost before a form issue scales it, and the notice
    /// period of the treaty in force.
    exit_cost_base: Vec<f64>,
    notice: Vec<u32>,
    /// Per actor: seen violating this round (monitoring is public: one reading per
    /// party, errors independent across parties).
    seen: Vec<bool>,
    /// Per actor: deviating under the escape clause this round.
    escaped: Vec<bool>,
    /// Per actor: the temptation above which a `deterrence` party violates.
    deter: Vec<f64>,
    /// Per actor: its notice was given for a material breach (no exit cost, no loss
    /// of credibility).
    breach: Vec<bool>,
    /// Per deciding actor: its side violated this round.
    side_d: Vec<bool>,
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
                war_by: None,
                first_failure: None,
                reopened: 0,
                violations: vec![0; n],
                rounds_in_force: vec![0; n],
                payoff: vec![0.0; n],
                escapes: vec![0; n],
                false_alarms: 0,
                false_alarm_spiral: false,
            },
            players: model.strategies.clone(),
            theta: vec![0.0; n],
            credibility: vec![0.0; n],
            disc: vec![1.0; n],
            moves: vec![Move::C; n],
            notice_at: vec![None; n],
            threshold: vec![f64::INFINITY; n],
            stay: vec![0.0; n],
            talks: TalksState::new(model),
            terms: vec![0.0; model.m],
            outside: vec![false; n],
            exit_cost_base: vec![0.0; n],
            notice: model.notice.clone(),
            seen: vec![false; n],
            escaped: vec![false; n],
            deter: vec![f64::INFINITY; n],
            breach: vec![false; n],
            side_d: vec![false; n],
        }
    }
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

/// Where a run stands between rounds, besides what [`Scratch`] holds per actor.
struct Life {
    state: State,
    /// The actor whose withdrawal ended the last treaty.
    last_leaver: Option<usize>,
    /// The first treaty of the run is in force and its spell not yet recorded.
    first_spell_open: bool,
    /// The phase whose conflict countdown `conflict_in` runs.
    hazard_phase: Option<Phase>,
    /// Rounds left before conflict breaks out in `hazard_phase`.
    conflict_in: u64,
    /// Whether monitoring can err (false alarms or missed violations).
    noisy: bool,
    /// In-force hazard added by detected violations, for the treaty in force.
    extra_hazard: f64,
    /// The treaty is suspended up to this round (inclusive).
    suspended_until: u32,
    /// In the treaty in force: whether the first violation seen was a false alarm.
    first_seen_false: Option<bool>,
    /// The temptation processes have started (the run's first treaty entered into
    /// force): from then on they move every round, in every phase, and a renegotiated
    /// treaty starts from where they stand.
    process_started: bool,
}

impl Life {
    fn phase(&self) -> Phase {
        match self.state {
            State::Talks(_) => Phase::Talks,
            State::InForce { .. } => Phase::InForce,
            State::NoDeal {
                after_exit: false, ..
            } => Phase::NoDeal,
            State::NoDeal {
                after_exit: true, ..
            } => Phase::AfterExit,
        }
    }
}

/// Play one run; its story goes to `tr`.
pub fn simulate<R: Rng + ?Sized, T: Tracer>(
    model: &Model,
    s: &mut Scratch,
    rng: &mut R,
    tr: &mut T,
) {
    let mut life = begin_run(model, s, rng);
    for t in 1..=model.horizon {
        reopen_if_due(&mut life, s, t, tr);
        if model.protocol == Protocol::Crisis && power_round(model, s, &mut life, t, tr) {
            return;
        }
        if conflict_breaks_out(model, s, &mut life, t, rng, tr) {
            return;
        }
        match life.state {
            State::Talks(k) => {
                if life.process_started {
                    move_temptations(model, s, rng);
                }
                if talks_round(model, s, &mut life, k, t, tr) {
                    return;
                }
            }
            State::InForce { since } => in_force_round(model, s, &mut life, since, t, rng, tr),
            State::NoDeal { .. } => no_deal_round(model, s, life.process_started, rng),
        }
        end_of_round(model, s);
    }
    censor(model, s, &mut life);
}

/// Draw the run's parameters and reset everything a previous run left behind.
fn begin_run<R: Rng + ?Sized>(model: &Model, s: &mut Scratch, rng: &mut R) -> Life {
    let n = model.n;
    // A form issue scaled last run's exit costs: start from the scenario's (draws
    // below overwrite the uncertain ones).
    if model.form_issue.is_some() {
        for i in 0..n {
            s.params.actors[i].exit_cost = model.base.actors[i].exit_cost;
        }
    }
    model.draw_params(&mut s.params, rng);
    let p = &s.params;
    let r = &mut s.result;
    r.outcome = Outcome::NoAgreement;
    r.first_agreement = None;
    r.spell = None;
    r.first_notice = None;
    r.conflict_round = None;
    r.war_by = None;
    r.first_failure = None;
    r.reopened = 0;
    r.false_alarms = 0;
    r.false_alarm_spiral = false;
    for i in 0..n {
        r.escapes[i] = 0;
        r.violations[i] = 0;
        r.rounds_in_force[i] = 0;
        r.payoff[i] = 0.0;
        s.credibility[i] = p.actors[i].credibility;
        s.disc[i] = 1.0;
        s.notice_at[i] = None;
        s.outside[i] = false;
        s.exit_cost_base[i] = p.actors[i].exit_cost;
        s.notice[i] = model.notice[i];
    }
    s.talks.failure = None;
    if model.protocol == Protocol::Crisis || model.war_derived.contains(&true) {
        crisis::begin_run(model, &mut s.params, &mut s.talks);
    }
    let p = &s.params;
    Life {
        state: State::Talks(1),
        last_leaver: None,
        first_spell_open: false,
        hazard_phase: None,
        conflict_in: u64::MAX,
        noisy: p.false_alarm > 0.0 || p.missed > 0.0,
        extra_hazard: 0.0,
        suspended_until: 0,
        first_seen_false: None,
        process_started: false,
    }
}

/// Step 1: talks reopen when a no-deal spell's reopening round has come.
fn reopen_if_due<T: Tracer>(life: &mut Life, s: &mut Scratch, t: u32, tr: &mut T) {
    if let State::NoDeal {
        reopen: Some(at), ..
    } = life.state
        && at == t
    {
        life.state = State::Talks(1);
        s.talks.failure = None;
        s.result.reopened += 1;
        emit!(tr, t, Event::TalksReopen);
    }
}

/// Step 1b (crisis talks): power moves to the state of round `t` (by the calendar,
/// or by the terms in effect). With a treaty in force, a side whose terms no longer
/// beat war after a shift gets them revised by the other side (to its war line) if
/// the other prefers that to war, and fights otherwise; and any side for which war
/// now beats what the terms are worth (a coming shift counted in) fights now: the
/// commitment problem in force. True when a war ends the run.
fn power_round<T: Tracer>(
    model: &Model,
    s: &mut Scratch,
    life: &mut Life,
    t: u32,
    tr: &mut T,
) -> bool {
    let in_force = matches!(life.state, State::InForce { .. });
    let effect = if in_force {
        Some(&s.terms[..])
    } else {
        model.sq_point.as_deref()
    };
    let k = model.power_state(t, effect);
    let changed = !crisis::same_power(model, &s.talks, k, s.talks.power_now);
    if k != s.talks.power_now && !changed {
        s.talks.power_now = k;
    }
    if changed {
        crisis::set_power(model, &mut s.params, &mut s.talks, k);
        emit!(
            tr,
            t,
            Event::PowerShift {
                win: s.talks.win.clone()
            }
        );
    }
    if !in_force {
        return false;
    }
    // Flows from this round on: the round "before" is t − 1.
    let round = Round {
        model,
        params: &s.params,
        cred: &s.credibility,
        k: 1,
        t: t - 1,
    };
    if changed && model.deciders.len() == 2 {
        crisis::revisions(&round, &mut s.talks);
        let [d0, d1] = [model.deciders[0], model.deciders[1]];
        let broken = |d: usize| crisis::treaty_flow(&round, d, &s.terms) < s.talks.war_flow[d];
        let (b0, b1) = (broken(d0), broken(d1));
        if b0 != b1 {
            let (who, ri) = if b0 { (d0, 1) } else { (d1, 0) };
            if s.talks.revision_ok[2 * k + ri] {
                let at = (2 * k + ri) * model.m;
                s.terms.copy_from_slice(&s.talks.revision[at..at + model.m]);
                emit!(
                    tr,
                    t,
                    Event::TermsRevised {
                        broken: who,
                        reviser: model.deciders[ri],
                        terms: s.terms.clone(),
                    }
                );
                terms_change(model, s);
                return false;
            }
        }
    }
    let fighter = model
        .deciders
        .iter()
        .copied()
        .find(|&i| crisis::prefers_war_in_force(&round, &s.talks, i, &s.terms));
    let Some(by) = fighter else {
        return false;
    };
    emit!(
        tr,
        t,
        Event::WarChosen {
            by,
            war: s.talks.war_flow[by],
            instead: crisis::value_flow(&round, &s.talks, by, &s.terms),
        }
    );
    let r = &mut s.result;
    for i in 0..model.n {
        r.payoff[i] += s.disc[i] * s.params.actors[i].conflict;
    }
    r.outcome = Outcome::Conflict(Phase::InForce);
    r.conflict_round = Some(t);
    r.war_by = Some(by);
    if let State::InForce { since } = life.state
        && life.first_spell_open
    {
        r.spell = Some((t - since, SpellEnd::Conflict));
        r.false_alarm_spiral = life.first_seen_false == Some(true);
    }
    true
}

/// Step 2: the conflict check, with the hazard of the phase the round starts in. The
/// hazard is constant within a phase, so rather than a Bernoulli draw per round the
/// number of rounds before conflict is drawn on entering a phase (geometric;
/// memoryless, so the distribution is the same). True when the run ends here.
fn conflict_breaks_out<R: Rng + ?Sized, T: Tracer>(
    model: &Model,
    s: &mut Scratch,
    life: &mut Life,
    t: u32,
    rng: &mut R,
    tr: &mut T,
) -> bool {
    let phase = life.phase();
    if life.hazard_phase != Some(phase) {
        life.hazard_phase = Some(phase);
        let mut h = s.params.hazard[phase as usize];
        if phase == Phase::InForce {
            h = (h + life.extra_hazard).min(1.0);
        }
        life.conflict_in = rounds_until_conflict(h, rng);
    }
    let now = life.conflict_in == 0;
    life.conflict_in = life.conflict_in.saturating_sub(1);
    if !now {
        return false;
    }
    let r = &mut s.result;
    for i in 0..model.n {
        r.payoff[i] += s.disc[i] * s.params.actors[i].conflict;
    }
    r.outcome = Outcome::Conflict(phase);
    r.conflict_round = Some(t);
    if let State::InForce { since } = life.state
        && life.first_spell_open
    {
        r.spell = Some((t - since, SpellEnd::Conflict));
    }
    emit!(tr, t, Event::Conflict(phase));
    true
}

/// Step 3a: a round of talks under the model's protocol; an agreement enters into
/// force from the next round, a passed deadline ends the talks, a war chosen ends
/// the run (true).
fn talks_round<T: Tracer>(
    model: &Model,
    s: &mut Scratch,
    life: &mut Life,
    k: u32,
    t: u32,
    tr: &mut T,
) -> bool {
    let p = &s.params;
    for i in 0..model.n {
        let a = &p.actors[i];
        s.result.payoff[i] += s.disc[i] * (a.no_deal + a.stalling);
    }
    let round = Round {
        model,
        params: p,
        cred: &s.credibility,
        k,
        t,
    };
    match play_round(&round, &mut s.talks, tr) {
        TalksStep::Agreed => {
            if model.protocol == Protocol::Crisis {
                crisis::learn_from_acceptance(&round, &mut s.talks, tr);
            }
            s.terms.copy_from_slice(&s.talks.offer);
            // Backing down from a public commitment costs its audience cost once.
            for i in 0..model.n {
                if model.backs_down(i, &s.terms)
                    && let Some(c) = model.commitment[i]
                {
                    s.result.payoff[i] -= s.disc[i] * c.audience_cost;
                }
            }
            let r = &mut s.result;
            if r.first_agreement.is_none() {
                r.first_agreement = Some(t);
                r.terms.copy_from_slice(&s.talks.offer);
            }
            enter_into_force(model, s);
            life.extra_hazard = 0.0;
            life.suspended_until = 0;
            life.first_seen_false = None;
            if s.result.spell.is_none()
                && !life.first_spell_open
                && s.result.first_agreement == Some(t)
            {
                life.first_spell_open = true;
            }
            life.state = State::InForce { since: t + 1 };
            emit!(
                tr,
                t,
                Event::Agreement {
                    terms: s.terms.clone()
                }
            );
        }
        TalksStep::War { by } => {
            // War breaks out at the end of the round: its payoff is discounted like
            // the next round's flow.
            let r = &mut s.result;
            for i in 0..model.n {
                let a = &s.params.actors[i];
                r.payoff[i] += s.disc[i] * a.discount * a.conflict;
            }
            r.outcome = Outcome::Conflict(Phase::Talks);
            r.conflict_round = Some(t);
            r.war_by = Some(by);
            if r.first_failure.is_none() {
                r.first_failure = s.talks.failure;
            }
            if let Some(f) = s.talks.failure {
                emit!(tr, t, Event::TalksFailed(f));
            }
            return true;
        }
        TalksStep::DeadlinePassed => {
            if s.result.first_failure.is_none() {
                s.result.first_failure = s.talks.failure;
            }
            // Ending the talks without fighting backs down from a public commitment.
            for i in 0..model.n {
                if let Some(c) = model.commitment[i] {
                    s.result.payoff[i] -= s.disc[i] * c.audience_cost;
                }
            }
            let reopen = model.retry_after.map(|c| t + 1 + c);
            life.state = State::NoDeal {
                after_exit: life.last_leaver.is_some(),
                reopen,
            };
            emit!(tr, t, Event::DeadlinePassed { reopen });
        }
        TalksStep::Continue => life.state = State::Talks(k + 1),
    }
    false
}

/// Step 3c: a round without a treaty: the no-deal flow; a leaver earns its
/// temptation outside the treaty. Once a treaty has been in force, every actor's
/// temptation moves on (`started`), the leaver's and the others'.
fn no_deal_round<R: Rng + ?Sized>(model: &Model, s: &mut Scratch, started: bool, rng: &mut R) {
    if started {
        move_temptations(model, s, rng);
    }
    for i in 0..model.n {
        let a = &s.params.actors[i];
        let mut flow = a.no_deal;
        if s.outside[i] {
            flow += s.theta[i];
        }
        s.result.payoff[i] += s.disc[i] * flow;
    }
}

/// Step 4: discounting and credibility recovery for the next round.
fn end_of_round(model: &Model, s: &mut Scratch) {
    for i in 0..model.n {
        let a = &s.params.actors[i];
        s.disc[i] *= a.discount;
        if s.credibility[i] < a.credibility {
            s.credibility[i] = (s.credibility[i] + s.params.recovery).min(a.credibility);
        }
    }
}

/// Step 5: the horizon censors whatever is going on.
fn censor(model: &Model, s: &mut Scratch, life: &mut Life) {
    let r = &mut s.result;
    r.outcome = match life.state {
        State::InForce { since } => {
            if life.first_spell_open {
                r.spell = Some((model.horizon + 1 - since, SpellEnd::Censored));
            }
            Outcome::InForce
        }
        _ => match life.last_leaver {
            Some(l) => Outcome::Withdrawn(l),
            None => Outcome::NoAgreement,
        },
    };
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
