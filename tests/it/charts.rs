//! Charts: every run chart is a valid PNG and SVG of the asked size, SVG output is
//! deterministic (snapshot), edge cases draw without panicking, `detente plot` from
//! saved JSON draws the same bytes as `run_charts` and as `run --plots`; and `--plots`
//! on run, sweep, compare, tournament and evolve writes the expected files.

use detente::engine::summary::*;
use detente::report::charts::{self, Format, run_charts, run_charts_in};
use std::path::Path;

/// Wilson 95% interval of k successes in n.
fn wilson(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let n_f = n as f64;
    let p = k as f64 / n_f;
    let d = 1.0 + z * z / n_f;
    let c = (p + z * z / (2.0 * n_f)) / d;
    let h = z * (p * (1.0 - p) / n_f + z * z / (4.0 * n_f * n_f)).sqrt() / d;
    ((c - h).max(0.0), (c + h).min(1.0))
}

fn share(key: &str, label: &str, count: u64, total: u64) -> Share {
    let (lo, hi) = wilson(count, total);
    Share {
        key: key.into(),
        label: label.into(),
        count,
        total,
        share: if total > 0 {
            count as f64 / total as f64
        } else {
            0.0
        },
        lo,
        hi,
    }
}

/// Counts of `n` values spread like a normal(mean, sd) over `bins` bins of `lo..hi`.
fn bell(n: u64, lo: f64, hi: f64, bins: usize, mean: f64, sd: f64) -> Bins {
    let w = (hi - lo) / bins as f64;
    let dens: Vec<f64> = (0..bins)
        .map(|k| {
            let x = lo + w * (k as f64 + 0.5);
            (-0.5 * ((x - mean) / sd).powi(2)).exp()
        })
        .collect();
    let tot: f64 = dens.iter().sum();
    Bins {
        lo,
        hi,
        counts: dens
            .iter()
            .map(|d| (d / tot * n as f64).round() as u64)
            .collect(),
        under: 0,
        over: 0,
    }
}

fn mean(n: u64, m: f64, sd: f64) -> Mean {
    let se = sd / (n.max(1) as f64).sqrt();
    Mean {
        n,
        mean: m,
        lo: m - 1.96 * se,
        hi: m + 1.96 * se,
        sd,
    }
}

/// Kaplan–Meier curve with Greenwood bands for a constant hazard and a constant
/// censoring rate per round.
fn km(n0: u64, horizon: u32, hazard: f64, censor: f64) -> (Vec<CurvePoint>, Option<u32>, u64, u64) {
    let mut at_risk = n0;
    let mut s = 1.0;
    let mut gw = 0.0;
    let mut curve = Vec::new();
    let mut median = None;
    let (mut events_total, mut censored_total) = (0, 0);
    for t in 1..=horizon {
        if at_risk == 0 {
            break;
        }
        let events = ((at_risk as f64) * hazard).round() as u64;
        let censored = if t == horizon {
            at_risk - events
        } else {
            ((at_risk as f64) * censor).round() as u64
        };
        let n = at_risk as f64;
        let e = events as f64;
        s *= 1.0 - e / n;
        if n > e {
            gw += e / (n * (n - e));
        }
        let se = s * gw.sqrt();
        let (lo, hi) = if s > 0.0 {
            ((s - 1.96 * se).max(0.0), (s + 1.96 * se).min(1.0))
        } else {
            (f64::NAN, f64::NAN)
        };
        if median.is_none() && s <= 0.5 {
            median = Some(t);
        }
        curve.push(CurvePoint {
            t,
            at_risk,
            events,
            censored,
            survival: s,
            lo,
            hi,
        });
        events_total += events;
        censored_total += censored;
        at_risk -= events + censored;
    }
    (curve, median, events_total, censored_total)
}

/// A realistic summary: 10,000 runs of a three-party, two-issue scenario.
pub fn fixture() -> Summary {
    let runs = 10_000;
    let horizon = 24;
    let actors = [
        ("rus", "Russia"),
        ("usa", "United States"),
        ("nato", "NATO"),
    ];
    let outcomes = vec![
        share("in_force", "treaty in force", 3120, runs),
        share("withdrawn:rus", "withdrawn by Russia", 1180, runs),
        share("withdrawn:usa", "withdrawn by the United States", 490, runs),
        share("no_agreement", "no agreement", 3790, runs),
        share("conflict:talks", "conflict during talks", 920, runs),
        share("conflict:treaty", "conflict under a treaty", 500, runs),
    ];
    let mut by_round = vec![0u64; horizon as usize + 1];
    let mut left: f64 = 6210.0;
    for (t, slot) in by_round.iter_mut().enumerate().skip(1) {
        let p = if t < 3 { 0.05 } else { 0.16 };
        let c = (left * p).round();
        *slot = c as u64;
        left -= c;
    }
    let agreed: u64 = by_round.iter().sum();
    let (curve, median, events, censored) = km(agreed, horizon, 0.045, 0.035);
    let issues = vec![
        IssueInfo {
            id: "enlargement".into(),
            label: "NATO enlargement freeze".into(),
            low: 0.0,
            high: 1.0,
            ideals: vec![1.0, 0.15, 0.0],
            values: vec![],
        },
        IssueInfo {
            id: "posture".into(),
            label: "Force posture limits in Eastern Europe (% of 1997 levels)".into(),
            low: 0.0,
            high: 100.0,
            ideals: vec![90.0, 35.0, 20.0],
            values: vec![],
        },
    ];
    Summary {
        provenance: Provenance {
            tool_version: "0.1.0".into(),
            scenario_sha256: "ab".repeat(32),
            seed: 2021,
            runs,
            run_range: [0, runs],
            overrides: vec![],
            partial: false,
        },
        scenario: ScenarioInfo {
            name: "Security guarantees, Dec 2021".into(),
            round: "month".into(),
            rounds: "months".into(),
            horizon,
            actors: actors
                .iter()
                .map(|(id, name)| ActorInfo {
                    id: (*id).into(),
                    name: (*name).into(),
                    decides: true,
                })
                .collect(),
            issues,
            failure_causes: vec![],
        },
        runs,
        outcomes,
        agreement: AgreementSummary {
            ever: share("agreed", "agreed at least once", agreed, runs),
            by_round,
            mean_round: Some(mean(agreed, 6.8, 4.1)),
            median_round: Some(6),
        },
        survival: SurvivalSummary {
            treaties: agreed,
            withdrawals: events.saturating_sub(500),
            conflicts: 500,
            censored,
            curve,
            median,
            hazard_per_round: 0.045,
            hazard_lo: 0.04,
            hazard_hi: 0.05,
        },
        conflict: ConflictSummary {
            by_horizon: share("conflict", "conflict", 1420, runs),
            by_phase: vec![
                share("conflict:talks", "during talks", 920, runs),
                share("conflict:treaty", "under a treaty", 500, runs),
            ],
            cumulative: (0..=horizon)
                .map(|t| 0.142 * t as f64 / horizon as f64)
                .collect(),
            chosen_by: vec![],
            chosen_in: vec![],
            talks_failed: vec![],
        },
        first_notice: actors
            .iter()
            .zip([1180, 490, 0])
            .map(|((id, name), c)| share(id, name, c, runs))
            .collect(),
        violations: actors
            .iter()
            .map(|(id, _)| ViolationSummary {
                actor: (*id).into(),
                violation_rounds: 120,
                rounds_in_force: 40_000,
                rate: 0.003,
                lo: 0.0025,
                hi: 0.0036,
            })
            .collect(),
        renegotiation: RenegotiationSummary {
            runs_with: share("renegotiated", "talks reopened", 1500, runs),
            mean: mean(runs, 0.21, 0.5),
        },
        terms: vec![
            TermsSummary {
                issue: "enlargement".into(),
                agreements: agreed,
                mean: Some(mean(agreed, 0.52, 0.15)),
                quantiles: Quantiles {
                    p05: Some(0.3),
                    p25: Some(0.42),
                    p50: Some(0.52),
                    p75: Some(0.62),
                    p95: Some(0.76),
                },
                bins: bell(agreed, 0.0, 1.0, 20, 0.52, 0.15),
            },
            TermsSummary {
                issue: "posture".into(),
                agreements: agreed,
                mean: Some(mean(agreed, 55.0, 12.0)),
                quantiles: Quantiles {
                    p05: Some(35.0),
                    p25: Some(47.0),
                    p50: Some(55.0),
                    p75: Some(63.0),
                    p95: Some(75.0),
                },
                bins: bell(agreed, 0.0, 100.0, 20, 55.0, 12.0),
            },
        ],
        payoffs: actors
            .iter()
            .zip([(4.2, 3.0), (1.1, 1.6), (0.4, 1.2)])
            .map(|((id, _), (m, sd))| PayoffSummary {
                actor: (*id).into(),
                mean: mean(runs, m, sd),
                quantiles: Quantiles {
                    p05: None,
                    p25: None,
                    p50: Some(m),
                    p75: None,
                    p95: None,
                },
                bins: bell(runs, -6.0, 14.0, 40, m, sd),
            })
            .collect(),
        headline: Default::default(),
    }
}

/// A tiny summary (2 actors, 1 issue, horizon 3) for the SVG snapshot.
fn tiny() -> Summary {
    let mut s = fixture();
    s.scenario.name = "Tiny".into();
    s.scenario.horizon = 3;
    s.scenario.actors.truncate(2);
    s.scenario.issues.truncate(1);
    s.scenario.issues[0].ideals.truncate(2);
    s.runs = 100;
    s.provenance.runs = 100;
    s.provenance.seed = 7;
    s.outcomes = vec![
        share("in_force", "treaty in force", 40, 100),
        share("withdrawn:rus", "withdrawn by Russia", 20, 100),
        share("no_agreement", "no agreement", 40, 100),
    ];
    s.agreement.ever = share("agreed", "agreed", 60, 100);
    s.agreement.by_round = vec![0, 30, 20, 10];
    s.agreement.mean_round = Some(mean(60, 1.67, 0.75));
    s.agreement.median_round = Some(2);
    let (curve, median, events, censored) = km(60, 3, 0.2, 0.1);
    s.survival = SurvivalSummary {
        treaties: 60,
        withdrawals: events,
        conflicts: 0,
        censored,
        curve,
        median,
        hazard_per_round: 0.2,
        hazard_lo: 0.15,
        hazard_hi: 0.25,
    };
    s.terms.truncate(1);
    s.terms[0].agreements = 60;
    s.terms[0].bins = bell(60, 0.0, 1.0, 5, 0.5, 0.2);
    s.payoffs.truncate(2);
    for p in &mut s.payoffs {
        p.bins = bell(100, -6.0, 14.0, 5, p.mean.mean, p.mean.sd);
    }
    s
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR", "first chunk is IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

fn check_svg(bytes: &[u8], size: (u32, u32), must_contain: &str) {
    let text = std::str::from_utf8(bytes).expect("SVG is UTF-8");
    assert!(
        text.starts_with("<svg"),
        "starts with <svg: {}",
        &text[..40.min(text.len())]
    );
    assert!(
        text.contains(&format!("width=\"{}\"", size.0)),
        "width attribute"
    );
    assert!(
        text.contains(&format!("height=\"{}\"", size.1)),
        "height attribute"
    );
    assert!(text.trim_end().ends_with("</svg>"), "closed");
    assert!(text.contains(must_contain), "contains {must_contain:?}");
}

/// Every chart of `s` in both formats at `size`: valid PNG of that size, valid SVG with
/// the title text.
fn check_all(s: &Summary, size: (u32, u32)) {
    let charts = run_charts_in(s, &[Format::Png, Format::Svg], size).expect("charts draw");
    assert_eq!(charts.len(), 2 * charts::RUN_CHARTS.len());
    for c in &charts {
        match c.format {
            Format::Png => assert_eq!(png_size(&c.bytes), size, "{} PNG size", c.name),
            Format::Svg => check_svg(
                &c.bytes,
                size,
                &s.scenario.name.chars().take(12).collect::<String>(),
            ),
        }
    }
}

#[test]
fn run_charts_are_valid_png_and_svg_of_the_default_size() {
    let s = fixture();
    let charts = run_charts(&s).unwrap();
    let names: Vec<_> = charts.iter().map(|c| (c.name, c.format)).collect();
    let mut expect = Vec::new();
    for n in [
        "outcomes",
        "survival",
        "agreement",
        "payoffs",
        "terms",
        "conflict",
        "failures",
    ] {
        expect.push((n, Format::Png));
        expect.push((n, Format::Svg));
    }
    assert_eq!(names, expect);
    let titles = [
        "Security guarantees, Dec 2021 — outcomes",
        "Security guarantees, Dec 2021 — treaty survival",
        "Security guarantees, Dec 2021 — time to agreement",
        "Security guarantees, Dec 2021 — discounted payoffs over 24 months (one scale)",
        "Security guarantees, Dec 2021 — agreed terms",
        "Security guarantees, Dec 2021 — conflict over time",
        "Security guarantees, Dec 2021 — why talks failed",
    ];
    for (c, title) in charts
        .iter()
        .filter(|c| c.format == Format::Svg)
        .zip(titles)
    {
        check_svg(&c.bytes, (1200, 750), title);
        check_svg(&c.bytes, (1200, 750), "(10,000 runs, seed 2021)");
    }
    for c in charts.iter().filter(|c| c.format == Format::Png) {
        assert_eq!(png_size(&c.bytes), (1200, 750), "{}", c.name);
    }
}

#[test]
fn charts_carry_their_labels() {
    let s = fixture();
    let svg =
        |f: charts::ChartFn| String::from_utf8(f(&s, Format::Svg, (1200, 750)).unwrap()).unwrap();
    let outcomes = svg(charts::outcomes_chart);
    for label in ["treaty in force", "no agreement", "31.2%", "37.9%"] {
        assert!(outcomes.contains(label), "outcomes chart shows {label}");
    }
    let survival = svg(charts::survival_chart);
    assert!(survival.contains("months in force"));
    assert!(survival.contains("share of treaties still in force"));
    let m = s.survival.median.unwrap();
    assert!(survival.contains(&format!("median {m} months")));
    let agreement = svg(charts::agreement_chart);
    assert!(agreement.contains("month of first agreement"));
    assert!(agreement.contains("39.1% never agreed"));
    let terms = svg(charts::terms_chart);
    for name in ["NATO enlargement freeze", "Russia", "United States", "NATO"] {
        assert!(terms.contains(name), "terms chart shows {name}");
    }
}

#[test]
fn half_size_charts_have_the_half_size() {
    check_all(&fixture(), (600, 375));
}

#[test]
fn svg_output_is_deterministic_and_matches_the_snapshot() {
    let s = tiny();
    let a = run_charts_in(&s, &[Format::Svg, Format::Png], (600, 375)).unwrap();
    let b = run_charts_in(&s, &[Format::Svg, Format::Png], (600, 375)).unwrap();
    assert_eq!(a, b, "same summary, same bytes");
    let svg =
        String::from_utf8(charts::survival_chart(&s, Format::Svg, (600, 375)).unwrap()).unwrap();
    insta::assert_snapshot!("tiny_survival_svg", svg);
    let svg =
        String::from_utf8(charts::outcomes_chart(&s, Format::Svg, (600, 375)).unwrap()).unwrap();
    insta::assert_snapshot!("tiny_outcomes_svg", svg);
}

#[test]
fn out_of_range_sizes_are_errors_not_panics() {
    let s = tiny();
    for size in [(0, 0), (10, 750), (1200, 10), (100_000, 750)] {
        let e = charts::outcomes_chart(&s, Format::Png, size).unwrap_err();
        assert!(matches!(e, charts::ChartError::Size(..)), "{size:?}: {e}");
    }
}

#[test]
fn zero_agreements_draw_empty_states() {
    let mut s = fixture();
    s.agreement.ever = share("agreed", "agreed", 0, s.runs);
    s.agreement.by_round = vec![0; 25];
    s.agreement.mean_round = None;
    s.agreement.median_round = None;
    s.survival = SurvivalSummary {
        treaties: 0,
        withdrawals: 0,
        conflicts: 0,
        censored: 0,
        curve: vec![],
        median: None,
        hazard_per_round: 0.0,
        hazard_lo: 0.0,
        hazard_hi: 0.0,
    };
    for t in &mut s.terms {
        t.agreements = 0;
        t.mean = None;
        t.bins.counts.iter_mut().for_each(|c| *c = 0);
    }
    check_all(&s, (1200, 750));
    let svg =
        String::from_utf8(charts::survival_chart(&s, Format::Svg, (1200, 750)).unwrap()).unwrap();
    assert!(
        svg.contains("No treaty was agreed"),
        "survival says why it is empty"
    );
    let svg =
        String::from_utf8(charts::terms_chart(&s, Format::Svg, (1200, 750)).unwrap()).unwrap();
    // The message may wrap over lines: compare the SVG's text with its tags removed.
    let words = svg
        .split('<')
        .filter_map(|t| t.split_once('>').map(|x| x.1.trim()))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("no terms to show"), "{words}");
    let svg =
        String::from_utf8(charts::agreement_chart(&s, Format::Svg, (1200, 750)).unwrap()).unwrap();
    assert!(svg.contains("No run reached an agreement"));
}

#[test]
fn all_mass_in_one_bin_draws() {
    let mut s = fixture();
    for p in &mut s.payoffs {
        p.bins.counts.iter_mut().for_each(|c| *c = 0);
        p.bins.counts[3] = s.runs;
        p.mean = Mean {
            n: s.runs,
            mean: p.bins.lo,
            lo: p.bins.lo,
            hi: p.bins.lo,
            sd: 0.0,
        };
    }
    for t in &mut s.terms {
        let n = t.bins.counts.len();
        t.bins.counts.iter_mut().for_each(|c| *c = 0);
        t.bins.counts[n - 1] = t.agreements;
    }
    s.agreement.by_round = vec![0; 25];
    s.agreement.by_round[1] = s.agreement.ever.count;
    check_all(&s, (1200, 750));
}

#[test]
fn nan_bands_and_a_curve_reaching_zero_draw() {
    let mut s = fixture();
    let (curve, median, ..) = km(50, 24, 0.5, 0.0);
    assert!(
        curve.iter().any(|p| p.lo.is_nan()),
        "the fixture curve reaches S = 0"
    );
    s.survival.curve = curve;
    s.survival.median = median;
    check_all(&s, (1200, 750));
}

#[test]
fn one_actor_long_labels_and_horizon_one_draw() {
    let mut s = fixture();
    s.scenario.name = "A scenario with a very long name that goes on and on about the December 2021 draft security agreements".into();
    s.scenario.horizon = 1;
    s.scenario.actors.truncate(1);
    s.scenario.actors[0].name =
        "The Russian Federation, represented by its Ministry of Foreign Affairs".into();
    for i in &mut s.scenario.issues {
        i.ideals.truncate(1);
        i.label =
            "An issue label far too long to fit in a panel title at any reasonable size whatsoever"
                .into();
    }
    s.payoffs.truncate(1);
    for o in &mut s.outcomes {
        o.label = format!(
            "{} — and a long explanation of what exactly happened in this outcome",
            o.label
        );
    }
    s.agreement.by_round = vec![0, 6089];
    s.agreement.median_round = Some(1);
    s.agreement.mean_round = Some(mean(6089, 1.0, 0.0));
    let (curve, median, ..) = km(6089, 1, 0.1, 0.0);
    s.survival.curve = curve;
    s.survival.median = median;
    check_all(&s, (1200, 750));
    check_all(&s, (600, 375));
}

#[test]
fn empty_summary_draws() {
    let mut s = tiny();
    s.runs = 0;
    s.outcomes.clear();
    s.payoffs.clear();
    s.terms.clear();
    s.scenario.actors.clear();
    s.scenario.issues.clear();
    s.agreement.by_round.clear();
    s.agreement.ever = share("agreed", "agreed", 0, 0);
    s.survival.curve.clear();
    s.survival.treaties = 0;
    check_all(&s, (300, 200));
}

#[test]
fn generic_charts_draw_and_survive_nan() {
    use charts::*;
    let axes = Axes {
        title: "Sweep of exit cost".into(),
        subtitle: "(1,000 runs per point, seed 1)".into(),
        x_label: "exit cost".into(),
        y_label: "share of runs in conflict".into(),
        x_unit: "months".into(),
        y_percent: true,
    };
    let series: Vec<BandSeries> = (0..3)
        .map(|k| BandSeries {
            name: format!("variant {k}"),
            points: (0..10)
                .map(|i| {
                    let y = 0.1 * k as f64 + 0.02 * i as f64;
                    let band = if i == 4 { f64::NAN } else { 0.02 };
                    BandPoint {
                        x: i as f64,
                        y,
                        lo: y - band,
                        hi: y + band,
                    }
                })
                .collect(),
        })
        .collect();
    let curves: Vec<StepCurve> = (0..2)
        .map(|k| StepCurve {
            name: format!("form {k}"),
            points: (0..12)
                .map(|t| {
                    let y = (1.0 - 0.05 * (k + 1) as f64).powi(t);
                    StepPoint {
                        t: t as f64,
                        y,
                        lo: y - 0.03,
                        hi: (y + 0.03).min(1.0),
                        censored: (t % 3 == 0) as u64,
                    }
                })
                .collect(),
            median: Some(7.0 + k as f64 * 5.0),
        })
        .collect();
    let grid = Grid {
        columns: (0..6).map(|c| format!("c{c}")).collect(),
        rows: (0..4).map(|r| format!("r{r}")).collect(),
        values: (0..24)
            .map(|i| if i == 5 { f64::NAN } else { i as f64 / 24.0 })
            .collect(),
        value_label: "share in conflict".into(),
        range: None,
        percent: true,
    };
    let boxes: Vec<BoxStats> = ["Tit for Tat", "Grim", "Always defect"]
        .iter()
        .enumerate()
        .map(|(i, l)| BoxStats {
            label: (*l).into(),
            p05: i as f64,
            p25: i as f64 + 1.0,
            p50: i as f64 + 1.5,
            p75: i as f64 + 2.0,
            p95: i as f64 + 3.0,
            mean: Some(i as f64 + 1.6),
        })
        .collect();
    for f in [Format::Png, Format::Svg] {
        for size in [(1200, 750), (600, 375)] {
            let outs = [
                line_bands_chart(&axes, &series, f, size).unwrap(),
                shares_over_time_chart(&axes, &series, f, size).unwrap(),
                step_curves_chart(&axes, &curves, 24.0, f, size).unwrap(),
                heatmap_chart(&axes, &grid, f, size).unwrap(),
                box_plots_chart(
                    &Axes {
                        y_percent: false,
                        ..axes.clone()
                    },
                    &boxes,
                    f,
                    size,
                )
                .unwrap(),
                // Empty inputs draw an empty state.
                line_bands_chart(&axes, &[], f, size).unwrap(),
                heatmap_chart(
                    &axes,
                    &Grid {
                        values: vec![],
                        ..grid.clone()
                    },
                    f,
                    size,
                )
                .unwrap(),
                box_plots_chart(&axes, &[], f, size).unwrap(),
            ];
            for bytes in outs {
                match f {
                    Format::Png => assert_eq!(png_size(&bytes), size),
                    Format::Svg => check_svg(&bytes, size, "Sweep of exit cost"),
                }
            }
        }
    }
}

fn detente() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("detente").unwrap()
}

fn plot_and_compare(json: &str, dir: &Path) {
    let input = dir.join("summary.json");
    std::fs::write(&input, json).unwrap();
    let out = dir.join("charts/new");
    let assert = detente()
        .arg("plot")
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stdout = String::from_utf8(assert.get_output().stdout.clone()).unwrap();
    let s = fixture();
    for c in run_charts(&s).unwrap() {
        let path = out.join(c.file_name());
        assert!(
            stdout.contains(&path.display().to_string()),
            "lists {}",
            path.display()
        );
        let written = std::fs::read(&path).unwrap();
        assert!(
            written == c.bytes,
            "{} drawn from JSON equals run_charts",
            c.file_name()
        );
    }
}

#[test]
fn plot_from_wrapped_json_draws_the_same_bytes() {
    let s = fixture();
    let json = serde_json::json!({ "summary": s, "aggregate": { "whatever": 1 } }).to_string();
    assert!(json.contains("null"), "NaN bands travel as null");
    let dir = tempfile::tempdir().unwrap();
    plot_and_compare(&json, dir.path());
}

#[test]
fn plot_from_bare_summary_json_draws_the_same_bytes() {
    let mut s = fixture();
    // Make the curve reach S = 0 so NaN bands must round-trip through null.
    let (curve, median, ..) = km(s.survival.treaties, 24, 0.5, 0.0);
    assert!(curve.iter().any(|p| p.lo.is_nan()));
    s.survival.curve = curve.clone();
    s.survival.median = median;
    let json = serde_json::to_string_pretty(&s).unwrap();
    let back: Summary = serde_json::from_str(&json).unwrap();
    assert!(
        back.survival
            .curve
            .iter()
            .zip(&curve)
            .all(|(a, b)| a.lo.to_bits() == b.lo.to_bits() || (a.lo.is_nan() && b.lo.is_nan()))
    );
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bare.json");
    std::fs::write(&input, &json).unwrap();
    let out = dir.path().join("out");
    detente()
        .args(["plot", "--format", "svg", "--out"])
        .arg(&out)
        .arg(&input)
        .assert()
        .success();
    let expect = charts::survival_chart(&s, Format::Svg, (1200, 750)).unwrap();
    assert!(std::fs::read(out.join("survival.svg")).unwrap() == expect);
    assert!(
        !out.join("survival.png").exists(),
        "--format svg writes no PNG"
    );
}

#[test]
fn plot_from_fixture_json_draws_the_same_bytes() {
    let json = serde_json::to_string(&fixture()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    plot_and_compare(&json, dir.path());
}

#[test]
fn plot_rejects_bad_json_with_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\n  \"summary\": {\"runs\": }\n}\n").unwrap();
    let a = detente()
        .arg("plot")
        .arg(&bad)
        .arg("--out")
        .arg(dir.path().join("o"))
        .assert()
        .code(2);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(err.contains("bad.json"), "names the file: {err}");
    assert!(err.contains("line 2 column"), "gives the place: {err}");

    let shape = dir.path().join("shape.json");
    std::fs::write(&shape, "{\"summary\": {\"runs\": 3}}").unwrap();
    let a = detente()
        .arg("plot")
        .arg(&shape)
        .arg("--out")
        .arg(dir.path().join("o"))
        .assert()
        .code(2);
    let err = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("shape.json") && err.contains("missing field"),
        "{err}"
    );
    assert!(
        !dir.path().join("o").exists(),
        "nothing written on bad input"
    );
}

// ---------------------------------------------------------------------------------
// --plots on the commands

/// Read `dir/{stem}.png` and `dir/{stem}.svg` for every stem: valid PNGs of the default
/// size, valid SVGs containing `must_contain`; and no other files in `dir`.
fn check_dir(dir: &Path, stems: &[&str], must_contain: &[&str]) {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    let mut expect: Vec<String> = stems
        .iter()
        .flat_map(|s| [format!("{s}.png"), format!("{s}.svg")])
        .collect();
    expect.sort();
    assert_eq!(found, expect, "files in {}", dir.display());
    for stem in stems {
        let png = std::fs::read(dir.join(format!("{stem}.png"))).unwrap();
        assert_eq!(png_size(&png), (1200, 750), "{stem}.png");
        let svg = std::fs::read(dir.join(format!("{stem}.svg"))).unwrap();
        for text in must_contain {
            check_svg(&svg, (1200, 750), text);
        }
    }
}

fn svg_text(dir: &Path, stem: &str) -> String {
    String::from_utf8(std::fs::read(dir.join(format!("{stem}.svg"))).unwrap()).unwrap()
}

#[test]
fn run_plots_writes_every_chart_and_plot_from_its_json_draws_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let plots = dir.path().join("new/charts");
    let json = dir.path().join("run.json");
    let a = detente()
        .args([
            "run",
            "scenarios/security-guarantees.toml",
            "--runs",
            "500",
            "-q",
        ])
        .arg("--plots")
        .arg(&plots)
        .arg("--json")
        .arg(&json)
        .assert()
        .success();
    let stderr = String::from_utf8(a.get_output().stderr.clone()).unwrap();
    for stem in charts::RUN_CHARTS {
        for ext in ["png", "svg"] {
            let p = plots.join(format!("{stem}.{ext}"));
            assert!(
                stderr.contains(&format!("wrote {}", p.display())),
                "stderr lists {}: {stderr}",
                p.display()
            );
        }
    }
    check_dir(&plots, &charts::RUN_CHARTS, &["(500 runs, seed 20211217)"]);
    assert!(svg_text(&plots, "conflict").contains("conflict over time"));

    // `detente plot` of the --json output draws byte-identical files.
    let again = dir.path().join("again");
    detente()
        .arg("plot")
        .arg(&json)
        .arg("--out")
        .arg(&again)
        .assert()
        .success();
    for stem in charts::RUN_CHARTS {
        for ext in ["png", "svg"] {
            let name = format!("{stem}.{ext}");
            let a = std::fs::read(plots.join(&name)).unwrap();
            let b = std::fs::read(again.join(&name)).unwrap();
            assert!(a == b, "{name}: run --plots and plot draw the same bytes");
        }
    }
}

#[test]
fn run_plots_format_png_writes_only_pngs_and_format_needs_plots() {
    let dir = tempfile::tempdir().unwrap();
    detente()
        .args([
            "run",
            "scenarios/security-guarantees.toml",
            "--runs",
            "200",
            "-q",
        ])
        .args(["--format", "png", "--plots"])
        .arg(dir.path())
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expect: Vec<String> = charts::RUN_CHARTS
        .iter()
        .map(|s| format!("{s}.png"))
        .collect();
    expect.sort();
    assert_eq!(names, expect);
    detente()
        .args(["run", "scenarios/security-guarantees.toml", "--runs", "200"])
        .args(["--format", "svg"])
        .assert()
        .code(2);
}

#[test]
fn sweep_plots_draw_lines_for_one_parameter_and_heatmaps_for_two() {
    let dir = tempfile::tempdir().unwrap();
    let one = dir.path().join("one");
    detente()
        .args(["sweep", "scenarios/inf-treaty.toml"])
        .args(["--vary", "treaty.exit_cost=0..20:3", "--runs", "300", "-q"])
        .arg("--plots")
        .arg(&one)
        .assert()
        .success();
    check_dir(
        &one,
        &["sweep"],
        &[
            "sweep of treaty.exit_cost",
            "300 runs per point, seed 19871208, same random numbers at every point",
        ],
    );
    let svg = svg_text(&one, "sweep");
    for heading in [
        "first treaty still in force at the horizon",
        "share of time under any treaty",
        "conflict by the horizon",
        "median treaty duration (months)",
    ] {
        assert!(svg.contains(heading), "panel {heading}");
    }

    let two = dir.path().join("two");
    detente()
        .args(["sweep", "scenarios/security-guarantees.toml"])
        .args(["--vary", "treaty.exit_cost=0..20:2"])
        .args(["--vary", "conflict.no_deal=0..0.01:2"])
        .args(["--runs", "300", "-q", "--plots"])
        .arg(&two)
        .assert()
        .success();
    check_dir(
        &two,
        &charts::SWEEP_GRID_CHARTS,
        &["sweep of treaty.exit_cost × conflict.no_deal (300 runs per point"],
    );
    let svg = svg_text(&two, "sweep-conflict");
    assert!(svg.contains("treaty.exit_cost") && svg.contains("0.01"));
}

#[test]
fn compare_plots_draw_survival_curves_and_grouped_bars() {
    let dir = tempfile::tempdir().unwrap();
    detente()
        .args(["compare", "scenarios/inf-treaty.toml"])
        .args(["--variant", "cheap-exit:treaty.exit_cost=0"])
        .args(["--variant", "costly-exit:treaty.exit_cost=60"])
        .args(["--runs", "300", "--plots"])
        .arg(dir.path())
        .assert()
        .success();
    check_dir(
        dir.path(),
        &charts::COMPARE_CHARTS,
        &["baseline vs cheap-exit vs costly-exit", "(300 runs each"],
    );
    let surv = svg_text(dir.path(), "compare-survival");
    assert!(surv.contains("Log-rank test against baseline"));
    assert!(surv.contains("share of treaties still in force"));
    // Every entry reaches its median within the 600-month horizon: three labels.
    assert_eq!(surv.matches("median ").count(), 3, "one median label each");
    let bars = svg_text(dir.path(), "compare-outcomes");
    for label in [
        "reached an agreement",
        "conflict by the horizon",
        "costly-exit",
    ] {
        assert!(bars.contains(label), "outcomes chart shows {label}");
    }
}

#[test]
fn tournament_plots_draw_box_plots_and_the_payoff_heatmap() {
    let dir = tempfile::tempdir().unwrap();
    detente()
        .args(["tournament", "--strategies", "tft,alld,wsls"])
        .args(["--turns", "20", "--repetitions", "5", "--noise", "0.05"])
        .arg("--plots")
        .arg(dir.path())
        .assert()
        .success();
    check_dir(
        dir.path(),
        &charts::TOURNAMENT_CHARTS,
        &["(3 strategies, 20 turns per match, noise 0.05, 5 repetitions, seed 0)"],
    );
    for stem in charts::TOURNAMENT_CHARTS {
        let svg = svg_text(dir.path(), stem);
        for name in ["Tit For Tat", "Defector", "Win-Stay Lose-Shift"] {
            assert!(svg.contains(name), "{stem} names {name}");
        }
    }
}

#[test]
fn evolve_plots_draw_shares_over_generations() {
    let dir = tempfile::tempdir().unwrap();
    detente()
        .args(["evolve", "--matrix", "3 0; 5 1", "--runs", "50"])
        .args(["--generations", "30", "--mutation", "0.05", "--plots"])
        .arg(dir.path())
        .assert()
        .success();
    check_dir(dir.path(), &charts::EVOLVE_CHARTS, &[]);
    assert!(svg_text(dir.path(), "evolve-moran").contains("mutation 0.05"));
    assert!(svg_text(dir.path(), "evolve-replicator").contains("strategy shares by generation"));
    // Without mutation there is no Moran series; the fixation chart is still drawn.
    let dir = tempfile::tempdir().unwrap();
    detente()
        .args(["evolve", "--matrix", "3 0; 5 1", "--runs", "50"])
        .args(["--generations", "30", "--plots"])
        .arg(dir.path())
        .assert()
        .success();
    check_dir(dir.path(), &["evolve-replicator", "evolve-fixation"], &[]);
    let svg = svg_text(dir.path(), "evolve-fixation");
    for text in [
        "fixation probability of one mutant",
        "A1 into A2",
        "A2 into A1",
        "neutral 1/N",
    ] {
        assert!(svg.contains(text), "the fixation chart shows {text}");
    }
}

#[test]
fn box_stats_are_linear_quantiles() {
    let b = charts::box_stats("x", &[5.0, 1.0, 3.0, 2.0, 4.0, f64::NAN]);
    // Sorted 1..5, positions (n − 1)q: 0.2, 1, 2, 3, 3.8.
    assert_eq!(
        [b.p05, b.p25, b.p50, b.p75, b.p95],
        [1.2, 2.0, 3.0, 4.0, 4.8]
    );
    assert_eq!(b.mean, Some(3.0));
    let e = charts::box_stats("empty", &[]);
    assert!(e.p50.is_nan() && e.mean.is_none());
}

#[test]
fn sweep_chart_leaves_gaps_where_the_median_is_not_reached() {
    use detente::report::compare::{Headline, SweepPoint, SweepResult};
    let s = fixture();
    let mut base = Headline::of(&s);
    let points: Vec<SweepPoint> = (0..5)
        .map(|k| {
            let mut h = base.clone();
            if k >= 3 {
                h.median_duration = None;
                h.median_lo = Some(20);
                h.median_hi = None;
            }
            SweepPoint {
                values: vec![k as f64 * 2.5],
                headline: h,
                info: None,
                aggregate: None,
            }
        })
        .collect();
    let r = SweepResult {
        format: detente::report::json::SWEEP_FORMAT.into(),
        scenario: "Gappy".into(),
        scenario_sha256: String::new(),
        tool_version: "0.1.0".into(),
        seed: 3,
        runs: 10_000,
        total_runs: 10_000,
        run_range: [0, 10_000],
        overrides: vec![],
        parameters: vec!["treaty.exit_cost".into()],
        round: "month".into(),
        rounds: "months".into(),
        horizon: 24,
        points,
    };
    let svg = String::from_utf8(charts::sweep_lines_chart(&r, Format::Svg, (1200, 750)).unwrap())
        .unwrap();
    assert!(svg.contains("gaps: median not reached"));
    assert!(svg.contains("(10,000 runs per point, seed 3, same random numbers at every point)"));
    // No median anywhere: the panel says so instead of drawing an empty axis.
    base.median_duration = None;
    let mut none = r.clone();
    for p in &mut none.points {
        p.headline.median_duration = None;
    }
    let svg =
        String::from_utf8(charts::sweep_lines_chart(&none, Format::Svg, (1200, 750)).unwrap())
            .unwrap();
    assert!(svg.contains("The median was not reached at any point"));
    for size in [(1200, 750), (600, 375)] {
        let png = charts::sweep_lines_chart(&none, Format::Png, size).unwrap();
        assert_eq!(png_size(&png), size);
    }
}
