//! Pod volumes follow the containers that mount them (SPEC §6.2 "Commands"): `create` adds a
//! volume for a ConfigMap or Secret the pod has none for, `clone` brings the volumes the entry
//! mounts, `delete` takes the volumes nobody mounts any more.

use serde_json::{Value, json};

use super::pod::{Pod, PodContainer, Volume};
use std::sync::Arc;

use crate::edit::{EditError, Editor, Entry, copy_entry};
use crate::error::{Error, Result};
use crate::format::Mounts;
use crate::yaml::{self, Document, Schema};

/// What a pod's `volumes` list is called in the pod spec.
pub const VOLUMES: &str = "volumes";

/// A volume's definition as data.
fn data(doc: &Document, pod: &Pod, index: usize) -> Option<Value> {
    data_as(doc, pod, index, Schema::Core)
}

/// [`data`] as `schema` reads it.
fn data_as(doc: &Document, pod: &Pod, index: usize, schema: Schema) -> Option<Value> {
    let list = doc.get_at(&pod.pod_spec.key(VOLUMES))?;
    let item = *doc.items(list).get(index)?;
    yaml::to_value_as(doc, item, schema).ok()
}

/// Whether two volumes are defined alike for the cluster: as kubectl, Argo CD, Flux and
/// kustomize read them, by YAML 1.1, where `defaultMode: 0400` is `defaultMode: 256` and not
/// `defaultMode: 400`, and `optional: no` is `optional: false`.
fn same_volume(a: (&Document, &Pod, usize), b: (&Document, &Pod, usize)) -> bool {
    let one = data_as(a.0, a.1, a.2, Schema::Yaml11);
    one.is_some() && one == data_as(b.0, b.1, b.2, Schema::Yaml11)
}

/// The volumes a new container needs in `pod` for its ConfigMap and Secret mounts (name, mount
/// path): for each, the name of the pod volume to mount (an existing volume of that ConfigMap
/// or Secret, else a new one named after it), and the new volumes.
pub fn for_new(
    pod: &Pod,
    doc: &Document,
    (config_maps, secrets): &(Mounts, Mounts),
    at: Where<'_>,
) -> Result<(Mounts, Vec<Value>)> {
    let mut mounts = Vec::new();
    let mut new: Vec<Value> = Vec::new();
    for (secret, list) in [(false, config_maps), (true, secrets)] {
        for (name, path) in list {
            let existing = pod.volumes.iter().find(|v| {
                let d = data(doc, pod, v.index).unwrap_or_default();
                if secret {
                    d.pointer("/secret/secretName").and_then(Value::as_str) == Some(name)
                } else {
                    d.pointer("/configMap/name").and_then(Value::as_str) == Some(name)
                }
            });
            if let Some(v) = existing {
                mounts.push((v.name.value.clone(), path.clone()));
                continue;
            }
            let volume = if secret {
                json!({"name": name, "secret": {"secretName": name}})
            } else {
                json!({"name": name, "configMap": {"name": name}})
            };
            if let Some(v) = pod.volume(name) {
                let what = if secret { "Secret" } else { "ConfigMap" };
                let (who, place) = at(v);
                return Err(Error::failed(format!(
                    "{who} already has a volume `{name}` ({place}) that is not the {what} `{name}`; nothing was written"
                ))
                .with_hint("mount that volume by hand, or rename it"));
            }
            if !new.contains(&volume) {
                new.push(volume);
            }
            mounts.push((name.clone(), path.clone()));
        }
    }
    Ok((mounts, new))
}

/// `entry` (a new container) mounting the pod volumes `named`, in the order of its
/// `volumeMounts` ([`for_new`]'s first half).
pub fn name_mounts(entry: &mut Value, named: &Mounts) {
    if let Some(list) = entry.get_mut("volumeMounts").and_then(Value::as_array_mut) {
        for (m, (volume, _)) in list.iter_mut().zip(named) {
            m["name"] = Value::String(volume.clone());
        }
    }
}

/// The volumes of `source` that the entry `c` mounts and `target` lacks, as entries that carry
/// their text (or, where it cannot travel, their data with each plain scalar as written:
/// `defaultMode: 0400` must stay octal to kubectl). A target volume of the same name with
/// another definition is a conflict.
pub fn for_clone(
    source: (&Pod, &Arc<Document>),
    c: &PodContainer,
    target: (&Pod, &Document),
) -> Result<Vec<Entry>> {
    let (spod, sdoc) = source;
    let list = spod.pod_spec.key(VOLUMES);
    let needed = needed((spod, sdoc), c, target, &in_pod(target.0))?;
    let entries = needed.into_iter().map(|(index, value)| {
        copy_entry(sdoc, &list, index)
            .unwrap_or_else(|| Entry::sourced(value, sdoc, list.index(index)))
    });
    Ok(entries.collect())
}

/// How a refusal names a volume of the target pod: the workload as the command names it, and
/// where the volume is.
pub type Where<'a> = &'a dyn Fn(&Volume) -> (String, String);

/// [`Where`] for a pod changed in its own file: its ID, and the volume's line.
pub fn in_pod(pod: &Pod) -> impl Fn(&Volume) -> (String, String) + '_ {
    |v| (pod.id(), format!("line {}", v.name.line()))
}

/// [`for_clone`] for a new patch that adds `c` to `target`: the volumes as the cluster reads
/// them (YAML 1.1: `defaultMode: 0400` is 256), to be written as data.
pub fn for_patch(
    source: (&Pod, &Document),
    c: &PodContainer,
    target: (&Pod, &Document),
    at: Where<'_>,
) -> Result<Vec<Value>> {
    let needed = needed(source, c, target, at)?;
    let (spod, sdoc) = source;
    let values = needed
        .into_iter()
        .filter_map(|(index, _)| data_as(sdoc, spod, index, Schema::Yaml11));
    Ok(values.collect())
}

/// The volumes of `source` that `c` mounts and `target` lacks, each once: the index of its
/// definition in `source` and its data. A target volume of the same name defined otherwise
/// is refused.
fn needed(
    source: (&Pod, &Document),
    c: &PodContainer,
    target: (&Pod, &Document),
    at: Where<'_>,
) -> Result<Vec<(usize, Value)>> {
    let (spod, sdoc) = source;
    let (tpod, tdoc) = target;
    let mut out: Vec<(usize, Value)> = Vec::new();
    for m in &c.mounts {
        let name = &m.volume.value;
        if spod.volume(name).is_none() && spod.has_volume(name) {
            // A claim template's volume: the target must have its own.
            continue;
        }
        let Some(sv) = spod.volume(name) else {
            return Err(Error::failed(format!(
                "{}: `{}` mounts volume `{name}`, which {} does not have; nothing was written",
                spod.id(),
                c.name(),
                spod.id()
            )));
        };
        let Some(value) = data(sdoc, spod, sv.index) else {
            continue;
        };
        match tpod.volume(name) {
            Some(tv) if same_volume((sdoc, spod, sv.index), (tdoc, tpod, tv.index)) => {}
            Some(tv) => {
                let (who, place) = at(tv);
                return Err(Error::failed(format!(
                    "{who} has a volume `{name}` ({place}) that differs from the one `{}` mounts in {}; nothing was written",
                    c.name(),
                    spod.id()
                ))
                .with_hint("make the two volumes the same, or rename one of them"));
            }
            None if !out.iter().any(|(_, v)| *v == value) => out.push((sv.index, value)),
            None => {}
        }
    }
    Ok(out)
}

/// Removes the volumes only `c` mounts (the key too when none is left).
pub fn remove_orphans(
    ed: &mut Editor<'_>,
    pod: &Pod,
    c: &PodContainer,
) -> std::result::Result<(), EditError> {
    let orphans = pod.volumes_only_mounted_by(c);
    let list = pod.pod_spec.key(VOLUMES);
    if !orphans.is_empty() && orphans.len() == pod.volume_items {
        return ed.remove_all(&list);
    }
    for v in orphans {
        ed.remove(&list, v.index)?;
    }
    Ok(())
}
