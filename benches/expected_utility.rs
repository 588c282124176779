//! Expected-utility model throughput (docs/theory.md §10), in rounds per second: Bueno de
//! Mesquita's 10-actor EC emissions example and a 100-actor issue, ten rounds per
//! iteration from the initial positions (the EC example never settles, so a run plays
//! all ten). A round is O(n²), with what depends only on positions computed once per
//! position or pair of positions and what depends on a challenger once per class of
//! challengers (one position, one risk exponent), with the crate's own inlined `exp`;
//! up to 16 actors, in fixed-size tables.
//! docs/expected-utility.md, "How fast, and against CPython", compares with a plain
//! CPython version of the same model (benches/python/expected_utility.py: `time literal`
//! is the formulas as written, `time tabled` keeps each round's win probabilities), by
//! CPU time, in turns. Latest set: a ten-round EC run took 5.8–6.8 µs (median 6.0 µs):
//! 921–1,271 times (median 1,110) the literal version under CPython 3.10, 665–1,021
//! times (median 815) under 3.11, 1,155–1,363 times the goal's reference figure of 127
//! runs per second; 100 actors, 1,750–1,950 times the tabled version under 3.11.
//! `ec10_runs_all_threads` plays batches of EC runs on every thread (rayon), as
//! `detente run` does: 1.2–1.9 times the one-thread rate on the 2-thread machine (two
//! hyperthreads of one core, shared with other work).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use detente::negotiation::expected_utility::{Issue, Params, Workspace, round, run};
use rayon::prelude::*;
use std::hint::black_box;

const EC_CAPABILITY: [f64; 10] = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08];
const EC_POSITION: [f64; 10] = [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0];
const EC_SALIENCE: [f64; 10] = [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7];

/// 100 actors on [0, 100] from a fixed linear congruential sequence (no RNG crate
/// needed, the same numbers on every machine).
fn hundred() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut c = Vec::new();
    let mut x = Vec::new();
    let mut s = Vec::new();
    for _ in 0..100 {
        c.push(0.05 + next());
        x.push((next() * 100.0).round());
        s.push(next());
    }
    (c, x, s)
}

fn bench(c: &mut Criterion) {
    let ec = Issue {
        low: 4.0,
        high: 10.0,
        capability: &EC_CAPABILITY,
        position: &EC_POSITION,
        salience: &EC_SALIENCE,
    };
    let (hc, hx, hs) = hundred();
    let big = Issue {
        low: 0.0,
        high: 100.0,
        capability: &hc,
        position: &hx,
        salience: &hs,
    };
    let p = Params::default();
    let mut g = c.benchmark_group("expected_utility");
    for (name, issue, size) in [("ec10", ec, 50), ("actors100", big, 10)] {
        let mut ws = Workspace::with_actors(issue.position.len());
        g.sample_size(size);
        g.throughput(Throughput::Elements(10));
        g.bench_function(format!("{name}_10rounds"), |b| {
            b.iter(|| {
                ws.load(black_box(&issue));
                for _ in 0..10 {
                    black_box(round(&mut ws, &p));
                }
            })
        });
    }
    // The unit of the Python comparison: one 10-round run of the EC example.
    let mut ws = Workspace::with_actors(10);
    g.throughput(Throughput::Elements(1));
    g.sample_size(50);
    g.bench_function("ec10_run", |b| {
        b.iter(|| {
            ws.load(black_box(&ec));
            black_box(run(&mut ws, &p, |_, _| {}))
        })
    });
    // The same runs on every thread of the machine (one workspace per rayon split), as
    // `detente run` spreads an experiment's runs: a whole-machine figure, not a
    // per-core one (the CPython version uses one core).
    const BATCH: u64 = 2_000;
    g.throughput(Throughput::Elements(BATCH));
    g.sample_size(20);
    g.bench_function("ec10_runs_all_threads", |b| {
        b.iter(|| {
            (0..BATCH).into_par_iter().for_each_init(
                || Workspace::with_actors(10),
                |ws, _| {
                    ws.load(black_box(&ec));
                    black_box(run(ws, &p, |_, _| {}));
                },
            )
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    // No charts: criterion's plotting needs system fonts the build machines may lack.
    config = Criterion::default().without_plots();
    targets = bench
}
criterion_main!(benches);
