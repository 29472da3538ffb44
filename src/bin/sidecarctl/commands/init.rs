use std::path::PathBuf;

use clap::{Args, ValueEnum};
use sidecarctl::ops;
use sidecarctl::ops::init::InitOptions;
use sidecarctl::{Result, change};

use crate::changes;
use crate::session::Session;

/// Create a new project (project file, services/, marketplace/)
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl init acme-shop --name acme-shop\n  sidecarctl init --format kubernetes\n  sidecarctl init --format console --file project.json"
)]
pub(crate) struct InitArgs {
    /// Folder to create the project in (default: the current folder)
    dir: Option<PathBuf>,
    /// Project name (default: the folder's name)
    #[arg(long)]
    name: Option<String>,
    /// What the project holds: Mia service files, Kubernetes manifests or a Console project
    /// configuration (for the last two, only the project file is written)
    #[arg(long, value_enum, default_value_t = ProjectFormat::Mia)]
    format: ProjectFormat,
    /// With --format console: the Console configuration, inside the folder (default:
    /// api-console-config.json, else the one JSON file there that is one)
    #[arg(long, value_name = "FILE")]
    file: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ProjectFormat {
    /// Service files under services/ (SPEC §1)
    Mia,
    /// Plain Kubernetes workload manifests (SPEC §6.2)
    Kubernetes,
    /// A Console project configuration: `miactl project describe … -o json` output or
    /// api-console-config.json (SPEC §6.3)
    Console,
}

pub(crate) fn run(s: &Session, a: InitArgs) -> Result<u8> {
    let dir = a
        .dir
        .or_else(|| s.project_dir())
        .unwrap_or_else(|| PathBuf::from("."));
    // The value names the format as a project file's `format:` does.
    let format = InitOptions {
        format: a
            .format
            .to_possible_value()
            .expect("no value is skipped")
            .get_name()
            .to_string(),
        file: a.file.clone(),
    };
    if a.file.is_some() && a.format != ProjectFormat::Console {
        return Err(sidecarctl::Error::usage("--file is for --format console"));
    }
    let new = ops::init::init(&dir, a.name.as_deref(), s.g.dry_run, &format)?;
    if s.g.dry_run {
        let mut status: Vec<String> = new
            .created
            .iter()
            .map(|p| format!("Would create {}", p.display()))
            .collect();
        status.push("Dry run: nothing was written.".into());
        return changes::dry_run(s, &dir, &new.change, &status);
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
