use std::collections::BTreeMap;

use crate::format::ObjectName;
use crate::model::Workload;
use crate::project::Project;
use crate::view::{ContainerRow, ObjectView, Role, SidecarList, SidecarSummary, SidecarUse};

#[derive(Debug, Clone, Default)]
pub struct ListOptions {
    /// Only these services (all when empty).
    pub services: Vec<String>,
    /// Only this sidecar.
    pub sidecar: Option<String>,
}

/// What `list` needs of one service: its id and its sidecars' rows, by sidecar name.
pub struct ServiceUses<R = SidecarUse> {
    pub id: String,
    pub uses: Vec<(String, R)>,
    /// Kubernetes: what `--service` queries match (boxed: most rows are not Kubernetes rows).
    pub workload: Option<Box<WorkloadName>>,
}

/// A Kubernetes workload's (file, kind, name, namespace).
pub type WorkloadName = (String, &'static str, String, Option<String>);

impl ServiceUses {
    /// The same service with each row made into `f(row)`.
    pub fn map_rows<R>(self, mut f: impl FnMut(SidecarUse) -> R) -> ServiceUses<R> {
        ServiceUses {
            id: self.id,
            uses: self.uses.into_iter().map(|(n, u)| (n, f(u))).collect(),
            workload: self.workload,
        }
    }
}

/// The rows one service contributes (it can be dropped afterwards: see `Project::scan`).
pub fn uses(svc: &Workload) -> ServiceUses {
    let uses = svc
        .sidecars
        .iter()
        .map(|c| {
            let row = ContainerRow::of(c, Role::Sidecar, None);
            let usage = SidecarUse {
                service: svc.id.clone(),
                file: svc.file.clone(),
                docker_image: row.docker_image,
                resources: row.resources,
                config_maps: row.config_maps,
                secrets: row.secrets,
                object: ObjectView::of(svc, Some(c)),
            };
            (row.name, usage)
        })
        .collect();
    ServiceUses {
        id: svc.id.clone(),
        uses,
        workload: svc.object.as_ref().map(|m| {
            Box::new((
                svc.file.clone(),
                m.kind,
                m.name.clone(),
                m.namespace.clone(),
            ))
        }),
    }
}

/// Names each copy of a shared ID (`project.shared_ids`) `FILE#ID`, in the service and its
/// rows (`rename(row, new id)`), as a project loaded whole names them.
pub fn name_shared_ids<R>(
    project: &Project,
    services: &mut [ServiceUses<R>],
    rename: impl Fn(&mut R, &str, &str),
) {
    if project.shared_ids.is_empty() {
        return;
    }
    for svc in services {
        let Some(file) = svc.workload.as_ref().map(|w| w.0.clone()) else {
            continue;
        };
        let new = project.display_id(&file, &svc.id);
        if new != svc.id {
            for (_, row) in &mut svc.uses {
                rename(row, &svc.id, &new);
            }
            svc.id = new;
        }
    }
}

/// `list` from per-service rows, given in id order.
pub fn summarize<R>(
    project: &Project,
    services: Vec<ServiceUses<R>>,
    opts: &ListOptions,
) -> crate::Result<SidecarList<R>> {
    let queries = project.format.traits().queries;
    // A name that cannot be a service or a sidecar is a usage error, as in every command.
    for wanted in opts.services.iter().filter(|_| !queries) {
        super::plan::check_service_name(wanted)?;
    }
    if let Some(name) = &opts.sidecar {
        super::plan::check_sidecar_name(name)?;
    }
    let chosen = chosen(project, &services, opts)?;
    // Each sidecar's rows, and the service that gave the last of them.
    let mut by_name: BTreeMap<String, (Vec<R>, usize)> = BTreeMap::new();
    // What is left of the services once their rows are taken is freed on another core: tens of
    // thousands of small strings freed one at a time were a tenth of a large project's `list`.
    let mut left = Vec::with_capacity(services.len());
    for (i, svc) in services.into_iter().enumerate() {
        let wanted = opts.services.is_empty()
            || if queries {
                chosen.contains(&i)
            } else {
                opts.services.contains(&svc.id)
            };
        let mut names = Vec::with_capacity(svc.uses.len());
        for (name, usage) in svc.uses {
            let (rows, last) = match by_name.get_mut(&name) {
                Some(entry) => {
                    names.push(name);
                    entry
                }
                None => by_name.entry(name).or_insert((Vec::new(), usize::MAX)),
            };
            // A service listing the same sidecar twice (an invalid file) shows it once, as `show` does.
            if wanted && *last != i {
                rows.push(usage);
                *last = i;
            }
        }
        left.push((svc.id, svc.workload, names));
    }
    crate::free::beside(left);
    if let Some(name) = &opts.sidecar
        && !by_name.contains_key(name)
    {
        return Err(super::plan::not_in_any_service(project, name));
    }
    let sidecars = by_name
        .into_iter()
        .filter(|(name, (rows, _))| {
            !rows.is_empty() && opts.sidecar.as_ref().is_none_or(|n| n == name)
        })
        .map(|(name, (services, _))| {
            let managed_by = project.special(&name).map(|s| s.managed_by.clone());
            SidecarSummary {
                special: managed_by.is_some(),
                managed_by,
                name,
                services,
            }
        })
        .collect();
    Ok(SidecarList { sidecars })
}

/// The services `opts.services` names, by index, for a format whose command line names
/// workloads by queries (otherwise each name is an ID, looked up as the rows are taken); a
/// name that reaches none is refused.
fn chosen<R>(
    project: &Project,
    services: &[ServiceUses<R>],
    opts: &ListOptions,
) -> crate::Result<std::collections::HashSet<usize>> {
    let queries = project.format.traits().queries;
    // Queries (Kubernetes) name workloads by ID, `kind/name`, name or `FILE#ID`.
    let mut chosen = std::collections::HashSet::new();
    if queries {
        let all: Vec<ObjectName> = services
            .iter()
            .filter_map(|s| s.workload.as_deref())
            .map(|(file, kind, name, ns)| ObjectName {
                file,
                kind,
                name,
                namespace: ns.as_deref(),
            })
            .collect();
        for q in &opts.services {
            let found = project.format.find(q, &all)?;
            if found.is_empty() {
                return Err(crate::Error::failed(format!("workload `{q}` not found")));
            }
            chosen.extend(found);
        }
    }
    for wanted in opts.services.iter().filter(|_| !queries) {
        if !services.iter().any(|s| &s.id == wanted) {
            if let Some(why) = project.not_a_target(wanted) {
                return Err(crate::Error::failed(why));
            }
            let known: Vec<&str> = services.iter().map(|s| s.id.as_str()).collect();
            return Err(crate::Error::failed(format!(
                "service `{wanted}` not found in {}",
                project.services_place()
            ))
            .with_hint(format!("known services: {}", known.join(", "))));
        }
    }
    Ok(chosen)
}
