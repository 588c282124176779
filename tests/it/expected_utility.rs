//! The expected-utility model of position change (docs/theory.md §10): the EC emissions example
//! of Bueno de Mesquita (1994), as tabulated by Scholz, Calbert & Smith (2011), worked
//! by hand for the first round; the model's invariants as properties.

use detente::negotiation::expected_utility::{
    Event, Issue, Outcome, Params, Workspace, exp, expected_utility, risk_exponents, round, run,
    trace, weighted_mean, win_probabilities,
};
use proptest::prelude::*;

/// Netherlands, Belgium, Luxembourg, Germany, France, Italy, UK, Ireland, Denmark,
/// Greece: capability, position on the 4–10 scale, salience (published 0–100, / 100).
const CAPABILITY: [f64; 10] = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08];
const POSITION: [f64; 10] = [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0];
const SALIENCE: [f64; 10] = [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7];
const LUX: usize = 2;
const FRANCE: usize = 4;
const UK: usize = 6;
const IRELAND: usize = 7;

fn ec() -> Issue<'static> {
    Issue {
        low: 4.0,
        high: 10.0,
        capability: &CAPABILITY,
        position: &POSITION,
        salience: &SALIENCE,
    }
}

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
        "{what}: got {got}, want {want}"
    );
}

#[test]
fn ec_first_round_matches_the_hand_derivation() {
    let mut ws = Workspace::with_actors(10);
    ws.load(&ec());
    let r = round(&mut ws, &Params::default());

    // Weights w = c·s, grouped by position (the actors sit at 4, 7 and 10 only):
    //   at 4: NL .08·.8 + LU .03·.2 + DE .16·.8 + DK .05·1 = .064 + .006 + .128 + .05 = .248
    //   at 7: BE .08·.4 + IE .05·.1 + GR .08·.7           = .032 + .005 + .056       = .093
    //   at 10: FR .16·.6 + IT .16·.6 + UK .16·.9          = .096 + .096 + .144       = .336
    let (w4, w7, w10) = (0.248, 0.093, 0.336);
    let total = w4 + w7 + w10; // .677
    close(
        r.mean,
        (4.0 * w4 + 7.0 * w7 + 10.0 * w10) / total,
        "weighted mean",
    );
    close(r.mean, 5.003 / 0.677, "weighted mean, 7.38996");
    // Median voter: least total weighted distance L(x) = Σ w_k |x_k − x|.
    //   L(4) = 3·.093 + 6·.336 = 2.295;  L(7) = 3·.248 + 3·.336 = 1.752;
    //   L(10) = 6·.248 + 3·.093 = 1.767.  7 wins (narrowly against 10).
    assert_eq!(r.median, 7.0);

    // P_ij = max(0, Σ_k w_k(|x_k − x_j| − |x_k − x_i|)) / Σ_k w_k||x_k − x_j| − |x_k − x_i||.
    // 7 against 4: the terms are +3 (actors at 4), −3 (at 7), −3 (at 10):
    //   numerator 3(.248 − .093 − .336) = −.543 < 0, denominator 3·.677 = 2.031.
    let p74 = 0.543 / 2.031; // P(7 beats 4); P(4 beats 7) = 0
    // 10 against 4: +6 at 4, 0 at 7, −6 at 10: numerator 6(.248 − .336) = −.528,
    // denominator 6(.248 + .336) = 3.504.
    let p10_4 = 0.528 / 3.504; // P(10 beats 4)
    // 7 against 10: +3 at 4, +3 at 7, −3 at 10: numerator 3(.248 + .093 − .336) = .015.
    let p7_10 = 0.015 / 2.031; // P(7 beats 10); P(10 beats 7) = 0
    let n = 10;
    let (nl, be) = (0, 1);
    close(ws.prob(be, nl), p74, "P(Belgium beats Netherlands)");
    assert_eq!(ws.prob(nl, be), 0.0);
    close(ws.prob(FRANCE, LUX), p10_4, "P(France beats Luxembourg)");
    assert_eq!(ws.prob(LUX, FRANCE), 0.0);
    close(ws.prob(IRELAND, UK), p7_10, "P(Ireland beats UK)");
    assert_eq!(ws.prob(UK, IRELAND), 0.0);
    assert_eq!(ws.prob(nl, LUX), 0.0, "same position");

    // First pass: r = 1, Q = 1, so U_s = 2δ, U_f = −2δ, U_sq = 0 and
    //   EU_j(challenge i) = s_i(P_ji·2δ − (1 − P_ji)·2δ) + (1 − s_i)·2δ = 2δ(1 − 2 s_i (1 − P_ji)).
    // danger_i sums that over the others; actors at i's own position add 0 (δ = 0).
    //   at 4: three at 7 (δ = ½, P = p74) and three at 10 (δ = 1, P = p10_4):
    //         3(1 − 2s(1 − p74)) + 6(1 − 2s(1 − p10_4))
    //   at 7: four at 4 and three at 10, all δ = ½ and P = 0: 7(1 − 2s)
    //   at 10: four at 4 (δ = 1, P = 0) and three at 7 (δ = ½, P = p7_10):
    //         8(1 − 2s) + 3(1 − 2s(1 − p7_10))
    let danger = |i: usize| {
        let s = SALIENCE[i];
        match POSITION[i] as u32 {
            4 => 3.0 * (1.0 - 2.0 * s * (1.0 - p74)) + 6.0 * (1.0 - 2.0 * s * (1.0 - p10_4)),
            7 => 7.0 * (1.0 - 2.0 * s),
            _ => 8.0 * (1.0 - 2.0 * s) + 3.0 * (1.0 - 2.0 * s * (1.0 - p7_10)),
        }
    };
    for i in 0..n {
        close(ws.danger[i], danger(i), &format!("danger of actor {i}"));
    }
    close(ws.danger[IRELAND], 5.6, "Ireland's danger 7·(1 − .2)");
    close(ws.danger[1], 1.4, "Belgium's danger 7·(1 − .8)");
    // Luxembourg (s = .2, 6.0825) is in the most danger, the UK (s = .9, −8.7601) the least:
    // R = ±1, so r_Lux = (1 − 1/3)/(1 + 1/3) = ½ and r_UK = (1 + 1/3)/(1 − 1/3) = 2.
    let (dmax, dmin) = (danger(LUX), danger(UK));
    for i in 0..n {
        assert!(dmin <= danger(i) && danger(i) <= dmax);
    }
    close(ws.risk[LUX], 0.5, "r of Luxembourg");
    close(ws.risk[UK], 2.0, "r of the UK");
    let r_of = |i: usize| {
        let big_r = (2.0 * danger(i) - dmax - dmin) / (dmax - dmin);
        (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
    };
    for i in 0..n {
        close(ws.risk[i], r_of(i), &format!("r of actor {i}"));
    }

    // Second pass (μ = the weighted mean, which Q = 1 leaves out of EU). The offers taken
    // up, in target order: Belgium, Luxembourg, France and Italy get their best offer from
    // Luxembourg or France; Ireland from France (Italy's equal offer loses the tie to the
    // first actor).
    let got: Vec<(usize, usize, Outcome)> = ws
        .events
        .iter()
        .map(|e| (e.sender, e.target, e.outcome))
        .collect();
    assert_eq!(
        got,
        vec![
            (LUX, 1, Outcome::Resisted),
            (FRANCE, LUX, Outcome::Confrontation),
            (LUX, FRANCE, Outcome::Resisted),
            (LUX, 5, Outcome::Resisted),
            (FRANCE, IRELAND, Outcome::Compromise),
        ]
    );

    // France challenges Luxembourg: δ = 1, so U_s = 2, U_f = −2, U_sq = 2 − 4(½)^r:
    //   EU_FR(LU) = .2(2P − 2(1 − P)) + .8·2 − 2 + 4(½)^r = .8P − .8 + 4(½)^r_FR.
    let r_fr = r_of(FRANCE);
    let offer = 0.8 * p10_4 - 0.8 + 4.0 * 0.5f64.powf(r_fr);
    // Luxembourg's reply, with r = ½ and P(4 beats 10) = 0:
    //   EU_LU(FR) = .6·(−2) + .4·2 − (2 − 4(½)^½) = −2.4 + 2√2 = 0.42843.
    let reply = -2.4 + 2.0 * 2f64.sqrt();
    let e = ws.events[1];
    close(e.offer, offer, "France's offer to Luxembourg");
    close(e.reply, reply, "Luxembourg's reply");
    // 0 < reply < offer: Luxembourg loses the confrontation and moves to 10.
    assert!(0.0 < reply && reply < offer);
    assert_eq!((e.from, e.to), (4.0, 10.0));

    // France challenges Ireland: δ = ½, s_IE = .1, P(10 beats 7) = 0:
    //   EU_FR(IE) = .1(2 − 4(¾)^r) + .9(2 − 4(¼)^r) − (2 − 4(½)^r), r = r_FR.
    let u = |b: f64, r: f64| 2.0 - 4.0 * b.powf(r);
    let offer = 0.1 * u(0.75, r_fr) + 0.9 * u(0.25, r_fr) - u(0.5, r_fr);
    // Ireland's reply, s_FR = .6, P(7 beats 10) = p7_10, r = r_IE:
    let r_ie = r_of(IRELAND);
    let reply = 0.6 * (p7_10 * u(0.25, r_ie) + (1.0 - p7_10) * u(0.75, r_ie)) + 0.4 * u(0.25, r_ie)
        - u(0.5, r_ie);
    let e = ws.events[4];
    close(e.offer, offer, "France's offer to Ireland");
    close(e.reply, reply, "Ireland's reply");
    // reply < 0 and |reply| < offer: Ireland moves |reply/offer| of the way to 10.
    assert!(reply < 0.0 && -reply < offer);
    close(
        e.to,
        7.0 + 3.0 * (reply / offer).abs(),
        "Ireland's compromise",
    );
    close(e.to, 7.188031155979557, "Ireland's compromise, 7.188");

    let mut want = POSITION;
    want[LUX] = 10.0;
    want[IRELAND] = e.to;
    assert_eq!(ws.position, want);
}

#[test]
fn ec_ten_rounds_match_an_independent_implementation() {
    // A straightforward Python implementation of docs/theory.md §10, written apart from this
    // crate (benches/python/expected_utility.py, `check`), printed these for each round:
    // the weighted mean and median voter at its start, and (sender, target, outcome) of
    // the offers taken up.
    use Outcome::{Compromise as M, Confrontation as C, Resisted as R};
    let odd = [(2, 1, R), (4, 2, C), (2, 4, R), (2, 5, R)];
    let even = [(2, 0, R), (2, 1, R), (0, 2, C), (2, 3, R)];
    let want: [(f64, f64, usize); 10] = [
        (7.389955686853767, 7.0, 4),
        (7.444520171019051, 10.0, 0),
        (7.390869187329995, 7.123687964481349, 0),
        (7.442884232347043, 10.0, 4),
        (7.391091192106855, 7.1537474112681085, 0),
        (7.443068289902034, 10.0, 4),
        (7.3912881197152975, 7.180411409451233, 0),
        (7.4432320462281005, 10.0, 4),
        (7.391462666512372, 7.204045045775076, 0),
        (7.443377584727291, 10.0, 4),
    ];
    let t = trace(&ec(), &Params::default());
    assert_eq!(t.rounds.len(), 10);
    assert!(!t.prediction.settled, "Luxembourg swings between 4 and 10");
    for (k, (rec, &(mean, median, ireland_by))) in t.rounds.iter().zip(&want).enumerate() {
        close(rec.mean, mean, &format!("mean of round {}", k + 1));
        close(rec.median, median, &format!("median of round {}", k + 1));
        let mut events: Vec<(usize, usize, Outcome)> =
            if k % 2 == 0 { &odd[..] } else { &even[..] }.to_vec();
        events.push((ireland_by, IRELAND, M));
        let got: Vec<_> = rec
            .events
            .iter()
            .map(|e| (e.sender, e.target, e.outcome))
            .collect();
        assert_eq!(got, events, "round {}", k + 1);
    }
    close(
        t.positions[IRELAND],
        7.224985020712435,
        "Ireland at the end",
    );
    close(t.prediction.mean, 7.391617319207625, "final weighted mean");
    close(t.prediction.median, 7.224985020712435, "final median voter");
}

/// The 100-actor issue of benches/expected_utility.rs on [0, 100], from the same linear
/// congruential sequence: capability, position (whole numbers, so that actors share
/// positions), salience.
fn hundred() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut next = super::common::lcg(0x2545_F491_4F6C_DD1D);
    let mut c = Vec::new();
    let mut x = Vec::new();
    let mut s = Vec::new();
    for _ in 0..100 {
        c.push(0.05 + next());
        x.push((next() * 100.0).round());
        s.push(next());
    }
    (c, x, s)
}

#[test]
fn a_hundred_actors_match_the_independent_implementation() {
    // The round for more than 16 actors, ten rounds against
    // benches/python/expected_utility.py (`check`; both of its versions print these):
    // each round's weighted mean and median voter at its start, and how many offers
    // were taken up with each outcome (confrontation, compromise, capitulation,
    // resisted). Positions spread out after the first round, so a wrong sign or
    // tie-break anywhere would move the later rounds' means far beyond rounding.
    let want: [(f64, f64, [usize; 4]); 10] = [
        (45.31120442788752, 50.0, [25, 2, 4, 49]),
        (45.57270765315323, 47.0, [16, 1, 5, 57]),
        (46.69303137298818, 47.0, [24, 2, 11, 41]),
        (46.177144672766374, 47.0, [20, 2, 9, 40]),
        (46.17555084445705, 47.0, [20, 0, 11, 40]),
        (42.28097267426365, 47.0, [14, 0, 6, 52]),
        (42.28774230067703, 47.0, [9, 1, 3, 52]),
        (41.44563063584469, 47.0, [30, 20, 0, 11]),
        (44.67155485647634, 47.0, [17, 6, 3, 48]),
        (45.365448532908125, 47.0, [4, 0, 3, 60]),
    ];
    let (c, x, s) = hundred();
    let issue = Issue {
        low: 0.0,
        high: 100.0,
        capability: &c,
        position: &x,
        salience: &s,
    };
    let t = trace(&issue, &Params::default());
    assert_eq!(t.rounds.len(), 10);
    for (k, (rec, &(mean, median, counts))) in t.rounds.iter().zip(&want).enumerate() {
        close(rec.mean, mean, &format!("mean of round {}", k + 1));
        close(rec.median, median, &format!("median of round {}", k + 1));
        let count = |o: Outcome| rec.events.iter().filter(|e| e.outcome == o).count();
        let got = [
            count(Outcome::Confrontation),
            count(Outcome::Compromise),
            count(Outcome::Capitulation),
            count(Outcome::Resisted),
        ];
        assert_eq!(got, counts, "offers taken up in round {}", k + 1);
    }
    close(t.prediction.mean, 45.45038681058795, "final weighted mean");
    close(t.prediction.median, 47.0, "final median voter");
}

#[test]
fn a_settled_issue_stops_early_and_reports_it() {
    // Everyone already at one position: nothing to challenge, the first round settles.
    let t = trace(
        &Issue {
            low: 0.0,
            high: 1.0,
            capability: &[1.0, 2.0, 3.0],
            position: &[0.25; 3],
            salience: &[0.5, 0.5, 1.0],
        },
        &Params::default(),
    );
    assert_eq!(t.rounds.len(), 1);
    assert!(t.rounds[0].events.is_empty());
    assert!(t.prediction.settled);
    assert_eq!(t.prediction.rounds, 1);
    assert_eq!(t.prediction.mean, 0.25);
}

/// A random issue: 1–11 actors (the round for at most 16) or 17–23 (the round for
/// more) on [low, low + width]; positions continuous or on a five-point grid (so that
/// ties happen), saliences in [0, 1] with some exactly 0 or 1.
fn issue() -> impl Strategy<Value = (f64, f64, Vec<f64>, Vec<f64>, Vec<f64>)> {
    (
        prop_oneof![3 => 1usize..12, 1 => 17usize..24],
        -5.0f64..5.0,
        0.5f64..20.0,
    )
        .prop_flat_map(|(n, low, width)| {
            let pos = (0.0f64..=1.0, any::<bool>())
                .prop_map(|(u, grid)| if grid { (u * 4.0).round() / 4.0 } else { u });
            let sal = prop_oneof![Just(0.0), Just(1.0), 0.0f64..=1.0];
            (
                Just(low),
                Just(low + width),
                prop::collection::vec(0.01f64..10.0, n),
                prop::collection::vec(pos, n)
                    .prop_map(move |v| v.iter().map(|u| low + u * width).collect::<Vec<f64>>()),
                prop::collection::vec(sal, n),
            )
        })
}

proptest! {
    #[test]
    fn round_invariants_hold((low, high, c, x, s) in issue(), q in 0.0f64..=1.0, t in 0.0f64..=1.0) {
        let p = Params { q, t, rounds: 3, tolerance: 0.0 };
        let mut ws = Workspace::default();
        ws.load(&Issue { low, high, capability: &c, position: &x, salience: &s });
        let n = x.len();
        for _ in 0..p.rounds {
            let start = ws.position.clone();
            let r = round(&mut ws, &p);
            // The weighted mean is Σ c s x / Σ c s (plain mean when nobody cares).
            let num: f64 = (0..n).map(|k| c[k] * s[k] * start[k]).sum();
            let den: f64 = (0..n).map(|k| c[k] * s[k]).sum();
            let mean = if den > 0.0 { num / den } else { start.iter().sum::<f64>() / n as f64 };
            prop_assert!((r.mean - mean).abs() <= 1e-9 * (1.0 + mean.abs()));
            prop_assert_eq!(weighted_mean(&start, &ws.weight), r.mean);
            // The median voter is an actor's position that wins every pairwise vote.
            prop_assert!(start.contains(&r.median));
            for &xm in &start {
                let vote: f64 = (0..n).map(|k| c[k] * s[k] * ((start[k] - xm).abs() - (start[k] - r.median).abs())).sum();
                prop_assert!(vote >= -1e-9, "median {} loses to {xm} by {vote}", r.median);
            }
            // The round's O(n²) win probabilities agree with the formula as written to
            // rounding: both sums are at most a few ulps of Σ w·d off, so P is off by
            // that over the denominator.
            let mut direct = vec![0.0; n * n];
            win_probabilities(&start, &ws.weight, &mut direct);
            let scale = den * (high - low);
            for i in 0..n {
                for j in 0..n {
                    let sep: f64 = (0..n)
                        .map(|k| ws.weight[k] * ((start[k] - start[j]).abs() - (start[k] - start[i]).abs()).abs())
                        .sum();
                    let (fast, want) = (ws.prob(i, j), direct[i * n + j]);
                    // (Pairs that almost nobody separates are left out: there P is
                    // rounding noise either way.)
                    if sep > 1e-9 * scale {
                        prop_assert!((fast - want).abs() <= 1e-12 * scale / sep, "P_{i}{j}: {fast} vs {want}");
                    }
                }
            }
            for i in 0..n {
                // r in [½, 2].
                prop_assert!((0.5..=2.0).contains(&ws.risk[i]), "r = {}", ws.risk[i]);
                for j in 0..n {
                    let (pij, pji) = (ws.prob(i, j), ws.prob(j, i));
                    // P in [0, 1], never both directions positive, 0 at equal positions.
                    prop_assert!((0.0..=1.0).contains(&pij));
                    prop_assert!(!(pij > 0.0 && pji > 0.0), "P_ij = {pij}, P_ji = {pji}");
                    if start[i] == start[j] {
                        prop_assert_eq!(pij, 0.0);
                    } else {
                        // The second pass's shortcuts (shared logarithms) agree with
                        // the formula as written.
                        let dij = (start[i] - start[j]).abs();
                        let e = ((start[i] - r.mean).abs() + dij) / (high - low);
                        let want = expected_utility(&p, s[j], pij, dij / (high - low), e, ws.risk[i]);
                        let got = ws.eu(i, j);
                        prop_assert!((got - want).abs() <= 1e-12 * (1.0 + want.abs()), "EU {got} vs {want}");
                    }
                }
            }
            // Moves go towards a sender's position, so positions stay on the issue.
            for e in &ws.events {
                let (a, b) = (e.from.min(start[e.sender]), e.from.max(start[e.sender]));
                prop_assert!(a <= e.to && e.to <= b);
                prop_assert!(e.offer > 0.0);
            }
            for &xi in &ws.position {
                prop_assert!(low <= xi && xi <= high);
            }
        }
    }

    #[test]
    fn a_reused_workspace_gives_the_same_run((low, high, c, x, s) in issue()) {
        let issue = Issue { low, high, capability: &c, position: &x, salience: &s };
        let p = Params::default();
        let fresh = trace(&issue, &p);
        // A workspace that played a bigger issue first must not carry anything over.
        let mut ws = Workspace::with_actors(20);
        ws.load(&ec());
        run(&mut ws, &p, |_, _| {});
        ws.load(&issue);
        let again = run(&mut ws, &p, |_, _| {});
        prop_assert_eq!(fresh.prediction, again);
        prop_assert_eq!(&fresh.positions, &ws.position);
    }

    #[test]
    fn the_rounds_shortcuts_change_no_bit((low, high, c, x, s) in issue(), q in prop_oneof![Just(1.0), 0.0f64..=1.0], t in 0.0f64..=1.0) {
        same_bits_as_pair_by_pair(low, high, &c, &x, &s, Params { q, t, rounds: 4, tolerance: 0.0 })?;
    }
}

/// The round computes what depends only on positions once per position or pair of
/// positions, shares rows between actors, and adds per pair of actors only a few
/// terms. Given its win probabilities (which come from per-position sums and are
/// checked against the formula above), everything else must be what the formulas give
/// pair by pair, to the last bit: dangers, risk exponents, every EU and every event,
/// over `p.rounds` rounds.
fn same_bits_as_pair_by_pair(
    low: f64,
    high: f64,
    c: &[f64],
    x: &[f64],
    s: &[f64],
    p: Params,
) -> Result<(), TestCaseError> {
    let mut ws = Workspace::default();
    ws.load(&Issue {
        low,
        high,
        capability: c,
        position: x,
        salience: s,
    });
    let (n, d) = (x.len(), high - low);
    for _ in 0..p.rounds {
        let start = ws.position.clone();
        let r = round(&mut ws, &p);
        let want = pair_by_pair(&p, d, s, &start, |i, j| ws.prob(i, j), r.mean, r.median);
        prop_assert_eq!(bits(&ws.danger), bits(&want.danger));
        prop_assert_eq!(bits(&ws.risk), bits(&want.risk));
        for i in 0..n {
            for j in 0..n {
                prop_assert_eq!(
                    ws.eu(i, j).to_bits(),
                    want.eu[i * n + j].to_bits(),
                    "EU_{}({})",
                    i,
                    j
                );
            }
        }
        prop_assert_eq!(format!("{:?}", ws.events), format!("{:?}", want.events));
        prop_assert_eq!(bits(&ws.position), bits(&want.position));
    }
    Ok(())
}

#[test]
fn zeros_of_both_signs_are_one_position() {
    // −0 and +0 are one position, whichever actor holds which zero: the round groups
    // them with the actors in index order (actors 0 and 3 share a salience, so the
    // round shares their rows, which needs the earlier of the two done first), and
    // plays them as the formulas do pair by pair.
    let x = [0.0, -0.0, 1.0, -0.0, 0.0, -1.0, 0.0];
    let c = [1.0, 2.0, 1.5, 0.5, 1.0, 2.0, 0.7];
    let s = [0.5, 0.9, 0.3, 0.5, 0.9, 0.8, 1.0];
    for q in [1.0, 0.6] {
        let p = Params {
            q,
            t: 0.3,
            rounds: 4,
            tolerance: 0.0,
        };
        same_bits_as_pair_by_pair(-1.0, 1.0, &c, &x, &s, p).unwrap();
    }
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

/// One round as written, pair by pair, with powers b^r taken as exp(r ln b) with the
/// crate's `exp` (as the model computes them) and the round's win probabilities
/// `prob(i, j)`.
struct Reference {
    danger: Vec<f64>,
    risk: Vec<f64>,
    eu: Vec<f64>,
    events: Vec<Event>,
    position: Vec<f64>,
}

fn pair_by_pair(
    p: &Params,
    d: f64,
    s: &[f64],
    x: &[f64],
    prob: impl Fn(usize, usize) -> f64,
    mean: f64,
    median: f64,
) -> Reference {
    let n = x.len();
    let pow = |b: f64, r: f64| if r == 1.0 { b } else { exp(r * b.ln()) };
    let eu = |s_j: f64, p_ij: f64, dij: f64, to_mu: f64, r: f64| {
        let delta = dij / d;
        let e = (to_mu + dij) / d;
        let u_s = 2.0 - 4.0 * pow(0.5 - 0.5 * delta, r);
        let u_f = 2.0 - 4.0 * pow(0.5 + 0.5 * delta, r);
        let u_sq = 2.0 - 4.0 * pow(0.5, r);
        let quo = if p.q == 1.0 {
            u_sq
        } else {
            let u_b = 2.0 - 4.0 * pow(0.5 - 0.25 * e, r);
            let u_w = 2.0 - 4.0 * pow(0.5 + 0.25 * e, r);
            p.q * u_sq + (1.0 - p.q) * (p.t * u_b + (1.0 - p.t) * u_w)
        };
        s_j * (p_ij * u_s + (1.0 - p_ij) * u_f) + (1.0 - s_j) * u_s - quo
    };
    // First pass: r = 1, μ = the median voter; U_sq = 0 there.
    let danger: Vec<f64> = (0..n)
        .map(|i| {
            let mut sum = 0.0;
            for j in (0..n).filter(|&j| j != i) {
                sum += eu(
                    s[i],
                    prob(j, i),
                    (x[j] - x[i]).abs(),
                    (x[j] - median).abs(),
                    1.0,
                );
            }
            sum
        })
        .collect();
    let mut risk = vec![0.0; n];
    risk_exponents(&danger, &mut risk);
    let mut table = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            if x[i] != x[j] {
                let to_mean = (x[i] - mean).abs();
                table[i * n + j] = eu(s[j], prob(i, j), (x[i] - x[j]).abs(), to_mean, risk[i]);
            }
        }
    }
    let mut events = Vec::new();
    let mut position = x.to_vec();
    for j in 0..n {
        let mut best: Option<usize> = None;
        for i in 0..n {
            let v = table[i * n + j];
            if i == j || x[i] == x[j] || v.is_nan() || v <= 0.0 {
                continue;
            }
            let better = best.is_none_or(|b| {
                let bv = table[b * n + j];
                v > bv || (v == bv && (x[i] - x[j]).abs() < (x[b] - x[j]).abs())
            });
            if better {
                best = Some(i);
            }
        }
        let Some(i) = best else { continue };
        let (offer, reply) = (table[i * n + j], table[j * n + i]);
        let (outcome, to) = if reply > 0.0 && reply < offer {
            (Outcome::Confrontation, x[i])
        } else if reply < 0.0 && -reply < offer {
            (
                Outcome::Compromise,
                x[j] + (x[i] - x[j]) * (reply / offer).abs(),
            )
        } else if reply < 0.0 {
            (Outcome::Capitulation, x[i])
        } else {
            (Outcome::Resisted, x[j])
        };
        position[j] = to;
        events.push(Event {
            sender: i,
            target: j,
            offer,
            reply,
            outcome,
            from: x[j],
            to,
        });
    }
    Reference {
        danger,
        risk,
        eu: table,
        events,
        position,
    }
}

// ---------------------------------------------------------------------------------
// The protocol: `[talks] protocol = "expected-utility"` in a scenario.

fn ec_scenario(edit: impl Fn(String) -> String) -> detente::model::Model {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/ec-emissions.toml");
    let text = edit(std::fs::read_to_string(path).unwrap());
    let loaded = detente::scenario::load("ec-emissions.toml", text.as_bytes(), &[]).unwrap();
    detente::model::Model::compile(&loaded.scenario)
}

#[test]
fn the_prediction_becomes_the_terms_and_the_trace_tells_each_round() {
    let model = ec_scenario(|s| s);
    let names: Vec<String> = (0..10).map(|i| format!("A{i}")).collect();
    let (lines, result) = detente::engine::trace_run(&model, 1994, 0, &names, &[]);
    let direct = trace(&ec(), &Params::default());
    assert_eq!(result.first_agreement, Some(1));
    assert_eq!(result.terms, vec![direct.prediction.mean]);
    let text: Vec<&str> = lines.iter().map(|(_, l)| l.as_str()).collect();
    assert_eq!(
        text.iter().filter(|l| l.contains("positions [")).count(),
        10
    );
    assert!(text[0].starts_with("issue 1 round 1: positions [4.000, 7.000, 4.000"));
    assert!(text[0].contains("weighted mean 7.390, median voter 7.000"));
    assert!(text[0].contains("A4 challenges A2: confrontation (4.000 -> 10.000)"));
    assert!(text[0].contains("A4 challenges A7: compromise (7.000 -> 7.188)"));
    assert!(text[10].starts_with("issue 1 predicted outcome 7.392"));
    assert_eq!(text[11], "agreement reached: [7.392]");
}

#[test]
fn uncertain_capability_spreads_the_prediction_across_runs() {
    // The UK's capability drawn per run: the predicted standard varies, always between
    // the lowest and highest positions, and the same seed gives the same spread.
    let model = ec_scenario(|s| {
        s.replace(
            "name = \"United Kingdom\"\ncapability = 0.16",
            "name = \"United Kingdom\"\ncapability = { dist = \"uniform\", low = 0.01, high = 0.6 }",
        )
    });
    let collect = || {
        let mut terms = Vec::new();
        let mut record = |_: u64, r: &detente::engine::run::RunResult| terms.push(r.terms[0]);
        detente::engine::simulate_range_with(
            &model,
            7,
            0,
            200,
            &Default::default(),
            Some(&mut record),
        );
        terms
    };
    let terms = collect();
    assert_eq!(terms.len(), 200);
    assert!(terms.iter().all(|&x| (4.0..=10.0).contains(&x)));
    let lo = terms.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert!(
        hi - lo > 0.5,
        "a stronger UK pulls the standard up: {lo}..{hi}"
    );
    assert_eq!(terms, collect());
}

#[test]
fn charts_of_positions_and_of_the_prediction_draw_deterministically() {
    use detente::report::charts::Format;
    use detente::report::charts::positions::{PositionsPlot, positions_chart, prediction_chart};
    let t = trace(&ec(), &Params::default());
    let names: Vec<String> = ["NL", "BE", "LU", "DE", "FR", "IT", "UK", "IE", "DK", "GR"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let plot = PositionsPlot {
        title: "EC car emissions — positions over the rounds",
        subtitle: "Q = T = 1",
        issue: "emission standard",
        low: 4.0,
        high: 10.0,
        names: &names,
        trace: &t,
    };
    for format in [Format::Png, Format::Svg] {
        let a = positions_chart(&plot, format, (1200, 750)).unwrap();
        assert!(a.len() > 1000);
        assert_eq!(a, positions_chart(&plot, format, (1200, 750)).unwrap());
    }
    let svg = String::from_utf8(positions_chart(&plot, Format::Svg, (1200, 750)).unwrap()).unwrap();
    assert!(svg.contains("prediction 7.392") && svg.contains("GR"));

    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/ec-emissions.toml"
    ));
    let set = ["actor.uk.capability={ dist = \"uniform\", low = 0.01, high = 0.6 }".to_string()];
    let prep = detente::cli::run::prepare(path, &set).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let (summary, _) = detente::cli::run::simulate_summary(&pool, &prep, 7, 400, (0, 400));
    let png = prediction_chart(&summary, 0, Format::Png, (1200, 750)).unwrap();
    assert_eq!(
        png,
        prediction_chart(&summary, 0, Format::Png, (1200, 750)).unwrap()
    );
    let svg = String::from_utf8(prediction_chart(&summary, 0, Format::Svg, (1200, 750)).unwrap())
        .unwrap();
    assert!(svg.contains("400 predictions"));
}

// ---------------------------------------------------------------------------------
// Uncertain capabilities, positions and saliences: drawn per run, the prediction's
// Monte Carlo distribution.

/// Germany's and the UK's lines in scenarios/ec-emissions.toml.
const GERMANY: &str =
    "capability = 0.16\nideal = { standard = 4.0 }\nsalience = { standard = 0.80 }";
const UK_LINES: &str = "ideal = { standard = 10.0 }\nsalience = { standard = 0.90 }";

/// The predicted standard (the agreed terms) of runs 0..runs.
fn predictions(model: &detente::model::Model, runs: u64) -> Vec<f64> {
    let mut terms = Vec::new();
    let mut record = |_: u64, r: &detente::engine::run::RunResult| terms.push(r.terms[0]);
    detente::engine::simulate_range_with(
        model,
        11,
        0,
        runs,
        &Default::default(),
        Some(&mut record),
    );
    terms
}

fn mean_and_se(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, (var / n).sqrt())
}

/// The mean prediction of `high` exceeds that of `low` by more than four standard
/// errors of the difference (runs are independent: a false failure has odds < 1e-4).
fn moves_up(low: &[f64], high: &[f64], what: &str) {
    let (ml, sl) = mean_and_se(low);
    let (mh, sh) = mean_and_se(high);
    let se = (sl * sl + sh * sh).sqrt();
    assert!(
        mh - ml > 4.0 * se,
        "{what}: mean {ml} (se {sl}) -> {mh} (se {sh})"
    );
}

#[test]
fn uncertain_positions_and_saliences_are_drawn_per_run() {
    // Germany's position anywhere on the scale, its salience anywhere in [0, 1].
    let model = ec_scenario(|s| {
        s.replace(
            GERMANY,
            "capability = 0.16\nideal = { standard = { dist = \"uniform\", low = 4, high = 10 } }\nsalience = { standard = { dist = \"beta\", alpha = 2, beta = 2 } }",
        )
    });
    let terms = predictions(&model, 300);
    assert!(terms.iter().all(|&x| (4.0..=10.0).contains(&x)));
    let (mean, se) = mean_and_se(&terms);
    let sd = se * (terms.len() as f64).sqrt();
    assert!(
        sd > 0.1,
        "the prediction varies across runs: mean {mean}, sd {sd}"
    );
    // Not every draw lands in one place: many distinct predictions.
    let mut distinct = terms.clone();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    assert!(
        distinct.len() > 100,
        "{} distinct predictions",
        distinct.len()
    );
    // The trace of one run plays from that run's draws (the same seed and run: the
    // same prediction as the Monte Carlo).
    let names: Vec<String> = (0..10).map(|i| format!("A{i}")).collect();
    let (_, result) = detente::engine::trace_run(&model, 11, 5, &names, &[]);
    assert_eq!(result.terms[0], terms[5]);
    // `explain` names what is drawn.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/ec-emissions.toml");
    let text = std::fs::read_to_string(path).unwrap().replace(
        GERMANY,
        "capability = 0.16\nideal = { standard = { dist = \"uniform\", low = 4, high = 10 } }\nsalience = { standard = 0.8 }",
    );
    let loaded = detente::scenario::load("ec.toml", text.as_bytes(), &[]).unwrap();
    let words = detente::report::explain::explain(&loaded.scenario);
    assert!(
        words.contains("Germany: position on standard: uniform"),
        "{words}"
    );
}

#[test]
fn the_mean_prediction_moves_towards_a_stronger_or_moved_actor() {
    // The UK (at 10, above the prediction of about 7.4) more capable: the standard
    // rises. Each pair: same seed, 300 runs.
    let uk_cap = |lo: f64, hi: f64| {
        ec_scenario(move |s| {
            s.replace(
                "name = \"United Kingdom\"\ncapability = 0.16",
                &format!("name = \"United Kingdom\"\ncapability = {{ dist = \"uniform\", low = {lo}, high = {hi} }}"),
            )
        })
    };
    moves_up(
        &predictions(&uk_cap(0.05, 0.15), 300),
        &predictions(&uk_cap(0.3, 0.5), 300),
        "UK capability",
    );
    // Germany's position (at 4) drawn nearer the strict end: the standard rises.
    let de_pos = |lo: f64, hi: f64| {
        ec_scenario(move |s| {
            s.replace(
                GERMANY,
                &format!("capability = 0.16\nideal = {{ standard = {{ dist = \"uniform\", low = {lo}, high = {hi} }} }}\nsalience = {{ standard = 0.80 }}"),
            )
        })
    };
    moves_up(
        &predictions(&de_pos(4.0, 5.0), 300),
        &predictions(&de_pos(8.0, 9.0), 300),
        "Germany's position",
    );
    // The UK's salience higher: more weight at 10.
    let uk_sal = |lo: f64, hi: f64| {
        ec_scenario(move |s| {
            s.replace(
                UK_LINES,
                &format!("ideal = {{ standard = 10.0 }}\nsalience = {{ standard = {{ dist = \"uniform\", low = {lo}, high = {hi} }} }}"),
            )
        })
    };
    moves_up(
        &predictions(&uk_sal(0.1, 0.3), 300),
        &predictions(&uk_sal(0.8, 1.0), 300),
        "UK salience",
    );
}

#[test]
fn uncertain_positions_need_the_model_and_stay_in_range() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/ec-emissions.toml");
    let base = std::fs::read_to_string(path).unwrap();
    let err = |text: String| match detente::scenario::load("ec.toml", text.as_bytes(), &[]) {
        Ok(_) => panic!("loaded"),
        Err(e) => e.render(),
    };
    let line = base[..base.find(GERMANY).unwrap()].lines().count() + 2;
    // A position outside the issue's range, and a salience that can exceed 1.
    let wide = base.replace(
        GERMANY,
        "capability = 0.16\nideal = { standard = { dist = \"normal\", mean = 4, sd = 1 } }\nsalience = { standard = { dist = \"uniform\", low = 0.5, high = 1.5 } }",
    );
    let e = err(wide);
    assert!(e.contains(&format!("ec.toml:{line}:")), "{e}");
    assert!(e.contains(&format!("ec.toml:{}:", line + 1)), "{e}");
    // Another protocol does not draw positions.
    let other = base.replace("protocol = \"expected-utility\"", "").replace(
        GERMANY,
        "capability = 0.16\nideal = { standard = { dist = \"uniform\", low = 4, high = 5 } }\nsalience = { standard = 0.80 }",
    );
    let e = err(other);
    assert!(
        e.contains("is a distribution, which only the expected-utility model draws"),
        "{e}"
    );
    assert!(e.contains(&format!("ec.toml:{line}:")), "{e}");
}

#[test]
fn the_json_records_the_first_runs_rounds_and_plots_draw_them() {
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/ec-emissions.toml"
    ));
    let set = ["actor.uk.capability={ dist = \"uniform\", low = 0.01, high = 0.6 }".to_string()];
    let prep = detente::cli::run::prepare(path, &set).unwrap();
    let file = detente::cli::run::compute_file(&prep, 7, 40, (0, 40), Some(1)).unwrap();
    let report = file.positions.as_ref().expect("a positions section");
    assert_eq!(report.run, 0);
    assert_eq!(report.actors[UK], "uk");
    let play = &report.issues[0];
    assert_eq!(
        (play.issue.as_str(), play.low, play.high),
        ("standard", 4.0, 10.0)
    );
    // Run 0's drawn capability, and the play the talks of run 0 agreed on.
    let mut first = None;
    let mut record = |k: u64, r: &detente::engine::run::RunResult| {
        if k == 0 {
            first = Some(r.terms[0]);
        }
    };
    detente::engine::simulate_range_with(
        &prep.model,
        7,
        0,
        1,
        &Default::default(),
        Some(&mut record),
    );
    assert_eq!(Some(play.play.prediction.mean), first);
    assert!((0.01..0.6).contains(&play.capability[UK]));
    assert_eq!(play.salience, SALIENCE.to_vec());
    let direct = trace(
        &Issue {
            capability: &play.capability,
            ..ec()
        },
        &Params::default(),
    );
    assert_eq!(play.play, direct);
    // Round by round in the JSON: positions, risk exponents, mean, median, events.
    let json: serde_json::Value =
        serde_json::from_slice(&detente::report::json::to_json(&file)).unwrap();
    let r1 = &json["positions"]["issues"][0]["rounds"][0];
    assert_eq!(r1["positions"].as_array().unwrap().len(), 10);
    assert_eq!(r1["risk"].as_array().unwrap().len(), 10);
    assert!(r1["mean"].is_f64() && r1["median"].is_f64());
    let e = &r1["events"][0];
    assert!(e["sender"].is_u64() && e["target"].is_u64());
    assert!(
        ["confrontation", "compromise", "capitulation", "resisted"]
            .contains(&e["outcome"].as_str().unwrap())
    );
    // Another protocol: no section, so those files keep their bytes.
    let other = detente::cli::run::prepare(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scenarios/inf-treaty.toml"
        )),
        &[],
    )
    .unwrap();
    let plain = detente::cli::run::compute_file(&other, 7, 10, (0, 10), Some(1)).unwrap();
    assert!(plain.positions.is_none());
    assert!(
        !String::from_utf8(detente::report::json::to_json(&plain))
            .unwrap()
            .contains("\"positions\"")
    );

    use detente::report::charts::Format;
    let charts = detente::report::charts::positions::positions_charts(
        &file.summary,
        report,
        &[Format::Png, Format::Svg],
        (1200, 750),
    )
    .unwrap();
    let names: Vec<String> = charts.iter().map(|c| c.file_name()).collect();
    assert_eq!(
        names,
        [
            "positions.png",
            "positions.svg",
            "prediction.png",
            "prediction.svg"
        ]
    );
    let svg = String::from_utf8(charts[1].bytes.clone()).unwrap();
    assert!(svg.contains("United Kingdom") && svg.contains("prediction "));
}

#[test]
fn run_plots_and_plot_draw_the_positions_charts() {
    let dir = tempfile::tempdir().unwrap();
    let ec = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/ec-emissions.toml");
    let json = dir.path().join("ec.json");
    let plots = dir.path().join("plots");
    assert_cmd::Command::cargo_bin("detente")
        .unwrap()
        .args(["run", ec, "--runs", "30", "--quiet", "--json"])
        .arg(&json)
        .arg("--plots")
        .arg(&plots)
        .assert()
        .success();
    for f in [
        "positions.png",
        "positions.svg",
        "prediction.png",
        "prediction.svg",
    ] {
        assert!(plots.join(f).is_file(), "run --plots wrote no {f}");
    }
    let again = dir.path().join("again");
    assert_cmd::Command::cargo_bin("detente")
        .unwrap()
        .args(["plot"])
        .arg(&json)
        .arg("--out")
        .arg(&again)
        .assert()
        .success();
    // The same bytes from the file as from the run.
    for f in ["positions.svg", "prediction.svg"] {
        assert_eq!(
            std::fs::read(plots.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
    // A crafted file whose positions do not fit its actors is refused, not drawn.
    let text = std::fs::read_to_string(&json).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut value = value;
    value["positions"]["issues"][0]["rounds"][0]["positions"] = serde_json::json!([4.0]);
    let obj = value.as_object_mut().unwrap();
    obj.remove("digest");
    let file: detente::report::json::RunFile = serde_json::from_value(value).unwrap();
    let crafted = dir.path().join("crafted.json");
    std::fs::write(&crafted, detente::report::json::to_sealed_json(&file)).unwrap();
    let out = assert_cmd::Command::cargo_bin("detente")
        .unwrap()
        .args(["plot"])
        .arg(&crafted)
        .arg("--out")
        .arg(dir.path().join("crafted"))
        .assert()
        .code(2);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("do not fit its 10 actors"), "{err}");
}
