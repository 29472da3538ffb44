//! `create` into every workload the filters keep (`create --all`, or filters without `--to`):
//! each file is planned as the scan reads it, as `edit --all` plans its files; what the scan
//! keeps of every workload is its skeleton, on which the checks across the project (the
//! targets the filters keep, conflicts, drift) are then made exactly as [`create_in_batches`]
//! makes them. Whatever that path would refuse or do otherwise (a failure, a project that is
//! one file, shared IDs) is left to it: the change is then planned again its way, with its
//! messages, and nothing is written before.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use super::{
    CreateOptions, Planner, Source, create_in_batches, drift_among, image_of, prologue,
    refuse_conflicts, users, with_item,
};
use crate::change::{ChangeSet, FileChange};
use crate::error::{Error, Result};
use crate::model::Workload;
use crate::ops::plan;
use crate::project::{Documents, LoadOptions, Project};
use crate::route::Route;
use crate::select::Selection;
use crate::view::ChangeRow;

/// What every file's plan shares, made once the project file is read (before any workload).
struct Setup {
    planner: Planner,
    /// The files the change adds besides its targets' (an item's ConfigMap files).
    extra: Vec<FileChange>,
    /// The project as the change leaves it, which new entries are validated against.
    context: Project,
    selection: Option<Selection>,
}

/// A file's planned change: its files, a row per target, and each target's place.
type Planned = Result<(Vec<FileChange>, Vec<ChangeRow>, Vec<(String, Route)>)>;

/// What the scan keeps of a workload: its skeleton when the checks across the project read it
/// (a target, a workload that has the sidecar, or one a target list names), and the plan of
/// its file when it is the file's last target.
type Scanned = (Option<Box<Workload>>, Option<Planned>);

/// `create` into the whole project narrowed by `opts.filters` (`opts.all`), read from `root`.
pub fn create_all(root: &Path, opts: &CreateOptions) -> Result<ChangeSet> {
    if let Some(set) = streamed(root, opts) {
        return Ok(set);
    }
    let load = LoadOptions {
        documents: Documents::All,
        lean: true,
        ..LoadOptions::default()
    };
    let project = Project::load_with(root, &load)?;
    let mut notes = project.notes.clone();
    let mut set = create_in_batches(project, opts)?;
    notes.append(&mut set.notes);
    set.notes = notes;
    Ok(set)
}

/// The change planned as the scan reads each file; `None` when [`create_in_batches`] must
/// plan it (it fails, or its project is one file or shares IDs).
fn streamed(root: &Path, opts: &CreateOptions) -> Option<ChangeSet> {
    let load = LoadOptions {
        documents: Documents::All,
        skip_checks: true,
        ..LoadOptions::default()
    };
    let setup: OnceLock<Setup> = OnceLock::new();
    // The targets of a file with several workloads, held until its last one is read (one
    // thread reads a file's workloads in turn), then planned together.
    let pending: Mutex<HashMap<String, Vec<Workload>>> = Mutex::new(HashMap::new());
    let check = |shell: &Project| -> Result<()> {
        let made = set_up(shell, opts)?;
        let _ = setup.set(made);
        Ok(())
    };
    let scan = Project::scan_checked(root, &load, check, |project, svc| -> Scanned {
        let setup = setup.get().expect("set up before the first workload");
        let (target, named) = match &setup.selection {
            Some(s) => {
                let (kept, hits) = s.keeps_with_hits(&svc);
                (kept, !hits.is_empty())
            }
            None => (true, false),
        };
        let read = target || named || svc.sidecar(&setup.planner.name).is_some();
        let skeleton = |w: Workload| read.then(|| Box::new(w.into_skeleton()));
        let plan = |group: &mut Vec<Workload>| -> Planned {
            group.sort_by(|a, b| a.id.cmp(&b.id));
            let refs: Vec<&Workload> = group.iter().collect();
            let places = refs.iter().map(|w| (w.file.clone(), w.route.clone()));
            let places = places.collect();
            let (files, rows) = setup.planner.plan(project, &setup.context, &refs)?;
            Ok((files, rows, places))
        };
        if let Some(m) = svc.object.as_ref().filter(|m| !m.alone) {
            let (file, last) = (svc.file.clone(), m.last);
            let mut held = pending.lock().unwrap_or_else(|e| e.into_inner());
            let kept = match target {
                true => {
                    let kept = skeleton(svc.clone());
                    held.entry(file.clone()).or_default().push(svc);
                    kept
                }
                false => skeleton(svc),
            };
            let group = last.then(|| held.remove(&file)).flatten();
            drop(held);
            return (kept, group.map(|mut g| plan(&mut g)));
        }
        if !target {
            return (skeleton(svc), None);
        }
        let mut one = vec![svc];
        let planned = plan(&mut one);
        (one.pop().and_then(skeleton), Some(planned))
    })
    .ok()?;
    if !scan.errors.is_empty() {
        return None;
    }
    let setup = setup.into_inner()?;
    let mut project = scan.project;
    let mut planned = Vec::new();
    let mut services = Vec::with_capacity(scan.items.len());
    for (w, p) in scan.items {
        services.extend(w.map(|w| *w));
        planned.extend(p);
    }
    if !project.shared_ids.is_empty() {
        return None;
    }
    project.services = services;
    joined(project, opts, setup, planned).ok()
}

/// What the plan shares, from the project without its workloads: the new sidecar (its
/// problems are the batch path's to report) and the filters compiled for the format.
fn set_up(shell: &Project, opts: &CreateOptions) -> Result<Setup> {
    if shell.is_one_file() {
        return Err(Error::failed(
            "a project that is one file is planned at once",
        ));
    }
    let p = prologue(shell, opts)?;
    plan::refuse_special(shell, &p.name)?;
    let context = match opts.source {
        Source::Marketplace(_) => with_item(shell, &p),
        Source::Image(_) => shell.clone(),
    };
    let selection = match opts.filters.is_empty() {
        true => None,
        false => Some(opts.filters.compile(shell.format.traits())?),
    };
    let (planner, extra) = Planner::new(shell, opts, p);
    Ok(Setup {
        planner,
        extra,
        context,
        selection,
    })
}

/// The files planned as they were read, made one change after the checks across the project
/// ([`create_in_batches`]'s, on the skeletons): the targets they choose must be those planned.
fn joined(
    project: Project,
    opts: &CreateOptions,
    setup: Setup,
    planned: Vec<Planned>,
) -> Result<ChangeSet> {
    let name = &setup.planner.name;
    let targets = plan::targets_of(&project, &opts.to, opts.all, &opts.filters, None)?;
    refuse_conflicts(&project, &targets, name, opts.all)?;
    // Every workload that has the sidecar was kept: the project is loaded whole for drift.
    let mut notes = match image_of(&project, &setup.planner.value) {
        Some(image) => drift_among(&project, name, &image, &targets, users(&project, name)),
        None => Vec::new(),
    };
    let (mut files, mut rows, mut places) = (Vec::new(), Vec::new(), HashSet::new());
    for p in planned {
        let (f, r, at) = p?;
        files.extend(f);
        rows.extend(r);
        places.extend(at);
    }
    let chosen = targets.iter().map(|t| (t.file.clone(), t.route.clone()));
    if places.len() != targets.len() || !chosen.into_iter().all(|at| places.contains(&at)) {
        return Err(Error::failed("the targets planned are not those chosen"));
    }
    // The files in the order the targets reach them, as the batches join them; what no target
    // reaches (an item's ConfigMap files) after them.
    let mut order: HashMap<&str, usize> = HashMap::new();
    for t in &targets {
        let next = order.len();
        order.entry(t.file.as_str()).or_insert(next);
    }
    files.sort_by_key(|f| order.get(f.file.as_str()).copied().unwrap_or(usize::MAX));
    files.extend(setup.extra);
    notes.extend(batch_notes(&project, &setup.planner, &targets));
    let mut set = plan::change_set(files, rows, opts.dry_run, Vec::new());
    set.notes = project.notes;
    set.notes.extend(notes);
    Ok(set)
}

/// What the format says of the new sidecar in `targets`, batch by batch as
/// [`create_in_batches`] plans them (each batch's targets in ID order), each note once.
fn batch_notes(
    project: &Project,
    planner: &Planner,
    targets: &[&Workload],
) -> Vec<crate::diagnostic::Diagnostic> {
    let by_id: HashMap<&str, &Workload> = targets.iter().map(|t| (t.id.as_str(), *t)).collect();
    let ids = targets.iter().map(|t| t.id.clone()).collect();
    let mut notes = Vec::new();
    for batch in plan::batched_ids(&project.services, ids) {
        let mut of: Vec<&Workload> = batch
            .iter()
            .filter_map(|id| by_id.get(id.as_str()))
            .copied()
            .collect();
        of.sort_by(|a, b| a.id.cmp(&b.id));
        for note in planner.notes(project, &of) {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }
    notes
}
