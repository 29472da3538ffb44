use std::path::PathBuf;

use clap::Args;
use sidecarctl::ops;
use sidecarctl::{Result, change};

use crate::changes;
use crate::session::Session;

/// Create a new project (project file, services/, marketplace/)
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  sidecarctl init acme-shop --name acme-shop")]
pub(crate) struct InitArgs {
    /// Folder to create the project in (default: the current folder)
    dir: Option<PathBuf>,
    /// Project name (default: the folder's name)
    #[arg(long)]
    name: Option<String>,
}

pub(crate) fn run(s: &Session, a: InitArgs) -> Result<u8> {
    let dir = a
        .dir
        .or_else(|| s.project_dir())
        .unwrap_or_else(|| PathBuf::from("."));
    let new = ops::init::init(&dir, a.name.as_deref(), s.g.dry_run)?;
    if s.g.dry_run {
        let mut status: Vec<String> = new
            .created
            .iter()
            .map(|p| format!("Would create {}", p.display()))
            .collect();
        status.push("Dry run: nothing was written.".into());
        return changes::dry_run(s, &new.change, &status);
    }
    // No other sidecarctl can be changing a project that is not there yet; a folder that is
    // there is locked all the same, so that the writer may clear its stray temporary files.
    let _lock = if dir.is_dir() {
        Some(change::lock(&dir)?)
    } else {
        None
    };
    changes::write(&new.change, &dir)?;
    for p in &new.created {
        s.status(&format!("Created {}", p.display()));
    }
    Ok(0)
}
