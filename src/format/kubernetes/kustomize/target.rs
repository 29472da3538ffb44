//! A patch's `target:` selector, as kustomize matches it: each field given must match; `name`
//! and `namespace` are regular expressions of the whole value; the label and annotation
//! selectors take kubectl's equality-based syntax (`a=b,c!=d,e,!f`) and `in`/`notin` sets.

use regex::Regex;

use crate::yaml::{Document, Node};

/// A resource a target may reach: what kustomize matches on.
#[derive(Debug, Clone, Default)]
pub struct Resource {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub labels: Vec<(String, String)>,
    pub annotations: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct Target {
    group: Option<String>,
    version: Option<String>,
    kind: Option<String>,
    name: Option<Matcher>,
    namespace: Option<Matcher>,
    labels: Option<String>,
    annotations: Option<String>,
}

/// A regular expression of a whole value; text that is no valid expression matches itself.
#[derive(Debug, Clone)]
enum Matcher {
    Regex(Regex),
    Text(String),
}

impl Matcher {
    fn new(text: &str) -> Self {
        match Regex::new(&format!("^(?:{text})$")) {
            Ok(r) => Self::Regex(r),
            Err(_) => Self::Text(text.to_string()),
        }
    }

    fn is_match(&self, s: &str) -> bool {
        match self {
            Self::Regex(r) => r.is_match(s),
            Self::Text(t) => t == s,
        }
    }
}

impl Target {
    /// The selector at `node` (a mapping).
    pub fn read(doc: &Document, node: &Node) -> Self {
        let text = |key: &str| {
            doc.get(node, key)
                .and_then(Node::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Self {
            group: text("group"),
            version: text("version"),
            kind: text("kind"),
            name: text("name").map(|n| Matcher::new(&n)),
            namespace: text("namespace").map(|n| Matcher::new(&n)),
            labels: text("labelSelector"),
            annotations: text("annotationSelector"),
        }
    }

    pub fn matches(&self, r: &Resource) -> bool {
        let eq = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
        eq(&self.group, &r.group)
            && eq(&self.version, &r.version)
            && eq(&self.kind, &r.kind)
            && self.name.as_ref().is_none_or(|m| m.is_match(&r.name))
            && self
                .namespace
                .as_ref()
                .is_none_or(|m| m.is_match(r.namespace.as_deref().unwrap_or("default")))
            && self.labels.as_deref().is_none_or(|s| selects(s, &r.labels))
            && self
                .annotations
                .as_deref()
                .is_none_or(|s| selects(s, &r.annotations))
    }
}

/// Whether `pairs` satisfy the selector `sel`.
pub fn selects(sel: &str, pairs: &[(String, String)]) -> bool {
    let get = |k: &str| pairs.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    requirements(sel).iter().all(|req| {
        let req = req.trim();
        if let Some((key, rest)) = set_op(req) {
            let (negate, values) = rest;
            let inside = get(key).is_some_and(|v| values.contains(&v));
            return if negate { !inside } else { inside };
        }
        if let Some((k, v)) = req.split_once("!=") {
            return get(k.trim()) != Some(v.trim());
        }
        if let Some((k, v)) = req.split_once("==").or_else(|| req.split_once('=')) {
            return get(k.trim()) == Some(v.trim());
        }
        match req.strip_prefix('!') {
            Some(k) => get(k.trim()).is_none(),
            None => req.is_empty() || get(req).is_some(),
        }
    })
}

/// The comma-separated requirements of a selector (commas inside `( )` belong to a set).
fn requirements(sel: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, b) in sel.bytes().enumerate() {
        match b {
            b'(' => depth += 1,
            b')' => depth -= 1,
            b',' if depth == 0 => {
                out.push(&sel[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&sel[start..]);
    out
}

/// `key in (a,b)` / `key notin (a,b)`: the key, whether it is `notin`, and the values.
fn set_op(req: &str) -> Option<(&str, (bool, Vec<&str>))> {
    let open = req.find('(')?;
    let close = req.rfind(')')?;
    let head: Vec<&str> = req[..open].split_whitespace().collect();
    let [key, op] = head.as_slice() else {
        return None;
    };
    let negate = match *op {
        "in" => false,
        "notin" => true,
        _ => return None,
    };
    let values = req[open + 1..close].split(',').map(str::trim).collect();
    Some((key, (negate, values)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn selectors_as_kubectl_reads_them() {
        let l = pairs(&[("app", "cart"), ("tier", "web")]);
        assert!(selects("app=cart", &l));
        assert!(selects("app==cart,tier", &l));
        assert!(!selects("app!=cart", &l));
        assert!(selects("!mesh", &l));
        assert!(selects("tier in (web, api)", &l));
        assert!(!selects("tier notin (web)", &l));
        assert!(!selects("app=orders", &l));
    }

    #[test]
    fn names_are_whole_regular_expressions() {
        let m = Matcher::new("cart|orders");
        assert!(m.is_match("cart"));
        assert!(!m.is_match("cart-v2"));
        assert!(Matcher::new(".*-api").is_match("orders-api"));
    }
}
