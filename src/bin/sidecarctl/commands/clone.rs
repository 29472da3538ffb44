use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::format::Placement;
use sidecarctl::ops::clone::{self, CloneOptions, OnConflict};
use sidecarctl::ops::plan;
use sidecarctl::project::Project;
use sidecarctl::{Error, Result};

use super::filters::FilterArgs;
use crate::session::{Session, everything, lean, only, service_ids};
use crate::{changes, complete, prompt};

/// Copy a service's sidecar entry into other services
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl clone --from svc-a --to svc-b,svc-c\n  sidecarctl clone envoy --from orders --to cart --on-conflict replace --dry-run"
)]
pub(crate) struct CloneArgs {
    /// Sidecar name (default: the source's only non-special sidecar)
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    sidecar: Option<String>,
    /// Source service
    #[arg(long, value_name = "SERVICE", add = ArgValueCandidates::new(complete::holders))]
    from: Option<String>,
    /// Target services (comma-separated; can be repeated)
    #[arg(long, value_delimiter = ',', value_name = "SERVICE", add = ArgValueCandidates::new(complete::targets), conflicts_with = "all", help_heading = "Targets")]
    to: Vec<String>,
    /// Every other service (implied by a filter without --to)
    #[arg(long, help_heading = "Targets")]
    all: bool,
    #[command(flatten)]
    filters: FilterArgs,
    /// What to do when a target already has a container of that name
    #[arg(long, value_enum, default_value_t = Conflict(OnConflict::Fail))]
    on_conflict: Conflict,
    /// Kubernetes: make the copy a native sidecar
    #[arg(long, conflicts_with = "classic")]
    native: bool,
    /// Kubernetes: make the copy a classic sidecar
    #[arg(long)]
    classic: bool,
}

/// The library's [`OnConflict`] as a flag value: its names and help on the command line.
#[derive(Debug, Clone, Copy)]
struct Conflict(OnConflict);

impl ValueEnum for Conflict {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            Self(OnConflict::Fail),
            Self(OnConflict::Skip),
            Self(OnConflict::Replace),
        ]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self.0 {
            OnConflict::Fail => PossibleValue::new("fail").help("Change nothing at all"),
            OnConflict::Skip => {
                PossibleValue::new("skip").help("Leave that target as it is and report it")
            }
            OnConflict::Replace => {
                PossibleValue::new("replace").help("Overwrite the target's entry in place")
            }
        })
    }
}

pub(crate) fn run(s: &Session, a: CloneArgs) -> Result<u8> {
    let filters = a.filters.filters()?;
    // Filters without services choose among all of them.
    let all = a.all || (a.to.is_empty() && !filters.is_empty());
    // Named services are read alone, unless a target list must be checked against all.
    let load = match &a.from {
        Some(from) if !a.to.is_empty() && !all && filters.targets_from.is_none() => {
            only(a.to.iter().cloned().chain([from.clone()]))
        }
        _ => everything(),
    };
    // Targets are chosen on a lean model and planned in batches: see `clone_in_batches`.
    changes::run_taking(s, &lean(load), |owned| {
        let project = &owned;
        let from = source(s, &a, project)?;
        let sidecar = sidecar(s, &a, project, &from)?;
        let to = match all {
            true => Vec::new(),
            false => targets(s, &a, project, &from, &sidecar)?,
        };
        clone::clone_in_batches(
            owned,
            &CloneOptions {
                sidecar,
                from,
                to,
                on_conflict: a.on_conflict.0,
                placement: match (a.native, a.classic) {
                    (true, _) => Some(Placement::Native),
                    (_, true) => Some(Placement::Classic),
                    _ => None,
                },
                dry_run: s.g.dry_run,
                all,
                filters: filters.clone(),
            },
        )
    })
}

/// The service to clone from: `--from`, or asked among those that have something to clone.
fn source(s: &Session, a: &CloneArgs, project: &Project) -> Result<String> {
    match &a.from {
        Some(f) => Ok(f.clone()),
        None => s.required("--from SERVICE", || {
            // Only a service that has something to clone.
            let sources = clone::sources(project, a.sidecar.as_deref());
            if sources.is_empty() {
                return Err(match &a.sidecar {
                    Some(name) => plan::not_in_any_service(project, name),
                    None => Error::failed("no service has a sidecar that can be cloned"),
                });
            }
            prompt::select("Clone from which service?", &sources)
        }),
    }
}

/// The sidecar to clone: the one named, the source's only candidate, or asked.
fn sidecar(s: &Session, a: &CloneArgs, project: &Project, from: &str) -> Result<String> {
    if let Some(n) = &a.sidecar {
        return Ok(n.clone());
    }
    let list = clone::candidates(project, from)?;
    match list.as_slice() {
        [one] => Ok(one.clone()),
        _ if s.interactive() => prompt::select(&format!("Which sidecar of `{from}`?"), &list),
        _ => Err(Error::usage(format!(
            "service `{from}` has several sidecars: {}",
            list.join(", ")
        ))
        .with_hint(format!(
            "name one: sidecarctl clone {} --from {from} --to …",
            list[0]
        ))),
    }
}

/// The services to clone into: `--to`, or asked among those the clone can change.
fn targets(
    s: &Session,
    a: &CloneArgs,
    project: &Project,
    from: &str,
    sidecar: &str,
) -> Result<Vec<String>> {
    if !a.to.is_empty() {
        return Ok(a.to.clone());
    }
    s.required("--to S1,S2", || {
        // A target that has the sidecar already would be refused or skipped; only
        // `--on-conflict replace` has something to do there.
        let targets: Vec<String> = match a.on_conflict.0 {
            OnConflict::Replace => service_ids(project)
                .into_iter()
                .filter(|id| *id != from)
                .collect(),
            _ => plan::free_for(project, sidecar, Some(from)),
        };
        if targets.is_empty() {
            return Err(Error::failed(format!(
                "every other service already has `{sidecar}`; nothing was changed"
            ))
            .with_hint(format!(
                "pass `--on-conflict replace` to overwrite their `{sidecar}`"
            )));
        }
        prompt::multi_select("Clone into which services?", &targets)
    })
}
