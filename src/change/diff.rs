//! What a change set shows before it is written: the unified diff of each file.

use std::path::Path;

use super::{Before, ChangeSet};

impl ChangeSet {
    /// The unified diff of every changed file, `a/` and `b/` prefixed like git's. A new folder
    /// has no diff (nor has it in git): the report's `files` names it. A change that let go of
    /// its old text (`FileChange::let_go`) reads it again from `root`.
    pub fn diff(&self, root: &Path) -> String {
        self.diffs(root).collect()
    }

    /// [`Self::diff`] a file at a time: a dry run of thousands of files prints each as it is
    /// made.
    pub fn diffs<'a>(&'a self, root: &'a Path) -> impl Iterator<Item = String> + 'a {
        self.files
            .iter()
            .filter(|f| !f.folder)
            .map(|f| match (f.removed, &f.before) {
                // Deleted: git's header for it, `+++ /dev/null`.
                (true, _) => unified_diff(&f.file, f.before(), "").replacen(
                    &format!("+++ b/{}", f.file),
                    "+++ /dev/null",
                    1,
                ),
                (false, Some(Before::OnDisk(_))) => {
                    let read = std::fs::read_to_string(root.join(&f.file)).unwrap_or_default();
                    match f.after_from(read.clone().into_bytes()) {
                        Some(after) => unified_diff(&f.file, Some(&read), &after),
                        None => format!("# {}: changed on disk since it was read\n", f.file),
                    }
                }
                (false, _) => unified_diff(&f.file, f.before(), &f.after()),
            })
    }
}

pub(crate) fn unified_diff(file: &str, before: Option<&str>, after: &str) -> String {
    let old = before.unwrap_or("");
    let diff = similar::TextDiff::from_lines(old, after);
    let from = if before.is_some() {
        format!("a/{file}")
    } else {
        "/dev/null".to_string()
    };
    diff.unified_diff()
        .context_radius(3)
        .header(&from, &format!("b/{file}"))
        .to_string()
}
