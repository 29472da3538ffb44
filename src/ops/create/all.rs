//! `create` into every workload the filters keep (`create --all`, or filters without `--to`):
//! each file is planned as the scan reads it, as `edit --all` plans its files. What the checks
//! across the project read is kept as it is read (of each target its ID, file, conflict and
//! notes; the skeleton of every other workload that has the sidecar, for drift), and they are
//! made after the scan as [`create_in_batches`] makes them. Whatever that path would refuse
//! or do otherwise (any failure, a project that is one file, shared IDs) is left to it: the
//! change is then planned again its way, with its messages; nothing is written before.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use super::{
    CreateOptions, Planner, Source, create_in_batches, drift_among, image_of, prologue, users,
    with_item,
};
use crate::change::{ChangeSet, FileChange};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::model::Workload;
use crate::ops::plan;
use crate::project::{Documents, LoadOptions, Project};
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

/// A file's planned change: its files and a row per target.
type Planned = Result<(Vec<FileChange>, Vec<ChangeRow>)>;

/// What the checks across the project read of a target: its ID, its file, whether it
/// already has a container of the name, and what its format says of the new sidecar in it.
struct Target {
    id: String,
    file: String,
    conflict: bool,
    notes: Vec<Diagnostic>,
}

/// What the scan keeps of a workload: a target's [`Target`]; the skeleton of another that
/// has the sidecar (drift); and the plan of its file when it is the file's last target.
type Scanned = (Option<Target>, Option<Box<Workload>>, Option<Planned>);

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
    // The entries of a target list that name a workload read, kept or not.
    let hits: Mutex<Vec<u32>> = Mutex::default();
    let check = |shell: &Project| -> Result<()> {
        let made = set_up(shell, opts)?;
        let _ = setup.set(made);
        Ok(())
    };
    let scan = Project::scan_checked(root, &load, check, |project, svc| -> Scanned {
        let setup = setup.get().expect("set up before the first workload");
        let target = match &setup.selection {
            Some(s) => {
                let (kept, named) = s.keeps_with_hits(&svc);
                if !named.is_empty() {
                    hits.lock().unwrap_or_else(|e| e.into_inner()).extend(named);
                }
                kept
            }
            None => true,
        };
        // A file's last workload plans the targets held for it, whether it is one or not.
        let last = svc.object.as_ref().filter(|m| !m.alone).map(|m| m.last);
        let mut held = pending.lock().unwrap_or_else(|e| e.into_inner());
        let (read, other, group) = match (target, last) {
            (false, last) => {
                let group = last.filter(|l| *l).and_then(|_| held.remove(&svc.file));
                let user = svc.sidecar(&setup.planner.name).is_some();
                (None, user.then(|| Box::new(svc.into_skeleton())), group)
            }
            (true, None) => (Some(setup.target(project, &svc)), None, Some(vec![svc])),
            (true, Some(last)) => {
                let read = setup.target(project, &svc);
                let file = svc.file.clone();
                held.entry(file.clone()).or_default().push(svc);
                let group = last.then(|| held.remove(&file)).flatten();
                (Some(read), None, group)
            }
        };
        drop(held);
        (read, other, group.map(|g| setup.plan(project, g)))
    })
    .ok()?;
    if !scan.errors.is_empty() || !scan.project.shared_ids.is_empty() {
        return None;
    }
    let setup = setup.into_inner()?;
    let mut project = scan.project;
    let (mut targets, mut planned) = (Vec::new(), Vec::new());
    for (t, w, p) in scan.items {
        targets.extend(t);
        project.services.extend(w.map(|w| *w));
        planned.extend(p);
    }
    if let Some(selection) = &setup.selection {
        let hits = hits.into_inner().unwrap_or_else(|e| e.into_inner());
        selection.unknown_targets_after(&project, hits).ok()?;
    }
    joined(project, opts, setup, targets, planned).ok()
}

impl Setup {
    /// What the checks across the project read of the target `w`.
    fn target(&self, project: &Project, w: &Workload) -> Target {
        let name = &self.planner.name;
        let conflict = plan::own_container(project, w, name).is_some() || w.sidecar(name).is_some();
        Target {
            id: w.id.clone(),
            file: w.file.clone(),
            conflict,
            notes: self.planner.notes(project, &[w]),
        }
    }

    /// The change of a file's targets `group`, planned together in ID order.
    fn plan(&self, project: &Project, mut group: Vec<Workload>) -> Planned {
        group.sort_by(|a, b| a.id.cmp(&b.id));
        let refs: Vec<&Workload> = group.iter().collect();
        // The trees are freed as the scan goes on, and the old texts too: each file is read
        // again to be written (or shown).
        let (mut files, rows) = self.planner.plan(project, &self.context, &refs)?;
        files.iter_mut().for_each(FileChange::let_go);
        Ok((files, rows))
    }
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

/// The files planned as they were read, made one change when the checks across the project
/// pass as [`create_in_batches`] makes them: targets chosen, none with a container of the
/// name; drift warned of among the others that have the sidecar, and the `images:` entries
/// that render it otherwise.
fn joined(
    project: Project,
    opts: &CreateOptions,
    setup: Setup,
    targets: Vec<Target>,
    planned: Vec<Planned>,
) -> Result<ChangeSet> {
    if targets.is_empty() || targets.iter().any(|t| t.conflict) {
        return Err(Error::failed(
            "no target, or a conflict: planned in batches",
        ));
    }
    let name = &setup.planner.name;
    let ids: HashSet<&str> = targets.iter().map(|t| t.id.as_str()).collect();
    // Every other workload that has the sidecar was kept: the project is loaded whole for drift.
    let image = image_of(&project, &setup.planner.value);
    let mut notes = match &image {
        Some(image) => drift_among(&project, name, image, &ids, users(&project, name)),
        None => Vec::new(),
    };
    let places = targets.iter().map(|t| (t.id.as_str(), t.file.as_str()));
    notes.extend(plan::pinned_notes(
        project.format,
        name,
        image.as_deref(),
        places,
        false,
    ));
    let (mut files, mut rows) = (Vec::new(), Vec::new());
    for p in planned {
        let (f, r) = p?;
        files.extend(f);
        rows.extend(r);
    }
    if rows.len() != targets.len() {
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
    notes.extend(batch_notes(&targets));
    let mut set = plan::change_set(files, rows, opts.dry_run, Vec::new());
    set.notes = project.notes;
    set.notes.extend(notes);
    Ok(set)
}

/// What the format says of the new sidecar in the targets, batch by batch as
/// [`create_in_batches`] plans them (each batch's targets in ID order), each note once.
fn batch_notes(targets: &[Target]) -> Vec<Diagnostic> {
    let by_id: HashMap<&str, &Target> = targets.iter().map(|t| (t.id.as_str(), t)).collect();
    let places = targets.iter().map(|t| (t.id.as_str(), t.file.as_str()));
    let ids = targets.iter().map(|t| t.id.clone()).collect();
    let mut notes: Vec<Diagnostic> = Vec::new();
    for mut batch in plan::batched_ids(places, ids) {
        batch.sort();
        for t in batch.iter().filter_map(|id| by_id.get(id.as_str())) {
            for note in &t.notes {
                if !notes.contains(note) {
                    notes.push(note.clone());
                }
            }
        }
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::create::ImageSpec;
    use crate::select::Filters;

    fn opts(name: &str, filters: Filters) -> CreateOptions {
        CreateOptions {
            name: Some(name.to_string()),
            source: Source::Image(ImageSpec {
                image: "example.org/logger:1.0.0".to_string(),
                ..ImageSpec::default()
            }),
            to: Vec::new(),
            placement: None,
            dry_run: true,
            all: true,
            filters,
        }
    }

    fn case(path: &str) -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/cases")
            .join(path)
    }

    /// The fixtures' filtered creates are planned as the scan reads them, not left to the
    /// batches, and plan what the batches plan.
    #[test]
    fn a_filtered_create_is_planned_as_it_is_read() {
        let runs = [
            (
                "k8s-create/filter_namespace_without/in",
                "logger",
                Filters {
                    without: vec!["logger".into()],
                    namespaces: vec!["shop*".into()],
                    ..Filters::default()
                },
            ),
            ("create/all/in", "logger", Filters::default()),
        ];
        for (dir, name, filters) in runs {
            let root = case(dir);
            let opts = opts(name, filters);
            let set = streamed(&root, &opts).expect("planned as it is read");
            let load = LoadOptions {
                documents: Documents::All,
                lean: true,
                ..LoadOptions::default()
            };
            let batched = create_in_batches(Project::load_with(&root, &load).unwrap(), &opts);
            let batched = batched.unwrap();
            assert_eq!(set.diff(&root), batched.diff(&root), "{dir}");
            assert_eq!(set.report.changes.len(), batched.report.changes.len());
        }
    }

    /// What the batches would refuse is left to them.
    #[test]
    fn a_conflict_is_left_to_the_batches() {
        let root = case("create/all_conflict_refused/in");
        assert!(streamed(&root, &opts("envoy", Filters::default())).is_none());
    }
}
