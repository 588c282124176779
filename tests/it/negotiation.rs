//! Talks protocols: regressions of the alternating-offers protocol, and crisis
//! bargaining against Fearon's closed forms (tolerances from standard errors).

use detente::engine::run::{Outcome, Scratch, simulate};
use detente::engine::{key_for, rng_for};
use detente::model::Model;
use detente::story::{Event, StoryTrace};

/// Compile a scenario given as TOML text.
pub fn model(toml: &str) -> Model {
    let loaded = detente::scenario::load("test.toml", toml.as_bytes(), &[])
        .unwrap_or_else(|e| panic!("{}", e.render()));
    Model::compile(&loaded.scenario)
}

/// Play run `index` with seed 1 and return its story and the scratch holding its
/// result.
pub fn play(m: &Model, index: u64) -> (Vec<(u32, Event)>, Scratch) {
    let key = key_for(1);
    let mut rng = rng_for(&key, index);
    let mut s = Scratch::new(m);
    let mut tr = StoryTrace::default();
    simulate(m, &mut s, &mut rng, &mut tr);
    (tr.events, s)
}

/// A bilateral split of one issue [0, 1]: `a` wants 1, `b` wants 0.
fn bilateral(talks: &str, b_payoffs: &str) -> String {
    format!(
        r#"
[scenario]
name = "split"
horizon = 10
[[issue]]
id = "x"
[[actor]]
id = "a"
ideal = {{ x = 1.0 }}
discount = 0.9
[[actor]]
id = "b"
ideal = {{ x = 0.0 }}
discount = 0.9
[actor.payoffs]
{b_payoffs}
[talks]
{talks}
"#
    )
}

#[test]
fn an_ultimatum_demands_what_the_responder_accepts_not_its_ideal() {
    // Regression: with a one-round deadline the proposer's concession curve reached
    // its own reservation and it offered the responder's ideal (x = 0). Without
    // hazards b's reservation utility is stalling / gain = 0.3, so the best terms
    // for a that b accepts give b exactly 0.3: x = 0.7.
    let m = model(&bilateral(
        "proposers = [\"a\"]\ndeadline = 1",
        "stalling = 0.3",
    ));
    let (_, s) = play(&m, 0);
    assert_eq!(s.result.first_agreement, Some(1));
    assert!(
        (s.result.terms[0] - 0.7).abs() < 1e-9,
        "terms {}",
        s.result.terms[0]
    );
}

#[test]
fn a_party_that_cannot_decide_never_tables_terms_its_principal_rejects() {
    // Regression: Europe (principal: the US) conceded all the way toward Russia's
    // ideal and tabled Russia's full demands. Here the US needs at least 0.5 (its
    // stalling gain over its gain), so every offer Europe tables keeps x >= 0.5.
    let toml = r#"
[scenario]
name = "through a principal"
horizon = 30
[[issue]]
id = "x"
[[actor]]
id = "russia"
ideal = { x = 0.0 }
tactic = { kind = "concession", exponent = 0.1 }
[[actor]]
id = "usa"
ideal = { x = 1.0 }
tactic = { kind = "concession", exponent = 0.1 }
[actor.payoffs]
stalling = 0.5
[[actor]]
id = "europe"
principal = "usa"
ideal = { x = 0.8 }
tactic = { kind = "concession", exponent = 20 }
[talks]
proposers = ["europe"]
deadline = 10
"#;
    let m = model(toml);
    let (story, _) = play(&m, 0);
    let mut offers = 0;
    for (_, e) in &story {
        if let Event::Rejected {
            proposer, terms, ..
        }
        | Event::Accepted { proposer, terms } = e
        {
            assert_eq!(*proposer, 2);
            offers += 1;
            assert!(terms[0] >= 0.5 - 1e-9, "Europe tabled x = {}", terms[0]);
        }
    }
    assert!(offers >= 1);
}

#[test]
fn with_complete_information_the_proposer_takes_the_whole_range() {
    // Fearon's range for a's share with p_a = 0.9 (capabilities 9 : 1) and war
    // costs 0.01 a round each is [p − c_a, p + c_b] = [0.89, 0.91]. b proposes and
    // knows a's war line, so it offers a exactly 0.89 and a accepts.
    let toml = r#"
[scenario]
name = "narrow range"
horizon = 10
[[issue]]
id = "x"
[[actor]]
id = "a"
ideal = { x = 1.0 }
discount = 0.9
capability = 9
[actor.payoffs]
war_cost = 0.01
[[actor]]
id = "b"
ideal = { x = 0.0 }
discount = 0.9
[actor.payoffs]
war_cost = 0.01
[talks]
protocol = "crisis"
proposers = ["b"]
deadline = 1
"#;
    let m = model(toml);
    let (_, s) = play(&m, 0);
    assert_eq!(s.result.outcome, Outcome::InForce);
    assert!(
        (s.result.terms[0] - 0.89).abs() < 1e-9,
        "{}",
        s.result.terms[0]
    );
}

const FEARON: &str = "scenarios/fearon-risk-return.toml";

fn load(path: &str) -> detente::scenario::Scenario {
    let bytes = std::fs::read(path).unwrap();
    detente::scenario::load(path, &bytes, &[])
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .scenario
}

#[test]
fn risk_return_closed_form_of_the_formula_sheet() {
    // p = 0.4, c_A = 0.1, c_B ~ U[0, c̄]: THEORY's parametrisation t0 = −p, k = 1.
    let (p, ca) = (0.4, 0.1);
    for cbar in [0.05, 0.1, 0.3, 0.5, 0.9] {
        let r = detente::theory::bargaining::risk_return(-p, 1.0, 0.0, cbar, 0.0, 1.0, p - ca);
        let (x, pw) = if cbar > ca {
            let x = p + (cbar - ca) / 2.0;
            (x, (x - p) / cbar)
        } else {
            (p, 0.0)
        };
        assert!(
            (r.demand - x).abs() < 1e-12,
            "c̄ {cbar}: demand {}",
            r.demand
        );
        assert!((r.p_war - pw).abs() < 1e-12, "c̄ {cbar}: P(war) {}", r.p_war);
        let eu = x * (1.0 - pw) + (p - ca) * pw;
        assert!((r.eu - eu).abs() < 1e-12);
    }
}

#[test]
fn analyze_prints_fearons_numbers_for_the_teaching_scenario() {
    let s = load(FEARON);
    let c = detente::classroom::crisis::analyze(&s).expect("a bilateral crisis");
    assert!((c.p - 0.4).abs() < 1e-15);
    assert!((c.range.0 - 0.3).abs() < 1e-12 && (c.range.1 - 0.65).abs() < 1e-12);
    let r = c.risk_return.expect("B's cost is private and uniform");
    assert!((r.demand - 0.6).abs() < 1e-12);
    assert!((r.p_war - 0.4).abs() < 1e-12);
    assert!((r.eu - 0.48).abs() < 1e-12);
}

#[test]
fn run_reproduces_the_risk_return_trade_off_within_monte_carlo_error() {
    let s = load(FEARON);
    let m = Model::compile(&s);
    let key = key_for(s.meta.seed);
    let mut scratch = Scratch::new(&m);
    let n = 20_000u64;
    let (mut wars, mut sum, mut sum2) = (0u64, 0.0, 0.0);
    for k in 0..n {
        let mut rng = rng_for(&key, k);
        simulate(&m, &mut scratch, &mut rng, &mut detente::story::NoTrace);
        let r = &scratch.result;
        match r.outcome {
            Outcome::Conflict(_) => {
                wars += 1;
                assert_eq!(r.war_by, Some(1), "B starts every war");
                assert_eq!(r.conflict_round, Some(1));
            }
            Outcome::InForce => {
                // Every agreement is at the optimal demand (the optimiser's
                // golden-section search resolves it far below 1e-6).
                assert!((r.terms[0] - 0.6).abs() < 1e-6, "terms {}", r.terms[0]);
            }
            other => panic!("unexpected outcome {other:?}"),
        }
        // A's payoff in months-2-onwards units: a flow f from month 2 on is worth
        // f·δ/(1 − δ) = 9f (the horizon's truncation, 0.9^239 ≈ 1e-11, is negligible).
        let x = r.payoff[0] / 9.0;
        sum += x;
        sum2 += x * x;
    }
    let nf = n as f64;
    let pw = wars as f64 / nf;
    let se = (0.4 * 0.6 / nf).sqrt();
    assert!((pw - 0.4).abs() < 3.0 * se, "P(war) {pw}, SE {se}");
    let mean = sum / nf;
    let se_mean = ((sum2 / nf - mean * mean) / nf).sqrt();
    assert!(
        (mean - 0.48).abs() < 3.0 * se_mean,
        "EU {mean}, SE {se_mean}"
    );
}

const FLAGSHIP: &str = "scenarios/security-guarantees.toml";

/// Runs 0..n of the flagship with `overrides`, folded into counts: (wars chosen,
/// failures by cause [no range, gamble lost, deadline], agreements).
fn flagship(overrides: &[&str], n: u64) -> (u64, [u64; 3], u64, Vec<f64>) {
    let bytes = std::fs::read(FLAGSHIP).unwrap();
    let o: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    let s = detente::scenario::load(FLAGSHIP, &bytes, &o)
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .scenario;
    let m = Model::compile(&s);
    let key = key_for(s.meta.seed);
    let mut scratch = Scratch::new(&m);
    let (mut wars, mut causes, mut agreed) = (0, [0u64; 3], 0);
    let mut doors = Vec::new();
    for k in 0..n {
        let mut rng = rng_for(&key, k);
        simulate(&m, &mut scratch, &mut rng, &mut detente::story::NoTrace);
        let r = &scratch.result;
        wars += u64::from(r.war_by.is_some());
        if let Some(f) = r.first_failure {
            causes[f as usize] += 1;
        }
        if r.first_agreement.is_some() {
            agreed += 1;
            doors.push(r.terms[0]);
        }
    }
    (wars, causes, agreed, doors)
}

#[test]
fn flagship_has_a_real_distribution_of_outcomes() {
    let n = 3000;
    let (wars, causes, agreed, doors) = flagship(&[], n);
    let share = |k: u64| k as f64 / n as f64;
    // Neither agreement nor war is certain, and failures have more than one cause.
    assert!(
        share(agreed) > 0.5 && share(agreed) < 0.95,
        "agreed {agreed}"
    );
    assert!(share(wars) > 0.1, "wars {wars}");
    assert!(causes[0] > 0 && causes[1] > 0, "causes {causes:?}");
    // The door is indivisible: every agreement has it open or closed.
    assert!(doors.iter().all(|&d| d == 0.0 || d == 1.0));
}

#[test]
fn power_resolve_and_private_information_move_war_as_theory_says() {
    let n = 2000;
    let (base, base_causes, ..) = flagship(&[], n);
    // More capability for Russia raises what war is worth to it: more war.
    let (strong, ..) = flagship(&["actor.russia.capability=2"], n);
    assert!(strong > base, "capability: {strong} vs {base}");
    // A costlier war for Russia (common random numbers: the same uniform draws,
    // shifted up) means less war.
    let (costly, ..) = flagship(
        &["actor.russia.payoffs.war_cost={ dist = \"uniform\", low = 1.3, high = 3.7 }"],
        n,
    );
    assert!(costly < base, "war cost: {costly} vs {base}");
    // Known resolve: with the war cost public (fixed at its mean), the US never
    // gambles on it, so no war is a risk-return gamble lost.
    let (_, known, ..) = flagship(
        &[
            "actor.russia.private=[]",
            "actor.russia.payoffs.war_cost=1.5",
        ],
        n,
    );
    assert!(base_causes[1] > 0);
    assert_eq!(known[1], 0, "causes with public resolve: {known:?}");
}

#[test]
fn crisis_keys_are_checked_with_their_place() {
    let base = bilateral("protocol = \"crisis\"", "war_cost = 0.5");
    let cases: &[(&str, &str, &str)] = &[
        (
            "war_cost = 0.5",
            "war_cost = 0.5\nconflict = -3",
            "both `conflict` and `war_cost`",
        ),
        (
            "id = \"b\"\n",
            "id = \"b\"\nprivate = [\"war_cost\"]\n",
            "private but not a distribution",
        ),
        (
            "id = \"b\"\n",
            "id = \"b\"\nprivate = [\"gain\"]\n",
            "`gain` cannot be private",
        ),
        (
            "protocol = \"crisis\"",
            "protocol = \"haggling\"",
            "unknown talks protocol",
        ),
        (
            "id = \"x\"\n",
            "id = \"x\"\nvalues = [0, 1]\nstatus_quo = 0.5\n",
            "status quo 0.5",
        ),
        (
            "id = \"x\"\n",
            "id = \"x\"\nvalues = [0, 0.5]\n",
            "not one of its values",
        ),
        (
            "id = \"a\"\n",
            "id = \"a\"\ncapability = 0\n",
            "`capability` must be",
        ),
    ];
    for (from, to, expect) in cases {
        assert!(base.contains(from), "{from}");
        let toml = base.replacen(from, to, 1);
        let err = detente::scenario::load("bad.toml", toml.as_bytes(), &[])
            .err()
            .unwrap_or_else(|| panic!("accepted: {to}"))
            .render();
        assert!(err.contains(expect), "{to}: {err}");
        assert!(err.contains("bad.toml:"), "no place in: {err}");
    }
}

/// A bilateral crisis with one round: a proposes, b responds; p = 0.5.
fn committed(b_extra: &str, b_cost: &str) -> Model {
    committed_with(b_extra, b_cost, "0.1")
}

/// [`committed`] with a's war cost too.
fn committed_with(b_extra: &str, b_cost: &str, a_cost: &str) -> Model {
    model(&format!(
        r#"
[scenario]
name = "audience costs"
horizon = 60
[[issue]]
id = "x"
[[actor]]
id = "a"
ideal = {{ x = 1.0 }}
discount = 0.9
compliance = "cooperator"
[actor.payoffs]
war_cost = {a_cost}
[[actor]]
id = "b"
ideal = {{ x = 0.0 }}
discount = 0.9
compliance = "cooperator"
{b_extra}
[actor.payoffs]
war_cost = {b_cost}
[talks]
protocol = "crisis"
proposers = ["a"]
deadline = 1
"#
    ))
}

#[test]
fn a_public_commitment_extracts_concessions_in_proportion_to_its_audience_cost() {
    // b's war pays 0.5 − 0.7 < 0 a round, so war is no threat; its no-deal line is
    // U = 0, so without a commitment a takes everything. Committed to x = 0, b would
    // pay a·(1 − δ) = 0.1a a round for backing down, so it accepts only U_b ≥ 0.1a
    // and a, knowing it, offers exactly that (Schelling): x = 1 − 0.1a.
    for (cost, x) in [(0.0, 1.0), (2.0, 0.8), (3.0, 0.7)] {
        let extra = if cost > 0.0 {
            format!("commitment = {{ issue = \"x\", value = 0.0, audience_cost = {cost} }}")
        } else {
            String::new()
        };
        let m = committed(&extra, "0.7");
        let (_, s) = play(&m, 0);
        assert_eq!(s.result.first_agreement, Some(1), "audience cost {cost}");
        assert!(
            (s.result.terms[0] - x).abs() < 1e-9,
            "audience cost {cost}: terms {}",
            s.result.terms[0]
        );
    }
}

#[test]
fn a_commitment_beyond_the_bargaining_range_leads_to_war() {
    // With a's war cost 0 its war pays 0.5 a round, so it needs x >= 0.5. b committed
    // to x = 0 with audience cost 4 needs U_b >= 0.4: the range is x in [0.5, 0.6]
    // and a takes x = 0.6. With audience cost 6, b needs U_b >= 0.6, i.e. x <= 0.4:
    // no bargaining range is left; a's demand is rejected, and b, whose war pays
    // 0.5 − 0.7 = −0.2 a round, fights rather than back down (which would cost it
    // 6·(1 − 0.9) = 0.6 a round): the commitment made its threat credible (§4d).
    let a_free_war = |cost: f64| {
        let extra =
            format!("commitment = {{ issue = \"x\", value = 0.0, audience_cost = {cost} }}");
        committed_with(&extra, "0.7", "0.0")
    };
    let (_, s) = play(&a_free_war(4.0), 0);
    assert_eq!(s.result.first_agreement, Some(1));
    assert!(
        (s.result.terms[0] - 0.6).abs() < 1e-9,
        "{}",
        s.result.terms[0]
    );
    let (_, s) = play(&a_free_war(6.0), 0);
    assert_eq!(s.result.war_by, Some(1));
    assert_eq!(
        s.result.first_failure,
        Some(detente::negotiation::Failure::NoRange)
    );
}

#[test]
fn crisis_only_keys_without_crisis_talks_are_refused_as_inert() {
    for (extra, expect) in [
        (
            "commitment = { issue = \"x\", value = 0.0, audience_cost = 1 }",
            "`b`'s commitment would change nothing",
        ),
        (
            "private = [\"war_cost\"]",
            "`b`'s private war cost would change nothing",
        ),
    ] {
        let toml = bilateral(
            "deadline = 1",
            "war_cost = { dist = \"uniform\", low = 0.0, high = 1.0 }",
        )
        .replacen("id = \"b\"\n", &format!("id = \"b\"\n{extra}\n"), 1);
        let err = detente::scenario::load("bad.toml", toml.as_bytes(), &[])
            .err()
            .unwrap_or_else(|| panic!("accepted: {extra}"))
            .render();
        assert!(err.contains(expect), "{extra}: {err}");
        assert!(err.contains("protocol = \"crisis\""), "{err}");
    }
}
