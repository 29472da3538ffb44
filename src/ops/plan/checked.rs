//! The one way to change files: targets grouped by file, each file's changes made in one
//! editor, the new text checked against the data the changes mean, and each changed workload
//! validated again (a change may not bring an error it did not have).

use rayon::prelude::*;

use crate::change::{FileChange, unified_diff};
use crate::diagnostic::{Code, Diagnostic};
use crate::edit::{EditError, Editor, Splice, apply_splices, changes_text, verify};
use crate::error::{Error, Result};
use crate::format::Cut;
use crate::model::Workload;
use crate::ops::validate;
use crate::project::Project;
use crate::route::Route;
use crate::yaml::Document;

/// Services grouped by the file that holds them (a Console project file holds them all), in
/// the order of each file's first service; each group keeps the services' order.
pub fn by_file<'a>(svcs: impl IntoIterator<Item = &'a Workload>) -> Vec<Vec<&'a Workload>> {
    grouped(svcs, |w| w.file.as_str())
}

/// Targets, each with what a command planned for it, grouped by file as [`by_file`] groups
/// them: the data travels with its target to [`edit_file`].
pub fn by_file_with<'a, T>(
    items: impl IntoIterator<Item = (&'a Workload, T)>,
) -> Vec<Vec<(&'a Workload, T)>> {
    grouped(items, |(w, _)| w.file.as_str())
}

fn grouped<'a, T>(items: impl IntoIterator<Item = T>, file: impl Fn(&T) -> &'a str) -> Vec<Vec<T>> {
    let mut groups: Vec<Vec<T>> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for item in items {
        match index.get(file(&item)) {
            Some(&i) => groups[i].push(item),
            None => {
                index.insert(file(&item), groups.len());
                groups.push(vec![item]);
            }
        }
    }
    groups
}

/// Runs `f` for each of `items`, services of one file each with its command's data, in one
/// editor; checks the file once and validates each service it changed: a change may not bring
/// an error the service did not have. Returns, for each service, whether `f` changed it, and
/// the file's change (`None` when nothing changes).
pub fn edit_file<'d, T>(
    project: &Project,
    items: &[(&'d Workload, T)],
    f: impl FnMut(&'d Workload, &T, &mut Editor<'d>) -> std::result::Result<(), EditError>,
) -> Result<(Vec<bool>, Option<FileChange>)> {
    edit_file_cutting(project, items, &[], f)
}

/// [`edit_file`], and when `items` are held in values of their file (inline patches), the
/// `cuts` (what removing a sidecar cuts from a held text, `Format::cut_of`) made in those
/// values too. A file's own cuts are the caller's to make, on the text this returns.
pub fn edit_file_cutting<'d, T>(
    project: &Project,
    items: &[(&'d Workload, T)],
    cuts: &[(&Workload, Cut)],
    mut f: impl FnMut(&'d Workload, &T, &mut Editor<'d>) -> std::result::Result<(), EditError>,
) -> Result<(Vec<bool>, Option<FileChange>)> {
    let Some(&(first, _)) = items.first() else {
        return Ok((Vec::new(), None));
    };
    for (svc, _) in items {
        refuse_blocked(svc)?;
    }
    refuse_partial_sources(items)?;
    if super::held::held(first).is_some() {
        return super::held::edit_held(project, items, cuts, f);
    }
    edit_in(project, first.document()?, items, &mut f)
}

/// [`edit_file`] on `doc`, the text `items` are read from.
pub(super) fn edit_in<'d, T>(
    project: &Project,
    doc: &'d Document,
    items: &[(&'d Workload, T)],
    f: &mut impl FnMut(&'d Workload, &T, &mut Editor<'d>) -> std::result::Result<(), EditError>,
) -> Result<(Vec<bool>, Option<FileChange>)> {
    let Some(&(first, _)) = items.first() else {
        return Ok((Vec::new(), None));
    };
    let file = first.file.as_str();
    let mut changed = Vec::with_capacity(items.len());
    // A file of objects (Kubernetes) is small and its workloads are found by route: it is read
    // again whole.
    let spliced = !project.format.traits().cluster_objects;
    // Workloads at one route of one file are one entry reached several times (a kustomize
    // patch reaching several workloads): it is changed once, and each reports that change.
    let mut seen: Vec<(&Route, bool)> = Vec::new();
    let Some((change, new_doc)) = edit_checked(doc, file, spliced, |ed| {
        for (svc, data) in items {
            if let Some(&(_, was)) = seen.iter().find(|(r, _)| **r == svc.route) {
                changed.push(was);
                continue;
            }
            let before = ed.changes();
            f(svc, data, ed)?;
            changed.push(ed.changes() > before);
            seen.push((&svc.route, ed.changes() > before));
        }
        Ok(())
    })?
    else {
        return Ok((vec![false; items.len()], None));
    };
    let changed_svcs: Vec<&Workload> = items
        .iter()
        .zip(&changed)
        .filter(|(_, c)| **c)
        .map(|((s, _), _)| *s)
        .collect();
    refuse_new_errors(project, first, &changed_svcs, new_doc)?;
    Ok((changed, Some(change)))
}

/// Refuses to change an entry that reaches more workloads (a kustomize patch with a target
/// selector) for only some of them: the others would change too, unasked.
fn refuse_partial_sources<T>(items: &[(&Workload, T)]) -> Result<()> {
    let bare = |id: &str| id.rsplit_once('#').map_or(id, |(_, rest)| rest).to_string();
    let chosen: std::collections::HashSet<String> =
        items.iter().map(|(w, _)| bare(&w.id)).collect();
    for (w, _) in items {
        let Some(source) = w.object.as_ref().and_then(|o| o.source.as_ref()) else {
            continue;
        };
        let left: Vec<&str> = source
            .reaches
            .iter()
            .filter(|id| !chosen.contains(&bare(id)))
            .map(String::as_str)
            .collect();
        if !left.is_empty() {
            return Err(Error::failed(format!(
                "{} adds the sidecar to {} as well: changing it changes every workload it \
                 reaches; name them all, or choose every one",
                source.file,
                left.join(", ")
            )));
        }
    }
    Ok(())
}

/// Refuses a change that brings an error: what `validate` says of each of `changed` (services
/// of `first`'s file) in the new text, and the new text's type errors, compared with what the
/// old text said.
fn refuse_new_errors(
    project: &Project,
    first: &Workload,
    changed_svcs: &[&Workload],
    new_doc: Checked,
) -> Result<()> {
    let file = first.file.as_str();
    // What `validate` says of each changed service in the new text, and its type errors.
    let (news, mut type_errors) = match new_doc {
        Checked::Parsed(new_doc) => match project.checks_by_route(&new_doc, file) {
            Some((by_route, type_errors)) => (of_each(&by_route, changed_svcs), type_errors),
            None => {
                let (new_svcs, type_errors) = project.workloads_to_check(*new_doc, file);
                (checks_of(project, &new_svcs, changed_svcs), type_errors)
            }
        },
        Checked::Spliced(splices) => {
            let (new_svcs, type_errors) =
                reread(project, &first.document()?.text, &splices, changed_svcs)?;
            (checks_of(project, &new_svcs, changed_svcs), type_errors)
        }
    };
    // What the changed services said before: found only when the change brings an error.
    let olds = std::cell::OnceCell::new();
    let olds = || olds.get_or_init(|| old_checks(project, first, changed_svcs));
    // A patch (its sidecars come from another file) is a partial object: one left with no
    // container (an emptied patch kept) says nothing wrong of the workload it reaches.
    let partial = first.object.as_ref().is_some_and(|o| o.source.is_some());
    if partial {
        type_errors.retain(|d| d.code != Code::WorkloadNoContainers);
    }
    let new_error = |old: &[Diagnostic], d: &Diagnostic| {
        d.is_error()
            && !(partial && d.code == Code::WorkloadNoContainers)
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
            .and_then(|doc| project.checks_by_route(doc, file))
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
    Ok(())
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
            let same = match svc.object {
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
        .and_then(|doc| project.checks_by_route(doc, &first.file));
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
    changed: &[&Workload],
) -> Result<(Vec<Workload>, Vec<Diagnostic>)> {
    // Each changed service is read again on its own: in parallel, in file order.
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
            let sub = crate::yaml::parse_json(text).map_err(|source| Error::Parse {
                file: svc.file.clone(),
                source: Box::new(source),
            })?;
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
    match svc.object.as_ref().and_then(|o| o.blocked.as_ref()) {
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
pub(super) enum Checked {
    /// Read again in full.
    Parsed(Box<Document>),
    /// A JSON file checked value by value: the old text and these splices.
    Spliced(Vec<Splice>),
}

/// The change and the document its text parses to.
pub(super) fn edit_checked<'d>(
    doc: &'d Document,
    file: &str,
    spliced: bool,
    f: impl FnOnce(&mut Editor<'d>) -> std::result::Result<(), EditError>,
) -> Result<Option<(FileChange, Checked)>> {
    let mut editor = Editor::new(doc);
    f(&mut editor).map_err(|e| Error::edit(file, e))?;
    let edit = editor.finish().map_err(|e| Error::edit(file, e))?;
    let splices = edit.splices;
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
        // A project of thousands of services in one file: each changed value is read again,
        // and the new text is made only to be shown or written (never held beside the old
        // one and its tree); the change shares the document's text.
        if !changes_text(&doc.text, &splices) {
            return Ok(None);
        }
        crate::edit::check::verify_spliced(doc, &splices, &edit.patches).map_err(refused)?;
        let change = FileChange::edited(
            file.to_string(),
            doc.text.clone(),
            doc.on_disk,
            splices.clone(),
        );
        return Ok(Some((change, Checked::Spliced(splices))));
    }
    let after = apply_splices(&doc.text, &splices);
    if after == *doc.text {
        return Ok(None);
    }
    let new_doc = verify(doc, after, &edit.patches).map_err(refused)?;
    let change = FileChange::edited(file.to_string(), doc.text.clone(), doc.on_disk, splices);
    Ok(Some((change, Checked::Parsed(Box::new(new_doc)))))
}
