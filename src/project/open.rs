//! Opening a project: its project file and its format, which checks what the file says of it
//! and chooses the layout, before any workload is read.

use std::path::Path;

use super::{PROJECT_FILE, Project, ProjectFiles, config, dir_of, read_document};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::format::{Opened, registry};
use crate::yaml;

impl Project {
    /// Everything but the services. Fails when the project file does not load.
    pub(super) fn shell(root: &Path) -> Result<(Self, Vec<Diagnostic>)> {
        // `-C FILE`, or a folder without a project file (SPEC §6.1).
        if root.is_file() || !root.join(PROJECT_FILE).is_file() {
            return Self::implicit(root);
        }
        let mut errors = Vec::new();
        let config_doc = read_document(root, PROJECT_FILE).map_err(|d| Error::Load(vec![d]))?;
        let (config, errs) = config::read_project_file(&config_doc, PROJECT_FILE);
        errors.extend(errs);
        let config = config.ok_or_else(|| Error::Load(errors.clone()))?;
        let named = config.format.clone();
        let format = named.as_ref().and_then(|f| registry::by_name(&f.value));
        let files = ProjectFiles::new(root);
        let opened = format.unwrap_or_else(registry::default).open(
            &files,
            config,
            config_doc,
            &mut errors,
        )?;
        if let (Some(f), None) = (named, format) {
            errors.push(Diagnostic::error(
                Code::ProjectFormatUnknown,
                PROJECT_FILE,
                f.at(),
                format!("`format: {}` is not one of {}", f.value, registry::names()),
            ));
        }
        Ok((Self::opened(opened), errors))
    }

    /// A project without a project file: one file named by `-C FILE` (or
    /// `$SIDECARCTL_PROJECT`), or a folder, opened by the format that detects it best (a Console
    /// configuration, workload manifests; a JSON file that is neither is read as a Console
    /// configuration, so that its errors say where).
    fn implicit(root: &Path) -> Result<(Self, Vec<Diagnostic>)> {
        let (format, fit) = registry::detect(root).ok_or_else(|| {
            Error::failed(format!(
                "{} is no project of a known format",
                root.display()
            ))
        })?;
        let file = root.is_file().then_some(root);
        let files = ProjectFiles::new(&match file {
            Some(path) => dir_of(path),
            None => root.to_path_buf(),
        });
        let config_doc = yaml::parse("{}".into()).expect("an empty mapping parses");
        let (config, _) = config::read_project_file(&config_doc, PROJECT_FILE);
        let config = config.expect("an empty mapping is a project file");
        let mut errors = Vec::new();
        let opened = format.open_implicit(&files, file, fit, config, &mut errors)?;
        Ok((Self::opened(opened), errors))
    }

    /// The project its format opened, before its workloads are read.
    fn opened(o: Opened) -> Self {
        Self {
            root: o.root,
            format: o.format,
            config: o.config,
            config_doc: o.config_doc,
            layout: o.layout,
            single_file: o.single_file,
            service_ids: Vec::new(),
            services: Vec::new(),
            config_maps: o.config_maps,
            marketplace: o.marketplace,
            notes: Vec::new(),
            shared_ids: Default::default(),
            skeleton: None,
        }
    }
}
