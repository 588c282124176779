//! The talks, the treaty, the risk of conflict and the `[game]` table, in words.

use super::text::*;
use super::*;

pub(super) fn talks_part(o: &mut String, s: &Scenario) {
    let t = &s.talks;
    let _ = writeln!(o);
    if t.protocol == crate::scenario::TalksProtocol::ExpectedUtility {
        super::positions::part(o, s);
        return;
    }
    let order: Vec<&str> = t
        .proposers
        .iter()
        .map(|&i| s.actors[i].name.as_str())
        .collect();
    let mut line = format!("Talks: offers in turn from {}", order.join(" → "));
    match t.deadline {
        Some(d) => {
            let _ = write!(line, "; deadline after {}", rounds(d, &s.meta));
        }
        None => line.push_str("; no deadline"),
    }
    match t.retry_after {
        Some(r) => {
            let _ = write!(line, "; failed talks reopen after {}", rounds(r, &s.meta));
        }
        None => line.push_str("; failed talks do not reopen"),
    }
    para(o, 0, &format!("{line}."));
}

pub(super) fn treaty_part(o: &mut String, s: &Scenario) {
    let t = &s.treaty;
    let form = match t.form {
        Form::LegallyBinding => "legally binding",
        Form::Verbal => "verbal assurance",
    };
    let _ = writeln!(
        o,
        "Treaty: {form}; notice {}; exit cost {} (once, when the exit takes effect).",
        rounds(t.notice, &s.meta),
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
                "  {} leaves with exit cost {} and notice {}.",
                a.name,
                pnum(&a.exit_cost),
                rounds(a.notice, &s.meta)
            );
        }
    }
    let c = &t.consequences;
    let mut sets_off = vec!["the others' strategies answer it".to_string()];
    if c.suspension > 0 {
        sets_off.push(format!(
            "the treaty is suspended for {} (no-deal flows)",
            rounds(c.suspension, &s.meta)
        ));
    }
    if c.escalation.typical() > 0.0 {
        sets_off.push(format!(
            "the in-force conflict hazard rises by {}",
            pnum(&c.escalation)
        ));
    }
    // Expected-utility talks read no credibility (`[reputation]` is refused there).
    let eu = s.talks.protocol == crate::scenario::TalksProtocol::ExpectedUtility;
    if s.reputation.violation_loss.typical() > 0.0 && !eu {
        sets_off.push(format!(
            "the violator loses {} credibility",
            pnum(&s.reputation.violation_loss)
        ));
    }
    if c.material_breach {
        sets_off.push(
            "the other sides give notice of withdrawal for a material breach (no exit cost)"
                .to_string(),
        );
    }
    if sets_off.len() > 1 {
        para(
            o,
            2,
            &format!(
                "A seen violation (or a misread compliance): {}.",
                sets_off.join("; ")
            ),
        );
    }
    if let Some(e) = &c.escape_price {
        para(
            o,
            2,
            &format!(
                "Escape clause: a party may deviate for one {} by paying {}; that is no violation.",
                s.meta.round,
                pnum(e)
            ),
        );
    }
    if !c.principal_answers && s.actors.iter().any(|a| a.principal.is_some()) {
        let _ = writeln!(
            o,
            "  {}",
            if c.principal_answers {
                "Parties that cannot decide answer through their principal: their violations count against it."
            } else {
                "Violations by parties that cannot decide cost nobody: no principal answers for them."
            }
        );
    }
    let r = &s.reputation;
    let reopen = match t.renegotiate_after {
        Some(k) => format!("talks reopen in {}", rounds(k, &s.meta)),
        None => "talks do not reopen".to_string(),
    };
    let text = if eu {
        format!("After an exit: {reopen}.")
    } else {
        format!(
            "After an exit: {reopen}; leaver loses {} credibility (+{} a {}).",
            pnum(&r.exit_loss),
            pnum(&r.recovery),
            s.meta.round
        )
    };
    para(o, 2, &text);
}

pub(super) fn conflict_part(o: &mut String, s: &Scenario) {
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
    let derived = s.actors.iter().any(|a| a.war.cost.is_some());
    let war = if derived {
        super::crisis::war_at_typical(s).0
    } else {
        vec![]
    };
    let pay: Vec<String> = s
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| match a.war.cost {
            // Derived: the war flow as a one-time value.
            Some(_) => format!("{} ~{}", a.name, num(war[i] / (1.0 - a.discount.typical()))),
            None => format!("{} {}", a.name, pnum(&a.payoffs.conflict)),
        })
        .collect();
    para(o, 2, &format!("Conflict pays once: {}.", pay.join(", ")));
}

/// Rounds in the longer span used to show hazards, and its name.
pub(super) fn period(round: &str) -> (i32, String) {
    match round {
        "month" => (12, "a year".into()),
        "week" => (52, "a year".into()),
        "day" => (365, "a year".into()),
        "quarter" => (4, "a year".into()),
        "year" => (10, "ten years".into()),
        r => (10, format!("10 {r}s")),
    }
}

pub(super) fn game_part(o: &mut String, g: &Game) {
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
