//! Distributions in place of a number: `{ dist = "normal", mean = .., sd = .. }` and
//! the other kinds, their parameters, optional `min`/`max` clamps, and the check that
//! every draw stays within the bounds of the key (and within ±10^15).

use super::Cx;
use super::read::*;
use crate::scenario::MAX_MAGNITUDE;
use crate::scenario::params::{DIST_CLAMPS, DISTS, DistSpec, dist_spec};
use crate::scenario::raw::{Node, Table};
use crate::scenario::types::*;
use crate::util::closest;

/// The kinds of distribution, for messages: "normal, uniform, …".
fn kinds() -> String {
    let names: Vec<&str> = DISTS.iter().map(|d| d.kind).collect();
    names.join(", ")
}

/// The distribution written as table `t` (node `n`) for `key`, within `b`.
pub(super) fn dist(cx: &mut Cx, n: &Node, t: &Table, key: &str, b: Bounds) -> Option<Dist> {
    let Some(kind_node) = t.get("dist") else {
        cx.error(
            &n.span,
            format!("the table given for `{key}` has no `dist`"),
            format!("a distribution names its kind: {key} = {{ dist = \"normal\", mean = 0.5, sd = 0.1 }}; kinds: {}", kinds()),
        );
        return None;
    };
    let kind = string(cx, kind_node, "dist")?;
    let Some(spec) = dist_spec(&kind) else {
        let msg = match closest(&kind, DISTS.iter().map(|d| d.kind)) {
            Some(c) => format!("unknown distribution `{kind}` for `{key}`; did you mean `{c}`?"),
            None => format!("unknown distribution `{kind}` for `{key}`"),
        };
        cx.error(&kind_node.span, msg, format!("the kinds are: {}", kinds()));
        return None;
    };
    let params = spec.keys();
    let mut valid: Vec<&str> = vec!["dist"];
    valid.extend_from_slice(&params);
    valid.extend_from_slice(&DIST_CLAMPS);
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
    let vals: Vec<Option<f64>> = spec
        .params
        .iter()
        .map(|p| get(cx, p.key, p.default))
        .collect();
    let [min, max] = DIST_CLAMPS.map(|c| t.get(c).and_then(|v| number(cx, v, c)));
    if cx.errors() > before || vals.iter().any(Option::is_none) {
        return None;
    }
    let v: Vec<f64> = vals.into_iter().flatten().collect();
    let site = Site { n, t, key, spec };
    let support = support(cx, &site, &v)?;
    clamped(cx, &site, b, support, min, max)
}

/// Where a distribution is written: its node, its table, its key and its kind.
struct Site<'a> {
    n: &'a Node,
    t: &'a Table,
    key: &'a str,
    spec: &'static DistSpec,
}

impl Site<'_> {
    /// Report a bad value of parameter `p` at that parameter (or the table).
    fn bad(&self, cx: &mut Cx, p: &str, msg: String, hint: &str) {
        let at = self.t.get(p).map_or(&self.n.span, |x| &x.span).clone();
        cx.error(&at, msg, hint.to_string());
    }

    /// `Some` when `v` lies within the bounds of the kind's parameter `k`, else `None`
    /// with the error reported at that parameter.
    fn within(&self, cx: &mut Cx, k: usize, v: f64, hint: &str) -> Option<()> {
        let p = &self.spec.params[k];
        if p.bounds.contains(v) {
            return Some(());
        }
        let msg = format!(
            "`{}` of the {} distribution of `{}` must be {}, got {v}",
            p.key,
            self.spec.kind,
            self.key,
            p.bounds.describe()
        );
        self.bad(cx, p.key, msg, hint);
        None
    }
}

/// The kind with its parameters `v` (in the order the kind lists them), its support
/// (low, high) and whether each end is attained.
fn support(cx: &mut Cx, site: &Site, v: &[f64]) -> Option<(DistKind, f64, f64, bool, bool)> {
    let dk = kind(cx, site, v)?;
    Some(match dk {
        DistKind::Normal { .. } => (dk, f64::NEG_INFINITY, f64::INFINITY, false, false),
        DistKind::Uniform { low, high }
        | DistKind::Triangular { low, high, .. }
        | DistKind::Beta { low, high, .. } => (dk, low, high, true, true),
        DistKind::LogNormal { .. } => (dk, 0.0, f64::INFINITY, false, false),
    })
}

/// The kind with its parameters `v`, once they are consistent.
fn kind(cx: &mut Cx, site: &Site, v: &[f64]) -> Option<DistKind> {
    let key = site.key;
    let bad = |cx: &mut Cx, p: &str, msg: String, hint: &str| site.bad(cx, p, msg, hint);
    let bound = |p: usize| site.spec.params[p].bounds;
    Some(match site.spec.kind {
        "normal" => {
            let hint = "for a fixed value write the number itself instead of a distribution";
            site.within(cx, 1, v[1], hint)?;
            DistKind::Normal {
                mean: v[0],
                sd: v[1],
            }
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
            DistKind::Uniform {
                low: v[0],
                high: v[1],
            }
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
            DistKind::Triangular {
                low: v[0],
                mode: v[1],
                high: v[2],
            }
        }
        "beta" => {
            if !bound(0).contains(v[0]) || !bound(1).contains(v[1]) {
                let p = if !bound(0).contains(v[0]) {
                    "alpha"
                } else {
                    "beta"
                };
                bad(
                    cx,
                    p,
                    format!(
                        "`alpha` and `beta` of the beta distribution of `{key}` must be {}, got alpha = {} and beta = {}",
                        bound(0).describe(),
                        v[0],
                        v[1]
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
            DistKind::Beta {
                alpha: v[0],
                beta: v[1],
                low: v[2],
                high: v[3],
            }
        }
        _ => {
            let hint = "sigma is the standard deviation of the value's logarithm, e.g. 0.5";
            site.within(cx, 1, v[1], hint)?;
            DistKind::LogNormal {
                mu: v[0],
                sigma: v[1],
            }
        }
    })
}

/// The distribution, once its clamped range stays within ±10^15 and within `b`.
fn clamped(
    cx: &mut Cx,
    site: &Site,
    b: Bounds,
    (dk, slo, shi, lo_closed, hi_closed): (DistKind, f64, f64, bool, bool),
    min: Option<f64>,
    max: Option<f64>,
) -> Option<Dist> {
    let Site { n, key, spec, .. } = *site;
    let kind = spec.kind;
    let bad = |cx: &mut Cx, p: &str, msg: String, hint: &str| site.bad(cx, p, msg, hint);
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
    if elo.max(reach_lo) < -MAX_MAGNITUDE || ehi.min(reach_hi) > MAX_MAGNITUDE {
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
