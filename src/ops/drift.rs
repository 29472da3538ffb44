//! `drift`: for each sidecar, every image in use with its services (newest first by version
//! order), the spread of its resources, its catalog item and whether it drifted (SPEC §7.2).
//!
//! Read like `list`: [`scan`] keeps of each service only its sidecars' images and resources as
//! it is read, so a project of 10,000 workloads is never held whole; [`drift`] gathers them.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::OnceLock;

use super::list::{Selected, ServiceUses, keep_selected, name_shared_ids};
use super::{marketplace, plan};
use crate::error::{Error, Result};
use crate::model::Workload;
use crate::names;
use crate::project::{LoadOptions, Project, Scan};
use crate::select::{Filters, Selection};
use crate::version;
use crate::view::{
    CatalogView, DriftReport, ImageUse, ResourcesUse, ResourcesView, SidecarDrift, Standing,
};

/// What `drift` keeps of one sidecar of one service.
#[derive(Debug, Clone)]
pub struct SidecarRow {
    pub image: Option<String>,
    pub resources: Option<ResourcesView>,
    /// The service is a Kubernetes object: its resources are `requests`/`limits`.
    pub kube: bool,
}

/// The rows of one service, by sidecar name.
pub type ServiceRows = ServiceUses<SidecarRow>;

/// What `drift` keeps of one service as it is read (see `Project::scan`).
pub fn rows(svc: &Workload) -> ServiceRows {
    let kube = svc.object.is_some();
    let uses = svc
        .sidecars
        .iter()
        .map(|c| {
            let row = SidecarRow {
                image: c.image().map(str::to_string),
                resources: c.resources.as_ref().map(ResourcesView::of),
                kube,
            };
            (c.name().to_string(), row)
        })
        .collect();
    ServiceUses {
        uses,
        ..super::list::named(svc)
    }
}

/// Reads the project once, keeping the rows of each service the filters keep (SPEC §7.1):
/// filters the format cannot answer fail before a file is read; a list of targets naming no
/// service, or filters keeping none, fail after. Workloads are not validated: `drift` reports
/// no problems, as `list` does not.
pub fn scan(root: &Path, filters: &Filters) -> Result<Scan<ServiceRows>> {
    let load = LoadOptions {
        skip_checks: true,
        ..LoadOptions::default()
    };
    let selection: OnceLock<Selection> = OnceLock::new();
    let check = |p: &Project| {
        let compiled = filters.compile(p.format.traits())?;
        selection.get_or_init(|| compiled);
        Ok(())
    };
    let Scan {
        project,
        items,
        errors,
    } = Project::scan_checked(root, &load, check, |_, svc| {
        // Set by `check`, before any workload is read.
        let selection = selection.get().expect("filters compiled before the scan");
        selected(selection, &svc)
    })?;
    let selection = selection.get().expect("filters compiled before the scan");
    let mut items = match errors.is_empty() {
        true => keep_selected(&project, items, selection, !filters.is_empty())?,
        // The caller reports the errors first.
        false => items.into_iter().map(|r| r.uses).collect(),
    };
    // A shared ID is `FILE#ID` once the whole project is read; the rows do not repeat it.
    name_shared_ids(&project, &mut items, |_, _, _| {});
    Ok(Scan {
        project,
        items,
        errors,
    })
}

/// The rows of `svc` when the selection keeps it (none otherwise), and the entries of the
/// list of targets that name it.
fn selected(selection: &Selection, svc: &Workload) -> Selected<SidecarRow> {
    let kept = selection.keeps(svc);
    let mut uses = rows(svc);
    if !kept {
        uses.uses.clear();
    }
    Selected {
        uses,
        kept,
        hits: selection.target_hits(svc),
    }
}

/// Every image and setting of resources of one sidecar, as they are gathered.
#[derive(Default)]
struct Spread {
    images: HashMap<Option<String>, Vec<String>>,
    resources: HashMap<(bool, Option<ResourcesView>), Vec<String>>,
}

/// The report for `sidecars` (every sidecar in use when empty) over `services` (in id order,
/// as [`scan`] gives them; `filtered` when filters chose them). A name that is no valid
/// sidecar name is a usage error; one that no service has fails.
pub fn drift(
    project: &Project,
    services: Vec<ServiceRows>,
    sidecars: &[String],
    filtered: bool,
) -> Result<DriftReport> {
    for name in sidecars {
        plan::check_sidecar_name(name)?;
    }
    let mut by_name: BTreeMap<String, Spread> = BTreeMap::new();
    for svc in services {
        for (name, row) in svc.uses {
            if !sidecars.is_empty() && !sidecars.contains(&name) {
                continue;
            }
            let spread = by_name.entry(name).or_default();
            let id = svc.id.clone();
            spread.images.entry(row.image).or_default().push(id.clone());
            let key = (row.kube, row.resources);
            spread.resources.entry(key).or_default().push(id);
        }
    }
    if let Some(missing) = sidecars.iter().find(|n| !by_name.contains_key(*n)) {
        if filtered {
            let what = project.format.traits().noun;
            return Err(Error::failed(format!(
                "sidecar `{missing}` not found in any {what} the filters select"
            )));
        }
        return Err(plan::not_in_any_service(project, missing));
    }
    let sidecars = by_name
        .into_iter()
        .map(|(name, spread)| sidecar(project, name, spread))
        .collect();
    Ok(DriftReport { sidecars })
}

/// One sidecar's part of the report.
fn sidecar(project: &Project, name: String, spread: Spread) -> SidecarDrift {
    let catalog = marketplace::catalog(project, &name).map(|item| CatalogView {
        item: item.item_id.clone(),
        image: item.image().map(str::to_string),
        version: item.version(),
    });
    let wanted = catalog.as_ref().and_then(|c| c.image.as_deref());
    let mut images: Vec<ImageUse> = spread
        .images
        .into_iter()
        .map(|(image, services)| image_use(image, services, wanted))
        .collect();
    images.sort_by(|a, b| {
        version::newest_first(a.tag.as_deref(), b.tag.as_deref())
            .then_with(|| a.image.cmp(&b.image))
    });
    let mut resources: Vec<ResourcesUse> = spread
        .resources
        .into_iter()
        .map(|((kube, resources), services)| ResourcesUse {
            resources,
            kube,
            services: sorted(services),
        })
        .collect();
    // The most common setting first; the same count by the values themselves.
    resources.sort_by(|a, b| {
        (b.services.len(), &a.resources, a.kube).cmp(&(a.services.len(), &b.resources, b.kube))
    });
    let drifted = images.len() > 1
        || wanted.is_some_and(|w| images.iter().any(|i| i.image.as_deref() != Some(w)));
    SidecarDrift {
        name,
        images,
        resources,
        catalog,
        drifted,
    }
}

/// One image in use, split into its parts, and how it stands against the catalog's image.
fn image_use(image: Option<String>, services: Vec<String>, wanted: Option<&str>) -> ImageUse {
    let part = |f: fn(&str) -> Option<&str>| image.as_deref().and_then(f).map(str::to_string);
    let standing = wanted.map(|w| standing(image.as_deref(), w));
    ImageUse {
        repository: part(|i| Some(names::image_name(i))),
        tag: part(names::image_tag),
        digest: part(names::image_digest),
        image,
        services: sorted(services),
        standing,
    }
}

/// `image` beside the catalog's image `wanted`: the same; or the same release, older or newer
/// by their tags' versions, whatever registry each names (a mirror runs the same release) and
/// whatever digest pins it; otherwise it differs.
fn standing(image: Option<&str>, wanted: &str) -> Standing {
    let Some(image) = image else {
        return Standing::Differs;
    };
    if image == wanted {
        return Standing::Same;
    }
    let order = names::image_tag(image)
        .zip(names::image_tag(wanted))
        .and_then(|(a, b)| version::compare(a, b));
    match order {
        Some(std::cmp::Ordering::Less) => Standing::Behind,
        Some(std::cmp::Ordering::Greater) => Standing::Ahead,
        Some(std::cmp::Ordering::Equal) => Standing::SameVersion,
        None => Standing::Differs,
    }
}

/// IDs in order, each once (a service that lists the sidecar twice, an invalid file, counts
/// once).
fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort_unstable();
    ids.dedup();
    ids
}
