use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use granit_parser::{Event, Options, Parser, ScalarStyle, StructureStyle, Tag};

use crate::route::{Route, Step};

/// A parse failure with its 1-based position.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    /// Whether the JSON reader failed (the text was read as JSON): its codes are `json.*`.
    pub json: bool,
}

impl YamlError {
    pub(crate) fn at(message: impl Into<String>, line: usize, column: usize) -> Self {
        Self {
            message: message.into(),
            line,
            column,
            json: false,
        }
    }

    /// A failure of the JSON reader.
    pub(crate) fn json_at(message: impl Into<String>, line: usize, column: usize) -> Self {
        Self {
            json: true,
            ..Self::at(message, line, column)
        }
    }

    /// The diagnostic code of the failure: `yaml.syntax`, `json.duplicate-key`, ….
    pub fn code(&self) -> &'static str {
        let duplicate = self.message.starts_with("duplicate key");
        match (self.json, duplicate) {
            (true, true) => "json.duplicate-key",
            (true, false) => "json.syntax",
            (false, true) => "yaml.duplicate-key",
            (false, false) => "yaml.syntax",
        }
    }
}

/// One node of the located tree.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    /// Byte range of the node's own text. For block collections `end` is the end of their last
    /// descendant's content (trailing blank lines and comments are not part of the node).
    pub start: usize,
    pub end: usize,
    /// 1-based line and column of `start`.
    pub line: usize,
    pub column: usize,
    /// Anchor defined on this node, if any (boxed twice: one pointer, a node of every file).
    pub anchor: Option<Box<String>>,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Scalar {
        value: compact_str::CompactString,
        style: ScalarStyle,
        /// Boxed twice, as [`Node::anchor`].
        tag: Option<Box<String>>,
    },
    Map {
        entries: Vec<(Node, Node)>,
        flow: bool,
    },
    Seq {
        items: Vec<Node>,
        flow: bool,
    },
    Alias {
        name: String,
        /// The definition it refers to (names may be reused; ids are not).
        id: usize,
    },
}

/// A parsed file: its text, the root node of each of its YAML documents, and its anchored nodes
/// by definition id.
#[derive(Debug, Clone)]
pub struct Document {
    /// Shared: a change keeps the text it was made from without a copy (a Console project
    /// file of tens of megabytes would otherwise be held twice while it is planned).
    pub text: Arc<String>,
    /// The root of the first document: for most files (every service file), the only one.
    pub root: Node,
    /// The roots of the documents after the first (`---`), in file order.
    more: Vec<Node>,
    anchors: HashMap<usize, Node>,
    /// Read as JSON ([`super::parse_json`]): edits must keep it JSON.
    json: bool,
    keys: KeyIndex,
    /// What the file was on disk when this text was read from it, if its times can tell a
    /// later write: set by the loader, kept by the change written from this text.
    pub on_disk: Option<super::Stamp>,
}

/// Key → entry position of the large mappings looked up so far, built on first use. A Console
/// file maps thousands of service names; a scan per lookup would make a bulk edit quadratic.
#[derive(Debug, Default)]
struct KeyIndex(Mutex<HashMap<(usize, usize), Arc<Positions>>>);

/// Key → position among a mapping's entries.
type Positions = HashMap<String, usize>;

impl Clone for KeyIndex {
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// Mappings with fewer entries are scanned: no allocation on the common path.
const INDEXED: usize = 64;

impl Node {
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { value, style: ScalarStyle::Plain, tag: None }
            if matches!(value.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            Kind::Scalar { .. } if self.is_null() => "null",
            Kind::Scalar { .. } => "a scalar",
            Kind::Map { .. } => "a mapping",
            Kind::Seq { .. } => "a sequence",
            Kind::Alias { .. } => "an alias",
        }
    }

    /// Whether an alias or a merge key appears anywhere below (or at) this node.
    pub fn has_alias(&self) -> bool {
        match &self.kind {
            Kind::Alias { .. } => true,
            Kind::Scalar { .. } => false,
            Kind::Map { entries, .. } => {
                entries.iter().any(|(k, v)| k.has_alias() || v.has_alias())
            }
            Kind::Seq { items, .. } => items.iter().any(Node::has_alias),
        }
    }

    /// Whether an anchor is defined anywhere below (or at) this node.
    pub fn has_anchor(&self) -> bool {
        self.anchor.is_some()
            || match &self.kind {
                Kind::Map { entries, .. } => entries
                    .iter()
                    .any(|(k, v)| k.has_anchor() || v.has_anchor()),
                Kind::Seq { items, .. } => items.iter().any(Node::has_anchor),
                _ => false,
            }
    }
}

impl Document {
    /// A JSON document (JSON has no anchors).
    pub fn new_json(text: String, root: Node) -> Self {
        Self {
            text: Arc::new(text),
            root,
            more: Vec::new(),
            anchors: HashMap::new(),
            json: true,
            keys: KeyIndex::default(),
            on_disk: None,
        }
    }

    /// A copy whose [`super::SKIPPED`] placeholders at `routes` (values a streamed read left
    /// out) hold their values again, read from the shared text with their positions; the other
    /// placeholders stay. A change of thousands of services of one file plans them a batch at a
    /// time, each batch holding only its own services' trees.
    pub fn with_values(&self, routes: &[&Route]) -> Result<Document, YamlError> {
        let mut root = self.root.clone();
        let paths: Vec<&[Step]> = routes
            .iter()
            .filter(|r| r.doc == 0)
            .map(|r| r.path.as_slice())
            .collect();
        regrow(&self.text, &mut root, &paths)?;
        Ok(Document {
            text: Arc::clone(&self.text),
            root,
            more: Vec::new(),
            anchors: HashMap::new(),
            json: self.json,
            keys: KeyIndex::default(),
            on_disk: self.on_disk,
        })
    }

    /// Whether the text was read as JSON, and must stay JSON.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// How many YAML documents the file holds.
    pub fn documents(&self) -> usize {
        1 + self.more.len()
    }

    /// The root of document `doc` (0-based).
    pub fn root_of(&self, doc: usize) -> Option<&Node> {
        match doc {
            0 => Some(&self.root),
            n => self.more.get(n - 1),
        }
    }

    /// The root of every document, in file order.
    pub fn roots(&self) -> impl Iterator<Item = &Node> {
        std::iter::once(&self.root).chain(&self.more)
    }

    /// The node at `route` as written: explicit keys and items only, aliases not followed (an
    /// alias on the way is where the walk stops, with `None`), so an editor sees what it would
    /// change.
    pub fn node_at(&self, route: &Route) -> Option<&Node> {
        let mut cur = self.root_of(route.doc)?;
        for step in &route.path {
            cur = match (&cur.kind, step) {
                (Kind::Map { entries, .. }, Step::Key(key)) => {
                    &entries[self.position_of(cur, entries, key)?].1
                }
                (Kind::Seq { items, .. }, Step::Index(i)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// Where explicit key `key` stands among `entries`, the entries of mapping `map`.
    fn position_of(&self, map: &Node, entries: &[(Node, Node)], key: &str) -> Option<usize> {
        if entries.len() < INDEXED {
            return entries.iter().position(|(k, _)| k.as_str() == Some(key));
        }
        let index = {
            let mut all = self.keys.0.lock().unwrap_or_else(|e| e.into_inner());
            all.entry((map.start, map.end))
                .or_insert_with(|| {
                    let mut index = HashMap::with_capacity(entries.len());
                    for (i, (k, _)) in entries.iter().enumerate() {
                        // The first of two equal keys, as a scan finds it.
                        if let Some(k) = k.as_str() {
                            index.entry(k.to_string()).or_insert(i);
                        }
                    }
                    Arc::new(index)
                })
                .clone()
        };
        index.get(key).copied()
    }

    /// The node at `route` as read: aliases followed and merge keys applied, as [`Self::get`]
    /// and [`Self::items`] read.
    pub fn get_at(&self, route: &Route) -> Option<&Node> {
        let mut cur = self.resolve(self.root_of(route.doc)?);
        for step in &route.path {
            cur = match step {
                Step::Key(key) => self.get(cur, key)?,
                Step::Index(i) => *self.items(cur).get(*i)?,
            };
        }
        Some(cur)
    }

    /// The key node and the value node of the last step of `route`, a key of a mapping.
    pub fn entry_at(&self, route: &Route) -> Option<(&Node, &Node)> {
        let (parent, Step::Key(key)) = route.split_last()? else {
            return None;
        };
        match &self.node_at(&parent)?.kind {
            Kind::Map { entries, .. } => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key.as_str()))
                .map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    /// Follows an alias to the node it names.
    pub fn resolve<'a>(&'a self, node: &'a Node) -> &'a Node {
        match &node.kind {
            Kind::Alias { id, .. } => self.anchors.get(id).unwrap_or(node),
            _ => node,
        }
    }

    /// The entries of a mapping, with `<<` merge keys applied (explicit keys win).
    pub fn entries<'a>(&'a self, node: &'a Node) -> Vec<(&'a str, &'a Node, &'a Node)> {
        let mut out: Vec<(&str, &Node, &Node)> = Vec::new();
        let Kind::Map { entries, .. } = &self.resolve(node).kind else {
            return out;
        };
        let mut merged = Vec::new();
        for (k, v) in entries {
            match k.as_str() {
                Some("<<")
                    if matches!(
                        k.kind,
                        Kind::Scalar {
                            style: ScalarStyle::Plain,
                            ..
                        }
                    ) =>
                {
                    let v = self.resolve(v);
                    match &v.kind {
                        Kind::Seq { items, .. } => {
                            merged.extend(items.iter().map(|i| self.resolve(i)))
                        }
                        _ => merged.push(v),
                    }
                }
                Some(key) => out.push((key, k, v)),
                None => {}
            }
        }
        for m in merged {
            for (key, k, v) in self.entries(m) {
                if !out.iter().any(|(have, ..)| *have == key) {
                    out.push((key, k, v));
                }
            }
        }
        out
    }

    /// The value of `key` in a mapping (after merges and aliases).
    pub fn get<'a>(&'a self, node: &'a Node, key: &str) -> Option<&'a Node> {
        // The common case, an explicit key, without building the merged entry list.
        let map = self.resolve(node);
        if let Kind::Map { entries, .. } = &map.kind {
            if let Some(i) = self.position_of(map, entries, key) {
                return Some(self.resolve(&entries[i].1));
            }
            if !entries.iter().any(|(k, _)| k.as_str() == Some("<<")) {
                return None;
            }
        }
        self.entries(node)
            .into_iter()
            .find(|(k, ..)| *k == key)
            .map(|(_, _, v)| self.resolve(v))
    }

    /// The items of a sequence, aliases resolved.
    pub fn items<'a>(&'a self, node: &'a Node) -> Vec<&'a Node> {
        match &self.resolve(node).kind {
            Kind::Seq { items, .. } => items.iter().map(|i| self.resolve(i)).collect(),
            _ => Vec::new(),
        }
    }

    pub fn has_anchors(&self) -> bool {
        !self.anchors.is_empty()
    }

    pub fn anchor_by_id(&self, id: usize) -> Option<&Node> {
        self.anchors.get(&id)
    }

    /// The node an alias refers to.
    pub fn alias_target(&self, alias: &Node) -> Option<&Node> {
        match &alias.kind {
            Kind::Alias { id, .. } => self.anchors.get(id),
            _ => None,
        }
    }
}

/// Nodes deeper than this are refused: real configuration never nests like that, and the limit
/// keeps every later walk over the tree safely recursive.
pub(crate) const MAX_DEPTH: usize = 128;

/// Parses a file of exactly one YAML document. Empty input and several documents are errors: a
/// service file is exactly one mapping.
pub fn parse(text: String) -> Result<Document, YamlError> {
    parse_as(text, false)
}

/// Parses a stream of one or more YAML documents (`---` between them), as Kubernetes manifests
/// are written. Empty input is an error.
pub fn parse_stream(text: String) -> Result<Document, YamlError> {
    parse_as(text, true)
}

fn parse_as(text: String, several: bool) -> Result<Document, YamlError> {
    let Built { mut roots, anchors } = match super::fast::parse(&text, several) {
        Some(roots) => {
            #[cfg(debug_assertions)]
            same_as_full_parser(&text, several, &roots);
            Built {
                roots,
                anchors: HashMap::new(),
            }
        }
        None => Builder::run(&text, several)?,
    };
    let more = roots.split_off(1);
    let root = roots.pop().expect("run returns at least one document");
    Ok(Document {
        root,
        more,
        anchors,
        text: Arc::new(text),
        json: false,
        keys: KeyIndex::default(),
        on_disk: None,
    })
}

/// Debug builds read every file the fast reader reads with the full parser too: the whole test
/// suite then proves the two agree.
#[cfg(any(test, debug_assertions))]
pub(super) fn same_as_full_parser(text: &str, several: bool, fast: &[Node]) {
    match Builder::run(text, several) {
        Ok(full) => assert_eq!(
            format!("{:?}", full.roots),
            format!("{fast:?}"),
            "the fast reader disagrees with the parser on {text:?}"
        ),
        Err(e) => panic!("the fast reader read {text:?}, which the parser refuses: {e}"),
    }
}

struct Built {
    roots: Vec<Node>,
    anchors: HashMap<usize, Node>,
}

struct Frame {
    node: Node,
    key: Option<Node>,
    /// Keys seen, once the mapping is too big for a linear scan to find duplicates.
    keys: Option<HashSet<String>>,
    anchor_id: usize,
}

struct Builder<'t> {
    text: &'t str,
    stack: Vec<Frame>,
    /// The root of each document finished so far.
    roots: Vec<Node>,
    anchors: HashMap<usize, Node>,
    anchor_names: HashMap<usize, String>,
    documents: usize,
    /// Whether several documents are allowed.
    several: bool,
    /// Whether the last node event opened a collection (an anchor event then names it).
    just_opened: bool,
}

fn position(m: &granit_parser::Marker) -> (usize, usize) {
    (m.line(), m.col() + 1)
}

/// A node of `kind` where the event's span is.
fn node_at(span: &granit_parser::Span, kind: Kind) -> Node {
    let start = span.start.byte_offset().unwrap_or(0);
    let (line, column) = position(&span.start);
    Node {
        kind,
        start,
        end: span.end.byte_offset().unwrap_or(start),
        line,
        column,
        anchor: None,
    }
}

impl<'t> Builder<'t> {
    fn run(text: &'t str, several: bool) -> Result<Built, YamlError> {
        let mut options = Options::default();
        options.emit_comments = false;
        options.emit_anchor_events = true;
        options.block_nesting_limit = MAX_DEPTH;
        options.flow_nesting_limit = MAX_DEPTH;
        let parser = Parser::new_from_str_with_options(text, options);
        let mut b = Builder {
            text,
            stack: Vec::new(),
            roots: Vec::new(),
            anchors: HashMap::new(),
            anchor_names: HashMap::new(),
            documents: 0,
            several,
            just_opened: false,
        };
        for event in parser {
            let (event, span) = event.map_err(|e| {
                let (line, column) = position(e.marker());
                YamlError::at(e.info(), line, column)
            })?;
            b.event(event, span)?;
        }
        if b.roots.is_empty() {
            return Err(YamlError::at("the file holds no YAML document", 1, 1));
        }
        Ok(Built {
            roots: b.roots,
            anchors: b.anchors,
        })
    }

    fn event(&mut self, event: Event<'_>, span: granit_parser::Span) -> Result<(), YamlError> {
        let opens = matches!(event, Event::SequenceStart(..) | Event::MappingStart(..));
        if !matches!(event, Event::Anchor(..)) {
            self.just_opened = opens;
        }
        match event {
            Event::DocumentStart(..) => self.document_start(&span),
            Event::Anchor(id, name) => {
                self.anchor(id, name);
                Ok(())
            }
            Event::Scalar(value, style, _, tag) => self.scalar(value, style, tag, &span),
            Event::Alias(id) => {
                let name = self.anchor_names.get(&id).cloned().unwrap_or_default();
                self.push_value(node_at(&span, Kind::Alias { name, id }))
            }
            Event::SequenceStart(style, ..) => {
                let flow = style == StructureStyle::Flow;
                let items = Vec::new();
                self.open(node_at(&span, Kind::Seq { items, flow }))
            }
            Event::MappingStart(style, ..) => {
                let flow = style == StructureStyle::Flow;
                let entries = Vec::new();
                self.open(node_at(&span, Kind::Map { entries, flow }))
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(&span),
            _ => Ok(()),
        }
    }

    fn document_start(&mut self, span: &granit_parser::Span) -> Result<(), YamlError> {
        self.documents += 1;
        if self.documents > 1 && !self.several {
            let (line, column) = position(&span.start);
            return Err(YamlError::at(
                "the file holds several YAML documents; a file must hold exactly one",
                line,
                column,
            ));
        }
        Ok(())
    }

    /// The anchor follows its node's start event: name whichever node it was.
    fn anchor(&mut self, id: usize, name: Cow<'_, str>) {
        self.anchor_names.insert(id, name.to_string());
        match self.stack.last_mut() {
            Some(frame) if self.just_opened => {
                frame.node.anchor = Some(Box::new(name.into()));
                frame.anchor_id = id;
            }
            _ => self.name_last_scalar(name.to_string(), id),
        }
    }

    fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: ScalarStyle,
        tag: Option<Cow<'_, Tag>>,
        span: &granit_parser::Span,
    ) -> Result<(), YamlError> {
        let tag = tag.map(|t| Box::new(t.to_string()));
        let mut value = value.into_owned();
        let mut n = node_at(
            span,
            Kind::Scalar {
                value: Default::default(),
                style,
                tag,
            },
        );
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            n.end = block_scalar(self.text, n.start, n.end, &mut value);
        }
        if let Kind::Scalar { value: v, .. } = &mut n.kind {
            *v = value.into();
        }
        self.push_value(n)
    }

    /// A collection's end event: it is complete, and takes its place in its parent.
    fn close(&mut self, span: &granit_parser::Span) -> Result<(), YamlError> {
        let Some(mut frame) = self.stack.pop() else {
            return Ok(());
        };
        let flow = matches!(
            frame.node.kind,
            Kind::Seq { flow: true, .. } | Kind::Map { flow: true, .. }
        );
        // A block collection ends where its last child does (block scalars' ends are made
        // exact in `block_scalar`).
        frame.node.end = if flow {
            let start = span.start.byte_offset().unwrap_or(0);
            span.end.byte_offset().unwrap_or(start)
        } else {
            last_child_end(&frame.node)
        };
        self.place(frame.node, frame.anchor_id)
    }

    /// The anchor event came after a scalar that is already placed: find it.
    fn name_last_scalar(&mut self, name: String, id: usize) {
        let slot = match self.stack.last_mut() {
            Some(Frame { key: Some(k), .. }) => Some(k),
            Some(Frame {
                node:
                    Node {
                        kind: Kind::Seq { items, .. },
                        ..
                    },
                ..
            }) => items.last_mut(),
            Some(Frame {
                node:
                    Node {
                        kind: Kind::Map { entries, .. },
                        ..
                    },
                ..
            }) => entries.last_mut().map(|(_, v)| v),
            _ => self.roots.last_mut(),
        };
        if let Some(n) = slot {
            n.anchor = Some(name.into());
            self.anchors.insert(id, n.clone());
        }
    }

    fn open(&mut self, node: Node) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError::at(
                format!("nesting deeper than {MAX_DEPTH} levels"),
                node.line,
                node.column,
            ));
        }
        self.stack.push(Frame {
            node,
            key: None,
            keys: None,
            anchor_id: 0,
        });
        Ok(())
    }

    fn push_value(&mut self, node: Node) -> Result<(), YamlError> {
        self.place(node, 0)
    }

    /// Places a finished node; `anchor_id` registers an anchored collection.
    fn place(&mut self, node: Node, anchor_id: usize) -> Result<(), YamlError> {
        if anchor_id != 0 {
            self.anchors.insert(anchor_id, node.clone());
        }
        let Some(frame) = self.stack.last_mut() else {
            self.roots.push(node);
            return Ok(());
        };
        match &mut frame.node.kind {
            Kind::Seq { items, .. } => items.push(node),
            Kind::Map { entries, .. } => match frame.key.take() {
                None => {
                    if let Some(k) = node.as_str()
                        && k != "<<"
                        && seen_before(entries, &mut frame.keys, k)
                    {
                        return Err(YamlError::at(
                            format!("duplicate key `{k}`"),
                            node.line,
                            node.column,
                        ));
                    }
                    frame.key = Some(node);
                }
                Some(key) => entries.push((key, node)),
            },
            _ => {}
        }
        Ok(())
    }
}

/// Up to this many keys, a mapping's keys are compared one by one; beyond, through a set.
pub(super) const SCAN: usize = 32;

/// Whether mapping `entries` already hold key `k`: a scan while the mapping is small (no
/// allocation on the common path), a set once it is large (no quadratic time on hostile input).
pub(super) fn seen_before(
    entries: &[(Node, Node)],
    keys: &mut Option<HashSet<String>>,
    k: &str,
) -> bool {
    if keys.is_none() && entries.len() < SCAN {
        return entries.iter().any(|(e, _)| e.as_str() == Some(k));
    }
    let set = keys.get_or_insert_with(|| {
        entries
            .iter()
            .filter_map(|(e, _)| e.as_str().map(str::to_string))
            .collect()
    });
    !set.insert(k.to_string())
}

/// The end of a block collection's last child (for a mapping, the later of key and value, since a
/// key with an empty value ends at the key).
fn last_child_end(node: &Node) -> usize {
    match &node.kind {
        Kind::Map { entries, .. } => entries.last().map_or(node.start, |(k, v)| k.end.max(v.end)),
        Kind::Seq { items, .. } => items.last().map_or(node.start, |i| i.end),
        _ => node.end,
    }
}

/// A block scalar (`|`, `>`, with any chomping) whose text starts at `start` (its first content
/// line, at the block's indentation) and whose parser span ends at `span_end`, which runs on over
/// trailing blank lines into the next line's indentation. Returns the end of its own text: its
/// last content line, and for keep chomping (`+`) the trailing blank lines its value holds.
///
/// Also corrects the value where the parser reads a line break that is not there: a last content
/// line at the end of a file without a final line break has none, so clip and keep chomping add
/// none (YAML 1.2 §8.1.1.2; libyaml agrees).
fn block_scalar(text: &str, start: usize, span_end: usize, value: &mut String) -> usize {
    let span_end = span_end.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent = start - line_start;
    // The end of the last content line: one holding more than the indentation.
    let mut content_end = start;
    let mut at = line_start;
    while at < span_end {
        let next = text[at..span_end]
            .find('\n')
            .map_or(span_end, |i| at + i + 1);
        let line = text[at..next].trim_end_matches(['\n', '\r']);
        if line.bytes().any(|b| b != b' ') || line.len() > indent {
            content_end = at + line.len();
        }
        at = next;
    }
    if content_end == text.len() && value.ends_with('\n') {
        value.pop();
    }
    // Keep chomping holds the trailing blank lines as line breaks: the scalar's text runs over
    // as many lines as its value has line breaks after the content line's own.
    let kept = value.len() - value.trim_end_matches('\n').len();
    let mut end = content_end;
    if kept > 1
        && let Some(i) = text[end..span_end].find('\n')
    {
        end += i;
        for _ in 1..kept {
            match text.get(end + 1..span_end).and_then(|rest| rest.find('\n')) {
                Some(i) => end += 1 + i,
                None => break,
            }
        }
    }
    end
}

/// Reads again the placeholders of `node` at `paths` (relative to it): each map or list on the
/// way is walked once, whatever the number of paths (thousands of services of one map).
fn regrow(text: &str, node: &mut Node, paths: &[&[Step]]) -> Result<(), YamlError> {
    if paths.iter().any(|p| p.is_empty()) {
        if matches!(&node.kind, Kind::Scalar { tag: Some(t), .. } if **t == super::SKIPPED) {
            *node = super::json::parse_json_at(text, node)?;
        }
        return Ok(());
    }
    let mut keys: HashMap<&str, Vec<&[Step]>> = HashMap::new();
    let mut indexes: HashMap<usize, Vec<&[Step]>> = HashMap::new();
    for p in paths {
        match &p[0] {
            Step::Key(k) => keys.entry(k.as_str()).or_default().push(&p[1..]),
            Step::Index(i) => indexes.entry(*i).or_default().push(&p[1..]),
        }
    }
    match &mut node.kind {
        Kind::Map { entries, .. } => {
            for (k, v) in entries.iter_mut() {
                if let Some(rest) = k.as_str().and_then(|k| keys.get(k)) {
                    regrow(text, v, rest)?;
                }
            }
        }
        Kind::Seq { items, .. } => {
            for (i, item) in items.iter_mut().enumerate() {
                if let Some(rest) = indexes.get(&i) {
                    regrow(text, item, rest)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}
