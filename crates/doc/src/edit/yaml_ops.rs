//! The editor's operations on a YAML document, behind the interface both syntaxes share: they
//! are written in [`super::editor`] (scalars, members) and [`super::list`] (items).

use serde_json::Value;

use super::editor::Editor;
use super::entry::Entry;
use super::error::EditError;
use super::layout::Layout;
use super::op::{Syntax, Written};
use crate::route::Route;
use crate::yaml::Document;

/// YAML: the text written in the file's own layout, comments and quoting kept.
pub(super) struct Yaml;

impl Syntax for Yaml {
    fn layout(&self, doc: &Document) -> Layout {
        Layout::of(doc)
    }

    fn finish(&self, ed: &mut Editor<'_>) -> Result<(), EditError> {
        ed.yaml_finish()
    }

    fn set(
        &self,
        ed: &mut Editor<'_>,
        at: &Route,
        path: &[&str],
        value: &str,
        same: &dyn Fn(&str) -> bool,
    ) -> Result<Option<Value>, EditError> {
        ed.yaml_set(at, path, value, same)
    }

    fn insert(
        &self,
        ed: &mut Editor<'_>,
        list: &Route,
        before: Option<usize>,
        entry: &Entry,
    ) -> Result<(Option<usize>, Written), EditError> {
        match before {
            Some(index) => ed.yaml_insert(list, index, entry),
            None => ed.yaml_append(list, entry).map(|w| (None, w)),
        }
    }

    fn replace(
        &self,
        ed: &mut Editor<'_>,
        list: &Route,
        index: usize,
        entry: &Entry,
    ) -> Result<Written, EditError> {
        ed.yaml_replace(list, index, entry)
    }

    fn remove(&self, ed: &mut Editor<'_>, list: &Route, index: usize) -> Result<bool, EditError> {
        ed.yaml_remove(list, index)
    }

    fn remove_all(&self, ed: &mut Editor<'_>, list: &Route) -> Result<usize, EditError> {
        ed.yaml_remove_all(list)
    }

    fn add_member(
        &self,
        ed: &mut Editor<'_>,
        at: &Route,
        map_key: &str,
        key: &str,
        value: &Value,
    ) -> Result<(), EditError> {
        ed.yaml_add_member(at, map_key, key, value)
    }
}
