//! Fault injection for the tests, which run a debug build. A release build has none of it:
//! not the code, not the variables' names (`.ci/run` checks the release binary for them).

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
/// `MOMENT@FILE,…`: at each MOMENT the write creates FILE and waits (20 s at most) for a
/// signal, so that a test can send one at that very moment. The moments: `planned` (the
/// change is planned, nothing is written yet), `staged:K` (the temporary files of round K
/// are written), `renamed:N` (N files are replaced), `restoring` (the first file replaced
/// is put back).
const PAUSE: &str = "SIDECARCTL_TEST_PAUSE";

/// Files replaced so far, for `renamed:N`.
pub(super) static RENAMED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

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
