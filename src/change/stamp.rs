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

/// File times are kept at a granularity of up to 2 s (FAT), and the clock that sets them can
/// lag the system's by a tick: a file written within this margin of being checked could be
/// written again without its times changing, so its bytes are compared instead.
const RACY_NS: i128 = 2_000_000_000;

/// The margin for a file whose change time has a fraction of a millisecond: its file system
/// keeps fine times (ext4, XFS, Btrfs, tmpfs...), set from a clock that lags the system's by at
/// most a scheduler tick (a few milliseconds), so a later write gets another time. A
/// repository checked out a moment ago is then trusted a tenth of a second later.
const FINE_RACY_NS: i128 = 100_000_000;

/// Whether the times of `stamp` cannot tell a later write from this one: see [`RACY_NS`] and
/// [`FINE_RACY_NS`]. The change time tells how fine the file system's times are: no program
/// sets it.
fn racy(stamp: &Stamp, checked_ns: i128) -> bool {
    #[cfg(debug_assertions)]
    match std::env::var(super::hooks::TIMES).as_deref() {
        Ok("settled") => return false,
        Ok("recent") => return true,
        _ => {}
    }
    let margin = if stamp.ctime_ns % 1_000_000 != 0 {
        FINE_RACY_NS
    } else {
        RACY_NS
    };
    i128::from(stamp.mtime_ns.max(stamp.ctime_ns)) > checked_ns - margin
}

/// The stamp of a file whose text is read after `meta` was taken (at `checked_ns` or later), if
/// its times can tell any later write: the text is then the file's as long as the stamp holds,
/// and a change written from it needs no second read. A write between `meta` and the read
/// changes the times too, so the stamp then never holds.
pub(crate) fn when_read(meta: &std::fs::Metadata, checked_ns: i128) -> Option<Stamp> {
    let stamp = Stamp::of(meta);
    (!racy(&stamp, checked_ns)).then_some(stamp)
}

pub(crate) fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}

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
            None => found(&root.join(&f.file), f.before.as_deref(), checked_ns),
        })
        .collect();
    match found.iter().position(Option::is_none) {
        Some(i) => Err(&files[i]),
        None => Ok(found.into_iter().flatten().collect()),
    }
}

/// `path` as found now, if it holds `before` (is absent for a new file).
fn found(path: &Path, before: Option<&str>, checked_ns: i128) -> Option<Found> {
    let Some(before) = before else {
        let absent = std::fs::symlink_metadata(path)
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound);
        return absent.then_some(Found::Absent);
    };
    let mut file = File::open(path).ok()?;
    let first = Stamp::of(&file.metadata().ok()?);
    let mut bytes = Vec::with_capacity(first.size as usize + 1);
    file.read_to_end(&mut bytes).ok()?;
    let stamp = Stamp::of(&file.metadata().ok()?);
    (stamp == first && bytes == before.as_bytes()).then_some(Found::Same {
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
