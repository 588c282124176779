//! `detente report`: the one-file HTML report is self-contained (nothing loaded from
//! anywhere, no script), holds every chart as inline SVG, escapes the scenario's text,
//! is deterministic and reproduced by the command it prints, reports a saved result
//! byte for byte like a fresh run, refuses bad input with a located error, and renders
//! in a real headless browser (Chromium, skipped with a message where not installed).

use assert_cmd::Command;
use detente::report::charts::RUN_CHARTS;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn detente() -> Command {
    Command::cargo_bin("detente").unwrap()
}

const SCENARIO: &str = "scenarios/security-guarantees.toml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Write a report with `args` in `dir` as `name` and return its text.
fn report(dir: &Path, args: &[&str], name: &str) -> String {
    detente()
        .current_dir(dir)
        .arg("report")
        .args(args)
        .args(["-o", name])
        .assert()
        .success();
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// The values of every `attr="…"` in `html`.
fn attribute_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let pat = format!("{attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

fn sg(dir: &Path) -> String {
    let s = root().join(SCENARIO);
    report(dir, &[s.to_str().unwrap(), "--runs", "300"], "sg.html")
}

#[test]
fn report_is_self_contained_and_holds_every_chart() {
    let dir = tempfile::tempdir().unwrap();
    let html = sg(dir.path());
    for attr in ["src", "href", "action", "data", "xlink:href", "srcset"] {
        for v in attribute_values(&html, attr) {
            assert!(v.starts_with('#'), "{attr}=\"{v}\" points outside the file");
        }
    }
    for banned in ["<script", "<link", "<iframe", "<img", "@import", "url("] {
        assert!(!html.contains(banned), "the report contains {banned}");
    }
    assert!(html.contains("default-src 'none'"), "no CSP");
    // Every run chart once, as inline SVG in its figure, and nothing else drawn.
    assert_eq!(html.matches("<svg ").count(), RUN_CHARTS.len());
    for name in RUN_CHARTS {
        let at = html
            .find(&format!("<figure id=\"chart-{name}\">\n<svg "))
            .unwrap_or_else(|| panic!("no inline SVG chart {name}"));
        let end = html[at..].find("</figure>").unwrap();
        assert!(html[at..at + end].contains("</svg>"), "{name} not closed");
    }
    // The tables, the words, the provenance and the command to reproduce.
    assert!(html.contains("<h1>Security guarantees, December 2021</h1>"));
    assert!(html.contains("<td>Reached an agreement</td>"));
    assert!(html.contains("<td>Withdrawn by United States</td>"));
    assert!(html.contains("Who decides"), "explain's text is missing");
    assert!(
        html.contains("Why talks failed"),
        "run's summary is missing"
    );
    let sha = html
        .split("<th>Scenario SHA-256</th><td>")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap();
    assert!(
        sha.len() == 64 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
        "{sha}"
    );
    assert!(html.contains("<tr><th>Seed</th><td>20211217</td></tr>"));
    assert!(html.contains("--runs 300 --seed 20211217 -o sg.html</code>"));
}

#[test]
fn expected_utility_report_holds_the_positions_charts() {
    let dir = tempfile::tempdir().unwrap();
    let s = root().join("scenarios/ec-emissions.toml");
    let html = report(
        dir.path(),
        &[s.to_str().unwrap(), "--runs", "50"],
        "eu.html",
    );
    for id in ["chart-positions", "chart-prediction", "chart-outcomes"] {
        assert!(html.contains(&format!("<figure id=\"{id}\">")), "no {id}");
    }
    assert_eq!(
        html.matches("<svg ").count(),
        html.matches("<figure id=\"chart-").count()
    );
}

#[test]
fn scenario_text_is_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let s = root().join(SCENARIO);
    let name = r#"scenario.name="<script>alert('x')</script> & <b>\"Q\"</b>""#;
    let html = report(
        dir.path(),
        &[
            s.to_str().unwrap(),
            "--runs",
            "100",
            "--set",
            name,
            "--set",
            r#"actor.russia.name="Ru<i>ss</i>ia""#,
        ],
        "x.html",
    );
    assert!(!html.contains("<script"), "unescaped script tag");
    assert!(
        !html.contains("<b>") && !html.contains("<i>"),
        "unescaped tags"
    );
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;"));
    assert!(html.contains("Ru&lt;i&gt;ss&lt;/i&gt;ia"));
    // The charts' titles too (plotters' SVG backend escapes; &apos; is its quote).
    assert!(html.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;"));
}

#[test]
fn report_is_deterministic_and_its_command_reproduces_it() {
    let dir = tempfile::tempdir().unwrap();
    let s = root().join(SCENARIO);
    let s = s.to_str().unwrap();
    let a = report(
        dir.path(),
        &[s, "--runs", "400", "--seed", "5", "--threads", "1"],
        "r.html",
    );
    let b = report(
        dir.path(),
        &[s, "--runs", "400", "--seed", "5", "--threads", "2"],
        "r.html",
    );
    assert!(a == b, "the thread count changed the report");
    // The printed command, run as it is, writes the same bytes.
    let cmd = a
        .split("<pre><code>detente report ")
        .nth(1)
        .and_then(|r| r.split("</code>").next())
        .unwrap();
    let cmd = cmd
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let argv = crate::docs::shell_words(&cmd);
    std::fs::remove_file(dir.path().join("r.html")).unwrap();
    detente()
        .current_dir(dir.path())
        .arg("report")
        .args(&argv)
        .assert()
        .success();
    let again = std::fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(a == again, "`detente report {cmd}` wrote other bytes");
}

#[test]
fn report_from_a_saved_result_equals_a_fresh_one() {
    let dir = tempfile::tempdir().unwrap();
    let s = root().join("scenarios/inf-treaty.toml");
    let s = s.to_str().unwrap();
    let flags = [
        "--runs",
        "500",
        "--seed",
        "9",
        "--set",
        "treaty.exit_cost=20",
    ];
    detente()
        .current_dir(dir.path())
        .args(["run", s])
        .args(flags)
        .args(["--json", "r.json", "-q"])
        .assert()
        .success();
    std::fs::create_dir(dir.path().join("a")).unwrap();
    std::fs::create_dir(dir.path().join("b")).unwrap();
    let fresh = report(
        &dir.path().join("a"),
        &[&[s][..], &flags[..], &["--large"]].concat(),
        "inf.html",
    );
    let json = dir.path().join("r.json");
    let saved = report(
        &dir.path().join("b"),
        &[s, "--from", json.to_str().unwrap(), "--large"],
        "inf.html",
    );
    assert!(fresh == saved, "--from gave other bytes than a fresh run");
    assert!(fresh.contains("<input type=\"checkbox\" id=\"large-text\" checked>"));
    assert!(fresh.contains("--set treaty.exit_cost=20"));
}

#[test]
fn bad_input_is_refused_with_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let s = root().join(SCENARIO);
    let s = s.to_str().unwrap();
    // A bad scenario value: file:line:col, exit 2, nothing written.
    let bad = dir.path().join("bad.toml");
    let text = std::fs::read_to_string(root().join(SCENARIO))
        .unwrap()
        .replacen("discount = 0.99", "discount = 1.5", 1);
    std::fs::write(&bad, text).unwrap();
    let out = detente()
        .current_dir(dir.path())
        .args(["report", "bad.toml", "-o", "x.html"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    assert!(err.contains("--> bad.toml:") && err.contains('^'), "{err}");
    assert!(!dir.path().join("x.html").exists());
    // A result file that is not JSON: its line and column.
    std::fs::write(dir.path().join("r.json"), "{\n  \"format\": oops\n}\n").unwrap();
    let out = detente()
        .current_dir(dir.path())
        .args(["report", s, "--from", "r.json", "-o", "x.html"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    assert!(err.contains("--> r.json:2:"), "{err}");
    // A result of another scenario.
    detente()
        .current_dir(dir.path())
        .args(["run", "--runs", "50", "--json", "r.json", "-q"])
        .arg(root().join("scenarios/inf-treaty.toml"))
        .assert()
        .success();
    let out = detente()
        .current_dir(dir.path())
        .args(["report", s, "--from", "r.json", "-o", "x.html"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    assert!(err.contains("does not match the scenario"), "{err}");
    // --from with experiment options that it would ignore.
    detente()
        .args([
            "report", s, "--from", "r.json", "--runs", "5", "-o", "x.html",
        ])
        .assert()
        .code(2);
    // A game without actors has nothing to report: the advice names what to run.
    let out = detente()
        .current_dir(dir.path())
        .args(["report", "-o", "x.html"])
        .arg(root().join("scenarios/chicken.toml"))
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    assert!(err.contains("detente analyze"), "{err}");
    assert!(!dir.path().join("x.html").exists());
}

#[test]
fn the_loaders_warnings_are_in_the_report_as_validate_prints_them() {
    let dir = tempfile::tempdir().unwrap();
    let sc = root().join(SCENARIO);
    let sc = sc.to_str().unwrap();
    // A negative typical temptation: valid, but no prisoner's dilemma (a warning).
    let set = "actor.russia.payoffs.temptation.mean=-1";
    let out = detente()
        .args(["validate", sc, "--set", set])
        .output()
        .unwrap();
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(said.contains("not a prisoner's dilemma"), "{said}");
    let html = report(dir.path(), &[sc, "--runs", "40", "--set", set], "w.html");
    assert!(
        html.contains("<section id=\"warnings\">"),
        "no warnings section"
    );
    // Every line of the warning (validate's "ok: FILE" line aside).
    for line in said
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with("ok: "))
    {
        let line = detente::report::html::escape(line);
        assert!(html.contains(&line), "the report lacks {line:?}");
    }
    // A scenario without warnings gets no such section.
    assert!(!sg(dir.path()).contains("id=\"warnings\""));
}

/// Run Chromium headless on `args` with a fresh profile, killed after `limit`.
/// Returns stdout, or None (after saying why) when it cannot run.
fn chromium(args: &[String], profile: &Path, limit: Duration) -> Option<Vec<u8>> {
    let mut child = std::process::Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    let mut stdout = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).map(|_| buf)
    });
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                assert!(status.success(), "chromium failed: {status}");
                return reader.join().ok()?.ok();
            }
            Ok(None) if started.elapsed() < limit => {
                std::thread::sleep(Duration::from_millis(100));
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not finish within {limit:?}");
            }
        }
    }
}

const CHROMIUM: &str = "/usr/bin/chromium";

/// Share of pixels of a PNG that are not near-white.
fn ink(png_bytes: &[u8]) -> (f64, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let px = info.color_type.samples();
    let data = &buf[..info.buffer_size()];
    let dark = data
        .chunks(px)
        .filter(|p| p.iter().take(3).any(|&c| c < 200))
        .count();
    (dark as f64 / (data.len() / px) as f64, data.to_vec())
}

#[test]
fn report_renders_in_headless_chromium() {
    if !Path::new(CHROMIUM).exists() {
        eprintln!(
            "skipped: no {CHROMIUM} to render the report in (install Debian's `chromium` \
             package; .ci/run does where it can)"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let html = sg(dir.path());
    let page = dir.path().join("sg.html");
    let url = format!("file://{}", page.display());
    let limit = Duration::from_secs(180);
    // The parsed page: the tables, every chart as SVG with its text, the words.
    let profile = tempfile::tempdir().unwrap();
    let dom = chromium(&["--dump-dom".into(), url.clone()], profile.path(), limit)
        .expect("chromium could not start");
    let dom = String::from_utf8(dom).unwrap();
    assert!(
        dom.contains("<h1>Security guarantees, December 2021</h1>"),
        "{dom:.2000}"
    );
    assert_eq!(
        dom.matches("<table>").count(),
        html.matches("<table>").count()
    );
    assert_eq!(dom.matches("<svg ").count(), RUN_CHARTS.len());
    assert!(dom.contains("Security guarantees, December 2021 — treaty survival"));
    assert!(dom.contains("Who decides"));
    // What it draws: a page with ink on it, and bigger text in large mode.
    let shot = |file: &Path, name: &str| -> Vec<u8> {
        let out = dir.path().join(name);
        let profile = tempfile::tempdir().unwrap();
        chromium(
            &[
                "--window-size=1280,1600".into(),
                format!("--screenshot={}", out.display()),
                format!("file://{}", file.display()),
            ],
            profile.path(),
            limit,
        )
        .expect("chromium could not start");
        std::fs::read(out).unwrap()
    };
    let normal = shot(&page, "normal.png");
    let s = root().join(SCENARIO);
    report(
        dir.path(),
        &[s.to_str().unwrap(), "--runs", "300", "--large"],
        "large.html",
    );
    let large = shot(&dir.path().join("large.html"), "large.png");
    let (ink_normal, px_normal) = ink(&normal);
    let (ink_large, px_large) = ink(&large);
    assert!(
        ink_normal > 0.02,
        "the page looks blank: {:.1}% ink",
        100.0 * ink_normal
    );
    assert!(ink_large > 0.02);
    assert!(px_normal != px_large, "large mode changed nothing");
}
