//! What terms are worth to each actor in crisis talks: the treaty's flow, its value
//! over a coming shift of power, and [`Terms`], terms under weighing that compute
//! each actor's utility and treaty flow once however many tests ask for them.

use super::backdown;
use crate::model::{Known, Model};
use crate::negotiation::{Round, TalksState, counterpart_credibility, reservation_now};
use std::cell::Cell;

/// Working memory of an offer [`Search`]. For the terms being weighed: per actor,
/// its utility of them and their treaty flow to it, and whether the ratifiers of the
/// side it heads approve them; where power stands once it has shifted with them in
/// force. For the whole search: each actor's reservation utility. Each `None` until
/// first asked for.
#[derive(Debug, Clone, Default)]
pub struct Memo {
    utility: Vec<Cell<Option<f64>>>,
    flow: Vec<Cell<Option<f64>>>,
    ratified: Vec<Cell<Option<bool>>>,
    shifted: Cell<Option<Option<(u32, usize)>>>,
    reservation: Vec<Cell<Option<f64>>>,
}

/// An offer search in round `r`: terms after terms weighed with one [`Memo`], which
/// keeps what holds for all of them (the actors' reservation utilities) from the
/// first to the last, and what holds for the terms being weighed until the next.
pub struct Search<'a> {
    r: &'a Round<'a>,
    memo: &'a mut Memo,
}

impl<'a> Search<'a> {
    /// A search in round `r` with `memo` (cleared; borrowing it exclusively means no
    /// other search shares it).
    pub fn new(r: &'a Round<'a>, memo: &'a mut Memo) -> Search<'a> {
        memo.reservation.clear();
        memo.reservation.resize(r.model.n, Cell::new(None));
        Search { r, memo }
    }

    /// The round searched in.
    pub fn round(&self) -> &'a Round<'a> {
        self.r
    }

    /// Terms `x` to weigh next, with what is `known` of them.
    pub fn terms<'b>(&'b mut self, x: &'b [f64], known: Option<Known>) -> Terms<'b> {
        let n = self.r.model.n;
        let m = &mut *self.memo;
        m.utility.clear();
        m.ratified.clear();
        match known {
            Some(k) => {
                m.utility
                    .extend(k.utility.iter().map(|&u| Cell::new(Some(u))));
                m.ratified
                    .extend(k.ratified.iter().map(|&b| Cell::new(Some(b))));
            }
            None => {
                m.utility.resize(n, Cell::new(None));
                m.ratified.resize(n, Cell::new(None));
            }
        }
        m.flow.clear();
        m.flow.resize(n, Cell::new(None));
        m.shifted.set(None);
        Terms {
            r: self.r,
            x,
            memo: Some(&*self.memo),
        }
    }
}

/// Terms `x` weighed in round `r`. The offer search tests every offer several ways
/// (its own side's ratifiers, each responder's acceptance and belief threshold, the
/// power shift, the proposer's own value), and each test asks for the same
/// utilities and treaty flows; in a [`Search`], each is computed the first time and
/// then read. A number computed once and read again is the same number, so the
/// talks decide bit for bit as if every test computed its own.
pub struct Terms<'a> {
    pub r: &'a Round<'a>,
    pub x: &'a [f64],
    memo: Option<&'a Memo>,
}

impl<'a> Terms<'a> {
    /// Terms `x` in round `r` asked about once or twice: nothing is remembered.
    pub fn once(r: &'a Round<'a>, x: &'a [f64]) -> Terms<'a> {
        Terms { r, x, memo: None }
    }

    /// Actor `i`'s utility of the terms.
    pub fn utility(&self, i: usize) -> f64 {
        remember(self.memo.map(|m| &m.utility[i]), || {
            self.r.model.utility(i, self.x)
        })
    }

    /// Whether every ratifier on the side headed by decider `d` approves the terms.
    pub fn side_ratifies(&self, d: usize) -> bool {
        let model = self.r.model;
        let ask = || model.side_ratifies(d, self.x, |k| self.utility(k));
        match self.memo {
            None => ask(),
            Some(m) => m.ratified[d].get().unwrap_or_else(|| {
                let v = ask();
                m.ratified[d].set(Some(v));
                v
            }),
        }
    }

    /// Actor `j`'s reservation utility this round (see [`reservation_now`]).
    pub fn reservation(&self, j: usize) -> f64 {
        let r = self.r;
        remember(self.memo.map(|m| &m.reservation[j]), || {
            reservation_now(r.model, r.params, r.cred, j)
        })
    }

    /// What the terms pay actor `i` per round (see [`treaty_flow`]).
    pub fn flow(&self, i: usize) -> f64 {
        remember(self.memo.map(|m| &m.flow[i]), || {
            flow_at(self.r, i, self.x, self.utility(i))
        })
    }

    /// The first round of shifted power and the power state the terms leave then,
    /// counted from the treaty's first round in force (`None`: power does not shift).
    fn shifted(&self) -> Option<(u32, usize)> {
        let model = self.r.model;
        let at = || {
            let after = model.shift_after()?;
            let start = self.r.t + 1;
            Some((after, model.power_state(after.max(start), Some(self.x))))
        };
        match self.memo {
            None => at(),
            Some(m) => m.shifted.get().unwrap_or_else(|| {
                let v = at();
                m.shifted.set(Some(v));
                v
            }),
        }
    }
}

/// The value in `cell` if it holds one, else `f()` (kept in `cell`, if any).
fn remember(cell: Option<&Cell<Option<f64>>>, f: impl FnOnce() -> f64) -> f64 {
    if let Some(v) = cell.and_then(Cell::get) {
        return v;
    }
    let v = f();
    if let Some(c) = cell {
        c.set(Some(v));
    }
    v
}

/// What terms `x` pay actor `i` per round as it values them: the treaty's flow over
/// the status quo, discounted by its counterparts' credibility, less any audience
/// cost of backing down.
pub fn treaty_flow(r: &Round, i: usize, x: &[f64]) -> f64 {
    flow_at(r, i, x, r.model.utility(i, x))
}

/// [`treaty_flow`] given `u`, actor `i`'s utility of `x`.
pub(super) fn flow_at(r: &Round, i: usize, x: &[f64], u: f64) -> f64 {
    let model = r.model;
    let a = &r.params.actors[i];
    let cr = counterpart_credibility(model, r.cred, i);
    a.no_deal + cr * a.gain * (u - model.sq[i]) - backdown(model, r.params, i, x)
}

/// Whether a power shift is in play for these talks' valuations.
pub(super) fn shifting(r: &Round, st: &TalksState) -> bool {
    r.model.shift.is_some() && !st.ignore_shift
}

/// What terms `x` are worth to actor `i` per round, as a constant flow from the
/// treaty's first round in force: its treaty flow until power shifts, then what
/// the shifted power leaves it (the same terms if every side still prefers them to
/// war; terms revised to the broken side's war line if the other side prefers
/// revising to war; war otherwise), averaged with the discount factor.
pub fn value_flow(r: &Round, st: &TalksState, i: usize, x: &[f64]) -> f64 {
    worth(st, i, &Terms::once(r, x))
}

/// [`value_flow`] of terms `t`.
pub(super) fn worth(st: &TalksState, i: usize, t: &Terms) -> f64 {
    let f = t.flow(i);
    if !shifting(t.r, st) {
        return f;
    }
    let Some((after, post)) = t.shifted() else {
        return f;
    };
    if same_power(t.r.model, st, post, st.power_now) {
        return f;
    }
    let start = t.r.t + 1;
    let l = after.saturating_sub(start);
    let dl = t.r.params.actors[i].discount.powi(l as i32);
    (1.0 - dl) * f + dl * post_flow(st, i, t, post, f)
}

/// Whether decider `j` goes to war with terms `x` in force: war pays it more per
/// round than the terms are worth to it (a coming shift of power counted in) and
/// than no deal.
pub fn prefers_war_in_force(r: &Round, st: &TalksState, j: usize, x: &[f64]) -> bool {
    let war = st.war_flow[j];
    war > value_flow(r, st, j, x) && war > r.params.actors[j].no_deal
}

/// Whether power states `k` and `l` give every actor the same war flow (a state
/// can differ in name only: an issue value that adds no capability).
pub fn same_power(model: &Model, st: &TalksState, k: usize, l: usize) -> bool {
    let n = model.n;
    k == l || (0..n).all(|i| st.power_war[k * n + i] == st.power_war[l * n + i])
}

/// Actor `i`'s flow under terms `t` once power is in state `k`; `f` is its treaty
/// flow under them.
fn post_flow(st: &TalksState, i: usize, t: &Terms, k: usize, f: f64) -> f64 {
    let model = t.r.model;
    let n = model.n;
    let flow = |d: usize| if d == i { f } else { t.flow(d) };
    let broken = |d: usize| flow(d) < st.power_war[k * n + d];
    let &[d0, d1] = model.deciders.as_slice() else {
        // More than two sides: terms are revised only between two (one side keeps
        // the other at its war line), so a side the shift leaves preferring war
        // fights, as it does in force.
        return if model.deciders.iter().any(|&d| broken(d)) {
            st.power_war[k * n + i]
        } else {
            f
        };
    };
    let reviser = match (broken(d0), broken(d1)) {
        (false, false) => return f,
        (true, true) => return st.power_war[k * n + i],
        (true, false) => 1,
        (false, true) => 0,
    };
    if st.revision_ok[2 * k + reviser] {
        let at = (2 * k + reviser) * model.m;
        treaty_flow(t.r, i, &st.revision[at..at + model.m])
    } else {
        st.power_war[k * n + i]
    }
}
