//! `edit --all` ([`Given::All`](super::Given::All)): every service that has the sidecar, each
//! planned as the project is read, narrowed by the filters as it is read.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use rayon::prelude::*;

use super::{EditOptions, Planned, check, finish, plan_file};
use crate::change::ChangeSet;
use crate::error::{Error, Result};
use crate::model::Workload;
use crate::ops::plan;
use crate::project::{LoadOptions, Project};
use crate::select::{Filters, Selection};

/// What the scan of `edit --all` keeps of a service: its planned change, or, in a file that
/// holds several services, the service itself, planned with the others of its file.
enum Scanned {
    Planned(Result<Planned>),
    /// A file of several workloads, planned together; sorted by its first workload's id.
    Grouped(String, Result<Planned>),
    Kept(Box<Workload>),
}

/// The filters as the scan applies them to each workload it reads: compiled once the
/// project's format is known (filters it cannot answer keep nothing; the scan's end says why).
struct Filter<'a> {
    filters: &'a Filters,
    sidecar: &'a str,
    compiled: OnceLock<std::result::Result<Option<Selection>, ()>>,
    /// The services that have the sidecar, kept or not: none is another failure than none kept.
    users: AtomicUsize,
    /// The entries of a target list that name a workload read, kept or not: each must name
    /// one.
    hits: Mutex<Vec<u32>>,
}

impl<'a> Filter<'a> {
    fn new(opts: &'a EditOptions) -> Self {
        Self {
            filters: &opts.filters,
            sidecar: &opts.sidecar,
            compiled: OnceLock::new(),
            users: AtomicUsize::new(0),
            hits: Mutex::default(),
        }
    }

    /// The selection, compiled for the project's format on first use; Err when the filters
    /// cannot be compiled.
    fn compiled(&self, project: &Project) -> std::result::Result<Option<&Selection>, ()> {
        let compiled = self.compiled.get_or_init(|| match self.filters.is_empty() {
            true => Ok(None),
            false => self
                .filters
                .compile(project.format.traits())
                .map(Some)
                .map_err(drop),
        });
        compiled.as_ref().map(Option::as_ref).map_err(|&()| ())
    }

    /// Whether the scan plans `svc`: it has the sidecar and the filters keep it. Notes which
    /// entries of a target list name it, whether it is kept or not (the list is looked up once
    /// per workload).
    fn keeps(&self, project: &Project, svc: &Workload) -> bool {
        let Ok(selection) = self.compiled(project) else {
            return false;
        };
        let (kept, hits) = match selection {
            Some(s) => s.keeps_with_hits(svc),
            None => (true, Vec::new()),
        };
        if !hits.is_empty() {
            let mut all = self.hits.lock().unwrap_or_else(|e| e.into_inner());
            all.extend(hits);
        }
        let Some(c) = svc.sidecar(self.sidecar) else {
            return false;
        };
        self.users.fetch_add(1, Ordering::Relaxed);
        kept && selection.is_none_or(|s| s.image_matches(c.image()))
    }

    /// After the scan: a usage error of the filters, a name of the target list that no
    /// service has, or (`planned_none`) a selection that kept nothing.
    fn finish(self, project: &Project, planned_none: bool) -> Result<()> {
        if self.filters.is_empty() {
            return match planned_none {
                true => Err(plan::not_in_any_service(project, self.sidecar)),
                false => Ok(()),
            };
        }
        // The selection the scan compiled (compiled here when no workload was read); compiled
        // again for its error, if it had one.
        let selection = match self.compiled.into_inner() {
            Some(Ok(Some(selection))) => selection,
            _ => self.filters.compile(project.format.traits())?,
        };
        let hits = self.hits.into_inner().unwrap_or_else(|e| e.into_inner());
        selection.unknown_targets_after(project, hits)?;
        match (planned_none, self.users.into_inner()) {
            (false, _) => Ok(()),
            (true, 0) => Err(plan::not_in_any_service(project, self.sidecar)),
            (true, _) => Err(selection.no_match()),
        }
    }
}

/// `edit --all` over a project of any size.
pub(super) fn edit_all(root: &Path, opts: &EditOptions) -> Result<ChangeSet> {
    // A change is checked for new errors where it is made (`plan::edit_file`).
    let load = LoadOptions::mentioning_in_batches(&opts.sidecar);
    let filter = Filter::new(opts);
    // The workloads of a file with several are held until its last one is read (one thread
    // reads a file's workloads in turn), then planned together and dropped.
    let pending: Mutex<HashMap<String, Vec<Workload>>> = Mutex::new(HashMap::new());
    let scan = Project::scan(root, &load, |project, svc| {
        let keep = filter.keeps(project, &svc);
        if let Some(m) = svc.object.as_ref().filter(|m| !m.alone) {
            let (file, last) = (svc.file.clone(), m.last);
            let mut held = pending.lock().unwrap_or_else(|e| e.into_inner());
            if keep {
                held.entry(file.clone()).or_default().push(svc);
            }
            let mut group = if last {
                held.remove(&file)?
            } else {
                return None;
            };
            drop(held);
            group.sort_by(|a, b| a.id.cmp(&b.id));
            let refs: Vec<&Workload> = group.iter().collect();
            let planned = check(project, opts).and_then(|()| plan_file(project, &refs, opts));
            return Some(Scanned::Grouped(group[0].id.clone(), let_go(planned)));
        }
        if !keep {
            return None;
        }
        // A project that is one file is planned at once, after the scan.
        Some(if project.is_one_file() {
            Scanned::Kept(Box::new(svc))
        } else {
            let planned = check(project, opts).and_then(|()| plan_file(project, &[&svc], opts));
            Scanned::Planned(let_go(planned))
        })
    })?;
    if !scan.errors.is_empty() {
        let mut errors = scan.errors;
        crate::diagnostic::sort(&mut errors);
        return Err(Error::Load(errors));
    }
    let project = scan.project;
    check(&project, opts)?;
    let skipped = plan::skipped_holders(&project, &opts.sidecar);
    if !opts.skip_unreadable {
        plan::refuse_skipped(&skipped, &opts.sidecar)?;
    }
    let mut planned = Vec::new();
    let mut grouped = Vec::new();
    let mut kept = Vec::new();
    for item in scan.items.into_iter().flatten() {
        match item {
            Scanned::Planned(p) => planned.push(p),
            Scanned::Grouped(first, p) => grouped.push((first, p)),
            Scanned::Kept(svc) => kept.push(*svc),
        }
    }
    filter.finish(
        &project,
        planned.is_empty() && grouped.is_empty() && kept.is_empty() && skipped.is_empty(),
    )?;
    grouped.sort_by(|a, b| a.0.cmp(&b.0));
    planned.extend(grouped.into_iter().map(|(_, p)| p));
    planned.extend(plan_kept(&project, &kept, opts));
    // The planned changes own their texts: the trees are freed beside the writing.
    crate::free::beside(kept);
    let mut set = finish(planned, opts)?;
    // Copies of one ID are told apart, as in every other report.
    for row in &mut set.report.changes {
        row.service = project.display_id(&row.file, &row.service);
    }
    set.report.changes.extend(skipped);
    let own = std::mem::replace(&mut set.notes, project.notes);
    set.notes.extend(own);
    Ok(set)
}

/// A file's change as kept until the write (or the diff): without its old text, read again
/// then.
fn let_go(mut planned: Result<Planned>) -> Result<Planned> {
    if let Ok((_, Some(change), _)) = &mut planned {
        change.let_go();
    }
    planned
}

/// The services `kept` of a project that is one file: each file's planned at once, or a batch
/// at a time when they were read without their trees.
fn plan_kept(project: &Project, kept: &[Workload], opts: &EditOptions) -> Vec<Result<Planned>> {
    if project.skeleton.is_some() {
        return in_batches(project, kept, opts);
    }
    let groups = plan::by_file(kept);
    groups.iter().map(|g| plan_file(project, g, opts)).collect()
}

/// The services `kept` of a project that is one file, read without their trees, planned
/// [`plan::ONE_FILE_TARGETS`] at a time: each batch's trees are read again from the file's
/// text and freed once it is planned. Each batch's change of the file is made from that one
/// text; [`finish`] joins them.
fn in_batches(project: &Project, kept: &[Workload], opts: &EditOptions) -> Vec<Result<Planned>> {
    kept.par_chunks(plan::ONE_FILE_TARGETS)
        .map(|chunk| {
            let routes: Vec<&crate::route::Route> = chunk.iter().map(|w| &w.route).collect();
            let batch = project.regrown(&routes)?;
            let group: Vec<&Workload> = batch.services.iter().collect();
            plan_file(&batch, &group, opts)
        })
        .collect()
}
