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

use crate::scenario::StrategySpec;
use rand::{Rng, RngExt};

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
    pub id: &'static str,
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

/// All strategies, in the order `--all` plays them.
pub const CATALOG: &[StrategyInfo] = &[
    StrategyInfo {
        id: "cooperator",
        name: "Cooperator",
        aliases: &["allc", "always-cooperate", "always-comply", "comply"],
        memory: Some(0),
        stochastic: false,
        citation: "Axelrod 1984, The Evolution of Cooperation",
        summary: "always cooperates",
        params: &[],
    },
    StrategyInfo {
        id: "defector",
        name: "Defector",
        aliases: &["alld", "always-defect", "always-violate", "violate"],
        memory: Some(0),
        stochastic: false,
        citation: "Axelrod 1984, The Evolution of Cooperation",
        summary: "always defects",
        params: &[],
    },
    StrategyInfo {
        id: "tit-for-tat",
        name: "Tit For Tat",
        aliases: &["tft"],
        memory: Some(1),
        stochastic: false,
        citation: "Rapoport; Axelrod 1980, J. Conflict Resolution",
        summary: "cooperates first, then copies the other's last move",
        params: &[],
    },
    StrategyInfo {
        id: "grim",
        name: "Grudger",
        aliases: &["grim-trigger", "grudger", "friedman"],
        memory: None,
        stochastic: false,
        citation: "Friedman 1971, Rev. Econ. Studies",
        summary: "cooperates until the other defects once, then defects forever",
        params: &[],
    },
    StrategyInfo {
        id: "generous-tit-for-tat",
        name: "Generous Tit For Tat",
        aliases: &["gtft"],
        memory: Some(1),
        stochastic: true,
        citation: "Nowak & Sigmund 1992, Nature",
        summary: "like tit for tat, but forgives a defection with probability `generosity`",
        params: &[("generosity", 1.0 / 3.0)],
    },
    StrategyInfo {
        id: "win-stay-lose-shift",
        name: "Win-Stay Lose-Shift",
        aliases: &["wsls", "pavlov"],
        memory: Some(1),
        stochastic: false,
        citation: "Nowak & Sigmund 1993, Nature",
        summary: "repeats its move after R or T, switches after S or P",
        params: &[],
    },
    StrategyInfo {
        id: "memory-one",
        name: "Memory-one",
        aliases: &[],
        memory: Some(1),
        stochastic: true,
        citation: "Nowak & Sigmund 1990, Acta Applicandae Mathematicae",
        summary: "cooperates with probability p_cc, p_cd, p_dc, p_dd after CC, CD, DC, DD",
        params: &[
            ("first", 1.0),
            ("p_cc", 1.0),
            ("p_cd", 0.0),
            ("p_dc", 1.0),
            ("p_dd", 0.0),
        ],
    },
];

/// Why a strategy spec was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StrategyError {
    #[error("unknown strategy `{id}`{}", closest.as_ref().map(|c| format!("; did you mean `{c}`?")).unwrap_or_default())]
    Unknown { id: String, closest: Option<String> },
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
        .find(|s| s.id == key || s.aliases.contains(&key.as_str()))
}

/// A strategy with its state: one player in one match.
#[derive(Debug, Clone, PartialEq)]
pub struct Player {
    kind: Kind,
    /// Last move this player made (as played), if any.
    own_last: Option<Move>,
    /// Last move of the other (as seen), if any.
    other_last: Option<Move>,
    /// Whether the other has ever been seen defecting.
    other_defected: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Cooperator,
    Defector,
    TitForTat,
    Grim,
    Gtft { q: f64 },
    Wsls,
    MemoryOne { first: f64, p: [f64; 4] },
}

impl Player {
    /// Build a player from a validated spec. Parameters not given take their defaults.
    pub fn from_spec(spec: &StrategySpec) -> Result<Player, StrategyError> {
        let info = lookup(&spec.id).ok_or_else(|| StrategyError::Unknown {
            id: spec.id.clone(),
            closest: closest_id(&spec.id),
        })?;
        let mut values: Vec<f64> = info.params.iter().map(|p| p.1).collect();
        for (name, v) in &spec.params {
            let Some(k) = info.params.iter().position(|p| p.0 == name) else {
                return Err(StrategyError::UnknownParam {
                    id: info.id.into(),
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
                    id: info.id.into(),
                    param: name.clone(),
                    expected: "a probability in [0, 1]",
                    value: *v,
                });
            }
            values[k] = *v;
        }
        let kind = match info.id {
            "cooperator" => Kind::Cooperator,
            "defector" => Kind::Defector,
            "tit-for-tat" => Kind::TitForTat,
            "grim" => Kind::Grim,
            "generous-tit-for-tat" => Kind::Gtft { q: values[0] },
            "win-stay-lose-shift" => Kind::Wsls,
            "memory-one" => Kind::MemoryOne {
                first: values[0],
                p: [values[1], values[2], values[3], values[4]],
            },
            other => unreachable!("catalogue entry {other} has no constructor"),
        };
        Ok(Player::new(kind))
    }

    /// A player by id with default parameters.
    pub fn by_id(id: &str) -> Result<Player, StrategyError> {
        Player::from_spec(&StrategySpec {
            id: id.into(),
            params: vec![],
        })
    }

    fn new(kind: Kind) -> Player {
        Player {
            kind,
            own_last: None,
            other_last: None,
            other_defected: false,
        }
    }

    /// Forget the history, ready for a new match.
    pub fn reset(&mut self) {
        *self = Player::new(self.kind);
    }

    /// The move this player intends to make this round (before any noise).
    #[inline]
    pub fn play<R: Rng + ?Sized>(&mut self, rng: &mut R) -> Move {
        let coop = |rng: &mut R, p: f64| -> Move {
            if p >= 1.0 || (p > 0.0 && rng.random::<f64>() < p) {
                Move::C
            } else {
                Move::D
            }
        };
        match (self.kind, self.own_last, self.other_last) {
            (Kind::Cooperator, ..) => Move::C,
            (Kind::Defector, ..) => Move::D,
            (Kind::TitForTat, _, None) => Move::C,
            (Kind::TitForTat, _, Some(o)) => o,
            (Kind::Grim, ..) => {
                if self.other_defected {
                    Move::D
                } else {
                    Move::C
                }
            }
            (Kind::Gtft { .. }, _, None | Some(Move::C)) => Move::C,
            (Kind::Gtft { q }, _, Some(Move::D)) => coop(rng, q),
            (Kind::Wsls, None, _) | (Kind::Wsls, _, None) => Move::C,
            (Kind::Wsls, Some(own), Some(o)) => {
                if o == Move::C {
                    own
                } else {
                    own.flip()
                }
            }
            (Kind::MemoryOne { first, .. }, None, _) | (Kind::MemoryOne { first, .. }, _, None) => {
                coop(rng, first)
            }
            (Kind::MemoryOne { p, .. }, Some(own), Some(o)) => {
                let s = match (own, o) {
                    (Move::C, Move::C) => 0,
                    (Move::C, Move::D) => 1,
                    (Move::D, Move::C) => 2,
                    (Move::D, Move::D) => 3,
                };
                coop(rng, p[s])
            }
        }
    }

    /// Record a finished round: own move as played, the other's move as seen.
    #[inline]
    pub fn observe(&mut self, own: Move, other: Move) {
        self.own_last = Some(own);
        self.other_last = Some(other);
        if other == Move::D {
            self.other_defected = true;
        }
    }
}

/// The catalogue id closest to `id` by edit distance, if any is reasonably close.
pub fn closest_id(id: &str) -> Option<String> {
    let names = CATALOG
        .iter()
        .flat_map(|s| std::iter::once(s.id).chain(s.aliases.iter().copied()));
    crate::util::closest(id, names).map(|s| {
        lookup(s)
            .map(|i| i.id.to_string())
            .unwrap_or_else(|| s.to_string())
    })
}
