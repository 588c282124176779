//! Golden outputs: every shipped scenario, with a fixed seed and run count, gives the
//! recorded bytes for `run` (table, `--json`, `--runs-csv`, `--trace`), `explain`,
//! `analyze`, `sweep`, `compare`, `tournament` and `evolve`.
//!
//! A refactor must leave every digest unchanged. A change that alters outputs on
//! purpose re-records them in the same commit and says why in its message:
//! `DETENTE_BLESS=1 cargo test golden` rewrites `tests/data/golden.txt`. The file
//! lists, per output, its SHA-256 (or the exit code when a command refuses the
//! scenario), so a failing test names exactly which outputs moved.

use assert_cmd::Command;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

const GOLDEN: &str = "tests/data/golden.txt";

fn hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Run detente with `args`; when `out` is given, the digest is of that file's bytes,
/// otherwise of stdout. A failing command records its exit code and the digest of
/// its stderr, so refusals are pinned too.
fn digest(args: &[&str], out: Option<&Path>) -> String {
    let o = Command::cargo_bin("detente")
        .unwrap()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    if !o.status.success() {
        return format!(
            "exit={} stderr={}",
            o.status.code().unwrap_or(-1),
            &hex(&o.stderr)[..16]
        );
    }
    match out {
        Some(p) => hex(&std::fs::read(p).unwrap()),
        None => hex(without_timing(&String::from_utf8_lossy(&o.stdout)).as_bytes()),
    }
}

/// The run table ends with "(N runs in X s. …)": the wall time is the one thing in
/// it that is not a function of (scenario, seed, runs), so it is masked.
fn without_timing(text: &str) -> String {
    text.lines()
        .map(|l| match (l.find(" runs in "), l.find(" s.")) {
            (Some(a), Some(b)) if a < b => format!("{}{}", &l[..a + 9], &l[b..]),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn scenarios() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The outputs this test pins, in a stable order.
fn compute(dir: &Path) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    let f = |name: &str| dir.join(name);
    for s in scenarios() {
        let stem = Path::new(&s)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let run = [
            "run",
            s.as_str(),
            "--runs",
            "300",
            "--seed",
            "7",
            "--threads",
            "2",
        ];
        m.insert(format!("{stem} run table"), digest(&run, None));
        let json = f(&format!("{stem}.json"));
        let js = json.to_string_lossy().into_owned();
        m.insert(
            format!("{stem} run json"),
            digest(
                &[&run[..], &["--quiet", "--json", &js]].concat(),
                Some(&json),
            ),
        );
        let csv = f(&format!("{stem}.csv"));
        let cs = csv.to_string_lossy().into_owned();
        m.insert(
            format!("{stem} run csv"),
            digest(
                &[&run[..], &["--quiet", "--runs-csv", &cs]].concat(),
                Some(&csv),
            ),
        );
        m.insert(
            format!("{stem} run trace"),
            digest(&["run", &s, "--seed", "7", "--trace", "3"], None),
        );
        m.insert(format!("{stem} explain"), digest(&["explain", &s], None));
        m.insert(format!("{stem} analyze"), digest(&["analyze", &s], None));
        let sw = f(&format!("{stem}-sweep.json"));
        let sws = sw.to_string_lossy().into_owned();
        m.insert(
            format!("{stem} sweep json"),
            digest(
                &[
                    "sweep",
                    &s,
                    "--vary",
                    "treaty.exit_cost=0..20:3",
                    "--runs",
                    "150",
                    "--seed",
                    "7",
                    "--quiet",
                    "--json",
                    &sws,
                ],
                Some(&sw),
            ),
        );
        let cmp = f(&format!("{stem}-compare.json"));
        let cmps = cmp.to_string_lossy().into_owned();
        m.insert(
            format!("{stem} compare json"),
            digest(
                &[
                    "compare",
                    &s,
                    "--variant",
                    "cheap:treaty.exit_cost=0",
                    "--runs",
                    "150",
                    "--seed",
                    "7",
                    "--json",
                    &cmps,
                ],
                Some(&cmp),
            ),
        );
        m.insert(
            format!("{stem} tournament"),
            digest(
                &[
                    "tournament",
                    "--game",
                    &s,
                    "--strategies",
                    "tit-for-tat,defector,cooperator,grudger",
                    "--turns",
                    "30",
                    "--repetitions",
                    "3",
                    "--noise",
                    "0.05",
                    "--seed",
                    "3",
                ],
                None,
            ),
        );
    }
    let t = f("tournament.json");
    let ts = t.to_string_lossy().into_owned();
    m.insert(
        "tournament --all json".into(),
        digest(
            &[
                "tournament",
                "--all",
                "--turns",
                "40",
                "--repetitions",
                "2",
                "--noise",
                "0.05",
                "--seed",
                "5",
                "--json",
                &ts,
            ],
            Some(&t),
        ),
    );
    let e = f("evolve.json");
    let es = e.to_string_lossy().into_owned();
    m.insert(
        "evolve json".into(),
        digest(
            &[
                "evolve",
                "--strategies",
                "tit-for-tat,defector,win-stay-lose-shift",
                "--runs",
                "40",
                "--generations",
                "50",
                "--seed",
                "5",
                "--json",
                &es,
            ],
            Some(&e),
        ),
    );
    m
}

fn render(m: &BTreeMap<String, String>) -> String {
    let mut s = String::from(
        "# Digests of detente's outputs for the shipped scenarios (tests/it/golden.rs).\n\
         # Re-record with DETENTE_BLESS=1 cargo test golden, and say why in the commit.\n",
    );
    for (k, v) in m {
        s.push_str(&format!("{k}\t{v}\n"));
    }
    s
}

#[test]
fn every_shipped_output_matches_its_recorded_digest() {
    let dir = tempfile::tempdir().unwrap();
    let got = compute(dir.path());
    if std::env::var_os("DETENTE_BLESS").is_some() {
        std::fs::write(GOLDEN, render(&got)).unwrap();
        return;
    }
    let text = std::fs::read_to_string(GOLDEN).unwrap();
    let want: BTreeMap<String, String> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let mut diffs = Vec::new();
    for (k, v) in &got {
        match want.get(k) {
            Some(w) if w == v => {}
            Some(w) => diffs.push(format!("changed: {k}: recorded {w}, now {v}")),
            None => diffs.push(format!("new output: {k}")),
        }
    }
    for k in want.keys() {
        if !got.contains_key(k) {
            diffs.push(format!("no longer produced: {k}"));
        }
    }
    assert!(
        diffs.is_empty(),
        "{} output(s) differ from {GOLDEN} (if on purpose: DETENTE_BLESS=1 cargo test golden, \
         and say why in the commit):\n{}",
        diffs.len(),
        diffs.join("\n")
    );
}
