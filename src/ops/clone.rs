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

/// Every conflicting target is named at once, not one per run.
fn refuse_conflicts(targets: &[&Workload], sidecar: &str) -> Result<()> {
    let own_name = |t: &Workload| plan::own_name(t, sidecar);
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
    let them = if conflicts.len() == 1 { "it" } else { "them" };
    Err(Error::failed(message).with_hint(format!(
        "pass `--on-conflict skip` to leave {them}, or `--on-conflict replace` to overwrite {them}"
    )))
}

pub fn clone(project: &Project, opts: &CloneOptions) -> Result<ChangeSet> {
    let sidecar = opts.sidecar.as_str();
    plan::check_sidecar_name(sidecar)?;
    let source = plan::service(project, &opts.from)?;
    plan::refuse_special(project, sidecar)?;
    let c = plan::require_sidecar(source, sidecar)?;
    let doc = source.document()?;
    let source_value = plan::container_value(source, c)?;
    // The entry as it reads in each placement: its own text where it keeps its placement; a
    // converted entry gains or loses its `restartPolicy`.
    let made = |placement: Placement| {
        let value = match placement == c.placement {
            true => source_value.clone(),
            false => project.format.placed(source_value.clone(), placement),
        };
        let entry = format::list_item(&c.slot)
            .and_then(|(list, index)| match placement == c.placement {
                true => copy_entry(doc, list, index),
                false => changes::placed_text(doc, list, index, placement, &[], &value, false),
            })
            .unwrap_or_else(|| Entry::sourced(value.clone(), doc, c.slot.route()));
        (value, entry)
    };
    let placement = opts.placement.unwrap_or(c.placement);
    let (value, entry) = made(placement);
    // A replaced entry keeps the target's placement unless one is asked for: a native sidecar
    // must not become an ordinary init container by losing its `restartPolicy`, nor a classic
    // one gain it.
    let other = match placement {
        Placement::Classic => Placement::Native,
        Placement::Native => Placement::Classic,
    };
    // Made only when a target needs it (its text is made by reading the source file again).
    let converted = std::cell::OnceCell::new();
    let made_for = |p: Placement| match p == placement || source.manifest.is_none() {
        true => (&value, &entry),
        false => {
            let (v, e) = converted.get_or_init(|| made(other));
            (v, e)
        }
    };
    let targets = plan::named_services(project, &opts.to)?;
    let own_name = |t: &Workload| plan::own_name(t, sidecar);
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
                    // Kubernetes: an ordinary init container of that name is no sidecar either;
                    // replacing it with a sidecar would change what the pod runs before it starts.
                    if let Some(init) = target.init.iter().find(|i| i.name() == sidecar) {
                        return Err(Error::failed(format!(
                            "{}: {} has an ordinary init container `{sidecar}` (line {}), which sidecar commands never change; nothing was changed",
                            target.file, target.id, init.line
                        )));
                    }
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
        // Where the entry goes: a replaced entry keeps the target's placement unless
        // `--native` or `--classic` asks for another (then it moves).
        let want = match existing {
            Some(at) => opts.placement.unwrap_or(at.placement),
            None => placement,
        };
        let (value, entry) = made_for(want);
        if existing.is_none_or(|at| at.placement != want) {
            changes::refuse_new_main(
                target,
                want,
                "pass `--native` to clone it as a native sidecar (`initContainers`, `restartPolicy: Always`)",
            )?;
        }
        if let Some(at) = existing {
            let tdoc = target.document()?;
            // The same to every reader: `0400` is not `400` to YAML 1.1 readers (kubectl).
            let same = tdoc.get_at(&at.slot.route()).is_some_and(|n| {
                yaml::to_value(tdoc, n).is_ok_and(|v| v == *value)
                    && yaml::to_value_as(tdoc, n, yaml::Schema::Yaml11).ok()
                        == entry
                            .yaml11()
                            .ok()
                            .flatten()
                            .or_else(|| Some(value.clone()))
            });
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
        writes.push((target, existing, volumes, want));
    }
    let mut files = Vec::new();
    for group in plan::by_file(writes.iter().map(|(t, ..)| *t)) {
        let (changed, change) = plan::edit_file(project, &group, |target, ed| {
            let (_, existing, volumes, want) = writes
                .iter()
                .find(|(t, ..)| std::ptr::eq(*t, target))
                .expect("a target to write");
            let (_, entry) = made_for(*want);
            // A Kubernetes JSON manifest gets the values the cluster reads from the source.
            let for_json;
            let entry = match ed.is_json() && target.manifest.is_some() {
                true => {
                    for_json = entry.as_cluster_reads()?;
                    &for_json
                }
                false => entry,
            };
            match (existing, volumes) {
                (Some(at), volumes) => {
                    if at.placement == *want {
                        let (list, index) = plan::item_of(at)?;
                        ed.replace(list, index, entry)?;
                    } else {
                        changes::move_to(project.format, ed, target, at, entry, *want)?;
                    }
                    match volumes {
                        Some((pod, new)) => format::kubernetes::volumes::add(ed, pod, new),
                        None => Ok(()),
                    }
                }
                (None, Some((pod, new))) => {
                    changes::add(project.format, ed, target, pod, entry, *want, new)
                }
                (None, None) => plan::add_sidecar(project, target, ed, entry),
            }
        })?;
        for (target, changed) in group.iter().zip(changed) {
            let existing = writes
                .iter()
                .any(|(t, e, ..)| std::ptr::eq(*t, *target) && e.is_some());
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
            .filter(|(_, existing, ..)| existing.is_none())
            .map(|(t, ..)| *t)
            .collect();
        set.notes.extend(plan::jobs_never_complete(
            &added,
            sidecar,
            "clone it with --native",
        ));
    }
    Ok(set)
}
