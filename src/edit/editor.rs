//! The editor: each operation computes its splices from the located tree and records the
//! [`Patch`] it means for the data, which the write check ([`super::check`]) applies to the old
//! data. Operations are addressed by [`Route`]; list operations are in [`super::list`].

use granit_parser::ScalarStyle;
use serde_json::{Map, Value};

use super::entry::Entry;
use super::error::EditError;
use super::extent::{block_header, block_scalar_ending_at, item_extent, line_end, strip_token};
use super::layout::{Layout, column};
use super::patch::Patch;
use super::splice::Splice;
use crate::route::Route;
use crate::yaml::emit;
use crate::yaml::{Document, Kind, Node};

pub(super) fn shape<T>(msg: impl Into<String>) -> Result<T, EditError> {
    Err(EditError::Shape(msg.into()))
}

/// An anchored node that an alias refers to: editing inside its text would change every place
/// that uses it.
#[derive(Debug, Clone)]
pub(super) struct Shared {
    start: usize,
    end: usize,
    pub(super) name: String,
    /// The anchor's definition id (names may be reused; ids are not).
    pub(super) id: usize,
}

impl Shared {
    fn contains(&self, at: usize) -> bool {
        self.start <= at && at < self.end.max(self.start + 1)
    }

    /// Whether the anchored node lies within `node`.
    pub(super) fn within(&self, node: &Node) -> bool {
        self.start >= node.start && self.end <= node.end.max(node.start + 1)
    }
}

/// A key to add to a mapping that lacks it. Values set under one missing key are merged, so
/// that `limits.cpu` and `limits.memory` under a missing `limits` make one new block.
struct Pending<'d> {
    map: &'d Node,
    key: String,
    value: Value,
}

/// What an editor made: the splices, in text order, and the patches they mean.
#[derive(Debug, Clone)]
pub struct Edit {
    pub splices: Vec<Splice>,
    pub patches: Vec<Patch>,
}

pub struct Editor<'d> {
    pub(super) doc: &'d Document,
    /// The file's style, read on first use: a bulk edit of values in place needs none.
    layout: std::cell::OnceCell<Layout>,
    pub(super) splices: Vec<Splice>,
    pub(super) patches: Vec<Patch>,
    /// Anchored nodes that an alias refers to.
    pub(super) shared: Vec<Shared>,
    pending: Vec<Pending<'d>>,
    /// Null values (`resources: null`, `resources: ~`, `resources:`) to replace with a mapping:
    /// the null node and the data set below it, merged as for `pending`.
    nulls: Vec<(&'d Node, Value)>,
    /// Lists this editor created under a missing key: (the mapping's start, the key, the index
    /// of the splice that writes them), so that a second append joins the first.
    pub(super) new_lists: Vec<(usize, String, usize)>,
    /// For a JSON document: its writer, and the members to add when the edit finishes.
    pub(super) json: Option<super::json::JsonEditor<'d>>,
    pub(super) json_pending: Vec<(&'d Node, String, Value)>,
}

impl<'d> Editor<'d> {
    pub fn new(doc: &'d Document) -> Self {
        let mut aliases = Vec::new();
        // JSON has no aliases, and its layout is the JSON writer's: neither needs a walk.
        let json = doc.is_json();
        // An alias needs an anchor: most files have neither, and need no walk.
        for root in doc.roots().filter(|_| doc.has_anchors()) {
            collect_aliases(root, &mut aliases);
        }
        let shared = aliases
            .into_iter()
            .filter_map(|(name, id)| {
                doc.anchor_by_id(id).map(|n| Shared {
                    start: n.start,
                    end: n.end,
                    name,
                    id,
                })
            })
            .collect();
        Self {
            doc,
            layout: std::cell::OnceCell::new(),
            splices: Vec::new(),
            patches: Vec::new(),
            shared,
            pending: Vec::new(),
            nulls: Vec::new(),
            new_lists: Vec::new(),
            json: json.then(|| super::json::JsonEditor::new(doc)),
            json_pending: Vec::new(),
        }
    }

    pub fn layout(&self) -> &Layout {
        self.layout.get_or_init(|| {
            if self.doc.is_json() {
                // JSON's layout is the JSON writer's.
                Layout {
                    indent: 2,
                    indent_seqs: true,
                    gap: 2,
                    crlf: false,
                }
            } else {
                Layout::of(self.doc)
            }
        })
    }

    pub(super) fn text(&self) -> &'d str {
        &self.doc.text
    }

    /// The route as messages name it in this file.
    pub(super) fn name(&self, route: &Route) -> String {
        route.in_file(self.doc.documents()).to_string()
    }

    /// How many changes the editor has recorded: a step that adds none changed nothing.
    pub fn changes(&self) -> usize {
        self.patches.len()
    }

    /// The replacements to make, in text order, and what they mean.
    pub fn finish(mut self) -> Result<Edit, EditError> {
        self.json_finish()?;
        for p in std::mem::take(&mut self.pending) {
            let what = format!("`{}`", p.key);
            self.insert_entry(p.map, &p.key, &p.value, &what)?;
        }
        for (node, value) in std::mem::take(&mut self.nulls) {
            self.fill_null(node, &value)?;
        }
        // At one place, entries appended to a list come before a key this editor adds after
        // it (`volumes:` items, then a new `initContainers:`), or they would join the new list.
        let made: Vec<usize> = self.new_lists.iter().map(|(_, _, i)| *i).collect();
        let mut order: Vec<(bool, Splice)> = std::mem::take(&mut self.splices)
            .into_iter()
            .enumerate()
            .map(|(i, s)| (made.contains(&i), s))
            .collect();
        order.sort_by_key(|(new_key, s)| (s.start, s.end, *new_key));
        self.splices = order.into_iter().map(|(_, s)| s).collect();
        if self.splices.windows(2).any(|w| w[0].end > w[1].start) {
            return Err(EditError::Overlap);
        }
        Ok(Edit {
            splices: self.splices,
            patches: self.patches,
        })
    }

    pub(super) fn refuse_shared(&self, at: usize, what: &str) -> Result<(), EditError> {
        match self.shared.iter().find(|s| s.contains(at)) {
            Some(s) => Err(EditError::SharedAnchor {
                what: what.to_string(),
                name: s.name.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Sets the value at the keys `path` below the mapping at `at` to `value`. A scalar there
    /// keeps its quoting and comment (a plain number stays a plain number; text that would read
    /// as another type is quoted); where the path stops, the missing keys are added in the
    /// file's style. Nothing changes when the current text is `value` or `same` says it means the
    /// same (`0.1` for `100m`). Errors name the field by `path`, as the user knows it.
    pub fn set(
        &mut self,
        at: &Route,
        path: &[&str],
        value: &str,
        same: impl Fn(&str) -> bool,
    ) -> Result<(), EditError> {
        if self.json.is_some() {
            return self.json_set(at, path, value, same);
        }
        let what = format!("`{}`", path.join("."));
        let through_alias = || EditError::ThroughAlias { what: what.clone() };
        let mut cur = self.node(at)?;
        let route = at.keys(path);
        for (i, key) in path.iter().enumerate() {
            if matches!(cur.kind, Kind::Alias { .. }) {
                return Err(through_alias());
            }
            let Kind::Map { entries, .. } = &cur.kind else {
                return shape(format!(
                    "{what}: `{}` is not a mapping",
                    path[..i].join(".")
                ));
            };
            let found = entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v);
            let last = i + 1 == path.len();
            match found {
                Some(v) if last => {
                    if matches!(v.kind, Kind::Alias { .. }) {
                        return Err(through_alias());
                    }
                    if v.as_str().is_some_and(|old| old == value || same(old)) {
                        return Ok(());
                    }
                    let data = self.set_scalar(v, value, &what)?;
                    self.patches.push(Patch::Set { route, value: data });
                    return Ok(());
                }
                Some(v) if !v.is_null() => cur = v,
                _ => {
                    if entries.iter().any(|(k, _)| k.as_str() == Some("<<")) {
                        return Err(EditError::ShadowsMerge { what });
                    }
                    // The rest of the path becomes a value inserted under `key`.
                    let mut nested = Value::String(value.to_string());
                    for k in path[i + 1..].iter().rev() {
                        let mut m = Map::new();
                        m.insert((*k).to_string(), nested);
                        nested = Value::Object(m);
                    }
                    match found {
                        // `resources: null` (or `~`, or nothing): Kubernetes reads it as no
                        // `resources`; the mapping takes the null's place.
                        Some(null) => self.set_in_null(null, nested, &what)?,
                        None => self.add_pending(cur, key, nested),
                    }
                    let data = if emit::is_plain_safe(value) {
                        crate::yaml::scalar_plain(value)
                    } else {
                        Value::String(value.into())
                    };
                    self.patches.push(Patch::Set { route, value: data });
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Records a key to add to `map`, merged with what is already recorded for it.
    fn add_pending(&mut self, map: &'d Node, key: &str, nested: Value) {
        match self
            .pending
            .iter_mut()
            .find(|p| std::ptr::eq(p.map, map) && p.key == key)
        {
            Some(p) => merge(&mut p.value, nested),
            None => self.pending.push(Pending {
                map,
                key: key.to_string(),
                value: nested,
            }),
        }
    }

    /// Records data to write in place of a null value (`nested` is `{key: …}` below it).
    pub(super) fn set_in_null(
        &mut self,
        null: &'d Node,
        nested: Value,
        what: &str,
    ) -> Result<(), EditError> {
        self.refuse_shared(null.start, what)?;
        let Value::Object(inner) = nested else {
            // The null is the value itself: the path ends there (handled by the caller).
            return shape(format!("{what} is null"));
        };
        let nested = Value::Object(inner);
        match self.nulls.iter_mut().find(|(n, _)| std::ptr::eq(*n, null)) {
            Some((_, v)) => merge(v, nested),
            None => self.nulls.push((null, nested)),
        }
        Ok(())
    }

    /// Writes `value` in flow style where a null value stands, on its line: whatever follows
    /// the null (a comment) stays where it is.
    fn fill_null(&mut self, null: &Node, value: &Value) -> Result<(), EditError> {
        if self.json.is_some() {
            let splice = self.json().set_value(null, value)?;
            self.splices.push(splice);
            return Ok(());
        }
        let text = flow_text(value);
        if null.start == null.end {
            // `key:` with no value: the value goes after the colon.
            let at = after_colon(self.text(), null.start);
            self.splices.push(Splice::new(at, at, format!(" {text}")));
        } else {
            self.splices.push(Splice::new(null.start, null.end, text));
        }
        Ok(())
    }

    /// The node at `route` as written. A route ending in an item index is read as a list's item,
    /// with the list named when it is missing or not a list.
    pub(super) fn node(&self, route: &Route) -> Result<&'d Node, EditError> {
        match route.split_last() {
            Some((list, crate::route::Step::Index(i))) => self.item(&list, *i),
            _ => self
                .doc
                .node_at(route)
                .ok_or_else(|| EditError::NotFound(format!("no `{}`", self.name(route)))),
        }
    }

    /// Replaces a scalar, keeping its quoting style. Returns the value as it will read back.
    fn set_scalar(&mut self, node: &Node, value: &str, what: &str) -> Result<Value, EditError> {
        self.refuse_shared(node.start, what)?;
        let Kind::Scalar {
            style, value: old, ..
        } = &node.kind
        else {
            return shape(format!("{what} is not a plain value"));
        };
        let (text, data) = match style {
            ScalarStyle::SingleQuoted => (
                format!("'{}'", value.replace('\'', "''")),
                Value::String(value.into()),
            ),
            ScalarStyle::DoubleQuoted => (
                Value::String(value.into()).to_string(),
                Value::String(value.into()),
            ),
            ScalarStyle::Plain => {
                // A number stays a plain number (`cpu: 0.5`); anything that would change type when
                // left plain is double-quoted.
                let was_number = matches!(crate::yaml::scalar_plain(old), Value::Number(_));
                let is_number = matches!(crate::yaml::scalar_plain(value), Value::Number(_));
                if emit::is_plain_safe(value) || (was_number && is_number) {
                    (value.to_string(), crate::yaml::scalar_plain(value))
                } else {
                    (
                        Value::String(value.into()).to_string(),
                        Value::String(value.into()),
                    )
                }
            }
            _ => {
                return Err(EditError::BlockScalar {
                    what: what.to_string(),
                });
            }
        };
        if node.is_null() && node.start == node.end {
            // `key:` with no value: the value goes after the colon.
            let at = after_colon(self.text(), node.start);
            self.splices.push(Splice::new(at, at, format!(" {text}")));
        } else {
            self.splices.push(Splice::new(node.start, node.end, text));
        }
        Ok(data)
    }

    /// Adds `key: value` at the end of a mapping that lacks the key.
    pub(super) fn insert_entry(
        &mut self,
        map: &Node,
        key: &str,
        value: &Value,
        what: &str,
    ) -> Result<(), EditError> {
        self.refuse_shared(map.start, what)?;
        let Kind::Map { entries, flow } = &map.kind else {
            return shape(format!("{what} is not a mapping"));
        };
        let key_text = emit::scalar(&Value::String(key.into()));
        if *flow {
            let text = format!("{key_text}: {}", flow_text(value));
            match entries.last() {
                Some((k, v)) => {
                    let at = v.end.max(k.end);
                    self.splices.push(Splice::new(at, at, format!(", {text}")))
                }
                None => self
                    .splices
                    .push(Splice::new(map.start + 1, map.start + 1, text)),
            }
            return Ok(());
        }
        let Some((first, _)) = entries.first() else {
            return shape(format!("{what} is empty"));
        };
        let indent = column(self.text(), first.start);
        let mut lines = vec![format!("{}{key_text}:", " ".repeat(indent))];
        match value {
            Value::Object(m) if !m.is_empty() => {
                lines.extend(
                    self.emit(value)
                        .into_iter()
                        .map(|l| format!("{}{l}", " ".repeat(indent + self.layout().indent))),
                );
            }
            other => lines[0].push_str(&format!(" {}", flow_text(other))),
        }
        self.insert_lines_after(map.end, &lines, false, LastLine::Plain);
        Ok(())
    }

    /// Inserts whole lines after the line holding byte `at`.
    pub(super) fn insert_lines_after(
        &mut self,
        at: usize,
        lines: &[String],
        blank_before: bool,
        last: LastLine,
    ) {
        self.insert_lines_at(line_end(self.text(), at), lines, blank_before, last);
    }

    /// Inserts whole lines at `pos`, a line start or the end of the text; `last` says how their
    /// last line ends.
    pub(super) fn insert_lines_at(
        &mut self,
        pos: usize,
        lines: &[String],
        blank_before: bool,
        last: LastLine,
    ) {
        let text = self.text();
        let nl = self.layout().newline();
        let mut body = String::new();
        if blank_before {
            body.push_str(nl);
        }
        for l in lines {
            body.push_str(l);
            body.push_str(nl);
        }
        if pos >= text.len() && !text.is_empty() && !text.ends_with('\n') {
            // The last line has no break: keep it that way.
            if last == LastLine::Plain {
                body.truncate(body.len() - nl.len());
            }
            self.keep_last_block_scalar();
            self.splices
                .push(Splice::new(text.len(), text.len(), format!("{nl}{body}")));
        } else {
            let end = match last {
                LastLine::Kept => after_blank_lines(text, pos),
                _ => pos,
            };
            self.splices.push(Splice::new(pos, end, body));
        }
    }

    /// The file ends inside a block scalar without a final line break, so its value ends without
    /// one; a line break is about to follow it: strip chomping keeps its value (`|` → `|-`).
    fn keep_last_block_scalar(&mut self) {
        let text = self.text();
        let Some(scalar) = block_scalar_ending_at(self.doc, text.len()) else {
            return;
        };
        if scalar.as_str().is_some_and(|v| v.ends_with('\n')) {
            return;
        }
        if let Some((chomp, s, e)) = block_header(text, scalar)
            && chomp != Some('-')
            && !self.splices.iter().any(|x| x.start == s)
        {
            self.splices
                .push(Splice::new(s, e, strip_token(&text[s..e])));
        }
    }

    /// `value` as block lines in the file's style.
    fn emit(&self, value: &Value) -> Vec<String> {
        let l = self.layout();
        emit::to_lines_with_gap(value, l.indent, l.indent_seqs, l.gap)
    }

    /// The lines of a new item whose dash stands at column `dash`.
    pub(super) fn entry_lines(&self, entry: &Entry, dash: usize) -> Vec<String> {
        match entry {
            Entry::Data(value) => {
                let pad = " ".repeat(dash);
                let gap = " ".repeat(self.layout().gap - 1);
                let inner = " ".repeat(self.layout().gap);
                self.emit(value)
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| {
                        if i == 0 {
                            format!("{pad}-{gap}{l}")
                        } else {
                            format!("{pad}{inner}{l}")
                        }
                    })
                    .collect()
            }
            Entry::Text(c) => {
                let body = c
                    .item()
                    .and_then(|(item, _)| {
                        super::reindent::reindent(
                            &c.source.text,
                            item,
                            &c.lines,
                            c.first_line,
                            dash,
                            self.layout(),
                        )
                    })
                    .unwrap_or_else(|| shift(&c.lines, c.dash, dash));
                let mut lines = shift(&c.heading, c.dash, dash);
                lines.extend(body);
                lines
            }
        }
    }
}

/// Where the value of `key:` goes when it has none: the parser places the empty value at the
/// end of the key, before its colon (`key :` too); a flow mapping's `{key:}` likewise.
fn after_colon(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    match rest[spaces..].starts_with(':') {
        true => at + spaces + 1,
        false => at,
    }
}

pub(super) fn merge(into: &mut Value, from: Value) {
    match (into, from) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, v) in b {
                match a.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        a.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// How the last line of new text ends, which decides what may follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LastLine {
    Plain,
    /// A block scalar whose value ends with a line break: it needs one even at the end of a file
    /// that has no final line break.
    Block,
    /// A keep (`|+`) block scalar: blank lines after it would join its value, so blank lines
    /// that follow where it goes are taken out.
    Kept,
}

pub(super) fn last_line(entry: &Entry) -> Result<LastLine, EditError> {
    if !ends_with_line_break(&entry.value()?) {
        return Ok(LastLine::Plain);
    }
    let Entry::Text(c) = entry else {
        // New data is written with `|` or `|-`, never `|+`.
        return Ok(LastLine::Block);
    };
    let kept = c
        .item()
        .and_then(|(_, items)| item_extent(&c.source.text, items, c.index))
        .and_then(|e| block_scalar_ending_at(&c.source, e.end))
        .and_then(|b| block_header(&c.source.text, b))
        .is_some_and(|(chomp, ..)| chomp == Some('+'));
    Ok(if kept {
        LastLine::Kept
    } else {
        LastLine::Block
    })
}

/// After the blank lines that start at `pos`.
pub(super) fn after_blank_lines(text: &str, mut pos: usize) -> usize {
    while pos < text.len() && is_blank_line(text, pos) {
        pos = line_end(text, pos);
    }
    pos
}

/// Whether the last value written in `v` is a string ending with a line break: written last,
/// it is a block scalar that needs a line break after its last line.
pub(super) fn ends_with_line_break(v: &Value) -> bool {
    match v {
        Value::String(s) => s.ends_with('\n'),
        Value::Array(a) => a.last().is_some_and(ends_with_line_break),
        Value::Object(m) => m.values().next_back().is_some_and(ends_with_line_break),
        _ => false,
    }
}

/// Moves copied lines as a whole so the dash goes from column `from` to `to`.
pub(super) fn shift(lines: &[String], from: usize, to: usize) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let ind = l.len() - l.trim_start_matches(' ').len();
            if l.trim().is_empty() {
                String::new()
            } else {
                format!(
                    "{}{}",
                    " ".repeat((ind + to).saturating_sub(from)),
                    &l[ind..]
                )
            }
        })
        .collect()
}

/// `{a: b}` / `[a, b]` / scalar, on one line.
pub(super) fn flow_text(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let parts: Vec<String> = m
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}: {}",
                        emit::scalar(&Value::String(k.clone())),
                        flow_text(v)
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Array(a) => format!(
            "[{}]",
            a.iter().map(flow_text).collect::<Vec<_>>().join(", ")
        ),
        other => emit::scalar(other),
    }
}

pub(super) fn collect_aliases(node: &Node, out: &mut Vec<(String, usize)>) {
    match &node.kind {
        Kind::Alias { name, id } => out.push((name.clone(), *id)),
        Kind::Map { entries, .. } => entries.iter().for_each(|(k, v)| {
            collect_aliases(k, out);
            collect_aliases(v, out);
        }),
        Kind::Seq { items, .. } => items.iter().for_each(|i| collect_aliases(i, out)),
        Kind::Scalar { .. } => {}
    }
}

pub(super) fn is_blank_line(text: &str, start: usize) -> bool {
    text[start..line_end(text, start)].trim().is_empty()
}
