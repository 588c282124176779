//! The Monte Carlo engine: one run's lifecycle (`run`), seeding, the parallel driver,
//! and the exact aggregates runs fold into (`aggregate`), summarised in `summary`.
//!
//! Invariant: the engine does no IO and has no user-input error paths; a compiled
//! [`Model`] is valid. Output is a pure function of (model, seed, run range): run k
//! always uses the ChaCha8 stream k of the key derived from the seed, and aggregates
//! merge exactly, so the thread count and the chunking never change a bit.

pub mod aggregate;
pub mod run;
pub mod summary;

use crate::model::Model;
use crate::story::{NoTrace, StoryTrace};
use aggregate::Aggregate;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use run::{RunResult, Scratch, simulate};
use std::sync::atomic::{AtomicBool, Ordering};

/// Most runs per chunk (the unit of progress reporting, interruption and record
/// streaming): bounds the memory of per-run records to one chunk.
pub const CHUNK: u64 = 8192;

/// How long one chunk should take. Chunks start at one run per thread and double or
/// halve to stay near this, so the stop flag is seen within about this long (or one
/// run, if a single run takes longer) whatever the scenario — a fixed count of runs
/// per chunk made a slow scenario take 45 s to stop. Results never depend on the
/// chunking: aggregates merge exactly.
pub const CHUNK_TARGET: std::time::Duration = std::time::Duration::from_millis(100);

/// The 32-byte ChaCha key for a master seed (SplitMix64 expansion).
pub fn key_for(seed: u64) -> [u8; 32] {
    let mut x = seed;
    let mut key = [0u8; 32];
    for k in 0..4 {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        key[k * 8..(k + 1) * 8].copy_from_slice(&z.to_le_bytes());
    }
    key
}

/// The random stream of run `index`.
pub fn rng_for(key: &[u8; 32], index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::from_seed(*key);
    rng.set_stream(index);
    rng
}

/// What the driver reports back while it works, and how it can be stopped.
#[derive(Default)]
pub struct Control<'a> {
    /// Set to stop after the current chunk.
    pub stop: Option<&'a AtomicBool>,
    /// Called after each chunk with the number of runs done so far.
    pub progress: Option<&'a (dyn Fn(u64) + Sync)>,
}

/// Play runs `start..end` of the experiment and aggregate them. Returns the aggregate
/// and the end of the runs actually completed (`end`, unless stopped early; the
/// completed runs are always the prefix `start..returned`).
pub fn simulate_range(
    model: &Model,
    seed: u64,
    start: u64,
    end: u64,
    ctl: &Control,
) -> (Aggregate, u64) {
    simulate_range_with(
        model,
        seed,
        start,
        end,
        ctl,
        None::<&mut fn(u64, &RunResult)>,
    )
}

/// Like [`simulate_range`], also handing every run's result, in run order, to
/// `record` (for per-run CSV output). Memory stays bounded by one chunk.
pub fn simulate_range_with<F: FnMut(u64, &RunResult)>(
    model: &Model,
    seed: u64,
    start: u64,
    end: u64,
    ctl: &Control,
    mut record: Option<&mut F>,
) -> (Aggregate, u64) {
    let key = key_for(seed);
    let mut total = Aggregate::new(model);
    let mut a = start;
    if a < end {
        model.prepare_curves();
    }
    let threads = rayon::current_num_threads().max(1) as u64;
    let mut size = threads;
    while a < end {
        if ctl.stop.is_some_and(|s| s.load(Ordering::Relaxed)) {
            break;
        }
        let b = a.saturating_add(size).min(end);
        let began = std::time::Instant::now();
        match record.as_deref_mut() {
            Some(rec) => {
                let results: Vec<RunResult> = (a..b)
                    .into_par_iter()
                    .map_init(
                        || Scratch::new(model),
                        |s, k| {
                            let mut rng = rng_for(&key, k);
                            simulate(model, s, &mut rng, &mut NoTrace);
                            s.result.clone()
                        },
                    )
                    .collect();
                for (k, r) in (a..b).zip(&results) {
                    total.add(r);
                    rec(k, r);
                }
            }
            None => {
                let chunk = (a..b)
                    .into_par_iter()
                    .fold(
                        || (Scratch::new(model), Aggregate::new(model)),
                        |(mut s, mut ag), k| {
                            let mut rng = rng_for(&key, k);
                            simulate(model, &mut s, &mut rng, &mut NoTrace);
                            ag.add(&s.result);
                            (s, ag)
                        },
                    )
                    .map(|(_, ag)| ag)
                    .reduce(
                        || Aggregate::new(model),
                        |mut x, y| {
                            x.merge(&y);
                            x
                        },
                    );
                total.merge(&chunk);
            }
        }
        a = b;
        size = next_chunk(size, began.elapsed(), threads);
        if let Some(p) = ctl.progress {
            p(a - start);
        }
    }
    (total, a)
}

/// The next chunk's size after one of `size` runs took `took`: double when it took
/// under half of [`CHUNK_TARGET`], halve above twice it, within one run per thread
/// and [`CHUNK`].
fn next_chunk(size: u64, took: std::time::Duration, threads: u64) -> u64 {
    let next = if took < CHUNK_TARGET / 2 {
        size.saturating_mul(2)
    } else if took > CHUNK_TARGET * 2 {
        size / 2
    } else {
        size
    };
    next.clamp(threads.min(CHUNK), CHUNK)
}

/// Play run `index` alone and return its story, round by round, and its result.
pub fn trace_run(
    model: &Model,
    seed: u64,
    index: u64,
    names: &[String],
    issues: &[String],
) -> (Vec<(u32, String)>, RunResult) {
    let (events, result) = trace_events(model, seed, index);
    let lines = events
        .iter()
        .map(|(t, e)| (*t, e.render(names, issues)))
        .collect();
    (lines, result)
}

/// Play run `index` alone and return its events with their rounds, and its result.
pub fn trace_events(
    model: &Model,
    seed: u64,
    index: u64,
) -> (Vec<(u32, crate::story::Event)>, RunResult) {
    let key = key_for(seed);
    let mut rng = rng_for(&key, index);
    let mut s = Scratch::new(model);
    let mut tr = StoryTrace::default();
    simulate(model, &mut s, &mut rng, &mut tr);
    (tr.events, s.result)
}

/// The parameters run `index` of an experiment with `seed` draws (its uncertain numbers
/// are the first thing the run's stream is used for), without playing the run.
pub fn run_params(model: &Model, seed: u64, index: u64) -> crate::model::RunParams {
    let mut rng = rng_for(&key_for(seed), index);
    let mut params = model.base.clone();
    model.draw_params(&mut params, &mut rng);
    params
}

/// What the summary needs to know about the scenario (labels, ideals).
pub fn scenario_info(s: &crate::scenario::Scenario) -> summary::ScenarioInfo {
    summary::ScenarioInfo {
        name: s.meta.name.clone(),
        round: s.meta.round.clone(),
        rounds: s.meta.rounds.clone(),
        horizon: s.meta.horizon,
        actors: s
            .actors
            .iter()
            .map(|a| summary::ActorInfo {
                id: a.id.clone(),
                name: a.name.clone(),
                decides: a.decides(),
            })
            .collect(),
        issues: s
            .issues
            .iter()
            .enumerate()
            .map(|(j, i)| summary::IssueInfo {
                id: i.id.clone(),
                label: i.label.clone(),
                low: i.low,
                high: i.high,
                ideals: s.actors.iter().map(|a| a.ideal[j]).collect(),
                values: i.values.clone(),
            })
            .collect(),
        failure_causes: failure_causes(s),
    }
}

/// The keys of the causes of failure only some crisis scenarios can produce, that
/// `s` can: the commitment problem with a power shift, ratification with a ratifier.
fn failure_causes(s: &crate::scenario::Scenario) -> Vec<String> {
    use crate::negotiation::Failure;
    if s.talks.protocol != crate::scenario::TalksProtocol::Crisis {
        return Vec::new();
    }
    let shift = s.shifts_power();
    let ratify = s.actors.iter().any(|a| a.war.ratification.is_some());
    [
        (shift, Failure::CommitmentProblem),
        (ratify, Failure::Ratification),
    ]
    .into_iter()
    .filter(|&(can, _)| can)
    .map(|(_, f)| f.key().to_string())
    .collect()
}
