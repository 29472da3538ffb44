//! `delete` of a container that a patch file adds (SPEC §8.1): the patch keeps whatever else it
//! changes; a strategic-merge document left with nothing but its target's identification, or a
//! JSON 6902 operation adding the container, is cut from the file ([`Cut`]); a file left with
//! nothing is deleted, and unlisted from its kustomization (`unlist.rs`), unless the patches are
//! kept (`--keep-empty-patches`: a strategic-merge document then keeps its identification, a
//! no-op kustomize accepts).
//!
//! The editor changes values inside a document; it does not remove documents, nor items of a
//! document's top-level list (a JSON 6902 patch's operations). Those cuts are made here on
//! the text the editor made, and checked like any edit: the new text must read as the old with
//! exactly those documents or operations gone. An operation of an inline JSON 6902 list is cut
//! the same way from the patch's text, which then goes back into its value (`ops::plan`'s held
//! texts).

use crate::edit::{EditError, Editor};
use crate::format::kubernetes::changes::pod_container;
use crate::format::kubernetes::files::KUSTOMIZATION_FILES;
use crate::model::{Container, Workload};
use crate::route::{Route, Step};
use crate::yaml::{self, Document, Kind, Node};

/// What removing a container cuts from its patch file beside the editor's changes: a whole
/// document (`op` None), or the JSON 6902 operation `op` of it; with `spec`, only the
/// document's `spec` (an emptied patch kept: it still names its target, and changes nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cut {
    pub document: usize,
    pub op: Option<usize>,
    pub spec: bool,
}

/// The keys of a strategic-merge patch that only say which object it patches.
const IDENTIFICATION: &[&str] = &["apiVersion", "kind", "metadata"];
const IDENTIFYING_METADATA: &[&str] = &["name", "namespace"];

/// Whether `w` is read from a patch file (not a kustomization's inline patch).
fn in_patch_file(w: &Workload) -> bool {
    let source = w.object.as_ref().and_then(|o| o.source.as_ref());
    let name = w.file.rsplit('/').next().unwrap_or_default();
    source.is_some() && !KUSTOMIZATION_FILES.contains(&name)
}

/// What removing `c` of the patch workload `w` cuts from its file, or from its inline patch's
/// text (None: the editor does it all). With `keep`, an emptied strategic-merge document stays; a JSON 6902 patch left with
/// no operation is refused, as kustomize refuses one.
pub fn cut_of(w: &Workload, c: &Container, keep: bool) -> Result<Option<Cut>, EditError> {
    if held(w) {
        return held_cut(w, c);
    }
    if !in_patch_file(w) {
        return Ok(None);
    }
    let doc = w.document().map_err(|e| EditError::Shape(e.to_string()))?;
    if let Some((ops, index)) = super::json6902_op(w, c) {
        let count = doc.node_at(&ops).map_or(0, |n| doc.items(n).len());
        return match (count > 1, keep) {
            (true, _) => Ok(Some(Cut {
                document: ops.doc,
                op: Some(index),
                spec: false,
            })),
            (false, false) => Ok(Some(Cut {
                document: ops.doc,
                op: None,
                spec: false,
            })),
            (false, true) => Err(EditError::Shape(format!(
                "`{}` is the only operation of a JSON 6902 patch, which kustomize refuses empty; delete without keeping empty patches",
                c.name()
            ))),
        };
    }
    Ok(match climb(doc, w, c) {
        Some((map, _, true)) => Some(Cut {
            document: map.doc,
            op: None,
            spec: keep,
        }),
        _ => None,
    })
}

/// Whether `w` is read from a text held in a value of its file (an inline patch).
fn held(w: &Workload) -> bool {
    (w.object.as_ref().and_then(|o| o.source.as_ref())).is_some_and(|s| s.held.is_some())
}

/// What removing `c` cuts from the inline patch of `w`: an operation of a JSON 6902 list that
/// keeps others (the cut is made in the held text, which then goes back into its value). A
/// list's only operation is not cut: its whole entry goes (`inline::remove_last`).
fn held_cut(w: &Workload, c: &Container) -> Result<Option<Cut>, EditError> {
    let Some((ops, index)) = super::json6902_op(w, c) else {
        return Ok(None);
    };
    let doc = w.document().map_err(|e| EditError::Shape(e.to_string()))?;
    let count = doc.node_at(&ops).map_or(0, |n| doc.items(n).len());
    Ok((count > 1).then_some(Cut {
        document: ops.doc,
        op: Some(index),
        spec: false,
    }))
}

/// Removes `c`, the last entry of its list in a patch (a file's, or an inline patch's text)
/// whose pod holds nothing else and that changes more (else it is cut, [`cut_of`]): the
/// outermost mapping that holds only it goes. None when the editor's plain removal does (the
/// list or its pod holds more).
pub fn remove_last(
    ed: &mut Editor<'_>,
    w: &Workload,
    c: &Container,
) -> Option<Result<(), EditError>> {
    if !in_patch_file(w) && !held(w) {
        return None;
    }
    let doc = w.document().ok()?;
    // A member of the root (a Pod's `spec`) is not the editor's to remove: it refuses.
    let (map, key, _) = climb(doc, w, c).filter(|(map, ..)| !map.path.is_empty())?;
    Some(ed.remove_member_keeping_map(&map, &key))
}

/// When `c` is its list's only entry and its pod holds nothing else (but the volumes only `c`
/// mounts): the mapping to remove a member of (the outermost below the document's root that
/// holds only `c` is that member), the member, and whether the document then only names its
/// target.
fn climb(doc: &Document, w: &Workload, c: &Container) -> Option<(Route, String, bool)> {
    let (list, _) = crate::format::list_item(&c.slot)?;
    if doc.node_at(list).map(|n| doc.items(n).len()) != Some(1) {
        return None;
    }
    let (pod_spec, Step::Key(list_key)) = list.split_last()? else {
        return None;
    };
    let pod = crate::format::kubernetes::pod_of(w).ok()?;
    let orphans = pod_container(&pod, c).map_or(0, |pc| pod.volumes_only_mounted_by(pc).len());
    let all_volumes_go = orphans > 0 && orphans == pod.volume_items;
    let members = keys(doc, doc.node_at(&pod_spec)?);
    let left = members
        .iter()
        .any(|k| k != list_key && !(k == "volumes" && all_volumes_go));
    if left {
        return None;
    }
    let (mut map, mut key) = match pod_spec.split_last()? {
        (parent, Step::Key(k)) => (parent, k.clone()),
        _ => return None,
    };
    // Up to a member of the document's root (`spec`): the editor removes no member of a
    // document's root (a document left with no change is cut).
    while map.path.len() > 1 && keys(doc, doc.node_at(&map)?).len() == 1 {
        match map.split_last()? {
            (parent, Step::Key(k)) => (map, key) = (parent.clone(), k.clone()),
            _ => return None,
        }
    }
    let only_names = match map.split_last() {
        Some((root, Step::Key(top))) if root.path.is_empty() => {
            keys(doc, doc.node_at(&map)?).len() == 1 && names_only(doc, doc.node_at(&root)?, top)
        }
        // A Pod's pod spec is the root's `spec` itself.
        None => names_only(doc, doc.node_at(&map)?, &key),
        _ => false,
    };
    Some((map, key, only_names))
}

fn keys(doc: &Document, map: &Node) -> Vec<String> {
    doc.entries(map)
        .into_iter()
        .map(|(k, _, _)| k.to_string())
        .collect()
}

/// Whether the document `root`, without its member `without`, only names the object it patches.
fn names_only(doc: &Document, root: &Node, without: &str) -> bool {
    doc.entries(root).into_iter().all(|(k, _, v)| {
        k == without
            || k == "metadata"
                && keys(doc, v)
                    .iter()
                    .all(|m| IDENTIFYING_METADATA.contains(&&**m))
            || k != "metadata" && IDENTIFICATION.contains(&k)
    })
}

/// `text` (the patch file `file`) without the documents and operations `cuts` names; None when
/// nothing is left of it. Refused when the cut cannot be made in the text's style (a flow list
/// of operations) or its result does not read as the old data without them.
pub fn apply_cuts(file: &str, text: &str, cuts: &[Cut]) -> Result<Option<String>, String> {
    let by_hand = |why: &str| format!("{file}: {why}; remove it by hand; nothing was written");
    let doc = yaml::parse_stream(text.to_string()).map_err(|e| format!("{file}: {}", e.message))?;
    if doc.is_json() {
        return Err(by_hand("a JSON patch file is not cut"));
    }
    let mut gone: Vec<usize> = cuts
        .iter()
        .filter(|c| c.op.is_none() && !c.spec)
        .map(|c| c.document)
        .collect();
    gone.sort_unstable();
    gone.dedup();
    if gone.len() == doc.documents() {
        return Ok(None);
    }
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for c in cuts.iter().filter(|c| !gone.contains(&c.document)) {
        if let Some(op) = c.op {
            spans.push(op_span(&doc, c.document, op).ok_or_else(|| {
                by_hand("its operations are not a block list, one `- ` item each")
            })?);
        } else if c.spec {
            spans.push(spec_span(&doc, c.document).ok_or_else(|| {
                by_hand("its `spec` is not a block mapping's member on lines of its own")
            })?);
        }
    }
    spans.extend(gone.iter().map(|&d| document_span(&doc, d)));
    spans.sort_unstable();
    spans.dedup();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in spans {
        out.push_str(&text[at..start.max(at)]);
        at = end.max(at);
    }
    out.push_str(&text[at..]);
    check(file, &doc, &out, &gone, cuts)?;
    Ok(Some(out))
}

/// The text of document `d` with the separator line that starts it; the first document's
/// with the separator that ends it (its header comments go with it).
fn document_span(doc: &Document, d: usize) -> (usize, usize) {
    let text = doc.text.as_str();
    let starts = document_starts(doc);
    let start = starts[d];
    let end = starts.get(d + 1).copied().unwrap_or(text.len());
    match d {
        0 if starts.len() > 1 => (0, line_end(text, end)),
        _ => (start, end),
    }
}

/// Where each document's text starts: 0, then the separator line (`---`) before each root.
fn document_starts(doc: &Document) -> Vec<usize> {
    let text = doc.text.as_str();
    let roots: Vec<&Node> = doc.roots().collect();
    let mut starts = vec![0];
    for pair in roots.windows(2) {
        let (prev_end, next_start) = (pair[0].end, pair[1].start);
        let mut sep = next_start;
        let mut at = line_start(text, prev_end.min(text.len()));
        while at < next_start {
            if text[at..].starts_with("---") {
                sep = at;
                break;
            }
            at = line_end(text, at);
        }
        starts.push(sep);
    }
    starts
}

/// The lines of operation `op` of document `d`'s top-level block list, with the comment lines
/// directly above it (but the first's), up to the next operation's.
fn op_span(doc: &Document, d: usize, op: usize) -> Option<(usize, usize)> {
    let text = doc.text.as_str();
    let root = doc.resolve(doc.root_of(d)?);
    let Kind::Seq { items, flow: false } = &root.kind else {
        return None;
    };
    let item = items.get(op)?;
    let mut start = line_start(text, item.start);
    if !text[start..item.start].trim_end().ends_with('-') {
        return None;
    }
    // The comment lines directly above an operation are its own; above the first, the file's.
    while op > 0 && start > 0 {
        let prev = line_start(text, start - 1);
        if !text[prev..start].trim_start().starts_with('#') {
            break;
        }
        start = prev;
    }
    let end = match items.get(op + 1) {
        Some(next) => {
            let mut end = line_start(text, next.start);
            while end > start {
                let prev = line_start(text, end - 1);
                let line = text[prev..end].trim();
                if !line.starts_with('#') && !line.is_empty() {
                    break;
                }
                end = prev;
            }
            end
        }
        None => line_end(text, text[..item.end].trim_end().len().max(start)),
    };
    Some((start, end))
}

/// The lines of the member `spec` of document `d` (a block mapping), with the comment lines
/// directly above it.
fn spec_span(doc: &Document, d: usize) -> Option<(usize, usize)> {
    let text = doc.text.as_str();
    let root = doc.resolve(doc.root_of(d)?);
    let Kind::Map {
        entries,
        flow: false,
    } = &root.kind
    else {
        return None;
    };
    let (k, v) = entries.iter().find(|(k, _)| k.as_str() == Some("spec"))?;
    let mut start = line_start(text, k.start);
    if !text[start..k.start].trim().is_empty() {
        return None;
    }
    while start > 0 {
        let prev = line_start(text, start - 1);
        if !text[prev..start].trim_start().starts_with('#') {
            break;
        }
        start = prev;
    }
    let last = text[..v.end.max(k.end).min(text.len())].trim_end().len();
    Some((start, line_end(text, last)))
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The cut text must read as the old data without the documents `gone` and the operations
/// cut, as every reader reads it.
fn check(
    file: &str,
    old: &Document,
    new: &str,
    gone: &[usize],
    cuts: &[Cut],
) -> Result<(), String> {
    let refused = |why: String| format!("refusing to write {file}: {why}; nothing was written");
    let new = yaml::parse_stream(new.to_string()).map_err(|e| refused(e.message))?;
    for schema in [yaml::Schema::Core, yaml::Schema::Yaml11] {
        let values = |d: &Document| -> Result<Vec<serde_json::Value>, String> {
            d.roots()
                .map(|r| yaml::to_value_as(d, r, schema).map_err(|e| refused(e.message)))
                .collect()
        };
        let mut want = Vec::new();
        for (i, mut v) in values(old)?.into_iter().enumerate() {
            if gone.contains(&i) {
                continue;
            }
            if cuts.iter().any(|c| c.document == i && c.spec)
                && let Some(m) = v.as_object_mut()
            {
                m.remove("spec");
            }
            let mut ops: Vec<usize> = cuts
                .iter()
                .filter(|c| c.document == i)
                .filter_map(|c| c.op)
                .collect();
            ops.sort_unstable();
            if let Some(list) = v.as_array_mut() {
                for op in ops.into_iter().rev() {
                    list.remove(op);
                }
            }
            want.push(v);
        }
        if values(&new)? != want {
            return Err(refused(
                "the cut text does not read as the old without what was cut".to_string(),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, cuts: &[Cut]) -> Option<String> {
        apply_cuts("p.yaml", text, cuts).unwrap()
    }

    #[test]
    fn a_document_goes_with_its_separator() {
        let text = "# patches\na: 1\n---\nb: 2\n---\nc: 3\n";
        let doc = |d| Cut {
            document: d,
            op: None,
            spec: false,
        };
        assert_eq!(
            cut(text, &[doc(1)]).as_deref(),
            Some("# patches\na: 1\n---\nc: 3\n")
        );
        assert_eq!(
            cut(text, &[doc(2)]).as_deref(),
            Some("# patches\na: 1\n---\nb: 2\n")
        );
        assert_eq!(cut(text, &[doc(0)]).as_deref(), Some("b: 2\n---\nc: 3\n"));
        assert_eq!(cut(text, &[doc(0), doc(1), doc(2)]), None);
    }

    #[test]
    fn an_operation_goes_with_its_lines_not_the_next_ones_comments() {
        let text = "- op: add\n  path: /a/-\n  value: {name: x}\n# the second\n- op: add\n  path: /b\n  value: 1\n";
        let op = |i| Cut {
            document: 0,
            op: Some(i),
            spec: false,
        };
        let want = "# the second\n- op: add\n  path: /b\n  value: 1\n";
        assert_eq!(cut(text, &[op(0)]).as_deref(), Some(want));
        let want = "- op: add\n  path: /a/-\n  value: {name: x}\n";
        assert_eq!(cut(text, &[op(1)]).as_deref(), Some(want));
        let flow = "[{op: add, path: /a/-, value: 1}, {op: remove, path: /b}]\n";
        assert!(apply_cuts("p.yaml", flow, &[op(0)]).is_err());
    }

    #[test]
    fn a_kept_document_loses_its_spec_only() {
        let text = "kind: Deployment\nmetadata: {name: a}\n# adds the proxy\nspec:\n  template:\n    spec:\n      containers:\n      - name: envoy\n---\nkind: Job\n";
        let spec = Cut {
            document: 0,
            op: None,
            spec: true,
        };
        let want = "kind: Deployment\nmetadata: {name: a}\n---\nkind: Job\n";
        assert_eq!(cut(text, &[spec]).as_deref(), Some(want));
    }
}
