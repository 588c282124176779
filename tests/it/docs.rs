//! The docs as the CLI's doc tests: every `detente` command shown in a code block of
//! README.md or docs/*.md runs and succeeds, and every output the docs quote (a
//! ```` ```text ```` block after a command) appears in that command's real output, so
//! the docs cannot drift from the program.
//!
//! The rules a doc follows:
//! - A command is a line of a fenced block (no language, `sh`, `console` or `bash`)
//!   or of an indented block that starts with `detente ` (or `cargo run --release --`);
//!   a trailing `\` continues it on the next line, and `# …` ends it.
//! - A ```` ```text ```` block quotes the output of one command of the last command
//!   block before it: every one of its non-empty lines must appear in that command's
//!   stdout or stderr (runs of spaces count as one; a line `...` stands for lines left
//!   out). Numbers are never written
//!   into this test: they are checked against the program's own output.
//! - `<!-- doc-test: illustrative -->` on the line before a block: the quoted output is
//!   an illustration (other numbers, a file of the reader's), not checked.
//! - `<!-- doc-test: skip -->` on the line before a block: its commands are recipes with
//!   placeholders (`S.toml`, `K`) and are not run.
//!
//! Commands run in a fresh folder where `scenarios/` is the repository's, so the files
//! they write (`--json inf.json`, `--plots out/`) go nowhere that matters.

use assert_cmd::Command;
use std::path::Path;

/// One block of commands of a doc and the output excerpts quoted after it.
#[derive(Debug)]
struct Example {
    /// (line, argv) of each command.
    commands: Vec<(usize, Vec<String>)>,
    quotes: Vec<(usize, Vec<String>)>,
}

/// Split a command line as a POSIX shell would for the simple quoting docs use.
pub(crate) fn shell_words(s: &str) -> Vec<String> {
    let (mut out, mut cur, mut any) = (Vec::new(), String::new(), false);
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                any = true;
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                    cur.push(d);
                }
            }
            '"' => {
                any = true;
                while let Some(d) = chars.next() {
                    match d {
                        '"' => break,
                        '\\' => cur.extend(chars.next()),
                        _ => cur.push(d),
                    }
                }
            }
            '#' if !any && cur.is_empty() => break,
            c if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            c => {
                any = true;
                cur.push(c);
            }
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The command of a block line, if it is one: `detente ARGS` → ARGS.
fn command(line: &str) -> Option<Vec<String>> {
    let l = line.trim();
    let rest = l
        .strip_prefix("detente ")
        .or_else(|| l.strip_prefix("cargo run --release -- "))?;
    Some(shell_words(rest))
}

/// Read a doc into its examples.
fn examples(text: &str) -> Vec<Example> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<Example> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let marker = i
            .checked_sub(1)
            .map(|p| lines[p].trim())
            .filter(|l| l.starts_with("<!-- doc-test:"));
        let skip = marker.is_some_and(|m| m.contains("skip"));
        let illustrative = marker.is_some_and(|m| m.contains("illustrative"));
        let l = lines[i];
        if let Some(lang) = l.trim_start().strip_prefix("```") {
            let lang = lang.trim();
            let start = i + 1;
            i += 1;
            while i < lines.len() && !lines[i].trim_start().starts_with("```") {
                i += 1;
            }
            let body = &lines[start..i.min(lines.len())];
            i += 1;
            if lang == "text" {
                if !illustrative && let Some(last) = out.last_mut() {
                    last.quotes
                        .push((start, body.iter().map(|s| s.to_string()).collect()));
                }
            } else if !skip && matches!(lang, "" | "sh" | "console" | "bash") {
                out.extend(block_commands(body, start));
            } else if skip {
                // Quotes after a skipped block belong to no command.
                out.extend(block_commands(&[], start));
            }
            continue;
        }
        if l.starts_with("    ") && i > 0 && lines[i - 1].trim().is_empty() {
            let start = i;
            while i < lines.len() && (lines[i].starts_with("    ") || lines[i].trim().is_empty()) {
                i += 1;
            }
            let body: Vec<&str> = lines[start..i].iter().map(|s| s.trim()).collect();
            out.extend(block_commands(if skip { &[] } else { &body }, start));
            continue;
        }
        i += 1;
    }
    out
}

/// The commands of one block, `\` continuations joined; `first` is the block's first
/// line (0-based) in the doc. None when the block has no command.
fn block_commands(body: &[&str], first: usize) -> Option<Example> {
    let mut commands = Vec::new();
    let mut k = 0;
    while k < body.len() {
        let line_no = first + k + 1;
        let mut text = body[k].to_string();
        while text.trim_end().ends_with('\\') && k + 1 < body.len() {
            let t = text.trim_end();
            text = format!("{} {}", &t[..t.len() - 1], body[k + 1].trim());
            k += 1;
        }
        k += 1;
        if let Some(argv) = command(&text) {
            commands.push((line_no, argv));
        }
    }
    Some(Example {
        commands,
        quotes: vec![],
    })
    .filter(|e| !e.commands.is_empty() || body.is_empty())
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Run every example of `doc` and check its quotes; returns the problems found.
fn check_doc(doc: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(doc)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(root.join("scenarios"), dir.path().join("scenarios")).unwrap();
    let mut problems = Vec::new();
    for ex in examples(&text) {
        let mut outputs = Vec::new();
        for (line, argv) in &ex.commands {
            let o = Command::cargo_bin("detente")
                .unwrap()
                .args(argv)
                .current_dir(dir.path())
                .env("NO_COLOR", "1")
                .output()
                .unwrap();
            let shown = format!("detente {}", argv.join(" "));
            if !o.status.success() {
                problems.push(format!(
                    "{doc}:{line}: `{shown}` failed ({}):\n{}",
                    o.status,
                    String::from_utf8_lossy(&o.stderr)
                ));
            }
            outputs.push(squash(&format!(
                "{}\n{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            )));
        }
        for (at, quote) in &ex.quotes {
            let lines: Vec<String> = quote
                .iter()
                .map(|q| squash(q))
                .filter(|q| !q.is_empty() && q != "...")
                .collect();
            if !outputs
                .iter()
                .any(|out| lines.iter().all(|q| out.contains(q.as_str())))
            {
                let missing: Vec<&String> = lines
                    .iter()
                    .filter(|q| !outputs.iter().any(|o| o.contains(q.as_str())))
                    .collect();
                problems.push(format!(
                    "{doc}:{}: no command of the block before prints all of this quote; lines printed by none:\n    {missing:?}\n  (fix the doc, or mark the block <!-- doc-test: illustrative -->)",
                    at + 1
                ));
            }
        }
    }
    problems
}

fn assert_doc(doc: &str) {
    let problems = check_doc(doc);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn readme_commands_run_and_quotes_match() {
    assert_doc("README.md");
}

#[test]
fn classroom_commands_run_and_quotes_match() {
    assert_doc("docs/classroom.md");
}

#[test]
fn other_docs_commands_run_and_quotes_match() {
    for doc in [
        "docs/strategies.md",
        "docs/scaling.md",
        "docs/scenario-format.md",
        "docs/how-it-works.md",
    ] {
        assert_doc(doc);
    }
}

#[test]
fn doc_examples_are_found() {
    let text = "Run:\n\n    detente run a.toml --set 'x=\"y\"'   # note\n\n```text\nfoo   bar\n```\n\n<!-- doc-test: skip -->\n```\ndetente run S.toml --shard K/4 \\\n  --json p.json\n```\n\n```sh\ncargo run --release -- explain b.toml\n```\n<!-- doc-test: illustrative -->\n```text\nnot checked\n```\n";
    let ex = examples(text);
    assert_eq!(ex.len(), 3, "{ex:?}");
    assert_eq!(ex[0].commands[0].1, ["run", "a.toml", "--set", "x=\"y\""]);
    assert_eq!(ex[0].quotes.len(), 1);
    assert!(ex[1].commands.is_empty(), "the skipped block");
    assert_eq!(ex[2].commands[0].1, ["explain", "b.toml"]);
    assert!(ex[2].quotes.is_empty());
}
