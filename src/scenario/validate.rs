//! Stage 2: walk the spanned tree into a [`Scenario`] by hand, collecting every error
//! (serde derive would stop at the first). Defaults are those documented in `types`.

use super::diag::{Diagnostic, Origin, Severity};
use super::keys;
use super::raw::{Node, Span, Table, Value};
use super::types::*;
use crate::util::closest;

/// Places the warnings point at, by actor index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Places {
    /// Each actor's `[[actor]]` header (or inline table).
    pub actor: Vec<Span>,
    /// Each actor's `temptation` value, if given.
    pub temptation: Vec<Option<Span>>,
}

pub(crate) struct Cx {
    pub diags: Vec<Diagnostic>,
}

impl Cx {
    pub fn error(
        &mut self,
        span: &Span,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        self.diags.push(Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: Some(span.range.clone()),
            origin: span.origin,
            hint: hint.into(),
        });
    }
    fn errors(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

mod compliance;
mod crisis;
mod expected_utility;
mod power;

fn root_span() -> Span {
    Span {
        origin: Origin::File,
        range: 0..0,
    }
}

/// An allowed interval for a number.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    lo: f64,
    lo_open: bool,
    hi: f64,
    hi_open: bool,
}

const ANY: Bounds = Bounds {
    lo: f64::NEG_INFINITY,
    lo_open: false,
    hi: f64::INFINITY,
    hi_open: false,
};
const NONNEG: Bounds = Bounds { lo: 0.0, ..ANY };
const NONPOS: Bounds = Bounds { hi: 0.0, ..ANY };
const PROB: Bounds = Bounds {
    lo: 0.0,
    lo_open: false,
    hi: 1.0,
    hi_open: false,
};
const OPEN_UNIT: Bounds = Bounds {
    lo: 0.0,
    lo_open: true,
    hi: 1.0,
    hi_open: true,
};
const OPEN_PM1: Bounds = Bounds {
    lo: -1.0,
    lo_open: true,
    hi: 1.0,
    hi_open: true,
};

impl Bounds {
    fn above_lo(&self, v: f64, closed_at_v: bool) -> bool {
        if self.lo == f64::NEG_INFINITY {
            return true;
        }
        if self.lo_open && closed_at_v {
            v > self.lo
        } else {
            v >= self.lo
        }
    }
    fn below_hi(&self, v: f64, closed_at_v: bool) -> bool {
        if self.hi == f64::INFINITY {
            return true;
        }
        if self.hi_open && closed_at_v {
            v < self.hi
        } else {
            v <= self.hi
        }
    }
    fn contains(&self, v: f64) -> bool {
        self.above_lo(v, true) && self.below_hi(v, true)
    }
    fn describe(&self) -> String {
        match (self.lo.is_finite(), self.hi.is_finite()) {
            (true, true) => format!(
                "in {}{}, {}{}",
                if self.lo_open { "(" } else { "[" },
                self.lo,
                self.hi,
                if self.hi_open { ")" } else { "]" }
            ),
            (true, false) => format!("{} {}", if self.lo_open { ">" } else { ">=" }, self.lo),
            (false, true) => format!("{} {}", if self.hi_open { "<" } else { "<=" }, self.hi),
            (false, false) => "a finite number".into(),
        }
    }
}

fn hint_for(key: &str) -> Option<String> {
    keys::help(key).map(String::from)
}

/// Report keys of `t` not in `valid`.
fn check_keys(cx: &mut Cx, t: &Table, valid: &[&str], where_: &str) {
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

fn wrong_type(cx: &mut Cx, n: &Node, key: &str, expected: &str, example: Option<&str>) {
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

fn as_table<'a>(cx: &mut Cx, n: &'a Node, key: &str, example: &str) -> Option<&'a Table> {
    match &n.value {
        Value::Table(t) => Some(t),
        _ => {
            wrong_type(cx, n, key, "a table", Some(example));
            None
        }
    }
}

fn string(cx: &mut Cx, n: &Node, key: &str) -> Option<String> {
    match &n.value {
        Value::Str(s) => Some(s.clone()),
        _ => {
            wrong_type(cx, n, key, "a string", Some(&format!("{key} = \"text\"")));
            None
        }
    }
}

fn strings(cx: &mut Cx, n: &Node, key: &str) -> Option<Vec<String>> {
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

/// A finite number (integer or float) of magnitude at most [`super::MAX_MAGNITUDE`].
fn number(cx: &mut Cx, n: &Node, key: &str) -> Option<f64> {
    let x = finite_number(cx, n, key)?;
    within_magnitude(cx, n, key, x)
}

/// `x` when its magnitude is at most [`super::MAX_MAGNITUDE`], else an error.
fn within_magnitude(cx: &mut Cx, n: &Node, key: &str, x: f64) -> Option<f64> {
    if x.abs() > super::MAX_MAGNITUDE {
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
fn finite_number(cx: &mut Cx, n: &Node, key: &str) -> Option<f64> {
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

fn number_in(cx: &mut Cx, n: &Node, key: &str, b: Bounds) -> Option<f64> {
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
fn shown(n: &Node, v: f64) -> String {
    match &n.value {
        Value::Float(_, t) => t.clone(),
        Value::Int(i) => i.to_string(),
        _ => v.to_string(),
    }
}

/// A whole number in `lo..=hi`.
fn integer(cx: &mut Cx, n: &Node, key: &str, lo: u64, hi: u64) -> Option<u64> {
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
fn param(cx: &mut Cx, n: &Node, key: &str, b: Bounds) -> Option<Param> {
    match &n.value {
        Value::Table(t) => dist(cx, n, t, key, b).map(Param::Dist),
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

/// A `param` from an optional table entry, with a default.
fn param_or(cx: &mut Cx, t: &Table, key: &str, b: Bounds, default: f64) -> Param {
    match t.get(key) {
        Some(n) => param(cx, n, key, b).unwrap_or(Param::Fixed(default)),
        None => Param::Fixed(default),
    }
}

const DISTS: &[&str] = &["normal", "uniform", "triangular", "beta", "lognormal"];

fn dist(cx: &mut Cx, n: &Node, t: &Table, key: &str, b: Bounds) -> Option<Dist> {
    let Some(kind_node) = t.get("dist") else {
        cx.error(
            &n.span,
            format!("the table given for `{key}` has no `dist`"),
            format!("a distribution names its kind: {key} = {{ dist = \"normal\", mean = 0.5, sd = 0.1 }}; kinds: {}", DISTS.join(", ")),
        );
        return None;
    };
    let kind = string(cx, kind_node, "dist")?;
    let params: &[&str] = match kind.as_str() {
        "normal" => &["mean", "sd"],
        "uniform" => &["low", "high"],
        "triangular" => &["low", "mode", "high"],
        "beta" => &["alpha", "beta", "low", "high"],
        "lognormal" => &["mu", "sigma"],
        _ => {
            let msg = match closest(&kind, DISTS.iter().copied()) {
                Some(c) => {
                    format!("unknown distribution `{kind}` for `{key}`; did you mean `{c}`?")
                }
                None => format!("unknown distribution `{kind}` for `{key}`"),
            };
            cx.error(
                &kind_node.span,
                msg,
                format!("the kinds are: {}", DISTS.join(", ")),
            );
            return None;
        }
    };
    let mut valid: Vec<&str> = vec!["dist"];
    valid.extend_from_slice(params);
    valid.extend_from_slice(&["min", "max"]);
    let before = cx.errors();
    check_keys(
        cx,
        t,
        &valid,
        &format!("the {kind} distribution of `{key}`"),
    );
    let get = |cx: &mut Cx, p: &str, default: Option<f64>| -> Option<f64> {
        match t.get(p) {
            Some(v) => number(cx, v, p),
            None => {
                if default.is_none() {
                    cx.error(
                        &n.span,
                        format!("the {kind} distribution of `{key}` needs `{p}`"),
                        format!("a {kind} distribution takes {}", params.join(", ")),
                    );
                }
                default
            }
        }
    };
    let vals: Vec<Option<f64>> = params
        .iter()
        .map(|p| {
            let default = match (kind.as_str(), *p) {
                ("beta", "low") => Some(0.0),
                ("beta", "high") => Some(1.0),
                _ => None,
            };
            get(cx, p, default)
        })
        .collect();
    let min = t.get("min").and_then(|v| number(cx, v, "min"));
    let max = t.get("max").and_then(|v| number(cx, v, "max"));
    if cx.errors() > before || vals.iter().any(Option::is_none) {
        return None;
    }
    let v: Vec<f64> = vals.into_iter().flatten().collect();
    let at = |p: &str| t.get(p).map_or(&n.span, |x| &x.span).clone();
    let bad = |cx: &mut Cx, p: &str, msg: String, hint: &str| {
        cx.error(&at(p), msg, hint.to_string());
    };
    // (support low, high, closed at each end)
    let (dk, slo, shi, lo_closed, hi_closed) = match kind.as_str() {
        "normal" => {
            if v[1] <= 0.0 {
                bad(
                    cx,
                    "sd",
                    format!(
                        "`sd` of the normal distribution of `{key}` must be > 0, got {}",
                        v[1]
                    ),
                    "for a fixed value write the number itself instead of a distribution",
                );
                return None;
            }
            (
                DistKind::Normal {
                    mean: v[0],
                    sd: v[1],
                },
                f64::NEG_INFINITY,
                f64::INFINITY,
                false,
                false,
            )
        }
        "uniform" => {
            if v[0] >= v[1] {
                bad(
                    cx,
                    "low",
                    format!(
                        "the uniform distribution of `{key}` needs low < high, got low = {} and high = {}",
                        v[0], v[1]
                    ),
                    "swap them, or write a fixed number if they are meant to be equal",
                );
                return None;
            }
            (
                DistKind::Uniform {
                    low: v[0],
                    high: v[1],
                },
                v[0],
                v[1],
                true,
                true,
            )
        }
        "triangular" => {
            if v[0] >= v[2] || v[1] < v[0] || v[1] > v[2] {
                bad(
                    cx,
                    "mode",
                    format!(
                        "the triangular distribution of `{key}` needs low <= mode <= high with low < high, got low = {}, mode = {}, high = {}",
                        v[0], v[1], v[2]
                    ),
                    "the mode is the most likely value and lies between low and high",
                );
                return None;
            }
            (
                DistKind::Triangular {
                    low: v[0],
                    mode: v[1],
                    high: v[2],
                },
                v[0],
                v[2],
                true,
                true,
            )
        }
        "beta" => {
            if v[0] <= 0.0 || v[1] <= 0.0 {
                let p = if v[0] <= 0.0 { "alpha" } else { "beta" };
                bad(
                    cx,
                    p,
                    format!(
                        "`alpha` and `beta` of the beta distribution of `{key}` must be > 0, got alpha = {} and beta = {}",
                        v[0], v[1]
                    ),
                    "e.g. alpha = 2, beta = 8 has mean 0.2",
                );
                return None;
            }
            if v[2] >= v[3] {
                bad(
                    cx,
                    "low",
                    format!(
                        "the beta distribution of `{key}` needs low < high, got low = {} and high = {}",
                        v[2], v[3]
                    ),
                    "low and high scale the beta's [0, 1] support; leave them out for [0, 1]",
                );
                return None;
            }
            (
                DistKind::Beta {
                    alpha: v[0],
                    beta: v[1],
                    low: v[2],
                    high: v[3],
                },
                v[2],
                v[3],
                true,
                true,
            )
        }
        _ => {
            if v[1] <= 0.0 {
                bad(
                    cx,
                    "sigma",
                    format!(
                        "`sigma` of the lognormal distribution of `{key}` must be > 0, got {}",
                        v[1]
                    ),
                    "sigma is the standard deviation of the value's logarithm, e.g. 0.5",
                );
                return None;
            }
            (
                DistKind::LogNormal {
                    mu: v[0],
                    sigma: v[1],
                },
                0.0,
                f64::INFINITY,
                false,
                false,
            )
        }
    };
    if let (Some(lo), Some(hi)) = (min, max) {
        if lo > hi {
            bad(
                cx,
                "min",
                format!("`min` = {lo} is above `max` = {hi} in the distribution of `{key}`"),
                "draws are clamped into [min, max]; swap them",
            );
            return None;
        }
    }
    // Effective range after clamping, and whether each end is attained.
    let (elo, elo_closed) = match min {
        Some(m) if m >= slo => (m, true),
        _ => (slo, lo_closed),
    };
    let (ehi, ehi_closed) = match max {
        Some(m) if m <= shi => (m, true),
        _ => (shi, hi_closed),
    };
    // Draws must stay within the documented ±MAX_MAGNITUDE: ten standard deviations
    // of a normal (or of a lognormal's logarithm) are taken as its reach.
    let (reach_lo, reach_hi) = match dk {
        DistKind::Normal { mean, sd } => (mean - 10.0 * sd, mean + 10.0 * sd),
        DistKind::LogNormal { mu, sigma } => (0.0, (mu + 10.0 * sigma).exp()),
        _ => (elo, ehi),
    };
    if elo.max(reach_lo) < -super::MAX_MAGNITUDE || ehi.min(reach_hi) > super::MAX_MAGNITUDE {
        cx.error(
            &n.span,
            format!("the {kind} distribution of `{key}` can draw numbers beyond ±10^15 (the limit on any number in a scenario)"),
            "narrow it, or add `min` and `max` within ±1e15 (draws outside them are clamped)".to_string(),
        );
        return None;
    }
    let leak_lo = !b.above_lo(elo, elo_closed);
    let leak_hi = !b.below_hi(ehi, ehi_closed);
    if leak_lo || leak_hi {
        let range = b.describe();
        let need = match (leak_lo, leak_hi) {
            (true, true) => "`min` and `max` that lie",
            (true, false) => "a `min` that lies",
            _ => "a `max` that lies",
        };
        let given = match (leak_lo && min.is_some(), leak_hi && max.is_some()) {
            (true, _) => format!(" (its `min` = {} is not)", min.unwrap_or_default()),
            (_, true) => format!(" (its `max` = {} is not)", max.unwrap_or_default()),
            _ => String::new(),
        };
        cx.error(
            &n.span,
            format!("`{key}` must be {range}, but its {kind} distribution can fall outside; add {need} {range}{given}"),
            "draws outside `min`/`max` are clamped to them, e.g. { dist = \"normal\", mean = 0.95, sd = 0.02, min = 0.9, max = 0.99 }".to_string(),
        );
        return None;
    }
    Some(Dist { kind: dk, min, max })
}

/// An id string matching `[a-z0-9_-]+`.
fn id(cx: &mut Cx, t: &Table, header: &Span, what: &str) -> Option<(String, Span)> {
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

/// Items of an array of tables (`[[name]]`).
/// Report (and return true) when `root.key` is an array longer than `max`.
fn too_many(cx: &mut Cx, root: &Table, key: &str, max: usize) -> bool {
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

fn table_array<'a>(cx: &mut Cx, root: &'a Table, key: &str) -> Vec<&'a Node> {
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

fn list_or_none(ids: &[String]) -> String {
    if ids.is_empty() {
        "(none)".into()
    } else {
        ids.join(", ")
    }
}

fn reference(cx: &mut Cx, n: &Node, key: &str, what: &str, ids: &[String]) -> Option<usize> {
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

/// Stage 2 entry point: the scenario when there were no errors.
pub(crate) fn validate(root: &Table, cx: &mut Cx) -> Option<(Scenario, Places)> {
    check_keys(cx, root, keys::TOP, "the top level");

    // [scenario]
    let meta = match root.get("scenario") {
        None => {
            cx.error(
                &root_span(),
                "the file has no [scenario] table",
                "add one with at least a name:\n[scenario]\nname = \"My scenario\"".to_string(),
            );
            None
        }
        Some(n) => as_table(cx, n, "scenario", "[scenario] with name = \"…\"")
            .map(|t| meta(cx, t, &n.span)),
    };

    // Counts first: the checks below compare actors and issues pairwise, so a
    // (hostile) file with a million of them would take hours.
    let too_many_issues = too_many(cx, root, "issue", super::MAX_ISSUES);
    if too_many(cx, root, "actor", super::MAX_ACTORS) || too_many_issues {
        return None;
    }

    // [[issue]]
    let mut issues = Vec::new();
    let mut issue_ids: Vec<String> = Vec::new();
    for n in table_array(cx, root, "issue") {
        let Value::Table(t) = &n.value else { continue };
        check_keys(cx, t, keys::ISSUE, "[[issue]]");
        let idv = id(cx, t, &n.span, "issue");
        let (low, high) = match t.get("range") {
            None => (0.0, 1.0),
            // An invalid range is reported once; unbounded, it causes no more errors.
            Some(r) => range(cx, r).unwrap_or((f64::NEG_INFINITY, f64::INFINITY)),
        };
        let label = t.get("label").and_then(|l| string(cx, l, "label"));
        let (idv, id_span) =
            idv.unwrap_or_else(|| (format!("#{}", issues.len() + 1), n.span.clone()));
        if issue_ids.contains(&idv) {
            cx.error(
                &id_span,
                format!("duplicate issue id `{idv}`"),
                "issue ids must be unique; rename one of them".to_string(),
            );
        }
        issue_ids.push(idv.clone());
        let status_quo = t
            .get("status_quo")
            .and_then(|n| crisis::status_quo(cx, n, low, high));
        let values = t
            .get("values")
            .map(|n| crisis::values(cx, n, low, high))
            .unwrap_or_default();
        issues.push(Issue {
            label: label.unwrap_or_else(|| idv.clone()),
            id: idv,
            low,
            high,
            status_quo,
            values,
            form: false,
            shifts_power: None,
        });
    }
    crisis::status_quo_everywhere(cx, root, &issues);

    // [treaty] first: actors default to its notice and exit cost.
    let treaty = treaty(cx, root);

    // [[actor]]: ids first, so references can point forwards.
    let actor_nodes = table_array(cx, root, "actor");
    let mut actor_ids: Vec<String> = Vec::new();
    for (k, n) in actor_nodes.iter().enumerate() {
        let Value::Table(t) = &n.value else { continue };
        let (s, span) =
            id(cx, t, &n.span, "actor").unwrap_or_else(|| (format!("#{}", k + 1), n.span.clone()));
        if actor_ids.contains(&s) {
            cx.error(
                &span,
                format!("duplicate actor id `{s}`"),
                "actor ids must be unique; rename one of them".to_string(),
            );
        }
        actor_ids.push(s);
    }
    if !actor_nodes.is_empty() && issues.is_empty() {
        cx.error(
            &actor_nodes[0].span,
            "the actors have no issue to negotiate over: add at least one [[issue]]",
            "e.g.\n[[issue]]\nid = \"troops\"\nrange = [0, 100]".to_string(),
        );
    }
    let mut actors = Vec::new();
    let mut places = Places::default();
    let mut has_principal = Vec::new();
    let mut principal_spans = Vec::new();
    for (k, n) in actor_nodes.iter().enumerate() {
        let Value::Table(t) = &n.value else { continue };
        let me = actor_ids[k].clone();
        has_principal.push(t.get("principal").is_some());
        principal_spans.push(t.get("principal").map(|p| p.span.clone()));
        let a = actor(cx, t, &me, k, &actor_ids, &issues, &issue_ids, &treaty);
        places.actor.push(n.span.clone());
        places
            .temptation
            .push(t.get("payoffs").and_then(|p| match &p.value {
                Value::Table(pt) => pt.get("temptation").map(|x| x.span.clone()),
                _ => None,
            }));
        actors.push(a);
    }
    // Cycles of principals, each reported once.
    let mut reported = vec![false; actors.len()];
    for start in 0..actors.len() {
        let mut chain = vec![start];
        let mut i = start;
        while let Some(p) = actors[i].principal {
            if let Some(pos) = chain.iter().position(|&c| c == p) {
                let cycle = &chain[pos..];
                if cycle.iter().all(|&c| !reported[c]) {
                    for &c in cycle {
                        reported[c] = true;
                    }
                    let mut names: Vec<&str> =
                        cycle.iter().map(|&c| actor_ids[c].as_str()).collect();
                    names.push(&actor_ids[cycle[0]]);
                    let span = principal_spans[cycle[0]]
                        .clone()
                        .unwrap_or_else(|| actor_nodes[cycle[0]].span.clone());
                    cx.error(
                        &span,
                        format!("the principals form a cycle: {}", names.join(" → ")),
                        "one actor in the chain must decide for itself: remove its `principal`"
                            .to_string(),
                    );
                }
                break;
            }
            chain.push(p);
            i = p;
        }
    }
    if !actors.is_empty() && has_principal.iter().all(|&h| h) {
        cx.error(
            &actor_nodes[0].span,
            "no actor decides: every actor has a `principal`",
            "remove `principal` from the actor(s) that decide for themselves".to_string(),
        );
    }

    let mut talks = talks(cx, root, &actors, &actor_ids);
    let conflict = conflict(cx, root);
    let reputation = reputation(cx, root);
    let game = match root.get("game") {
        None => None,
        Some(n) => as_table(cx, n, "game", "[game] with players, actions and payoffs")
            .and_then(|t| game(cx, t, n)),
    };
    if actor_nodes.is_empty() && root.get("game").is_none() {
        cx.error(&root_span(), "the scenario has neither [[actor]]s nor a [game]: there is nothing to play", "add [[actor]] tables (with [[issue]]s) for the negotiation, or a [game] for the classroom tools; `detente new` writes a starting point".to_string());
    }

    // Subgame-perfect tactic: bilateral, single issue, used by both deciders.
    let deciders: Vec<usize> = (0..actors.len())
        .filter(|&i| actors[i].principal.is_none() && !has_principal[i])
        .collect();
    let spe: Vec<usize> = (0..actors.len())
        .filter(|&i| actors[i].tactic == Tactic::SubgamePerfect)
        .collect();
    if !spe.is_empty() {
        let span = actor_nodes[spe[0]].span.clone();
        let at = match &actor_nodes[spe[0]].value {
            Value::Table(t) => t.get("tactic").map_or(span, |x| x.span.clone()),
            _ => span,
        };
        if deciders.len() != 2 || issues.len() != 1 {
            cx.error(&at, format!("tactic `subgame-perfect` needs exactly 2 deciding actors and 1 issue; this scenario has {} deciding actor(s) and {} issue(s)", deciders.len(), issues.len()),
                "use { kind = \"concession\", exponent = 1 } here, or reduce the scenario to a bilateral split of one issue".to_string());
        } else if spe.iter().any(|i| !deciders.contains(i))
            || deciders.iter().any(|i| !spe.contains(i))
        {
            cx.error(
                &at,
                "tactic `subgame-perfect` must be used by both deciding actors (and only by them)",
                "give both deciding actors tactic = \"subgame-perfect\"".to_string(),
            );
        }
    }

    crisis::check(cx, root, &actors, &actor_nodes, &deciders, &talks);
    let sides = power::Sides {
        actors: &actors,
        actor_ids: &actor_ids,
        actor_nodes: &actor_nodes,
        deciders: &deciders,
    };
    power::check(cx, root, &mut issues, &sides, &mut talks);
    crisis::indivisible(cx, root, &issues, &actors, &actor_nodes);
    expected_utility::check(cx, root, &actor_nodes, &talks);
    compliance::check(cx, root, &actors);

    if cx.errors() > 0 {
        return None;
    }
    Some((
        Scenario {
            meta: meta?,
            issues,
            actors,
            talks,
            treaty,
            conflict,
            reputation,
            game,
        },
        places,
    ))
}

fn meta(cx: &mut Cx, t: &Table, header: &Span) -> Meta {
    check_keys(cx, t, keys::SCENARIO, "[scenario]");
    let name = match t.get("name") {
        Some(n) => {
            let name = string(cx, n, "name");
            let name = name.unwrap_or_else(|| "?".into());
            if name.trim().is_empty() {
                cx.error(
                    &n.span,
                    "`name` in [scenario] is empty",
                    "give the scenario a name, e.g. name = \"Security guarantees\"".to_string(),
                );
            }
            name
        }
        None => {
            cx.error(
                header,
                "missing `name` in [scenario]",
                "every scenario needs a name, e.g. name = \"Security guarantees\"".to_string(),
            );
            String::new()
        }
    };
    let s = |cx: &mut Cx, k: &str, d: &str| {
        t.get(k)
            .and_then(|n| string(cx, n, k))
            .unwrap_or_else(|| d.to_string())
    };
    let description = s(cx, "description", "");
    let round = s(cx, "round", "round");
    let rounds = s(cx, "rounds", &format!("{round}s"));
    let sources = t
        .get("sources")
        .and_then(|n| strings(cx, n, "sources"))
        .unwrap_or_default();
    let seed = t
        .get("seed")
        .and_then(|n| integer(cx, n, "seed", 0, u64::MAX))
        .unwrap_or(1);
    let runs = t
        .get("runs")
        .and_then(|n| integer(cx, n, "runs", 1, 1_000_000_000_000))
        .unwrap_or(10_000);
    let horizon = t
        .get("horizon")
        .and_then(|n| integer(cx, n, "horizon", 1, 100_000))
        .unwrap_or(120) as u32;
    Meta {
        name,
        description,
        sources,
        seed,
        runs,
        horizon,
        round,
        rounds,
    }
}

fn range(cx: &mut Cx, n: &Node) -> Option<(f64, f64)> {
    let Value::Array(items) = &n.value else {
        wrong_type(
            cx,
            n,
            "range",
            "an array [low, high]",
            Some("range = [0, 100]"),
        );
        return None;
    };
    if items.len() != 2 {
        cx.error(
            &n.span,
            format!(
                "`range` must have 2 numbers [low, high], found {}",
                items.len()
            ),
            "e.g. range = [0, 100]".to_string(),
        );
        return None;
    }
    let lo = number(cx, &items[0], "range");
    let hi = number(cx, &items[1], "range");
    let (lo, hi) = (lo?, hi?);
    if lo >= hi {
        cx.error(
            &n.span,
            format!("`range` needs low < high, got [{lo}, {hi}]"),
            "the first number is the issue's lowest value, the second its highest".to_string(),
        );
        return None;
    }
    Some((lo, hi))
}

#[allow(clippy::too_many_arguments)]
fn actor(
    cx: &mut Cx,
    t: &Table,
    me: &str,
    k: usize,
    actor_ids: &[String],
    issues: &[Issue],
    issue_ids: &[String],
    treaty: &Treaty,
) -> Actor {
    let where_ = format!("[[actor]] `{me}`");
    check_keys(cx, t, keys::ACTOR, &where_);
    let name = t
        .get("name")
        .and_then(|n| string(cx, n, "name"))
        .unwrap_or_else(|| me.to_string());
    let principal = t.get("principal").and_then(|n| {
        let p = reference(cx, n, "principal", "actor", actor_ids)?;
        if p == k {
            cx.error(
                &n.span,
                format!("`{me}` cannot be its own principal"),
                "remove `principal` to let it decide for itself".to_string(),
            );
            return None;
        }
        Some(p)
    });
    let ni = issues.len();
    let mut ideal: Vec<f64> = issues.iter().map(|i| 0.5 * (i.low + i.high)).collect();
    if let Some(n) = t.get("ideal") {
        if let Some(it) = as_table(cx, n, "ideal", "ideal = { issue_id = value }") {
            for e in &it.entries {
                let Some(j) = issue_ref(cx, e, "ideal", me, issue_ids) else {
                    continue;
                };
                let Some(v) = number(cx, &e.node, &e.key) else {
                    continue;
                };
                let iss = &issues[j];
                if v < iss.low || v > iss.high {
                    cx.error(&e.node.span, format!("the ideal `{}` = {v} of `{me}` lies outside the issue's range [{}, {}]", e.key, iss.low, iss.high),
                        "an ideal point is a value of the issue; widen the issue's `range` or move the ideal inside it".to_string());
                } else {
                    ideal[j] = v;
                }
            }
        }
    }
    let mut salience = vec![if ni > 0 { 1.0 / ni as f64 } else { 0.0 }; ni];
    let mut salience_given = vec![1.0; ni];
    if let Some(n) = t.get("salience") {
        if let Some(st) = as_table(cx, n, "salience", "salience = { issue_id = weight }") {
            let mut w = vec![0.0; ni];
            let mut ok = true;
            for e in &st.entries {
                let Some(j) = issue_ref(cx, e, "salience", me, issue_ids) else {
                    ok = false;
                    continue;
                };
                match number(cx, &e.node, &e.key) {
                    Some(v) if v >= 0.0 => w[j] = v,
                    Some(v) => {
                        ok = false;
                        cx.error(&e.node.span, format!("the salience `{}` of `{me}` must be >= 0, got {v}", e.key), "a salience is how much the actor cares about the issue; use 0 for not at all".to_string());
                    }
                    None => ok = false,
                }
            }
            let total: f64 = w.iter().sum();
            if ok && !(total > 0.0 && total.is_finite()) {
                cx.error(&n.span, format!("the saliences of `{me}` are all 0 (or too large to add up)"), "give at least one issue a positive weight, or leave `salience` out for equal weights".to_string());
            } else if ok {
                salience = w.iter().map(|x| x / total).collect();
            }
            if ok {
                salience_given = w;
            }
        }
    }
    let discount = param_or(cx, t, "discount", OPEN_UNIT, 0.95);
    let credibility = param_or(cx, t, "credibility", PROB, 1.0);
    let tactic = t
        .get("tactic")
        .and_then(|n| tactic(cx, n))
        .unwrap_or(Tactic::Concession {
            exponent: Param::Fixed(1.0),
            initial: Param::Fixed(0.0),
        });
    let compliance = t
        .get("compliance")
        .and_then(|n| compliance(cx, n))
        .unwrap_or_else(|| StrategySpec {
            id: "tit-for-tat".into(),
            params: vec![],
        });
    let exit = t
        .get("exit")
        .and_then(|n| exit(cx, n))
        .unwrap_or(ExitRule::Never);
    let payoffs = match t.get("payoffs") {
        Some(n) => as_table(cx, n, "payoffs", "[actor.payoffs] after the actor's keys")
            .map(|pt| payoffs(cx, pt, me)),
        None => None,
    }
    .unwrap_or_else(|| payoffs(cx, &Table::default(), me));
    let exit_cost = match t.get("exit_cost") {
        Some(n) => param(cx, n, "exit_cost", NONNEG).unwrap_or_else(|| treaty.exit_cost.clone()),
        None => treaty.exit_cost.clone(),
    };
    let notice = t
        .get("notice")
        .and_then(|n| integer(cx, n, "notice", 0, 100_000))
        .map_or(treaty.notice, |v| v as u32);
    let mut war = crisis::war(cx, t, me);
    war.commitment = t
        .get("commitment")
        .and_then(|n| crisis::commitment(cx, n, me, issues, issue_ids));
    Actor {
        id: me.to_string(),
        name,
        principal,
        ideal,
        salience,
        salience_given,
        discount,
        credibility,
        tactic,
        compliance,
        exit,
        payoffs,
        exit_cost,
        notice,
        war,
    }
}

fn issue_ref(
    cx: &mut Cx,
    e: &super::raw::Entry,
    key: &str,
    me: &str,
    issue_ids: &[String],
) -> Option<usize> {
    match issue_ids.iter().position(|x| *x == e.key) {
        Some(j) => Some(j),
        // Already reported: the actors have no issue at all.
        None if issue_ids.is_empty() => None,
        None => {
            let msg = match closest(&e.key, issue_ids.iter().map(String::as_str)) {
                Some(c) => format!(
                    "unknown issue `{}` in `{key}` of `{me}`; did you mean `{c}`?",
                    e.key
                ),
                None => format!("unknown issue `{}` in `{key}` of `{me}`", e.key),
            };
            cx.error(
                &e.key_span,
                msg,
                format!("the issues are: {}", list_or_none(issue_ids)),
            );
            None
        }
    }
}

fn tactic(cx: &mut Cx, n: &Node) -> Option<Tactic> {
    let kinds = ["concession", "subgame-perfect"];
    let default_concession = || Tactic::Concession {
        exponent: Param::Fixed(1.0),
        initial: Param::Fixed(0.0),
    };
    let unknown = |cx: &mut Cx, span: &Span, s: &str| {
        let msg = match closest(s, kinds) {
            Some(c) => format!("unknown tactic `{s}`; did you mean `{c}`?"),
            None => format!("unknown tactic `{s}`"),
        };
        cx.error(
            span,
            msg,
            "tactics: { kind = \"concession\", exponent = 1, initial = 0 } or \"subgame-perfect\""
                .to_string(),
        );
    };
    match &n.value {
        Value::Str(s) => match s.as_str() {
            "subgame-perfect" => Some(Tactic::SubgamePerfect),
            "concession" => Some(default_concession()),
            _ => {
                unknown(cx, &n.span, s);
                None
            }
        },
        Value::Table(t) => {
            let kind = match t.get("kind") {
                Some(k) => string(cx, k, "kind")?,
                None => "concession".into(),
            };
            match kind.as_str() {
                "concession" => {
                    check_keys(
                        cx,
                        t,
                        &["kind", "exponent", "initial"],
                        "the concession `tactic`",
                    );
                    Some(Tactic::Concession {
                        exponent: param_or(cx, t, "exponent", NONNEG, 1.0),
                        initial: param_or(cx, t, "initial", PROB, 0.0),
                    })
                }
                "subgame-perfect" => {
                    check_keys(cx, t, &["kind"], "the subgame-perfect `tactic`");
                    Some(Tactic::SubgamePerfect)
                }
                other => {
                    let span = t.get("kind").map_or(&n.span, |k| &k.span).clone();
                    unknown(cx, &span, other);
                    None
                }
            }
        }
        _ => {
            wrong_type(
                cx,
                n,
                "tactic",
                "a string or a table",
                Some("tactic = { kind = \"concession\", exponent = 0.5 }"),
            );
            None
        }
    }
}

fn unknown_strategy(cx: &mut Cx, span: &Span, s: &str) {
    let msg = match crate::strategy::closest_id(s) {
        Some(c) => format!("unknown strategy `{s}`; did you mean `{c}`?"),
        None => format!("unknown strategy `{s}`"),
    };
    let ids: Vec<&str> = crate::strategy::CATALOG.iter().map(|i| i.id).collect();
    cx.error(
        span,
        msg,
        format!(
            "the strategies are: {} (`detente strategies` describes them)",
            ids.join(", ")
        ),
    );
}

fn compliance(cx: &mut Cx, n: &Node) -> Option<StrategySpec> {
    if compliance::is_deterrence(n) {
        return Some(StrategySpec {
            id: crate::strategy::deterrence::ID.into(),
            params: vec![],
        });
    }
    let spec = match &n.value {
        Value::Str(s) => {
            let Some(info) = crate::strategy::lookup(s) else {
                unknown_strategy(cx, &n.span, s);
                return None;
            };
            StrategySpec {
                id: info.id.into(),
                params: vec![],
            }
        }
        Value::Table(t) => {
            if let Some(m) = t.get("memory_one") {
                check_keys(
                    cx,
                    t,
                    &["memory_one", "first"],
                    "the memory-one `compliance`",
                );
                let Value::Array(items) = &m.value else {
                    wrong_type(
                        cx,
                        m,
                        "memory_one",
                        "an array of 4 probabilities",
                        Some("memory_one = [1, 0, 1, 0]"),
                    );
                    return None;
                };
                if items.len() != 4 {
                    cx.error(
                        &m.span,
                        format!(
                            "`memory_one` needs 4 probabilities (after CC, CD, DC, DD), found {}",
                            items.len()
                        ),
                        "e.g. memory_one = [1, 0, 1, 0] is tit for tat".to_string(),
                    );
                    return None;
                }
                let mut params = Vec::new();
                for (name, item) in ["p_cc", "p_cd", "p_dc", "p_dd"].iter().zip(items) {
                    params.push((name.to_string(), number_in(cx, item, "memory_one", PROB)?));
                }
                if let Some(f) = t.get("first") {
                    params.push(("first".into(), number_in(cx, f, "first", PROB)?));
                }
                params.sort_by(|a, b| a.0.cmp(&b.0));
                StrategySpec {
                    id: "memory-one".into(),
                    params,
                }
            } else {
                let Some(sn) = t.get("strategy") else {
                    cx.error(&n.span, "the `compliance` table has no `strategy`", "e.g. compliance = { strategy = \"generous-tit-for-tat\", generosity = 0.1 }, or { memory_one = [1, 0, 1, 0] }".to_string());
                    return None;
                };
                let s = string(cx, sn, "strategy")?;
                let Some(info) = crate::strategy::lookup(&s) else {
                    unknown_strategy(cx, &sn.span, &s);
                    return None;
                };
                let mut params = Vec::new();
                let mut ok = true;
                for e in t.entries.iter().filter(|e| e.key != "strategy") {
                    if !info.params.iter().any(|p| p.0 == e.key) {
                        let valid: Vec<&str> = info.params.iter().map(|p| p.0).collect();
                        let msg = match closest(&e.key, valid.iter().copied()) {
                            Some(c) => format!(
                                "strategy `{}` has no parameter `{}`; did you mean `{c}`?",
                                info.id, e.key
                            ),
                            None => format!("strategy `{}` has no parameter `{}`", info.id, e.key),
                        };
                        cx.error(
                            &e.key_span,
                            msg,
                            if valid.is_empty() {
                                format!("`{}` takes no parameters", info.id)
                            } else {
                                format!("it takes: {}", valid.join(", "))
                            },
                        );
                        ok = false;
                        continue;
                    }
                    match number(cx, &e.node, &e.key) {
                        Some(v) if (0.0..=1.0).contains(&v) => params.push((e.key.clone(), v)),
                        Some(v) => {
                            ok = false;
                            cx.error(&e.node.span, format!("parameter `{}` of `{}` must be a probability in [0, 1], got {}", e.key, info.id, shown(&e.node, v)), "strategy parameters are probabilities".to_string());
                        }
                        None => ok = false,
                    }
                }
                if !ok {
                    return None;
                }
                params.sort_by(|a, b| a.0.cmp(&b.0));
                StrategySpec {
                    id: info.id.into(),
                    params,
                }
            }
        }
        _ => {
            wrong_type(
                cx,
                n,
                "compliance",
                "a strategy id or a table",
                Some("compliance = \"tit-for-tat\""),
            );
            return None;
        }
    };
    // Belt and braces: the strategy module has the last word on what it accepts.
    match crate::strategy::Player::from_spec(&spec) {
        Ok(_) => Some(spec),
        Err(e) => {
            cx.error(
                &n.span,
                e.to_string(),
                "`detente strategies` lists the strategies and their parameters".to_string(),
            );
            None
        }
    }
}

fn exit(cx: &mut Cx, n: &Node) -> Option<ExitRule> {
    let rules = ["never", "myopic", "optimal", "threshold"];
    let pick = |cx: &mut Cx, s: &str, span: &Span, t: Option<&Table>| -> Option<ExitRule> {
        match s {
            "never" => Some(ExitRule::Never),
            "myopic" => Some(ExitRule::Myopic),
            "optimal" => Some(ExitRule::Optimal),
            "threshold" => match t.and_then(|t| t.get("level")) {
                Some(l) => param(cx, l, "level", ANY).map(|level| ExitRule::Threshold { level }),
                None => {
                    cx.error(span, "exit rule `threshold` needs a `level`", "e.g. exit = { rule = \"threshold\", level = 2.5 }: give notice when the temptation exceeds 2.5".to_string());
                    None
                }
            },
            _ => {
                let msg = match closest(s, rules) {
                    Some(c) => format!("unknown exit rule `{s}`; did you mean `{c}`?"),
                    None => format!("unknown exit rule `{s}`"),
                };
                cx.error(span, msg, "exit rules: \"never\", \"myopic\", \"optimal\", or { rule = \"threshold\", level = x }".to_string());
                None
            }
        }
    };
    match &n.value {
        Value::Str(s) => pick(cx, s, &n.span, None),
        Value::Table(t) => {
            let Some(r) = t.get("rule") else {
                cx.error(
                    &n.span,
                    "the `exit` table has no `rule`",
                    "e.g. exit = { rule = \"threshold\", level = 2.5 }".to_string(),
                );
                return None;
            };
            let s = string(cx, r, "rule")?;
            let valid: &[&str] = if s == "threshold" {
                &["rule", "level"]
            } else {
                &["rule"]
            };
            check_keys(cx, t, valid, &format!("the `{s}` exit rule"));
            pick(cx, &s, &r.span, Some(t))
        }
        _ => {
            wrong_type(
                cx,
                n,
                "exit",
                "a string or a table",
                Some("exit = \"optimal\""),
            );
            None
        }
    }
}

fn payoffs(cx: &mut Cx, t: &Table, me: &str) -> Payoffs {
    check_keys(cx, t, keys::PAYOFFS, &format!("[actor.payoffs] of `{me}`"));
    let temptation = t
        .get("temptation")
        .and_then(|n| temptation(cx, n))
        .unwrap_or(Temptation::Iid {
            mean: Param::Fixed(0.0),
            sd: Param::Fixed(0.0),
        });
    Payoffs {
        no_deal: param_or(cx, t, "no_deal", ANY, 0.0),
        gain: param_or(cx, t, "gain", ANY, 1.0),
        temptation,
        betrayal: param_or(cx, t, "betrayal", NONPOS, 0.0),
        conflict: param_or(cx, t, "conflict", ANY, 0.0),
        stalling: param_or(cx, t, "stalling", ANY, 0.0),
    }
}

fn temptation(cx: &mut Cx, n: &Node) -> Option<Temptation> {
    let t = as_table(
        cx,
        n,
        "temptation",
        "temptation = { process = \"iid\", mean = 0.5, sd = 0.2 }",
    )?;
    let processes = ["iid", "random_walk", "ar1"];
    let process = match t.get("process") {
        Some(p) => string(cx, p, "process")?,
        None => {
            cx.error(&n.span, "`temptation` has no `process`", "e.g. temptation = { process = \"iid\", mean = 0.5, sd = 0.2 }; processes: iid, random_walk, ar1".to_string());
            return None;
        }
    };
    let valid: &[&str] = match process.as_str() {
        "iid" => &["process", "mean", "sd"],
        "random_walk" => &["process", "start", "drift", "volatility"],
        "ar1" => &["process", "mean", "phi", "sd", "start"],
        _ => {
            let span = t.get("process").map_or(&n.span, |p| &p.span).clone();
            let msg = match closest(&process, processes) {
                Some(c) => format!("unknown temptation process `{process}`; did you mean `{c}`?"),
                None => format!("unknown temptation process `{process}`"),
            };
            cx.error(&span, msg, "processes: iid (mean, sd), random_walk (start, drift, volatility), ar1 (mean, phi, sd, start)".to_string());
            return None;
        }
    };
    check_keys(cx, t, valid, &format!("the {process} `temptation`"));
    Some(match process.as_str() {
        "iid" => Temptation::Iid {
            mean: param_or(cx, t, "mean", ANY, 0.0),
            sd: param_or(cx, t, "sd", NONNEG, 0.0),
        },
        "random_walk" => Temptation::RandomWalk {
            start: param_or(cx, t, "start", ANY, 0.0),
            drift: param_or(cx, t, "drift", ANY, 0.0),
            volatility: param_or(cx, t, "volatility", NONNEG, 0.0),
        },
        _ => {
            let mean = param_or(cx, t, "mean", ANY, 0.0);
            let start = match t.get("start") {
                Some(s) => param(cx, s, "start", ANY).unwrap_or_else(|| mean.clone()),
                None => mean.clone(),
            };
            Temptation::Ar1 {
                phi: param_or(cx, t, "phi", OPEN_PM1, 0.0),
                sd: param_or(cx, t, "sd", NONNEG, 0.0),
                mean,
                start,
            }
        }
    })
}

fn sub_table(cx: &mut Cx, root: &Table, key: &str, valid: &[&str]) -> Table {
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

fn treaty(cx: &mut Cx, root: &Table) -> Treaty {
    let t = sub_table(cx, root, "treaty", keys::TREATY);
    let form = match t.get("form") {
        None => Form::LegallyBinding,
        Some(n) => match string(cx, n, "form").as_deref() {
            Some("legally-binding") => Form::LegallyBinding,
            Some("verbal") => Form::Verbal,
            Some(other) => {
                let msg = match closest(other, ["legally-binding", "verbal"]) {
                    Some(c) => format!("unknown treaty form `{other}`; did you mean `{c}`?"),
                    None => format!("unknown treaty form `{other}`"),
                };
                cx.error(&n.span, msg, "forms: \"legally-binding\" (default notice 6, exit cost 5) or \"verbal\" (0 and 0)".to_string());
                Form::LegallyBinding
            }
            None => Form::LegallyBinding,
        },
    };
    let (dn, dc) = match form {
        Form::LegallyBinding => (6, 5.0),
        Form::Verbal => (0, 0.0),
    };
    Treaty {
        form,
        notice: t
            .get("notice")
            .and_then(|n| integer(cx, n, "notice", 0, 100_000))
            .map_or(dn, |v| v as u32),
        exit_cost: param_or(cx, &t, "exit_cost", NONNEG, dc),
        false_alarm: param_or(cx, &t, "false_alarm", PROB, 0.0),
        missed: param_or(cx, &t, "missed", PROB, 0.0),
        renegotiate_after: t
            .get("renegotiate_after")
            .and_then(|n| integer(cx, n, "renegotiate_after", 1, 100_000))
            .map(|v| v as u32),
        consequences: compliance::consequences(cx, &t),
    }
}

fn talks(cx: &mut Cx, root: &Table, actors: &[Actor], ids: &[String]) -> Talks {
    let t = sub_table(cx, root, "talks", keys::TALKS);
    let proposers = match t.get("proposers") {
        Some(n) => match &n.value {
            Value::Array(items) => {
                if items.is_empty() {
                    cx.error(&n.span, "`proposers` is empty", "list who tables offers, in turn, e.g. proposers = [\"russia\", \"usa\"]; or leave it out for the deciding actors in file order".to_string());
                }
                items
                    .iter()
                    .filter_map(|i| reference(cx, i, "proposers", "actor", ids))
                    .collect()
            }
            _ => {
                wrong_type(
                    cx,
                    n,
                    "proposers",
                    "an array of actor ids",
                    Some("proposers = [\"russia\", \"usa\"]"),
                );
                vec![]
            }
        },
        None => (0..actors.len())
            .filter(|&i| actors[i].principal.is_none())
            .collect(),
    };
    Talks {
        proposers,
        deadline: t
            .get("deadline")
            .and_then(|n| integer(cx, n, "deadline", 1, 100_000))
            .map(|v| v as u32),
        retry_after: t
            .get("retry_after")
            .and_then(|n| integer(cx, n, "retry_after", 1, 100_000))
            .map(|v| v as u32),
        protocol: t
            .get("protocol")
            .and_then(|n| crisis::protocol(cx, n))
            .unwrap_or_default(),
        position_model: expected_utility::params(cx, &t),
        power: None,
    }
}

fn conflict(cx: &mut Cx, root: &Table) -> Conflict {
    let t = sub_table(cx, root, "conflict", keys::CONFLICT);
    let no_deal = param_or(cx, &t, "no_deal", PROB, 0.0);
    let after_exit = match t.get("after_exit") {
        Some(n) => param(cx, n, "after_exit", PROB).unwrap_or_else(|| no_deal.clone()),
        None => no_deal.clone(),
    };
    Conflict {
        talks: param_or(cx, &t, "talks", PROB, 0.0),
        in_force: param_or(cx, &t, "in_force", PROB, 0.0),
        no_deal,
        after_exit,
    }
}

fn reputation(cx: &mut Cx, root: &Table) -> Reputation {
    let t = sub_table(cx, root, "reputation", keys::REPUTATION);
    Reputation {
        exit_loss: param_or(cx, &t, "exit_loss", PROB, 0.3),
        recovery: param_or(cx, &t, "recovery", PROB, 0.01),
        violation_loss: param_or(cx, &t, "violation_loss", PROB, 0.0),
    }
}

fn game(cx: &mut Cx, t: &Table, n: &Node) -> Option<Game> {
    check_keys(cx, t, keys::GAME, "[game]");
    let players: [String; 2] = match t.get("players") {
        None => ["Row".into(), "Column".into()],
        Some(p) => {
            let v = strings(cx, p, "players")?;
            match <[String; 2]>::try_from(v) {
                Ok(a) => a,
                Err(v) => {
                    cx.error(
                        &p.span,
                        format!("a [game] has 2 players, found {}", v.len()),
                        "e.g. players = [\"Row\", \"Column\"]".to_string(),
                    );
                    return None;
                }
            }
        }
    };
    let actions: [Vec<String>; 2] = match t.get("actions") {
        None => [
            vec!["Cooperate".into(), "Defect".into()],
            vec!["Cooperate".into(), "Defect".into()],
        ],
        Some(a) => {
            let Value::Array(items) = &a.value else {
                wrong_type(
                    cx,
                    a,
                    "actions",
                    "an array of 2 arrays",
                    Some("actions = [[\"Cooperate\", \"Defect\"], [\"Cooperate\", \"Defect\"]]"),
                );
                return None;
            };
            if items.len() != 2 {
                cx.error(
                    &a.span,
                    format!(
                        "`actions` needs one list per player (2), found {}",
                        items.len()
                    ),
                    "e.g. actions = [[\"Cooperate\", \"Defect\"], [\"Cooperate\", \"Defect\"]]"
                        .to_string(),
                );
                return None;
            }
            let mut out: [Vec<String>; 2] = [vec![], vec![]];
            for (k, item) in items.iter().enumerate() {
                let v = strings(cx, item, "actions")?;
                if v.is_empty() {
                    cx.error(
                        &item.span,
                        format!("player {} ({}) has no actions", k + 1, players[k]),
                        "each player needs at least one action".to_string(),
                    );
                    return None;
                }
                out[k] = v;
            }
            out
        }
    };
    let Some(p) = t.get("payoffs") else {
        cx.error(&n.span, "the [game] has no `payoffs`", "payoffs[r][c] = [row payoff, column payoff], e.g. payoffs = [[[3, 3], [0, 5]], [[5, 0], [1, 1]]]".to_string());
        return None;
    };
    let (r, c) = (actions[0].len(), actions[1].len());
    let shape = format!(
        "{r} rows (one per action of {}) of {c} cells (one per action of {}), each [row payoff, column payoff]",
        players[0], players[1]
    );
    let Value::Array(rows) = &p.value else {
        wrong_type(
            cx,
            p,
            "payoffs",
            "an array of rows",
            Some("payoffs = [[[3, 3], [0, 5]], [[5, 0], [1, 1]]]"),
        );
        return None;
    };
    if rows.len() != r {
        cx.error(
            &p.span,
            format!(
                "`payoffs` has {} rows, but {} has {r} actions",
                rows.len(),
                players[0]
            ),
            format!("it needs {shape}"),
        );
        return None;
    }
    let mut out = Vec::new();
    let mut ok = true;
    for row in rows {
        let Value::Array(cells) = &row.value else {
            wrong_type(cx, row, "payoffs", "a row (an array of cells)", None);
            ok = false;
            continue;
        };
        if cells.len() != c {
            cx.error(
                &row.span,
                format!(
                    "this row of `payoffs` has {} cells, but {} has {c} actions",
                    cells.len(),
                    players[1]
                ),
                format!("the payoffs must be rectangular: {shape}"),
            );
            ok = false;
            continue;
        }
        let mut out_row = Vec::new();
        for cell in cells {
            match &cell.value {
                Value::Array(pair) if pair.len() == 2 => {
                    let a = number(cx, &pair[0], "payoffs");
                    let b = number(cx, &pair[1], "payoffs");
                    match (a, b) {
                        (Some(a), Some(b)) => out_row.push([a, b]),
                        _ => ok = false,
                    }
                }
                _ => {
                    cx.error(
                        &cell.span,
                        "each cell of `payoffs` must be [row payoff, column payoff]",
                        "e.g. [3, 3]".to_string(),
                    );
                    ok = false;
                }
            }
        }
        out.push(out_row);
    }
    ok.then_some(Game {
        players,
        actions,
        payoffs: out,
    })
}
