use clap::Args;
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::Result;
use sidecarctl::ops::create::{self, CreateOptions, ImageSpec, Source};
use sidecarctl::project::Project;

use super::filters::FilterArgs;
use crate::session::{Session, everything, lean, only, service_ids};
use crate::{changes, complete, prompt};

/// Add a new sidecar, from a docker image or a marketplace item, to one or more services
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl create envoy --image envoyproxy/envoy:v1.31.0 --to orders,payments --cpu 50m:200m --memory 64Mi:128Mi\n  sidecarctl create --from-marketplace fluent-bit --to orders\n  sidecarctl create logger --image example.org/logger:1.0.0 --without logger --namespace 'team-*'"
)]
pub(crate) struct CreateArgs {
    /// Sidecar name (with --from-marketplace, defaults to the item's container name)
    name: Option<String>,
    /// Docker image
    #[arg(
        long,
        value_name = "IMG",
        conflicts_with = "from_marketplace",
        help_heading = "Source"
    )]
    image: Option<String>,
    /// Marketplace item id
    #[arg(long, value_name = "ITEM", help_heading = "Source", add = ArgValueCandidates::new(complete::items))]
    from_marketplace: Option<String>,
    /// Target services (comma-separated; can be repeated)
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "SERVICE", add = ArgValueCandidates::new(complete::targets),
        conflicts_with = "all",
        help_heading = "Targets"
    )]
    to: Vec<String>,
    /// Every service of the project (implied by a filter without --to)
    #[arg(long, help_heading = "Targets")]
    all: bool,
    #[command(flatten)]
    filters: FilterArgs,
    /// CPU request and limit
    #[arg(long, value_name = "REQ[:LIM]", help_heading = "Container")]
    cpu: Option<String>,
    /// Memory request and limit
    #[arg(long, value_name = "REQ[:LIM]", help_heading = "Container")]
    memory: Option<String>,
    /// Environment variable (can be repeated)
    #[arg(long, value_name = "K=V", help_heading = "Container")]
    env: Vec<String>,
    /// Mount a project ConfigMap (can be repeated)
    #[arg(long, value_name = "NAME:PATH", help_heading = "Container")]
    config_map: Vec<String>,
    /// Mount a project secret (can be repeated)
    #[arg(long, value_name = "NAME:PATH", help_heading = "Container")]
    secret: Vec<String>,
    /// Container port (can be repeated)
    #[arg(
        long,
        value_name = "NAME:FROM[:TO][/PROTO]",
        help_heading = "Container"
    )]
    port: Vec<String>,
    /// Container argument (can be repeated)
    #[arg(
        long,
        value_name = "A",
        allow_hyphen_values = true,
        help_heading = "Container"
    )]
    arg: Vec<String>,
    /// Kubernetes: add a native sidecar (an init container with `restartPolicy: Always`)
    #[arg(long, help_heading = "Container")]
    native: bool,
}

pub(crate) fn run(s: &Session, a: CreateArgs) -> Result<u8> {
    let filters = a.filters.filters()?;
    // Filters without services choose among all of them.
    let all = a.all || (a.to.is_empty() && !filters.is_empty());
    if all && let Some(code) = every_filtered(s, &a, &filters) {
        return code;
    }
    // Named services are read alone, unless a target list must be checked against all.
    let load = match a.to.is_empty() || all || filters.targets_from.is_some() {
        true => everything(),
        false => only(a.to.clone()),
    };
    // Targets are chosen on a lean model and planned in batches: see `create_in_batches`.
    changes::run_taking(s, &lean(load), |owned| {
        let project = &owned;
        // What the sidecar is comes first, where it goes last: the targets offered are those
        // that have no container of its name.
        let item = match (&a.from_marketplace, &a.image) {
            (Some(item), _) => Some(item.clone()),
            (None, Some(_)) => None,
            (None, None) => s.required("--image IMG (or --from-marketplace ITEM)", || {
                ask_marketplace_item(project)
            })?,
        };
        let name = match (&a.name, &item) {
            (Some(name), _) => Some(name.clone()),
            (None, Some(_)) => None,
            (None, None) => Some(s.required("NAME", || {
                prompt::input_checked("Sidecar name", |v| {
                    sidecarctl::ops::plan::check_sidecar_name(v).map_err(|e| e.to_string())
                })
            })?),
        };
        let source = match (item, &a.image) {
            (Some(item), _) => Source::Marketplace(item),
            (None, Some(image)) => Source::Image(image_spec(&a, image.clone())),
            (None, None) => {
                let image = prompt::input_checked("Docker image", |v| {
                    sidecarctl::names::is_valid_image(v)
                        .then_some(())
                        .ok_or_else(|| format!("`{v}` is not an image reference"))
                })?;
                Source::Image(image_spec(&a, image))
            }
        };
        let to = if a.to.is_empty() && !all {
            s.required("--to S1,S2", || {
                let targets = match new_name(project, name.as_deref(), &source) {
                    Some(name) => sidecarctl::ops::plan::free_for(project, name, None),
                    None => service_ids(project),
                };
                prompt::multi_select("Add it to which services?", &targets)
            })?
        } else {
            a.to.clone()
        };
        create::create_in_batches(
            owned,
            &CreateOptions {
                name,
                source,
                to,
                placement: a.native.then_some(sidecarctl::format::Placement::Native),
                dry_run: s.g.dry_run,
                all,
                filters: filters.clone(),
            },
        )
    })
}

/// Every service narrowed by the filters, when nothing is left to ask: each file is planned as
/// the project is read (see `create_all`). `None` when something must be asked first.
fn every_filtered(
    s: &Session,
    a: &CreateArgs,
    filters: &sidecarctl::select::Filters,
) -> Option<Result<u8>> {
    let source = match (&a.from_marketplace, &a.image, &a.name) {
        (Some(item), ..) => Source::Marketplace(item.clone()),
        (None, Some(image), Some(_)) => Source::Image(image_spec(a, image.clone())),
        _ => return None,
    };
    let opts = CreateOptions {
        name: a.name.clone(),
        source,
        to: a.to.clone(),
        placement: a.native.then_some(sidecarctl::format::Placement::Native),
        dry_run: s.g.dry_run,
        all: true,
        filters: filters.clone(),
    };
    Some(changes::run_with(s, |root| create::create_all(root, &opts)))
}

/// On a terminal without `--image` or `--from-marketplace`: a marketplace item, or None for
/// an image (typed next). Nothing is asked when the project has no marketplace item.
fn ask_marketplace_item(project: &Project) -> Result<Option<String>> {
    if project.marketplace.is_empty() {
        return Ok(None);
    }
    let mut choices = vec!["a Docker image (typed next)".to_string()];
    choices.extend(project.marketplace.iter().map(|i| match &i.name {
        Some(name) if *name != i.item_id => format!("{} (marketplace item: {name})", i.item_id),
        _ => format!("{} (marketplace item)", i.item_id),
    }));
    let chosen = prompt::select("Create it from?", &choices)?;
    Ok(choices
        .iter()
        .position(|c| *c == chosen)
        .and_then(|i| i.checked_sub(1))
        .map(|i| project.marketplace[i].item_id.clone()))
}

/// The new sidecar's name: given, or the marketplace item's container name.
fn new_name<'a>(project: &'a Project, given: Option<&'a str>, source: &Source) -> Option<&'a str> {
    given.or_else(|| match source {
        Source::Marketplace(id) => project
            .marketplace
            .iter()
            .find(|i| i.item_id == *id)
            .and_then(|i| i.container_name()),
        Source::Image(_) => None,
    })
}

fn image_spec(a: &CreateArgs, image: String) -> ImageSpec {
    ImageSpec {
        image,
        cpu: a.cpu.clone(),
        memory: a.memory.clone(),
        env: a.env.clone(),
        config_maps: a.config_map.clone(),
        secrets: a.secret.clone(),
        ports: a.port.clone(),
        args: a.arg.clone(),
    }
}
