//! The commands that change files: gather their options (asking when allowed), plan the change,
//! then print its diff or write it and report.

use std::io::Write;

use sidecarctl::format::Placement;
use sidecarctl::change::{self, ChangeSet};
use sidecarctl::ops::clone::{self, CloneOptions};
use sidecarctl::ops::create::{self, CreateOptions, ImageSpec, Source};
use sidecarctl::ops::delete::{self, DeleteOptions};
use sidecarctl::ops::edit::{self, EditOptions};
use sidecarctl::ops::plan::Targets;
use sidecarctl::project::{Documents, LoadOptions, Project};
use sidecarctl::{Error, Result};

use crate::cli::{self, CloneArgs, CreateArgs, DeleteArgs, EditArgs, Format};
use crate::session::{Session, io};
use crate::{color, progress, prompt, render};

/// Locks the project, loads it, plans with `plan`, then shows or writes the result.
pub fn run(
    s: &Session,
    load: LoadOptions,
    plan: impl FnOnce(&Project) -> Result<ChangeSet>,
) -> Result<u8> {
    run_with(s, |root| {
        let project = Project::load_with(root, &load)?;
        let mut set = plan(&project)?;
        set.notes = project.notes;
        Ok(set)
    })
}

/// Locks the project, lets `plan` load what it needs and plan, then shows or writes the result.
pub fn run_with(
    s: &Session,
    plan: impl FnOnce(&std::path::Path) -> Result<ChangeSet>,
) -> Result<u8> {
    let root = s.root()?;
    let dir = sidecarctl::project::dir_of(&root);
    let _lock = change::lock(&dir)?;
    let set = plan(&root)?;
    s.warn_skipped(&set.notes);
    if s.g.dry_run {
        let diff = set.diff();
        if matches!(s.g.output, Format::Table | Format::Wide) {
            write!(
                std::io::stdout().lock(),
                "{}",
                color::diff(&diff, color::stdout(s.g.color))
            )
            .map_err(io)?;
            if set.files.is_empty() {
                s.status("Nothing would change.");
            } else {
                s.status(&format!(
                    "Dry run: {} file(s) would change; nothing was written.",
                    set.files.len()
                ));
            }
        } else {
            eprint!("{}", color::diff(&diff, color::stderr(s.g.color)));
            render::structured(&mut std::io::stdout().lock(), s.g.output, &set.report)
                .map_err(io)?;
        }
        return Ok(0);
    }
    let bar = progress::bar(2 * set.files.len() as u64, "writing");
    let result = set.apply_with(&dir, &|done| bar.set_position(done as u64));
    bar.finish_and_clear();
    result?;
    let mut out = std::io::stdout().lock();
    if !render::structured(&mut out, s.g.output, &set.report).map_err(io)? && !s.g.quiet {
        render::changes(&mut out, &set.report).map_err(io)?;
    }
    for name in &set.report.removed_from_project {
        s.status(&format!(
            "Sidecar `{name}` is no longer used by any service: it is gone from the project."
        ));
    }
    Ok(0)
}

/// A value that must be given: asked for on a terminal, else a usage error naming the flag.
pub fn required<T>(s: &Session, flag: &str, ask: impl FnOnce() -> Result<T>) -> Result<T> {
    if s.interactive() {
        ask()
    } else {
        Err(Error::usage(format!("missing {flag}"))
            .with_hint(format!("pass {flag} (nothing is asked without a terminal)")))
    }
}

fn service_ids(project: &Project) -> Vec<String> {
    project
        .service_ids()
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// Only the named files, with their text: what a command naming its services needs.
fn only(ids: impl IntoIterator<Item = String>) -> LoadOptions {
    LoadOptions {
        only: Some(ids.into_iter().collect()),
        documents: Documents::All,
    }
}

/// Every file; those that mention `word` keep their text.
fn mentioning(word: &str) -> LoadOptions {
    LoadOptions {
        only: None,
        documents: Documents::Mentioning(word.to_string()),
    }
}

fn everything() -> LoadOptions {
    LoadOptions {
        only: None,
        documents: Documents::All,
    }
}

pub fn create(s: &Session, a: CreateArgs) -> Result<u8> {
    let load = if a.to.is_empty() {
        everything()
    } else {
        only(a.to.clone())
    };
    run(s, load, |project| {
        let to = if a.to.is_empty() {
            required(s, "--to S1,S2", || {
                prompt::multi_select("Add it to which services?", &service_ids(project))
            })?
        } else {
            a.to.clone()
        };
        let source = match (&a.from_marketplace, &a.image) {
            (Some(item), _) => Source::Marketplace(item.clone()),
            (None, Some(image)) => Source::Image(image_spec(&a, image.clone())),
            (None, None) => {
                let image = required(s, "--image IMG (or --from-marketplace ITEM)", || {
                    prompt::input("Docker image")
                })?;
                Source::Image(image_spec(&a, image))
            }
        };
        let name = match (&a.name, &source) {
            (None, Source::Image(_)) => {
                Some(required(s, "NAME", || prompt::input("Sidecar name"))?)
            }
            _ => a.name.clone(),
        };
        create::create(
            project,
            &CreateOptions {
                name,
                source,
                to,
                placement: a.native.then_some(Placement::Native),
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

pub fn clone(s: &Session, a: CloneArgs) -> Result<u8> {
    let load = match &a.from {
        Some(from) if !a.to.is_empty() => only(a.to.iter().cloned().chain([from.clone()])),
        _ => everything(),
    };
    run(s, load, |project| {
        let from = match &a.from {
            Some(f) => f.clone(),
            None => required(s, "--from SERVICE", || {
                prompt::select("Clone from which service?", &service_ids(project))
            })?,
        };
        let sidecar = match &a.sidecar {
            Some(n) => n.clone(),
            None => {
                let list = clone::candidates(project, &from)?;
                match list.as_slice() {
                    [one] => one.clone(),
                    _ if s.interactive() => {
                        prompt::select(&format!("Which sidecar of `{from}`?"), &list)?
                    }
                    _ => {
                        return Err(Error::usage(format!(
                            "service `{from}` has several sidecars: {}",
                            list.join(", ")
                        ))
                        .with_hint(format!(
                            "name one: sidecarctl clone {} --from {from} --to …",
                            list[0]
                        )));
                    }
                }
            }
        };
        let to = if a.to.is_empty() {
            let others: Vec<String> = service_ids(project)
                .into_iter()
                .filter(|id| *id != from)
                .collect();
            required(s, "--to S1,S2", || {
                prompt::multi_select("Clone into which services?", &others)
            })?
        } else {
            a.to.clone()
        };
        let on_conflict = match a.on_conflict {
            cli::OnConflict::Fail => clone::OnConflict::Fail,
            cli::OnConflict::Skip => clone::OnConflict::Skip,
            cli::OnConflict::Replace => clone::OnConflict::Replace,
        };
        clone::clone(
            project,
            &CloneOptions {
                sidecar,
                from,
                to,
                on_conflict,
                placement: match (a.native, a.classic) {
                    (true, _) => Some(Placement::Native),
                    (_, true) => Some(Placement::Classic),
                    _ => None,
                },
                dry_run: s.g.dry_run,
            },
        )
    })
}

/// `--all`, `--service …`, or (on a terminal) a choice among the services that have it.
fn targets(
    s: &Session,
    project: &Project,
    sidecar: &str,
    all: bool,
    services: &[String],
) -> Result<Targets> {
    if all {
        return Ok(Targets::All);
    }
    if !services.is_empty() {
        return Ok(Targets::Services(services.to_vec()));
    }
    let users: Vec<String> = project
        .users_of(sidecar)
        .iter()
        .map(|s| s.id.clone())
        .collect();
    if users.is_empty() {
        return Err(Error::failed(format!(
            "sidecar `{sidecar}` not found in any service"
        )));
    }
    required(s, "--service S1,S2 or --all", || {
        prompt::multi_select("Which services?", &users)
    })
    .map(Targets::Services)
}

pub fn edit(s: &Session, mut a: EditArgs) -> Result<u8> {
    let sidecar = s.pick(
        a.sidecar.take(),
        "sidecar",
        "sidecarctl edit envoy --all --cpu-limit 300m",
        || s.sidecar_choices(true),
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
        && s.interactive()
    {
        ask_values(&mut a)?;
    }
    let mut opts = EditOptions {
        sidecar: sidecar.clone(),
        targets: None,
        cpu_request: a.cpu_request.clone(),
        cpu_limit: a.cpu_limit.clone(),
        memory_request: a.memory_request.clone(),
        memory_limit: a.memory_limit.clone(),
        image: a.image.clone(),
        placement: a.placement.map(|p| match p {
            cli::PlacementArg::Classic => Placement::Classic,
            cli::PlacementArg::Native => Placement::Native,
        }),
        dry_run: s.g.dry_run,
    };
    if a.all {
        // Planned service by service as the project is read: no whole-project documents.
        opts.targets = Some(Targets::All);
        return run_with(s, |root| edit::edit_all(root, &opts));
    }
    let load = if a.service.is_empty() {
        mentioning(&sidecar)
    } else {
        only(a.service.clone())
    };
    run(s, load, |project| {
        opts.targets = Some(targets(s, project, &sidecar, a.all, &a.service)?);
        edit::edit(project, &opts)
    })
}

pub fn delete(s: &Session, mut a: DeleteArgs) -> Result<u8> {
    let sidecar = s.pick(
        a.sidecar.take(),
        "sidecar",
        "sidecarctl delete envoy --service cart --yes",
        || s.sidecar_choices(true),
    )?;
    // Every service is read: whether this removes the sidecar from the project depends on all.
    run(s, mentioning(&sidecar), |project| {
        let targets = Some(targets(s, project, &sidecar, a.all, &a.service)?);
        let opts = DeleteOptions {
            sidecar: sidecar.clone(),
            targets,
            dry_run: s.g.dry_run,
        };
        let (services, last) = delete::preview(project, &opts)?;
        if !s.g.yes && !s.g.dry_run {
            let warning = if last {
                format!(" This removes `{}` from the project.", sidecar)
            } else {
                String::new()
            };
            let question = format!(
                "Delete sidecar `{}` from {}?{warning}",
                sidecar,
                services.join(", ")
            );
            if !s.interactive() {
                return Err(Error::usage(format!(
                    "refusing to delete `{}` without confirmation",
                    sidecar
                ))
                .with_hint("pass --yes to confirm, or --dry-run to see what would change"));
            }
            if !prompt::confirm(&question)? {
                return Err(Error::failed("cancelled; nothing was changed"));
            }
        }
        delete::delete(project, &opts)
    })
}

/// On a terminal, `edit` without values asks which ones to change, then each value.
fn ask_values(a: &mut EditArgs) -> Result<()> {
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
