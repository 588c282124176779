//! `detente schema`: the JSON Schema accepts every shipped scenario and template (a
//! small draft-07 checker below: type, enum, anyOf, minimum and maximum (exclusive or
//! not), properties, additionalProperties, items, required), names every key the
//! loader accepts, and refuses unknown keys, wrong types and numbers out of bounds.

use assert_cmd::Command;
use serde_json::Value;

fn schema() -> Value {
    let out = Command::cargo_bin("detente")
        .unwrap()
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64(),
        "boolean" => v.is_boolean(),
        _ => false,
    }
}

/// Problems of `v` against `s`, with their paths.
fn check(s: &Value, v: &Value, path: &str, errs: &mut Vec<String>) {
    if let Some(t) = s["type"].as_str() {
        if !type_ok(t, v) {
            errs.push(format!("{path}: expected {t}, got {v}"));
            return;
        }
    }
    if let Some(e) = s["enum"].as_array() {
        if !e.contains(v) {
            errs.push(format!("{path}: {v} not in {e:?}"));
        }
    }
    if let Some(any) = s["anyOf"].as_array() {
        let ok = any.iter().any(|a| {
            let mut e = Vec::new();
            check(a, v, path, &mut e);
            e.is_empty()
        });
        if !ok {
            errs.push(format!("{path}: {v} matches none of anyOf"));
        }
    }
    let bound = |key: &str, out: fn(f64, f64) -> bool, errs: &mut Vec<String>| {
        if let (Some(b), Some(x)) = (s[key].as_f64(), v.as_f64()) {
            if out(x, b) {
                errs.push(format!("{path}: {v} breaks {key} {b}"));
            }
        }
    };
    bound("minimum", |x, b| x < b, errs);
    bound("exclusiveMinimum", |x, b| x <= b, errs);
    bound("maximum", |x, b| x > b, errs);
    bound("exclusiveMaximum", |x, b| x >= b, errs);
    if let (Some(obj), true) = (
        v.as_object(),
        s.get("properties").is_some() || s.get("additionalProperties").is_some(),
    ) {
        for req in s["required"].as_array().into_iter().flatten() {
            if !obj.contains_key(req.as_str().unwrap()) {
                errs.push(format!("{path}: missing {req}"));
            }
        }
        for (k, x) in obj {
            let p = format!("{path}.{k}");
            match s["properties"].get(k) {
                Some(sub) => check(sub, x, &p, errs),
                None => match &s["additionalProperties"] {
                    Value::Bool(false) => errs.push(format!("{p}: not allowed")),
                    sub @ Value::Object(_) => check(sub, x, &p, errs),
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(arr)) = (s.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            check(items, x, &format!("{path}[{i}]"), errs);
        }
    }
}

fn toml_file(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let t: toml::Table = toml::from_str(&text).unwrap();
    serde_json::to_value(t).unwrap()
}

#[test]
fn the_schema_accepts_every_shipped_scenario_and_template() {
    let s = schema();
    let mut files: Vec<_> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.extend(
        std::fs::read_dir("src/cli/templates")
            .unwrap()
            .map(|e| e.unwrap().path()),
    );
    assert!(files.len() > 10);
    for f in files {
        let mut errs = Vec::new();
        check(&s, &toml_file(&f), "", &mut errs);
        assert!(errs.is_empty(), "{}: {errs:#?}", f.display());
    }
}

#[test]
fn the_schema_refuses_unknown_keys_and_wrong_types() {
    let s = schema();
    let cases = [
        (
            "[scenario]\nname = \"x\"\nhorizn = 10\n",
            "scenario.horizn: not allowed",
        ),
        (
            "[scenario]\nname = \"x\"\n[treaty]\nform = \"spoken\"\n",
            "treaty.form",
        ),
        (
            "[scenario]\nname = \"x\"\n[[actor]]\nid = \"a\"\ndiscount = \"high\"\n",
            "actor[0].discount",
        ),
        (
            "[scenario]\nname = \"x\"\n[[actor]]\nid = \"a\"\n[actor.payoffs]\ngian = 1\n",
            "actor[0].payoffs.gian: not allowed",
        ),
        (
            "[scenario]\ndescription = \"no name\"\n",
            "missing \"name\"",
        ),
        // Numbers out of the bounds the parameter tables give.
        (
            "[scenario]\nname = \"x\"\n[[actor]]\nid = \"a\"\ndiscount = 1.0\n",
            // (a number within (0, 1), or a distribution: it matches neither)
            "actor[0].discount: 1.0 matches none of anyOf",
        ),
        (
            "[scenario]\nname = \"x\"\nruns = 0\n",
            "scenario.runs: 0 breaks minimum 1",
        ),
        (
            "[scenario]\nname = \"x\"\n[conflict]\ntalks = 1.5\n",
            "conflict.talks: 1.5 matches none of anyOf",
        ),
        // A distribution where the loader takes only a number.
        (
            "[scenario]\nname = \"x\"\n[talks]\nprotocol = \"expected-utility\"\nq = { dist = \"uniform\", low = 0.5, high = 1 }\n",
            "talks.q: expected number",
        ),
    ];
    for (text, want) in cases {
        let t: toml::Table = toml::from_str(text).unwrap();
        let mut errs = Vec::new();
        check(&s, &serde_json::to_value(t).unwrap(), "", &mut errs);
        let all = errs.join("\n");
        assert!(all.contains(want), "{text}: want `{want}` in\n{all}");
        // And the loader refuses the same files.
        assert!(
            detente::scenario::load("x.toml", text.as_bytes(), &[]).is_err(),
            "{text}"
        );
    }
}

/// What `detente schema --keys` prints.
fn key_list() -> String {
    let out = Command::cargo_bin("detente")
        .unwrap()
        .args(["schema", "--keys"])
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_key_list_names_every_key_the_loader_accepts() {
    // Each key of the list, set through --set on a shipped scenario, is a key the loader
    // knows (an unknown one would be refused as `unknown key`).
    let text = key_list();
    let paths: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with(' '))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert!(paths.len() > 50, "{text}");
    let bytes = std::fs::read("scenarios/security-guarantees.toml").unwrap();
    for p in &paths {
        assert!(text.lines().all(|l| l.chars().count() <= 100));
        let path = match p.split_once('.') {
            Some(("actor", rest)) => format!("actor.russia.{rest}"),
            Some(("issue", rest)) => format!("issue.enlargement.{rest}"),
            _ => p.to_string(),
        };
        let r = detente::scenario::load("s.toml", &bytes, &[format!("{path}=0")]);
        if let Err(e) = r {
            assert!(!e.render().contains("unknown key"), "{p}: {}", e.render());
        }
    }
    // And every key in every shipped scenario is in the list.
    for e in std::fs::read_dir("scenarios").unwrap() {
        let v = toml_file(&e.unwrap().path());
        let mut seen = Vec::new();
        walk(&v, "", &mut seen);
        for k in seen {
            assert!(
                paths.contains(&k.as_str()),
                "{k} is not in `detente schema --keys`"
            );
        }
    }
}

/// Key paths of a scenario as the key list spells them (arrays of tables by their
/// name, actor payoffs nested; ideal, salience and distribution tables not entered).
fn walk(v: &Value, prefix: &str, out: &mut Vec<String>) {
    let Some(obj) = v.as_object() else { return };
    for (k, x) in obj {
        let p = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        out.push(p.clone());
        let enter = prefix.is_empty() || p == "actor.payoffs";
        match x {
            Value::Array(items) if prefix.is_empty() => {
                for i in items {
                    walk(i, &p, out);
                }
            }
            Value::Object(_) if enter => walk(x, &p, out),
            _ => {}
        }
    }
    out.retain(|p| p.contains('.'));
}

#[test]
fn the_key_lists_examples_of_inline_tables_load() {
    // A description's example of an inline table ("e.g. { ... }"), set through --set on
    // a concession-talks scenario, loads: the key list must not teach a wrong spelling.
    let text = key_list();
    // Join each key's wrapped description into one line.
    let mut entries: Vec<(String, String)> = Vec::new();
    for l in text.lines() {
        if l.starts_with(' ') {
            if let Some(last) = entries.last_mut() {
                last.1.push(' ');
                last.1.push_str(l.trim());
            }
        } else if let Some((k, d)) = l.split_once(char::is_whitespace) {
            entries.push((k.to_string(), d.trim().to_string()));
        }
    }
    let bytes = std::fs::read("scenarios/inf-treaty.toml").unwrap();
    let mut tried = 0;
    for (key, help) in &entries {
        // The keys whose examples fit any concession-talks scenario (a commitment's
        // example names an issue and needs crisis talks).
        let Some(path) = key.strip_prefix("actor.") else {
            continue;
        };
        if !["tactic", "compliance", "exit", "payoffs.temptation"].contains(&path) {
            continue;
        }
        let mut rest = help.as_str();
        while let Some(i) = rest.find("{ ") {
            let Some(j) = rest[i..].find(" }") else {
                break;
            };
            let example = &rest[i..i + j + 2];
            rest = &rest[i + j + 2..];
            if example.contains('…') {
                continue; // a pattern such as { issue_id = value, … }
            }
            let set = format!("actor.usa.{path}={example}");
            if let Err(e) = detente::scenario::load("s.toml", &bytes, std::slice::from_ref(&set)) {
                panic!("{set}: {}", e.render());
            }
            tried += 1;
        }
    }
    // One example each at least.
    assert!(tried >= 4, "only {tried} examples found in:\n{text}");
}
