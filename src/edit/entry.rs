//! A new sequence item, and copying an item's text out of a file to put it into another.

use std::sync::Arc;

use serde_json::Value;

use super::error::EditError;
use super::extent::{block_header, block_scalar_ending_at, item_extent, line_start, strip_token};
use super::layout::{column, dash_before};
use crate::route::Route;
use crate::yaml::{Document, Kind, Node};

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
                let items = c
                    .source
                    .node_at(&c.list)
                    .map(|seq| c.source.items(seq))
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
    /// The item's node in its source file, and the items of its list.
    pub(super) fn item(&self) -> Option<(&Node, &[Node])> {
        match &self.source.node_at(&self.list)?.kind {
            Kind::Seq { items, .. } => Some((items.get(self.index)?, items)),
            _ => None,
        }
    }
}

/// [`copy_entry`] with the comment lines heading the item (see [`super::extent`]): the item is
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
