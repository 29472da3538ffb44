use crate::project::Project;
use crate::view::{ContainerRow, Role, SidecarList, SidecarSummary, SidecarUse};

#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// Only these services (all when empty).
    pub services: Vec<String>,
    /// Only this sidecar.
    pub sidecar: Option<String>,
}

/// Every sidecar and the services using it, sorted by sidecar then service.
pub fn list(project: &Project, opts: &ListOptions) -> crate::Result<SidecarList> {
    for s in &opts.services {
        project.service(s)?;
    }
    let mut sidecars = Vec::new();
    for name in project.sidecar_names() {
        if opts.sidecar.as_deref().is_some_and(|n| n != name) {
            continue;
        }
        let managed_by = project.special(name).map(|s| s.managed_by.clone());
        let services: Vec<SidecarUse> = project
            .users_of(name)
            .into_iter()
            .filter(|s| opts.services.is_empty() || opts.services.contains(&s.id))
            .filter_map(|s| {
                let c = s.sidecar(name)?;
                let row = ContainerRow::of(c, Role::Sidecar, None);
                Some(SidecarUse {
                    service: s.id.clone(),
                    file: s.file.clone(),
                    docker_image: row.docker_image,
                    resources: row.resources,
                    config_maps: row.config_maps,
                    secrets: row.secrets,
                })
            })
            .collect();
        if services.is_empty() {
            continue;
        }
        sidecars.push(SidecarSummary {
            name: name.to_string(),
            special: managed_by.is_some(),
            managed_by,
            services,
        });
    }
    if let Some(name) = &opts.sidecar
        && sidecars.is_empty()
        && !project.sidecar_names().contains(name.as_str())
    {
        return Err(crate::Error::failed(format!(
            "sidecar `{name}` not found in any service"
        )));
    }
    Ok(SidecarList { sidecars })
}
