//! The tables' consistency: each entry at its index, defaults within bounds, paths
//! the key lists and the format reference know, and the loader reading through them.

use super::*;

#[test]
fn every_spec_sits_at_its_own_index() {
    for (k, s) in PARAMS.iter().enumerate() {
        assert_eq!(s.num as usize, k, "{} is out of place", s.path);
    }
    for (k, s) in WHOLES.iter().enumerate() {
        assert_eq!(s.whole as usize, k, "{} is out of place", s.path);
    }
    for (k, s) in KEYED.iter().enumerate() {
        assert_eq!(s.keyed as usize, k, "{} is out of place", s.path);
    }
}

#[test]
fn whole_defaults_lie_within_their_bounds() {
    for s in WHOLES {
        assert!(s.lo <= s.hi, "{}", s.path);
        let defaults = match s.default {
            WholeUnset::Value(x) => vec![x],
            WholeUnset::Form { binding, verbal } => vec![binding, verbal],
            WholeUnset::Inherit(from) => {
                let f = from.spec();
                assert_eq!((f.lo, f.hi), (s.lo, s.hi), "{} inherits its bounds", s.path);
                vec![]
            }
            WholeUnset::Off | WholeUnset::Required => vec![],
        };
        for d in defaults {
            assert!((s.lo..=s.hi).contains(&d), "{}: default {d}", s.path);
        }
        // Counts of rounds are read as `u32`.
        if !matches!(s.whole, Whole::Seed | Whole::Runs) {
            assert!(s.hi <= u64::from(u32::MAX), "{}", s.path);
        }
    }
}

/// The loader reads each whole number through the table: one past its upper
/// bound is refused with the table's bounds, the bound itself is accepted.
#[test]
fn the_loader_reads_whole_numbers_through_the_table() {
    let toml = KEYED_BASE;
    for s in WHOLES {
        // The ids of the path filled in; an issue's power shift needs its other keys
        let (at, rest) = match s.whole {
            Whole::Notice => ("actor.a.notice".to_string(), vec![]),
            Whole::ShiftAfter => (
                "issue.door.shifts_power".to_string(),
                vec!["actor = \"a\"", "capability = 0.5"],
            ),
            Whole::PowerAfter => ("power.after".to_string(), vec![]),
            _ => (s.path.to_string(), vec![]),
        };
        let set = |v: u64| -> String {
            if rest.is_empty() {
                format!("{at}={v}")
            } else {
                format!("{at}={{ {}, after = {v} }}", rest.join(", "))
            }
        };
        // `rounds` is a key of the expected-utility model only.
        // and `[power]` needs its capabilities.
        let also = match s.whole {
            Whole::Rounds => "talks.protocol=\"expected-utility\"",
            Whole::PowerAfter => "power.capability={ a = 2 }",
            _ => "talks.protocol=\"crisis\"",
        };
        let load = |v: u64| super::super::load("t.toml", toml, &[also.into(), set(v)]);
        if let Some(over) = s.hi.checked_add(1) {
            let err = load(over).expect_err(s.path).render();
            let want = format!("must be between {} and {}, got {over}", s.lo, s.hi);
            assert!(err.contains(&want), "{}: {err}", s.path);
        }
        load(s.hi).unwrap_or_else(|e| panic!("{}: {}", s.path, e.render()));
        if let Some(under) = s.lo.checked_sub(1) {
            let err = load(under).expect_err(s.path).render();
            assert!(err.contains(&format!("got {under}")), "{}: {err}", s.path);
        }
    }
}

#[test]
fn fixed_numbers_of_the_model_are_never_uncertain() {
    for s in PARAMS {
        if s.lands == Lands::Model {
            assert!(!s.uncertain, "{}", s.path);
        }
        if let Unset::Inherit(from) = s.default {
            assert_eq!(
                from.spec().bounds,
                s.bounds,
                "{} inherits its bounds",
                s.path
            );
        }
    }
}

#[test]
fn the_listed_places_are_a_permutation_within_each_group() {
    for actor in [true, false] {
        let mut places: Vec<u8> = PARAMS
            .iter()
            .filter(|s| s.uncertain && s.num.per_actor() == actor)
            .map(|s| s.listed)
            .collect();
        places.sort_unstable();
        let want: Vec<u8> = (0..places.len() as u8).collect();
        assert_eq!(places, want, "actor parameters: {actor}");
    }
}

#[test]
fn the_private_parameters_are_those_an_actor_may_declare() {
    let private: Vec<&str> = PARAMS
        .iter()
        .filter(|s| s.private)
        .map(|s| s.num.key())
        .collect();
    let mut declared: Vec<&str> = [Private::WarCost, Private::Gain, Private::NoDeal]
        .iter()
        .map(|p| p.key())
        .collect();
    declared.sort_unstable();
    let mut sorted = private.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, declared);
}

#[test]
fn every_path_is_reachable_through_the_key_lists() {
    let paths = PARAMS.iter().map(|s| s.path);
    let paths = paths.chain(WHOLES.iter().map(|s| s.path));
    for path in paths.chain(KEYED.iter().map(|s| s.path)) {
        let segs: Vec<&str> = path.split('.').collect();
        let table = super::super::keys::table_keys(segs[0])
            .unwrap_or_else(|| panic!("{}: no table {}", path, segs[0]));
        assert!(
            table.contains(&segs[1]),
            "{}: `{}` not a key",
            path,
            segs[1]
        );
        if segs[1] == "payoffs" {
            assert!(
                super::super::keys::PAYOFFS.contains(&segs[2]),
                "{}: not a payoff",
                path
            );
        }
    }
}

#[test]
fn every_parameter_is_in_the_format_reference() {
    let doc = include_str!("../../../docs/scenario-format.md");
    let keys = PARAMS.iter().map(|s| (s.num.key(), s.path));
    let keys = keys.chain(KEYED.iter().map(|s| (s.keyed.key(), s.path)));
    for (k, path) in keys {
        assert!(
            doc.contains(&format!("`{k}`")) || doc.contains(&format!("{k} = ")),
            "docs/scenario-format.md does not mention `{k}` ({path})"
        );
    }
}

/// The format reference gives each whole number's lower bound on a line that names
/// its key (`>= 1`, `1 ..= 100000`, `1 – 10,000`).
#[test]
fn every_whole_number_and_its_lower_bound_are_in_the_format_reference() {
    let doc = include_str!("../../../docs/scenario-format.md");
    for s in WHOLES {
        let (k, lo) = (s.whole.key(), s.lo);
        let bound = [format!(">= {lo}"), format!("{lo} ..="), format!("{lo} –")];
        let found = doc.lines().any(|l| {
            (l.contains(&format!("`{k}`")) || l.contains(&format!("{k} ")))
                && bound.iter().any(|b| l.contains(b.as_str()))
        });
        assert!(
            found,
            "docs/scenario-format.md: no line gives `{k}` >= {lo} ({})",
            s.path
        );
    }
}

/// The `--set` overrides that give keyed number `k` the value `v` (written as TOML) in
/// [`KEYED_BASE`]: issue `door`, actor `a`.
fn keyed_overrides(k: Keyed, v: &str) -> Vec<String> {
    match k {
        Keyed::Ideal => vec![format!("actor.a.ideal.door={v}")],
        Keyed::Salience => vec![format!("actor.a.salience.door={v}")],
        Keyed::StatusQuo => vec![format!("issue.door.status_quo={v}")],
        Keyed::Values => vec![format!("issue.door.values=[0, 1, {v}]")],
        Keyed::CommitmentValue => vec![format!(
            "actor.a.commitment={{ issue = \"door\", value = {v}, audience_cost = 1 }}"
        )],
        Keyed::AudienceCost => vec![format!(
            "actor.a.commitment={{ issue = \"door\", value = 0, audience_cost = {v} }}"
        )],
        Keyed::ShiftCapability => vec![format!(
            "issue.door.shifts_power={{ actor = \"a\", capability = {v}, after = 3 }}"
        )],
        Keyed::PowerCapability => {
            vec![
                "power.after=3".into(),
                format!("power.capability={{ a = {v} }}"),
            ]
        }
    }
}

/// Crisis talks on one indivisible issue `door` (range [0, 1]) between `a` and `b`
/// (the base of the whole-number and keyed-number tests); b's war cost makes the
/// capabilities count.
const KEYED_BASE: &[u8] = br#"
[scenario]
name = "t"
[[issue]]
id = "door"
range = [0, 1]
values = [0, 1]
[[actor]]
id = "a"
ideal = { door = 0 }
capability = 1
[[actor]]
id = "b"
ideal = { door = 1 }
capability = 1
[actor.payoffs]
war_cost = 0.1
[talks]
protocol = "crisis"
"#;

/// The loader checks each keyed number against the table: just outside its bounds
/// (above the issue's range [0, 1], or below a fixed lower bound) is refused with
/// those bounds, just inside is accepted.
#[test]
fn the_loader_checks_keyed_numbers_against_the_table() {
    let load = |o: Vec<String>| super::super::load("t.toml", KEYED_BASE, &o);
    for s in KEYED {
        let b = s.keyed.bounds(Some((0.0, 1.0)));
        let (bad, good, want) = match s.within {
            Within::Range => (2.0, 1.0, "outside the issue's range [0, 1]".to_string()),
            Within::Bounds(_) if b.lo_open => (b.lo, b.lo + 1.0, b.describe()),
            Within::Bounds(_) => (b.lo - 1.0, b.lo + 1.0, b.describe()),
        };
        let err = load(keyed_overrides(s.keyed, &bad.to_string()))
            .expect_err(s.path)
            .render();
        assert!(err.contains(&want), "{}: want `{want}` in {err}", s.path);
        load(keyed_overrides(s.keyed, &good.to_string()))
            .unwrap_or_else(|e| panic!("{}: {}", s.path, e.render()));
    }
}

/// A keyed number may be a distribution exactly when the table says it may be
/// uncertain (drawn by the expected-utility model).
#[test]
fn only_uncertain_keyed_numbers_may_be_distributions() {
    let dist = "{ dist = \"uniform\", low = 0.2, high = 0.4 }";
    for s in KEYED {
        let mut o = vec!["talks.protocol=\"expected-utility\"".to_string()];
        if s.uncertain {
            o.push(super::super::unset_override("issue.door.values"));
        }
        o.extend(keyed_overrides(s.keyed, dist));
        match super::super::load("t.toml", KEYED_BASE, &o) {
            Ok(_) => assert!(s.uncertain, "{}: a distribution was accepted", s.path),
            Err(e) => {
                let want = format!("expected a number for `{}`, found a table", s.keyed.key());
                let err = e.render();
                assert!(!s.uncertain && err.contains(&want), "{}: {err}", s.path);
            }
        }
    }
}

/// The format reference's table of distributions names each kind's parameters, the
/// bounds of those that have any and the defaults of those that may be left out.
#[test]
fn every_distribution_and_its_parameters_are_in_the_format_reference() {
    let doc = include_str!("../../../docs/scenario-format.md");
    for d in DISTS {
        let row = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `\"{}\"` |", d.kind)))
            .unwrap_or_else(|| panic!("no row for the {} distribution", d.kind));
        for p in d.params {
            assert!(
                row.contains(&format!("`{}`", p.key)),
                "{}: {}",
                d.kind,
                p.key
            );
            if p.bounds != ANY {
                assert!(row.contains(&p.bounds.describe()), "{}: {}", d.kind, p.key);
            }
            if let Some(x) = p.default {
                let want = format!("`{}` = {x}", p.key);
                assert!(row.contains(&want), "{}: {want}", d.kind);
            }
        }
    }
}

/// Valid parameters of each kind of distribution, in the order the kind takes them.
fn valid_dist(kind: &str) -> &'static [f64] {
    match kind {
        "normal" => &[0.5, 0.1],
        "uniform" => &[0.2, 0.4],
        "triangular" => &[0.2, 0.3, 0.4],
        "beta" => &[2.0, 8.0, 0.0, 1.0],
        _ => &[0.0, 0.5],
    }
}

/// The loader reads distributions through the table: a parameter at a bound it may
/// not reach is refused with that bound, a parameter left out is refused unless the
/// table gives its default.
#[test]
fn the_loader_reads_distributions_through_the_table() {
    let load = |params: &[(&str, f64)], kind: &str| {
        let inner: Vec<String> = params.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        let set = format!(
            "actor.a.payoffs.gain={{ dist = \"{kind}\", {} }}",
            inner.join(", ")
        );
        super::super::load("t.toml", KEYED_BASE, &[set])
    };
    for d in DISTS {
        let valid = valid_dist(d.kind);
        assert_eq!(valid.len(), d.params.len(), "{}", d.kind);
        let all: Vec<(&str, f64)> = d
            .params
            .iter()
            .map(|p| p.key)
            .zip(valid.iter().copied())
            .collect();
        load(&all, d.kind).unwrap_or_else(|e| panic!("{}: {}", d.kind, e.render()));
        for (k, p) in d.params.iter().enumerate() {
            if p.bounds != ANY {
                let mut bad = all.clone();
                bad[k].1 = if p.bounds.lo_open {
                    p.bounds.lo
                } else {
                    p.bounds.lo - 1.0
                };
                let err = load(&bad, d.kind).expect_err(p.key).render();
                let want = format!("must be {}", p.bounds.describe());
                assert!(err.contains(&want), "{} {}: {err}", d.kind, p.key);
            }
            let mut left_out = all.clone();
            left_out.remove(k);
            let got = load(&left_out, d.kind);
            match p.default {
                Some(_) => assert!(got.is_ok(), "{} {} has a default", d.kind, p.key),
                None => {
                    let err = got.expect_err(p.key).render();
                    assert!(err.contains(&format!("needs `{}`", p.key)), "{err}");
                }
            }
        }
    }
}

/// The strategy module, which the scenario's tables cannot be shared with (it sits
/// below `scenario`), accepts a parameter exactly within the table's bounds.
#[test]
fn the_strategy_module_accepts_parameters_within_the_table_bounds() {
    use crate::strategy::{CATALOG, Player, StrategySpec};
    for info in CATALOG {
        for &(name, _) in info.params {
            let b = strategy_param(name).bounds;
            let build = |v: f64| {
                let spec = StrategySpec::named(info.id.as_str(), vec![(name.to_string(), v)]);
                spec.and_then(|s| Player::from_spec(&s)).is_ok()
            };
            assert!(build(b.lo) && build(b.hi), "{name}: the bounds themselves");
            assert!(
                !build(b.lo - 0.5) && !build(b.hi + 0.5),
                "{name}: beyond the bounds"
            );
        }
    }
}

/// Every parameter of every strategy in the catalogue, and a memory-one strategy's
/// probabilities, are read within the table's bounds.
#[test]
fn the_loader_reads_strategy_parameters_through_the_table() {
    let load =
        |c: String| super::super::load("t.toml", KEYED_BASE, &[format!("actor.a.compliance={c}")]);
    for info in crate::strategy::CATALOG {
        for &(name, default) in info.params {
            let b = strategy_param(name).bounds;
            let with = |v: f64| format!("{{ strategy = \"{}\", {name} = {v} }}", info.id.as_str());
            load(with(default)).unwrap_or_else(|e| panic!("{name}: {}", e.render()));
            let err = load(with(b.hi + 0.5)).expect_err(name).render();
            let want = format!("must be a probability {}", b.describe());
            assert!(err.contains(&want), "{name}: {err}");
            assert!(err.contains(strategy_param(name).help), "{name}: {err}");
        }
    }
    for (key, c) in [
        ("memory_one", "{ memory_one = [1.5, 0, 1, 0] }"),
        ("first", "{ memory_one = [1, 0, 1, 0], first = 1.5 }"),
    ] {
        let b = strategy_param(key).bounds;
        let err = load(c.into()).expect_err(key).render();
        let want = format!("`{key}` must be {}", b.describe());
        assert!(
            err.contains(&want) && err.contains(strategy_param(key).help),
            "{err}"
        );
    }
}

/// Each temptation process takes exactly the numbers the table lists: the loaded
/// scenario has those (`Num::param`, which `compile` and `explain` walk) and no
/// other, and a key of another process is refused.
#[test]
fn each_temptation_process_takes_the_numbers_the_table_lists() {
    let temptation: Vec<Num> = Num::all()
        .filter(|n| n.spec().path.starts_with("actor.payoffs.temptation."))
        .collect();
    for p in PROCESSES {
        let set = format!("actor.a.payoffs.temptation={{ process = \"{}\" }}", p.name);
        let s = super::super::load("t.toml", KEYED_BASE, &[set])
            .unwrap_or_else(|e| panic!("{}: {}", p.name, e.render()))
            .scenario;
        for &n in &temptation {
            let has = n.param(&s, 0).is_some();
            assert_eq!(has, p.nums.contains(&n), "{} {}", p.name, n.key());
            if !has {
                let set = format!(
                    "actor.a.payoffs.temptation={{ process = \"{}\", {} = 0.5 }}",
                    p.name,
                    n.key()
                );
                let err = super::super::load("t.toml", KEYED_BASE, &[set])
                    .expect_err(n.key())
                    .render();
                assert!(err.contains(&format!("unknown key `{}`", n.key())), "{err}");
            }
        }
    }
}

/// The keys of the format that hold no number of the tables: texts, ids, choices and
/// flags, plus two sets of numbers read whole (an issue's `range`, a pair with low <
/// high, and the classroom game's payoff matrix).
const NOT_IN_THE_TABLES: &[&str] = &[
    "scenario.name",
    "scenario.description",
    "scenario.sources",
    "scenario.round",
    "scenario.rounds",
    "issue.id",
    "issue.label",
    "issue.range",
    "issue.form",
    "actor.id",
    "actor.name",
    "actor.principal",
    "actor.private",
    "talks.proposers",
    "talks.protocol",
    "treaty.form",
    "treaty.material_breach",
    "treaty.principal_answers",
    "game.players",
    "game.actions",
    "game.payoffs",
];

/// Every key of the format is described by a table (its path, or a path inside it:
/// `actor.tactic` holds `actor.tactic.exponent`) or is one of [`NOT_IN_THE_TABLES`],
/// never both: a new numeric key cannot be added without its description.
#[test]
fn every_key_is_described_by_a_table_or_holds_no_number() {
    use super::super::keys;
    let paths: Vec<&str> = PARAMS
        .iter()
        .map(|s| s.path)
        .chain(WHOLES.iter().map(|s| s.path))
        .chain(KEYED.iter().map(|s| s.path))
        .chain(STRATEGY_PARAMS.iter().map(|s| s.path))
        .collect();
    let described = |k: &str| {
        paths
            .iter()
            .any(|p| *p == k || p.strip_prefix(k).is_some_and(|r| r.starts_with('.')))
    };
    let mut all = Vec::new();
    for &top in keys::TOP {
        for &k in keys::table_keys(top).unwrap_or(&[]) {
            all.push(format!("{top}.{k}"));
        }
    }
    all.extend(keys::PAYOFFS.iter().map(|p| format!("actor.payoffs.{p}")));
    for k in &all {
        let listed = NOT_IN_THE_TABLES.contains(&k.as_str());
        assert!(
            described(k) != listed,
            "{k}: described {}, listed {listed}",
            described(k)
        );
    }
    for k in NOT_IN_THE_TABLES {
        assert!(all.iter().any(|a| a == k), "{k} is no key of the format");
    }
}
