//! The write check: before any file is replaced, its new text is parsed again and its data must
//! equal the old data with exactly the intended change applied.

use serde_json::Value;

use crate::yaml::{self, Document};

/// What a change is meant to do to the data of one file.
pub type Intent<'a> = Box<dyn FnOnce(&mut Value) + 'a>;

/// Parses `new_text` and compares it with `old` changed by `intent`. Returns the new document, or
/// a one-line reason.
pub fn verify(old: &Document, new_text: String, intent: Intent<'_>) -> Result<Document, String> {
    let mut expected = yaml::to_value(old, &old.root).map_err(|e| e.message)?;
    intent(&mut expected);
    let new = yaml::parse(new_text).map_err(|e| {
        format!(
            "the edited text does not parse ({} at {}:{})",
            e.message, e.line, e.column
        )
    })?;
    let actual = yaml::to_value(&new, &new.root).map_err(|e| e.message)?;
    if actual != expected {
        return Err(format!(
            "the edited data differs from the intended change{}",
            first_difference(&expected, &actual, "")
        ));
    }
    Ok(new)
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
