//! A deleted patch file's entries taken out of the kustomization that names it (`patches:`,
//! `patchesStrategicMerge:`, `patchesJson6902:`): each entry's lines with the comment lines
//! directly above it; a list left empty takes its key (and the comments above the key) with
//! it, as the editor removes a list's last entry, unless the kustomization would then hold
//! nothing but `apiVersion` and `kind`, which kustomize refuses as empty: that key stays,
//! `[]`.

use std::path::Path;

use serde_json::Value;

use crate::format::kubernetes::files::normalise;
use crate::yaml::{self, Document, Kind, Node};

const LISTS: &[&str] = &["patches", "patchesStrategicMerge", "patchesJson6902"];

/// The kustomization of the folder `dir` without its entries naming any of `files` (paths
/// from the project root): its file, its text before and after. Refused (a message) when an
/// entry is not written one `- ` item a line, or the result does not read as the old data
/// without those entries.
pub fn unlist(
    root: &Path,
    dir: &str,
    files: &[String],
    text: Option<&str>,
) -> Result<(String, String, String), String> {
    let file = crate::format::kubernetes::files::kustomization_file(root, dir)
        .ok_or_else(|| format!("`{}` has no kustomization", super::folder(dir)))?;
    let before = text.map_or_else(|| read(root, &file), |t| Ok(t.to_string()))?;
    let by_hand = |why: &str| {
        format!(
            "{file}: {why}; unlist the deleted patch by hand, or keep it with its file; nothing was written"
        )
    };
    let doc = yaml::parse(before.clone()).map_err(|e| format!("{file}: {}", e.message))?;
    let top = doc.resolve(&doc.root);
    let names = |item: &Node| -> Option<String> {
        let path = match item.as_str() {
            Some(p) => p,
            None => doc.get(item, "path")?.as_str()?,
        };
        normalise(&Path::new(dir).join(path))
    };
    let text = before.as_str();
    let mut spans: Vec<(usize, usize, String)> = Vec::new();
    // The first list emptied, in case the kustomization would be left empty: (its key's line
    // start, its end, the key).
    let mut emptied: Option<(usize, usize, &str)> = None;
    let mut want = yaml::to_value(&doc, top).map_err(|e| format!("{file}: {}", e.message))?;
    for key in LISTS {
        let Some((key_node, list)) = doc
            .entries(top)
            .into_iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, k, v)| (k, v))
        else {
            continue;
        };
        let items = doc.items(list);
        let gone: Vec<usize> = (0..items.len())
            .filter(|&i| names(items[i]).is_some_and(|n| files.contains(&n)))
            .collect();
        if gone.is_empty() {
            continue;
        }
        if !matches!(list.kind, Kind::Seq { flow: false, .. }) {
            return Err(by_hand(&format!("its `{key}` is not a block list")));
        }
        if gone.len() == items.len() {
            let key_line = line_start(text, key_node.start);
            let end = item_end(text, items[items.len() - 1]);
            emptied.get_or_insert((key_line, end, key));
            spans.push((heading(text, key_line), end, String::new()));
            if let Value::Object(m) = &mut want {
                m.remove(*key);
            }
            continue;
        }
        for &i in &gone {
            let start = line_start(text, items[i].start);
            if !text[start..items[i].start].trim_end().ends_with('-') {
                return Err(by_hand(&format!("an entry of its `{key}` shares its line")));
            }
            let end = match items.get(i + 1) {
                Some(next) => heading(text, line_start(text, next.start)),
                None => item_end(text, items[i]),
            };
            spans.push((heading(text, start), end, String::new()));
        }
        if let Some(list) = want.get_mut(*key).and_then(Value::as_array_mut) {
            for &i in gone.iter().rev() {
                list.remove(i);
            }
        }
    }
    keep_one_key(text, emptied, &mut spans, &mut want);
    let after = spliced(text, spans);
    check(&file, &after, &want)?;
    Ok((file, before, after))
}

/// When the kustomization would hold nothing but `apiVersion` and `kind` (kustomize refuses
/// it as empty), the first list `emptied` keeps its key, `[]`.
fn keep_one_key(
    text: &str,
    emptied: Option<(usize, usize, &str)>,
    spans: &mut Vec<(usize, usize, String)>,
    want: &mut Value,
) {
    let bare = |v: &Value| {
        v.as_object()
            .is_none_or(|m| m.keys().all(|k| k == "apiVersion" || k == "kind"))
    };
    if let Some((key_line, end, key)) = emptied.filter(|_| bare(want)) {
        let nl = if text[..end].ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        spans.retain(|(_, e, _)| *e != end);
        spans.push((key_line, end, format!("{key}: []{nl}")));
        if let Value::Object(m) = want {
            m.insert(key.to_string(), Value::Array(Vec::new()));
        }
    }
}

/// `text` with each span (start, end) replaced by its text.
fn spliced(text: &str, mut spans: Vec<(usize, usize, String)>) -> String {
    spans.sort_unstable();
    let mut after = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, with) in spans {
        after.push_str(&text[at..start.max(at)]);
        after.push_str(&with);
        at = end.max(at);
    }
    after.push_str(&text[at..]);
    after
}

/// The new kustomization must read as the old without the entries.
/// The kustomization `file`'s text, as on disk.
fn read(root: &Path, file: &str) -> Result<String, String> {
    std::fs::read_to_string(root.join(file)).map_err(|e| format!("{file}: {e}"))
}

fn check(file: &str, after: &str, want: &Value) -> Result<(), String> {
    let refused = |why: &str| format!("refusing to write {file}: {why}; nothing was written");
    let new: Document = yaml::parse(after.to_string()).map_err(|e| refused(&e.message))?;
    let got = yaml::to_value(&new, new.resolve(&new.root)).map_err(|e| refused(&e.message))?;
    let empty = |v: &Value| v.is_null() || v.as_object().is_some_and(|m| m.is_empty());
    if &got != want && !(empty(&got) && empty(want)) {
        return Err(refused(
            "the kustomization would not read as the old without the entries",
        ));
    }
    Ok(())
}

/// Where the comment lines directly above the line at `line` start (`line` if none).
fn heading(text: &str, line: usize) -> usize {
    let mut start = line;
    while start > 0 {
        let prev = line_start(text, start - 1);
        if !text[prev..start].trim_start().starts_with('#') {
            break;
        }
        start = prev;
    }
    start
}

/// The end of the line holding the last character of `item`.
fn item_end(text: &str, item: &Node) -> usize {
    let last = text[..item.end.min(text.len())].trim_end().len();
    text[last..].find('\n').map_or(text.len(), |i| last + i + 1)
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unlisted(text: &str, files: &[&str]) -> Result<String, String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("ov")).unwrap();
        std::fs::write(dir.path().join("ov/kustomization.yaml"), text).unwrap();
        let files: Vec<String> = files.iter().map(|f| f.to_string()).collect();
        unlist(dir.path(), "ov", &files, None).map(|(_, _, after)| after)
    }

    #[test]
    fn an_entry_goes_with_its_comments_and_an_emptied_list_with_its_key() {
        let text = "resources:\n  - ../base\n# the proxy\npatches:\n  # mesh\n  - path: a.yaml\n    target:\n      kind: Deployment\n  # stats\n  - path: b.yaml\npatchesStrategicMerge:\n  - c.yaml\nimages: []\n";
        let want = "resources:\n  - ../base\n# the proxy\npatches:\n  # stats\n  - path: b.yaml\nimages: []\n";
        assert_eq!(unlisted(text, &["ov/a.yaml", "ov/c.yaml"]).unwrap(), want);
        let want = "resources:\n  - ../base\npatchesStrategicMerge:\n  - c.yaml\nimages: []\n";
        assert_eq!(unlisted(text, &["ov/a.yaml", "ov/b.yaml"]).unwrap(), want);
        // Left with nothing else, a kustomization is refused by kustomize: the key stays.
        let text = "kind: Component\r\n# spans\r\npatches:\r\n- path: a.yaml\r\n";
        let want = "kind: Component\r\n# spans\r\npatches: []\r\n";
        assert_eq!(unlisted(text, &["ov/a.yaml"]).unwrap(), want);
        let flow = "patchesStrategicMerge: [c.yaml, d.yaml]\n";
        assert!(unlisted(flow, &["ov/c.yaml"]).is_err());
    }
}
