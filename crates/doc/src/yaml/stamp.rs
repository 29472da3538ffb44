//! What a file was on disk when its text was read. The document only carries it with the text
//! it describes; the writer judges it (whether its times can tell a later write, whether the
//! file still matches it).

/// A file's identity, size and times, as one `stat` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub dev: u64,
    pub ino: u64,
    pub size: u64,
    pub mtime_ns: i64,
    pub ctime_ns: i64,
}

impl Stamp {
    pub fn of(m: &std::fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        // Nanoseconds fit until 2262; a later modification time saturates, and the change
        // time, which no program can set, still tells.
        let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
        Self {
            dev: m.dev(),
            ino: m.ino(),
            size: m.size(),
            mtime_ns: ns(m.mtime(), m.mtime_nsec()),
            ctime_ns: ns(m.ctime(), m.ctime_nsec()),
        }
    }
}

/// File times are kept at a granularity of up to 2 s (FAT), and the clock that sets them can
/// lag the system's by a tick: a file written within this margin of being checked could be
/// written again without its times changing, so its bytes are compared instead.
pub const RACY_NS: i128 = 2_000_000_000;

/// The margin for a file whose change time has a fraction of a millisecond: its file system
/// keeps fine times (ext4, XFS, Btrfs, tmpfs...), set from a clock that lags the system's by at
/// most a scheduler tick (a few milliseconds), so a later write gets another time. A
/// repository checked out a moment ago is then trusted a tenth of a second later.
pub const FINE_RACY_NS: i128 = 100_000_000;

/// Whether the times of `stamp` cannot tell a later write from this one: see [`RACY_NS`] and
/// [`FINE_RACY_NS`]. The change time tells how fine the file system's times are: no program
/// sets it.
pub fn racy(stamp: &Stamp, checked_ns: i128) -> bool {
    // A debug build's test hook, SIDECARCTL_TEST_TIMES:
    // `settled`: every file counts as written long before it was read, so that its stamp
    // alone tells another program's change, as most files' do; `recent`: every file counts as
    // written just before, so that its bytes are compared (a test's files are one or the
    // other by chance).
    #[cfg(debug_assertions)]
    match std::env::var("SIDECARCTL_TEST_TIMES").as_deref() {
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
pub fn when_read(meta: &std::fs::Metadata, checked_ns: i128) -> Option<Stamp> {
    let stamp = Stamp::of(meta);
    (!racy(&stamp, checked_ns)).then_some(stamp)
}

pub fn now_ns() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as i128)
}
