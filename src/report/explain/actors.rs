//! Time, who decides, what each side wants, the stage game in force and each deciding
//! party's numbers: reservation, tactic, compliance and exit rule.

use super::sections::{conflict_part, talks_part, treaty_part};
use super::text::*;
use super::*;
use crate::strategy::StrategyId;

pub(super) fn actors_part(
    o: &mut String,
    s: &Scenario,
    terms: &Terms,
    optimal: OptimalThreshold<'_>,
) {
    let m = &s.meta;
    let _ = writeln!(o);
    let unit = if m.round == "round" {
        String::new()
    } else {
        format!("one round = one {}; ", m.round)
    };
    let _ = writeln!(
        o,
        "Time: {unit}{} simulated per run, {} runs (seed {}).",
        rounds(m.horizon, m),
        crate::report::table::thousands(m.runs),
        m.seed
    );

    let deciders = s.deciders();
    who_decides(o, s, &deciders);
    wants_part(o, s);

    // Terms used for the numbers below.
    let Terms {
        values: terms,
        source,
        note,
    } = terms;
    let (low, high): (Vec<f64>, Vec<f64>) = s.issues.iter().map(|i| (i.low, i.high)).unzip();
    let value = |i: usize| {
        let a = &s.actors[i];
        let u = utility(terms, &a.ideal, &a.salience, &low, &high);
        (u, s.treaty_value(i, u))
    };
    let _ = writeln!(o);
    let described: Vec<String> = s
        .issues
        .iter()
        .zip(terms)
        .map(|(iss, x)| format!("{} = {}", iss.id, num(*x)))
        .collect();
    para(
        o,
        0,
        &format!(
            "Terms used below: {source} ({}).{}",
            described.join(", "),
            note.as_ref().map_or(String::new(), |n| format!(" {n}"))
        ),
    );

    stage_games(o, s, &deciders, &value);
    decider_part(o, s, &deciders, &value, optimal);
    talks_part(o, s);
    super::crisis::crisis_part(o, s);
    super::crisis::power_and_ratification(o, s);
    treaty_part(o, s);
    conflict_part(o, s);
}

/// Who decides, and who can discuss but not decide.
pub(super) fn who_decides(o: &mut String, s: &Scenario, deciders: &[usize]) {
    let _ = writeln!(o);
    let _ = writeln!(o, "Who decides");
    let names: Vec<&str> = deciders
        .iter()
        .map(|&i| s.actors[i].name.as_str())
        .collect();
    let all = if names.len() == 2 { "both" } else { "all" };
    match names.len() {
        1 => {
            let _ = writeln!(o, "  {} decides alone.", names[0]);
        }
        _ => para(
            o,
            2,
            &format!(
                "{} decide: a deal binds only when {all} accept.",
                join_and(&names)
            ),
        ),
    }
    for (i, a) in s.actors.iter().enumerate() {
        if let Some(p) = a.principal {
            let top = s.decider_for(i);
            let via = if top != p {
                format!(" (through {})", s.actors[p].name)
            } else {
                String::new()
            };
            para(
                o,
                2,
                &format!(
                    "{} can discuss, not decide: {} must accept what they agree{via}.",
                    a.name, s.actors[top].name
                ),
            );
        }
    }
}

/// What each side wants: ideals and salience per issue, and the issues' scales. The
/// expected-utility model reads saliences as written (0–1 on each issue), the rest of
/// the scenario as shares of the actor's attention (summing to 1): the table shows the
/// saliences the talks use.
pub(super) fn wants_part(o: &mut String, s: &Scenario) {
    let given = s.talks.protocol == crate::scenario::TalksProtocol::ExpectedUtility;
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "What each side wants: its ideal on each issue (and {}, in %)",
        if given {
            "its salience as written"
        } else {
            "how much it cares"
        }
    );
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut head = vec!["issue".to_string()];
    head.extend(s.actors.iter().map(|a| a.name.clone()));
    rows.push(head);
    let mut scales = Vec::new();
    for (j, iss) in s.issues.iter().enumerate() {
        // "Label (0 = none, 1 = all)": the table shows the label, the scale goes below.
        let (short, scale) = match iss.label.split_once(" (") {
            Some((a, b)) if b.ends_with(')') => {
                (a.to_string(), b.trim_end_matches(')').to_string())
            }
            _ => (iss.label.clone(), String::new()),
        };
        let range = format!("from {} to {}", num(iss.low), num(iss.high));
        scales.push(if scale.is_empty() {
            format!("{short}: {range}")
        } else {
            format!("{short}: {scale}")
        });
        let mut r = vec![short];
        for a in &s.actors {
            let salience = if given {
                a.salience_given[j]
            } else {
                a.salience[j]
            };
            r.push(format!("{} ({:.0}%)", num(a.ideal[j]), 100.0 * salience));
        }
        rows.push(r);
    }
    // Too many actors for one line per issue: one line per actor instead.
    if table_width(&rows) + 2 > 100 {
        rows = (0..rows[0].len())
            .map(|c| rows.iter().map(|r| r[c].clone()).collect())
            .collect();
        rows[0][0] = "actor".to_string();
    }
    table(o, &rows, 2);
    para(o, 2, &format!("Scales: {}.", scales.join("; ")));
}

/// The typical temptation at entry into force, and a note on its process.
pub(super) fn typical_temptation(t: &Temptation, m: &crate::scenario::Meta) -> (f64, String) {
    match t {
        Temptation::Iid { mean, sd } => (
            mean.typical(),
            if sd.typical() > 0.0 {
                format!(
                    "varies each round around {} (sd {})",
                    num(mean.typical()),
                    num(sd.typical())
                )
            } else {
                "constant".into()
            },
        ),
        Temptation::RandomWalk {
            start,
            drift,
            volatility,
        } => (
            start.typical(),
            format!(
                "starts at {} and drifts by {} per {} (volatility {}): about {} after {}",
                num(start.typical()),
                num(drift.typical()),
                m.round,
                num(volatility.typical()),
                num(start.typical() + f64::from(m.horizon) * drift.typical()),
                rounds(m.horizon, m)
            ),
        ),
        Temptation::Ar1 {
            mean,
            phi,
            sd,
            start,
        } => (
            mean.typical(),
            format!(
                "returns towards {} (persistence {}, sd {}), starting at {}",
                num(mean.typical()),
                num(phi.typical()),
                num(sd.typical()),
                num(start.typical())
            ),
        ),
    }
}

pub(super) fn stage_games(
    o: &mut String,
    s: &Scenario,
    deciders: &[usize],
    value: &dyn Fn(usize) -> (f64, f64),
) {
    let _ = writeln!(o);
    if deciders.len() < 2 {
        let _ = writeln!(
            o,
            "Only one party decides: there is no stage game between deciding parties."
        );
        return;
    }
    let n = deciders.len();
    // With more than two deciders, the betrayal loss scales with the share of the
    // others who violate; in a pair's matrix the rest are taken to comply.
    let share = 1.0 / (n - 1) as f64;
    let _ = writeln!(
        o,
        "The game while a treaty is in force, per {} (T = v+θ, R = v, P = v+θ+s, S = v+s):",
        s.meta.round
    );
    para(
        o,
        2,
        &format!(
            "v = treaty value at the terms above, θ = typical temptation, s = betrayal loss{}.",
            if n > 2 {
                format!(
                    " × {} (one of the {} others violating; the rest comply)",
                    num(share),
                    n - 1
                )
            } else {
                String::new()
            }
        ),
    );
    // Each party's four payoffs depend on its own numbers only: R = v, S = v + s,
    // T = v + θ, P = v + θ + s.
    let rskp: Vec<[f64; 4]> = deciders
        .iter()
        .map(|&i| {
            let a = &s.actors[i];
            let v = value(i).1;
            let (t, _) = typical_temptation(&a.payoffs.temptation, &s.meta);
            let b = share * a.payoffs.betrayal.typical();
            [v, v + b, v + t, v + t + b]
        })
        .collect();
    let pair = |k: usize, l: usize| {
        let ([ri, si, ti, pi], [rj, sj, tj, pj]) = (rskp[k], rskp[l]);
        vec![vec![[ri, rj], [si, tj]], vec![[ti, sj], [pi, pj]]]
    };
    if n > 3 {
        payoff_rows(o, s, deciders, &rskp, &pair);
    } else {
        for k in 0..n {
            for l in k + 1..n {
                let (ai, aj) = (&s.actors[deciders[k]], &s.actors[deciders[l]]);
                let m = pair(k, l);
                let _ = writeln!(o);
                let _ = writeln!(o, "  {} (rows) and {} (columns):", ai.name, aj.name);
                let acts = ["complies".to_string(), "violates".to_string()];
                matrix(o, &ai.name, &aj.name, &acts, &acts, &m);
                let g = classify_2x2(&m);
                para(o, 2, &format!("Type: {}. {}", g.name(), g.describe()));
            }
        }
    }
    let _ = writeln!(o);
    let notes: Vec<String> = deciders
        .iter()
        .map(|&i| typical_temptation(&s.actors[i].payoffs.temptation, &s.meta).1)
        .collect();
    if n > 3 && notes.iter().all(|x| *x == notes[0]) {
        para(o, 2, &format!("Temptation of every party: {}.", notes[0]));
    } else {
        for (&i, note) in deciders.iter().zip(&notes) {
            para(
                o,
                2,
                &format!("Temptation of {}: {note}.", s.actors[i].name),
            );
        }
    }
}

/// With more than three deciding parties, one row of payoffs per party instead of a
/// matrix per pair (45 for ten parties), and the pairs' game types counted.
fn payoff_rows(
    o: &mut String,
    s: &Scenario,
    deciders: &[usize],
    rskp: &[[f64; 4]],
    pair: &dyn Fn(usize, usize) -> Vec<Vec<[f64; 2]>>,
) {
    let n = deciders.len();
    let _ = writeln!(o);
    para(
        o,
        2,
        &format!(
            "Each party's payoffs (the matrix of a pair puts the two parties' rows together; \
             {} pairs):",
            n * (n - 1) / 2
        ),
    );
    let mut rows = vec![
        [
            "party",
            "both comply (R)",
            "only it complies (S)",
            "only it violates (T)",
            "both violate (P)",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (&i, p) in deciders.iter().zip(rskp) {
        let mut r = vec![s.actors[i].name.clone()];
        r.extend(p.iter().map(|&x| num(x)));
        rows.push(r);
    }
    table(o, &rows, 2);
    // Game types in order of their first pair, with how many pairs and one example.
    let mut types: Vec<(GameType, usize, (usize, usize))> = Vec::new();
    for k in 0..n {
        for l in k + 1..n {
            let g = classify_2x2(&pair(k, l));
            match types.iter_mut().find(|t| t.0 == g) {
                Some(t) => t.1 += 1,
                None => types.push((g, 1, (deciders[k], deciders[l]))),
            }
        }
    }
    for (g, count, (i, j)) in types {
        let which = if count == n * (n - 1) / 2 {
            "Every pair".to_string()
        } else {
            format!(
                "{count} pair{} (such as {} and {})",
                if count == 1 { "" } else { "s" },
                s.actors[i].name,
                s.actors[j].name
            )
        };
        para(o, 2, &format!("{which}: {}. {}", g.name(), g.describe()));
    }
}

pub(super) fn decider_part(
    o: &mut String,
    s: &Scenario,
    deciders: &[usize],
    value: &dyn Fn(usize) -> (f64, f64),
    optimal: OptimalThreshold<'_>,
) {
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "Each deciding party (per {}; values marked ~ are typical values of uncertain numbers)",
        s.meta.round
    );
    // In crisis talks a responder also refuses terms worse than war: its war line.
    let war_lines = (s.talks.protocol == crate::scenario::TalksProtocol::Crisis).then(|| {
        crate::negotiation::crisis::war_lines_at_typical(&crate::model::Model::compile(s))
    });
    for &i in deciders {
        let a = &s.actors[i];
        let p = &a.payoffs;
        let (u, v) = value(i);
        let b = p.no_deal.typical();
        let delta = a.discount.typical();
        let _ = writeln!(o, "  {}", a.name);
        para(
            o,
            4,
            &format!(
                "no deal {}, treaty worth {} at the terms above (utility {} of 1), discount {}{}",
                pnum(&p.no_deal),
                num(v),
                num(u),
                pnum(&a.discount),
                if p.stalling.typical() != 0.0 {
                    format!(", gains {} extra while talks last", pnum(&p.stalling))
                } else {
                    String::new()
                }
            ),
        );
        let war_line = war_lines.as_ref().map(|w| w[i]);
        para(o, 4, &acceptance(s, deciders, i, war_line));
        let tactic = match s.talks.protocol {
            crate::scenario::TalksProtocol::Crisis => "crisis bargaining".to_string(),
            crate::scenario::TalksProtocol::ExpectedUtility => {
                "the expected-utility model (below)".to_string()
            }
            _ => tactic_text(&a.tactic),
        };
        let in_force = match a.compliance.id {
            StrategyId::Deterrence => "deterrence (weighs temptation against being caught)",
            id => id.as_str(),
        };
        para(o, 4, &format!("talks: {tactic}; in force: {in_force}"));
        let c = a.exit_cost.typical();
        let myopic = v - b + c * (1.0 - delta);
        let exit = match &a.exit {
            ExitRule::Never => "never gives notice".to_string(),
            ExitRule::Threshold { level } => {
                format!("gives notice when its temptation exceeds {}", pnum(level))
            }
            ExitRule::Myopic => format!(
                "myopic: gives notice when its temptation exceeds {} \
                 (leaving forever pays more than the exit cost {})",
                num(myopic),
                num(c)
            ),
            ExitRule::Optimal => match optimal(s, i, v) {
                Some(t) if t.is_nan() || t == f64::INFINITY => format!(
                    "optimal: never worth leaving at these values (the myopic level would be {})",
                    num(myopic)
                ),
                Some(t) => format!(
                    "optimal: gives notice above a temptation of {} (myopic: {})",
                    num(t),
                    num(myopic)
                ),
                None => format!(
                    "optimal: threshold computed by the engine (optimal stopping with option \
                     value); it waits beyond the myopic level {}",
                    num(myopic)
                ),
            },
        };
        para(
            o,
            4,
            &format!("exit: {exit}; notice {}", rounds(a.notice, &s.meta)),
        );
    }
}

/// What deciding party `i` accepts in talks: the terms above its reservation utility
/// (concession and crisis talks) and its `war_line` (crisis talks) where that asks
/// more; or what the protocol makes it accept.
fn acceptance(s: &Scenario, deciders: &[usize], i: usize, war_line: Option<f64>) -> String {
    let a = &s.actors[i];
    if s.talks.protocol == crate::scenario::TalksProtocol::ExpectedUtility {
        return "accepts the terms the model predicts, whatever they are worth to it".into();
    }
    if a.tactic == Tactic::SubgamePerfect {
        let ratifier = if a.war.ratification.is_some() {
            ", or what its ratifier approves if that is more"
        } else {
            ""
        };
        return format!(
            "accepts an offer worth its discounted share of the next round's \
             split{ratifier} (the subgame-perfect split reads no reservation value)"
        );
    }
    let (r, cred) = s.typical_reservation(i, deciders);
    // The war line is shown where it binds (at the precision printed).
    let accepts = match war_line {
        Some(w) if w > 1.0 && r <= 1.0 => format!(
            "accepts no terms: even its ideal pays it less than war (war line {})",
            num(w)
        ),
        Some(w) if w > r && r <= 1.0 && num(w) != num(r) => format!(
            "accepts terms worth at least {} of 1, its war line: terms worth less pay it less \
             than war (its reservation utility, {}, asks less)",
            num(w),
            num(r)
        ),
        _ => reservation_text(r),
    };
    format!("{accepts}; others' credibility {}", num(cred))
}

/// A talks tactic in words.
pub(super) fn tactic_text(t: &Tactic) -> String {
    match t {
        Tactic::SubgamePerfect => "subgame-perfect (Rubinstein / backward induction)".into(),
        Tactic::Concession { exponent, initial } => {
            let e = exponent.typical();
            let kind = if e == 0.0 {
                "hardliner"
            } else if e < 1.0 {
                "Boulware: concedes late"
            } else if e > 1.0 {
                "Conceder: concedes early"
            } else {
                "linear"
            };
            let k = initial.typical();
            if k > 0.0 {
                format!(
                    "concession, exponent {} ({kind}), initial {}",
                    num(e),
                    num(k)
                )
            } else {
                format!("concession, exponent {} ({kind})", num(e))
            }
        }
    }
}

/// What a reservation utility means for the terms a party accepts.
pub(super) fn reservation_text(r: f64) -> String {
    if r.is_nan() {
        "its reservation utility is undefined here".to_string()
    } else if r <= 0.0 {
        format!(
            "accepts any terms (reservation utility {}: even its worst terms beat no deal)",
            num(r)
        )
    } else if r > 1.0 {
        format!(
            "accepts no terms (reservation utility {}: even its ideal is worth less than no deal)",
            num(r)
        )
    } else {
        format!(
            "accepts terms worth at least {} of 1 (reservation utility)",
            num(r)
        )
    }
}
