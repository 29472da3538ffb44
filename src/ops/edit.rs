//! `edit`: change a sidecar's resources, image, variables, arguments and ports (and upgrade it
//! from a marketplace item) in some or all services.

mod fields;

use std::path::Path;

use rayon::prelude::*;

use super::plan::{self, Targets};
use crate::change::{ChangeSet, FileChange};
use crate::edit::Entry;
use crate::error::{Error, Hint, Input, Result};
use crate::format::change::item_of;
use crate::format::{Change, Field, Placement};
use crate::model::{Container, Located, Workload};
use crate::names;
use crate::project::{LoadOptions, Project};
use crate::quantity::{self, Quantity, Resource};
use crate::select::Filters;
use crate::view::{Action, ChangeRow};

mod all;

#[derive(Debug, Clone, Default)]
pub struct EditOptions {
    pub sidecar: String,
    pub cpu_request: Option<String>,
    pub cpu_limit: Option<String>,
    pub memory_request: Option<String>,
    pub memory_limit: Option<String>,
    pub image: Option<String>,
    /// Kubernetes: move the sidecar between `containers` and `initContainers`.
    pub placement: Option<Placement>,
    pub dry_run: bool,
    /// With every target (`--all`): change the rest when a file that names the sidecar could
    /// not be read (it is reported `skipped`), instead of refusing.
    pub skip_unreadable: bool,
    /// `K=V`: set, or added when missing.
    pub env: Vec<String>,
    /// Variables removed.
    pub unset_env: Vec<String>,
    /// The whole new list of arguments, when not empty.
    pub args: Vec<String>,
    /// `NAME:PORT[:TO][/PROTO]`: added, or replacing the port of that name.
    pub ports: Vec<String>,
    /// Ports removed, by name.
    pub unset_ports: Vec<String>,
    /// Replace a variable that takes its value from elsewhere (a secret) too.
    pub force: bool,
    /// Upgrade from a marketplace item: its image and the item recorded; `Some(None)` takes
    /// the sidecar's catalog item.
    pub from_marketplace: Option<Option<String>>,
    /// With `from_marketplace`: the item's default resources too.
    pub reset_resources: bool,
    /// The filters of SPEC §7.1 (and the image filter): they narrow the targets.
    pub filters: Filters,
}

/// A value of `--{flag}`; in a Console project, only in the one unit the Console takes.
fn parse_quantity(
    project: &Project,
    input: Input,
    r: Resource,
    v: &Option<String>,
) -> Result<Option<Quantity>> {
    v.as_deref()
        .map(|s| {
            if project.format.traits().console_units {
                plan::console_quantity(input, r, s)?;
            }
            quantity::parse_resource(s).map_err(|e| Error::invalid(input, e.to_string()))
        })
        .transpose()
}

/// Checks that a request is not above its limit, after the change.
fn check_order(
    what: &str,
    service: &Workload,
    req: (&Option<String>, Option<&Located<String>>),
    lim: (&Option<String>, Option<&Located<String>>),
) -> Result<()> {
    let pick = |new: &Option<String>, old: Option<&Located<String>>| {
        new.clone().or_else(|| old.map(|o| o.value.clone()))
    };
    let (Some(r), Some(l)) = (pick(req.0, req.1), pick(lim.0, lim.1)) else {
        return Ok(());
    };
    let (Ok(rq), Ok(lq)) = (quantity::parse(&r), quantity::parse(&l)) else {
        return Ok(());
    };
    if rq.cmp_value(&lq) == Some(std::cmp::Ordering::Greater) {
        // Name the value that stays, where it stands in the file.
        let kept = match (req.0, lim.0) {
            (None, _) => req.1,
            (_, None) => lim.1,
            _ => None,
        };
        let at = kept.and_then(|k| k.at()).map_or(String::new(), |(l, c)| {
            format!(" ({}:{l}:{c})", service.file)
        });
        let msg = format!(
            "{what} request {r} would be above its limit {l} in service `{}`{at}",
            service.id
        );
        return Err(if req.0.is_some() && lim.0.is_some() {
            Error::usage(msg)
        } else {
            Error::failed(msg).with_hint("change the request and the limit together")
        });
    }
    Ok(())
}

/// The values to set, in the order they are set.
fn fields(opts: &EditOptions) -> [(Field, &Option<String>); 5] {
    [
        (Field::CpuRequest, &opts.cpu_request),
        (Field::CpuLimit, &opts.cpu_limit),
        (Field::MemoryRequest, &opts.memory_request),
        (Field::MemoryLimit, &opts.memory_limit),
        (Field::Image, &opts.image),
    ]
}

/// Checks the options: malformed values are usage errors, a special sidecar is refused.
pub fn check(project: &Project, opts: &EditOptions) -> Result<()> {
    plan::check_sidecar_name(&opts.sidecar)?;
    if fields(opts).iter().all(|(_, v)| v.is_none())
        && opts.placement.is_none()
        && !fields::given(opts)
    {
        return Err(Error::usage("nothing to change").with_hint(Hint::NameChange));
    }
    if opts.placement.is_some() && fields::changes_lists(opts) {
        return Err(Error::usage(
            "a sidecar's placement changes on its own: change its variables, arguments and ports in another edit",
        ));
    }
    if opts.placement.is_some() && !project.format.traits().placements {
        return Err(Error::NotTaken {
            input: Input::Placement,
            only: "Kubernetes manifests",
            why: "a Mia service's sidecars are all classic",
        });
    }
    parse_quantity(project, Input::CpuRequest, Resource::Cpu, &opts.cpu_request)?;
    parse_quantity(project, Input::CpuLimit, Resource::Cpu, &opts.cpu_limit)?;
    parse_quantity(
        project,
        Input::MemoryRequest,
        Resource::Memory,
        &opts.memory_request,
    )?;
    parse_quantity(
        project,
        Input::MemoryLimit,
        Resource::Memory,
        &opts.memory_limit,
    )?;
    if let Some(img) = &opts.image
        && !names::is_valid_image(img)
    {
        return Err(Error::invalid(
            Input::Image,
            format!(
                "`{img}` is not an image reference of the form [host[:port]/]path[:tag][@digest]"
            ),
        ));
    }
    fields::Extra::of(project, opts)?;
    plan::refuse_special(project, &opts.sidecar)
}

/// How `edit` is given its targets: each way loads the project its own way.
pub enum Given<'a> {
    /// Services named on the command line: only their files are read, with their text.
    Named(Vec<String>),
    /// Every service that has the sidecar: each is planned as the project is read, and only the
    /// planned texts are kept, never the whole project's documents (a project that is one file
    /// keeps its text, and plans its services a batch at a time when it is read as it is
    /// parsed: see `all::in_batches`).
    All,
    /// Chosen from the project (a prompt among the services that have the sidecar): the
    /// project is loaded with the text of the files that mention the sidecar, then `choose`
    /// says which are the targets.
    Chosen(&'a dyn Fn(&Project) -> Result<Targets>),
}

/// `edit`: loads the project of `root` as `given` needs it and plans the change. The
/// project's notes come first in the change set's notes, then the command's warnings.
pub fn edit(root: &Path, opts: &EditOptions, given: Given<'_>) -> Result<ChangeSet> {
    let (load, choose) = match given {
        Given::All => return all::edit_all(root, opts),
        // The names of a target list are checked against every service: all are read.
        Given::Named(ids) if opts.filters.targets_from.is_some() => (
            LoadOptions::mentioning(&opts.sidecar),
            Err(Targets::Services(ids)),
        ),
        Given::Named(ids) => (LoadOptions::only(ids.clone()), Err(Targets::Services(ids))),
        Given::Chosen(choose) => (LoadOptions::mentioning(&opts.sidecar), Ok(choose)),
    };
    let project = Project::load_with(root, &load)?;
    let targets = match choose {
        Ok(choose) => choose(&project)?,
        Err(targets) => targets,
    };
    let mut set = edit_loaded(&project, opts, &targets)?;
    let own = std::mem::replace(&mut set.notes, project.notes);
    set.notes.extend(own);
    Ok(set)
}

/// Plans the change of `targets` in a loaded project.
fn edit_loaded(project: &Project, opts: &EditOptions, targets: &Targets) -> Result<ChangeSet> {
    check(project, opts)?;
    let selection = plan::selection(project, &opts.filters)?;
    let services = plan::services_with(project, &opts.sidecar, targets)?;
    let services = plan::narrow(services, selection.as_ref(), Some(&opts.sidecar))?;
    // Each file is planned and checked on its own: in parallel, then in id order.
    let planned: Vec<Result<Planned>> = plan::by_file(services)
        .par_iter()
        .map(|group| plan_file(project, group, opts))
        .collect();
    finish(planned, opts)
}

/// The report rows of one file's services, the file's change, and the warnings about it.
type Planned = (
    Vec<ChangeRow>,
    Option<FileChange>,
    Vec<crate::diagnostic::Diagnostic>,
);

/// The first failure in id order, or the change set.
fn finish(planned: Vec<Result<Planned>>, opts: &EditOptions) -> Result<ChangeSet> {
    let mut files: Vec<FileChange> = Vec::with_capacity(planned.len());
    let mut rows = Vec::with_capacity(planned.len());
    let mut notes = Vec::new();
    for p in planned {
        let (r, change, n) = p?;
        rows.extend(r);
        match (files.last_mut(), change) {
            // A batch of a file of many services (see `all::in_batches`): one change of it.
            (Some(last), Some(c)) if last.join_of(&c) => {
                let file = c.file.clone();
                if !last.join(c) {
                    return Err(Error::failed(format!(
                        "internal error: two batches of the change overlap in {file}; nothing \
                         was written"
                    )));
                }
            }
            (_, change) => files.extend(change),
        }
        notes.extend(n);
    }
    let mut set = plan::change_set(files, rows, opts.dry_run, Vec::new());
    set.notes = notes;
    Ok(set)
}

/// Plans the change of services of one file that have the sidecar.
fn plan_file(project: &Project, svcs: &[&Workload], opts: &EditOptions) -> Result<Planned> {
    let sidecar = opts.sidecar.as_str();
    let extra = fields::Extra::of(project, opts)?;
    let (sets, n) = extra.sets(opts);
    let sets = &sets[..n];
    let [cpu_req, cpu_lim, mem_req, mem_lim] = extra.quantities(opts);
    let mut items = Vec::with_capacity(svcs.len());
    for svc in svcs {
        let c = plan::require_sidecar(svc, sidecar)?;
        if opts.image.is_some() || opts.from_marketplace.is_some() {
            refuse_image_set_elsewhere(svc, sidecar)?;
        }
        let res = c.resources.clone().unwrap_or_default();
        let (cpu, mem) = (res.cpu.unwrap_or_default(), res.memory.unwrap_or_default());
        check_order(
            "cpu",
            svc,
            (&cpu_req, cpu.min.as_ref()),
            (&cpu_lim, cpu.max.as_ref()),
        )?;
        check_order(
            "memory",
            svc,
            (&mem_req, mem.min.as_ref()),
            (&mem_lim, mem.max.as_ref()),
        )?;
        let moved = match opts.placement.filter(|p| *p != c.placement) {
            Some(placement) => Some((moved_entry(project, svc, c, sets, placement)?, placement)),
            None => None,
        };
        items.push((*svc, (c, moved, extra.plan(project, svc, c)?)));
    }
    let (changed, change) = plan::edit_file(project, &items, |svc, (old, moved, lists), ed| {
        let change = match moved {
            Some((entry, placement)) => Change::Move {
                old,
                entry,
                placement: *placement,
            },
            None => Change::Set { old, fields: sets },
        };
        project.format.apply(ed, svc, change)?;
        project
            .format
            .apply(ed, svc, Change::Lists { old, ops: lists })
    })?;
    // A native sidecar of a Job made classic keeps the Job's pod running.
    let made_classic: Vec<&Workload> = svcs
        .iter()
        .zip(&changed)
        .filter(|(svc, changed)| {
            **changed
                && opts.placement == Some(Placement::Classic)
                && svc
                    .sidecar(sidecar)
                    .is_some_and(|c| c.placement == Placement::Native)
        })
        .map(|(svc, _)| *svc)
        .collect();
    let notes = project.format.placement_notes(
        &made_classic,
        sidecar,
        Placement::Classic,
        "keep it native",
    );
    let rows = svcs
        .iter()
        .zip(changed)
        .map(|(svc, changed)| {
            let action = if changed {
                Action::Updated
            } else {
                Action::Unchanged
            };
            plan::row(svc, sidecar, action, None)
        })
        .collect();
    Ok((rows, change, notes))
}

/// Refuses a new image for a sidecar whose image, as its overlay renders it, another entry
/// sets (kustomize's `images:`): its own text changed, it would render as before.
fn refuse_image_set_elsewhere(svc: &Workload, sidecar: &str) -> Result<()> {
    match plan::image_set_elsewhere(svc, sidecar) {
        None => Ok(()),
        Some(set) => Err(Error::failed(format!(
            "`{sidecar}` of {} renders `{}` whatever its own text says (`{}`): {} sets it; \
             change the image in that entry; nothing was written",
            svc.id,
            svc.sidecar(sidecar)
                .and_then(Container::image)
                .unwrap_or_default(),
            set.written,
            set.by,
        ))
        .with_hint(
            "`kustomize edit set image`, run in that entry's folder, changes it; or leave the \
             services whose image an entry sets out of the targets",
        )),
    }
}

/// A sidecar moving to the other list (`edit --placement`) as it will read there: its entry's
/// text, with the values asked for (or, when its text cannot travel, its data written anew).
fn moved_entry(
    project: &Project,
    svc: &Workload,
    c: &Container,
    sets: &[(Field, &str)],
    placement: Placement,
) -> Result<Entry> {
    project
        .format
        .refuse_new_main(svc, placement, &Hint::KeepNative)?;
    let mut value = plan::container_value(svc, c)?;
    let mut paths: Vec<(&[&str], &str)> = Vec::new();
    for (field, v) in sets {
        let path = project.format.field_path(*field);
        plan::set_path(&mut value, path, v);
        paths.push((path, v));
    }
    let want = project.format.placed(value, placement);
    let (list, index) = item_of(c).map_err(|e| Error::Unchangeable(Box::new(e)))?;
    let doc = svc.document()?;
    Ok(project
        .format
        .placed_entry(doc, list, index, placement, &paths, &want, true)
        .unwrap_or_else(|| Entry::sourced_moving(want, doc, list, index)))
}
