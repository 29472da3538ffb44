//! The allocator: mimalloc, and when it gives freed memory back to the system.

/// Reading a large repository allocates millions of small nodes from several threads at once,
/// where the system allocator spends a third of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// mimalloc's public C API, linked in by `libmimalloc-sys` (its Rust bindings of the options
// need the `extended` feature and one more crate, for two declarations).
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc 3's `mi_option_t` (`include/mimalloc.h`): how many
/// milliseconds freed pages stay resident before they are given back (10 by default).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

/// How long freed pages stay resident before they are given back: 2 ms, set before anything
/// is allocated (set later, the threads' heaps already made keep the default's pages longer).
/// A change planned in batches (`create`, `clone`, `delete`: `plan::in_batches`) frees each
/// batch's parsed files on one thread while the next batch parses on another: with the default
/// delay (10 ms) those pages pile up and the peak grows with the batches in flight. At 0, each
/// free is a `madvise` that interrupts the other core to flush its TLB: a `create` into a tenth
/// of 10,000 workloads spent 40% of its time there. 2 ms keeps the peaks of 0 (within 1 MiB;
/// `list` and `edit --all` lower than the default's) at the default's speed (`bench/fleet.py`).
const PURGE_DELAY_MS: std::ffi::c_long = 2;

/// Sets how soon freed pages go back to the system: the first thing `main` does.
pub(crate) fn purge_soon() {
    // SAFETY: setting an option is thread-safe in mimalloc and takes no pointer.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) }
}
