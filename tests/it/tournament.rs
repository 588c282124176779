//! Tournaments: exact scores of deterministic pairs, noisy memory-one pairs against the
//! exact Markov chain (docs/theory.md §3c), the chain's stationary law against a long simulation
//! with the engine's `Player`, byte-identical output for any thread count, and the CLI.

use detente::classroom::tournament::{
    self, Entrant, Length, TournamentConfig, geometric_length, play_match,
};
use detente::scenario::StrategySpec;
use detente::strategy::{DEFAULT_PAYOFF, Player};
use detente::theory::markov;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

const G: [f64; 4] = DEFAULT_PAYOFF;

fn entrants(ids: &[&str]) -> Vec<Entrant> {
    ids.iter()
        .map(|id| Entrant::from_spec(&StrategySpec::of(id.parse().unwrap())).unwrap())
        .collect()
}

fn stream(seed: u64, k: u64) -> ChaCha8Rng {
    let mut r = ChaCha8Rng::seed_from_u64(seed);
    r.set_stream(k);
    r
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let m = xs.iter().sum::<f64>() / n;
    let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0);
    (m, v.sqrt())
}

fn p(id: &str) -> Player {
    Player::by_id(id).unwrap()
}

#[test]
fn deterministic_pairs_score_exactly() {
    let check = |a: &str, b: &str, expect: (f64, f64)| {
        let o = play_match(&p(a), &p(b), 200, 0.0, G, &mut stream(0, 0));
        assert_eq!(o.turns, 200);
        assert_eq!(o.scores(G), expect, "{a} vs {b}");
    };
    // TFT is the sucker once, then P forever; ALLD gets T once.
    check("tft", "alld", (199.0, 5.0 + 199.0));
    check("tft", "tft", (600.0, 600.0));
    // WSLS against ALLD alternates S, P; ALLD alternates T, P.
    check("wsls", "alld", (100.0, 600.0));
    // Grim: CC, then C vs D, then D forever against C, D, C, D: 99 T and 99 P.
    check(
        "grim",
        "alternator",
        (3.0 + 0.0 + 99.0 * 5.0 + 99.0, 3.0 + 5.0 + 99.0),
    );
    // STFT vs TFT: DC, CD, DC, ... 100 T and 100 S each.
    check("stft", "tft", (500.0, 500.0));
    // The same through a whole tournament.
    let r = tournament::run(&entrants(&["tft", "alld"]), &TournamentConfig::default());
    // Means of 10 equal values: equal up to float rounding.
    let want = [[3.0, 199.0 / 200.0], [204.0 / 200.0, 1.0]];
    for (row, want_row) in r.matrix.iter().zip(want) {
        for (x, w) in row.iter().zip(want_row) {
            assert!((x - w).abs() < 1e-12, "{:?}", r.matrix);
        }
    }
    assert_eq!(r.matches, 3 * 10);
    assert!(r.self_play);
    // axelrod's convention (the default): self-play excluded, so ALLD's 204/200
    // against TFT beats TFT's 199/200 against ALLD; ALLD wins its one match in each
    // of the 10 repetitions.
    let alld = &r.ranking[0];
    assert_eq!((alld.id.as_str(), alld.wins), ("defector", 10));
    assert_eq!(alld.median_wins, 1.0);
    assert!((alld.median - 204.0 / 200.0).abs() < 1e-12);
    assert!((r.ranking[1].median - 199.0 / 200.0).abs() < 1e-12);
    assert!(
        (alld.ci_high - alld.ci_low).abs() < 1e-12,
        "no randomness, no width"
    );
    // With self-play counted (--rank-by mean), TFT ranks first: (3 + 0.995)/2 > (1.02 + 1)/2.
    let cfg = TournamentConfig {
        rank_by: tournament::RankBy::Mean,
        ..Default::default()
    };
    let r = tournament::run(&entrants(&["tft", "alld"]), &cfg);
    assert_eq!(r.ranking[0].id, "tit-for-tat");
    assert!((r.ranking[0].mean - (3.0 + 0.995) / 2.0).abs() < 1e-12);
    assert!((r.ranking[1].mean - (1.02 + 1.0) / 2.0).abs() < 1e-12);
}

/// R independent noisy matches of a memory-one pair: per-turn score of each side and
/// the first player's cooperation rate, as samples.
fn samples(a: &str, b: &str, eps: f64, n: u32, reps: u64) -> [Vec<f64>; 3] {
    let mut out = [vec![], vec![], vec![]];
    for k in 0..reps {
        let o = play_match(&p(a), &p(b), n, eps, G, &mut stream(42, k));
        let (sa, sb) = o.scores(G);
        out[0].push(sa / f64::from(n));
        out[1].push(sb / f64::from(n));
        out[2].push(f64::from(o.cooperations().0) / f64::from(n));
    }
    out
}

/// Mean of i.i.d. matches vs the exact expectation; 5 standard errors (a two-sided
/// normal tail of 6e-7 per check, so the ~40 checks here fail by chance with
/// probability < 3e-5).
fn close(what: &str, xs: &[f64], exact: f64) {
    let (m, sd) = mean_sd(xs);
    let se = sd / (xs.len() as f64).sqrt();
    assert!(se > 0.0, "{what}: no variation");
    assert!(
        (m - exact).abs() <= 5.0 * se,
        "{what}: {m} vs exact {exact}, se {se}"
    );
}

#[test]
fn noisy_tft_pair_cooperates_half_the_time() {
    // Long matches so the start (both intend C) weighs little; compare both to the exact
    // finite-n expectation and to the stationary ½ and (R+S+T+P)/4 = 2.25.
    let (n, eps) = (2000, 0.05);
    let [sa, sb, ca] = samples("tft", "tft", eps, n, 300);
    let tft = [1.0, 0.0, 1.0, 0.0];
    let (ea, eb) = markov::expected_match_payoff_fixed_turns(1.0, tft, 1.0, tft, eps, n, G);
    let ec = markov::expected_cooperations_fixed_turns(1.0, tft, 1.0, tft, eps, n);
    close("tft score", &sa, ea / f64::from(n));
    close("tft score b", &sb, eb / f64::from(n));
    close("tft cooperation", &ca, ec / f64::from(n));
    close("tft stationary cooperation", &ca, 0.5);
    close("tft stationary payoff", &sa, 2.25);
}

#[test]
fn memory_one_pairs_match_the_exact_chain() {
    let ids = [
        "wsls",
        "gtft",
        "tft",
        "alld",
        "firm-but-fair",
        "zd-extort-2",
        "joss",
    ];
    let (n, eps) = (200, 0.05);
    for a in ids {
        for b in ["wsls", "gtft"] {
            let (p0, pv) = p(a).memory_one_vector().unwrap();
            let (q0, qv) = p(b).memory_one_vector().unwrap();
            let [sa, sb, ca] = samples(a, b, eps, n, 400);
            let (ea, eb) = markov::expected_match_payoff_fixed_turns(p0, pv, q0, qv, eps, n, G);
            let ec = markov::expected_cooperations_fixed_turns(p0, pv, q0, qv, eps, n);
            close(&format!("{a} vs {b}"), &sa, ea / f64::from(n));
            close(&format!("{b} vs {a}"), &sb, eb / f64::from(n));
            close(&format!("{a} coop vs {b}"), &ca, ec / f64::from(n));
        }
    }
}

#[test]
fn tournament_matrix_matches_the_exact_chain() {
    let ids = ["wsls", "gtft", "alld"];
    let cfg = TournamentConfig {
        noise: 0.05,
        repetitions: 400,
        seed: 9,
        ..Default::default()
    };
    let r = tournament::run(&entrants(&ids), &cfg);
    for (i, a) in ids.iter().enumerate() {
        for (j, b) in ids.iter().enumerate() {
            if i == j {
                continue;
            }
            let (p0, pv) = p(a).memory_one_vector().unwrap();
            let (q0, qv) = p(b).memory_one_vector().unwrap();
            let (ea, _) = markov::expected_match_payoff_fixed_turns(p0, pv, q0, qv, 0.05, 200, G);
            // The spread of one match's per-turn score, from independent matches.
            let (_, sd) = mean_sd(&samples(a, b, 0.05, 200, 400)[0]);
            let se = sd / 20.0;
            assert!(
                (r.matrix[i][j] - ea / 200.0).abs() <= 5.0 * se,
                "{a} vs {b}: {} vs {}",
                r.matrix[i][j],
                ea / 200.0
            );
        }
    }
}

/// Stationary frequencies from one long match with the engine's players. Rounds are
/// correlated, so the standard error comes from batch means: 100 batches of 20,000
/// rounds. With noise 0.05 the chain forgets its state within tens of rounds (the
/// second eigenvalue of M is at most about 0.9 here), so batches 1000× longer than that
/// are practically independent and their means normal; 5 SE of the batch means then
/// bounds a chance failure at about 1e-6 per check (t with 99 d.f. is close to normal).
#[test]
fn stationary_law_matches_a_long_simulation() {
    let gtft = [1.0, 1.0 / 3.0, 1.0, 1.0 / 3.0];
    for (a, b, pv, qv) in [
        ("wsls", "wsls", [1.0, 0.0, 0.0, 1.0], [1.0, 0.0, 0.0, 1.0]),
        ("gtft", "gtft", gtft, gtft),
        ("wsls", "gtft", [1.0, 0.0, 0.0, 1.0], gtft),
    ] {
        let eps = 0.05;
        let exact = markov::stationary(pv, qv, eps);
        let (batches, len) = (100usize, 20_000usize);
        let mut freq = vec![[0.0f64; 4]; batches];
        let (mut pa, mut pb) = (p(a), p(b));
        let mut rng = stream(7, 0);
        use rand::RngExt;
        for f in freq.iter_mut() {
            for _ in 0..len {
                let mut x = pa.play(&mut rng);
                let mut y = pb.play(&mut rng);
                if rng.random::<f64>() < eps {
                    x = x.flip();
                }
                if rng.random::<f64>() < eps {
                    y = y.flip();
                }
                f[(x as usize) * 2 + y as usize] += 1.0 / len as f64;
                pa.observe(x, y);
                pb.observe(y, x);
            }
        }
        for s in 0..4 {
            let xs: Vec<f64> = freq.iter().map(|f| f[s]).collect();
            close(&format!("{a} vs {b} state {s}"), &xs, exact[s]);
        }
    }
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let ids: Vec<&str> = detente::strategy::CATALOG
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    for length in [Length::Fixed(50), Length::Continuation(0.95)] {
        let cfg = TournamentConfig {
            length,
            noise: 0.03,
            repetitions: 5,
            seed: 11,
            payoff: G,
            rank_by: Default::default(),
        };
        let run = |k: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(k)
                .build()
                .unwrap()
                .install(|| tournament::run(&entrants(&ids), &cfg))
        };
        let one = tournament::to_json(&run(1));
        assert_eq!(one, tournament::to_json(&run(2)));
        assert_eq!(one, tournament::to_json(&run(7)));
        let r = run(2);
        assert_eq!(
            tournament::to_csv(&r).unwrap(),
            tournament::to_csv(&run(7)).unwrap()
        );
        assert_eq!(r.matches, 5 * 24 * 25 / 2);
    }
}

#[test]
fn continuation_lengths_are_geometric() {
    // Mean 1/(1 - w) = 10, sd sqrt(w)/(1 - w); 5 SE over 20,000 draws.
    let w = 0.9;
    let mut rng = stream(3, 0);
    let xs: Vec<f64> = (0..20_000)
        .map(|_| f64::from(geometric_length(w, &mut rng)))
        .collect();
    let (m, _) = mean_sd(&xs);
    let se = w.sqrt() / (1.0 - w) / (xs.len() as f64).sqrt();
    assert!((m - 10.0).abs() < 5.0 * se, "{m}");
    // P(N = 1) = 1 - w.
    let ones = xs.iter().filter(|&&x| x == 1.0).count() as f64 / xs.len() as f64;
    assert!(
        (ones - 0.1).abs() < 5.0 * (0.1f64 * 0.9 / xs.len() as f64).sqrt(),
        "{ones}"
    );
    // In a tournament all pairs of a repetition share one length.
    let cfg = TournamentConfig {
        length: Length::Continuation(w),
        repetitions: 3,
        ..Default::default()
    };
    let r = tournament::run(&entrants(&["tft", "alld", "wsls"]), &cfg);
    assert_eq!(r.total_turns % 6, 0);
}

#[test]
fn payoff_matrix_for_the_evolution_tools() {
    let specs: Vec<StrategySpec> = ["tft", "alld"]
        .iter()
        .map(|id| StrategySpec::of(id.parse().unwrap()))
        .collect();
    let (names, m) = tournament::payoff_matrix(&specs, &TournamentConfig::default()).unwrap();
    assert_eq!(names, vec!["Tit For Tat", "Defector"]);
    assert!((m[0][1] - 199.0 / 200.0).abs() < 1e-12);
    assert!(
        tournament::payoff_matrix(
            &[StrategySpec::of(detente::strategy::StrategyId::Deterrence)],
            &TournamentConfig::default()
        )
        .is_err()
    );
    assert!(StrategySpec::named("nope", vec![]).is_err());
}

mod cli {
    use assert_cmd::Command;

    fn detente() -> Command {
        Command::cargo_bin("detente").unwrap()
    }

    #[test]
    fn tournament_prints_ranking_self_play_and_matrix() {
        let out = detente()
            .args([
                "tournament",
                "--strategies",
                "tft,alld,wsls",
                "--repetitions",
                "3",
                "--threads",
                "1",
            ])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let s = String::from_utf8(out).unwrap();
        assert!(
            s.contains("6 pairs including self-play, 3 repetitions = 18 matches"),
            "{s}"
        );
        assert!(s.contains("Pairwise mean score per turn"), "{s}");
        assert!(
            s.contains("self-play excluded, as the axelrod library"),
            "{s}"
        );
    }

    #[test]
    fn tournament_json_is_the_same_for_any_threads() {
        let run = |t: &str| {
            detente()
                .args([
                    "tournament",
                    "--strategies",
                    "gtft,joss,random",
                    "--noise",
                    "0.1",
                    "--json",
                    "-",
                    "--threads",
                    t,
                ])
                .assert()
                .success()
                .get_output()
                .stdout
                .clone()
        };
        let a = run("1");
        assert_eq!(a, run("2"));
        let v: serde_json::Value = serde_json::from_slice(&a).unwrap();
        assert_eq!(v["matches"], 60);
    }

    #[test]
    fn bad_tournament_input_exits_2() {
        for args in [
            vec!["tournament", "--noise", "1.5"],
            vec!["tournament", "--continuation", "1"],
            vec!["tournament", "--strategies", "tft,titfortat2"],
            vec!["tournament", "--strategies", "joss:p"],
            vec!["tournament", "--repetitions", "0"],
        ] {
            detente().args(&args).assert().code(2);
        }
    }

    #[test]
    fn games_must_be_symmetric_two_by_two() {
        let dir = tempfile::tempdir().unwrap();
        let asym = dir.path().join("a.toml");
        std::fs::write(
            &asym,
            "[scenario]\nname = \"asymmetric\"\n\n[game]\npayoffs = [[[3, 3], [0, 4]], [[5, 0], [1, 1]]]\n",
        )
        .unwrap();
        let out = detente()
            .args(["tournament", "--game"])
            .arg(&asym)
            .assert()
            .code(2);
        assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("not symmetric"));
        let sym = dir.path().join("s.toml");
        std::fs::write(
            &sym,
            "[scenario]\nname = \"symmetric\"\n\n[game]\npayoffs = [[[2, 2], [-1, 3]], [[3, -1], [0, 0]]]\n",
        )
        .unwrap();
        let out = detente()
            .args([
                "tournament",
                "--strategies",
                "tft,alld",
                "--repetitions",
                "1",
                "--json",
                "-",
                "--game",
            ])
            .arg(&sym)
            .assert()
            .success();
        let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        assert_eq!(
            v["config"]["payoff"],
            serde_json::json!([2.0, -1.0, 3.0, 0.0])
        );
    }

    #[test]
    fn strategies_lists_the_catalogue() {
        let out = detente()
            .args(["strategies", "--json", "-"])
            .assert()
            .success();
        let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
        assert_eq!(
            v.as_array().unwrap().len(),
            detente::strategy::CATALOG.len()
        );
        assert_eq!(v[2]["id"], "tit-for-tat");
    }
}
