//! Putting back what a failed write already replaced, never over another program's edit.

use std::path::Path;

use super::Digest;
#[cfg(debug_assertions)]
use super::hooks;
use super::stage::{Staged, flush_all, write_temp};
use super::write::WriteError;
use crate::error::Error;

/// The error of a failed write, after putting back the files already replaced.
pub(super) fn undo(root: &Path, done: &[Staged], what: WriteError) -> Error {
    let state = if done.is_empty() {
        "nothing was changed".to_string()
    } else {
        let back = restore(root, done);
        let mut state = if back.failed {
            "some files could not be put back".to_string()
        } else {
            "the files already replaced were put back".to_string()
        };
        if !back.kept.is_empty() {
            let they = if back.kept.len() == 1 {
                "it is"
            } else {
                "they are"
            };
            let mut names = back.kept[..back.kept.len().min(5)].join(", ");
            if back.kept.len() > 5 {
                names.push_str(&format!(" and {} more", back.kept.len() - 5));
            }
            state.push_str(&format!(
                ", except {names} (changed since by another program: left as {they})"
            ));
        }
        state
    };
    match what {
        WriteError::Interrupted(signal) => Error::interrupted(signal, &state),
        what => Error::failed(format!("{what}; {state}")),
    }
}

/// What [`restore`] did.
struct Restored<'a> {
    /// A file could not be put back.
    failed: bool,
    /// Files another program wrote after we replaced them: left as they are.
    kept: Vec<&'a str>,
}

/// Whether `s`'s target is still the file we put there: the same inode and our bytes. A folder
/// we created is ours while it is empty.
fn still_ours(s: &Staged) -> bool {
    use std::os::unix::fs::MetadataExt;
    if s.change.folder {
        return std::fs::symlink_metadata(&s.target).is_ok_and(|m| m.is_dir())
            && std::fs::read_dir(&s.target).is_ok_and(|mut d| d.next().is_none());
    }
    std::fs::metadata(&s.target).is_ok_and(|m| m.ino() == s.ino)
        && std::fs::read(&s.target).is_ok_and(|b| Digest::of(&b) == s.written)
}

/// Puts back the files already replaced, the way they were replaced: temporary files, one
/// flush, renames. A file that another program wrote since we replaced it is left as it is:
/// each is checked to be ours before its old text is written, and again immediately before the
/// rename (the flush between takes long enough for another program to write). The folders
/// created go last, once the files put back have left them.
fn restore<'a>(root: &Path, done: &'a [Staged]) -> Restored<'a> {
    let mut back = Restored {
        failed: false,
        kept: Vec::new(),
    };
    let mut renames = Vec::with_capacity(done.len());
    for s in done.iter().filter(|s| s.change.removed) {
        match super::removal::put_back(s) {
            Ok(true) => {}
            Ok(false) => back.kept.push(&s.change.file),
            Err(_) => back.failed = true,
        }
    }
    for s in done
        .iter()
        .filter(|s| !s.change.folder && !s.change.removed)
    {
        if !still_ours(s) {
            back.kept.push(&s.change.file);
            continue;
        }
        if s.change.before.is_none() {
            back.failed |= std::fs::remove_file(&s.target).is_err();
            continue;
        }
        // Made again from our text when it was not held (see `FileChange::let_go`).
        let ours = std::fs::read(&s.target).unwrap_or_default();
        let Some(text) = s.change.before_from(&ours) else {
            back.failed = true;
            continue;
        };
        let perms = std::fs::metadata(&s.target).ok().map(|m| m.permissions());
        match write_temp(&s.target, &text, perms) {
            Ok((temp, _)) => renames.push((temp, s)),
            Err(_) => back.failed = true,
        }
    }
    back.failed |= flush_all(root).is_err();
    for (_i, (temp, s)) in renames.into_iter().enumerate() {
        if still_ours(s) {
            if std::fs::rename(&temp, &s.target).is_err() {
                back.failed = true;
                let _ = std::fs::remove_file(temp);
            }
            #[cfg(debug_assertions)]
            if _i == 0 {
                hooks::pause("restoring");
            }
        } else {
            let _ = std::fs::remove_file(temp);
            back.kept.push(&s.change.file);
        }
    }
    for s in done.iter().filter(|s| s.change.folder) {
        if still_ours(s) {
            back.failed |= std::fs::remove_dir(&s.target).is_err();
        } else {
            back.kept.push(&s.change.file);
        }
    }
    back
}
