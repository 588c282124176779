//! The scenario loader: every file in tests/data/bad/ fails with a snapshot of its
//! rendered errors; every file in tests/data/good/ loads; `--set` overrides; random
//! inputs never panic; `detente validate` exit codes.

use assert_cmd::Command;
use detente::scenario::{self, DistKind, Form, Origin, Param, Severity};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn data(dir: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(dir)
}

fn files(dir: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(data(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    v.sort();
    v
}

/// Load tests/data/bad/<name>.toml, assert it fails, snapshot the rendered errors.
fn check(name: &str) {
    let path = format!("tests/data/bad/{name}.toml");
    let bytes = std::fs::read(data("bad").join(format!("{name}.toml"))).unwrap();
    let err = match scenario::load(&path, &bytes, &[]) {
        Ok(_) => panic!("{path} loaded, but it is in the bad corpus"),
        Err(e) => e,
    };
    assert!(!err.diagnostics.is_empty());
    assert!(
        err.diagnostics
            .iter()
            .all(|d| d.severity == Severity::Error)
    );
    insta::assert_snapshot!(name, err.render());
}

macro_rules! bad {
    ($($name:ident),* $(,)?) => {
        $( #[test] fn $name() { check(stringify!($name)); } )*
        /// Every file of the corpus has its own snapshot test above.
        const BAD: &[&str] = &[$(stringify!($name)),*];
    };
}

bad!(
    actors_without_issues,
    eu_capability_zero,
    eu_inert_keys,
    eu_key_without_protocol,
    eu_q_outside_unit,
    eu_salience_above_one,
    ar1_phi_one,
    bad_id_characters,
    bad_ideal_issue,
    bad_principal_reference,
    bad_proposer_reference,
    bad_salience_issue,
    bad_strategy_param,
    bad_temptation_process,
    betrayal_positive,
    deadline_zero,
    deeply_nested_array,
    deeply_nested_tables,
    discount_one,
    dist_beta_alpha_zero,
    dist_bound_outside_range,
    dist_lognormal_sigma_negative,
    dist_min_above_max,
    dist_missing_parameter,
    dist_normal_sd_zero,
    dist_triangular_mode_outside,
    dist_unbounded_discount,
    dist_uniform_inverted,
    dist_unknown_kind,
    duplicate_actor_id,
    duplicate_issue_id,
    empty,
    exit_cost_negative,
    float_overflow,
    game_cell_not_pair,
    game_not_rectangular,
    game_three_players,
    horizon_huge,
    horizon_zero,
    huge_probability,
    ideal_out_of_range,
    inf_value,
    integer_too_large,
    issue_not_array,
    memory_one_wrong_length,
    missing_actor_id,
    missing_name,
    missing_scenario_table,
    nan_value,
    no_actors_no_game,
    no_deciding_actor,
    non_utf8,
    only_comments,
    principal_cycle,
    probability_above_one,
    probability_negative,
    range_empty,
    range_inverted,
    runs_float,
    runs_zero,
    salience_all_zero,
    salience_negative,
    self_principal,
    several_errors,
    strategy_unknown_param,
    subgame_perfect_three_actors,
    syntax_duplicate_key,
    syntax_unclosed_array,
    syntax_unclosed_string,
    syntax_unquoted_string,
    threshold_without_level,
    unknown_exit_rule,
    unknown_key_distribution,
    unknown_key_payoffs,
    unknown_key_scenario,
    unknown_key_top_level,
    unknown_strategy,
    unknown_tactic,
    unknown_treaty_form,
    wrong_type_bool_for_name,
    wrong_type_number_for_table,
    wrong_type_string_for_number,
    wrong_type_string_for_payoffs,
    // Input that slipped past validation, and more of every kind.
    ar1_phi_above_one,
    blank_name,
    deadline_negative,
    dist_lognormal_huge_mu,
    dist_lognormal_wide_sigma,
    dist_normal_huge_sd,
    dist_normal_mean_near_limit,
    empty_name,
    exit_cost_dist_negative,
    false_alarm_above_one,
    gain_is_array,
    gain_is_string,
    horizon_float,
    horizon_negative,
    issue_id_empty,
    no_deal_huge,
    notice_huge,
    proposers_empty_id,
    random_walk_negative_volatility,
    renegotiate_after_zero,
    retry_after_zero,
    runs_huge,
    seed_negative,
    temptation_sd_negative,
    temptation_unknown_key,
);

#[test]
fn every_bad_file_fails_with_a_place_and_has_a_snapshot_test() {
    let all = files("bad");
    assert!(
        all.len() >= 40,
        "the bad corpus has only {} files",
        all.len()
    );
    for path in all {
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        assert!(
            BAD.contains(&stem.as_str()),
            "{stem}.toml has no test in bad!(...)"
        );
        let name = format!("tests/data/bad/{stem}.toml");
        let bytes = std::fs::read(&path).unwrap();
        let err = scenario::load(&name, &bytes, &[]).expect_err(&name);
        let text = err.render();
        assert_eq!(text, err.to_string());
        let place = format!("{name}:");
        let at = text
            .find(&place)
            .unwrap_or_else(|| panic!("no place in:\n{text}"));
        // FILE:LINE:COL, both numbers positive.
        let rest = &text[at + place.len()..];
        let mut parts = rest.splitn(3, |c: char| !c.is_ascii_digit());
        let line: usize = parts.next().unwrap().parse().unwrap_or(0);
        let col: usize = parts.next().unwrap_or("").parse().unwrap_or(0);
        assert!(
            line >= 1 && col >= 1,
            "no LINE:COL after {place} in:\n{text}"
        );
        assert!(text.contains("= help:"), "no hint in:\n{text}");
    }
}

#[test]
fn several_errors_are_all_reported() {
    let bytes = std::fs::read(data("bad").join("several_errors.toml")).unwrap();
    let err = scenario::load("x.toml", &bytes, &[]).unwrap_err();
    let messages: Vec<&str> = err.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages[0].contains("`horizon` must be between 1 and 100000, got 0"));
    assert!(messages[1].contains("unknown key `runz`") && messages[1].contains("`runs`"));
    assert!(messages[2].contains("`discount` must be in (0, 1), got 1.5"));
    assert!(messages[3].contains("unknown actor `nobody` in `principal`"));
    // Reading order.
    let starts: Vec<usize> = err
        .diagnostics
        .iter()
        .map(|d| d.span.clone().unwrap().start)
        .collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
}

#[test]
fn non_utf8_points_at_the_first_bad_byte() {
    let err = scenario::load("x.toml", b"a = 1\nb = \"\xff\"\n", &[]).unwrap_err();
    assert_eq!(err.diagnostics[0].span, Some(11..14));
    assert!(err.render().contains("x.toml:2:6"), "{}", err.render());
}

#[test]
fn every_good_file_loads() {
    for path in files("good") {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.display().to_string();
        if let Err(e) = scenario::load(&name, &bytes, &[]) {
            panic!("{name} failed:\n{e}");
        }
    }
}

fn full() -> (Vec<u8>, scenario::Loaded) {
    let bytes = std::fs::read(data("good").join("full.toml")).unwrap();
    let loaded = scenario::load("full.toml", &bytes, &[]).unwrap();
    (bytes, loaded)
}

#[test]
fn full_toml_decodes_every_key() {
    let (bytes, l) = full();
    let s = &l.scenario;
    assert_eq!(s.meta.name, "Full reference scenario");
    assert_eq!((s.meta.seed, s.meta.runs, s.meta.horizon), (42, 2000, 60));
    assert_eq!(
        (s.meta.round.as_str(), s.meta.rounds.as_str()),
        ("month", "months")
    );
    assert_eq!(s.issues[1].id, "missiles");
    assert_eq!((s.issues[1].low, s.issues[1].high), (0.0, 100.0));
    let ids: Vec<&str> = s.actors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["russia", "usa", "europe"]);
    // europe's principal is usa; the deciders are russia and usa.
    assert_eq!(s.actors[2].principal, Some(1));
    assert_eq!(s.deciders(), [0, 1]);
    assert_eq!(s.decider_for(2), 1);
    // europe: no salience given, so equal weights; ideal as given.
    assert_eq!(s.actors[2].salience, [0.5, 0.5]);
    assert_eq!(s.actors[2].ideal, [0.7, 50.0]);
    assert_eq!(s.actors[0].salience, [0.7, 0.3]);
    // Defaults from the treaty: notice 6, exit cost 5.
    assert_eq!(s.actors[1].notice, 6);
    assert_eq!(s.actors[1].exit_cost, Param::Fixed(5.0));
    assert_eq!(s.actors[0].exit_cost, Param::Fixed(8.0));
    assert_eq!(s.treaty.form, Form::LegallyBinding);
    assert_eq!(s.treaty.notice, 6);
    assert_eq!(s.treaty.renegotiate_after, Some(36));
    // missed is a beta on [0, 1]; gain's normal has only a lower bound.
    match &s.treaty.missed {
        Param::Dist(d) => {
            assert_eq!(
                d.kind,
                DistKind::Beta {
                    alpha: 2.0,
                    beta: 8.0,
                    low: 0.0,
                    high: 1.0
                }
            );
            assert_eq!((d.min, d.max), (None, None));
        }
        p => panic!("missed is {p:?}"),
    }
    match &s.actors[1].payoffs.gain {
        Param::Dist(d) => {
            assert_eq!(d.kind, DistKind::Normal { mean: 2.0, sd: 0.5 });
            assert_eq!((d.min, d.max), (Some(0.0), None));
        }
        p => panic!("gain is {p:?}"),
    }
    match &s.conflict.after_exit {
        Param::Dist(d) => assert_eq!(d.max, Some(0.05)),
        p => panic!("after_exit is {p:?}"),
    }
    assert_eq!(
        s.actors[1].compliance.id,
        detente::strategy::StrategyId::GenerousTitForTat
    );
    assert_eq!(
        s.actors[1].compliance.params,
        [("generosity".to_string(), 0.1)]
    );
    assert_eq!(
        s.actors[2].compliance.id,
        detente::strategy::StrategyId::MemoryOne
    );
    assert_eq!(s.talks.proposers, [0, 1, 2]);
    assert_eq!(s.talks.deadline, Some(12));
    let game = s.game.as_ref().unwrap();
    assert_eq!(game.payoffs[1][0], [5.0, 0.0]);
    // Provenance.
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(l.sha256, hex);
    assert!(l.overrides.is_empty());
}

#[test]
fn full_toml_warns_that_russia_starts_without_temptation() {
    let (bytes, l) = full();
    assert_eq!(l.warnings.len(), 1, "{:#?}", l.warnings);
    let text = scenario::render_warnings(&l, "full.toml", &bytes);
    assert!(
        text.starts_with(
            "warning: the stage game in force for `russia` is not a prisoner's dilemma"
        ),
        "{text}"
    );
    assert!(text.contains("full.toml:40:14"), "{text}");
}

#[test]
fn defaults_follow_the_treaty_form() {
    let toml = "[scenario]\nname = \"x\"\n[[issue]]\nid = \"i\"\n[[actor]]\nid = \"a\"\n[treaty]\nform = \"verbal\"\n";
    let s = scenario::load("x", toml.as_bytes(), &[]).unwrap().scenario;
    assert_eq!(s.treaty.notice, 0);
    assert_eq!(s.treaty.exit_cost, Param::Fixed(0.0));
    assert_eq!(s.actors[0].notice, 0);
    assert_eq!(s.actors[0].ideal, [0.5]);
    assert_eq!(s.actors[0].discount, Param::Fixed(0.95));
    assert_eq!(s.conflict.after_exit, s.conflict.no_deal);
    assert_eq!(s.meta.rounds, "rounds");
}

#[test]
fn a_temptation_without_betrayal_is_not_a_dilemma() {
    let toml = "[scenario]\nname = \"x\"\n[[issue]]\nid = \"i\"\n[[actor]]\nid = \"a\"\n[actor.payoffs]\ntemptation = { process = \"iid\", mean = 1, sd = 0 }\nbetrayal = -0.5\n";
    let l = scenario::load("x", toml.as_bytes(), &[]).unwrap();
    assert_eq!(l.warnings.len(), 1, "{:#?}", l.warnings);
    assert!(
        l.warnings[0]
            .message
            .contains("violating is dominant even against violators")
    );
    assert_eq!(
        l.warnings[0].hint.as_deref(),
        Some(
            "make the others' violations hurt: a `betrayal` below -1 makes it a prisoner's dilemma (e.g. --set actor.a.payoffs.betrayal=-2)"
        )
    );
}

#[test]
fn opposed_ideals_with_a_risky_treaty_leave_no_acceptable_terms() {
    // No deal pays 1 per round with no risk; the treaty adds gain·U but carries a conflict
    // hazard of 0.006 per round (payoff -100). With δ = 0.95 the reservation utility is
    // 114·0.006 = 0.684 for each side: with ideals at opposite ends the best split gives
    // each 0.5, so no terms work; with the same ideal, terms at that ideal give both 1.
    let actor = |id: &str, ideal: u32| {
        format!(
            "[[actor]]\nid = \"{id}\"\nideal = {{ i = {ideal} }}\n[actor.payoffs]\nno_deal = 1\ngain = 1\nconflict = -100\ntemptation = {{ process = \"iid\", mean = 1, sd = 0 }}\nbetrayal = -2\n"
        )
    };
    let scenario = |b_ideal: u32| {
        format!(
            "[scenario]\nname = \"x\"\n[[issue]]\nid = \"i\"\n{}{}[conflict]\nin_force = 0.006\n",
            actor("a", 0),
            actor("b", b_ideal)
        )
    };
    let l = scenario::load("x", scenario(1).as_bytes(), &[]).unwrap();
    assert_eq!(l.warnings.len(), 1, "{:#?}", l.warnings);
    assert!(
        l.warnings[0]
            .message
            .starts_with("no terms can satisfy every deciding party")
    );
    assert!(
        l.warnings[0]
            .message
            .contains("utility 0.500, below its reservation utility 0.684"),
        "{}",
        l.warnings[0].message
    );
    let l = scenario::load("x", scenario(0).as_bytes(), &[]).unwrap();
    assert!(l.warnings.is_empty(), "{:#?}", l.warnings);
}

#[test]
fn override_changes_values_and_may_add_keys() {
    let bytes = std::fs::read(data("good").join("full.toml")).unwrap();
    let sets: Vec<String> = [
        "scenario.horizon=10",
        "actor.russia.discount=0.9",
        "actor.usa.payoffs.temptation={ process = \"iid\", mean = 1, sd = 0 }",
        "actor.europe.payoffs.gain = { dist = \"uniform\", low = 1, high = 2 }",
        "issue.missiles.range=[0, 200]",
        "treaty.form=\"verbal\"",
        "reputation.exit_loss=0.5",
    ]
    .map(String::from)
    .to_vec();
    let l = scenario::load("full.toml", &bytes, &sets).unwrap();
    let s = &l.scenario;
    assert_eq!(s.meta.horizon, 10);
    assert_eq!(s.actors[0].discount, Param::Fixed(0.9));
    assert_eq!(
        s.actors[1].payoffs.temptation,
        scenario::Temptation::Iid {
            mean: Param::Fixed(1.0),
            sd: Param::Fixed(0.0)
        }
    );
    assert!(
        matches!(&s.actors[2].payoffs.gain, Param::Dist(d) if d.kind == DistKind::Uniform { low: 1.0, high: 2.0 })
    );
    assert_eq!(s.issues[1].high, 200.0);
    assert_eq!(s.treaty.form, Form::Verbal);
    // The file sets notice 6 explicitly, so the verbal form's default does not apply.
    assert_eq!(s.treaty.notice, 6);
    assert_eq!(s.reputation.exit_loss, Param::Fixed(0.5));
    assert_eq!(l.overrides, sets);
    // A key absent from the file: talks.deadline removed, then set.
    let no_deadline = String::from_utf8(bytes.clone())
        .unwrap()
        .replace("deadline = 12\n", "");
    let l = scenario::load("f", no_deadline.as_bytes(), &["talks.deadline=3".into()]).unwrap();
    assert_eq!(l.scenario.talks.deadline, Some(3));
}

#[test]
fn override_with_unknown_path_points_into_it_with_a_hint() {
    let (bytes, _) = full();
    for (set, message, span) in [
        (
            "actor.nobody.gain=1",
            "no actor `nobody` in the scenario",
            6..12,
        ),
        (
            "treaty.exit_cots=1",
            "unknown key `exit_cots` in [treaty]; did you mean `exit_cost`?",
            7..16,
        ),
        (
            "actor.usa.payoffs.gian=1",
            "unknown key `gian` in `payoffs`; did you mean `gain`?",
            18..22,
        ),
        (
            "scenari.horizon=1",
            "unknown key `scenari` in the scenario (top level); did you mean `scenario`?",
            0..7,
        ),
        (
            "scenario.horizon",
            "`--set scenario.horizon` has no `=`",
            0..16,
        ),
        (
            "actor.russia.discount.mean=1",
            "`actor.russia.discount` is a number, not a table, so it has no `mean`",
            0..21,
        ),
    ] {
        let err = scenario::load("full.toml", &bytes, &[set.to_string()]).unwrap_err();
        assert_eq!(err.diagnostics.len(), 1, "{set}: {err}");
        let d = &err.diagnostics[0];
        assert_eq!(d.message, message, "{set}");
        assert_eq!(d.origin, Origin::Override(0));
        assert_eq!(d.span, Some(span), "{set}");
        assert!(d.hint.is_some());
        assert!(err.render().contains("--> --set:1:"), "{err}");
    }
}

#[test]
fn override_with_a_bad_value_points_at_the_value() {
    let (bytes, _) = full();
    let sets = [
        "scenario.seed=1".to_string(),
        "actor.russia.discount=1.2".to_string(),
    ];
    let err = scenario::load("full.toml", &bytes, &sets).unwrap_err();
    assert_eq!(err.diagnostics.len(), 1, "{err}");
    let d = &err.diagnostics[0];
    assert_eq!(d.message, "`discount` must be in (0, 1), got 1.2");
    assert_eq!(
        (d.origin, d.span.clone()),
        (Origin::Override(1), Some(22..25))
    );
    let text = err.render();
    assert!(text.contains("--> --set:1:23"), "{text}");
    assert!(text.contains("actor.russia.discount=1.2"), "{text}");
    // Unquoted text: the hint shows the quotes.
    let err = scenario::load("full.toml", &bytes, &["treaty.form=verbal".into()]).unwrap_err();
    assert_eq!(err.diagnostics[0].span, Some(12..18));
    assert_eq!(
        err.diagnostics[0].hint.as_deref(),
        Some("text values need quotes: --set 'treaty.form=\"verbal\"'")
    );
}

#[test]
fn parse_override_splits_key_path_and_value() {
    assert_eq!(
        scenario::parse_override(
            "actor.usa.payoffs.gain={ dist = \"uniform\", low = 1, high = 2 }"
        ),
        Ok((
            vec![
                "actor".into(),
                "usa".into(),
                "payoffs".into(),
                "gain".into()
            ],
            "{ dist = \"uniform\", low = 1, high = 2 }".into()
        ))
    );
    assert!(scenario::parse_override("no-equals-sign").is_err());
}

fn assert_loads_or_renders(bytes: &[u8]) {
    if let Err(e) = scenario::load("fuzz.toml", bytes, &[]) {
        assert!(!e.render().is_empty());
        assert!(!e.diagnostics.is_empty());
    }
}

/// A mutation of full.toml.
#[derive(Debug, Clone)]
enum Mutation {
    Byte(usize, u8),
    DeleteLine(usize),
    SwapKeys(usize, usize),
    DuplicateLine(usize),
}

fn mutate(base: &[u8], muts: &[Mutation]) -> Vec<u8> {
    let mut bytes = base.to_vec();
    for m in muts {
        match *m {
            Mutation::Byte(at, b) => {
                let n = bytes.len().max(1);
                if let Some(x) = bytes.get_mut(at % n) {
                    *x = b;
                }
            }
            Mutation::DeleteLine(k) | Mutation::DuplicateLine(k) | Mutation::SwapKeys(k, _) => {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let mut lines: Vec<String> = text.lines().map(String::from).collect();
                if lines.is_empty() {
                    continue;
                }
                let i = k % lines.len();
                match *m {
                    Mutation::DeleteLine(_) => {
                        lines.remove(i);
                    }
                    Mutation::DuplicateLine(_) => {
                        let l = lines[i].clone();
                        lines.insert(i, l);
                    }
                    Mutation::SwapKeys(_, j) => {
                        // Swap the keys (left of `=`) of two lines, keeping their values.
                        let j = j % lines.len();
                        if let (Some(a), Some(b)) = (lines[i].find('='), lines[j].find('=')) {
                            let (ka, va) = lines[i].split_at(a);
                            let (kb, vb) = lines[j].split_at(b);
                            let (na, nb) = (format!("{kb}{va}"), format!("{ka}{vb}"));
                            lines[i] = na;
                            lines[j] = nb;
                        }
                    }
                    _ => {}
                }
                bytes = lines.join("\n").into_bytes();
            }
        }
    }
    bytes
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Byte(a, b)),
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapKeys(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(s in any::<String>()) {
        assert_loads_or_renders(s.as_bytes());
    }

    #[test]
    fn toml_like_text_never_panics(s in "(\\[\\[?(scenario|actor|issue|game|talks)\\]\\]?\n|[a-z_]{1,9} = (-?[0-9.e]{1,6}|\"[a-z]{0,5}\"|\\{ [a-z]{1,5} = [0-9] \\}|\\[[0-9, ]{0,6}\\]|nan|inf)\n){0,12}") {
        assert_loads_or_renders(s.as_bytes());
    }

    #[test]
    fn mutations_of_full_toml_never_panic(muts in prop::collection::vec(mutation(), 1..6)) {
        let base = std::fs::read(data("good").join("full.toml")).unwrap();
        assert_loads_or_renders(&mutate(&base, &muts));
    }

    #[test]
    fn arbitrary_overrides_never_panic(path in "[a-z._]{0,30}", value in "[ -~]{0,20}") {
        let base = std::fs::read(data("good").join("full.toml")).unwrap();
        if let Err(e) = scenario::load("full.toml", &base, &[format!("{path}={value}")]) {
            prop_assert!(!e.render().is_empty());
        }
    }
}

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

#[test]
fn validate_bad_file_exits_two_with_its_place() {
    let out = detente()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate", "tests/data/bad/discount_one.toml"])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("tests/data/bad/discount_one.toml:13:12"),
        "{stderr}"
    );
}

#[test]
fn validate_good_file_exits_zero() {
    let out = detente()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate", "tests/data/good/full.toml"])
        .assert()
        .code(0);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.starts_with("ok: tests/data/good/full.toml — Full reference scenario\nwarning:"),
        "{stderr}"
    );
    let quiet = detente()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["validate", "--quiet", "tests/data/good/full.toml"])
        .assert()
        .code(0);
    assert_eq!(
        String::from_utf8_lossy(&quiet.get_output().stderr),
        "ok: tests/data/good/full.toml — Full reference scenario\n"
    );
}

#[test]
fn validate_checks_every_file_before_exiting_two() {
    let out = detente()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "validate",
            "tests/data",
            "tests/data/bad/empty.toml",
            "tests/data/good/full.toml",
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("tests/data is a folder, not a file"),
        "{stderr}"
    );
    assert!(stderr.contains("the file is empty"), "{stderr}");
    assert!(stderr.contains("ok: tests/data/good/full.toml"), "{stderr}");
}

#[test]
fn validate_applies_set() {
    let out = detente()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "validate",
            "tests/data/good/full.toml",
            "--set",
            "scenario.horizon=0",
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("--> --set:1:18"), "{stderr}");
}
