use clap::Args;
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::Result;
use sidecarctl::ops::edit::{self, EditOptions, Given};

use super::filters::FilterArgs;
use super::targets;
use crate::session::{Session, only};
use crate::{changes, complete, prompt};

/// Change a sidecar's resources, image, variables, arguments and ports in some or all services
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl edit envoy --service orders --cpu-limit 300m\n  sidecarctl edit envoy --all --memory-request 64Mi --memory-limit 256Mi --dry-run\n  sidecarctl edit envoy --all --from-marketplace --dry-run\n  sidecarctl edit envoy --service orders --env LOG_LEVEL=debug --port admin:9901\n  sidecarctl edit envoy --namespace 'shop*' --if-image '*:v1.30.*' --image envoyproxy/envoy:v1.31.0"
)]
pub(crate) struct EditArgs {
    /// Sidecar name
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    sidecar: Option<String>,
    /// Services to change (comma-separated; can be repeated)
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "SERVICE", add = ArgValueCandidates::new(complete::holders),
        conflicts_with = "all",
        help_heading = "Targets"
    )]
    service: Vec<String>,
    /// Every service that has the sidecar (implied by a filter without --service)
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
    /// CPU request: `resources.requests.cpu` (Kubernetes), `cpuLimits.min` (Mia, Console)
    #[arg(long, value_name = "Q", help_heading = "Values")]
    cpu_request: Option<String>,
    /// CPU limit: `resources.limits.cpu` (Kubernetes), `cpuLimits.max` (Mia, Console)
    #[arg(long, value_name = "Q", help_heading = "Values")]
    cpu_limit: Option<String>,
    /// Memory request: `resources.requests.memory` (Kubernetes), `memoryLimits.min` (Mia,
    /// Console)
    #[arg(long, value_name = "Q", help_heading = "Values")]
    memory_request: Option<String>,
    /// Memory limit: `resources.limits.memory` (Kubernetes), `memoryLimits.max` (Mia,
    /// Console)
    #[arg(long, value_name = "Q", help_heading = "Values")]
    memory_limit: Option<String>,
    /// Container image
    #[arg(
        long,
        value_name = "IMG",
        conflicts_with = "from_marketplace",
        help_heading = "Values"
    )]
    image: Option<String>,
    /// Kubernetes: move the sidecar to `containers` (classic) or `initContainers` (native)
    #[arg(long, value_enum, help_heading = "Values")]
    placement: Option<PlacementArg>,
    /// Upgrade from a marketplace item (default: the sidecar's catalog item, whose
    /// `resources.name` is the sidecar's name): its image, and in Mia and Console projects
    /// `sourceMarketplaceItem`
    #[arg(long, value_name = "ITEM", num_args = 0..=1, help_heading = "Upgrade", add = ArgValueCandidates::new(complete::items))]
    from_marketplace: Option<Option<String>>,
    /// With --from-marketplace: take the item's default resources too (else they are kept)
    #[arg(long, requires = "from_marketplace", help_heading = "Upgrade")]
    reset_resources: bool,
    /// Set an environment variable, added when missing (can be repeated)
    #[arg(long, value_name = "K=V", help_heading = "Lists")]
    env: Vec<String>,
    /// Remove an environment variable (can be repeated)
    #[arg(long, value_name = "K", help_heading = "Lists")]
    unset_env: Vec<String>,
    /// With --env: also replace a variable that takes its value from elsewhere (`valueFrom`,
    /// a `valueType` other than `plain`)
    #[arg(long, requires = "env", help_heading = "Lists")]
    force: bool,
    /// The arguments: the whole list is replaced by those given (can be repeated)
    #[arg(
        long,
        value_name = "A",
        allow_hyphen_values = true,
        help_heading = "Lists"
    )]
    arg: Vec<String>,
    /// Add a port, or replace the port of that name (can be repeated)
    #[arg(long, value_name = "NAME:PORT[:TO][/PROTO]", help_heading = "Lists")]
    port: Vec<String>,
    /// Remove the port of that name (can be repeated)
    #[arg(long, value_name = "NAME", help_heading = "Lists")]
    unset_port: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum PlacementArg {
    /// In `containers`
    Classic,
    /// In `initContainers` with `restartPolicy: Always` (Kubernetes 1.33+)
    Native,
}

pub(crate) fn run(s: &Session, mut a: EditArgs) -> Result<u8> {
    let mut filters = a.filters.filters()?;
    filters.if_image = a.if_image.take();
    // Filters without services choose among all of them.
    let all = a.all || (a.service.is_empty() && !filters.is_empty());
    super::skip_needs_all(a.skip_unreadable, all)?;
    let sidecar = s.pick(
        a.sidecar.take(),
        "sidecar",
        "sidecarctl edit envoy --all --cpu-limit 300m",
        || s.sidecar_choices(true, &filters),
    )?;
    if [
        &a.cpu_request,
        &a.cpu_limit,
        &a.memory_request,
        &a.memory_limit,
        &a.image,
    ]
    .iter()
    .all(|v| v.is_none())
        && a.placement.is_none()
        && !lists_given(&a)
        && s.interactive()
    {
        // A format that takes quantities in its own units only (the Console's): asked again,
        // not refused at the end. (Nothing loads when the project does not; the command then
        // says why.)
        let own_units = s
            .root()
            .and_then(|root| sidecarctl::project::Project::load_with(&root, &only(Vec::new())))
            .is_ok_and(|p| p.format.traits().console_units);
        ask_values(&mut a, own_units)?;
    }
    let opts = EditOptions {
        sidecar: sidecar.clone(),
        cpu_request: a.cpu_request.clone(),
        cpu_limit: a.cpu_limit.clone(),
        memory_request: a.memory_request.clone(),
        memory_limit: a.memory_limit.clone(),
        image: a.image.clone(),
        placement: a.placement.map(|p| match p {
            PlacementArg::Classic => sidecarctl::format::Placement::Classic,
            PlacementArg::Native => sidecarctl::format::Placement::Native,
        }),
        dry_run: s.g.dry_run,
        skip_unreadable: a.skip_unreadable,
        env: a.env.clone(),
        unset_env: a.unset_env.clone(),
        args: a.arg.clone(),
        ports: a.port.clone(),
        unset_ports: a.unset_port.clone(),
        force: a.force,
        from_marketplace: a.from_marketplace.clone(),
        reset_resources: a.reset_resources,
        filters,
    };
    // Without targets, they are chosen among the services that have the sidecar.
    let choose =
        |project: &sidecarctl::project::Project| targets(s, project, &sidecar, all, &a.service);
    let given = if all {
        Given::All
    } else if !a.service.is_empty() {
        Given::Named(a.service.clone())
    } else {
        Given::Chosen(&choose)
    };
    changes::run_with(s, |root| edit::edit(root, &opts, given))
}

/// Whether a change other than the values asked for below is given.
fn lists_given(a: &EditArgs) -> bool {
    a.from_marketplace.is_some()
        || !(a.env.is_empty()
            && a.unset_env.is_empty()
            && a.arg.is_empty()
            && a.port.is_empty()
            && a.unset_port.is_empty())
}

/// On a terminal, `edit` without values asks which ones to change, then each value.
fn ask_values(a: &mut EditArgs, console: bool) -> Result<()> {
    let names = [
        "cpu request",
        "cpu limit",
        "memory request",
        "memory limit",
        "image",
    ]
    .map(String::from);
    let chosen = prompt::multi_select("Change which values? (space selects)", &names)?;
    for name in chosen {
        // A malformed value is asked again, not refused after every question was answered.
        let check = |v: &str| {
            if name == "image" {
                sidecarctl::names::is_valid_image(v)
                    .then_some(())
                    .ok_or_else(|| format!("`{v}` is not an image reference"))
            } else if console {
                use sidecarctl::quantity::{self, Resource};
                let r = if name.starts_with("cpu") {
                    Resource::Cpu
                } else {
                    Resource::Memory
                };
                (!v.is_empty() && quantity::console_accepts(v, r))
                    .then_some(())
                    .ok_or_else(|| quantity::console_error(v, r))
            } else {
                sidecarctl::quantity::parse_resource(v)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
        };
        let value = Some(prompt::input_checked(&format!("New {name}"), check)?);
        match name.as_str() {
            "cpu request" => a.cpu_request = value,
            "cpu limit" => a.cpu_limit = value,
            "memory request" => a.memory_request = value,
            "memory limit" => a.memory_limit = value,
            _ => a.image = value,
        }
    }
    Ok(())
}
