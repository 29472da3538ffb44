//! Checks every format makes of a container the same way: its image reference, its resource
//! quantities and its mount paths; what a workload's rules may refer to in its project
//! ([`Declared`]); and the marketplace items, which every format's projects share. Their
//! messages name no key, so no format's spelling.

use std::collections::{BTreeSet, HashMap};

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Limits, Located, MarketplaceItem, ProjectFile, Resources, SpecialSidecar};
use crate::quantity::{Quantity, Resource};
use crate::{names, quantity};

/// What a workload's rules may refer to in its project: the ConfigMaps and secrets it
/// declares, and the sidecars another section manages (their resources are its business).
#[derive(Debug, Clone, Copy)]
pub struct Declared<'a> {
    pub config_maps: &'a BTreeSet<String>,
    pub secrets: &'a [String],
    pub special: &'a [SpecialSidecar],
}

impl Declared<'_> {
    /// Whether another section manages the sidecar `name`.
    pub fn is_special(&self, name: &str) -> bool {
        self.special.iter().any(|s| s.name == name)
    }
}

/// A format's own forms of a quantity, held before the Kubernetes ones: `Err` for a value the
/// format refuses, `Ok(false)` for a value that means "not set", `Ok(true)` for one to parse
/// and compare as Kubernetes does. `kind` is `cpu` or `memory`, as messages name it.
pub(crate) type Forms =
    fn(file: &str, kind: &str, v: &Located<String>, r: Resource) -> Result<bool, Diagnostic>;

/// The error for an image reference that does not parse.
pub(crate) fn image_invalid(file: &str, img: &Located<String>) -> Diagnostic {
    Diagnostic::error(
        Code::ImageInvalid,
        file,
        img.at(),
        format!(
            "`{}` is not an image reference of the form [host[:port]/]path[:tag][@digest]",
            img.value
        ),
    )
}

/// An image reference's error (it does not parse) or warning (no tag, or `:latest`).
pub(crate) fn check_image(out: &mut Vec<Diagnostic>, file: &str, img: &Located<String>) {
    if !names::is_valid_image(&img.value) {
        out.push(image_invalid(file, img));
    } else if !names::image_is_pinned_or_tagged(&img.value) {
        out.push(Diagnostic::warning(
            Code::ImageUnpinned,
            file,
            img.at(),
            format!("image `{}` has no tag or uses `:latest`", img.value),
        ));
    }
}

/// The error when a container mounts `name` at a `path` that `paths` (path to the name
/// mounted there, of the container's mounts so far) already holds; else records it.
pub(crate) fn duplicate_path<'a>(
    paths: &mut HashMap<&'a str, &'a str>,
    file: &str,
    label: &str,
    name: &'a Located<String>,
    path: Option<&'a Located<String>>,
) -> Option<Diagnostic> {
    let path = path?;
    let other = paths.insert(path.value.as_str(), name.value.as_str())?;
    Some(Diagnostic::error(
        Code::MountDuplicatePath,
        file,
        path.at(),
        format!(
            "{label} mounts `{}` and `{other}` at the same path `{}`",
            name.value, path.value
        ),
    ))
}

/// Each of cpu and memory: both quantities parse, and the request is not above the limit.
/// `forms`: the format's own forms of a quantity, held first (the Console's; see [`Forms`]).
pub(crate) fn check_resources(
    out: &mut Vec<Diagnostic>,
    file: &str,
    r: &Resources,
    forms: Option<Forms>,
) {
    for (kind, limits) in [(Resource::Cpu, &r.cpu), (Resource::Memory, &r.memory)] {
        if let Some(l) = limits {
            check_limits(out, file, kind, l, forms);
        }
    }
}

fn check_limits(
    out: &mut Vec<Diagnostic>,
    file: &str,
    r: Resource,
    l: &Limits,
    forms: Option<Forms>,
) {
    let kind = match r {
        Resource::Cpu => "cpu",
        Resource::Memory => "memory",
    };
    let parse = |v: &Option<Located<String>>, out: &mut Vec<Diagnostic>| -> Option<Quantity> {
        let v = v.as_ref()?;
        match forms.map(|f| f(file, kind, v, r)) {
            Some(Err(d)) => {
                out.push(d);
                return None;
            }
            Some(Ok(false)) => return None,
            Some(Ok(true)) | None => {}
        }
        match quantity::parse_resource(&v.value) {
            Ok(q) => Some(q),
            Err(e) => {
                out.push(Diagnostic::error(
                    e.code(),
                    file,
                    v.at(),
                    format!("{kind}: {e}"),
                ));
                None
            }
        }
    };
    let min = parse(&l.min, out);
    let max = parse(&l.max, out);
    if let (Some(a), Some(b), Some(at)) = (min, max, l.min.as_ref())
        && a.cmp_value(&b) == Some(std::cmp::Ordering::Greater)
    {
        let max = l.max.as_ref().map_or("", |m| m.value.as_str());
        out.push(Diagnostic::error(
            Code::ResourcesRequestAboveLimit,
            file,
            at.at(),
            format!("{kind} request {} is above its limit {max}", at.value),
        ));
    }
}

/// Every marketplace item, and no two with one id. `items` are sorted by id; they are the
/// Console's catalog manifests, whatever the format of the project's services.
pub(crate) fn marketplace(items: &[MarketplaceItem]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = items
        .iter()
        .flat_map(super::mia::marketplace::validate_item)
        .collect();
    // Sorted by id: items sharing one are neighbours.
    for pair in items.windows(2) {
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

/// The error of a project file (`file`) that does not name the project.
pub(crate) fn project_named(file: &str, config: &ProjectFile) -> Option<Diagnostic> {
    config.name.is_none().then(|| {
        Diagnostic::error(
            Code::ProjectNameMissing,
            file,
            Some((1, 1)),
            "the project file has no `name`",
        )
    })
}

/// A container (of `owner`, at `at` in `file`) has a name, and a valid one: a pod's, or one of
/// a list in Helm values.
pub(crate) fn check_container_name(
    name: Option<&Located<String>>,
    at: (usize, usize),
    owner: &str,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    match name {
        None => out.push(Diagnostic::error(
            Code::ContainerNameMissing,
            file,
            Some(at),
            format!("a container of {owner} has no `name`"),
        )),
        Some(n) if !names::is_valid_container_name(&n.value) => out.push(Diagnostic::error(
            Code::ContainerNameInvalid,
            file,
            n.at(),
            format!(
                "`{}` is not a valid container name (a DNS-1123 label: lowercase letters, \
                 digits and `-`, at most 63 characters)",
                n.value
            ),
        )),
        Some(_) => {}
    }
}

/// A container (`label` names it, at `at` in `file`) has an image, and a well-formed one: a
/// pod's, or one of a list in Helm values.
pub(crate) fn check_container_image(
    image: Option<&Located<String>>,
    at: Option<(usize, usize)>,
    label: &str,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    match image {
        None => out.push(Diagnostic::error(
            Code::ContainerImageMissing,
            file,
            at,
            format!("{label} has no `image`"),
        )),
        Some(img) => check_image(out, file, img),
    }
}
