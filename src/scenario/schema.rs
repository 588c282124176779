//! A JSON Schema (draft-07) of the scenario format, generated from the key lists the
//! loader checks against (`keys`) and the parameter tables (`params`: each number's
//! type, bounds and whether it may be a distribution), so editors with TOML support
//! (Even Better TOML / taplo) complete keys and flag unknown ones and numbers out of
//! range while typing. The loader stays the authority on values (bounds that depend
//! on other keys, such as an ideal inside its issue's range): the schema names every
//! key, gives its help text and the type where the key has one type, and refuses keys
//! the loader refuses.

use super::keys;
use super::params::{Bounds, KEYED, Keyed, PARAMS, WHOLES, Within};
use serde_json::{Map, Value, json};

/// `$id` of the schema.
pub const SCHEMA_ID: &str = "urn:detente:scenario:1";

/// A number, or a distribution drawn once per run (`{ dist = "normal", … }`, the
/// kinds of `params::DISTS`).
fn param() -> Value {
    uncertain(json!({ "type": "number" }))
}

/// `number`, or a distribution drawn once per run.
fn uncertain(number: Value) -> Value {
    let kinds: Vec<&str> = super::params::DISTS.iter().map(|d| d.kind).collect();
    json!({ "anyOf": [
        number,
        { "type": "object", "required": ["dist"], "properties": {
            "dist": { "enum": kinds }
        } }
    ] })
}

/// A number within `b`: its finite ends as `minimum` / `maximum`, exclusive where
/// the bound is open.
fn bounded(b: Bounds) -> Value {
    let mut m = Map::new();
    m.insert("type".into(), "number".into());
    if b.lo.is_finite() {
        let k = if b.lo_open {
            "exclusiveMinimum"
        } else {
            "minimum"
        };
        m.insert(k.into(), json!(b.lo));
    }
    if b.hi.is_finite() {
        let k = if b.hi_open {
            "exclusiveMaximum"
        } else {
            "maximum"
        };
        m.insert(k.into(), json!(b.hi));
    }
    Value::Object(m)
}

/// The type and bounds of `table.key` from the parameter tables (`params`), if it is
/// one of their numbers: a number within its bounds (or a distribution, where it may
/// be uncertain), or a whole number from its lower to its upper bound.
fn from_tables(table: &str, key: &str) -> Option<Value> {
    let path = match table {
        "payoffs" => format!("actor.payoffs.{key}"),
        _ => format!("{table}.{key}"),
    };
    if let Some(s) = PARAMS.iter().find(|s| s.path == path) {
        let n = bounded(s.bounds);
        return Some(if s.uncertain { uncertain(n) } else { n });
    }
    if let Some(w) = WHOLES.iter().find(|w| w.path == path) {
        let mut v = json!({ "type": "integer", "minimum": w.lo });
        // JSON numbers are exact only up to 2^53.
        if w.hi <= 1 << 53 {
            v["maximum"] = json!(w.hi);
        }
        return Some(v);
    }
    let k = KEYED.iter().find(|k| k.path == path)?;
    let n = match k.within {
        Within::Range => json!({ "type": "number" }),
        Within::Bounds(b) => bounded(b),
    };
    let n = if k.uncertain { uncertain(n) } else { n };
    Some(match k.keyed {
        // One number per issue (or per actor id), in a table keyed by the id.
        Keyed::Ideal | Keyed::Salience | Keyed::PowerCapability => {
            json!({ "type": "object", "additionalProperties": n })
        }
        Keyed::Values => json!({ "type": "array", "items": n }),
        Keyed::StatusQuo => n,
        // Inside a table of several keys: typed below with the table.
        Keyed::CommitmentValue | Keyed::AudienceCost | Keyed::ShiftCapability => return None,
    })
}

/// The JSON type of `table.key` where it has a single one; `{}` (anything) where the
/// loader accepts several shapes (a name or a table, say). Numbers take their type
/// and bounds from the parameter tables.
fn kind(table: &str, key: &str) -> Value {
    if let Some(v) = from_tables(table, key) {
        return v;
    }
    let string = json!({ "type": "string" });
    match (table, key) {
        ("scenario", "name" | "description" | "round" | "rounds") => string,
        ("scenario", "sources") => json!({ "type": "array", "items": { "type": "string" } }),
        ("issue", "id" | "label") | ("actor", "id" | "name" | "principal") => string,
        ("issue", "range") => {
            json!({ "type": "array", "items": { "type": "number" }, "minItems": 2, "maxItems": 2 })
        }
        ("actor", "private") => {
            json!({ "type": "array", "maxItems": 1, "items": { "enum": ["war_cost", "gain", "no_deal"] } })
        }
        ("actor", "payoffs") => table_schema("payoffs", keys::PAYOFFS),
        ("payoffs", "temptation") => json!({ "anyOf": [param(), { "type": "object" }] }),
        ("payoffs", _) => param(),
        ("talks", "proposers") => json!({ "type": "array", "items": { "type": "string" } }),
        ("talks", "protocol") => json!({ "enum": ["concession", "crisis", "expected-utility"] }),
        ("treaty", "form") => json!({ "enum": ["legally-binding", "verbal"] }),
        ("game", "players") => json!({ "type": "array", "items": { "type": "string" } }),
        ("game", "actions") => json!({ "type": "array" }),
        ("game", "payoffs") => json!({ "type": "array" }),
        _ => json!({}),
    }
}

/// A table whose keys are exactly `keys`, each with its help text.
fn table_schema(table: &str, names: &[&str]) -> Value {
    let mut props = Map::new();
    for &k in names {
        let mut v = kind(table, k);
        if let (Value::Object(m), Some(h)) = (&mut v, describe(table, k)) {
            m.insert("description".into(), Value::String(h.into()));
        }
        props.insert(k.into(), v);
    }
    let mut t = json!({
        "type": "object",
        "properties": props,
        "additionalProperties": false,
    });
    let required: Vec<&str> = keys::REQUIRED
        .iter()
        .filter_map(|p| p.strip_prefix(table)?.strip_prefix('.'))
        .collect();
    if !required.is_empty() {
        t["required"] = json!(required);
    }
    t
}

/// The whole schema.
pub fn json_schema() -> Value {
    let mut props = Map::new();
    for &top in keys::TOP {
        let names = keys::table_keys(top).unwrap_or(&[]);
        let t = table_schema(top, names);
        let v = match top {
            "actor" | "issue" => json!({ "type": "array", "items": t }),
            _ => t,
        };
        props.insert(top.into(), v);
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "detente scenario",
        "description": "A detente scenario file (TOML). Generated by `detente schema`; `detente validate FILE` is the authority on values.",
        "type": "object",
        "properties": props,
        "required": ["scenario"],
        "additionalProperties": false,
    })
}

/// What `table.key` means, in a few words (`table` is `payoffs` for an actor's
/// payoffs). Falls back to the loader's hint text.
pub fn describe(table: &str, key: &str) -> Option<&'static str> {
    Some(match (table, key) {
        ("scenario", "name") => "the scenario's title (required)",
        ("scenario", "description") => "a paragraph saying what the scenario is about",
        ("scenario", "sources") => "citations for the numbers, a list of strings",
        ("scenario", "seed") => "the master seed of the random numbers (default 1)",
        ("scenario", "round") => "the word for one round, e.g. \"month\"",
        ("scenario", "rounds") => "the plural of the round word, e.g. \"months\"",
        ("issue", "id") => "the issue's name in ideals, salience and --set (required)",
        ("issue", "label") => "what the issue's values mean, for tables and charts",
        ("issue", "range") => "[low, high]: the values the issue can take, e.g. [0, 1]",
        ("actor", "id") => "the actor's name in principal, proposers and --set (required)",
        ("actor", "name") => "the actor's name in tables and charts",
        ("actor", "principal") => {
            "the id of the actor that decides for this one (it can discuss, not decide)"
        }
        ("actor", "tactic") => {
            "how it concedes in concession talks, e.g. { kind = \"concession\", exponent = 0.3 } (Boulware: late) or \"subgame-perfect\""
        }
        ("actor", "compliance") => {
            "its strategy in force, e.g. \"tit-for-tat\" or { strategy = \"generous-tit-for-tat\", generosity = 0.1 }"
        }
        ("actor", "exit") => {
            "its exit rule: \"never\", \"myopic\", \"optimal\" or { rule = \"threshold\", level = 2.5 }"
        }
        ("actor", "payoffs") => {
            "its per-round flows: no_deal, gain, temptation, betrayal, conflict, stalling, war_cost"
        }
        ("actor", "exit_cost") => "its own one-time cost of leaving (overrides [treaty] exit_cost)",
        ("actor", "notice") => "its own notice period in rounds (overrides [treaty] notice)",
        ("payoffs", "no_deal") => "the flow per round without a treaty",
        ("payoffs", "gain") => "what its ideal terms are worth per round over its worst terms",
        ("payoffs", "temptation") => {
            "the per-round gain of acting free of the treaty: a number or { process = \"iid\", mean = 0.5, sd = 0.2 }"
        }
        ("payoffs", "conflict") => "the one-time payoff of conflict (negative)",
        ("payoffs", "stalling") => "the extra flow per round of talks that drag on",
        ("talks", "proposers") => "who tables offers, in rotation: a list of actor ids",
        ("talks", "retry_after") => "rounds after failed talks before they reopen",
        ("treaty", "form") => {
            "\"legally-binding\" or \"verbal\": sets the defaults of notice and exit_cost"
        }
        ("treaty", "renegotiate_after") => "rounds after an exit before talks reopen",
        ("game", "players") => "the two players' names",
        ("game", "actions") => "one list of action names per player",
        ("game", "payoffs") => "payoffs[r][c] = [row payoff, column payoff]",
        (_, k) => return keys::help(k),
    })
}

/// Every key the format accepts as (path, description): `table.key`
/// (`actor.payoffs.gain` for nested tables), in the order of `keys`.
pub fn key_paths() -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    for &top in keys::TOP {
        for &k in keys::table_keys(top).unwrap_or(&[]) {
            out.push((format!("{top}.{k}"), describe(top, k).unwrap_or("")));
            if top == "actor" && k == "payoffs" {
                out.extend(keys::PAYOFFS.iter().map(|p| {
                    (
                        format!("actor.payoffs.{p}"),
                        describe("payoffs", p).unwrap_or(""),
                    )
                }));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_every_table_is_in_the_schema() {
        let s = json_schema();
        for (path, help) in key_paths() {
            assert!(!help.is_empty(), "{path} has no description");
            let parts: Vec<&str> = path.split('.').collect();
            let mut v = &s["properties"][parts[0]];
            if v["type"] == "array" {
                v = &v["items"];
            }
            for p in &parts[1..] {
                v = &v["properties"][*p];
            }
            assert!(v.is_object(), "{path} is missing from the schema");
        }
    }
}
