//! `marketplace list | show | publish`.

use sidecarctl::Result;
use sidecarctl::ops::marketplace::{self, PublishOptions};
use sidecarctl::project::{Documents, LoadOptions};

use crate::cli::MarketplaceCommand;
use crate::mutate::{required, run};
use crate::session::{Session, io};
use crate::{prompt, render};

pub fn exec(s: &Session, c: MarketplaceCommand) -> Result<u8> {
    match c {
        MarketplaceCommand::List => {
            let data = marketplace::list(&s.load()?);
            let mut out = std::io::stdout().lock();
            if !render::structured(&mut out, s.g.output, &data).map_err(io)? {
                let mut t =
                    render::table(&["ITEM", "NAME", "CONTAINER", "IMAGE", "TENANT", "FILE"]);
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
                use std::io::Write;
                if data.items.is_empty() {
                    writeln!(out, "No marketplace items found.").map_err(io)?;
                } else {
                    writeln!(out, "{}", render::trim(&t)).map_err(io)?;
                }
            }
            Ok(0)
        }
        MarketplaceCommand::Show { item } => {
            let view = marketplace::show(&s.load()?, &item)?;
            let mut out = std::io::stdout().lock();
            if !render::structured(&mut out, s.g.output, &view).map_err(io)? {
                use std::io::Write;
                writeln!(out, "Marketplace item {} ({})", view.item_id, view.file).map_err(io)?;
                write!(out, "{}", sidecarctl::yaml::emit::to_string(&view.item)).map_err(io)?;
            }
            Ok(0)
        }
        MarketplaceCommand::Publish(a) => {
            let load = match &a.service {
                Some(svc) => LoadOptions {
                    only: Some(vec![svc.clone()]),
                    documents: Documents::All,
                },
                None => LoadOptions {
                    only: None,
                    documents: Documents::Mentioning(a.sidecar.clone()),
                },
            };
            run(s, load, |project| {
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
                            _ => required(s, "--service SERVICE", || {
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
    }
}
