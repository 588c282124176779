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

/// What a key means, in a few words with an example, for hints: a parameter's help
/// line from [`super::params`] (numbers and whole numbers), or the line of one of the
/// other keys below.
pub fn help(key: &str) -> Option<&'static str> {
    if let Some(h) = super::params::help(key) {
        return Some(h);
    }
    Some(match key {
        "material_breach" => {
            "true: a party that sees a violation gives notice of withdrawal (no exit cost)"
        }
        "principal_answers" => {
            "true: violations by a party that cannot decide count against its principal"
        }
        "protocol" => {
            "how talks are played: \"concession\" (default), \"crisis\" or \"expected-utility\""
        }
        "commitment" => {
            "a public demand: commitment = { issue = \"door\", value = 0, audience_cost = 20 }"
        }
        "private" => "which parameters only the actor knows: private = [\"war_cost\"]",
        "form" => "form = true: the issue's agreed value sets how binding the treaty is",
        "shifts_power" => {
            "an indivisible issue's value moves power: shifts_power = { actor = \"usa\", capability = 0.5, after = 24 }"
        }
        _ => return None,
    })
}
