//! Finding the project and loading every file of it. This is the only place that reads files.

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{self, Diagnostic};
use crate::error::{Error, Result};
use crate::format::{self, Format};
use crate::model::{self, MarketplaceItem, ProjectFile, SpecialSidecar, Workload};
use crate::route::Route;
use crate::yaml;

pub const PROJECT_FILE: &str = "sidecarctl.yaml";
pub const CONFIG_MAPS_DIR: &str = "config-maps";

/// Files larger than this are refused before parsing: no service file is that big, and it keeps
/// memory bounded on hostile input.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The same bound for a file that holds a whole project (a Console project file): real ones
/// reach tens of megabytes.
pub const MAX_PROJECT_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// What to load of the services.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Only these services, found by name without listing the folder (all when `None`).
    pub only: Option<Vec<String>>,
    /// Which services keep their parsed document, needed to show or change their text.
    pub documents: Documents,
    /// Whether the workloads may come without their validation (Kubernetes validates as it
    /// reads): for a command that does not validate (`list`), and for a change, which finds
    /// the old checks of what it changes only when the change brings an error
    /// (`plan::edit_file`).
    pub skip_checks: bool,
    /// For choosing the targets of a change: each workload of a folder project is kept as a
    /// skeleton ([`Workload::into_skeleton`]), without its document or its checks, whatever
    /// `documents` says. The change then plans its targets a few files at a time, each batch
    /// read again whole ([`Project::reload`]), so that it never holds every target's parsed
    /// file at once. A project that is one file is loaded as `documents` asks: its services
    /// are planned in one editor.
    pub lean: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Documents {
    /// None: the typed model is enough (list, validate, containers).
    #[default]
    None,
    All,
    /// Those whose text mentions this word (a sidecar name): the others cannot be changed by a
    /// command about it.
    Mentioning(String),
}

impl Documents {
    fn keep(&self, text: &str) -> bool {
        match self {
            Self::None => false,
            Self::All => true,
            Self::Mentioning(word) => text.contains(word.as_str()),
        }
    }
}

/// What [`Project::scan`] gathered: the project without its services, what the callback kept
/// of each service, and every problem found on the way.
pub struct Scan<T> {
    pub project: Project,
    pub items: Vec<T>,
    pub errors: Vec<Diagnostic>,
}

/// A loaded project.
#[derive(Debug, Clone)]
pub struct Project {
    pub root: PathBuf,
    /// The format of the service files: how they hold workloads and where their keys are.
    pub format: &'static dyn Format,
    pub config: ProjectFile,
    pub config_doc: yaml::Document,
    /// The one file holding every workload, relative to `root`: a Console project file, or a
    /// Kubernetes manifest given with `-C FILE`; `None` when the project is a folder.
    pub single_file: Option<String>,
    /// The ids of every service of a single-file project, also when a scan kept none.
    pub(crate) service_ids: Vec<String>,
    /// Sorted by id.
    pub services: Vec<Workload>,
    pub config_maps: BTreeSet<String>,
    pub marketplace: Vec<MarketplaceItem>,
    /// Problems of files the project skips (`kubernetes`: templates, files that do not parse,
    /// kustomize patches, workloads of the wrong shape): commands warn about them, `validate`
    /// reports them. Other formats fail to load instead.
    pub notes: Vec<Diagnostic>,
    /// Kubernetes: the IDs that several workloads share, found by a scan (each copy is named
    /// `FILE#ID` in output; [`Project::load_with`] renames them in `services`).
    pub shared_ids: BTreeSet<String>,
}

/// The folder of a project: `root` itself, or the folder of a one-file project (`-C FILE`).
pub fn dir_of(root: &Path) -> PathBuf {
    match root.is_file() {
        true => std::path::absolute(root)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from(".")),
        false => root.to_path_buf(),
    }
}

/// Names the project folder when `-C` is not given.
const PROJECT_ENV: &str = "SIDECARCTL_PROJECT";

/// The folder a command is pointed at: `-C DIR` as given, else a non-empty
/// `$SIDECARCTL_PROJECT`.
pub fn chosen_dir(given: Option<&Path>) -> Option<PathBuf> {
    given.map(Path::to_path_buf).or_else(|| {
        std::env::var_os(PROJECT_ENV)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

/// The root of the project a command works on: the nearest folder holding `sidecarctl.yaml` at
/// or above the chosen folder ([`chosen_dir`]), else above the current folder. A chosen folder
/// that does not exist is an error: a mistyped folder must not silently select the project
/// above the current one.
pub fn locate(given: Option<&Path>) -> Result<PathBuf> {
    let start = match chosen_dir(given) {
        // `-C FILE`: the file is the project (SPEC §6.1).
        Some(p) if p.is_file() => return Ok(p),
        Some(p) if !p.is_dir() => return Err(not_there(&p)),
        Some(p) => p,
        None => std::env::current_dir()
            .map_err(|e| Error::failed(format!("cannot read the current folder: {e}")))?,
    };
    discover(&start)
}

/// The error for a `-C` path that is neither a file nor a folder: a path naming a file (by its
/// extension) is said to be a missing file, not a missing folder.
fn not_there(p: &Path) -> Error {
    let file_like = p
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["json", "yaml", "yml"].contains(&e.to_ascii_lowercase().as_str()));
    let exists = p.symlink_metadata().is_ok();
    match (file_like, exists) {
        (true, false) => Error::failed(format!("project file {} does not exist", p.display()))
            .with_hint(
                "pass an existing Kubernetes manifest or Console project configuration with \
                 `-C FILE`, or a project folder with `-C DIR`",
            ),
        (false, false) => Error::failed(format!("project folder {} does not exist", p.display()))
            .with_hint("pass an existing folder with `-C DIR` or $SIDECARCTL_PROJECT"),
        (_, true) => Error::failed(format!("{} is neither a file nor a folder", p.display()))
            .with_hint("pass a project folder with `-C DIR`, or one project file with `-C FILE`"),
    }
}

/// Walks up from `start` to the nearest folder holding `sidecarctl.yaml`; without one, `start`
/// itself may be an implicit project (SPEC §6.1).
fn discover(start: &Path) -> Result<PathBuf> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
    let mut dir = start.as_path();
    loop {
        if dir.join(PROJECT_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        match dir.parent() {
            Some(parent) => dir = parent,
            None => return implicit_root(start),
        }
    }
}

/// The folder (or Console file) a command works on when no project file is at or above
/// `start`. The file-system root and the home folder are never an implicit project: a command
/// run there by mistake would read the whole machine, or the user's every file.
fn implicit_root(start: PathBuf) -> Result<PathBuf> {
    use format::kubernetes::project::{Search, holds_workloads};
    if let Some(what) = too_wide(&start) {
        return Err(Error::failed(format!(
            "no {PROJECT_FILE} found in {} or any parent folder, and {what} is never read as an \
             implicit project",
            start.display()
        ))
        .with_hint(
            "run the command in the folder of your manifests, pass `-C DIR` (or `-C FILE`), or \
             create a project file there with `sidecarctl init`",
        ));
    }
    // SPEC §6.1: a folder of workload manifests is a `kubernetes` project as it is.
    match holds_workloads(&start) {
        Search::Found => return Ok(start),
        Search::GaveUp(n) => {
            return Err(Error::failed(format!(
                "no {PROJECT_FILE} found in {} or any parent folder, and no Kubernetes workload \
                 among the first {n} files and folders below it: stopped looking",
                start.display()
            ))
            .with_hint(
                "run the command in the folder of your manifests, pass `-C DIR`, or create a \
                 project file with `sidecarctl init` (its `paths:` narrows what is read)",
            ));
        }
        Search::None => {}
    }
    // A Console configuration repository: its `api-console-config.json` is the project (one
    // that does not parse is reported as such, with its place).
    let console = start.join(CONSOLE_CONFIG_FILE);
    if console.is_file() {
        return Ok(console);
    }
    Err(no_project(&start))
}

/// Why `dir` is too wide to be an implicit project: the file-system root, or the home folder.
fn too_wide(dir: &Path) -> Option<&'static str> {
    if dir.parent().is_none() {
        return Some("the file-system root");
    }
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    same(dir, Path::new(&home)).then_some("the home folder")
}

/// The file the Console's standard workflow keeps at the root of a configuration repository.
pub const CONSOLE_CONFIG_FILE: &str = "api-console-config.json";

fn is_console_file(path: &Path) -> bool {
    path.is_file() && format::console::is_configuration(path)
}

/// No project at or above `start`: the error names the Console configurations found there, which
/// only `-C FILE` makes a project.
fn no_project(start: &Path) -> Error {
    let mut consoles: Vec<String> = std::fs::read_dir(start)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && is_console_file(&start.join(n)))
        .collect();
    consoles.sort();
    let err = Error::failed(format!(
        "no {PROJECT_FILE} found in {} or any parent folder, and no Kubernetes manifest in it",
        start.display()
    ));
    match consoles.first() {
        Some(f) => err.with_hint(format!(
            "{f} is a Console project configuration: pass `-C {f}`, or run `sidecarctl init \
             --format console --file {f}`"
        )),
        None => err.with_hint("run `sidecarctl init` to create a project, or pass `-C DIR`"),
    }
}

/// A file read and parsed, or the diagnostic saying why not. The file must not be a link that
/// leaves the project (its folder is checked once by the caller: see [`Guard`]).
pub(crate) fn read_document(
    root: &Path,
    rel: &str,
) -> std::result::Result<yaml::Document, Diagnostic> {
    read_checked(&Guard::new(root), rel)
}

/// A file read and parsed by `parse`, or the diagnostic saying why not (with its place).
pub(crate) fn read_document_as(
    root: &Path,
    rel: &str,
    parse: &dyn Fn(String) -> std::result::Result<yaml::Document, yaml::YamlError>,
) -> std::result::Result<yaml::Document, Diagnostic> {
    read_as(&Guard::new(root), rel, MAX_FILE_BYTES, parse)
}

/// Refuses paths that lead out of the project through links. The project root is resolved once;
/// only files that are links themselves (or lie in a linked folder) are resolved again.
pub(crate) struct Guard {
    root: PathBuf,
    real_root: Option<PathBuf>,
}

impl Guard {
    pub(crate) fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
            real_root: root.canonicalize().ok(),
        }
    }

    /// Opens a file whose folder was checked already: only a link needs resolving, and it is
    /// found by the open itself (one call per file, not two).
    fn open(&self, path: &Path) -> std::io::Result<std::result::Result<File, LinksOutside>> {
        use std::os::unix::fs::OpenOptionsExt;
        let no_follow = rustix::fs::OFlags::NOFOLLOW.bits() as i32;
        match std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(no_follow)
            .open(path)
        {
            Err(e) if e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
                match self.resolve(path) {
                    Ok(()) => File::open(path).map(Ok),
                    Err(outside) => Ok(Err(outside)),
                }
            }
            other => other.map(Ok),
        }
    }

    /// Resolves `path` and requires it to stay inside the project.
    fn resolve(&self, path: &Path) -> std::result::Result<(), LinksOutside> {
        let (Some(root), Ok(real)) = (&self.real_root, path.canonicalize()) else {
            return Ok(());
        };
        if real.starts_with(root) {
            Ok(())
        } else {
            Err(LinksOutside { to: real })
        }
    }
}

/// A path that resolves, through links, outside the project.
#[derive(Debug, thiserror::Error)]
#[error("refusing a file that links outside the project (to {})", .to.display())]
pub(crate) struct LinksOutside {
    to: PathBuf,
}

fn read_checked(guard: &Guard, rel: &str) -> std::result::Result<yaml::Document, Diagnostic> {
    read_as(guard, rel, MAX_FILE_BYTES, yaml::parse)
}

/// A file read and parsed by `parse`, with its aliases checked.
fn read_as(
    guard: &Guard,
    rel: &str,
    max_bytes: u64,
    parse: impl Fn(String) -> std::result::Result<yaml::Document, yaml::YamlError>,
) -> std::result::Result<yaml::Document, Diagnostic> {
    let root = guard.root.as_path();
    let path = root.join(rel);
    let fail = |code, at, msg: String| Diagnostic::error(code, rel, at, msg);
    let cannot = |e: std::io::Error| fail("file.read", None, format!("cannot read: {e}"));
    let mut file = guard
        .open(&path)
        .map_err(cannot)?
        .map_err(|m| fail("file.outside-project", None, m.to_string()))?;
    let checked_ns = crate::change::now_ns();
    let meta = file.metadata().map_err(cannot)?;
    let len = meta.len();
    if len > max_bytes {
        return Err(fail(
            "file.too-large",
            None,
            format!("file is {len} bytes; files over {max_bytes} bytes are refused"),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(cannot)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = good.iter().filter(|b| **b == b'\n').count() + 1;
        // Columns count characters, as the parser's do: the valid prefix is UTF-8.
        let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
        let col = std::str::from_utf8(&good[line_start..]).map_or(0, |t| t.chars().count()) + 1;
        fail(
            "file.encoding",
            Some((line, col)),
            "file is not valid UTF-8".into(),
        )
    })?;
    let mut doc = parse(text).map_err(|e| fail(e.code(), Some((e.line, e.column)), e.message))?;
    if doc.has_anchors() {
        yaml::check_aliases(&doc).map_err(|e| {
            let code = match e.kind {
                yaml::AliasProblem::Cycle => "yaml.alias-cycle",
                yaml::AliasProblem::Expansion => "yaml.alias-expansion",
            };
            fail(code, Some((e.line, e.column)), e.message)
        })?;
    }
    doc.on_disk = crate::change::when_read(&meta, checked_ns);
    Ok(doc)
}

/// Refuses a path that resolves (through links) outside the project.
pub(crate) fn check_inside(root: &Path, path: &Path) -> std::result::Result<(), LinksOutside> {
    Guard::new(root).resolve(path)
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

/// YAML files directly in `dir` (relative to root), sorted, as (relative path, stem).
fn yaml_files(root: &Path, dir: &str) -> Vec<(String, String)> {
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

/// The marketplace items of `dir`: its YAML files and its `.json` files, as (path, stem).
fn item_files(root: &Path, dir: &str) -> Vec<(String, String)> {
    let mut out = yaml_files(root, dir);
    if let Ok(read) = std::fs::read_dir(root.join(dir)) {
        out.extend(read.filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            let stem = name.strip_suffix(".json")?;
            (!stem.is_empty() && !name.starts_with('.'))
                .then(|| (format!("{dir}/{name}"), stem.to_string()))
        }));
    }
    out.sort();
    out
}

impl Project {
    /// Loads what `opts` asks for.
    pub fn load_with(root: &Path, opts: &LoadOptions) -> Result<Self> {
        let Scan {
            mut project,
            items,
            mut errors,
        } = Self::scan(root, opts, |p, svc| {
            // Boxed while the scan sorts and gathers them: the scan's own lists then hold a
            // pointer per workload, not the workload, and only `services` holds them whole.
            Box::new(match opts.lean && !p.is_console() {
                true => svc.into_skeleton(),
                false => svc,
            })
        })?;
        if !errors.is_empty() {
            diagnostic::sort(&mut errors);
            return Err(Error::Load(errors));
        }
        project.services = items.into_iter().map(|w| *w).collect();
        if project.format.kubernetes() {
            format::kubernetes::project::name_shared_ids(&mut project);
        }
        Ok(project)
    }

    /// The workloads of `files` read again with their documents, in a project that is
    /// otherwise this one (a project loaded lean, whose skeletons were dropped). Each keeps the
    /// ID `ids` gives its place (file, route) (`FILE#ID` when shared); the files' notes were
    /// taken as the project loaded.
    pub fn reload(
        &self,
        files: &[String],
        ids: &HashMap<(String, Route), String>,
    ) -> Result<Project> {
        let guard = Guard::new(&self.root);
        let format = self.format;
        // One file after another: the batches of a change run on every core, and a thread
        // waiting on a parallel read here would take up another batch meanwhile (rayon's
        // work stealing), holding several batches' trees at once.
        let read: Vec<Vec<Workload>> = files
            .iter()
            .map(|rel| {
                let doc = read_as(&guard, rel, MAX_FILE_BYTES, |t| format.parse(t))
                    .map_err(|d| Error::Load(vec![d]))?;
                let stem = rel.rsplit('/').next().unwrap_or(rel);
                let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                let (workloads, errs) = format.workloads(doc, rel, stem, true, false);
                if !format.kubernetes() && errs.iter().any(Diagnostic::is_error) {
                    return Err(Error::Load(errs));
                }
                Ok(workloads)
            })
            .collect::<Result<_>>()?;
        let mut services: Vec<Workload> = read
            .into_iter()
            .flatten()
            .map(|mut w| {
                if let Some(id) = ids.get(&(w.file.clone(), w.route.clone())) {
                    w.id.clone_from(id);
                    if let Some(m) = &mut w.manifest {
                        m.shared_id = id.contains('#');
                    }
                }
                w
            })
            .collect();
        services.sort_by(|a, b| (&a.id, &a.file).cmp(&(&b.id, &b.file)));
        Ok(Project {
            services,
            ..self.shell_clone()
        })
    }

    /// This project without its workloads.
    fn shell_clone(&self) -> Project {
        Project {
            root: self.root.clone(),
            format: self.format,
            config: self.config.clone(),
            config_doc: self.config_doc.clone(),
            single_file: self.single_file.clone(),
            service_ids: Vec::new(),
            services: Vec::new(),
            config_maps: self.config_maps.clone(),
            marketplace: self.marketplace.clone(),
            notes: Vec::new(),
            shared_ids: self.shared_ids.clone(),
        }
    }

    /// Loads the project file, the marketplace and the ConfigMaps, then hands each service to
    /// `f` as soon as it is read (in parallel) and keeps only what `f` returns, in id order.
    /// `project.services` stays empty: a command that needs a summary of each service never
    /// holds the whole project's model. Fails only when the project file does not load; other
    /// files' problems are in `errors`.
    pub fn scan<T: Send>(
        root: &Path,
        opts: &LoadOptions,
        f: impl Fn(&Project, Workload) -> T + Sync,
    ) -> Result<Scan<T>> {
        let (mut shell, mut errors) = Self::shell(root)?;
        if shell.is_console() {
            return shell.scan_single_file(opts, errors, f);
        }
        let root = shell.root.clone();
        let root = root.as_path();
        let guard = Guard::new(root);
        let kubernetes = shell.format.kubernetes();
        let files = match &opts.only {
            _ if kubernetes => format::kubernetes::project::files(&mut shell),
            None => yaml_files(root, &shell.config.services_dir),
            Some(ids) => named_files(root, &shell.config.services_dir, ids),
        };
        let format = shell.format;
        // One entry per file, collected straight into place (an indexed parallel map), so a
        // project of one workload per file holds nothing more than its summaries; the other
        // workloads of a file with several (several documents) join the list afterwards.
        // (id, file, where the workload's name is), what `f` returned; the file's problems.
        type Read<T> = (Option<(Key, T)>, Vec<Diagnostic>);
        type Key = (String, String, Option<(usize, usize)>);
        let extra: std::sync::Mutex<Vec<Read<T>>> = std::sync::Mutex::new(Vec::new());
        let mut read: Vec<Read<T>> = files
            .into_par_iter()
            .map(|(rel, stem)| {
                // A `.json` manifest is JSON, as kubectl reads it: not the YAML it may also be.
                let json = kubernetes && rel.ends_with(".json");
                let parse = |text: String| match json {
                    true => yaml::parse_json(text),
                    false => format.parse(text),
                };
                match read_as(&guard, &rel, MAX_FILE_BYTES, parse) {
                    Err(d) if kubernetes => (
                        None,
                        format::kubernetes::project::unreadable(root, &rel, d)
                            .into_iter()
                            .collect(),
                    ),
                    Ok(doc)
                        if kubernetes
                            && let Some(note) =
                                format::kubernetes::project::parsed_template(&rel, &doc.text) =>
                    {
                        (None, vec![note])
                    }
                    Ok(doc) => {
                        let keep = !opts.lean && opts.documents.keep(&doc.text);
                        let checks = !opts.skip_checks && !opts.lean;
                        let (workloads, errs) = format.workloads(doc, &rel, &stem, keep, checks);
                        let mut each = workloads.into_iter().map(|w| {
                            let at = w.name.as_ref().and_then(|n| n.at());
                            ((w.id.clone(), w.file.clone(), at), f(&shell, w))
                        });
                        let first = each.next();
                        let more: Vec<Read<T>> = each.map(|w| (Some(w), Vec::new())).collect();
                        if !more.is_empty() {
                            extra.lock().unwrap_or_else(|e| e.into_inner()).extend(more);
                        }
                        (first, errs)
                    }
                    Err(d) => (None, vec![d]),
                }
            })
            .collect();
        read.extend(extra.into_inner().unwrap_or_else(|e| e.into_inner()));
        for (_, errs) in &mut read {
            if kubernetes {
                // A broken file or workload is skipped; the rest of the repository works.
                shell.notes.append(errs);
            } else {
                errors.append(errs);
            }
        }
        // Files are listed by path; output and the duplicate check go by id (`a-b.yaml` sorts
        // before `a.yaml`, but `a` comes before `a-b`). Sorted in place, by (id, file), which is
        // unique: a bulk edit's planned changes are never held in two vectors at once.
        read.par_sort_unstable_by(|a, b| {
            a.0.as_ref().map(|x| &x.0).cmp(&b.0.as_ref().map(|x| &x.0))
        });
        for pair in read.windows(2) {
            if let (Some(((id, first, _), _)), Some(((next, second, at), _))) =
                (&pair[0].0, &pair[1].0)
                && id == next
            {
                if kubernetes {
                    let note = format::kubernetes::project::duplicate_id(id, second, *at, first);
                    shell.notes.push(note);
                    shell.shared_ids.insert(id.clone());
                    continue;
                }
                errors.push(Diagnostic::error(
                    "service.duplicate-file",
                    second,
                    None,
                    format!("service `{id}` also has the file {first}"),
                ));
            }
        }
        // On every core: the keys dropped here are tens of thousands of small strings.
        let items = read
            .into_par_iter()
            .filter_map(|(r, _)| r.map(|(_, t)| t))
            .collect();
        Ok(Scan {
            project: shell,
            items,
            errors,
        })
    }

    /// Everything but the services. Fails when the project file does not load.
    fn shell(root: &Path) -> Result<(Self, Vec<Diagnostic>)> {
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

    /// [`Self::scan`] of a project that is one file: the ConfigMaps and secrets it declares
    /// are known before any workload is handed to `f`.
    fn scan_single_file<T: Send>(
        mut self,
        opts: &LoadOptions,
        mut errors: Vec<Diagnostic>,
        f: impl Fn(&Project, Workload) -> T + Sync,
    ) -> Result<Scan<T>> {
        let rel = self.single_file.clone().expect("a single-file project");
        let format = self.format;
        let guard = Guard::new(&self.root);
        // Workloads a command cannot change are read as the file is parsed, and their trees
        // freed at once.
        let read = std::sync::Mutex::new(None);
        let parse = |t: String| {
            // With no document kept, nothing is changed from this tree: the parts of the file that
            // are no service's need not be in it.
            let rest = opts.documents != Documents::None;
            let (doc, workloads) =
                format.read_light(t, &rel, &|text| opts.documents.keep(text), rest)?;
            *read.lock().unwrap_or_else(|e| e.into_inner()) = workloads;
            Ok(doc)
        };
        let doc = match read_as(&guard, &rel, MAX_PROJECT_FILE_BYTES, parse) {
            Ok(doc) => doc,
            Err(d) => {
                errors.push(d);
                return Ok(Scan {
                    project: self,
                    items: Vec::new(),
                    errors,
                });
            }
        };
        if let Some((maps, secrets)) = format.declared_names(&doc) {
            self.config_maps = maps;
            self.config.service_secrets = secrets;
        }
        let keep = opts.documents != Documents::None;
        let stem = rel
            .rsplit_once('.')
            .map_or(rel.as_str(), |(s, _)| s)
            .to_string();
        let (mut workloads, errs) = format.workloads(doc, &rel, &stem, keep, !opts.skip_checks);
        errors.extend(errs);
        if let Some((read, errs)) = read.into_inner().unwrap_or_else(|e| e.into_inner()) {
            // Most often no service kept its tree: the services read are the list, not a copy.
            match workloads.is_empty() {
                true => workloads = read,
                false => workloads.extend(read),
            }
            errors.extend(errs);
        }
        workloads.sort_by(|a, b| a.id.cmp(&b.id));
        self.service_ids = workloads.iter().map(|w| w.id.clone()).collect();
        let items = workloads.into_par_iter().map(|w| f(&self, w)).collect();
        Ok(Scan {
            project: self,
            items,
            errors,
        })
    }

    /// How output names the workload `id` of `file`: `FILE#ID` when several share the ID.
    pub fn display_id(&self, file: &str, id: &str) -> String {
        match self.shared_ids.contains(id) {
            true => format::kubernetes::ids::file_qualified(file, id),
            false => id.to_string(),
        }
    }

    pub fn service(&self, id: &str) -> Result<&Workload> {
        if self.format.kubernetes() {
            return format::kubernetes::project::one(self, id);
        }
        self.services.iter().find(|s| s.id == id).ok_or_else(|| {
            if let Some(why) = self.not_a_target(id) {
                return Error::failed(why);
            }
            Error::failed(format!(
                "service `{id}` not found in {}",
                self.services_place()
            ))
            .with_hint(format!(
                "known services: {}",
                self.all_service_ids().join(", ")
            ))
        })
    }

    /// Why a Console service that is not loaded is no target (another type, or advanced), read
    /// again from the file: only on the way to an error.
    pub(crate) fn not_a_target(&self, id: &str) -> Option<String> {
        let file = self.single_file.as_ref().filter(|_| self.is_console())?;
        let text = std::fs::read_to_string(self.root.join(file)).ok()?;
        format::console::not_a_target(self.format, text, id)
    }

    /// Whether the project is one Console project file (SPEC §6.3).
    pub fn is_console(&self) -> bool {
        self.single_file.is_some() && !self.format.kubernetes()
    }

    /// Where the services are, as messages name it: `services/`, or the one project file.
    pub fn services_place(&self) -> String {
        match self.single_file.as_ref().filter(|_| self.is_console()) {
            Some(f) => format!("{f} (only services of type `custom` have containers)"),
            None => format!("{}/", self.config.services_dir),
        }
    }

    /// Every service of the project, also when only some were loaded (from the folder's files).
    pub fn all_service_ids(&self) -> Vec<String> {
        if self.format.kubernetes() {
            return self.services.iter().map(|s| s.id.clone()).collect();
        }
        if self.is_console() {
            return self.service_ids.clone();
        }
        let mut ids: Vec<String> = yaml_files(&self.root, &self.config.services_dir)
            .into_iter()
            .map(|(_, id)| id)
            .collect();
        ids.dedup();
        ids
    }

    pub fn service_ids(&self) -> Vec<&str> {
        self.services.iter().map(|s| s.id.as_str()).collect()
    }

    pub fn special(&self, sidecar: &str) -> Option<&SpecialSidecar> {
        self.config
            .special_sidecars
            .iter()
            .find(|s| s.name == sidecar)
    }

    /// Services having a sidecar of this name, in id order.
    pub fn users_of(&self, sidecar: &str) -> Vec<&Workload> {
        self.services
            .iter()
            .filter(|s| s.sidecar(sidecar).is_some())
            .collect()
    }

    /// Every sidecar name in the project, sorted.
    pub fn sidecar_names(&self) -> BTreeSet<&str> {
        self.services
            .iter()
            .flat_map(|s| s.sidecars.iter().map(|c| c.name()))
            .collect()
    }
}

/// The marketplace items in `dir`, sorted by id; their problems go to `errors`.
pub(crate) fn read_marketplace(
    root: &Path,
    dir: &str,
    errors: &mut Vec<Diagnostic>,
) -> Vec<MarketplaceItem> {
    let guard = Guard::new(root);
    let mut marketplace = Vec::new();
    for (rel, stem) in item_files(root, dir) {
        // `.json`: what `miactl` prints (`-o json`) and the Console exports.
        let read = if rel.ends_with(".json") {
            read_as(&guard, &rel, MAX_FILE_BYTES, yaml::parse_json)
        } else {
            read_checked(&guard, &rel)
        };
        match read {
            Ok(doc) => {
                let (item, errs) = format::mia::marketplace::read_item(doc, &rel, &stem);
                errors.extend(errs);
                marketplace.extend(item);
            }
            Err(d) => errors.push(d),
        }
    }
    marketplace.sort_by(|a, b| a.item_id.cmp(&b.item_id));
    marketplace
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
