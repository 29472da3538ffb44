//! Reading the workloads of a manifest file (SPEC §6.2 "Workloads", "Containers", "Fields"):
//! each document (and each item of a `kind: List`) whose kind is a workload becomes a [`Pod`],
//! its containers and init containers with their role, placement and place in the file, its
//! volumes with the ConfigMaps and Secrets they reach.
//!
//! Reading never fails: what is wrong with a workload is a diagnostic, and a workload whose
//! shape is wrong (no pod spec where its kind keeps it, a container list that is not a list, two
//! containers of one name) is marked [`Pod::blocked`] so that no command changes it.

use super::kinds;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Limits, Located, Resources};
use crate::route::Route;
use crate::yaml::{Document, Kind, Node};

/// The annotation that names a pod's main container (`kubectl logs`, `kubectl exec`).
pub const DEFAULT_CONTAINER: &str = "kubectl.kubernetes.io/default-container";

/// What a container is to its pod.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Main,
    Sidecar,
    /// An ordinary init container: shown, never changed.
    Init,
}

/// Which list a container is in: `containers` (classic) or `initContainers` (native sidecars
/// and ordinary init containers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Containers,
    InitContainers,
}

impl List {
    pub fn key(self) -> &'static str {
        match self {
            List::Containers => "containers",
            List::InitContainers => "initContainers",
        }
    }
}

/// A `volumeMounts` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeMount {
    pub volume: Located<String>,
    pub path: Option<Located<String>>,
}

/// One entry of `containers` or `initContainers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodContainer {
    pub name: Option<Located<String>>,
    pub image: Option<Located<String>>,
    /// `requests` as min, `limits` as max; None without a `resources` key.
    pub resources: Option<Resources>,
    pub list: List,
    /// The item's index in its list.
    pub index: usize,
    pub role: Role,
    pub restart_policy: Option<Located<String>>,
    pub mounts: Vec<VolumeMount>,
    /// ConfigMaps and Secrets named by `envFrom` and `env[].valueFrom`.
    pub env_config_maps: Vec<String>,
    pub env_secrets: Vec<String>,
    /// Whether it has a `startupProbe`.
    pub startup_probe: bool,
    pub line: usize,
    pub column: usize,
}

impl PodContainer {
    pub fn name(&self) -> &str {
        self.name.as_ref().map_or("", |n| n.value.as_str())
    }

    /// Whether the container is a native sidecar (or would be one: an init container that keeps
    /// running).
    pub fn is_native(&self) -> bool {
        self.list == List::InitContainers
            && self
                .restart_policy
                .as_ref()
                .is_some_and(|p| p.value == "Always")
    }
}

/// A pod volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    pub name: Located<String>,
    pub index: usize,
    pub config_maps: Vec<String>,
    pub secrets: Vec<String>,
}

/// One workload of a manifest file.
#[derive(Debug, Clone)]
pub struct Pod {
    /// As the manifest spells it (`Deployment`).
    pub kind: &'static str,
    pub name: Located<String>,
    pub namespace: Option<String>,
    /// The object's own `metadata.labels` (not its pod template's).
    pub labels: Vec<(String, String)>,
    /// The document of the file, counted from 0.
    pub document: usize,
    /// The resource: the document's root, or an item of a `kind: List`.
    pub resource: Route,
    pub pod_spec: Route,
    pub containers: Vec<PodContainer>,
    pub volumes: Vec<Volume>,
    /// How many items `volumes` holds (named or not).
    pub volume_items: usize,
    /// A StatefulSet's `volumeClaimTemplates`: volumes its containers may mount too.
    pub claims: Vec<String>,
    /// The first error that makes the workload unsafe to change, if any.
    pub blocked: Option<Diagnostic>,
    pub line: usize,
    pub column: usize,
}

impl Pod {
    pub fn id(&self) -> String {
        super::ids::id(self.kind, &self.name.value, self.namespace.as_deref())
    }

    /// The route of a list of the pod spec.
    pub fn list_route(&self, list: List) -> Route {
        self.pod_spec.key(list.key())
    }

    /// The route of a container's entry.
    pub fn container_route(&self, c: &PodContainer) -> Route {
        self.list_route(c.list).index(c.index)
    }

    pub fn main(&self) -> Option<&PodContainer> {
        self.containers.iter().find(|c| c.role == Role::Main)
    }

    pub fn sidecars(&self) -> impl Iterator<Item = &PodContainer> {
        self.containers.iter().filter(|c| c.role == Role::Sidecar)
    }

    pub fn volume(&self, name: &str) -> Option<&Volume> {
        self.volumes.iter().find(|v| v.name.value == name)
    }

    /// Whether a container of the pod may mount `name`: a pod volume, or a claim template.
    pub fn has_volume(&self, name: &str) -> bool {
        self.volume(name).is_some() || self.claims.iter().any(|c| c == name)
    }

    /// The ConfigMaps and Secrets a container reaches, each once, in order: through its mounts'
    /// volumes first, then its environment.
    pub fn references(&self, c: &PodContainer) -> (Vec<String>, Vec<String>) {
        let (mut cms, mut secrets) = (Vec::new(), Vec::new());
        for m in &c.mounts {
            if let Some(v) = self.volume(&m.volume.value) {
                push_all(&mut cms, &v.config_maps);
                push_all(&mut secrets, &v.secrets);
            }
        }
        push_all(&mut cms, &c.env_config_maps);
        push_all(&mut secrets, &c.env_secrets);
        (cms, secrets)
    }

    /// The volumes that no container but `except` (list, index) mounts.
    pub fn volumes_only_mounted_by(&self, except: &PodContainer) -> Vec<&Volume> {
        self.volumes
            .iter()
            .filter(|v| {
                except.mounts.iter().any(|m| m.volume.value == v.name.value)
                    && !self.containers.iter().any(|c| {
                        (c.list, c.index) != (except.list, except.index)
                            && c.mounts.iter().any(|m| m.volume.value == v.name.value)
                    })
            })
            .collect()
    }
}

fn push_all(into: &mut Vec<String>, names: &[String]) {
    for n in names {
        if !into.contains(n) {
            into.push(n.clone());
        }
    }
}

/// Reads every workload of a parsed file. `special` says whether a container name is a special
/// sidecar (the main container is the first that is not one).
pub fn read(
    doc: &Document,
    file: &str,
    special: &dyn Fn(&str) -> bool,
) -> (Vec<Pod>, Vec<Diagnostic>) {
    let mut r = PodReader {
        doc,
        file,
        diags: Vec::new(),
    };
    let mut pods = Vec::new();
    for (document, root) in doc.roots().enumerate() {
        let root = doc.resolve(root);
        let route = Route::root(document);
        if str_at(doc, root, "kind") == Some("List") {
            let Some(items) = doc.get(root, "items") else {
                continue;
            };
            for (i, item) in doc.items(items).into_iter().enumerate() {
                let route = route.key("items").index(i);
                pods.extend(r.resource(item, document, route, special));
            }
        } else {
            pods.extend(r.resource(root, document, route, special));
        }
    }
    (pods, r.diags)
}

/// One container entry read on its own (a value a JSON 6902 patch adds), its role left to the
/// caller.
pub fn read_container(doc: &Document, file: &str, item: &Node, list: List) -> PodContainer {
    let mut r = PodReader {
        doc,
        file,
        diags: Vec::new(),
    };
    r.container(item, list, 0)
}

/// A StatefulSet's `volumeClaimTemplates`, by name.
fn read_claims(doc: &Document, pod: &mut Pod, node: &Node) {
    if let Some(templates) = doc
        .get(node, "spec")
        .and_then(|s| doc.get(s, "volumeClaimTemplates"))
    {
        for t in doc.items(templates) {
            let name = doc.get(t, "metadata").and_then(|m| str_at(doc, m, "name"));
            pod.claims.extend(name.map(str::to_string));
        }
    }
}

fn str_at<'a>(doc: &'a Document, map: &'a Node, key: &str) -> Option<&'a str> {
    doc.get(map, key).and_then(Node::as_str)
}

struct PodReader<'a> {
    doc: &'a Document,
    file: &'a str,
    diags: Vec<Diagnostic>,
}

impl<'a> PodReader<'a> {
    fn error(&mut self, code: Code, node: &Node, message: String) -> Diagnostic {
        let d = Diagnostic::error(code, self.file, Some((node.line, node.column)), message);
        self.diags.push(d.clone());
        d
    }

    fn warning(&mut self, code: Code, node: &Node, message: String) {
        let d = Diagnostic::warning(code, self.file, Some((node.line, node.column)), message);
        self.diags.push(d);
    }

    fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) -> Diagnostic {
        let found = node.kind_name();
        self.error(
            Code::YamlWrongType,
            node,
            format!("`{what}` must be {expected}, found {found}"),
        )
    }

    fn string(&mut self, map: &'a Node, key: &str) -> Option<Located<String>> {
        let node = self.doc.get(map, key)?;
        match &node.kind {
            _ if node.is_null() => None,
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

    /// The items of the list under `key` (missing or null: none), or a type error.
    fn list(&mut self, map: &'a Node, key: &str) -> Result<Vec<&'a Node>, Diagnostic> {
        match self.doc.get(map, key) {
            None => Ok(Vec::new()),
            Some(n) if n.is_null() => Ok(Vec::new()),
            Some(n) if matches!(n.kind, Kind::Seq { .. }) => Ok(self.doc.items(n)),
            Some(n) => Err(self.wrong_type(n, key, "a list")),
        }
    }

    fn map(&mut self, node: &'a Node, what: &str) -> Result<&'a Node, Diagnostic> {
        let node = self.doc.resolve(node);
        match node.kind {
            Kind::Map { .. } => Ok(node),
            _ => Err(self.wrong_type(node, what, "a mapping")),
        }
    }

    fn resource(
        &mut self,
        node: &'a Node,
        document: usize,
        route: Route,
        special: &dyn Fn(&str) -> bool,
    ) -> Option<Pod> {
        let doc = self.doc;
        if !matches!(node.kind, Kind::Map { .. }) {
            return None;
        }
        let kind = self.workload_kind(node)?;
        // An Argo Rollout that points at a Deployment's pod template (`spec.workloadRef`) has
        // none of its own: its containers are the Deployment's.
        if kind.kind == "Rollout"
            && let Some(spec) = doc.get(node, "spec")
            && doc.get(spec, "workloadRef").is_some()
            && doc.get(spec, "template").is_none()
        {
            return None;
        }
        let metadata = doc.get(node, "metadata");
        let name = self.workload_name(node, metadata, kind)?;
        let namespace = metadata
            .and_then(|m| self.string(m, "namespace"))
            .map(|n| n.value)
            .filter(|n| !n.is_empty());
        let labels = crate::format::labels::read(doc, metadata.and_then(|m| doc.get(m, "labels")));
        let mut pod = Pod {
            kind: kind.kind,
            name,
            namespace,
            labels,
            document,
            pod_spec: route.keys(kind.pod_spec),
            resource: route,
            containers: Vec::new(),
            volumes: Vec::new(),
            volume_items: 0,
            claims: Vec::new(),
            blocked: None,
            line: node.line,
            column: node.column,
        };
        let Some((spec, template)) = self.pod_spec(&mut pod, kind, node) else {
            return Some(pod);
        };
        // The pod template's metadata: the resource's own for a Pod.
        let template_meta = doc.get(template, "metadata");
        let default_container = template_meta
            .and_then(|m| doc.get(m, "annotations"))
            .and_then(|a| str_at(doc, a, DEFAULT_CONTAINER))
            .map(str::to_string);
        self.read_containers(&mut pod, spec);
        read_claims(doc, &mut pod, node);
        self.read_volumes(&mut pod, spec);
        if !pod.containers.iter().any(|c| c.list == List::Containers) && pod.blocked.is_none() {
            let d = self.error(
                Code::WorkloadNoContainers,
                spec,
                format!("{} has no containers", pod.id()),
            );
            pod.blocked = Some(d);
        }
        assign_roles(&mut pod, default_container.as_deref(), special);
        if pod.blocked.is_none() {
            pod.blocked = self.missing_volume(&pod);
        }
        if let Some(d) = self.duplicate_names(&pod) {
            pod.blocked.get_or_insert(d);
        }
        Some(pod)
    }

    /// The workload kind of a resource, None for another kind; a workload kind under an
    /// apiVersion that does not serve it is warned about.
    fn workload_kind(&mut self, node: &'a Node) -> Option<&'static kinds::WorkloadKind> {
        let doc = self.doc;
        let (api_version, kind_name) =
            (str_at(doc, node, "apiVersion")?, str_at(doc, node, "kind")?);
        let kind = kinds::workload_kind(api_version, kind_name);
        if kind.is_none()
            && let Some(right) = kinds::misplaced_kind(api_version, kind_name)
        {
            self.warning(
                Code::WorkloadApiVersion,
                node,
                format!(
                    "a {kind_name} with `apiVersion: {api_version}`: Kubernetes serves {kind_name} in \
                     {right}, so the API server refuses this document; it is not read as \
                     a workload"
                ),
            );
        }
        kind
    }

    /// The workload's name. A `generateName` (Argo CD hook Jobs, `kubectl create`) is the
    /// prefix the API server completes: it names the workload here.
    fn workload_name(
        &mut self,
        node: &'a Node,
        metadata: Option<&'a Node>,
        kind: &kinds::WorkloadKind,
    ) -> Option<Located<String>> {
        let name = metadata.and_then(|m| {
            self.string(m, "name")
                .or_else(|| self.string(m, "generateName"))
        });
        if name.is_none() {
            self.error(
                Code::WorkloadNameMissing,
                node,
                format!("a {} without `metadata.name`", kind.kind),
            );
        }
        name
    }

    /// The pod spec, and the pod template's metadata's holder (the resource itself for a Pod);
    /// None when the way to the pod spec is missing or not a mapping (the pod is then blocked).
    fn pod_spec(
        &mut self,
        pod: &mut Pod,
        kind: &kinds::WorkloadKind,
        node: &'a Node,
    ) -> Option<(&'a Node, &'a Node)> {
        let (mut at, mut template) = (node, node);
        for (depth, key) in kind.pod_spec.iter().enumerate() {
            match self.doc.get(at, key) {
                Some(next) if matches!(self.doc.resolve(next).kind, Kind::Map { .. }) => {
                    template = at;
                    at = next;
                }
                Some(next) if next.is_null() || depth + 1 < kind.pod_spec.len() => {
                    pod.blocked = Some(self.no_pod_spec(pod, kind, node, next));
                    return None;
                }
                Some(next) => {
                    pod.blocked = Some(self.wrong_type(next, key, "a mapping"));
                    return None;
                }
                None => {
                    pod.blocked = Some(self.no_pod_spec(pod, kind, node, at));
                    return None;
                }
            }
        }
        Some((at, template))
    }

    /// The init containers, then the containers; the first list or item of the wrong shape
    /// blocks the pod.
    fn read_containers(&mut self, pod: &mut Pod, spec: &'a Node) {
        for list in [List::InitContainers, List::Containers] {
            match self.list(spec, list.key()) {
                Ok(items) => {
                    for (index, item) in items.into_iter().enumerate() {
                        match self.map(item, list.key()) {
                            Ok(item) => pod.containers.push(self.container(item, list, index)),
                            Err(d) => {
                                pod.blocked.get_or_insert(d);
                            }
                        }
                    }
                }
                Err(d) => {
                    pod.blocked.get_or_insert(d);
                }
            }
        }
    }

    /// The named volumes of the pod spec (and how many items its list holds).
    fn read_volumes(&mut self, pod: &mut Pod, spec: &'a Node) {
        match self.list(spec, "volumes") {
            Ok(items) => {
                pod.volume_items = items.len();
                for (index, item) in items.into_iter().enumerate() {
                    if let Ok(item) = self.map(item, "volumes")
                        && let Some(v) = self.volume(item, index)
                    {
                        pod.volumes.push(v);
                    }
                }
            }
            Err(d) => {
                pod.blocked.get_or_insert(d);
            }
        }
    }

    fn no_pod_spec(
        &mut self,
        pod: &Pod,
        kind: &kinds::WorkloadKind,
        resource: &Node,
        near: &Node,
    ) -> Diagnostic {
        let doc = self.doc;
        let expected = kind.pod_spec.join(".");
        // Containers written where another kind keeps them (`spec.containers` in a Deployment).
        let misplaced = doc
            .get(resource, "spec")
            .filter(|s| kind.pod_spec.len() > 1 && doc.get(s, "containers").is_some());
        let message = match misplaced {
            Some(_) => format!(
                "{} has `containers` at `spec.containers`; a {} keeps its pod spec at `{expected}`",
                pod.id(),
                kind.kind
            ),
            None => format!("{} has no pod spec at `{expected}`", pod.id()),
        };
        self.error(Code::WorkloadPodSpecMissing, near, message)
    }

    fn container(&mut self, item: &'a Node, list: List, index: usize) -> PodContainer {
        let doc = self.doc;
        let resources = match doc.get(item, "resources") {
            Some(res) if !res.is_null() => Some(Resources {
                cpu: Some(self.limits(res, "cpu")),
                memory: Some(self.limits(res, "memory")),
            }),
            _ => None,
        };
        let mut mounts = Vec::new();
        for m in self.list(item, "volumeMounts").unwrap_or_default() {
            if let Ok(m) = self.map(m, "volumeMounts")
                && let Some(volume) = self.string(m, "name")
            {
                let path = self.string(m, "mountPath");
                mounts.push(VolumeMount { volume, path });
            }
        }
        let (mut env_config_maps, mut env_secrets) = (Vec::new(), Vec::new());
        for e in self.list(item, "envFrom").unwrap_or_default() {
            let name = |key: &str| {
                doc.get(e, key)
                    .and_then(|r| str_at(doc, r, "name"))
                    .map(str::to_string)
            };
            push_all(
                &mut env_config_maps,
                &name("configMapRef").into_iter().collect::<Vec<_>>(),
            );
            push_all(
                &mut env_secrets,
                &name("secretRef").into_iter().collect::<Vec<_>>(),
            );
        }
        for e in self.list(item, "env").unwrap_or_default() {
            let Some(from) = doc.get(e, "valueFrom") else {
                continue;
            };
            let name = |key: &str| {
                doc.get(from, key)
                    .and_then(|r| str_at(doc, r, "name"))
                    .map(str::to_string)
            };
            push_all(
                &mut env_config_maps,
                &name("configMapKeyRef").into_iter().collect::<Vec<_>>(),
            );
            push_all(
                &mut env_secrets,
                &name("secretKeyRef").into_iter().collect::<Vec<_>>(),
            );
        }
        PodContainer {
            name: self.string(item, "name"),
            image: self.string(item, "image"),
            resources,
            list,
            index,
            role: Role::Init,
            restart_policy: self.string(item, "restartPolicy"),
            mounts,
            env_config_maps,
            env_secrets,
            startup_probe: doc.get(item, "startupProbe").is_some_and(|p| !p.is_null()),
            line: item.line,
            column: item.column,
        }
    }

    /// `requests.<what>` as min and `limits.<what>` as max.
    fn limits(&mut self, res: &'a Node, what: &str) -> Limits {
        let doc = self.doc;
        let mut at = |key: &str| {
            let map = doc.get(res, key).filter(|m| !m.is_null())?;
            self.string(map, what)
        };
        Limits {
            min: at("requests"),
            max: at("limits"),
        }
    }

    fn volume(&mut self, item: &'a Node, index: usize) -> Option<Volume> {
        let doc = self.doc;
        let name = self.string(item, "name")?;
        let (mut config_maps, mut secrets) = (Vec::new(), Vec::new());
        let named = |map: Option<&Node>, key: &str| {
            map.and_then(|m| str_at(doc, m, key)).map(str::to_string)
        };
        config_maps.extend(named(doc.get(item, "configMap"), "name"));
        secrets.extend(named(doc.get(item, "secret"), "secretName"));
        if let Some(sources) = doc
            .get(item, "projected")
            .and_then(|p| doc.get(p, "sources"))
        {
            for s in doc.items(sources) {
                config_maps.extend(named(doc.get(s, "configMap"), "name"));
                secrets.extend(named(doc.get(s, "secret"), "name"));
            }
        }
        Some(Volume {
            name,
            index,
            config_maps,
            secrets,
        })
    }

    /// A mount of a volume the pod does not have: the API server refuses the pod (`validate`
    /// reports it; this only keeps commands from changing the workload).
    fn missing_volume(&self, pod: &Pod) -> Option<Diagnostic> {
        pod.containers.iter().find_map(|c| {
            let m = c.mounts.iter().find(|m| !pod.has_volume(&m.volume.value))?;
            Some(Diagnostic::error(
                Code::MountUndeclaredVolume,
                self.file,
                m.volume.at(),
                format!(
                    "container `{}` of {} mounts volume `{}`, which the pod does not have",
                    c.name(),
                    pod.id(),
                    m.volume.value
                ),
            ))
        })
    }

    /// Two containers of one name across both lists: the API server refuses the pod, and no
    /// command could tell which entry the user means.
    fn duplicate_names(&mut self, pod: &Pod) -> Option<Diagnostic> {
        let mut first = None;
        for (i, c) in pod.containers.iter().enumerate() {
            let Some(name) = &c.name else { continue };
            if let Some(earlier) = pod.containers[..i].iter().find(|e| e.name() == name.value) {
                let d = Diagnostic::error(
                    Code::ContainerDuplicateName,
                    self.file,
                    name.at(),
                    format!(
                        "{} has two containers named `{}` (lines {} and {})",
                        pod.id(),
                        name.value,
                        earlier.line,
                        c.line
                    ),
                );
                self.diags.push(d.clone());
                first.get_or_insert(d);
            }
        }
        first
    }
}

/// The main container (the annotation's, else the first of `containers` that is not special;
/// never a special sidecar, so a pod whose `containers` are all special sidecars, an istio
/// gateway's lone `istio-proxy`, has none), sidecars (the rest of `containers`, and native init
/// containers) and init containers.
fn assign_roles(pod: &mut Pod, default_container: Option<&str>, special: &dyn Fn(&str) -> bool) {
    let classic = |c: &PodContainer| c.list == List::Containers;
    let main = default_container
        .and_then(|n| {
            pod.containers
                .iter()
                .position(|c| classic(c) && c.name() == n && !special(n))
        })
        .or_else(|| {
            pod.containers
                .iter()
                .position(|c| classic(c) && !special(c.name()))
        });
    for (i, c) in pod.containers.iter_mut().enumerate() {
        c.role = if Some(i) == main {
            Role::Main
        } else if classic(c) || c.is_native() {
            Role::Sidecar
        } else {
            Role::Init
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pods(text: &str) -> (Vec<Pod>, Vec<Diagnostic>) {
        let doc = crate::yaml::parse_stream(text.to_string()).expect("parses");
        read(&doc, "f.yaml", &|n| n == "istio-proxy")
    }

    fn roles(p: &Pod) -> Vec<String> {
        p.containers
            .iter()
            .map(|c| format!("{}:{:?}", c.name(), c.role))
            .collect()
    }

    #[test]
    fn every_document_and_list_item_is_read() {
        let text = "# head\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n---\n\
            apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, namespace: ns}\n\
            spec:\n  template:\n    spec:\n      containers: [{name: a, image: a:1}]\n---\n\
            apiVersion: v1\nkind: List\nitems:\n- apiVersion: batch/v1\n  kind: CronJob\n  \
            metadata: {name: c}\n  spec:\n    jobTemplate:\n      spec:\n        template:\n          \
            spec:\n            containers: [{name: c, image: c:1}]\n---\n";
        let (pods, diags) = pods(text);
        assert_eq!(diags, []);
        let got: Vec<(String, usize, String)> = pods
            .iter()
            .map(|p| (p.id(), p.document, format!("{:?}", p.pod_spec.path)))
            .collect();
        assert_eq!(got[0].0, "ns/deployment/a");
        assert_eq!(got[0].1, 1);
        assert_eq!(got[1].0, "cronjob/c");
        assert_eq!(got[1].1, 2);
        assert!(got[1].2.contains("Index(0)"), "{}", got[1].2);
    }

    #[test]
    fn roles_follow_the_annotation_then_the_first_non_special() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  \
            - {name: setup, image: b:1}\n  - {name: agent, image: b:1, restartPolicy: Always}\n  \
            containers:\n  - {name: istio-proxy, image: i:1}\n  - {name: app, image: a:1}\n  \
            - {name: tail, image: t:1}\n";
        let (p, _) = pods(text);
        assert_eq!(
            roles(&p[0]),
            [
                "setup:Init",
                "agent:Sidecar",
                "istio-proxy:Sidecar",
                "app:Main",
                "tail:Sidecar"
            ]
        );
        let annotated = text.replace(
            "metadata: {name: p}",
            "metadata: {name: p, annotations: {kubectl.kubernetes.io/default-container: tail}}",
        );
        let (p, _) = pods(&annotated);
        assert_eq!(p[0].main().map(PodContainer::name), Some("tail"));
    }

    /// A special sidecar is never the main container, named by the annotation or alone.
    #[test]
    fn a_pod_of_special_sidecars_has_no_main_container() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: gw}\nspec:\n  \
            template:\n    metadata:\n      annotations: {kubectl.kubernetes.io/default-container: istio-proxy}\n    \
            spec:\n      containers:\n      - {name: istio-proxy, image: auto}\n";
        let (p, _) = pods(text);
        assert_eq!(roles(&p[0]), ["istio-proxy:Sidecar"]);
        assert!(p[0].main().is_none());
    }

    #[test]
    fn config_maps_and_secrets_are_reached_through_volumes_and_env() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  \
            - name: app\n    image: a:1\n    volumeMounts: [{name: v, mountPath: /v}, {name: p, mountPath: /p}]\n    \
            envFrom: [{configMapRef: {name: env-cm}}]\n    env:\n    - name: X\n      \
            valueFrom: {secretKeyRef: {name: key-s, key: k}}\n  volumes:\n  \
            - {name: v, configMap: {name: cm}}\n  - name: p\n    projected:\n      sources:\n      \
            - configMap: {name: p-cm}\n      - secret: {name: p-s}\n  - {name: s, secret: {secretName: unused}}\n";
        let (p, _) = pods(text);
        let (cms, secrets) = p[0].references(&p[0].containers[0]);
        assert_eq!(cms, ["cm", "p-cm", "env-cm"]);
        assert_eq!(secrets, ["p-s", "key-s"]);
    }

    #[test]
    fn a_workload_of_the_wrong_shape_is_blocked_with_its_place() {
        let flat = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  \
            containers: [{name: a, image: a:1}]\n";
        let (p, d) = pods(flat);
        let blocked = p[0].blocked.as_ref().expect("blocked");
        assert_eq!(blocked.code, Code::WorkloadPodSpecMissing);
        assert!(
            blocked.message.contains("at `spec.containers`"),
            "{}",
            blocked.message
        );
        assert_eq!(d.len(), 1);

        let not_list =
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    name: a\n";
        let (p, _) = pods(not_list);
        let b = p[0].blocked.as_ref().expect("blocked");
        assert_eq!(
            (b.code, b.line, b.column),
            (Code::YamlWrongType, Some(6), Some(5))
        );

        let empty = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: []\n";
        assert_eq!(
            pods(empty).0[0].blocked.as_ref().map(|d| d.code),
            Some(Code::WorkloadNoContainers)
        );

        let twice = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  \
            - {name: a, image: a:1, restartPolicy: Always}\n  containers:\n  - {name: a, image: a:1}\n";
        let b = pods(twice).0[0].blocked.clone().expect("blocked");
        assert_eq!((b.code, b.line), (Code::ContainerDuplicateName, Some(8)));
    }

    #[test]
    fn the_volumes_a_container_alone_mounts() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  \
            - {name: a, image: a:1, volumeMounts: [{name: shared, mountPath: /s}]}\n  \
            - {name: b, image: b:1, volumeMounts: [{name: shared, mountPath: /s}, {name: own, mountPath: /o}]}\n  \
            volumes: [{name: shared, emptyDir: {}}, {name: own, emptyDir: {}}]\n";
        let (p, _) = pods(text);
        let only: Vec<&str> = p[0]
            .volumes_only_mounted_by(&p[0].containers[1])
            .iter()
            .map(|v| v.name.value.as_str())
            .collect();
        assert_eq!(only, ["own"]);
    }
}
