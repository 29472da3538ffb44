//! What an edit means for the data: every editor operation records a [`Patch`] beside its
//! splices, and the write check applies the patches to the old data to know what the new text
//! must read as. Commands never describe their change a second time.
//!
//! Every route and index in a patch refers to the ORIGINAL document, so patches apply in any
//! order: sets first, on the original structure; then each changed list is rebuilt from its
//! original items (deepest lists first, so an outer list's indexes still hold); then keys whose
//! list became empty go where the patch says so.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::route::{Route, Step};
use crate::yaml::Schema;

#[derive(Debug, Clone, PartialEq)]
pub enum Patch {
    /// The value at `route` becomes `value`; missing mappings on the way are created.
    /// `yaml11`: what YAML 1.1 readers must read there, when it is not `value` (text copied
    /// from a file keeps its meaning to every reader: `0400` is 400 to YAML 1.2 and 256 to
    /// YAML 1.1); `None` for data written anew, which every reader must read as `value`.
    Set {
        route: Route,
        value: Value,
        yaml11: Option<Value>,
    },
    /// `value` joins the list at `list` before its original item `before`, or at its end
    /// (`None`). A missing or null list is created. `yaml11` as for [`Patch::Set`].
    Insert {
        list: Route,
        before: Option<usize>,
        value: Value,
        yaml11: Option<Value>,
    },
    /// Original item `index` of the list at `list` goes; with `drop_empty_key`, so does the
    /// list's key when no item is left.
    Remove {
        list: Route,
        index: usize,
        drop_empty_key: bool,
    },
}

impl Patch {
    /// Whether it means something else to YAML 1.1 readers than `value`.
    pub fn has_yaml11(&self) -> bool {
        matches!(
            self,
            Patch::Set {
                yaml11: Some(_),
                ..
            } | Patch::Insert {
                yaml11: Some(_),
                ..
            }
        )
    }

    /// The value it sets or inserts as `schema` reads it (see [`Patch::Set`]).
    fn value_as(&self, schema: Schema) -> &Value {
        match self {
            Patch::Set { value, yaml11, .. } | Patch::Insert { value, yaml11, .. } => {
                match schema {
                    Schema::Yaml11 => yaml11.as_ref().unwrap_or(value),
                    Schema::Core => value,
                }
            }
            Patch::Remove { .. } => &Value::Null,
        }
    }

    /// The route it changes: the value it sets, or the list it changes.
    pub fn route(&self) -> &Route {
        match self {
            Patch::Set { route, .. } => route,
            Patch::Insert { list, .. } | Patch::Remove { list, .. } => list,
        }
    }

    /// This patch with its routes made relative to the node at `scope` (as the root of document
    /// 0), if it lies inside that node.
    pub fn under(&self, scope: &Route) -> Option<Patch> {
        let relative = |r: &Route| {
            (r.doc == scope.doc && r.path.starts_with(&scope.path)).then(|| Route {
                doc: 0,
                path: r.path[scope.path.len()..].to_vec(),
            })
        };
        Some(match self {
            Patch::Set {
                route,
                value,
                yaml11,
            } => Patch::Set {
                route: relative(route)?,
                value: value.clone(),
                yaml11: yaml11.clone(),
            },
            Patch::Insert {
                list,
                before,
                value,
                yaml11,
            } => Patch::Insert {
                list: relative(list)?,
                before: *before,
                value: value.clone(),
                yaml11: yaml11.clone(),
            },
            Patch::Remove {
                list,
                index,
                drop_empty_key,
            } => Patch::Remove {
                list: relative(list)?,
                index: *index,
                drop_empty_key: *drop_empty_key,
            },
        })
    }
}

/// `docs` (the data of each document of a file) changed as `patches` say.
pub fn apply(docs: &mut [Value], patches: &[Patch]) {
    apply_as(docs, patches, Schema::Core)
}

/// [`apply`] to the data as `schema` reads it: with each patch's YAML 1.1 meaning for
/// [`Schema::Yaml11`].
pub fn apply_as(docs: &mut [Value], patches: &[Patch], schema: Schema) {
    for p in patches {
        if let Patch::Set { route, .. } = p
            && let Some(doc) = docs.get_mut(route.doc)
        {
            set(doc, &route.path, p.value_as(schema).clone(), schema);
        }
    }
    // Per list, its inserts and removals; deepest lists first.
    let mut lists: BTreeMap<&Route, Vec<&Patch>> = BTreeMap::new();
    for p in patches {
        match p {
            Patch::Insert { list, .. } | Patch::Remove { list, .. } => {
                lists.entry(list).or_default().push(p)
            }
            Patch::Set { .. } => {}
        }
    }
    let mut order: Vec<(&Route, Vec<&Patch>)> = lists.into_iter().collect();
    order.sort_by_key(|(r, _)| std::cmp::Reverse(r.path.len()));
    for (list, ops) in order {
        if let Some(doc) = docs.get_mut(list.doc) {
            rebuild(doc, list, &ops, schema);
        }
    }
}

/// Sets `path` inside `v`, creating mappings on the way.
fn set(v: &mut Value, path: &[Step], value: Value, schema: Schema) {
    let Some((last, rest)) = path.split_last() else {
        *v = value;
        return;
    };
    let Some(parent) = walk_creating(v, rest, schema) else {
        return;
    };
    match last {
        Step::Key(k) => {
            let parent = object(parent);
            let k = key(parent, k, schema);
            parent.insert(k, value);
        }
        Step::Index(i) => {
            if let Some(slot) = parent.as_array_mut().and_then(|a| a.get_mut(*i)) {
                *slot = value;
            }
        }
    }
}

/// The value at `path`, with mappings created for missing keys. `None` when an index is out of
/// range or names an item of something that is not a list.
fn walk_creating<'v>(
    mut cur: &'v mut Value,
    path: &[Step],
    schema: Schema,
) -> Option<&'v mut Value> {
    for step in path {
        cur = match step {
            Step::Key(k) => {
                let map = object(cur);
                let k = key(map, k, schema);
                map.entry(k).or_insert_with(|| Value::Object(Map::new()))
            }
            Step::Index(i) => cur.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(cur)
}

/// The key of `map` a route's `k` names: `k`, or, in the YAML 1.1 reading, the key a plain `k`
/// such as `on` is there when the mapping has no string key `k` (see `yaml::to_value_as`).
fn key(map: &Map<String, Value>, k: &str, schema: Schema) -> String {
    if schema == Schema::Yaml11 && !map.contains_key(k) {
        let other = format!("\0{}", crate::yaml::to_value_as_plain(k, Schema::Yaml11));
        if map.contains_key(&other) {
            return other;
        }
    }
    k.to_string()
}

/// `v` as a mapping, made one when it is not.
fn object(v: &mut Value) -> &mut Map<String, Value> {
    if !v.is_object() {
        *v = Value::Object(Map::new());
    }
    v.as_object_mut().expect("just made a mapping")
}

/// Rebuilds the list at `list` from its original items and `ops`.
fn rebuild(doc: &mut Value, list: &Route, ops: &[&Patch], schema: Schema) {
    let Some((Step::Key(key), parent_path)) = list.path.split_last() else {
        return;
    };
    let Some(parent) = walk_creating(doc, parent_path, schema) else {
        return;
    };
    let parent = object(parent);
    let key = self::key(parent, key, schema);
    let original = match parent.get_mut(key.as_str()).map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    let n = original.len();
    let inserted = |at: Option<usize>| {
        ops.iter().filter_map(move |p| match p {
            Patch::Insert { before, .. } if *before == at => Some(p.value_as(schema).clone()),
            _ => None,
        })
    };
    let removed = |i: usize| {
        ops.iter()
            .any(|p| matches!(p, Patch::Remove { index, .. } if *index == i))
    };
    let mut items = Vec::with_capacity(n + ops.len());
    for (i, item) in original.into_iter().enumerate() {
        items.extend(inserted(Some(i)));
        if !removed(i) {
            items.push(item);
        }
    }
    items.extend(inserted(Some(n)));
    items.extend(inserted(None));
    let drop_key = ops.iter().any(|p| {
        matches!(
            p,
            Patch::Remove {
                drop_empty_key: true,
                ..
            }
        )
    });
    if items.is_empty() && drop_key {
        parent.shift_remove(key.as_str());
    } else {
        parent.insert(key.clone(), Value::Array(items));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Patch, apply};
    use crate::route::Route;

    #[test]
    fn patches_refer_to_the_original_items() {
        let list = Route::root(0).key("l");
        let mut docs = vec![json!({"l": ["a", "b", "c"], "k": {"x": 1}})];
        apply(
            &mut docs,
            &[
                Patch::Remove {
                    list: list.clone(),
                    index: 0,
                    drop_empty_key: false,
                },
                Patch::Insert {
                    list: list.clone(),
                    before: Some(2),
                    value: json!("new"),
                    yaml11: None,
                },
                Patch::Set {
                    route: list.index(2),
                    value: json!("C"),
                    yaml11: None,
                },
                Patch::Insert {
                    list: list.clone(),
                    before: None,
                    value: json!("end"),
                    yaml11: None,
                },
                Patch::Set {
                    route: Route::root(0).keys(&["k", "y", "z"]),
                    value: json!(2),
                    yaml11: None,
                },
            ],
        );
        assert_eq!(
            docs[0],
            json!({"l": ["b", "new", "C", "end"], "k": {"x": 1, "y": {"z": 2}}})
        );
    }

    #[test]
    fn a_list_emptied_loses_its_key_only_when_asked() {
        let remove = |drop_empty_key| Patch::Remove {
            list: Route::root(0).key("l"),
            index: 0,
            drop_empty_key,
        };
        let mut docs = vec![json!({"l": ["a"], "k": 1})];
        apply(&mut docs, &[remove(true)]);
        assert_eq!(docs[0], json!({"k": 1}));
        let mut docs = vec![json!({"l": ["a"]})];
        apply(&mut docs, &[remove(false)]);
        assert_eq!(docs[0], json!({"l": []}));
    }

    #[test]
    fn an_insert_creates_a_missing_or_null_list_and_inner_lists_go_first() {
        let mut docs = vec![json!({"a": null}), json!({"s": [{"l": [1]}, {"l": [2]}]})];
        let outer = Route::root(1).key("s");
        apply(
            &mut docs,
            &[
                Patch::Insert {
                    list: Route::root(0).key("a"),
                    before: None,
                    value: json!(1),
                    yaml11: None,
                },
                Patch::Remove {
                    list: outer.clone(),
                    index: 0,
                    drop_empty_key: true,
                },
                Patch::Insert {
                    list: outer.index(1).key("l"),
                    before: Some(0),
                    value: json!(0),
                    yaml11: None,
                },
            ],
        );
        assert_eq!(docs, [json!({"a": [1]}), json!({"s": [{"l": [0, 2]}]})]);
    }
}
