//! Repeated-game strategies, shared by the treaty's compliance phase (`engine`) and
//! the classroom tournaments (`classroom`).
//!
//! A [`Player`] is plain data: the strategy's parameters plus whatever state it keeps.
//! Each round the caller asks [`Player::play`] for the *intended* move, applies any
//! implementation noise itself, then tells both players what happened with
//! [`Player::observe`] (own move as played, the other's move as seen). The hot loop
//! has no allocation and no dynamic dispatch: one `match` per move.
//!
//! Every strategy is described by a [`StrategyInfo`] in [`CATALOG`] (names in the
//! literature, citation, memory depth, stochastic or not); `tests/it/strategy.rs`
//! checks the metadata against behaviour for every entry.

use rand::{Rng, RngExt};

mod catalog;
pub mod deterrence;
mod id;
pub use catalog::CATALOG;
pub use id::{ExitId, StrategyId};

/// A strategy of the [`CATALOG`] by its canonical id, with parameters: what a
/// scenario's `compliance` and a tournament's entrant name.
/// TOML: `compliance = "tit-for-tat"`, or a table `{ strategy = "generous-tit-for-tat",
/// generosity = 0.1 }`, or `{ memory_one = [1, 0, 1, 0], first = 1 }`.
#[derive(Debug, Clone, PartialEq)]
pub struct StrategySpec {
    /// The strategy, e.g. tit-for-tat, grim, memory-one (or `deterrence`, which is
    /// not a repeated-game strategy and gives no [`Player`]).
    pub id: StrategyId,
    /// Named numeric parameters, sorted by name (e.g. `generosity`, `p_cc`...).
    pub params: Vec<(String, f64)>,
}

impl StrategySpec {
    /// A strategy with its default parameters.
    pub fn of(id: StrategyId) -> StrategySpec {
        StrategySpec { id, params: vec![] }
    }

    /// A strategy of the catalogue named by its id or an alias (as [`lookup`] reads
    /// it), with parameters, as a tournament's entrant names it. `deterrence`, which
    /// plays no repeated game, is unknown here.
    pub fn named(id: &str, params: Vec<(String, f64)>) -> Result<StrategySpec, StrategyError> {
        let info = lookup(id).ok_or_else(|| StrategyError::Unknown {
            id: id.to_string(),
            closest: closest_id(id),
        })?;
        Ok(StrategySpec {
            id: info.id,
            params,
        })
    }
}

/// A move in the stage game: cooperate (comply) or defect (violate).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Move {
    C,
    D,
}

impl Move {
    pub fn flip(self) -> Move {
        match self {
            Move::C => Move::D,
            Move::D => Move::C,
        }
    }
    pub fn is_c(self) -> bool {
        self == Move::C
    }
}

/// Metadata of one strategy in the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct StrategyInfo {
    /// Canonical id used in scenarios and on the command line ("tit-for-tat").
    pub id: StrategyId,
    /// Display name ("Tit For Tat").
    pub name: &'static str,
    /// Other names in the literature, also accepted as ids (lower-case, hyphenated).
    pub aliases: &'static [&'static str],
    /// How many past rounds it looks at: `Some(0)` none, `Some(1)` memory-one, ...,
    /// `None` unbounded.
    pub memory: Option<u32>,
    /// Whether it draws random numbers.
    pub stochastic: bool,
    /// Where it comes from.
    pub citation: &'static str,
    /// One line in plain words.
    pub summary: &'static str,
    /// Named parameters and their defaults.
    pub params: &'static [(&'static str, f64)],
}

/// Why a strategy spec was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StrategyError {
    #[error("unknown strategy `{id}`{}", closest.as_ref().map(|c| format!("; did you mean `{c}`?")).unwrap_or_default())]
    Unknown { id: String, closest: Option<String> },
    #[error("unknown exit rule `{id}`{}", closest.as_ref().map(|c| format!("; did you mean `{c}`?")).unwrap_or_default())]
    UnknownExit { id: String, closest: Option<String> },
    #[error("strategy `{id}` has no parameter `{param}` (it takes: {valid})")]
    UnknownParam {
        id: String,
        param: String,
        valid: String,
    },
    #[error("parameter `{param}` of `{id}` must be {expected}, got {value}")]
    BadParam {
        id: String,
        param: String,
        expected: &'static str,
        value: f64,
    },
}

/// Look a strategy up by id or alias (case-insensitive; `_` and ` ` count as `-`).
pub fn lookup(id: &str) -> Option<&'static StrategyInfo> {
    let key: String = id
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == '_' || c == ' ' { '-' } else { c })
        .collect();
    CATALOG
        .iter()
        .find(|s| s.id.as_str() == key || s.aliases.contains(&key.as_str()))
}

/// The default stage game (R, S, T, P) = (3, 0, 5, 1), in the state order CC, CD, DC, DD
/// seen from the player's side.
pub const DEFAULT_PAYOFF: [f64; 4] = [3.0, 0.0, 5.0, 1.0];

/// A strategy with its state: one player in one match.
///
/// Plain data of a few words: the strategy's parameters and per-strategy state live in
/// a private enum, the shared history in a handful of counters and a bit register of
/// the other's last 64 moves. Call [`Player::play`] exactly once per round, then
/// [`Player::observe`].
#[derive(Debug, Clone, PartialEq)]
pub struct Player {
    kind: Kind,
    /// The other's moves as seen, newest in bit 0 (1 = D); older than 64 rounds dropped.
    other_hist: u64,
    /// Rounds observed so far.
    turn: u32,
    /// How often the other was seen defecting.
    other_d: u32,
    /// Own last move as played (meaningless while `turn == 0`).
    own_last: Move,
}

/// Strategy parameters plus the state a strategy keeps beyond the shared history.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Cooperator,
    Defector,
    TitForTat,
    SuspiciousTitForTat,
    TitForTwoTats,
    TwoTitsForTat,
    Grim,
    /// `from_game`: the generosity was not given, so it follows the game's payoffs.
    Gtft {
        q: f64,
        from_game: bool,
    },
    Wsls,
    Random {
        p: f64,
    },
    Joss {
        p: f64,
    },
    Gradual {
        punish: u32,
        calm: u32,
    },
    Alternator,
    Prober {
        exploit: bool,
    },
    FirmButFair,
    /// `p` is derived from `phi`, `s` and the game (l = P).
    ZdExtort2 {
        phi: f32,
        s: f32,
        p: [f64; 4],
    },
    Adaptive {
        payoff: [f64; 4],
        score: [f64; 2],
    },
    Handshake {
        ok: bool,
    },
    HardTitForTat,
    /// 0 = not punishing; k in 1..=5 = next move is the k-th of D, D, D, C, C.
    SoftGrudger {
        step: u8,
    },
    GoByMajority,
    Calculator {
        cycle: bool,
    },
    WorseAndWorse,
    MemoryOne {
        first: f64,
        p: [f64; 4],
    },
}

/// Cooperate with probability `p`, drawing a number only when 0 < p < 1 (like axelrod's
/// `random_choice`).
#[inline(always)]
fn coop<R: Rng + ?Sized>(rng: &mut R, p: f64) -> Move {
    if p >= 1.0 {
        Move::C
    } else if p <= 0.0 {
        Move::D
    } else if rng.random::<f64>() < p {
        Move::C
    } else {
        Move::D
    }
}

#[inline(always)]
fn state(own: Move, other: Move) -> usize {
    (own as usize) * 2 + other as usize
}

/// GTFT's generosity for a game (axelrod's default), clamped to [0, 1].
fn gtft_q(g: [f64; 4]) -> f64 {
    let [r, s, t, p] = g;
    let q = (1.0 - (t - r) / (r - s)).min((r - p) / (t - p));
    if q.is_finite() {
        q.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// The linear-relation (Hilbe et al. 2013, eq. 14) four-vector with l = P, clamped to [0, 1].
fn zd_vector(phi: f64, s: f64, g: [f64; 4]) -> [f64; 4] {
    let [r, sk, t, p] = g;
    let l = p;
    [
        1.0 - phi * (1.0 - s) * (r - l),
        1.0 - phi * (s * (l - sk) + (t - l)),
        phi * ((l - sk) + s * (t - l)),
        phi * (1.0 - s) * (l - p),
    ]
    .map(|x| {
        if x.is_finite() {
            x.clamp(0.0, 1.0)
        } else {
            0.0
        }
    })
}

/// Whether the first 20 moves in `hist` (bit 19 = first move) repeat with a period of
/// 1..=10 from the start (axelrod's `detect_cycle`).
fn periodic20(hist: u64) -> bool {
    let m = |i: u32| (hist >> (19 - i)) & 1;
    (1..=10u32).any(|period| (0..20u32).all(|j| m(j) == m(j % period)))
}

impl Player {
    /// Build a player from a validated spec. Parameters not given take their defaults.
    pub fn from_spec(spec: &StrategySpec) -> Result<Player, StrategyError> {
        let unknown = || StrategyError::Unknown {
            id: spec.id.as_str().into(),
            closest: closest_id(spec.id.as_str()),
        };
        let info = spec.id.info().ok_or_else(unknown)?;
        let mut values: Vec<f64> = info.params.iter().map(|p| p.1).collect();
        let mut given = vec![false; values.len()];
        for (name, v) in &spec.params {
            let Some(k) = info.params.iter().position(|p| p.0 == name) else {
                return Err(StrategyError::UnknownParam {
                    id: info.id.as_str().into(),
                    param: name.clone(),
                    valid: if info.params.is_empty() {
                        "no parameters".into()
                    } else {
                        info.params
                            .iter()
                            .map(|p| p.0)
                            .collect::<Vec<_>>()
                            .join(", ")
                    },
                });
            };
            if !(0.0..=1.0).contains(v) {
                return Err(StrategyError::BadParam {
                    id: info.id.as_str().into(),
                    param: name.clone(),
                    expected: "a probability in [0, 1]",
                    value: *v,
                });
            }
            values[k] = *v;
            given[k] = true;
        }
        let kind = match spec.id {
            StrategyId::Cooperator => Kind::Cooperator,
            StrategyId::Defector => Kind::Defector,
            StrategyId::TitForTat => Kind::TitForTat,
            StrategyId::SuspiciousTitForTat => Kind::SuspiciousTitForTat,
            StrategyId::TitForTwoTats => Kind::TitForTwoTats,
            StrategyId::TwoTitsForTat => Kind::TwoTitsForTat,
            StrategyId::Grim => Kind::Grim,
            StrategyId::GenerousTitForTat => Kind::Gtft {
                q: values[0],
                from_game: !given[0],
            },
            StrategyId::WinStayLoseShift => Kind::Wsls,
            StrategyId::Random => Kind::Random { p: values[0] },
            StrategyId::Joss => Kind::Joss { p: values[0] },
            StrategyId::Gradual => Kind::Gradual { punish: 0, calm: 0 },
            StrategyId::Alternator => Kind::Alternator,
            StrategyId::Prober => Kind::Prober { exploit: false },
            StrategyId::FirmButFair => Kind::FirmButFair,
            StrategyId::ZdExtort2 => Kind::ZdExtort2 {
                phi: values[0] as f32,
                s: values[1] as f32,
                p: zd_vector(values[0], values[1], DEFAULT_PAYOFF),
            },
            StrategyId::Adaptive => Kind::Adaptive {
                payoff: DEFAULT_PAYOFF,
                score: [0.0; 2],
            },
            StrategyId::Handshake => Kind::Handshake { ok: false },
            StrategyId::HardTitForTat => Kind::HardTitForTat,
            StrategyId::SoftGrudger => Kind::SoftGrudger { step: 0 },
            StrategyId::GoByMajority => Kind::GoByMajority,
            StrategyId::Calculator => Kind::Calculator { cycle: false },
            StrategyId::WorseAndWorse => Kind::WorseAndWorse,
            StrategyId::MemoryOne => Kind::MemoryOne {
                first: values[0],
                p: [values[1], values[2], values[3], values[4]],
            },
            StrategyId::Deterrence => return Err(unknown()),
        };
        Ok(Player::new(kind))
    }

    /// A player by id (or alias) with default parameters.
    pub fn by_id(id: &str) -> Result<Player, StrategyError> {
        Player::from_spec(&StrategySpec::of(id.parse()?))
    }

    fn new(kind: Kind) -> Player {
        Player {
            kind,
            other_hist: 0,
            turn: 0,
            other_d: 0,
            own_last: Move::C,
        }
    }

    /// Tell the player the stage game, (R, S, T, P) from its own side (the payoffs after
    /// CC, CD, DC, DD). Without this call a player assumes [`DEFAULT_PAYOFF`]. Only
    /// strategies defined through the game use it, as in axelrod: Adaptive (its running
    /// scores), ZD-Extort-2 (its four-vector, l = P, each entry clamped to [0, 1]) and
    /// Generous Tit For Tat when `generosity` was not given. Keeps the history.
    pub fn set_game(&mut self, payoff: [f64; 4]) {
        match &mut self.kind {
            Kind::Gtft { q, from_game: true } => *q = gtft_q(payoff),
            Kind::ZdExtort2 { phi, s, p } => *p = zd_vector(*phi as f64, *s as f64, payoff),
            Kind::Adaptive { payoff: g, .. } => *g = payoff,
            _ => {}
        }
    }

    /// The intended first-move cooperation probability and the memory-one vector
    /// (p_CC, p_CD, p_DC, p_DD) from its own side, for strategies that are memory-one
    /// (docs/theory.md §0); `None` for the others. Game-defined vectors use the last
    /// [`Player::set_game`] (default payoffs otherwise).
    pub fn memory_one_vector(&self) -> Option<(f64, [f64; 4])> {
        Some(match self.kind {
            Kind::Cooperator => (1.0, [1.0; 4]),
            Kind::Defector => (0.0, [0.0; 4]),
            Kind::TitForTat => (1.0, [1.0, 0.0, 1.0, 0.0]),
            Kind::SuspiciousTitForTat => (0.0, [1.0, 0.0, 1.0, 0.0]),
            Kind::Gtft { q, .. } => (1.0, [1.0, q, 1.0, q]),
            Kind::Wsls => (1.0, [1.0, 0.0, 0.0, 1.0]),
            Kind::Random { p } => (p, [p; 4]),
            Kind::Joss { p } => (1.0, [p, 0.0, p, 0.0]),
            Kind::Alternator => (1.0, [0.0, 0.0, 1.0, 1.0]),
            Kind::FirmButFair => (1.0, [1.0, 0.0, 1.0, 2.0 / 3.0]),
            Kind::ZdExtort2 { p, .. } => (1.0, p),
            Kind::MemoryOne { first, p } => (first, p),
            _ => return None,
        })
    }

    /// Whether this player, with its parameters, ever draws a random number.
    pub fn is_stochastic(&self) -> bool {
        let open = |p: f64| p > 0.0 && p < 1.0;
        match self.kind {
            Kind::Gtft { q, .. } => open(q),
            Kind::Random { p } | Kind::Joss { p } => open(p),
            Kind::FirmButFair | Kind::Calculator { .. } | Kind::WorseAndWorse => true,
            Kind::ZdExtort2 { p, .. } => p.iter().any(|&x| open(x)),
            Kind::MemoryOne { first, p } => open(first) || p.iter().any(|&x| open(x)),
            _ => false,
        }
    }

    /// Forget the history, ready for a new match (parameters and game are kept).
    pub fn reset(&mut self) {
        let kind = match self.kind {
            Kind::Gradual { .. } => Kind::Gradual { punish: 0, calm: 0 },
            Kind::Prober { .. } => Kind::Prober { exploit: false },
            Kind::Adaptive { payoff, .. } => Kind::Adaptive {
                payoff,
                score: [0.0; 2],
            },
            Kind::Handshake { .. } => Kind::Handshake { ok: false },
            Kind::SoftGrudger { .. } => Kind::SoftGrudger { step: 0 },
            Kind::Calculator { .. } => Kind::Calculator { cycle: false },
            k => k,
        };
        *self = Player::new(kind);
    }

    /// The move this player intends to make this round (before any noise).
    #[inline(always)]
    pub fn play<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Move {
        // Long on purpose: one arm per catalogue strategy, side by side so they can be
        // compared with their definitions; the hot loop of tournaments inlines it.
        let first = self.turn == 0;
        // The other's last move; C before round 1 (every strategy checks `first` where it matters).
        let other_last = if self.other_hist & 1 == 1 {
            Move::D
        } else {
            Move::C
        };
        match &mut self.kind {
            Kind::Cooperator => Move::C,
            Kind::Defector => Move::D,
            Kind::TitForTat => other_last,
            Kind::SuspiciousTitForTat => {
                if first {
                    Move::D
                } else {
                    other_last
                }
            }
            Kind::TitForTwoTats => {
                if self.other_hist & 3 == 3 {
                    Move::D
                } else {
                    Move::C
                }
            }
            Kind::TwoTitsForTat => {
                if self.other_hist & 3 != 0 {
                    Move::D
                } else {
                    Move::C
                }
            }
            Kind::HardTitForTat => {
                if self.other_hist & 7 != 0 {
                    Move::D
                } else {
                    Move::C
                }
            }
            Kind::Grim => {
                if self.other_d > 0 {
                    Move::D
                } else {
                    Move::C
                }
            }
            Kind::Gtft { q, .. } => match other_last {
                Move::C => Move::C,
                Move::D => coop(rng, *q),
            },
            Kind::Wsls => {
                if first || self.own_last == other_last {
                    Move::C
                } else {
                    Move::D
                }
            }
            Kind::Random { p } => coop(rng, *p),
            Kind::Joss { p } => match other_last {
                Move::C if first => Move::C,
                Move::C => coop(rng, *p),
                Move::D => Move::D,
            },
            Kind::Gradual { punish, calm } => {
                if first {
                    Move::C
                } else if *punish > 0 {
                    *punish -= 1;
                    Move::D
                } else if *calm > 0 {
                    *calm -= 1;
                    Move::C
                } else if other_last == Move::D {
                    *punish = self.other_d.saturating_sub(1);
                    *calm = 2;
                    Move::D
                } else {
                    Move::C
                }
            }
            Kind::Alternator => {
                if first {
                    Move::C
                } else {
                    self.own_last.flip()
                }
            }
            Kind::Prober { exploit } => match self.turn {
                0 => Move::D,
                1 | 2 => Move::C,
                _ if *exploit => Move::D,
                _ => other_last,
            },
            Kind::FirmButFair => {
                if first {
                    Move::C
                } else {
                    coop(
                        rng,
                        [1.0, 0.0, 1.0, 2.0 / 3.0][state(self.own_last, other_last)],
                    )
                }
            }
            Kind::ZdExtort2 { p, .. } => {
                if first {
                    Move::C
                } else {
                    coop(rng, p[state(self.own_last, other_last)])
                }
            }
            Kind::Adaptive { score, .. } => match self.turn {
                0..6 => Move::C,
                6..11 => Move::D,
                _ if score[0] > score[1] => Move::C,
                _ => Move::D,
            },
            Kind::Handshake { ok } => match self.turn {
                0 => Move::C,
                1 => Move::D,
                _ if *ok => Move::C,
                _ => Move::D,
            },
            Kind::SoftGrudger { step } => {
                if *step > 0 {
                    let m = if *step <= 3 { Move::D } else { Move::C };
                    *step = if *step == 5 { 0 } else { *step + 1 };
                    m
                } else if !first && other_last == Move::D {
                    *step = 1;
                    Move::D
                } else {
                    Move::C
                }
            }
            Kind::GoByMajority => {
                if 2 * self.other_d > self.turn {
                    Move::D
                } else {
                    Move::C
                }
            }
            Kind::Calculator { cycle } => {
                if self.turn < 20 {
                    match other_last {
                        Move::C if first => Move::C,
                        Move::C => coop(rng, 0.9),
                        Move::D => Move::D,
                    }
                } else if *cycle {
                    Move::D
                } else {
                    other_last
                }
            }
            Kind::WorseAndWorse => coop(rng, 1.0 - f64::from(self.turn + 1) / 1000.0),
            Kind::MemoryOne { first: p0, p } => {
                if first {
                    coop(rng, *p0)
                } else {
                    coop(rng, p[state(self.own_last, other_last)])
                }
            }
        }
    }

    /// Record a finished round: own move as played, the other's move as seen.
    #[inline(always)]
    pub fn observe(&mut self, own: Move, other: Move) {
        self.turn = self.turn.saturating_add(1);
        self.own_last = own;
        self.other_hist = (self.other_hist << 1) | (other as u64);
        self.other_d = self.other_d.saturating_add(other as u32);
        match &mut self.kind {
            Kind::Adaptive { payoff, score } => {
                score[own as usize] += payoff[state(own, other)];
            }
            // The other's rounds 2 and 3 are bits 1 and 0 after three rounds.
            Kind::Prober { exploit } if self.turn == 3 => *exploit = self.other_hist & 3 == 0,
            // The other opened C, D: bits 1 and 0 after two rounds are 0, 1.
            Kind::Handshake { ok } if self.turn == 2 => *ok = self.other_hist & 3 == 0b01,
            Kind::Calculator { cycle } if self.turn == 20 => *cycle = periodic20(self.other_hist),
            _ => {}
        }
    }
}

/// The catalogue id closest to `id` by edit distance, if any is reasonably close.
pub fn closest_id(id: &str) -> Option<String> {
    let names = CATALOG
        .iter()
        .flat_map(|s| std::iter::once(s.id.as_str()).chain(s.aliases.iter().copied()));
    crate::util::closest(id, names).map(|s| {
        lookup(s)
            .map(|i| i.id.as_str().to_string())
            .unwrap_or_else(|| s.to_string())
    })
}
