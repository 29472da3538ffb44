//! The editor's list operations: append, insert, remove and replace an item of the sequence
//! under a key of a block mapping, anywhere in the file.

use super::editor::{
    Editor, LastLine, after_blank_lines, collect_aliases, is_blank_line, last_line, shape,
};
use super::entry::{Entry, Sourced};
use super::error::EditError;
use super::extent::{
    Extent, block_header, block_scalar_ending_at, comment_after, flow_member_extent, heading_start,
    item_extent, line_end, line_start, map_end, trailing_comments_end,
};
use super::layout::{column, dash_before};
use super::op::Written;
use super::patch::Patch;
use super::splice::Splice;
use crate::route::{Route, Step};
use crate::yaml::{Document, Kind, Node};

/// An item to remove from a list that holds more (or a key of a flow mapping): see
/// [`Editor::flush_removals`].
#[derive(Debug, Clone)]
pub(super) enum Removal {
    /// Item `index` of the block list at the route.
    Item(Route, usize),
    /// Member `index` of a flow collection whose members span these bytes.
    Flow {
        members: Vec<(usize, usize)>,
        index: usize,
    },
}

/// Whether a line of YAML holds a comment: a `#` at its start or after a space, outside quotes.
fn has_comment(line: &str) -> bool {
    let mut quote = None;
    let mut prev = ' ';
    let mut escaped = false;
    for ch in line.chars() {
        match quote {
            Some('"') if escaped => escaped = false,
            Some('"') if ch == '\\' => escaped = true,
            Some(q) if ch == q => quote = None,
            Some(_) => {}
            None if ch == '#' && (prev == ' ' || prev == '\t') => return true,
            None if matches!(ch, '"' | '\'') && matches!(prev, ' ' | '[' | '{' | ',' | ':') => {
                quote = Some(ch)
            }
            None => {}
        }
        prev = ch;
    }
    false
}

/// Sorted indexes as runs of neighbours (first, last).
fn runs(mut idx: Vec<usize>) -> Vec<(usize, usize)> {
    idx.sort_unstable();
    idx.dedup();
    let mut out: Vec<(usize, usize)> = Vec::new();
    for i in idx {
        match out.last_mut() {
            Some((_, b)) if *b + 1 == i => *b = i,
            _ => out.push((i, i)),
        }
    }
    out
}

impl<'d> Editor<'d> {
    /// [`Editor::append`] on YAML.
    pub(super) fn yaml_append(
        &mut self,
        list: &Route,
        entry: &Entry,
    ) -> Result<Written, EditError> {
        let (parent, key) = self.parent_map(list)?;
        let Kind::Map { entries, flow } = &parent.kind else {
            return Err(self.not_block_map(list));
        };
        let name = self.name(list);
        let found = entries.iter().find(|(k, _)| k.as_str() == Some(key));
        if let Some((_, seq)) = found {
            self.refuse_list_alias(&name, seq)?;
        }
        let value = entry.value()?;
        match found {
            Some((_, seq)) if matches!(&seq.kind, Kind::Seq { flow: true, items } if *flow || !items.is_empty()) =>
            {
                // A flow list stays one: `[a, b]` becomes `[a, b, c]`, the entry in flow style
                // (`[]` too, in a flow mapping).
                let Kind::Seq { items, .. } = &seq.kind else {
                    unreachable!()
                };
                self.add_in_flow(
                    seq.start + 1,
                    items.last().map(|i| i.end),
                    &self.flow_item(entry, &value)?,
                );
            }
            Some((_, seq)) if matches!(&seq.kind, Kind::Seq { items, .. } if !items.is_empty()) => {
                let Kind::Seq { items, .. } = &seq.kind else {
                    unreachable!()
                };
                self.append_to_block_list(items, entry)?;
            }
            Some(_) if self.join_made_list(parent, key, entry, *flow)? => {}
            Some((k, seq)) if *flow && seq.is_null() => {
                self.null_becomes_flow_list(parent, key, (k, seq), entry, &value)?;
            }
            Some((k, seq))
                if seq.is_null()
                    || matches!(&seq.kind, Kind::Seq { items, .. } if items.is_empty()) =>
            {
                self.empty_becomes_block_list(parent, key, (k, seq), entry)?;
            }
            Some(_) => return shape(format!("`{name}` is not a list")),
            None if self.join_made_list(parent, key, entry, *flow)? => {}
            None => self.add_key_with_list(parent, key, entry, &value)?,
        }
        Ok(Written {
            value,
            yaml11: entry.yaml11()?,
        })
    }

    /// The entry after the last item of a block list, dashed as the first item is.
    fn append_to_block_list(&mut self, items: &[Node], entry: &Entry) -> Result<(), EditError> {
        let text = self.text();
        let first = items[0].start;
        let dash = dash_before(text, first).map_or(column(text, first), |d| column(text, d));
        let extents = self.extents(items)?;
        let spaced = self.spaced(&extents);
        let lines = match self.as_flow_item(items, entry) {
            Some(line) => vec![format!("{}{line}", " ".repeat(dash))],
            None => self.entry_lines(entry, dash),
        };
        let last = last_line(entry)?;
        self.insert_lines_at(extents[items.len() - 1].end, &lines, spaced, last);
        Ok(())
    }

    /// `{key: null}`: the value becomes a flow list holding the entry.
    fn null_becomes_flow_list(
        &mut self,
        parent: &Node,
        key: &str,
        (k, seq): (&Node, &Node),
        entry: &Entry,
        value: &serde_json::Value,
    ) -> Result<(), EditError> {
        let item = format!("[{}]", self.flow_item(entry, value)?);
        let splice = if seq.end > seq.start {
            Splice::new(seq.start, seq.end, item)
        } else {
            let text = self.text();
            let colon = text[k.end..].find(':').map_or(k.end, |i| k.end + i + 1);
            Splice::new(colon, colon, format!(" {item}"))
        };
        self.splices.push(splice);
        let i = self.splices.len() - 1;
        self.new_lists
            .push((parent.start, key.to_string(), i, false));
        Ok(())
    }

    /// `key:`, `key: ~`, `key: []`: the value (not an anchor or a comment) goes, and the entry
    /// becomes the first of a block list; an empty list shows no style of its own to keep.
    fn empty_becomes_block_list(
        &mut self,
        parent: &Node,
        key: &str,
        (k, seq): (&Node, &Node),
        entry: &Entry,
    ) -> Result<(), EditError> {
        let dash = column(self.text(), k.start) + self.seq_indent();
        let lines = self.entry_lines(entry, dash);
        self.clear_value(seq);
        let last = last_line(entry)?;
        let i = self.insert_lines_after(seq.end.max(k.end), &lines, false, last);
        self.new_lists
            .push((parent.start, key.to_string(), i, false));
        Ok(())
    }

    /// A mapping without the key gains it, holding a list of the entry: in flow style in a
    /// flow mapping (`{a: 1}` gains `key: [entry]`), else a block list after its last line.
    fn add_key_with_list(
        &mut self,
        parent: &Node,
        key: &str,
        entry: &Entry,
        value: &serde_json::Value,
    ) -> Result<(), EditError> {
        let Kind::Map { entries, flow } = &parent.kind else {
            unreachable!("the caller checked it is a mapping")
        };
        let i = if *flow {
            let key_text = crate::yaml::emit::scalar(&serde_json::Value::String(key.into()));
            let item = format!("{key_text}: [{}]", self.flow_item(entry, value)?);
            let last = entries.last().map(|(k, v)| v.end.max(k.end));
            self.add_in_flow(parent.start + 1, last, &item)
        } else {
            let text = self.text();
            let col = entries.first().map_or(0, |(k, _)| column(text, k.start));
            let dash = col + self.seq_indent();
            let mut lines = vec![format!("{}{key}:", " ".repeat(col))];
            lines.extend(self.entry_lines(entry, dash));
            let last = last_line(entry)?;
            self.insert_lines_at(map_end(text, parent), &lines, false, last)
        };
        self.new_lists
            .push((parent.start, key.to_string(), i, true));
        Ok(())
    }

    /// A new entry of flat data (`{name: A, value: b}`) among items that are all flow mappings
    /// of one line each is written as they are: `- {name: A, value: b}`.
    fn as_flow_item(&self, items: &[Node], entry: &Entry) -> Option<String> {
        let text = self.text();
        let Entry::Data(serde_json::Value::Object(m)) = entry else {
            return None;
        };
        let flat = m.values().all(|v| !v.is_object() && !v.is_array());
        let all_flow = !items.is_empty()
            && items.iter().all(|i| {
                matches!(i.kind, Kind::Map { flow: true, .. })
                    && !text[i.start..i.end].contains('\n')
            });
        let gap = items
            .first()
            .and_then(|i| dash_before(text, i.start).map(|d| i.start - d))
            .unwrap_or(2);
        (flat && all_flow).then(|| {
            let value = serde_json::Value::Object(m.clone());
            format!(
                "-{}{}",
                " ".repeat(gap.max(1) - 1),
                crate::yaml::emit::flow_text(&value, None)
            )
        })
    }

    /// The entry as an item of a flow list. An entry moving with comments is refused: a flow
    /// item is written from its data, and its comments would be lost (a copy leaves them in
    /// its source).
    fn flow_item(&self, entry: &Entry, value: &serde_json::Value) -> Result<String, EditError> {
        let moving_with_comments = match entry {
            Entry::Text(c)
                if c.moving && c.heading.iter().chain(&c.lines).any(|l| has_comment(l)) =>
            {
                Some(c.first_line + 1)
            }
            Entry::Sourced(Sourced {
                comments: Some(c),
                doc,
                at: Some(at),
                ..
            }) if c.any() => Some(doc.node_at(at).map_or(0, |n| n.line)),
            _ => None,
        };
        if let Some(line) = moving_with_comments {
            let name = value
                .get("name")
                .and_then(|n| n.as_str())
                .unwrap_or("the entry");
            return shape(format!(
                "`{name}` (line {line}) holds comments, which an entry of a flow list (`[...]`) cannot keep; move it by hand, or write the list as a block list"
            ));
        }
        Ok(crate::yaml::emit::flow_text(value, entry.source()))
    }

    /// A second entry of a list this editor is creating under `key` joins the first; false when
    /// it creates none there.
    fn join_made_list(
        &mut self,
        parent: &Node,
        key: &str,
        entry: &Entry,
        flow: bool,
    ) -> Result<bool, EditError> {
        let Some(i) = self.made_list(parent.start, key) else {
            return Ok(false);
        };
        if flow {
            // `key: [a]`, made in a flow mapping: `]` is its last byte.
            let item = self.flow_item(entry, &entry.value()?)?;
            let body = &mut self.splices[i].with;
            body.pop();
            body.push_str(&format!(", {item}]"));
            return Ok(true);
        }
        let text = self.text();
        let col = match &parent.kind {
            Kind::Map { entries, .. } => entries.first().map_or(0, |(k, _)| column(text, k.start)),
            _ => 0,
        };
        let lines = self.entry_lines(entry, col + self.seq_indent());
        let nl = self.layout().newline();
        let body = &mut self.splices[i].with;
        let ends_with_break = body.ends_with('\n');
        for l in lines {
            if ends_with_break {
                body.push_str(&l);
                body.push_str(nl);
            } else {
                body.push_str(nl);
                body.push_str(&l);
            }
        }
        Ok(true)
    }

    /// [`Editor::insert`] on YAML; where the item went (`None`: at the end).
    pub(super) fn yaml_insert(
        &mut self,
        list: &Route,
        index: usize,
        entry: &Entry,
    ) -> Result<(Option<usize>, Written), EditError> {
        let name = self.name(list);
        let len = match self.doc.node_at(list).map(|n| &n.kind) {
            Some(Kind::Seq { items, .. }) => items.len(),
            _ => 0,
        };
        if index >= len {
            if index > len {
                return Err(EditError::NotFound("no such entry".into()));
            }
            return self.yaml_append(list, entry).map(|w| (None, w));
        }
        let text = self.text();
        let seq = self.list_node(list)?;
        self.refuse_list_alias(&name, seq)?;
        let Kind::Seq { items, flow } = &seq.kind else {
            return shape(format!("`{name}` is not a list"));
        };
        let item = &items[index];
        if *flow {
            let value = self.flow_item(entry, &entry.value()?)?;
            self.splices
                .push(Splice::new(item.start, item.start, format!("{value}, ")));
        } else {
            let extents = self.extents(items)?;
            let dash = dash_before(text, item.start)
                .ok_or_else(|| EditError::Shape("an entry of the list has no `-`".into()))?;
            let last = last_line(entry)?;
            // Entries separated by blank lines keep one after the new entry (unless a keep
            // block scalar ends it: the blank line would join its value).
            let spaced = self.spaced(&extents) && last != LastLine::Kept;
            let nl = self.layout().newline();
            let mut body = String::new();
            for l in self.entry_lines(entry, column(text, dash)) {
                body.push_str(&l);
                body.push_str(nl);
            }
            let at = extents[index].head;
            // A heading deeper than the `-` would be read as the new entry's trailing comments;
            // a blank line between keeps it its entry's (see `extent`).
            if spaced || (last != LastLine::Kept && self.deeper_than(at, column(text, dash))) {
                body.push_str(nl);
            }
            self.splices.push(Splice::new(at, at, body));
        }
        let written = Written {
            value: entry.value()?,
            yaml11: entry.yaml11()?,
        };
        Ok((Some(index), written))
    }

    /// [`Editor::replace`] on YAML.
    pub(super) fn yaml_replace(
        &mut self,
        list: &Route,
        index: usize,
        entry: &Entry,
    ) -> Result<Written, EditError> {
        let item = self.item(list, index)?;
        self.refuse_shared(item.start, "the entry")?;
        let text = self.text();
        let value = entry.value()?;
        let yaml11 = entry.yaml11()?;
        if matches!(self.list_node(list)?.kind, Kind::Seq { flow: true, .. }) {
            self.splices.push(Splice::new(
                item.start,
                item.end,
                self.flow_item(entry, &value)?,
            ));
            return Ok(Written { value, yaml11 });
        }
        let ext = self.extent(list, index)?;
        let dash = dash_before(text, item.start)
            .ok_or_else(|| EditError::Shape("the entry is not in a block list".into()))?;
        let nl = self.layout().newline();
        // A flow mapping replaced by flat data stays one (its heading comments stay too).
        let mut lines = match self.as_flow_item(std::slice::from_ref(item), entry) {
            Some(line) => vec![format!("{}{line}", " ".repeat(column(text, dash)))],
            None => self.entry_lines(entry, column(text, dash)),
        };
        // A flow entry's comment on its line stays, on the first line of what replaces it.
        if matches!(
            item.kind,
            Kind::Map { flow: true, .. } | Kind::Seq { flow: true, .. }
        ) && let Some(comment) = comment_after(text, item.end)
            && let Some(first) = lines.first_mut().filter(|l| !has_comment(l))
        {
            first.push_str(&comment);
        }
        let mut body = lines.join(nl);
        let last = last_line(entry)?;
        if text[..ext.end].ends_with('\n') || last != LastLine::Plain {
            body.push_str(nl);
        }
        let end = match last {
            LastLine::Kept => after_blank_lines(text, ext.end),
            _ => ext.end,
        };
        if last != LastLine::Plain {
            self.kept_breaks.push(self.splices.len());
        }
        self.splices.push(Splice::new(ext.start, end, body));
        Ok(Written { value, yaml11 })
    }

    /// [`Editor::remove`] on YAML; whether the item was the list's last.
    pub(super) fn yaml_remove(&mut self, list: &Route, index: usize) -> Result<bool, EditError> {
        let doc = self.doc;
        let text = self.text();
        let name = self.name(list);
        let (key_node, seq, items, flow) = self.list_to_remove(list, &name)?;
        let item = items
            .get(index)
            .ok_or_else(|| EditError::NotFound("no such entry".into()))?;
        if let Some(name) = self.anchor_used_outside(item) {
            return Err(EditError::AnchorUsedElsewhere { name });
        }
        if items.len() > 1 {
            // Made into splices at the end, with the other items removed from the list.
            self.removals.push(match flow {
                true => Removal::Flow {
                    members: items.iter().map(|i| (i.start, i.end)).collect(),
                    index,
                },
                false => Removal::Item(list.clone(), index),
            });
            return Ok(false);
        }
        let key_line = line_start(text, key_node.start);
        let parent = list
            .split_last()
            .and_then(|(parent, _)| doc.node_at(&parent));
        if let Some(Kind::Map { entries, .. }) = parent.map(|p| &p.kind)
            && entries.len() == 1
        {
            // The key goes with its last entry: its mapping would be left with nothing.
            return shape(format!(
                "removing the last entry of `{name}` would leave its mapping empty; remove it by hand"
            ));
        }
        if let Some(parent) = parent
            && self.remove_flow_member(parent, key_node)
        {
            return Ok(true);
        }
        if !text[key_line..key_node.start].trim().is_empty() {
            // `- initContainers:`: the key's line holds more than the key.
            return shape(format!(
                "`{name}` shares its line with other text; remove its last entry by hand"
            ));
        }
        let floor = self.previous_entry_end(list, key_node);
        let head = heading_start(text, key_line, column(text, key_node.start), floor);
        // The only entry takes the key, and the comments directly above the key, with it.
        // `floor`: where the text before it ends, which the removal must not reach into.
        let end = if flow {
            line_end(text, seq.end)
        } else {
            self.extent(list, index)?.end
        };
        let (start, end) = self.with_separator(head, end, floor, (true, true));
        self.push_removal(start, end);
        Ok(true)
    }

    /// Removes item `index` of the list at `list` as [`Editor::remove`] does, except that the
    /// last item leaves its key with an empty list, `[]`, not gone: a chart's default value
    /// (`sidecars: []`) must stay for its templates to read. The key's line, comments and all,
    /// stays as it is ([`Editor::empty_keeping_key`]).
    pub fn remove_keeping_key(&mut self, list: &Route, index: usize) -> Result<(), EditError> {
        let name = self.name(list);
        let (_, _, items, _) = self.list_to_remove(list, &name)?;
        match items.len() {
            n if n > 1 => self.remove(list, index),
            _ if index >= items.len() => Err(EditError::NotFound("no such entry".into())),
            _ => self.empty_keeping_key(list),
        }
    }

    /// Removes every item of the list at `list` with the comments between them, leaving its
    /// key with an empty list, `[]` (a comment on the key's line stays after it).
    pub fn empty_keeping_key(&mut self, list: &Route) -> Result<(), EditError> {
        let name = self.name(list);
        let (key_node, seq, items, flow) = self.list_to_remove(list, &name)?;
        if let Some(name) = items.iter().find_map(|i| self.anchor_used_outside(i)) {
            return Err(EditError::AnchorUsedElsewhere { name });
        }
        if flow || self.is_json() {
            self.splices
                .push(Splice::new(seq.start, seq.end, "[]".to_string()));
        } else {
            let text = self.text();
            let colon = text[key_node.end..]
                .find(':')
                .map(|i| key_node.end + i + 1)
                .ok_or_else(|| EditError::Shape(format!("`{name}` has no `:`")))?;
            self.splices
                .push(Splice::new(colon, colon, " []".to_string()));
            // The lines after the key's to the last entry's end: the entries and the comments
            // between them go; a comment on the key's line stays after the brackets.
            let next_line = text[colon..]
                .find('\n')
                .map_or(text.len(), |i| colon + i + 1);
            if let Some(last) = items.len().checked_sub(1) {
                let end = self.extent(list, last)?.end;
                self.push_removal(next_line.min(end), end);
            }
        }
        for index in 0..items.len() {
            self.patches.push(Patch::Remove {
                list: list.clone(),
                index,
                drop_empty_key: false,
            });
        }
        Ok(())
    }

    /// Removes `key: value` from the flow mapping `map` (`{a: 1, key: [x]}`), with its
    /// separator; false when `map` is not a flow mapping.
    pub(super) fn remove_flow_member(&mut self, map: &Node, key: &Node) -> bool {
        let Kind::Map {
            entries,
            flow: true,
        } = &map.kind
        else {
            return false;
        };
        let Some(index) = entries.iter().position(|(k, _)| k.start == key.start) else {
            return false;
        };
        self.removals.push(Removal::Flow {
            members: entries
                .iter()
                .map(|(k, v)| (k.start, v.end.max(k.end)))
                .collect(),
            index,
        });
        true
    }

    /// The lines from `start` to `end` widened by the blank line that separated them from the
    /// text before (after `floor`) or after, so that the removal never leaves two blank lines
    /// in a row; `ends`: whether they run to the first and to the last entry of their list.
    pub(super) fn with_separator(
        &self,
        mut start: usize,
        mut end: usize,
        floor: usize,
        (first, last): (bool, bool),
    ) -> (usize, usize) {
        let text = self.text();
        let blank_before = start > floor && is_blank_line(text, line_start(text, start - 1));
        let blank_after = end < text.len() && is_blank_line(text, end);
        let whole = first && last;
        if blank_before && (blank_after || end >= text.len() || (last && !whole)) {
            start = line_start(text, start - 1);
        } else if blank_after && (start == 0 || (first && !whole)) {
            end = line_end(text, end);
        }
        (start, end)
    }

    /// Makes the removals recorded by [`Self::remove`] into splices: the items removed from one
    /// list that stand next to each other go as one, so that they share their separators.
    pub(super) fn flush_removals(&mut self) -> Result<(), EditError> {
        // Per flow collection (by its members' spans), the members to remove.
        type Spans = Vec<(usize, usize)>;
        let mut flows: Vec<(Spans, Vec<usize>)> = Vec::new();
        let mut lists: Vec<(Route, Vec<usize>)> = Vec::new();
        for r in std::mem::take(&mut self.removals) {
            match r {
                Removal::Flow { members, index } => {
                    match flows.iter_mut().find(|(m, _)| *m == members) {
                        Some((_, idx)) => idx.push(index),
                        None => flows.push((members, vec![index])),
                    }
                }
                Removal::Item(list, index) => match lists.iter_mut().find(|(l, _)| *l == list) {
                    Some((_, idx)) => idx.push(index),
                    None => lists.push((list, vec![index])),
                },
            }
        }
        for (members, idx) in flows {
            for (a, b) in runs(idx) {
                if self.remove_flow_lines(&members, a, b) {
                    continue;
                }
                // `[a, b, c]`: items go with the separator after them (before them, at the end).
                let (start, end) = match (members.get(b + 1), a.checked_sub(1)) {
                    (Some(next), _) => (members[a].0, next.0),
                    (None, Some(prev)) => (members[prev].1, members[b].1),
                    (None, None) => return shape("every entry of a flow collection would go"),
                };
                self.splices.push(Splice::new(start, end, String::new()));
            }
        }
        for (list, idx) in lists {
            for (a, b) in runs(idx) {
                self.remove_run(&list, a, b)?;
            }
        }
        Ok(())
    }

    /// Removes members `a` to `b` of a flow collection written one member a line as whole lines:
    /// the comment lines heading them and the comment on the last line of each go with them
    /// (without this, the comment after a removed last member's predecessor went instead).
    /// The last member taken leaves its predecessor without a comma, unless it had one itself.
    /// False when they do not stand on lines of their own, or are all the members.
    fn remove_flow_lines(&mut self, members: &[(usize, usize)], a: usize, b: usize) -> bool {
        let text = self.text();
        if self.doc.is_json() || (a == 0 && b + 1 == members.len()) {
            return false;
        }
        let Some(exts) = (a..=b)
            .map(|i| flow_member_extent(text, members, i))
            .collect::<Option<Vec<_>>>()
        else {
            return false;
        };
        let (first, last) = (exts[0], exts[exts.len() - 1]);
        if b + 1 == members.len() && !last.comma {
            let after = members[a - 1].1;
            let Some(comma) = text[after..]
                .find(|c: char| c != ' ' && c != '\t')
                .map(|i| after + i)
                .filter(|&i| text[i..].starts_with(','))
            else {
                return false;
            };
            self.splices
                .push(Splice::new(comma, comma + 1, String::new()));
        }
        self.splices
            .push(Splice::new(first.head, last.end, String::new()));
        true
    }

    /// Removes items `a` to `b` of the block list at `list`, with their heading comments.
    fn remove_run(&mut self, list: &Route, a: usize, b: usize) -> Result<(), EditError> {
        let text = self.text();
        let name = self.name(list);
        let (key_node, _, items, _) = self.list_to_remove(list, &name)?;
        let floor = match a {
            0 => line_end(text, key_node.end),
            i => self.extent(list, i - 1)?.end,
        };
        let (head, end) = (self.extent(list, a)?.head, self.extent(list, b)?.end);
        let (start, end) = self.with_separator(head, end, floor, (a == 0, b + 1 == items.len()));
        self.push_removal(start, end);
        Ok(())
    }

    /// Removes the text from `start` to `end` (whole lines, blank separators already chosen).
    /// (A removal that reaches the end of a file without a final line break takes the one
    /// before it: see [`Editor::finish`].)
    pub(super) fn push_removal(&mut self, start: usize, mut end: usize) {
        let text = self.text();
        // Blank lines left right after a keep (`|+`) block scalar would join its value.
        if self.ends_with_kept_lines(start) {
            end = after_blank_lines(text, end);
        }
        self.splices.push(Splice::new(start, end, String::new()));
    }

    /// [`Editor::remove_all`] on YAML; how many items there were.
    pub(super) fn yaml_remove_all(&mut self, list: &Route) -> Result<usize, EditError> {
        let text = self.text();
        let name = self.name(list);
        let (key_node, seq, items, flow) = self.list_to_remove(list, &name)?;
        if items.len() < 2 {
            return match items.len() {
                0 => Ok(0),
                _ => self.yaml_remove(list, 0).map(|_| 1),
            };
        }
        for item in items {
            if let Some(name) = self.anchor_used_outside(item) {
                return Err(EditError::AnchorUsedElsewhere { name });
            }
        }
        if let Some(parent) = list.split_last().and_then(|(p, _)| self.doc.node_at(&p))
            && self.remove_flow_member(parent, key_node)
        {
            return Ok(items.len());
        }
        let key_line = line_start(text, key_node.start);
        if !text[key_line..key_node.start].trim().is_empty() {
            return shape(format!(
                "`{name}` shares its line with other text; remove it by hand"
            ));
        }
        let end = if flow {
            line_end(text, seq.end)
        } else {
            self.extent(list, items.len() - 1)?.end
        };
        let floor = self.previous_entry_end(list, key_node);
        let head = heading_start(text, key_line, column(text, key_node.start), floor);
        let (start, end) = self.with_separator(head, end, floor, (true, true));
        self.push_removal(start, end);
        Ok(items.len())
    }

    /// The key, the list and the items of the list at `list` (an alias refused), and whether it
    /// is a flow list: what [`Self::remove`] and [`Self::remove_all`] start from.
    fn list_to_remove(
        &self,
        list: &Route,
        name: &str,
    ) -> Result<(&'d Node, &'d Node, &'d [Node], bool), EditError> {
        let (key_node, seq) = self
            .doc
            .entry_at(list)
            .ok_or_else(|| EditError::NotFound(format!("no `{name}` list")))?;
        self.refuse_list_alias(name, seq)?;
        let Kind::Seq { items, flow } = &seq.kind else {
            return shape(format!("`{name}` is not a list"));
        };
        Ok((key_node, seq, items, *flow))
    }

    /// [`Editor::add_member`] on YAML.
    pub(super) fn yaml_add_member(
        &mut self,
        at: &Route,
        map_key: &str,
        key: &str,
        value: &serde_json::Value,
    ) -> Result<(), EditError> {
        let route = at.key(map_key);
        let what = format!("`{}`", self.name(&route));
        match self.doc.node_at(&route) {
            Some(map) if matches!(map.kind, Kind::Map { flow: true, ref entries } if entries.is_empty()) => {
                self.fill_empty_map(&route, map, key, value, &what)?
            }
            Some(map) if matches!(map.kind, Kind::Map { .. }) => {
                self.insert_entry(map, key, value, &what)?
            }
            Some(_) => return shape(format!("{what} is not a mapping")),
            None => {
                let parent = self.node(at)?;
                let mut m = serde_json::Map::new();
                m.insert(key.to_string(), value.clone());
                self.insert_entry(parent, map_key, &serde_json::Value::Object(m), &what)?
            }
        }
        Ok(())
    }

    /// The mapping holding the key `list` ends with, and that key.
    fn parent_map<'r>(&self, list: &'r Route) -> Result<(&'d Node, &'r str), EditError> {
        let Some((parent, Step::Key(key))) = list.split_last() else {
            return shape(format!("`{}` is not a key of a mapping", self.name(list)));
        };
        let node = self
            .doc
            .node_at(&parent)
            .ok_or_else(|| self.not_block_map(list))?;
        Ok((node, key))
    }

    fn not_block_map(&self, list: &Route) -> EditError {
        match list.split_last() {
            Some((parent, _)) if !parent.path.is_empty() => {
                EditError::Shape(format!("`{}` is not a block mapping", self.name(&parent)))
            }
            _ => EditError::Shape("the file's top level is not a block mapping".into()),
        }
    }

    /// The list node at `list`, as written.
    fn list_node(&self, list: &Route) -> Result<&'d Node, EditError> {
        self.doc
            .node_at(list)
            .ok_or_else(|| EditError::NotFound(format!("no `{}` list", self.name(list))))
    }

    /// Item `index` of the list at `list`, as written.
    pub(super) fn item(&self, list: &Route, index: usize) -> Result<&'d Node, EditError> {
        match &self.list_node(list)?.kind {
            Kind::Seq { items, .. } => items
                .get(index)
                .ok_or_else(|| EditError::NotFound("no such entry".into())),
            _ => shape(format!("`{}` is not a list", self.name(list))),
        }
    }

    /// The extent of item `index` of the block list at `list`.
    fn extent(&self, list: &Route, index: usize) -> Result<Extent, EditError> {
        let Kind::Seq { items, .. } = &self.list_node(list)?.kind else {
            return shape(format!("`{}` is not a list", self.name(list)));
        };
        item_extent(self.text(), items, index)
            .ok_or_else(|| EditError::Shape("the entry is not in a block list".into()))
    }

    /// The extent of every item of a block list.
    fn extents(&self, items: &[Node]) -> Result<Vec<Extent>, EditError> {
        (0..items.len())
            .map(|i| item_extent(self.text(), items, i))
            .collect::<Option<_>>()
            .ok_or_else(|| EditError::Shape("an entry of the list has no `-`".into()))
    }

    /// Whether the items are separated by blank lines, so a new one gets one too; not when the
    /// last one ends with a keep (`|+`) block scalar, which would take it in.
    fn spaced(&self, extents: &[Extent]) -> bool {
        let text = self.text();
        extents.len() > 1
            && extents.windows(2).all(|w| {
                text[w[0].end..w[1].head]
                    .lines()
                    .any(|l| l.trim().is_empty())
            })
            && !self.ends_with_kept_lines(extents[extents.len() - 1].end)
    }

    /// Whether the line at `at` is a comment line indented deeper than `col`.
    fn deeper_than(&self, at: usize, col: usize) -> bool {
        let line = &self.text()[at..line_end(self.text(), at)];
        let body = line.trim_start_matches(' ');
        body.starts_with('#') && line.len() - body.len() > col
    }

    /// Columns from a key to the dashes of a new list under it.
    fn seq_indent(&self) -> usize {
        self.layout().seq_indent
    }

    /// The splice of the list this editor is creating under `key` of the mapping at `map`.
    fn made_list(&self, map: usize, key: &str) -> Option<usize> {
        self.new_lists
            .iter()
            .find(|(at, k, ..)| *at == map && k == key)
            .map(|(_, _, i, _)| *i)
    }

    /// A list written as an alias, or anchored and used elsewhere through an alias, cannot
    /// change without changing what else uses it.
    fn refuse_list_alias(&self, name: &str, seq: &Node) -> Result<(), EditError> {
        if let Kind::Alias { name: alias, .. } = &seq.kind {
            return Err(EditError::ListIsAlias {
                list: name.to_string(),
                name: alias.clone(),
            });
        }
        self.refuse_shared(seq.start, &format!("the list `{name}`"))
    }

    /// Whether the line before `pos` is the last of a keep (`|+`) block scalar: a blank line
    /// inserted at `pos` would become part of its value.
    fn ends_with_kept_lines(&self, pos: usize) -> bool {
        block_scalar_ending_at(self.doc, pos)
            .and_then(|b| block_header(self.text(), b))
            .is_some_and(|(chomp, ..)| chomp == Some('+'))
    }

    /// An anchor defined inside `item` that an alias outside it refers to.
    fn anchor_used_outside(&self, item: &Node) -> Option<String> {
        let mut inside = Vec::new();
        collect_aliases(item, &mut inside);
        self.shared
            .iter()
            .filter(|s| s.within(item))
            .find(|s| {
                let uses = self.shared.iter().filter(|x| x.id == s.id).count();
                uses > inside.iter().filter(|x| x.1 == s.id).count()
            })
            .map(|s| s.name.clone())
    }

    /// After the entry of the mapping holding `list` that comes before its key (that entry's
    /// value's last line), or 0 when the key is the first.
    fn previous_entry_end(&self, list: &Route, key: &Node) -> usize {
        let parent = list.split_last().and_then(|(p, _)| self.doc.node_at(&p));
        previous_entry_end(self.doc, parent, key)
    }
}

fn previous_entry_end(doc: &Document, map: Option<&Node>, key: &Node) -> usize {
    let Some(Kind::Map { entries, .. }) = map.map(|m| &m.kind) else {
        return 0;
    };
    entries
        .iter()
        .take_while(|(k, _)| k.start < key.start)
        .last()
        .map_or(0, |(k, v)| {
            // Comment lines after that value indented deeper than the keys are inside it.
            let col = column(&doc.text, key.start);
            trailing_comments_end(&doc.text, line_end(&doc.text, k.end.max(v.end)), col)
        })
}
