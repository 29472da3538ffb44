//! Refusing read-only files and folders before anything is written.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::FileChange;
use crate::error::{Error, Result};

/// Refuses to replace a read-only file, or to write into a read-only folder, before anything
/// is written, as an editor refuses to save it. Read-only means that the owner may not write it
/// (`chmod 444`, `chmod u-w`: what the permission bits say, also for root, whom the system
/// would let write anything), or that this user may not, or that the file system is mounted
/// read-only.
pub(super) fn refuse_read_only(root: &Path, files: &[FileChange]) -> Result<()> {
    let checked: Vec<std::result::Result<PathBuf, ReadOnly>> = files
        .par_iter()
        .map(|f| writable_file(&root.join(&f.file)))
        .collect();
    let mut folders: Vec<(PathBuf, &FileChange)> = Vec::with_capacity(files.len());
    for (f, c) in files.iter().zip(checked) {
        match c {
            Ok(folder) => folders.push((folder, f)),
            Err(why) => return Err(refusal(root, f, None, why)),
        }
    }
    // Stable: each folder keeps the first file written into it, for the message.
    folders.sort_by(|a, b| a.0.cmp(&b.0));
    folders.dedup_by(|a, b| a.0 == b.0);
    folders.sort_by_key(|(_, f)| f.file.as_str());
    for (folder, f) in &folders {
        if let Some(why) = std::fs::metadata(folder)
            .ok()
            .and_then(|m| read_only(folder, &m))
        {
            return Err(refusal(root, f, Some(folder), why));
        }
    }
    Ok(())
}

/// Refuses to create files in `dir` (or, if it does not exist yet, in the nearest folder that
/// does) when it is read-only, before anything else is said about it: `init`'s first check.
pub(crate) fn refuse_read_only_folder(dir: &Path) -> Result<()> {
    let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let mut folder = dir.as_path();
    while !folder.exists()
        && let Some(parent) = folder.parent()
    {
        folder = parent;
    }
    match std::fs::metadata(folder)
        .ok()
        .and_then(|m| read_only(folder, &m))
    {
        None => Ok(()),
        Some(why) => Err(Error::failed(format!(
            "cannot write in {}: the folder {why}; nothing was changed",
            folder.display()
        ))
        .with_hint(format!(
            "make it writable (`chmod u+w {}`) and run the command again",
            folder.display()
        ))),
    }
}

/// Checks the file at `path` (through its link if it is one) and returns the folder that its
/// temporary file goes to; for a new file, the nearest folder that exists.
fn writable_file(path: &Path) -> std::result::Result<PathBuf, ReadOnly> {
    let real = match std::fs::symlink_metadata(path) {
        Ok(m) if m.is_symlink() => path.canonicalize().ok(),
        Ok(m) => {
            if let Some(why) = read_only(path, &m) {
                return Err(why);
            }
            None
        }
        Err(_) => {
            let mut dir = path;
            while let Some(parent) = dir.parent() {
                dir = parent;
                if dir.exists() {
                    break;
                }
            }
            return Ok(dir.to_path_buf());
        }
    };
    if let Some(real) = &real
        && let Some(why) = std::fs::metadata(real)
            .ok()
            .and_then(|m| read_only(real, &m))
    {
        return Err(why);
    }
    let file = real.as_deref().unwrap_or(path);
    Ok(file.parent().unwrap_or(file).to_path_buf())
}

/// The error refusing to write `f`, read-only itself or through `folder`.
fn refusal(root: &Path, f: &FileChange, folder: Option<&Path>, why: ReadOnly) -> Error {
    let (what, path) = match folder {
        None => ("the file".to_string(), f.file.clone()),
        Some(dir) => {
            let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
            let rel = dir
                .strip_prefix(root)
                .or_else(|_| dir.strip_prefix(&real_root))
                .unwrap_or(dir);
            let shown = if rel.as_os_str().is_empty() {
                ".".to_string()
            } else {
                rel.display().to_string()
            };
            (format!("the folder {shown}"), shown)
        }
    };
    Error::failed(format!(
        "cannot write {}: {what} {why}; nothing was changed",
        f.file
    ))
    .with_hint(format!(
        "make it writable (`chmod u+w {path}`) and run the command again"
    ))
}

/// Why a file or folder may not be written; says it after its name.
#[derive(Debug, Clone, Copy, thiserror::Error)]
enum ReadOnly {
    /// The owner's write bit is off.
    #[error("is read-only")]
    Mode,
    #[error("is on a read-only file system")]
    FileSystem,
    #[error("is not writable by you")]
    NotYours,
}

/// Why `path` may not be written, if it may not.
fn read_only(path: &Path, meta: &std::fs::Metadata) -> Option<ReadOnly> {
    use rustix::fs::{Access, AtFlags, CWD};
    use std::os::unix::fs::PermissionsExt;
    if meta.permissions().mode() & 0o200 == 0 {
        return Some(ReadOnly::Mode);
    }
    let access = if meta.is_dir() {
        Access::WRITE_OK | Access::EXEC_OK
    } else {
        Access::WRITE_OK
    };
    match rustix::fs::accessat(CWD, path, access, AtFlags::EACCESS) {
        Ok(()) => None,
        Err(rustix::io::Errno::ROFS) => Some(ReadOnly::FileSystem),
        Err(_) => Some(ReadOnly::NotYours),
    }
}
