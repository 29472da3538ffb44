//! What a change of a sidecar brings in a pod besides its entry (SPEC §6.2 "Commands"): the
//! volumes it mounts, and its place (classic in `containers`, native in `initContainers`).
//! The format's [`crate::format::Format`] methods call these.

use std::sync::Arc;

use serde_json::Value;

use super::pod::{Pod, PodContainer};
use super::volumes;
use crate::diagnostic::{Code, Diagnostic};
use crate::edit::{
    EditError, Editor, Entry, apply_splices, copy_entry, keep_comments_until, move_entry,
};
use crate::error::Result;
use crate::format::{Beside, Change, Format, Mounts, Placement};
use crate::model::{Container, Workload};
use crate::route::Route;
use crate::yaml::{self, Document};

/// The pod entry of a model container.
pub fn pod_container<'p>(pod: &'p Pod, c: &Container) -> Option<&'p PodContainer> {
    let (list, index) = crate::format::list_item(&c.slot)?;
    pod.containers
        .iter()
        .find(|pc| pc.index == index && &pod.list_route(pc.list) == list)
}

/// Prepares a new entry built with `mounts` (ConfigMaps, Secrets) as its `volumeMounts`, in
/// that order, for `target`: the entry placed, mounting the pod's own volume of a ConfigMap or
/// Secret where it has one, and the volumes the pod lacks.
pub fn prepare_new(
    format: &dyn Format,
    target: &Workload,
    entry: &Value,
    mounts: &(Mounts, Mounts),
    placement: Placement,
) -> Result<(Value, Beside)> {
    let pod = super::pod_of(target)?;
    let doc = target.document()?;
    let (named, new) = volumes::for_new(&pod, doc, mounts, &volumes::in_pod(&pod))?;
    let mut entry = format.placed(entry.clone(), placement);
    volumes::name_mounts(&mut entry, &named);
    Ok((entry, beside(&pod, new.into_iter().map(Entry::Data))))
}

/// Prepares a copy of `c` of `source` for `target`: the volumes it mounts that the target lacks
/// (a same-named volume defined otherwise is a conflict).
pub fn prepare_clone(source: &Workload, c: &Container, target: &Workload) -> Result<Beside> {
    let Some(spod) = source_pod(source, c)? else {
        return Ok(Vec::new());
    };
    let tpod = super::pod_of(target)?;
    let Some(pc) = pod_container(&spod, c) else {
        return Ok(Vec::new());
    };
    let new = volumes::for_clone((&spod, source.document()?), pc, (&tpod, target.document()?))?;
    Ok(beside(&tpod, new))
}

/// The pod of a clone's `source`, whose volumes go with its entry `c`; None when `c` is the
/// value of a JSON 6902 operation, which has no pod of its own: refused when it mounts volumes
/// (the operation does not say what they are). A patch entry that merges into a container an
/// earlier patch adds is refused: it is only part of a container.
pub fn source_pod(source: &Workload, c: &Container) -> Result<Option<Pod>> {
    let patch = source.object.as_ref().and_then(|o| o.source.as_ref());
    if patch.is_some_and(|p| p.merges.iter().any(|n| n == c.name())) {
        return Err(crate::error::Error::failed(format!(
            "{}: `{}` of {} only changes the container an earlier patch adds there; nothing was written",
            source.file,
            c.name(),
            source.id
        ))
        .with_hint("copy it from a workload of the patch that adds it"));
    }
    if super::kustomize::json6902_op(source, c).is_none() {
        return super::pod_of(source).map(Some);
    }
    let doc = source.document()?;
    let mounts = (doc.get_at(&c.slot.route())).and_then(|n| doc.get(n, "volumeMounts"));
    match mounts {
        None => Ok(None),
        Some(_) => Err(crate::error::Error::failed(format!(
            "{}: `{}` is added by a JSON 6902 operation and mounts volumes it does not define; nothing was written",
            source.file,
            c.name()
        ))
        .with_hint("clone it from a workload whose pod defines those volumes")),
    }
}

/// New volumes of `pod`, each appended to its `volumes` (created when missing).
fn beside(pod: &Pod, volumes: impl IntoIterator<Item = Entry>) -> Beside {
    let list = pod.pod_spec.key(volumes::VOLUMES);
    volumes.into_iter().map(|v| (list.clone(), v)).collect()
}

/// Applies a change to a workload of a manifest: a sidecar removed takes the volumes no other
/// container mounts; a JSON manifest gets the values the cluster reads from an entry's source.
pub fn apply(
    format: &dyn Format,
    ed: &mut Editor<'_>,
    w: &Workload,
    change: Change<'_>,
) -> std::result::Result<(), EditError> {
    match change {
        Change::Remove {
            old,
            keep_empty_patches,
        } => match super::kustomize::inline::remove_last(ed, w, old, keep_empty_patches) {
            Some(done) => done,
            None => remove(ed, w, old, keep_empty_patches),
        },
        Change::Add {
            entry,
            placement,
            beside,
        } if ed.is_json() => {
            let (entry, beside) = (entry.as_cluster_reads()?, cluster_reads(beside)?);
            let change = Change::Add {
                entry: &entry,
                placement,
                beside: &beside,
            };
            crate::format::change::apply(format, ed, w, change)
        }
        Change::Replace {
            old,
            entry,
            placement,
            beside,
        } if ed.is_json() => {
            let (entry, beside) = (entry.as_cluster_reads()?, cluster_reads(beside)?);
            let change = Change::Replace {
                old,
                entry: &entry,
                placement,
                beside: &beside,
            };
            crate::format::change::apply(format, ed, w, change)
        }
        _ => crate::format::change::apply(format, ed, w, change),
    }
}

/// Entries as the cluster reads their sources (see [`Entry::as_cluster_reads`]).
fn cluster_reads(entries: &[(Route, Entry)]) -> std::result::Result<Beside, EditError> {
    entries
        .iter()
        .map(|(list, e)| Ok((list.clone(), e.as_cluster_reads()?)))
        .collect()
}

/// Removes a sidecar entry and the volumes no other container mounts. A kustomize patch's
/// last container takes with it what holds only it (`keep`: a patch left with nothing to
/// change is kept, see [`super::kustomize::delete`]).
pub fn remove(
    ed: &mut Editor<'_>,
    svc: &Workload,
    c: &Container,
    keep: bool,
) -> Result<(), EditError> {
    if let Some((_, index)) = super::kustomize::json6902_op(svc, c) {
        // The operations are the document's top-level list, which the editor does not shorten:
        // the command cuts the operation from the text, a file's or an inline patch's
        // (`Format::cut_of`); this is reached only when it could not plan that cut.
        super::kustomize::delete::cut_of(svc, c, keep)?;
        return Err(EditError::Shape(format!(
            "`{}` is added by operation {index} of a JSON 6902 patch: remove that operation by hand",
            c.name()
        )));
    }
    if let Some(removed) = super::kustomize::delete::remove_last(ed, svc, c) {
        return removed;
    }
    let helm = crate::format::helm::is_helm(svc);
    let Some((list, index)) = crate::format::list_item(&c.slot) else {
        return match helm {
            true => crate::format::helm::remove_from_map(ed, c),
            false => Err(EditError::Shape(format!("`{}` is no list entry", c.name()))),
        };
    };
    if helm {
        return ed.remove_keeping_key(list, index);
    }
    ed.remove(list, index)?;
    let pod = super::pod_of(svc).map_err(|e| EditError::Shape(e.to_string()))?;
    if let Some(pc) = pod_container(&pod, c) {
        volumes::remove_orphans(ed, &pod, pc)?;
    }
    Ok(())
}

/// Refuses to put a classic sidecar into a pod that has no main container because every entry of
/// its `containers` is a special sidecar (an istio gateway's lone `istio-proxy`): the first
/// ordinary entry of `containers` is the main container (SPEC §6.2), so the new sidecar would
/// become it, and no sidecar command would find it again. A native sidecar is never the main
/// container: `hint` says how to ask for one.
pub fn refuse_new_main(
    target: &Workload,
    placement: Placement,
    hint: &crate::error::Hint,
) -> Result<()> {
    if placement != Placement::Classic || target.main.name.is_some() {
        return Ok(());
    }
    let special: Vec<String> = target
        .sidecars
        .iter()
        .filter(|c| c.placement == Placement::Classic)
        .map(|c| format!("`{}`", c.name()))
        .collect();
    Err(crate::Error::failed(format!(
        "{}: {} has no main container (its containers are special sidecars: {}); a classic sidecar would become its main container; nothing was written",
        target.file,
        target.id,
        special.join(", ")
    ))
    .with_hint(hint.clone()))
}

/// The name every container of a pod has: a new sidecar may take none of them.
pub fn takes_name(w: &Workload, name: &str) -> bool {
    w.main.name() == name || w.init.iter().any(|c| c.name() == name)
}

/// The container of `w` that is no sidecar and is named `name`, as a message names it.
pub fn own_container(w: &Workload, name: &str) -> Option<String> {
    match takes_name(w, name) {
        false => None,
        true if w.main.name() != name => Some(format!("an init container `{name}`")),
        true => Some(format!("its main container `{name}`")),
    }
}

/// A classic sidecar keeps a Job's pod running after its main container ends: the Job never
/// completes (a native sidecar, `--native`, is stopped when the main container ends).
pub fn jobs_never_complete(targets: &[&Workload], name: &str, advice: &str) -> Vec<Diagnostic> {
    targets
        .iter()
        .filter_map(|t| {
            let m = t.object.as_ref()?;
            matches!(m.kind, "Job" | "CronJob").then(|| {
                Diagnostic::warning(
                    Code::SidecarJobNeverCompletes,
                    &t.file,
                    t.name.as_ref().and_then(|n| n.at()),
                    format!(
                        "{} runs to completion, but the classic sidecar `{name}` keeps its pod \
                         running: the Job will never complete; {advice} (Kubernetes 1.33+): \
                         a native sidecar is stopped when the main container ends",
                        t.id
                    ),
                )
            })
        })
        .collect()
}

/// The sidecar entry `index` of the list at `list` as it will read in its other list (`edit
/// --placement`, `clone --native|--classic`): its own text, comments and style kept, with
/// `restartPolicy: Always` added (native) or its line taken out (classic) and `sets` (field
/// path, value) applied; `moving`: the comments heading it go along (see
/// [`crate::edit::move_entry`]). `None` when its text cannot travel so, or would not read as
/// `want`: the entry is then written anew from `want`.
pub fn placed_text(
    doc: &Document,
    list: &Route,
    index: usize,
    placement: Placement,
    sets: &[(&[&str], &str)],
    want: &Value,
    moving: bool,
) -> Option<Entry> {
    if doc.is_json() {
        return None;
    }
    let at = list.index(index);
    let mut ed = Editor::new(doc);
    for (path, value) in sets {
        ed.set(&at, path, value, |_| false).ok()?;
    }
    if placement == Placement::Native {
        ed.set(&at, &["restartPolicy"], "Always", |_| false).ok()?;
    }
    let splices = ed.finish().ok()?.splices;
    let mut new = yaml::parse_stream(apply_splices(&doc.text, &splices)).ok()?;
    // Where the `restartPolicy` line was taken out, if it was.
    let mut cut = None;
    if placement == Placement::Classic
        && let Some(item) = new.node_at(&at)
        && let Some((k, v)) = new
            .entries(item)
            .into_iter()
            .find_map(|(key, k, v)| (key == "restartPolicy").then_some((k, v)))
    {
        // Its own line, key and value: taken out with the line.
        let text = &new.text;
        let from = text[..k.start].rfind('\n').map_or(0, |i| i + 1);
        let to = text[v.end..]
            .find('\n')
            .map_or(text.len(), |i| v.end + i + 1);
        if !text[from..k.start].trim().is_empty()
            || k.line != v.line
            || text[v.end..to]
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| c != '#')
        {
            return None;
        }
        let rest = format!("{}{}", &text[..from], &text[to..]);
        new = yaml::parse_stream(rest).ok()?;
        cut = Some(from);
    }
    let doc = Arc::new(new);
    let mut copied = match moving {
        true => move_entry(&doc, list, index)?,
        false => copy_entry(&doc, list, index)?,
    };
    if let Some(cut) = cut.filter(|_| moving) {
        // The comment lines above it were inside the entry: moving, it takes them along, or
        // they would be lost (a copy leaves them in its source).
        copied = keep_comments_until(copied, cut);
    }
    let mut value = copied.value().ok()?;
    for (path, v) in sets {
        // A value set in a plain scalar's place keeps it plain (`cpu: 2` becomes `cpu: 1`), so
        // it reads as a number where `want` holds the text asked for: the same quantity.
        if let Some(slot) = path.iter().try_fold(&mut value, |at, k| at.get_mut(*k))
            && slot.as_number().map(ToString::to_string).as_deref() == Some(*v)
        {
            *slot = Value::String(v.to_string());
        }
    }
    (value == *want).then_some(copied)
}
