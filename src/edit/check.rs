//! The write check: before any file is replaced, its new text is parsed again and its data must
//! equal the old data with exactly the intended change applied.

use serde_json::Value;

use super::error::CheckError;
use super::extent::{
    block_header, block_scalar_ending_at, item_extent, line_end, line_start, strip_token,
};
use crate::yaml::{self, Document, Kind, Node};

/// What a change is meant to do to the data of one file.
pub type Intent<'a> = Box<dyn FnOnce(&mut Value) + 'a>;

/// Parses `new_text` and compares it with `old` changed by `intent`. Returns the new document, or
/// a one-line reason.
pub fn verify(
    old: &Document,
    new_text: String,
    intent: Intent<'_>,
) -> Result<Document, CheckError> {
    let mut expected = yaml::to_value(old, &old.root).map_err(unreadable)?;
    intent(&mut expected);
    let new = yaml::parse(new_text).map_err(|e| CheckError::Unparsable {
        message: e.message,
        line: e.line,
        column: e.column,
    })?;
    let actual = yaml::to_value(&new, &new.root).map_err(unreadable)?;
    if actual != expected {
        return Err(CheckError::Differs {
            at: first_difference(&expected, &actual, ""),
        });
    }
    untouched_text_kept(old, &new, &expected)?;
    Ok(new)
}

/// The data check reads both texts with our own reader, so a misreading shared by both sides
/// could hide a change. This one does not read values: every top-level entry the change leaves
/// alone, and every named entry of a top-level list it leaves alone, must keep its exact text.
fn unreadable(e: yaml::ValueError) -> CheckError {
    CheckError::Unreadable(e.message)
}

fn untouched_text_kept(old: &Document, new: &Document, expected: &Value) -> Result<(), CheckError> {
    let (
        Kind::Map {
            entries: old_entries,
            ..
        },
        Kind::Map {
            entries: new_entries,
            ..
        },
    ) = (&old.root.kind, &new.root.kind)
    else {
        return Ok(());
    };
    for (k, v) in old_entries {
        let Some(key) = k.as_str() else { continue };
        let Some((nk, nv)) = new_entries.iter().find(|(nk, _)| nk.as_str() == Some(key)) else {
            continue;
        };
        let before = yaml::to_value(old, v).map_err(unreadable)?;
        let wanted = expected.get(key);
        if wanted == Some(&before) {
            let span = |d: &Document, k: &Node, v: &Node| {
                (
                    line_start(&d.text, k.start),
                    line_end(&d.text, k.end.max(v.end)),
                )
            };
            same_text(
                old,
                span(old, k, v),
                new,
                span(new, nk, nv),
                &format!("`{key}`"),
            )?;
        } else if let (
            Kind::Seq { items, .. },
            Kind::Seq {
                items: new_items, ..
            },
            Some(Value::Array(want)),
        ) = (&v.kind, &nv.kind, wanted)
        {
            for (i, item) in items.iter().enumerate() {
                let Some(name) = old.get(item, "name").and_then(Node::as_str) else {
                    continue;
                };
                let named = |list: &[Value]| {
                    let mut it = list
                        .iter()
                        .filter(|x| x.get("name").and_then(Value::as_str) == Some(name));
                    it.next().filter(|_| it.next().is_none()).cloned()
                };
                let value = yaml::to_value(old, item).map_err(unreadable)?;
                if named(want.as_slice()) != Some(value) {
                    continue;
                }
                let Some(j) = new_items
                    .iter()
                    .position(|n| new.get(n, "name").and_then(Node::as_str) == Some(name))
                else {
                    continue;
                };
                let (Some(a), Some(b)) = (item_span(old, items, i), item_span(new, new_items, j))
                else {
                    continue;
                };
                same_text(old, a, new, b, &format!("`{key}` entry `{name}`"))?;
            }
        }
    }
    Ok(())
}

/// The lines of a block-list item, or the text of a flow-list item.
fn item_span(doc: &Document, items: &[Node], i: usize) -> Option<(usize, usize)> {
    match item_extent(&doc.text, items, i) {
        Some(e) => Some((e.start, e.end)),
        None => items.get(i).map(|n| (n.start, n.end)),
    }
}

/// Whether `old.text[a]` and `new.text[b]` are the same text. One difference is allowed, at the
/// end of a file without a final line break: text that ended the file may gain a line break, its
/// block scalar switched to strip chomping so that its value stays the same (`|` → `|-`); text
/// that comes to end the file may lose its line break, unless a block scalar whose value would
/// lose it ends there.
fn same_text(
    old: &Document,
    a: (usize, usize),
    new: &Document,
    b: (usize, usize),
    what: &str,
) -> Result<(), CheckError> {
    let (was, now) = (&old.text[a.0..a.1], &new.text[b.0..b.1]);
    let chomped = |t: &str| {
        t.strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t).to_string())
    };
    // The header of a block scalar whose last line ends `end`, if its chomping is not strip.
    let header = |doc: &Document, end: usize| {
        block_scalar_ending_at(doc, end)
            .and_then(|scalar| block_header(&doc.text, scalar))
            .filter(|(chomp, ..)| *chomp != Some('-'))
    };
    let same = was == now
        || (a.1 == old.text.len() && !was.ends_with('\n') && {
            let mut fixed = was.to_string();
            if let Some((_, s, e)) = header(old, old.text.len())
                && s >= a.0
            {
                fixed.replace_range(s - a.0..e - a.0, &strip_token(&old.text[s..e]));
            }
            chomped(now) == Some(fixed)
        })
        || (b.1 == new.text.len()
            && !now.ends_with('\n')
            && chomped(was).as_deref() == Some(now)
            && header(old, a.1).is_none());
    if same {
        return Ok(());
    }
    Err(CheckError::TextChanged {
        what: what.to_string(),
        line: old.text[..a.0].bytes().filter(|c| *c == b'\n').count() + 1,
    })
}
/// Where two values first differ, as ` at path.to.key`.
fn first_difference(a: &Value, b: &Value, path: &str) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if v != w => return first_difference(v, w, &format!("{path}.{k}")),
                    None => return format!(" at {path}.{k} (missing)"),
                    _ => {}
                }
            }
            match y.keys().find(|k| !x.contains_key(*k)) {
                Some(k) => format!(" at {path}.{k} (unexpected)"),
                None => String::new(),
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find(|(_, (v, w))| v != w)
            .map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]")))
            .unwrap_or_default(),
        _ => format!(
            " at {}: expected {a}, found {b}",
            if path.is_empty() { "." } else { path }
        ),
    }
}

/// Helpers for writing intents over service data.
pub mod data {
    use serde_json::{Map, Value};

    /// `additionalContainers`, created when missing.
    pub fn sidecars(root: &mut Value) -> &mut Vec<Value> {
        let obj = root.as_object_mut().expect("a service is a mapping");
        let slot = obj
            .entry("additionalContainers")
            .or_insert_with(|| Value::Array(Vec::new()));
        if !slot.is_array() {
            *slot = Value::Array(Vec::new());
        }
        slot.as_array_mut().expect("just made an array")
    }

    /// Sets `path` inside `v`, creating mappings on the way.
    pub fn set_path(v: &mut Value, path: &[&str], value: Value) {
        let mut cur = v;
        for key in &path[..path.len() - 1] {
            if !cur.is_object() {
                *cur = Value::Object(Map::new());
            }
            cur = cur
                .as_object_mut()
                .expect("object")
                .entry(*key)
                .or_insert_with(|| Value::Object(Map::new()));
        }
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        cur.as_object_mut()
            .expect("object")
            .insert(path[path.len() - 1].to_string(), value);
    }
}
