//! What an error is about and what would fix it, typed: the binary spells each input as the
//! command line takes it and words each remedy.

use std::fmt;

/// An input an operation takes, in the library's terms (the binary names its flag).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// The image of a sidecar.
    Image,
    /// An environment variable `K=V` of a new sidecar.
    Env,
    /// A port `NAME:FROM[:TO][/PROTO]` of a new sidecar.
    Port,
    /// A ConfigMap mount `NAME:PATH` of a new sidecar.
    ConfigMap,
    /// A secret mount `NAME:PATH` of a new sidecar.
    Secret,
    /// A new sidecar's CPU, `REQUEST[:LIMIT]`.
    Cpu,
    /// A new sidecar's memory, `REQUEST[:LIMIT]`.
    Memory,
    CpuRequest,
    CpuLimit,
    MemoryRequest,
    MemoryLimit,
    /// Where a sidecar runs in its pod (classic or native).
    Placement,
    /// The project's one file (a Console project configuration).
    File,
    /// Where the project is: its folder, or its one file.
    Project,
    /// Targets: the namespaces (globs) of the workloads to choose.
    Namespace,
    /// Targets: a label selector.
    Selector,
    /// Targets: the kinds of the workloads to choose.
    Kind,
    /// Targets: globs on the IDs of the services to choose.
    Match,
    /// Targets: a container the services must have.
    With,
    /// Targets: a container the services must lack.
    Without,
    /// Targets: a glob on the current image of the sidecar changed.
    IfImage,
    /// Targets: a list of services read from a file or stdin.
    TargetsFrom,
    /// An environment variable of a sidecar to remove.
    UnsetEnv,
    /// A port of a sidecar to remove, by name.
    UnsetPort,
    /// The marketplace item a sidecar is upgraded from.
    FromMarketplace,
}

impl Input {
    /// Its name in the library's terms.
    pub fn name(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Env => "environment variable",
            Self::Port => "port",
            Self::ConfigMap => "ConfigMap mount",
            Self::Secret => "secret mount",
            Self::Cpu => "cpu",
            Self::Memory => "memory",
            Self::CpuRequest => "cpu request",
            Self::CpuLimit => "cpu limit",
            Self::MemoryRequest => "memory request",
            Self::MemoryLimit => "memory limit",
            Self::Placement => "placement",
            Self::File => "project file",
            Self::Project => "project",
            Self::Namespace => "namespace",
            Self::Selector => "selector",
            Self::Kind => "kind",
            Self::Match => "match",
            Self::With => "with",
            Self::Without => "without",
            Self::IfImage => "image of the sidecar",
            Self::TargetsFrom => "list of targets",
            Self::UnsetEnv => "environment variable to remove",
            Self::UnsetPort => "port to remove",
            Self::FromMarketplace => "marketplace item",
        }
    }
}

impl fmt::Display for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A command of which a remedy offers another run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Create,
    Clone,
}

/// What would fix an error: a typed remedy the binary words, or a text that names no input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hint {
    Text(String),
    /// Name the services to change, or ask for all that have the sidecar.
    NameServices,
    /// Name the services to change (create, clone).
    NameTargets,
    /// Give a name for the new sidecar.
    NameSidecar,
    /// Give at least one value to change.
    NameChange,
    /// Skip or replace the targets that already have the sidecar (`many`: more than one).
    OnConflict {
        many: bool,
    },
    /// Leave the targets that already have the container out of the targets.
    LeaveOut {
        noun: &'static str,
    },
    /// Leave out the targets that have a container `name` with a filter (every service was
    /// asked for; `many`: more than one has it).
    Without {
        name: String,
        many: bool,
    },
    /// Add the sidecar as a native sidecar instead.
    Native(Verb),
    /// Leave the sidecar native (moving it would make it the main container).
    KeepNative,
    /// Fix the files not read, or skip them and change the rest (`files`: each with why).
    SkipUnreadable {
        files: Vec<String>,
    },
    /// Choose another marketplace item ID.
    OtherItemId,
    /// Fix the project's defaults, or give the resources.
    FixDefaults,
    /// Write a mount path from the root.
    RootedPath {
        input: Input,
        name: String,
        path: String,
    },
    /// A valid project name.
    ProjectName,
    /// Say where the project is.
    Locate(Locate),
    /// Replace a value read from elsewhere (a secret, a ConfigMap) all the same.
    Force,
    /// Name the marketplace item to upgrade sidecar `sidecar` from: the catalog has none.
    NameItem {
        sidecar: String,
    },
    /// Add the sidecar to these kustomize overlays' workloads (`OVERLAY:ID`) in a command of
    /// their own: it writes a patch into each overlay.
    ToOverlays(Vec<String>),
}

/// How to say where the project is, by what went wrong finding it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Locate {
    /// The search for workloads below the folder stopped: run elsewhere, give the project, or
    /// create a project file that narrows what is read.
    StoppedLooking,
    /// The file given does not exist: give an existing file, or a folder.
    ExistingFile,
    /// The folder given does not exist.
    ExistingFolder,
    /// What was given is neither a file nor a folder.
    FolderOrFile,
    /// The folder is never read as an implicit project: run elsewhere, give the project, or
    /// create a project file there.
    NarrowerFolder,
    /// No project found, but this Console project configuration is one.
    ConsoleFile(String),
    /// No project found.
    Nothing,
}

impl From<String> for Hint {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Hint {
    fn from(text: &str) -> Self {
        Self::Text(text.to_string())
    }
}
