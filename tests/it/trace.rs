//! `run --trace`: the story uses the scenario's round word everywhere and tells a line
//! repeated over consecutive rounds once, for the whole stretch.

use assert_cmd::Command;

fn trace(file: &str, k: u64) -> String {
    let out = Command::cargo_bin("detente")
        .unwrap()
        .args(["run", file, "--trace", &k.to_string()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The story's lines with each wrapped line joined to the one it continues (a
/// continuation is indented).
fn logical_lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for l in text.lines() {
        match out.last_mut() {
            Some(prev) if l.starts_with(' ') && !prev.is_empty() => {
                prev.push(' ');
                prev.push_str(l.trim_start());
            }
            _ => out.push(l.to_string()),
        }
    }
    out
}

#[test]
fn the_story_fits_100_columns_and_wraps_long_events_whole() {
    // The binding twin's demands name three issues: the line is wider than 100
    // columns, so it wraps under its text, never cut.
    let text = trace("scenarios/legally-binding.toml", 3);
    for l in text.lines() {
        assert!(l.chars().count() <= 100, "too wide: {l}");
        assert!(!l.ends_with(' '), "trailing space: {l:?}");
    }
    let demand = logical_lines(&text)
        .into_iter()
        .find(|l| l.contains(" demands ["))
        .expect("a demand");
    assert!(
        demand.contains("strike_systems") && demand.contains("military_activity"),
        "{demand}"
    );
    assert!(
        demand.ends_with(')') && demand.contains("(expects acceptance with probability"),
        "{demand}"
    );
}

#[test]
fn the_story_uses_the_scenarios_round_word() {
    let text = trace("scenarios/inf-treaty.toml", 0);
    let flat = logical_lines(&text).join("\n");
    assert!(flat.contains("effective at the end of month "), "{text}");
    assert!(!text.contains(" round "), "{text}");
    assert!(text.lines().any(|l| l.starts_with("Month ")), "{text}");
}

#[test]
fn repeated_rounds_are_told_once_with_their_stretch() {
    let mut collapsed = 0;
    for k in 0..6 {
        let text = trace("scenarios/inf-treaty.toml", k);
        let mut prev: Option<(u32, String)> = None;
        for line in logical_lines(&text) {
            let line = line.as_str();
            if let Some(rest) = line.strip_prefix("Months ") {
                // "Months A–B  text (each month, N months)" with N = B − A + 1.
                let (range, tail) = rest.split_once("  ").unwrap();
                let (a, b) = range.split_once('–').unwrap();
                let (a, b): (u32, u32) = (a.parse().unwrap(), b.parse().unwrap());
                assert!(b > a, "{line}");
                assert!(
                    tail.ends_with(&format!("(each month, {} months)", b - a + 1)),
                    "{line}"
                );
                collapsed += 1;
                prev = None;
            } else if let Some(rest) = line.strip_prefix("Month ") {
                let (t, text) = rest.trim_start().split_once("  ").unwrap();
                let t: u32 = t.parse().unwrap();
                if let Some((pt, ptext)) = &prev {
                    assert!(
                        !(t == pt + 1 && text == ptext),
                        "rounds {pt} and {t} repeat `{text}`"
                    );
                }
                prev = Some((t, text.to_string()));
            }
        }
    }
    assert!(
        collapsed > 0,
        "no stretch of repeated rounds in six stories"
    );
}
