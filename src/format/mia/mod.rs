//! The Mia-Platform service file (SPEC §1): one service per file, named after the file; the
//! service object is the main container; sidecars are the entries of `additionalContainers`.
//! Every key of that model is spelled here (and, for marketplace items, in [`marketplace`]).

pub mod marketplace;
pub mod project;
pub mod validate;

use serde_json::{Map, Value, json};

use super::{
    Declared, Defaults, Field, Format, Instance, NewContainer, Part, Placement, Publish, Reading,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::Result;
use crate::model::{
    Container, Limits, Located, MarketplaceItem, Mount, Reader, Resources, Workload,
};
use crate::route::{Route, Slot};
use crate::yaml::{self, Document, Node, YamlError};

/// Where the project declares its ConfigMaps: a folder each, `config-maps/<name>/`.
pub const CONFIG_MAPS_DIR: &str = "config-maps";

/// The key of a service's sidecar list.
pub(crate) const SIDECARS: &str = "additionalContainers";

/// Keys of the Console's container model (`additionalContainers[]` entries).
const CONTAINER_KEYS: &[&str] = &[
    "name",
    "dockerImage",
    "description",
    "repoUrl",
    "sshUrl",
    "swaggerPath",
    "imagePullPolicy",
    "createdAt",
    "containerRegistryId",
    "environment",
    "resources",
    "probes",
    "containerPorts",
    "configMaps",
    "secrets",
    "emptyDirMounts",
    "args",
    "execPreStop",
    "terminationGracePeriodSeconds",
    "exclusiveServiceExposure",
    "monitoring",
    "annotations",
    "labels",
    "tags",
    "owners",
    "links",
    "mapEnvVarToMountPath",
    "generatedFrom",
    "sourceMarketplaceItem",
    "sourceComponentId",
    "defaultDocumentationPath",
    "docsPath",
    "componentId",
];

/// Keys a service object may carry besides the container keys.
const SERVICE_KEYS: &[&str] = &[
    "type",
    "advanced",
    "replicas",
    "productionReplicas",
    "serviceAccountName",
    "logParser",
    "dockerImagePullSecrets",
    "emptyDirs",
    "additionalContainers",
    "sourceComponentId",
    "sourceMarketplaceItem",
    "listeners",
    "autoscaler",
    "horizontalPodAutoscaler",
    "exposed",
    "execPostStart",
    "mapEnvVarToMountPath",
    "deploymentStrategy",
    "dockerPullSecrets",
];

#[derive(Debug, Clone, Copy)]
pub struct Mia;

impl Format for Mia {
    fn name(&self) -> &'static str {
        "mia"
    }

    fn config_map_folder(&self, name: &str) -> Option<String> {
        Some(format!("{CONFIG_MAPS_DIR}/{name}"))
    }

    fn parse(&self, text: String) -> std::result::Result<Document, YamlError> {
        yaml::parse(text)
    }

    fn workloads(
        &self,
        doc: Document,
        file: &str,
        stem: &str,
        reading: Reading,
    ) -> (Vec<Workload>, Vec<Diagnostic>) {
        let mut r = Reader::new(&doc, file);
        let Some(root) = r.map(&doc.root, "the service") else {
            return (Vec::new(), r.errors);
        };
        let (main, sidecars) = service_containers(&mut r, root, &Route::root(0));
        let errors = r.errors;
        let name = main.name.clone();
        let labels = super::labels::read(&doc, doc.get(root, "labels"));
        let service = Workload {
            name,
            id: stem.to_string(),
            file: file.to_string(),
            route: Route::root(0),
            main,
            sidecars,
            init: Vec::new(),
            object: None,
            labels,
            doc: reading.document.then(|| std::sync::Arc::new(doc)),
        };
        (vec![service], errors)
    }

    fn validate(&self, w: &Workload, declared: &Declared<'_>) -> Vec<Diagnostic> {
        validate::service(self, w, declared, |name, id| {
            format!("`name: {name}` does not match the file name `{id}`")
        })
    }

    fn field_path(&self, field: Field) -> &'static [&'static str] {
        match field {
            Field::Image => &["dockerImage"],
            Field::CpuRequest => &["resources", "cpuLimits", "min"],
            Field::CpuLimit => &["resources", "cpuLimits", "max"],
            Field::MemoryRequest => &["resources", "memoryLimits", "min"],
            Field::MemoryLimit => &["resources", "memoryLimits", "max"],
        }
    }

    fn spelling(&self, part: Part) -> &'static str {
        match part {
            Part::Image => "dockerImage",
            Part::Resources => "resources",
        }
    }

    fn lists(&self) -> &'static crate::format::fields::Lists {
        &LISTS
    }

    fn new_sidecar_slot(&self, _: &Workload, _: Placement) -> (Route, Option<usize>) {
        (Route::root(0).key(SIDECARS), None)
    }

    fn new_container(&self, c: &NewContainer) -> Value {
        let mut entry = Map::new();
        entry.insert("name".into(), json!(c.name));
        entry.insert("dockerImage".into(), json!(c.image));
        entry.insert(
            "resources".into(),
            resources_value(&(c.cpu.clone(), c.memory.clone())),
        );
        if !c.env.is_empty() {
            let env: Vec<Value> = c.env.iter().map(|(k, v)| env_entry(k, v)).collect();
            entry.insert(LISTS.env.into(), Value::Array(env));
        }
        for (key, mounts) in [("configMaps", &c.config_maps), ("secrets", &c.secrets)] {
            if !mounts.is_empty() {
                let list: Vec<Value> = mounts
                    .iter()
                    .map(|(n, path)| json!({"name": n, "mountPath": path}))
                    .collect();
                entry.insert(key.into(), Value::Array(list));
            }
        }
        if !c.ports.is_empty() {
            let ports: Vec<Value> = c.ports.iter().map(port_entry).collect();
            entry.insert(LISTS.ports.into(), Value::Array(ports));
        }
        if !c.args.is_empty() {
            entry.insert(LISTS.args.into(), json!(c.args));
        }
        Value::Object(entry)
    }

    fn container_from_item(
        &self,
        item: &MarketplaceItem,
        name: &str,
        resources: &mut dyn FnMut() -> Result<Defaults>,
    ) -> Result<Instance> {
        marketplace::instantiate(item, name, resources)
    }

    fn item_from_container(&self, c: &Value, p: &Publish<'_>) -> Result<Value> {
        marketplace::publish(c, p)
    }
}

/// A service container's lists (SPEC §1.2), as `edit` changes them.
const LISTS: crate::format::fields::Lists = crate::format::fields::Lists {
    env: "environment",
    args: "args",
    ports: "containerPorts",
    source_item: Some("sourceMarketplaceItem"),
    env_entry,
    env_value: "value",
    env_elsewhere,
    port_entry,
    port_default: ("protocol", "TCP"),
};

fn env_entry(name: &str, value: &str) -> Value {
    json!({"name": name, "valueType": "plain", "value": value})
}

/// A variable whose `valueType` is not `plain` reads a secret or a ConfigMap.
fn env_elsewhere(entry: &Value) -> Option<String> {
    match entry.get("valueType") {
        None | Some(Value::Null) => None,
        Some(Value::String(t)) if t == "plain" => None,
        Some(Value::String(t)) => Some(format!("`valueType: {t}`")),
        Some(other) => Some(format!("`valueType: {other}`")),
    }
}

fn port_entry(p: &crate::format::Port) -> Value {
    json!({"name": p.name, "from": p.from, "to": p.to, "protocol": p.protocol})
}

/// The main container (the service object at `route`) and the sidecars of a service.
pub(crate) fn service_containers<'a>(
    r: &mut Reader<'a>,
    service: &'a Node,
    route: &Route,
) -> (Container, Vec<Container>) {
    let main = container(r, service, SERVICE_KEYS, Slot::Main(route.clone()));
    let list = route.key(SIDECARS);
    let mut sidecars = Vec::new();
    for (index, item) in r.seq(service, SIDECARS).into_iter().enumerate() {
        if let Some(item) = r.map(item, SIDECARS) {
            let slot = Slot::Item {
                list: list.clone(),
                index,
            };
            sidecars.push(container(r, item, &[], slot));
        }
    }
    (main, sidecars)
}

/// `{cpuLimits, memoryLimits}` of default resources.
fn resources_value((cpu, mem): &Defaults) -> Value {
    json!({
        "cpuLimits": {"min": cpu.0, "max": cpu.1},
        "memoryLimits": {"min": mem.0, "max": mem.1},
    })
}

/// A container from a mapping; `extra_keys` are the keys besides the container model's that
/// this mapping may hold (the service fields, for the main container).
fn container<'a>(r: &mut Reader<'a>, node: &'a Node, extra_keys: &[&str], slot: Slot) -> Container {
    let unknown_keys = r
        .doc
        .entries(node)
        .into_iter()
        .filter(|(k, ..)| !CONTAINER_KEYS.contains(k) && !extra_keys.contains(k))
        .map(|(k, key, _)| Located::new(k.to_string(), key.line, key.column))
        .collect();
    Container {
        name: r.string(node, "name"),
        image: r.string(node, "dockerImage"),
        resources: resources(r, node),
        config_maps: mounts(r, node, "configMaps"),
        secrets: mounts(r, node, "secrets"),
        unknown_keys,
        line: node.line,
        column: node.column,
        slot,
        placement: Placement::Classic,
        startup_probe: false,
    }
}

/// The `resources` of a container (or of the project's `defaults`).
pub(crate) fn resources<'a>(r: &mut Reader<'a>, map: &'a Node) -> Option<Resources> {
    resources_at(r, map, "resources")
}

/// `{cpuLimits, memoryLimits}` under `key` (`defaultResources` in a marketplace item).
fn resources_at<'a>(r: &mut Reader<'a>, map: &'a Node, key: &str) -> Option<Resources> {
    let node = r.doc.get(map, key)?;
    if node.is_null() {
        return None;
    }
    let node = r.map(node, key)?;
    Some(Resources {
        cpu: limits(r, node, "cpuLimits"),
        memory: limits(r, node, "memoryLimits"),
    })
}

/// `{min, max}`: min is the Kubernetes request, max the limit.
fn limits<'a>(r: &mut Reader<'a>, map: &'a Node, key: &str) -> Option<Limits> {
    let node = r.doc.get(map, key)?;
    if node.is_null() {
        return None;
    }
    let node = r.map(node, key)?;
    Some(Limits {
        min: r.string(node, "min"),
        max: r.string(node, "max"),
    })
}

fn mounts<'a>(r: &mut Reader<'a>, map: &'a Node, key: &str) -> Vec<Mount> {
    let mut out = Vec::new();
    for item in r.seq(map, key) {
        let Some(item) = r.map(item, key) else {
            continue;
        };
        match r.string(item, "name") {
            Some(name) => out.push(Mount {
                name,
                mount_path: r.string(item, "mountPath"),
            }),
            None => r.errors.push(Diagnostic::error(
                Code::MountNameMissing,
                r.file,
                Some((item.line, item.column)),
                format!("a `{key}` mount has no `name`"),
            )),
        }
    }
    out
}
