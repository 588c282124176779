//! The geometry of the charts as drawn, read back from their SVG: every text is at
//! least 2.5% of the image height; the tournament heat map labels every row and every
//! column (in full, aligned with the cells, without overlaps, never cut with "…"); a
//! share's colour scale never passes 100%.

use assert_cmd::Command;
use std::path::Path;

/// One `<text>` of an SVG: its text, anchor point and font size (the em, in pixels).
#[derive(Debug, Clone)]
struct Text {
    text: String,
    x: f64,
    y: f64,
    size: f64,
}

fn attr(tag: &str, name: &str) -> Option<f64> {
    let k = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[k..].split('"').next()?.parse().ok()
}

/// The texts and the height of an SVG file.
fn texts(path: &Path) -> (Vec<Text>, f64) {
    let s = std::fs::read_to_string(path).unwrap();
    let height = attr(&s[..s.find('>').unwrap()], "height").unwrap();
    let mut out = Vec::new();
    let mut rest = s.as_str();
    while let Some(k) = rest.find("<text") {
        rest = &rest[k..];
        let close = rest.find('>').unwrap();
        let tag = &rest[..close];
        let end = rest.find("</text>").unwrap();
        let text = rest[close + 1..end]
            .trim()
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        out.push(Text {
            text,
            x: attr(tag, "x").unwrap(),
            y: attr(tag, "y").unwrap(),
            size: attr(tag, "font-size").unwrap(),
        });
        rest = &rest[end..];
    }
    (out, height)
}

fn plots(args: &[&str], dir: &Path) {
    let out = Command::cargo_bin("detente")
        .unwrap()
        .args(args)
        .args(["--plots", dir.to_str().unwrap(), "--format", "svg"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn svgs(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    v.sort();
    assert!(!v.is_empty());
    v
}

#[test]
fn every_text_of_every_chart_is_at_least_2_5_percent_of_the_height() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    plots(
        &[
            "run",
            "scenarios/security-guarantees.toml",
            "--runs",
            "300",
            "-q",
        ],
        &d.join("run"),
    );
    plots(
        &["tournament", "--repetitions", "2", "--turns", "20"],
        &d.join("t"),
    );
    plots(
        &[
            "sweep",
            "scenarios/inf-treaty.toml",
            "--runs",
            "40",
            "-q",
            "--vary",
            "treaty.exit_cost=0..20:3",
        ],
        &d.join("s1"),
    );
    plots(
        &[
            "sweep",
            "scenarios/security-guarantees.toml",
            "--runs",
            "20",
            "-q",
            "--vary",
            "conflict.no_deal=0..0.02:2",
            "--vary",
            "treaty.exit_cost=0..40:2",
        ],
        &d.join("s2"),
    );
    for sub in ["run", "t", "s1", "s2"] {
        for f in svgs(&d.join(sub)) {
            let (texts, h) = texts(&f);
            assert!(!texts.is_empty(), "{}", f.display());
            for t in texts {
                assert!(
                    t.size >= 0.025 * h - 0.01,
                    "{}: `{}` is {:.1} px high, under 2.5% of {h}",
                    f.display(),
                    t.text,
                    t.size
                );
            }
        }
    }
}

#[test]
fn the_tournament_heat_map_labels_every_row_and_column_in_full_and_aligned() {
    let dir = tempfile::tempdir().unwrap();
    plots(
        &["tournament", "--repetitions", "2", "--turns", "20"],
        dir.path(),
    );
    let out = Command::cargo_bin("detente")
        .unwrap()
        .args(["strategies", "--json", "-"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<String> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    let n = names.len();
    let (texts, _) = texts(&dir.path().join("tournament-matrix.svg"));
    assert!(
        texts.iter().all(|t| !t.text.contains('…')),
        "{:#?}",
        texts
            .iter()
            .filter(|t| t.text.contains('…'))
            .collect::<Vec<_>>()
    );
    // Rows: "k  Name" for k = 1..n, each name in full, evenly spaced, not overlapping.
    let mut rows: Vec<&Text> = Vec::new();
    for k in 1..=n {
        let row = texts
            .iter()
            .find(|t| {
                t.text.split_once("  ").is_some_and(|(num, name)| {
                    num == k.to_string() && names.iter().any(|x| x == name)
                })
            })
            .unwrap_or_else(|| panic!("no row label {k}: {texts:#?}"));
        rows.push(row);
    }
    let mut seen: Vec<&str> = rows
        .iter()
        .map(|t| t.text.split_once("  ").unwrap().1)
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), n, "every strategy has one row");
    let dy: Vec<f64> = rows.windows(2).map(|w| (w[1].y - w[0].y).abs()).collect();
    for d in &dy {
        assert!((d - dy[0]).abs() <= 1.0, "rows unevenly spaced: {dy:?}");
        assert!(
            *d >= rows[0].size * 0.8 - 0.5,
            "rows overlap: {dy:?}, text {}",
            rows[0].size
        );
    }
    assert!(
        rows.iter().all(|r| r.x == rows[0].x),
        "row labels not aligned"
    );
    // Columns: 1..n once each, on one line, evenly spaced, not overlapping.
    let y = rows.iter().map(|r| r.y).fold(f64::MIN, f64::max);
    let mut cols: Vec<&Text> = texts
        .iter()
        .filter(|t| t.y > y && t.text.parse::<usize>().is_ok_and(|k| (1..=n).contains(&k)))
        .collect();
    cols.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut nums: Vec<usize> = cols.iter().map(|t| t.text.parse().unwrap()).collect();
    nums.sort();
    assert_eq!(
        nums,
        (1..=n).collect::<Vec<_>>(),
        "every column numbered once"
    );
    assert!(
        cols.iter().all(|c| c.y == cols[0].y),
        "column labels not on one line"
    );
    let dx: Vec<f64> = cols.windows(2).map(|w| w[1].x - w[0].x).collect();
    for d in &dx {
        assert!((d - dx[0]).abs() <= 1.0, "columns unevenly spaced: {dx:?}");
        // Two digits are at most 1.3 em wide: neighbours never touch.
        assert!(*d >= 1.3 * cols[0].size, "column labels overlap: {dx:?}");
    }
}

#[test]
fn a_share_heat_map_scale_stays_within_0_and_100_percent() {
    let dir = tempfile::tempdir().unwrap();
    plots(
        &[
            "sweep",
            "scenarios/security-guarantees.toml",
            "--runs",
            "20",
            "-q",
            "--vary",
            "conflict.no_deal=0..0.02:2",
            "--vary",
            "treaty.exit_cost=0..40:2",
        ],
        dir.path(),
    );
    for f in svgs(dir.path()) {
        let (texts, _) = texts(&f);
        for t in texts {
            if let Some(p) = t.text.strip_suffix('%') {
                if let Ok(v) = p.parse::<f64>() {
                    assert!(
                        (0.0..=100.0).contains(&v),
                        "{}: tick {}",
                        f.display(),
                        t.text
                    );
                }
            }
        }
    }
}

#[test]
fn the_tornado_names_every_parameter_in_full_without_overlaps() {
    let dir = tempfile::tempdir().unwrap();
    let svg = dir.path().join("tornado.svg");
    let out = Command::cargo_bin("detente")
        .unwrap()
        .args([
            "sensitivity",
            "scenarios/power-shift.toml",
            "--set",
            "power.capability.rising=2.9",
            "--metric",
            "war",
            "--by",
            "50%",
            "--runs",
            "3",
            "--json",
            "-",
            "--plot",
            svg.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<String> = v["effects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !e["d_low"].is_null() || !e["d_high"].is_null())
        .map(|e| e["key"].as_str().unwrap().to_string())
        .collect();
    assert!(keys.len() > 10, "{keys:?}");
    let (texts, h) = texts(&svg);
    assert!(texts.iter().all(|t| !t.text.contains('…')), "{texts:#?}");
    for t in &texts {
        assert!(t.size >= 0.025 * h - 0.01, "`{}` is {} px", t.text, t.size);
    }
    // The rows shown: the largest swings first, as many as fit (at most 15), each
    // labelled with its whole key; the subtitle says how many of how many.
    let shown = keys.len().min(15);
    let mut rows: Vec<&Text> = Vec::new();
    for k in &keys[..shown] {
        let t = texts
            .iter()
            .find(|t| t.text == *k)
            .unwrap_or_else(|| panic!("no label `{k}`: {texts:#?}"));
        rows.push(t);
    }
    if shown < keys.len() {
        let sub = format!("the {shown} largest of {} parameters", keys.len());
        assert!(texts.iter().any(|t| t.text.contains(&sub)), "{sub}");
    }
    // Top to bottom in order, right-aligned on one edge, never closer than a line.
    for w in rows.windows(2) {
        assert!(
            w[1].y - w[0].y >= w[0].size,
            "labels overlap: `{}` at {}, `{}` at {}",
            w[0].text,
            w[0].y,
            w[1].text,
            w[1].y
        );
    }
    assert!(rows.iter().all(|r| r.x == rows[0].x), "labels not aligned");
    // The legend names both sides.
    for s in ["parameter −50%", "parameter +50%"] {
        assert!(texts.iter().any(|t| t.text == s), "no legend `{s}`");
    }
}

/// The run charts of the flagship (crisis talks: every failure cause can occur) as SVG,
/// with the summary they were drawn from.
fn flagship_run_charts(dir: &Path) -> serde_json::Value {
    let json = dir.join("run.json");
    plots(
        &[
            "run",
            "scenarios/security-guarantees.toml",
            "--runs",
            "300",
            "-q",
            "--json",
            json.to_str().unwrap(),
        ],
        dir,
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    v["summary"].clone()
}

/// Whether `label` is drawn whole: as consecutive texts on one x (its wrapped lines,
/// top to bottom) whose characters, spaces aside, are the label's.
fn drawn_whole(texts: &[Text], label: &str) -> bool {
    let want: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    (0..texts.len()).any(|i| {
        let mut got = String::new();
        for t in &texts[i..] {
            if t.x != texts[i].x || (t.y < texts[i].y) {
                break;
            }
            got.extend(t.text.chars().filter(|c| !c.is_whitespace()));
            if got == want {
                return true;
            }
            if !want.starts_with(&got) {
                break;
            }
        }
        false
    })
}

#[test]
fn category_names_of_bars_and_boxes_are_drawn_whole_never_cut() {
    let dir = tempfile::tempdir().unwrap();
    let s = flagship_run_charts(dir.path());
    for (file, list) in [
        ("outcomes.svg", &s["outcomes"]),
        ("failures.svg", &s["conflict"]["talks_failed"]),
    ] {
        let (texts, _) = texts(&dir.path().join(file));
        assert!(
            texts.iter().all(|t| !t.text.contains('…')),
            "{file}: {texts:#?}"
        );
        let labels: Vec<&str> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["label"].as_str().unwrap())
            .collect();
        assert!(labels.len() >= 5, "{file}: {labels:?}");
        for l in labels {
            assert!(
                drawn_whole(&texts, l),
                "{file}: `{l}` not drawn whole: {texts:#?}"
            );
        }
    }
    // The tournament's box plots: every strategy's full name under its box.
    let t = dir.path().join("t");
    plots(&["tournament", "--repetitions", "2", "--turns", "20"], &t);
    let out = Command::cargo_bin("detente")
        .unwrap()
        .args(["strategies", "--json", "-"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for f in svgs(&t) {
        let (texts, _) = texts(&f);
        assert!(
            texts.iter().all(|t| !t.text.contains('…')),
            "{}",
            f.display()
        );
    }
    let boxes = svgs(&t)
        .into_iter()
        .find(|p| p.to_string_lossy().contains("scores"))
        .expect("a box plot of scores");
    let (texts, _) = texts(&boxes);
    for s in list.as_array().unwrap() {
        let name = s["name"].as_str().unwrap();
        assert!(drawn_whole(&texts, name), "`{name}` not drawn whole");
    }
}

#[test]
fn run_chart_axes_fit_the_data() {
    let dir = tempfile::tempdir().unwrap();
    let s = flagship_run_charts(dir.path());
    // Shares never pass 100% on any axis.
    for f in svgs(dir.path()) {
        for t in texts(&f).0 {
            if let Some(v) = t.text.strip_suffix('%').and_then(|p| p.parse::<f64>().ok()) {
                assert!((0.0..=100.0).contains(&v), "{}: {}", f.display(), t.text);
            }
        }
    }
    // Time to agreement: the axis ends soon after the last month with a first
    // agreement (at least 10 months), not at the 120-month horizon.
    let by_round: Vec<u64> = s["agreement"]["by_round"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap())
        .collect();
    let last = by_round.iter().rposition(|&c| c > 0).unwrap() as f64;
    let ticks: Vec<f64> = texts(&dir.path().join("agreement.svg"))
        .0
        .iter()
        .filter_map(|t| t.text.parse::<f64>().ok())
        .collect();
    let top = ticks.iter().copied().fold(0.0, f64::max);
    assert!(top >= last, "last agreement in month {last}, axis to {top}");
    assert!(
        top <= (1.15 * last).ceil().max(10.0),
        "axis to {top} for agreements up to month {last}"
    );
}

#[test]
fn payoffs_share_one_scale_with_units() {
    let dir = tempfile::tempdir().unwrap();
    let s = flagship_run_charts(dir.path());
    let n = s["payoffs"].as_array().unwrap().len();
    assert_eq!(n, 3);
    let (texts, _) = texts(&dir.path().join("payoffs.svg"));
    let units = texts
        .iter()
        .filter(|t| t.text.contains("(payoff units)"))
        .count();
    assert_eq!(units, n, "every panel's axis names its unit");
    // The x ticks (plain numbers on the lowest row of numbers): each value once per
    // panel, so every panel has the same scale.
    let nums: Vec<&Text> = texts
        .iter()
        .filter(|t| t.text.parse::<f64>().is_ok())
        .collect();
    let y = nums.iter().map(|t| t.y).fold(f64::MIN, f64::max);
    let mut ticks: Vec<&str> = nums
        .iter()
        .filter(|t| t.y == y)
        .map(|t| t.text.as_str())
        .collect();
    assert!(ticks.len() >= 2 * n, "{ticks:?}");
    ticks.sort();
    for v in &ticks {
        let k = ticks.iter().filter(|x| x == &v).count();
        assert_eq!(k, n, "tick {v} drawn {k} times for {n} panels: {ticks:?}");
    }
}

#[test]
fn terms_bars_are_drawn_over_the_ideal_markers() {
    let dir = tempfile::tempdir().unwrap();
    let s = flagship_run_charts(dir.path());
    let svg = std::fs::read_to_string(dir.path().join("terms.svg")).unwrap();
    // Each issue's panel starts with its title; within a panel, every marker line (an
    // actor's colour) comes before the first bar, so no bar is hidden behind one.
    let marker = ["#0072B2", "#E69F00", "#009E73"];
    let titles: Vec<String> = s["scenario"]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["label"].as_str().unwrap().to_string())
        .collect();
    let mut starts: Vec<usize> = Vec::new();
    for t in &titles {
        let first_word = t.split_whitespace().next().unwrap();
        let k = svg
            .match_indices('>')
            .map(|(k, _)| k + 1)
            .find(|&k| svg[k..].trim_start().starts_with(first_word) && !starts.contains(&k))
            .unwrap_or_else(|| panic!("no title `{t}`"));
        starts.push(k);
    }
    starts.sort();
    starts.push(svg.len());
    let mut panels_with_bars = 0;
    for w in starts.windows(2) {
        let panel = &svg[w[0]..w[1]];
        let Some(first_bar) = panel.find("fill=\"#A9BCCD\"") else {
            continue;
        };
        panels_with_bars += 1;
        let last_line = panel
            .match_indices("<polyline")
            .filter(|(k, _)| {
                let tag = &panel[*k..panel[*k..].find('>').unwrap() + k];
                marker
                    .iter()
                    .any(|c| tag.contains(&format!("stroke=\"{c}\"")))
            })
            .map(|(k, _)| k)
            .max()
            .expect("a marker line in the panel");
        assert!(last_line < first_bar, "a marker line is drawn over a bar");
    }
    assert!(panels_with_bars >= 2);
}

/// Every text of every SVG under `dir`, by file.
fn all_texts(dir: &Path) -> Vec<(String, Vec<Text>)> {
    svgs(dir)
        .into_iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (name, texts(&f).0)
        })
        .collect()
}

#[test]
fn long_names_are_wrapped_never_cut_in_every_chart() {
    // A long actor name (the terms chart's ideal markers, the payoff panels), three
    // compared scenarios (titles, legends, the differences' row labels) and a variant
    // named longer than a legend's third of the width: every text whole, no "…", and
    // the long names drawn whole somewhere in their charts.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let actor =
        "The Russian Federation and its allies in the Collective Security Treaty Organization";
    let variant = "an-exit-that-costs-as-much-as-a-year-of-the-treaty-is-worth";
    let name = format!("actor.russia.name=\"{actor}\"");
    let sg = "scenarios/security-guarantees.toml";
    plots(
        &["run", sg, "--runs", "100", "-q", "--set", &name],
        &d.join("run"),
    );
    plots(
        &[
            "compare",
            sg,
            "scenarios/legally-binding.toml",
            "scenarios/verbal-assurance.toml",
            "--runs",
            "60",
            "-q",
        ],
        &d.join("three"),
    );
    let v = format!("{variant}:treaty.exit_cost=12");
    let args = [
        "compare",
        "scenarios/verbal-assurance.toml",
        "--runs",
        "60",
        "-q",
    ];
    plots(
        &[
            &args[..],
            &["--variant", &v, "--variant", "free:treaty.exit_cost=0"],
        ]
        .concat(),
        &d.join("long"),
    );
    plots(
        &[
            "evolve",
            "--strategies",
            "tit-for-tat,suspicious-tit-for-tat,tit-for-two-tats",
            "--runs",
            "50",
            "--generations",
            "20",
            "--turns",
            "30",
        ],
        &d.join("evolve"),
    );
    for sub in ["run", "three", "long", "evolve"] {
        for (file, texts) in all_texts(&d.join(sub)) {
            let cut: Vec<&Text> = texts.iter().filter(|t| t.text.contains('…')).collect();
            assert!(cut.is_empty(), "{sub}/{file}: cut texts {cut:#?}");
        }
    }
    let whole = |sub: &str, file: &str, label: &str| {
        let (texts, _) = texts(&d.join(sub).join(file));
        assert!(
            drawn_whole(&texts, label),
            "{sub}/{file}: `{label}` not whole: {texts:#?}"
        );
    };
    whole("run", "terms.svg", actor);
    for file in ["compare-outcomes.svg", "compare-survival.svg"] {
        whole("long", file, variant);
    }
    whole(
        "three",
        "compare-differences.svg",
        "conflict by the horizon: verbal-assurance",
    );
}

/// The vertical extent of a label drawn as `lines` (its texts, top to bottom), from
/// the first line's top to the last line's bottom (SVG texts are placed by their top,
/// `dy="0.76em"` or centred; an em either side of the anchor covers both).
fn extent(lines: &[&Text]) -> (f64, f64) {
    let top = lines.iter().map(|t| t.y).fold(f64::MAX, f64::min);
    let bottom = lines.iter().map(|t| t.y).fold(f64::MIN, f64::max);
    (top - lines[0].size / 2.0, bottom + lines[0].size / 2.0)
}

/// The lines of the heat map's row label numbered `k`: the text "k Name…" and the
/// texts after it on the same x, below it, that do not start another row's number.
fn row_lines(texts: &[Text], k: usize) -> Vec<&Text> {
    let starts = |t: &Text| {
        t.text
            .split_once(' ')
            .and_then(|(num, _)| num.parse::<usize>().ok())
    };
    let i = texts
        .iter()
        .position(|t| starts(t) == Some(k))
        .unwrap_or_else(|| panic!("no row {k}: {texts:#?}"));
    let mut lines = vec![&texts[i]];
    for t in &texts[i + 1..] {
        if t.x != texts[i].x || t.y <= lines.last().unwrap().y || starts(t).is_some() {
            break;
        }
        lines.push(t);
    }
    lines
}

#[test]
fn heat_map_rows_with_long_strategy_names_are_whole_and_do_not_overlap() {
    // A 53-character name with four strategies: the rows are tall, so it wraps onto
    // two lines. A 31-character one among every strategy of the catalogue: the rows
    // are one line high, and the name is whole on its line.
    let long = "memory-one:p_cc=0.95:p_cd=0.1:p_dc=0.9:p_dd=0.05";
    let name = "Memory-one (p_cc=0.95, p_cd=0.1, p_dc=0.9, p_dd=0.05)";
    let long_all = "memory-one:p_cc=0.9:p_dd=0.5";
    let name_all = "Memory-one (p_cc=0.9, p_dd=0.5)";
    assert!(name.len() > 50 && name_all.len() > 30);
    let out = Command::cargo_bin("detente")
        .unwrap()
        .args(["strategies", "--json", "-"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let all: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    let everyone = format!("{},{long_all}", all.join(","));
    let few = format!("tft,wsls,memory-one:p_cc=0.9:p_dd=0.5,{long}");
    let dir = tempfile::tempdir().unwrap();
    for (sub, strategies, n, name) in [
        ("few", &few, 4, name),
        ("all", &everyone, all.len() + 1, name_all),
    ] {
        let d = dir.path().join(sub);
        plots(
            &[
                "tournament",
                "--strategies",
                strategies,
                "--repetitions",
                "2",
                "--turns",
                "20",
            ],
            &d,
        );
        let (texts, _) = texts(&d.join("tournament-matrix.svg"));
        assert!(texts.iter().all(|t| !t.text.contains('…')), "{texts:#?}");
        // Every row "k  Name", k = 1 at the top: whole, right-aligned on one edge, and
        // no row's lines reaching into the next row's.
        let rows: Vec<Vec<&Text>> = (1..=n).map(|k| row_lines(&texts, k)).collect();
        let squeeze = |t: &str| t.replace(' ', "");
        let long_row = rows
            .iter()
            .find(|r| {
                let whole: String = r.iter().map(|t| t.text.as_str()).collect();
                squeeze(whole.split_once(' ').unwrap().1) == squeeze(name)
            })
            .unwrap_or_else(|| panic!("{sub}: `{name}` is not a row drawn whole: {rows:#?}"));
        if sub == "few" {
            assert!(long_row.len() >= 2, "{sub}: expected the name wrapped");
        }
        assert!(
            rows.iter().all(|r| r.iter().all(|t| t.x == rows[0][0].x)),
            "{sub}: row labels not aligned"
        );
        for w in rows.windows(2) {
            let (a, b) = (extent(&w[0]), extent(&w[1]));
            assert!(
                a.1 <= b.0 + 0.5,
                "{sub}: `{}` ({a:?}) overlaps `{}` ({b:?})",
                w[0][0].text,
                w[1][0].text
            );
        }
        // Columns: 1..n once each, left to right as the rows top to bottom.
        let y = rows
            .last()
            .unwrap()
            .iter()
            .map(|t| t.y)
            .fold(f64::MIN, f64::max);
        let mut cols: Vec<&Text> = texts
            .iter()
            .filter(|t| t.y > y && t.text.parse::<usize>().is_ok_and(|k| (1..=n).contains(&k)))
            .collect();
        cols.sort_by(|a, b| a.x.total_cmp(&b.x));
        let nums: Vec<usize> = cols.iter().map(|t| t.text.parse().unwrap()).collect();
        assert_eq!(nums, (1..=n).collect::<Vec<_>>(), "{sub}: columns");
    }
}

#[test]
fn the_positions_legend_names_every_actor_in_full_without_overlaps() {
    // Two actors named at more than 50 characters: each wraps onto lines of its own in
    // the legend, whole, and no line of the legend runs into another.
    let uk = "The United Kingdom of Great Britain and Northern Ireland";
    let nl = "Kingdom of the Netherlands (including Aruba and Curaçao)";
    let dir = tempfile::tempdir().unwrap();
    plots(
        &[
            "run",
            "scenarios/ec-emissions.toml",
            "--runs",
            "20",
            "-q",
            "--set",
            &format!("actor.uk.name=\"{uk}\""),
            "--set",
            &format!("actor.netherlands.name=\"{nl}\""),
        ],
        dir.path(),
    );
    let (texts, _) = texts(&dir.path().join("positions.svg"));
    assert!(texts.iter().all(|t| !t.text.contains('…')), "{texts:#?}");
    for name in [uk, nl, "Belgium", "Greece"] {
        assert!(drawn_whole(&texts, name), "`{name}` not whole: {texts:#?}");
    }
    let first = texts
        .iter()
        .find(|t| t.text.starts_with("prediction "))
        .expect("the legend");
    let mut legend: Vec<&Text> = texts.iter().filter(|t| t.x == first.x).collect();
    legend.sort_by(|a, b| a.y.total_cmp(&b.y));
    // The prediction, ten actors, and the extra lines of the two wrapped names.
    assert!(legend.len() >= 11 + 2, "{legend:#?}");
    for w in legend.windows(2) {
        assert!(
            w[1].y - w[0].y >= 1.2 * w[0].size,
            "`{}` at {} and `{}` at {} overlap",
            w[0].text,
            w[0].y,
            w[1].text,
            w[1].y
        );
    }
}

/// Every `<text>` of an SVG with whether it is rotated (an axis title on the left).
fn texts_rotated(path: &Path) -> Vec<(Text, bool)> {
    let s = std::fs::read_to_string(path).unwrap();
    let (plain, _) = texts(path);
    let rotated: Vec<bool> = s
        .match_indices("<text")
        .map(|(k, _)| s[k..k + s[k..].find('>').unwrap()].contains("rotate("))
        .collect();
    plain.into_iter().zip(rotated).collect()
}

#[test]
fn axis_titles_fit_the_canvas_and_wrapped_lines_never_overlap() {
    // The charts with the longest axis titles and the most wrapped labels: the
    // flagship's run charts, a three-way compare, and the fixation bars of four
    // strategies (twelve ordered pairs, one strategy named at 53 characters).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    flagship_run_charts(&d.join("run"));
    plots(
        &[
            "compare",
            "scenarios/security-guarantees.toml",
            "scenarios/legally-binding.toml",
            "scenarios/verbal-assurance.toml",
            "--runs",
            "60",
            "-q",
        ],
        &d.join("cmp"),
    );
    plots(
        &[
            "evolve",
            "--strategies",
            "tft,alld,wsls,memory-one:p_cc=0.95:p_cd=0.1:p_dc=0.9:p_dd=0.05",
            "--runs",
            "20",
            "--generations",
            "20",
            "--turns",
            "30",
        ],
        &d.join("evolve"),
    );
    for sub in ["run", "cmp", "evolve"] {
        for f in svgs(&d.join(sub)) {
            let s = std::fs::read_to_string(&f).unwrap();
            let height = attr(&s[..s.find('>').unwrap()], "height").unwrap();
            let all = texts_rotated(&f);
            for (t, rotated) in &all {
                if !rotated {
                    continue;
                }
                // Half an em a character is less than any text of the chart font
                // (DejaVu Sans) takes, so a title this long cannot fit.
                let half = t.text.chars().count() as f64 * 0.5 * t.size / 2.0;
                assert!(
                    t.y - half >= 0.0 && t.y + half <= height,
                    "{}: the axis title `{}` ({half:.0} px either side of {}) leaves the \
                     {height} px canvas",
                    f.display(),
                    t.text,
                    t.y
                );
            }
            // Lines of one wrapped text (drawn one after the other on the same x)
            // are never closer than an em.
            for w in all.windows(2) {
                let ((a, ra), (b, rb)) = (&w[0], &w[1]);
                if *ra || *rb || a.x != b.x || a.size != b.size {
                    continue;
                }
                let dy = b.y - a.y;
                if dy > 0.0 && dy < 2.0 * a.size {
                    assert!(
                        dy >= a.size,
                        "{}: `{}` and `{}` are {dy} px apart, under the {} px em",
                        f.display(),
                        a.text,
                        b.text,
                        a.size
                    );
                }
            }
        }
    }
}
