//! `delete` of a container a patch adds (SPEC §8.1): what the format cuts from a patch file
//! beside the editor's changes, and the kustomizations that name a patch file left with
//! nothing (deleted), which stop naming it.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::change::FileChange;
use crate::edit::Splice;
use crate::error::{Error, Result};
use crate::format::{Cut, Format};
use crate::model::Workload;
use crate::project::Project;

/// The folders of the kustomizations naming each patch file of the project (the root is "").
pub fn lists(project: &Project) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    let sources = (project.services.iter()).filter_map(|w| w.object.as_ref()?.source.as_ref());
    for s in sources {
        let dir = match s.kustomization.as_str() {
            "." => String::new(),
            d => d.to_string(),
        };
        let dirs = out.entry(s.file.clone()).or_default();
        if !dirs.contains(&dir) {
            dirs.push(dir);
        }
    }
    out
}

/// The change of the file of `cuts` (each a target and what removing its sidecar cuts), on top
/// of the editor's `change` of its other targets: the file rewritten, or deleted when nothing
/// is left of it.
pub fn cut(
    project: &Project,
    cuts: &[(&Workload, Cut)],
    change: Option<FileChange>,
) -> Result<FileChange> {
    let first = cuts[0].0;
    let doc = first.document()?;
    let file = first.file.clone();
    let text = change
        .as_ref()
        .map_or_else(|| doc.text.to_string(), FileChange::after);
    let mut all: Vec<Cut> = cuts.iter().map(|(_, c)| *c).collect();
    all.sort_unstable();
    all.dedup();
    let cut = (project.format.apply_cuts(&file, &text, &all)).map_err(Error::failed)?;
    Ok(match cut {
        None => FileChange::removed(file, doc.text.clone(), doc.on_disk),
        Some(new) => {
            let whole = Splice::new(0, doc.text.len(), new);
            FileChange::edited(file, doc.text.clone(), doc.on_disk, vec![whole])
        }
    })
}

/// Adds to `files` the change of each kustomization naming a patch file that `files` deletes
/// (`lists`: the kustomizations naming each); a kustomization `files` changes already (an
/// inline patch of it edited) is unlisted from that change's text.
pub fn unlist(
    root: &Path,
    format: &dyn Format,
    lists: &HashMap<String, Vec<String>>,
    files: &mut Vec<FileChange>,
) -> Result<()> {
    let mut by_dir: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for f in files.iter().filter(|f| f.is_removal()) {
        for dir in lists.get(&f.file).into_iter().flatten() {
            by_dir.entry(dir).or_default().push(f.file.clone());
        }
    }
    let mut made = Vec::new();
    for (dir, gone) in by_dir {
        let (file, before, after) = format
            .unlist(root, dir, &gone, None)
            .map_err(Error::failed)?;
        if let Some(changed) = files.iter_mut().find(|f| f.file == file) {
            let (old, text) = changed_text(root, changed)?;
            let (_, _, after) =
                (format.unlist(root, dir, &gone, Some(&text))).map_err(Error::failed)?;
            changed.replace_after(&old, after);
            continue;
        }
        let whole = Splice::new(0, before.len(), after);
        made.push(FileChange::edited(file, before, None, vec![whole]));
    }
    files.extend(made);
    Ok(())
}

/// The old and the new text of the edited file `changed` (the old one read again when the
/// change let it go: a change of many files holds none).
fn changed_text(root: &Path, changed: &FileChange) -> Result<(String, String)> {
    if let Some(before) = changed.before() {
        return Ok((before.to_string(), changed.after()));
    }
    let file = &changed.file;
    let read = std::fs::read(root.join(file))
        .map_err(|e| Error::failed(format!("{file}: cannot read: {e}; nothing was written")))?;
    let after = changed.after_from(read.clone()).ok_or_else(|| {
        Error::failed(format!(
            "{file} changed while planning; nothing was written"
        ))
    })?;
    // What `after_from` read is the planned text, UTF-8.
    Ok((String::from_utf8_lossy(&read).into_owned(), after))
}
