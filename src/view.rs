//! What commands return, shaped exactly as SPEC §3 prints it. These structs are the output
//! contract and are kept apart from the file model so one cannot drift with the other.

use serde::Serialize;

pub use crate::change::{Action, ChangeReport, ChangeRow};

mod drift;
use crate::model::{Container, Limits, Resources, Workload};
pub use drift::{CatalogView, DriftReport, ImageUse, ResourcesUse, SidecarDrift, Standing};

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LimitsView {
    pub min: Option<String>,
    pub max: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "camelCase")]
pub struct ResourcesView {
    pub cpu_limits: Option<LimitsView>,
    pub memory_limits: Option<LimitsView>,
}

impl ResourcesView {
    pub fn of(r: &Resources) -> Self {
        let limits = |l: &Limits| LimitsView {
            min: l.min.as_ref().map(|v| v.value.clone()),
            max: l.max.as_ref().map(|v| v.value.clone()),
        };
        Self {
            cpu_limits: r.cpu.as_ref().map(limits),
            memory_limits: r.memory.as_ref().map(limits),
        }
    }
}

/// `list`'s result. A row is a [`SidecarUse`], or what a caller made of one as it was read
/// (`list -o json` renders each row on the core that read it).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SidecarList<R = SidecarUse> {
    pub sidecars: Vec<SidecarSummary<R>>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SidecarSummary<R = SidecarUse> {
    pub name: String,
    pub special: bool,
    pub managed_by: Option<String>,
    pub services: Vec<R>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SidecarUse {
    pub service: String,
    pub file: String,
    pub docker_image: Option<String>,
    pub resources: Option<ResourcesView>,
    pub config_maps: Vec<String>,
    pub secrets: Vec<String>,
    /// The kind, namespace, name and document of a workload that is a named object (SPEC §6.2:
    /// Kubernetes), and the sidecar's placement: the row then speaks as a manifest does
    /// (`image`, `requests`/`limits`). Boxed: a list of a large project holds one row per
    /// sidecar, and most are no object's rows.
    pub object: Option<Box<ObjectView>>,
}

/// What the row of an object (a Kubernetes workload) adds: where the object is, and how the
/// container runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectView {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    pub document: usize,
    /// The container's placement (`classic` or `native`); None for an ordinary init container.
    pub placement: Option<&'static str>,
    /// The patch that adds the container, for a workload a kustomize overlay reaches.
    pub source: Option<SourceView>,
}

/// `{"type", "file", "kustomization", "document"}` (SPEC §8.1).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SourceView {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub file: String,
    pub kustomization: String,
    pub document: usize,
}

impl ObjectView {
    /// The object part of a row about `w` (and its container `c`); None for a workload that is
    /// no named object (a Mia or Console service).
    pub fn of(w: &Workload, c: Option<&Container>) -> Option<Box<Self>> {
        let m = w.object.as_ref()?;
        Some(Box::new(Self {
            kind: m.kind.to_string(),
            namespace: m.namespace.clone(),
            name: m.name.clone(),
            document: m.document,
            placement: c.map(|c| c.placement.as_str()),
            source: m.source.as_ref().map(|s| SourceView {
                kind: s.kind,
                file: s.file.clone(),
                kustomization: s.kustomization.clone(),
                document: s.document,
            }),
        }))
    }
}

/// `{requests: {cpu, memory}, limits: {cpu, memory}}`: resources as Kubernetes spells them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KubeResources<'a> {
    pub requests: KubePair<'a>,
    pub limits: KubePair<'a>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KubePair<'a> {
    pub cpu: Option<&'a str>,
    pub memory: Option<&'a str>,
}

impl<'a> KubeResources<'a> {
    pub fn of(r: &'a ResourcesView) -> Self {
        let pick = |l: &'a Option<LimitsView>, max: bool| {
            l.as_ref().and_then(|l| {
                if max {
                    l.max.as_deref()
                } else {
                    l.min.as_deref()
                }
            })
        };
        Self {
            requests: KubePair {
                cpu: pick(&r.cpu_limits, false),
                memory: pick(&r.memory_limits, false),
            },
            limits: KubePair {
                cpu: pick(&r.cpu_limits, true),
                memory: pick(&r.memory_limits, true),
            },
        }
    }
}

impl Serialize for SidecarUse {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Mia<'a> {
            service: &'a str,
            file: &'a str,
            docker_image: &'a Option<String>,
            resources: &'a Option<ResourcesView>,
            config_maps: &'a [String],
            secrets: &'a [String],
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Kube<'a> {
            service: &'a str,
            kind: &'a str,
            namespace: &'a Option<String>,
            name: &'a str,
            file: &'a str,
            document: usize,
            placement: Option<&'static str>,
            image: &'a Option<String>,
            resources: Option<KubeResources<'a>>,
            config_maps: &'a [String],
            secrets: &'a [String],
            #[serde(skip_serializing_if = "Option::is_none")]
            source: &'a Option<SourceView>,
        }
        match &self.object {
            None => Mia {
                service: &self.service,
                file: &self.file,
                docker_image: &self.docker_image,
                resources: &self.resources,
                config_maps: &self.config_maps,
                secrets: &self.secrets,
            }
            .serialize(s),
            Some(m) => Kube {
                service: &self.service,
                kind: &m.kind,
                namespace: &m.namespace,
                name: &m.name,
                file: &self.file,
                document: m.document,
                placement: m.placement,
                image: &self.docker_image,
                resources: self.resources.as_ref().map(KubeResources::of),
                config_maps: &self.config_maps,
                secrets: &self.secrets,
                source: &m.source,
            }
            .serialize(s),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainersView {
    pub service: String,
    pub file: String,
    pub containers: Vec<ContainerRow>,
    /// A workload that is a named object (its placement is None).
    pub object: Option<Box<ObjectView>>,
}

impl Serialize for ContainersView {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Mia<'a> {
            service: &'a str,
            file: &'a str,
            containers: &'a [ContainerRow],
        }
        #[derive(Serialize)]
        struct Kube<'a> {
            service: &'a str,
            kind: &'a str,
            namespace: &'a Option<String>,
            name: &'a str,
            file: &'a str,
            document: usize,
            containers: &'a [ContainerRow],
        }
        match &self.object {
            None => Mia {
                service: &self.service,
                file: &self.file,
                containers: &self.containers,
            }
            .serialize(s),
            Some(m) => Kube {
                service: &self.service,
                kind: &m.kind,
                namespace: &m.namespace,
                name: &m.name,
                file: &self.file,
                document: m.document,
                containers: &self.containers,
            }
            .serialize(s),
        }
    }
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Main,
    Sidecar,
    /// An ordinary Kubernetes init container: shown, never changed.
    Init,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Main => "main",
            Self::Sidecar => "sidecar",
            Self::Init => "init",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRow {
    pub name: String,
    pub role: Role,
    pub special: bool,
    pub managed_by: Option<String>,
    pub docker_image: Option<String>,
    pub resources: Option<ResourcesView>,
    pub config_maps: Vec<String>,
    pub secrets: Vec<String>,
    /// Kubernetes: `classic` or `native` (None for an ordinary init container); the row then
    /// speaks Kubernetes. None for other formats.
    pub placement: Option<Option<&'static str>>,
}

impl Serialize for ContainerRow {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Mia<'a> {
            name: &'a str,
            role: Role,
            special: bool,
            managed_by: &'a Option<String>,
            docker_image: &'a Option<String>,
            resources: &'a Option<ResourcesView>,
            config_maps: &'a [String],
            secrets: &'a [String],
        }
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Kube<'a> {
            name: &'a str,
            role: Role,
            special: bool,
            managed_by: &'a Option<String>,
            placement: Option<&'static str>,
            image: &'a Option<String>,
            resources: Option<KubeResources<'a>>,
            config_maps: &'a [String],
            secrets: &'a [String],
        }
        match self.placement {
            None => Mia {
                name: &self.name,
                role: self.role,
                special: self.special,
                managed_by: &self.managed_by,
                docker_image: &self.docker_image,
                resources: &self.resources,
                config_maps: &self.config_maps,
                secrets: &self.secrets,
            }
            .serialize(s),
            Some(placement) => Kube {
                name: &self.name,
                role: self.role,
                special: self.special,
                managed_by: &self.managed_by,
                placement,
                image: &self.docker_image,
                resources: self.resources.as_ref().map(KubeResources::of),
                config_maps: &self.config_maps,
                secrets: &self.secrets,
            }
            .serialize(s),
        }
    }
}

impl ContainerRow {
    pub fn of(c: &Container, role: Role, managed_by: Option<&str>) -> Self {
        Self {
            placement: None,
            name: c.name().to_string(),
            role,
            special: managed_by.is_some(),
            managed_by: managed_by.map(str::to_string),
            docker_image: c.image().map(str::to_string),
            resources: c.resources.as_ref().map(ResourcesView::of),
            config_maps: c.config_maps.iter().map(|m| m.name.value.clone()).collect(),
            secrets: c.secrets.iter().map(|m| m.name.value.clone()).collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ShowView {
    pub sidecar: String,
    pub service: String,
    pub file: String,
    pub special: bool,
    pub managed_by: Option<String>,
    /// The entry as data (aliases and merge keys resolved).
    pub container: serde_json::Value,
    /// Kubernetes: the workload's document and the sidecar's placement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placement: Option<&'static str>,
    /// The entry's text exactly as it stands in the file (for `--raw`; not part of the JSON).
    #[serde(skip)]
    pub raw: String,
    /// Where another entry sets the image it renders (kustomize's `images:`), which, and what
    /// its own text says (not part of the JSON: `container` has the rendered image).
    #[serde(skip)]
    pub image_set: Option<String>,
}

/// `validate`'s result as `-o json` and `-o yaml` print it. It borrows the diagnostics: a
/// fleet's thousands of findings are not copied to be printed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ValidateReport<'a> {
    pub valid: bool,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: Vec<DiagnosticView<'a>>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct DiagnosticView<'a> {
    pub severity: crate::diagnostic::Severity,
    pub code: crate::diagnostic::Code,
    pub message: &'a str,
    pub file: &'a str,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

impl<'a> ValidateReport<'a> {
    pub fn of(diags: &[&'a crate::diagnostic::Diagnostic]) -> Self {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        Self {
            valid: errors == 0,
            errors,
            warnings: diags.len() - errors,
            diagnostics: diags
                .iter()
                .map(|d| DiagnosticView {
                    severity: d.severity,
                    code: d.code,
                    message: &d.message,
                    file: &d.file,
                    line: d.line,
                    column: d.column,
                })
                .collect(),
        }
    }
}

/// `services`' result (SPEC §7.1).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ServiceList {
    pub services: Vec<ServiceRow>,
}

/// One service of [`ServiceList`]: `kind`, `namespace` and `document` are null for a service
/// that is no named object (Mia, Console), whose `name` is its ID.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ServiceRow {
    pub service: String,
    pub kind: Option<&'static str>,
    pub namespace: Option<String>,
    pub name: String,
    pub file: String,
    pub document: Option<usize>,
    /// Its sidecars' names, in the workload's order.
    pub sidecars: Vec<String>,
}

impl ServiceRow {
    pub fn of(w: &Workload) -> Self {
        let o = w.object.as_ref();
        Self {
            service: w.id.clone(),
            kind: o.map(|o| o.kind),
            namespace: o.and_then(|o| o.namespace.clone()),
            name: o.map_or_else(|| w.id.clone(), |o| o.name.clone()),
            file: w.file.clone(),
            document: o.map(|o| o.document),
            sidecars: w.sidecars.iter().map(|c| c.name().to_string()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Action, Role};

    /// Tables print the same words as the JSON contract.
    #[test]
    fn names_match_the_json() {
        for a in [
            Action::Added,
            Action::Updated,
            Action::Removed,
            Action::Unchanged,
            Action::Skipped,
        ] {
            assert_eq!(serde_json::to_value(a).unwrap(), a.as_str());
        }
        for r in [Role::Main, Role::Sidecar, Role::Init] {
            assert_eq!(serde_json::to_value(r).unwrap(), r.as_str());
        }
    }
}
