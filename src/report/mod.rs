//! `validate`'s reports for CI: GitHub Actions annotations, SARIF for code scanning, and the
//! Code Climate JSON that GitLab shows as code quality. Each is built from diagnostics alone
//! (code, severity, message, file, line, column), so every project format gets all of them.
//! The binary prints what these functions return.

pub mod codeclimate;
pub mod github;
pub mod junit;
pub mod sarif;

use std::path::Path;

use crate::diagnostic::Diagnostic;

/// Where the project sits in its repository: the path from the repository root (the nearest
/// folder at or above the project root holding `.git`, a folder or a worktree's file) to the
/// project root, with `/` separators and a trailing `/`; empty when the project root is the
/// repository root or no repository is found. CI services resolve paths from the repository
/// root, not from the project.
pub fn repository_prefix(project_root: &Path) -> String {
    let root = std::fs::canonicalize(project_root).unwrap_or_else(|_| project_root.to_path_buf());
    let Some(repo) = root
        .ancestors()
        .find(|dir| std::fs::symlink_metadata(dir.join(".git")).is_ok())
    else {
        return String::new();
    };
    let rel = root.strip_prefix(repo).unwrap_or(Path::new(""));
    rel.components()
        .map(|c| format!("{}/", c.as_os_str().to_string_lossy()))
        .collect()
}

/// The diagnostic's file relative to the repository root. A diagnostic about the project as a
/// whole (no file) points at the project folder.
fn repository_path(prefix: &str, d: &Diagnostic) -> String {
    match (prefix, d.file.as_str()) {
        ("", "") => ".".to_string(),
        (p, "") => p.trim_end_matches('/').to_string(),
        (p, f) => format!("{p}{f}"),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::repository_prefix;
    use crate::diagnostic::{Code, Diagnostic};

    /// An error and a warning with awkward characters, in a file in a folder.
    pub fn sample() -> Vec<Diagnostic> {
        vec![
            Diagnostic::error(
                Code::ResourcesRequestAboveLimit,
                "services/orders.yaml",
                Some((18, 18)),
                "cpu request 300m is above its limit 200m",
            ),
            Diagnostic::warning(
                Code::ImageUnpinned,
                "services/a,b:c.yaml",
                None,
                "image `x/a%b` has no tag or uses `:latest`\nsecond line",
            ),
        ]
    }

    #[test]
    fn the_prefix_is_the_project_folder_inside_the_repository() {
        let tmp = tempfile::tempdir().unwrap();
        let project = tmp.path().join("repo/deploy/acme shop");
        std::fs::create_dir_all(&project).unwrap();
        std::fs::create_dir_all(tmp.path().join("repo/.git")).unwrap();
        assert_eq!(repository_prefix(&project), "deploy/acme shop/");
        // A worktree or submodule has a `.git` file; the nearest one wins.
        std::fs::write(tmp.path().join("repo/deploy/.git"), "gitdir: ../.git\n").unwrap();
        assert_eq!(repository_prefix(&project), "acme shop/");
        std::fs::create_dir_all(project.join(".git")).unwrap();
        assert_eq!(repository_prefix(&project), "");
        // The path is resolved first: `..` and links do not leak into the prefix.
        assert_eq!(
            repository_prefix(&tmp.path().join("repo/deploy/../deploy/acme shop")),
            ""
        );
    }
}
