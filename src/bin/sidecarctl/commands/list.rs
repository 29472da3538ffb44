use std::sync::OnceLock;

use clap::Args;
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::ops::{
    self,
    list::{ListOptions, Selected, ServiceUses},
};
use sidecarctl::project::{LoadOptions, Project, Scan};
use sidecarctl::select::{Filters, Selection};
use sidecarctl::view::SidecarList;
use sidecarctl::{Error, Result, free};

use super::filters::FilterArgs;
use crate::cli::Format;
use crate::session::{Session, sorted};
use crate::{complete, render};

/// List every sidecar and the services using it
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl list\n  sidecarctl list -o wide --sidecar envoy\n  sidecarctl list -o json | jq '.sidecars[].name'\n  sidecarctl list --without logger   (the services that lack it, as `services --without logger`)"
)]
pub(crate) struct ListArgs {
    /// Only these services (comma-separated; can be repeated)
    #[arg(long, value_delimiter = ',', value_name = "SERVICE", add = ArgValueCandidates::new(complete::services))]
    #[arg(conflicts_with = "without")]
    service: Vec<String>,
    /// Only this sidecar
    #[arg(long, value_name = "NAME", conflicts_with = "without")]
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    sidecar: Option<String>,
    #[command(flatten)]
    filters: FilterArgs,
}

pub(crate) fn run(s: &Session, a: ListArgs) -> Result<u8> {
    let filters = a.filters.filters()?;
    // `list --without N` lists the services that lack N: it is `services --without N`.
    if !filters.without.is_empty() {
        let data = super::services::list(s, &filters)?;
        super::services::print(s, &data)?;
        free::beside(data);
        return Ok(0);
    }
    if s.g.output == Format::Name {
        return Err(Error::usage(
            "`--output name` prints service IDs: `list` prints them only with `--without`",
        )
        .with_hint("run `sidecarctl services -o name`"));
    }
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
    let selection = OnceLock::new();
    let check = |p: &Project| compile(&selection, &filters, p);
    let mut out = std::io::stdout().lock();
    // Tens of thousands of rows: freed beside the end of the process, which does not wait.
    if s.g.output == Format::Json {
        // Each row is rendered on the core that read it.
        let scan = Project::scan_checked(&root, &load, check, |_, svc| {
            read(&selection, &svc).map_rows(|row| render::json_row(&row))
        })?;
        let mut scan = kept(scan, &selection, &filters)?;
        ops::list::name_shared_ids(&scan.project, &mut scan.items, render::rename_json_row);
        let data = summarize(s, scan, &opts)?;
        render::list_json(&mut out, &data).map_err(Error::output)?;
        free::beside(data);
        return Ok(0);
    }
    let scan = Project::scan_checked(&root, &load, check, |_, svc| read(&selection, &svc))?;
    let mut scan = kept(scan, &selection, &filters)?;
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

/// The filters checked against the project's format, before any workload is read.
fn compile(selection: &OnceLock<Selection>, filters: &Filters, p: &Project) -> Result<()> {
    let compiled = filters.compile(p.format.traits())?;
    selection.get_or_init(|| compiled);
    Ok(())
}

fn read(
    selection: &OnceLock<Selection>,
    svc: &sidecarctl::model::Workload,
) -> Selected<sidecarctl::view::SidecarUse> {
    // Set by `compile`, before any workload is read.
    let selection = selection.get().expect("filters compiled before the scan");
    ops::list::selected(selection, svc)
}

/// The scan with the services the filters keep (the others without rows).
fn kept<R>(
    scan: Scan<Selected<R>>,
    selection: &OnceLock<Selection>,
    filters: &Filters,
) -> Result<Scan<ServiceUses<R>>> {
    let selection = selection.get().expect("filters compiled before the scan");
    let items = match scan.errors.is_empty() {
        true => {
            ops::list::keep_selected(&scan.project, scan.items, selection, !filters.is_empty())?
        }
        // The errors are reported first (`summarize`).
        false => scan.items.into_iter().map(|r| r.uses).collect(),
    };
    Ok(Scan {
        project: scan.project,
        items,
        errors: scan.errors,
    })
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
