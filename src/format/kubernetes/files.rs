//! Which files a `kubernetes` project reads (SPEC §6.2 "Files").
//!
//! The rules follow what a user of Git and kubectl expects of a GitOps repository:
//! - `*.yaml`, `*.yml` and `*.json` (the extensions `kubectl apply -f DIR` reads, as it spells
//!   them) under the project's `paths`, the whole folder by default;
//! - what `.gitignore` ignores is not read, also outside a Git repository (a downloaded archive
//!   of the repository reads the same files as its clone). Inside a repository, the
//!   `.gitignore` files above the project folder up to the repository's root count too, as they
//!   do for Git. `.git/info/exclude` and the global excludes file are personal, not part of the
//!   repository, so they are not read: every clone and CI read the same files;
//! - hidden files and folders are skipped, except a hidden folder that `paths` names (`.k8s`);
//!   `paths` only narrows where to look otherwise: what `.gitignore` ignores stays ignored;
//! - `exclude` takes gitignore globs relative to the project root, and applies to everything;
//! - links are never followed: one that leaves the project could make sidecarctl read or write
//!   outside it. Linked files and folders are reported instead, for the loader to refuse;
//! - kustomization files are not manifests, and the files they name as patches hold partial
//!   documents, not workloads: both are set aside.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use super::kustomize::folder;
use crate::diagnostic::Diagnostic;

/// The extensions of manifest files.
pub const MANIFEST_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// The file names kustomize reads a kustomization from.
pub const KUSTOMIZATION_FILES: &[&str] =
    &["kustomization.yaml", "kustomization.yml", "Kustomization"];

/// What a project's folder holds for the `kubernetes` format. Paths are relative to the project
/// root, `/`-separated.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// The manifests to read, sorted.
    pub files: Vec<String>,
    /// Kustomization files: never workloads, read only for the patches they name. Sorted.
    pub kustomizations: Vec<String>,
    /// Files a kustomization names as patches: set aside, sorted by file.
    pub patches: Vec<Patch>,
    /// Links met on the way, not followed, sorted by path.
    pub links: Vec<Link>,
    /// Local files and folders a kustomization names that do not exist (`kustomize build`
    /// fails on them), in path order.
    pub missing: Vec<Named>,
    /// Kustomizations that build from themselves through their folders (`kustomize build`
    /// fails on them too): each cycle once, at the entry that closes it.
    pub cycles: Vec<Cycle>,
    /// Why each kustomization that cannot be read (not UTF-8, not YAML, a key twice) was not:
    /// neither its patches nor its entries are known.
    pub unread: Vec<Diagnostic>,
    /// What went wrong, in the order met.
    pub problems: Vec<Problem>,
}

/// A manifest that a kustomization uses as a patch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    pub file: String,
    /// The first kustomization (in path order) that names it.
    pub kustomization: String,
}

/// An entry of a kustomization naming a local path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    pub kustomization: String,
    /// The key it is listed under (`resources`, `patches`, …) and the path as written.
    pub key: &'static str,
    pub path: String,
    pub line: usize,
    pub column: usize,
}

/// A cycle of kustomizations: the entry that closes it, and the folders it goes through, from
/// the entry's own round to it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub entry: Named,
    pub through: Vec<String>,
}

/// A link to a manifest file, or to a folder, that the walk did not follow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub path: String,
    /// Whether it leads to a folder.
    pub folder: bool,
    pub target: LinkTarget,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// Into the project, at this path.
    Inside(String),
    /// Out of the project, to this real path.
    Outside(PathBuf),
    /// To nothing.
    Broken,
}

/// Why a file or `paths` entry could not be taken into account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A `paths` entry that is absolute or leads out of the project with `..`.
    PathOutside(String),
    /// A `paths` entry that does not exist.
    PathMissing(String),
    /// An `exclude` entry that is not a valid glob.
    BadExclude { glob: String, message: String },
    /// A file or folder that could not be read (`.` is the project folder itself).
    Unreadable { path: String, message: String },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::PathOutside(p) => {
                write!(f, "`paths` entry `{p}` must be a path inside the project")
            }
            Problem::PathMissing(p) => write!(f, "`paths` entry `{p}` does not exist"),
            Problem::BadExclude { glob, message } => {
                write!(f, "`exclude` entry `{glob}` is not a valid glob: {message}")
            }
            Problem::Unreadable { path, message } => write!(f, "{path}: cannot read: {message}"),
        }
    }
}

/// The files of the project at `root` that the `kubernetes` format reads, given the project
/// file's `paths` (empty: the whole folder) and `exclude`.
pub fn discover(root: &Path, paths: &[String], exclude: &[String]) -> Discovered {
    discover_with(root, paths, exclude, false)
}

/// [`discover`], staying on the file system of `root` when `same_fs` (an implicit project: a
/// folder without a project file must not reach into mounted disks, `/proc` or network shares).
pub fn discover_with(
    root: &Path,
    paths: &[String],
    exclude: &[String],
    same_fs: bool,
) -> Discovered {
    let mut out = Discovered::default();
    let real_root = match root.canonicalize() {
        Ok(r) => r,
        Err(e) => {
            out.problems.push(Problem::Unreadable {
                path: ".".into(),
                message: e.to_string(),
            });
            return out;
        }
    };
    let excluded = exclude_matcher(&real_root, exclude, &mut out.problems);
    let mut entries = Vec::new();
    for p in paths {
        match normalise(Path::new(p)) {
            None => out.problems.push(Problem::PathOutside(p.clone())),
            Some(rel) if std::fs::symlink_metadata(real_root.join(&rel)).is_err() => {
                out.problems.push(Problem::PathMissing(p.clone()))
            }
            Some(rel) => entries.push(PathBuf::from(rel)),
        }
    }
    if paths.is_empty() {
        entries.push(PathBuf::new());
    }
    let walked = walk(&real_root, entries, excluded, same_fs, &mut out.problems);
    let mut files = walked.manifests;
    out.links = walked.links.into_values().collect();
    out.kustomizations = walked.kustomizations.into_iter().collect();
    let mut builds = Vec::new();
    for k in &out.kustomizations {
        files.remove(k);
        let refs = kustomization_refs(&real_root, k);
        out.missing.extend(refs.missing);
        out.unread.extend(refs.unread);
        builds.extend(refs.builds);
        for named in refs.patches {
            if files.remove(&named) {
                out.patches.push(Patch {
                    file: named,
                    kustomization: k.clone(),
                });
            }
        }
    }
    out.cycles = cycles(&builds);
    out.patches.sort_by(|a, b| a.file.cmp(&b.file));
    // The project file configures sidecarctl; it is never a manifest.
    files.remove(crate::format::PROJECT_FILE);
    out.files = files.into_iter().collect();
    out
}

/// `exclude` as one gitignore, rooted at the project root.
fn exclude_matcher(root: &Path, exclude: &[String], problems: &mut Vec<Problem>) -> Arc<Gitignore> {
    let mut builder = GitignoreBuilder::new(root);
    for glob in exclude {
        if let Err(e) = builder.add_line(None, glob) {
            let message = match e {
                ignore::Error::Glob { err, .. } => err,
                other => other.to_string(),
            };
            problems.push(Problem::BadExclude {
                glob: glob.clone(),
                message,
            });
        }
    }
    Arc::new(builder.build().unwrap_or_else(|_| Gitignore::empty()))
}

/// A relative path without `.` and `..`, `/`-separated; None when it is absolute or leaves.
pub fn normalise(path: &Path) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

#[derive(Default)]
struct Walked {
    manifests: BTreeSet<String>,
    kustomizations: BTreeSet<String>,
    links: BTreeMap<String, Link>,
}

/// Walks the project once from its root, into the `entries` only: the walker then reads every
/// `.gitignore` between the root and a file, whatever `paths` says.
fn walk(
    root: &Path,
    entries: Vec<PathBuf>,
    excluded: Arc<Gitignore>,
    same_fs: bool,
    problems: &mut Vec<Problem>,
) -> Walked {
    let in_git = root
        .ancestors()
        .any(|d| d.join(".git").symlink_metadata().is_ok());
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .standard_filters(false)
        .git_ignore(true)
        // Inside a repository, the walker reads the `.gitignore` files above the root up to the
        // repository's root (no further: `require_git` stops it there). Outside one, nothing
        // above the project counts.
        .require_git(in_git)
        .parents(in_git)
        .same_file_system(same_fs)
        .follow_links(false);
    let base = root.to_path_buf();
    let entries = Arc::new(entries);
    let wanted = entries.clone();
    builder.filter_entry(move |e| {
        let Ok(rel) = e.path().strip_prefix(&base) else {
            return true;
        };
        // On the way to an entry (`apps` for `apps/shop`), or inside one.
        let toward = wanted.iter().any(|w| w.starts_with(rel));
        let inside = wanted.iter().any(|w| rel.starts_with(w));
        let hidden = e.file_name().to_str().is_some_and(|n| n.starts_with('.'));
        let is_dir = e.file_type().is_some_and(|t| t.is_dir());
        (toward || (inside && !hidden)) && !excluded.matched(rel, is_dir).is_ignore()
    });
    let mut out = Walked::default();
    for entry in builder.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.extend(unreadable(&e, None, root));
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(root) else {
            continue;
        };
        let Some(rel) = rel
            .to_str()
            .map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"))
        else {
            problems.push(Problem::Unreadable {
                path: rel.to_string_lossy().into_owned(),
                message: "the name is not UTF-8".into(),
            });
            continue;
        };
        let name = entry.file_name().to_str().unwrap_or_default();
        let is_manifest = Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| MANIFEST_EXTENSIONS.contains(&e));
        let Some(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_symlink() {
            let link = link(root, &rel, entry.path());
            if link.folder || is_manifest {
                out.links.insert(rel, link);
            }
        } else if kind.is_file() && KUSTOMIZATION_FILES.contains(&name) {
            out.kustomizations.insert(rel);
        } else if kind.is_file() && is_manifest {
            out.manifests.insert(rel);
        }
    }
    out
}

fn link(root: &Path, rel: &str, path: &Path) -> Link {
    let (folder, target) = match path.canonicalize() {
        Err(_) => (false, LinkTarget::Broken),
        Ok(real) => (
            real.is_dir(),
            match real.strip_prefix(root).ok().and_then(normalise) {
                Some(inside) => LinkTarget::Inside(inside),
                None => LinkTarget::Outside(real),
            },
        ),
    };
    Link {
        path: rel.to_string(),
        folder,
        target,
    }
}

/// The I/O failure inside a walk error. A bad line in a `.gitignore` is no failure: Git skips
/// it too.
fn unreadable(err: &ignore::Error, path: Option<&Path>, root: &Path) -> Option<Problem> {
    match err {
        ignore::Error::WithPath { path, err } => unreadable(err, Some(path), root),
        ignore::Error::WithDepth { err, .. } => unreadable(err, path, root),
        ignore::Error::Io(e) => Some(Problem::Unreadable {
            path: path
                .and_then(|p| p.strip_prefix(root).ok())
                .map_or(".".into(), |p| p.to_string_lossy().replace('\\', "/")),
            message: e.to_string(),
        }),
        _ => None,
    }
}

/// What a kustomization names: the files it uses as patches (relative to the root,
/// normalised), the local paths that do not exist, and the kustomization folders it builds
/// from (`resources`, `bases`, `components`), each with its entry; or why it cannot be read.
#[derive(Default)]
struct Refs {
    patches: Vec<String>,
    missing: Vec<Named>,
    builds: Vec<(Named, String)>,
    unread: Option<Diagnostic>,
}

/// What the kustomization at `rel` names. One that cannot be read or parsed names nothing.
fn kustomization_refs(root: &Path, rel: &str) -> Refs {
    let doc = match crate::format::read_aside(root, rel, &crate::yaml::parse) {
        Ok(doc) => doc,
        Err(d) => {
            return Refs {
                unread: Some(d),
                ..Refs::default()
            };
        }
    };
    let root_node = &doc.root;
    let list = |key: &str| {
        doc.get(root_node, key)
            .map(|n| doc.items(n))
            .unwrap_or_default()
    };
    // (key, path as written, where), for every local path the kustomization reads.
    let mut named: Vec<(&'static str, &crate::yaml::Node)> = Vec::new();
    // `patches` and `patchesJson6902` entries hold a `path`, or an inline `patch`.
    for key in ["patches", "patchesJson6902"] {
        named.extend(
            list(key)
                .into_iter()
                .filter_map(|p| doc.get(p, "path"))
                .map(|n| (key, n)),
        );
    }
    // `patchesStrategicMerge` entries are paths, or inline patches (YAML text, several lines).
    named.extend(
        list("patchesStrategicMerge")
            .into_iter()
            .filter(|p| p.as_str().is_some_and(|p| !p.contains('\n')))
            .map(|n| ("patchesStrategicMerge", n)),
    );
    let patch_count = named.len();
    // Files and folders (bases) it builds from: a URL or a Git address is not local.
    for key in ["resources", "bases", "components", "crds"] {
        named.extend(list(key).into_iter().map(|n| (key, n)));
    }
    let dir = Path::new(rel).parent().unwrap_or(Path::new(""));
    let mut refs = Refs::default();
    for (i, (key, node)) in named.into_iter().enumerate() {
        let Some(p) = node.as_str() else { continue };
        let entry = || Named {
            kustomization: rel.to_string(),
            key,
            path: p.to_string(),
            line: node.line,
            column: node.column,
        };
        if i < patch_count {
            refs.patches.extend(normalise(&dir.join(p)));
        }
        // Outside the project too: a base may live in a sibling folder.
        let meta = std::fs::symlink_metadata(root.join(dir).join(p));
        if meta.is_err() && !is_remote(p) {
            refs.missing.push(entry());
        }
        let is_dir = meta.is_ok_and(|m| m.is_dir());
        let folder = (i >= patch_count && is_dir && key != "crds")
            .then(|| normalise(&dir.join(p)))
            .flatten();
        if let Some(to) = folder.filter(|to| kustomization_file(root, to).is_some()) {
            refs.builds.push((entry(), to));
        }
    }
    refs
}

/// The kustomization file of the folder `dir`, if it has one.
pub fn kustomization_file(root: &Path, dir: &str) -> Option<String> {
    KUSTOMIZATION_FILES.iter().find_map(|f| {
        let rel = if dir.is_empty() {
            f.to_string()
        } else {
            format!("{dir}/{f}")
        };
        root.join(&rel).is_file().then_some(rel)
    })
}

/// The cycles among kustomization folders that `builds` makes (each an entry and the folder
/// it names), each once, at the entry found to close it.
fn cycles(builds: &[(Named, String)]) -> Vec<Cycle> {
    let from = |n: &Named| {
        let dir = n.kustomization.rsplit_once('/').map_or("", |(d, _)| d);
        dir.to_string()
    };
    let mut edges: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, (n, _)) in builds.iter().enumerate() {
        edges.entry(from(n)).or_default().push(i);
    }
    // 1: on the path being walked; 2: done.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    let mut out = Vec::new();
    for start in edges.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        // Walked without recursion: a chain of folders may be as long as the project is.
        let mut path: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        state.insert(start, 1);
        while let Some((dir, next)) = path.last_mut() {
            let out_edges = edges.get(*dir).map_or(&[][..], Vec::as_slice);
            let Some(&e) = out_edges.get(*next) else {
                state.insert(*dir, 2);
                path.pop();
                continue;
            };
            *next += 1;
            let (entry, to) = &builds[e];
            match state.get(to.as_str()) {
                None => {
                    state.insert(to, 1);
                    path.push((to, 0));
                }
                Some(1) => {
                    // From the folder of the entry, round to it again.
                    let at = path.iter().position(|(d, _)| *d == to).unwrap_or(0);
                    let last = path.last().map(|(d, _)| folder(d).to_string());
                    let rest = path[at..].iter().map(|(d, _)| folder(d).to_string());
                    let through = last.into_iter().chain(rest).collect();
                    out.push(Cycle {
                        entry: entry.clone(),
                        through,
                    });
                }
                Some(_) => {}
            }
        }
    }
    out
}

/// Whether a kustomization entry names something remote: a URL, a Git address
/// (`github.com/org/repo//path?ref=v1`, `git@host:org/repo`).
fn is_remote(entry: &str) -> bool {
    // A host name first: `github.com/…`, not `app.v2/…` or `deploy.yaml`.
    let first = entry.split('/').next().unwrap_or_default();
    let host = first.rsplit_once('.').is_some_and(|(name, tld)| {
        !name.is_empty()
            && tld.len() >= 2
            && tld.bytes().all(|b| b.is_ascii_lowercase())
            && !MANIFEST_EXTENSIONS.contains(&tld)
    });
    entry.contains("://")
        || entry.starts_with("git@")
        || entry.contains("?ref=")
        || (host && entry.contains('/'))
}

#[cfg(test)]
mod tests;
