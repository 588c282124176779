//! Terminal tables fit a 100-column terminal or wrap, and carry no trailing spaces:
//! the run summary of every shipped scenario (long issue labels wrap, never cut), the
//! tournament's ranking and pairwise matrix, the strategy catalogue and sweep tables.

use assert_cmd::Command;

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

fn stdout(args: &[&str]) -> String {
    let out = detente().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every line at most 100 characters, none ending in a space.
fn assert_fits(what: &str, text: &str) {
    for (n, line) in text.lines().enumerate() {
        let w = line.chars().count();
        assert!(w <= 100, "{what}: line {} is {w} wide:\n{line}", n + 1);
        assert!(
            !line.ends_with(' '),
            "{what}: line {} has trailing spaces:\n{line:?}",
            n + 1
        );
    }
}

#[test]
fn every_shipped_scenarios_run_table_fits_100_columns() {
    for e in std::fs::read_dir("scenarios").unwrap() {
        let path = e.unwrap().path();
        let p = path.to_str().unwrap();
        let out = detente()
            .args(["run", p, "--runs", "200"])
            .output()
            .unwrap();
        if !out.status.success() {
            // The classroom games have no lifecycle; `run` refuses them (tested elsewhere).
            assert!(String::from_utf8_lossy(&out.stderr).contains("no lifecycle"));
            continue;
        }
        assert_fits(p, &String::from_utf8(out.stdout).unwrap());
    }
}

#[test]
fn long_labels_and_overrides_wrap_instead_of_being_cut() {
    let label = "Whether the parties bind themselves to halt further enlargement of the alliance \
                 to the east, or keep the door open as Article 10 of the North Atlantic Treaty says";
    let set = format!("issue.enlargement.label=\"{label}\"");
    let text = stdout(&[
        "run",
        "scenarios/security-guarantees.toml",
        "--runs",
        "300",
        "--set",
        &set,
        "--unset",
        "actor.europe.principal",
    ]);
    assert_fits("long label", &text);
    let terms = &text[text.find("Agreed terms").expect("terms table")..];
    let flat = terms.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains(label), "the label is cut:\n{terms}");
    assert!(text.contains("--unset actor.europe.principal"), "{text}");
    assert!(!text.contains("…"), "{text}");
}

#[test]
fn the_tournament_table_and_matrix_fit_and_label_every_column() {
    let text = stdout(&["tournament", "--repetitions", "2", "--turns", "20"]);
    assert_fits("tournament", &text);
    let k = text
        .lines()
        .filter(|l| l.starts_with("   ") && l.trim_start().starts_with(char::is_numeric))
        .count();
    assert!(k > 0);
    // Every column number 1..=n appears in a header of the matrix blocks.
    let matrix = &text[text.find("Pairwise").unwrap()..];
    let n: usize = text
        .split_whitespace()
        .nth(1)
        .and_then(|x| x.parse().ok())
        .expect("Tournament: N strategies");
    let headers: Vec<usize> = matrix
        .lines()
        .filter(|l| l.starts_with("     ") && !l.trim().is_empty())
        .flat_map(|l| l.split_whitespace().map(|x| x.parse::<usize>().unwrap()))
        .collect();
    assert_eq!(headers, (1..=n).collect::<Vec<_>>(), "{matrix}");
}

#[test]
fn the_strategy_catalogue_fits_and_keeps_whole_citations() {
    let text = stdout(&["strategies"]);
    assert_fits("strategies", &text);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("Nowak & Sigmund 1992, Nature (axelrod: GTFT)"),
        "{text}"
    );
}

#[test]
fn sweep_tables_fit_for_one_and_two_parameters() {
    let one = stdout(&[
        "sweep",
        "scenarios/inf-treaty.toml",
        "--runs",
        "50",
        "--vary",
        "treaty.exit_cost=0..20:3",
    ]);
    assert_fits("sweep", &one);
    assert!(one.contains("exit_cost"), "{one}");
    let two = stdout(&[
        "sweep",
        "scenarios/security-guarantees.toml",
        "--runs",
        "20",
        "--vary",
        "conflict.no_deal=0..0.02:2",
        "--vary",
        "treaty.exit_cost=0..40:2",
    ]);
    assert_fits("grid sweep", &two);
    assert_eq!(two.lines().filter(|l| l.contains("[")).count(), 4, "{two}");
}

#[test]
fn find_and_sensitivity_tables_fit_100_columns() {
    let found = stdout(&[
        "find",
        "scenarios/power-shift.toml",
        "--vary",
        "actor.declining.payoffs.war_cost=0..0.5",
        "--target",
        "agreement <= 50%",
        "--largest",
        "--runs",
        "5",
    ]);
    assert!(found.contains("Answer"), "{found}");
    assert_fits("find", &found);
    let table = stdout(&[
        "sensitivity",
        "scenarios/power-shift.toml",
        "--set",
        "power.capability.rising=2.9",
        "--runs",
        "5",
        "--metric",
        "payoff.declining",
    ]);
    assert!(
        table.contains("actor.declining.payoffs.temptation.mean"),
        "{table}"
    );
    assert_fits("sensitivity", &table);
}

/// The cells of the table row headed `label` in `block`, split where two or more
/// spaces separate them.
fn row_cells(block: &str, label: &str) -> Vec<String> {
    let line = block
        .lines()
        .find(|l| l.trim_start().starts_with(label))
        .unwrap_or_else(|| panic!("no row {label}:\n{block}"));
    line[line.find(label).unwrap() + label.len()..]
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect()
}

#[test]
fn compare_tables_of_many_entries_fit_in_panels_that_repeat_the_first() {
    // Three scenarios, and four variants with names longer than a column: the table
    // goes on in panels, each starting with the first entry (every difference is
    // measured against it), and no name or number is cut.
    let three = stdout(&[
        "compare",
        "scenarios/security-guarantees.toml",
        "scenarios/legally-binding.toml",
        "scenarios/verbal-assurance.toml",
        "--runs",
        "100",
    ]);
    assert_fits("compare of three", &three);
    let long = "an-exit-that-costs-as-much-as-a-year-of-the-treaty-is-worth";
    let many = stdout(&[
        "compare",
        "scenarios/verbal-assurance.toml",
        "--runs",
        "100",
        "--variant",
        &format!("{long}:treaty.exit_cost=12"),
        "--variant",
        "cheap:treaty.exit_cost=0",
        "--variant",
        "dear:treaty.exit_cost=30",
    ]);
    assert_fits("compare of four", &many);
    assert!(!many.contains('…'), "{many}");
    let flat = many.split_whitespace().collect::<String>();
    assert!(flat.contains(long), "{many}");
    for (text, entries) in [(&three, 3), (&many, 4)] {
        let body = &text[..text.find("Every entry plays").expect("the note")];
        let panels: Vec<&str> = body
            .split("\n\n")
            .skip(1)
            .filter(|p| !p.trim().is_empty())
            .collect();
        assert!(panels.len() >= 2, "{text}");
        // Each panel shows the first entry's survival first, then others' once each.
        let first = row_cells(panels[0], "First treaty still in force")[0].clone();
        let mut shown = 0;
        for p in &panels {
            let cells = row_cells(p, "First treaty still in force");
            shown += cells.len();
            if !p.contains(long) {
                assert_eq!(cells[0], first, "{text}");
                shown -= 1;
            }
        }
        assert_eq!(shown, entries - 1, "{text}");
    }
}

#[test]
fn evolve_output_fits_100_columns_with_many_strategies() {
    let strategies = "cooperator,defector,tit-for-tat,suspicious-tit-for-tat,tit-for-two-tats,\
                      two-tits-for-tat,grim,generous-tit-for-tat,win-stay-lose-shift,joss,gradual,\
                      prober";
    let text = stdout(&[
        "evolve",
        "--strategies",
        strategies,
        "--runs",
        "20",
        "--generations",
        "5",
        "--turns",
        "20",
        "--mutation",
        "0.01",
    ]);
    assert_fits("evolve", &text);
    // The payoff matrix goes on in blocks of columns, each column numbered once.
    let matrix = &text[..text.find("Moran process").expect("the Moran table")];
    let headers: Vec<usize> = matrix
        .lines()
        .filter(|l| l.starts_with("     ") && !l.trim().is_empty())
        .flat_map(|l| l.split_whitespace().map(|x| x.parse::<usize>().unwrap()))
        .collect();
    assert_eq!(headers, (1..=12).collect::<Vec<_>>(), "{matrix}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Generous Tit For Tat"), "{text}");
}

/// The numbers of every "v [lo, hi]" cell in `text` (with or without % signs and
/// "pts"), as printed.
fn interval_cells(text: &str) -> Vec<[String; 3]> {
    let mut cells = Vec::new();
    for line in text.lines() {
        let mut rest = line;
        while let Some(open) = rest.find(" [") {
            let before = rest[..open].trim_end_matches(" pts");
            let v = before.rsplit(' ').next().unwrap_or("");
            let Some(close) = rest[open..].find(']') else {
                break;
            };
            let inside = &rest[open + 2..open + close];
            if let Some((lo, hi)) = inside.split_once(", ") {
                let clean = |s: &str| s.trim_end_matches('%').to_string();
                if clean(v).parse::<f64>().is_ok() {
                    cells.push([clean(v), clean(lo), clean(hi)]);
                }
            }
            rest = &rest[open + close..];
        }
    }
    cells
}

#[test]
fn compare_and_sweep_cells_show_the_decimals_their_intervals_need() {
    // 20,000 runs with a rare conflict: about 3 in 20,000, whose interval at one
    // decimal read "0.0 [0.0, 0.0]".
    let rare = ["--runs", "20000", "--set", "conflict.in_force=0.00001"];
    let compare = stdout(
        &[
            &["compare", "scenarios/rubinstein.toml"][..],
            &rare,
            &["--variant", "cheap:treaty.exit_cost=1"],
        ]
        .concat(),
    );
    let sweep = stdout(
        &[
            &["sweep", "scenarios/rubinstein.toml"][..],
            &rare,
            &["--vary", "treaty.exit_cost=0..10:2"],
        ]
        .concat(),
    );
    for (what, text) in [("compare", &compare), ("sweep", &sweep)] {
        assert_fits(what, text);
        let cells = interval_cells(text);
        assert!(cells.len() >= 6, "{what}: {} cells in\n{text}", cells.len());
        let mut finer = 0;
        for [v, lo, hi] in &cells {
            // A bound printed as the share must be the share (a zero-width side).
            let num = |s: &String| s.parse::<f64>().unwrap();
            let (fv, flo, fhi) = (num(v), num(lo), num(hi));
            assert!(flo <= fv && fv <= fhi, "{what}: {v} [{lo}, {hi}]");
            let decimals = v.split_once('.').map_or(0, |(_, d)| d.len());
            assert_eq!(lo.split_once('.').map_or(0, |(_, d)| d.len()), decimals);
            finer += usize::from(decimals > 1);
        }
        assert!(finer > 0, "{what}: every cell has one decimal:\n{text}");
        // The rare conflict's row: its upper bound differs from the share in print.
        let conflict = cells
            .iter()
            .find(|[v, _, hi]| v.parse::<f64>().unwrap() < 0.1 && hi != v)
            .unwrap_or_else(|| panic!("{what}: no visible rare-conflict interval:\n{text}"));
        assert!(
            conflict[0].split_once('.').unwrap().1.len() >= 2,
            "{conflict:?}"
        );
    }
}
