//! The JSON result files of `run` and `sweep`: the summary a reader quotes, plus the
//! exact aggregates it was computed from (so shards can be merged and charts redrawn
//! without re-running), sealed with a content digest so that a file edited by hand is
//! recognised as such. Bytes out, no IO.

use crate::engine::aggregate::Aggregate;
use crate::engine::summary::Summary;
use serde::{Deserialize, Serialize};
use sha2::Digest as _;

/// Format tag of run result files.
pub const RUN_FORMAT: &str = "detente-run/2";
/// Format tag of sweep result files.
pub const SWEEP_FORMAT: &str = "detente-sweep/2";

/// What a result file is, by its `format` member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `detente-run/…`: written by `run --json` or `merge`.
    Run,
    /// `detente-sweep/…`: written by `sweep --json` or `merge`.
    Sweep,
    /// No `format` member naming a detente result (or not JSON at all).
    Other,
}

/// The kind of the result file `bytes`, read from its top-level `format` member
/// (any version: the reader of that kind checks the exact one). Whitespace and the
/// order of members do not matter.
pub fn file_kind(bytes: &[u8]) -> FileKind {
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
    }
    match serde_json::from_slice::<Header>(bytes)
        .ok()
        .and_then(|h| h.format)
    {
        Some(f) if f.starts_with("detente-run/") => FileKind::Run,
        Some(f) if f.starts_with("detente-sweep/") => FileKind::Sweep,
        _ => FileKind::Other,
    }
}

/// A run result file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunFile {
    /// Always [`RUN_FORMAT`].
    pub format: String,
    pub summary: Summary,
    pub aggregate: Aggregate,
    /// With `protocol = "expected-utility"`: the model's rounds in the experiment's
    /// first run (absent otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positions: Option<PositionsReport>,
}

/// The expected-utility model's play in one run, round by round, per issue
/// (docs/expected-utility.md, "Output").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PositionsReport {
    /// The run (0-based; `run --json` records run 0, the first of every experiment).
    pub run: u64,
    /// Actor ids: every per-actor array below, and each event's `sender` and
    /// `target`, index this list.
    pub actors: Vec<String>,
    pub issues: Vec<IssuePlay>,
}

/// One issue's play: the run's inputs and every round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssuePlay {
    /// The issue's id and range.
    pub issue: String,
    pub low: f64,
    pub high: f64,
    /// The run's capabilities and saliences (as drawn when uncertain).
    pub capability: Vec<f64>,
    pub salience: Vec<f64>,
    /// `rounds` (positions at each round's start, risk exponents, weighted mean and
    /// median voter, the challenges taken up), the final `positions` and the
    /// `prediction`.
    #[serde(flatten)]
    pub play: crate::negotiation::expected_utility::Trace,
}

impl PositionsReport {
    /// Whether a report read from a file can be drawn: every issue's range finite and
    /// increasing, every per-actor array as long as `actors`, positions inside the
    /// range and events naming actors that exist.
    pub fn check(&self) -> Result<(), String> {
        let n = self.actors.len();
        for p in &self.issues {
            let id = &p.issue;
            if !(p.low < p.high && (p.high - p.low).is_finite()) {
                return Err(format!("the positions of `{id}` have no valid range"));
            }
            let inside = |v: &[f64]| v.len() == n && v.iter().all(|x| (p.low..=p.high).contains(x));
            let sized = |v: &[f64]| v.len() == n && v.iter().all(|x| x.is_finite());
            let rounds_ok = p.play.rounds.iter().all(|r| {
                inside(&r.positions)
                    && sized(&r.risk)
                    && r.mean.is_finite()
                    && r.median.is_finite()
                    && r.events.iter().all(|e| e.sender < n && e.target < n)
            });
            if !(rounds_ok
                && inside(&p.play.positions)
                && sized(&p.capability)
                && sized(&p.salience)
                && p.play.prediction.mean.is_finite())
            {
                return Err(format!(
                    "the positions of `{id}` do not fit its {n} actors and its range"
                ));
            }
        }
        Ok(())
    }
}

/// The [`PositionsReport`] of run `run` of an experiment with `seed`, when the
/// scenario's talks use the expected-utility model.
pub fn positions_report(
    s: &crate::scenario::Scenario,
    model: &crate::model::Model,
    seed: u64,
    run: u64,
) -> Option<PositionsReport> {
    if model.protocol != crate::model::Protocol::ExpectedUtility {
        return None;
    }
    let params = crate::engine::run_params(model, seed, run);
    let plays = crate::negotiation::expected_utility::play(model, &params);
    let m = model.m;
    Some(PositionsReport {
        run,
        actors: s.actors.iter().map(|a| a.id.clone()).collect(),
        issues: plays
            .into_iter()
            .enumerate()
            .map(|(j, play)| IssuePlay {
                issue: s.issues[j].id.clone(),
                low: s.issues[j].low,
                high: s.issues[j].high,
                capability: params.actors.iter().map(|a| a.capability).collect(),
                salience: (0..model.n).map(|i| params.salience[i * m + j]).collect(),
                play,
            })
            .collect(),
    })
}

/// A result written by an interrupted command: the same members as `T`, plus
/// `"partial": true` when it covers less than was asked (absent otherwise, so a
/// complete result has the same bytes as `T` alone).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MaybePartial<T> {
    #[serde(flatten)]
    pub result: T,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

/// Pretty JSON with a final newline. Serialising plain data cannot fail.
pub fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(value).unwrap_or_default();
    v.push(b'\n');
    v
}

/// The last member of a sealed file, up to the digest's hex digits.
const DIGEST_KEY: &[u8] = b",\n  \"digest\": \"sha256:";
/// What follows the hex digits: the end of the string and of the top-level object.
const DIGEST_END: &[u8] = b"\"\n}\n";

/// [`to_json`] of a top-level object with one more member at its end, `"digest":
/// "sha256:…"`: the SHA-256 of the same bytes without that member. `merge`, `plot`
/// and `run --check` verify it ([`verify_seal`]), so a file changed after detente
/// wrote it is reported as edited instead of being trusted.
pub fn to_sealed_json<T: Serialize>(value: &T) -> Vec<u8> {
    let mut json = to_json(value);
    if !json.ends_with(b"\n}\n") {
        // Not an object (never the case for result files): nothing to seal into.
        return json;
    }
    let hex = sha256_hex(&json);
    json.truncate(json.len() - 3);
    json.extend_from_slice(DIGEST_KEY);
    json.extend_from_slice(hex.as_bytes());
    json.extend_from_slice(DIGEST_END);
    json
}

/// Why a result file's content digest does not hold.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    #[error("it has no content digest (a `\"digest\"` member at its end)")]
    Missing,
    #[error(
        "its content digest does not match its content, so it was edited after detente wrote it"
    )]
    Mismatch,
}

/// Check the digest [`to_sealed_json`] put at the end of `bytes`.
pub fn verify_seal(bytes: &[u8]) -> Result<(), SealError> {
    let at = bytes
        .windows(DIGEST_KEY.len())
        .rposition(|w| w == DIGEST_KEY)
        .ok_or(SealError::Missing)?;
    let rest = &bytes[at + DIGEST_KEY.len()..];
    if rest.len() != 64 + DIGEST_END.len() || !rest.ends_with(DIGEST_END) {
        return Err(SealError::Missing);
    }
    let mut content = bytes[..at].to_vec();
    content.extend_from_slice(b"\n}\n");
    if sha256_hex(&content).as_bytes() == &rest[..64] {
        Ok(())
    } else {
        Err(SealError::Mismatch)
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_kind_reads_the_format_member_wherever_it_is() {
        assert_eq!(file_kind(b"{\"format\": \"detente-run/1\"}"), FileKind::Run);
        // Re-indented, with the member last: still a sweep.
        let sweep = b"{\"points\":[],\n\t\"format\":\"detente-sweep/1\"}";
        assert_eq!(file_kind(sweep), FileKind::Sweep);
        assert_eq!(file_kind(b"{\"format\": \"other/1\"}"), FileKind::Other);
        assert_eq!(file_kind(b"{\"summary\": {}}"), FileKind::Other);
        assert_eq!(file_kind(b"not json"), FileKind::Other);
    }

    #[test]
    fn a_sealed_file_verifies_and_any_edit_is_caught() {
        let v = serde_json::json!({"format": "x", "n": [1, 2, 3]});
        let sealed = to_sealed_json(&v);
        assert_eq!(verify_seal(&sealed), Ok(()));
        let back: serde_json::Value = serde_json::from_slice(&sealed).unwrap();
        assert_eq!(back["n"], v["n"]);
        let edited = String::from_utf8(sealed.clone())
            .unwrap()
            .replacen('2', "7", 1);
        assert_eq!(verify_seal(edited.as_bytes()), Err(SealError::Mismatch));
        assert_eq!(verify_seal(&to_json(&v)), Err(SealError::Missing));
        let mut cut = sealed.clone();
        cut.truncate(sealed.len() - 5);
        assert_eq!(verify_seal(&cut), Err(SealError::Missing));
    }
}
