//! What a format gives the project as it opens: how its files are detected, what the project
//! reads through ([`Files`]), and the project as opened, before any workload is read
//! ([`Opened`]). The project (the `project` module) does the reading; a format only decides.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Format;
use crate::diagnostic::Diagnostic;
use crate::model::{MarketplaceItem, ProjectFile};
use crate::yaml::{Document, YamlError};

/// The project file.
pub const PROJECT_FILE: &str = "sidecarctl.yaml";

/// The folder of a project's ConfigMaps, one folder each.
pub const CONFIG_MAPS_DIR: &str = "config-maps";

/// Files larger than this are refused before parsing: no service file is that big, and it keeps
/// memory bounded on hostile input.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// How much of a file detection reads.
pub const HEAD_BYTES: usize = 16 * 1024;

/// The beginning of a file (or of a folder, with no text: anything that is no file), for
/// detecting its format.
#[derive(Debug, Clone, Copy)]
pub struct Head<'a> {
    pub path: &'a Path,
    /// The first [`HEAD_BYTES`] of the file (as far as they are UTF-8).
    pub text: &'a str,
    /// Whether `text` is the whole file.
    pub whole: bool,
    pub folder: bool,
}

impl Head<'_> {
    /// Whether the file's name says JSON.
    pub fn json_name(&self) -> bool {
        self.path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    }
}

/// How well a file fits a format, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fit {
    /// Nothing says so: the format reads it only to say why it is none of its files.
    Other,
    /// Its name is one of the format's (a `.json` file for the Console).
    Name,
    /// It holds the format's workloads (Kubernetes manifests).
    Content,
    /// It is a whole project of the format (a Console project configuration).
    Project,
}

/// How a project's files hold its workloads: the project loads each layout its own way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Files listed by [`Format::files`], each read on its own (in parallel) into any number
    /// of workloads. `tolerant`: a file or workload that cannot be read is skipped with a note
    /// (the rest of a repository still works) instead of failing the load.
    Files { tolerant: bool },
    /// One file holding every workload (`Opened::single_file`): read at once, keeping only the
    /// trees of the workloads a command may change.
    OneFile,
}

/// A project as its format opened it: everything but its workloads.
#[derive(Debug)]
pub struct Opened {
    pub root: PathBuf,
    pub format: &'static dyn Format,
    pub config: ProjectFile,
    pub config_doc: Document,
    pub layout: Layout,
    /// The one file holding every workload, relative to `root`, if the project is one file.
    pub single_file: Option<String>,
    pub config_maps: BTreeSet<String>,
    pub marketplace: Vec<MarketplaceItem>,
}

/// What a second workload with the ID of another one is.
pub enum Duplicate {
    /// An error of its file (a Mia service has one file).
    Error(Diagnostic),
    /// A note: each copy is named `FILE#ID` ([`Format::qualified_id`]).
    Shared(Diagnostic),
}

/// The project's reader, as a format opening a project uses it: every read is guarded
/// against links out of the project and bounded in size.
pub trait Files: Sync {
    /// The project folder.
    fn root(&self) -> &Path;

    /// The file `rel` read and parsed by `parse`, or the diagnostic saying why not.
    fn read(
        &self,
        rel: &str,
        parse: &dyn Fn(String) -> Result<Document, YamlError>,
    ) -> Result<Document, Diagnostic>;

    /// The marketplace items in `dir`, sorted by id; their problems go to `errors`.
    fn marketplace(&self, dir: &str, errors: &mut Vec<Diagnostic>) -> Vec<MarketplaceItem>;

    /// Why `path` may not be read: it leads out of the project through links.
    fn outside(&self, path: &Path) -> Option<String>;
}

/// YAML files directly in `dir` (relative to root), sorted, as (relative path, stem).
pub fn yaml_files(root: &Path, dir: &str) -> Vec<(String, String)> {
    let Ok(read) = std::fs::read_dir(root.join(dir)) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> = read
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let stem = name
                .strip_suffix(".yaml")
                .or_else(|| name.strip_suffix(".yml"))?;
            (!stem.is_empty() && !name.starts_with('.'))
                .then(|| (format!("{dir}/{name}"), stem.to_string()))
        })
        .collect();
    out.sort();
    out
}
