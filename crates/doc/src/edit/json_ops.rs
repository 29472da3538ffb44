//! The editor's operations on a JSON document: the same routes and patches as for YAML, the
//! text written by [`JsonEditor`] in the file's own JSON style.

use serde_json::{Map, Value};

use super::editor::{Editor, shape};
use super::entry::Entry;
use super::error::EditError;
use super::json::JsonEditor;
use super::layout::Layout;
use super::list::Removal;
use super::op::{Syntax, Written};
use crate::route::{Route, Step};
use crate::yaml::{Document, Kind, Node};

/// JSON: the text written by [`JsonEditor`] in the file's own JSON style.
pub(super) struct Json;

impl Syntax for Json {
    fn layout(&self, _: &Document) -> Layout {
        // JSON's layout is the JSON writer's.
        Layout {
            indent: 2,
            seq_indent: 2,
            gap: 2,
            crlf: false,
        }
    }

    fn finish(&self, ed: &mut Editor<'_>) -> Result<(), EditError> {
        ed.json_finish()
    }

    fn set(
        &self,
        ed: &mut Editor<'_>,
        at: &Route,
        path: &[&str],
        value: &str,
        same: &dyn Fn(&str) -> bool,
    ) -> Result<Option<Value>, EditError> {
        ed.json_set(at, path, value, same)
    }

    fn insert(
        &self,
        ed: &mut Editor<'_>,
        list: &Route,
        before: Option<usize>,
        entry: &Entry,
    ) -> Result<(Option<usize>, Written), EditError> {
        match before {
            Some(index) => ed.json_insert(list, index, entry),
            None => ed.json_append(list, entry).map(|w| (None, w)),
        }
    }

    fn replace(
        &self,
        ed: &mut Editor<'_>,
        list: &Route,
        index: usize,
        entry: &Entry,
    ) -> Result<Written, EditError> {
        ed.json_replace(list, index, entry)
    }

    fn remove(&self, ed: &mut Editor<'_>, list: &Route, index: usize) -> Result<bool, EditError> {
        ed.json_remove(list, index)
    }

    fn remove_all(&self, ed: &mut Editor<'_>, list: &Route) -> Result<usize, EditError> {
        ed.json_remove_all(list)
    }

    fn add_member(
        &self,
        ed: &mut Editor<'_>,
        at: &Route,
        map_key: &str,
        key: &str,
        value: &Value,
    ) -> Result<(), EditError> {
        ed.json_add_member(at, map_key, key, value)
    }
}

/// What the JSON syntax keeps while it writes: its writer, the members to add when the edit
/// finishes, and the arrays it writes anew.
pub(super) struct JsonState<'d> {
    writer: JsonEditor<'d>,
    /// Members under a missing (or null) key, by the object and the key: values set under one
    /// key make one new object.
    pending: Vec<(&'d Node, String, Value)>,
    /// Arrays this editor writes anew: (the object's start, the key, the splice's index, the
    /// items so far), so that a second append joins the first.
    made: Vec<(usize, String, usize, Vec<Value>)>,
}

impl<'d> JsonState<'d> {
    pub(super) fn new(doc: &'d Document) -> Self {
        Self {
            writer: JsonEditor::new(doc),
            pending: Vec::new(),
            made: Vec::new(),
        }
    }
}

impl<'d> Editor<'d> {
    fn state(&mut self) -> &mut JsonState<'d> {
        self.json.as_mut().expect("a JSON document")
    }

    pub(super) fn json(&self) -> &JsonEditor<'d> {
        &self.json.as_ref().expect("a JSON document").writer
    }

    /// [`Editor::set`] on JSON: a string or number is replaced in place; a missing path of
    /// objects is inserted where the file's key order puts it.
    fn json_set(
        &mut self,
        at: &Route,
        path: &[&str],
        value: &str,
        same: &dyn Fn(&str) -> bool,
    ) -> Result<Option<Value>, EditError> {
        let what = format!("`{}`", path.join("."));
        let mut cur = self.node(at)?;
        for (i, key) in path.iter().enumerate() {
            let Kind::Map { entries, .. } = &cur.kind else {
                return shape(format!(
                    "{what}: `{}` is not an object",
                    path[..i].join(".")
                ));
            };
            let found = entries.iter().find(|(k, _)| k.as_str() == Some(key));
            let last = i + 1 == path.len();
            match found {
                Some((_, v)) if last => {
                    // `"cpu": null` reads as no value: it takes the value as a missing key would.
                    let data = if v.is_null() {
                        Value::String(value.into())
                    } else {
                        let Some(old) = v.as_str() else {
                            return shape(format!("{what} is not a string or a number"));
                        };
                        if old == value || same(old) {
                            return Ok(None);
                        }
                        // A number stays a number when the new value is one too.
                        match (crate::yaml::scalar_plain(old), plain_number(value)) {
                            (Value::Number(_), Some(n)) => n,
                            _ => Value::String(value.into()),
                        }
                    };
                    let splice = self.json().set_value(v, &data)?;
                    self.splices.push(splice);
                    return Ok(Some(data));
                }
                Some((_, v)) if !v.is_null() => cur = v,
                // `"key": null` takes the value as a missing key would.
                _ => {
                    let mut nested = Value::String(value.to_string());
                    for k in path[i + 1..].iter().rev() {
                        let mut m = Map::new();
                        m.insert((*k).to_string(), nested);
                        nested = Value::Object(m);
                    }
                    self.json_pending(cur, key, nested);
                    return Ok(Some(Value::String(value.into())));
                }
            }
        }
        Ok(None)
    }

    /// Appends `entry` to the array at `list`, creating the member when it is missing or null.
    fn json_append(&mut self, list: &Route, entry: &Entry) -> Result<Written, EditError> {
        let value = json_value(entry)?;
        let (parent, key) = self.json_parent(list)?;
        let found = match &parent.kind {
            Kind::Map { entries, .. } => entries.iter().find(|(k, _)| k.as_str() == Some(key)),
            _ => return shape(format!("`{}` is not in an object", self.name(list))),
        };
        // A second entry of an array this editor is writing anew joins the first.
        let made =
            (self.state().made.iter()).position(|(at, k, _, _)| *at == parent.start && k == key);
        let mut values = match made {
            Some(m) => self.state().made[m].3.clone(),
            None => Vec::new(),
        };
        values.push(value.clone());
        let all = Value::Array(values.clone());
        let (splice, new) = match found {
            Some((_, arr)) if matches!(&arr.kind, Kind::Seq { items, .. } if items.is_empty()) => {
                (self.json().set_value(arr, &all)?, true)
            }
            Some((_, arr)) if matches!(arr.kind, Kind::Seq { .. }) => {
                (self.json().insert_item(arr, None, &value)?, false)
            }
            Some((_, v)) if v.is_null() => (self.json().set_value(v, &all)?, true),
            Some(_) => return shape(format!("`{}` is not a list", self.name(list))),
            None => {
                let at = self.json().member_position(parent, key);
                (
                    self.json().insert_member(parent, Some(at), key, &all)?,
                    true,
                )
            }
        };
        match made {
            Some(m) => {
                let (_, _, i, _) = self.state().made[m];
                self.splices[i] = splice;
                self.state().made[m].3 = values;
            }
            None => {
                self.splices.push(splice);
                if new {
                    let i = self.splices.len() - 1;
                    (self.state().made).push((parent.start, key.to_string(), i, values));
                }
            }
        }
        Ok(Written {
            value,
            yaml11: None,
        })
    }

    /// Inserts `entry` before item `index` of the array at `list`.
    fn json_insert(
        &mut self,
        list: &Route,
        index: usize,
        entry: &Entry,
    ) -> Result<(Option<usize>, Written), EditError> {
        let arr = self.json_array(list)?;
        let len = match &arr.kind {
            Kind::Seq { items, .. } => items.len(),
            _ => 0,
        };
        if index >= len {
            return self.json_append(list, entry).map(|w| (None, w));
        }
        let value = json_value(entry)?;
        let splice = self.json().insert_item(arr, Some(index), &value)?;
        self.splices.push(splice);
        Ok((
            Some(index),
            Written {
                value,
                yaml11: None,
            },
        ))
    }

    /// Replaces item `index` of the array at `list`.
    fn json_replace(
        &mut self,
        list: &Route,
        index: usize,
        entry: &Entry,
    ) -> Result<Written, EditError> {
        let item = self.item(list, index)?;
        let value = json_value(entry)?;
        let splice = self.json().set_value(item, &value)?;
        self.splices.push(splice);
        Ok(Written {
            value,
            yaml11: None,
        })
    }

    /// Removes item `index` of the array at `list`; its last item takes the member with it.
    fn json_remove(&mut self, list: &Route, index: usize) -> Result<bool, EditError> {
        let arr = self.json_array(list)?;
        let Kind::Seq { items, .. } = &arr.kind else {
            return shape(format!("`{}` is not a list", self.name(list)));
        };
        if index >= items.len() {
            return Err(EditError::NotFound("no such entry".into()));
        }
        let last = items.len() == 1;
        if last {
            self.json_remove_list_member(list)?;
        } else {
            // Made into a splice at the end, with the other items removed from the array.
            self.removals.push(Removal::Flow {
                members: items.iter().map(|i| (i.start, i.end)).collect(),
                index,
            });
        }
        Ok(last)
    }

    /// [`Editor::remove_all`] of a JSON document: the list's member goes, with every item.
    fn json_remove_all(&mut self, list: &Route) -> Result<usize, EditError> {
        let arr = self.json_array(list)?;
        let Kind::Seq { items, .. } = &arr.kind else {
            return shape(format!("`{}` is not a list", self.name(list)));
        };
        if items.len() < 2 {
            return match items.len() {
                0 => Ok(0),
                _ => self.json_remove(list, 0).map(|_| 1),
            };
        }
        let count = items.len();
        self.json_remove_list_member(list)?;
        Ok(count)
    }

    /// [`Editor::add_member`] on JSON.
    fn json_add_member(
        &mut self,
        at: &Route,
        map_key: &str,
        key: &str,
        value: &Value,
    ) -> Result<(), EditError> {
        let route = at.key(map_key);
        match self.doc.node_at(&route) {
            Some(map) if matches!(map.kind, Kind::Map { .. }) => {
                let pos = self.json().member_position(map, key);
                let splice = self.json().insert_member(map, Some(pos), key, value)?;
                self.splices.push(splice);
            }
            Some(_) => return shape(format!("`{}` is not an object", self.name(&route))),
            None => {
                let parent = self.node(at)?;
                let mut m = Map::new();
                m.insert(key.to_string(), value.clone());
                self.json_pending(parent, map_key, Value::Object(m));
            }
        }
        Ok(())
    }

    /// Members to add at the end: values set under one missing key make one new object.
    fn json_pending(&mut self, map: &'d Node, key: &str, nested: Value) {
        let pending = &mut self.state().pending;
        match (pending.iter_mut()).find(|(m, k, _)| std::ptr::eq(*m, map) && k == key) {
            Some((_, _, v)) => super::editor::merge(v, nested),
            None => pending.push((map, key.to_string(), nested)),
        }
    }

    /// Writes the members [`Self::json_set`] left pending.
    fn json_finish(&mut self) -> Result<(), EditError> {
        let pending = std::mem::take(&mut self.state().pending);
        for (i, (map, key, value)) in pending.iter().enumerate() {
            let same: Vec<&(&Node, String, Value)> = pending
                .iter()
                .filter(|(m, ..)| std::ptr::eq(*m, *map))
                .collect();
            let empty = matches!(&map.kind, Kind::Map { entries, .. } if entries.is_empty());
            if empty && same.len() > 1 {
                // Several members into `{}`: written as one object, once.
                if !std::ptr::eq(same[0], &pending[i]) {
                    continue;
                }
                let members = same.iter().map(|(_, k, v)| (k.clone(), v.clone()));
                let splice = self.json().fill_empty(map, members.collect())?;
                self.splices.push(splice);
                continue;
            }
            let null = match &map.kind {
                Kind::Map { entries, .. } => entries
                    .iter()
                    .find(|(k, v)| k.as_str() == Some(key.as_str()) && v.is_null()),
                _ => None,
            };
            let splice = match null {
                Some((_, v)) => self.json().set_value(v, value)?,
                None => {
                    let at = self.json().member_position(map, key);
                    self.json().insert_member(map, Some(at), key, value)?
                }
            };
            self.splices.push(splice);
        }
        Ok(())
    }

    /// Removes the member holding the array at `list`, array and all (with the other members
    /// removed from its object, at the end, when it has more).
    fn json_remove_list_member(&mut self, list: &Route) -> Result<(), EditError> {
        let (parent, key) = self.json_parent(list)?;
        let Kind::Map { entries, .. } = &parent.kind else {
            return shape(format!("`{}` is not in an object", self.name(list)));
        };
        let at = entries
            .iter()
            .position(|(k, _)| k.as_str() == Some(key))
            .ok_or_else(|| EditError::NotFound(format!("no `{}`", self.name(list))))?;
        if entries.len() == 1 {
            let splice = self.json().remove_member(parent, at)?;
            self.splices.push(splice);
        } else {
            self.removals.push(Removal::Flow {
                members: entries.iter().map(|(k, v)| (k.start, v.end)).collect(),
                index: at,
            });
        }
        Ok(())
    }

    fn json_parent<'r>(&self, list: &'r Route) -> Result<(&'d Node, &'r str), EditError> {
        let Some((parent, Step::Key(key))) = list.split_last() else {
            return shape(format!(
                "`{}` is not a member of an object",
                self.name(list)
            ));
        };
        let node = self
            .doc
            .node_at(&parent)
            .ok_or_else(|| EditError::NotFound(format!("no `{}`", self.name(&parent))))?;
        Ok((node, key))
    }

    fn json_array(&self, list: &Route) -> Result<&'d Node, EditError> {
        self.doc
            .node_at(list)
            .ok_or_else(|| EditError::NotFound(format!("no `{}` list", self.name(list))))
    }
}

/// `value` as a JSON number, when it is one (`0.5`, `2`), written as given.
fn plain_number(value: &str) -> Option<Value> {
    match crate::yaml::scalar_plain(value) {
        n @ Value::Number(_) if serde_json::from_str::<Value>(value).is_ok() => Some(n),
        _ => None,
    }
}

/// The entry's data for a JSON file, which says one value where YAML text may say two: a value
/// copied from YAML that YAML 1.1 readers (kubectl) and YAML 1.2 readers read differently
/// (`0400`, `yes`) is refused, naming it, rather than written as one of the two.
fn json_value(entry: &Entry) -> Result<Value, EditError> {
    let value = entry.value()?;
    let Some(yaml11) = entry.yaml11()? else {
        return Ok(value);
    };
    let (path, (core, old)) =
        super::entry::first_difference(&value, &yaml11, String::new()).unwrap_or_default();
    Err(EditError::Json(format!(
        "`{}` reads as {core} to YAML 1.2 readers and as {old} to YAML 1.1 readers (kubectl, PyYAML); a JSON file holds only one: where it comes from, write `{old}` for the second or quote it for the text, and run the command again",
        path.trim_start_matches('.')
    )))
}
