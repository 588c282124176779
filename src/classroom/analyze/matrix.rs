//! The `--matrix` syntax: a game typed on the command line.

use super::*;

/// A `--matrix` syntax error at a byte offset of the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct MatrixError {
    /// Byte offset of the offending character.
    pub offset: usize,
    pub message: String,
}

/// Parse `--matrix`: rows separated by `;`, cells by spaces; a cell is `row,col`
/// (both players' payoffs), or every cell is one number and the game is symmetric
/// (the numbers are the row player's payoffs; column's are the transpose), e.g.
/// `"3,3 0,5; 5,0 1,1"` or `"3 0; 5 1"`. Actions are named R1, R2, ... and C1, C2, ...
/// (both A1, A2, ... in a symmetric game).
pub fn parse_matrix(text: &str) -> Result<Game, MatrixError> {
    let err = |offset: usize, m: &str| MatrixError {
        offset,
        message: m.to_string(),
    };
    let bytes = text.as_bytes();
    let mut pos = 0;
    let skip_ws = |pos: &mut usize| {
        while *pos < bytes.len() && (bytes[*pos] == b' ' || bytes[*pos] == b'\t') {
            *pos += 1;
        }
    };
    let number = |pos: &mut usize| -> Result<f64, MatrixError> {
        let start = *pos;
        while *pos < bytes.len()
            && (bytes[*pos].is_ascii_digit() || b"+-.eE".contains(&bytes[*pos]))
        {
            *pos += 1;
        }
        if start == *pos {
            return Err(err(start, "expected a number"));
        }
        let tok = &text[start..*pos];
        match tok.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(err(start, &format!("`{tok}` is not a number"))),
        }
    };
    // rows of cells; each cell (row payoff, Some(col payoff)) or (x, None).
    let mut rows: Vec<Vec<(f64, Option<f64>)>> = vec![Vec::new()];
    let mut row_starts = vec![0usize];
    let mut pair_form: Option<bool> = None;
    loop {
        skip_ws(&mut pos);
        if pos >= bytes.len() {
            break;
        }
        if bytes[pos] == b';' {
            if rows.last().is_some_and(|r| r.is_empty()) {
                return Err(err(pos, "empty row before `;`"));
            }
            pos += 1;
            rows.push(Vec::new());
            row_starts.push(pos);
            continue;
        }
        let cell_start = pos;
        let x = number(&mut pos)?;
        let after = pos;
        skip_ws(&mut pos);
        let y = if pos < bytes.len() && bytes[pos] == b',' {
            pos += 1;
            skip_ws(&mut pos);
            Some(number(&mut pos)?)
        } else {
            pos = after;
            None
        };
        if pos < bytes.len() && !matches!(bytes[pos], b' ' | b'\t' | b';') {
            // Point at the character itself (may be multi-byte: use its char start).
            return Err(err(
                pos,
                "unexpected character: cells are `row,col` or one number, separated by spaces; rows by `;`",
            ));
        }
        match pair_form {
            None => pair_form = Some(y.is_some()),
            Some(p) if p != y.is_some() => {
                return Err(err(
                    cell_start,
                    if p {
                        "this cell has one number but earlier cells have two (`row,col`)"
                    } else {
                        "this cell has two numbers but earlier cells have one (a symmetric game)"
                    },
                ));
            }
            _ => {}
        }
        if let Some(r) = rows.last_mut() {
            r.push((x, y));
        }
    }
    if rows.last().is_some_and(|r| r.is_empty()) {
        rows.pop();
        row_starts.pop();
    }
    if rows.is_empty() {
        return Err(err(0, "the matrix is empty"));
    }
    into_game(rows, &row_starts, pair_form == Some(true))
}

/// The parsed cells as a game: checks every row has as many cells as the first (and,
/// for one number per cell, that the matrix is square) and names the actions.
fn into_game(
    rows: Vec<Vec<(f64, Option<f64>)>>,
    row_starts: &[usize],
    pair_form: bool,
) -> Result<Game, MatrixError> {
    let err = |offset: usize, m: &str| MatrixError {
        offset,
        message: m.to_string(),
    };
    let n = rows[0].len();
    for (k, r) in rows.iter().enumerate() {
        if r.len() != n {
            return Err(err(
                row_starts[k],
                &format!(
                    "row {} has {} cells but row 1 has {n}: every row needs one cell per column action",
                    k + 1,
                    r.len()
                ),
            ));
        }
    }
    let m = rows.len();
    let letters = |p: &str, k: usize| (1..=k).map(|i| format!("{p}{i}")).collect::<Vec<_>>();
    if pair_form {
        Ok(Game {
            players: ["Row".into(), "Column".into()],
            actions: [letters("R", m), letters("C", n)],
            payoffs: rows
                .iter()
                .map(|r| r.iter().map(|&(x, y)| [x, y.unwrap_or(x)]).collect())
                .collect(),
        })
    } else {
        if m != n {
            return Err(err(
                0,
                &format!(
                    "a symmetric game (one number per cell) needs a square matrix, got {m} rows of {n}"
                ),
            ));
        }
        Ok(Game {
            players: ["Row".into(), "Column".into()],
            actions: [letters("A", m), letters("A", n)],
            payoffs: (0..m)
                .map(|i| (0..n).map(|j| [rows[i][j].0, rows[j][i].0]).collect())
                .collect(),
        })
    }
}
