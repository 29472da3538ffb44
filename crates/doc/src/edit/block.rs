//! Replacing the text a literal block scalar holds: a document written inside another file's
//! value (a kustomization's inline `patch: |-`) is edited on its own, and its new text goes
//! back here. The header (indicator, chomping, explicit indentation), the indentation of the
//! content, the file's line ends and every byte outside the content's lines stay.

use granit_parser::ScalarStyle;
use serde_json::Value;

use super::editor::{Editor, shape};
use super::error::EditError;
use super::extent::{block_header, line_end};
use super::patch::Patch;
use super::splice::Splice;
use crate::route::Route;
use crate::yaml::{Kind, Node};

impl Editor<'_> {
    /// The literal block scalar at `at` (`|`, `|-`, `|+`, `|2-`…) comes to hold `value`. Refused
    /// for any other scalar (its quoting would change), and when `value` ends otherwise than the
    /// old value (its line breaks at the end are the header's chomping, which stays).
    pub fn set_block_text(&mut self, at: &Route, value: &str) -> Result<(), EditError> {
        let what = format!("`{}`", self.name(at));
        let node = self.node(at)?;
        self.refuse_shared(node.start, &what)?;
        let Kind::Scalar {
            style: ScalarStyle::Literal,
            value: old,
            ..
        } = &node.kind
        else {
            return shape(format!(
                "{what} is not a literal block scalar (`|`): edit it by hand"
            ));
        };
        if old == value {
            return Ok(());
        }
        let (old_body, new_body) = (old.trim_end_matches('\n'), value.trim_end_matches('\n'));
        if old.len() - old_body.len() != value.len() - new_body.len() || new_body.is_empty() {
            return shape(format!(
                "{what}: the new text would end otherwise than its header keeps; edit it by hand"
            ));
        }
        let text = self.text();
        let Some((from, to, indent)) = content(text, node, old_body) else {
            return shape(format!("{what}: its lines are not indented alike"));
        };
        let nl = if text[from..to].contains("\r\n") || text[..from].ends_with("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let pad = " ".repeat(indent);
        let lines: Vec<String> = new_body
            .split('\n')
            .map(|l| match l.is_empty() {
                true => String::new(),
                false => format!("{pad}{l}"),
            })
            .collect();
        self.splices.push(Splice::new(from, to, lines.join(nl)));
        self.patches.push(Patch::Set {
            route: at.clone(),
            value: Value::String(value.to_string()),
            yaml11: None,
        });
        Ok(())
    }
}

/// The byte range of the lines holding `body` (the scalar's value without its final line
/// breaks), without the last one's line break, and the indentation of those lines. None when a
/// line does not read as its part of the value.
fn content(text: &str, node: &Node, body: &str) -> Option<(usize, usize, usize)> {
    // The node starts at its indicator, or (as some readers place it) at its first line.
    let header_end = match text[node.start..].starts_with('|') {
        true => node.start,
        false => block_header(text, node)?.2,
    };
    let from = line_end(text, header_end);
    let mut at = from;
    let mut indent = None;
    for want in body.split('\n') {
        let end = line_end(text, at);
        let line = text[at..end].trim_end_matches('\n').trim_end_matches('\r');
        if !want.is_empty() {
            let own = line.len().checked_sub(want.len())?;
            let (pad, rest) = line.split_at(own);
            if rest != want || pad.bytes().any(|b| b != b' ') || *indent.get_or_insert(own) != own {
                return None;
            }
        }
        at = end;
    }
    let last = text[..at]
        .trim_end_matches('\n')
        .trim_end_matches('\r')
        .len();
    Some((from, last.max(from), indent?))
}

#[cfg(test)]
mod tests {
    use crate::edit::{Editor, apply_splices, verify};
    use crate::route::Route;
    use crate::yaml;

    fn set(text: &str, route: &Route, value: &str) -> Result<String, String> {
        let doc = yaml::parse_stream(text.to_string()).map_err(|e| e.to_string())?;
        let mut ed = Editor::new(&doc);
        ed.set_block_text(route, value).map_err(|e| e.to_string())?;
        let edit = ed.finish().map_err(|e| e.to_string())?;
        let after = apply_splices(&doc.text, &edit.splices);
        verify(&doc, after.clone(), &edit.patches).map_err(|e| e.to_string())?;
        Ok(after)
    }

    fn patch() -> Route {
        Route::root(0).key("patches").index(0).key("patch")
    }

    #[test]
    fn the_header_the_indentation_and_every_other_byte_stay() {
        let t = "patches:\n  - patch: |-\n      kind: Deployment\n      spec:\n        x: 1\n    target: {kind: Deployment}  # all\n";
        let want = "patches:\n  - patch: |-\n      kind: Deployment\n      spec:\n        x: 2\n\n        y: 3\n    target: {kind: Deployment}  # all\n";
        let got = set(t, &patch(), "kind: Deployment\nspec:\n  x: 2\n\n  y: 3");
        assert_eq!(got.as_deref(), Ok(want));
    }

    #[test]
    fn clip_keep_explicit_indentation_and_crlf() {
        let t = "patches:\n- patch: |\n    a: 1\n    b: 2\n- path: x.yaml\n";
        let want = "patches:\n- patch: |\n    a: 1\n    b: 3\n- path: x.yaml\n";
        assert_eq!(set(t, &patch(), "a: 1\nb: 3\n").as_deref(), Ok(want));
        let t = "patches:\n- patch: |+\n    a: 1\n\n- path: x.yaml\n";
        let want = "patches:\n- patch: |+\n    a: 2\n\n- path: x.yaml\n";
        assert_eq!(set(t, &patch(), "a: 2\n\n").as_deref(), Ok(want));
        let t = "patches:\n- patch: |2-\n      - a\n    b: 1\n";
        let want = "patches:\n- patch: |2-\n      - c\n    b: 1\n";
        assert_eq!(set(t, &patch(), "  - c\nb: 1").as_deref(), Ok(want));
        let t = "patches:\r\n  - patch: |-\r\n      a: 1\r\n      b: 2\r\nimages: []\r\n";
        let want =
            "patches:\r\n  - patch: |-\r\n      a: 1\r\n      b: 2\r\n      c: 3\r\nimages: []\r\n";
        assert_eq!(set(t, &patch(), "a: 1\nb: 2\nc: 3").as_deref(), Ok(want));
    }

    #[test]
    fn a_file_ending_in_the_scalar_without_a_line_break_stays_so() {
        let t = "patches:\n  - patch: |-\n      a: 1";
        let want = "patches:\n  - patch: |-\n      a: 1\n      b:\n        - 2";
        assert_eq!(set(t, &patch(), "a: 1\nb:\n  - 2").as_deref(), Ok(want));
    }

    #[test]
    fn what_the_header_cannot_hold_is_refused() {
        let t = "patches:\n- patch: |-\n    a: 1\n";
        assert!(set(t, &patch(), "a: 2\n").is_err());
        let t = "patches:\n- patch: \"a: 1\\n\"\n";
        assert!(set(t, &patch(), "a: 2\n").is_err());
    }
}
