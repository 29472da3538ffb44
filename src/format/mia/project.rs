//! A `mia` project (SPEC §1): a folder of service files (`servicesDir`, one service per file),
//! its marketplace and its ConfigMaps' folders, named by the project file.

use std::path::Path;

use super::CONFIG_MAPS_DIR;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::format::{Files, Init, Layout, Loader, Opened, PROJECT_FILE, yaml_files};
use crate::model::ProjectFile;
use crate::yaml::Document;

/// Opens a project whose files are in the folders its project file names: they must stay
/// inside the project, and a folder named by hand must be there.
pub fn open(
    files: &dyn Files,
    config: ProjectFile,
    config_doc: Document,
    errors: &mut Vec<Diagnostic>,
) -> Result<Opened> {
    let root = files.root();
    for dir in [&config.services_dir, &config.marketplace_dir] {
        if !is_relative_inside(dir) {
            errors.push(Diagnostic::error(
                Code::ProjectDirOutside,
                PROJECT_FILE,
                None,
                format!("`{dir}` must be a folder inside the project"),
            ));
        } else if root.join(dir).exists()
            && let Some(m) = files.outside(&root.join(dir))
        {
            errors.push(Diagnostic::error(Code::FileOutsideProject, dir, None, m));
        }
    }
    check_dirs_set(root, &config, errors);
    if !errors.is_empty() {
        return Err(Error::Load(std::mem::take(errors)));
    }
    let marketplace = files.marketplace(&config.marketplace_dir, errors);
    let config_maps = std::fs::read_dir(root.join(CONFIG_MAPS_DIR))
        .map(|read| {
            read.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    Ok(Opened {
        root: root.to_path_buf(),
        format: &super::Mia,
        config,
        config_doc,
        layout: Layout::Files { tolerant: false },
        single_file: None,
        config_maps,
        marketplace,
    })
}

/// A folder named by hand must be there: a typo would otherwise read as an empty project. The
/// default folders may be absent (Git keeps no empty folder), also when the file names them,
/// as `init` writes it.
fn check_dirs_set(root: &Path, config: &ProjectFile, errors: &mut Vec<Diagnostic>) {
    for (key, dir) in &config.dirs_set {
        let path = root.join(&dir.value);
        let v = &dir.value;
        let default = if *key == "servicesDir" {
            "services"
        } else {
            "marketplace"
        };
        let plain = v.trim_start_matches("./").trim_end_matches('/');
        let problem = if !is_relative_inside(v) || (plain == default && !path.exists()) {
            None
        } else if !path.exists() {
            Some(format!("there is no folder {v}/ in the project"))
        } else if !path.is_dir() {
            Some(format!("{v} is a file, not a folder"))
        } else {
            None
        };
        if let Some(problem) = problem {
            errors.push(Diagnostic::error(
                Code::ProjectDirMissing,
                PROJECT_FILE,
                dir.at(),
                format!("`{key}: {v}`: {problem}"),
            ));
        }
    }
}

/// The service files of the project: the named services' (`only`), else every one.
pub fn files(root: &Path, config: &ProjectFile, only: Option<&[String]>) -> Vec<(String, String)> {
    match only {
        None => yaml_files(root, &config.services_dir),
        Some(ids) => named_files(root, &config.services_dir, ids),
    }
}

/// The files of the named services (`<id>.yaml`, else `<id>.yml`); names that are not valid
/// service names, or have no file, are left out (the command then says it does not know them).
fn named_files(root: &Path, dir: &str, ids: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = ids
        .iter()
        .filter(|id| crate::names::is_valid_service_name(id))
        .flat_map(|id| {
            ["yaml", "yml"]
                .into_iter()
                .map(move |ext| (format!("{dir}/{id}.{ext}"), id.clone()))
                .filter(|(rel, _)| root.join(rel).is_file())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A relative path that stays inside the project (`a/b`, not `/a` or `../a`).
pub(crate) fn is_relative_inside(dir: &str) -> bool {
    let p = Path::new(dir);
    !dir.is_empty()
        && p.is_relative()
        && p.components().all(|c| {
            matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
}

impl Loader for super::Mia {
    fn init(&self, _dir: &Path, name: &str, _file: Option<&str>) -> Result<Init> {
        Ok(Init {
            project_file: format!(
                "# sidecarctl project file: see `sidecarctl --help`\nname: {name}\nservicesDir: services\nmarketplaceDir: marketplace\nserviceSecrets: []\nspecialSidecars: []\n"
            ),
            folders: &["services", "marketplace"],
        })
    }

    fn open(
        &self,
        files: &dyn Files,
        config: ProjectFile,
        config_doc: Document,
        errors: &mut Vec<Diagnostic>,
    ) -> Result<Opened> {
        open(files, config, config_doc, errors)
    }

    fn files(
        &self,
        root: &Path,
        config: &ProjectFile,
        only: Option<&[String]>,
        _notes: &mut Vec<Diagnostic>,
    ) -> Vec<(String, String)> {
        files(root, config, only)
    }
}
