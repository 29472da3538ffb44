//! Being asked to stop (SIGINT, SIGTERM, SIGHUP) ends a change like any other failure.
//!
//! The binary receives the signals on a thread of its own and calls [`stop`]. While a change is
//! being written, the writer is told: it stops at its next step (before writing or renaming
//! another file), puts back what it already replaced, removes its temporary files and fails
//! with [`crate::Error::Interrupted`]. A signal during the put-back is only counted: the
//! put-back goes on. At any other moment nothing of ours is half done, and the binary ends the
//! process at once; no write can begin meanwhile ([`stop`] holds the phase while it does).

use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Where the process stands, as a signal finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Nothing is being written: reading, planning, asking, or after a write that failed (and
    /// was put back).
    Idle,
    /// A change is being written, or put back.
    Writing,
    /// A change was written whole: only its report is left to print.
    Written,
}

static PHASE: Mutex<Phase> = Mutex::new(Phase::Idle);
/// The first signal received while writing (0: none).
static SIGNAL: AtomicI32 = AtomicI32::new(0);
/// Every signal received, for the test hooks that wait for one.
static RECEIVED: AtomicUsize = AtomicUsize::new(0);

fn phase() -> MutexGuard<'static, Phase> {
    PHASE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A signal was received. While a change is written, the writer will stop and report it;
/// otherwise `outside_a_write` is called with the phase, and no write can begin until it
/// returns (it is expected to end the process).
pub fn stop(signal: i32, outside_a_write: impl FnOnce(Phase)) {
    RECEIVED.fetch_add(1, Ordering::SeqCst);
    let phase = phase();
    match *phase {
        Phase::Writing => {
            let _ = SIGNAL.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
        }
        other => outside_a_write(other),
    }
}

/// The signal that stops the write under way, if one came.
pub(super) fn stopped() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s),
    }
}

/// A write begins (waits while a signal is ending the process).
pub(super) fn begin() {
    *phase() = Phase::Writing;
}

/// Every file is in place. The signal that came meanwhile, if any: then the write stays under
/// way, to be put back. Otherwise the change counts as written from here on.
pub(super) fn finish() -> Option<i32> {
    let mut phase = phase();
    let signal = stopped();
    if signal.is_none() {
        *phase = Phase::Written;
    }
    signal
}

/// The write failed and what it replaced was put back.
pub(super) fn failed() {
    *phase() = Phase::Idle;
}

/// How many signals were received so far.
#[cfg(debug_assertions)]
pub(super) fn received() -> usize {
    RECEIVED.load(Ordering::SeqCst)
}

/// The conventional name of the signals sidecarctl stops on (kept with the error that names
/// it, which is below the writer).
pub use crate::error::signal_name as name;
