use clap::Args;
use sidecarctl::ops;
use sidecarctl::project::{LoadOptions, Project};
use sidecarctl::select::{Filters, Selection};
use sidecarctl::view::ServiceList;
use sidecarctl::{Error, Result, free};

use super::filters::FilterArgs;
use crate::cli::Format;
use crate::render;
use crate::session::{Session, sorted};

/// List the services (IDs), narrowed by filters
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl services --without logger\n  sidecarctl services --namespace 'team-*' -l 'tier in (web,api)' -o name\n  sidecarctl services --with envoy -o name > targets.txt"
)]
pub(crate) struct ServicesArgs {
    #[command(flatten)]
    pub(crate) filters: FilterArgs,
}

pub(crate) fn run(s: &Session, a: ServicesArgs) -> Result<u8> {
    let filters = a.filters.filters()?;
    let data = list(s, &filters)?;
    free::beside(filters);
    print(s, &data)?;
    free::beside(data);
    Ok(0)
}

/// The services the filters keep, each summarized as it is read (the model is never held).
pub(crate) fn list(s: &Session, filters: &Filters) -> Result<ServiceList> {
    // Like `list`, `services` shows no problems: a Kubernetes project is read without its checks.
    let load = LoadOptions {
        skip_checks: true,
        ..LoadOptions::default()
    };
    let root = s.root()?;
    let selection: std::sync::OnceLock<Selection> = std::sync::OnceLock::new();
    let check = |p: &Project| {
        let compiled = filters.compile(p.format.traits())?;
        selection.get_or_init(|| compiled);
        Ok(())
    };
    let scan = Project::scan_checked(&root, &load, check, |_, w| {
        // Set by `check`, before any workload is read.
        let selection = selection.get().expect("filters compiled before the scan");
        ops::services::read(selection, &w)
    })?;
    if !scan.errors.is_empty() {
        return Err(Error::Load(sorted(scan.errors)));
    }
    s.warn_skipped(&scan.project.notes);
    let selection = selection
        .into_inner()
        .expect("filters compiled before the scan");
    let data = ops::services::services(&scan.project, scan.items, &selection, !filters.is_empty());
    // A list of ten thousand targets is freed beside the rest of the command.
    free::beside(selection);
    data
}

pub(crate) fn print(s: &Session, data: &ServiceList) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if !render::structured(&mut out, s.g.output, data).map_err(Error::output)? {
        render::services(&mut out, data, s.g.output == Format::Name).map_err(Error::output)?;
    }
    Ok(())
}
