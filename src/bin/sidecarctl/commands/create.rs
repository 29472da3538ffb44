use clap::Args;
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::Result;
use sidecarctl::ops::create::{self, CreateOptions, ImageSpec, Source};

use crate::session::{Session, everything, lean, only, service_ids};
use crate::{changes, complete, prompt};

/// Add a new sidecar, from a docker image or a marketplace item, to one or more services
#[derive(Debug, Args)]
#[command(
    after_help = "Examples:\n  sidecarctl create envoy --image envoyproxy/envoy:v1.31.0 --to orders,payments --cpu 50m:200m --memory 64Mi:128Mi\n  sidecarctl create --from-marketplace fluent-bit --to orders"
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
        value_name = "SERVICE", add = ArgValueCandidates::new(complete::services),
        help_heading = "Targets"
    )]
    to: Vec<String>,
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
    let load = if a.to.is_empty() {
        everything()
    } else {
        only(a.to.clone())
    };
    // Targets are chosen on a lean model and planned in batches: see `create_in_batches`.
    changes::run_taking(s, &lean(load), |project| {
        let to = if a.to.is_empty() {
            s.required("--to S1,S2", || {
                prompt::multi_select("Add it to which services?", &service_ids(&project))
            })?
        } else {
            a.to.clone()
        };
        let source = match (&a.from_marketplace, &a.image) {
            (Some(item), _) => Source::Marketplace(item.clone()),
            (None, Some(image)) => Source::Image(image_spec(&a, image.clone())),
            (None, None) => {
                let image = s.required("--image IMG (or --from-marketplace ITEM)", || {
                    prompt::input("Docker image")
                })?;
                Source::Image(image_spec(&a, image))
            }
        };
        let name = match (&a.name, &source) {
            (None, Source::Image(_)) => Some(s.required("NAME", || prompt::input("Sidecar name"))?),
            _ => a.name.clone(),
        };
        create::create_in_batches(
            project,
            &CreateOptions {
                name,
                source,
                to,
                placement: a.native.then_some(sidecarctl::format::Placement::Native),
                dry_run: s.g.dry_run,
            },
        )
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
