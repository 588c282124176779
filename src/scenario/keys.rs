//! The keys each table of the format accepts, and a one-line help per key used in
//! error hints. Shared by the validator (unknown keys) and `--set` (unknown paths).

/// Top-level tables.
pub const TOP: &[&str] = &[
    "scenario",
    "issue",
    "actor",
    "talks",
    "treaty",
    "conflict",
    "reputation",
    "power",
    "game",
];
pub const SCENARIO: &[&str] = &[
    "name",
    "description",
    "sources",
    "seed",
    "runs",
    "horizon",
    "round",
    "rounds",
];
pub const ISSUE: &[&str] = &[
    "id",
    "label",
    "range",
    "status_quo",
    "values",
    "form",
    "shifts_power",
];
pub const ACTOR: &[&str] = &[
    "id",
    "name",
    "principal",
    "ideal",
    "salience",
    "discount",
    "credibility",
    "tactic",
    "compliance",
    "exit",
    "payoffs",
    "exit_cost",
    "notice",
    "capability",
    "private",
    "commitment",
    "ratification",
];
pub const PAYOFFS: &[&str] = &[
    "no_deal",
    "gain",
    "temptation",
    "betrayal",
    "conflict",
    "stalling",
    "war_cost",
];
pub const TALKS: &[&str] = &[
    "proposers",
    "deadline",
    "retry_after",
    "protocol",
    "q",
    "t",
    "rounds",
    "tolerance",
];
pub const TREATY: &[&str] = &[
    "form",
    "notice",
    "exit_cost",
    "false_alarm",
    "missed",
    "renegotiate_after",
    "suspension",
    "escalation",
    "material_breach",
    "escape_price",
    "principal_answers",
];
pub const CONFLICT: &[&str] = &["talks", "no_deal", "in_force", "after_exit"];
pub const REPUTATION: &[&str] = &["exit_loss", "recovery", "violation_loss"];
pub const GAME: &[&str] = &["players", "actions", "payoffs"];
pub const POWER: &[&str] = &["after", "capability"];

/// Key paths `--unset` refuses to remove because every scenario needs them (actor and
/// issue ids left out: `actor.id` is the `id` of any actor).
pub const REQUIRED: &[&str] = &["scenario", "scenario.name", "actor.id", "issue.id"];

/// The keys of a top-level table, by its name.
pub fn table_keys(top: &str) -> Option<&'static [&'static str]> {
    Some(match top {
        "scenario" => SCENARIO,
        "issue" => ISSUE,
        "actor" => ACTOR,
        "talks" => TALKS,
        "treaty" => TREATY,
        "conflict" => CONFLICT,
        "reputation" => REPUTATION,
        "power" => POWER,
        "game" => GAME,
        _ => return None,
    })
}

/// What a key means, in a few words with an example, for hints.
pub fn help(key: &str) -> Option<&'static str> {
    Some(match key {
        "discount" => "a per-round discount factor, e.g. 0.95 (a 5% loss of value per round)",
        "credibility" => {
            "the initial share of its promises others believe, from 0 (none) to 1 (all)"
        }
        "false_alarm" => "the probability that compliance is read as a violation, e.g. 0.02",
        "missed" => "the probability that a violation goes unnoticed, e.g. 0.1",
        "talks" | "no_deal" | "in_force" | "after_exit" => {
            "a per-round probability that conflict breaks out, e.g. 0.001"
        }
        "exit_loss" => "the credibility an actor loses when its exit takes effect, e.g. 0.3",
        "recovery" => "the credibility regained per round, e.g. 0.01",
        "violation_loss" => {
            "the credibility a party loses each time it is seen violating, e.g. 0.1"
        }
        "suspension" => "rounds the treaty is suspended after a detected violation, e.g. 3",
        "escalation" => {
            "added to the in-force conflict hazard by each detected violation, e.g. 0.001"
        }
        "material_breach" => {
            "true: a party that sees a violation gives notice of withdrawal (no exit cost)"
        }
        "escape_price" => {
            "the price of deviating for one round under the escape clause (>= 0), e.g. 2"
        }
        "principal_answers" => {
            "true: violations by a party that cannot decide count against its principal"
        }
        "exit_cost" => {
            "a one-time cost of leaving the treaty, paid when the exit takes effect (>= 0)"
        }
        "betrayal" => "the per-round loss when the others violate: zero or negative, e.g. -2",
        "sd" | "volatility" => "a standard deviation: zero or more",
        "phi" => "the AR(1) persistence, strictly between -1 and 1, e.g. 0.8",
        "exponent" => {
            "the concession exponent: 0 hardliner, below 1 Boulware, 1 linear, above 1 Conceder"
        }
        "initial" => "the share of the way conceded at once, from 0 to 1",
        "horizon" => "the number of rounds simulated per run, e.g. 120",
        "runs" => "the number of simulated runs, e.g. 10000",
        "notice" => "the rounds between giving notice and the exit taking effect, e.g. 6",
        "deadline" => "the rounds of talks before they fail, e.g. 12",
        "values" => "the only values an indivisible issue can take, e.g. values = [0, 1]",
        "status_quo" => "where the issue stands without an agreement, a value in its range",
        "capability" => {
            "capability, > 0: in crisis talks a side's share of all capability is its chance to win a war; in expected-utility talks it is the actor's clout; e.g. 2"
        }
        "war_cost" => "the cost of war per round (>= 0), in the units of the other flows, e.g. 0.5",
        "protocol" => {
            "how talks are played: \"concession\" (default), \"crisis\" or \"expected-utility\""
        }
        "commitment" => {
            "a public demand: commitment = { issue = \"door\", value = 0, audience_cost = 20 }"
        }
        "q" => {
            "expected-utility model: the probability that the status quo holds when an actor does not challenge, from 0 to 1 (default 1)"
        }
        "t" => {
            "expected-utility model: the probability that things get better for an actor when the status quo does not hold, from 0 to 1 (default 1)"
        }
        "rounds" => "expected-utility model: the most rounds of challenges, e.g. 10",
        "tolerance" => {
            "expected-utility model: stop once no position moves by more than this share of the issue's range, e.g. 0.001 (default 0: once nothing moves)"
        }
        "private" => "which parameters only the actor knows: private = [\"war_cost\"]",
        "ratification" => {
            "the least utility of terms (0 to 1) the actor's ratifier approves for a binding treaty, e.g. 0.6"
        }
        "form" => "form = true: the issue's agreed value sets how binding the treaty is",
        "shifts_power" => {
            "an indivisible issue's value moves power: shifts_power = { actor = \"usa\", capability = 0.5, after = 24 }"
        }
        "after" => "the first round of a run with the new capabilities, e.g. 12",
        _ => return None,
    })
}
