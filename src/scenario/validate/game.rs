//! The classroom's `[game]`: two players, their actions, and a rectangular matrix of
//! payoff pairs.

use super::read::*;
use super::{Cx, keys};
use crate::scenario::raw::{Node, Table, Value};
use crate::scenario::types::Game;

/// The `[game]` table, if any.
pub(super) fn section(cx: &mut Cx, root: &Table) -> Option<Game> {
    let n = root.get("game")?;
    as_table(cx, n, "game", "[game] with players, actions and payoffs").and_then(|t| game(cx, t, n))
}

fn game(cx: &mut Cx, t: &Table, n: &Node) -> Option<Game> {
    check_keys(cx, t, keys::GAME, "[game]");
    let players = players(cx, t)?;
    let actions = actions(cx, t, &players)?;
    let payoffs = matrix(cx, t, n, &players, &actions)?;
    Some(Game {
        players,
        actions,
        payoffs,
    })
}

/// `players`, two names (Row and Column by default).
fn players(cx: &mut Cx, t: &Table) -> Option<[String; 2]> {
    Some(match t.get("players") {
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
    })
}

/// `actions`, one non-empty list per player (Cooperate and Defect by default).
fn actions(cx: &mut Cx, t: &Table, players: &[String; 2]) -> Option<[Vec<String>; 2]> {
    Some(match t.get("actions") {
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
    })
}

/// `payoffs[r][c] = [row payoff, column payoff]`, one row per action of the row player.
fn matrix(
    cx: &mut Cx,
    t: &Table,
    n: &Node,
    players: &[String; 2],
    actions: &[Vec<String>; 2],
) -> Option<Vec<Vec<[f64; 2]>>> {
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
    ok.then_some(out)
}
