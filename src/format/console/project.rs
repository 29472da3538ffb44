//! A `console` project (SPEC §6.1, §6.3): one Console project configuration, named by a
//! project file's `file:`, given with `-C FILE`, or found as `api-console-config.json` in a
//! folder without a project file.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Code, Diagnostic};
use crate::error::Result;
use crate::format::mia::project::is_relative_inside;
use crate::format::{Files, Fit, Head, Init, Layout, Loader, Opened, PROJECT_FILE};
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

/// The project file of a `console` project (SPEC §6.3): `file` is the Console configuration.
fn project_file(name: &str, file: &str) -> String {
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

/// The Console configuration a `console` project names: `given`, which must be there, else
/// `api-console-config.json`, else the one JSON file of the folder that is a Console project
/// configuration.
fn config_file(dir: &Path, given: Option<&str>) -> Result<String> {
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
            return Err(crate::Error::Outside {
                input: crate::error::Input::File,
                path: f.to_string(),
            });
        }
        if !dir.join(f).is_file() {
            return Err(crate::Error::failed(format!(
                "there is no file {}",
                dir.join(f).display()
            ))
            .with_hint(export));
        }
        return Ok(f.to_string());
    }
    if dir.join(CONFIG_FILE).is_file() {
        return Ok(CONFIG_FILE.to_string());
    }
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .filter(|n| crate::format::registry::is_project_file(&dir.join(n)))
        .collect();
    found.sort();
    let hint = found.is_empty().then(|| Box::new(export.into()));
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(crate::Error::Unchosen {
            input: crate::error::Input::File,
            place: dir.display().to_string().into(),
            found: found.into(),
            hint,
        }),
    }
}

impl Loader for super::Console {
    fn init(&self, dir: &Path, name: &str, file: Option<&str>) -> Result<Init> {
        Ok(Init {
            project_file: project_file(name, &config_file(dir, file)?),
            folders: &[],
        })
    }

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
