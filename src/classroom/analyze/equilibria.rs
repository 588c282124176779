//! Each equilibrium explained: the best replies of a pure one, the indifference
//! conditions that pin a mixed one down.

use super::*;

pub(super) fn explain_equilibrium(
    g: &Game,
    a: &[Vec<f64>],
    b: &[Vec<f64>],
    e: &nash::Equilibrium,
) -> EquilibriumReport {
    let [rn, cn] = &g.actions;
    let [pr, pc] = &g.players;
    let rs = nash::support(&e.row);
    let cs = nash::support(&e.col);
    let pure = rs.len() == 1 && cs.len() == 1;
    let label = if pure {
        format!("({}, {})", rn[rs[0]], cn[cs[0]])
    } else {
        format!(
            "({} ; {})",
            describe_mix(rn, &e.row),
            describe_mix(cn, &e.col)
        )
    };
    // One number format for the whole game (see `all_exact`).
    let exact = all_exact(a.iter().chain(b).flatten().copied());
    let pretty = |x: f64| num(exact, x);
    let mut ex = Vec::new();
    let row_vals: Vec<f64> = (0..a.len())
        .map(|i| (0..cn.len()).map(|j| a[i][j] * e.col[j]).sum())
        .collect();
    let col_vals: Vec<f64> = (0..cn.len())
        .map(|j| (0..a.len()).map(|i| b[i][j] * e.row[i]).sum())
        .collect();
    if pure {
        let (i, j) = (rs[0], cs[0]);
        ex.push(format!(
            "Against {}, {pr}'s best reply is {} ({} vs {}); against {}, {pc}'s best reply is {} ({} vs {}).",
            cn[j],
            rn[i],
            pretty(a[i][j]),
            others(rn, &row_vals, i, exact),
            rn[i],
            cn[j],
            pretty(b[i][j]),
            others(cn, &col_vals, j, exact),
        ));
    } else if a.len() == 2 && cn.len() == 2 && rs.len() == 2 && cs.len() == 2 {
        let q = e.col[0];
        ex.push(format!(
            "{pc} mixes {} so that {pr} is indifferent between {} and {} (q = probability of {}): {} = {} ⇒ q = {}.",
            describe_mix(cn, &e.col),
            rn[0],
            rn[1],
            cn[0],
            lin(a[0][0], a[0][1], "q", exact),
            lin(a[1][0], a[1][1], "q", exact),
            pretty(q)
        ));
        ex.push(format!(
            "{pr} mixes {} so that {pc} is indifferent between {} and {} (p = probability of {}): {} = {} ⇒ p = {}.",
            describe_mix(rn, &e.row),
            cn[0],
            cn[1],
            rn[0],
            lin(b[0][0], b[1][0], "p", exact),
            lin(b[0][1], b[1][1], "p", exact),
            pretty(e.row[0])
        ));
    } else {
        for (who, names, vals, sup, other) in
            [(pr, rn, &row_vals, &rs, pc), (pc, cn, &col_vals, &cs, pr)]
        {
            let inside: Vec<String> = sup
                .iter()
                .map(|&k| format!("{} {}", names[k], pretty(vals[k])))
                .collect();
            let outside: Vec<String> = (0..names.len())
                .filter(|k| !sup.contains(k))
                .map(|k| format!("{} {}", names[k], pretty(vals[k])))
                .collect();
            let mut s = format!(
                "Against {other}'s mix, {who}'s strategies in use all earn the same: {}",
                inside.join(", ")
            );
            if !outside.is_empty() {
                s.push_str(&format!(
                    "; the others earn no more: {}",
                    outside.join(", ")
                ));
            }
            s.push('.');
            ex.push(s);
        }
    }
    ex.push(format!(
        "Expected payoffs: {pr} {}, {pc} {}.",
        pretty(e.row_payoff),
        pretty(e.col_payoff)
    ));
    EquilibriumReport {
        pure,
        row: e.row.clone(),
        col: e.col.clone(),
        row_payoff: e.row_payoff,
        col_payoff: e.col_payoff,
        label,
        explanation: ex,
    }
}

/// "Defect 1" style list of the other strategies' payoffs.
pub(super) fn others(names: &[String], vals: &[f64], except: usize, exact: bool) -> String {
    let v: Vec<String> = (0..names.len())
        .filter(|&k| k != except)
        .map(|k| format!("{} from {}", num(exact, vals[k]), names[k]))
        .collect();
    v.join(", ")
}
