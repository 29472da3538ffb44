//! Helm values (SPEC §8.2): the container lists a chart's values hold (`sidecars: []`,
//! `extraContainers`, a name-keyed `sidecarContainers`...), in a chart's `values*.yaml`, in the
//! files a project lists, and inline in a Flux `HelmRelease` (`spec.values`) or an Argo CD
//! `Application` (`helm.valuesObject`).
//!
//! A source of the `kubernetes` format, not a format of its own: SPEC §8 reads these lists in
//! a `kubernetes` project beside its manifests, their entries are Kubernetes containers (the
//! same keys, the same checks, the same edits), and a HelmRelease or an Application is a
//! manifest of that project. The kubernetes format asks this module for the workloads of each
//! file it reads; each parent of container lists is one workload, `helm:<source>[/<path>]`.

mod config;
mod lists;
mod validate;

use crate::diagnostic::Diagnostic;
use crate::model::Workload;
use crate::route::{Route, Step};
use crate::yaml::{Document, Node};

pub use config::Helm;

/// What the workloads of Helm values are (`kind` in reports): no Kubernetes kind, a filter by
/// kind never keeps them.
pub const KIND: &str = "HelmValues";

/// The prefix of every Helm values workload's ID.
pub const PREFIX: &str = "helm:";

/// Whether the workload is a parent of container lists of Helm values.
pub fn is_helm(w: &Workload) -> bool {
    w.object.as_ref().is_some_and(|o| o.kind == KIND)
}

/// Whether a command line query names a Helm values workload by its ID.
pub fn is_query(query: &str) -> bool {
    query.starts_with(PREFIX)
}

/// The path of the Helm values workload `w` below its values' root, dotted (`primary`; empty
/// at the root), as `helm.containerKeys` names its parents.
fn values_path(helm: &Helm, w: &Workload) -> String {
    let keys: Vec<&str> = w
        .route
        .path
        .iter()
        .map(|s| match s {
            Step::Key(k) => k.as_str(),
            Step::Index(_) => "",
        })
        .collect();
    let below = match helm.values_source(&w.file) {
        Some(_) => &keys[..],
        None => match keys.as_slice() {
            ["spec", "values", rest @ ..] => rest,
            ["spec", "source", "helm", "valuesObject", rest @ ..] => rest,
            ["spec", "sources", _, "helm", "valuesObject", rest @ ..] => rest,
            _ => &keys[..],
        },
    };
    below.join(".")
}

/// The key of the list of `w` where a new sidecar goes: its first list of that placement
/// (classic: `sidecars`, `extraContainers`...; native: `initContainers`,
/// `extraInitContainers`; a mapping of containers keyed by name, `sidecarContainers`, is one
/// of classic sidecars), else a key `helm.containerKeys` names for it; None when it has none.
fn list_for(helm: &Helm, w: &Workload, native: bool) -> Option<String> {
    let doc = w.doc.as_deref()?;
    let parent = doc.node_at(&w.route)?;
    let path = values_path(helm, w);
    let configured = lists::configured_under(&helm.container_keys, &path);
    lists::list_keys(doc, parent, &configured)
        .into_iter()
        .find(|(_, init)| *init == native)
        .map(|(k, _)| k)
}

/// Where a new sidecar of the Helm values workload `w` goes (see [`refuse_no_list`]: a
/// command checks first that it has a place).
pub fn new_slot(helm: &Helm, w: &Workload, native: bool) -> (Route, Option<usize>) {
    let key = list_for(helm, w, native).unwrap_or_else(|| "sidecars".to_string());
    (w.route.key(&key), None)
}

/// What `w` lacks for a new sidecar of that placement, as a message says it.
fn no_list(w: &Workload, native: bool) -> String {
    let (what, keys, map) = match native {
        true => ("native", lists::INIT, ""),
        false => ("classic", lists::CLASSIC, ", or a mapping keyed by name"),
    };
    format!(
        "{} has no list for a {what} sidecar (one of `{}`, as a block or flow list{map}); \
         nothing was written",
        w.id,
        keys.join("`, `")
    )
}

/// Refuses a new sidecar for `w` when it has no list of that placement: a chart reads only the
/// keys its templates name, so a key is never made up.
pub fn refuse_no_list(helm: &Helm, w: &Workload, native: bool) -> crate::error::Result<()> {
    if list_for(helm, w, native).is_some() {
        return Ok(());
    }
    let key = match native {
        true => lists::INIT[0],
        false => lists::CLASSIC[0],
    };
    let path = values_path(helm, w);
    let example = match path.is_empty() {
        true => key.to_string(),
        false => format!("{path}.{key}"),
    };
    Err(
        crate::Error::failed(format!("{}: {}", w.file, no_list(w, native))).with_hint(format!(
            "add the key the chart reads (e.g. `{key}: []`) to the values, or name it in \
             `helm.containerKeys` of sidecarctl.yaml (e.g. `{example}`)"
        )),
    )
}

/// Moves the sidecar `old` of `w` to the list of the other placement (`edit --placement`,
/// `clone --native` over an entry): the list it leaves keeps its key as `[]`, and a list of the
/// new placement must exist, as for a new sidecar.
pub fn move_entry(
    helm: &Helm,
    ed: &mut crate::edit::Editor<'_>,
    w: &Workload,
    old: &crate::model::Container,
    entry: &crate::edit::Entry,
    native: bool,
) -> Result<(), crate::edit::EditError> {
    let (list, index) = crate::format::change::item_of(old)?;
    let Some(key) = list_for(helm, w, native) else {
        return Err(crate::edit::EditError::Shape(no_list(w, native)));
    };
    ed.remove_keeping_key(list, index)?;
    match add_to_map(helm, ed, w, entry, native) {
        Some(done) => done,
        None => ed.append(&w.route.key(&key), entry),
    }
}

/// Adds a new sidecar of `w` to its mapping of containers keyed by name, when that is where
/// it goes (see [`new_slot`]): the entry's `name` becomes its key. None when its place is a
/// list.
pub fn add_to_map(
    helm: &Helm,
    ed: &mut crate::edit::Editor<'_>,
    w: &Workload,
    entry: &crate::edit::Entry,
    native: bool,
) -> Option<Result<(), crate::edit::EditError>> {
    let key = list_for(helm, w, native)?;
    let doc = w.doc.as_deref()?;
    let map = doc.node_at(&w.route.key(&key))?;
    if !matches!(doc.resolve(map).kind, crate::yaml::Kind::Map { .. }) {
        return None;
    }
    Some(entry.value().and_then(|mut value| {
        let name = value
            .as_object_mut()
            .and_then(|m| m.shift_remove("name"))
            .and_then(|n| n.as_str().map(str::to_string))
            .ok_or_else(|| crate::edit::EditError::Shape("the new entry has no name".into()))?;
        ed.add_member(&w.route, &key, &name, &value)
    }))
}

/// Removes the entry `c` of a mapping of containers keyed by name, its key going with it; the
/// mapping stays, as `{}` when it empties.
pub fn remove_from_map(
    ed: &mut crate::edit::Editor<'_>,
    c: &crate::model::Container,
) -> Result<(), crate::edit::EditError> {
    let at = c.slot.route();
    match at.split_last() {
        Some((map, Step::Key(key))) => ed.remove_member_keeping_map(&map, key),
        _ => Err(crate::edit::EditError::Shape(format!(
            "`{}` is no entry of a list or a mapping",
            c.name()
        ))),
    }
}

/// The workloads of Helm values in one parsed file: `source` names the values file's source
/// (a chart's name, a listed file's path) when the file is one; otherwise its HelmReleases and
/// Applications are read.
pub fn read(
    helm: &Helm,
    doc: &Document,
    file: &str,
    checks: bool,
) -> (Vec<Workload>, Vec<Diagnostic>) {
    let mut walk = lists::Walk::new(doc, file, &helm.container_keys);
    match helm.values_source(file) {
        Some(source) => {
            for (document, root) in doc.roots().enumerate() {
                let origin = lists::Origin {
                    source: &source,
                    document,
                    namespace: None,
                    labels: Vec::new(),
                };
                walk.values(doc.resolve(root), Route::root(document), &origin);
            }
        }
        None => {
            for (document, root) in doc.roots().enumerate() {
                inline(&mut walk, doc, doc.resolve(root), document);
            }
        }
    }
    let (mut workloads, diags) = walk.finish();
    if checks {
        for w in &mut workloads {
            let found = validate::validate(w);
            if let Some(o) = w.object.as_mut() {
                o.checks = found;
            }
        }
    }
    (workloads, diags)
}

/// The inline values of a HelmRelease or an Application document.
fn inline<'a>(walk: &mut lists::Walk<'a>, doc: &'a Document, root: &'a Node, document: usize) {
    let text = |n: &'a Node, k: &str| doc.get(n, k).and_then(Node::as_str);
    let (Some(api), Some(kind)) = (text(root, "apiVersion"), text(root, "kind")) else {
        return;
    };
    let meta = doc.get(root, "metadata");
    let Some(name) = meta.and_then(|m| text(m, "name")) else {
        return;
    };
    let namespace = meta
        .and_then(|m| text(m, "namespace"))
        .filter(|n| !n.is_empty());
    let labels = crate::format::labels::read(doc, meta.and_then(|m| doc.get(m, "labels")));
    let spec = Route::root(document).key("spec");
    let Some(spec_node) = doc.get(root, "spec") else {
        return;
    };
    if api.starts_with("helm.toolkit.fluxcd.io/") && kind == "HelmRelease" {
        let source = match namespace {
            Some(ns) => format!("{ns}/{name}"),
            None => name.to_string(),
        };
        if let Some(values) = doc.get(spec_node, "values") {
            let origin = lists::Origin {
                source: &source,
                document,
                namespace: namespace.map(str::to_string),
                labels,
            };
            walk.values(values, spec.key("values"), &origin);
        }
    } else if api.starts_with("argoproj.io/") && kind == "Application" {
        let source = format!("application/{name}");
        let origin = lists::Origin {
            source: &source,
            document,
            namespace: None,
            labels,
        };
        let object = |s: &'a Node| doc.get(s, "helm").and_then(|h| doc.get(h, "valuesObject"));
        if let Some(s) = doc.get(spec_node, "source")
            && let Some(values) = object(s)
        {
            let at = spec.keys(&["source", "helm", "valuesObject"]);
            walk.values(values, at, &origin);
        }
        if let Some(sources) = doc.get(spec_node, "sources") {
            let items = doc.items(sources);
            // Several sources with values: each is named by its index, `application/pay[1]`.
            let several = items.iter().filter(|s| object(s).is_some()).count() > 1;
            for (i, s) in items.into_iter().enumerate() {
                if let Some(values) = object(s) {
                    let at = spec.key("sources").index(i).keys(&["helm", "valuesObject"]);
                    let indexed = format!("{source}[{i}]");
                    let origin = lists::Origin {
                        source: if several { &indexed } else { &source },
                        document,
                        namespace: None,
                        labels: origin.labels.clone(),
                    };
                    walk.values(values, at, &origin);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
