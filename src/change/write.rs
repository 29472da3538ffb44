//! The batch write: every file of a change set, in rounds, all or nothing.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

#[cfg(debug_assertions)]
use super::hooks;
use super::read_only::refuse_read_only;
use super::removal::{forget, set_aside};
use super::restore::undo;
use super::stage::{Staged, discard, flush_all, put_in_place, remove_stray_temps, stage};
use super::stamp::as_read;
use super::{ChangeSet, FileChange, interrupt};
use crate::error::Result;

impl ChangeSet {
    /// Writes every file, all or nothing as far as the file system allows, reporting how many
    /// of the `2 × files` steps (a write or a rename) are done. First a read-only file or folder
    /// is refused (`refuse_read_only`); then, `ROUND` files at a time:
    /// 1. each file must be as it was read when planning: its `stat` must match the one taken
    ///    as it was read or, when that one's times could not tell a later write (the file was
    ///    written just before it was read: see `Stamp::when_read`), it is read again and
    ///    compared; what it is on disk (size, times, inode) is noted;
    /// 2. each new text goes to a temporary file beside its target, with the target's
    ///    permissions;
    /// 3. one flush makes the round durable (one `syncfs`, not one `fsync` per file), while
    ///    the next round takes steps 1 and 2 (unless a folder is to be created);
    /// 4. each file is checked once more, with one `stat`, immediately before its temporary
    ///    file is renamed over it (a new folder is created at this step).
    ///
    /// Then the files to delete are checked and set aside, last (see `removal.rs`), and the
    /// folders are flushed, so that the renames are durable too.
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
        // The files to delete go after all the others (the commands plan them last).
        let files: std::borrow::Cow<[FileChange]> = match self.files.is_sorted_by_key(|f| f.removed)
        {
            true => self.files.as_slice().into(),
            false => {
                let mut files = self.files.clone();
                files.sort_by_key(|f| f.removed);
                files.into()
            }
        };
        let (writes, removals) = files.split_at(files.partition_point(|f| !f.removed));
        // The caller holds the project lock: a temporary file of ours found now is from a
        // killed run.
        let mut dirs: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| root.join(&f.file).parent().map(Path::to_path_buf))
            .collect();
        dirs.sort();
        dirs.dedup();
        for dir in &dirs {
            remove_stray_temps(dir);
        }
        let mut done: Vec<Staged> = Vec::with_capacity(files.len());
        let steps = AtomicUsize::new(0);
        let step = || progress(steps.fetch_add(1, Ordering::Relaxed) + 1);
        // A pipeline: while one round is flushed (waiting on the disk), the next is written; it
        // is renamed once its flush returns. Not when a folder is created: it is created as its
        // round is renamed, before the next round writes into it.
        let overlap = !writes.iter().any(|f| f.folder);
        std::thread::scope(|scope| {
            let mut flushing: Option<(Vec<Staged>, Flush)> = None;
            for (_k, round) in writes.chunks(ROUND).enumerate() {
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
        set_aside(root, removals, &mut done, &step).map_err(|e| undo(root, &done, e))?;
        // A signal that came after the last file was checked still puts everything back.
        if let Some(signal) = interrupt::finish() {
            return Err(undo(root, &done, WriteError::Interrupted(signal)));
        }
        forget(&done);
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
pub(super) enum WriteError {
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
    pub(super) fn changed(f: &FileChange) -> Self {
        Self::Changed {
            file: f.file.clone(),
            created: f.before.is_none(),
        }
    }
}
