//! The one-file HTML report of `detente report`: the headline and outcome tables, every
//! chart `run --plots` draws (inline SVG), the whole terminal summary, the scenario in
//! plain words, the provenance and the commands that reproduce the file.
//!
//! The page is self-contained: no script, no external style sheet, font or image (a
//! Content-Security-Policy in the page forbids loading any), so it opens offline and
//! can be mailed as it is. Every text that comes from the scenario or the command line
//! is HTML-escaped here ([`escape`]); the charts' text is escaped by plotters' SVG
//! backend. The charts name the generic `sans-serif` family and the page asks for
//! DejaVu Sans (the font the charts are laid out with) first, then wide fallbacks, so
//! labels stay inside their boxes without the font installed. A checkbox switches the
//! page to large text for a projector with CSS alone (`--large` starts it switched on).
//! Output is a pure function of the inputs: the same summary gives the same bytes.

use crate::engine::summary::{Share, Summary};
use crate::report::charts::{self, ChartError, Format};
use crate::report::json::PositionsReport;
use crate::report::table::{self, override_flag, pct, thousands};
use std::fmt::Write;

/// What a report is made of; [`render`] turns it into the page.
pub struct ReportInput<'a> {
    pub summary: &'a Summary,
    /// The expected-utility model's rounds in run 0, for its charts (None for other
    /// protocols).
    pub positions: Option<&'a PositionsReport>,
    /// The scenario in plain words (`detente explain`'s text).
    pub words: &'a str,
    /// The scenario file as the command line named it.
    pub scenario_file: &'a str,
    /// Commands that reproduce this report, shell-quoted: (what they do, the commands).
    pub reproduce: &'a [(String, String)],
    /// Warnings, as `run` and `validate` print them: the loader's about the scenario,
    /// then those about the runs (none: no section).
    pub warnings: &'a [String],
    /// Start in large-text mode.
    pub large: bool,
}

/// `text` safe in HTML text and attribute values: `& < > " '` as character references,
/// control characters (other than newline and tab) shown as `\u{..}` as on the terminal.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// How to read each chart, by its file stem (the positions charts are per issue:
/// `positions`, `positions-2`, …).
fn caption(name: &str) -> &'static str {
    match name.split('-').next().unwrap_or(name) {
        "outcomes" => {
            "How the runs end: the share of runs in each state at the horizon, with 95% Wilson \
             intervals."
        }
        "survival" => {
            "How long the first treaty lasts: the Kaplan–Meier share still in force, with its \
             95% Greenwood band; ticks mark treaties still in force when their run ended."
        }
        "agreement" => "When talks first agree: how many runs agreed first in each round.",
        "payoffs" => {
            "What each party gets: the distribution of its discounted payoff per run, on one \
             scale."
        }
        "terms" => {
            "What is agreed: the terms of the first agreement on each issue, with each party's \
             ideal point."
        }
        "conflict" => "When conflict breaks out: the share of runs in conflict by each round.",
        "failures" => {
            "Why talks failed (crisis talks): the cause of each run's first failed talks, as \
             shares of all runs with 95% Wilson intervals."
        }
        "positions" => {
            "Positions over the rounds of run 0 (expected-utility model); the thick line is the \
             weighted mean."
        }
        "prediction" => "The model's prediction across runs (expected-utility model).",
        _ => "",
    }
}

const STYLE: &str = r#"
:root { color-scheme: light; }
body { margin: 0; color: #222; background: #fff; line-height: 1.45;
  font-family: "DejaVu Sans", Verdana, "Liberation Sans", Arial, sans-serif; }
header, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 1.25rem; }
h1 { font-size: 1.75em; margin: 1.2rem 0 .2rem; }
h2 { font-size: 1.3em; margin: 2rem 0 .6rem; border-bottom: 2px solid #0072B2; }
.sub { color: #555; margin: 0 0 .6rem; }
nav a { margin-right: 1em; color: #0072B2; }
table { border-collapse: collapse; margin: .4em 0 1em; }
th, td { padding: .25em .9em .25em 0; text-align: left; vertical-align: top;
  border-bottom: 1px solid #ddd; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, "Liberation Mono", monospace;
  font-size: .85em; background: #f5f5f5; padding: .8em 1em; overflow-x: auto; }
pre.words { white-space: pre-wrap; }
figure { margin: 1.4em 0 2em; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid #e4e4e4; }
svg text { font-family: "DejaVu Sans", Verdana, "Liberation Sans", Arial, sans-serif; }
figcaption { color: #444; margin-top: .4em; }
#large-text { position: absolute; opacity: 0; width: 1px; height: 1px; }
label.switch { float: right; margin-top: 1.3rem; padding: .3em .8em; cursor: pointer;
  border: 2px solid #0072B2; border-radius: .4em; color: #0072B2; user-select: none; }
#large-text:focus-visible ~ header label.switch { outline: 3px solid #E69F00; }
#large-text:checked ~ header label.switch { background: #0072B2; color: #fff; }
#large-text:checked ~ header, #large-text:checked ~ main, #large-text:checked ~ footer {
  max-width: none; font-size: 160%; }
#large-text:checked ~ main pre { font-size: .75em; }
footer { color: #666; font-size: .9em; margin-top: 2rem; padding-bottom: 2rem; }
@media print { label.switch, nav { display: none; } figure { break-inside: avoid; } }
"#;

/// The whole page.
pub fn render(r: &ReportInput) -> Result<String, ChartError> {
    let s = r.summary;
    let mut o = String::with_capacity(1 << 18);
    let name = escape(&s.scenario.name);
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"detente {}\">\n\
         <title>{name} — detente report</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        env!("CARGO_PKG_VERSION")
    );
    let _ = writeln!(
        o,
        "<input type=\"checkbox\" id=\"large-text\"{}>",
        if r.large { " checked" } else { "" }
    );
    let _ = writeln!(
        o,
        "<header>\n<label class=\"switch\" for=\"large-text\">Large text</label>\n\
         <h1>{name}</h1>\n<p class=\"sub\">{}</p>",
        escape(&experiment_line(s))
    );
    if s.provenance.partial {
        let _ = writeln!(
            o,
            "<p><strong>Partial:</strong> interrupted after {} of {} runs; the numbers cover \
             those runs only.</p>",
            thousands(s.runs),
            thousands(s.provenance.runs)
        );
    }
    o.push_str("<nav>");
    if !r.warnings.is_empty() {
        o.push_str("<a href=\"#warnings\">Warnings</a>");
    }
    o.push_str(
        "<a href=\"#headline\">Headline</a><a href=\"#charts\">Charts</a>\
         <a href=\"#summary\">Full summary</a><a href=\"#scenario\">The scenario</a>\
         <a href=\"#provenance\">Provenance</a></nav>\n</header>\n<main>\n",
    );
    if !r.warnings.is_empty() {
        let _ = writeln!(
            o,
            "<section id=\"warnings\">\n<h2>Warnings</h2>\n<p>What <code>detente validate</code> \
             says of the scenario (valid, but probably not what was meant), then anything \
             the runs showed.</p>\n<pre class=\"warnings\">{}</pre>\n</section>",
            escape(&r.warnings.join("\n\n"))
        );
    }
    headline(&mut o, s);
    chart_section(&mut o, r)?;
    let _ = writeln!(
        o,
        "<section id=\"summary\">\n<h2>Full summary</h2>\n<p>The summary <code>detente run</code> \
         prints.</p>\n<pre>{}</pre>\n</section>",
        escape(&table::render(s))
    );
    let _ = writeln!(
        o,
        "<section id=\"scenario\">\n<h2>The scenario in words</h2>\n<p>What <code>detente \
         explain</code> says of {}.</p>\n<pre class=\"words\">{}</pre>\n</section>",
        escape(r.scenario_file),
        escape(r.words)
    );
    provenance(&mut o, r);
    let _ = writeln!(
        o,
        "</main>\n<footer>Written by detente {}. This file is self-contained: it loads \
         nothing from the network.</footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    Ok(o)
}

/// "10,000 runs · seed 2021 · horizon 120 months · --set …".
fn experiment_line(s: &Summary) -> String {
    let mut line = format!(
        "{} runs · seed {} · horizon {} {}",
        thousands(s.runs),
        s.provenance.seed,
        s.scenario.horizon,
        s.scenario.rounds
    );
    for x in &s.provenance.overrides {
        line.push_str(" · ");
        line.push_str(&override_flag(x));
    }
    line
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn interval(lo: f64, hi: f64) -> String {
    if lo.is_nan() || hi.is_nan() {
        return String::new();
    }
    format!("[{}, {}]", pct(lo), pct(hi))
}

/// One row of a share table: label, share, interval, runs (empty when `count` is None).
fn row(o: &mut String, label: &str, share: f64, (lo, hi): (f64, f64), count: Option<u64>) {
    let _ = writeln!(
        o,
        "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
        escape(label),
        pct(share),
        interval(lo, hi),
        count.map(thousands).unwrap_or_default()
    );
}

fn share_row(o: &mut String, label: &str, x: &Share) {
    row(o, label, x.share, (x.lo, x.hi), Some(x.count));
}

const TABLE_HEAD: &str = "<thead><tr><th></th><th>share</th><th>95% interval</th>\
                          <th>runs</th></tr></thead>";

/// The headline measures and how runs end, as tables.
fn headline(o: &mut String, s: &Summary) {
    let sc = &s.scenario;
    let h = &s.headline;
    let _ = writeln!(
        o,
        "<section id=\"headline\">\n<h2>Headline</h2>\n<table>{TABLE_HEAD}<tbody>"
    );
    if let Some([v, lo, hi]) = h.first_treaty_survival {
        let label = format!(
            "First treaty still in force after {} {}",
            sc.horizon, sc.rounds
        );
        row(o, &label, v, (lo, hi), None);
    }
    if let Some(m) = &h.time_under_treaty {
        row(
            o,
            "Share of time under any treaty",
            m.mean,
            (m.lo, m.hi),
            None,
        );
    }
    share_row(o, "Reached an agreement", &s.agreement.ever);
    share_row(o, "Conflict by the horizon", &s.conflict.by_horizon);
    for x in s.conflict.chosen_by.iter().filter(|x| x.count > 0) {
        share_row(o, &format!("… {}", x.label), x);
    }
    if h.false_alarm_spirals.count > 0 {
        share_row(
            o,
            "Treaties undone by a false alarm",
            &h.false_alarm_spirals,
        );
    }
    o.push_str("</tbody></table>\n");
    if s.survival.treaties > 0 {
        let median = match s.survival.median {
            Some(m) => format!("{m} {}", sc.rounds),
            None => format!("more than {} {}", sc.horizon, sc.rounds),
        };
        let _ = writeln!(
            o,
            "<p>Median duration of the first treaty: {}.</p>",
            escape(&median)
        );
    }
    let _ = writeln!(
        o,
        "<h3>How runs end (state after {} {})</h3>\n<table>{TABLE_HEAD}<tbody>",
        sc.horizon,
        escape(&sc.rounds)
    );
    for x in &s.outcomes {
        if x.count == 0 && x.key.is_conflict_phase() {
            continue;
        }
        share_row(o, &cap(&x.label), x);
    }
    o.push_str("</tbody></table>\n</section>\n");
}

/// Every chart `run --plots` draws, as inline SVG with a caption.
fn chart_section(o: &mut String, r: &ReportInput) -> Result<(), ChartError> {
    let mut all = charts::run_charts_in(r.summary, &[Format::Svg], charts::DEFAULT_SIZE)?;
    if let Some(p) = r.positions {
        all.extend(charts::positions::positions_charts(
            r.summary,
            p,
            &[Format::Svg],
            charts::DEFAULT_SIZE,
        )?);
    }
    o.push_str("<section id=\"charts\">\n<h2>Charts</h2>\n");
    for c in &all {
        let svg = String::from_utf8_lossy(&c.bytes);
        let text = caption(c.name);
        let svg = match svg.strip_prefix("<svg ") {
            Some(rest) => format!(
                "<svg role=\"img\" aria-label=\"{}\" {rest}",
                escape(&format!("{} chart", c.name))
            ),
            None => svg.into_owned(),
        };
        let _ = writeln!(
            o,
            "<figure id=\"chart-{}\">\n{}\n<figcaption>{}</figcaption>\n</figure>",
            c.name,
            svg.trim_end(),
            escape(text)
        );
    }
    o.push_str("</section>\n");
    Ok(())
}

/// Version, scenario hash, seed, runs, overrides, and the commands to reproduce.
fn provenance(o: &mut String, r: &ReportInput) {
    let p = &r.summary.provenance;
    o.push_str("<section id=\"provenance\">\n<h2>Provenance and how to reproduce</h2>\n<table>\n");
    let mut item = |k: &str, v: &str| {
        let _ = writeln!(o, "<tr><th>{}</th><td>{}</td></tr>", escape(k), escape(v));
    };
    item("detente version", &p.tool_version);
    item("Scenario file", r.scenario_file);
    item("Scenario SHA-256", &p.scenario_sha256);
    item("Seed", &p.seed.to_string());
    item("Runs", &thousands(p.runs));
    let [a, b] = p.run_range;
    if [a, b] != [0, p.runs] {
        item(
            "Runs covered",
            &format!(
                "{a} to {b} (a shard or an interrupted run){}",
                if p.partial { ", partial" } else { "" }
            ),
        );
    }
    let overrides: Vec<String> = p.overrides.iter().map(|x| override_flag(x)).collect();
    item(
        "Overrides",
        &if overrides.is_empty() {
            "none".to_string()
        } else {
            overrides.join(" ")
        },
    );
    o.push_str("</table>\n");
    for (what, cmd) in r.reproduce {
        let _ = writeln!(
            o,
            "<p>{}</p>\n<pre><code>{}</code></pre>",
            escape(what),
            escape(cmd)
        );
    }
    o.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_quotes_and_controls() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>\u{1b}[2J\n"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\\u{1b}[2J\n"
        );
    }

    #[test]
    fn every_chart_has_a_caption() {
        for name in charts::RUN_CHARTS {
            assert!(!caption(name).is_empty(), "{name}");
        }
        assert!(!caption("positions-2").is_empty());
        assert!(!caption("prediction-3").is_empty());
    }
}
