use crate::project::Project;
use crate::view::{ContainerRow, ContainersView, Role};

/// The microservice view: the main container first, then every sidecar in file order.
pub fn containers(project: &Project, service: &str) -> crate::Result<ContainersView> {
    let svc = super::plan::service(project, service)?;
    let mut containers = vec![ContainerRow::of(&svc.main, Role::Main, None)];
    containers.extend(svc.sidecars.iter().map(|c| {
        ContainerRow::of(
            c,
            Role::Sidecar,
            project.special(c.name()).map(|s| s.managed_by.as_str()),
        )
    }));
    Ok(ContainersView {
        service: svc.id.clone(),
        file: svc.file.clone(),
        containers,
    })
}
