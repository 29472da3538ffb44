//! What the commands that change files share: choosing targets (`targets.rs`), refusing what
//! must not be touched, and turning an edit into a checked [`FileChange`] (`checked.rs`), also
//! a batch of files at a time (`batches.rs`).

mod batches;
mod checked;
mod chosen;
mod held;
mod overlay;
mod skipped;
mod targets;

pub use batches::{ONE_FILE_TARGETS, batched_ids, in_batches};
pub use checked::{by_file, by_file_with, edit_doc, edit_file, edit_file_cutting, refuse_blocked};
pub use chosen::{keeps, narrow, selection, targets_of};
pub use overlay::{overlay_patches, pinned_notes};
pub use skipped::{refuse_skipped, skipped_holders};
pub use targets::*;

use crate::change::{ChangeSet, FileChange};
use crate::model::Workload;
use crate::view::{Action, ChangeReport, ChangeRow};

pub fn row(svc: &Workload, sidecar: &str, action: Action, reason: Option<String>) -> ChangeRow {
    ChangeRow {
        service: svc.id.clone(),
        file: svc.file.clone(),
        document: svc.object.as_ref().map(|o| o.document),
        sidecar: sidecar.to_string(),
        action,
        reason,
    }
}

/// The change set of a command, its report rows sorted by sidecar, then service.
pub fn change_set(
    files: Vec<FileChange>,
    mut rows: Vec<ChangeRow>,
    dry_run: bool,
    removed: Vec<String>,
) -> ChangeSet {
    rows.sort_by(|a, b| (&a.sidecar, &a.service).cmp(&(&b.sidecar, &b.service)));
    // Two entries of one file changed for one workload (an overlay's patch adding a sidecar
    // and one tuning it, sharing `FILE#ID`) are one row: the report says the same twice.
    rows.dedup();
    let mut set = ChangeSet {
        files: Vec::new(),
        notes: Vec::new(),
        report: ChangeReport {
            dry_run,
            changes: rows,
            removed_from_project: removed,
            files: Vec::new(),
            removed_files: Vec::new(),
        },
    };
    refile(&mut set, files);
    set
}

/// Makes `files` the files of `set`, and of its report: the files to delete go last (the
/// writer deletes them once the others are written).
pub fn refile(set: &mut ChangeSet, mut files: Vec<FileChange>) {
    files.sort_by_key(FileChange::is_removal);
    let (mut written, mut removed): (Vec<String>, Vec<String>) = (Vec::new(), Vec::new());
    for f in &files {
        match f.is_removal() {
            true => removed.push(f.file.clone()),
            false => written.push(f.file.clone()),
        }
    }
    written.sort();
    removed.sort();
    set.files = files;
    set.report.files = written;
    set.report.removed_files = removed;
}
