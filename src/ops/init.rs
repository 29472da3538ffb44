//! `init`: a new project, planned as a change like every other command's.

use std::path::{Path, PathBuf};

use crate::change::{ChangeSet, FileChange, refuse_read_only_folder};
use crate::error::{Error, Hint, Input, Result};
use crate::names;
use crate::project::{CONSOLE_CONFIG_FILE, PROJECT_FILE};
use crate::view::ChangeReport;

/// The project file of a `kubernetes` project (SPEC §6.2), with the defaults spelled out.
fn kubernetes_project_file(name: &str) -> String {
    format!(
        "# sidecarctl project file: see `sidecarctl --help`\n\
         name: {name}\n\
         format: kubernetes\n\
         # Where the manifests are (default: this whole folder), and what to skip (gitignore globs).\n\
         # paths: [apps, platform]\n\
         # exclude: [\"**/charts/**\"]\n\
         # Sidecars a service mesh injects: shown, never changed.\n\
         specialSidecars:\n  \
         - {{name: istio-proxy, managedBy: istio}}\n  \
         - {{name: linkerd-proxy, managedBy: linkerd}}\n\
         # What `create` uses when it is given no --native, --cpu or --memory.\n\
         defaults:\n  \
         placement: classic\n  \
         resources: {{requests: {{cpu: 100m, memory: 150Mi}}, limits: {{cpu: 100m, memory: 150Mi}}}}\n"
    )
}

/// The project file of a `console` project (SPEC §6.3): `file` is the Console configuration.
fn console_project_file(name: &str, file: &str) -> String {
    format!(
        "# sidecarctl project file: see `sidecarctl --help`\n\
         name: {name}\n\
         format: console\n\
         # The Console project configuration: the output of\n\
         #   miactl project describe --project-id P --revision R -o json > project.json\n\
         # (taken back by `miactl project apply --project-id P --revision R -f project.json`),\n\
         # or the api-console-config.json of a configuration repository.\n\
         file: {file}\n\
         marketplaceDir: marketplace\n"
    )
}

/// The kind of project `init` creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InitFormat {
    /// Service files under `services/` (SPEC §1).
    Mia,
    /// Plain Kubernetes manifests (SPEC §6.2): only the project file.
    Kubernetes,
    /// A Console configuration (SPEC §6.3): the file, relative to the project folder, or the
    /// one found there when `None`.
    Console(Option<String>),
}

/// The Console configuration a `console` project names: `given`, which must be there, else
/// `api-console-config.json`, else the one JSON file of the folder that is a Console project
/// configuration.
fn console_file(dir: &Path, given: Option<&str>) -> Result<String> {
    let export = "export one with `miactl project describe --project-id P --revision R -o json > project.json`";
    if let Some(f) = given {
        let inside = Path::new(f).is_relative()
            && Path::new(f).components().all(|c| {
                matches!(
                    c,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )
            });
        if !inside {
            return Err(Error::Outside {
                input: Input::File,
                path: f.to_string(),
            });
        }
        if !dir.join(f).is_file() {
            return Err(
                Error::failed(format!("there is no file {}", dir.join(f).display()))
                    .with_hint(export),
            );
        }
        return Ok(f.to_string());
    }
    if dir.join(CONSOLE_CONFIG_FILE).is_file() {
        return Ok(CONSOLE_CONFIG_FILE.to_string());
    }
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .filter(|n| crate::project::is_project_file(&dir.join(n)))
        .collect();
    found.sort();
    let hint = found.is_empty().then(|| Box::new(export.into()));
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(Error::Unchosen {
            input: Input::File,
            place: dir.display().to_string().into(),
            found: found.into(),
            hint,
        }),
    }
}

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

/// Plans a new project in `dir`: the project file, `services/` and `marketplace/`. Refuses when
/// a project file is already there, and (unless `dry_run`) a folder it cannot write in.
/// A `kubernetes` or `console` project gets only its project file (SPEC §6.2, §6.3).
pub fn init(
    dir: &Path,
    name: Option<&str>,
    dry_run: bool,
    format: &InitFormat,
) -> Result<NewProject> {
    let kubernetes = *format == InitFormat::Kubernetes;
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
    let text = if let InitFormat::Console(given) = format {
        console_project_file(&name, &console_file(dir, given.as_deref())?)
    } else if kubernetes {
        kubernetes_project_file(&name)
    } else {
        format!(
            "# sidecarctl project file: see `sidecarctl --help`\nname: {name}\nservicesDir: services\nmarketplaceDir: marketplace\nserviceSecrets: []\nspecialSidecars: []\n"
        )
    };
    let mut files = vec![FileChange::new_file(PROJECT_FILE.to_string(), text)];
    let mut created = vec![file];
    let mut written = vec![PROJECT_FILE.to_string()];
    let folders: &[&str] = match format {
        InitFormat::Mia => &["services", "marketplace"],
        _ => &[],
    };
    for sub in folders {
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
