//! A `console` project (SPEC §6.1, §6.3): one Console project configuration, named by a
//! project file's `file:`, given with `-C FILE`, or found as `api-console-config.json` in a
//! folder without a project file.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::error::Result;
use crate::format::mia::project::is_relative_inside;
use crate::format::{Files, Fit, Head, Layout, Loader, Opened, PROJECT_FILE};
use crate::model::{Located, ProjectFile};
use crate::yaml::{self, Document};

/// The file the Console's standard workflow keeps at the root of a configuration repository.
pub const CONFIG_FILE: &str = "api-console-config.json";

/// How well a file fits: a Console project configuration is a whole project; any other JSON
/// file is read as one, so that its errors say where. A file larger than the head is one when
/// the head has a `services` or `config` member and is no Kubernetes object.
pub fn detect(head: &Head<'_>) -> Option<Fit> {
    if head.folder {
        return None;
    }
    let configuration = match head.whole {
        true => super::is_configuration(head.text),
        false => {
            let text = head.text.trim_start_matches('\u{feff}').trim_start();
            match text.starts_with('{') {
                true => {
                    (text.contains("\"services\"") || text.contains("\"config\""))
                        && !(text.contains("\"apiVersion\"") && text.contains("\"kind\""))
                }
                false => text
                    .lines()
                    .any(|l| l.starts_with("services:") || l.starts_with("config:")),
            }
        }
    };
    match (configuration, head.json_name()) {
        (true, _) => Some(Fit::Project),
        (false, true) => Some(Fit::Name),
        (false, false) => None,
    }
}

/// A folder without a project file whose `api-console-config.json` is the project (one that
/// does not parse is reported as such, with its place).
pub fn implicit_root(dir: &Path) -> Option<PathBuf> {
    let file = dir.join(CONFIG_FILE);
    file.is_file().then_some(file)
}

/// The project of a project file with `format: console`: its folders as a Mia project's, and
/// the one file `file:` names.
pub fn open(
    files: &dyn Files,
    config: ProjectFile,
    config_doc: Document,
    errors: &mut Vec<Diagnostic>,
) -> Result<Opened> {
    let mut opened = crate::format::mia::project::open(files, config, config_doc, errors)?;
    // Without its file the load fails: the error says why.
    if let Some(file) = console_file(files.root(), &opened.config, errors) {
        super::default_special(&mut opened.config);
        opened.format = super::for_file(&file);
        opened.layout = Layout::OneFile;
        opened.single_file = Some(file);
    }
    Ok(opened)
}

/// A project that is one file named by `-C FILE` (or `$SIDECARCTL_PROJECT`), without a
/// project file: its name is the file's stem, its Marketplace items those in `marketplace/`
/// beside it, and its special sidecars the Console's own (`rbac-service`).
pub fn open_file(
    files: &dyn Files,
    path: &Path,
    mut config: ProjectFile,
    errors: &mut Vec<Diagnostic>,
) -> Result<Opened> {
    let rel = crate::format::file_name(path)?;
    let stem = rel.rsplit_once('.').map_or(rel.as_str(), |(s, _)| s);
    config.name = Some(Located::new(stem.to_string(), 1, 1));
    super::default_special(&mut config);
    let marketplace = files.marketplace(&config.marketplace_dir, errors);
    Ok(Opened {
        root: files.root().to_path_buf(),
        format: super::for_file(&rel),
        config,
        config_doc: yaml::parse("{}".into()).expect("an empty mapping parses"),
        layout: Layout::OneFile,
        single_file: Some(rel),
        config_maps: Default::default(),
        marketplace,
    })
}

/// The file a `format: console` project file names (`file:`), checked.
fn console_file(root: &Path, config: &ProjectFile, errors: &mut Vec<Diagnostic>) -> Option<String> {
    let format = config.format.as_ref()?;
    let Some(file) = &config.file else {
        errors.push(Diagnostic::error(
            Code::ProjectFileMissing,
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
                Code::ProjectFileMissing,
                PROJECT_FILE,
                file.at(),
                format!("`file: {}`: {p}", file.value),
            ));
            None
        }
        None => Some(v.to_string()),
    }
}

impl Loader for super::Console {
    fn detect(&self, head: &Head<'_>) -> Option<Fit> {
        detect(head)
    }

    fn implicit_root(&self, dir: &Path) -> Result<Option<PathBuf>> {
        Ok(implicit_root(dir))
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

    fn open_implicit(
        &self,
        files: &dyn Files,
        file: Option<&Path>,
        _fit: Fit,
        config: ProjectFile,
        errors: &mut Vec<Diagnostic>,
    ) -> Result<Opened> {
        match file {
            Some(path) => open_file(files, path, config, errors),
            None => Err(crate::Error::OneFile {
                root: files.root().display().to_string(),
                file: CONFIG_FILE.to_string(),
            }),
        }
    }

    fn not_a_target(&self, text: String, id: &str) -> Option<String> {
        super::not_a_target(self, text, id)
    }

    fn services_place(&self, file: &str) -> String {
        format!("{file} (only services of type `custom` have containers)")
    }
}
