//! What a change set shows before it is written: the unified diff of each file.

use super::ChangeSet;

impl ChangeSet {
    /// The unified diff of every changed file, `a/` and `b/` prefixed like git's. A new folder
    /// has no diff (nor has it in git): the report's `files` names it.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for f in self.files.iter().filter(|f| !f.folder) {
            let diff = match f.removed {
                // Deleted: git's header for it, `+++ /dev/null`.
                true => unified_diff(&f.file, f.before(), "").replacen(
                    &format!("+++ b/{}", f.file),
                    "+++ /dev/null",
                    1,
                ),
                false => unified_diff(&f.file, f.before(), &f.after()),
            };
            out.push_str(&diff);
        }
        out
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
