//! A treaty in force (step 3b of a round, see `run`): entering into force, the
//! temptation processes, moves (a `deterrence` party's from its payoffs), flows,
//! monitoring, what a seen violation sets off, notice of withdrawal under each exit
//! rule, and exits taking effect.

use super::*;

/// Step 3b: a round with the treaty in force: temptation shocks, moves, flows,
/// monitoring, exit decisions, and exits whose notice has run out.
pub(super) fn in_force_round<R: Rng + ?Sized, T: Tracer>(
    model: &Model,
    s: &mut Scratch,
    life: &mut Life,
    since: u32,
    t: u32,
    rng: &mut R,
    tr: &mut T,
) {
    let n = model.n;
    // The processes start with the run's first treaty; a renegotiated one inherits
    // them as they stand (the state of the world is not reset by new talks).
    let fresh = t == since && !life.process_started;
    life.process_started = true;
    for i in 0..n {
        let a = &s.params.actors[i];
        s.theta[i] = step_shock(&a.shock, s.theta[i], fresh, rng);
    }
    for i in 0..n {
        s.escaped[i] = false;
        s.moves[i] = if model.deterrence[i] {
            deterrent_move(model, s, i, t)
        } else {
            s.players[i].play(rng)
        };
    }
    if t <= life.suspended_until {
        // Nothing to keep or break while suspended: no moves, nothing to see.
        s.moves.fill(Move::C);
        s.escaped.fill(false);
        s.seen.fill(false);
        pay_suspended(model, s);
    } else {
        pay_in_force(model, s);
        read_moves(s, life.noisy, rng);
    }
    observe_all(&mut s.players, &s.moves, &s.seen);
    if tr.on() {
        let who: Vec<usize> = (0..n).filter(|&i| s.moves[i] == Move::D).collect();
        if !who.is_empty() {
            tr.event(t, Event::Violations { who });
        }
        for i in (0..n).filter(|&i| s.escaped[i]) {
            tr.event(
                t,
                Event::Escape {
                    who: i,
                    price: s.params.escape_price,
                },
            );
        }
    }
    consequences(model, s, life, t, tr);
    give_notice(model, s, t, tr);
    exits_take_effect(model, s, life, since, t, tr);
}

/// A `deterrence` party's move: violate when the temptation exceeds the expected
/// cost of being caught; deviate under the escape clause instead when its price is
/// lower than that cost and the temptation exceeds the price.
/// In crisis talks the cost includes the war a seen violation would provoke (see
/// [`provoked_war`]), checked only when the rest of the cost would not deter.
#[inline]
pub(super) fn deterrent_move(model: &Model, s: &mut Scratch, i: usize, t: u32) -> Move {
    let (theta, mut cost, price) = (s.theta[i], s.deter[i], s.params.escape_price);
    if theta > cost.min(price) {
        cost += provoked_war(model, s, i, t);
    }
    if price <= cost {
        if theta > price {
            s.escaped[i] = true;
        }
        Move::C
    } else if theta > cost {
        Move::D
    } else {
        Move::C
    }
}

/// The flows of a round in force: the treaty's value, temptation for a violator (or,
/// less the price, for a party using the escape clause), betrayal in proportion to
/// the other sides violating. Without `principal_answers` a side is a deciding actor
/// and the violations of parties that cannot decide cost nobody.
pub(super) fn pay_in_force(model: &Model, s: &mut Scratch) {
    let nd = model.deciders.len();
    for &d in &model.deciders {
        s.side_d[d] = false;
    }
    for i in 0..model.n {
        if s.moves[i] == Move::D && (model.decides[i] || model.principal_answers) {
            s.side_d[model.side[i]] = true;
        }
    }
    let violating_sides = model.deciders.iter().filter(|&&d| s.side_d[d]).count();
    let r = &mut s.result;
    for i in 0..model.n {
        let a = &s.params.actors[i];
        let mut flow = s.stay[i];
        let own_d = s.moves[i] == Move::D;
        if own_d {
            flow += s.theta[i];
            r.violations[i] += 1;
        }
        if s.escaped[i] {
            flow += s.theta[i] - s.params.escape_price;
            r.escapes[i] += 1;
        }
        let own_side = model.decides[i] || model.principal_answers;
        let others = if own_side { nd - 1 } else { nd };
        if others > 0 {
            let mine = own_side && s.side_d[model.side[i]];
            let v = violating_sides - usize::from(mine);
            flow += a.betrayal * v as f64 / others as f64;
        }
        r.rounds_in_force[i] += 1;
        r.payoff[i] += s.disc[i] * flow;
    }
}

/// A suspended round: the treaty pays nobody; each party gets its no-deal flow. The
/// round counts toward the treaty's duration but not as a round in operation (the
/// denominator of violation rates and of the time under a treaty).
pub(super) fn pay_suspended(model: &Model, s: &mut Scratch) {
    let r = &mut s.result;
    for i in 0..model.n {
        r.payoff[i] += s.disc[i] * s.params.actors[i].no_deal;
    }
}

/// What the detected violations of round `t` set off: loss of credibility for the
/// side that answers for the violator, suspension, escalation of the in-force
/// hazard, notice of withdrawal by the other sides for a material breach. Also counts
/// false alarms and remembers whether the treaty's first seen violation was one.
pub(super) fn consequences<T: Tracer>(
    model: &Model,
    s: &mut Scratch,
    life: &mut Life,
    t: u32,
    tr: &mut T,
) {
    for j in 0..model.n {
        if !s.seen[j] {
            continue;
        }
        let false_alarm = s.moves[j] == Move::C;
        if false_alarm {
            s.result.false_alarms += 1;
        }
        if life.first_seen_false.is_none() {
            life.first_seen_false = Some(false_alarm);
        }
        if tr.on() {
            tr.event(
                t,
                Event::SeenViolating {
                    who: j,
                    false_alarm,
                },
            );
        }
        if !(model.decides[j] || model.principal_answers) {
            continue;
        }
        let side = model.side[j];
        s.credibility[side] = (s.credibility[side] - s.params.violation_loss).max(0.0);
        if model.suspension > 0 {
            life.suspended_until = life.suspended_until.max(t + model.suspension);
        }
        if s.params.escalation > 0.0 {
            life.extra_hazard += s.params.escalation;
            // Memoryless: redraw the countdown with the new hazard.
            life.hazard_phase = None;
        }
        if model.material_breach {
            for &d in &model.deciders {
                if model.side[d] != side && s.notice_at[d].is_none() {
                    let at = t + s.notice[d];
                    s.notice_at[d] = Some(at);
                    s.breach[d] = true;
                    if s.result.first_notice.is_none() {
                        s.result.first_notice = Some((d, t));
                    }
                    emit!(
                        tr,
                        t,
                        Event::BreachNotice {
                            who: d,
                            against: side,
                            effective: at,
                        }
                    );
                }
            }
        }
    }
}

/// Each deciding party without notice running decides whether to give notice now.
pub(super) fn give_notice<T: Tracer>(model: &Model, s: &mut Scratch, t: u32, tr: &mut T) {
    for &i in &model.deciders {
        // Written so that a NaN temptation never gives notice.
        let tempted = s.theta[i] > s.threshold[i];
        if s.notice_at[i].is_some() || !tempted {
            continue;
        }
        let at = t + s.notice[i];
        s.notice_at[i] = Some(at);
        if s.result.first_notice.is_none() {
            s.result.first_notice = Some((i, t));
        }
        emit!(
            tr,
            t,
            Event::Notice {
                who: i,
                theta: s.theta[i],
                threshold: s.threshold[i],
                effective: at,
            }
        );
    }
}

/// Exits whose notice has run out take effect at the end of round `t`. The earliest
/// notice leads (ties by actor order); everyone whose exit is due now leaves and
/// pays; dependants leave with their principal at no cost.
pub(super) fn exits_take_effect<T: Tracer>(
    model: &Model,
    s: &mut Scratch,
    life: &mut Life,
    since: u32,
    t: u32,
    tr: &mut T,
) {
    let mut leader: Option<(u32, usize)> = None;
    for &i in &model.deciders {
        if let Some(at) = s.notice_at[i]
            && at == t
        {
            let given = at - s.notice[i];
            if leader.is_none_or(|(g, _)| given < g) {
                leader = Some((given, i));
            }
        }
    }
    let Some((_, who)) = leader else {
        return;
    };
    for &i in &model.deciders {
        if s.notice_at[i] == Some(t) {
            // Leaving over a material breach costs neither the exit cost nor credibility.
            let cost = if s.breach[i] {
                0.0
            } else {
                s.params.actors[i].exit_cost
            };
            s.result.payoff[i] -= s.disc[i] * cost;
            if !s.breach[i] {
                s.credibility[i] = (s.credibility[i] - s.params.exit_loss).max(0.0);
            }
            s.outside[i] = true;
            emit!(
                tr,
                t,
                Event::WithdrawalTakesEffect {
                    who: i,
                    exit_cost: cost,
                }
            );
        }
    }
    if life.first_spell_open {
        s.result.spell = Some((t - since + 1, SpellEnd::Withdrawal));
        s.result.false_alarm_spiral = life.first_seen_false == Some(true);
        life.first_spell_open = false;
    }
    life.last_leaver = Some(who);
    s.notice_at.fill(None);
    s.breach.fill(false);
    life.state = State::NoDeal {
        after_exit: true,
        reopen: model.renegotiate_after.map(|c| t + 1 + c),
    };
}

/// Every actor's temptation process moves one round on (outside a treaty, after the
/// run's first one).
pub(super) fn move_temptations<R: Rng + ?Sized>(model: &Model, s: &mut Scratch, rng: &mut R) {
    for i in 0..model.n {
        s.theta[i] = step_shock(&s.params.actors[i].shock, s.theta[i], false, rng);
    }
}

/// Set up the treaty's first round in force: fresh strategies, each actor's flow
/// in force and its exit threshold for the terms in `s.terms`.
pub(super) fn enter_into_force(model: &Model, s: &mut Scratch) {
    apply_form(model, s);
    for i in 0..model.n {
        let a = &s.params.actors[i];
        let u = model.utility(i, &s.terms);
        s.stay[i] = model.value(i, a, u);
        s.players[i].reset();
        s.notice_at[i] = None;
        s.breach[i] = false;
        s.outside[i] = false;
        s.deter[i] = if model.deterrence[i] {
            deterrence_threshold(model, &s.params, &s.notice, i, s.stay[i])
        } else {
            f64::INFINITY
        };
        s.threshold[i] = if !model.decides[i] {
            f64::INFINITY
        } else {
            exit_threshold(model, &s.params, &s.notice, i, s.stay[i], u)
        };
    }
}

/// The terms in force changed (revised after a shift of power): each actor's flow in
/// force and exit threshold follow; strategies and notices run on.
pub(super) fn terms_change(model: &Model, s: &mut Scratch) {
    apply_form(model, s);
    for i in 0..model.n {
        let a = &s.params.actors[i];
        let u = model.utility(i, &s.terms);
        s.stay[i] = model.value(i, a, u);
        if model.decides[i] {
            s.threshold[i] = exit_threshold(model, &s.params, &s.notice, i, s.stay[i], u);
        }
    }
}

/// A form issue's agreed value scales every actor's exit cost and notice period.
pub(super) fn apply_form(model: &Model, s: &mut Scratch) {
    if model.form_issue.is_none() {
        return;
    }
    let f = model.form_share(&s.terms);
    for i in 0..model.n {
        s.params.actors[i].exit_cost = f * s.exit_cost_base[i];
        s.notice[i] = (f * f64::from(model.notice[i])).round() as u32;
    }
}

/// The temptation above which `deterrence` party `i` violates a treaty paying it
/// `stay`: the chance a violation is seen (beyond a false alarm's) times the
/// discounted cost of what then follows (see `strategy::deterrence`).
pub(super) fn deterrence_threshold(
    model: &Model,
    p: &RunParams,
    notice: &[u32],
    i: usize,
    stay: f64,
) -> f64 {
    let a = &p.actors[i];
    let d = a.discount;
    let answered = model.decides[i] || model.principal_answers;
    let nd = model.deciders.len();
    let others = if answered { nd - 1 } else { nd };
    let mut retaliation = 0.0;
    let mut breach_notice: Option<u32> = None;
    for &j in &model.deciders {
        if answered && model.side[j] == model.side[i] || j == i {
            continue;
        }
        if others > 0 {
            retaliation += -a.betrayal / others as f64
                * crate::strategy::deterrence::discounted(&model.retaliation[j], d);
        }
        if model.material_breach && answered {
            let n = notice[j];
            breach_notice = Some(breach_notice.map_or(n, |m| m.min(n)));
        }
    }
    let pun = crate::strategy::deterrence::Punishment {
        retaliation,
        suspension: if answered { model.suspension } else { 0 },
        escalation: if answered { p.escalation } else { 0.0 },
        breach_notice,
    };
    let stakes = crate::strategy::deterrence::Stakes {
        stay,
        no_deal: a.no_deal,
        conflict: a.conflict,
        delta: d,
        hazard: p.hazard[Phase::InForce as usize],
    };
    let seen = (1.0 - p.missed - p.false_alarm).max(0.0);
    seen * crate::strategy::deterrence::cost(&pun, &stakes)
}

/// What a war that party `i`'s seen violation would provoke costs it, weighed by the
/// chance the violation is seen: with crisis talks another decider goes to war in
/// force when war pays it more than the treaty is worth at the credibility it sees
/// (see `run`'s power step). If the credibility `i`'s side would lose tips a decider
/// of another side to war next round (after a round's recovery, as the engine
/// does), and nothing would without the violation, the cost is δ(F(h) − K) (see
/// `strategy::deterrence`); otherwise 0.
pub(super) fn provoked_war(model: &Model, s: &mut Scratch, i: usize, t: u32) -> f64 {
    let loss = s.params.violation_loss;
    if model.protocol != Protocol::Crisis
        || loss <= 0.0
        || !(model.decides[i] || model.principal_answers)
    {
        return 0.0;
    }
    let side = model.side[i];
    let now = s.credibility[side];
    let (cap, rec) = (s.params.actors[side].credibility, s.params.recovery);
    let recover = |c: f64| (c + rec).min(cap);
    let (kept, lost) = (recover(now), recover((now - loss).max(0.0)));
    s.credibility[side] = kept;
    let anyway = fights(model, s, side, t);
    s.credibility[side] = lost;
    let provoked = !anyway && fights(model, s, side, t);
    s.credibility[side] = now;
    if !provoked {
        return 0.0;
    }
    let a = &s.params.actors[i];
    let stakes = crate::strategy::deterrence::Stakes {
        stay: s.stay[i],
        no_deal: a.no_deal,
        conflict: a.conflict,
        delta: a.discount,
        hazard: s.params.hazard[Phase::InForce as usize],
    };
    let seen = (1.0 - s.params.missed - s.params.false_alarm).max(0.0);
    seen * crate::strategy::deterrence::provoked_war_cost(&stakes)
}

/// Whether a decider of a side other than `side` would choose war in force next
/// round at the credibility in `s` (the test of `run`'s power step).
fn fights(model: &Model, s: &Scratch, side: usize, t: u32) -> bool {
    let round = Round {
        model,
        params: &s.params,
        cred: &s.credibility,
        k: 1,
        t,
    };
    model.deciders.iter().any(|&j| {
        model.side[j] != side && crisis::prefers_war_in_force(&round, &s.talks, j, &s.terms)
    })
}

/// Actor `i`'s exit threshold for a treaty paying it `stay` (utility `u` of terms).
pub(super) fn exit_threshold(
    model: &Model,
    p: &RunParams,
    notice: &[u32],
    i: usize,
    stay: f64,
    u: f64,
) -> f64 {
    let a = &p.actors[i];
    match model.exit[i] {
        ExitKind::Never => f64::INFINITY,
        ExitKind::Threshold => a.level,
        ExitKind::Myopic => myopic_threshold(a, stay),
        ExitKind::Optimal => model.optimal_threshold(i, p, u, notice[i]),
    }
}

/// Advance a temptation process by one round. `first` starts it afresh (the first
/// round in force of the run's first treaty).
#[inline]
pub(super) fn step_shock<R: Rng + ?Sized>(
    shock: &Shock,
    prev: f64,
    first: bool,
    rng: &mut R,
) -> f64 {
    match *shock {
        Shock::Iid { mean, sd } => {
            if sd > 0.0 {
                mean + sd * rng.sample::<f64, _>(StandardNormal)
            } else {
                mean
            }
        }
        Shock::RandomWalk {
            start,
            drift,
            volatility,
        } => {
            let base = if first { start } else { prev };
            let z = if volatility > 0.0 {
                rng.sample::<f64, _>(StandardNormal)
            } else {
                0.0
            };
            base + drift + volatility * z
        }
        Shock::Ar1 {
            mean,
            phi,
            sd,
            start,
        } => {
            let base = if first { start } else { prev };
            let z = if sd > 0.0 {
                rng.sample::<f64, _>(StandardNormal)
            } else {
                0.0
            };
            mean + phi * (base - mean) + sd * z
        }
    }
}

/// Monitoring: each party's move is read once, publicly, through its error rates (a
/// compliance is read as a violation with probability `false_alarm`, a violation
/// goes unnoticed with probability `missed`), independently across parties.
#[inline]
pub(super) fn read_moves<R: Rng + ?Sized>(s: &mut Scratch, noisy: bool, rng: &mut R) {
    let (fa, missed) = (s.params.false_alarm, s.params.missed);
    for (seen, m) in s.seen.iter_mut().zip(&s.moves) {
        *seen = match (m, noisy) {
            (Move::D, false) => true,
            (Move::C, false) => false,
            (Move::D, true) => missed < 1.0 && (missed <= 0.0 || rng.random::<f64>() >= missed),
            (Move::C, true) => fa > 0.0 && (fa >= 1.0 || rng.random::<f64>() < fa),
        };
    }
}

/// Each actor records the round: its own move and "the other" as the aggregate
/// "some other party was seen violating". So P(no violation seen) = (1 −
/// false_alarm)^(others complying) · missed^(others violating).
#[inline]
pub(super) fn observe_all(players: &mut [Player], moves: &[Move], seen: &[bool]) {
    let total = seen.iter().filter(|&&x| x).count();
    for i in 0..players.len() {
        let others = total - usize::from(seen[i]);
        players[i].observe(moves[i], if others > 0 { Move::D } else { Move::C });
    }
}
