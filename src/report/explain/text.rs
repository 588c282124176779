//! Text helpers of `explain`: numbers, percentages, aligned tables and wrapped paragraphs.

use super::*;

/// A payoff matrix with action names, each cell "row, column".
pub(super) fn matrix(
    o: &mut String,
    row_player: &str,
    col_player: &str,
    row_actions: &[String],
    col_actions: &[String],
    m: &[Vec<[f64; 2]>],
) {
    let mut rows = Vec::new();
    let mut head = vec![String::new()];
    head.extend(col_actions.iter().map(|a| format!("{col_player} {a}")));
    rows.push(head);
    for (r, line) in m.iter().enumerate() {
        let name = row_actions.get(r).map(String::as_str).unwrap_or("?");
        let mut cells = vec![format!("{row_player} {name}")];
        cells.extend(line.iter().map(|c| format!("{}, {}", num(c[0]), num(c[1]))));
        rows.push(cells);
    }
    table(o, &rows, 4);
}

/// Left-aligned columns separated by three spaces, each line indented.
pub(super) fn table(o: &mut String, rows: &[Vec<String>], indent: usize) {
    let width = column_widths(rows);
    for r in rows {
        let mut line = " ".repeat(indent);
        for (c, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < r.len() {
                let pad = width[c] - cell.chars().count() + 3;
                line.push_str(&" ".repeat(pad));
            }
        }
        let _ = writeln!(o, "{}", line.trim_end());
    }
}

/// The width of each column of `rows` (its widest cell).
fn column_widths(rows: &[Vec<String>]) -> Vec<usize> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|x| x.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// The width of `rows` as [`table`] lays them out, without the indent.
pub(super) fn table_width(rows: &[Vec<String>]) -> usize {
    let width = column_widths(rows);
    width.iter().sum::<usize>() + 3 * width.len().saturating_sub(1)
}

/// A number with at most 3 decimals, trailing zeros dropped ("0.714", "-200", "2.5").
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "undefined".into()
        } else if x > 0.0 {
            "+inf".into()
        } else {
            "-inf".into()
        };
    }
    // Three decimals, more for small numbers so that two significant digits show
    // (0.0038, not 0.004).
    let decimals = if x != 0.0 && x.abs() < 0.1 {
        ((2.0 - x.abs().log10().floor()) as usize).min(6)
    } else {
        3
    };
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

/// A parameter's typical value, marked `~` when it is uncertain.
pub(super) fn pnum(p: &Param) -> String {
    if p.is_uncertain() {
        format!("~{}", num(p.typical()))
    } else {
        num(p.typical())
    }
}

/// A probability as a percentage with enough digits to be non-zero when it is.
/// `n` rounds in the scenario's words: "1 month", "6 months".
pub(super) fn rounds(n: impl Into<u64>, m: &crate::scenario::Meta) -> String {
    let n = n.into();
    let unit = if n == 1 { &m.round } else { &m.rounds };
    format!("{n} {unit}")
}

pub(super) fn pct(p: f64) -> String {
    let x = 100.0 * p;
    if x == 0.0 {
        "0%".into()
    } else if x >= 10.0 {
        format!("{x:.0}%")
    } else if x >= 1.0 {
        format!("{x:.1}%")
    } else if x >= 0.01 {
        format!("{x:.2}%")
    } else {
        format!("{x:.4}%")
    }
}

pub(super) fn join_and(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Write `text` wrapped to 92 columns, every line indented by `indent`.
pub(super) fn para(o: &mut String, indent: usize, text: &str) {
    let pad = " ".repeat(indent);
    for (k, line) in wrap(text, 92 - indent).into_iter().enumerate() {
        let extra = if k == 0 { "" } else { "  " };
        let _ = writeln!(o, "{pad}{extra}{line}");
    }
}

/// Greedy word wrap.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.lines() {
        let mut line = String::new();
        for word in para.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}
