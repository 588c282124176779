//! An [`Analysis`] rendered as a short worked explanation for a class, with every
//! fraction written so it cannot be misread and one number format per line.

use super::*;

/// Render an [`Analysis`] as a short worked explanation for a class.
pub fn render_text(an: &Analysis) -> String {
    use std::fmt::Write;
    let mut o = String::new();
    render_header(&mut o, an);
    // A scenario without a two-player game to analyse has an empty matrix.
    if !an.payoffs.is_empty() {
        render_matrix(&mut o, an);
        render_equilibria(&mut o, an);
        render_dominance(&mut o, an);
    }
    for t in &an.repeated {
        render_repeated(&mut o, t);
    }
    if let Some(b) = &an.bargaining {
        render_bargaining(&mut o, b);
    }
    for n in &an.notes {
        let _ = writeln!(o, "\nNote: {n}");
    }
    wrap_long(&o, WIDTH)
}

/// The widest line `analyze` writes.
const WIDTH: usize = 100;

/// Lines longer than `width` broken at spaces; the continuation lines are indented two
/// more than the line they continue.
pub(crate) fn wrap_long(text: &str, width: usize) -> String {
    let mut o = String::with_capacity(text.len());
    for line in text.lines() {
        if line.chars().count() <= width {
            o.push_str(line);
            o.push('\n');
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let mut cur = " ".repeat(indent);
        let mut fresh = true;
        for word in line.split_whitespace() {
            if !fresh && cur.chars().count() + 1 + word.chars().count() > width {
                o.push_str(&cur);
                o.push('\n');
                cur = " ".repeat(indent + 2);
                fresh = true;
            }
            if !fresh {
                cur.push(' ');
            }
            cur.push_str(word);
            fresh = false;
        }
        o.push_str(&cur);
        o.push('\n');
    }
    o
}

/// The title, the game's type and, for a scenario, its stage game in force.
pub(super) fn render_header(o: &mut String, an: &Analysis) {
    use std::fmt::Write;
    let _ = writeln!(o, "Analysis: {}", an.title);
    match (&an.game_type, &an.stage) {
        (Some(t), Some(_)) => {
            let _ = writeln!(
                o,
                "Stage game in force (each side complies or violates): {t}"
            );
        }
        (Some(t), None) => {
            let _ = writeln!(o, "Game type: {t}");
        }
        _ => {}
    }
    if let Some(st) = &an.stage {
        let values: Vec<f64> = st.terms.iter().map(|(_, v)| *v).collect();
        let values = one_format(&values);
        let _ = writeln!(
            o,
            "\nStage game in force; terms used: {} ({}):{}",
            st.source,
            st.terms
                .iter()
                .zip(&values)
                .map(|((k, _), v)| format!("{k} = {v}"))
                .collect::<Vec<_>>()
                .join(", "),
            st.note
                .as_ref()
                .map_or(String::new(), |n| format!("\n  {n}"))
        );
        for s in &st.actors {
            let xs = [
                s.utility,
                s.v,
                s.theta,
                s.betrayal,
                s.v + s.betrayal,
                s.v + s.theta,
                s.v + s.theta + s.betrayal,
            ];
            let v = one_format(&xs);
            let _ = writeln!(
                o,
                "  {}: U = {}, v = no_deal + gain·U = {}, typical temptation θ = {}, betrayal s = {}  ⇒  R = {}, S = {}, T = {}, P = {}",
                s.name, v[0], v[1], v[2], v[3], v[1], v[4], v[5], v[6]
            );
        }
    }
}

/// The payoff matrix.
pub(super) fn render_matrix(o: &mut String, an: &Analysis) {
    use std::fmt::Write;
    let [pr, pc] = &an.players;
    let _ = writeln!(o, "\nPayoffs ({pr}, {pc}):");
    let exact = all_exact(an.payoffs.iter().flatten().flatten().copied());
    let cells: Vec<Vec<String>> = an
        .payoffs
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| format!("{}, {}", num(exact, c[0]), num(exact, c[1])))
                .collect()
        })
        .collect();
    let w0 = an.actions[0]
        .iter()
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(0);
    let widths: Vec<usize> = (0..an.actions[1].len())
        .map(|j| {
            cells
                .iter()
                .map(|r| r[j].chars().count())
                .chain([an.actions[1][j].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let _ = write!(o, "  {:w0$}", "");
    for (j, c) in an.actions[1].iter().enumerate() {
        let _ = write!(o, "  {:>w$}", c, w = widths[j]);
    }
    o.push('\n');
    for (i, r) in cells.iter().enumerate() {
        let _ = write!(o, "  {:w0$}", an.actions[0][i]);
        for (j, c) in r.iter().enumerate() {
            let _ = write!(o, "  {:>w$}", c, w = widths[j]);
        }
        o.push('\n');
    }
}

/// The equilibria, each with its explanation.
pub(super) fn render_equilibria(o: &mut String, an: &Analysis) {
    use std::fmt::Write;
    let np = an.equilibria.iter().filter(|e| e.pure).count();
    let _ = writeln!(
        o,
        "\nNash equilibria: {} ({} pure, {} mixed)",
        an.equilibria.len(),
        np,
        an.equilibria.len() - np
    );
    for (k, e) in an.equilibria.iter().enumerate() {
        let _ = writeln!(
            o,
            "  {}. {} {}",
            k + 1,
            if e.pure { "pure " } else { "mixed" },
            e.label
        );
        for line in &e.explanation {
            let _ = writeln!(o, "     {line}");
        }
    }
    if an.degenerate {
        let _ = writeln!(
            o,
            "  The game is degenerate: the equilibria listed are the extreme ones; others may lie between them."
        );
        for (i, j) in &an.segments {
            let _ = writeln!(
                o,
                "  Every mix between equilibria {} and {} is also an equilibrium (a continuum).",
                i + 1,
                j + 1
            );
        }
    }
}

/// Dominated strategies, their iterated elimination and the Pareto-optimal outcomes.
pub(super) fn render_dominance(o: &mut String, an: &Analysis) {
    use std::fmt::Write;
    if an.dominated.is_empty() {
        let _ = writeln!(o, "\nNo pure strategy is dominated by another.");
    } else {
        let _ = writeln!(o, "\nDominated strategies:");
        for d in &an.dominated {
            let _ = writeln!(
                o,
                "  {}'s {} is {} dominated by {}",
                d.player,
                d.strategy,
                if d.strict { "strictly" } else { "weakly" },
                d.by
            );
        }
    }
    if !an.elimination.is_empty() {
        let _ = writeln!(o, "Iterated elimination of strictly dominated strategies:");
        for d in &an.elimination {
            let _ = writeln!(
                o,
                "  round {}: remove {}'s {} (dominated by {})",
                d.round, d.player, d.strategy, d.by
            );
        }
    }
    // A game without strategies (more than two deciding actors and no [game]) has no
    // outcomes: say so rather than leave the line open.
    let pareto = if an.pareto.is_empty() {
        "none".to_string()
    } else {
        an.pareto
            .iter()
            .map(|(r, c)| format!("({r}, {c})"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(o, "\nPareto-optimal outcomes: {pareto}");
}

/// One player's (or both players') repeated-game thresholds.
pub(super) fn render_repeated(o: &mut String, t: &Thresholds) {
    use std::fmt::Write;
    let who = if t.player == "both" {
        "Both players".to_string()
    } else {
        t.player.clone()
    };
    let trps = one_format(&[t.t, t.r, t.p, t.s]);
    let _ = writeln!(
        o,
        "\nRepeated game ({who}: T = {}, R = {}, P = {}, S = {}; w = chance of another round, times δ if discounting):",
        trps[0], trps[1], trps[2], trps[3]
    );
    let _ = writeln!(
        o,
        "  Grim trigger is an equilibrium iff w ≥ (T − R)/(T − P) = {}",
        ratio(t.t - t.r, t.t - t.p)
    );
    let _ = writeln!(
        o,
        "  Tit-for-tat is stable iff w ≥ max{{(T − R)/(T − P), (T − R)/(R − S)}} = max{{{}, {}}} = {}",
        pretty(t.grim),
        pretty((t.t - t.r) / (t.r - t.s)),
        pretty(t.tft)
    );
    if t.gtft_q > 0.0 {
        let _ = writeln!(
            o,
            "  Generous TFT can forgive up to q* = min{{1 − (T − R)/(R − S), (R − P)/(T − P)}} = {}",
            pretty(t.gtft_q)
        );
    } else {
        let _ = writeln!(
            o,
            "  Generous TFT cannot forgive at all here: q* = {} ≤ 0",
            pretty(t.gtft_q)
        );
    }
    let _ = writeln!(
        o,
        "  Win-stay lose-shift resists always-defect iff R > (T + P)/2: {} {} {}{}",
        pretty(t.r),
        if t.wsls { ">" } else { "≤" },
        pretty((t.t + t.p) / 2.0),
        if t.r == (t.t + t.p) / 2.0 {
            " (knife edge: exactly neutral, so no)"
        } else {
            ""
        }
    );
    if !t.two_r_beats_alternation {
        let _ = writeln!(
            o,
            "  Note: 2R ≤ T + S, so taking turns exploiting each other pays as much as cooperating."
        );
    }
    if let Some(d) = t.discount {
        let verdict = |th: f64| if d >= th { "holds" } else { "fails" };
        let _ = writeln!(
            o,
            "  With δ = {}: grim {}, tit-for-tat {}.",
            pretty(d),
            verdict(t.grim),
            verdict(t.tft)
        );
    }
}

pub(super) fn render_bargaining(o: &mut String, b: &Bargaining) {
    use std::fmt::Write;
    let (f, s) = (&b.first, &b.second);
    let [d1, d2] = b.delta;
    let ds = one_format(&[d1, d2]);
    let _ = writeln!(
        o,
        "\nBargaining ({f} proposes first; δ = {}, {}):",
        ds[0], ds[1]
    );
    let _ = writeln!(
        o,
        "  Rubinstein (no deadline): {f} gets x1 = (1 − δ2)/(1 − δ1δ2) = {}, {s} gets {}",
        ratio(1.0 - d2, 1.0 - d1 * d2),
        same_format(&[b.rubinstein, 1.0 - b.rubinstein])[1]
    );
    if let Some((t, x)) = b.deadline {
        let who = if t % 2 == 1 { f } else { s };
        let _ = writeln!(
            o,
            "  With a deadline of {t} rounds (backward induction, disagreement 0): {f} gets {}; {who} makes the last offer, which {} {f}'s share",
            pretty(x),
            if x > b.rubinstein { "raises" } else { "lowers" }
        );
    }
    let [[a1, a2], [c1, c2]] = b.frontier;
    let fr = one_format(&[a1, a2, c1, c2]);
    let dp = one_format(&b.disagreement);
    let _ = writeln!(
        o,
        "  Terms between the two ideals give utilities from ({}, {}) at {f}'s ideal to ({}, {}) at {s}'s.",
        fr[0], fr[1], fr[2], fr[3]
    );
    let _ = writeln!(
        o,
        "  Disagreement point ({}, {}): {}.",
        dp[0], dp[1], b.disagreement_source
    );
    if let (Some(n), Some(k)) = (b.nash, b.kalai_smorodinsky) {
        let nk = one_format(&[n[0], n[1], k[0], k[1]]);
        let _ = writeln!(
            o,
            "  Nash bargaining point (max (u1 − d1)(u2 − d2)): ({}, {}); Kalai–Smorodinsky (equal share of each one's best gain): ({}, {})",
            nk[0], nk[1], nk[2], nk[3]
        );
    }
    if let Some(fe) = &b.fearon {
        let v = one_format(&[fe.p, fe.cost_first, fe.cost_second, fe.low, fe.high]);
        let _ = writeln!(
            o,
            "  Fearon: with p = {}, war costs c = {} ({f}) and {} ({s}), every split giving {f} a share in [{}, {}] beats war for both.",
            v[0], v[1], v[2], v[3], v[4]
        );
    }
    if let Some(r) = &b.ratification {
        let spe = 1.0 - b.rubinstein;
        let v = one_format(&[r.minimum[1], r.minimum[0], spe, r.settlement.unwrap_or(spe)]);
        let _ = match r.settlement {
            Some(_) => writeln!(
                o,
                "  Ratification (two-level game): {s}'s ratifier approves a share of at least {}, {f}'s at least {}; the settlement gives {s} max({}, {}) = {} (Rubinstein share or ratifier's minimum).",
                v[0], v[1], v[2], v[0], v[3]
            ),
            None => writeln!(
                o,
                "  Ratification (two-level game): {s}'s ratifier approves a share of at least {}, {f}'s at least {}: no split satisfies both, impasse.",
                v[0], v[1]
            ),
        };
    }
}

/// Whether every number of a game has the short form [`pretty`] gives it (an integer
/// or a fraction with a denominator up to 100); when one does not, [`num`] writes all
/// of the game's numbers as decimals, so no line mixes "0.905" with "-7/50".
pub fn all_exact(xs: impl IntoIterator<Item = f64>) -> bool {
    xs.into_iter()
        .all(|x| nash::short_fraction(x, 100).is_some())
}

/// `x` as [`pretty`] writes it when the game is `exact`, else as a decimal.
pub fn num(exact: bool, x: f64) -> String {
    if exact { pretty(x) } else { nash::decimal(x) }
}

/// Numbers that share a line: all fractions with denominators up to `max_den` when
/// every one has such a form, otherwise all decimals.
fn in_one_format(xs: &[f64], max_den: i64) -> Vec<String> {
    let fractions: Option<Vec<String>> = xs
        .iter()
        .map(|&x| nash::short_fraction(x, max_den))
        .collect();
    fractions.unwrap_or_else(|| xs.iter().map(|&x| nash::decimal(x)).collect())
}

/// Numbers that share a line, written as [`num`] writes a game's: all short
/// fractions (denominators up to 100), or all decimals.
fn one_format(xs: &[f64]) -> Vec<String> {
    in_one_format(xs, 100)
}

/// Numbers that share a line in one format: all fractions (denominators up to 1,000)
/// when every one has such a form, otherwise all decimals.
pub fn same_format(xs: &[f64]) -> Vec<String> {
    in_one_format(xs, 1000)
}

/// `a/b = q` with every number in one format and a fraction or negative operand in
/// parentheses, so "(1/10)/(1/5) = 1/2" cannot be misread.
pub fn ratio(a: f64, b: f64) -> String {
    let v = same_format(&[a, b, a / b]);
    let par = |s: &str| {
        if s.contains('/') || s.starts_with('-') {
            format!("({s})")
        } else {
            s.to_string()
        }
    };
    format!("{}/{} = {}", par(&v[0]), par(&v[1]), v[2])
}
