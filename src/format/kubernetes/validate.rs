//! The rules of SPEC §6.2 "validate" for one workload. What reading already reports (a wrong
//! type, no pod spec, no containers, a name used twice) is not repeated here.

use std::collections::HashMap;

use super::pod::{List, Pod, PodContainer, Role};
use crate::diagnostic::{Code, Diagnostic};
use crate::format::checks::{
    check_container_image, check_container_name, check_resources, duplicate_path,
};
use crate::model::Located;
use crate::names;

/// The diagnostics of one workload; `special` says which sidecars a mesh manages (their
/// resources are the mesh's business).
pub fn validate(pod: &Pod, file: &str, special: &dyn Fn(&str) -> bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let id = pod.id();
    for c in &pod.containers {
        let label = format!("container `{}` of {id}", c.name());
        check_container(pod, c, file, &label, special(c.name()), &mut out);
    }
    out
}

fn check_container(
    pod: &Pod,
    c: &PodContainer,
    file: &str,
    label: &str,
    special: bool,
    out: &mut Vec<Diagnostic>,
) {
    let at = Some((c.line, c.column));
    check_name(pod, c, file, out);
    // A mesh's own sidecar whose image its injection sets (`image: auto`) has none to check.
    let injected = special
        && c.image
            .as_ref()
            .is_some_and(|i| names::is_injected_image(&i.value));
    if !injected {
        check_container_image(c.image.as_ref(), at, label, file, out);
    }
    check_restart_policy(c, file, label, out);
    match &c.resources {
        Some(r) => check_resources(out, file, r, None),
        None if c.role == Role::Sidecar && !special => out.push(Diagnostic::warning(
            Code::ResourcesMissing,
            file,
            c.name.as_ref().and_then(Located::at).or(at),
            format!("sidecar `{}` of {} has no `resources`", c.name(), pod.id()),
        )),
        None => {}
    }
    check_mounts(pod, c, file, label, out);
}

/// A container has a name, and a valid one.
fn check_name(pod: &Pod, c: &PodContainer, file: &str, out: &mut Vec<Diagnostic>) {
    check_container_name(c.name.as_ref(), (c.line, c.column), &pod.id(), file, out);
}

/// Only an init container takes a `restartPolicy`, and only `Always` (a native sidecar).
fn check_restart_policy(c: &PodContainer, file: &str, label: &str, out: &mut Vec<Diagnostic>) {
    match (&c.restart_policy, c.list) {
        (Some(p), List::InitContainers) if p.value != "Always" => out.push(Diagnostic::error(
            Code::ContainerRestartPolicy,
            file,
            p.at(),
            format!(
                "{label} has `restartPolicy: {}`; an init container takes only `Always` (a \
                 native sidecar)",
                p.value
            ),
        )),
        (Some(p), List::Containers) => out.push(Diagnostic::error(
            Code::ContainerRestartPolicy,
            file,
            p.at(),
            format!(
                "{label} has `restartPolicy: {}`; only init containers take one",
                p.value
            ),
        )),
        _ => {}
    }
}

/// Each mount names a volume of the pod, and no two mount at one path.
fn check_mounts(pod: &Pod, c: &PodContainer, file: &str, label: &str, out: &mut Vec<Diagnostic>) {
    let mut paths: HashMap<&str, &str> = HashMap::new();
    for m in &c.mounts {
        if !pod.has_volume(&m.volume.value) {
            out.push(Diagnostic::error(
                Code::MountUndeclaredVolume,
                file,
                m.volume.at(),
                format!(
                    "{label} mounts volume `{}`, which the pod does not have",
                    m.volume.value
                ),
            ));
        }
        out.extend(duplicate_path(
            &mut paths,
            file,
            label,
            &m.volume,
            m.path.as_ref(),
        ));
    }
}
