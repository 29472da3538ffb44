//! `clone`: copy one service's sidecar entry into other services.

use super::plan;
use crate::change::ChangeSet;
use crate::edit::{Entry, copy_entry};
use crate::error::{Error, Result};
use crate::format::{self, Placement, kubernetes::changes};
use crate::model::Workload;
use crate::project::Project;
use crate::view::Action;
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

/// `clone` into any number of targets of a project loaded with `LoadOptions::lean`: the
/// source and every target's conflict are checked at once on the whole project, then the
/// targets are planned a batch of files at a time, each batch with the source's file
/// ([`plan::in_batches`]).
pub fn clone_in_batches(project: Project, opts: &CloneOptions) -> Result<ChangeSet> {
    let sidecar = opts.sidecar.as_str();
    plan::check_sidecar_name(sidecar)?;
    let source = plan::service(&project, &opts.from)?;
    plan::refuse_special(&project, sidecar)?;
    plan::require_sidecar(source, sidecar)?;
    let targets = plan::named_services(&project, &opts.to)?;
    if opts.on_conflict == OnConflict::Fail {
        refuse_conflicts(&targets, sidecar)?;
    }
    let ids: Vec<String> = targets.iter().map(|t| t.id.clone()).collect();
    let (from, file) = (source.id.clone(), source.file.clone());
    plan::in_batches(project, ids, Some(file), opts.dry_run, |batch, to| {
        let from = from.clone();
        clone(
            batch,
            &CloneOptions {
                to,
                from,
                ..opts.clone()
            },
        )
    })
}

/// Whether a target's own container (not a sidecar) has the name.
fn own_name(t: &Workload, sidecar: &str) -> bool {
    match &t.manifest {
        Some(_) => changes::takes_name(t, sidecar),
        None => t.name.as_ref().map_or(t.id.as_str(), |n| n.value.as_str()) == sidecar,
    }
}

/// Every conflicting target is named at once, not one per run.
fn refuse_conflicts(targets: &[&Workload], sidecar: &str) -> Result<()> {
    let own_name = |t: &Workload| own_name(t, sidecar);
    let conflicts: Vec<(&str, bool)> = targets
        .iter()
        .filter(|t| own_name(t) || t.sidecar(sidecar).is_some())
        .map(|t| (t.id.as_str(), own_name(t)))
        .collect();
    let message = match conflicts.as_slice() {
        [] => None,
        [(id, own)] => Some(format!(
            "service `{id}` already has {}; nothing was changed",
            if *own {
                "its main container".to_string()
            } else {
                format!("a sidecar `{sidecar}`")
            }
        )),
        many => Some(format!(
            "{} target services already have a container named `{sidecar}`: {}; nothing was changed",
            many.len(),
            plan::conflict_list(many)
        )),
    };
    match message {
        Some(message) => {
            let them = if conflicts.len() == 1 { "it" } else { "them" };
            Err(Error::failed(message).with_hint(format!(
                "pass `--on-conflict skip` to leave {them}, or `--on-conflict replace` to overwrite {them}"
            )))
        }
        None => Ok(()),
    }
}

pub fn clone(project: &Project, opts: &CloneOptions) -> Result<ChangeSet> {
    let sidecar = opts.sidecar.as_str();
    plan::check_sidecar_name(sidecar)?;
    let source = plan::service(project, &opts.from)?;
    plan::refuse_special(project, sidecar)?;
    let c = plan::require_sidecar(source, sidecar)?;
    let mut value = plan::container_value(source, c)?;
    let doc = source.document()?;
    let placement = opts.placement.unwrap_or(c.placement);
    let converted = placement != c.placement;
    if converted {
        // A converted entry gains or loses its `restartPolicy`.
        value = project.format.placed(value, placement);
    }
    let entry = format::list_item(&c.slot)
        .and_then(|(list, index)| match converted {
            false => copy_entry(doc, list, index),
            true => changes::placed_text(doc, list, index, placement, &[], &value, false),
        })
        .unwrap_or_else(|| Entry::Data(value.clone()));
    let targets = plan::named_services(project, &opts.to)?;
    let own_name = |t: &Workload| own_name(t, sidecar);
    if opts.on_conflict == OnConflict::Fail {
        refuse_conflicts(&targets, sidecar)?;
    }

    let mut rows = Vec::new();
    // The targets to write, each with the entry it replaces (`None`: the entry is added).
    let mut writes = Vec::new();
    for target in targets {
        let own_name = own_name(target);
        // Only a replace acts on the target's entry: only then must it be the one.
        let existing = match opts.on_conflict {
            OnConflict::Replace if !own_name => plan::sidecar_of(target, sidecar)?,
            _ => target.sidecar(sidecar),
        };
        if own_name || existing.is_some() {
            let what = if own_name {
                "its main container".to_string()
            } else {
                format!("a sidecar `{sidecar}`")
            };
            match opts.on_conflict {
                OnConflict::Fail => unreachable!("conflicts were refused above"),
                OnConflict::Skip => {
                    rows.push(plan::row(
                        target,
                        sidecar,
                        Action::Skipped,
                        Some(format!("already has {what}")),
                    ));
                    continue;
                }
                OnConflict::Replace if own_name => {
                    return Err(Error::failed(format!(
                        "service `{}` is itself named `{sidecar}`: its main container cannot be replaced",
                        target.id
                    )));
                }
                OnConflict::Replace => {}
            }
        }
        plan::refuse_blocked(target)?;
        if let Some(at) = existing {
            let tdoc = target.document()?;
            let same = tdoc
                .get_at(&at.slot.route())
                .and_then(|n| yaml::to_value(tdoc, n).ok())
                .is_some_and(|v| v == value);
            if same {
                rows.push(plan::row(target, sidecar, Action::Unchanged, None));
                continue;
            }
        }
        // Kubernetes: the pod volumes the entry needs and the target lacks.
        let volumes = match &target.manifest {
            Some(_) => Some(changes::prepare_clone(source, c, target)?),
            None => None,
        };
        writes.push((target, existing, volumes));
    }
    let mut files = Vec::new();
    for group in plan::by_file(writes.iter().map(|(t, _, _)| *t)) {
        let (changed, change) = plan::edit_file(project, &group, |target, ed| {
            let (_, existing, volumes) = writes
                .iter()
                .find(|(t, _, _)| std::ptr::eq(*t, target))
                .expect("a target to write");
            match (existing, volumes) {
                (Some(at), volumes) => {
                    let (list, index) = plan::item_of(at)?;
                    ed.replace(list, index, &entry)?;
                    match volumes {
                        Some((pod, new)) => format::kubernetes::volumes::add(ed, pod, new),
                        None => Ok(()),
                    }
                }
                (None, Some((pod, new))) => {
                    changes::add(project.format, ed, target, pod, &entry, placement, new)
                }
                (None, None) => plan::add_sidecar(project, target, ed, &entry),
            }
        })?;
        for (target, changed) in group.iter().zip(changed) {
            let existing = writes
                .iter()
                .any(|(t, e, _)| std::ptr::eq(*t, *target) && e.is_some());
            let action = match (changed, existing) {
                (false, _) => Action::Unchanged,
                (true, true) => Action::Updated,
                (true, false) => Action::Added,
            };
            rows.push(plan::row(target, sidecar, action, None));
        }
        files.extend(change);
    }
    Ok(plan::change_set(files, rows, opts.dry_run, Vec::new()))
}
