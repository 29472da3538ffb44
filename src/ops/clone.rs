//! `clone`: copy one service's sidecar entry into other services.

use super::plan;
use serde_json::Value;

use crate::change::{ChangeSet, FileChange};
use crate::edit::{Entry, copy_entry};
use crate::error::{Error, Hint, Result, Verb};
use crate::format::{self, Beside, Change, Field, Mounting, Placement};
use crate::model::{Container, Workload};
use crate::project::Project;
use crate::select::Filters;
use crate::view::{Action, ChangeRow};
use crate::yaml;

/// What to do when a target already has a container of that name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnConflict {
    #[default]
    Fail,
    Skip,
    Replace,
}

#[derive(Debug, Clone)]
pub struct CloneOptions {
    pub sidecar: String,
    pub from: String,
    pub to: Vec<String>,
    pub on_conflict: OnConflict,
    /// Kubernetes: `--native` or `--classic` converts the entry; None keeps its placement.
    pub placement: Option<Placement>,
    pub dry_run: bool,
    /// Every service but the source (instead of `to`), narrowed by `filters`.
    pub all: bool,
    /// The filters of SPEC §7.1: they narrow `to` or `all`.
    pub filters: Filters,
}

/// The sidecars of `from` that can be cloned (special ones cannot).
pub fn candidates(project: &Project, from: &str) -> Result<Vec<String>> {
    let svc = plan::service(project, from)?;
    let mut list: Vec<String> = svc
        .sidecars
        .iter()
        .map(|c| c.name().to_string())
        .filter(|n| project.special(n).is_none())
        .collect();
    // A name listed twice (a hand-merged file) is one candidate; cloning it is then refused.
    let mut seen = std::collections::HashSet::new();
    list.retain(|n| seen.insert(n.clone()));
    if list.is_empty() {
        return Err(Error::failed(format!(
            "service `{from}` has no sidecar that can be cloned"
        )));
    }
    Ok(list)
}

/// The services a sidecar can be cloned from: those that have `sidecar`, or, with no name,
/// those with a sidecar that can be cloned (special ones cannot).
pub fn sources(project: &Project, sidecar: Option<&str>) -> Vec<String> {
    project
        .services
        .iter()
        .filter(|s| match sidecar {
            Some(name) => s.sidecar(name).is_some(),
            None => s
                .sidecars
                .iter()
                .any(|c| project.special(c.name()).is_none()),
        })
        .map(|s| s.id.clone())
        .collect()
}

/// `clone` into any number of targets of a project loaded with `LoadOptions::lean`: the
/// source and every target's conflict are checked at once on the whole project, then the
/// targets are planned a batch of files at a time, each batch with the source's file
/// ([`plan::in_batches`]).
pub fn clone_in_batches(project: Project, opts: &CloneOptions) -> Result<ChangeSet> {
    let sidecar = opts.sidecar.as_str();
    plan::check_sidecar_name(sidecar)?;
    let source = plan::service_with(&project, &opts.from, sidecar)?;
    plan::refuse_special(&project, sidecar)?;
    // The image the copies run, as the source renders it: what `images:` entries are held to.
    let image = plan::require_sidecar(source, sidecar)?
        .image()
        .map(str::to_string);
    if !opts.all && opts.filters.is_empty() && opts.to.iter().any(|t| t.contains(':')) {
        // The lean model lacks the source's text: its file is read again.
        let place = (source.file.clone(), source.route.clone());
        let ids = std::collections::HashMap::from([(place, source.id.clone())]);
        let full = project.reload(std::slice::from_ref(&source.file), &ids)?;
        let source = plan::service_with(&full, &opts.from, sidecar)?;
        let c = plan::require_sidecar(source, sidecar)?;
        if let Some(set) = into_overlays(&project, opts, source, c) {
            return set;
        }
    }
    let targets = plan::targets_of(
        &project,
        &opts.to,
        opts.all,
        &opts.filters,
        Some(&source.id),
        sidecar,
    )?;
    if opts.on_conflict == OnConflict::Fail {
        refuse_conflicts(&project, &targets, sidecar)?;
    }
    let ids: Vec<String> = targets.iter().map(|t| t.id.clone()).collect();
    let (from, file) = (source.id.clone(), source.file.clone());
    let format = project.format;
    let mut set = plan::in_batches(
        project,
        ids,
        Some((file, from.clone())),
        opts.dry_run,
        |batch, to| {
            let from = from.clone();
            copies(
                batch,
                &CloneOptions {
                    to,
                    from,
                    // The batch's targets were chosen: its IDs are all it needs.
                    all: false,
                    filters: Filters::default(),
                    ..opts.clone()
                },
                false,
            )
        },
    )?;
    // Once for all the batches (each would name only its own targets).
    let pinned = pinned(format, sidecar, image.as_deref(), &set);
    set.notes.extend(pinned);
    Ok(set)
}

/// `--to OVERLAY:ID…`: a new patch file in each overlay (None when `to` names other targets),
/// bringing the volumes the sidecar mounts that a target lacks.
fn into_overlays(
    project: &Project,
    opts: &CloneOptions,
    source: &Workload,
    c: &Container,
) -> Option<Result<ChangeSet>> {
    if opts.all || !opts.filters.is_empty() {
        return None;
    }
    let value = match plan::rendered_value(project, source, c) {
        Ok(v) => v,
        Err(e) => return Some(Err(e)),
    };
    let placement = opts.placement.unwrap_or(c.placement);
    let new = (opts.sidecar.as_str(), &value, placement);
    let made =
        (project.format).new_patches(&project.root, &opts.to, new, Mounting::Copy(source, c))?;
    Some(plan::overlay_patches(
        project,
        made,
        Vec::new(),
        (&opts.sidecar, c.image()),
        opts.dry_run,
    ))
}

/// Every conflicting target is named at once, not one per run.
fn refuse_conflicts(project: &Project, targets: &[&Workload], sidecar: &str) -> Result<()> {
    let conflicts: Vec<(&str, Option<String>)> = targets
        .iter()
        .filter_map(|t| {
            let own = plan::own_container(project, t, sidecar);
            (own.is_some() || t.sidecar(sidecar).is_some()).then_some((t.id.as_str(), own))
        })
        .collect();
    let noun = targets.first().map_or("service", |t| plan::noun(t));
    let message = match conflicts.as_slice() {
        [] => return Ok(()),
        [(id, own)] => format!(
            "{noun} `{id}` already has {}; nothing was changed",
            own.clone()
                .unwrap_or_else(|| format!("a sidecar `{sidecar}`"))
        ),
        many => format!(
            "{} target {noun}s already have a container named `{sidecar}`: {}; nothing was changed",
            many.len(),
            plan::conflict_list(many)
        ),
    };
    Err(Error::failed(message).with_hint(Hint::OnConflict {
        many: conflicts.len() != 1,
    }))
}

pub fn clone(project: &Project, opts: &CloneOptions) -> Result<ChangeSet> {
    copies(project, opts, true)
}

/// A warning for each `images:` entry that renders the copies `set` writes (added or
/// replaced) with another image than `image`, the source's.
fn pinned(
    format: &dyn format::Format,
    sidecar: &str,
    image: Option<&str>,
    set: &ChangeSet,
) -> Vec<crate::diagnostic::Diagnostic> {
    let written = (set.report.changes.iter())
        .filter(|r| matches!(r.action, Action::Added | Action::Updated))
        .map(|r| (r.service.as_str(), r.file.as_str()));
    plan::pinned_notes(format, sidecar, image, written, false)
}

/// [`clone`]; `warn_pinned`: whether to warn of the `images:` entries that pin the copies
/// (a batch leaves that to [`clone_in_batches`], which warns once for all of them).
fn copies(project: &Project, opts: &CloneOptions, warn_pinned: bool) -> Result<ChangeSet> {
    let sidecar = opts.sidecar.as_str();
    plan::check_sidecar_name(sidecar)?;
    let source = plan::service_with(project, &opts.from, sidecar)?;
    plan::refuse_special(project, sidecar)?;
    let c = plan::require_sidecar(source, sidecar)?;
    if let Some(set) = into_overlays(project, opts, source, c) {
        return set;
    }
    let placement = opts.placement.unwrap_or(c.placement);
    let made = Made::new(project, source, c, placement)?;
    let targets = plan::targets_of(
        project,
        &opts.to,
        opts.all,
        &opts.filters,
        Some(&source.id),
        &opts.sidecar,
    )?;
    if opts.on_conflict == OnConflict::Fail {
        refuse_conflicts(project, &targets, sidecar)?;
    }
    let mut rows = Vec::new();
    // The targets to write, each with the entry it replaces (`None`: the entry is added), what
    // the entry needs beside it there, and its placement.
    let mut writes = Vec::new();
    for target in targets {
        let Some(existing) = conflict(project, opts, target, &mut rows)? else {
            continue;
        };
        plan::refuse_blocked(target)?;
        // Where the entry goes: a replaced entry keeps the target's placement unless
        // `--native` or `--classic` asks for another (then it moves).
        let want = match existing {
            Some(at) => opts.placement.unwrap_or(at.placement),
            None => placement,
        };
        if existing.is_none_or(|at| at.placement != want) {
            project
                .format
                .refuse_new_main(target, want, &Hint::Native(Verb::Clone))?;
        }
        if let Some(at) = existing
            && same_entry(target, at, made.at(want))?
        {
            rows.push(plan::row(target, sidecar, Action::Unchanged, None));
            continue;
        }
        // What the entry needs beside it that the target lacks (a Kubernetes pod's volumes).
        let beside = project.format.prepare_copy(source, c, target)?;
        writes.push((target, (existing, beside, want)));
    }
    let files = write(project, &made, &writes, sidecar, &mut rows)?;
    let mut set = plan::change_set(files, rows, opts.dry_run, Vec::new());
    if warn_pinned {
        set.notes
            .extend(pinned(project.format, sidecar, c.image(), &set));
    }
    let added: Vec<&Workload> = writes
        .iter()
        .filter(|(_, (existing, ..))| existing.is_none())
        .map(|(t, _)| *t)
        .collect();
    set.notes.extend(project.format.placement_notes(
        &added,
        sidecar,
        placement,
        "clone it with --native",
    ));
    Ok(set)
}

/// A target to write: the entry it replaces (`None`: the entry is added), what the entry needs
/// beside it there, and its placement.
type Write<'p> = (Option<&'p Container>, Beside, Placement);

/// The source's entry as it reads at each placement: its own text where it keeps its
/// placement; a converted entry gains or loses its `restartPolicy`.
struct Made<'p> {
    project: &'p Project,
    source: &'p Workload,
    c: &'p Container,
    data: Value,
    placement: Placement,
    entry: (Value, Entry),
    /// At the other placement: made only when a target needs it (its text is made by reading
    /// the source file again).
    converted: std::cell::OnceCell<(Value, Entry)>,
}

impl<'p> Made<'p> {
    fn new(
        project: &'p Project,
        source: &'p Workload,
        c: &'p Container,
        placement: Placement,
    ) -> Result<Self> {
        let mut made = Self {
            project,
            source,
            c,
            data: plan::rendered_value(project, source, c)?,
            placement,
            entry: (Value::Null, Entry::Data(Value::Null)),
            converted: std::cell::OnceCell::new(),
        };
        made.entry = made.make(placement)?;
        Ok(made)
    }

    fn make(&self, placement: Placement) -> Result<(Value, Entry)> {
        let (c, doc) = (self.c, self.source.document()?);
        let value = match placement == c.placement {
            true => self.data.clone(),
            false => self.project.format.placed(self.data.clone(), placement),
        };
        // The image it renders, where another entry sets that: its text says another.
        let image_path = self.project.format.field_path(Field::Image);
        let sets: Vec<(&[&str], &str)> = plan::image_set_elsewhere(self.source, c.name())
            .and(c.image())
            .map(|image| (image_path, image))
            .into_iter()
            .collect();
        let entry = format::list_item(&c.slot)
            .and_then(
                |(list, index)| match placement == c.placement && sets.is_empty() {
                    true => copy_entry(doc, list, index),
                    false => self
                        .project
                        .format
                        .placed_entry(doc, list, index, placement, &sets, &value, false),
                },
            )
            .unwrap_or_else(|| Entry::sourced(value.clone(), doc, c.slot.route()));
        Ok((value, entry))
    }

    /// The entry at `p`. A replaced entry keeps the target's placement unless one is asked
    /// for: a native sidecar must not become an ordinary init container by losing its
    /// `restartPolicy`, nor a classic one gain it.
    fn at(&self, p: Placement) -> (&Value, &Entry) {
        if p == self.placement || !self.project.format.traits().placements {
            return (&self.entry.0, &self.entry.1);
        }
        let (v, e) = self.converted.get_or_init(|| {
            // The source document was there for the entry at the asked placement.
            self.make(p).expect("the source's document is loaded")
        });
        (v, e)
    }
}

/// What a target already has of the name: `None` when it is skipped (its row added),
/// `Some(the sidecar to replace)` otherwise; a container that is no sidecar is refused.
fn conflict<'t>(
    project: &Project,
    opts: &CloneOptions,
    target: &'t Workload,
    rows: &mut Vec<ChangeRow>,
) -> Result<Option<Option<&'t Container>>> {
    let sidecar = opts.sidecar.as_str();
    let own = plan::own_container(project, target, sidecar);
    let own_name = own.is_some();
    // Only a replace acts on the target's entry: only then must it be the one.
    let existing = match opts.on_conflict {
        OnConflict::Replace if !own_name => plan::sidecar_of(target, sidecar)?,
        _ => target.sidecar(sidecar),
    };
    let Some(what) = own.or_else(|| existing.map(|_| format!("a sidecar `{sidecar}`"))) else {
        return Ok(Some(existing));
    };
    match opts.on_conflict {
        OnConflict::Fail => unreachable!("conflicts were refused above"),
        OnConflict::Skip => {
            let reason = Some(format!("already has {what}"));
            rows.push(plan::row(target, sidecar, Action::Skipped, reason));
            Ok(None)
        }
        OnConflict::Replace if own_name => {
            // Kubernetes: an ordinary init container of that name is no sidecar either;
            // replacing it with a sidecar would change what the pod runs before it starts.
            if let Some(init) = target.init.iter().find(|i| i.name() == sidecar) {
                return Err(Error::failed(format!(
                    "{}: {} has an ordinary init container `{sidecar}` (line {}), which sidecar commands never change; nothing was changed",
                    target.file, target.id, init.line
                )));
            }
            let message = match project.format.traits().cluster_objects {
                true => format!(
                    "workload `{}` has {what}, which is no sidecar: it cannot be replaced",
                    target.id,
                ),
                false => format!(
                    "service `{}` is itself named `{sidecar}`: its main container cannot be replaced",
                    target.id
                ),
            };
            Err(Error::failed(message))
        }
        OnConflict::Replace => Ok(Some(existing)),
    }
}

/// Whether the target's entry `at` is already the entry: the same to every reader (`0400` is
/// not `400` to YAML 1.1 readers: kubectl).
fn same_entry(target: &Workload, at: &Container, (value, entry): (&Value, &Entry)) -> Result<bool> {
    let tdoc = target.document()?;
    Ok(tdoc.get_at(&at.slot.route()).is_some_and(|n| {
        yaml::to_value(tdoc, n).is_ok_and(|v| v == *value)
            && yaml::to_value_as(tdoc, n, yaml::Schema::Yaml11).ok()
                == entry
                    .yaml11()
                    .ok()
                    .flatten()
                    .or_else(|| Some(value.clone()))
    }))
}

/// Writes the entry into each target of `writes`, a file at a time; a row for each.
fn write(
    project: &Project,
    made: &Made<'_>,
    writes: &[(&Workload, Write<'_>)],
    sidecar: &str,
    rows: &mut Vec<ChangeRow>,
) -> Result<Vec<FileChange>> {
    let mut files = Vec::new();
    for group in plan::by_file_with(writes.iter().map(|(t, w)| (*t, w))) {
        let (changed, change) = plan::edit_file(project, &group, |target, write, ed| {
            let (existing, beside, want) = write;
            let (_, entry) = made.at(*want);
            let change = match existing {
                Some(old) => Change::Replace {
                    old,
                    entry,
                    placement: *want,
                    beside,
                },
                None => Change::Add {
                    entry,
                    placement: *want,
                    beside,
                },
            };
            project.format.apply(ed, target, change)
        })?;
        for ((target, (existing, ..)), changed) in group.iter().zip(changed) {
            let action = match (changed, existing.is_some()) {
                (false, _) => Action::Unchanged,
                (true, true) => Action::Updated,
                (true, false) => Action::Added,
            };
            rows.push(plan::row(target, sidecar, action, None));
        }
        files.extend(change);
    }
    Ok(files)
}
