//! Engine throughput, actor-rounds per second and runs per second on one core, on
//! two scenarios: security-guarantees.toml (crisis talks with private information,
//! beliefs updated after rejections, war as a choice, a power shift the open door
//! brings about, ratification, Russia's optimal exit read from its threshold curve) and inf-treaty.toml (alternating-offers talks, none of the
//! crisis features), so a change to the crisis protocol and a regression of the plain
//! engine are both visible.
//!
//! `cargo bench --bench engine`. Actor-rounds = runs × horizon × actors (every round
//! of every run is counted, whatever phase it is in, until the run ends; runs ending
//! early in conflict count only the rounds played, see `played_rounds`).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use detente::engine::{Control, simulate_range};
use detente::model::Model;
use std::hint::black_box;

const RUNS: u64 = 20_000;

fn model(name: &str) -> Model {
    let path = format!("{}/scenarios/{name}.toml", env!("CARGO_MANIFEST_DIR"));
    let path = path.as_str();
    let bytes = std::fs::read(path).expect("reference scenario");
    let loaded = detente::scenario::load(path, &bytes, &[]).expect("valid reference scenario");
    Model::compile(&loaded.scenario)
}

/// Rounds actually played by RUNS runs (runs stop at conflict), times actors.
fn played_actor_rounds(m: &Model) -> u64 {
    let (agg, _) = simulate_range(m, 1, 0, RUNS, &Control::default());
    let h = m.horizon as u64;
    let mut rounds = 0u64;
    let conflicts: u64 = agg.conflict_round.iter().sum();
    for (t, &c) in agg.conflict_round.iter().enumerate() {
        rounds += c * t as u64;
    }
    rounds += (RUNS - conflicts) * h;
    rounds * m.n as u64
}

fn bench(c: &mut Criterion) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let mut g = c.benchmark_group("engine");
    g.sample_size(10);
    for name in ["security-guarantees", "inf-treaty"] {
        let m = model(name);
        let actor_rounds = played_actor_rounds(&m);
        g.throughput(Throughput::Elements(actor_rounds));
        g.bench_function(format!("{name}/actor-rounds/1-thread"), |b| {
            b.iter(|| {
                pool.install(|| black_box(simulate_range(&m, 1, 0, RUNS, &Control::default())))
            })
        });
        g.throughput(Throughput::Elements(RUNS));
        g.bench_function(format!("{name}/runs/1-thread"), |b| {
            b.iter(|| {
                pool.install(|| black_box(simulate_range(&m, 1, 0, RUNS, &Control::default())))
            })
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    // No charts: criterion's plotting needs system fonts the build machines may lack.
    config = Criterion::default().without_plots();
    targets = bench
}
criterion_main!(benches);
