//! Writing plain data as block-style YAML: for `-o yaml` and for the text of new entries.

use serde_json::Value;

use super::{Document, Kind, Node};
use crate::route::Route;

/// Where data being written came from: a node of a file holding the same data, or data close
/// to it (an entry given another placement). Each scalar the source holds with the same value
/// (by our reading) is written as the source wrote it when it is plain, so that it keeps its
/// meaning to every reader: `0400` stays `0400` (256 to YAML 1.1 readers such as kubectl, 400 to
/// YAML 1.2 ones), `yes` stays `yes`; written anew it would be `400` or `"yes"` to both.
#[derive(Clone, Copy)]
pub struct Source<'a> {
    doc: &'a Document,
    /// The source node; none for a mapping assembled from parts of the file, whose keys come
    /// from the nodes `parts` names (a marketplace instance: `args` from `defaultArgs`). A
    /// part's key may be a dotted path (`resources.defaultArgs`): `depth` is how much of it
    /// the mappings above have taken.
    node: Option<&'a Node>,
    parts: &'a [(String, Route)],
    depth: usize,
}

impl<'a> Source<'a> {
    pub fn new(doc: &'a Document, node: &'a Node) -> Self {
        Self {
            doc,
            node: Some(doc.resolve(node)),
            parts: &[],
            depth: 0,
        }
    }

    /// A mapping whose key `k` comes from the node at `r`, for each `(k, r)` of `parts` (`k`
    /// may be a dotted path to a key of an inner mapping).
    pub fn parts(doc: &'a Document, parts: &'a [(String, Route)]) -> Self {
        Self {
            doc,
            node: None,
            parts,
            depth: 0,
        }
    }

    /// The key node (none for a part) and the value node of `key` in the source mapping.
    fn entry(self, key: &str) -> Option<(Option<&'a Node>, Source<'a>)> {
        match self.node {
            Some(node) => self
                .doc
                .entries(node)
                .into_iter()
                .find(|(k, ..)| *k == key)
                .map(|(_, k, v)| (Some(k), Source::new(self.doc, v))),
            None => {
                let rest = |k: &'a String| k.get(self.depth..).unwrap_or_default();
                if let Some((_, r)) = self.parts.iter().find(|(k, _)| rest(k) == key) {
                    return Some((None, Source::new(self.doc, self.doc.node_at(r)?)));
                }
                let inner = |k: &'a String| {
                    rest(k)
                        .strip_prefix(key)
                        .is_some_and(|r| r.starts_with('.'))
                };
                self.parts.iter().any(|(k, _)| inner(k)).then_some((
                    None,
                    Source {
                        depth: self.depth + key.len() + 1,
                        ..self
                    },
                ))
            }
        }
    }

    fn item(self, i: usize) -> Option<Source<'a>> {
        let item = *self.doc.items(self.node?).get(i)?;
        Some(Source::new(self.doc, item))
    }

    /// The source's plain text for `value`, when it is a plain scalar of that value (by our
    /// reading) that can stand where it goes (`flow`: inside `[...]` or `{...}`).
    fn plain(self, value: &Value, flow: bool) -> Option<&'a str> {
        plain_text(self.node?, value, flow)
    }
}

fn plain_text<'a>(node: &'a Node, value: &Value, flow: bool) -> Option<&'a str> {
    let Kind::Scalar {
        value: text,
        style: granit_parser::ScalarStyle::Plain,
        tag: None,
    } = &node.kind
    else {
        return None;
    };
    let fits = !text.is_empty()
        && !text.contains(['\n', '\r'])
        && !text.ends_with(':')
        && (!flow || !text.contains([',', '[', ']', '{', '}']));
    (fits && super::value::scalar_plain(text) == *value).then_some(text.as_str())
}

/// [`to_lines_with_gap`] keeping the plain scalars of `source` (see [`Source`]).
pub fn to_lines_from(
    value: &Value,
    source: Option<Source<'_>>,
    indent: usize,
    seq_indent: usize,
    gap: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    Emitter {
        indent,
        seq_indent,
        gap: gap.max(2),
    }
    .value(value, source, 0, &mut out);
    out
}

/// `{a: b}` / `[a, b]` / scalar, on one line, keeping the plain scalars of `source`.
pub fn flow_text(v: &Value, source: Option<Source<'_>>) -> String {
    match v {
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| {
                    let (key, inner) = key_text(k, source, true);
                    format!("{key}: {}", flow_text(v, inner))
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter()
                .enumerate()
                .map(|(i, v)| flow_text(v, source.and_then(|s| s.item(i))))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => leaf(other, source, true),
    }
}

/// A key as the source wrote it when plain, else as new text; and the source of its value.
fn key_text<'a>(k: &str, source: Option<Source<'a>>, flow: bool) -> (String, Option<Source<'a>>) {
    let found = source.and_then(|s| s.entry(k));
    let text = found
        .and_then(|(knode, _)| plain_text(knode?, &Value::String(k.to_string()), flow))
        .map_or_else(|| scalar(&Value::String(k.to_string())), str::to_string);
    (text, found.map(|(_, v)| v))
}

/// A scalar as the source wrote it when plain, else as new text.
fn leaf(v: &Value, source: Option<Source<'_>>, flow: bool) -> String {
    source
        .and_then(|s| s.plain(v, flow))
        .map_or_else(|| scalar(v), str::to_string)
}

/// Renders `value` as block YAML lines. `indent` is the indentation unit; `indent_seqs` says
/// whether a sequence under a key is indented (`key:\n  - a`) or not (`key:\n- a`).
pub fn to_lines(value: &Value, indent: usize, indent_seqs: bool) -> Vec<String> {
    to_lines_with_gap(value, indent, if indent_seqs { indent } else { 0 }, 2)
}

/// [`to_lines`] with `seq_indent` columns from a key to the dashes of its list (0 when lists
/// are not indented; may differ from `indent`, as in `key:\n  - a` in a 4-space file) and `gap`
/// columns from each `-` to its item (`- a`: 2, `-   a`: 4).
pub fn to_lines_with_gap(
    value: &Value,
    indent: usize,
    seq_indent: usize,
    gap: usize,
) -> Vec<String> {
    to_lines_from(value, None, indent, seq_indent, gap)
}

/// A whole document, newline-terminated.
pub fn to_string(value: &Value) -> String {
    to_string_from(value, None)
}

/// [`to_string`] keeping the plain scalars of `source` (see [`Source`]).
pub fn to_string_from(value: &Value, source: Option<Source<'_>>) -> String {
    let mut s = to_lines_from(value, source, 2, 2, 2).join("\n");
    s.push('\n');
    s
}

struct Emitter {
    indent: usize,
    seq_indent: usize,
    gap: usize,
}

impl Emitter {
    fn value(&self, value: &Value, source: Option<Source<'_>>, at: usize, out: &mut Vec<String>) {
        let pad = " ".repeat(at);
        match value {
            Value::Object(map) if !map.is_empty() => {
                for (k, v) in map {
                    let (key, inner) = key_text(k, source, false);
                    self.entry(&format!("{pad}{key}:"), v, inner, at, out);
                }
            }
            Value::Array(items) if !items.is_empty() => {
                for (i, item) in items.iter().enumerate() {
                    self.item(&pad, item, source.and_then(|s| s.item(i)), at, out);
                }
            }
            other => out.push(format!("{pad}{}", leaf(other, source, false))),
        }
    }

    /// `head` is `key:`; the value goes after it or on the following lines.
    fn entry(
        &self,
        head: &str,
        v: &Value,
        source: Option<Source<'_>>,
        at: usize,
        out: &mut Vec<String>,
    ) {
        match v {
            Value::Object(m) if !m.is_empty() => {
                out.push(head.to_string());
                self.value(v, source, at + self.indent, out);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push(head.to_string());
                self.value(v, source, at + self.seq_indent, out);
            }
            Value::String(text) if block_safe(text) => {
                let chomp = if text.ends_with('\n') { "|" } else { "|-" };
                out.push(format!("{head} {chomp}"));
                let pad = " ".repeat(at + self.indent);
                for line in text.trim_end_matches('\n').split('\n') {
                    out.push(if line.is_empty() {
                        String::new()
                    } else {
                        format!("{pad}{line}")
                    });
                }
            }
            other => out.push(format!("{head} {}", leaf(other, source, false))),
        }
    }

    /// One `- item`; a mapping item starts on the dash line.
    fn item(
        &self,
        pad: &str,
        item: &Value,
        source: Option<Source<'_>>,
        at: usize,
        out: &mut Vec<String>,
    ) {
        let inner = at + self.gap;
        let dash = format!("{pad}-{}", " ".repeat(self.gap - 1));
        match item {
            Value::Object(m) if !m.is_empty() => {
                let mut lines = Vec::new();
                self.value(item, source, inner, &mut lines);
                let first = lines.remove(0);
                out.push(format!("{dash}{}", &first[inner..]));
                out.extend(lines);
            }
            Value::Array(a) if !a.is_empty() => {
                out.push(format!("{pad}-"));
                self.value(item, source, inner, out);
            }
            other => out.push(format!("{dash}{}", leaf(other, source, false))),
        }
    }
}

/// A scalar in flow position: plain when it reads back as the same string, else double-quoted.
pub fn scalar(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => number(n),
        Value::String(s) if is_plain_safe(s) => s.clone(),
        Value::String(s) => Value::String(s.clone()).to_string(),
        Value::Array(_) => "[]".into(),
        Value::Object(_) => "{}".into(),
    }
}

/// A number as both YAML 1.1 and 1.2 read it: an integer as it is; a float with a dot and a
/// signed exponent (`1e300` is a string to YAML 1.1 readers, `1.0e+300` a float to all).
fn number(n: &serde_json::Number) -> String {
    let text = n.to_string();
    if n.is_i64() || n.is_u64() {
        return text;
    }
    let (mantissa, exp) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m.to_string(), Some(e)),
        None => (text.clone(), None),
    };
    let mantissa = if mantissa.contains('.') {
        mantissa
    } else {
        format!("{mantissa}.0")
    };
    match exp {
        Some(e) if e.starts_with(['-', '+']) => format!("{mantissa}e{e}"),
        Some(e) => format!("{mantissa}e+{e}"),
        None => mantissa,
    }
}

/// Whether `s` can be written unquoted and read back as this same string, by YAML 1.2 and YAML
/// 1.1 readers alike.
pub fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let reads_as_other = matches!(
        super::value::scalar_plain(s),
        Value::Null | Value::Bool(_) | Value::Number(_)
    ) || s.parse::<f64>().is_ok();
    !reads_as_other
        && (first.is_ascii_alphanumeric()
            || matches!(first, '/' | '.' | '_')
            || (first == '-'
                && !s.starts_with("- ")
                && !s.starts_with("--- ")
                && s != "-"
                && s != "---"))
        && !s.ends_with([' ', ':'])
        && !s.contains(": ")
        && !s.contains(" #")
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || " _./:@+=-()".contains(c)
                || (!c.is_ascii() && !c.is_control())
        })
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "yes" | "no" | "on" | "off" | "y" | "n"
        )
        && !reads_as_yaml11_number(s)
        && super::value::yaml11_plain(s) == Value::String(s.to_string())
}

/// Whether a multi-line string reads back the same from a literal block (`|` or `|-`).
fn block_safe(s: &str) -> bool {
    s.contains('\n')
        && !s.ends_with("\n\n")
        && !s.starts_with([' ', '\n'])
        && s.lines().all(|l| !l.ends_with([' ', '\t']))
        && !s.chars().any(|c| c.is_control() && c != '\n')
}

/// Plain text that YAML 1.1 readers (PyYAML, older tools) take for a number, a date or a special
/// float: `1_000`, `0x1F`, `1:30`, `2001-12-14`, `.inf`, `-.NaN`.
fn reads_as_yaml11_number(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    if matches!(body.to_ascii_lowercase().as_str(), ".inf" | ".nan") {
        return true;
    }
    let starts_numeric = body.starts_with(|c: char| c.is_ascii_digit())
        || (body.starts_with('.') && body[1..].starts_with(|c: char| c.is_ascii_digit()));
    starts_numeric
        && body
            .chars()
            .all(|c| c.is_ascii_hexdigit() || "_.:-+xXoObB".contains(c))
}
