use clap::Args;
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::ops::{
    self,
    list::{ListOptions, ServiceUses},
};
use sidecarctl::project::{LoadOptions, Project, Scan};
use sidecarctl::view::SidecarList;
use sidecarctl::{Error, Result, free};

use crate::cli::Format;
use crate::session::{Session, sorted};
use crate::{complete, render};

/// List every sidecar and the services using it
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl list\n  sidecarctl list -o wide --sidecar envoy\n  sidecarctl list -o json | jq '.sidecars[].name'"
)]
pub(crate) struct ListArgs {
    /// Only these services (comma-separated; can be repeated)
    #[arg(long, value_delimiter = ',', value_name = "SERVICE", add = ArgValueCandidates::new(complete::services))]
    service: Vec<String>,
    /// Only this sidecar
    #[arg(long, value_name = "NAME")]
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    sidecar: Option<String>,
}

pub(crate) fn run(s: &Session, a: ListArgs) -> Result<u8> {
    // Each service is summarized as it is read; the whole model is never held.
    // `list` shows no problems: a Kubernetes project is read without validating it.
    let load = LoadOptions {
        skip_checks: true,
        ..LoadOptions::default()
    };
    let opts = ListOptions {
        services: a.service,
        sidecar: a.sidecar,
    };
    let root = s.root()?;
    let mut out = std::io::stdout().lock();
    // Tens of thousands of rows: freed beside the end of the process, which does not wait.
    if s.g.output == Format::Json {
        // Each row is rendered on the core that read it.
        let mut scan = Project::scan(&root, &load, |_, svc| {
            ops::list::uses(&svc).map_rows(|row| render::json_row(&row))
        })?;
        ops::list::name_shared_ids(&scan.project, &mut scan.items, render::rename_json_row);
        let data = summarize(s, scan, &opts)?;
        render::list_json(&mut out, &data).map_err(Error::output)?;
        free::beside(data);
        return Ok(0);
    }
    let mut scan = Project::scan(&root, &load, |_, svc| ops::list::uses(&svc))?;
    ops::list::name_shared_ids(&scan.project, &mut scan.items, |row, _, new| {
        row.service = new.to_string();
    });
    let data = summarize(s, scan, &opts)?;
    if !render::structured(&mut out, s.g.output, &data).map_err(Error::output)? {
        render::list(&mut out, &data, s.g.output == Format::Wide).map_err(Error::output)?;
    }
    free::beside(data);
    Ok(0)
}

fn summarize<R>(
    s: &Session,
    scan: Scan<ServiceUses<R>>,
    opts: &ListOptions,
) -> Result<SidecarList<R>> {
    if !scan.errors.is_empty() {
        return Err(Error::Load(sorted(scan.errors)));
    }
    s.warn_skipped(&scan.project.notes);
    ops::list::summarize(&scan.project, scan.items, opts)
}
