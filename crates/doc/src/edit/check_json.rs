//! The write check of a JSON file, in time proportional to what changed: a Console project
//! file holds thousands of services, and reading all of them twice into data for every edit
//! would cost more than the edit. Every value a patch reaches is compared as data (the old value
//! with the patches applied against the new one); everything else must keep its exact text,
//! which for JSON means the same data, and is a check that does not trust our reader.

use std::collections::HashSet;

use super::error::CheckError;
use super::patch::{self, Patch};
use super::splice::Splice;
use crate::route::{Route, Step};
use crate::yaml::{self, Document, Kind, Node};

/// Parses `new_text` and checks it against `old` changed by `patches`.
pub(super) fn verify(
    old: &Document,
    new_text: String,
    patches: &[Patch],
) -> Result<Document, CheckError> {
    let new = yaml::parse_json(new_text).map_err(|e| CheckError::Unparsable {
        message: e.message,
        line: e.line,
        column: e.column,
    })?;
    // Each patch is checked at the object that holds what it changes (the deepest one the old
    // file has), so a key or a list that comes or goes is part of the comparison.
    let targets = targets(old, patches);
    let prefixes: HashSet<&[Step]> = targets
        .iter()
        .flat_map(|t| (0..t.len()).map(move |n| &t[..n]))
        .collect();
    let walk = Walk {
        old,
        new: &new,
        patches,
        targets: &targets,
        prefixes: &prefixes,
    };
    walk.compare(&old.root, &new.root, &mut Vec::new())?;
    Ok(new)
}

/// The same check without the whole new text, or reading it: each value a patch reaches (the
/// outermost, when one holds another) is made again from its old text and the splices inside
/// it, read on its own and compared as data; every splice must lie inside one of them, so the
/// text between them is the old text. A JSON value whose text is replaced by the text of
/// another JSON value leaves the file JSON, so the whole new text is valid JSON without being
/// parsed. (A Console project file of tens of megabytes is then never held twice to be checked.)
pub(super) fn verify_spliced(
    old: &Document,
    splices: &[Splice],
    patches: &[Patch],
) -> Result<(), CheckError> {
    // Each patch's target, found once: (path, node, the patch).
    let mut found: Vec<(Vec<Step>, &Node, &Patch)> = patches
        .iter()
        .map(|p| {
            let (path, node) = target(old, p);
            (path, node, p)
        })
        .collect();
    found.sort_by_key(|(_, n, _)| (n.start, std::cmp::Reverse(n.end)));
    // The outermost targets in text order, each with the patches inside it.
    let mut outer: Vec<(&Vec<Step>, &Node, Vec<&Patch>)> = Vec::new();
    for (path, node, p) in &found {
        match outer.last_mut() {
            Some((_, o, list))
                if node.start < o.end || (node.start, node.end) == (o.start, o.end) =>
            {
                list.push(p)
            }
            _ => outer.push((path, node, vec![p])),
        }
    }
    // The splices inside each outer span; one before a span or after the last is outside.
    let mut next = splices.iter().peekable();
    let old_text = old.text.as_str();
    for (path, node, local) in &outer {
        let (start, end) = (node.start, node.end);
        if let Some(s) = next.peek().filter(|s| s.start < start) {
            return Err(outside(old_text, s.start));
        }
        let mut inside = Vec::new();
        while let Some(s) = next.peek() {
            if s.start > end || (s.start == end && s.end > end) {
                break;
            }
            if s.end > end {
                return Err(outside(old_text, s.start));
            }
            inside.push(Splice::new(s.start - start, s.end - start, s.with.clone()));
            next.next();
        }
        let text = super::apply_splices(&old_text[start..end], &inside);
        let new = yaml::parse_json(text).map_err(|e| CheckError::Unparsable {
            message: e.message,
            line: e.line,
            column: e.column,
        })?;
        compare_data(old, node, &new, &new.root, path, local)?;
    }
    if let Some(s) = next.next() {
        return Err(outside(old_text, s.start));
    }
    Ok(())
}

fn outside(text: &str, pos: usize) -> CheckError {
    CheckError::TextChanged {
        what: "text outside the changed values".into(),
        line: text[..pos.min(text.len())]
            .bytes()
            .filter(|b| *b == b'\n')
            .count()
            + 1,
    }
}

/// The paths of the objects that hold what the patches change (the deepest the old file has).
fn targets(old: &Document, patches: &[Patch]) -> HashSet<Vec<Step>> {
    patches.iter().map(|p| target(old, p).0).collect()
}

/// The path and node of the object that holds what `p` changes (the deepest the old file has).
fn target<'d>(old: &'d Document, p: &Patch) -> (Vec<Step>, &'d Node) {
    let route = match p {
        Patch::Set { route, .. } => route,
        Patch::Insert { list, .. } | Patch::Remove { list, .. } => list,
    };
    let mut path = route.path.clone();
    path.pop();
    loop {
        if let Some(node) = old.node_at(&at(&path)) {
            return (path, node);
        }
        path.pop();
    }
}

fn at(path: &[Step]) -> Route {
    Route {
        doc: 0,
        path: path.to_vec(),
    }
}

struct Walk<'a> {
    old: &'a Document,
    new: &'a Document,
    patches: &'a [Patch],
    targets: &'a HashSet<Vec<Step>>,
    prefixes: &'a HashSet<&'a [Step]>,
}

impl Walk<'_> {
    fn compare(&self, o: &Node, n: &Node, path: &mut Vec<Step>) -> Result<(), CheckError> {
        let name = |path: &[Step]| {
            let shown = at(path).in_file(1).to_string();
            if shown.is_empty() { ".".into() } else { shown }
        };
        if self.targets.contains(path.as_slice()) {
            let all: Vec<&Patch> = self.patches.iter().collect();
            return compare_data(self.old, o, self.new, n, path, &all);
        }
        if !self.prefixes.contains(path.as_slice()) {
            // Untouched: the same text is the same data.
            if self.old.text[o.start..o.end] == self.new.text[n.start..n.end] {
                return Ok(());
            }
            return Err(CheckError::TextChanged {
                what: format!("`{}`", name(path)),
                line: o.line,
            });
        }
        match (&o.kind, &n.kind) {
            (Kind::Map { entries: a, .. }, Kind::Map { entries: b, .. }) if a.len() == b.len() => {
                for ((ok, ov), (nk, nv)) in a.iter().zip(b) {
                    let key = ok.as_str().unwrap_or_default();
                    if nk.as_str() != Some(key) {
                        return Err(differs(&format!("{}.{key}", name(path)), "a key moved"));
                    }
                    path.push(Step::Key(key.to_string()));
                    self.compare(ov, nv, path)?;
                    path.pop();
                }
                Ok(())
            }
            (Kind::Seq { items: a, .. }, Kind::Seq { items: b, .. }) if a.len() == b.len() => {
                for (i, (ov, nv)) in a.iter().zip(b).enumerate() {
                    path.push(Step::Index(i));
                    self.compare(ov, nv, path)?;
                    path.pop();
                }
                Ok(())
            }
            _ => Err(differs(&name(path), "its entries changed")),
        }
    }
}

/// The old value with the patches below `path` applied must be the new value.
fn compare_data(
    old: &Document,
    o: &Node,
    new: &Document,
    n: &Node,
    path: &[Step],
    patches: &[&Patch],
) -> Result<(), CheckError> {
    let scope = Route {
        doc: 0,
        path: path.to_vec(),
    };
    let local: Vec<Patch> = patches.iter().filter_map(|p| p.under(&scope)).collect();
    let unreadable = |e: yaml::ValueError| CheckError::Unreadable(e.message);
    let mut expected = [yaml::to_value(old, o).map_err(unreadable)?];
    patch::apply(&mut expected, &local);
    let actual = yaml::to_value(new, n).map_err(unreadable)?;
    if expected[0] == actual {
        Ok(())
    } else {
        let shown = at(path).in_file(1).to_string();
        Err(differs(
            if shown.is_empty() { "." } else { &shown },
            "the data is not the old data with the change applied",
        ))
    }
}

fn differs(at: &str, what: &str) -> CheckError {
    CheckError::Differs {
        at: format!(" at {at}: {what}"),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const OLD: &str = "{\n  \"services\": {\n    \"a\": {\"cpu\": \"1\", \"n\": 1},\n    \"b\": {\"cpu\": \"2\"}\n  }\n}\n";

    fn set_a_cpu() -> Vec<Patch> {
        let route = Route::root(0).keys(&["services", "a", "cpu"]);
        vec![Patch::Set {
            route,
            value: json!("5"),
            yaml11: None,
        }]
    }

    /// `OLD` with each `from` (which must occur once) replaced by its `to`, as splices.
    fn splice(edits: &[(&str, &str)]) -> (Vec<Splice>, String) {
        let mut splices: Vec<Splice> = edits
            .iter()
            .map(|(from, to)| {
                let at = OLD.find(from).expect("in OLD");
                Splice::new(at, at + from.len(), *to)
            })
            .collect();
        splices.sort_by_key(|s| s.start);
        let new = super::super::apply_splices(OLD, &splices);
        (splices, new)
    }

    /// The patched change, plus `from` replaced by `to`.
    fn check(from: &str, to: &str) -> Result<(), CheckError> {
        let old = yaml::parse_json(OLD.into()).unwrap();
        let mut edits = vec![(from, to)];
        if !from.contains("\"1\"") {
            edits.push(("\"1\"", "\"5\""));
        }
        let (splices, _) = splice(&edits);
        verify_spliced(&old, &splices, &set_a_cpu())
    }

    #[test]
    fn the_change_the_patches_describe_passes() {
        check("\"1\"", "\"5\"").expect("the patched value");
        let old = yaml::parse_json(OLD.into()).unwrap();
        let (_, new) = splice(&[("\"1\"", "\"5\"")]);
        verify(&old, new, &set_a_cpu()).expect("the whole-file check agrees");
    }

    #[test]
    fn other_changes_are_refused() {
        // Another value of the same object, another service, the file's layout, broken JSON.
        assert!(matches!(
            check("\"n\": 1", "\"n\": 2"),
            Err(CheckError::Differs { .. })
        ));
        assert!(matches!(
            check("\"1\"", "\"6\""),
            Err(CheckError::Differs { .. })
        ));
        assert!(matches!(
            check("\"2\"", "\"3\""),
            Err(CheckError::TextChanged { .. })
        ));
        assert!(matches!(
            check("{\n  \"services\"", "{\n\t\"services\""),
            Err(CheckError::TextChanged { .. })
        ));
        assert!(matches!(
            check("\"1\", \"n\"", "\"5\",, \"n\""),
            Err(CheckError::Unparsable { .. })
        ));
        assert!(matches!(
            check("\"1\", \"n\"", "\"5\", \"cpu\": \"5\", \"n\""),
            Err(CheckError::Unparsable { .. })
        ));
    }
}
