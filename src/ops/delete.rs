//! `delete`: remove a sidecar from some services, or from the whole project.

mod patches;

use super::plan::{self, Targets};
use crate::change::ChangeSet;
use crate::error::{Error, Hint, Result};
use crate::format::{Change, Cut};
use crate::model::{Container, Workload};
use crate::project::Project;
use crate::select::Filters;
use crate::view::Action;

#[derive(Debug, Clone)]
pub struct DeleteOptions {
    pub sidecar: String,
    pub targets: Option<Targets>,
    pub dry_run: bool,
    /// With `--all`: remove it from the rest when a file that names the sidecar could not be
    /// read (reported `skipped`), instead of refusing.
    pub skip_unreadable: bool,
    /// The filters of SPEC §7.1 (and the image filter): they narrow `targets`.
    pub filters: Filters,
    /// A kustomize patch left with nothing to change stays (SPEC §8.1): its file is not
    /// deleted nor unlisted from its kustomization.
    pub keep_empty_patches: bool,
}

/// With every target: the files that name the sidecar but were not read, refused unless the
/// options accept them.
fn skipped(project: &Project, opts: &DeleteOptions) -> Result<Vec<crate::view::ChangeRow>> {
    if opts.targets != Some(Targets::All) {
        return Ok(Vec::new());
    }
    let skipped = plan::skipped_holders(project, &opts.sidecar);
    if !opts.skip_unreadable {
        plan::refuse_skipped(&skipped, &opts.sidecar)?;
    }
    Ok(skipped)
}

/// What a delete would do, for a confirmation prompt: the services, and whether it removes the
/// sidecar from the project.
pub fn preview(project: &Project, opts: &DeleteOptions) -> Result<(Vec<String>, bool)> {
    plan::check_sidecar_name(&opts.sidecar)?;
    plan::refuse_special(project, &opts.sidecar)?;
    let targets = opts
        .targets
        .as_ref()
        .ok_or_else(|| Error::usage("no service given").with_hint(Hint::NameServices))?;
    let selection = plan::selection(project, &opts.filters)?;
    let skipped = skipped(project, opts)?;
    let services = plan::services_with(project, &opts.sidecar, targets)?;
    let services = plan::narrow(services, selection.as_ref(), Some(&opts.sidecar))?;
    // A sidecar left in a file that was not read is not gone from the project.
    let last = services.len() == project.users_of(&opts.sidecar).len() && skipped.is_empty();
    Ok((services.into_iter().map(|s| s.id.clone()).collect(), last))
}

/// `delete` from any number of services of a project loaded with `LoadOptions::lean`: the
/// targets are chosen on the whole project, then planned a batch of files at a time
/// ([`plan::in_batches`]).
pub fn delete_in_batches(project: Project, opts: &DeleteOptions) -> Result<ChangeSet> {
    let (ids, last) = preview(&project, opts)?;
    // The files that were not read are the whole project's (a batch reads only its own).
    let skipped = skipped(&project, opts)?;
    // The kustomizations are unlisted from once for the whole change: two batches may
    // delete two patch files of one kustomization.
    let lists = patches::lists(&project);
    let root = project.root.clone();
    let format = project.format;
    let mut set = plan::in_batches(project, ids, None, opts.dry_run, |batch, ids| {
        // The batch's targets were chosen: its IDs are all it needs.
        let opts = DeleteOptions {
            targets: Some(Targets::Services(ids)),
            filters: Filters::default(),
            ..opts.clone()
        };
        planned(batch, &opts)
    })?;
    // Whether the sidecar leaves the project is known of the whole project only.
    let removed = match last {
        true => vec![opts.sidecar.clone()],
        false => Vec::new(),
    };
    let mut files = std::mem::take(&mut set.files);
    patches::unlist(&root, format, &lists, &mut files)?;
    plan::refile(&mut set, files);
    set.report.removed_from_project = removed;
    set.report.changes.extend(skipped);
    Ok(set)
}

pub fn delete(project: &Project, opts: &DeleteOptions) -> Result<ChangeSet> {
    let mut set = planned(project, opts)?;
    let lists = patches::lists(project);
    let mut files = std::mem::take(&mut set.files);
    patches::unlist(&project.root, project.format, &lists, &mut files)?;
    plan::refile(&mut set, files);
    Ok(set)
}

/// What removing its sidecar cuts from the file of each of `group` (targets of one file), for
/// those it cuts from. A patch reaching thousands of workloads is one entry: what it cuts is
/// found once.
fn cuts_of<'w>(
    project: &Project,
    group: &[(&'w Workload, ())],
    old_of: &dyn Fn(&'w Workload) -> &'w Container,
    keep: bool,
) -> Result<Vec<(&'w Workload, Cut)>> {
    let mut cuts = Vec::new();
    let mut known = std::collections::HashMap::new();
    for (svc, ()) in group {
        let old = old_of(svc);
        // Inline patches of one file share the routes inside their texts: the value tells them
        // apart.
        let key = (held_route(svc), &svc.route, old.slot.route());
        let cut = match known.get(&key) {
            Some(cut) => *cut,
            None => {
                let cut = (project.format.cut_of(svc, old, keep))
                    .map_err(|e| Error::edit(&svc.file, e))?;
                known.insert(key, cut);
                cut
            }
        };
        if let Some(cut) = cut {
            cuts.push((*svc, cut));
        }
    }
    Ok(cuts)
}

/// The route of the value of its file that holds `w`'s text (an inline patch), if one does.
fn held_route(w: &Workload) -> Option<&crate::route::Route> {
    Some(&w.object.as_ref()?.source.as_ref()?.held.as_ref()?.route)
}

/// [`delete`] without taking deleted patch files out of their kustomizations.
fn planned(project: &Project, opts: &DeleteOptions) -> Result<ChangeSet> {
    let sidecar = opts.sidecar.as_str();
    let (ids, last) = preview(project, opts)?;
    let mut files = Vec::new();
    let mut rows = Vec::new();
    let mut services: Vec<&Workload> = Vec::new();
    for id in &ids {
        for w in plan::services_having(project, id, sidecar)? {
            // A shared name is in `ids` once for each of its copies.
            if !services.iter().any(|s| std::ptr::eq(*s, w)) {
                services.push(w);
            }
        }
    }
    let old_of = |svc| {
        plan::sidecar_of(svc, sidecar)
            .ok()
            .flatten()
            .expect("preview checked it")
    };
    for group in plan::by_file_with(services.into_iter().map(|s| (s, ()))) {
        // What the editor cannot do (a patch document or operation cut from its file) is cut
        // from the text it made.
        let cuts = cuts_of(project, &group, &old_of, opts.keep_empty_patches)?;
        let cut_ones: std::collections::HashSet<*const Workload> =
            cuts.iter().map(|(w, _)| *w as *const Workload).collect();
        let (_, change) = plan::edit_file_cutting(project, &group, &cuts, |svc, (), ed| {
            if cut_ones.contains(&(svc as *const Workload)) {
                return Ok(());
            }
            let change = Change::Remove {
                old: old_of(svc),
                keep_empty_patches: opts.keep_empty_patches,
            };
            project.format.apply(ed, svc, change)
        })?;
        // A held text's cuts were made in its value; a patch file's are made on its text.
        let change = match cuts.is_empty() || held_route(group[0].0).is_some() {
            true => change,
            false => Some(patches::cut(project, &cuts, change)?),
        };
        rows.extend(
            group
                .iter()
                .map(|(svc, ())| plan::row(svc, sidecar, Action::Removed, None)),
        );
        files.extend(change);
    }
    let removed_from_project = if last {
        vec![sidecar.to_string()]
    } else {
        Vec::new()
    };
    let mut set = plan::change_set(files, rows, opts.dry_run, removed_from_project);
    set.report.changes.extend(skipped(project, opts)?);
    Ok(set)
}
