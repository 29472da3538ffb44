//! A planned change to the project, its diff, and the one place that writes files.
//!
//! [`FileChange`] and [`ChangeSet`] are here; the diff is in `diff.rs`, the write in `write.rs`
//! (its rounds), `stage.rs` (each file's temporary file and rename) and `restore.rs` (putting
//! back after a failure); the project lock in `lock.rs`; the report a change prints in
//! `report.rs`.

use crate::edit::{Splice, apply_splices};

mod diff;
#[cfg(debug_assertions)]
mod hooks;
pub mod interrupt;
mod lock;
mod read_only;
mod removal;
mod report;
mod restore;
mod stage;
mod stamp;
mod write;

pub(crate) use diff::unified_diff;
pub use lock::{ProjectLock, lock};
pub(crate) use read_only::refuse_read_only_folder;
pub use report::{Action, ChangeReport, ChangeRow};
pub(crate) use stage::is_temp_name;
pub(crate) use stamp::Stamp;

use std::sync::Arc;

/// What a file was when its change was planned.
#[derive(Debug, Clone)]
pub(crate) enum Before {
    /// Its text, held (shared with the document the change was planned from).
    Held(Arc<String>),
    /// Its length and digest only: a change of thousands of files does not hold every old
    /// text until it is written. The file is read again to be written, and must be the same.
    OnDisk(Digest),
}

/// A file's length and 128-bit XXH3 digest: enough to tell that a file read again is the one
/// a change was planned from (what it guards against is an accidental edit meanwhile, which
/// the length and the file's times usually tell already, not a forged collision).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Digest {
    len: usize,
    hash: u128,
}

impl Digest {
    pub(crate) fn of(bytes: &[u8]) -> Self {
        Self {
            len: bytes.len(),
            hash: xxhash_rust::xxh3::xxh3_128(bytes),
        }
    }
}

/// One file to write: `before` is what was read (None for a new file). Or a new, empty folder,
/// or a file to delete.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Path relative to the project root, `/`-separated.
    pub(crate) file: String,
    /// None for a new file. Held text is shared with the document the change was planned
    /// from: a Console project file of tens of megabytes is not copied to be kept.
    pub(crate) before: Option<Before>,
    /// The new text is `before` with these applied: a bulk edit of thousands of files holds
    /// each text once, and builds the new one only to show or write it.
    splices: Vec<Splice>,
    /// Once the old text is let go ([`Self::let_go`]): the splices that make it again from
    /// the new text, for a failed write to put the file back.
    undo: Vec<Splice>,
    /// A folder to create (`before` is None, there are no splices).
    folder: bool,
    /// A file to delete (`before` is what was read, there are no splices).
    removed: bool,
    /// What the file was on disk when `before` was read from it, if its times can tell.
    on_disk: Option<Stamp>,
}

impl FileChange {
    pub(crate) fn new_file(file: String, text: String) -> Self {
        Self {
            file,
            before: None,
            splices: vec![Splice::new(0, 0, text)],
            undo: Vec::new(),
            folder: false,
            removed: false,
            on_disk: None,
        }
    }

    /// `before` changed by `splices` (in order, not overlapping); `on_disk` is what the file
    /// was when `before` was read, if known.
    pub(crate) fn edited(
        file: String,
        before: impl Into<Arc<String>>,
        on_disk: Option<Stamp>,
        splices: Vec<Splice>,
    ) -> Self {
        Self {
            file,
            before: Some(Before::Held(before.into())),
            splices,
            undo: Vec::new(),
            folder: false,
            removed: false,
            on_disk,
        }
    }

    /// A folder that is not there yet, created empty: what `init` makes besides its file.
    pub(crate) fn new_folder(folder: String) -> Self {
        Self {
            file: folder,
            before: None,
            splices: Vec::new(),
            undo: Vec::new(),
            folder: true,
            removed: false,
            on_disk: None,
        }
    }

    /// A file to delete, `before` being what was read from it (a kustomize patch left with
    /// nothing to change). It is checked like a file to write, and deleted after every other
    /// file of its change set is written (see [`ChangeSet::apply`]).
    pub(crate) fn removed(
        file: String,
        before: impl Into<Arc<String>>,
        on_disk: Option<Stamp>,
    ) -> Self {
        Self {
            file,
            before: Some(Before::Held(before.into())),
            splices: Vec::new(),
            undo: Vec::new(),
            folder: false,
            removed: true,
            on_disk,
        }
    }

    /// Whether the change deletes the file.
    pub(crate) fn is_removal(&self) -> bool {
        self.removed
    }

    /// The new text, from the old text held. A change whose old text was [let go](Self::let_go)
    /// makes it with [`Self::after_from`].
    pub(crate) fn after(&self) -> String {
        if self.removed {
            return String::new();
        }
        debug_assert!(!matches!(self.before, Some(Before::OnDisk(_))));
        apply_splices(self.before().unwrap_or_default(), &self.splices)
    }

    /// The new text, made from `read`, the file as read again; None when `read` is not the
    /// text the change was planned from.
    pub(crate) fn after_from(&self, read: Vec<u8>) -> Option<String> {
        let read = self.as_planned(read)?;
        Some(apply_splices(&read, &self.splices))
    }

    /// `read`, the file as read again, if it is the text the change was planned from.
    pub(crate) fn as_planned(&self, read: Vec<u8>) -> Option<String> {
        match self.holds(&read) {
            true => String::from_utf8(read).ok(),
            false => None,
        }
    }

    /// Writes the new text, `before` (the old text) with the splices applied, to `out` piece
    /// by piece: a file of tens of megabytes is not made again whole in memory to be written.
    /// Returns the digest of what was written.
    pub(crate) fn write_after(
        &self,
        before: &str,
        out: &mut impl std::io::Write,
    ) -> std::io::Result<Digest> {
        let mut hash = xxhash_rust::xxh3::Xxh3::new();
        let mut len = 0;
        let mut put = |piece: &str| {
            hash.update(piece.as_bytes());
            len += piece.len();
            out.write_all(piece.as_bytes())
        };
        let mut at = 0;
        for s in &self.splices {
            put(&before[at..s.start])?;
            put(&s.with)?;
            at = s.end;
        }
        put(&before[at..])?;
        Ok(Digest {
            len,
            hash: hash.digest128(),
        })
    }

    /// Whether `bytes` are the text the change was planned from.
    pub(crate) fn holds(&self, bytes: &[u8]) -> bool {
        match &self.before {
            None => false,
            Some(Before::Held(text)) => bytes == text.as_bytes(),
            Some(Before::OnDisk(digest)) => Digest::of(bytes) == *digest,
        }
    }

    /// The old text, made from `ours`, the new text as written, when it is not held.
    pub(crate) fn before_from<'a>(&'a self, ours: &[u8]) -> Option<std::borrow::Cow<'a, str>> {
        match &self.before {
            None => None,
            Some(Before::Held(text)) => Some(text.as_str().into()),
            Some(Before::OnDisk(digest)) => {
                let ours = std::str::from_utf8(ours).ok()?;
                let fits = |s: &Splice| {
                    s.end <= ours.len()
                        && ours.is_char_boundary(s.start)
                        && ours.is_char_boundary(s.end)
                };
                if !self.undo.iter().all(fits) {
                    return None;
                }
                let old = apply_splices(ours, &self.undo);
                (Digest::of(old.as_bytes()) == *digest).then_some(old.into())
            }
        }
    }

    /// Lets go of the old text, keeping its digest and what puts it back: what a change of
    /// thousands of files keeps of each until it is written or shown (each is then read
    /// again). Not for a file to delete, nor for a text shared with another change of the same
    /// file (see [`Self::join`]).
    pub(crate) fn let_go(&mut self) {
        let Some(Before::Held(text)) = &self.before else {
            return;
        };
        if self.removed || self.folder {
            return;
        }
        // Each splice's old bytes at its place in the new text.
        let mut shift: isize = 0;
        self.undo = self
            .splices
            .iter()
            .map(|s| {
                let at = s.start.wrapping_add_signed(shift);
                shift += s.with.len() as isize - (s.end - s.start) as isize;
                Splice::new(at, at + s.with.len(), &text[s.start..s.end])
            })
            .collect();
        self.before = Some(Before::OnDisk(Digest::of(text.as_bytes())));
    }

    /// Whether `other`, a change of the same file, writes the same text.
    pub(crate) fn same_as(&self, other: &FileChange) -> bool {
        match (&self.before, &other.before) {
            (Some(Before::OnDisk(a)), Some(Before::OnDisk(b))) => {
                a == b && self.splices == other.splices && self.removed == other.removed
            }
            (Some(Before::OnDisk(_)), _) | (_, Some(Before::OnDisk(_))) => false,
            _ => self.after() == other.after(),
        }
    }

    /// Whether `other` changes this file from the very text this change was made from (one
    /// text shared, not two equal ones): the two can be [joined](Self::join).
    pub(crate) fn join_of(&self, other: &FileChange) -> bool {
        let one_text = match (&self.before, &other.before) {
            (Some(Before::Held(a)), Some(Before::Held(b))) => Arc::ptr_eq(a, b),
            _ => false,
        };
        one_text && self.file == other.file
    }

    /// Takes in the splices of `other`, a change of the same file planned from the same text
    /// (a batch of the services of a file of thousands); splices both made (a ConfigMap every
    /// batch declares) are kept once. False when the texts are not one or the splices overlap:
    /// the change is then not to be written (the command fails).
    pub(crate) fn join(&mut self, other: FileChange) -> bool {
        if !self.join_of(&other) {
            return false;
        }
        let mut all = std::mem::take(&mut self.splices);
        all.extend(other.splices);
        all.sort_by_key(|s| (s.start, s.end));
        all.dedup();
        // Two different splices at one place would be applied in an order no batch chose.
        let clash = all
            .windows(2)
            .any(|w| w[1].start < w[0].end || w[1].start == w[0].start);
        self.splices = all;
        !clash
    }

    /// The same change of an edited file whose old text is `old`, its new text now `after`.
    pub(crate) fn replace_after(&mut self, old: &str, after: String) {
        if matches!(self.before, Some(Before::OnDisk(_))) {
            self.undo = vec![Splice::new(0, after.len(), old)];
        }
        self.splices = vec![Splice::new(0, old.len(), after)];
    }

    /// The text the change was made from, if held; `None` for a new file or folder.
    pub(crate) fn before(&self) -> Option<&str> {
        match &self.before {
            Some(Before::Held(text)) => Some(text.as_str()),
            _ => None,
        }
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

impl ChangeSet {
    /// [Lets go](FileChange::let_go) of the old texts of its changes.
    pub(crate) fn let_go(mut self) -> Self {
        self.files.iter_mut().for_each(FileChange::let_go);
        self
    }

    /// How many files and folders the change writes.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Splices of `text` (in order, not overlapping, on character boundaries) from `cuts`.
    fn splices_of(text: &str, cuts: &[(usize, usize, String)]) -> Vec<Splice> {
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut at = 0;
        let mut out = Vec::new();
        for (skip, len, with) in cuts {
            let Some(&start) = bounds.iter().find(|&&b| b >= at + skip) else {
                break;
            };
            let end = bounds
                .iter()
                .copied()
                .find(|&b| b >= start + len)
                .unwrap_or(text.len());
            out.push(Splice::new(start, end, with.clone()));
            at = end + 1;
        }
        out
    }

    proptest! {
        #[test]
        fn a_change_without_its_old_text_writes_and_puts_back_the_same_bytes(
            text in "(\\PC|\r?\n){0,80}",
            cuts in prop::collection::vec((0usize..12, 0usize..6, "(\\PC|\n){0,8}"), 0..6),
        ) {
            let splices = splices_of(&text, &cuts);
            let held = FileChange::edited("f.yaml".into(), text.clone(), None, splices);
            let after = held.after();
            let mut gone = held.clone();
            gone.let_go();
            prop_assert!(gone.before().is_none() && gone.before.is_some());
            // Read again as planned from: the same new text; read as ours: the old one.
            prop_assert_eq!(gone.after_from(text.clone().into_bytes()), Some(after.clone()));
            let old = gone.before_from(after.as_bytes()).map(|t| t.into_owned());
            prop_assert_eq!(old, Some(text.clone()));
            prop_assert!(gone.holds(text.as_bytes()));
            let mut again = held.clone();
            again.let_go();
            prop_assert!(gone.same_as(&again));
            // Written piece by piece: the same bytes, and their digest.
            let mut out = Vec::new();
            let digest = held.write_after(&text, &mut out).unwrap();
            prop_assert_eq!(&out, after.as_bytes());
            prop_assert_eq!(digest, Digest::of(&out));
            // Any other text is refused.
            let other = format!("{text}#");
            prop_assert_eq!(gone.after_from(other.into_bytes()), None);
        }
    }

    #[test]
    fn what_a_failed_write_puts_back_must_be_the_old_text() {
        let mut f = FileChange::edited(
            "f.yaml".into(),
            "a: 1\nb: 2\n".to_string(),
            None,
            vec![Splice::new(3, 4, "10")],
        );
        f.let_go();
        assert_eq!(
            f.after_from(b"a: 1\nb: 2\n".to_vec()).unwrap(),
            "a: 10\nb: 2\n"
        );
        assert_eq!(f.before_from(b"a: 10\nb: 2\n").unwrap(), "a: 1\nb: 2\n");
        // Not ours: what undoing our splices makes is not the old text.
        assert!(f.before_from(b"a: 10\nb: 3\n").is_none());
        assert!(f.before_from(b"a").is_none());
        assert!(f.after_from(b"a: 1\nb: 3\n".to_vec()).is_none());
    }
}
