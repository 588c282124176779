//! The shape of the code (issue 9): no source file in src/ over 1,000 lines, no
//! function over 120 lines unless a comment in its first lines says why ("Long on
//! purpose: ..."), and no import cycle between the top-level modules of src/.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 1000;
const MAX_FN_LINES: usize = 120;
const EXCUSE: &str = "Long on purpose";

/// Every `.rs` file under `dir`, sorted by path.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `path` relative to the repository, with `/` separators (`src/cli/run.rs`).
fn relative(path: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Strip one keyword and the whitespace after it (at least one blank).
fn keyword<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let rest = s.strip_prefix(word)?;
    let trimmed = rest.trim_start();
    (trimmed.len() < rest.len()).then_some(trimmed)
}

/// If `line` starts a function (`fn`, with any of `pub`, `pub(...)`, `const`, `async`,
/// `unsafe` before it, in that order), its indentation and name.
fn fn_start(line: &str) -> Option<(&str, &str)> {
    let body = line.trim_start();
    let indent = &line[..line.len() - body.len()];
    let mut s = body;
    if let Some(rest) = s.strip_prefix("pub") {
        let rest = match rest.strip_prefix('(') {
            Some(r) => &r[r.find(')')? + 1..],
            None => rest,
        };
        let trimmed = rest.trim_start();
        if trimmed.len() < rest.len() {
            s = trimmed;
        }
    }
    for word in ["const", "async", "unsafe"] {
        if let Some(rest) = keyword(s, word) {
            s = rest;
        }
    }
    let s = keyword(s, "fn")?;
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    (end > 0).then(|| (indent, &s[..end]))
}

/// The functions of one file longer than `MAX_FN_LINES` without an excuse, as
/// `path:line: fn name: n lines`. A function runs from its `fn` line to the first line
/// that is its indentation and `}`; its body starts at the first line ending in `{`
/// (a line ending in `;` first means a declaration without a body).
fn long_functions(rel: &str, text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    for i in 0..lines.len() {
        let Some((indent, name)) = fn_start(lines[i]) else {
            continue;
        };
        let Some(j) = (i..lines.len()).find(|&j| {
            let l = lines[j].trim_end();
            l.ends_with('{') || l.ends_with(';')
        }) else {
            continue;
        };
        if lines[j].trim_end().ends_with(';') {
            continue;
        }
        let close = format!("{indent}}}");
        let k = (j + 1..lines.len())
            .find(|&k| lines[k].trim_end() == close)
            .unwrap_or(lines.len());
        let n = k - i + 1;
        let excused = lines[(j + 1).min(lines.len())..(j + 4).min(lines.len())]
            .iter()
            .any(|l| l.contains(EXCUSE));
        if n > MAX_FN_LINES && !excused {
            found.push(format!("{rel}:{}: fn {name}: {n} lines", i + 1));
        }
    }
    found
}

#[test]
fn no_file_over_1000_lines_and_no_function_over_120() {
    let mut found = Vec::new();
    for path in rust_files(&src()) {
        let rel = relative(&path);
        let text = std::fs::read_to_string(&path).unwrap();
        let n = text.lines().count();
        if n > MAX_FILE_LINES {
            found.push(format!("{rel}: {n} lines (file)"));
        }
        found.extend(long_functions(&rel, &text));
    }
    assert!(
        found.is_empty(),
        "split these, or say in a comment in their first lines why not \
         (\"{EXCUSE}: ...\"):\n{}",
        found.join("\n")
    );
}

/// The top-level module a file of src/ belongs to (`cli` for src/cli/run.rs, `shard`
/// for src/shard.rs); `None` for the crate root and the binary.
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).ok()?;
    let mut parts = rel.components();
    let first = parts.next()?.as_os_str().to_string_lossy().into_owned();
    if parts.next().is_some() {
        return Some(first);
    }
    let stem = first.strip_suffix(".rs")?;
    (stem != "lib" && stem != "main").then(|| stem.to_string())
}

/// The first path segment of every `crate::` path in `code`, with the byte offset of
/// its `crate::` (`crate::model::Model` gives `model`; `crate::{model::Model, story}`
/// gives `model` and `story`, the group read to its end over any number of lines).
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(k) = code[from..].find("crate::") {
        let at = from + k;
        let after = &code[at + "crate::".len()..];
        from = at + "crate::".len();
        // `notcrate::` is no path; `$crate::` (in a macro) is.
        if code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        let Some(group) = after.strip_prefix('{') else {
            out.push((at, ident(after)));
            continue;
        };
        // The segments at the group's top level: after `{` and after each comma.
        let mut depth = 0;
        let mut start = true;
        for (i, c) in group.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => start = true,
                c if c.is_whitespace() => {}
                _ if start => {
                    start = false;
                    out.push((at, ident(&group[i..])));
                }
                _ => {}
            }
        }
    }
    out
}

/// Edges `from -> to` between the top-level modules of src/, each with the first place
/// it is used. Comment lines are skipped (doc links are not dependencies).
fn module_edges() -> BTreeMap<(String, String), String> {
    let files = rust_files(&src());
    let modules: BTreeSet<String> = files.iter().filter_map(|p| module_of(p)).collect();
    let mut edges = BTreeMap::new();
    for path in &files {
        let Some(from) = module_of(path) else {
            continue;
        };
        let text = std::fs::read_to_string(path).unwrap();
        // Comment lines become empty, so line numbers stay.
        let code: Vec<&str> = text
            .lines()
            .map(|l| {
                if l.trim_start().starts_with("//") {
                    ""
                } else {
                    l
                }
            })
            .collect();
        let code = code.join("\n");
        for (at, to) in crate_paths(&code) {
            if to != from && modules.contains(&to) {
                let line = code[..at].matches('\n').count() + 1;
                edges
                    .entry((from.clone(), to))
                    .or_insert_with(|| format!("{}:{line}", relative(path)));
            }
        }
    }
    edges
}

/// The cycles of a directed graph: its strongly connected components with more than
/// one node (Tarjan's algorithm), each sorted, in order of their first node.
fn cycles(edges: &BTreeSet<(String, String)>) -> Vec<Vec<String>> {
    struct Tarjan<'a> {
        next: BTreeMap<&'a str, Vec<&'a str>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    impl<'a> Tarjan<'a> {
        fn visit(&mut self, v: &'a str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            self.on_stack.insert(v);
            for w in self.next.get(v).cloned().unwrap_or_default() {
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let lw = self.low[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(lw);
                } else if self.on_stack.contains(w) {
                    let iw = self.index[w];
                    let lv = self.low.get_mut(v).unwrap();
                    *lv = (*lv).min(iw);
                }
            }
            if self.low[v] == self.index[v] {
                let mut comp = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack.remove(w);
                    comp.push(w.to_string());
                    if w == v {
                        break;
                    }
                }
                if comp.len() > 1 {
                    comp.sort();
                    self.out.push(comp);
                }
            }
        }
    }
    let mut t = Tarjan {
        next: BTreeMap::new(),
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        out: Vec::new(),
    };
    for (a, b) in edges {
        t.next.entry(a.as_str()).or_default().push(b.as_str());
        t.next.entry(b.as_str()).or_default();
    }
    let nodes: Vec<&str> = t.next.keys().copied().collect();
    for v in nodes {
        if !t.index.contains_key(v) {
            t.visit(v);
        }
    }
    t.out.sort();
    t.out
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let edges = module_edges();
    let graph: BTreeSet<(String, String)> = edges.keys().cloned().collect();
    let mut found = Vec::new();
    for comp in cycles(&graph) {
        found.push(format!("cycle: {}", comp.join(", ")));
        for ((a, b), at) in &edges {
            if comp.contains(a) && comp.contains(b) {
                found.push(format!("  {a} -> {b} (first at {at})"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "move what both need into the lower module (see ARCHITECTURE.md, \"Which way \
         dependencies point\"):\n{}",
        found.join("\n")
    );
    // The check sees real dependencies: the engine plays the talks, and `cli` sits
    // on top of the library.
    assert!(graph.contains(&("engine".into(), "negotiation".into())));
    assert!(graph.contains(&("cli".into(), "engine".into())));
}

#[test]
fn the_checks_find_what_they_look_for() {
    // A long function, an excused one, a declaration without a body.
    let body = |n: usize| "    let x = 1;\n".repeat(n);
    let text = format!(
        "pub(crate) fn long() {{\n{}}}\n\nfn excused() {{\n    // Long on purpose: a table.\n{}}}\n\nfn short();\n",
        body(MAX_FN_LINES),
        body(MAX_FN_LINES)
    );
    assert_eq!(
        long_functions("src/x.rs", &text),
        [format!("src/x.rs:1: fn long: {} lines", MAX_FN_LINES + 2)]
    );
    assert_eq!(
        fn_start("    pub const unsafe fn f_1<T>("),
        Some(("    ", "f_1"))
    );
    assert_eq!(fn_start("    let fnord = 1;"), None);
    // Paths, groups over several lines, macros' `$crate`, and look-alikes.
    let code = "use crate::{\n    model::Model,\n    story::{Event, Tracer},\n};\nx = $crate::engine::y; notcrate::cli; crate::util::f()";
    let found: Vec<(usize, String)> = crate_paths(code);
    let names: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert_eq!(names, ["model", "story", "engine", "util"]);
    assert_eq!((found[0].0, found[1].0), (4, 4));
    // A cycle of three and a separate edge.
    let g: BTreeSet<(String, String)> = [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]
        .iter()
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .collect();
    assert_eq!(cycles(&g), [["a", "b", "c"].map(String::from).to_vec()]);
}
