//! A planned change to the project, its diff, and the one place that writes files.
//!
//! [`FileChange`] and [`ChangeSet`] are here; the diff is in `diff.rs`, the write in `write.rs`
//! (its rounds), `stage.rs` (each file's temporary file and rename) and `restore.rs` (putting
//! back after a failure); the project lock in `lock.rs`; the report a change prints in
//! `report.rs`.

use crate::edit::{Splice, apply_splices};

mod diff;
#[cfg(debug_assertions)]
mod hooks;
pub mod interrupt;
mod lock;
mod read_only;
mod removal;
mod report;
mod restore;
mod stage;
mod stamp;
mod write;

pub(crate) use diff::unified_diff;
pub use lock::{ProjectLock, lock};
pub(crate) use read_only::refuse_read_only_folder;
pub use report::{Action, ChangeReport, ChangeRow};
pub(crate) use stage::is_temp_name;
pub(crate) use stamp::Stamp;

/// One file to write: `before` is what was read (None for a new file). Or a new, empty folder,
/// or a file to delete.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Path relative to the project root, `/`-separated.
    pub(crate) file: String,
    /// Shared with the document the change was planned from: a Console project file of tens
    /// of megabytes is not copied to be kept.
    pub(crate) before: Option<std::sync::Arc<String>>,
    /// The new text is `before` with these applied: a bulk edit of thousands of files holds
    /// each text once, and builds the new one only to show or write it.
    splices: Vec<Splice>,
    /// A folder to create (`before` is None, there are no splices).
    folder: bool,
    /// A file to delete (`before` is what was read, there are no splices).
    removed: bool,
    /// What the file was on disk when `before` was read from it, if its times can tell.
    on_disk: Option<Stamp>,
}

impl FileChange {
    pub(crate) fn new_file(file: String, text: String) -> Self {
        Self {
            file,
            before: None,
            splices: vec![Splice::new(0, 0, text)],
            folder: false,
            removed: false,
            on_disk: None,
        }
    }

    /// `before` changed by `splices` (in order, not overlapping); `on_disk` is what the file
    /// was when `before` was read, if known.
    pub(crate) fn edited(
        file: String,
        before: impl Into<std::sync::Arc<String>>,
        on_disk: Option<Stamp>,
        splices: Vec<Splice>,
    ) -> Self {
        Self {
            file,
            before: Some(before.into()),
            splices,
            folder: false,
            removed: false,
            on_disk,
        }
    }

    /// A folder that is not there yet, created empty: what `init` makes besides its file.
    pub(crate) fn new_folder(folder: String) -> Self {
        Self {
            file: folder,
            before: None,
            splices: Vec::new(),
            folder: true,
            removed: false,
            on_disk: None,
        }
    }

    /// A file to delete, `before` being what was read from it (a kustomize patch left with
    /// nothing to change). It is checked like a file to write, and deleted after every other
    /// file of its change set is written (see [`ChangeSet::apply`]).
    pub(crate) fn removed(
        file: String,
        before: impl Into<std::sync::Arc<String>>,
        on_disk: Option<Stamp>,
    ) -> Self {
        Self {
            file,
            before: Some(before.into()),
            splices: Vec::new(),
            folder: false,
            removed: true,
            on_disk,
        }
    }

    /// Whether the change deletes the file.
    pub(crate) fn is_removal(&self) -> bool {
        self.removed
    }

    pub(crate) fn after(&self) -> String {
        if self.removed {
            return String::new();
        }
        apply_splices(self.before().unwrap_or_default(), &self.splices)
    }

    /// Whether `other` changes this file from the very text this change was made from (one
    /// text shared, not two equal ones): the two can be [joined](Self::join).
    pub(crate) fn join_of(&self, other: &FileChange) -> bool {
        let one_text = match (&self.before, &other.before) {
            (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b),
            _ => false,
        };
        one_text && self.file == other.file
    }

    /// Takes in the splices of `other`, a change of the same file planned from the same text
    /// (a batch of the services of a file of thousands); splices both made (a ConfigMap every
    /// batch declares) are kept once. False when the texts are not one or the splices overlap:
    /// the change is then not to be written (the command fails).
    pub(crate) fn join(&mut self, other: FileChange) -> bool {
        if !self.join_of(&other) {
            return false;
        }
        let mut all = std::mem::take(&mut self.splices);
        all.extend(other.splices);
        all.sort_by_key(|s| (s.start, s.end));
        all.dedup();
        // Two different splices at one place would be applied in an order no batch chose.
        let clash = all
            .windows(2)
            .any(|w| w[1].start < w[0].end || w[1].start == w[0].start);
        self.splices = all;
        !clash
    }

    /// The text the change was made from; `None` for a new file or folder.
    pub(crate) fn before(&self) -> Option<&str> {
        self.before.as_deref().map(String::as_str)
    }
}

/// Everything a command will write, already checked, and the report to print.
#[derive(Debug, Clone)]
pub struct ChangeSet {
    pub(crate) files: Vec<FileChange>,
    pub report: ChangeReport,
    /// Files the command skipped, for a warning (see [`crate::project::Project::notes`]).
    pub notes: Vec<crate::diagnostic::Diagnostic>,
}

impl ChangeSet {
    /// How many files and folders the change writes.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}
