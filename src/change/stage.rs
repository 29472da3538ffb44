//! One file of a write: its new text staged in a temporary file beside it, then renamed into
//! place if the file is still as it was found.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

#[cfg(debug_assertions)]
use super::hooks;
use super::stamp::{Found, Stamp};
use super::write::WriteError;
use super::{Before, Digest, FileChange};

/// A new text written beside its target, not yet in place; or a folder not yet created.
pub(super) struct Staged<'a> {
    pub(super) change: &'a FileChange,
    /// None for a folder.
    pub(super) temp: Option<PathBuf>,
    pub(super) target: PathBuf,
    /// How the target was found before the round was written.
    pub(super) found: Found,
    /// The inode of the temporary file: once renamed, the target is ours while it has it.
    pub(super) ino: u64,
    /// What was written to the temporary file: once renamed, the target is ours while it
    /// holds it.
    pub(super) written: Digest,
}

/// Temporary files of this program: `.NAME.sidecarctl-PID.tmp`, nothing looser (a file of
/// someone else's that merely looks alike is not ours to remove).
pub(crate) fn is_temp_name(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|n| n.strip_suffix(".tmp"))
        .and_then(|n| n.rsplit_once(".sidecarctl-"))
        .is_some_and(|(file, pid)| {
            !file.is_empty() && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        })
}

/// Writes `f`'s temporary file, once its target is seen to be as `found` says (an edited file
/// whose stamp was kept when it was read is checked here, with the `stat` taken anyway).
pub(super) fn stage<'a>(
    root: &Path,
    f: &'a FileChange,
    found: Found,
) -> Result<Staged<'a>, WriteError> {
    let failed = |source| WriteError::Write {
        file: f.file.clone(),
        source,
    };
    let path = root.join(&f.file);
    let meta = std::fs::symlink_metadata(&path).ok();
    // A link inside the project stays a link: its target is replaced.
    let (target, meta) = match meta {
        Some(m) if m.file_type().is_symlink() => {
            let real = path.canonicalize().map_err(failed)?;
            let m = std::fs::metadata(&real).map_err(failed)?;
            (real, Some(m))
        }
        other => (path, other),
    };
    if let Found::Same { stamp, .. } = found
        && meta.as_ref().is_none_or(|m| Stamp::of(m) != stamp)
    {
        return Err(WriteError::changed(f));
    }
    let dir = target
        .parent()
        .ok_or_else(|| failed(std::io::Error::other("no parent folder")))?;
    if meta.is_none() {
        std::fs::create_dir_all(dir).map_err(failed)?;
    }
    #[cfg(debug_assertions)]
    if hooks::names(hooks::FAIL_WRITE, &f.file) {
        return Err(failed(std::io::Error::other("injected failure")));
    }
    if f.folder {
        return Ok(Staged {
            change: f,
            temp: None,
            target,
            found,
            ino: 0,
            written: Digest::default(),
        });
    }
    let perms = meta.map(|m| m.permissions());
    let read;
    let before = match f.before {
        // The old text was let go: read again, it must be the one planned from.
        Some(Before::OnDisk(_)) => {
            let again = std::fs::read(&target).ok();
            read = again
                .and_then(|r| f.as_planned(r))
                .ok_or_else(|| WriteError::changed(f))?;
            read.as_str()
        }
        _ => f.before().unwrap_or_default(),
    };
    let mut written = Digest::default();
    let (temp, ino) = write_temp_with(&target, perms, |file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        written = f.write_after(before, &mut out)?;
        out.flush()
    })
    .map_err(failed)?;
    Ok(Staged {
        change: f,
        temp: Some(temp),
        target,
        found,
        ino,
        written,
    })
}

/// Writes `text` to a new temporary file beside `target` (not flushed), with `perms`. Returns
/// its path and inode.
pub(super) fn write_temp(
    target: &Path,
    text: &str,
    perms: Option<std::fs::Permissions>,
) -> std::io::Result<(PathBuf, u64)> {
    write_temp_with(target, perms, |file| file.write_all(text.as_bytes()))
}

/// [`write_temp`] of what `fill` writes.
fn write_temp_with(
    target: &Path,
    perms: Option<std::fs::Permissions>,
    fill: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> std::io::Result<(PathBuf, u64)> {
    use std::os::unix::fs::MetadataExt;
    let temp = temp_path(target);
    let written = File::create(&temp).and_then(|mut file| {
        use std::os::unix::fs::PermissionsExt;
        fill(&mut file)?;
        let meta = file.metadata()?;
        // Most files already have the mode a new file gets: changing it is a journaled write.
        let mode = |p: &std::fs::Permissions| p.mode() & 0o7777;
        if let Some(p) = perms
            && mode(&p) != mode(&meta.permissions())
        {
            file.set_permissions(p)?;
        }
        Ok(meta.ino())
    });
    match written {
        Ok(ino) => Ok((temp, ino)),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

/// The temporary file of `target`: `.NAME.sidecarctl-PID.tmp` beside it.
pub(super) fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.sidecarctl-{}.tmp", pid()))
}

fn pid() -> u32 {
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *PID.get_or_init(std::process::id)
}

/// Makes every staged file durable with one call for the whole file system.
pub(super) fn flush_all(root: &Path) -> std::io::Result<()> {
    let dir = File::open(root)?;
    rustix::fs::syncfs(&dir).map_err(std::io::Error::from)
}

pub(super) fn discard(staged: &[Staged]) {
    for temp in staged.iter().filter_map(|s| s.temp.as_ref()) {
        let _ = std::fs::remove_file(temp);
    }
}

/// Removes temporary files that a killed sidecarctl left in `dir`. Only while holding the
/// project lock: no other sidecarctl process is writing then.
pub(super) fn remove_stray_temps(dir: &Path) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for e in read.flatten() {
        if e.file_name().to_str().is_some_and(is_temp_name) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Whether `s`'s target is still as its round found it: one `stat`, and its bytes when the
/// times cannot tell.
pub(super) fn still_as_found(s: &Staged) -> bool {
    match s.found {
        Found::Absent => std::fs::symlink_metadata(&s.target).is_err(),
        Found::Same { stamp, racy } => {
            std::fs::metadata(&s.target).is_ok_and(|m| Stamp::of(&m) == stamp)
                && (!racy || std::fs::read(&s.target).is_ok_and(|b| s.change.holds(&b)))
        }
    }
}

/// Renames `s`'s temporary file over its target if the target is still as found. Ok(false)
/// when it is not. A new file is put in place only if nothing took its name meanwhile, with no
/// gap between checking and renaming where the file system can do that
/// (`renameat2(RENAME_NOREPLACE)`). A new folder is created here, and only if its name is free.
pub(super) fn put_in_place(s: &Staged) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags};
    use rustix::io::Errno;
    if !still_as_found(s) {
        return Ok(false);
    }
    let Some(temp) = &s.temp else {
        return match std::fs::create_dir(&s.target) {
            Ok(()) => Ok(true),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(e),
        };
    };
    if let Found::Absent = s.found {
        match rustix::fs::renameat_with(CWD, temp, CWD, &s.target, RenameFlags::NOREPLACE) {
            Ok(()) => return Ok(true),
            Err(Errno::EXIST) => return Ok(false),
            Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => {}
            Err(e) => return Err(e.into()),
        }
    }
    std::fs::rename(temp, &s.target).map(|()| true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_temporary_file_names_are_ours() {
        assert!(is_temp_name(".orders.yaml.sidecarctl-4242.tmp"));
        assert!(is_temp_name(".a.b.sidecarctl-x.sidecarctl-1.tmp"));
        for name in [
            ".draft.sidecarctl-notes.tmp",
            ".sidecarctl-1.tmp",
            ".orders.yaml.sidecarctl-.tmp",
            "orders.yaml.sidecarctl-1.tmp",
            ".orders.yaml.sidecarctl-1.tmp.bak",
        ] {
            assert!(!is_temp_name(name), "{name}");
        }
    }

    #[test]
    fn a_same_size_rewrite_is_seen_when_the_times_cannot_tell() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("s.yaml");
        std::fs::write(&target, "a: 1\n").unwrap();
        let change = FileChange::edited("s.yaml".into(), "a: 1\n".to_string(), None, Vec::new());
        let staged = |racy| {
            let stamp = Stamp::of(&std::fs::metadata(&target).unwrap());
            Staged {
                change: &change,
                temp: Some(dir.path().join(".s.yaml.sidecarctl-1.tmp")),
                target: target.clone(),
                found: Found::Same { stamp, racy },
                ino: 0,
                written: Digest::default(),
            }
        };
        assert!(still_as_found(&staged(true)));
        // Another program writes the same number of bytes within the times' granularity: the
        // stamp still matches (here it is taken afterwards), only the bytes can tell.
        std::fs::write(&target, "a: 2\n").unwrap();
        assert!(still_as_found(&staged(false)));
        assert!(!still_as_found(&staged(true)));
    }
}
