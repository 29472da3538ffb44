//! `create` and `clone` with `--to OVERLAY:ID`: a new strategic-merge patch file in the
//! overlay's folder (`sidecar-NAME.yaml`, one document per target) and its `- path:` entry in
//! the overlay's kustomization `patches:` list.

use std::path::Path;

use serde_json::{Value, json};

use super::graph::{self, Graph};
use super::{Base, folder};
use crate::format::kubernetes::files::KUSTOMIZATION_FILES;

/// The files a new patch writes: the patch file and its text, the kustomization before and
/// after, and the ID of each target as the overlay renders it.
#[derive(Debug, Clone)]
pub struct NewPatch {
    pub file: String,
    pub text: String,
    pub kustomization: String,
    pub before: String,
    pub after: String,
    pub ids: Vec<String>,
}

/// The overlay folder of `to` (`OVERLAY:ID`) when that folder has a kustomization.
pub fn overlay_of(root: &Path, to: &str) -> Option<(String, String)> {
    let (dir, id) = to.split_once(':')?;
    let dir = if dir == "." { "" } else { dir };
    kustomization_file(root, dir)?;
    Some((dir.to_string(), id.to_string()))
}

/// The kustomization file of the folder `dir`, if it has one.
pub(super) fn kustomization_file(root: &Path, dir: &str) -> Option<String> {
    KUSTOMIZATION_FILES.iter().find_map(|f| {
        let rel = if dir.is_empty() {
            f.to_string()
        } else {
            format!("{dir}/{f}")
        };
        root.join(&rel).is_file().then_some(rel)
    })
}

/// The new patches of `to` when every target is `OVERLAY:ID` of an overlay with a
/// kustomization: one patch file per overlay, in the order first named.
pub fn new_patches(
    root: &Path,
    to: &[String],
    name: &str,
    entry: &Value,
    native: bool,
) -> Option<Result<Vec<NewPatch>, String>> {
    let mut by_dir: Vec<(String, Vec<String>)> = Vec::new();
    for t in to {
        let (dir, id) = overlay_of(root, t)?;
        match by_dir.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, ids)) => ids.push(id),
            None => by_dir.push((dir, vec![id])),
        }
    }
    if by_dir.is_empty() {
        return None;
    }
    let made = by_dir
        .iter()
        .map(|(dir, ids)| new_patch(root, dir, ids, name, entry, native))
        .collect();
    Some(made)
}

/// The kustomization of `dir` and every one it builds from, recursively.
fn graph_from(root: &Path, dir: &str) -> Graph {
    let mut g = Graph::default();
    let mut todo = vec![dir.to_string()];
    while let Some(d) = todo.pop() {
        if g.by_dir.contains_key(&d) {
            continue;
        }
        let Some(k) = kustomization_file(root, &d).and_then(|f| graph::read(root, &f)) else {
            continue;
        };
        todo.extend(k.resources.iter().chain(&k.components).cloned());
        g.by_dir.insert(d, k);
    }
    g
}

/// The new patch of the sidecar `entry` (named `name`) for the targets `ids` of the overlay
/// `dir`; an error message when one is refused.
pub fn new_patch(
    root: &Path,
    dir: &str,
    ids: &[String],
    name: &str,
    entry: &Value,
    native: bool,
) -> Result<NewPatch, String> {
    let g = graph_from(root, dir);
    let k = g
        .at(dir)
        .ok_or_else(|| format!("`{}` has no kustomization", folder(dir)))?;
    let bases: Vec<Base> = g
        .resource_files(k)
        .iter()
        .flat_map(|f| super::read::bases(root, f))
        .collect();
    let file_name = format!("sidecar-{name}.yaml");
    let file = if dir.is_empty() {
        file_name.clone()
    } else {
        format!("{dir}/{file_name}")
    };
    if root.join(&file).exists() {
        return Err(format!("{file} exists; nothing was written"));
    }
    let mut docs = Vec::new();
    let mut out_ids = Vec::new();
    for id in ids {
        let b = find(&bases, id).ok_or_else(|| {
            format!(
                "workload `{}:{id}` not found in the resources of {}",
                folder(dir),
                k.file
            )
        })?;
        if b.containers.iter().any(|c| c == name) {
            return Err(format!(
                "{}:{} already has a container named `{name}`; nothing was written",
                folder(dir),
                b.id
            ));
        }
        docs.push(crate::yaml::emit::to_string(&document(b, entry, native)));
        out_ids.push(format!("{}:{}", folder(dir), b.id));
    }
    let before =
        std::fs::read_to_string(root.join(&k.file)).map_err(|e| format!("{}: {e}", k.file))?;
    let after = with_patch(&before, &file_name).ok_or_else(|| {
        format!(
            "{}: its `patches:` is not a block list; add `- path: {file_name}` by hand; nothing was written",
            k.file
        )
    })?;
    Ok(NewPatch {
        file,
        text: docs.join("---\n"),
        kustomization: k.file.clone(),
        before,
        after,
        ids: out_ids,
    })
}

/// The base `id` names: its whole ID, `kind/name`, or its bare name when one has it.
fn find<'b>(bases: &'b [Base], id: &str) -> Option<&'b Base> {
    let exact = bases
        .iter()
        .find(|b| b.id == id || b.id.ends_with(&format!("/{id}")) && id.contains('/'));
    exact.or_else(|| {
        let named: Vec<&Base> = bases.iter().filter(|b| b.resource.name == id).collect();
        (named.len() == 1).then(|| named[0])
    })
}

/// The patch document adding `entry` to the pod of `b`.
fn document(b: &Base, entry: &Value, native: bool) -> Value {
    let r = &b.resource;
    let api = if r.group.is_empty() {
        r.version.clone()
    } else {
        format!("{}/{}", r.group, r.version)
    };
    let mut metadata = json!({ "name": r.name });
    if let Some(ns) = &r.namespace {
        metadata["namespace"] = json!(ns);
    }
    let list = if native {
        "initContainers"
    } else {
        "containers"
    };
    let pod = json!({ list: [entry] });
    let spec = match b.kind {
        "Pod" => pod,
        "CronJob" => json!({ "jobTemplate": { "spec": { "template": { "spec": pod } } } }),
        _ => json!({ "template": { "spec": pod } }),
    };
    json!({ "apiVersion": api, "kind": b.kind, "metadata": metadata, "spec": spec })
}

/// `text` (a kustomization) with `- path: FILE` last in its `patches:` list, or with a new
/// `patches:` list at its end, in the file's indentation and line ends. None when its
/// `patches:` is not a block list (`patches: []`).
fn with_patch(text: &str, file: &str) -> Option<String> {
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(at) = lines.iter().position(|l| l.starts_with("patches:")) else {
        let (indent, dash) = list_style(&lines);
        let sep = if text.is_empty() || text.ends_with('\n') {
            ""
        } else {
            nl
        };
        return Some(format!(
            "{text}{sep}patches:{nl}{indent}{dash}path: {file}{nl}"
        ));
    };
    let bare = lines[at].split(" #").next().unwrap_or_default().trim_end();
    if bare != "patches:" {
        return None;
    }
    let mut end = at + 1;
    let mut indent = None;
    for (i, l) in lines.iter().enumerate().skip(at + 1) {
        let t = l.trim_end();
        if t.trim_start().is_empty() || t.trim_start().starts_with('#') {
            continue;
        }
        let own = t.len() - t.trim_start().len();
        if own == 0 && !t.starts_with('-') {
            break;
        }
        if t.trim_start().starts_with("- ") && indent.is_none() {
            indent = Some(t[..own].to_string());
        }
        end = i + 1;
    }
    let indent = indent.unwrap_or_else(|| list_style(&lines).0);
    let mut out: String = lines[..end].concat();
    if !out.ends_with('\n') {
        out.push_str(nl);
    }
    out.push_str(&format!("{indent}- path: {file}{nl}"));
    out.push_str(&lines[end..].concat());
    Some(out)
}

/// How the file indents a list's items (`  - ` or `- `), from its first list.
fn list_style(lines: &[&str]) -> (String, &'static str) {
    let first = lines
        .iter()
        .map(|l| l.trim_end())
        .find(|l| l.trim_start().starts_with("- "));
    let indent = first.map(|l| l[..l.len() - l.trim_start().len()].to_string());
    (indent.unwrap_or_else(|| "  ".to_string()), "- ")
}

#[cfg(test)]
mod tests {
    use super::with_patch;

    #[test]
    fn the_entry_goes_last_in_the_files_style() {
        let t = "resources:\n- ../base\npatches:\n- path: a.yaml\n  target:\n    kind: Deployment\nimages: []\n";
        let want = "resources:\n- ../base\npatches:\n- path: a.yaml\n  target:\n    kind: Deployment\n- path: s.yaml\nimages: []\n";
        assert_eq!(with_patch(t, "s.yaml").as_deref(), Some(want));
        let t = "resources:\r\n    - ../base\r\n";
        let want = "resources:\r\n    - ../base\r\npatches:\r\n    - path: s.yaml\r\n";
        assert_eq!(with_patch(t, "s.yaml").as_deref(), Some(want));
        assert_eq!(with_patch("patches: []\n", "s.yaml"), None);
    }
}
