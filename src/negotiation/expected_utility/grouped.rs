//! The O(n²) round of the expected-utility model: [`round`] and the tables it keeps in
//! [`Groups`]. The formulas as written cost O(n³) per round (each of the n² win
//! probabilities sums over all n actors); this round groups the actors by position and
//! computes what depends only on positions once per position or pair of positions, and
//! what depends on a challenger only once per class of challengers (the actors at one
//! position with one risk exponent, whose expectations are equal). Every shortcut
//! computes the same operations in the same order as the formulas pair by pair, so none
//! changes a bit of the result (tested against the round written pair by pair); only
//! the win probabilities come from different sums (see [`Groups::build`]). Rounds of
//! at most 16 actors go to `small`, which keeps the same tables at fixed sizes; the
//! steps over pairs of positions, the best offer, an entry's utilities and the answer
//! to an offer are free functions here that both rounds call.

use super::{
    Event, Params, Round, Workspace, eu_at, gamble, power, respond, risk_exponents, status_quo,
    weighted_mean,
};

/// No group: [`Groups::mirror`] of a pair without a group at the same distance on the
/// other side; no sender: no offer.
pub(super) const NONE: usize = usize::MAX;

/// The distinct positions at the start of a round (sorted), each actor's group, and
/// what the round computes once per position, pair of positions or class of
/// challengers instead of once per actor or pair of actors.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Groups {
    /// Actor indices sorted by position (then index); kept from round to round.
    order: Vec<usize>,
    /// `of[i]`: the group (index into `at`) of actor i.
    of: Vec<usize>,
    /// The distinct positions, ascending.
    at: Vec<f64>,
    /// The first actor (lowest index) at each position: ties of the median voter.
    first: Vec<usize>,
    /// `prev[i]`: the actor before i (in index order) at i's position, or [`NONE`].
    prev: Vec<usize>,
    /// Prefix sums over the groups of Σ w and Σ w·(x − low): `cw[g]` covers groups
    /// before g (D + 1 entries).
    cw: Vec<f64>,
    cs: Vec<f64>,
    /// L(x_g) = Σ_k w_k |x_k − x_g|, summed in actor order.
    dist: Vec<f64>,
    /// P(an actor at g beats one at h) at `prob[g * D + h]`.
    prob: Vec<f64>,
    /// For a pair of groups a < b, the group a' < a with x_a − x_a' = x_b − x_a
    /// exactly, or [`NONE`]: a challenger at a has the same utilities towards both.
    mirror: Vec<usize>,
    /// First pass (r = 1), per pair of positions at `[h * D + g]` for a challenger at
    /// g and a target at h (target-major, the order the dangers read them): the
    /// challenger's gamble P U_s + (1 − P) U_f, U_s and status-quo term.
    first_pass: Vec<[f64; 3]>,
    /// First pass, `term[g * n + i]`: what one actor at g expects from challenging
    /// actor i (challenger-major, so that one challenger's terms for all targets are
    /// one contiguous row that the dangers add in one vector loop).
    term: Vec<f64>,
    /// ln(½ − ½δ) and ln(½ + ½δ) of each pair of positions (symmetric): the second
    /// pass raises them to each challenger's r as exp(r·ln b).
    ln: Vec<[f64; 2]>,
    /// The class of each actor: the actors at one position with the same risk
    /// exponent expect the same from every challenge. Classes are numbered in the
    /// order of their first actor, `lead[c]`.
    class: Vec<usize>,
    lead: Vec<usize>,
    /// Second pass, a challenger of class c towards an actor at g, at `[c * D + g]`:
    /// the gamble P U_s + (1 − P) U_f, U_s and the status-quo term; all 0 at the
    /// class's own position. EU_i(j) = s_j·gamble + (1 − s_j)·U_s − status quo.
    rows: Vec<[f64; 3]>,
    /// The current class's U_f towards each position (a mirror copies it).
    row_f: Vec<f64>,
    /// Each target's best offer (sender, EU), [`NONE`] for none.
    best: Vec<(usize, f64)>,
    /// The logarithms of the last distances seen ([`cached_bases_ln`]).
    ln_cache: Vec<(u64, [f64; 2])>,
}

impl Groups {
    /// Room for `n` actors: rounds of at most `n` actors then do not allocate.
    pub(super) fn reserve(&mut self, n: usize) {
        fn room<T>(v: &mut Vec<T>, k: usize) {
            v.reserve(k.saturating_sub(v.len()));
        }
        room(&mut self.order, n);
        room(&mut self.prev, n);
        room(&mut self.of, n);
        room(&mut self.first, n);
        room(&mut self.at, n);
        room(&mut self.cw, n + 1);
        room(&mut self.cs, n + 1);
        room(&mut self.dist, n);
        room(&mut self.term, n * n);
        room(&mut self.row_f, n);
        room(&mut self.class, n);
        room(&mut self.lead, n);
        room(&mut self.best, n);
        room(&mut self.prob, n * n);
        room(&mut self.mirror, n * n);
        room(&mut self.first_pass, n * n);
        room(&mut self.ln, n * n);
        room(&mut self.rows, n * n);
        // Distances between n positions: up to n(n − 1)/2, usually far fewer.
        let slots = (4 * n).next_power_of_two();
        if self.ln_cache.len() < slots {
            self.ln_cache = vec![NO_LN; slots];
        }
    }

    /// Forget the last round (a new issue of `n` actors is loaded): every P and EU
    /// reads 0 (no groups, no classes; the tables keep their room and stale entries,
    /// which a round overwrites before reading). The sort order is kept (any
    /// permutation of 0..n is a valid start).
    pub(super) fn clear(&mut self, n: usize) {
        self.of.clear();
        self.of.resize(n, 0);
        self.at.clear();
        self.class.clear();
    }

    /// P_ij at the start of the last round (0 before any round).
    pub(super) fn prob(&self, i: usize, j: usize) -> f64 {
        if self.at.is_empty() {
            return 0.0;
        }
        self.prob[self.of[i] * self.at.len() + self.of[j]]
    }

    /// The gamble, U_s and status-quo term of i challenging j in the last round's
    /// second pass (None before any round).
    pub(super) fn eu_parts(&self, i: usize, j: usize) -> Option<(f64, f64, f64)> {
        let c = *self.class.get(i)?;
        let [g, u_s, u_q] = *self.rows.get(c * self.at.len() + self.of[j])?;
        Some((g, u_s, u_q))
    }

    /// Group the positions `x` (weights `w`) of an issue starting at `low` with range
    /// `d`, and compute per group L(x_g) and the prefix sums, and per pair of groups the
    /// win probability. O(n + moves + n·D + D²) for D distinct positions.
    fn build(&mut self, x: &[f64], w: &[f64], low: f64, d: f64) {
        let n = x.len();
        if self.order.len() != n {
            // A new issue size starts from 0..n; an issue of the same size from the
            // previous issue's order (any permutation is a valid start).
            self.order.clear();
            self.order.extend(0..n);
        }
        sort(&mut self.order, |a| x[a]);
        // The tables sized first, then handed to the steps as slices: the loops then
        // keep their addresses and lengths in registers instead of reloading them
        // through `self` after every store. Sized without clearing: the steps write
        // every entry a round reads (clearing and refilling cost more than the
        // entries), and the per-group ones get room for n groups, `at` then cut to the
        // groups found.
        self.of.resize(n, 0);
        self.prev.resize(n, NONE);
        self.at.resize(n, 0.0);
        self.first.resize(n, 0);
        self.cw.resize(n + 1, 0.0);
        self.cs.resize(n + 1, 0.0);
        let groups = self.group(x, w, low);
        self.at.truncate(groups);
        self.dist.resize(groups, 0.0);
        self.dist.fill(0.0);
        self.prob.resize(groups * groups, 0.0);
        self.mirror.resize(groups * groups, NONE);
        // L in actor order, as `median_voter` sums it (the same bits); actors in the
        // outer loop so that the D sums advance side by side.
        for (xk, wk) in x.iter().zip(w) {
            for (l, xg) in self.dist.iter_mut().zip(&self.at) {
                *l += wk * (xk - xg).abs();
            }
        }
        let idx = |a: usize, b: usize| a * groups + b;
        let sums = Sums {
            at: &self.at,
            cw: &self.cw,
            cs: &self.cs,
            dist: &self.dist,
        };
        pair_probabilities(&sums, low, d, &mut self.prob, idx);
        find_mirrors(&self.at, &mut self.mirror, idx);
    }

    /// One pass over the sorted actors: the distinct positions `at`, each one's first
    /// actor, each actor's group and predecessor there, and the prefix sums of w and
    /// w·(x − low). Returns the number of groups.
    fn group(&mut self, x: &[f64], w: &[f64], low: f64) -> usize {
        let Groups {
            order,
            of,
            prev,
            at,
            first,
            cw,
            cs,
            ..
        } = self;
        let (order, of, prev) = (&order[..], &mut of[..], &mut prev[..]);
        let (at, first) = (&mut at[..], &mut first[..]);
        let (cw, cs) = (&mut cw[..], &mut cs[..]);
        let mut g = 0;
        let mut last = NONE;
        (cw[0], cs[0]) = (0.0, 0.0);
        for (k, &i) in order.iter().enumerate() {
            if k == 0 || x[i] != at[g - 1] {
                at[g] = x[i];
                first[g] = i;
                g += 1;
                cw[g] = cw[g - 1];
                cs[g] = cs[g - 1];
                last = NONE;
            }
            of[i] = g - 1;
            prev[i] = last;
            last = i;
            cw[g] += w[i];
            cs[g] += w[i] * (x[i] - low);
        }
        g
    }

    /// First pass: danger_i sums what the others expect from challenging i, over
    /// j ≠ i in actor order (the order of the sum as written, so the same bits). What
    /// j expects depends on j only through its position g, so it is computed once per
    /// position and target (`term`); the n sums then advance side by side, challenger
    /// by challenger, each step adding one contiguous row of terms to all n sums (a
    /// vector loop), with target j's own sum kept out of step j.
    // Not inlined into `round`: there its vector loops compile to slower code (about
    // 2,000 more instructions per EC run, callgrind).
    #[inline(never)]
    fn dangers(&mut self, s: &[f64], danger: &mut [f64]) {
        let groups = self.at.len();
        let n = s.len();
        let Groups {
            of,
            first_pass,
            term,
            ..
        } = self;
        let of = &of[..];
        term.resize(groups * n, 0.0);
        let term = &mut term[..groups * n];
        for g in 0..groups {
            let terms_g = &mut term[g * n..(g + 1) * n];
            for ((t, &a), &s_i) in terms_g.iter_mut().zip(of).zip(s) {
                let [gamble, u_s, u_q] = first_pass[a * groups + g];
                *t = eu_at(s_i, gamble, u_s, u_q);
            }
        }
        // Every sum starts at +0, as the sum written pair by pair does.
        danger.fill(0.0);
        for (j, &g) in of.iter().enumerate() {
            let own = danger[j];
            for (total, &t) in danger.iter_mut().zip(&term[g * n..(g + 1) * n]) {
                *total += t;
            }
            danger[j] = own;
        }
    }

    /// Second pass (μ = the weighted mean, the new r): each class's row, its U_s,
    /// gamble and status-quo term towards every position. What depends on the
    /// challenger and a position is computed once per class and position, and once
    /// for two positions at the same distance on either side of the class.
    fn second_pass(&mut self, p: &Params, x: &[f64], mean: f64, d: f64, risk: &[f64]) {
        let groups = self.at.len();
        let Groups {
            of,
            prev,
            at,
            prob,
            mirror,
            ln,
            class,
            lead,
            rows,
            row_f,
            ..
        } = self;
        class.clear();
        lead.clear();
        // Room for a class per actor, written by index (pushing entry by entry costs
        // more than the entries); rows past the classes found are never read.
        let n = risk.len();
        rows.resize(n * groups, [0.0; 3]);
        row_f.resize(groups, 0.0);
        for (i, (&r, &a)) in risk.iter().zip(&of[..]).enumerate() {
            // An earlier actor at the same position with the same r has the same row.
            let twin = earlier(prev, i, |m| risk[m] == r);
            if let Some(m) = twin {
                class.push(class[m]);
                continue;
            }
            let c = lead.len();
            class.push(c);
            lead.push(i);
            let u_sq = 2.0 - 4.0 * power(0.5, r);
            let to_mean = (x[i] - mean).abs();
            let k = a * groups..(a + 1) * groups;
            let (p_a, mirror_a, ln_a) = (&prob[k.clone()], &mirror[k.clone()], &ln[k]);
            let row = &mut rows[c * groups..(c + 1) * groups];
            // No offers within a position: EU_i(j) reads 0 there.
            row[a] = [0.0; 3];
            for b in 0..groups {
                if b == a {
                    continue;
                }
                // A position at the same distance on i's other side, done just before.
                let twin = mirror_a[b];
                let (u_s, u_f, u_q) = if twin != NONE {
                    let [_, u_s, u_q] = row[twin];
                    (u_s, row_f[twin], u_q)
                } else {
                    let dij = (at[a] - at[b]).abs();
                    utilities(p, r, u_sq, to_mean, dij, d, ln_a[b])
                };
                row_f[b] = u_f;
                row[b] = [gamble(p_a[b], u_s, u_f), u_s, u_q];
            }
        }
    }

    /// Each target takes its best offer: the moves are applied to `position` in
    /// target order and recorded in `events`; returns the largest move.
    fn offers(
        &mut self,
        s: &[f64],
        x: &[f64],
        position: &mut [f64],
        events: &mut Vec<Event>,
    ) -> f64 {
        let groups = self.at.len();
        let Groups {
            of,
            prev,
            class,
            lead,
            rows,
            best,
            ..
        } = self;
        events.clear();
        best.clear();
        let mut moved: f64 = 0.0;
        for (j, &b) in of.iter().enumerate() {
            // An earlier target at the same position with the same salience has the
            // same offers, so the same best.
            let twin = earlier(prev, j, |m| s[m].to_bits() == s[j].to_bits());
            let (i, offer) = match twin {
                Some(m) => best[m],
                None => best_offer(s[j], x[j], lead, |c| rows[c * groups + b], |i| x[i]),
            };
            best.push((i, offer));
            if i == NONE {
                continue;
            }
            let [g, u_s, u_q] = rows[class[j] * groups + of[i]];
            let reply = eu_at(s[i], g, u_s, u_q);
            let to = answer(events, (i, x[i], offer), (j, x[j], reply));
            position[j] = to;
            moved = moved.max((to - x[j]).abs());
        }
        moved
    }
}

/// Target j at `xj` answers the best offer, worth `offer`, from sender i at `xi`,
/// challenging whom is worth `reply` to it: records the event and returns j's new
/// position.
#[inline(always)]
pub(super) fn answer(
    events: &mut Vec<Event>,
    (i, xi, offer): (usize, f64, f64),
    (j, xj, reply): (usize, f64, f64),
) -> f64 {
    let (outcome, to) = respond(offer, reply, xi, xj);
    events.push(Event {
        sender: i,
        target: j,
        offer,
        reply,
        outcome,
        from: xj,
        to,
    });
    to
}

/// Sort the actor indices by (position, index), a total order, so the result does not
/// depend on where the sort starts. Positions move little from one round to the next,
/// so last round's order is almost sorted and an insertion sort costs O(n) plus one
/// step per pair of actors that swapped places. (x + 0.0 is x except that −0 becomes
/// +0: the two zeros are one position, so that the actors at a position are in index
/// order, as `prev` and `first` need.) `x(a)` is actor a's position.
#[inline]
pub(super) fn sort(order: &mut [usize], x: impl Fn(usize) -> f64) {
    let key = |a: usize| x(a) + 0.0;
    let after = |a: usize, b: usize| {
        let (ka, kb) = (key(a), key(b));
        // Two comparisons settle the usual case; total_cmp orders equal keys by index
        // and NaN as it always did (the same order, as a cheaper test).
        if ka < kb {
            false
        } else if ka > kb {
            true
        } else {
            ka.total_cmp(&kb).then(a.cmp(&b)).is_gt()
        }
    };
    for k in 1..order.len() {
        let i = order[k];
        let mut m = k;
        while m > 0 && after(order[m - 1], i) {
            order[m] = order[m - 1];
            m -= 1;
        }
        order[m] = i;
    }
}

/// The distinct positions of a round (ascending) and what is summed over them: the
/// prefix sums of w and w·(x − low) (`cw[g]`, `cs[g]` cover the groups before g, D + 1
/// entries) and L (`dist`).
pub(super) struct Sums<'a> {
    pub at: &'a [f64],
    pub cw: &'a [f64],
    pub cs: &'a [f64],
    pub dist: &'a [f64],
}

/// P for every pair of groups, from the prefix sums and L, into `prob[idx(a, b)]` (P
/// that an actor at a beats one at b). O(D²): a pointer at the midpoint of each pair
/// only moves forward as b grows.
#[inline]
pub(super) fn pair_probabilities(
    sums: &Sums<'_>,
    low: f64,
    d: f64,
    prob: &mut [f64],
    idx: impl Fn(usize, usize) -> usize,
) {
    let Sums { at, cw, cs, dist } = *sums;
    let groups = at.len();
    // Below this the separating weight is rounding noise: no weight separates them.
    let total = cw[groups];
    let noise = 1e-12 * d * total;
    for a in 0..groups {
        let ya = at[a] - low;
        let mut c = a + 1;
        // No one beats an actor at its own position.
        prob[idx(a, a)] = 0.0;
        for b in a + 1..groups {
            let yb = at[b] - low;
            // Σ_k w_k ||x_k − x_b| − |x_k − x_a|| = Σ_k w_k min(x_b − x_a, 2|x_k − m|),
            // m = (x_a + x_b)/2: x_b − x_a outside [x_a, x_b], 2|x_k − m| inside.
            let m2 = ya + yb;
            while c < b && 2.0 * (at[c] - low) < m2 {
                c += 1;
            }
            let outside = cw[a + 1] + (total - cw[b]);
            let left = (m2 * (cw[c] - cw[a + 1]) - 2.0 * (cs[c] - cs[a + 1])).max(0.0);
            let right = (2.0 * (cs[b] - cs[c]) - m2 * (cw[b] - cw[c])).max(0.0);
            let den = (yb - ya) * outside + left + right;
            // Σ_k w_k (|x_k − x_b| − |x_k − x_a|) = L(x_b) − L(x_a), exactly
            // antisymmetric, so at most one direction is positive; the other is +0,
            // the bits of 0 / den.
            let (mut p_ab, mut p_ba) = (0.0, 0.0);
            if den > noise {
                let num = dist[b] - dist[a];
                if num > 0.0 {
                    p_ab = (num / den).min(1.0);
                } else if num < 0.0 {
                    p_ba = (-num / den).min(1.0);
                }
            }
            prob[idx(a, b)] = p_ab;
            prob[idx(b, a)] = p_ba;
        }
    }
}

/// The median voter: the position with the least L, ties to the first actor (as
/// `median_voter` chooses); `first[g]` is the first actor at position g.
#[inline]
pub(super) fn median(at: &[f64], dist: &[f64], first: &[usize]) -> f64 {
    let mut best: Option<usize> = None;
    for g in 0..at.len() {
        best = match best {
            Some(b) if dist[g] > dist[b] || (dist[g] == dist[b] && first[g] > first[b]) => Some(b),
            _ => Some(g),
        };
    }
    best.map_or(f64::NAN, |b| at[b])
}

/// First pass (r = 1, μ = the median voter): what an actor at g expects from
/// challenging one at h depends on nothing else, so U_s, U_f and the status-quo term
/// are computed once per pair of positions (divisions included), into
/// `table[idx(h, g)]` (target-major, the order the dangers read them): the
/// challenger's gamble P U_s + (1 − P) U_f, U_s and status-quo term.
#[inline]
pub(super) fn first_pass_utilities(
    p: &Params,
    at: &[f64],
    median: f64,
    d: f64,
    prob: &[f64],
    table: &mut [[f64; 3]],
    idx: impl Fn(usize, usize) -> usize,
) {
    let groups = at.len();
    for h in 0..groups {
        for g in h..groups {
            // As `challenge` computes them with r = 1 (where b^r = b). The distance is
            // the same both ways (x − y = −(y − x) exactly), and so are U_s, U_f.
            let dgh = (at[g] - at[h]).abs();
            let delta = dgh / d;
            let u_s = 2.0 - 4.0 * (0.5 - 0.5 * delta);
            let u_f = 2.0 - 4.0 * (0.5 + 0.5 * delta);
            let quo_g = status_quo(p, ((at[g] - median).abs() + dgh) / d, 1.0, 0.0);
            let quo_h = status_quo(p, ((at[h] - median).abs() + dgh) / d, 1.0, 0.0);
            table[idx(h, g)] = [gamble(prob[idx(g, h)], u_s, u_f), u_s, quo_g];
            table[idx(g, h)] = [gamble(prob[idx(h, g)], u_s, u_f), u_s, quo_h];
        }
    }
}

/// The logarithms of the second pass's bases, ln(½ − ½δ) and ln(½ + ½δ), once per
/// pair of positions a ≠ b into `ln[idx(a, b)]` (symmetric); a pair with a mirror
/// takes the mirror's (the same δ); the others are looked up in `cache` (see
/// [`cached_bases_ln`]).
#[inline]
pub(super) fn logarithms(
    at: &[f64],
    d: f64,
    mirror: &[usize],
    ln: &mut [[f64; 2]],
    idx: impl Fn(usize, usize) -> usize,
    cache: &mut [(u64, [f64; 2])],
) {
    let groups = at.len();
    for a in 0..groups {
        for b in a + 1..groups {
            let twin = mirror[idx(a, b)];
            let pair = if twin != NONE {
                ln[idx(twin, a)]
            } else {
                let delta = (at[a] - at[b]).abs() / d;
                if delta == 1.0 {
                    // The ends of the issue: ln 0 and ln 1, exactly.
                    [f64::NEG_INFINITY, 0.0]
                } else {
                    cached_bases_ln(cache, delta)
                }
            };
            ln[idx(a, b)] = pair;
            ln[idx(b, a)] = pair;
        }
    }
}

/// ln(½ − ½δ) and ln(½ + ½δ).
#[inline]
pub(super) fn bases_ln(delta: f64) -> [f64; 2] {
    [(0.5 - 0.5 * delta).ln(), (0.5 + 0.5 * delta).ln()]
}

/// [`bases_ln`]`(delta)`, remembered in `slots` (a power-of-two number of them, or
/// none), a table keyed by δ's bits that keeps the newest distance per slot: the
/// actors who do not move keep most distances between positions from one round to the
/// next, and positions on a grid share distances. A pure function of δ, so never
/// stale; the empty key u64::MAX is a NaN that no arithmetic produces.
#[inline]
pub(super) fn cached_bases_ln(slots: &mut [(u64, [f64; 2])], delta: f64) -> [f64; 2] {
    let key = delta.to_bits();
    let mask = slots.len().wrapping_sub(1);
    match slots.get_mut((key ^ (key >> 29)) as usize & mask) {
        Some(slot) if slot.0 == key => slot.1,
        Some(slot) => {
            *slot = (key, bases_ln(delta));
            slot.1
        }
        None => bases_ln(delta),
    }
}

/// An empty slot of [`cached_bases_ln`]'s table.
pub(super) const NO_LN: (u64, [f64; 2]) = (u64::MAX, [0.0; 2]);

/// Mirrors: for groups a < b, the group a' < a with x_a − x_a' = x_b − x_a exactly, at
/// `mirror[idx(a, b)]`, [`NONE`] for b ≤ a (the distances on each side of a grow as the groups move away
/// from it, so one pointer walks left while b walks right).
#[inline]
pub(super) fn find_mirrors(at: &[f64], mirror: &mut [usize], idx: impl Fn(usize, usize) -> usize) {
    let groups = at.len();
    for a in 0..groups {
        let xa = at[a];
        let mut c = a;
        // Only pairs a < b have mirrors.
        for b in 0..=a {
            mirror[idx(a, b)] = NONE;
        }
        for b in a + 1..groups {
            let db = at[b] - xa;
            while c > 0 && xa - at[c - 1] < db {
                c -= 1;
            }
            mirror[idx(a, b)] = if c > 0 && xa - at[c - 1] == db {
                c - 1
            } else {
                NONE
            };
        }
    }
}

/// The sender of the best offer to a target at `xj` with salience `s_j`, and its value
/// (sender [`NONE`] for no offer): the highest EU_i(j) > 0 among actors at another
/// position; ties to the closest position, then to the first actor. `lead[c]` is the
/// first actor of class c, `column(c)` class c's entry for the target's position and
/// `x(i)` actor i's position. The classes are tried in the order of their first
/// actors, which are the first of the actors with that offer, so the choice is the one
/// the loop over all actors makes (a later actor of a class ties with its first and is
/// not closer); the classes at the target's position offer exactly 0, which never
/// wins.
#[inline(always)]
pub(super) fn best_offer(
    s_j: f64,
    xj: f64,
    lead: &[usize],
    column: impl Fn(usize) -> [f64; 3],
    x: impl Fn(usize) -> f64,
) -> (usize, f64) {
    let (mut best, mut best_eu, mut best_dist) = (NONE, 0.0, 0.0);
    for (c, &i) in lead.iter().enumerate() {
        let [g, u_s, u_q] = column(c);
        let v = eu_at(s_j, g, u_s, u_q);
        // The first positive offer beats best_eu = 0; NaN never does. (Most offers
        // fail the first test, which is all they cost.)
        if v >= best_eu && (v > best_eu || (best != NONE && (x(i) - xj).abs() < best_dist)) {
            (best, best_eu, best_dist) = (i, v, (x(i) - xj).abs());
        }
    }
    (best, best_eu)
}

/// U_s, U_f and the status-quo term of a challenger with risk exponent `r` (and
/// U_sq = `u_sq`) at distance `to_mean` from the weighted mean, towards a position at
/// distance `dij` whose bases ½ ∓ ½δ have the logarithms `ln_pair`: as `challenge`
/// computes them, with the powers from the crate's `exp`, two at once.
#[inline(always)]
pub(super) fn utilities(
    p: &Params,
    r: f64,
    u_sq: f64,
    to_mean: f64,
    dij: f64,
    d: f64,
    ln_pair: [f64; 2],
) -> (f64, f64, f64) {
    let (u_s, u_f) = if r == 1.0 {
        let delta = dij / d;
        (
            2.0 - 4.0 * (0.5 - 0.5 * delta),
            2.0 - 4.0 * (0.5 + 0.5 * delta),
        )
    } else {
        let [near, far] = ln_pair;
        let [p_near, p_far] = if near == f64::NEG_INFINITY {
            // Positions at the two ends: bases 0 and 1, powers 0 and 1.
            [0.0, 1.0]
        } else {
            super::exp::exp_pair([r * near, r * far])
        };
        (2.0 - 4.0 * p_near, 2.0 - 4.0 * p_far)
    };
    (u_s, u_f, status_quo(p, (to_mean + dij) / d, r, u_sq))
}

/// The last actor before `i` at i's position for which `same` holds: the actors at a
/// position are linked from each to the one before it (`prev`, [`NONE`] for the first).
#[inline]
pub(super) fn earlier(prev: &[usize], i: usize, same: impl Fn(usize) -> bool) -> Option<usize> {
    let mut m = prev[i];
    while m != NONE {
        if same(m) {
            return Some(m);
        }
        m = prev[m];
    }
    None
}

/// Play one round from the current positions; the offers taken up are left in
/// `ws.events`. Does not allocate.
///
/// O(n²), and O(n·D) calls of `exp` for D distinct positions. The win probabilities
/// come from per-position sums (see [`Groups::build`]) instead of a sum over all actors
/// per pair; they agree with [`win_probabilities`](super::win_probabilities) to
/// rounding (relative to the total weighted range). Everything else is what the
/// formulas of [`expected_utility`](super::expected_utility) give pair by pair,
/// computed by the same operations in the same order, so none of the following
/// shortcuts changes a bit of the result:
/// - what depends only on two positions (distances, divisions, logarithms, the first
///   pass's utilities) is computed once per pair of positions;
/// - what depends on a challenger and a position (the powers b^r, the status-quo term,
///   P U_s + (1 − P) U_f) once per class of challengers (one position, one r) and
///   position, and once for two positions at the same distance on either side;
/// - the best offer to a target is sought among the classes, once per position and
///   salience of targets; per pair of actors only the dangers' sums remain.
pub fn round(ws: &mut Workspace, p: &Params) -> Round {
    let Workspace {
        low,
        high,
        salience,
        weight,
        position,
        start,
        danger,
        risk,
        events,
        groups: gr,
        small,
    } = ws;
    let d = *high - *low;
    start.copy_from_slice(position);
    let x = &start[..];
    let mean = weighted_mean(x, weight);
    if x.len() <= super::small::CAP {
        let io = super::small::Io {
            low: *low,
            d,
            mean,
            salience,
            weight,
            start: x,
            position,
            danger,
            risk,
            events,
        };
        let (median, moved) = small.round(p, io);
        return Round {
            mean,
            median,
            moved,
        };
    }
    gr.build(x, weight, *low, d);
    let median = median(&gr.at, &gr.dist, &gr.first);
    let groups = gr.at.len();
    let idx = |a: usize, b: usize| a * groups + b;
    gr.first_pass.resize(groups * groups, [0.0; 3]);
    first_pass_utilities(p, &gr.at, median, d, &gr.prob, &mut gr.first_pass, idx);
    gr.dangers(salience, danger);
    risk_exponents(danger, risk);
    // Pairs a < b and b < a are written; the diagonal is never read.
    gr.ln.resize(groups * groups, [0.0; 2]);
    logarithms(&gr.at, d, &gr.mirror, &mut gr.ln, idx, &mut gr.ln_cache);
    gr.second_pass(p, x, mean, d, risk);
    let moved = gr.offers(salience, x, position, events);
    Round {
        mean,
        median,
        moved,
    }
}
