//! The kustomizations of a project as kustomize reads them: what each builds from (resources,
//! bases and components, recursively) and the patches it names.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::target::Target;
use crate::format::kubernetes::files::{KUSTOMIZATION_FILES, normalise};
use crate::yaml::{Document, Node};

/// How a patch is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A partial manifest merged by key (`patches`, `patchesStrategicMerge`).
    Strategic,
    /// RFC 6902 operations (`patchesJson6902`, or a `patches` entry whose text is a list).
    Json6902,
}

/// One patch a kustomization names.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The patch file (relative to the project root), or None for an inline patch.
    pub path: Option<String>,
    /// An inline patch: the route of its text in the kustomization file.
    pub inline: Option<crate::route::Route>,
    pub form: Option<Form>,
    pub target: Option<Target>,
}

/// One kustomization file, read.
#[derive(Debug, Clone, Default)]
pub struct Kustomization {
    pub file: String,
    /// Its folder (empty at the project root).
    pub dir: String,
    pub component: bool,
    /// Files and folders it builds from (`resources`, `bases`), relative to the project root.
    pub resources: Vec<String>,
    /// The folders of the components it includes.
    pub components: Vec<String>,
    pub patches: Vec<Entry>,
    /// Its `images:` entries: applied after its patches to all it renders.
    pub images: Vec<super::images::ImageEntry>,
}

/// Reads the kustomization file `rel` (None when it cannot be read: kustomize says why).
pub fn read(root: &Path, rel: &str) -> Option<Kustomization> {
    let doc = crate::format::read_aside(root, rel, &crate::yaml::parse).ok()?;
    Some(from_doc(&doc, rel))
}

/// The kustomization that `doc` (the file `rel`) holds.
pub fn from_doc(doc: &Document, rel: &str) -> Kustomization {
    let root = doc.resolve(&doc.root);
    let dir = Path::new(rel).parent().unwrap_or(Path::new(""));
    let dir_text = dir.to_string_lossy().replace('\\', "/");
    let list = |key: &str| doc.get(root, key).map(|n| doc.items(n)).unwrap_or_default();
    let local = |p: &str| normalise(&dir.join(p));
    let paths = |key: &str| -> Vec<String> {
        list(key)
            .into_iter()
            .filter_map(Node::as_str)
            .filter_map(local)
            .collect()
    };
    let mut resources = paths("resources");
    resources.extend(paths("bases"));
    let mut k = Kustomization {
        file: rel.to_string(),
        dir: dir_text,
        component: doc
            .get(root, "kind")
            .and_then(Node::as_str)
            .is_some_and(|k| k == "Component"),
        resources,
        components: paths("components"),
        patches: Vec::new(),
        images: super::images::read(doc, root, rel),
    };
    let base = crate::route::Route::root(0);
    for (key, form) in [("patches", None), ("patchesJson6902", Some(Form::Json6902))] {
        for (i, p) in list(key).into_iter().enumerate() {
            let target = doc.get(p, "target").map(|t| Target::read(doc, t));
            let path = doc.get(p, "path").and_then(Node::as_str).and_then(local);
            let inline = doc
                .get(p, "patch")
                .filter(|n| n.as_str().is_some())
                .map(|_| base.key(key).index(i).key("patch"));
            if path.is_some() || inline.is_some() {
                k.patches.push(Entry {
                    path,
                    inline,
                    form,
                    target,
                });
            }
        }
    }
    for (i, p) in list("patchesStrategicMerge").into_iter().enumerate() {
        let Some(text) = p.as_str() else { continue };
        let (path, inline) = match text.contains('\n') {
            true => (None, Some(base.key("patchesStrategicMerge").index(i))),
            false => (local(text), None),
        };
        k.patches.push(Entry {
            path,
            inline,
            form: Some(Form::Strategic),
            target: None,
        });
    }
    k
}

/// Every kustomization of a project, by folder.
#[derive(Debug, Default)]
pub struct Graph {
    pub by_dir: HashMap<String, Kustomization>,
}

impl Graph {
    pub fn read(root: &Path, files: &[String]) -> Self {
        let mut by_dir = HashMap::new();
        for f in files {
            if let Some(k) = read(root, f) {
                by_dir.insert(k.dir.clone(), k);
            }
        }
        Self { by_dir }
    }

    /// The kustomization of the folder `dir`, if it has one the project read.
    pub fn at(&self, dir: &str) -> Option<&Kustomization> {
        self.by_dir.get(dir)
    }

    /// The resource files `k` builds from, through its bases and components, each once, in
    /// order (a kustomization met twice, a cycle included, is read once).
    pub fn resource_files(&self, k: &Kustomization) -> Vec<String> {
        self.resource_files_and_folders(k).0
    }

    /// [`Graph::resource_files`], and the folders of the kustomizations `k` builds from (itself
    /// included, unordered).
    pub fn resource_files_and_folders(&self, k: &Kustomization) -> (Vec<String>, Vec<String>) {
        let (mut seen, mut listed, mut out) = (HashSet::new(), HashSet::new(), Vec::new());
        self.collect(k, &mut seen, &mut listed, &mut out);
        (out, seen.into_iter().map(str::to_string).collect())
    }

    fn collect<'g>(
        &'g self,
        k: &'g Kustomization,
        seen: &mut HashSet<&'g str>,
        listed: &mut HashSet<&'g str>,
        out: &mut Vec<String>,
    ) {
        if !seen.insert(&k.dir) {
            return;
        }
        for r in k.resources.iter().chain(&k.components) {
            match self.at(r) {
                Some(sub) => self.collect(sub, seen, listed, out),
                None if is_manifest(r) && listed.insert(r) => out.push(r.clone()),
                None => {}
            }
        }
    }
}

fn is_manifest(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    // No extension holds a dot: the last one is the only one to look at.
    !KUSTOMIZATION_FILES.contains(&name)
        && name.rsplit_once('.').is_some_and(|(_, e)| {
            crate::format::kubernetes::files::MANIFEST_EXTENSIONS.contains(&e)
        })
}
