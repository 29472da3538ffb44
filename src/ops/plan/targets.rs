//! Choosing a command's targets: the names the command line gives, the services and sidecars
//! they reach, and what refuses them (an invalid name, a special sidecar, a sidecar listed
//! twice), with the messages that say so.

use crate::error::{Error, Hint, Input, Result};
use crate::format::Field;
use crate::model::{Container, ImageSet, Workload};
use crate::names;
use crate::project::Project;

/// Which services a command changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    Services(Vec<String>),
    /// Every service that has the sidecar.
    All,
}

const SERVICE_NAME_RULE: &str = "service names are lowercase letters, digits and `-`";

/// A service name from the command line: must be a valid name (so it can never name a path
/// outside the services folder) and must exist.
pub fn service<'p>(project: &'p Project, id: &str) -> Result<&'p Workload> {
    // A Kubernetes workload is named by its ID, `kind/name`, name or `FILE#ID`.
    if !project.format.traits().queries {
        check_service_name(id)?;
    }
    project.service(id)
}

/// The workload `id` names that has `sidecar`, as a source to copy it from. Several workloads
/// may share a name (the inline patches of one kustomization, each adding its own sidecar to
/// one workload, share their file and ID): the name then means the one of them that has the
/// sidecar, and of those the one that adds it, not one that only tunes it (a later patch's
/// entry merging into it).
pub fn service_with<'p>(project: &'p Project, id: &str, sidecar: &str) -> Result<&'p Workload> {
    if let Some(mut found) = project.resolve_each(&[id])
        && let Ok(named) = found.remove(0)
    {
        let held = holders(named, sidecar);
        let whole: Vec<&Workload> = (held.iter().copied())
            .filter(|w| !merges(w, sidecar))
            .collect();
        if let [one] = whole.as_slice() {
            return Ok(one);
        }
        if let [one] = held.as_slice() {
            return Ok(one);
        }
    }
    service(project, id)
}

/// Every workload `id` names that has `sidecar`, as targets to change it in: each copy of a
/// shared name that has it (a patch adding it and a later one tuning it are both changed).
pub fn services_having<'p>(
    project: &'p Project,
    id: &str,
    sidecar: &str,
) -> Result<Vec<&'p Workload>> {
    if let Some(mut found) = project.resolve_each(&[id])
        && let Ok(named) = found.remove(0)
    {
        let held = holders(named, sidecar);
        if held.len() > 1 && held.iter().all(|w| w.sidecar(sidecar).is_some()) {
            return Ok(held);
        }
    }
    service_with(project, id, sidecar).map(|w| vec![w])
}

/// Whether `w`'s `sidecar` only merges into the one an earlier kustomize patch adds.
fn merges(w: &Workload, sidecar: &str) -> bool {
    let source = w.object.as_ref().and_then(|o| o.source.as_ref());
    source.is_some_and(|s| s.merges.iter().any(|n| n == sidecar))
}

/// Of workloads sharing one ID, those that have `sidecar`; all of them when none has it.
fn holders<'p>(same: Vec<&'p Workload>, sidecar: &str) -> Vec<&'p Workload> {
    match same.iter().any(|w| w.sidecar(sidecar).is_some()) {
        true => same
            .into_iter()
            .filter(|w| w.sidecar(sidecar).is_some())
            .collect(),
        false => same,
    }
}

/// Refuses a value the Console would not save: a usage error naming its unit. The empty
/// value, which the Console accepts, is no quantity to write: it is refused by the caller.
pub(crate) fn console_quantity(input: Input, r: crate::quantity::Resource, s: &str) -> Result<()> {
    if s.is_empty() || !crate::quantity::console_accepts(s, r) {
        return Err(Error::invalid(input, crate::quantity::console_error(s, r)));
    }
    Ok(())
}

/// A name that cannot be a service is a usage error, whatever the project holds.
pub fn check_service_name(id: &str) -> Result<()> {
    if names::is_valid_service_name(id) {
        Ok(())
    } else {
        Err(Error::usage(format!("`{id}` is not a valid service name"))
            .with_hint(SERVICE_NAME_RULE))
    }
}

/// A marketplace item id from the command line.
pub fn check_item_id(id: &str) -> Result<()> {
    if names::is_valid_item_name(id) {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "`{id}` is not a valid item id (lowercase letters, digits and `-`)"
        )))
    }
}

pub fn check_sidecar_name(name: &str) -> Result<()> {
    if names::is_valid_container_name(name) {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "`{name}` is not a valid sidecar name (lowercase letters, digits and `-`, starting with a letter, at most 63 characters)"
        )))
    }
}

/// Special sidecars belong to another section of the Console.
pub fn refuse_special(project: &Project, sidecar: &str) -> Result<()> {
    match project.special(sidecar) {
        Some(s) => Err(Error::failed(format!(
            "`{sidecar}` is a special sidecar managed by the {} section; sidecarctl does not change it",
            s.managed_by
        ))),
        None => Ok(()),
    }
}

/// The services to change, each having the sidecar, in id order, without repeats.
pub fn services_with<'p>(
    project: &'p Project,
    sidecar: &str,
    targets: &Targets,
) -> Result<Vec<&'p Workload>> {
    let list = match targets {
        Targets::All => project.users_of(sidecar),
        Targets::Services(ids) => {
            if ids.is_empty() {
                return Err(Error::usage("no service given").with_hint(Hint::NameServices));
            }
            let named = named_services(project, ids)?;
            // Workloads that share an ID are told apart by the sidecar ([`service_with`]).
            let mut by_id: Vec<(&str, Vec<&Workload>)> = Vec::new();
            for w in named {
                match by_id.iter_mut().find(|(id, _)| *id == w.id) {
                    Some((_, same)) => same.push(w),
                    None => by_id.push((&w.id, vec![w])),
                }
            }
            let out: Vec<&Workload> = (by_id.into_iter())
                .flat_map(|(_, same)| holders(same, sidecar))
                .collect();
            let lacking: Vec<&str> = out
                .iter()
                .filter(|s| s.sidecar(sidecar).is_none())
                .map(|s| s.id.as_str())
                .collect();
            match lacking.as_slice() {
                [] => {}
                [id] => {
                    let svc = out.iter().find(|s| s.id == *id).expect("a lacking service");
                    return Err(lacks(svc, sidecar));
                }
                many => {
                    let noun = out.first().map_or("service", |s| noun(s));
                    return Err(Error::failed(format!(
                        "{noun}s {} have no sidecar `{sidecar}`",
                        quoted_list(many)
                    )));
                }
            }
            out
        }
    };
    for svc in &list {
        sidecar_of(svc, sidecar)?;
    }
    if list.is_empty() {
        return Err(not_in_any_service(project, sidecar));
    }
    Ok(list)
}

/// Target services named on the command line (for create and clone), in id order.
pub fn named_services<'p>(project: &'p Project, ids: &[String]) -> Result<Vec<&'p Workload>> {
    if ids.is_empty() {
        return Err(Error::usage("no target service given").with_hint(Hint::NameTargets));
    }
    if let Some(resolved) =
        project.resolve_each(&ids.iter().map(String::as_str).collect::<Vec<_>>())
    {
        return named_workloads(ids, resolved);
    }
    // Every name that cannot be a service is named, then every service that does not exist.
    let invalid: Vec<&str> = ids
        .iter()
        .filter(|id| !names::is_valid_service_name(id))
        .map(String::as_str)
        .collect();
    if invalid.len() > 1 {
        return Err(Error::usage(format!(
            "{} are not valid service names",
            quoted_list(&invalid)
        ))
        .with_hint(SERVICE_NAME_RULE));
    }
    let mut out = Vec::new();
    let mut unknown = Vec::new();
    for id in ids {
        match service(project, id) {
            Ok(svc) => out.push(svc),
            Err(e) if e.is_usage() => return Err(e),
            Err(e) if !unknown.iter().any(|(u, _)| u == id) => unknown.push((id.as_str(), e)),
            Err(_) => {}
        }
    }
    if unknown.len() == 1 {
        return Err(unknown.remove(0).1);
    }
    // A Console service that is there but no target (advanced, another type) is named as such.
    if let Some(why) = unknown.iter().find_map(|(id, _)| project.not_a_target(id)) {
        return Err(Error::failed(why));
    }
    if !unknown.is_empty() {
        let names: Vec<&str> = unknown.iter().map(|(id, _)| *id).collect();
        return Err(Error::failed(format!(
            "services {} not found in {}",
            quoted_list(&names),
            project.services_place()
        ))
        .with_hint(format!(
            "known services: {}",
            project.all_service_ids().join(", ")
        )));
    }
    // A workload named twice is one target; workloads that share an ID stay apart, in the
    // project's order (their places in its list).
    let at = |w: &Workload| w as *const Workload;
    out.sort_by(|a, b| a.id.cmp(&b.id).then(at(a).cmp(&at(b))));
    out.dedup_by(|a, b| std::ptr::eq(*a, *b));
    Ok(out)
}

/// Workloads named on the command line by queries, as [`Project::resolve_each`] found them:
/// each query may reach every copy of an ID.
fn named_workloads<'p>(
    queries: &[String],
    resolved: Vec<Result<Vec<&'p Workload>>>,
) -> Result<Vec<&'p Workload>> {
    let mut out = Vec::new();
    let mut unknown: Vec<(&str, Error)> = Vec::new();
    for (q, found) in queries.iter().zip(resolved) {
        match found {
            Ok(found) => out.extend(found),
            Err(e) if e.is_usage() => return Err(e),
            Err(e) => unknown.push((q, e)),
        }
    }
    match unknown.len() {
        0 => {}
        1 => return Err(unknown.remove(0).1),
        _ => {
            let names: Vec<&str> = unknown.iter().map(|(q, _)| *q).collect();
            return Err(Error::failed(format!(
                "workloads {} not found",
                quoted_list(&names)
            )));
        }
    }
    // A workload named twice is one target; workloads that share an ID stay apart, in the
    // project's order (their places in its list).
    let at = |w: &Workload| w as *const Workload;
    out.sort_by(|a, b| a.id.cmp(&b.id).then(at(a).cmp(&at(b))));
    out.dedup_by(|a, b| std::ptr::eq(*a, *b));
    Ok(out)
}

/// A service lacks the sidecar: an ordinary init container of that name is said to be one.
fn lacks(svc: &Workload, sidecar: &str) -> Error {
    if svc.init.iter().any(|c| c.name() == sidecar) {
        return Error::failed(format!(
            "`{sidecar}` is an init container of `{}`, not a sidecar: sidecar commands never change it",
            svc.id
        ))
        .with_hint(format!("`sidecarctl containers {}` shows it", svc.id));
    }
    no_sidecar(svc, sidecar)
}

/// Targets that already have a container of the name, as a message lists them:
/// `` `cart` (a sidecar), `envoy` (its main container) ``. `own` is what the container is when
/// it is not a sidecar ([`own_container`]).
pub fn conflict_list(conflicts: &[(&str, Option<String>)]) -> String {
    let list: Vec<String> = conflicts
        .iter()
        .map(|(id, own)| {
            let what = own.as_deref().unwrap_or("a sidecar");
            format!("`{id}` ({what})")
        })
        .collect();
    list.join(", ")
}

/// `` `a`, `b` and `c` ``: names in a message.
pub fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// The first `shown` of `names` quoted, and how many more there are: "`a`, `b`, `c` and 7
/// more" (all of them as [`quoted_list`] when they are no more than `shown`).
pub fn quoted_some(names: &[&str], shown: usize) -> String {
    match names.len() > shown {
        true => {
            let quoted: Vec<String> = names[..shown].iter().map(|n| format!("`{n}`")).collect();
            format!("{} and {} more", quoted.join(", "), names.len() - shown)
        }
        false => quoted_list(names),
    }
}

/// The error for a service that lacks the sidecar a command names.
pub fn no_sidecar(svc: &Workload, sidecar: &str) -> Error {
    Error::failed(format!(
        "{} `{}` has no sidecar `{sidecar}`",
        noun(svc),
        svc.id
    ))
}

/// The error for a sidecar no service has.
pub fn not_in_any_service(project: &Project, sidecar: &str) -> Error {
    let what = project.format.traits().noun;
    Error::failed(format!("sidecar `{sidecar}` not found in any {what}"))
}

/// What messages call a service: one that is a named object (Kubernetes) is a workload.
pub fn noun(svc: &Workload) -> &'static str {
    match svc.object {
        Some(_) => "workload",
        None => "service",
    }
}

/// The container of `t` that is no sidecar and has the name a new sidecar wants, as a message
/// names it (its main container; in Kubernetes also an ordinary init container), if any.
pub fn own_container(project: &Project, t: &Workload, name: &str) -> Option<String> {
    project.format.own_container(t, name)
}

/// The sidecar a command names, in a workload that must have it.
pub fn require_sidecar<'s>(svc: &'s Workload, sidecar: &str) -> Result<&'s Container> {
    sidecar_of(svc, sidecar)?.ok_or_else(|| lacks(svc, sidecar))
}

/// The sidecar of that name, whose slot says where its entry is: the one way every command
/// finds an entry. Two entries of that name (a hand-merged file) are refused: a command cannot
/// tell which one is meant.
pub fn sidecar_of<'s>(svc: &'s Workload, sidecar: &str) -> Result<Option<&'s Container>> {
    let found: Vec<(&Container, (usize, usize))> = svc
        .sidecars
        .iter()
        .filter(|c| c.name() == sidecar)
        .map(|c| {
            (
                c,
                c.name
                    .as_ref()
                    .and_then(|n| n.at())
                    .unwrap_or((c.line, c.column)),
            )
        })
        .collect();
    match found.as_slice() {
        [] => Ok(None),
        [(c, _)] => Ok(Some(*c)),
        many => {
            // Lines, unless two share one (a flow list): then line:column.
            let mut lines: Vec<usize> = many.iter().map(|(_, (l, _))| *l).collect();
            lines.dedup();
            let (what, at): (&str, Vec<String>) = if lines.len() == many.len() {
                ("lines", lines.iter().map(usize::to_string).collect())
            } else {
                (
                    "at",
                    many.iter().map(|(_, (l, c))| format!("{l}:{c}")).collect(),
                )
            };
            let at: Vec<&str> = at.iter().map(String::as_str).collect();
            let at = quoted_list(&at).replace('`', "");
            Err(Error::failed(format!(
                "{}: {} `{}` has {} sidecars named `{sidecar}` ({what} {at}); sidecarctl cannot tell which one you mean",
                svc.file,
                noun(svc),
                svc.id,
                many.len()
            ))
            .with_hint("remove or rename all but one of them by hand; `sidecarctl validate` lists every such problem"))
        }
    }
}

/// The entry data of a container.
pub fn container_value(svc: &Workload, c: &Container) -> Result<serde_json::Value> {
    let doc = svc.document()?;
    let no_entry = || no_sidecar(svc, c.name());
    let node = doc.get_at(&c.slot.route()).ok_or_else(no_entry)?;
    crate::yaml::to_value(doc, node).map_err(|e| Error::value(&svc.file, e))
}

/// The data of the container `c` of `svc` as it runs: its entry's, with the image it renders
/// where another entry sets that (kustomize's `images:`). What `show` prints and a copy takes,
/// so that the copy runs what its source runs.
pub fn rendered_value(
    project: &Project,
    svc: &Workload,
    c: &Container,
) -> Result<serde_json::Value> {
    let mut value = container_value(svc, c)?;
    if let (Some(_), Some(image)) = (image_set_elsewhere(svc, c.name()), c.image()) {
        set_path(&mut value, project.format.field_path(Field::Image), image);
    }
    Ok(value)
}

/// Where another entry sets the image the sidecar `name` of `svc` renders (kustomize's
/// `images:`), if one does: its own text's image is then not what runs.
pub fn image_set_elsewhere<'w>(svc: &'w Workload, name: &str) -> Option<&'w ImageSet> {
    let object = svc.object.as_ref()?;
    object.images.iter().find(|i| i.container == name)
}

/// Sets `value` at the keys `path` of a container's data, making the mappings on the way.
pub fn set_path(data: &mut serde_json::Value, path: &[&str], value: &str) {
    let mut at = data;
    for key in path {
        if !at.is_object() {
            *at = serde_json::Value::Object(Default::default());
        }
        at = at
            .as_object_mut()
            .expect("made a mapping")
            .entry(key.to_string())
            .or_insert(serde_json::Value::Null);
    }
    *at = serde_json::Value::String(value.to_string());
}

/// Whether `t` already has a container named `name` (a sidecar, or its own): a new sidecar of
/// that name would conflict there.
pub fn has_container(project: &Project, t: &Workload, name: &str) -> bool {
    own_container(project, t, name).is_some() || t.sidecar(name).is_some()
}

/// The services, other than `except`, where a new sidecar `name` can go: what a prompt offers
/// as targets (a service that has one would only be refused or skipped).
pub fn free_for(project: &Project, name: &str, except: Option<&str>) -> Vec<String> {
    project
        .services
        .iter()
        .filter(|t| Some(t.id.as_str()) != except && !has_container(project, t, name))
        .map(|t| t.id.clone())
        .collect()
}
