//! `sources:` of the project file (SPEC §8): which other places that hold sidecars a project
//! reads, each on unless set to `false` (`sources: {kustomize: false}`).

use crate::diagnostic::{Code, Diagnostic};
use crate::model::Reader;
use crate::yaml::{Kind, Node};

/// The `sources` mapping of the project file's root, as (name, on) pairs in file order.
pub(super) fn read_sources<'a>(r: &mut Reader<'a>, root: &'a Node) -> Vec<(String, bool)> {
    let doc = r.doc;
    let Some(node) = doc.get(root, "sources").filter(|n| !n.is_null()) else {
        return Vec::new();
    };
    let Some(map) = r.map(node, "sources") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (name, _, value) in doc.entries(map) {
        match (&value.kind, value.as_str()) {
            (Kind::Scalar { .. }, Some("true")) => out.push((name.to_string(), true)),
            (Kind::Scalar { .. }, Some("false")) => out.push((name.to_string(), false)),
            _ => r.errors.push(Diagnostic::error(
                Code::YamlWrongType,
                r.file,
                Some((value.line, value.column)),
                format!("`sources.{name}` must be true or false"),
            )),
        }
    }
    out
}
