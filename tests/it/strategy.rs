//! The strategy catalogue: one generic conformance test over every entry (declared
//! metadata against behaviour, seeded reproducibility, reset, lookup) and scripted
//! opponents for the deterministic strategies, with expected moves taken from the
//! axelrod Python library 4.14 (`axl.Match((Strategy(), MockPlayer(actions)))`).

use detente::scenario::StrategySpec;
use detente::strategy::{CATALOG, Move, Player, StrategyId, lookup};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, BTreeSet};

fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

fn moves(s: &str) -> Vec<Move> {
    s.chars()
        .map(|c| if c == 'C' { Move::C } else { Move::D })
        .collect()
}

fn text(m: &[Move]) -> String {
    m.iter().map(|m| if m.is_c() { 'C' } else { 'D' }).collect()
}

/// Play `p` against a fixed sequence of opponent moves (no noise).
fn versus(p: &mut Player, opp: &[Move], r: &mut ChaCha8Rng) -> Vec<Move> {
    opp.iter()
        .map(|&o| {
            let m = p.play(r);
            p.observe(m, o);
            m
        })
        .collect()
}

/// A random opponent sequence whose defection rate is itself random.
fn random_opp(seed: u64, n: usize) -> Vec<Move> {
    let mut r = rng(1_000_000 + seed);
    let pd: f64 = r.random();
    (0..n)
        .map(|_| {
            if r.random::<f64>() < pd {
                Move::D
            } else {
                Move::C
            }
        })
        .collect()
}

/// The generic conformance test: every catalogue entry.
#[test]
fn every_catalogue_entry_conforms_to_its_metadata() {
    let mut names = BTreeSet::new();
    for info in CATALOG {
        // Lookup by id and by every alias; aliases unique across the catalogue.
        for name in std::iter::once(info.id.as_str()).chain(info.aliases.iter().copied()) {
            assert!(names.insert(name), "name `{name}` used twice");
            assert_eq!(lookup(name).map(|i| i.id), Some(info.id));
            assert_eq!(
                lookup(&name.to_uppercase().replace('-', "_")).map(|i| i.id),
                Some(info.id)
            );
        }
        let player = Player::by_id(info.id.as_str()).unwrap();
        assert!(
            info.stochastic || !player.is_stochastic(),
            "{}: declared deterministic but draws numbers",
            info.id
        );
        if let Some((_, _)) = player.memory_one_vector() {
            assert!(
                info.memory.is_some_and(|m| m <= 1),
                "{}: memory-one",
                info.id
            );
        }
        let opp = random_opp(7, 200);
        let base = versus(&mut player.clone(), &opp, &mut rng(0));
        // Seeded reproducibility.
        assert_eq!(
            base,
            versus(&mut player.clone(), &opp, &mut rng(0)),
            "{}",
            info.id
        );
        // Stochastic or not, against other seeds.
        let differs = (1..30).any(|s| versus(&mut player.clone(), &opp, &mut rng(s)) != base);
        assert_eq!(
            differs,
            player.is_stochastic(),
            "{}: stochastic behaviour",
            info.id
        );
        // Reset restores the initial behaviour.
        let mut used = player.clone();
        versus(&mut used, &random_opp(8, 57), &mut rng(3));
        used.reset();
        assert_eq!(
            versus(&mut used, &opp, &mut rng(0)),
            base,
            "{}: reset",
            info.id
        );
        // Declared memory depth against behaviour.
        if let Some(k) = info.memory {
            check_memory(info.id.as_str(), &player, k as usize);
        }
    }
    assert!(CATALOG.len() >= 20);
}

/// Histories that agree in their last `k` rounds must lead to the same next move under
/// the same random numbers: collect many players after random histories (length >= k),
/// group by the last k rounds, and compare each group's next move for 20 probe seeds.
fn check_memory(id: &str, proto: &Player, k: usize) {
    let mut groups: BTreeMap<Vec<(bool, bool)>, Vec<Player>> = BTreeMap::new();
    for s in 0..400u64 {
        let len = k + (s as usize % 31);
        let opp = random_opp(s, len);
        let mut p = proto.clone();
        let mut r = rng(s);
        let own = versus(&mut p, &opp, &mut r);
        let key: Vec<(bool, bool)> = own[len - k..]
            .iter()
            .zip(&opp[len - k..])
            .map(|(a, b)| (a.is_c(), b.is_c()))
            .collect();
        groups.entry(key).or_default().push(p);
    }
    let mut compared = 0;
    for (key, ps) in &groups {
        for probe in 0..20 {
            let first = ps[0].clone().play(&mut rng(500 + probe));
            for p in &ps[1..] {
                compared += 1;
                assert_eq!(
                    p.clone().play(&mut rng(500 + probe)),
                    first,
                    "{id}: declared memory {k}, but the next move after {key:?} depends on older rounds"
                );
            }
        }
    }
    assert!(compared > 0, "{id}: no histories to compare");
}

/// Stochastic strategies whose parameters make them deterministic play alike for all
/// seeds; the memory-one entry with an open probability does not.
#[test]
fn parameters_decide_whether_a_strategy_is_random() {
    let spec = |id: &str, params: &[(&str, f64)]| StrategySpec {
        id: id.parse().unwrap(),
        params: params.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
    };
    let opp = random_opp(3, 100);
    for (s, stochastic) in [
        (spec("random", &[("p", 1.0)]), false),
        (spec("joss", &[("p", 1.0)]), false),
        (spec("generous-tit-for-tat", &[("generosity", 0.0)]), false),
        (spec("memory-one", &[("p_cd", 0.5)]), true),
        (spec("memory-one", &[("first", 0.5)]), true),
    ] {
        let p = Player::from_spec(&s).unwrap();
        assert_eq!(p.is_stochastic(), stochastic, "{s:?}");
        let a = versus(&mut p.clone(), &opp, &mut rng(0));
        let differs = (1..30).any(|k| versus(&mut p.clone(), &opp, &mut rng(k)) != a);
        assert_eq!(differs, stochastic, "{s:?}");
    }
    // Joss with p = 1 is Tit For Tat.
    let joss = Player::from_spec(&spec("joss", &[("p", 1.0)])).unwrap();
    let tft = Player::by_id("tft").unwrap();
    assert_eq!(
        versus(&mut joss.clone(), &opp, &mut rng(0)),
        versus(&mut tft.clone(), &opp, &mut rng(0))
    );
}

const SCRIPT: &str = "CDCCDDDCCCDCCCCCCCCDDCDCCCCCCCCDCCCCCCCC";

/// Expected moves against SCRIPT, produced by axelrod 4.14.
const AXELROD: &[(&str, &str)] = &[
    ("cooperator", "CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    ("defector", "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("tit-for-tat", "CCDCCDDDCCCDCCCCCCCCDDCDCCCCCCCCDCCCCCCC"),
    (
        "suspicious-tit-for-tat",
        "DCDCCDDDCCCDCCCCCCCCDDCDCCCCCCCCDCCCCCCC",
    ),
    (
        "tit-for-two-tats",
        "CCCCCCDDCCCCCCCCCCCCCDCCCCCCCCCCCCCCCCCC",
    ),
    (
        "two-tits-for-tat",
        "CCDDCDDDDCCDDCCCCCCCDDDDDCCCCCCCDDCCCCCC",
    ),
    ("grim", "CCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    (
        "win-stay-lose-shift",
        "CCDDDCDCCCCDDDDDDDDDCDDCCCCCCCCCDDDDDDDD",
    ),
    ("alternator", "CDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCDCD"),
    ("prober", "DCCCCDDDCCCDCCCCCCCCDDCDCCCCCCCCDCCCCCCC"),
    ("gradual", "CCDCCDDCCCCDDDDDCCCCDDDDDDCCCCCCDDDDDDDD"),
    ("adaptive", "CCCCCCDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"),
    ("handshake", "CDCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
    (
        "hard-tit-for-tat",
        "CCDDDDDDDDCDDDCCCCCCDDDDDDCCCCCCDDDCCCCC",
    ),
    ("soft-grudger", "CCDDDDCCCCCDDDDCCCCCDDDDCCCCCCCCDDDDCCCC"),
    ("go-by-majority", "CCCCCCCDCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"),
];

#[test]
fn deterministic_strategies_match_axelrod_against_a_script() {
    let opp = moves(SCRIPT);
    for (id, expected) in AXELROD {
        let mut p = Player::by_id(id).unwrap();
        assert_eq!(text(&versus(&mut p, &opp, &mut rng(0))), *expected, "{id}");
    }
    // Every deterministic catalogue entry is covered.
    for info in CATALOG.iter().filter(|i| !i.stochastic) {
        assert!(
            AXELROD.iter().any(|(id, _)| *id == info.id.as_str()),
            "{} has no script",
            info.id
        );
    }
}

#[test]
fn openings_decide_handshake_and_prober() {
    // axelrod 4.14: against C,D,C,C,... and D,C,C,C,...
    for (opp, id, expected) in [
        ("CDCCCCCCCC", "handshake", "CDCCCCCCCC"),
        ("CDCCCCCCCC", "prober", "DCCCCCCCCC"),
        ("DCCCCCCCCC", "handshake", "CDDDDDDDDD"),
        ("DCCCCCCCCC", "prober", "DCCDDDDDDD"),
    ] {
        let mut p = Player::by_id(id).unwrap();
        assert_eq!(
            text(&versus(&mut p, &moves(opp), &mut rng(0))),
            expected,
            "{id} vs {opp}"
        );
    }
}

#[test]
fn calculator_defects_forever_against_a_periodic_opponent() {
    for seed in 0..10 {
        // Period 3 (C, C, D): detected at round 21, then D forever.
        let opp: Vec<Move> = (0..60)
            .map(|t| if t % 3 == 2 { Move::D } else { Move::C })
            .collect();
        let m = versus(
            &mut Player::by_id("calculator").unwrap(),
            &opp,
            &mut rng(seed),
        );
        assert!(
            m[20..].iter().all(|&x| x == Move::D),
            "seed {seed}: {}",
            text(&m)
        );
        // Not periodic in its first 20 moves: tit for tat from round 21.
        let opp = moves(&format!("{SCRIPT}{SCRIPT}"));
        let m = versus(
            &mut Player::by_id("calculator").unwrap(),
            &opp,
            &mut rng(seed),
        );
        for t in 20..opp.len() {
            assert_eq!(m[t], opp[t - 1], "seed {seed}, round {}", t + 1);
        }
    }
}

#[test]
fn worse_and_worse_always_defects_from_round_1000() {
    let opp = vec![Move::C; 1100];
    let m = versus(
        &mut Player::by_id("worse-and-worse").unwrap(),
        &opp,
        &mut rng(1),
    );
    assert!(m[999..].iter().all(|&x| x == Move::D));
    assert!(m[..100].iter().filter(|x| x.is_c()).count() > 80);
}

#[test]
fn game_defined_vectors_follow_axelrod() {
    // axelrod 4.14 with (R, P, S, T) = (3, 1, 0, 5): ZDExtort2 (8/9, 1/2, 1/3, 0), GTFT p = 1/3.
    let zd = Player::by_id("zd-extort-2")
        .unwrap()
        .memory_one_vector()
        .unwrap();
    for (a, b) in zd.1.iter().zip([8.0 / 9.0, 0.5, 1.0 / 3.0, 0.0]) {
        assert!((a - b).abs() < 1e-12, "{zd:?}");
    }
    let mut g = Player::by_id("gtft").unwrap();
    assert!((g.memory_one_vector().unwrap().1[1] - 1.0 / 3.0).abs() < 1e-12);
    // Donation game b = 3, c = 1: (R, S, T, P) = (2, -1, 3, 0); q* = min(1 - 1/3, 2/3).
    g.set_game([2.0, -1.0, 3.0, 0.0]);
    assert!((g.memory_one_vector().unwrap().1[1] - 2.0 / 3.0).abs() < 1e-12);
    // A given generosity is kept.
    let mut g = Player::from_spec(&StrategySpec {
        id: "gtft".parse().unwrap(),
        params: vec![("generosity".into(), 0.1)],
    })
    .unwrap();
    g.set_game([2.0, -1.0, 3.0, 0.0]);
    assert_eq!(g.memory_one_vector().unwrap().1[1], 0.1);
}

#[test]
fn bad_specs_are_refused_with_hints() {
    let e = Player::by_id("tit-for-tta").unwrap_err().to_string();
    assert!(e.contains("did you mean `tit-for-tat`"), "{e}");
    let e = Player::from_spec(&StrategySpec {
        id: StrategyId::Joss,
        params: vec![("q".into(), 0.5)],
    })
    .unwrap_err()
    .to_string();
    assert!(e.contains("takes: p"), "{e}");
    let e = Player::from_spec(&StrategySpec {
        id: StrategyId::Random,
        params: vec![("p".into(), 1.5)],
    })
    .unwrap_err()
    .to_string();
    assert!(e.contains("probability"), "{e}");
}

#[test]
fn players_stay_small() {
    assert!(
        std::mem::size_of::<Player>() <= 80,
        "{}",
        std::mem::size_of::<Player>()
    );
}
