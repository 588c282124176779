//! A 21-point sweep of the reference scenario with 10,000 runs per point, on all
//! cores (the target is under 5 seconds on a 2-core machine).
//!
//! `cargo bench --bench sweep`

use criterion::{Criterion, criterion_group, criterion_main};
use detente::cli::sweep::{SweepArgs, parse_vary, run_sweep};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/security-guarantees.toml"
    );
    let vary = "treaty.exit_cost=0..40:21".to_string();
    let args = SweepArgs {
        file: file.into(),
        vary: vec![vary.clone()],
        exp: detente::cli::options::ExperimentArgs {
            runs: Some(10_000),
            ..Default::default()
        },
        csv: None,
        json: None,
        shard: None,
        quiet: true,
        plots: detente::cli::plot::PlotsArgs {
            plots: None,
            format: detente::cli::plot::FormatChoice::Both,
        },
    };
    let varies = vec![parse_vary(&vary).expect("valid --vary")];
    let mut g = c.benchmark_group("sweep");
    g.sample_size(10);
    g.bench_function("security-guarantees/21-points-x-10k-runs/all-cores", |b| {
        b.iter(|| black_box(run_sweep(&args, &varies, &|_, _| {}).expect("sweep runs")))
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
