//! Removing one member of a mapping that stays, `{}` when it empties: a chart's default value
//! (`sidecarContainers: {}`) must stay for its templates to read.

use serde_json::Value;

use super::editor::{Editor, LastLine, flow_text, shape};
use super::error::EditError;
use super::extent::{heading_start, line_end, line_start, trailing_comments_end};
use super::layout::column;
use super::patch::Patch;
use super::splice::Splice;
use crate::route::Route;
use crate::yaml::{Kind, Node, Schema, emit, to_value_as};

impl Editor<'_> {
    /// Removes the member `key` of the mapping at `map`, with the comment lines directly above
    /// it. The mapping's last member leaves it as `{}`, its key and that key's line (comments
    /// and all) as they are. A flow mapping stays flow.
    pub fn remove_member_keeping_map(&mut self, map: &Route, key: &str) -> Result<(), EditError> {
        let name = self.name(map);
        let (map_key, node) = self
            .doc
            .entry_at(map)
            .ok_or_else(|| EditError::NotFound(format!("no `{name}` mapping")))?;
        let Kind::Map { entries, flow } = &node.kind else {
            return shape(format!("`{name}` is not a mapping"));
        };
        let Some(index) = entries.iter().position(|(k, _)| k.as_str() == Some(key)) else {
            return Err(EditError::NotFound(format!("no `{key}` in `{name}`")));
        };
        self.refuse_shared(node.start, &format!("the mapping `{name}`"))?;
        let (k, v) = &entries[index];
        let text = self.text();
        if entries.len() == 1 && (*flow || self.is_json()) {
            self.splices.push(Splice::new(node.start, node.end, "{}"));
        } else if *flow || self.is_json() {
            self.remove_flow_member(node, k);
        } else {
            let col = column(text, k.start);
            let floor = match index {
                0 => line_end(text, map_key.end),
                i => {
                    let (pk, pv) = &entries[i - 1];
                    trailing_comments_end(text, line_end(text, pv.end.max(pk.end)), col)
                }
            };
            let head = heading_start(text, line_start(text, k.start), col, floor);
            let end = trailing_comments_end(text, line_end(text, v.end.max(k.end)), col);
            if entries.len() == 1 {
                let colon = text[map_key.end..]
                    .find(':')
                    .map(|i| map_key.end + i + 1)
                    .ok_or_else(|| EditError::Shape(format!("`{name}` has no `:`")))?;
                self.splices.push(Splice::new(colon, colon, " {}"));
                self.push_removal(head, end);
            } else {
                let last = index + 1 == entries.len();
                let (start, end) = self.with_separator(head, end, floor, (index == 0, last));
                self.push_removal(start, end);
            }
        }
        let left = |schema| -> Result<Value, EditError> {
            let mut v =
                to_value_as(self.doc, node, schema).map_err(|e| EditError::Shape(e.message))?;
            if let Value::Object(m) = &mut v {
                m.remove(key);
            }
            Ok(v)
        };
        let (value, yaml11) = (left(Schema::Core)?, left(Schema::Yaml11)?);
        self.patches.push(Patch::Set {
            route: map.clone(),
            yaml11: (yaml11 != value).then_some(yaml11),
            value,
        });
        Ok(())
    }
}

impl Editor<'_> {
    /// Adds `key: value` to the empty flow mapping `map` (`{}`) at `route`: as block lines
    /// under its key when the mapping holding it is a block one (a values file's
    /// `sidecarContainers: {}`), in flow where that one is flow too.
    pub(super) fn fill_empty_map(
        &mut self,
        route: &Route,
        map: &Node,
        key: &str,
        value: &Value,
        what: &str,
    ) -> Result<(), EditError> {
        let parent = route.split_last().and_then(|(p, _)| self.doc.node_at(&p));
        let block_parent = matches!(parent.map(|p| &p.kind), Some(Kind::Map { flow: false, .. }));
        let Some((map_key, _)) = self.doc.entry_at(route).filter(|_| block_parent) else {
            return self.insert_entry(map, key, value, what);
        };
        self.refuse_shared(map.start, what)?;
        let text = self.text();
        let colon = text[map_key.end..map.start]
            .find(':')
            .map(|i| map_key.end + i + 1)
            .ok_or_else(|| EditError::Shape(format!("{what} has no `:`")))?;
        let indent = column(text, map_key.start) + self.layout().indent;
        let key_text = emit::scalar(&Value::String(key.into()));
        let mut lines = vec![format!("{}{key_text}:", " ".repeat(indent))];
        match value {
            Value::Object(m) if !m.is_empty() => {
                let deeper = " ".repeat(indent + self.layout().indent);
                lines.extend(self.emit(value).into_iter().map(|l| format!("{deeper}{l}")));
            }
            other => lines[0].push_str(&format!(" {}", flow_text(other))),
        }
        self.splices.push(Splice::new(colon, map.end, ""));
        self.insert_lines_after(map.end, &lines, false, LastLine::Plain);
        Ok(())
    }
}
