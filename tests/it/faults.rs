//! Faults around the input: signals (Ctrl-C and SIGTERM stop every long command with a
//! partial result and exit 130), special output files (devices, FIFOs, links, a
//! closed stdout), stale temporary files, terminal escapes in scenario strings and
//! file names, and the limits on count-like flags (checked before allocating).

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Stdio;

const SCENARIO: &str = "scenarios/security-guarantees.toml";

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("detente")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Run `detente args…`, assert exit code 2 and no panic, return stderr.
fn refused(args: &[&str]) -> String {
    let out = detente().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?} should exit 2:\n{err}");
    assert!(!err.contains("panicked"), "{args:?} panicked:\n{err}");
    err
}

/// Start `detente args…`, wait until it has worked for a moment, send `signal`, and
/// return its exit code and stderr. A safety net kills it if it ignores the signal
/// for a minute (the assertion is on the exit code, not on the time).
fn interrupted(args: &[&str], signal: &str) -> (Option<i32>, String) {
    let mut child = std::process::Command::new(bin())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let pid = child.id().to_string();
    let sent = std::process::Command::new("kill")
        .args([signal, &pid])
        .status()
        .unwrap();
    assert!(sent.success());
    let started = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if started.elapsed() > std::time::Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{args:?} ignored {signal} for a minute");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn run_stops_on_a_signal_even_with_fewer_runs_than_a_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("partial.json");
    // 200 runs of 100,000 rounds (seconds of work): before, they were one chunk and
    // Ctrl-C was ignored until all of them were done.
    let (code, err) = interrupted(
        &[
            "run",
            "scenarios/prisoners-dilemma.toml",
            "--runs",
            "200",
            "--threads",
            "1",
            "--set",
            "scenario.horizon=100000",
            "--json",
            s(&json),
            "--quiet",
        ],
        "-INT",
    );
    assert_eq!(code, Some(130), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v["summary"]["provenance"]["partial"], true);
    let done = v["summary"]["provenance"]["run_range"][1].as_u64().unwrap();
    assert!(done < 200, "covers {done} runs");
    // `--check` reproduces the partial result and says it is partial.
    let out = detente()
        .args([
            "run",
            "scenarios/prisoners-dilemma.toml",
            "--check",
            s(&json),
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && text.contains("partial"), "{text}");
    // `merge` refuses it.
    let err = refused(&["merge", s(&json), "-o", s(&dir.path().join("m.json"))]);
    assert!(err.contains("partial"), "{err}");
}

#[test]
fn sweep_compare_and_tournament_write_partial_results_on_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    let sweep = dir.path().join("sweep.json");
    let (code, err) = interrupted(
        &[
            "sweep",
            SCENARIO,
            "--vary",
            "treaty.exit_cost=0..40:200",
            "--runs",
            "4000",
            "--json",
            s(&sweep),
            "--quiet",
        ],
        "-TERM",
    );
    assert_eq!(code, Some(130), "{err}");
    if sweep.exists() {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&sweep).unwrap()).unwrap();
        assert_eq!(v["partial"], true);
        assert!(v["points"].as_array().unwrap().len() < 200);
        let err = refused(&["merge", s(&sweep), "-o", s(&dir.path().join("m.json"))]);
        assert!(err.contains("partial"), "{err}");
    } else {
        assert!(err.contains("nothing written"), "{err}");
    }
    let compare = dir.path().join("compare.json");
    let (code, err) = interrupted(
        &[
            "compare",
            SCENARIO,
            "--variant",
            "a:treaty.exit_cost=1",
            "--variant",
            "b:treaty.exit_cost=2",
            "--runs",
            "3000000",
            "--json",
            s(&compare),
        ],
        "-INT",
    );
    assert_eq!(code, Some(130), "{err}");
    if compare.exists() {
        let v: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&compare).unwrap()).unwrap();
        assert_eq!(v["partial"], true);
    }
    let tour = dir.path().join("tour.json");
    let (code, err) = interrupted(
        &[
            "tournament",
            "--repetitions",
            "30000",
            "--turns",
            "1000",
            "--json",
            s(&tour),
        ],
        "-INT",
    );
    assert_eq!(code, Some(130), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&tour).unwrap()).unwrap();
    let reps = v["config"]["repetitions"].as_u64().unwrap();
    assert!((1..30_000).contains(&reps), "{reps} repetitions");
}

#[test]
fn report_leaves_a_whole_page_or_nothing_on_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let (code, err) = interrupted(
        &["report", SCENARIO, "--runs", "3000000", "-o", s(&page)],
        "-INT",
    );
    assert_eq!(code, Some(130), "{err}");
    // No temporary file is left beside it, and the page is whole: it says it is partial
    // and ends where every page ends.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(names.iter().all(|n| n == "report.html"), "{names:?}");
    if page.exists() {
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(html.ends_with("</html>\n"), "a cut page");
        assert!(
            html.contains("<strong>Partial:</strong>"),
            "not marked partial"
        );
    } else {
        assert!(err.contains("nothing written"), "{err}");
    }
}

#[test]
fn devices_and_fifos_are_written_directly_never_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--json", "--runs-csv"] {
        detente()
            .args([
                "run",
                SCENARIO,
                "--runs",
                "20",
                "--quiet",
                flag,
                "/dev/null",
            ])
            .assert()
            .success();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(
            meta.file_type().is_char_device(),
            "{flag} replaced /dev/null"
        );
    }
    // A FIFO gets the bytes and stays a FIFO.
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    detente()
        .args([
            "run",
            SCENARIO,
            "--runs",
            "20",
            "--quiet",
            "--json",
            s(&fifo),
        ])
        .assert()
        .success();
    let got = reader.join().unwrap();
    assert!(got.starts_with(b"{\n  \"format\": \"detente-run/2\""));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    // A link to a regular file stays a link; the file gets the result.
    let target = dir.path().join("target.json");
    std::fs::write(&target, b"old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    detente()
        .args([
            "run",
            SCENARIO,
            "--runs",
            "20",
            "--quiet",
            "--json",
            s(&link),
        ])
        .assert()
        .success();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read(&target).unwrap().starts_with(b"{"));
}

#[test]
fn a_full_device_is_an_error_that_names_the_file() {
    if !Path::new("/dev/full").exists() {
        eprintln!("skipped: no /dev/full on this system");
        return;
    }
    let out = detente()
        .args([
            "run",
            SCENARIO,
            "--runs",
            "20",
            "--quiet",
            "--json",
            "/dev/full",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("/dev/full") && err.contains("No space left"),
        "{err}"
    );
}

#[test]
fn a_closed_stdout_is_an_error_not_a_silent_success() {
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "exec '{}' run {SCENARIO} --runs 20 --json - >&-",
            bin().display()
        ))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("stdout") && err.contains("closed"), "{err}");
}

#[test]
fn stale_temporary_files_of_dead_processes_are_removed() {
    let dir = tempfile::tempdir().unwrap();
    // PID 4194304 is above Linux's largest PID, so no process has it.
    let stale = dir.path().join(".out.json.4194304.0.tmp");
    let other = dir.path().join(".notes.txt.4194304.0.tmp");
    let mine = dir.path().join(".out.json.4194304.x.tmp");
    for p in [&stale, &other, &mine] {
        std::fs::write(p, b"partial").unwrap();
    }
    detente()
        .args(["run", SCENARIO, "--runs", "20", "--quiet", "--json"])
        .arg(dir.path().join("out.json"))
        .assert()
        .success();
    assert!(!stale.exists(), "the stale temporary file is still there");
    assert!(
        other.exists() && mine.exists(),
        "an unrelated file was removed"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn scenario_strings_and_file_names_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(SCENARIO).unwrap().replacen(
        "name = \"",
        "name = \"\\u001B[2J\\u001B]0;owned\\u0007",
        1,
    );
    let p = dir.path().join("escape.toml");
    std::fs::write(&p, text).unwrap();
    for args in [
        vec!["explain", s(&p)],
        vec!["run", s(&p), "--runs", "20"],
        vec!["run", s(&p), "--runs", "20", "--trace", "0"],
    ] {
        let out = detente().args(&args).output().unwrap();
        assert!(out.status.success(), "{args:?}");
        for stream in [&out.stdout, &out.stderr] {
            assert!(
                !stream.contains(&0x1b) && !stream.contains(&0x07),
                "{args:?}"
            );
        }
        assert!(String::from_utf8_lossy(&out.stdout).contains("\\u{1b}[2J"));
    }
    // A file name with an escape, in an error message.
    let bad = dir.path().join("x\u{1b}[31m.toml");
    let err = refused(&["validate", s(&bad)]);
    assert!(
        !err.contains('\u{1b}') && err.contains("\\u{1b}[31m"),
        "{err}"
    );
}

#[test]
fn count_like_flags_are_limited_before_allocating() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["tournament", "--repetitions", "4294967295"],
            "--repetitions",
        ),
        (&["tournament", "--turns", "4294967295"], "--turns"),
        (
            &[
                "evolve",
                "--matrix",
                "3 0; 5 1",
                "--generations",
                "4294967295",
            ],
            "generations",
        ),
        (
            &[
                "evolve",
                "--matrix",
                "3 0; 5 1",
                "--population",
                "4294967295",
            ],
            "population",
        ),
        (
            &[
                "sweep",
                SCENARIO,
                "--vary",
                "treaty.exit_cost=0..10:1001",
                "--vary",
                "conflict.no_deal=0..0.1:1001",
            ],
            "at most 10000",
        ),
        (&["run", SCENARIO, "--threads", "5000"], "--threads 5000"),
        (
            &["run", SCENARIO, "--threads", "18446744073709551615"],
            "too many",
        ),
        (
            &[
                "sweep",
                SCENARIO,
                "--vary",
                "treaty.exit_cost=0..1:2",
                "--threads",
                "5000",
            ],
            "too many",
        ),
        (&["tournament", "--threads", "5000"], "too many"),
    ];
    for (args, needle) in cases {
        let err = refused(args);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
}

#[test]
fn a_vary_error_points_at_the_vary_argument() {
    let err = refused(&["sweep", SCENARIO, "--vary", "treaty.exit_cost=0..1e300:3"]);
    assert!(err.contains("invalid --vary"), "{err}");
    // A value the key refuses (a discount above 1) names the --vary point.
    let err = refused(&[
        "sweep",
        SCENARIO,
        "--vary",
        "actor.russia.discount=0.5..3:3",
    ]);
    assert!(err.contains("--vary point"), "{err}");
}

#[test]
fn evolve_writes_a_partial_result_on_a_signal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("evolve.json");
    let (code, err) = interrupted(
        &[
            "evolve",
            "--strategies",
            "tit-for-tat,defector,cooperator,grudger",
            "--runs",
            "5000000",
            "--population",
            "100",
            "--json",
            s(&out),
        ],
        "-INT",
    );
    assert_eq!(code, Some(130), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(v["partial"], true);
    // 4 strategies make 12 ordered pairs; an interrupted run played fewer.
    let pairs = v["fixation"].as_array().unwrap().len();
    assert!(pairs < 12, "{pairs} pairs");
}
