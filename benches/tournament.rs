//! Tournament throughput: 12 classic strategies, 200 turns, noise 0.05, 1,000
//! repetitions (78 pairs including self-play × 1,000 × 200 = 15.6 million match-turns
//! per tournament). Compare with axelrod's `Tournament` on the same field; see
//! docs/strategies.md, "Performance".

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use detente::classroom::tournament::{self, Entrant, Length, TournamentConfig};
use detente::scenario::StrategySpec;

/// The 12 classic strategies (axelrod: Cooperator, Defector, TitForTat,
/// SuspiciousTitForTat, TitFor2Tats, TwoTitsForTat, Grudger, GTFT, WinStayLoseShift,
/// Random, FirstByJoss, Gradual).
pub const CLASSIC: [&str; 12] = [
    "cooperator",
    "defector",
    "tit-for-tat",
    "suspicious-tit-for-tat",
    "tit-for-two-tats",
    "two-tits-for-tat",
    "grim",
    "generous-tit-for-tat",
    "win-stay-lose-shift",
    "random",
    "joss",
    "gradual",
];

fn bench(c: &mut Criterion) {
    let entrants: Vec<Entrant> = CLASSIC
        .iter()
        .map(|id| {
            Entrant::from_spec(&StrategySpec::of(id.parse().expect("catalogue id")))
                .expect("catalogue id")
        })
        .collect();
    let reps = 1000u32;
    let cfg = TournamentConfig {
        length: Length::Fixed(200),
        noise: 0.05,
        repetitions: reps,
        seed: 1,
        ..TournamentConfig::default()
    };
    let turns = 78 * u64::from(reps) * 200;
    let mut g = c.benchmark_group("tournament");
    g.sample_size(10);
    g.throughput(Throughput::Elements(turns));
    g.bench_function("classic12_200turns_noise0.05_1000reps", |b| {
        b.iter(|| tournament::run(&entrants, &cfg))
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
