//! Narrowing a command's targets by the filters of SPEC §7.1: they narrow `--all` and a list
//! of names alike, and a selection that keeps nothing is a failure naming them.

use crate::error::{Error, Hint, Result};
use crate::model::Workload;
use crate::project::Project;
use crate::select::{Filters, Selection};

use super::named_services;

/// The filters compiled for the project's format (a filter it cannot answer is a usage error),
/// with every name of a target list checked to exist; `None` when no filter is given.
pub fn selection(project: &Project, filters: &Filters) -> Result<Option<Selection>> {
    if filters.is_empty() {
        return Ok(None);
    }
    let selection = filters.compile(project.format.traits())?;
    selection.unknown_targets(project)?;
    Ok(Some(selection))
}

/// Whether the selection keeps `w`; with `sidecar`, also whether that sidecar's image matches
/// the image filter (a workload without it is kept: the command says it lacks the sidecar).
pub fn keeps(selection: &Selection, w: &Workload, sidecar: Option<&str>) -> bool {
    selection.keeps(w)
        && sidecar.is_none_or(|name| {
            w.sidecar(name)
                .is_none_or(|c| selection.image_matches(c.image()))
        })
}

/// The workloads of `list` the selection keeps, in order; none kept is the selection's
/// failure. Without a selection, `list` as it is.
pub fn narrow<'p>(
    list: Vec<&'p Workload>,
    selection: Option<&Selection>,
    sidecar: Option<&str>,
) -> Result<Vec<&'p Workload>> {
    let Some(selection) = selection else {
        return Ok(list);
    };
    let kept: Vec<&Workload> = list
        .into_iter()
        .filter(|w| keeps(selection, w, sidecar))
        .collect();
    if kept.is_empty() {
        return Err(selection.no_match());
    }
    Ok(kept)
}

/// The targets of a command that adds the sidecar `name` (create, clone): the services named,
/// or with `all` every service but `except` (clone's source), narrowed by the filters, each
/// reached through its base when a kustomize overlay builds it (see `through_bases`).
pub fn targets_of<'p>(
    project: &'p Project,
    named: &[String],
    all: bool,
    filters: &Filters,
    except: Option<&str>,
    name: &str,
) -> Result<Vec<&'p Workload>> {
    let selection = selection(project, filters)?;
    let list = if all {
        let every: Vec<&Workload> = project
            .services
            .iter()
            .filter(|w| Some(w.id.as_str()) != except)
            .collect();
        if every.is_empty() {
            return Err(Error::failed(format!(
                "no {} to change in {}",
                project.format.traits().noun,
                project.services_place()
            )));
        }
        every
    } else {
        named_services(project, named)?
    };
    let targets = narrow(list, selection.as_ref(), None)?;
    let targets = through_bases(targets, except, name)?;
    refuse_added_over(project, &targets, name)?;
    Ok(targets)
}

/// Refuses base targets to which an overlay's JSON 6902 patch adds a container `name`: the
/// overlay would render two (a strategic merge merges its own into the new one instead, as
/// overlays customize their bases). Every such target is named.
fn refuse_added_over(project: &Project, targets: &[&Workload], name: &str) -> Result<()> {
    let bare = |id: &'_ str| id.rsplit_once('#').map_or(id, |(_, id)| id).to_string();
    // Base ID → the overlay's workload whose patch adds `name` to it.
    let added: std::collections::HashMap<String, &Workload> = project
        .users_of(name)
        .into_iter()
        .filter(|w| project.format.adds_twice(w))
        .filter_map(|w| Some((bare(&w.id).split_once(':')?.1.to_string(), w)))
        .collect();
    if added.is_empty() {
        return Ok(());
    }
    let clashes: Vec<String> = targets
        .iter()
        .filter(|t| t.object.as_ref().is_some_and(|o| o.source.is_none()))
        .filter_map(|t| Some(format!("{} ({})", t.id, added.get(&bare(&t.id))?.file)))
        .collect();
    let message = match clashes.as_slice() {
        [] => return Ok(()),
        [one] => format!("`{name}` is added to {one} by an overlay already"),
        many => format!(
            "`{name}` is added to {} targets by an overlay already: {}",
            many.len(),
            many.join(", ")
        ),
    };
    Err(Error::failed(format!("{message}; nothing was written")).with_hint(
        "leave them out, or take the overlay's operation out first: the overlay would render two",
    ))
}

/// Of the targets chosen for a new sidecar `name`, those it is added to. A workload a
/// kustomize overlay builds (`OVERLAY:ID`) that lacks `name` is left out when its base `ID` is
/// a target too, or is `except` (clone's source): the overlay renders the base's containers,
/// the new one included. One whose base is not can only get it from a new patch in its
/// overlay: the command is refused, naming them (SPEC §8.1); the hint gives them as the
/// targets of a command of their own, which writes that patch. One that has `name` already is
/// kept, for the command's conflict rules.
fn through_bases<'p>(
    targets: Vec<&'p Workload>,
    except: Option<&str>,
    name: &str,
) -> Result<Vec<&'p Workload>> {
    // An overlay's workload is `OVERLAY:ID`, its base `ID`.
    let base_of = |w: &'p Workload| -> Option<&'p str> {
        let from_patch = w.object.as_ref().is_some_and(|o| o.source.is_some());
        from_patch.then(|| w.id.split_once(':').map(|(_, base)| base))?
    };
    let ids: std::collections::HashSet<&str> = targets
        .iter()
        .map(|w| w.id.as_str())
        .chain(except)
        .collect();
    let mut kept = Vec::with_capacity(targets.len());
    let mut unreached: Vec<&str> = Vec::new();
    for w in targets {
        match base_of(w) {
            None => kept.push(w),
            Some(_) if w.sidecar(name).is_some() => kept.push(w),
            Some(base) if ids.contains(base) => {}
            Some(_) => unreached.push(w.id.as_str()),
        }
    }
    if unreached.is_empty() {
        return Ok(kept);
    }
    let mut named = (unreached.iter().take(5).copied())
        .collect::<Vec<_>>()
        .join(", ");
    if unreached.len() > 5 {
        named.push_str(&format!(" and {} more", unreached.len() - 5));
    }
    // Each as `OVERLAY:ID`, without the `FILE#` that tells two patches apart.
    let mut to: Vec<String> = (unreached.iter())
        .map(|id| id.rsplit_once('#').map_or(*id, |(_, id)| id).to_string())
        .collect();
    to.dedup();
    Err(Error::failed(format!(
        "{named}: built by a kustomize overlay from a workload these targets leave out; nothing was written"
    ))
    .with_hint(Hint::ToOverlays(to)))
}
