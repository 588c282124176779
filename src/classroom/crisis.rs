//! `analyze` for crisis-bargaining scenarios: who wins a war and with what
//! probability, what war is worth to each side, Fearon's bargaining range, and the
//! risk–return optimum of a take-it-or-leave-it demand against a private war cost.
//! The numbers use the same definitions as the engine's crisis protocol
//! (`negotiation::crisis`), at typical values of uncertain parameters. `render` puts
//! them in words; `report` is the same numbers for `analyze --json`.

use crate::negotiation::utility;
use crate::scenario::{DistKind, Param, Scenario, TalksProtocol};
use crate::theory::bargaining::{CommitmentProblem, RiskReturn, commitment_problem, risk_return};
use serde::Serialize;
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
    /// The commitment problem, when power shifts by the calendar (`[power]`) and
    /// the side that loses from the shift makes a take-it-or-leave-it offer over a
    /// stake worth 1 a round (gains 1, no deal 0, full credibility): the rising
    /// side's index and the solution.
    pub commitment: Option<(usize, CommitmentProblem)>,
    /// Public commitments: (actor, its audience cost a, the least a that makes its
    /// threat to fight credible: max(0, (no-deal flow − war flow)/(1 − δ))).
    pub audience: Vec<(usize, f64, f64)>,
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
    let risk_return = match (&s.actors[b].war.cost, s.actors[b].war.private_cost()) {
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
    let commitment = commitment(s, a, b, &side_cap);
    let audience = [a, b]
        .into_iter()
        .filter_map(|i| {
            let c = s.actors[i].war.commitment?;
            let w = if i == a { war_a } else { war_b };
            let x = &s.actors[i];
            let min = ((x.payoffs.no_deal.typical() - w) / (1.0 - x.discount.typical())).max(0.0);
            Some((i, c.audience_cost, min))
        })
        .collect();
    Some(CrisisAnalysis {
        a,
        b,
        p,
        war_a,
        war_b,
        range,
        risk_return,
        commitment,
        audience,
    })
}

/// Powell's commitment problem for a calendar shift of power, where its closed form
/// applies: the first proposer `a` is the side that loses from the shift, one offer
/// (deadline 1), a stake worth 1 a round, derived war values.
fn commitment(
    s: &Scenario,
    a: usize,
    b: usize,
    side_cap: &dyn Fn(usize) -> f64,
) -> Option<(usize, CommitmentProblem)> {
    let power = s.talks.power.as_ref()?;
    if s.talks.deadline != Some(1) {
        return None;
    }
    let plain = |i: usize| {
        let x = &s.actors[i];
        x.payoffs.gain.typical() == 1.0
            && x.payoffs.no_deal.typical() == 0.0
            && x.credibility.typical() == 1.0
            && x.war.cost.is_some()
    };
    if !plain(a) || !plain(b) || s.actors[a].discount != s.actors[b].discount {
        return None;
    }
    let later = |d: usize| -> f64 {
        (0..s.actors.len())
            .filter(|&i| s.decider_for(i) == d)
            .map(|i| power.capability[i].unwrap_or(s.actors[i].war.capability.typical()))
            .sum()
    };
    let p = side_cap(b) / (side_cap(a) + side_cap(b));
    let p2 = later(b) / (later(a) + later(b));
    if p2 <= p {
        return None;
    }
    let cost = |i: usize| s.actors[i].war.cost.as_ref().map_or(0.0, |c| c.typical());
    // Talks in round 1, the treaty in force from round 2: the shift comes l rounds
    // after the treaty's first round.
    let l = power.after.saturating_sub(2);
    let delta = s.actors[a].discount.typical();
    Some((b, commitment_problem(p, p2, delta, cost(a), cost(b), l)))
}

/// The crisis analysis as `analyze --json` writes it (its member `crisis`): A is the
/// side that proposes first, B the other, each named by its deciding actor's id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrisisReport {
    pub proposer: String,
    pub responder: String,
    /// The probability that A's side wins a war (its capability's share).
    pub p_win: f64,
    /// What war pays A and B per round.
    pub war_proposer: f64,
    pub war_responder: f64,
    /// Fearon's bargaining range at typical war costs, as A's utility of the terms
    /// `[low, high]`: terms in it beat war for both sides. `range_exists` is false when
    /// low > high (A needs more than B would concede).
    pub range: [f64; 2],
    pub range_exists: bool,
    /// When B's war cost is private and uniform: A's best take-it-or-leave-it demand
    /// (its utility of the terms), the probability that B rejects it and goes to war,
    /// and A's expected flow per round.
    pub risk_return: Option<RiskReturnReport>,
    /// When power shifts by the calendar: the commitment problem.
    pub commitment: Option<CommitmentReport>,
    /// Public commitments and whether each makes its side's threat credible.
    pub audience: Vec<AudienceReport>,
}

/// See [`CrisisReport::risk_return`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RiskReturnReport {
    pub demand: f64,
    pub p_war: f64,
    pub expected_flow: f64,
}

/// See [`CrisisReport::commitment`]: the rising side (actor id), its share today
/// (`offer`), what the best peace and war now are worth a round to the declining
/// side, Powell's condition with the shift one round away (`lhs` against `rhs`), and
/// whether the declining side prefers war now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommitmentReport {
    pub rising: String,
    pub offer: f64,
    pub peace: f64,
    pub war: f64,
    pub lhs: f64,
    pub rhs: f64,
    pub war_now: bool,
}

/// See [`CrisisReport::audience`]: the actor (id), its audience cost, the least cost
/// that makes its threat to fight credible, and whether it does.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AudienceReport {
    pub actor: String,
    pub audience_cost: f64,
    pub credible_from: f64,
    pub credible: bool,
}

/// The same numbers [`render`] prints, as data for the JSON.
pub fn report(s: &Scenario, c: &CrisisAnalysis) -> CrisisReport {
    CrisisReport {
        proposer: s.actors[c.a].id.clone(),
        responder: s.actors[c.b].id.clone(),
        p_win: c.p,
        war_proposer: c.war_a,
        war_responder: c.war_b,
        range: [c.range.0, c.range.1],
        range_exists: c.range.0 <= c.range.1,
        risk_return: c.risk_return.map(|r| RiskReturnReport {
            demand: r.demand,
            p_war: r.p_war,
            expected_flow: r.eu,
        }),
        commitment: c.commitment.as_ref().map(|(rising, k)| CommitmentReport {
            rising: s.actors[*rising].id.clone(),
            offer: k.offer,
            peace: k.peace,
            war: k.war,
            lhs: k.lhs,
            rhs: k.rhs,
            war_now: k.war_now,
        }),
        audience: c
            .audience
            .iter()
            .map(|&(i, a, min)| AudienceReport {
                actor: s.actors[i].id.clone(),
                audience_cost: a,
                credible_from: min,
                credible: a > min,
            })
            .collect(),
    }
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
            "  Bargaining range: terms worth {lo:.4} to {hi:.4} to {na}\n    beat war for both sides (typical war costs)"
        );
    } else {
        let _ = writeln!(
            o,
            "  No bargaining range at typical war costs: {na} needs at least {lo:.4},\n    {nb} concedes at most {hi:.4}"
        );
    }
    if let Some(r) = c.risk_return {
        let _ = writeln!(
            o,
            "  Risk–return: {nb}'s war cost is private. {na}'s best take-it-or-leave-it demand is worth {:.4} to it;\n    it is rejected, and {nb} goes to war, with probability {:.4}; {na}'s expected flow is {:.4} a round",
            r.demand, r.p_war, r.eu
        );
    }
    if let Some((rising, c)) = &c.commitment {
        let nr = &s.actors[*rising].name;
        let _ = writeln!(
            o,
            "  Commitment problem: power shifts to {nr}.\n    The best peace for {na} is worth {:.4} a round ({nr} gets {:.4} now,\n    then its war value); war now {:.4} a round: {}",
            c.peace,
            c.offer,
            c.war,
            if c.war_now { "war" } else { "peace" }
        );
        let _ = writeln!(
            o,
            "    With the shift one round away: (δp′ − p)/(1 − δ) = {:.4} against c_S + δc_R = {:.4}\n    (one-time war costs c = w/(1 − δ)): war iff the first is larger",
            c.lhs, c.rhs
        );
    }
    for (i, a, min) in &c.audience {
        let n = &s.actors[*i].name;
        let _ = writeln!(
            o,
            "  Audience cost: backing down from its public commitment costs {n} {a:.4}; its threat to\n    fight is credible iff that exceeds {min:.4}: {}",
            if a > min { "credible" } else { "not credible" }
        );
    }
    o
}

/// Whether the closed forms of [`analyze`] describe everything that matters in the
/// talks: no ratifier, and a power shift only where its condition was computed.
pub fn closed_forms_cover(s: &Scenario, c: &CrisisReport) -> bool {
    let shift = s.shifts_power();
    let private = |a: &crate::scenario::Actor| a.war.private.is_some() && !a.war.private_cost();
    s.actors
        .iter()
        .all(|a| a.war.ratification.is_none() && !private(a))
        && (!shift || c.commitment.is_some())
}

/// For a crisis scenario the closed forms above do not cover (several issues, a
/// status quo, ratifiers, power shifts): the engine's own numbers before the talks
/// start, at typical values, as [`OutlookReport`]. `None` for other protocols.
pub fn outlook(s: &Scenario) -> Option<OutlookReport> {
    let model = crate::model::Model::compile(s);
    let o = crate::negotiation::crisis::outlook(&model)?;
    let deciders = s.deciders();
    Some(OutlookReport {
        proposer: s.actors[o.proposer].id.clone(),
        sides: deciders
            .iter()
            .map(|&d| SideReport {
                actor: s.actors[d].id.clone(),
                p_win: o.win[d],
                war: o.war_flow[d],
                no_deal: o.no_deal[d],
            })
            .collect(),
        range: o.range.map(|(a, b)| [a, b]),
        range_without_ratification: o.without_ratification.map(|(a, b)| [a, b]),
        range_without_shift: o.without_shift.map(|(a, b)| [a, b]),
        best_offer: o.best_tau,
        best_terms: s
            .issues
            .iter()
            .zip(&o.best_terms)
            .map(|(iss, &x)| (iss.id.clone(), x))
            .collect(),
        p_accept: o.p_accept,
        expected_flow: o.expected_flow,
        shift: o.shift.map(|sh| ShiftReport {
            after: sh.after,
            sides: deciders
                .iter()
                .map(|&d| ShiftSide {
                    actor: s.actors[d].id.clone(),
                    p_win: sh.win[d],
                    war: sh.war_flow[d],
                    terms: sh.terms_flow[d],
                })
                .collect(),
            revisers: sh
                .revisers
                .iter()
                .map(|&d| s.actors[d].id.clone())
                .collect(),
        }),
    })
}

/// See [`OutlookReport::shift`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftReport {
    /// The round from which power has shifted.
    pub after: u32,
    /// Each deciding side once power has shifted: its chance to win a war, war's
    /// flow and the best offer's flow to its head per round.
    pub sides: Vec<ShiftSide>,
    /// The deciders who would then prefer war to the terms (and press for their
    /// revision): empty when the shift poses no commitment problem at these terms.
    pub revisers: Vec<String>,
}

/// See [`ShiftReport::sides`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ShiftSide {
    pub actor: String,
    pub p_win: f64,
    pub war: f64,
    pub terms: f64,
}

/// See [`outlook`]; `analyze --json` writes it as `crisis_outlook`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutlookReport {
    /// The first proposer (actor id).
    pub proposer: String,
    /// Each deciding side: its chance to win a war, and war's and no deal's flows to
    /// its head per round.
    pub sides: Vec<SideReport>,
    /// The bargaining range as the proposer's utility of its own offers: offers on
    /// its concession path between these utilities are accepted by every responder
    /// (with typical numbers), ratified, and beat war for the proposer. `null`: none.
    pub range: Option<[f64; 2]>,
    /// The range were no ratification needed (only when ratification empties it).
    pub range_without_ratification: Option<[f64; 2]>,
    /// The range were power not to shift (only when the shift empties it).
    pub range_without_shift: Option<[f64; 2]>,
    /// The proposer's best first offer against its beliefs (the risk–return
    /// optimum): its utility, the terms per issue, the probability it is accepted,
    /// the proposer's expected flow per round.
    pub best_offer: f64,
    pub best_terms: Vec<(String, f64)>,
    pub p_accept: f64,
    pub expected_flow: f64,
    /// A power shift at the best offer's terms, and whether any side would then
    /// prefer war to them (`null`: no shift, or none at these terms).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shift: Option<ShiftReport>,
}

/// See [`OutlookReport::sides`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideReport {
    pub actor: String,
    pub p_win: f64,
    pub war: f64,
    pub no_deal: f64,
}

/// [`OutlookReport`] in words, for `detente analyze` (lines wrapped at 100 columns).
pub fn render_outlook(s: &Scenario, o: &OutlookReport) -> String {
    let name = |id: &str| {
        s.actors
            .iter()
            .find(|a| a.id == id)
            .map_or(id.to_string(), |a| a.name.clone())
    };
    let round = &s.meta.round;
    let np = name(&o.proposer);
    let mut t = String::new();
    let _ = writeln!(
        t,
        "Crisis bargaining ({np} proposes first; the engine's numbers at typical values)"
    );
    for side in &o.sides {
        let _ = writeln!(
            t,
            "  {}: its side wins a war with probability {:.3}; war pays it {:.3} a {round}, no deal {:.3}",
            name(&side.actor),
            side.p_win,
            side.war,
            side.no_deal
        );
    }
    let range = |r: [f64; 2]| format!("worth {:.3} to {:.3} to {np}", r[0], r[1]);
    match o.range {
        Some(r) => {
            let _ = writeln!(
                t,
                "  Bargaining range: {np}'s offers {} beat war for both sides and no deal for the responder, and would be ratified",
                range(r)
            );
        }
        None => {
            let why = match (o.range_without_ratification, o.range_without_shift) {
                (Some(r), _) => format!(
                    "ratification empties it (without ratifiers, {np}'s offers {} would do)",
                    range(r)
                ),
                (None, Some(r)) => format!(
                    "the power shift empties it, a commitment problem (without it, {np}'s offers {} would do)",
                    range(r)
                ),
                (None, None) => format!("none of {np}'s offers beats war for both sides"),
            };
            let _ = writeln!(t, "  No bargaining range at typical values: {why}");
        }
    }
    let terms: Vec<String> = o
        .best_terms
        .iter()
        .map(|(id, x)| format!("{id} = {x:.3}"))
        .collect();
    let war = o
        .sides
        .iter()
        .find(|x| x.actor == o.proposer)
        .map_or(f64::NAN, |x| x.war);
    if o.p_accept == 0.0 {
        let _ = writeln!(
            t,
            "  Risk–return: no offer of {np}'s can be accepted, so talks can only end in war or no deal (war pays it {war:.3} a {round})"
        );
    } else {
        let verdict = if o.expected_flow < war {
            "less than war's"
        } else {
            "against war's"
        };
        let _ = writeln!(
            t,
            "  Risk–return: {np}'s best first offer against its beliefs ({}) is worth {:.3} to it, is accepted with probability {:.3} and pays it {:.3} a {round} in expectation, {verdict} {war:.3}",
            terms.join(", "),
            o.best_offer,
            o.p_accept,
            o.expected_flow,
        );
    }
    if let Some(sh) = &o.shift {
        shift_lines(&mut t, s, sh, &name);
    }
    crate::classroom::analyze::render::wrap_long(&t, 100)
}

/// The power shift at the best offer's terms, in words: each side's chance and
/// war's flow against the terms' once power has shifted, and the verdict.
fn shift_lines(t: &mut String, s: &Scenario, sh: &ShiftReport, name: &dyn Fn(&str) -> String) {
    let round = &s.meta.round;
    let sides: Vec<String> = sh
        .sides
        .iter()
        .map(|x| {
            format!(
                "{}'s side wins with probability {:.3}, war pays it {:.3} a {round} against {:.3} from the terms",
                name(&x.actor),
                x.p_win,
                x.war,
                x.terms
            )
        })
        .collect();
    let verdict = if sh.revisers.is_empty() {
        "no side would then prefer war to the terms, so the shift poses no commitment problem at these terms".to_string()
    } else {
        let who: Vec<String> = sh.revisers.iter().map(|a| name(a)).collect();
        format!(
            "{} would then prefer war to the terms and press to revise them, which the side that loses from the shift may fight now to prevent (a commitment problem)",
            who.join(" and ")
        )
    };
    let _ = writeln!(
        t,
        "  Power shift from {round} {} at those terms: {}; {verdict}",
        sh.after,
        sides.join("; ")
    );
}
