//! What `edit` changes besides values set in place (SPEC §7.3): environment variables,
//! arguments and ports ([`ListEdits`]), and the upgrade from a marketplace item (its image, the
//! item it records, and with `reset_resources` its default resources). Checked and read once
//! per file planned; the format plans each sidecar's edit (`format::fields`).

use serde_json::Value;

use super::EditOptions;
use crate::error::{Error, Hint, Input, Result};
use crate::format::Field;
use crate::format::fields::{ListEdits, ListOp, SourceItem};
use crate::model::{Container, MarketplaceItem, Workload};
use crate::names;
use crate::ops::create::{env_vars, ports};
use crate::ops::marketplace;
use crate::project::Project;

/// The changes of `opts` besides the values it sets itself.
#[derive(Debug, Default)]
pub(super) struct Extra {
    pub edits: ListEdits,
    /// The marketplace item's image and (with `reset_resources`) resources, by field.
    values: Vec<(Field, String)>,
}

impl Extra {
    /// Reads and checks the options: a malformed value is a usage error, a missing item a
    /// failure.
    pub fn of(project: &Project, opts: &EditOptions) -> Result<Self> {
        let mut extra = Self {
            edits: list_edits(opts)?,
            values: Vec::new(),
        };
        if let Some(item) = &opts.from_marketplace {
            let item = item_of(project, &opts.sidecar, item.as_deref())?;
            extra.values = item_values(project, opts, item)?;
            if project.format.lists().source_item.is_some() {
                extra.edits.source = Some(SourceItem {
                    item_id: item.item_id.clone(),
                    version: item.version(),
                    tenant_id: item.tenant_id.clone(),
                });
            }
        }
        Ok(extra)
    }

    /// The list operations that make sidecar `c` of `svc` read as asked (none when no list
    /// changes).
    pub fn plan(&self, project: &Project, svc: &Workload, c: &Container) -> Result<Vec<ListOp>> {
        match self.edits.is_empty() {
            true => Ok(Vec::new()),
            false => crate::format::fields::plan(project.format, svc, c, &self.edits),
        }
    }

    /// The value the item gives `field`, if any.
    fn value(&self, field: Field) -> Option<&str> {
        (self.values.iter())
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
    }

    /// The values to set, in order, and how many there are: those given, else the item's (at
    /// most one of each field: no allocation per file).
    pub fn sets<'a>(&'a self, opts: &'a EditOptions) -> ([(Field, &'a str); 5], usize) {
        let mut sets = [(Field::Image, ""); 5];
        let mut n = 0;
        for (field, v) in super::fields(opts) {
            if let Some(v) = v.as_deref().or_else(|| self.value(field)) {
                sets[n] = (field, v);
                n += 1;
            }
        }
        (sets, n)
    }

    /// The cpu request and limit, then the memory request and limit, that the change sets.
    pub fn quantities(&self, opts: &EditOptions) -> [Option<String>; 4] {
        let given = |field: Field, v: &Option<String>| {
            v.clone().or_else(|| self.value(field).map(str::to_string))
        };
        [
            given(Field::CpuRequest, &opts.cpu_request),
            given(Field::CpuLimit, &opts.cpu_limit),
            given(Field::MemoryRequest, &opts.memory_request),
            given(Field::MemoryLimit, &opts.memory_limit),
        ]
    }
}

/// Whether `opts` asks for any change of this module's.
pub(super) fn given(opts: &EditOptions) -> bool {
    !(opts.env.is_empty()
        && opts.unset_env.is_empty()
        && opts.args.is_empty()
        && opts.ports.is_empty()
        && opts.unset_ports.is_empty()
        && opts.from_marketplace.is_none())
}

/// Whether `opts` changes lists, which a sidecar moving to another list cannot take along.
pub(super) fn changes_lists(opts: &EditOptions) -> bool {
    !(opts.env.is_empty()
        && opts.unset_env.is_empty()
        && opts.args.is_empty()
        && opts.ports.is_empty()
        && opts.unset_ports.is_empty())
}

fn list_edits(opts: &EditOptions) -> Result<ListEdits> {
    let env = env_vars(&opts.env)?;
    for name in &opts.unset_env {
        if !names::is_valid_env_name(name) {
            return Err(Error::invalid(
                Input::UnsetEnv,
                format!("`{}` is not a valid variable name", name.escape_debug()),
            ));
        }
        if env.iter().any(|(k, _)| k == name) {
            return Err(Error::usage(format!(
                "variable `{name}` is both set and removed; give it once"
            )));
        }
    }
    let ports = ports(&opts.ports)?;
    for name in &opts.unset_ports {
        if !names::is_valid_port_name(name) {
            return Err(Error::invalid(
                Input::UnsetPort,
                format!("`{}` is not a valid port name", name.escape_debug()),
            ));
        }
        if ports.iter().any(|p| p.name == *name) {
            return Err(Error::usage(format!(
                "port `{name}` is both set and removed; give it once"
            )));
        }
    }
    Ok(ListEdits {
        env,
        unset_env: opts.unset_env.clone(),
        args: (!opts.args.is_empty()).then(|| opts.args.clone()),
        ports,
        unset_ports: opts.unset_ports.clone(),
        force: opts.force,
        source: None,
    })
}

/// The item named, else the sidecar's catalog item (SPEC §7.2).
fn item_of<'p>(
    project: &'p Project,
    sidecar: &str,
    id: Option<&str>,
) -> Result<&'p MarketplaceItem> {
    match id {
        Some(id) => marketplace::find(project, id),
        None => marketplace::catalog(project, sidecar).ok_or_else(|| {
            Error::failed(format!(
                "the marketplace has no item for sidecar `{sidecar}` (none creates a container of that name or is named after it)"
            ))
            .with_hint(Hint::NameItem {
                sidecar: sidecar.to_string(),
            })
        }),
    }
}

/// The image the item gives, and its default resources when asked, as the container the
/// project's format makes of the item holds them.
fn item_values(
    project: &Project,
    opts: &EditOptions,
    item: &MarketplaceItem,
) -> Result<Vec<(Field, String)>> {
    let image = item.image().ok_or_else(|| {
        Error::failed(format!(
            "{}: the item has no `resources.dockerImage`",
            item.file
        ))
    })?;
    if !names::is_valid_image(image) {
        return Err(Error::failed(format!(
            "{}: `{image}` is not an image reference",
            item.file
        )));
    }
    let mut values = vec![(Field::Image, image.to_string())];
    if !opts.reset_resources {
        return Ok(values);
    }
    let made = project
        .format
        .container_from_item(item, &opts.sidecar, &mut || {
            crate::ops::create::defaults(project)
        })?;
    for field in [
        Field::CpuRequest,
        Field::CpuLimit,
        Field::MemoryRequest,
        Field::MemoryLimit,
    ] {
        let mut at = Some(&made.container);
        for key in project.format.field_path(field) {
            at = at.and_then(|v| v.get(key));
        }
        match at {
            Some(Value::String(v)) => values.push((field, v.clone())),
            Some(Value::Number(n)) => values.push((field, n.to_string())),
            _ => {}
        }
    }
    Ok(values)
}
