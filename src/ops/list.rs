use std::collections::BTreeMap;

use crate::format::ObjectName;
use crate::model::Workload;
use crate::project::Project;
use crate::select::Selection;
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

impl<R> Selected<R> {
    /// The same read with each row made into `f(row)`.
    pub fn map_rows<S>(self, f: impl FnMut(R) -> S) -> Selected<S> {
        Selected {
            uses: self.uses.map_rows(f),
            kept: self.kept,
            hits: self.hits,
        }
    }
}

impl<R> ServiceUses<R> {
    /// The same service with each row made into `f(row)`.
    pub fn map_rows<S>(self, mut f: impl FnMut(R) -> S) -> ServiceUses<S> {
        ServiceUses {
            id: self.id,
            uses: self.uses.into_iter().map(|(n, u)| (n, f(u))).collect(),
            workload: self.workload,
        }
    }
}

/// A service as a scan with filters read it: its rows (none when the selection leaves it out),
/// whether it was kept, and the entries of the list of targets that name it.
pub struct Selected<R> {
    pub uses: ServiceUses<R>,
    pub kept: bool,
    pub hits: Vec<u32>,
}

/// `uses` of `svc` under `selection`: a service left out contributes no row, but stays named
/// (a `--service`-style name of it is still found).
pub fn selected(selection: &Selection, svc: &Workload) -> Selected<SidecarUse> {
    let (kept, hits) = selection.keeps_with_hits(svc);
    let uses = match kept {
        true => uses(svc),
        false => ServiceUses {
            uses: Vec::new(),
            ..named(svc)
        },
    };
    Selected { uses, kept, hits }
}

/// The services of a scan with filters: a list of targets naming no service is refused, and
/// a selection that keeps none is `no_match` (when `filtered`: filters were given).
pub fn keep_selected<R>(
    project: &Project,
    reads: Vec<Selected<R>>,
    selection: &Selection,
    filtered: bool,
) -> crate::Result<Vec<ServiceUses<R>>> {
    let hits = reads.iter().flat_map(|r| r.hits.iter().copied());
    selection.unknown_targets_after(project, hits)?;
    if filtered && !reads.iter().any(|r| r.kept) {
        return Err(selection.no_match());
    }
    Ok(reads.into_iter().map(|r| r.uses).collect())
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
    ServiceUses { uses, ..named(svc) }
}

/// A service without rows: what names it.
pub(crate) fn named<R>(svc: &Workload) -> ServiceUses<R> {
    ServiceUses {
        id: svc.id.clone(),
        uses: Vec::new(),
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
            .filter_map(|s| Some((s.workload.as_deref()?, s.id.as_str())))
            .map(|((file, kind, name, ns), id)| ObjectName {
                file,
                kind,
                name,
                namespace: ns.as_deref(),
                overlay: crate::format::overlay_in(id),
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
