//! How long a run will take, told before a long one starts: `run` prints
//! [`estimate_note`]'s line when the estimate exceeds [`NOTE_ABOVE_SECS`], so nobody
//! waits on a silent terminal for a job they could have sharded or shortened.
//!
//! The estimate assumes a conservative [`ACTOR_ROUNDS_PER_SEC`] = 40 million
//! actor-rounds per second per thread (one actor playing one round), that every run
//! lasts the full horizon and that threads scale linearly. Real runs usually end
//! earlier (a conflict or a settled treaty ends them), so this is an upper estimate.

/// Conservative engine throughput: actor-rounds per second on one thread.
pub const ACTOR_ROUNDS_PER_SEC: f64 = 40e6;

/// Estimates at or below this many seconds print nothing.
pub const NOTE_ABOVE_SECS: f64 = 10.0;

/// Estimated seconds for `runs` runs of `horizon` rounds with `actors` actors on
/// `threads` threads (at least one of each counted).
pub fn estimate_secs(runs: u64, horizon: u32, actors: usize, threads: usize) -> f64 {
    let work = runs as f64 * f64::from(horizon.max(1)) * actors.max(1) as f64;
    work / (ACTOR_ROUNDS_PER_SEC * threads.max(1) as f64)
}

/// The one-line note to print before a long run, or `None` when it should take
/// about ten seconds or less, e.g.
/// "about 3 min 20 s for 10,000,000,000 runs on 2 threads; Ctrl-C stops early and keeps a partial summary".
///
/// ```
/// use detente::cli::estimate::estimate_note;
/// assert_eq!(estimate_note(10_000, 120, 3, 2), None);
/// let note = estimate_note(1_000_000_000, 120, 2, 4).unwrap();
/// assert!(note.starts_with("about 25 min for 1,000,000,000 runs on 4 threads"), "{note}");
/// ```
pub fn estimate_note(runs: u64, horizon: u32, actors: usize, threads: usize) -> Option<String> {
    let secs = estimate_secs(runs, horizon, actors, threads);
    if secs <= NOTE_ABOVE_SECS {
        return None;
    }
    let threads = threads.max(1);
    Some(format!(
        "about {} for {} runs on {} thread{}; Ctrl-C stops early and keeps a partial summary",
        duration(secs),
        thousands(runs),
        thousands(threads as u64),
        if threads == 1 { "" } else { "s" }
    ))
}

/// A duration in the two largest units: "45 s", "3 min 20 s", "2 h 5 min",
/// "3 days 4 h", "12 years".
fn duration(secs: f64) -> String {
    const MIN: u64 = 60;
    const HOUR: u64 = 60 * MIN;
    const DAY: u64 = 24 * HOUR;
    const YEAR: u64 = 365 * DAY;
    // `as` saturates, so even an absurd estimate formats.
    let s = secs.round() as u64;
    let two = |big: u64, big_name: &str, small: u64, small_name: &str| {
        let (a, b) = (s / big, (s % big) / small);
        if b == 0 {
            format!("{} {big_name}", thousands(a))
        } else {
            format!("{} {big_name} {b} {small_name}", thousands(a))
        }
    };
    if s < MIN {
        format!("{s} s")
    } else if s < HOUR {
        two(MIN, "min", 1, "s")
    } else if s < DAY {
        two(HOUR, "h", MIN, "min")
    } else if s < YEAR {
        let days = if s / DAY == 1 { "day" } else { "days" };
        two(DAY, days, HOUR, "h")
    } else {
        let years = s / YEAR;
        format!(
            "{} year{}",
            thousands(years),
            if years == 1 { "" } else { "s" }
        )
    }
}

/// 1234567 -> "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_runs_print_nothing() {
        // 10,000 runs x 120 rounds x 3 actors = 3.6e6 actor-rounds: 0.09 s on 1 thread.
        assert_eq!(estimate_note(10_000, 120, 3, 1), None);
        // Exactly 10 s (4e8 actor-rounds on 1 thread) is not "above ten seconds".
        assert_eq!(estimate_secs(1_000_000, 100, 4, 1), 10.0);
        assert_eq!(estimate_note(1_000_000, 100, 4, 1), None);
    }

    #[test]
    fn the_example_of_the_brief() {
        // 1e10 runs of 16 rounds with 1 actor on 2 threads: 1.6e11 / 8e7 = 2000 s.
        assert_eq!(estimate_secs(10_000_000_000, 16, 1, 2), 2000.0);
        assert_eq!(
            estimate_note(10_000_000_000, 16, 1, 2).as_deref(),
            Some(
                "about 33 min 20 s for 10,000,000,000 runs on 2 threads; Ctrl-C stops early and keeps a partial summary"
            )
        );
    }

    #[test]
    fn just_above_the_threshold_prints() {
        // 4.4e8 actor-rounds on 1 thread: 11 s.
        assert_eq!(
            estimate_note(1_100_000, 100, 4, 1).as_deref(),
            Some(
                "about 11 s for 1,100,000 runs on 1 thread; Ctrl-C stops early and keeps a partial summary"
            )
        );
    }

    #[test]
    fn threads_divide_the_estimate() {
        let one = estimate_secs(1_000_000_000, 120, 3, 1);
        let eight = estimate_secs(1_000_000_000, 120, 3, 8);
        assert_eq!(one, 9000.0);
        assert_eq!(eight, 1125.0);
        // Zero threads (not a valid --threads) counts as one rather than dividing by 0.
        assert_eq!(estimate_secs(1_000_000_000, 120, 3, 0), one);
    }

    #[test]
    fn durations_use_two_units() {
        assert_eq!(duration(45.0), "45 s");
        assert_eq!(duration(200.0), "3 min 20 s");
        assert_eq!(duration(120.0), "2 min");
        assert_eq!(duration(7500.0), "2 h 5 min");
        assert_eq!(duration(86_400.0 + 4.0 * 3600.0), "1 day 4 h");
        assert_eq!(duration(3.0 * 86_400.0), "3 days");
        assert_eq!(duration(12.0 * 365.0 * 86_400.0), "12 years");
    }

    #[test]
    fn the_largest_experiment_formats() {
        // MAX_RUNS (1e12) x the longest horizon (100,000) x 1,000 actors on 1 thread:
        // 1e20 / 4e7 = 2.5e12 s, about 79,274 years.
        let note = estimate_note(1_000_000_000_000, 100_000, 1000, 1).unwrap();
        assert!(
            note.starts_with("about 79,274 years for 1,000,000,000,000 runs on 1 thread;"),
            "{note}"
        );
    }
}
