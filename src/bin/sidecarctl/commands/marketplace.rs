use std::io::Write;

use clap::{Args, Subcommand};
use clap_complete::engine::ArgValueCandidates;
use sidecarctl::ops::marketplace::{self, PublishOptions};
use sidecarctl::{Error, Result};

use crate::session::{Session, mentioning, only};
use crate::{changes, complete, prompt, render};

/// The sidecar items of the project's marketplace folder
#[derive(Debug, Subcommand)]
pub(crate) enum MarketplaceCommand {
    /// List the marketplace items
    #[command(
        after_help = "Examples:\n  sidecarctl marketplace list\n  sidecarctl marketplace list -o json"
    )]
    List,
    /// Show one marketplace item
    #[command(after_help = "Examples:\n  sidecarctl marketplace show fluent-bit")]
    Show {
        /// Item id
        #[arg(add = ArgValueCandidates::new(complete::items))]
        item: String,
    },
    /// Write a marketplace item built from a service's sidecar
    #[command(
        after_help = "Examples:\n  sidecarctl marketplace publish envoy --service orders --item-id envoy-proxy --tenant-id acme"
    )]
    Publish(PublishArgs),
}

impl MarketplaceCommand {
    /// Whether the command writes files: `publish` does.
    pub(crate) fn changes_files(&self) -> bool {
        matches!(self, Self::Publish(_))
    }
}

#[derive(Debug, Args)]
pub(crate) struct PublishArgs {
    /// Sidecar name
    #[arg(add = ArgValueCandidates::new(complete::sidecars))]
    sidecar: String,
    /// Service whose sidecar is published
    #[arg(long, value_name = "SERVICE", add = ArgValueCandidates::new(complete::services))]
    service: Option<String>,
    /// Item id (default: the sidecar name)
    #[arg(long, value_name = "ID")]
    item_id: Option<String>,
    /// Tenant id (default: the sidecar's marketplace tenant, else the project name)
    #[arg(long, value_name = "T")]
    tenant_id: Option<String>,
}

pub(crate) fn run(s: &Session, c: MarketplaceCommand) -> Result<u8> {
    match c {
        MarketplaceCommand::List => list(s),
        MarketplaceCommand::Show { item } => show(s, &item),
        MarketplaceCommand::Publish(a) => publish(s, a),
    }
}

fn list(s: &Session) -> Result<u8> {
    let data = marketplace::list(&s.load()?);
    let mut out = std::io::stdout().lock();
    if !render::structured(&mut out, s.g.output, &data).map_err(Error::output)? {
        let mut t = render::table(&["ITEM", "NAME", "CONTAINER", "IMAGE", "TENANT", "FILE"]);
        for i in &data.items {
            let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
            t.add_row(vec![
                i.item_id.clone(),
                dash(&i.name),
                dash(&i.container_name),
                dash(&i.docker_image),
                dash(&i.tenant_id),
                i.file.clone(),
            ]);
        }
        if data.items.is_empty() {
            writeln!(out, "No marketplace items found.").map_err(Error::output)?;
        } else {
            writeln!(out, "{}", render::trim(&t)).map_err(Error::output)?;
        }
    }
    Ok(0)
}

fn show(s: &Session, item: &str) -> Result<u8> {
    let view = marketplace::show(&s.load()?, item)?;
    let mut out = std::io::stdout().lock();
    if !render::structured(&mut out, s.g.output, &view).map_err(Error::output)? {
        writeln!(out, "Marketplace item {} ({})", view.item_id, view.file)
            .map_err(Error::output)?;
        write!(out, "{}", sidecarctl::yaml::emit::to_string(&view.item)).map_err(Error::output)?;
    }
    Ok(0)
}

fn publish(s: &Session, a: PublishArgs) -> Result<u8> {
    let load = match &a.service {
        Some(svc) => only([svc.clone()]),
        None => mentioning(&a.sidecar),
    };
    changes::run(s, &load, |project| {
        let service = match a.service {
            Some(svc) => svc,
            None => {
                let users: Vec<String> = project
                    .users_of(&a.sidecar)
                    .iter()
                    .map(|s| s.id.clone())
                    .collect();
                match users.as_slice() {
                    [one] => one.clone(),
                    _ => s.required("--service SERVICE", || {
                        prompt::select("Publish from which service?", &users)
                    })?,
                }
            }
        };
        marketplace::publish(
            project,
            &PublishOptions {
                sidecar: a.sidecar,
                service,
                item_id: a.item_id,
                tenant_id: a.tenant_id,
                dry_run: s.g.dry_run,
            },
        )
    })
}
