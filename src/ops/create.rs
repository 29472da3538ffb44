//! `create`: add a new sidecar, from a docker image or a marketplace item, to services.

use serde_json::{Value, json};

use super::plan;
use super::validate;
use crate::change::{ChangeSet, FileChange};
use crate::diagnostic::Diagnostic;
use crate::edit::{EditError, Entry};
use crate::error::{Error, Hint, Input, Result, Verb};
use crate::format::{Beside, Change, Defaults, Mounting, Mounts, NewContainer, Placement, Port};
use crate::model::{MarketplaceItem, SERVICE_SECRETS, Workload};
use crate::project::{PROJECT_FILE, Project};
use crate::quantity::Resource;
use crate::route::Route;
use crate::select::Filters;
use crate::view::{Action, ChangeRow};
use crate::{names, quantity};

mod all;

pub use all::create_all;

/// A new sidecar from a docker image.
#[derive(Debug, Clone, Default)]
pub struct ImageSpec {
    pub image: String,
    /// `REQ[:LIM]`; a lone REQ is also the limit.
    pub cpu: Option<String>,
    pub memory: Option<String>,
    /// `K=V`
    pub env: Vec<String>,
    /// `NAME:PATH`
    pub config_maps: Vec<String>,
    pub secrets: Vec<String>,
    /// `NAME:FROM[:TO][/PROTO]`
    pub ports: Vec<String>,
    pub args: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Source {
    Image(ImageSpec),
    Marketplace(String),
}

#[derive(Debug, Clone)]
pub struct CreateOptions {
    /// Required for an image; defaults to the item's container name for a marketplace item.
    pub name: Option<String>,
    pub source: Source,
    pub to: Vec<String>,
    /// Kubernetes: classic or native (`--native`); None takes the project's default.
    pub placement: Option<Placement>,
    pub dry_run: bool,
    /// Every service of the project (instead of `to`), narrowed by `filters`.
    pub all: bool,
    /// The filters of SPEC §7.1: they narrow `to` or `all`.
    pub filters: Filters,
}

/// What a new sidecar is, before any target is looked at.
struct Prologue {
    name: String,
    entry: Value,
    extra_files: Vec<FileChange>,
    new_secrets: Vec<String>,
    mounts: (Mounts, Mounts),
    declared_files: Vec<(String, String, String)>,
    declared_maps: Vec<String>,
    /// The ConfigMaps whose folders `extra_files` makes (a project of folders).
    added_maps: Vec<String>,
    /// A marketplace instance: the item's file, and where each key of the entry comes from.
    sourced: Option<Sourced>,
}

/// An item's parsed file and the routes in it of the keys an instance copies.
type Sourced = (std::sync::Arc<crate::yaml::Document>, Vec<(String, Route)>);

/// `create` into any number of targets of a project loaded with `LoadOptions::lean`: the
/// options and every target's conflict are checked at once on the whole project, then the
/// targets are planned a batch of files at a time ([`plan::in_batches`]).
pub fn create_in_batches(project: Project, opts: &CreateOptions) -> Result<ChangeSet> {
    let p = prologue(&project, opts)?;
    plan::refuse_special(&project, &p.name)?;
    if let Some(set) = into_overlays(&project, opts, &p) {
        return set;
    }
    let targets = targets(&project, opts, &p)?;
    refuse_conflicts(&project, &targets, &p.name, opts.all)?;
    // Drift is a question about the whole project, asked once (a batch holds only its files).
    let image = image_of(&project, &p.entry);
    let mut notes = drift(&project, &p.name, image.as_deref(), &targets);
    notes.extend(pinned(&project, &p.name, image.as_deref(), &targets));
    let ids: Vec<String> = targets.iter().map(|t| t.id.clone()).collect();
    let mut set = plan::in_batches(project, ids, None, opts.dry_run, |batch, to| {
        let p = prologue(batch, opts)?;
        let targets = plan::named_services(batch, &to)?;
        // The batch's targets were chosen: its IDs are all it needs.
        let opts = CreateOptions {
            to,
            all: false,
            filters: Filters::default(),
            ..opts.clone()
        };
        create_into(batch, &opts, p, targets)
    })?;
    set.notes.splice(0..0, notes);
    Ok(set)
}

fn prologue(project: &Project, opts: &CreateOptions) -> Result<Prologue> {
    let mut extra_files = Vec::new();
    let mut new_secrets = Vec::new();
    // The ConfigMaps a project that is one file declares in it (also those without files).
    let mut declared_maps = Vec::new();
    let mut added_maps = Vec::new();
    let mounts: (Mounts, Mounts);
    // ConfigMap files a project that is one file declares in it: (ConfigMap, file, content).
    let mut declared_files = Vec::new();
    // A marketplace instance: the item's file, and where each key of the entry comes from.
    let mut sourced = None;
    let (name, entry) = match &opts.source {
        Source::Image(spec) => {
            let name = opts.name.clone().ok_or_else(|| {
                Error::usage("a sidecar name is required").with_hint(Hint::NameSidecar)
            })?;
            plan::check_sidecar_name(&name)?;
            let c = from_image(project, &name, spec)?;
            mounts = (c.config_maps.clone(), c.secrets.clone());
            let entry = project.format.new_container(&c);
            (name, entry)
        }
        Source::Marketplace(id) => {
            let item = super::marketplace::find(project, id)?;
            // An item that cannot make a valid container is refused, naming the first problem.
            if let Some(d) = crate::format::items::validate_item(item)
                .into_iter()
                .find(|d| d.is_error())
            {
                return Err(
                    Error::failed(format!("{}: {}", d.location(), d.message)).with_hint(
                        "fix the marketplace item; `sidecarctl validate` lists every problem",
                    ),
                );
            }
            let name = opts
                .name
                .clone()
                .or_else(|| item.container_name().map(str::to_string))
                .ok_or_else(|| {
                    Error::failed(format!(
                        "{}: the item has no `resources.name`; pass a NAME",
                        item.file
                    ))
                })?;
            plan::check_sidecar_name(&name)?;
            let made = from_marketplace(project, &name, item)?;
            extra_files = made.files;
            new_secrets = made.secrets;
            declared_maps = made.declared_maps;
            added_maps = made.added_maps;
            mounts = made.mounts;
            declared_files = made.declared;
            if !made.sources.is_empty() {
                sourced = Some((std::sync::Arc::new(item.doc.clone()), made.sources));
            }
            (name, made.entry)
        }
    };
    Ok(Prologue {
        name,
        entry,
        extra_files,
        new_secrets,
        mounts,
        declared_files,
        declared_maps,
        added_maps,
        sourced,
    })
}

pub fn create(project: &Project, opts: &CreateOptions) -> Result<ChangeSet> {
    let p = prologue(project, opts)?;
    plan::refuse_special(project, &p.name)?;
    if let Some(set) = into_overlays(project, opts, &p) {
        return set;
    }
    let targets = targets(project, opts, &p)?;
    refuse_conflicts(project, &targets, &p.name, opts.all)?;
    let image = image_of(project, &p.entry);
    let mut notes = drift(project, &p.name, image.as_deref(), &targets);
    notes.extend(pinned(project, &p.name, image.as_deref(), &targets));
    let mut set = create_into(project, opts, p, targets)?;
    set.notes.splice(0..0, notes);
    Ok(set)
}

/// The targets of `opts` for the new sidecar of `p` (see [`plan::targets_of`]).
fn targets<'p>(
    project: &'p Project,
    opts: &CreateOptions,
    p: &Prologue,
) -> Result<Vec<&'p Workload>> {
    plan::targets_of(project, &opts.to, opts.all, &opts.filters, None, &p.name)
}

/// `--to OVERLAY:ID…`: a new patch file in each overlay (None when `to` names other targets).
fn into_overlays(
    project: &Project,
    opts: &CreateOptions,
    p: &Prologue,
) -> Option<Result<ChangeSet>> {
    if opts.all || !opts.filters.is_empty() {
        return None;
    }
    let placement = opts.placement.unwrap_or_else(|| default_placement(project));
    let new = (p.name.as_str(), &p.entry, placement);
    let made =
        (project.format).new_patches(&project.root, &opts.to, new, Mounting::New(&p.mounts))?;
    let extra = p.extra_files.clone();
    let image = image_of(project, &p.entry);
    Some(plan::overlay_patches(
        project,
        made,
        extra,
        (&p.name, image.as_deref()),
        opts.dry_run,
    ))
}

/// Every target that already has the name is named at once. `all`: the targets are every
/// service (narrowed by filters), which a filter leaves out.
fn refuse_conflicts(project: &Project, targets: &[&Workload], name: &str, all: bool) -> Result<()> {
    let conflicts: Vec<(&str, Option<String>)> = targets
        .iter()
        .filter_map(|t| {
            let own = plan::own_container(project, t, name);
            (own.is_some() || t.sidecar(name).is_some()).then_some((t.id.as_str(), own))
        })
        .collect();
    if !conflicts.is_empty() {
        let pods = project.format.traits().cluster_objects;
        let main_hint = match pods {
            true => {
                "container names are unique within a pod (containers and initContainers); choose another name for the sidecar"
            }
            false => {
                "a service's main container is named after the service; choose another name for the sidecar"
            }
        };
        let sidecar_hint =
            format!("use `sidecarctl edit {name}` to change it, or `sidecarctl clone` to copy it");
        let noun = targets.first().map_or("service", |t| plan::noun(t));
        let (message, hint) = match conflicts.as_slice() {
            [(id, own)] => (
                match own {
                    Some(o) if pods => {
                        format!("{noun} `{id}` already has {o}; nothing was changed")
                    }
                    _ => format!(
                        "{noun} `{id}` already has a container named `{name}`; nothing was changed"
                    ),
                },
                if own.is_some() {
                    Hint::from(main_hint)
                } else {
                    Hint::Text(sidecar_hint)
                },
            ),
            many => (
                format!(
                    "{} target {noun}s already have a container named `{name}`: {}; nothing was changed",
                    many.len(),
                    plan::conflict_list(many)
                ),
                Hint::LeaveOut { noun },
            ),
        };
        // Every service was asked for: a filter leaves out those that have one.
        let hint = match all {
            true => Hint::Without {
                name: name.to_string(),
                many: conflicts.len() != 1,
            },
            false => hint,
        };
        return Err(Error::failed(message).with_hint(hint));
    }
    Ok(())
}

fn create_into(
    project: &Project,
    opts: &CreateOptions,
    p: Prologue,
    targets: Vec<&Workload>,
) -> Result<ChangeSet> {
    // New entries are validated against the project as this command leaves it: with the
    // ConfigMaps and secrets a marketplace item adds.
    let context = match opts.source {
        Source::Marketplace(_) => std::borrow::Cow::Owned(with_item(project, &p)),
        Source::Image(_) => std::borrow::Cow::Borrowed(project),
    };
    let (planner, extra_files) = Planner::new(project, opts, p);
    let (mut files, rows) = planner.plan(project, &context, &targets)?;
    files.extend(extra_files);
    let mut set = plan::change_set(files, rows, opts.dry_run, Vec::new());
    set.notes.extend(planner.notes(project, &targets));
    Ok(set)
}

/// What planning the targets of a file needs of the new sidecar: the same for every file.
struct Planner {
    name: String,
    /// The entry as data, which a format prepares for each target.
    value: Value,
    /// The entry as written (an item's plain scalars as its file writes them).
    entry: Entry,
    mounts: (Mounts, Mounts),
    declared_files: Vec<(String, String, String)>,
    declared_maps: Vec<String>,
    new_secrets: Vec<String>,
    placement: Placement,
}

impl Planner {
    /// The planner of `p`, and the files the change adds besides its targets' (an item's
    /// ConfigMap files, the project file with its secrets).
    fn new(project: &Project, opts: &CreateOptions, p: Prologue) -> (Self, Vec<FileChange>) {
        let placement = opts.placement.unwrap_or_else(|| default_placement(project));
        // What the item's file holds keeps its plain scalars as written there (a JSON project
        // file, which can say only one meaning, refuses a value YAML 1.1 and 1.2 read
        // differently).
        let entry = match p.sourced {
            Some((doc, parts)) => Entry::sourced_parts(p.entry.clone(), &doc, parts),
            None => Entry::Data(p.entry.clone()),
        };
        let planner = Self {
            name: p.name,
            value: p.entry,
            entry,
            mounts: p.mounts,
            declared_files: p.declared_files,
            declared_maps: p.declared_maps,
            new_secrets: p.new_secrets,
            placement,
        };
        (planner, p.extra_files)
    }

    /// The changes of the files of `targets` and a row for each target; `context` is the
    /// project as the change leaves it (what new entries are validated against).
    fn plan(
        &self,
        project: &Project,
        context: &Project,
        targets: &[&Workload],
    ) -> Result<(Vec<FileChange>, Vec<ChangeRow>)> {
        let prepared = prepare(project, targets, &self.value, &self.mounts, self.placement)?;
        // Sized to what they hold: a create planned file by file as the scan reads keeps one
        // of these pairs per file until the end, and a grown vector's spare room is most of it.
        let groups = plan::by_file_with(targets.iter().copied().zip(&prepared));
        let (mut files, mut rows) = (
            Vec::with_capacity(groups.len()),
            Vec::with_capacity(targets.len()),
        );
        let placement = self.placement;
        for group in groups {
            // A format that declares what the new entries mount in the file of its workloads
            // (a Console project file) does so once in each file.
            let mut declare = !self.new_secrets.is_empty() || !self.declared_maps.is_empty();
            let (_, change) = plan::edit_file(context, &group, |t, prepared, ed| {
                if std::mem::take(&mut declare) {
                    let doc = t
                        .document()
                        .map_err(|e| EditError::NotFound(e.to_string()))?;
                    let (maps, files) = (&self.declared_maps, &self.declared_files);
                    project
                        .format
                        .declare(doc, ed, maps, files, &self.new_secrets)?;
                }
                let (entry, beside) = match prepared {
                    Some((entry, beside)) => (entry, beside.as_slice()),
                    None => (&self.entry, &[][..]),
                };
                let change = Change::Add {
                    entry,
                    placement,
                    beside,
                };
                project.format.apply(ed, t, change)
            })?;
            rows.extend(
                group
                    .iter()
                    .map(|(t, _)| plan::row(t, &self.name, Action::Added, None)),
            );
            files.extend(change);
        }
        Ok((files, rows))
    }

    /// What the format says of the new sidecar in `targets` (a classic sidecar in a Job).
    fn notes(&self, project: &Project, targets: &[&Workload]) -> Vec<Diagnostic> {
        let advice = "add it with --native";
        (project.format).placement_notes(targets, &self.name, self.placement, advice)
    }
}

/// The project as a marketplace item's sidecar leaves it: with the ConfigMaps and secrets
/// the item adds.
fn with_item(project: &Project, p: &Prologue) -> Project {
    let mut ctx = project.clone();
    for cm in p.added_maps.iter().chain(&p.declared_maps) {
        ctx.config_maps.insert(cm.clone());
    }
    for s in &p.new_secrets {
        if !ctx.config.service_secrets.contains(s) {
            ctx.config.service_secrets.push(s.clone());
        }
    }
    ctx
}

/// Each target's entry as it needs it, with what it needs beside it (a Kubernetes pod's
/// volumes for its mounts), where its format prepares one.
fn prepare(
    project: &Project,
    targets: &[&Workload],
    entry: &Value,
    mounts: &(Mounts, Mounts),
    placement: Placement,
) -> Result<Vec<Option<(Entry, Beside)>>> {
    let mut prepared = Vec::with_capacity(targets.len());
    for t in targets {
        plan::refuse_blocked(t)?;
        project
            .format
            .refuse_new_main(t, placement, &Hint::Native(Verb::Create))?;
        let made = project.format.prepare_new(t, entry, mounts, placement)?;
        prepared.push(made.map(|(value, beside)| (Entry::Data(value), beside)));
    }
    Ok(prepared)
}

/// The image a new entry runs.
fn image_of(project: &Project, value: &Value) -> Option<String> {
    let path = project.format.field_path(crate::format::Field::Image);
    let mut v = value;
    for key in path {
        v = v.get(key)?;
    }
    v.as_str().map(str::to_string)
}

/// A warning for each `images:` entry that renders the new sidecar in `targets` (manifests)
/// with another image than `image`.
fn pinned(
    project: &Project,
    name: &str,
    image: Option<&str>,
    targets: &[&Workload],
) -> Vec<Diagnostic> {
    let targets = targets.iter().map(|t| (t.id.as_str(), t.file.as_str()));
    plan::pinned_notes(project.format, name, image, targets, false)
}

/// Of a service that has a sidecar: its ID, its file, and the sidecar's image and where it is.
type Use = (String, String, Option<crate::model::Located<String>>);

/// A warning for each other image the sidecar runs elsewhere in the project: a new copy with
/// another image is drift in the making (the next `edit --all --image` would have to align
/// them). The services that are not loaded (a Mia project loads only the targets) are read.
fn drift(
    project: &Project,
    name: &str,
    image: Option<&str>,
    targets: &[&Workload],
) -> Vec<Diagnostic> {
    let Some(image) = image else {
        return Vec::new();
    };
    // A project that is one file, or of cluster objects, is loaded whole.
    let partial = !project.format.traits().cluster_objects
        && !project.is_one_file()
        && project.services.len() < project.all_service_ids().len();
    let uses: Vec<Use> = if partial {
        let load = crate::project::LoadOptions {
            skip_checks: true,
            ..Default::default()
        };
        match Project::scan(&project.root, &load, |_, svc| use_of(&svc, name)) {
            Ok(scan) => scan.items.into_iter().flatten().collect(),
            Err(_) => return Vec::new(),
        }
    } else {
        users(project, name)
    };
    let targets: std::collections::HashSet<&str> = targets.iter().map(|t| t.id.as_str()).collect();
    drift_among(project, name, image, &targets, uses)
}

/// What [`drift`] reads of `svc`, when it has the sidecar `name`.
fn use_of(svc: &Workload, name: &str) -> Option<Use> {
    let c = svc.sidecar(name)?;
    Some((svc.id.clone(), svc.file.clone(), c.image.clone()))
}

/// What [`drift`] reads of the loaded services that have the sidecar `name`.
fn users(project: &Project, name: &str) -> Vec<Use> {
    project
        .services
        .iter()
        .filter_map(|w| use_of(w, name))
        .collect()
}

/// [`drift`] among `uses`, every service of the project that has the sidecar (`targets` by
/// ID, by hash: thousands of targets, thousands of uses).
fn drift_among(
    project: &Project,
    name: &str,
    image: &str,
    targets: &std::collections::HashSet<&str>,
    uses: Vec<Use>,
) -> Vec<Diagnostic> {
    let is_target = |id: &str| targets.contains(id);
    let mut by_image: std::collections::BTreeMap<String, Vec<Use>> = Default::default();
    for u in uses.into_iter().filter(|u| !is_target(&u.0)) {
        let Some(other) = u.2.as_ref().map(|i| i.value.clone()) else {
            continue;
        };
        if other != image {
            by_image.entry(other).or_default().push(u);
        }
    }
    by_image
        .into_iter()
        .map(|(other, uses)| {
            let (_, file, at) = &uses[0];
            let ids: Vec<&str> = uses.iter().map(|u| u.0.as_str()).collect();
            let noun = project.format.traits().noun;
            Diagnostic::warning(
                crate::diagnostic::Code::SidecarImageDrift,
                file,
                at.as_ref().and_then(|a| a.at()),
                format!(
                    "sidecar `{name}` runs `{other}` in {} other {noun}(s) ({}), not \
                     `{image}`: the project will run two images of it",
                    uses.len(),
                    plan::quoted_some(&ids, 3)
                ),
            )
        })
        .collect()
}

/// `defaults.placement` of the project file, else classic.
fn default_placement(project: &Project) -> Placement {
    match project.config.placement.as_ref().map(|p| p.value.as_str()) {
        Some("native") => Placement::Native,
        _ => Placement::Classic,
    }
}

fn split_pair<'a>(input: Input, v: &'a str, sep: char, form: &str) -> Result<(&'a str, &'a str)> {
    match v.split_once(sep) {
        Some((a, b)) if !a.is_empty() && !b.is_empty() => Ok((a, b)),
        _ => Err(Error::invalid(
            input,
            format!("`{v}` is not of the form {form}"),
        )),
    }
}

fn limits(
    project: &Project,
    (input, r): (Input, Resource),
    v: Option<&str>,
    default: (&str, &str),
) -> Result<(String, String)> {
    let (min, max) = match v {
        None => (default.0.to_string(), default.1.to_string()),
        Some(v) => match v.split_once(':') {
            Some((a, b)) => (a.to_string(), b.to_string()),
            None => (v.to_string(), v.to_string()),
        },
    };
    if project.format.traits().console_units && v.is_some() {
        plan::console_quantity(input, r, &min)?;
        plan::console_quantity(input, r, &max)?;
    }
    let q = |s: &str| quantity::parse_resource(s).map_err(|e| Error::invalid(input, e.to_string()));
    if q(&min)?.cmp_value(&q(&max)?) == Some(std::cmp::Ordering::Greater) {
        return Err(Error::invalid(
            input,
            format!("the request {min} is above the limit {max}"),
        ));
    }
    Ok((min, max))
}

/// The project's default resources, else the Console's. Defaults that are not valid
/// resources are refused, naming where the project file sets them.
pub(crate) fn defaults(project: &Project) -> Result<Defaults> {
    if let Some(d) = validate::check_defaults(project)
        .into_iter()
        .find(|d| d.is_error())
    {
        return Err(
            Error::failed(format!("{}: defaults: {}", d.location(), d.message))
                .with_hint(Hint::FixDefaults),
        );
    }
    Ok(console_or_project_defaults(project))
}

fn console_or_project_defaults(project: &Project) -> Defaults {
    let d = project.config.defaults.clone().unwrap_or_default();
    let pick = |l: Option<crate::model::Limits>, min: &str, max: &str| {
        let l = l.unwrap_or_default();
        (
            l.min.map_or(min.to_string(), |v| v.value),
            l.max.map_or(max.to_string(), |v| v.value),
        )
    };
    (
        pick(d.cpu, "100m", "100m"),
        pick(d.memory, "150Mi", "150Mi"),
    )
}

fn from_image(project: &Project, name: &str, spec: &ImageSpec) -> Result<NewContainer> {
    if !names::is_valid_image(&spec.image) {
        return Err(Error::invalid(
            Input::Image,
            format!(
                "`{}` is not an image reference of the form [host[:port]/]path[:tag][@digest]",
                spec.image
            ),
        ));
    }
    let (cpu, mem) = if spec.cpu.is_some() && spec.memory.is_some() {
        console_or_project_defaults(project)
    } else {
        defaults(project)?
    };
    let mut c = NewContainer {
        name: name.to_string(),
        image: spec.image.clone(),
        cpu: limits(
            project,
            (Input::Cpu, Resource::Cpu),
            spec.cpu.as_deref(),
            (&cpu.0, &cpu.1),
        )?,
        memory: limits(
            project,
            (Input::Memory, Resource::Memory),
            spec.memory.as_deref(),
            (&mem.0, &mem.1),
        )?,
        ..NewContainer::default()
    };
    c.env = env_vars(&spec.env)?;
    (c.config_maps, c.secrets) = mounts_of(project, name, spec)?;
    let ports = ports(&spec.ports)?;
    c.ports = ports;
    c.args = spec.args.clone();
    Ok(c)
}

/// `--port` values: each well formed, each name given once (also `edit`'s).
pub(crate) fn ports(given: &[String]) -> Result<Vec<Port>> {
    let ports: Vec<Port> = given.iter().map(|p| port(p)).collect::<Result<_>>()?;
    for (i, p) in ports.iter().enumerate() {
        if ports[..i].iter().any(|q| q.name == p.name) {
            return Err(Error::invalid(
                Input::Port,
                format!(
                    "two ports are named `{}`; each port of a container needs its own name",
                    p.name
                ),
            ));
        }
    }
    Ok(ports)
}

/// `--env K=V`: each a valid name, given once (also `edit`'s).
pub(crate) fn env_vars(given: &[String]) -> Result<Vec<(String, String)>> {
    let mut env = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for e in given {
        let (k, v) = e
            .split_once('=')
            .filter(|(k, _)| !k.is_empty())
            .ok_or_else(|| Error::invalid(Input::Env, format!("`{e}` is not of the form K=V")))?;
        if !names::is_valid_env_name(k) {
            return Err(Error::invalid(
                Input::Env,
                format!(
                    "`{}` in `{}` is not a valid variable name (letters, digits, `_`, `-` and `.`, not starting with a digit)",
                    k.escape_debug(),
                    e.escape_debug()
                ),
            ));
        }
        if seen.contains(&k) {
            return Err(Error::invalid(
                Input::Env,
                format!("`{k}` is given twice; a container has one value per variable"),
            ));
        }
        seen.push(k);
        env.push((k.to_string(), v.to_string()));
    }
    Ok(env)
}

/// `--config-map` and `--secret` `NAME:PATH`: each names something the project declares, and
/// no two share a path.
fn mounts_of(project: &Project, name: &str, spec: &ImageSpec) -> Result<(Mounts, Mounts)> {
    let (mut config_maps, mut secrets) = (Vec::new(), Vec::new());
    // Mounts: each names something the project declares, and no two share a path.
    let mut paths: Vec<(String, String)> = Vec::new();
    for (input, list) in [
        (Input::ConfigMap, &spec.config_maps),
        (Input::Secret, &spec.secrets),
    ] {
        let mut out = Vec::new();
        for m in list {
            let (n, path) = split_pair(input, m, ':', "NAME:PATH")?;
            if !names::is_valid_item_name(n) {
                return Err(Error::invalid(
                    input,
                    format!(
                        "`{}` in `{}` is not a valid name (lowercase letters, digits and `-`)",
                        n.escape_debug(),
                        m.escape_debug()
                    ),
                ));
            }
            if !path.starts_with('/') {
                return Err(Error::invalid(
                    input,
                    format!(
                        "the mount path `{}` in `{}` is not absolute",
                        path.escape_debug(),
                        m.escape_debug()
                    ),
                )
                .with_hint(Hint::RootedPath {
                    input,
                    name: n.to_string(),
                    path: path.to_string(),
                }));
            }
            // Kubernetes ConfigMaps and Secrets are cluster objects, not project files.
            let missing = if project.format.traits().cluster_objects {
                None
            } else if input == Input::ConfigMap {
                (!project.config_maps.contains(n)).then(|| {
                    match project.format.config_map_folder(n) {
                        Some(dir) => format!("ConfigMap `{n}` (no folder {dir}/)"),
                        None => format!("ConfigMap `{n}`"),
                    }
                })
            } else {
                (!project.config.service_secrets.iter().any(|s| s == n)).then(|| {
                    format!("secret `{n}` (add it to `serviceSecrets` in sidecarctl.yaml)")
                })
            };
            let missing = missing.map(|what| {
                match project.format.undeclared_hint(input == Input::ConfigMap) {
                    Some(hint) => {
                        format!("{} ({hint})", what.split(" (").next().unwrap_or(&what))
                    }
                    None => what,
                }
            });
            if let Some(what) = missing {
                return Err(Error::Undeclared { input, what });
            }
            if let Some((other, _)) = paths.iter().find(|(_, p)| p == path) {
                return Err(Error::usage(format!(
                    "sidecar `{name}` would mount `{n}` and `{other}` at the same path `{path}`; nothing was changed"
                )));
            }
            paths.push((n.to_string(), path.to_string()));
            out.push((n.to_string(), path.to_string()));
        }
        if input == Input::ConfigMap {
            config_maps = out;
        } else {
            secrets = out;
        }
    }
    Ok((config_maps, secrets))
}

/// `NAME:FROM[:TO][/PROTO]` (also `edit`'s)
pub(crate) fn port(p: &str) -> Result<Port> {
    let bad = || {
        Error::invalid(
            Input::Port,
            format!(
                "`{p}` is not of the form NAME:FROM[:TO][/PROTO] (ports 1 to 65535, PROTO TCP or UDP)"
            ),
        )
    };
    let (spec, proto) = match p.split_once('/') {
        Some((s, proto)) => (s, proto.to_ascii_uppercase()),
        None => (p, "TCP".to_string()),
    };
    if proto != "TCP" && proto != "UDP" {
        return Err(bad());
    }
    let mut parts = spec.split(':');
    let name = parts.next().filter(|n| !n.is_empty()).ok_or_else(bad)?;
    if !names::is_valid_port_name(name) {
        return Err(Error::invalid(
            Input::Port,
            format!(
                "`{}` in `{}` is not a valid port name (at most 15 lowercase letters, digits and `-`, with at least one letter)",
                name.escape_debug(),
                p.escape_debug()
            ),
        ));
    }
    let num = |s: Option<&str>| s.and_then(|s| s.parse::<u16>().ok()).filter(|n| *n > 0);
    let from = num(parts.next()).ok_or_else(bad)?;
    let to = match parts.next() {
        Some(t) => num(Some(t)).ok_or_else(bad)?,
        None => from,
    };
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok(Port {
        name: name.to_string(),
        from,
        to,
        protocol: proto,
    })
}

/// A container made from a marketplace item, and what the project gains with it.
struct Made {
    entry: Value,
    /// The keys of `entry` copied from the item, with their routes in its file.
    sources: Vec<(String, Route)>,
    files: Vec<FileChange>,
    secrets: Vec<String>,
    mounts: (Mounts, Mounts),
    /// ConfigMap files (ConfigMap, file, content) a project that is one file declares in it.
    declared: Vec<(String, String, String)>,
    /// The ConfigMaps a project that is one file declares in it.
    declared_maps: Vec<String>,
    /// The ConfigMaps whose folders `files` makes (a project of folders).
    added_maps: Vec<String>,
}

/// The container an item describes (SPEC §1.3), the ConfigMap files it brings (those not in the
/// project yet) and the project file with its secrets declared, and the secrets it mounts. A
/// project that is one file declares its ConfigMaps and secrets in it: then the ConfigMap files
/// come back as data (`declared`), for the edit of that file.
fn from_marketplace(project: &Project, name: &str, item: &MarketplaceItem) -> Result<Made> {
    let made = project
        .format
        .container_from_item(item, name, &mut || defaults(project))?;
    if project.format.traits().one_file {
        let declared = made
            .files
            .into_iter()
            .filter(|(cm, ..)| !project.config_maps.contains(cm))
            .collect();
        let declared_maps = made
            .config_maps
            .into_iter()
            .filter(|cm| !project.config_maps.contains(cm))
            .collect();
        return Ok(Made {
            entry: made.container,
            sources: made.sources,
            files: Vec::new(),
            secrets: made.secrets,
            mounts: made.mounts,
            declared,
            declared_maps,
            added_maps: Vec::new(),
        });
    }
    let mut files = Vec::new();
    let mut added_maps: Vec<String> = Vec::new();
    for (cm, file, content) in made.files {
        // A format that brings ConfigMap files keeps each ConfigMap in a folder.
        let Some(dir) = project.format.config_map_folder(&cm) else {
            continue;
        };
        let rel = format!("{dir}/{file}");
        if !project.root.join(&rel).exists() {
            files.push(FileChange::new_file(rel, content));
            if !added_maps.contains(&cm) {
                added_maps.push(cm);
            }
        }
    }
    let missing: Vec<&String> = made
        .secrets
        .iter()
        .filter(|s| !project.config.service_secrets.contains(s))
        .collect();
    if !missing.is_empty() {
        let secrets = Route::root(0).key(SERVICE_SECRETS);
        let change = plan::edit_doc(&project.config_doc, PROJECT_FILE, |ed| {
            missing
                .iter()
                .try_for_each(|n| ed.append(&secrets, &Entry::Data(json!(n))))
        })?;
        files.extend(change);
    }
    Ok(Made {
        entry: made.container,
        sources: made.sources,
        files,
        secrets: made.secrets,
        mounts: made.mounts,
        declared: Vec::new(),
        declared_maps: Vec::new(),
        added_maps,
    })
}
