//! The rules of SPEC §4 for one Mia service: its name, each container's name, image,
//! resources and mounts. The Console's services have the same shape and follow the same rules
//! (`console/validate.rs` says how they differ), so these take the format that spells the keys.

use std::collections::HashMap;

use super::CONFIG_MAPS_DIR;
use crate::diagnostic::{Code, Diagnostic};
use crate::format::checks::{Declared, check_image, duplicate_path};
use crate::format::{Format, Part};
use crate::model::{Container, Workload};
use crate::names;

/// Words the error of a `name` (first) that is not the service's id (second).
pub(crate) type Mismatch = fn(&str, &str) -> String;

/// The diagnostics of one service of `format` (Mia, or the Console), given what its project
/// declares; `mismatch` words a `name` that is not the service's id.
pub(crate) fn service(
    format: &dyn Format,
    svc: &Workload,
    declared: &Declared<'_>,
    mismatch: Mismatch,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let rules = Rules {
        format,
        declared,
        file: svc.file.as_str(),
    };
    rules.name(svc, mismatch, &mut out);
    rules.container(&svc.main, "the main container", &mut out);
    rules.sidecars(svc, &mut out);
    out
}

/// The rules of one service's file.
struct Rules<'a> {
    format: &'a dyn Format,
    declared: &'a Declared<'a>,
    file: &'a str,
}

impl Rules<'_> {
    /// The service's `name`: present, its id, and a DNS label (the main container is named
    /// after the service, so the container name rule applies).
    fn name(&self, svc: &Workload, mismatch: Mismatch, out: &mut Vec<Diagnostic>) {
        let file = self.file;
        match &svc.name {
            None => out.push(Diagnostic::error(
                Code::ServiceNameMissing,
                file,
                Some((svc.main.line, svc.main.column)),
                "the service has no `name`",
            )),
            Some(n) if n.value != svc.id => out.push(Diagnostic::error(
                Code::ServiceNameMismatch,
                file,
                n.at(),
                mismatch(&n.value, &svc.id),
            )),
            Some(_) => {}
        }
        if let Some(n) = svc
            .name
            .as_ref()
            .filter(|n| !names::is_valid_service_name(&n.value))
        {
            out.push(Diagnostic::error(
                Code::ContainerNameInvalid,
                file,
                n.at(),
                format!(
                    "`{}` is not a valid service name (lowercase letters, digits and `-`, starting with a letter, at most 63 characters)",
                    n.value
                ),
            ));
        }
    }

    /// Each sidecar: a valid name no other container of the service has, its container's
    /// rules, and resources unless another section manages it.
    fn sidecars(&self, svc: &Workload, out: &mut Vec<Diagnostic>) {
        let file = self.file;
        let mut seen: HashMap<&str, usize> = HashMap::new();
        seen.insert(
            svc.name
                .as_ref()
                .map_or(svc.id.as_str(), |n| n.value.as_str()),
            0,
        );
        for c in &svc.sidecars {
            let Some(name) = &c.name else {
                out.push(Diagnostic::error(
                    Code::ContainerNameMissing,
                    file,
                    Some((c.line, c.column)),
                    "a sidecar has no `name`",
                ));
                continue;
            };
            if !names::is_valid_container_name(&name.value) {
                out.push(Diagnostic::error(
                    Code::ContainerNameInvalid,
                    file,
                    name.at(),
                    format!(
                        "`{}` is not a valid container name (lowercase letters, digits and `-`, starting with a letter, at most 63 characters)",
                        name.value
                    ),
                ));
            }
            if let Some(first) = seen.insert(name.value.as_str(), name.line()) {
                let what = if first == 0 {
                    "the service's own name".to_string()
                } else {
                    format!("line {first}")
                };
                out.push(Diagnostic::error(
                    Code::ContainerDuplicateName,
                    file,
                    name.at(),
                    format!("container name `{}` is already used by {what}", name.value),
                ));
            }
            let label = format!("sidecar `{}`", name.value);
            self.container(c, &label, out);
            if c.resources.is_none() && !self.declared.is_special(&name.value) {
                out.push(Diagnostic::warning(
                    Code::ResourcesMissing,
                    file,
                    name.at(),
                    format!("{label} has no `{}`", self.format.spelling(Part::Resources)),
                ));
            }
        }
    }

    /// One container's image, resources, mounts and keys; `label` names it in messages.
    fn container(&self, c: &Container, label: &str, out: &mut Vec<Diagnostic>) {
        let file = self.file;
        match &c.image {
            None => out.push(Diagnostic::error(
                Code::ContainerImageMissing,
                file,
                Some((c.line, c.column)),
                format!("{label} has no `{}`", self.format.spelling(Part::Image)),
            )),
            Some(img) => check_image(out, file, img),
        }
        if let Some(r) = &c.resources {
            self.format.check_resources(out, file, r);
        }
        self.mounts(c, label, out);
        for key in &c.unknown_keys {
            out.push(Diagnostic::warning(
                Code::KeyUnknown,
                file,
                key.at(),
                format!("{label} has an unknown key `{}` (kept as it is)", key.value),
            ));
        }
    }

    /// Each ConfigMap and secret mount: declared by the project, and at a path of its own.
    fn mounts(&self, c: &Container, label: &str, out: &mut Vec<Diagnostic>) {
        let file = self.file;
        let mut paths: HashMap<&str, &str> = HashMap::new();
        for (config_map, mounts) in [(true, &c.config_maps), (false, &c.secrets)] {
            for m in mounts {
                let declared = if config_map {
                    self.declared.config_maps.contains(&m.name.value)
                } else {
                    self.declared.secrets.contains(&m.name.value)
                };
                if !declared {
                    out.push(self.undeclared(config_map, &m.name.value, label, m.name.at()));
                }
                out.extend(duplicate_path(
                    &mut paths,
                    file,
                    label,
                    &m.name,
                    m.mount_path.as_ref(),
                ));
            }
        }
    }

    /// The error of a mount of `name`, a ConfigMap (`config_map`) or a secret the project
    /// does not declare.
    fn undeclared(
        &self,
        config_map: bool,
        name: &str,
        label: &str,
        at: Option<(usize, usize)>,
    ) -> Diagnostic {
        let (code, mut hint) = if config_map {
            (
                Code::MountUndeclaredConfigMap,
                format!("no folder {CONFIG_MAPS_DIR}/{name}/"),
            )
        } else {
            (
                Code::MountUndeclaredSecret,
                "not listed in `serviceSecrets` of sidecarctl.yaml".to_string(),
            )
        };
        if let Some(h) = self.format.undeclared_hint(config_map) {
            hint = h.to_string();
        }
        Diagnostic::error(
            code,
            self.file,
            at,
            format!("{label} mounts `{name}`, which the project does not declare ({hint})"),
        )
    }
}
