//! What a file was on disk when it was checked, to tell later with one `stat` whether another
//! program wrote it since.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use super::FileChange;

/// What a file was on disk when it was last found as it was read: enough to tell with one
/// `stat` whether anything wrote it since. The document layer carries it with the text it was
/// read as; whether it can tell is judged here.
pub(crate) use crate::yaml::Stamp;
#[cfg(test)]
use crate::yaml::stamp::{FINE_RACY_NS, RACY_NS, when_read};
use crate::yaml::stamp::{now_ns, racy};

/// How a file was found just before its round was written.
#[derive(Debug, Clone, Copy)]
pub(super) enum Found {
    /// A new file, not there yet.
    Absent,
    /// As it was read; `racy` when its times alone cannot tell a later change ([`RACY_NS`]).
    Same { stamp: Stamp, racy: bool },
}

/// Each file of `files` as found now, or the first one that is not as it was read. A file
/// whose stamp was kept when it was read is taken as its stamp says (its round checks it with
/// the `stat` it takes anyway); any other is read whole and compared with the text it was
/// planned from, and its `stat` before and after that read must agree, so that the stamp
/// kept describes the bytes compared.
pub(super) fn as_read<'a>(
    root: &Path,
    files: &'a [FileChange],
) -> Result<Vec<Found>, &'a FileChange> {
    let checked_ns = now_ns();
    let found: Vec<Option<Found>> = files
        .par_iter()
        .map(|f| match f.on_disk {
            Some(stamp) => Some(Found::Same { stamp, racy: false }),
            None => found(&root.join(&f.file), f, checked_ns),
        })
        .collect();
    match found.iter().position(Option::is_none) {
        Some(i) => Err(&files[i]),
        None => Ok(found.into_iter().flatten().collect()),
    }
}

/// `path` as found now, if it holds the text `f` was planned from (is absent for a new file).
fn found(path: &Path, f: &FileChange, checked_ns: i128) -> Option<Found> {
    if f.before.is_none() {
        let absent = std::fs::symlink_metadata(path)
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
        return absent.then_some(Found::Absent);
    }
    let mut file = File::open(path).ok()?;
    let first = Stamp::of(&file.metadata().ok()?);
    let mut bytes = Vec::with_capacity(first.size as usize + 1);
    file.read_to_end(&mut bytes).ok()?;
    let stamp = Stamp::of(&file.metadata().ok()?);
    (stamp == first && f.holds(&bytes)).then_some(Found::Same {
        stamp,
        racy: racy(&stamp, checked_ns),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_written_within_the_margin_is_racy() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.yaml");
        std::fs::write(&path, "a: 1\n").unwrap();
        let stamp = Stamp::of(&std::fs::metadata(&path).unwrap());
        assert!(racy(&stamp, now_ns()));
        assert!(!racy(&stamp, now_ns() + 3 * RACY_NS));
    }

    #[test]
    fn fine_times_shorten_the_margin() {
        let at = |ns: i64| Stamp {
            dev: 1,
            ino: 1,
            size: 1,
            mtime_ns: ns,
            ctime_ns: ns,
        };
        let t: i64 = 1_800_000_000_000_000_000;
        let (fine, whole) = (at(t + 123_456), at(t));
        let after = |ns: i128| i128::from(t) + ns;
        assert!(racy(&fine, after(FINE_RACY_NS / 2)));
        assert!(!racy(&fine, after(2 * FINE_RACY_NS)));
        // Whole seconds (or milliseconds): the times may be as coarse as 2 s.
        assert!(racy(&whole, after(2 * FINE_RACY_NS)));
        assert!(racy(&whole, after(RACY_NS / 2)));
        assert!(!racy(&whole, after(2 * RACY_NS)));
    }

    #[test]
    fn only_a_settled_file_keeps_its_stamp_from_the_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.yaml");
        std::fs::write(&path, "a: 1\n").unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        // Read right after it was written: the times could hide a second write.
        assert_eq!(when_read(&meta, now_ns()), None);
        // Read long after: the stamp alone tells a change, and is the file's.
        let later = when_read(&meta, now_ns() + 3 * RACY_NS);
        assert_eq!(later, Some(Stamp::of(&meta)));
        // (Another size: a write this soon may leave the times as they were, which is why a
        // file read this soon keeps no stamp.)
        std::fs::write(&path, "a: 22\n").unwrap();
        assert_ne!(later, Some(Stamp::of(&std::fs::metadata(&path).unwrap())));
    }
}
