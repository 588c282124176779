//! Stage 1: bytes to a spanned tree of our own ([`Node`]), every syntax problem as a
//! diagnostic; then `--set key.path=value` and `--unset key.path` overrides applied to
//! that tree, so the validator sees one tree whose spans point into the file or into an override.

use super::diag::{Diagnostic, Origin, Severity};
use super::keys;
use std::ops::Range;
use toml::de::{DeTable, DeValue};

/// A byte range in the file or in one override.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    pub origin: Origin,
    pub range: Range<usize>,
}

/// A TOML value with its place.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub span: Span,
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Str(String),
    Int(i128),
    /// The number and its text as written (for messages such as "got nan").
    Float(f64, String),
    Bool(bool),
    Datetime,
    Array(Vec<Node>),
    Table(Table),
    /// A value already reported as an error (e.g. an integer too large); the validator
    /// skips it silently.
    Bad,
}

/// Entries in source order (file first, then keys added by overrides).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Table {
    pub entries: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub key: String,
    pub key_span: Span,
    pub node: Node,
}

impl Table {
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.node)
    }
    fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.entries
            .iter_mut()
            .find(|e| e.key == key)
            .map(|e| &mut e.node)
    }
}

impl Value {
    /// "a string", "a number", … for "expected X, found Y" messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) => "a whole number",
            Value::Float(..) => "a number",
            Value::Bool(_) => "true/false",
            Value::Datetime => "a date",
            Value::Array(_) => "an array",
            Value::Table(_) => "a table",
            Value::Bad => "an invalid value",
        }
    }
}

fn err(
    origin: Origin,
    span: Option<Range<usize>>,
    msg: String,
    hint: Option<String>,
) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        message: msg,
        span,
        origin,
        hint,
    }
}

/// Decode and parse the file. Returns the text used for rendering (invalid UTF-8
/// replaced) and the tree, or `None` when nothing can be validated.
pub(crate) fn parse_file(bytes: &[u8], diags: &mut Vec<Diagnostic>) -> (String, Option<Table>) {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let bad = bytes.get(at).copied().unwrap_or(0);
            // The prefix is valid, so `at` is also the replacement char's offset.
            let end = (at + 3).min(lossy.len());
            diags.push(err(
                Origin::File,
                Some(at..end),
                format!("the file is not valid UTF-8 (byte 0x{bad:02X})"),
                Some("save the file as UTF-8 text; scenario files are plain TOML".into()),
            ));
            return (lossy, None);
        }
    };
    if text.trim().is_empty() {
        diags.push(err(
            Origin::File,
            None,
            "the file is empty; start from `detente new`".into(),
            Some("`detente new --help` lists the templates, each a commented scenario".into()),
        ));
        return (text.to_string(), None);
    }
    let (table, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // Recovery after the first few errors mostly reports their echoes.
        const SHOWN: usize = 3;
        let total = errors.len();
        for (k, e) in errors.into_iter().take(SHOWN).enumerate() {
            let message = e.message().trim().to_string();
            let mut hint = syntax_hint(&message);
            if k + 1 == SHOWN && total > SHOWN {
                hint.push_str(&format!(
                    " ({} more syntax errors follow, most likely caused by these; fix these first)",
                    total - SHOWN
                ));
            }
            diags.push(err(
                Origin::File,
                e.span(),
                format!("TOML syntax: {message}"),
                Some(hint),
            ));
        }
        return (text.to_string(), None);
    }
    let root = convert_table(table.get_ref(), Origin::File, 0, diags);
    if root.entries.is_empty() {
        diags.push(err(
            Origin::File,
            None,
            "the file has no settings, only comments or blank lines; start from `detente new`".into(),
            Some("a scenario needs at least a [scenario] table with a `name`, and [[actor]]s or a [game]".into()),
        ));
        return (text.to_string(), None);
    }
    (text.to_string(), Some(root))
}

fn syntax_hint(message: &str) -> String {
    if message.contains("duplicate key") {
        "each key may appear once per table; remove or rename one of them".into()
    } else if message.contains("must be quoted") {
        "put text in double quotes, e.g. form = \"verbal\"".into()
    } else if message.contains("recurs") {
        "values are nested too deeply; a scenario never needs more than a few levels".into()
    } else {
        "fix the TOML syntax here (see https://toml.io); nothing else was checked yet".into()
    }
}

fn convert_table(
    t: &DeTable<'_>,
    origin: Origin,
    offset: usize,
    diags: &mut Vec<Diagnostic>,
) -> Table {
    let mut entries: Vec<Entry> = t
        .iter()
        .map(|(k, v)| {
            let r = k.span();
            Entry {
                key: k.get_ref().to_string(),
                key_span: Span {
                    origin,
                    range: r.start + offset..r.end + offset,
                },
                node: convert(v.get_ref(), v.span(), origin, offset, diags),
            }
        })
        .collect();
    entries.sort_by_key(|e| e.key_span.range.start);
    Table { entries }
}

fn convert(
    v: &DeValue<'_>,
    span: Range<usize>,
    origin: Origin,
    offset: usize,
    diags: &mut Vec<Diagnostic>,
) -> Node {
    let range = span.start + offset..span.end + offset;
    let value = match v {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => match i128::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Value::Int(n),
            Err(_) => {
                diags.push(err(
                    origin,
                    Some(range.clone()),
                    format!("the whole number `{i}` is too large"),
                    Some("no setting needs a number this large; check for a typo".into()),
                ));
                Value::Bad
            }
        },
        DeValue::Float(f) => {
            let text = f.as_str().to_string();
            match text.parse::<f64>() {
                Ok(x) => Value::Float(x, text),
                Err(_) => {
                    diags.push(err(
                        origin,
                        Some(range.clone()),
                        format!("`{text}` is not a number"),
                        Some("write a decimal number such as 0.5 or 1e-3".into()),
                    ));
                    Value::Bad
                }
            }
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(_) => Value::Datetime,
        DeValue::Array(a) => Value::Array(
            a.iter()
                .map(|x| convert(x.get_ref(), x.span(), origin, offset, diags))
                .collect(),
        ),
        DeValue::Table(t) => Value::Table(convert_table(t, origin, offset, diags)),
    };
    Node {
        span: Span { origin, range },
        value,
    }
}

/// One parsed `--set`: path segments with their byte ranges, and the value's range.
struct ParsedOverride {
    segments: Vec<(String, Range<usize>)>,
    value: Range<usize>,
}

/// Split `key.path=value` into its path segments and the value text (untrimmed of
/// nothing but surrounding spaces). The value is not parsed here.
pub fn parse_override(s: &str) -> Result<(Vec<String>, String), String> {
    parse_override_spanned(s)
        .map(|p| {
            (
                p.segments.into_iter().map(|(k, _)| k).collect(),
                s[p.value].to_string(),
            )
        })
        .map_err(|(msg, _, _)| msg)
}

/// The prefix of an override string that removes a key instead of setting it:
/// `--unset actor.europe.principal` is kept (in provenance too) as
/// `unset actor.europe.principal`.
pub const UNSET: &str = "unset ";

/// The dot-separated key path in `s[from..to]`, each segment with its byte range.
fn parse_path(s: &str, from: usize, to: usize, verb: &str) -> Result<Vec<Segment>, PathError> {
    let mut segments = Vec::new();
    let mut start = from;
    let path = &s[from..to];
    if verb == "unset" {
        if let Some(eq) = path.find('=') {
            return Err((
                format!("`--unset {path}` has a value; --unset takes only a key path"),
                from + eq..to,
                format!(
                    "write `--unset {}`, or `--set {path}` to change the value",
                    path[..eq].trim()
                ),
            ));
        }
    }
    for part in path.split('.') {
        let end = start + part.len();
        let trimmed = part.trim();
        let lead = part.len() - part.trim_start().len();
        let r = start + lead..start + lead + trimmed.len();
        if trimmed.is_empty()
            || !trimmed
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err((
                format!("`{trimmed}` is not a valid part of a key path"),
                if trimmed.is_empty() { start..end } else { r },
                "key paths are ids and keys joined by dots, e.g. `actor.russia.payoffs.gain`"
                    .into(),
            ));
        }
        segments.push((trimmed.to_string(), r));
        start = end + 1;
    }
    Ok(segments)
}

fn parse_override_spanned(s: &str) -> Result<ParsedOverride, (String, Range<usize>, String)> {
    let Some(eq) = s.find('=') else {
        return Err((
            format!("`--set {s}` has no `=`"),
            0..s.len(),
            "write `--set key.path=value`, e.g. `--set actor.russia.discount=0.9`; to remove a key, `--unset key.path`".into(),
        ));
    };
    let segments = parse_path(s, 0, eq, "set")?;
    let after = &s[eq + 1..];
    let lead = after.len() - after.trim_start().len();
    let v = eq + 1 + lead..eq + 1 + after.trim_end().len();
    if v.is_empty() {
        return Err((
            format!("`--set {s}` has no value after `=`"),
            eq..eq + 1,
            "give a TOML value: a number (0.9), a quoted string (\"verbal\") or an inline table ({ dist = \"uniform\", low = 1, high = 2 })".into(),
        ));
    }
    Ok(ParsedOverride { segments, value: v })
}

/// Apply every override to `root`, in order. Problems become diagnostics pointing
/// into the override string (origin `Override(k)`); a bad override is skipped.
pub(crate) fn apply_overrides(root: &mut Table, overrides: &[String], diags: &mut Vec<Diagnostic>) {
    for (k, s) in overrides.iter().enumerate() {
        let origin = Origin::Override(k);
        if s.starts_with(UNSET) {
            let r = parse_path(s, UNSET.len(), s.len(), "unset")
                .and_then(|segs| unset_path(root, &segs, origin));
            if let Err((msg, r, hint)) = r {
                diags.push(err(origin, Some(r), msg, Some(hint)));
            }
            continue;
        }
        let p = match parse_override_spanned(s) {
            Ok(p) => p,
            Err((msg, r, hint)) => {
                diags.push(err(origin, Some(r), msg, Some(hint)));
                continue;
            }
        };
        let text = &s[p.value.clone()];
        let node = match DeValue::parse(text) {
            Ok(v) => {
                let mut local = Vec::new();
                let n = convert(v.get_ref(), v.span(), origin, p.value.start, &mut local);
                if !local.is_empty() {
                    diags.extend(local);
                    continue;
                }
                n
            }
            Err(e) => {
                let r = e.span().map_or(p.value.clone(), |r| {
                    r.start + p.value.start..r.end + p.value.start
                });
                let looks_bare = text
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                let hint = if looks_bare {
                    format!(
                        "text values need quotes: --set '{}=\"{text}\"'",
                        &s[..s.find('=').unwrap_or(0)]
                    )
                } else {
                    "the value is read as TOML: 0.9, \"verbal\", [0, 1] or { dist = \"uniform\", low = 1, high = 2 }".into()
                };
                diags.push(err(
                    origin,
                    Some(r),
                    format!(
                        "the value `{text}` is not valid TOML: {}",
                        e.message().trim()
                    ),
                    Some(hint),
                ));
                continue;
            }
        };
        if let Err((msg, r, hint)) = set_path(root, &p.segments, node, origin) {
            diags.push(err(origin, Some(r), msg, Some(hint)));
        }
    }
}

type PathError = (String, Range<usize>, String);
/// A path segment of an override and its byte range.
type Segment = (String, Range<usize>);

fn unknown_key(seg: &str, r: &Range<usize>, where_: &str, valid: &[&str]) -> PathError {
    let msg = match crate::util::closest(seg, valid.iter().copied()) {
        Some(c) => format!("unknown key `{seg}` in {where_}; did you mean `{c}`?"),
        None => format!("unknown key `{seg}` in {where_}"),
    };
    (
        msg,
        r.clone(),
        format!("valid keys there: {}", valid.join(", ")),
    )
}

/// Where a key path lands: the table its first segments name, the segments left to
/// walk inside it, the keys that table accepts (when known) and its name for messages.
struct Landing<'a> {
    table: &'a mut Table,
    rest: &'a [Segment],
    schema: Option<&'static [&'static str]>,
    where_: String,
}

/// Resolve the top of a key path: `table.key…` or `actor.<id>.key…`. With `create`
/// (`--set`), a missing top-level table is added; without (`--unset`), it is an error.
fn land<'a>(
    root: &'a mut Table,
    segs: &'a [Segment],
    origin: Origin,
    verb: &str,
    create: bool,
) -> Result<Landing<'a>, PathError> {
    let (top, top_r) = &segs[0];
    let Some(top_keys) = keys::table_keys(top) else {
        return Err(unknown_key(
            top,
            top_r,
            "the scenario (top level)",
            keys::TOP,
        ));
    };
    if top == "actor" || top == "issue" {
        return land_in_array(root, segs, verb, top_keys);
    }
    if segs.len() == 1 {
        if verb == "unset" && !keys::REQUIRED.contains(&top.as_str()) {
            // Removing a whole optional table ([reputation], [conflict]) is allowed.
            return Ok(Landing {
                table: root,
                rest: segs,
                schema: Some(keys::TOP),
                where_: "the scenario (top level)".into(),
            });
        }
        return Err((
            format!("`{top}` is a table; {verb} one of its keys"),
            top_r.clone(),
            format!(
                "e.g. `--{verb} {top}.{}`; its keys: {}",
                top_keys[0],
                top_keys.join(", ")
            ),
        ));
    }
    let pos = match root.entries.iter().position(|e| e.key == *top) {
        Some(p) => p,
        None if create => {
            root.entries.push(Entry {
                key: top.clone(),
                key_span: Span {
                    origin,
                    range: top_r.clone(),
                },
                node: Node {
                    span: Span {
                        origin,
                        range: top_r.clone(),
                    },
                    value: Value::Table(Table::default()),
                },
            });
            root.entries.len() - 1
        }
        None => {
            return Err((
                format!("nothing to unset: the scenario has no [{top}]"),
                top_r.clone(),
                "--unset removes a key the file (or an earlier --set) gives".into(),
            ));
        }
    };
    let Value::Table(t) = &mut root.entries[pos].node.value else {
        return Err((
            format!("`{top}` in the file is not a table, so `--{verb}` cannot reach inside it"),
            top_r.clone(),
            format!("fix the file: `{top}` must be a [{top}] table"),
        ));
    };
    Ok(Landing {
        table: t,
        rest: &segs[1..],
        schema: Some(top_keys),
        where_: format!("[{top}]"),
    })
}

/// `actor.<id>.…` and `issue.<id>.…`: the table of that id.
fn land_in_array<'a>(
    root: &'a mut Table,
    segs: &'a [Segment],
    verb: &str,
    top_keys: &'static [&'static str],
) -> Result<Landing<'a>, PathError> {
    let (top, top_r) = &segs[0];
    let Some((id, id_r)) = segs.get(1) else {
        return Err((
            format!("`{top}` needs an id: `{top}.<id>.<key>`"),
            top_r.clone(),
            format!(
                "e.g. `--{verb} {top}.{}`",
                match (top.as_str(), verb) {
                    ("actor", "set") => "russia.discount=…",
                    ("actor", _) => "europe.principal",
                    (_, "set") => "missiles.range=…",
                    _ => "missiles.status_quo",
                }
            ),
        ));
    };
    let ids: Vec<String> = match root.get(top).map(|n| &n.value) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|n| match &n.value {
                Value::Table(t) => match t.get("id").map(|n| &n.value) {
                    Some(Value::Str(s)) => Some(s.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect(),
        _ => vec![],
    };
    if !ids.contains(id) {
        let msg = match crate::util::closest(id, ids.iter().map(|s| s.as_str())) {
            Some(c) => format!("no {top} `{id}` in the scenario; did you mean `{c}`?"),
            None => format!("no {top} `{id}` in the scenario"),
        };
        let hint = if ids.is_empty() {
            format!("the scenario has no [[{top}]]; --{verb} can only change an existing one")
        } else {
            format!("the {top}s are: {}", ids.join(", "))
        };
        return Err((msg, id_r.clone(), hint));
    }
    if segs.len() == 2 {
        return Err((
            format!("`{top}.{id}` is a whole {top}; {verb} one of its keys"),
            segs[0].1.start..id_r.end,
            format!(
                "e.g. `--{verb} {top}.{id}.{}`; its keys: {}",
                if verb == "set" {
                    "discount=…"
                } else {
                    "principal"
                },
                top_keys.join(", ")
            ),
        ));
    }
    // The table of that id (ids may repeat in a broken file; take the first).
    let lost = || {
        (
            "internal: lost the table".to_string(),
            id_r.clone(),
            String::new(),
        )
    };
    let Some(Value::Array(items)) = root.get_mut(top).map(|n| &mut n.value) else {
        return Err(lost());
    };
    let found = items.iter_mut().find_map(|n| match &mut n.value {
        Value::Table(t)
            if matches!(t.get("id").map(|n| &n.value), Some(Value::Str(s)) if s == id) =>
        {
            Some(t)
        }
        _ => None,
    });
    let Some(table) = found else {
        return Err(lost());
    };
    Ok(Landing {
        table,
        rest: &segs[2..],
        schema: Some(top_keys),
        where_: format!("[[{top}]] `{id}`"),
    })
}

fn set_path(
    root: &mut Table,
    segs: &[(String, Range<usize>)],
    node: Node,
    origin: Origin,
) -> Result<(), PathError> {
    let path_span = |upto: usize| Span {
        origin,
        range: segs[0].1.start..segs[upto].1.end,
    };
    let Landing {
        mut table,
        rest,
        mut schema,
        mut where_,
    } = land(root, segs, origin, "set", true)?;
    let consumed = segs.len() - rest.len();
    for (i, (seg, r)) in rest.iter().enumerate() {
        if let Some(valid) = schema {
            if !valid.contains(&seg.as_str()) {
                return Err(unknown_key(seg, r, &where_, valid));
            }
        }
        let last = i + 1 == rest.len();
        let next_schema = if schema.is_some() && seg == "payoffs" {
            Some(keys::PAYOFFS)
        } else {
            None
        };
        let pos = table.entries.iter().position(|e| e.key == *seg);
        if last {
            match pos {
                Some(p) => table.entries[p].node = node,
                None => table.entries.push(Entry {
                    key: seg.clone(),
                    key_span: Span {
                        origin,
                        range: r.clone(),
                    },
                    node,
                }),
            }
            return Ok(());
        }
        let p = match pos {
            Some(p) => p,
            None => {
                table.entries.push(Entry {
                    key: seg.clone(),
                    key_span: Span {
                        origin,
                        range: r.clone(),
                    },
                    node: Node {
                        span: path_span(consumed + i),
                        value: Value::Table(Table::default()),
                    },
                });
                table.entries.len() - 1
            }
        };
        let found = table.entries[p].node.value.type_name();
        match &mut table.entries[p].node.value {
            Value::Table(t) => table = t,
            _ => {
                let upto = joined(&segs[..=consumed + i]);
                return Err((
                    format!(
                        "`{upto}` is {found}, not a table, so it has no `{}`",
                        rest[i + 1].0
                    ),
                    segs[0].1.start..r.end,
                    format!(
                        "set the whole value instead, e.g. --set '{upto}={{ dist = \"uniform\", low = 0.9, high = 0.99 }}'"
                    ),
                ));
            }
        }
        schema = next_schema;
        where_ = format!("`{seg}`");
    }
    Ok(())
}

/// A key path with the ids of actors and issues left out: `actor.russia.id` → `actor.id`.
fn kind_path(segs: &[Segment]) -> String {
    match segs[0].0.as_str() {
        "actor" | "issue" if segs.len() > 2 => format!("{}.{}", segs[0].0, joined(&segs[2..])),
        _ => joined(segs),
    }
}

fn joined(segs: &[Segment]) -> String {
    segs.iter()
        .map(|s| s.0.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

/// Remove the key at `segs` (`--unset`): it must be a key the format knows, present
/// in the file or an earlier `--set`, and not one the format requires
/// ([`keys::REQUIRED`]); whether the scenario is still valid without it is the
/// validator's call.
fn unset_path(root: &mut Table, segs: &[Segment], origin: Origin) -> Result<(), PathError> {
    let whole = segs[0].1.start..segs[segs.len() - 1].1.end;
    let Landing {
        mut table,
        rest,
        mut schema,
        mut where_,
    } = land(root, segs, origin, "unset", false)?;
    for (i, (seg, r)) in rest.iter().enumerate() {
        if let Some(valid) = schema {
            if !valid.contains(&seg.as_str()) {
                return Err(unknown_key(seg, r, &where_, valid));
            }
        }
        let Some(pos) = table.entries.iter().position(|e| e.key == *seg) else {
            let present: Vec<&str> = table.entries.iter().map(|e| e.key.as_str()).collect();
            return Err((
                format!(
                    "nothing to unset: `{}` is not in the scenario",
                    joined(&segs[..segs.len() - rest.len() + i + 1])
                ),
                r.clone(),
                if present.is_empty() {
                    format!("{where_} gives no keys")
                } else {
                    format!("{where_} gives: {}", present.join(", "))
                },
            ));
        };
        if i + 1 == rest.len() {
            if keys::REQUIRED.contains(&kind_path(segs).as_str()) {
                return Err((
                    format!(
                        "`{}` cannot be removed: every scenario needs it",
                        joined(segs)
                    ),
                    whole,
                    match seg.as_str() {
                        "id" => "an id names its table; change it with --set instead".into(),
                        _ => format!("change it with --set {}=…", joined(segs)),
                    },
                ));
            }
            table.entries.remove(pos);
            return Ok(());
        }
        let found = table.entries[pos].node.value.type_name();
        let next_schema = if schema.is_some() && seg == "payoffs" {
            Some(keys::PAYOFFS)
        } else {
            None
        };
        match &mut table.entries[pos].node.value {
            Value::Table(t) => table = t,
            _ => {
                let upto = joined(&segs[..segs.len() - rest.len() + i + 1]);
                return Err((
                    format!(
                        "`{upto}` is {found}, not a table, so it has no `{}`",
                        rest[i + 1].0
                    ),
                    segs[0].1.start..r.end,
                    format!("unset the whole value instead: --unset {upto}"),
                ));
            }
        }
        schema = next_schema;
        where_ = format!("`{seg}`");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_splits_path_and_value() {
        let (p, v) = parse_override("actor.russia.discount = 0.9").unwrap();
        assert_eq!(p, ["actor", "russia", "discount"]);
        assert_eq!(v, "0.9");
        assert!(parse_override("actor.russia.discount").is_err());
        assert!(parse_override("actor..discount=1").is_err());
        assert!(parse_override("a=").is_err());
    }
}

/// A number of a scenario file (after overrides) and the key path `--set` reaches
/// it by: `treaty.exit_cost`, `actor.usa.payoffs.gain`, `actor.usa.payoffs.temptation.mean`.
#[derive(Debug, Clone, PartialEq)]
pub struct NumericKey {
    pub path: String,
    pub value: f64,
    /// A key that takes only whole numbers (one of `params::WHOLES`), however the
    /// number is written.
    pub integer: bool,
}

/// Every number of the file's tables (after `overrides`), in file order, as `--set`
/// paths. Left out: `[scenario]` (seed, runs, horizon are how an experiment is run,
/// not what it models) and numbers inside arrays (`--set` cannot reach one element).
/// Empty when the file does not parse; [`super::load`] reports why.
pub fn numeric_keys(bytes: &[u8], overrides: &[String]) -> Vec<NumericKey> {
    let mut diags = Vec::new();
    let (_, tree) = parse_file(bytes, &mut diags);
    let Some(mut root) = tree else {
        return vec![];
    };
    apply_overrides(&mut root, overrides, &mut diags);
    let mut out = Vec::new();
    for e in &root.entries {
        match (&e.node.value, e.key.as_str()) {
            (_, "scenario") => {}
            (Value::Array(items), "actor" | "issue") => {
                for it in items {
                    if let Value::Table(t) = &it.value {
                        if let Some(Node {
                            value: Value::Str(id),
                            ..
                        }) = t.get("id")
                        {
                            walk_numbers(t, &format!("{}.{id}", e.key), &mut out);
                        }
                    }
                }
            }
            (Value::Table(t), top) => walk_numbers(t, top, &mut out),
            _ => {}
        }
    }
    out
}

fn walk_numbers(t: &Table, prefix: &str, out: &mut Vec<NumericKey>) {
    for e in &t.entries {
        let path = format!("{prefix}.{}", e.key);
        match &e.node.value {
            // Whole by what the key takes, not by how the number is written: `gain = 2`
            // is a real number that happens to be written without a point.
            Value::Int(n) => out.push(NumericKey {
                integer: super::params::is_whole_path(&path),
                path,
                value: *n as f64,
            }),
            Value::Float(x, _) => out.push(NumericKey {
                integer: super::params::is_whole_path(&path),
                path,
                value: *x,
            }),
            Value::Table(inner) => walk_numbers(inner, &path, out),
            _ => {}
        }
    }
}
