//! `create` and `clone` into overlay targets: the new patch files and the kustomizations that
//! name them (the format prepares both).

use crate::change::{ChangeSet, FileChange};
use crate::diagnostic::{Code, Diagnostic};
use crate::edit::Splice;
use crate::error::{Error, Result};
use crate::format::NewPatch;
use crate::project::Project;
use crate::view::{Action, ChangeRow};

/// The change set writing `made` (and the `extra` files the new sidecar needs), refused when a
/// target's overlay already adds `name` to it; it warns where an overlay's `images:` entry
/// renders the new sidecar with another `image` than the one written.
pub fn overlay_patches(
    project: &Project,
    made: Result<Vec<NewPatch>>,
    extra: Vec<FileChange>,
    (name, image): (&str, Option<&str>),
    dry_run: bool,
) -> Result<ChangeSet> {
    let made = made?;
    let targets = made
        .iter()
        .flat_map(|m| m.ids.iter().map(|id| (id.as_str(), m.file.as_str())));
    let notes = pinned_notes(project.format, name, image, targets, true);
    let (mut files, mut rows) = (extra, Vec::new());
    for p in made {
        for id in &p.ids {
            refuse_added(project, id, name)?;
            for file in [&p.file, &p.kustomization] {
                rows.push(ChangeRow {
                    service: id.clone(),
                    file: file.clone(),
                    document: None,
                    sidecar: name.to_string(),
                    action: Action::Added,
                    reason: None,
                });
            }
        }
        files.push(FileChange::new_file(p.file.clone(), p.text.clone()));
        let splice = Splice::new(0, p.before.len(), p.after.clone());
        files.push(FileChange::edited(
            p.kustomization.clone(),
            p.before,
            None,
            vec![splice],
        ));
    }
    let mut set = super::change_set(files, rows, dry_run, Vec::new());
    set.notes = notes;
    Ok(set)
}

/// Refuses the target `id` (`OVERLAY:ID`) when a patch adds `name` to its workload in an
/// overlay that renders the target (its own or one it builds on: the target has it already),
/// or with a JSON 6902 `add` in one that renders from it (built on it: that overlay would get
/// the container twice; a strategic merge merges its own into the new one).
fn refuse_added(project: &Project, id: &str, name: &str) -> Result<()> {
    let (dir, base) = id.split_once(':').unwrap_or((".", id));
    for w in project.users_of(name) {
        let wid = w.id.rsplit_once('#').map_or(w.id.as_str(), |(_, wid)| wid);
        let (Some(overlay), rest) = crate::format::split_overlay(wid) else {
            continue;
        };
        if rest != base {
            continue;
        }
        let (root, format) = (&project.root, project.format);
        if format.builds_on(root, dir, overlay) {
            return Err(Error::failed(format!(
                "{id} already has a container named `{name}` (added by {}); nothing was written",
                w.file
            )));
        }
        if format.adds_twice(w) && format.builds_on(root, overlay, dir) {
            return Err(Error::failed(format!(
                "{overlay}, built on {dir}, adds a container named `{name}` to {base} too ({}); nothing was written",
                w.file
            )));
        }
    }
    Ok(())
}

/// A warning for each `images:` entry that renders the new sidecar `name` with another image
/// than `image`, the one written for `targets` (a service's ID, and the file its entry goes
/// in; `new_patch`: a patch file create/clone writes).
pub fn pinned_notes<'t>(
    format: &dyn crate::format::Format,
    name: &str,
    image: Option<&str>,
    targets: impl Iterator<Item = (&'t str, &'t str)>,
    new_patch: bool,
) -> Vec<Diagnostic> {
    let Some(image) = image else {
        return Vec::new();
    };
    let mut by_entry: Vec<(crate::format::Pinned, Vec<&str>)> = Vec::new();
    for (id, file) in targets {
        let Some(p) = format.pinned_image(file, new_patch, image) else {
            continue;
        };
        match by_entry.iter_mut().find(|(q, _)| *q == p) {
            Some((_, ids)) => ids.push(id),
            None => by_entry.push((p, vec![id])),
        }
    }
    by_entry
        .into_iter()
        .map(|(p, ids)| {
            Diagnostic::warning(
                Code::KustomizeImagePinned,
                &p.file,
                Some(p.at),
                format!(
                    "the `images:` entry `{}` renders the new `{name}` of {} as `{}`, not \
                     `{image}` (kustomize applies it to every container of that image its \
                     kustomization renders)",
                    p.entry,
                    super::quoted_some(&ids, 3),
                    p.image
                ),
            )
        })
        .collect()
}
