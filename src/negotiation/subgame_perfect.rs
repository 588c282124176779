//! The subgame-perfect split of a bilateral single-issue negotiation: Rubinstein's
//! with no deadline, Ståhl's backward induction with one. The proposer offers the
//! responder exactly its discounted continuation share, which it accepts; the terms
//! are the proposer's share of the distance between the two ideals.

use super::{Round, TalksState};
use crate::story::{Event, Tracer};
use crate::theory::bargaining::{rubinstein_split, stahl_split};

/// Play one round; true when the split is agreed (always, with two deciders).
pub fn round<T: Tracer>(r: &Round, st: &mut TalksState, tr: &mut T) -> bool {
    let model = r.model;
    let proposer = model.proposers[(r.k as usize - 1) % model.proposers.len()];
    let prop = model.root[proposer];
    let resp = match model.deciders.iter().copied().find(|&d| d != prop) {
        Some(d) => d,
        None => return false,
    };
    let (dp, dr) = (
        r.params.actors[prop].discount,
        r.params.actors[resp].discount,
    );
    let share = match model.deadline {
        Some(d) => stahl_split(dp, dr, d.saturating_sub(r.k) + 1, (0.0, 0.0)),
        None => rubinstein_split(dp, dr),
    };
    let (ip, ir) = (model.ideal[prop * model.m], model.ideal[resp * model.m]);
    st.offer[0] = ip + (1.0 - share) * (ir - ip);
    crate::emit!(
        tr,
        r.t,
        Event::SubgamePerfect {
            proposer: prop,
            share,
            responder: resp,
        }
    );
    true
}
