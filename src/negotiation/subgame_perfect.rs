//! The subgame-perfect split of a bilateral single-issue negotiation: Rubinstein's
//! with no deadline, Ståhl's backward induction with one. The proposer offers the
//! responder exactly its discounted continuation share, which it accepts; the terms
//! are the proposer's share of the distance between the two ideals.

use super::{Failure, Round, TalksState};
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
    // Two-level game (Putnam): a responder whose ratifier approves only terms worth
    // at least r to it must be offered at least that; if the proposer's own ratifier
    // then refuses, there is no agreement this round.
    let mut given = 1.0 - share;
    st.offer[0] = ip + given * (ir - ip);
    if !model.ratified(resp, &st.offer)
        && let Some(rr) = model.ratify[resp]
    {
        let dist = (ir - ip).abs();
        let need = if dist > 0.0 {
            1.0 - (1.0 - rr) * model.width[0] / dist
        } else {
            0.0
        };
        given = given.max(need);
        st.offer[0] = ip + given.min(1.0) * (ir - ip);
    }
    if given > 1.0 || !model.ratified(resp, &st.offer) || !model.ratified(prop, &st.offer) {
        crate::emit!(
            tr,
            r.t,
            Event::Impasse {
                proposer: prop,
                responder: resp,
            }
        );
        st.failure = Some(Failure::Ratification);
        return false;
    }
    crate::emit!(
        tr,
        r.t,
        Event::SubgamePerfect {
            proposer: prop,
            share: 1.0 - given,
            responder: resp,
        }
    );
    true
}
