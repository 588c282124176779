//! The round for up to [`CAP`] actors, the size of most scenarios (the EC example has
//! ten): the same steps and the same floating-point operations as [`super::grouped`]
//! (so the same bits), with every table a fixed-size array indexed by masked indices.
//! With a handful of actors at three or four positions, the round's arithmetic is a
//! few hundred operations, and sizing growable tables, checking indices against their
//! lengths and setting up loops add a good part again; here the compiler knows every
//! table's size and the range of most indices, so most of that goes (on the EC
//! example, 15% of the instructions and about 8% of the time).

use super::grouped::{self, NONE, earlier};
use super::{Event, Params, eu_at, gamble, power};

/// The most actors this round takes.
pub(super) const CAP: usize = 16;
const MASK: usize = CAP - 1;
/// Entries of a table per pair of positions (or classes and positions).
const SQ: usize = CAP * CAP;

/// `KEEP[j]`: all bits set in every lane but lane j, which is 0 (a term masked with
/// it is +0 in lane j).
static KEEP: [[u64; CAP]; CAP] = {
    let mut keep = [[u64::MAX; CAP]; CAP];
    let mut j = 0;
    while j < CAP {
        keep[j][j] = 0;
        j += 1;
    }
    keep
};

/// The entry of row `a`, column `b` (both below [`CAP`]) of a CAP × CAP table. The
/// masks keep every index inside the table, so no index is checked.
#[inline(always)]
fn ix(a: usize, b: usize) -> usize {
    ((a & MASK) * CAP) | (b & MASK)
}

/// The round's tables, as [`grouped::Groups`] keeps them, at fixed sizes.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Small {
    /// For how many actors `order` is a permutation (0: none yet).
    sorted: usize,
    order: [usize; CAP],
    of: [usize; CAP],
    prev: [usize; CAP],
    groups: usize,
    at: [f64; CAP],
    first: [usize; CAP],
    /// Prefix sums over the groups (room for CAP + 1 entries, masked with 2·CAP − 1).
    cw: [f64; 2 * CAP],
    cs: [f64; 2 * CAP],
    dist: [f64; CAP],
    /// `prob[ix(g, h)]`: P(an actor at g beats one at h).
    prob: [f64; SQ],
    mirror: [usize; SQ],
    /// First pass, `first_pass[ix(h, g)]` for a challenger at g and a target at h.
    first_pass: [[f64; 3]; SQ],
    /// First pass, `term[g][i]`: what one actor at g expects from challenging actor i.
    term: [[f64; CAP]; CAP],
    ln: [[f64; 2]; SQ],
    classes: usize,
    class: [usize; CAP],
    lead: [usize; CAP],
    /// Second pass, `rows[ix(c, g)]`: class c towards a position g.
    rows: [[f64; 3]; SQ],
    row_f: [f64; CAP],
    /// The logarithms of the last distances seen ([`grouped::cached_bases_ln`]).
    ln_cache: [(u64, [f64; 2]); 64],
    /// The dangers' sums (all CAP lanes) on their way out.
    sums: [f64; CAP],
    best: [(usize, f64); CAP],
}

impl Default for Small {
    fn default() -> Small {
        Small {
            sorted: 0,
            order: [0; CAP],
            of: [0; CAP],
            prev: [NONE; CAP],
            groups: 0,
            at: [0.0; CAP],
            first: [0; CAP],
            cw: [0.0; 2 * CAP],
            cs: [0.0; 2 * CAP],
            dist: [0.0; CAP],
            prob: [0.0; SQ],
            mirror: [NONE; SQ],
            first_pass: [[0.0; 3]; SQ],
            term: [[0.0; CAP]; CAP],
            ln: [[0.0; 2]; SQ],
            classes: 0,
            class: [0; CAP],
            lead: [0; CAP],
            rows: [[0.0; 3]; SQ],
            row_f: [0.0; CAP],
            ln_cache: [grouped::NO_LN; 64],
            sums: [0.0; CAP],
            best: [(NONE, 0.0); CAP],
        }
    }
}

/// One round's inputs and outputs (the workspace's, for n ≤ [`CAP`] actors).
pub(super) struct Io<'a> {
    pub low: f64,
    pub d: f64,
    pub mean: f64,
    pub salience: &'a [f64],
    pub weight: &'a [f64],
    pub start: &'a [f64],
    pub position: &'a mut [f64],
    pub danger: &'a mut [f64],
    pub risk: &'a mut [f64],
    pub events: &'a mut Vec<Event>,
}

impl Small {
    /// Forget the last round: every P and EU reads 0.
    pub(super) fn clear(&mut self) {
        self.groups = 0;
        self.classes = 0;
    }

    /// P_ij at the start of the last round (0 before any round).
    pub(super) fn prob(&self, i: usize, j: usize) -> f64 {
        if self.groups == 0 {
            return 0.0;
        }
        self.prob[ix(self.of[i & MASK], self.of[j & MASK])]
    }

    /// The gamble, U_s and status-quo term of i challenging j in the last round's
    /// second pass (None before any round).
    pub(super) fn eu_parts(&self, i: usize, j: usize) -> Option<(f64, f64, f64)> {
        if self.classes == 0 {
            return None;
        }
        let [g, u_s, u_q] = self.rows[ix(self.class[i & MASK], self.of[j & MASK])];
        Some((g, u_s, u_q))
    }

    /// Play one round (n = `io.start.len()` ≤ [`CAP`]); returns the median voter and
    /// the largest move.
    pub(super) fn round(&mut self, p: &Params, io: Io<'_>) -> (f64, f64) {
        let n = io.start.len();
        assert!(n <= CAP, "{n} actors for a round of at most {CAP}");
        let mut x = [0.0; CAP];
        let mut w = [0.0; CAP];
        let mut s = [0.0; CAP];
        x[..n].copy_from_slice(io.start);
        w[..n].copy_from_slice(io.weight);
        s[..n].copy_from_slice(io.salience);
        self.group(n, &x, &w, io.low);
        let groups = self.groups;
        // L in actor order, as `median_voter` sums it (the same bits).
        self.dist = [0.0; CAP];
        {
            let (dist, at) = (&mut self.dist[..groups], &self.at[..groups]);
            for (xk, wk) in x[..n].iter().zip(&w[..n]) {
                for (l, xg) in dist.iter_mut().zip(at) {
                    *l += wk * (xk - xg).abs();
                }
            }
        }
        let at = &self.at[..groups];
        let sums = grouped::Sums {
            at,
            cw: &self.cw[..=groups],
            cs: &self.cs[..=groups],
            dist: &self.dist[..groups],
        };
        grouped::pair_probabilities(&sums, io.low, io.d, &mut self.prob, ix);
        grouped::find_mirrors(at, &mut self.mirror, ix);
        let median = grouped::median(at, &self.dist[..groups], &self.first[..groups]);
        grouped::first_pass_utilities(p, at, median, io.d, &self.prob, &mut self.first_pass, ix);
        self.dangers(n, &s, io.danger);
        super::risk_exponents(io.danger, io.risk);
        let at = &self.at[..groups];
        grouped::logarithms(at, io.d, &self.mirror, &mut self.ln, ix, &mut self.ln_cache);
        self.second_pass(p, n, &x, io.mean, io.d, io.risk);
        let moved = self.offers(n, &s, &x, io.position, io.events);
        (median, moved)
    }

    /// Sort and group the actors (as [`grouped::Groups`] does): the distinct
    /// positions, each one's first actor, each actor's group and predecessor there,
    /// and the prefix sums of w and w·(x − low).
    fn group(&mut self, n: usize, x: &[f64; CAP], w: &[f64; CAP], low: f64) {
        if self.sorted != n {
            for (k, o) in self.order.iter_mut().enumerate() {
                *o = k;
            }
            self.sorted = n;
        }
        grouped::sort(&mut self.order[..n], |a| x[a & MASK]);
        let mut g = 0;
        let mut last = NONE;
        (self.cw[0], self.cs[0]) = (0.0, 0.0);
        for k in 0..n {
            let i = self.order[k & MASK] & MASK;
            if k == 0 || x[i] != self.at[(g - 1) & MASK] {
                self.at[g & MASK] = x[i];
                self.first[g & MASK] = i;
                g += 1;
                self.cw[g & (2 * CAP - 1)] = self.cw[(g - 1) & (2 * CAP - 1)];
                self.cs[g & (2 * CAP - 1)] = self.cs[(g - 1) & (2 * CAP - 1)];
                last = NONE;
            }
            self.of[i] = g - 1;
            self.prev[i] = last;
            last = i;
            self.cw[g & (2 * CAP - 1)] += w[i];
            self.cs[g & (2 * CAP - 1)] += w[i] * (x[i] - low);
        }
        self.groups = g;
    }

    /// First pass: the dangers, as [`grouped::Groups`] sums them (over challengers in
    /// actor order, a challenger's terms for all targets added to all sums at once),
    /// with the sums in one fixed-size array.
    fn dangers(&mut self, n: usize, s: &[f64; CAP], danger: &mut [f64]) {
        for g in 0..self.groups {
            let row = &mut self.term[g & MASK];
            for i in 0..n {
                let [gamble, u_s, u_q] = self.first_pass[ix(self.of[i & MASK], g)];
                row[i & MASK] = eu_at(s[i & MASK], gamble, u_s, u_q);
            }
        }
        // Every sum starts at +0, as the sum written pair by pair does; the lanes past
        // n add stale terms nobody reads. Step j adds +0 to j's own sum instead of
        // skipping it: a sum that starts at +0 never becomes −0, so adding +0 leaves
        // its bits as they are, and the step stays one vector loop (putting j's sum
        // back after the step made the next step's vector load wait for that store).
        let mut sum = [0.0; CAP];
        for j in 0..n {
            let row = &self.term[self.of[j & MASK] & MASK];
            let keep = &KEEP[j & MASK];
            for ((total, t), k) in sum.iter_mut().zip(row).zip(keep) {
                *total += f64::from_bits(t.to_bits() & k);
            }
        }
        // Through a table of fixed size: copying a part of `sum` would keep the sums in
        // memory during the steps instead of in registers.
        self.sums = sum;
        danger.copy_from_slice(&self.sums[..danger.len()]);
    }

    /// Second pass: each class's row, as [`grouped::Groups`] fills it.
    fn second_pass(
        &mut self,
        p: &Params,
        n: usize,
        x: &[f64; CAP],
        mean: f64,
        d: f64,
        risk: &[f64],
    ) {
        let groups = self.groups;
        let mut classes = 0;
        for i in 0..n {
            let r = risk[i];
            let a = self.of[i & MASK];
            if let Some(m) = earlier(&self.prev, i, |m| risk[m] == r) {
                self.class[i & MASK] = self.class[m & MASK];
                continue;
            }
            let c = classes;
            classes += 1;
            self.class[i & MASK] = c;
            self.lead[c & MASK] = i;
            let u_sq = 2.0 - 4.0 * power(0.5, r);
            let to_mean = (x[i & MASK] - mean).abs();
            // No offers within a position: EU_i(j) reads 0 there.
            self.rows[ix(c, a)] = [0.0; 3];
            for b in 0..groups {
                if b == a {
                    continue;
                }
                // A position at the same distance on i's other side, done just before.
                let twin = self.mirror[ix(a, b)];
                let (u_s, u_f, u_q) = if twin != NONE {
                    let [_, u_s, u_q] = self.rows[ix(c, twin)];
                    (u_s, self.row_f[twin & MASK], u_q)
                } else {
                    let dij = (self.at[a & MASK] - self.at[b & MASK]).abs();
                    grouped::utilities(p, r, u_sq, to_mean, dij, d, self.ln[ix(a, b)])
                };
                self.row_f[b & MASK] = u_f;
                self.rows[ix(c, b)] = [gamble(self.prob[ix(a, b)], u_s, u_f), u_s, u_q];
            }
        }
        self.classes = classes;
    }

    /// Each target takes its best offer, as [`grouped::Groups`] chooses it; returns
    /// the largest move.
    fn offers(
        &mut self,
        n: usize,
        s: &[f64; CAP],
        x: &[f64; CAP],
        position: &mut [f64],
        events: &mut Vec<Event>,
    ) -> f64 {
        events.clear();
        let mut moved: f64 = 0.0;
        for j in 0..n {
            let b = self.of[j & MASK];
            let s_j = s[j & MASK];
            let xj = x[j & MASK];
            // An earlier target at the same position with the same salience has the
            // same offers, so the same best.
            let twin = earlier(&self.prev, j, |m| s[m & MASK].to_bits() == s_j.to_bits());
            let (i, offer) = match twin {
                Some(m) => self.best[m & MASK],
                None => grouped::best_offer(
                    s_j,
                    xj,
                    &self.lead[..self.classes],
                    |c| self.rows[ix(c, b)],
                    |i| x[i & MASK],
                ),
            };
            self.best[j & MASK] = (i, offer);
            if i == NONE {
                continue;
            }
            let [g, u_s, u_q] = self.rows[ix(self.class[j & MASK], self.of[i & MASK])];
            let reply = eu_at(s[i & MASK], g, u_s, u_q);
            let to = grouped::answer(events, (i, x[i & MASK], offer), (j, xj, reply));
            position[j] = to;
            moved = moved.max((to - xj).abs());
        }
        moved
    }
}
