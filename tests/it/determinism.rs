//! The determinism suite at the binary level: the same command gives the same bytes
//! whatever the thread count, however often it is repeated, in one process or in
//! shards merged. `run` with the reference scenario is covered in `run.rs`; this file
//! covers a scenario with distributions and every lifecycle feature, the per-run CSV,
//! `sweep` and `tournament`, and the Slurm / Kubernetes shard recipes of docs/scaling.md.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

/// Every key of the format: distributions, random-walk and AR(1) temptation, a
/// principal, threshold exit, reputation.
const FULL: &str = "tests/data/good/full.toml";

/// Run `detente args… --threads T <out_flag> FILE`, return the file's bytes.
fn output(args: &[&str], threads: &str, out_flag: &str, dir: &Path, name: &str) -> Vec<u8> {
    let out = dir.join(name);
    detente()
        .args(args)
        .args(["--threads", threads, out_flag])
        .arg(&out)
        .assert()
        .success();
    std::fs::read(out).unwrap()
}

#[test]
fn run_json_and_csv_of_the_full_scenario_do_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    let base = ["run", FULL, "--runs", "1500", "--seed", "9", "--quiet"];
    for flag in ["--json", "--runs-csv"] {
        let one = output(&base, "1", flag, dir.path(), "1");
        assert!(one.len() > 1000, "{flag}: suspiciously short output");
        for t in ["2", "7", "1"] {
            let other = output(&base, t, flag, dir.path(), t);
            assert!(one == other, "{flag}: --threads {t} changed the bytes");
        }
    }
}

#[test]
fn full_scenario_shards_merged_equal_one_process() {
    let dir = tempfile::tempdir().unwrap();
    let base = ["run", FULL, "--runs", "1000", "--seed", "4", "--quiet"];
    let whole = output(&base, "2", "--json", dir.path(), "whole.json");
    for n in [2usize, 3, 7] {
        let parts: Vec<PathBuf> = (0..n)
            .map(|k| {
                let name = format!("part-{n}-{k}.json");
                let shard = format!("{k}/{n}");
                output(
                    &[&base[..], &["--shard", &shard]].concat(),
                    "1",
                    "--json",
                    dir.path(),
                    &name,
                );
                dir.path().join(name)
            })
            .collect();
        let merged = dir.path().join(format!("merged-{n}.json"));
        detente()
            .arg("merge")
            .args(&parts)
            .arg("-o")
            .arg(&merged)
            .assert()
            .success();
        assert!(
            std::fs::read(&merged).unwrap() == whole,
            "{n} shards merged differ from one process"
        );
        // And `run --check` confirms the merged file by re-running it.
        detente()
            .args(["run", FULL, "--threads", "2", "--quiet", "--check"])
            .arg(&merged)
            .assert()
            .success();
    }
}

#[test]
fn sweep_json_does_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    let base = [
        "sweep",
        "scenarios/inf-treaty.toml",
        "--vary",
        "treaty.exit_cost=0..20:3",
        "--runs",
        "500",
        "--seed",
        "2",
        "--quiet",
    ];
    let one = output(&base, "1", "--json", dir.path(), "1.json");
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(v["points"].as_array().map(Vec::len), Some(3));
    for t in ["2", "7", "1"] {
        let other = output(&base, t, "--json", dir.path(), &format!("{t}.json"));
        assert!(one == other, "sweep: --threads {t} changed the bytes");
    }
    // The CSV too.
    let csv = output(&base, "1", "--csv", dir.path(), "1.csv");
    assert!(csv == output(&base, "7", "--csv", dir.path(), "7.csv"));
}

#[test]
fn tournament_json_does_not_depend_on_threads() {
    let dir = tempfile::tempdir().unwrap();
    let base = [
        "tournament",
        "--strategies",
        "tft,wsls,alld,allc,grim",
        "--turns",
        "100",
        "--noise",
        "0.05",
        "--repetitions",
        "4",
        "--seed",
        "8",
    ];
    let one = output(&base, "1", "--json", dir.path(), "1.json");
    let v: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert!(v.is_object(), "not a JSON object");
    for t in ["2", "7", "1"] {
        let other = output(&base, t, "--json", dir.path(), &format!("{t}.json"));
        assert!(one == other, "tournament: --threads {t} changed the bytes");
    }
    // Geometric match lengths draw more random numbers: same property.
    let mut geo: Vec<&str> = base.to_vec();
    geo.splice(3..5, ["--continuation", "0.95"]);
    let one = output(&geo, "1", "--json", dir.path(), "g1.json");
    assert!(one == output(&geo, "7", "--json", dir.path(), "g7.json"));
}

/// The `SHARD=…` line of a recipe in docs/scaling.md whose line contains `needle`.
fn recipe_line(needle: &str) -> String {
    let doc = std::fs::read_to_string("docs/scaling.md").unwrap();
    let lines: Vec<&str> = doc
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("SHARD=") && l.contains(needle))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "docs/scaling.md: one SHARD= line with {needle}"
    );
    lines[0].to_string()
}

/// Evaluate `line` in bash with `env`, return `$SHARD` (None when bash fails).
fn eval_shard(line: &str, env: &[(&str, String)]) -> Option<String> {
    let out = std::process::Command::new("bash")
        .args([
            "-c",
            &format!("set -euo pipefail\n{line}\nprintf %s \"$SHARD\""),
        ])
        .env_clear()
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn the_cluster_recipes_of_the_docs_give_every_shard_once() {
    if std::process::Command::new("bash")
        .arg("-c")
        .arg("true")
        .status()
        .is_err()
    {
        return; // No bash here: nothing to check the recipes with.
    }
    let slurm = recipe_line("SLURM_ARRAY_TASK_ID");
    let k8s = recipe_line("JOB_COMPLETION_INDEX");
    let n = 4;
    let mut shards = Vec::new();
    for i in 0..n {
        // The shard count is written into the script (SHARDS), never read from
        // SLURM_ARRAY_TASK_COUNT: a task resubmitted alone sees a count of 1.
        let s = eval_shard(
            &format!("SHARDS={n}\n{slurm}"),
            &[
                ("SLURM_ARRAY_TASK_ID", i.to_string()),
                ("SLURM_ARRAY_TASK_COUNT", "1".to_string()),
            ],
        );
        assert_eq!(
            s.as_deref(),
            Some(format!("{i}/{n}").as_str()),
            "Slurm, task {i}"
        );
        let k = eval_shard(
            &k8s,
            &[
                ("JOB_COMPLETION_INDEX", i.to_string()),
                ("SHARDS", n.to_string()),
            ],
        );
        assert_eq!(k, s, "Kubernetes, index {i}");
        shards.extend(s);
    }
    // Outside a job array the Slurm line stops instead of guessing a shard.
    assert_eq!(eval_shard(&format!("SHARDS={n}\n{slurm}"), &[]), None);
    // The shards it produced merge into the one-process result.
    let dir = tempfile::tempdir().unwrap();
    let base = ["run", FULL, "--runs", "40", "--seed", "1", "--quiet"];
    let whole = output(&base, "1", "--json", dir.path(), "whole.json");
    let parts: Vec<PathBuf> = shards
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let name = format!("part-{i}.json");
            output(
                &[&base[..], &["--shard", s]].concat(),
                "1",
                "--json",
                dir.path(),
                &name,
            );
            dir.path().join(name)
        })
        .collect();
    let merged = dir.path().join("merged.json");
    detente()
        .arg("merge")
        .args(&parts)
        .arg("-o")
        .arg(&merged)
        .assert()
        .success();
    assert!(std::fs::read(merged).unwrap() == whole);
}
