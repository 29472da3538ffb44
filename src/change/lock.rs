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
    let file = File::open(root)
        .map_err(|e| Error::failed(format!("cannot open {}: {e}", root.display())))?;
    file.lock()
        .map_err(|e| Error::failed(format!("cannot lock {}: {e}", root.display())))?;
    Ok(ProjectLock { _file: file })
}
