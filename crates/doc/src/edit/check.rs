//! The write check: before any file is replaced, its new text is parsed again and its data must
//! equal the old data with exactly the editor's patches applied; and, independently of how our
//! reader reads values, every entry the change leaves alone must keep its exact text.

use serde_json::Value;

use super::error::CheckError;
use super::extent::{
    block_header, block_scalar_ending_at, item_extent, line_end, line_start, strip_token,
};
use super::patch::{self, Patch};

mod by_parts;
use crate::route::Step;
use crate::yaml::{self, Document, Kind, Node, Schema};

/// Parses `new_text` and compares it with `old` changed by `patches` (see `edit::patch`).
/// Returns the new document.
pub fn verify(old: &Document, new_text: String, patches: &[Patch]) -> Result<Document, CheckError> {
    if old.is_json() {
        return super::check_json::verify(old, new_text, patches);
    }
    let parse = if old.documents() > 1 {
        yaml::parse_stream
    } else {
        yaml::parse
    };
    let new = parse(new_text).map_err(|e| CheckError::Unparsable {
        message: e.message,
        line: e.line,
        column: e.column,
    })?;
    if by_parts::same_data(old, &new, patches) {
        // Debug builds (every test) prove the shortcut never passes what the full check refuses.
        #[cfg(debug_assertions)]
        if let Err(e) = same_data(old, &new, patches) {
            panic!("the data check by parts passed what the full check refuses: {e}");
        }
    } else {
        same_data(old, &new, patches)?;
    }
    // The paths the patches reach, by document (a removal reaches the item it removes).
    let mut reached: Vec<Vec<Vec<Step>>> = vec![Vec::new(); old.documents()];
    for p in patches {
        let index = match p {
            Patch::Remove { index, .. } => Some(Step::Index(*index)),
            Patch::Set { .. } | Patch::Insert { .. } => None,
        };
        let route = p.route();
        if let Some(doc) = reached.get_mut(route.doc) {
            doc.push(route.path.iter().cloned().chain(index).collect());
        }
    }
    for ((o, n), reached) in old.roots().zip(new.roots()).zip(&reached) {
        untouched_text_kept(old, o, &new, n, reached)?;
    }
    Ok(new)
}

/// [`verify`] of a JSON file without making or reading all of its new text: see
/// `edit::check_json::verify_spliced`.
pub fn verify_spliced(
    old: &Document,
    splices: &[super::Splice],
    patches: &[Patch],
) -> Result<(), CheckError> {
    super::check_json::verify_spliced(old, splices, patches)
}

/// The data check on whole documents: `new` must read as `old` with `patches` applied, both as
/// we read YAML (1.2) and as YAML 1.1 readers do (kubectl, PyYAML): our reader and our writer
/// agree with each other by construction, so only the second reading sees new text that means
/// something else to them (`400` written for a copied `0400`, `"no"` for `no`).
fn same_data(old: &Document, new: &Document, patches: &[Patch]) -> Result<(), CheckError> {
    same_data_as(old, new, patches, Schema::Core)?;
    // The second reading is the first when no side holds a value YAML 1.1 reads otherwise.
    let otherwise = |d: &Document| d.roots().any(yaml::may_read_otherwise);
    if !otherwise(old) && !otherwise(new) && !patches.iter().any(Patch::has_yaml11) {
        return Ok(());
    }
    same_data_as(old, new, patches, Schema::Yaml11).map_err(|e| match e {
        CheckError::Differs { at } => CheckError::Differs {
            at: format!("{at} as YAML 1.1 reads it"),
        },
        other => other,
    })
}

fn same_data_as(
    old: &Document,
    new: &Document,
    patches: &[Patch],
    schema: Schema,
) -> Result<(), CheckError> {
    let mut expected = old
        .roots()
        .map(|r| yaml::to_value_as(old, r, schema))
        .collect::<Result<Vec<_>, _>>()
        .map_err(unreadable)?;
    patch::apply_as(&mut expected, patches, schema);
    let actual = new
        .roots()
        .map(|r| yaml::to_value_as(new, r, schema))
        .collect::<Result<Vec<_>, _>>()
        .map_err(unreadable)?;
    if actual.len() != expected.len() {
        return Err(CheckError::Differs {
            at: format!(": {} documents instead of {}", actual.len(), expected.len()),
        });
    }
    let several = expected.len() > 1;
    for (i, (want, got)) in expected.iter().zip(&actual).enumerate() {
        if want != got {
            let at = first_difference(want, got, "");
            return Err(CheckError::Differs {
                at: if several {
                    format!("{at} of document {}", i + 1)
                } else {
                    at
                },
            });
        }
    }
    Ok(())
}

fn unreadable(e: yaml::ValueError) -> CheckError {
    CheckError::Unreadable(e.message)
}

/// The data check reads both texts with our own reader, so a misreading shared by both sides
/// could hide a change. This one reads no values: every top-level entry of a document that no
/// patch reaches, and every named item of a top-level list that no patch reaches, must keep its
/// exact text.
fn untouched_text_kept(
    old: &Document,
    old_root: &Node,
    new: &Document,
    new_root: &Node,
    reached: &[Vec<Step>],
) -> Result<(), CheckError> {
    let (
        Kind::Map {
            entries: old_entries,
            flow: old_flow,
        },
        Kind::Map {
            entries: new_entries,
            flow: new_flow,
        },
    ) = (&old_root.kind, &new_root.kind)
    else {
        return Ok(());
    };
    // Entries of a flow mapping share their lines: each one's text is its key to its value.
    let own_lines = |d: &Document| !(d.is_json() || *old_flow || *new_flow);
    // A path reaches an entry when it leads into it, or to a value that holds it.
    let reaches = |entry: &[Step]| {
        reached
            .iter()
            .any(|path| path.starts_with(entry) || entry.starts_with(path))
    };
    for (k, v) in old_entries {
        let Some(key) = k.as_str() else { continue };
        let Some((nk, nv)) = new_entries.iter().find(|(nk, _)| nk.as_str() == Some(key)) else {
            continue;
        };
        let at = [Step::Key(key.to_string())];
        if !reaches(&at) {
            // A JSON member's line may gain or lose the comma after it as members around it
            // come and go: its own text is the key to the end of the value.
            let span = |d: &Document, k: &Node, v: &Node| {
                if !own_lines(d) {
                    (k.start, v.end)
                } else {
                    (
                        line_start(&d.text, k.start),
                        line_end(&d.text, k.end.max(v.end)),
                    )
                }
            };
            same_text(old, span(old, k, v), new, span(new, nk, nv), || {
                format!("`{key}`")
            })?;
        } else if let (
            Kind::Seq { items, .. },
            Kind::Seq {
                items: new_items, ..
            },
        ) = (&v.kind, &nv.kind)
        {
            // Inserting into the list reaches no item; setting the list itself reaches them all.
            if reached.iter().any(|path| path.as_slice() == at) {
                continue;
            }
            named_items_kept((old, items), (new, new_items), key, reached)?;
        }
    }
    Ok(())
}

/// Every item of the top-level list `key` that has a `name`, no patch reaches, and one item of
/// that name in the new list, keeps its exact text.
fn named_items_kept(
    (old, items): (&Document, &[Node]),
    (new, new_items): (&Document, &[Node]),
    key: &str,
    reached: &[Vec<Step>],
) -> Result<(), CheckError> {
    for (i, item) in items.iter().enumerate() {
        let Some(name) = old.get(item, "name").and_then(Node::as_str) else {
            continue;
        };
        let item_at = [Step::Key(key.to_string()), Step::Index(i)];
        if reached.iter().any(|path| path.starts_with(&item_at)) {
            continue;
        }
        // The item of that name in the new list, if there is exactly one.
        let mut same_name = new_items
            .iter()
            .enumerate()
            .filter(|(_, n)| new.get(n, "name").and_then(Node::as_str) == Some(name));
        let Some((j, _)) = same_name.next().filter(|_| same_name.next().is_none()) else {
            continue;
        };
        let (Some(a), Some(b)) = (item_span(old, items, i), item_span(new, new_items, j)) else {
            continue;
        };
        same_text(old, a, new, b, || format!("`{key}` entry `{name}`"))?;
    }
    Ok(())
}

/// The lines of a block-list item, or the text of a flow-list item.
fn item_span(doc: &Document, items: &[Node], i: usize) -> Option<(usize, usize)> {
    match item_extent(&doc.text, items, i) {
        Some(e) => Some((e.start, e.end)),
        None => items.get(i).map(|n| (n.start, n.end)),
    }
}

/// Whether `old.text[a]` and `new.text[b]` are the same text. One difference is allowed, at the
/// end of a file without a final line break: text that ended the file may gain a line break, its
/// block scalar switched to strip chomping so that its value stays the same (`|` → `|-`); text
/// that comes to end the file may lose its line break, unless a block scalar whose value would
/// lose it ends there.
fn same_text(
    old: &Document,
    a: (usize, usize),
    new: &Document,
    b: (usize, usize),
    what: impl FnOnce() -> String,
) -> Result<(), CheckError> {
    let (was, now) = (&old.text[a.0..a.1], &new.text[b.0..b.1]);
    let chomped = |t: &str| {
        t.strip_suffix('\n')
            .map(|t| t.strip_suffix('\r').unwrap_or(t).to_string())
    };
    // The header of a block scalar whose last line ends `end`, if its chomping is not strip.
    let header = |doc: &Document, end: usize| {
        block_scalar_ending_at(doc, end)
            .and_then(|scalar| block_header(&doc.text, scalar))
            .filter(|(chomp, ..)| *chomp != Some('-'))
    };
    let same = was == now
        || (a.1 == old.text.len() && !was.ends_with('\n') && {
            let mut fixed = was.to_string();
            if let Some((_, s, e)) = header(old, old.text.len())
                && s >= a.0
            {
                fixed.replace_range(s - a.0..e - a.0, &strip_token(&old.text[s..e]));
            }
            chomped(now) == Some(fixed)
        })
        || (b.1 == new.text.len()
            && !now.ends_with('\n')
            && chomped(was).as_deref() == Some(now)
            && header(old, a.1).is_none());
    if same {
        return Ok(());
    }
    Err(CheckError::TextChanged {
        what: what(),
        line: old.text[..a.0].bytes().filter(|c| *c == b'\n').count() + 1,
    })
}
/// A value in a message: one of the YAML 1.1 readings JSON has no place for (see
/// `yaml::to_value_as`) as what it is, `<float .inf>`.
fn shown(v: &Value) -> String {
    match v.as_str().and_then(|s| s.strip_prefix('\0')) {
        Some(what) => format!("<{what}>"),
        None => v.to_string(),
    }
}

/// Where two values first differ, as ` at path.to.key`.
fn first_difference(a: &Value, b: &Value, path: &str) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    Some(w) if v != w => return first_difference(v, w, &format!("{path}.{k}")),
                    None => return format!(" at {path}.{k} (missing)"),
                    _ => {}
                }
            }
            match y.keys().find(|k| !x.contains_key(*k)) {
                Some(k) => format!(" at {path}.{k} (unexpected)"),
                None => String::new(),
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find(|(_, (v, w))| v != w)
            .map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]")))
            .unwrap_or_default(),
        _ => format!(
            " at {}: expected {}, found {}",
            if path.is_empty() { "." } else { path },
            shown(a),
            shown(b)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::{CheckError, verify};
    use crate::edit::Editor;
    use crate::route::Route;
    use crate::yaml;

    const OLD: &str = "\
name: a # the service
image: x/a:1
additionalContainers:
  - name: envoy
    image: 'e:1'
  - name: agent # keep me
    image: g:1
";

    /// `new` checked against OLD changed by one set of envoy's image.
    fn check(new: &str) -> Result<(), CheckError> {
        let doc = yaml::parse(OLD.to_string()).unwrap();
        let mut ed = Editor::new(&doc);
        let envoy = Route::root(0).key("additionalContainers").index(0);
        ed.set(&envoy, &["image"], "e:2", |_| false).unwrap();
        let edit = ed.finish().unwrap();
        verify(&doc, new.to_string(), &edit.patches).map(|_| ())
    }

    #[test]
    fn the_change_itself_passes() {
        check(&OLD.replace("'e:1'", "'e:2'")).unwrap();
    }

    /// Same data, other text: our reader cannot see these, the text check must.
    #[test]
    fn untouched_entries_must_keep_their_text() {
        for (new, what) in [
            (
                OLD.replace("'e:1'", "'e:2'").replace(" # the service", ""),
                "`name`",
            ),
            (
                OLD.replace("'e:1'", "'e:2'").replace(" # keep me", ""),
                "`additionalContainers` entry `agent`",
            ),
            (
                OLD.replace("'e:1'", "'e:2'").replace("g:1", "\"g:1\""),
                "`additionalContainers` entry `agent`",
            ),
        ] {
            match check(&new) {
                Err(CheckError::TextChanged { what: w, .. }) => assert_eq!(w, what, "{new}"),
                other => panic!("not refused as changed text: {other:?}\n{new}"),
            }
        }
    }

    #[test]
    fn a_data_change_elsewhere_is_refused() {
        let new = OLD.replace("'e:1'", "'e:2'").replace("g:1", "g:2");
        assert!(matches!(check(&new), Err(CheckError::Differs { .. })));
    }

    /// A writer that agrees with our reader but not with YAML 1.1 readers (kubectl, PyYAML)
    /// must be refused: each case is a good edit, then the same edit with one value written
    /// otherwise, which YAML 1.2 reads the same and YAML 1.1 does not.
    #[test]
    fn a_value_written_otherwise_for_yaml_1_1_readers_is_refused() {
        use crate::edit::{Entry, apply_splices, copy_entry};
        use std::sync::Arc;

        let source = Arc::new(
            yaml::parse(
                "volumes:\n- name: tls\n  secret: {secretName: tls, defaultMode: 0400, optional: no}\n"
                    .to_string(),
            )
            .unwrap(),
        );
        let list = Route::root(0).key("volumes");
        let target = yaml::parse("volumes:\n- name: data\n  emptyDir: {}\n".to_string()).unwrap();
        let copied = copy_entry(&source, &list, 0).expect("copies as text");
        let sourced = Entry::sourced(copied.value().unwrap(), &source, list.index(0));
        let new = Entry::Data(serde_json::json!({"name": "cfg", "readOnly": "yes"}));
        for (entry, good, bad) in [
            (&copied, "defaultMode: 0400", "defaultMode: 400"),
            (&copied, "optional: no", "optional: \"no\""),
            (&sourced, "defaultMode: 0400", "defaultMode: 400"),
            (&sourced, "optional: no", "optional: \"no\""),
            (&new, "readOnly: \"yes\"", "readOnly: yes"),
        ] {
            let mut ed = Editor::new(&target);
            ed.append(&list, entry).unwrap();
            let edit = ed.finish().unwrap();
            let text = apply_splices(&target.text, &edit.splices);
            assert!(text.contains(good), "{text}");
            verify(&target, text.clone(), &edit.patches).expect("the good text passes");
            match verify(&target, text.replace(good, bad), &edit.patches) {
                Err(CheckError::Differs { at }) => assert!(at.contains("YAML 1.1"), "{at}"),
                other => panic!("`{bad}` not refused: {other:?}"),
            }
        }
    }

    /// A route through a plain key that YAML 1.1 reads as no string (`no:`, a service named
    /// `no`) reaches that key in the YAML 1.1 reading too.
    #[test]
    fn a_change_under_a_key_yaml_1_1_reads_otherwise_passes() {
        use crate::edit::apply_splices;
        let old =
            yaml::parse("services:\n  no:\n    image: a:1\n  on: {image: b:1}\n".into()).unwrap();
        let mut ed = Editor::new(&old);
        for (key, image) in [("no", "a:2"), ("on", "b:2")] {
            let at = Route::root(0).keys(&["services", key]);
            ed.set(&at, &["image"], image, |_| false).unwrap();
            ed.set(&at, &["resources", "cpu"], "0400", |_| false)
                .unwrap();
        }
        let edit = ed.finish().unwrap();
        let text = apply_splices(&old.text, &edit.splices);
        verify(&old, text, &edit.patches).expect("passes");
    }

    /// Data from a JSON file means what JSON says (`1e3` is a number): written into YAML it is
    /// spelled so both YAML versions read that number, and the check expects just that.
    #[test]
    fn data_from_json_is_written_as_its_json_value() {
        use crate::edit::{Entry, apply_splices};
        use std::sync::Arc;
        let json = Arc::new(
            yaml::parse_json(r#"{"l": [{"name": "a", "uid": 1e3, "on": true}]}"#.to_string())
                .unwrap(),
        );
        let list = Route::root(0).key("l");
        let entry = Entry::sourced(
            yaml::to_value(&json, json.node_at(&list.index(0)).unwrap()).unwrap(),
            &json,
            list.index(0),
        );
        let target = yaml::parse("l:\n- name: b\n".to_string()).unwrap();
        let mut ed = Editor::new(&target);
        ed.append(&list, &entry).unwrap();
        let edit = ed.finish().unwrap();
        let text = apply_splices(&target.text, &edit.splices);
        assert!(text.contains("uid: 1000.0"), "{text}");
        verify(&target, text, &edit.patches).expect("passes");
    }
}
