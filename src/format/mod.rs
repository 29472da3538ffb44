//! File formats: how a kind of file holds workloads and their containers.
//!
//! A format is the only place that knows the keys of its files. Everything above it (the model,
//! the commands) speaks of workloads, containers, their [`Slot`]s and [`Field`]s, and asks the
//! project's format where those are. Today there is one format, [`mia`] (SPEC §1: one service
//! per file, the service object is the main container, sidecars under `additionalContainers`);
//! others (plain Kubernetes manifests, the Console's project file) implement the same trait.

pub mod checks;
pub mod console;
pub mod kubernetes;
pub mod mia;

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::edit::{EditError, Editor};
use crate::error::Result;
use crate::model::{MarketplaceItem, ProjectFile, Resources, Workload};
use crate::route::{Route, Slot};
use crate::yaml::{Document, YamlError};

pub use checks::Declared;

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

/// What `validate` says of each workload of a file, by route; and the file's type errors.
pub type FileChecks = (Vec<(Route, Vec<Diagnostic>)>, Vec<Diagnostic>);

pub trait Format: Send + Sync + fmt::Debug {
    fn name(&self) -> &'static str;

    /// Reads a file's text (mia: exactly one YAML document).
    fn parse(&self, text: String) -> std::result::Result<Document, YamlError>;

    /// The workloads of one parsed file, each container with its [`Slot`], and the type errors
    /// found on the way. `stem` is the file name without its extension; `keep` says whether the
    /// workloads keep the document (to show or change its text); `checks`, whether a format that
    /// validates as it reads (Kubernetes) does so (`validate` and every change need it).
    fn workloads(
        &self,
        doc: Document,
        file: &str,
        stem: &str,
        keep: bool,
        checks: bool,
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

    /// A container entry made ready for `placement` (Kubernetes: a native sidecar carries
    /// `restartPolicy: Always`, a classic one none). Formats with one placement keep it.
    fn placed(&self, entry: Value, _placement: Placement) -> Value {
        entry
    }

    /// Whether workloads are Kubernetes pods: their volumes follow the containers that mount
    /// them (see [`kubernetes::volumes`]).
    fn kubernetes(&self) -> bool {
        false
    }

    /// Reads a file, keeping in the document only the workloads whose text `keep` accepts. A
    /// format that can read workloads as it parses (a Console project file of thousands of
    /// services) returns the others already read, without their trees; [`Self::workloads`] of
    /// the document then gives the kept ones. `rest`: whether the document must also hold the
    /// parts of the file that are no workload's (a command that may change the file); without
    /// it, such a format may leave out what no command reads. The default keeps the whole tree.
    fn read_light(
        &self,
        text: String,
        _file: &str,
        _keep: &dyn Fn(&str) -> bool,
        _rest: bool,
    ) -> std::result::Result<Light, YamlError> {
        Ok((self.parse(text)?, None))
    }

    /// What `validate` says of each workload of `doc`, by route, and the type errors found on
    /// the way: what a change needs of the file it wrote, without building its workloads.
    /// `None` for a format whose checks need the project (then [`Self::workloads`] serves).
    fn checks_by_route(&self, _doc: &Document, _file: &str) -> Option<FileChecks> {
        None
    }

    /// The workload whose object is the root of `doc` (read out of a larger file again, to
    /// validate it after a change), named `id`.
    fn object_workload(
        &self,
        doc: Document,
        file: &str,
        id: &str,
    ) -> (Vec<Workload>, Vec<Diagnostic>) {
        self.workloads(doc, file, id, false, true)
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

/// What [`Format::read_light`] read: the document, and the workloads with their type errors
/// when it read them already.
pub type Light = (Document, Option<(Vec<Workload>, Vec<Diagnostic>)>);

/// Default resources: ((cpu request, cpu limit), (memory request, memory limit)).
pub type Defaults = ((String, String), (String, String));

/// The item of the list a slot names, if it is one.
pub fn list_item(slot: &Slot) -> Option<(&Route, usize)> {
    match slot {
        Slot::Item { list, index } => Some((list, *index)),
        Slot::Main(_) => None,
    }
}

/// The format of every project today.
pub fn mia() -> &'static dyn Format {
    &mia::Mia
}
