use crate::model::Container;
use crate::project::Project;
use crate::view::{ContainerRow, ContainersView, ObjectView, Role};

/// The microservice view: the main container first, then every sidecar in file order.
pub fn containers(project: &Project, service: &str) -> crate::Result<ContainersView> {
    let svc = super::plan::service(project, service)?;
    let row = |c: &Container, role: Role| {
        let managed_by = match role {
            Role::Sidecar => project.special(c.name()).map(|s| s.managed_by.as_str()),
            _ => None,
        };
        let mut row = ContainerRow::of(c, role, managed_by);
        if svc.object.is_some() {
            row.placement = Some((role != Role::Init).then(|| c.placement.as_str()));
        }
        row
    };
    // A Kubernetes workload without containers (a broken manifest) has no main container.
    let mut containers: Vec<ContainerRow> = std::iter::once(&svc.main)
        .filter(|m| svc.object.is_none() || m.name.is_some())
        .map(|m| row(m, Role::Main))
        .collect();
    containers.extend(svc.sidecars.iter().map(|c| row(c, Role::Sidecar)));
    containers.extend(svc.init.iter().map(|c| row(c, Role::Init)));
    Ok(ContainersView {
        service: svc.id.clone(),
        file: svc.file.clone(),
        containers,
        object: ObjectView::of(svc, None),
    })
}
