//! `create` and `clone` with `--to OVERLAY:ID`: a new strategic-merge patch file in the
//! overlay's folder (`sidecar-NAME.yaml`, one document per target) and its `- path:` entry in
//! the overlay's kustomization `patches:` list.

use std::path::Path;

use serde_json::{Value, json};

use super::graph::{self, Graph};
use super::{Base, folder};
use crate::error::{Error, Result};
use crate::format::Mounts;
use crate::format::kubernetes::files::kustomization_file;
use crate::format::kubernetes::pod::{Pod, PodContainer, Volume};
use crate::format::kubernetes::volumes;
use crate::yaml::Document;

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

/// What a new patch's sidecar needs beside its entry: pod volumes, which each target's patch
/// brings where its base workload lacks them.
pub enum Needs<'a> {
    /// A new container: the ConfigMaps and Secrets it mounts, (name, mount path) each.
    Mounts(&'a (Mounts, Mounts)),
    /// A copy: the volumes its source (a pod in its document) defines for `container`'s mounts.
    Copy {
        pod: &'a Pod,
        doc: &'a Document,
        container: &'a PodContainer,
    },
}

/// The targets `to` by overlay, in the order first named, when every one is `OVERLAY:ID` of
/// an overlay with a kustomization; None otherwise.
pub fn by_overlay(root: &Path, to: &[String]) -> Option<Vec<(String, Vec<String>)>> {
    let mut by_dir: Vec<(String, Vec<String>)> = Vec::new();
    for t in to {
        let (dir, id) = overlay_of(root, t)?;
        match by_dir.iter_mut().find(|(d, _)| *d == dir) {
            Some((_, ids)) => ids.push(id),
            None => by_dir.push((dir, vec![id])),
        }
    }
    (!by_dir.is_empty()).then_some(by_dir)
}

/// The new patches adding the sidecar `name` to the targets `by_dir` ([`by_overlay`]): one
/// patch file per overlay.
pub fn new_patches(
    root: &Path,
    by_dir: &[(String, Vec<String>)],
    name: &str,
    entry: &Value,
    native: bool,
    needs: Needs<'_>,
) -> Result<Vec<NewPatch>> {
    let sidecar = Sidecar {
        name,
        entry,
        native,
        needs,
    };
    by_dir
        .iter()
        .map(|(dir, ids)| new_patch(root, dir, ids, &sidecar))
        .collect()
}

/// The sidecar new patches add.
struct Sidecar<'a> {
    name: &'a str,
    entry: &'a Value,
    native: bool,
    needs: Needs<'a>,
}

/// Whether the kustomization of the folder `overlay` builds on the one of `base` (through
/// `resources` or `components`, at any depth), or is it.
pub fn builds_on(root: &Path, overlay: &str, base: &str) -> bool {
    let dir = |d: &str| {
        if d == "." {
            String::new()
        } else {
            d.to_string()
        }
    };
    graph_from(root, &dir(overlay))
        .by_dir
        .contains_key(&dir(base))
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

/// The new patch of `sidecar` for the targets `ids` of the overlay `dir`; an error when one
/// is refused.
fn new_patch(root: &Path, dir: &str, ids: &[String], sidecar: &Sidecar<'_>) -> Result<NewPatch> {
    let name = sidecar.name;
    let g = graph_from(root, dir);
    let k = g
        .at(dir)
        .ok_or_else(|| Error::failed(format!("`{}` has no kustomization", folder(dir))))?;
    let files = g.resource_files(k);
    let bases: Vec<(&String, Base)> = files
        .iter()
        .flat_map(|f| super::read::bases(root, f).into_iter().map(move |b| (f, b)))
        .collect();
    let file_name = format!("sidecar-{name}.yaml");
    let file = if dir.is_empty() {
        file_name.clone()
    } else {
        format!("{dir}/{file_name}")
    };
    if root.join(&file).exists() {
        return Err(Error::failed(format!("{file} exists; nothing was written")));
    }
    let mut docs = Vec::new();
    let mut out_ids = Vec::new();
    for id in ids {
        let (base_file, b) = find(&bases, id).ok_or_else(|| {
            Error::failed(format!(
                "workload `{}:{id}` not found in the resources of {}",
                folder(dir),
                k.file
            ))
        })?;
        let rendered = format!("{}:{}", folder(dir), b.id);
        if b.containers.iter().any(|c| c == name) {
            return Err(Error::failed(format!(
                "{rendered} already has a container named `{name}`; nothing was written"
            )));
        }
        let (entry, volumes) = for_target(root, base_file, b, sidecar, &rendered)?;
        docs.push(crate::yaml::emit::to_string(&document(
            b,
            sidecar.native,
            entry,
            volumes,
        )));
        out_ids.push(rendered);
    }
    let read_error = |e| Error::failed(format!("{}: {e}", k.file));
    let before = std::fs::read_to_string(root.join(&k.file)).map_err(read_error)?;
    let after = with_patch(&before, &file_name).ok_or_else(|| {
        Error::failed(format!(
            "{}: its `patches:` is not a block list; add `- path: {file_name}` by hand; nothing was written",
            k.file
        ))
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

/// The sidecar's entry for the base workload `b` (of `file`) and the volumes its patch
/// brings: those the entry mounts that `b` lacks (a new container mounts the volume `b` has
/// for its ConfigMap or Secret, if any). A volume of the same name defined otherwise there is
/// refused.
fn for_target(
    root: &Path,
    file: &str,
    b: &Base,
    sidecar: &Sidecar<'_>,
    rendered: &str,
) -> Result<(Value, Vec<Value>)> {
    let mut entry = sidecar.entry.clone();
    if matches!(sidecar.needs, Needs::Mounts((c, s)) if c.is_empty() && s.is_empty()) {
        return Ok((entry, Vec::new()));
    }
    let Some((doc, pod)) = super::read::pod_of(root, file, &b.id) else {
        return Err(Error::failed(format!(
            "{file}: workload {} could not be read again; nothing was written",
            b.id
        )));
    };
    let at = |v: &Volume| {
        let (line, column) = v.name.at().unwrap_or_default();
        (rendered.to_string(), format!("{file}:{line}:{column}"))
    };
    let volumes = match &sidecar.needs {
        Needs::Mounts(mounts) => {
            let (named, new) = volumes::for_new(&pod, &doc, mounts, &at)?;
            volumes::name_mounts(&mut entry, &named);
            new
        }
        Needs::Copy {
            pod: source,
            doc: source_doc,
            container,
        } => volumes::for_patch((source, source_doc), container, (&pod, &doc), &at)?,
    };
    Ok((entry, volumes))
}

/// The base `id` names: its whole ID, `kind/name`, or its bare name when one has it.
fn find<'b>(bases: &'b [(&String, Base)], id: &str) -> Option<&'b (&'b String, Base)> {
    let exact = bases
        .iter()
        .find(|(_, b)| b.id == id || b.id.ends_with(&format!("/{id}")) && id.contains('/'));
    exact.or_else(|| {
        let named: Vec<_> = bases
            .iter()
            .filter(|(_, b)| b.resource.name == id)
            .collect();
        (named.len() == 1).then(|| named[0])
    })
}

/// The patch document adding `entry` (and the `volumes` it needs) to the pod of `b`.
fn document(b: &Base, native: bool, entry: Value, volumes: Vec<Value>) -> Value {
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
    let mut pod = json!({ list: [entry] });
    if !volumes.is_empty() {
        pod["volumes"] = Value::Array(volumes);
    }
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
