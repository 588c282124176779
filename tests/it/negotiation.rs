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
fn a_conceding_proposer_gives_up_an_indivisible_issue_alone_and_never_falls_below_its_target() {
    // Regression: the tactics' path conceded a's least salient issue (aid, i0) first
    // and then rounded the door (i1), its most salient, to the nearest allowed value:
    // at its round-9 target 0.27 it tabled [aid 0, door 0] (worth 0 to a), though b,
    // who cares about the door (90%), would take the door alone and a keeps 0.3 with
    // aid. a's reservation utility is 0, so its target in round k of 12 is
    // 1 − (k − 1)/11 (linear tactic); b's need in round k is its own next target.
    let issues = [
        (vec![], 1.0, 0.0, 0.3, 0.1),
        (vec![0.0, 1.0], 1.0, 0.0, 0.7, 0.9),
    ];
    let m = model(&conceding_pair(&issues, 1.0, 12, &["a"]));
    let (story, s) = play(&m, 0);
    let tabled = offers_until_agreement(&story);
    assert_eq!(tabled.len(), 9, "{tabled:?}");
    for (k, (_, _, terms)) in tabled.iter().enumerate() {
        let target = 1.0 - k as f64 / 11.0;
        let own = m.utility(0, terms);
        assert!(
            own >= target - 1e-9,
            "round {}: {terms:?} worth {own} < {target}",
            k + 1
        );
    }
    // Round 9: the best a can keep that b takes is the door conceded alone.
    assert_eq!(s.result.first_agreement, Some(9));
    assert_eq!(s.result.terms, vec![1.0, 0.0]);
    assert!((m.utility(0, &s.result.terms) - 0.3).abs() < 1e-12);
}

/// An issue of [`conceding_pair`]: (values, a's ideal, b's ideal, a's salience, b's
/// salience); an empty list of values is a divisible issue.
type PairIssue = (Vec<f64>, f64, f64, f64, f64);

/// Two conceding actors, `a` and `b`, on the given issues, with the given proposers.
fn conceding_pair(
    issues: &[PairIssue],
    exponent: f64,
    deadline: u32,
    proposers: &[&str],
) -> String {
    let mut toml = format!("[scenario]\nname = \"pair\"\nhorizon = {}\n", deadline + 2);
    for (j, (values, ..)) in issues.iter().enumerate() {
        toml += &format!("[[issue]]\nid = \"i{j}\"\n");
        if !values.is_empty() {
            toml += &format!("values = {values:?}\n");
        }
    }
    for (k, id) in ["a", "b"].iter().enumerate() {
        let table = |f: &dyn Fn(&PairIssue) -> f64| {
            let entries: Vec<String> = (issues.iter().enumerate())
                .map(|(j, v)| format!("i{j} = {:?}", f(v)))
                .collect();
            entries.join(", ")
        };
        let ideal = table(&|v| if k == 0 { v.1 } else { v.2 });
        let salience = table(&|v| if k == 0 { v.3 } else { v.4 });
        toml += &format!(
            "[[actor]]\nid = \"{id}\"\nideal = {{ {ideal} }}\nsalience = {{ {salience} }}\n\
             discount = 0.95\ntactic = {{ kind = \"concession\", exponent = {exponent:?} }}\n"
        );
    }
    toml + &format!("[talks]\nproposers = {proposers:?}\ndeadline = {deadline}\n")
}

/// The offers of a run's first talks, up to and including the one accepted: (round,
/// proposer, terms).
fn offers_until_agreement(story: &[(u32, Event)]) -> Vec<(u32, usize, Vec<f64>)> {
    let mut offers = Vec::new();
    for (t, e) in story {
        match e {
            Event::Rejected {
                proposer, terms, ..
            } => offers.push((*t, *proposer, terms.clone())),
            Event::Accepted { proposer, terms } => {
                offers.push((*t, *proposer, terms.clone()));
                break;
            }
            _ => {}
        }
    }
    offers
}

fn conceding_issue() -> impl proptest::strategy::Strategy<Value = PairIssue> {
    use proptest::prelude::*;
    (
        0..3usize,
        0..3usize,
        0..3usize,
        0..=100u32,
        0.05..1.0f64,
        0.05..1.0f64,
    )
        .prop_map(|(kind, ia, ib, cont, sa, sb)| {
            let values = match kind {
                0 => vec![],
                1 => vec![0.0, 1.0],
                _ => vec![0.0, 0.5, 1.0],
            };
            let pick = |i: usize| {
                if values.is_empty() {
                    cont as f64 / 100.0
                } else {
                    values[i % values.len()]
                }
            };
            let (a, b) = (
                pick(ia),
                if values.is_empty() {
                    1.0 - cont as f64 / 100.0
                } else {
                    pick(ib)
                },
            );
            (
                values,
                a,
                b,
                (sa * 100.0).round() / 100.0,
                (sb * 100.0).round() / 100.0,
            )
        })
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, ..Default::default() })]
    /// Without payoffs a conceding actor's reservation utility is 0, so its target in
    /// round k of T is 1 − τ^(1/e), τ = (k − 1)/(T − 1): whatever the issues, divisible
    /// or not, no offer it tables is worth less to it.
    #[test]
    fn a_conceding_proposer_never_tables_less_than_its_target(
        issues in proptest::collection::vec(conceding_issue(), 1..4),
        exponent in proptest::prop_oneof![proptest::strategy::Just(0.5), proptest::strategy::Just(1.0), proptest::strategy::Just(2.0)],
        deadline in 2..12u32,
    ) {
        let toml = conceding_pair(&issues, exponent, deadline, &["a", "b"]);
        let m = model(&toml);
        let (story, _) = play(&m, 0);
        for (t, proposer, terms) in offers_until_agreement(&story) {
            let tau = ((t - 1) as f64 / (deadline - 1) as f64).min(1.0);
            let target = 1.0 - tau.powf(1.0 / exponent);
            let own = m.utility(proposer, &terms);
            proptest::prop_assert!(own >= target - 1e-9, "round {}: {:?} worth {} < {}\n{}", t, terms, own, target, toml);
        }
    }
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
fn risk_return_matches_its_closed_form() {
    // p = 0.4, c_A = 0.1, c_B ~ U[0, c̄]: the parametrisation of docs/theory.md §4b, t0 = −p, k = 1.
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
/// failures by cause (in the order of `Failure::ALL`), agreements).
fn flagship(overrides: &[&str], n: u64) -> (u64, [u64; 5], u64, Vec<f64>) {
    let (s, m) = shipped(FLAGSHIP, overrides);
    let key = key_for(s.meta.seed);
    let mut scratch = Scratch::new(&m);
    let (mut wars, mut causes, mut agreed) = (0, [0u64; 5], 0);
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
fn a_demand_expected_to_fail_is_the_proposers_ideal_and_never_a_deal() {
    // When every offer on its path is sure to fail (the responder would fight, or the
    // proposer's own Senate would not ratify what the responder takes), the proposer
    // demands its ideal. It used to table its full concession instead, the best of
    // equal expected values by accident, which the responder took: a treaty the
    // proposer's ratifiers refuse, agreed in a round where it expected refusal.
    let (s, m) = shipped(FLAGSHIP, &[]);
    let key = key_for(s.meta.seed);
    let mut scratch = Scratch::new(&m);
    let (mut hopeless, mut agreed) = (0, 0);
    for k in 0..2000 {
        let mut rng = rng_for(&key, k);
        let mut tr = StoryTrace::default();
        simulate(&m, &mut scratch, &mut rng, &mut tr);
        let mut last: Option<(usize, Vec<f64>, f64)> = None;
        for (_, e) in &tr.events {
            match e {
                Event::Offer {
                    proposer,
                    terms,
                    p_accept,
                } => last = Some((*proposer, terms.clone(), *p_accept)),
                Event::Agreement { terms } => {
                    agreed += 1;
                    let (proposer, offered, p) = last.take().expect("an offer before a deal");
                    assert_eq!(&offered, terms, "run {k}");
                    assert!(p > 0.0, "run {k}: a deal on a demand expected to fail");
                    // Whoever proposed, its own side's ratifiers approve what it signs.
                    let ok = m.side_ratifies(m.root[proposer], terms, |a| m.utility(a, terms));
                    assert!(ok, "run {k}: {terms:?} not ratified");
                }
                _ => {}
            }
            if let Some((i, x, p)) = &last
                && *p == 0.0
            {
                hopeless += 1;
                let ideal = &m.ideal[i * m.m..(i + 1) * m.m];
                assert_eq!(x.as_slice(), ideal, "run {k}: a hopeless demand");
                last = Some((*i, x.clone(), -1.0));
            }
        }
    }
    // Both kinds of round occur in these runs.
    assert!(
        hopeless > 100 && agreed > 1000,
        "{hopeless} hopeless, {agreed} deals"
    );
}

#[test]
fn a_proposer_can_concede_an_indivisible_issue_alone() {
    // Russia's resolve public and high (war cost 0.4): it needs the door closed, and
    // nothing else. The tactics' path concedes the door only after every other issue
    // (least salient first), so it never offers "the door and nothing more": it went
    // from a package Russia refuses to one the US Senate refuses, and talks failed
    // with a deal both sides prefer to war untabled. The crisis path offers it.
    let known = [
        "actor.russia.private=[]",
        "actor.russia.payoffs.war_cost=0.4",
    ];
    let run = |extra: &[&str]| {
        let o: Vec<&str> = known.iter().chain(extra).copied().collect();
        let (mut s, mut m) = shipped(FLAGSHIP, &o);
        if extra.is_empty() {
            // As if the scenario made no public commitment to the open door.
            s.actors[1].war.commitment = None;
            m = Model::compile(&s);
        }
        let key = key_for(s.meta.seed);
        let mut scratch = Scratch::new(&m);
        (0..200)
            .map(|k| {
                let mut rng = rng_for(&key, k);
                simulate(&m, &mut scratch, &mut rng, &mut detente::story::NoTrace);
                let r = &scratch.result;
                (
                    r.first_agreement,
                    r.terms.clone(),
                    r.first_failure,
                    r.war_by,
                )
            })
            .collect::<Vec<_>>()
    };
    use detente::negotiation::Failure;
    let (mut agreed, mut free_no_range) = (0, 0);
    for (first, terms, failure, war_by) in run(&[]) {
        free_no_range += usize::from(failure == Some(Failure::NoRange));
        if first.is_none() {
            // The accidental hazard of month 1 struck first: no talks failed.
            assert_eq!((failure, war_by), (None, None));
            continue;
        }
        agreed += 1;
        assert_eq!(first, Some(1));
        // The door closed; strike systems, activity and form where the US wants them.
        assert_eq!(terms, [0.0, 0.4, 0.5, 0.3]);
    }
    assert!(agreed >= 195, "{agreed} of 200");
    // With the open door a public commitment (audience cost 20), closing it costs the
    // US the audience cost on top: fewer first deals close the door, and more talks
    // fail for want of a bargaining range (the first talks, or those reopened after a
    // US exit).
    let committed = run(&["actor.usa.commitment.audience_cost=20"]);
    let (mut closed, mut no_range) = (0, 0);
    for (first, terms, failure, _) in committed {
        closed += usize::from(first.is_some() && terms[0] == 0.0);
        no_range += usize::from(failure == Some(Failure::NoRange));
    }
    assert!(
        closed + 50 < agreed,
        "{closed} doors closed, {agreed} without the commitment"
    );
    assert!(
        no_range > free_no_range + 50,
        "{no_range} without a range, {free_no_range} without the commitment"
    );
}

/// Load `toml` as bad.toml, assert it is refused with a message holding `expect` and
/// a place in the file, and return the message.
fn assert_refused(toml: &str, expect: &str) -> String {
    let err = detente::scenario::load("bad.toml", toml.as_bytes(), &[])
        .err()
        .unwrap_or_else(|| panic!("accepted: {toml}"))
        .render();
    assert!(err.contains(expect), "expected {expect:?} in: {err}");
    assert!(err.contains("bad.toml:"), "no place in: {err}");
    err
}

/// Each `(from, to, expect)`: `base` with `from` replaced by `to` is refused, saying
/// `expect` at a place in the file.
fn assert_edits_refused(base: &str, cases: &[(&str, &str, &str)]) {
    for (from, to, expect) in cases {
        assert!(base.contains(from), "{from}");
        assert_refused(&base.replacen(from, to, 1), expect);
    }
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
            "id = \"b\"\nprivate = [\"capability\"]\n",
            "`capability` cannot be private",
        ),
        (
            "id = \"b\"\n",
            "id = \"b\"\nprivate = [\"gain\"]\n",
            "gain is private but not a distribution",
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
    // Two edits at once: a private gain that can be negative; a second private key.
    let gain = base
        .replacen("id = \"b\"\n", "id = \"b\"\nprivate = [\"gain\"]\n", 1)
        .replacen(
            "war_cost = 0.5",
            "war_cost = 0.5\ngain = { dist = \"normal\", mean = 1, sd = 0.2 }",
            1,
        );
    let two = base
        .replacen(
            "id = \"b\"\n",
            "id = \"b\"\nprivate = [\"war_cost\", \"gain\"]\n",
            1,
        )
        .replacen(
            "war_cost = 0.5",
            "war_cost = { dist = \"uniform\", low = 0, high = 1 }",
            1,
        );
    assert_refused(&gain, "private gain can be zero or negative");
    assert_refused(&two, "a second private parameter, `gain`");
    assert_edits_refused(&base, cases);
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
fn a_public_commitment_extracts_concessions_once_it_makes_the_threat_credible() {
    // b's war pays 0.5 − 0.7 = −0.2 a round. Committed to x = 0, backing down costs
    // it a once, 0.1a a round. One offer (the deadline's round): ending the talks
    // without fighting backs down too, so b's choice is between the terms (less
    // 0.1a) and war; it accepts iff 1 − x − 0.1a ≥ −0.2, i.e. x ≤ 1.2 − 0.1a. Up to
    // a = 2 the threat is not credible (§4d: a ≥ −K = 0.2/0.1) and a takes
    // everything; beyond it a concedes in proportion: x = 1.2 − 0.1a.
    for (cost, x) in [(0.0, 1.0), (2.0, 1.0), (3.0, 0.9), (4.0, 0.8)] {
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
    // to x = 0 with audience cost a accepts x <= 1.2 − 0.1a (as above): with a = 6
    // the range is x in [0.5, 0.6] and a takes 0.6. With a = 8, b accepts only
    // x <= 0.4: no bargaining range is left. b, whose war pays −0.2 a round, would
    // fight rather than back down (which would cost it 8·(1 − 0.9) = 0.8 a round):
    // the commitment made its threat credible (§4d). a knows any demand it could
    // live with is refused, and war pays it more than no deal: it starts the war.
    let a_free_war = |cost: f64| {
        let extra =
            format!("commitment = {{ issue = \"x\", value = 0.0, audience_cost = {cost} }}");
        committed_with(&extra, "0.7", "0.0")
    };
    let (_, s) = play(&a_free_war(6.0), 0);
    assert_eq!(s.result.first_agreement, Some(1));
    assert!(
        (s.result.terms[0] - 0.6).abs() < 1e-9,
        "{}",
        s.result.terms[0]
    );
    let (_, s) = play(&a_free_war(8.0), 0);
    assert_eq!(s.result.war_by, Some(0));
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
            "`b`'s private information would change nothing",
        ),
    ] {
        let toml = bilateral(
            "deadline = 1",
            "war_cost = { dist = \"uniform\", low = 0.0, high = 1.0 }",
        )
        .replacen("id = \"b\"\n", &format!("id = \"b\"\n{extra}\n"), 1);
        let err = assert_refused(&toml, expect);
        assert!(err.contains("protocol = \"crisis\""), "{err}");
    }
}

#[test]
fn a_concession_tactic_in_crisis_talks_is_refused_as_inert() {
    // Crisis talks choose every offer against beliefs: no concession schedule is read,
    // so a tactic would change nothing (outputs were identical with and without one).
    let path = "scenarios/security-guarantees.toml";
    let bytes = std::fs::read(path).unwrap();
    let o = vec!["actor.russia.tactic={ kind = \"concession\", exponent = 0.3 }".to_string()];
    let err = match detente::scenario::load(path, &bytes, &o) {
        Ok(_) => panic!("a tactic in crisis talks was accepted"),
        Err(e) => e.render(),
    };
    assert!(
        err.contains("`russia`'s tactic would change nothing in crisis talks"),
        "{err}"
    );
    assert!(err.contains("--set:1:"), "located in the override: {err}");
}

#[test]
fn credibility_beside_the_subgame_perfect_split_is_refused_as_inert() {
    // The split depends on the discount factors, not on reservation values, the only
    // place credibility enters: runs were identical with any credibility or reputation.
    let path = "scenarios/rubinstein.toml";
    let bytes = std::fs::read(path).unwrap();
    for (set, want) in [
        (
            "actor.p2.credibility=0.4",
            "`p2`'s credibility would change nothing beside the subgame-perfect split",
        ),
        (
            "reputation.exit_loss=0.5",
            "`[reputation]` would change nothing beside the subgame-perfect split",
        ),
    ] {
        let err = match detente::scenario::load(path, &bytes, &[set.to_string()]) {
            Ok(_) => panic!("{set} was accepted"),
            Err(e) => e.render(),
        };
        assert!(err.contains(want), "{err}");
    }
}

#[test]
fn capability_without_war_costs_outside_crisis_talks_is_refused_as_inert() {
    // Concession talks read capability only for the war payoff a `war_cost` derives
    // from it; inf-treaty gives its war payoffs directly (`conflict`).
    let path = "scenarios/inf-treaty.toml";
    let text = std::fs::read_to_string(path).unwrap();
    let o = vec!["actor.usa.capability=3".to_string()];
    let err = match detente::scenario::load(path, text.as_bytes(), &o) {
        Ok(_) => panic!("capability was accepted"),
        Err(e) => e.render(),
    };
    assert!(
        err.contains("`usa`'s capability would change nothing"),
        "{err}"
    );
    // Once one side's war payoff comes from a war cost, the war chance counts.
    let with_cost = text.replacen("conflict = -500.0", "war_cost = 0.5", 1);
    if let Err(e) = detente::scenario::load(path, with_cost.as_bytes(), &o) {
        panic!("{}", e.render());
    }
}

#[test]
fn capability_and_a_power_shift_without_war_costs_in_crisis_talks_are_refused_as_inert() {
    // Crisis talks where every war pays its `conflict` as given: the war chances that
    // capability sets enter no one's payoff. Fearon's scenario with its war costs
    // replaced by conflict payoffs plays the same runs whatever the capabilities.
    let no_costs = [
        "--unset actor.a.payoffs.war_cost",
        "--unset actor.b.payoffs.war_cost",
        "--unset actor.b.private",
        "actor.a.payoffs.conflict=-3",
        "actor.b.payoffs.conflict=-2",
    ];
    let path = "scenarios/fearon-risk-return.toml";
    let bytes = std::fs::read(path).unwrap();
    let load = |extra: &[&str]| {
        let o: Vec<String> = no_costs
            .iter()
            .chain(extra)
            .map(|o| match o.strip_prefix("--unset ") {
                Some(key) => detente::scenario::unset_override(key),
                None => o.to_string(),
            })
            .collect();
        detente::scenario::load(path, &bytes, &o)
    };
    let err = match load(&[]) {
        Ok(_) => panic!("capability was accepted"),
        Err(e) => e.render(),
    };
    assert!(
        err.contains("`a`'s capability would change nothing"),
        "{err}"
    );
    assert!(
        err.contains("`b`'s capability would change nothing"),
        "{err}"
    );
    // Past the loader, the runs bear the refusal out: capability 2 or 50, the same.
    let mut s = load(&["--unset actor.a.capability", "--unset actor.b.capability"])
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .scenario;
    let base = Model::compile(&s);
    s.actors[0].war.capability = detente::scenario::Param::Fixed(50.0);
    let strong = Model::compile(&s);
    let mut wars = 0;
    for k in 0..200 {
        let (a, b) = (play(&base, k).1.result, play(&strong, k).1.result);
        assert_eq!(a.terms, b.terms, "run {k}");
        assert_eq!(a.war_by, b.war_by, "run {k}");
        assert_eq!(a.conflict_round, b.conflict_round, "run {k}");
        assert_eq!(a.first_agreement, b.first_agreement, "run {k}");
        wars += usize::from(a.war_by.is_some());
    }
    assert!(wars < 200, "some runs agree");
    // A power shift changes only capabilities: refused there too.
    let path = "scenarios/power-shift.toml";
    let mut o: Vec<String> = [
        "actor.declining.payoffs.conflict=-5",
        "actor.rising.payoffs.conflict=-5",
    ]
    .map(String::from)
    .to_vec();
    for key in [
        "actor.declining.payoffs.war_cost",
        "actor.rising.payoffs.war_cost",
        "actor.declining.capability",
        "actor.rising.capability",
    ] {
        o.push(detente::scenario::unset_override(key));
    }
    let bytes = std::fs::read(path).unwrap();
    let err = match detente::scenario::load(path, &bytes, &o) {
        Ok(_) => panic!("the shift was accepted"),
        Err(e) => e.render(),
    };
    assert!(err.contains("a power shift would change nothing"), "{err}");
    assert!(err.contains("through a `war_cost`"), "{err}");
}

/// A shipped scenario with `overrides`, compiled.
fn shipped(path: &str, overrides: &[&str]) -> (detente::scenario::Scenario, Model) {
    let bytes = std::fs::read(path).unwrap();
    let o: Vec<String> = overrides.iter().map(|s| s.to_string()).collect();
    let s = detente::scenario::load(path, &bytes, &o)
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .scenario;
    let m = Model::compile(&s);
    (s, m)
}

#[test]
fn the_commitment_problem_holds_exactly_in_analyze_and_run() {
    use detente::negotiation::Failure;
    // p = 0.4, δ = 0.9, w_S = w_R = 0.02 a round: peace fails iff δp′ − p > 0.038,
    // i.e. p′ > 0.48667. The rising state's capability c gives p′ = c/(c + 3): 2.9016
    // gives p′ = 0.4917 (war), 2.7869 gives 0.4817 (peace); both 0.005 from the edge.
    for (cap, war) in [("4.5", true), ("2.9016", true), ("2.7869", false)] {
        let set = format!("power.capability.rising={cap}");
        let (s, m) = shipped("scenarios/power-shift.toml", &[&set]);
        let c = detente::classroom::crisis::analyze(&s).expect("a bilateral crisis");
        let (rising, cp) = c.commitment.expect("a calendar shift, one offer");
        assert_eq!(rising, 1);
        let p2 = cap.parse::<f64>().unwrap() / (cap.parse::<f64>().unwrap() + 3.0);
        let powell = (0.9 * p2 - 0.4) / 0.1 > (0.02 + 0.9 * 0.02) / 0.1;
        assert_eq!(cp.war_now, war, "capability {cap}: {cp:?}");
        assert_eq!(powell, war, "Powell's condition, capability {cap}");
        assert!((cp.lhs - (0.9 * p2 - 0.4) / 0.1).abs() < 1e-12);
        // The engine: no uncertainty, so every run is the same.
        for k in 0..3 {
            let (events, sc) = play(&m, k);
            let r = &sc.result;
            if war {
                assert_eq!(r.war_by, Some(0), "the declining state starts the war");
                assert_eq!(r.conflict_round, Some(1));
                assert_eq!(r.first_failure, Some(Failure::CommitmentProblem));
            } else {
                assert_eq!(r.first_agreement, Some(1), "capability {cap}");
                assert!(r.war_by.is_none());
                // Offered what the rising state accepts (0 here: it is content to
                // wait), then revised at the shift to its war line p′ − w_R.
                assert!(r.terms[0].abs() < 1e-9, "offer {}", r.terms[0]);
                let revised = events.iter().find_map(|(t, e)| match e {
                    Event::TermsRevised { terms, .. } => Some((*t, terms[0])),
                    _ => None,
                });
                let (t, x) = revised.expect("terms revised after the shift");
                assert_eq!(t, 3);
                assert!((x - (p2 - 0.02)).abs() < 1e-9, "revised to {x}");
            }
        }
    }
}

/// Two sides, an indivisible door that shifts power to b and money (the test
/// below explains the numbers).
const ENLARGEMENT: &str = r#"
[scenario]
name = "enlargement"
horizon = 24
[[issue]]
id = "door"
values = [0, 1]
shifts_power = { actor = "b", capability = 100, after = 3 }
[[issue]]
id = "money"
[[actor]]
id = "a"
ideal = { door = 0, money = 0 }
salience = { door = 0.3, money = 0.7 }
discount = 0.9
compliance = "cooperator"
[actor.payoffs]
gain = 1.0
war_cost = 0.05
[[actor]]
id = "b"
ideal = { door = 1, money = 1 }
salience = { door = 0.8, money = 0.2 }
discount = 0.9
compliance = "cooperator"
[actor.payoffs]
gain = 1.0
war_cost = 0.05
[talks]
protocol = "crisis"
proposers = ["a"]
deadline = 1
"#;

#[test]
fn terms_that_shift_power_can_make_war_preferable() {
    use detente::negotiation::Failure;
    // An indivisible door (b's main demand: salience 0.8) and money. p = 0.5, war
    // costs 0.05: b's war pays 0.45 a round, so only an open door (0.8) satisfies it;
    // a cares little for the door (salience 0.3) and opens it: a keeps 0.7.
    // If an open door adds 100 to b's capability from round 3 on (p_b → 0.99), b's
    // war line rises to 0.94 after the shift and a must then pay money up to it:
    // a's peace is worth 0.1·0.7 + 0.9·0.7·(1 − 0.7) = 0.259 a round, less than war
    // now (0.5 − 0.05 = 0.45). A closed door is refused. a fights first: the
    // commitment problem of terms that shift power.
    let base = ENLARGEMENT;
    let (_, shifted) = play(&model(base), 0);
    let still = base.replace("capability = 100,", "capability = 0.000001,");
    let (_, fixed) = play(&model(&still), 0);
    assert!(fixed.result.war_by.is_none(), "{:?}", fixed.result);
    assert_eq!(fixed.result.terms, vec![1.0, 0.0]);
    assert_eq!(shifted.result.war_by, Some(0), "{:?}", shifted.result);
    assert_eq!(
        shifted.result.first_failure,
        Some(Failure::CommitmentProblem)
    );
}

#[test]
fn with_three_sides_a_shift_that_breaks_the_terms_means_war() {
    use detente::negotiation::Failure;
    // The scenario above with a third deciding side, c, too weak to matter
    // (capability 10⁻⁶) and content with an open door and no money. Terms are
    // revised only between two sides, so after the shift b, preferring war to the
    // terms, would fight: a's peace is worth 0.1·0.7 + 0.9·(war after the shift,
    // p_a ≈ 0.01: about −0.04) < 0.45, war now. a fights first, as with two sides.
    let third = r#"
[[actor]]
id = "c"
ideal = { door = 1, money = 0 }
discount = 0.9
compliance = "cooperator"
capability = 0.000001
[actor.payoffs]
gain = 1.0
war_cost = 10.0
[talks]"#;
    let three = ENLARGEMENT.replace("[talks]", third);
    let (_, shifted) = play(&model(&three), 0);
    assert_eq!(shifted.result.war_by, Some(0), "{:?}", shifted.result);
    assert_eq!(
        shifted.result.first_failure,
        Some(Failure::CommitmentProblem)
    );
    let still = three.replace("capability = 100,", "capability = 0.000001,");
    let (_, fixed) = play(&model(&still), 0);
    assert!(fixed.result.war_by.is_none(), "{:?}", fixed.result);
    assert_eq!(fixed.result.terms, vec![1.0, 0.0]);
}

#[test]
fn ratification_gives_the_constrained_responder_max_of_spe_and_its_minimum() {
    use detente::negotiation::Failure;
    let spe_share = 1.0 - 1.0 / 1.9; // responder's Rubinstein share, δ = 0.9 for both
    let cases: &[(&[&str], Option<f64>)] = &[
        (&[], Some(0.6)),
        (&["actor.responder.ratification=0.3"], Some(spe_share)),
        (&["actor.proposer.ratification=0.5"], None),
        (&["treaty.form=\"verbal\""], Some(spe_share)),
    ];
    for (set, expect) in cases {
        let (s, m) = shipped("scenarios/ratification.toml", set);
        let b = detente::classroom::analyze::analyze_scenario(&s)
            .bargaining
            .expect("two deciders");
        let analysed = match &b.ratification {
            Some(r) => r.settlement,
            None => Some(1.0 - b.rubinstein),
        };
        match (analysed, expect) {
            (Some(a), Some(e)) => assert!((a - e).abs() < 1e-12, "{set:?}: analyze {a}"),
            (None, None) => {}
            other => panic!("{set:?}: analyze {other:?}"),
        }
        let (_, sc) = play(&m, 0);
        match expect {
            Some(x) => {
                assert_eq!(sc.result.first_agreement, Some(1), "{set:?}");
                assert!(
                    (sc.result.terms[0] - x).abs() < 1e-12,
                    "{set:?}: terms {}",
                    sc.result.terms[0]
                );
            }
            None => {
                assert!(sc.result.first_agreement.is_none(), "{set:?}");
            }
        }
        if expect.is_none() {
            // Without a deadline talks run to the horizon; its failure is recorded
            // as ratification when they would end.
            let (s2, m2) = shipped("scenarios/ratification.toml", &[set[0], "talks.deadline=2"]);
            drop(s2);
            let (_, sc) = play(&m2, 0);
            assert_eq!(sc.result.first_failure, Some(Failure::Ratification));
        }
    }
}

#[test]
fn in_crisis_talks_a_ratifier_makes_the_proposer_concede_more_or_fail() {
    use detente::negotiation::Failure;
    // Fearon's teaching scenario with B's cost public: A takes the whole range
    // (x = p + c_B); a ratifier of B requiring U_B ≥ 0.5 (x ≤ 0.5) is inside the
    // range and moves the terms to 0.5; one requiring 0.7 (x ≤ 0.3) is below A's war
    // line p − c_A = 0.3 ... at exactly the edge A still agrees; 0.75 leaves nothing.
    let plain = ["actor.b.private=[]", "actor.b.payoffs.war_cost=0.25"];
    let run = |extra: Option<&str>| {
        let mut o: Vec<&str> = plain.to_vec();
        if let Some(e) = extra {
            o.push(e);
        }
        let (_, m) = shipped("scenarios/fearon-risk-return.toml", &o);
        play(&m, 0).1.result
    };
    let free = run(None);
    assert!((free.terms[0] - 0.65).abs() < 1e-6, "{}", free.terms[0]);
    let r = run(Some("actor.b.ratification=0.5"));
    assert!((r.terms[0] - 0.5).abs() < 1e-6, "{}", r.terms[0]);
    let r = run(Some("actor.b.ratification=0.75"));
    assert!(r.first_agreement.is_none());
    assert_eq!(r.first_failure, Some(Failure::Ratification));
}

#[test]
fn audience_costs_make_the_threat_credible_exactly_at_the_closed_form() {
    // §4d: B's war pays K = −0.2/(1 − 0.9) = −2 once; credible iff a > 2.
    for (a, credible) in [("1.9", false), ("2.1", true), ("3", true)] {
        let set = format!("actor.b.commitment.audience_cost={a}");
        let (s, m) = shipped("scenarios/audience-costs.toml", &[&set]);
        let c = detente::classroom::crisis::analyze(&s).expect("bilateral crisis");
        let (_, cost, min) = c.audience[0];
        assert!((min - 2.0).abs() < 1e-12, "{min}");
        assert_eq!(cost > min, credible);
        let (_, sc) = play(&m, 0);
        assert_eq!(sc.result.first_agreement, Some(1));
        // A credible threat wins B the stake (x = 0); a bluff loses it (x = 1).
        let x = if credible { 0.0 } else { 1.0 };
        assert_eq!(sc.result.terms[0], x, "audience cost {a}");
    }
}

#[test]
fn a_form_issue_sets_the_treatys_exit_cost_and_notice() {
    // b leaves at once (threshold 0 against a temptation of 1): the notice given in
    // the first round in force takes effect after round(f · 6) rounds, f the agreed
    // form. a alone proposes, so the agreed form is a's ideal.
    let toml = |form: f64| {
        format!(
            r#"
[scenario]
name = "form"
horizon = 30
[[issue]]
id = "form"
form = true
[[actor]]
id = "a"
ideal = {{ form = {form} }}
discount = 0.9
compliance = "cooperator"
[[actor]]
id = "b"
ideal = {{ form = {form} }}
discount = 0.9
compliance = "cooperator"
exit = {{ rule = "threshold", level = 0.0 }}
[actor.payoffs]
temptation = {{ process = "iid", mean = 1.0, sd = 0.0 }}
[talks]
proposers = ["a"]
[treaty]
notice = 6
exit_cost = 10
"#
        )
    };
    for (form, notice, cost) in [(1.0, 6u32, 10.0), (0.5, 3, 5.0), (0.0, 0, 0.0)] {
        let m = model(&toml(form));
        let (events, _) = play(&m, 0);
        let (given, effective) = events
            .iter()
            .find_map(|(t, e)| match e {
                Event::Notice { effective, .. } => Some((*t, *effective)),
                _ => None,
            })
            .expect("b gives notice");
        assert_eq!(effective - given, notice, "form {form}");
        let paid = events
            .iter()
            .find_map(|(_, e)| match e {
                Event::WithdrawalTakesEffect { exit_cost, .. } => Some(*exit_cost),
                _ => None,
            })
            .expect("the exit takes effect");
        assert!((paid - cost).abs() < 1e-12, "form {form}: paid {paid}");
    }
}

#[test]
fn power_and_ratification_keys_are_checked_with_their_place() {
    let base = bilateral("protocol = \"crisis\"", "war_cost = 0.5");
    let cases: &[(&str, &str, &str)] = &[
        (
            "id = \"x\"\n",
            "id = \"x\"\nshifts_power = { actor = \"a\", capability = 1, after = 2 }\n",
            "shifts power but is divisible",
        ),
        (
            "protocol = \"crisis\"",
            "protocol = \"crisis\"\n[power]\nafter = 3\ncapability = { a = 0 }",
            "`capability` must be",
        ),
        (
            "protocol = \"crisis\"",
            "protocol = \"crisis\"\n[power]\nafter = 3\ncapability = { zz = 2 }",
            "unknown actor `zz`",
        ),
        (
            "protocol = \"crisis\"",
            "protocol = \"concession\"\n[power]\nafter = 3\ncapability = { a = 2 }",
            "power shift would change nothing",
        ),
        (
            "id = \"b\"\n",
            "id = \"b\"\nratification = 1.5\n",
            "`ratification` must be",
        ),
        (
            "protocol = \"crisis\"",
            "protocol = \"concession\"\n[[actor]]\nid = \"c\"\nideal = { x = 0.5 }\nratification = 0.5\n",
            "ratification would change nothing",
        ),
        ("id = \"x\"\n", "id = \"x\"\nform = \"yes\"\n", "form"),
    ];
    assert_edits_refused(&base, cases);
}

#[test]
fn the_flagships_senate_refuses_some_deals_and_a_verbal_form_escapes_it() {
    let n = 2000;
    // At the shipped bar (0.6) the US itself asks more than its Senate: no deal the US
    // would sign is refused. A Senate that asks 0.8 refuses some.
    let (_, shipped, ..) = flagship(&[], n);
    assert_eq!(shipped[4], 0, "causes {shipped:?}");
    let (_, base, agreed, _) = flagship(&["actor.usa.ratification=0.8"], n);
    // Ratification refused is one of the causes of failed talks.
    assert!(base[4] > 0, "causes {base:?}");
    // Without a Senate (ratification 0) no deal is refused for it.
    let (_, free, agreed_free, _) = flagship(&["actor.usa.ratification=0"], n);
    assert_eq!(free[4], 0, "causes without a Senate {free:?}");
    assert!(agreed_free >= agreed, "{agreed_free} vs {agreed}");
    // A verbal form needs no ratification whatever is agreed.
    let (_, verbal, ..) = flagship(&["treaty.form=\"verbal\""], n);
    assert_eq!(verbal[4], 0, "causes with a verbal form {verbal:?}");
}

#[test]
fn an_indivisible_issues_quantiles_are_its_values() {
    // The flagship's door takes 0 or 1 only; quantiles interpolated in the histogram's
    // bins (0.976 – 0.999) would name terms no run agreed on.
    let path = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/security-guarantees.toml"
    ));
    let prep = detente::cli::run::prepare(path, &[]).unwrap();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let (summary, _) = detente::cli::run::simulate_summary(&pool, &prep, 1, 400, (0, 400));
    let door = &summary.terms[0];
    assert!(door.agreements > 0);
    let q = &door.quantiles;
    for v in [q.p05, q.p25, q.p50, q.p75, q.p95] {
        let v = v.expect("agreements, so quantiles");
        assert!(v == 0.0 || v == 1.0, "{q:?}");
    }
    assert_eq!(summary.scenario.issues[0].values, vec![0.0, 1.0]);
    // A divisible issue keeps its interpolated quantiles (and no `values`).
    assert!(summary.scenario.issues[1].values.is_empty());
}

#[test]
fn a_run_is_the_same_played_alone_or_after_others() {
    // Regression: a form issue scaled the exit costs kept in the thread's scratch, and
    // the next run started from the scaled values.
    let (s, m) = shipped(FLAGSHIP, &[]);
    let key = key_for(s.meta.seed);
    let mut shared = Scratch::new(&m);
    for k in 0..300 {
        let mut rng = rng_for(&key, k);
        simulate(&m, &mut shared, &mut rng, &mut detente::story::NoTrace);
        let mut alone = Scratch::new(&m);
        let mut rng = rng_for(&key, k);
        simulate(&m, &mut alone, &mut rng, &mut detente::story::NoTrace);
        // `terms` is meaningful only after an agreement.
        if alone.result.first_agreement.is_none() {
            alone.result.terms.clone_from(&shared.result.terms);
        }
        assert_eq!(shared.result, alone.result, "run {k}");
    }
}

/// Runs 0..n of a model: (wars, agreements, the agreed terms of issue 0 of each).
fn crisis_runs(m: &Model, seed: u64, n: u64) -> (u64, u64, Vec<f64>) {
    let key = key_for(seed);
    let mut scratch = Scratch::new(m);
    let (mut wars, mut deals, mut terms) = (0, 0, Vec::new());
    for k in 0..n {
        let mut rng = rng_for(&key, k);
        simulate(m, &mut scratch, &mut rng, &mut detente::story::NoTrace);
        let r = &scratch.result;
        match r.outcome {
            Outcome::Conflict(_) => wars += 1,
            Outcome::InForce => {
                deals += 1;
                terms.push(r.terms[0]);
            }
            other => panic!("unexpected outcome {other:?}"),
        }
    }
    (wars, deals, terms)
}

#[test]
fn a_private_no_deal_payoff_gives_fearons_risk_return_trade_off() {
    // B's war pays a given 0.35 a month (conflict 3.5, δ = 0.9) and its no-deal payoff
    // is private, uniform on [−0.3, 0.2]. B accepts share x for A iff
    // (1 − x) + no_deal ≥ 0.35, i.e. no_deal ≥ x − 0.65: P(x) = (0.85 − x)/0.5. A's
    // expected flow P·x + (1 − P)·0.3 peaks where 2.3 − 4x = 0: x* = 0.575,
    // P = 0.55, EU = 0.45125; the types that reject prefer war to no deal and fight.
    let o = [
        "actor.b.private=[\"no_deal\"]",
        "actor.b.payoffs.conflict=3.5",
        "actor.b.payoffs.no_deal={dist=\"uniform\",low=-0.3,high=0.2}",
    ];
    let unset = format!("{}actor.b.payoffs.war_cost", detente::scenario::UNSET);
    let mut sets = o.to_vec();
    sets.push(&unset);
    let (s, m) = shipped(FEARON, &sets);
    let out = detente::classroom::crisis::outlook(&s).expect("crisis talks");
    // Golden-section on a smooth objective: the demand to about √ε, the value to ε.
    assert!((out.best_offer - 0.575).abs() < 1e-6, "{}", out.best_offer);
    assert!((out.p_accept - 0.55).abs() < 1e-5, "{}", out.p_accept);
    assert!((out.expected_flow - 0.45125).abs() < 1e-9);
    let n = 4000;
    let (wars, deals, terms) = crisis_runs(&m, s.meta.seed, n);
    assert_eq!(wars + deals, n);
    let pw = wars as f64 / n as f64;
    let se = (0.45 * 0.55 / n as f64).sqrt();
    assert!((pw - 0.45).abs() < 3.0 * se, "P(war) {pw}, SE {se}");
    assert!(terms.iter().all(|x| (x - 0.575).abs() < 1e-6));
    // With a second round, a rejection of the first demand x₁ reveals
    // no_deal < x₁ − 0.65: the belief's upper end moves there, and the trace says so.
    sets.push("talks.deadline=2");
    let (_, m) = shipped(FEARON, &sets);
    let revealed = (0..200).find_map(|k| {
        let (events, _) = play(&m, k);
        let first = events.iter().find_map(|(_, e)| match e {
            Event::Offer { terms, .. } => Some(terms[0]),
            _ => None,
        })?;
        // The belief after the rejection (an acceptance moves it too, from below).
        let mut rejected = false;
        events.iter().find_map(|(_, e)| match e {
            Event::Rejected { .. } => {
                rejected = true;
                None
            }
            Event::Belief {
                about: 1,
                what: detente::scenario::Private::NoDeal,
                low,
                high,
            } if rejected => Some((first, *low, *high)),
            _ => None,
        })
    });
    let (x1, low, high) = revealed.expect("some run's first demand is rejected");
    assert_eq!(low, -0.3);
    assert!(
        (high - (x1 - 0.65)).abs() < 1e-12,
        "x₁ {x1}, belief up to {high}"
    );
}

#[test]
fn a_private_gain_is_screened_at_the_most_resolute_type() {
    // B's war cost 0.25 is known, its gain private on [0.5, 1.5]: B accepts x > p
    // iff g ≤ 0.25/(x − 0.4). The types that value the stake most are the most
    // resolute, and the chance of acceptance falls so fast above the highest type's
    // line that A's best demand is that line: x* = 0.4 + 0.25/1.5, accepted by all.
    // Making the war cost private instead (the teaching scenario) gives a gamble.
    let (s, m) = shipped(
        FEARON,
        &[
            "actor.b.private=[\"gain\"]",
            "actor.b.payoffs.war_cost=0.25",
            "actor.b.payoffs.gain={dist=\"uniform\",low=0.5,high=1.5}",
        ],
    );
    let x = 0.4 + 0.25 / 1.5;
    let out = detente::classroom::crisis::outlook(&s).unwrap();
    assert!((out.best_offer - x).abs() < 1e-6, "{}", out.best_offer);
    assert!(1.0 - out.p_accept < 1e-9, "{}", out.p_accept);
    // Beliefs about a gain are not carried through a shift of power: refused, with
    // the place of the shift.
    let bytes = std::fs::read("scenarios/power-shift.toml").unwrap();
    let sets = [
        "actor.rising.private=[\"gain\"]".to_string(),
        "actor.rising.payoffs.gain={dist=\"uniform\",low=0.5,high=1.5}".to_string(),
    ];
    let err = match detente::scenario::load("power-shift.toml", &bytes, &sets) {
        Ok(_) => panic!("a private gain with a power shift was accepted"),
        Err(e) => e.render(),
    };
    assert!(
        err.contains("a power shift with `rising`'s private gain"),
        "{err}"
    );
    assert!(err.contains("power-shift.toml:78:1"), "{err}");
    let (wars, deals, terms) = crisis_runs(&m, s.meta.seed, 500);
    assert_eq!((wars, deals), (0, 500));
    assert!(terms.iter().all(|t| (t - x).abs() < 1e-6));
}

#[test]
fn wars_chosen_are_told_apart_by_the_phase_they_broke_out_in() {
    use detente::model::Phase;
    let bytes = std::fs::read(FLAGSHIP).unwrap();
    let s = detente::scenario::load(FLAGSHIP, &bytes, &[])
        .unwrap_or_else(|e| panic!("{}", e.render()))
        .scenario;
    let m = Model::compile(&s);
    let a = detente::engine::simulate_range(&m, s.meta.seed, 0, 1500, &Default::default()).0;
    // Every chosen war is counted once by who chose it and once by its phase, and no
    // phase has more chosen wars than conflicts.
    let chosen: u64 = a.war_chosen.iter().sum();
    assert_eq!(a.war_chosen_in.iter().sum::<u64>(), chosen);
    for p in Phase::ALL {
        assert!(
            a.war_chosen_in[p as usize] <= a.conflict[p as usize],
            "{p:?}"
        );
    }
    // The flagship's wars are chosen both in talks and with a treaty in force.
    assert!(a.war_chosen_in[Phase::Talks as usize] > 0);
    assert!(a.war_chosen_in[Phase::InForce as usize] > 0);
    // A result file claiming more chosen wars in a phase than conflicts is refused.
    let info = detente::engine::scenario_info(&s);
    assert_eq!(a.check(&info), Ok(()));
    let mut forged = a.clone();
    let k = Phase::InForce as usize;
    forged.war_chosen_in[k] = forged.conflict[k] + 1;
    assert!(forged.check(&info).is_err());
}

#[test]
fn the_offer_grid_holds_the_offers_utilities_and_ratification_bit_for_bit() {
    use detente::negotiation::alternating::offer;
    use detente::negotiation::crisis::OfferGrid;
    let (_, m) = shipped(FLAGSHIP, &[]);
    let grid = OfferGrid::new(&m, offer);
    let mut x = vec![0.0; m.m];
    for &i in m.proposers.iter().chain(&m.deciders) {
        for k in 0..=OfferGrid::STEPS {
            offer(&m, i, k as f64 / OfferGrid::STEPS as f64, &mut x);
            let (terms, known) = grid.point(i, k).expect("a proposer's grid");
            assert_eq!(terms, &x[..], "proposer {i}, point {k}");
            for a in 0..m.n {
                let u = m.utility(a, &x);
                assert_eq!(known.utility[a].to_bits(), u.to_bits(), "actor {a}");
                let side = m.side_ratifies(a, &x, |k| m.utility(k, &x));
                assert_eq!(known.ratified[a], side, "side of {a}");
            }
        }
        // The offer search's grid (τ = k / 200) is every other point.
        for k in 0..=OfferGrid::STEPS / 2 {
            let (a, b) = (k as f64 / 200.0, (2 * k) as f64 / OfferGrid::STEPS as f64);
            assert_eq!(a.to_bits(), b.to_bits());
        }
    }
    // Actors who neither table offers nor decide have no grid.
    let idle = (0..m.n)
        .find(|i| !m.proposers.contains(i) && !m.deciders.contains(i))
        .expect("Europe");
    assert!(grid.point(idle, 0).is_none());
}
