//! File formats: how a kind of file holds workloads and their containers.
//!
//! A format is the only place that knows the keys of its files. Everything above it (the model,
//! the commands) speaks of workloads, containers, their [`Slot`]s and [`Field`]s, and asks the
//! project's format where those are: [`mia`](mod@mia) (SPEC §1: one service per file, the service
//! object is the main container, sidecars under `additionalContainers`), [`kubernetes`]
//! (manifests) and [`console`] (the Console's project file), listed once in [`registry`].
//! Each is a [`Format`] and, in its `project.rs`, a [`Loader`]: how its projects are found,
//! opened and loaded.

pub mod change;
pub mod checks;
pub mod console;
pub mod fields;
pub mod helm;
pub mod kubernetes;
pub mod labels;
pub mod mia;
mod object_name;
mod open;
pub mod readers;
pub mod registry;

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::edit::{EditError, Editor, Entry};
use crate::error::Result;
use crate::model::{Container, MarketplaceItem, ProjectFile, Resources, Workload};
use crate::route::{Route, Slot};
use crate::yaml::{Document, YamlError};
pub use open::{
    Duplicate, Files, Fit, HEAD_BYTES, Head, Init, Layout, Loader, MAX_FILE_BYTES, Opened,
    PROJECT_FILE, decode, leads_out, read_aside, yaml_files,
};

pub use change::{Beside, Change};
/// Marketplace items (SPEC §1.3) have one format whatever the project's: kept with Mia's
/// service files, whose keys they share.
pub use mia::marketplace as items;
pub use object_name::{ObjectName, overlay_in, split_overlay};
pub use readers::{FileChecks, Light, Readers};

/// What a format's workloads are like, where a command must say or choose otherwise for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Traits {
    /// What messages call a workload: `service` or `workload`.
    pub noun: &'static str,
    /// The command line names workloads by queries (an ID, `kind/name`, a name, `FILE#ID`) that
    /// may reach several, not by service names.
    pub queries: bool,
    /// Sidecars run classic or native (`--placement`, `--native`, `--classic`).
    pub placements: bool,
    /// Workloads are cluster objects: their ConfigMaps and Secrets are the cluster's (a mount
    /// names any), and a container's name is unique across its pod, which a message says.
    pub cluster_objects: bool,
    /// One file holds every workload, and declares the ConfigMaps and secrets they mount (how
    /// such a project loads is its `Layout`, which the format chooses as it opens it).
    pub one_file: bool,
    /// Resource quantities only in the units the Console saves (`m`, `Mi`).
    pub console_units: bool,
    /// Workloads have a kind and a namespace, by which a selection may choose them; a format
    /// without them refuses those filters (a request it cannot answer, not an empty answer).
    pub namespaced: bool,
    /// The kinds a workload may be, with the other names a command line may give each.
    pub kinds: &'static [WorkloadKind],
}

impl Traits {
    /// A format of service files (mia).
    pub const SERVICES: Self = Self {
        noun: "service",
        queries: false,
        placements: false,
        cluster_objects: false,
        one_file: false,
        console_units: false,
        namespaced: false,
        kinds: &[],
    };
}

pub use checks::Declared;
pub use kubernetes::kinds::WorkloadKind;
pub use kubernetes::kustomize::create::NewPatch;
pub use kubernetes::kustomize::delete::Cut;

/// A value of a container that commands change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Image,
    CpuRequest,
    CpuLimit,
    MemoryRequest,
    MemoryLimit,
}

impl Field {
    /// Whether the value is a resource quantity (`100m` and `0.1` are then the same value).
    pub fn is_quantity(self) -> bool {
        !matches!(self, Self::Image)
    }
}

/// A part of a container that messages name, spelled as the format's files spell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Image,
    Resources,
}

pub use crate::model::Placement;

/// A new container, as the command line describes it, already checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewContainer {
    pub name: String,
    pub image: String,
    /// (request, limit)
    pub cpu: (String, String),
    pub memory: (String, String),
    /// (name, value)
    pub env: Vec<(String, String)>,
    /// (name, mount path)
    pub config_maps: Vec<(String, String)>,
    pub secrets: Vec<(String, String)>,
    pub ports: Vec<Port>,
    pub args: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Port {
    pub name: String,
    pub from: u16,
    pub to: u16,
    /// `TCP` or `UDP`.
    pub protocol: String,
}

/// A container made from a marketplace item, and what it needs from the project.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub container: Value,
    /// The files of the ConfigMaps it mounts: (ConfigMap, file name, content).
    pub files: Vec<(String, String, String)>,
    /// The ConfigMaps it mounts, each once, in order: also those the item gives no file
    /// (`files: []`, what `publish` writes when it cannot read them).
    pub config_maps: Vec<String>,
    /// The secrets it mounts, each once, in order.
    pub secrets: Vec<String>,
    /// Kubernetes: the ConfigMaps and the Secrets its `volumeMounts` mount, in their order, as
    /// (name, mount path): the pod needs a volume for each.
    pub mounts: (Mounts, Mounts),
    /// The keys of `container` copied from the item, each with the route of its source in the
    /// item's file: written, they keep the item's plain scalars as written (`0400`, `yes`).
    pub sources: Vec<(String, Route)>,
}

/// Mounts of a new container: (name, mount path) each.
pub type Mounts = Vec<(String, String)>;

/// What a sidecar added by a new overlay patch mounts, so that the patch brings the volumes.
#[derive(Clone, Copy)]
pub enum Mounting<'a> {
    /// A new container's ConfigMaps and Secrets ([`Instance::mounts`]).
    New(&'a (Mounts, Mounts)),
    /// A copy of the container of a workload: the volumes it mounts there.
    Copy(&'a Workload, &'a Container),
}

/// What publishing a container needs besides its data.
pub struct Publish<'a> {
    pub sidecar: &'a str,
    pub service: &'a str,
    pub item_id: &'a str,
    pub tenant_id: Option<String>,
    pub project_name: Option<String>,
    /// The files of a ConfigMap, as `{name, content}`.
    pub config_map_files: &'a dyn Fn(&str) -> Result<Vec<Value>>,
    /// Kubernetes: the one ConfigMap or Secret a pod volume holds, by volume name.
    pub volume_of: &'a dyn Fn(&str) -> Option<VolumeSource>,
}

/// What a Kubernetes volume mounted by a published sidecar holds, when it is one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VolumeSource {
    ConfigMap(String),
    Secret(String),
}

/// A kind of file holding workloads. How its projects are found and opened is its
/// [`Loader`] side.
pub trait Format: Loader + Send + Sync + fmt::Debug {
    fn name(&self) -> &'static str;

    /// Reads a file's text (mia: exactly one YAML document).
    fn parse(&self, text: String) -> std::result::Result<Document, YamlError>;

    /// Reads the text of the file `rel` (a `.json` file may be read as JSON only).
    fn parse_file(&self, _rel: &str, text: String) -> std::result::Result<Document, YamlError> {
        self.parse(text)
    }

    /// The workloads of one parsed file, each container with its [`Slot`], and the type errors
    /// found on the way. `stem` is the file name without its extension; `reading` is what the
    /// project's loading strategy reads of them.
    fn workloads(
        &self,
        doc: Document,
        file: &str,
        stem: &str,
        reading: Reading,
    ) -> (Vec<Workload>, Vec<Diagnostic>);

    /// `validate`'s rules of one workload (SPEC §4 and the format's own), given what its project
    /// declares. Each workload is checked on its own, so a large project is checked as it loads.
    fn validate(&self, w: &Workload, declared: &Declared<'_>) -> Vec<Diagnostic>;

    /// `validate`'s rules of the project as a whole: `config` is the project file (`file`, as
    /// messages name it), `notes` the problems of the files the project skipped. By default the
    /// project file must name the project.
    fn validate_project(
        &self,
        file: &str,
        config: &ProjectFile,
        _notes: &[Diagnostic],
    ) -> Vec<Diagnostic> {
        checks::project_named(file, config).into_iter().collect()
    }

    /// Checks resources as this format's files hold them (a container's, and the project's
    /// `defaults.resources`, which `create` writes into them).
    fn check_resources(&self, out: &mut Vec<Diagnostic>, file: &str, r: &Resources) {
        checks::check_resources(out, file, r, None);
    }

    /// The keys of `field` below a container's own route.
    fn field_path(&self, field: Field) -> &'static [&'static str];

    /// How messages name `part`.
    fn spelling(&self, part: Part) -> &'static str;

    /// The keys of a container's environment variables, arguments and ports, and how their
    /// entries are written (`edit --env`, `--arg`, `--port`).
    fn lists(&self) -> &'static fields::Lists;

    /// Where a new sidecar of `w` goes: the list, and the item to insert it before (`None`: at
    /// the end).
    fn new_sidecar_slot(&self, w: &Workload, placement: Placement) -> (Route, Option<usize>);

    /// A new container's entry.
    fn new_container(&self, c: &NewContainer) -> Value;

    /// A new container named `name` from a marketplace item; `resources` gives the project's
    /// default (cpu, memory) (request, limit) pairs when the item has none.
    fn container_from_item(
        &self,
        item: &MarketplaceItem,
        name: &str,
        resources: &mut dyn FnMut() -> Result<Defaults>,
    ) -> Result<Instance>;

    /// The marketplace item that publishes the container data `c`.
    fn item_from_container(&self, c: &Value, p: &Publish<'_>) -> Result<Value>;

    /// What of the container data `c` the item of [`Self::item_from_container`] leaves out,
    /// each part as a message names it (Kubernetes: `securityContext`, an env var's
    /// `valueFrom`...), given what each pod volume holds: `publish` warns of them.
    fn left_out_of_item(
        &self,
        _c: &Value,
        _volume_of: &dyn Fn(&str) -> Option<VolumeSource>,
    ) -> Vec<String> {
        Vec::new()
    }

    /// The workloads among `all` that `query` names, by index, for a format whose command line
    /// names workloads by queries ([`Traits::queries`]); an ambiguous query is a usage error.
    fn find(&self, _query: &str, _all: &[ObjectName<'_>]) -> Result<Vec<usize>> {
        Ok(Vec::new())
    }

    /// What each volume of `w` holds, by name in the workload's order, when it is one ConfigMap
    /// or Secret (a Kubernetes pod's volumes); empty for a format without volumes.
    fn volume_sources(&self, _w: &Workload) -> Result<Vec<(String, Option<VolumeSource>)>> {
        Ok(Vec::new())
    }

    /// Where the values of an item published from the container data `c` come from: (the
    /// dotted path in the item, the container's key), for each value that travels as the
    /// workload's file writes it; empty when every value is spelled anew (Kubernetes).
    fn published_sources(&self, c: &Value) -> Vec<(String, String)> {
        mia::marketplace::published_sources(c)
    }

    /// A container entry made ready for `placement` (Kubernetes: a native sidecar carries
    /// `restartPolicy: Always`, a classic one none). Formats with one placement keep it.
    fn placed(&self, entry: Value, _placement: Placement) -> Value {
        entry
    }

    /// `create` and `clone` into `to` when each names a target of an overlay (`OVERLAY:ID`,
    /// Kubernetes kustomize): the new patch files and kustomizations, one per overlay; None
    /// when `to` names other targets.
    fn new_patches(
        &self,
        _root: &Path,
        _to: &[String],
        _new: (&str, &Value, Placement),
        _mounts: Mounting<'_>,
    ) -> Option<Result<Vec<NewPatch>>> {
        None
    }

    /// What a new entry's `image`, written in `file` (`new_patch`: a patch file that
    /// create/clone writes), renders as where another entry of the project sets it
    /// (kustomize's `images:`).
    fn pinned_image(&self, _file: &str, _new_patch: bool, _image: &str) -> Option<Pinned> {
        None
    }

    /// Whether the sidecars of the patch workload `w` are added even where its target has a
    /// container of their name already (JSON 6902 `add`s: the pod gets two), rather than
    /// merged into it (a strategic merge). Kubernetes kustomize only.
    fn adds_twice(&self, _w: &Workload) -> bool {
        false
    }

    /// Whether the overlay folder `overlay` renders what the one of `base` does (it builds on
    /// it, at any depth, or is it): kustomize overlays only.
    fn builds_on(&self, _root: &Path, _overlay: &str, _base: &str) -> bool {
        false
    }

    /// `delete`: what removing `old` from `w` cuts from its file beside what [`Format::apply`]
    /// changes (Kubernetes kustomize: a patch document left with nothing to change, a JSON
    /// 6902 operation); None when the editor does it all. `keep`: `keep_empty_patches`.
    fn cut_of(
        &self,
        _w: &Workload,
        _old: &Container,
        _keep: bool,
    ) -> std::result::Result<Option<Cut>, EditError> {
        Ok(None)
    }

    /// `delete`: the text of `file` without `cuts` (see [`Format::cut_of`]); None when nothing
    /// is left of it (the file is deleted). An error message when a cut is refused.
    fn apply_cuts(
        &self,
        file: &str,
        _text: &str,
        _cuts: &[Cut],
    ) -> std::result::Result<Option<String>, String> {
        Err(format!("{file}: nothing to cut"))
    }

    /// `delete`: the kustomization of the folder `dir` without its entries naming the deleted
    /// `files`: its file, its text before and after. `text` is its text as the change already
    /// makes it, when the change edits it too (else it is read).
    fn unlist(
        &self,
        _root: &Path,
        dir: &str,
        _files: &[String],
        _text: Option<&str>,
    ) -> std::result::Result<(String, String, String), String> {
        Err(format!("`{dir}` names no patch"))
    }

    /// What the format's workloads are like, for the commands.
    fn traits(&self) -> &'static Traits {
        &Traits::SERVICES
    }

    /// Applies `change` to `w` through the editor.
    fn apply(
        &self,
        ed: &mut Editor<'_>,
        w: &Workload,
        change: Change<'_>,
    ) -> std::result::Result<(), EditError> {
        change::apply(self, ed, w, change)
    }

    /// The new entry `entry` (built with `mounts` as its mounts, ConfigMaps then secrets) as
    /// `target` needs it at `placement`, and the entries it needs beside it (a pod's volumes);
    /// `None` when the entry goes in as it is, alone.
    fn prepare_new(
        &self,
        _target: &Workload,
        _entry: &Value,
        _mounts: &(Mounts, Mounts),
        _placement: Placement,
    ) -> Result<Option<(Value, Beside)>> {
        Ok(None)
    }

    /// The entries a copy of `c` of `source` needs beside it in `target` (a pod's volumes).
    fn prepare_copy(
        &self,
        _source: &Workload,
        _c: &Container,
        _target: &Workload,
    ) -> Result<Beside> {
        Ok(Vec::new())
    }

    /// The entry `index` of the list at `list` as it reads at `placement`, its own text kept,
    /// with `sets` (field path, value) applied; `moving`: the comments heading it go along.
    /// `None` when its text cannot travel so, or would not read as `want` (then it is written
    /// anew from `want`), or the format has one placement.
    #[allow(clippy::too_many_arguments)]
    fn placed_entry(
        &self,
        _doc: &Document,
        _list: &Route,
        _index: usize,
        _placement: Placement,
        _sets: &[(&[&str], &str)],
        _want: &Value,
        _moving: bool,
    ) -> Option<Entry> {
        None
    }

    /// Refuses a sidecar at `placement` in `w` when it would become its main container; `hint`
    /// says how to ask for another placement.
    fn refuse_new_main(
        &self,
        _w: &Workload,
        _placement: Placement,
        _hint: &crate::error::Hint,
    ) -> Result<()> {
        Ok(())
    }

    /// The container of `w` that is no sidecar and is named `name`, as a message names it (a
    /// service's main container is named after the service), if there is one.
    fn own_container(&self, w: &Workload, name: &str) -> Option<String> {
        (w.name.as_ref().map_or(w.id.as_str(), |n| n.value.as_str()) == name)
            .then(|| "its main container".to_string())
    }

    /// Warnings about `targets` gaining (or keeping) the sidecar `name` at `placement`;
    /// `advice` says how to avoid them.
    fn placement_notes(
        &self,
        _targets: &[&Workload],
        _name: &str,
        _placement: Placement,
        _advice: &str,
    ) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// The faster ways this format can read its files, if any: the project and the check of a
    /// change choose whether to use them.
    fn readers(&self) -> Readers<'_> {
        Readers::default()
    }

    /// The workload whose object is the root of `doc` (read out of a larger file again, to
    /// validate it after a change), named `id`.
    fn object_workload(
        &self,
        doc: Document,
        file: &str,
        id: &str,
    ) -> (Vec<Workload>, Vec<Diagnostic>) {
        self.workloads(doc, file, id, Reading::CHECK)
    }

    /// The ConfigMaps and secrets a file of workloads declares itself (a Console project file),
    /// or `None` when the project declares them elsewhere (mia: folders and the project file).
    fn declared_names(&self, _doc: &Document) -> Option<(BTreeSet<String>, Vec<String>)> {
        None
    }

    /// The files (`{name, content}`) of the ConfigMap `name` that a file of workloads declares
    /// itself (a Console project file), or `None` when it declares no such ConfigMap.
    fn config_map_files(&self, _doc: &Document, _name: &str) -> Option<Vec<Value>> {
        None
    }

    /// The folder (relative to the project) holding the files of the ConfigMap `name`, for a
    /// format whose project declares each ConfigMap as a folder: `create` writes an item's
    /// ConfigMap files there, `publish` reads them from there, and a message about an
    /// undeclared ConfigMap names it. `None` when a project has no such folders.
    fn config_map_folder(&self, _name: &str) -> Option<String> {
        None
    }

    /// Where a ConfigMap (or a secret) must be declared, for a message about one that is not.
    fn undeclared_hint(&self, _config_map: bool) -> Option<&'static str> {
        None
    }

    /// Declares, in `doc`, the ConfigMaps `config_maps` (with their files among `files`:
    /// ConfigMap, file name, content) and the secrets a new container mounts that it lacks;
    /// only for formats with [`Self::declared_names`].
    fn declare(
        &self,
        _doc: &Document,
        _ed: &mut Editor<'_>,
        _config_maps: &[String],
        _files: &[(String, String, String)],
        _secrets: &[String],
    ) -> std::result::Result<(), EditError> {
        Ok(())
    }
}

/// What a load reads of each workload of a file, as the project's loading strategy chose it
/// for the command and the file (`project::LoadOptions`): one value, the same for every format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Whether the workloads keep the parsed document, to show or change its text.
    pub document: bool,
    /// Whether a format that validates as it reads (Kubernetes) does so: `validate` and the
    /// check of a change's result need it, a listing does not.
    pub checks: bool,
}

impl Reading {
    /// What checking a workload needs: its checks, not its text.
    pub const CHECK: Self = Self {
        document: false,
        checks: true,
    };

    /// What planning a change needs: the text; the change checks what it changed.
    pub const EDIT: Self = Self {
        document: true,
        checks: false,
    };
}

/// Default resources: ((cpu request, cpu limit), (memory request, memory limit)).
pub type Defaults = ((String, String), (String, String));

/// A marketplace item read from its file (`stem`: the file name without its extension): items
/// are written one way whatever the project's format (SPEC §4).
pub fn read_item(
    doc: Document,
    rel: &str,
    stem: &str,
) -> (Option<MarketplaceItem>, Vec<Diagnostic>) {
    mia::marketplace::read_item(doc, rel, stem)
}

/// The name of the file `path` (a project that is one file, in the folder of `files`).
pub fn file_name(path: &Path) -> Result<String> {
    path.file_name()
        .and_then(|n| n.to_str())
        .map(str::to_string)
        .ok_or_else(|| crate::Error::failed(format!("{} is not a file name", path.display())))
}

/// The item of the list a slot names, if it is one.
pub fn list_item(slot: &Slot) -> Option<(&Route, usize)> {
    match slot {
        Slot::Item { list, index } => Some((list, *index)),
        Slot::Main(_) => None,
    }
}

/// The format of a project whose project file names none.
pub fn mia() -> &'static dyn Format {
    &mia::Mia
}

/// The image a new entry renders as where an entry elsewhere sets it (kustomize's `images:`),
/// and that entry: its name, file, line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pinned {
    pub image: String,
    pub entry: String,
    pub file: String,
    pub at: (usize, usize),
}
