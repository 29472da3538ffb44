//! Planning a change of thousands of targets a batch of files at a time, so that a large
//! project's parsed files are never held at once.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::change::{ChangeSet, FileChange};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::project::Project;
use crate::route::Route;
use crate::view::ChangeRow;

use super::change_set;

/// How many targets a batch of [`in_batches`] plans: enough to keep every core busy, few
/// enough that the batches planned at once hold a few megabytes of parsed files.
const BATCH_TARGETS: usize = 32;

/// Plans a change of `targets` (IDs of `lean`, a project loaded with `LoadOptions::lean`) a
/// batch of files at a time: each batch's files are read again whole ([`Project::reload`]),
/// `plan` makes the batch's change from them (with the batch's IDs) and the batch's parsed
/// files are freed; what is kept of each changed file is its digest and its splices (see
/// `FileChange::let_go`: it is read again to be written). The
/// skeletons of `lean` are dropped first, once each target's file is known. So a change of
/// every workload of a large project never holds the project's parsed files, or its model, at
/// once. `also`: a file every batch needs besides its targets' (clone's source). Batches are
/// planned on every core and joined in order; the first failure in that order is the
/// command's, and nothing is written. A project that is one file, or a change of no target,
/// is planned at once, unless it was loaded without its services' trees
/// ([`Project::regrown`]): then its targets are planned [`ONE_FILE_TARGETS`] at a time, and
/// the batches' splices of the file joined.
pub fn in_batches(
    mut lean: Project,
    targets: Vec<String>,
    also: Option<(String, String)>,
    dry_run: bool,
    plan: impl Fn(&Project, Vec<String>) -> Result<ChangeSet> + Sync,
) -> Result<ChangeSet> {
    if lean.is_one_file() && lean.skeleton.is_some() && !targets.is_empty() {
        let also = also.map(|(_, id)| id);
        return one_file(lean, targets, also.as_deref(), dry_run, plan);
    }
    let also = also.map(|(file, _)| file);
    if lean.is_one_file() || targets.is_empty() {
        return plan(&lean, targets);
    }
    let (batches, ids) = batches(&lean, targets, also.as_deref());
    drop(std::mem::take(&mut lean.services));
    // The files in the order the targets reach them, as planned at once (a batch orders its
    // own targets by ID); what no target reaches (a ConfigMap file) comes after them.
    let order: HashMap<String, usize> = batches
        .iter()
        .flat_map(|(files, _)| files.iter().cloned())
        .enumerate()
        .map(|(i, f)| (f, i))
        .collect();
    let shell = lean;
    let sets: Vec<Result<ChangeSet>> = batches
        .into_par_iter()
        .map(|(mut files, batch)| {
            if let Some(extra) = also.as_ref().filter(|a| !files.contains(a)) {
                files.push(extra.clone());
            }
            // What is kept of each batch until the write (or the diff): not its old texts,
            // read again then.
            Ok(plan(&shell.reload(&files, &ids)?, batch)?.let_go())
        })
        .collect();
    let (mut files, rows, notes) = joined(sets)?;
    files.sort_by_key(|f| order.get(&f.file).copied().unwrap_or(usize::MAX));
    let mut set = change_set(files, rows, dry_run, Vec::new());
    set.notes = notes;
    Ok(set)
}

/// How many targets a batch of a project that is one file plans: their trees are a few
/// megabytes (a Console service's tree is about five times its text), and each batch copies
/// the skeleton of the file's thousands of services once.
pub const ONE_FILE_TARGETS: usize = 256;

/// [`in_batches`] of a project that is one file, loaded without its services' trees: each
/// batch of targets (with `also`, the ID of a service every batch needs) has its trees read
/// again from the file's text ([`Project::regrown`]) and freed once planned; every batch's
/// change of the file is made from that one text, and they are joined into one.
fn one_file(
    mut lean: Project,
    targets: Vec<String>,
    also: Option<&str>,
    dry_run: bool,
    plan: impl Fn(&Project, Vec<String>) -> Result<ChangeSet> + Sync,
) -> Result<ChangeSet> {
    let batches: Vec<(Vec<String>, Vec<Route>)> = {
        let route_of: HashMap<&str, &Route> = lean
            .services
            .iter()
            .map(|w| (w.id.as_str(), &w.route))
            .collect();
        let routes = |ids: &mut dyn Iterator<Item = &str>| -> Vec<Route> {
            ids.filter_map(|id| route_of.get(id).map(|r| (*r).clone()))
                .collect()
        };
        targets
            .chunks(ONE_FILE_TARGETS)
            .map(|ids| {
                let mut named = ids.iter().map(String::as_str).chain(also);
                (ids.to_vec(), routes(&mut named))
            })
            .collect()
    };
    drop(std::mem::take(&mut lean.services));
    let shell = lean;
    let sets: Vec<Result<ChangeSet>> = batches
        .into_par_iter()
        .map(|(ids, routes)| {
            let routes: Vec<&Route> = routes.iter().collect();
            plan(&shell.regrown(&routes)?, ids)
        })
        .collect();
    let (files, rows, notes) = joined(sets)?;
    let mut set = change_set(files, rows, dry_run, Vec::new());
    set.notes = notes;
    Ok(set)
}

/// The targets' IDs of each batch [`in_batches`] plans, in its order, the file of each
/// workload given by `places` (ID, file): what a change planned otherwise needs to say what it
/// says of each batch in the same order.
pub fn batched_ids<'a>(
    places: impl IntoIterator<Item = (&'a str, &'a str)>,
    targets: Vec<String>,
) -> Vec<Vec<String>> {
    let (batches, _) = assign(files_of(places), targets);
    batches.into_iter().map(|(_, ids)| ids).collect()
}

/// A batch: its files, and its targets' IDs.
type Batch = (Vec<String>, Vec<String>);

/// The batches of `targets` among `services`, each target's files (an ID shared by several
/// workloads reaches each) in target order; and the IDs of the workloads of those files and
/// of `also`, by place, where reading the file again would not give it: all that is kept of
/// the model.
fn batches(
    lean: &Project,
    targets: Vec<String>,
    also: Option<&str>,
) -> (Vec<Batch>, HashMap<(String, Route), String>) {
    let services = &lean.services;
    let places = services.iter().map(|w| (w.id.as_str(), w.file.as_str()));
    let (batches, mut placed) = assign(files_of(places), targets);
    if let Some(extra) = also {
        placed.entry(extra).or_insert(usize::MAX);
    }
    // `Project::reload` names a workload by this map only when its ID was `FILE#ID`; one not
    // shared and without `#` is read again under the same ID, so it needs no entry. Kept for
    // every workload, the map was megabytes of copied file names and routes held through the
    // whole planning of a change of every service (its peak memory).
    let ids = services
        .iter()
        .filter(|w| w.id.contains('#') || lean.shared_ids.contains(&w.id))
        .filter(|w| placed.contains_key(w.file.as_str()))
        .map(|w| ((w.file.clone(), w.route.clone()), w.id.clone()))
        .collect();
    (batches, ids)
}

/// The files of each ID. (Not found by a binary search: IDs renamed `FILE#ID` are out of
/// order.)
fn files_of<'a>(
    places: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> HashMap<&'a str, Vec<&'a str>> {
    let mut files_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for (id, file) in places {
        files_of.entry(id).or_default().push(file);
    }
    files_of
}

/// The batches of `targets`, each target's files in target order (a target in a file already
/// placed joins that file's batch), and the batch of each file.
fn assign<'a>(
    files_of: HashMap<&'a str, Vec<&'a str>>,
    targets: Vec<String>,
) -> (Vec<Batch>, HashMap<&'a str, usize>) {
    let mut batches: Vec<Batch> = Vec::new();
    let mut placed: HashMap<&str, usize> = HashMap::new();
    for id in targets {
        let files = files_of.get(id.as_str()).cloned().unwrap_or_default();
        let batch = match files.iter().find_map(|f| placed.get(f)) {
            Some(&b) => b,
            None => {
                let full = batches
                    .last()
                    .is_none_or(|(_, ids)| ids.len() >= BATCH_TARGETS);
                if full {
                    batches.push((Vec::new(), Vec::new()));
                }
                batches.len() - 1
            }
        };
        for f in files {
            if placed.insert(f, batch).is_none() {
                batches[batch].0.push(f.to_string());
            }
        }
        batches[batch].1.push(id);
    }
    (batches, placed)
}

/// The batches' changes joined in order: the first failure in that order is the command's.
fn joined(
    sets: Vec<Result<ChangeSet>>,
) -> Result<(Vec<FileChange>, Vec<ChangeRow>, Vec<Diagnostic>)> {
    let mut files: Vec<FileChange> = Vec::new();
    let mut rows = Vec::new();
    let mut notes: Vec<Diagnostic> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for set in sets {
        let set = set?;
        rows.extend(set.report.changes);
        // A warning about the whole change (not one target) comes from every batch: kept once.
        for note in set.notes {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        for f in set.files {
            match index.get(&f.file) {
                // A file of many targets planned in batches from one text (a Console project
                // file): its batches' splices together.
                Some(&i) if files[i].join_of(&f) => {
                    if !files[i].join(f) {
                        return Err(Error::failed(format!(
                            "internal error: two batches of the change overlap in {}; nothing \
                             was written",
                            files[i].file
                        )));
                    }
                }
                // What every batch adds besides its targets (a marketplace item's ConfigMap
                // files, the project file's secrets) is the same change each time: kept once.
                Some(&i) if files[i].same_as(&f) => {}
                Some(_) => {
                    return Err(Error::failed(format!(
                        "internal error: two batches of the change differ on {}; nothing was written",
                        f.file
                    )));
                }
                None => {
                    index.insert(f.file.clone(), files.len());
                    files.push(f);
                }
            }
        }
    }
    Ok((files, rows, notes))
}

#[cfg(test)]
mod tests;
