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
use crate::negotiation::utility;
use crate::scenario::{Dist, DistKind, ExitRule, Form, Game, Param, Scenario, Tactic, Temptation};
use std::fmt::Write as _;

mod actors;
mod crisis;
mod positions;
mod sections;
mod text;
mod uncertain;

use crate::negotiation::{TermsBasis as Terms, middle_terms, typical_terms};
use actors::actors_part;
pub use crisis::war_at_typical;
use sections::game_part;
pub use text::num;
use text::{para, wrap};
use uncertain::uncertain_part;
pub use uncertain::{describe_dist, uncertain_params};
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
/// ([`crate::model::Model::solve_optimal`] at typical values). This is what
/// `detente explain` prints.
pub fn explain_with_engine(s: &Scenario) -> String {
    if s.actors.is_empty() {
        return explain(s);
    }
    let model = crate::model::Model::compile(s);
    let terms = Some(typical_terms(s, &model));
    explain_terms(s, terms, &|_, i, v| {
        // The explained value v is the treaty's flow; recover the utility it stands for.
        let a = &model.base.actors[i];
        let u = if a.gain != 0.0 {
            (v - a.no_deal) / a.gain + model.sq[i]
        } else {
            0.0
        };
        Some(model.solve_optimal(i, &model.base, u))
    })
}

/// Explain `s`, asking `optimal` for the threshold of every actor with `exit = "optimal"`.
pub fn explain_with(s: &Scenario, optimal: OptimalThreshold<'_>) -> String {
    explain_terms(s, None, optimal)
}

/// Explain `s` at `terms` (each issue midway between the deciding parties' ideals when
/// `None`).
fn explain_terms(s: &Scenario, terms: Option<Terms>, optimal: OptimalThreshold<'_>) -> String {
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
        let terms = terms.unwrap_or_else(|| Terms {
            values: middle_terms(s),
            source: "each issue midway between the deciding parties' ideals".into(),
            note: None,
        });
        actors_part(&mut o, s, &terms, optimal);
    }
    if let Some(g) = &s.game {
        game_part(&mut o, g);
        if !s.actors.is_empty() {
            para(
                &mut o,
                2,
                "This [game] table is the game `analyze`, `tournament` and `evolve` play. The treaty simulation uses the stage game in force printed above, built from the actors' payoffs; there P − S is always the temptation θ, so the two tables can differ.",
            );
        }
    }
    uncertain_part(&mut o, s);
    o
}

#[cfg(test)]
mod tests {
    use super::text::pct;
    use super::*;
    use crate::scenario::*;

    fn actor(id: &str, ideal: f64, principal: Option<usize>) -> Actor {
        Actor {
            id: id.into(),
            name: id.to_uppercase(),
            principal,
            ideal: vec![ideal],
            salience: vec![1.0],
            salience_given: vec![1.0],
            discount: Param::Fixed(0.9),
            credibility: Param::Fixed(1.0),
            tactic: Tactic::Concession {
                exponent: Param::Fixed(1.0),
                initial: Param::Fixed(0.0),
            },
            compliance: StrategySpec::of(crate::strategy::StrategyId::TitForTat),
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
                form: false,
                shifts_power: None,
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
                position_model: Default::default(),
                power: None,
            },
            treaty: Treaty {
                form: Form::LegallyBinding,
                notice: 6,
                exit_cost: Param::Fixed(5.0),
                false_alarm: Param::Fixed(0.0),
                missed: Param::Fixed(0.0),
                renegotiate_after: None,
                consequences: Default::default(),
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
                violation_loss: Param::Fixed(0.0),
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
            e.contains("C can discuss, not decide: B must accept what they agree."),
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
            e.contains("optimal: gives notice above a temptation of 8"),
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
