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
    let own_name = |t: &Workload| match &t.manifest {
        Some(_) => changes::takes_name(t, sidecar),
        None => t.name.as_ref().map_or(t.id.as_str(), |n| n.value.as_str()) == sidecar,
    };
    if opts.on_conflict == OnConflict::Fail {
        // Every conflicting target is named at once, not one per run.
        let conflicts: Vec<(&str, Option<String>)> = targets
            .iter()
            .filter(|t| own_name(t) || t.sidecar(sidecar).is_some())
            .map(|t| {
                let own = own_name(t).then(|| plan::own_container(t, sidecar));
                (t.id.as_str(), own)
            })
            .collect();
        let noun = targets.first().map_or("service", |t| plan::noun(t));
        let message = match conflicts.as_slice() {
            [] => None,
            [(id, own)] => Some(format!(
                "{noun} `{id}` already has {}; nothing was changed",
                own.clone()
                    .unwrap_or_else(|| format!("a sidecar `{sidecar}`"))
            )),
            many => Some(format!(
                "{} target {noun}s already have a container named `{sidecar}`: {}; nothing was changed",
                many.len(),
                plan::conflict_list(many)
            )),
        };
        if let Some(message) = message {
            let them = if conflicts.len() == 1 { "it" } else { "them" };
            return Err(Error::failed(message).with_hint(format!(
                "pass `--on-conflict skip` to leave {them}, or `--on-conflict replace` to overwrite {them}"
            )));
        }
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
                plan::own_container(target, sidecar)
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
                    let message = match target.manifest {
                        Some(_) => format!(
                            "workload `{}` has {}, which is no sidecar: it cannot be replaced",
                            target.id,
                            plan::own_container(target, sidecar)
                        ),
                        None => format!(
                            "service `{}` is itself named `{sidecar}`: its main container cannot be replaced",
                            target.id
                        ),
                    };
                    return Err(Error::failed(message));
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
    let mut set = plan::change_set(files, rows, opts.dry_run, Vec::new());
    if project.format.kubernetes() && placement == Placement::Classic {
        let added: Vec<&Workload> = writes
            .iter()
            .filter(|(_, existing, _)| existing.is_none())
            .map(|(t, _, _)| *t)
            .collect();
        set.notes.extend(plan::jobs_never_complete(
            &added,
            sidecar,
            "clone it with --native",
        ));
    }
    Ok(set)
}
