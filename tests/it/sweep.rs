//! `detente sweep` and `detente compare` at the binary level: common random numbers
//! make comparisons across points meaningful.

use assert_cmd::Command;

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

fn sweep_json(scenario: &str, vary: &str, runs: &str) -> serde_json::Value {
    let out = detente()
        .args([
            "sweep", scenario, "--vary", vary, "--runs", runs, "--json", "-",
        ])
        .assert()
        .success();
    serde_json::from_slice(&out.get_output().stdout).unwrap()
}

fn counts(points: &serde_json::Value, metric: &str) -> Vec<u64> {
    points
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["headline"][metric]["count"].as_u64().unwrap())
        .collect()
}

#[test]
fn raising_the_exit_cost_never_lowers_the_share_in_force() {
    // With common random numbers every point replays the same runs: the same talks,
    // the same shocks, moves and conflict draws while the first treaty is in force. A
    // costlier exit raises every exit threshold (myopic: v − b + c(1 − δ); optimal:
    // increasing in c), so each first treaty ends no earlier, run by run, and the count
    // still in force at the horizon cannot fall — exactly, not just on average. (The
    // final-state share `in_force` also counts renegotiated treaties, whose paths
    // diverge once an exit happens; it rises on the whole but may dip by a few runs.)
    // (The treaty twins are the flagship's crisis talks again: covered by it.)
    for scenario in [
        "scenarios/security-guarantees.toml",
        "scenarios/inf-treaty.toml",
    ] {
        let v = sweep_json(scenario, "treaty.exit_cost=0..40:9", "1500");
        let counts = counts(&v["points"], "first_treaty_survives");
        assert_eq!(counts.len(), 9);
        for w in counts.windows(2) {
            assert!(
                w[1] >= w[0],
                "{scenario}: in-force counts fell along the sweep: {counts:?}"
            );
        }
        assert!(
            counts[8] > counts[0],
            "{scenario}: the exit cost had no effect: {counts:?}"
        );
    }
}

#[test]
fn a_grid_sweep_has_every_combination_in_order() {
    let v = sweep_json(
        "scenarios/security-guarantees.toml",
        "treaty.exit_cost=0..10:3",
        "200",
    );
    assert_eq!(v["points"].as_array().unwrap().len(), 3);
    let out = detente()
        .args([
            "sweep",
            "scenarios/security-guarantees.toml",
            "--vary",
            "treaty.exit_cost=0..10:3",
            "--vary",
            "talks.deadline=2..6:3",
            "--runs",
            "200",
            "--csv",
            "-",
        ])
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(rows[0].starts_with("treaty.exit_cost,talks.deadline,in_force"));
    assert_eq!(rows.len(), 10);
    assert!(rows[1].starts_with("0,2,"));
    assert!(rows[2].starts_with("0,4,"));
    assert!(rows[9].starts_with("10,6,"));
    // The share of time under any treaty closes each row, a mean share within [0, 1].
    assert!(
        rows[0].ends_with(",time_under_treaty,time_under_treaty_lo,time_under_treaty_hi"),
        "{}",
        rows[0]
    );
    let width = rows[0].split(',').count();
    for r in &rows[1..] {
        let f: Vec<&str> = r.split(',').collect();
        assert_eq!(f.len(), width, "{r}");
        let t: Vec<f64> = f[width - 3..].iter().map(|x| x.parse().unwrap()).collect();
        assert!(
            0.0 <= t[1] && t[1] <= t[0] && t[0] <= t[2] && t[2] <= 1.0,
            "{r}"
        );
    }
}

#[test]
fn bad_vary_and_variant_exit_two() {
    for args in [
        vec![
            "sweep",
            "scenarios/security-guarantees.toml",
            "--vary",
            "treaty.exit_cost=0..10",
        ],
        vec![
            "sweep",
            "scenarios/security-guarantees.toml",
            "--vary",
            "treaty.exit_cost=a..b:3",
        ],
        vec![
            "sweep",
            "scenarios/security-guarantees.toml",
            "--vary",
            "treaty.nope=0..1:3",
        ],
        vec![
            "sweep",
            "scenarios/security-guarantees.toml",
            "--vary",
            "talks.deadline=1..2.5:3",
        ],
        vec!["compare", "scenarios/security-guarantees.toml"],
        vec![
            "compare",
            "scenarios/security-guarantees.toml",
            "--variant",
            "novalue",
        ],
        vec![
            "compare",
            "scenarios/security-guarantees.toml",
            "--variant",
            "x:treaty.form=\"sometimes\"",
        ],
    ] {
        let a = detente().args(&args).assert().code(2);
        let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        assert!(err.contains("error"), "{args:?}: {err}");
    }
}

#[test]
fn compare_binding_and_verbal_reports_differences_and_log_rank() {
    let out = detente()
        .args([
            "compare",
            "scenarios/legally-binding.toml",
            "scenarios/verbal-assurance.toml",
            "--runs",
            "200",
            "--json",
            "-",
        ])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let e = v["entries"].as_array().unwrap();
    assert_eq!(e.len(), 2);
    assert!(e[0]["log_rank"].is_null() && e[0]["paired"].is_null());
    let lr = &e[1]["log_rank"];
    assert!(lr["chi2"].as_f64().unwrap() > 0.0);
    let p = lr["p_value"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&p));
    // A verbal assurance (no exit cost, no notice) keeps fewer first treaties: the
    // paired difference and its interval lie below 0 (the direction is tested with
    // more runs in scenarios::the_binding_twin_agrees_less_often_but_its_treaties_last_longer).
    let d = &e[1]["paired"]["first_treaty_survives"];
    assert!(d["hi"].as_f64().unwrap() < 0.0, "{d}");
}

#[test]
fn sweep_shards_merge_into_the_one_process_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let base = [
        "sweep",
        "scenarios/security-guarantees.toml",
        "--vary",
        "treaty.exit_cost=0..20:3",
        "--runs",
        "900",
        "--quiet",
    ];
    let whole = dir.path().join("whole.json");
    detente()
        .args(base)
        .arg("--json")
        .arg(&whole)
        .assert()
        .success();
    let mut parts = Vec::new();
    for k in [2usize, 0, 1] {
        let p = dir.path().join(format!("part{k}.json"));
        detente()
            .args(base)
            .args(["--shard", &format!("{k}/3"), "--json"])
            .arg(&p)
            .assert()
            .success();
        parts.push(p);
    }
    let out = dir.path().join("merged.json");
    detente()
        .arg("merge")
        .args(&parts)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert!(
        std::fs::read(&out).unwrap() == std::fs::read(&whole).unwrap(),
        "merged sweep differs from the one-process sweep"
    );
    // A missing shard is refused.
    detente()
        .arg("merge")
        .args(&parts[..2])
        .arg("-o")
        .arg(dir.path().join("bad.json"))
        .assert()
        .code(2);
}

#[test]
fn compare_differences_are_paired_run_by_run() {
    let out = detente()
        .args(["compare", "scenarios/inf-treaty.toml"])
        .args(["--variant", "costly-exit:treaty.exit_cost=60"])
        .args(["--runs", "400", "--json", "-"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let e = v["entries"].as_array().unwrap();
    assert!(e[0]["paired"].is_null());
    let seed = v["seed"].as_u64().unwrap();
    // The same pairs, recomputed run by run with the library.
    use detente::engine::run::{Scratch, simulate};
    use detente::engine::{key_for, rng_for};
    use detente::report::compare::{Paired, RunBits};
    let bits = |set: &[String]| -> Vec<RunBits> {
        let path = "scenarios/inf-treaty.toml";
        let s = detente::scenario::load(path, &std::fs::read(path).unwrap(), set)
            .unwrap()
            .scenario;
        let m = detente::model::Model::compile(&s);
        let mut scratch = Scratch::new(&m);
        (0..400)
            .map(|k| {
                let mut rng = rng_for(&key_for(seed), k);
                simulate(&m, &mut scratch, &mut rng, &mut detente::story::NoTrace);
                RunBits::of(&scratch.result, m.horizon)
            })
            .collect()
    };
    let want = Paired::between(&bits(&[]), &bits(&["treaty.exit_cost=60".into()]));
    let got: Paired = serde_json::from_value(e[1]["paired"].clone()).unwrap();
    assert_eq!(got, want);
    // A costlier exit keeps first treaties longer; the pairing makes the interval of
    // the difference narrower than Newcombe's for independent samples.
    let d = got.first_treaty_survives;
    assert!(d.diff > 0.0 && d.p_value < 0.05, "{d:?}");
    let share = |k: usize, m: &str| {
        let s = &e[k]["headline"][m];
        (s["count"].as_u64().unwrap(), s["total"].as_u64().unwrap())
    };
    let (k1, n1) = share(1, "first_treaty_survives");
    let (k0, n0) = share(0, "first_treaty_survives");
    let (_, lo, hi) = detente::stats::diff_of_proportions(k1, n1, k0, n0);
    assert!(
        d.hi - d.lo < hi - lo,
        "paired {d:?} vs independent [{lo}, {hi}]"
    );
}

#[test]
fn first_treaty_survival_is_the_same_estimate_in_run_compare_and_sweep() {
    // Treaties signed late: talks concede over 90 of the 104 weeks, so most first
    // treaties are followed for a few weeks only, while conflict can end a treaty in
    // any week. The share of first treaties in force at the horizon then overstates
    // survival (a late treaty counts as a survivor of the whole horizon); Kaplan–Meier
    // counts it for the weeks it was at risk. run, compare and sweep must print the
    // same Kaplan–Meier estimate and interval for the same scenario, seed and runs.
    let base = [
        "scenarios/deadline-stalling.toml",
        "--runs",
        "800",
        "-q",
        "--set",
        "talks.deadline=90",
        "--set",
        "actor.staller.payoffs.no_deal={ dist = \"uniform\", low = -1, high = 0.9 }",
    ];
    let json = |args: &[&str]| -> serde_json::Value {
        let out = detente()
            .args(args)
            .args(["--json", "-"])
            .assert()
            .success();
        serde_json::from_slice(&out.get_output().stdout).unwrap()
    };
    // The printed table (-q prints nothing).
    let text = |args: &[&str]| -> String {
        let args: Vec<&str> = args.iter().copied().filter(|a| *a != "-q").collect();
        let out = detente().args(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let values = ["0.01", "0.015"];
    let mut km = Vec::new();
    for v in values {
        let set = format!("conflict.in_force={v}");
        let args = [&["run"], &base[..], &["--set", &set]].concat();
        let s = &json(&args)["summary"];
        let h: Vec<f64> = s["headline"]["first_treaty_survival"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .collect();
        // The case is one where the two estimators differ, by over 4 points.
        let share = s["survival"]["censored"].as_f64().unwrap()
            / s["survival"]["treaties"].as_f64().unwrap();
        assert!(share - h[0] > 0.04, "KM {} vs share {share}", h[0]);
        let shown = format!(
            "{:.1}%  [{:.1}%, {:.1}%]",
            100.0 * h[0],
            100.0 * h[1],
            100.0 * h[2]
        );
        assert!(text(&args).contains(&shown), "run does not print {shown}");
        km.push(h);
    }
    // compare: the baseline at 0.015, the variant at 0.01.
    let cmp = [
        &["compare"],
        &base[..],
        &["--set", "conflict.in_force=0.015"],
        &["--variant", "safer:conflict.in_force=0.01"],
    ]
    .concat();
    let v = json(&cmp);
    let table = text(&cmp);
    for (entry, h) in v["entries"]
        .as_array()
        .unwrap()
        .iter()
        .zip([&km[1], &km[0]])
    {
        let f = &entry["headline"]["first_treaty_survives"];
        let got = [&f["share"], &f["lo"], &f["hi"]].map(|x| x.as_f64().unwrap());
        assert_eq!(got.to_vec(), *h, "compare {}", entry["name"]);
        let shown = format!(
            "{:.1}% [{:.1}%, {:.1}%]",
            100.0 * h[0],
            100.0 * h[1],
            100.0 * h[2]
        );
        assert!(table.contains(&shown), "compare does not print {shown}");
    }
    // The paired difference is the difference of the two estimates.
    let d = v["entries"][1]["paired"]["first_treaty_survives"]["diff"]
        .as_f64()
        .unwrap();
    assert_eq!(d, km[0][0] - km[1][0]);
    // sweep: one point per value.
    let sw = [
        &["sweep"],
        &base[..],
        &["--vary", "conflict.in_force=0.01..0.015:2"],
    ]
    .concat();
    let v = json(&sw);
    let table = text(&sw);
    for (point, h) in v["points"].as_array().unwrap().iter().zip(&km) {
        let f = &point["headline"]["first_treaty_survives"];
        let got = [&f["share"], &f["lo"], &f["hi"]].map(|x| x.as_f64().unwrap());
        assert_eq!(got.to_vec(), *h, "sweep at {}", point["values"]);
        let shown = format!(
            "{:.1} [{:.1}, {:.1}]",
            100.0 * h[0],
            100.0 * h[1],
            100.0 * h[2]
        );
        assert!(table.contains(&shown), "sweep does not print {shown}");
    }
}

#[test]
fn csv_files_are_plain_tables_and_compare_json_carries_provenance() {
    // Issue 14, item 2: every CSV loads with a plain `read_csv` (a header, then rows of
    // the header's width, no `#` comment lines), the tournament writes one table per
    // file, and compare's JSON names each entry's scenario hash and overrides.
    let dir = tempfile::tempdir().unwrap();
    let f = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let s = "scenarios/inf-treaty.toml";
    let runs = ["--runs", "40", "-q"];
    let (runs_csv, sweep_csv, compare_csv, compare_json, t_csv) = (
        f("runs.csv"),
        f("sweep.csv"),
        f("compare.csv"),
        f("compare.json"),
        f("t.csv"),
    );
    let commands: Vec<Vec<&str>> = vec![
        [&["run", s][..], &runs, &["--runs-csv", &runs_csv]].concat(),
        [
            &["sweep", s][..],
            &runs,
            &["--vary", "treaty.exit_cost=0..20:3", "--csv", &sweep_csv],
        ]
        .concat(),
        [
            &["compare", s][..],
            &runs,
            &[
                "--variant",
                "free:treaty.exit_cost=0",
                "--csv",
                &compare_csv,
            ],
            &["--json", &compare_json],
        ]
        .concat(),
        vec![
            "tournament",
            "--strategies",
            "tft,alld,wsls",
            "--repetitions",
            "2",
            "--turns",
            "10",
            "--csv",
            &t_csv,
        ],
    ];
    for c in &commands {
        detente().args(c).assert().success();
    }
    for name in [
        "runs.csv",
        "sweep.csv",
        "compare.csv",
        "t.csv",
        "t.matrix.csv",
    ] {
        let text = std::fs::read_to_string(f(name)).unwrap();
        assert!(
            text.lines().all(|l| !l.starts_with('#')),
            "{name} has comment lines"
        );
        let mut r = csv::Reader::from_reader(text.as_bytes());
        let width = r.headers().unwrap().len();
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
        assert!(!rows.is_empty(), "{name}: no rows");
        assert!(rows.iter().all(|x| x.len() == width), "{name}: ragged rows");
    }
    // The tournament's ranking and matrix are two tables: the matrix has a row and a
    // column per strategy.
    let m = std::fs::read_to_string(f("t.matrix.csv")).unwrap();
    assert_eq!(m.lines().count(), 4, "{m}");
    let v: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f("compare.json")).unwrap()).unwrap();
    let e = v["entries"].as_array().unwrap();
    for x in e {
        let h = x["scenario_sha256"].as_str().unwrap();
        assert!(
            h.len() == 64 && h.chars().all(|c| c.is_ascii_hexdigit()),
            "{h}"
        );
    }
    assert_eq!(e[1]["overrides"][0], "treaty.exit_cost=0");
}
