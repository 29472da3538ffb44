//! What a change reports: a row per workload and sidecar, and the files it writes. Shaped as
//! SPEC §3 prints it; it lives with the change that carries it (the view re-exports it), so
//! that the writer does not depend on the view.

use serde::Serialize;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Added,
    Updated,
    Removed,
    Unchanged,
    Skipped,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Updated => "updated",
            Self::Removed => "removed",
            Self::Unchanged => "unchanged",
            Self::Skipped => "skipped",
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChangeRow {
    pub service: String,
    pub file: String,
    /// Kubernetes: the workload's document in its file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<usize>,
    pub sidecar: String,
    pub action: Action,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ChangeReport {
    pub dry_run: bool,
    pub changes: Vec<ChangeRow>,
    pub removed_from_project: Vec<String>,
    /// Every file written (or, with `--dry-run`, that would be), sorted, relative to the root.
    pub files: Vec<String>,
    /// Every file deleted (or that would be), sorted: a kustomize patch left with nothing to
    /// change. Not in `files`; left out of the JSON when there is none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed_files: Vec<String>,
}
