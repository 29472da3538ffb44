use clap::Args;
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::ops::delete::{self, DeleteOptions};
use sidecarctl::{Error, Result};

use super::filters::FilterArgs;
use super::targets;
use crate::session::{Session, lean, mentioning};
use crate::{changes, complete, prompt};

/// Remove a sidecar from some services, or from the whole project
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl delete envoy --service cart --yes\n  sidecarctl delete envoy --all --dry-run"
)]
pub(crate) struct DeleteArgs {
    /// Sidecar name
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    sidecar: Option<String>,
    /// Services to remove it from (comma-separated; can be repeated)
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "SERVICE", add = ArgValueCandidates::new(complete::holders),
        conflicts_with = "all",
        help_heading = "Targets"
    )]
    service: Vec<String>,
    /// Every service: removes the sidecar from the project (with filters: from those they
    /// keep; implied by a filter without --service)
    #[arg(long, help_heading = "Targets")]
    all: bool,
    #[command(flatten)]
    filters: FilterArgs,
    /// Only where the sidecar's current image matches the glob (e.g. `*:v1.30.*`)
    #[arg(long, value_name = "GLOB", help_heading = "Targets")]
    if_image: Option<String>,
    /// With --all (or filters without --service): when a file that names the sidecar cannot be
    /// read (a template, a syntax error), change the rest and report it as skipped instead of
    /// refusing
    #[arg(long, help_heading = "Targets")]
    skip_unreadable: bool,
    /// Keep a patch left with nothing to change (its file stays, named in its kustomization)
    /// instead of deleting it and its entry
    #[arg(long, help_heading = "Kustomize")]
    keep_empty_patches: bool,
}

pub(crate) fn run(s: &Session, a: DeleteArgs) -> Result<u8> {
    let mut filters = a.filters.filters()?;
    filters.if_image = a.if_image;
    // Filters without services choose among all of them.
    let all = a.all || (a.service.is_empty() && !filters.is_empty());
    super::skip_needs_all(a.skip_unreadable, all)?;
    let sidecar = s.pick(
        a.sidecar,
        "sidecar",
        "sidecarctl delete envoy --service cart --yes",
        || s.sidecar_choices(true, &filters),
    )?;
    // Every service is read: whether this removes the sidecar from the project depends on all.
    // Targets are chosen on a lean model and planned in batches: see `delete_in_batches`.
    changes::run_taking(s, &lean(mentioning(&sidecar)), |project| {
        let targets = Some(targets(s, &project, &sidecar, all, &a.service)?);
        let opts = DeleteOptions {
            sidecar: sidecar.clone(),
            targets,
            dry_run: s.g.dry_run,
            skip_unreadable: a.skip_unreadable,
            filters: filters.clone(),
            keep_empty_patches: a.keep_empty_patches,
        };
        let (services, last) = delete::preview(&project, &opts)?;
        if !s.g.yes && !s.g.dry_run {
            let warning = if last {
                format!(" This removes `{sidecar}` from the project.")
            } else {
                String::new()
            };
            let question = format!(
                "Delete sidecar `{sidecar}` from {}?{warning}",
                services.join(", ")
            );
            if !s.interactive() {
                return Err(Error::usage(format!(
                    "refusing to delete `{sidecar}` without confirmation"
                ))
                .with_hint("pass --yes to confirm, or --dry-run to see what would change"));
            }
            if !prompt::confirm(&question)? {
                return Err(Error::failed("cancelled; nothing was changed"));
            }
        }
        delete::delete_in_batches(project, &opts)
    })
}
