//! The editor's operations as data, and the one interface each syntax (YAML, JSON) writes them
//! through.
//!
//! An [`Op`] says what changes in the data; a [`Syntax`] writes it as splices in the file's own
//! style and reports what only the text can tell (the value as it will read back, where an item
//! went, whether a list goes with its last item); the [`Patch`] the write check applies is
//! derived from the two, in one place for both syntaxes.

use serde_json::Value;

use super::editor::Editor;
use super::entry::Entry;
use super::error::EditError;
use super::layout::Layout;
use super::patch::Patch;
use crate::route::Route;
use crate::yaml::Document;

/// One change to a document.
#[derive(Clone, Copy)]
pub enum Op<'a> {
    /// Set the value at the keys `path` below the mapping at `at` to `value`, unless the text
    /// there is `value` already or `same` says it means the same (see [`Editor::set`]).
    Set {
        at: &'a Route,
        path: &'a [&'a str],
        value: &'a str,
        same: &'a dyn Fn(&str) -> bool,
    },
    /// Insert an item into the list at `list`: before item `before`, or at its end (see
    /// [`Editor::append`], [`Editor::insert`]).
    Insert {
        list: &'a Route,
        before: Option<usize>,
        entry: &'a Entry,
    },
    /// Replace item `index` of the list at `list` (see [`Editor::replace`]).
    Replace {
        list: &'a Route,
        index: usize,
        entry: &'a Entry,
    },
    /// Remove item `index` of the list at `list` (see [`Editor::remove`]).
    Remove { list: &'a Route, index: usize },
    /// Remove every item of the list at `list`, and its key (see [`Editor::remove_all`]).
    RemoveAll { list: &'a Route },
    /// Add the member `key: value` to the mapping under `map_key` of the mapping at `at` (see
    /// [`Editor::add_member`]).
    AddMember {
        at: &'a Route,
        map_key: &'a str,
        key: &'a str,
        value: &'a Value,
    },
}

/// An item as written: its data, and how YAML 1.1 readers read it where that differs.
pub(super) struct Written {
    pub(super) value: Value,
    pub(super) yaml11: Option<Value>,
}

/// How one syntax writes each operation into the editor's splices. Each method returns what
/// the patch needs that only the text tells; the patch itself is made by [`Editor::apply`].
pub(super) trait Syntax: Sync {
    /// The style new text takes in `doc`.
    fn layout(&self, doc: &Document) -> Layout;

    /// Writes what the operations left for the end (keys added under one missing key are
    /// written as one block).
    fn finish(&self, ed: &mut Editor<'_>) -> Result<(), EditError>;

    /// Sets a scalar (adding the keys that lead to it); the value as it will read back, or
    /// `None` when the text already says it.
    fn set(
        &self,
        ed: &mut Editor<'_>,
        at: &Route,
        path: &[&str],
        value: &str,
        same: &dyn Fn(&str) -> bool,
    ) -> Result<Option<Value>, EditError>;

    /// Inserts an item before `before` (or at the end); where it went (`None`: at the end).
    fn insert(
        &self,
        ed: &mut Editor<'_>,
        list: &Route,
        before: Option<usize>,
        entry: &Entry,
    ) -> Result<(Option<usize>, Written), EditError>;

    fn replace(
        &self,
        ed: &mut Editor<'_>,
        list: &Route,
        index: usize,
        entry: &Entry,
    ) -> Result<Written, EditError>;

    /// Removes an item; whether it was the list's last, which takes the key with it.
    fn remove(&self, ed: &mut Editor<'_>, list: &Route, index: usize) -> Result<bool, EditError>;

    /// Removes every item and the key; how many items there were.
    fn remove_all(&self, ed: &mut Editor<'_>, list: &Route) -> Result<usize, EditError>;

    /// Adds a member to a mapping (creating the mapping when it is missing).
    fn add_member(
        &self,
        ed: &mut Editor<'_>,
        at: &Route,
        map_key: &str,
        key: &str,
        value: &Value,
    ) -> Result<(), EditError>;
}

impl Editor<'_> {
    /// Writes `op` in the file's syntax and records the patch it means for the data.
    pub fn apply(&mut self, op: Op<'_>) -> Result<(), EditError> {
        let syntax = self.syntax;
        match op {
            Op::Set {
                at,
                path,
                value,
                same,
            } => {
                if let Some(value) = syntax.set(self, at, path, value, same)? {
                    self.patches.push(Patch::Set {
                        route: at.keys(path),
                        value,
                        yaml11: None,
                    });
                }
            }
            Op::Insert {
                list,
                before,
                entry,
            } => {
                let (before, Written { value, yaml11 }) =
                    syntax.insert(self, list, before, entry)?;
                self.patches.push(Patch::Insert {
                    list: list.clone(),
                    before,
                    value,
                    yaml11,
                });
            }
            Op::Replace { list, index, entry } => {
                let Written { value, yaml11 } = syntax.replace(self, list, index, entry)?;
                self.patches.push(Patch::Set {
                    route: list.index(index),
                    value,
                    yaml11,
                });
            }
            Op::Remove { list, index } => {
                let last = syntax.remove(self, list, index)?;
                self.patches.push(Patch::Remove {
                    list: list.clone(),
                    index,
                    drop_empty_key: last,
                });
            }
            Op::RemoveAll { list } => {
                let count = syntax.remove_all(self, list)?;
                self.patches.extend((0..count).map(|index| Patch::Remove {
                    list: list.clone(),
                    index,
                    drop_empty_key: true,
                }));
            }
            Op::AddMember {
                at,
                map_key,
                key,
                value,
            } => {
                syntax.add_member(self, at, map_key, key, value)?;
                self.patches.push(Patch::Set {
                    route: at.key(map_key).key(key),
                    value: value.clone(),
                    yaml11: None,
                });
            }
        }
        Ok(())
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
        self.apply(Op::Set {
            at,
            path,
            value,
            same: &same,
        })
    }

    /// Appends an item to the list at `list` (under a key of a mapping), creating the key when
    /// it is missing, null or `[]`. A flow list, or a list in a flow mapping, stays flow.
    pub fn append(&mut self, list: &Route, entry: &Entry) -> Result<(), EditError> {
        self.apply(Op::Insert {
            list,
            before: None,
            entry,
        })
    }

    /// Inserts an item before item `index` of the list at `list` (after its last item when
    /// `index` is its length), at that item's indentation and before its heading comments.
    pub fn insert(&mut self, list: &Route, index: usize, entry: &Entry) -> Result<(), EditError> {
        self.apply(Op::Insert {
            list,
            before: Some(index),
            entry,
        })
    }

    /// Replaces item `index` of the list at `list` with `entry`, keeping the comments above it.
    pub fn replace(&mut self, list: &Route, index: usize, entry: &Entry) -> Result<(), EditError> {
        self.apply(Op::Replace { list, index, entry })
    }

    /// Removes item `index` of the list at `list`, with its heading comments (see
    /// `edit::extent`). Removing the last item removes the key too. Never leaves two blank
    /// lines in a row, and never takes a line of another entry.
    pub fn remove(&mut self, list: &Route, index: usize) -> Result<(), EditError> {
        self.apply(Op::Remove { list, index })
    }

    /// Removes every item of the list at `list`, and its key (the last volume of a pod that
    /// no container mounts any more goes with the `volumes:` key, however many there were).
    pub fn remove_all(&mut self, list: &Route) -> Result<(), EditError> {
        self.apply(Op::RemoveAll { list })
    }

    /// Adds `key: value` to the mapping under `map_key` of the mapping at `at`, creating that
    /// mapping when it is missing (a new ConfigMap in a Console project file's `configMaps`).
    pub fn add_member(
        &mut self,
        at: &Route,
        map_key: &str,
        key: &str,
        value: &Value,
    ) -> Result<(), EditError> {
        self.apply(Op::AddMember {
            at,
            map_key,
            key,
            value,
        })
    }
}
