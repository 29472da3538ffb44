//! Format-preserving edits of JSON text.
//!
//! A Console project file is kept by a program (`miactl`, Go's encoder; `json.dumps`) or by hand,
//! and must look afterwards as if that writer had written the new data. So, as for YAML, an edit
//! is one splice of the original text, and new text is written in the style the file shows: its
//! indent unit, line break, separators, escapes and key order. Each operation costs the size of
//! the node it touches plus the depth of that node, never the size of the file.

use serde_json::Value;

use super::{EditError, Splice};
use crate::yaml::{Document, Kind, Node};

/// How a JSON file is written, as far as new text needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonStyle {
    /// One level of indentation (`"  "`, `"    "`, `"\t"`, even `""`); `None` for one-line JSON.
    pub indent: Option<String>,
    pub newline: &'static str,
    /// Between a key and its value: `": "` or `":"`.
    pub key_sep: String,
    /// Between members or items on one line: `", "` or `","`.
    pub item_sep: String,
    /// Non-ASCII written as `\u00e8` (Python's `ensure_ascii`).
    pub ascii_only: bool,
    /// `<`, `>`, `&` written as `\u003c` … (Go's encoder).
    pub escape_html: bool,
    pub upper_hex: bool,
    /// Every object's keys are sorted (Go's encoder, `sort_keys=True`): new objects are too.
    pub sort_keys: bool,
}

impl Default for JsonStyle {
    fn default() -> Self {
        Self {
            indent: Some("  ".into()),
            newline: "\n",
            key_sep: ": ".into(),
            item_sep: ", ".into(),
            ascii_only: false,
            escape_html: false,
            upper_hex: false,
            sort_keys: false,
        }
    }
}

impl JsonStyle {
    /// Reads the style off a file (one pass over the text and the tree). What the file gives no
    /// evidence of takes the default: two spaces, `\n`, `": "`, no escapes beyond JSON's own.
    pub fn of(doc: &Document) -> Self {
        let text = doc.text.as_str();
        let mut style = Self::default();
        let mut found = Found::default();
        survey(text, &doc.root, &mut found);
        style.indent = match found.pretty {
            Some(unit) => Some(unit.unwrap_or_else(|| "  ".into())),
            None if found.non_empty => None,
            None => style.indent,
        };
        if let Some(sep) = found.key_sep {
            style.key_sep = sep;
        }
        style.item_sep = found.item_sep.unwrap_or_else(|| {
            if style.key_sep.ends_with(' ') {
                ", "
            } else {
                ","
            }
            .into()
        });
        if let Some(i) = text.find('\n') {
            style.newline = if text[..i].ends_with('\r') {
                "\r\n"
            } else {
                "\n"
            };
        }
        style.sort_keys = found.sorted == Some(true);
        let e = scan_escapes(text);
        style.ascii_only = e.escaped_non_ascii && !e.raw_non_ascii;
        style.escape_html = e.escaped_html && !e.raw_html;
        style.upper_hex = e.upper_hex == Some(true);
        style
    }

    /// `v` as it is written where a line indented with `indent` holds its first character:
    /// pretty (Python's `json.dumps(indent=…)`, Go's `MarshalIndent`) or on one line.
    pub fn text(&self, v: &Value, indent: &str, pretty: bool) -> String {
        let mut out = String::new();
        self.write(v, indent, pretty && self.indent.is_some(), &mut out);
        out
    }

    fn unit(&self) -> &str {
        self.indent.as_deref().unwrap_or("  ")
    }

    fn write(&self, v: &Value, indent: &str, pretty: bool, out: &mut String) {
        let (open, close, items): (char, char, Vec<(Option<&String>, &Value)>) = match v {
            Value::Array(a) => ('[', ']', a.iter().map(|x| (None, x)).collect()),
            Value::Object(m) => {
                let mut members: Vec<_> = m.iter().map(|(k, x)| (Some(k), x)).collect();
                if self.sort_keys {
                    members.sort_by(|a, b| a.0.cmp(&b.0));
                }
                ('{', '}', members)
            }
            Value::String(s) => return self.write_str(s, out),
            scalar => return out.push_str(&scalar.to_string()),
        };
        out.push(open);
        let inner = format!("{indent}{}", self.unit());
        for (i, (key, x)) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(if pretty { "," } else { &self.item_sep });
            }
            if pretty {
                out.push_str(self.newline);
                out.push_str(&inner);
            }
            if let Some(k) = key {
                self.write_str(k, out);
                out.push_str(&self.key_sep);
            }
            self.write(x, &inner, pretty, out);
        }
        if pretty && !items.is_empty() {
            out.push_str(self.newline);
            out.push_str(indent);
        }
        out.push(close);
    }

    /// A string literal, escaped as Python (`ensure_ascii`) or Go would.
    pub fn write_str(&self, s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                '\u{8}' => out.push_str("\\b"),
                '\u{c}' => out.push_str("\\f"),
                '\0'..='\u{1f}' => self.push_u(c as u16, out),
                '<' | '>' | '&' if self.escape_html => self.push_u(c as u16, out),
                '\u{2028}' | '\u{2029}' if self.escape_html => self.push_u(c as u16, out),
                '\u{7f}'.. if self.ascii_only => {
                    for unit in c.encode_utf16(&mut [0; 2]) {
                        self.push_u(*unit, out);
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
    }

    fn push_u(&self, unit: u16, out: &mut String) {
        out.push_str(&if self.upper_hex {
            format!("\\u{unit:04X}")
        } else {
            format!("\\u{unit:04x}")
        });
    }
}

/// What the tree shows of the file's layout.
#[derive(Default)]
struct Found {
    /// `Some` once a collection has its first child on a later line; inside, the indent unit if
    /// its lines allowed working it out.
    pretty: Option<Option<String>>,
    non_empty: bool,
    key_sep: Option<String>,
    item_sep: Option<String>,
    /// `Some(true)` while every object with two or more keys seen has them sorted.
    sorted: Option<bool>,
    /// How many objects with two or more keys were seen.
    compared: usize,
}

/// Enough objects to judge a file's key order by: a file of thousands of services is not
/// walked to its end (a file that sorts ten thousand objects' keys sorts them all).
const ENOUGH_OBJECTS: usize = 10_000;

impl Found {
    fn settled(&self) -> bool {
        self.pretty.is_some()
            && self.key_sep.is_some()
            && (self.sorted == Some(false) || self.compared >= ENOUGH_OBJECTS)
    }
}

fn survey(text: &str, node: &Node, found: &mut Found) {
    if found.settled() {
        return;
    }
    let children: Vec<(Option<&Node>, &Node)> = match &node.kind {
        Kind::Map { entries, .. } => {
            if let Some((k, v)) = entries.first()
                && found.key_sep.is_none()
            {
                found.key_sep = one_line(&text[k.end..v.start]);
            }
            if entries.len() > 1 {
                let sorted = entries
                    .windows(2)
                    .all(|w| w[0].0.as_str() < w[1].0.as_str());
                found.sorted = Some(found.sorted.unwrap_or(true) && sorted);
                found.compared += 1;
            }
            entries.iter().map(|(k, v)| (Some(k), v)).collect()
        }
        Kind::Seq { items, .. } => items.iter().map(|i| (None, i)).collect(),
        _ => return,
    };
    let Some(&(k, v)) = children.first() else {
        return;
    };
    found.non_empty = true;
    let first = k.unwrap_or(v);
    if found.pretty.is_none() && is_pretty(text, node) {
        let child = own_line_indent(text, first.start);
        let close = own_line_indent(text, node.end - 1);
        let unit = child
            .zip(close)
            .and_then(|(c, o)| c.strip_prefix(o))
            .filter(|u| u.bytes().all(|b| b == b' ') || *u == "\t");
        found.pretty = Some(unit.map(str::to_string));
    }
    if found.item_sep.is_none()
        && let Some(&(k2, v2)) = children.get(1)
    {
        found.item_sep = one_line(&text[v.end..k2.unwrap_or(v2).start]);
    }
    for (_, v) in children {
        survey(text, v, found);
    }
}

fn one_line(sep: &str) -> Option<String> {
    (!sep.contains('\n')).then(|| sep.to_string())
}

#[derive(Default)]
struct Escapes {
    raw_non_ascii: bool,
    escaped_non_ascii: bool,
    raw_html: bool,
    escaped_html: bool,
    upper_hex: Option<bool>,
}

/// One pass over the bytes. Backslashes, `<`, `>`, `&` and non-ASCII stand only inside strings
/// in JSON, so no string tracking is needed.
fn scan_escapes(text: &str) -> Escapes {
    // A describe file is tens of megabytes: look only where a backslash stands, and ask the
    // other questions of the whole text at once (both searches are vectorised).
    let b = text.as_bytes();
    let mut e = Escapes {
        raw_non_ascii: !text.trim_start_matches('\u{feff}').is_ascii(),
        raw_html: memchr::memchr3(b'<', b'>', b'&', b).is_some(),
        ..Escapes::default()
    };
    let mut next = 0;
    for i in memchr::memchr_iter(b'\\', b) {
        if i < next {
            continue; // the escaped character of the backslash before
        }
        if b.get(i + 1) == Some(&b'u') {
            let hex = text.get(i + 2..i + 6).unwrap_or("");
            let code = u32::from_str_radix(hex, 16).unwrap_or(0);
            e.escaped_non_ascii |= code >= 0x80;
            e.escaped_html |= matches!(code, 0x3c | 0x3e | 0x26);
            if e.upper_hex.is_none() && hex.bytes().any(|h| h.is_ascii_alphabetic()) {
                e.upper_hex = Some(hex.bytes().any(|h| h.is_ascii_uppercase()));
            }
            next = i + 6;
        } else {
            next = i + 2;
        }
    }
    e
}

/// Whether a non-empty collection has its first child on a later line than its bracket.
fn is_pretty(text: &str, collection: &Node) -> bool {
    let first = match &collection.kind {
        Kind::Map { entries, .. } => entries.first().map(|(k, _)| k),
        Kind::Seq { items, .. } => items.first(),
        _ => None,
    };
    first.is_some_and(|f| text[collection.start + 1..f.start].contains('\n'))
}

/// The white space before `pos` when only white space precedes it on its line.
fn own_line_indent(text: &str, pos: usize) -> Option<&str> {
    let from = text[..pos].trim_end_matches([' ', '\t']).len();
    (from == 0 || text[..from].ends_with('\n')).then(|| &text[from..pos])
}

/// Edits of one JSON document, read by [`crate::yaml::parse_json`]. Each operation returns one
/// splice of the original text; splices of distinct nodes can be applied together.
pub struct JsonEditor<'d> {
    doc: &'d Document,
    pub style: JsonStyle,
}

/// A node with the collections that hold it, outermost first.
struct Located<'d> {
    ancestors: Vec<&'d Node>,
    /// The key the node is the value of, if its parent is an object.
    key: Option<&'d Node>,
}

impl<'d> JsonEditor<'d> {
    pub fn new(doc: &'d Document) -> Self {
        Self {
            doc,
            style: JsonStyle::of(doc),
        }
    }

    fn text(&self) -> &'d str {
        &self.doc.text
    }

    /// Replaces a value (scalar or whole subtree) with `v`.
    pub fn set_value(&self, node: &Node, v: &Value) -> Result<Splice, EditError> {
        let at = self.locate(node)?;
        let pretty = match &node.kind {
            // A collection written on one line stays on one line.
            Kind::Map { entries, .. } if !entries.is_empty() => is_pretty(self.text(), node),
            Kind::Seq { items, .. } if !items.is_empty() => is_pretty(self.text(), node),
            _ => self.pretty_in(&at),
        };
        let indent = self.line_indent(&at, node);
        Ok(Splice::new(
            node.start,
            node.end,
            self.style.text(v, &indent, pretty),
        ))
    }

    /// Adds member `key` to `object`, before member `at` (at the end for `None`).
    pub fn insert_member(
        &self,
        object: &Node,
        at: Option<usize>,
        key: &str,
        v: &Value,
    ) -> Result<Splice, EditError> {
        let Kind::Map { entries, .. } = &object.kind else {
            return Err(EditError::Json(format!(
                "not an object: {}",
                object.kind_name()
            )));
        };
        if entries.iter().any(|(k, _)| k.as_str() == Some(key)) {
            return Err(EditError::Json(format!(
                "the object already has a key `{key}`"
            )));
        }
        let mut member = String::new();
        self.style.write_str(key, &mut member);
        member.push_str(&self.style.key_sep);
        let heads: Vec<&Node> = entries.iter().map(|(k, _)| k).collect();
        let ends: Vec<usize> = entries.iter().map(|(_, v)| v.end).collect();
        self.insert(object, &heads, &ends, at, member, v)
    }

    /// Writes `members` into the empty object `object`, in key order when the file sorts its
    /// keys.
    pub fn fill_empty(
        &self,
        object: &Node,
        mut members: Vec<(String, Value)>,
    ) -> Result<Splice, EditError> {
        if self.style.sort_keys {
            members.sort_by(|a, b| a.0.cmp(&b.0));
        }
        self.set_value(object, &Value::Object(members.into_iter().collect()))
    }

    /// Removes member `index` of `object` with its separator.
    pub fn remove_member(&self, object: &Node, index: usize) -> Result<Splice, EditError> {
        let Kind::Map { entries, .. } = &object.kind else {
            return Err(EditError::Json(format!(
                "not an object: {}",
                object.kind_name()
            )));
        };
        let spans: Vec<(usize, usize)> = entries.iter().map(|(k, v)| (k.start, v.end)).collect();
        self.remove(object, &spans, index, "{}")
    }

    /// Adds `v` to `array` before item `at` (at the end for `None`).
    pub fn insert_item(
        &self,
        array: &Node,
        at: Option<usize>,
        v: &Value,
    ) -> Result<Splice, EditError> {
        let Kind::Seq { items, .. } = &array.kind else {
            return Err(EditError::Json(format!(
                "not an array: {}",
                array.kind_name()
            )));
        };
        let heads: Vec<&Node> = items.iter().collect();
        let ends: Vec<usize> = items.iter().map(|i| i.end).collect();
        self.insert(array, &heads, &ends, at, String::new(), v)
    }

    /// Removes item `index` of `array` with its separator.
    pub fn remove_item(&self, array: &Node, index: usize) -> Result<Splice, EditError> {
        let Kind::Seq { items, .. } = &array.kind else {
            return Err(EditError::Json(format!(
                "not an array: {}",
                array.kind_name()
            )));
        };
        let spans: Vec<(usize, usize)> = items.iter().map(|i| (i.start, i.end)).collect();
        self.remove(array, &spans, index, "[]")
    }

    /// Where a new `key` goes in `object`: in order when its keys are sorted (or, with fewer than
    /// two keys, when the file's are), else at the end.
    pub fn member_position(&self, object: &Node, key: &str) -> usize {
        let Kind::Map { entries, .. } = &object.kind else {
            return 0;
        };
        let keys: Vec<&str> = entries.iter().filter_map(|(k, _)| k.as_str()).collect();
        let sorted = if keys.len() < 2 {
            self.style.sort_keys
        } else {
            keys.windows(2).all(|w| w[0] < w[1])
        };
        if sorted {
            keys.partition_point(|k| *k < key)
        } else {
            keys.len()
        }
    }

    /// Inserts `prefix` + `v` as a new child: `heads` are the existing children's first tokens
    /// (keys or items), `ends` where each child's text ends.
    fn insert(
        &self,
        coll: &Node,
        heads: &[&Node],
        ends: &[usize],
        at: Option<usize>,
        prefix: String,
        v: &Value,
    ) -> Result<Splice, EditError> {
        let located = self.locate(coll)?;
        let n = heads.len();
        let at = at.unwrap_or(n);
        if at > n {
            return Err(EditError::Json(format!(
                "no position {at} among {n} entries"
            )));
        }
        let text = self.text();
        let (open, close) = (
            &text[coll.start..coll.start + 1],
            &text[coll.end - 1..coll.end],
        );
        if n == 0 {
            let indent = self.line_indent(&located, coll);
            let child = format!("{indent}{}", self.style.unit());
            let new = if self.pretty_in(&located) {
                let body = self.style.text(v, &child, true);
                let nl = self.style.newline;
                format!("{open}{nl}{child}{prefix}{body}{nl}{indent}{close}")
            } else {
                format!("{open}{prefix}{}{close}", self.style.text(v, "", false))
            };
            return Ok(Splice::new(coll.start, coll.end, new));
        }
        let pretty = is_pretty(text, coll);
        let (sep, indent) = if pretty {
            let indent = match own_line_indent(text, heads[0].start) {
                Some(i) => i.to_string(),
                None => format!("{}{}", self.line_indent(&located, coll), self.style.unit()),
            };
            (format!(",{}{indent}", self.style.newline), indent)
        } else {
            let sep = match heads.get(1) {
                Some(second) => text[ends[0]..second.start].to_string(),
                None => self.style.item_sep.clone(),
            };
            (sep, String::new())
        };
        let child = format!("{prefix}{}", self.style.text(v, &indent, pretty));
        Ok(if at == n {
            Splice::new(ends[n - 1], ends[n - 1], format!("{sep}{child}"))
        } else {
            let pos = heads[at].start;
            Splice::new(pos, pos, format!("{child}{sep}"))
        })
    }

    /// Removes child `index` (whose text is `spans[index]`) with one separator: the one after
    /// it, or before it for the last; the only child leaves `empty`.
    fn remove(
        &self,
        coll: &Node,
        spans: &[(usize, usize)],
        index: usize,
        empty: &str,
    ) -> Result<Splice, EditError> {
        self.locate(coll)?;
        let n = spans.len();
        if index >= n {
            return Err(EditError::Json(format!("no entry {index} among {n}")));
        }
        Ok(if n == 1 {
            Splice::new(coll.start, coll.end, empty.to_string())
        } else if index + 1 < n {
            Splice::new(spans[index].0, spans[index + 1].0, String::new())
        } else {
            Splice::new(spans[index - 1].1, spans[index].1, String::new())
        })
    }

    /// Finds `node` in the tree by its byte range, descending by binary search.
    fn locate(&self, node: &Node) -> Result<Located<'d>, EditError> {
        let missing = || EditError::Json("the node is not a value of this document".into());
        let mut cur = &self.doc.root;
        let mut located = Located {
            ancestors: Vec::new(),
            key: None,
        };
        while (cur.start, cur.end) != (node.start, node.end) {
            let (key, next) = match &cur.kind {
                Kind::Map { entries, .. } => {
                    let i = entries.partition_point(|(k, _)| k.start <= node.start);
                    let (k, v) = entries.get(i.wrapping_sub(1)).ok_or_else(missing)?;
                    (Some(k), v)
                }
                Kind::Seq { items, .. } => {
                    let i = items.partition_point(|it| it.start <= node.start);
                    (None, items.get(i.wrapping_sub(1)).ok_or_else(missing)?)
                }
                _ => return Err(missing()),
            };
            if !(next.start <= node.start && node.end <= next.end) {
                return Err(missing());
            }
            located.ancestors.push(cur);
            located.key = key;
            cur = next;
        }
        Ok(located)
    }

    /// Whether new collections at this place are written pretty: the file is, and the parent is
    /// not a collection written on one line.
    fn pretty_in(&self, at: &Located) -> bool {
        self.style.indent.is_some()
            && at
                .ancestors
                .last()
                .is_none_or(|parent| is_pretty(self.text(), parent))
    }

    /// The indentation of the line where `node` (or its key) starts.
    fn line_indent(&self, at: &Located, node: &Node) -> String {
        let head = at.key.unwrap_or(node);
        match own_line_indent(self.text(), head.start) {
            Some(i) => i.to_string(),
            None => self.style.unit().repeat(at.ancestors.len()),
        }
    }
}

#[cfg(test)]
mod tests;
