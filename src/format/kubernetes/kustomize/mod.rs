//! Kustomize overlays (SPEC §8.1): the sidecars a kustomization's patches add to the workloads
//! it builds from.
//!
//! As the project lists its files, every kustomization is read with what it builds from
//! (resources and bases, components, recursively). The project's scan then reads the manifests,
//! keeping what a patch needs of the workloads of those some patch may reach
//! ([`Overlays::keep`]), and reads the files holding patches (a patch file, or a kustomization
//! with inline patches) last: each into one workload per patch document and target, the
//! targets found among the kept workloads (a manifest the scan did not read is read then), with
//! the containers the patch adds (a name the target's base lacks; a JSON 6902 `add` of a
//! container) and the ID of the target prefixed by the overlay's folder
//! (`overlays/prod:shop/deployment/cart`).

pub mod create;
pub mod delete;
pub mod graph;
pub mod images;
pub mod inline;
mod read;
pub mod target;
mod unlist;

pub use unlist::unlist;

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use graph::{Entry, Form, Graph, Kustomization};
use target::Resource;

pub use read::Effect;

use crate::format::kubernetes::pod::Pod;
use crate::yaml::Document;

/// A workload a patch may reach: what its selector matches on, and its containers' names.
#[derive(Debug, Clone)]
pub struct Base {
    pub resource: Resource,
    /// As manifests spell it, from the list of workload kinds.
    pub kind: &'static str,
    pub id: String,
    pub containers: Vec<String>,
}

/// One use of a patch: the overlay that renders it, and the workloads it may reach.
#[derive(Debug, Clone)]
pub struct Use {
    /// The folder of the kustomization that renders the patch (empty at the root).
    pub overlay: String,
    /// The folder of the kustomization (or component) that names it.
    pub kustomization: String,
    pub entry: Entry,
    /// The manifests the overlay builds from, in order: their workloads are the ones the patch
    /// may reach ([`Overlays::bases`]). Shared by every patch of the overlay.
    pub resources: Arc<[String]>,
    /// When kustomize applies it among the overlay's patches (counted from 0): a later patch's
    /// `$patch: delete` takes out what this one adds, and what an earlier one adds this one
    /// merges into ([`Overlays::around`]).
    pub step: usize,
    /// The `images:` entries kustomize applies after the patch, in order: its own
    /// kustomization's, and those of the components and overlay applied after it.
    pub images: Arc<[images::ImageEntry]>,
}

impl Use {
    /// The ID of `base` as this overlay renders it.
    pub fn id(&self, base: &Base) -> String {
        // Pushed, not formatted: a patch may reach thousands of workloads.
        let overlay = folder(&self.overlay);
        let mut id = String::with_capacity(overlay.len() + 1 + base.id.len());
        id.push_str(overlay);
        id.push(':');
        id.push_str(&base.id);
        id
    }
}

/// A folder as messages and IDs name it (`.` for the root).
pub fn folder(dir: &str) -> &str {
    if dir.is_empty() { "." } else { dir }
}

/// The patches of a project, by the file that holds them.
#[derive(Debug, Default)]
pub struct Overlays {
    pub by_file: HashMap<String, Vec<Use>>,
    /// The project's folder: the manifests are read from it.
    root: std::path::PathBuf,
    /// The manifests some patch may reach: their workloads are kept as the project's scan
    /// reads them ([`Overlays::keep`]), so that a patch finds its targets without reading
    /// those files a second time.
    wanted: HashSet<String>,
    /// The workloads of those manifests, by file, as the scan (or a patch) read them.
    read: Mutex<HashMap<String, Arc<Vec<Base>>>>,
    /// How many patches each overlay applies.
    steps: HashMap<String, usize>,
    /// The other overlays with patches that each overlay builds on.
    below: HashMap<String, Vec<String>>,
    /// What every overlay's patches add and delete, read once a patch that has others before
    /// or after it needs them.
    effects: OnceLock<HashMap<String, Vec<Effect>>>,
    /// The `images:` entries that render the manifests one kustomization (and no other)
    /// lists (its components' and its own), by file; a manifest they do not render is not
    /// there.
    images_of: HashMap<String, Arc<[images::ImageEntry]>>,
    /// Each kustomization's own `images:` entries, by folder, where it has some: what renders
    /// a patch written into it.
    own_images: HashMap<String, Vec<images::ImageEntry>>,
}

impl Overlays {
    /// Reads the kustomization files `kustomizations` of the project at `root`.
    pub fn build(root: &Path, kustomizations: &[String]) -> Self {
        let graph = Graph::read(root, kustomizations);
        let mut out = Overlays {
            root: root.to_path_buf(),
            ..Default::default()
        };
        let mut dirs: Vec<&Kustomization> = graph.by_dir.values().collect();
        dirs.sort_by(|a, b| a.dir.cmp(&b.dir));
        for k in dirs.into_iter().filter(|k| !k.component) {
            if !k.images.is_empty() {
                out.own_images.insert(k.dir.clone(), k.images.clone());
            }
            let stages = stages(&graph, k, &mut Vec::new());
            // Its components' entries apply to its resources too, before its own.
            let chain = images_after(&stages, &stages[0].dir);
            if !chain.is_empty() {
                for r in k.resources.iter().filter(|r| graph.at(r).is_none()) {
                    out.images_of.insert(r.clone(), chain.clone());
                }
            }
            if stages.iter().all(|n| n.patches.is_empty()) {
                continue;
            }
            let order = applied(&stages);
            out.steps.insert(k.dir.clone(), order.len());
            let (resources, folders) = graph.resource_files_and_folders(k);
            out.below.insert(k.dir.clone(), folders);
            let resources: Arc<[String]> = resources.into();
            out.wanted.extend(resources.iter().cloned());
            for n in &stages {
                for (i, e) in n.patches.iter().enumerate() {
                    let file = e.path.clone().unwrap_or_else(|| n.file.clone());
                    let step = order.iter().position(|o| *o == (n.dir.as_str(), i));
                    out.by_file.entry(file).or_default().push(Use {
                        overlay: k.dir.clone(),
                        kustomization: n.dir.clone(),
                        entry: e.clone(),
                        resources: resources.clone(),
                        step: step.unwrap_or_default(),
                        images: images_after(&stages, &n.dir),
                    });
                }
            }
        }
        if !out.images_of.is_empty() {
            // A manifest two kustomizations list renders as each says: none is its image.
            let mut listed: HashMap<&str, usize> = HashMap::new();
            for k in graph.by_dir.values().filter(|k| !k.component) {
                for r in &k.resources {
                    *listed.entry(r).or_default() += 1;
                }
            }
            out.images_of
                .retain(|f, _| listed.get(f.as_str()) == Some(&1));
        }
        // Only the folders that are overlays with patches, the overlay itself left out.
        let overlays: HashSet<String> = out.steps.keys().cloned().collect();
        for (k, below) in &mut out.below {
            below.retain(|d| d != k && overlays.contains(d));
        }
        out
    }

    /// The files holding patches that are not otherwise read (inline patches' kustomizations).
    pub fn files(&self) -> impl Iterator<Item = &String> {
        self.by_file.keys()
    }

    pub fn uses(&self, file: &str) -> Option<&[Use]> {
        self.by_file.get(file).map(Vec::as_slice)
    }

    /// The `images:` entries that render the manifest `file`: those of the one kustomization
    /// listing it, and of its components. None when none could change an image.
    pub fn images_of(&self, file: &str) -> Option<&[images::ImageEntry]> {
        self.images_of.get(file).map(|c| &c[..])
    }

    /// The image `image` renders as, written in `file`, where an `images:` entry changes it:
    /// a manifest one kustomization lists, or (`new_patch`) a patch its folder's kustomization
    /// names last (its own entries apply after it).
    pub fn pinned(
        &self,
        file: &str,
        new_patch: bool,
        image: &str,
    ) -> Option<(String, &images::ImageEntry)> {
        let chain = match new_patch {
            true => {
                let dir = Path::new(file).parent()?.to_string_lossy();
                self.own_images.get(dir.as_ref()).map(Vec::as_slice)?
            }
            false => self.images_of(file)?,
        };
        images::render(chain, image)
    }

    /// Whether some patch may reach the workloads of the manifest `file`.
    pub fn wants(&self, file: &str) -> bool {
        self.wanted.contains(file)
    }

    /// Keeps what a patch needs of the workloads `pods` of the manifest `file` (parsed as
    /// `doc`), as the project's scan reads it.
    pub fn keep(&self, file: &str, doc: &Document, pods: &[Pod]) {
        let bases = pods.iter().map(|p| read::base(doc, p)).collect();
        self.lock().insert(file.to_string(), Arc::new(bases));
    }

    /// The workloads `u` may reach, in the order of its overlay's resources. A manifest the
    /// scan did not read (not listed, or a patch read before it) is read here, once.
    pub fn bases(&self, u: &Use) -> Vec<Arc<Vec<Base>>> {
        use rayon::prelude::*;
        let unread: Vec<&String> = {
            let read = self.lock();
            u.resources
                .iter()
                .filter(|f| !read.contains_key(*f))
                .collect()
        };
        // Read outside the lock: the scan's other threads keep their files meanwhile.
        let fresh: Vec<(String, Arc<Vec<Base>>)> = unread
            .into_par_iter()
            .map(|f| (f.clone(), Arc::new(read::bases(&self.root, f))))
            .collect();
        let mut read = self.lock();
        for (f, b) in fresh {
            read.entry(f).or_insert(b);
        }
        u.resources
            .iter()
            .filter_map(|f| read.get(f).cloned())
            .collect()
    }

    /// What the patches rendered around `u` do: those applied before it (an earlier patch of
    /// its overlay, or any patch of an overlay it builds on), and the later ones of its overlay.
    /// Both empty when `u` is its overlay's only patch and builds on no other, the most common
    /// case, without reading anything.
    pub fn around(&self, u: &Use) -> (Vec<&Effect>, Vec<&Effect>) {
        let below = self.below.get(&u.overlay).map_or(&[][..], Vec::as_slice);
        let last = self.steps.get(&u.overlay).is_none_or(|n| u.step + 1 >= *n);
        if u.step == 0 && below.is_empty() && last {
            return (Vec::new(), Vec::new());
        }
        let all = self.effects.get_or_init(|| {
            let mut by_overlay: HashMap<String, Vec<Effect>> = HashMap::new();
            for (file, uses) in &self.by_file {
                for (overlay, e) in read::effects(&self.root, file, uses) {
                    by_overlay.entry(overlay).or_default().push(e);
                }
            }
            by_overlay
        });
        let of = |overlay: &str| all.get(overlay).into_iter().flatten();
        let before = of(&u.overlay)
            .filter(|e| e.step < u.step)
            .chain(below.iter().flat_map(|b| of(b)))
            .collect();
        let after = of(&u.overlay).filter(|e| e.step > u.step).collect();
        (before, after)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Vec<Base>>>> {
        self.read.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// `k` and the components it includes, in the order kustomize renders them: each component
/// (once, in the order listed) before the kustomization including it, `k` last.
fn stages<'g>(
    graph: &'g Graph,
    k: &'g Kustomization,
    seen: &mut Vec<&'g str>,
) -> Vec<&'g Kustomization> {
    let mut out = Vec::new();
    if seen.contains(&k.dir.as_str()) {
        return out;
    }
    seen.push(&k.dir);
    for c in &k.components {
        if let Some(sub) = graph.at(c) {
            out.extend(stages(graph, sub, seen));
        }
    }
    out.push(k);
    out
}

/// The patches of `stages` in kustomize's order, as (folder, index among its patches): by
/// stage; within one, `patchesStrategicMerge`, then `patches`, then `patchesJson6902`,
/// whatever order the file lists them in.
fn applied<'g>(stages: &[&'g Kustomization]) -> Vec<(&'g str, usize)> {
    let rank = |e: &Entry| match e.form {
        Some(Form::Strategic) => 0,
        None => 1,
        Some(Form::Json6902) => 2,
    };
    let mut out = Vec::new();
    for k in stages {
        let mut own: Vec<usize> = (0..k.patches.len()).collect();
        own.sort_by_key(|i| rank(&k.patches[*i]));
        out.extend(own.into_iter().map(|i| (k.dir.as_str(), i)));
    }
    out
}

/// The `images:` entries applied after the patches of the stage `dir`: its own, then the later
/// stages'. A stage's transformers run after its patches, on all it has built so far.
fn images_after(stages: &[&Kustomization], dir: &str) -> Arc<[images::ImageEntry]> {
    let from = stages.iter().position(|k| k.dir == dir).unwrap_or(0);
    stages[from..]
        .iter()
        .flat_map(|k| k.images.iter().cloned())
        .collect()
}

pub use read::workloads;

/// The list of operations and the index of the JSON 6902 `add` whose value is the container
/// `c` of the patch workload `w`, if it is one.
pub fn json6902_op(
    w: &crate::model::Workload,
    c: &crate::model::Container,
) -> Option<(crate::route::Route, usize)> {
    use crate::route::{Slot, Step};
    w.object.as_ref()?.source.as_ref()?;
    let Slot::Main(route) = &c.slot else {
        return None;
    };
    let (op, Step::Key(key)) = route.split_last()? else {
        return None;
    };
    let (ops, Step::Index(index)) = op.split_last()? else {
        return None;
    };
    (key == "value").then_some((ops, *index))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\n  labels: {app: cart}\nspec:\n  template:\n    spec:\n      containers:\n        - name: cart\n          image: shop/cart:1.0\n";

    /// A base of one Deployment and an overlay patching every Deployment.
    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("base/kustomization.yaml", "resources:\n  - cart.yaml\n");
        write("base/cart.yaml", BASE);
        write(
            "prod/kustomization.yaml",
            "resources:\n  - ../base\npatches:\n  - path: envoy.yaml\n    target: {kind: Deployment}\n",
        );
        dir
    }

    fn names(bases: &[Arc<Vec<Base>>]) -> Vec<&str> {
        bases
            .iter()
            .flat_map(|b| b.iter())
            .map(|b| b.id.as_str())
            .collect()
    }

    #[test]
    fn patches_apply_components_first_then_strategic_merge_then_patches_then_json6902() {
        let dir = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let component = "kind: Component\npatches:\n  - path: p.yaml\n";
        write("c0/kustomization.yaml", component);
        write(
            "c1/kustomization.yaml",
            &format!("{component}components:\n  - ../c0\n"),
        );
        write("c2/kustomization.yaml", component);
        // Listed in the order kustomize does not apply them.
        write(
            "o/kustomization.yaml",
            "patchesJson6902:\n  - path: j.yaml\npatches:\n  - path: p.yaml\npatchesStrategicMerge:\n  - s.yaml\ncomponents:\n  - ../c1\n  - ../c2\n  - ../c0\n",
        );
        let files: Vec<String> = ["c0", "c1", "c2", "o"]
            .map(|d| format!("{d}/kustomization.yaml"))
            .into();
        let graph = Graph::read(dir.path(), &files);
        let o = graph.at("o").unwrap();
        let order: Vec<String> = applied(&stages(&graph, o, &mut Vec::new()))
            .into_iter()
            .map(|(dir, i)| format!("{dir}:{:?}", graph.at(dir).unwrap().patches[i].path))
            .collect();
        let p = |f: &str| format!("{}:Some({:?})", &f[..f.find('/').unwrap()], f);
        // c0 once, before c1 which includes it.
        assert_eq!(
            order,
            [
                p("c0/p.yaml"),
                p("c1/p.yaml"),
                p("c2/p.yaml"),
                p("o/s.yaml"),
                p("o/p.yaml"),
                p("o/j.yaml"),
            ]
        );
    }

    #[test]
    fn a_patch_reaches_the_workloads_the_scan_kept_without_reading_them_again() {
        let dir = project();
        let files = [
            "base/kustomization.yaml".into(),
            "prod/kustomization.yaml".into(),
        ];
        let overlays = Overlays::build(dir.path(), &files);
        assert!(overlays.wants("base/cart.yaml"));
        assert!(!overlays.wants("prod/envoy.yaml"));
        let doc = crate::yaml::parse_stream(BASE.to_string()).unwrap();
        let (pods, _) = crate::format::kubernetes::pod::read(&doc, "base/cart.yaml", &|_| false);
        overlays.keep("base/cart.yaml", &doc, &pods);
        // Gone from the disk: what the patch reaches is what the scan kept.
        std::fs::remove_file(dir.path().join("base/cart.yaml")).unwrap();
        let u = &overlays.uses("prod/envoy.yaml").unwrap()[0];
        assert_eq!(names(&overlays.bases(u)), ["deployment/cart"]);
    }

    #[test]
    fn a_manifest_the_scan_did_not_read_is_read_for_the_patch_once() {
        let dir = project();
        let files = [
            "base/kustomization.yaml".into(),
            "prod/kustomization.yaml".into(),
        ];
        let overlays = Overlays::build(dir.path(), &files);
        let u = &overlays.uses("prod/envoy.yaml").unwrap()[0];
        assert_eq!(names(&overlays.bases(u)), ["deployment/cart"]);
        std::fs::remove_file(dir.path().join("base/cart.yaml")).unwrap();
        assert_eq!(names(&overlays.bases(u)), ["deployment/cart"]);
    }
}
