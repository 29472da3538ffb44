//! The one list of formats. Adding a format is its folder under `src/format/` and one line
//! here: the project file's `format:` names it, and `-C FILE` (or a folder without a project
//! file) is opened by the format that detects it best.

use std::io::Read;
use std::path::Path;

use super::{Fit, Format, HEAD_BYTES, Head, console, kubernetes, mia};

/// Every format, the default (a project file naming none) first. Detection ties go to the
/// format listed first.
pub static FORMATS: &[&dyn Format] = &[&mia::Mia, &kubernetes::DETECT, &console::DETECT];

/// The format of a project file that names none.
pub fn default() -> &'static dyn Format {
    FORMATS[0]
}

/// The format a project file's `format:` names.
pub fn by_name(name: &str) -> Option<&'static dyn Format> {
    FORMATS.iter().copied().find(|f| f.name() == name)
}

/// The names `format:` takes, as a message lists them.
pub fn names() -> String {
    let names: Vec<&str> = FORMATS.iter().map(|f| f.name()).collect();
    names.join(", ")
}

/// The format that opens `path` (a file, or a folder without a project file), and how well it
/// fits: read from the first [`HEAD_BYTES`] of a file, not the whole of it.
pub fn detect(path: &Path) -> Option<(&'static dyn Format, Fit)> {
    // What is no file is opened as a folder (one that does not exist says so as it is read).
    let folder = !path.is_file();
    let mut bytes = Vec::new();
    let mut whole = true;
    if !folder && let Ok(file) = std::fs::File::open(path) {
        let mut take = file.take(HEAD_BYTES as u64 + 1);
        let _ = take.read_to_end(&mut bytes);
        whole = bytes.len() <= HEAD_BYTES;
        bytes.truncate(HEAD_BYTES);
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t,
        // Cut inside a character: the characters before the cut.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&bytes[..e.valid_up_to()]).expect("valid up to there")
        }
        // Not text: no format's content, read only to say why.
        Err(_) => {
            whole = true;
            ""
        }
    };
    let head = Head {
        path,
        text,
        whole,
        folder,
    };
    let mut best: Option<(&'static dyn Format, Fit)> = None;
    for f in FORMATS {
        if let Some(fit) = f.detect(&head)
            && best.is_none_or(|(_, b)| fit > b)
        {
            best = Some((*f, fit));
        }
    }
    best
}

/// Whether the file at `path` is a whole project by itself (a Console project configuration).
pub fn is_project_file(path: &Path) -> bool {
    path.is_file() && detect(path).is_some_and(|(_, fit)| fit == Fit::Project)
}

#[cfg(test)]
mod tests;
