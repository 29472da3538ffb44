//! Reading one file of the project: guarded against links out of it, bounded, parsed.

use std::fs::File;
use std::path::{Path, PathBuf};

use super::MAX_FILE_BYTES;
use crate::diagnostic::{Code, Diagnostic};
use crate::format;
use crate::model::MarketplaceItem;
use crate::yaml;

/// A file read and parsed, or the diagnostic saying why not. The file must not be a link that
/// leaves the project (its folder is checked once by the caller: see [`Guard`]).
pub(crate) fn read_document(root: &Path, rel: &str) -> Result<yaml::Document, Diagnostic> {
    read_checked(&Guard::new(root), rel)
}

/// The project's reader as formats use it to open a project ([`format::Files`]).
pub(crate) struct ProjectFiles {
    guard: Guard,
}

impl ProjectFiles {
    pub(crate) fn new(root: &Path) -> Self {
        Self {
            guard: Guard::new(root),
        }
    }
}

impl format::Files for ProjectFiles {
    fn root(&self) -> &Path {
        &self.guard.root
    }

    fn read(
        &self,
        rel: &str,
        parse: &dyn Fn(String) -> Result<yaml::Document, yaml::YamlError>,
    ) -> Result<yaml::Document, Diagnostic> {
        read_as(&self.guard, rel, MAX_FILE_BYTES, parse)
    }

    fn marketplace(&self, dir: &str, errors: &mut Vec<Diagnostic>) -> Vec<MarketplaceItem> {
        read_marketplace(&self.guard.root, dir, errors)
    }

    fn outside(&self, path: &Path) -> Option<String> {
        self.guard.resolve(path).err().map(|e| e.to_string())
    }
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
    fn open(&self, path: &Path) -> std::io::Result<Result<File, LinksOutside>> {
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
    pub(super) fn resolve(&self, path: &Path) -> Result<(), LinksOutside> {
        let Some(root) = &self.real_root else {
            return Ok(());
        };
        match format::leads_out(root, path) {
            Some(to) => Err(LinksOutside { to }),
            None => Ok(()),
        }
    }
}

/// A path that resolves, through links, outside the project.
#[derive(Debug, thiserror::Error)]
#[error("refusing a file that links outside the project (to {})", .to.display())]
pub(crate) struct LinksOutside {
    to: PathBuf,
}

fn read_checked(guard: &Guard, rel: &str) -> Result<yaml::Document, Diagnostic> {
    read_as(guard, rel, MAX_FILE_BYTES, yaml::parse)
}

/// A file read and parsed by `parse`, with its aliases checked.
pub(super) fn read_as(
    guard: &Guard,
    rel: &str,
    max_bytes: u64,
    parse: impl Fn(String) -> Result<yaml::Document, yaml::YamlError>,
) -> Result<yaml::Document, Diagnostic> {
    let root = guard.root.as_path();
    let path = root.join(rel);
    let fail = |code, at, msg: String| Diagnostic::error(code, rel, at, msg);
    let cannot = |e: std::io::Error| fail(Code::FileRead, None, format!("cannot read: {e}"));
    let mut file = guard
        .open(&path)
        .map_err(cannot)?
        .map_err(|m| fail(Code::FileOutsideProject, None, m.to_string()))?;
    let checked_ns = yaml::stamp::now_ns();
    let meta = file.metadata().map_err(cannot)?;
    let len = meta.len();
    if len > max_bytes {
        return Err(fail(
            Code::FileTooLarge,
            None,
            format!("file is {len} bytes; files over {max_bytes} bytes are refused"),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize + 1);
    std::io::Read::read_to_end(&mut file, &mut bytes).map_err(cannot)?;
    let mut doc = format::decode(rel, bytes, &parse)?;
    doc.on_disk = yaml::stamp::when_read(&meta, checked_ns);
    Ok(doc)
}

/// Refuses a path that resolves (through links) outside the project.
pub(crate) fn check_inside(root: &Path, path: &Path) -> Result<(), LinksOutside> {
    Guard::new(root).resolve(path)
}

/// The marketplace items of `dir`: its YAML files and its `.json` files, as (path, stem).
fn item_files(root: &Path, dir: &str) -> Vec<(String, String)> {
    let mut out = format::yaml_files(root, dir);
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
                let (item, errs) = format::read_item(doc, &rel, &stem);
                errors.extend(errs);
                marketplace.extend(item);
            }
            Err(d) => errors.push(d),
        }
    }
    marketplace.sort_by(|a, b| a.item_id.cmp(&b.item_id));
    marketplace
}

/// A file's name without its folder and extension: the `stem` a format reads it with.
pub(crate) fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}
