use std::io::Write;

use clap::Args;
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::ops;
use sidecarctl::{Error, Result};

use super::filters::FilterArgs;
use crate::cli::Format;
use crate::session::{Session, sorted};
use crate::{complete, render};

/// Show each sidecar's images in use, newest first, against its catalog item
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl drift\n  sidecarctl drift envoy -o wide\n  sidecarctl drift --fail-on-drift\n  sidecarctl drift envoy --namespace 'team-*' -l tier=web\n  sidecarctl drift envoy -o json | jq '.sidecars[0].images[].image'"
)]
pub(crate) struct DriftArgs {
    /// Only these sidecars (every sidecar in use when none is given)
    #[arg(value_name = "SIDECAR", add = ArgValueCandidates::new(complete::sidecars))]
    sidecars: Vec<String>,
    /// Exit 1 when a sidecar listed drifted: more than one image in use, or one that is not
    /// its catalog item's
    #[arg(long)]
    fail_on_drift: bool,
    #[command(flatten)]
    filters: FilterArgs,
}

pub(crate) fn run(s: &Session, a: DriftArgs) -> Result<u8> {
    // Each service is summarized as it is read, as `list` does; the model is never held whole.
    let filters = a.filters.filters()?;
    let root = s.root()?;
    let scan = ops::drift::scan(&root, &filters)?;
    if !scan.errors.is_empty() {
        return Err(Error::Load(sorted(scan.errors)));
    }
    s.warn_skipped(&scan.project.notes);
    let filtered = !filters.is_empty();
    let data = ops::drift::drift(&scan.project, scan.items, &a.sidecars, filtered)?;
    let mut out = std::io::stdout().lock();
    if !render::structured(&mut out, s.g.output, &data).map_err(Error::output)? {
        render::drift(&mut out, &data, s.g.output == Format::Wide).map_err(Error::output)?;
    }
    if !(a.fail_on_drift && data.drifted()) {
        return Ok(0);
    }
    // The report is out; one line says why the exit code is 1.
    let drifted: Vec<&str> = data
        .sidecars
        .iter()
        .filter(|d| d.drifted)
        .map(|d| d.name.as_str())
        .collect();
    let what = if drifted.len() == 1 {
        "sidecar"
    } else {
        "sidecars"
    };
    let _ = writeln!(
        std::io::stderr(),
        "error: {} {what} drifted: {}",
        drifted.len(),
        drifted.join(", ")
    );
    Ok(1)
}
