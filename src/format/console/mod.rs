//! The Mia-Platform Console's own project configuration (SPEC §6.3): one file, the output of
//! `miactl project describe` (`{"config": {"services": …}}`) or the standard workflow's
//! `api-console-config.json` (`{"services": …}`), in JSON or YAML. Each `type: custom` entry of
//! `services` is a service of §1.2, named by its key; the ConfigMaps and secrets containers may
//! mount are the keys of `configMaps` and `serviceSecrets` beside `services`.

pub mod project;
mod validate;

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;
use serde_json::{Value, json};

use super::checks::{self, Declared};
use super::mia::{self, Mia};
use super::readers::{Light, Streaming};
use super::{Defaults, Field, Format, Instance, NewContainer, Part, Placement, Publish, Reading};
use crate::diagnostic::{Code, Diagnostic};
use crate::edit::{EditError, Editor};
use crate::error::Result;
use crate::model::{Container, MarketplaceItem, Reader, Resources, Workload};
use crate::route::Route;
use crate::yaml::{self, Document, Kind, Node, YamlError};

const SERVICES: &str = "services";
const CONFIG_MAPS: &str = "configMaps";
const SECRETS: &str = "serviceSecrets";
/// The only service type that has containers.
const CUSTOM: &str = "custom";

/// The sidecars the Console itself marks as managed by another section (SPEC §6.3): Rönd's
/// `rbac-service` belongs to the Authorization section. A project file's `specialSidecars`
/// replaces the list.
pub const DEFAULT_SPECIAL: &[(&str, &str)] = &[("rbac-service", "authorization")];

/// Gives a Console project whose project file names no `specialSidecars` the Console's own.
pub fn default_special(config: &mut crate::model::ProjectFile) {
    if !config.special_set {
        config.special_sidecars = DEFAULT_SPECIAL
            .iter()
            .map(|(name, by)| crate::model::SpecialSidecar {
                name: (*name).into(),
                managed_by: (*by).into(),
            })
            .collect();
    }
}

pub use project::CONFIG_FILE;

/// The format as the registry knows it: it detects Console files and opens their projects.
pub static DETECT: Console = Console { json: true };

/// A Console project file, read as JSON (`json`) or YAML.
#[derive(Debug, Clone, Copy)]
pub struct Console {
    pub json: bool,
}

/// The format of the file `rel`: JSON for `.json`, YAML otherwise.
pub fn for_file(rel: &str) -> &'static dyn Format {
    if rel.to_ascii_lowercase().ends_with(".json") {
        &Console { json: true }
    } else {
        &Console { json: false }
    }
}

/// Whether a file's text is a Console configuration: a member `services` at its top level or
/// in `config` (SPEC §6.1); one of the wrong type is reported when the file is read. JSON is
/// only scanned, not parsed into a tree.
pub fn is_configuration(text: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Top {
        services: Option<serde::de::IgnoredAny>,
        config: Option<Config>,
    }
    #[derive(serde::Deserialize)]
    struct Config {
        services: Option<serde::de::IgnoredAny>,
    }
    if let Ok(top) = serde_json::from_str::<Top>(text) {
        return top.services.is_some() || top.config.is_some_and(|c| c.services.is_some());
    }
    if text.trim_start().starts_with('{') {
        return false;
    }
    yaml::parse(text.to_string()).is_ok_and(|doc| !matches!(shape(&doc), Err(None)))
}

/// The route of the object holding `services` (`config` of describe output, else the top).
fn config_route(doc: &Document) -> Option<Route> {
    shape(doc).ok()
}

/// Where `services` is: `config.services` (describe output, what `miactl project apply` reads)
/// or the top-level `services` (api-console-config.json). A file that has them in the wrong
/// shape is an error, never read from the other place: `{"config": null, "services": …}`
/// edited at the top would be ignored by `apply`. `Err(None)`: neither is there.
fn shape(doc: &Document) -> std::result::Result<Route, Option<Diagnostic>> {
    let root = Route::root(0);
    let wrong = |node: &Node, what: &str, why: &str| {
        Some(Diagnostic::error(
            Code::YamlWrongType,
            "",
            Some((node.line, node.column)),
            format!(
                "`{what}` must be an object, found {}{why}",
                kind_of(doc, node)
            ),
        ))
    };
    let top_services = doc.node_at(&root.key(SERVICES));
    let beside = if top_services.is_some() {
        " (the top-level `services` beside it is not what `miactl project apply` reads)"
    } else {
        ""
    };
    if let Some(config) = doc.node_at(&root.key("config")) {
        let route = root.key("config");
        return match (&config.kind, doc.node_at(&route.key(SERVICES))) {
            (Kind::Map { .. }, Some(s)) if matches!(s.kind, Kind::Map { .. }) => Ok(route),
            (Kind::Map { .. }, Some(s)) => Err(wrong(s, &format!("config.{SERVICES}"), "")),
            (Kind::Map { .. }, None) if top_services.is_some() => Err(Some(Diagnostic::error(
                Code::YamlWrongType,
                "",
                Some((config.line, config.column)),
                format!("`config` has no `services`{beside}"),
            ))),
            (Kind::Map { .. }, None) => Err(None),
            _ if top_services.is_some() => Err(wrong(config, "config", beside)),
            _ => Err(None),
        };
    }
    match top_services {
        Some(s) if matches!(s.kind, Kind::Map { .. }) => Ok(root),
        Some(s) => Err(wrong(s, SERVICES, "")),
        None => Err(None),
    }
}

/// The keys of the object at `route`, if it is one.
fn keys(doc: &Document, route: &Route) -> Vec<String> {
    match doc.node_at(route).map(|n| &n.kind) {
        Some(Kind::Map { entries, .. }) => entries
            .iter()
            .filter_map(|(k, _)| k.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// Why the file is no Console configuration it can read: `services` in the wrong shape, else
/// none at all.
fn not_console(file: &str, doc: &Document) -> Diagnostic {
    if let Err(Some(d)) = shape(doc) {
        return Diagnostic {
            file: file.to_string(),
            ..d
        };
    }
    Diagnostic::error(
        Code::ConsoleNotAProject,
        file,
        Some((doc.root.line, doc.root.column)),
        "not a Console project configuration: expected an object `services` in `config` \
         (miactl project describe) or at the top level (api-console-config.json)",
    )
}

/// A service read while the file was parsed ([`Streaming::read`]): only its key is left.
fn is_skipped(node: &Node) -> bool {
    matches!(&node.kind, Kind::Scalar { tag: Some(t), .. } if **t == yaml::SKIPPED)
}

/// What one entry of `services` is: a custom service's id, route and containers, and the type
/// errors found on the way; `None` for a service of another type.
/// A service read: its ID, route, main container, sidecars and labels.
type Service = (
    String,
    Route,
    Container,
    Vec<Container>,
    Vec<(String, String)>,
);

type Read = (Option<Service>, Vec<Diagnostic>);

fn read_service(
    doc: &Document,
    file: &str,
    services: &Route,
    id: &str,
    node: &Node,
) -> Option<Read> {
    let mut r = Reader::new(doc, file);
    let Some(node) = r.map(node, &format!("{SERVICES}.{id}")) else {
        return Some((None, r.errors));
    };
    match service_type(r.doc, node) {
        Ok(Some(CUSTOM)) => {}
        // Another type of service, or none: no containers of its own.
        Ok(_) => return None,
        Err(t) => {
            let what = format!("{SERVICES}.{id}.type");
            r.errors.push(Diagnostic::error(
                Code::YamlWrongType,
                file,
                Some((t.line, t.column)),
                format!(
                    "`{what}` must be a string such as `custom`, found {}",
                    kind_of(r.doc, t)
                ),
            ));
            return Some((None, r.errors));
        }
    }
    if is_advanced(r.doc, node) {
        return None;
    }
    let route = services.key(id);
    let (main, sidecars) = mia::service_containers(&mut r, node, &route);
    let labels = super::labels::read(r.doc, r.doc.get(node, "labels"));
    Some((
        Some((id.to_string(), route, main, sidecars, labels)),
        r.errors,
    ))
}

/// The `type` of a service, if it has one; `Err` with the node when it is not a string (the
/// service would otherwise vanish from every command without a word).
fn service_type<'d>(
    doc: &'d Document,
    service: &'d Node,
) -> std::result::Result<Option<&'d str>, &'d Node> {
    let Some(t) = doc.get(service, "type") else {
        return Ok(None);
    };
    match yaml::to_value(doc, t) {
        Ok(Value::String(_)) => Ok(t.as_str()),
        _ => Err(t),
    }
}

/// How a message names what a node holds: "a number", "a string", "null", "a sequence"...
fn kind_of(doc: &Document, node: &Node) -> &'static str {
    match yaml::to_value(doc, node) {
        Ok(Value::Number(_)) => "a number",
        Ok(Value::Bool(_)) => "a boolean",
        Ok(Value::String(_)) => "a string",
        _ => node.kind_name(),
    }
}

/// Whether a custom service is an advanced one (`"advanced": true`): the Console deploys the
/// Kubernetes files of its `files` as they are written and gives it no sidecars of its own,
/// so it is no service a sidecar is added to, edited in or checked for.
fn is_advanced(doc: &Document, service: &Node) -> bool {
    doc.get(service, "advanced")
        .is_some_and(|a| matches!(yaml::to_value(doc, a), Ok(Value::Bool(true))))
}

/// Why `id` is no service with containers, from the file's text: it is advanced, or of another
/// type. For the message of a command that names it; `None` when the file does not say.
pub(crate) fn not_a_target(format: &dyn Format, text: String, id: &str) -> Option<String> {
    let doc = format.parse(text).ok()?;
    let services = config_route(&doc)?.key(SERVICES);
    let node = doc.node_at(&services.key(id))?;
    if let Ok(Some(t)) = service_type(&doc, node)
        && t != CUSTOM
    {
        return Some(format!(
            "service `{id}` is of type `{t}`: only services of type `custom` have containers"
        ));
    }
    is_advanced(&doc, node).then(|| {
        format!(
            "service `{id}` is an advanced service (`advanced: true`): the Console deploys the \
             Kubernetes files of its `files` as written and gives it no sidecars"
        )
    })
}

fn workload(file: &str, (id, route, main, sidecars, labels): Service) -> Workload {
    Workload {
        name: main.name.clone(),
        id,
        file: file.to_string(),
        route,
        main,
        sidecars,
        init: Vec::new(),
        object: None,
        labels,
        doc: None,
    }
}

/// A JSON file (every real one) is read as it is parsed; a YAML one is not.
impl Streaming for Console {
    fn read(
        &self,
        text: String,
        file: &str,
        keep: &dyn Fn(&str) -> bool,
        reading: Reading,
    ) -> std::result::Result<Light, YamlError> {
        // Both places `services` may be; each service is read as soon as it is parsed, and
        // its tree freed. Without `reading.document`, the members of the top and of `config`
        // that no command reads (`endpoints`, `fastDataConfig`…: a tenth of a large file, and
        // more of its tree than the services' model) are only checked as JSON.
        let paths: [&[&str]; 4] = [&["config", SERVICES], &[SERVICES], &["config"], &[]];
        // What is read of the object holding `services` (`config`, or the top of an
        // api-console-config.json), and `config` itself.
        let read = |which: usize, key: &str| match which {
            2 | 3 => {
                [SERVICES, CONFIG_MAPS, SECRETS].contains(&key) || (which == 3 && key == "config")
            }
            _ => true,
        };
        let unused = |which: usize, key: &str| !reading.document && !read(which, key);
        let bases = [
            Route::root(0).key("config").key(SERVICES),
            Route::root(0).key(SERVICES),
        ];
        let mut found: [Vec<Read>; 2] = Default::default();
        let mut sink = |which: usize, key: &Node, value: Node, text: &str| {
            if which >= 2 || keep(text) {
                return Some(value);
            }
            let id = key.as_str()?;
            let sub = Document::new_json(String::new(), value);
            found[which].extend(read_service(&sub, file, &bases[which], id, &sub.root));
            None
        };
        let doc = yaml::parse_json_streaming_skipping(text, &paths, &unused, &mut sink)?;
        let which = match config_route(&doc) {
            Some(r) if r.path.is_empty() => 1,
            Some(_) => 0,
            // Not a Console configuration: `workloads` says so.
            None => return Ok((doc, None)),
        };
        let read = std::mem::take(&mut found[which]);
        drop(found);
        // Sized once: thousands of services would otherwise be moved at each doubling.
        let mut workloads = Vec::with_capacity(read.len());
        let mut errors = Vec::new();
        for (w, errs) in read {
            workloads.extend(w.map(|w| workload(file, w)));
            errors.extend(errs);
        }
        Ok((doc, Some((workloads, errors))))
    }
}

impl Format for Console {
    fn readers(&self) -> super::Readers<'_> {
        super::Readers {
            streaming: self.json.then_some(self as &dyn Streaming),
            ..Default::default()
        }
    }

    fn traits(&self) -> &'static super::Traits {
        &super::Traits {
            one_file: true,
            console_units: true,
            ..super::Traits::SERVICES
        }
    }

    fn name(&self) -> &'static str {
        "console"
    }

    fn parse(&self, text: String) -> std::result::Result<Document, YamlError> {
        if self.json {
            yaml::parse_json(text)
        } else {
            yaml::parse(text)
        }
    }

    fn workloads(
        &self,
        doc: Document,
        file: &str,
        _stem: &str,
        reading: Reading,
    ) -> (Vec<Workload>, Vec<Diagnostic>) {
        let Some(config) = config_route(&doc) else {
            return (Vec::new(), vec![not_console(file, &doc)]);
        };
        let services = config.key(SERVICES);
        let Some(Kind::Map { entries, .. }) = doc.node_at(&services).map(|n| &n.kind) else {
            return (Vec::new(), vec![not_console(file, &doc)]);
        };
        // Thousands of services: each is read on its own, in parallel.
        let read: Vec<_> = entries
            .par_iter()
            .filter(|(_, node)| !is_skipped(node))
            .filter_map(|(key, node)| read_service(&doc, file, &services, key.as_str()?, node))
            .collect();
        let mut found = Vec::with_capacity(read.len());
        let mut errors = Vec::new();
        for (w, errs) in read {
            found.extend(w);
            errors.extend(errs);
        }
        let shared = if reading.document {
            Some(Arc::new(doc))
        } else {
            // Freeing a tree of millions of nodes takes as long as reading the services: it
            // is done beside the rest of the command.
            crate::free::beside(doc);
            None
        };
        let workloads = found
            .into_iter()
            .map(|w| Workload {
                doc: shared.clone(),
                ..workload(file, w)
            })
            .collect();
        (workloads, errors)
    }

    fn validate(&self, w: &Workload, declared: &Declared<'_>) -> Vec<Diagnostic> {
        validate::validate(self, w, declared)
    }

    fn check_resources(&self, out: &mut Vec<Diagnostic>, file: &str, r: &Resources) {
        checks::check_resources(out, file, r, Some(validate::forms));
    }

    fn field_path(&self, field: Field) -> &'static [&'static str] {
        Mia.field_path(field)
    }

    fn spelling(&self, part: Part) -> &'static str {
        Mia.spelling(part)
    }

    fn new_sidecar_slot(&self, w: &Workload, _: Placement) -> (Route, Option<usize>) {
        (w.route.key(mia::SIDECARS), None)
    }

    fn new_container(&self, c: &NewContainer) -> Value {
        Mia.new_container(c)
    }

    fn container_from_item(
        &self,
        item: &MarketplaceItem,
        name: &str,
        resources: &mut dyn FnMut() -> Result<Defaults>,
    ) -> Result<Instance> {
        Mia.container_from_item(item, name, resources)
    }

    fn item_from_container(&self, c: &Value, p: &Publish<'_>) -> Result<Value> {
        Mia.item_from_container(c, p)
    }

    fn object_workload(
        &self,
        doc: Document,
        file: &str,
        id: &str,
    ) -> (Vec<Workload>, Vec<Diagnostic>) {
        // A Console service object is a Mia service file's object.
        Mia.workloads(doc, file, id, Reading::CHECK)
    }

    fn declared_names(&self, doc: &Document) -> Option<(BTreeSet<String>, Vec<String>)> {
        let config = config_route(doc)?;
        Some((
            keys(doc, &config.key(CONFIG_MAPS)).into_iter().collect(),
            keys(doc, &config.key(SECRETS)),
        ))
    }

    fn config_map_files(&self, doc: &Document, name: &str) -> Option<Vec<Value>> {
        let map = config_route(doc)?.key(CONFIG_MAPS).key(name);
        let files = doc.node_at(&map.key("files"))?;
        let Value::Array(items) = yaml::to_value(doc, files).ok()? else {
            return None;
        };
        // `{name, content}` each, as `config-maps/<name>/` gives them.
        let file = |f: &Value| {
            let content = f.get("content").cloned().unwrap_or_else(|| json!(""));
            Some(json!({"name": f.get("name").filter(|n| n.is_string())?, "content": content}))
        };
        Some(items.iter().filter_map(file).collect())
    }

    /// A ConfigMap the project file does not declare is looked for as a mia project keeps it,
    /// in a folder beside the file (`publish`).
    fn config_map_folder(&self, name: &str) -> Option<String> {
        Mia.config_map_folder(name)
    }

    fn undeclared_hint(&self, config_map: bool) -> Option<&'static str> {
        Some(if config_map {
            "not a key of `configMaps` in the project file"
        } else {
            "not a key of `serviceSecrets` in the project file"
        })
    }

    fn declare(
        &self,
        doc: &Document,
        ed: &mut Editor<'_>,
        config_maps: &[String],
        files: &[(String, String, String)],
        secrets: &[String],
    ) -> std::result::Result<(), EditError> {
        let Some(config) = config_route(doc) else {
            return Err(EditError::NotFound("no `services` in the file".into()));
        };
        let (known_maps, known_secrets) = self.declared_names(doc).unwrap_or_default();
        // One new ConfigMap per name, with its files in the item's order (none is `files: []`,
        // as the Console creates it).
        for cm in config_maps.iter().filter(|cm| !known_maps.contains(*cm)) {
            let list: Vec<Value> = files
                .iter()
                .filter(|(m, ..)| m == cm)
                .map(|(_, file, content)| json!({"name": file, "content": content}))
                .collect();
            ed.add_member(
                &config,
                CONFIG_MAPS,
                cm,
                &json!({"name": cm, "files": list}),
            )?;
        }
        for s in secrets {
            if !known_secrets.contains(s) {
                ed.add_member(&config, SECRETS, s, &json!({ "name": s }))?;
            }
        }
        Ok(())
    }
}
