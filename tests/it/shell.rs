//! Shell completions and manual pages, generated from the clap definitions: every
//! command and the shared experiment options are in them.

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
