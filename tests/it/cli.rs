//! The binary's command-line surface: help, exit codes.

use assert_cmd::Command;

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

#[test]
fn help_exits_zero() {
    detente().arg("--help").assert().success();
}

#[test]
fn unknown_flag_exits_two() {
    detente().arg("--no-such-flag").assert().code(2);
}

/// Terminal outputs fit a 100-column terminal and no line ends in a space, for every
/// shipped scenario's analysis and a run summary with long issue labels.
#[test]
fn outputs_fit_100_columns_without_trailing_spaces() {
    let mut scenarios: Vec<_> = std::fs::read_dir("scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    scenarios.sort();
    let mut commands: Vec<Vec<String>> = scenarios
        .iter()
        .map(|p| vec!["analyze".to_string(), p.display().to_string()])
        .collect();
    commands.push(
        ["run", "scenarios/security-guarantees.toml", "--runs", "200"]
            .map(String::from)
            .to_vec(),
    );
    for args in commands {
        let o = Command::cargo_bin("detente")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        let text = String::from_utf8(o.stdout).unwrap();
        for line in text.lines() {
            assert!(!line.ends_with(' '), "{args:?}: trailing space in {line:?}");
            assert!(
                line.chars().count() <= 100,
                "{args:?}: wider than 100 columns: {line:?}"
            );
        }
    }
}

/// The terms table wraps long issue labels instead of cutting them.
#[test]
fn terms_table_shows_whole_issue_labels() {
    let path = "scenarios/security-guarantees.toml";
    let bytes = std::fs::read(path).unwrap();
    let s = detente::scenario::load(path, &bytes, &[]).unwrap().scenario;
    let o = Command::cargo_bin("detente")
        .unwrap()
        .args(["run", path, "--runs", "200"])
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    let squashed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!text.contains('…'), "{text}");
    for i in &s.issues {
        let label = i.label.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(squashed.contains(&label), "{label} in {text}");
    }
}
