//! Result files that lie: run and sweep JSON edited by hand, truncated or forged are
//! refused by `merge`, `plot` and `run --check` with exit code 2 and a message that
//! says what is wrong (damaged: inconsistent; edited: content digest) — never a
//! panic, a huge allocation, a silent wrap-around or a chart of impossible numbers.

use assert_cmd::Command;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const SCENARIO: &str = "scenarios/security-guarantees.toml";

/// A named edit of a result file's JSON.
type Edit = (&'static str, fn(&mut Value));

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

/// Run `detente args…`, assert exit code 2 and no panic, return stderr.
fn refused(args: &[&str]) -> String {
    let out = detente().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?} should exit 2:\n{err}");
    assert!(!err.contains("panicked"), "{args:?} panicked:\n{err}");
    err
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `detente run` (or sweep) writing JSON into `dir/name`; returns the path.
fn made(dir: &Path, name: &str, args: &[&str]) -> PathBuf {
    let p = dir.join(name);
    detente()
        .args(args)
        .args(["--quiet", "--json"])
        .arg(&p)
        .assert()
        .success();
    p
}

fn read(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn write(dir: &Path, name: &str, v: &Value) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, serde_json::to_vec_pretty(v).unwrap()).unwrap();
    p
}

fn run_file(dir: &Path) -> PathBuf {
    made(
        dir,
        "run.json",
        &["run", SCENARIO, "--runs", "300", "--seed", "3"],
    )
}

#[test]
fn counts_that_do_not_add_up_are_refused_by_merge_plot_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let good = read(&run_file(dir.path()));
    let charts = dir.path().join("charts");
    let out = dir.path().join("m.json");
    let edits: &[Edit] = &[
        ("outcomes_do_not_add_up", |v| {
            let x = v["aggregate"]["in_force"].as_u64().unwrap();
            v["aggregate"]["in_force"] = json!(x + 1);
        }),
        ("count_above_runs", |v| {
            v["aggregate"]["first_notice"][0] = json!(1_000_000u64);
        }),
        ("count_near_u64_max", |v| {
            v["aggregate"]["conflict_round"][3] = json!(u64::MAX);
        }),
        ("short_vector", |v| {
            v["aggregate"]["withdrawn"].as_array_mut().unwrap().pop();
        }),
        ("huge_horizon", |v| {
            v["summary"]["scenario"]["horizon"] = json!(4_000_000_000u64);
        }),
        ("sum_of_1e300", |v| {
            v["aggregate"]["payoff"][0]["sum"] = json!("1".to_string() + &"0".repeat(70));
        }),
        ("summary_not_from_aggregate", |v| {
            v["summary"]["outcomes"][0]["share"] = json!(1e300);
        }),
    ];
    for (name, edit) in edits {
        let mut v = good.clone();
        edit(&mut v);
        let p = write(dir.path(), &format!("{name}.json"), &v);
        for args in [
            vec!["merge", s(&p), "-o", s(&out)],
            vec!["plot", s(&p), "--out", s(&charts)],
            vec!["run", SCENARIO, "--check", s(&p)],
        ] {
            let err = refused(&args);
            assert!(
                err.contains("damaged") || err.contains("cannot be trusted"),
                "{name}: {args:?}\n{err}"
            );
        }
    }
    assert!(!out.exists() && !charts.exists());
}

#[test]
fn an_edited_result_is_recognised_by_its_digest() {
    let dir = tempfile::tempdir().unwrap();
    let p = run_file(dir.path());
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(
        text.contains("\"digest\": \"sha256:"),
        "no digest in {text}"
    );
    // A consistent edit (the label of an outcome) that no count check can see.
    let edited = text.replacen("treaty in force at the horizon", "treaty in force", 1);
    assert_ne!(edited, text);
    std::fs::write(&p, edited).unwrap();
    let out = dir.path().join("m.json");
    for args in [
        vec!["merge", s(&p), "-o", s(&out)],
        vec!["plot", s(&p), "--out", s(&dir.path().join("c"))],
        vec!["run", SCENARIO, "--check", s(&p)],
    ] {
        let err = refused(&args);
        assert!(err.contains("was edited"), "{args:?}\n{err}");
    }
}

#[test]
fn a_bare_summary_with_impossible_numbers_is_not_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let good = read(&run_file(dir.path()));
    let summary = good["summary"].clone();
    let edits: &[Edit] = &[
        ("share_1e300", |v| v["outcomes"][0]["share"] = json!(1e300)),
        ("survival_negative", |v| {
            v["survival"]["curve"][0]["survival"] = json!(-5.0)
        }),
        ("horizon_huge", |v| {
            v["scenario"]["horizon"] = json!(4_000_000_000u64)
        }),
        ("count_above_total", |v| {
            v["outcomes"][0]["count"] = json!(10_000)
        }),
    ];
    // The untouched bare summary still draws.
    let ok = write(dir.path(), "bare.json", &summary);
    detente()
        .args([
            "plot",
            s(&ok),
            "--out",
            s(&dir.path().join("ok")),
            "--format",
            "svg",
        ])
        .assert()
        .success();
    for (name, edit) in edits {
        let mut v = summary.clone();
        edit(&mut v);
        let p = write(dir.path(), &format!("{name}.json"), &v);
        let err = refused(&["plot", s(&p), "--out", s(&dir.path().join(name))]);
        assert!(err.contains("damaged"), "{name}: {err}");
    }
}

#[test]
fn sweep_parts_that_do_not_fit_are_refused_not_indexed_out_of_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let base = [
        "sweep",
        SCENARIO,
        "--vary",
        "treaty.exit_cost=0..10:3",
        "--runs",
        "60",
        "--seed",
        "2",
    ];
    let p0 = made(
        dir.path(),
        "p0.json",
        &[&base[..], &["--shard", "0/2"]].concat(),
    );
    let p1 = made(
        dir.path(),
        "p1.json",
        &[&base[..], &["--shard", "1/2"]].concat(),
    );
    let out = dir.path().join("m.json");
    detente()
        .args(["merge", s(&p0), s(&p1), "-o", s(&out)])
        .assert()
        .success();
    let good = read(&p1);
    let edits: &[Edit] = &[
        // Before: index out of bounds in the aggregate's merge (a panic).
        ("short_vectors", |v| {
            let agg = &mut v["points"][1]["aggregate"];
            for key in [
                "withdrawn",
                "first_notice",
                "violation_rounds",
                "rounds_in_force",
            ] {
                agg[key].as_array_mut().unwrap().truncate(1);
            }
        }),
        ("runs_disagree_with_points", |v| v["runs"] = json!(999)),
        ("point_runs_disagree", |v| {
            v["points"][0]["aggregate"]["runs"] = json!(7)
        }),
        ("count_overflow", |v| {
            v["points"][0]["aggregate"]["in_force"] = json!(u64::MAX)
        }),
    ];
    for (name, edit) in edits {
        let mut v = good.clone();
        edit(&mut v);
        let p = write(dir.path(), &format!("{name}.json"), &v);
        let err = refused(&["merge", s(&p0), s(&p), "-o", s(&out)]);
        assert!(err.contains("damaged"), "{name}: {err}");
    }
    // An edit that keeps every count consistent is caught by the digest.
    let text = std::fs::read_to_string(&p1).unwrap();
    let p = dir.path().join("renamed.json");
    std::fs::write(&p, text.replacen("\"seed\": 2", "\"seed\": 2 ", 1)).unwrap();
    let err = refused(&["merge", s(&p0), s(&p), "-o", s(&out)]);
    assert!(err.contains("was edited"), "{err}");
}

#[test]
fn check_refuses_a_run_range_that_does_not_match_the_runs_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut v = read(&run_file(dir.path()));
    // Claims 10^12 runs, of which it counts 300: before, --check re-ran 10^12 runs.
    v["summary"]["provenance"]["runs"] = json!(1_000_000_000_000u64);
    v["summary"]["provenance"]["run_range"] = json!([0, 1_000_000_000_000u64]);
    v["summary"]["provenance"]["partial"] = json!(true);
    let p = write(dir.path(), "huge.json", &v);
    let err = refused(&["run", SCENARIO, "--check", s(&p)]);
    assert!(err.contains("damaged"), "{err}");
}
