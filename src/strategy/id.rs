//! The typed ids of what an actor does with a treaty in force: [`StrategyId`], its
//! `compliance` (every repeated-game strategy of the [`CATALOG`](super::CATALOG) and
//! the payoff-aware `deterrence`), and [`ExitId`], its `exit` rule. The scenario
//! loader and the tournament's command line parse a name once; everything after
//! matches on the variants. Each id is written, parsed and serialised as the string a
//! scenario uses (`"tit-for-tat"`, `"optimal"`).

use super::{StrategyError, StrategyInfo};
use std::fmt;
use std::str::FromStr;

/// An actor's compliance strategy: a strategy of the catalogue, or `deterrence`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StrategyId {
    Cooperator,
    Defector,
    TitForTat,
    SuspiciousTitForTat,
    TitForTwoTats,
    TwoTitsForTat,
    Grim,
    GenerousTitForTat,
    WinStayLoseShift,
    Random,
    Joss,
    Gradual,
    Alternator,
    Prober,
    FirmButFair,
    ZdExtort2,
    Adaptive,
    Handshake,
    HardTitForTat,
    SoftGrudger,
    GoByMajority,
    Calculator,
    WorseAndWorse,
    MemoryOne,
    /// The payoff-aware rule of [`super::deterrence`], not a repeated-game strategy:
    /// it has no catalogue entry.
    Deterrence,
}

impl StrategyId {
    /// Every id: the catalogue's in its order, then `deterrence`.
    pub const ALL: [StrategyId; 25] = [
        StrategyId::Cooperator,
        StrategyId::Defector,
        StrategyId::TitForTat,
        StrategyId::SuspiciousTitForTat,
        StrategyId::TitForTwoTats,
        StrategyId::TwoTitsForTat,
        StrategyId::Grim,
        StrategyId::GenerousTitForTat,
        StrategyId::WinStayLoseShift,
        StrategyId::Random,
        StrategyId::Joss,
        StrategyId::Gradual,
        StrategyId::Alternator,
        StrategyId::Prober,
        StrategyId::FirmButFair,
        StrategyId::ZdExtort2,
        StrategyId::Adaptive,
        StrategyId::Handshake,
        StrategyId::HardTitForTat,
        StrategyId::SoftGrudger,
        StrategyId::GoByMajority,
        StrategyId::Calculator,
        StrategyId::WorseAndWorse,
        StrategyId::MemoryOne,
        StrategyId::Deterrence,
    ];

    /// The canonical id a scenario writes.
    pub const fn as_str(self) -> &'static str {
        match self {
            StrategyId::Cooperator => "cooperator",
            StrategyId::Defector => "defector",
            StrategyId::TitForTat => "tit-for-tat",
            StrategyId::SuspiciousTitForTat => "suspicious-tit-for-tat",
            StrategyId::TitForTwoTats => "tit-for-two-tats",
            StrategyId::TwoTitsForTat => "two-tits-for-tat",
            StrategyId::Grim => "grim",
            StrategyId::GenerousTitForTat => "generous-tit-for-tat",
            StrategyId::WinStayLoseShift => "win-stay-lose-shift",
            StrategyId::Random => "random",
            StrategyId::Joss => "joss",
            StrategyId::Gradual => "gradual",
            StrategyId::Alternator => "alternator",
            StrategyId::Prober => "prober",
            StrategyId::FirmButFair => "firm-but-fair",
            StrategyId::ZdExtort2 => "zd-extort-2",
            StrategyId::Adaptive => "adaptive",
            StrategyId::Handshake => "handshake",
            StrategyId::HardTitForTat => "hard-tit-for-tat",
            StrategyId::SoftGrudger => "soft-grudger",
            StrategyId::GoByMajority => "go-by-majority",
            StrategyId::Calculator => "calculator",
            StrategyId::WorseAndWorse => "worse-and-worse",
            StrategyId::MemoryOne => "memory-one",
            StrategyId::Deterrence => "deterrence",
        }
    }

    /// The catalogue entry of a repeated-game strategy; `None` for `deterrence`.
    pub fn info(self) -> Option<&'static StrategyInfo> {
        super::CATALOG.iter().find(|i| i.id == self)
    }
}

impl fmt::Display for StrategyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// A strategy's id or one of its aliases, case-insensitive (`_` and ` ` count as
/// `-`), or `deterrence`; the error names the closest catalogue id.
impl FromStr for StrategyId {
    type Err = StrategyError;

    fn from_str(s: &str) -> Result<StrategyId, StrategyError> {
        if s.trim()
            .eq_ignore_ascii_case(StrategyId::Deterrence.as_str())
        {
            return Ok(StrategyId::Deterrence);
        }
        super::lookup(s)
            .map(|i| i.id)
            .ok_or_else(|| StrategyError::Unknown {
                id: s.to_string(),
                closest: super::closest_id(s),
            })
    }
}

/// An actor's exit rule, by the name a scenario writes (`exit = "optimal"`, or
/// `{ rule = "threshold", level = x }`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExitId {
    /// Never gives notice.
    Never,
    /// Gives notice when today's temptation exceeds a level.
    Threshold,
    /// Gives notice when today's values, taken as permanent, make leaving pay.
    Myopic,
    /// Optimal stopping, with the option value of waiting.
    Optimal,
}

impl ExitId {
    /// Every exit rule, in the order the help lists them.
    pub const ALL: [ExitId; 4] = [
        ExitId::Never,
        ExitId::Myopic,
        ExitId::Optimal,
        ExitId::Threshold,
    ];

    /// The name a scenario writes.
    pub const fn as_str(self) -> &'static str {
        match self {
            ExitId::Never => "never",
            ExitId::Threshold => "threshold",
            ExitId::Myopic => "myopic",
            ExitId::Optimal => "optimal",
        }
    }
}

impl fmt::Display for ExitId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// An exit rule's name, exactly as written; the error names the closest one.
impl FromStr for ExitId {
    type Err = StrategyError;

    fn from_str(s: &str) -> Result<ExitId, StrategyError> {
        ExitId::ALL
            .into_iter()
            .find(|e| e.as_str() == s)
            .ok_or_else(|| StrategyError::UnknownExit {
                id: s.to_string(),
                closest: crate::util::closest(s, ExitId::ALL.map(ExitId::as_str))
                    .map(str::to_string),
            })
    }
}

/// Serialised as the string a scenario writes.
macro_rules! serde_as_str {
    ($t:ty, $what:literal) => {
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                // Only the canonical spelling, so a file reads back as it was written.
                <$t>::ALL
                    .into_iter()
                    .find(|x| x.as_str() == s)
                    .ok_or_else(|| {
                        serde::de::Error::custom(format!(concat!("unknown ", $what, " `{}`"), s))
                    })
            }
        }
    };
}

serde_as_str!(StrategyId, "strategy");
serde_as_str!(ExitId, "exit rule");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strategy::CATALOG;

    #[test]
    fn every_catalogue_entry_has_its_id_and_only_deterrence_has_none() {
        let ids: Vec<StrategyId> = CATALOG.iter().map(|i| i.id).collect();
        assert_eq!(ids, StrategyId::ALL[..StrategyId::ALL.len() - 1]);
        for id in StrategyId::ALL {
            assert_eq!(id.info().is_none(), id == StrategyId::Deterrence, "{id}");
        }
    }

    #[test]
    fn ids_read_back_from_their_strings() {
        for id in StrategyId::ALL {
            assert_eq!(id.as_str().parse::<StrategyId>().unwrap(), id);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(json, format!("\"{}\"", id.as_str()));
            assert_eq!(serde_json::from_str::<StrategyId>(&json).unwrap(), id);
        }
        for id in ExitId::ALL {
            assert_eq!(id.as_str().parse::<ExitId>().unwrap(), id);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(serde_json::from_str::<ExitId>(&json).unwrap(), id);
        }
        assert_eq!("TFT".parse::<StrategyId>().unwrap(), StrategyId::TitForTat);
        assert_eq!(
            " Deterrence ".parse::<StrategyId>().unwrap(),
            StrategyId::Deterrence
        );
        assert!(serde_json::from_str::<StrategyId>("\"tft\"").is_err());
    }

    #[test]
    fn unknown_ids_name_the_closest() {
        let e = "tit-for-tta".parse::<StrategyId>().unwrap_err().to_string();
        assert_eq!(
            e,
            "unknown strategy `tit-for-tta`; did you mean `tit-for-tat`?"
        );
        let e = "optimall".parse::<ExitId>().unwrap_err().to_string();
        assert_eq!(e, "unknown exit rule `optimall`; did you mean `optimal`?");
        assert_eq!(format!("{:<12}|", StrategyId::Grim), "grim        |");
    }
}
