//! Changing workloads whose text is held as a value of their file (a kustomization's inline
//! `patch: |-`, SPEC §8.1): each held text is edited as a document of its own, in its own
//! editor, and checked and validated as a file would be; its new text then goes back into its
//! value, the header and indentation kept (`Editor::set_block_text`), and the file is checked
//! as any file: the value must read as the edited text, everything else as before. A change
//! that leaves a held text changing nothing (`EditError::Emptied`) removes the value's entry
//! from its list instead (the list's key goes with its last entry, unless nothing but
//! `apiVersion` and `kind` would be left).

use std::sync::Arc;

use crate::change::FileChange;
use crate::edit::{EditError, Editor};
use crate::error::{Error, Result};
use crate::format::Cut;
use crate::model::{Held, Workload};
use crate::project::Project;
use crate::route::{Route, Step};
use crate::yaml::Document;

/// Where `w`'s text is held in its file, if it is.
pub(super) fn held(w: &Workload) -> Option<&Held> {
    w.object.as_ref()?.source.as_ref()?.held.as_ref()
}

/// What one held text becomes.
enum Outcome {
    Text(String),
    Emptied,
}

/// [`super::edit_file`] for `items` whose texts are held in values of their file; `cuts` (a
/// target and what removing its sidecar cuts from its held text, see `Format::cut_of`) are
/// made in the text the editor made of that value.
pub(super) fn edit_held<'d, T>(
    project: &Project,
    items: &[(&'d Workload, T)],
    cuts: &[(&Workload, Cut)],
    mut f: impl FnMut(&'d Workload, &T, &mut Editor<'d>) -> std::result::Result<(), EditError>,
) -> Result<(Vec<bool>, Option<FileChange>)> {
    let first = items[0].0;
    let file = first.file.as_str();
    let host = host_of(first)?;
    let mut changed = vec![false; items.len()];
    let mut outcomes: Vec<(Route, Outcome)> = Vec::new();
    for (route, group) in by_value(items)? {
        let part: Vec<(&'d Workload, &T)> =
            group.iter().map(|&i| (items[i].0, &items[i].1)).collect();
        let doc = part[0].0.document()?;
        let mut g = |w: &'d Workload, t: &&T, ed: &mut Editor<'d>| f(w, t, ed);
        let edited = match super::checked::edit_in(project, doc, &part, &mut g) {
            Ok((_, change)) => change.map(|c| c.after()),
            Err(Error::Edit { source, .. }) if matches!(*source, EditError::Emptied(_)) => {
                outcomes.push((route, Outcome::Emptied));
                group.iter().for_each(|&i| changed[i] = true);
                continue;
            }
            Err(e) => return Err(e),
        };
        let Some(outcome) = cut_value(project, file, doc, &route, cuts, edited)? else {
            continue;
        };
        for &i in &group {
            changed[i] = true;
        }
        outcomes.push((route, outcome));
    }
    if outcomes.is_empty() {
        return Ok((changed, None));
    }
    let whole = emptied_lists(host, &outcomes);
    let keep = key_to_keep(host, &whole);
    let change = super::checked::edit_doc(host, file, |ed| {
        // A list all of whose entries go goes at once: with its key, or keeping it as `[]`.
        for list in &whole {
            match keep.as_ref() == Some(list) {
                true => ed.empty_keeping_key(list)?,
                false => ed.remove_all(list)?,
            }
        }
        for (route, outcome) in &outcomes {
            match outcome {
                Outcome::Text(text) => ed.set_block_text(route, text)?,
                Outcome::Emptied => {
                    let (list, index) = entry_of(route)?;
                    if !whole.contains(&list) {
                        ed.remove(&list, index)?;
                    }
                }
            }
        }
        Ok(())
    })?;
    Ok((changed, change))
}

/// What the value at `route` (held text `doc`, `edited` by the editor) becomes once the `cuts`
/// made in it are made (None: it does not change). The cut text is checked as a cut file is.
fn cut_value(
    project: &Project,
    file: &str,
    doc: &Document,
    route: &Route,
    cuts: &[(&Workload, Cut)],
    edited: Option<String>,
) -> Result<Option<Outcome>> {
    let mut mine: Vec<Cut> = (cuts.iter())
        .filter(|(w, _)| held(w).is_some_and(|h| h.route == *route))
        .map(|(_, c)| *c)
        .collect();
    if mine.is_empty() {
        return Ok(edited.map(Outcome::Text));
    }
    mine.sort_unstable();
    mine.dedup();
    let text = edited.unwrap_or_else(|| doc.text.to_string());
    let cut = (project.format.apply_cuts(file, &text, &mine)).map_err(Error::failed)?;
    // The line breaks ending a held text are its header's chomping (`|-`: none), which stays:
    // a cut last operation takes its own line break, not the text's.
    let ends = &text[text.trim_end_matches('\n').len()..];
    let keep_end = |cut: String| format!("{}{ends}", cut.trim_end_matches('\n'));
    Ok(Some(
        cut.map_or(Outcome::Emptied, |t| Outcome::Text(keep_end(t))),
    ))
}

/// The lists of `host` every entry of which is `Emptied`.
fn emptied_lists(host: &Document, outcomes: &[(Route, Outcome)]) -> Vec<Route> {
    let gone: Vec<(Route, usize)> = (outcomes.iter())
        .filter(|(_, o)| matches!(o, Outcome::Emptied))
        .filter_map(|(route, _)| entry_of(route).ok())
        .collect();
    let mut out: Vec<Route> = Vec::new();
    for (list, _) in &gone {
        let taken = gone.iter().filter(|(l, _)| l == list).count();
        let items = host.get_at(list).map_or(0, |n| host.items(n).len());
        if taken == items && !out.contains(list) {
            out.push(list.clone());
        }
    }
    out
}

/// The list whose key stays, `[]`, when removing the `emptied` lists would leave the file
/// (a kustomization) with nothing but `apiVersion` and `kind`: kustomize refuses such a file
/// as empty (the unlisting of a patch file keeps one key the same way).
fn key_to_keep(host: &Document, emptied: &[Route]) -> Option<Route> {
    let top = host.resolve(&host.root);
    let mut keep = None;
    for (key, _, _) in host.entries(top) {
        if key == "apiVersion" || key == "kind" {
            continue;
        }
        let list = Route::root(0).key(key);
        if !emptied.contains(&list) {
            return None;
        }
        keep.get_or_insert(list);
    }
    keep
}

/// The file `w`'s text is held in, as read.
fn host_of(w: &Workload) -> Result<&Arc<Document>> {
    held(w).and_then(|h| h.file.as_ref()).ok_or_else(|| {
        Error::failed(format!(
            "internal error: {} was loaded without its text",
            w.file
        ))
    })
}

/// The indexes of `items` by the value holding their text, in the order first met.
fn by_value<T>(items: &[(&Workload, T)]) -> Result<Vec<(Route, Vec<usize>)>> {
    let mut groups: Vec<(&Route, Vec<usize>)> = Vec::new();
    for (i, (w, _)) in items.iter().enumerate() {
        let Some(h) = held(w) else {
            return Err(Error::failed(format!(
                "internal error: {} mixes held texts and its own",
                w.file
            )));
        };
        match groups.iter_mut().find(|(r, _)| **r == h.route) {
            Some((_, g)) => g.push(i),
            None => groups.push((&h.route, vec![i])),
        }
    }
    Ok(groups.into_iter().map(|(r, g)| (r.clone(), g)).collect())
}

/// The list item holding the value at `route`: the item itself, or the item whose key it is
/// (`patches[2].patch` is item 2 of `patches`).
fn entry_of(route: &Route) -> std::result::Result<(Route, usize), EditError> {
    let item = match route.split_last() {
        Some((parent, Step::Key(_))) => parent,
        _ => route.clone(),
    };
    match item.split_last() {
        Some((list, Step::Index(i))) => Ok((list, *i)),
        _ => Err(EditError::Shape(format!(
            "`{route}` is no entry of a list; remove it by hand"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::entry_of;
    use crate::route::Route;

    #[test]
    fn a_held_value_is_removed_with_its_list_entry() {
        let patches = Route::root(0).key("patches");
        let at = patches.index(2).key("patch");
        assert_eq!(entry_of(&at).ok(), Some((patches, 2)));
        let merged = Route::root(0).key("patchesStrategicMerge");
        assert_eq!(entry_of(&merged.index(0)).ok(), Some((merged, 0)));
        assert!(entry_of(&Route::root(0).key("patch")).is_err());
    }
}
