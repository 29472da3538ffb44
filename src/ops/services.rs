//! `services`: the services themselves (SPEC §7.1), narrowed by the filters, one row each. It
//! reads as `list` does: each workload is summarized as it is read and dropped.

use crate::error::Result;
use crate::model::Workload;
use crate::project::Project;
use crate::select::Selection;
use crate::view::{ServiceList, ServiceRow};

/// What a scan keeps of one workload: its row when the selection keeps it, and the entries of
/// the list of targets that name it.
pub struct Read {
    row: Option<ServiceRow>,
    hits: Vec<u32>,
}

/// The part of `services` that runs on the core reading `w`.
pub fn read(selection: &Selection, w: &Workload) -> Read {
    let (kept, hits) = selection.keeps_with_hits(w);
    Read {
        row: kept.then(|| ServiceRow::of(w)),
        hits,
    }
}

/// The list from the scan's reads, given in ID order. A list of targets naming no service is
/// refused; a selection that keeps nothing is `no_match` when filters were given (an empty
/// project lists nothing).
pub fn services(
    project: &Project,
    reads: Vec<Read>,
    selection: &Selection,
    filtered: bool,
) -> Result<ServiceList> {
    let hits = reads.iter().flat_map(|r| r.hits.iter().copied());
    selection.unknown_targets_after(project, hits)?;
    let mut services: Vec<ServiceRow> = reads.into_iter().filter_map(|r| r.row).collect();
    if services.is_empty() && filtered {
        return Err(selection.no_match());
    }
    // A copy of an ID several workloads share is named `FILE#ID`, as everywhere.
    for row in &mut services {
        let id = project.display_id(&row.file, &row.service);
        row.service = id;
    }
    Ok(ServiceList { services })
}
