//! A planned change to the project, its diff, and the one place that writes files.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::edit::{Splice, apply_splices};
use crate::error::{Error, Result};
use crate::view::ChangeReport;

pub mod interrupt;
mod read_only;
mod stamp;

use read_only::refuse_read_only;
pub(crate) use read_only::refuse_read_only_folder;
use stamp::{Found, as_read};
pub(crate) use stamp::{Stamp, now_ns, when_read};

/// One file to write: `before` is what was read (None for a new file). Or a new, empty folder.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Path relative to the project root, `/`-separated.
    pub(crate) file: String,
    pub(crate) before: Option<String>,
    /// The new text is `before` with these applied: a bulk edit of thousands of files holds
    /// each text once, and builds the new one only to show or write it.
    splices: Vec<Splice>,
    /// A folder to create (`before` is None, there are no splices).
    folder: bool,
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
            on_disk: None,
        }
    }

    /// `before` changed by `splices` (in order, not overlapping); `on_disk` is what the file
    /// was when `before` was read, if known.
    pub(crate) fn edited(
        file: String,
        before: String,
        on_disk: Option<Stamp>,
        splices: Vec<Splice>,
    ) -> Self {
        Self {
            file,
            before: Some(before),
            splices,
            folder: false,
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
            on_disk: None,
        }
    }

    pub(crate) fn after(&self) -> String {
        apply_splices(self.before.as_deref().unwrap_or_default(), &self.splices)
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

/// Fault injection for the tests, which run a debug build. A release build has none of it:
/// not the code, not the variables' names (`.ci/run` checks the release binary for them).
#[cfg(debug_assertions)]
mod hooks {
    /// The write of this file (relative path) fails, to prove a failed multi-file write leaves
    /// the project as it was.
    pub(super) const FAIL_WRITE: &str = "SIDECARCTL_TEST_FAIL_WRITE";
    /// Another program appends a line to this file (relative path) just before the round of
    /// writes that includes it is checked, to prove a file changed after it was read is never
    /// overwritten.
    pub(super) const TOUCH_BEFORE_WRITE: &str = "SIDECARCTL_TEST_TOUCH_BEFORE_WRITE";
    /// The same, once its new text is on disk, just before it is renamed into place.
    pub(super) const TOUCH_BEFORE_RENAME: &str = "SIDECARCTL_TEST_TOUCH_BEFORE_RENAME";
    /// The same, just after it was renamed into place, to prove that putting files back after a
    /// later failure never overwrites another program's edit either.
    pub(super) const TOUCH_AFTER_RENAME: &str = "SIDECARCTL_TEST_TOUCH_AFTER_RENAME";
    /// `settled`: every file counts as written long before it was read, so that its stamp
    /// alone tells another program's change, as most files' do; `recent`: every file counts as
    /// written just before, so that its bytes are compared (a test's files are one or the
    /// other by chance).
    pub(super) const TIMES: &str = "SIDECARCTL_TEST_TIMES";
    /// `MOMENT@FILE,…`: at each MOMENT the write creates FILE and waits (20 s at most) for a
    /// signal, so that a test can send one at that very moment. The moments: `planned` (the
    /// change is planned, nothing is written yet), `staged:K` (the temporary files of round K
    /// are written), `renamed:N` (N files are replaced), `restoring` (the first file replaced
    /// is put back).
    const PAUSE: &str = "SIDECARCTL_TEST_PAUSE";

    /// Files replaced so far, for `renamed:N`.
    pub(super) static RENAMED: std::sync::atomic::AtomicUsize =
        std::sync::atomic::AtomicUsize::new(0);

    /// Waits at `moment` when [`PAUSE`] names it.
    pub(super) fn pause(moment: &str) {
        let Ok(spec) = std::env::var(PAUSE) else {
            return;
        };
        for (at, file) in spec.split(',').filter_map(|s| s.split_once('@')) {
            if at != moment {
                continue;
            }
            let seen = super::interrupt::received();
            let _ = std::fs::write(file, moment);
            let start = std::time::Instant::now();
            while super::interrupt::received() == seen
                && start.elapsed() < std::time::Duration::from_secs(20)
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
    }

    /// Whether the hook `var` names `file`.
    pub(super) fn names(var: &str, file: &str) -> bool {
        std::env::var(var).is_ok_and(|v| v == file)
    }

    /// The hooks' other program: it appends a line to `path`.
    pub(super) fn touch(path: &std::path::Path) {
        use std::io::Write;
        if let Ok(mut f) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = f.write_all(b"# edited by someone else\n");
        }
    }
}

impl ChangeSet {
    /// How many files and folders the change writes.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The unified diff of every changed file, `a/` and `b/` prefixed like git's. A new folder
    /// has no diff (nor has it in git): the report's `files` names it.
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for f in self.files.iter().filter(|f| !f.folder) {
            out.push_str(&unified_diff(&f.file, f.before.as_deref(), &f.after()));
        }
        out
    }

    /// Writes every file, all or nothing as far as the file system allows, reporting how many
    /// of the `2 × files` steps (a write or a rename) are done. First a read-only file or folder
    /// is refused ([`refuse_read_only`]); then, [`ROUND`] files at a time:
    /// 1. each file must be as it was read when planning: its `stat` must match the one taken
    ///    as it was read or, when that one's times could not tell a later write (the file was
    ///    written just before it was read: see [`when_read`]), it is read again and
    ///    compared; what it is on disk (size, times, inode) is noted;
    /// 2. each new text goes to a temporary file beside its target, with the target's
    ///    permissions;
    /// 3. one flush makes the round durable (one `syncfs`, not one `fsync` per file), while
    ///    the next round takes steps 1 and 2 (unless a folder is to be created);
    /// 4. each file is checked once more, with one `stat`, immediately before its temporary
    ///    file is renamed over it (a new folder is created at this step).
    ///
    /// Then the folders are flushed, so that the renames are durable too.
    ///
    /// A failure at any step puts back the files already replaced (but not one another program
    /// changed since) and removes the folders created. A process killed at any moment leaves
    /// every file whole, old or new; its temporary files (`.NAME.sidecarctl-PID.tmp`) are
    /// ignored, and removed by the next change written into their folder.
    ///
    /// A signal ([`interrupt::stop`]) stops the write before its next write or rename, and it
    /// fails the same way.
    pub fn apply(&self, root: &Path, progress: &(dyn Fn(usize) + Sync)) -> Result<()> {
        #[cfg(debug_assertions)]
        hooks::pause("planned");
        interrupt::begin();
        let written = self.write_rounds(root, progress);
        if written.is_err() {
            interrupt::failed();
        }
        written
    }

    /// [`ChangeSet::apply`], once the write has begun.
    fn write_rounds(&self, root: &Path, progress: &(dyn Fn(usize) + Sync)) -> Result<()> {
        refuse_read_only(root, &self.files)?;
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
        let mut done: Vec<Staged> = Vec::with_capacity(self.files.len());
        let steps = AtomicUsize::new(0);
        let step = || progress(steps.fetch_add(1, Ordering::Relaxed) + 1);
        // A pipeline: while one round is flushed (waiting on the disk), the next is written; it
        // is renamed once its flush returns. Not when a folder is created: it is created as its
        // round is renamed, before the next round writes into it.
        let overlap = !self.files.iter().any(|f| f.folder);
        std::thread::scope(|scope| {
            let mut flushing: Option<(Vec<Staged>, Flush)> = None;
            for (_k, round) in self.files.chunks(ROUND).enumerate() {
                let staged = match self.stage_round(root, round, &step) {
                    Ok(staged) => staged,
                    Err(e) => {
                        settle_aside(flushing);
                        return Err(undo(root, &done, e));
                    }
                };
                #[cfg(debug_assertions)]
                hooks::pause(&format!("staged:{}", _k + 1));
                let flush = scope.spawn(|| flush_all(root));
                if let Some((before, its_flush)) = flushing.take()
                    && let Err(e) = put_round(before, its_flush, &mut done, &step)
                {
                    settle_aside(Some((staged, flush)));
                    return Err(undo(root, &done, e));
                }
                if overlap {
                    flushing = Some((staged, flush));
                } else {
                    put_round(staged, flush, &mut done, &step).map_err(|e| undo(root, &done, e))?;
                }
            }
            match flushing {
                Some((last, flush)) => {
                    put_round(last, flush, &mut done, &step).map_err(|e| undo(root, &done, e))
                }
                None => Ok(()),
            }
        })?;
        // A signal that came after the last file was checked still puts everything back.
        if let Some(signal) = interrupt::finish() {
            return Err(undo(root, &done, WriteError::Interrupted(signal)));
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

/// A round's flush, running beside the writing of the next round.
type Flush<'s> = std::thread::ScopedJoinHandle<'s, std::io::Result<()>>;

impl ChangeSet {
    /// Checks that each file of `round` is as it was read, then writes each new text to its
    /// temporary file (on every core: creating thousands of files is most of a bulk edit's
    /// time). Nothing is left behind on failure.
    fn stage_round<'a>(
        &'a self,
        root: &Path,
        round: &'a [FileChange],
        step: &(dyn Fn() + Sync),
    ) -> std::result::Result<Vec<Staged<'a>>, WriteError> {
        #[cfg(debug_assertions)]
        for f in round {
            if hooks::names(hooks::TOUCH_BEFORE_WRITE, &f.file) {
                hooks::touch(&root.join(&f.file));
            }
        }
        if let Some(signal) = interrupt::stopped() {
            return Err(WriteError::Interrupted(signal));
        }
        // Checked just before writing, so that an edit made meanwhile by another program is
        // never overwritten (the first round's check comes before anything is written).
        let found = as_read(root, round).map_err(WriteError::changed)?;
        let results: Vec<std::result::Result<Staged, WriteError>> = round
            .par_iter()
            .zip(found)
            .map(|(f, found)| {
                // A signal stops the round at once: a round takes seconds on a slow disk.
                if let Some(signal) = interrupt::stopped() {
                    return Err(WriteError::Interrupted(signal));
                }
                let s = stage(root, f, found);
                step();
                s
            })
            .collect();
        let mut staged: Vec<Staged> = Vec::with_capacity(round.len());
        let mut failed = None;
        for result in results {
            match result {
                Ok(s) => staged.push(s),
                Err(e) => {
                    failed.get_or_insert(e);
                }
            }
        }
        match failed {
            Some(e) => {
                discard(&staged);
                Err(e)
            }
            None => Ok(staged),
        }
    }
}

/// Waits for the flush of `staged`, then renames each of its files over its target (on every
/// core, unless a folder is created first: its files go into it). What is renamed joins
/// `done`; on failure the rest is discarded.
fn put_round<'a>(
    staged: Vec<Staged<'a>>,
    flush: Flush<'_>,
    done: &mut Vec<Staged<'a>>,
    step: &(dyn Fn() + Sync),
) -> std::result::Result<(), WriteError> {
    if let Err(e) = joined(flush) {
        discard(&staged);
        return Err(WriteError::Flush(e));
    }
    let rename = |s: &Staged| {
        step();
        #[cfg(debug_assertions)]
        if hooks::names(hooks::TOUCH_BEFORE_RENAME, &s.change.file) {
            hooks::touch(&s.target);
        }
        if let Some(signal) = interrupt::stopped() {
            return Err(WriteError::Interrupted(signal));
        }
        let outcome = match put_in_place(s) {
            Ok(true) => Ok(()),
            Ok(false) => Err(WriteError::changed(s.change)),
            Err(source) => Err(WriteError::Replace {
                file: s.change.file.clone(),
                source,
            }),
        };
        #[cfg(debug_assertions)]
        if outcome.is_ok() {
            if hooks::names(hooks::TOUCH_AFTER_RENAME, &s.change.file) {
                hooks::touch(&s.target);
            }
            let n = hooks::RENAMED.fetch_add(1, Ordering::SeqCst) + 1;
            hooks::pause(&format!("renamed:{n}"));
        }
        outcome
    };
    let outcomes: Vec<std::result::Result<(), WriteError>> =
        if staged.iter().all(|s| s.temp.is_some()) {
            staged.par_iter().map(rename).collect()
        } else {
            // In order, stopping at the first failure: the rest are not tried.
            let mut out = Vec::with_capacity(staged.len());
            for s in &staged {
                let outcome = rename(s);
                let stop = outcome.is_err();
                out.push(outcome);
                if stop {
                    break;
                }
            }
            out
        };
    if !outcomes.iter().any(Result::is_err) {
        done.extend(staged);
        return Ok(());
    }
    let (mut first, mut left) = (None, Vec::new());
    let mut outcomes = outcomes.into_iter();
    for s in staged {
        match outcomes.next() {
            Some(Ok(())) => done.push(s),
            Some(Err(e)) => {
                first.get_or_insert(e);
                left.push(s);
            }
            None => left.push(s),
        }
    }
    discard(&left);
    Err(first.expect("a failure was found"))
}

/// A round that will not be renamed: its flush is waited for, its temporary files removed.
fn settle_aside(round: Option<(Vec<Staged>, Flush)>) {
    if let Some((staged, flush)) = round {
        let _ = joined(flush);
        discard(&staged);
    }
}

fn joined(flush: Flush) -> std::io::Result<()> {
    flush
        .join()
        .unwrap_or_else(|_| Err(std::io::Error::other("the flush panicked")))
}

/// Files written per round. Creating thousands of files before renaming any is two to three
/// times slower on ext4 without a journal (10,000 files: about 6 s at once, 2-3 s in rounds of
/// 1,000; rounds of 5,000 are as slow as one); on a journaled ext4, side by side at 10,000
/// files, the extra flushes cost under 5%.
const ROUND: usize = 1000;

/// Why a write stopped (before the files already replaced were put back).
#[derive(Debug, thiserror::Error)]
enum WriteError {
    /// The file is no longer as it was read (or a new one's name is taken).
    #[error("{file} {} while sidecarctl was working", if *.created { "was created" } else { "changed on disk" })]
    Changed { file: String, created: bool },
    #[error("cannot write {file}: {source}")]
    Write {
        file: String,
        source: std::io::Error,
    },
    #[error("cannot flush the new files to disk: {0}")]
    Flush(std::io::Error),
    #[error("cannot replace {file}: {source}")]
    Replace {
        file: String,
        source: std::io::Error,
    },
    /// A signal asked the process to stop.
    #[error("interrupted")]
    Interrupted(i32),
}

impl WriteError {
    fn changed(f: &FileChange) -> Self {
        Self::Changed {
            file: f.file.clone(),
            created: f.before.is_none(),
        }
    }
}

/// Whether `s`'s target is still as its round found it: one `stat`, and its bytes when the
/// times cannot tell.
fn still_as_found(s: &Staged) -> bool {
    match s.found {
        Found::Absent => std::fs::symlink_metadata(&s.target).is_err(),
        Found::Same { stamp, racy } => {
            std::fs::metadata(&s.target).is_ok_and(|m| Stamp::of(&m) == stamp)
                && (!racy
                    || std::fs::read(&s.target).is_ok_and(|b| {
                        Some(b.as_slice()) == s.change.before.as_deref().map(str::as_bytes)
                    }))
        }
    }
}

/// Renames `s`'s temporary file over its target if the target is still as found. Ok(false)
/// when it is not. A new file is put in place only if nothing took its name meanwhile, with no
/// gap between checking and renaming where the file system can do that
/// (`renameat2(RENAME_NOREPLACE)`). A new folder is created here, and only if its name is free.
fn put_in_place(s: &Staged) -> std::io::Result<bool> {
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

/// The error of a failed write, after putting back the files already replaced.
fn undo(root: &Path, done: &[Staged], what: WriteError) -> Error {
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

/// A new text written beside its target, not yet in place; or a folder not yet created.
struct Staged<'a> {
    change: &'a FileChange,
    /// None for a folder.
    temp: Option<PathBuf>,
    target: PathBuf,
    /// How the target was found before the round was written.
    found: Found,
    /// The inode of the temporary file: once renamed, the target is ours while it has it.
    ino: u64,
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
fn stage<'a>(
    root: &Path,
    f: &'a FileChange,
    found: Found,
) -> std::result::Result<Staged<'a>, WriteError> {
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
        });
    }
    let perms = meta.map(|m| m.permissions());
    let (temp, ino) = write_temp(&target, &f.after(), perms).map_err(failed)?;
    Ok(Staged {
        change: f,
        temp: Some(temp),
        target,
        found,
        ino,
    })
}

/// Writes `text` to a new temporary file beside `target` (not flushed), with `perms`. Returns
/// its path and inode.
fn write_temp(
    target: &Path,
    text: &str,
    perms: Option<std::fs::Permissions>,
) -> std::io::Result<(PathBuf, u64)> {
    use std::os::unix::fs::MetadataExt;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = target.with_file_name(format!(".{name}.sidecarctl-{}.tmp", pid()));
    let written = File::create(&temp).and_then(|mut file| {
        use std::os::unix::fs::PermissionsExt;
        file.write_all(text.as_bytes())?;
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
    for temp in staged.iter().filter_map(|s| s.temp.as_ref()) {
        let _ = std::fs::remove_file(temp);
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
        && std::fs::read(&s.target).is_ok_and(|b| b == s.change.after().as_bytes())
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
    for s in done.iter().filter(|s| !s.change.folder) {
        if !still_ours(s) {
            back.kept.push(&s.change.file);
            continue;
        }
        match &s.change.before {
            Some(text) => {
                let perms = std::fs::metadata(&s.target).ok().map(|m| m.permissions());
                match write_temp(&s.target, text, perms) {
                    Ok((temp, _)) => renames.push((temp, s)),
                    Err(_) => back.failed = true,
                }
            }
            None => back.failed |= std::fs::remove_file(&s.target).is_err(),
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
        let change = FileChange::edited("s.yaml".into(), "a: 1\n".into(), None, Vec::new());
        let staged = |racy| {
            let stamp = Stamp::of(&std::fs::metadata(&target).unwrap());
            Staged {
                change: &change,
                temp: Some(dir.path().join(".s.yaml.sidecarctl-1.tmp")),
                target: target.clone(),
                found: Found::Same { stamp, racy },
                ino: 0,
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
