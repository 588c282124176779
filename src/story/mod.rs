//! The story of one run as typed events (`--trace`), and the [`Tracer`] that receives
//! them. The engine and the talks protocols emit [`Event`]s; [`Event::render`] turns
//! one into the sentence `detente run --trace` prints. With [`NoTrace`] nothing is
//! built: emitting sites check [`Tracer::on`] first, so the hot loop pays nothing.

pub mod talks;

use crate::model::Phase;

/// One thing that happened in a run.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// Talks reopen after a failure or a withdrawal.
    TalksReopen,
    /// Conflict breaks out in this phase (an accident: the phase's hazard).
    Conflict(Phase),
    /// `proposer` tabled `terms` and `rejecter` refused them: worth `worth` to it,
    /// it needed `needs`.
    Rejected {
        proposer: usize,
        terms: Vec<f64>,
        rejecter: usize,
        worth: f64,
        needs: f64,
    },
    /// `proposer` tabled `terms` and every deciding party accepted.
    Accepted { proposer: usize, terms: Vec<f64> },
    /// The subgame-perfect proposal: `share` of the pie for the proposer.
    SubgamePerfect {
        proposer: usize,
        share: f64,
        responder: usize,
    },
    /// An agreement: the treaty enters into force with `terms` next round.
    Agreement { terms: Vec<f64> },
    /// The deadline passed; talks may reopen in round `reopen`.
    DeadlinePassed { reopen: Option<u32> },
    /// These actors violate the treaty this round.
    Violations { who: Vec<usize> },
    /// `who` is seen violating; `false_alarm`: it had in fact complied.
    SeenViolating { who: usize, false_alarm: bool },
    /// `who` deviates for this round under the escape clause, paying `price`.
    Escape { who: usize, price: f64 },
    /// `who` gives notice of withdrawal for a material breach by `against`'s side,
    /// effective at the end of round `effective` (no exit cost).
    BreachNotice {
        who: usize,
        against: usize,
        effective: u32,
    },
    /// `who` gives notice of withdrawal, effective at the end of round `effective`.
    Notice {
        who: usize,
        theta: f64,
        threshold: f64,
        effective: u32,
    },
    /// `who`'s withdrawal takes effect; it pays `exit_cost`.
    WithdrawalTakesEffect { who: usize, exit_cost: f64 },
    /// Crisis talks: `proposer` tables `terms`, which it expects to be accepted with
    /// probability `p_accept`.
    Offer {
        proposer: usize,
        terms: Vec<f64>,
        p_accept: f64,
    },
    /// After a rejection (or an acceptance), the others believe `about`'s private
    /// number `what` lies in [low, high].
    Belief {
        about: usize,
        what: crate::scenario::Private,
        low: f64,
        high: f64,
    },
    /// `by` chooses war: it pays `war` per round, against `instead` for the best
    /// alternative it had.
    WarChosen { by: usize, war: f64, instead: f64 },
    /// Why the talks failed.
    TalksFailed(talks::Failure),
    /// No terms the responder's ratifier approves are approved by the proposer's:
    /// no agreement this round (two-level game).
    Impasse { proposer: usize, responder: usize },
    /// Power shifted: each deciding actor's side now wins a war with `win[i]`
    /// (0 for actors that do not decide).
    PowerShift { win: Vec<f64> },
    /// After a shift of power `broken` would rather fight than keep the terms in
    /// force; `reviser` revises them to `terms`, which `broken` accepts.
    TermsRevised {
        broken: usize,
        reviser: usize,
        terms: Vec<f64>,
    },
    /// Expected-utility talks: one round of the model on `issue` (0-based): the
    /// positions at its start, their weighted mean and median voter, the risk
    /// exponents, and the challenges taken up.
    Positions {
        issue: usize,
        round: u32,
        positions: Vec<f64>,
        risk: Vec<f64>,
        mean: f64,
        median: f64,
        challenges: Vec<talks::Event>,
    },
    /// Expected-utility talks: the model's forecast for `issue` (0-based).
    Prediction {
        issue: usize,
        prediction: talks::Prediction,
    },
}

/// Terms with their issues' ids when known (`[door 1.000, missiles 0.400]`).
fn fmt_named(x: &[f64], issues: &[String]) -> String {
    if issues.len() != x.len() {
        return fmt_terms(x);
    }
    let v: Vec<String> = x
        .iter()
        .zip(issues)
        .map(|(v, id)| format!("{id} {v:.3}"))
        .collect();
    format!("[{}]", v.join(", "))
}

fn fmt_terms(x: &[f64]) -> String {
    let v: Vec<String> = x.iter().map(|v| format!("{v:.3}")).collect();
    format!("[{}]", v.join(", "))
}

impl Event {
    /// The sentence `--trace` prints for this event; `names` are the actors' names,
    /// `issues` the issues' ids (offers name them; empty: bare numbers).
    pub fn render(&self, names: &[String], issues: &[String]) -> String {
        self.render_in(names, issues, "round")
    }

    /// [`Event::render`] with the scenario's word for a round of time (`"month"`), so
    /// the story says "effective at the end of month 307" as its margin does.
    pub fn render_in(&self, names: &[String], issues: &[String], round: &str) -> String {
        // Long on purpose: one arm per event, each its sentence; split, the sentences
        // of one story would be read in two places.
        let name = |i: &usize| names.get(*i).map(String::as_str).unwrap_or("?");
        match self {
            Event::TalksReopen => "talks reopen".into(),
            Event::Conflict(phase) => format!("conflict breaks out {}", phase.label()),
            Event::Rejected {
                proposer,
                terms,
                rejecter,
                worth,
                needs,
            } => format!(
                "{} proposes {}; {} rejects (worth {:.2} to it, it needs {:.2})",
                name(proposer),
                fmt_named(terms, issues),
                name(rejecter),
                worth,
                needs
            ),
            Event::Accepted { proposer, terms } => format!(
                "{} proposes {}; every deciding party accepts",
                name(proposer),
                fmt_named(terms, issues)
            ),
            Event::SubgamePerfect {
                proposer,
                share,
                responder,
            } => format!(
                "{} proposes the subgame-perfect split: {:.4} for itself; {} accepts",
                name(proposer),
                share,
                name(responder)
            ),
            Event::Agreement { terms } => {
                format!("agreement reached: {}", fmt_named(terms, issues))
            }
            Event::DeadlinePassed { reopen } => format!(
                "the deadline passes without agreement{}",
                reopen
                    .map(|r| format!("; talks may reopen in {round} {r}"))
                    .unwrap_or_default()
            ),
            Event::Violations { who } => {
                let v: Vec<&str> = who.iter().map(name).collect();
                format!(
                    "{} violate{} the treaty",
                    v.join(", "),
                    if v.len() == 1 { "s" } else { "" }
                )
            }
            Event::SeenViolating { who, false_alarm } => format!(
                "{} is seen violating{}",
                name(who),
                if *false_alarm {
                    " (a false alarm: it complied)"
                } else {
                    ""
                }
            ),
            Event::Escape { who, price } => format!(
                "{} uses the escape clause for this round, paying {:.2}",
                name(who),
                price
            ),
            Event::BreachNotice {
                who,
                against,
                effective,
            } => format!(
                "{} gives notice of withdrawal for a material breach by {}; effective at the end of round {}",
                name(who),
                name(against),
                effective
            ),
            Event::Notice {
                who,
                theta,
                threshold,
                effective,
            } => format!(
                "{} gives notice of withdrawal (temptation {:.2} > threshold {:.2}); effective at the end of {round} {}",
                name(who),
                theta,
                threshold,
                effective
            ),
            Event::Offer {
                proposer,
                terms,
                p_accept,
            } => format!(
                "{} demands {} (expects acceptance with probability {:.2})",
                name(proposer),
                fmt_named(terms, issues),
                p_accept
            ),
            Event::Belief {
                about,
                what,
                low,
                high,
            } => format!(
                "the others now believe {}'s {} lies in [{:.3}, {:.3}]",
                name(about),
                what.label(),
                low,
                high
            ),
            Event::WarChosen { by, war, instead } => format!(
                "{} chooses war (worth {:.3} a round to it, against {:.3} for its best alternative)",
                name(by),
                war,
                instead
            ),
            Event::TalksFailed(f) => format!("talks failed: {}", f.label()),
            Event::Impasse {
                proposer,
                responder,
            } => format!(
                "{} cannot offer {} what {}'s ratifier requires without its own ratifier refusing: impasse",
                name(proposer),
                name(responder),
                name(responder)
            ),
            Event::PowerShift { win } => {
                let sides: Vec<String> = win
                    .iter()
                    .enumerate()
                    .filter(|(_, w)| **w > 0.0)
                    .map(|(i, w)| format!("{} {:.0}%", name(&i), 100.0 * w))
                    .collect();
                format!("power shifts: chances to win a war {}", sides.join(", "))
            }
            Event::TermsRevised {
                broken,
                reviser,
                terms,
            } => format!(
                "with power shifted, {} would rather fight than keep the terms; {} revises them to {}",
                name(broken),
                name(reviser),
                fmt_named(terms, issues)
            ),
            Event::Positions {
                issue,
                round,
                positions,
                risk,
                mean,
                median,
                challenges,
            } => {
                let moves: Vec<String> = challenges
                    .iter()
                    .map(|c| {
                        format!(
                            "{} challenges {}: {} ({:.3} -> {:.3})",
                            name(&c.sender),
                            name(&c.target),
                            c.outcome.name(),
                            c.from,
                            c.to
                        )
                    })
                    .collect();
                format!(
                    "issue {} round {round}: positions {} (weighted mean {:.3}, median voter {:.3}); risk exponents {}; {}",
                    issue + 1,
                    fmt_terms(positions),
                    mean,
                    median,
                    fmt_terms(risk),
                    if moves.is_empty() {
                        "no challenges".to_string()
                    } else {
                        moves.join("; ")
                    }
                )
            }
            Event::Prediction { issue, prediction } => format!(
                "issue {} predicted outcome {:.3} (weighted mean; median voter {:.3}) after {} round{}{}",
                issue + 1,
                prediction.mean,
                prediction.median,
                prediction.rounds,
                if prediction.rounds == 1 { "" } else { "s" },
                if prediction.settled {
                    ", positions settled"
                } else {
                    ""
                }
            ),
            Event::WithdrawalTakesEffect { who, exit_cost } => format!(
                "{}'s withdrawal takes effect; it pays an exit cost of {:.2}",
                name(who),
                exit_cost
            ),
        }
    }
}

/// Receives the story of a run, event by event. The no-op implementation compiles
/// away.
pub trait Tracer {
    /// Whether events are wanted (so callers can skip building them).
    fn on(&self) -> bool;
    /// Record `event` in round `t`.
    fn event(&mut self, t: u32, event: Event);
}

/// No tracing.
pub struct NoTrace;

impl Tracer for NoTrace {
    #[inline(always)]
    fn on(&self) -> bool {
        false
    }
    #[inline(always)]
    fn event(&mut self, _t: u32, _event: Event) {}
}

/// Collects the story as events.
#[derive(Debug, Default)]
pub struct StoryTrace {
    pub events: Vec<(u32, Event)>,
}

impl Tracer for StoryTrace {
    fn on(&self) -> bool {
        true
    }
    fn event(&mut self, t: u32, event: Event) {
        self.events.push((t, event));
    }
}

/// Emit an event only when a tracer listens: the event is built lazily.
#[macro_export]
macro_rules! emit {
    ($tr:expr, $t:expr, $ev:expr) => {
        if $tr.on() {
            $tr.event($t, $ev);
        }
    };
}
