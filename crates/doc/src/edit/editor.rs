//! The editor: each operation computes its splices from the located tree and records the
//! [`Patch`] it means for the data, which the write check ([`super::check`]) applies to the old
//! data. Operations are addressed by [`Route`]; list operations are in [`super::list`].

use granit_parser::ScalarStyle;
use serde_json::{Map, Value};

use super::entry::{Entry, Sourced};
use super::error::EditError;
use super::extent::{
    block_header, block_scalar_ending_at, item_extent, line_end, map_end, strip_token,
};
use super::json_ops::{Json, JsonState};
use super::layout::{Layout, column};
use super::op::Syntax;
use super::patch::Patch;
use super::splice::Splice;
use super::yaml_ops::Yaml;
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

/// A key to add to a mapping that lacks it (or whose value is null). Values set under one
/// missing key are merged, so that `limits.cpu` and `limits.memory` under a missing `limits`
/// make one new block.
struct Pending<'d> {
    map: &'d Node,
    key: String,
    value: Value,
    /// The key and its null value (`resources: ~`), which the value replaces.
    null: Option<(&'d Node, &'d Node)>,
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
    /// Lists this editor writes anew: (the mapping's start, the key, the index of the splice
    /// that writes them, whether that splice writes the key too), so that a second append joins
    /// the first.
    pub(super) new_lists: Vec<(usize, String, usize, bool)>,
    /// Positions just inside an empty flow collection (`{}`, `[]`) where this editor adds:
    /// each addition is written `, text`, and the first one there loses its `, ` at the end.
    pub(super) flow_firsts: Vec<usize>,
    /// Splices (by index) whose text ends with a line break that a block scalar's value holds:
    /// it stays even where the file ends without one.
    pub(super) kept_breaks: Vec<usize>,
    /// Items to remove from lists holding more than them (the list's route, the index), made
    /// into splices at the end so that neighbouring items go together, separators and all.
    pub(super) removals: Vec<super::list::Removal>,
    /// How the file's syntax writes each operation.
    pub(super) syntax: &'static dyn Syntax,
    /// What the JSON syntax keeps while it writes a JSON document.
    pub(super) json: Option<JsonState<'d>>,
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
            new_lists: Vec::new(),
            flow_firsts: Vec::new(),
            kept_breaks: Vec::new(),
            removals: Vec::new(),
            syntax: if json { &Json } else { &Yaml },
            json: json.then(|| JsonState::new(doc)),
        }
    }

    pub fn layout(&self) -> &Layout {
        self.layout.get_or_init(|| self.syntax.layout(self.doc))
    }

    pub(super) fn text(&self) -> &'d str {
        &self.doc.text
    }

    /// The route as messages name it in this file.
    pub(super) fn name(&self, route: &Route) -> String {
        route.in_file(self.doc.documents()).to_string()
    }

    /// Whether the file is JSON.
    pub fn is_json(&self) -> bool {
        self.doc.is_json()
    }

    /// How many changes the editor has recorded: a step that adds none changed nothing.
    pub fn changes(&self) -> usize {
        self.patches.len()
    }

    /// The replacements to make, in text order, and what they mean.
    pub fn finish(mut self) -> Result<Edit, EditError> {
        let syntax = self.syntax;
        syntax.finish(&mut self)?;
        self.flush_removals()?;
        // At one place, text for a deeper node comes first: it ends the node it is added to
        // (`memory:` under `requests`, then a new `limits:` beside it). At one depth, entries
        // appended to a list come before a key this editor adds after it (`volumes:` items, then
        // a new `initContainers:`), or they would join the new list.
        let made: Vec<usize> = (self.new_lists.iter())
            .filter(|(.., new_key)| *new_key)
            .map(|(_, _, i, _)| *i)
            .collect();
        let text = self.text();
        let mut order: Vec<(bool, bool, Splice)> = std::mem::take(&mut self.splices)
            .into_iter()
            .enumerate()
            .map(|(i, s)| (made.contains(&i), self.kept_breaks.contains(&i), s))
            .collect();
        order.sort_by_key(|(new_key, _, s)| {
            let depth = std::cmp::Reverse(lines_depth(text, s));
            (s.start, s.end, depth, *new_key)
        });
        self.join_flow_firsts(&mut order);
        let mut order = merge_removals(order);
        self.keep_unterminated_end(&mut order);
        self.splices = order.into_iter().map(|(_, _, s)| s).collect();
        if self.splices.windows(2).any(|w| w[0].end > w[1].start) {
            return Err(EditError::Overlap);
        }
        Ok(Edit {
            splices: self.splices,
            patches: self.patches,
        })
    }

    /// Writes the keys [`Self::yaml_set`] left pending: values set under one missing key make
    /// one new block.
    pub(super) fn yaml_finish(&mut self) -> Result<(), EditError> {
        for p in std::mem::take(&mut self.pending) {
            let what = format!("`{}`", p.key);
            match p.null {
                Some((k, v)) => self.fill_null(p.map, k, v, &p.value),
                None => self.insert_entry(p.map, &p.key, &p.value, &what)?,
            }
        }
        Ok(())
    }

    /// The first addition into an empty flow collection needs no separator before it.
    fn join_flow_firsts(&self, order: &mut [(bool, bool, Splice)]) {
        for pos in &self.flow_firsts {
            if let Some((_, _, s)) = order
                .iter_mut()
                .find(|(_, _, s)| s.start == *pos && s.end == *pos && s.with.starts_with(", "))
            {
                s.with.drain(..2);
            }
        }
    }

    /// A file without a final line break keeps it that way: the last line break the edit would
    /// leave at the end goes (unless a block scalar's value holds it).
    fn keep_unterminated_end(&self, order: &mut [(bool, bool, Splice)]) {
        let text = self.text();
        if text.is_empty() || text.ends_with('\n') {
            return;
        }
        let Some(last) = order.len().checked_sub(1) else {
            return;
        };
        let (kept, s) = (order[last].1, &order[last].2);
        if s.end != text.len() {
            return;
        }
        if !s.with.is_empty() {
            if s.start == text.len()
                && let Some(prev) = last.checked_sub(1)
                && order[prev].2.end == text.len()
                && order[prev].2.with.is_empty()
                && order[prev].2.start < text.len()
                && text[..order[prev].2.start].ends_with('\n')
            {
                // Lines added after a removal that reaches the end: the removal leaves the
                // line break they start with.
                let with = &mut order[last].2.with;
                let lb = if with.starts_with("\r\n") { 2 } else { 1 };
                if with.starts_with(['\r', '\n']) {
                    with.drain(..lb);
                }
            } else if !kept {
                strip_line_break(&mut order[last].2.with);
            }
            return;
        }
        // A removal to the end: the text before it ends with a line break, which goes; or the
        // text a splice right before it writes does.
        let start = s.start;
        if let Some(prev) = last.checked_sub(1)
            && order[prev].2.end == start
            && !order[prev].2.with.is_empty()
        {
            if !order[prev].1 {
                strip_line_break(&mut order[prev].2.with);
            }
            return;
        }
        let keeps_break = block_scalar_ending_at(self.doc, start)
            .is_some_and(|b| b.as_str().is_some_and(|v| v.ends_with('\n')));
        if start == 0 || keeps_break || !text[..start].ends_with('\n') {
            return;
        }
        let lb = if text[..start].ends_with("\r\n") {
            2
        } else {
            1
        };
        order[last].2.start = start - lb;
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

    /// [`Editor::set`] on YAML; the value as it will read back, `None` when nothing changes.
    pub(super) fn yaml_set(
        &mut self,
        at: &Route,
        path: &[&str],
        value: &str,
        same: &dyn Fn(&str) -> bool,
    ) -> Result<Option<Value>, EditError> {
        let what = format!("`{}`", path.join("."));
        let through_alias = || EditError::ThroughAlias { what: what.clone() };
        let mut cur = self.node(at)?;
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
                        return Ok(None);
                    }
                    return self.set_scalar(v, value, &what).map(Some);
                }
                Some(v) if !v.is_null() => cur = v,
                _ => {
                    if entries.iter().any(|(k, _)| k.as_str() == Some("<<")) {
                        return Err(EditError::ShadowsMerge { what });
                    }
                    // `key: ~` (or `key:`) takes the value as a missing key would.
                    let null = entries
                        .iter()
                        .find(|(k, v)| k.as_str() == Some(key) && v.is_null())
                        .map(|(k, v)| (k, v));
                    if let Some((_, v)) = null {
                        self.refuse_shared(v.start, &what)?;
                    }
                    // The rest of the path becomes a value inserted under `key`.
                    let mut nested = Value::String(value.to_string());
                    for k in path[i + 1..].iter().rev() {
                        let mut m = Map::new();
                        m.insert((*k).to_string(), nested);
                        nested = Value::Object(m);
                    }
                    match self
                        .pending
                        .iter_mut()
                        .find(|p| std::ptr::eq(p.map, cur) && p.key == *key)
                    {
                        Some(p) => merge(&mut p.value, nested),
                        None => self.pending.push(Pending {
                            map: cur,
                            key: (*key).to_string(),
                            value: nested,
                            null,
                        }),
                    }
                    return Ok(Some(if emit::is_plain_safe(value) {
                        crate::yaml::scalar_plain(value)
                    } else {
                        Value::String(value.into())
                    }));
                }
            }
        }
        Ok(None)
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
                // A number stays a plain number (`cpu: 0.5`) when YAML 1.1 readers read the same
                // number (not `0400`, `1e3`); anything that would change type or meaning when
                // left plain is double-quoted.
                let was_number = matches!(crate::yaml::scalar_plain(old), Value::Number(_));
                let read = crate::yaml::scalar_plain(value);
                let is_number = matches!(read, Value::Number(_))
                    && crate::yaml::to_value_as_plain(value, crate::yaml::Schema::Yaml11) == read;
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
            let last = entries.last().map(|(k, v)| v.end.max(k.end));
            self.add_in_flow(map.start + 1, last, &text);
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
        let at = map_end(self.text(), map);
        self.insert_lines_at(at, &lines, false, LastLine::Plain);
        Ok(())
    }

    /// Replaces the null value `null` of `key` in `map` with `value`: in flow style in a flow
    /// mapping, else as block lines under the key (its comment, if any, stays on its line).
    fn fill_null(&mut self, map: &Node, key: &Node, null: &Node, value: &Value) {
        let flow = matches!(map.kind, Kind::Map { flow: true, .. });
        let block = matches!(value, Value::Object(m) if !m.is_empty()) && !flow;
        if !block {
            let text = flow_text(value);
            let splice = if null.end > null.start {
                Splice::new(null.start, null.end, text)
            } else {
                let colon = self.text()[key.end..]
                    .find(':')
                    .map_or(key.end, |i| key.end + i + 1);
                Splice::new(colon, colon, format!(" {text}"))
            };
            self.splices.push(splice);
            return;
        }
        let indent = column(self.text(), key.start) + self.layout().indent;
        let lines: Vec<String> = (self.emit(value).into_iter())
            .map(|l| format!("{}{l}", " ".repeat(indent)))
            .collect();
        self.clear_value(null);
        self.insert_lines_after(null.end.max(key.end), &lines, false, LastLine::Plain);
    }

    /// Takes out the text of a scalar value (`~`, `null`, `[]`) and the spaces before it,
    /// keeping a comment after it.
    pub(super) fn clear_value(&mut self, node: &Node) {
        if node.end <= node.start {
            return;
        }
        let text = self.text();
        let line_end = line_end(text, node.end);
        let rest = text[node.end..line_end].trim_end_matches(['\n', '\r']);
        let gap = text[..node.start].len() - text[..node.start].trim_end_matches(' ').len();
        let (from, to) = if rest.trim().is_empty() {
            (node.start - gap, node.end + rest.len())
        } else {
            (
                node.start,
                node.end + (rest.len() - rest.trim_start_matches(' ').len()),
            )
        };
        self.splices.push(Splice::new(from, to, String::new()));
    }

    /// Adds `text` to a flow collection whose first byte inside is `open`, after its last
    /// member (ending at `last`), or as its first; returns the splice's index.
    pub(super) fn add_in_flow(&mut self, open: usize, last: Option<usize>, text: &str) -> usize {
        let at = last.unwrap_or(open);
        if last.is_none() && !self.flow_firsts.contains(&open) {
            self.flow_firsts.push(open);
        }
        self.splices.push(Splice::new(at, at, format!(", {text}")));
        self.splices.len() - 1
    }

    /// Inserts whole lines after the line holding byte `at`.
    pub(super) fn insert_lines_after(
        &mut self,
        at: usize,
        lines: &[String],
        blank_before: bool,
        last: LastLine,
    ) -> usize {
        self.insert_lines_at(line_end(self.text(), at), lines, blank_before, last)
    }

    /// Inserts whole lines at `pos`, a line start or the end of the text; `last` says how their
    /// last line ends. Returns the index of the splice.
    pub(super) fn insert_lines_at(
        &mut self,
        pos: usize,
        lines: &[String],
        blank_before: bool,
        last: LastLine,
    ) -> usize {
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
            if last != LastLine::Plain {
                self.kept_breaks.push(self.splices.len());
            }
            self.splices
                .push(Splice::new(text.len(), text.len(), format!("{nl}{body}")));
        } else {
            let end = match last {
                LastLine::Kept => after_blank_lines(text, pos),
                _ => pos,
            };
            if last != LastLine::Plain {
                self.kept_breaks.push(self.splices.len());
            }
            self.splices.push(Splice::new(pos, end, body));
        }
        self.splices.len() - 1
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
    pub(super) fn emit(&self, value: &Value) -> Vec<String> {
        self.emit_from(value, None)
    }

    /// [`Self::emit`] keeping the plain scalars of `source`.
    fn emit_from(&self, value: &Value, source: Option<emit::Source<'_>>) -> Vec<String> {
        let l = self.layout();
        emit::to_lines_from(value, source, l.indent, l.seq_indent, l.gap)
    }

    /// The lines of a new item whose dash stands at column `dash`.
    pub(super) fn entry_lines(&self, entry: &Entry, dash: usize) -> Vec<String> {
        match entry {
            Entry::Data(_) | Entry::Sourced(_) => {
                let pad = " ".repeat(dash);
                let gap = " ".repeat(self.layout().gap - 1);
                let inner = " ".repeat(self.layout().gap);
                let value = entry.value().unwrap_or_default();
                let lines = self
                    .emit_from(&value, entry.source())
                    .into_iter()
                    .enumerate()
                    .map(|(i, l)| {
                        if i == 0 {
                            format!("{pad}-{gap}{l}")
                        } else {
                            format!("{pad}{inner}{l}")
                        }
                    });
                match entry {
                    // A moving entry's own comments go with it.
                    Entry::Sourced(Sourced {
                        comments: Some(c), ..
                    }) => {
                        let mut lines: Vec<String> = lines.collect();
                        if let (Some(first), Some(comment)) = (lines.first_mut(), &c.same_line) {
                            first.push_str(comment);
                        }
                        let mut out = shift(&c.heading, c.dash, dash);
                        out.extend(lines);
                        out.extend(shift(&c.after, c.dash, dash));
                        out
                    }
                    _ => lines.collect(),
                }
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
    emit::flow_text(v, None)
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

/// Pure removals that overlap or touch become one (two entries side by side, each taking the
/// line break between them).
fn merge_removals(order: Vec<(bool, bool, Splice)>) -> Vec<(bool, bool, Splice)> {
    let mut out: Vec<(bool, bool, Splice)> = Vec::with_capacity(order.len());
    for item in order {
        if let Some(prev) = out.last_mut()
            && prev.2.with.is_empty()
            && item.2.with.is_empty()
            && item.2.start <= prev.2.end
            && item.2.start < item.2.end
            && prev.2.start < prev.2.end
        {
            prev.2.end = prev.2.end.max(item.2.end);
            continue;
        }
        out.push(item);
    }
    out
}

/// Takes the line break off the end of `with`, if it ends with one.
fn strip_line_break(with: &mut String) {
    if with.ends_with('\n') {
        with.pop();
        if with.ends_with('\r') {
            with.pop();
        }
    }
}

/// The indentation of the first line a splice inserts, when it inserts whole lines (at a line
/// start, or after a line break at the end of a file without a final one); 0 otherwise.
fn lines_depth(text: &str, s: &Splice) -> usize {
    let at_line_start = s.start == 0 || text[..s.start].ends_with('\n');
    let new_lines = s.start == text.len() && s.with.starts_with(['\r', '\n']);
    if !(at_line_start || new_lines) {
        return 0;
    }
    s.with
        .lines()
        .find(|l| !l.trim().is_empty())
        .map_or(0, |l| l.len() - l.trim_start_matches(' ').len())
}

pub(super) fn is_blank_line(text: &str, start: usize) -> bool {
    text[start..line_end(text, start)].trim().is_empty()
}
