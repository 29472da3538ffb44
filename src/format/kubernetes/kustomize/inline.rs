//! Inline patches (a kustomization's `patch: |-`, an inline `patchesStrategicMerge` entry):
//! their text is parsed on its own and edited as a patch file is (see `ops::plan`'s held
//! texts). What is theirs alone: a removal that would leave the patch changing nothing removes
//! its whole entry from the kustomization instead (`EditError::Emptied`), as kustomize would
//! otherwise apply an empty patch, or refuse an empty text.

use serde_json::Value;

use crate::edit::EditError;
use crate::model::{Container, Workload};
use crate::route::Step;

/// `Err(EditError::Emptied)` when removing `c` leaves the inline patch of `w` changing
/// nothing: a JSON 6902 list whose only operation adds it, or a strategic-merge document left
/// with nothing but what names its target (`apiVersion`, `kind`, `metadata`, and maps and
/// lists left empty on the way to the container).
pub fn refuse_emptied(w: &Workload, c: &Container) -> Result<(), EditError> {
    let Some(source) = w.object.as_ref().and_then(|o| o.source.as_ref()) else {
        return Ok(());
    };
    if source.held.is_none() {
        return Ok(());
    }
    let doc = w.document().map_err(|e| EditError::Shape(e.to_string()))?;
    if doc.documents() != 1 {
        return Ok(());
    }
    let Some(root) = doc.root_of(0) else {
        return Ok(());
    };
    let data =
        crate::yaml::to_value(doc, root).map_err(|e| EditError::Unreadable(e.to_string()))?;
    let left = match super::json6902_op(w, c) {
        Some((_, _)) => data.as_array().is_some_and(|ops| ops.len() <= 1),
        None => {
            let Some((list, index)) = crate::format::list_item(&c.slot) else {
                return Ok(());
            };
            let mut data = data;
            take_item(&mut data, &list.path, index);
            names_only(&data)
        }
    };
    match left {
        true => Err(EditError::Emptied(format!(
            "the inline patch adding `{}`",
            c.name()
        ))),
        false => Ok(()),
    }
}

/// Removes item `index` of the list at `path` in `data`.
fn take_item(data: &mut Value, path: &[Step], index: usize) {
    let mut at = data;
    for step in path {
        let next = match step {
            Step::Key(k) => at.get_mut(k.as_str()),
            Step::Index(i) => at.get_mut(*i),
        };
        let Some(next) = next else { return };
        at = next;
    }
    if let Some(list) = at.as_array_mut().filter(|l| index < l.len()) {
        list.remove(index);
    }
}

/// Whether a strategic-merge document only names its target: every key but `apiVersion`,
/// `kind` and `metadata` holds nothing but empty maps and lists.
fn names_only(data: &Value) -> bool {
    fn empty(v: &Value) -> bool {
        match v {
            Value::Object(m) => m.values().all(empty),
            Value::Array(l) => l.is_empty(),
            _ => false,
        }
    }
    let Some(m) = data.as_object() else {
        return false;
    };
    m.iter()
        .filter(|(k, _)| !matches!(k.as_str(), "apiVersion" | "kind" | "metadata"))
        .all(|(_, v)| empty(v))
}

#[cfg(test)]
mod tests {
    use super::names_only;
    use serde_json::json;

    #[test]
    fn a_document_left_with_its_target_only_changes_nothing() {
        let left = json!({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "a"},
            "spec": {"template": {"spec": {"containers": []}}}});
        assert!(names_only(&left));
        let replicas = json!({"kind": "Deployment", "spec": {"replicas": 2,
            "template": {"spec": {"containers": []}}}});
        assert!(!names_only(&replicas));
        let other = json!({"kind": "Deployment", "spec": {"template": {"spec": {
            "containers": [{"name": "b"}]}}}});
        assert!(!names_only(&other));
    }
}
