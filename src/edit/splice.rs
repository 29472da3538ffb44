//! The editor: byte-range splices computed from the located tree.

use std::sync::Arc;

use granit_parser::ScalarStyle;
use serde_json::Value;

use super::error::EditError;
use super::extent::{
    Extent, block_header, block_scalar_ending_at, heading_start, item_extent, line_end, line_start,
    strip_token,
};
use super::layout::{Layout, column, dash_before};
use crate::yaml::emit;
use crate::yaml::{Document, Kind, Node};

fn shape<T>(msg: impl Into<String>) -> Result<T, EditError> {
    Err(EditError::Shape(msg.into()))
}

/// A new sequence item: data to write in the file's style, or text lines copied from another
/// file (each line without its end-of-line; the first starts with `- ` at column `dash`).
#[derive(Debug, Clone)]
pub enum Entry {
    Data(Value),
    Text(Copied),
}

impl Entry {
    /// The entry as data.
    pub fn value(&self) -> Result<Value, EditError> {
        match self {
            Self::Data(v) => Ok(v.clone()),
            Self::Text(c) => {
                let items = root_entry(&c.source, &c.key)
                    .map(|(_, seq)| c.source.items(seq))
                    .unwrap_or_default();
                let item = items
                    .get(c.index)
                    .ok_or_else(|| EditError::NotFound("the copied entry is gone".into()))?;
                crate::yaml::to_value(&c.source, item).map_err(|e| EditError::Unreadable(e.message))
            }
        }
    }
}

/// An item's text copied from another file, with what is needed to move it.
#[derive(Debug, Clone)]
pub struct Copied {
    /// The lines from the item's dash line to its last line, without line ends.
    pub lines: Vec<String>,
    /// Column of the item's dash in its file.
    pub dash: usize,
    /// The source file and where the item is in it, to re-indent by structure.
    pub source: Arc<Document>,
    pub key: String,
    pub index: usize,
    pub first_line: usize,
}

/// `text[start..end]` replaced with `with`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Splice {
    pub start: usize,
    pub end: usize,
    pub with: String,
}

impl Splice {
    pub fn new(start: usize, end: usize, with: impl Into<String>) -> Self {
        Self {
            start,
            end,
            with: with.into(),
        }
    }
}

/// `text` with `splices` (in order, not overlapping) applied, built at its final size.
pub fn apply_splices(text: &str, splices: &[Splice]) -> String {
    let removed: usize = splices.iter().map(|s| s.end - s.start).sum();
    let added: usize = splices.iter().map(|s| s.with.len()).sum();
    let mut out = String::with_capacity(text.len() - removed + added);
    let mut at = 0;
    for s in splices {
        out.push_str(&text[at..s.start]);
        out.push_str(&s.with);
        at = s.end;
    }
    out.push_str(&text[at..]);
    out
}

/// An anchored node that an alias refers to: editing inside its text would change every place
/// that uses it.
#[derive(Debug, Clone)]
struct Shared {
    start: usize,
    end: usize,
    name: String,
    /// The anchor's definition id (names may be reused; ids are not).
    id: usize,
}

impl Shared {
    fn contains(&self, at: usize) -> bool {
        self.start <= at && at < self.end.max(self.start + 1)
    }
}

pub struct Editor<'d> {
    doc: &'d Document,
    pub layout: Layout,
    splices: Vec<Splice>,
    /// Byte ranges of anchored nodes that an alias refers to: editing inside one would change
    /// every place that uses it.
    shared: Vec<Shared>,
}

impl<'d> Editor<'d> {
    pub fn new(doc: &'d Document) -> Self {
        let mut aliases = Vec::new();
        for root in doc.roots() {
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
            layout: Layout::of(doc),
            splices: Vec::new(),
            shared,
        }
    }

    fn text(&self) -> &'d str {
        &self.doc.text
    }

    /// The replacements to make, in text order.
    pub fn finish(mut self) -> Result<Vec<Splice>, EditError> {
        self.splices.sort_by_key(|s| (s.start, s.end));
        if self.splices.windows(2).any(|w| w[0].end > w[1].start) {
            return Err(EditError::Overlap);
        }
        Ok(self.splices)
    }

    fn refuse_shared(&self, at: usize, what: &str) -> Result<(), EditError> {
        match self.shared.iter().find(|s| s.contains(at)) {
            Some(s) => Err(EditError::SharedAnchor {
                what: what.to_string(),
                name: s.name.clone(),
            }),
            None => Ok(()),
        }
    }

    /// Replaces a scalar, keeping its quoting style. Returns the value as it will read back.
    pub fn set_scalar(&mut self, node: &Node, value: &str, what: &str) -> Result<Value, EditError> {
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
            self.splices
                .push(Splice::new(node.start, node.end, format!(" {text}")));
        } else {
            self.splices.push(Splice::new(node.start, node.end, text));
        }
        Ok(data)
    }

    /// Adds `key: value` at the end of a mapping that lacks the key.
    pub fn insert_entry(
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
                        .map(|l| format!("{}{l}", " ".repeat(indent + self.layout.indent))),
                );
            }
            other => lines[0].push_str(&format!(" {}", flow_text(other))),
        }
        self.insert_lines_after(map.end, &lines, false, LastLine::Plain);
        Ok(())
    }

    /// Inserts whole lines after the line holding byte `at`.
    fn insert_lines_after(
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
    fn insert_lines_at(
        &mut self,
        pos: usize,
        lines: &[String],
        blank_before: bool,
        last: LastLine,
    ) {
        let text = self.text();
        let nl = self.layout.newline();
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

    /// Appends an item to the sequence under `key` of the root mapping, creating the key when it
    /// is missing or empty.
    pub fn append_item(&mut self, key: &str, entry: &Entry) -> Result<(), EditError> {
        let doc = self.doc;
        let text = self.text();
        let Kind::Map {
            entries,
            flow: false,
        } = &doc.root.kind
        else {
            return shape("the file's top level is not a block mapping");
        };
        let found = entries.iter().find(|(k, _)| k.as_str() == Some(key));
        if let Some((_, seq)) = found {
            self.refuse_list_alias(key, seq)?;
        }
        match found {
            Some((_, seq)) if matches!(&seq.kind, Kind::Seq { flow: false, items } if !items.is_empty()) =>
            {
                let Kind::Seq { items, .. } = &seq.kind else {
                    unreachable!()
                };
                let first = items[0].start;
                let dash =
                    dash_before(text, first).map_or(column(text, first), |d| column(text, d));
                let extents: Vec<_> = (0..items.len())
                    .map(|i| item_extent(text, items, i))
                    .collect::<Option<_>>()
                    .ok_or_else(|| EditError::Shape("an entry of the list has no `-`".into()))?;
                // Entries separated by blank lines get one before the new entry too, unless the
                // last one ends with a keep (`|+`) block scalar, which would take it in.
                let spaced = items.len() > 1
                    && extents.windows(2).all(|w| {
                        text[w[0].end..w[1].head]
                            .lines()
                            .any(|l| l.trim().is_empty())
                    })
                    && !self.ends_with_kept_lines(extents[items.len() - 1].end);
                let lines = self.entry_lines(entry, dash);
                let last = last_line(entry)?;
                self.insert_lines_at(extents[items.len() - 1].end, &lines, spaced, last);
            }
            Some((k, seq))
                if seq.is_null()
                    || matches!(&seq.kind, Kind::Seq { items, .. } if items.is_empty()) =>
            {
                // `key:`, `key: ~`, `key: []`: the value (not an anchor or a comment) goes, and
                // the entry becomes the first of a block list; an empty list shows no style of
                // its own to keep.
                let dash = column(text, k.start)
                    + if self.layout.indent_seqs {
                        self.layout.indent
                    } else {
                        0
                    };
                let lines = self.entry_lines(entry, dash);
                if seq.end > seq.start {
                    let line_end = line_end(text, seq.end);
                    let rest = text[seq.end..line_end].trim_end_matches(['\n', '\r']);
                    let gap =
                        text[..seq.start].len() - text[..seq.start].trim_end_matches(' ').len();
                    let (from, to) = if rest.trim().is_empty() {
                        (seq.start - gap, seq.end + (rest.len()))
                    } else {
                        (
                            seq.start,
                            seq.end + (rest.len() - rest.trim_start_matches(' ').len()),
                        )
                    };
                    self.splices.push(Splice::new(from, to, String::new()));
                }
                let last = last_line(entry)?;
                self.insert_lines_after(seq.end.max(k.end), &lines, false, last);
            }
            Some((_, seq)) if matches!(&seq.kind, Kind::Seq { flow: true, .. }) => {
                // A flow list stays one: `[a, b]` becomes `[a, b, c]`, the entry in flow style.
                let Kind::Seq { items, .. } = &seq.kind else {
                    unreachable!()
                };
                let text = flow_text(&entry.value()?);
                match items.last() {
                    Some(last) => {
                        self.splices
                            .push(Splice::new(last.end, last.end, format!(", {text}")))
                    }
                    None => self
                        .splices
                        .push(Splice::new(seq.start + 1, seq.start + 1, text)),
                }
            }
            Some(_) => return shape(format!("`{key}` is not a list")),
            None => {
                let col = entries.first().map_or(0, |(k, _)| column(text, k.start));
                let dash = col
                    + if self.layout.indent_seqs {
                        self.layout.indent
                    } else {
                        0
                    };
                let mut lines = vec![format!("{}{key}:", " ".repeat(col))];
                lines.extend(self.entry_lines(entry, dash));
                let last = last_line(entry)?;
                self.insert_lines_after(doc.root.end, &lines, false, last);
            }
        }
        Ok(())
    }

    /// A list written as an alias, or anchored and used elsewhere through an alias, cannot
    /// change without changing what else uses it.
    fn refuse_list_alias(&self, key: &str, seq: &Node) -> Result<(), EditError> {
        if let Kind::Alias { name, .. } = &seq.kind {
            return Err(EditError::ListIsAlias {
                list: key.to_string(),
                name: name.clone(),
            });
        }
        self.refuse_shared(seq.start, &format!("the list `{key}`"))
    }

    /// Whether the line before `pos` is the last of a keep (`|+`) block scalar: a blank line
    /// inserted at `pos` would become part of its value.
    fn ends_with_kept_lines(&self, pos: usize) -> bool {
        block_scalar_ending_at(self.doc, pos)
            .and_then(|b| block_header(self.text(), b))
            .is_some_and(|(chomp, ..)| chomp == Some('+'))
    }

    /// The extent of item `index` of the root's block list `key`.
    fn extent(&self, key: &str, index: usize) -> Result<Extent, EditError> {
        let (_, seq) = root_entry(self.doc, key)
            .ok_or_else(|| EditError::NotFound(format!("no `{key}` list")))?;
        let Kind::Seq { items, .. } = &seq.kind else {
            return shape(format!("`{key}` is not a list"));
        };
        item_extent(self.text(), items, index)
            .ok_or_else(|| EditError::Shape("the entry is not in a block list".into()))
    }

    /// Replaces item `index` of the root's sequence `key` with `entry`, keeping the comments
    /// above it.
    pub fn replace_item(
        &mut self,
        key: &str,
        index: usize,
        entry: &Entry,
    ) -> Result<(), EditError> {
        let item = self.raw_item(key, index)?;
        self.refuse_shared(item.start, "the entry")?;
        let text = self.text();
        if self.in_flow_list(key) {
            self.splices.push(Splice::new(
                item.start,
                item.end,
                flow_text(&entry.value()?),
            ));
            return Ok(());
        }
        let ext = self.extent(key, index)?;
        let dash = dash_before(text, item.start)
            .ok_or_else(|| EditError::Shape("the entry is not in a block list".into()))?;
        let nl = self.layout.newline();
        let lines = self.entry_lines(entry, column(text, dash));
        let mut body = lines.join(nl);
        let last = last_line(entry)?;
        if text[..ext.end].ends_with('\n') || last != LastLine::Plain {
            body.push_str(nl);
        }
        let end = match last {
            LastLine::Kept => after_blank_lines(text, ext.end),
            _ => ext.end,
        };
        self.splices.push(Splice::new(ext.start, end, body));
        Ok(())
    }

    /// Removes item `index` of the root's sequence `key`, with its heading comments (see
    /// [`super::extent`]). Removing the last item removes the key too. Never leaves two blank
    /// lines in a row, and never takes a line of another entry.
    pub fn remove_item(&mut self, key: &str, index: usize) -> Result<(), EditError> {
        let doc = self.doc;
        let text = self.text();
        let (key_node, seq) =
            root_entry(doc, key).ok_or_else(|| EditError::NotFound(format!("no `{key}` list")))?;
        self.refuse_list_alias(key, seq)?;
        let Kind::Seq { items, flow } = &seq.kind else {
            return shape(format!("`{key}` is not a list"));
        };
        let item = items
            .get(index)
            .ok_or_else(|| EditError::NotFound("no such entry".into()))?;
        if let Some(name) = self.anchor_used_outside(item) {
            return Err(EditError::AnchorUsedElsewhere { name });
        }
        if *flow && items.len() > 1 {
            // `[a, b, c]`: the item goes with the separator after it (before it, for the last).
            let (start, end) = match items.get(index + 1) {
                Some(next) => (item.start, next.start),
                None => (items[index - 1].end, item.end),
            };
            self.splices.push(Splice::new(start, end, String::new()));
            return Ok(());
        }
        if *flow {
            let start = line_start(text, key_node.start);
            self.splices
                .push(Splice::new(start, line_end(text, seq.end), String::new()));
            return Ok(());
        }
        let ext = self.extent(key, index)?;
        // The only entry takes the key, and the comments directly above the key, with it.
        // `floor`: where the text before it ends, which the removal must not reach into.
        let (mut start, mut end, floor) = if items.len() == 1 {
            let key_line = line_start(text, key_node.start);
            let floor = previous_entry_end(doc, key_node);
            (
                heading_start(text, key_line, column(text, key_node.start), floor),
                ext.end,
                floor,
            )
        } else {
            let floor = match index {
                0 => line_end(text, key_node.end),
                i => self.extent(key, i - 1)?.end,
            };
            (ext.head, ext.end, floor)
        };
        // Blank lines separate entries: the entry goes with one separator, never leaving two.
        let blank_before = start > floor && is_blank_line(text, line_start(text, start - 1));
        let blank_after = end < text.len() && is_blank_line(text, end);
        let (first, last) = (index == 0, index + 1 == items.len());
        if blank_before && (blank_after || end >= text.len() || (last && items.len() > 1)) {
            start = line_start(text, start - 1);
        } else if blank_after && (start == 0 || (first && items.len() > 1)) {
            end = line_end(text, end);
        }
        // Blank lines left right after a keep (`|+`) block scalar would join its value.
        if self.ends_with_kept_lines(start) {
            end = after_blank_lines(text, end);
        }
        // A file without a final line break keeps it that way, unless the text before would
        // then end inside a block scalar whose value ends with a line break.
        let keeps_break = block_scalar_ending_at(doc, start)
            .is_some_and(|b| b.as_str().is_some_and(|v| v.ends_with('\n')));
        if end >= text.len() && !text.ends_with('\n') && start > 0 && !keeps_break {
            start -= 1;
            if text[..start].ends_with('\r') {
                start -= 1;
            }
        }
        self.splices.push(Splice::new(start, end, String::new()));
        Ok(())
    }

    fn in_flow_list(&self, key: &str) -> bool {
        root_entry(self.doc, key)
            .is_some_and(|(_, seq)| matches!(seq.kind, Kind::Seq { flow: true, .. }))
    }

    /// The raw (unresolved) item node.
    pub fn raw_item(&self, key: &str, index: usize) -> Result<&'d Node, EditError> {
        let (_, seq) = root_entry(self.doc, key)
            .ok_or_else(|| EditError::NotFound(format!("no `{key}` list")))?;
        match &seq.kind {
            Kind::Seq { items, .. } => items
                .get(index)
                .ok_or_else(|| EditError::NotFound("no such entry".into())),
            _ => shape(format!("`{key}` is not a list")),
        }
    }

    /// An anchor defined inside `item` that an alias outside it refers to.
    fn anchor_used_outside(&self, item: &Node) -> Option<String> {
        let mut inside = Vec::new();
        collect_aliases(item, &mut inside);
        self.shared
            .iter()
            .filter(|s| s.start >= item.start && s.end <= item.end.max(item.start + 1))
            .find(|s| {
                let uses = self.shared.iter().filter(|x| x.id == s.id).count();
                uses > inside.iter().filter(|x| x.1 == s.id).count()
            })
            .map(|s| s.name.clone())
    }

    /// `value` as block lines in the file's style.
    fn emit(&self, value: &Value) -> Vec<String> {
        let l = &self.layout;
        emit::to_lines_with_gap(value, l.indent, l.indent_seqs, l.gap)
    }

    /// The lines of a new item whose dash stands at column `dash`.
    fn entry_lines(&self, entry: &Entry, dash: usize) -> Vec<String> {
        match entry {
            Entry::Data(value) => {
                let pad = " ".repeat(dash);
                let gap = " ".repeat(self.layout.gap - 1);
                let inner = " ".repeat(self.layout.gap);
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
                let item = root_entry(&c.source, &c.key).and_then(|(_, seq)| match &seq.kind {
                    Kind::Seq { items, .. } => items.get(c.index),
                    _ => None,
                });
                item.and_then(|item| {
                    super::reindent::reindent(
                        &c.source.text,
                        item,
                        &c.lines,
                        c.first_line,
                        dash,
                        &self.layout,
                    )
                })
                .unwrap_or_else(|| shift(&c.lines, c.dash, dash))
            }
        }
    }
}

/// The text of a block-list item, to copy into another file. `None` when the item cannot be
/// copied as text (it is not in a block list, or it holds anchors or aliases, which must not
/// travel to another file): copy its data instead.
pub fn copy_entry(doc: &Arc<Document>, key: &str, index: usize) -> Option<Entry> {
    let (_, seq) = root_entry(doc, key)?;
    let Kind::Seq { items, flow: false } = &seq.kind else {
        return None;
    };
    let item = items.get(index)?;
    if item.has_alias() || item.has_anchor() {
        return None;
    }
    let text = doc.text.as_str();
    let dash = dash_before(text, item.start)?;
    let ext = item_extent(text, items, index)?;
    let mut lines: Vec<String> = text[ext.start..ext.end]
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect();
    let first_line = text[..ext.start].bytes().filter(|b| *b == b'\n').count();
    // A copy ending a file without a final line break gets one in its new place: a block
    // scalar it ends with keeps its value with strip chomping.
    if ext.end == text.len()
        && !text.ends_with('\n')
        && let Some(scalar) = block_scalar_ending_at(doc, text.len())
        && scalar.as_str().is_some_and(|v| !v.ends_with('\n'))
        && let Some((chomp, s, e)) = block_header(text, scalar)
        && chomp != Some('-')
        && s >= ext.start
    {
        let i = text[ext.start..s].bytes().filter(|b| *b == b'\n').count();
        let col = s - line_start(text, s);
        if let Some(line) = lines.get_mut(i) {
            line.replace_range(col..col + (e - s), &strip_token(&text[s..e]));
        }
    }
    Some(Entry::Text(Copied {
        lines,
        dash: column(text, dash),
        source: Arc::clone(doc),
        key: key.to_string(),
        index,
        first_line,
    }))
}

/// After the root entry before `key` (its value's last line), or 0 when `key` is the first.
fn previous_entry_end(doc: &Document, key: &Node) -> usize {
    let Kind::Map { entries, .. } = &doc.root.kind else {
        return 0;
    };
    entries
        .iter()
        .take_while(|(k, _)| k.start < key.start)
        .last()
        .map_or(0, |(k, v)| line_end(&doc.text, k.end.max(v.end)))
}

/// How the last line of new text ends, which decides what may follow it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LastLine {
    Plain,
    /// A block scalar whose value ends with a line break: it needs one even at the end of a file
    /// that has no final line break.
    Block,
    /// A keep (`|+`) block scalar: blank lines after it would join its value, so blank lines
    /// that follow where it goes are taken out.
    Kept,
}

fn last_line(entry: &Entry) -> Result<LastLine, EditError> {
    if !ends_with_line_break(&entry.value()?) {
        return Ok(LastLine::Plain);
    }
    let Entry::Text(c) = entry else {
        // New data is written with `|` or `|-`, never `|+`.
        return Ok(LastLine::Block);
    };
    let kept = root_entry(&c.source, &c.key)
        .and_then(|(_, seq)| match &seq.kind {
            Kind::Seq { items, .. } => item_extent(&c.source.text, items, c.index),
            _ => None,
        })
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
fn after_blank_lines(text: &str, mut pos: usize) -> usize {
    while pos < text.len() && is_blank_line(text, pos) {
        pos = line_end(text, pos);
    }
    pos
}

/// Whether the last value written in `v` is a string ending with a line break: written last,
/// it is a block scalar that needs a line break after its last line.
fn ends_with_line_break(v: &Value) -> bool {
    match v {
        Value::String(s) => s.ends_with('\n'),
        Value::Array(a) => a.last().is_some_and(ends_with_line_break),
        Value::Object(m) => m.values().next_back().is_some_and(ends_with_line_break),
        _ => false,
    }
}

/// Moves copied lines as a whole so the dash goes from column `from` to `to`.
fn shift(lines: &[String], from: usize, to: usize) -> Vec<String> {
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
fn flow_text(v: &Value) -> String {
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

pub(crate) fn root_entry<'a>(doc: &'a Document, key: &str) -> Option<(&'a Node, &'a Node)> {
    match &doc.root.kind {
        Kind::Map { entries, .. } => entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, v)| (k, v)),
        _ => None,
    }
}

fn collect_aliases(node: &Node, out: &mut Vec<(String, usize)>) {
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

fn is_blank_line(text: &str, start: usize) -> bool {
    text[start..line_end(text, start)].trim().is_empty()
}
