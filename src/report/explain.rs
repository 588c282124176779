//! The plain-words explanation of a scenario for a class (`detente explain`): who
//! decides, what each side wants, the stage game in force as a 2×2 matrix with its
//! classic name, reservation utilities, exit rules in words, treaty form, conflict
//! hazards, which numbers are uncertain, and any `[game]` table.
//!
//! The numbers are those of [`crate::negotiation`] (utility of terms, treaty value,
//! reservation utility) evaluated at *typical* values ([`Param::typical`]): fixed values
//! as given, distributions at their mean. Output is plain text, at most about 100
//! columns wide, deterministic (file order everywhere).

use crate::classroom::classify::{GameType, classify_2x2};
use crate::negotiation::{ReservationInputs, reservation_utility, utility};
use crate::scenario::{Dist, DistKind, ExitRule, Form, Game, Param, Scenario, Tactic, Temptation};
use std::fmt::Write as _;

/// Hook for the exit threshold of the `optimal` rule: given the scenario, the deciding
/// actor's index and its treaty value v per round at the explained terms, the
/// temptation level above which it gives notice, if the caller can compute it (the
/// engine solves it by optimal stopping). `None` prints "computed by the engine".
pub type OptimalThreshold<'a> = &'a dyn Fn(&Scenario, usize, f64) -> Option<f64>;

/// Explain `s` in plain words (the `optimal` exit threshold is left to the engine).
pub fn explain(s: &Scenario) -> String {
    explain_with(s, &|_, _, _| None)
}

/// Explain `s` with the `optimal` exit thresholds the engine would use
/// ([`crate::model::optimal_threshold`] at typical values). This is what
/// `detente explain` prints.
pub fn explain_with_engine(s: &Scenario) -> String {
    if s.actors.is_empty() {
        return explain(s);
    }
    let model = crate::model::Model::compile(s);
    explain_with(s, &|_, i, v| {
        Some(crate::model::optimal_threshold(
            model.shock[i],
            &model.base.actors[i],
            v,
        ))
    })
}

/// Explain `s`, asking `optimal` for the threshold of every actor with `exit = "optimal"`.
pub fn explain_with(s: &Scenario, optimal: OptimalThreshold<'_>) -> String {
    let mut o = String::new();
    let title = &s.meta.name;
    let _ = writeln!(o, "{title}");
    let _ = writeln!(o, "{}", "=".repeat(title.chars().count().max(3)));
    if !s.meta.description.is_empty() {
        for line in wrap(&s.meta.description, 88) {
            let _ = writeln!(o, "{line}");
        }
    }
    if s.actors.is_empty() {
        let _ = writeln!(o);
        para(
            &mut o,
            0,
            "This file has no actors: it is a plain game. Use `detente analyze`, \
             `detente tournament` or `detente evolve` with it.",
        );
    } else {
        actors_part(&mut o, s, optimal);
    }
    if let Some(g) = &s.game {
        game_part(&mut o, g);
    }
    uncertain_part(&mut o, s);
    o
}

fn actors_part(o: &mut String, s: &Scenario, optimal: OptimalThreshold<'_>) {
    let m = &s.meta;
    let _ = writeln!(o);
    let unit = if m.round == "round" {
        String::new()
    } else {
        format!("one round = one {}; ", m.round)
    };
    let _ = writeln!(
        o,
        "Time: {unit}{} {} simulated per run, {} runs (seed {}).",
        m.horizon, m.rounds, m.runs, m.seed
    );

    // Who decides.
    let deciders = s.deciders();
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
        _ => {
            let _ = writeln!(
                o,
                "  {} decide: a deal binds only when {all} accept.",
                join_and(&names)
            );
        }
    }
    for (i, a) in s.actors.iter().enumerate() {
        if let Some(p) = a.principal {
            let top = s.decider_for(i);
            let via = if top != p {
                format!(" (through {})", s.actors[p].name)
            } else {
                String::new()
            };
            let _ = writeln!(
                o,
                "  {} can discuss but not decide: anything they agree must be accepted by {}{via}.",
                a.name, s.actors[top].name
            );
        }
    }

    // What each side wants.
    let _ = writeln!(o);
    let _ = writeln!(
        o,
        "What each side wants: its ideal on each issue (and how much it cares, in %)"
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
            r.push(format!(
                "{} ({:.0}%)",
                num(a.ideal[j]),
                100.0 * a.salience[j]
            ));
        }
        rows.push(r);
    }
    table(o, &rows, 2);
    para(o, 2, &format!("Scales: {}.", scales.join("; ")));

    // Terms used for the numbers below.
    let terms = middle_terms(s);
    let (low, high): (Vec<f64>, Vec<f64>) = s.issues.iter().map(|i| (i.low, i.high)).unzip();
    let value = |i: usize| {
        let a = &s.actors[i];
        let u = utility(&terms, &a.ideal, &a.salience, &low, &high);
        (
            u,
            a.payoffs.no_deal.typical() + a.payoffs.gain.typical() * u,
        )
    };
    let _ = writeln!(o);
    let described: Vec<String> = s
        .issues
        .iter()
        .zip(&terms)
        .map(|(iss, x)| format!("{} = {}", iss.id, num(*x)))
        .collect();
    para(
        o,
        0,
        &format!(
            "Terms used below: each issue midway between the deciding parties' ideals ({}).",
            described.join(", ")
        ),
    );

    stage_games(o, s, &deciders, &value);
    decider_part(o, s, &deciders, &value, optimal);
    talks_part(o, s);
    treaty_part(o, s);
    conflict_part(o, s);
}

/// Each issue at the mean of the deciding actors' ideals.
fn middle_terms(s: &Scenario) -> Vec<f64> {
    let d = s.deciders();
    (0..s.issues.len())
        .map(|j| {
            if d.is_empty() {
                0.5 * (s.issues[j].low + s.issues[j].high)
            } else {
                d.iter().map(|&i| s.actors[i].ideal[j]).sum::<f64>() / d.len() as f64
            }
        })
        .collect()
}

/// The typical temptation at entry into force, and a note on its process.
fn typical_temptation(t: &Temptation, m: &crate::scenario::Meta) -> (f64, String) {
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
                "starts at {} and drifts by {} per {} (volatility {}): about {} after {} {}",
                num(start.typical()),
                num(drift.typical()),
                m.round,
                num(volatility.typical()),
                num(start.typical() + f64::from(m.horizon) * drift.typical()),
                m.horizon,
                m.rounds
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

fn stage_games(
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
    let _ = writeln!(
        o,
        "  v = treaty value at the terms above, θ = typical temptation, s = betrayal loss{}.",
        if n > 2 {
            format!(
                " × {} (one of the {} others violating; the rest comply)",
                num(share),
                n - 1
            )
        } else {
            String::new()
        }
    );
    for (k, &i) in deciders.iter().enumerate() {
        for &j in &deciders[k + 1..] {
            let (ai, aj) = (&s.actors[i], &s.actors[j]);
            let (vi, vj) = (value(i).1, value(j).1);
            let (ti, _) = typical_temptation(&ai.payoffs.temptation, &s.meta);
            let (tj, _) = typical_temptation(&aj.payoffs.temptation, &s.meta);
            let si = share * ai.payoffs.betrayal.typical();
            let sj = share * aj.payoffs.betrayal.typical();
            let m = vec![
                vec![[vi, vj], [vi + si, vj + tj]],
                vec![[vi + ti, vj + sj], [vi + ti + si, vj + tj + sj]],
            ];
            let _ = writeln!(o);
            let _ = writeln!(o, "  {} (rows) and {} (columns):", ai.name, aj.name);
            let acts = ["complies".to_string(), "violates".to_string()];
            matrix(o, &ai.name, &aj.name, &acts, &acts, &m);
            let g = classify_2x2(&m);
            para(o, 2, &format!("Type: {}. {}", g.name(), g.describe()));
        }
    }
    let _ = writeln!(o);
    for &i in deciders {
        let a = &s.actors[i];
        let (_, note) = typical_temptation(&a.payoffs.temptation, &s.meta);
        para(o, 2, &format!("Temptation of {}: {note}.", a.name));
    }
}

fn decider_part(
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
    for &i in deciders {
        let a = &s.actors[i];
        let p = &a.payoffs;
        let (u, v) = value(i);
        let b = p.no_deal.typical();
        let delta = a.discount.typical();
        let cred = deciders
            .iter()
            .filter(|&&k| k != i)
            .map(|&k| s.actors[k].credibility.typical())
            .fold(1.0_f64, f64::min);
        let r = reservation_utility(&ReservationInputs {
            no_deal: b,
            stalling: p.stalling.typical(),
            gain: p.gain.typical(),
            credibility: cred,
            delta,
            hazard_no_deal: s.conflict.no_deal.typical(),
            hazard_in_force: s.conflict.in_force.typical(),
            conflict: p.conflict.typical(),
        });
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
        let rtext = if r.is_nan() {
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
                "accepts terms worth at least {} of 1 (its reservation utility)",
                num(r)
            )
        };
        para(
            o,
            4,
            &format!("{rtext}, counting on the others' credibility {}", num(cred)),
        );
        let tactic = match &a.tactic {
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
        };
        let _ = writeln!(o, "    talks: {tactic}; in force: {}", a.compliance.id);
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
                    "optimal: gives notice when its temptation exceeds {} \
                     (the myopic level would be {})",
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
            &format!("exit: {exit}; notice {} {}", a.notice, s.meta.rounds),
        );
    }
}

fn talks_part(o: &mut String, s: &Scenario) {
    let t = &s.talks;
    let _ = writeln!(o);
    let order: Vec<&str> = t
        .proposers
        .iter()
        .map(|&i| s.actors[i].name.as_str())
        .collect();
    let mut line = format!("Talks: offers in turn from {}", order.join(" → "));
    match t.deadline {
        Some(d) => {
            let _ = write!(line, "; deadline after {d} {}", s.meta.rounds);
        }
        None => line.push_str("; no deadline"),
    }
    match t.retry_after {
        Some(r) => {
            let _ = write!(line, "; failed talks reopen after {r} {}", s.meta.rounds);
        }
        None => line.push_str("; failed talks do not reopen"),
    }
    para(o, 0, &format!("{line}."));
}

fn treaty_part(o: &mut String, s: &Scenario) {
    let t = &s.treaty;
    let form = match t.form {
        Form::LegallyBinding => "legally binding",
        Form::Verbal => "verbal assurance",
    };
    let _ = writeln!(
        o,
        "Treaty: {form}; notice {} {}; exit cost {} (once, when the exit takes effect).",
        t.notice,
        s.meta.rounds,
        pnum(&t.exit_cost)
    );
    let fa = t.false_alarm.typical();
    let mi = t.missed.typical();
    if fa > 0.0 || mi > 0.0 {
        let _ = writeln!(
            o,
            "  Monitoring: {} of compliance is read as a violation; {} of violations go unseen.",
            pct(fa),
            pct(mi)
        );
    }
    for a in &s.actors {
        if a.exit_cost != t.exit_cost || a.notice != t.notice {
            let _ = writeln!(
                o,
                "  {} leaves with exit cost {} and notice {} {}.",
                a.name,
                pnum(&a.exit_cost),
                a.notice,
                s.meta.rounds
            );
        }
    }
    match t.renegotiate_after {
        Some(r) => {
            let _ = writeln!(
                o,
                "  After an exit, talks reopen after {r} {}.",
                s.meta.rounds
            );
        }
        None => {
            let _ = writeln!(o, "  After an exit, talks do not reopen.");
        }
    }
    let r = &s.reputation;
    let _ = writeln!(
        o,
        "  An exit costs the leaver {} credibility; it recovers {} per {}.",
        pnum(&r.exit_loss),
        pnum(&r.recovery),
        s.meta.round
    );
}

fn conflict_part(o: &mut String, s: &Scenario) {
    let (k, span) = period(&s.meta.round);
    let _ = writeln!(o);
    let _ = writeln!(o, "Risk of conflict (absorbing: the run stops)");
    let c = &s.conflict;
    let mut rows = vec![vec![
        "phase".to_string(),
        format!("per {}", s.meta.round),
        format!("over {span}"),
    ]];
    for (name, p) in [
        ("during talks", &c.talks),
        ("no deal", &c.no_deal),
        ("treaty in force", &c.in_force),
        ("after an exit", &c.after_exit),
    ] {
        let h = p.typical();
        rows.push(vec![
            name.to_string(),
            format!("{}{}", if p.is_uncertain() { "~" } else { "" }, pct(h)),
            pct(1.0 - (1.0 - h).powi(k)),
        ]);
    }
    table(o, &rows, 2);
    let pay: Vec<String> = s
        .actors
        .iter()
        .map(|a| format!("{} {}", a.name, pnum(&a.payoffs.conflict)))
        .collect();
    let _ = writeln!(o, "  Conflict pays once: {}.", pay.join(", "));
}

/// Rounds in the longer span used to show hazards, and its name.
fn period(round: &str) -> (i32, String) {
    match round {
        "month" => (12, "a year".into()),
        "week" => (52, "a year".into()),
        "day" => (365, "a year".into()),
        "quarter" => (4, "a year".into()),
        "year" => (10, "ten years".into()),
        r => (10, format!("10 {r}s")),
    }
}

fn game_part(o: &mut String, g: &Game) {
    let _ = writeln!(o);
    para(
        o,
        0,
        &format!(
            "The game: {} (rows) and {} (columns); each cell is {}'s payoff, {}'s payoff",
            g.players[0], g.players[1], g.players[0], g.players[1]
        ),
    );
    matrix(
        o,
        &g.players[0],
        &g.players[1],
        &g.actions[0],
        &g.actions[1],
        &g.payoffs,
    );
    if g.payoffs.len() == 2 && g.payoffs.iter().all(|r| r.len() == 2) {
        let t = classify_2x2(&g.payoffs);
        para(o, 2, &format!("Type: {}. {}", t.name(), t.describe()));
        if t == GameType::PrisonersDilemma {
            let _ = writeln!(
                o,
                "  Repeated often enough, cooperation can pay: see `detente analyze` for the thresholds."
            );
        }
    } else {
        let _ = writeln!(o, "  Not a 2x2 game: no classic name applies.");
    }
}

fn uncertain_part(o: &mut String, s: &Scenario) {
    let list = uncertain_params(s);
    let _ = writeln!(o);
    if list.is_empty() {
        let _ = writeln!(o, "Uncertain numbers: none (every number is fixed).");
        return;
    }
    let _ = writeln!(o, "Uncertain numbers (drawn once per run)");
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|(path, d)| vec![path.clone(), describe_dist(d)])
        .collect();
    table(o, &rows, 2);
}

/// Every parameter drawn from a distribution, with its `--set` path, in file order.
/// Defaults inherited from another key (an actor's exit cost from `[treaty]`,
/// `after_exit` from `no_deal`) are listed once, under the key that set them.
pub fn uncertain_params(s: &Scenario) -> Vec<(String, &Dist)> {
    let mut v: Vec<(String, &Param)> = Vec::new();
    for a in &s.actors {
        let pre = format!("actor.{}", a.id);
        v.push((format!("{pre}.discount"), &a.discount));
        v.push((format!("{pre}.credibility"), &a.credibility));
        if let Tactic::Concession { exponent, initial } = &a.tactic {
            v.push((format!("{pre}.tactic.exponent"), exponent));
            v.push((format!("{pre}.tactic.initial"), initial));
        }
        if let ExitRule::Threshold { level } = &a.exit {
            v.push((format!("{pre}.exit.level"), level));
        }
        let p = &a.payoffs;
        let pp = format!("{pre}.payoffs");
        v.push((format!("{pp}.no_deal"), &p.no_deal));
        v.push((format!("{pp}.gain"), &p.gain));
        let tp = format!("{pp}.temptation");
        match &p.temptation {
            Temptation::Iid { mean, sd } => {
                v.push((format!("{tp}.mean"), mean));
                v.push((format!("{tp}.sd"), sd));
            }
            Temptation::RandomWalk {
                start,
                drift,
                volatility,
            } => {
                v.push((format!("{tp}.start"), start));
                v.push((format!("{tp}.drift"), drift));
                v.push((format!("{tp}.volatility"), volatility));
            }
            Temptation::Ar1 {
                mean,
                phi,
                sd,
                start,
            } => {
                v.push((format!("{tp}.mean"), mean));
                v.push((format!("{tp}.phi"), phi));
                v.push((format!("{tp}.sd"), sd));
                v.push((format!("{tp}.start"), start));
            }
        }
        v.push((format!("{pp}.betrayal"), &p.betrayal));
        v.push((format!("{pp}.conflict"), &p.conflict));
        v.push((format!("{pp}.stalling"), &p.stalling));
        if a.exit_cost != s.treaty.exit_cost {
            v.push((format!("{pre}.exit_cost"), &a.exit_cost));
        }
    }
    let t = &s.treaty;
    v.push(("treaty.exit_cost".into(), &t.exit_cost));
    v.push(("treaty.false_alarm".into(), &t.false_alarm));
    v.push(("treaty.missed".into(), &t.missed));
    let c = &s.conflict;
    v.push(("conflict.talks".into(), &c.talks));
    v.push(("conflict.no_deal".into(), &c.no_deal));
    v.push(("conflict.in_force".into(), &c.in_force));
    if c.after_exit != c.no_deal {
        v.push(("conflict.after_exit".into(), &c.after_exit));
    }
    v.push(("reputation.exit_loss".into(), &s.reputation.exit_loss));
    v.push(("reputation.recovery".into(), &s.reputation.recovery));
    v.into_iter()
        .filter_map(|(path, p)| match p {
            Param::Dist(d) => Some((path, d)),
            Param::Fixed(_) => None,
        })
        .collect()
}

/// "normal(mean 2, sd 0.5), clamped to [0, ∞)".
pub fn describe_dist(d: &Dist) -> String {
    let mut t = match d.kind {
        DistKind::Normal { mean, sd } => format!("normal, mean {}, sd {}", num(mean), num(sd)),
        DistKind::Uniform { low, high } => format!("uniform from {} to {}", num(low), num(high)),
        DistKind::Triangular { low, mode, high } => format!(
            "triangular from {} to {}, mode {}",
            num(low),
            num(high),
            num(mode)
        ),
        DistKind::Beta {
            alpha,
            beta,
            low,
            high,
        } => format!(
            "beta(α {}, β {}) on [{}, {}]",
            num(alpha),
            num(beta),
            num(low),
            num(high)
        ),
        DistKind::LogNormal { mu, sigma } => {
            format!("lognormal, log-mean {}, log-sd {}", num(mu), num(sigma))
        }
    };
    match (d.min, d.max) {
        (Some(a), Some(b)) => {
            let _ = write!(t, ", kept within [{}, {}]", num(a), num(b));
        }
        (Some(a), None) => {
            let _ = write!(t, ", at least {}", num(a));
        }
        (None, Some(b)) => {
            let _ = write!(t, ", at most {}", num(b));
        }
        (None, None) => {}
    }
    let _ = write!(t, "; typical {}", num(Param::Dist(d.clone()).typical()));
    t
}

/// A payoff matrix with action names, each cell "row, column".
fn matrix(
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
fn table(o: &mut String, rows: &[Vec<String>], indent: usize) {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let width: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|x| x.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
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
fn pnum(p: &Param) -> String {
    if p.is_uncertain() {
        format!("~{}", num(p.typical()))
    } else {
        num(p.typical())
    }
}

/// A probability as a percentage with enough digits to be non-zero when it is.
fn pct(p: f64) -> String {
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

fn join_and(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Write `text` wrapped to 92 columns, every line indented by `indent`.
fn para(o: &mut String, indent: usize, text: &str) {
    let pad = " ".repeat(indent);
    for (k, line) in wrap(text, 92 - indent).into_iter().enumerate() {
        let extra = if k == 0 { "" } else { "  " };
        let _ = writeln!(o, "{pad}{extra}{line}");
    }
}

/// Greedy word wrap.
fn wrap(text: &str, width: usize) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::*;

    fn actor(id: &str, ideal: f64, principal: Option<usize>) -> Actor {
        Actor {
            id: id.into(),
            name: id.to_uppercase(),
            principal,
            ideal: vec![ideal],
            salience: vec![1.0],
            discount: Param::Fixed(0.9),
            credibility: Param::Fixed(1.0),
            tactic: Tactic::Concession {
                exponent: Param::Fixed(1.0),
                initial: Param::Fixed(0.0),
            },
            compliance: StrategySpec {
                id: "tit-for-tat".into(),
                params: vec![],
            },
            exit: ExitRule::Myopic,
            payoffs: Payoffs {
                no_deal: Param::Fixed(0.0),
                gain: Param::Fixed(2.0),
                temptation: Temptation::Iid {
                    mean: Param::Fixed(1.0),
                    sd: Param::Fixed(0.0),
                },
                betrayal: Param::Fixed(-2.0),
                conflict: Param::Fixed(-100.0),
                stalling: Param::Fixed(0.0),
            },
            exit_cost: Param::Fixed(5.0),
            notice: 6,
            war: Default::default(),
        }
    }

    fn scenario() -> Scenario {
        Scenario {
            meta: Meta {
                name: "Test".into(),
                description: "A test.".into(),
                sources: vec![],
                seed: 1,
                runs: 100,
                horizon: 24,
                round: "month".into(),
                rounds: "months".into(),
            },
            issues: vec![Issue {
                id: "x".into(),
                label: "The issue".into(),
                low: 0.0,
                high: 1.0,
                status_quo: None,
                values: vec![],
            }],
            actors: vec![
                actor("a", 0.0, None),
                actor("b", 1.0, None),
                actor("c", 0.5, Some(1)),
            ],
            talks: Talks {
                proposers: vec![0, 1],
                deadline: Some(12),
                retry_after: None,
                protocol: Default::default(),
            },
            treaty: Treaty {
                form: Form::LegallyBinding,
                notice: 6,
                exit_cost: Param::Fixed(5.0),
                false_alarm: Param::Fixed(0.0),
                missed: Param::Fixed(0.0),
                renegotiate_after: None,
            },
            conflict: Conflict {
                talks: Param::Fixed(0.001),
                no_deal: Param::Fixed(0.01),
                in_force: Param::Fixed(0.0),
                after_exit: Param::Fixed(0.01),
            },
            reputation: Reputation {
                exit_loss: Param::Fixed(0.3),
                recovery: Param::Fixed(0.01),
            },
            game: None,
        }
    }

    #[test]
    fn stage_game_is_built_from_v_theta_s() {
        // Terms 0.5 → U = 0.5 for both, v = 0 + 2·0.5 = 1; θ = 1, s = -2:
        // R = 1, S = -1, T = 2, P = 0: a prisoner's dilemma.
        let e = explain(&scenario());
        assert!(e.contains("A complies   1, 1         -1, 2"), "{e}");
        assert!(e.contains("A violates   2, -1        0, 0"), "{e}");
        assert!(e.contains("Type: prisoner's dilemma."), "{e}");
    }

    #[test]
    fn names_who_cannot_decide() {
        let e = explain(&scenario());
        assert!(
            e.contains("A and B decide: a deal binds only when both accept."),
            "{e}"
        );
        assert!(
            e.contains("C can discuss but not decide: anything they agree must be accepted by B."),
            "{e}"
        );
    }

    #[test]
    fn myopic_threshold_and_hazards_in_words() {
        // θ > v - b + c(1 - δ) = 1 - 0 + 5·0.1 = 1.5.
        let e = explain(&scenario());
        assert!(
            e.contains("myopic: gives notice when its temptation exceeds 1.5"),
            "{e}"
        );
        // 1% a month is 1 - 0.99^12 = 11.4% a year.
        assert!(e.contains("no deal           1.0%        11%"), "{e}");
    }

    #[test]
    fn optimal_hook_is_used() {
        let mut s = scenario();
        s.actors[0].exit = ExitRule::Optimal;
        let e = explain(&s);
        assert!(e.contains("threshold computed by the engine"), "{e}");
        let e = explain_with(&s, &|_, i, v| (i == 0).then_some(v + 7.0));
        assert!(
            e.contains("optimal: gives notice when its temptation exceeds 8"),
            "{e}"
        );
    }

    #[test]
    fn uncertain_parameters_are_listed_with_paths() {
        let mut s = scenario();
        s.actors[1].payoffs.gain = Param::Dist(Dist {
            kind: DistKind::Normal { mean: 2.0, sd: 0.5 },
            min: Some(0.0),
            max: None,
        });
        let list = uncertain_params(&s);
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].0, "actor.b.payoffs.gain");
        let e = explain(&s);
        assert!(
            e.contains("actor.b.payoffs.gain   normal, mean 2, sd 0.5, at least 0; typical 2"),
            "{e}"
        );
    }

    #[test]
    fn game_only_file_explains_the_game() {
        let mut s = scenario();
        s.actors.clear();
        s.game = Some(Game {
            players: ["Row".into(), "Column".into()],
            actions: [
                vec!["Heads".into(), "Tails".into()],
                vec!["Heads".into(), "Tails".into()],
            ],
            payoffs: vec![
                vec![[1.0, -1.0], [-1.0, 1.0]],
                vec![[-1.0, 1.0], [1.0, -1.0]],
            ],
        });
        let e = explain(&s);
        assert!(e.contains("no actors"), "{e}");
        assert!(e.contains("Type: matching pennies."), "{e}");
        assert!(!e.contains("Who decides"), "{e}");
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(0.714_285), "0.714");
        assert_eq!(num(-200.0), "-200");
        assert_eq!(num(-0.0001), "-0.0001");
        assert_eq!(num(0.0038), "0.0038");
        assert_eq!(num(0.012), "0.012");
        assert_eq!(num(-0.0), "0");
        assert_eq!(pct(0.0002), "0.02%");
        assert_eq!(pct(0.114), "11%");
    }
}
