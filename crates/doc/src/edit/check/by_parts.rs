//! The data check without converting whole documents: a bulk edit of ten thousand workloads
//! changes one small part of each, and converting every document twice into plain data was a
//! third of the edit's time.
//!
//! Each patch changes the data inside one node of the old document (its scope): the value it
//! sets (or the deepest node on the way to it, when it adds keys), or the mapping holding the
//! list it rebuilds. Each scope is compared as plain data, exactly as the whole-document check
//! does; everything outside the scopes must be the same node for node (same scalars, written the
//! same way). When this cannot tell — anchors, a difference anywhere — the whole-document check
//! decides, and words the error.

use crate::edit::patch::{self, Patch};
use crate::route::Route;
use crate::yaml::{self, Document, Kind, Node, Schema};

/// Whether `new` certainly holds `old`'s data changed by `patches`; `false` when it differs or
/// this check cannot tell.
pub(super) fn same_data(old: &Document, new: &Document, patches: &[Patch]) -> bool {
    if old.has_anchors() || new.has_anchors() || old.documents() != new.documents() {
        return false;
    }
    // The scopes of each document, and the patches inside each scope: a file of thousands of
    // documents is compared document by document, not scope by scope.
    let scopes = scopes(old, patches);
    let mut by_doc: Vec<Vec<(&Route, Vec<Patch>)>> = vec![Vec::new(); old.documents()];
    for scope in &scopes {
        if let Some(d) = by_doc.get_mut(scope.doc) {
            d.push((scope, Vec::new()));
        }
    }
    for p in patches {
        let Some((inside, p)) = by_doc.get_mut(p.route().doc).and_then(|d| {
            d.iter_mut()
                .find_map(|(s, inside)| p.under(s).map(|p| (inside, p)))
        }) else {
            return false;
        };
        inside.push(p);
    }
    old.roots()
        .zip(new.roots())
        .zip(&by_doc)
        .all(|((o, n), scopes)| {
            let mut nodes = Vec::with_capacity(scopes.len());
            for (scope, inside) in scopes {
                let (Some(os), Some(ns)) = (old.node_at(scope), new.node_at(scope)) else {
                    return false;
                };
                // As we read YAML, and as YAML 1.1 readers do (see `check::same_data`); the
                // second reading is the first when neither side holds a value they read
                // otherwise and no patch means one.
                let yaml11 = yaml::may_read_otherwise(os)
                    || yaml::may_read_otherwise(ns)
                    || inside.iter().any(Patch::has_yaml11);
                let schemas: &[Schema] = match yaml11 {
                    true => &[Schema::Core, Schema::Yaml11],
                    false => &[Schema::Core],
                };
                for &schema in schemas {
                    let (Ok(mut want), Ok(got)) = (
                        yaml::to_value_as(old, os, schema),
                        yaml::to_value_as(new, ns, schema),
                    ) else {
                        return false;
                    };
                    patch::apply_as(std::slice::from_mut(&mut want), inside, schema);
                    if want != got {
                        return false;
                    }
                }
                nodes.push(os);
            }
            // Everything else is compared node for node.
            same_outside(o, n, &nodes)
        })
}

/// Where a patch's data change is contained: the value a set replaces, or the mapping holding
/// the list a rebuild changes (it may take the list's key out).
fn target(p: &Patch) -> Route {
    let route = p.route();
    let keep = match p {
        Patch::Set { .. } => route.path.len(),
        Patch::Insert { .. } | Patch::Remove { .. } => route.path.len().saturating_sub(1),
    };
    Route {
        doc: route.doc,
        path: route.path[..keep].to_vec(),
    }
}

/// The scopes of `patches`: for each, the deepest node of `old` on the way to its target; none
/// inside another.
fn scopes(old: &Document, patches: &[Patch]) -> Vec<Route> {
    let mut all: Vec<Route> = patches
        .iter()
        .map(|p| {
            let mut scope = target(p);
            while old.node_at(&scope).is_none() && scope.path.pop().is_some() {}
            scope
        })
        .collect();
    all.sort_by_key(|r| (r.doc, r.path.len()));
    let mut out: Vec<Route> = Vec::new();
    for r in all {
        // Sorted by document: only the last ones kept can hold it.
        let inside = out
            .iter()
            .rev()
            .take_while(|o| o.doc == r.doc)
            .any(|o| r.path.starts_with(&o.path));
        if !inside {
            out.push(r);
        }
    }
    out
}

/// Whether `o` and `n` are the same outside `scopes` (nodes of `o`'s document, compared apart).
/// A node leads to a scope when the scope's text lies within its own.
fn same_outside(o: &Node, n: &Node, scopes: &[&Node]) -> bool {
    if scopes.iter().any(|s| std::ptr::eq(*s, o)) {
        return true;
    }
    if !scopes.iter().any(|s| o.start <= s.start && s.end <= o.end) {
        return same_node(o, n);
    }
    match (&o.kind, &n.kind) {
        (Kind::Map { entries: a, .. }, Kind::Map { entries: b, .. }) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|((ka, va), (kb, vb))| same_node(ka, kb) && same_outside(va, vb, scopes))
        }
        (Kind::Seq { items: a, .. }, Kind::Seq { items: b, .. }) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_outside(x, y, scopes))
        }
        _ => same_node(o, n),
    }
}

/// Whether two nodes hold the same data written the same way (flow or block aside): same
/// scalars with the same style and tag, in the same order. Stricter than equal data.
fn same_node(a: &Node, b: &Node) -> bool {
    match (&a.kind, &b.kind) {
        (
            Kind::Scalar {
                value: va,
                style: sa,
                tag: ta,
            },
            Kind::Scalar {
                value: vb,
                style: sb,
                tag: tb,
            },
        ) => va == vb && sa == sb && ta == tb,
        (Kind::Map { entries: x, .. }, Kind::Map { entries: y, .. }) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| same_node(ka, kb) && same_node(va, vb))
        }
        (Kind::Seq { items: x, .. }, Kind::Seq { items: y, .. }) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_node(a, b))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::same_data;
    use crate::edit::patch::Patch;
    use crate::route::Route;
    use crate::yaml::parse_stream;

    fn check(old: &str, new: &str, patches: &[Patch]) -> bool {
        let old = parse_stream(old.to_string()).expect("old parses");
        let new = parse_stream(new.to_string()).expect("new parses");
        same_data(&old, &new, patches)
    }

    fn set_image(doc: usize) -> Patch {
        Patch::Set {
            route: Route::root(doc)
                .keys(&["spec", "containers"])
                .index(1)
                .key("image"),
            value: json!("envoy:2"),
            yaml11: None,
        }
    }

    const OLD: &str = "spec:\n  containers:\n  - name: app\n    image: app:1\n  - name: envoy\n    image: envoy:1\n---\nkind: Service\nspec: {ports: [80]}\n";

    #[test]
    fn a_change_exactly_as_patched_passes() {
        let new = OLD.replace("envoy:1", "envoy:2");
        assert!(check(OLD, &new, &[set_image(0)]));
    }

    #[test]
    fn a_change_outside_the_patched_parts_is_seen() {
        let new = OLD.replace("envoy:1", "envoy:2").replace("app:1", "app:9");
        assert!(!check(OLD, &new, &[set_image(0)]));
        let new = OLD.replace("envoy:1", "envoy:2").replace("[80]", "[81]");
        assert!(!check(OLD, &new, &[set_image(0)]));
    }

    #[test]
    fn a_patched_part_with_other_data_is_seen() {
        let new = OLD.replace("envoy:1", "envoy:3");
        assert!(!check(OLD, &new, &[set_image(0)]));
        let new = OLD.replace("envoy:1", "envoy:2\n    args: [x]");
        assert!(!check(OLD, &new, &[set_image(0)]));
    }

    #[test]
    fn a_list_rebuilt_around_set_items_is_one_part() {
        // The removal of item 0 and the set of item 1 refer to the original list.
        let patches = [
            set_image(0),
            Patch::Remove {
                list: Route::root(0).keys(&["spec", "containers"]),
                index: 0,
                drop_empty_key: true,
            },
        ];
        let new = "spec:\n  containers:\n  - name: envoy\n    image: envoy:2\n---\nkind: Service\nspec: {ports: [80]}\n";
        assert!(check(OLD, new, &patches));
        let wrong = new.replace("envoy:2", "envoy:1");
        assert!(!check(OLD, &wrong, &patches));
    }

    #[test]
    fn a_set_under_missing_mappings_is_compared_from_the_deepest_existing_node() {
        let patch = Patch::Set {
            route: Route::root(0).keys(&["spec", "resources", "limits", "cpu"]),
            value: json!("1"),
            yaml11: None,
        };
        let old = "spec:\n  image: x\n";
        assert!(check(
            old,
            "spec:\n  image: x\n  resources:\n    limits:\n      cpu: \"1\"\n",
            std::slice::from_ref(&patch)
        ));
        assert!(!check(
            old,
            "spec:\n  image: x\n  resources:\n    limits:\n      cpu: 1\n",
            &[patch]
        ));
    }

    #[test]
    fn anchors_are_left_to_the_full_check() {
        let old = "a: &x 1\nb: *x\n";
        let patch = Patch::Set {
            route: Route::root(0).key("c"),
            value: json!(2),
            yaml11: None,
        };
        assert!(!check(old, "a: &x 1\nb: *x\nc: 2\n", &[patch]));
    }
}
