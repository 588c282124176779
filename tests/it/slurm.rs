//! The Slurm recipe of docs/scaling.md on a real single-node cluster
//! (tests/slurm/run.sh starts munge, slurmctld and slurmd itself, runs the documented
//! array with a shard that fails and is resubmitted, merges, compares the bytes with
//! one process, and stops every daemon by PID). Skipped, with the reason, where
//! Slurm is not installed or cannot start (`.ci/run` tries to install it first).

#[test]
fn the_documented_slurm_array_survives_a_failed_shard() {
    let out = std::process::Command::new("bash")
        .arg("tests/slurm/run.sh")
        .arg(assert_cmd::cargo::cargo_bin("detente"))
        .output();
    let Ok(out) = out else {
        eprintln!("skipped: no bash to run tests/slurm/run.sh");
        return;
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.code() == Some(77) {
        eprintln!("skipped: {}", text.trim());
        return;
    }
    assert!(out.status.success(), "the Slurm recipe failed:\n{text}");
    assert!(
        text.contains("JobState=FAILED"),
        "shard 2 did not fail first:\n{text}"
    );
    assert!(text.contains("merge: JobState=CANCELLED"), "{text}");
    assert!(text.contains("gives the one-process bytes"), "{text}");
}
