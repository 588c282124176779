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
