//! A progress bar on stderr for work over many files, only when a person watches it.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Work over fewer files than this ends before a bar would help.
const MIN_FILES: u64 = 200;

/// A bar of `len` steps, hidden unless stderr is a terminal and the work is large.
pub(crate) fn bar(len: u64, what: &str) -> ProgressBar {
    if len < MIN_FILES || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_string());
    bar
}
