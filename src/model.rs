//! The typed view of the files: project file, workloads, containers, marketplace items. It names
//! no key of any workload format: each format reads its files into these types (see
//! the `format` module).
//!
//! Each typed value remembers where it came from, and the parsed [`Document`] is kept beside it,
//! so unknown fields are never lost and the edit layer can find the exact text to change.

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::route::{Route, Slot};
use crate::yaml::{Document, Kind, Node};

/// A value with the 1-based line and column it was read at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    // u32 keeps the model small: a large project holds hundreds of thousands of these.
    line: u32,
    column: u32,
}

impl<T> Located<T> {
    pub fn new(value: T, line: usize, column: usize) -> Self {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Self {
            value,
            line: clamp(line),
            column: clamp(column),
        }
    }

    pub fn line(&self) -> usize {
        self.line as usize
    }

    pub fn at(&self) -> Option<(usize, usize)> {
        Some((self.line as usize, self.column as usize))
    }
}

/// `{min, max}`: min is the Kubernetes request, max the limit.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Limits {
    pub min: Option<Located<String>>,
    pub max: Option<Located<String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resources {
    pub cpu: Option<Limits>,
    pub memory: Option<Limits>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    pub name: Located<String>,
    pub mount_path: Option<Located<String>>,
}

/// How a sidecar runs beside the main container. Mia files know only classic sidecars;
/// Kubernetes also has native ones (init containers that keep running).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Placement {
    #[default]
    Classic,
    Native,
}

impl Placement {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Classic => "classic",
            Self::Native => "native",
        }
    }
}

/// A container: a workload's main container or one of its sidecars.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Container {
    pub name: Option<Located<String>>,
    pub image: Option<Located<String>>,
    pub resources: Option<Resources>,
    pub config_maps: Vec<Mount>,
    pub secrets: Vec<Mount>,
    /// Keys the format does not know (kept as they are).
    pub unknown_keys: Vec<Located<String>>,
    pub line: usize,
    pub column: usize,
    /// Where the container's entry is: every command finds it here.
    pub slot: Slot,
    /// Classic, or native (a Kubernetes init container that keeps running).
    pub placement: Placement,
    /// Whether it has a startup probe (Kubernetes `startupProbe`): a policy may ask a native
    /// sidecar for one.
    pub startup_probe: bool,
}

impl Container {
    /// The main container of a workload that has none of its own (a parent of Helm values
    /// lists, a patch's target, a pod whose containers are all special): its place is `slot`.
    pub fn absent(slot: Slot, line: usize, column: usize) -> Self {
        Self {
            name: None,
            image: None,
            resources: None,
            config_maps: Vec::new(),
            secrets: Vec::new(),
            unknown_keys: Vec::new(),
            line,
            column,
            slot,
            placement: Placement::Classic,
            startup_probe: false,
        }
    }

    pub fn name(&self) -> &str {
        self.name.as_ref().map_or("", |n| n.value.as_str())
    }
    pub fn image(&self) -> Option<&str> {
        self.image.as_ref().map(|i| i.value.as_str())
    }
}

/// One workload: a service with its main container and its sidecars.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The name the file gives, if any.
    pub name: Option<Located<String>>,
    /// The identity used on the command line (for a Mia service, the file name without its
    /// extension).
    pub id: String,
    /// Path relative to the project root, `/`-separated.
    pub file: String,
    /// Where the workload's object is in its file: its document, and the route inside it.
    pub route: Route,
    pub main: Container,
    pub sidecars: Vec<Container>,
    /// Ordinary init containers (Kubernetes): shown, never changed.
    pub init: Vec<Container>,
    /// The named object the workload is, in a file of such objects (a Kubernetes manifest);
    /// None for a service of a Mia or Console project.
    pub object: Option<Box<Object>>,
    /// The workload's own labels, in file order (a Kubernetes object's `metadata.labels`, a
    /// Console service's `labels`, a Mia service file's `labels`): what a label selector reads.
    pub labels: Vec<(String, String)>,
    /// The parsed file, when the command loaded it (see `project::Documents`); shared by every
    /// workload of the file.
    pub doc: Option<Arc<Document>>,
}

impl Workload {
    /// The parsed file. Commands that show or change text load it; asking for it otherwise is a
    /// bug in the command.
    pub fn document(&self) -> crate::Result<&Arc<Document>> {
        self.doc.as_ref().ok_or_else(|| {
            crate::Error::failed(format!(
                "internal error: {} was loaded without its text",
                self.file
            ))
        })
    }

    pub fn sidecar(&self, name: &str) -> Option<&Container> {
        self.sidecars.iter().find(|c| c.name() == name)
    }

    /// What choosing the targets of a change reads of a workload: its identity, where it is,
    /// and its containers' names and places, without their resources, mounts or checks (a
    /// change of thousands of targets holds one of these for each, and reads each target's
    /// file again to plan it: see `Project::load_lean`).
    pub fn into_skeleton(mut self) -> Self {
        self.doc = None;
        // A sidecar keeps its image: `create` warns of drift across the whole project.
        for c in std::iter::once(&mut self.main).chain(&mut self.init) {
            c.image = None;
        }
        let containers = std::iter::once(&mut self.main)
            .chain(&mut self.sidecars)
            .chain(&mut self.init);
        for c in containers {
            c.resources = None;
            c.config_maps = Vec::new();
            c.secrets = Vec::new();
            c.unknown_keys = Vec::new();
            // Where the entry is matters only to the plan, made from the file read again.
            c.slot = match &c.slot {
                Slot::Main(_) => Slot::Main(Route::root(0)),
                Slot::Item { index, .. } => Slot::Item {
                    list: Route::root(0),
                    index: *index,
                },
            };
        }
        self.sidecars.shrink_to_fit();
        self.init.shrink_to_fit();
        if let Some(o) = &mut self.object {
            o.checks = Vec::new();
        }
        // Copied once its document is gone: what it keeps was allocated among the document's
        // nodes, and would hold their pages resident for as long as the skeleton lives.
        let skeleton = self.clone();
        drop(self);
        skeleton
    }
}

/// A workload that is a named object of a file that may hold several (a Kubernetes manifest
/// today): what its ID is made of and where it is, which the output contract names (SPEC §3,
/// §6.2), and what its format found as it read it.
#[derive(Debug, Clone)]
pub struct Object {
    /// As the file spells it (`Deployment`).
    pub kind: &'static str,
    pub name: String,
    pub namespace: Option<String>,
    /// The document of the file, counted from 0 (empty documents count).
    pub document: usize,
    /// Why no command may change the workload (its shape is wrong), if it may not.
    pub blocked: Option<Diagnostic>,
    /// Whether the workload is its file's only one: `edit --all` plans the workloads of a file
    /// with several together (see `plan::edit_file`).
    pub alone: bool,
    /// Whether it is the last workload of its file, as the file is read.
    pub last: bool,
    /// What `validate` says of the workload (SPEC §6.2), found as its format read it.
    pub checks: Vec<Diagnostic>,
    /// Where its sidecars come from when another file adds them to it (a kustomize patch):
    /// the workload is then what that file adds, as the object it reaches.
    pub source: Option<Box<Source>>,
    /// The sidecars whose image, as their kustomization renders them, is not the one written:
    /// another entry (kustomize's `images:`) rewrites it.
    pub images: Vec<ImageSet>,
}

/// The file that adds a workload's sidecars to an object of another file (SPEC §8.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// What kind of source (`kustomize-patch`).
    pub kind: &'static str,
    /// The file holding the added containers.
    pub file: String,
    /// The folder of the kustomization naming the patch.
    pub kustomization: String,
    /// The document of `file`, counted from 0.
    pub document: usize,
    /// The IDs of every workload the same entry reaches (this one included): changing the
    /// entry changes them all.
    pub reaches: Arc<[String]>,
    /// Where the entry's text is a value of `file` (an inline patch), if it is.
    pub held: Option<Held>,
    /// Whether the entry is a list of JSON 6902 operations: its containers are added even
    /// where the target has one of their name (a strategic merge merges them instead).
    pub json6902: bool,
    /// The containers of the entry that merge into one an earlier patch adds to the workload
    /// (often a resources or image override): only part of a container, no copy's source.
    pub merges: Vec<String>,
}

/// A container whose image an entry outside its own text sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSet {
    pub container: String,
    /// The image its own text says.
    pub written: String,
    /// The entry that sets it, as messages name it (what, and its file, line and column).
    pub by: String,
}

/// A text held as a value of its file (a literal block scalar): the workload's document is that
/// text, parsed on its own; a change edits it, and its new text goes back into the value.
#[derive(Debug, Clone)]
pub struct Held {
    /// The route of the value in the file.
    pub route: Route,
    /// The file, parsed, when the command loaded texts.
    pub file: Option<Arc<Document>>,
}

impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        self.route == other.route
    }
}

impl Eq for Held {}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialSidecar {
    pub name: String,
    pub managed_by: String,
}

/// `sidecarctl.yaml`.
#[derive(Debug, Clone)]
pub struct ProjectFile {
    pub name: Option<Located<String>>,
    pub services_dir: String,
    pub marketplace_dir: String,
    /// The folder keys the file sets (`servicesDir`, `marketplaceDir`), where it sets them: a
    /// folder set by hand must exist, a default one may be absent.
    pub dirs_set: Vec<(&'static str, Located<String>)>,
    pub service_secrets: Vec<String>,
    pub special_sidecars: Vec<SpecialSidecar>,
    pub defaults: Option<Resources>,
    /// `format:` (SPEC §6.1): `mia` when absent.
    pub format: Option<Located<String>>,
    /// `kubernetes`: where the manifests are (the whole folder when empty), and what to skip.
    pub paths: Vec<String>,
    pub exclude: Vec<String>,
    /// `kubernetes`: `defaults.placement`.
    pub placement: Option<Located<String>>,
    /// Whether the file lists `specialSidecars` (an empty list included).
    pub special_set: bool,
    /// For `console`, the project's one `file:`.
    pub file: Option<Located<String>>,
    /// `sources:` (SPEC §8): (name, on) for each other place of sidecars the file sets.
    pub sources: Vec<(String, bool)>,
}

impl ProjectFile {
    /// Whether the project reads the sidecars of the source `name` (on unless set off).
    pub fn source_on(&self, name: &str) -> bool {
        self.sources.iter().all(|(n, on)| n != name || *on)
    }
}

/// A marketplace item (`marketplace/<itemId>.yaml`).
#[derive(Debug, Clone)]
pub struct MarketplaceItem {
    pub item_id: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub item_type: Option<String>,
    pub tenant_id: Option<String>,
    pub file: String,
    pub doc: Document,
}

/// Reads typed values out of a document, collecting type errors instead of stopping at the first.
pub struct Reader<'a> {
    pub doc: &'a Document,
    pub file: &'a str,
    pub errors: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(doc: &'a Document, file: &'a str) -> Self {
        Self {
            doc,
            file,
            errors: Vec::new(),
        }
    }

    pub(crate) fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        self.errors.push(Diagnostic::error(
            Code::YamlWrongType,
            self.file,
            Some((node.line, node.column)),
            format!("`{what}` must be {expected}, found {}", node.kind_name()),
        ));
    }

    /// The mapping at `node`, or a type error.
    pub fn map(&mut self, node: &'a Node, what: &str) -> Option<&'a Node> {
        let node = self.doc.resolve(node);
        match node.kind {
            Kind::Map { .. } => Some(node),
            _ => {
                self.wrong_type(node, what, "a mapping");
                None
            }
        }
    }

    /// A string field (numbers and booleans are taken as written); a missing or null field is None.
    pub fn string(&mut self, map: &'a Node, key: &str) -> Option<Located<String>> {
        let node = self.doc.get(map, key)?;
        if node.is_null() {
            return None;
        }
        match &node.kind {
            Kind::Scalar { value, .. } => Some(Located::new(
                value.as_str().to_owned(),
                node.line,
                node.column,
            )),
            _ => {
                self.wrong_type(node, key, "a string");
                None
            }
        }
    }

    /// A sequence field; a missing or null field is empty.
    pub fn seq(&mut self, map: &'a Node, key: &str) -> Vec<&'a Node> {
        let Some(node) = self.doc.get(map, key) else {
            return Vec::new();
        };
        match &node.kind {
            Kind::Seq { .. } => self.doc.items(node),
            _ if node.is_null() => Vec::new(),
            _ => {
                self.wrong_type(node, key, "a sequence");
                Vec::new()
            }
        }
    }

    pub fn strings(&mut self, map: &'a Node, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        for item in self.seq(map, key) {
            match item.as_str() {
                Some(s) => out.push(s.to_string()),
                None => self.wrong_type(item, key, "a list of strings"),
            }
        }
        out
    }
}

/// The project file's list of the secrets services may mount.
pub const SERVICE_SECRETS: &str = "serviceSecrets";
