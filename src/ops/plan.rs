//! What the commands that change files share: choosing targets, refusing what must not be
//! touched, and turning an edit into a checked [`FileChange`].

use rayon::prelude::*;

use crate::change::{ChangeSet, FileChange, unified_diff};
use crate::diagnostic::{Code, Diagnostic};
use crate::edit::{EditError, Editor, Entry, Splice, apply_splices, verify};
use crate::error::{Error, Result};
use crate::format::Placement;
use crate::model::{Container, Workload};
use crate::names;
use crate::ops::validate;
use crate::project::Project;
use crate::route::Route;
use crate::view::{Action, ChangeReport, ChangeRow};
use crate::yaml::Document;

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
    if !project.format.kubernetes() {
        check_service_name(id)?;
    }
    project.service(id)
}

/// Refuses a value the Console would not save: a usage error naming its unit. The empty
/// value, which the Console accepts, is no quantity to write: it is refused by the caller.
pub(crate) fn console_quantity(flag: &str, r: crate::quantity::Resource, s: &str) -> Result<()> {
    if s.is_empty() || !crate::quantity::console_accepts(s, r) {
        return Err(Error::usage(format!(
            "--{flag}: {}",
            crate::quantity::console_error(s, r)
        )));
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
                return Err(
                    Error::usage("no service given").with_hint("pass `--service S1,S2` or `--all`")
                );
            }
            let out = named_services(project, ids)?;
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
        return Err(Error::usage("no target service given").with_hint("pass `--to S1,S2`"));
    }
    if project.format.kubernetes() {
        return named_workloads(project, ids);
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
            Err(e @ Error::Usage { .. }) => return Err(e),
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
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    Ok(out)
}

/// Kubernetes workloads named on the command line: each name may reach every copy of an ID.
fn named_workloads<'p>(project: &'p Project, queries: &[String]) -> Result<Vec<&'p Workload>> {
    let mut out = Vec::new();
    let mut unknown: Vec<(&str, Error)> = Vec::new();
    let each: Vec<&str> = queries.iter().map(String::as_str).collect();
    let resolved = crate::format::kubernetes::project::resolve_each(project, &each);
    for (q, found) in queries.iter().zip(resolved) {
        match found {
            Ok(found) => out.extend(found),
            Err(e @ Error::Usage { .. }) => return Err(e),
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
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
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
    let what = match project.format.kubernetes() {
        true => "workload",
        false => "service",
    };
    Error::failed(format!("sidecar `{sidecar}` not found in any {what}"))
}

/// What messages call a service: a Kubernetes one is a workload.
pub fn noun(svc: &Workload) -> &'static str {
    match svc.manifest {
        Some(_) => "workload",
        None => "service",
    }
}

/// The container of `svc` that is no sidecar and has the name a new sidecar wants: its main
/// container (a Mia or Console service's is named after the service), or a Kubernetes init
/// container.
pub fn own_container(svc: &Workload, name: &str) -> String {
    match &svc.manifest {
        Some(_) if svc.main.name() != name => format!("an init container `{name}`"),
        Some(_) => format!("its main container `{name}`"),
        None => "its main container".to_string(),
    }
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

/// Services grouped by the file that holds them (a Console project file holds them all), in
/// the order of each file's first service; each group keeps the services' order.
pub fn by_file<'a>(svcs: impl IntoIterator<Item = &'a Workload>) -> Vec<Vec<&'a Workload>> {
    let mut groups: Vec<Vec<&Workload>> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for svc in svcs {
        match index.get(svc.file.as_str()) {
            Some(&i) => groups[i].push(svc),
            None => {
                index.insert(svc.file.as_str(), groups.len());
                groups.push(vec![svc]);
            }
        }
    }
    groups
}

/// Runs `f` for each of `svcs`, services of one file, in one editor; checks the file once and
/// validates each service it changed: a change may not bring an error the service did not
/// have. Returns, for each service, whether `f` changed it, and the file's change (`None` when
/// nothing changes).
pub fn edit_file<'d>(
    project: &Project,
    svcs: &[&'d Workload],
    mut f: impl FnMut(&'d Workload, &mut Editor<'d>) -> std::result::Result<(), EditError>,
) -> Result<(Vec<bool>, Option<FileChange>)> {
    let Some(first) = svcs.first() else {
        return Ok((Vec::new(), None));
    };
    for svc in svcs {
        refuse_blocked(svc)?;
    }
    let file = first.file.as_str();
    let mut changed = Vec::with_capacity(svcs.len());
    // A Kubernetes file is small and its workloads are found by route: it is read again whole.
    let spliced = !project.format.kubernetes();
    let Some((change, new_doc)) = edit_checked(first.document()?, file, spliced, |ed| {
        for svc in svcs {
            let before = ed.changes();
            f(svc, ed)?;
            changed.push(ed.changes() > before);
        }
        Ok(())
    })?
    else {
        return Ok((vec![false; svcs.len()], None));
    };
    let changed_svcs: Vec<&Workload> = svcs
        .iter()
        .zip(&changed)
        .filter(|(_, c)| **c)
        .map(|(s, _)| *s)
        .collect();
    // What `validate` says of each changed service in the new text, and its type errors.
    let (news, type_errors) = match new_doc {
        Checked::Parsed(new_doc) => match project.format.checks_by_route(&new_doc, file) {
            Some((by_route, type_errors)) => (of_each(&by_route, &changed_svcs), type_errors),
            None => {
                let (new_svcs, type_errors) =
                    project
                        .format
                        .workloads(*new_doc, file, stem(file), false, true);
                (checks_of(project, &new_svcs, &changed_svcs), type_errors)
            }
        },
        Checked::Spliced(splices) => {
            let (new_svcs, type_errors) =
                reread(project, &first.document()?.text, &splices, svcs, &changed)?;
            (checks_of(project, &new_svcs, &changed_svcs), type_errors)
        }
    };
    // What the changed services said before: found only when the change brings an error.
    let olds = std::cell::OnceCell::new();
    let olds = || olds.get_or_init(|| old_checks(project, first, &changed_svcs));
    let new_error = |old: &[Diagnostic], d: &Diagnostic| {
        d.is_error()
            && !old
                .iter()
                .any(|o| o.code == d.code && o.message == d.message)
    };
    if type_errors.iter().any(Diagnostic::is_error) {
        // What reading the file said before, anywhere in it (like for like): an error of a
        // workload this change did not touch (a sibling document) is not the change's doing.
        let all_old: Vec<Diagnostic> = match first
            .document()
            .ok()
            .and_then(|doc| project.format.checks_by_route(doc, file))
        {
            Some((_, file_errors)) => file_errors,
            None => olds().iter().flatten().cloned().collect(),
        };
        if let Some(d) = brought(&all_old, &type_errors) {
            return Err(invalid(file, d));
        }
    }
    for (i, new) in news.iter().enumerate() {
        if new.iter().any(Diagnostic::is_error)
            && let Some(d) = new.iter().find(|d| new_error(&olds()[i], d))
        {
            return Err(invalid(file, d));
        }
    }
    Ok((changed, Some(change)))
}

/// The first error of `new` that `old` did not have. Errors are matched by code and message;
/// a code that occurs no more often than before brought nothing (its messages may name lines
/// that the change moved).
fn brought<'n>(old: &[Diagnostic], new: &'n [Diagnostic]) -> Option<&'n Diagnostic> {
    let count = |ds: &[Diagnostic], code: Code| {
        ds.iter().filter(|d| d.is_error() && d.code == code).count()
    };
    let candidates: Vec<&Diagnostic> = new
        .iter()
        .filter(|d| d.is_error() && count(new, d.code) > count(old, d.code))
        .collect();
    candidates
        .iter()
        .find(|d| {
            !old.iter()
                .any(|o| o.code == d.code && o.message == d.message)
        })
        .or(candidates.first())
        .copied()
}

/// What `validate` says of each of `changed` as `new_svcs` (the same file read again) has it.
fn checks_of(
    project: &Project,
    new_svcs: &[Workload],
    changed: &[&Workload],
) -> Vec<Vec<Diagnostic>> {
    // The same workload: Kubernetes IDs may be shared (then renamed `FILE#ID`), places are not.
    // Found by index: a file may hold thousands.
    let mut by_route = std::collections::HashMap::new();
    let mut by_id = std::collections::HashMap::new();
    for s in new_svcs.iter().rev() {
        by_route.insert(&s.route, s);
        by_id.insert(s.id.as_str(), s);
    }
    changed
        .iter()
        .map(|svc| {
            let same = match svc.manifest {
                Some(_) => by_route.get(&svc.route),
                None => by_id.get(svc.id.as_str()),
            };
            same.map(|s| validate::validate_service(project, s))
                .unwrap_or_default()
        })
        .collect()
}

/// What `validate` says of each of `svcs`, services of `first`'s file, as they were read. A
/// Kubernetes file loaded for a change is not validated (most changes bring no error): its
/// old document is checked again.
fn old_checks(project: &Project, first: &Workload, svcs: &[&Workload]) -> Vec<Vec<Diagnostic>> {
    let again = first
        .document()
        .ok()
        .and_then(|doc| project.format.checks_by_route(doc, &first.file));
    match again {
        Some((by_route, _)) => of_each(&by_route, svcs),
        None => svcs
            .iter()
            .map(|s| validate::validate_service(project, s))
            .collect(),
    }
}

/// The checks of each of `svcs` among a file's checks by route (Kubernetes: IDs may be shared,
/// then renamed `FILE#ID`; places are not). Found by index: a file may hold thousands.
fn of_each(by_route: &[(Route, Vec<Diagnostic>)], svcs: &[&Workload]) -> Vec<Vec<Diagnostic>> {
    let index: std::collections::HashMap<&Route, &Vec<Diagnostic>> =
        by_route.iter().map(|(r, c)| (r, c)).collect();
    svcs.iter()
        .map(|s| index.get(&s.route).map_or_else(Vec::new, |c| c.to_vec()))
        .collect()
}

/// The changed services of a JSON file, each read again from its own new text.
fn reread(
    project: &Project,
    old_text: &str,
    splices: &[Splice],
    svcs: &[&Workload],
    changed: &[bool],
) -> Result<(Vec<Workload>, Vec<Diagnostic>)> {
    // Each changed service is read again on its own: in parallel, in file order.
    let changed: Vec<&&Workload> = svcs
        .iter()
        .zip(changed)
        .filter(|(_, c)| **c)
        .map(|(svc, _)| svc)
        .collect();
    let read: Vec<(Vec<Workload>, Vec<Diagnostic>)> = changed
        .par_iter()
        .map(|svc| {
            let node = svc.document()?.node_at(&svc.route).ok_or_else(|| {
                Error::failed(format!("{}: service `{}` is gone", svc.file, svc.id))
            })?;
            // The object's new text: its old text with the splices inside it (all of a
            // service's changes are inside its object).
            let from = splices.partition_point(|s| s.start < node.start);
            let to = splices.partition_point(|s| s.start < node.end);
            let inside: Vec<Splice> = splices[from..to]
                .iter()
                .map(|s| {
                    Splice::new(
                        s.start - node.start,
                        s.end.min(node.end) - node.start,
                        s.with.clone(),
                    )
                })
                .collect();
            let text = apply_splices(&old_text[node.start..node.end], &inside);
            let sub = crate::yaml::parse_json(text)
                .map_err(|e| Error::failed(format!("{}: {e}", svc.file)))?;
            Ok(project.format.object_workload(sub, &svc.file, &svc.id))
        })
        .collect::<Result<_>>()?;
    let mut out = (Vec::new(), Vec::new());
    for (w, e) in read {
        out.0.extend(w);
        out.1.extend(e);
    }
    Ok(out)
}

fn invalid(file: &str, d: &Diagnostic) -> Error {
    Error::failed(format!(
        "refusing to write {file}: the change would make it invalid: {}; nothing was written",
        d.message
    ))
}

/// A workload whose shape is wrong (SPEC §6.2 "Bad input") is never changed.
pub fn refuse_blocked(svc: &Workload) -> Result<()> {
    match svc.manifest.as_ref().and_then(|m| m.blocked.as_ref()) {
        Some(d) => Err(Error::failed(format!(
            "{}: {}; refusing to change {}, nothing was written",
            d.location(),
            d.message,
            svc.id
        ))
        .with_hint("fix the manifest first; `sidecarctl validate` lists every problem")),
        None => Ok(()),
    }
}

/// Runs an edit over one document and checks its result. `None` when the text is unchanged.
pub fn edit_doc<'d>(
    doc: &'d Document,
    file: &str,
    f: impl FnOnce(&mut Editor<'d>) -> std::result::Result<(), EditError>,
) -> Result<Option<FileChange>> {
    Ok(edit_checked(doc, file, true, f)?.map(|(change, _)| change))
}

/// What an edit's new text is known as after its check.
enum Checked {
    /// Read again in full.
    Parsed(Box<Document>),
    /// A JSON file checked value by value: the old text and these splices.
    Spliced(Vec<Splice>),
}

/// The change and the document its text parses to.
fn edit_checked<'d>(
    doc: &'d Document,
    file: &str,
    spliced: bool,
    f: impl FnOnce(&mut Editor<'d>) -> std::result::Result<(), EditError>,
) -> Result<Option<(FileChange, Checked)>> {
    let mut editor = Editor::new(doc);
    f(&mut editor).map_err(|e| Error::failed(format!("{file}: {e}")))?;
    let edit = editor
        .finish()
        .map_err(|e| Error::failed(format!("{file}: {e}")))?;
    let splices = edit.splices;
    let after = apply_splices(&doc.text, &splices);
    if after == doc.text {
        return Ok(None);
    }
    let refused = |reason: crate::edit::CheckError| {
        let diff = unified_diff(file, Some(&doc.text), &apply_splices(&doc.text, &splices));
        Error::failed(format!(
            "refusing to write {file}: {reason}; nothing was written"
        ))
        .with_hint(format!(
            "this is a bug in sidecarctl; the refused change was:\n{}",
            diff.trim_end()
        ))
    };
    if doc.is_json() && spliced {
        // A project of thousands of services in one file: each changed value is read again.
        crate::edit::check::verify_spliced(doc, &splices, &after, &edit.patches)
            .map_err(refused)?;
        let change = FileChange::edited(
            file.to_string(),
            doc.text.clone(),
            doc.on_disk,
            splices.clone(),
        );
        return Ok(Some((change, Checked::Spliced(splices))));
    }
    let new_doc = verify(doc, after, &edit.patches).map_err(refused)?;
    let change = FileChange::edited(file.to_string(), doc.text.clone(), doc.on_disk, splices);
    Ok(Some((change, Checked::Parsed(Box::new(new_doc)))))
}

/// The list and index of a sidecar's entry (a main container is no item of a list).
pub fn item_of(c: &Container) -> std::result::Result<(&Route, usize), EditError> {
    crate::format::list_item(&c.slot).ok_or_else(|| {
        EditError::Shape(format!(
            "`{}` is a main container, not an entry of a list",
            c.name()
        ))
    })
}

/// Adds a new sidecar entry where the format puts one.
pub fn add_sidecar(
    project: &Project,
    svc: &Workload,
    ed: &mut Editor<'_>,
    entry: &Entry,
) -> std::result::Result<(), EditError> {
    match project.format.new_sidecar_slot(svc, Placement::Classic) {
        (list, None) => ed.append(&list, entry),
        (list, Some(before)) => ed.insert(&list, before, entry),
    }
}

/// A file's name without its folder and extension.
fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.rsplit_once('.').map_or(name, |(stem, _)| stem)
}

/// The entry data of a container.
pub fn container_value(svc: &Workload, c: &Container) -> Result<serde_json::Value> {
    let doc = svc.document()?;
    let no_entry = || no_sidecar(svc, c.name());
    let node = doc.get_at(&c.slot.route()).ok_or_else(no_entry)?;
    crate::yaml::to_value(doc, node).map_err(|e| {
        Error::failed(format!(
            "{}:{}:{}: {}",
            svc.file, e.line, e.column, e.message
        ))
    })
}

/// The codes of notes that mean a file was not read at all: what it holds is unknown.
const FILE_SKIPPED: &[Code] = &[
    Code::FileTemplate,
    Code::FileRead,
    Code::FileEncoding,
    Code::FileTooLarge,
    Code::FileOutsideProject,
    Code::YamlSyntax,
    Code::YamlDuplicateKey,
    Code::YamlAliasCycle,
    Code::YamlAliasExpansion,
    Code::JsonSyntax,
    Code::JsonDuplicateKey,
];

/// The files a bulk change over every holder of `sidecar` (`--all`) could not reach: those the
/// project skipped (a template, a file that does not parse or cannot be read) whose text names
/// the sidecar, or that cannot be read at all. One `skipped` row each, with the reason; the
/// service is unknown (empty).
pub fn skipped_holders(project: &Project, sidecar: &str) -> Vec<ChangeRow> {
    let mut rows: Vec<ChangeRow> = project
        .notes
        .iter()
        .filter(|d| FILE_SKIPPED.contains(&d.code))
        .filter(|d| {
            std::fs::read(project.root.join(&d.file)).map_or(true, |bytes| {
                memchr::memmem::find(&bytes, sidecar.as_bytes()).is_some()
            })
        })
        .map(|d| ChangeRow {
            service: String::new(),
            file: d.file.clone(),
            document: None,
            sidecar: sidecar.to_string(),
            action: Action::Skipped,
            reason: Some(skip_reason(d)),
        })
        .collect();
    rows.sort_by(|a, b| a.file.cmp(&b.file));
    rows.dedup_by(|a, b| a.file == b.file);
    rows
}

/// Why a file was not read, as a report's `reason` says it.
fn skip_reason(d: &Diagnostic) -> String {
    let at = match (d.line, d.column) {
        (Some(l), Some(c)) => format!(" at {l}:{c}"),
        _ => String::new(),
    };
    match d.code {
        Code::FileTemplate => "a template (a Helm chart?)".to_string(),
        c if c.as_str().starts_with("yaml.") || c.as_str().starts_with("json.") => {
            format!("does not parse{at}: {}", d.message)
        }
        _ => d.message.clone(),
    }
}

/// A bulk change that cannot reach every holder of the sidecar is refused, unless the user
/// accepts it (`--skip-unreadable`): a fleet half changed is the drift sidecarctl is for.
pub fn refuse_skipped(skipped: &[ChangeRow], sidecar: &str) -> Result<()> {
    let Some(first) = skipped.first() else {
        return Ok(());
    };
    let files: Vec<String> = skipped
        .iter()
        .map(|r| format!("{} ({})", r.file, r.reason.as_deref().unwrap_or("not read")))
        .collect();
    let what = match skipped.len() {
        1 => format!("{} mentions `{sidecar}` but was not read", first.file),
        n => format!("{n} files that mention `{sidecar}` were not read"),
    };
    Err(Error::failed(format!(
        "{what}; refusing to change only the others, nothing was written"
    ))
    .with_hint(format!(
        "fix {}, or pass --skip-unreadable to change the rest and list {} as skipped:\n  {}",
        if skipped.len() == 1 { "it" } else { "them" },
        if skipped.len() == 1 { "it" } else { "them" },
        files.join("\n  ")
    )))
}

/// A classic sidecar keeps a Job's pod running after its main container ends: the Job never
/// completes (a native sidecar, `--native`, is stopped when the main container ends).
pub fn jobs_never_complete(targets: &[&Workload], name: &str, advice: &str) -> Vec<Diagnostic> {
    targets
        .iter()
        .filter_map(|t| {
            let m = t.manifest.as_ref()?;
            matches!(m.kind, "Job" | "CronJob").then(|| {
                Diagnostic::warning(
                    Code::SidecarJobNeverCompletes,
                    &t.file,
                    t.name.as_ref().and_then(|n| n.at()),
                    format!(
                        "{} runs to completion, but the classic sidecar `{name}` keeps its pod \
                         running: the Job will never complete; {advice} (Kubernetes 1.33+): \
                         a native sidecar is stopped when the main container ends",
                        t.id
                    ),
                )
            })
        })
        .collect()
}

pub fn row(svc: &Workload, sidecar: &str, action: Action, reason: Option<String>) -> ChangeRow {
    ChangeRow {
        service: svc.id.clone(),
        file: svc.file.clone(),
        document: svc.manifest.as_ref().map(|m| m.document),
        sidecar: sidecar.to_string(),
        action,
        reason,
    }
}

/// The change set of a command, its report rows sorted by sidecar, then service.
pub fn change_set(
    files: Vec<FileChange>,
    mut rows: Vec<ChangeRow>,
    dry_run: bool,
    removed: Vec<String>,
) -> ChangeSet {
    rows.sort_by(|a, b| (&a.sidecar, &a.service).cmp(&(&b.sidecar, &b.service)));
    let mut written: Vec<String> = files.iter().map(|f| f.file.clone()).collect();
    written.sort();
    ChangeSet {
        files,
        notes: Vec::new(),
        report: ChangeReport {
            dry_run,
            changes: rows,
            removed_from_project: removed,
            files: written,
        },
    }
}

/// Whether a container of `t` that is no sidecar (its main container; in Kubernetes also an
/// ordinary init container) has the name `name`.
pub fn own_name(t: &Workload, name: &str) -> bool {
    match &t.manifest {
        Some(_) => crate::format::kubernetes::changes::takes_name(t, name),
        None => t.name.as_ref().map_or(t.id.as_str(), |n| n.value.as_str()) == name,
    }
}

/// Whether `t` already has a container named `name` (a sidecar, or its own): a new sidecar of
/// that name would conflict there.
pub fn has_container(t: &Workload, name: &str) -> bool {
    own_name(t, name) || t.sidecar(name).is_some()
}

/// The services, other than `except`, where a new sidecar `name` can go: what a prompt offers
/// as targets (a service that has one would only be refused or skipped).
pub fn free_for(project: &Project, name: &str, except: Option<&str>) -> Vec<String> {
    project
        .services
        .iter()
        .filter(|t| Some(t.id.as_str()) != except && !has_container(t, name))
        .map(|t| t.id.clone())
        .collect()
}

/// How many targets a batch of [`in_batches`] plans: enough to keep every core busy, few
/// enough that the batches planned at once hold a few megabytes of parsed files.
const BATCH_TARGETS: usize = 32;

/// Plans a change of `targets` (IDs of `lean`, a project loaded with `LoadOptions::lean`) a
/// batch of files at a time: each batch's files are read again whole ([`Project::reload`]),
/// `plan` makes the batch's change from them (with the batch's IDs) and the batch's parsed
/// files are freed; what is kept of each changed file is its old text and its splices. The
/// skeletons of `lean` are dropped first, once each target's file is known. So a change of
/// every workload of a large project never holds the project's parsed files, or its model, at
/// once. `also`: a file every batch needs besides its targets' (clone's source). Batches are
/// planned on every core and joined in order; the first failure in that order is the
/// command's, and nothing is written. A project that is one file, or a change of no target,
/// is planned at once.
pub fn in_batches(
    mut lean: Project,
    targets: Vec<String>,
    also: Option<String>,
    dry_run: bool,
    plan: impl Fn(&Project, Vec<String>) -> Result<ChangeSet> + Sync,
) -> Result<ChangeSet> {
    if lean.is_console() || targets.is_empty() {
        return plan(&lean, targets);
    }
    // Each target's files (an ID shared by several workloads reaches each), in target order.
    let mut batches: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut placed: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    // (Not found by a binary search: IDs renamed `FILE#ID` are out of order.)
    let mut files_of: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for w in &lean.services {
        files_of
            .entry(w.id.as_str())
            .or_default()
            .push(w.file.as_str());
    }
    for id in targets {
        let files = files_of.get(id.as_str()).cloned().unwrap_or_default();
        // A target in a file already placed joins that file's batch.
        let batch = match files.iter().find_map(|f| placed.get(f)) {
            Some(&b) => b,
            None => {
                let full = batches
                    .last()
                    .is_none_or(|(_, ids)| ids.len() >= BATCH_TARGETS);
                if full {
                    batches.push((Vec::new(), Vec::new()));
                }
                batches.len() - 1
            }
        };
        for f in files {
            if placed.insert(f, batch).is_none() {
                batches[batch].0.push(f.to_string());
            }
        }
        batches[batch].1.push(id);
    }
    if let Some(extra) = &also {
        placed.entry(extra.as_str()).or_insert(usize::MAX);
    }
    // The IDs of the workloads of those files, by place: all that is kept of the model.
    let ids: std::collections::HashMap<(String, Route), String> = lean
        .services
        .iter()
        .filter(|w| placed.contains_key(w.file.as_str()))
        .map(|w| ((w.file.clone(), w.route.clone()), w.id.clone()))
        .collect();
    drop((placed, files_of));
    drop(std::mem::take(&mut lean.services));
    // The files in the order the targets reach them, as planned at once (a batch orders its
    // own targets by ID); what no target reaches (a ConfigMap file) comes after them.
    let order: std::collections::HashMap<String, usize> = batches
        .iter()
        .flat_map(|(files, _)| files.iter().cloned())
        .enumerate()
        .map(|(i, f)| (f, i))
        .collect();
    let shell = lean;
    let sets: Vec<Result<ChangeSet>> = batches
        .into_par_iter()
        .map(|(mut files, batch)| {
            if let Some(extra) = also.as_ref().filter(|a| !files.contains(a)) {
                files.push(extra.clone());
            }
            plan(&shell.reload(&files, &ids)?, batch)
        })
        .collect();
    let mut files: Vec<FileChange> = Vec::new();
    let mut rows = Vec::new();
    let mut notes: Vec<Diagnostic> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for set in sets {
        let set = set?;
        rows.extend(set.report.changes);
        // A warning about the whole change (not one target) comes from every batch: kept once.
        for note in set.notes {
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
        for f in set.files {
            match index.get(&f.file) {
                // What every batch adds besides its targets (a marketplace item's ConfigMap
                // files, the project file's secrets) is the same change each time: kept once.
                Some(&i) if files[i].after() == f.after() => {}
                Some(_) => {
                    return Err(Error::failed(format!(
                        "internal error: two batches of the change differ on {}; nothing was written",
                        f.file
                    )));
                }
                None => {
                    index.insert(f.file.clone(), files.len());
                    files.push(f);
                }
            }
        }
    }
    files.sort_by_key(|f| order.get(&f.file).copied().unwrap_or(usize::MAX));
    let mut set = change_set(files, rows, dry_run, Vec::new());
    set.notes = notes;
    Ok(set)
}

#[cfg(test)]
mod batch_tests;
