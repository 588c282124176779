//! Compliance that follows payoffs, and what a detected violation sets off: the
//! `deterrence` rule's threshold and directions, the consequences (suspension,
//! escalation, loss of credibility, material breach, false alarms that unravel a
//! treaty), the escape clause, and principals answering for their dependants. Each
//! statistical check's tolerance comes from the standard error stated beside it.

use super::engine::bilateral;
use detente::engine::aggregate::Aggregate;
use detente::engine::run::{Scratch, simulate};
use detente::engine::{key_for, rng_for, simulate_range};
use detente::model::Model;
use detente::scenario::*;
use detente::story::NoTrace;
use detente::theory::normal::normal_cdf;

fn run(s: &Scenario, seed: u64, runs: u64) -> Aggregate {
    let m = Model::compile(s);
    simulate_range(&m, seed, 0, runs, &Default::default()).0
}

fn strategy(id: &str) -> StrategySpec {
    StrategySpec::of(id.parse().unwrap())
}

/// A treaty agreed in round 1 (equal ideals): actor 0 complies by `deterrence` with an
/// iid N(mu, sd²) temptation, treaty flow 1, no-deal flow 0, discount 0.9, betrayal
/// loss `s`; actor 1 plays `other` and never leaves.
fn deterrent(mu: f64, sd: f64, s: f64, other: &str) -> Scenario {
    let mut sc = bilateral();
    sc.actors[1].ideal = vec![1.0];
    sc.meta.horizon = 50;
    let a = &mut sc.actors[0];
    a.compliance = strategy("deterrence");
    a.discount = Param::Fixed(0.9);
    a.payoffs.temptation = Temptation::Iid {
        mean: Param::Fixed(mu),
        sd: Param::Fixed(sd),
    };
    a.payoffs.betrayal = Param::Fixed(s);
    sc.actors[1].compliance = strategy(other);
    sc
}

fn rate(a: &Aggregate, i: usize) -> (f64, u64) {
    let n = a.rounds_in_force[i];
    (a.violation_rounds[i] as f64 / n as f64, n)
}

/// Binomial check of a per-round share against `want`: rounds are independent here
/// (iid temptation, and the deterrent ignores the history), 4.5 SE.
fn check_share(got: f64, n: u64, want: f64, what: &str) {
    let se = (want * (1.0 - want) / n as f64).sqrt();
    assert!(
        (got - want).abs() < 4.5 * se + 1e-12,
        "{what}: {got} vs {want} ± {se}"
    );
}

#[test]
fn deterrence_violates_exactly_above_detection_times_punishment() {
    // Against tit for tat, one seen violation costs one round of betrayal next round:
    // θ* = (1 − missed − false_alarm)·δ·|s| = 0.9 × 0.9 × 2 = 1.62.
    let mut s = deterrent(1.0, 1.0, -2.0, "tit-for-tat");
    s.treaty.missed = Param::Fixed(0.1);
    let a = run(&s, 3, 1000);
    let (got, n) = rate(&a, 0);
    check_share(got, n, 1.0 - normal_cdf(1.62 - 1.0), "tit for tat");
    // A 3-round suspension adds Σ_{k=1..3} δ^k (v − b) = 0.9 + 0.81 + 0.729:
    // θ* = 0.9 × (1.8 + 2.439) = 3.8151.
    s.treaty.consequences.suspension = 3;
    s.actors[0].payoffs.temptation = Temptation::Iid {
        mean: Param::Fixed(3.5),
        sd: Param::Fixed(1.0),
    };
    let a = run(&s, 4, 1000);
    let (got, n) = rate(&a, 0);
    check_share(got, n, 1.0 - normal_cdf(3.8151 - 3.5), "with suspension");
    // Grim trigger punishes for ever: θ* = 0.9 × 2 × 0.9/(1 − 0.9) = 16.2.
    let mut s = deterrent(15.0, 2.0, -2.0, "grim-trigger");
    s.treaty.missed = Param::Fixed(0.1);
    let a = run(&s, 5, 1000);
    let (got, n) = rate(&a, 0);
    check_share(got, n, 1.0 - normal_cdf((16.2 - 15.0) / 2.0), "grim");
}

/// Violation rate of actor 0 and its binomial SE.
fn rate_se(s: &Scenario) -> (f64, f64) {
    let a = run(s, 9, 400);
    let (r, n) = rate(&a, 0);
    (r, (r * (1.0 - r) / n as f64).sqrt().max(1e-9))
}

fn lower(a: (f64, f64), b: (f64, f64), what: &str) {
    // Independent estimates: the SE of the difference is √(se_a² + se_b²); 4 SE.
    let se = (a.1 * a.1 + b.1 * b.1).sqrt();
    assert!(a.0 + 4.0 * se < b.0, "{what}: {} not below {}", a.0, b.0);
}

#[test]
fn temptation_raises_violations_betrayal_cost_and_monitoring_lower_them() {
    let base = deterrent(1.5, 1.0, -2.0, "tit-for-tat");
    let tempted = deterrent(2.5, 1.0, -2.0, "tit-for-tat");
    lower(rate_se(&base), rate_se(&tempted), "higher temptation");
    let costly = deterrent(1.5, 1.0, -3.0, "tit-for-tat");
    lower(rate_se(&costly), rate_se(&base), "costlier betrayal");
    let mut blind = base.clone();
    blind.treaty.missed = Param::Fixed(0.5);
    lower(rate_se(&base), rate_se(&blind), "better monitoring");
    let mut breach = base.clone();
    breach.treaty.consequences.material_breach = true;
    lower(rate_se(&breach), rate_se(&base), "material breach");
}

/// Both cooperate; compliance is read as a violation with probability `fa` per party
/// and round; a seen violation is a material breach (notice 0).
fn false_alarms(fa: f64, breach: bool) -> Scenario {
    let mut s = bilateral();
    s.actors[1].ideal = vec![1.0];
    s.meta.horizon = 60;
    s.treaty.false_alarm = Param::Fixed(fa);
    s.treaty.consequences.material_breach = breach;
    s
}

#[test]
fn false_alarms_unravel_a_treaty_under_material_breach_and_the_summary_says_so() {
    let fa = 0.02;
    let runs = 4000u64;
    let a = run(&false_alarms(fa, true), 1, runs);
    // Each round either party may be misread: the treaty survives t rounds with
    // probability (1 − fa)^(2t).
    let total = a.survival.total() as f64;
    let mut ended = 0u64;
    for t in 0..=20usize {
        ended += a.survival.events[t];
        if [1, 5, 20].contains(&t) {
            let want = (1.0 - fa).powi(2 * t as i32);
            let got = 1.0 - ended as f64 / total;
            let se = (want * (1.0 - want) / total).sqrt();
            assert!((got - want).abs() < 4.5 * se, "t={t}: {got} vs {want}");
        }
    }
    // Every withdrawal was set off by a false alarm, and the summary reports it.
    assert!(a.spell_withdrawals > 1000);
    assert_eq!(a.false_alarm_spirals, a.spell_withdrawals);
    let info = detente::engine::scenario_info(&false_alarms(fa, true));
    let provenance = detente::engine::summary::Provenance {
        tool_version: "test".into(),
        scenario_sha256: String::new(),
        seed: 1,
        runs,
        run_range: [0, runs],
        overrides: vec![],
        partial: false,
    };
    let sum = a.summarize(&info, provenance);
    assert_eq!(sum.headline.false_alarm_spirals.share, 1.0);
    let text = detente::report::table::render(&sum);
    assert!(text.contains("Treaties undone by a false alarm"), "{text}");
    // Without the consequence the same misreadings end nothing.
    let calm = run(&false_alarms(fa, false), 1, 500);
    assert_eq!(calm.spell_withdrawals, 0);
    assert!(calm.false_alarms > 0);
}

/// Actor 1 always violates; actor 0 cooperates.
fn violator() -> Scenario {
    let mut s = bilateral();
    s.actors[1].ideal = vec![1.0];
    s.actors[1].compliance = strategy("defector");
    s.actors[0].payoffs.betrayal = Param::Fixed(-3.0);
    s.meta.horizon = 40;
    s
}

#[test]
fn credibility_lost_per_seen_violation_is_kept_in_the_run_state() {
    let mut s = violator();
    s.reputation.violation_loss = Param::Fixed(0.1);
    let m = Model::compile(&s);
    let mut scratch = Scratch::new(&m);
    let mut rng = rng_for(&key_for(1), 0);
    simulate(&m, &mut scratch, &mut rng, &mut NoTrace);
    assert_eq!(scratch.credibility[0], 1.0);
    assert_eq!(scratch.credibility[1], 0.0);
}

#[test]
fn suspension_and_escalation_change_payoffs_and_conflict() {
    // Suspended for good after the first seen violation: the victim stops losing.
    let plain = run(&violator(), 2, 200);
    let mut s = violator();
    s.treaty.consequences.suspension = 1000;
    let suspended = run(&s, 2, 200);
    assert!(suspended.payoff[0].mean() > plain.payoff[0].mean() + 1.0);
    // Each seen violation adds 0.002 to the in-force hazard: conflict comes.
    let mut s = violator();
    s.treaty.consequences.escalation = Param::Fixed(0.002);
    let escalated = run(&s, 2, 2000);
    assert_eq!(plain.conflict.iter().sum::<u64>(), 0);
    // After k rounds the hazard is 0.002k: P(conflict by round 40) ≈ 1 − Π(1 − 0.002k)
    // ≈ 0.8; far from 0 whatever the Monte Carlo error.
    assert!(escalated.conflict[2] > 1200, "{:?}", escalated.conflict);
}

/// Escape clause of price `e`: actor 0 (deterrence) with θ ~ N(6, 2²), treaty flow 1,
/// no-deal 0, δ = 0.9; an unpaid violation is a material breach that ends the treaty
/// at once, losing L = δ(V_coop − V_noncoop) = 0.9 × 1/(1 − 0.9) = 9.
fn escape(e: f64) -> Scenario {
    let mut s = deterrent(6.0, 2.0, 0.0, "cooperator");
    s.treaty.consequences.material_breach = true;
    s.treaty.consequences.escape_price = Some(Param::Fixed(e));
    s.meta.horizon = 30;
    s
}

#[test]
fn escape_clause_frequency_and_breakdown_follow_rosendorff_milner() {
    // e = 7 ≤ L: escape with frequency 1 − F(e); never a breakdown.
    let a = run(&escape(7.0), 1, 1000);
    let n = a.rounds_in_force[0];
    check_share(
        a.escapes as f64 / n as f64,
        n,
        1.0 - normal_cdf((7.0 - 6.0) / 2.0),
        "escape frequency",
    );
    assert_eq!(a.spell_withdrawals, 0);
    assert_eq!(a.violation_rounds[0], 0);
    // e = 12 > L: the clause is never used; breakdown each round with 1 − F(L).
    let runs = 4000u64;
    let a = run(&escape(12.0), 2, runs);
    assert_eq!(a.escapes, 0);
    let q = 1.0 - normal_cdf((9.0 - 6.0) / 2.0);
    let mut ended = 0u64;
    for t in 0..=10usize {
        ended += a.survival.events[t];
        if [1, 3, 10].contains(&t) {
            let want = (1.0 - q).powi(t as i32);
            let got = 1.0 - ended as f64 / runs as f64;
            let se = (want * (1.0 - want) / runs as f64).sqrt();
            assert!((got - want).abs() < 4.5 * se, "t={t}: {got} vs {want}");
        }
    }
}

/// Principal P (actor 0), its dependant A (actor 2, always violates), opponent O
/// (actor 1, cooperates). `answers`: the principal answers for A.
fn dependant(answers: bool) -> Scenario {
    let mut s = bilateral();
    s.actors[1].ideal = vec![1.0];
    s.meta.horizon = 40;
    let mut a = s.actors[0].clone();
    a.id = "agent".into();
    a.principal = Some(0);
    a.compliance = strategy("defector");
    s.actors.push(a);
    s.actors[1].payoffs.betrayal = Param::Fixed(-1.0);
    s.reputation.violation_loss = Param::Fixed(0.2);
    s.treaty.consequences.principal_answers = answers;
    s
}

#[test]
fn a_principal_answers_for_its_dependants_violations_when_declared() {
    let bound = run(&dependant(true), 1, 100);
    let free = run(&dependant(false), 1, 100);
    // O bears the betrayal loss only when the dependant's side answers for it.
    assert!(bound.payoff[1].mean() < free.payoff[1].mean() - 1.0);
    // The principal's credibility pays for it.
    let m = Model::compile(&dependant(true));
    let mut scratch = Scratch::new(&m);
    let mut rng = rng_for(&key_for(1), 0);
    simulate(&m, &mut scratch, &mut rng, &mut NoTrace);
    assert_eq!(scratch.credibility[0], 0.0);
    let m = Model::compile(&dependant(false));
    let mut scratch = Scratch::new(&m);
    simulate(&m, &mut scratch, &mut rng, &mut NoTrace);
    assert_eq!(scratch.credibility[0], 1.0);
    // A material breach by the dependant lets O leave only if the principal answers.
    let mut s = dependant(true);
    s.treaty.consequences.material_breach = true;
    assert_eq!(run(&s, 1, 100).spell_withdrawals, 100);
    let mut s = dependant(false);
    s.treaty.consequences.material_breach = true;
    assert_eq!(run(&s, 1, 100).spell_withdrawals, 0);
}

/// Crisis talks, complete information: `a` (deterrence, θ ~ N(1.5, 1)) offers `b`
/// exactly its war line, so any credibility `a` loses tips `b` to war in force.
fn provoking(violation_loss: f64) -> Model {
    super::negotiation::model(&provoking_toml(violation_loss))
}

fn provoking_toml(violation_loss: f64) -> String {
    format!(
        r#"
[scenario]
name = "provoked"
horizon = 60
[[issue]]
id = "x"
[[actor]]
id = "a"
ideal = {{ x = 1.0 }}
discount = 0.9
compliance = "deterrence"
[actor.payoffs]
gain = 1.0
war_cost = 0.1
temptation = {{ process = "iid", mean = 1.5, sd = 1.0 }}
betrayal = 0.0
[[actor]]
id = "b"
ideal = {{ x = 0.0 }}
discount = 0.9
compliance = "cooperator"
[actor.payoffs]
gain = 1.0
war_cost = 0.1
[talks]
protocol = "crisis"
proposers = ["a"]
deadline = 1
[treaty]
false_alarm = 0.0
missed = 0.0
[conflict]
talks = 0.0
no_deal = 0.0
in_force = 0.0
after_exit = 0.0
[reputation]
violation_loss = {violation_loss}
recovery = 0.01
"#
    )
}

/// Over runs 0..n: `a`'s violations, its rounds in force, the wars `b` chose and the
/// wars anyone chose.
fn violations_of_a(m: &Model, n: u64) -> (u64, u64, u64, u64) {
    let (mut violations, mut rounds, mut wars_by_b, mut wars) = (0, 0, 0, 0);
    for k in 0..n {
        let (_, s) = super::negotiation::play(m, k);
        let r = &s.result;
        violations += u64::from(r.violations[0]);
        rounds += u64::from(r.rounds_in_force[0]);
        wars_by_b += u64::from(r.war_by == Some(1));
        wars += u64::from(r.war_by.is_some());
    }
    (violations, rounds, wars_by_b, wars)
}

#[test]
fn deterrence_counts_the_war_a_seen_violation_would_provoke() {
    // Equal capabilities: each side wins with p = ½, so war pays each ½ − 0.1 = 0.4 a
    // round (K = 0.4/(1 − 0.9) = 4 once). `a` offers x = 0.6, b's war line: b gets
    // 0.4, a gets v = 0.6 (F = v/(1 − δ) = 6 in force for good). A seen violation
    // costing 0.1 credibility (0.09 after a round's recovery) drops b's treaty flow
    // to 0.91 × 0.4 < 0.4: b goes to war next round. So a violates only above
    // θ* = δ(F − K) = 0.9 × 2 = 1.8: P = 1 − Φ(0.3) a round.
    let (violations, rounds, wars_by_b, _) = violations_of_a(&provoking(0.1), 3000);
    let got = violations as f64 / rounds as f64;
    check_share(got, rounds, 1.0 - normal_cdf(0.3), "provoked war");
    // Every seen violation started b's war (no false alarms, nothing missed).
    assert_eq!(wars_by_b, violations);
    // Without the credibility loss nothing deters a: it violates whenever θ > 0,
    // and b never fights.
    let (violations, rounds, _, wars) = violations_of_a(&provoking(0.0), 500);
    assert_eq!(wars, 0);
    check_share(
        violations as f64 / rounds as f64,
        rounds,
        1.0 - normal_cdf(-1.5),
        "nothing to provoke",
    );
}

#[test]
fn a_false_alarm_that_provokes_a_war_is_counted_as_the_spiral_that_ended_the_treaty() {
    // `a` never wants to violate (θ ~ N(−5, 1)), but 5% of its compliance is misread
    // each round; the credibility a misreading costs tips `b` to war (see
    // `provoking`). Every first treaty then ends in a war a false alarm set off.
    let toml = provoking_toml(0.1)
        .replace("mean = 1.5", "mean = -5.0")
        .replace("false_alarm = 0.0", "false_alarm = 0.05");
    let m = super::negotiation::model(&toml);
    let a = simulate_range(&m, 7, 0, 400, &Default::default()).0;
    assert_eq!(a.violation_rounds[0], 0);
    assert!(a.spell_wars_chosen > 300, "{}", a.spell_wars_chosen);
    assert_eq!(a.false_alarm_spirals, a.spell_wars_chosen);
    assert_eq!(a.spell_withdrawals, 0);
}
