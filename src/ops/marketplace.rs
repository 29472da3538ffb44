//! `marketplace list | show | publish`: the sidecar items of the project's marketplace folder.

use serde::Serialize;
use serde_json::{Value, json};

use super::plan;
use crate::change::{ChangeSet, FileChange};
use crate::diagnostic::{Code, Diagnostic};
use crate::error::{Error, Hint, Result};
use crate::format::items as marketplace;
use crate::format::{Publish, VolumeSource};
use crate::model::{MarketplaceItem, Workload};
use crate::project::Project;
use crate::route::Route;
use crate::view::{Action, ChangeRow};
use crate::{names, yaml};

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ItemList {
    pub items: Vec<ItemSummary>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ItemSummary {
    pub item_id: String,
    pub name: Option<String>,
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub item_type: Option<String>,
    pub tenant_id: Option<String>,
    /// The container name it creates (`resources.name`).
    pub container_name: Option<String>,
    pub docker_image: Option<String>,
    pub file: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct ItemView {
    pub item_id: String,
    pub file: String,
    /// The whole item as data.
    pub item: Value,
}

pub fn list(project: &Project) -> ItemList {
    let items = project
        .marketplace
        .iter()
        .map(|i| {
            let image = i.image().map(str::to_string);
            ItemSummary {
                item_id: i.item_id.clone(),
                name: i.name.clone(),
                description: i.description.clone(),
                item_type: i.item_type.clone(),
                tenant_id: i.tenant_id.clone(),
                container_name: i.container_name().map(str::to_string),
                docker_image: image,
                file: i.file.clone(),
            }
        })
        .collect();
    ItemList { items }
}

pub fn show(project: &Project, id: &str) -> Result<ItemView> {
    let item = find(project, id)?;
    let data =
        yaml::to_value(&item.doc, &item.doc.root).map_err(|e| Error::value(&item.file, e))?;
    Ok(ItemView {
        item_id: item.item_id.clone(),
        file: item.file.clone(),
        item: data,
    })
}

/// The item with this id: the id must be valid, and one file only may give it.
pub fn find<'p>(project: &'p Project, id: &str) -> Result<&'p MarketplaceItem> {
    plan::check_item_id(id)?;
    let found: Vec<&MarketplaceItem> = project
        .marketplace
        .iter()
        .filter(|i| i.item_id == id)
        .collect();
    match found.as_slice() {
        [] => Err(not_found(project, id)),
        [one] => Ok(one),
        many => {
            let files: Vec<&str> = many.iter().map(|i| i.file.as_str()).collect();
            Err(Error::failed(format!(
                "marketplace item `{id}` is defined by {} files: {}; sidecarctl cannot tell which one you mean",
                many.len(),
                files.join(", ")
            ))
            .with_hint("give each item its own `itemId`; `sidecarctl validate` lists every such problem"))
        }
    }
}

/// The catalog item of a sidecar (SPEC §7.2): the marketplace item whose `resources.name`
/// equals the sidecar's name, else the one whose file is named after it. `drift` compares
/// against it and `edit --from-marketplace` without an item takes it.
pub fn catalog<'p>(project: &'p Project, sidecar: &str) -> Option<&'p MarketplaceItem> {
    let stem = |i: &MarketplaceItem| {
        std::path::Path::new(&i.file)
            .file_stem()
            .is_some_and(|s| s == sidecar)
    };
    let items = &project.marketplace;
    items
        .iter()
        .find(|i| i.container_name() == Some(sidecar))
        .or_else(|| items.iter().find(|i| stem(i)))
}

fn not_found(project: &Project, id: &str) -> Error {
    let known: Vec<&str> = project
        .marketplace
        .iter()
        .map(|i| i.item_id.as_str())
        .collect();
    let hint = if known.is_empty() {
        "the marketplace folder has no items".to_string()
    } else {
        format!("known items: {}", known.join(", "))
    };
    Error::failed(format!(
        "marketplace item `{id}` not found in {}/",
        project.config.marketplace_dir
    ))
    .with_hint(hint)
}

#[derive(Debug, Clone)]
pub struct PublishOptions {
    pub sidecar: String,
    pub service: String,
    pub item_id: Option<String>,
    pub tenant_id: Option<String>,
    pub dry_run: bool,
}

/// Writes `marketplace/<itemId>.yaml`, a catalog manifest built from one service's sidecar, so
/// that `create --from-marketplace` (and `miactl marketplace apply -f`) can use it.
pub fn publish(project: &Project, opts: &PublishOptions) -> Result<ChangeSet> {
    plan::check_sidecar_name(&opts.sidecar)?;
    plan::refuse_special(project, &opts.sidecar)?;
    let svc = plan::service(project, &opts.service)?;
    let c = plan::require_sidecar(svc, &opts.sidecar)?;
    let item_id = opts.item_id.clone().unwrap_or_else(|| opts.sidecar.clone());
    plan::check_item_id(&item_id)?;
    let file = format!("{}/{item_id}.yaml", project.config.marketplace_dir);
    if project.marketplace.iter().any(|i| i.item_id == item_id) || project.root.join(&file).exists()
    {
        return Err(Error::failed(format!(
            "marketplace item `{item_id}` already exists ({file})"
        ))
        .with_hint(Hint::OtherItemId));
    }
    let data = plan::container_value(svc, c)?;
    let volumes = project.format.volume_sources(svc)?;
    let item = project.format.item_from_container(
        &data,
        &Publish {
            sidecar: &opts.sidecar,
            service: &svc.id,
            item_id: &item_id,
            tenant_id: opts.tenant_id.clone(),
            project_name: project.config.name.as_ref().map(|n| n.value.clone()),
            config_map_files: &|name| config_map_files(project, svc, name),
            volume_of: &|v| volume_of(&volumes, v),
        },
    )?;
    // A service file's values travel as it writes them (`0640` stays `0640`); a Kubernetes
    // container's are spelled anew by the mapping to Mia's keys.
    let parts: Vec<(String, Route)> = project
        .format
        .published_sources(&data)
        .into_iter()
        .map(|(path, key)| (path, c.slot.route().key(&key)))
        .collect();
    let source = yaml::emit::Source::parts(svc.document()?, &parts);
    let text = format!(
        "# Marketplace item published by sidecarctl from {} ({}).\n{}",
        svc.file,
        opts.sidecar,
        yaml::emit::to_string_from(&item, Some(source))
    );
    check_published(&text, &file, svc, &opts.sidecar)?;
    let row = ChangeRow {
        service: svc.id.clone(),
        file,
        document: None,
        sidecar: opts.sidecar.clone(),
        action: Action::Added,
        reason: None,
    };
    let mut set = plan::change_set(
        vec![FileChange::new_file(row.file.clone(), text)],
        vec![row.clone()],
        opts.dry_run,
        Vec::new(),
    );
    let left_out = project
        .format
        .left_out_of_item(&data, &|v| volume_of(&volumes, v));
    if !left_out.is_empty() {
        set.notes.push(Diagnostic::warning(
            Code::MarketplaceLeftOut,
            &svc.file,
            Some((c.line, c.column)),
            format!(
                "{} leaves out what a catalog item cannot hold: {}",
                row.file,
                left_out.join(", ")
            ),
        ));
    }
    Ok(set)
}

/// The item must be one `validate` accepts (and `create --from-marketplace` can use): a sidecar
/// whose values are invalid (a negative quantity, a bad image) is not published.
fn check_published(text: &str, file: &str, svc: &Workload, sidecar: &str) -> Result<()> {
    let doc = yaml::parse(text.to_string()).map_err(|e| {
        Error::failed(format!(
            "internal error: {file} would not parse: {}",
            e.message
        ))
    })?;
    let stem = file
        .rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".yaml");
    let (item, mut problems) = marketplace::read_item(doc, file, stem);
    problems.extend(item.iter().flat_map(marketplace::validate_item));
    match problems.into_iter().find(|d| d.is_error()) {
        Some(d) => Err(Error::failed(format!(
            "sidecar `{sidecar}` of service `{}` would make an invalid item: {}; nothing was written",
            svc.id, d.message
        ))
        .with_hint(format!(
            "fix {} first; `sidecarctl validate` lists every problem",
            svc.file
        ))),
        None => Ok(()),
    }
}

/// The one ConfigMap or Secret the volume `name` holds (see [`crate::format::Format::volume_sources`]).
fn volume_of(volumes: &[(String, Option<VolumeSource>)], name: &str) -> Option<VolumeSource> {
    let (_, source) = volumes.iter().find(|(n, _)| n == name)?;
    source.clone()
}

/// The files of the ConfigMap `name`: in the project file itself for a project that declares
/// its ConfigMaps there (Console), else those of the folder its format keeps it in
/// ([`crate::format::Format::config_map_folder`]), as `{name, content}`, sorted by name.
fn config_map_files(project: &Project, svc: &Workload, name: &str) -> Result<Vec<Value>> {
    if let Some(doc) = svc.doc.as_deref()
        && let Some(files) = project.format.config_map_files(doc, name)
    {
        return Ok(files);
    }
    let Some(folder) = project
        .format
        .config_map_folder(name)
        .filter(|_| names::is_valid_service_name(name))
    else {
        return Ok(Vec::new());
    };
    let Ok(read) = std::fs::read_dir(project.root.join(&folder)) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<_> = read
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        // A killed run's temporary file is not part of the ConfigMap.
        .filter(|e| !crate::change::is_temp_name(&e.file_name().to_string_lossy()))
        .collect();
    files.sort_by_key(|e| e.file_name());
    let mut out = Vec::new();
    for f in files {
        let rel = format!("{folder}/{}", f.file_name().to_string_lossy());
        crate::project::check_inside(&project.root, &f.path())
            .map_err(|m| Error::failed(format!("{rel}: {m}")))?;
        let content = std::fs::read_to_string(f.path()).map_err(|source| Error::Io {
            context: format!("{rel}: cannot read as UTF-8 text"),
            source,
        })?;
        out.push(json!({"name": f.file_name().to_string_lossy(), "content": content}));
    }
    Ok(out)
}
