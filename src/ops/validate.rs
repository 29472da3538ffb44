//! Every rule of SPEC §4, each with a stable code.

use std::collections::HashMap;

use crate::diagnostic::{Code, Diagnostic};
use crate::format::Part;
use crate::format::checks::{check_image, check_resources, duplicate_path};
use crate::format::mia::marketplace;
use crate::model::{Container, Workload};
use crate::names;
use crate::project::Project;

/// The project file's own rules.
pub fn validate_project(project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if project.format.kubernetes() {
        // Files the project skips are reported here (a template, a file that does not parse, a
        // workload of the wrong shape); a project without a project file has no name to need.
        out.extend(
            project
                .notes
                .iter()
                .filter(|d| crate::format::kubernetes::project::validated(d))
                .cloned(),
        );
    } else if project.config.name.is_none() {
        out.push(Diagnostic::error(
            Code::ProjectNameMissing,
            crate::project::PROJECT_FILE,
            Some((1, 1)),
            "the project file has no `name`",
        ));
    }
    out.extend(check_defaults(project));
    out.extend(validate_marketplace(project));
    out
}

/// The project's `defaults.resources`, which `create` writes into new entries.
pub fn check_defaults(project: &Project) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    if let Some(defaults) = &project.config.defaults {
        check_resources(
            &mut out,
            crate::project::PROJECT_FILE,
            defaults,
            project.is_console(),
        );
    }
    out
}

/// Every marketplace item, and no two with one id.
pub fn validate_marketplace(project: &Project) -> Vec<Diagnostic> {
    // Marketplace items are the Console's catalog manifests, whatever the services' format.
    let mut out: Vec<Diagnostic> = project
        .marketplace
        .iter()
        .flat_map(marketplace::validate_item)
        .collect();
    // Sorted by id: items sharing one are neighbours.
    for pair in project.marketplace.windows(2) {
        if pair[0].item_id == pair[1].item_id {
            out.push(Diagnostic::error(
                Code::MarketplaceDuplicateItemId,
                &pair[1].file,
                pair[1].item_id_at(),
                format!(
                    "item id `{}` is also the id of {}",
                    pair[1].item_id, pair[0].file
                ),
            ));
        }
    }
    out
}

/// One service's rules; `project` gives what it may refer to (ConfigMaps, secrets, special
/// sidecars). Each service is checked on its own, so a large project is checked as it loads.
pub fn validate_service(project: &Project, svc: &Workload) -> Vec<Diagnostic> {
    if let Some(m) = &svc.manifest {
        return m.checks.clone();
    }
    let mut out = Vec::new();
    check_service(project, svc, &mut out);
    out
}

fn check_service(project: &Project, svc: &Workload, out: &mut Vec<Diagnostic>) {
    let file = svc.file.as_str();
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
            if project.single_file.is_some() {
                format!(
                    "`name: {}` does not match the service's key `{}` in `services`",
                    n.value, svc.id
                )
            } else {
                format!(
                    "`name: {}` does not match the file name `{}`",
                    n.value, svc.id
                )
            },
        )),
        Some(_) => {}
    }
    // The main container's name is the service's name: the same DNS-label rule applies.
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
    check_container(project, file, &svc.main, "the main container", out);
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
        check_container(project, file, c, &label, out);
        if c.resources.is_none() && project.special(&name.value).is_none() {
            out.push(Diagnostic::warning(
                Code::ResourcesMissing,
                file,
                name.at(),
                format!(
                    "{label} has no `{}`",
                    project.format.spelling(Part::Resources)
                ),
            ));
        }
    }
}

fn check_container(
    project: &Project,
    file: &str,
    c: &Container,
    label: &str,
    out: &mut Vec<Diagnostic>,
) {
    match &c.image {
        None => out.push(Diagnostic::error(
            Code::ContainerImageMissing,
            file,
            Some((c.line, c.column)),
            format!("{label} has no `{}`", project.format.spelling(Part::Image)),
        )),
        Some(img) => check_image(out, file, img),
    }
    if let Some(r) = &c.resources {
        check_resources(out, file, r, project.is_console());
    }
    let mut paths: HashMap<&str, &str> = HashMap::new();
    for (config_map, mounts) in [(true, &c.config_maps), (false, &c.secrets)] {
        for m in mounts {
            let declared = if config_map {
                project.config_maps.contains(&m.name.value)
            } else {
                project.config.service_secrets.contains(&m.name.value)
            };
            if !declared {
                let (code, mut hint) = if config_map {
                    (
                        Code::MountUndeclaredConfigMap,
                        format!(
                            "no folder {}/{}/",
                            crate::project::CONFIG_MAPS_DIR,
                            m.name.value
                        ),
                    )
                } else {
                    (
                        Code::MountUndeclaredSecret,
                        "not listed in `serviceSecrets` of sidecarctl.yaml".to_string(),
                    )
                };
                if let Some(h) = project.format.undeclared_hint(config_map) {
                    hint = h.to_string();
                }
                out.push(Diagnostic::error(
                    code,
                    file,
                    m.name.at(),
                    format!(
                        "{label} mounts `{}`, which the project does not declare ({hint})",
                        m.name.value
                    ),
                ));
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
    for key in &c.unknown_keys {
        out.push(Diagnostic::warning(
            Code::KeyUnknown,
            file,
            key.at(),
            format!("{label} has an unknown key `{}` (kept as it is)", key.value),
        ));
    }
}
