//! A planned change to the project, its diff, and the one place that writes files.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::edit::{Splice, apply_splices};
use crate::error::{Error, Result};
use crate::view::ChangeReport;

/// One file to write: `before` is what was read (None for a new file).
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Path relative to the project root, `/`-separated.
    pub file: String,
    pub before: Option<String>,
    /// The new text is `before` with these applied: a bulk edit of thousands of files holds
    /// each text once, and builds the new one only to show or write it.
    splices: Vec<Splice>,
}

impl FileChange {
    pub fn new_file(file: String, text: String) -> Self {
        Self {
            file,
            before: None,
            splices: vec![(0, 0, text)],
        }
    }

    /// `before` changed by `splices` (in order, not overlapping).
    pub fn edited(file: String, before: String, splices: Vec<Splice>) -> Self {
        Self {
            file,
            before: Some(before),
            splices,
        }
    }

    pub fn after(&self) -> String {
        apply_splices(self.before.as_deref().unwrap_or_default(), &self.splices)
    }
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
/// Test hook: another program appends a line to this file (relative path) just before the
/// round of writes that includes it, to prove a file changed after it was read is never
/// overwritten.
pub const TOUCH_BEFORE_WRITE_ENV: &str = "SIDECARCTL_TEST_TOUCH_BEFORE_WRITE";

impl ChangeSet {
    /// The unified diff of every changed file, `a/` and `b/` prefixed like git's.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for f in &self.files {
            out.push_str(&unified_diff(&f.file, f.before.as_deref(), &f.after()));
        }
        out
    }

    /// Writes every file, all or nothing as far as the file system allows, [`ROUND`] files at a
    /// time:
    /// 1. each file is checked to be as it was read;
    /// 2. each new text goes to a temporary file beside its target, with the target's
    ///    permissions;
    /// 3. one flush makes the round durable (one `syncfs`, not one `fsync` per file);
    /// 4. each temporary file is renamed over its target.
    ///
    /// Then the folders are flushed, so that the renames are durable too.
    ///
    /// A failure at any step puts back the files already replaced. A process killed at any
    /// moment leaves every file whole, old or new; its temporary files
    /// (`.NAME.sidecarctl-PID.tmp`) are ignored and later removed.
    pub fn apply(&self, root: &Path) -> Result<()> {
        self.apply_with(root, &|_| {})
    }

    /// [`Self::apply`], reporting how many of the `2 × files` steps (a write or a rename) are done.
    pub fn apply_with(&self, root: &Path, progress: &dyn Fn(usize)) -> Result<()> {
        // The caller holds the project lock: a temporary file of ours found now is from a
        // killed run.
        let mut dirs: Vec<PathBuf> = self
            .files
            .iter()
            .filter_map(|f| root.join(&f.file).parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in &dirs {
            remove_stray_temps(dir);
        }
        let fail_on = std::env::var(FAIL_WRITE_ENV).ok();
        let mut done: Vec<Staged> = Vec::with_capacity(self.files.len());
        for round in self.files.chunks(ROUND) {
            if let Ok(rel) = std::env::var(TOUCH_BEFORE_WRITE_ENV)
                && let Some(f) = round.iter().find(|f| f.file == rel)
            {
                touch(&root.join(&f.file));
            }
            // Checked just before writing, so that an edit made meanwhile by another program is
            // never overwritten (the first round's check comes before anything is written).
            if let Some(f) = changed_on_disk(root, round) {
                let what = if f.before.is_none() {
                    "was created"
                } else {
                    "changed on disk"
                };
                let msg = format!("{} {what} while sidecarctl was working", f.file);
                return Err(undo(root, &done, msg).with_hint("run the command again"));
            }
            let mut staged: Vec<Staged> = Vec::with_capacity(round.len());
            for f in round {
                let injected = fail_on.as_deref() == Some(f.file.as_str());
                match stage(root, f, injected) {
                    Ok(s) => {
                        staged.push(s);
                        progress(2 * done.len() + staged.len());
                    }
                    Err(e) => {
                        discard(&staged);
                        return Err(undo(root, &done, format!("cannot write {}: {e}", f.file)));
                    }
                }
            }
            if let Err(e) = flush_all(root) {
                discard(&staged);
                let msg = format!("cannot flush the new files to disk: {e}");
                return Err(undo(root, &done, msg));
            }
            for i in 0..staged.len() {
                progress(2 * done.len() + staged.len() + i + 1);
                if let Err(e) = std::fs::rename(&staged[i].temp, &staged[i].target) {
                    discard(&staged[i..]);
                    let file = &staged[i].change.file;
                    let msg = format!("cannot replace {file}: {e}");
                    done.extend(staged.drain(..i));
                    return Err(undo(root, &done, msg));
                }
            }
            done.append(&mut staged);
        }
        let mut dirs: Vec<&Path> = done.iter().filter_map(|s| s.target.parent()).collect();
        dirs.sort();
        dirs.dedup();
        for dir in dirs {
            // The renames themselves are made durable; failing here changes nothing already done.
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        Ok(())
    }
}

/// Files written per round. Creating thousands of files before renaming any is two to three
/// times slower on ext4 without a journal (10,000 files: about 6 s at once, 2-3 s in rounds of
/// 1,000; rounds of 5,000 are as slow as one); on a journaled ext4, side by side at 10,000
/// files, the extra flushes cost under 5%.
const ROUND: usize = 1000;

/// The test hook of [`TOUCH_BEFORE_WRITE_ENV`]: another program edits `path`.
fn touch(path: &Path) {
    if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(path) {
        let _ = f.write_all(b"# edited by someone else\n");
    }
}

/// The first file that is not as it was read.
fn changed_on_disk<'a>(root: &Path, files: &'a [FileChange]) -> Option<&'a FileChange> {
    files.par_iter().find_first(|f| {
        let now = std::fs::read(root.join(&f.file)).ok();
        now.as_deref() != f.before.as_deref().map(str::as_bytes)
    })
}

/// The error of a failed write, after putting back the files already replaced.
fn undo(root: &Path, done: &[Staged], what: String) -> Error {
    let state = if done.is_empty() {
        "nothing was changed"
    } else if restore(root, done) {
        "the files already replaced were put back"
    } else {
        "some files could not be put back"
    };
    Error::failed(format!("{what}; {state}"))
}

/// A new text written beside its target, not yet in place.
struct Staged<'a> {
    change: &'a FileChange,
    temp: PathBuf,
    target: PathBuf,
}

/// Temporary files of this program: `.NAME.sidecarctl-PID.tmp`.
fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.contains(".sidecarctl-") && name.ends_with(".tmp")
}

fn stage<'a>(root: &Path, f: &'a FileChange, injected: bool) -> std::io::Result<Staged<'a>> {
    let path = root.join(&f.file);
    let meta = std::fs::symlink_metadata(&path).ok();
    // A link inside the project stays a link: its target is replaced.
    let (target, meta) = match meta {
        Some(m) if m.file_type().is_symlink() => {
            let real = path.canonicalize()?;
            let m = std::fs::metadata(&real)?;
            (real, Some(m))
        }
        other => (path, other),
    };
    let dir = target
        .parent()
        .ok_or_else(|| std::io::Error::other("no parent folder"))?;
    if meta.is_none() {
        std::fs::create_dir_all(dir)?;
    }
    if injected {
        return Err(std::io::Error::other("injected failure"));
    }
    let perms = meta.map(|m| m.permissions());
    let temp = write_temp(&target, &f.after(), perms)?;
    Ok(Staged {
        change: f,
        temp,
        target,
    })
}

/// Writes `text` to a new temporary file beside `target` (not flushed), with `perms`.
fn write_temp(
    target: &Path,
    text: &str,
    perms: Option<std::fs::Permissions>,
) -> std::io::Result<PathBuf> {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = target.with_file_name(format!(".{name}.sidecarctl-{}.tmp", pid()));
    let written = File::create(&temp).and_then(|mut file| {
        file.write_all(text.as_bytes())?;
        match perms {
            Some(p) => file.set_permissions(p),
            None => Ok(()),
        }
    });
    match written {
        Ok(()) => Ok(temp),
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            Err(e)
        }
    }
}

fn pid() -> u32 {
    static PID: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *PID.get_or_init(std::process::id)
}

/// Makes every staged file durable with one call for the whole file system.
fn flush_all(root: &Path) -> std::io::Result<()> {
    let dir = File::open(root)?;
    rustix::fs::syncfs(&dir).map_err(std::io::Error::from)
}

fn discard(staged: &[Staged]) {
    for s in staged {
        let _ = std::fs::remove_file(&s.temp);
    }
}

/// Puts back the files already replaced, the way they were replaced: temporary files, one
/// flush, renames. Returns false when one could not be put back.
fn restore(root: &Path, done: &[Staged]) -> bool {
    let mut ok = true;
    let mut back = Vec::with_capacity(done.len());
    for s in done {
        match &s.change.before {
            Some(text) => {
                let perms = std::fs::metadata(&s.target).ok().map(|m| m.permissions());
                match write_temp(&s.target, text, perms) {
                    Ok(temp) => back.push((temp, &s.target)),
                    Err(_) => ok = false,
                }
            }
            None => ok &= std::fs::remove_file(&s.target).is_ok(),
        }
    }
    ok &= flush_all(root).is_ok();
    for (temp, target) in back {
        ok &= std::fs::rename(temp, target).is_ok();
    }
    ok
}

/// Removes temporary files that a killed sidecarctl left in `dir`. Only while holding the
/// project lock: no other sidecarctl process is writing then.
fn remove_stray_temps(dir: &Path) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for e in read.flatten() {
        if e.file_name().to_str().is_some_and(is_temp_name) {
            let _ = std::fs::remove_file(e.path());
        }
    }
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
}

pub fn lock(root: &Path) -> Result<ProjectLock> {
    let file = File::open(root)
        .map_err(|e| Error::failed(format!("cannot open {}: {e}", root.display())))?;
    file.lock()
        .map_err(|e| Error::failed(format!("cannot lock {}: {e}", root.display())))?;
    Ok(ProjectLock { _file: file })
}
