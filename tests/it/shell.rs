//! Shell completions and manual pages, generated from the clap definitions: every
//! command and the shared experiment options are in them. Progress bars: drawn on a
//! terminal by every command that can take long, never into a pipe.

use assert_cmd::Command;

fn detente(args: &[&str]) -> String {
    let o = Command::cargo_bin("detente")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

const COMMANDS: [&str; 17] = [
    "validate",
    "explain",
    "new",
    "run",
    "plot",
    "report",
    "sweep",
    "compare",
    "find",
    "sensitivity",
    "merge",
    "tournament",
    "evolve",
    "analyze",
    "strategies",
    "completions",
    "man",
];

#[test]
fn completions_know_every_command_and_option() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let script = detente(&["completions", shell]);
        for c in COMMANDS {
            assert!(script.contains(c), "{shell} completes {c}");
        }
        for flag in ["runs-csv", "rank-by", "variant", "vary"] {
            assert!(script.contains(flag), "{shell} completes --{flag}");
        }
    }
}

#[test]
fn man_pages_cover_every_command() {
    let page = detente(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH detente 1"),
        "{page}"
    );
    for c in COMMANDS {
        assert!(page.contains(c), "detente.1 lists {c}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man");
    detente(&["man", "--out", out.to_str().unwrap()]);
    for c in COMMANDS {
        let p = out.join(format!("detente-{c}.1"));
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(
            text.contains(&format!(".TH detente-{c} 1")),
            "{}",
            p.display()
        );
    }
    let run = std::fs::read_to_string(out.join("detente-run.1")).unwrap();
    assert!(
        run.contains("runs\\-csv") && run.contains("\\-\\-seed"),
        "{run}"
    );
}

#[test]
fn long_commands_draw_a_progress_bar_on_a_terminal_and_none_into_a_pipe() {
    // `script` (util-linux) gives the command a pseudo-terminal.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: `script` (util-linux) is not installed, so no terminal to test on");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin("detente");
    let s = "scenarios/inf-treaty.toml";
    let cases: [(String, &str); 4] = [
        (
            format!("sweep {s} --runs 100 -q --vary treaty.exit_cost=0..20:3"),
            "3/3 points",
        ),
        (
            format!("compare {s} --runs 100 -q --variant a:treaty.exit_cost=0"),
            "2/2 entries",
        ),
        (
            "tournament --strategies tft,alld,wsls --repetitions 2 --turns 20".into(),
            "/12 matches",
        ),
        (
            "evolve --strategies tft,alld --runs 20 --generations 10 --turns 20".into(),
            "/2 pairs",
        ),
    ];
    for (args, bar) in &cases {
        let o = std::process::Command::new("script")
            .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        let tty = String::from_utf8_lossy(&o.stdout);
        assert!(
            tty.contains(bar) && tty.contains(" left"),
            "`{args}` on a terminal draws no `{bar} … left` bar: {tty}"
        );
        // Into a pipe: no bar on stderr.
        let o = Command::cargo_bin("detente")
            .unwrap()
            .args(args.split(' '))
            .output()
            .unwrap();
        assert!(o.status.success(), "{args}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains(bar), "`{args}` drew a bar into a pipe: {err}");
    }
}
