use std::io::Write;

use clap::Args;
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::ops::{self, show::ShowTarget};
use sidecarctl::{Error, Result};

use super::filters::FilterArgs;
use crate::session::{Session, mentioning, only};
use crate::{complete, prompt, render};

/// Show the full configuration of one sidecar in one service
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl show envoy --service orders\n  sidecarctl show envoy --service orders --raw"
)]
pub(crate) struct ShowArgs {
    /// Sidecar name (asked for on a terminal when missing)
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    sidecar: Option<String>,
    /// Service holding it (needed when several services have it)
    #[arg(long, value_name = "SERVICE", add = ArgValueCandidates::new(complete::holders))]
    service: Option<String>,
    /// Print the entry's text exactly as it stands in the file
    #[arg(long)]
    raw: bool,
    #[command(flatten)]
    filters: FilterArgs,
}

pub(crate) fn run(s: &Session, a: ShowArgs) -> Result<u8> {
    let filters = a.filters.filters()?;
    let sidecar = s.pick(
        a.sidecar,
        "sidecar",
        "sidecarctl show envoy --service orders",
        || s.sidecar_choices(false, &filters),
    )?;
    // With a service named, only that file is read (unless a target list must be checked
    // against every service); otherwise only files that mention the sidecar keep their text.
    let opts = match &a.service {
        Some(svc) if filters.targets_from.is_none() => only([svc.clone()]),
        _ => mentioning(&sidecar),
    };
    let project = s.load_with(&opts)?;
    let view = match ops::show::show(&project, &sidecar, a.service.as_deref(), &filters)? {
        ShowTarget::Found(v) => v,
        ShowTarget::Ambiguous(services) => {
            if !s.interactive() {
                return Err(Error::usage(format!(
                    "sidecar `{}` is in several services: {}",
                    sidecar,
                    services.join(", ")
                ))
                .with_hint(format!("pass `--service {}`", services[0])));
            }
            let pick = prompt::select(&format!("Which service's `{sidecar}`?"), &services)?;
            match ops::show::show(&project, &sidecar, Some(&pick), &filters)? {
                ShowTarget::Found(v) => v,
                ShowTarget::Ambiguous(_) => unreachable!("a named service is never ambiguous"),
            }
        }
    };
    let mut out = std::io::stdout().lock();
    if a.raw {
        write!(out, "{}", view.raw).map_err(Error::output)?;
    } else if !render::structured(&mut out, s.g.output, &view).map_err(Error::output)? {
        let special = view
            .managed_by
            .as_ref()
            .map_or(String::new(), |m| format!(" (special: managed by {m})"));
        writeln!(
            out,
            "Sidecar {} in service {} ({}){special}",
            view.sidecar, view.service, view.file
        )
        .map_err(Error::output)?;
        let mut body = sidecarctl::yaml::emit::to_string(&view.container);
        body = body.lines().map(|l| format!("  {l}\n")).collect();
        write!(out, "{body}").map_err(Error::output)?;
        if let Some(set) = &view.image_set {
            writeln!(out, "  # {set}").map_err(Error::output)?;
        }
    }
    Ok(0)
}
