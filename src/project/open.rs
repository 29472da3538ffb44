//! Opening a project: its project file, layout and format, before any workload is read.

use std::collections::BTreeSet;
use std::path::Path;

use super::*;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::format;
use crate::model::{self, ProjectFile};
use crate::yaml;

impl Project {
    pub(super) fn shell(root: &Path) -> Result<(Self, Vec<Diagnostic>)> {
        // `-C FILE` (SPEC §6.1): a Console configuration is a `console` project, workload
        // manifests a `kubernetes` one (`implicit` refuses anything else). A JSON file that is
        // no manifest is read as a Console configuration, so that its errors say where.
        let json = root
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if root.is_file()
            && (format::console::is_configuration(root)
                || (json && !format::kubernetes::project::is_manifest(root)))
        {
            return Self::file_shell(root);
        }
        if let Some(shell) = format::kubernetes::project::implicit(root)? {
            return Ok((shell, Vec::new()));
        }
        let mut errors = Vec::new();
        let config_doc = read_document(root, PROJECT_FILE).map_err(|d| Error::Load(vec![d]))?;
        let (config, errs) = model::read_project_file(&config_doc, PROJECT_FILE);
        errors.extend(errs);
        let config = config.ok_or_else(|| Error::Load(errors.clone()))?;
        if let Some(f) = &config.format
            && f.value == "kubernetes"
        {
            return format::kubernetes::project::with_file(root, config, config_doc, errors);
        }
        let guard = Guard::new(root);
        for dir in [&config.services_dir, &config.marketplace_dir] {
            if !is_relative_inside(dir) {
                errors.push(Diagnostic::error(
                    "project.dir-outside",
                    PROJECT_FILE,
                    None,
                    format!("`{dir}` must be a folder inside the project"),
                ));
            } else if root.join(dir).exists()
                && let Err(m) = guard.resolve(&root.join(dir))
            {
                errors.push(Diagnostic::error(
                    "file.outside-project",
                    dir,
                    None,
                    m.to_string(),
                ));
            }
        }
        // A folder named by hand must be there: a typo would otherwise read as an empty project.
        // The default folders may be absent (Git keeps no empty folder), also when the file
        // names them, as `init` writes it.
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
                    "project.dir-missing",
                    PROJECT_FILE,
                    dir.at(),
                    format!("`{key}: {v}`: {problem}"),
                ));
            }
        }
        if !errors.is_empty() {
            return Err(Error::Load(errors));
        }

        let marketplace = read_marketplace(root, &config.marketplace_dir, &mut errors);

        let config_maps = std::fs::read_dir(root.join(CONFIG_MAPS_DIR))
            .map(|read| {
                read.filter_map(|e| e.ok())
                    .filter(|e| e.path().is_dir())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        let single_file = console_file(root, &config, &mut errors);
        let mut config = config;
        if single_file.is_some() {
            format::console::default_special(&mut config);
        }
        let project = Self {
            root: root.to_path_buf(),
            format: single_file
                .as_deref()
                .map_or_else(format::mia, format::console::for_file),
            config,
            config_doc,
            single_file,
            service_ids: Vec::new(),
            services: Vec::new(),
            config_maps,
            marketplace,
            notes: Vec::new(),
            shared_ids: Default::default(),
        };
        Ok((project, errors))
    }

    /// A project that is one file named by `-C FILE` (or `$SIDECARCTL_PROJECT`), without a
    /// project file: its name is the file's stem, its Marketplace items those in `marketplace/`
    /// beside it, and its special sidecars the Console's own (`rbac-service`).
    fn file_shell(path: &Path) -> Result<(Self, Vec<Diagnostic>)> {
        let root = dir_of(path);
        let rel = path
            .file_name()
            .and_then(|n| n.to_str())
            .ok_or_else(|| Error::failed(format!("{} is not a file name", path.display())))?
            .to_string();
        let stem = rel.rsplit_once('.').map_or(rel.as_str(), |(s, _)| s);
        let config_doc = yaml::parse("{}".into()).expect("an empty mapping parses");
        let (config, _) = model::read_project_file(&config_doc, PROJECT_FILE);
        let mut config = config.expect("an empty mapping is a project file");
        config.name = Some(model::Located::new(stem.to_string(), 1, 1));
        format::console::default_special(&mut config);
        let mut errors = Vec::new();
        let marketplace = read_marketplace(&root, &config.marketplace_dir, &mut errors);
        let project = Self {
            root,
            format: format::console::for_file(&rel),
            config,
            config_doc,
            single_file: Some(rel),
            service_ids: Vec::new(),
            services: Vec::new(),
            config_maps: BTreeSet::new(),
            marketplace,
            notes: Vec::new(),
            shared_ids: Default::default(),
        };
        Ok((project, errors))
    }
}

/// A relative path that stays inside the project (`a/b`, not `/a` or `../a`).
fn is_relative_inside(dir: &str) -> bool {
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

/// The file a `format: console` project file names (`file:`), checked; `None` for other formats.
fn console_file(root: &Path, config: &ProjectFile, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let format = config.format.as_ref()?;
    match format.value.as_str() {
        "console" => {}
        "mia" | "kubernetes" => return None,
        other => {
            errors.push(Diagnostic::error(
                "project.format-unknown",
                PROJECT_FILE,
                format.at(),
                format!("`format: {other}` is not one of mia, kubernetes, console"),
            ));
            return None;
        }
    }
    let Some(file) = &config.file else {
        errors.push(Diagnostic::error(
            "project.file-missing",
            PROJECT_FILE,
            format.at(),
            "`format: console` needs `file:`, the project configuration file (describe output or api-console-config.json)",
        ));
        return None;
    };
    let v = file.value.trim_start_matches("./");
    let problem = if !is_relative_inside(v) {
        Some("must be a file inside the project".to_string())
    } else if !root.join(v).is_file() {
        Some(format!("there is no file {v} in the project"))
    } else {
        None
    };
    match problem {
        Some(p) => {
            errors.push(Diagnostic::error(
                "project.file-missing",
                PROJECT_FILE,
                file.at(),
                format!("`file: {}`: {p}", file.value),
            ));
            None
        }
        None => Some(v.to_string()),
    }
}
