//! What a format gives the project as it opens: how its files are detected, what the project
//! reads through ([`Files`]), and the project as opened, before any workload is read
//! ([`Opened`]). The project (the `project` module) does the reading; a format only decides.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::Format;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::Result;
use crate::model::{Located, MarketplaceItem, ProjectFile, Reader, Resources, Workload};
use crate::yaml::{Document, Node, YamlError};

/// The project file.
pub const PROJECT_FILE: &str = "sidecarctl.yaml";

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
    /// Files listed by [`Loader::files`], each read on its own (in parallel) into any number
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
    /// A note: each copy is named `FILE#ID` ([`Loader::qualified_id`]).
    Shared(Diagnostic),
}

/// What `init` writes for a new project of a format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Init {
    /// The project file's text.
    pub project_file: String,
    /// The folders of the project, relative to it: created when they are not there.
    pub folders: &'static [&'static str],
}

/// How a format's projects are found, created, opened and loaded: what the project asks of a format
/// before and while it reads workloads. Each format implements it in its `project.rs`.
pub trait Loader {
    /// How well the file `head` begins is one of this format's (`-C FILE`): `None` when it is
    /// not. The best fit among the registered formats opens it ([`super::registry::detect`]).
    fn detect(&self, _head: &Head<'_>) -> Option<Fit> {
        None
    }

    /// The project this format makes of a folder without a project file (SPEC §6.1): the folder
    /// itself, or the one file in it that is the project; `None` when it makes none. An error
    /// when it cannot tell (it gave up looking).
    fn implicit_root(&self, _dir: &Path) -> Result<Option<PathBuf>> {
        Ok(None)
    }

    /// What `init` writes for a new project named `name` in the folder `dir`. `file` is the
    /// file holding the workloads, as given, for a format whose project is one file (found in
    /// `dir` when not given); other formats are given none.
    fn init(&self, dir: &Path, name: &str, file: Option<&str>) -> Result<Init>;

    /// Opens a project of this format from its project file: checks and completes what the
    /// file says of the format (`file:`, folders, special sidecars) and chooses its layout.
    /// Problems go to `errors`; the load stops at them (`Err` when they stop the opening).
    fn open(
        &self,
        files: &dyn Files,
        config: ProjectFile,
        config_doc: Document,
        errors: &mut Vec<Diagnostic>,
    ) -> Result<Opened>;

    /// Opens a project without a project file (SPEC §6.1): the folder of `files`, or its one
    /// file `file` as the command line gave it (`-C FILE`), as [`Self::detect`] found it
    /// (`fit`). `config` is an empty project file's.
    fn open_implicit(
        &self,
        _files: &dyn Files,
        file: Option<&Path>,
        _fit: Fit,
        _config: ProjectFile,
        _errors: &mut Vec<Diagnostic>,
    ) -> Result<Opened> {
        Err(crate::Error::failed(format!(
            "{}: a project of this format needs a project file",
            file.unwrap_or(Path::new(".")).display(),
        )))
    }

    /// The project file's `defaults` (resources, and `placement` where the format has it).
    fn read_defaults<'a>(
        &self,
        r: &mut Reader<'a>,
        defaults: &'a Node,
    ) -> (Option<Resources>, Option<Located<String>>) {
        (super::mia::resources(r, defaults), None)
    }

    /// The files of a [`Layout::Files`] project to read, as (path, stem): the named services'
    /// (`only`), else all of them. What the search sets aside goes to `notes`.
    fn files(
        &self,
        _root: &Path,
        _config: &ProjectFile,
        _only: Option<&[String]>,
        _notes: &mut Vec<Diagnostic>,
    ) -> Vec<(String, String)> {
        Vec::new()
    }

    /// Whether the file `rel` (one of [`Loader::files`]) is read after all the others: its
    /// workloads are built from what reading them found.
    fn read_last(&self, _rel: &str) -> bool {
        false
    }

    /// What the problem `d` of a file that cannot be read becomes (a format that skips files
    /// it cannot read may make it a warning, or nothing).
    fn unreadable(&self, _root: &Path, _rel: &str, d: Diagnostic) -> Option<Diagnostic> {
        Some(d)
    }

    /// Why a file that parses is still no file of workloads (a Helm template), if it is not.
    fn skipped(&self, _rel: &str, _doc: &Document) -> Option<Diagnostic> {
        None
    }

    /// What a second workload `id` (of `file`, its name at `at`) is when `other` has it too.
    fn duplicate_id(
        &self,
        id: &str,
        file: &str,
        _at: Option<(usize, usize)>,
        other: &str,
    ) -> Duplicate {
        Duplicate::Error(Diagnostic::error(
            Code::ServiceDuplicateFile,
            file,
            None,
            format!("service `{id}` also has the file {other}"),
        ))
    }

    /// How output names the workload `id` of `file` when several share the ID.
    fn qualified_id(&self, file: &str, id: &str) -> String {
        format!("{file}#{id}")
    }

    /// Names each copy of a shared ID (see [`Duplicate::Shared`]) as [`Self::qualified_id`].
    fn name_shared_ids(&self, _services: &mut [Workload]) {}

    /// The workloads each query names, when the format resolves names itself (Kubernetes:
    /// `KIND/NAME`, `NAMESPACE/…`, every copy of a shared ID); `None` when an ID names one
    /// workload. `notes` are the project's, for a message about files it did not read.
    fn resolve<'p>(
        &self,
        _services: &'p [Workload],
        _notes: &[Diagnostic],
        _queries: &[&str],
    ) -> Option<Vec<Result<Vec<&'p Workload>>>> {
        None
    }

    /// Why `id` is no workload with containers, read from the text of a one-file project (a
    /// Console service of another type): only on the way to an error.
    fn not_a_target(&self, _text: String, _id: &str) -> Option<String> {
        None
    }

    /// Where the services of a one-file project are, as messages name it.
    fn services_place(&self, file: &str) -> String {
        file.to_string()
    }

    /// Whether commands warn about a note of the project (`validate` reports the others).
    fn warned(&self, _note: &Diagnostic) -> bool {
        true
    }

    /// Whether `validate` reports a note of the project (a kustomize patch skipped is no
    /// problem).
    fn reported(&self, _note: &Diagnostic) -> bool {
        true
    }
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
        parse: &dyn Fn(String) -> std::result::Result<Document, YamlError>,
    ) -> std::result::Result<Document, Diagnostic>;

    /// The marketplace items in `dir`, sorted by id; their problems go to `errors`.
    fn marketplace(&self, dir: &str, errors: &mut Vec<Diagnostic>) -> Vec<MarketplaceItem>;

    /// Why `path` may not be read: it leads out of the project through links.
    fn outside(&self, path: &Path) -> Option<String>;
}

/// Where `path` leads when links take it out of the folder `real_root` (canonical).
pub fn leads_out(real_root: &Path, path: &Path) -> Option<PathBuf> {
    let real = path.canonicalize().ok()?;
    (!real.starts_with(real_root)).then_some(real)
}

/// The bytes of the file `rel` as a document: UTF-8, parsed by `parse`, its aliases checked;
/// or the diagnostic saying why not, with its line and column.
pub fn decode(
    rel: &str,
    bytes: Vec<u8>,
    parse: &dyn Fn(String) -> std::result::Result<Document, YamlError>,
) -> std::result::Result<Document, Diagnostic> {
    let fail = |code, at, msg: String| Diagnostic::error(code, rel, at, msg);
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        // Columns count characters, as the parser's do: the valid prefix is UTF-8.
        let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let col = std::str::from_utf8(&good[line_start..]).map_or(0, |t| t.chars().count()) + 1;
        fail(
            Code::FileEncoding,
            Some((line, col)),
            "file is not valid UTF-8".into(),
        )
    })?;
    let doc =
        parse(text).map_err(|e| fail(Code::of_parse(&e), Some((e.line, e.column)), e.message))?;
    if doc.has_anchors() {
        crate::yaml::check_aliases(&doc).map_err(|e| {
            let code = match e.kind {
                crate::yaml::AliasProblem::Cycle => Code::YamlAliasCycle,
                crate::yaml::AliasProblem::Expansion => Code::YamlAliasExpansion,
            };
            fail(code, Some((e.line, e.column)), e.message)
        })?;
    }
    Ok(doc)
}

/// A file of the project at `root` that its scan sets aside (a kustomization, a manifest a
/// patch reaches), read and parsed by `parse` as [`decode`] does; refused when it is too
/// large or leads out of the project through links.
pub fn read_aside(
    root: &Path,
    rel: &str,
    parse: &dyn Fn(String) -> std::result::Result<Document, YamlError>,
) -> std::result::Result<Document, Diagnostic> {
    let path = root.join(rel);
    let fail = |code, msg: String| Diagnostic::error(code, rel, None, msg);
    let out = root.canonicalize().ok().and_then(|r| leads_out(&r, &path));
    if let Some(to) = out {
        let msg = format!(
            "refusing a file that links outside the project (to {})",
            to.display()
        );
        return Err(fail(Code::FileOutsideProject, msg));
    }
    let cannot = |e: std::io::Error| fail(Code::FileRead, format!("cannot read: {e}"));
    let len = std::fs::metadata(&path).map_err(cannot)?.len();
    let max = MAX_FILE_BYTES;
    if len > max {
        let msg = format!("file is {len} bytes; files over {max} bytes are refused");
        return Err(fail(Code::FileTooLarge, msg));
    }
    decode(rel, std::fs::read(&path).map_err(cannot)?, parse)
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
