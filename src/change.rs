//! A planned change to the project, its diff, and the one place that writes files.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use atomic_write_file::AtomicWriteFile;

use crate::error::{Error, Result};
use crate::view::ChangeReport;

/// One file to write: `before` is what was read (None for a new file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// Path relative to the project root, `/`-separated.
    pub file: String,
    pub before: Option<String>,
    pub after: String,
}

/// Everything a command will write, already checked, and the report to print.
#[derive(Debug, Clone)]
pub struct ChangeSet {
    pub files: Vec<FileChange>,
    pub report: ChangeReport,
}

/// Test hook: the write of this file (relative path) fails, to prove a failed multi-file
/// write leaves the project as it was.
pub const FAIL_WRITE_ENV: &str = "SIDECARCTL_TEST_FAIL_WRITE";

impl ChangeSet {
    /// The unified diff of every changed file, `a/` and `b/` prefixed like git's.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for f in &self.files {
            out.push_str(&unified_diff(&f.file, f.before.as_deref(), &f.after));
        }
        out
    }

    /// Writes every file: each to a temporary file in its folder, flushed, then renamed over the
    /// original (permissions kept). A file that changed on disk since it was read stops
    /// everything before the first write; a failed write restores the files already replaced.
    pub fn apply(&self, root: &Path) -> Result<()> {
        for f in &self.files {
            let path = root.join(&f.file);
            let now = std::fs::read(&path).ok();
            if now.as_deref() != f.before.as_deref().map(str::as_bytes) {
                let what = if f.before.is_none() {
                    "was created"
                } else {
                    "changed on disk"
                };
                return Err(Error::failed(format!(
                    "{} {what} while sidecarctl was working; nothing was written",
                    f.file
                ))
                .with_hint("run the command again"));
            }
        }
        let fail_on = std::env::var(FAIL_WRITE_ENV).ok();
        let mut done: Vec<&FileChange> = Vec::new();
        for f in &self.files {
            let path = root.join(&f.file);
            let result = if fail_on.as_deref() == Some(f.file.as_str()) {
                Err(std::io::Error::other("injected failure"))
            } else {
                write_file(&path, &f.after)
            };
            if let Err(e) = result {
                let restored = restore(root, &done);
                let state = if restored {
                    "the project was restored to its state before the command"
                } else {
                    "some files could not be restored"
                };
                return Err(Error::failed(format!(
                    "cannot write {}: {e}; {state}",
                    f.file
                )));
            }
            done.push(f);
        }
        Ok(())
    }
}

fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = AtomicWriteFile::open(path)?;
    file.write_all(text.as_bytes())?;
    file.commit()
}

/// Puts back the files already written; returns false when one could not be.
fn restore(root: &Path, done: &[&FileChange]) -> bool {
    let mut ok = true;
    for f in done.iter().rev() {
        let path = root.join(&f.file);
        let r = match &f.before {
            Some(text) => write_file(&path, text),
            None => std::fs::remove_file(&path),
        };
        ok &= r.is_ok();
    }
    ok
}

pub fn unified_diff(file: &str, before: Option<&str>, after: &str) -> String {
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

/// Holds the project lock: one sidecarctl process changes a project at a time. The lock is an
/// advisory lock on the project folder itself, so no lock file is left in the repository and a
/// killed process releases it.
pub struct ProjectLock {
    _file: File,
    pub root: PathBuf,
}

pub fn lock(root: &Path) -> Result<ProjectLock> {
    let file = File::open(root)
        .map_err(|e| Error::failed(format!("cannot open {}: {e}", root.display())))?;
    file.lock()
        .map_err(|e| Error::failed(format!("cannot lock {}: {e}", root.display())))?;
    Ok(ProjectLock {
        _file: file,
        root: root.to_path_buf(),
    })
}
