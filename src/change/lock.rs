//! The project lock.

use std::fs::File;
use std::path::Path;

use crate::error::{Error, Result};

/// Holds the project lock: one sidecarctl process changes a project at a time. The lock is an
/// advisory lock on the project folder itself, so no lock file is left in the repository and a
/// killed process releases it.
pub struct ProjectLock {
    _file: File,
}

pub fn lock(root: &Path) -> Result<ProjectLock> {
    let io = |what: &'static str| {
        move |source| Error::Io {
            context: format!("cannot {what} {}", root.display()),
            source,
        }
    };
    let file = File::open(root).map_err(io("open"))?;
    file.lock().map_err(io("lock"))?;
    Ok(ProjectLock { _file: file })
}
