//! `init`: a new project, planned as a change like every other command's.

use std::path::{Path, PathBuf};

use crate::change::{ChangeSet, FileChange, refuse_read_only_folder};
use crate::error::{Error, Hint, Result};
use crate::format::registry;
use crate::names;
use crate::project::PROJECT_FILE;
use crate::view::ChangeReport;

/// The policy a new project file shows, commented out (SPEC §9): every rule, as it reads in
/// every format (`where` by label selector; namespaces and kinds are for Kubernetes projects).
pub const EXAMPLE_POLICY: &str = "\
# The sidecar policy `sidecarctl validate` checks, in CI too (uncomment what you want):
# policy:
#   required:                        # these services must run this sidecar
#     - sidecar: fluent-bit
#       where: {selector: \"tier!=batch\"}   # Kubernetes: also namespace: [team-*], kind: [Deployment]
#   registries: [ghcr.io/acme/, docker.io/envoyproxy/]   # sidecar images come only from these
#   pinning: tag                     # tag: no :latest or untagged image; digest: @sha256 required
#   resources: [requests, limits]    # every sidecar sets these, native sidecars included
#   nativeStartupProbe: true         # a native sidecar needs a startupProbe (Kubernetes)
#   jobSidecars: native              # a Job's classic sidecar keeps it from completing
#   singleVersion: true              # one image per sidecar name across the project
#   exempt:                          # by image and the rules it skips, never by name alone
#     - {image: \"docker.io/istio/proxyv2:*\", rules: [resources]}
#   severity: {pinning: warning}     # error unless said otherwise
";

/// What `init` creates.
#[derive(Debug)]
pub struct NewProject {
    /// The project file and the folders not there yet, written by [`ChangeSet::apply`] into
    /// the project's folder; the report's `files` names a folder with a trailing `/`.
    pub change: ChangeSet,
    /// The same, as paths below the folder given, in the order to tell a person: the project
    /// file first.
    pub created: Vec<PathBuf>,
}

/// What kind of project `init` creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitOptions {
    /// The format's name, as a project file's `format:` names it.
    pub format: String,
    /// The file holding the workloads, relative to the project folder, for a format whose
    /// project is one file (a Console configuration): the one found there when `None`.
    pub file: Option<String>,
}

/// Plans a new project of the format `format` in `dir`: the project file, and the folders the
/// format gives its projects (a Mia project's `services/` and `marketplace/`). Refuses when a
/// project file is already there, and (unless `dry_run`) a folder it cannot write in.
pub fn init(
    dir: &Path,
    name: Option<&str>,
    dry_run: bool,
    format: &InitOptions,
) -> Result<NewProject> {
    let of = registry::by_name(&format.format).ok_or_else(|| {
        Error::usage(format!(
            "`{}` is not one of {}",
            format.format,
            registry::names()
        ))
    })?;
    let file = dir.join(PROJECT_FILE);
    if file.exists() {
        return Err(Error::failed(format!("{} already exists", file.display())));
    }
    if !dry_run {
        refuse_read_only_folder(dir)?;
    }
    let name = match name {
        Some(n) => n.to_string(),
        None => std::path::absolute(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "my-project".into()),
    };
    if !names::is_valid_service_name(&name) {
        return Err(
            Error::usage(format!("`{name}` is not a valid project name"))
                .with_hint(Hint::ProjectName),
        );
    }
    let new = of.init(dir, &name, format.file.as_deref())?;
    let mut files = vec![FileChange::new_file(
        PROJECT_FILE.to_string(),
        format!("{}{EXAMPLE_POLICY}", new.project_file),
    )];
    let mut created = vec![file];
    let mut written = vec![PROJECT_FILE.to_string()];
    for sub in new.folders {
        let path = dir.join(sub);
        if !path.exists() {
            files.push(FileChange::new_folder(sub.to_string()));
            created.push(path);
            written.push(format!("{sub}/"));
        }
    }
    written.sort();
    let report = ChangeReport {
        dry_run,
        changes: Vec::new(),
        removed_from_project: Vec::new(),
        files: written,
        removed_files: Vec::new(),
    };
    Ok(NewProject {
        change: ChangeSet {
            files,
            report,
            notes: Vec::new(),
        },
        created,
    })
}
