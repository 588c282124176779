//! Stage 2: walk the spanned tree into a [`Scenario`] by hand, collecting every error
//! (serde derive would stop at the first). Defaults are those documented in `types`.
//!
//! One file per part of the format: `read` (typed readers of nodes: numbers, bounds,
//! ids, references), `dist` (distributions), `sections` (`[scenario]`, `[treaty]`,
//! `[conflict]`, `[reputation]`), `issues`, `actors` (an actor's keys, principals,
//! payoffs, temptation), `talks` (tactics, `[talks]`, the subgame-perfect check),
//! `strategies` (compliance strategies and exit rules), `game` (the classroom's
//! `[game]`), `crisis` and `expected_utility` (the keys of those protocols). This file
//! holds the entry point that runs them in order.

use super::diag::{Diagnostic, Origin, Severity};
use super::keys;
use super::raw::{Span, Table};
use super::types::*;

mod actors;
mod compliance;
mod crisis;
mod dist;
mod expected_utility;
mod game;
mod issues;
mod power;
mod read;
mod sections;
mod strategies;
mod talks;

use read::*;

/// Places the warnings point at, by actor index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Places {
    /// Each actor's `[[actor]]` header (or inline table).
    pub actor: Vec<Span>,
    /// Each actor's `temptation` value, if given.
    pub temptation: Vec<Option<Span>>,
}

pub(crate) struct Cx {
    pub diags: Vec<Diagnostic>,
}

impl Cx {
    pub fn error(
        &mut self,
        span: &Span,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        self.diags.push(Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span: Some(span.range.clone()),
            origin: span.origin,
            hint: hint.into(),
        });
    }
    fn errors(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

fn root_span() -> Span {
    Span {
        origin: Origin::File,
        range: 0..0,
    }
}

/// Stage 2 entry point: the scenario when there were no errors.
pub(crate) fn validate(root: &Table, cx: &mut Cx) -> Option<(Scenario, Places)> {
    check_keys(cx, root, keys::TOP, "the top level");
    let meta = sections::scenario(cx, root);

    // Counts first: the checks below compare actors and issues pairwise, so a
    // (hostile) file with a million of them would take hours.
    let too_many_issues = too_many(cx, root, "issue", super::MAX_ISSUES);
    if too_many(cx, root, "actor", super::MAX_ACTORS) || too_many_issues {
        return None;
    }

    let (mut issues, issue_ids) = issues::issues(cx, root);
    crisis::status_quo_everywhere(cx, root, &issues);

    // [treaty] first: actors default to its notice and exit cost.
    let treaty = sections::treaty(cx, root);

    let actor_nodes = table_array(cx, root, "actor");
    let cast = actors::actors(cx, &actor_nodes, &issues, &issue_ids, &treaty);

    let mut talks = talks::talks(cx, root, &cast.actors, &cast.ids);
    let conflict = sections::conflict(cx, root);
    let reputation = sections::reputation(cx, root);
    let game = game::section(cx, root);
    if actor_nodes.is_empty() && root.get("game").is_none() {
        cx.error(&root_span(), "the scenario has neither [[actor]]s nor a [game]: there is nothing to play", "add [[actor]] tables (with [[issue]]s) for the negotiation, or a [game] for the classroom tools; `detente new` writes a starting point".to_string());
    }

    let deciders = cast.deciders();
    talks::subgame_perfect(
        cx,
        root,
        &actor_nodes,
        &cast.actors,
        &deciders,
        issues.len(),
    );
    crisis::check(cx, root, &cast.actors, &actor_nodes, &deciders, &talks);
    let sides = power::Sides {
        actors: &cast.actors,
        actor_ids: &cast.ids,
        actor_nodes: &actor_nodes,
        deciders: &deciders,
    };
    power::check(cx, root, &mut issues, &sides, &mut talks);
    crisis::indivisible(cx, root, &issues, &cast.actors, &actor_nodes);
    expected_utility::check(cx, root, &actor_nodes, &mut talks, &issues, &issue_ids);
    compliance::check(cx, root, &cast.actors);

    if cx.errors() > 0 {
        return None;
    }
    Some((
        Scenario {
            meta: meta?,
            issues,
            actors: cast.actors,
            talks,
            treaty,
            conflict,
            reputation,
            game,
        },
        cast.places,
    ))
}
