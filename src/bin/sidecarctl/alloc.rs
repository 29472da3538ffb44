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

/// Gives freed pages back to the system at once. A change planned in batches (`create`,
/// `clone`, `delete`: `plan::in_batches`) frees each batch's parsed files on one thread while
/// the next batch parses on another; with the delay, those pages stay resident and the peak
/// grows with the number of batches in flight rather than with one batch. Not for the reads:
/// `list` frees and allocates at a rate where purging at once costs 60-80% more time.
pub(crate) fn purge_at_once() {
    // SAFETY: setting an option is thread-safe in mimalloc and takes no pointer.
    unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
}
