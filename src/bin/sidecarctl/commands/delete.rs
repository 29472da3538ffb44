use clap::Args;
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::ops::delete::{self, DeleteOptions};
use sidecarctl::{Error, Result};

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
        value_name = "SERVICE", add = ArgValueCandidates::new(complete::services),
        conflicts_with = "all"
    )]
    service: Vec<String>,
    /// Every service: removes the sidecar from the project
    #[arg(long)]
    all: bool,
    /// With --all: when a file that names the sidecar cannot be read (a template, a syntax
    /// error), change the rest and report it as skipped instead of refusing
    #[arg(long, requires = "all")]
    skip_unreadable: bool,
}

pub(crate) fn run(s: &Session, a: DeleteArgs) -> Result<u8> {
    let sidecar = s.pick(
        a.sidecar,
        "sidecar",
        "sidecarctl delete envoy --service cart --yes",
        || s.sidecar_choices(true),
    )?;
    // Every service is read: whether this removes the sidecar from the project depends on all.
    // Targets are chosen on a lean model and planned in batches: see `delete_in_batches`.
    changes::run_taking(s, &lean(mentioning(&sidecar)), |project| {
        let targets = Some(targets(s, &project, &sidecar, a.all, &a.service)?);
        let opts = DeleteOptions {
            sidecar: sidecar.clone(),
            targets,
            dry_run: s.g.dry_run,
            skip_unreadable: a.skip_unreadable,
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
