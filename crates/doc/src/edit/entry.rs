//! A new sequence item, and copying an item's text out of a file to put it into another.

use std::sync::Arc;

use serde_json::Value;

use super::error::EditError;
use super::extent::{
    block_header, block_scalar_ending_at, comment_after, flow_member_extent, item_extent,
    line_comment, line_start, strip_token,
};
use super::layout::{column, dash_before};
use crate::route::Route;
use crate::yaml::emit::Source;
use crate::yaml::{Document, Kind, Node, Schema, to_value, to_value_as};

/// A new sequence item: data to write in the file's style (new, or taken from a file), or text
/// lines copied from another file (each line without its end-of-line; the first starts with
/// `- ` at column `dash`).
#[derive(Debug, Clone)]
pub enum Entry {
    /// New data: written so that every reader, YAML 1.1 or 1.2, reads it as this value.
    Data(Value),
    /// Data taken from a file (copied as data, or changed on the way): written anew, each
    /// plain scalar the source holds with the same value written as the source wrote it, so
    /// that it means to every reader what it meant there (see [`crate::yaml::emit::Source`]).
    Sourced(Sourced),
    Text(Copied),
}

/// [`Entry::Sourced`]: the data to write, and the node of a file it came from (`at`), or, for a
/// mapping assembled from parts of a file, the node each of its keys comes from (`parts`).
#[derive(Debug, Clone)]
pub struct Sourced {
    pub value: Value,
    pub doc: Arc<Document>,
    pub at: Option<Route>,
    pub parts: Vec<(String, Route)>,
    /// When it is moving: the comments it owns (see `edit::extent`), so that they go where it
    /// goes.
    pub comments: Option<OwnComments>,
}

/// The comments an item takes along when it moves and is written anew.
#[derive(Debug, Clone, Default)]
pub struct OwnComments {
    /// The whole comment lines heading it.
    pub heading: Vec<String>,
    /// The whole comment lines after its last line that are its own.
    pub after: Vec<String>,
    /// The column of its dash (of its first character, in a flow list): the lines above
    /// are re-indented from there.
    pub dash: usize,
    /// The comment on its line, with the spaces before it (`  # keep me`), when it was written
    /// as a flow collection: on the line of `- {name: a}  # keep me`, of its member of a flow
    /// list written one member a line, or of a one-line flow list that holds it alone. Written
    /// anew, it goes on the entry's first line.
    pub same_line: Option<String>,
}

impl OwnComments {
    /// Whether there is a comment to take along.
    pub fn any(&self) -> bool {
        self.same_line.is_some()
            || self
                .heading
                .iter()
                .chain(&self.after)
                .any(|l| l.trim_start().starts_with('#'))
    }
}

impl Entry {
    /// `value`, taken from the node at `at` of `doc` (possibly changed since).
    pub fn sourced(value: Value, doc: &Arc<Document>, at: Route) -> Self {
        Self::Sourced(Sourced {
            value,
            doc: Arc::clone(doc),
            at: Some(at),
            parts: Vec::new(),
            comments: None,
        })
    }

    /// [`Entry::sourced`] for an item of a block list that moves (written anew: its text cannot
    /// travel): the whole comment lines it owns, above and after it, go with it.
    pub fn sourced_moving(value: Value, doc: &Arc<Document>, list: &Route, index: usize) -> Self {
        let mut entry = Self::sourced(value, doc, list.index(index));
        if let Self::Sourced(s) = &mut entry {
            s.comments = own_comment_lines(doc, list, index);
        }
        entry
    }

    /// `value`, a mapping whose key `k` is taken from the node at `r` of `doc` for each
    /// `(k, r)` of `parts` (possibly changed since), the other keys new.
    pub fn sourced_parts(value: Value, doc: &Arc<Document>, parts: Vec<(String, Route)>) -> Self {
        Self::Sourced(Sourced {
            value,
            doc: Arc::clone(doc),
            at: None,
            parts,
            comments: None,
        })
    }

    /// The entry as data.
    pub fn value(&self) -> Result<Value, EditError> {
        match self {
            Self::Data(v) => Ok(v.clone()),
            Self::Sourced(s) => Ok(s.value.clone()),
            Self::Text(c) => {
                let item = c.node()?;
                to_value(&c.source, item).map_err(|e| EditError::Unreadable(e.message))
            }
        }
    }

    /// What YAML 1.1 readers must read the entry as, when not [`Entry::value`]: copied text
    /// means what it meant in its file; new data means its value to every reader.
    pub fn yaml11(&self) -> Result<Option<Value>, EditError> {
        if self.comes_from_json() {
            // JSON says one thing to every reader.
            return Ok(None);
        }
        let meaning = match self {
            Self::Data(_) => return Ok(None),
            Self::Sourced(s) => match &s.at {
                Some(at) => match s.doc.node_at(at) {
                    Some(node) => meaning11(&s.value, &s.doc, node),
                    None => return Ok(None),
                },
                None => match &s.value {
                    Value::Object(m) => Value::Object(
                        m.iter()
                            .map(|(k, v)| {
                                let part = s.parts.iter().find(|(p, _)| p == k);
                                let meaning = match part.and_then(|(_, r)| s.doc.node_at(r)) {
                                    Some(node) => meaning11(v, &s.doc, node),
                                    None => v.clone(),
                                };
                                (k.clone(), meaning)
                            })
                            .collect(),
                    ),
                    other => other.clone(),
                },
            },
            Self::Text(c) => to_value_as(&c.source, c.node()?, Schema::Yaml11)
                .map_err(|e| EditError::Unreadable(e.message))?,
        };
        let value = self.value()?;
        Ok((meaning != value).then_some(meaning))
    }

    /// The entry as a Kubernetes cluster reads it, for a JSON manifest, which holds one value
    /// where YAML text may hold two: kubectl, Argo CD, Flux and kustomize read YAML as YAML 1.1
    /// does, so a value the two versions read differently is written as YAML 1.1 reads it
    /// (`0400` → 256, `no` → false). Unchanged when that reading holds a value JSON has no
    /// place for (a timestamp): the JSON editor then refuses it, naming it.
    pub fn as_cluster_reads(&self) -> Result<Entry, EditError> {
        match self.yaml11()? {
            Some(v) if !holds_not_json(&v) => Ok(Entry::Data(v)),
            _ => Ok(self.clone()),
        }
    }

    /// Whether its data comes from a JSON file: its numbers are JSON's, not YAML text to keep
    /// (`1e3` is a number there, a string to YAML 1.1 readers).
    fn comes_from_json(&self) -> bool {
        match self {
            Self::Data(_) => false,
            Self::Sourced(s) => s.doc.is_json(),
            Self::Text(c) => c.source.is_json(),
        }
    }

    /// The node the entry's data comes from, to write its scalars as they were written.
    pub(super) fn source(&self) -> Option<Source<'_>> {
        if self.comes_from_json() {
            return None;
        }
        match self {
            Self::Data(_) => None,
            Self::Sourced(s) => match &s.at {
                Some(at) => Some(Source::new(&s.doc, s.doc.node_at(at)?)),
                None => Some(Source::parts(&s.doc, &s.parts)),
            },
            Self::Text(c) => Some(Source::new(&c.source, c.node().ok()?)),
        }
    }
}

/// Whether a YAML 1.1 reading holds a value or key JSON has no place for (see
/// `yaml::to_value_as`).
fn holds_not_json(v: &Value) -> bool {
    match v {
        Value::String(s) => s.starts_with('\0'),
        Value::Array(a) => a.iter().any(holds_not_json),
        Value::Object(m) => m
            .iter()
            .any(|(k, v)| k.starts_with('\0') || holds_not_json(v)),
        _ => false,
    }
}

/// Where `core` and `yaml11` (two readings of one entry) first differ: the path below the entry
/// (`.secret.defaultMode`, `[0]`) and the two values there, as YAML text.
pub(super) fn first_difference(
    core: &Value,
    yaml11: &Value,
    path: String,
) -> Option<(String, (String, String))> {
    match (core, yaml11) {
        (Value::Object(a), Value::Object(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .find_map(|((k, v), (_, w))| first_difference(v, w, format!("{path}.{k}"))),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, format!("{path}[{i}]"))),
        _ if core == yaml11 => None,
        _ => {
            let shown = |v: &Value| match v.as_str() {
                Some(s) if s.starts_with('\0') => s[1..].to_string(),
                _ => crate::yaml::emit::scalar(v),
            };
            Some((path, (shown(core), shown(yaml11))))
        }
    }
}

/// The YAML 1.1 meaning of `value` taken from `node` of `doc`: each part of it that `node` holds
/// with the same value (by our reading) means what the node's text means to YAML 1.1 readers;
/// the rest (new or changed) means its value. Keys likewise.
fn meaning11(value: &Value, doc: &Document, node: &Node) -> Value {
    let node = doc.resolve(node);
    if let Ok(same) = to_value(doc, node)
        && same == *value
        && let Ok(meaning) = to_value_as(doc, node, Schema::Yaml11)
    {
        return meaning;
    }
    match value {
        Value::Object(m) => {
            let entries = doc.entries(node);
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                match entries.iter().find(|(key, ..)| key == k) {
                    Some((_, knode, vnode)) => {
                        let key = match to_value_as(doc, knode, Schema::Yaml11) {
                            Ok(Value::String(s)) if s == *k => s,
                            Ok(other) => format!("\u{0}{other}"),
                            Err(_) => k.clone(),
                        };
                        out.insert(key, meaning11(v, doc, vnode));
                    }
                    None => {
                        out.insert(k.clone(), v.clone());
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(a) => {
            let items = doc.items(node);
            Value::Array(
                a.iter()
                    .enumerate()
                    .map(|(i, v)| match items.get(i) {
                        Some(n) => meaning11(v, doc, n),
                        None => v.clone(),
                    })
                    .collect(),
            )
        }
        other => other.clone(),
    }
}

/// An item's text copied from another file, with what is needed to move it.
#[derive(Debug, Clone)]
pub struct Copied {
    /// The lines from the item's dash line to its last line, without line ends.
    pub lines: Vec<String>,
    /// The comment lines heading it, when they travel with it (a move, not a copy).
    pub heading: Vec<String>,
    /// Whether the item is moving (its comments must go where it goes), not copied.
    pub moving: bool,
    /// Column of the item's dash in its file.
    pub dash: usize,
    /// The source file and where the item is in it, to re-indent by structure.
    pub source: Arc<Document>,
    pub list: Route,
    pub index: usize,
    pub first_line: usize,
}

impl Copied {
    /// The item's node in its source file.
    fn node(&self) -> Result<&Node, EditError> {
        self.item()
            .map(|(item, _)| item)
            .ok_or_else(|| EditError::NotFound("the copied entry is gone".into()))
    }

    /// The item's node in its source file, and the items of its list.
    pub(super) fn item(&self) -> Option<(&Node, &[Node])> {
        match &self.source.node_at(&self.list)?.kind {
            Kind::Seq { items, .. } => Some((items.get(self.index)?, items)),
            _ => None,
        }
    }
}

/// [`copy_entry`] with the comment lines heading the item (see `edit::extent`): the item is
/// moving, not copied, and what was said of it goes with it.
pub fn move_entry(doc: &Arc<Document>, list: &Route, index: usize) -> Option<Entry> {
    let Entry::Text(mut c) = copy_entry(doc, list, index)? else {
        return None;
    };
    let (_, items) = c.item()?;
    let ext = item_extent(&doc.text, items, index)?;
    c.moving = true;
    c.heading = doc.text[ext.head..ext.start]
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .collect();
    Some(Entry::Text(c))
}

/// `entry` (copied from its source) with the comment lines after its last line up to `until`, a
/// line start in its source: when a line is taken out of the item before it is copied (the
/// `restartPolicy: Always` of a sidecar made classic), the comment lines above that line were
/// inside the item, whatever their column, and stay its own.
pub fn keep_comments_until(entry: Entry, until: usize) -> Entry {
    let Entry::Text(mut c) = entry else {
        return entry;
    };
    let text = c.source.text.as_str();
    let Some(end) = c
        .item()
        .and_then(|(_, items)| item_extent(text, items, c.index))
        .map(|e| e.end)
    else {
        return Entry::Text(c);
    };
    let Some(between) = text.get(end..until) else {
        return Entry::Text(c);
    };
    let is_comment = |l: &str| l.trim().is_empty() || l.trim_start().starts_with('#');
    if between.lines().all(is_comment) && between.lines().any(|l| !l.trim().is_empty()) {
        c.lines.extend(
            between
                .lines()
                .map(|l| l.trim_end_matches('\r').to_string()),
        );
    }
    Entry::Text(c)
}

/// The comments item `index` of the list at `list` owns (see [`OwnComments`]).
fn own_comment_lines(doc: &Document, list: &Route, index: usize) -> Option<OwnComments> {
    let seq = doc.node_at(list)?;
    let Kind::Seq { items, flow } = &seq.kind else {
        return None;
    };
    let text = doc.text.as_str();
    let item = items.get(index)?;
    let lines = |from: usize, to: usize| -> Vec<String> {
        text[from..to]
            .lines()
            .map(|l| l.trim_end_matches('\r').to_string())
            .collect()
    };
    if *flow {
        let members: Vec<(usize, usize)> = items.iter().map(|i| (i.start, i.end)).collect();
        return match flow_member_extent(text, &members, index) {
            Some(ext) => Some(OwnComments {
                heading: lines(ext.head, ext.start),
                after: Vec::new(),
                dash: column(text, item.start),
                same_line: ext.comment.map(|c| line_comment(text, c)),
            }),
            // `key: [{name: a}]  # keep me`: the list goes with its only item, so does its
            // comment.
            None if items.len() == 1 => Some(OwnComments {
                dash: column(text, item.start),
                same_line: comment_after(text, seq.end),
                ..OwnComments::default()
            }),
            None => None,
        };
    }
    let dash = dash_before(text, item.start)?;
    let ext = item_extent(text, items, index)?;
    let last = text[item.end..]
        .find('\n')
        .map_or(text.len(), |i| item.end + i + 1)
        .min(ext.end);
    let after = lines(last, ext.end);
    if !after
        .iter()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return None; // the item's own lines go on after its node: not only comments
    }
    let flow_item = matches!(
        item.kind,
        Kind::Map { flow: true, .. } | Kind::Seq { flow: true, .. }
    );
    Some(OwnComments {
        heading: lines(ext.head, ext.start),
        after,
        dash: column(text, dash),
        same_line: comment_after(text, item.end).filter(|_| flow_item),
    })
}

/// The text of item `index` of the block list at `list`, to copy into another file. `None` when
/// the item cannot be copied as text (it is not in a block list, or it holds anchors or aliases,
/// which must not travel to another file): copy its data instead.
pub fn copy_entry(doc: &Arc<Document>, list: &Route, index: usize) -> Option<Entry> {
    let Kind::Seq { items, flow: false } = &doc.node_at(list)?.kind else {
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
        heading: Vec::new(),
        moving: false,
        dash: column(text, dash),
        source: Arc::clone(doc),
        list: list.clone(),
        index,
        first_line,
    }))
}
