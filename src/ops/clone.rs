//! `clone`: copy one service's sidecar entry into other services.

use super::plan;
use crate::change::ChangeSet;
use crate::edit::{Entry, copy_entry};
use crate::error::{Error, Result};
use crate::format;
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
    let value = plan::container_value(source, c)?;
    let doc = source.document()?;
    let entry = format::list_item(&c.slot)
        .and_then(|(list, index)| copy_entry(doc, list, index))
        .unwrap_or_else(|| Entry::Data(value.clone()));
    let targets = plan::named_services(project, &opts.to)?;
    let own_name =
        |t: &Workload| t.name.as_ref().map_or(t.id.as_str(), |n| n.value.as_str()) == sidecar;
    if opts.on_conflict == OnConflict::Fail {
        // Every conflicting target is named at once, not one per run.
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
        writes.push((target, existing));
    }
    let mut files = Vec::new();
    for group in plan::by_file(writes.iter().map(|(t, _)| *t)) {
        let (changed, change) = plan::edit_file(project, &group, |target, ed| {
            let existing = writes
                .iter()
                .find(|(t, _)| std::ptr::eq(*t, target))
                .and_then(|(_, e)| *e);
            match existing {
                Some(at) => {
                    let (list, index) = plan::item_of(at)?;
                    ed.replace(list, index, &entry)
                }
                None => plan::add_sidecar(project, target, ed, &entry),
            }
        })?;
        for (target, changed) in group.iter().zip(changed) {
            let existing = writes
                .iter()
                .any(|(t, e)| std::ptr::eq(*t, *target) && e.is_some());
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
