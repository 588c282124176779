//! `analyze` for crisis-bargaining scenarios: who wins a war and with what
//! probability, what war is worth to each side, Fearon's bargaining range, and the
//! risk–return optimum of a take-it-or-leave-it demand against a private war cost.
//! The numbers use the same definitions as the engine's crisis protocol
//! (`negotiation::crisis`), at typical values of uncertain parameters.

use crate::negotiation::utility;
use crate::scenario::{DistKind, Param, Scenario, TalksProtocol};
use crate::theory::bargaining::{RiskReturn, risk_return};
use std::fmt::Write;

/// The closed forms for a bilateral crisis over one issue, where they apply.
#[derive(Debug, Clone, PartialEq)]
pub struct CrisisAnalysis {
    /// Proposer side (index of the actor) and the other side.
    pub a: usize,
    pub b: usize,
    /// A's probability of winning a war.
    pub p: f64,
    /// Each side's war flow per round.
    pub war_a: f64,
    pub war_b: f64,
    /// A's utility of the terms at the ends of the bargaining range (typical costs).
    pub range: (f64, f64),
    /// The risk–return optimum when B's war cost is private and uniform.
    pub risk_return: Option<RiskReturn>,
}

/// Analyse a crisis scenario: two deciding sides, one issue, opposite ideals.
pub fn analyze(s: &Scenario) -> Option<CrisisAnalysis> {
    if s.talks.protocol != TalksProtocol::Crisis || s.issues.len() != 1 || s.status_quo().is_some()
    {
        return None;
    }
    let deciders = s.deciders();
    if deciders.len() != 2 {
        return None;
    }
    let first = s.talks.proposers.first().map(|&i| s.decider_for(i))?;
    let (a, b) = if first == deciders[0] {
        (deciders[0], deciders[1])
    } else {
        (deciders[1], deciders[0])
    };
    let iss = &s.issues[0];
    let (lo, hi) = ([iss.low], [iss.high]);
    let u = |who: usize, at: usize| {
        let x = &s.actors[who];
        utility(&s.actors[at].ideal, &x.ideal, &x.salience, &lo, &hi)
    };
    // Opposite ends: the two ideals split the issue, so U_a + U_b = 1 between them.
    if (u(a, b) - 0.0).abs() > 1e-12 || (u(b, a) - 0.0).abs() > 1e-12 {
        return None;
    }
    let side_cap = |d: usize| -> f64 {
        (0..s.actors.len())
            .filter(|&i| s.decider_for(i) == d)
            .map(|i| s.actors[i].war.capability.typical())
            .sum()
    };
    let p = side_cap(a) / (side_cap(a) + side_cap(b));
    let war_flow = |i: usize, win: f64| {
        let x = &s.actors[i];
        let pay = &x.payoffs;
        match &x.war.cost {
            Some(c) => pay.no_deal.typical() + pay.gain.typical() * win - c.typical(),
            None => (1.0 - x.discount.typical()) * pay.conflict.typical(),
        }
    };
    let (war_a, war_b) = (war_flow(a, p), war_flow(b, 1.0 - p));
    let (ga, gb) = (
        s.actors[a].payoffs.gain.typical(),
        s.actors[b].payoffs.gain.typical(),
    );
    let (ba, bb) = (
        s.actors[a].payoffs.no_deal.typical(),
        s.actors[b].payoffs.no_deal.typical(),
    );
    // Each discounts the other's signature by the other's credibility.
    let (sa, sb) = (
        s.actors[b].credibility.typical() * ga,
        s.actors[a].credibility.typical() * gb,
    );
    let range = ((war_a - ba) / sa, 1.0 - (war_b - bb) / sb);
    let risk_return = match (&s.actors[b].war.cost, s.actors[b].war.private_cost) {
        (Some(Param::Dist(d)), true) => match d.kind {
            DistKind::Uniform { low, high } => {
                // B accepts iff its cost c ≥ g_b(1 − p) − s_b(1 − x).
                let t0 = gb * (1.0 - p) - sb;
                Some(risk_return(t0, sb, low, high, ba, sa, war_a))
            }
            _ => None,
        },
        _ => None,
    };
    Some(CrisisAnalysis {
        a,
        b,
        p,
        war_a,
        war_b,
        range,
        risk_return,
    })
}

/// The analysis in words, for `detente analyze`.
pub fn render(s: &Scenario, c: &CrisisAnalysis) -> String {
    let (na, nb) = (&s.actors[c.a].name, &s.actors[c.b].name);
    let mut o = String::new();
    let _ = writeln!(o, "Crisis bargaining ({na} proposes first)");
    let _ = writeln!(
        o,
        "  Power: {na}'s side wins a war with probability p = {:.4} (its capability's share)",
        c.p
    );
    let _ = writeln!(
        o,
        "  War pays per round: {na} {:.4}, {nb} {:.4}",
        c.war_a, c.war_b
    );
    let (lo, hi) = c.range;
    if lo <= hi {
        let _ = writeln!(
            o,
            "  Bargaining range: terms worth {lo:.4} to {hi:.4} to {na} beat war for both sides (typical war costs)"
        );
    } else {
        let _ = writeln!(
            o,
            "  No bargaining range at typical war costs: {na} needs at least {lo:.4}, {nb} concedes at most {hi:.4}"
        );
    }
    if let Some(r) = c.risk_return {
        let _ = writeln!(
            o,
            "  Risk–return: {nb}'s war cost is private. {na}'s best take-it-or-leave-it demand is worth {:.4} to it;\n    it is rejected, and {nb} goes to war, with probability {:.4}; {na}'s expected flow is {:.4} a round",
            r.demand, r.p_war, r.eu
        );
    }
    o
}
