//! Reputation that matters, and renegotiation from the state of the world: the
//! credibility a leaver loses changes what the others accept and demand when talks
//! reopen (alternating offers and crisis bargaining, with the closed forms of the
//! reservation utility and of Fearon's risk–return demand), and a renegotiated
//! treaty inherits the temptation process, the credibility and the beliefs where
//! the last one left them. Tolerances come from the standard errors stated beside
//! them.

use super::engine::bilateral;
use detente::engine::run::{Outcome, Scratch, simulate};
use detente::engine::{key_for, rng_for};
use detente::model::Model;
use detente::scenario::*;
use detente::story::{Event, StoryTrace};
use detente::theory::bargaining::risk_return;

/// What one run's story says about its treaties: the terms of each agreement, in
/// order, the demands tabled (crisis talks), and the withdrawals.
#[derive(Debug, Default)]
struct Story {
    agreed: Vec<(u32, f64)>,
    offers: Vec<f64>,
    withdrawals: u32,
    notice_theta: Vec<f64>,
    outcome: Option<Outcome>,
}

fn stories(s: &Scenario, seed: u64, runs: u64) -> Vec<Story> {
    let m = Model::compile(s);
    let mut scratch = Scratch::new(&m);
    let key = key_for(seed);
    (0..runs)
        .map(|k| {
            let mut rng = rng_for(&key, k);
            let mut tr = StoryTrace::default();
            simulate(&m, &mut scratch, &mut rng, &mut tr);
            let mut st = Story {
                outcome: Some(scratch.result.outcome),
                ..Story::default()
            };
            for (t, e) in tr.events {
                match e {
                    Event::Agreement { terms } => st.agreed.push((t, terms[0])),
                    Event::Offer { terms, .. } => st.offers.push(terms[0]),
                    Event::WithdrawalTakesEffect { .. } => st.withdrawals += 1,
                    Event::Notice { theta, .. } => st.notice_theta.push(theta),
                    _ => {}
                }
            }
            st
        })
        .collect()
}

/// A leaves its first treaty at once and never again: its temptation is a random walk
/// from 1 falling by 0.1 a round (no noise) and it leaves above 0.85, so θ = 0.9 in
/// the treaty's first round sends it out, and the process, carried on, stays below
/// the level ever after. Its exit costs it `loss` of credibility (no recovery). Talks
/// (alternating offers, deadline 10) reopen one round after the exit; failed talks
/// never reopen. A (ideal 1) needs nothing (reservation 0); B (ideal 0) gains 0.5 a
/// round while talks last, so it needs U_B ≥ r_B = 0.5 / (c_A · g_B), its gain
/// g_B ~ U(0.5, 1.5) drawn per run, c_A A's credibility. B tables every offer: its
/// target r_B + (1 − r_B)(1 − τ) falls linearly to r_B at the deadline, and it offers
/// A exactly A's next target once its own has fallen that far, so a higher r_B means a
/// later agreement on terms worse for A (weakly, run by run: the rounds are discrete).
fn leaver(loss: f64) -> Scenario {
    let mut s = bilateral();
    s.meta.horizon = 60;
    s.talks.deadline = Some(10);
    s.talks.proposers = vec![1];
    s.treaty.renegotiate_after = Some(1);
    s.reputation.exit_loss = Param::Fixed(loss);
    let a = &mut s.actors[0];
    a.exit = ExitRule::Threshold {
        level: Param::Fixed(0.85),
    };
    a.payoffs.temptation = Temptation::RandomWalk {
        start: Param::Fixed(1.0),
        drift: Param::Fixed(-0.1),
        volatility: Param::Fixed(0.0),
    };
    let b = &mut s.actors[1];
    b.payoffs.stalling = Param::Fixed(0.5);
    b.payoffs.gain = Param::Dist(Dist {
        kind: DistKind::Uniform {
            low: 0.5,
            high: 1.5,
        },
        min: None,
        max: None,
    });
    s
}

const LOSSES: [f64; 4] = [0.0, 0.2, 0.4, 0.6];

#[test]
fn a_leavers_lost_credibility_makes_renegotiation_rarer_later_and_worse_for_it() {
    let runs = 600u64;
    let all: Vec<Vec<Story>> = LOSSES
        .iter()
        .map(|&l| stories(&leaver(l), 11, runs))
        .collect();
    let mut prev: Option<((f64, f64), (f64, f64))> = None;
    for (li, &l) in LOSSES.iter().enumerate() {
        let st = &all[li];
        // The first treaty is always agreed (r_B ≤ 1 at full credibility) and left.
        assert!(
            st.iter()
                .all(|s| !s.agreed.is_empty() && s.withdrawals >= 1)
        );
        // Talks reopen with c_A = 1 − l: agreement iff r_B ≤ 1, i.e.
        // P = P(g_B ≥ 0.5/(1 − l)) = clamp(1.5 − 0.5/(1 − l), 0, 1). Binomial, 4.5 SE
        // (exact when the share is 1).
        let want = (1.5 - 0.5 / (1.0 - l)).clamp(0.0, 1.0);
        let renegotiated: Vec<&Story> = st.iter().filter(|s| s.agreed.len() == 2).collect();
        let got = renegotiated.len() as f64 / runs as f64;
        let se = (want * (1.0 - want) / runs as f64).sqrt();
        assert!(
            (got - want).abs() <= 4.5 * se + 1e-12,
            "loss {l}: renegotiated in {got}, want {want} ± {se}"
        );
        // A renegotiated treaty is never left: the temptation was not reset.
        for s in &renegotiated {
            assert_eq!(s.withdrawals, 1, "loss {l}");
            assert_eq!(s.outcome, Some(Outcome::InForce));
        }
        // Terms (A's utility: the agreed value) and the talks' length after reopening.
        let x: Vec<f64> = renegotiated.iter().map(|s| s.agreed[1].1).collect();
        let (mx, sx) = mean_se(&x);
        let len: Vec<f64> = renegotiated
            .iter()
            .map(|s| f64::from(s.agreed[1].0 - s.agreed[0].0))
            .collect();
        let (ml, sl) = mean_se(&len);
        if let Some(((px, psx), (pl, psl))) = prev {
            // Lower credibility: B asks for more, so A gets less and the talks last
            // longer. 4 SE of the difference, taken as if the samples were independent:
            // they share g_B run by run (same seed), which makes the two estimates move
            // together, so the true SE of the difference is smaller.
            let (se_x, se_l) = (psx.hypot(sx), psl.hypot(sl));
            assert!(
                mx + 4.0 * se_x < px,
                "loss {l}: terms {mx} vs {px} ± {se_x}"
            );
            assert!(
                ml > pl + 4.0 * se_l,
                "loss {l}: length {ml} vs {pl} ± {se_l}"
            );
        }
        prev = Some(((mx, sx), (ml, sl)));
        // Run by run (same seed: the same g_B), a larger loss never helps A.
        if li > 0 {
            for (a, b) in all[li - 1].iter().zip(st) {
                if let (Some(&(_, xa)), Some(&(_, xb))) = (a.agreed.get(1), b.agreed.get(1)) {
                    assert!(xb <= xa + 1e-9, "loss {l}: {xb} after {xa}");
                }
            }
        }
    }
}

fn mean_se(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, (v / n).sqrt().max(1e-9))
}

#[test]
fn renegotiated_terms_differ_from_the_first_treatys_only_when_the_world_changed() {
    // Nothing changed (no credibility lost): the same talks give the same terms.
    for s in stories(&leaver(0.0), 5, 200) {
        assert_eq!(s.agreed.len(), 2);
        assert_eq!(s.agreed[0].1, s.agreed[1].1);
    }
    // A lost 0.3 of its credibility: B needs more, so the new terms never give A more,
    // and on average give it less (4 SE of the mean difference).
    let mut diff = vec![];
    for s in stories(&leaver(0.3), 5, 200) {
        if let [(_, first), (_, again)] = s.agreed[..] {
            assert!(again <= first + 1e-12, "{again} vs {first}");
            diff.push(first - again);
        }
    }
    let (m, se) = mean_se(&diff);
    assert!(diff.len() > 100 && m > 4.0 * se, "{m} ± {se}");
}

#[test]
fn renegotiation_does_not_reset_the_temptation_process() {
    // A's random walk gives notice once, at θ = 1 − 0.1 = 0.9; restarted at the new
    // treaty it would read 0.9 again and leave every treaty at once.
    for s in stories(&leaver(0.0), 3, 50) {
        assert_eq!(s.notice_theta, vec![0.9]);
        assert_eq!(s.agreed.len(), 2);
        assert_eq!(s.outcome, Some(Outcome::InForce));
    }
    // An AR(1) process too: A leaves on θ above 0.85 from a start of 1 reverting to 0
    // with φ = 0.9 (θ = 0.9, 0.81, ...): once outside, the process decays, and the
    // renegotiated treaty (its first round's θ ≈ 0.9^4 ≈ 0.66) is kept.
    let mut s = leaver(0.0);
    s.actors[0].payoffs.temptation = Temptation::Ar1 {
        mean: Param::Fixed(0.0),
        phi: Param::Fixed(0.9),
        sd: Param::Fixed(0.0),
        start: Param::Fixed(1.0),
    };
    for s in stories(&s, 3, 20) {
        assert_eq!(s.notice_theta.len(), 1);
        assert!((s.notice_theta[0] - 0.9).abs() < 1e-12);
        assert_eq!(s.withdrawals, 1);
    }
}

/// Fearon's take-it-or-leave-it crisis (scenarios/fearon-risk-return.toml: A wins a
/// war with p = 0.4, its war cost 0.1, B's private cost ~ U[0, 0.5]), repeated: A
/// leaves the treaty at once (the random walk of `leaver`), losing `loss` of its
/// credibility, and demands again one round later.
fn crisis(loss: f64) -> Scenario {
    let bytes = std::fs::read("scenarios/fearon-risk-return.toml").unwrap();
    let mut s = detente::scenario::load("fearon.toml", &bytes, &[])
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .scenario;
    s.meta.horizon = 20;
    s.treaty.notice = 0;
    s.treaty.exit_cost = Param::Fixed(0.0);
    s.treaty.renegotiate_after = Some(1);
    s.reputation.exit_loss = Param::Fixed(loss);
    s.reputation.recovery = Param::Fixed(0.0);
    let l = leaver(0.0);
    s.actors[0].exit = l.actors[0].exit.clone();
    s.actors[0].payoffs.temptation = l.actors[0].payoffs.temptation.clone();
    s
}

#[test]
fn in_crisis_talks_a_less_credible_proposer_demands_less_and_risks_more_war() {
    // B accepts the first demand x = 0.6 iff its cost ≥ t(0.6) = 0.2 (Bayes: A then
    // believes the cost lies in [0.2, 0.5]). With A's credibility c after its exit, B's
    // treaty flow is c(1 − x): it accepts iff cost ≥ t(x) = 0.6 − c(1 − x). A's demand
    // is Fearon's optimum on that belief, and war follows when B's true cost is below
    // t(demand): P(war | renegotiation) = t(demand) − 0.2 over 0.3.
    let runs = 1500u64;
    let mut prev: Option<(f64, f64)> = None;
    for loss in [0.0, 0.2, 0.4] {
        let c = 1.0 - loss;
        let want = risk_return(0.6 - c, c, 0.2, 0.5, 0.0, 1.0, 0.3);
        let st = stories(&crisis(loss), 7, runs);
        let again: Vec<&Story> = st.iter().filter(|s| s.offers.len() == 2).collect();
        // The first demand is Fearon's, 0.6, accepted with probability 0.6.
        for s in &st {
            assert!((s.offers[0] - 0.6).abs() < 1e-6, "{}", s.offers[0]);
        }
        let n = again.len() as f64;
        let p1 = 0.6;
        let se1 = (p1 * (1.0 - p1) / runs as f64).sqrt();
        assert!(
            (n / runs as f64 - p1).abs() < 4.5 * se1,
            "first accepted {n}"
        );
        for s in &again {
            assert!(
                (s.offers[1] - want.demand).abs() < 1e-6,
                "loss {loss}: demand {} vs {}",
                s.offers[1],
                want.demand
            );
        }
        let wars = again.iter().filter(|s| s.agreed.len() == 1).count() as f64;
        let pw = wars / n;
        let se = (want.p_war * (1.0 - want.p_war) / n).sqrt();
        assert!(
            (pw - want.p_war).abs() <= 4.5 * se + 1e-12,
            "loss {loss}: war in {pw}, want {} ± {se}",
            want.p_war
        );
        if let Some((d, p)) = prev {
            assert!(want.demand < d - 0.01 && want.p_war > p + 0.1);
        }
        prev = Some((want.demand, want.p_war));
    }
}
