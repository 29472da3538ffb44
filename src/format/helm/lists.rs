//! Finding the container lists of Helm values (SPEC §8.2): at any depth, a key of
//! [`CLASSIC`] or [`INIT`] (or one the project names) whose value is a list of containers
//! (entries with `name` and `image`), an empty list, or a mapping from names to containers.
//! A string there is a template the chart renders (`tpl`): never read, warned about. Any other
//! value (grafana's `sidecar:` settings, a list of something else) is no container list.

use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Container, Limits, Located, Object, Placement, Resources, Workload};
use crate::route::{Route, Slot};
use crate::yaml::{Document, Kind, Node};

/// Keys of lists of classic sidecars.
pub const CLASSIC: &[&str] = &["sidecars", "extraContainers", "sidecarContainers"];
/// Keys of lists of init containers: those with `restartPolicy: Always` are native sidecars.
pub const INIT: &[&str] = &["extraInitContainers", "initContainers"];

/// Where the values being walked come from.
pub struct Origin<'s> {
    /// The source in IDs: a chart's name, a values file's path, `[ns/]release`,
    /// `application/<name>`.
    pub source: &'s str,
    pub document: usize,
    pub namespace: Option<String>,
    pub labels: Vec<(String, String)>,
}

/// A walk over the values of one file.
pub struct Walk<'a> {
    doc: &'a Document,
    file: &'a str,
    extra: &'a [String],
    workloads: Vec<Workload>,
    diags: Vec<Diagnostic>,
}

/// The container list keys of the mapping `map` (with whether each holds init containers), in
/// file order, then the keys `configured` for it that it lacks: where `create` adds.
pub fn list_keys(doc: &Document, map: &Node, configured: &[&str]) -> Vec<(String, bool)> {
    let entries = doc.entries(map);
    let present = entries
        .iter()
        .filter(|(k, _, v)| {
            (is_list_key(k) || configured.contains(k))
                && match &doc.resolve(v).kind {
                    Kind::Seq { .. } => true,
                    Kind::Map { .. } => !INIT.contains(k) && is_container_map(doc, v),
                    _ => false,
                }
        })
        .map(|(k, ..)| *k);
    let missing = configured
        .iter()
        .copied()
        .filter(|c| !entries.iter().any(|(k, ..)| k == c));
    present
        .chain(missing)
        .map(|k| (k.to_string(), INIT.contains(&k)))
        .collect()
}

/// The last keys of the configured dotted paths whose parent is `path`.
pub fn configured_under<'k>(extra: &'k [String], path: &str) -> Vec<&'k str> {
    extra
        .iter()
        .filter_map(|e| match e.rsplit_once('.') {
            Some((parent, key)) if parent == path => Some(key),
            None if path.is_empty() => Some(e.as_str()),
            _ => None,
        })
        .collect()
}

fn is_list_key(key: &str) -> bool {
    CLASSIC.contains(&key) || INIT.contains(&key)
}

/// Whether a mapping holds containers keyed by their names (`sidecarContainers: {proxy:
/// {image: …}}`), or nothing (`{}`, a chart's default).
pub fn is_container_map(doc: &Document, map: &Node) -> bool {
    let map = doc.resolve(map);
    matches!(map.kind, Kind::Map { .. })
        && doc
            .entries(map)
            .iter()
            .all(|(_, _, c)| is_container(doc, c, true))
}

/// Whether a node is a container entry: a mapping with `name` and `image`.
fn is_container(doc: &Document, n: &Node, named_by_key: bool) -> bool {
    matches!(doc.resolve(n).kind, Kind::Map { .. })
        && (named_by_key || doc.get(n, "name").is_some())
        && doc.get(n, "image").is_some()
}

impl<'a> Walk<'a> {
    pub fn new(doc: &'a Document, file: &'a str, extra: &'a [String]) -> Self {
        Self {
            doc,
            file,
            extra,
            workloads: Vec::new(),
            diags: Vec::new(),
        }
    }

    /// The workloads found, and the warnings of lists that are templates.
    pub fn finish(self) -> (Vec<Workload>, Vec<Diagnostic>) {
        (self.workloads, self.diags)
    }

    /// Walks the values `node` (at `route`) of `origin`.
    pub fn values(&mut self, node: &'a Node, route: Route, origin: &Origin<'_>) {
        self.map(node, route, &mut Vec::new(), origin);
    }

    fn map(&mut self, node: &'a Node, route: Route, path: &mut Vec<&'a str>, o: &Origin<'_>) {
        let doc = self.doc;
        if !matches!(doc.resolve(node).kind, Kind::Map { .. }) {
            return;
        }
        let mut sidecars = Vec::new();
        let mut init = Vec::new();
        let mut any = false;
        for (key, k, v) in doc.entries(node) {
            // The dotted path is spelled only for a project that names keys.
            let configured = !self.extra.is_empty() && {
                let dotted = match path.is_empty() {
                    true => key.to_string(),
                    false => format!("{}.{key}", path.join(".")),
                };
                self.extra.contains(&dotted)
            };
            let listed = is_list_key(key) || configured;
            let init_key = INIT.contains(&key);
            if listed && let Some(found) = self.list(k, v, &route.key(key), init_key, key) {
                any = true;
                for c in found {
                    match c.placement {
                        Placement::Native if init_key => sidecars.push(c),
                        _ if init_key => init.push(c),
                        _ => sidecars.push(c),
                    }
                }
                continue;
            }
            if matches!(doc.resolve(v).kind, Kind::Map { .. }) {
                path.push(key);
                self.map(v, route.key(key), path, o);
                path.pop();
            }
        }
        // A key the project names, missing here: `create` may add it.
        if !self.extra.is_empty() {
            let here = path.join(".");
            any |= configured_under(self.extra, &here)
                .iter()
                .any(|c| doc.get(node, c).is_none_or(Node::is_null));
        }
        if any {
            let w = self.workload(node, route, path, o, (sidecars, init));
            self.workloads.push(w);
        }
    }

    /// The containers of the value `v` of a container key (at `route`), None when it is no
    /// container list.
    fn list(
        &mut self,
        k: &Node,
        v: &'a Node,
        route: &Route,
        init: bool,
        key: &str,
    ) -> Option<Vec<Container>> {
        let doc = self.doc;
        let v = doc.resolve(v);
        match &v.kind {
            Kind::Seq { .. } => {
                let items = doc.items(v);
                if !items.iter().all(|i| is_container(doc, i, false)) {
                    return None;
                }
                let out = items.into_iter().enumerate().map(|(i, item)| {
                    let slot = Slot::Item {
                        list: route.clone(),
                        index: i,
                    };
                    self.container(item, None, slot, init)
                });
                Some(out.collect())
            }
            Kind::Map { .. } if !init => {
                if !is_container_map(doc, v) {
                    return None;
                }
                let entries = doc.entries(v);
                let out = entries.into_iter().map(|(name, kn, c)| {
                    let name = Located::new(name.to_string(), kn.line, kn.column);
                    self.container(c, Some(name), Slot::Main(route.key(&name_of(kn))), false)
                });
                Some(out.collect())
            }
            Kind::Scalar { .. } if !v.is_null() => {
                self.diags.push(Diagnostic::warning(
                    Code::HelmTemplatedList,
                    self.file,
                    Some((k.line, k.column)),
                    format!(
                        "`{key}` holds a template string, not a list: its containers are not read"
                    ),
                ));
                None
            }
            _ => None,
        }
    }

    fn container(
        &self,
        item: &Node,
        named: Option<Located<String>>,
        slot: Slot,
        init: bool,
    ) -> Container {
        let doc = self.doc;
        let string = |map: &Node, key: &str| {
            let n = doc.get(map, key).filter(|n| !n.is_null())?;
            n.as_str()
                .map(|s| Located::new(s.to_string(), n.line, n.column))
        };
        let resources = doc
            .get(item, "resources")
            .filter(|r| !r.is_null())
            .map(|r| {
                let limits = |what: &str| {
                    let at = |part: &str| doc.get(r, part).and_then(|m| string(m, what));
                    Limits {
                        min: at("requests"),
                        max: at("limits"),
                    }
                };
                Resources {
                    cpu: Some(limits("cpu")),
                    memory: Some(limits("memory")),
                }
            });
        let native = init && string(item, "restartPolicy").is_some_and(|p| p.value == "Always");
        Container {
            name: named.or_else(|| string(item, "name")),
            image: string(item, "image"),
            resources,
            config_maps: Vec::new(),
            secrets: Vec::new(),
            unknown_keys: Vec::new(),
            line: item.line,
            column: item.column,
            slot,
            startup_probe: doc.get(item, "startupProbe").is_some_and(|p| !p.is_null()),
            placement: match native || !init {
                true if init => Placement::Native,
                _ => Placement::Classic,
            },
        }
    }

    fn workload(
        &self,
        node: &Node,
        route: Route,
        path: &[&str],
        o: &Origin<'_>,
        (sidecars, init): (Vec<Container>, Vec<Container>),
    ) -> Workload {
        let mut id = format!("{}{}", super::PREFIX, o.source);
        if !path.is_empty() {
            id.push('/');
            id.push_str(&path.join("."));
        }
        let main = Container::absent(Slot::Main(route.clone()), node.line, node.column);
        Workload {
            name: Some(Located::new(id.clone(), node.line, node.column)),
            id: id.clone(),
            file: self.file.to_string(),
            route,
            main,
            sidecars,
            init,
            object: Some(Box::new(Object {
                kind: super::KIND,
                name: id,
                namespace: o.namespace.clone(),
                document: o.document,
                blocked: None,
                alone: false,
                last: false,
                checks: Vec::new(),
                source: None,
                images: Vec::new(),
            })),
            labels: o.labels.clone(),
            doc: None::<Arc<Document>>,
        }
    }
}

/// A mapping key's text.
fn name_of(k: &Node) -> String {
    k.as_str().unwrap_or_default().to_string()
}
