//! Freeing large values off the command's path: the one way sidecarctl drops a tree of millions
//! of nodes, or the rows of a report it has printed, without waiting for it.

/// Drops `value` on a thread of the rayon pool, beside the rest of the command: freeing a large
/// tree takes about as long as reading it. The caller does not wait; a process that ends first
/// never pays for it (the memory goes back with the process).
pub fn beside<T: Send + 'static>(value: T) {
    rayon::spawn(move || drop(value));
}
