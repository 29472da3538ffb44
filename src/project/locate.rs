//! Finding the project a command works on: `-C`, `$SIDECARCTL_PROJECT`, walking up.

use std::path::{Path, PathBuf};

use super::PROJECT_FILE;
use crate::error::{Error, Hint, Locate, Result};
use crate::format::registry;

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
        None => std::env::current_dir().map_err(|source| Error::Io {
            context: "cannot read the current folder".into(),
            source,
        })?,
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
            .with_hint(Hint::Locate(Locate::ExistingFile)),
        (false, false) => Error::failed(format!("project folder {} does not exist", p.display()))
            .with_hint(Hint::Locate(Locate::ExistingFolder)),
        (_, true) => Error::failed(format!("{} is neither a file nor a folder", p.display()))
            .with_hint(Hint::Locate(Locate::FolderOrFile)),
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
    if let Some(what) = too_wide(&start) {
        return Err(Error::failed(format!(
            "no {PROJECT_FILE} found in {} or any parent folder, and {what} is never read as an \
             implicit project",
            start.display()
        ))
        .with_hint(Hint::Locate(Locate::NarrowerFolder)));
    }
    // SPEC §6.1: a folder of workload manifests is a `kubernetes` project as it is; a Console
    // configuration repository's `api-console-config.json` is the project.
    for format in registry::FORMATS {
        if let Some(root) = format.implicit_root(&start)? {
            return Ok(root);
        }
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

/// Whether the file at `path` is a whole project by itself (a Console project configuration),
/// as its first bytes say.
pub fn is_project_file(path: &Path) -> bool {
    registry::is_project_file(path)
}

/// No project at or above `start`: the error names the Console configurations found there, which
/// only `-C FILE` makes a project.
fn no_project(start: &Path) -> Error {
    let mut consoles: Vec<String> = std::fs::read_dir(start)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json") && is_project_file(&start.join(n)))
        .collect();
    consoles.sort();
    let err = Error::failed(format!(
        "no {PROJECT_FILE} found in {} or any parent folder, and no Kubernetes manifest in it",
        start.display()
    ));
    match consoles.into_iter().next() {
        Some(f) => err.with_hint(Hint::Locate(Locate::ConsoleFile(f))),
        None => err.with_hint(Hint::Locate(Locate::Nothing)),
    }
}
