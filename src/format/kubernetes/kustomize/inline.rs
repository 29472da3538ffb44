//! Inline patches (a kustomization's `patch: |-`, an inline `patchesStrategicMerge` entry):
//! their text is parsed on its own and edited as a patch file is (see `ops::plan`'s held
//! texts). What is theirs alone: a removal that would leave the patch changing nothing removes
//! its whole entry from the kustomization instead (`EditError::Emptied`), unless empty patches
//! are kept: a strategic-merge document then keeps its emptied list (`containers: []`, which
//! kustomize merges as no change); a JSON 6902 list cannot be kept empty (kustomize refuses
//! `[]`).

use serde_json::Value;

use crate::edit::{EditError, Editor};
use crate::model::{Container, Workload};
use crate::route::Step;

/// Removes `c` from the inline patch of `w` when that leaves the patch changing nothing (see
/// `emptied`): `Err(EditError::Emptied)` asks for its entry to go; with `keep`, a strategic
/// document keeps its emptied list. None when `c` is not the last change of an inline patch.
pub fn remove_last(
    ed: &mut Editor<'_>,
    w: &Workload,
    c: &Container,
    keep: bool,
) -> Option<Result<(), EditError>> {
    let json6902 = match emptied(w, c) {
        Ok(false) => return None,
        Ok(true) => super::json6902_op(w, c).is_some(),
        Err(e) => return Some(Err(e)),
    };
    Some(match (keep, json6902) {
        (false, _) => Err(EditError::Emptied(format!(
            "the inline patch adding `{}`",
            c.name()
        ))),
        (true, true) => Err(EditError::Shape(format!(
            "`{}` is the only operation of an inline JSON 6902 patch, which kustomize refuses \
             empty: it cannot be kept",
            c.name()
        ))),
        (true, false) => match crate::format::list_item(&c.slot) {
            Some((list, index)) => ed.remove_keeping_key(list, index),
            None => Err(EditError::Shape(format!("`{}` is no list entry", c.name()))),
        },
    })
}

/// Whether removing `c` leaves the inline patch of `w` changing nothing: a JSON 6902 list
/// whose only operation adds it, or a strategic-merge document left with nothing but what
/// names its target (`apiVersion`, `kind`, `metadata`, and maps and lists left empty on the
/// way to the container).
fn emptied(w: &Workload, c: &Container) -> Result<bool, EditError> {
    let Some(source) = w.object.as_ref().and_then(|o| o.source.as_ref()) else {
        return Ok(false);
    };
    if source.held.is_none() {
        return Ok(false);
    }
    let doc = w.document().map_err(|e| EditError::Shape(e.to_string()))?;
    let Some(root) = doc.root_of(0).filter(|_| doc.documents() == 1) else {
        return Ok(false);
    };
    let data =
        crate::yaml::to_value(doc, root).map_err(|e| EditError::Unreadable(e.to_string()))?;
    Ok(match super::json6902_op(w, c) {
        Some(_) => data.as_array().is_some_and(|ops| ops.len() <= 1),
        None => {
            let Some((list, index)) = crate::format::list_item(&c.slot) else {
                return Ok(false);
            };
            let mut data = data;
            take_item(&mut data, &list.path, index);
            names_only(&data)
        }
    })
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
