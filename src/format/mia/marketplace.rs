//! Marketplace items (SPEC §1.3): the Console's catalog manifests of a sidecar. Their keys, and
//! the one table that maps them to a container's keys, are here; `create --from-marketplace`
//! reads the table one way and `marketplace publish` the other, so the two cannot drift.

use serde_json::{Map, Value, json};

use super::resources_at;
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Result};
use crate::format::checks::{check_resources, image_invalid};
use crate::format::{Defaults, Instance, Publish};
use crate::model::{Located, MarketplaceItem, Reader};
use crate::names;
use crate::route::Route;
use crate::yaml::{self, Document, Node};

/// How a value travels between an item's `resources` and a container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Travel {
    /// Copied as it is (an empty value is not copied into a container).
    Copy,
    /// ConfigMap mounts; the item also carries each ConfigMap's files.
    ConfigMaps,
    /// Secret mounts; the project must declare each secret.
    Secrets,
}

/// (key in the item's `resources`, key in the container, how it travels), in the order both
/// are written.
const TABLE: &[(&str, &str, Travel)] = &[
    ("defaultResources", "resources", Travel::Copy),
    ("defaultEnvironmentVariables", "environment", Travel::Copy),
    ("defaultArgs", "args", Travel::Copy),
    ("defaultProbes", "probes", Travel::Copy),
    (
        "defaultTerminationGracePeriodSeconds",
        "terminationGracePeriodSeconds",
        Travel::Copy,
    ),
    ("containerPorts", "containerPorts", Travel::Copy),
    (
        "exclusiveServiceExposure",
        "exclusiveServiceExposure",
        Travel::Copy,
    ),
    ("defaultConfigMaps", "configMaps", Travel::ConfigMaps),
    ("defaultSecrets", "secrets", Travel::Secrets),
];

/// Reads a marketplace item.
pub fn read_item(
    doc: Document,
    file: &str,
    stem: &str,
) -> (Option<MarketplaceItem>, Vec<Diagnostic>) {
    let mut r = Reader::new(&doc, file);
    let Some(root) = r.map(&doc.root, "the marketplace item") else {
        return (None, r.errors);
    };
    let item_id = r
        .string(root, "itemId")
        .map_or_else(|| stem.to_string(), |s| s.value);
    let name = r.string(root, "name").map(|s| s.value);
    let description = r.string(root, "description").map(|s| s.value);
    let item_type = r.string(root, "type").map(|s| s.value);
    let tenant_id = r.string(root, "tenantId").map(|s| s.value);
    if let Some(res) = doc.get(root, "resources") {
        r.map(res, "resources");
    }
    let errors = r.errors;
    let item = MarketplaceItem {
        item_id,
        name,
        description,
        item_type,
        tenant_id,
        file: file.to_string(),
        doc,
    };
    (Some(item), errors)
}

impl MarketplaceItem {
    /// `resources.name`: the container name the item creates.
    pub fn container_name(&self) -> Option<&str> {
        self.resource("name")
    }

    /// `resources.dockerImage`: the image of the container it creates.
    pub fn image(&self) -> Option<&str> {
        self.resource("dockerImage")
    }

    fn resource(&self, key: &str) -> Option<&str> {
        let res = self.doc.get(&self.doc.root, "resources")?;
        self.doc.get(res, key)?.as_str()
    }

    /// The version `sourceMarketplaceItem` records, as the Console writes it: the item's
    /// `version.name`, or a `version` that is a string, else `"NA"`.
    pub fn version(&self) -> String {
        let doc = &self.doc;
        let Some(v) = doc.get(&doc.root, "version").filter(|v| !v.is_null()) else {
            return "NA".into();
        };
        let named = match &v.kind {
            yaml::Kind::Map { .. } => doc.get(v, "name").filter(|n| !n.is_null()),
            _ => Some(v),
        };
        match named.map(|n| yaml::to_value(doc, n)) {
            Some(Ok(Value::String(s))) if !s.is_empty() => s,
            // A version written as a number (`version: 1.2`) is its text.
            Some(Ok(Value::Number(_))) => named.and_then(|n| n.as_str()).unwrap_or("NA").into(),
            _ => "NA".into(),
        }
    }

    /// Where the item sets its id (the file's start when it does not).
    pub fn item_id_at(&self) -> Option<(usize, usize)> {
        let doc = &self.doc;
        doc.get(&doc.root, "itemId")
            .map_or(Some((1, 1)), |n| Some((n.line, n.column)))
    }
}

/// One marketplace item: a sidecar item whose `resources` can make a container (SPEC §1.3).
pub fn validate_item(item: &MarketplaceItem) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let (doc, file) = (&item.doc, item.file.as_str());
    let root = doc.resolve(&doc.root);
    if !names::is_valid_item_name(&item.item_id) {
        out.push(Diagnostic::error(
            Code::MarketplaceItemIdInvalid,
            file,
            item.item_id_at(),
            format!(
                "`{}` is not a valid item id (lowercase letters, digits and `-`, starting with a letter, at most 63 characters)",
                item.item_id
            ),
        ));
    }
    check_type(doc, root, file, &mut out);
    let mut r = Reader::new(doc, file);
    let res = doc
        .get(root, "resources")
        .filter(|n| !n.is_null())
        .and_then(|n| r.map(n, "resources"));
    let (name, image, defaults) = match res {
        Some(res) => (
            r.string(res, "name"),
            r.string(res, "dockerImage"),
            resources_at(&mut r, res, "defaultResources"),
        ),
        None => (None, None, None),
    };
    out.append(&mut r.errors);
    let at = res.unwrap_or(root);
    check_name_and_image(file, (at.line, at.column), name, image, &mut out);
    if let Some(d) = &defaults {
        check_resources(&mut out, file, d, None);
    }
    out
}

/// The item is of `type: sidecar`.
fn check_type(doc: &Document, root: &Node, file: &str, out: &mut Vec<Diagnostic>) {
    match doc.get(root, "type") {
        Some(t) if t.as_str() == Some("sidecar") => {}
        Some(t) => out.push(Diagnostic::error(
            Code::MarketplaceTypeNotSidecar,
            file,
            Some((t.line, t.column)),
            format!(
                "`type` must be `sidecar`, found `{}`",
                t.as_str().unwrap_or(t.kind_name())
            ),
        )),
        None => out.push(Diagnostic::error(
            Code::MarketplaceTypeNotSidecar,
            file,
            Some((root.line, root.column)),
            "the item has no `type` (it must be `sidecar`)",
        )),
    }
}

/// The container the item creates has a valid name and image; `at` is where to point at when
/// it has none.
fn check_name_and_image(
    file: &str,
    at: (usize, usize),
    name: Option<Located<String>>,
    image: Option<Located<String>>,
    out: &mut Vec<Diagnostic>,
) {
    match name {
        None => out.push(Diagnostic::error(
            Code::MarketplaceNameMissing,
            file,
            Some(at),
            "the item has no `resources.name` (the container name it creates)",
        )),
        Some(n) if !names::is_valid_container_name(&n.value) => out.push(Diagnostic::error(
            Code::ContainerNameInvalid,
            file,
            n.at(),
            format!(
                "`{}` is not a valid container name (lowercase letters, digits and `-`, starting with a letter, at most 63 characters)",
                n.value
            ),
        )),
        Some(_) => {}
    }
    match image {
        None => out.push(Diagnostic::error(
            Code::MarketplaceImageMissing,
            file,
            Some(at),
            "the item has no `resources.dockerImage`",
        )),
        Some(img) if !names::is_valid_image(&img.value) => out.push(image_invalid(file, &img)),
        Some(_) => {}
    }
}

/// The container an item describes (SPEC §1.3), named `name`, with the ConfigMap files and the
/// secrets it needs. `defaults` gives the resources when the item sets none.
pub(crate) fn instantiate(
    item: &MarketplaceItem,
    name: &str,
    defaults: &mut dyn FnMut() -> Result<Defaults>,
) -> Result<Instance> {
    let doc = &item.doc;
    let bad = |msg: String| Error::failed(format!("{}: {msg}", item.file));
    let res_node = doc
        .get(&doc.root, "resources")
        .ok_or_else(|| bad("the item has no `resources`".into()))?;
    let res = yaml::to_value(doc, res_node).map_err(|e| bad(e.message))?;
    let image = res
        .get("dockerImage")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("the item has no `resources.dockerImage`".into()))?;
    let (mut entry, mut sources) = copied_keys(name, image, &res, defaults)?;
    let source = |from: &str| Route::root(0).keys(&["resources", from]);
    let mut files = Vec::new();
    let mut config_maps: Vec<String> = Vec::new();
    let mut secrets = Vec::new();
    for (from, to, travel) in TABLE {
        let mounts = match travel {
            Travel::Copy => continue,
            Travel::ConfigMaps => {
                config_map_mounts(&res, from, &bad, &mut config_maps, &mut files)?
            }
            Travel::Secrets => secret_mounts(&res, from, &bad, &mut secrets)?,
        };
        if !mounts.is_empty() {
            entry.insert((*to).into(), Value::Array(mounts));
            sources.push(((*to).to_string(), source(from)));
        }
    }
    entry.insert(
        "sourceMarketplaceItem".into(),
        json!({"itemId": item.item_id, "version": item.version(), "tenantId": item.tenant_id}),
    );
    Ok(Instance {
        container: Value::Object(entry),
        files,
        config_maps,
        secrets,
        mounts: Default::default(),
        sources,
    })
}

/// Where each key of the container data comes from in the item's file.
type Sources = Vec<(String, Route)>;

/// The item's container data: its name and image, the keys the table copies as they are (with
/// where each comes from in the item's file), and `defaults()`' resources if it sets none.
fn copied_keys(
    name: &str,
    image: &str,
    res: &Value,
    defaults: &mut dyn FnMut() -> Result<Defaults>,
) -> Result<(Map<String, Value>, Sources)> {
    let mut entry = Map::new();
    // Where each copied key comes from in the item's file.
    let mut sources = Vec::new();
    let source = |from: &str| Route::root(0).keys(&["resources", from]);
    entry.insert("name".into(), json!(name));
    entry.insert("dockerImage".into(), json!(image));
    for (from, to, _) in TABLE.iter().filter(|t| t.2 == Travel::Copy) {
        match res.get(*from) {
            Some(Value::Null) | None => {}
            Some(Value::Array(a)) if a.is_empty() => {}
            Some(Value::Object(o)) if o.is_empty() => {}
            Some(v) => {
                entry.insert((*to).into(), v.clone());
                sources.push(((*to).to_string(), source(from)));
            }
        }
    }
    if !entry.contains_key("resources") {
        entry.insert("resources".into(), super::resources_value(&defaults()?));
    }
    Ok((entry, sources))
}

/// The item's default ConfigMaps as mounts of the container, each map's name (once) added to
/// `config_maps` and its files to `files`.
fn config_map_mounts(
    res: &Value,
    from: &str,
    bad: &dyn Fn(String) -> Error,
    config_maps: &mut Vec<String>,
    files: &mut Vec<(String, String, String)>,
) -> Result<Vec<Value>> {
    let mut mounts = Vec::new();
    for cm in list(res, from) {
        let cm_name = cm
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("a default ConfigMap has no `name`".into()))?;
        if !names::is_valid_service_name(cm_name) {
            return Err(bad(format!("`{cm_name}` is not a valid ConfigMap name")));
        }
        if !config_maps.iter().any(|c| c == cm_name) {
            config_maps.push(cm_name.to_string());
        }
        let mut mount = cm.as_object().cloned().unwrap_or_default();
        mount.remove("files");
        mounts.push(Value::Object(mount));
        for f in list(cm, "files") {
            let fname = f.get("name").and_then(Value::as_str).unwrap_or_default();
            if fname.is_empty() || fname.contains(['/', '\\']) || fname.starts_with('.') {
                return Err(bad(format!("`{fname}` is not a valid ConfigMap file name")));
            }
            let content = f.get("content").and_then(Value::as_str).unwrap_or_default();
            files.push((cm_name.to_string(), fname.to_string(), content.to_string()));
        }
    }
    Ok(mounts)
}

/// The item's default secrets as mounts of the container, each name (once) added to `secrets`.
fn secret_mounts(
    res: &Value,
    from: &str,
    bad: &dyn Fn(String) -> Error,
    secrets: &mut Vec<String>,
) -> Result<Vec<Value>> {
    let mut mounts = Vec::new();
    for s in list(res, from) {
        let s_name = s
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("a default secret has no `name`".into()))?;
        if !secrets.iter().any(|x| x == s_name) {
            secrets.push(s_name.to_string());
        }
        mounts.push(s.clone());
    }
    Ok(mounts)
}

/// The catalog manifest that publishes the container data `c` (the table read the other way).
pub(crate) fn publish(c: &Value, p: &Publish<'_>) -> Result<Value> {
    let tenant = p
        .tenant_id
        .clone()
        .or_else(|| {
            c.pointer("/sourceMarketplaceItem/tenantId")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .or_else(|| p.project_name.clone());
    let mut res = Map::new();
    res.insert("name".into(), json!(p.sidecar));
    res.insert(
        "dockerImage".into(),
        c.get("dockerImage").cloned().unwrap_or(Value::Null),
    );
    for (to, from, travel) in TABLE {
        match (travel, c.get(*from)) {
            (_, None) => {}
            (Travel::Copy | Travel::Secrets, Some(v)) => {
                res.insert((*to).into(), v.clone());
            }
            (Travel::ConfigMaps, Some(v)) => {
                let Some(mounts) = v.as_array() else { continue };
                let mut out = Vec::new();
                for m in mounts {
                    let mut m = m.as_object().cloned().unwrap_or_default();
                    let name = m
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    m.insert("files".into(), Value::Array((p.config_map_files)(&name)?));
                    out.push(Value::Object(m));
                }
                res.insert((*to).into(), Value::Array(out));
            }
        }
    }
    let mut item = Map::new();
    item.insert("itemId".into(), json!(p.item_id));
    item.insert("name".into(), json!(p.sidecar));
    item.insert(
        "description".into(),
        c.get("description").cloned().unwrap_or_else(|| {
            json!(format!(
                "Sidecar `{}` published from service `{}`",
                p.sidecar, p.service
            ))
        }),
    );
    item.insert("type".into(), json!("sidecar"));
    item.insert("tenantId".into(), tenant.map_or(Value::Null, Value::String));
    item.insert("resources".into(), Value::Object(res));
    Ok(Value::Object(item))
}

/// Where the values of an item published from the container data `c` come from: (the dotted
/// path in the item, the container's key), for each key [`publish`] carries as it is or with
/// keys added, so that the item keeps the container's plain scalars as written.
pub(crate) fn published_sources(c: &Value) -> Vec<(String, String)> {
    TABLE
        .iter()
        .filter(|(_, from, _)| c.get(*from).is_some())
        .map(|(to, from, _)| (format!("resources.{to}"), (*from).to_string()))
        .collect()
}

/// The items of the list `key` of `v` (none when missing or not a list).
fn list<'a>(v: &'a Value, key: &str) -> impl Iterator<Item = &'a Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}
