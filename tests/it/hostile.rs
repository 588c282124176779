//! Hostile input at the binary level: malformed, deeply nested, huge, non-UTF-8 or
//! non-regular files, extreme numbers and garbage `--set`s each end with a clear
//! message and exit code 2 — never a panic, a hang or unbounded memory.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

const SCENARIO: &str = "scenarios/security-guarantees.toml";

/// Run `detente args…`, assert exit code 2 and no panic, return stderr.
fn refused(args: &[&str]) -> String {
    let out = detente().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?} should exit 2; stderr:\n{err}"
    );
    assert!(!err.contains("panicked"), "{args:?} panicked:\n{err}");
    assert!(!err.is_empty(), "{args:?} exited 2 without a message");
    err
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn every_file_of_the_bad_corpus_is_refused_by_validate_and_run() {
    let mut files: Vec<PathBuf> = std::fs::read_dir("tests/data/bad")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 103, "the corpus shrank: {}", files.len());
    for f in &files {
        let err = refused(&["validate", s(f)]);
        // Every message names its place as FILE:LINE:COL.
        let place = format!("{}:", f.display());
        let at = err
            .find(&place)
            .unwrap_or_else(|| panic!("{}: no FILE:LINE:COL in\n{err}", f.display()));
        let rest = &err[at + place.len()..];
        let mut parts = rest.splitn(3, ':');
        let line = parts.next().unwrap_or("");
        let col: String = parts
            .next()
            .unwrap_or("")
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        assert!(
            !line.is_empty() && line.chars().all(|c| c.is_ascii_digit()) && !col.is_empty(),
            "{}: no FILE:LINE:COL in\n{err}",
            f.display()
        );
        refused(&["run", s(f), "--runs", "10", "--quiet"]);
    }
}

#[test]
fn malformed_toml_points_at_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&str, &str)] = &[
        ("eq.toml", "[scenario]\nname = \"x\"\nruns = = 3\n"),
        ("header.toml", "[scenario\nname = \"x\"\n"),
        ("string.toml", "[scenario]\nname = \"x\n"),
        ("control.toml", "[scenario]\nname = \"a\u{0}b\"\n"),
        ("bom_only.toml", "\u{feff}"),
        ("lone_bracket.toml", "]"),
    ];
    for (name, text) in cases {
        let p = write(dir.path(), name, text.as_bytes());
        let err = refused(&["validate", s(&p)]);
        assert!(err.contains(&format!("{name}:")), "{name}: {err}");
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let dir = tempfile::tempdir().unwrap();
    let n = 100_000;
    let cases = [
        ("open_arrays.toml", format!("a = {}", "[".repeat(n))),
        (
            "closed_arrays.toml",
            format!("a = {}{}", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "inline_tables.toml",
            format!("a = {}1{}", "{b=".repeat(n), "}".repeat(n)),
        ),
        ("dotted_header.toml", format!("[{}b]\n", "a.".repeat(n))),
        ("dotted_key.toml", format!("{}b = 1\n", "a.".repeat(n))),
    ];
    for (name, text) in &cases {
        let p = write(dir.path(), name, text.as_bytes());
        let err = refused(&["validate", s(&p)]);
        assert!(
            err.contains("nested too deeply"),
            "{name}: the hint should say why:\n{}",
            &err[..err.len().min(2000)]
        );
        refused(&["run", s(&p)]);
    }
    // The same through --set.
    let deep = format!("scenario.horizon={}", "[".repeat(n));
    refused(&["validate", SCENARIO, "--set", &deep]);
}

#[test]
fn huge_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    // 100 MB, sparse: set_len costs nothing, and reading it would be the bug.
    let p = dir.path().join("huge.toml");
    std::fs::File::create(&p)
        .unwrap()
        .set_len(100_000_000)
        .unwrap();
    for cmd in ["validate", "run", "explain", "analyze"] {
        let err = refused(&[cmd, s(&p)]);
        assert!(err.contains("too large"), "{cmd}: {err}");
        assert!(err.contains("100000000 bytes"), "{cmd}: {err}");
    }
    let err = refused(&["merge", s(&p), "-o", s(&dir.path().join("m.json"))]);
    assert!(err.contains("too large"), "merge: {err}");
    // Above the scenario limit (10 MiB) but below the general one: read, then
    // refused before parsing.
    let mut text = b"[scenario]\nname = \"x\"\n".to_vec();
    text.resize(11 << 20, b'#');
    let p = write(dir.path(), "eleven.toml", &text);
    let err = refused(&["validate", s(&p)]);
    assert!(err.contains("too large for a scenario"), "{err}");
    assert!(err.contains("eleven.toml:1:1"), "{err}");
}

#[test]
fn too_many_actors_or_issues_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("[scenario]\nname = \"crowd\"\n[[issue]]\nid = \"x\"\n");
    for i in 0..1001 {
        text.push_str(&format!(
            "[[actor]]\nid = \"a{i}\"\nideal = {{ x = 0.5 }}\n"
        ));
    }
    let p = write(dir.path(), "crowd.toml", text.as_bytes());
    let err = refused(&["validate", s(&p)]);
    assert!(
        err.contains("too many [[actor]]s: 1001 (at most 1000)"),
        "{err}"
    );
    // The 1001st actor starts at line 5 + 3·1000.
    assert!(err.contains("crowd.toml:3005:1"), "{err}");

    let mut text = String::from("[scenario]\nname = \"agenda\"\n");
    for i in 0..101 {
        text.push_str(&format!("[[issue]]\nid = \"i{i}\"\n"));
    }
    let p = write(dir.path(), "agenda.toml", text.as_bytes());
    let err = refused(&["validate", s(&p)]);
    assert!(
        err.contains("too many [[issue]]s: 101 (at most 100)"),
        "{err}"
    );
}

#[test]
fn thousands_of_errors_are_all_reported() {
    // 20,000 unknown keys: each is one diagnostic. Rendering used to re-scan the whole
    // file per diagnostic (quadratic: minutes); it now renders only the line at fault.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("[scenario]\nname = \"noise\"\n");
    for i in 0..20_000 {
        text.push_str(&format!("unknown_{i} = 1\n"));
    }
    let p = write(dir.path(), "noise.toml", text.as_bytes());
    let err = refused(&["validate", s(&p)]);
    assert_eq!(err.matches("error: unknown key").count(), 20_000);
    assert!(
        err.contains("noise.toml:20002:1"),
        "the last one is missing"
    );
}

#[test]
fn extreme_numbers_are_refused_or_accepted_never_crash() {
    // (override, expected part of the message); each must exit 2.
    let refused_cases: &[(&str, &str)] = &[
        ("treaty.false_alarm=1e308", "must be in [0, 1], got 1e308"),
        ("treaty.false_alarm=-1e-320", "must be in [0, 1]"),
        ("treaty.false_alarm=nan", "must be a finite number"),
        ("treaty.false_alarm=1e400", "too large to represent"),
        (
            "actor.russia.discount=1e308",
            "must be in (0, 1), got 1e308",
        ),
        ("actor.russia.discount=-0.0", "must be in (0, 1), got -0.0"),
        ("actor.russia.discount=1.0", "must be in (0, 1)"),
        ("actor.russia.payoffs.gain=1e308", "too large"),
        (
            "actor.russia.payoffs.conflict=-1e16",
            "between -1e15 and 1e15",
        ),
        (
            "actor.russia.payoffs.no_deal=170141183460469231731687303715884105727",
            "between -1e15 and 1e15",
        ),
        ("treaty.exit_cost=1e308", "between -1e15 and 1e15"),
        ("scenario.horizon=1e308", "must be a whole number"),
        ("scenario.horizon=10.0", "must be a whole number"),
        ("scenario.horizon=-0.0", "must be a whole number"),
        ("scenario.horizon=100001", "between 1 and 100000"),
        ("scenario.horizon=0", "between 1 and 100000"),
        (
            "scenario.runs=1000000000000000000000000000000",
            "between 1 and 1000000000000",
        ),
        (
            "scenario.runs=999999999999999999999999999999999999999999",
            "too large",
        ),
        ("scenario.runs=1e308", "must be a whole number"),
        ("scenario.seed=-1", "between 0 and 18446744073709551615"),
        (
            "scenario.seed=18446744073709551616",
            "between 0 and 18446744073709551615",
        ),
        ("treaty.notice=1e308", "must be a whole number"),
    ];
    for (set, want) in refused_cases {
        let err = refused(&["run", SCENARIO, "--runs", "10", "--quiet", "--set", set]);
        assert!(
            err.contains(want),
            "--set {set}: expected `{want}` in\n{err}"
        );
        assert!(
            err.contains("--> --set:1:"),
            "--set {set}: no place in\n{err}"
        );
    }
    // Valid extremes: zeros of either sign and subnormals where the range allows them.
    for set in [
        "treaty.false_alarm=-0.0",
        "treaty.false_alarm=1e-320",
        "actor.russia.discount=1e-320",
        "conflict.no_deal=1e-320",
        "actor.russia.payoffs.gain=1e-320",
        "actor.usa.payoffs.war_cost=1e15",
        "actor.russia.exit_cost=1e15",
    ] {
        let out = detente()
            .args(["run", SCENARIO, "--runs", "50", "--json", "-", "--quiet"])
            .args(["--set", set])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "--set {set} failed:\n{err}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["summary"]["provenance"]["runs"], 50, "--set {set}");
    }
}

#[test]
fn huge_run_counts_are_refused_and_the_longest_horizon_runs() {
    refused(&["run", SCENARIO, "--runs", "1000000000000000"]);
    refused(&["run", SCENARIO, "--runs", "1000000000001"]);
    refused(&["run", SCENARIO, "--runs", "0"]);
    refused(&["run", SCENARIO, "--runs", "99999999999999999999999"]);
    refused(&["run", SCENARIO, "--runs", "-5"]);
    refused(&["run", SCENARIO, "--seed", "-1"]);
    refused(&["run", SCENARIO, "--threads", "0"]);
    // The longest horizon finishes quickly with two runs (one run: see
    // `a_single_run_json_reads_back`), and its JSON reads back.
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("long.json");
    detente()
        .args(["run", SCENARIO, "--runs", "2", "--quiet"])
        .args(["--set", "scenario.horizon=100000", "--json"])
        .arg(&json)
        .assert()
        .success();
    detente()
        .arg("merge")
        .arg(&json)
        .arg("-o")
        .arg(dir.path().join("merged.json"))
        .assert()
        .success();
}

#[test]
fn non_utf8_bytes_are_refused_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "latin1.toml",
        b"[scenario]\nname = \"Caf\xe9\"\n",
    );
    let err = refused(&["validate", s(&p)]);
    assert!(err.contains("not valid UTF-8 (byte 0xE9)"), "{err}");
    assert!(err.contains("latin1.toml:2:12"), "{err}");
    let p = write(dir.path(), "binary.toml", &[0xff, 0xfe, 0x00, 0x01, 0x80]);
    let err = refused(&["run", s(&p)]);
    assert!(err.contains("not valid UTF-8 (byte 0xFF)"), "{err}");
    // Invalid UTF-8 in --set cannot be passed as a String; clap refuses it with 2.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let out = detente()
            .args(["validate", SCENARIO, "--set"])
            .arg(std::ffi::OsStr::from_bytes(b"scenario.name=\"\xff\""))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    }
}

#[test]
fn folders_missing_and_unreadable_paths_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = refused(&["validate", s(dir.path())]);
    assert!(err.contains("is a folder, not a file"), "{err}");
    let err = refused(&["run", s(&dir.path().join("nope.toml"))]);
    assert!(err.contains("cannot read"), "{err}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let p = write(dir.path(), "locked.toml", b"[scenario]\nname = \"x\"\n");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
        // As root (e.g. in CI containers) mode 000 does not stop reading: skip then.
        if std::fs::read(&p).is_err() {
            let err = refused(&["validate", s(&p)]);
            assert!(err.contains("cannot read"), "{err}");
            assert!(err.contains("Permission denied"), "{err}");
        }
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_without_blocking() {
    // Opening a FIFO with no writer blocks forever, and /dev/zero never ends: both
    // must be refused from their metadata, before opening.
    let err = refused(&["validate", "/dev/zero"]);
    assert!(err.contains("not a regular file"), "{err}");
    refused(&["run", "/dev/zero"]);
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let err = refused(&["validate", s(&fifo)]);
        assert!(err.contains("not a regular file"), "{err}");
        refused(&["merge", s(&fifo), "-o", s(&dir.path().join("m.json"))]);
    }
}

#[test]
fn garbage_overrides_are_refused() {
    let long_key = format!("{}=1", "a.".repeat(10_000) + "b");
    let cases: Vec<String> = vec![
        "".into(),
        "=".into(),
        "==".into(),
        "scenario".into(),
        "scenario.horizon".into(),
        "scenario.horizon=".into(),
        ".=1".into(),
        "scenario..horizon=1".into(),
        "scenario.horizon=[[[[".into(),
        "scenario.horizon=\"60".into(),
        "scenario.horizon=60 61".into(),
        "scenario.hor izon=1".into(),
        "scénario.horizon=1".into(),
        "actor=1".into(),
        "actor.nobody.discount=0.9".into(),
        "actor.russia=1".into(),
        "actor.russia.payoffs.gain.mean.x=1".into(),
        "scenario.name.first=\"x\"".into(),
        "nonsense.key=1".into(),
        "scenario.horizon={ a = ".into(),
        long_key,
    ];
    for set in &cases {
        let err = refused(&["validate", SCENARIO, "--set", set]);
        assert!(
            err.contains("--set"),
            "--set {:?}: the message should name the override:\n{err}",
            &set[..set.len().min(60)]
        );
        refused(&["run", SCENARIO, "--runs", "10", "--quiet", "--set", set]);
    }
}

/// Regression: a summary of one run once had NaN interval bounds, written as `null`,
/// which `merge`, `plot` and `run --check` then refused. Shards of one run each hit it.
#[test]
fn a_single_run_json_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut parts = Vec::new();
    for k in 0..3 {
        let p = dir.path().join(format!("p{k}.json"));
        detente()
            .args(["run", SCENARIO, "--runs", "3", "--quiet", "--shard"])
            .arg(format!("{k}/3"))
            .arg("--json")
            .arg(&p)
            .assert()
            .success();
        parts.push(p);
    }
    detente()
        .arg("merge")
        .args(&parts)
        .arg("-o")
        .arg(dir.path().join("merged.json"))
        .assert()
        .success();
}

#[test]
fn damaged_or_foreign_result_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.json");
    detente()
        .args([
            "run", SCENARIO, "--runs", "20", "--seed", "1", "--quiet", "--json",
        ])
        .arg(&good)
        .assert()
        .success();
    let original: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&good).unwrap()).unwrap();
    // Hand-edited provenance: before, `run --check` panicked in the engine (range near
    // u64::MAX), ran "forever" (2^64-1 runs) or reported a mismatch (exit 1).
    let max = u64::MAX;
    let cases: &[(&str, [u64; 2], u64)] = &[
        ("inverted", [10, 5], 20),
        ("beyond", [0, 40], 20),
        ("empty_but_counted", [5, 5], 20),
        ("all_of_u64", [0, max], max),
        ("end_of_u64", [max - 1, max], max),
        ("zero_runs", [0, 0], 0),
    ];
    for (name, range, runs) in cases {
        let mut v = original.clone();
        v["summary"]["provenance"]["run_range"] = serde_json::json!(range);
        v["summary"]["provenance"]["runs"] = serde_json::json!(runs);
        let p = write(
            dir.path(),
            &format!("{name}.json"),
            v.to_string().as_bytes(),
        );
        for args in [
            vec!["run", SCENARIO, "--check", s(&p)],
            vec!["merge", s(&p), "-o", s(&dir.path().join("m.json"))],
        ] {
            let err = refused(&args);
            assert!(
                err.contains("damaged") || err.contains("inconsistent"),
                "{name}: {args:?}\n{err}"
            );
        }
    }
    // A sweep file is not a run result: `plot` and `run --check` refuse it clearly;
    // `merge` merges sweep shards, but not a sweep with a run.
    let sweep = dir.path().join("sweep.json");
    detente()
        .args(["sweep", SCENARIO, "--vary", "treaty.exit_cost=0..10:2"])
        .args(["--runs", "20", "--quiet", "--json"])
        .arg(&sweep)
        .assert()
        .success();
    let err = refused(&["plot", s(&sweep), "--out", s(&dir.path().join("charts"))]);
    assert!(err.contains("not a run summary"), "{err}");
    let err = refused(&["run", SCENARIO, "--check", s(&sweep)]);
    assert!(err.contains("is a sweep result"), "{err}");
    let run = dir.path().join("run.json");
    detente()
        .args(["run", SCENARIO, "--runs", "20", "--quiet", "--json"])
        .arg(&run)
        .assert()
        .success();
    let err = refused(&[
        "merge",
        s(&sweep),
        s(&run),
        "-o",
        s(&dir.path().join("m.json")),
    ]);
    assert!(err.contains("not a detente sweep result"), "{err}");
    // Deeply nested JSON hits serde_json's recursion limit, not the stack.
    let p = write(dir.path(), "deep.json", "[".repeat(100_000).as_bytes());
    refused(&["merge", s(&p), "-o", s(&dir.path().join("m.json"))]);
    let err = refused(&["plot", s(&p), "--out", s(&dir.path().join("charts"))]);
    assert!(err.contains("recursion limit"), "{err}");
}

/// The compliance keys refuse bad values and keys that would be inert, with a place.
#[test]
fn bad_compliance_keys_are_refused_with_their_place() {
    let cases = [
        ("treaty.escape_price=-1", "escape_price"),
        ("treaty.material_breach=\"yes\"", "material_breach"),
        ("treaty.suspension=-1", "suspension"),
        ("treaty.escalation=2", "escalation"),
        ("reputation.violation_loss=1.5", "violation_loss"),
        ("actor.russia.compliance=\"deterence\"", "deterence"),
    ];
    for (set, what) in cases {
        let err = refused(&["validate", SCENARIO, "--set", set]);
        assert!(err.contains(what), "--set {set}: {err}");
        assert!(err.contains(":"), "--set {set}: no place in {err}");
    }
    // An escape clause nobody can use (no `deterrence` party).
    let err = refused(&[
        "validate",
        "scenarios/prisoners-dilemma.toml",
        "--set",
        "treaty.escape_price=2",
    ]);
    assert!(err.contains("escape_price"), "{err}");
    // `principal_answers` in a scenario where every actor decides.
    let err = refused(&[
        "validate",
        "scenarios/inf-treaty.toml",
        "--set",
        "treaty.principal_answers=false",
    ]);
    assert!(err.contains("principal_answers"), "{err}");
}
