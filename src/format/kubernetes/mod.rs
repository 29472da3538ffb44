//! Plain Kubernetes manifests in a GitOps repository (SPEC §6.2): which files are read, which
//! documents are workloads, how a command names one, and where a container's keys are.
//!
//! Every Kubernetes key is spelled in this module and its submodules.

pub mod changes;
pub mod files;
pub mod ids;
pub mod kinds;
pub mod kustomize;
pub mod pod;
pub mod project;
pub mod template;
pub mod validate;
pub mod volumes;

use std::sync::Arc;

use serde_json::{Map, Value, json};

use super::readers::ByRoute;
use super::{
    Beside, Change, Declared, Defaults, Field, FileChecks, Format, Instance, Mounting, Mounts,
    NewContainer, Part, Pinned, Placement, Port, Publish, Reading, Traits, VolumeSource,
};
use crate::diagnostic::Diagnostic;
use crate::edit::{EditError, Editor, Entry};
use crate::error::{Error, Result};
use crate::model::{
    Container, Limits, Located, MarketplaceItem, Mount, Object, ProjectFile, Reader, Resources,
    Workload,
};
use crate::route::{Route, Slot};
use crate::yaml::{self, Document, Node, YamlError};
use pod::{List, Pod, PodContainer, Role};

/// The special sidecars of a project that names none: the proxies a service mesh injects.
pub const DEFAULT_SPECIAL: &[(&str, &str)] =
    &[("istio-proxy", "istio"), ("linkerd-proxy", "linkerd")];

/// The `kubernetes` format of one project: the special sidecars decide which container is the
/// main one.
#[derive(Debug)]
pub struct Kubernetes {
    special: Vec<String>,
    /// The project's Helm values (SPEC §8.2), read beside its manifests; None when off.
    helm: Option<super::helm::Helm>,
    /// The project's kustomize patches, by the file holding them, found as it lists its files.
    overlays: std::sync::Mutex<Option<Arc<kustomize::Overlays>>>,
}

/// The format as the registry knows it, before a project names its special sidecars: it
/// detects manifests and opens projects.
pub static DETECT: Kubernetes = Kubernetes {
    special: Vec::new(),
    helm: None,
    overlays: std::sync::Mutex::new(None),
};

/// The format for a project whose special sidecars are `special` and whose Helm values are
/// `helm` (made once per process).
pub fn format(special: Vec<String>, helm: Option<super::helm::Helm>) -> &'static dyn Format {
    Box::leak(Box::new(Kubernetes {
        special,
        helm,
        overlays: std::sync::Mutex::new(None),
    }))
}

/// Whether `w` is a parent of Helm values container lists (SPEC §8.2), not a pod.
fn is_helm(w: &Workload) -> bool {
    super::helm::is_helm(w)
}

/// Whether a file's text is JSON (a `.json` manifest, or `kubectl get -o json` saved as
/// `.yaml`): JSON files are read by the JSON reader, so they are edited as JSON.
fn looks_like_json(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with(['{', '['])
}

impl Kubernetes {
    /// The project's kustomize patches, once its files are listed.
    fn overlays(&self) -> Option<Arc<kustomize::Overlays>> {
        self.overlays.lock().ok()?.clone()
    }

    /// Sets the project's kustomize patches (as its files are listed).
    fn set_overlays(&self, overlays: kustomize::Overlays) {
        if let Ok(mut o) = self.overlays.lock() {
            *o = Some(Arc::new(overlays));
        }
    }
}

/// Its checks need only the file: a change checks what it wrote without building workloads.
impl ByRoute for Kubernetes {
    fn checks(&self, doc: &Document, file: &str) -> FileChecks {
        let special = |n: &str| self.special.iter().any(|s| s == n);
        let (pods, diags) = pod::read(doc, file, &special);
        // A patch is a partial object: the pod spec or containers it leaves out are its
        // target's (a patch left with no change by `delete` has neither).
        let patch = self.overlays().is_some_and(|o| o.uses(file).is_some());
        let partial = |d: &Diagnostic| {
            patch
                && matches!(
                    d.code,
                    crate::diagnostic::Code::WorkloadPodSpecMissing
                        | crate::diagnostic::Code::WorkloadNoContainers
                )
        };
        let mut checks: Vec<_> = pods
            .iter()
            .map(|p| {
                let mut c = validate::validate(p, file, &special);
                c.retain(|d| !partial(d));
                (p.resource.clone(), c)
            })
            .collect();
        let mut diags = diags;
        diags.retain(|d| !partial(d));
        if let Some(helm) = &self.helm {
            let (found, notes) = super::helm::read(helm, doc, file, true);
            checks.extend(
                found
                    .into_iter()
                    .filter_map(|w| Some((w.route, w.object?.checks))),
            );
            diags.extend(notes);
        }
        (checks, diags)
    }
}

impl Format for Kubernetes {
    /// The files of a ConfigMap a pod mounts are looked for as a mia project keeps them, in a
    /// folder of the repository (`publish`): the cluster object itself is not in it.
    fn config_map_folder(&self, name: &str) -> Option<String> {
        super::mia::Mia.config_map_folder(name)
    }

    fn readers(&self) -> super::Readers<'_> {
        super::Readers {
            by_route: Some(self),
            ..Default::default()
        }
    }

    fn name(&self) -> &'static str {
        "kubernetes"
    }

    fn parse_file(&self, rel: &str, text: String) -> std::result::Result<Document, YamlError> {
        // A `.json` manifest is JSON, as kubectl reads it: not the YAML it may also be.
        match rel.ends_with(".json") {
            true => yaml::parse_json(text),
            false => self.parse(text),
        }
    }

    fn parse(&self, text: String) -> std::result::Result<Document, YamlError> {
        if !looks_like_json(&text) {
            return yaml::parse_stream(text);
        }
        // JSON is YAML: what the JSON reader refuses in a YAML file may still be YAML
        // (`{a: 1}`, a Helm template's `{{- if }}`). A `.json` file is read as JSON only, by
        // the loader, which knows the file's name.
        match yaml::parse_json(text.clone()) {
            Ok(doc) => Ok(doc),
            Err(_) => yaml::parse_stream(text),
        }
    }

    fn workloads(
        &self,
        doc: Document,
        file: &str,
        _stem: &str,
        reading: Reading,
    ) -> (Vec<Workload>, Vec<Diagnostic>) {
        let special = |n: &str| self.special.iter().any(|s| s == n);
        let overlays = self.overlays();
        if let Some(o) = &overlays
            && let Some(uses) = o.uses(file)
        {
            let found = kustomize::workloads(o, uses, doc, file, reading, &special);
            return (found, Vec::new());
        }
        let (pods, mut diags) = pod::read(&doc, file, &special);
        // A manifest a kustomize patch may reach: the patch's reading takes its workloads from
        // here rather than reading the file again.
        if let Some(o) = overlays.as_ref().filter(|o| o.wants(file)) {
            o.keep(file, &doc, &pods);
        }
        let helm = self
            .helm
            .as_ref()
            .map(|h| super::helm::read(h, &doc, file, reading.checks));
        let doc = reading.document.then(|| Arc::new(doc));
        let (helm, notes) = helm.unwrap_or_default();
        diags.extend(notes);
        let count = pods.len() + helm.len();
        let mut workloads: Vec<Workload> = pods
            .into_iter()
            .enumerate()
            .map(|(i, p)| {
                let place = (count == 1, i + 1 == count);
                workload(p, file, doc.clone(), &special, place, reading.checks)
            })
            .collect();
        if let Some(chain) = overlays.as_ref().and_then(|o| o.images_of(file)) {
            for w in &mut workloads {
                kustomize::images::render_workload(w, chain);
            }
        }
        workloads.extend(helm.into_iter().map(|mut w| {
            w.doc = doc.clone();
            w
        }));
        if let Some(o) = workloads.last_mut().and_then(|w| w.object.as_mut()) {
            o.last = true;
            o.alone = count == 1;
        }
        (workloads, diags)
    }

    fn validate(&self, w: &Workload, _: &Declared<'_>) -> Vec<Diagnostic> {
        // Checked as the pod is read (validate.rs), where the pod's own structure is at hand.
        w.object
            .as_ref()
            .map_or_else(Vec::new, |m| m.checks.clone())
    }

    fn validate_project(
        &self,
        _file: &str,
        _config: &ProjectFile,
        notes: &[Diagnostic],
    ) -> Vec<Diagnostic> {
        // The files the project skips are reported (a template, a file that does not parse, a
        // workload of the wrong shape); a project without a project file has no name to need.
        notes
            .iter()
            .filter(|d| project::validated(d))
            .cloned()
            .collect()
    }

    fn field_path(&self, field: Field) -> &'static [&'static str] {
        match field {
            Field::Image => &["image"],
            Field::CpuRequest => &["resources", "requests", "cpu"],
            Field::CpuLimit => &["resources", "limits", "cpu"],
            Field::MemoryRequest => &["resources", "requests", "memory"],
            Field::MemoryLimit => &["resources", "limits", "memory"],
        }
    }

    fn spelling(&self, part: Part) -> &'static str {
        match part {
            Part::Image => "image",
            Part::Resources => "resources",
        }
    }

    fn lists(&self) -> &'static super::fields::Lists {
        &LISTS
    }

    fn new_sidecar_slot(&self, w: &Workload, placement: Placement) -> (Route, Option<usize>) {
        if let Some(helm) = self.helm.as_ref().filter(|_| is_helm(w)) {
            return super::helm::new_slot(helm, w, placement == Placement::Native);
        }
        let Some(pod_spec) = pod_spec_of(w) else {
            return (Route::root(0), None);
        };
        match placement {
            Placement::Classic => (pod_spec.key(List::Containers.key()), None),
            // After the native sidecars already there, before the first ordinary init container.
            Placement::Native => (
                pod_spec.key(List::InitContainers.key()),
                w.init
                    .iter()
                    .filter_map(|c| super::list_item(&c.slot).map(|(_, i)| i))
                    .min(),
            ),
        }
    }

    fn new_container(&self, c: &NewContainer) -> Value {
        let mut entry = Map::new();
        entry.insert("name".into(), json!(c.name));
        entry.insert("image".into(), json!(c.image));
        if !c.args.is_empty() {
            entry.insert("args".into(), json!(c.args));
        }
        if !c.env.is_empty() {
            let env: Vec<Value> = c.env.iter().map(|(k, v)| env_entry(k, v)).collect();
            entry.insert(LISTS.env.into(), Value::Array(env));
        }
        if !c.ports.is_empty() {
            entry.insert("ports".into(), ports(&c.ports));
        }
        entry.insert(
            "resources".into(),
            json!({
                "requests": {"cpu": c.cpu.0, "memory": c.memory.0},
                "limits": {"cpu": c.cpu.1, "memory": c.memory.1},
            }),
        );
        let mounts: Vec<Value> = c
            .config_maps
            .iter()
            .chain(&c.secrets)
            .map(|(name, path)| json!({"name": name, "mountPath": path}))
            .collect();
        if !mounts.is_empty() {
            entry.insert("volumeMounts".into(), Value::Array(mounts));
        }
        Value::Object(entry)
    }

    fn container_from_item(
        &self,
        item: &MarketplaceItem,
        name: &str,
        resources: &mut dyn FnMut() -> Result<Defaults>,
    ) -> Result<Instance> {
        // The item is read by the one marketplace table, into a Mia container; its fields are
        // then spelled as Kubernetes spells them.
        let mia = super::mia::marketplace::instantiate(item, name, resources)?;
        let mut c = from_mia(&mia.container, resources)?;
        item_texts(item, &mut c);
        Ok(Instance {
            container: self.new_container(&c),
            // ConfigMaps and Secrets are cluster objects here: the pod gets volumes for them,
            // the repository no files.
            files: Vec::new(),
            config_maps: Vec::new(),
            secrets: Vec::new(),
            mounts: (c.config_maps, c.secrets),
            // Its values are spelled anew (`env` values and `args` are the item's text).
            sources: Vec::new(),
        })
    }

    fn item_from_container(&self, c: &Value, p: &Publish<'_>) -> Result<Value> {
        super::mia::marketplace::publish(&to_mia(c, p.volume_of), p)
    }

    fn find(&self, query: &str, all: &[super::ObjectName<'_>]) -> Result<Vec<usize>> {
        ids::resolve(query, all).map_err(|a| Error::usage(a.to_string()))
    }

    fn volume_sources(&self, w: &Workload) -> Result<Vec<(String, Option<VolumeSource>)>> {
        if is_helm(w) {
            return Ok(Vec::new());
        }
        let pod = pod_of(w)?;
        let source = |v: &pod::Volume| match (v.config_maps.as_slice(), v.secrets.as_slice()) {
            ([cm], []) => Some(VolumeSource::ConfigMap(cm.clone())),
            ([], [s]) => Some(VolumeSource::Secret(s.clone())),
            _ => None,
        };
        Ok(pod
            .volumes
            .iter()
            .map(|v| (v.name.value.clone(), source(v)))
            .collect())
    }

    fn published_sources(&self, _c: &Value) -> Vec<(String, String)> {
        // A container's values are spelled anew by the mapping to Mia's keys.
        Vec::new()
    }

    fn left_out_of_item(
        &self,
        c: &Value,
        volume_of: &dyn Fn(&str) -> Option<VolumeSource>,
    ) -> Vec<String> {
        left_out(c, volume_of)
    }

    fn new_patches(
        &self,
        root: &std::path::Path,
        to: &[String],
        (name, entry, placement): (&str, &Value, Placement),
        mounts: Mounting<'_>,
    ) -> Option<Result<Vec<kustomize::create::NewPatch>>> {
        use kustomize::create::{Needs, by_overlay, new_patches};
        let by_dir = by_overlay(root, to)?;
        let entry = self.placed(entry.clone(), placement);
        let native = placement == Placement::Native;
        let patches = |needs: Needs<'_>| new_patches(root, &by_dir, name, &entry, native, needs);
        let none = (Vec::new(), Vec::new());
        let (source, c) = match mounts {
            Mounting::New(m) => return Some(patches(Needs::Mounts(m))),
            // A chart's values entry: the chart's template has its volumes, if any.
            Mounting::Copy(source, _) if is_helm(source) => {
                return Some(patches(Needs::Mounts(&none)));
            }
            Mounting::Copy(source, c) => (source, c),
        };
        let read = changes::source_pod(source, c).and_then(|pod| Ok((pod, source.document()?)));
        Some(read.and_then(|(pod, doc)| {
            let container = pod
                .as_ref()
                .and_then(|pod| Some((pod, changes::pod_container(pod, c)?)));
            patches(match container {
                Some((pod, container)) => Needs::Copy {
                    pod,
                    doc,
                    container,
                },
                None => Needs::Mounts(&none),
            })
        }))
    }

    fn adds_twice(&self, w: &Workload) -> bool {
        let source = w.object.as_ref().and_then(|o| o.source.as_ref());
        source.is_some_and(|s| s.json6902)
    }

    fn builds_on(&self, root: &std::path::Path, overlay: &str, base: &str) -> bool {
        kustomize::create::builds_on(root, overlay, base)
    }

    fn placed(&self, mut entry: Value, placement: Placement) -> Value {
        if let Value::Object(map) = &mut entry {
            let mut out = Map::new();
            for (k, v) in std::mem::take(map) {
                if k == "restartPolicy" {
                    continue;
                }
                let after_image = k == "image";
                out.insert(k, v);
                if after_image && placement == Placement::Native {
                    out.insert("restartPolicy".into(), json!("Always"));
                }
            }
            if placement == Placement::Native && !out.contains_key("restartPolicy") {
                out.insert("restartPolicy".into(), json!("Always"));
            }
            *map = out;
        }
        entry
    }

    fn traits(&self) -> &'static Traits {
        &Traits {
            noun: "workload",
            queries: true,
            placements: true,
            cluster_objects: true,
            one_file: false,
            console_units: false,
            namespaced: true,
            kinds: kinds::WORKLOAD_KINDS,
        }
    }

    fn cut_of(
        &self,
        w: &Workload,
        old: &Container,
        keep: bool,
    ) -> std::result::Result<Option<crate::format::Cut>, EditError> {
        kustomize::delete::cut_of(w, old, keep)
    }

    fn apply_cuts(
        &self,
        file: &str,
        text: &str,
        cuts: &[crate::format::Cut],
    ) -> std::result::Result<Option<String>, String> {
        kustomize::delete::apply_cuts(file, text, cuts)
    }

    fn unlist(
        &self,
        root: &std::path::Path,
        dir: &str,
        files: &[String],
        text: Option<&str>,
    ) -> std::result::Result<(String, String, String), String> {
        kustomize::unlist(root, dir, files, text)
    }

    fn apply(
        &self,
        ed: &mut Editor<'_>,
        w: &Workload,
        change: Change<'_>,
    ) -> std::result::Result<(), EditError> {
        if let Some(helm) = self.helm.as_ref().filter(|_| is_helm(w)) {
            let moved = match change {
                Change::Move {
                    old,
                    entry,
                    placement,
                } => Some((old, entry, placement)),
                Change::Replace {
                    old,
                    entry,
                    placement,
                    beside: _,
                } if old.placement != placement => Some((old, entry, placement)),
                _ => None,
            };
            if let Some((old, entry, placement)) = moved {
                let native = placement == Placement::Native;
                return super::helm::move_entry(helm, ed, w, old, entry, native);
            }
            if let Change::Add {
                entry, placement, ..
            } = change
                && let Some(done) =
                    super::helm::add_to_map(helm, ed, w, entry, placement == Placement::Native)
            {
                return done;
            }
        }
        changes::apply(self, ed, w, change)
    }

    fn prepare_new(
        &self,
        target: &Workload,
        entry: &Value,
        mounts: &(Mounts, Mounts),
        placement: Placement,
    ) -> Result<Option<(Value, Beside)>> {
        // A chart's values have no pod volumes: the entry goes in alone.
        if let Some(helm) = self.helm.as_ref().filter(|_| is_helm(target)) {
            super::helm::refuse_no_list(helm, target, placement == Placement::Native)?;
            return Ok(Some((self.placed(entry.clone(), placement), Vec::new())));
        }
        changes::prepare_new(self, target, entry, mounts, placement).map(Some)
    }

    fn prepare_copy(&self, source: &Workload, c: &Container, target: &Workload) -> Result<Beside> {
        if let Some(helm) = self.helm.as_ref().filter(|_| is_helm(target)) {
            super::helm::refuse_no_list(helm, target, c.placement == Placement::Native)?;
            return Ok(Vec::new());
        }
        if is_helm(source) {
            return Ok(Vec::new());
        }
        changes::prepare_clone(source, c, target)
    }

    fn pinned_image(&self, file: &str, new_patch: bool, image: &str) -> Option<Pinned> {
        let overlays = self.overlays()?;
        let (image, e) = overlays.pinned(file, new_patch, image)?;
        Some(Pinned {
            image,
            entry: e.name.clone(),
            file: e.file.clone(),
            at: (e.line, e.column),
        })
    }

    fn placed_entry(
        &self,
        doc: &Document,
        list: &Route,
        index: usize,
        placement: Placement,
        sets: &[(&[&str], &str)],
        want: &Value,
        moving: bool,
    ) -> Option<Entry> {
        changes::placed_text(doc, list, index, placement, sets, want, moving)
    }

    fn refuse_new_main(
        &self,
        w: &Workload,
        placement: Placement,
        hint: &crate::error::Hint,
    ) -> Result<()> {
        // A chart's values name no main container: the chart's template has it.
        if is_helm(w) {
            return Ok(());
        }
        changes::refuse_new_main(w, placement, hint)
    }

    fn own_container(&self, w: &Workload, name: &str) -> Option<String> {
        changes::own_container(w, name)
    }

    fn placement_notes(
        &self,
        targets: &[&Workload],
        name: &str,
        placement: Placement,
        advice: &str,
    ) -> Vec<Diagnostic> {
        match placement {
            Placement::Classic => changes::jobs_never_complete(targets, name, advice),
            Placement::Native => Vec::new(),
        }
    }
}

/// `env` values and `args` are text in Kubernetes: one the item writes as a plain scalar is its
/// text as written (`0400`, `1.10`, `yes`), not the number or boolean a reader makes of it,
/// which YAML 1.1 and 1.2 readers do not even agree on.
fn item_texts(item: &MarketplaceItem, c: &mut NewContainer) {
    let doc = &item.doc;
    let Some(res) = doc.get(&doc.root, "resources") else {
        return;
    };
    let plain = |n: &Node| match &n.kind {
        yaml::Kind::Scalar {
            value,
            style: granit_parser::ScalarStyle::Plain,
            tag: None,
        } if !value.is_empty() => Some(value.to_string()),
        _ => None,
    };
    if let Some(args) = doc.get(res, "defaultArgs") {
        for (arg, node) in c.args.iter_mut().zip(doc.items(args)) {
            if let Some(text) = plain(node) {
                *arg = text;
            }
        }
    }
    let vars = doc
        .get(res, "defaultEnvironmentVariables")
        .map(|l| doc.items(l))
        .unwrap_or_default();
    for (name, value) in &mut c.env {
        let node = vars.iter().find(|v| {
            doc.get(v, "name").and_then(Node::as_str) == Some(name.as_str())
                && doc
                    .get(v, "valueType")
                    .and_then(Node::as_str)
                    .is_none_or(|t| t == "plain")
        });
        if let Some(text) = node.and_then(|v| doc.get(v, "value")).and_then(plain) {
            *value = text;
        }
    }
}

fn ports(ports: &[Port]) -> Value {
    Value::Array(ports.iter().map(port_entry).collect())
}

/// A container's lists (SPEC §6.2), as `edit` changes them.
const LISTS: super::fields::Lists = super::fields::Lists {
    env: "env",
    args: "args",
    ports: "ports",
    source_item: None,
    env_entry,
    env_value: "value",
    env_elsewhere: |entry| {
        (entry.get("valueFrom").is_some_and(|v| !v.is_null())).then(|| "`valueFrom`".to_string())
    },
    port_entry,
    port_default: ("protocol", "TCP"),
};

fn env_entry(name: &str, value: &str) -> Value {
    json!({"name": name, "value": value})
}

fn port_entry(p: &Port) -> Value {
    json!({"name": p.name, "containerPort": p.to, "protocol": p.protocol})
}

/// A Mia container made from a marketplace item, as a new Kubernetes container: `min` is the
/// request and `max` the limit, plain environment variables are `env`, mounts are volume mounts.
fn from_mia(c: &Value, defaults: &mut dyn FnMut() -> Result<Defaults>) -> Result<NewContainer> {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).unwrap_or_default().to_string();
    let pair = |key: &str| {
        let l = c.pointer(&format!("/resources/{key}"));
        (
            s(l.and_then(|l| l.get("min"))),
            s(l.and_then(|l| l.get("max"))),
        )
    };
    let (mut cpu, mut memory) = (pair("cpuLimits"), pair("memoryLimits"));
    if cpu.0.is_empty() || memory.0.is_empty() {
        let (dc, dm) = defaults()?;
        if cpu.0.is_empty() {
            cpu = dc;
        }
        if memory.0.is_empty() {
            memory = dm;
        }
    }
    let list = |key: &str| {
        c.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let mounts = |key: &str| -> Vec<(String, String)> {
        list(key)
            .iter()
            .map(|m| (s(m.get("name")), s(m.get("mountPath"))))
            .collect()
    };
    let scalar = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(NewContainer {
        name: s(c.get("name")),
        image: s(c.get("dockerImage")),
        cpu,
        memory,
        env: list("environment")
            .iter()
            .filter(|e| {
                e.get("valueType")
                    .and_then(Value::as_str)
                    .is_none_or(|t| t == "plain")
            })
            .map(|e| {
                (
                    s(e.get("name")),
                    e.get("value").map(scalar).unwrap_or_default(),
                )
            })
            .collect(),
        config_maps: mounts("configMaps"),
        secrets: mounts("secrets"),
        ports: list("containerPorts")
            .iter()
            .filter_map(|p| {
                let port = |k: &str| {
                    p.get(k)
                        .and_then(Value::as_u64)
                        .and_then(|n| u16::try_from(n).ok())
                };
                let to = port("to").or(port("from"))?;
                Some(Port {
                    name: s(p.get("name")),
                    from: port("from").unwrap_or(to),
                    to,
                    protocol: p
                        .get("protocol")
                        .and_then(Value::as_str)
                        .unwrap_or("TCP")
                        .to_string(),
                })
            })
            .collect(),
        args: list("args").iter().map(scalar).collect(),
    })
}

/// A Kubernetes container entry as the Mia container a marketplace item is published from.
/// Mounts name their volumes: the item's ConfigMaps and Secrets are named after them.
/// The keys of a Kubernetes container that [`to_mia`] carries into a catalog item (or that
/// say where it runs, which the item does not hold: `restartPolicy`).
const CARRIED: &[&str] = &[
    "name",
    "image",
    "resources",
    "env",
    "args",
    "ports",
    "volumeMounts",
    "restartPolicy",
];

/// What of the container `c` [`to_mia`] leaves out: its other keys, env vars that are not a
/// plain `value`, and mounts of volumes that are not one ConfigMap or one Secret.
fn left_out(c: &Value, volume_of: &dyn Fn(&str) -> Option<VolumeSource>) -> Vec<String> {
    let Some(map) = c.as_object() else {
        return Vec::new();
    };
    let mut out: Vec<String> = map
        .keys()
        .filter(|k| !CARRIED.contains(&k.as_str()))
        .map(|k| format!("`{k}`"))
        .collect();
    let items = |key: &str| c.get(key).and_then(Value::as_array).into_iter().flatten();
    let name = |v: &Value| {
        v.get("name")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string()
    };
    for e in items("env").filter(|e| e.get("value").is_none()) {
        let how = if e.get("valueFrom").is_some() {
            " (`valueFrom`)"
        } else {
            ""
        };
        out.push(format!("env `{}`{how}", name(e)));
    }
    for m in items("volumeMounts") {
        let volume = name(m);
        if volume_of(&volume).is_none() {
            out.push(format!("the mount of pod volume `{volume}`"));
        } else {
            out.extend(other_keys(
                m,
                &["name", "mountPath"],
                &format!("its mount of `{volume}`"),
            ));
        }
    }
    for p in items("ports") {
        let of = format!("port `{}`", name(p));
        out.extend(other_keys(p, &["name", "containerPort", "protocol"], &of));
    }
    // Only CPU and memory travel (`defaultResources`).
    for part in ["requests", "limits"] {
        if let Some(r) = c.pointer(&format!("/resources/{part}")) {
            out.extend(other_keys(
                r,
                &["cpu", "memory"],
                &format!("resources.{part}"),
            ));
        }
    }
    out
}

/// "`key` of `of`" for each key of the object `v` not in `carried`.
fn other_keys(v: &Value, carried: &[&str], of: &str) -> Vec<String> {
    v.as_object()
        .into_iter()
        .flat_map(|m| m.keys())
        .filter(|k| !carried.contains(&k.as_str()))
        .map(|k| format!("`{k}` of {of}"))
        .collect()
}

fn to_mia(c: &Value, volume_of: &dyn Fn(&str) -> Option<VolumeSource>) -> Value {
    let mut out = Map::new();
    // A mount of a volume holding one ConfigMap or one Secret is a Mia mount of it; the mounts
    // of other volumes (projected ones of several objects, `emptyDir`...) are the pod's.
    let (mut config_maps, mut secrets) = (Vec::new(), Vec::new());
    for m in c
        .get("volumeMounts")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (Some(volume), Some(path)) = (
            m.get("name").and_then(Value::as_str),
            m.get("mountPath").and_then(Value::as_str),
        ) else {
            continue;
        };
        match volume_of(volume) {
            Some(VolumeSource::ConfigMap(n)) => {
                config_maps.push(json!({"name": n, "mountPath": path}))
            }
            Some(VolumeSource::Secret(n)) => secrets.push(json!({"name": n, "mountPath": path})),
            None => {}
        }
    }
    for (key, mounts) in [("configMaps", config_maps), ("secrets", secrets)] {
        if !mounts.is_empty() {
            out.insert(key.into(), Value::Array(mounts));
        }
    }
    let get = |k: &str| c.get(k).cloned();
    out.insert("name".into(), get("name").unwrap_or(Value::Null));
    out.insert("dockerImage".into(), get("image").unwrap_or(Value::Null));
    let at = |p: &str| c.pointer(p).cloned().unwrap_or(Value::Null);
    if c.get("resources").is_some() {
        out.insert(
            "resources".into(),
            json!({
                "cpuLimits": {"min": at("/resources/requests/cpu"), "max": at("/resources/limits/cpu")},
                "memoryLimits": {"min": at("/resources/requests/memory"), "max": at("/resources/limits/memory")},
            }),
        );
    }
    if let Some(env) = c.get("env").and_then(Value::as_array) {
        let plain: Vec<Value> = env
            .iter()
            .filter(|e| e.get("value").is_some())
            .map(|e| json!({"name": e.get("name"), "valueType": "plain", "value": e.get("value")}))
            .collect();
        if !plain.is_empty() {
            out.insert("environment".into(), Value::Array(plain));
        }
    }
    if let Some(args) = get("args") {
        out.insert("args".into(), args);
    }
    if let Some(ports) = c.get("ports").and_then(Value::as_array) {
        let ports: Vec<Value> = ports
            .iter()
            .map(|p| {
                json!({"name": p.get("name"), "from": p.get("containerPort"),
                       "to": p.get("containerPort"), "protocol": p.get("protocol").cloned().unwrap_or(json!("TCP"))})
            })
            .collect();
        out.insert("containerPorts".into(), Value::Array(ports));
    }
    Value::Object(out)
}

/// `defaults` of a `kubernetes` project file: `resources.requests` as min, `limits` as max.
pub fn read_defaults<'a>(r: &mut Reader<'a>, defaults: &'a Node) -> Option<Resources> {
    let doc = r.doc;
    let res = doc.get(defaults, "resources").filter(|n| !n.is_null())?;
    let res = r.map(res, "resources")?;
    let mut part = |what: &str| {
        let at = |key: &str| doc.get(res, key).filter(|n| !n.is_null());
        let (req, lim) = (at("requests"), at("limits"));
        Limits {
            min: req.and_then(|m| r.string(m, what)),
            max: lim.and_then(|m| r.string(m, what)),
        }
    };
    let cpu = part("cpu");
    let memory = part("memory");
    Some(Resources {
        cpu: Some(cpu),
        memory: Some(memory),
    })
}

/// A pod as a workload of the model.
fn workload(
    mut p: Pod,
    file: &str,
    doc: Option<Arc<Document>>,
    special: &dyn Fn(&str) -> bool,
    (alone, last): (bool, bool),
    checks: bool,
) -> Workload {
    let container = |c: &PodContainer| container(&p, c);
    let main = p
        .main()
        .map(container)
        .unwrap_or_else(|| no_main_container(&p));
    let of = |role: Role| {
        p.containers
            .iter()
            .filter(|c| c.role == role)
            .map(container)
            .collect::<Vec<_>>()
    };
    let (sidecars, init) = (of(Role::Sidecar), of(Role::Init));
    let labels = std::mem::take(&mut p.labels);
    Workload {
        name: Some(p.name.clone()),
        id: p.id(),
        file: file.to_string(),
        route: p.resource.clone(),
        main,
        sidecars,
        init,
        object: Some(Box::new(Object {
            kind: p.kind,
            name: p.name.value.clone(),
            namespace: p.namespace.clone(),
            document: p.document,
            blocked: p.blocked.clone(),
            alone,
            last,
            checks: match checks {
                true => validate::validate(&p, file, special),
                false => Vec::new(),
            },
            source: None,
            images: Vec::new(),
        })),
        labels,
        doc,
    }
}

/// A container of a pod as a container of the model.
fn container(p: &Pod, c: &PodContainer) -> Container {
    let (cms, secrets) = p.references(c);
    let at = (c.line, c.column);
    let mounts = |names: Vec<String>| {
        names
            .into_iter()
            .map(|n| Mount {
                name: Located::new(n, at.0, at.1),
                mount_path: None,
            })
            .collect()
    };
    Container {
        name: c.name.clone(),
        image: c.image.clone(),
        resources: c.resources.clone(),
        config_maps: mounts(cms),
        secrets: mounts(secrets),
        unknown_keys: Vec::new(),
        line: c.line,
        column: c.column,
        slot: Slot::Item {
            list: p.list_route(c.list),
            index: c.index,
        },
        placement: match c.list {
            List::Containers => Placement::Classic,
            List::InitContainers => Placement::Native,
        },
        startup_probe: c.startup_probe,
    }
}

/// The main container of a pod that has none (it is blocked): its place is the pod spec.
fn no_main_container(p: &Pod) -> Container {
    Container::absent(Slot::Main(p.pod_spec.clone()), p.line, p.column)
}

/// The route of a workload's pod spec: its object's route and the keys its kind keeps it at.
fn pod_spec_of(w: &Workload) -> Option<Route> {
    let kind = w.object.as_ref()?.kind;
    let kind = kinds::WORKLOAD_KINDS.iter().find(|k| k.kind == kind)?;
    Some(w.route.keys(kind.pod_spec))
}

/// The pod of a workload, read again from its document (to reach its volumes).
pub fn pod_of(w: &Workload) -> Result<Pod> {
    let doc = w.document()?;
    if w.object.is_none() {
        return Err(Error::failed(format!(
            "{} is not a Kubernetes workload",
            w.id
        )));
    }
    let (pods, _) = pod::read(doc, &w.file, &|_| false);
    pods.into_iter()
        .find(|p| p.resource == w.route)
        .ok_or_else(|| Error::failed(format!("{}: workload {} not found again", w.file, w.id)))
}
