//! The `[[issue]]`s: ids, ranges, labels, and the crisis keys an issue may carry
//! (`status_quo`, `values`).

use super::read::{check_keys, id, number, string, table_array, wrong_type};
use super::{Cx, crisis, keys};
use crate::scenario::raw::{Node, Table, Value};
use crate::scenario::types::Issue;

/// Every `[[issue]]`, with their ids (in file order; `#k` for one without a valid id).
pub(super) fn issues(cx: &mut Cx, root: &Table) -> (Vec<Issue>, Vec<String>) {
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
    (issues, issue_ids)
}

/// An issue's `range = [low, high]`.
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
