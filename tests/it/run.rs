//! `detente run`, `merge` and `--check` at the binary level: determinism across
//! thread counts and shards, provenance, partial results, bad flags.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

const SCENARIO: &str = "scenarios/security-guarantees.toml";

fn json_of(args: &[&str], dir: &Path, name: &str) -> Vec<u8> {
    let out = dir.join(name);
    detente()
        .args(args)
        .arg("--json")
        .arg(&out)
        .arg("--quiet")
        .assert()
        .success();
    std::fs::read(out).unwrap()
}

#[test]
fn same_bytes_for_any_thread_count() {
    let dir = tempfile::tempdir().unwrap();
    let base = ["run", SCENARIO, "--runs", "3000", "--seed", "11"];
    let one = json_of(
        &[&base[..], &["--threads", "1"]].concat(),
        dir.path(),
        "1.json",
    );
    for t in ["2", "7"] {
        let other = json_of(
            &[&base[..], &["--threads", t]].concat(),
            dir.path(),
            &format!("{t}.json"),
        );
        assert!(one == other, "--threads {t} changed the bytes");
    }
    // Repeating the same command gives the same bytes too.
    assert!(
        one == json_of(
            &[&base[..], &["--threads", "1"]].concat(),
            dir.path(),
            "again.json"
        )
    );
}

#[test]
fn shards_merged_in_any_order_equal_one_process() {
    let dir = tempfile::tempdir().unwrap();
    let base = [
        "run",
        SCENARIO,
        "--runs",
        "2500",
        "--seed",
        "3",
        "--set",
        "treaty.exit_cost=12",
    ];
    let whole = json_of(&base, dir.path(), "whole.json");
    for k in [1usize, 2, 3, 7] {
        let mut parts: Vec<PathBuf> = Vec::new();
        for i in 0..k {
            let name = format!("part-{k}-{i}.json");
            let shard = format!("{i}/{k}");
            // Each shard is a separate process.
            json_of(
                &[&base[..], &["--shard", &shard]].concat(),
                dir.path(),
                &name,
            );
            parts.push(dir.path().join(name));
        }
        // A fixed shuffle: reversed, then the first moved to the end.
        parts.reverse();
        parts.rotate_left(1);
        let out = dir.path().join(format!("merged-{k}.json"));
        detente()
            .arg("merge")
            .args(&parts)
            .arg("-o")
            .arg(&out)
            .assert()
            .success();
        assert!(
            std::fs::read(&out).unwrap() == whole,
            "K = {k}: merged bytes differ from one process"
        );
    }
}

#[test]
fn merge_refuses_gaps_overlaps_and_other_experiments() {
    let dir = tempfile::tempdir().unwrap();
    let base = ["run", SCENARIO, "--runs", "900", "--seed", "5"];
    for i in 0..3 {
        json_of(
            &[&base[..], &["--shard", &format!("{i}/3")]].concat(),
            dir.path(),
            &format!("p{i}.json"),
        );
    }
    json_of(
        &[
            "run", SCENARIO, "--runs", "900", "--seed", "6", "--shard", "2/3",
        ],
        dir.path(),
        "other-seed.json",
    );
    let p = |n: &str| dir.path().join(n);
    let out = p("out.json");
    let fails = |files: &[&str], needle: &str| {
        let mut c = detente();
        c.arg("merge");
        for f in files {
            c.arg(p(f));
        }
        let a = c.arg("-o").arg(&out).assert().code(2);
        let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        assert!(err.contains(needle), "expected `{needle}` in: {err}");
    };
    fails(&["p0.json", "p2.json"], "missing");
    fails(&["p0.json", "p1.json"], "missing");
    fails(&["p0.json", "p1.json", "p1.json", "p2.json"], "overlaps");
    fails(
        &["p0.json", "p1.json", "other-seed.json"],
        "different seeds",
    );
    assert!(!out.exists(), "a refused merge must not write its output");
}

#[test]
fn check_confirms_a_saved_result() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("r.json");
    json_of(
        &[
            "run",
            SCENARIO,
            "--runs",
            "1500",
            "--set",
            "conflict.talks=0.01",
        ],
        dir.path(),
        "r.json",
    );
    detente()
        .args(["run", SCENARIO, "--check"])
        .arg(&saved)
        .assert()
        .success();
    // A tampered number is caught before anything is re-run: the counts no longer
    // add up (exit 2, "damaged"), and any edit breaks the content digest.
    let text = String::from_utf8(std::fs::read(&saved).unwrap()).unwrap();
    let tampered = text.replacen("\"in_force\": ", "\"in_force\": 1", 1);
    std::fs::write(&saved, tampered).unwrap();
    let a = detente()
        .args(["run", SCENARIO, "--check"])
        .arg(&saved)
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
    assert!(err.contains("damaged"), "{err}");
}

#[test]
fn json_records_provenance_but_not_threads() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = json_of(
        &[
            "run",
            SCENARIO,
            "--runs",
            "700",
            "--seed",
            "9",
            "--set",
            "treaty.notice=3",
            "--threads",
            "2",
        ],
        dir.path(),
        "p.json",
    );
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let p = &v["summary"]["provenance"];
    assert_eq!(p["seed"], 9);
    assert_eq!(p["runs"], 700);
    assert_eq!(p["run_range"], serde_json::json!([0, 700]));
    assert_eq!(p["overrides"], serde_json::json!(["treaty.notice=3"]));
    assert_eq!(p["partial"], false);
    assert_eq!(p["tool_version"], env!("CARGO_PKG_VERSION"));
    let sha = p["scenario_sha256"].as_str().unwrap();
    assert_eq!(sha.len(), 64);
    assert!(!String::from_utf8_lossy(&bytes).contains("thread"));
}

#[test]
fn runs_csv_has_one_row_per_run_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("runs.csv");
    detente()
        .args(["run", SCENARIO, "--runs", "20000", "--quiet", "--runs-csv"])
        .arg(&csv)
        .assert()
        .success();
    let text = std::fs::read_to_string(&csv).unwrap();
    let rows: Vec<&str> = text.lines().collect();
    // No comment lines: pandas.read_csv and R's read.csv load it as it is.
    assert!(rows[0].starts_with("run,outcome,"));
    let prov: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("runs.provenance.json")).unwrap())
            .unwrap();
    assert_eq!(prov["runs"], 20_000);
    assert_eq!(prov["partial"], false);
    assert_eq!(prov["scenario_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(rows.len(), 20_001);
    for (k, r) in rows[1..].iter().enumerate() {
        assert!(r.starts_with(&format!("{k},")), "row {k} out of order: {r}");
    }
}

#[test]
fn runs_csv_to_stdout_is_only_the_csv() {
    let a = detente()
        .args(["run", SCENARIO, "--runs", "50", "--runs-csv", "-"])
        .assert()
        .success();
    let out = String::from_utf8(a.get_output().stdout.clone()).unwrap();
    let rows: Vec<&str> = out.lines().collect();
    assert!(rows[0].starts_with("run,outcome,"));
    assert_eq!(rows.len(), 51, "the header, 50 rows and nothing else");
    let cols = rows[0].split(',').count();
    assert!(rows.iter().all(|r| r.split(',').count() == cols));
}

#[test]
fn trace_tells_a_story() {
    let a = detente()
        .args(["run", SCENARIO, "--trace", "3"])
        .assert()
        .success();
    let out = String::from_utf8_lossy(&a.get_output().stdout).into_owned();
    assert!(out.contains("the story of run 3"));
    // Crisis talks: the US demand, with its issues named, and the agreement on it.
    assert!(
        out.contains("United States demands [enlargement 1.000"),
        "{out}"
    );
    assert!(out.contains("agreement reached"), "{out}");
}

#[test]
fn bad_flags_exit_two_with_a_message() {
    for args in [
        vec!["run", SCENARIO, "--runs", "0"],
        vec!["run", SCENARIO, "--shard", "3/3"],
        vec!["run", SCENARIO, "--shard", "x"],
        vec!["run", SCENARIO, "--threads", "0"],
        vec!["run", SCENARIO, "--set", "treaty.no_such_key=1"],
        vec!["run", SCENARIO, "--set", "treaty.exit_cost=abc"],
        vec!["run", SCENARIO, "--trace", "99999999"],
        vec!["run", "no/such/file.toml"],
        vec!["run", "scenarios"],
        vec!["run", SCENARIO, "--json", "no/such/folder/x.json"],
        vec!["run", SCENARIO, "--trace", "0", "--plots", "never-written"],
    ] {
        let a = detente().args(&args).assert().code(2);
        let err = String::from_utf8_lossy(&a.get_output().stderr).into_owned();
        assert!(err.contains("error"), "{args:?}: {err}");
    }
}

#[cfg(unix)]
#[test]
fn sigint_writes_a_partial_summary() {
    use std::process::Stdio;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("partial.json");
    let bin = assert_cmd::cargo::cargo_bin("detente");
    let mut child = std::process::Command::new(bin)
        .args(["run", SCENARIO, "--runs", "1000000000", "--quiet", "--json"])
        .arg(&out)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Let it start working, then interrupt it.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let _ = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let p = &v["summary"]["provenance"];
    assert_eq!(p["partial"], true);
    let done = p["run_range"][1].as_u64().unwrap();
    assert!(done > 0 && done < 1_000_000_000);
    assert_eq!(v["summary"]["runs"].as_u64().unwrap(), done);
    // No temporary file is left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}
