//! The labels of a workload, as selections read them: a mapping of names to values (a
//! Kubernetes object's `metadata.labels`, a Mia service file's `labels`), or a list of
//! `{name, value}` entries (a Console service's `labels`).

use crate::yaml::{Document, Kind, Node};

/// The labels under `node` (a mapping or a `{name, value}` list), in file order; anything else
/// (missing, null, a scalar) holds none. A value that is not text (`tier: 1`) is its text as
/// written: a selector compares text.
pub fn read(doc: &Document, node: Option<&Node>) -> Vec<(String, String)> {
    let Some(node) = node.map(|n| doc.resolve(n)) else {
        return Vec::new();
    };
    match &node.kind {
        Kind::Map { .. } => doc
            .entries(node)
            .into_iter()
            .filter_map(|(key, _, value)| Some((key.to_string(), text(doc, value)?)))
            .collect(),
        Kind::Seq { .. } => doc
            .items(node)
            .into_iter()
            .filter_map(|entry| {
                let name = doc.get(entry, "name")?.as_str()?;
                let value = doc.get(entry, "value").and_then(|v| text(doc, v));
                Some((name.to_string(), value.unwrap_or_default()))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A scalar's text; a null is the empty value (`app:`), as Kubernetes reads it.
fn text(doc: &Document, node: &Node) -> Option<String> {
    let node = doc.resolve(node);
    match node.is_null() {
        true => Some(String::new()),
        false => node.as_str().map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_and_a_list_of_entries_read_alike() {
        let doc = crate::yaml::parse("labels: {app: cart, tier: 1, empty: }\n".into()).unwrap();
        let labels = read(&doc, doc.get(&doc.root, "labels"));
        let want = [("app", "cart"), ("tier", "1"), ("empty", "")];
        assert_eq!(labels, want.map(|(k, v)| (k.to_string(), v.to_string())));
        let json =
            r#"{"labels": [{"name": "app", "value": "cart"}, {"name": "x"}, {"value": "y"}]}"#;
        let doc = crate::yaml::parse_json(json.into()).unwrap();
        let labels = read(&doc, doc.get(&doc.root, "labels"));
        let want = [("app", "cart"), ("x", "")];
        assert_eq!(labels, want.map(|(k, v)| (k.to_string(), v.to_string())));
        assert!(read(&doc, None).is_empty());
    }
}
