//! Diagnostics: what the loader found wrong (or suspicious), where, and what to do
//! about it, rendered annotate-snippets style (`error: … --> FILE:LINE:COL`, no colour).

use annotate_snippets::{AnnotationKind, Group, Level, Origin as SnipOrigin, Renderer, Snippet};
use std::ops::Range;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The scenario cannot be loaded.
    Error,
    /// The scenario loads, but probably does not mean what its author meant.
    Warning,
}

/// Which text a diagnostic's span points into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// The scenario file.
    File,
    /// The k-th `--set` override (0-based, in the order given).
    Override(usize),
}

/// One problem, with its place and a hint saying what to do.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// One line, starting lower-case, e.g. "`discount` must be in (0, 1), got 1.2".
    pub message: String,
    /// Byte range in the text named by `origin` (`None`: the whole file).
    pub span: Option<Range<usize>>,
    pub origin: Origin,
    /// What to do about it.
    pub hint: Option<String>,
}

/// Every problem found while loading one scenario; renders itself.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadError {
    /// All errors (never empty), in reading order: file first, then each `--set`.
    pub diagnostics: Vec<Diagnostic>,
    /// The path shown in messages.
    pub name: String,
    /// The file's text (invalid UTF-8 replaced by U+FFFD, which keeps the offset of
    /// the first bad byte).
    pub source: String,
    /// The `--set` strings as given.
    pub overrides: Vec<String>,
}

impl LoadError {
    /// All errors, rendered one after another, without colour.
    pub fn render(&self) -> String {
        render_all(&self.diagnostics, &self.name, &self.source, &self.overrides)
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for LoadError {}

/// Render diagnostics against their sources, separated by blank lines.
pub(crate) fn render_all(
    diags: &[Diagnostic],
    name: &str,
    source: &str,
    overrides: &[String],
) -> String {
    // Line starts of the file, computed once: each diagnostic is rendered against the
    // one line it points at, so rendering many diagnostics of a large file stays
    // linear (rendering against the whole text would be quadratic).
    let file_lines = LineIndex::new(source);
    let mut out = String::new();
    for d in diags {
        if !out.is_empty() {
            out.push('\n');
        }
        let rendered = match d.origin {
            Origin::File => render_one(d, name, source, &file_lines),
            Origin::Override(k) => {
                let text = overrides.get(k).map_or("", |s| s.as_str());
                let flag = if text.starts_with(super::raw::UNSET) {
                    "--unset"
                } else {
                    "--set"
                };
                render_one(d, flag, text, &LineIndex::new(text))
            }
        };
        out.push_str(&rendered);
        out.push('\n');
    }
    out
}

/// Byte offsets where the lines of a text start.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// The 0-based line holding byte `offset`, and the byte range of that line
    /// (including its newline, if any).
    fn line_of(&self, text: &str, offset: usize) -> (usize, Range<usize>) {
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        (line, start..end)
    }
}

/// Render one diagnostic. Spans are trimmed to their first line (a table spanning ten
/// lines is pointed at by its header) and snapped to char boundaries; only that line
/// is handed to the renderer.
fn render_one(d: &Diagnostic, path: &str, text: &str, lines: &LineIndex) -> String {
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str());
    let mut group = Group::with_title(title);
    match d.span.clone() {
        Some(span) if !text.is_empty() => {
            let span = first_line(text, span);
            let (line, window) = lines.line_of(text, span.start);
            let local = span.start - window.start..span.end - window.start;
            group = group.element(
                Snippet::source(&text[window])
                    .line_start(line + 1)
                    .path(path)
                    .annotation(AnnotationKind::Primary.span(local)),
            );
        }
        _ => {
            group = group.element(SnipOrigin::path(path).line(1).char_column(1));
        }
    }
    if let Some(h) = &d.hint {
        group = group.element(Level::HELP.message(h.as_str()));
    }
    Renderer::plain().render(&[group])
}

/// Clamp `span` into `text`, onto char boundaries, and cut it at the first newline.
fn first_line(text: &str, span: Range<usize>) -> Range<usize> {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = span.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if let Some(nl) = text[start..end].find('\n') {
        end = start + nl;
    }
    start..end
}

/// 1-based line and column (in chars) of byte `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(span: Range<usize>, hint: Option<&str>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: "`discount` must be in (0, 1), got 1.2".into(),
            span: Some(span),
            origin: Origin::File,
            hint: hint.map(String::from),
        }
    }

    #[test]
    fn renders_file_line_col_caret_and_help() {
        let src = "[actor]\ndiscount = 1.2\n";
        let out = render_all(&[diag(19..22, Some("a factor"))], "x.toml", src, &[]);
        assert!(
            out.starts_with("error: `discount` must be in (0, 1), got 1.2\n"),
            "{out}"
        );
        assert!(out.contains("--> x.toml:2:12"), "{out}");
        assert!(out.contains("^^^"), "{out}");
        assert!(out.contains("= help: a factor"), "{out}");
    }

    #[test]
    fn multi_line_spans_are_cut_to_their_first_line() {
        let src = "a = [\n1,\n2]\n";
        assert_eq!(first_line(src, 4..11), 4..5);
        assert_eq!(first_line(src, 100..200), 12..12);
    }

    #[test]
    fn line_col_counts_chars() {
        assert_eq!(line_col("ab\ncdé f", 8), (2, 5));
        assert_eq!(line_col("", 0), (1, 1));
    }
}
