//! Reading patches into the workloads they add sidecars to, and the base workloads they reach.

use std::path::Path;
use std::sync::Arc;

use super::graph::Form;
use super::images;
use super::target::{Resource, Target};
use super::{Base, Overlays, Use, folder};
use crate::diagnostic::{Code, Diagnostic};
use crate::format::Reading;
use crate::format::kubernetes::pod::{self, List, Pod, PodContainer, Role};
use crate::format::kubernetes::{kinds, validate};
use crate::model::{Container, Held, Located, Mount, Object, Placement, Source, Workload};
use crate::route::{Route, Slot};
use crate::yaml::{self, Document, Node};

/// The workloads of the manifest `rel`, as patches see them.
pub fn bases(root: &Path, rel: &str) -> Vec<Base> {
    let Some(doc) = parsed(root, rel) else {
        return Vec::new();
    };
    let (pods, _) = pod::read(&doc, rel, &|_| false);
    pods.iter().map(|p| base(&doc, p)).collect()
}

/// The workload `id` of the manifest `rel`, read again with its document.
pub fn pod_of(root: &Path, rel: &str, id: &str) -> Option<(Document, Pod)> {
    let doc = parsed(root, rel)?;
    let (pods, _) = pod::read(&doc, rel, &|_| false);
    let pod = pods.into_iter().find(|p| base(&doc, p).id == id)?;
    Some((doc, pod))
}

/// The manifest `rel`, parsed; None when it cannot be ([`crate::format::read_aside`]).
fn parsed(root: &Path, rel: &str) -> Option<Document> {
    let parse = match rel.ends_with(".json") {
        true => yaml::parse_json,
        false => yaml::parse_stream,
    };
    crate::format::read_aside(root, rel, &parse).ok()
}

/// What a patch needs of the workload `p` of `doc`.
pub(super) fn base(doc: &Document, p: &Pod) -> Base {
    let object = doc.node_at(&p.resource);
    let text = |keys: &[&str]| {
        let mut n = object?;
        for k in keys {
            n = doc.get(n, k)?;
        }
        n.as_str().map(str::to_string)
    };
    let api = text(&["apiVersion"]).unwrap_or_default();
    let (group, version) = match api.split_once('/') {
        Some((g, v)) => (g.to_string(), v.to_string()),
        None => (String::new(), api),
    };
    let annotations = object
        .and_then(|o| doc.get(o, "metadata"))
        .and_then(|m| doc.get(m, "annotations"))
        .map(|a| {
            doc.entries(a)
                .into_iter()
                .filter_map(|(k, _, v)| Some((k.to_string(), v.as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default();
    Base {
        resource: Resource {
            group,
            version,
            kind: p.kind.to_string(),
            name: p.name.value.clone(),
            namespace: p.namespace.clone(),
            labels: p.labels.clone(),
            annotations,
        },
        kind: p.kind,
        id: p.id(),
        containers: p.containers.iter().map(|c| c.name().to_string()).collect(),
    }
}

/// Where a patch's text is: its file's own document, or an inline patch's text (parsed on its
/// own, its lines counted from the line `offset` of the file).
struct Text<'a> {
    doc: &'a Document,
    /// (lines, columns) to add to a place in `doc` to make it a place in the file.
    offset: (usize, usize),
    /// An inline patch: the route of its text in the file, and the file (when texts are kept).
    held: Option<Held>,
}

impl Text<'_> {
    fn place(&self, (line, column): (usize, usize)) -> (usize, usize) {
        (line + self.offset.0, column + self.offset.1)
    }

    fn diagnostic(&self, mut d: Diagnostic) -> Diagnostic {
        if let (Some(l), Some(c)) = (d.line, d.column) {
            let (l, c) = self.place((l, c));
            (d.line, d.column) = (Some(l), Some(c));
        }
        d
    }
}

/// Where the text of the block scalar `node` starts: on the line after its indicator (`|-`),
/// each line indented alike.
fn block_offset(file_text: &str, node: &Node) -> (usize, usize) {
    let at = file_text.get(node.start..).unwrap_or_default();
    // The node starts at its indicator, or (as some readers place it) at its first line.
    let first_line = match at.starts_with(['|', '>']) {
        true => node.line + 1,
        false => node.line,
    };
    let first = file_text.lines().nth(first_line - 1).unwrap_or_default();
    let indent = first.len() - first.trim_start_matches(' ').len();
    (first_line - 1, indent)
}

/// The workloads the patches held by `file` (parsed as `doc`) add sidecars to; the workloads
/// they reach come from `overlays`.
pub fn workloads(
    overlays: &Overlays,
    uses: &[Use],
    doc: Document,
    file: &str,
    reading: Reading,
    special: &dyn Fn(&str) -> bool,
) -> Vec<Workload> {
    let doc = Arc::new(doc);
    let mut out = Vec::new();
    for u in uses {
        let sub;
        let text = match &u.entry.inline {
            None => Text {
                doc: &doc,
                offset: (0, 0),
                held: None,
            },
            Some(route) => {
                let Some((parsed, node)) = inline(&doc, route) else {
                    continue;
                };
                sub = parsed;
                Text {
                    doc: &sub,
                    offset: block_offset(&doc.text, node),
                    held: Some(Held {
                        route: route.clone(),
                        file: reading.document.then(|| doc.clone()),
                    }),
                }
            }
        };
        // An inline patch keeps its own text: its containers' slots are routes into it.
        let keep = reading.document.then(|| match text.held {
            Some(_) => Arc::new(text.doc.clone()),
            None => doc.clone(),
        });
        let bases = overlays.bases(u);
        let (before, later) = overlays.around(u);
        let found = match form(u, text.doc) {
            Form::Strategic => {
                let special = reading.checks.then_some(special);
                strategic(u, &bases, (&before, &later), &text, file, special)
            }
            Form::Json6902 => json6902(u, &bases, &later, &text, file),
        };
        let mut found = found;
        for w in &mut found {
            w.doc.clone_from(&keep);
            images::render_workload(w, &u.images);
        }
        // Most often one patch entry: its workloads are the list, not a copy.
        match out.is_empty() {
            true => out = found,
            false => out.append(&mut found),
        }
    }
    share(&mut out);
    out
}

/// The inline patch at `route` of the kustomization `doc`: its text parsed, and its node.
fn inline<'d>(doc: &'d Document, route: &Route) -> Option<(Document, &'d Node)> {
    let node = doc.get_at(route)?;
    let parsed = yaml::parse_stream(node.as_str()?.to_string()).ok()?;
    Some((parsed, node))
}

/// Tells each of `out` (the workloads of one file's patches) what it shares with the others:
/// the workloads its patch entry reaches, and its place among the file's workloads.
fn share(out: &mut [Workload]) {
    share_reaches(out);
    // Planned together, like the workloads of any file of several.
    let count = out.len();
    for (i, w) in out.iter_mut().enumerate() {
        if let Some(o) = &mut w.object {
            (o.alone, o.last) = (count == 1, i + 1 == count);
        }
    }
}

/// Gives each workload the IDs of every workload its patch entry reaches: a change to it
/// changes them all (one list shared by them: a patch may reach thousands). Inline patches of
/// one file are told apart by where their text is: their own routes all start at their text's
/// first document.
fn share_reaches(out: &mut [Workload]) {
    type Place = (Option<Route>, Route);
    let place = |w: &Workload| -> Place {
        let held = w
            .object
            .as_ref()
            .and_then(|o| o.source.as_ref()?.held.as_ref());
        (held.map(|h| h.route.clone()), w.route.clone())
    };
    let mut reaches: std::collections::HashMap<Place, Vec<String>> = Default::default();
    for w in out.iter() {
        reaches.entry(place(w)).or_default().push(w.id.clone());
    }
    let reaches: std::collections::HashMap<Place, Arc<[String]>> = reaches
        .into_iter()
        .map(|(r, ids)| (r, ids.into()))
        .collect();
    for w in out.iter_mut() {
        let shared = reaches.get(&place(w)).cloned();
        if let (Some(source), Some(shared)) =
            (w.object.as_mut().and_then(|o| o.source.as_mut()), shared)
        {
            source.reaches = shared;
        }
    }
}

/// How a patch is written: as its kustomization says, else by its text (a list is JSON 6902).
fn form(u: &Use, doc: &Document) -> Form {
    u.entry
        .form
        .unwrap_or_else(|| match doc.root_of(0).map(|r| &doc.resolve(r).kind) {
            Some(yaml::Kind::Seq { .. }) => Form::Json6902,
            _ => Form::Strategic,
        })
}

/// The workloads the strategic-merge patch `t` adds sidecars to, but for what the patches
/// applied after it delete (`around.1`); a container that one applied before it adds there
/// (`around.0`) is merged into. `special` is given when the workloads are validated (not for
/// a listing).
fn strategic(
    u: &Use,
    bases: &[Arc<Vec<Base>>],
    around: (&[&Effect], &[&Effect]),
    t: &Text<'_>,
    file: &str,
    special: Option<&dyn Fn(&str) -> bool>,
) -> Vec<Workload> {
    let (pods, _) = pod::read(t.doc, file, &|_| false);
    let (before, later) = around;
    let mut out = Vec::new();
    // A `target:` may reach every workload (thousands): room for them at once.
    if u.entry.target.is_some() {
        out.reserve(bases.iter().map(|b| b.len()).sum());
    }
    for p in &pods {
        // An init container that does not keep running is no sidecar, unless it merges into
        // one an earlier patch adds (a tuning entry need not repeat `restartPolicy`).
        let candidates: Vec<&PodContainer> = (p.containers.iter())
            .filter(|c| !is_deleted(t.doc, p, c))
            .collect();
        // What a target gets depends only on which candidates it lacks: most often the same
        // for all of a patch's targets, so each such set is read and validated once.
        let mut made: Vec<Added> = Vec::new();
        let theirs = p.id();
        let aim = Aim::of(u, p.kind, &p.name.value, p.namespace.as_deref());
        for b in bases
            .iter()
            .flat_map(|b| b.iter())
            .filter(|b| aim.reaches(b))
        {
            let lacks: Vec<usize> = (0..candidates.len())
                .filter(|i| {
                    let (c, name) = (candidates[*i], candidates[*i].name());
                    !b.containers.iter().any(|n| n == name)
                        && !any(later, false, b, name)
                        && (is_sidecar(c) || any(before, true, b, name))
                })
                .collect();
            if lacks.is_empty() {
                continue;
            }
            let merges: Vec<usize> = (lacks.iter().copied())
                .filter(|i| any(before, true, b, candidates[*i].name()))
                .collect();
            let at = match (made.iter()).position(|m| m.lacks == lacks && m.merges == merges) {
                Some(at) => at,
                None => {
                    made.push(Added::new(p, &candidates, lacks, merges, t, file, special));
                    made.len() - 1
                }
            };
            let ours = u.id(b);
            let checks = made[at]
                .checks
                .iter()
                .map(|d| Diagnostic {
                    message: d.message.replace(&theirs, &ours),
                    ..d.clone()
                })
                .collect();
            let (route, containers) = (p.resource.clone(), made[at].containers.clone());
            let mut w = workload(u, b, ours, file, p.document, route, containers, checks, t);
            if let Some(source) = w.object.as_mut().and_then(|o| o.source.as_mut()) {
                let merged = made[at]
                    .merges
                    .iter()
                    .map(|i| candidates[*i].name().to_string());
                source.merges = merged.collect();
            }
            out.push(w);
        }
    }
    out
}

/// What a patch document reaches: its entry's `target`, else the workload of its own kind,
/// name and namespace.
#[derive(Debug)]
enum Aim {
    Target(Target),
    Named {
        kind: String,
        name: String,
        namespace: Option<String>,
    },
}

impl Aim {
    fn of(u: &Use, kind: &str, name: &str, namespace: Option<&str>) -> Self {
        match &u.entry.target {
            Some(sel) => Self::Target(sel.clone()),
            None => Self::Named {
                kind: kind.to_string(),
                name: name.to_string(),
                namespace: namespace.map(str::to_string),
            },
        }
    }

    fn reaches(&self, b: &Base) -> bool {
        match self {
            Self::Target(sel) => sel.matches(&b.resource),
            Self::Named {
                kind,
                name,
                namespace,
            } => {
                b.resource.kind == *kind
                    && b.resource.name == *name
                    && (namespace.is_none() || *namespace == b.resource.namespace)
            }
        }
    }
}

/// What a patch does to the workloads it reaches: add containers, or delete containers (or,
/// `names` None, the whole workload) with `$patch: delete`. A patch applied after another of
/// its overlay may take out what that one adds, or merge into it.
#[derive(Debug)]
pub struct Effect {
    /// The patch's place in its overlay's order ([`Use::step`]).
    pub step: usize,
    aim: Aim,
    adds: bool,
    names: Option<Vec<String>>,
}

impl Effect {
    /// Whether this adds (`adds`) or deletes the container `name` in the workload `b`.
    fn touches(&self, adds: bool, b: &Base, name: &str) -> bool {
        self.adds == adds
            && self
                .names
                .as_ref()
                .is_none_or(|n| n.iter().any(|n| n == name))
            && self.aim.reaches(b)
    }
}

/// Whether one of `effects` adds (`adds`) or deletes the container `name` in `b`.
fn any(effects: &[&Effect], adds: bool, b: &Base, name: &str) -> bool {
    effects.iter().any(|e| e.touches(adds, b, name))
}

/// What the patches `uses` held by `file` add and delete, each with the overlay applying it.
pub fn effects(root: &Path, file: &str, uses: &[Use]) -> Vec<(String, Effect)> {
    let Some(doc) = parsed(root, file) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for u in uses {
        let sub;
        let patch = match &u.entry.inline {
            None => &doc,
            Some(route) => match inline(&doc, route) {
                Some((parsed, _)) => {
                    sub = parsed;
                    &sub
                }
                None => continue,
            },
        };
        let found = match form(u, patch) {
            Form::Strategic => strategic_effects(u, patch),
            Form::Json6902 => json6902_effects(u, patch, file),
        };
        out.extend(found.into_iter().map(|(aim, adds, names)| {
            let step = u.step;
            let effect = Effect {
                step,
                aim,
                adds,
                names,
            };
            (u.overlay.clone(), effect)
        }));
    }
    out
}

/// What the JSON 6902 patch `doc` adds to the workloads its entry's `target` selects.
fn json6902_effects(u: &Use, doc: &Document, file: &str) -> Vec<(Aim, bool, Option<Vec<String>>)> {
    let (Some(sel), Some(added)) = (&u.entry.target, json6902_adds(doc, file)) else {
        return Vec::new();
    };
    let names = added.iter().map(|(c, _)| c.name().to_string()).collect();
    vec![(Aim::Target(sel.clone()), true, Some(names))]
}

/// What the strategic-merge patch `doc` adds (the containers [`adds`] takes) and deletes
/// (whole workloads: a document saying `$patch: delete`; containers: an entry saying it).
fn strategic_effects(u: &Use, doc: &Document) -> Vec<(Aim, bool, Option<Vec<String>>)> {
    let mut out = Vec::new();
    for root in doc.roots() {
        let root = doc.resolve(root);
        let text = |n: &Node, k: &str| doc.get(n, k).and_then(Node::as_str).map(str::to_string);
        if text(root, "$patch").as_deref() != Some("delete") {
            continue;
        }
        let meta = doc.get(root, "metadata");
        let name = meta.and_then(|m| text(m, "name")).unwrap_or_default();
        let namespace = meta.and_then(|m| text(m, "namespace"));
        let kind = text(root, "kind").unwrap_or_default();
        out.push((Aim::of(u, &kind, &name, namespace.as_deref()), false, None));
    }
    let (pods, _) = pod::read(doc, "", &|_| false);
    for p in &pods {
        for adds in [true, false] {
            let names: Vec<String> = p
                .containers
                .iter()
                .filter(|c| match adds {
                    true => self::adds(doc, p, c),
                    false => is_deleted(doc, p, c),
                })
                .map(|c| c.name().to_string())
                .collect();
            if !names.is_empty() {
                let aim = Aim::of(u, p.kind, &p.name.value, p.namespace.as_deref());
                out.push((aim, adds, Some(names)));
            }
        }
    }
    out
}

/// The containers a patch document adds to a target lacking the candidates `lacks`, and
/// their checks (with the patch document's own ID in their messages). Those of `merges` are
/// merged into a container an earlier patch adds: only part of one (often no image, only
/// resources), they are not checked.
struct Added {
    lacks: Vec<usize>,
    merges: Vec<usize>,
    containers: Vec<Container>,
    checks: Vec<Diagnostic>,
}

impl Added {
    fn new(
        p: &Pod,
        candidates: &[&PodContainer],
        lacks: Vec<usize>,
        merges: Vec<usize>,
        t: &Text<'_>,
        file: &str,
        special: Option<&dyn Fn(&str) -> bool>,
    ) -> Self {
        let added: Vec<PodContainer> = lacks
            .iter()
            .map(|i| PodContainer {
                role: Role::Sidecar,
                ..candidates[*i].clone()
            })
            .collect();
        let containers = added
            .iter()
            .map(|c| {
                let slot = Slot::Item {
                    list: p.list_route(c.list),
                    index: c.index,
                };
                model_container(c, slot, t)
            })
            .collect();
        let whole: Vec<PodContainer> = (lacks.iter().zip(added))
            .filter(|(i, _)| !merges.contains(i))
            .map(|(_, c)| c)
            .collect();
        let checks = match special {
            Some(special) if !whole.is_empty() => {
                let checked = Pod {
                    containers: whole,
                    ..p.clone()
                };
                validate::validate(&checked, file, special)
                    .into_iter()
                    .filter(|d| d.code != Code::MountUndeclaredVolume)
                    .map(|d| t.diagnostic(d))
                    .collect()
            }
            _ => Vec::new(),
        };
        Self {
            lacks,
            merges,
            containers,
            checks,
        }
    }
}

/// Whether the patch container `c` of `p` adds a container to a target that lacks its name:
/// not a `$patch: delete`, and a sidecar (a classic container, or an init container that
/// keeps running).
fn adds(doc: &Document, p: &Pod, c: &PodContainer) -> bool {
    !is_deleted(doc, p, c) && is_sidecar(c)
}

/// A classic container, or an init container that keeps running.
fn is_sidecar(c: &PodContainer) -> bool {
    c.list == List::Containers || c.is_native()
}

/// Whether the patch container `c` of `p` says `$patch: delete`.
fn is_deleted(doc: &Document, p: &Pod, c: &PodContainer) -> bool {
    doc.node_at(&p.container_route(c))
        .and_then(|n| doc.get(n, "$patch"))
        .and_then(Node::as_str)
        .is_some_and(|v| v == "delete")
}

fn json6902(
    u: &Use,
    bases: &[Arc<Vec<Base>>],
    later: &[&Effect],
    t: &Text<'_>,
    file: &str,
) -> Vec<Workload> {
    let Some(sel) = &u.entry.target else {
        return Vec::new();
    };
    let added: Vec<Container> = json6902_adds(t.doc, file)
        .unwrap_or_default()
        .into_iter()
        .map(|(c, i)| model_container(&c, Slot::Main(Route::root(0).index(i).key("value")), t))
        .collect();
    let mut out = Vec::new();
    if added.is_empty() {
        return out;
    }
    let bases = bases.iter().flat_map(|b| b.iter());
    for b in bases.filter(|b| sel.matches(&b.resource)) {
        let containers = added
            .iter()
            .filter(|c| {
                !b.containers.iter().any(|n| n == c.name()) && !any(later, false, b, c.name())
            })
            .cloned()
            .collect();
        let mut w = workload(
            u,
            b,
            u.id(b),
            file,
            0,
            Route::root(0),
            containers,
            Vec::new(),
            t,
        );
        if let Some(source) = w.object.as_mut().and_then(|o| o.source.as_mut()) {
            source.json6902 = true;
        }
        out.push(w);
    }
    out
}

/// The containers the JSON 6902 list `doc` adds (a classic container, or a native sidecar),
/// each with the index of its operation; None when `doc` is no list.
fn json6902_adds(doc: &Document, file: &str) -> Option<Vec<(PodContainer, usize)>> {
    let root = doc.resolve(doc.root_of(0)?);
    let mut added = Vec::new();
    for (i, op) in doc.items(root).into_iter().enumerate() {
        let text = |k: &str| doc.get(op, k).and_then(Node::as_str);
        let Some(list) = text("path").and_then(container_list) else {
            continue;
        };
        let Some(value) = doc.get(op, "value") else {
            continue;
        };
        if text("op") != Some("add") {
            continue;
        }
        let mut c = pod::read_container(doc, file, value, list);
        if list == List::InitContainers && !c.is_native() {
            continue;
        }
        c.role = Role::Sidecar;
        added.push((c, i));
    }
    Some(added)
}

/// The list a JSON 6902 path adds to: `…/containers/-`, `…/containers/N`, `…/initContainers/…`.
fn container_list(path: &str) -> Option<List> {
    let (head, last) = path.rsplit_once('/')?;
    if last != "-" && last.parse::<usize>().is_err() {
        return None;
    }
    match head.rsplit('/').next()? {
        "containers" => Some(List::Containers),
        "initContainers" => Some(List::InitContainers),
        _ => None,
    }
}

fn model_container(c: &PodContainer, slot: Slot, t: &Text<'_>) -> Container {
    let at = t.place((c.line, c.column));
    let mut name = c.name.clone();
    if let Some(n) = &mut name {
        let (l, col) = t.place((n.line(), n.at().map_or(1, |a| a.1)));
        *n = Located::new(std::mem::take(&mut n.value), l, col);
    }
    let mut image = c.image.clone();
    if let Some(i) = &mut image {
        let (l, col) = t.place((i.line(), i.at().map_or(1, |a| a.1)));
        *i = Located::new(std::mem::take(&mut i.value), l, col);
    }
    let mounts = |names: &[String]| {
        names
            .iter()
            .map(|n| Mount {
                name: Located::new(n.clone(), at.0, at.1),
                mount_path: None,
            })
            .collect()
    };
    Container {
        name,
        image,
        resources: c.resources.clone(),
        config_maps: mounts(&c.env_config_maps),
        secrets: mounts(&c.env_secrets),
        unknown_keys: Vec::new(),
        line: at.0,
        column: at.1,
        slot,
        startup_probe: c.startup_probe,
        placement: match c.list {
            List::Containers => Placement::Classic,
            List::InitContainers => Placement::Native,
        },
    }
}

#[allow(clippy::too_many_arguments)]
fn workload(
    u: &Use,
    b: &Base,
    id: String,
    file: &str,
    document: usize,
    route: Route,
    sidecars: Vec<Container>,
    checks: Vec<Diagnostic>,
    t: &Text<'_>,
) -> Workload {
    let main = Container::absent(Slot::Main(route.clone()), 1, 1);
    let kind = kinds::WORKLOAD_KINDS
        .iter()
        .find(|k| k.kind == b.kind)
        .map_or(b.kind, |k| k.kind);
    Workload {
        name: Some(Located::new(b.resource.name.clone(), 1, 1)),
        id,
        file: file.to_string(),
        route,
        main,
        sidecars,
        init: Vec::new(),
        object: Some(Box::new(Object {
            kind,
            name: b.resource.name.clone(),
            namespace: b.resource.namespace.clone(),
            document,
            blocked: None,
            alone: false,
            last: false,
            checks,
            images: Vec::new(),
            source: Some(Box::new(Source {
                kind: "kustomize-patch",
                file: file.to_string(),
                kustomization: folder(&u.kustomization).to_string(),
                document,
                reaches: Arc::from(Vec::new()),
                held: t.held.clone(),
                json6902: false,
                merges: Vec::new(),
            })),
        })),
        labels: b.resource.labels.clone(),
        doc: None,
    }
}
