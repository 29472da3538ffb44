//! What a change of a sidecar brings in a pod besides its entry (SPEC §6.2 "Commands"): the
//! volumes it mounts, and its place (classic in `containers`, native in `initContainers`).
//! The commands call these for `kubernetes` projects only.

use serde_json::Value;

use super::pod::{Pod, PodContainer};
use super::volumes;
use crate::edit::{EditError, Editor, Entry};
use crate::error::Result;
use crate::format::{Format, Mounts, Placement};
use crate::model::{Container, Workload};

/// The pod entry of a model container.
pub fn pod_container<'p>(pod: &'p Pod, c: &Container) -> Option<&'p PodContainer> {
    let (list, index) = crate::format::list_item(&c.slot)?;
    pod.containers
        .iter()
        .find(|pc| pc.index == index && &pod.list_route(pc.list) == list)
}

/// A new sidecar for `target`, ready to add: its entry (mounting the pod's own volume of a
/// ConfigMap or Secret where it has one) and the volumes the pod lacks.
pub struct Prepared {
    pub pod: Pod,
    pub entry: Value,
    pub volumes: Vec<Value>,
}

/// Prepares a new entry built with `mounts` (ConfigMaps, Secrets) as its `volumeMounts`, in
/// that order.
pub fn prepare_new(
    format: &dyn Format,
    target: &Workload,
    entry: &Value,
    mounts: &(Mounts, Mounts),
    placement: Placement,
) -> Result<Prepared> {
    let pod = super::pod_of(target)?;
    let doc = target.document()?;
    let (named, new) = volumes::for_new(&pod, doc, &mounts.0, &mounts.1)?;
    let mut entry = format.placed(entry.clone(), placement);
    if let Some(list) = entry.get_mut("volumeMounts").and_then(Value::as_array_mut) {
        for (m, (volume, _)) in list.iter_mut().zip(&named) {
            m["name"] = Value::String(volume.clone());
        }
    }
    Ok(Prepared {
        pod,
        entry,
        volumes: new,
    })
}

/// Prepares a copy of `c` of `source` for `target`: the volumes it mounts that the target lacks
/// (a same-named volume defined otherwise is a conflict).
pub fn prepare_clone(
    source: &Workload,
    c: &Container,
    target: &Workload,
) -> Result<(Pod, Vec<Value>)> {
    let spod = super::pod_of(source)?;
    let tpod = super::pod_of(target)?;
    let Some(pc) = pod_container(&spod, c) else {
        return Ok((tpod, Vec::new()));
    };
    let new = volumes::for_clone((&spod, source.document()?), pc, (&tpod, target.document()?))?;
    Ok((tpod, new))
}

/// Adds a sidecar entry at the place `placement` gives it, then the volumes.
pub fn add(
    format: &dyn Format,
    ed: &mut Editor<'_>,
    target: &Workload,
    pod: &Pod,
    entry: &Entry,
    placement: Placement,
    new_volumes: &[Value],
) -> std::result::Result<(), EditError> {
    match format.new_sidecar_slot(target, placement) {
        (list, None) => ed.append(&list, entry)?,
        (list, Some(before)) => ed.insert(&list, before, entry)?,
    }
    volumes::add(ed, pod, new_volumes)
}

/// Removes a sidecar entry and the volumes no other container mounts.
pub fn remove(ed: &mut Editor<'_>, svc: &Workload, c: &Container) -> Result<(), EditError> {
    let (list, index) = crate::format::list_item(&c.slot)
        .ok_or_else(|| EditError::Shape(format!("`{}` is no list entry", c.name())))?;
    ed.remove(list, index)?;
    let pod = super::pod_of(svc).map_err(|e| EditError::Shape(e.to_string()))?;
    if let Some(pc) = pod_container(&pod, c) {
        volumes::remove_orphans(ed, &pod, pc)?;
    }
    Ok(())
}

/// Moves a sidecar to the other list (`edit --placement`): `entry` is its data as it should
/// be, already placed.
pub fn move_to(
    format: &dyn Format,
    ed: &mut Editor<'_>,
    svc: &Workload,
    c: &Container,
    entry: Value,
    placement: Placement,
) -> std::result::Result<(), EditError> {
    let (list, index) = crate::format::list_item(&c.slot)
        .ok_or_else(|| EditError::Shape(format!("`{}` is no list entry", c.name())))?;
    ed.remove(list, index)?;
    match format.new_sidecar_slot(svc, placement) {
        (to, None) => ed.append(&to, &Entry::Data(entry)),
        (to, Some(before)) => ed.insert(&to, before, &Entry::Data(entry)),
    }
}

/// The name every container of a pod has: a new sidecar may take none of them.
pub fn takes_name(w: &Workload, name: &str) -> bool {
    w.main.name() == name || w.init.iter().any(|c| c.name() == name)
}
