use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::names;
use crate::project::PROJECT_FILE;

/// Creates a new project in `dir`: the project file, `services/` and `marketplace/`.
/// Refuses when a project file is already there. Returns the files and folders created.
pub fn init(dir: &Path, name: Option<&str>) -> Result<Vec<PathBuf>> {
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
