//! The engine against theory: each statistical check has a tolerance derived from
//! the standard error of the estimate it makes (stated beside it).

use detente::engine::aggregate::Aggregate;
use detente::engine::simulate_range;
use detente::model::Model;
use detente::scenario::*;
use detente::strategy::StrategyId;
use detente::theory::normal::{normal_cdf, normal_loss};

/// A bilateral treaty scenario built in code, so these tests depend on the engine
/// alone. Two deciding actors, one issue [0, 1], actor 0 wants 1 and actor 1 wants 0.
pub fn bilateral() -> Scenario {
    let actor = |id: &str, ideal: f64| Actor {
        id: id.into(),
        name: id.to_uppercase(),
        principal: None,
        ideal: vec![ideal],
        salience: vec![1.0],
        salience_given: vec![1.0],
        discount: Param::Fixed(0.95),
        credibility: Param::Fixed(1.0),
        tactic: Tactic::Concession {
            exponent: Param::Fixed(1.0),
            initial: Param::Fixed(0.0),
        },
        compliance: StrategySpec::of(StrategyId::Cooperator),
        exit: ExitRule::Never,
        payoffs: Payoffs {
            no_deal: Param::Fixed(0.0),
            gain: Param::Fixed(1.0),
            temptation: Temptation::Iid {
                mean: Param::Fixed(0.0),
                sd: Param::Fixed(0.0),
            },
            betrayal: Param::Fixed(0.0),
            conflict: Param::Fixed(-10.0),
            stalling: Param::Fixed(0.0),
        },
        exit_cost: Param::Fixed(0.0),
        notice: 0,
        war: Default::default(),
    };
    Scenario {
        meta: Meta {
            name: "test".into(),
            description: String::new(),
            sources: vec![],
            seed: 1,
            runs: 1000,
            horizon: 50,
            round: "round".into(),
            rounds: "rounds".into(),
        },
        issues: vec![Issue {
            id: "share".into(),
            label: "share".into(),
            low: 0.0,
            high: 1.0,
            status_quo: None,
            values: vec![],
            form: false,
            shifts_power: None,
        }],
        actors: vec![actor("a", 1.0), actor("b", 0.0)],
        talks: Talks {
            proposers: vec![0, 1],
            deadline: None,
            retry_after: None,
            protocol: Default::default(),
            position_model: Default::default(),
            power: None,
        },
        treaty: Treaty {
            form: Form::LegallyBinding,
            notice: 0,
            exit_cost: Param::Fixed(0.0),
            false_alarm: Param::Fixed(0.0),
            missed: Param::Fixed(0.0),
            renegotiate_after: None,
            consequences: Default::default(),
        },
        conflict: Conflict {
            talks: Param::Fixed(0.0),
            no_deal: Param::Fixed(0.0),
            in_force: Param::Fixed(0.0),
            after_exit: Param::Fixed(0.0),
        },
        reputation: Reputation {
            exit_loss: Param::Fixed(0.0),
            recovery: Param::Fixed(0.0),
            violation_loss: Param::Fixed(0.0),
        },
        game: None,
    }
}

fn run(s: &Scenario, seed: u64, runs: u64) -> Aggregate {
    let m = Model::compile(s);
    simulate_range(&m, seed, 0, runs, &Default::default()).0
}

/// Kaplan–Meier S(t) read off the aggregate's counts (no censoring before t assumed
/// by the callers): the share of treaties lasting more than t rounds.
fn share_surviving(a: &Aggregate, t: u32) -> f64 {
    let total = a.survival.total() as f64;
    let ended: u64 = (0..=t as usize).map(|k| a.survival.events[k]).sum();
    1.0 - ended as f64 / total
}

#[test]
fn subgame_perfect_split_matches_rubinstein() {
    let mut s = bilateral();
    for a in &mut s.actors {
        a.tactic = Tactic::SubgamePerfect;
    }
    s.actors[0].discount = Param::Fixed(0.9);
    s.actors[1].discount = Param::Fixed(0.8);
    let a = run(&s, 7, 200);
    // Agreement is immediate and deterministic: every run agrees in round 1.
    assert_eq!(a.first_agreement[1], 200);
    let x1 = (1.0 - 0.8) / (1.0 - 0.9 * 0.8);
    // The exact sum has 2^-32 resolution.
    assert!(
        (a.terms[0].mean() - x1).abs() < 1e-9,
        "{} vs {x1}",
        a.terms[0].mean()
    );
}

#[test]
fn finite_deadline_split_swings_with_parity() {
    // docs/theory.md §1b closed forms, distinct δ, d = 0.
    let (d1, d2) = (0.9f64, 0.8f64);
    let closed = |t: u32| -> f64 {
        let m = (t / 2) as i32;
        let q = (d1 * d2).powi(m);
        if t % 2 == 1 {
            (1.0 - d2) * (1.0 - q) / (1.0 - d1 * d2) + q
        } else {
            (1.0 - d2) * (1.0 - q) / (1.0 - d1 * d2)
        }
    };
    let rub = (1.0 - d2) / (1.0 - d1 * d2);
    for t in 1..=8u32 {
        let mut s = bilateral();
        for a in &mut s.actors {
            a.tactic = Tactic::SubgamePerfect;
        }
        s.actors[0].discount = Param::Fixed(d1);
        s.actors[1].discount = Param::Fixed(d2);
        s.talks.deadline = Some(t);
        let a = run(&s, 3, 20);
        let got = a.terms[0].mean();
        assert!(
            (got - closed(t)).abs() < 1e-9,
            "T={t}: {got} vs {}",
            closed(t)
        );
        // Parity: P1 proposing last (odd T) gets more than Rubinstein, less when even.
        if t % 2 == 1 {
            assert!(got > rub);
        } else {
            assert!(got < rub);
        }
    }
}

/// A treaty concluded in round 1 (both ideals equal, so talks agree at once) whose
/// actor 0 faces an iid N(mu, sigma²) temptation with the given exit rule.
fn iid_exit(rule: ExitRule, mu: f64, sigma: f64, cost: f64, delta: f64) -> Scenario {
    let mut s = bilateral();
    s.actors[1].ideal = vec![1.0];
    s.meta.horizon = 400;
    let a = &mut s.actors[0];
    a.exit = rule;
    a.exit_cost = Param::Fixed(cost);
    a.discount = Param::Fixed(delta);
    a.payoffs.no_deal = Param::Fixed(0.0);
    a.payoffs.gain = Param::Fixed(1.0);
    a.payoffs.temptation = Temptation::Iid {
        mean: Param::Fixed(mu),
        sd: Param::Fixed(sigma),
    };
    s
}

/// Bisection for the engine's iid optimal threshold from docs/theory.md §5 with a = v = 1,
/// B = b + δ(b + μ)/(1 − δ), b = 0: θ* = (a + δσL(z))/(1 − δ) + c − B. Written here
/// independently of the library's solver.
fn bellman_threshold(mu: f64, sigma: f64, delta: f64, cost: f64) -> f64 {
    let a = 1.0;
    let big_b = delta * mu / (1.0 - delta);
    let f = |th: f64| {
        th - ((a + delta * sigma * normal_loss((th - mu) / sigma)) / (1.0 - delta) + cost - big_b)
    };
    let (mut lo, mut hi) = (-1e4, 1e4);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(mid) > 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    0.5 * (lo + hi)
}

/// A threshold rule at the textbook McCall level gives geometric durations with that
/// level's exit probability. (The engine's `optimal` rule solves the engine's own
/// problem, in which an iid shock is redrawn after the exit: it never leaves here;
/// see tests/it/exit.rs.)
#[test]
fn threshold_rule_gives_geometric_durations_with_its_exit_probability() {
    let (mu, sigma, delta, cost) = (0.5, 2.0, 0.5, 0.5);
    let theta = bellman_threshold(mu, sigma, delta, cost);
    let q = 1.0 - normal_cdf((theta - mu) / sigma);
    assert!(
        q > 0.01 && q < 0.3,
        "q = {q}: pick parameters with visible exits"
    );
    let runs = 40_000;
    let a = run(
        &iid_exit(
            ExitRule::Threshold {
                level: Param::Fixed(theta),
            },
            mu,
            sigma,
            cost,
            delta,
        ),
        11,
        runs,
    );
    // Every run agrees in round 1; durations are geometric on {1, 2, ...}.
    for t in [1u32, 2, 5, 10, 20] {
        let want = (1.0 - q).powi(t as i32);
        let got = share_surviving(&a, t);
        // Binomial SE of a share of `runs` treaties; 4.5 SE keeps the family of five
        // checks at a false-alarm rate below 1e-4.
        let se = (want * (1.0 - want) / runs as f64).sqrt();
        assert!(
            (got - want).abs() < 4.5 * se,
            "t={t}: S={got}, want {want} ± {se}"
        );
    }
}

#[test]
fn myopic_rule_leaves_on_a_one_off_shock_and_optimal_does_not() {
    let (mu, sigma, cost, delta) = (0.5, 2.0, 0.5, 0.5);
    let runs = 20_000;
    let opt = run(
        &iid_exit(ExitRule::Optimal, mu, sigma, cost, delta),
        5,
        runs,
    );
    let myo = run(&iid_exit(ExitRule::Myopic, mu, sigma, cost, delta), 5, runs);
    // Myopic threshold (engine's definition): θ > v − b + c(1 − δ) = 1 + 0.25.
    let q_myopic: f64 = 1.0 - normal_cdf((1.25 - mu) / sigma);
    let got = 1.0 - share_surviving(&myo, 1);
    let se = (q_myopic * (1.0 - q_myopic) / runs as f64).sqrt();
    assert!((got - q_myopic).abs() < 4.5 * se, "{got} vs {q_myopic}");
    assert!(share_surviving(&myo, 5) < 0.5);
    // A one-off shock says nothing about the temptation earned outside: stay.
    assert_eq!(share_surviving(&opt, 5), 1.0);
}

#[test]
fn constant_hazard_gives_geometric_conflict_times() {
    let mut s = bilateral();
    // No terms can satisfy either side: a treaty in force would carry a 50% conflict
    // hazard per round, so every reservation utility exceeds 1 and talks never agree.
    s.conflict.in_force = Param::Fixed(0.5);
    let h = 0.02;
    s.conflict.talks = Param::Fixed(h);
    s.meta.horizon = 100;
    let runs = 20_000u64;
    let a = run(&s, 9, runs);
    assert_eq!(a.first_agreement.iter().sum::<u64>(), 0);
    let mut acc = 0u64;
    for t in 1..=100usize {
        acc += a.conflict_round[t];
        if [1, 10, 50, 100].contains(&t) {
            let want = 1.0 - (1.0 - h).powi(t as i32);
            let got = acc as f64 / runs as f64;
            let se = (want * (1.0 - want) / runs as f64).sqrt();
            assert!((got - want).abs() < 4.5 * se, "t={t}: {got} vs {want}");
        }
    }
}

#[test]
fn zero_hazard_never_gives_conflict_and_horizon_censors() {
    let s = bilateral();
    let a = run(&s, 1, 500);
    assert_eq!(a.conflict.iter().sum::<u64>(), 0);
    // Cooperators who never exit: every treaty is censored at the horizon, none is a
    // withdrawal.
    assert_eq!(a.spell_withdrawals, 0);
    assert_eq!(a.survival.events.iter().sum::<u64>(), 0);
    assert_eq!(a.survival.censored.iter().sum::<u64>(), 500);
    assert_eq!(a.in_force, 500);
}

#[test]
fn random_walk_first_passage_matches_the_exact_discrete_walk() {
    // Actor 0 gives notice (effective at once) the first round its random-walk
    // temptation exceeds h. θ_t = θ_{t−1} + μ + σZ_t from θ_0 = 0, checked once per
    // round, so the duration is the first t with θ_t > h. Its survival is computed
    // here exactly (up to a 1e-6 grid error) by propagating the density of the
    // not-yet-absorbed walk on a fine grid; the continuous inverse-Gaussian formula
    // would underestimate survival (docs/theory.md §6, discrete monitoring).
    let (mu, sigma, h, horizon) = (0.1f64, 1.0f64, 3.0f64, 40u32);
    let mut s = bilateral();
    s.actors[1].ideal = vec![1.0];
    s.meta.horizon = horizon;
    s.actors[0].exit = ExitRule::Threshold {
        level: Param::Fixed(h),
    };
    s.actors[0].payoffs.temptation = Temptation::RandomWalk {
        start: Param::Fixed(0.0),
        drift: Param::Fixed(mu),
        volatility: Param::Fixed(sigma),
    };
    let runs = 40_000u64;
    let a = run(&s, 21, runs);

    let dx = 0.02;
    let lo = -8.0 * sigma * (horizon as f64).sqrt() - 1.0;
    let npts = ((h - lo) / dx).ceil() as usize;
    let xs: Vec<f64> = (0..npts).map(|k| lo + (k as f64 + 0.5) * dx).collect();
    let kernel_half = (8.0 * sigma / dx) as i64;
    let kernel: Vec<f64> = (-kernel_half..=kernel_half)
        .map(|k| {
            let z = k as f64 * dx / sigma;
            (-0.5 * z * z).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt()) * dx
        })
        .collect();
    // Round 1 from θ_0 = 0: density of N(μ, σ²) below h.
    let mut dens: Vec<f64> = xs
        .iter()
        .map(|&x| {
            let z = (x - mu) / sigma;
            (-0.5 * z * z).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt()) * dx
        })
        .collect();
    let shift = (mu / dx).round() as i64; // μ is a whole number of grid steps
    assert!((shift as f64 * dx - mu).abs() < 1e-12);
    for t in 1..=horizon {
        let exact: f64 = dens.iter().sum();
        if [1, 5, 10, 20, 40].contains(&t) {
            let got = share_surviving(&a, t);
            let se = (exact * (1.0 - exact) / runs as f64).sqrt();
            // 4.5 binomial SEs for a family of five checks.
            assert!(
                (got - exact).abs() < 4.5 * se,
                "t={t}: S={got}, exact {exact} ± {se}"
            );
        }
        let mut next = vec![0.0; npts];
        for (k, &d) in dens.iter().enumerate() {
            if d < 1e-300 {
                continue;
            }
            for (q, &w) in kernel.iter().enumerate() {
                let to = k as i64 + q as i64 - kernel_half + shift;
                if to >= 0 && (to as usize) < npts {
                    next[to as usize] += d * w;
                }
            }
        }
        dens = next;
    }
}

/// Exact expected share of rounds in which actor 0 violates, over `h` rounds, for
/// tit for tat against tit for tat when each reads the other's move wrongly with
/// probability `eps` (both start by complying).
fn tft_exact_violation_rate(eps: f64, h: u32) -> f64 {
    // State (m0, m1) as probabilities over CC, CD, DC, DD (index = 2·m0 + m1, D = 1).
    let mut p = [1.0, 0.0, 0.0, 0.0];
    let mut total = 0.0;
    for _ in 0..h {
        total += p[2] + p[3];
        let mut q = [0.0; 4];
        for (s, &ps) in p.iter().enumerate() {
            let (m0, m1) = (s >> 1, s & 1);
            for b0 in 0..2 {
                for b1 in 0..2 {
                    let pr = (if b0 == 1 { eps } else { 1.0 - eps })
                        * (if b1 == 1 { eps } else { 1.0 - eps });
                    // Each copies what it saw: the other's move, flipped by its error.
                    let n0 = m1 ^ b0;
                    let n1 = m0 ^ b1;
                    q[2 * n0 + n1] += ps * pr;
                }
            }
        }
        p = q;
    }
    total / h as f64
}

#[test]
fn noisy_tit_for_tat_pair_cooperates_half_the_time() {
    for eps in [0.02, 0.1, 0.3] {
        let horizon = 400;
        let exact = tft_exact_violation_rate(eps, horizon);
        // Long-run value is exactly ½ for every ε (doubly stochastic chain).
        assert!(
            (tft_exact_violation_rate(eps, 20_000) - 0.5).abs() < 0.01 / eps.min(0.1) * 0.1 + 2e-3
        );
        let mut s = bilateral();
        s.actors[1].ideal = vec![1.0];
        s.meta.horizon = horizon;
        for a in &mut s.actors {
            a.compliance = StrategySpec::of(StrategyId::TitForTat);
        }
        s.treaty.false_alarm = Param::Fixed(eps);
        s.treaty.missed = Param::Fixed(eps);
        // Batch means over 20 independent seeds give the SE of the rate.
        let rates: Vec<f64> = (0..20)
            .map(|seed| {
                let a = run(&s, 100 + seed, 200);
                a.violation_rounds[0] as f64 / a.rounds_in_force[0] as f64
            })
            .collect();
        let mean = rates.iter().sum::<f64>() / 20.0;
        let sd = (rates.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / 19.0).sqrt();
        let se = sd / 20f64.sqrt();
        // 4.5 SE: beyond the 0.9999 quantile of Student's t with 19 df.
        assert!(
            (mean - exact).abs() < 4.5 * se + 1e-12,
            "ε={eps}: {mean} vs {exact} ± {se}"
        );
        assert!((mean - 0.5).abs() < 0.03, "ε={eps}: {mean}");
    }
}

#[test]
fn aggregates_are_identical_for_any_thread_count() {
    let mut s = bilateral();
    s.actors[0].exit = ExitRule::Optimal;
    s.actors[0].payoffs.temptation = Temptation::Iid {
        mean: Param::Fixed(0.5),
        sd: Param::Fixed(2.0),
    };
    s.actors[0].discount = Param::Fixed(0.5);
    s.conflict.no_deal = Param::Fixed(0.01);
    s.conflict.in_force = Param::Fixed(0.001);
    s.talks.deadline = Some(10);
    s.talks.retry_after = Some(3);
    s.treaty.renegotiate_after = Some(2);
    s.actors[1].payoffs.gain = Param::Dist(Dist {
        kind: DistKind::Uniform {
            low: 0.5,
            high: 2.0,
        },
        min: None,
        max: None,
    });
    let m = Model::compile(&s);
    let bytes = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let (agg, _) = pool.install(|| simulate_range(&m, 5, 0, 30_000, &Default::default()));
        serde_json::to_vec(&agg).unwrap()
    };
    let one = bytes(1);
    assert!(one == bytes(2), "2 threads changed the aggregate");
    assert!(one == bytes(7), "7 threads changed the aggregate");
}

/// The summary of `a` with `shares` as its runs' shares of time under a treaty.
fn time_under_treaty(a: &Aggregate, shares: &[f64]) -> detente::engine::summary::Mean {
    let mut a = a.clone();
    a.time_in_force = detente::stats::ExactSum::default();
    for &x in shares {
        a.time_in_force.add(x);
    }
    let provenance = detente::engine::summary::Provenance {
        tool_version: "test".into(),
        scenario_sha256: String::new(),
        seed: 1,
        runs: a.runs,
        run_range: [0, a.runs],
        overrides: vec![],
        partial: false,
    };
    let info = detente::engine::scenario_info(&bilateral());
    a.summarize(&info, provenance)
        .headline
        .time_under_treaty
        .unwrap()
}

/// The share of time under a treaty is a mean of shares, so its interval stays in
/// [0, 1]: 19 runs always under a treaty and one never give 0.95 ± 1.96·√0.05/√20
/// = [0.852, 1.048], clipped to [0.852, 1]; inside [0, 1] the interval is untouched.
#[test]
fn the_interval_of_the_time_under_a_treaty_stays_within_0_and_1() {
    let a = run(&bilateral(), 1, 20);
    let mut shares = vec![1.0; 19];
    shares.push(0.0);
    let m = time_under_treaty(&a, &shares);
    let half = 1.959964 * 0.05f64.sqrt() / 20f64.sqrt();
    assert!((m.mean - 0.95).abs() < 1e-12, "{m:?}");
    assert!((m.lo - (0.95 - half)).abs() < 1e-9, "{m:?}");
    assert_eq!(m.hi, 1.0, "{m:?}");
    // The mirror case at 0, and a case well inside, where nothing is clipped.
    let low = time_under_treaty(&a, &shares.iter().map(|x| 1.0 - x).collect::<Vec<_>>());
    assert_eq!(low.lo, 0.0, "{low:?}");
    assert!((low.hi - (0.05 + half)).abs() < 1e-9, "{low:?}");
    let mid = time_under_treaty(&a, &[0.4, 0.6, 0.5, 0.5]);
    let sd = (0.02f64 / 3.0).sqrt();
    assert!(
        (mid.hi - mid.lo - 2.0 * 1.959964 * sd / 2.0).abs() < 1e-9,
        "{mid:?}"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]
    #[test]
    fn any_runs_shares_of_time_give_an_interval_within_0_and_1(
        shares in proptest::collection::vec(
            proptest::prop_oneof![proptest::strategy::Just(0.0), proptest::strategy::Just(1.0), 0.0..=1.0f64],
            2..40,
        )
    ) {
        let a = run(&bilateral(), 1, 2);
        let m = time_under_treaty(&a, &shares);
        proptest::prop_assert!(0.0 <= m.lo && m.lo <= m.mean && m.mean <= m.hi && m.hi <= 1.0, "{:?}", m);
    }
}
