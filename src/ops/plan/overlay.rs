//! `create` and `clone` into overlay targets: the new patch files and the kustomizations that
//! name them (the format prepares both).

use crate::change::{ChangeSet, FileChange};
use crate::edit::Splice;
use crate::error::{Error, Result};
use crate::format::NewPatch;
use crate::project::Project;
use crate::view::{Action, ChangeRow};

/// The change set writing `made` (and the `extra` files the new sidecar needs), refused when a
/// target's overlay already adds `name` to it.
pub fn overlay_patches(
    project: &Project,
    made: Result<Vec<NewPatch>>,
    extra: Vec<FileChange>,
    name: &str,
    dry_run: bool,
) -> Result<ChangeSet> {
    let (mut files, mut rows) = (extra, Vec::new());
    for p in made? {
        for id in &p.ids {
            let same = |w: &str| w == id || w.rsplit_once('#').is_some_and(|(_, w)| w == id);
            let has = (project.services.iter()).any(|w| same(&w.id) && w.sidecar(name).is_some());
            if has {
                return Err(Error::failed(format!(
                    "{id} already has a container named `{name}`; nothing was written"
                )));
            }
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
    Ok(super::change_set(files, rows, dry_run, Vec::new()))
}
