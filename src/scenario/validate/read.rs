//! Typed readers of the spanned tree's nodes, shared by every section: bounds of
//! numbers, key checks, strings, numbers, integers, parameters (a number or a
//! distribution), ids, arrays of tables and references by id. Each reports its own
//! errors and returns `None` for a value it could not read.

use super::{Cx, dist, keys};
use crate::scenario::MAX_MAGNITUDE;
use crate::scenario::raw::{Node, Span, Table, Value};
use crate::scenario::types::*;
use crate::util::closest;

pub(super) use crate::scenario::params::{ANY, Bounds, Keyed, Num, PROB, Whole};

pub(super) fn hint_for(key: &str) -> Option<String> {
    keys::help(key).map(String::from)
}

/// Report keys of `t` not in `valid`.
pub(super) fn check_keys(cx: &mut Cx, t: &Table, valid: &[&str], where_: &str) {
    for e in &t.entries {
        if !valid.contains(&e.key.as_str()) {
            let msg = match closest(&e.key, valid.iter().copied()) {
                Some(c) => format!("unknown key `{}` in {where_}; did you mean `{c}`?", e.key),
                None => format!("unknown key `{}` in {where_}", e.key),
            };
            cx.error(
                &e.key_span,
                msg,
                format!("valid keys here: {}", valid.join(", ")),
            );
        }
    }
}

/// The node of `key` in an actor's table (`None` when the actor is not a table or does
/// not set the key).
pub(super) fn actor_key<'a>(actor: &'a Node, key: &str) -> Option<&'a Node> {
    match &actor.value {
        Value::Table(t) => t.get(key),
        _ => None,
    }
}

pub(super) fn wrong_type(cx: &mut Cx, n: &Node, key: &str, expected: &str, example: Option<&str>) {
    if n.value == Value::Bad {
        return;
    }
    let hint = match example {
        Some(e) => format!("write it like {e}"),
        None => hint_for(key).unwrap_or_else(|| format!("`{key}` takes {expected}")),
    };
    cx.error(
        &n.span,
        format!(
            "expected {expected} for `{key}`, found {}",
            n.value.type_name()
        ),
        hint,
    );
}

pub(super) fn as_table<'a>(
    cx: &mut Cx,
    n: &'a Node,
    key: &str,
    example: &str,
) -> Option<&'a Table> {
    match &n.value {
        Value::Table(t) => Some(t),
        _ => {
            wrong_type(cx, n, key, "a table", Some(example));
            None
        }
    }
}

pub(super) fn string(cx: &mut Cx, n: &Node, key: &str) -> Option<String> {
    match &n.value {
        Value::Str(s) => Some(s.clone()),
        _ => {
            wrong_type(cx, n, key, "a string", Some(&format!("{key} = \"text\"")));
            None
        }
    }
}

pub(super) fn strings(cx: &mut Cx, n: &Node, key: &str) -> Option<Vec<String>> {
    match &n.value {
        Value::Array(items) => {
            let v: Vec<Option<String>> = items.iter().map(|i| string(cx, i, key)).collect();
            v.into_iter().collect()
        }
        _ => {
            wrong_type(
                cx,
                n,
                key,
                "an array of strings",
                Some(&format!("{key} = [\"a\", \"b\"]")),
            );
            None
        }
    }
}

/// A finite number (integer or float) of magnitude at most [`MAX_MAGNITUDE`].
pub(super) fn number(cx: &mut Cx, n: &Node, key: &str) -> Option<f64> {
    let x = finite_number(cx, n, key)?;
    within_magnitude(cx, n, key, x)
}

/// `x` when its magnitude is at most [`MAX_MAGNITUDE`], else an error.
pub(super) fn within_magnitude(cx: &mut Cx, n: &Node, key: &str, x: f64) -> Option<f64> {
    if x.abs() > MAX_MAGNITUDE {
        cx.error(
            &n.span,
            format!(
                "`{key}` = {} is too large: numbers in a scenario must be between -1e15 and 1e15",
                shown(n, x)
            ),
            "sums over many rounds and runs would overflow; rescale (for payoffs only their ratios and differences matter)".to_string(),
        );
        return None;
    }
    Some(x)
}

/// A finite number (integer or float).
pub(super) fn finite_number(cx: &mut Cx, n: &Node, key: &str) -> Option<f64> {
    match &n.value {
        Value::Int(i) => Some(*i as f64),
        Value::Float(x, text) => {
            if x.is_finite() {
                Some(*x)
            } else if x.is_nan() || text.contains("inf") {
                cx.error(
                    &n.span,
                    format!("`{key}` must be a finite number, got {text}"),
                    "TOML allows nan and inf, but no setting of a scenario can use them"
                        .to_string(),
                );
                None
            } else {
                cx.error(
                    &n.span,
                    format!("`{key}` = {text} is too large to represent"),
                    "numbers must stay below about 1.8e308; check the exponent".to_string(),
                );
                None
            }
        }
        _ => {
            wrong_type(cx, n, key, "a number", None);
            None
        }
    }
}

pub(super) fn number_in(cx: &mut Cx, n: &Node, key: &str, b: Bounds) -> Option<f64> {
    let v = finite_number(cx, n, key)?;
    if b.contains(v) {
        within_magnitude(cx, n, key, v)
    } else {
        cx.error(
            &n.span,
            format!("`{key}` must be {}, got {}", b.describe(), shown(n, v)),
            hint_for(key),
        );
        None
    }
}

/// The number as written in the file when there is such text.
pub(super) fn shown(n: &Node, v: f64) -> String {
    match &n.value {
        Value::Float(_, t) => t.clone(),
        Value::Int(i) => i.to_string(),
        _ => v.to_string(),
    }
}

/// A whole number in `lo..=hi`.
pub(super) fn integer(cx: &mut Cx, n: &Node, key: &str, lo: u64, hi: u64) -> Option<u64> {
    match &n.value {
        Value::Int(i) => {
            if *i >= lo as i128 && *i <= hi as i128 {
                Some(*i as u64)
            } else {
                cx.error(
                    &n.span,
                    format!("`{key}` must be between {lo} and {hi}, got {i}"),
                    hint_for(key)
                        .unwrap_or_else(|| format!("write a whole number from {lo} to {hi}")),
                );
                None
            }
        }
        Value::Float(x, t) if x.fract() == 0.0 && x.is_finite() => {
            cx.error(
                &n.span,
                format!("`{key}` must be a whole number, found the float {t}"),
                format!("write it without the decimal point: {key} = {}", *x as i128),
            );
            None
        }
        _ => {
            wrong_type(cx, n, key, "a whole number", None);
            None
        }
    }
}

/// A number or a distribution, restricted to `b`. A distribution whose support can
/// leave `b` must carry `min`/`max` bounds inside `b`.
pub(super) fn param(cx: &mut Cx, n: &Node, key: &str, b: Bounds) -> Option<Param> {
    match &n.value {
        Value::Table(t) => dist::dist(cx, n, t, key, b).map(Param::Dist),
        Value::Int(_) | Value::Float(..) => number_in(cx, n, key, b).map(Param::Fixed),
        _ => {
            wrong_type(
                cx,
                n,
                key,
                "a number or a distribution",
                Some(&format!(
                    "{key} = 0.5 or {key} = {{ dist = \"uniform\", low = 0.4, high = 0.6 }}"
                )),
            );
            None
        }
    }
}

/// Parameter `p` from `node`: its key and bounds from [`crate::scenario::params`].
pub(super) fn num_node(cx: &mut Cx, node: &Node, p: Num) -> Option<Param> {
    param(cx, node, p.key(), p.spec().bounds)
}

/// Parameter `p` from table `t`, `default` when absent or wrong (errors recorded).
pub(super) fn num_or(cx: &mut Cx, t: &Table, p: Num, default: Param) -> Param {
    match t.get(p.key()) {
        Some(n) => num_node(cx, n, p).unwrap_or(default),
        None => default,
    }
}

/// Parameter `p` from table `t`, its table default when absent or wrong.
pub(super) fn num(cx: &mut Cx, t: &Table, p: Num) -> Param {
    num_or(cx, t, p, Param::Fixed(p.default_value()))
}

/// Parameter `p` from table `t`, if given (and valid).
pub(super) fn num_opt(cx: &mut Cx, t: &Table, p: Num) -> Option<Param> {
    num_node(cx, t.get(p.key())?, p)
}

/// A parameter that is a plain number (never a distribution) from table `t`, if
/// given (and valid).
pub(super) fn fixed_opt(cx: &mut Cx, t: &Table, p: Num) -> Option<f64> {
    number_in(cx, t.get(p.key())?, p.key(), p.spec().bounds)
}

/// Whole-number parameter `w` from `node`: its key and bounds from
/// [`crate::scenario::params::WHOLES`].
pub(super) fn whole_node(cx: &mut Cx, node: &Node, w: Whole) -> Option<u64> {
    let s = w.spec();
    integer(cx, node, w.key(), s.lo, s.hi)
}

/// Whole-number parameter `w` from table `t`, if given (and valid).
pub(super) fn whole_opt(cx: &mut Cx, t: &Table, w: Whole) -> Option<u64> {
    whole_node(cx, t.get(w.key())?, w)
}

/// A count of rounds `w` from table `t`, if given (and valid): a whole-number
/// parameter whose bounds fit a `u32` (all but the seed and the runs; a test of the
/// table checks).
pub(super) fn rounds_opt(cx: &mut Cx, t: &Table, w: Whole) -> Option<u32> {
    whole_opt(cx, t, w).map(|v| v as u32)
}

/// Keyed number `k` from `node`, a plain number within its bounds from
/// [`crate::scenario::params::KEYED`]. For those that must lie in an issue's range
/// this checks only that it is a number: the range is checked where the issue is known
/// (`k.bounds(Some((low, high)))`).
pub(super) fn keyed_node(cx: &mut Cx, node: &Node, k: Keyed) -> Option<f64> {
    number_in(cx, node, k.key(), k.bounds(None))
}

/// An id string matching `[a-z0-9_-]+`.
pub(super) fn id(cx: &mut Cx, t: &Table, header: &Span, what: &str) -> Option<(String, Span)> {
    let Some(n) = t.get("id") else {
        cx.error(
            header,
            format!("this [[{what}]] has no `id`"),
            format!(
                "give it a short unique id, e.g. id = \"{}\"",
                if what == "actor" {
                    "russia"
                } else {
                    "missiles"
                }
            ),
        );
        return None;
    };
    let s = string(cx, n, "id")?;
    if s.is_empty()
        || !s
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    {
        let suggestion: String = s
            .to_ascii_lowercase()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        cx.error(
            &n.span,
            format!("the {what} id `{s}` may use only lower-case letters, digits, `_` and `-`"),
            if suggestion.is_empty() {
                "e.g. id = \"usa\"".to_string()
            } else {
                format!("e.g. id = \"{suggestion}\"")
            },
        );
        return None;
    }
    Some((s, n.span.clone()))
}

/// Report (and return true) when `root.key` is an array longer than `max`.
pub(super) fn too_many(cx: &mut Cx, root: &Table, key: &str, max: usize) -> bool {
    let Some(Value::Array(items)) = root.get(key).map(|n| &n.value) else {
        return false;
    };
    let Some(first_extra) = items.get(max) else {
        return false;
    };
    cx.error(
        &first_extra.span,
        format!(
            "too many [[{key}]]s: {} (at most {max}); this is the first one over the limit",
            items.len()
        ),
        format!("a scenario may have at most {max} {key}s; nothing else was checked"),
    );
    true
}

/// Items of an array of tables (`[[name]]`).
pub(super) fn table_array<'a>(cx: &mut Cx, root: &'a Table, key: &str) -> Vec<&'a Node> {
    match root.get(key) {
        None => vec![],
        Some(n) => match &n.value {
            Value::Array(items) => items
                .iter()
                .filter(|i| {
                    let ok = matches!(i.value, Value::Table(_));
                    if !ok {
                        wrong_type(
                            cx,
                            i,
                            key,
                            "a table",
                            Some(&format!("[[{key}]] followed by its keys")),
                        );
                    }
                    ok
                })
                .collect(),
            _ => {
                cx.error(
                    &n.span,
                    format!("`{key}` must be an array of tables: write [[{key}]], not [{key}]"),
                    format!("each [[{key}]] header starts one more {key}"),
                );
                vec![]
            }
        },
    }
}

pub(super) fn list_or_none(ids: &[String]) -> String {
    if ids.is_empty() {
        "(none)".into()
    } else {
        ids.join(", ")
    }
}

pub(super) fn reference(
    cx: &mut Cx,
    n: &Node,
    key: &str,
    what: &str,
    ids: &[String],
) -> Option<usize> {
    let s = string(cx, n, key)?;
    match ids.iter().position(|x| *x == s) {
        Some(i) => Some(i),
        None => {
            let msg = match closest(&s, ids.iter().map(String::as_str)) {
                Some(c) => format!("unknown {what} `{s}` in `{key}`; did you mean `{c}`?"),
                None => format!("unknown {what} `{s}` in `{key}`"),
            };
            cx.error(
                &n.span,
                msg,
                format!("the {what}s are: {}", list_or_none(ids)),
            );
            None
        }
    }
}

pub(super) fn sub_table(cx: &mut Cx, root: &Table, key: &str, valid: &[&str]) -> Table {
    match root.get(key) {
        None => Table::default(),
        Some(n) => match as_table(cx, n, key, &format!("[{key}] followed by its keys")) {
            Some(t) => {
                check_keys(cx, t, valid, &format!("[{key}]"));
                t.clone()
            }
            None => Table::default(),
        },
    }
}
