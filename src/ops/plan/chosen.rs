//! Narrowing a command's targets by the filters of SPEC §7.1: they narrow `--all` and a list
//! of names alike, and a selection that keeps nothing is a failure naming them.

use crate::error::{Error, Result};
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

/// The targets of a command that adds a sidecar (create, clone): the services named, or with
/// `all` every service but `except` (clone's source), narrowed by the filters.
pub fn targets_of<'p>(
    project: &'p Project,
    named: &[String],
    all: bool,
    filters: &Filters,
    except: Option<&str>,
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
    narrow(list, selection.as_ref(), None)
}
