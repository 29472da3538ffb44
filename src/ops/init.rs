use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::names;
use crate::project::PROJECT_FILE;

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

/// Creates a new project in `dir`: the project file, `services/` and `marketplace/` (for
/// Kubernetes manifests, the project file only). Refuses when a project file is already there.
/// Returns the files and folders created.
pub fn init(dir: &Path, name: Option<&str>) -> Result<Vec<PathBuf>> {
    init_as(dir, name, false)
}

/// [`init`], for a project of Kubernetes manifests when `kubernetes`.
pub fn init_as(dir: &Path, name: Option<&str>, kubernetes: bool) -> Result<Vec<PathBuf>> {
    let file = dir.join(PROJECT_FILE);
    if file.exists() {
        return Err(Error::failed(format!("{} already exists", file.display())));
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
                .with_hint("use lowercase letters, digits and `-`, e.g. `--name acme-shop`"),
        );
    }
    if kubernetes {
        std::fs::write(&file, kubernetes_project_file(&name))
            .map_err(|e| Error::failed(format!("cannot write {}: {e}", file.display())))?;
        return Ok(vec![file]);
    }
    let mut created = Vec::new();
    for sub in ["services", "marketplace"] {
        let path = dir.join(sub);
        if !path.exists() {
            std::fs::create_dir_all(&path)
                .map_err(|e| Error::failed(format!("cannot create {}: {e}", path.display())))?;
            created.push(path);
        }
    }
    let text = format!(
        "# sidecarctl project file: see `sidecarctl --help`\nname: {name}\nservicesDir: services\nmarketplaceDir: marketplace\nserviceSecrets: []\nspecialSidecars: []\n"
    );
    std::fs::write(&file, text)
        .map_err(|e| Error::failed(format!("cannot write {}: {e}", file.display())))?;
    created.insert(0, file);
    Ok(created)
}
